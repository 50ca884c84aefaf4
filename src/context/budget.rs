//! The template view of a budget: its lines, sums and shares, and the printed tables of
//! intäkter and kostnader (the rows in order, as layouts print them).
use rust_decimal::Decimal;

use super::{TemplateValue as T, amount_value};
use crate::model::budget::*;

impl Budget {
    /// The budget for templates.
    pub fn to_template(&self) -> T {
        let unit = self.unit;
        let amounts = |v: &[Decimal]| T::List(v.iter().map(|a| amount_value(*a, unit)).collect());
        let cells = |v: &[Option<Decimal>]| {
            T::List(
                v.iter()
                    .map(|a| a.map_or(T::None, |a| amount_value(a, unit)))
                    .collect(),
            )
        };
        let notes = |notes: &[(Option<i32>, String)]| {
            T::List(
                self.years
                    .iter()
                    .map(|y| {
                        notes
                            .iter()
                            .find(|(ny, _)| *ny == Some(*y))
                            .map_or(T::None, |(_, t)| T::Text(t.clone()))
                    })
                    .collect(),
            )
        };
        let row_note = |notes: &[(Option<i32>, String)]| {
            notes
                .iter()
                .find(|(y, _)| y.is_none())
                .map_or(T::None, |(_, t)| T::Text(t.clone()))
        };
        fn line_value(
            budget: &Budget,
            line: &Line,
            top_cost: bool,
            amounts: &dyn Fn(&[Decimal]) -> T,
            cells: &dyn Fn(&[Option<Decimal>]) -> T,
            notes: NotesFn<'_>,
            row_note: NotesFn<'_>,
        ) -> T {
            match line {
                Line::Row(r) => T::Map(vec![
                    ("typ".into(), T::Text("post".into())),
                    ("namn".into(), T::Text(r.name.clone())),
                    ("id".into(), r.id.clone().map_or(T::None, T::Text)),
                    ("belopp".into(), cells(&r.amounts)),
                    ("noter".into(), notes(&r.notes)),
                    ("not".into(), row_note(&r.notes)),
                ]),
                Line::Group(g) => {
                    let share = if top_cost {
                        T::List(
                            budget
                                .share(g)
                                .into_iter()
                                .map(|s| s.map_or(T::None, |s| T::Text(s.normalize().to_string())))
                                .collect(),
                        )
                    } else {
                        T::None
                    };
                    T::Map(vec![
                        ("typ".into(), T::Text("grupp".into())),
                        ("namn".into(), T::Text(g.name.clone())),
                        ("id".into(), g.id.clone().map_or(T::None, T::Text)),
                        (
                            "summa_namn".into(),
                            T::Text(
                                g.sum_label
                                    .clone()
                                    .unwrap_or_else(|| format!("Summa {}", lower_first(&g.name))),
                            ),
                        ),
                        ("summa".into(), amounts(&g.sum)),
                        ("andel".into(), share),
                        ("noter".into(), notes(&g.notes)),
                        ("not".into(), row_note(&g.notes)),
                        (
                            "rader".into(),
                            T::List(
                                g.lines
                                    .iter()
                                    .map(|l| {
                                        line_value(
                                            budget, l, false, amounts, cells, notes, row_note,
                                        )
                                    })
                                    .collect(),
                            ),
                        ),
                    ])
                }
            }
        }
        let lines = |lines: &[Line], top_cost: bool| {
            T::List(
                lines
                    .iter()
                    .map(|l| line_value(self, l, top_cost, &amounts, &cells, &notes, &row_note))
                    .collect(),
            )
        };
        let mut by_id = Vec::new();
        for (id, name, values) in self.ids() {
            let share = self
                .costs
                .iter()
                .find_map(|l| match l {
                    Line::Group(g) if g.id.as_deref() == Some(&id) => Some(self.share(g)),
                    _ => None,
                })
                .map_or(T::None, |s| {
                    T::List(
                        s.into_iter()
                            .map(|s| s.map_or(T::None, |s| T::Text(s.normalize().to_string())))
                            .collect(),
                    )
                });
            by_id.push((
                id,
                T::Map(vec![
                    ("namn".into(), T::Text(name)),
                    ("belopp".into(), amounts(&values)),
                    ("andel".into(), share),
                ]),
            ));
        }
        T::Map(vec![
            ("typ".into(), T::Text("budget".into())),
            ("titel".into(), self.title.clone().map_or(T::None, T::Text)),
            ("enhet".into(), T::Text(unit.label().into())),
            (
                "år".into(),
                T::List(
                    self.years
                        .iter()
                        .map(|y| T::Integer(i64::from(*y)))
                        .collect(),
                ),
            ),
            ("intäkter".into(), lines(&self.income, false)),
            ("kostnader".into(), lines(&self.costs, true)),
            ("summa_intäkter".into(), amounts(&self.income_total)),
            (
                "ingående_eget_kapital".into(),
                amounts(&self.opening_equity),
            ),
            ("summa_medel".into(), amounts(&self.funds_total)),
            ("summa_kostnader".into(), amounts(&self.cost_total)),
            (
                "utgående_eget_kapital".into(),
                amounts(&self.closing_equity),
            ),
            ("resultat".into(), amounts(&self.result)),
            ("har_eget_kapital".into(), T::Bool(self.has_equity)),
            ("tabell_intäkter".into(), self.income_table()),
            ("tabell_kostnader".into(), self.cost_table()),
            ("id".into(), T::Map(by_id)),
        ])
    }
}

/// Turns a line's footnotes into a template value.
type NotesFn<'a> = &'a dyn Fn(&[(Option<i32>, String)]) -> T;

/// One row of a printed budget table, in order, as layouts print them.
#[derive(Debug, Clone)]
struct TableRow {
    /// `rubrik` (a top-level group's heading), `post`, `summa` (a group's sum), `total`,
    /// `avsnitt` (a section heading), `resultat` and `eget_kapital`.
    kind: &'static str,
    name: String,
    level: usize,
    cells: Vec<Option<Decimal>>,
    notes: Vec<Option<String>>,
    /// A footnote on the whole row (`not:` without a year), printed after the name.
    note: Option<String>,
    share: Option<Decimal>,
}

/// The footnote on a whole row: `not: text` rather than `not: { år: text }`.
fn whole_row_note(notes: &[(Option<i32>, String)]) -> Option<String> {
    notes
        .iter()
        .find(|(y, _)| y.is_none())
        .map(|(_, t)| t.clone())
}

impl TableRow {
    /// A line of computed sums (Summa, Summa kostnader, eget kapital), one per year.
    fn sums(
        kind: &'static str,
        name: &str,
        values: &[Decimal],
        notes: Vec<Option<String>>,
    ) -> TableRow {
        TableRow {
            kind,
            name: name.into(),
            level: 0,
            cells: values.iter().map(|v| Some(*v)).collect(),
            notes,
            note: None,
            share: None,
        }
    }
}

impl Budget {
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

    fn table_lines(&self, lines: &[Line], level: usize, top_cost: bool, out: &mut Vec<TableRow>) {
        for line in lines {
            match line {
                Line::Row(r) => out.push(TableRow {
                    kind: "post",
                    name: r.name.clone(),
                    level,
                    cells: r.amounts.clone(),
                    notes: self.notes_per_year(&r.notes),
                    note: whole_row_note(&r.notes),
                    share: None,
                }),
                Line::Group(g) => {
                    // A group made only of sub-groups is summed by their sum lines.
                    let only_groups =
                        !g.lines.is_empty() && g.lines.iter().all(|l| matches!(l, Line::Group(_)));
                    if level == 0 {
                        out.push(TableRow {
                            kind: "rubrik",
                            name: g.name.clone(),
                            level,
                            cells: vec![None; self.years.len()],
                            notes: vec![None; self.years.len()],
                            note: whole_row_note(&g.notes),
                            share: if top_cost {
                                self.share(g).first().copied().flatten()
                            } else {
                                None
                            },
                        });
                    }
                    self.table_lines(&g.lines, level + 1, false, out);
                    if !only_groups {
                        out.push(TableRow {
                            kind: "summa",
                            name: g
                                .sum_label
                                .clone()
                                .unwrap_or_else(|| format!("Summa {}", lower_first(&g.name))),
                            level,
                            cells: g.sum.iter().map(|s| Some(*s)).collect(),
                            // A group's notes per year stand on its sums.
                            notes: self.notes_per_year(&g.notes),
                            note: None,
                            share: None,
                        });
                    }
                }
            }
        }
    }

    fn table_value(&self, rows: &[TableRow]) -> T {
        let unit = self.unit;
        T::List(
            rows.iter()
                .map(|r| {
                    T::Map(vec![
                        ("slag".into(), T::Text(r.kind.into())),
                        ("namn".into(), T::Text(r.name.clone())),
                        ("nivå".into(), T::Integer(r.level as i64)),
                        (
                            "celler".into(),
                            T::List(
                                r.cells
                                    .iter()
                                    .map(|c| c.map_or(T::None, |c| amount_value(c, unit)))
                                    .collect(),
                            ),
                        ),
                        (
                            "noter".into(),
                            T::List(
                                r.notes
                                    .iter()
                                    .map(|n| n.clone().map_or(T::None, T::Text))
                                    .collect(),
                            ),
                        ),
                        ("not".into(), r.note.clone().map_or(T::None, T::Text)),
                        (
                            "andel".into(),
                            r.share
                                .map_or(T::None, |s| T::Text(s.normalize().to_string())),
                        ),
                    ])
                })
                .collect(),
        )
    }

    /// The intäkter table as printed: posts, then Summa intäkter.
    fn income_table(&self) -> T {
        let mut rows = Vec::new();
        self.table_lines(&self.income, 0, false, &mut rows);
        let n = self.years.len();
        rows.push(TableRow::sums(
            "total",
            "Summa intäkter",
            &self.income_total,
            vec![None; n],
        ));
        self.table_value(&rows)
    }

    /// The kostnader table as printed: groups with their share, sums, Summa kostnader; then,
    /// for a budget with intäkter or eget kapital (not a detail budget), the result and the
    /// equity chain: summa intäkter, summa kostnader, årets resultat, ingående and utgående eget
    /// kapital.
    fn cost_table(&self) -> T {
        let mut rows = Vec::new();
        self.table_lines(&self.costs, 0, true, &mut rows);
        let n = self.years.len();
        let none = || vec![None; n];
        rows.push(TableRow::sums(
            "total",
            "Summa kostnader",
            &self.cost_total,
            none(),
        ));
        if !self.income.is_empty() || self.has_equity {
            let mut heading = TableRow::sums("avsnitt", "Resultat", &[], none());
            heading.cells = vec![None; n];
            rows.push(heading);
            rows.push(TableRow::sums(
                "post",
                "Summa intäkter",
                &self.income_total,
                none(),
            ));
            rows.push(TableRow::sums(
                "post",
                "Summa kostnader",
                &self.cost_total.iter().map(|c| -*c).collect::<Vec<_>>(),
                none(),
            ));
            rows.push(TableRow::sums(
                "resultat",
                "Årets resultat",
                &self.result,
                none(),
            ));
            if self.has_equity {
                let mut heading = TableRow::sums("avsnitt", "Eget kapital", &[], none());
                heading.cells = vec![None; n];
                rows.push(heading);
                rows.push(TableRow::sums(
                    "eget_kapital",
                    "Ingående eget kapital",
                    &self.opening_equity,
                    self.notes_per_year(&self.equity_notes),
                ));
                rows.push(TableRow::sums(
                    "eget_kapital",
                    "Årets resultat",
                    &self.result,
                    none(),
                ));
                rows.push(TableRow::sums(
                    "resultat",
                    "Utgående eget kapital",
                    &self.closing_equity,
                    none(),
                ));
            }
        }
        self.table_value(&rows)
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
