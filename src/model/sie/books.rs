//! What an SIE file holds, read: the books' accounts, balances by year and by month, budgets
//! and vouchers, with the lines that messages point at; and the months they are kept by.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Account;
use crate::diagnostics::Position;
use crate::money::Date;

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
