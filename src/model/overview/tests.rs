//! The key figures counted from a small SIE file: a closed and an open year, every record with
//! its line; years and lists as printed.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::counted::BookSource;
use super::files::Plan;
use super::year::Year;
use super::*;
use crate::model::figure::Origin;
use crate::model::sie;
use crate::money::Date;

const FILE: &str = "#RAR 0 20190101 20191231\n#RAR -1 20180101 20181231\n#KONTO 1930 \"Bank\"\n#KONTO 2091 \"Balanserat\"\n#KONTO 2099 \"Årets resultat\"\n#KONTO 3010 \"Medlemsbidrag\"\n#KONTO 5010 \"Lokal\"\n#KONTO 8310 \"Ränta\"\n#KONTO 8999 \"Årets resultat\"\n#IB 0 1930 1100\n#IB 0 2091 -1000\n#IB 0 2099 -100\n#UB 0 1930 1400\n#UB 0 2091 -1100\n#UB 0 2099 -300\n#RES 0 3010 -500\n#RES 0 8310 -10\n#RES 0 5010 210\n#RES 0 8999 300\n#IB -1 1930 1000\n#IB -1 2091 -1000\n#UB -1 1930 1100\n#UB -1 2091 -1000\n#UB -1 2099 -100\n#RES -1 3010 -400\n#RES -1 5010 300\n#RES -1 8999 100\n";

fn years_of(text: &str, ranges: Option<&[(u32, u32)]>) -> Vec<Year> {
    let (books, _) = sie::parse(text, "b.se");
    let records = records::scan(text);
    let plan = Plan::bas();
    let source = BookSource {
        file: Arc::from("b.se"),
        books: &books,
        plan: &plan,
        contributions: ranges,
    };
    [0, -1]
        .iter()
        .filter_map(|i| source.year(&records[i], *i, 0))
        .collect()
}

#[test]
fn a_closed_year_gives_its_result_once_and_every_record_with_its_line() {
    let years = years_of(FILE, Some(&[(3010, 3019)]));
    let (this, last) = (&years[0], &years[1]);
    let value = |y: &Year, k: Key| y.get(k).map(|f| f.value);
    assert_eq!(value(this, Key::Revenue), Some(Decimal::from(510)));
    assert_eq!(value(this, Key::Costs), Some(Decimal::from(-210)));
    assert_eq!(value(this, Key::Result), Some(Decimal::from(300)));
    // 1 400 of equity: 1 100 + 300 booked on 2099, the closing entry taken back and the
    // result added once.
    assert_eq!(value(this, Key::Equity), Some(Decimal::from(1400)));
    assert_eq!(value(this, Key::Cash), Some(Decimal::from(1400)));
    assert_eq!(value(this, Key::Solidity), Some(Decimal::ONE));
    assert_eq!(value(this, Key::Contributions), Some(Decimal::from(500)));
    assert_eq!(value(last, Key::Result), Some(Decimal::from(100)));
    assert_eq!(value(last, Key::Equity), Some(Decimal::from(1100)));
    assert_eq!(this.label, "2019");
    assert_eq!(last.year, 2018);
    // The opening: eget kapital 1 100 at 2019's start, said at the first #IB of it.
    let opening = this.opening.as_ref().unwrap();
    assert_eq!(
        (opening.equity, opening.equity_line),
        (Decimal::from(1100), 11)
    );
    // Intäkter are the #RES records of 3010 and 8310, each with its line, turned.
    let revenue = this.get(Key::Revenue).unwrap();
    let Origin::Negated(inner) = revenue.origin.as_ref() else {
        panic!("negated")
    };
    let Origin::Books(entries) = inner.origin.as_ref() else {
        panic!("books")
    };
    let lines: Vec<(usize, &str)> = entries
        .iter()
        .map(|e| (e.line, e.account.as_str()))
        .collect();
    assert_eq!(lines, [(16, "3010"), (17, "8310")]);
}

#[test]
fn an_open_year_has_the_same_equity_as_a_closed_one() {
    let open = FILE
        .replace("#UB 0 2099 -300\n", "#UB 0 2099 0\n")
        .replace("#RES 0 8999 300\n", "");
    let years = years_of(&open, None);
    assert_eq!(
        years[0].get(Key::Equity).unwrap().value,
        Decimal::from(1400)
    );
    assert!(years[0].get(Key::Contributions).is_none());
}

#[test]
fn years_are_listed_in_swedish() {
    assert_eq!(listed(&["2015".into()]), "2015");
    assert_eq!(
        listed(&["2015".into(), "2016".into(), "2017".into()]),
        "2015, 2016 och 2017"
    );
    let d = |y, m, day| Date {
        year: y,
        month: m,
        day,
    };
    assert_eq!(label((d(2019, 1, 1), d(2019, 12, 31))), "2019");
    assert_eq!(label((d(2009, 7, 1), d(2010, 6, 30))), "2009/10");
}
