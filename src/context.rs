//! The context stage: the checked, typed document becomes the values templates see. This is
//! the only place that makes template values: the narrative's tera template and every layout
//! (typst and HTML) read what is built here, and none of them digs kinds out of untyped maps.
//!
//! Keys with å, ä or ö are offered twice, as written and folded to ASCII, in one pass
//! ([`TemplateValue::to_tera`]).

mod budget;
mod cashflow;
mod contributions;
mod notes;
mod statement;
mod table;

pub use budget::column_sample;
pub use notes::number as number_notes;

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;
use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::document::{DataFile, Document, FrontMatter, Kind, Organisation};
use crate::model::budget::Budget;
use crate::model::statement::Kind as StatementKind;
use crate::money::{Date, Unit};
use crate::text::fold_ascii;

/// A template-side value: maps, lists and scalars. Every key with å, ä or ö is present twice:
/// as written and folded to ASCII.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateValue {
    /// Nothing.
    None,
    /// true / false.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// Text (also a decimal number that is not whole, exactly as written).
    Text(String),
    /// A list.
    List(Vec<TemplateValue>),
    /// A mapping in a fixed order.
    Map(Vec<(String, TemplateValue)>),
}

impl TemplateValue {
    /// The tera value, with folded duplicates of non-ASCII keys.
    pub fn to_tera(&self) -> Value {
        match self {
            TemplateValue::None => Value::none(),
            TemplateValue::Bool(b) => Value::from(*b),
            TemplateValue::Integer(i) => Value::from(*i),
            TemplateValue::Text(s) => Value::from(s.as_str()),
            TemplateValue::List(items) => {
                Value::from(items.iter().map(TemplateValue::to_tera).collect::<Vec<_>>())
            }
            TemplateValue::Map(entries) => {
                let mut map = tera::Map::default();
                for (k, v) in entries {
                    map.insert(k.clone().into(), v.to_tera());
                }
                for (k, v) in entries {
                    let folded = fold_ascii(k);
                    if folded != *k && !map.contains_key(&tera::value::Key::from(folded.clone())) {
                        map.insert(folded.into(), v.to_tera());
                    }
                }
                Value::from(map)
            }
        }
    }
}

impl From<&crate::yaml::Node> for TemplateValue {
    fn from(node: &crate::yaml::Node) -> TemplateValue {
        use crate::yaml::Value as Y;
        match &node.value {
            Y::Null => TemplateValue::None,
            Y::Bool(b) => TemplateValue::Bool(*b),
            Y::Number(n) => n
                .parse::<i64>()
                .map(TemplateValue::Integer)
                .unwrap_or_else(|_| TemplateValue::Text(n.clone())),
            Y::String(s) => TemplateValue::Text(s.clone()),
            Y::Seq(items) => TemplateValue::List(items.iter().map(TemplateValue::from).collect()),
            Y::Map(entries) => TemplateValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), TemplateValue::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Builds a tera context from named values.
pub fn context(values: &BTreeMap<String, TemplateValue>) -> Context {
    let mut context = Context::new();
    for (k, v) in values {
        context.insert_value(k.clone(), v.to_tera());
        let folded = fold_ascii(k);
        if folded != *k && !values.contains_key(&folded) {
            context.insert_value(folded, v.to_tera());
        }
    }
    context
}

/// The amount text for templates: the exact decimal, with its unit, as a map
/// `{ belopp: "82240", enhet: "tkr" }` that the number filters understand.
pub fn amount_value(value: Decimal, unit: Unit) -> TemplateValue {
    TemplateValue::Map(vec![
        (
            "belopp".into(),
            TemplateValue::Text(value.normalize().to_string()),
        ),
        ("enhet".into(), TemplateValue::Text(unit.label().into())),
    ])
}

/// The values templates see, by name: `dokument` (the front matter), `forbund`, every data value
/// by its name, and what layouts place: `budgetar`, `budgetkolumn`, `noter`, `data` and
/// `standardtabeller`.
pub fn values(document: &Document) -> BTreeMap<String, TemplateValue> {
    let mut values: BTreeMap<String, TemplateValue> = document
        .data
        .iter()
        .map(|(name, data)| (name.clone(), data_value(data)))
        .collect();
    values.insert("dokument".into(), front_matter(&document.front));
    values.insert(
        "forbund".into(),
        organisation(document.organisation.as_ref()),
    );
    // The members' contributions, split by the law, beside each budget that has them.
    for (name, contributions) in &document.contributions {
        if let Some(TemplateValue::Map(entries)) = values.get_mut(name) {
            entries.extend(contributions.template_entries());
        }
    }
    // One column grid for every budget table of the document.
    let budgets: Vec<&Budget> = document.budgets().map(|(_, b)| b).collect();
    values.insert(
        "budgetkolumn".into(),
        TemplateValue::Text(column_sample(&budgets)),
    );
    // Layouts place the standard tables of the first budget (the summary, not a detail budget).
    let summary = document
        .budgets()
        .find(|(_, b)| !b.is_detail())
        .map(|(n, _)| n.to_owned());
    let detail: Vec<TemplateValue> = document
        .budgets()
        .filter(|(_, b)| b.is_detail())
        .map(|(n, _)| TemplateValue::Text(n.to_owned()))
        .collect();
    let budgets: Vec<(String, TemplateValue)> = document
        .budgets()
        .filter_map(|(n, _)| values.get(n).map(|v| (n.to_owned(), v.clone())))
        .collect();
    values.insert("budgetar".into(), TemplateValue::Map(budgets));
    // The data names in order of name, as templates list them.
    let mut names: Vec<(&str, &DataFile)> =
        document.data.iter().map(|(n, d)| (n.as_str(), d)).collect();
    names.sort_by_key(|(n, _)| *n);
    // An årsredovisning numbers its notes (a “Not” column and a Noter section), in print order.
    let notes = if document.front.kind == Kind::AnnualReport {
        let of = |wanted: &dyn Fn(&DataFile) -> bool| -> Vec<String> {
            names
                .iter()
                .filter(|(n, d)| *n != "driftredovisning" && wanted(d))
                .map(|(n, _)| (*n).to_owned())
                .collect()
        };
        let mut order = of(&|d| is_statement(d, StatementKind::Income));
        order.extend(of(&|d| is_statement(d, StatementKind::Balance)));
        order.extend(of(&|d| matches!(d, DataFile::CashFlow(_))));
        order.push("driftredovisning".into());
        number_notes(&mut values, &order)
    } else {
        TemplateValue::List(Vec::new())
    };
    values.insert("noter".into(), notes);
    // Every data value by name, for layouts that place them (`data[namn]`).
    let all: Vec<(String, TemplateValue)> = names
        .iter()
        .filter_map(|(n, _)| values.get(*n).map(|v| ((*n).to_owned(), v.clone())))
        .collect();
    values.insert("data".into(), TemplateValue::Map(all));
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
    let named = |name: &str| {
        if document.get(name).is_some() {
            TemplateValue::Text(name.into())
        } else {
            TemplateValue::None
        }
    };
    values.insert(
        "standardtabeller".into(),
        TemplateValue::Map(vec![
            (
                "budget".into(),
                summary.map_or(TemplateValue::None, TemplateValue::Text),
            ),
            ("detaljbudgetar".into(), TemplateValue::List(detail)),
            (
                "rapporter".into(),
                TemplateValue::List(
                    statements
                        .into_iter()
                        .map(|(_, n)| TemplateValue::Text(n.to_owned()))
                        .collect(),
                ),
            ),
            ("kassaflodesanalys".into(), named("kassaflodesanalys")),
            ("driftredovisning".into(), named("driftredovisning")),
        ]),
    );
    values
}

fn is_statement(data: &DataFile, kind: StatementKind) -> bool {
    matches!(data, DataFile::Statement(s) if s.kind == kind)
}

/// One data value for templates.
fn data_value(data: &DataFile) -> TemplateValue {
    match data {
        DataFile::Budget(b) => b.to_template(),
        DataFile::Statement(s) => s.to_template(),
        DataFile::CashFlow(c) => c.to_template(),
        DataFile::Table(t) => t.to_template(),
        DataFile::Other(node) => TemplateValue::from(node),
    }
}

/// `dokument`: the front matter with the texts layouts print (`datum_text`, `antagen`, the
/// signatures' line); every optional key is present, none when not written.
fn front_matter(front: &FrontMatter) -> TemplateValue {
    let text = |v: &Option<String>| v.clone().map_or(TemplateValue::None, TemplateValue::Text);
    let list =
        |v: &[String]| TemplateValue::List(v.iter().cloned().map(TemplateValue::Text).collect());
    let date = |d: Option<Date>| d.map_or(TemplateValue::None, |d| TemplateValue::Text(d.iso()));
    let date_text =
        |d: Option<Date>| d.map_or(TemplateValue::None, |d| TemplateValue::Text(d.swedish()));
    let mut fields = vec![
        ("undertitel".into(), text(&front.subtitle)),
        ("dnr".into(), text(&front.dnr)),
        ("serie".into(), text(&front.series)),
        ("typ".into(), TemplateValue::Text(front.kind.name().into())),
        ("titel".into(), TemplateValue::Text(front.title.clone())),
        ("utkast".into(), TemplateValue::Bool(front.draft)),
        ("innehåll".into(), TemplateValue::Bool(front.contents)),
        ("datum".into(), date(front.date)),
        ("datum_text".into(), date_text(front.date)),
    ];
    if let Some(d) = front.date {
        fields.push(("år".into(), TemplateValue::Integer(i64::from(d.year))));
        fields.push(("månad".into(), TemplateValue::Integer(i64::from(d.month))));
        fields.push(("dag".into(), TemplateValue::Integer(i64::from(d.day))));
    }
    fields.extend([
        ("redigerad".into(), date(front.revised)),
        ("redigerad_text".into(), date_text(front.revised)),
        (
            "antagen".into(),
            front
                .adoption
                .as_ref()
                .map_or(TemplateValue::None, |a| TemplateValue::Text(a.line())),
        ),
        ("författare".into(), list(&front.authors)),
        ("nyckelord".into(), list(&front.keywords)),
        (
            "brevhuvud".into(),
            front.letterhead.as_ref().map_or(TemplateValue::None, |l| {
                let mut entries = Vec::new();
                if let Some(d) = &l.document {
                    entries.push(("handling".into(), TemplateValue::Text(d.clone())));
                }
                if let Some(o) = &l.officer {
                    entries.push(("handläggare".into(), TemplateValue::Text(o.clone())));
                }
                TemplateValue::Map(entries)
            }),
        ),
        (
            "underskrifter".into(),
            front.signatures.as_ref().map_or(TemplateValue::None, |s| {
                TemplateValue::Map(vec![
                    ("ort".into(), text(&s.place)),
                    ("datum".into(), date(s.date)),
                    ("rad".into(), TemplateValue::Text(s.line())),
                ])
            }),
        ),
    ]);
    TemplateValue::Map(fields)
}

/// `forbund`: forbund.yaml as written, lists always lists, the logo's path, and every key
/// layouts ask for present (`namn` empty, others none or an empty list) even without the file.
fn organisation(organisation: Option<&Organisation>) -> TemplateValue {
    let mut entries = match organisation.map(|o| TemplateValue::from(&o.written)) {
        Some(TemplateValue::Map(entries)) => entries,
        _ => Vec::new(),
    };
    // Lists are also offered as lines, and a single address line as a list.
    for (k, v) in entries.iter_mut() {
        if (k == "adress" || k == "medlemmar")
            && let TemplateValue::Text(t) = v
        {
            *v = TemplateValue::List(vec![TemplateValue::Text(t.clone())]);
        }
    }
    if let Some(p) = organisation.and_then(|o| o.logo.clone()) {
        entries.push(("logotyp_sökväg".into(), TemplateValue::Text(p)));
    }
    for key in ["namn", "kortnamn", "logotyp_sökväg"] {
        if !entries.iter().any(|(k, _)| k == key) {
            let value = match key {
                "namn" => TemplateValue::Text(String::new()),
                _ => TemplateValue::None,
            };
            entries.push((key.into(), value));
        }
    }
    for key in ["adress", "styrelse"] {
        if !entries.iter().any(|(k, _)| k == key) {
            entries.push((key.into(), TemplateValue::List(Vec::new())));
        }
    }
    // Every ledamot has a roll and utsedd_av for layouts, empty when not written.
    for (k, v) in entries.iter_mut() {
        if let ("styrelse", TemplateValue::List(members)) = (k.as_str(), v) {
            for member in members {
                if let TemplateValue::Map(fields) = member {
                    for key in ["roll", "utsedd_av"] {
                        if !fields.iter().any(|(k, _)| k == key) {
                            fields.push((key.into(), TemplateValue::Text(String::new())));
                        }
                    }
                }
            }
        }
    }
    TemplateValue::Map(entries)
}

/// The names whose values are unknown because loading them failed (already reported): a data
/// file that did not load, the statements an SIE file would have given, a `forbund.yaml` with
/// errors. The narrative's expressions over them are no further errors.
pub fn unknown_values(document: &Document, found: &[Diagnostic]) -> Vec<String> {
    let failed: Vec<&Path> = found
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    if failed.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = std::fs::read_dir(&document.reference.dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .filter(|n| n != "forbund" && document.get(n).is_none())
        .collect();
    if !names.is_empty() {
        for derived in ["resultatrakning", "balansrakning", "kassaflodesanalys"] {
            if document.get(derived).is_none() {
                names.push(derived.to_owned());
            }
        }
    }
    if failed
        .iter()
        .any(|f| f.file_name().is_some_and(|n| n == "forbund.yaml"))
    {
        names.push("forbund".to_owned());
    }
    names
}
