//! Where a statement's figures come from in the books: an account's change and budget over any
//! days of the fiscal year (whole months from the period balances, part of a month from the
//! vouchers or by its days), the result month by month, and last year's same period.

use rust_decimal::Decimal;

use super::books::{Record, yyyymm};
use super::{Account, Books, EQUITY_ACCOUNT, RESULT_ACCOUNT};
use crate::model::figure::Figure;
use crate::model::statement::{day_after, month_end};
use crate::money::Date;

/// The months from `from` to `to`, each as its first and last day within them and whether that
/// is the whole month.
pub(super) fn pieces(from: Date, to: Date) -> Vec<(Date, Date, bool)> {
    let mut out = Vec::new();
    let mut first = Date { day: 1, ..from };
    // At most the months of the years a period can span (an SIE date has four digits).
    while first <= to && out.len() < 12 * 10_000 {
        let last = month_end(first);
        let (a, b) = (from.max(first), to.min(last));
        if a <= b {
            out.push((a, b, a == first && b == last));
        }
        first = day_after(last);
    }
    out
}

/// An account's figures over any days of the fiscal year: a whole month from its period balance
/// (#PSALDO, or the month's vouchers where it has none), part of a month from the vouchers by
/// their dates; budgets from #PBUDGET, part of a month by its share of the month's days.
pub(super) struct Figures<'a> {
    /// The books the figures are read from.
    pub(super) books: &'a Books,
}

impl Figures<'_> {
    /// The change of `account` from `from` to `to`, both days included, a figure of the records
    /// it counts. Part of a month needs vouchers (checked before): without them the month's
    /// #PSALDO is the balance to the day the books are complete to (#OMFATTN).
    pub(super) fn change_figure(&self, account: &Account, from: Date, to: Date) -> Figure {
        let books = self.books;
        let mut records: Vec<&Record> = Vec::new();
        for (a, b, whole) in pieces(from, to) {
            if whole || books.vouchers.is_empty() {
                records.extend(
                    books
                        .records
                        .period_balances
                        .get(&(yyyymm(a), account.clone()))
                        .into_iter()
                        .flatten(),
                );
            } else {
                records.extend(
                    books
                        .records
                        .vouchers
                        .range((a, account.clone())..=(b, account.clone()))
                        .filter(|((_, x), _)| x == account)
                        .flat_map(|(_, r)| r),
                );
            }
        }
        books.figure(records)
    }

    /// The budget of `account` from `from` to `to`, a figure: the #PBUDGET records of whole
    /// months, and a part of a month a portion of its budget by its days.
    pub(super) fn budget_figure(&self, account: &Account, from: Date, to: Date) -> Figure {
        let books = self.books;
        let mut whole_months: Vec<&Record> = Vec::new();
        let mut parts: Vec<Figure> = Vec::new();
        for (a, b, whole) in pieces(from, to) {
            let records = books
                .records
                .period_budgets
                .get(&(yyyymm(a), account.clone()))
                .into_iter()
                .flatten();
            if whole {
                whole_months.extend(records);
            } else {
                let month = books.figure(records);
                let (days, of) = (b.day - a.day + 1, month_end(a).day);
                let cut =
                    crate::money::round(month.value * Decimal::from(days) / Decimal::from(of), 2);
                let weight = Decimal::from(days) / Decimal::from(of);
                parts.push(
                    Figure::portion(&month, weight, format!("{days} av {of} dagar"))
                        .rounded_to(cut),
                );
            }
        }
        if parts.is_empty() {
            return books.figure(whole_months);
        }
        parts.insert(0, books.figure(whole_months));
        Figure::sum(&parts)
    }
}

/// The result month by month from the fiscal year's start to the period's end, accumulated, in
/// the statement's signs (a profit positive): utfall from the period balances (a month the
/// period ends within up to its last day), budget from #PBUDGET where the books have one. Empty
/// without period balances.
pub(super) fn monthly_result(
    figures: &Figures<'_>,
    accounts: &[Account],
    fiscal: Option<(Date, Date)>,
    period: Option<(Date, Date)>,
) -> Vec<(String, Figure, Option<Figure>)> {
    let books = figures.books;
    let (Some((start, _)), Some((_, end))) = (fiscal, period) else {
        return Vec::new();
    };
    if books.period_balances.is_empty() {
        return Vec::new();
    }
    let has_budget = !books.period_budgets.is_empty();
    let mut out = Vec::new();
    let (mut actual, mut budget) = (Figure::zero(), Figure::zero());
    // The month's figures of the accounts, summed and turned to the statement's signs, add to
    // the months before.
    let month = |of: &dyn Fn(&Account) -> Figure, before: &Figure| {
        let parts: Vec<Figure> = accounts.iter().map(of).collect();
        Figure::sum([before, &Figure::sum(&parts).negated()])
    };
    // At most the twelve months of a fiscal year (eighteen for a first, longer one).
    for (from, to, _) in pieces(start, end).into_iter().take(18) {
        actual = month(&|a| figures.change_figure(a, from, to), &actual);
        budget = month(&|a| figures.budget_figure(a, from, to), &budget);
        out.push((
            crate::money::SHORT_MONTHS[usize::from(from.month.clamp(1, 12) - 1)].to_owned(),
            actual.clone(),
            has_budget.then(|| budget.clone()),
        ));
    }
    out
}

/// How the column of last year's same period is made, or why the file cannot give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum LastYear {
    /// From #RES −1: a whole year.
    Result,
    /// From #PSALDO −1 of these months (yyyymm, first and last).
    Balances((u32, u32)),
    /// The file has no figures for it: why, in words.
    Missing(String),
}

/// Where last year's figures for the period `(from, to)` of the fiscal year `(start, end)` come
/// from: #RES −1 for a whole year, else #PSALDO −1 for every month of last year's same period
/// (a month without a single #PSALDO −1 is a month the file does not cover).
pub(super) fn last_year(
    books: &Books,
    (from, to): (Date, Date),
    (start, end): (Date, Date),
) -> LastYear {
    let Some(&(first, last)) = books.years.get(&-1) else {
        return LastYear::Missing("SIE-filen har inget föregående räkenskapsår (#RAR −1)".into());
    };
    let covered: std::collections::BTreeSet<u32> = books
        .previous_period_balances
        .keys()
        .map(|(p, _)| *p)
        .collect();
    let missing = |a: Date, b: Date| -> Vec<(Date, Date)> {
        pieces(a, b)
            .into_iter()
            .filter(|(a, _, _)| !covered.contains(&yyyymm(*a)))
            .map(|(a, b, _)| (a, b))
            .collect()
    };
    if (from, to) == (start, end) {
        if books.previous[2].keys().any(|a| *a != RESULT_ACCOUNT) {
            return LastYear::Result;
        }
        let gaps = missing(first, last);
        if gaps.is_empty() {
            return LastYear::Balances((yyyymm(first), yyyymm(last)));
        }
        return LastYear::Missing(format!(
            "SIE-filen har varken resultat för föregående år (#RES −1) eller periodsaldon (#PSALDO −1) för {}",
            months_named(&gaps)
        ));
    }
    if from.day != 1 || to != month_end(to) {
        return LastYear::Missing(
            "perioden börjar eller slutar mitt i en månad, men föregående års siffror finns bara per månad (#PSALDO −1)".into(),
        );
    }
    let back = |d: Date| Date {
        year: d.year - 1,
        day: 1,
        ..d
    };
    let (a, b) = (back(from), month_end(back(to)));
    if a < first || b > last {
        return LastYear::Missing(format!(
            "samma period föregående år, {}, ligger utanför föregående räkenskapsår ({} – {}, #RAR −1)",
            crate::model::statement::period_name(a, b),
            first.iso(),
            last.iso()
        ));
    }
    let gaps = missing(a, b);
    if gaps.is_empty() {
        LastYear::Balances((yyyymm(a), yyyymm(b)))
    } else {
        LastYear::Missing(format!(
            "SIE-filen har inga periodsaldon för föregående år (#PSALDO −1) för {}",
            months_named(&gaps)
        ))
    }
}

/// Last year's result in the books' signs (a profit negative), a figure of the records it
/// counts: from its figures for the whole year (#RES −1, or #PSALDO −1 of every month), else,
/// by the BAS convention, the opening balance of 2099 Årets resultat; `None` where the file
/// cannot say.
pub(super) fn last_years_result_figure(books: &Books) -> Option<Figure> {
    let whole = books
        .years
        .get(&-1)
        .map(|year| last_year(books, *year, *year));
    let records = &books.records;
    match whole {
        Some(LastYear::Result) => Some(
            books.figure(
                records.previous[2]
                    .iter()
                    .filter(|(a, _)| **a != RESULT_ACCOUNT)
                    .flat_map(|(_, r)| r),
            ),
        ),
        Some(LastYear::Balances(_)) => Some(
            books.figure(
                records
                    .previous_period_balances
                    .iter()
                    .filter(|((_, a), _)| books.is_result_account(a))
                    .flat_map(|(_, r)| r),
            ),
        ),
        _ => Some(
            books.figure(
                records
                    .opening
                    .get(&Account::from(EQUITY_ACCOUNT))
                    .into_iter()
                    .flatten(),
            ),
        )
        .filter(|f| !f.value.is_zero()),
    }
}

/// Months as words, runs of months together: “jan–aug 2009”, “juli 2009, sep–okt 2009”.
fn months_named(months: &[(Date, Date)]) -> String {
    let mut runs: Vec<(Date, Date)> = Vec::new();
    for &(a, b) in months {
        match runs.last_mut() {
            Some(run) if day_after(run.1) == a => run.1 = b,
            _ => runs.push((a, b)),
        }
    }
    runs.iter()
        .map(|(a, b)| crate::model::statement::period_name(*a, *b))
        .collect::<Vec<_>>()
        .join(", ")
}
