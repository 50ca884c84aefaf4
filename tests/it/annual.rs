//! The årsredovisning: a closed year's SIE export with two years (the project's own fixture and
//! SIE-gruppen's test files), its statements and kassaflödesanalys against figures computed here
//! from the file's lines, the located error when a balance is changed by hand, and signatures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::support::{
    MissingKey, UnknownName, arshjul, described, fixture, kr, missing_keys, pdf_text, unknown_names,
};

/// `#IB`, `#UB` and `#RES` of one year, read here from the file's lines.
#[derive(Default)]
struct Year {
    opening: BTreeMap<u32, Decimal>,
    closing: BTreeMap<u32, Decimal>,
    result: BTreeMap<u32, Decimal>,
}

impl Year {
    /// The year's result, a profit positive: every result account but the closing entry's 8999.
    fn profit(&self) -> Decimal {
        -self
            .result
            .iter()
            .filter(|(a, _)| **a >= 3000 && **a != 8999)
            .map(|(_, v)| *v)
            .sum::<Decimal>()
    }

    fn sum(map: &BTreeMap<u32, Decimal>, from: u32, to: u32) -> Decimal {
        map.range(from..=to).map(|(_, v)| *v).sum()
    }

    /// Likvida medel (1900–1999) at the start and at the end.
    fn cash(&self) -> (Decimal, Decimal) {
        (
            Self::sum(&self.opening, 1900, 1999),
            Self::sum(&self.closing, 1900, 1999),
        )
    }
}

/// Years 0 and −1 of an SIE text.
fn years(text: &str) -> (Year, Year) {
    let (mut this, mut last) = (Year::default(), Year::default());
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if let [tag @ ("#IB" | "#UB" | "#RES"), year, account, amount, ..] = fields.as_slice() {
            let year = match *year {
                "0" => &mut this,
                "-1" => &mut last,
                _ => continue,
            };
            let map = match *tag {
                "#IB" => &mut year.opening,
                "#UB" => &mut year.closing,
                _ => &mut year.result,
            };
            *map.entry(account.parse().unwrap()).or_default() += amount.parse::<Decimal>().unwrap();
        }
    }
    (this, last)
}

fn cp437(bytes: &[u8]) -> String {
    // The files' amounts and tags are ASCII; their names may be CP437, which the sums ignore.
    bytes
        .iter()
        .map(|b| if b.is_ascii() { char::from(*b) } else { '?' })
        .collect()
}

const DOCUMENT: &str = "content/sjo/ar2019";

#[test]
fn a_closed_year_from_sie_agrees_with_figures_computed_from_the_file() {
    let dir = fixture("arsredovisning");
    let text = cp437(&std::fs::read(dir.path().join(DOCUMENT).join("bokforing.se")).unwrap());
    let (this, last) = years(&text);
    // The year is closed: read as it stands, 8999 would make the result 0.
    assert!(this.result.contains_key(&8999));
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = pdf_text(&dir.path().join("build/sjo/ar2019.pdf"));
    let (start, end) = this.cash();
    let (start_last, end_last) = last.cash();
    // Prose quotes resultaträkning and kassaflödesanalys by name, both years.
    let prose = format!(
        "Årets resultat är {} kr, föregående år {} kr",
        kr(this.profit()),
        kr(last.profit())
    );
    assert!(pdf.contains(&prose), "{prose}\n{pdf}");
    let flow = format!(
        "Årets kassaflöde är {} kr, föregående år {} kr",
        kr(end - start),
        kr(end_last - start_last)
    );
    assert!(pdf.contains(&flow), "{flow}\n{pdf}");
    // The kassaflödesanalys: likvida medel at both ends of both years.
    let cash = format!("{} {}", kr(end), kr(end_last));
    assert!(pdf.contains(&cash), "{cash}\n{pdf}");
    let cash = format!("{} {}", kr(start), kr(start_last));
    assert!(pdf.contains(&cash), "{cash}\n{pdf}");
    // Investments: the change in anläggningstillgångar plus the year's avskrivningar (7832).
    let fixed = Year::sum(&this.closing, 1000, 1399) - Year::sum(&this.opening, 1000, 1399);
    let investment = -(fixed + Year::sum(&this.result, 7700, 7899));
    assert!(!investment.is_zero());
    assert!(
        pdf.contains(&format!(
            "Investering i anläggningstillgångar {}",
            kr(investment)
        )),
        "{pdf}"
    );
    // The balansräkning at both year ends: summa tillgångar.
    for total in [
        Year::sum(&this.closing, 1000, 1999),
        Year::sum(&this.opening, 1000, 1999),
    ] {
        assert!(pdf.contains(&kr(total)), "{}\n{pdf}", kr(total));
    }
    // The result appears once in the balansräkning, as Årets resultat, and not as 0.
    let from = pdf.rfind("Balansräkning").unwrap();
    let to = pdf.rfind("Kassaflödesanalys").unwrap();
    let balance = &pdf[from..to];
    assert_eq!(balance.matches("Årets resultat").count(), 1, "{balance}");
    let row = &balance[balance.find("Årets resultat").unwrap()..];
    assert!(row[..60].contains(&kr(this.profit())), "{row}");
    // A note on a row the books make (`noter:` on the `typ: sie`): a number and a Noter section.
    assert!(
        pdf.contains("Noter Not 1 Ett företagskonto i bank."),
        "{pdf}"
    );
    // The resultaträkning's föregående år column (after the avvikelse, as published), and the
    // signatures.
    assert!(
        pdf.contains("Budget jan–dec 2019 Utfall jan–dec 2019 Avvikelse Utfall jan–dec 2018"),
        "{pdf}"
    );
    assert!(pdf.contains("Sjöby den 20 februari 2020"), "{pdf}");
    assert!(
        pdf.contains("Anna Lindqvist Ordförande Utsedd av Sjöby kommun Bertil Ekström"),
        "{pdf}"
    );
}

#[test]
fn a_balance_changed_by_hand_breaks_the_cash_flow_at_its_place() {
    let dir = fixture("arsredovisning");
    let file = dir.path().join(DOCUMENT).join("bokforing.se");
    let text = std::fs::read(&file).unwrap();
    let changed = cp437(&text).replace("#UB 0 1510 60000", "#UB 0 1510 61000");
    assert_ne!(changed, cp437(&text));
    std::fs::write(&file, changed).unwrap();
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("kassaflödesanalysen 2019: årets kassaflöde"),
        "{stderr}"
    );
    assert!(stderr.contains("skillnad −1\u{a0}000\u{a0}kr"), "{stderr}");
    // Located at the data file's `fil:`, line 2.
    assert!(
        stderr.contains(&format!("{DOCUMENT}/bokforing.yaml:2:")),
        "{stderr}"
    );
}

#[test]
fn signatures_without_a_board_are_a_located_error() {
    let dir = fixture("arsredovisning");
    let forbund = dir.path().join("content/sjo/forbund.yaml");
    let text = std::fs::read_to_string(&forbund).unwrap();
    let cut = text.find("styrelse:").unwrap();
    std::fs::write(&forbund, &text[..cut]).unwrap();
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr
            .contains("fel: `underskrifter` kräver en styrelse: forbund.yaml saknar `styrelse`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tips: lägg till `styrelse: [{ namn: ..., roll: ordförande, utsedd_av: ... }]` i forbund.yaml"),
        "{stderr}"
    );
    let (_, stdout, _) = described(&arshjul(dir.path(), &["check", "--meddelanden=json"]));
    assert_eq!(
        missing_keys(&stdout),
        [MissingKey::new(
            &format!("{DOCUMENT}/index.md:6:16"),
            "forbund.yaml",
            None,
            "styrelse",
            &[]
        )],
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("{DOCUMENT}/index.md:6:")),
        "{stderr}"
    );
    // A ledamot without a name, and a misspelt key, in forbund.yaml.
    std::fs::write(
        &forbund,
        format!(
            "{}styrelse:\n  - {{ roll: ordförande }}\n  - {{ namn: B, rol: ledamot }}\n",
            &text[..cut]
        ),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("ledamoten saknar `namn`"), "{stderr}");
    assert!(
        stderr.contains("tips: skriv `{ namn: ..., roll: ..., utsedd_av: ... }`"),
        "{stderr}"
    );
    assert!(stderr.contains("menade du `roll`?"), "{stderr}");
    let (_, stdout, _) = described(&arshjul(dir.path(), &["check", "--meddelanden=json"]));
    assert_eq!(
        missing_keys(&stdout),
        [MissingKey::new(
            "content/sjo/forbund.yaml:9:5",
            "ledamot",
            None,
            "namn",
            &[]
        )],
        "{stdout}"
    );
}

fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/sie")
        .join(name);
    if path.is_file() {
        return Some(path);
    }
    eprintln!("hoppar över: {} saknas", path.display());
    None
}

/// BAS with the accounts a test file also uses outside it (9999 Obs-konto in BL0001), so that
/// the whole year balances: a project's own `typ: kontoplan`.
const PLAN: &str = "typ: kontoplan\ngrupper:\n  - { namn: Anläggningstillgångar, avsnitt: tillgångar, konton: [\"1000-1399\"] }\n  - { namn: Fordringar, avsnitt: tillgångar, konton: [\"1400-1899\"] }\n  - { namn: Kassa och bank, avsnitt: tillgångar, konton: [\"1900-1999\"] }\n  - { namn: Eget kapital, avsnitt: eget_kapital, konton: [\"2000-2099\"] }\n  - { namn: Obeskattade reserver, avsnitt: avsättningar, konton: [\"2100-2299\"] }\n  - { namn: Kortfristiga skulder, avsnitt: skulder, konton: [\"2300-2999\"] }\n  - { namn: Rörelsens intäkter, avsnitt: resultat, konton: [\"3000-3999\"] }\n  - { namn: Rörelsens kostnader, avsnitt: resultat, konton: [\"4000-7999\"] }\n  - { namn: Finansiella poster, avsnitt: resultat, konton: [\"8000-8998\"] }\n  - { namn: Övriga konton, avsnitt: resultat, konton: [\"9000-9999\"] }\n";

/// An årsredovisning of a whole year over a shared SIE file: it builds, and the cash flow of
/// both years is the change in likvida medel the file's #IB/#UB give.
fn whole_year(name: &str, year: i32) {
    let Some(path) = shared(name) else { return };
    let bytes = std::fs::read(&path).unwrap();
    let (this, last) = years(&cp437(&bytes));
    let dir = tempfile::tempdir().unwrap();
    crate::support::forbund(dir.path(), "Samordningsförbundet Prov");
    let doc = dir.path().join("content/ar");
    std::fs::create_dir_all(&doc).unwrap();
    std::fs::write(doc.join("bokforing.se"), &bytes).unwrap();
    std::fs::write(doc.join("kontoplan.yaml"), PLAN).unwrap();
    std::fs::write(
        doc.join("bokforing.yaml"),
        // magenta's #OMFATTN says its books reach only January: the whole year builds, flagged.
        "typ: sie\nfil: bokforing.se\nkontoplan: kontoplan.yaml\nkonton: false\nofullständig: tillåt\n",
    )
    .unwrap();
    std::fs::write(
        doc.join("index.md"),
        format!("---\ntyp: årsredovisning\ntitel: Årsredovisning\ndatum: {year}-02-20\n---\n# Förvaltningsberättelse\n\nKassaflödet är {{{{ kassaflodesanalys.arets_kassaflode | kr }}}} och föregående år {{{{ kassaflodesanalys.foregaende_ar.arets_kassaflode | kr }}}}.\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("kassaflöde"), "{stderr}");
    let pdf = pdf_text(&dir.path().join("build/ar.pdf"));
    let (start, end) = this.cash();
    let (start_last, end_last) = last.cash();
    let expected = format!(
        "Kassaflödet är {} kr och föregående år {} kr.",
        kr(end - start),
        kr(end_last - start_last)
    );
    assert!(pdf.contains(&expected), "{expected}\n{pdf}");
    // An open year: its result stands once in the balansräkning, as Årets resultat.
    let from = pdf.rfind("Balansräkning").unwrap();
    let to = pdf.rfind("Kassaflödesanalys").unwrap();
    assert_eq!(pdf[from..to].matches("Årets resultat").count(), 1, "{pdf}");
}

#[test]
fn bl0001_two_years_build_and_their_cash_flow_is_the_change_in_cash() {
    whole_year("BL0001_typ4.SE", 2010);
}

#[test]
fn magenta_two_years_build_and_their_cash_flow_is_the_change_in_cash() {
    whole_year("magenta_bokforing_SIE4E.se", 2012);
}

#[test]
fn a_note_on_a_row_the_books_do_not_have_is_a_located_error() {
    let dir = fixture("arsredovisning");
    let file = dir.path().join(DOCUMENT).join("bokforing.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Kassa och bank:", "Kasa och bank:")).unwrap();
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("ingen rad i resultat- eller balansräkningen heter `Kasa och bank`"),
        "{stderr}"
    );
    assert!(stderr.contains("menade du `Kassa och bank`?"), "{stderr}");
    assert!(
        stderr.contains(&format!("{DOCUMENT}/bokforing.yaml:6:3")),
        "{stderr}"
    );
    // As its kind: an unknown row, with the nearest.
    let (_, stdout, _) = described(&arshjul(dir.path(), &["check", "--meddelanden=json"]));
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            &format!("{DOCUMENT}/bokforing.yaml:6:3"),
            "rad",
            "Kasa och bank",
            Some("Kassa och bank")
        )],
        "{stdout}"
    );
}

#[test]
fn the_narrative_can_place_the_cash_flow_itself() {
    let dir = fixture("arsredovisning");
    let index = dir.path().join(DOCUMENT).join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}\n## Kassaflöde\n\n{{{{ tabell(namn=\"kassaflodesanalys\") }}}}\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = pdf_text(&dir.path().join("build/sjo/ar2019.pdf"));
    assert_eq!(pdf.matches("ÅRETS KASSAFLÖDE").count(), 1, "{pdf}");
    // Placed in the förvaltningsberättelse, before the resultaträkning; not again by the layout.
    assert!(!pdf.contains("Indirekt metod"), "{pdf}");
    let placed = pdf.find("ÅRETS KASSAFLÖDE").unwrap();
    assert!(placed < pdf.rfind("Resultaträkning").unwrap(), "{pdf}");
}

/// `kolumner:` naming `föregående_år` on a whole year's books without #PSALDO −1: last year's
/// utfall comes from #RES −1 (as when the column is not asked for), never zeros.
#[test]
fn an_asked_for_foregaende_ar_column_of_a_whole_year_comes_from_res_minus_one() {
    let dir = fixture("arsredovisning");
    let text = std::fs::read(dir.path().join(DOCUMENT).join("bokforing.se")).unwrap();
    let (_, last) = years(&cp437(&text));
    let data = dir.path().join(DOCUMENT).join("bokforing.yaml");
    let written = std::fs::read_to_string(&data).unwrap();
    std::fs::write(
        &data,
        format!("{written}kolumner: [budget, utfall, föregående_år]\n"),
    )
    .unwrap();
    let index = dir.path().join(DOCUMENT).join("index.md");
    let prose = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{prose}\nI fjol {{{{ resultatrakning.resultat.foregaende_ar | kr }}}}.\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = pdf_text(&dir.path().join("build/sjo/ar2019.pdf"));
    let expected = format!("I fjol {} kr.", kr(last.profit()));
    assert!(pdf.contains(&expected), "{expected}\n{pdf}");
}
