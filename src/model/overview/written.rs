//! `typ: nyckeltal`: the key figures of earlier years, written by hand (from earlier
//! årsredovisningar), year by year, and which accounts of the books are the members'
//! contributions:
//!
//! ```yaml
//! typ: nyckeltal
//! enhet: kr
//! konton: { medlemsbidrag: ["3010-3019"] }
//! år:
//!   2017: { intäkter: 4001200, kostnader: -3881200, årets_resultat: 120000,
//!           eget_kapital: 1120000, soliditet: 81,8 %, likvida_medel: 1200000,
//!           medlemsbidrag: 4000000 }
//! ```

use std::sync::Arc;

use rust_decimal::Decimal;

use super::{KEYS, Key};
use crate::diagnostics::{Diagnostic, Form, Kind, Position, Shape};
use crate::model::figure::Figure;
use crate::money::Unit;
use crate::yaml::{MapReader, Node, Value};

/// A figure as written: the value in kronor (a fraction for a share), and how it was written,
/// so that a figure from the books is compared at the precision the writer chose.
#[derive(Debug, Clone)]
pub(super) struct Written {
    /// The figure, in kronor or as a fraction.
    pub figure: Figure,
    /// Its place.
    pub position: Position,
    /// The unit it was written in; `None` for a percentage.
    pub unit: Option<Unit>,
    /// The decimals written (of the percentage, for a share).
    pub decimals: u32,
}

impl Written {
    /// Whether `exact` (kronor, or a fraction) is this figure at the precision written.
    pub(super) fn agrees(&self, exact: Decimal) -> bool {
        let scale = self
            .unit
            .map_or(Decimal::ONE_HUNDRED, |u| Decimal::ONE / u.kronor());
        let round = |v: Decimal| crate::money::round(v * scale, self.decimals);
        round(exact) == round(self.figure.value)
    }
}

/// One year of the file: its figures by key, each where it is written.
#[derive(Debug, Clone)]
pub(super) struct WrittenYear {
    /// The fiscal year (its last day's year) and its label (`2017`, `2016/17`).
    pub year: (i32, String),
    /// Where the year's key stands.
    pub position: Position,
    /// The figures, by [`Key`] (summa tillgångar last).
    pub figures: Vec<(Key, Written)>,
    /// `summa_tillgångar`, where written.
    pub assets: Option<Written>,
}

impl WrittenYear {
    /// The figure written for `key`.
    pub(super) fn get(&self, key: Key) -> Option<&Written> {
        self.figures.iter().find(|(k, _)| *k == key).map(|(_, w)| w)
    }
}

/// A `typ: nyckeltal` file, read.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyFigures {
    /// The file, relative to the project root.
    pub file: String,
    /// Its years, in the order written.
    pub years: Vec<WrittenYear>,
    /// `konton: { medlemsbidrag: [...] }`: the accounts of the members' contributions.
    pub contributions: Option<Vec<(u32, u32)>>,
}

/// The keys of a year, with the key of summa tillgångar (from which soliditet is computed).
const YEAR_KEYS: &[&str] = &[
    "intäkter",
    "kostnader",
    "årets_resultat",
    "eget_kapital",
    "soliditet",
    "likvida_medel",
    "medlemsbidrag",
    "summa_tillgångar",
];

/// Reads a `typ: nyckeltal` file; its problems go to `problems`.
pub(super) fn read(node: &Node, file: &str, problems: &mut Vec<Diagnostic>) -> KeyFigures {
    let mut out = KeyFigures {
        file: file.to_owned(),
        ..KeyFigures::default()
    };
    let Some(mut map) = MapReader::open(node, file, "nyckeltalsfilen", problems) else {
        return out;
    };
    map.get("typ");
    let unit = match map.get("enhet") {
        None => Unit::Kr,
        Some(n) => match n.as_text().and_then(Unit::parse) {
            Some(u) => u,
            None => {
                problems.push(
                    Diagnostic::error("`enhet` ska vara kr, tkr eller mnkr")
                        .in_file(file)
                        .at(n.position),
                );
                Unit::Kr
            }
        },
    };
    let shared: Arc<str> = Arc::from(file);
    if let Some(accounts) = map.get("konton") {
        out.contributions = contributions(accounts, file, problems);
    }
    if let Some(years) = map.get("år") {
        match &years.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    let Some(year) = year_key(&key.name) else {
                        problems.push(
                            Diagnostic::error_of(Kind::wrong_written(
                                Shape::No,
                                Form::Year,
                                Some("år"),
                                &key.name,
                            ))
                            .in_file(file)
                            .at(key.position)
                            .hint("skriv året som nyckel: `2017: { intäkter: …, … }`"),
                        );
                        continue;
                    };
                    if let Some(earlier) = out.years.iter().find(|y| y.year.0 == year.0) {
                        problems.push(
                            Diagnostic::error(format!(
                                "{} är samma räkenskapsår som {} på rad {}",
                                year.1, earlier.year.1, earlier.position.line
                            ))
                            .in_file(file)
                            .at(key.position),
                        );
                        continue;
                    }
                    out.years.push(read_year(
                        year,
                        key.position,
                        value,
                        (&shared, unit),
                        problems,
                    ));
                }
            }
            Value::Null => {}
            _ => problems.push(
                Diagnostic::error_of(Kind::wrong_form(Form::YearFigures, "år", years.kind()))
                    .in_file(file)
                    .at(years.position)
                    .hint("skriv `år: { 2017: { intäkter: …, kostnader: …, årets_resultat: … } }`"),
            ),
        }
    }
    problems.extend(map.finish(&["typ", "enhet", "konton", "år"], "nyckeltalsfilen"));
    out
}

/// `2017` as (2017, "2017"); a broken fiscal year `2016/17` as (2017, "2016/17").
pub(super) fn year_key(text: &str) -> Option<(i32, String)> {
    let text = text.trim();
    let whole = |t: &str| (t.len() == 4).then(|| t.parse::<i32>().ok()).flatten();
    match text.split_once('/') {
        None => whole(text).map(|y| (y, text.to_owned())),
        Some((a, b)) => {
            let first = whole(a)?;
            let last: i32 = b.parse().ok().filter(|_| b.len() == 2)?;
            let year = first + 1;
            (year % 100 == last).then(|| (year, text.to_owned()))
        }
    }
}

fn read_year(
    year: (i32, String),
    position: Position,
    node: &Node,
    (file, unit): (&Arc<str>, Unit),
    problems: &mut Vec<Diagnostic>,
) -> WrittenYear {
    let mut out = WrittenYear {
        year,
        position,
        figures: Vec::new(),
        assets: None,
    };
    let what = format!("nyckeltalen för {}", out.year.1);
    let Some(mut map) = MapReader::open(node, file, &what, problems) else {
        return out;
    };
    for key in YEAR_KEYS {
        let Some(value) = map.get(key) else { continue };
        let read = if *key == "soliditet" {
            share(value, file)
        } else {
            amount(value, file, unit)
        };
        match read {
            Ok(Some(written)) => match KEYS.iter().find(|k| k.key() == *key) {
                Some(k) => out.figures.push((*k, written)),
                None => out.assets = Some(written),
            },
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    problems.extend(map.finish(YEAR_KEYS, &format!("`{}`", out.year.1)));
    out
}

/// An amount in `unit`, kept in kronor.
fn amount(node: &Node, file: &Arc<str>, unit: Unit) -> Result<Option<Written>, Diagnostic> {
    let Some(value) = crate::model::amount(node, file)? else {
        return Ok(None);
    };
    Ok(Some(Written {
        figure: Figure::written(value * unit.kronor(), file, node.position.line),
        position: node.position,
        unit: Some(unit),
        decimals: value.scale(),
    }))
}

/// Soliditet: `81,8 %`, `"81.8 %"` or a fraction `0.818`.
fn share(node: &Node, file: &Arc<str>) -> Result<Option<Written>, Diagnostic> {
    let error = |d: Diagnostic| {
        d.in_file(file.as_ref())
            .at(node.position)
            .hint("skriv soliditeten i procent (`81,8 %`) eller som ett bråktal (`0.818`)")
    };
    let text = match &node.value {
        Value::Null => return Ok(None),
        Value::Number(t) | Value::String(t) => t.trim(),
        _ => {
            return Err(error(Diagnostic::error_of(Kind::WrongForm {
                what: Shape::Subject {
                    subject: "soliditeten".to_owned(),
                    found: Some(node.kind().to_owned()),
                },
                key: None,
                written: None,
                expected: Form::Number,
            })));
        }
    };
    let (number, percent) = match text.strip_suffix('%') {
        Some(p) => (p.trim(), true),
        None => (text, false),
    };
    let value = crate::money::parse_amount(number).map_err(|_| {
        error(Diagnostic::error_of(Kind::wrong_written(
            Shape::No,
            Form::Solidity,
            None,
            text,
        )))
    })?;
    if !percent && value.abs() > Decimal::ONE {
        return Err(error(Diagnostic::error(format!(
            "soliditeten `{text}` är mer än 100 %: menade du `{text} %`?"
        ))));
    }
    let (fraction, decimals) = if percent {
        (value / Decimal::ONE_HUNDRED, value.scale())
    } else {
        (value, value.scale().saturating_sub(2))
    };
    Ok(Some(Written {
        figure: Figure::written(fraction, file, node.position.line),
        position: node.position,
        unit: None,
        decimals,
    }))
}

/// `konton: { medlemsbidrag: ["3010-3019", 3020] }`.
fn contributions(
    node: &Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<(u32, u32)>> {
    let mut map = MapReader::open_with_hint(
        node,
        file,
        "`konton`",
        "skriv `konton: { medlemsbidrag: [\"3010-3019\"] }`",
        problems,
    )?;
    let list = map.get("medlemsbidrag");
    problems.extend(map.finish(&["medlemsbidrag"], "`konton`"));
    let list = list?;
    let items: Vec<&Node> = match &list.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![list],
    };
    let mut ranges = Vec::new();
    for item in items {
        let text = item.as_text().unwrap_or("").trim();
        let range = match text.split_once('-') {
            Some((a, b)) => a.trim().parse().ok().zip(b.trim().parse().ok()),
            None => text.parse().ok().map(|n| (n, n)),
        };
        match range {
            Some((a, b)) if a <= b => ranges.push((a, b)),
            _ => problems.push(
                Diagnostic::error_of(Kind::wrong_written(
                    Shape::No,
                    Form::AccountOrRange,
                    Some("medlemsbidrag"),
                    text,
                ))
                .in_file(file)
                .at(item.position)
                .hint("skriv t.ex. 3010 eller \"3010-3019\""),
            ),
        }
    }
    Some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (KeyFigures, Vec<Diagnostic>) {
        let node = crate::yaml::parse(text, "n.yaml", 0).unwrap();
        let mut problems = Vec::new();
        (read(&node, "n.yaml", &mut problems), problems)
    }

    #[test]
    fn years_are_read_in_kronor_with_their_places() {
        let (figures, problems) = read_text(
            "typ: nyckeltal\nenhet: tkr\nkonton: { medlemsbidrag: [\"3010-3019\", 3020] }\når:\n  2017:\n    intäkter: 4001.2\n    soliditet: 81,8 %\n    summa_tillgångar: 1370\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            figures.contributions,
            Some(vec![(3010, 3019), (3020, 3020)])
        );
        let year = &figures.years[0];
        assert_eq!(year.year, (2017, "2017".into()));
        let revenue = year.get(Key::Revenue).unwrap();
        assert_eq!(revenue.figure.value, Decimal::from(4_001_200));
        assert_eq!(revenue.position.line, 6);
        assert!(revenue.agrees(Decimal::new(400_115_000, 2)));
        assert!(!revenue.agrees(Decimal::from(4_001_300)));
        let solidity = year.get(Key::Solidity).unwrap();
        assert_eq!(solidity.figure.value, Decimal::new(818, 3));
        assert!(solidity.agrees(Decimal::new(81751, 5)));
        assert_eq!(
            year.assets.as_ref().unwrap().figure.value,
            Decimal::from(1_370_000)
        );
    }

    #[test]
    fn mistakes_are_located() {
        let (_, problems) = read_text(
            "typ: nyckeltal\når:\n  2017: { intäkter: tvåhundra, soliditet: 82 }\n  sjutton: {}\n  2016/17: {}\n  2018: { intakter: 1 }\n",
        );
        let said: Vec<String> = problems
            .iter()
            .map(|d| format!("{}: {}", d.location().unwrap_or_default(), d.message))
            .collect();
        assert_eq!(said.len(), 5, "{said:#?}");
        assert!(said[0].contains("n.yaml:3:") && said[0].contains("tvåhundra"));
        assert!(said[1].contains("82 %"));
        assert!(said[2].contains("`sjutton` är inget år"));
        assert!(said[3].contains("2016/17 är samma räkenskapsår som 2017 på rad 3"));
        assert!(said[4].contains("okänd nyckel `intakter`"));
    }

    #[test]
    fn broken_years_are_named_by_both() {
        assert_eq!(year_key("2016/17"), Some((2017, "2016/17".into())));
        assert_eq!(year_key("2016/18"), None);
        assert_eq!(year_key("16"), None);
    }
}
