//! The revisor's trail: every figure a document prints, with where it came from, made from the
//! model's printed tables ([`crate::model::printed`]) and their figures' origins
//! ([`crate::model::figure`]). One walk gives the figures JSON (`build/<doc>.json`, also the
//! archive PDF's `figurer.json`), the trail `arshjul underlag` prints and the web edition's
//! Underlag, so all three say the same thing.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::figure::{Figure, Origin};
use crate::model::printed;
use crate::money::{self, Unit};

/// A printed table of a document, with what the trail needs to name it.
pub struct Printed {
    /// The table's name in ids and the JSON: the data's name, and the part for a budget
    /// (`resultatrakning`, `budget.kostnader`).
    pub name: String,
    /// Its title as a reader knows it (`Resultaträkning`, `Budget: kostnader`), for the web
    /// edition's Underlag.
    pub title: String,
    /// The unit its amounts are in; `None` for a table of counts or shares.
    pub unit: Option<Unit>,
    /// The decimals its figures are printed with (0 for amounts; a chart's data keep their own).
    pub decimals: u32,
    /// The table.
    pub table: printed::Table,
}

/// Every figure of a document's printed tables, and the figures they are made of.
#[derive(Debug, Clone, Serialize)]
pub struct Trail {
    /// The figures, the printed ones first in the order printed, then the parts they are
    /// made of that are not printed themselves, then the figures the prose quotes.
    pub figurer: Vec<Item>,
    /// Each figure's index by its [`origin_key`].
    #[serde(skip)]
    by_origin: HashMap<String, usize>,
}

/// One figure of the trail.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Item {
    /// `<table>.<row>.<column>` (ASCII, unique in the document); a part that is not printed
    /// takes the id of the figure it is part of, and `.del1`, `.del2`, ….
    pub id: String,
    /// The table it is printed in; none for a part that is not printed.
    pub tabell: Option<String>,
    /// The row's name as printed.
    pub rad: Option<String>,
    /// The column's heading as printed.
    pub kolumn: Option<String>,
    /// The figure as printed (`−3 883 088`); none for a part that is not printed.
    pub text: Option<String>,
    /// The exact value, a decimal in kronor (a fraction for a share).
    #[serde(rename = "värde")]
    pub value: String,
    /// `kr`, `tkr` or `mnkr` as printed, `andel` for a share, `antal` for a count.
    pub enhet: &'static str,
    /// For a figure from the books or a data file: the records it counts, adding up to it.
    #[serde(rename = "källor")]
    pub sources: Vec<Source>,
    /// For a computed figure: the ids of the figures it is made of.
    pub delar: Vec<String>,
    /// How the parts make it: `summa` (their sum), `skillnad` (the first less the second),
    /// `motsatt` (the part with its sign turned), `andel` (the first's share of the second),
    /// `del` (a portion of the part, by `vikt`); none for a figure that is read.
    #[serde(rename = "räkning", skip_serializing_if = "Option::is_none")]
    pub how: Option<&'static str>,
    /// For a portion: the weight (a fraction) and how it was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vikt: Option<String>,
    /// For a portion: how the weight was chosen, in Swedish.
    #[serde(rename = "grund", skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Where it is printed: the table's index among the document's printed tables and the
    /// row's index in it (for the web edition's links); none for a part not printed.
    #[serde(skip)]
    pub place: Option<(usize, usize)>,
}

/// A record a figure counts.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    /// The file, relative to the project root.
    pub fil: String,
    /// The line.
    pub rad: usize,
    /// The record's tag in an SIE file (`#PSALDO`); none for a value in a data file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<&'static str>,
    /// The account, for a record of the books.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub konto: Option<String>,
    /// The account's name in the books.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namn: Option<String>,
    /// The amount counted, a decimal in kronor.
    pub belopp: String,
    /// Why it counts otherwise than written, where it does (a closing entry taken back).
    #[serde(rename = "anmärkning", skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A decimal of the trail (`värde`, `belopp`) as printed: whole kronor without decimals, öre
/// where there are any.
pub fn kronor(value: &str) -> String {
    match value.parse::<Decimal>() {
        Ok(d) => money::format_number(d, if d.fract().is_zero() { 0 } else { 2 }),
        Err(_) => value.to_owned(),
    }
}

/// The unit's label as the trail gives it, and its size in kronor.
fn unit_of(unit: Option<Unit>) -> (&'static str, Decimal) {
    match unit {
        Some(u) => (u.label(), u.kronor()),
        None => ("antal", Decimal::ONE),
    }
}

/// The printed tables of a document's data, named for the trail.
pub fn tables(document: &crate::document::Document) -> Vec<Printed> {
    use crate::document::DataFile;
    let mut out = Vec::new();
    for (name, data) in &document.data {
        let mut add = |part: &str,
                       title: String,
                       unit: Option<Unit>,
                       decimals: u32,
                       table: printed::Table| {
            let name = match part {
                "" => name.clone(),
                part => format!("{name}.{part}"),
            };
            out.push(Printed {
                name,
                title,
                unit,
                decimals,
                table,
            });
        };
        match data {
            DataFile::Budget(b) => {
                let title = b.title.as_deref().unwrap_or("Budget");
                let part = |p: &str| format!("{title}: {p}");
                add(
                    "intakter",
                    part("intäkter"),
                    Some(b.unit),
                    0,
                    b.income_table(),
                );
                add(
                    "kostnader",
                    part("kostnader"),
                    Some(b.unit),
                    0,
                    b.cost_table(),
                );
                if let Some((_, c)) = document.contributions.iter().find(|(n, _)| n == name) {
                    add(
                        "medlemsbidrag",
                        part("medlemsbidrag"),
                        Some(Unit::Kr),
                        0,
                        c.table(),
                    );
                }
            }
            DataFile::Table(t) => add("", t.title.clone(), None, t.decimals(), chart_table(t)),
            DataFile::Overview(o) => add(
                "",
                "Flerårsöversikt".into(),
                Some(Unit::Kr),
                0,
                o.table.clone(),
            ),
            DataFile::Statement(s) => {
                use crate::model::statement::{Form, Kind};
                let title = match (s.kind, s.form) {
                    (Kind::Income, _) => "Resultaträkning",
                    (Kind::Balance, Form::Sheet) => "Balansräkning",
                    (Kind::Balance, Form::Report) => "Balansrapport",
                };
                add("", title.into(), Some(s.unit), 0, s.printed_table());
            }
            DataFile::CashFlow(c) => add(
                "",
                "Kassaflödesanalys".into(),
                Some(c.unit),
                0,
                c.printed_table(),
            ),
            DataFile::Other(_) => {}
        }
    }
    out
}

/// A chart's data as the table printed beside it: a row per category, a column per series.
fn chart_table(table: &crate::model::table::Table) -> printed::Table {
    printed::Table {
        columns: table
            .series
            .iter()
            .map(|s| printed::Column {
                key: s.name.clone(),
                heading: s.name.clone(),
            })
            .collect(),
        rows: table
            .categories
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let cells = table
                    .series
                    .iter()
                    .map(|s| s.values.get(i).cloned().flatten())
                    .collect();
                printed::Row::new(printed::RowKind::Post, category.clone(), 0, cells)
            })
            .collect(),
    }
}

/// The trail of a document: every figure its tables print.
pub fn of(document: &crate::document::Document) -> Trail {
    trail(&tables(document))
}

/// Builds the trail of `tables`.
pub fn trail(tables: &[Printed]) -> Trail {
    let mut builder = Builder::default();
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut pending: std::collections::VecDeque<(usize, Figure, Option<Unit>)> =
        std::collections::VecDeque::new();
    for (t, printed) in tables.iter().enumerate() {
        let cells = printed.table.rows.iter().enumerate().flat_map(|(r, row)| {
            row.cells
                .iter()
                .zip(&printed.table.columns)
                .filter_map(move |(cell, column)| cell.as_ref().map(|f| (r, row, column, f)))
        });
        for (r, row, column, figure) in cells {
            let base = format!(
                "{}.{}.{}",
                table_id(&printed.name),
                id_part(&row.name),
                id_part(&column.key)
            );
            let n = taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}.{n}") };
            let share = row.kind == printed::RowKind::Percent || is_share(figure);
            // As the layouts print it: a share in per cent, a check (Beräknat resultat) to the
            // öre, so that a residual shows, everything else with the table's decimals.
            let text = if share {
                money::format_percent(figure.value, 1)
            } else if row.kind == printed::RowKind::Check {
                money::format_number(figure.value, 2)
            } else {
                money::format_number(figure.value, printed.decimals)
            };
            let index = builder.push(Item {
                id,
                tabell: Some(printed.name.clone()),
                rad: Some(row.name.clone()),
                kolumn: Some(column.heading.clone()),
                text: Some(text),
                place: Some((t, r)),
                ..builder.item_of(figure, printed.unit, share)
            });
            builder.known.entry(key(figure)).or_insert(index);
            builder
                .by_fingerprint
                .entry(origin_key(figure))
                .or_insert(index);
            pending.push_back((index, figure.clone(), printed.unit));
        }
        for (r, row) in printed.table.rows.iter().enumerate() {
            if let Some(share) = &row.share {
                let id = format!("{}.{}.andel", table_id(&printed.name), id_part(&row.name));
                let index = builder.push(Item {
                    id,
                    tabell: Some(printed.name.clone()),
                    rad: Some(row.name.clone()),
                    kolumn: Some("Andel".into()),
                    text: Some(money::format_percent(share.value, 1)),
                    place: Some((t, r)),
                    ..builder.item_of(share, printed.unit, true)
                });
                builder.known.entry(key(share)).or_insert(index);
                pending.push_back((index, share.clone(), printed.unit));
            }
        }
    }
    // The parts, once each: a part printed elsewhere is named by its id there.
    while let Some((index, figure, unit)) = pending.pop_front() {
        let parts = figure.parts();
        let mut ids = Vec::with_capacity(parts.len());
        for (i, part) in parts.into_iter().enumerate() {
            // A part is in the unit of the table it serves (a share's parts are its amounts).
            let part_unit = unit;
            let id = match builder.known.get(&key(part)) {
                Some(&known) => builder.items[known].id.clone(),
                None => {
                    let id = format!("{}.del{}", builder.items[index].id, i + 1);
                    let part_is_share = is_share(part);
                    let item = Item {
                        id: id.clone(),
                        ..builder.item_of(part, part_unit, part_is_share)
                    };
                    let at = builder.push(item);
                    builder.known.insert(key(part), at);
                    pending.push_back((at, part.clone(), part_unit));
                    id
                }
            };
            ids.push(id);
        }
        builder.items[index].delar = ids;
    }
    let by_origin = builder.by_fingerprint;
    Trail {
        figurer: builder.items,
        by_origin,
    }
}

/// A figure's identity: the same origin is the same figure wherever it is printed.
fn key(figure: &Figure) -> (*const Origin, Decimal) {
    (Arc::as_ptr(&figure.origin), figure.value)
}

/// A figure's identity as text, for the template values that show it, so that the figures
/// the prose quotes can be found in the trail ([`Trail::quoted`]): its fingerprint, the same
/// for the same figure however often it is computed.
pub fn origin_key(figure: &Figure) -> String {
    format!("{:016x}", figure.fingerprint())
}

/// Whether a figure is a share (a fraction, printed as a percentage).
fn is_share(figure: &Figure) -> bool {
    matches!(figure.origin.as_ref(), Origin::Ratio(..))
}

/// A table's part of an id: its name's parts (`budget.kostnader`) each as [`id_part`].
fn table_id(name: &str) -> String {
    name.split('.').map(id_part).collect::<Vec<_>>().join(".")
}

/// A row's or column's part of an id: ASCII, lower case, `_` between words.
fn id_part(text: &str) -> String {
    let slug = crate::text::slug(text).replace('-', "_");
    if slug.is_empty() { "_".into() } else { slug }
}

#[derive(Default)]
struct Builder {
    items: Vec<Item>,
    known: HashMap<(*const Origin, Decimal), usize>,
    /// The printed figures by [`origin_key`], the first printed of the same.
    by_fingerprint: HashMap<String, usize>,
}

impl Builder {
    fn push(&mut self, item: Item) -> usize {
        self.items.push(item);
        self.items.len() - 1
    }

    /// The item of `figure` without its place and parts (those are filled in by the caller).
    fn item_of(&self, figure: &Figure, unit: Option<Unit>, share: bool) -> Item {
        let (label, kronor) = if share {
            ("andel", Decimal::ONE)
        } else {
            unit_of(unit)
        };
        let in_kronor = |v: Decimal| (v * kronor).normalize().to_string();
        let (sources, how, vikt, basis) = match figure.origin.as_ref() {
            Origin::Written { file, line } => (
                vec![Source {
                    fil: file.to_string(),
                    rad: *line,
                    post: None,
                    konto: None,
                    namn: None,
                    belopp: in_kronor(figure.value),
                    note: None,
                }],
                None,
                None,
                None,
            ),
            Origin::Books(entries) => (
                entries
                    .iter()
                    .map(|e| Source {
                        fil: e.file.to_string(),
                        rad: e.line,
                        post: Some(e.tag),
                        konto: Some(e.account.clone()),
                        namn: e.name.as_deref().map(str::to_owned),
                        belopp: e.amount.normalize().to_string(),
                        note: e.note.map(str::to_owned),
                    })
                    .collect(),
                None,
                None,
                None,
            ),
            Origin::Sum(_) => (Vec::new(), Some("summa"), None, None),
            Origin::Difference(..) => (Vec::new(), Some("skillnad"), None, None),
            Origin::Negated(_) => (Vec::new(), Some("motsatt"), None, None),
            Origin::Ratio(..) => (Vec::new(), Some("andel"), None, None),
            Origin::Portion { weight, how, .. } => (
                Vec::new(),
                Some("del"),
                Some(weight.normalize().to_string()),
                Some(how.clone()),
            ),
            Origin::Nothing => (Vec::new(), None, None, None),
        };
        Item {
            id: String::new(),
            tabell: None,
            rad: None,
            kolumn: None,
            text: None,
            value: in_kronor(figure.value),
            enhet: label,
            sources,
            delar: Vec::new(),
            how,
            vikt,
            basis,
            place: None,
        }
    }
}

impl Trail {
    /// Adds the figures the prose quotes, in the order quoted: each `(origin key, text as
    /// printed, unit printed)` whose figure the trail holds becomes `text.<n>`, the same figure
    /// as that one (`räkning: samma`).
    pub fn quoted(&mut self, quoted: &[(String, String, Option<&'static str>)]) {
        for (n, (origin, text, unit)) in quoted.iter().enumerate() {
            let Some(&at) = self.by_origin.get(origin) else {
                continue;
            };
            let figure = &self.figurer[at];
            let item = Item {
                id: format!("text.{}", n + 1),
                tabell: Some("text".into()),
                rad: None,
                kolumn: None,
                text: Some(text.clone()),
                value: figure.value.clone(),
                enhet: unit.unwrap_or(figure.enhet),
                sources: Vec::new(),
                delar: vec![figure.id.clone()],
                how: Some("samma"),
                vikt: None,
                basis: None,
                place: None,
            };
            self.figurer.push(item);
        }
    }

    /// The figures JSON, pretty-printed, ending with a newline.
    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }

    /// The item with this id.
    pub fn get(&self, id: &str) -> Option<&Item> {
        self.figurer.iter().find(|i| i.id == id)
    }

    /// The printed figures of rows named `row` (case and å, ä, ö aside).
    pub fn rows(&self, row: &str) -> Vec<&Item> {
        let wanted = crate::text::slug(row);
        self.figurer
            .iter()
            .filter(|i| {
                i.rad
                    .as_deref()
                    .is_some_and(|r| crate::text::slug(r) == wanted)
            })
            .filter(|i| i.tabell.is_some())
            .collect()
    }

    /// Every printed row name, once each, for “menade du”.
    pub fn row_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for item in &self.figurer {
            if let (Some(_), Some(r)) = (&item.tabell, &item.rad)
                && !names.contains(r)
            {
                names.push(r.clone());
            }
        }
        names
    }

    /// The trail of a figure as text, for a terminal: the records it counts with their file
    /// and line, or the figures it is made of, down to the records, and the sum each time.
    pub fn explain(&self, item: &Item) -> String {
        let mut out = String::new();
        self.explain_into(item, 0, &mut out);
        out
    }

    fn explain_into(&self, item: &Item, depth: usize, out: &mut String) {
        use std::fmt::Write as _;
        let indent = "  ".repeat(depth);
        let shown = kronor;
        let what = match (&item.tabell, &item.rad, &item.kolumn) {
            (Some(t), Some(r), Some(k)) => format!("{r}, {k} ({t})"),
            _ => "delsumma".into(),
        };
        // A part that is not printed is said in kronor, as the JSON gives it.
        let printed = match (&item.text, item.enhet) {
            (Some(text), unit) => format!("{text} {unit}"),
            (None, "andel" | "antal") => shown(&item.value),
            (None, _) => format!("{} kr", shown(&item.value)),
        };
        let _ = writeln!(out, "{indent}{what}: {printed}");
        let inner = "  ".repeat(depth + 1);
        for s in &item.sources {
            let account = match (&s.konto, &s.namn) {
                (Some(k), Some(n)) => format!("{k} {n}"),
                (Some(k), None) => k.clone(),
                _ => "belopp".into(),
            };
            let note = s
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let tag = s.post.map(|p| format!(" {p}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "{inner}{account}: {} kr{note}  [{}:{}{tag}]",
                shown(&s.belopp),
                s.fil,
                s.rad
            );
        }
        if item.sources.len() > 1 {
            let _ = writeln!(out, "{inner}summa: {} kr", shown(&item.value));
        }
        if depth >= 6 {
            return;
        }
        let how = match item.how {
            Some("summa") => "summan av",
            Some("skillnad") => "skillnaden mellan",
            Some("motsatt") => "med omvänt tecken:",
            Some("andel") => "andelen av",
            Some("del") => "en del av",
            _ => "",
        };
        if !item.delar.is_empty() {
            let basis = item
                .basis
                .as_deref()
                .map(|b| format!(" ({b})"))
                .unwrap_or_default();
            let _ = writeln!(out, "{inner}{how}{basis}");
            for id in &item.delar {
                if let Some(part) = self.get(id) {
                    self.explain_into(part, depth + 1, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figure::Entry;
    use crate::model::printed::{Column, Row, RowKind, Table};

    fn entry(line: usize, account: &str, amount: i64) -> Entry {
        Entry {
            file: Arc::from("content/a/bokforing.se"),
            line,
            tag: "#PSALDO",
            account: account.into(),
            name: Some(Arc::from("Lokalhyra")),
            amount: Decimal::from(amount),
            note: None,
        }
    }

    fn table() -> Table {
        let rent = Figure::books(vec![entry(12, "5010", -100), entry(13, "5010", -20)]);
        let wages = Figure::books(vec![entry(14, "7010", -300)]);
        let budget_rent = Figure::written(Decimal::from(-110), &Arc::from("content/a/b.yaml"), 4);
        let sum = Figure::sum([&rent, &wages]);
        Table {
            columns: vec![
                Column {
                    key: "budget".into(),
                    heading: "Budget".into(),
                },
                Column {
                    key: "utfall".into(),
                    heading: "Utfall".into(),
                },
                Column {
                    key: "avvikelse".into(),
                    heading: "Avvikelse".into(),
                },
            ],
            rows: vec![
                Row::heading(RowKind::Heading, "Kostnader", 0),
                Row::new(
                    RowKind::Post,
                    "Lokaler",
                    1,
                    vec![
                        Some(budget_rent.clone()),
                        Some(rent.clone()),
                        Some(rent.minus(&budget_rent)),
                    ],
                ),
                Row::new(RowKind::Post, "Löner", 1, vec![None, Some(wages), None]),
                Row::new(
                    RowKind::Sum,
                    "S:a Kostnader",
                    0,
                    vec![None, Some(sum), None],
                ),
            ],
        }
    }

    #[test]
    fn every_printed_figure_has_its_place_sources_or_parts() {
        let table = table();
        let trail = trail(&[Printed {
            name: "resultatrakning".into(),
            title: "Resultaträkning".into(),
            unit: Some(Unit::Kr),
            decimals: 0,
            table,
        }]);
        let rent = trail.get("resultatrakning.lokaler.utfall").unwrap();
        assert_eq!(rent.text.as_deref(), Some("−120"));
        assert_eq!(rent.value, "-120");
        let total: Decimal = rent
            .sources
            .iter()
            .map(|s| s.belopp.parse::<Decimal>().unwrap())
            .sum();
        assert_eq!(total, Decimal::from(-120));
        assert_eq!(rent.sources[0].konto.as_deref(), Some("5010"));
        let sum = trail.get("resultatrakning.s_a_kostnader.utfall").unwrap();
        assert_eq!(sum.how, Some("summa"));
        assert_eq!(
            sum.delar,
            [
                "resultatrakning.lokaler.utfall",
                "resultatrakning.loner.utfall"
            ]
        );
        let variance = trail.get("resultatrakning.lokaler.avvikelse").unwrap();
        assert_eq!(variance.how, Some("skillnad"));
        assert_eq!(
            variance.delar,
            [
                "resultatrakning.lokaler.utfall",
                "resultatrakning.lokaler.budget"
            ]
        );
        assert_eq!(trail.rows("lokaler").len(), 3);
        let text = trail.explain(sum);
        assert!(
            text.contains("5010 Lokalhyra: −100 kr  [content/a/bokforing.se:12 #PSALDO]"),
            "{text}"
        );
        let json = trail.json();
        assert!(json.contains("\"värde\": \"-420\""), "{json}");
    }

    #[test]
    fn a_part_not_printed_gets_an_id_of_its_own() {
        let a = Figure::written(Decimal::from(5), &Arc::from("f.yaml"), 1);
        let shown = a.negated();
        let table = Table {
            columns: vec![Column {
                key: "2021".into(),
                heading: "2021 tkr".into(),
            }],
            rows: vec![Row::new(
                RowKind::Post,
                "Summa kostnader",
                0,
                vec![Some(shown)],
            )],
        };
        let trail = trail(&[Printed {
            name: "budget.kostnader".into(),
            title: "Budget: kostnader".into(),
            unit: Some(Unit::Tkr),
            decimals: 0,
            table,
        }]);
        let item = trail.get("budget.kostnader.summa_kostnader.2021").unwrap();
        assert_eq!(item.value, "-5000");
        assert_eq!(item.how, Some("motsatt"));
        let part = trail.get(&item.delar[0]).unwrap();
        assert_eq!(part.sources[0].belopp, "5000");
        assert_eq!(part.tabell, None);
    }
}
