//! The template view of a resultaträkning or balansräkning: its printed table (rows flattened,
//! the sign convention applied, avvikelse columns), its sums and the rows prose can explain.
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Amount, Entries};
use crate::model::statement::*;
use crate::money::{Date, Unit};

/// A statement for templates.
#[derive(Serialize)]
pub(super) struct StatementView {
    typ: &'static str,
    enhet: &'static str,
    #[serde(rename = "räkenskapsår")]
    fiscal_year: Option<Period>,
    period: Option<Period>,
    pub(super) tabell: PrintedTable,
    #[serde(rename = "anmärkningar")]
    remarks: Vec<String>,
    resultatnamn: &'static str,
    avvikelser: Vec<Variance>,
    form: &'static str,
    /// `resultat` per column of a resultaträkning; `summa_tillgångar`, `summa_eget_kapital`, ...
    /// per column of a balansräkning.
    #[serde(flatten)]
    sums: Entries<Entries<Amount>>,
}

/// `{ från, till }`
#[derive(Serialize)]
struct Period {
    #[serde(rename = "från")]
    from: String,
    till: String,
}

/// A post with budget and utfall, for `avvikelse(rad=...)` in the prose.
#[derive(Serialize)]
struct Variance {
    rad: String,
    /// utfall − budget
    belopp: Amount,
    ankare: String,
}

/// A printed table: the column headers and the rows, flattened (a kassaflödesanalys's too).
#[derive(Serialize)]
pub(super) struct PrintedTable {
    pub(super) rubriker: Vec<String>,
    pub(super) rader: Vec<PrintedRow>,
}

/// One printed row.
#[derive(Serialize)]
pub(super) struct PrintedRow {
    /// `avsnitt`, `rubrik`, `post`, `summa`, `delresultat`, `total` or `kontroll`.
    pub(super) slag: &'static str,
    pub(super) namn: String,
    #[serde(rename = "nivå")]
    pub(super) level: i64,
    pub(super) celler: Vec<Option<Amount>>,
    pub(super) not: Option<String>,
    /// The label of a post the prose can explain (budget or utfall); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ankare: Option<String>,
}

/// A row's printed cells from its amounts per column and the sign to print them with.
type Cells<'a> = dyn Fn(&[Option<Decimal>], Decimal) -> Vec<Option<Amount>> + 'a;

fn row(
    slag: &'static str,
    name: &str,
    level: i64,
    celler: Vec<Option<Amount>>,
    not: Option<String>,
) -> PrintedRow {
    PrintedRow {
        slag,
        namn: name.into(),
        level,
        celler,
        not,
        ankare: None,
    }
}

impl Statement {
    /// Every post with budget or utfall, as `{ rad, belopp }` with belopp = utfall − budget (a
    /// blank side 0, as printed), for `avvikelse(rad=...)` in the prose.
    fn variances(&self) -> Vec<Variance> {
        let (Some(b), Some(a)) = (
            self.columns.iter().position(|c| c == "budget"),
            self.columns.iter().position(|c| c == "utfall"),
        ) else {
            return Vec::new();
        };
        fn walk(lines: &[Line], b: usize, a: usize, unit: Unit, out: &mut Vec<(String, Amount)>) {
            for line in lines {
                if line.group {
                    walk(&line.lines, b, a, unit, out);
                } else {
                    // As printed: a blank side counts as 0 (a row without budget deviates by
                    // its utfall).
                    let (budget, actual) = (
                        line.amounts.get(b).copied().flatten(),
                        line.amounts.get(a).copied().flatten(),
                    );
                    if budget.is_some() || actual.is_some() {
                        out.push((
                            line.name.clone(),
                            Amount::new(
                                actual.unwrap_or_default() - budget.unwrap_or_default(),
                                unit,
                            ),
                        ));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (_, lines) in &self.sections {
            walk(lines, b, a, self.unit, &mut out);
        }
        out.into_iter()
            .enumerate()
            .map(|(index, (rad, belopp))| Variance {
                rad,
                belopp,
                ankare: self.anchor(index),
            })
            .collect()
    }

    /// The label of the place in the narrative where `avvikelse(rad=...)` explains the
    /// `index`th row with budget and utfall: ASCII letters, digits and `-` only, so that it is
    /// a typst label and an HTML id as it stands.
    fn anchor(&self, index: usize) -> String {
        format!("avvikelse-{}-{index}", crate::text::slug(&self.file))
    }

    /// The order in which a row's cells are printed, as indexes into the model's columns
    /// (`printed`) followed by avvikelse and the prognosis's avvikelse: as published, budget,
    /// utfall and their avvikelse, then last year, then the year's budget, the prognosis and
    /// theirs, whatever the order in `kolumner:`. A balance sheet keeps its own order.
    fn published_order(&self, printed: &[usize], variance: bool, forecast: bool) -> Vec<usize> {
        let mut keys: Vec<&str> = printed.iter().map(|c| self.columns[*c].as_str()).collect();
        if variance {
            keys.push("avvikelse");
        }
        if forecast {
            keys.push("avvikelse_prognos");
        }
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

    /// The printed rows, flattened, with the sign convention applied.
    fn table(&self) -> PrintedTable {
        let unit = self.unit;
        let n = self.columns.len();
        let mut rows = Vec::new();
        // The model's columns in the order printed: a balansräkning shows the period's end and
        // the year's start, a balansrapport ingående, förändring and utgående.
        let printed: Vec<usize> = match (self.kind, self.form) {
            (Kind::Balance, Form::Sheet) => vec![2, 0],
            _ => (0..n).collect(),
        };
        let variance = self.kind == Kind::Income
            && self.columns.iter().any(|c| c == "budget")
            && self.columns.iter().any(|c| c == "utfall");
        let budget = self.columns.iter().position(|c| c == "budget");
        let actual = self.columns.iter().position(|c| c == "utfall");
        // Beside Budget helår and Prognos helår: the prognosis's deviation from the budget.
        let year_budget = self.columns.iter().position(|c| c == "budget_helår");
        let forecast = self.columns.iter().position(|c| c == "prognos");
        let forecast_variance =
            self.kind == Kind::Income && year_budget.is_some() && forecast.is_some();
        let published = self.published_order(&printed, variance, forecast_variance);
        // A blank cell stays blank. An avvikelse with one side blank counts that side as 0, as
        // the sums do: a row with utfall and no budget deviates by all its utfall, so that the
        // avvikelse column adds up to its sum like every other column.
        let cells = |amounts: &[Option<Decimal>], sign: Decimal| -> Vec<Option<Amount>> {
            let value = |c: usize| amounts.get(c).copied().flatten();
            let deviation = |x: Option<Decimal>, base: Option<Decimal>| {
                (x.is_some() || base.is_some()).then(|| {
                    Amount::new(
                        (x.unwrap_or_default() - base.unwrap_or_default()) * sign,
                        unit,
                    )
                })
            };
            let mut list: Vec<Option<Amount>> = printed
                .iter()
                .map(|c| value(*c).map(|a| Amount::new(a * sign, unit)))
                .collect();
            if variance && let (Some(b), Some(a)) = (budget, actual) {
                list.push(deviation(value(a), value(b)));
            }
            if forecast_variance && let (Some(b), Some(f)) = (year_budget, forecast) {
                list.push(deviation(value(f), value(b)));
            }
            published.iter().map(|i| list[*i].clone()).collect()
        };
        let all = |v: &[Decimal]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        struct Walk<'a> {
            columns: usize,
            cells: &'a Cells<'a>,
            rows: Vec<PrintedRow>,
            // The section's running sum, for the intermediate results.
            running: Vec<Decimal>,
            // The columns budget and utfall, whose posts get `ankare` (as in `variances`).
            compared: Option<(usize, usize)>,
            anchor: &'a dyn Fn(usize) -> String,
            compared_posts: usize,
        }
        impl Walk<'_> {
            fn lines(&mut self, lines: &[Line], level: i64, sign: Decimal) {
                for line in lines {
                    let values: Vec<Option<Decimal>> = (0..self.columns)
                        .map(|c| line.amounts.get(c).copied().flatten())
                        .collect();
                    let note = match (&line.note, &line.comment) {
                        (Some(n), Some(c)) => Some(format!("{n} {c}")),
                        (Some(t), None) | (None, Some(t)) => Some(t.clone()),
                        (None, None) => None,
                    };
                    if line.group {
                        self.rows
                            .push(row("rubrik", &line.name, level, Vec::new(), note.clone()));
                        // The running sum goes on from the group's own sums (a prognosis set
                        // for a whole group has no rows under it).
                        let before = self.running.clone();
                        self.lines(&line.lines, level + 1, sign);
                        for (c, v) in values.iter().enumerate() {
                            self.running[c] = before[c] + v.unwrap_or_default();
                        }
                        self.rows.push(row(
                            "summa",
                            &format!("S:a {}", line.name),
                            level,
                            (self.cells)(&values, sign),
                            None,
                        ));
                    } else {
                        for (c, v) in values.iter().enumerate() {
                            self.running[c] += v.unwrap_or_default();
                        }
                        let mut post =
                            row("post", &line.name, level, (self.cells)(&values, sign), note);
                        if let Some((b, a)) = self.compared
                            && (values[b].is_some() || values[a].is_some())
                        {
                            post.ankare = Some((self.anchor)(self.compared_posts));
                            self.compared_posts += 1;
                        }
                        self.rows.push(post);
                    }
                    if let Some(name) = &line.subtotal {
                        let running: Vec<Option<Decimal>> =
                            self.running.iter().map(|v| Some(*v)).collect();
                        self.rows.push(row(
                            "delresultat",
                            name,
                            0,
                            (self.cells)(&running, sign),
                            None,
                        ));
                    }
                }
            }
        }
        let mut walk = Walk {
            columns: n,
            cells: &cells,
            rows: Vec::new(),
            running: vec![Decimal::ZERO; n],
            compared: budget.zip(actual).filter(|_| self.kind == Kind::Income),
            anchor: &|index| self.anchor(index),
            compared_posts: 0,
        };
        match self.kind {
            Kind::Income => {
                let lines = &self.sections[0].1;
                walk.lines(lines, 0, Decimal::ONE);
                rows.append(&mut walk.rows);
                rows.push(row(
                    "total",
                    self.result_name(),
                    0,
                    cells(&all(&self.result()), Decimal::ONE),
                    None,
                ));
            }
            Kind::Balance => {
                let sign_other = if self.report_signs {
                    Decimal::NEGATIVE_ONE
                } else {
                    Decimal::ONE
                };
                let lines_of = |key: &str| {
                    self.sections
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default()
                };
                let other: Vec<Decimal> = (0..n)
                    .map(|c| {
                        ["eget_kapital", "avsättningar", "skulder"]
                            .iter()
                            .map(|k| self.section_sum(k)[c])
                            .sum()
                    })
                    .collect();
                // A section of more than one line gets a sum of its own (S:a Eget kapital).
                let section_sum = |walk: &mut Walk<'_>, key: &str, title: &str, level: i64| {
                    let lines = lines_of(key);
                    let sign = if key == "tillgångar" {
                        Decimal::ONE
                    } else {
                        sign_other
                    };
                    if lines.len() > 1 && key != "tillgångar" {
                        walk.rows
                            .push(row("rubrik", title, level, Vec::new(), None));
                        walk.lines(&lines, level + 1, sign);
                        walk.rows.push(row(
                            "summa",
                            &format!("S:a {title}"),
                            level,
                            cells(&all(&self.section_sum(key)), sign),
                            None,
                        ));
                    } else {
                        walk.lines(&lines, level, sign);
                    }
                };
                match self.form {
                    Form::Sheet => {
                        walk.rows
                            .push(row("avsnitt", "Tillgångar", 0, Vec::new(), None));
                        section_sum(&mut walk, "tillgångar", "Tillgångar", 1);
                        walk.rows.push(row(
                            "total",
                            "Summa tillgångar",
                            0,
                            cells(&all(&self.section_sum("tillgångar")), Decimal::ONE),
                            None,
                        ));
                        walk.rows.push(row(
                            "avsnitt",
                            "Eget kapital och skulder",
                            0,
                            Vec::new(),
                            None,
                        ));
                        for (key, title) in &BALANCE_SECTIONS[1..] {
                            section_sum(&mut walk, key, title, 1);
                        }
                        walk.rows.push(row(
                            "total",
                            "Summa eget kapital och skulder",
                            0,
                            cells(&all(&other), sign_other),
                            None,
                        ));
                    }
                    Form::Report => {
                        for (key, title) in BALANCE_SECTIONS {
                            let lines = lines_of(key);
                            if lines.is_empty() {
                                continue;
                            }
                            walk.rows.push(row("avsnitt", title, 0, Vec::new(), None));
                            section_sum(&mut walk, key, title, 1);
                            if *key == "tillgångar" {
                                walk.rows.push(row(
                                    "total",
                                    "Summa tillgångar",
                                    0,
                                    cells(&all(&self.section_sum(key)), Decimal::ONE),
                                    None,
                                ));
                            }
                        }
                        walk.rows.push(row(
                            "total",
                            "Summa eget kapital, avsättningar och skulder",
                            0,
                            cells(&all(&other), sign_other),
                            None,
                        ));
                        if !self.report_signs {
                            let assets = self.section_sum("tillgångar");
                            let computed: Vec<Decimal> =
                                (0..n).map(|c| assets[c] + other[c]).collect();
                            walk.rows.push(row(
                                "kontroll",
                                "Beräknat resultat",
                                0,
                                cells(&all(&computed), Decimal::ONE),
                                None,
                            ));
                        }
                    }
                }
                rows.append(&mut walk.rows);
            }
        }
        let mut headers: Vec<String> = match (self.kind, self.form) {
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
        };
        if variance {
            headers.push("Avvikelse".into());
        }
        if forecast_variance {
            headers.push("Avvikelse prognos–budget".into());
        }
        PrintedTable {
            rubriker: published.iter().map(|i| headers[*i].clone()).collect(),
            rader: rows,
        }
    }

    /// The statement for templates.
    pub(super) fn view(&self) -> StatementView {
        let dates = |p: Option<(Date, Date)>| {
            p.map(|(from, to)| Period {
                from: from.iso(),
                till: to.iso(),
            })
        };
        let per_column = |values: &[Decimal]| {
            Entries(
                self.columns
                    .iter()
                    .zip(values)
                    .map(|(c, v)| (c.clone(), Amount::new(*v, self.unit)))
                    .collect(),
            )
        };
        let sums = match self.kind {
            Kind::Income => vec![("resultat".to_owned(), per_column(&self.result()))],
            Kind::Balance => BALANCE_SECTIONS
                .iter()
                .map(|(key, _)| (format!("summa_{key}"), per_column(&self.section_sum(key))))
                .collect(),
        };
        StatementView {
            typ: self.kind.name(),
            enhet: self.unit.label(),
            fiscal_year: dates(self.fiscal_year),
            period: dates(self.period),
            tabell: self.table(),
            remarks: self.remarks.clone(),
            resultatnamn: self.result_name(),
            avvikelser: self.variances(),
            form: match (self.kind, self.form) {
                (Kind::Balance, Form::Report) => "balansrapport",
                (kind, _) => kind.name(),
            },
            sums: Entries(sums),
        }
    }
}
