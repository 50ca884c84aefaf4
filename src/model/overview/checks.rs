//! The checks between the sources of the flerårsöversikt: the document's books against its
//! statements, two sources of one year against each other (the one printed chosen), and every
//! year against the year before (opening balances, eget kapital moving by the result).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::year::{Opening, Source, Year};
use super::{KEYS, Key, file_name, listed, said};
use crate::diagnostics::{Diagnostic, Position};
use crate::model::figure::Figure;
use crate::model::statement::{Kind, Statement};
use crate::model::{Mismatch, shown};
use crate::money::{self, Unit};

/// The document's year from its books must be what its statements print: the same result, the
/// same eget kapital. (They are made from the same records; a difference is a fault here.)
pub(super) fn agree_with_statements(
    year: &Year,
    statements: &[&Statement],
    shown_file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let books = statements.iter().filter(|s| s.from_books);
    let income = books.clone().find(|s| s.kind == Kind::Income);
    let balance = books.clone().find(|s| s.kind == Kind::Balance);
    let printed_result = income.and_then(|s| {
        let c = s.columns.iter().position(|c| c == "utfall")?;
        Some(s.result()[c])
    });
    let printed_equity = balance.and_then(|s| {
        let c = s.columns.iter().position(|c| c == "utgående")?;
        Some(-s.section_sum("eget_kapital")[c])
    });
    for (key, printed, statement) in [
        (Key::Result, printed_result, "resultaträkningen"),
        (Key::Equity, printed_equity, "balansräkningen"),
    ] {
        if let (Some(p), Some(f)) = (printed, year.get(key))
            && p != f.value
        {
            problems.push(
                Mismatch::new(f.value, p, Unit::Kr)
                    .difference_error(format!(
                        "flerårsöversikten räknar {} {} till {}, men {statement} visar {}",
                        key.said(),
                        year.label,
                        shown(f.value, Unit::Kr),
                        shown(p, Unit::Kr)
                    ))
                    .in_file(shown_file)
                .hint("kontoplanen placerar kontona på annat sätt än BAS-klasserna flerårsöversikten räknar med; skriv årets nyckeltal i en fil med `typ: nyckeltal`"),
            );
        }
    }
}

/// One year per year: the source of the lowest rank, the others checked against it. Also the
/// years two sources disagree on (said here), which no further check takes up.
pub(super) fn choose(
    candidates: Vec<Year>,
    problems: &mut Vec<Diagnostic>,
) -> (BTreeMap<i32, Year>, Vec<i32>) {
    let mut known: BTreeMap<i32, Year> = BTreeMap::new();
    let mut disputed = Vec::new();
    for year in candidates {
        let Some(chosen) = known.get(&year.year) else {
            known.insert(year.year, year);
            continue;
        };
        let written = |key: Key| year.written.as_ref().and_then(|w| w.get(key));
        let value = |key: Key, f: &Figure| {
            if key == Key::Solidity {
                money::format_percent(f.value, 1)
            } else {
                shown(f.value, Unit::Kr)
            }
        };
        // Each figure that differs: (key, as this source has it, as the chosen one has it, and
        // the two figures).
        let mut differing: Vec<(Key, String, String, Decimal, Decimal)> = Vec::new();
        for key in KEYS {
            let (Some(theirs), Some(ours)) = (year.get(key), chosen.get(key)) else {
                continue;
            };
            // A soliditet computed follows from eget kapital: only a written one is its own.
            if key == Key::Solidity && written(key).is_none() {
                continue;
            }
            let agrees = written(key).map_or(theirs.value == ours.value, |w| w.agrees(ours.value));
            if !agrees {
                let figure = written(key).map_or(theirs.value, |w| w.figure.value);
                let theirs = written(key).map_or_else(|| value(key, theirs), said);
                differing.push((key, theirs, value(key, ours), figure, ours.value));
            }
        }
        let (this, other) = (year.source.named(), chosen.source.named());
        if year.written.is_some() {
            // A figure written by hand: an error at each figure that is not the books'.
            for (key, theirs, ours, written, computed) in &differing {
                let (file, at) = year.place(*key);
                problems.push(
                    differs(
                        *key,
                        (*written, *computed),
                        format!(
                            "{} {} är {theirs} i {this}, men {other} ger {ours}",
                            key.said(),
                            year.label
                        ),
                    )
                    .in_file(file)
                    .at_if_unknown(at)
                    .hint("rätta värdet, eller ta bort det: året hämtas ur bokföringen"),
                );
            }
            if let (Some(w), Some(ours)) = (
                year.written.as_ref().and_then(|w| w.assets.as_ref()),
                &chosen.assets,
            ) && !w.agrees(ours.value)
            {
                problems.push(
                    Mismatch::new(w.figure.value, ours.value, Unit::Kr)
                        .difference_error(format!(
                            "summa tillgångar {} är {} i {this}, men {other} ger {}",
                            year.label,
                            said(w),
                            shown(ours.value, Unit::Kr)
                        ))
                        .in_file(year.source.file())
                        .at(w.position)
                        .hint("rätta värdet, eller ta bort det: året hämtas ur bokföringen"),
                );
            }
        } else if !differing.is_empty() {
            // Two exports of the same year: one error, at the year in the file not printed.
            let (file, at) = year.place(Key::Result);
            let said: Vec<String> = differing
                .iter()
                .map(|(key, theirs, ours, ..)| format!("{} {theirs} mot {ours}", key.said()))
                .collect();
            problems.push(
                Diagnostic::error(format!(
                    "{} i {this} är inte samma år som i {other}: {}",
                    year.label,
                    listed(&said)
                ))
                .in_file(file)
                .at_if_unknown(at)
                .hint(format!(
                    "två SIE-filer ger {} olika siffror; flerårsöversikten visar siffrorna ur {other}: exportera {this} igen efter bokslut, eller ta bort den",
                    year.label
                )),
            );
            disputed.push(year.year);
        }
    }
    (known, disputed)
}

/// Every year must start where the year before ended: eget kapital and likvida medel at the
/// start of a year with opening balances are last year's at its end; and eget kapital of a
/// year without them moves by the year's result.
pub(super) fn continuity(
    known: &BTreeMap<i32, Year>,
    disputed: &[i32],
    problems: &mut Vec<Diagnostic>,
) {
    let pairs = known.iter().filter_map(|(year, this)| {
        let before = known.get(&(year - 1))?;
        // A year two exports disagree on is said once, there.
        if disputed.contains(year) || disputed.contains(&(year - 1)) {
            return None;
        }
        // Within one SIE file, year −1's end and year 0's start are the file's own check.
        match (&before.source, &this.source) {
            (Source::Books { file: a, .. }, Source::Books { file: b, .. }) if a == b => None,
            _ => Some((before, this)),
        }
    });
    // Against the books first: a figure both checks find wrong is said once, with the books'.
    let mut found = Vec::new();
    for (before, this) in pairs.clone() {
        if let Some(opening) = &this.opening {
            opens_where_it_ended(before, this, opening, &mut found);
        }
    }
    for (before, this) in pairs {
        if this.opening.is_none() {
            moves_by_result(before, this, &mut found);
        }
    }
    for d in found {
        if !problems
            .iter()
            .any(|p| p.file == d.file && p.position.is_some() && p.position == d.position)
        {
            problems.push(d);
        }
    }
}

fn opens_where_it_ended(
    before: &Year,
    this: &Year,
    opening: &Opening,
    problems: &mut Vec<Diagnostic>,
) {
    let solidity = (!opening.assets.is_zero()).then(|| opening.equity / opening.assets);
    for (key, start, line) in [
        (Key::Equity, Some(opening.equity), opening.equity_line),
        (Key::Cash, opening.cash, opening.cash_line),
        (Key::Solidity, solidity, opening.equity_line),
    ] {
        let (Some(start), Some(end)) = (start, before.get(key)) else {
            continue;
        };
        let written = before.written.as_ref().and_then(|w| w.get(key));
        // A computed soliditet follows from eget kapital: only a written one is checked.
        if key == Key::Solidity && written.is_none() {
            continue;
        }
        let agrees = written.map_or(end.value == start, |w| w.agrees(start));
        if agrees {
            continue;
        }
        let figure = |v: Decimal| {
            if key == Key::Solidity {
                money::format_percent(v, 1)
            } else {
                shown(v, Unit::Kr)
            }
        };
        let ended_figure = written.map_or(end.value, |w| w.figure.value);
        let ended = written.map_or_else(|| figure(end.value), said);
        let message = format!(
            "{} vid {} års slut är {ended} i {}, men {} års ingående {} är {} i {}",
            key.said(),
            before.label,
            before.source.named(),
            this.label,
            key.said(),
            figure(start),
            file_name(&opening.file),
        );
        // A figure written by hand is the one to put right; between two exports, the later
        // file's opening balances.
        let d = differs(key, (ended_figure, start), message);
        let d = match written {
            Some(w) => d
                .in_file(before.source.file())
                .at(w.position)
                .hint(format!(
                    "ett års utgående {} är nästa års ingående: rätta värdet för {} (rad {line} i {})",
                    key.said(),
                    before.label,
                    file_name(&opening.file)
                )),
            None => d
                .in_file(opening.file.as_ref())
                .at(Position { line, column: 1 })
                .hint(format!(
                    "ingående balanser ska vara förra årets utgående ({}): exportera SIE-filerna igen efter bokslut, eller rätta #IB",
                    before.source.named()
                )),
        };
        problems.push(d);
    }
}

fn moves_by_result(before: &Year, this: &Year, problems: &mut Vec<Diagnostic>) {
    let (Some(end), Some(start), Some(result)) = (
        this.get(Key::Equity),
        before.get(Key::Equity),
        this.get(Key::Result),
    ) else {
        return;
    };
    let difference = end.value - start.value - result.value;
    // Figures written in whole tkr may each be rounded: a difference within the precision
    // written is no error.
    let tolerance = this
        .written
        .as_ref()
        .and_then(|w| w.get(Key::Equity))
        .and_then(|w| Some(w.unit?.kronor() / Decimal::from(10u64.pow(w.decimals.min(9)))))
        .unwrap_or_default();
    if difference.abs() <= tolerance {
        return;
    }
    let (file, at) = this.place(Key::Equity);
    problems.push(
        Mismatch::new(end.value, start.value + result.value, Unit::Kr)
            .difference_error(format!(
                "eget kapital {} ({}) är inte eget kapital {} ({}) plus årets resultat {} ({})",
                this.label,
                shown(end.value, Unit::Kr),
                before.label,
                shown(start.value, Unit::Kr),
                this.label,
                shown(result.value, Unit::Kr),
            ))
            .in_file(file)
            .at_if_unknown(at)
            .hint(format!(
                "eget kapital ändras med årets resultat: rätta eget kapital eller årets resultat för {}",
                this.label
            )),
    );
}

/// The error `message` about two figures of `key` that disagree (`figures`: the one said first,
/// and the one it is compared with): of kind [`crate::diagnostics::Kind::Difference`] with `,
/// skillnad Z` at its end for an amount in kronor, of no kind for a soliditet (a share, not an
/// amount).
fn differs(key: Key, (first, second): (Decimal, Decimal), message: String) -> Diagnostic {
    if key == Key::Solidity {
        Diagnostic::error(message)
    } else {
        Mismatch::new(first, second, Unit::Kr).difference_error(message)
    }
}
