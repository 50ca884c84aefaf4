//! The narrative's tests: values escaped on the way in, the filters, placements, and tera's
//! errors told in the writer's terms at their place.

use std::collections::BTreeMap;

use tera::Context;

use super::*;
use crate::context::{Written, context, value};
use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::DIRECTIVE_MARK;
use crate::placement::{Placement, TablePart};

/// The narrative `body` rendered with `ctx`, as `index.md` from its first line.
fn narrate(body: &str, ctx: &Context) -> Result<String, Vec<Diagnostic>> {
    render_narrative(body, ctx, "i.md", 1, &DataFiles::default(), &[], &LIMITS).map(|n| n.text)
}

/// Named values as templates see them, from a YAML map of them.
fn values_of(yaml: &str) -> BTreeMap<String, tera::Value> {
    let node = crate::yaml::parse(yaml, "v.yaml", 0).unwrap();
    let crate::yaml::Value::Map(entries) = &node.value else {
        panic!("{yaml}")
    };
    entries
        .iter()
        .map(|(k, v)| (k.name.clone(), value(&Written(v))))
        .collect()
}

const VALUES: &str = "forbund: { namn: '*Nord* [x]', säte: Mölndals stad }\nbelopp: 61478000\n";

fn values() -> BTreeMap<String, tera::Value> {
    values_of(VALUES)
}

#[test]
fn narrative_values_are_markdown_escaped() {
    let ctx = context(&values());
    let out = narrate("Förbundet {{ forbund.namn }}.", &ctx).unwrap();
    assert_eq!(out, r"Förbundet \*Nord\* \[x\].");
}

#[test]
fn swedish_keys_by_subscript_and_folded() {
    let ctx = context(&values());
    let out = narrate(r#"{{ forbund["säte"] }} / {{ forbund.sate }}"#, &ctx).unwrap();
    assert_eq!(out, "Mölndals stad / Mölndals stad");
}

#[test]
fn number_filters() {
    let ctx = context(&values());
    let out = narrate("{{ belopp | kr }}; {{ belopp | mnkr }}; {{ 61478 | tkr(enhet=\"tkr\") }}; {{ 0.054 | procent }}; {{ \"2020-11-27\" | datum }}", &ctx).unwrap();
    assert_eq!(
        out,
        "61\u{a0}478\u{a0}000\u{a0}kr; 61\\,5\u{a0}mnkr; 61\u{a0}478\u{a0}tkr; 5\\,4\u{a0}\\%; 27 november 2020"
    );
}

#[test]
fn unknown_variable_is_located() {
    let ctx = context(&values());
    let err = render_narrative(
        "Rad ett\n\nHär {{ forbund.nman }}",
        &ctx,
        "c/i.md",
        6,
        &DataFiles::default(),
        &[],
        &LIMITS,
    )
    .unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    assert_eq!(
        err[0].position,
        Some(Position {
            line: 8,
            column: 16
        })
    );
    assert_eq!(err[0].message, "fältet `nman` finns inte i `forbund`");
    assert_eq!(err[0].hints, ["menade du `namn`?"]);
}

#[test]
fn bad_amount_in_filter_is_an_error() {
    let ctx = context(&values());
    let err = narrate("{{ \"tvåhundra\" | kr }}", &ctx).unwrap_err();
    assert!(err[0].message.contains("tvåhundra"), "{}", err[0].message);
}

#[test]
fn directive_function_places_a_mark() {
    let out = narrate("{{ innehall() }}", &Context::new()).unwrap();
    assert_eq!(out, format!("{DIRECTIVE_MARK}0{DIRECTIVE_MARK}"));
}

#[test]
fn placements_are_listed_in_the_order_of_their_marks() {
    let ctx = context(&budget_values());
    let narrative = render_narrative(
        "{{ tabell(namn=\"budget\", del=\"intäkter\") }}\n\n{{ innehall() }}\n\n{{ tabell(namn=\"budget\") }}",
        &ctx,
        "c/index.md",
        6,
        &DataFiles::of_kinds(&[("budget".into(), "budget".into())]),
        &[],
        &LIMITS,
    )
    .unwrap();
    let mark = |i: usize| format!("{DIRECTIVE_MARK}{i}{DIRECTIVE_MARK}");
    assert_eq!(
        narrative.text,
        format!("{}\n\n{}\n\n{}", mark(0), mark(1), mark(2))
    );
    let budget = |part| Placement::Table {
        data: "budget".into(),
        part: Some(part),
    };
    assert_eq!(
        narrative.placements,
        [
            budget(TablePart::Intakter),
            Placement::Contents,
            budget(TablePart::Kostnader)
        ]
    );
}

/// A budget as templates see it: years, amounts with their unit, a list of members.
fn budget_values() -> BTreeMap<String, tera::Value> {
    values_of(&format!(
        "{VALUES}budget:
  typ: budget
  år: [2021, 2022, 2023]
  summa_kostnader:
    - {{ belopp: '100', enhet: tkr }}
    - {{ belopp: '200', enhet: tkr }}
    - {{ belopp: '300', enhet: tkr }}
  medlemsbidrag:
    - {{ namn: Försäkringskassan, belopp: {{ belopp: '50', enhet: tkr }} }}
"
    ))
}

/// The diagnostics for a narrative whose body starts on line 6 of `c/index.md`.
fn errors(body: &str) -> Vec<Diagnostic> {
    let ctx = context(&budget_values());
    render_narrative(
        body,
        &ctx,
        "c/index.md",
        6,
        &DataFiles::of_kinds(&[("budget".into(), "budget".into())]),
        &[],
        &LIMITS,
    )
    .unwrap_err()
}

fn place(d: &Diagnostic) -> (usize, usize) {
    d.position.map(|p| (p.line, p.column)).unwrap_or_default()
}

#[test]
fn a_misspelt_figure_gets_the_name_that_exists() {
    let e = errors("Text\n\nKostnaderna är {{ budget.summa_kostnad[0] | tkr }}.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "fältet `summa_kostnad` finns inte i `budget`");
    assert_eq!(place(&e[0]), (8, 26));
    assert_eq!(e[0].hints, ["menade du `summa_kostnader`?"]);
}

#[test]
fn an_index_past_the_years_names_the_years() {
    let e = errors("{{ budget.summa_kostnader[3] | tkr }}");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].message,
        "`budget.summa_kostnader` har 3 värden: [3] finns inte"
    );
    assert_eq!(place(&e[0]), (6, 26));
    assert_eq!(
        e[0].hints,
        ["ett värde per år: [0] är 2021, [1] är 2022, [2] är 2023"]
    );
}

#[test]
fn an_unknown_filter_is_at_its_line_once() {
    let e = errors("Rad 1\n\nRad 3\n\nRad 5\n\nSumma {{ budget.summa_kostnader[0] | Tkr }}.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "mallfel: filtret `Tkr` finns inte");
    assert_eq!(place(&e[0]), (12, 38));
    assert_eq!(e[0].hints, ["menade du `tkr`?"]);
}

#[test]
fn a_misspelt_function_is_named_with_the_nearest_one() {
    let e = errors("Bidragen {{ avvikelsen(rad=\"Bidrag\") }}.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "mallfel: funktionen `avvikelsen` finns inte");
    assert_eq!(e[0].hints, ["menade du `avvikelse()`?"]);
    let e = errors("{{ xyzzy() }}");
    assert_eq!(
        e[0].hints,
        ["funktionerna är innehall(), tabell(), avvikelse()"]
    );
}

#[test]
fn a_tag_that_does_not_exist_is_named() {
    let e = errors("Vi skriver {% procent %} i texten.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "mallfel: `{% procent %}` är ingen malltagg");
    assert_eq!(place(&e[0]), (6, 12));
    assert!(e[0].hints[1].contains("{% raw %}"), "{:?}", e[0].hints);
}

#[test]
fn an_if_without_endif_points_at_the_if() {
    let e = errors("Text\n{% if dokument %}\nmer text\n");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].message, "mallfel: `{% if %}` stängs aldrig");
    assert_eq!(place(&e[0]), (7, 1));
}

#[test]
fn printing_a_list_or_a_map_into_prose_is_an_error_naming_what_can_be_printed() {
    let e = errors(
        "Bidrag: {{ budget.medlemsbidrag }}. Allt: {{ budget }}. {{ budget.summa_kostnader[1] }}",
    );
    let messages: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`budget.medlemsbidrag` är en lista med 1 värden och kan inte skrivas ut som den är",
            "`budget` är en tabell av fält och kan inte skrivas ut som den är",
            "`budget.summa_kostnader[1]` är ett belopp och skrivs ut med ett filter",
        ]
    );
    assert_eq!(place(&e[0]), (6, 12));
    assert!(
        e[0].hints[0].contains("`{{ budget.medlemsbidrag[0].namn }}`"),
        "{:?}",
        e[0].hints
    );
    assert!(e[0].hints[1].contains("tabell(namn=\"budget\", del=\"medlemsbidrag\")"));
    assert_eq!(e[1].hints, ["det som kan skrivas ut: `budget.typ`"]);
    assert_eq!(
        e[2].hints,
        ["skriv `{{ budget.summa_kostnader[1] | tkr }}` (eller `kr`, `mnkr`, `tal`)"]
    );
    // With a filter, or a field of it, all is well.
    let ctx = context(&budget_values());
    let out = narrate(
        "{{ budget.summa_kostnader[1] | tkr }}, {{ budget.medlemsbidrag[0].namn }}",
        &ctx,
    )
    .unwrap();
    assert_eq!(out, "200\u{a0}tkr, Försäkringskassan");
}

#[test]
fn a_value_whose_file_failed_is_no_second_error() {
    let ctx = context(&values());
    let e = render_narrative(
        "{{ budget.summa_kostnader[0] | tkr }}",
        &ctx,
        "i.md",
        1,
        &DataFiles::default(),
        &["budget".into()],
        &LIMITS,
    )
    .unwrap_err();
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn no_english_from_tera_reaches_the_writer() {
    for body in [
        "{{ budget.summa_kostnad }}",
        "{{ nix }}",
        "{{ budget.summa_kostnader[9] }}",
        "{{ budget.typ.x }}",
        "{% procent %}",
        "{% if %}",
        "{% for %}",
        "{{ 1 + }}",
        "{{ budget | Tkr }}",
        "{{ budget.summa_kostnader[0] | kr(enhet=\"öre\") }}",
        "{{ \"x\" | kr }}",
        "{{ okand() }}",
        "{{ x is odd }}",
        "{% if x %}",
        "{{ budget.ar[0] | datum }}",
        "{{ budget.summa_kostnader[0] | tal(decimaler=\"två\") }}",
        "{% set %}",
        "{{ [1, 2 }}",
        "{{ budget.summa_kostnader[\"a\"] }}",
    ] {
        let e = errors(body);
        assert!(!e.is_empty(), "{body}");
        for d in &e {
            let all = format!("{} {}", d.message, d.hints.join(" "));
            for english in [
                " the ",
                "Variable",
                "Field",
                "Unknown",
                "undefined",
                "expected",
                "Found",
                "Cannot",
                "Tried",
                "not defined",
                "string",
                "integer",
            ] {
                assert!(!all.contains(english), "{body}: {all}");
            }
            assert!(d.position.is_some(), "{body}: {d:?}");
        }
    }
}
