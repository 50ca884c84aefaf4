//! What a `typ: sie` file asks of the books (`Request`: the period, the columns, signs and form,
//! the prognos file), and its period checked against them: inside the fiscal year, whole months
//! where the books hold balances per month only, and not past what they cover (#OMFATTN, or
//! without it the last month with figures).

use super::Books;
use super::books::{month_name, yyyymm};
use super::forecast::Forecasts;
use crate::diagnostics::{Diagnostic, Position};
use crate::model::statement::{Form, day_after, day_before, month_end};
use crate::money::Date;

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
    pub(super) fn at_period(&self, d: Diagnostic, file: &str, end: Option<bool>) -> Diagnostic {
        match (&self.period_at, self.ends_at, end) {
            (Some((f, _)), Some((from, _)), Some(false)) => d.in_file(f.as_str()).at(from),
            (Some((f, _)), Some((_, to)), Some(true)) => d.in_file(f.as_str()).at(to),
            (Some((f, p)), _, _) => d.in_file(f.as_str()).at(*p),
            (None, _, _) => d.in_file(file),
        }
    }
}

/// The days the statements cover: the period asked for, the fiscal year it lies in, and the
/// last day the books' figures count to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    /// The period's first day.
    pub(super) from: Date,
    /// The period's last day.
    pub(super) to: Date,
    /// The fiscal year's first day (#RAR 0).
    pub(super) start: Date,
    /// The fiscal year's last day.
    pub(super) end: Date,
    /// The period's last day with figures: #OMFATTN where the books end before `to`.
    pub(super) counted: Date,
}

impl Span {
    /// Whether the period is the whole fiscal year.
    pub(super) fn whole_year(&self) -> bool {
        (self.from, self.to) == (self.start, self.end)
    }

    /// The days of the year before the period: their movements are in the opening balances.
    pub(super) fn before_period(&self) -> Option<(Date, Date)> {
        (self.from > self.start).then(|| (self.start, day_before(self.from)))
    }
}

impl Request {
    /// The days the statements cover (the period checked by `checked_period`), and the day their
    /// figures count to: a period past #OMFATTN, or past the last month with figures where the
    /// books have no #OMFATTN, is an error (with `ofullständig: tillåt` a warning, and a remark
    /// in `remarks`). `None` where the period cannot be made (said in `problems`).
    pub(super) fn span(
        &self,
        books: &Books,
        file: &str,
        problems: &mut Vec<Diagnostic>,
        remarks: &mut Vec<String>,
    ) -> Option<Span> {
        let (from, to) = checked_period(books, self, file, problems)?;
        let (start, end) = books.years.get(&0).copied()?;
        // Nothing the books hold after #OMFATTN is counted: the figures end there.
        let counted = match books.coverage {
            Some((covered, _)) if covered < to => covered,
            _ => to,
        };
        if let Some((covered, line)) = books.coverage
            && covered < from
        {
            problems.push(self.at_period(Diagnostic::error(format!(
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
            if self.allow_incomplete {
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
                    self.at_period(Diagnostic::error(format!(
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
        // A whole year the file closes (#UB 0 or #RES 0) is checked against them instead.
        let closed =
            (from, to) == (start, end) && !(books.closing.is_empty() && books.result.is_empty());
        if books.coverage.is_none()
            && !closed
            && let Some(last) = books.period_balances.keys().map(|(p, _)| *p).max()
            && last < yyyymm(to)
        {
            // Without #OMFATTN the books end where their figures end: the months of the period
            // after the last month with a #PSALDO or a voucher would be counted as nothing.
            let through = month_end(Date {
                year: i32::try_from(last / 100).unwrap_or(start.year),
                month: u8::try_from(last % 100).unwrap_or(12),
                day: 1,
            });
            let remark = format!("Bokföringen har belopp t.o.m. {}", through.swedish());
            let says = format!(
                "SIE-filen har inga belopp (#PSALDO eller verifikationer) efter {}, men perioden slutar {}",
                month_name(last),
                to.iso()
            );
            if self.allow_incomplete {
                problems.push(
                    Diagnostic::warning(format!("{says}; rapporterna får anmärkningen ”{remark}”"))
                        .in_file(file),
                );
                remarks.push(remark);
            } else {
                problems.push(
                    self.at_period(Diagnostic::error(says), file, Some(true))
                    .hint(format!(
                        "välj en period som slutar senast {}, exportera filen igen när bokföringen är klar, eller skriv `ofullständig: tillåt` för att bygga med en anmärkning",
                        through.iso()
                    )),
                );
            }
        }
        Some(Span {
            from,
            to,
            start,
            end,
            counted,
        })
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
