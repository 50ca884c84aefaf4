//! What an SIE file holds, read: the books' accounts, balances by year and by month, budgets
//! and vouchers, with the lines that messages point at; and the months they are kept by.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::Account;
use crate::diagnostics::Position;
use crate::model::figure::{Entry, Figure};
use crate::money::Date;

/// A record of the books that an amount of [`Books`] counts: its line, tag and amount as
/// counted (the revisor's trail names each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record's 1-based line.
    pub line: usize,
    /// `#IB`, `#UB`, `#RES`, `#PSALDO`, `#PBUDGET` or `#TRANS`.
    pub tag: &'static str,
    /// The account as written.
    pub account: Account,
    /// The amount as counted.
    pub amount: Decimal,
    /// Why it counts otherwise than under its own account, where it does (a closing entry
    /// taken back).
    pub note: Option<&'static str>,
}

/// The records behind each amount of [`Books`], under the same keys: the amounts are the sums
/// of their records.
#[derive(Debug, Default, Clone)]
pub struct Records {
    /// `#IB 0`.
    pub opening: BTreeMap<Account, Vec<Record>>,
    /// `#UB 0`.
    pub closing: BTreeMap<Account, Vec<Record>>,
    /// `#RES 0`.
    pub result: BTreeMap<Account, Vec<Record>>,
    /// The period balances: `#PSALDO 0`, or a month's `#TRANS`.
    pub period_balances: BTreeMap<(u32, Account), Vec<Record>>,
    /// `#PBUDGET 0`.
    pub period_budgets: BTreeMap<(u32, Account), Vec<Record>>,
    /// `#PSALDO -1`.
    pub previous_period_balances: BTreeMap<(u32, Account), Vec<Record>>,
    /// `#TRANS` by month.
    pub transactions: BTreeMap<(u32, Account), Vec<Record>>,
    /// `#TRANS` by day.
    pub vouchers: BTreeMap<(Date, Account), Vec<Record>>,
    /// `#IB -1`, `#UB -1`, `#RES -1`.
    pub previous: [BTreeMap<Account, Vec<Record>>; 3],
}

/// A balance by (year index, account) or (year, period, account).
#[derive(Debug, Default, Clone)]
pub struct Books {
    /// `#FNAMN`
    pub company: Option<String>,
    /// `#RAR`: year index → (from, to).
    pub years: BTreeMap<i32, (Date, Date)>,
    /// `#KONTO`: number → name.
    pub accounts: BTreeMap<Account, String>,
    /// The line of each `#KONTO`, for messages about the account.
    pub account_lines: BTreeMap<Account, usize>,
    /// The line of each account's `#UB 0`, for messages about its closing balance.
    pub closing_lines: BTreeMap<Account, usize>,
    /// `#KTYP`: number → T (tillgång), S (skuld), I (intäkt) or K (kostnad).
    pub account_types: BTreeMap<Account, char>,
    /// `#KPTYP`: the account plan the books follow (BAS2014, EUBAS97, ...), and its line.
    pub plan_type: Option<(String, usize)>,
    /// `#OMFATTN`: the date the books are complete to, and its line.
    pub coverage: Option<(Date, usize)>,
    /// `#IB` of year 0.
    pub opening: BTreeMap<Account, Decimal>,
    /// `#UB` of year 0.
    pub closing: BTreeMap<Account, Decimal>,
    /// `#RES` of year 0.
    pub result: BTreeMap<Account, Decimal>,
    /// The period balances of year 0, (yyyymm, account) → amount: `#PSALDO` without objects,
    /// or, for a month without any #PSALDO, the sum of that month's vouchers (#TRANS).
    pub period_balances: BTreeMap<(u32, Account), Decimal>,
    /// `#PBUDGET` of year 0 without objects.
    pub period_budgets: BTreeMap<(u32, Account), Decimal>,
    /// `#PSALDO -1` without objects: the same months of last year.
    pub previous_period_balances: BTreeMap<(u32, Account), Decimal>,
    /// The vouchers (#VER/#TRANS) summed by (yyyymm of the voucher date, account).
    pub transactions: BTreeMap<(u32, Account), Decimal>,
    /// The same by the day: (voucher date, account), for a period that ends (or starts)
    /// within a month.
    pub vouchers: BTreeMap<(Date, Account), Decimal>,
    /// `#IB`, `#UB` and `#RES` of year −1 (föregående år), when the file holds them.
    pub previous: [BTreeMap<Account, Decimal>; 3],
    /// An amount in the file could not be read (reported once): the sums over the whole file
    /// (a period's balances, the balance sheet) are unknown, and their checks stay silent.
    pub unknown: bool,
    /// The accounts with an amount that could not be read: their own checks stay silent.
    pub unknown_accounts: std::collections::BTreeSet<Account>,
    /// The file, relative to the project root, as the figures counted from it name it.
    pub file: Arc<str>,
    /// The records behind the amounts above.
    pub records: Records,
}

impl Books {
    /// Whether `account` is a result account (intäkt or kostnad): by `#KTYP` where the file
    /// has it; else by what the file holds for it (#RES, or #IB/#UB); else by the BAS classes
    /// (3–8, and 9 for internal accounts).
    pub fn is_result_account(&self, account: &Account) -> bool {
        match self.account_types.get(account) {
            Some('I' | 'K') => true,
            Some('T' | 'S') => false,
            _ if self.result.contains_key(account) => true,
            _ if self.opening.contains_key(account) || self.closing.contains_key(account) => false,
            _ => account.value() >= 3000,
        }
    }

    /// Where a message about `account` points: its line in `lines` (the record it is about),
    /// else its #KONTO.
    pub(super) fn place(
        &self,
        lines: &BTreeMap<Account, usize>,
        account: &Account,
    ) -> Option<Position> {
        lines
            .get(account)
            .or_else(|| self.account_lines.get(account))
            .map(|line| Position {
                line: *line,
                column: 1,
            })
    }

    /// The figure the records `records` count: each an [`Entry`] of this file, with its
    /// account's name.
    pub fn figure<'a>(&self, records: impl IntoIterator<Item = &'a Record>) -> Figure {
        Figure::books(
            records
                .into_iter()
                .map(|r| Entry {
                    file: self.file.clone(),
                    line: r.line,
                    tag: r.tag,
                    account: r.account.as_str().to_owned(),
                    name: self.accounts.get(&r.account).map(|n| Arc::from(n.as_str())),
                    amount: r.amount,
                    note: r.note,
                })
                .collect(),
        )
    }

    /// The accounts this year's figures name (#IB, #UB, #RES, #PSALDO), each once, in order.
    pub fn accounts(&self) -> Vec<Account> {
        let mut accounts: Vec<Account> = self
            .opening
            .keys()
            .chain(self.closing.keys())
            .chain(self.result.keys())
            .chain(self.period_balances.keys().map(|(_, a)| a))
            .cloned()
            .collect();
        accounts.sort_unstable();
        accounts.dedup();
        accounts
    }
}

/// `201101` for any day of January 2011: the key of a month in the books.
pub(super) fn yyyymm(d: Date) -> u32 {
    d.year.max(0) as u32 * 100 + u32::from(d.month)
}

/// `jan 2011` for `201101`.
pub(super) fn month_name(yyyymm: u32) -> String {
    use crate::money::MONTHS;
    let month = (yyyymm % 100) as usize;
    match MONTHS.get(month.wrapping_sub(1)) {
        Some(m) => format!("{m} {}", yyyymm / 100),
        None => yyyymm.to_string(),
    }
}
