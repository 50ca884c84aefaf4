//! The template view of a resultaträkning or balansräkning: its printed table (rows flattened,
//! the sign convention applied, avvikelse columns), its sums and the rows prose can explain.
use rust_decimal::Decimal;

use super::{TemplateValue as T, amount_value};
use crate::model::statement::*;
use crate::money::{Date, Unit};

impl Statement {
    /// Every post with budget and utfall, as `{ rad, belopp }` with belopp = utfall − budget,
    /// for `avvikelse(rad=...)` in the prose.
    fn variances(&self) -> Vec<T> {
        let (Some(b), Some(a)) = (
            self.columns.iter().position(|c| c == "budget"),
            self.columns.iter().position(|c| c == "utfall"),
        ) else {
            return Vec::new();
        };
        fn walk(lines: &[Line], b: usize, a: usize, unit: Unit, out: &mut Vec<T>) {
            for line in lines {
                if line.group {
                    walk(&line.lines, b, a, unit, out);
                } else if let (Some(Some(budget)), Some(Some(actual))) =
                    (line.amounts.get(b), line.amounts.get(a))
                {
                    out.push(T::Map(vec![
                        ("rad".into(), T::Text(line.name.clone())),
                        ("belopp".into(), amount_value(actual - budget, unit)),
                    ]));
                }
            }
        }
        let mut out = Vec::new();
        for (_, lines) in &self.sections {
            walk(lines, b, a, self.unit, &mut out);
        }
        for (index, entry) in out.iter_mut().enumerate() {
            if let T::Map(entries) = entry {
                entries.push(("ankare".into(), T::Text(self.anchor(index))));
            }
        }
        out
    }

    /// The label of the place in the narrative where `avvikelse(rad=...)` explains the
    /// `index`th row with budget and utfall: ASCII letters, digits and `-` only, so that it is
    /// a typst label and an HTML id as it stands.
    fn anchor(&self, index: usize) -> String {
        let mut slug = String::new();
        for c in self.file.chars() {
            match c {
                c if c.is_ascii_alphanumeric() => slug.push(c.to_ascii_lowercase()),
                'å' | 'ä' | 'Å' | 'Ä' => slug.push('a'),
                'ö' | 'Ö' => slug.push('o'),
                _ if !slug.ends_with('-') => slug.push('-'),
                _ => {}
            }
        }
        format!("avvikelse-{}-{index}", slug.trim_matches('-'))
    }

    /// The printed rows, flattened, with the sign convention applied.
    fn table(&self) -> T {
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
        // A blank cell stays blank, and so does an avvikelse with a blank side.
        let cells = |amounts: &[Option<Decimal>], sign: Decimal| -> T {
            let value = |c: usize| amounts.get(c).copied().flatten();
            let mut list: Vec<T> = printed
                .iter()
                .map(|c| value(*c).map_or(T::None, |a| amount_value(a * sign, unit)))
                .collect();
            if variance && let (Some(b), Some(a)) = (budget, actual) {
                list.push(match (value(a), value(b)) {
                    (Some(a), Some(b)) => amount_value((a - b) * sign, unit),
                    _ => T::None,
                });
            }
            if forecast_variance && let (Some(b), Some(f)) = (year_budget, forecast) {
                list.push(match (value(f), value(b)) {
                    (Some(f), Some(b)) => amount_value((f - b) * sign, unit),
                    _ => T::None,
                });
            }
            T::List(list)
        };
        let all = |v: &[Decimal]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        struct Walk<'a> {
            columns: usize,
            cells: &'a dyn Fn(&[Option<Decimal>], Decimal) -> T,
            rows: Vec<T>,
            // The section's running sum, for the intermediate results.
            running: Vec<Decimal>,
            // The columns budget and utfall, whose posts get `ankare` (as in `variances`).
            compared: Option<(usize, usize)>,
            anchor: &'a dyn Fn(usize) -> String,
            compared_posts: usize,
        }
        impl Walk<'_> {
            fn lines(&mut self, lines: &[Line], level: usize, sign: Decimal) {
                for line in lines {
                    let values: Vec<Option<Decimal>> = (0..self.columns)
                        .map(|c| line.amounts.get(c).copied().flatten())
                        .collect();
                    let note = match (&line.note, &line.comment) {
                        (Some(n), Some(c)) => T::Text(format!("{n} {c}")),
                        (Some(t), None) | (None, Some(t)) => T::Text(t.clone()),
                        (None, None) => T::None,
                    };
                    if line.group {
                        self.rows.push(row(
                            "rubrik",
                            &line.name,
                            level,
                            T::List(Vec::new()),
                            note.clone(),
                        ));
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
                            T::None,
                        ));
                    } else {
                        for (c, v) in values.iter().enumerate() {
                            self.running[c] += v.unwrap_or_default();
                        }
                        let mut post =
                            row("post", &line.name, level, (self.cells)(&values, sign), note);
                        if let (Some((b, a)), T::Map(entries)) = (self.compared, &mut post)
                            && values[b].is_some()
                            && values[a].is_some()
                        {
                            let label = (self.anchor)(self.compared_posts);
                            entries.push(("ankare".into(), T::Text(label)));
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
                            T::None,
                        ));
                    }
                }
            }
        }
        fn row(kind: &str, name: &str, level: usize, cells: T, note: T) -> T {
            T::Map(vec![
                ("slag".into(), T::Text(kind.into())),
                ("namn".into(), T::Text(name.into())),
                ("nivå".into(), T::Integer(level as i64)),
                ("celler".into(), cells),
                ("not".into(), note),
            ])
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
                    T::None,
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
                let section_sum = |walk: &mut Walk<'_>, key: &str, title: &str, level: usize| {
                    let lines = lines_of(key);
                    let sign = if key == "tillgångar" {
                        Decimal::ONE
                    } else {
                        sign_other
                    };
                    if lines.len() > 1 && key != "tillgångar" {
                        walk.rows
                            .push(row("rubrik", title, level, T::List(Vec::new()), T::None));
                        walk.lines(&lines, level + 1, sign);
                        walk.rows.push(row(
                            "summa",
                            &format!("S:a {title}"),
                            level,
                            cells(&all(&self.section_sum(key)), sign),
                            T::None,
                        ));
                    } else {
                        walk.lines(&lines, level, sign);
                    }
                };
                match self.form {
                    Form::Sheet => {
                        walk.rows.push(row(
                            "avsnitt",
                            "Tillgångar",
                            0,
                            T::List(Vec::new()),
                            T::None,
                        ));
                        section_sum(&mut walk, "tillgångar", "Tillgångar", 1);
                        walk.rows.push(row(
                            "total",
                            "Summa tillgångar",
                            0,
                            cells(&all(&self.section_sum("tillgångar")), Decimal::ONE),
                            T::None,
                        ));
                        walk.rows.push(row(
                            "avsnitt",
                            "Eget kapital och skulder",
                            0,
                            T::List(Vec::new()),
                            T::None,
                        ));
                        for (key, title) in &BALANCE_SECTIONS[1..] {
                            section_sum(&mut walk, key, title, 1);
                        }
                        walk.rows.push(row(
                            "total",
                            "Summa eget kapital och skulder",
                            0,
                            cells(&all(&other), sign_other),
                            T::None,
                        ));
                    }
                    Form::Report => {
                        for (key, title) in BALANCE_SECTIONS {
                            let lines = lines_of(key);
                            if lines.is_empty() {
                                continue;
                            }
                            walk.rows
                                .push(row("avsnitt", title, 0, T::List(Vec::new()), T::None));
                            section_sum(&mut walk, key, title, 1);
                            if *key == "tillgångar" {
                                walk.rows.push(row(
                                    "total",
                                    "Summa tillgångar",
                                    0,
                                    cells(&all(&self.section_sum(key)), Decimal::ONE),
                                    T::None,
                                ));
                            }
                        }
                        walk.rows.push(row(
                            "total",
                            "Summa eget kapital, avsättningar och skulder",
                            0,
                            cells(&all(&other), sign_other),
                            T::None,
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
                                T::None,
                            ));
                        }
                    }
                }
                rows.append(&mut walk.rows);
            }
        }
        let mut headers: Vec<T> = match (self.kind, self.form) {
            (Kind::Income, _) => self
                .columns
                .iter()
                .map(|c| T::Text(income_header(c, self.period, self.fiscal_year)))
                .collect(),
            (Kind::Balance, Form::Sheet) => {
                let end = self.period.or(self.fiscal_year).map(|(_, to)| to);
                let start = self
                    .fiscal_year
                    .or(self.period)
                    .map(|(from, _)| day_before(from));
                vec![
                    T::Text(end.map_or("Utgående balans".into(), Date::iso)),
                    T::Text(start.map_or("Ingående balans".into(), Date::iso)),
                ]
            }
            (Kind::Balance, Form::Report) => ["Ingående balans", "Period", "Utgående balans"]
                .iter()
                .map(|h| T::Text((*h).into()))
                .collect(),
        };
        if variance {
            headers.push(T::Text("Avvikelse".into()));
        }
        if forecast_variance {
            headers.push(T::Text("Avvikelse prognos–budget".into()));
        }
        T::Map(vec![
            ("rubriker".into(), T::List(headers)),
            ("rader".into(), T::List(rows)),
        ])
    }

    /// The statement for templates.
    pub fn to_template(&self) -> T {
        let dates = |p: Option<(Date, Date)>| match p {
            Some((from, to)) => T::Map(vec![
                ("från".into(), T::Text(from.iso())),
                ("till".into(), T::Text(to.iso())),
            ]),
            None => T::None,
        };
        let mut entries = vec![
            (
                "typ".into(),
                T::Text(match self.kind {
                    Kind::Income => "resultaträkning".into(),
                    Kind::Balance => "balansräkning".into(),
                }),
            ),
            ("enhet".into(), T::Text(self.unit.label().into())),
            ("räkenskapsår".into(), dates(self.fiscal_year)),
            ("period".into(), dates(self.period)),
            ("tabell".into(), self.table()),
            (
                "anmärkningar".into(),
                T::List(self.remarks.iter().cloned().map(T::Text).collect()),
            ),
            ("resultatnamn".into(), T::Text(self.result_name().into())),
            ("avvikelser".into(), T::List(self.variances())),
            (
                "form".into(),
                T::Text(match (self.kind, self.form) {
                    (Kind::Income, _) => "resultaträkning".into(),
                    (Kind::Balance, Form::Sheet) => "balansräkning".into(),
                    (Kind::Balance, Form::Report) => "balansrapport".into(),
                }),
            ),
        ];
        match self.kind {
            Kind::Income => {
                let result = self.result();
                entries.push((
                    "resultat".into(),
                    T::Map(
                        self.columns
                            .iter()
                            .zip(&result)
                            .map(|(c, r)| (c.clone(), amount_value(*r, self.unit)))
                            .collect(),
                    ),
                ));
            }
            Kind::Balance => {
                for (key, _) in BALANCE_SECTIONS {
                    let sums = self.section_sum(key);
                    entries.push((
                        format!("summa_{key}"),
                        T::Map(
                            self.columns
                                .iter()
                                .zip(&sums)
                                .map(|(c, s)| (c.clone(), amount_value(*s, self.unit)))
                                .collect(),
                        ),
                    ));
                }
            }
        }
        T::Map(entries)
    }
}
