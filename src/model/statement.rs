//! `typ: resultaträkning` (IncomeStatement) and `typ: balansräkning` (BalanceSheet): the
//! statements of a delårsrapport or årsredovisning, computed and checked.
//!
//! Amounts are exact (öre and all) and rounded only when printed, so a printed sum can differ
//! by a krona from the printed rows, as in every real statement. Checked here: expectations
//! (`summa`, `resultat`), utgående = ingående + förändring per row, the balance in every column,
//! and that the period's result equals the change in eget kapital with the sign turned.

use rust_decimal::Decimal;

use super::{amount, amount_value, shown};
use crate::diagnostics::{Diagnostic, Position, nearest};
use crate::money::{Date, Unit};
use crate::templates::TemplateValue as T;
use crate::yaml::{MapReader, Node, Value};

/// A line of a statement: a post or a grupp, with one amount per column.
#[derive(Debug, Clone)]
pub struct Line {
    /// `post` or `grupp`
    pub name: String,
    /// Whether this is a grupp.
    pub group: bool,
    /// `id`
    pub id: Option<String>,
    /// Amounts per column (`None`: blank); for a group, its computed sums.
    pub amounts: Vec<Option<Decimal>>,
    /// `rader` of a group.
    pub lines: Vec<Line>,
    /// `not`
    pub note: Option<String>,
    /// Where it is written.
    pub position: Position,
}

impl Line {
    fn value(&self, column: usize) -> Decimal {
        self.amounts
            .get(column)
            .copied()
            .flatten()
            .unwrap_or_default()
    }
}

/// A statement: a resultaträkning or a balansräkning.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The file, relative to the project root.
    pub file: String,
    /// Resultaträkning or balansräkning.
    pub kind: Kind,
    /// `enhet`
    pub unit: Unit,
    /// `räkenskapsår`
    pub fiscal_year: Option<(Date, Date)>,
    /// `period`
    pub period: Option<(Date, Date)>,
    /// The columns: for a resultaträkning `budget`, `utfall`, ...; for a balansräkning
    /// `ingående`, `förändring`, `utgående`.
    pub columns: Vec<String>,
    /// The sections: one (`rader`) for a resultaträkning; tillgångar, eget kapital,
    /// avsättningar and skulder for a balansräkning.
    pub sections: Vec<(String, Vec<Line>)>,
    /// `tecken: rapport`: both sides printed positive.
    pub report_signs: bool,
}

/// Which statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// resultaträkning
    Income,
    /// balansräkning
    Balance,
}

const INCOME_COLUMNS: &[&str] = &["budget", "utfall", "prognos", "föregående_år"];
const BALANCE_COLUMNS: &[&str] = &["ingående", "förändring", "utgående"];
const BALANCE_SECTIONS: &[(&str, &str)] = &[
    ("tillgångar", "Tillgångar"),
    ("eget_kapital", "Eget kapital"),
    ("avsättningar", "Avsättningar"),
    ("skulder", "Skulder"),
];

struct Reader<'a> {
    file: &'a str,
    columns: Vec<String>,
    kind: Kind,
    problems: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn lines(&mut self, node: &Node, what: &str) -> Vec<Line> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|i| self.line(i)).collect(),
            Value::Null => Vec::new(),
            _ => {
                self.problems.push(
                    Diagnostic::error(format!(
                        "`{what}` ska vara en lista av poster och grupper, men är {}",
                        node.kind()
                    ))
                    .in_file(self.file)
                    .at(node.position),
                );
                Vec::new()
            }
        }
    }

    fn line(&mut self, node: &Node) -> Option<Line> {
        let file = self.file;
        let mut map = match MapReader::new(node, file, "en rad") {
            Ok(m) => m,
            Err(d) => {
                self.problems.push(d);
                return None;
            }
        };
        let mut text = |map: &mut MapReader<'_>, key: &str| match map.text(key) {
            Ok(v) => v,
            Err(d) => {
                self.problems.push(d);
                None
            }
        };
        let id = text(&mut map, "id");
        let note = text(&mut map, "not");
        let column_keys: Vec<&str> = match self.kind {
            Kind::Income => INCOME_COLUMNS.to_vec(),
            Kind::Balance => BALANCE_COLUMNS.to_vec(),
        };
        if let Some(name) = text(&mut map, "grupp") {
            let lines = match map.get("rader") {
                Some(r) => self.lines(r, "rader"),
                None => {
                    self.problems.push(
                        Diagnostic::error(format!("gruppen `{name}` saknar `rader`"))
                            .in_file(file)
                            .at(node.position),
                    );
                    Vec::new()
                }
            };
            // A column none of the group's lines fills stays blank.
            let amounts: Vec<Option<Decimal>> = (0..self.columns.len())
                .map(|c| {
                    lines
                        .iter()
                        .any(|l| l.amounts.get(c).is_some_and(Option::is_some))
                        .then(|| lines.iter().map(|l| l.value(c)).sum())
                })
                .collect();
            if let Some(expected) = map.get("summa") {
                self.check_expected(expected, &amounts, &format!("summan för `{name}`"));
            }
            self.problems
                .extend(map.unknown_keys(&["grupp", "rader", "id", "not", "summa"], "en grupp"));
            return Some(Line {
                name,
                group: true,
                id,
                amounts,
                lines,
                note,
                position: node.position,
            });
        }
        let Some(name) = text(&mut map, "post") else {
            self.problems.push(
                Diagnostic::error(
                    "en rad ska ha `post:` (med belopp) eller `grupp:` (med `rader:`)",
                )
                .in_file(file)
                .at(node.position),
            );
            return None;
        };
        let mut amounts = vec![None; self.columns.len()];
        for (c, column) in self.columns.clone().iter().enumerate() {
            if let Some(n) = map.get(column) {
                match amount(n, file) {
                    Ok(v) => amounts[c] = v,
                    Err(d) => self.problems.push(d),
                }
            }
        }
        let mut known = vec!["post", "id", "not"];
        known.extend(column_keys.iter().copied());
        if self.kind == Kind::Balance {
            // utgående may be written; then it must equal ingående + förändring.
            let opening = amounts[0].unwrap_or_default();
            let change = amounts[1].unwrap_or_default();
            let computed = opening + change;
            if let Some(written) = amounts[2] {
                if written != computed
                    && let Some(n) = map.get("utgående")
                {
                    self.problems.push(
                        Diagnostic::error(format!(
                            "`{name}`: utgående {} är inte ingående {} + förändring {} = {}",
                            written, opening, change, computed
                        ))
                        .in_file(file)
                        .at(n.position)
                        .hint(format!("skillnad {}", written - computed)),
                    );
                }
            } else {
                amounts[2] = Some(computed);
            }
        } else {
            for key in column_keys
                .iter()
                .filter(|k| !self.columns.iter().any(|c| c == *k))
            {
                if let Some(n) = map.get(key) {
                    self.problems.push(
                        Diagnostic::error(format!("kolumnen `{key}` finns inte i `kolumner`"))
                            .in_file(file)
                            .at(n.position)
                            .hint(format!(
                                "lägg till den: kolumner: [{}, {key}]",
                                self.columns.join(", ")
                            )),
                    );
                }
            }
        }
        self.problems.extend(map.unknown_keys(&known, "en post"));
        Some(Line {
            name,
            group: false,
            id,
            amounts,
            lines: Vec::new(),
            note,
            position: node.position,
        })
    }

    /// `summa: { budget: ..., utfall: ... }` against the computed sums.
    fn check_expected(&mut self, node: &Node, computed: &[Option<Decimal>], label: &str) {
        let Value::Map(entries) = &node.value else {
            self.problems.push(
                Diagnostic::error(format!(
                    "`summa` ska ange en summa per kolumn, t.ex. {{ {}: 1000 }}",
                    self.columns.first().map_or("utfall", String::as_str)
                ))
                .in_file(self.file)
                .at(node.position),
            );
            return;
        };
        for (key, value) in entries {
            let Some(c) = self.columns.iter().position(|col| *col == key.name) else {
                let mut d = Diagnostic::error(format!("kolumnen `{}` finns inte", key.name))
                    .in_file(self.file)
                    .at(key.position);
                if let Some(n) = nearest(&key.name, self.columns.iter().map(String::as_str)) {
                    d = d.hint(format!("menade du `{n}`?"));
                }
                self.problems.push(d);
                continue;
            };
            match amount(value, self.file) {
                Ok(Some(expected)) => {
                    let got = computed[c].unwrap_or_default();
                    if expected != got {
                        self.problems.push(
                            Diagnostic::error(format!(
                                "{label}, kolumnen {}: väntat {}, beräknat {}",
                                key.name,
                                shown(expected, Unit::Kr),
                                shown(got, Unit::Kr)
                            ))
                            .in_file(self.file)
                            .at(value.position)
                            .hint(format!("skillnad {}", shown(expected - got, Unit::Kr))),
                        );
                    }
                }
                Ok(None) => {}
                Err(d) => self.problems.push(d),
            }
        }
    }
}

fn period(
    node: Option<&Node>,
    file: &str,
    key: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Date, Date)> {
    let node = node?;
    let mut map = match MapReader::new(node, file, &format!("`{key}`")) {
        Ok(m) => m,
        Err(d) => {
            problems.push(d.hint(format!(
                "skriv t.ex. `{key}: {{ från: 2018-01-01, till: 2018-08-31 }}`"
            )));
            return None;
        }
    };
    let mut date = |k: &str| -> Option<Date> {
        let n = map.get(k)?;
        match n.as_text().map(Date::parse) {
            Some(Ok(d)) => Some(d),
            Some(Err(m)) => {
                problems.push(Diagnostic::error(m).in_file(file).at(n.position));
                None
            }
            None => None,
        }
    };
    let (from, to) = (date("från"), date("till"));
    problems.extend(map.unknown_keys(&["från", "till"], &format!("`{key}`")));
    Some((from?, to?))
}

/// Reads and checks a statement file of `kind`.
pub fn read(node: &Node, file: &str, kind: Kind) -> (Option<Statement>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut map = match MapReader::new(node, file, "rapporten") {
        Ok(m) => m,
        Err(d) => return (None, vec![d]),
    };
    map.get("typ");
    let unit = match map.get("enhet") {
        None => Unit::Kr,
        Some(n) => n.as_text().and_then(Unit::parse).unwrap_or_else(|| {
            problems.push(
                Diagnostic::error("okänd enhet")
                    .in_file(file)
                    .at(n.position)
                    .hint("skriv kr, tkr eller mnkr"),
            );
            Unit::Kr
        }),
    };
    let fiscal_year = period(map.get("räkenskapsår"), file, "räkenskapsår", &mut problems);
    let period_dates = period(map.get("period"), file, "period", &mut problems);
    let columns: Vec<String> = match kind {
        Kind::Balance => BALANCE_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        Kind::Income => match map.get("kolumner") {
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items
                .iter()
                .filter_map(|i| {
                    let name = i.as_text().unwrap_or("");
                    if INCOME_COLUMNS.contains(&name) {
                        Some(name.to_owned())
                    } else {
                        let mut d = Diagnostic::error(format!("okänd kolumn `{name}`"))
                            .in_file(file)
                            .at(i.position);
                        d = match nearest(name, INCOME_COLUMNS.iter().copied()) {
                            Some(n) => d.hint(format!("menade du `{n}`?")),
                            None => d.hint(format!("kolumner: {}", INCOME_COLUMNS.join(", "))),
                        };
                        problems.push(d);
                        None
                    }
                })
                .collect(),
            Some(n) => {
                problems.push(
                    Diagnostic::error("`kolumner` ska vara en lista, t.ex. [budget, utfall]")
                        .in_file(file)
                        .at(n.position),
                );
                vec!["utfall".into()]
            }
            None => vec!["utfall".into()],
        },
    };
    let report_signs = match map.get("tecken") {
        None => false,
        Some(n) => match n.as_text() {
            Some("bokföring") | Some("bokforing") => false,
            Some("rapport") => true,
            _ => {
                problems.push(
                    Diagnostic::error("`tecken` ska vara `bokföring` eller `rapport`")
                        .in_file(file)
                        .at(n.position),
                );
                false
            }
        },
    };
    let mut reader = Reader {
        file,
        columns: columns.clone(),
        kind,
        problems: Vec::new(),
    };
    let mut sections = Vec::new();
    let mut known_keys = vec!["typ", "enhet", "räkenskapsår", "period", "titel"];
    match kind {
        Kind::Income => {
            known_keys.extend(["kolumner", "rader", "resultat"]);
            let lines = map
                .get("rader")
                .map(|n| reader.lines(n, "rader"))
                .unwrap_or_default();
            if let Some(expected) = map.get("resultat") {
                let result: Vec<Option<Decimal>> = (0..columns.len())
                    .map(|c| Some(lines.iter().map(|l| l.value(c)).sum()))
                    .collect();
                reader.check_expected(expected, &result, "periodens resultat");
            }
            sections.push(("rader".to_owned(), lines));
        }
        Kind::Balance => {
            known_keys.push("tecken");
            for (key, _) in BALANCE_SECTIONS {
                known_keys.push(key);
                let lines = map
                    .get(key)
                    .map(|n| reader.lines(n, key))
                    .unwrap_or_default();
                sections.push(((*key).to_owned(), lines));
            }
        }
    }
    problems.append(&mut reader.problems);
    problems.extend(map.unknown_keys(&known_keys, "rapporten"));
    let statement = Statement {
        file: file.to_owned(),
        kind,
        unit,
        fiscal_year,
        period: period_dates,
        columns,
        sections,
        report_signs,
    };
    if kind == Kind::Balance {
        statement.check_balance(node.position, &mut problems);
    }
    (Some(statement), problems)
}

impl Statement {
    /// The sum of a section per column.
    pub fn section_sum(&self, key: &str) -> Vec<Decimal> {
        let lines = self
            .sections
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| l.as_slice())
            .unwrap_or(&[]);
        (0..self.columns.len())
            .map(|c| lines.iter().map(|l| l.value(c)).sum())
            .collect()
    }

    /// The result per column (a resultaträkning: the sum of all rows).
    pub fn result(&self) -> Vec<Decimal> {
        self.section_sum("rader")
    }

    /// Checks that the balance sheet balances in every column.
    pub fn check_balance(&self, position: Position, problems: &mut Vec<Diagnostic>) {
        let assets = self.section_sum("tillgångar");
        let other: Vec<Decimal> = ["eget_kapital", "avsättningar", "skulder"]
            .iter()
            .map(|k| self.section_sum(k))
            .fold(vec![Decimal::ZERO; self.columns.len()], |acc, s| {
                acc.iter().zip(s).map(|(a, b)| a + b).collect()
            });
        for (c, column) in self.columns.iter().enumerate() {
            let difference = assets[c] + other[c];
            if !difference.is_zero() {
                problems.push(
                    Diagnostic::error(format!(
                        "balansräkningen balanserar inte i kolumnen {column}: tillgångar {}, eget kapital, avsättningar och skulder {}, skillnad {}",
                        shown(assets[c], self.unit),
                        shown(other[c], self.unit),
                        shown(difference, self.unit)
                    ))
                    .in_file(&self.file)
                    .at(position)
                    .hint("debet (tillgångar) är positivt och kredit (eget kapital och skulder) negativt; summan ska bli 0"),
                );
            }
        }
    }

    /// The change in total eget kapital over the period.
    pub fn equity_change(&self) -> Decimal {
        self.section_sum("eget_kapital")
            .get(1)
            .copied()
            .unwrap_or_default()
    }

    /// The printed rows, flattened, with the sign convention applied.
    fn table(&self) -> T {
        let unit = self.unit;
        let mut rows = Vec::new();
        let variance = self.kind == Kind::Income
            && self.columns.iter().any(|c| c == "budget")
            && self.columns.iter().any(|c| c == "utfall");
        let budget = self.columns.iter().position(|c| c == "budget");
        let actual = self.columns.iter().position(|c| c == "utfall");
        // A blank cell stays blank, and so does an avvikelse with a blank side.
        let cells = |amounts: &[Option<Decimal>], sign: Decimal| -> T {
            let mut list: Vec<T> = amounts
                .iter()
                .map(|a| a.map_or(T::None, |a| amount_value(a * sign, unit)))
                .collect();
            if variance && let (Some(b), Some(a)) = (budget, actual) {
                list.push(match (amounts[a], amounts[b]) {
                    (Some(a), Some(b)) => amount_value((a - b) * sign, unit),
                    _ => T::None,
                });
            }
            T::List(list)
        };
        let all = |v: &[Decimal]| v.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        fn walk(
            lines: &[Line],
            level: usize,
            sign: Decimal,
            columns: usize,
            cells: &dyn Fn(&[Option<Decimal>], Decimal) -> T,
            rows: &mut Vec<T>,
        ) {
            for line in lines {
                let values: Vec<Option<Decimal>> = (0..columns)
                    .map(|c| line.amounts.get(c).copied().flatten())
                    .collect();
                let note = line.note.clone().map_or(T::None, T::Text);
                if line.group {
                    rows.push(row(
                        "rubrik",
                        &line.name,
                        level,
                        T::List(Vec::new()),
                        note.clone(),
                    ));
                    walk(&line.lines, level + 1, sign, columns, cells, rows);
                    rows.push(row(
                        "summa",
                        &format!("S:a {}", line.name),
                        level,
                        cells(&values, sign),
                        T::None,
                    ));
                } else {
                    rows.push(row("post", &line.name, level, cells(&values, sign), note));
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
        let n = self.columns.len();
        match self.kind {
            Kind::Income => {
                let lines = &self.sections[0].1;
                walk(lines, 0, Decimal::ONE, n, &cells, &mut rows);
                rows.push(row(
                    "total",
                    "Periodens resultat",
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
                for (key, title) in BALANCE_SECTIONS {
                    let lines = &self
                        .sections
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default();
                    if lines.is_empty() {
                        continue;
                    }
                    let sign = if *key == "tillgångar" {
                        Decimal::ONE
                    } else {
                        sign_other
                    };
                    rows.push(row("avsnitt", title, 0, T::List(Vec::new()), T::None));
                    walk(lines, 1, sign, n, &cells, &mut rows);
                    if *key == "tillgångar" {
                        rows.push(row(
                            "total",
                            "Summa tillgångar",
                            0,
                            cells(&all(&self.section_sum(key)), Decimal::ONE),
                            T::None,
                        ));
                    }
                }
                let other: Vec<Decimal> = (0..n)
                    .map(|c| {
                        ["eget_kapital", "avsättningar", "skulder"]
                            .iter()
                            .map(|k| self.section_sum(k)[c])
                            .sum()
                    })
                    .collect();
                rows.push(row(
                    "total",
                    "Summa eget kapital, avsättningar och skulder",
                    0,
                    cells(&all(&other), sign_other),
                    T::None,
                ));
                if !self.report_signs {
                    let assets = self.section_sum("tillgångar");
                    let computed: Vec<Decimal> = (0..n).map(|c| assets[c] + other[c]).collect();
                    rows.push(row(
                        "kontroll",
                        "Beräknat resultat",
                        0,
                        cells(&all(&computed), Decimal::ONE),
                        T::None,
                    ));
                }
            }
        }
        let mut headers: Vec<T> = match self.kind {
            Kind::Income => self
                .columns
                .iter()
                .map(|c| T::Text(income_header(c, self.period)))
                .collect(),
            Kind::Balance => ["Ingående balans", "Period", "Utgående balans"]
                .iter()
                .map(|h| T::Text((*h).into()))
                .collect(),
        };
        if variance {
            headers.push(T::Text("Avvikelse".into()));
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

fn income_header(column: &str, period: Option<(Date, Date)>) -> String {
    let name = match column {
        "budget" => "Budget",
        "utfall" => "Utfall",
        "prognos" => "Prognos",
        _ => "Föregående år",
    };
    match period {
        Some((from, to)) if column != "föregående_år" && column != "prognos" => {
            const SHORT: [&str; 12] = [
                "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
            ];
            format!(
                "{name} {}–{} {}",
                SHORT[usize::from(from.month - 1)],
                SHORT[usize::from(to.month - 1)],
                to.year
            )
        }
        _ => name.to_owned(),
    }
}

/// The period's result must equal the change in eget kapital with the sign turned (a profit is
/// a credit), where a document has both statements for the same period.
pub fn check_result_against_equity(statements: &[&Statement], problems: &mut Vec<Diagnostic>) {
    let income = statements.iter().find(|s| s.kind == Kind::Income);
    let balance = statements.iter().find(|s| s.kind == Kind::Balance);
    let (Some(income), Some(balance)) = (income, balance) else {
        return;
    };
    if income.period.is_some() && balance.period.is_some() && income.period != balance.period {
        return;
    }
    let Some(actual) = income.columns.iter().position(|c| c == "utfall") else {
        return;
    };
    let result = income.result()[actual];
    let change = -balance.equity_change();
    if result != change {
        problems.push(
            Diagnostic::error(format!(
                "periodens resultat i {} ({}) är inte förändringen av eget kapital i {} ({}), skillnad {}",
                income.file,
                shown(result, income.unit),
                balance.file,
                shown(change, balance.unit),
                shown(result - change, income.unit)
            ))
            .in_file(&balance.file)
            .hint("ett överskott ökar eget kapital: i bokföringens tecken är förändringen av eget kapital resultatet med omvänt tecken"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn statement(text: &str, kind: Kind) -> (Option<Statement>, Vec<Diagnostic>) {
        let node = yaml::parse(text, "x.yaml", 0).unwrap();
        read(&node, "x.yaml", kind)
    }

    const BALANCE: &str = "typ: balansräkning\nenhet: kr\ntillgångar:\n  - grupp: Fordringar\n    rader:\n      - { post: Kundfordringar, ingående: 58932, förändring: 209030.40 }\n      - { post: Bank, ingående: 1000, förändring: 0 }\neget_kapital:\n  - { post: Eget kapital, ingående: -59932, förändring: -209030.40 }\n";

    #[test]
    fn a_balanced_sheet_passes_and_sums_exactly() {
        let (s, p) = statement(BALANCE, Kind::Balance);
        assert!(p.is_empty(), "{p:?}");
        let s = s.unwrap();
        assert_eq!(s.section_sum("tillgångar")[2].to_string(), "268962.40");
        assert_eq!(s.equity_change().to_string(), "-209030.40");
    }

    #[test]
    fn an_imbalance_names_the_column_and_the_difference() {
        let text = BALANCE.replace("ingående: 1000,", "ingående: 2000,");
        let (_, p) = statement(&text, Kind::Balance);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("kolumnen ingående")
                && messages[0].contains("skillnad 1\u{a0}000\u{a0}kr"),
            "{messages:?}"
        );
        assert!(messages[1].contains("kolumnen utgående"), "{messages:?}");
    }

    #[test]
    fn the_result_must_match_the_change_in_equity() {
        let (b, _) = statement(BALANCE, Kind::Balance);
        let (i, p) = statement(
            "typ: resultaträkning\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 300000, utfall: 310000 }\n  - grupp: Kostnader\n    rader:\n      - { post: Arvoden, budget: -80000, utfall: -100969.60 }\nresultat: { budget: 220000, utfall: 209030 }\n",
            Kind::Income,
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("periodens resultat, kolumnen utfall: väntat 209\u{a0}030\u{a0}kr, beräknat 209\u{a0}030,40\u{a0}kr"), "{}", p[0].message);
        let (b, i) = (b.unwrap(), i.unwrap());
        let mut problems = Vec::new();
        check_result_against_equity(&[&i, &b], &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let (i2, _) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000 }\n",
            Kind::Income,
        );
        check_result_against_equity(&[&i2.unwrap(), &b], &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("skillnad \u{2212}208\u{a0}030,40\u{a0}kr"),
            "{}",
            problems[0].message
        );
    }
}
