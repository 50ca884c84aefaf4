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

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::statement::{Form, Kind, Line, Statement, day_after, day_before, month_end};
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{Date, Unit};

mod account;
pub use account::Account;

/// 8999 Årets resultat: the result account of a closed year's closing entry.
pub const RESULT_ACCOUNT: u32 = 8999;
/// 2099 Årets resultat: the equity account the closing entry credits.
pub const EQUITY_ACCOUNT: u32 = 2099;

/// CP437's upper half, as the SIE standard's “PC8” means it.
const CP437: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', 'É', 'æ', 'Æ',
    'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', 'á', 'í', 'ó', 'ú', 'ñ', 'Ñ',
    'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕',
    '╣', '║', '╗', '╝', '╜', '╛', '┐', '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦',
    '╠', '═', '╬', '╧', '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐',
    '▀', 'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', '≡', '±',
    '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

/// The text of an SIE file: UTF-16 where it is, UTF-8 if it is valid UTF-8, ISO-8859-1 where its
/// Swedish letters are plainly Latin-1, CP437 otherwise.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(text) = utf16(bytes) {
        return text;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
    }
    let latin = bytes
        .iter()
        .filter(|b| matches!(b, 0xE4 | 0xE5 | 0xF6 | 0xC4 | 0xC5 | 0xD6 | 0xE9))
        .count();
    let pc8 = bytes
        .iter()
        .filter(|b| matches!(b, 0x84 | 0x86 | 0x94 | 0x8E | 0x8F | 0x99 | 0x82))
        .count();
    if latin > pc8 {
        bytes.iter().map(|b| char::from(*b)).collect()
    } else {
        bytes
            .iter()
            .map(|b| {
                if *b < 0x80 {
                    char::from(*b)
                } else {
                    CP437[usize::from(b - 0x80)]
                }
            })
            .collect()
    }
}

/// The text of a file some systems save as UTF-16 (a byte-order mark, or every other byte a
/// NUL as ASCII text in UTF-16 has): `None` for any other file.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (body, little) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => {
            // No mark: ASCII tags (`#FLAGGA`) put a NUL after (little-endian) or before each
            // letter; a text in one byte per letter has no NUL at all.
            let head = &bytes[..bytes.len().min(64) & !1];
            let nul = |offset: usize| head.iter().skip(offset).step_by(2).all(|b| *b == 0);
            match head {
                [] => return None,
                _ if nul(1) => (bytes, true),
                _ if nul(0) => (bytes, false),
                _ => return None,
            }
        }
    };
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| {
            if little {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            }
        })
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// Splits a record into fields: spaces and tabs separate, `"..."` quotes (with `\"`), `{...}`
/// is one field.
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' || c == '\t' {
            chars.next();
            continue;
        }
        let mut field = String::new();
        if c == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => break,
                    c => field.push(c),
                }
            }
        } else if c == '{' {
            let mut quoted = false;
            for c in chars.by_ref() {
                field.push(c);
                match c {
                    '"' => quoted = !quoted,
                    '}' if !quoted => break,
                    _ => {}
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' || c == '\t' {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        out.push(field);
    }
    out
}

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

/// Adds a record to the CRC-32 of #KSUMMA as SIE 4B §10.14 says: its tag and fields, without
/// the spaces and tabs between fields, the quotes around them or the braces of object lists
/// (`\"` inside quotes counts as the quote alone), each character as its CP437 value.
fn checksummed(record: &str, sum: &mut crc32fast::Hasher) {
    let cp437 = |c: char| -> u8 {
        match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b,
            _ => CP437
                .iter()
                .position(|x| *x == c)
                .and_then(|i| u8::try_from(i + 0x80).ok())
                .unwrap_or(b'?'),
        }
    };
    let mut bytes = Vec::with_capacity(record.len());
    let mut quoted = false;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                bytes.push(b'"');
            }
            '"' => quoted = !quoted,
            ' ' | '\t' | '{' | '}' if !quoted => {}
            c => bytes.push(cp437(c)),
        }
    }
    sum.update(&bytes);
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
    fn place(&self, lines: &BTreeMap<Account, usize>, account: &Account) -> Option<Position> {
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

/// An SIE date `ÅÅÅÅMMDD` (eight ASCII digits: slicing anything else could split a letter).
fn sie_date(s: &str) -> Option<Date> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::parse(&format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..8])).ok()
}

/// `jan 2011` for `201101`.
fn month_name(yyyymm: u32) -> String {
    use crate::money::MONTHS;
    let month = (yyyymm % 100) as usize;
    match MONTHS.get(month.wrapping_sub(1)) {
        Some(m) => format!("{m} {}", yyyymm / 100),
        None => yyyymm.to_string(),
    }
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

/// Parses SIE text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> (Books, Vec<Diagnostic>) {
    let mut books = Books::default();
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
                            located(
                                open.line,
                                format!(
                                    "verifikationen balanserar inte: summan är {} i stället för 0",
                                    super::shown(sum, Unit::Kr)
                                ),
                            )
                            .hint("debet och kredit i en verifikation ska ta ut varandra"),
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
                        None => problems.push(located(
                            line,
                            format!("kontrollsumman `{written}` är inget tal"),
                        )),
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
                None => problems.push(located(
                    line,
                    format!("kontonumret `{}` är inget tal", get(1)),
                )),
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
                            located(line, format!("beloppet `{}` är inget tal", get(3)))
                                .hint(amount_hint(get(3))),
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
                let map = match (year, tag.as_str()) {
                    (0, "#IB") => &mut books.opening,
                    (0, "#UB") => &mut books.closing,
                    (0, _) => &mut books.result,
                    (-1, "#IB") => &mut books.previous[0],
                    (-1, "#UB") => &mut books.previous[1],
                    (-1, _) => &mut books.previous[2],
                    _ => continue,
                };
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
                            located(line, format!("beloppet `{}` är inget tal", get(5)))
                                .hint(amount_hint(get(5))),
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
                        located(
                            line,
                            format!("perioden `{}` i {tag} finns inte", get(2)),
                        )
                        .hint("en period skrivs ÅÅÅÅMM med månad 01–12, t.ex. 201008 för augusti 2010; exportera filen igen från bokföringssystemet"),
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
                if year == 0 && objects {
                    if tag == "#PSALDO" {
                        psaldo_lines
                            .entry((period, account.clone()))
                            .or_insert(line);
                        *books.period_balances.entry((period, account)).or_default() += value;
                    } else {
                        *books.period_budgets.entry((period, account)).or_default() += value;
                    }
                } else if year == -1 && objects && tag == "#PSALDO" {
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
                            located(line, format!("beloppet `{}` är inget tal", get(3)))
                                .hint(amount_hint(get(3)))
                        })
                    }
                    (Some(open), _, Err(_)) => {
                        open.sum = None;
                        seen.unknown();
                        books.unknown = true;
                        problems.push(located(
                            line,
                            format!("kontonumret `{}` är inget tal", get(1)),
                        ))
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
    // This year opens where last year closed: #IB 0 is #UB −1, account by account (a balance
    // the file leaves out is 0). Otherwise the two columns of the balance sheet disagree.
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
                        super::shown(opening, Unit::Kr),
                        super::shown(closing, Unit::Kr)
                    ),
                ),
                (Some(line), None) => (
                    *line,
                    format!(
                        "konto {account}: ingående balans {} (#IB 0), men förra året slutade kontot på 0 (inget #UB −1)",
                        super::shown(opening, Unit::Kr)
                    ),
                ),
                (None, Some(last)) => (
                    *last,
                    format!(
                        "konto {account}: förra årets utgående balans är {} (#UB −1), men årets ingående balans saknas (inget #IB 0)",
                        super::shown(closing, Unit::Kr)
                    ),
                ),
                (None, None) => continue,
            };
            problems.push(
                warned(at, message)
                    .hint(format!(
                        "skillnad {}: årets ingående balans ska vara förra årets utgående; har förra året ändrats efter årsskiftet, exportera filen igen",
                        super::shown(opening - closing, Unit::Kr)
                    )),
            );
        }
    }
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
    reconcile(
        &mut books,
        &psaldo_lines,
        &trans_lines,
        &closing_lines,
        &result_lines,
        &mut problems,
        file,
    );
    // Every period's balances sum to zero (unknown where an amount could not be read).
    if books.unknown {
        return (books, problems);
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
            problems.push(
                Diagnostic::error(format!(
                    "periodsaldona för {} summerar till {}, inte 0",
                    month_name(period),
                    super::shown(sum, Unit::Kr)
                ))
                .in_file(file)
                .at_if_unknown(first.map(|line| Position { line, column: 1 }))
                .hint("debet och kredit ska ta ut varandra varje månad; saknas en rad, exportera filen igen"),
            );
        }
    }
    (books, problems)
}

/// The vouchers against the balances: where a month has #PSALDO and vouchers, they must agree
/// per account; a month of year 0 without #PSALDO gets its balances from the vouchers; and for
/// every account #IB plus the year's vouchers is #UB (and a result account's vouchers its #RES).
fn reconcile(
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
    let located = |line: usize, message: String| {
        Diagnostic::error(message)
            .in_file(file)
            .at(Position { line, column: 1 })
    };
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
                located(
                    line,
                    format!(
                        "konto {account}, {}: #PSALDO är {} men verifikationerna summerar till {}",
                        month_name(*month),
                        super::shown(psaldo, Unit::Kr),
                        super::shown(vouchers, Unit::Kr)
                    ),
                )
                .hint(format!(
                    "skillnad {}; exportera filen igen, så att periodsaldona och verifikationerna kommer från samma bokföring",
                    super::shown(psaldo - vouchers, Unit::Kr)
                )),
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
                Diagnostic::error(format!(
                    "konto {account}: #UB {} är inte #IB {} + årets verifikationer {}",
                    super::shown(closing, Unit::Kr),
                    super::shown(opening, Unit::Kr),
                    super::shown(change, Unit::Kr)
                ))
                .in_file(file)
                .at_if_unknown(line)
                .hint(incomplete(closing - opening - change)),
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
                Diagnostic::error(format!(
                    "konto {account}: #RES {} är inte årets verifikationer {}",
                    super::shown(res, Unit::Kr),
                    super::shown(vouchers, Unit::Kr)
                ))
                .in_file(file)
                .at_if_unknown(books.place(result_lines, account))
                .hint(incomplete(res - vouchers)),
            );
        }
    }
}

/// The hint of a balance that the file's other figures do not give: the difference.
fn incomplete(difference: Decimal) -> String {
    format!(
        "skillnad {}; filen är ofullständig eller exporterad i två omgångar",
        super::shown(difference, Unit::Kr)
    )
}

/// A group of an account plan: its name, the statement section it belongs to (`tillgångar`,
/// `eget_kapital`, `avsättningar`, `skulder`, or `rader` for the resultaträkning), and either
/// its account ranges (a leaf) or its own groups; optionally the intermediate result printed
/// after it (`delresultat`, e.g. Rörelseresultat after Rörelsens kostnader).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanGroup {
    /// The group's name as printed.
    pub name: String,
    /// The section of the statement.
    pub section: String,
    /// Inclusive account ranges (a leaf group).
    pub ranges: Vec<(u32, u32)>,
    /// Groups inside this one.
    pub groups: Vec<PlanGroup>,
    /// `delresultat`: the running result printed after this group.
    pub subtotal: Option<String>,
}

impl PlanGroup {
    /// Whether the group, or a group inside it, holds the account of value `account`.
    pub fn holds(&self, account: u32) -> bool {
        self.holds_here(account) || self.groups.iter().any(|g| g.holds(account))
    }

    /// Whether the group's own ranges hold the account of value `account`.
    fn holds_here(&self, account: u32) -> bool {
        self.ranges
            .iter()
            .any(|(a, b)| account >= *a && account <= *b)
    }
}

fn leaf(name: &str, section: &str, ranges: &[(u32, u32)]) -> PlanGroup {
    PlanGroup {
        name: name.to_owned(),
        section: section.to_owned(),
        ranges: ranges.to_vec(),
        ..PlanGroup::default()
    }
}

fn node(name: &str, section: &str, groups: Vec<PlanGroup>, subtotal: Option<&str>) -> PlanGroup {
    PlanGroup {
        name: name.to_owned(),
        section: section.to_owned(),
        groups,
        subtotal: subtotal.map(str::to_owned),
        ..PlanGroup::default()
    }
}

/// The sections a mapping file may name, as written there: resultat means the resultaträkning.
pub const SECTIONS: &[&str] = &[
    "tillgångar",
    "eget_kapital",
    "avsättningar",
    "skulder",
    "resultat",
];

/// A project's own account plan: `grupper: [{ namn, avsnitt, konton: ["1900-1999", 2010] }]`,
/// where a group may instead hold `grupper:` of its own and name a `delresultat:`.
pub fn mapping(
    node: &crate::yaml::Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PlanGroup> {
    use crate::yaml::{MapReader, Value};
    let Ok(mut map) = MapReader::new(node, file, "kontoplanen") else {
        problems.push(Diagnostic::error("kontoplanen ska ha `grupper:`").in_file(file));
        return Vec::new();
    };
    let Some(list) = map.get("grupper") else {
        problems.push(
            Diagnostic::error("kontoplanen saknar `grupper:`")
                .in_file(file)
                .at(node.position),
        );
        return Vec::new();
    };
    map.get("typ");
    problems.extend(map.finish(&["grupper"], "kontoplanen"));
    fn groups(
        list: &crate::yaml::Node,
        parent_section: Option<&str>,
        file: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<PlanGroup> {
        let Value::Seq(items) = &list.value else {
            problems.push(
                Diagnostic::error("`grupper` ska vara en lista")
                    .in_file(file)
                    .at(list.position),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Some(mut g) = MapReader::open(item, file, "en grupp", problems) else {
                continue;
            };
            let name = g.text("namn").ok().flatten().unwrap_or_default();
            let written = g.text("avsnitt").ok().flatten();
            let section = match (&written, parent_section) {
                (Some(s), _) => s.clone(),
                (None, Some(p)) => p.to_owned(),
                (None, None) => String::new(),
            };
            let section_name = if section == "rader" {
                "resultat"
            } else {
                section.as_str()
            };
            if !SECTIONS.contains(&section_name) {
                problems.push(
                    Diagnostic::error(format!("okänt avsnitt `{section}` för gruppen `{name}`"))
                        .in_file(file)
                        .at(item.position)
                        .hint(format!("skriv en av: {}", SECTIONS.join(", "))),
                );
            }
            let section = if section == "resultat" {
                "rader".to_owned()
            } else {
                section
            };
            let subtotal = g.text("delresultat").ok().flatten();
            let mut ranges = Vec::new();
            let inner = g.get("grupper");
            match (g.get("konton"), inner) {
                (
                    Some(crate::yaml::Node {
                        value: Value::Seq(accounts),
                        ..
                    }),
                    None,
                ) => {
                    for a in accounts {
                        let text = a.as_text().unwrap_or("");
                        let range = match text.split_once('-') {
                            Some((x, y)) => x.trim().parse().ok().zip(y.trim().parse().ok()),
                            None => text.trim().parse().ok().map(|n| (n, n)),
                        };
                        match range {
                            Some(r) => ranges.push(r),
                            None => problems.push(
                                Diagnostic::error(format!(
                                    "`{text}` är inget konto eller kontointervall"
                                ))
                                .in_file(file)
                                .at(a.position)
                                .hint("skriv t.ex. 1930 eller \"3000-3999\""),
                            ),
                        }
                    }
                }
                (None, Some(_)) => {}
                (Some(_), Some(_)) => problems.push(
                    Diagnostic::error(format!(
                        "gruppen `{name}` har både `konton:` och `grupper:`"
                    ))
                    .in_file(file)
                    .at(item.position)
                    .hint("lägg kontona i en egen grupp bland `grupper:`"),
                ),
                _ => problems.push(
                    Diagnostic::error(format!(
                        "gruppen `{name}` saknar `konton:` (en lista) eller `grupper:`"
                    ))
                    .in_file(file)
                    .at(item.position),
                ),
            }
            let children = inner
                .map(|n| groups(n, Some(&section), file, problems))
                .unwrap_or_default();
            problems.extend(g.finish(
                &["namn", "avsnitt", "konton", "grupper", "delresultat"],
                "en grupp",
            ));
            out.push(PlanGroup {
                name,
                section,
                ranges,
                groups: children,
                subtotal,
            });
        }
        out
    }
    groups(list, None, file, problems)
}

/// Anläggningstillgångar, the same in BAS and Kommun-Bas.
fn fixed_assets() -> PlanGroup {
    let t = "tillgångar";
    node(
        "Anläggningstillgångar",
        t,
        vec![
            leaf("Immateriella anläggningstillgångar", t, &[(1000, 1099)]),
            leaf("Materiella anläggningstillgångar", t, &[(1100, 1299)]),
            leaf("Finansiella anläggningstillgångar", t, &[(1300, 1399)]),
        ],
        None,
    )
}

/// BAS, set up as the Swedish annual accounts law's forms: the resultaträkning by kind of cost
/// (Rörelsens intäkter, Rörelsens kostnader, Rörelseresultat, Finansiella poster, Resultat efter
/// finansiella poster) and the balansräkning (Anläggningstillgångar, Omsättningstillgångar;
/// Eget kapital, Avsättningar, Långfristiga and Kortfristiga skulder).
fn bas() -> Vec<PlanGroup> {
    let t = "tillgångar";
    let r = "rader";
    vec![
        fixed_assets(),
        node(
            "Omsättningstillgångar",
            t,
            vec![
                leaf("Varulager", t, &[(1400, 1499)]),
                leaf("Kundfordringar", t, &[(1500, 1599)]),
                leaf("Övriga fordringar", t, &[(1600, 1699)]),
                leaf(
                    "Förutbetalda kostnader och upplupna intäkter",
                    t,
                    &[(1700, 1799)],
                ),
                leaf("Kortfristiga placeringar", t, &[(1800, 1899)]),
                leaf("Kassa och bank", t, &[(1900, 1999)]),
            ],
            None,
        ),
        leaf("Bundet eget kapital", "eget_kapital", &[(2080, 2089)]),
        leaf(
            "Balanserat kapital",
            "eget_kapital",
            &[(2000, 2079), (2090, 2099)],
        ),
        leaf("Obeskattade reserver", "avsättningar", &[(2100, 2199)]),
        leaf("Avsättningar", "avsättningar", &[(2200, 2299)]),
        leaf("Långfristiga skulder", "skulder", &[(2300, 2399)]),
        leaf("Kortfristiga skulder", "skulder", &[(2400, 2999)]),
        node(
            "Rörelsens intäkter",
            r,
            vec![
                leaf("Nettoomsättning", r, &[(3000, 3799)]),
                leaf("Övriga rörelseintäkter", r, &[(3800, 3999)]),
            ],
            None,
        ),
        node(
            "Rörelsens kostnader",
            r,
            vec![
                leaf("Varor, material och tjänster", r, &[(4000, 4999)]),
                leaf("Övriga externa kostnader", r, &[(5000, 6999)]),
                leaf("Personalkostnader", r, &[(7000, 7699)]),
                leaf("Av- och nedskrivningar", r, &[(7700, 7899)]),
                leaf("Övriga rörelsekostnader", r, &[(7900, 7999)]),
            ],
            Some("Rörelseresultat"),
        ),
        node(
            "Finansiella poster",
            r,
            vec![
                leaf("Finansiella intäkter", r, &[(8000, 8399)]),
                leaf("Finansiella kostnader", r, &[(8400, 8799)]),
            ],
            Some("Resultat efter finansiella poster"),
        ),
        PlanGroup {
            subtotal: Some("Resultat före skatt".into()),
            ..leaf("Bokslutsdispositioner", r, &[(8800, 8899)])
        },
        leaf("Skatter", r, &[(8900, 8999)]),
    ]
}

/// Kommun-Bas in RKR's form (Lag (2018:597) om kommunal bokföring och redovisning): Verksamhetens
/// intäkter and kostnader, Avskrivningar, Verksamhetens nettokostnader, Finansiella intäkter and
/// kostnader, Resultat efter finansiella poster, Extraordinära poster, Årets resultat.
fn kommun_bas() -> Vec<PlanGroup> {
    let t = "tillgångar";
    let r = "rader";
    vec![
        fixed_assets(),
        node(
            "Omsättningstillgångar",
            t,
            vec![
                leaf("Förråd m.m.", t, &[(1400, 1499)]),
                leaf("Fordringar", t, &[(1500, 1799)]),
                leaf("Kortfristiga placeringar", t, &[(1800, 1899)]),
                leaf("Kassa och bank", t, &[(1900, 1999)]),
            ],
            None,
        ),
        leaf("Övrigt eget kapital", "eget_kapital", &[(2000, 2099)]),
        leaf("Avsättningar", "avsättningar", &[(2100, 2299)]),
        leaf("Långfristiga skulder", "skulder", &[(2300, 2399)]),
        leaf("Kortfristiga skulder", "skulder", &[(2400, 2999)]),
        leaf("Verksamhetens intäkter", r, &[(3000, 3999)]),
        leaf("Verksamhetens kostnader", r, &[(4000, 7799), (7900, 7999)]),
        PlanGroup {
            subtotal: Some("Verksamhetens nettokostnader".into()),
            ..leaf("Avskrivningar", r, &[(7800, 7899)])
        },
        leaf(
            "Skatteintäkter och generella statsbidrag",
            r,
            &[(8000, 8399)],
        ),
        leaf("Finansiella intäkter", r, &[(8400, 8499)]),
        PlanGroup {
            subtotal: Some("Resultat efter finansiella poster".into()),
            ..leaf("Finansiella kostnader", r, &[(8500, 8599)])
        },
        leaf("Extraordinära poster", r, &[(8600, 8999)]),
    ]
}

/// Whether the built-in plan `name` fits the books' own (#KPTYP): `None` where it does or
/// cannot be told; else why not, naming an account the two plans place differently. BAS95,
/// BAS96, EUBAS97, NE2007 and BAS20xx are a company's BAS (SIE 4B §11); a #KPTYP that says
/// Kommun or K-BAS is Kommun-Bas.
pub fn plan_misfit(books: &Books, name: &str) -> Option<String> {
    let (written, line) = books.plan_type.as_ref()?;
    let folded: String = written
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let municipal = folded.contains("KOMMUN") || folded.starts_with("KBAS");
    let company = !municipal
        && (folded.starts_with("BAS") || folded.starts_with("EUBAS") || folded == "NE2007");
    let chosen = plan(name)?;
    let other = match name.trim().to_lowercase().as_str() {
        "bas" if municipal => kommun_bas(),
        "kommun-bas" | "kommunbas" if company => bas(),
        _ => return None,
    };
    fn leaf_of(plan: &[PlanGroup], account: u32) -> Option<&str> {
        plan.iter().find_map(|g| {
            if g.groups.is_empty() {
                g.holds_here(account).then_some(g.name.as_str())
            } else {
                leaf_of(&g.groups, account)
            }
        })
    }
    // An account of these books the chosen plan places under another heading.
    let example = books
        .accounts()
        .into_iter()
        .filter(|a| books.is_result_account(a))
        .find_map(|a| {
            let (here, there) = (leaf_of(&chosen, a.value())?, leaf_of(&other, a.value())?);
            (here != there).then(|| {
                let named = books
                    .accounts
                    .get(&a)
                    .map_or_else(|| a.to_string(), |n| format!("{a} {n}"));
                format!(", t.ex. hamnar {named} under ”{here}”")
            })
        })
        .unwrap_or_default();
    Some(format!(
        "`kontoplan: {}` passar inte bokföringens kontoplan {written} (#KPTYP på rad {line}): kontona grupperas efter {}{example}",
        name.trim(),
        if municipal {
            "BAS för företag, inte Kommun-Bas"
        } else {
            "Kommun-Bas, inte BAS för företag"
        }
    ))
}

/// The built-in account plan called `name`, if known.
pub fn plan(name: &str) -> Option<Vec<PlanGroup>> {
    match name.trim() {
        "bas" | "BAS" => Some(bas()),
        "kommun-bas" | "Kommun-Bas" | "kommunbas" => Some(kommun_bas()),
        _ => None,
    }
}

fn yyyymm(d: Date) -> u32 {
    d.year.max(0) as u32 * 100 + u32::from(d.month)
}

/// The months from `from` to `to`, each as its first and last day within them and whether that
/// is the whole month.
fn pieces(from: Date, to: Date) -> Vec<(Date, Date, bool)> {
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
struct Figures<'a> {
    books: &'a Books,
}

impl Figures<'_> {
    /// The change of `account` from `from` to `to`, both days included. Part of a month needs
    /// vouchers (checked before): without them the month's #PSALDO is the balance to the day
    /// the books are complete to (#OMFATTN).
    fn change(&self, account: &Account, from: Date, to: Date) -> Decimal {
        let books = self.books;
        pieces(from, to)
            .into_iter()
            .map(|(a, b, whole)| {
                if whole || books.vouchers.is_empty() {
                    books
                        .period_balances
                        .get(&(yyyymm(a), account.clone()))
                        .copied()
                        .unwrap_or_default()
                } else {
                    books
                        .vouchers
                        .iter()
                        .filter(|((d, x), _)| x == account && (a..=b).contains(d))
                        .map(|(_, v)| *v)
                        .sum()
                }
            })
            .sum()
    }

    /// The budget of `account` from `from` to `to`: part of a month by its days.
    fn budget(&self, account: &Account, from: Date, to: Date) -> Decimal {
        pieces(from, to)
            .into_iter()
            .map(|(a, b, whole)| {
                let month = self
                    .books
                    .period_budgets
                    .get(&(yyyymm(a), account.clone()))
                    .copied()
                    .unwrap_or_default();
                if whole {
                    month
                } else {
                    (month * Decimal::from(b.day - a.day + 1) / Decimal::from(month_end(a).day))
                        .round_dp_with_strategy(
                            2,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                }
            })
            .sum()
    }
}

/// The result month by month from the fiscal year's start to the period's end, accumulated, in
/// the statement's signs (a profit positive): utfall from the period balances (a month the
/// period ends within up to its last day), budget from #PBUDGET where the books have one. Empty
/// without period balances.
fn monthly_result(
    figures: &Figures<'_>,
    accounts: &[Account],
    fiscal: Option<(Date, Date)>,
    period: Option<(Date, Date)>,
) -> Vec<(String, Decimal, Option<Decimal>)> {
    let books = figures.books;
    let (Some((start, _)), Some((_, end))) = (fiscal, period) else {
        return Vec::new();
    };
    if books.period_balances.is_empty() {
        return Vec::new();
    }
    let has_budget = !books.period_budgets.is_empty();
    let mut out = Vec::new();
    let (mut actual, mut budget) = (Decimal::ZERO, Decimal::ZERO);
    // At most the twelve months of a fiscal year (eighteen for a first, longer one).
    for (from, to, _) in pieces(start, end).into_iter().take(18) {
        for a in accounts {
            actual -= figures.change(a, from, to);
            budget -= figures.budget(a, from, to);
        }
        out.push((
            crate::money::SHORT_MONTHS[usize::from(from.month.clamp(1, 12) - 1)].to_owned(),
            actual,
            has_budget.then_some(budget),
        ));
    }
    out
}

/// A computed line of eget kapital (the period's result): inside the plan's one equity group
/// where it has one, so that its sum (S:a Eget kapital) includes the result.
fn add_to_equity(equity: &mut Vec<Line>, line: Line) {
    if let [group] = equity.as_mut_slice()
        && group.group
    {
        for (sum, v) in group.amounts.iter_mut().zip(&line.amounts) {
            *sum = Some(sum.unwrap_or_default() + v.unwrap_or_default());
        }
        group.lines.push(line);
    } else {
        equity.push(line);
    }
}

/// The keys of a `typ: sie` data file.
pub const KEYS: &[&str] = &[
    "typ",
    "fil",
    "period",
    "kontoplan",
    "konton",
    "titel",
    "ofullständig",
    "tecken",
    "form",
    "kolumner",
    "prognos",
];

/// A `typ: prognos` file's rows: the year's prognosis per account, and per printed row.
#[derive(Debug, Clone, Default)]
pub struct Forecasts {
    /// `konto:` rows, in the statement's signs, with their place.
    pub accounts: BTreeMap<Account, (Decimal, Position)>,
    /// `post:` rows: a printed row's name (a group of the account plan, or an account's row
    /// with `konton: true`), its prognosis in the statement's signs, and its place.
    pub posts: Vec<(String, Decimal, Position)>,
}

/// A `typ: prognos` file: the year's prognosis for single accounts or printed rows, overriding
/// utfall plus the remaining months' budget: `rader: [{ konto: 4010, prognos: -12500000 },
/// { post: "Personalkostnader", prognos: -9000000 }]`, in the statement's signs (intäkter
/// positive, kostnader negative).
pub fn forecasts(
    node: &crate::yaml::Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Forecasts {
    use crate::yaml::{MapReader, Value};
    let mut out = Forecasts::default();
    let Ok(mut map) = MapReader::new(node, file, "prognosfilen") else {
        problems.push(Diagnostic::error("prognosfilen ska ha `rader:`").in_file(file));
        return out;
    };
    map.get("typ");
    let rows = map.get("rader");
    problems.extend(map.finish(&["typ", "rader"], "prognosfilen"));
    let Some(crate::yaml::Node {
        value: Value::Seq(items),
        ..
    }) = rows
    else {
        problems.push(
            Diagnostic::error("prognosfilen saknar `rader:` (en lista)")
                .in_file(file)
                .at(rows.map_or(node.position, |n| n.position))
                .hint("skriv t.ex. `rader: [{ konto: 4010, prognos: -12500000 }]`"),
        );
        return out;
    };
    for item in items {
        let Some(mut row) = MapReader::open(item, file, "en rad", problems) else {
            continue;
        };
        let account = row.get("konto");
        let post = row.get("post");
        let value = row.get("prognos");
        row.get("kommentar");
        problems.extend(row.finish(&["konto", "post", "prognos", "kommentar"], "en rad"));
        if let Some(post) = post {
            let name = post.as_text().map(str::trim).unwrap_or_default();
            if account.is_some() || name.is_empty() {
                problems.push(
                    Diagnostic::error("en rad i prognosfilen anger antingen `konto:` eller `post:`")
                        .in_file(file)
                        .at(post.position)
                        .hint("skriv `post:` med radens namn som det står i resultaträkningen, t.ex. `post: Personalkostnader`"),
                );
                continue;
            }
            match value.map(|n| super::amount(n, file)) {
                Some(Ok(Some(v))) => out.posts.push((name.to_owned(), v, post.position)),
                Some(Err(d)) => problems.push(d),
                _ => problems.push(
                    Diagnostic::error(format!("raden för `{name}` saknar `prognos:`"))
                        .in_file(file)
                        .at(item.position),
                ),
            }
            continue;
        }
        let account = match account.map(|n| (n, n.as_text().and_then(Account::parse))) {
            Some((_, Some(a))) => a,
            Some((n, None)) => {
                problems.push(
                    Diagnostic::error("`konto` ska vara ett kontonummer, t.ex. 4010")
                        .in_file(file)
                        .at(n.position),
                );
                continue;
            }
            None => {
                problems.push(
                        Diagnostic::error("raden saknar `konto:` eller `post:`")
                            .in_file(file)
                            .at(item.position)
                            .hint("skriv `konto: 4010` eller `post:` med radens namn som det står i resultaträkningen"),
                    );
                continue;
            }
        };
        match value.map(|n| (n, super::amount(n, file))) {
            Some((n, Ok(Some(v)))) => {
                out.accounts.insert(account, (v, n.position));
            }
            Some((_, Err(d))) => problems.push(d),
            _ => problems.push(
                Diagnostic::error(format!("raden för konto {account} saknar `prognos:`"))
                    .in_file(file)
                    .at(item.position),
            ),
        }
    }
    out
}

/// The `post:` rows of a prognos file: each sets the prognosis of the printed row of its name;
/// a group's rows then print no prognosis of their own, and the groups around it sum anew.
fn forecast_posts(
    lines: &mut [Line],
    columns: &[String],
    request: &Request,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    fn names<'a>(lines: &'a [Line], out: &mut Vec<&'a str>) {
        for line in lines {
            out.push(&line.name);
            names(&line.lines, out);
        }
    }
    fn blank(lines: &mut [Line], column: usize) {
        for line in lines {
            if let Some(cell) = line.amounts.get_mut(column) {
                *cell = None;
            }
            blank(&mut line.lines, column);
        }
    }
    fn set(lines: &mut [Line], name: &str, column: usize, value: Decimal) -> bool {
        for line in lines {
            if line.name == name {
                if let Some(cell) = line.amounts.get_mut(column) {
                    *cell = Some(value);
                }
                blank(&mut line.lines, column);
                return true;
            }
            if set(&mut line.lines, name, column, value) {
                return true;
            }
        }
        false
    }
    // A group's prognosis is its rows' sum, unless none of them has one (a group set by name).
    fn resum(lines: &mut [Line], column: usize) {
        for line in lines {
            resum(&mut line.lines, column);
            if line
                .lines
                .iter()
                .any(|l| l.amounts.get(column).is_some_and(Option::is_some))
                && let Some(cell) = line.amounts.get_mut(column)
            {
                *cell = Some(
                    line.lines
                        .iter()
                        .filter_map(|l| l.amounts.get(column).copied().flatten())
                        .sum(),
                );
            }
        }
    }
    if request.forecasts.posts.is_empty() {
        return;
    }
    let place = request.forecast_file.as_deref().unwrap_or(file);
    let Some(column) = columns.iter().position(|c| c == "prognos") else {
        for (name, _, position) in &request.forecasts.posts {
            problems.push(
                Diagnostic::warning(format!(
                    "prognosen för `{name}` visas inte: resultaträkningen har ingen kolumn `prognos`"
                ))
                .in_file(place)
                .at(*position)
                .hint("lägg till den: kolumner: [budget, utfall, budget_helår, prognos]"),
            );
        }
        return;
    };
    for (name, value, position) in &request.forecasts.posts {
        if set(lines, name, column, *value) {
            continue;
        }
        let mut known = Vec::new();
        names(lines, &mut known);
        let hint = crate::diagnostics::nearest(name, known.iter().copied())
            .map(|n| format!("menade du `{n}`? "))
            .unwrap_or_default();
        problems.push(
            Diagnostic::error(format!(
                "`{name}` har en prognos men resultaträkningen från {file} har ingen rad med det namnet"
            ))
            .in_file(place)
            .at(*position)
            .hint(format!(
                "{hint}skriv radens namn som det står i resultaträkningen (en grupp i kontoplanen, eller ett konto med `konton: true`), eller använd `konto:`"
            )),
        );
    }
    resum(lines, column);
}

/// `ofullständig: tillåt` (a period past #OMFATTN builds with a remark) or `fel` (the default).
pub fn allow_incomplete(
    node: Option<&crate::yaml::Node>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let Some(n) = node else { return false };
    match n.as_text().map(crate::text::fold_ascii).as_deref() {
        Some("tillat") => true,
        Some("fel") => false,
        _ => {
            problems.push(
                Diagnostic::error("`ofullständig` ska vara `tillåt` eller `fel`")
                    .in_file(file)
                    .at(n.position)
                    .hint("tillåt: en period efter #OMFATTN byggs med en anmärkning; fel: den är ett fel"),
            );
            false
        }
    }
}

/// What a `typ: sie` file asks of the books.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `period`; the whole fiscal year where not written.
    pub period: Option<(Date, Date)>,
    /// Where `period:` is written (or the data file's `typ:`), for errors about the period.
    pub period_at: Option<(String, Position)>,
    /// Where `från:` and `till:` are written (in the file of `period_at`), for errors about
    /// either end.
    pub ends_at: Option<(Position, Position)>,
    /// `konton: true`: a row per account under its group.
    pub accounts_as_rows: bool,
    /// `ofullständig: tillåt`: a period past #OMFATTN builds, with a remark on the statements.
    pub allow_incomplete: bool,
    /// `tecken`: published signs (rapport) or the books' (bokföring).
    pub report_signs: Option<bool>,
    /// `form` of the balance sheet.
    pub form: Option<Form>,
    /// `kolumner` of the resultaträkning.
    pub columns: Option<Vec<String>>,
    /// Where `kolumner:` is written (the data file or the front matter), for errors about a
    /// column the books cannot give.
    pub columns_at: Option<(String, Position)>,
    /// `prognos:` file: the year's prognosis per account and per printed row (statement signs).
    pub forecasts: Forecasts,
    /// The `typ: prognos` file, for messages.
    pub forecast_file: Option<String>,
}

impl Request {
    /// `d` placed at `period:` (or where the period's end `end` is written), else in `file`.
    fn at_period(&self, d: Diagnostic, file: &str, end: Option<bool>) -> Diagnostic {
        match (&self.period_at, self.ends_at, end) {
            (Some((f, _)), Some((from, _)), Some(false)) => d.in_file(f.as_str()).at(from),
            (Some((f, _)), Some((_, to)), Some(true)) => d.in_file(f.as_str()).at(to),
            (Some((f, p)), _, _) => d.in_file(f.as_str()).at(*p),
            (None, _, _) => d.in_file(file),
        }
    }
}

/// The period of `request` in the fiscal year of `books`, checked: `None` (with the errors
/// said) where it reverses, lies outside the year, or asks for what the books cannot give (part
/// of a month from balances per month, part of the year from year-end figures only).
fn checked_period(
    books: &Books,
    request: &Request,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Date, Date)> {
    let Some((start, end)) = books.years.get(&0).copied() else {
        problems.push(
            Diagnostic::error("SIE-filen saknar räkenskapsår (#RAR 0)")
                .in_file(file)
                .hint("exportera filen igen med räkenskapsårets start- och slutdatum"),
        );
        return None;
    };
    let (from, to) = request.period.unwrap_or((start, end));
    if from > to {
        problems.push(
            request
                .at_period(
                    Diagnostic::error(format!(
                        "perioden är omvänd: den börjar {} men slutar redan {}",
                        from.iso(),
                        to.iso()
                    )),
                    file,
                    None,
                )
                .hint(format!(
                    "byt plats på datumen: period: {{ från: {}, till: {} }}",
                    to.iso(),
                    from.iso()
                )),
        );
        return None;
    }
    if from < start || to > end {
        problems.push(
            request.at_period(
                Diagnostic::error(format!(
                    "perioden {} – {} ligger inte inom räkenskapsåret i {file} ({} – {}, #RAR 0)",
                    from.iso(),
                    to.iso(),
                    start.iso(),
                    end.iso()
                )),
                file,
                None,
            )
            .hint("välj en period inom räkenskapsåret, eller exportera SIE-filen för det år perioden gäller"),
        );
        return None;
    }
    if (from, to) != (start, end) && books.period_balances.is_empty() && books.vouchers.is_empty() {
        problems.push(
            request
                .at_period(
                    Diagnostic::error(format!(
                        "SIE-filen har bara siffror för hela räkenskapsåret (#IB, #UB, #RES), inga periodsaldon (#PSALDO) eller verifikationer, så den ger inga siffror för {} – {}",
                        from.iso(),
                        to.iso()
                    )),
                    file,
                    None,
                )
                .hint("ta bort `period:` för hela räkenskapsåret, eller exportera filen med periodsaldon (SIE 2) eller verifikationer (SIE 4)"),
        );
        return None;
    }
    // Part of a month needs the vouchers' dates; the month's #PSALDO covers all of it.
    let mut refused = false;
    if books.vouchers.is_empty() {
        if from.day != 1 {
            let first = Date { day: 1, ..from };
            problems.push(
                request
                    .at_period(
                        Diagnostic::error(format!(
                            "perioden börjar {}, mitt i {}, men SIE-filen har bara saldon per månad (#PSALDO) och inga verifikationer",
                            from.iso(),
                            month_name(yyyymm(from))
                        )),
                        file,
                        Some(false),
                    )
                    .hint(format!(
                        "låt perioden börja {} eller {}, eller exportera filen med verifikationer (SIE 4)",
                        first.iso(),
                        day_after(month_end(from)).iso()
                    )),
            );
            refused = true;
        }
        let covered = books.coverage.is_some_and(|(c, _)| c == to);
        if to != month_end(to) && !covered {
            let before = day_before(Date { day: 1, ..to });
            problems.push(
                request
                    .at_period(
                        Diagnostic::error(format!(
                            "perioden slutar {}, mitt i {}, men SIE-filen har bara saldon per månad (#PSALDO) och inga verifikationer",
                            to.iso(),
                            month_name(yyyymm(to))
                        )),
                        file,
                        Some(true),
                    )
                    .hint(format!(
                        "låt perioden sluta {} eller {}, eller exportera filen med verifikationer (SIE 4)",
                        before.iso(),
                        month_end(to).iso()
                    )),
            );
            refused = true;
        }
    }
    (!refused).then_some((from, to))
}

/// How the column of last year's same period is made, or why the file cannot give it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LastYear {
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
fn last_year(books: &Books, (from, to): (Date, Date), (start, end): (Date, Date)) -> LastYear {
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

/// Last year's result in the books' signs (a profit negative): from its figures for the whole
/// year (#RES −1, or #PSALDO −1 of every month), else, by the BAS convention, the opening
/// balance of 2099 Årets resultat; `None` where the file cannot say.
fn last_years_result(books: &Books) -> Option<Decimal> {
    let whole = books
        .years
        .get(&-1)
        .map(|year| last_year(books, *year, *year));
    match whole {
        Some(LastYear::Result) => Some(
            books.previous[2]
                .iter()
                .filter(|(a, _)| **a != RESULT_ACCOUNT)
                .map(|(_, v)| *v)
                .sum(),
        ),
        Some(LastYear::Balances(_)) => Some(
            books
                .previous_period_balances
                .iter()
                .filter(|((_, a), _)| books.is_result_account(a))
                .map(|(_, v)| *v)
                .sum(),
        ),
        _ => books
            .opening
            .get(&Account::from(EQUITY_ACCOUNT))
            .copied()
            .filter(|v| !v.is_zero()),
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

/// The statements that `request` asks of the books: a resultaträkning (utfall from the period
/// balances, or #RES for a whole year without them; budget from #PBUDGET; prognos, budget for the
/// whole year and last year's same period where asked) and a balansräkning (opening balances on
/// the day before the period, plus the period's change, checked against #UB for the whole
/// year), grouped by `plan`. `None` where the period cannot be made (said in `problems`).
pub fn statements(
    books: &Books,
    plan: &[PlanGroup],
    request: &Request,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Statement, Statement)> {
    let mut remarks = Vec::new();
    let (from, to) = checked_period(books, request, file, problems)?;
    let (start, end) = books.years.get(&0).copied()?;
    // Nothing the books hold after #OMFATTN is counted: the figures end there.
    let counted = match books.coverage {
        Some((covered, _)) if covered < to => covered,
        _ => to,
    };
    if let Some((covered, line)) = books.coverage
        && covered < from
    {
        problems.push(request.at_period(Diagnostic::error(format!(
            "perioden börjar {} men SIE-filen omfattar bokföringen bara t.o.m. {} (#OMFATTN på rad {line} i {file})",
            from.iso(),
            covered.iso()
        )), file, Some(false))
        .hint("välj en period som börjar före det datumet, eller exportera filen igen när bokföringen är klar"));
        return None;
    }
    if let Some((covered, line)) = books.coverage
        && covered < to
    {
        let remark = format!("Bokföringen omfattar t.o.m. {}", covered.swedish());
        if request.allow_incomplete {
            problems.push(
                Diagnostic::warning(format!(
                    "SIE-filen omfattar bokföringen t.o.m. {} (#OMFATTN), men perioden slutar {}; rapporterna får anmärkningen ”{remark}”",
                    covered.iso(),
                    to.iso()
                ))
                .in_file(file)
                .at(Position { line, column: 1 }),
            );
            remarks.push(remark);
        } else {
            problems.push(
                request.at_period(Diagnostic::error(format!(
                    "perioden slutar {} men SIE-filen omfattar bokföringen bara t.o.m. {} (#OMFATTN på rad {line} i {file})",
                    to.iso(),
                    covered.iso()
                )), file, Some(true))
                .hint(format!(
                    "välj en period som slutar senast {}, exportera filen igen när bokföringen är klar, eller skriv `ofullständig: tillåt` för att bygga med en anmärkning",
                    covered.iso()
                )),
            );
        }
    }
    let fiscal = Some((start, end));
    let period = Some((from, to));
    let whole_year = (from, to) == (start, end);
    let figures = Figures { books };
    // The days of the year before the period: their movements are in the opening balances.
    let before_period = (from > start).then(|| (start, day_before(from)));
    let sum_over =
        |map: &BTreeMap<(u32, Account), Decimal>, account: &Account, (a, b): (u32, u32)| {
            map.iter()
                .filter(|((p, x), _)| x == account && (a..=b).contains(p))
                .map(|(_, v)| *v)
                .sum::<Decimal>()
        };
    let use_res = whole_year && books.period_balances.is_empty();
    let previous = last_year(books, (from, to), (start, end));
    // Without #PBUDGET there is no budget column unless asked for.
    let has_budget = !books.period_budgets.is_empty();
    let mut columns: Vec<String> = request.columns.clone().unwrap_or_else(|| {
        let mut columns: Vec<String> = if has_budget {
            vec!["budget".into(), "utfall".into()]
        } else {
            vec!["utfall".into()]
        };
        // A whole year whose file holds last year's figures shows them beside this year's.
        if whole_year && !matches!(previous, LastYear::Missing(_)) {
            columns.push("föregående_år".into());
        }
        columns
    });
    // Last year's column where the file has no figures for it: refused, never zeros.
    if let LastYear::Missing(why) = &previous
        && columns.iter().any(|c| c == "föregående_år")
    {
        let d = Diagnostic::error(format!("kolumnen föregående_år kan inte visas: {why}")).hint(
            "ta bort `föregående_år` ur `kolumner`, eller exportera SIE-filen med föregående års siffror (#RES −1 för ett helt år, #PSALDO −1 per månad)",
        );
        problems.push(match &request.columns_at {
            Some((f, p)) => d.in_file(f.as_str()).at(*p),
            None => request.at_period(d, file, None),
        });
        columns.retain(|c| c != "föregående_år");
    }
    // A budget cut within a month is that month's budget by its days: said with the figures.
    if has_budget
        && columns
            .iter()
            .any(|c| matches!(c.as_str(), "budget" | "prognos"))
    {
        let after = if counted < end {
            pieces(day_after(counted), end)
        } else {
            Vec::new()
        };
        for (a, b, whole) in pieces(from, to)
            .into_iter()
            .chain(after.into_iter().take(1))
        {
            if !whole && books.period_budgets.keys().any(|(p, _)| *p == yyyymm(a)) {
                remarks.push(format!(
                    "Budgeten för {} är räknad för {} av {} dagar (budgeten i SIE-filen är per månad).",
                    month_name(yyyymm(a)),
                    b.day - a.day + 1,
                    month_end(a).day
                ));
            }
        }
    }

    // All accounts that have anything: this year's, its budgets' and last year's.
    let accounts: Vec<Account> = books
        .accounts()
        .iter()
        .chain(books.period_budgets.keys().map(|(_, a)| a))
        .chain(books.previous_period_balances.keys().map(|(_, a)| a))
        // Last year's accounts, but not its closing entry (8999 is never a cost or an income).
        .chain(
            books.previous[2]
                .keys()
                .filter(|a| matches!(previous, LastYear::Result) && **a != RESULT_ACCOUNT),
        )
        .cloned()
        .collect::<std::collections::BTreeSet<Account>>()
        .into_iter()
        .collect();

    for (account, (_, position)) in &request.forecasts.accounts {
        let place = request.forecast_file.as_deref().unwrap_or(file);
        if !accounts.contains(account) {
            problems.push(
                Diagnostic::error(format!(
                    "kontot {account} har en prognos men finns inte i {file}"
                ))
                .in_file(place)
                .at(*position)
                .hint("kontrollera kontonumret"),
            );
        }
        if !columns.iter().any(|c| c == "prognos") {
            problems.push(
                Diagnostic::warning(format!(
                    "prognosen för konto {account} visas inte: resultaträkningen har ingen kolumn `prognos`"
                ))
                .in_file(place)
                .at(*position)
                .hint("lägg till den: kolumner: [budget, utfall, budget_helår, prognos]"),
            );
        }
    }
    // Every account's cells: the income columns (in the books' signs), or ingående, förändring
    // and utgående.
    let mut cells: BTreeMap<Account, Vec<Option<Decimal>>> = BTreeMap::new();
    // The period's result in the books' signs (a profit is negative), whatever the columns;
    // and the year's result before the period.
    let mut books_result = Decimal::ZERO;
    let mut result_before = Decimal::ZERO;
    for a in &accounts {
        if books.is_result_account(a) {
            let actual = if use_res {
                books.result.get(a).copied().unwrap_or_default()
            } else {
                figures.change(a, from, counted)
            };
            books_result += actual;
            if let Some((s, e)) = before_period {
                result_before += figures.change(a, s, e);
            }
            let values: Vec<Decimal> = columns
                .iter()
                .map(|c| match c.as_str() {
                    "utfall" => actual,
                    "budget" => figures.budget(a, from, to),
                    "budget_helår" => figures.budget(a, start, end),
                    "prognos" => match request.forecasts.accounts.get(a) {
                        Some((v, _)) => -*v,
                        None if counted < end => {
                            actual + figures.budget(a, day_after(counted), end)
                        }
                        None => actual,
                    },
                    "föregående_år" if *a == RESULT_ACCOUNT => Decimal::ZERO,
                    "föregående_år" => match previous {
                        LastYear::Result => books.previous[2].get(a).copied().unwrap_or_default(),
                        LastYear::Balances(months) => {
                            sum_over(&books.previous_period_balances, a, months)
                        }
                        LastYear::Missing(_) => Decimal::ZERO,
                    },
                    _ => Decimal::ZERO,
                })
                .collect();
            if values.iter().all(Decimal::is_zero) {
                continue;
            }
            // An account the budget does not mention has a blank budget, not a zero.
            let budgeted = books.period_budgets.keys().any(|(_, b)| b == a);
            cells.insert(
                a.clone(),
                columns
                    .iter()
                    .zip(values)
                    .map(|(c, v)| {
                        (budgeted || !matches!(c.as_str(), "budget" | "budget_helår")).then_some(v)
                    })
                    .collect(),
            );
        } else {
            let mut opening = books.opening.get(a).copied().unwrap_or_default();
            // A whole year without period balances (SIE 1 and 2 may have only #IB, #UB, #RES):
            // the change is #UB − #IB.
            let change = if use_res {
                books.closing.get(a).copied().unwrap_or(opening) - opening
            } else {
                figures.change(a, from, counted)
            };
            // With vouchers the books' own check (#IB + the year's vouchers = #UB) has said it.
            if whole_year
                && books.transactions.is_empty()
                && !books.unknown_accounts.contains(a)
                && let Some(ub) = books.closing.get(a)
                && *ub != opening + change
            {
                problems.push(
                    Diagnostic::error(format!(
                        "konto {a}: #UB {} är inte #IB {} + periodernas saldon {}",
                        super::shown(*ub, Unit::Kr),
                        super::shown(opening, Unit::Kr),
                        super::shown(change, Unit::Kr)
                    ))
                    .in_file(file)
                    .at_if_unknown(books.place(&books.closing_lines, a))
                    .hint(incomplete(*ub - opening - change)),
                );
            }
            if let Some((s, e)) = before_period {
                opening += figures.change(a, s, e);
            }
            if opening.is_zero() && change.is_zero() {
                continue;
            }
            cells.insert(
                a.clone(),
                vec![Some(opening), Some(change), Some(opening + change)],
            );
        }
    }
    // Opening balances that do not sum to zero: last year's result, not yet booked.
    let opening_sum: Decimal = books.opening.values().copied().sum();
    // Where the period opens at the year's start, the opening column is last year's end: its
    // result stands as the year's result there, taken out of the equity account that holds it
    // (2099, or the largest), as last year's balance sheet printed it.
    let opening_result = if before_period.is_some() {
        Some(result_before)
    } else if !opening_sum.is_zero() {
        // The result not yet booked has a line of its own.
        Some(Decimal::ZERO)
    } else {
        last_years_result(books).and_then(|p| {
            if p.is_zero() {
                return Some(p);
            }
            let holds = |a: &Account| {
                plan.iter()
                    .any(|g| g.section == "eget_kapital" && g.holds(a.value()))
            };
            let opening = |a: &Account| cells.get(a).and_then(|c| c[0]).unwrap_or_default();
            let account = [Account::from(EQUITY_ACCOUNT)]
                .into_iter()
                .filter(|a| !opening(a).is_zero())
                .chain(
                    cells
                        .keys()
                        .filter(|a| holds(a) && !books.is_result_account(a))
                        .filter(|a| !opening(a).is_zero())
                        .max_by_key(|a| (opening(a).abs(), std::cmp::Reverse(*a)))
                        .cloned(),
                )
                .next()?;
            let row = cells.get_mut(&account)?;
            row[0] = row[0].map(|v| v - p);
            row[1] = row[1].map(|v| v + p);
            if row.iter().all(|v| v.is_none_or(|v| v.is_zero())) {
                cells.remove(&account);
            }
            Some(p)
        })
    };
    let name_of = |a: &Account| {
        books
            .accounts
            .get(a)
            .cloned()
            .unwrap_or_else(|| format!("Konto {a}"))
    };
    // Revenue is credit (negative) in the books and positive in the resultaträkning.
    fn income_sign(v: &[Option<Decimal>]) -> Vec<Option<Decimal>> {
        v.iter().map(|x| x.map(|x| -x)).collect()
    }
    let mut claimed = std::collections::BTreeSet::new();
    struct Build<'a> {
        cells: &'a BTreeMap<Account, Vec<Option<Decimal>>>,
        name_of: &'a dyn Fn(&Account) -> String,
        accounts_as_rows: bool,
    }
    // A column none of the lines fills stays blank.
    fn sums(lines: &[Line], columns: usize) -> Vec<Option<Decimal>> {
        (0..columns)
            .map(|c| {
                lines
                    .iter()
                    .any(|l| l.amounts.get(c).is_some_and(Option::is_some))
                    .then(|| {
                        lines
                            .iter()
                            .map(|l| l.amounts.get(c).copied().flatten().unwrap_or_default())
                            .sum()
                    })
            })
            .collect()
    }
    impl Build<'_> {
        fn group(
            &self,
            group: &PlanGroup,
            income: bool,
            claimed: &mut std::collections::BTreeSet<Account>,
        ) -> Option<Line> {
            let mut lines = Vec::new();
            for inner in &group.groups {
                lines.extend(self.group(inner, income, claimed));
            }
            let leaf = group.groups.is_empty();
            for (a, values) in self.cells {
                if claimed.contains(a) || !group.holds_here(a.value()) {
                    continue;
                }
                claimed.insert(a.clone());
                lines.push(Line {
                    name: (self.name_of)(a),
                    amounts: if income {
                        income_sign(values)
                    } else {
                        values.clone()
                    },
                    ..Line::default()
                });
            }
            if lines.is_empty() {
                return None;
            }
            let columns = lines[0].amounts.len();
            let amounts = sums(&lines, columns);
            if leaf && !self.accounts_as_rows {
                return Some(Line {
                    name: group.name.clone(),
                    amounts,
                    subtotal: group.subtotal.clone(),
                    ..Line::default()
                });
            }
            Some(Line {
                name: group.name.clone(),
                group: true,
                amounts,
                lines,
                subtotal: group.subtotal.clone(),
                ..Line::default()
            })
        }
    }
    let build = Build {
        cells: &cells,
        name_of: &name_of,
        accounts_as_rows: request.accounts_as_rows,
    };
    let mut income_lines: Vec<Line> = Vec::new();
    let mut balance_sections: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for group in plan {
        let income = group.section == "rader";
        let built = build.group(group, income, &mut claimed);
        // An intermediate result after an empty group (no Avskrivningar) still prints: after
        // the line before it.
        if built.is_none()
            && income
            && let Some(last) = income_lines.last_mut()
            && last.subtotal.is_none()
        {
            last.subtotal = group.subtotal.clone();
        }
        if let Some(line) = built {
            if income {
                income_lines.push(line);
            } else {
                balance_sections
                    .entry(group.section.clone())
                    .or_default()
                    .push(line);
            }
        }
    }
    // Accounts the plan does not place are named, never dropped: result accounts get a row of
    // their own (and a warning); balance accounts would leave the balance sheet unbalanced (an
    // error, and a row of their own too).
    let mut outside = Vec::new();
    let mut outside_balance: BTreeMap<&str, Vec<Line>> = BTreeMap::new();
    for (a, values) in &cells {
        if claimed.contains(a) {
            continue;
        }
        let place = books.account_lines.get(a).map(|l| Position {
            line: *l,
            column: 1,
        });
        if books.is_result_account(a) {
            let actual = columns
                .iter()
                .position(|c| c == "utfall")
                .and_then(|c| values[c])
                .unwrap_or_default();
            problems.push(
                Diagnostic::warning(format!(
                    "konto {a} {} ({} i perioden) hör inte till någon grupp i kontoplanen; det visas på en egen rad, ”Konton utanför kontoplanen”",
                    name_of(a),
                    super::shown(actual, Unit::Kr)
                ))
                .in_file(file)
                .at_if_unknown(place)
                .hint("lägg kontot i en grupp i kontoplanen, eller boka om beloppet till rätt konto"),
            );
            outside.push(Line {
                name: format!("{a} {}", name_of(a)),
                amounts: income_sign(values),
                ..Line::default()
            });
        } else {
            problems.push(
                Diagnostic::error(format!(
                    "konto {a} {} (ingående {}, utgående {}) hör inte till någon grupp i kontoplanen, så balansräkningen balanserar inte",
                    name_of(a),
                    super::shown(values[0].unwrap_or_default(), Unit::Kr),
                    super::shown(values[2].unwrap_or_default(), Unit::Kr)
                ))
                .in_file(file)
                .at_if_unknown(place)
                .hint("lägg kontot i en grupp i kontoplanen (tillgångar, eget_kapital, avsättningar eller skulder)"),
            );
            // Shown under its BAS class, so that the sheet's sums say nothing more about it.
            let section = match a.value() {
                ..2000 => "tillgångar",
                2000..=2099 => "eget_kapital",
                2100..=2299 => "avsättningar",
                _ => "skulder",
            };
            outside_balance.entry(section).or_default().push(Line {
                name: format!("{a} {}", name_of(a)),
                amounts: values.clone(),
                ..Line::default()
            });
        }
    }
    for (section, lines) in outside_balance {
        balance_sections
            .entry(section.to_owned())
            .or_default()
            .push(Line {
                name: "Konton utanför kontoplanen".into(),
                group: true,
                amounts: sums(&lines, 3),
                lines,
                ..Line::default()
            });
    }
    if !outside.is_empty() {
        let amounts = sums(&outside, columns.len());
        income_lines.push(Line {
            name: "Konton utanför kontoplanen".into(),
            group: true,
            amounts,
            lines: outside,
            ..Line::default()
        });
    }
    forecast_posts(&mut income_lines, &columns, request, file, problems);
    let claimed_result_accounts: Vec<Account> = cells
        .keys()
        .filter(|a| books.is_result_account(a))
        .cloned()
        .collect();
    let income = Statement {
        file: file.to_owned(),
        kind: Kind::Income,
        unit: Unit::Kr,
        fiscal_year: fiscal,
        period,
        columns,
        sections: vec![("rader".into(), income_lines)],
        report_signs: false,
        form: Form::Sheet,
        remarks: remarks.clone(),
        monthly: monthly_result(
            &figures,
            &claimed_result_accounts,
            fiscal,
            Some((from, counted)),
        ),
        unexplained: Vec::new(),
        from_books: true,
    };
    let equity = balance_sections
        .entry("eget_kapital".to_owned())
        .or_default();
    // Not where an amount could not be read (reported): the sum is then unknown.
    if !opening_sum.is_zero() && !books.unknown {
        problems.push(
            Diagnostic::warning(format!(
                "ingående balanser summerar till {}, inte 0",
                super::shown(opening_sum, Unit::Kr)
            ))
                .in_file(file)
                .hint("oftast förra årets resultat som ännu inte bokförts; det visas som en egen rad under eget kapital"),
        );
        add_to_equity(
            equity,
            Line {
                name: "Ej bokfört resultat föregående år".into(),
                amounts: vec![Some(-opening_sum), Some(Decimal::ZERO), Some(-opening_sum)],
                ..Line::default()
            },
        );
    }
    // The period's result sits in no balance account until the year is closed: it is part of
    // eget kapital, as the period's (or year's) result. A period that starts after the year
    // opens with the year's result so far.
    if !books_result.is_zero() || opening_result.is_some_and(|v| !v.is_zero()) {
        let opening = opening_result.unwrap_or_default();
        // The year's result so far grows by the period's; last year's leaves the line as this
        // year's takes its place.
        let closing = if before_period.is_some() {
            opening + books_result
        } else {
            books_result
        };
        add_to_equity(
            equity,
            Line {
                name: if before_period.is_some() {
                    "Årets resultat hittills".into()
                } else {
                    income.result_name().into()
                },
                // Blank where the file cannot say what last year's result was.
                amounts: vec![opening_result, Some(closing - opening), Some(closing)],
                ..Line::default()
            },
        );
    }
    let report_signs = request.report_signs.unwrap_or(true);
    let balance = Statement {
        file: file.to_owned(),
        kind: Kind::Balance,
        unit: Unit::Kr,
        fiscal_year: fiscal,
        period,
        columns: vec!["ingående".into(), "förändring".into(), "utgående".into()],
        sections: ["tillgångar", "eget_kapital", "avsättningar", "skulder"]
            .iter()
            .map(|k| {
                (
                    (*k).to_owned(),
                    balance_sections.remove(*k).unwrap_or_default(),
                )
            })
            .collect(),
        report_signs,
        form: request
            .form
            .unwrap_or_else(|| Form::default_for(report_signs)),
        remarks,
        monthly: Vec::new(),
        unexplained: Vec::new(),
        from_books: true,
    };
    Some((income, balance))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_cp437_latin1_and_utf8() {
        assert_eq!(decode(&[0x94, 0x86, 0x84]), "öåä");
        assert_eq!(decode(&[0xF6, 0xE5, 0xE4, 0x20]), "öåä ");
        assert_eq!(decode("öåä".as_bytes()), "öåä");
    }

    #[test]
    fn splits_fields() {
        assert_eq!(
            fields(r#"#KONTO 1010  "Balanserade \"utg\""	x"#),
            ["#KONTO", "1010", "Balanserade \"utg\"", "x"]
        );
        assert_eq!(
            fields(r#"#PSALDO 0 201101 1460 {1 "A 1"} -134536.50"#),
            [
                "#PSALDO",
                "0",
                "201101",
                "1460",
                "{1 \"A 1\"}",
                "-134536.50"
            ]
        );
    }

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
        let (income, balance) =
            statements(&books, &bas(), &request, "b.se", &mut problems).unwrap();
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
            0x20, 0x23, 0x52, 0x45, 0x3d, 0x0a, 0x20, 0x23, 0x52, 0x41, 0x52, 0x20, 0x23, 0x46,
            0x20, 0x22, 0x22, 0x26, 0x00, 0x2a, 0x00, 0xbf, 0x22, 0x0a, 0x0a, 0x0a, 0x4d, 0x4e,
            0x26, 0xca, 0x23, 0x52, 0x3f, 0xbf, 0x00, 0x00,
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
}
