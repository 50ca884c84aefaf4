//! The data model: data files read into typed structures, with every sum computed and every
//! cross-check run here (never in templates). Each check reports every problem it finds, located
//! at the value or expectation that disagrees.

pub mod budget;
pub mod cashflow;
pub mod closing;
pub mod contributions;
pub mod figure;
pub mod from_sie;
pub mod lines;
pub mod notes;
pub mod overview;
pub mod printed;
pub mod sie;
pub mod split;
pub mod statement;
pub mod table;

use rust_decimal::Decimal;

use crate::diagnostics::{Diagnostic, Position};
use crate::money::{self, Unit};
use crate::yaml::{Node, Value};

/// An amount with the place it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub position: Position,
}

/// Reads an amount from a YAML value: a number as typed or a Swedish-notation string; `~` is
/// `None` (a blank cell).
pub fn amount(node: &Node, file: &str) -> Result<Option<Decimal>, Diagnostic> {
    let located = |message: String| Diagnostic::error(message).in_file(file).at(node.position);
    match &node.value {
        Value::Null => Ok(None),
        Value::Number(text) | Value::String(text) => {
            money::parse_amount(text).map(Some).map_err(located)
        }
        _ => Err(located(format!(
            "ett belopp behövs här, men värdet är {}",
            node.kind()
        ))),
    }
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

/// A figure written or expected that is not the one computed, in the words every such message
/// uses, with Swedish figures: `väntat 101 kr, beräknat 100 kr` and `skillnad 1 kr` (expected
/// less computed). The one place such a message is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mismatch {
    /// What the file says (or what the other side gives).
    pub expected: Decimal,
    /// What was computed.
    pub computed: Decimal,
    /// The unit both are in.
    pub unit: Unit,
}

impl Mismatch {
    /// `expected` against `computed`, in `unit`.
    pub fn new(expected: Decimal, computed: Decimal, unit: Unit) -> Mismatch {
        Mismatch {
            expected,
            computed,
            unit,
        }
    }

    /// `väntat X, beräknat Y`.
    pub fn said(&self) -> String {
        format!(
            "väntat {}, beräknat {}",
            shown(self.expected, self.unit),
            shown(self.computed, self.unit)
        )
    }

    /// `skillnad Z`, Z the expected less the computed.
    pub fn difference(&self) -> String {
        format!(
            "skillnad {}",
            shown(self.expected - self.computed, self.unit)
        )
    }
}
