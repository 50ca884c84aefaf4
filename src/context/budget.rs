//! The template view of a budget: its lines, sums and shares, and the printed tables of
//! intäkter and kostnader (the rows in order, as layouts print them). A pure projection: every
//! figure is made in the model (`model::budget`), and only formatted here.
use serde::Serialize;

use super::contributions::ContributionsView;
use super::{Amount, Entries, decimal_text};
use crate::model::budget::*;
use crate::model::figure::Figure;
use crate::model::printed;

/// A budget for templates.
#[derive(Serialize)]
pub(super) struct BudgetView {
    typ: &'static str,
    titel: Option<String>,
    enhet: &'static str,
    #[serde(rename = "år")]
    years: Vec<i32>,
    #[serde(rename = "intäkter")]
    income: Vec<LineView>,
    kostnader: Vec<LineView>,
    #[serde(rename = "summa_intäkter")]
    income_total: Vec<Amount>,
    #[serde(rename = "ingående_eget_kapital")]
    opening_equity: Vec<Amount>,
    summa_medel: Vec<Amount>,
    summa_kostnader: Vec<Amount>,
    #[serde(rename = "utgående_eget_kapital")]
    closing_equity: Vec<Amount>,
    resultat: Vec<Amount>,
    har_eget_kapital: bool,
    #[serde(rename = "tabell_intäkter")]
    income_table: Vec<TableRow>,
    tabell_kostnader: Vec<TableRow>,
    /// Every line with an `id`, by it.
    id: Entries<ById>,
    /// `medlemsbidrag` and its totals, for a summary budget whose förbund splits them.
    #[serde(flatten)]
    pub(super) contributions: Option<ContributionsView>,
}

/// A post or a grupp of the budget as written, with its sums.
#[derive(Serialize)]
#[serde(tag = "typ")]
enum LineView {
    #[serde(rename = "post")]
    Row {
        namn: String,
        id: Option<String>,
        belopp: Vec<Option<Amount>>,
        /// Per year.
        noter: Vec<Option<String>>,
        /// On the whole row.
        not: Option<String>,
    },
    #[serde(rename = "grupp")]
    Group {
        namn: String,
        id: Option<String>,
        summa_namn: String,
        summa: Vec<Amount>,
        /// The share of the costs per year, for a top-level cost group.
        andel: Option<Vec<Option<String>>>,
        noter: Vec<Option<String>>,
        not: Option<String>,
        rader: Vec<LineView>,
    },
}

/// A line found by its `id`.
#[derive(Serialize)]
struct ById {
    namn: String,
    belopp: Vec<Amount>,
    andel: Option<Vec<Option<String>>>,
}

impl Budget {
    /// The budget for templates.
    pub(super) fn view(
        &self,
        income: &crate::model::printed::Table,
        costs: &crate::model::printed::Table,
    ) -> BudgetView {
        let lines = |lines: &[Line], top_cost: bool| -> Vec<LineView> {
            lines.iter().map(|l| self.line_view(l, top_cost)).collect()
        };
        let id = self
            .ids()
            .into_iter()
            .map(|(id, name, figures)| {
                let andel = self
                    .costs
                    .iter()
                    .find(|l| l.group && l.id.as_deref() == Some(&id))
                    .map(|g| shares_text(self, g));
                let view = ById {
                    namn: name,
                    belopp: self.amounts(&figures),
                    andel,
                };
                (id, view)
            })
            .collect();
        BudgetView {
            typ: "budget",
            titel: self.title.clone(),
            enhet: self.unit.label(),
            years: self.years.clone(),
            income: lines(&self.income, false),
            kostnader: lines(&self.costs, true),
            income_total: self.amounts(&self.income_total),
            opening_equity: self.amounts(&self.opening_equity),
            summa_medel: self.amounts(&self.funds_total),
            summa_kostnader: self.amounts(&self.cost_total),
            closing_equity: self.amounts(&self.closing_equity),
            resultat: self.amounts(&self.result),
            har_eget_kapital: self.has_equity,
            income_table: self.rows(income),
            tabell_kostnader: self.rows(costs),
            id: Entries(id),
            contributions: None,
        }
    }

    fn line_view(&self, line: &Line, top_cost: bool) -> LineView {
        if !line.group {
            return LineView::Row {
                namn: line.name.clone(),
                id: line.id.clone(),
                belopp: line
                    .amounts
                    .iter()
                    .map(|a| self.amount(a.as_ref()))
                    .collect(),
                noter: self.year_notes(&line.keys.notes),
                not: row_note(&line.keys.notes),
            };
        }
        LineView::Group {
            namn: line.name.clone(),
            id: line.id.clone(),
            summa_namn: line.sum_name(),
            summa: self.amounts(&line.figures()),
            andel: top_cost.then(|| shares_text(self, line)),
            noter: self.year_notes(&line.keys.notes),
            not: row_note(&line.keys.notes),
            rader: line
                .lines
                .iter()
                .map(|l| self.line_view(l, false))
                .collect(),
        }
    }

    fn amounts(&self, figures: &[Figure]) -> Vec<Amount> {
        figures.iter().map(|f| Amount::of(f, self.unit)).collect()
    }

    /// An amount, or a blank cell.
    fn amount(&self, figure: Option<&Figure>) -> Option<Amount> {
        figure.map(|f| Amount::of(f, self.unit))
    }

    /// The rows of a printed table, every row with a cell and a note per year (blank where
    /// the model has none: a heading).
    fn rows(&self, table: &printed::Table) -> Vec<TableRow> {
        let n = table.columns.len();
        table
            .rows
            .iter()
            .map(|row| TableRow {
                slag: row.kind.name(),
                namn: row.name.clone(),
                level: i64::try_from(row.level).unwrap_or(i64::MAX),
                celler: (0..n)
                    .map(|i| self.amount(row.cells.get(i).and_then(Option::as_ref)))
                    .collect(),
                noter: (0..n)
                    .map(|i| row.cell_notes.get(i).cloned().flatten())
                    .collect(),
                not: row.note.clone(),
                andel: row.share.as_ref().map(share_text),
            })
            .collect()
    }

    /// Every text a year column of this budget's tables can hold (the year headers and each
    /// figure as printed), for sizing one column grid across a document's budget tables.
    fn column_texts(&self) -> Vec<String> {
        let mut texts: Vec<String> = self
            .years
            .iter()
            .map(|y| format!("{y} {}", self.unit.label()))
            .collect();
        texts.extend(
            self.column_figures()
                .iter()
                .map(|f| crate::money::format_number(f.value, 0)),
        );
        texts
    }
}

/// A cost group's share of the costs per year, as exact decimal text.
fn shares_text(budget: &Budget, group: &Line) -> Vec<Option<String>> {
    budget
        .shares(group)
        .iter()
        .map(|s| s.as_ref().map(share_text))
        .collect()
}

/// A share as exact decimal text (`0.068`).
fn share_text(share: &Figure) -> String {
    decimal_text(share.value)
}

/// One row of a printed budget table, in order, as layouts print them.
#[derive(Debug, Clone, Serialize)]
struct TableRow {
    /// `rubrik` (a top-level group's heading), `post`, `summa` (a group's sum), `total`,
    /// `avsnitt` (a section heading), `resultat` and `eget_kapital`.
    slag: &'static str,
    namn: String,
    #[serde(rename = "nivå")]
    level: i64,
    celler: Vec<Option<Amount>>,
    /// Per year.
    noter: Vec<Option<String>>,
    /// A footnote on the whole row (`not:` without a year), printed after the name.
    not: Option<String>,
    andel: Option<String>,
}

/// The widest text of any year column in these budgets' tables (by characters; figures are
/// tabular), which layouts measure to give every budget table of a document the same column
/// grid.
pub fn column_sample(budgets: &[&Budget]) -> String {
    budgets
        .iter()
        .flat_map(|b| b.column_texts())
        .max_by_key(|t| t.chars().count())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    /// The code of a source file before its tests.
    fn code(source: &str) -> &str {
        source.split("#[cfg(test)]").next().unwrap_or(source)
    }

    /// Where `code` computes with a figure's value or names a decimal: `Decimal`, a checked or
    /// rounding method, a sum, or an operator beside `.value`.
    fn arithmetic(code: &str) -> Vec<String> {
        let words = [
            "Decimal",
            "checked_",
            ".abs()",
            ".sum(",
            ".sum::",
            ".round",
            ".floor",
            ".ceil",
            ".max(",
            ".min(Decimal",
            ".trunc(",
        ];
        let operator = |c: Option<char>| c.is_some_and(|c| "+-*/%".contains(c));
        let mut found = Vec::new();
        for (i, line) in code.lines().enumerate() {
            let text = line.split("//").next().unwrap_or_default();
            let mut why: Vec<&str> = words.iter().copied().filter(|w| text.contains(w)).collect();
            for (at, _) in text.match_indices(".value") {
                let after = text[at + ".value".len()..].trim_start();
                let before = text[..at].trim_end();
                let before_start =
                    before.rfind(|c: char| !(c.is_alphanumeric() || "_.&*()".contains(c)));
                let preceding = before_start.and_then(|s| before[..=s].trim_end().chars().last());
                if (operator(after.chars().next()) && !after.starts_with("->"))
                    || operator(preceding)
                {
                    why.push("an operator beside .value");
                }
            }
            if !why.is_empty() {
                found.push(format!("{}: {} ({})", i + 1, line.trim(), why.join(", ")));
            }
        }
        found
    }

    #[test]
    fn the_projections_and_the_renderers_do_no_decimal_arithmetic() {
        // The HTML charts (html/chart.rs) compute their drawing's coordinates from the model's
        // figures and axis, and print only those.
        for (file, source) in [
            ("context/overview.rs", include_str!("overview.rs")),
            ("render.rs", include_str!("../render.rs")),
            ("render/pdf.rs", include_str!("../render/pdf.rs")),
            ("render/web.rs", include_str!("../render/web.rs")),
            ("html/page.rs", include_str!("../html/page.rs")),
            ("html/writer.rs", include_str!("../html/writer.rs")),
            ("html/underlag.rs", include_str!("../html/underlag.rs")),
            ("html/contents.rs", include_str!("../html/contents.rs")),
            ("html/index.rs", include_str!("../html/index.rs")),
            ("context/budget.rs", include_str!("budget.rs")),
            ("context/contributions.rs", include_str!("contributions.rs")),
            ("context/table.rs", include_str!("table.rs")),
            ("context/statement.rs", include_str!("statement.rs")),
            ("context/cashflow.rs", include_str!("cashflow.rs")),
            ("context/notes.rs", include_str!("notes.rs")),
        ] {
            assert_eq!(arithmetic(code(source)), Vec::<String>::new(), "{file}");
        }
        // The check finds what it looks for.
        assert_eq!(
            arithmetic(
                "let a = b.value - c.value;\nlet d = -e.value;\nx.value.abs()\nf(g.value)\n"
            )
            .len(),
            3
        );
    }
}
