//! Amounts: exact decimals from the text a writer typed, and Swedish typography when printed.
//!
//! Parsing never goes through binary floating point: `1234.50` keeps its scale and `0.1 + 0.2`
//! is `0.3`. Formatting is the one place where rounding happens (half away from zero), and it
//! writes Swedish figures: no-break space between thousands, decimal comma, a real minus sign
//! (U+2212) and `5,4 %`. The same functions serve layouts and prose, as tera filters.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::diagnostics::{Diagnostic, Form, Kind, Shape};

/// The no-break space used between thousands and before units.
pub const NBSP: char = '\u{a0}';
/// The minus sign printed for negative amounts.
pub const MINUS: char = '\u{2212}';

/// The unit a data file's amounts are written in (`enhet:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// kronor
    Kr,
    /// tusen kronor
    Tkr,
    /// miljoner kronor (`mkr` is accepted as the same)
    Mnkr,
}

impl Unit {
    /// The units' names as written (`mkr` is read as `mnkr` too).
    pub const NAMES: [&'static str; 3] = ["kr", "tkr", "mnkr"];

    /// The unit named by `text`, if any.
    pub fn parse(text: &str) -> Option<Unit> {
        match text.trim() {
            "kr" => Some(Unit::Kr),
            "tkr" => Some(Unit::Tkr),
            "mnkr" | "mkr" => Some(Unit::Mnkr),
            _ => None,
        }
    }

    /// How many kronor one of this unit is.
    pub fn kronor(self) -> Decimal {
        match self {
            Unit::Kr => Decimal::ONE,
            Unit::Tkr => Decimal::from(1_000),
            Unit::Mnkr => Decimal::from(1_000_000),
        }
    }

    /// The unit as printed after an amount.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Kr => "kr",
            Unit::Tkr => "tkr",
            Unit::Mnkr => "mnkr",
        }
    }
}

/// Parses an amount as written in a data file or a template: a YAML number (`61478`,
/// `-8091800`, `1234.50`) or Swedish notation (`"61 478"`, `"1 234,50"`, `"−437 001"`, with
/// space, no-break space or thin space between thousands). Anything else is an error message.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    read_amount(text).map_err(|d| d.message)
}

/// [`parse_amount`], its error a diagnostic without a place: of kind [`Kind::WrongForm`] for
/// what is no amount, [`Kind::Other`] for an amount too large.
pub fn read_amount(text: &str) -> Result<Decimal, Diagnostic> {
    let trimmed = text.trim();
    let (negative, rest) = match trimmed.strip_prefix(['-', MINUS]) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let mut digits = String::with_capacity(rest.len());
    let mut seen_separator = false;
    let mut group_len = 0usize;
    let mut grouped = false;
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                digits.push(c);
                group_len += 1;
            }
            ' ' | NBSP | '\u{2009}' | '\u{202f}' if !seen_separator => {
                // A thousands separator: the group after it must have three digits.
                if digits.is_empty() || (grouped && group_len != 3) {
                    return Err(invalid(text));
                }
                grouped = true;
                group_len = 0;
            }
            ',' | '.' if !seen_separator => {
                if digits.is_empty() || (grouped && group_len != 3) {
                    return Err(invalid(text));
                }
                seen_separator = true;
                digits.push('.');
                group_len = 0;
            }
            _ => return Err(invalid(text)),
        }
    }
    if group_len == 0 || (grouped && !seen_separator && group_len != 3) {
        return Err(invalid(text));
    }
    let value = Decimal::from_str_exact(&digits).map_err(|_| {
        let whole = digits
            .split('.')
            .next()
            .unwrap_or("")
            .trim_start_matches('0');
        // rust_decimal holds 28 significant digits: more is out of range, not a typo.
        if whole.len() > 28 || digits.len() > 29 {
            Diagnostic::error(format!("beloppet `{text}` är för stort"))
        } else {
            invalid(text)
        }
    })?;
    // Far beyond any budget, and small enough that no sum or share of amounts can leave
    // rust_decimal's range (which would be a panic): 10^18 kr.
    if value >= LIMIT {
        return Err(Diagnostic::error(format!(
            "beloppet `{text}` är för stort: arshjul räknar med belopp under 10^18"
        )));
    }
    Ok(if negative { -value } else { value })
}

/// Amounts must be smaller than this (10^18) in absolute value, so that sums of any number of
/// rows and shares of them stay exact and inside rust_decimal's range.
pub const LIMIT: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

fn invalid(text: &str) -> Diagnostic {
    Diagnostic::error_of(Kind::wrong_written(
        Shape::Written,
        Form::Amount,
        None,
        text,
    ))
}

/// `value` to `decimals` decimals, half away from zero: as amounts are printed.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats `value` with `decimals` decimals, rounding half away from zero, in Swedish typography.
pub fn format_number(value: Decimal, decimals: u32) -> String {
    let rounded = round(value, decimals);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if negative {
        out.push(MINUS);
    }
    let len = whole.len();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(NBSP);
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// An amount given in `from`, printed in `to` with the unit after it (`61 478 tkr`).
/// Kronor and tkr are printed whole, mnkr with one decimal.
pub fn format_amount(value: Decimal, from: Unit, to: Unit) -> String {
    let decimals = if to == Unit::Mnkr { 1 } else { 0 };
    let converted = value * from.kronor() / to.kronor();
    format!("{}{NBSP}{}", format_number(converted, decimals), to.label())
}

/// A share as a percentage: `0.054` prints `5,4 %`.
pub fn format_percent(fraction: Decimal, decimals: u32) -> String {
    format!(
        "{}{NBSP}%",
        format_number(fraction * Decimal::ONE_HUNDRED, decimals)
    )
}

/// The Swedish month names, for dates written “27 november 2020” and periods “januari 2011”.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The short month names of column heads and charts: “jan–aug 2018”.
pub const SHORT_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// `SOURCE_DATE_EPOCH` as a date, if set.
    pub fn source_date_epoch() -> Option<Date> {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()?
            .trim()
            .parse::<i64>()
            .ok()?;
        Date::from_epoch_seconds(seconds)
    }

    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Date, String> {
        Date::read(text).map_err(|d| d.message)
    }

    /// [`Date::parse`], its error a diagnostic of kind [`Kind::WrongForm`], without a place.
    pub fn read(text: &str) -> Result<Date, Diagnostic> {
        let err =
            || Diagnostic::error_of(Kind::wrong_written(Shape::Written, Form::Date, None, text));
        let mut parts = text.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u8 = m.parse().map_err(|_| err())?;
        let day: u8 = d.parse().map_err(|_| err())?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(err()),
        };
        if day == 0 || day > days {
            return Err(err());
        }
        Ok(Date { year, month, day })
    }

    /// Today's date (UTC) by the system clock; `None` for a clock before 1970.
    pub fn today() -> Option<Date> {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Date::from_epoch_seconds(i64::try_from(seconds).ok()?)
    }

    /// The UTC date of a Unix time in seconds (as `SOURCE_DATE_EPOCH` gives it).
    pub fn from_epoch_seconds(seconds: i64) -> Option<Date> {
        // Days since 1970-01-01 to a civil date (the proleptic Gregorian calendar).
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u8::try_from(doy - (153 * mp + 2) / 5 + 1).ok()?;
        let month = u8::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).ok()?;
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        Some(Date { year, month, day })
    }

    /// “27 november 2020”.
    pub fn swedish(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// `2020-11-27`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        parse_amount(text).unwrap()
    }

    #[test]
    fn parses_yaml_numbers_exactly() {
        assert_eq!(d("61478"), Decimal::from(61478));
        assert_eq!(d("-8091800"), Decimal::from(-8091800));
        assert_eq!(d("1234.50").to_string(), "1234.50");
        assert_eq!(d("0.1") + d("0.2"), d("0.3"));
    }

    #[test]
    fn parses_swedish_notation() {
        assert_eq!(d("61 478"), Decimal::from(61478));
        assert_eq!(d("1 234,50").to_string(), "1234.50");
        assert_eq!(d("−437 001"), Decimal::from(-437001));
        assert_eq!(d("- 437\u{a0}001"), Decimal::from(-437001));
        assert_eq!(d("5\u{202f}352\u{2009}667"), Decimal::from(5352667));
        assert_eq!(d("0"), Decimal::ZERO);
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for bad in [
            "",
            "-",
            "tvåhundra",
            "1,234.50",
            "12 34",
            "1 2345",
            "1..2",
            "1e6",
            "12,",
            " ,5",
            "1 234 5",
        ] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be rejected");
        }
        let huge = "9".repeat(40);
        assert!(parse_amount(&huge).unwrap_err().contains("för stort"));
        assert_eq!(LIMIT, Decimal::from(1_000_000_000_000_000_000_i64));
        assert!(parse_amount("999999999999999999").is_ok());
        assert!(
            parse_amount("-1 000 000 000 000 000 000")
                .unwrap_err()
                .contains("för stort")
        );
    }

    #[test]
    fn formats_in_swedish_typography() {
        assert_eq!(format_number(d("5352667"), 0), "5\u{a0}352\u{a0}667");
        assert_eq!(
            format_number(d("-8091800"), 0),
            "\u{2212}8\u{a0}091\u{a0}800"
        );
        assert_eq!(format_number(d("1234.5"), 2), "1\u{a0}234,50");
        assert_eq!(format_number(d("0"), 0), "0");
        assert_eq!(format_number(d("-0.4"), 0), "0");
        assert_eq!(format_number(d("999"), 0), "999");
    }

    #[test]
    fn rounds_half_away_from_zero_when_printed() {
        assert_eq!(format_number(d("2.5"), 0), "3");
        assert_eq!(format_number(d("-2.5"), 0), "\u{2212}3");
        assert_eq!(format_number(d("0.05"), 1), "0,1");
    }

    #[test]
    fn amounts_and_percentages() {
        assert_eq!(
            format_amount(d("61478"), Unit::Tkr, Unit::Tkr),
            "61\u{a0}478\u{a0}tkr"
        );
        assert_eq!(
            format_amount(d("61478000"), Unit::Kr, Unit::Mnkr),
            "61,5\u{a0}mnkr"
        );
        assert_eq!(
            format_amount(d("70841"), Unit::Tkr, Unit::Mnkr),
            "70,8\u{a0}mnkr"
        );
        assert_eq!(format_percent(d("0.054"), 1), "5,4\u{a0}%");
        assert_eq!(Unit::parse("mkr"), Some(Unit::Mnkr));
    }

    #[test]
    fn dates_from_epoch_seconds() {
        assert_eq!(
            Date::from_epoch_seconds(0),
            Some(Date {
                year: 1970,
                month: 1,
                day: 1
            })
        );
        assert_eq!(
            Date::from_epoch_seconds(1_606_435_200).unwrap().iso(),
            "2020-11-27"
        );
        assert_eq!(
            Date::from_epoch_seconds(951_782_400).unwrap().iso(),
            "2000-02-29"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2020-11-27").unwrap().swedish(),
            "27 november 2020"
        );
        assert_eq!(Date::parse("2020-02-29").unwrap().iso(), "2020-02-29");
        for bad in [
            "2019-02-29",
            "2020-13-01",
            "2020-1-1",
            "27 november",
            "2020-00-10",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }
}
