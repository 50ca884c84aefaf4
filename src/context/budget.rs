//! The template view of a budget: its lines, sums and shares, and the printed tables of
//! intäkter and kostnader (the rows in order, as layouts print them).
use rust_decimal::Decimal;
use serde::Serialize;

use super::contributions::ContributionsView;
use super::{Amount, Entries, decimal_text};
use crate::model::budget::*;

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
    pub(super) fn view(&self) -> BudgetView {
        let lines = |lines: &[Line], top_cost: bool| -> Vec<LineView> {
            lines.iter().map(|l| self.line_view(l, top_cost)).collect()
        };
        let id = self
            .ids()
            .into_iter()
            .map(|(id, name, values)| {
                let andel = self.costs.iter().find_map(|l| match l {
                    Line::Group(g) if g.id.as_deref() == Some(&id) => Some(self.shares(g)),
                    _ => None,
                });
                let view = ById {
                    namn: name,
                    belopp: self.amounts(&values),
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
            income_table: self.income_table(),
            tabell_kostnader: self.cost_table(),
            id: Entries(id),
            contributions: None,
        }
    }

    fn line_view(&self, line: &Line, top_cost: bool) -> LineView {
        match line {
            Line::Row(r) => LineView::Row {
                namn: r.name.clone(),
                id: r.id.clone(),
                belopp: self.cells(&r.amounts),
                noter: self.notes_per_year(&r.notes),
                not: whole_row_note(&r.notes),
            },
            Line::Group(g) => LineView::Group {
                namn: g.name.clone(),
                id: g.id.clone(),
                summa_namn: sum_label(g),
                summa: self.amounts(&g.sum),
                andel: top_cost.then(|| self.shares(g)),
                noter: self.notes_per_year(&g.notes),
                not: whole_row_note(&g.notes),
                rader: g.lines.iter().map(|l| self.line_view(l, false)).collect(),
            },
        }
    }

    fn amounts(&self, values: &[Decimal]) -> Vec<Amount> {
        values.iter().map(|a| Amount::new(*a, self.unit)).collect()
    }

    /// Amounts with blanks.
    fn cells(&self, values: &[Option<Decimal>]) -> Vec<Option<Amount>> {
        values
            .iter()
            .map(|a| a.map(|a| Amount::new(a, self.unit)))
            .collect()
    }

    /// A cost group's share of the costs per year.
    fn shares(&self, group: &Group) -> Vec<Option<String>> {
        self.share(group)
            .into_iter()
            .map(|s| s.map(decimal_text))
            .collect()
    }
}

/// A group's sum line: `summa: ` as written, or “Summa ” and its name.
fn sum_label(g: &Group) -> String {
    g.sum_label
        .clone()
        .unwrap_or_else(|| format!("Summa {}", lower_first(&g.name)))
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

/// The footnote on a whole row: `not: text` rather than `not: { år: text }`.
fn whole_row_note(notes: &[(Option<i32>, String)]) -> Option<String> {
    notes
        .iter()
        .find(|(y, _)| y.is_none())
        .map(|(_, t)| t.clone())
}

impl Budget {
    /// A line of computed sums (Summa, Summa kostnader, eget kapital), one per year.
    fn sums(
        &self,
        slag: &'static str,
        name: &str,
        values: &[Decimal],
        noter: Vec<Option<String>>,
    ) -> TableRow {
        TableRow {
            slag,
            namn: name.into(),
            level: 0,
            celler: self.amounts(values).into_iter().map(Some).collect(),
            noter,
            not: None,
            andel: None,
        }
    }

    /// A section heading (Resultat, Eget kapital): no amounts.
    fn heading(&self, name: &str) -> TableRow {
        let n = self.years.len();
        TableRow {
            celler: vec![None; n],
            ..self.sums("avsnitt", name, &[], vec![None; n])
        }
    }

    fn notes_per_year(&self, notes: &[(Option<i32>, String)]) -> Vec<Option<String>> {
        self.years
            .iter()
            .map(|y| {
                notes
                    .iter()
                    .find(|(ny, _)| *ny == Some(*y))
                    .map(|(_, t)| t.clone())
            })
            .collect()
    }

    fn table_lines(&self, lines: &[Line], level: i64, top_cost: bool, out: &mut Vec<TableRow>) {
        for line in lines {
            match line {
                Line::Row(r) => out.push(TableRow {
                    slag: "post",
                    namn: r.name.clone(),
                    level,
                    celler: self.cells(&r.amounts),
                    noter: self.notes_per_year(&r.notes),
                    not: whole_row_note(&r.notes),
                    andel: None,
                }),
                Line::Group(g) => {
                    // A group made only of sub-groups is summed by their sum lines.
                    let only_groups =
                        !g.lines.is_empty() && g.lines.iter().all(|l| matches!(l, Line::Group(_)));
                    if level == 0 {
                        out.push(TableRow {
                            slag: "rubrik",
                            namn: g.name.clone(),
                            level,
                            celler: vec![None; self.years.len()],
                            noter: vec![None; self.years.len()],
                            not: whole_row_note(&g.notes),
                            andel: if top_cost {
                                self.share(g).first().copied().flatten().map(decimal_text)
                            } else {
                                None
                            },
                        });
                    }
                    self.table_lines(&g.lines, level + 1, false, out);
                    if !only_groups {
                        out.push(TableRow {
                            level,
                            // A group's notes per year stand on its sums.
                            ..self.sums(
                                "summa",
                                &sum_label(g),
                                &g.sum,
                                self.notes_per_year(&g.notes),
                            )
                        });
                    }
                }
            }
        }
    }

    /// The intäkter table as printed: posts, then Summa intäkter; or, where the opening equity
    /// counts among the year's funds (`funds_shown`), as the seeds print it: posts, Ingående
    /// eget kapital and Summa medel (the result and equity sections under the costs stay).
    fn income_table(&self) -> Vec<TableRow> {
        let mut rows = Vec::new();
        self.table_lines(&self.income, 0, false, &mut rows);
        let n = self.years.len();
        if self.funds_shown {
            rows.push(self.sums(
                "post",
                "Ingående eget kapital",
                &self.opening_equity,
                self.notes_per_year(&self.equity_notes),
            ));
            rows.push(self.sums("total", "Summa medel", &self.funds_total, vec![None; n]));
        } else {
            rows.push(self.sums("total", "Summa intäkter", &self.income_total, vec![None; n]));
        }
        rows
    }

    /// The kostnader table as printed: groups with their share, sums, Summa kostnader; then,
    /// for a budget with intäkter or eget kapital (not a detail budget), the result and the
    /// equity chain: summa intäkter, summa kostnader, årets resultat, ingående and utgående eget
    /// kapital.
    fn cost_table(&self) -> Vec<TableRow> {
        let mut rows = Vec::new();
        self.table_lines(&self.costs, 0, true, &mut rows);
        let n = self.years.len();
        let none = || vec![None; n];
        rows.push(self.sums("total", "Summa kostnader", &self.cost_total, none()));
        if !self.income.is_empty() || self.has_equity {
            rows.push(self.heading("Resultat"));
            rows.push(self.sums("post", "Summa intäkter", &self.income_total, none()));
            let costs: Vec<Decimal> = self.cost_total.iter().map(|c| -*c).collect();
            rows.push(self.sums("post", "Summa kostnader", &costs, none()));
            rows.push(self.sums("resultat", "Årets resultat", &self.result, none()));
            if self.has_equity {
                rows.push(self.heading("Eget kapital"));
                // Its notes stand once, in the intäkter table where that shows the equity.
                let notes = if self.funds_shown {
                    none()
                } else {
                    self.notes_per_year(&self.equity_notes)
                };
                rows.push(self.sums(
                    "eget_kapital",
                    "Ingående eget kapital",
                    &self.opening_equity,
                    notes,
                ));
                rows.push(self.sums("eget_kapital", "Årets resultat", &self.result, none()));
                rows.push(self.sums(
                    "resultat",
                    "Utgående eget kapital",
                    &self.closing_equity,
                    none(),
                ));
            }
        }
        rows
    }

    /// Every text a year column of this budget's tables can hold (the year headers and each
    /// amount as printed), for sizing one column grid across a document's budget tables.
    fn column_texts(&self) -> Vec<String> {
        let mut texts: Vec<String> = self
            .years
            .iter()
            .map(|y| format!("{y} {}", self.unit.label()))
            .collect();
        let mut amounts: Vec<Decimal> = Vec::new();
        for line in self.all_lines() {
            match line {
                Line::Row(r) => amounts.extend(r.amounts.iter().flatten()),
                Line::Group(g) => amounts.extend(&g.sum),
            }
        }
        for list in [
            &self.income_total,
            &self.funds_total,
            &self.cost_total,
            &self.result,
            &self.opening_equity,
            &self.closing_equity,
        ] {
            amounts.extend(list);
        }
        amounts.extend(self.cost_total.iter().map(|c| -*c));
        texts.extend(amounts.iter().map(|a| crate::money::format_number(*a, 0)));
        texts
    }
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

/// “Strukturinsatser” → “strukturinsatser” for “Summa strukturinsatser”, but an acronym
/// (“ESF-projekt”) keeps its capitals.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), text.chars().nth(1)) {
        (Some(c), Some(second)) if second.is_lowercase() => c.to_lowercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}
