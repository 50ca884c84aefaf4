//! The budget's printed tables, intäkter and kostnader, as [`Table`]s: the rows in the order
//! layouts print them, each cell a figure of the budget (a post's amount, a group's sum, a
//! total, the costs turned negative in the Resultat section, the equity chain) and each
//! top-level cost group's share. The context stage only projects them into template values.

use super::{Budget, Line};
use crate::model::figure::Figure;
use crate::model::printed::{Column, Row, RowKind, Table};

/// Footnotes as read: by year, or `None` for the whole row.
type Notes = [(Option<i32>, String)];

impl Budget {
    /// The intäkter table as printed: posts, then Summa intäkter; or, where the opening equity
    /// counts among the year's funds (`funds_shown`), as the seeds print it: posts, Ingående
    /// eget kapital and Summa medel (the result and equity sections under the costs stay).
    pub fn income_table(&self) -> Table {
        let mut rows = Vec::new();
        self.table_lines(&self.income, 0, false, &mut rows);
        if self.funds_shown {
            rows.push(Row {
                cell_notes: self.year_notes(&self.equity_notes),
                ..self.figures_row(RowKind::Post, "Ingående eget kapital", &self.opening_equity)
            });
            rows.push(self.figures_row(RowKind::Total, "Summa medel", &self.funds_total));
        } else {
            rows.push(self.figures_row(RowKind::Total, "Summa intäkter", &self.income_total));
        }
        self.table(rows)
    }

    /// The kostnader table as printed: groups with their share, sums, Summa kostnader; then,
    /// for a budget with intäkter or eget kapital (not a detail budget), the result and the
    /// equity chain: summa intäkter, summa kostnader (negative), årets resultat, ingående and
    /// utgående eget kapital.
    pub fn cost_table(&self) -> Table {
        let mut rows = Vec::new();
        self.table_lines(&self.costs, 0, true, &mut rows);
        rows.push(self.figures_row(RowKind::Total, "Summa kostnader", &self.cost_total));
        if !self.income.is_empty() || self.has_equity {
            rows.push(Row::heading(RowKind::Section, "Resultat", 0));
            let costs = self.costs_shown();
            for (kind, name, figures) in [
                (RowKind::Post, "Summa intäkter", &self.income_total),
                (RowKind::Post, "Summa kostnader", &costs),
                (RowKind::Result, "Årets resultat", &self.result),
            ] {
                rows.push(self.figures_row(kind, name, figures));
            }
            if self.has_equity {
                rows.push(Row::heading(RowKind::Section, "Eget kapital", 0));
                // Its notes stand once, in the intäkter table where that shows the equity.
                let notes = if self.funds_shown {
                    Vec::new()
                } else {
                    self.year_notes(&self.equity_notes)
                };
                rows.push(Row {
                    cell_notes: notes,
                    ..self.figures_row(
                        RowKind::Equity,
                        "Ingående eget kapital",
                        &self.opening_equity,
                    )
                });
                rows.push(self.figures_row(RowKind::Equity, "Årets resultat", &self.result));
                rows.push(self.figures_row(
                    RowKind::Result,
                    "Utgående eget kapital",
                    &self.closing_equity,
                ));
            }
        }
        self.table(rows)
    }

    /// Summa kostnader as the Resultat section prints it: negative, beside summa intäkter.
    fn costs_shown(&self) -> Vec<Figure> {
        self.cost_total.iter().map(Figure::negated).collect()
    }

    /// Every figure a year column of this budget's tables can hold, for sizing one column grid
    /// across a document's budget tables: every post's amount and group's sum (depth first),
    /// the totals, the equity chain, and the costs as the Resultat section shows them.
    pub fn column_figures(&self) -> Vec<Figure> {
        let mut figures: Vec<Figure> = Vec::new();
        for line in self.all_lines() {
            figures.extend(line.amounts.iter().flatten().cloned());
        }
        for list in [
            &self.income_total,
            &self.funds_total,
            &self.cost_total,
            &self.result,
            &self.opening_equity,
            &self.closing_equity,
        ] {
            figures.extend(list.iter().cloned());
        }
        figures.extend(self.costs_shown());
        figures
    }

    /// The footnotes of `notes` per year of the budget (`not: { 2022: … }`).
    pub fn year_notes(&self, notes: &Notes) -> Vec<Option<String>> {
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

    /// A table of the budget's year columns (“2021 tkr”).
    fn table(&self, rows: Vec<Row>) -> Table {
        let columns = self
            .years
            .iter()
            .map(|y| Column {
                key: y.to_string(),
                heading: format!("{y} {}", self.unit.label()),
            })
            .collect();
        Table { columns, rows }
    }

    /// A row of figures, one per year (Summa, Summa kostnader, eget kapital), without notes.
    fn figures_row(&self, kind: RowKind, name: &str, figures: &[Figure]) -> Row {
        Row::new(kind, name, 0, figures.iter().cloned().map(Some).collect())
    }

    /// The rows of `lines` at `level`: a top-level group's heading (with its share of the
    /// costs, in the kostnader table), its lines, and its sum.
    fn table_lines(&self, lines: &[Line], level: usize, top_cost: bool, out: &mut Vec<Row>) {
        for line in lines {
            if !line.group {
                out.push(Row {
                    note: row_note(&line.keys.notes),
                    cell_notes: self.year_notes(&line.keys.notes),
                    ..Row::new(
                        RowKind::Post,
                        line.name.clone(),
                        level,
                        line.amounts.clone(),
                    )
                });
                continue;
            }
            // A group made only of sub-groups is summed by their sum lines.
            let only_groups = !line.lines.is_empty() && line.lines.iter().all(|l| l.group);
            if level == 0 {
                let share = if top_cost {
                    self.shares(line).into_iter().next().flatten()
                } else {
                    None
                };
                out.push(Row {
                    note: row_note(&line.keys.notes),
                    share,
                    ..Row::heading(RowKind::Heading, line.name.clone(), level)
                });
            }
            self.table_lines(&line.lines, level + 1, false, out);
            if !only_groups {
                out.push(Row {
                    level,
                    // A group's notes per year stand on its sums.
                    cell_notes: self.year_notes(&line.keys.notes),
                    ..self.figures_row(RowKind::Sum, &line.sum_name(), &line.figures())
                });
            }
        }
    }
}

impl Line {
    /// The label of a group's sum line: `summa_namn` as written, or “Summa ” and its name.
    pub fn sum_name(&self) -> String {
        self.keys
            .sum_label
            .clone()
            .unwrap_or_else(|| format!("Summa {}", crate::text::lower_first(&self.name)))
    }
}

/// The footnote on a whole row: `not: text` rather than `not: { år: text }`.
pub fn row_note(notes: &Notes) -> Option<String> {
    notes
        .iter()
        .find(|(y, _)| y.is_none())
        .map(|(_, t)| t.clone())
}

#[cfg(test)]
mod tests {
    use crate::model::figure::Origin;
    use crate::model::printed::RowKind;

    fn budget(text: &str) -> super::Budget {
        let node = crate::yaml::parse(text, "budget.yaml", 0).unwrap();
        let (b, problems) = super::super::read(&node, "budget.yaml");
        assert!(problems.is_empty(), "{problems:?}");
        b.unwrap()
    }

    const PLAN: &str = "typ: budget\nenhet: tkr\når: [2021, 2022]\ningående_eget_kapital: 40\nintäkter:\n  - { post: Medlemsintäkter, belopp: [100, 90], not: { 2022: Lägre } }\nkostnader:\n  - grupp: Strukturinsatser\n    not: Se avsnitt 3\n    rader:\n      - { post: A, belopp: [60, 60] }\n      - { post: B, belopp: [20, 20] }\n  - grupp: Förvaltning\n    rader:\n      - { post: C, belopp: [40, 40] }\n";

    /// Each row as (kind, name, level, values per year).
    fn rows(table: &crate::model::printed::Table) -> Vec<(&'static str, &str, usize, Vec<i64>)> {
        table
            .rows
            .iter()
            .map(|r| {
                let values = r
                    .cells
                    .iter()
                    .map(|c| {
                        c.as_ref()
                            .map_or(-999, |f| f.value.to_string().parse().unwrap())
                    })
                    .collect();
                (r.kind.name(), r.name.as_str(), r.level, values)
            })
            .collect()
    }

    #[test]
    fn the_kostnader_table_is_made_of_the_budgets_figures() {
        let b = budget(PLAN);
        let table = b.cost_table();
        let keys: Vec<(&str, &str)> = table
            .columns
            .iter()
            .map(|c| (c.key.as_str(), c.heading.as_str()))
            .collect();
        assert_eq!(keys, [("2021", "2021 tkr"), ("2022", "2022 tkr")]);
        assert_eq!(
            rows(&table),
            [
                ("rubrik", "Strukturinsatser", 0, vec![]),
                ("post", "A", 1, vec![60, 60]),
                ("post", "B", 1, vec![20, 20]),
                ("summa", "Summa strukturinsatser", 0, vec![80, 80]),
                ("rubrik", "Förvaltning", 0, vec![]),
                ("post", "C", 1, vec![40, 40]),
                ("summa", "Summa förvaltning", 0, vec![40, 40]),
                ("total", "Summa kostnader", 0, vec![120, 120]),
                ("avsnitt", "Resultat", 0, vec![]),
                ("post", "Summa intäkter", 0, vec![100, 90]),
                ("post", "Summa kostnader", 0, vec![-120, -120]),
                ("resultat", "Årets resultat", 0, vec![-20, -30]),
                ("avsnitt", "Eget kapital", 0, vec![]),
                ("eget_kapital", "Ingående eget kapital", 0, vec![40, 20]),
                ("eget_kapital", "Årets resultat", 0, vec![-20, -30]),
                ("resultat", "Utgående eget kapital", 0, vec![20, -10]),
            ]
        );
        // The heading carries the group's note and its share of the costs, 80 of 120.
        let heading = &table.rows[0];
        assert_eq!(heading.note.as_deref(), Some("Se avsnitt 3"));
        let share = heading.share.as_ref().unwrap();
        assert!(matches!(share.origin.as_ref(), Origin::Ratio(..)));
        assert_eq!(share.parts()[1], &b.cost_total[0]);
        // The costs in the Resultat section are summa kostnader turned negative.
        let shown = table.rows[10].cells[0].as_ref().unwrap();
        let Origin::Negated(costs) = shown.origin.as_ref() else {
            panic!("{:?}", shown.origin)
        };
        assert!(costs.same(&b.cost_total[0]));
        // The result rows are the budget's own figures, not copies.
        assert!(table.rows[11].cells[1].as_ref().unwrap().same(&b.result[1]));
        assert!(
            table.rows[15].cells[0]
                .as_ref()
                .unwrap()
                .same(&b.closing_equity[0])
        );
    }

    #[test]
    fn the_intäkter_table_ends_in_summa_intäkter_or_summa_medel() {
        let b = budget(PLAN);
        let table = b.income_table();
        assert_eq!(
            rows(&table),
            [
                ("post", "Medlemsintäkter", 0, vec![100, 90]),
                ("total", "Summa intäkter", 0, vec![100, 90]),
            ]
        );
        assert_eq!(table.rows[0].cell_notes, [None, Some("Lägre".to_owned())]);
        let b = budget(&format!("{PLAN}eget_kapital_som_medel: true\n"));
        let table = b.income_table();
        assert_eq!(
            rows(&table)[1..],
            [
                ("post", "Ingående eget kapital", 0, vec![40, 20]),
                ("total", "Summa medel", 0, vec![140, 110]),
            ]
        );
        assert!(
            table.rows[2].cells[0]
                .as_ref()
                .unwrap()
                .same(&b.funds_total[0])
        );
        assert_eq!(table.rows[2].kind, RowKind::Total);
    }
}
