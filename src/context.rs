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

use rust_decimal::Decimal;
use tera::{Context, Value};

use crate::money::Unit;
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
