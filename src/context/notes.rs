//! Noter in an årsredovisning: the statements' notes numbered in print order, a “Not” column
//! in their tables, and the Noter section.
use rust_decimal::Decimal;

use super::{TemplateValue as T, amount_value};
use crate::money::Unit;

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
