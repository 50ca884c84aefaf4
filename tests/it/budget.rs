//! The verksamhetsplan as a board reads it: `typ: budget` with its result and equity chain, the
//! members' contributions, one column grid, charts kept with their tables, the letterhead. Seed
//! 000's printed totals are caught; computed, the same budget prints right.

use crate::support::{
    MissingKey, Reported, UnknownName, WrongForm, arshjul, described, fixture, missing_keys,
    pdf_text, reported, unknown_names, wrong_forms,
};
use rust_decimal::Decimal;

#[test]
fn the_printed_totals_of_seed_000_are_reported_with_both_figures() {
    let project = fixture("budget-2020");
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let file = "content/goteborg/plan/budget.yaml";
    // The printed totals, as kinds: the figure the seed prints against the one computed from its
    // lines, at the printed figure; and the equity chain, each year's written ingående against
    // the year before's computed utgående, at the written one.
    let kinds = reported(&stdout);
    for (slag, expected, computed, difference, place) in [
        ("fel_summa", 81_740, 82_240, -500, ":38:19"),
        ("fel_summa", 11_791, 11_291, 500, ":39:25"),
        ("fel_summa", 66_531, 68_071, -1_540, ":37:29"),
        ("skillnad", 11_791, 11_291, 500, ":5:32"),
        ("skillnad", 10_953, 10_493, 460, ":5:39"),
    ] {
        let mismatch = Reported {
            slag: slag.to_owned(),
            place: format!("{file}{place}"),
            figures: Some((
                Decimal::from(expected),
                Decimal::from(computed),
                Decimal::from(difference),
                "tkr".into(),
            )),
        };
        assert!(
            kinds.contains(&mismatch),
            "missing {mismatch:?} in:\n{stdout}"
        );
    }
    for (message, place) in [
        (
            "summa kostnader 2020: väntat 81\u{a0}740\u{a0}tkr, beräknat 82\u{a0}240\u{a0}tkr",
            ":38:19",
        ),
        (
            "utgående eget kapital 2020: väntat 11\u{a0}791\u{a0}tkr, beräknat 11\u{a0}291\u{a0}tkr",
            ":39:25",
        ),
        (
            "summa medel (intäkter och ingående eget kapital) 2022: väntat 66\u{a0}531\u{a0}tkr, beräknat 68\u{a0}071\u{a0}tkr",
            ":37:29",
        ),
        // The chain: 2021 opens with what 2020 closed with, both years named.
        (
            "ingående eget kapital 2021 är 11\u{a0}791\u{a0}tkr men utgående eget kapital 2020 är 11\u{a0}291\u{a0}tkr, skillnad 500\u{a0}tkr",
            ":5:32",
        ),
        (
            "ingående eget kapital 2022 är 10\u{a0}953\u{a0}tkr men utgående eget kapital 2021 är 10\u{a0}493\u{a0}tkr, skillnad 460\u{a0}tkr",
            ":5:39",
        ),
    ] {
        let expected = format!("{message}\n  --> {file}{place}");
        assert!(
            stderr.contains(&expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // The group sums the seed prints are right: no error for them.
    assert!(!stderr.contains("summan för"), "{stderr}");
    assert!(!project.path().join("build").exists());
}

#[test]
fn computed_the_budget_prints_the_right_totals_and_shares() {
    let project = fixture("budget-2020-ratt");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/goteborg/plan.pdf"));
    for expected in [
        "Summa intäkter 70 452 63 578 57 578",
        "Summa kostnader 82 240 64 376 64 376",
        "Motsvarar 6,8 % av kostnadsbudgeten",
        "Motsvarar 80,8 % av kostnadsbudgeten",
        "Motsvarar 12,4 % av kostnadsbudgeten",
        // The result the board decides on, a planned deficit, and the equity chain.
        "RESULTAT Summa intäkter 70 452 63 578 57 578 Summa kostnader −82 240 −64 376 −64 376 Årets resultat −11 788 −798 −6 798",
        "EGET KAPITAL Ingående eget kapital 23 079 11 291 10 493 Årets resultat −11 788 −798 −6 798 Utgående eget kapital 11 291 10 493 3 695",
        // Prose quoting computed figures.
        "De samlade kostnaderna uppgår till 82,2 mnkr, och 11,3 mnkr flyttas över till 2021.",
        // The members' contributions by the law's split, for every year of the plan.
        "Försäkringskassan 50,0 % 30 739 000 27 739 000 24 739 000",
        "Göteborgs Stad 25,0 % 15 369 500 13 869 500 12 369 500",
        "Västra Götalandsregionen 25,0 % 15 369 500 13 869 500 12 369 500",
        "Totalt 100 % 61 478 000 55 478 000 49 478 000",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

/// The words of a PDF with their boxes: (page, xMin, xMax, text).
fn words(pdf: &std::path::Path) -> Vec<(usize, f64, f64, String)> {
    crate::support::pdf_words(pdf)
        .into_iter()
        .map(|w| (w.page, w.x0, w.x1, w.text))
        .collect()
}

#[test]
fn the_year_columns_of_intakter_and_kostnader_line_up() {
    // In tkr the year headers are the widest cells; in kronor the figures are, and kostnader's
    // (−1 200 000) are wider than intäkter's: one grid for both all the same.
    for (name, pdf, years, unit) in [
        (
            "budget-2020-ratt",
            "goteborg/plan",
            ["2020", "2021", "2022"],
            "tkr",
        ),
        (
            "medlemsbidrag",
            "nord/plan-2027",
            ["2027", "2028", "2029"],
            "kr",
        ),
    ] {
        let project = fixture(name);
        let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        let words = words(&project.path().join(format!("build/{pdf}.pdf")));
        for year in years {
            // The headers: a year followed by its unit (the members' table, in kronor, has its
            // own grid and an Andel column; it comes first).
            let mut headers: Vec<(f64, f64)> = words
                .windows(2)
                .filter(|w| w[0].3 == year && w[1].3 == unit)
                .map(|w| (w[0].1, w[1].2))
                .collect();
            if unit == "kr" {
                headers.remove(0);
            }
            assert_eq!(
                headers.len(),
                2,
                "{name} {year}: intäkter and kostnader, {headers:?}"
            );
            let (a, b) = (headers[0], headers[1]);
            assert!(
                (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01,
                "{name}: {year} {unit} stands at {a:?} in intäkter but {b:?} in kostnader"
            );
        }
    }
}

#[test]
fn two_kommuner_share_their_quarter_by_population_for_every_year() {
    let project = fixture("medlemsbidrag");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/nord/plan-2027.pdf"));
    // ¼ of 1 050 000 is 262 500: by 70 000 and 33 000 inhabitants 178 398,06 and 84 101,94,
    // rounded by the largest remainder to 178 398 and 84 102, adding up to the quarter. In 2029
    // the total 1 000 002 leaves a krona over the law's split, which goes to the kommuner.
    for expected in [
        "Medlem Andel 2027 kr 2028 kr 2029 kr",
        "Försäkringskassan 50,0 % 525 000 550 000 500 001",
        "Norrby kommun 17,0 % 178 398 186 893 169 904",
        "Söderby kommun 8,0 % 84 102 88 107 80 097",
        "Region Nordland 25,0 % 262 500 275 000 250 000",
        "Totalt 100 % 1 050 000 1 100 000 1 000 002",
        "Årets resultat −50 000 −100 000 2",
        "Utgående eget kapital 250 000 150 000 150 002",
        // Prose quotes the result and a kommun's contribution.
        "Styrelsen planerar ett underskott på −50 000 kr år 2027.",
        "Norrby kommun betalar 178 398 kr.",
        // A footnote mark follows its number (never "¹200 000").
        "Kansli 200 000 200 0001 200 000",
        "1Hyran höjs.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn prose_says_a_members_contribution_by_its_name_and_a_misspelt_name_is_located() {
    let project = fixture("medlemsbidrag");
    let index = project.path().join("content/nord/plan-2027/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!(
            "{text}Söderby betalar {{{{ budget.bidrag[\"Söderby kommun\"][1] | kr }}}} år 2028.\n"
        ),
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // 70 000 and 33 000 inhabitants share a quarter of 1 100 000 in 2028: 33/103 of 275 000 is
    // 88 106,80, which the largest remainder rounds to 88 107 (the members' table prints it).
    let expected = Decimal::from(275_000) * Decimal::from(33) / Decimal::from(103);
    assert_eq!(expected.round_dp(0), Decimal::from(88_107));
    let pdf = pdf_text(&project.path().join("build/nord/plan-2027.pdf"));
    assert!(pdf.contains("Söderby betalar 88 107 kr år 2028."), "{pdf}");
    // A name that is no member's: an error at its place, with the member meant.
    std::fs::write(
        &index,
        format!("{text}Söderby betalar {{{{ budget.bidrag[\"Söderbyn kommun\"][1] | kr }}}}.\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    let line = text.lines().count() + 1;
    assert!(
        stderr.contains(&format!("fel: fältet `Söderbyn kommun` finns inte i `budget.bidrag`\n  --> content/nord/plan-2027/index.md:{line}:")),
        "{stderr}"
    );
    assert!(stderr.contains("menade du `Söderby kommun`?"), "{stderr}");
}

#[test]
fn every_prose_error_of_a_document_is_said_in_one_run() {
    let project = fixture("medlemsbidrag");
    let index = project.path().join("content/nord/plan-2027/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}Resultatet {{{{ budget.resultatt[0] | kr }}}}, kostnaderna\n{{{{ budget.summa_kostnadr[0] | kr }}}} och året {{{{ budget.ar[7] }}}}.\n"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    let first = text.lines().count() + 1;
    // Columns count characters: the place of `[7]` on the second line.
    let second = "{{ budget.summa_kostnadr[0] | kr }} och året {{ budget.ar[7] }}.";
    let column = second[..second.find("[7]").unwrap()].chars().count() + 1;
    for (message, place) in [
        (
            "fältet `resultatt` finns inte i `budget`",
            format!("{first}:22"),
        ),
        (
            "fältet `summa_kostnadr` finns inte i `budget`",
            format!("{}:11", first + 1),
        ),
        (
            "`budget.ar` har 3 värden: [7] finns inte",
            format!("{}:{column}", first + 1),
        ),
    ] {
        let located = format!("fel: {message}\n  --> content/nord/plan-2027/index.md:{place}\n");
        assert!(stderr.contains(&located), "{located:?} not in:\n{stderr}");
    }
    assert!(stderr.contains("menade du `resultat`?"), "{stderr}");
    assert!(stderr.contains("menade du `summa_kostnader`?"), "{stderr}");
    assert!(stderr.contains("✗ nord/plan-2027: 3 fel"), "{stderr}");
}

#[test]
fn a_split_that_does_not_add_up_is_an_error_at_its_place() {
    let project = fixture("medlemsbidrag");
    let forbund = project.path().join("content/nord/forbund.yaml");
    std::fs::write(
        &forbund,
        "namn: Samordningsförbundet Nord\nmedlemmar: [Försäkringskassan, Region Nordland, Norrby kommun, Söderby kommun]\nmedlemsbidrag:\n  fördelning:\n    - { kommun: Norrby kommun, andel: 60 % }\n    - { kommun: Söderbyn kommun, andel: 0.3 }\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("andelarna i `fördelning` summerar till 90\u{a0}%, inte 100\u{a0}%\n  --> content/nord/forbund.yaml:5:5"),
        "{stderr}"
    );
    assert!(stderr.contains("öka med 10\u{a0}%"), "{stderr}");
    // As its kind: the shares' sum against 100 %, in per cent.
    let (_, stdout, _) = described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    let shares: Vec<Reported> = reported(&stdout)
        .into_iter()
        .filter(|r| r.slag == "skillnad")
        .collect();
    assert_eq!(
        shares,
        [Reported {
            slag: "skillnad".into(),
            place: "content/nord/forbund.yaml:5:5".into(),
            figures: Some((
                Decimal::from(100),
                Decimal::from(90),
                Decimal::from(10),
                "%".into()
            )),
        }],
        "{stdout}"
    );
    // A kommun that is not a member is named, with the nearest member.
    assert!(
        stderr.contains("kommunen `Söderbyn kommun` i `fördelning` finns inte bland `medlemmar`"),
        "{stderr}"
    );
    assert!(stderr.contains("menade du `Söderby kommun`?"), "{stderr}");
    // As its kind: the unknown kommun, the member it stands for as the suggestion; an error.
    let (_, stdout, _) = described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    let place = "content/nord/forbund.yaml:6:7";
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            place,
            "kommun",
            "Söderbyn kommun",
            Some("Söderby kommun")
        )],
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("fel: kommunen `Söderbyn kommun` i `fördelning` finns inte bland `medlemmar` i forbund.yaml, och medlemmen `Söderby kommun` saknas i `fördelning`\n  --> {place}")),
        "{stderr}"
    );
    // A kommun near a member that `fördelning` has: a warning, with the member.
    std::fs::write(
        &forbund,
        "namn: Samordningsförbundet Nord\nmedlemmar: [Försäkringskassan, Region Nordland, Norrby kommun, Söderby kommun]\nmedlemsbidrag:\n  fördelning:\n    - { kommun: Norrby kommun, andel: 60 % }\n    - { kommun: Söderby kommun, andel: 0.3 }\n    - { kommun: Norby kommun, andel: 0.1 }\n",
    )
    .unwrap();
    let (_, stdout, stderr) = described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    let place = "content/nord/forbund.yaml:7:7";
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            place,
            "kommun",
            "Norby kommun",
            Some("Norrby kommun")
        )],
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("varning: kommunen `Norby kommun` i `fördelning` finns inte bland `medlemmar` i forbund.yaml\n  --> {place}")),
        "{stderr}"
    );
    assert!(
        stderr.contains("tips: menade du `Norrby kommun`?"),
        "{stderr}"
    );
}

#[test]
fn a_detail_budget_in_kr_rolls_up_into_a_summary_in_tkr_as_that_row_is_written() {
    let project = fixture("budget-2020-ratt");
    let plan = project.path().join("content/goteborg/plan");
    // The summary's `struktur` row is 5 592 tkr; the detail budget in kr sums to 5 591 620 kr,
    // which is 5 592 tkr as the summary writes it.
    let detail = |kunskap: &str| {
        format!(
            "typ: budget\ntitel: Detaljbudget 2020\nenhet: kr\når: [2020]\nkostnader:\n  - grupp: Strukturövergripande aktiviteter\n    summerar: struktur\n    rader:\n      - {{ post: Kunskap, belopp: {kunskap} }}\n      - {{ post: Övrigt, belopp: 3900000 }}\n"
        )
    };
    std::fs::write(plan.join("detaljbudget.yaml"), detail("1691620")).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0, "{stdout}{stderr}");
    // 5 580 000 kr is 5 580 tkr: twelve off, said in the summary's unit.
    std::fs::write(plan.join("detaljbudget.yaml"), detail("1680000")).unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    let rollup = Reported {
        slag: "skillnad".to_owned(),
        place: "content/goteborg/plan/detaljbudget.yaml:7:15".to_owned(),
        figures: Some((
            Decimal::from(5_580),
            Decimal::from(5_592),
            Decimal::from(-12),
            "tkr".into(),
        )),
    };
    assert!(
        reported(&stdout).contains(&rollup),
        "missing {rollup:?} in:\n{stdout}"
    );
    let (_, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert!(
        stderr.contains("detaljbudgetens `Strukturövergripande aktiviteter` summerar till 5\u{a0}580\u{a0}000\u{a0}kr för 2020, men `struktur` i content/goteborg/plan/budget.yaml är 5\u{a0}592\u{a0}tkr, skillnad \u{2212}12\u{a0}tkr"),
        "{stderr}"
    );
}

#[test]
fn a_detail_budget_must_roll_up_into_the_summary() {
    let project = fixture("budget-2020-ratt");
    let plan = project.path().join("content/goteborg/plan");
    std::fs::write(
        plan.join("detaljbudget.yaml"),
        "typ: budget\ntitel: Detaljbudget 2020\nenhet: tkr\når: [2020]\nkostnader:\n  - grupp: Strukturövergripande aktiviteter\n    summerar: struktur\n    rader:\n      - { post: Kunskap, belopp: 1680 }\n      - { post: Övrigt, belopp: 3900 }\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("detaljbudgetens `Strukturövergripande aktiviteter` summerar till 5\u{a0}580\u{a0}tkr för 2020, men `struktur` i content/goteborg/plan/budget.yaml är 5\u{a0}592\u{a0}tkr, skillnad \u{2212}12\u{a0}tkr\n  --> content/goteborg/plan/detaljbudget.yaml:7:15"),
        "{stderr}"
    );
    // As a kind: the detail budget's sum against the summary's row, at `summerar:`.
    let rollup = Reported {
        slag: "skillnad".to_owned(),
        place: "content/goteborg/plan/detaljbudget.yaml:7:15".to_owned(),
        figures: Some((
            Decimal::from(5_580),
            Decimal::from(5_592),
            Decimal::from(-12),
            "tkr".into(),
        )),
    };
    assert!(
        reported(&stdout).contains(&rollup),
        "missing {rollup:?} in:\n{stdout}"
    );
    // `summerar:` naming no row's id: an unknown name, with the nearest id.
    let detail = std::fs::read_to_string(plan.join("detaljbudget.yaml")).unwrap();
    std::fs::write(
        plan.join("detaljbudget.yaml"),
        detail.replace("summerar: struktur", "summerar: struktru"),
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stderr}");
    let place = "content/goteborg/plan/detaljbudget.yaml:7:15";
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(place, "id", "struktru", Some("struktur"))],
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!(
            "fel: `summerar: struktru` pekar inte på någon rad med det id:t\n  --> {place}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("tips: menade du `struktur`?"), "{stderr}");
    std::fs::write(plan.join("detaljbudget.yaml"), detail).unwrap();
    // Corrected, it builds and the detail budget is an appendix.
    let detail = std::fs::read_to_string(plan.join("detaljbudget.yaml")).unwrap();
    std::fs::write(
        plan.join("detaljbudget.yaml"),
        detail.replace("3900", "3912"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&project.path().join("build/goteborg/plan.pdf"));
    assert!(text.contains("Detaljbudget 2020"), "{text}");
    assert!(text.contains("Övrigt 3 912"), "{text}");
}

/// The pages of a PDF, one text each.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    crate::support::pdf_text(pdf)
        .split("sida ")
        .map(str::to_owned)
        .collect()
}

#[test]
fn chart_labels_keep_the_datas_decimals_and_the_chart_stays_with_its_table() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::forbund(dir.path(), "Samordningsförbundet Prov");
    // The same chart after 0 to 13 paragraphs: somewhere it meets the foot of a page.
    for k in 0..14 {
        let doc = dir.path().join(format!("content/d{k:02}"));
        std::fs::create_dir_all(&doc).unwrap();
        std::fs::write(
            doc.join("andel.yaml"),
            "typ: tabell\ntitel: Andel i arbete\ndiagram: liggande\nkategorier: [Norrby, Söderby, Västerby]\nserier:\n  - { namn: Procent, värden: [5.2, 31.5, 32.0] }\n",
        )
        .unwrap();
        let filler = "Ett stycke text som fyller ut sidan, rad efter rad, tills diagrammet hamnar nära sidans fot. ".repeat(6);
        let body: String = (0..k).map(|_| format!("{filler}\n\n")).collect();
        std::fs::write(
            doc.join("index.md"),
            format!("---\ntyp: rapport\ntitel: Diagram {k}\ndatum: 2026-01-01\ninnehåll: false\n---\n# Rubrik\n\n{body}{{{{ tabell(namn=\"andel\") }}}}\n\nSlut.\n"),
        )
        .unwrap();
    }
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for k in 0..14 {
        let pdf = dir.path().join(format!("build/d{k:02}.pdf"));
        let text = pdf_text(&pdf);
        // The bars' labels, before the caption: 5,2 stays 5,2, and 32,0 is not 32.
        let chart = &text[..text.find("Diagram 1: Andel i arbete").expect("caption")];
        assert!(
            chart.ends_with("Norrby 5,2 Söderby 31,5 Västerby 32,0 "),
            "{k}: {chart}"
        );
        let pages = pages(&pdf);
        let caption = pages.iter().position(|p| p.contains("Diagram 1:"));
        // The table's header (one series: no legend in the chart), and the table is never split.
        let table = pages.iter().position(|p| p.contains("Procent Norrby 5,2"));
        assert!(caption.is_some() && table.is_some(), "{k}: {pages:#?}");
        assert_eq!(
            caption, table,
            "{k}: the chart and its table part:\n{pages:#?}"
        );
    }
}

#[test]
fn under_a_letterhead_the_text_starts_on_page_1() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::forbund(dir.path(), "Samordningsförbundet Prov");
    for kind in ["rapport", "verksamhetsplan"] {
        let doc = dir.path().join(format!("content/{kind}"));
        std::fs::create_dir_all(&doc).unwrap();
        std::fs::write(
            doc.join("index.md"),
            format!("---\ntyp: {kind}\ntitel: Tjänsteutlåtande om {kind}\ndatum: 2026-11-20\nbrevhuvud: {{ handling: Tjänsteutlåtande, handläggare: Anna Andersson }}\n---\n# Ärendet\n\nFörsta stycket.\n\n# Förslag till beslut\n\nAndra stycket.\n"),
        )
        .unwrap();
    }
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for kind in ["rapport", "verksamhetsplan"] {
        let pages = pages(&dir.path().join(format!("build/{kind}.pdf")));
        assert!(
            pages[0].contains("Anna Andersson")
                && pages[0].contains("Ärendet Första stycket. Förslag till beslut Andra stycket."),
            "{kind}: {pages:#?}"
        );
    }
}

#[test]
fn new_takes_the_year_from_the_folder_and_writes_a_forbund_yaml_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let folder = "content/nord/delarsrapport-2027-08";
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["new", "delårsrapport", folder]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("content/nord/forbund.yaml"),
        "the förbund's file, beside the document: {stdout}"
    );
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    let text = pdf_text(&dir.path().join("build/nord/delarsrapport-2027-08.pdf"));
    for expected in [
        "Samordningsförbundet Exempel",
        "Delårsrapport januari–augusti 2027",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // A second document of the förbund inherits the file instead of getting its own.
    let (_, stdout, _) = described(&arshjul(
        dir.path(),
        &[
            "new",
            "verksamhetsplan",
            "content/nord/verksamhetsplan-2028",
        ],
    ));
    assert!(!stdout.contains("forbund.yaml"), "{stdout}");
    let budget = std::fs::read_to_string(
        dir.path()
            .join("content/nord/verksamhetsplan-2028/budget.yaml"),
    )
    .unwrap();
    assert!(budget.contains("år: [2028, 2029, 2030]"), "{budget}");
}

#[test]
fn a_key_the_budget_lacks_is_its_kind_at_its_place() {
    let project = fixture("medlemsbidrag");
    let doc = project.path().join("content/nord");
    let budget = doc.join("plan-2027/budget.yaml");
    let text = std::fs::read_to_string(&budget).unwrap();
    let check = || {
        let (_, stdout, stderr) =
            described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
        (missing_keys(&stdout), stderr)
    };
    // A post without `belopp`, a budget without `ingående_eget_kapital` (a warning), and a
    // kommun of `fördelning` without `kommun:` and one without `andel` or `invånare`.
    std::fs::write(
        &budget,
        text.replace("ingående_eget_kapital: 300000\n", "").replace(
            "{ post: Samverkansteam, belopp: [900000, 1000000, 800000] }",
            "{ post: Samverkansteam }",
        ),
    )
    .unwrap();
    let forbund = doc.join("forbund.yaml");
    let members = std::fs::read_to_string(&forbund).unwrap();
    std::fs::write(
        &forbund,
        members
            .replace(
                "{ kommun: Norrby kommun, invånare: 70000 }",
                "{ invånare: 70000 }",
            )
            .replace("invånare: \"33 000\" }", "}"),
    )
    .unwrap();
    let (missing, stderr) = check();
    assert_eq!(
        missing,
        [
            MissingKey::new(
                "content/nord/forbund.yaml:6:7",
                "kommun",
                None,
                "kommun",
                &[]
            ),
            MissingKey::new(
                "content/nord/forbund.yaml:7:7",
                "kommun",
                None,
                "andel",
                &["invånare"]
            ),
            MissingKey::new(
                "content/nord/plan-2027/budget.yaml:1:1",
                "budget",
                None,
                "ingående_eget_kapital",
                &[]
            ),
            MissingKey::new(
                "content/nord/plan-2027/budget.yaml:9:9",
                "post",
                Some("Samverkansteam"),
                "belopp",
                &[]
            ),
        ],
        "{stderr}"
    );
    // The texts and hints are the kind's, the same as before it had one.
    for expected in [
        "fel: en kommun i `fördelning` saknar `kommun:`\n",
        "tips: skriv kommunens namn, t.ex. `kommun: Mölndals stad`",
        "fel: en kommun i `fördelning` saknar `andel` eller `invånare`\n",
        "tips: skriv `invånare: 70000` eller `andel: 0.6` (eller `andel: 60 %`)",
        "varning: budgeten saknar `ingående_eget_kapital`: det räknas som 0\n",
        "tips: skriv eget kapital vid första årets början, t.ex. `ingående_eget_kapital: 16900` (i budgetens enhet), eller 0",
        "fel: posten `Samverkansteam` saknar `belopp`\n",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    // A budget without `år`, its unit misspelt: an unknown name, its own hint after the
    // suggestion.
    std::fs::write(&forbund, &members).unwrap();
    std::fs::write(
        &budget,
        text.replace("år: [2027, 2028, 2029]\n", "")
            .replace("enhet: kr", "enhet: Kr"),
    )
    .unwrap();
    let (missing, stderr) = check();
    assert_eq!(
        missing,
        [MissingKey::new(
            "content/nord/plan-2027/budget.yaml:1:1",
            "budget",
            None,
            "år",
            &[]
        )],
        "{stderr}"
    );
    assert!(stderr.contains("fel: budgeten saknar `år`\n"), "{stderr}");
    assert!(
        stderr.contains("tips: skriv t.ex. `år: [2021, 2022, 2023]`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fel: okänd enhet `Kr`\n  --> content/nord/plan-2027/budget.yaml:2:8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  = tips: menade du `kr`?\n  = tips: skriv kr, tkr eller mnkr\n"),
        "{stderr}"
    );
    let (_, stdout, _) = described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(
        unknown_names(&stdout),
        [UnknownName::new(
            "content/nord/plan-2027/budget.yaml:2:8",
            "enhet",
            "Kr",
            Some("kr")
        )],
        "{stdout}"
    );
}

#[test]
fn a_value_of_the_wrong_form_is_its_kind_at_its_place() {
    let project = fixture("medlemsbidrag");
    let doc = project.path().join("content/nord");
    let edit = |file: &str, from: &str, to: &str| {
        let path = doc.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from:?} not in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // An amount written as text, one amount where the budget's three years want a list, a
    // date in the wrong form and one member where `medlemmar` wants a list.
    edit(
        "plan-2027/budget.yaml",
        "belopp: [900000, 1000000, 800000]",
        "belopp: [900000, tolv, 800000]",
    );
    edit(
        "plan-2027/budget.yaml",
        "belopp: [200000, 200000, 200000]",
        "belopp: 200000",
    );
    edit(
        "plan-2027/index.md",
        "datum: 2026-11-20\n",
        "datum: 20/11 2026\n",
    );
    edit(
        "forbund.yaml",
        "medlemmar: [Försäkringskassan, Arbetsförmedlingen, Region Nordland, Norrby kommun, Söderby kommun]",
        "medlemmar: Försäkringskassan",
    );
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--meddelanden=json"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let budget = "content/nord/plan-2027/budget.yaml";
    assert_eq!(
        wrong_forms(&stdout),
        vec![
            WrongForm::new(
                "content/nord/forbund.yaml:2:12",
                "lista",
                Some("medlemmar"),
                None
            ),
            WrongForm::new(&format!("{budget}:10:50"), "belopp", None, Some("tolv")),
            WrongForm::new(&format!("{budget}:13:33"), "lista", Some("belopp"), None),
            WrongForm::new(
                "content/nord/plan-2027/index.md:4:8",
                "datum",
                Some("datum"),
                Some("20/11 2026")
            ),
        ],
        "{stdout}"
    );
    // The messages are the ones they were.
    for message in [
        "`tolv` är inte ett belopp; skriv till exempel 61478, -437001, 1234.50 eller \\\"1 234,50\\\"",
        "`belopp` ska vara en lista med ett belopp per år (3), men är ett tal",
        "`20/11 2026` är inte ett datum; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2020-11-27",
        "`medlemmar` ska vara en lista, men är en text",
    ] {
        assert!(stdout.contains(message), "{message:?} not in:\n{stdout}");
    }
}
