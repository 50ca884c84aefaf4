//! `typ: budget`: seed 000's printed totals are caught; computed, the same budget prints right.

use crate::support::{arshjul, described, fixture, pdf_text, skip_without};

#[test]
fn the_printed_totals_of_seed_000_are_reported_with_both_figures() {
    let project = fixture("budget-2020");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let file = "content/goteborg/plan/budget.yaml";
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
            "ingående eget kapital 2021 är 11\u{a0}791\u{a0}tkr men utgående eget kapital 2020 är 11\u{a0}291\u{a0}tkr",
            ":5:32",
        ),
        (
            "ingående eget kapital 2022 är 10\u{a0}953\u{a0}tkr men utgående eget kapital 2021 är 10\u{a0}493\u{a0}tkr",
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
    if skip_without(&["pdftotext"]) {
        return;
    }
    let text = pdf_text(&project.path().join("build/goteborg/plan.pdf"));
    for expected in [
        "Summa kostnader 82 240 64 376 64 376",
        "Utgående eget kapital 11 291 10 493 3 695",
        "Summa 93 531 74 869 68 071",
        "Motsvarar 6,8 % av kostnadsbudgeten",
        "Motsvarar 80,8 % av kostnadsbudgeten",
        "Motsvarar 12,4 % av kostnadsbudgeten",
        // Prose quoting computed figures.
        "De samlade kostnaderna uppgår till 82,2 mnkr, och 11,3 mnkr flyttas över till 2021.",
        // The members' contributions by the law's split.
        "Försäkringskassan 30 739 000 kr",
        "Göteborgs Stad 15 369 500 kr",
        "Västra Götalandsregionen 15 369 500 kr",
        "Totalt: 61 478 000 kr",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
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
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("detaljbudgetens `Strukturövergripande aktiviteter` summerar till 5\u{a0}580\u{a0}tkr för 2020, men `struktur` i content/goteborg/plan/budget.yaml är 5\u{a0}592\u{a0}tkr\n  --> content/goteborg/plan/detaljbudget.yaml:7:15"),
        "{stderr}"
    );
    // Corrected, it builds and the detail budget is an appendix.
    let detail = std::fs::read_to_string(plan.join("detaljbudget.yaml")).unwrap();
    std::fs::write(
        plan.join("detaljbudget.yaml"),
        detail.replace("3900", "3912"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    if skip_without(&["pdftotext"]) {
        return;
    }
    let text = pdf_text(&project.path().join("build/goteborg/plan.pdf"));
    assert!(text.contains("Detaljbudget 2020"), "{text}");
    assert!(text.contains("Övrigt 3 912"), "{text}");
}
