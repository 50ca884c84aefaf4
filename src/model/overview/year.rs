//! One year's key figures from one source (an SIE file's year, the hand-written statements, a
//! `typ: nyckeltal` file), where they come from and the balances the year opened with; a
//! written year's own figures checked against each other.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::written::{Written, WrittenYear};
use super::{Key, file_name, said};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::figure::Figure;
use crate::model::{Mismatch, shown};
use crate::money::{self, Unit};

/// Where a year's figures come from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// An SIE file's year (0 or −1), said on its `#RAR` line.
    Books {
        file: Arc<str>,
        index: i32,
        line: usize,
    },
    /// The document's hand-written statements.
    Statements { file: Arc<str> },
    /// A `typ: nyckeltal` file.
    Written { file: Arc<str> },
}

impl Source {
    pub(super) fn file(&self) -> &str {
        match self {
            Source::Books { file, .. } | Source::Statements { file } | Source::Written { file } => {
                file
            }
        }
    }

    /// The file's name, and for books which year of it: “bokforing.se (föregående år)”.
    pub(super) fn named(&self) -> String {
        let name = file_name(self.file());
        match self {
            Source::Books { index: -1, .. } => format!("{name} (föregående år)"),
            _ => name.to_owned(),
        }
    }
}

/// The balances a year opened with, for the check against the year before.
#[derive(Debug, Clone)]
pub(super) struct Opening {
    /// Eget kapital, printed positive (with last year's result where it is not yet booked).
    pub(super) equity: Decimal,
    /// Likvida medel.
    pub(super) cash: Option<Decimal>,
    /// Summa tillgångar.
    pub(super) assets: Decimal,
    /// Where the opening balances are: the file, and the line of eget kapital's and of likvida
    /// medel's first.
    pub(super) file: Arc<str>,
    pub(super) equity_line: usize,
    pub(super) cash_line: usize,
}

/// One year's key figures from one source.
#[derive(Debug, Clone)]
pub(super) struct Year {
    pub(super) year: i32,
    pub(super) label: String,
    pub(super) source: Source,
    /// 0 the document's own year (its books' year 0, or its hand-written statements), 1 its
    /// books' year −1, 2 another SIE file's year 0, 3 its year −1, 4 a nyckeltal file: where
    /// two give a year, the lower is printed and the other checked against it.
    pub(super) rank: u8,
    pub(super) figures: [Option<Figure>; 7],
    pub(super) assets: Option<Figure>,
    pub(super) opening: Option<Opening>,
    /// The figures as written, for a year of a nyckeltal file.
    pub(super) written: Option<WrittenYear>,
}

impl Year {
    pub(super) fn get(&self, key: Key) -> Option<&Figure> {
        self.figures[key.index()].as_ref()
    }

    /// Where a message about `key` of this year points: the figure as written, else the
    /// year's `#RAR` line or the file.
    pub(super) fn place(&self, key: Key) -> (String, Option<Position>) {
        if let Some(w) = self.written.as_ref().and_then(|w| w.get(key)) {
            return (self.source.file().to_owned(), Some(w.position));
        }
        let at = match (&self.source, &self.written) {
            (Source::Books { line, .. }, _) => Some(Position {
                line: *line,
                column: 1,
            }),
            (_, Some(w)) => Some(w.position),
            _ => None,
        };
        (self.source.file().to_owned(), at)
    }

    /// A year of a nyckeltal file, its own figures checked against each other.
    pub(super) fn written(file: &str, year: &WrittenYear, problems: &mut Vec<Diagnostic>) -> Year {
        let mut figures: [Option<Figure>; 7] = Default::default();
        for (key, w) in &year.figures {
            figures[key.index()] = Some(w.figure.clone());
        }
        let assets = year.assets.as_ref().map(|w| w.figure.clone());
        let file: Arc<str> = Arc::from(file);
        // The figures that disagree with the others written, each with why and the fix.
        let mut wrong: Vec<(&Written, Diagnostic, &str)> = Vec::new();
        // Soliditet from summa tillgångar where it is not written; checked where it is.
        match (year.get(Key::Solidity), year.get(Key::Equity), &year.assets) {
            (None, Some(e), Some(a)) => {
                figures[Key::Solidity.index()] = e.figure.share_of(&a.figure)
            }
            (Some(s), Some(e), Some(a)) if !a.figure.value.is_zero() => {
                let computed = e.figure.value / a.figure.value;
                let of = format!("eget kapital {} av summa tillgångar {}", said(e), said(a));
                if !s.agrees(computed) {
                    let percent = money::format_percent(computed, s.decimals.max(1));
                    wrong.push((
                        s,
                        Diagnostic::error(format!(
                            "soliditeten {} är {}, men {of} är {percent}",
                            year.year.1,
                            said(s)
                        )),
                        "soliditeten är eget kapital i procent av summa tillgångar: rätta den ena, eller skriv bara summa_tillgångar",
                    ));
                }
            }
            _ => {}
        }
        // Intäkter and kostnader (negative, as in the resultaträkning) make the result.
        if let (Some(r), Some(c), Some(result)) = (
            year.get(Key::Revenue),
            year.get(Key::Costs),
            year.get(Key::Result),
        ) && !result.agrees(r.figure.value + c.figure.value)
        {
            let sum = r.figure.value + c.figure.value;
            let parts = format!("intäkter {} och kostnader {}", said(r), said(c));
            wrong.push((
                result,
                Mismatch::new(result.figure.value, sum, Unit::Kr).difference_error(format!(
                    "årets resultat {} är {}, men {parts} ger {}",
                    year.year.1,
                    said(result),
                    shown(sum, Unit::Kr)
                )),
                if result.agrees(r.figure.value - c.figure.value) {
                    "skriv kostnaderna med minustecken, som resultaträkningen visar dem"
                } else {
                    "årets resultat är intäkter plus kostnader (kostnaderna negativa): rätta det som är fel"
                },
            ));
        }
        for (w, d, hint) in wrong {
            problems.push(d.in_file(file.as_ref()).at(w.position).hint(hint));
        }
        Year {
            year: year.year.0,
            label: year.year.1.clone(),
            source: Source::Written { file },
            rank: 4,
            figures,
            assets,
            opening: None,
            written: Some(year.clone()),
        }
    }
}
