//! Resultaträkning, balansräkning and charts in a delårsrapport.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::support::{
    MissingKey, Reported, UnknownName, arshjul, described, fixture, kr, missing_keys, pdf_text,
    reported, skip, skip_without, tables_html, unknown_names,
};

#[test]
fn statements_and_charts_are_printed() {
    let project = fixture("delarsrapport");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = project.path().join("build/ins/dr.pdf");
    let text = pdf_text(&pdf);
    for expected in [
        "Budget jan–aug 2018 Utfall jan–aug 2018 Avvikelse",
        "Bidrag FK/Af 5 532 000 5 352 667 −179 333",
        "Räntekostnader −187",
        "PERIODENS RESULTAT 5 452 000 5 283 267 −168 733",
        "Ingående balans Period Utgående balans",
        // 58 932 + 209 030,40 = 267 962,40: rounded only when printed.
        "Kundfordringar 58 932 209 030 267 962",
        "BERÄKNAT RESULTAT 0,00 0,00 0,00",
        "Resultatet blev 5 283 267 kr.",
        "Diagram 1: Inflöde av deltagare per kommun och kön, Premiär",
        "Mölndal 12 9",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The charts are vector graphics: no raster image in the PDF.
    match std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
    {
        Ok(images) => {
            let list = String::from_utf8_lossy(&images.stdout);
            assert_eq!(list.lines().count(), 2, "no images expected:\n{list}");
        }
        Err(_) => skip("pdfimages saknas: att diagrammen är vektorgrafik kontrolleras inte"),
    }
}

#[test]
fn a_tkr_statement_says_its_sums_in_tkr_and_is_not_compared_with_a_balance_in_kr() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/resultatrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // In tkr, with a group's written sum one tkr off.
    let text = text.replace("enhet: kr", "enhet: tkr").replace(
        "      - { post: Arvoden, budget: -80000, utfall: -69213 }\n",
        "      - { post: Arvoden, budget: -80, utfall: -69 }\n    summa: { budget: -81 }\n",
    );
    std::fs::write(&file, &text).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "fel: summan för `Rörelsens kostnader`, kolumnen budget: väntat −81\u{a0}tkr, beräknat −80\u{a0}tkr"
        ),
        "{stderr}"
    );
    // The balansräkning stays in kr: the two cannot be compared, and the document is told so
    // rather than shown a difference of figures in two units.
    assert!(
        stderr.contains(
            "fel: resultaträkningen content/ins/dr/resultatrakning.yaml är i tkr men balansräkningen content/ins/dr/balansrakning.yaml i kr"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("är inte förändringen av eget kapital"),
        "{stderr}"
    );
    let (_, stdout, _) = described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    let sum = Reported {
        slag: "fel_summa".to_owned(),
        place: "content/ins/dr/resultatrakning.yaml:13:22".to_owned(),
        figures: Some((
            Decimal::from(-81),
            Decimal::from(-80),
            Decimal::from(-1),
            "tkr".into(),
        )),
    };
    assert!(
        reported(&stdout).contains(&sum),
        "missing {sum:?} in:\n{stdout}"
    );
}

#[test]
fn an_imbalance_of_1000_kr_names_the_file_column_and_difference() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/balansrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("ingående: 58932,", "ingående: 59932,")).unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    // As a kind: the imbalance is the amount added, against 0, at the top of the file.
    let imbalance = Reported {
        slag: "skillnad".to_owned(),
        place: "content/ins/dr/balansrakning.yaml:1:1".to_owned(),
        figures: Some((
            Decimal::from(1_000),
            Decimal::ZERO,
            Decimal::from(1_000),
            "kr".into(),
        )),
    };
    assert!(
        reported(&stdout).contains(&imbalance),
        "missing {imbalance:?} in:\n{stdout}"
    );
    assert!(
        stderr.contains("balansräkningen balanserar inte i kolumnen ingående"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skillnad 1\u{a0}000\u{a0}kr\n  --> content/ins/dr/balansrakning.yaml:1:1"),
        "{stderr}"
    );
    assert!(stderr.contains("kolumnen utgående"), "{stderr}");
}

#[test]
fn a_written_utgaende_that_is_not_ingaende_plus_forandring_is_a_difference() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/balansrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let row = "{ post: Kundfordringar, ingående: 58932, förändring: 209030.40 }";
    assert!(text.contains(row), "{text}");
    // 58 932 + 209 030,40 = 267 962,40 kr: written as 267 962 kr, 0,40 kr short.
    std::fs::write(
        &file,
        text.replace(
            row,
            "{ post: Kundfordringar, ingående: 58932, förändring: 209030.40, utgående: 267962 }",
        ),
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    // As a kind: the written utgående against ingående + förändring, at the written figure
    // (line 11, the column of `267962`).
    let written = Reported {
        slag: "skillnad".to_owned(),
        place: "content/ins/dr/balansrakning.yaml:11:87".to_owned(),
        figures: Some((
            "267962".parse().unwrap(),
            "267962.40".parse().unwrap(),
            "-0.40".parse().unwrap(),
            "kr".into(),
        )),
    };
    assert!(
        reported(&stdout).contains(&written),
        "missing {written:?} in:\n{stdout}"
    );
    assert!(
        stderr.contains("`Kundfordringar`: utgående 267\u{a0}962\u{a0}kr är inte ingående 58\u{a0}932\u{a0}kr + förändring 209\u{a0}030,40\u{a0}kr = 267\u{a0}962,40\u{a0}kr, skillnad \u{2212}0,40\u{a0}kr\n  --> content/ins/dr/balansrakning.yaml:11:87"),
        "{stderr}"
    );
}

#[test]
fn a_result_that_disagrees_with_the_change_in_equity_is_an_error() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/resultatrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("utfall: -69213", "utfall: -70213")).unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    // As a kind: the period's result, 1 000 kr of costs lower than the balance sheet's change in
    // equity (the fixture's 5 283 267 kr), named at the balance sheet, which has no line for it.
    let change = Decimal::from(5_283_267);
    let result = change - Decimal::from(70_213 - 69_213);
    let disagreement = Reported {
        slag: "skillnad".to_owned(),
        place: "content/ins/dr/balansrakning.yaml:null:null".to_owned(),
        figures: Some((result, change, Decimal::from(-1_000), "kr".into())),
    };
    assert!(
        reported(&stdout).contains(&disagreement),
        "missing {disagreement:?} in:\n{stdout}"
    );
    assert!(
        stderr.contains("periodens resultat i content/ins/dr/resultatrakning.yaml (5\u{a0}282\u{a0}267\u{a0}kr) är inte förändringen av eget kapital i content/ins/dr/balansrakning.yaml (5\u{a0}283\u{a0}267\u{a0}kr), skillnad \u{2212}1\u{a0}000\u{a0}kr"),
        "{stderr}"
    );
}

#[test]
fn tecken_rapport_prints_both_sides_positive() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/balansrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("tecken: bokföring", "tecken: rapport")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    // Without `form:`, published signs get the balansräkning: a column per date.
    assert!(text.contains("Balansräkning"), "{text}");
    assert!(text.contains("2018-08-31 2017-12-31"), "{text}");
    assert!(
        text.contains("SUMMA TILLGÅNGAR 6 587 598 1 304 331"),
        "{text}"
    );
    assert!(
        text.contains("SUMMA EGET KAPITAL OCH SKULDER 6 587 598 1 304 331"),
        "{text}"
    );
    assert!(!text.contains("BERÄKNAT RESULTAT"), "{text}");
    // `form: balansrapport` keeps the three columns with published signs.
    let file = project.path().join("content/ins/dr/balansrakning.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{yaml}form: balansrapport\n")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(
        text.contains("SUMMA TILLGÅNGAR 1 304 331 5 283 267 6 587 598"),
        "{text}"
    );
}

/// Sums by (tag, account) over January–August 2018 of the fixture's SIE file, computed here from
/// its lines (#PSALDO 0, #PBUDGET 0, #PSALDO -1 for 2017; and #PBUDGET for the whole year),
/// independently of arshjul. Amounts in the books' signs.
fn insjoriket_sums(text: &str) -> BTreeMap<(String, u32), Decimal> {
    let mut sums = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if let [tag, year, period, account, "{}", amount] = f.as_slice() {
            let month: u32 = period[4..].parse().unwrap();
            let key = match (*tag, *year) {
                ("#PSALDO", "0") => "utfall",
                ("#PBUDGET", "0") => {
                    *sums
                        .entry(("budget_helår".to_owned(), account.parse().unwrap()))
                        .or_default() += amount.parse::<Decimal>().unwrap();
                    if month > 8 {
                        *sums
                            .entry(("budget_sep_dec".to_owned(), account.parse().unwrap()))
                            .or_default() += amount.parse::<Decimal>().unwrap();
                        continue;
                    }
                    "budget"
                }
                ("#PSALDO", "-1") if month <= 8 => "föregående_år",
                _ => continue,
            };
            *sums
                .entry((key.to_owned(), account.parse().unwrap()))
                .or_default() += amount.parse::<Decimal>().unwrap();
        }
    }
    sums
}

fn range_sum(sums: &BTreeMap<(String, u32), Decimal>, key: &str, from: u32, to: u32) -> Decimal {
    sums.iter()
        .filter(|((k, a), _)| k == key && (from..=to).contains(a))
        .map(|(_, v)| *v)
        .sum()
}

#[test]
fn insjoriket_books_print_the_swedish_uppstallning_with_bas() {
    let project = fixture("insjoriket-sie");
    let se = project.path().join("content/ins/dr/bokforing.se");
    let sums = insjoriket_sums(&arshjul::model::sie::decode(&std::fs::read(&se).unwrap()));
    // Statement signs: revenue positive, costs negative.
    let costs = -range_sum(&sums, "utfall", 4000, 7999);
    let budget_costs = -range_sum(&sums, "budget", 4000, 7999);
    let revenue = -range_sum(&sums, "utfall", 3000, 3999);
    let budget_revenue = -range_sum(&sums, "budget", 3000, 3999);
    let result = -range_sum(&sums, "utfall", 3000, 8999);
    assert_eq!(kr(costs), "−11 420 860");
    // Last year's result, booked on 2099 Årets resultat at the year's start.
    let last_result: Decimal = String::from_utf8_lossy(&std::fs::read(&se).unwrap())
        .lines()
        .find_map(|l| l.strip_prefix("#IB 0 2099 "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    for expected in [
        "Budget jan–aug 2018 Utfall jan–aug 2018 Avvikelse".to_owned(),
        format!(
            "S:a Rörelsens kostnader {} {} {}",
            kr(budget_costs),
            kr(costs),
            kr(costs - budget_costs)
        ),
        format!(
            "Rörelseresultat {} {} {}",
            kr(budget_revenue + budget_costs),
            kr(revenue + costs),
            kr(revenue + costs - budget_costs - budget_revenue)
        ),
        format!("Resultat efter finansiella poster 662 000 {}", kr(result)),
        format!("PERIODENS RESULTAT 662 000 {}", kr(result)),
        format!("Periodens resultat är {} kr.", kr(result)),
        // The balansräkning: the period's result inside eget kapital, as published.
        "Balansräkning".to_owned(),
        "2018-08-31 2017-12-31".to_owned(),
        "ANLÄGGNINGSTILLGÅNGAR".to_owned(),
        "S:a Omsättningstillgångar 10 130 947 6 752 798".to_owned(),
        "SUMMA TILLGÅNGAR 10 130 947 6 752 798".to_owned(),
        // At last year's end it stands at last year's result (on 2099, as BAS books it), taken
        // out of balanserat kapital, as seed 004 prints it.
        format!("Periodens resultat {} {}", kr(result), kr(-last_result)),
        format!(
            "Balanserat kapital 1 741 332 {}",
            kr(Decimal::from(1_741_332) + last_result)
        ),
        "S:a Eget kapital 2 444 365 1 741 332".to_owned(),
        "SUMMA EGET KAPITAL OCH SKULDER 10 130 947 6 752 798".to_owned(),
    ] {
        if expected == "ANLÄGGNINGSTILLGÅNGAR" {
            // No fixed assets in these books: no empty heading either.
            assert!(!text.contains("Anläggningstillgångar"), "{text}");
            continue;
        }
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    // Groups, not accounts, by default.
    assert!(!text.contains("Bidrag FK/Af"), "{text}");
}

#[test]
fn an_own_nested_account_plan_prints_seed_004s_statements() {
    let project = fixture("insjoriket-sie");
    let yaml = project.path().join("content/ins/dr/bokforing.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap().replace(
        "kontoplan: bas",
        "kontoplan: kontoplan.yaml\nkonton: true\ntecken: bokföring",
    );
    std::fs::write(&yaml, text).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    for expected in [
        "Bidrag FK/Af 5 532 000 5 352 667 −179 333",
        "S:a Övriga rörelseintäkter 12 077 000 12 124 080 47 080",
        "S:a Verksamhetsanknutna kostnader −9 225 000 −9 316 621 −91 621",
        "S:a Övriga kostnader −2 190 000 −2 104 239 85 761",
        "S:a Rörelsens kostnader −11 415 000 −11 420 860 −5 860",
        "Rörelseresultat 662 000 703 220 41 220",
        // No budget for interest: a blank cell, as in the seed; its avvikelse is all of its
        // utfall, so that the avvikelse column adds up like the others.
        "Räntekostnader −187 −187 S:a Finansiella poster −187 −187 PERIODENS",
        "PERIODENS RESULTAT 662 000 703 033 41 033",
        // tecken: bokföring keeps the balansrapport, and eget kapital gets its sum.
        "Balansrapport",
        "Ingående balans Period Utgående balans",
        "Kundfordringar 58 932 209 030 267 962",
        "S:a Fordringar 1 792 071 −620 464 1 171 607",
        // Last year's result leaves the line as this year's takes its place, as in seed 004.
        "Periodens resultat −437 001 −266 032 −703 033",
        "S:a Eget kapital −1 741 332 −703 033 −2 444 365",
        "S:a Kortfristiga skulder −5 011 466 −2 675 116 −7 686 582",
        "BERÄKNAT RESULTAT 0,00 0,00 0,00",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // Account rows carry the account's name, not its number.
    assert!(!text.contains("3010"), "{text}");
}

#[test]
fn an_account_the_own_plan_does_not_place_is_named() {
    let project = fixture("insjoriket-sie");
    let dir = project.path().join("content/ins/dr");
    let yaml = dir.join("bokforing.yaml");
    let text = std::fs::read_to_string(&yaml)
        .unwrap()
        .replace("kontoplan: bas", "kontoplan: kontoplan.yaml");
    std::fs::write(&yaml, text).unwrap();
    // The plan forgets the bank (1900–1999): the balance sheet cannot balance without it.
    let plan = dir.join("kontoplan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "      - { namn: Kassa och bank, konton: [\"1900-1999\"] }\n",
        "",
    );
    std::fs::write(&plan, text).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("fel: konto 1930 Bank, Plusgiro (ingående 4\u{a0}960\u{a0}727\u{a0}kr, utgående 8\u{a0}959\u{a0}340,45\u{a0}kr) hör inte till någon grupp i kontoplanen"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/ins/dr/bokforing.se:15:1"),
        "{stderr}"
    );
}

#[test]
fn large_deviations_need_an_explanation() {
    let (project, doc, yaml) = seed_004(
        "---\ntyp: delårsrapport\ntitel: Delårsrapport\ndatum: 2018-09-27\n---\n# Ekonomi\n\nText.\n",
    );
    let file = doc.join("resultatrakning.yaml");
    std::fs::write(&file, format!("{yaml}avvikelser: {{ belopp: 50000 }}\n")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0, "{stderr}");
    // Every post whose |utfall − budget| is at least 50 000, computed here from the file.
    let mut expected = Vec::new();
    for (index, line) in yaml.lines().enumerate() {
        let (Some(b), Some(u)) = (line.find("budget: "), line.find("utfall: ")) else {
            continue;
        };
        let number = |from: usize| -> i64 {
            line[from + 8..]
                .split([',', ' ', '}'])
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let (budget, actual) = (number(b), number(u));
        if line.contains("post:") && (actual - budget).abs() >= 50000 {
            let name = line
                .split("post: ")
                .nth(1)
                .unwrap()
                .split(',')
                .next()
                .unwrap();
            expected.push((name.to_owned(), index + 1));
        }
    }
    let names: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Bidrag FK/Af",
            "Övriga intäkter",
            "Verksamhetsanknutna personalkostnader",
            "Övriga personalkostnader"
        ]
    );
    assert_eq!(
        stderr.matches("saknar förklaring").count(),
        expected.len(),
        "{stderr}"
    );
    for (name, line) in &expected {
        let at = stderr.find(&format!("`{name}`: avvikelsen")).expect(name);
        assert!(
            stderr[at..].contains(&format!("--> content/ins/dr/resultatrakning.yaml:{line}:")),
            "{name} at line {line}: {stderr}"
        );
    }
    assert!(
        stderr.contains("varning: `Bidrag FK/Af`: avvikelsen −179\u{a0}333\u{a0}kr, 3,2\u{a0}% av budget (budget 5\u{a0}532\u{a0}000\u{a0}kr, utfall 5\u{a0}352\u{a0}667\u{a0}kr) saknar förklaring"),
        "{stderr}"
    );
    // `check --strikt`: the same findings are errors.
    let (code, _, strict) = described(&arshjul(project.path(), &["check", "--strikt"]));
    assert_eq!(code, 1, "{strict}");
    assert!(
        strict.contains("fel: `Övriga intäkter`: avvikelsen 276\u{a0}738\u{a0}kr"),
        "{strict}"
    );
    // With the comments written, no warning, and the PDF shows them.
    let mut commented = yaml.clone();
    for (name, _) in &expected {
        commented = commented.replacen(
            &format!("{{ post: {name},"),
            &format!("{{ post: {name}, kommentar: Förklaring till {name}.,"),
            1,
        );
    }
    std::fs::write(
        &file,
        format!("{commented}avvikelser: {{ belopp: 50000 }}\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("saknar förklaring"), "{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    for (name, _) in &expected {
        assert!(
            text.contains(&format!("Förklaring till {name}.")),
            "{name}: {text}"
        );
    }
    // `avvikelser` in the front matter asks the same of every resultaträkning.
    std::fs::write(&file, &yaml).unwrap();
    let index = doc.join("index.md");
    let front = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        front.replacen("---\n", "---\navvikelser: { belopp: 50000 }\n", 1),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches("saknar förklaring").count(),
        expected.len(),
        "{stderr}"
    );
    // A paragraph that names the row through `avvikelse(rad=...)` explains it too.
    let front = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{front}\nBidragen från FK/Af blev {{{{ avvikelse(rad=\"Bidrag FK/Af\") }}}} mot budget, eftersom färre remitterades.\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches("saknar förklaring").count(),
        expected.len() - 1,
        "{stderr}"
    );
    assert!(!stderr.contains("`Bidrag FK/Af`: avvikelsen"), "{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(
        text.contains("Bidragen från FK/Af blev −179 333 kr mot budget"),
        "{text}"
    );
    // Only what the narrative does explains: a call inside a template comment, which is never
    // run, explains nothing (it did while the prose was searched as text).
    std::fs::write(
        &index,
        format!("{front}\n{{# {{{{ avvikelse(rad=\"Bidrag FK/Af\") }}}} #}}\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("`Bidrag FK/Af`: avvikelsen"), "{stderr}");
    assert_eq!(
        stderr.matches("saknar förklaring").count(),
        expected.len(),
        "{stderr}"
    );
    // A wrong utfall (one error) leaves the row's avvikelse unknown: no warning beside it.
    std::fs::write(&index, &front).unwrap();
    std::fs::write(
        &file,
        yaml.replacen("utfall: 5352667", "utfall: 5352,667", 1),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("`Bidrag FK/Af`: avvikelsen"), "{stderr}");
    assert_eq!(
        stderr.matches("saknar förklaring").count(),
        expected.len() - 1,
        "{stderr}"
    );
    std::fs::write(&file, &yaml).unwrap();
    // A row the statement does not have is a located template error.
    std::fs::write(
        &index,
        format!("{front}\n{{{{ avvikelse(rad=\"Bidrag FK\") }}}}\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "har ingen rad `Bidrag FK` med både budget och utfall; menade du `Bidrag FK/Af`?"
        ),
        "{stderr}"
    );
}

#[test]
fn prognosis_budget_for_the_year_and_last_years_period_from_the_books() {
    let project = fixture("insjoriket-sie");
    // The columns chosen in the front matter, for every resultaträkning of the document.
    let index = project.path().join("content/ins/dr/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replacen(
            "---\n",
            "---\nkolumner: [budget, utfall, föregående_år, budget_helår, prognos]\n",
            1,
        ),
    )
    .unwrap();
    let se = project.path().join("content/ins/dr/bokforing.se");
    let sums = insjoriket_sums(&arshjul::model::sie::decode(&std::fs::read(&se).unwrap()));
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // Eight columns in the order published: budget, utfall and their avvikelse, last year, then
    // the year's budget, the prognosis and theirs.
    let text = pdf_text(&project.path().join("build/ins/dr.pdf")).replace("– ", "–");
    assert!(
        text.contains("Budget jan–aug 2018 Utfall jan–aug 2018 Avvikelse Utfall jan–aug 2017 Budget helår 2018 Prognos helår 2018 Avvikelse prognos–budget"),
        "{text}"
    );
    for (label, from, to) in [
        ("PERIODENS RESULTAT", 3000, 8999),
        ("S:a Rörelsens kostnader", 4000, 7999),
    ] {
        let budget = -range_sum(&sums, "budget", from, to);
        let actual = -range_sum(&sums, "utfall", from, to);
        let last_year = -range_sum(&sums, "föregående_år", from, to);
        let year_budget = -range_sum(&sums, "budget_helår", from, to);
        // The prognosis: utfall January–August plus the budget of September–December.
        let prognosis = actual - range_sum(&sums, "budget_sep_dec", from, to);
        let expected = format!(
            "{label} {} {} {} {} {} {} {}",
            kr(budget),
            kr(actual),
            kr(actual - budget),
            kr(last_year),
            kr(year_budget),
            kr(prognosis),
            kr(prognosis - year_budget)
        );
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn a_prognos_file_overrides_the_prognosis_of_an_account() {
    let project = fixture("insjoriket-sie");
    let doc = project.path().join("content/ins/dr");
    let yaml = doc.join("bokforing.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        format!("{text}kolumner: [utfall, budget_helår, prognos]\nprognos: prognos.yaml\n"),
    )
    .unwrap();
    std::fs::write(
        doc.join("prognos.yaml"),
        "typ: prognos\nrader:\n  - { konto: 4010, prognos: -12500000, kommentar: Fler deltagare i höst. }\n",
    )
    .unwrap();
    let se = doc.join("bokforing.se");
    let sums = insjoriket_sums(&arshjul::model::sie::decode(&std::fs::read(&se).unwrap()));
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    // 4010 as written; every other account utfall plus the budget of September–December.
    let actual_without =
        -range_sum(&sums, "utfall", 3000, 8999) + range_sum(&sums, "utfall", 4010, 4010);
    let rest_budget = -range_sum(&sums, "budget_sep_dec", 3000, 8999)
        + range_sum(&sums, "budget_sep_dec", 4010, 4010);
    let prognosis = actual_without + rest_budget - Decimal::from(12_500_000);
    let expected = format!(
        "PERIODENS RESULTAT {} {} {}",
        kr(-range_sum(&sums, "utfall", 3000, 8999)),
        kr(-range_sum(&sums, "budget_helår", 3000, 8999)),
        kr(prognosis)
    );
    assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    // An account the books do not have is an error at its line.
    std::fs::write(
        doc.join("prognos.yaml"),
        "typ: prognos\nrader:\n  - { konto: 4011, prognos: -1 }\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("kontot 4011 har en prognos men finns inte i content/ins/dr/bokforing.se\n  --> content/ins/dr/prognos.yaml:3:"),
        "{stderr}"
    );
}

#[test]
fn kommun_bas_prints_the_rkr_form() {
    let project = fixture("insjoriket-sie");
    let yaml = project.path().join("content/ins/dr/bokforing.yaml");
    let text = std::fs::read_to_string(&yaml)
        .unwrap()
        .replace("kontoplan: bas", "kontoplan: kommun-bas");
    std::fs::write(&yaml, text).unwrap();
    let se = project.path().join("content/ins/dr/bokforing.se");
    let sums = insjoriket_sums(&arshjul::model::sie::decode(&std::fs::read(&se).unwrap()));
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    let row = |label: &str, from: u32, to: u32| {
        let budget = -range_sum(&sums, "budget", from, to);
        let actual = -range_sum(&sums, "utfall", from, to);
        format!(
            "{label} {} {} {}",
            kr(budget),
            kr(actual),
            kr(actual - budget)
        )
    };
    for expected in [
        row("Verksamhetens intäkter", 3000, 3999),
        row("Verksamhetens kostnader", 4000, 7999),
        // No depreciation in these books: the net cost follows the costs.
        row("Verksamhetens nettokostnader", 3000, 7999),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    // Kommun-Bas class 84: financial items (this file's interest account 8410 falls there).
    assert!(
        text.contains(&format!(
            "Finansiella intäkter {} {} Resultat efter finansiella poster",
            kr(-range_sum(&sums, "utfall", 8400, 8499)),
            // No budget: the avvikelse is the utfall against nothing.
            kr(-range_sum(&sums, "utfall", 8400, 8499))
        )),
        "{text}"
    );
    assert!(
        text.contains("Resultat efter finansiella poster 662 000 703 033 41 033"),
        "{text}"
    );
}

#[test]
fn a_yearly_budget_is_cut_to_the_period_by_months_or_weights() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/resultatrakning.yaml");
    let weights = [2, 1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2];
    // January–August: 8 of 12 equal parts, or the weights of those months.
    let yaml = format!(
        "typ: resultaträkning\nräkenskapsår: {{ från: 2018-01-01, till: 2018-12-31 }}\nperiod: {{ från: 2018-01-01, till: 2018-08-31 }}\nkolumner: [budget, utfall]\nrader:\n  - {{ post: Bidrag FK/Af, budget_helår: 8298000, utfall: 5352667 }}\n  - {{ post: Arvoden, budget_helår: -120000, utfall: -69213, periodisering: {weights:?} }}\n  - {{ post: Räntekostnader, utfall: -187 }}\n"
    );
    std::fs::write(&file, &yaml).unwrap();
    // The balance sheet of the fixture holds last result; only the income statement matters here.
    std::fs::remove_file(project.path().join("content/ins/dr/balansrakning.yaml")).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    let even = 8298000 * 8 / 12;
    let weighted = -120000 * weights[..8].iter().sum::<i64>() / weights.iter().sum::<i64>();
    for expected in [
        format!("Bidrag FK/Af {} 5 352 667", group(even)),
        format!("Arvoden {} −69 213", group(weighted)),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    // A list of eleven weights is an error at its place.
    std::fs::write(&file, yaml.replace("[2, 1,", "[1,")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`periodisering` ska ha tolv vikter, en per månad, men har 11\n  --> content/ins/dr/resultatrakning.yaml:7:"),
        "{stderr}"
    );
}

/// `1234567` as `1 234 567` (and negative with a real minus).
fn group(value: i64) -> String {
    kr(Decimal::from(value))
}

#[test]
fn the_result_month_by_month_as_a_chart() {
    let project = fixture("insjoriket-sie");
    let index = project.path().join("content/ins/dr/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}\n{{{{ tabell(namn=\"resultat_manader\") }}}}\n"),
    )
    .unwrap();
    let se = project.path().join("content/ins/dr/bokforing.se");
    let se_text = arshjul::model::sie::decode(&std::fs::read(&se).unwrap());
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(
        pdf.contains("Resultat per månad, ackumulerat, jan–aug 2018"),
        "{pdf}"
    );
    // Each month's accumulated budget and utfall, summed here from #PBUDGET and #PSALDO.
    let (mut budget, mut actual) = (Decimal::ZERO, Decimal::ZERO);
    for (m, name) in ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug"]
        .iter()
        .enumerate()
    {
        let period = format!("2018{:02}", m + 1);
        for line in se_text.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            if let [tag, "0", p, account, "{}", amount] = f.as_slice()
                && *p == period
                && account.parse::<u32>().unwrap() >= 3000
            {
                let v: Decimal = amount.parse().unwrap();
                match *tag {
                    "#PSALDO" => actual -= v,
                    "#PBUDGET" => budget -= v,
                    _ => {}
                }
            }
        }
        let row = format!("{name} {} {}", kr(budget), kr(actual));
        assert!(pdf.contains(&row), "{row:?} not in:\n{pdf}");
    }
}

#[test]
fn large_deviations_from_the_books_need_an_explanation_too() {
    let project = fixture("insjoriket-sie");
    let doc = project.path().join("content/ins/dr");
    let data = doc.join("bokforing.yaml");
    let written = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, format!("{written}avvikelser: {{ belopp: 50000 }}\n")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0, "{stderr}");
    // The rows the books make that deviate by at least 50 000 kr, each named, at `avvikelser:`.
    let warned: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("varning: `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert!(warned.len() >= 2, "{stderr}");
    assert!(stderr.contains("bokforing.yaml:6:13"), "{stderr}");
    assert!(stderr.contains("kommentarer:"), "{stderr}");
    // --strikt makes them errors.
    let (code, _, _) = described(&arshjul(project.path(), &["check", "--strikt"]));
    assert_eq!(code, 1);
    // Explained: the first in the prose, the others with `kommentarer:` (printed as notes).
    let (first, rest) = warned.split_first().unwrap();
    let comments: Vec<String> = rest
        .iter()
        .map(|name| format!("  {name}: Förklaring av {name}.\n"))
        .collect();
    std::fs::write(
        &data,
        format!(
            "{written}avvikelser: {{ belopp: 50000 }}\nkommentarer:\n{}",
            comments.concat()
        ),
    )
    .unwrap();
    let index = doc.join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}\n{first} avviker med {{{{ avvikelse(rad=\"{first}\") }}}}.\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--strikt"]));
    assert_eq!(code, 2, "build takes no --strikt: {stderr}");
    let (code, _, stderr) = described(&arshjul(project.path(), &["check", "--strikt"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    // A misspelt row name is located, with the nearest name.
    std::fs::write(
        &data,
        format!("{written}kommentarer:\n  {}x: text\n", rest[0]),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("menade du `{}`?", rest[0])),
        "{stderr}"
    );
    std::fs::write(
        &data,
        format!(
            "{written}avvikelser: {{ belopp: 50000 }}\nkommentarer:\n{}",
            comments.concat()
        ),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let pdf = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(
        pdf.contains(&format!("Förklaring av {}.", rest[0])),
        "{pdf}"
    );
}

#[test]
fn rows_explained_in_the_prose_link_to_their_place() {
    // Explained twice: the row links to the first place (a label occurs once).
    let (project, doc, yaml) = seed_004(
        "---\ntyp: delårsrapport\ntitel: Delårsrapport\ndatum: 2018-09-27\navvikelser: { belopp: 50000 }\n---\n# Ekonomi\n\nBidragen från FK/Af blev {{ avvikelse(rad=\"Bidrag FK/Af\") }} mot budget, eftersom färre remitterades.\n\n# Mer\n\nÅter {{ avvikelse(rad=\"Bidrag FK/Af\") }}.\n",
    );
    std::fs::write(doc.join("resultatrakning.yaml"), &yaml).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    // The web edition: the place has an id, the row (and only it) a link to it.
    let html =
        tables_html(&std::fs::read_to_string(project.path().join("build/ins/dr.html")).unwrap());
    let id = "avvikelse-content-ins-dr-resultatrakning-yaml-";
    let at = html.find(&format!("<span id=\"{id}")).expect(&html);
    let label = &html[at + 10..][..html[at + 10..].find('"').unwrap()];
    assert!(
        html[..at].ends_with("−179\u{a0}333\u{a0}kr"),
        "{}",
        &html[at - 40..at]
    );
    assert_eq!(
        html.matches(&format!("id=\"{label}\"")).count(),
        1,
        "{html}"
    );
    let link = format!("Bidrag FK/Af <a class=\"forklaring\" href=\"#{label}\">se texten</a></th>");
    assert!(html.contains(&link), "{link} not in {html}");
    assert_eq!(html.matches("class=\"forklaring\"").count(), 1, "{html}");
    // The PDF: the mark beside the row names the page of the text (page 2: the cover is 1).
    let pdf = project.path().join("build/ins/dr.pdf");
    let text = pdf_text(&pdf);
    let at = text.find("Bidragen från FK/Af blev").expect(&text);
    let footer = &text[at..][text[at..].find("sida ").unwrap() + 5..];
    let page = footer.split(' ').next().unwrap();
    assert!(
        text.contains(&format!("Bidrag FK/Af se s. {page} ")),
        "{text}"
    );
    assert_eq!(text.matches("se s.").count(), 1, "{text}");
    if skip_without(&["qpdf"]) {
        return;
    }
    // …and is a link annotation: one more than in the same text with the figure typed in.
    let links = |project: &std::path::Path| {
        let plain = project.join("plain.pdf");
        let out = std::process::Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable"])
            .arg(project.join("build/ins/dr.pdf"))
            .arg(&plain)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&std::fs::read(&plain).unwrap())
            .matches("/Subtype /Link")
            .count()
    };
    let with_mark = links(project.path());
    let index = doc.join("index.md");
    let typed = std::fs::read_to_string(&index)
        .unwrap()
        .replace("{{ avvikelse(rad=\"Bidrag FK/Af\") }}", "−179 333 kr");
    std::fs::write(&index, typed).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(links(project.path()) + 1, with_mark);
    assert!(!pdf_text(&pdf).contains("se s."));
}

#[test]
fn a_prognos_file_overrides_a_printed_row_by_name() {
    let project = fixture("insjoriket-sie");
    let doc = project.path().join("content/ins/dr");
    let yaml = doc.join("bokforing.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        format!("{text}kolumner: [utfall, budget_helår, prognos]\nprognos: prognos.yaml\n"),
    )
    .unwrap();
    // The prognosis column (the third) of a printed row in the web edition, as a number; a
    // blank cell is None.
    let prognosis = |html: &str, row: &str| -> Option<Decimal> {
        let at = html
            .find(&format!(">{row}</th>"))
            .unwrap_or_else(|| panic!("{row} not in {html}"));
        let cell = html[at..].split("<td class=\"tal\">").nth(3).unwrap();
        let cell = &cell[..cell.find("</td>").unwrap()];
        let digits: String = cell
            .chars()
            .filter_map(|c| match c {
                '−' => Some('-'),
                c if c.is_ascii_digit() => Some(c),
                _ => None,
            })
            .collect();
        (!digits.is_empty()).then(|| digits.parse().unwrap())
    };
    let build = |rows: &str| -> String {
        std::fs::write(
            doc.join("prognos.yaml"),
            format!("typ: prognos\nrader:\n{rows}"),
        )
        .unwrap();
        let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        tables_html(&std::fs::read_to_string(project.path().join("build/ins/dr.html")).unwrap())
    };
    let base = build("  - { konto: 4010, prognos: -12500000 }\n");
    let personal = prognosis(&base, "Personalkostnader").unwrap();
    let costs = prognosis(&base, "S:a Rörelsens kostnader").unwrap();
    let result = prognosis(&base, "Periodens resultat").unwrap();
    // A group of the account plan, by its printed name: it and every sum above it change.
    let set = build(
        "  - { konto: 4010, prognos: -12500000 }\n  - { post: Personalkostnader, prognos: -1600000 }\n",
    );
    let new = Decimal::from(-1_600_000);
    assert_eq!(prognosis(&set, "Personalkostnader"), Some(new), "{set}");
    assert_eq!(
        prognosis(&set, "S:a Rörelsens kostnader"),
        Some(costs - personal + new)
    );
    assert_eq!(
        prognosis(&set, "Periodens resultat"),
        Some(result - personal + new)
    );
    // A group with rows under it: the rows print no prognosis, the intermediate results follow.
    let before = build("  - { konto: 4010, prognos: -12500000 }\n");
    let costs_before = prognosis(&before, "S:a Rörelsens kostnader").unwrap();
    let result_before = prognosis(&before, "Periodens resultat").unwrap();
    let whole = build("  - { post: \"Rörelsens kostnader\", prognos: -17000000 }\n");
    assert_eq!(prognosis(&whole, "Personalkostnader"), None, "{whole}");
    assert_eq!(
        prognosis(&whole, "S:a Rörelsens kostnader"),
        Some(Decimal::from(-17_000_000)),
        "{whole}"
    );
    assert_eq!(
        prognosis(&whole, "Rörelseresultat"),
        prognosis(&before, "Rörelseresultat").map(|r| r - costs_before - Decimal::from(17_000_000))
    );
    assert_eq!(
        prognosis(&whole, "Periodens resultat"),
        Some(result_before - costs_before - Decimal::from(17_000_000))
    );
    // With `konton: true`, an account's row by its name (here 4010's, from the books).
    std::fs::write(
        &yaml,
        format!(
            "{text}kolumner: [utfall, budget_helår, prognos]\nprognos: prognos.yaml\nkonton: true\n"
        ),
    )
    .unwrap();
    let row = "Verksamhetsanknutna personalkostnader";
    let accounts = build("  []\n");
    let total = prognosis(&accounts, "Periodens resultat").unwrap();
    let account = prognosis(&accounts, row).unwrap();
    let set = build(&format!("  - {{ post: {row}, prognos: -12500000 }}\n"));
    assert_eq!(prognosis(&set, row), Some(Decimal::from(-12_500_000)));
    assert_eq!(
        prognosis(&set, "Periodens resultat"),
        Some(total - account - Decimal::from(12_500_000))
    );
    // A name no row has: located, with the nearest name.
    std::fs::write(
        doc.join("prognos.yaml"),
        "typ: prognos\nrader:\n  - { post: Personalkostnad, prognos: -1 }\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`Personalkostnad` har en prognos men resultaträkningen från content/ins/dr/bokforing.se har ingen rad med det namnet\n  --> content/ins/dr/prognos.yaml:3:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tips: menade du `Personalkostnader`? skriv radens namn som det står i resultaträkningen"),
        "{stderr}"
    );
    // As its kind: an unknown row, with the nearest.
    let (_, stdout, _) = described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            "content/ins/dr/prognos.yaml:3:13",
            "rad",
            "Personalkostnad",
            Some("Personalkostnader")
        )],
        "{stdout}"
    );
}

#[test]
fn a_sum_under_a_column_the_statement_does_not_have_is_an_unknown_name() {
    let (project, doc, _) = seed_004(
        "---\ntyp: delårsrapport\ntitel: Delårsrapport\ndatum: 2018-09-27\n---\n# Ekonomi\n",
    );
    std::fs::write(
        doc.join("resultatrakning.yaml"),
        "typ: resultaträkning\nenhet: kr\nräkenskapsår: { från: 2018-01-01, till: 2018-12-31 }\nperiod: { från: 2018-01-01, till: 2018-08-31 }\nkolumner: [budget, utfall]\nrader:\n  - { post: Bidrag, budget: 100, utfall: 90 }\n  - grupp: Kostnader\n    summa: { budgett: -50, qqqqqqqq: -40 }\n    rader:\n      - { post: Personal, budget: -50, utfall: -40 }\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    let file = "content/ins/dr/resultatrakning.yaml";
    assert_eq!(
        unknown_names(&stdout),
        [
            UnknownName::new(&format!("{file}:9:14"), "kolumn", "budgett", Some("budget")),
            UnknownName::new(&format!("{file}:9:28"), "kolumn", "qqqqqqqq", None),
        ],
        "{stdout}"
    );
    // The text as before it had a kind: the nearest column as the fix, none without one.
    assert!(
        stderr.contains(&format!(
            "fel: kolumnen `budgett` finns inte\n  --> {file}:9:14"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("tips: menade du `budget`?"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "fel: kolumnen `qqqqqqqq` finns inte\n  --> {file}:9:28\n  |\n9 |"
        )),
        "{stderr}"
    );
    assert_eq!(stderr.matches("tips:").count(), 1, "{stderr}");
}

/// A project with seed 004's resultaträkning (as in the example project) under
/// `content/ins/dr`, the förbund above it and `index` as its index.md; the resultaträkning's
/// YAML is returned for the test to change and write.
fn seed_004(index: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let yaml = std::fs::read_to_string(
        crate::support::repo()
            .join("content/insjoriket/delarsrapport-2018-08/resultatrakning.yaml"),
    )
    .unwrap();
    let project = tempfile::tempdir().unwrap();
    let doc = project.path().join("content/ins/dr");
    std::fs::create_dir_all(&doc).unwrap();
    std::fs::write(
        project.path().join("content/ins/forbund.yaml"),
        "namn: Samordningsförbundet Insjöriket\n",
    )
    .unwrap();
    std::fs::write(doc.join("index.md"), index).unwrap();
    (project, doc, yaml)
}

#[test]
fn a_place_the_narrative_never_prints_gets_no_link() {
    // The explanation stands in a footnote that nothing refers to: no place, so no link to it
    // (a link to a missing place was a typst error in the generated source).
    let (project, doc, yaml) = seed_004(
        "---\ntyp: delårsrapport\ntitel: Delårsrapport\ndatum: 2018-09-27\navvikelser: { belopp: 50000 }\n---\n# Ekonomi\n\nText utan hänvisning.\n\n[^x]: Bidragen från FK/Af blev {{ avvikelse(rad=\"Bidrag FK/Af\") }} mot budget.\n",
    );
    std::fs::write(doc.join("resultatrakning.yaml"), &yaml).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("typst"), "{stderr}");
    let html =
        tables_html(&std::fs::read_to_string(project.path().join("build/ins/dr.html")).unwrap());
    assert!(html.contains("Bidrag FK/Af"), "{html}");
    assert!(!html.contains("class=\"forklaring\""), "{html}");
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(text.contains("Bidrag FK/Af"), "{text}");
    assert!(!text.contains("se s."), "{text}");
}

#[test]
fn prose_says_the_avvikelse_and_its_share_of_every_row_sum_and_the_result() {
    // Figures chosen here: the test computes what the prose must say.
    let (bidrag, personal, lokaler) = (
        (1_000_000, 900_000),
        (-600_000, -540_000),
        (-200_000, -230_000),
    );
    let yaml = format!(
        "typ: resultaträkning\nenhet: kr\nräkenskapsår: {{ från: 2018-01-01, till: 2018-12-31 }}\nperiod: {{ från: 2018-01-01, till: 2018-08-31 }}\nkolumner: [budget, utfall]\nrader:\n  - {{ post: Bidrag, budget: {}, utfall: {} }}\n  - grupp: Kostnader\n    rader:\n      - {{ post: Personal, budget: {}, utfall: {} }}\n      - {{ post: Lokaler, budget: {}, utfall: {} }}\n",
        bidrag.0, bidrag.1, personal.0, personal.1, lokaler.0, lokaler.1
    );
    let (project, doc, _) = seed_004(
        "---\ntyp: delårsrapport\ntitel: Delårsrapport\ndatum: 2018-09-27\n---\n# Ekonomi\n\nResultatet avvek med {{ avvikelse(rad=\"Periodens resultat\") }} ({{ avvikelse(rad=\"Periodens resultat\", som=\"andel\") }}), kostnaderna med {{ avvikelse(rad=\"S:a Kostnader\") }} ({{ avvikelse(rad=\"S:a Kostnader\", som=\"andel\") }}) och lokalerna med {{ avvikelse(rad=\"Lokaler\", som=\"andel\") }}.\n",
    );
    std::fs::write(doc.join("resultatrakning.yaml"), &yaml).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let budget_result = Decimal::from(bidrag.0 + personal.0 + lokaler.0);
    let actual_result = Decimal::from(bidrag.1 + personal.1 + lokaler.1);
    let costs = (
        Decimal::from(personal.0 + lokaler.0),
        Decimal::from(personal.1 + lokaler.1),
    );
    let share = |deviation: Decimal, budget: Decimal| {
        let percent = (deviation / budget.abs() * Decimal::from(100)).round_dp(1);
        format!(
            "{} %",
            percent.to_string().replace('.', ",").replace('-', "−")
        )
    };
    let expected = format!(
        "Resultatet avvek med {} kr ({}), kostnaderna med {} kr ({}) och lokalerna med {}.",
        kr(actual_result - budget_result),
        share(actual_result - budget_result, budget_result),
        kr(costs.1 - costs.0),
        share(costs.1 - costs.0, costs.0),
        share(
            Decimal::from(lokaler.1 - lokaler.0),
            Decimal::from(lokaler.0)
        ),
    );
    // −70 000 kr of a budget of 200 000: −35,0 %; the costs 30 000 kr better than −800 000.
    assert!(
        expected.contains("(−35,0 %)") && expected.contains("30 000 kr (3,8 %)"),
        "{expected}"
    );
    let pdf = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(pdf.contains(&expected), "{expected}\n{pdf}");
    // A share of a row without a budget, and an unknown way to say it, are located errors.
    std::fs::write(
        doc.join("index.md"),
        "---\ntyp: delårsrapport\ntitel: Delårsrapport\ndatum: 2018-09-27\n---\n# Ekonomi\n\nSe {{ avvikelse(rad=\"Lokaler\", som=\"procent\") }}.\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("`som=\"procent\"` finns inte"), "{stderr}");
    assert!(stderr.contains("content/ins/dr/index.md:8:"), "{stderr}");
}

#[test]
fn last_years_figures_are_in_the_prose_when_kolumner_does_not_print_them() {
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(
        &crate::support::repo().join("content"),
        &project.path().join("content"),
    );
    let document = "sjobygden/arsredovisning-2019";
    let dir = project.path().join("content").join(document);
    let data = std::fs::read_to_string(dir.join("bokforing.yaml")).unwrap();
    std::fs::write(
        dir.join("bokforing.yaml"),
        format!("{data}kolumner: [budget, utfall]\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", document]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // Last year's result from the file's #RES −1, the closing entry (8999) left out.
    let sie: String = std::fs::read(dir.join("bokforing.se"))
        .unwrap()
        .iter()
        .map(|b| if b.is_ascii() { char::from(*b) } else { '?' })
        .collect();
    let last_year: Decimal = sie
        .lines()
        .filter_map(|l| l.strip_prefix("#RES -1 "))
        .filter_map(|rest| {
            let words: Vec<&str> = rest.split_whitespace().collect();
            (words[0] != "8999").then(|| words[1].parse::<Decimal>().unwrap())
        })
        .sum();
    let pdf = pdf_text(&project.path().join(format!("build/{document}.pdf")));
    let said = format!("föregående år var resultatet {} kr", kr(-last_year));
    assert!(pdf.contains(&said), "{said}\n{pdf}");
    // The resultaträkning prints only the columns asked for.
    assert!(!pdf.contains("Utfall jan–dec 2018"), "{pdf}");
    assert!(pdf.contains("Utfall jan–dec 2019"), "{pdf}");
}

/// The books of `dir` (`books`, its bokforing.yaml) on the project's own kontoplan.yaml, with
/// `from` in that plan written as `to`; the plan's path.
fn own_plan_with(dir: &std::path::Path, books: &str, from: &str, to: &str) -> std::path::PathBuf {
    std::fs::write(
        dir.join("bokforing.yaml"),
        books.replace("kontoplan: bas", "kontoplan: kontoplan.yaml"),
    )
    .unwrap();
    let plan = dir.join("kontoplan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains(from), "{from} is not in the plan");
    std::fs::write(&plan, text.replace(from, to)).unwrap();
    plan
}

#[test]
fn a_key_the_books_companions_lack_is_its_kind_at_its_place() {
    let project = fixture("insjoriket-sie");
    let dir = project.path().join("content/ins/dr");
    let yaml = dir.join("bokforing.yaml");
    let books = std::fs::read_to_string(&yaml).unwrap();
    let check = || {
        let (code, stdout, stderr) =
            described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
        assert_eq!(code, 1, "{stderr}");
        missing_keys(&stdout)
    };
    // The books without `fil:`.
    std::fs::write(&yaml, books.replace("fil: bokforing.se\n", "")).unwrap();
    assert_eq!(
        check(),
        [MissingKey::new(
            "content/ins/dr/bokforing.yaml:2:1",
            "datafil",
            None,
            "fil",
            &[]
        )]
    );
    // The own plan: a group with neither `konton:` nor `grupper:`.
    let plan = own_plan_with(
        &dir,
        &books,
        "{ namn: Fordringar, konton: [\"1500-1899\"] }",
        "{ namn: Fordringar }",
    );
    assert_eq!(
        check(),
        [MissingKey::new(
            "content/ins/dr/kontoplan.yaml:18:9",
            "grupp",
            Some("Fordringar"),
            "konton",
            &["grupper"]
        )]
    );
    // A plan without `grupper:`.
    std::fs::write(&plan, "typ: kontoplan\n").unwrap();
    assert_eq!(
        check(),
        [MissingKey::new(
            "content/ins/dr/kontoplan.yaml:1:1",
            "kontoplan",
            None,
            "grupper",
            &[]
        )]
    );
    // A forecast's rows without `prognos:`, or without `konto:` and `post:`; a forecast
    // without `rader:`.
    std::fs::write(
        &yaml,
        format!("{books}kolumner: [utfall, budget_helår, prognos]\nprognos: prognos.yaml\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("prognos.yaml"),
        "typ: prognos\nrader:\n  - { konto: 4010 }\n  - { post: Personalkostnader }\n  - { prognos: -1 }\n",
    )
    .unwrap();
    assert_eq!(
        check(),
        [
            MissingKey::new(
                "content/ins/dr/prognos.yaml:3:5",
                "rad",
                Some("4010"),
                "prognos",
                &[]
            ),
            MissingKey::new(
                "content/ins/dr/prognos.yaml:4:5",
                "rad",
                Some("Personalkostnader"),
                "prognos",
                &[]
            ),
            MissingKey::new(
                "content/ins/dr/prognos.yaml:5:5",
                "rad",
                None,
                "konto",
                &["post"]
            ),
        ]
    );
    std::fs::write(dir.join("prognos.yaml"), "typ: prognos\n").unwrap();
    assert_eq!(
        check(),
        [MissingKey::new(
            "content/ins/dr/prognos.yaml:1:1",
            "prognosfil",
            None,
            "rader",
            &[]
        )]
    );
}

#[test]
fn an_unknown_name_of_the_books_and_statements_is_its_kind_with_its_own_hint() {
    let project = fixture("insjoriket-sie");
    let dir = project.path().join("content/ins/dr");
    let yaml = dir.join("bokforing.yaml");
    let books = std::fs::read_to_string(&yaml).unwrap();
    let check = |project: &tempfile::TempDir| {
        let (code, stdout, stderr) =
            described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
        assert_eq!(code, 1, "{stderr}");
        (unknown_names(&stdout), stdout, stderr)
    };
    // A kontoplan misspelt: the suggestion, then the hint it had.
    std::fs::write(&yaml, books.replace("kontoplan: bas", "kontoplan: bass")).unwrap();
    let (names, stdout, stderr) = check(&project);
    assert_eq!(
        names,
        [UnknownName::new(
            "content/ins/dr/bokforing.yaml:5:12",
            "kontoplan",
            "bass",
            Some("bas")
        )],
        "{stdout}"
    );
    assert!(
        stderr.contains("fel: okänd kontoplan `bass`\n  --> content/ins/dr/bokforing.yaml:5:12"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  = tips: menade du `bas`?\n  = tips: skriv `bas`, `kommun-bas` eller en egen kontoplan, t.ex. `kontoplan.yaml`\n"),
        "{stderr}"
    );
    // An own plan's group in a section misspelt.
    own_plan_with(
        &dir,
        &books,
        "{ namn: Eget kapital, avsnitt: eget_kapital,",
        "{ namn: Eget kapital, avsnitt: eget_kapitl,",
    );
    let (names, stdout, stderr) = check(&project);
    assert_eq!(
        names,
        [UnknownName::new(
            "content/ins/dr/kontoplan.yaml:20:5",
            "avsnitt",
            "eget_kapitl",
            Some("eget_kapital")
        )],
        "{stdout}"
    );
    assert!(
        stderr.contains("fel: okänt avsnitt `eget_kapitl` för gruppen `Eget kapital`\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  = tips: menade du `eget_kapital`?\n  = tips: skriv en av: tillgångar, "),
        "{stderr}"
    );

    // A written statement: its unit, a row's periodisering and a column it does not list.
    let project = fixture("delarsrapport");
    std::fs::remove_file(project.path().join("content/ins/dr/balansrakning.yaml")).unwrap();
    std::fs::write(
        project.path().join("content/ins/dr/resultatrakning.yaml"),
        "typ: resultaträkning\nenhet: Tkr\nräkenskapsår: { från: 2018-01-01, till: 2018-12-31 }\nperiod: { från: 2018-01-01, till: 2018-08-31 }\nkolumner: [budget, utfall]\nrader:\n  - { post: Bidrag FK/Af, budget_helår: 8298000, utfall: 5352667, periodisering: jamm }\n  - { post: Räntekostnader, utfall: -187, föregående_år: -100 }\n",
    )
    .unwrap();
    let (mut names, stdout, stderr) = check(&project);
    names.sort();
    let file = "content/ins/dr/resultatrakning.yaml";
    assert_eq!(
        names,
        [
            UnknownName::new(&format!("{file}:2:8"), "enhet", "Tkr", Some("tkr")),
            UnknownName::new(
                &format!("{file}:7:82"),
                "periodisering",
                "jamm",
                Some("jämn")
            ),
            UnknownName::new(&format!("{file}:8:58"), "kolumn", "föregående_år", None),
        ],
        "{stdout}"
    );
    for expected in [
        "fel: okänd enhet\n",
        "  = tips: menade du `tkr`?\n  = tips: skriv kr, tkr eller mnkr\n",
        "fel: okänd `periodisering`\n",
        "  = tips: menade du `jämn`?\n  = tips: skriv `jämn` eller en lista med tolv vikter",
        "fel: kolumnen `föregående_år` finns inte i `kolumner`\n",
        "  = tips: lägg till den: kolumner: [budget, utfall, föregående_år]\n",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
}
