//! `typ: budget`: the multi-year budget of a verksamhetsplan (Budget), computed and checked.
//!
//! Every figure the budget prints is a [`Figure`] made here: each post's amount at its cell's
//! file and line, every group's sum ([`sum_lines`]), summa intäkter, summa medel (intäkter +
//! ingående eget kapital), summa kostnader, årets resultat (intäkter − kostnader), each
//! top-level cost group's share, and the equity chain (utgående = ingående + årets resultat;
//! next year's ingående is this year's utgående, the same figure). Expectations written in the
//! file are checked against them, and a detail budget's groups against the summary rows they
//! roll up into (`summerar:`).
//!
//! Reading the file is [`reader`], the checks against the author's own figures and between
//! budgets [`checks`]; the printed tables are made in [`tables`].

mod checks;
mod reader;
mod scale;
mod tables;

pub use checks::check_rollups;
pub use reader::read;
pub use tables::row_note;

use rust_decimal::Decimal;

use super::Located;
use super::figure::Figure;
use super::lines;
use crate::diagnostics::Position;
use crate::money::Unit;

/// A line of a budget table: a post (Row) or a grupp (Group).
#[derive(Debug, Clone)]
pub enum Line {
    /// `post:` with `belopp:` per year.
    Row(Row),
    /// `grupp:` with `rader:`.
    Group(Group),
}

/// A post: one line of amounts.
#[derive(Debug, Clone)]
pub struct Row {
    /// `post`
    pub name: String,
    /// `id`
    pub id: Option<String>,
    /// `belopp`, one per year, each written at its cell; `None` is a blank cell.
    pub amounts: Vec<Option<Figure>>,
    /// Where each year's amount is written, for messages about one cell.
    pub cells: Vec<Option<Position>>,
    /// `not`: footnotes by year (`None` for the whole row).
    pub notes: Vec<(Option<i32>, String)>,
    /// Where the post is written.
    pub position: Position,
}

/// A grupp of lines, with its computed sum.
#[derive(Debug, Clone)]
pub struct Group {
    /// `grupp`
    pub name: String,
    /// `id`
    pub id: Option<String>,
    /// `rader`
    pub lines: Vec<Line>,
    /// `summa_namn`: the label of the sum line (“Summa strukturinsatser”).
    pub sum_label: Option<String>,
    /// `summa`: the sums the author expects, per year.
    pub expected: Vec<Option<Located<Decimal>>>,
    /// `summerar`: the id of the summary row this detail group rolls up into.
    pub summarises: Option<Located<String>>,
    /// `not`: footnotes by year.
    pub notes: Vec<(Option<i32>, String)>,
    /// The computed sum per year: its lines' amounts and sums ([`sum_lines`]).
    pub sum: Vec<Figure>,
    /// Per year: an amount in the group was wrong and is reported, so its sum is unknown and
    /// its `summa` is not checked (one mistake, one message).
    pub unknown: Vec<bool>,
    /// Where the group is written.
    pub position: Position,
}

/// A checked budget with every figure computed.
#[derive(Debug, Clone)]
pub struct Budget {
    /// The file, relative to the project root.
    pub file: String,
    /// `titel`, if any.
    pub title: Option<String>,
    /// `enhet`
    pub unit: Unit,
    /// `år`
    pub years: Vec<i32>,
    /// `intäkter`
    pub income: Vec<Line>,
    /// `kostnader`
    pub costs: Vec<Line>,
    /// Summa intäkter per year.
    pub income_total: Vec<Figure>,
    /// Ingående eget kapital per year: the first as written (a zero from nothing when it is
    /// not), each later one the year before's utgående (a list written is checked against it).
    pub opening_equity: Vec<Figure>,
    /// Summa medel: summa intäkter + ingående eget kapital.
    pub funds_total: Vec<Figure>,
    /// Summa kostnader per year.
    pub cost_total: Vec<Figure>,
    /// Utgående eget kapital per year: ingående eget kapital + årets resultat.
    pub closing_equity: Vec<Figure>,
    /// Årets resultat per year: summa intäkter − summa kostnader (negative for a planned
    /// deficit), the change from ingående to utgående eget kapital.
    pub result: Vec<Figure>,
    /// `medlemsbidrag`: how the kommuner share their quarter of the medlemsintäkter, when the
    /// budget says so (it overrides forbund.yaml's).
    pub member_split: Option<super::split::Split>,
    /// Whether the file gives an opening equity at all.
    pub has_equity: bool,
    /// `ingående_eget_kapital_not`: footnotes on the opening equity, by year.
    pub equity_notes: Vec<(Option<i32>, String)>,
    /// Whether the intäkter table counts the opening equity among the year's funds, as the
    /// seeds print it (Ingående eget kapital, Summa medel): see [`reader::funds_shown`].
    pub funds_shown: bool,
}
impl Row {
    /// The post's amount for the year at `index` (`None` when blank).
    pub fn figure(&self, index: usize) -> Option<&Figure> {
        self.amounts.get(index).and_then(Option::as_ref)
    }

    /// The post's amounts, a blank cell as a zero from nothing.
    pub fn figures(&self) -> Vec<Figure> {
        self.amounts
            .iter()
            .map(|a| a.clone().unwrap_or_else(Figure::zero))
            .collect()
    }
}

impl Line {
    /// The line's figure for the year at `index`: a post's amount (`None` when blank), a
    /// group's sum.
    pub fn figure(&self, index: usize) -> Option<&Figure> {
        match self {
            Line::Row(r) => r.figure(index),
            Line::Group(g) => g.sum.get(index),
        }
    }
}

impl lines::Figures for Line {
    fn figure(&self, column: usize) -> Option<&Figure> {
        Line::figure(self, column)
    }
}

/// The sum of lines per year ([`lines::column_sum`]), a year every line leaves blank a zero
/// from nothing: a group's and a table's sums.
pub fn sum_lines(lines: &[Line], years: usize) -> Vec<Figure> {
    (0..years)
        .map(|y| lines::column_sum(lines, y).unwrap_or_else(Figure::zero))
        .collect()
}
impl Budget {
    /// Every line, depth first: groups before their rows, intäkter before kostnader.
    pub(crate) fn all_lines(&self) -> Vec<&Line> {
        fn walk<'a>(line: &'a Line, out: &mut Vec<&'a Line>) {
            out.push(line);
            if let Line::Group(g) = line {
                for l in &g.lines {
                    walk(l, out);
                }
            }
        }
        let mut out = Vec::new();
        for line in self.income.iter().chain(&self.costs) {
            walk(line, &mut out);
        }
        out
    }

    /// Every row and group with an id: (id, name, figures per year; a blank cell is a zero
    /// from nothing).
    pub fn ids(&self) -> Vec<(String, String, Vec<Figure>)> {
        self.all_lines()
            .into_iter()
            .filter_map(|line| match line {
                Line::Row(r) => {
                    r.id.as_ref()
                        .map(|id| (id.clone(), r.name.clone(), r.figures()))
                }
                Line::Group(g) => {
                    g.id.as_ref()
                        .map(|id| (id.clone(), g.name.clone(), g.sum.clone()))
                }
            })
            .collect()
    }

    /// Whether this is a detail budget: one whose groups roll up into another's rows.
    pub fn is_detail(&self) -> bool {
        !self.rollups().is_empty()
    }

    /// The groups of this (detail) budget that roll up into a summary row.
    fn rollups(&self) -> Vec<&Group> {
        self.all_lines()
            .into_iter()
            .filter_map(|line| match line {
                Line::Group(g) if g.summarises.is_some() => Some(g),
                _ => None,
            })
            .collect()
    }

    /// A top-level cost group's share of summa kostnader, per year: its sum's ratio to the
    /// total (`None` when the total is zero).
    pub fn shares(&self, group: &Group) -> Vec<Option<Figure>> {
        group
            .sum
            .iter()
            .zip(&self.cost_total)
            .map(|(s, t)| s.share_of(t))
            .collect()
    }

    /// The values of [`Budget::shares`].
    pub fn share(&self, group: &Group) -> Vec<Option<Decimal>> {
        self.shares(group)
            .into_iter()
            .map(|s| s.map(|s| s.value))
            .collect()
    }
}

#[cfg(test)]
mod tests;
