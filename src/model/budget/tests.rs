//! Tests of reading, computing and checking a budget file.

use super::*;
use crate::diagnostics::Diagnostic;
use crate::model::figure::Origin;
use crate::yaml;

fn budget(text: &str) -> (Option<Budget>, Vec<Diagnostic>) {
    let node = yaml::parse(text, "budget.yaml", 0).unwrap();
    read(&node, "budget.yaml")
}

const SEED_000: &str = "\
typ: budget
enhet: tkr
år: [2020, 2021, 2022]
ingående_eget_kapital: 23079
intäkter:
  - { post: Medlemsintäkter, belopp: [61478, 55541, 49541] }
  - { post: Övrigt, belopp: [8974, 8037, 6037] }
kostnader:
  - grupp: Struktur
    id: struktur
    rader:
      - { post: A, belopp: [5592, 2360, 2360] }
  - grupp: Individ
    rader:
      - { post: B, belopp: [66433, 54175, 54175] }
    summa: [66433, 54175, 54175]
  - grupp: Förvaltning
    rader:
      - { post: C, belopp: [10215, 7841, 7841] }
summa_kostnader: [81740, 64376, 64376]
";

#[test]
fn computes_sums_shares_and_the_equity_chain() {
    let (b, problems) = budget(SEED_000);
    let b = b.unwrap();
    assert_eq!(b.cost_total[0], Decimal::from(82240));
    assert_eq!(b.income_total[0], Decimal::from(70452));
    assert_eq!(b.funds_total[0], Decimal::from(93531));
    assert_eq!(b.closing_equity[0], Decimal::from(11291));
    assert_eq!(b.opening_equity[1], Decimal::from(11291));
    let g = group(&b.costs[0]);
    let share = b.share(g)[0].unwrap();
    assert_eq!(crate::money::format_percent(share, 1), "6,8\u{a0}%");
    // The printed total 81 740 is wrong: reported with both figures at its place.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].message.contains(
            "summa kostnader 2020: väntat 81\u{a0}740\u{a0}tkr, beräknat 82\u{a0}240\u{a0}tkr"
        ),
        "{}",
        problems[0].message
    );
    assert_eq!(problems[0].position.map(|p| p.line), Some(20));
}

#[test]
fn a_broken_chain_names_both_years() {
    let (_, problems) = budget(
        "typ: budget\nenhet: tkr\når: [2021, 2022]\ningående_eget_kapital: [100, 50]\nintäkter:\n  - { post: A, belopp: [10, 10] }\nkostnader: []\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("ingående eget kapital 2022 är 50"),
        "{}",
        problems[0].message
    );
    assert!(
        problems[0]
            .message
            .contains("utgående eget kapital 2021 är 110")
    );
}

#[test]
fn group_sums_and_amount_errors_are_located() {
    let (_, problems) = budget(
        "typ: budget\når: [2021]\nkostnader:\n  - grupp: G\n    rader:\n      - { post: A, belopp: [\"1 234,50\"] }\n      - { post: B, belopp: [tvåhundra] }\n    summa: [1000]\n",
    );
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`tvåhundra` är inte ett belopp")),
        "{messages:?}"
    );
    // The sum over the unreadable amount is unknown: no second message about it.
    assert_eq!(messages.len(), 1, "{messages:?}");
}

#[test]
fn a_wrong_amount_silences_only_the_sums_that_depend_on_it() {
    let (_, problems) = budget(
        "typ: budget\når: [2021, 2022]\ningående_eget_kapital: 0\nkostnader:\n  - grupp: G\n    rader:\n      - { post: A, belopp: [\"2 1OO\", 5] }\n    summa: [1, 1]\n  - grupp: H\n    rader:\n      - { post: B, belopp: [3, 3] }\n    summa: [4, 3]\nsumma_kostnader: [9, 9]\n",
    );
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages[0].contains("`2 1OO` är inte ett belopp"),
        "{messages:?}"
    );
    // G 2022 and H 2021 are known and wrong; summa kostnader 2022 too (5 + 3 ≠ 9).
    assert!(
        messages.contains(&"summan för `G` 2022: väntat 1\u{a0}kr, beräknat 5\u{a0}kr"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"summan för `H` 2021: väntat 4\u{a0}kr, beräknat 3\u{a0}kr"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"summa kostnader 2022: väntat 9\u{a0}kr, beräknat 8\u{a0}kr"),
        "{messages:?}"
    );
    assert_eq!(messages.len(), 4, "{messages:?}");
}

#[test]
fn a_decimal_comma_in_a_row_of_one_year_is_one_message() {
    let (_, problems) = budget(
        "typ: budget\når: [2021]\ningående_eget_kapital: 10\nintäkter:\n  - { post: I, belopp: 200 }\nkostnader:\n  - { post: A, belopp: 120,5 }\n  - { post: B, belopp: 10 }\nsumma_kostnader: 130.5\n",
    );
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["`120,5` läses som två belopp: 120 och 5"]);
}

#[test]
fn a_decimal_comma_in_a_row_of_two_years_is_one_message() {
    let (_, problems) = budget(
        "typ: budget\når: [2021, 2022]\ningående_eget_kapital: [10, 10]\nintäkter:\n  - { post: I, belopp: [200, 200] }\nkostnader:\n  - { post: A, belopp: 120,5 }\n  - { post: B, belopp: [10, 10] }\n",
    );
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["`120,5` läses som två belopp: 120 och 5"]);
}

#[test]
fn a_decimal_comma_a_misspelt_key_and_a_negative_cost_each_say_so_once() {
    let (_, problems) = budget(
        "typ: budget\nenhet: tkr\når: [2021, 2022, 2023]\ningående_eget_kapital: 10\nkostnader:\n  - { post: A, belopp: [120,5, 120, 120] }\nsumma_kostnader: [1, 1, 1]\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].message,
        "`120,5` läses som två belopp: 120 och 5"
    );
    assert_eq!(
        problems[0].position,
        Some(Position {
            line: 6,
            column: 25
        })
    );
    assert!(problems[0].hints[0].starts_with("decimaltal skrivs med punkt i YAML: 120.5"));

    let (_, problems) = budget(
        "typ: budget\når: [2021]\ningående_eget_kapital: 10\nintäkter:\n  - { post: I, belopp: 5 }\nkostnder:\n  - { post: A, belopp: 1 }\nsumma_kostnader: 1\nutgående_eget_kapital: 14\n",
    );
    let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["okänd nyckel `kostnder` i budgeten"]);

    let (_, problems) = budget(
        "typ: budget\når: [2021]\nintäkter:\n  - { post: I, belopp: 5 }\nkostnader:\n  - { post: A, belopp: -1 }\nutgående_eget_kapital: 100\n",
    );
    let messages: Vec<(&str, bool)> = problems
        .iter()
        .map(|d| (d.message.as_str(), d.is_error()))
        .collect();
    assert_eq!(
        messages,
        [
            ("kostnaden `A` 2021 är negativ", false),
            (
                "budgeten saknar `ingående_eget_kapital`: det räknas som 0",
                false
            )
        ]
    );
}

#[test]
fn a_list_written_as_text_gets_its_brackets() {
    let (_, problems) = budget(
        "typ: budget\når: [2021, 2022, 2023]\ningående_eget_kapital: 0\nkostnader:\n  - post: A\n    belopp: 250, 250, 250\n",
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].hints,
        ["skriv listan inom hakparenteser: belopp: [250, 250, 250]"]
    );
}

#[test]
fn detail_groups_roll_up_into_summary_rows() {
    let (summary, _) = budget(SEED_000);
    let (detail, p) = budget(
        "typ: budget\nenhet: tkr\når: [2020]\nkostnader:\n  - grupp: Strukturinsatser i detalj\n    summerar: struktur\n    rader:\n      - { post: X, belopp: 5000 }\n      - { post: Y, belopp: 500 }\n  - grupp: Z\n    summerar: strukture\n    rader: []\n",
    );
    assert!(p.is_empty(), "{p:?}");
    let mut problems = Vec::new();
    check_rollups(&[&summary.unwrap(), &detail.unwrap()], &mut problems);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].message.contains("summerar till 5\u{a0}500\u{a0}tkr för 2020, men `struktur` i budget.yaml är 5\u{a0}592\u{a0}tkr"), "{}", problems[0].message);
    assert_eq!(problems[1].hints, vec!["menade du `struktur`?".to_string()]);
}

/// A budget whose every figure has a known line: the trail tests read it.
const TRAIL: &str = "\
typ: budget
enhet: tkr
år: [2020, 2021]
ingående_eget_kapital: 100
intäkter:
  - { post: Medlemsintäkter, belopp: [1000, 900] }
  - { post: Övrigt, belopp: [50, ~] }
kostnader:
  - grupp: Struktur
    rader:
      - { post: A, belopp: [300, 300] }
      - { post: B, belopp: [200, 100] }
  - grupp: Förvaltning
    rader:
      - { post: C, belopp: [500, 500] }
";

fn trail() -> Budget {
    let (b, problems) = budget(TRAIL);
    assert!(problems.is_empty(), "{problems:?}");
    b.unwrap()
}

fn group(line: &Line) -> &Line {
    assert!(line.group, "a post: {}", line.name);
    line
}

fn row(line: &Line) -> &Line {
    assert!(!line.group, "a group: {}", line.name);
    line
}

fn written_at(figure: &Figure) -> (&str, usize) {
    match figure.origin.as_ref() {
        Origin::Written { file, line } => (file, *line),
        other => panic!("not written: {other:?}"),
    }
}

#[test]
fn a_posts_amount_is_written_at_its_line() {
    let b = trail();
    let a = row(&group(&b.costs[0]).lines[0]);
    assert_eq!(
        a.amounts[0].as_ref().map(|f| f.value),
        Some(Decimal::from(300))
    );
    for amount in a.amounts.iter().flatten() {
        assert_eq!(written_at(amount), ("budget.yaml", 11));
    }
    // A blank cell is no figure.
    assert_eq!(row(&b.income[1]).amounts[1], None);
    // The opening equity too, at its key's line.
    assert_eq!(written_at(&b.opening_equity[0]), ("budget.yaml", 4));
}

#[test]
fn a_group_sum_is_made_of_its_posts() {
    let b = trail();
    let structure = group(&b.costs[0]);
    let (a, bee) = (row(&structure.lines[0]), row(&structure.lines[1]));
    let sum = structure.figure(0).unwrap();
    assert_eq!(sum.value, Decimal::from(500));
    assert!(matches!(sum.origin.as_ref(), Origin::Sum(_)));
    let parts = sum.parts();
    assert_eq!(parts.len(), 2);
    assert!(parts[0].same(a.amounts[0].as_ref().unwrap()));
    assert!(parts[1].same(bee.amounts[0].as_ref().unwrap()));
    // Summa kostnader is made of the groups' sums; a group of one post sums to the post.
    let administration = group(&b.costs[1]);
    assert!(
        administration
            .figure(0)
            .unwrap()
            .same(row(&administration.lines[0]).amounts[0].as_ref().unwrap())
    );
    let costs = b.cost_total[0].parts();
    assert!(costs[0].same(sum));
    assert!(costs[1].same(administration.figure(0).unwrap()));
    assert_eq!(b.cost_total[0].value, Decimal::from(1000));
    // A blank cell adds nothing: 2021's intäkter are Medlemsintäkter alone.
    assert!(b.income_total[1].same(row(&b.income[0]).amounts[1].as_ref().unwrap()));
}

#[test]
fn results_funds_and_the_equity_chain_name_their_parts() {
    let b = trail();
    // Årets resultat: summa intäkter − summa kostnader.
    let Origin::Difference(income, costs) = b.result[0].origin.as_ref() else {
        panic!("{:?}", b.result[0].origin)
    };
    assert!(income.same(&b.income_total[0]) && costs.same(&b.cost_total[0]));
    assert_eq!(b.result[0].value, Decimal::from(50));
    // Summa medel: summa intäkter and ingående eget kapital.
    let funds = b.funds_total[0].parts();
    assert!(funds[0].same(&b.income_total[0]) && funds[1].same(&b.opening_equity[0]));
    assert_eq!(b.funds_total[0].value, Decimal::from(1150));
    // Utgående: ingående + årets resultat; next year's ingående is the same figure.
    let closing = b.closing_equity[0].parts();
    assert!(closing[0].same(&b.opening_equity[0]) && closing[1].same(&b.result[0]));
    assert_eq!(b.closing_equity[0].value, Decimal::from(150));
    assert!(b.opening_equity[1].same(&b.closing_equity[0]));
    // 2021: 900 − 900.
    assert_eq!(b.closing_equity[1].value, Decimal::from(150));
}

#[test]
fn a_cost_groups_share_is_its_ratio_to_summa_kostnader() {
    let b = trail();
    let structure = group(&b.costs[0]);
    let share = b.shares(structure)[0].clone().unwrap();
    assert_eq!(share.value, Decimal::new(5, 1));
    let Origin::Ratio(part, whole) = share.origin.as_ref() else {
        panic!("{:?}", share.origin)
    };
    assert!(part.same(structure.figure(0).unwrap()) && whole.same(&b.cost_total[0]));
    // No costs, no share.
    let (none, _) = budget("typ: budget\når: [2021]\nkostnader:\n  - grupp: G\n    rader: []\n");
    let none = none.unwrap();
    assert_eq!(none.shares(group(&none.costs[0])), vec![None]);
}
