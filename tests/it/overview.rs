//! The flerårsöversikt of an årsredovisning: the example's five years against its own
//! statements; five years of SIE files written here, every figure of the table computed here
//! from the years this test wrote; a year missing; a year that does not open where the year
//! before ended; a nyckeltal year that disagrees with the books.

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;

use crate::support::{
    Reported, arshjul, described, forbund, kr, pdf_text, repo, reported, tables_html,
};

/// A share as the PDF prints it: one decimal, rounded half away from zero, `85,6 %`.
fn percent(share: Decimal) -> String {
    let p = (share * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{} %", format!("{p:.1}").replace('.', ","))
}

/// An amount as messages give it: whole kronor, or with öre where it has any (`1 234,50 kr`),
/// a no-break space between thousands and before the unit.
fn said(value: Decimal) -> String {
    let whole = kr(value.trunc());
    let text = if value.fract().is_zero() {
        whole
    } else {
        let ore = (value.fract().abs() * Decimal::ONE_HUNDRED).round();
        format!("{whole},{ore:02}")
    };
    format!("{text} kr").replace(' ', "\u{a0}")
}

/// The row of the flerårsöversikt named `name`, as the PDF's text has it, from the table's head
/// (the years) on.
fn row<'a>(pdf: &'a str, head: &str, name: &str) -> &'a str {
    let table = &pdf[pdf
        .find(head)
        .unwrap_or_else(|| panic!("{head:?} not in {pdf}"))..];
    let at = table
        .find(&format!(" {name} "))
        .unwrap_or_else(|| panic!("{name} not in {table}"));
    &table[at + 1..]
}

// -- the example ----------------------------------------------------------------------------

/// `#IB`, `#UB` and `#RES` of a year of an SIE text, read here: (tag, index) → account → amount.
fn records(text: &str) -> BTreeMap<(String, i32), BTreeMap<u32, Decimal>> {
    let mut out: BTreeMap<(String, i32), BTreeMap<u32, Decimal>> = BTreeMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if let [tag @ ("#IB" | "#UB" | "#RES"), year, account, amount, ..] = fields.as_slice() {
            *out.entry(((*tag).to_owned(), year.parse().unwrap()))
                .or_default()
                .entry(account.parse().unwrap())
                .or_default() += amount.parse::<Decimal>().unwrap();
        }
    }
    out
}

#[test]
fn the_example_prints_five_years_whose_last_two_are_its_statements() {
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo().join("content"), &project.path().join("content"));
    let document = "sjobygden/arsredovisning-2019";
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", document]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    let pdf = pdf_text(&project.path().join(format!("build/{document}.pdf")));
    let head = "2019 2018 2017 2016 2015 Intäkter";
    assert!(pdf.contains(head), "{pdf}");
    // The statements of the same PDF: the result of both years in the resultaträkning, eget
    // kapital, summa tillgångar and likvida medel at both year ends in the balansräkning.
    let after = |label: &str| -> String {
        let from = pdf
            .find(label)
            .unwrap_or_else(|| panic!("{label} not in {pdf}"));
        pdf[from + label.len()..]
            .split_whitespace()
            .take_while(|w| w.chars().all(|c| c.is_ascii_digit() || c == '−'))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let equity = after("S:a Eget kapital ");
    let cash = after("LIKVIDA MEDEL VID ÅRETS SLUT ");
    let assets = after("SUMMA TILLGÅNGAR ");
    assert!(
        !equity.is_empty() && !cash.is_empty() && !assets.is_empty(),
        "{pdf}"
    );
    assert!(
        row(&pdf, head, "Eget kapital").starts_with(&format!("Eget kapital {equity} ")),
        "{equity}\n{pdf}"
    );
    assert!(
        row(&pdf, head, "Likvida medel").starts_with(&format!("Likvida medel {cash} ")),
        "{cash}\n{pdf}"
    );
    // The result, computed here from the books, in both tables.
    let dir = repo().join("content").join(document);
    let text: String = std::fs::read(dir.join("bokforing.se"))
        .unwrap()
        .iter()
        .map(|b| if b.is_ascii() { char::from(*b) } else { '?' })
        .collect();
    let books = records(&text);
    let profit = |index: i32| -> Decimal {
        -books[&("#RES".to_owned(), index)]
            .iter()
            .filter(|(a, _)| **a != 8999)
            .map(|(_, v)| *v)
            .sum::<Decimal>()
    };
    let result = format!("{} {}", kr(profit(0)), kr(profit(-1)));
    assert!(
        row(&pdf, head, "Årets resultat").starts_with(&format!("Årets resultat {result} ")),
        "{result}\n{pdf}"
    );
    let statement = after("ÅRETS RESULTAT ");
    assert!(
        statement.contains(&kr(profit(0))) && statement.ends_with(&kr(profit(-1))),
        "{statement:?}\n{pdf}"
    );
    // Soliditet from the printed eget kapital and summa tillgångar of both years.
    let numbers = |s: &str| -> Vec<Decimal> {
        let words: Vec<&str> = s.split(' ').collect();
        // Two amounts of thousands: split where the year ends' figures part.
        let n = words.len() / 2;
        [&words[..n], &words[n..]]
            .iter()
            .map(|w| w.concat().replace('−', "-").parse().unwrap())
            .collect()
    };
    let (e, a) = (numbers(&equity), numbers(&assets));
    let solidity = format!(
        "Soliditet {} {}",
        percent(e[0] / a[0]),
        percent(e[1] / a[1])
    );
    assert!(
        row(&pdf, head, "Soliditet").starts_with(&solidity),
        "{solidity}\n{pdf}"
    );
    // The web edition's table: the same figures, soliditet as a percentage.
    let html = std::fs::read_to_string(project.path().join(format!("build/{document}.html")))
        .map(|h| tables_html(&h))
        .unwrap()
        .replace('\u{a0}', " ");
    assert!(
        html.contains("<caption>Flerårsöversikt (kr)</caption>"),
        "{html}"
    );
    let first = |figures: &str| figures.split(' ').take(3).collect::<Vec<_>>().join(" ");
    for (name, figure) in [
        ("Eget kapital", first(&equity)),
        ("Soliditet", percent(e[0] / a[0])),
    ] {
        let cell = format!("<th scope=\"row\">{name}</th><td class=\"tal\">{figure}</td>");
        assert!(html.contains(&cell), "{cell}\n{html}");
    }
    // The three years before from the nyckeltal file, 2017 ending where the books' 2018 starts.
    assert!(
        row(&pdf, head, "Eget kapital").contains(&format!(
            "{} 1 000 000 905 000",
            kr(-books[&("#IB".to_owned(), -1)]
                .range(2000..=2099)
                .map(|(_, v)| *v)
                .sum::<Decimal>())
        )),
        "{pdf}"
    );
}

// -- five years of SIE files written here ----------------------------------------------------

/// One year of the books this test writes: every amount chosen here.
#[derive(Clone)]
struct Books {
    year: i32,
    /// #IB and #UB by account, in the accounts' signs.
    opening: BTreeMap<u32, Decimal>,
    closing: BTreeMap<u32, Decimal>,
    /// #RES by account, the closing entry (8999) among them.
    result: BTreeMap<u32, Decimal>,
}

impl Books {
    fn profit(&self) -> Decimal {
        -self
            .result
            .iter()
            .filter(|(a, _)| **a != 8999)
            .map(|(_, v)| *v)
            .sum::<Decimal>()
    }

    fn sum(map: &BTreeMap<u32, Decimal>, accounts: std::ops::RangeInclusive<u32>) -> Decimal {
        map.range(accounts).map(|(_, v)| *v).sum()
    }

    fn revenue(&self) -> Decimal {
        -(Self::sum(&self.result, 3000..=3999) + Self::sum(&self.result, 8000..=8399))
    }

    fn costs(&self) -> Decimal {
        -(Self::sum(&self.result, 4000..=7999) + Self::sum(&self.result, 8400..=8998))
    }

    /// Eget kapital at the year's end: 2000–2099, the result booked on 2099.
    fn equity(&self) -> Decimal {
        -Self::sum(&self.closing, 2000..=2099)
    }

    fn assets(&self) -> Decimal {
        Self::sum(&self.closing, 1000..=1999)
    }

    fn cash(&self) -> Decimal {
        Self::sum(&self.closing, 1900..=1999)
    }

    fn contributions(&self) -> Decimal {
        -Self::sum(&self.result, 3010..=3019)
    }

    /// The records of year `index`.
    fn lines(&self, index: i32) -> String {
        let mut out = String::new();
        for (tag, map) in [
            ("#IB", &self.opening),
            ("#UB", &self.closing),
            ("#RES", &self.result),
        ] {
            for (account, amount) in map {
                out.push_str(&format!("{tag} {index} {account} {amount}\n"));
            }
        }
        out
    }
}

/// Five closed years, 2015–2019, each opening where the one before ended.
fn five_years() -> Vec<Books> {
    let mut years = Vec::new();
    let mut equity = Decimal::from(800_000);
    let mut opening: BTreeMap<u32, Decimal> = BTreeMap::from([
        (1510, Decimal::from(45_000)),
        (1930, Decimal::from(852_000)),
        (2091, Decimal::from(-800_000)),
        (2440, Decimal::from(-97_000)),
    ]);
    for k in 0..5i64 {
        let d = Decimal::from;
        let mut result = BTreeMap::from([
            (3010, d(-2_000_000 - 50_000 * k)),
            (3012, d(-1_000_000 - 25_000 * k)),
            (8310, Decimal::new(-100_000 - 12_345 * k, 2)),
            (4010, d(2_100_000 + 40_000 * k)),
            (5010, d(300_000 + 1_000 * k)),
            (7010, d(560_000 - 7_000 * k * k)),
        ]);
        let profit = -result.values().copied().sum::<Decimal>();
        result.insert(8999, profit);
        let receivables = d(50_000 + 5_000 * k);
        let payables = d(100_000 + 3_000 * k);
        let closing = BTreeMap::from([
            (1510, receivables),
            (1930, equity + profit + payables - receivables),
            (2091, -equity),
            (2099, -profit),
            (2440, -payables),
        ]);
        years.push(Books {
            year: 2015 + i32::try_from(k).unwrap(),
            opening: opening.clone(),
            closing: closing.clone(),
            result,
        });
        equity += profit;
        opening = closing;
    }
    years
}

const KONTON: &str = "#KONTO 1510 \"Kundfordringar\"\n#KONTO 1930 \"Bank\"\n#KONTO 2091 \"Balanserat resultat\"\n#KONTO 2099 \"Årets resultat\"\n#KONTO 2440 \"Leverantörsskulder\"\n#KONTO 3010 \"Bidrag från staten\"\n#KONTO 3012 \"Bidrag från kommunerna\"\n#KONTO 4010 \"Köpta insatser\"\n#KONTO 5010 \"Lokalhyra\"\n#KONTO 7010 \"Löner\"\n#KONTO 8310 \"Ränteintäkter\"\n#KONTO 8999 \"Årets resultat\"\n";

/// A project with the årsredovisning 2019 `DOC` whose narrative is `body`, and its folder.
fn annual_report(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    forbund(dir.path(), "Förbundet");
    let doc = dir.path().join(DOC);
    std::fs::create_dir_all(&doc).unwrap();
    std::fs::write(
        doc.join("index.md"),
        format!(
            "---\ntyp: årsredovisning\ntitel: Årsredovisning 2019\ndatum: 2020-02-20\n---\n{body}"
        ),
    )
    .unwrap();
    (dir, doc)
}

/// An SIE file of `year`, with the year before as year −1 where given.
fn sie(year: &Books, before: Option<&Books>) -> String {
    let mut text = format!(
        "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN \"Förbundet\"\n#RAR 0 {0}0101 {0}1231\n",
        year.year
    );
    if let Some(b) = before {
        text.push_str(&format!("#RAR -1 {0}0101 {0}1231\n", b.year));
    }
    text.push_str(KONTON);
    text.push_str(&year.lines(0));
    if let Some(b) = before {
        text.push_str(&b.lines(-1));
    }
    text
}

const DOC: &str = "content/fbd/arsredovisning-2019";

/// A project with an årsredovisning 2019 whose books are `bokforing.se` (2019 and 2018) and
/// whose folder holds the SIE files of 2015–2018 (`bokforing-2016.se`, …), and a nyckeltal file
/// that names the members' contributions' accounts.
fn project(years: &[Books]) -> tempfile::TempDir {
    let (dir, doc) = annual_report(
        "# Förvaltningsberättelse\n\n## Översikt över verksamhetens utveckling\n\n{{ tabell(namn=\"flerarsoversikt\") }}\n",
    );
    std::fs::write(
        doc.join("bokforing.yaml"),
        "typ: sie\nfil: bokforing.se\nkontoplan: bas\n",
    )
    .unwrap();
    std::fs::write(
        doc.join("nyckeltal.yaml"),
        "typ: nyckeltal\nkonton: { medlemsbidrag: [\"3010-3019\"] }\n",
    )
    .unwrap();
    let (last, earlier) = years.split_last().unwrap();
    std::fs::write(doc.join("bokforing.se"), sie(last, earlier.last())).unwrap();
    for year in earlier {
        std::fs::write(
            doc.join(format!("bokforing-{}.se", year.year)),
            sie(year, None),
        )
        .unwrap();
    }
    dir
}

/// How the test computes a row's figure from a year's books.
type Figure = dyn Fn(&Books) -> String;

fn build(dir: &Path) -> (i32, String, String) {
    described(&arshjul(dir, &["build"]))
}

#[test]
fn five_years_of_sie_files_give_every_figure_of_the_table() {
    let years = five_years();
    let dir = project(&years);
    let (code, stdout, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    let pdf = pdf_text(&dir.path().join("build/fbd/arsredovisning-2019.pdf"));
    let head = "2019 2018 2017 2016 2015 Intäkter";
    let newest_first: Vec<&Books> = years.iter().rev().collect();
    let rows: [(&str, &Figure); 7] = [
        ("Intäkter", &|b| kr(b.revenue())),
        ("Kostnader", &|b| kr(b.costs())),
        ("Årets resultat", &|b| kr(b.profit())),
        ("Eget kapital", &|b| kr(b.equity())),
        ("Soliditet", &|b| percent(b.equity() / b.assets())),
        ("Likvida medel", &|b| kr(b.cash())),
        ("Medlemsbidrag", &|b| kr(b.contributions())),
    ];
    for (name, figure) in rows {
        let expected = format!(
            "{name} {}",
            newest_first
                .iter()
                .map(|b| figure(b))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(
            row(&pdf, head, name).starts_with(&expected),
            "{expected}\n{pdf}"
        );
    }
    // Every year is a year of its own: the results differ, and intäkter carry öre.
    assert!(years.windows(2).all(|w| w[0].profit() != w[1].profit()));
    assert!(!years[1].revenue().fract().is_zero());
    // The current year is the resultaträkning's.
    let statement = &pdf[pdf.find("ÅRETS RESULTAT").unwrap()..];
    assert!(statement.contains(&kr(years[4].profit())), "{statement}");
}

#[test]
fn a_year_missing_is_said_under_the_table_and_as_a_warning() {
    let years = five_years();
    let dir = project(&years);
    std::fs::remove_file(dir.path().join(DOC).join("bokforing-2016.se")).unwrap();
    let (code, stdout, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // The warning at the narrative's tabell(...), naming the year and how to add it.
    assert!(stderr.contains("flerårsöversikten saknar 2016"), "{stderr}");
    assert!(stderr.contains(&format!("{DOC}/index.md:10:")), "{stderr}");
    assert!(stderr.contains("bokforing-2016.se"), "{stderr}");
    assert!(stderr.contains("typ: nyckeltal"), "{stderr}");
    let pdf = pdf_text(&dir.path().join("build/fbd/arsredovisning-2019.pdf"));
    // Four years, and the note under the table.
    let head = "2019 2018 2017 2015 Intäkter";
    let equity = format!(
        "Eget kapital {} {} {} {}",
        kr(years[4].equity()),
        kr(years[3].equity()),
        kr(years[2].equity()),
        kr(years[0].equity())
    );
    assert!(
        row(&pdf, head, "Eget kapital").starts_with(&equity),
        "{pdf}"
    );
    assert!(pdf.contains("Uppgifter för 2016 saknas."), "{pdf}");
}

#[test]
fn a_year_that_does_not_open_where_the_year_before_ended_is_a_located_error() {
    let years = five_years();
    let dir = project(&years);
    // 2017's opening eget kapital 1 000 kr less than 2016's closing (its balances still sum to
    // zero: the 1 000 kr are moved to leverantörsskulder).
    let file = dir.path().join(DOC).join("bokforing-2017.se");
    let text = std::fs::read_to_string(&file).unwrap();
    let (balanced, payables) = (years[2].opening[&2091], years[2].opening[&2440]);
    let moved = Decimal::from(1000);
    let changed = text
        .replace(
            &format!("#IB 0 2091 {balanced}\n"),
            &format!("#IB 0 2091 {}\n", balanced + moved),
        )
        .replace(
            &format!("#IB 0 2440 {payables}\n"),
            &format!("#IB 0 2440 {}\n", payables - moved),
        );
    assert_ne!(changed, text);
    let line = changed
        .lines()
        .position(|l| l.starts_with("#IB 0 2091"))
        .unwrap()
        + 1;
    std::fs::write(&file, changed).unwrap();
    let message = format!(
        "eget kapital vid 2016 års slut är {} i bokforing-2016.se, men 2017 års ingående eget kapital är {} i bokforing-2017.se",
        said(years[1].equity()),
        said(years[1].equity() - moved)
    );
    one_difference(
        dir.path(),
        &message,
        &format!("{DOC}/bokforing-2017.se:{line}:1"),
        (years[1].equity(), years[1].equity() - moved),
    );
}

/// `check` fails with one error: `message`, at `place` (`file:line:`).
fn one_error(dir: &Path, message: &str, place: &str) {
    let (code, _, stderr) = described(&arshjul(dir, &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(message), "{message}\n{stderr}");
    assert!(stderr.contains(place), "{place}\n{stderr}");
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");
}

/// `check` fails with one error, a difference between two figures in kronor: `message` and
/// `, skillnad Z` after it, at `place` (`file:line:column`), and `check --meddelanden=json`
/// gives its kind with both figures (`first` said first, `second` compared with it).
fn one_difference(dir: &Path, message: &str, place: &str, (first, second): (Decimal, Decimal)) {
    let difference = first - second;
    one_error(
        dir,
        &format!(
            "fel: {message}, skillnad {}\n  --> {place}\n",
            said(difference)
        ),
        place,
    );
    let (_, stdout, _) = described(&arshjul(dir, &["check", "--meddelanden=json"]));
    let errors: Vec<Reported> = reported(&stdout)
        .into_iter()
        .filter(|r| r.slag != "övrigt")
        .collect();
    assert_eq!(
        errors,
        [Reported {
            slag: "skillnad".to_owned(),
            place: place.to_owned(),
            figures: Some((first, second, difference, "kr".into())),
        }],
        "{stdout}"
    );
}

#[test]
fn a_nyckeltal_year_that_disagrees_with_the_books_is_a_located_error() {
    let years = five_years();
    let dir = project(&years);
    let wrong = years[3].profit() + Decimal::from(1000);
    std::fs::write(
        dir.path().join(DOC).join("nyckeltal.yaml"),
        format!(
            "typ: nyckeltal\nkonton: {{ medlemsbidrag: [\"3010-3019\"] }}\når:\n  2018:\n    årets_resultat: {wrong}\n    likvida_medel: {}\n",
            years[3].cash()
        ),
    )
    .unwrap();
    let message = format!(
        "årets resultat 2018 är {} i nyckeltal.yaml, men bokforing.se (föregående år) ger {}",
        said(wrong),
        said(years[3].profit())
    );
    // The figure written as the books have it (likvida medel) is no error.
    one_difference(
        dir.path(),
        &message,
        &format!("{DOC}/nyckeltal.yaml:5:21"),
        (wrong, years[3].profit()),
    );
}

#[test]
fn a_nyckeltal_figure_that_disagrees_is_a_difference_with_both_figures() {
    let years = five_years();
    let dir = project(&years);
    let nyckeltal = dir.path().join(DOC).join("nyckeltal.yaml");
    let written = |year: &str| {
        std::fs::write(
            &nyckeltal,
            format!("typ: nyckeltal\nkonton: {{ medlemsbidrag: [\"3010-3019\"] }}\når:\n{year}"),
        )
        .unwrap();
    };
    // Summa tillgångar 2018, 500 kr more than the books' year −1.
    let assets = years[3].assets() + Decimal::from(500);
    written(&format!("  2018:\n    summa_tillgångar: {assets}\n"));
    one_difference(
        dir.path(),
        &format!(
            "summa tillgångar 2018 är {} i nyckeltal.yaml, men bokforing.se (föregående år) ger {}",
            said(assets),
            said(years[3].assets())
        ),
        &format!("{DOC}/nyckeltal.yaml:5:23"),
        (assets, years[3].assets()),
    );
    // A year without books whose result is not its intäkter and kostnader: against them.
    std::fs::remove_file(dir.path().join(DOC).join("bokforing-2016.se")).unwrap();
    written("  2016: { intäkter: 3000000, kostnader: -2900000, årets_resultat: 100500 }\n");
    one_difference(
        dir.path(),
        "årets resultat 2016 är 100\u{a0}500\u{a0}kr, men intäkter 3\u{a0}000\u{a0}000\u{a0}kr och kostnader \u{2212}2\u{a0}900\u{a0}000\u{a0}kr ger 100\u{a0}000\u{a0}kr",
        &format!("{DOC}/nyckeltal.yaml:4:67"),
        (Decimal::from(100_500), Decimal::from(100_000)),
    );
}

// -- hand-written statements ------------------------------------------------------------------

/// A resultaträkning and a balansräkning for 2019 in `doc`, in `enhet`, their amounts the
/// kronor of the flerårsöversikt tests divided by `per`: intäkter 3 000 000, kostnader
/// 2 900 000, eget kapital 800 000 at the start and 900 000 at the end.
fn hand_written_statements(doc: &std::path::Path, enhet: &str, per: i64) {
    let year = "räkenskapsår: { från: 2019-01-01, till: 2019-12-31 }";
    let a = |kr: i64| kr / per;
    std::fs::write(
        doc.join("resultatrakning.yaml"),
        format!(
            "typ: resultaträkning\nenhet: {enhet}\n{year}\nkolumner: [utfall]\nrader:\n  - grupp: Medlemsbidrag\n    rader:\n      - {{ post: Staten, utfall: {} }}\n      - {{ post: Kommunerna, utfall: {} }}\n  - {{ post: Insatser, utfall: {} }}\n  - {{ post: Kansli, utfall: {} }}\n",
            a(2_000_000),
            a(1_000_000),
            a(-2_600_000),
            a(-300_000)
        ),
    )
    .unwrap();
    std::fs::write(
        doc.join("balansrakning.yaml"),
        format!(
            "typ: balansräkning\nenhet: {enhet}\n{year}\ntillgångar:\n  - {{ post: Kassa och bank, ingående: {}, förändring: {} }}\n  - {{ post: Kundfordringar, ingående: {}, förändring: {} }}\neget_kapital:\n  - {{ post: Eget kapital, ingående: {}, förändring: 0 }}\n  - {{ post: Årets resultat, ingående: 0, förändring: {} }}\nskulder:\n  - {{ post: Leverantörsskulder, ingående: {}, förändring: 0 }}\n",
            a(900_000),
            a(120_000),
            a(100_000),
            a(-20_000),
            a(-800_000),
            a(-100_000),
            a(-200_000)
        ),
    )
    .unwrap();
}

#[test]
fn hand_written_statements_in_kr_or_tkr_give_the_year_and_open_where_the_nyckeltal_ended() {
    let (dir, doc) = annual_report("# Översikt\n\n{{ tabell(namn=\"flerarsoversikt\") }}\n");
    let written = |equity: &str| {
        std::fs::write(
            doc.join("nyckeltal.yaml"),
            format!("typ: nyckeltal\når:\n  2018: {{ årets_resultat: 50000, eget_kapital: {equity}, likvida_medel: 900000 }}\n"),
        )
        .unwrap();
    };
    written("800000");
    // The statements in tkr count in kronor too (900 tkr of eget kapital is 900 000 kr), and
    // 2018, written in kronor, ends where their 2019 opens.
    let mut stderr = String::new();
    for (enhet, per) in [("tkr", 1_000), ("kr", 1)] {
        hand_written_statements(&doc, enhet, per);
        let (code, stdout, said) = build(dir.path());
        assert_eq!(code, 0, "{enhet}: {stdout}\n{said}");
        stderr = said;
        let pdf = pdf_text(&dir.path().join("build/fbd/arsredovisning-2019.pdf"));
        let head = "2019 2018 Intäkter";
        for expected in [
            "Intäkter 3 000 000 Kostnader −2 900 000 Årets resultat 100 000 50 000",
            // 900 000 of 1 100 000 kronor of tillgångar.
            "Eget kapital 900 000 800 000 Soliditet 81,8 % Likvida medel 1 020 000 900 000",
            "Medlemsbidrag 3 000 000 Belopp i kr.",
        ] {
            let name = expected.split(' ').next().unwrap();
            assert!(
                row(&pdf, head, name).starts_with(expected),
                "{enhet}: {expected}\n{pdf}"
            );
        }
    }
    // What the table leaves blank is said: the years before, and 2018's intäkter.
    assert!(
        stderr.contains("flerårsöversikten saknar 2015, 2016 och 2017"),
        "{stderr}"
    );
    assert!(stderr.contains("flerårsöversikten lämnar rutor tomma: 2018 saknar intäkter, kostnader, soliditet och medlemsbidrag"), "{stderr}");
    // 2018 as written must end where the balansräkning's 2019 opens.
    written("790000");
    one_difference(
        dir.path(),
        "eget kapital vid 2018 års slut är 790\u{a0}000\u{a0}kr i nyckeltal.yaml, men 2019 års ingående eget kapital är 800\u{a0}000\u{a0}kr i balansrakning.yaml",
        &format!("{DOC}/nyckeltal.yaml:3:48"),
        (Decimal::from(790_000), Decimal::from(800_000)),
    );
    // And eget kapital moves by the year's result: 2018's 800 000 kr is not 2017's 700 000 kr
    // plus 2018's result of 50 000 kr. A difference, at 2018's eget kapital.
    std::fs::write(
        doc.join("nyckeltal.yaml"),
        "typ: nyckeltal\når:\n  2017: { eget_kapital: 700000 }\n  2018: { årets_resultat: 50000, eget_kapital: 800000, likvida_medel: 900000 }\n",
    )
    .unwrap();
    one_error(
        dir.path(),
        "eget kapital 2018 (800\u{a0}000\u{a0}kr) är inte eget kapital 2017 (700\u{a0}000\u{a0}kr) plus årets resultat 2018 (50\u{a0}000\u{a0}kr), skillnad 50\u{a0}000\u{a0}kr",
        &format!("{DOC}/nyckeltal.yaml:4:48"),
    );
    let (_, stdout, _) = described(&arshjul(dir.path(), &["check", "--meddelanden=json"]));
    let moved = Reported {
        slag: "skillnad".to_owned(),
        place: format!("{DOC}/nyckeltal.yaml:4:48"),
        figures: Some((
            Decimal::from(800_000),
            Decimal::from(750_000),
            Decimal::from(50_000),
            "kr".into(),
        )),
    };
    assert!(
        reported(&stdout).contains(&moved),
        "missing {moved:?} in:\n{stdout}"
    );
}

#[test]
fn two_exports_of_a_year_that_disagree_are_one_located_error() {
    let years = five_years();
    let dir = project(&years);
    // The 2018 export says 1 000 kr more from the state than the books' year −1 does.
    let file = dir.path().join(DOC).join("bokforing-2018.se");
    let text = std::fs::read_to_string(&file).unwrap();
    let state = years[3].result[&3010];
    let more = Decimal::from(1000);
    let changed = text.replace(
        &format!("#RES 0 3010 {state}\n"),
        &format!("#RES 0 3010 {}\n", state - more),
    );
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let message = format!(
        "2018 i bokforing-2018.se är inte samma år som i bokforing.se (föregående år): intäkter {} mot {}, årets resultat {} mot {}",
        said(years[3].revenue() + more),
        said(years[3].revenue()),
        said(years[3].profit() + more),
        said(years[3].profit())
    );
    // At the year's #RAR in the file whose figures are not printed; what follows from the
    // year (its end against 2019's start) is not said again.
    one_error(
        dir.path(),
        &message,
        &format!("{DOC}/bokforing-2018.se:5:1"),
    );
}

/// An årsredovisning's kassaflödesanalys comes from its hand-written statements; when the
/// balansräkning names no likvida medel there is none, and the ekonom is told why, at the
/// balansräkning.
#[test]
fn an_annual_report_without_likvida_medel_is_told_it_gets_no_kassaflodesanalys() {
    let (dir, doc) = annual_report("# Text\n\nText.\n");
    hand_written_statements(&doc, "kr", 1);
    let (code, stdout, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("ingen kassaflödesanalys"), "{stderr}");
    let balance = doc.join("balansrakning.yaml");
    let text = std::fs::read_to_string(&balance).unwrap();
    std::fs::write(&balance, text.replace("Kassa och bank", "Placeringar")).unwrap();
    let (code, stdout, stderr) = build(dir.path());
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "varning: årsredovisningen får ingen kassaflödesanalys: balansräkningen har ingen rad för likvida medel\n  --> {DOC}/balansrakning.yaml\n"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("`id: likvida_medel`"), "{stderr}");
}
