//! Dates and Swedish period names: the day before and after, a month's end, a period as column
//! heads name it (“jan–aug 2018”), and the head of each resultaträkning column.

use crate::money::Date;

/// The day before `date` (the previous fiscal year's last day).
pub fn day_before(date: Date) -> Date {
    if date.day > 1 {
        return Date {
            day: date.day - 1,
            ..date
        };
    }
    let (year, month) = if date.month == 1 {
        (date.year - 1, 12)
    } else {
        (date.year, date.month - 1)
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let day = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    Date { year, month, day }
}

/// The first day of the month after `date`'s.
fn next_month(date: Date) -> Date {
    if date.month >= 12 {
        Date {
            year: date.year + 1,
            month: 1,
            day: 1,
        }
    } else {
        Date {
            month: date.month + 1,
            day: 1,
            ..date
        }
    }
}

/// The last day of `date`'s month.
pub fn month_end(date: Date) -> Date {
    day_before(next_month(date))
}

/// The day after `date`.
pub fn day_after(date: Date) -> Date {
    if date.day < month_end(date).day {
        Date {
            day: date.day + 1,
            ..date
        }
    } else {
        next_month(date)
    }
}

/// A period as column heads name it: “jan–aug 2018”, “jul 2009–feb 2010” across a year end,
/// “januari 2011” for one month; a period that starts or ends within a month names its days:
/// “1 jan–15 aug 2010”.
pub fn period_name(from: Date, to: Date) -> String {
    use crate::money::{MONTHS as LONG, SHORT_MONTHS};
    let short = |d: Date| SHORT_MONTHS[usize::from(d.month.clamp(1, 12) - 1)];
    if from.day != 1 || to != month_end(to) {
        return if from.year == to.year {
            format!(
                "{} {}–{} {} {}",
                from.day,
                short(from),
                to.day,
                short(to),
                to.year
            )
        } else {
            format!(
                "{} {} {}–{} {} {}",
                from.day,
                short(from),
                from.year,
                to.day,
                short(to),
                to.year
            )
        };
    }
    if from.year == to.year && from.month == to.month {
        format!(
            "{} {}",
            LONG[usize::from(to.month.clamp(1, 12) - 1)],
            to.year
        )
    } else if from.year == to.year {
        format!("{}–{} {}", short(from), short(to), to.year)
    } else {
        format!("{} {}–{} {}", short(from), from.year, short(to), to.year)
    }
}

pub(crate) fn income_header(
    column: &str,
    period: Option<(Date, Date)>,
    fiscal_year: Option<(Date, Date)>,
) -> String {
    let year_label = |(from, to): (Date, Date)| {
        if from.year == to.year {
            to.year.to_string()
        } else {
            format!("{}/{}", from.year, to.year % 100)
        }
    };
    let back = |d: Date| Date {
        year: d.year - 1,
        // 29 February of a leap year has no twin.
        day: if d.month == 2 && d.day == 29 {
            28
        } else {
            d.day
        },
        ..d
    };
    match (column, period) {
        ("budget", Some((from, to))) => format!("Budget {}", period_name(from, to)),
        ("utfall", Some((from, to))) => format!("Utfall {}", period_name(from, to)),
        ("föregående_år", Some((from, to))) => {
            format!("Utfall {}", period_name(back(from), back(to)))
        }
        ("prognos", _) => match fiscal_year {
            Some(f) => format!("Prognos helår {}", year_label(f)),
            None => "Prognos helår".into(),
        },
        ("budget_helår", _) => match fiscal_year {
            Some(f) => format!("Budget helår {}", year_label(f)),
            None => "Budget helår".into(),
        },
        ("budget", None) => "Budget".into(),
        ("utfall", None) => "Utfall".into(),
        _ => "Föregående år".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn periods_are_named_across_year_ends_and_for_one_month() {
        assert_eq!(
            period_name(date(2018, 1, 1), date(2018, 8, 31)),
            "jan–aug 2018"
        );
        assert_eq!(
            period_name(date(2009, 7, 1), date(2010, 2, 28)),
            "jul 2009–feb 2010"
        );
        assert_eq!(
            period_name(date(2011, 1, 1), date(2011, 1, 31)),
            "januari 2011"
        );
        assert_eq!(day_before(date(2018, 1, 1)), date(2017, 12, 31));
        assert_eq!(day_before(date(2020, 3, 1)), date(2020, 2, 29));
        assert_eq!(day_before(date(2009, 7, 1)), date(2009, 6, 30));
        assert_eq!(
            income_header(
                "föregående_år",
                Some((date(2018, 1, 1), date(2018, 8, 31))),
                None
            ),
            "Utfall jan–aug 2017"
        );
    }
}
