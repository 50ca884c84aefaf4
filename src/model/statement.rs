//! `typ: resultaträkning` (IncomeStatement) and `typ: balansräkning` (BalanceSheet): the
//! statements of a delårsrapport or årsredovisning, computed and checked.
//!
//! Amounts are exact (öre and all) and rounded only when printed, so a printed sum can differ
//! by a krona from the printed rows, as in every real statement. Checked here: expectations
//! (`summa`, `resultat`), utgående = ingående + förändring per row, the balance in every column,
//! and that the period's result equals the change in eget kapital with the sign turned.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::figure::Figure;
use super::lines::{self, Head, LineReader};
use super::{Mismatch, amount, shown};
use crate::diagnostics::{Diagnostic, Position, nearest};
use crate::money::{Date, Unit};

use crate::yaml::{MapReader, Node, Value};

mod printed;

pub use printed::Variance;

/// A line of a statement: a post or a grupp, with one amount per column.
#[derive(Debug, Clone)]
pub struct Line {
    /// `post` or `grupp`
    pub name: String,
    /// Whether this is a grupp.
    pub group: bool,
    /// `id`
    pub id: Option<String>,
    /// Amounts per column (`None`: blank), each a figure with where it came from (written at
    /// its cell, counted from the books); for a group, its sums ([`sum_lines`]).
    pub amounts: Vec<Option<Figure>>,
    /// `rader` of a group.
    pub lines: Vec<Line>,
    /// `not`
    pub note: Option<String>,
    /// Where it is written.
    pub position: Position,
    /// `delresultat`: the name of the running result printed after this line (Rörelseresultat
    /// after Rörelsens kostnader): the sum of every line of the section up to here.
    pub subtotal: Option<String>,
    /// `kommentar`: why the row deviates from its budget, printed as a note.
    pub comment: Option<String>,
    /// Per column: an amount in it (or in a line of the group) was wrong and is reported, so
    /// sums over it are unknown and their checks stay silent (one mistake, one message).
    pub unknown: Vec<bool>,
}

impl Default for Line {
    fn default() -> Line {
        Line {
            name: String::new(),
            group: false,
            id: None,
            amounts: Vec::new(),
            lines: Vec::new(),
            note: None,
            position: Position { line: 1, column: 1 },
            subtotal: None,
            comment: None,
            unknown: Vec::new(),
        }
    }
}

impl Line {
    fn value(&self, column: usize) -> Decimal {
        self.amounts
            .get(column)
            .and_then(Option::as_ref)
            .map_or(Decimal::ZERO, |f| f.value)
    }

    /// A post named `name` with these figures per column (`None`: blank).
    pub fn post(name: impl Into<String>, figures: Vec<Option<Figure>>) -> Line {
        Line {
            name: name.into(),
            amounts: figures,
            ..Line::default()
        }
    }

    /// A group named `name` of `lines`, its figures their sums over `columns` ([`sum_lines`]).
    pub fn group_of(name: impl Into<String>, lines: Vec<Line>, columns: usize) -> Line {
        let mut group = Line::post(name, sum_lines(&lines, columns));
        group.group = true;
        group.lines = lines;
        group
    }

    /// Sets the figure of `column`, where the line has that column.
    pub fn set_cell(&mut self, column: usize, figure: Option<Figure>) {
        if let Some(cell) = self.amounts.get_mut(column) {
            *cell = figure;
        }
    }

    /// The figure of `column`, blank as `None`.
    pub fn cell(&self, column: usize) -> Option<Figure> {
        self.amounts.get(column).cloned().flatten()
    }

    /// The figures of every column, blank as `None`.
    pub fn cells(&self, columns: usize) -> Vec<Option<Figure>> {
        (0..columns).map(|c| self.cell(c)).collect()
    }

    /// Whether the amount of `column` is unknown because a wrong amount was reported.
    pub fn is_unknown(&self, column: usize) -> bool {
        self.unknown.get(column).copied().unwrap_or(false)
    }
}

impl lines::Figures for Line {
    fn figure(&self, column: usize) -> Option<&Figure> {
        self.amounts.get(column).and_then(Option::as_ref)
    }
}

/// The sums of `lines` per column ([`lines::column_sum`]): blank where no line fills the
/// column.
pub fn sum_lines(lines: &[Line], columns: usize) -> Vec<Option<Figure>> {
    (0..columns).map(|c| lines::column_sum(lines, c)).collect()
}

/// The sum of `lines` in `column`, a column every line leaves blank a zero from nothing.
pub fn total(lines: &[Line], column: usize) -> Figure {
    lines::column_sum(lines, column).unwrap_or_else(Figure::zero)
}

/// Per column: whether any of `lines` is unknown there.
fn unknown_in(lines: &[Line], columns: usize) -> Vec<bool> {
    (0..columns)
        .map(|c| lines.iter().any(|l| l.is_unknown(c)))
        .collect()
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
    /// Columns counted for the prose but not printed: last year's figures from books that
    /// have them, where `kolumner:` does not print them (`resultat.foregaende_ar`).
    pub unprinted: Vec<String>,
    /// The sections: one (`rader`) for a resultaträkning; tillgångar, eget kapital,
    /// avsättningar and skulder for a balansräkning.
    pub sections: Vec<(String, Vec<Line>)>,
    /// `tecken: rapport`: both sides printed positive.
    pub report_signs: bool,
    /// `form:` of a balance sheet: balansräkning (a column per date) or balansrapport
    /// (ingående, period, utgående).
    pub form: Form,
    /// Remarks printed with the statement (“Bokföringen omfattar t.o.m. 31 januari 2011”).
    pub remarks: Vec<String>,
    /// From the books: the result month by month from the fiscal year's start, accumulated
    /// (month, utfall, budget where the books have one), for the chart of the result.
    pub monthly: Vec<(String, Figure, Option<Figure>)>,
    /// The rows at or over `avvikelser:` without a `kommentar:`, each with its warning: the
    /// warning stands unless the narrative explains the row (`avvikelse(rad="...")`).
    pub unexplained: Vec<(String, Diagnostic)>,
    /// Made from SIE books (`typ: sie`), not written by hand: its kassaflödesanalys comes from
    /// the books, which say when they cannot give one.
    pub from_books: bool,
}

/// How a balance sheet is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `balansräkning`: one column per date (the period's end, the year's start), as published.
    Sheet,
    /// `balansrapport`: Ingående balans, Period, Utgående balans, as accounting systems print.
    Report,
}

impl Form {
    /// Reads `form:`; `None` where the value is unknown (the caller reports it).
    pub fn parse(text: &str) -> Option<Form> {
        match crate::text::fold_ascii(text.trim()).as_str() {
            "balansrakning" => Some(Form::Sheet),
            "balansrapport" => Some(Form::Report),
            _ => None,
        }
    }

    /// The default where `form:` is not written: `tecken: bokföring` keeps the balansrapport,
    /// published signs get the balansräkning.
    pub fn default_for(report_signs: bool) -> Form {
        if report_signs {
            Form::Sheet
        } else {
            Form::Report
        }
    }
}

/// Which statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// resultaträkning
    Income,
    /// balansräkning
    Balance,
}

impl Kind {
    /// The name as a writer writes it in `typ:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Income => "resultaträkning",
            Kind::Balance => "balansräkning",
        }
    }
}

const INCOME_COLUMNS: &[&str] = &[
    "budget",
    "utfall",
    "prognos",
    "föregående_år",
    "budget_helår",
];
const BALANCE_COLUMNS: &[&str] = &["ingående", "förändring", "utgående"];
pub(crate) const BALANCE_SECTIONS: &[(&str, &str)] = &[
    ("tillgångar", "Tillgångar"),
    ("eget_kapital", "Eget kapital"),
    ("avsättningar", "Avsättningar"),
    ("skulder", "Skulder"),
];

struct Reader<'a> {
    file: &'a str,
    /// The file, as the figures read from it name it.
    source: Arc<str>,
    /// `enhet`, for messages.
    unit: Unit,
    columns: Vec<String>,
    kind: Kind,
    problems: Vec<Diagnostic>,
    /// The period's months as indexes into the fiscal year (0 is its first month), for cutting
    /// a yearly budget to the period.
    months: Option<(usize, usize)>,
    /// The file's `periodisering:` (twelve weights), where written.
    weights: Option<Vec<Decimal>>,
}

/// How a year's budget is cut to the period, in Swedish: “8 av 12 månader” by equal months,
/// else the period's weights of the year's (“periodisering: 7,5 av 11”).
fn weight_basis(
    weights: &[Decimal],
    first: usize,
    last: usize,
    part: Decimal,
    total: Decimal,
) -> String {
    if weights.iter().all(|w| *w == weights[0]) {
        format!("{} av {} månader", last + 1 - first, weights.len())
    } else {
        let said =
            |v: Decimal| crate::money::format_number(v, if v.fract().is_zero() { 0 } else { 2 });
        format!("periodisering: {} av {}", said(part), said(total))
    }
}

/// `periodisering:` `jämn` (twelve equal parts) or a list of twelve weights, one per month of
/// the fiscal year.
fn weights(node: &Node, file: &str, problems: &mut Vec<Diagnostic>) -> Option<Vec<Decimal>> {
    let hint = "skriv `jämn` eller en lista med tolv vikter, en per månad: [1, 1, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 1]";
    match &node.value {
        Value::Seq(items) if items.len() == 12 => {
            let mut out = Vec::new();
            for i in items {
                match amount(i, file) {
                    Ok(Some(v)) if v >= Decimal::ZERO => out.push(v),
                    Ok(_) => {
                        problems.push(
                            Diagnostic::error("en vikt ska vara ett tal, 0 eller större")
                                .in_file(file)
                                .at(i.position)
                                .hint(hint),
                        );
                        return None;
                    }
                    Err(d) => {
                        problems.push(d);
                        return None;
                    }
                }
            }
            if out.iter().all(Decimal::is_zero) {
                problems.push(
                    Diagnostic::error("vikterna i `periodisering` är alla 0")
                        .in_file(file)
                        .at(node.position)
                        .hint(hint),
                );
                return None;
            }
            Some(out)
        }
        _ if node
            .as_text()
            .is_some_and(|t| crate::text::fold_ascii(t.trim()) == "jamn") =>
        {
            Some(vec![Decimal::ONE; 12])
        }
        Value::Seq(items) => {
            problems.push(
                Diagnostic::error(format!(
                    "`periodisering` ska ha tolv vikter, en per månad, men har {}",
                    items.len()
                ))
                .in_file(file)
                .at(node.position)
                .hint(hint),
            );
            None
        }
        _ => {
            problems.push(
                Diagnostic::error("okänd `periodisering`")
                    .in_file(file)
                    .at(node.position)
                    .hint(hint),
            );
            None
        }
    }
}

impl LineReader for Reader<'_> {
    type Line = Line;
    /// `not`, `delresultat` and `kommentar`.
    type Extra = (Option<String>, Option<String>, Option<String>);
    type Saved = ();
    const NEITHER: &'static str =
        "en rad ska ha `post:` (med belopp) eller `grupp:` (med `rader:`)";
    const GROUP_KEYS: &'static [&'static str] = &[
        "grupp",
        "rader",
        "id",
        "not",
        "summa",
        "delresultat",
        "kommentar",
    ];

    fn problems(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.problems
    }

    fn extra(&mut self, map: &mut MapReader<'_>) -> Self::Extra {
        let note = map.text_or_report("not");
        let subtotal = map.text_or_report("delresultat");
        let comment = map.text_or_report("kommentar");
        (note, subtotal, comment)
    }

    fn enter_group(&mut self) {}

    fn group(
        &mut self,
        map: &mut MapReader<'_>,
        head: Head<Self::Extra>,
        lines: Vec<Line>,
        (): (),
    ) -> Line {
        let name = head.name;
        // A column none of the group's lines fills stays blank.
        let figures = sum_lines(&lines, self.columns.len());
        let unknown = unknown_in(&lines, self.columns.len());
        if let Some(expected) = map.get("summa") {
            let amounts: Vec<Option<Decimal>> = figures
                .iter()
                .map(|f| f.as_ref().map(|f| f.value))
                .collect();
            self.check_expected(
                expected,
                &amounts,
                &unknown,
                &format!("summan för `{name}`"),
            );
        }
        let (note, subtotal, comment) = head.extra;
        Line {
            name,
            group: true,
            id: head.id,
            amounts: figures,
            lines,
            note,
            position: head.position,
            subtotal,
            comment,
            unknown,
        }
    }

    fn row(&mut self, map: &mut MapReader<'_>, head: Head<Self::Extra>) -> Line {
        let file = self.file;
        let name = head.name;
        let column_keys: Vec<&str> = match self.kind {
            Kind::Income => INCOME_COLUMNS.to_vec(),
            Kind::Balance => BALANCE_COLUMNS.to_vec(),
        };
        let mut amounts = vec![None; self.columns.len()];
        let mut figures: Vec<Option<Figure>> = vec![None; self.columns.len()];
        let mut unknown = vec![false; self.columns.len()];
        for (c, column) in self.columns.clone().iter().enumerate() {
            if let Some(n) = map.get(column) {
                match amount(n, file) {
                    // `{ utfall: 120,5 }` reads as 120: reported with the unknown keys.
                    Ok(_) if map.comma_split(column) => unknown[c] = true,
                    Ok(v) => {
                        amounts[c] = v;
                        figures[c] = v.map(|v| Figure::written(v, &self.source, n.position.line));
                    }
                    Err(d) => {
                        self.problems.push(d);
                        unknown[c] = true;
                    }
                }
            }
        }
        // A misspelt column (`utfal:`) is one error, the unknown key: the column is unknown,
        // not blank, so the sums over it stay silent.
        let every_key = self.row_keys();
        for (c, column) in self.columns.iter().enumerate() {
            if amounts[c].is_none() && map.misspelt(column, &every_key) {
                unknown[c] = true;
            }
        }
        // A yearly budget (`budget_helår`) cut to the period where the row has no `budget`:
        // by twelve equal parts or the row's (or file's) `periodisering`.
        if self.kind == Kind::Income
            && let Some(b) = self.columns.iter().position(|c| c == "budget")
            && amounts[b].is_none()
            && !unknown[b]
            && let Some(year) = map.get("budget_helår")
            && let Some(year_budget) = match amount(year, file) {
                Ok(v) => v,
                Err(d) => {
                    // Reported once; the period's budget cut from it is unknown.
                    self.problems.push(d);
                    unknown[b] = true;
                    None
                }
            }
        {
            let row_weights = map
                .get("periodisering")
                .and_then(|n| weights(n, file, &mut self.problems));
            let weights = row_weights
                .or_else(|| self.weights.clone())
                .unwrap_or_else(|| vec![Decimal::ONE; 12]);
            match self.months {
                Some((first, last)) => {
                    let total: Decimal = weights.iter().sum();
                    let part: Decimal = weights[first..=last.min(11)].iter().sum();
                    // Checked: amounts and weights as large as a user may type cannot overflow.
                    match year_budget
                        .checked_mul(part)
                        .and_then(|v| v.checked_div(total))
                    {
                        Some(v) => {
                            let cut = v.round_dp_with_strategy(
                                2,
                                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                            );
                            amounts[b] = Some(cut);
                            let whole =
                                Figure::written(year_budget, &self.source, year.position.line);
                            let how = weight_basis(&weights, first, last.min(11), part, total);
                            figures[b] = part.checked_div(total).map(|weight| {
                                Figure::portion(&whole, weight, how).rounded_to(cut)
                            });
                        }
                        None => self.problems.push(
                            Diagnostic::error("budgeten är för stor för att fördelas på perioden")
                                .in_file(file)
                                .at(year.position),
                        ),
                    }
                }
                None => self.problems.push(
                    Diagnostic::error(
                        "`budget_helår` kan bara fördelas på perioden när filen har `räkenskapsår` och `period`",
                    )
                    .in_file(file)
                    .at(year.position)
                    .hint("skriv t.ex. `räkenskapsår: { från: 2018-01-01, till: 2018-12-31 }` och `period: { från: 2018-01-01, till: 2018-08-31 }`"),
                ),
            }
        }
        if self.kind == Kind::Balance {
            // utgående may be written; then it must equal ingående + förändring.
            let opening = amounts[0].unwrap_or_default();
            let change = amounts[1].unwrap_or_default();
            let computed = opening + change;
            if unknown[0] || unknown[1] {
                // A wrong ingående or förändring is reported; utgående follows it.
                unknown[2] = true;
            } else if let Some(written) = amounts[2] {
                if written != computed
                    && let Some(n) = map.get("utgående")
                {
                    self.problems.push(
                        Diagnostic::error(format!(
                            "`{name}`: utgående {} är inte ingående {} + förändring {} = {}",
                            shown(written, self.unit),
                            shown(opening, self.unit),
                            shown(change, self.unit),
                            shown(computed, self.unit)
                        ))
                        .in_file(file)
                        .at(n.position)
                        .hint(Mismatch::new(written, computed, self.unit).difference()),
                    );
                }
            } else if !unknown[2] {
                amounts[2] = Some(computed);
                let parts: Vec<&Figure> = figures[..2].iter().flatten().collect();
                figures[2] = Some(Figure::sum(parts));
            }
        } else {
            for key in column_keys
                .iter()
                .filter(|k| !self.columns.iter().any(|c| c == *k))
                // A yearly budget may be written only to be cut to the period's budget.
                .filter(|k| **k != "budget_helår" || !self.columns.iter().any(|c| c == "budget"))
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
        let (note, subtotal, comment) = head.extra;
        Line {
            name,
            group: false,
            id: head.id,
            amounts: figures,
            lines: Vec::new(),
            note,
            position: head.position,
            subtotal,
            comment,
            unknown,
        }
    }

    fn row_keys(&self) -> Vec<&'static str> {
        let columns = match self.kind {
            Kind::Income => INCOME_COLUMNS,
            Kind::Balance => BALANCE_COLUMNS,
        };
        [
            "post",
            "id",
            "not",
            "delresultat",
            "kommentar",
            "periodisering",
        ]
        .into_iter()
        .chain(columns.iter().copied())
        .collect()
    }
}

impl Reader<'_> {
    /// `summa: { budget: ..., utfall: ... }` against the computed sums.
    /// Columns in `unknown` depend on a wrong amount already reported: not checked.
    fn check_expected(
        &mut self,
        node: &Node,
        computed: &[Option<Decimal>],
        unknown: &[bool],
        label: &str,
    ) {
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
        for (i, (key, value)) in entries.iter().enumerate() {
            // `{ utfall: 320,5 }`: the key `5` is the decimals of the sum before it.
            if let Some((written, at)) = i
                .checked_sub(1)
                .and_then(|p| crate::yaml::comma_split(entries, p))
            {
                self.problems
                    .push(crate::yaml::decimal_comma_error(&written, self.file, at));
                continue;
            }
            if crate::yaml::comma_split(entries, i).is_some() {
                // Reported with the key after it; the sum as read (320) would only mislead.
                continue;
            }
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
                Ok(Some(_)) if unknown.get(c).copied().unwrap_or(false) => {}
                Ok(Some(expected)) => {
                    let got = computed[c].unwrap_or_default();
                    if expected != got {
                        let mismatch = Mismatch::new(expected, got, Unit::Kr);
                        self.problems.push(
                            Diagnostic::error(format!(
                                "{label}, kolumnen {}: {}",
                                key.name,
                                mismatch.said()
                            ))
                            .in_file(self.file)
                            .at(value.position)
                            .hint(mismatch.difference()),
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
    let what = format!("`{key}`");
    let hint = format!("skriv t.ex. `{key}: {{ från: 2018-01-01, till: 2018-08-31 }}`");
    let mut map = MapReader::open_with_hint(node, file, &what, hint, problems)?;
    let mut date = |k: &str| -> Option<Date> {
        let n = map.get(k)?;
        let read = n.as_text().map(Date::parse).transpose();
        map.ok(read.map_err(|m| Diagnostic::error(m).in_file(file).at(n.position)))
    };
    let (from, to) = (date("från"), date("till"));
    problems.extend(map.finish(&["från", "till"], &what));
    Some((from?, to?))
}

/// `tecken: bokföring | rapport` (whether published signs are asked for); `None` where not
/// written or wrong (then reported).
pub fn signs(node: Option<&Node>, file: &str, problems: &mut Vec<Diagnostic>) -> Option<bool> {
    let n = node?;
    match n.as_text().map(crate::text::fold_ascii).as_deref() {
        Some("bokforing") => Some(false),
        Some("rapport") => Some(true),
        _ => {
            problems.push(
                Diagnostic::error("`tecken` ska vara `bokföring` eller `rapport`")
                    .in_file(file)
                    .at(n.position)
                    .hint("bokföring: kredit negativt, som i bokföringen; rapport: båda sidor positiva, som i en årsredovisning"),
            );
            None
        }
    }
}

/// `form: balansräkning | balansrapport`; `None` where not written or wrong (then reported).
pub fn form(node: Option<&Node>, file: &str, problems: &mut Vec<Diagnostic>) -> Option<Form> {
    let n = node?;
    let parsed = n.as_text().and_then(Form::parse);
    if parsed.is_none() {
        problems.push(
            Diagnostic::error("`form` ska vara `balansräkning` eller `balansrapport`")
                .in_file(file)
                .at(n.position)
                .hint("balansräkning: en kolumn per datum; balansrapport: ingående balans, period och utgående balans"),
        );
    }
    parsed
}

/// Reads `kolumner:` of a resultaträkning: a list of known column names.
pub fn income_columns(
    node: Option<&Node>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    match node? {
        Node {
            value: Value::Seq(items),
            ..
        } => Some(
            items
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
        ),
        n => {
            problems.push(
                Diagnostic::error("`kolumner` ska vara en lista, t.ex. [budget, utfall]")
                    .in_file(file)
                    .at(n.position),
            );
            None
        }
    }
}

/// `avvikelser: { belopp: 50000, andel: 0.10 }`: a row whose |avvikelse| (utfall − budget) is
/// at least `belopp` and at least `andel` of its budget must be explained by a `kommentar:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    /// `belopp`, in the statement's unit.
    pub amount: Decimal,
    /// `andel` of the row's budget (0.10 is 10 %).
    pub share: Option<Decimal>,
}

/// Where and how [`Threshold::check`] reports a row without an explanation.
pub struct Unexplained<'a> {
    /// The file the warnings name.
    pub file: &'a str,
    /// Their place, for rows without a line of their own (the rows the books make); else
    /// each row's own line.
    pub at: Option<Position>,
    /// How to explain a row there.
    pub hint: &'a str,
}

impl<'a> Unexplained<'a> {
    /// Rows written in `file`: each explained by a `kommentar:` on its line.
    pub fn written(file: &'a str) -> Self {
        Unexplained {
            file,
            at: None,
            hint: "skriv `kommentar:` på raden: varför utfallet avviker från budget",
        }
    }
}

impl Threshold {
    /// Reads `avvikelser:`; `None` where not written or wrong (then reported).
    pub fn read(
        node: Option<&Node>,
        file: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Threshold> {
        let node = node?;
        let hint = "skriv t.ex. `avvikelser: { belopp: 50000, andel: 0.10 }`";
        let mut map = MapReader::open_with_hint(node, file, "`avvikelser`", hint, problems)?;
        let mut value = |key: &str| {
            let read = map.get(key).map(|n| amount(n, file)).transpose();
            map.ok(read.map(Option::flatten)).map(|v| v.abs())
        };
        let amount_ = value("belopp");
        let share = value("andel");
        problems.extend(map.finish(&["belopp", "andel"], "`avvikelser`"));
        if amount_.is_none() && share.is_none() {
            problems.push(
                Diagnostic::error("`avvikelser` ska ange `belopp`, `andel` eller båda")
                    .in_file(file)
                    .at(node.position)
                    .hint(hint),
            );
            return None;
        }
        Some(Threshold {
            amount: amount_.unwrap_or_default(),
            share,
        })
    }

    /// Whether a row with `budget` and `actual` deviates enough to need an explanation.
    pub fn marks(&self, budget: Decimal, actual: Decimal) -> bool {
        let variance = (actual - budget).abs();
        variance >= self.amount
            && self.share.is_none_or(|s| {
                budget.is_zero()
                    || s.checked_mul(budget.abs())
                        .is_none_or(|limit| variance >= limit)
            })
    }

    /// A warning for every post that deviates enough and has no `kommentar`, by the row's
    /// name (the narrative may still explain it).
    pub fn check(
        &self,
        lines: &[Line],
        columns: &[String],
        unit: Unit,
        report: &Unexplained<'_>,
        unexplained: &mut Vec<(String, Diagnostic)>,
    ) {
        let (Some(b), Some(a)) = (
            columns.iter().position(|c| c == "budget"),
            columns.iter().position(|c| c == "utfall"),
        ) else {
            return;
        };
        for line in lines {
            if line.group {
                self.check(&line.lines, columns, unit, report, unexplained);
                continue;
            }
            let budget = line.value(b);
            let actual = line.value(a);
            // A wrong amount (already reported) leaves its avvikelse unknown: no second message.
            let unknown = |c: usize| line.unknown.get(c).copied().unwrap_or(false);
            if line.comment.is_none() && !unknown(a) && !unknown(b) && self.marks(budget, actual) {
                let share = if budget.is_zero() {
                    String::new()
                } else {
                    format!(
                        ", {} av budget",
                        crate::money::format_percent((actual - budget).abs() / budget.abs(), 1)
                    )
                };
                unexplained.push((
                    line.name.clone(),
                    Diagnostic::warning(format!(
                        "`{}`: avvikelsen {}{share} (budget {}, utfall {}) saknar förklaring",
                        line.name,
                        shown(actual - budget, unit),
                        shown(budget, unit),
                        shown(actual, unit)
                    ))
                    .in_file(report.file)
                    .at(report.at.unwrap_or(line.position))
                    .hint(report.hint),
                ));
            }
        }
    }
}

/// What a document's front matter says for all its resultaträkningar: `avvikelser:` and
/// `kolumner:`, where a data file does not say otherwise.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `avvikelser`
    pub threshold: Option<Threshold>,
    /// `kolumner`
    pub columns: Option<Vec<String>>,
    /// Where `kolumner` is written (the front matter's file and place).
    pub columns_at: Option<(String, Position)>,
}

impl Defaults {
    /// Reads the keys from the front matter (the other keys are the front matter's own).
    pub fn read(node: &Node, file: &str, problems: &mut Vec<Diagnostic>) -> Defaults {
        let Value::Map(entries) = &node.value else {
            return Defaults::default();
        };
        let get = |key: &str| entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v);
        Defaults {
            threshold: Threshold::read(get("avvikelser"), file, problems),
            columns: income_columns(get("kolumner"), file, problems),
            columns_at: get("kolumner").map(|n| (file.to_owned(), n.position)),
        }
    }
}

/// Reads and checks a statement file of `kind`; `defaults` are the front matter's.
pub fn read(
    node: &Node,
    file: &str,
    kind: Kind,
    defaults: &Defaults,
) -> (Option<Statement>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut unexplained = Vec::new();
    let Some(mut map) = MapReader::open(node, file, "rapporten", &mut problems) else {
        return (None, problems);
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
        Kind::Income => income_columns(map.get("kolumner"), file, &mut problems)
            .or_else(|| defaults.columns.clone())
            .unwrap_or_else(|| vec!["utfall".into()]),
    };
    let report_signs = signs(map.get("tecken"), file, &mut problems).unwrap_or(false);
    let form = form(map.get("form"), file, &mut problems)
        .unwrap_or_else(|| Form::default_for(report_signs));
    // The period as month indexes into the fiscal year (a fiscal year has twelve months).
    let months = match (fiscal_year, period_dates) {
        (Some((start, _)), Some((from, to))) => {
            let index = |d: Date| {
                (i64::from(d.year) * 12 + i64::from(d.month))
                    - (i64::from(start.year) * 12 + i64::from(start.month))
            };
            let (a, b) = (index(from), index(to));
            if (0..12).contains(&a) && (0..12).contains(&b) && a <= b {
                Some((a as usize, b as usize))
            } else {
                if let Some(n) = map.get("period") {
                    problems.push(
                        Diagnostic::error("perioden ligger inte inom räkenskapsåret")
                            .in_file(file)
                            .at(n.position)
                            .hint("en period är en eller flera månader av räkenskapsåret"),
                    );
                }
                None
            }
        }
        _ => None,
    };
    let file_weights = map
        .get("periodisering")
        .and_then(|n| weights(n, file, &mut problems));
    let mut reader = Reader {
        file,
        source: Arc::from(file),
        unit,
        columns: columns.clone(),
        kind,
        problems: Vec::new(),
        months,
        weights: file_weights,
    };
    let mut sections = Vec::new();
    let mut known_keys = vec!["typ", "enhet", "räkenskapsår", "period", "titel"];
    match kind {
        Kind::Income => {
            known_keys.extend([
                "kolumner",
                "rader",
                "resultat",
                "avvikelser",
                "periodisering",
            ]);
            let lines = map
                .get("rader")
                .map(|n| lines::read(&mut reader, n, "rader", file))
                .unwrap_or_default();
            if let Some(expected) = map.get("resultat") {
                let result: Vec<Option<Decimal>> = (0..columns.len())
                    .map(|c| Some(lines.iter().map(|l| l.value(c)).sum()))
                    .collect();
                let unknown = unknown_in(&lines, columns.len());
                reader.check_expected(expected, &result, &unknown, "periodens resultat");
            }
            if let Some(threshold) =
                Threshold::read(map.get("avvikelser"), file, &mut problems).or(defaults.threshold)
            {
                threshold.check(
                    &lines,
                    &columns,
                    unit,
                    &Unexplained::written(file),
                    &mut unexplained,
                );
            }
            sections.push(("rader".to_owned(), lines));
        }
        Kind::Balance => {
            known_keys.extend(["tecken", "form"]);
            for (key, _) in BALANCE_SECTIONS {
                known_keys.push(key);
                let lines = map
                    .get(key)
                    .map(|n| lines::read(&mut reader, n, key, file))
                    .unwrap_or_default();
                sections.push(((*key).to_owned(), lines));
            }
        }
    }
    problems.append(&mut reader.problems);
    problems.extend(map.finish(&known_keys, "rapporten"));
    let statement = Statement {
        file: file.to_owned(),
        kind,
        unit,
        fiscal_year,
        period: period_dates,
        columns,
        unprinted: Vec::new(),
        sections,
        report_signs,
        form,
        remarks: Vec::new(),
        monthly: Vec::new(),
        unexplained,
        from_books: false,
    };
    if kind == Kind::Balance {
        statement.check_balance(node.position, &mut problems);
    }
    (Some(statement), problems)
}

impl Statement {
    /// The lines of a section (`tillgångar`, `rader`, …); none where the statement lacks it.
    pub(crate) fn section(&self, key: &str) -> &[Line] {
        self.sections
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[], |(_, l)| l.as_slice())
    }

    /// The sum of a section per column, a figure made of its lines' ([`total`]).
    pub fn section_total(&self, key: &str) -> Vec<Figure> {
        let lines = self.section(key);
        (0..self.columns.len()).map(|c| total(lines, c)).collect()
    }

    /// The sum of a section per column.
    pub fn section_sum(&self, key: &str) -> Vec<Decimal> {
        self.section_total(key).iter().map(|f| f.value).collect()
    }

    /// Per column: whether the sum of a section depends on a wrong amount already reported.
    pub fn section_unknown(&self, key: &str) -> Vec<bool> {
        let lines = self.section(key);
        unknown_in(lines, self.columns.len())
    }

    /// The result per column (a resultaträkning: the sum of all rows).
    pub fn result(&self) -> Vec<Decimal> {
        self.section_sum("rader")
    }

    /// The result per column as figures: the sum of the top-level rows.
    pub fn result_figures(&self) -> Vec<Figure> {
        self.section_total("rader")
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
        let unknown: Vec<bool> = BALANCE_SECTIONS
            .iter()
            .map(|(k, _)| self.section_unknown(k))
            .fold(vec![false; self.columns.len()], |acc, s| {
                acc.iter().zip(s).map(|(a, b)| *a || b).collect()
            });
        for (c, column) in self.columns.iter().enumerate() {
            let difference = assets[c] + other[c];
            // A column with a wrong amount (already reported) cannot be checked.
            if !difference.is_zero() && !unknown[c] {
                problems.push(
                    Diagnostic::error(format!(
                        "balansräkningen balanserar inte i kolumnen {column}: tillgångar {}, eget kapital, avsättningar och skulder {}, {}",
                        shown(assets[c], self.unit),
                        shown(other[c], self.unit),
                        Mismatch::new(difference, Decimal::ZERO, self.unit).difference()
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

    /// The chart of the result month by month, utfall and budget accumulated (`typ: tabell`
    /// with `diagram: stapel`), where the statement comes from books with period balances. A
    /// loss in some month is a bar below the zero line.
    pub fn monthly_chart(&self) -> Option<crate::model::table::Table> {
        use crate::model::table::{Series, Table};
        if self.monthly.is_empty() {
            return None;
        }
        let categories: Vec<String> = self.monthly.iter().map(|(m, _, _)| m.clone()).collect();
        // A chart and its table print whole kronor (rounded here, as every printed figure is).
        let whole =
            |f: &Figure| {
                f.rounded_to(f.value.round_dp_with_strategy(
                    0,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                ))
            };
        let mut series = vec![Series {
            name: "Utfall, ackumulerat".into(),
            values: self
                .monthly
                .iter()
                .map(|(_, a, _)| Some(whole(a)))
                .collect(),
        }];
        if self.monthly.iter().any(|(_, _, b)| b.is_some()) {
            series.insert(
                0,
                Series {
                    name: "Budget, ackumulerat".into(),
                    values: self
                        .monthly
                        .iter()
                        .map(|(_, _, b)| b.as_ref().map(whole))
                        .collect(),
                },
            );
        }
        let title = match self.period {
            Some((from, to)) => format!(
                "Resultat per månad, ackumulerat, {}",
                period_name(self.fiscal_year.map_or(from, |(start, _)| start), to)
            ),
            None => "Resultat per månad, ackumulerat".into(),
        };
        let alt = format!(
            "Diagram: {title}. {}.",
            self.monthly
                .iter()
                .map(|(m, a, b)| match b {
                    Some(b) => format!(
                        "{m}: budget {}, utfall {}",
                        shown(b.value, self.unit),
                        shown(a.value, self.unit)
                    ),
                    None => format!("{m}: utfall {}", shown(a.value, self.unit)),
                })
                .collect::<Vec<_>>()
                .join("; ")
        );
        Some(Table {
            title,
            chart: "stapel".into(),
            categories,
            series,
            unit: Some(self.unit.label().into()),
            alt,
        })
    }

    /// The name of the bottom line: Årets resultat for a whole fiscal year, Periodens resultat
    /// otherwise.
    pub fn result_name(&self) -> &'static str {
        match (self.period, self.fiscal_year) {
            (Some(p), Some(f)) if p == f => "Årets resultat",
            (None, Some(_)) => "Årets resultat",
            _ => "Periodens resultat",
        }
    }
}

/// The day before `date` (the previous fiscal year's last day).
pub fn day_before(date: Date) -> Date {
    if date.day > 1 {
        return Date {
            day: date.day - 1,
            ..date
        };
    }
    let (year, month) = if date.month == 1 {
        (date.year - 1, 12)
    } else {
        (date.year, date.month - 1)
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let day = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    Date { year, month, day }
}

/// The first day of the month after `date`'s.
fn next_month(date: Date) -> Date {
    if date.month >= 12 {
        Date {
            year: date.year + 1,
            month: 1,
            day: 1,
        }
    } else {
        Date {
            month: date.month + 1,
            day: 1,
            ..date
        }
    }
}

/// The last day of `date`'s month.
pub fn month_end(date: Date) -> Date {
    day_before(next_month(date))
}

/// The day after `date`.
pub fn day_after(date: Date) -> Date {
    if date.day < month_end(date).day {
        Date {
            day: date.day + 1,
            ..date
        }
    } else {
        next_month(date)
    }
}

/// A period as column heads name it: “jan–aug 2018”, “jul 2009–feb 2010” across a year end,
/// “januari 2011” for one month; a period that starts or ends within a month names its days:
/// “1 jan–15 aug 2010”.
pub fn period_name(from: Date, to: Date) -> String {
    use crate::money::{MONTHS as LONG, SHORT_MONTHS};
    let short = |d: Date| SHORT_MONTHS[usize::from(d.month.clamp(1, 12) - 1)];
    if from.day != 1 || to != month_end(to) {
        return if from.year == to.year {
            format!(
                "{} {}–{} {} {}",
                from.day,
                short(from),
                to.day,
                short(to),
                to.year
            )
        } else {
            format!(
                "{} {} {}–{} {} {}",
                from.day,
                short(from),
                from.year,
                to.day,
                short(to),
                to.year
            )
        };
    }
    if from.year == to.year && from.month == to.month {
        format!(
            "{} {}",
            LONG[usize::from(to.month.clamp(1, 12) - 1)],
            to.year
        )
    } else if from.year == to.year {
        format!("{}–{} {}", short(from), short(to), to.year)
    } else {
        format!("{} {}–{} {}", short(from), from.year, short(to), to.year)
    }
}

pub(crate) fn income_header(
    column: &str,
    period: Option<(Date, Date)>,
    fiscal_year: Option<(Date, Date)>,
) -> String {
    let year_label = |(from, to): (Date, Date)| {
        if from.year == to.year {
            to.year.to_string()
        } else {
            format!("{}/{}", from.year, to.year % 100)
        }
    };
    let back = |d: Date| Date {
        year: d.year - 1,
        // 29 February of a leap year has no twin.
        day: if d.month == 2 && d.day == 29 {
            28
        } else {
            d.day
        },
        ..d
    };
    match (column, period) {
        ("budget", Some((from, to))) => format!("Budget {}", period_name(from, to)),
        ("utfall", Some((from, to))) => format!("Utfall {}", period_name(from, to)),
        ("föregående_år", Some((from, to))) => {
            format!("Utfall {}", period_name(back(from), back(to)))
        }
        ("prognos", _) => match fiscal_year {
            Some(f) => format!("Prognos helår {}", year_label(f)),
            None => "Prognos helår".into(),
        },
        ("budget_helår", _) => match fiscal_year {
            Some(f) => format!("Budget helår {}", year_label(f)),
            None => "Budget helår".into(),
        },
        ("budget", None) => "Budget".into(),
        ("utfall", None) => "Utfall".into(),
        _ => "Föregående år".into(),
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
    // Either side depending on a wrong amount (already reported) cannot be compared.
    if income.section_unknown("rader")[actual]
        || balance
            .section_unknown("eget_kapital")
            .get(1)
            .copied()
            .unwrap_or(false)
    {
        return;
    }
    let result = income.result()[actual];
    let change = -balance.equity_change();
    if result != change {
        problems.push(
            Diagnostic::error(format!(
                "periodens resultat i {} ({}) är inte förändringen av eget kapital i {} ({}), {}",
                income.file,
                shown(result, income.unit),
                balance.file,
                shown(change, balance.unit),
                Mismatch::new(result, change, income.unit).difference()
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

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn periods_are_named_across_year_ends_and_for_one_month() {
        assert_eq!(
            period_name(date(2018, 1, 1), date(2018, 8, 31)),
            "jan–aug 2018"
        );
        assert_eq!(
            period_name(date(2009, 7, 1), date(2010, 2, 28)),
            "jul 2009–feb 2010"
        );
        assert_eq!(
            period_name(date(2011, 1, 1), date(2011, 1, 31)),
            "januari 2011"
        );
        assert_eq!(day_before(date(2018, 1, 1)), date(2017, 12, 31));
        assert_eq!(day_before(date(2020, 3, 1)), date(2020, 2, 29));
        assert_eq!(day_before(date(2009, 7, 1)), date(2009, 6, 30));
        assert_eq!(
            income_header(
                "föregående_år",
                Some((date(2018, 1, 1), date(2018, 8, 31))),
                None
            ),
            "Utfall jan–aug 2017"
        );
    }

    #[test]
    fn a_threshold_marks_by_amount_and_share() {
        let t = Threshold {
            amount: Decimal::from(50000),
            share: Some(Decimal::new(10, 2)),
        };
        // 60 000 off a budget of 1 000 000 is 6 %: not marked; off 500 000 it is 12 %.
        assert!(!t.marks(Decimal::from(1_000_000), Decimal::from(1_060_000)));
        assert!(t.marks(Decimal::from(500_000), Decimal::from(440_000)));
        assert!(!t.marks(Decimal::from(100_000), Decimal::from(140_000)));
    }

    fn statement(text: &str, kind: Kind) -> (Option<Statement>, Vec<Diagnostic>) {
        let node = yaml::parse(text, "x.yaml", 0).unwrap();
        read(&node, "x.yaml", kind, &Defaults::default())
    }

    const BALANCE: &str = "typ: balansräkning\nenhet: kr\ntillgångar:\n  - grupp: Fordringar\n    rader:\n      - { post: Kundfordringar, ingående: 58932, förändring: 209030.40 }\n      - { post: Bank, ingående: 1000, förändring: 0 }\neget_kapital:\n  - { post: Eget kapital, ingående: -59932, förändring: -209030.40 }\n";

    #[test]
    fn a_loss_in_some_month_is_still_a_bar_chart() {
        let (s, p) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 100 }\n",
            Kind::Income,
        );
        assert!(p.is_empty(), "{p:?}");
        let mut s = s.unwrap();
        let at = |v: i64, line| Figure::written(Decimal::from(v), &Arc::from("b.se"), line);
        s.monthly = vec![
            ("jan".into(), at(-120, 1), Some(at(-100, 2))),
            ("feb".into(), at(40, 3), Some(at(10, 4))),
        ];
        let chart = s.monthly_chart().unwrap();
        assert_eq!(chart.chart, "stapel");
        assert_eq!(chart.series.len(), 2);
    }

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

    #[test]
    fn one_wrong_amount_in_a_balance_sheet_is_one_message() {
        let text = BALANCE.replace("ingående: 1000,", "ingående: 1OOO,");
        let (b, p) = statement(&text, Kind::Balance);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("1OOO"), "{}", p[0].message);
        // A wrong förändring, with utgående written: no “utgående är inte ingående +
        // förändring” and no imbalance on top.
        let text = BALANCE.replace(
            "förändring: -209030.40 }",
            "förändring: -209030,40, utgående: -268962.40 }",
        );
        let (b2, p) = statement(&text, Kind::Balance);
        assert_eq!(p.len(), 1, "{p:?}");
        // The result against eget kapital is not compared over an unknown change.
        let (i, _) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000 }\n",
            Kind::Income,
        );
        let mut problems = Vec::new();
        check_result_against_equity(&[&i.unwrap(), &b2.unwrap()], &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        // The first sheet's unknown column is ingående: förändring is still compared.
        let (i, _) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000 }\n",
            Kind::Income,
        );
        check_result_against_equity(&[&i.unwrap(), &b.unwrap()], &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn one_wrong_amount_in_a_resultatrakning_is_one_message() {
        let text = "typ: resultaträkning\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 300000, utfall: \"3 1OOOO\" }\n      - { post: Övrigt, budget: 0, utfall: 0 }\n    summa: { budget: 300000, utfall: 310000 }\n  - grupp: Kostnader\n    rader:\n      - { post: Arvoden, budget: -80000, utfall: -100969.60 }\n    summa: { budget: -80000, utfall: -100969.60 }\nresultat: { budget: 220000, utfall: 209030.40 }\n";
        let (i, p) = statement(text, Kind::Income);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("3 1OOOO"), "{}", p[0].message);
        // The budget column is still checked.
        let (_, p) = statement(
            &text.replace("resultat: { budget: 220000", "resultat: { budget: 220001"),
            Kind::Income,
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[1].message.contains("kolumnen budget"), "{}", p[1].message);
        let (b, _) = statement(BALANCE, Kind::Balance);
        let mut problems = Vec::new();
        check_result_against_equity(&[&i.unwrap(), &b.unwrap()], &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_decimal_comma_in_a_sum_is_one_message() {
        let text = "typ: resultaträkning\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 100, utfall: 320.5 }\n    summa: { budget: 100, utfall: 320,5 }\nresultat: { utfall: 320,5, budget: 101 }\n";
        let (_, p) = statement(text, Kind::Income);
        let messages: Vec<String> = p
            .iter()
            .map(|d| format!("{}@{}", d.message, d.position.map_or(0, |p| p.line)))
            .collect();
        assert_eq!(
            messages,
            [
                "`320,5` läses som två belopp: 320 och 5@7",
                "`320,5` läses som två belopp: 320 och 5@8",
                "periodens resultat, kolumnen budget: väntat 101\u{a0}kr, beräknat 100\u{a0}kr@8"
            ]
        );
    }

    #[test]
    fn a_written_utgaende_that_is_not_ingaende_plus_forandring_says_so_in_swedish_figures() {
        let text = BALANCE.replace(
            "förändring: 209030.40 }",
            "förändring: 209030.40, utgående: 267962 }",
        );
        let (_, p) = statement(&text, Kind::Balance);
        assert_eq!(
            p[0].message,
            "`Kundfordringar`: utgående 267\u{a0}962\u{a0}kr är inte ingående 58\u{a0}932\u{a0}kr + förändring 209\u{a0}030,40\u{a0}kr = 267\u{a0}962,40\u{a0}kr"
        );
        assert_eq!(p[0].hints, ["skillnad \u{2212}0,40\u{a0}kr"]);
        assert_eq!(p[0].position.map(|p| p.line), Some(6));
    }

    #[test]
    fn a_misspelt_column_is_one_message() {
        let text = BALANCE.replace("förändring: 0 }", "förändrin: 0 }");
        let (_, p) = statement(&text, Kind::Balance);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["okänd nyckel `förändrin` i en post"]);
        let text = "typ: resultaträkning\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, utfal: 100 }\n      - { post: Övrigt, utfall: 10 }\n    summa: { utfall: 110 }\nresultat: { utfall: 110 }\n";
        let (_, p) = statement(text, Kind::Income);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["okänd nyckel `utfal` i en post"]);
    }

    #[test]
    fn a_wrong_yearly_budget_is_reported_once_not_dropped() {
        let text = "typ: resultaträkning\nräkenskapsår: { från: 2018-01-01, till: 2018-12-31 }\nperiod: { från: 2018-01-01, till: 2018-06-30 }\nkolumner: [budget, utfall]\nrader:\n  - { post: Bidrag, budget_helår: 12OOOO, utfall: 60000 }\nresultat: { budget: 60000, utfall: 60000 }\n";
        let (_, p) = statement(text, Kind::Income);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("12OOOO"), "{}", p[0].message);
    }
}
