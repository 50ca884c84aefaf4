//! The books read from SIE text and made into statements: the parser's messages and places,
//! and a small file's statements end to end.

use super::plans::bas;
use super::*;
use crate::money::Date;

const SMALL: &str = "#FLAGGA 0\r\n#SIETYP 4\r\n#OKAND tagg skippas\r\n#RAR 0 20180101 20181231\r\n#KONTO 1930 \"Bank\"\r\n#KONTO 2010 \"Eget kapital\"\r\n#KONTO 3010 \"Bidrag\"\r\n#IB 0 1930 1000\r\n#IB 0 2010 -1000\r\n#PSALDO 0 201801 1930 {} 500.25\r\n#PSALDO 0 201801 3010 {} -500.25\r\n#PBUDGET 0 201801 3010 {} -400\r\n#VER A 1 20180105 \"Bidrag\"\r\n{\r\n#TRANS 1930 {} 500.25\r\n#TRANS 3010 {} -500.25\r\n}\r\n";

#[test]
fn books_become_statements_that_balance() {
    let (books, problems) = parse(SMALL, "b.se");
    assert!(problems.is_empty(), "{problems:?}");
    let mut problems = Vec::new();
    let period = Some((
        Date {
            year: 2018,
            month: 1,
            day: 1,
        },
        Date {
            year: 2018,
            month: 1,
            day: 31,
        },
    ));
    let request = Request {
        period,
        accounts_as_rows: true,
        report_signs: Some(false),
        ..Request::default()
    };
    let (income, balance) = statements(&books, &bas(), &request, "b.se", &mut problems).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(income.result()[1].to_string(), "500.25");
    assert_eq!(income.result()[0].to_string(), "400");
    assert_eq!(balance.section_sum("tillgångar")[2].to_string(), "1500.25");
    // Beräknat resultat under eget kapital makes it balance.
    assert_eq!(balance.equity_change().to_string(), "-500.25");
}

#[test]
fn a_date_with_letters_is_an_error_not_a_panic() {
    // Found by the fuzzer (tests/fuzz, target sie): a #RAR date of eight bytes, not digits.
    let crash: &[u8] = &[
        0x20, 0x23, 0x52, 0x45, 0x3d, 0x0a, 0x20, 0x23, 0x52, 0x41, 0x52, 0x20, 0x23, 0x46, 0x20,
        0x22, 0x22, 0x26, 0x00, 0x2a, 0x00, 0xbf, 0x22, 0x0a, 0x0a, 0x0a, 0x4d, 0x4e, 0x26, 0xca,
        0x23, 0x52, 0x3f, 0xbf, 0x00, 0x00,
    ];
    let (_, problems) = parse(&decode(crash), "b.se");
    assert!(
        problems
            .iter()
            .any(|d| d.message.starts_with("#RAR ska ha")),
        "{problems:?}"
    );
    let (_, problems) = parse("#RAR 0 2018ö101 20181231\n", "b.se");
    assert_eq!(problems[0].position.map(|p| p.line), Some(1));
}

#[test]
fn errors_are_located() {
    let broken = SMALL
        .replace("#TRANS 3010 {} -500.25", "#TRANS 3010 {} -500")
        .replace("#PSALDO 0 201801 1930", "#PSALDO 0 201801 1931");
    let (_, problems) = parse(&broken, "b.se");
    let messages: Vec<String> = problems
        .iter()
        .map(|d| format!("{}:{}", d.message, d.position.map_or(0, |p| p.line)))
        .collect();
    assert!(
        messages.iter().any(|m| m
            .starts_with("verifikationen balanserar inte: summan är 0,25\u{a0}kr")
            && m.ends_with(":13")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m
            .starts_with("konto 1931 saknas bland SIE-filens konton (#KONTO)")
            && m.ends_with(":10")),
        "{messages:?}"
    );
    let truncated = &SMALL[..SMALL.find("#TRANS 3010").unwrap()];
    let (_, problems) = parse(truncated, "b.se");
    assert!(
        problems
            .iter()
            .any(|d| d.message.contains("tar slut mitt i en verifikation")),
        "{problems:?}"
    );
}

#[test]
fn one_wrong_amount_in_the_books_is_one_message() {
    let books = SMALL.replace(
        "#VER A",
        "#UB 0 1930 1500.25\r\n#UB 0 2010 -1000\r\n#RES 0 3010 -500.25\r\n#VER A",
    );
    let (_, problems) = parse(&books, "b.se");
    assert!(problems.is_empty(), "{problems:?}");
    for (wrong, line) in [
        ("#TRANS 1930 {} 500.25", 18),
        ("#PSALDO 0 201801 1930 {} 500.25", 10),
        ("#IB 0 1930 1000", 8),
        ("#UB 0 1930 1500.25", 13),
    ] {
        let broken = books.replace(
            wrong,
            &wrong.replace("500.25", "5OO,25").replace(" 1000", " 1OOO"),
        );
        assert_ne!(broken, books);
        let (read, problems) = parse(&broken, "b.se");
        let messages: Vec<String> = problems
            .iter()
            .map(|d| format!("{}:{}", d.message, d.position.map_or(0, |p| p.line)))
            .collect();
        assert_eq!(messages.len(), 1, "{wrong}: {messages:?}");
        assert!(
            messages[0].starts_with("beloppet `")
                && messages[0].ends_with(&format!("` är inget tal:{line}")),
            "{wrong}: {messages:?}"
        );
        assert!(read.unknown && read.unknown_accounts.contains(&Account::from(1930)));
    }
}

/// Every record a figure counts, by its line, tag, account and amount.
fn entries(figure: &crate::model::figure::Figure) -> Vec<(usize, &'static str, String, String)> {
    use crate::model::figure::Origin;
    match figure.origin.as_ref() {
        Origin::Books(entries) => entries
            .iter()
            .map(|e| (e.line, e.tag, e.account.clone(), e.amount.to_string()))
            .collect(),
        Origin::Negated(inner) => entries(inner),
        other => panic!("not from the books: {other:?}"),
    }
}

#[test]
fn a_row_from_the_books_names_every_record_it_counts_and_they_add_up() {
    let (books, problems) = parse(SMALL, "content/x/b.se");
    assert!(problems.is_empty(), "{problems:?}");
    let request = Request {
        accounts_as_rows: true,
        report_signs: Some(false),
        ..Request::default()
    };
    let mut problems = Vec::new();
    let (income, balance) =
        statements(&books, &bas(), &request, "content/x/b.se", &mut problems).unwrap();
    let table = income.printed_table();
    let row = table.rows.iter().find(|r| r.name == "Bidrag").unwrap();
    let column = |key: &str| table.columns.iter().position(|c| c.key == key).unwrap();
    // Utfall: the #PSALDO of January, its sign turned as the resultaträkning prints it.
    let actual = row.cells[column("utfall")].as_ref().unwrap();
    assert_eq!(actual.value.to_string(), "500.25");
    assert_eq!(
        entries(actual),
        [(11, "#PSALDO", "3010".into(), "-500.25".into())]
    );
    let crate::model::figure::Origin::Negated(booked) = actual.origin.as_ref() else {
        panic!("{actual:?}")
    };
    assert_eq!(booked.value.to_string(), "-500.25");
    let crate::model::figure::Origin::Books(records) = booked.origin.as_ref() else {
        panic!("{booked:?}")
    };
    assert_eq!(records[0].file.as_ref(), "content/x/b.se");
    assert_eq!(records[0].name.as_deref(), Some("Bidrag"));
    // The budget: #PBUDGET; the avvikelse: utfall less budget.
    let budget = row.cells[column("budget")].as_ref().unwrap();
    assert_eq!(
        entries(budget),
        [(12, "#PBUDGET", "3010".into(), "-400".into())]
    );
    let variance = row.cells[column("avvikelse")].as_ref().unwrap();
    assert_eq!(variance.parts(), [actual, budget]);
    // Bank: ingående #IB, förändring #PSALDO, utgående their sum.
    let table = balance.printed_table();
    let bank = table.rows.iter().find(|r| r.name == "Bank").unwrap();
    let opening = bank.cells[0].as_ref().unwrap();
    assert_eq!(entries(opening), [(8, "#IB", "1930".into(), "1000".into())]);
    let change = bank.cells[1].as_ref().unwrap();
    assert_eq!(
        entries(change),
        [(10, "#PSALDO", "1930".into(), "500.25".into())]
    );
    let closing = bank.cells[2].as_ref().unwrap();
    assert_eq!(closing.value.to_string(), "1500.25");
    assert_eq!(closing.parts(), [opening, change]);
}
