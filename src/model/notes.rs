//! Noter: the numbered notes of an årsredovisning. A statement row's `not:` becomes a number in
//! a “Not” column, and the texts a Noter section, numbered in the order the statements print
//! (resultaträkning, balansräkning, kassaflödesanalys, driftredovisning); the same text twice
//! keeps one number. Other documents keep their notes as footnotes.

use rust_decimal::Decimal;

use super::amount_value;
use crate::money::Unit;
use crate::templates::TemplateValue as T;

/// Numbers the notes of the statements `order` (data names) in `values`: each statement's table
/// gets a “Not” column (first after the row name) and loses its footnotes. Returns the Noter
/// section for templates: a list of `{ nummer, text }`.
pub fn number(values: &mut std::collections::BTreeMap<String, T>, order: &[String]) -> T {
    let mut notes: Vec<String> = Vec::new();
    for name in order {
        let Some(T::Map(statement)) = values.get_mut(name) else {
            continue;
        };
        let Some((_, T::Map(table))) = statement.iter_mut().find(|(k, _)| k == "tabell") else {
            continue;
        };
        let has_notes = table.iter().any(|(k, v)| {
            k == "rader" && matches!(v, T::List(rows) if rows.iter().any(|r| note_of(r).is_some()))
        });
        if !has_notes {
            continue;
        }
        for (key, value) in table.iter_mut() {
            match (key.as_str(), value) {
                ("rubriker", T::List(headers)) => headers.insert(0, T::Text("Not".into())),
                ("rader", T::List(rows)) => {
                    // A group's heading has no cells: its number goes on its sum line.
                    let mut carried: Vec<usize> = Vec::new();
                    for row in rows {
                        let number =
                            note_of(row).map(|text| match notes.iter().position(|n| *n == text) {
                                Some(i) => i + 1,
                                None => {
                                    notes.push(text);
                                    notes.len()
                                }
                            });
                        let T::Map(entries) = row else { continue };
                        let kind = entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
                            ("slag", T::Text(s)) => Some(s.clone()),
                            _ => None,
                        });
                        let heading = matches!(kind.as_deref(), Some("avsnitt" | "rubrik"));
                        let number = match kind.as_deref() {
                            Some("rubrik") => {
                                carried.push(number.unwrap_or(0));
                                None
                            }
                            Some("summa") => carried.pop().filter(|n| *n > 0).or(number),
                            _ => number,
                        };
                        for (k, v) in entries.iter_mut() {
                            if k == "not" {
                                *v = T::None;
                            }
                            if k == "celler"
                                && !heading
                                && let T::List(cells) = v
                            {
                                cells.insert(
                                    0,
                                    number.map_or(T::None, |n| {
                                        amount_value(Decimal::from(n), Unit::Kr)
                                    }),
                                );
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    T::List(
        notes
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                T::Map(vec![
                    ("nummer".into(), T::Integer(i as i64 + 1)),
                    ("text".into(), T::Text(text)),
                ])
            })
            .collect(),
    )
}

/// `noter: { "Kassa och bank": "text" }` on a `typ: sie`: notes on the rows the books make,
/// by the row's name as printed (a group of the account plan, or `1930 Bank` with `konton: true`).
/// A name no statement has is an error at its key, with the nearest name as a hint.
pub fn attach(
    node: &crate::yaml::Node,
    file: &str,
    statements: &mut [&mut super::statement::Statement],
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    attach_to_rows(node, file, statements, Attached::Note, problems);
}

/// `kommentarer: { "Nettoomsättning": "text" }` on a `typ: sie`: why a row the books make
/// deviates from its budget (the `kommentar:` of a written row), by the row's printed name.
pub fn attach_comments(
    node: &crate::yaml::Node,
    file: &str,
    statements: &mut [&mut super::statement::Statement],
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    attach_to_rows(node, file, statements, Attached::Comment, problems);
}

/// What a map of row names gives the rows.
#[derive(Clone, Copy)]
enum Attached {
    Note,
    Comment,
}

fn attach_to_rows(
    node: &crate::yaml::Node,
    file: &str,
    statements: &mut [&mut super::statement::Statement],
    what: Attached,
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) {
    use crate::diagnostics::{Diagnostic, nearest};
    use crate::yaml::Value;
    let (key_name, item) = match what {
        Attached::Note => ("noter", "noten"),
        Attached::Comment => ("kommentarer", "kommentaren"),
    };
    let Value::Map(entries) = &node.value else {
        problems.push(
            Diagnostic::error(format!(
                "`{key_name}` ska vara en karta, men är {}",
                node.kind()
            ))
            .in_file(file)
            .at(node.position)
            .hint(format!(
                "skriv t.ex. `{key_name}: {{ Kassa och bank: Medlen står på ett konto i banken. }}`"
            )),
        );
        return;
    };
    fn place(lines: &mut [super::statement::Line], name: &str, text: &str, what: Attached) -> bool {
        let mut found = false;
        for line in lines {
            if line.name == name {
                let slot = match what {
                    Attached::Note => &mut line.note,
                    Attached::Comment => &mut line.comment,
                };
                *slot = Some(text.to_owned());
                found = true;
            }
            found |= place(&mut line.lines, name, text, what);
        }
        found
    }
    fn names(lines: &[super::statement::Line], out: &mut Vec<String>) {
        for line in lines {
            out.push(line.name.clone());
            names(&line.lines, out);
        }
    }
    for (key, value) in entries {
        let Some(text) = value.as_text() else {
            problems.push(
                Diagnostic::error(format!("{item} för `{}` ska vara en text", key.name))
                    .in_file(file)
                    .at(value.position),
            );
            continue;
        };
        let mut found = false;
        for statement in statements.iter_mut() {
            for (_, lines) in &mut statement.sections {
                found |= place(lines, &key.name, text, what);
            }
        }
        if !found {
            let mut all = Vec::new();
            for statement in statements.iter() {
                for (_, lines) in &statement.sections {
                    names(lines, &mut all);
                }
            }
            let mut d = Diagnostic::error(format!(
                "ingen rad i resultat- eller balansräkningen heter `{}`",
                key.name
            ))
            .in_file(file)
            .at(key.position);
            if let Some(n) = nearest(&key.name, all.iter().map(String::as_str)) {
                d = d.hint(format!("menade du `{n}`?"));
            }
            problems.push(d);
        }
    }
}

fn note_of(row: &T) -> Option<String> {
    let T::Map(entries) = row else { return None };
    entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
        ("not", T::Text(t)) if !t.trim().is_empty() => Some(t.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::statement::{Kind, read};
    use crate::yaml;

    #[test]
    fn notes_are_numbered_in_print_order_and_shared() {
        let mut values = std::collections::BTreeMap::new();
        for (name, text, kind) in [
            (
                "resultatrakning",
                "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 100, not: Medlemmarnas bidrag }\n  - { post: Kansli, utfall: -50 }\n",
                Kind::Income,
            ),
            (
                "balansrakning",
                "typ: balansräkning\ntillgångar:\n  - { post: Bank, ingående: 10, förändring: 50, not: Ett konto }\neget_kapital:\n  - { post: Eget kapital, ingående: -10, förändring: -50, not: Medlemmarnas bidrag }\n",
                Kind::Balance,
            ),
        ] {
            let node = yaml::parse(text, "x.yaml", 0).unwrap();
            let (s, p) = read(&node, "x.yaml", kind, &Default::default());
            assert!(p.is_empty(), "{p:?}");
            values.insert(name.to_owned(), s.unwrap().to_template());
        }
        let notes = number(
            &mut values,
            &["resultatrakning".into(), "balansrakning".into()],
        );
        let T::List(notes) = notes else { panic!() };
        assert_eq!(notes.len(), 2, "{notes:?}");
        let shown = format!("{:?}", values["balansrakning"]);
        // Bank carries note 2; eget kapital shares note 1 with Bidrag.
        assert!(shown.contains("Text(\"Not\")"), "{shown}");
        assert!(!shown.contains("Ett konto"), "{shown}");
        let income = format!("{:?}", values["resultatrakning"]);
        assert!(
            income.find("Bidrag").unwrap() < income.find("belopp\", Text(\"1\")").unwrap(),
            "{income}"
        );
    }
}
