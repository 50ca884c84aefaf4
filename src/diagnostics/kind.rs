//! What a diagnostic is about, with its figures as data: the Swedish text of a kind is made
//! here and nowhere else, and tests (through `check --meddelanden=json`) compare the kind and
//! its figures rather than substrings of the text.
//!
//! Only the figures that disagree and the unknown key have kinds so far; every other
//! diagnostic is [`Kind::Other`], its text written where it is raised.

use rust_decimal::Decimal;

use crate::money::{self, Unit};

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A figure written or expected is not the one computed: `{what}: väntat X, beräknat Y`.
    Mismatch {
        /// What disagrees, e.g. `summa kostnader 2020`.
        what: String,
        /// What the file says.
        expected: Decimal,
        /// What was computed.
        computed: Decimal,
        /// The unit both are in.
        unit: Unit,
    },
    /// Two figures that should agree do not, the message saying both in its own words:
    /// `{what}, skillnad Z`, Z the expected less the computed.
    Difference {
        /// What disagrees, with both figures, e.g. `kassaflödesanalysen 2019: årets kassaflöde
        /// … är inte förändringen av likvida medel …`.
        what: String,
        /// The one side.
        expected: Decimal,
        /// The side it is compared with.
        computed: Decimal,
        /// The unit both are in.
        unit: Unit,
    },
    /// A key that is not one of those known where it is written: `okänd nyckel `{key}` i
    /// {known_in}`, with the nearest known key, if one is near enough, as the fix (its hint,
    /// [`did_you_mean`]).
    UnknownKey {
        /// The key as written.
        key: String,
        /// Where it was written, as the message says it: `front matter`, `en post`, `budgeten`.
        known_in: String,
        /// The nearest known key, if the key looks like a misspelling of it.
        suggestion: Option<String>,
    },
    /// Anything else: the message is the diagnostic's text as written where it was raised.
    Other,
}

impl Kind {
    /// The message of a kind that makes its own (`None` for [`Kind::Other`]).
    pub fn message(&self) -> Option<String> {
        match self {
            Kind::Mismatch {
                what,
                expected,
                computed,
                unit,
            } => Some(format!("{what}: {}", said(*expected, *computed, *unit))),
            Kind::Difference {
                what,
                expected,
                computed,
                unit,
            } => Some(format!(
                "{what}, {}",
                difference(*expected, *computed, *unit)
            )),
            Kind::UnknownKey { key, known_in, .. } => {
                Some(format!("okänd nyckel `{key}` i {known_in}"))
            }
            Kind::Other => None,
        }
    }

    /// The kind's name and figures as JSON fields (`slag`, and `vad`, `väntat`, `beräknat`,
    /// `skillnad`, `enhet` where it has them; `nyckel`, `vad` and `förslag`, `null` without
    /// one, for an unknown key), amounts as exact decimal strings.
    pub fn json_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut fields = serde_json::Map::new();
        if let Kind::UnknownKey {
            key,
            known_in,
            suggestion,
        } = self
        {
            fields.insert("slag".into(), "okänd_nyckel".into());
            fields.insert("nyckel".into(), key.as_str().into());
            fields.insert("vad".into(), known_in.as_str().into());
            fields.insert("förslag".into(), suggestion.as_deref().into());
            return fields;
        }
        let (name, figures) = match self {
            Kind::Mismatch {
                what,
                expected,
                computed,
                unit,
            } => ("fel_summa", Some((what, expected, computed, unit))),
            Kind::Difference {
                what,
                expected,
                computed,
                unit,
            } => ("skillnad", Some((what, expected, computed, unit))),
            Kind::UnknownKey { .. } | Kind::Other => ("övrigt", None),
        };
        fields.insert("slag".into(), name.into());
        if let Some((what, expected, computed, unit)) = figures {
            fields.insert("vad".into(), what.as_str().into());
            fields.insert("väntat".into(), expected.to_string().into());
            fields.insert("beräknat".into(), computed.to_string().into());
            fields.insert("skillnad".into(), (expected - computed).to_string().into());
            fields.insert("enhet".into(), unit.label().into());
        }
        fields
    }
}

/// The fix of a misspelt word: `menade du `{word}`?`.
pub fn did_you_mean(word: &str) -> String {
    format!("menade du `{word}`?")
}

/// An amount as written in messages: `82 240 tkr`.
pub fn shown(value: Decimal, unit: Unit) -> String {
    let decimals = if value.fract().is_zero() { 0 } else { 2 };
    format!(
        "{}\u{a0}{}",
        money::format_number(value, decimals),
        unit.label()
    )
}

/// `väntat X, beräknat Y`.
pub fn said(expected: Decimal, computed: Decimal, unit: Unit) -> String {
    format!(
        "väntat {}, beräknat {}",
        shown(expected, unit),
        shown(computed, unit)
    )
}

/// `skillnad Z`, Z the expected less the computed.
pub fn difference(expected: Decimal, computed: Decimal, unit: Unit) -> String {
    format!("skillnad {}", shown(expected - computed, unit))
}
