//! Closed years (bokslut) and föregående år from SIE books, for the årsredovisning.
//!
//! At bokslut every accounting system books the year's result on 8999 (Årets resultat) against
//! 2099. Read as it stands, 8999 would be a cost equal to the profit and every statement would
//! show a result of 0; so the closing entry is taken back here before the statements are made,
//! and the result then appears once, as “Årets resultat” under eget kapital, whether the entry
//! was booked or not. Year −1 (`#IB −1`, `#UB −1`, `#RES −1`) becomes books of its own, so the
//! same code makes its statements, and its result column joins the year's resultaträkning.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::sie::{Account, Books, Record, Records};
pub use super::sie::{EQUITY_ACCOUNT, RESULT_ACCOUNT};
use super::statement::Statement;

/// The books with the closing entry (8999 against 2099) taken back, so that a closed year reads
/// like an open one; books without 8999 come back as they are. What stays on 2099 afterwards is
/// an earlier year's result not yet carried forward, and is named so.
pub fn reopen(books: &Books) -> Books {
    let mut open = books.clone();
    // Files leave out balances that are zero: where a year has #UB at all, a balance account
    // with #IB and no #UB ends the year at 0 (not where it began).
    if !open.closing.is_empty() {
        let ended: Vec<Account> = open
            .opening
            .keys()
            .filter(|a| a.value() < 3000 && !open.closing.contains_key(a))
            .cloned()
            .collect();
        for a in ended {
            open.closing.insert(a, Decimal::ZERO);
        }
    }
    let (result, equity) = (Account::from(RESULT_ACCOUNT), Account::from(EQUITY_ACCOUNT));
    // Year 0 and year −1 alike: the result (#RES) goes back to the closing balance of 2099.
    let booked = open.result.remove(&result).unwrap_or_default();
    let records = open.records.result.remove(&result).unwrap_or_default();
    if !booked.is_zero() {
        *open.closing.entry(equity.clone()).or_default() += booked;
        let into = open.records.closing.entry(equity.clone()).or_default();
        into.extend(records.into_iter().map(taken_back));
    }
    let booked = open.previous[2].remove(&result).unwrap_or_default();
    let records = open.records.previous[2].remove(&result).unwrap_or_default();
    if !booked.is_zero() {
        *open.previous[1].entry(equity.clone()).or_default() += booked;
        let into = open.records.previous[1].entry(equity.clone()).or_default();
        into.extend(records.into_iter().map(taken_back));
    }
    // In the period balances (#PSALDO 0 and −1, and the months made from vouchers) and the
    // vouchers the closing entry sits in a month or on a day: moved back to 2099 there.
    let records = &mut open.records;
    take_back(&mut open.period_balances, &mut records.period_balances);
    take_back(
        &mut open.previous_period_balances,
        &mut records.previous_period_balances,
    );
    take_back(&mut open.transactions, &mut records.transactions);
    take_back(&mut open.vouchers, &mut records.vouchers);
    open.period_budgets.retain(|(_, a), _| *a != RESULT_ACCOUNT);
    records
        .period_budgets
        .retain(|(_, a), _| *a != RESULT_ACCOUNT);
    let earlier = open.opening.get(&equity).copied().unwrap_or_default();
    if !earlier.is_zero() && open.accounts.contains_key(&equity) {
        open.accounts
            .insert(equity, "Föregående års resultat".into());
    }
    open
}

/// A record of the closing entry on 8999, counted on 2099 as it is taken back.
fn taken_back(record: Record) -> Record {
    Record {
        note: Some("bokslutspost återförd"),
        ..record
    }
}

/// Moves every amount on 8999 to 2099 under the same key (month or day), and its records.
fn take_back<K: Ord + Copy>(
    map: &mut BTreeMap<(K, Account), Decimal>,
    records: &mut BTreeMap<(K, Account), Vec<Record>>,
) {
    let booked: Vec<(K, Account, Decimal)> = map
        .iter()
        .filter(|((_, a), _)| *a == RESULT_ACCOUNT)
        .map(|((k, a), v)| (*k, a.clone(), *v))
        .collect();
    for (key, account, value) in booked {
        map.remove(&(key, account.clone()));
        let equity = (key, Account::from(EQUITY_ACCOUNT));
        *map.entry(equity.clone()).or_default() += value;
        let moved = records.remove(&(key, account)).unwrap_or_default();
        records
            .entry(equity)
            .or_default()
            .extend(moved.into_iter().map(taken_back));
    }
}

/// Year −1 as books of their own (its #RAR as year 0, its #IB/#UB/#RES as the year's), reopened;
/// `None` when the file holds no year −1 or no balances for it.
pub fn previous_year(books: &Books) -> Option<Books> {
    let year = *books.years.get(&-1)?;
    let [opening, closing, result] = &books.previous;
    // Without year −1's #UB, #RES or #PSALDO there is nothing to compare with.
    if closing.is_empty() && result.is_empty() && books.previous_period_balances.is_empty() {
        return None;
    }
    let [opening_records, closing_records, result_records] = &books.records.previous;
    let previous = Books {
        company: books.company.clone(),
        years: BTreeMap::from([(0, year)]),
        accounts: books.accounts.clone(),
        account_types: books.account_types.clone(),
        opening: opening.clone(),
        closing: closing.clone(),
        result: result.clone(),
        // Its months where the file has no #RES −1 for the year.
        period_balances: if result.is_empty() {
            books.previous_period_balances.clone()
        } else {
            BTreeMap::new()
        },
        file: books.file.clone(),
        records: Records {
            opening: opening_records.clone(),
            closing: closing_records.clone(),
            result: result_records.clone(),
            period_balances: if result.is_empty() {
                books.records.previous_period_balances.clone()
            } else {
                BTreeMap::new()
            },
            ..Records::default()
        },
        ..Books::default()
    };
    Some(reopen(&previous))
}

/// For an SIE `typ: sie` of a whole fiscal year (`None` for any other period): adds year −1's
/// column to the resultaträkning where the file holds year −1, and makes the kassaflödesanalys
/// for both years, checked. Its mismatches are reported at `at` (the data file's `fil:`).
#[allow(clippy::too_many_arguments)]
pub fn annual(
    books: &Books,
    plan: &[super::sie::PlanGroup],
    plan_name: &str,
    period: Option<(crate::money::Date, crate::money::Date)>,
    income: &mut Statement,
    accounts_as_rows: bool,
    at: (&str, crate::diagnostics::Position),
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) -> Option<super::cashflow::CashFlow> {
    use super::cashflow::{CashFlow, movements_from_books, year_heading};
    let fiscal = books.years.get(&0).copied();
    // A kassaflödesanalys and föregående år belong to a whole fiscal year (FORMAT.md); over
    // books with an amount already said to be wrong, the flow is unknown.
    let whole_year = period.is_none() || period == fiscal;
    if !whole_year || books.unknown {
        return None;
    }
    let depreciation = if plan_name.trim().eq_ignore_ascii_case("kommun-bas") {
        (7800, 7899)
    } else {
        (7700, 7899)
    };
    let utfall = |s: &Statement| {
        s.columns
            .iter()
            .position(|c| c == "utfall")
            .map(|c| s.result_figures().swap_remove(c))
    };
    // A year the file has no opening balances for cannot give a kassaflödesanalys: likvida
    // medel at its start and every change would be counted from zero. Left out, and said.
    let left_out = |year: &str, tag: &str, problems: &mut Vec<crate::diagnostics::Diagnostic>| {
        problems.push(
            crate::diagnostics::Diagnostic::warning(format!(
                "kassaflödesanalysen för {year} utelämnas: SIE-filen har inga ingående balanser för {year} ({tag}), så likvida medel vid årets början och årets förändringar går inte att räkna"
            ))
            .in_file(at.0)
            .at(at.1)
            .hint(format!("exportera SIE-filen med ingående balanser ({tag})")),
        );
    };
    // Last year's closing balances say that there was a year before with balances to open from.
    if books.opening.is_empty() && !books.previous[1].is_empty() {
        left_out(&year_heading(fiscal, "året"), "#IB 0", problems);
        return None;
    }
    let this_year = movements_from_books(books, period, utfall(income)?, depreciation)?;
    let mut years = vec![(year_heading(fiscal, "Utfall"), this_year)];
    let previous = previous_year(books);
    if let Some(previous) = &previous
        && previous.opening.is_empty()
    {
        left_out(
            &year_heading(previous.years.get(&0).copied(), "föregående år"),
            "#IB −1",
            problems,
        );
    }
    if let Some(previous) = previous.filter(|p| !p.opening.is_empty()) {
        let mut found = Vec::new();
        let request = super::sie::Request {
            period: None,
            period_at: None,
            accounts_as_rows,
            allow_incomplete: false,
            report_signs: None,
            form: None,
            columns: None,
            ..Default::default()
        };
        let before = super::sie::statements(&previous, plan, &request, &income.file, &mut found)
            .map(|(before, _)| before);
        // Year −1's own problems, said to be its; its warnings repeat this year's.
        problems.extend(found.into_iter().filter(|d| d.is_error()).map(|mut d| {
            d.message = format!("föregående år: {}", d.message);
            d
        }));
        if let Some(result) = before.as_ref().and_then(utfall)
            && let Some(m) = movements_from_books(&previous, None, result, depreciation)
        {
            years.push((
                year_heading(previous.years.get(&0).copied(), "Föregående år"),
                m,
            ));
        }
    }
    let flow = CashFlow {
        file: at.0.to_owned(),
        position: at.1,
        unit: crate::money::Unit::Kr,
        years,
    };
    flow.check(problems);
    Some(flow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sie;

    /// The statements of the whole fiscal year, as a `typ: sie` without `period:` asks them.
    fn whole_year(accounts_as_rows: bool) -> sie::Request {
        sie::Request {
            accounts_as_rows,
            ..Default::default()
        }
    }

    const CLOSED: &str = "#RAR 0 20190101 20191231\n#RAR -1 20180101 20181231\n#KONTO 1930 \"Bank\"\n#KONTO 2099 \"Årets resultat\"\n#KONTO 2091 \"Balanserat resultat\"\n#KONTO 3010 \"Bidrag\"\n#KONTO 5010 \"Lokalhyra\"\n#KONTO 8999 \"Årets resultat\"\n#IB 0 1930 1000\n#IB 0 2091 -900\n#IB 0 2099 -100\n#UB 0 1930 1300\n#UB 0 2091 -1000\n#UB 0 2099 -300\n#RES 0 3010 -500\n#RES 0 5010 200\n#RES 0 8999 300\n#IB -1 1930 900\n#IB -1 2091 -900\n#UB -1 1930 1000\n#UB -1 2091 -900\n#UB -1 2099 -100\n#RES -1 3010 -400\n#RES -1 5010 300\n#RES -1 8999 100\n";

    #[test]
    fn a_closed_year_reads_like_an_open_one() {
        let (books, problems) = sie::parse(CLOSED, "b.se");
        assert!(problems.is_empty(), "{problems:?}");
        let open = reopen(&books);
        assert!(!open.result.contains_key(&Account::from(8999)));
        assert_eq!(open.closing[&Account::from(2099)], Decimal::ZERO);
        let plan = sie::plan("bas").unwrap();
        let mut problems = Vec::new();
        let (income, balance) =
            sie::statements(&open, &plan, &whole_year(true), "b.se", &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        balance.check_balance(
            crate::diagnostics::Position { line: 1, column: 1 },
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:?}");
        // Read as it stands, 8999 would make the result 0; reopened it is the profit, 300.
        assert_eq!(income.result()[0], Decimal::from(300));
        let equity = &balance.sections[1].1;
        fn names<'a>(lines: &'a [super::super::statement::Line], out: &mut Vec<&'a str>) {
            for l in lines {
                out.push(l.name.as_str());
                names(&l.lines, out);
            }
        }
        let mut named = Vec::new();
        names(equity, &mut named);
        assert_eq!(
            named
                .iter()
                .filter(|n| n.ends_with("Årets resultat"))
                .count(),
            1,
            "{named:?}"
        );
    }

    #[test]
    fn the_closing_entry_taken_back_is_marked_in_the_trail() {
        use crate::model::figure::{Figure, Origin};
        let (books, _) = sie::parse(CLOSED, "b.se");
        let open = reopen(&books);
        // 2099 closes at #UB −300 and the closing entry's #RES 8999 300 taken back: 0.
        let equity = Account::from(2099);
        let records = &open.records.closing[&equity];
        let amounts: Decimal = records.iter().map(|r| r.amount).sum();
        assert_eq!(amounts, open.closing[&equity]);
        assert_eq!(
            records
                .iter()
                .map(|r| (r.line, r.tag, r.account.as_str(), r.note))
                .collect::<Vec<_>>(),
            [
                (14, "#UB", "2099", None),
                (17, "#RES", "8999", Some("bokslutspost återförd"))
            ]
        );
        // The kassaflödesanalys's change in eget kapital counts it, marked.
        let m =
            super::super::cashflow::movements_from_books(&open, None, Figure::zero(), (7700, 7899))
                .unwrap();
        fn books_of(f: &Figure) -> Vec<crate::model::figure::Entry> {
            match f.origin.as_ref() {
                Origin::Books(entries) => entries.clone(),
                _ => f.parts().into_iter().flat_map(books_of).collect(),
            }
        }
        let marked: Vec<_> = books_of(&m.equity)
            .into_iter()
            .filter(|e| e.note.is_some())
            .collect();
        assert_eq!(marked.len(), 1, "{marked:?}");
        assert_eq!(
            (marked[0].line, marked[0].account.as_str(), marked[0].amount),
            (17, "8999", Decimal::from(300))
        );
    }

    #[test]
    fn year_minus_one_becomes_the_previous_column() {
        let (books, _) = sie::parse(CLOSED, "b.se");
        let previous = previous_year(&books).unwrap();
        assert_eq!(previous.years[&0].0.year, 2018);
        let plan = sie::plan("bas").unwrap();
        let mut problems = Vec::new();
        let (income, _) = sie::statements(
            &reopen(&books),
            &plan,
            &whole_year(false),
            "b.se",
            &mut problems,
        )
        .unwrap();
        let (before, _) =
            sie::statements(&previous, &plan, &whole_year(false), "b.se", &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(before.result(), [Decimal::from(100)]);
        assert_eq!(income.columns, ["utfall", "föregående_år"]);
        assert_eq!(income.result(), [Decimal::from(300), Decimal::from(100)]);
    }
}
