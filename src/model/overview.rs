//! The flerårsöversikt of an årsredovisning (LKBR 11 kap. 1 §: an overview of how the activity
//! developed): five years of key figures — intäkter, kostnader, årets resultat, eget kapital,
//! soliditet, likvida medel, medlemsbidrag — as a printed table whose every cell is a
//! [`Figure`](crate::model::figure::Figure) with its origin.
//!
//! The years come from the document's own books (`typ: sie`: year 0, and year −1 where the file
//! has it), from every other SIE file in the document's folder (an earlier year's export), from
//! hand-written statements of the year, and from `typ: nyckeltal` files (earlier years written
//! by hand). Where two of them give the same year, or one year's end is the next year's start,
//! they must agree: a disagreement is an error at the line that is wrong, with both figures.

mod checks;
mod counted;
mod files;
mod records;
mod table;
#[cfg(test)]
mod tests;
mod written;
mod year;

use std::path::Path;
use std::sync::Arc;

use super::printed;
use super::shown;
use super::statement::Statement;
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{self, Date};
use checks::{agree_with_statements, choose, continuity};
use counted::{BookSource, statement_year};
use files::{Plan, SieFile, other_sie_files, plan_of, read_books, resolved};
use table::table;
use written::Written;
use year::Year;

/// A key figure of the overview, a row of its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Intäkter: the result accounts of revenue (3000–3999 and financial income, or `#KTYP I`).
    Revenue,
    /// Kostnader: every other result account but the closing entry (negative, as printed in
    /// the resultaträkning).
    Costs,
    /// Årets resultat: intäkter + kostnader.
    Result,
    /// Eget kapital at the year's end, with the year's result in it, booked or not.
    Equity,
    /// Soliditet: eget kapital as a share of summa tillgångar.
    Solidity,
    /// Likvida medel at the year's end (1900–1999).
    Cash,
    /// Medlemsbidrag: the accounts named by `konton: { medlemsbidrag: [...] }`.
    Contributions,
}

/// The key figures in the order printed.
pub const KEYS: [Key; 7] = [
    Key::Revenue,
    Key::Costs,
    Key::Result,
    Key::Equity,
    Key::Solidity,
    Key::Cash,
    Key::Contributions,
];

impl Key {
    /// The key in a `typ: nyckeltal` file and in templates (`eget_kapital`).
    pub fn key(self) -> &'static str {
        match self {
            Key::Revenue => "intäkter",
            Key::Costs => "kostnader",
            Key::Result => "årets_resultat",
            Key::Equity => "eget_kapital",
            Key::Solidity => "soliditet",
            Key::Cash => "likvida_medel",
            Key::Contributions => "medlemsbidrag",
        }
    }

    /// The row's name as printed.
    pub fn name(self) -> &'static str {
        match self {
            Key::Revenue => "Intäkter",
            Key::Costs => "Kostnader",
            Key::Result => "Årets resultat",
            Key::Equity => "Eget kapital",
            Key::Solidity => "Soliditet",
            Key::Cash => "Likvida medel",
            Key::Contributions => "Medlemsbidrag",
        }
    }

    /// The figure in a sentence (“eget kapital 2017 är …”).
    fn said(self) -> &'static str {
        match self {
            Key::Result => "årets resultat",
            Key::Equity => "eget kapital",
            Key::Cash => "likvida medel",
            other => other.key(),
        }
    }

    fn index(self) -> usize {
        KEYS.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// The flerårsöversikt, made and checked.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The years printed, newest first (the year as the fiscal year's last day has it, and its
    /// label: `2019`, or `2018/19` for a broken year).
    pub years: Vec<(i32, String)>,
    /// The years of the five that no source gives, newest first.
    pub missing: Vec<String>,
    /// The key figure of each row of `table`.
    pub rows: Vec<Key>,
    /// The printed table: a column per year, a row per key figure; amounts in kronor, soliditet
    /// a fraction.
    pub table: printed::Table,
    /// What is said under the table (the years missing).
    pub notes: Vec<String>,
}

/// What the flerårsöversikt of a document is made from.
pub struct Sources<'a> {
    /// The project's root.
    pub root: &'a Path,
    /// The document's folder, whose SIE files are read.
    pub dir: &'a Path,
    /// The document's `typ: sie` data files: the file (from the project root) and its node.
    pub books: Vec<(String, &'a crate::yaml::Node)>,
    /// The document's `typ: nyckeltal` files.
    pub written: Vec<(String, &'a crate::yaml::Node)>,
    /// The document's statements (from its books or written by hand), not its
    /// driftredovisning.
    pub statements: Vec<&'a Statement>,
    /// The year the förbund was formed (`bildat:`): no year before it is missing.
    pub founded: Option<i32>,
    /// Where the narrative names the table (the file and place): a year or a figure missing is
    /// then a warning there too; otherwise it is only said under the table.
    pub asked_at: Option<(String, Position)>,
}

/// The five latest years of key figures up to the document's year, every source read and
/// checked against the others; `None` where no source gives any year.
pub fn build(sources: &Sources<'_>, problems: &mut Vec<Diagnostic>) -> Option<Overview> {
    let mut written = Vec::new();
    for (file, node) in &sources.written {
        written.push(written::read(node, file, problems));
    }
    let contributions = written.iter().find_map(|w| w.contributions.clone());
    // Every SIE file: the document's `typ: sie` files' (whose own problems their statements
    // report), then the folder's others.
    let mut read: Vec<SieFile<'_>> = Vec::new();
    let typed: Vec<String> = sources
        .books
        .iter()
        .filter_map(|(_, node)| resolved(sources, node))
        .collect();
    for (shown, node) in &sources.books {
        if let Some(file) = resolved(sources, node)
            && let Some((books, years)) = read_books(sources.root, &file, &mut Vec::new())
        {
            let data = Some((shown.as_str(), *node));
            read.push(SieFile {
                data,
                file,
                books,
                years,
            });
        }
    }
    for file in other_sie_files(sources, &typed) {
        if let Some((books, years)) = read_books(sources.root, &file, problems) {
            read.push(SieFile {
                data: None,
                file,
                books,
                years,
            });
        }
    }
    // The document's own books: the `typ: sie` file of the latest year.
    let own = read
        .iter()
        .enumerate()
        .filter(|(_, r)| r.data.is_some())
        .max_by_key(|(_, r)| r.years.get(&0).and_then(|y| y.span).map(|(span, _)| span.1))
        .map(|(i, _)| i);
    let plan = own
        .and_then(|i| read[i].data)
        .and_then(|(_, node)| plan_of(sources, node))
        .unwrap_or_else(Plan::bas);
    let mut candidates: Vec<Year> = Vec::new();
    for (i, sie) in read.iter().enumerate() {
        let from = BookSource {
            file: Arc::from(sie.file.as_str()),
            books: &sie.books,
            plan: &plan,
            contributions: contributions.as_deref(),
        };
        let mine = Some(i) == own;
        // The document's own books first, year −1 too: its statements print it as föregående år.
        let ranks = if mine { [0, 1] } else { [2, 3] };
        for (index, rank) in [(0, ranks[0]), (-1, ranks[1])] {
            candidates.extend(
                sie.years
                    .get(&index)
                    .and_then(|y| from.year(y, index, rank)),
            );
        }
        if let (true, Some(year), Some((shown, _))) =
            (mine, candidates.iter().find(|y| y.rank == 0), sie.data)
        {
            let statements: Vec<&Statement> = sources
                .statements
                .iter()
                .copied()
                .filter(|s| s.from_books && s.file == sie.file)
                .collect();
            agree_with_statements(year, &statements, shown, problems);
        }
    }
    if own.is_none() {
        candidates.extend(statement_year(&sources.statements));
    }
    for figures in &written {
        for year in &figures.years {
            candidates.push(Year::written(&figures.file, year, problems));
        }
    }
    candidates.sort_by_key(|y| y.rank);
    let (known, disputed) = choose(candidates, problems);
    continuity(&known, &disputed, problems);
    let current = known
        .values()
        .find(|y| y.rank == 0)
        .or_else(|| known.values().next_back())?
        .year;
    Some(table(&known, current, sources, problems))
}

/// A file as messages name it beside its place: its name (the sources lie in the document's
/// folder, where the message points).
fn file_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// A written figure as the writer wrote it: `1 120 tkr`, `81,8 %`.
fn said(w: &Written) -> String {
    match w.unit {
        Some(u) => shown(w.figure.value / u.kronor(), u),
        None => money::format_percent(w.figure.value, w.decimals),
    }
}

/// A year's label: `2019` for a calendar year, `2018/19` for a broken one.
fn label((from, to): (Date, Date)) -> String {
    if (from.month, from.day, to.month, to.day) == (1, 1, 12, 31) && from.year == to.year {
        to.year.to_string()
    } else {
        format!("{}/{:02}", from.year, to.year.rem_euclid(100))
    }
}

/// The years as a list in Swedish: “2015, 2016 och 2017”.
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}
