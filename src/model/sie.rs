//! `typ: sie`: the books themselves, from an SIE export (SIE 1–4, per the SIE 4B standard).
//!
//! Our own parser: fields separated by spaces or tabs, quoted fields with `\"`, object lists in
//! braces, unknown tags skipped (SIE 4B §7.1), CRLF. Files are CP437 as the standard says, or
//! UTF-8 / ISO-8859-1 where they plainly are. The books become a resultaträkning and a
//! balansräkning grouped by an account plan (BAS or Kommun-Bas in their published forms, or a
//! project's own, nested plan), checked: every voucher sums to zero, every period's balances sum
//! to zero, #PSALDO agrees with the vouchers, #IB plus the vouchers is #UB, the period lies in
//! the fiscal year and inside #OMFATTN, every account is placed by the plan, and opening balances
//! that do not sum to zero (last year's result not yet booked) are a warning. Months without
//! #PSALDO get their balances from the vouchers.
//!
//! By concern: `decode` (the file's encodings and the fields of a record), `parse` (records into
//! `Books`, with the checks a record allows), `reconcile` (the books' figures held against each
//! other), `plans` (account plans, BAS and Kommun-Bas among them as embedded `typ: kontoplan`
//! files), `request` (what a `typ: sie` file asks, and its period checked), `figures` (an
//! account's figures over any days, and last year's), `forecast` (`typ: prognos`) and
//! `statements` (the resultaträkning and balansräkning, step by step).

mod account;
mod books;
mod decode;
mod figures;
mod forecast;
mod parse;
mod plans;
mod reconcile;
mod request;
mod statements;
#[cfg(test)]
mod tests;

pub use account::Account;
pub use books::{Books, Record, Records};
pub use decode::decode;
pub use forecast::{Forecasts, forecasts};
pub use parse::parse;
pub use plans::{PlanGroup, SECTIONS, mapping, plan, plan_misfit};
pub use request::{KEYS, Request, allow_incomplete};
pub use statements::statements;

/// 8999 Årets resultat: the result account of a closed year's closing entry.
pub const RESULT_ACCOUNT: u32 = 8999;
/// 2099 Årets resultat: the equity account the closing entry credits.
pub const EQUITY_ACCOUNT: u32 = 2099;
