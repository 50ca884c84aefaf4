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
//! Reading the file is `reader`, the checks against the author's own figures and between
//! budgets `checks`; the printed tables are made in `tables`.

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

/// A line of a budget table: a `post:` with `belopp:` per year, or a `grupp:` of `rader:`
/// whose figures are its computed sums per year ([`sum_lines`]; a year its lines leave blank
/// a zero from nothing). A group's `unknown` says per year whether an amount in it was wrong
/// and is reported, so its `summa` is not checked (one mistake, one message); a post's is
/// empty (the reader marks its groups).
pub type Line = lines::Line<Keys>;

/// The keys of a budget's line besides those every line has.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// `not`: footnotes by year (`None` for the whole line).
    pub notes: Vec<(Option<i32>, String)>,
    /// A post's: where each year's amount is written, for messages about one cell.
    pub cells: Vec<Option<Position>>,
    /// A group's `summa_namn`: the label of the sum line (“Summa strukturinsatser”).
    pub sum_label: Option<String>,
    /// A group's `summa`: the sums the author expects, per year.
    pub expected: Vec<Option<Located<Decimal>>>,
    /// A group's `summerar`: the id of the summary row this detail group rolls up into.
    pub summarises: Option<Located<String>>,
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
    /// seeds print it (Ingående eget kapital, Summa medel): see `reader::funds_shown`.
    pub funds_shown: bool,
}
impl Line {
    /// The line's figures per year, a blank cell as a zero from nothing: a post's amounts, a
    /// group's sums.
    pub fn figures(&self) -> Vec<Figure> {
        self.amounts
            .iter()
            .map(|a| a.clone().unwrap_or_else(Figure::zero))
            .collect()
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
            for l in &line.lines {
                walk(l, out);
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
            .filter_map(|line| {
                let id = line.id.as_ref()?;
                Some((id.clone(), line.name.clone(), line.figures()))
            })
            .collect()
    }

    /// Whether this is a detail budget: one whose groups roll up into another's rows.
    pub fn is_detail(&self) -> bool {
        !self.rollups().is_empty()
    }

    /// The groups of this (detail) budget that roll up into a summary row.
    fn rollups(&self) -> Vec<&Line> {
        self.all_lines()
            .into_iter()
            .filter(|line| line.group && line.keys.summarises.is_some())
            .collect()
    }

    /// A top-level cost group's share of summa kostnader, per year: its sum's ratio to the
    /// total (`None` when the total is zero).
    pub fn shares(&self, group: &Line) -> Vec<Option<Figure>> {
        group
            .figures()
            .iter()
            .zip(&self.cost_total)
            .map(|(s, t)| s.share_of(t))
            .collect()
    }

    /// The values of [`Budget::shares`].
    pub fn share(&self, group: &Line) -> Vec<Option<Decimal>> {
        self.shares(group)
            .into_iter()
            .map(|s| s.map(|s| s.value))
            .collect()
    }
}

#[cfg(test)]
mod tests;
