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

use crate::diagnostics::{Diagnostic, Form, Kind, Position, Shape, kind};
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
    let located = |d: Diagnostic| d.in_file(file).at(node.position);
    match &node.value {
        Value::Null => Ok(None),
        Value::Number(text) | Value::String(text) => {
            money::read_amount(text).map(Some).map_err(located)
        }
        _ => Err(located(Diagnostic::error_of(Kind::WrongForm {
            what: Shape::Needed {
                found: node.kind().to_owned(),
            },
            key: None,
            written: None,
            expected: Form::Amount,
        }))),
    }
}

pub use crate::diagnostics::shown;

/// A figure written or expected that is not the one computed, in the words every such message
/// uses, with Swedish figures: `väntat 101 kr, beräknat 100 kr` and `skillnad 1 kr` (expected
/// less computed), worded in [`crate::diagnostics::kind`].
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

    /// `skillnad Z`, Z the expected less the computed.
    pub fn difference(&self) -> String {
        kind::difference(self.expected, self.computed, self.unit)
    }

    /// The error `{what}: väntat X, beräknat Y`, of kind [`Kind::Mismatch`].
    pub fn error(&self, what: String) -> Diagnostic {
        Diagnostic::error_of(Kind::Mismatch {
            what,
            expected: self.expected,
            computed: self.computed,
            unit: self.unit,
        })
    }

    /// The error `{what}, skillnad Z`, `what` saying both figures in its own words, of kind
    /// [`Kind::Difference`].
    pub fn difference_error(&self, what: String) -> Diagnostic {
        Diagnostic::error_of(self.difference_kind(what))
    }

    /// The warning `{what}, skillnad Z`, as [`Mismatch::difference_error`].
    pub fn difference_warning(&self, what: String) -> Diagnostic {
        Diagnostic::warning_of(self.difference_kind(what))
    }

    fn difference_kind(&self, what: String) -> Kind {
        Kind::Difference {
            what,
            expected: self.expected,
            computed: self.computed,
            unit: self.unit,
        }
    }
}
