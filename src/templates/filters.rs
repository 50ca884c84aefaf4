//! The number and date filters narrative and layouts share (`kr`, `tkr`, `mnkr`, `mkr`, `tal`,
//! `procent`, `datum`), and how they read their values and arguments: an amount with the unit
//! it carries, `enhet=` and `decimaler=`. Their messages are Swedish already, so that the
//! narrative's errors pass them on as they are.

use rust_decimal::Decimal;
use tera::{Kwargs, State, Tera, Value};

use crate::money::{self, Date, Unit};

/// The filters' names, for the hint on a misspelt one.
pub(super) const NAMES: [&str; 7] = ["kr", "tkr", "mnkr", "mkr", "procent", "tal", "datum"];

/// The amount in a template value and the unit it carries: an amount from a data file
/// (`{ belopp: "82240", enhet: "tkr" }`), an integer, a decimal or a Swedish-notation string.
fn amount_with_unit(value: &Value) -> tera::TeraResult<(Decimal, Option<Unit>)> {
    if let Some(map) = value.as_map() {
        let field = |k: &'static str| map.get(&tera::value::Key::from(k));
        if let Some(belopp) = field("belopp") {
            let unit = field("enhet")
                .and_then(|u| u.as_str())
                .and_then(Unit::parse);
            return Ok((amount(belopp)?, unit));
        }
    }
    Ok((amount(value)?, None))
}

/// The amount in a template value: an integer, a decimal or a Swedish-notation string.
fn amount(value: &Value) -> tera::TeraResult<Decimal> {
    if let Some(i) = value.as_i128() {
        return Decimal::try_from_i128_with_scale(i, 0)
            .map_err(|_| tera::Error::message(format!("beloppet {i} är för stort")));
    }
    if let Some(f) = value.as_f64() {
        return money::parse_amount(&format!("{f}")).map_err(tera::Error::message);
    }
    match value.as_str() {
        Some(s) => money::parse_amount(s).map_err(tera::Error::message),
        None => Err(tera::Error::message(format!(
            "ett belopp behövs, men värdet är {}",
            type_name(value.name())
        ))),
    }
}

fn unit_kwarg(kwargs: &Kwargs, default: Unit) -> tera::TeraResult<Unit> {
    match kwargs.get::<&str>("enhet")? {
        None => Ok(default),
        Some(u) => Unit::parse(u).ok_or_else(|| {
            tera::Error::message(format!("okänd enhet `{u}`: skriv kr, tkr eller mnkr"))
        }),
    }
}

/// The filter that writes an amount in the unit `to` (from the unit it carries, or `enhet=`).
pub(super) fn amount_filter(
    to: Unit,
) -> impl Fn(&Value, Kwargs, &State) -> tera::TeraResult<String> {
    move |value: &Value, kwargs: Kwargs, _: &State| {
        let (value, carried) = amount_with_unit(value)?;
        let from = unit_kwarg(&kwargs, carried.unwrap_or(Unit::Kr))?;
        Ok(money::format_amount(value, from, to))
    }
}

/// `| tal`: the bare number, `decimaler=` of them (none unless written).
fn number_filter(value: &Value, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let decimals = kwargs.get::<u32>("decimaler")?.unwrap_or(0);
    Ok(money::format_number(
        amount_with_unit(value)?.0,
        decimals.min(10),
    ))
}

/// `| procent`: a share as a percentage, `decimaler=` of them (one unless written).
fn percent_filter(value: &Value, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let decimals = kwargs.get::<u32>("decimaler")?.unwrap_or(1);
    Ok(money::format_percent(amount(value)?, decimals.min(10)))
}

/// What the prose quotes: `(origin key, text as printed, unit printed)` of every figure a
/// number filter printed (see [`crate::trail::Trail::quoted`]).
pub(super) type Quoted =
    std::sync::Arc<std::sync::Mutex<Vec<(String, String, Option<&'static str>)>>>;

/// Registers the number filters again, each also noting in `quoted` the figure it prints.
pub(super) fn register_quoting_filters(tera: &mut Tera, quoted: &Quoted) {
    type Filter = Box<dyn Fn(&Value, Kwargs, &State) -> tera::TeraResult<String> + Send + Sync>;
    let filters: [(&str, Option<&'static str>, Filter); 6] = [
        ("kr", Some("kr"), Box::new(amount_filter(Unit::Kr))),
        ("tkr", Some("tkr"), Box::new(amount_filter(Unit::Tkr))),
        ("mnkr", Some("mnkr"), Box::new(amount_filter(Unit::Mnkr))),
        ("mkr", Some("mnkr"), Box::new(amount_filter(Unit::Mnkr))),
        ("tal", None, Box::new(number_filter)),
        ("procent", Some("andel"), Box::new(percent_filter)),
    ];
    for (name, unit, filter) in filters {
        let quoted = quoted.clone();
        tera.register_filter(
            name,
            move |value: &Value, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let text = filter(value, kwargs, state)?;
                let origin = value
                    .as_map()
                    .and_then(|m| m.get(&tera::value::Key::from("figur")))
                    .and_then(Value::as_str);
                if let (Some(origin), Ok(mut list)) = (origin, quoted.lock()) {
                    list.push((origin.to_owned(), text.clone(), unit));
                }
                Ok(text)
            },
        );
    }
}

/// Registers the filters shared by narrative and layouts.
pub(super) fn register_filters(tera: &mut Tera) {
    tera.register_filter("kr", amount_filter(Unit::Kr));
    tera.register_filter("tkr", amount_filter(Unit::Tkr));
    tera.register_filter("mnkr", amount_filter(Unit::Mnkr));
    tera.register_filter("mkr", amount_filter(Unit::Mnkr));
    tera.register_filter("tal", number_filter);
    tera.register_filter("procent", percent_filter);
    tera.register_filter(
        "datum",
        |value: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            Date::parse(value)
                .map(Date::swedish)
                .map_err(tera::Error::message)
        },
    );
}

/// tera's type names in Swedish.
pub(super) fn type_name(name: &str) -> &'static str {
    match name {
        "string" | "str" | "String" => "en text",
        "number" | "i64" | "u64" | "f64" | "integer" | "float" | "i128" | "u128" | "u32" => {
            "ett tal"
        }
        "bool" => "ett sanningsvärde",
        "array" | "Vec" => "en lista",
        "map" | "object" => "en tabell av fält",
        "undefined" | "none" | "null" => "ett värde som inte finns",
        _ => "ett annat slags värde",
    }
}
