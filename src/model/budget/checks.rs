//! The checks of a budget's figures: the sums the author writes against the computed ones
//! (`summa`, `summa_kostnader`, ...), ids used once, and detail budgets' groups against the
//! summary rows they roll up into (`summerar:`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Budget, Line};
use crate::diagnostics::{Diagnostic, Kind, Named, Position};
use crate::model::figure::Figure;
use crate::model::{Located, Mismatch, shown};
use crate::money::Unit;

/// Each year's written sum against the computed one, silent in a year already unknown.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_expected(
    expected: &[Option<Located<Decimal>>],
    computed: &[Figure],
    years: &[i32],
    unit: Unit,
    file: &str,
    label: &str,
    unknown: &[bool],
    problems: &mut Vec<Diagnostic>,
) {
    for (((e, c), year), unknown) in expected.iter().zip(computed).zip(years).zip(unknown) {
        if let Some(e) = e
            && !unknown
            && e.value != c.value
        {
            let mismatch = Mismatch::new(e.value, c.value, unit);
            problems.push(
                mismatch
                    .error(format!("{label} {year}"))
                    .in_file(file)
                    .at(e.position)
                    .hint(format!(
                        "{}; summan räknas fram ur raderna",
                        mismatch.difference()
                    )),
            );
        }
    }
}

/// Every group's `summa` against its computed sum, nested groups too.
pub(super) fn check_groups(
    line: &Line,
    years: &[i32],
    unit: Unit,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if line.group {
        let label = format!("summan för `{}`", line.name);
        check_expected(
            &line.keys.expected,
            &line.figures(),
            years,
            unit,
            file,
            &label,
            &line.unknown,
            problems,
        );
        for l in &line.lines {
            check_groups(l, years, unit, file, problems);
        }
    }
}

/// Every id once in a file: a second use is an error naming the first line.
pub(super) fn collect_ids(
    line: &Line,
    ids: &mut BTreeMap<String, Position>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let position = line.position;
    if let Some(id) = &line.id {
        if let Some(first) = ids.get(id) {
            problems.push(
                Diagnostic::error(format!(
                    "id `{id}` används två gånger (första gången på rad {})",
                    first.line
                ))
                .in_file(file)
                .at(position),
            );
        } else {
            ids.insert(id.clone(), position);
        }
    }
    for l in &line.lines {
        collect_ids(l, ids, file, problems);
    }
}
/// Checks detail budgets against the summary budgets of the same document: every group with
/// `summerar: <id>` must sum, in its first year, to the summary row's amount for that year.
pub fn check_rollups(budgets: &[&Budget], problems: &mut Vec<Diagnostic>) {
    let mut summary: BTreeMap<String, (&Budget, Vec<Figure>)> = BTreeMap::new();
    for b in budgets {
        for (id, _, values) in b.ids() {
            summary.entry(id).or_insert((b, values));
        }
    }
    for detail in budgets {
        for group in detail.rollups() {
            let Some(target) = &group.keys.summarises else {
                continue;
            };
            let Some((summary_budget, values)) = summary.get(&target.value) else {
                problems.push(
                    Diagnostic::error_of(Kind::unknown_name(
                        Named::RollupId,
                        &target.value,
                        summary.keys().map(String::as_str),
                    ))
                    .in_file(&detail.file)
                    .at(target.position),
                );
                continue;
            };
            let Some(year) = detail.years.first() else {
                continue;
            };
            let Some(index) = summary_budget.years.iter().position(|y| y == year) else {
                problems.push(
                    Diagnostic::error(format!("året {year} finns inte i {}", summary_budget.file))
                        .in_file(&detail.file)
                        .at(target.position),
                );
                continue;
            };
            let detail_sum = group.figures()[0].value;
            let summary_value = values[index].value;
            // In the summary's unit: a detail budget in kr sums to a summary row in tkr as that
            // row is written, rounded to its decimals.
            let unit = summary_budget.unit;
            let mut in_summary = detail_sum * detail.unit.kronor() / unit.kronor();
            if detail.unit.kronor() < unit.kronor() {
                in_summary = crate::money::round(in_summary, summary_value.scale());
            }
            if in_summary != summary_value {
                problems.push(
                    Mismatch::new(in_summary, summary_value, unit)
                        .difference_error(format!(
                            "detaljbudgetens `{}` summerar till {} för {year}, men `{}` i {} är {}",
                            group.name,
                            shown(detail_sum, detail.unit),
                            target.value,
                            summary_budget.file,
                            shown(summary_value, summary_budget.unit)
                        ))
                        .in_file(&detail.file)
                        .at(target.position),
                );
            }
        }
    }
}
