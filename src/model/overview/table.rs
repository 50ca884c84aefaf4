//! The printed table of the flerårsöversikt: the five years up to the document's, newest first,
//! a row per key figure, with the years and figures missing said under it.

use std::collections::BTreeMap;

use super::year::Year;
use super::{KEYS, Key, Overview, Sources, listed};
use crate::diagnostics::Diagnostic;
use crate::model::figure::Figure;
use crate::model::printed::{self, Column, Row, RowKind};

/// The printed table of the five years up to `current`, newest first, with what is missing
/// said under it (and, where the narrative asks for the table, as warnings).
pub(super) fn table(
    known: &BTreeMap<i32, Year>,
    current: i32,
    sources: &Sources<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Overview {
    let window = (current - 4)..=current;
    let shown_years: Vec<&Year> = known.range(window.clone()).rev().map(|(_, y)| y).collect();
    let missing: Vec<String> = window
        .rev()
        .filter(|y| !known.contains_key(y) && sources.founded.is_none_or(|f| *y >= f))
        .map(|y| y.to_string())
        .collect();
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    let mut blanks: Vec<(Key, Vec<String>)> = Vec::new();
    for key in KEYS {
        let cells: Vec<Option<Figure>> = shown_years.iter().map(|y| y.get(key).cloned()).collect();
        if cells.iter().all(Option::is_none) {
            continue;
        }
        let without: Vec<String> = shown_years
            .iter()
            .filter(|y| y.get(key).is_none())
            .map(|y| y.label.clone())
            .collect();
        if !without.is_empty() {
            blanks.push((key, without));
        }
        let kind = match key {
            Key::Solidity => RowKind::Percent,
            _ => RowKind::Post,
        };
        rows.push(Row::new(kind, key.name(), 0, cells));
        keys.push(key);
    }
    let mut notes = Vec::new();
    if !missing.is_empty() {
        let mut oldest_first = missing.clone();
        oldest_first.reverse();
        notes.push(format!("Uppgifter för {} saknas.", listed(&oldest_first)));
    }
    if let Some((file, at)) = &sources.asked_at {
        let mut say = |message: String, hint: &str| {
            problems.push(
                Diagnostic::warning(message)
                    .in_file(file.as_str())
                    .at(*at)
                    .hint(hint),
            );
        };
        if !missing.is_empty() {
            let mut oldest_first = missing.clone();
            oldest_first.reverse();
            let year = oldest_first.first().cloned().unwrap_or_default();
            say(
                format!(
                    "flerårsöversikten saknar {}: inget av dokumentets underlag ger {}",
                    listed(&oldest_first),
                    if missing.len() > 1 {
                        "de åren"
                    } else {
                        "det året"
                    }
                ),
                &format!(
                    "lägg SIE-filen för {year} i dokumentets mapp (t.ex. bokforing-{year}.se), eller skriv årets nyckeltal i en datafil med `typ: nyckeltal`: `år: {{ {year}: {{ intäkter: …, kostnader: …, årets_resultat: …, eget_kapital: …, soliditet: …, likvida_medel: …, medlemsbidrag: … }} }}`"
                ),
            );
        }
        // A blank cell: one warning for the table, year by year, oldest first.
        if !blanks.is_empty() {
            let by_year: Vec<String> = shown_years
                .iter()
                .rev()
                .filter_map(|y| {
                    let keys: Vec<String> = blanks
                        .iter()
                        .filter(|(_, years)| years.contains(&y.label))
                        .map(|(k, _)| k.said().to_owned())
                        .collect();
                    (!keys.is_empty()).then(|| format!("{} saknar {}", y.label, listed(&keys)))
                })
                .collect();
            let hint = if blanks.iter().any(|(k, _)| *k == Key::Contributions) {
                "skriv de värdena i nyckeltalsfilen (`typ: nyckeltal`); medlemsbidragen ur bokföringen kräver att nyckeltalsfilen anger deras konton: `konton: { medlemsbidrag: [\"3010-3019\"] }`"
            } else {
                "skriv de värdena i nyckeltalsfilen (`typ: nyckeltal`)"
            };
            say(
                format!(
                    "flerårsöversikten lämnar rutor tomma: {}",
                    by_year.join("; ")
                ),
                hint,
            );
        }
    }
    Overview {
        years: shown_years
            .iter()
            .map(|y| (y.year, y.label.clone()))
            .collect(),
        missing,
        rows: keys,
        table: printed::Table {
            columns: shown_years
                .iter()
                .map(|y| Column {
                    key: y.label.clone(),
                    heading: y.label.clone(),
                })
                .collect(),
            rows,
        },
        notes,
    }
}
