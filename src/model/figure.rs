//! A figure: an exact amount with where it came from, the revisor's trail. The model makes
//! every figure a document prints as a [`Figure`] — read from a data file (its file and line),
//! summed from the books (every #PSALDO, #TRANS, #RES, #IB or #UB record counted, with its line),
//! or computed from other figures (a sum, a difference, a share) — and the renderers only format
//! it. The figures JSON (`build/<doc>.json`), the web edition's Underlag and `arshjul underlag`
//! all read the same value, so a trail always adds up to the figure it explains.

use std::sync::Arc;

use rust_decimal::Decimal;

/// An exact amount (or share) and its origin. Cloning is cheap: the origin is shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The exact value, in the unit of its table (kronor, tkr, or a fraction for a share).
    pub value: Decimal,
    /// Where it came from.
    pub origin: Arc<Origin>,
}

/// Where a figure came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Written in a data file (YAML or CSV): the file (relative to the project root) and line.
    Written {
        /// The file.
        file: Arc<str>,
        /// Its 1-based line.
        line: usize,
    },
    /// Counted from the books: every record, signed as counted (in the accounts' signs).
    Books(Vec<Entry>),
    /// The sum of the parts.
    Sum(Vec<Figure>),
    /// The first part less the second (an avvikelse: utfall − budget).
    Difference(Figure, Figure),
    /// The part with its sign turned (a cost printed as a negative amount, a statement printed
    /// in the published signs).
    Negated(Figure),
    /// A share of a whole, as a fraction (a group's share of the costs, soliditet).
    Ratio(Figure, Figure),
    /// A part of a whole by a weight: `whole × weight` before rounding (a year's budget cut to
    /// the period's months, a member's part of the contributions). `how` says by what.
    Portion {
        /// The whole.
        whole: Figure,
        /// The weight, a fraction.
        weight: Decimal,
        /// How the weight was chosen, in Swedish (“8 av 12 månader”, “andel 17,0 %”).
        how: String,
    },
    /// Nothing to count: no record holds it (a zero the layout prints for an empty row).
    Nothing,
}

/// One record of the books counted into a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The SIE file, relative to the project root.
    pub file: Arc<str>,
    /// The record's 1-based line.
    pub line: usize,
    /// Its tag: `#PSALDO`, `#TRANS`, `#RES`, `#IB`, `#UB`, `#PBUDGET`.
    pub tag: &'static str,
    /// The account, as written (`"0930"` stays `"0930"`).
    pub account: String,
    /// The account's name in the books (#KONTO), where it has one.
    pub name: Option<Arc<str>>,
    /// The amount as counted: the record's amount in the accounts' signs (a closing entry
    /// taken back counts with its sign turned).
    pub amount: Decimal,
    /// Why it counts otherwise than as written, if it does (“bokslutspost återförd”).
    pub note: Option<&'static str>,
}

impl Figure {
    /// What the figure is, as a number: its value and its origin all the way down (the files,
    /// lines and amounts of its records, the fingerprints of its parts), so that the same
    /// figure computed twice has the same fingerprint. The same in every build.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.value.normalize().hash(&mut h);
        match self.origin.as_ref() {
            Origin::Written { file, line } => (0u8, file, line).hash(&mut h),
            Origin::Books(entries) => {
                1u8.hash(&mut h);
                for e in entries {
                    (
                        &e.file,
                        e.line,
                        e.tag,
                        &e.account,
                        e.amount.normalize(),
                        e.note,
                    )
                        .hash(&mut h);
                }
            }
            Origin::Sum(parts) => {
                2u8.hash(&mut h);
                for p in parts {
                    p.fingerprint().hash(&mut h);
                }
            }
            Origin::Difference(a, b) => (3u8, a.fingerprint(), b.fingerprint()).hash(&mut h),
            Origin::Negated(a) => (4u8, a.fingerprint()).hash(&mut h),
            Origin::Ratio(a, b) => (5u8, a.fingerprint(), b.fingerprint()).hash(&mut h),
            Origin::Portion { whole, weight, how } => {
                (6u8, whole.fingerprint(), weight.normalize(), how).hash(&mut h)
            }
            Origin::Nothing => 7u8.hash(&mut h),
        }
        h.finish()
    }

    /// A figure with this origin.
    pub fn new(value: Decimal, origin: Origin) -> Figure {
        Figure {
            value,
            origin: Arc::new(origin),
        }
    }

    /// A figure written in a data file at `file:line`.
    pub fn written(value: Decimal, file: &Arc<str>, line: usize) -> Figure {
        Figure::new(
            value,
            Origin::Written {
                file: file.clone(),
                line,
            },
        )
    }

    /// A zero that nothing holds.
    pub fn zero() -> Figure {
        Figure::new(Decimal::ZERO, Origin::Nothing)
    }

    /// The sum of the books' records `entries`.
    pub fn books(entries: Vec<Entry>) -> Figure {
        let value = entries.iter().map(|e| e.amount).sum();
        Figure::new(value, Origin::Books(entries))
    }

    /// The sum of `parts`: one part is itself, none is a zero from nothing.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Figure>) -> Figure {
        let parts: Vec<Figure> = parts.into_iter().cloned().collect();
        match parts.len() {
            0 => Figure::zero(),
            1 => parts.into_iter().next().unwrap_or_else(Figure::zero),
            _ => Figure::new(parts.iter().map(|p| p.value).sum(), Origin::Sum(parts)),
        }
    }

    /// `self − other`.
    pub fn minus(&self, other: &Figure) -> Figure {
        Figure::new(
            self.value - other.value,
            Origin::Difference(self.clone(), other.clone()),
        )
    }

    /// The figure with its sign turned; turning it twice gives the figure back.
    pub fn negated(&self) -> Figure {
        if let Origin::Negated(inner) = self.origin.as_ref() {
            return inner.clone();
        }
        Figure::new(-self.value, Origin::Negated(self.clone()))
    }

    /// The figure as printed with `sign` (1 or −1).
    pub fn signed(&self, sign: Decimal) -> Figure {
        if sign.is_sign_negative() {
            self.negated()
        } else {
            self.clone()
        }
    }

    /// `self / whole` as a fraction; `None` where the whole is zero.
    pub fn share_of(&self, whole: &Figure) -> Option<Figure> {
        let value = self.value.checked_div(whole.value)?;
        Some(Figure::new(
            value,
            Origin::Ratio(self.clone(), whole.clone()),
        ))
    }

    /// `whole × weight`, said as `how`.
    pub fn portion(whole: &Figure, weight: Decimal, how: impl Into<String>) -> Figure {
        Figure::new(
            whole.value * weight,
            Origin::Portion {
                whole: whole.clone(),
                weight,
                how: how.into(),
            },
        )
    }

    /// The same origin with another value: a part rounded to whole kronor (a member's
    /// contribution by the largest remainder method) keeps the trail of its exact portion.
    pub fn rounded_to(&self, value: Decimal) -> Figure {
        Figure {
            value,
            origin: self.origin.clone(),
        }
    }

    /// The figures this one is computed from, in order (none for a written or booked one).
    pub fn parts(&self) -> Vec<&Figure> {
        match self.origin.as_ref() {
            Origin::Sum(parts) => parts.iter().collect(),
            Origin::Difference(a, b) | Origin::Ratio(a, b) => vec![a, b],
            Origin::Negated(a) => vec![a],
            Origin::Portion { whole, .. } => vec![whole],
            Origin::Written { .. } | Origin::Books(_) | Origin::Nothing => Vec::new(),
        }
    }

    /// Whether two figures are the same value from the same origin (the same object: a figure
    /// shown twice, as Årets resultat in both statements).
    pub fn same(&self, other: &Figure) -> bool {
        Arc::ptr_eq(&self.origin, &other.origin) && self.value == other.value
    }
}

/// A figure equals a bare value when its value does (whatever its origin): for checks and
/// tests that compare what is printed.
impl PartialEq<Decimal> for Figure {
    fn eq(&self, other: &Decimal) -> bool {
        self.value == *other
    }
}

impl PartialEq<Figure> for Decimal {
    fn eq(&self, other: &Figure) -> bool {
        *self == other.value
    }
}

/// The sum of optional figures, column by column: blank where every part is blank.
pub fn sum_cells<'a>(cells: impl IntoIterator<Item = Option<&'a Figure>>) -> Option<Figure> {
    let present: Vec<&Figure> = cells.into_iter().flatten().collect();
    (!present.is_empty()).then(|| Figure::sum(present))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("content/a/budget.yaml")
    }

    #[test]
    fn sums_differences_and_signs_keep_their_parts() {
        let a = Figure::written(Decimal::new(1250, 1), &file(), 3);
        let b = Figure::written(Decimal::from(75), &file(), 4);
        let sum = Figure::sum([&a, &b]);
        assert_eq!(sum.value, Decimal::new(2000, 1));
        assert_eq!(sum.parts(), vec![&a, &b]);
        let variance = a.minus(&b);
        assert_eq!(variance.value, Decimal::new(500, 1));
        assert_eq!(a.negated().negated(), a);
        assert_eq!(a.negated().value, Decimal::new(-1250, 1));
        assert_eq!(Figure::sum([&a]), a);
        assert_eq!(Figure::sum([]).value, Decimal::ZERO);
        let share = b.share_of(&sum).unwrap();
        assert_eq!(share.value, Decimal::new(375, 3));
        assert!(b.share_of(&Figure::zero()).is_none());
    }

    #[test]
    fn booked_figures_add_up_their_records() {
        let entry = |line, amount| Entry {
            file: Arc::from("content/a/bokforing.se"),
            line,
            tag: "#PSALDO",
            account: "0930".into(),
            name: Some(Arc::from("Kassa")),
            amount,
            note: None,
        };
        let f = Figure::books(vec![
            entry(12, Decimal::new(-1001, 2)),
            entry(14, Decimal::ONE),
        ]);
        assert_eq!(f.value, Decimal::new(-901, 2));
        let Origin::Books(entries) = f.origin.as_ref() else {
            panic!("books")
        };
        assert_eq!(entries[0].account, "0930");
    }

    #[test]
    fn blank_cells_stay_blank_in_a_sum() {
        let a = Figure::written(Decimal::ONE, &file(), 1);
        assert_eq!(sum_cells([None, None]), None);
        assert_eq!(
            sum_cells([None, Some(&a)]).map(|f| f.value),
            Some(Decimal::ONE)
        );
    }
}
