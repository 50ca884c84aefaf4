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

/// Registers the filters shared by narrative and layouts.
pub(super) fn register_filters(tera: &mut Tera) {
    tera.register_filter("kr", amount_filter(Unit::Kr));
    tera.register_filter("tkr", amount_filter(Unit::Tkr));
    tera.register_filter("mnkr", amount_filter(Unit::Mnkr));
    tera.register_filter("mkr", amount_filter(Unit::Mnkr));
    tera.register_filter(
        "tal",
        |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let decimals = kwargs.get::<u32>("decimaler")?.unwrap_or(0);
            Ok(money::format_number(
                amount_with_unit(value)?.0,
                decimals.min(10),
            ))
        },
    );
    tera.register_filter(
        "procent",
        |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let decimals = kwargs.get::<u32>("decimaler")?.unwrap_or(1);
            Ok(money::format_percent(amount(value)?, decimals.min(10)))
        },
    );
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
