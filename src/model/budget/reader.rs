//! Reading a budget file: its keys, the post/grupp tree through [`LineReader`], the amounts
//! per year, and the figures computed from them (sums, summa medel, årets resultat, the equity
//! chain), each checked against what the file writes.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::checks::{check_expected, check_groups, collect_ids};
use super::{Budget, Keys, Line, scale, sum_lines};
use crate::diagnostics::{Diagnostic, Form, Kind, Missing, Named, Position, Shape};
use crate::model::figure::Figure;
use crate::model::lines::{self, Head, LineReader};
use crate::model::{Located, Mismatch, amount, shown};
use crate::money::Unit;
use crate::yaml::{MapReader, Node, Value};

const BUDGET_KEYS: &[&str] = &[
    "typ",
    "titel",
    "enhet",
    "år",
    "ingående_eget_kapital",
    "ingående_eget_kapital_not",
    "intäkter",
    "kostnader",
    "summa_intäkter",
    "summa_medel",
    "summa_kostnader",
    "utgående_eget_kapital",
    "resultat",
    "medlemsbidrag",
    "eget_kapital_som_medel",
];
const ROW_KEYS: &[&str] = &["post", "belopp", "id", "not"];
const GROUP_KEYS: &[&str] = &[
    "grupp",
    "rader",
    "id",
    "not",
    "summa",
    "summa_namn",
    "summerar",
];

struct Reader<'a> {
    file: &'a str,
    /// The file, as the figures read from it name it.
    source: Arc<str>,
    years: &'a [i32],
    problems: Vec<Diagnostic>,
    /// Per year: an amount read so far was wrong, so sums over it are unknown and their checks
    /// stay silent (one mistake, one message).
    unknown: Vec<bool>,
    /// Reading `kostnader`, where a negative amount deserves a warning.
    costs: bool,
}

impl Reader<'_> {
    /// The figure of an amount written in the file.
    fn written(&self, amount: Located<Decimal>) -> Figure {
        Figure::written(amount.value, &self.source, amount.position.line)
    }

    fn error(&mut self, at: Position, kind: Kind) {
        self.problems
            .push(Diagnostic::error_of(kind).in_file(self.file).at(at));
    }

    /// A list with one amount per year.
    fn per_year(&mut self, node: &Node, what: &str) -> Vec<Option<Located<Decimal>>> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            // One year: a single amount is accepted as the list of one.
            _ if self.years.len() == 1 => vec![node],
            _ => {
                let d = Diagnostic::error_of(Kind::wrong_form(
                    Form::AmountPerYear {
                        years: self.years.len(),
                    },
                    what,
                    node.kind(),
                ))
                .in_file(self.file)
                .at(node.position);
                self.problems
                    .push(match crate::yaml::list_hint(node, what) {
                        Some(hint) => d.hint(hint),
                        None => d,
                    });
                self.unknown.iter_mut().for_each(|u| *u = true);
                return vec![None; self.years.len()];
            }
        };
        if items.len() != self.years.len() {
            self.unknown.iter_mut().for_each(|u| *u = true);
            let d = Diagnostic::error_of(crate::diagnostics::Kind::Count {
                what: crate::diagnostics::Counted::BudgetAmounts {
                    key: what.to_owned(),
                },
                found: items.len(),
                expected: self.years.len(),
            })
            .in_file(self.file)
            .at(node.position);
            self.problems.push(match crate::yaml::decimal_comma(node) {
                Some((written, at)) => crate::yaml::decimal_comma_error(&written, self.file, at),
                None => d,
            });
        }
        let mut out = Vec::with_capacity(self.years.len());
        for i in 0..self.years.len() {
            out.push(items.get(i).and_then(|n| match amount(n, self.file) {
                Ok(v) => v.map(|value| Located {
                    value,
                    position: n.position,
                }),
                Err(d) => {
                    self.problems.push(d);
                    self.unknown[i] = true;
                    None
                }
            }));
        }
        out
    }

    fn notes(&mut self, node: &Node) -> Vec<(Option<i32>, String)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, v)| {
                    let Ok(year) = k.name.trim().parse::<i32>() else {
                        self.problems.push(
                            Diagnostic::error_of(Kind::wrong_written(
                                Shape::MapKey,
                                Form::Year,
                                Some("not"),
                                &k.name,
                            ))
                            .in_file(self.file)
                            .at(k.position),
                        );
                        return None;
                    };
                    if !self.years.contains(&year) {
                        self.problems.push(
                            Diagnostic::error(format!("året {year} finns inte i `år`"))
                                .in_file(self.file)
                                .at(k.position),
                        );
                    }
                    Some((Some(year), v.as_text().unwrap_or_default().to_owned()))
                })
                .collect(),
            _ => match node.as_text() {
                Some(t) => vec![(None, t.to_owned())],
                None => {
                    self.error(
                        node.position,
                        Kind::wrong_form(Form::TextOrYearTexts, "not", node.kind()),
                    );
                    Vec::new()
                }
            },
        }
    }
}

impl LineReader for Reader<'_> {
    type Line = Line;
    type Extra = Vec<(Option<i32>, String)>;
    type Saved = Vec<bool>;
    const NEITHER: &'static str =
        "en rad ska ha `post:` (med `belopp:`) eller `grupp:` (med `rader:`)";
    const GROUP_KEYS: &'static [&'static str] = GROUP_KEYS;

    fn problems(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.problems
    }

    /// `not`
    fn extra(&mut self, map: &mut MapReader<'_>) -> Self::Extra {
        map.get("not").map(|n| self.notes(n)).unwrap_or_default()
    }

    /// The years made unknown by the group's lines are its own (and its outer lines').
    fn enter_group(&mut self) -> Vec<bool> {
        std::mem::replace(&mut self.unknown, vec![false; self.years.len()])
    }

    fn group(
        &mut self,
        map: &mut MapReader<'_>,
        head: Head<Self::Extra>,
        lines: Vec<Line>,
        outer: Vec<bool>,
    ) -> Line {
        let unknown = std::mem::replace(&mut self.unknown, outer);
        for (o, u) in self.unknown.iter_mut().zip(&unknown) {
            *o |= *u;
        }
        let expected = match map.get("summa") {
            Some(s) => self.per_year(s, "summa"),
            None => Vec::new(),
        };
        let sum_label = map.text_or_report("summa_namn");
        let summarises = map.get("summerar").and_then(|s| {
            s.as_text().map(|t| Located {
                value: t.to_owned(),
                position: s.position,
            })
        });
        let sums = sum_lines(&lines, self.years.len());
        Line {
            name: head.name,
            id: head.id,
            position: head.position,
            group: true,
            lines,
            amounts: sums.into_iter().map(Some).collect(),
            unknown,
            keys: Keys {
                notes: head.extra,
                sum_label,
                expected,
                summarises,
                ..Keys::default()
            },
        }
    }

    fn row(&mut self, map: &mut MapReader<'_>, head: Head<Self::Extra>) -> Line {
        let name = head.name.clone();
        let mut cells = vec![None; self.years.len()];
        let amounts = match map.get("belopp") {
            // `{ post: A, belopp: 120,5 }` reads as 120 and a key `5`: one mistake, reported as
            // a decimal comma with the unknown keys, not also as a missing list of years.
            Some(b) if map.comma_split("belopp") && !matches!(b.value, Value::Seq(_)) => {
                self.unknown.iter_mut().for_each(|u| *u = true);
                vec![None; self.years.len()]
            }
            Some(b) => {
                let amounts = self.per_year(b, "belopp");
                // `{ post: A, belopp: 120,5 }` reads as 120 and a key `5` (reported with the
                // unknown keys): the amount is unknown, so the sums over it stay silent.
                if map.comma_split("belopp") {
                    self.unknown.iter_mut().for_each(|u| *u = true);
                }
                if self.costs {
                    for (a, year) in amounts.iter().zip(self.years) {
                        if let Some(a) = a
                            && a.value.is_sign_negative()
                            && !a.value.is_zero()
                        {
                            self.problems.push(
                                Diagnostic::warning_of(crate::diagnostics::Kind::NegativeCost {
                                    post: name.clone(),
                                    year: *year,
                                    amount: a.value,
                                })
                                .in_file(self.file)
                                .at(a.position),
                            );
                        }
                    }
                }
                cells = amounts.iter().map(|a| a.map(|l| l.position)).collect();
                amounts
                    .into_iter()
                    .map(|a| a.map(|l| self.written(l)))
                    .collect()
            }
            None => {
                self.problems.push(
                    Diagnostic::error_of(Kind::missing_key(
                        Missing::BudgetPost {
                            name: name.to_string(),
                        },
                        "belopp",
                    ))
                    .in_file(self.file)
                    .at(head.position),
                );
                vec![None; self.years.len()]
            }
        };
        Line::row(head, amounts, Vec::new(), |notes| Keys {
            notes,
            cells,
            ..Keys::default()
        })
    }

    fn row_keys(&self) -> Vec<&'static str> {
        ROW_KEYS.to_vec()
    }
}
/// Reads and checks a budget file. Problems are all returned; the budget comes back whenever it
/// could be read, so that later checks (detail against summary) can still run.
pub fn read(node: &Node, file: &str) -> (Option<Budget>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some(mut map) = MapReader::open(node, file, "budgeten", &mut problems) else {
        return (None, problems);
    };
    map.get("typ");
    let title = map.text_or_report("titel");
    let unit = match map.get("enhet") {
        None => Unit::Kr,
        Some(n) => match n.as_text().and_then(Unit::parse) {
            Some(u) => u,
            None => {
                map.report(
                    Diagnostic::error_of(Kind::unknown_name(
                        Named::Unit { named: true },
                        n.as_text().unwrap_or(""),
                        Unit::NAMES,
                    ))
                    .in_file(file)
                    .at(n.position),
                );
                Unit::Kr
            }
        },
    };
    let years: Vec<i32> = match map.get("år") {
        Some(Node {
            value: Value::Seq(items),
            ..
        }) if !items.is_empty() => items
            .iter()
            .filter_map(|i| match i.as_text().and_then(|t| t.parse::<i32>().ok()) {
                Some(y) => Some(y),
                None => {
                    map.report(
                        Diagnostic::error_of(Kind::wrong_form_bare(Form::YearNumbers, "år"))
                            .in_file(file)
                            .at(i.position),
                    );
                    None
                }
            })
            .collect(),
        Some(n) if n.as_text().and_then(|t| t.parse::<i32>().ok()).is_some() => {
            vec![n.as_text().and_then(|t| t.parse().ok()).unwrap_or_default()]
        }
        Some(n) => {
            map.report(
                Diagnostic::error_of(Kind::wrong_form_bare(Form::Years, "år"))
                    .in_file(file)
                    .at(n.position),
            );
            return (None, map.take_problems());
        }
        None => {
            map.report(
                Diagnostic::error_of(Kind::missing_key(Missing::Budget, "år"))
                    .in_file(file)
                    .at(node.position),
            );
            return (None, map.take_problems());
        }
    };
    let mut reader = Reader {
        file,
        source: Arc::from(file),
        years: &years,
        problems: map.take_problems(),
        unknown: vec![false; years.len()],
        costs: false,
    };
    let n = years.len();
    // A misspelt `kostnder:` is one error: the costs are then unknown, not zero.
    let misspelt = |map: &MapReader<'_>, key: &str| {
        if map.misspelt(key, BUDGET_KEYS) {
            vec![true; n]
        } else {
            vec![false; n]
        }
    };
    let income = map
        .get("intäkter")
        .map(|n| lines::read(&mut reader, n, "intäkter", file))
        .unwrap_or_default();
    let income_unknown = std::mem::replace(&mut reader.unknown, vec![false; n]);
    let income_unknown = or(&income_unknown, &misspelt(&map, "intäkter"));
    reader.costs = true;
    let costs = map
        .get("kostnader")
        .map(|n| lines::read(&mut reader, n, "kostnader", file))
        .unwrap_or_default();
    reader.costs = false;
    let cost_unknown = std::mem::replace(&mut reader.unknown, vec![false; n]);
    let cost_unknown = or(&cost_unknown, &misspelt(&map, "kostnader"));

    // Opening equity: one number for the first year, or a list whose later years must chain.
    let equity_node = map.get("ingående_eget_kapital");
    let given_equity: Vec<Option<Located<Decimal>>> = match equity_node {
        None => Vec::new(),
        Some(
            node @ Node {
                value: Value::Seq(_),
                ..
            },
        ) => reader.per_year(node, "ingående_eget_kapital"),
        Some(node) => match amount(node, file) {
            Ok(v) => vec![v.map(|value| Located {
                value,
                position: node.position,
            })],
            Err(d) => {
                reader.problems.push(d);
                Vec::new()
            }
        },
    };
    let mut equity_unknown = std::mem::replace(&mut reader.unknown, vec![false; n]);
    let equity_wrong = equity_node.is_some() && given_equity.is_empty();
    if equity_wrong || equity_node.is_none() && map.misspelt("ingående_eget_kapital", BUDGET_KEYS)
    {
        equity_unknown = vec![true; n];
    } else if equity_node.is_none() && !income.is_empty() {
        // Counted as 0, and said so: every utgående eget kapital depends on it.
        reader.problems.push(
            Diagnostic::warning_of(Kind::missing_key(Missing::Budget, "ingående_eget_kapital"))
                .in_file(file)
                .at(node.position),
        );
        equity_unknown = vec![true; n];
    }
    let expectations: Vec<(&str, Vec<Option<Located<Decimal>>>)> = [
        "summa_intäkter",
        "summa_medel",
        "summa_kostnader",
        "utgående_eget_kapital",
        "resultat",
    ]
    .iter()
    .map(|key| {
        (
            *key,
            map.get(key)
                .map(|n| reader.per_year(n, key))
                .unwrap_or_default(),
        )
    })
    .collect();
    let equity_notes = map
        .get("ingående_eget_kapital_not")
        .map(|n| reader.notes(n))
        .unwrap_or_default();
    problems.append(&mut reader.problems);
    let member_split = map.get("medlemsbidrag").and_then(|node| {
        let (split, found) = crate::model::split::read(node, file);
        problems.extend(found);
        split
    });
    let funds_shown = funds_shown(&mut map, file, &mut problems);
    problems.extend(map.finish(BUDGET_KEYS, "budgeten"));

    // The equity chain carries an unknown year into every later one.
    let mut chain_unknown = or(&or(&income_unknown, &cost_unknown), &equity_unknown);
    for y in 1..n {
        chain_unknown[y] |= chain_unknown[y - 1];
    }
    let mut funds_unknown = or(&income_unknown, &equity_unknown);
    for y in 1..n {
        funds_unknown[y] |= chain_unknown[y - 1];
    }
    let income_total = sum_lines(&income, n);
    let cost_total = sum_lines(&costs, n);
    let result: Vec<Figure> = income_total
        .iter()
        .zip(&cost_total)
        .map(|(i, c)| i.minus(c))
        .collect();
    let mut opening: Vec<Figure> = Vec::with_capacity(n);
    let mut closing: Vec<Figure> = Vec::with_capacity(n);
    let mut funds: Vec<Figure> = Vec::with_capacity(n);
    for y in 0..n {
        // The chain: a year's ingående is the year before's utgående, the same figure.
        let open = match closing.last() {
            Some(before) => before.clone(),
            None => given_equity
                .first()
                .copied()
                .flatten()
                .map_or_else(Figure::zero, |l| reader.written(l)),
        };
        funds.push(Figure::sum([&income_total[y], &open]));
        closing.push(Figure::sum([&open, &result[y]]));
        // A list of opening equities must follow the chain.
        if y > 0
            && !chain_unknown[y - 1]
            && let Some(Some(given)) = given_equity.get(y)
            && given.value != open.value
        {
            problems.push(
                Mismatch::new(given.value, open.value, unit)
                    .difference_error(format!(
                        "ingående eget kapital {} är {} men utgående eget kapital {} är {}",
                        years[y],
                        shown(given.value, unit),
                        years[y - 1],
                        shown(open.value, unit)
                    ))
                    .in_file(file)
                    .at(given.position)
                    .hint("ett års ingående eget kapital är förra årets utgående"),
            );
        }
        opening.push(open);
    }
    let computed = [
        ("summa_intäkter", "summa intäkter", &income_total),
        (
            "summa_medel",
            "summa medel (intäkter och ingående eget kapital)",
            &funds,
        ),
        ("summa_kostnader", "summa kostnader", &cost_total),
        ("utgående_eget_kapital", "utgående eget kapital", &closing),
        ("resultat", "årets resultat", &result),
    ];
    for ((key, expected), (_, label, values)) in expectations.iter().zip(computed.iter()) {
        let unknown = match *key {
            "summa_intäkter" => income_unknown.clone(),
            "summa_kostnader" => cost_unknown.clone(),
            "summa_medel" => funds_unknown.clone(),
            "utgående_eget_kapital" => chain_unknown.clone(),
            _ => or(&income_unknown, &cost_unknown),
        };
        check_expected(
            expected,
            values,
            &years,
            unit,
            file,
            label,
            &unknown,
            &mut problems,
        );
    }
    for line in income.iter().chain(&costs) {
        check_groups(line, &years, unit, file, &mut problems);
    }
    let mut ids = BTreeMap::new();
    for line in income.iter().chain(&costs) {
        collect_ids(line, &mut ids, file, &mut problems);
    }
    // Which years a written total covers, per table: there the author's own figures check the
    // rows, and a row out of scale is said by the total that disagrees, or confirmed by one that
    // agrees.
    let written = |key: &str| -> Vec<bool> {
        let given = expectations
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_slice())
            .unwrap_or_default();
        (0..n)
            .map(|y| given.get(y).is_some_and(Option::is_some))
            .collect()
    };
    // A later year's written ingående eget kapital checks the year before it.
    let chained: Vec<bool> = (0..n)
        .map(|y| given_equity.get(y + 1).is_some_and(Option::is_some))
        .collect();
    let both = or(
        &or(&written("utgående_eget_kapital"), &written("resultat")),
        &chained,
    );
    let covered = [
        or(
            &or(&both, &written("summa_intäkter")),
            &written("summa_medel"),
        ),
        or(&both, &written("summa_kostnader")),
    ];
    let unknown = [income_unknown, cost_unknown];
    let budget = Budget {
        file: file.to_owned(),
        title,
        unit,
        years,
        income,
        costs,
        income_total,
        opening_equity: opening,
        funds_total: funds,
        cost_total,
        closing_equity: closing,
        result,
        member_split,
        has_equity: equity_node.is_some(),
        equity_notes,
        funds_shown,
    };
    if budget.unit != Unit::Kr {
        problems.extend(scale::scale_warnings(&budget, &covered, &unknown));
    }
    (Some(budget), problems)
}

/// Whether the intäkter table shows the opening equity as funds to use in the year, with
/// Summa medel under it (the seeds' form): `eget_kapital_som_medel: true`, or `summa_medel:`
/// written as an expectation. `eget_kapital_som_medel: false` keeps the plain form even then.
fn funds_shown(map: &mut MapReader<'_>, file: &str, problems: &mut Vec<Diagnostic>) -> bool {
    let written = map.get("summa_medel").is_some();
    match map.get("eget_kapital_som_medel") {
        None => written,
        Some(Node {
            value: Value::Bool(b),
            ..
        }) => *b,
        Some(n) => {
            problems.push(
                Diagnostic::error_of(Kind::wrong_form(
                    Form::Bool,
                    "eget_kapital_som_medel",
                    n.kind(),
                ))
                .in_file(file)
                .at(n.position)
                .hint("true visar ingående eget kapital och Summa medel i intäktstabellen"),
            );
            written
        }
    }
}

/// Per year, unknown in either.
fn or(a: &[bool], b: &[bool]) -> Vec<bool> {
    a.iter().zip(b).map(|(a, b)| *a || *b).collect()
}
