//! `typ: sie`: statements straight from the books, on SIE-gruppen's test files in ../shared/sie.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::support::{
    Reported, UnknownName, arshjul, described, kr, normalise, pdf_text, reported, skip,
    unknown_names,
};

fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/sie")
        .join(name);
    if path.is_file() {
        Some(path)
    } else {
        skip(&format!(
            "{} saknas (../shared finns inte här)",
            path.display()
        ));
        None
    }
}

/// A project with one delårsrapport over `bytes` as its SIE file.
fn project(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::support::forbund(dir.path(), "Samordningsförbundet Prov");
    let doc = dir.path().join("content/ovn/q1");
    std::fs::create_dir_all(&doc).unwrap();
    std::fs::write(doc.join("bokforing.se"), bytes).unwrap();
    std::fs::write(
        doc.join("index.md"),
        "---\ntyp: delårsrapport\ntitel: Januari–mars 2011\ndatum: 2011-04-30\n---\n# Förvaltningsberättelse\n\nResultatet är {{ resultatrakning.resultat.utfall | kr }}.\n",
    )
    .unwrap();
    std::fs::write(
        doc.join("bokforing.yaml"),
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2011-01-01, till: 2011-03-31 }\nkontoplan: bas\n",
    )
    .unwrap();
    dir
}

/// Sums computed here from the file, independently of arshjul: #PSALDO without objects for
/// year 0, January–March 2011, and #IB.
fn independent(text: &str) -> (Decimal, Decimal) {
    let mut result = Decimal::ZERO;
    let mut assets: BTreeMap<u32, Decimal> = BTreeMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["#PSALDO", "0", period, account, "{}", amount, ..]
                if ["201101", "201102", "201103"].contains(period) =>
            {
                let account: u32 = account.parse().unwrap();
                let amount: Decimal = amount.parse().unwrap();
                if account >= 3000 {
                    result -= amount;
                } else if account < 2000 {
                    *assets.entry(account).or_default() += amount;
                }
            }
            ["#IB", "0", account, amount, ..] => {
                let account: u32 = account.parse().unwrap();
                if account < 2000 {
                    *assets.entry(account).or_default() += amount.parse::<Decimal>().unwrap();
                }
            }
            _ => {}
        }
    }
    (result, assets.values().copied().sum())
}

/// The costs (4000–7999, positive) and revenue (3000–3999) of January–March 2011, from the
/// `tag` (#PSALDO or #PBUDGET) lines.
fn costs_and_revenue(text: &str, tag: &str) -> (Decimal, Decimal) {
    let (mut costs, mut revenue) = (Decimal::ZERO, Decimal::ZERO);
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if let [t, "0", period, account, "{}", amount, ..] = fields.as_slice()
            && *t == tag
            && ["201101", "201102", "201103"].contains(period)
        {
            let account: u32 = account.parse().unwrap();
            let amount: Decimal = amount.parse().unwrap();
            if (4000..=7999).contains(&account) {
                costs += amount;
            } else if (3000..=3999).contains(&account) {
                revenue -= amount;
            }
        }
    }
    (costs, revenue)
}

#[test]
fn a_quarter_from_periodsaldo_agrees_with_sums_computed_from_the_file() {
    let Some(path) = shared("periodsaldo_ovnbolag.se") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let cp437_text: String = bytes
        .iter()
        .map(|b| if *b < 0x80 { char::from(*b) } else { '?' })
        .collect();
    let (result, assets) = independent(&cp437_text);
    assert_eq!(kr(result), "277 798");

    let dir = project(&bytes);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // Last year's result is not booked yet: a warning that names the difference.
    assert!(
        stderr.contains(
            "varning: ingående balanser summerar till 1\u{a0}151\u{a0}678,15\u{a0}kr, inte 0"
        ),
        "{stderr}"
    );
    // As its kind: the opening balances' sum against 0, in kronor, in the SIE file.
    let (_, stdout, _) = described(&arshjul(dir.path(), &["check", "--meddelanden=json"]));
    let opening: Vec<Reported> = reported(&stdout)
        .into_iter()
        .filter(|r| r.slag == "skillnad")
        .collect();
    let sum: Decimal = "1151678.15".parse().unwrap();
    assert_eq!(
        opening,
        [Reported {
            slag: "skillnad".into(),
            place: "content/ovn/q1/bokforing.se:null:null".into(),
            figures: Some((Decimal::ZERO, sum, -sum, "kr".into())),
        }],
        "{stdout}"
    );
    let text = pdf_text(&dir.path().join("build/ovn/q1.pdf"));
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(result))),
        "{text}"
    );
    assert!(
        text.contains(&format!("PERIODENS RESULTAT 199 959 {} 77 839", kr(result))),
        "{text}"
    );
    // A balansräkning: the period's end and the year's start, both sides positive.
    assert!(text.contains("Balansräkning"), "{text}");
    assert!(text.contains("2011-03-31 2010-12-31"), "{text}");
    assert!(
        text.contains(&format!("SUMMA TILLGÅNGAR {} 4 291 665", kr(assets))),
        "{text}"
    );
    // The period's result inside eget kapital.
    assert!(
        text.contains(&format!("Periodens resultat {} 0", kr(result))),
        "{text}"
    );
    assert!(!text.contains("BERÄKNAT RESULTAT"), "{text}");
    // The Swedish uppställning, with sums computed here from the file: budget, utfall and
    // avvikelse of S:a Rörelsens kostnader and of Rörelseresultat.
    let (costs, revenue) = costs_and_revenue(&cp437_text, "#PSALDO");
    let (budget_costs, budget_revenue) = costs_and_revenue(&cp437_text, "#PBUDGET");
    let row = |budget: Decimal, actual: Decimal| {
        format!("{} {} {}", kr(budget), kr(actual), kr(actual - budget))
    };
    assert!(
        text.contains(&format!(
            "S:a Rörelsens kostnader {}",
            row(-budget_costs, -costs)
        )),
        "{}: {text}",
        row(-budget_costs, -costs)
    );
    assert!(
        text.contains(&format!(
            "Rörelseresultat {}",
            row(budget_revenue - budget_costs, revenue - costs)
        )),
        "{text}"
    );
    // The same books as UTF-8 give the same report.
    let utf8: String = bytes
        .iter()
        .map(|b| {
            if *b < 0x80 {
                char::from(*b)
            } else {
                arshjul::model::sie::decode(&[*b]).chars().next().unwrap()
            }
        })
        .collect();
    let dir2 = project(utf8.as_bytes());
    let (code, _, stderr) = described(&arshjul(dir2.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        normalise(&pdf_text(&dir2.path().join("build/ovn/q1.pdf"))),
        normalise(&text)
    );
}

#[test]
fn the_test_files_of_sie_gruppen_parse_without_errors() {
    for name in [
        "BL0001_typ2.SE",
        "BL0001_typ4.SE",
        "magenta_bokforing_SIE4E.se",
        "periodsaldo_ovnbolag.se",
    ] {
        let Some(path) = shared(name) else { return };
        let text = arshjul::model::sie::decode(&std::fs::read(&path).unwrap());
        let (books, problems) = arshjul::model::sie::parse(&text, name);
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(!books.accounts.is_empty(), "{name}");
        // CP437 decoded: the Swedish letters are there.
        assert!(
            books.accounts.values().any(|n| n.contains(['å', 'ä', 'ö'])),
            "{name}"
        );
    }
}

#[test]
fn broken_books_give_located_errors() {
    let good = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20110101 20111231\n#KONTO 1930 Bank\n#KONTO 3010 Bidrag\n#PSALDO 0 201103 1930 {} 100\n#PSALDO 0 201103 3010 {} -100\n#VER A 1 20110305 \"Bidrag\"\n{\n#TRANS 1930 {} 100\n#TRANS 3010 {} -100\n}\n";
    for (broken, expected) in [
        (
            good.replace("#TRANS 3010 {} -100", "#TRANS 3010 {} -90"),
            "verifikationen balanserar inte: summan är 10\u{a0}kr i stället för 0\n  --> content/ovn/q1/bokforing.se:8:1",
        ),
        (
            good[..good.find("#TRANS 3010").unwrap()].to_owned(),
            "filen tar slut mitt i en verifikation\n  --> content/ovn/q1/bokforing.se:8:1",
        ),
    ] {
        let dir = project(broken.as_bytes());
        let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
        assert!(!stderr.contains("panicked"));
    }
    // An account missing from #KONTO is named at its first use; its figures are right.
    let dir = project(
        good.replace("#PSALDO 0 201103 1930", "#PSALDO 0 201103 1940")
            .replace("#TRANS 1930", "#TRANS 1940")
            .as_bytes(),
    );
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("varning: konto 1940 saknas bland SIE-filens konton (#KONTO): det visas som ”Konto 1940”\n  --> content/ovn/q1/bokforing.se:6:1"),
        "{stderr}"
    );
}

#[test]
fn own_account_plan_groups_only_latin1_and_res_for_a_whole_year() {
    // ISO-8859-1, as some systems write; #RES for the whole year; no #PSALDO.
    let mut bytes: Vec<u8> = b"#FLAGGA 0\r\n#SIETYP 2\r\n#RAR 0 20180101 20181231\r\n#KONTO 1930 \"F\xf6retagskonto\"\r\n#KONTO 2010 \"Eget kapital\"\r\n#KONTO 3010 \"Bidrag fr\xe5n medlemmarna\"\r\n#KONTO 5010 \"Lokalhyra\"\r\n".to_vec();
    bytes.extend_from_slice(b"#IB 0 1930 1000\r\n#IB 0 2010 -1000\r\n#UB 0 1930 1700\r\n#UB 0 2010 -1000\r\n#RES 0 3010 -1000\r\n#RES 0 5010 300\r\n");
    let dir = project(&bytes);
    let doc = dir.path().join("content/ovn/q1");
    std::fs::write(
        doc.join("bokforing.yaml"),
        "typ: sie\nfil: bokforing.se\nkontoplan: egen.yaml\nkonton: false\n",
    )
    .unwrap();
    std::fs::write(
        doc.join("egen.yaml"),
        "typ: kontoplan\ngrupper:\n  - { namn: Pengar, avsnitt: tillgångar, konton: [\"1900-1999\"] }\n  - { namn: Kapital, avsnitt: eget_kapital, konton: [2010] }\n  - { namn: Medlemsbidrag, avsnitt: resultat, konton: [\"3000-3999\"] }\n  - { namn: Lokaler, avsnitt: resultat, konton: [\"5000-5099\"] }\n",
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    // #RES gives a result that is not in the balance accounts yet: #UB 1930 is IB + result.
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&dir.path().join("build/ovn/q1.pdf"));
    assert!(text.contains("Resultatet är 700 kr."), "{text}");
    assert!(text.contains("Medlemsbidrag 1 000"), "{text}");
    assert!(text.contains("Lokaler −300"), "{text}");
    // Only the groups: no account rows.
    assert!(!text.contains("3010"), "{text}");
}

/// A project whose `bokforing.yaml` is `yaml` over `bytes` as `bokforing.se`.
fn sie_project(bytes: &[u8], yaml: &str) -> tempfile::TempDir {
    let dir = project(bytes);
    std::fs::write(dir.path().join("content/ovn/q1/bokforing.yaml"), yaml).unwrap();
    dir
}

/// The vouchers' sums by (yyyymm of the #VER date, account), read here from the #TRANS lines,
/// independently of arshjul.
fn vouchers(text: &str) -> BTreeMap<(u32, u32), Decimal> {
    let mut sums = BTreeMap::new();
    let mut month = 0;
    for line in text.lines() {
        let line = line.trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first() == Some(&"#VER") {
            month = words[3][..6].parse().unwrap();
        } else if words.first() == Some(&"#TRANS") {
            let account: u32 = words[1].parse().unwrap();
            let after_objects = &line[line.find('}').unwrap() + 1..];
            let amount: Decimal = after_objects
                .split_whitespace()
                .next()
                .unwrap()
                .parse()
                .unwrap();
            *sums.entry((month, account)).or_default() += amount;
        }
    }
    sums
}

/// The result (revenue positive) of the accounts `from..=to` over the months `first..=last`.
fn result_of(
    sums: &BTreeMap<(u32, u32), Decimal>,
    accounts: (u32, u32),
    months: (u32, u32),
) -> Decimal {
    -sums
        .iter()
        .filter(|((m, a), _)| {
            (accounts.0..=accounts.1).contains(a) && (months.0..=months.1).contains(m)
        })
        .map(|(_, v)| *v)
        .sum::<Decimal>()
}

fn cp437(path: &Path) -> String {
    arshjul::model::sie::decode(&std::fs::read(path).unwrap())
}

#[test]
fn vouchers_without_periodsaldo_give_the_periods_result() {
    let Some(path) = shared("BL0001_typ4.SE") else {
        return;
    };
    let sums = vouchers(&cp437(&path));
    // The BAS plan's resultaträkning: 3000–8999.
    let result = result_of(&sums, (3000, 8999), (200907, 200912));
    let costs = result_of(&sums, (4000, 7999), (200907, 200912));
    let revenue = result_of(&sums, (3000, 3999), (200907, 200912));
    assert_eq!(kr(result), "211 461");
    let dir = sie_project(
        &std::fs::read(&path).unwrap(),
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2009-07-01, till: 2009-12-31 }\nkontoplan: bas\n",
    );
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("9999"), "{stderr}");
    let text = pdf_text(&dir.path().join("build/ovn/q1.pdf"));
    assert!(
        text.contains(&format!("Resultatet är {} kr.", kr(result))),
        "{text}"
    );
    let budget: Decimal = cp437(&path)
        .lines()
        .filter_map(
            |l| match l.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["#PBUDGET", "0", period, account, "{}", amount] => {
                    let (period, account): (u32, u32) =
                        (period.parse().unwrap(), account.parse().unwrap());
                    ((200907..=200912).contains(&period) && (4000..=7999).contains(&account))
                        .then(|| -amount.parse::<Decimal>().unwrap())
                }
                _ => None,
            },
        )
        .sum();
    assert!(
        text.contains(&format!(
            "S:a Rörelsens kostnader {} {} {}",
            kr(budget),
            kr(costs),
            kr(costs - budget)
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(" {} ", kr(revenue))),
        "{}: {text}",
        kr(revenue)
    );
    assert!(text.contains("Utfall jul–dec 2009"), "{text}");
    assert!(!text.contains("Konton utanför kontoplanen"), "{text}");
}

#[test]
fn the_whole_year_names_an_account_outside_the_plan() {
    let Some(path) = shared("BL0001_typ4.SE") else {
        return;
    };
    let sums = vouchers(&cp437(&path));
    let obs = result_of(&sums, (9999, 9999), (200907, 201006));
    let result = result_of(&sums, (3000, 9999), (200907, 201006));
    let dir = sie_project(
        &std::fs::read(&path).unwrap(),
        "typ: sie\nfil: bokforing.se\nkontoplan: bas\n",
    );
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "varning: konto 9999 Obs-konto ({}\u{a0}kr i perioden) hör inte till någon grupp i kontoplanen",
            kr(-obs).replace(' ', "\u{a0}")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/ovn/q1/bokforing.se:"),
        "{stderr}"
    );
    let text = pdf_text(&dir.path().join("build/ovn/q1.pdf"));
    // No budget for 9999: a blank budget cell, then utfall (and last year's, from #RES −1).
    let row = text
        .split("Konton utanför kontoplanen 9999 Obs")
        .nth(1)
        .and_then(|rest| rest.split("S:a Konton").next())
        .unwrap_or_else(|| panic!("no row for 9999: {text}"));
    assert!(
        row.trim_start_matches(['-', ' '])
            .trim_start_matches("konto")
            .trim_start()
            .starts_with(&kr(obs)),
        "{row}"
    );
    assert!(text.contains("Konton utanför kontoplanen"), "{text}");
    assert!(
        // The file budgets 600 000 for the year.
        text.contains(&format!("ÅRETS RESULTAT 600 000 {}", kr(result))),
        "{text}"
    );
    assert!(text.contains("Utfall jul 2009–jun 2010"), "{text}");
}

#[test]
fn a_period_outside_the_fiscal_year_is_refused_at_its_line() {
    let Some(path) = shared("BL0001_typ4.SE") else {
        return;
    };
    let dir = sie_project(
        &std::fs::read(&path).unwrap(),
        "typ: sie\nfil: bokforing.se\nkontoplan: bas\nperiod: { från: 2011-01-01, till: 2011-08-31 }\n",
    );
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("perioden 2011-01-01 – 2011-08-31 ligger inte inom räkenskapsåret i content/ovn/q1/bokforing.se (2009-07-01 – 2010-06-30, #RAR 0)\n  --> content/ovn/q1/bokforing.yaml:4:"),
        "{stderr}"
    );
}

#[test]
fn a_period_past_omfattn_is_an_error_or_with_ofullstandig_a_remark() {
    let Some(path) = shared("magenta_bokforing_SIE4E.se") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let yaml = "typ: sie\nfil: bokforing.se\nperiod: { från: 2011-01-01, till: 2011-08-31 }\n";
    let dir = sie_project(&bytes, yaml);
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "perioden slutar 2011-08-31 men SIE-filen omfattar bokföringen bara t.o.m. 2011-01-31"
        ) && stderr.contains("--> content/ovn/q1/bokforing.yaml:3:"),
        "{stderr}"
    );
    let dir = sie_project(&bytes, &format!("{yaml}ofullständig: tillåt\n"));
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("varning: SIE-filen omfattar bokföringen t.o.m. 2011-01-31 (#OMFATTN)"),
        "{stderr}"
    );
    let text = pdf_text(&dir.path().join("build/ovn/q1.pdf"));
    assert!(
        text.contains("Bokföringen omfattar t.o.m. 31 januari 2011"),
        "{text}"
    );
    // January alone is complete, and named as one month.
    let dir = sie_project(
        &bytes,
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2011-01-01, till: 2011-01-31 }\n",
    );
    let (code, _, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&dir.path().join("build/ovn/q1.pdf"));
    assert!(text.contains("Utfall januari 2011"), "{text}");
    assert!(!text.contains("Bokföringen omfattar"), "{text}");
}

#[test]
fn periodsaldo_that_disagrees_with_the_vouchers_names_account_and_month() {
    let Some(path) = shared("magenta_bokforing_SIE4E.se") else {
        return;
    };
    let text = cp437(&path);
    let (index, original) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("#PSALDO 0  201101 3010 {}"))
        .unwrap();
    let changed = text.replace(original, "#PSALDO 0  201101 3010 {} -1.00");
    let dir = sie_project(
        changed.as_bytes(),
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2011-01-01, till: 2011-01-31 }\n",
    );
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "konto 3010, januari 2011: #PSALDO är −1\u{a0}kr men verifikationerna summerar till"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> content/ovn/q1/bokforing.se:{}:1", index + 1)),
        "{stderr}"
    );
}

#[test]
fn opening_balance_and_vouchers_must_give_the_closing_balance() {
    let Some(path) = shared("BL0001_typ4.SE") else {
        return;
    };
    let text = cp437(&path);
    let (index, original) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("#UB 0 1930 "))
        .unwrap();
    let changed = text.replace(original, "#UB 0 1930 1");
    let dir = sie_project(changed.as_bytes(), "typ: sie\nfil: bokforing.se\n");
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("konto 1930: #UB 1\u{a0}kr är inte #IB"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("--> content/ovn/q1/bokforing.se:{}:1", index + 1)),
        "{stderr}"
    );
}

#[test]
fn wrong_values_of_the_new_keys_are_located_errors() {
    let good = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20110101 20111231\n#KONTO 1930 Bank\n#KONTO 3010 Bidrag\n#PSALDO 0 201101 1930 {} 100\n#PSALDO 0 201101 3010 {} -100\n";
    let dir = sie_project(
        good.as_bytes(),
        "typ: sie\nfil: bokforing.se\nform: balansrapprt\ntecken: publicerat\nofullständig: kanske\nkolumner: [utfal]\n",
    );
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    for (message, line) in [
        ("`form` ska vara `balansräkning` eller `balansrapport`", 3),
        ("`tecken` ska vara `bokföring` eller `rapport`", 4),
        ("`ofullständig` ska vara `tillåt` eller `fel`", 5),
        ("okänd kolumn `utfal`", 6),
    ] {
        assert!(
            stderr.contains(&format!(
                "{message}\n  --> content/ovn/q1/bokforing.yaml:{line}:"
            )),
            "{message} at line {line}: {stderr}"
        );
    }
    assert!(stderr.contains("menade du `utfall`?"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The unknown column as its kind, with the nearest column.
    let (_, stdout, _) = described(&arshjul(dir.path(), &["check", "--meddelanden=json"]));
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            "content/ovn/q1/bokforing.yaml:6:12",
            "kolumn",
            "utfal",
            Some("utfall")
        )],
        "{stdout}"
    );
}
