//! The template view of the flerårsöversikt: its printed table in the shape of a statement's
//! (`tabell: { rubriker, rader: [{ slag, namn, nivå, celler }] }`, so that the statement
//! layouts print it; soliditet's row has `slag: procent` and shares for cells), and each key
//! figure as a list by year for the prose (`flerarsoversikt.eget_kapital[0]`, newest first).

use serde::Serialize;

use super::{Amount, Entries, decimal_text};
use crate::model::figure::Figure;
use crate::model::overview::{KEYS, Key, Overview};
use crate::money::Unit;

/// The flerårsöversikt for templates.
#[derive(Serialize)]
pub(super) struct OverviewView {
    typ: &'static str,
    enhet: &'static str,
    tabell: Table,
    /// The years printed, newest first.
    #[serde(rename = "år")]
    years: Vec<i64>,
    /// What is said under the table.
    #[serde(rename = "anmärkningar")]
    notes: Vec<String>,
    /// The years of the five that no source gives.
    saknas: Vec<String>,
    /// Each key figure by year (`intäkter`, `soliditet`, ...), as `år`; a blank cell none.
    #[serde(flatten)]
    figures: Entries<Vec<Option<Cell>>>,
}

/// The printed table.
#[derive(Serialize)]
struct Table {
    rubriker: Vec<String>,
    rader: Vec<Row>,
}

/// A printed row: `slag` is `post`, or `procent` for a row of shares.
#[derive(Serialize)]
struct Row {
    slag: &'static str,
    namn: String,
    #[serde(rename = "nivå")]
    level: i64,
    celler: Vec<Option<Cell>>,
    not: Option<String>,
}

/// A cell: an amount, or a share as a decimal fraction (`"0.856"`, for `| procent`).
#[derive(Serialize, Clone)]
#[serde(untagged)]
enum Cell {
    Amount(Amount),
    Share(String),
}

fn cell(key: Key, figure: &Figure) -> Cell {
    match key {
        Key::Solidity => Cell::Share(decimal_text(figure.value)),
        _ => Cell::Amount(Amount::of(figure, Unit::Kr)),
    }
}

impl Overview {
    /// The flerårsöversikt for templates.
    pub(super) fn view(&self) -> OverviewView {
        let cells = |key: Key, row: &crate::model::printed::Row| -> Vec<Option<Cell>> {
            row.cells
                .iter()
                .map(|c| c.as_ref().map(|f| cell(key, f)))
                .collect()
        };
        let rows = self.rows.iter().zip(&self.table.rows);
        OverviewView {
            typ: "flerårsöversikt",
            enhet: Unit::Kr.label(),
            tabell: Table {
                rubriker: self
                    .table
                    .columns
                    .iter()
                    .map(|c| c.heading.clone())
                    .collect(),
                rader: rows
                    .clone()
                    .map(|(key, row)| Row {
                        slag: row.kind.name(),
                        namn: row.name.clone(),
                        level: i64::try_from(row.level).unwrap_or(0),
                        celler: cells(*key, row),
                        not: row.note.clone(),
                    })
                    .collect(),
            },
            years: self.years.iter().map(|(y, _)| i64::from(*y)).collect(),
            notes: self.notes.clone(),
            saknas: self.missing.clone(),
            figures: Entries(
                KEYS.iter()
                    .map(|key| {
                        let list = rows.clone().find(|(k, _)| *k == key).map_or_else(
                            || vec![None; self.years.len()],
                            |(_, row)| cells(*key, row),
                        );
                        (key.key().to_owned(), list)
                    })
                    .collect(),
            ),
        }
    }
}
