//! Reading a `typ: resultaträkning` or `typ: balansräkning` file into a [`Statement`]: the
//! head (`enhet`, `räkenskapsår`, `period`, `kolumner`, `tecken`, `form`), the rows and groups
//! with their figures, a yearly budget cut to the period, utgående computed from ingående and
//! förändring, and the front matter's [`Defaults`].

use std::sync::Arc;

use rust_decimal::Decimal;

use super::weights::{weight_basis, weights};
use super::{BALANCE_SECTIONS, Form, Keys, Kind, Line, Statement, Threshold, Unexplained};
use super::{sum_lines, unknown_in};
use crate::diagnostics::{self, Diagnostic, Named, Position};
use crate::model::figure::Figure;
use crate::model::lines::{self, Head, LineReader};
use crate::model::{Mismatch, amount, shown};
use crate::money::{Date, Unit};
use crate::yaml::{MapReader, Node, Value};

const INCOME_COLUMNS: &[&str] = &[
    "budget",
    "utfall",
    "prognos",
    "föregående_år",
    "budget_helår",
];
const BALANCE_COLUMNS: &[&str] = &["ingående", "förändring", "utgående"];

pub(super) struct Reader<'a> {
    pub(super) file: &'a str,
    /// The file, as the figures read from it name it.
    source: Arc<str>,
    /// `enhet`, for messages.
    pub(super) unit: Unit,
    pub(super) columns: Vec<String>,
    kind: Kind,
    pub(super) problems: Vec<Diagnostic>,
    /// The period's months as indexes into the fiscal year (0 is its first month), for cutting
    /// a yearly budget to the period.
    months: Option<(usize, usize)>,
    /// The file's `periodisering:` (twelve weights), where written.
    weights: Option<Vec<Decimal>>,
}

impl LineReader for Reader<'_> {
    type Line = Line;
    /// `not`, `delresultat` and `kommentar`.
    type Extra = Keys;
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
        Keys {
            note: map.text_or_report("not"),
            subtotal: map.text_or_report("delresultat"),
            comment: map.text_or_report("kommentar"),
        }
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
        Line {
            name,
            id: head.id,
            position: head.position,
            group: true,
            lines,
            amounts: figures,
            unknown,
            keys: head.extra,
        }
    }

    fn row(&mut self, map: &mut MapReader<'_>, head: Head<Self::Extra>) -> Line {
        let file = self.file;
        let name = head.name.clone();
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
                            let cut = crate::money::round(v, 2);
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
                        Mismatch::new(written, computed, self.unit)
                            .difference_error(format!(
                                "`{name}`: utgående {} är inte ingående {} + förändring {} = {}",
                                shown(written, self.unit),
                                shown(opening, self.unit),
                                shown(change, self.unit),
                                shown(computed, self.unit)
                            ))
                            .in_file(file)
                            .at(n.position),
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
                        Diagnostic::error_of(diagnostics::Kind::UnknownName {
                            what: Named::UnlistedColumn,
                            written: (*key).to_owned(),
                            suggestion: None,
                            choices: self.columns.clone(),
                        })
                        .in_file(file)
                        .at(n.position),
                    );
                }
            }
        }
        Line::row(head, figures, unknown, |keys| keys)
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
        let read = n.as_text().map(Date::read).transpose();
        map.ok(read.map_err(|d| d.in_file(file).at(n.position)))
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
                        problems.push(
                            Diagnostic::error_of(diagnostics::Kind::unknown_name(
                                Named::IncomeColumn,
                                name,
                                INCOME_COLUMNS.iter().copied(),
                            ))
                            .in_file(file)
                            .at(i.position),
                        );
                        None
                    }
                })
                .collect(),
        ),
        n => {
            problems.push(
                Diagnostic::error_of(diagnostics::Kind::wrong_form_bare(
                    diagnostics::Form::List,
                    "kolumner",
                ))
                .in_file(file)
                .at(n.position),
            );
            None
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
                Diagnostic::error_of(diagnostics::Kind::unknown_name(
                    Named::Unit { named: false },
                    n.as_text().unwrap_or(""),
                    Unit::NAMES,
                ))
                .in_file(file)
                .at(n.position),
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
