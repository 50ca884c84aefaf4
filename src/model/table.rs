//! `typ: tabell`: statistics for tables and charts (Table), inline or from a CSV file.
//!
//! CSV files have a header row, are comma or semicolon separated, with Swedish decimal commas
//! accepted; UTF-8, or Windows-1252 as Swedish Excel saves them (with a note that UTF-8 is
//! preferred); the first column holds the categories and every other column a series.
//! Charts are drawn by the layouts as vector graphics; their data is also printed as a table,
//! and their alt text is made from the title and the data. Every value is a [`Figure`] written
//! at its line of the CSV or YAML file, and the value axis is computed here ([`Table::axis`]).

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::amount;
use super::figure::{Figure, Origin};
use crate::diagnostics::{Diagnostic, Kind, Missing, Named, Position, display_path};
use crate::money;

use crate::yaml::{MapReader, Node, Value};

/// The kinds of chart (`diagram:`).
pub const CHARTS: &[&str] = &["stapel", "liggande", "staplad", "ingen"];

/// A series: a name and one value per category.
#[derive(Debug, Clone)]
pub struct Series {
    /// The series' name (a column header).
    pub name: String,
    /// One value per category; `None` is a blank cell.
    pub values: Values,
}

/// A series' values, one per category (`None`: a blank cell), each a figure with its origin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(pub Vec<Option<Figure>>);

impl std::ops::Deref for Values {
    type Target = [Option<Figure>];

    fn deref(&self) -> &[Option<Figure>] {
        &self.0
    }
}

impl FromIterator<Option<Figure>> for Values {
    fn from_iter<I: IntoIterator<Item = Option<Figure>>>(values: I) -> Values {
        Values(values.into_iter().collect())
    }
}

/// Values computed elsewhere without their trail (the statement's monthly chart): figures
/// that name no origin ([`Origin::Nothing`]) until their maker gives them one.
impl FromIterator<Option<Decimal>> for Values {
    fn from_iter<I: IntoIterator<Item = Option<Decimal>>>(values: I) -> Values {
        values
            .into_iter()
            .map(|v| v.map(|v| Figure::new(v, Origin::Nothing)))
            .collect()
    }
}

impl From<Vec<Option<Decimal>>> for Values {
    fn from(values: Vec<Option<Decimal>>) -> Values {
        values.into_iter().collect()
    }
}

/// The value axis of a chart: from `bottom` (zero unless a value is negative) to `top`, with
/// its marks, zero among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The top.
    pub top: Decimal,
    /// The bottom, where a value is negative in a chart of vertical bars (none: zero).
    pub bottom: Option<Decimal>,
    /// The marks from the bottom up: four steps from zero, or round steps from below zero.
    pub marks: Vec<Decimal>,
}

/// A checked table of statistics.
#[derive(Debug, Clone)]
pub struct Table {
    /// `titel`
    pub title: String,
    /// `diagram`
    pub chart: String,
    /// The first column: the categories.
    pub categories: Vec<String>,
    /// The other columns.
    pub series: Vec<Series>,
    /// `enhet`: what the values count (`deltagare`, `%`), for the axis.
    pub unit: Option<String>,
    /// `alt`, or made from the data.
    pub alt: String,
}

/// Reads a `typ: tabell` file; `dir` is its folder (for `källa:`), `root` the project root.
pub fn read(node: &Node, file: &str, dir: &Path, root: &Path) -> (Option<Table>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some(mut map) = MapReader::open(node, file, "tabellen", &mut problems) else {
        return (None, problems);
    };
    map.get("typ");
    let title = map.text_or_report("titel").unwrap_or_default();
    let unit = map.text_or_report("enhet");
    let alt = map.text_or_report("alt");
    problems.append(&mut map.take_problems());
    let chart = match map.get("diagram") {
        None => "stapel".to_owned(),
        Some(n) => {
            let written = n.as_text().unwrap_or("").trim().to_owned();
            if CHARTS.contains(&written.as_str()) {
                written
            } else {
                problems.push(
                    Diagnostic::error_of(Kind::unknown_name(
                        Named::Chart,
                        &written,
                        CHARTS.iter().copied(),
                    ))
                    .in_file(file)
                    .at(n.position),
                );
                "stapel".to_owned()
            }
        }
    };
    let source = map.get("källa");
    let (categories, series) = if let Some(source) = source {
        match source.as_text() {
            Some(rel) => match crate::project::project_path(root, dir, rel) {
                Ok(path) => {
                    let full = root.join(path.trim_start_matches('/'));
                    let shown = display_path(Path::new(path.trim_start_matches('/')));
                    // Swedish Excel saves CSV as Windows-1252: read it, and say so.
                    match crate::project::read_text(&full, &shown, "CSV-filen", &mut problems) {
                        Ok(text) => csv(&text, &shown, &mut problems),
                        Err(d) => {
                            problems.push(d);
                            (Vec::new(), Vec::new())
                        }
                    }
                }
                Err(m) => {
                    problems.push(m.error().in_file(file).at(source.position));
                    (Vec::new(), Vec::new())
                }
            },
            None => {
                problems.push(
                    Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                        crate::diagnostics::Form::FilePath,
                        "källa",
                    ))
                    .in_file(file)
                    .at(source.position),
                );
                (Vec::new(), Vec::new())
            }
        }
    } else {
        inline(&mut map, file, &mut problems)
    };
    problems.extend(map.finish(
        &[
            "typ",
            "titel",
            "källa",
            "diagram",
            "kategorier",
            "serier",
            "enhet",
            "alt",
        ],
        "tabellen",
    ));
    if categories.is_empty() && !problems.iter().any(Diagnostic::is_error) {
        problems.push(
            Diagnostic::error("tabellen har inga kategorier")
                .in_file(file)
                .at(node.position)
                .hint("ange `källa: fil.csv` eller `kategorier:` och `serier:`"),
        );
    }
    // Stacked and horizontal bars have no side below zero: a negative value is drawn in
    // grouped vertical bars, which hang losses from a zero line.
    let mut chart = chart;
    if (chart == "staplad" || chart == "liggande")
        && series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .any(|v| v.value.is_sign_negative() && !v.value.is_zero())
    {
        let at = map_position(node, "diagram");
        problems.push(
            Diagnostic::warning(format!(
                "diagrammet `{chart}` kan inte visa negativa värden: det ritas som `stapel`"
            ))
            .in_file(file)
            .at(at)
            .hint("skriv `diagram: stapel` (staplar uppåt och nedåt från noll), eller `diagram: ingen` för bara tabellen"),
        );
        chart = "stapel".to_owned();
    }
    let alt = alt.unwrap_or_else(|| describe(&title, &categories, &series));
    (
        Some(Table {
            title,
            chart,
            categories,
            series,
            unit,
            alt,
        }),
        problems,
    )
}

/// Where `key` is written in the mapping `node` (the mapping itself where it is not).
fn map_position(node: &Node, key: &str) -> Position {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map_or(node.position, |(_, v)| v.position),
        _ => node.position,
    }
}

/// An alt text from the data: “Diagram: title. Kategori: series value, ...; ...”.
fn describe(title: &str, categories: &[String], series: &[Series]) -> String {
    let parts: Vec<String> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let values: Vec<String> = series
                .iter()
                .map(|s| {
                    let v = s
                        .values
                        .get(i)
                        .and_then(Option::as_ref)
                        .map_or("–".to_owned(), |v| {
                            money::format_number(v.value, v.value.scale().min(2))
                        });
                    if series.len() == 1 {
                        v
                    } else {
                        format!("{} {v}", s.name)
                    }
                })
                .collect();
            format!("{c}: {}", values.join(", "))
        })
        .collect();
    format!("Diagram: {title}. {}.", parts.join("; "))
}

fn inline(
    map: &mut MapReader<'_>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<Series>) {
    let source: Arc<str> = Arc::from(file);
    let categories: Vec<String> = match map.get("kategorier") {
        Some(Node {
            value: Value::Seq(items),
            ..
        }) => items
            .iter()
            .map(|i| i.as_text().unwrap_or("").to_owned())
            .collect(),
        Some(n) => {
            problems.push(
                Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                    crate::diagnostics::Form::List,
                    "kategorier",
                ))
                .in_file(file)
                .at(n.position),
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let mut series = Vec::new();
    if let Some(n) = map.get("serier") {
        let Value::Seq(items) = &n.value else {
            problems.push(
                Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                    crate::diagnostics::Form::Series,
                    "serier",
                ))
                .in_file(file)
                .at(n.position),
            );
            return (categories, series);
        };
        for item in items {
            let Some(mut s) = MapReader::open(item, file, "en serie", problems) else {
                continue;
            };
            let name = s.text("namn").ok().flatten().unwrap_or_default();
            let values: Values = match s.get("värden") {
                Some(
                    node @ Node {
                        value: Value::Seq(vs),
                        position,
                    },
                ) => {
                    if vs.len() != categories.len() {
                        let d = Diagnostic::error_of(crate::diagnostics::Kind::Count {
                            what: crate::diagnostics::Counted::SeriesValues { name: name.clone() },
                            found: vs.len(),
                            expected: categories.len(),
                        })
                        .in_file(file)
                        .at(*position);
                        problems.push(match crate::yaml::decimal_comma(node) {
                            Some((written, at)) => d.at(at).hint(format!(
                                "`{written}` läses som två tal: decimaltal skrivs med punkt i YAML: {}, eller som text: \"{written}\"",
                                written.replace(',', ".")
                            )),
                            None => d,
                        });
                    }
                    vs.iter()
                        .map(|v| match amount(v, file) {
                            Ok(a) => a.map(|a| Figure::written(a, &source, v.position.line)),
                            Err(d) => {
                                problems.push(d);
                                None
                            }
                        })
                        .collect()
                }
                Some(other) => {
                    problems.push(
                        Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                            crate::diagnostics::Form::Numbers,
                            "värden",
                        ))
                        .in_file(file)
                        .at(other.position),
                    );
                    Values::default()
                }
                None => {
                    problems.push(
                        Diagnostic::error_of(Kind::missing_key(
                            Missing::Series { name: name.clone() },
                            "värden",
                        ))
                        .in_file(file)
                        .at(item.position),
                    );
                    Values::default()
                }
            };
            problems.extend(s.finish(&["namn", "värden"], "en serie"));
            series.push(Series { name, values });
        }
    }
    (categories, series)
}

/// Splits one CSV line on `separator`, honouring double quotes (`""` inside quotes is a quote).
fn fields(line: &str, separator: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => out.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    out.push(field);
    out.into_iter().map(|f| f.trim().to_owned()).collect()
}

/// Reads CSV text: header row, then one category per row.
pub fn csv(text: &str, file: &str, problems: &mut Vec<Diagnostic>) -> (Vec<String>, Vec<Series>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        problems.push(Diagnostic::error("CSV-filen är tom").in_file(file));
        return (Vec::new(), Vec::new());
    };
    let separator = if header.contains(';') { ';' } else { ',' };
    let names = fields(header, separator);
    let mut series: Vec<Series> = names
        .iter()
        .skip(1)
        .map(|n| Series {
            name: n.clone(),
            values: Values::default(),
        })
        .collect();
    let source: Arc<str> = Arc::from(file);
    let mut categories = Vec::new();
    for (index, line) in lines {
        let cells = fields(line, separator);
        let position = Position {
            line: index + 1,
            column: 1,
        };
        if cells.len() != names.len() {
            problems.push(
                Diagnostic::error_of(crate::diagnostics::Kind::Count {
                    what: crate::diagnostics::Counted::CsvFields { separator },
                    found: cells.len(),
                    expected: names.len(),
                })
                .in_file(file)
                .at(position),
            );
            continue;
        }
        categories.push(cells[0].clone());
        for (s, cell) in series.iter_mut().zip(cells.iter().skip(1)) {
            if cell.is_empty() {
                s.values.0.push(None);
                continue;
            }
            match money::parse_amount(cell) {
                Ok(v) => s
                    .values
                    .0
                    .push(Some(Figure::written(v, &source, position.line))),
                Err(m) => {
                    problems.push(Diagnostic::error(m).in_file(file).at(position));
                    s.values.0.push(None);
                }
            }
        }
    }
    (categories, series)
}

impl Table {
    /// Every value of every series, blank cells left out.
    fn numbers(&self) -> impl Iterator<Item = Decimal> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().map(|f| f.value))
    }

    /// The value axis: from zero to a round top ([`Table::scale_max`]) in four steps, or, with
    /// a loss in a chart of vertical bars, from a round bottom below zero in round steps
    /// ([`Table::scale_below_zero`]).
    pub fn axis(&self) -> Axis {
        match self.scale_below_zero().filter(|_| self.chart == "stapel") {
            Some((bottom, top, step)) => {
                let count = ((top - bottom) / step)
                    .round()
                    .to_string()
                    .parse::<u32>()
                    .unwrap_or(4);
                Axis {
                    top,
                    bottom: Some(bottom),
                    marks: (0..=count.min(20))
                        .map(|i| bottom + step * Decimal::from(i))
                        .collect(),
                }
            }
            None => {
                let top = self.scale_max();
                Axis {
                    top,
                    bottom: None,
                    marks: (0..=4)
                        .map(|i| top * Decimal::from(i) / Decimal::from(4))
                        .collect(),
                }
            }
        }
    }

    /// The decimals the data is written with: the most any value has (at most 3), so that
    /// `5.2` stays `5,2` and `32.0` beside `31.5` stays `32,0`.
    pub fn decimals(&self) -> u32 {
        self.numbers().map(|v| v.scale()).max().unwrap_or(0).min(3)
    }

    /// A round top for the value axis: the largest bar (or stack), rounded up to 1, 2 or 5
    /// times a power of ten.
    pub fn scale_max(&self) -> Decimal {
        let n = self.categories.len();
        let largest = if self.chart == "staplad" {
            (0..n)
                .map(|i| {
                    self.series
                        .iter()
                        .map(|s| {
                            s.values
                                .get(i)
                                .and_then(Option::as_ref)
                                .map_or(Decimal::ZERO, |f| f.value)
                                .max(Decimal::ZERO)
                        })
                        .sum::<Decimal>()
                })
                .max()
                .unwrap_or_default()
        } else {
            self.numbers().max().unwrap_or_default()
        };
        let integral = self.numbers().all(|v| v.fract().is_zero());
        let top = nice_ceiling(largest);
        // Counts get whole-number ticks: the axis has four steps.
        if integral && !(top / Decimal::from(4)).fract().is_zero() {
            let step = (largest / Decimal::from(4)).ceil().max(Decimal::ONE);
            return step * Decimal::from(4);
        }
        top
    }
}

impl Table {
    /// The value axis of a chart with negative values (a loss in some month): (bottom, top,
    /// step), round numbers with zero among the marks. `None` when no value is negative (the
    /// axis then starts at zero and ends at [`Table::scale_max`]).
    pub fn scale_below_zero(&self) -> Option<(Decimal, Decimal, Decimal)> {
        let values = || self.numbers();
        let smallest = values().min()?;
        if !smallest.is_sign_negative() || smallest.is_zero() {
            return None;
        }
        let largest = values().max().unwrap_or_default().max(Decimal::ZERO);
        let step = nice_ceiling((largest - smallest) / Decimal::from(4));
        let top = (largest / step).ceil() * step;
        let bottom = (smallest / step).floor() * step;
        Some((bottom, top, step))
    }
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `value` (and at least 1).
fn nice_ceiling(value: Decimal) -> Decimal {
    if value <= Decimal::ONE {
        return Decimal::ONE;
    }
    let mut power = Decimal::ONE;
    while power * Decimal::TEN <= value {
        power *= Decimal::TEN;
    }
    for step in [
        Decimal::ONE,
        Decimal::TWO,
        Decimal::new(25, 1),
        Decimal::new(5, 0),
        Decimal::TEN,
    ] {
        if step * power >= value {
            return step * power;
        }
    }
    power * Decimal::TEN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_with_semicolons_and_decimal_commas() {
        let mut problems = Vec::new();
        let (categories, series) = csv(
            "Kommun;Kvinnor;Män\nMölndal;12;9,5\n\"Lerum; norra\";3;\n",
            "d.csv",
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(categories, ["Mölndal", "Lerum; norra"]);
        assert_eq!(series[1].name, "Män");
        assert_eq!(
            series[1].values[0].clone().unwrap().value.to_string(),
            "9.5"
        );
        assert_eq!(series[1].values[1], None);
    }

    #[test]
    fn reads_csv_with_commas_and_reports_bad_rows() {
        let mut problems = Vec::new();
        let (categories, series) = csv(
            "Kön,Antal\nKvinnor,40\nMän,tre\nAndra,1,2\n",
            "d.csv",
            &mut problems,
        );
        assert_eq!(categories, ["Kvinnor", "Män"]);
        assert_eq!(series[0].values[0].clone().unwrap(), Decimal::from(40));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].position.map(|p| p.line), Some(3));
        assert!(
            problems[1].message.contains("3 fält"),
            "{}",
            problems[1].message
        );
    }

    #[test]
    fn a_loss_puts_the_axis_below_zero_in_round_steps() {
        let table = |values: &[i64]| Table {
            title: String::new(),
            chart: "stapel".into(),
            categories: values.iter().map(|v| v.to_string()).collect(),
            series: vec![Series {
                name: "n".into(),
                values: values.iter().map(|v| Some(Decimal::from(*v))).collect(),
            }],
            unit: None,
            alt: String::new(),
        };
        let d = Decimal::from;
        // From −180 500 to 210 000: steps of 100 000, zero among the marks.
        assert_eq!(
            table(&[-180_500, -90_000, 210_000, 60_000]).scale_below_zero(),
            Some((d(-200_000), d(300_000), d(100_000)))
        );
        // Only losses: the top is zero.
        assert_eq!(
            table(&[-30, -70]).scale_below_zero(),
            Some((d(-80), d(0), d(20)))
        );
        assert_eq!(table(&[0, 5]).scale_below_zero(), None);
    }

    #[test]
    fn counts_get_whole_ticks() {
        let table = Table {
            title: String::new(),
            chart: "stapel".into(),
            categories: vec!["a".into()],
            series: vec![Series {
                name: "n".into(),
                values: vec![Some(Decimal::from(4))].into(),
            }],
            unit: None,
            alt: String::new(),
        };
        assert_eq!(table.scale_max(), Decimal::from(4));
    }

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(Decimal::from(37)), Decimal::from(50));
        assert_eq!(nice_ceiling(Decimal::from(120)), Decimal::from(200));
        assert_eq!(nice_ceiling(Decimal::from(20)), Decimal::from(20));
        assert_eq!(nice_ceiling(Decimal::from(2400)), Decimal::from(2500));
        assert_eq!(nice_ceiling(Decimal::ZERO), Decimal::ONE);
    }

    #[test]
    fn alt_text_from_the_data() {
        let series = vec![
            Series {
                name: "Kvinnor".into(),
                values: vec![Some(Decimal::from(12)), None].into(),
            },
            Series {
                name: "Män".into(),
                values: vec![Some(Decimal::from(9)), Some(Decimal::from(1))].into(),
            },
        ];
        let alt = describe("Inflöde", &["Mölndal".into(), "Lerum".into()], &series);
        assert_eq!(
            alt,
            "Diagram: Inflöde. Mölndal: Kvinnor 12, Män 9; Lerum: Kvinnor –, Män 1."
        );
    }

    fn written_at(value: &Option<Figure>) -> (String, usize) {
        match value.as_ref().map(|f| f.origin.as_ref()) {
            Some(Origin::Written { file, line }) => (file.to_string(), *line),
            other => panic!("not written: {other:?}"),
        }
    }

    #[test]
    fn every_value_is_written_at_its_line() {
        // CSV: the line in the file, blank lines counted.
        let text = "Kommun;Antal\n\nMölndal;12\nLerum;\nAlingsås;7,5\n";
        let mut problems = Vec::new();
        let values = csv(text, "content/d.csv", &mut problems).1.remove(0).values;
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(written_at(&values[0]), ("content/d.csv".into(), 3));
        assert_eq!(values[1], None);
        assert_eq!(written_at(&values[2]), ("content/d.csv".into(), 5));
        assert_eq!(values[2].clone().unwrap(), Decimal::new(75, 1));
        // YAML: the line of each value.
        let node = crate::yaml::parse(
            "typ: tabell\ntitel: T\nkategorier: [a, b]\nserier:\n  - namn: n\n    värden:\n      - 4\n      - 5.5\n",
            "content/t.yaml",
            0,
        )
        .unwrap();
        let (table, problems) = read(
            &node,
            "content/t.yaml",
            Path::new("content"),
            Path::new("."),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let values = &table.unwrap().series[0].values;
        assert_eq!(written_at(&values[0]), ("content/t.yaml".into(), 7));
        assert_eq!(written_at(&values[1]), ("content/t.yaml".into(), 8));
    }

    #[test]
    fn the_axis_runs_from_zero_or_from_a_round_bottom() {
        // Read as written: one series, a category per value.
        let table = |chart: &str, values: &[i64]| {
            let values: Vec<String> = values.iter().map(i64::to_string).collect();
            let text = format!(
                "typ: tabell\ntitel: T\ndiagram: {chart}\nkategorier: [{}]\nserier:\n  - {{ namn: n, värden: [{}] }}\n",
                values.join(", "),
                values.join(", ")
            );
            let node = crate::yaml::parse(&text, "t.yaml", 0).unwrap();
            read(&node, "t.yaml", Path::new("."), Path::new("."))
                .0
                .unwrap()
        };
        let d = |v: i64| Decimal::from(v);
        // 37 rounds up to 40 (whole counts in four steps of 10).
        assert_eq!(
            table("stapel", &[37, 12]).axis(),
            Axis {
                top: d(40),
                bottom: None,
                marks: vec![d(0), d(10), d(20), d(30), d(40)],
            }
        );
        // A loss: from −200 000 to 300 000 in steps of 100 000, zero among the marks.
        let axis = table("stapel", &[-180_500, 210_000]).axis();
        assert_eq!(axis.bottom, Some(d(-200_000)));
        assert_eq!(axis.top, d(300_000));
        assert_eq!(
            axis.marks,
            [-200_000, -100_000, 0, 100_000, 200_000, 300_000].map(d)
        );
        // Horizontal bars with a loss are drawn as vertical ones, hanging below zero; a table
        // without a chart keeps its axis from zero.
        assert_eq!(table("liggande", &[-5, 8]).axis().bottom, Some(d(-5)));
        assert_eq!(table("ingen", &[-5, 8]).axis().bottom, None);
    }
}
