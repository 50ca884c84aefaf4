//! Amounts out of scale: a row written in kronor in a tkr (or mnkr) budget, found by comparing
//! each post with the others of its table. A warning, said once per row, unless a total the
//! author wrote confirms the amount.

use rust_decimal::Decimal;

use super::{Budget, Line};
use crate::diagnostics::Diagnostic;
use crate::model::shown;
use crate::money::Unit;

/// How many times the median of the other rows a row must reach to be out of scale: a row
/// written in kronor in a tkr budget is a thousand times what it should be, while the rows of
/// a real budget lie within a few tens of each other (in the examples at most about 15 times
/// the median of two or more others: Medlemsintäkter beside the other intäkter). Against a
/// single other row the ratio says little (Göteborg's 2023 Medlemsintäkter are 97 times its
/// ESF-medel), so one other row needs the balance test as well.
const OUT_OF_SCALE: i64 = 100;

/// Rows that look written in kronor in a tkr (or mnkr) budget: per table (intäkter, kostnader)
/// and year, a row larger than all the table's other rows together and either a hundred times
/// their median (when there are at least two) or ten times it and, alone, more than the money on
/// the other side (a cost above summa medel, an intäkt above ten times summa kostnader). One
/// warning per row, at its first such amount. Years that a written total covers (`covered`) or
/// whose amounts are wrong (`unknown`) are left alone.
pub(super) fn scale_warnings(
    budget: &Budget,
    covered: &[Vec<bool>; 2],
    unknown: &[Vec<bool>; 2],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let tables = [(&budget.income, "intäkter"), (&budget.costs, "kostnader")];
    for (t, (lines, what)) in tables.into_iter().enumerate() {
        let mut rows = Vec::new();
        leaves(lines, &covered[t], &mut rows);
        let mut found: Vec<(usize, Vec<usize>)> = Vec::new();
        for y in 0..budget.years.len() {
            if unknown[t].get(y).copied().unwrap_or(true) {
                continue;
            }
            let values: Vec<Decimal> = rows.iter().map(|(r, _)| amount(r, y).abs()).collect();
            for (i, (_, row_covered)) in rows.iter().enumerate() {
                let value = values[i];
                let others: Vec<Decimal> = values
                    .iter()
                    .enumerate()
                    .filter(|(j, v)| *j != i && !v.is_zero())
                    .map(|(_, v)| *v)
                    .collect();
                if row_covered[y] || value.is_zero() || others.is_empty() {
                    continue;
                }
                let beyond = if t == 0 {
                    let costs = budget.cost_total[y].value;
                    costs > Decimal::ZERO
                        && costs.checked_mul(Decimal::TEN).is_some_and(|c| value > c)
                } else {
                    let funds = budget.funds_total[y].value;
                    funds > Decimal::ZERO && value > funds
                };
                let median = median(&others);
                // Checked: amounts as large as a decimal holds are read, and must not panic here.
                let times = |k: i64| {
                    median
                        .checked_mul(Decimal::from(k))
                        .is_some_and(|m| value >= m)
                };
                let rest = sum(&others);
                if rest.is_some_and(|rest| value > rest)
                    && (others.len() >= 2 && times(OUT_OF_SCALE) || beyond && times(10))
                {
                    match found.iter_mut().find(|(r, _)| *r == i) {
                        Some((_, years)) => years.push(y),
                        None => found.push((i, vec![y])),
                    }
                }
            }
        }
        for (i, years) in found {
            let (row, _) = rows[i];
            let first = years[0];
            let amount = |y: usize| amount(row, y);
            let at_years: Vec<String> = years
                .iter()
                .map(|y| format!("{} år {}", shown(amount(*y), budget.unit), budget.years[*y]))
                .collect();
            let others: Vec<Decimal> = rows
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, (r, _))| r.amounts[first].as_ref().map(|v| v.value.abs()))
                .filter(|v| !v.is_zero())
                .collect();
            let per_unit = match budget.unit {
                Unit::Kr => Decimal::ONE,
                Unit::Tkr => Decimal::from(1000),
                Unit::Mnkr => Decimal::from(1_000_000),
            };
            let kronor = amount(first);
            let total = match t {
                0 => "summa_intäkter",
                _ => "summa_kostnader",
            };
            problems.push(
                Diagnostic::warning(format!(
                    "posten `{}` är {}: i en annan storleksordning än de andra {what}na (medianen {}, tillsammans {})",
                    row.name,
                    at_years.join(", "),
                    shown(median(&others), budget.unit),
                    shown(sum(&others).unwrap_or_default(), budget.unit),
                ))
                .in_file(&budget.file)
                .at(row.keys.cells[first].unwrap_or(row.position))
                .hint(format!(
                    "budgeten är i {unit} (`enhet: {unit}`): är beloppet skrivet i kronor? {} kr är {}; stämmer beloppet, skriv `{total}:` så att summan bekräftar det",
                    crate::money::format_number(kronor, if kronor.fract().is_zero() { 0 } else { 2 }),
                    shown(kronor / per_unit, budget.unit),
                    unit = budget.unit.label(),
                )),
            );
        }
    }
    problems
}

/// The posts of a table, depth first, each with the years a written total covers it: its
/// table's (`covered`) or an enclosing group's `summa`.
fn leaves<'a>(lines: &'a [Line], covered: &[bool], out: &mut Vec<(&'a Line, Vec<bool>)>) {
    for line in lines {
        if line.group {
            let inner: Vec<bool> = covered
                .iter()
                .enumerate()
                .map(|(y, c)| *c || line.keys.expected.get(y).is_some_and(Option::is_some))
                .collect();
            leaves(&line.lines, &inner, out);
        } else {
            out.push((line, covered.to_vec()));
        }
    }
}

/// A post's amount in the year at `index` (a blank cell is 0).
fn amount(row: &Line, index: usize) -> Decimal {
    row.figure(index).map_or(Decimal::ZERO, |f| f.value)
}

/// The sum of `values`, unless it is beyond what a decimal holds.
fn sum(values: &[Decimal]) -> Option<Decimal> {
    values
        .iter()
        .try_fold(Decimal::ZERO, |total, v| total.checked_add(*v))
}

/// The median of `values` (0 for none).
fn median(values: &[Decimal]) -> Decimal {
    let mut sorted = values.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => Decimal::ZERO,
        len if len % 2 == 0 => sorted[mid - 1] / Decimal::TWO + sorted[mid] / Decimal::TWO,
        _ => sorted[mid],
    }
}
