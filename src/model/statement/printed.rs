//! The printed table of a resultaträkning or balansräkning, made here with every cell a
//! [`Figure`]: the rows flattened in print order, the sign convention applied (a balansräkning
//! in published signs turns the credit side), a group's sum, the running delresultat, the
//! sections' sums, the bottom line, Beräknat resultat, and the avvikelse columns (utfall −
//! budget, prognos − budget helår, a blank side counting as nothing). The variances prose can
//! explain (`avvikelse(rad=…)`) are read off the same rows, so their anchors are the rows'.

use super::{BALANCE_SECTIONS, Form, Kind, Line, Statement, day_before, income_header};
use crate::model::figure::Figure;
use crate::model::printed::{Column, Row, RowKind, Table};
use crate::money::Date;

/// A post with budget or utfall, for `avvikelse(rad=…)` in the prose.
#[derive(Debug, Clone)]
pub struct Variance {
    /// The row's name.
    pub row: String,
    /// utfall − budget, a blank side counting as nothing (as printed in the Avvikelse column).
    pub amount: Figure,
    /// The label of the place in the narrative that explains it.
    pub anchor: String,
    /// The avvikelse as a share of the budget (of its size, so that the share has the
    /// avvikelse's sign); none without a budget.
    pub share: Option<Figure>,
}

/// A row's printed cells from its figures per column and whether to turn their signs.
type Cells<'a> = dyn Fn(&[Option<Figure>], bool) -> Vec<Option<Figure>> + 'a;

/// The figure with its sign turned where `negate`.
fn signed(figure: Figure, negate: bool) -> Figure {
    if negate { figure.negated() } else { figure }
}

/// A row of figures with a note.
fn noted(mut row: Row, note: Option<String>) -> Row {
    row.note = note;
    row
}

/// Walks a statement's lines into printed rows, keeping the running sum of a section for its
/// intermediate results and numbering the posts the prose can explain.
struct Walk<'a> {
    columns: usize,
    cells: &'a Cells<'a>,
    rows: Vec<Row>,
    /// Per column, the figures the section's running sum is made of so far.
    running: Vec<Vec<Figure>>,
    /// The columns budget and utfall, whose posts get an anchor.
    compared: Option<(usize, usize)>,
    anchor: &'a dyn Fn(usize) -> String,
    compared_posts: usize,
}

impl Walk<'_> {
    fn lines(&mut self, lines: &[Line], level: usize, negate: bool) {
        for line in lines {
            let values = line.cells(self.columns);
            let note = match (&line.keys.note, &line.keys.comment) {
                (Some(n), Some(c)) => Some(format!("{n} {c}")),
                (Some(t), None) | (None, Some(t)) => Some(t.clone()),
                (None, None) => None,
            };
            if line.group {
                self.rows.push(noted(
                    Row::heading(RowKind::Heading, &line.name, level),
                    note,
                ));
                // The running sum goes on from the group's own sums (a prognosis set for a
                // whole group has no rows under it).
                let before = self.running.clone();
                self.lines(&line.lines, level + 1, negate);
                for (c, v) in values.iter().enumerate() {
                    let mut parts = before[c].clone();
                    parts.extend(v.clone());
                    self.running[c] = parts;
                }
                self.rows.push(Row::new(
                    RowKind::Sum,
                    format!("S:a {}", line.name),
                    level,
                    (self.cells)(&values, negate),
                ));
            } else {
                for (c, v) in values.iter().enumerate() {
                    self.running[c].extend(v.clone());
                }
                let mut post = noted(
                    Row::new(
                        RowKind::Post,
                        &line.name,
                        level,
                        (self.cells)(&values, negate),
                    ),
                    note,
                );
                if let Some((b, a)) = self.compared
                    && (values[b].is_some() || values[a].is_some())
                {
                    post.anchor = Some((self.anchor)(self.compared_posts));
                    self.compared_posts += 1;
                }
                self.rows.push(post);
            }
            if let Some(name) = &line.keys.subtotal {
                let running: Vec<Option<Figure>> = self
                    .running
                    .iter()
                    .map(|parts| Some(Figure::sum(parts)))
                    .collect();
                self.rows.push(Row::new(
                    RowKind::Subtotal,
                    name,
                    0,
                    (self.cells)(&running, negate),
                ));
            }
        }
    }
}

impl Statement {
    /// The label of the place in the narrative where `avvikelse(rad=...)` explains a row: the
    /// `index`th post with budget and utfall (`3`), or a sum, delresultat or the result
    /// (`s0`, `s1`, …); ASCII letters, digits and `-` only, so that it is a typst label and an
    /// HTML id as it stands.
    fn anchor(&self, index: impl std::fmt::Display) -> String {
        format!("avvikelse-{}-{index}", crate::text::slug(&self.file))
    }

    /// The order in which a row's cells are printed, as indexes into the model's columns
    /// (`printed`) followed by avvikelse and the prognosis's avvikelse: as published, budget,
    /// utfall and their avvikelse, then last year, then the year's budget, the prognosis and
    /// theirs, whatever the order in `kolumner:`. A balance sheet keeps its own order.
    fn published_order(&self, keys: &[&str]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        if self.kind == Kind::Income {
            let rank = |key: &str| {
                [
                    "budget",
                    "utfall",
                    "avvikelse",
                    "föregående_år",
                    "budget_helår",
                    "prognos",
                    "avvikelse_prognos",
                ]
                .iter()
                .position(|k| *k == key)
                .unwrap_or(usize::MAX)
            };
            order.sort_by_key(|i| rank(keys[*i]));
        }
        order
    }

    /// The column headings of the model's columns `printed` as printed, by the kind and form.
    fn headings(&self) -> Vec<String> {
        match (self.kind, self.form) {
            (Kind::Income, _) => self
                .columns
                .iter()
                .map(|c| income_header(c, self.period, self.fiscal_year))
                .collect(),
            (Kind::Balance, Form::Sheet) => {
                let end = self.period.or(self.fiscal_year).map(|(_, to)| to);
                // The day before the period: a period that starts after the year opens there.
                let start = self
                    .period
                    .or(self.fiscal_year)
                    .map(|(from, _)| day_before(from));
                vec![
                    end.map_or("Utgående balans".into(), Date::iso),
                    start.map_or("Ingående balans".into(), Date::iso),
                ]
            }
            (Kind::Balance, Form::Report) => ["Ingående balans", "Period", "Utgående balans"]
                .iter()
                .map(|h| (*h).to_owned())
                .collect(),
        }
    }

    /// The printed table: the rows flattened, with the sign convention applied and every sum,
    /// result and avvikelse a figure made of the figures it counts.
    pub fn printed_table(&self) -> Table {
        let n = self.columns.len();
        // The model's columns in the order printed: a balansräkning shows the period's end and
        // the year's start, a balansrapport ingående, förändring and utgående.
        let printed: Vec<usize> = match (self.kind, self.form) {
            (Kind::Balance, Form::Sheet) => vec![2, 0],
            // Columns counted for the prose only are not printed.
            _ => (0..n)
                .filter(|c| !self.unprinted.contains(&self.columns[*c]))
                .collect(),
        };
        let position = |key: &str| self.columns.iter().position(|c| c == key);
        let (budget, actual) = (position("budget"), position("utfall"));
        let variance = self.kind == Kind::Income && budget.is_some() && actual.is_some();
        // Beside Budget helår and Prognos helår: the prognosis's deviation from the budget.
        let (year_budget, forecast) = (position("budget_helår"), position("prognos"));
        let forecast_variance =
            self.kind == Kind::Income && year_budget.is_some() && forecast.is_some();
        let mut keys: Vec<&str> = printed.iter().map(|c| self.columns[*c].as_str()).collect();
        let mut headings: Vec<String> = match self.kind {
            Kind::Income => {
                let all = self.headings();
                printed.iter().map(|c| all[*c].clone()).collect()
            }
            Kind::Balance => self.headings(),
        };
        if variance {
            keys.push("avvikelse");
            headings.push("Avvikelse".into());
        }
        if forecast_variance {
            keys.push("avvikelse_prognos");
            headings.push("Avvikelse prognos–budget".into());
        }
        let published = self.published_order(&keys);
        // A blank cell stays blank. An avvikelse with one side blank counts that side as
        // nothing, as the sums do: a row with utfall and no budget deviates by all its utfall,
        // so that the avvikelse column adds up to its sum like every other column.
        let cells = |values: &[Option<Figure>], negate: bool| -> Vec<Option<Figure>> {
            let value = |c: usize| values.get(c).cloned().flatten();
            let deviation = |x: Option<Figure>, base: Option<Figure>| {
                (x.is_some() || base.is_some()).then(|| {
                    let x = x.unwrap_or_else(Figure::zero);
                    signed(x.minus(&base.unwrap_or_else(Figure::zero)), negate)
                })
            };
            let mut list: Vec<Option<Figure>> = printed
                .iter()
                .map(|c| value(*c).map(|f| signed(f, negate)))
                .collect();
            if variance && let (Some(b), Some(a)) = (budget, actual) {
                list.push(deviation(value(a), value(b)));
            }
            if forecast_variance && let (Some(b), Some(f)) = (year_budget, forecast) {
                list.push(deviation(value(f), value(b)));
            }
            published.iter().map(|i| list[*i].clone()).collect()
        };
        let all = |v: &[Figure]| v.iter().cloned().map(Some).collect::<Vec<_>>();
        let anchor = |index: usize| self.anchor(index);
        let mut walk = Walk {
            columns: n,
            cells: &cells,
            rows: Vec::new(),
            running: vec![Vec::new(); n],
            compared: budget.zip(actual).filter(|_| self.kind == Kind::Income),
            anchor: &anchor,
            compared_posts: 0,
        };
        match self.kind {
            Kind::Income => {
                walk.lines(self.section("rader"), 0, false);
                walk.rows.push(Row::new(
                    RowKind::Total,
                    self.result_name(),
                    0,
                    cells(&all(&self.result_figures()), false),
                ));
            }
            Kind::Balance => self.balance_rows(&mut walk, &cells),
        }
        // The sums, running results and the result have an avvikelse the prose can explain
        // too: their anchors are numbered apart from the posts'.
        if variance {
            let column = published.iter().position(|i| keys[*i] == "avvikelse");
            let mut sums = 0;
            for row in &mut walk.rows {
                let has = column.is_some_and(|c| row.cells.get(c).is_some_and(Option::is_some));
                if row.anchor.is_none() && row.kind != RowKind::Post && has {
                    row.anchor = Some(self.anchor(format_args!("s{sums}")));
                    sums += 1;
                }
            }
        }
        Table {
            columns: published
                .iter()
                .map(|i| Column {
                    key: keys[*i].to_owned(),
                    heading: headings[*i].clone(),
                })
                .collect(),
            rows: walk.rows,
        }
    }

    /// The rows of a balansräkning (or balansrapport).
    fn balance_rows(&self, walk: &mut Walk<'_>, cells: &Cells<'_>) {
        let n = self.columns.len();
        let negate_other = self.report_signs;
        let all = |v: &[Figure]| v.iter().cloned().map(Some).collect::<Vec<_>>();
        // Each section's sum, once: S:a Eget kapital is a part of Summa eget kapital och
        // skulder.
        let totals: Vec<(&str, Vec<Figure>)> = BALANCE_SECTIONS
            .iter()
            .map(|(key, _)| (*key, self.section_total(key)))
            .collect();
        let total_of = |key: &str| {
            totals
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        };
        let other: Vec<Figure> = (0..n)
            .map(|c| Figure::sum(totals[1..].iter().map(|(_, t)| &t[c])))
            .collect();
        // A section of more than one line gets a sum of its own (S:a Eget kapital).
        let section = |walk: &mut Walk<'_>, key: &str, title: &str, level: usize| {
            let lines = self.section(key);
            let negate = key != "tillgångar" && negate_other;
            if lines.len() > 1 && key != "tillgångar" {
                walk.rows.push(Row::heading(RowKind::Heading, title, level));
                walk.lines(lines, level + 1, negate);
                walk.rows.push(Row::new(
                    RowKind::Sum,
                    format!("S:a {title}"),
                    level,
                    cells(&all(&total_of(key)), negate),
                ));
            } else {
                walk.lines(lines, level, negate);
            }
        };
        let assets = || {
            Row::new(
                RowKind::Total,
                "Summa tillgångar",
                0,
                cells(&all(&total_of("tillgångar")), false),
            )
        };
        match self.form {
            Form::Sheet => {
                walk.rows
                    .push(Row::heading(RowKind::Section, "Tillgångar", 0));
                section(walk, "tillgångar", "Tillgångar", 1);
                walk.rows.push(assets());
                walk.rows.push(Row::heading(
                    RowKind::Section,
                    "Eget kapital och skulder",
                    0,
                ));
                for (key, title) in &BALANCE_SECTIONS[1..] {
                    section(walk, key, title, 1);
                }
                walk.rows.push(Row::new(
                    RowKind::Total,
                    "Summa eget kapital och skulder",
                    0,
                    cells(&all(&other), negate_other),
                ));
            }
            Form::Report => {
                for (key, title) in BALANCE_SECTIONS {
                    if self.section(key).is_empty() {
                        continue;
                    }
                    walk.rows.push(Row::heading(RowKind::Section, *title, 0));
                    section(walk, key, title, 1);
                    if *key == "tillgångar" {
                        walk.rows.push(assets());
                    }
                }
                walk.rows.push(Row::new(
                    RowKind::Total,
                    "Summa eget kapital, avsättningar och skulder",
                    0,
                    cells(&all(&other), negate_other),
                ));
                if !self.report_signs {
                    let assets = total_of("tillgångar");
                    let computed: Vec<Figure> = (0..n)
                        .map(|c| Figure::sum([&assets[c], &other[c]]))
                        .collect();
                    walk.rows.push(Row::new(
                        RowKind::Check,
                        "Beräknat resultat",
                        0,
                        cells(&all(&computed), false),
                    ));
                }
            }
        }
    }

    /// Every row with an avvikelse (posts with budget or utfall, sums, delresultat and the
    /// result), with its avvikelse as printed (utfall − budget, a blank side counting as
    /// nothing), its share of the budget and its row's anchor, for `avvikelse(rad=...)`.
    pub fn variances(&self) -> Vec<Variance> {
        Self::variances_in(&self.printed_table())
    }

    /// The variances of `table`, this statement's printed table (see [`Statement::variances`]),
    /// for a caller that has the table already.
    pub fn variances_in(table: &Table) -> Vec<Variance> {
        let at = |key: &str| table.columns.iter().position(|c| c.key == key);
        let (Some(column), budget) = (at("avvikelse"), at("budget")) else {
            return Vec::new();
        };
        table
            .rows
            .iter()
            .filter_map(|row| {
                let amount = row.cells.get(column).cloned().flatten()?;
                let share = budget
                    .and_then(|b| row.cells.get(b).cloned().flatten())
                    .filter(|b| !b.value.is_zero())
                    .and_then(|b| {
                        let size = if b.value.is_sign_negative() {
                            b.negated()
                        } else {
                            b
                        };
                        amount.share_of(&size)
                    });
                Some(Variance {
                    anchor: row.anchor.clone()?,
                    row: row.name.clone(),
                    amount,
                    share,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Defaults, read};
    use super::*;
    use crate::model::figure::Origin;
    use rust_decimal::Decimal;

    fn statement(text: &str, kind: Kind) -> Statement {
        let node = crate::yaml::parse(text, "x.yaml", 0).unwrap();
        let (s, p) = read(&node, "x.yaml", kind, &Defaults::default());
        assert!(p.is_empty(), "{p:?}");
        s.unwrap()
    }

    fn written_at(figure: &Figure) -> usize {
        match figure.origin.as_ref() {
            Origin::Written { file, line } if file.as_ref() == "x.yaml" => *line,
            other => panic!("not written: {other:?}"),
        }
    }

    fn row<'a>(table: &'a Table, name: &str) -> &'a Row {
        table
            .rows
            .iter()
            .find(|r| r.name == name && !r.cells.is_empty())
            .unwrap()
    }

    fn cell<'a>(table: &'a Table, name: &str, key: &str) -> &'a Figure {
        let column = table.columns.iter().position(|c| c.key == key).unwrap();
        row(table, name).cells[column].as_ref().unwrap()
    }

    const INCOME: &str = "typ: resultaträkning\nräkenskapsår: { från: 2018-01-01, till: 2018-12-31 }\nperiod: { från: 2018-01-01, till: 2018-08-31 }\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 300000, utfall: 310000 }\n      - { post: Övrigt, utfall: 5000 }\n    delresultat: Rörelseresultat\n  - grupp: Kostnader\n    rader:\n      - { post: Arvoden, budget_helår: -120000, utfall: -100969.60 }\n";

    #[test]
    fn a_written_cell_is_at_its_line_and_a_groups_sum_is_made_of_its_posts() {
        let s = statement(INCOME, Kind::Income);
        let table = s.printed_table();
        let bidrag = cell(&table, "Bidrag", "utfall");
        assert_eq!(written_at(bidrag), 8);
        let sum = cell(&table, "S:a Intäkter", "utfall");
        assert_eq!(sum.value, Decimal::from(315000));
        assert_eq!(written_at(sum.parts()[0]), 8);
        assert_eq!(written_at(sum.parts()[1]), 9);
        // The running result after Intäkter is the sum of the lines before it.
        let running = cell(&table, "Rörelseresultat", "utfall");
        assert_eq!(running.value, Decimal::from(315000));
        let result = cell(&table, "Periodens resultat", "utfall");
        assert_eq!(result.value, Decimal::new(21403040, 2));
        assert_eq!(result.parts().len(), 2);
        assert_eq!(result.parts()[0].value, Decimal::from(315000));
    }

    #[test]
    fn an_avvikelse_is_utfall_less_budget_and_a_blank_side_counts_as_nothing() {
        let s = statement(INCOME, Kind::Income);
        let table = s.printed_table();
        let variance = cell(&table, "Bidrag", "avvikelse");
        assert_eq!(variance.value, Decimal::from(10000));
        let Origin::Difference(actual, budget) = variance.origin.as_ref() else {
            panic!("{variance:?}")
        };
        assert!(actual.same(cell(&table, "Bidrag", "utfall")));
        assert!(budget.same(cell(&table, "Bidrag", "budget")));
        // Övrigt has no budget: it deviates by its utfall, the budget a zero from nothing.
        let variance = cell(&table, "Övrigt", "avvikelse");
        assert_eq!(variance.value, Decimal::from(5000));
        assert_eq!(*variance.parts()[1].origin, Origin::Nothing);
        // The variances prose explains are the rows' own, with their anchors: every post's,
        // sum's, running result's and the result's.
        let variances = s.variances();
        let names: Vec<&str> = variances.iter().map(|v| v.row.as_str()).collect();
        assert_eq!(
            names,
            [
                "Bidrag",
                "Övrigt",
                "S:a Intäkter",
                "Rörelseresultat",
                "Arvoden",
                "S:a Kostnader",
                "Periodens resultat"
            ]
        );
        assert_eq!(variances[0].amount.value, Decimal::from(10000));
        assert!(variances[0].amount.parts()[0].same(cell(&table, "Bidrag", "utfall")));
        assert_eq!(
            row(&table, "Arvoden").anchor.as_deref(),
            Some(variances[4].anchor.as_str())
        );
        // A share of the budget's size, with the avvikelse's sign.
        let result = &variances[6];
        let share = result.share.as_ref().unwrap();
        let budget = cell(&table, "Periodens resultat", "budget").value;
        assert_eq!(share.value, result.amount.value / budget.abs());
    }

    #[test]
    fn a_yearly_budget_cut_to_the_period_is_a_portion_of_it() {
        let s = statement(INCOME, Kind::Income);
        let table = s.printed_table();
        let budget = cell(&table, "Arvoden", "budget");
        assert_eq!(budget.value, Decimal::from(-80000));
        let Origin::Portion { whole, weight, how } = budget.origin.as_ref() else {
            panic!("{budget:?}")
        };
        assert_eq!(whole.value, Decimal::from(-120000));
        assert_eq!(written_at(whole), 13);
        assert_eq!(*weight * Decimal::from(12), Decimal::from(8));
        assert_eq!(how, "8 av 12 månader");
    }

    #[test]
    fn a_balance_sheet_in_published_signs_turns_the_credit_side() {
        let s = statement(
            "typ: balansräkning\ntecken: rapport\ntillgångar:\n  - { post: Bank, ingående: 1000, förändring: 500 }\neget_kapital:\n  - { post: Eget kapital, ingående: -600, förändring: -500 }\n  - { post: Fond, ingående: -400, förändring: 0 }\n",
            Kind::Balance,
        );
        let table = s.printed_table();
        let bank = cell(&table, "Bank", "utgående");
        assert_eq!(bank.value, Decimal::from(1500));
        assert_eq!(bank.parts().len(), 2);
        let equity = cell(&table, "Eget kapital", "utgående");
        assert_eq!(equity.value, Decimal::from(1100));
        assert!(matches!(equity.origin.as_ref(), Origin::Negated(_)));
        let total = cell(&table, "Summa eget kapital och skulder", "utgående");
        assert_eq!(total.value, Decimal::from(1500));
        let sum = cell(&table, "S:a Eget kapital", "utgående");
        assert_eq!(sum.value, Decimal::from(1500));
    }
}
