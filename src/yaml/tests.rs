//! The module's behaviour through its public face: the tree, the syntax-error messages, the
//! decimal commas and the map reader.

use super::*;
use crate::diagnostics::{Diagnostic, Position};

#[test]
fn keys_are_the_text_written_not_yaml_1_1_booleans() {
    let node = parse("y: 1\nno: 2\nOn: 3\n~: 4\n2022: 5\n", "a.yaml", 0).unwrap();
    let Value::Map(entries) = &node.value else {
        panic!("{node:?}")
    };
    let names: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
    assert_eq!(names, ["y", "no", "On", "~", "2022"]);
}

fn map_of(node: &Node) -> &[(Key, Node)] {
    match &node.value {
        Value::Map(m) => m,
        other => panic!("not a map: {other:?}"),
    }
}

#[test]
fn numbers_keep_the_text_typed() {
    let node = parse("a: 1234.50\nb: -8091800\nc: \"61 478\"\n", "x.yaml", 0).unwrap();
    let map = map_of(&node);
    assert_eq!(map[0].1.value, Value::Number("1234.50".into()));
    assert_eq!(map[1].1.value, Value::Number("-8091800".into()));
    assert_eq!(map[2].1.value, Value::String("61 478".into()));
}

#[test]
fn numbers_in_flow_sequences_keep_their_text() {
    let node = parse("belopp: [61478, 0.10, ~]\n", "x.yaml", 0).unwrap();
    let Value::Seq(items) = &map_of(&node)[0].1.value else {
        panic!("not a seq")
    };
    assert_eq!(items[0].value, Value::Number("61478".into()));
    assert_eq!(items[1].value, Value::Number("0.10".into()));
    assert_eq!(items[2].value, Value::Null);
}

#[test]
fn values_know_their_place() {
    let node = parse(
        "titel: Plan\nfastställd:\n  organ: styrelsen\n",
        "x.yaml",
        1,
    )
    .unwrap();
    let map = map_of(&node);
    assert_eq!(map[0].1.position, Position { line: 2, column: 8 });
    assert_eq!(map[1].0.position.line, 3);
    let inner = map_of(&map[1].1);
    assert_eq!(inner[0].0.name, "organ");
    assert_eq!(
        inner[0].1.position,
        Position {
            line: 4,
            column: 10
        }
    );
}

#[test]
fn numeric_keys_become_text() {
    let node = parse("not: { 2022: Avslutas. }\n", "x.yaml", 0).unwrap();
    let inner = map_of(&map_of(&node)[0].1);
    assert_eq!(inner[0].0.name, "2022");
}

#[test]
fn syntax_errors_are_located() {
    let err = parse("a: [1, 2\nb: 3\n", "x.yaml", 10).unwrap_err();
    assert_eq!(err.file.as_deref(), Some(std::path::Path::new("x.yaml")));
    assert!(err.position.is_some_and(|p| p.line > 10), "{err:?}");
    assert_eq!(
        err.position,
        Some(Position {
            line: 11,
            column: 4
        })
    );
    let twice = parse("a: 1\na: 2\n", "x.yaml", 0).unwrap_err();
    assert_eq!(twice.message, "nyckeln `a` står två gånger");
}

/// The message, `line:column` and hints of the error for `text`.
fn fails(text: &str) -> (String, (usize, usize), Vec<String>) {
    let d = parse(text, "x.yaml", 0).unwrap_err();
    let p = d.position.expect("a place");
    (d.message, (p.line, p.column), d.hints)
}

#[test]
fn a_tab_is_reported_on_its_own_line() {
    let (message, place, hints) = fails("a: 1\n\tb: 2\n");
    assert_eq!(message, "tabbtecken i indraget");
    assert_eq!(place, (2, 1));
    assert!(hints[0].contains("mellanslag"), "{hints:?}");
    let (_, place, _) = fails("a:\n  - 1\n \t- 2\n");
    assert_eq!(place, (3, 2));
}

#[test]
fn a_colon_in_a_title_asks_for_quotes() {
    let (message, place, hints) =
        fails("typ: rapport\ntitel: Verksamhetsplan 2027: fokus på unga\n");
    assert_eq!(
        message,
        "värdet av `titel` innehåller `: `, som YAML läser som en ny nyckel"
    );
    assert_eq!(place, (2, 8));
    assert_eq!(
        hints,
        ["sätt värdet inom citattecken: titel: \"Verksamhetsplan 2027: fokus på unga\""]
    );
}

#[test]
fn trailing_spaces_do_not_move_the_place() {
    let (_, place, _) = fails("titel: Plan 2027: fokus   \n");
    assert_eq!(place, (1, 8));
    let (_, place, _) = fails("a: 1\nb: \"abc  \nc: 3\n");
    assert_eq!(place, (2, 4));
}

#[test]
fn a_quote_inside_a_quoted_title() {
    let (message, place, hints) = fails("titel: \"Planen \"Unga vuxna\" 2027\"\n");
    assert_eq!(
        message,
        "citattecknet inne i värdet avslutar texten för tidigt"
    );
    assert_eq!(place, (1, 8));
    assert!(
        hints[0].starts_with(
            "skriv värdet inom enkla citattecken: titel: 'Planen \"Unga vuxna\" 2027'"
        ),
        "{hints:?}"
    );
}

#[test]
fn wrong_indentation_names_the_line_and_the_column_above() {
    let (message, place, hints) =
        fails("kostnader:\n  - grupp: Kansli\n   rader:\n      - { post: Lön, belopp: [1] }\n");
    assert_eq!(message, "fel indrag: `rader:` står i kolumn 4");
    assert_eq!(place, (3, 4));
    assert!(
        hints[0].starts_with("raden ovanför börjar i kolumn 5"),
        "{hints:?}"
    );
    let (message, place, _) = fails("a:\n  b: 1\n c: 2\n");
    assert_eq!(message, "fel indrag: `c: 2` står i kolumn 2");
    assert_eq!(place, (3, 2));
    let (_, place, _) = fails("kostnader:\n  - grupp: X\n     rader:\n      - 1\n");
    assert_eq!(place, (3, 6));
}

#[test]
fn a_list_without_brackets() {
    let (message, place, hints) =
        fails("kostnader:\n  - { post: Kansli, belopp: 250, 250, 250 }\n");
    assert_eq!(
        message,
        "`belopp` ska vara en lista, men värdena står utan hakparenteser"
    );
    assert_eq!(place, (2, 21));
    assert_eq!(
        hints,
        ["skriv listan inom hakparenteser: belopp: [250, 250, 250]"]
    );
}

#[test]
fn unclosed_brackets_and_quotes_are_found_where_they_open() {
    let (message, place, _) = fails("a: [1, 2\nb: 3\n");
    assert_eq!(message, "`[` stängs aldrig med `]`");
    assert_eq!(place, (1, 4));
    let (message, place, _) = fails("a: 1\nb: \"abc\nc: 3\n");
    assert_eq!(message, "citattecknet \" stängs aldrig");
    assert_eq!(place, (2, 4));
}

#[test]
fn no_english_from_the_parser_reaches_the_writer() {
    for text in [
        "a:\n  b: 1\n c: 2\n",
        "a: 1\n- b\n",
        "- a\nb: 1\n",
        "a: &x 1\nb: *y\n",
        "a: {x: 1\nb: 3\n",
        "a: [1, 2]]\n",
        "a: }\n",
        "a: @x\n",
        "? a\n? a\n",
    ] {
        let d = parse(text, "x.yaml", 0).unwrap_err();
        let all = format!("{} {}", d.message, d.hints.join(" "));
        for english in [
            " the ",
            "while",
            "found",
            "expected",
            "not allowed",
            "mapping",
            "scalar",
            "alias",
        ] {
            assert!(!all.contains(english), "{text:?}: {all}");
        }
        assert!(d.position.is_some(), "{text:?}");
    }
}

#[test]
fn a_decimal_comma_in_a_list_is_found() {
    let node = parse("belopp: [120,5, 120, 120]\n", "x.yaml", 0).unwrap();
    let (found, place) = decimal_comma(&map_of(&node)[0].1).unwrap();
    assert_eq!(found, "120,5");
    assert_eq!(
        place,
        Position {
            line: 1,
            column: 10
        }
    );
    let node = parse("belopp: [120, 5, 120]\n", "x.yaml", 0).unwrap();
    assert_eq!(decimal_comma(&map_of(&node)[0].1), None);
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    let node = parse("tittel: x\n", "i.md", 0).unwrap();
    let mut r = MapReader::new(&node, "i.md", "front matter").unwrap();
    assert!(r.text("titel").unwrap().is_none());
    let errs = r.unknown_keys(&["titel", "datum"], "front matter");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].message, "okänd nyckel `tittel` i front matter");
    assert_eq!(errs[0].hints, vec!["menade du `titel`?".to_string()]);
    assert_eq!(
        *errs[0].kind,
        crate::diagnostics::Kind::UnknownKey {
            key: "tittel".into(),
            known_in: "front matter".into(),
            suggestion: Some("titel".into()),
        }
    );
    // Nothing near: no suggestion, and the known keys as the hint.
    let errs = r.unknown_keys(&["budget"], "front matter");
    assert_eq!(errs[0].hints, ["kända nycklar: `budget`"]);
    assert!(matches!(
        &*errs[0].kind,
        crate::diagnostics::Kind::UnknownKey {
            suggestion: None,
            ..
        }
    ));
}

#[test]
fn a_reader_hands_over_its_problems_in_order_then_the_unknown_keys() {
    let node = parse("titel: [1]\nid: 7\ntitl: x\n", "x.yaml", 0).unwrap();
    let mut problems = Vec::new();
    assert!(MapReader::open(&node, "x.yaml", "en rad", &mut problems).is_some());
    let list = parse("- 1\n", "x.yaml", 0).unwrap();
    assert!(MapReader::open(&list, "x.yaml", "en rad", &mut problems).is_none());
    assert_eq!(
        problems[0].message,
        "en rad ska vara nycklar med värden, men är en lista"
    );
    let mut map = MapReader::new(&node, "x.yaml", "en rad").unwrap();
    assert_eq!(map.text_or_report("titel"), None);
    assert_eq!(map.text_or_report("id").as_deref(), Some("7"));
    map.report(Diagnostic::warning("egen").in_file("x.yaml"));
    let found = map.finish(&["titel", "id"], "en rad");
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`titel` ska vara en text, men är en lista",
            "egen",
            "okänd nyckel `titl` i en rad"
        ]
    );
    assert_eq!(found[2].position.map(|p| p.line), Some(3));
}

#[test]
fn a_decimal_comma_in_a_flow_map_says_so() {
    let node = parse("- { post: Bidrag, utfall: 120,5 }\n", "x.yaml", 0).unwrap();
    let Value::Seq(items) = &node.value else {
        panic!("{node:?}")
    };
    let mut map = MapReader::new(&items[0], "x.yaml", "en rad").unwrap();
    map.get("post");
    assert!(map.comma_split("utfall"));
    assert!(!map.comma_split("post"));
    map.get("utfall");
    let d = map.unknown_keys(&["post", "utfall"], "en post");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message, "`120,5` läses som två belopp: 120 och 5");
    assert_eq!(
        d[0].position,
        Some(Position {
            line: 1,
            column: 27
        })
    );
    assert_eq!(
        d[0].hints,
        ["decimaltal skrivs med punkt i YAML: 120.5, eller som text: \"120,5\""]
    );
    // Two decimal commas with the same decimals: the parser's duplicate key `5`.
    let (message, at, hints) = fails("a: { budget: 120,5, utfall: 130,5 }\n");
    assert_eq!(message, "`120,5` läses som två belopp: 120 och 5");
    assert_eq!(at, (1, 14));
    assert_eq!(
        hints,
        ["decimaltal skrivs med punkt i YAML: 120.5, eller som text: \"120,5\""]
    );
    // A real duplicate key in a flow map is still one.
    let (message, _, _) = fails("a: { b: 1, b: 2 }\n");
    assert_eq!(message, "nyckeln `b` står två gånger");
}
