//! The context stage: the checked, typed document becomes the values templates see. This is
//! the only place that makes template values: the narrative's tera template and every layout
//! (typst and HTML) read what is built here, and none of them digs kinds out of untyped maps.
//!
//! Every value is a typed view (`#[derive(Serialize)]`, one per model in `context/`), serialized
//! once into a tera value by [`value`], which also offers every key with å, ä or ö a second
//! time, folded to ASCII (`intäkter` and `intakter`), in one pass over the result.

mod budget;
mod cashflow;
mod contributions;
mod notes;
mod overview;
mod statement;
mod table;

pub use budget::column_sample;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use tera::value::Key;
use tera::{Context, Value};

use crate::document::{DataFile, Document, FrontMatter, Kind, Organisation};
use crate::model::budget::Budget;
use crate::model::statement::Kind as StatementKind;
use crate::money::{Date, Unit};
use crate::text::fold_ascii;
use crate::trail::Printed;
use crate::yaml::{Node, Value as Yaml};

/// The tera value of a view: serialized, then every map's keys with å, ä or ö offered a second
/// time folded to ASCII, after the keys as written (a folded key already written stays as
/// written).
pub fn value(view: &(impl Serialize + ?Sized)) -> Value {
    fold(Value::from_serializable(view))
}

/// Adds the folded duplicates of non-ASCII keys to every map in `value`.
fn fold(value: Value) -> Value {
    if let Some(items) = value.as_array() {
        return Value::from(items.iter().cloned().map(fold).collect::<Vec<_>>());
    }
    if !value.is_map() {
        return value;
    }
    with_folded_keys(
        value
            .into_map()
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, fold(v)))
            .collect(),
    )
}

/// A map of these entries (values already folded): the keys as written, then each key with å,
/// ä or ö folded to ASCII, unless that key is written too.
fn with_folded_keys(entries: Vec<(Key<'static>, Value)>) -> Value {
    let mut map = tera::Map::with_capacity(entries.len());
    for (k, v) in &entries {
        map.insert(k.clone(), v.clone());
    }
    for (k, v) in entries {
        if let Some(written) = k.as_str() {
            let folded = Key::from(fold_ascii(written));
            if folded.as_str() != Some(written) && !map.contains_key(&folded) {
                map.insert(folded, v);
            }
        }
    }
    Value::from(map)
}

/// A YAML value as written, for templates: null is none, a whole number an integer, any other
/// number its text as written (exact), maps in the order written.
pub struct Written<'a>(pub &'a Node);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Yaml::Null => serializer.serialize_none(),
            Yaml::Bool(b) => serializer.serialize_bool(*b),
            Yaml::Number(n) => match n.parse::<i64>() {
                Ok(i) => serializer.serialize_i64(i),
                Err(_) => serializer.serialize_str(n),
            },
            Yaml::String(s) => serializer.serialize_str(s),
            Yaml::Seq(items) => serializer.collect_seq(items.iter().map(Written)),
            Yaml::Map(entries) => {
                serializer.collect_map(entries.iter().map(|(k, v)| (&k.name, Written(v))))
            }
        }
    }
}

/// A map whose keys are data (column names, ids, the kassaflödesanalys's lines), in order.
#[derive(Debug, Clone)]
struct Entries<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Entries<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// An amount for templates: the exact decimal as text, with its unit,
/// `{ belopp: "82240", enhet: "tkr" }`, which the number filters understand.
#[derive(Debug, Clone, Serialize)]
struct Amount {
    belopp: String,
    enhet: &'static str,
    /// The figure it shows, for the revisor's trail of the figures the prose quotes
    /// ([`crate::trail::origin_key`]); only within one build.
    #[serde(skip_serializing_if = "Option::is_none")]
    figur: Option<String>,
}

impl Amount {
    fn new(value: Decimal, unit: Unit) -> Amount {
        Amount {
            belopp: value.normalize().to_string(),
            enhet: unit.label(),
            figur: None,
        }
    }

    /// A count (a note's number), printed as the number it is.
    fn count(n: usize) -> Amount {
        Amount {
            belopp: n.to_string(),
            enhet: Unit::Kr.label(),
            figur: None,
        }
    }

    /// A figure of the model, in `unit`.
    fn of(figure: &crate::model::figure::Figure, unit: Unit) -> Amount {
        Amount {
            figur: Some(crate::trail::origin_key(figure)),
            ..Amount::new(figure.value, unit)
        }
    }
}

/// A share or other exact decimal as text (`0.25`).
fn decimal_text(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Builds a tera context from named values (each made by [`value`]): a name with å, ä or ö is
/// there folded too.
pub fn context(values: &BTreeMap<String, Value>) -> Context {
    let mut context = Context::new();
    for (k, v) in values {
        context.insert_value(k.clone(), v.clone());
        let folded = fold_ascii(k);
        if folded != *k && !values.contains_key(&folded) {
            context.insert_value(folded, v.clone());
        }
    }
    context
}

/// `pdf_datum`: the date the PDF carries, `{ ar, manad, dag }`.
pub fn pdf_date(date: Date) -> Value {
    #[derive(Serialize)]
    struct PdfDate {
        ar: i64,
        manad: i64,
        dag: i64,
    }
    value(&PdfDate {
        ar: i64::from(date.year),
        manad: i64::from(date.month),
        dag: i64::from(date.day),
    })
}

/// One data value's view.
// A document has a handful of data values: boxing the large ones would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize)]
#[serde(untagged)]
enum View<'a> {
    Budget(budget::BudgetView),
    Statement(statement::StatementView),
    CashFlow(cashflow::CashFlowView),
    Table(table::TableView),
    Overview(overview::OverviewView),
    Other(Written<'a>),
}

impl View<'_> {
    /// The view of the data `name`, its printed tables those the trail made (`printed`); one
    /// the trail does not have by that name is made here.
    fn of<'d>(name: &str, data: &'d DataFile, printed: &[Printed]) -> View<'d> {
        let table = |part: &str| {
            let wanted = match part {
                "" => name.to_owned(),
                part => format!("{name}.{part}"),
            };
            printed.iter().find(|p| p.name == wanted).map(|p| &p.table)
        };
        match data {
            DataFile::Budget(b) => View::Budget(match (table("intakter"), table("kostnader")) {
                (Some(income), Some(costs)) => b.view(income, costs),
                _ => b.view(&b.income_table(), &b.cost_table()),
            }),
            DataFile::Statement(s) => View::Statement(match table("") {
                Some(t) => s.view(t),
                None => s.view(&s.printed_table()),
            }),
            DataFile::CashFlow(c) => View::CashFlow(match table("") {
                Some(t) => c.view(t),
                None => c.view(&c.printed_table()),
            }),
            DataFile::Table(t) => View::Table(t.view()),
            DataFile::Overview(o) => View::Overview(o.view()),
            DataFile::Other(node) => View::Other(Written(node)),
        }
    }
}

/// `standardtabeller`: the tables layouts place unless the narrative did.
#[derive(Serialize)]
struct StandardTables<'a> {
    /// The summary budget (the first budget that is not a detail budget).
    budget: Option<&'a str>,
    detaljbudgetar: Vec<&'a str>,
    /// The statements, the resultaträkning before the balansräkning.
    rapporter: Vec<&'a str>,
    kassaflodesanalys: Option<&'a str>,
    driftredovisning: Option<&'a str>,
}

/// The values templates see, by name: `dokument` (the front matter), `forbund`, every data value
/// by its name, and what layouts place: `budgetar`, `budgetkolumn`, `noter`, `data` and
/// `standardtabeller`. The printed tables are those of the trail (`printed`): each is made once.
pub fn values(document: &Document, printed: &[Printed]) -> BTreeMap<String, Value> {
    let mut views: Vec<(&str, View<'_>)> = document
        .data
        .iter()
        .map(|(name, data)| (name.as_str(), View::of(name, data, printed)))
        .collect();
    // The members' contributions, split by the law, beside each budget that has them.
    for (name, contributions) in &document.contributions {
        if let Some((_, View::Budget(budget))) = views.iter_mut().rev().find(|(n, _)| n == name) {
            let part = format!("{name}.medlemsbidrag");
            budget.contributions = Some(match printed.iter().find(|p| p.name == part) {
                Some(p) => contributions.view(&p.table),
                None => contributions.view(&contributions.table()),
            });
        }
    }
    // The data names in order of name, as templates list them.
    let mut names: Vec<(&str, &DataFile)> =
        document.data.iter().map(|(n, d)| (n.as_str(), d)).collect();
    names.sort_by_key(|(n, _)| *n);
    // An årsredovisning numbers its notes (a “Not” column and a Noter section), in print order.
    let notes = if document.front.kind == Kind::AnnualReport {
        let of = |wanted: &dyn Fn(&DataFile) -> bool| -> Vec<&str> {
            names
                .iter()
                .filter(|(n, d)| *n != "driftredovisning" && wanted(d))
                .map(|(n, _)| *n)
                .collect()
        };
        let mut order = of(&|d| is_statement(d, StatementKind::Income));
        order.extend(of(&|d| is_statement(d, StatementKind::Balance)));
        order.extend(of(&|d| matches!(d, DataFile::CashFlow(_))));
        order.push("driftredovisning");
        notes::number(&mut views, &order)
    } else {
        Vec::new()
    };
    let mut values: BTreeMap<String, Value> = views
        .iter()
        .map(|(name, view)| ((*name).to_owned(), value(view)))
        .collect();
    values.insert(
        "dokument".into(),
        value(&FrontMatterView::of(&document.front)),
    );
    values.insert(
        "forbund".into(),
        organisation(document.organisation.as_ref()),
    );
    // One column grid for every budget table of the document.
    let budgets: Vec<&Budget> = document.budgets().map(|(_, b)| b).collect();
    values.insert("budgetkolumn".into(), Value::from(column_sample(&budgets)));
    let by_name = |values: &BTreeMap<String, Value>, names: &mut dyn Iterator<Item = &str>| {
        with_folded_keys(
            names
                .filter_map(|n| values.get(n).map(|v| (Key::from(n.to_owned()), v.clone())))
                .collect(),
        )
    };
    let budgets = by_name(&values, &mut document.budgets().map(|(n, _)| n));
    values.insert("budgetar".into(), budgets);
    values.insert("noter".into(), value(&notes));
    // Every data value by name, for layouts that place them (`data[namn]`).
    let all = by_name(&values, &mut names.iter().map(|(n, _)| *n));
    values.insert("data".into(), all);
    // The statements, the resultaträkning before the balansräkning.
    let mut statements: Vec<(u8, &str)> = names
        .iter()
        .filter_map(|(n, d)| match d {
            DataFile::Statement(s) if s.kind == StatementKind::Income => Some((0, *n)),
            DataFile::Statement(_) => Some((1, *n)),
            _ => None,
        })
        .collect();
    statements.sort();
    let named = |name: &'static str| document.get(name).map(|_| name);
    let standard = StandardTables {
        // Layouts place the standard tables of the first budget (the summary, not a detail
        // budget).
        budget: document
            .budgets()
            .find(|(_, b)| !b.is_detail())
            .map(|(n, _)| n),
        detaljbudgetar: document
            .budgets()
            .filter(|(_, b)| b.is_detail())
            .map(|(n, _)| n)
            .collect(),
        rapporter: statements.into_iter().map(|(_, n)| n).collect(),
        kassaflodesanalys: named("kassaflodesanalys"),
        driftredovisning: named("driftredovisning"),
    };
    values.insert("standardtabeller".into(), value(&standard));
    values
}

fn is_statement(data: &DataFile, kind: StatementKind) -> bool {
    matches!(data, DataFile::Statement(s) if s.kind == kind)
}

/// `dokument`: the front matter with the texts layouts print (`datum_text`, `antagen`, the
/// signatures' line); every optional key is present, none when not written (only `år`, `månad`
/// and `dag` are there with `datum` alone).
#[derive(Serialize)]
struct FrontMatterView<'a> {
    undertitel: Option<&'a str>,
    dnr: Option<&'a str>,
    serie: Option<&'a str>,
    typ: &'static str,
    titel: &'a str,
    utkast: bool,
    #[serde(rename = "innehåll")]
    contents: bool,
    datum: Option<String>,
    datum_text: Option<String>,
    #[serde(rename = "år", skip_serializing_if = "Option::is_none")]
    year: Option<i64>,
    #[serde(rename = "månad", skip_serializing_if = "Option::is_none")]
    month: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dag: Option<i64>,
    redigerad: Option<String>,
    redigerad_text: Option<String>,
    antagen: Option<String>,
    #[serde(rename = "författare")]
    authors: &'a [String],
    nyckelord: &'a [String],
    brevhuvud: Option<LetterheadView<'a>>,
    underskrifter: Option<SignaturesView<'a>>,
}

/// `brevhuvud`: only the keys written.
#[derive(Serialize)]
struct LetterheadView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    handling: Option<&'a str>,
    #[serde(rename = "handläggare", skip_serializing_if = "Option::is_none")]
    officer: Option<&'a str>,
}

/// `underskrifter`: `ort`, `datum` and the line printed above the names.
#[derive(Serialize)]
struct SignaturesView<'a> {
    ort: Option<&'a str>,
    datum: Option<String>,
    rad: String,
}

impl FrontMatterView<'_> {
    fn of(front: &FrontMatter) -> FrontMatterView<'_> {
        FrontMatterView {
            undertitel: front.subtitle.as_deref(),
            dnr: front.dnr.as_deref(),
            serie: front.series.as_deref(),
            typ: front.kind.name(),
            titel: &front.title,
            utkast: front.draft,
            contents: front.contents,
            datum: front.date.map(Date::iso),
            datum_text: front.date.map(Date::swedish),
            year: front.date.map(|d| i64::from(d.year)),
            month: front.date.map(|d| i64::from(d.month)),
            dag: front.date.map(|d| i64::from(d.day)),
            redigerad: front.revised.map(Date::iso),
            redigerad_text: front.revised.map(Date::swedish),
            antagen: front.adoption.as_ref().map(|a| a.line()),
            authors: &front.authors,
            nyckelord: &front.keywords,
            brevhuvud: front.letterhead.as_ref().map(|l| LetterheadView {
                handling: l.document.as_deref(),
                officer: l.officer.as_deref(),
            }),
            underskrifter: front.signatures.as_ref().map(|s| SignaturesView {
                ort: s.place.as_deref(),
                datum: s.date.map(Date::iso),
                rad: s.line(),
            }),
        }
    }
}

/// `forbund`: forbund.yaml as written, lists always lists, the logo's path, and every key
/// layouts ask for present (`namn` empty, others none or an empty list) even without the file.
fn organisation(organisation: Option<&Organisation>) -> Value {
    let mut map = organisation
        .and_then(|o| Value::from_serializable(&Written(&o.written)).into_map())
        .unwrap_or_default();
    // Lists are also offered as lines, and a single address line as a list.
    for key in ["adress", "medlemmar"] {
        if let Some(v) = map.get_mut(&Key::Str(key))
            && v.is_string()
        {
            *v = Value::from(vec![v.clone()]);
        }
    }
    if let Some(p) = organisation.and_then(|o| o.logo.as_deref()) {
        map.insert(Key::Str("logotyp_sökväg"), Value::from(p));
    }
    let empty = || Value::from(Vec::<Value>::new());
    for (key, default) in [
        ("namn", Value::from("")),
        ("kortnamn", Value::none()),
        ("logotyp_sökväg", Value::none()),
        ("adress", empty()),
        ("styrelse", empty()),
    ] {
        map.entry(Key::Str(key)).or_insert(default);
    }
    // The board as read: every ledamot with namn, roll and utsedd_av (empty when not written),
    // and a board written wrong (already reported) as none, so that layouts stay silent.
    if let Some(o) = organisation {
        let board: Vec<BoardView> = o
            .board
            .iter()
            .map(|m| BoardView {
                namn: m.name.clone().unwrap_or_default(),
                roll: m.role.clone().unwrap_or_default(),
                utsedd_av: m.appointed_by.clone().unwrap_or_default(),
            })
            .collect();
        map.insert(Key::Str("styrelse"), Value::from_serializable(&board));
    }
    fold(Value::from(map))
}

/// A ledamot of the board for layouts (`forbund.styrelse`).
#[derive(Serialize)]
struct BoardView {
    namn: String,
    roll: String,
    utsedd_av: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Value {
        value(&Written(&crate::yaml::parse(text, "x.yaml", 0).unwrap()))
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_map()
            .unwrap()
            .keys()
            .filter_map(Key::as_str)
            .collect()
    }

    #[test]
    fn keys_with_swedish_letters_are_there_folded_too_after_the_keys_as_written() {
        let v = written("år: 1\nsäte: Sjöby\nar: 2\nrader: [{ nivå: 0 }]\n");
        // `ar` is written, so `år` gets no alias; `säte` does.
        assert_eq!(keys(&v), ["år", "säte", "ar", "rader", "sate"]);
        let map = v.as_map().unwrap();
        assert_eq!(map[&Key::Str("ar")].as_i64(), Some(2));
        assert_eq!(map[&Key::Str("sate")].as_str(), Some("Sjöby"));
        let row = &map[&Key::Str("rader")].as_array().unwrap()[0];
        assert_eq!(keys(row), ["nivå", "niva"]);
    }

    #[test]
    fn values_keep_their_kinds() {
        let v = written("helt: 61478\ndecimal: 1234.50\ntom: ~\nja: true\ntext: '12'\n");
        let map = v.as_map().unwrap();
        assert_eq!(map[&Key::Str("helt")].as_i64(), Some(61478));
        // A decimal stays the text written, exact.
        assert_eq!(map[&Key::Str("decimal")].as_str(), Some("1234.50"));
        assert!(map[&Key::Str("tom")].is_none());
        assert_eq!(map[&Key::Str("ja")].as_bool(), Some(true));
        assert_eq!(map[&Key::Str("text")].as_str(), Some("12"));
        let amount = value(&Amount::new(Decimal::new(8224050, 2), Unit::Tkr));
        assert_eq!(keys(&amount), ["belopp", "enhet"]);
        assert_eq!(
            amount.as_map().unwrap()[&Key::Str("belopp")].as_str(),
            Some("82240.5")
        );
    }

    #[test]
    fn forbund_has_every_key_layouts_ask_for() {
        assert_eq!(
            keys(&organisation(None)),
            [
                "namn",
                "kortnamn",
                "logotyp_sökväg",
                "adress",
                "styrelse",
                "logotyp_sokvag"
            ]
        );
        let written = crate::yaml::parse(
            "namn: Sjöbygden\nadress: Box 1\nstyrelse: [{ namn: Eva, roll: ordförande }]\n",
            "forbund.yaml",
            0,
        )
        .unwrap();
        let o = Organisation {
            name: None,
            members: Vec::new(),
            board: vec![crate::document::BoardMember {
                name: Some("Eva".into()),
                role: Some("ordförande".into()),
                appointed_by: None,
            }],
            logo: Some("/content/logo.png".into()),
            split: None,
            written,
        };
        let v = organisation(Some(&o));
        let map = v.as_map().unwrap();
        // A single address line is a list of one.
        let address = map[&Key::Str("adress")].as_array().unwrap();
        assert_eq!(address[0].as_str(), Some("Box 1"));
        let member = &map[&Key::Str("styrelse")].as_array().unwrap()[0];
        assert_eq!(keys(member), ["namn", "roll", "utsedd_av"]);
        assert_eq!(
            member.as_map().unwrap()[&Key::Str("roll")].as_str(),
            Some("ordförande")
        );
        assert_eq!(
            member.as_map().unwrap()[&Key::Str("utsedd_av")].as_str(),
            Some("")
        );
        assert_eq!(
            map[&Key::Str("logotyp_sokvag")].as_str(),
            Some("/content/logo.png")
        );
    }
}
