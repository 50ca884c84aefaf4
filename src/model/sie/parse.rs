//! Reading SIE text into `Books`, record by record, with the checks a record or the file's
//! order allows: #KSUMMA, every voucher sums to zero and is booked once, dates and periods exist
//! and lie in the fiscal year, amounts are numbers, every account used is named (#KONTO). The
//! figures are then held against each other (`reconcile`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::books::{Record, month_name, yyyymm};
use super::decode::{checksummed, fields};
use super::reconcile;
use super::{Account, Books};
use crate::diagnostics::{Diagnostic, Form, Kind, Named, Position, Shape, SieField, Totalled};
use crate::money::Date;

/// The vouchers by series and number: the same voucher twice (the same date and entries) is
/// booked twice, an error at the second; a number two different vouchers share is a warning
/// (some systems number their automatic vouchers alike: BL writes `# 1` for each month's
/// depreciation).
#[derive(Default)]
struct Vouchers {
    /// The open voucher's series and number (`None` where either is blank), and its entries.
    current: Option<(VoucherId, Entries)>,
    /// Per series and number: each voucher's line, date and entries, sorted.
    by_id: BTreeMap<VoucherId, Vec<(usize, Option<Date>, Entries)>>,
}

/// A voucher's series and number.
type VoucherId = (String, String);

/// A voucher's entries (account, amount); `None` where an amount could not be read.
type Entries = Option<Vec<(Account, Decimal)>>;

impl Vouchers {
    fn open(&mut self, series: &str, number: &str) {
        self.current = (!series.trim().is_empty() && !number.trim().is_empty())
            .then(|| ((series.to_owned(), number.to_owned()), Some(Vec::new())));
    }

    fn entry(&mut self, account: Account, amount: Decimal) {
        if let Some((_, Some(entries))) = &mut self.current {
            entries.push((account, amount));
        }
    }

    fn unknown(&mut self) {
        if let Some((_, entries)) = &mut self.current {
            *entries = None;
        }
    }

    fn close(
        &mut self,
        line: usize,
        date: Option<Date>,
        problems: &mut Vec<Diagnostic>,
        file: &str,
    ) {
        let Some((id, mut entries)) = self.current.take() else {
            return;
        };
        if let Some(entries) = &mut entries {
            entries.sort();
        }
        let earlier = self.by_id.entry(id.clone()).or_default();
        if let Some((first, ..)) = earlier
            .iter()
            .find(|(_, d, e)| *d == date && e.is_some() && *e == entries)
        {
            problems.push(
                Diagnostic::error(format!(
                    "verifikation {} {} finns redan på rad {first}, med samma datum och konteringar: den skulle räknas två gånger",
                    id.0, id.1
                ))
                .in_file(file)
                .at(Position { line, column: 1 })
                .hint("ta bort den ena, eller exportera filen igen från bokföringssystemet"),
            );
            return;
        }
        earlier.push((line, date, entries));
    }

    fn finish(&self, problems: &mut Vec<Diagnostic>, file: &str) {
        for ((series, number), vouchers) in &self.by_id {
            if let [(first, ..), (second, ..), ..] = vouchers.as_slice() {
                problems.push(
                    Diagnostic::warning(format!(
                        "verifikationsnumret {series} {number} används av {} olika verifikationer (rad {first}, {second}{})",
                        vouchers.len(),
                        if vouchers.len() > 2 { " …" } else { "" }
                    ))
                    .in_file(file)
                    .at(Position { line: *second, column: 1 })
                    .hint("varje verifikation ska ha ett eget nummer i sin serie; kontrollera att ingen är bokförd två gånger"),
                );
            }
        }
    }
}

/// An SIE date `ÅÅÅÅMMDD` (eight ASCII digits: slicing anything else could split a letter).
fn sie_date(s: &str) -> Option<Date> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::parse(&format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..8])).ok()
}

/// How an amount is written in an SIE file, for the one written as `text`.
fn amount_hint(text: &str) -> String {
    let dotted = text.replace(',', ".").replace(' ', "");
    if Decimal::from_str_exact(&dotted).is_ok() {
        format!("belopp i SIE-filer skrivs med punkt och utan mellanslag: {dotted}")
    } else {
        "belopp i SIE-filer skrivs med punkt och utan mellanslag, t.ex. -1234.50; exportera filen igen från bokföringssystemet".into()
    }
}

/// A voucher being read: its #VER line, its sum (`None` once an amount could not be read),
/// whether its `{` has opened, its date, and the accounts it books.
struct Open {
    line: usize,
    sum: Option<Decimal>,
    inside: bool,
    date: Option<Date>,
    accounts: Vec<Account>,
}

/// A record counted as written.
fn record(line: usize, tag: &'static str, account: &Account, amount: Decimal) -> Record {
    Record {
        line,
        tag,
        account: account.clone(),
        amount,
        note: None,
    }
}

/// Parses SIE text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> (Books, Vec<Diagnostic>) {
    let mut books = Books {
        file: std::sync::Arc::from(file),
        ..Books::default()
    };
    let mut problems = Vec::new();
    // The first line that uses each account, for one message about an account #KONTO lacks.
    let mut used: BTreeMap<Account, usize> = BTreeMap::new();
    // Every voucher's series and number, and what it books.
    let mut seen = Vouchers::default();
    // From the opening #KSUMMA: its line and the CRC-32 of the records since.
    let mut checksum: Option<(usize, crc32fast::Hasher)> = None;
    let mut voucher: Option<Open> = None;
    let mut psaldo_lines: BTreeMap<(u32, Account), usize> = BTreeMap::new();
    let mut trans_lines: BTreeMap<(u32, Account), usize> = BTreeMap::new();
    let mut closing_lines: BTreeMap<Account, usize> = BTreeMap::new();
    // The first #IB 0 and #UB −1 of each account, for this year's opening against last year's
    // closing.
    let mut opening_lines: BTreeMap<Account, usize> = BTreeMap::new();
    let mut last_closing_lines: BTreeMap<Account, usize> = BTreeMap::new();
    let mut result_lines: BTreeMap<Account, usize> = BTreeMap::new();
    // (line, tag, year, period, account) of the #PSALDO and #PBUDGET the statements use.
    let mut periods: Vec<(usize, String, i32, u32, Account)> = Vec::new();
    // (line, year) of every #VER with a date, checked against #RAR 0 at the end.
    let mut voucher_dates: Vec<(usize, Date)> = Vec::new();
    let located = |line: usize, message: String| {
        Diagnostic::error(message)
            .in_file(file)
            .at(Position { line, column: 1 })
    };
    // A field of the line that is no number: `beloppet `x` är inget tal`.
    let no_number = |line: usize, field: SieField, written: &str| {
        Diagnostic::error_of(Kind::wrong_written(
            Shape::Field { field },
            Form::Number,
            None,
            written,
        ))
        .in_file(file)
        .at(Position { line, column: 1 })
    };
    let warned = |line: usize, message: String| {
        Diagnostic::warning(message)
            .in_file(file)
            .at(Position { line, column: 1 })
    };
    // Within money::LIMIT, so that no sum over the file can leave rust_decimal's range.
    let amount = |text: &str| -> Option<Decimal> {
        Decimal::from_str_exact(text.trim())
            .ok()
            .filter(|v| v.abs() < crate::money::LIMIT)
    };
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == "{" {
            match &mut voucher {
                Some(open) => open.inside = true,
                None => problems.push(located(line, "`{` utan #VER före".into())),
            }
            continue;
        }
        if trimmed == "}" {
            match voucher.take() {
                Some(open) => {
                    seen.close(open.line, open.date, &mut problems, file);
                    if let Some(sum) = open.sum
                        && !sum.is_zero()
                    {
                        problems.push(
                            Diagnostic::error_of(Kind::Total {
                                what: Totalled::Voucher,
                                sum,
                            })
                            .in_file(file)
                            .at(Position {
                                line: open.line,
                                column: 1,
                            }),
                        );
                        // Said once: the sums over its accounts are unknown, so the checks
                        // against #PSALDO, #UB and #RES stay silent.
                        books.unknown = true;
                        books.unknown_accounts.extend(open.accounts);
                    }
                }
                None => problems.push(located(line, "`}` utan #VER och `{` före".into())),
            }
            continue;
        }
        let f = fields(trimmed);
        let Some(tag) = f.first() else { continue };
        if tag == "#KSUMMA" {
            match (f.get(1), checksum.take()) {
                (None, None) => checksum = Some((line, crc32fast::Hasher::new())),
                (None, Some(open)) => {
                    problems.push(located(
                        line,
                        format!("#KSUMMA inleder kontrollsummeringen en gång till (första gången på rad {})", open.0),
                    ));
                    checksum = Some(open);
                }
                (Some(written), Some((_, sum))) => {
                    let computed = sum.finalize();
                    // Written as an unsigned number; some systems write its signed twin.
                    match written.parse::<i64>().ok().filter(|v| {
                        (i64::from(i32::MIN)..=i64::from(u32::MAX)).contains(v)
                    }) {
                        Some(v) if v as u32 == computed => {}
                        Some(_) => problems.push(
                            located(
                                line,
                                format!(
                                    "kontrollsumman stämmer inte: #KSUMMA anger {written}, men filens innehåll ger {computed}"
                                ),
                            )
                            .hint("filen har ändrats eller skadats efter exporten (en ändring för hand räcker); exportera den igen från bokföringssystemet"),
                        ),
                        None => problems.push(no_number(line, SieField::Checksum, written)),
                    }
                }
                (Some(_), None) => problems.push(warned(
                    line,
                    "kontrollsumman (#KSUMMA) kan inte kontrolleras: filen har inget inledande #KSUMMA".into(),
                )),
            }
            continue;
        }
        if let Some((_, sum)) = &mut checksum {
            checksummed(trimmed, sum);
        }
        let get = |i: usize| f.get(i).map(String::as_str).unwrap_or("");
        // A balance record cut short is a mistake in an amount like any other: said once (below,
        // by `need`), and what depends on the account is unknown.
        let least = match tag.as_str() {
            "#IB" | "#UB" | "#RES" => Some((4, 2)),
            "#PSALDO" | "#PBUDGET" => Some((6, 3)),
            _ => None,
        };
        if let Some((count, at)) = least
            && f.len() < count
        {
            books.unknown = true;
            if let Some(account) = Account::parse(get(at)) {
                used.entry(account.clone()).or_insert(line);
                books.unknown_accounts.insert(account);
            }
        }
        let need = |count: usize, problems: &mut Vec<Diagnostic>| {
            if f.len() < count {
                problems.push(located(
                    line,
                    format!("{tag} har för få fält ({} av {})", f.len(), count),
                ));
                false
            } else {
                true
            }
        };
        match tag.as_str() {
            "#FNAMN" => books.company = f.get(1).cloned(),
            "#RAR" if need(4, &mut problems) => {
                match (get(1).parse::<i32>(), sie_date(get(2)), sie_date(get(3))) {
                    (Ok(y), Some(from), Some(to)) => {
                        books.years.insert(y, (from, to));
                    }
                    _ => problems.push(located(
                        line,
                        "#RAR ska ha årsnummer, startdatum och slutdatum (ÅÅÅÅMMDD)".into(),
                    )),
                }
            }
            "#OMFATTN" if need(2, &mut problems) => match sie_date(get(1)) {
                Some(d) => books.coverage = Some((d, line)),
                None => problems.push(located(line, "#OMFATTN ska ha ett datum (ÅÅÅÅMMDD)".into())),
            },
            "#KPTYP" if need(2, &mut problems) => {
                books.plan_type = Some((f[1..].join(" "), line));
            }
            "#KTYP" if need(3, &mut problems) => {
                if let (Some(n), Some(t)) = (Account::parse(get(1)), get(2).chars().next()) {
                    books.account_types.insert(n, t.to_ascii_uppercase());
                }
            }
            "#KONTO" if need(2, &mut problems) => match Account::parse(get(1)) {
                Some(n) => {
                    books.account_lines.entry(n.clone()).or_insert(line);
                    books.accounts.insert(n, get(2).to_owned());
                }
                None => problems.push(no_number(line, SieField::Account, get(1))),
            },
            "#IB" | "#UB" | "#RES" if need(4, &mut problems) => {
                let (Ok(year), Some(account), Some(value)) = (
                    get(1).parse::<i32>(),
                    Account::parse(get(2)),
                    amount(get(3)),
                ) else {
                    books.unknown = true;
                    if let (Ok(_), Some(account)) = (get(1).parse::<i32>(), Account::parse(get(2)))
                    {
                        used.entry(account.clone()).or_insert(line);
                        books.unknown_accounts.insert(account);
                        problems.push(
                            no_number(line, SieField::Amount, get(3)).hint(amount_hint(get(3))),
                        );
                    } else {
                        problems.push(located(
                            line,
                            format!("{tag} ska ha årsnummer, konto och belopp"),
                        ));
                    }
                    continue;
                };
                used.entry(account.clone()).or_insert(line);
                match (year, tag.as_str()) {
                    (0, "#UB") => {
                        closing_lines.entry(account.clone()).or_insert(line);
                    }
                    (0, "#IB") => {
                        opening_lines.entry(account.clone()).or_insert(line);
                    }
                    (-1, "#UB") => {
                        last_closing_lines.entry(account.clone()).or_insert(line);
                    }
                    (0, "#RES") => {
                        result_lines.entry(account.clone()).or_insert(line);
                    }
                    _ => {}
                }
                let records = &mut books.records;
                let (map, records, tag) = match (year, tag.as_str()) {
                    (0, "#IB") => (&mut books.opening, &mut records.opening, "#IB"),
                    (0, "#UB") => (&mut books.closing, &mut records.closing, "#UB"),
                    (0, _) => (&mut books.result, &mut records.result, "#RES"),
                    (-1, "#IB") => (&mut books.previous[0], &mut records.previous[0], "#IB"),
                    (-1, "#UB") => (&mut books.previous[1], &mut records.previous[1], "#UB"),
                    (-1, _) => (&mut books.previous[2], &mut records.previous[2], "#RES"),
                    _ => continue,
                };
                records
                    .entry(account.clone())
                    .or_default()
                    .push(record(line, tag, &account, value));
                *map.entry(account).or_default() += value;
            }
            "#PSALDO" | "#PBUDGET" if need(6, &mut problems) => {
                let (Ok(year), Ok(period), Some(account), Some(value)) = (
                    get(1).parse::<i32>(),
                    get(2).parse::<u32>(),
                    Account::parse(get(3)),
                    amount(get(5)),
                ) else {
                    books.unknown = true;
                    if let (Ok(_), Ok(_), Some(account)) = (
                        get(1).parse::<i32>(),
                        get(2).parse::<u32>(),
                        Account::parse(get(3)),
                    ) {
                        used.entry(account.clone()).or_insert(line);
                        books.unknown_accounts.insert(account);
                        problems.push(
                            no_number(line, SieField::Amount, get(5)).hint(amount_hint(get(5))),
                        );
                        continue;
                    }
                    problems.push(located(
                        line,
                        format!(
                            "{tag} ska ha årsnummer, period (ÅÅÅÅMM), konto, objektlista och belopp"
                        ),
                    ));
                    continue;
                };
                // A period is ÅÅÅÅMM with a month that exists: anything else would be dropped
                // from every sum. Said once; the account's sums are unknown.
                used.entry(account.clone()).or_insert(line);
                if get(2).len() != 6 || !(1..=12).contains(&(period % 100)) {
                    books.unknown = true;
                    books.unknown_accounts.insert(account);
                    problems.push(
                        Diagnostic::error_of(Kind::unknown_name(
                            Named::SiePeriod {
                                tag: tag.to_string(),
                            },
                            get(2),
                            [],
                        ))
                        .in_file(file)
                        .at(Position { line, column: 1 }),
                    );
                    continue;
                }
                // Totals only: balances per object are breakdowns of the same amount.
                let objects = get(4)
                    .trim_matches(|c| c == '{' || c == '}')
                    .trim()
                    .is_empty();
                // The periods used must lie in their year: checked once #RAR is known.
                if objects && (year == 0 || (year == -1 && tag == "#PSALDO")) {
                    periods.push((line, tag.clone(), year, period, account.clone()));
                }
                let records = &mut books.records;
                if year == 0 && objects {
                    if tag == "#PSALDO" {
                        psaldo_lines
                            .entry((period, account.clone()))
                            .or_insert(line);
                        records
                            .period_balances
                            .entry((period, account.clone()))
                            .or_default()
                            .push(record(line, "#PSALDO", &account, value));
                        *books.period_balances.entry((period, account)).or_default() += value;
                    } else {
                        records
                            .period_budgets
                            .entry((period, account.clone()))
                            .or_default()
                            .push(record(line, "#PBUDGET", &account, value));
                        *books.period_budgets.entry((period, account)).or_default() += value;
                    }
                } else if year == -1 && objects && tag == "#PSALDO" {
                    records
                        .previous_period_balances
                        .entry((period, account.clone()))
                        .or_default()
                        .push(record(line, "#PSALDO", &account, value));
                    *books
                        .previous_period_balances
                        .entry((period, account))
                        .or_default() += value;
                }
            }
            "#VER" => {
                if let Some(open) = &voucher {
                    problems.push(located(
                        open.line,
                        "verifikationen saknar avslutande `}`".into(),
                    ));
                }
                let date = sie_date(get(3));
                if date.is_none() {
                    problems.push(
                        located(
                            line,
                            format!(
                                "#VER ska ha ett verifikationsdatum (ÅÅÅÅMMDD), inte `{}`",
                                get(3)
                            ),
                        )
                        .hint(
                            "fälten är serie, nummer, datum och text: #VER A 1 20180105 \"Text\"",
                        ),
                    );
                }
                if let Some(date) = date {
                    voucher_dates.push((line, date));
                }
                seen.open(get(1), get(2));
                voucher = Some(Open {
                    line,
                    sum: Some(Decimal::ZERO),
                    inside: false,
                    date,
                    accounts: Vec::new(),
                });
            }
            "#TRANS" => {
                // A missing amount (or object list) is the same mistake as a wrong one.
                let written = if f.len() < 4 { None } else { amount(get(3)) };
                match (
                    voucher.as_mut().filter(|open| open.inside),
                    written,
                    Account::parse(get(1)).ok_or(()),
                ) {
                    (Some(open), Some(v), Ok(account)) => {
                        if let Some(sum) = &mut open.sum {
                            *sum += v;
                        }
                        open.accounts.push(account.clone());
                        used.entry(account.clone()).or_insert(line);
                        seen.entry(account.clone(), v);
                        if let Some(date) = open.date {
                            let month = yyyymm(date);
                            trans_lines.entry((month, account.clone())).or_insert(line);
                            let trans = record(line, "#TRANS", &account, v);
                            let records = &mut books.records;
                            records
                                .transactions
                                .entry((month, account.clone()))
                                .or_default()
                                .push(trans.clone());
                            records
                                .vouchers
                                .entry((date, account.clone()))
                                .or_default()
                                .push(trans);
                            *books
                                .transactions
                                .entry((month, account.clone()))
                                .or_default() += v;
                            *books.vouchers.entry((date, account)).or_default() += v;
                        }
                    }
                    (Some(open), None, account) => {
                        // Reported once: the voucher's sum and the account's balances are
                        // unknown, so their checks stay silent.
                        open.sum = None;
                        seen.unknown();
                        books.unknown = true;
                        if let Ok(account) = account {
                            used.entry(account.clone()).or_insert(line);
                            books.unknown_accounts.insert(account);
                        }
                        problems.push(if f.len() < 4 {
                            located(line, "#TRANS saknar belopp".into()).hint(
                                "fälten är konto, objektlista och belopp: #TRANS 1930 {} 500.00",
                            )
                        } else {
                            no_number(line, SieField::Amount, get(3)).hint(amount_hint(get(3)))
                        })
                    }
                    (Some(open), _, Err(_)) => {
                        open.sum = None;
                        seen.unknown();
                        books.unknown = true;
                        problems.push(no_number(line, SieField::Account, get(1)))
                    }
                    _ => problems.push(located(line, "#TRANS utanför en verifikation".into())),
                }
            }
            // Added and removed transactions of SIE 4B: their #TRANS twins carry the amounts.
            "#RTRANS" | "#BTRANS" => {}
            _ => {}
        }
    }
    seen.finish(&mut problems, file);
    if let Some((start, _)) = checksum {
        problems.push(
            located(
                start,
                "filen tar slut utan den avslutande kontrollsumman (#KSUMMA) som det inledande #KSUMMA lovar".into(),
            )
            .hint("filen är avkortad: exportera den igen från bokföringssystemet"),
        );
    }
    if let Some(open) = voucher {
        problems.push(
            located(open.line, "filen tar slut mitt i en verifikation".into())
                .hint("filen är avkortad: exportera den igen från bokföringssystemet"),
        );
    }
    reconcile::opening_is_last_closing(
        &books,
        &opening_lines,
        &last_closing_lines,
        &mut problems,
        file,
    );
    // A period or a voucher outside its fiscal year would be left out of every sum.
    for (line, tag, year, period, account) in periods {
        let Some((first, last)) = books.years.get(&year) else {
            continue;
        };
        if period < yyyymm(*first) || period > yyyymm(*last) {
            books.unknown = true;
            books.unknown_accounts.insert(account);
            problems.push(
                located(
                    line,
                    format!(
                        "perioden {} i {tag} ligger utanför räkenskapsåret {} – {} (#RAR {})",
                        month_name(period),
                        first.iso(),
                        last.iso(),
                        if year == 0 { "0" } else { "−1" }
                    ),
                )
                .hint("exportera filen igen från bokföringssystemet, för ett räkenskapsår i taget"),
            );
        }
    }
    if let Some((first, last)) = books.years.get(&0) {
        for (line, date) in voucher_dates {
            if date < *first || date > *last {
                books.unknown = true;
                problems.push(
                    located(
                        line,
                        format!(
                            "verifikationen är daterad {}, utanför räkenskapsåret {} – {} (#RAR 0)",
                            date.iso(),
                            first.iso(),
                            last.iso()
                        ),
                    )
                    .hint("en SIE-fil har verifikationerna för ett räkenskapsår; exportera filen igen för rätt år"),
                );
            }
        }
    }
    // An account the file uses but does not name (#KONTO) prints as “Konto 7510”: said once,
    // at its first use.
    if books.accounts.is_empty() {
        if let Some((account, line)) = used.iter().min_by_key(|(_, line)| **line) {
            problems.push(
                warned(
                    *line,
                    format!(
                        "SIE-filen namnger inga konton (#KONTO): kontona visas med nummer, som ”Konto {account}”"
                    ),
                )
                .hint("exportera filen med kontoplanen (#KONTO)"),
            );
        }
    } else {
        for (account, line) in &used {
            if !books.accounts.contains_key(account) {
                problems.push(
                    warned(
                        *line,
                        format!(
                            "konto {account} saknas bland SIE-filens konton (#KONTO): det visas som ”Konto {account}”"
                        ),
                    )
                    .hint("lägg upp kontot med namn i bokföringssystemets kontoplan och exportera filen igen"),
                );
            }
        }
    }
    books.closing_lines = closing_lines.clone();
    reconcile::reconcile(
        &mut books,
        &psaldo_lines,
        &trans_lines,
        &closing_lines,
        &result_lines,
        &mut problems,
        file,
    );
    // Every period's balances sum to zero (unknown where an amount could not be read).
    reconcile::periods_sum_to_zero(&mut books, &psaldo_lines, &mut problems, file);
    (books, problems)
}
