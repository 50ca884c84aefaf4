//! `typ: budget`: the multi-year budget of a verksamhetsplan (Budget), computed and checked.
//!
//! Every figure the budget prints is a [`Figure`] made here: each post's amount at its cell's
//! file and line, every group's sum ([`sum_lines`]), summa intäkter, summa medel (intäkter +
//! ingående eget kapital), summa kostnader, årets resultat (intäkter − kostnader), each
//! top-level cost group's share, and the equity chain (utgående = ingående + årets resultat;
//! next year's ingående is this year's utgående, the same figure). Expectations written in the
//! file are checked against them, and a detail budget's groups against the summary rows they
//! roll up into (`summerar:`). The printed tables are made in [`tables`].

mod scale;
mod tables;

pub use tables::row_note;

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::figure::Figure;
use super::lines::{self, Head, LineReader};
use super::{Located, Mismatch, amount, shown};
use crate::diagnostics::{Diagnostic, Position, nearest};
use crate::money::Unit;

use crate::yaml::{MapReader, Node, Value};

/// A line of a budget table: a post (Row) or a grupp (Group).
#[derive(Debug, Clone)]
pub enum Line {
    /// `post:` with `belopp:` per year.
    Row(Row),
    /// `grupp:` with `rader:`.
    Group(Group),
}

/// A post: one line of amounts.
#[derive(Debug, Clone)]
pub struct Row {
    /// `post`
    pub name: String,
    /// `id`
    pub id: Option<String>,
    /// `belopp`, one per year, each written at its cell; `None` is a blank cell.
    pub amounts: Vec<Option<Figure>>,
    /// Where each year's amount is written, for messages about one cell.
    pub cells: Vec<Option<Position>>,
    /// `not`: footnotes by year (`None` for the whole row).
    pub notes: Vec<(Option<i32>, String)>,
    /// Where the post is written.
    pub position: Position,
}

/// A grupp of lines, with its computed sum.
#[derive(Debug, Clone)]
pub struct Group {
    /// `grupp`
    pub name: String,
    /// `id`
    pub id: Option<String>,
    /// `rader`
    pub lines: Vec<Line>,
    /// `summa_namn`: the label of the sum line (“Summa strukturinsatser”).
    pub sum_label: Option<String>,
    /// `summa`: the sums the author expects, per year.
    pub expected: Vec<Option<Located<Decimal>>>,
    /// `summerar`: the id of the summary row this detail group rolls up into.
    pub summarises: Option<Located<String>>,
    /// `not`: footnotes by year.
    pub notes: Vec<(Option<i32>, String)>,
    /// The computed sum per year: its lines' amounts and sums ([`sum_lines`]).
    pub sum: Vec<Figure>,
    /// Per year: an amount in the group was wrong and is reported, so its sum is unknown and
    /// its `summa` is not checked (one mistake, one message).
    pub unknown: Vec<bool>,
    /// Where the group is written.
    pub position: Position,
}

/// A checked budget with every figure computed.
#[derive(Debug, Clone)]
pub struct Budget {
    /// The file, relative to the project root.
    pub file: String,
    /// `titel`, if any.
    pub title: Option<String>,
    /// `enhet`
    pub unit: Unit,
    /// `år`
    pub years: Vec<i32>,
    /// `intäkter`
    pub income: Vec<Line>,
    /// `kostnader`
    pub costs: Vec<Line>,
    /// Summa intäkter per year.
    pub income_total: Vec<Figure>,
    /// Ingående eget kapital per year: the first as written (a zero from nothing when it is
    /// not), each later one the year before's utgående (a list written is checked against it).
    pub opening_equity: Vec<Figure>,
    /// Summa medel: summa intäkter + ingående eget kapital.
    pub funds_total: Vec<Figure>,
    /// Summa kostnader per year.
    pub cost_total: Vec<Figure>,
    /// Utgående eget kapital per year: ingående eget kapital + årets resultat.
    pub closing_equity: Vec<Figure>,
    /// Årets resultat per year: summa intäkter − summa kostnader (negative for a planned
    /// deficit), the change from ingående to utgående eget kapital.
    pub result: Vec<Figure>,
    /// `medlemsbidrag`: how the kommuner share their quarter of the medlemsintäkter, when the
    /// budget says so (it overrides forbund.yaml's).
    pub member_split: Option<super::split::Split>,
    /// Whether the file gives an opening equity at all.
    pub has_equity: bool,
    /// `ingående_eget_kapital_not`: footnotes on the opening equity, by year.
    pub equity_notes: Vec<(Option<i32>, String)>,
    /// Whether the intäkter table counts the opening equity among the year's funds, as the
    /// seeds print it (Ingående eget kapital, Summa medel): see [`funds_shown`].
    pub funds_shown: bool,
}

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

    fn error(&mut self, at: Position, message: String) {
        self.problems
            .push(Diagnostic::error(message).in_file(self.file).at(at));
    }

    /// A list with one amount per year.
    fn per_year(&mut self, node: &Node, what: &str) -> Vec<Option<Located<Decimal>>> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            // One year: a single amount is accepted as the list of one.
            _ if self.years.len() == 1 => vec![node],
            _ => {
                let d = Diagnostic::error(format!(
                    "`{what}` ska vara en lista med ett belopp per år ({}), men är {}",
                    self.years.len(),
                    node.kind()
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
            let d = Diagnostic::error(format!(
                "`{what}` har {} belopp men `år` har {} år",
                items.len(),
                self.years.len()
            ))
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
                            Diagnostic::error(format!(
                                "`not` ska ha ett år som nyckel, men har `{}`",
                                k.name
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
                        format!(
                            "`not` ska vara en text eller år: text, men är {}",
                            node.kind()
                        ),
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
        let sum = sum_lines(&lines, self.years.len());
        Line::Group(Group {
            name: head.name,
            id: head.id,
            lines,
            sum_label,
            expected,
            summarises,
            notes: head.extra,
            sum,
            unknown,
            position: head.position,
        })
    }

    fn row(&mut self, map: &mut MapReader<'_>, head: Head<Self::Extra>) -> Line {
        let name = head.name;
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
                                Diagnostic::warning(format!(
                                    "kostnaden `{name}` {year} är negativ"
                                ))
                                .in_file(self.file)
                                .at(a.position)
                                .hint("kostnader skrivs som positiva belopp; en intäkt hör hemma under `intäkter`"),
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
                self.error(head.position, format!("posten `{name}` saknar `belopp`"));
                vec![None; self.years.len()]
            }
        };
        Line::Row(Row {
            name,
            id: head.id,
            amounts,
            cells,
            notes: head.extra,
            position: head.position,
        })
    }

    fn row_keys(&self) -> Vec<&'static str> {
        ROW_KEYS.to_vec()
    }
}

impl Row {
    /// The post's amount for the year at `index` (`None` when blank).
    pub fn figure(&self, index: usize) -> Option<&Figure> {
        self.amounts.get(index).and_then(Option::as_ref)
    }

    /// The post's amounts, a blank cell as a zero from nothing.
    pub fn figures(&self) -> Vec<Figure> {
        self.amounts
            .iter()
            .map(|a| a.clone().unwrap_or_else(Figure::zero))
            .collect()
    }
}

impl Line {
    /// The line's figure for the year at `index`: a post's amount (`None` when blank), a
    /// group's sum.
    pub fn figure(&self, index: usize) -> Option<&Figure> {
        match self {
            Line::Row(r) => r.figure(index),
            Line::Group(g) => g.sum.get(index),
        }
    }
}

impl lines::Figures for Line {
    fn figure(&self, column: usize) -> Option<&Figure> {
        Line::figure(self, column)
    }
}

/// The sum of lines per year ([`lines::column_sum`]), a year every line leaves blank a zero
/// from nothing: a group's and a table's sums.
pub fn sum_lines(lines: &[Line], years: usize) -> Vec<Figure> {
    (0..years)
        .map(|y| lines::column_sum(lines, y).unwrap_or_else(Figure::zero))
        .collect()
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
                    Diagnostic::error(format!("okänd enhet `{}`", n.as_text().unwrap_or("")))
                        .in_file(file)
                        .at(n.position)
                        .hint("skriv kr, tkr eller mnkr"),
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
                        Diagnostic::error("`år` ska vara årtal, t.ex. [2021, 2022, 2023]")
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
                Diagnostic::error("`år` ska vara en lista av årtal, t.ex. [2021, 2022, 2023]")
                    .in_file(file)
                    .at(n.position),
            );
            return (None, map.take_problems());
        }
        None => {
            map.report(
                Diagnostic::error("budgeten saknar `år`")
                    .in_file(file)
                    .at(node.position)
                    .hint("skriv t.ex. `år: [2021, 2022, 2023]`"),
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
            Diagnostic::warning("budgeten saknar `ingående_eget_kapital`: det räknas som 0")
                .in_file(file)
                .at(node.position)
                .hint("skriv eget kapital vid första årets början, t.ex. `ingående_eget_kapital: 16900` (i budgetens enhet), eller 0"),
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
        let (split, found) = super::split::read(node, file);
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
                Diagnostic::error(format!(
                    "ingående eget kapital {} är {} men utgående eget kapital {} är {}",
                    years[y],
                    shown(given.value, unit),
                    years[y - 1],
                    shown(open.value, unit)
                ))
                .in_file(file)
                .at(given.position)
                .hint(format!(
                    "ett års ingående eget kapital är förra årets utgående; {}",
                    Mismatch::new(given.value, open.value, unit).difference()
                )),
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
                Diagnostic::error(format!(
                    "`eget_kapital_som_medel` ska vara true eller false, men är {}",
                    n.kind()
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

#[allow(clippy::too_many_arguments)]
fn check_expected(
    expected: &[Option<Located<Decimal>>],
    computed: &[Figure],
    years: &[i32],
    unit: Unit,
    file: &str,
    label: &str,
    unknown: &[bool],
    problems: &mut Vec<Diagnostic>,
) {
    for (((e, c), year), unknown) in expected.iter().zip(computed).zip(years).zip(unknown) {
        if let Some(e) = e
            && !unknown
            && e.value != c.value
        {
            let mismatch = Mismatch::new(e.value, c.value, unit);
            problems.push(
                Diagnostic::error(format!("{label} {year}: {}", mismatch.said()))
                    .in_file(file)
                    .at(e.position)
                    .hint(format!(
                        "{}; summan räknas fram ur raderna",
                        mismatch.difference()
                    )),
            );
        }
    }
}

fn check_groups(
    line: &Line,
    years: &[i32],
    unit: Unit,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if let Line::Group(g) = line {
        let label = format!("summan för `{}`", g.name);
        check_expected(
            &g.expected,
            &g.sum,
            years,
            unit,
            file,
            &label,
            &g.unknown,
            problems,
        );
        for l in &g.lines {
            check_groups(l, years, unit, file, problems);
        }
    }
}

fn collect_ids(
    line: &Line,
    ids: &mut BTreeMap<String, Position>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let (id, position) = match line {
        Line::Row(r) => (&r.id, r.position),
        Line::Group(g) => (&g.id, g.position),
    };
    if let Some(id) = id {
        if let Some(first) = ids.get(id) {
            problems.push(
                Diagnostic::error(format!(
                    "id `{id}` används två gånger (första gången på rad {})",
                    first.line
                ))
                .in_file(file)
                .at(position),
            );
        } else {
            ids.insert(id.clone(), position);
        }
    }
    if let Line::Group(g) = line {
        for l in &g.lines {
            collect_ids(l, ids, file, problems);
        }
    }
}

impl Budget {
    /// Every line, depth first: groups before their rows, intäkter before kostnader.
    pub(crate) fn all_lines(&self) -> Vec<&Line> {
        fn walk<'a>(line: &'a Line, out: &mut Vec<&'a Line>) {
            out.push(line);
            if let Line::Group(g) = line {
                for l in &g.lines {
                    walk(l, out);
                }
            }
        }
        let mut out = Vec::new();
        for line in self.income.iter().chain(&self.costs) {
            walk(line, &mut out);
        }
        out
    }

    /// Every row and group with an id: (id, name, figures per year; a blank cell is a zero
    /// from nothing).
    pub fn ids(&self) -> Vec<(String, String, Vec<Figure>)> {
        self.all_lines()
            .into_iter()
            .filter_map(|line| match line {
                Line::Row(r) => {
                    r.id.as_ref()
                        .map(|id| (id.clone(), r.name.clone(), r.figures()))
                }
                Line::Group(g) => {
                    g.id.as_ref()
                        .map(|id| (id.clone(), g.name.clone(), g.sum.clone()))
                }
            })
            .collect()
    }

    /// Whether this is a detail budget: one whose groups roll up into another's rows.
    pub fn is_detail(&self) -> bool {
        !self.rollups().is_empty()
    }

    /// The groups of this (detail) budget that roll up into a summary row.
    fn rollups(&self) -> Vec<&Group> {
        self.all_lines()
            .into_iter()
            .filter_map(|line| match line {
                Line::Group(g) if g.summarises.is_some() => Some(g),
                _ => None,
            })
            .collect()
    }

    /// A top-level cost group's share of summa kostnader, per year: its sum's ratio to the
    /// total (`None` when the total is zero).
    pub fn shares(&self, group: &Group) -> Vec<Option<Figure>> {
        group
            .sum
            .iter()
            .zip(&self.cost_total)
            .map(|(s, t)| s.share_of(t))
            .collect()
    }

    /// The values of [`Budget::shares`].
    pub fn share(&self, group: &Group) -> Vec<Option<Decimal>> {
        self.shares(group)
            .into_iter()
            .map(|s| s.map(|s| s.value))
            .collect()
    }
}

/// Checks detail budgets against the summary budgets of the same document: every group with
/// `summerar: <id>` must sum, in its first year, to the summary row's amount for that year.
pub fn check_rollups(budgets: &[&Budget], problems: &mut Vec<Diagnostic>) {
    let mut summary: BTreeMap<String, (&Budget, Vec<Figure>)> = BTreeMap::new();
    for b in budgets {
        for (id, _, values) in b.ids() {
            summary.entry(id).or_insert((b, values));
        }
    }
    for detail in budgets {
        for group in detail.rollups() {
            let Some(target) = &group.summarises else {
                continue;
            };
            let Some((summary_budget, values)) = summary.get(&target.value) else {
                let known: Vec<&str> = summary.keys().map(String::as_str).collect();
                let mut d = Diagnostic::error(format!(
                    "`summerar: {}` pekar inte på någon rad med det id:t",
                    target.value
                ))
                .in_file(&detail.file)
                .at(target.position);
                if let Some(n) = nearest(&target.value, known) {
                    d = d.hint(format!("menade du `{n}`?"));
                }
                problems.push(d);
                continue;
            };
            let Some(year) = detail.years.first() else {
                continue;
            };
            let Some(index) = summary_budget.years.iter().position(|y| y == year) else {
                problems.push(
                    Diagnostic::error(format!("året {year} finns inte i {}", summary_budget.file))
                        .in_file(&detail.file)
                        .at(target.position),
                );
                continue;
            };
            let detail_sum = group.sum[0].value;
            let summary_value = values[index].value;
            if detail_sum != summary_value {
                problems.push(
                    Diagnostic::error(format!(
                        "detaljbudgetens `{}` summerar till {} för {year}, men `{}` i {} är {}",
                        group.name,
                        shown(detail_sum, detail.unit),
                        target.value,
                        summary_budget.file,
                        shown(summary_value, summary_budget.unit)
                    ))
                    .in_file(&detail.file)
                    .at(target.position)
                    .hint(Mismatch::new(detail_sum, summary_value, detail.unit).difference()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figure::Origin;
    use crate::yaml;

    fn budget(text: &str) -> (Option<Budget>, Vec<Diagnostic>) {
        let node = yaml::parse(text, "budget.yaml", 0).unwrap();
        read(&node, "budget.yaml")
    }

    const SEED_000: &str = "\
typ: budget
enhet: tkr
år: [2020, 2021, 2022]
ingående_eget_kapital: 23079
intäkter:
  - { post: Medlemsintäkter, belopp: [61478, 55541, 49541] }
  - { post: Övrigt, belopp: [8974, 8037, 6037] }
kostnader:
  - grupp: Struktur
    id: struktur
    rader:
      - { post: A, belopp: [5592, 2360, 2360] }
  - grupp: Individ
    rader:
      - { post: B, belopp: [66433, 54175, 54175] }
    summa: [66433, 54175, 54175]
  - grupp: Förvaltning
    rader:
      - { post: C, belopp: [10215, 7841, 7841] }
summa_kostnader: [81740, 64376, 64376]
";

    #[test]
    fn computes_sums_shares_and_the_equity_chain() {
        let (b, problems) = budget(SEED_000);
        let b = b.unwrap();
        assert_eq!(b.cost_total[0], Decimal::from(82240));
        assert_eq!(b.income_total[0], Decimal::from(70452));
        assert_eq!(b.funds_total[0], Decimal::from(93531));
        assert_eq!(b.closing_equity[0], Decimal::from(11291));
        assert_eq!(b.opening_equity[1], Decimal::from(11291));
        let Line::Group(g) = &b.costs[0] else {
            panic!()
        };
        let share = b.share(g)[0].unwrap();
        assert_eq!(crate::money::format_percent(share, 1), "6,8\u{a0}%");
        // The printed total 81 740 is wrong: reported with both figures at its place.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains(
                "summa kostnader 2020: väntat 81\u{a0}740\u{a0}tkr, beräknat 82\u{a0}240\u{a0}tkr"
            ),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].position.map(|p| p.line), Some(20));
    }

    #[test]
    fn a_broken_chain_names_both_years() {
        let (_, problems) = budget(
            "typ: budget\nenhet: tkr\når: [2021, 2022]\ningående_eget_kapital: [100, 50]\nintäkter:\n  - { post: A, belopp: [10, 10] }\nkostnader: []\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("ingående eget kapital 2022 är 50"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[0]
                .message
                .contains("utgående eget kapital 2021 är 110")
        );
    }

    #[test]
    fn group_sums_and_amount_errors_are_located() {
        let (_, problems) = budget(
            "typ: budget\når: [2021]\nkostnader:\n  - grupp: G\n    rader:\n      - { post: A, belopp: [\"1 234,50\"] }\n      - { post: B, belopp: [tvåhundra] }\n    summa: [1000]\n",
        );
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`tvåhundra` är inte ett belopp")),
            "{messages:?}"
        );
        // The sum over the unreadable amount is unknown: no second message about it.
        assert_eq!(messages.len(), 1, "{messages:?}");
    }

    #[test]
    fn a_wrong_amount_silences_only_the_sums_that_depend_on_it() {
        let (_, problems) = budget(
            "typ: budget\når: [2021, 2022]\ningående_eget_kapital: 0\nkostnader:\n  - grupp: G\n    rader:\n      - { post: A, belopp: [\"2 1OO\", 5] }\n    summa: [1, 1]\n  - grupp: H\n    rader:\n      - { post: B, belopp: [3, 3] }\n    summa: [4, 3]\nsumma_kostnader: [9, 9]\n",
        );
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages[0].contains("`2 1OO` är inte ett belopp"),
            "{messages:?}"
        );
        // G 2022 and H 2021 are known and wrong; summa kostnader 2022 too (5 + 3 ≠ 9).
        assert!(
            messages.contains(&"summan för `G` 2022: väntat 1\u{a0}kr, beräknat 5\u{a0}kr"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"summan för `H` 2021: väntat 4\u{a0}kr, beräknat 3\u{a0}kr"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"summa kostnader 2022: väntat 9\u{a0}kr, beräknat 8\u{a0}kr"),
            "{messages:?}"
        );
        assert_eq!(messages.len(), 4, "{messages:?}");
    }

    #[test]
    fn a_decimal_comma_in_a_row_of_one_year_is_one_message() {
        let (_, problems) = budget(
            "typ: budget\når: [2021]\ningående_eget_kapital: 10\nintäkter:\n  - { post: I, belopp: 200 }\nkostnader:\n  - { post: A, belopp: 120,5 }\n  - { post: B, belopp: 10 }\nsumma_kostnader: 130.5\n",
        );
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["`120,5` läses som två belopp: 120 och 5"]);
    }

    #[test]
    fn a_decimal_comma_in_a_row_of_two_years_is_one_message() {
        let (_, problems) = budget(
            "typ: budget\når: [2021, 2022]\ningående_eget_kapital: [10, 10]\nintäkter:\n  - { post: I, belopp: [200, 200] }\nkostnader:\n  - { post: A, belopp: 120,5 }\n  - { post: B, belopp: [10, 10] }\n",
        );
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["`120,5` läses som två belopp: 120 och 5"]);
    }

    #[test]
    fn a_decimal_comma_a_misspelt_key_and_a_negative_cost_each_say_so_once() {
        let (_, problems) = budget(
            "typ: budget\nenhet: tkr\når: [2021, 2022, 2023]\ningående_eget_kapital: 10\nkostnader:\n  - { post: A, belopp: [120,5, 120, 120] }\nsumma_kostnader: [1, 1, 1]\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].message,
            "`120,5` läses som två belopp: 120 och 5"
        );
        assert_eq!(
            problems[0].position,
            Some(Position {
                line: 6,
                column: 25
            })
        );
        assert!(problems[0].hints[0].starts_with("decimaltal skrivs med punkt i YAML: 120.5"));

        let (_, problems) = budget(
            "typ: budget\når: [2021]\ningående_eget_kapital: 10\nintäkter:\n  - { post: I, belopp: 5 }\nkostnder:\n  - { post: A, belopp: 1 }\nsumma_kostnader: 1\nutgående_eget_kapital: 14\n",
        );
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["okänd nyckel `kostnder` i budgeten"]);

        let (_, problems) = budget(
            "typ: budget\når: [2021]\nintäkter:\n  - { post: I, belopp: 5 }\nkostnader:\n  - { post: A, belopp: -1 }\nutgående_eget_kapital: 100\n",
        );
        let messages: Vec<(&str, bool)> = problems
            .iter()
            .map(|d| (d.message.as_str(), d.is_error()))
            .collect();
        assert_eq!(
            messages,
            [
                ("kostnaden `A` 2021 är negativ", false),
                (
                    "budgeten saknar `ingående_eget_kapital`: det räknas som 0",
                    false
                )
            ]
        );
    }

    #[test]
    fn a_list_written_as_text_gets_its_brackets() {
        let (_, problems) = budget(
            "typ: budget\når: [2021, 2022, 2023]\ningående_eget_kapital: 0\nkostnader:\n  - post: A\n    belopp: 250, 250, 250\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].hints,
            ["skriv listan inom hakparenteser: belopp: [250, 250, 250]"]
        );
    }

    #[test]
    fn detail_groups_roll_up_into_summary_rows() {
        let (summary, _) = budget(SEED_000);
        let (detail, p) = budget(
            "typ: budget\nenhet: tkr\når: [2020]\nkostnader:\n  - grupp: Strukturinsatser i detalj\n    summerar: struktur\n    rader:\n      - { post: X, belopp: 5000 }\n      - { post: Y, belopp: 500 }\n  - grupp: Z\n    summerar: strukture\n    rader: []\n",
        );
        assert!(p.is_empty(), "{p:?}");
        let mut problems = Vec::new();
        check_rollups(&[&summary.unwrap(), &detail.unwrap()], &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].message.contains("summerar till 5\u{a0}500\u{a0}tkr för 2020, men `struktur` i budget.yaml är 5\u{a0}592\u{a0}tkr"), "{}", problems[0].message);
        assert_eq!(problems[1].hints, vec!["menade du `struktur`?".to_string()]);
    }

    /// A budget whose every figure has a known line: the trail tests read it.
    const TRAIL: &str = "\
typ: budget
enhet: tkr
år: [2020, 2021]
ingående_eget_kapital: 100
intäkter:
  - { post: Medlemsintäkter, belopp: [1000, 900] }
  - { post: Övrigt, belopp: [50, ~] }
kostnader:
  - grupp: Struktur
    rader:
      - { post: A, belopp: [300, 300] }
      - { post: B, belopp: [200, 100] }
  - grupp: Förvaltning
    rader:
      - { post: C, belopp: [500, 500] }
";

    fn trail() -> Budget {
        let (b, problems) = budget(TRAIL);
        assert!(problems.is_empty(), "{problems:?}");
        b.unwrap()
    }

    fn group(line: &Line) -> &Group {
        match line {
            Line::Group(g) => g,
            Line::Row(r) => panic!("a post: {}", r.name),
        }
    }

    fn row(line: &Line) -> &Row {
        match line {
            Line::Row(r) => r,
            Line::Group(g) => panic!("a group: {}", g.name),
        }
    }

    fn written_at(figure: &Figure) -> (&str, usize) {
        match figure.origin.as_ref() {
            Origin::Written { file, line } => (file, *line),
            other => panic!("not written: {other:?}"),
        }
    }

    #[test]
    fn a_posts_amount_is_written_at_its_line() {
        let b = trail();
        let a = row(&group(&b.costs[0]).lines[0]);
        assert_eq!(
            a.amounts[0].as_ref().map(|f| f.value),
            Some(Decimal::from(300))
        );
        for amount in a.amounts.iter().flatten() {
            assert_eq!(written_at(amount), ("budget.yaml", 11));
        }
        // A blank cell is no figure.
        assert_eq!(row(&b.income[1]).amounts[1], None);
        // The opening equity too, at its key's line.
        assert_eq!(written_at(&b.opening_equity[0]), ("budget.yaml", 4));
    }

    #[test]
    fn a_group_sum_is_made_of_its_posts() {
        let b = trail();
        let structure = group(&b.costs[0]);
        let (a, bee) = (row(&structure.lines[0]), row(&structure.lines[1]));
        let sum = &structure.sum[0];
        assert_eq!(sum.value, Decimal::from(500));
        assert!(matches!(sum.origin.as_ref(), Origin::Sum(_)));
        let parts = sum.parts();
        assert_eq!(parts.len(), 2);
        assert!(parts[0].same(a.amounts[0].as_ref().unwrap()));
        assert!(parts[1].same(bee.amounts[0].as_ref().unwrap()));
        // Summa kostnader is made of the groups' sums; a group of one post sums to the post.
        let administration = group(&b.costs[1]);
        assert!(
            administration.sum[0].same(row(&administration.lines[0]).amounts[0].as_ref().unwrap())
        );
        let costs = b.cost_total[0].parts();
        assert!(costs[0].same(sum));
        assert!(costs[1].same(&administration.sum[0]));
        assert_eq!(b.cost_total[0].value, Decimal::from(1000));
        // A blank cell adds nothing: 2021's intäkter are Medlemsintäkter alone.
        assert!(b.income_total[1].same(row(&b.income[0]).amounts[1].as_ref().unwrap()));
    }

    #[test]
    fn results_funds_and_the_equity_chain_name_their_parts() {
        let b = trail();
        // Årets resultat: summa intäkter − summa kostnader.
        let Origin::Difference(income, costs) = b.result[0].origin.as_ref() else {
            panic!("{:?}", b.result[0].origin)
        };
        assert!(income.same(&b.income_total[0]) && costs.same(&b.cost_total[0]));
        assert_eq!(b.result[0].value, Decimal::from(50));
        // Summa medel: summa intäkter and ingående eget kapital.
        let funds = b.funds_total[0].parts();
        assert!(funds[0].same(&b.income_total[0]) && funds[1].same(&b.opening_equity[0]));
        assert_eq!(b.funds_total[0].value, Decimal::from(1150));
        // Utgående: ingående + årets resultat; next year's ingående is the same figure.
        let closing = b.closing_equity[0].parts();
        assert!(closing[0].same(&b.opening_equity[0]) && closing[1].same(&b.result[0]));
        assert_eq!(b.closing_equity[0].value, Decimal::from(150));
        assert!(b.opening_equity[1].same(&b.closing_equity[0]));
        // 2021: 900 − 900.
        assert_eq!(b.closing_equity[1].value, Decimal::from(150));
    }

    #[test]
    fn a_cost_groups_share_is_its_ratio_to_summa_kostnader() {
        let b = trail();
        let structure = group(&b.costs[0]);
        let share = b.shares(structure)[0].clone().unwrap();
        assert_eq!(share.value, Decimal::new(5, 1));
        let Origin::Ratio(part, whole) = share.origin.as_ref() else {
            panic!("{:?}", share.origin)
        };
        assert!(part.same(&structure.sum[0]) && whole.same(&b.cost_total[0]));
        // No costs, no share.
        let (none, _) =
            budget("typ: budget\når: [2021]\nkostnader:\n  - grupp: G\n    rader: []\n");
        let none = none.unwrap();
        assert_eq!(none.shares(group(&none.costs[0])), vec![None]);
    }
}
