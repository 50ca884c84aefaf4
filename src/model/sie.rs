//! `typ: sie`: the books themselves, from an SIE export (SIE 1–4, per the SIE 4B standard).
//!
//! Our own parser: fields separated by spaces or tabs, quoted fields with `\"`, object lists in
//! braces, unknown tags skipped (SIE 4B §7.1), CRLF. Files are CP437 as the standard says, or
//! UTF-8 / ISO-8859-1 where they plainly are. The books become a resultaträkning and a
//! balansräkning grouped by an account plan (BAS or Kommun-Bas), checked: every voucher sums to
//! zero, every period's balances sum to zero, and opening balances that do not (last year's
//! result not yet booked) are a warning.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::statement::{Kind, Line, Statement};
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{Date, Unit};

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

/// The text of an SIE file: UTF-8 if it is valid UTF-8, ISO-8859-1 where its Swedish letters are
/// plainly Latin-1, CP437 otherwise.
pub fn decode(bytes: &[u8]) -> String {
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

/// A balance by (year index, account) or (year, period, account).
#[derive(Debug, Default, Clone)]
pub struct Books {
    /// `#FNAMN`
    pub company: Option<String>,
    /// `#RAR`: year index → (from, to).
    pub years: BTreeMap<i32, (Date, Date)>,
    /// `#KONTO`: number → name.
    pub accounts: BTreeMap<u32, String>,
    /// `#IB` of year 0.
    pub opening: BTreeMap<u32, Decimal>,
    /// `#UB` of year 0.
    pub closing: BTreeMap<u32, Decimal>,
    /// `#RES` of year 0.
    pub result: BTreeMap<u32, Decimal>,
    /// `#PSALDO` of year 0 without objects: (yyyymm, account) → amount.
    pub period_balances: BTreeMap<(u32, u32), Decimal>,
    /// `#PBUDGET` of year 0 without objects.
    pub period_budgets: BTreeMap<(u32, u32), Decimal>,
    /// `#IB`, `#UB` and `#RES` of year −1 (föregående år), when the file holds them.
    pub previous: [BTreeMap<u32, Decimal>; 3],
}

/// Parses SIE text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> (Books, Vec<Diagnostic>) {
    let mut books = Books::default();
    let mut problems = Vec::new();
    let mut voucher: Option<(usize, Decimal, bool)> = None; // (line, sum, inside braces)
    let mut psaldo_lines: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    let located = |line: usize, message: String| {
        Diagnostic::error(message)
            .in_file(file)
            .at(Position { line, column: 1 })
    };
    let amount = |text: &str| -> Option<Decimal> { Decimal::from_str_exact(text.trim()).ok() };
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed == "{" {
            match &mut voucher {
                Some((_, _, inside)) => *inside = true,
                None => problems.push(located(line, "`{` utan #VER före".into())),
            }
            continue;
        }
        if trimmed == "}" {
            match voucher.take() {
                Some((start, sum, _)) if !sum.is_zero() => problems.push(
                    located(
                        start,
                        format!("verifikationen balanserar inte: summan är {sum} i stället för 0"),
                    )
                    .hint("debet och kredit i en verifikation ska ta ut varandra"),
                ),
                Some(_) => {}
                None => problems.push(located(line, "`}` utan #VER och `{` före".into())),
            }
            continue;
        }
        let f = fields(trimmed);
        let Some(tag) = f.first() else { continue };
        let get = |i: usize| f.get(i).map(String::as_str).unwrap_or("");
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
                let parse_date = |s: &str| -> Option<Date> {
                    // ÅÅÅÅMMDD: eight ASCII digits (slicing anything else could split a letter).
                    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    Date::parse(&format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..8])).ok()
                };
                match (
                    get(1).parse::<i32>(),
                    parse_date(get(2)),
                    parse_date(get(3)),
                ) {
                    (Ok(y), Some(from), Some(to)) => {
                        books.years.insert(y, (from, to));
                    }
                    _ => problems.push(located(
                        line,
                        "#RAR ska ha årsnummer, startdatum och slutdatum (ÅÅÅÅMMDD)".into(),
                    )),
                }
            }
            "#KONTO" if need(2, &mut problems) => match get(1).parse::<u32>() {
                Ok(n) => {
                    books.accounts.insert(n, get(2).to_owned());
                }
                Err(_) => problems.push(located(
                    line,
                    format!("kontonumret `{}` är inget tal", get(1)),
                )),
            },
            "#IB" | "#UB" | "#RES" if need(4, &mut problems) => {
                let (Ok(year), Ok(account), Some(value)) =
                    (get(1).parse::<i32>(), get(2).parse::<u32>(), amount(get(3)))
                else {
                    problems.push(located(
                        line,
                        format!("{tag} ska ha årsnummer, konto och belopp"),
                    ));
                    continue;
                };
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
                let (Ok(year), Ok(period), Ok(account), Some(value)) = (
                    get(1).parse::<i32>(),
                    get(2).parse::<u32>(),
                    get(3).parse::<u32>(),
                    amount(get(5)),
                ) else {
                    problems.push(located(
                        line,
                        format!(
                            "{tag} ska ha årsnummer, period (ÅÅÅÅMM), konto, objektlista och belopp"
                        ),
                    ));
                    continue;
                };
                // Totals only: balances per object are breakdowns of the same amount.
                let objects = get(4)
                    .trim_matches(|c| c == '{' || c == '}')
                    .trim()
                    .is_empty();
                if year == 0 && objects {
                    if tag == "#PSALDO" {
                        *books.period_balances.entry((period, account)).or_default() += value;
                        psaldo_lines.entry((period, account)).or_insert(line);
                    } else {
                        *books.period_budgets.entry((period, account)).or_default() += value;
                    }
                }
            }
            "#VER" => {
                if let Some((start, _, _)) = voucher {
                    problems.push(located(
                        start,
                        "verifikationen saknar avslutande `}`".into(),
                    ));
                }
                voucher = Some((line, Decimal::ZERO, false));
            }
            "#TRANS" if need(4, &mut problems) => match (&mut voucher, amount(get(3))) {
                (Some((_, sum, true)), Some(v)) => *sum += v,
                (Some((_, _, true)), None) => {
                    problems.push(located(line, format!("beloppet `{}` är inget tal", get(3))))
                }
                _ => problems.push(located(line, "#TRANS utanför en verifikation".into())),
            },
            // Added and removed transactions of SIE 4B: their #TRANS twins carry the amounts.
            "#RTRANS" | "#BTRANS" => {}
            _ => {}
        }
    }
    if let Some((start, _, _)) = voucher {
        problems.push(
            located(start, "filen tar slut mitt i en verifikation".into())
                .hint("filen är avkortad: exportera den igen från bokföringssystemet"),
        );
    }
    // Every account with balances must be in the account list (when there is one).
    if !books.accounts.is_empty() {
        for ((_, account), line) in &psaldo_lines {
            if !books.accounts.contains_key(account) {
                problems.push(located(
                    *line,
                    format!("kontot {account} i #PSALDO finns inte bland #KONTO"),
                ));
            }
        }
    }
    // Every period's balances sum to zero.
    let mut per_period: BTreeMap<u32, Decimal> = BTreeMap::new();
    for ((period, _), v) in &books.period_balances {
        *per_period.entry(*period).or_default() += v;
    }
    for (period, sum) in per_period {
        if !sum.is_zero() {
            problems.push(
                Diagnostic::error(format!(
                    "periodsaldona för {period} summerar till {}, inte 0",
                    super::shown(sum, Unit::Kr)
                ))
                .in_file(file),
            );
        }
    }
    (books, problems)
}

/// The built-in plans' groups: (name, statement section, first account, last account).
type BuiltIn = &'static [(&'static str, &'static str, u32, u32)];

/// A group of an account plan: its name, the statement section it belongs to (`tillgångar`,
/// `eget_kapital`, `avsättningar`, `skulder`, or `rader` for the resultaträkning) and its
/// account ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanGroup {
    /// The group's name as printed.
    pub name: String,
    /// The section of the statement.
    pub section: String,
    /// Inclusive account ranges.
    pub ranges: Vec<(u32, u32)>,
}

impl PlanGroup {
    fn holds(&self, account: u32) -> bool {
        self.ranges
            .iter()
            .any(|(a, b)| account >= *a && account <= *b)
    }
}

fn built_in(plan: BuiltIn) -> Vec<PlanGroup> {
    plan.iter()
        .map(|(name, section, a, b)| PlanGroup {
            name: (*name).to_owned(),
            section: (*section).to_owned(),
            ranges: vec![(*a, *b)],
        })
        .collect()
}

/// The sections a mapping file may name, as written there: resultat means the resultaträkning.
pub const SECTIONS: &[&str] = &[
    "tillgångar",
    "eget_kapital",
    "avsättningar",
    "skulder",
    "resultat",
];

/// A project's own account plan: `grupper: [{ namn, avsnitt, konton: ["1900-1999", 2010] }]`.
pub fn mapping(
    node: &crate::yaml::Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PlanGroup> {
    use crate::yaml::{MapReader, Value};
    let mut groups = Vec::new();
    let Ok(mut map) = MapReader::new(node, file, "kontoplanen") else {
        problems.push(Diagnostic::error("kontoplanen ska ha `grupper:`").in_file(file));
        return groups;
    };
    let Some(list) = map.get("grupper") else {
        problems.push(
            Diagnostic::error("kontoplanen saknar `grupper:`")
                .in_file(file)
                .at(node.position),
        );
        return groups;
    };
    map.get("typ");
    problems.extend(map.unknown_keys(&["grupper"], "kontoplanen"));
    let Value::Seq(items) = &list.value else {
        problems.push(
            Diagnostic::error("`grupper` ska vara en lista")
                .in_file(file)
                .at(list.position),
        );
        return groups;
    };
    for item in items {
        let Ok(mut g) = MapReader::new(item, file, "en grupp") else {
            continue;
        };
        let name = g.text("namn").ok().flatten().unwrap_or_default();
        let section = g.text("avsnitt").ok().flatten().unwrap_or_default();
        if !SECTIONS.contains(&section.as_str()) {
            problems.push(
                Diagnostic::error(format!("okänt avsnitt `{section}` för gruppen `{name}`"))
                    .in_file(file)
                    .at(item.position)
                    .hint(format!("skriv en av: {}", SECTIONS.join(", "))),
            );
        }
        let mut ranges = Vec::new();
        match g.get("konton") {
            Some(crate::yaml::Node {
                value: Value::Seq(accounts),
                ..
            }) => {
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
            _ => problems.push(
                Diagnostic::error(format!("gruppen `{name}` saknar `konton:` (en lista)"))
                    .in_file(file)
                    .at(item.position),
            ),
        }
        problems.extend(g.unknown_keys(&["namn", "avsnitt", "konton"], "en grupp"));
        let section = if section == "resultat" {
            "rader".to_owned()
        } else {
            section
        };
        groups.push(PlanGroup {
            name,
            section,
            ranges,
        });
    }
    groups
}

/// BAS: assets by class, equity and liabilities, revenue, costs by kind, financial items.
const BAS: BuiltIn = &[
    (
        "Immateriella anläggningstillgångar",
        "tillgångar",
        1000,
        1099,
    ),
    ("Materiella anläggningstillgångar", "tillgångar", 1100, 1299),
    (
        "Finansiella anläggningstillgångar",
        "tillgångar",
        1300,
        1399,
    ),
    ("Varulager", "tillgångar", 1400, 1499),
    ("Kundfordringar", "tillgångar", 1500, 1599),
    ("Övriga fordringar", "tillgångar", 1600, 1699),
    (
        "Förutbetalda kostnader och upplupna intäkter",
        "tillgångar",
        1700,
        1799,
    ),
    ("Kortfristiga placeringar", "tillgångar", 1800, 1899),
    ("Kassa och bank", "tillgångar", 1900, 1999),
    ("Eget kapital", "eget_kapital", 2000, 2099),
    ("Obeskattade reserver", "avsättningar", 2100, 2199),
    ("Avsättningar", "avsättningar", 2200, 2299),
    ("Långfristiga skulder", "skulder", 2300, 2399),
    ("Kortfristiga skulder", "skulder", 2400, 2999),
    ("Rörelsens intäkter", "rader", 3000, 3999),
    ("Varor, material och tjänster", "rader", 4000, 4999),
    ("Övriga externa kostnader", "rader", 5000, 6999),
    ("Personalkostnader", "rader", 7000, 7699),
    ("Av- och nedskrivningar", "rader", 7700, 7899),
    ("Övriga rörelsekostnader", "rader", 7900, 7999),
    ("Finansiella poster", "rader", 8000, 8799),
    ("Bokslutsdispositioner", "rader", 8800, 8899),
    ("Skatter och årets resultat", "rader", 8900, 8999),
];

/// Kommun-Bas: the same balance classes; 3 intäkter, 4–7 kostnader by kind, 8 finansiella poster.
const KOMMUN_BAS: BuiltIn = &[
    ("Anläggningstillgångar", "tillgångar", 1000, 1399),
    ("Omsättningstillgångar", "tillgångar", 1400, 1999),
    ("Eget kapital", "eget_kapital", 2000, 2099),
    ("Avsättningar", "avsättningar", 2100, 2299),
    ("Långfristiga skulder", "skulder", 2300, 2399),
    ("Kortfristiga skulder", "skulder", 2400, 2999),
    ("Verksamhetens intäkter", "rader", 3000, 3999),
    ("Personalkostnader", "rader", 4000, 5999),
    ("Övriga verksamhetskostnader", "rader", 6000, 7799),
    ("Avskrivningar", "rader", 7800, 7899),
    ("Övriga kostnader", "rader", 7900, 7999),
    ("Finansiella poster", "rader", 8000, 8999),
];

/// The built-in account plan called `name`, if known.
pub fn plan(name: &str) -> Option<Vec<PlanGroup>> {
    match name.trim() {
        "bas" | "BAS" => Some(built_in(BAS)),
        "kommun-bas" | "Kommun-Bas" | "kommunbas" => Some(built_in(KOMMUN_BAS)),
        _ => None,
    }
}

fn months(from: Date, to: Date) -> impl Fn(u32) -> bool {
    let (a, b) = (
        from.year as u32 * 100 + u32::from(from.month),
        to.year as u32 * 100 + u32::from(to.month),
    );
    move |p| p >= a && p <= b
}

/// The statements for `period` (inside fiscal year 0): a resultaträkning (budget from #PBUDGET,
/// utfall from #PSALDO, or #RES for the whole year) and a balansräkning (#IB plus the period's
/// change, checked against #UB for the whole year).
pub fn statements(
    books: &Books,
    plan: &[PlanGroup],
    period: Option<(Date, Date)>,
    file: &str,
    accounts_as_rows: bool,
    problems: &mut Vec<Diagnostic>,
) -> (Statement, Statement) {
    let fiscal = books.years.get(&0).copied();
    let period = period.or(fiscal);
    let whole_year = period.is_some() && period == fiscal;
    let in_period = period.map(|(a, b)| months(a, b));
    let from_start = match (fiscal, period) {
        (Some((start, _)), Some((_, end))) => Some(months(start, end)),
        _ => None,
    };
    let sum_over = |map: &BTreeMap<(u32, u32), Decimal>,
                    account: u32,
                    keep: &Option<Box<dyn Fn(u32) -> bool>>|
     -> Decimal {
        map.iter()
            .filter(|((p, a), _)| *a == account && keep.as_ref().is_none_or(|k| k(*p)))
            .map(|(_, v)| *v)
            .sum()
    };
    let in_period: Option<Box<dyn Fn(u32) -> bool>> =
        in_period.map(|f| Box::new(f) as Box<dyn Fn(u32) -> bool>);
    let from_start: Option<Box<dyn Fn(u32) -> bool>> =
        from_start.map(|f| Box::new(f) as Box<dyn Fn(u32) -> bool>);
    let use_res = whole_year && books.period_balances.is_empty();
    // Without #PBUDGET there is no budget column.
    let has_budget = !books.period_budgets.is_empty();

    // All accounts that have anything.
    let mut accounts: Vec<u32> = books
        .opening
        .keys()
        .chain(books.closing.keys())
        .chain(books.result.keys())
        .chain(books.period_balances.keys().map(|(_, a)| a))
        .chain(books.period_budgets.keys().map(|(_, a)| a))
        .copied()
        .collect();
    accounts.sort_unstable();
    accounts.dedup();

    let name_of = |a: u32| {
        books
            .accounts
            .get(&a)
            .cloned()
            .unwrap_or_else(|| format!("Konto {a}"))
    };
    let position = Position { line: 1, column: 1 };
    let mut income_groups: Vec<Line> = Vec::new();
    let mut period_result = Decimal::ZERO;
    let mut balance_sections: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    // An account belongs to the first group that holds it.
    let mut claimed: Vec<u32> = Vec::new();
    for plan_group in plan {
        let (group, section) = (&plan_group.name, plan_group.section.as_str());
        let members: Vec<u32> = accounts
            .iter()
            .copied()
            .filter(|a| plan_group.holds(*a) && !claimed.contains(a))
            .collect();
        if members.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        for a in members {
            if section == "rader" {
                let actual = if use_res {
                    books.result.get(&a).copied().unwrap_or_default()
                } else {
                    sum_over(&books.period_balances, a, &in_period)
                };
                let budget = sum_over(&books.period_budgets, a, &in_period);
                if actual.is_zero() && budget.is_zero() {
                    continue;
                }
                period_result += actual;
                // Revenue is credit (negative) in the books and positive in the statement.
                rows.push(Line {
                    name: format!("{a} {}", name_of(a)),
                    group: false,
                    id: None,
                    amounts: if has_budget {
                        vec![Some(-budget), Some(-actual)]
                    } else {
                        vec![Some(-actual)]
                    },
                    lines: vec![],
                    note: None,
                    position,
                });
            } else {
                let opening = books.opening.get(&a).copied().unwrap_or_default();
                // A whole year without period balances (SIE 1 and 2 may have only #IB, #UB, #RES):
                // the change is #UB − #IB.
                let change = if use_res {
                    books.closing.get(&a).copied().unwrap_or(opening) - opening
                } else {
                    sum_over(&books.period_balances, a, &from_start)
                };
                if opening.is_zero() && change.is_zero() {
                    continue;
                }
                if whole_year
                    && let Some(ub) = books.closing.get(&a)
                    && *ub != opening + change
                {
                    problems.push(Diagnostic::error(format!("konto {a}: #UB {ub} är inte #IB {opening} + periodernas saldon {change}")).in_file(file));
                }
                rows.push(Line {
                    name: format!("{a} {}", name_of(a)),
                    group: false,
                    id: None,
                    amounts: vec![Some(opening), Some(change), Some(opening + change)],
                    lines: vec![],
                    note: None,
                    position,
                });
            }
        }
        if rows.is_empty() {
            continue;
        }
        let columns = rows[0].amounts.len();
        let sums = (0..columns)
            .map(|c| Some(rows.iter().map(|r| r.amounts[c].unwrap_or_default()).sum()))
            .collect();
        let line = Line {
            name: group.clone(),
            group: true,
            id: None,
            amounts: sums,
            lines: rows,
            note: None,
            position,
        };
        claimed.extend(
            line.lines
                .iter()
                .filter_map(|l| l.name.split(' ').next()?.parse::<u32>().ok()),
        );
        let line = if accounts_as_rows {
            line
        } else {
            Line {
                lines: Vec::new(),
                group: false,
                ..line
            }
        };
        if section == "rader" {
            income_groups.push(line);
        } else {
            balance_sections
                .entry(section.to_owned())
                .or_default()
                .push(line);
        }
    }
    // Opening balances that do not sum to zero: last year's result, not yet booked.
    let opening_sum: Decimal = books.opening.values().copied().sum();
    let equity = balance_sections
        .entry("eget_kapital".to_owned())
        .or_default();
    if !opening_sum.is_zero() {
        problems.push(
            Diagnostic::warning(format!(
                "ingående balanser summerar till {}, inte 0",
                super::shown(opening_sum, Unit::Kr)
            ))
                .in_file(file)
                .hint("oftast förra årets resultat som ännu inte bokförts; det visas som en egen rad under eget kapital"),
        );
        equity.push(Line {
            name: "Ej bokfört resultat föregående år".into(),
            group: false,
            id: None,
            amounts: vec![Some(-opening_sum), Some(Decimal::ZERO), Some(-opening_sum)],
            lines: vec![],
            note: None,
            position,
        });
    }
    // The period's result sits in no balance account until the year is closed.
    if !period_result.is_zero() {
        equity.push(Line {
            // A closed year's result is reopened by `closing::reopen`: “Årets resultat” once.
            name: if whole_year {
                "Årets resultat"
            } else {
                "Beräknat resultat"
            }
            .into(),
            group: false,
            id: None,
            amounts: vec![
                Some(Decimal::ZERO),
                Some(period_result),
                Some(period_result),
            ],
            lines: vec![],
            note: None,
            position,
        });
    }
    let income = Statement {
        file: file.to_owned(),
        kind: Kind::Income,
        unit: Unit::Kr,
        fiscal_year: fiscal,
        period,
        columns: if has_budget {
            vec!["budget".into(), "utfall".into()]
        } else {
            vec!["utfall".into()]
        },
        sections: vec![("rader".into(), income_groups)],
        report_signs: false,
    };
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
        report_signs: false,
    };
    (income, balance)
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
        let (income, balance) =
            statements(&books, &built_in(BAS), period, "b.se", true, &mut problems);
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
                .starts_with("verifikationen balanserar inte: summan är 0.25")
                && m.ends_with(":13")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("kontot 1931 i #PSALDO finns inte") && m.ends_with(":10")),
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
}
