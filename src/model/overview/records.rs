//! The records of an SIE file that a year of the flerårsöversikt counts, each with its line:
//! `#RAR`, `#IB`, `#UB`, `#RES`, `#PSALDO` without objects, and `#TRANS` under `#VER`. The
//! parsed [`Books`](crate::model::sie::Books) keep amounts by account but not the line of each
//! record, and the overview's figures name every record they count (the revisor's trail); so
//! the lines are read here from the same decoded text. The amounts are the books' own (the
//! file's errors are the SIE reader's to report); a record this reader cannot take is skipped.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::sie::Account;
use crate::money::Date;

/// One record: its line, tag, account and amount as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Record {
    /// 1-based line.
    pub line: usize,
    /// `#IB`, `#UB`, `#RES`, `#PSALDO` or `#TRANS`.
    pub tag: &'static str,
    /// The account as written.
    pub account: Account,
    /// The amount as written (debit positive).
    pub amount: Decimal,
}

/// The records of one year of the file (year index 0 or −1).
#[derive(Debug, Clone, Default)]
pub(super) struct Year {
    /// `#RAR`: the fiscal year and the line that says so.
    pub span: Option<((Date, Date), usize)>,
    /// `#IB`.
    pub opening: Vec<Record>,
    /// `#UB`.
    pub closing: Vec<Record>,
    /// `#RES`.
    pub result: Vec<Record>,
    /// `#PSALDO` without objects.
    pub periods: Vec<Record>,
    /// `#TRANS` of vouchers dated within the year (year 0 only).
    pub vouchers: Vec<Record>,
}

impl Year {
    /// The records of the year's movements of result accounts, as the books give them: `#RES`
    /// where the file has it for the year, else the period balances, else the vouchers.
    pub(super) fn movements(&self) -> &[Record] {
        [&self.result, &self.periods, &self.vouchers]
            .into_iter()
            .find(|r| !r.is_empty())
            .map_or(&[], Vec::as_slice)
    }

    /// The records that give the balances at the year's end: `#UB` where the file has it for
    /// the year, else `#IB` and the year's period balances or vouchers.
    pub(super) fn closing(&self) -> Vec<&Record> {
        if !self.closing.is_empty() {
            return self.closing.iter().collect();
        }
        let moved = if self.periods.is_empty() {
            &self.vouchers
        } else {
            &self.periods
        };
        self.opening.iter().chain(moved).collect()
    }
}

/// Years 0 and −1 of an SIE text, by year index.
pub(super) fn scan(text: &str) -> BTreeMap<i32, Year> {
    let mut years: BTreeMap<i32, Year> = BTreeMap::new();
    let mut voucher_date: Option<Date> = None;
    let mut pending: Vec<(Date, Record)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let fields = fields(raw);
        let Some((tag, rest)) = fields.split_first() else {
            continue;
        };
        let year_of = |index: &str| index.parse::<i32>().ok().filter(|y| *y == 0 || *y == -1);
        let record = |tag: &'static str, account: &str, amount: &str| {
            Some(Record {
                line,
                tag,
                account: Account::parse(account)?,
                amount: amount.parse::<Decimal>().ok()?,
            })
        };
        match (tag.to_ascii_uppercase().as_str(), rest) {
            ("#RAR", [index, from, to, ..]) => {
                if let (Some(y), Some(from), Some(to)) = (year_of(index), date(from), date(to)) {
                    years.entry(y).or_default().span = Some(((from, to), line));
                }
            }
            (tag @ ("#IB" | "#UB" | "#RES"), [index, account, amount, ..]) => {
                let (tag, y) = match tag {
                    "#IB" => ("#IB", year_of(index)),
                    "#UB" => ("#UB", year_of(index)),
                    _ => ("#RES", year_of(index)),
                };
                if let (Some(y), Some(r)) = (y, record(tag, account, amount)) {
                    let year = years.entry(y).or_default();
                    match tag {
                        "#IB" => year.opening.push(r),
                        "#UB" => year.closing.push(r),
                        _ => year.result.push(r),
                    }
                }
            }
            // A period balance of the whole books: one with objects is a part of it.
            ("#PSALDO", [index, _, account, objects, amount, ..]) if is_empty_list(objects) => {
                if let (Some(y), Some(r)) = (year_of(index), record("#PSALDO", account, amount)) {
                    years.entry(y).or_default().periods.push(r);
                }
            }
            ("#VER", [_, _, day, ..]) => voucher_date = date(day),
            ("#TRANS", [account, _, amount, ..]) => {
                if let (Some(d), Some(r)) = (voucher_date, record("#TRANS", account, amount)) {
                    pending.push((d, r));
                }
            }
            _ => {}
        }
    }
    // A voucher counts in the year its date falls in.
    if let Some(year) = years.get_mut(&0)
        && let Some(((from, to), _)) = year.span
    {
        year.vouchers = pending
            .into_iter()
            .filter(|(d, _)| (from..=to).contains(d))
            .map(|(_, r)| r)
            .collect();
    }
    years
}

/// Whether an object list is empty (`{}`, `{ }`).
fn is_empty_list(field: &str) -> bool {
    field
        .strip_prefix('{')
        .and_then(|f| f.strip_suffix('}'))
        .is_some_and(|inner| inner.trim().is_empty())
}

/// `20190131` as a date.
fn date(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::parse(&format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..])).ok()
}

/// The fields of a record: a quoted field without its quotes, an object list `{…}` whole (its
/// quotes and spaces inside it), anything else up to the next space or tab.
fn fields(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line.trim_start_matches([' ', '\t']);
    while !rest.is_empty() {
        let (field, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else if rest.starts_with('{') {
            let end = rest.find('}').map_or(rest.len(), |e| e + 1);
            rest.split_at(end)
        } else {
            let end = rest.find([' ', '\t']).unwrap_or(rest.len());
            rest.split_at(end)
        };
        out.push(field);
        rest = after.trim_start_matches([' ', '\t']);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "#RAR 0 20190101 20191231\n#RAR -1 20180101 20181231\n#IB 0 1930 1000\n#UB 0 \"1930\" 1300.50\n#RES 0 3010 -500\n#IB -1 1930 900\n#PSALDO 0 201901 3010 {} -100\n#PSALDO 0 201901 3010 {1 \"7\"} -60\n#VER A 1 20190115 \"Bidrag\"\n{\n   #TRANS 1930 {} 500\n   #TRANS 3010 {1 \"7 8\"} -500\n}\n#VER A 2 20200115 \"Nästa år\"\n{\n   #TRANS 1930 {} 1\n}\n";

    #[test]
    fn every_record_keeps_its_line() {
        let years = scan(FILE);
        let this = &years[&0];
        assert_eq!(this.span.unwrap().1, 1);
        assert_eq!(this.opening[0].line, 3);
        assert_eq!(this.closing[0].account.as_str(), "1930");
        assert_eq!(this.closing[0].amount, Decimal::new(130050, 2));
        assert_eq!(this.result[0].line, 5);
        // The period balance with an object is a part of the one without.
        assert_eq!(this.periods.len(), 1);
        // The vouchers of the year, objects and all; the one dated next year is not.
        assert_eq!(
            this.vouchers.iter().map(|r| r.line).collect::<Vec<_>>(),
            [11, 12]
        );
        assert_eq!(this.movements(), this.result.as_slice());
        assert_eq!(years[&-1].opening[0].line, 6);
        assert_eq!(years[&-1].span.unwrap().1, 2);
    }

    #[test]
    fn a_year_without_ub_ends_at_its_opening_and_movements() {
        let years =
            scan("#RAR 0 20190101 20191231\n#IB 0 1930 1000\n#PSALDO 0 201903 1930 {} 25\n");
        let closing: Vec<usize> = years[&0].closing().iter().map(|r| r.line).collect();
        assert_eq!(closing, [2, 3]);
    }

    #[test]
    fn what_it_cannot_take_is_skipped_without_a_panic() {
        let years = scan("#RAR 0 2019ä01 20191231\n#IB 0 x 1\n#UB 0 1930 en\n#RES\n\"#IB\n{}\n");
        assert!(
            years
                .get(&0)
                .is_none_or(|y| y.span.is_none() && y.opening.is_empty())
        );
    }
}
