//! Noter in an årsredovisning: the statements' notes numbered in print order, a “Not” column
//! in their tables, and the Noter section.
use serde::Serialize;

use super::statement::{PrintedRow, PrintedTable};
use super::{Amount, View};

/// A note of the Noter section.
#[derive(Debug, Serialize)]
pub(super) struct Note {
    nummer: i64,
    text: String,
}

/// Numbers the notes of the statements `order` (data names) among `views`: each statement's
/// table gets a “Not” column (first after the row name) and loses its footnotes. Returns the
/// Noter section.
pub(super) fn number(views: &mut [(&str, View<'_>)], order: &[&str]) -> Vec<Note> {
    let mut notes: Vec<String> = Vec::new();
    for name in order {
        // The last value of a name is the one templates see.
        let table = match views.iter_mut().rev().find(|(n, _)| n == name) {
            Some((_, View::Statement(s))) => &mut s.tabell,
            Some((_, View::CashFlow(c))) => &mut c.tabell,
            _ => continue,
        };
        number_table(table, &mut notes);
    }
    notes
        .into_iter()
        .zip(1..)
        .map(|(text, nummer)| Note { nummer, text })
        .collect()
}

/// Gives the rows of `table` with a note its number (a text in `notes` keeps its number).
fn number_table(table: &mut PrintedTable, notes: &mut Vec<String>) {
    if !table.rader.iter().any(|r| note_of(r).is_some()) {
        return;
    }
    table.rubriker.insert(0, "Not".into());
    // A group's heading has no cells: its number goes on its sum line.
    let mut carried: Vec<usize> = Vec::new();
    for row in &mut table.rader {
        let number = note_of(row).map(|text| match notes.iter().position(|n| *n == text) {
            Some(i) => i + 1,
            None => {
                notes.push(text);
                notes.len()
            }
        });
        let number = match row.slag {
            "rubrik" => {
                carried.push(number.unwrap_or(0));
                None
            }
            "summa" => carried.pop().filter(|n| *n > 0).or(number),
            _ => number,
        };
        row.not = None;
        if !matches!(row.slag, "avsnitt" | "rubrik") {
            let cell = number.map(Amount::count);
            row.celler.insert(0, cell);
        }
    }
}

fn note_of(row: &PrintedRow) -> Option<String> {
    row.not.clone().filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::statement::{Kind, read};
    use crate::yaml;

    #[test]
    fn notes_are_numbered_in_print_order_and_shared() {
        let mut statements = Vec::new();
        for (text, kind) in [
            (
                "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 100, not: Medlemmarnas bidrag }\n  - { post: Kansli, utfall: -50 }\n",
                Kind::Income,
            ),
            (
                "typ: balansräkning\ntillgångar:\n  - { post: Bank, ingående: 10, förändring: 50, not: Ett konto }\neget_kapital:\n  - { post: Eget kapital, ingående: -10, förändring: -50, not: Medlemmarnas bidrag }\n",
                Kind::Balance,
            ),
        ] {
            let node = yaml::parse(text, "x.yaml", 0).unwrap();
            let (s, p) = read(&node, "x.yaml", kind, &Default::default());
            assert!(p.is_empty(), "{p:?}");
            statements.push(s.unwrap());
        }
        let mut views: Vec<(&str, View<'_>)> = vec![
            (
                "resultatrakning",
                View::Statement(statements[0].view(&statements[0].printed_table())),
            ),
            (
                "balansrakning",
                View::Statement(statements[1].view(&statements[1].printed_table())),
            ),
        ];
        let notes = number(&mut views, &["resultatrakning", "balansrakning"]);
        let texts: Vec<(i64, &str)> = notes.iter().map(|n| (n.nummer, n.text.as_str())).collect();
        assert_eq!(texts, [(1, "Medlemmarnas bidrag"), (2, "Ett konto")]);
        let table = |i: usize| match &views[i].1 {
            View::Statement(s) => &s.tabell,
            _ => unreachable!(),
        };
        // The number stands first among the cells, the footnote is gone.
        let numbered = |i: usize, name: &str| {
            let row = table(i)
                .rader
                .iter()
                .find(|r| r.namn == name && r.slag == "post")
                .unwrap();
            assert_eq!(row.not, None, "{name}");
            row.celler[0].as_ref().map(|a| a.belopp.clone())
        };
        assert_eq!(numbered(0, "Bidrag").as_deref(), Some("1"));
        assert_eq!(numbered(0, "Kansli"), None);
        // Bank carries note 2; eget kapital shares note 1 with Bidrag.
        assert_eq!(numbered(1, "Bank").as_deref(), Some("2"));
        assert_eq!(numbered(1, "Eget kapital").as_deref(), Some("1"));
        assert_eq!(table(0).rubriker[0], "Not");
        assert_eq!(table(1).rubriker[0], "Not");
    }
}
