//! The books' figures held against each other: #PSALDO against the vouchers of its month,
//! #IB plus the year's vouchers against #UB (and a result account's vouchers against its #RES),
//! this year's #IB against last year's #UB, and every month's balances summing to zero. A month
//! of year 0 without #PSALDO gets its balances from the vouchers here.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::books::{month_name, yyyymm};
use super::{Account, Books};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::{Mismatch, shown};
use crate::money::Unit;

/// This year opens where last year closed: #IB 0 is #UB −1, account by account (a balance the
/// file leaves out is 0), at the lines of `opening_lines` (#IB 0) and `last_closing_lines`
/// (#UB −1). Otherwise the two columns of the balance sheet disagree: a warning.
pub(super) fn opening_is_last_closing(
    books: &Books,
    opening_lines: &BTreeMap<Account, usize>,
    last_closing_lines: &BTreeMap<Account, usize>,
    problems: &mut Vec<Diagnostic>,
    file: &str,
) {
    if !opening_lines.is_empty() && !last_closing_lines.is_empty() {
        let accounts: std::collections::BTreeSet<&Account> = opening_lines
            .keys()
            .chain(last_closing_lines.keys())
            .collect();
        for account in accounts {
            if books.unknown_accounts.contains(account) {
                continue;
            }
            let opening = books.opening.get(account).copied().unwrap_or_default();
            let closing = books.previous[1].get(account).copied().unwrap_or_default();
            if opening == closing {
                continue;
            }
            let (at, message) = match (opening_lines.get(account), last_closing_lines.get(account))
            {
                (Some(line), Some(last)) => (
                    *line,
                    format!(
                        "konto {account}: ingående balans {} (#IB 0) är inte förra årets utgående balans {} (#UB −1 på rad {last})",
                        shown(opening, Unit::Kr),
                        shown(closing, Unit::Kr)
                    ),
                ),
                (Some(line), None) => (
                    *line,
                    format!(
                        "konto {account}: ingående balans {} (#IB 0), men förra året slutade kontot på 0 (inget #UB −1)",
                        shown(opening, Unit::Kr)
                    ),
                ),
                (None, Some(last)) => (
                    *last,
                    format!(
                        "konto {account}: förra årets utgående balans är {} (#UB −1), men årets ingående balans saknas (inget #IB 0)",
                        shown(closing, Unit::Kr)
                    ),
                ),
                (None, None) => continue,
            };
            problems.push(
                Mismatch::new(opening, closing, Unit::Kr)
                    .difference_warning(message)
                    .in_file(file)
                    .at(Position { line: at, column: 1 })
                    .hint("årets ingående balans ska vara förra årets utgående; har förra året ändrats efter årsskiftet, exportera filen igen"),
            );
        }
    }
}

/// The vouchers against the balances: where a month has #PSALDO and vouchers, they must agree
/// per account; a month of year 0 without #PSALDO gets its balances from the vouchers; and for
/// every account #IB plus the year's vouchers is #UB (and a result account's vouchers its #RES).
pub(super) fn reconcile(
    books: &mut Books,
    psaldo_lines: &BTreeMap<(u32, Account), usize>,
    trans_lines: &BTreeMap<(u32, Account), usize>,
    closing_lines: &BTreeMap<Account, usize>,
    result_lines: &BTreeMap<Account, usize>,
    problems: &mut Vec<Diagnostic>,
    file: &str,
) {
    if books.transactions.is_empty() {
        return;
    }
    let months_with_psaldo: std::collections::BTreeSet<u32> =
        books.period_balances.keys().map(|(p, _)| *p).collect();
    let year = books
        .years
        .get(&0)
        .map(|(from, to)| (yyyymm(*from), yyyymm(*to)));
    let in_year = |p: u32| year.is_some_and(|(a, b)| p >= a && p <= b);
    let keys: std::collections::BTreeSet<(u32, Account)> = books
        .transactions
        .keys()
        .chain(books.period_balances.keys())
        .cloned()
        .collect();
    // An account whose #PSALDO and vouchers disagree is said once, there: its #UB and #RES are
    // not also compared with the vouchers.
    let mut disagree = std::collections::BTreeSet::new();
    for key in keys {
        let (month, account) = &key;
        if !months_with_psaldo.contains(month) || books.unknown_accounts.contains(account) {
            continue;
        }
        let psaldo = books.period_balances.get(&key).copied().unwrap_or_default();
        let vouchers = books.transactions.get(&key).copied().unwrap_or_default();
        if psaldo != vouchers {
            disagree.insert(account.clone());
            let line = psaldo_lines
                .get(&key)
                .or_else(|| trans_lines.get(&key))
                .copied()
                .unwrap_or(1);
            problems.push(
                Mismatch::new(psaldo, vouchers, Unit::Kr)
                    .difference_error(format!(
                        "konto {account}, {}: #PSALDO är {} men verifikationerna summerar till {}",
                        month_name(*month),
                        shown(psaldo, Unit::Kr),
                        shown(vouchers, Unit::Kr)
                    ))
                    .in_file(file)
                    .at(Position { line, column: 1 })
                    .hint("exportera filen igen, så att periodsaldona och verifikationerna kommer från samma bokföring"),
            );
        }
    }
    // Months of year 0 with vouchers but no #PSALDO: the vouchers are the period balances.
    let from_vouchers: Vec<((u32, Account), Decimal)> = books
        .transactions
        .iter()
        .filter(|((p, _), _)| in_year(*p) && !months_with_psaldo.contains(p))
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    for (key, value) in from_vouchers {
        let records = books
            .records
            .transactions
            .get(&key)
            .cloned()
            .unwrap_or_default();
        books
            .records
            .period_balances
            .entry(key.clone())
            .or_default()
            .extend(records);
        *books.period_balances.entry(key).or_default() += value;
    }
    // #IB + the year's vouchers = #UB; the year's vouchers = #RES.
    let mut year_sums: BTreeMap<Account, Decimal> = BTreeMap::new();
    for ((p, a), v) in &books.transactions {
        if in_year(*p) {
            *year_sums.entry(a.clone()).or_default() += v;
        }
    }
    if books.closing.is_empty() {
        return;
    }
    let accounts: std::collections::BTreeSet<&Account> = books
        .closing
        .keys()
        .chain(books.opening.keys())
        .chain(year_sums.keys())
        .collect();
    for account in accounts {
        if books.is_result_account(account)
            || books.unknown_accounts.contains(account)
            || disagree.contains(account)
        {
            continue;
        }
        let opening = books.opening.get(account).copied().unwrap_or_default();
        let change = year_sums.get(account).copied().unwrap_or_default();
        let closing = books.closing.get(account).copied().unwrap_or_default();
        if opening + change != closing {
            let line = books.place(closing_lines, account);
            problems.push(
                Mismatch::new(closing, opening + change, Unit::Kr)
                    .difference_error(format!(
                        "konto {account}: #UB {} är inte #IB {} + årets verifikationer {}",
                        shown(closing, Unit::Kr),
                        shown(opening, Unit::Kr),
                        shown(change, Unit::Kr)
                    ))
                    .in_file(file)
                    .at_if_unknown(line)
                    .hint(INCOMPLETE),
            );
        }
    }
    if books.result.is_empty() {
        return;
    }
    let results: std::collections::BTreeSet<&Account> = books
        .result
        .keys()
        .chain(year_sums.keys().filter(|a| books.is_result_account(a)))
        .collect();
    for account in results {
        let res = books.result.get(account).copied().unwrap_or_default();
        let vouchers = year_sums.get(account).copied().unwrap_or_default();
        if res != vouchers
            && !books.unknown_accounts.contains(account)
            && !disagree.contains(account)
        {
            problems.push(
                Mismatch::new(res, vouchers, Unit::Kr)
                    .difference_error(format!(
                        "konto {account}: #RES {} är inte årets verifikationer {}",
                        shown(res, Unit::Kr),
                        shown(vouchers, Unit::Kr)
                    ))
                    .in_file(file)
                    .at_if_unknown(books.place(result_lines, account))
                    .hint(INCOMPLETE),
            );
        }
    }
}

/// A whole year without vouchers: #IB plus the periods' balances (`change`) is #UB, for a
/// balance `account` that has one. With vouchers `reconcile` has held #UB against them.
pub(super) fn closing_is_opening_plus_periods(
    books: &Books,
    account: &Account,
    opening: Decimal,
    change: Decimal,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let a = account;
    if let Some(ub) = books.closing.get(a)
        && *ub != opening + change
    {
        problems.push(
            Mismatch::new(*ub, opening + change, Unit::Kr)
                .difference_error(format!(
                    "konto {a}: #UB {} är inte #IB {} + periodernas saldon {}",
                    shown(*ub, Unit::Kr),
                    shown(opening, Unit::Kr),
                    shown(change, Unit::Kr)
                ))
                .in_file(file)
                .at_if_unknown(books.place(&books.closing_lines, a))
                .hint(INCOMPLETE),
        );
    }
}

/// Every month's balances sum to zero; a month that does not is an error at its first #PSALDO
/// (`psaldo_lines`), and the balance sheet is unknown. Silent where an amount could not be read.
pub(super) fn periods_sum_to_zero(
    books: &mut Books,
    psaldo_lines: &BTreeMap<(u32, Account), usize>,
    problems: &mut Vec<Diagnostic>,
    file: &str,
) {
    if books.unknown {
        return;
    }
    let mut per_period: BTreeMap<u32, Decimal> = BTreeMap::new();
    for ((period, _), v) in &books.period_balances {
        *per_period.entry(*period).or_default() += v;
    }
    for (period, sum) in per_period {
        if !sum.is_zero() {
            // Said once: the balance sheet and the cash flow over it are unknown.
            books.unknown = true;
            // At the month's first #PSALDO (a month made from vouchers has none: the file).
            let first = psaldo_lines
                .iter()
                .filter(|((p, _), _)| *p == period)
                .map(|(_, line)| *line)
                .min();
            // The sum is the difference from 0: said once, as the kind's `skillnad`.
            problems.push(
                Mismatch::new(sum, Decimal::ZERO, Unit::Kr)
                    .difference_error(format!(
                        "periodsaldona för {} summerar inte till 0",
                        month_name(period)
                    ))
                    .in_file(file)
                    .at_if_unknown(first.map(|line| Position { line, column: 1 }))
                    .hint("debet och kredit ska ta ut varandra varje månad; saknas en rad, exportera filen igen"),
            );
        }
    }
}

/// The hint of a balance that the file's other figures do not give (the difference is in the
/// message).
const INCOMPLETE: &str = "filen är ofullständig eller exporterad i två omgångar";
