//! The checks of a statement beyond its own sums: `summa:` and `resultat:` against the computed
//! sums, the balance of a balansräkning in every column, the period's result against the change
//! in eget kapital, and the `avvikelser:` threshold above which a row must be explained.

use rust_decimal::Decimal;

use super::reading::Reader;
use super::{BALANCE_SECTIONS, Kind, Line, Statement};
use crate::diagnostics::{self, Diagnostic, Named, Position};
use crate::model::{Mismatch, amount, shown};
use crate::money::Unit;
use crate::yaml::{MapReader, Node, Value};

impl Reader<'_> {
    /// `summa: { budget: ..., utfall: ... }` against the computed sums.
    /// Columns in `unknown` depend on a wrong amount already reported: not checked.
    pub(super) fn check_expected(
        &mut self,
        node: &Node,
        computed: &[Option<Decimal>],
        unknown: &[bool],
        label: &str,
    ) {
        let Value::Map(entries) = &node.value else {
            self.problems.push(
                Diagnostic::error(format!(
                    "`summa` ska ange en summa per kolumn, t.ex. {{ {}: 1000 }}",
                    self.columns.first().map_or("utfall", String::as_str)
                ))
                .in_file(self.file)
                .at(node.position),
            );
            return;
        };
        for (i, (key, value)) in entries.iter().enumerate() {
            // `{ utfall: 320,5 }`: the key `5` is the decimals of the sum before it.
            if let Some((written, at)) = i
                .checked_sub(1)
                .and_then(|p| crate::yaml::comma_split(entries, p))
            {
                self.problems
                    .push(crate::yaml::decimal_comma_error(&written, self.file, at));
                continue;
            }
            if crate::yaml::comma_split(entries, i).is_some() {
                // Reported with the key after it; the sum as read (320) would only mislead.
                continue;
            }
            let Some(c) = self.columns.iter().position(|col| *col == key.name) else {
                self.problems.push(
                    Diagnostic::error_of(diagnostics::Kind::unknown_name(
                        Named::StatementColumn,
                        &key.name,
                        self.columns.iter().map(String::as_str),
                    ))
                    .in_file(self.file)
                    .at(key.position),
                );
                continue;
            };
            match amount(value, self.file) {
                Ok(Some(_)) if unknown.get(c).copied().unwrap_or(false) => {}
                Ok(Some(expected)) => {
                    let got = computed[c].unwrap_or_default();
                    if expected != got {
                        let mismatch = Mismatch::new(expected, got, self.unit);
                        self.problems.push(
                            mismatch
                                .error(format!("{label}, kolumnen {}", key.name))
                                .in_file(self.file)
                                .at(value.position)
                                .hint(mismatch.difference()),
                        );
                    }
                }
                Ok(None) => {}
                Err(d) => self.problems.push(d),
            }
        }
    }
}

/// `avvikelser: { belopp: 50000, andel: 0.10 }`: a row whose |avvikelse| (utfall − budget) is
/// at least `belopp` and at least `andel` of its budget must be explained by a `kommentar:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    /// `belopp`, in the statement's unit.
    pub amount: Decimal,
    /// `andel` of the row's budget (0.10 is 10 %).
    pub share: Option<Decimal>,
}

/// Where and how [`Threshold::check`] reports a row without an explanation.
pub struct Unexplained<'a> {
    /// The file the warnings name.
    pub file: &'a str,
    /// Their place, for rows without a line of their own (the rows the books make); else
    /// each row's own line.
    pub at: Option<Position>,
    /// How to explain a row there.
    pub hint: &'a str,
}

impl<'a> Unexplained<'a> {
    /// Rows written in `file`: each explained by a `kommentar:` on its line.
    pub fn written(file: &'a str) -> Self {
        Unexplained {
            file,
            at: None,
            hint: "skriv `kommentar:` på raden: varför utfallet avviker från budget",
        }
    }
}

impl Threshold {
    /// Reads `avvikelser:`; `None` where not written or wrong (then reported).
    pub fn read(
        node: Option<&Node>,
        file: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Threshold> {
        let node = node?;
        let hint = "skriv t.ex. `avvikelser: { belopp: 50000, andel: 0.10 }`";
        let mut map = MapReader::open_with_hint(node, file, "`avvikelser`", hint, problems)?;
        let mut value = |key: &str| {
            let read = map.get(key).map(|n| amount(n, file)).transpose();
            map.ok(read.map(Option::flatten)).map(|v| v.abs())
        };
        let amount_ = value("belopp");
        let share = value("andel");
        problems.extend(map.finish(&["belopp", "andel"], "`avvikelser`"));
        if amount_.is_none() && share.is_none() {
            problems.push(
                Diagnostic::error("`avvikelser` ska ange `belopp`, `andel` eller båda")
                    .in_file(file)
                    .at(node.position)
                    .hint(hint),
            );
            return None;
        }
        Some(Threshold {
            amount: amount_.unwrap_or_default(),
            share,
        })
    }

    /// Whether a row with `budget` and `actual` deviates enough to need an explanation.
    pub fn marks(&self, budget: Decimal, actual: Decimal) -> bool {
        let variance = (actual - budget).abs();
        variance >= self.amount
            && self.share.is_none_or(|s| {
                budget.is_zero()
                    || s.checked_mul(budget.abs())
                        .is_none_or(|limit| variance >= limit)
            })
    }

    /// A warning for every post that deviates enough and has no `kommentar`, by the row's
    /// name (the narrative may still explain it).
    pub fn check(
        &self,
        lines: &[Line],
        columns: &[String],
        unit: Unit,
        report: &Unexplained<'_>,
        unexplained: &mut Vec<(String, Diagnostic)>,
    ) {
        let (Some(b), Some(a)) = (
            columns.iter().position(|c| c == "budget"),
            columns.iter().position(|c| c == "utfall"),
        ) else {
            return;
        };
        for line in lines {
            if line.group {
                self.check(&line.lines, columns, unit, report, unexplained);
                continue;
            }
            let budget = line.value(b);
            let actual = line.value(a);
            // A wrong amount (already reported) leaves its avvikelse unknown: no second message.
            let unknown = |c: usize| line.unknown.get(c).copied().unwrap_or(false);
            if line.keys.comment.is_none()
                && !unknown(a)
                && !unknown(b)
                && self.marks(budget, actual)
            {
                let share = if budget.is_zero() {
                    String::new()
                } else {
                    format!(
                        ", {} av budget",
                        crate::money::format_percent((actual - budget).abs() / budget.abs(), 1)
                    )
                };
                unexplained.push((
                    line.name.clone(),
                    Diagnostic::warning(format!(
                        "`{}`: avvikelsen {}{share} (budget {}, utfall {}) saknar förklaring",
                        line.name,
                        shown(actual - budget, unit),
                        shown(budget, unit),
                        shown(actual, unit)
                    ))
                    .in_file(report.file)
                    .at(report.at.unwrap_or(line.position))
                    .hint(report.hint),
                ));
            }
        }
    }
}

impl Statement {
    /// Checks that the balance sheet balances in every column.
    pub fn check_balance(&self, position: Position, problems: &mut Vec<Diagnostic>) {
        let assets = self.section_sum("tillgångar");
        let other: Vec<Decimal> = ["eget_kapital", "avsättningar", "skulder"]
            .iter()
            .map(|k| self.section_sum(k))
            .fold(vec![Decimal::ZERO; self.columns.len()], |acc, s| {
                acc.iter().zip(s).map(|(a, b)| a + b).collect()
            });
        let unknown: Vec<bool> = BALANCE_SECTIONS
            .iter()
            .map(|(k, _)| self.section_unknown(k))
            .fold(vec![false; self.columns.len()], |acc, s| {
                acc.iter().zip(s).map(|(a, b)| *a || b).collect()
            });
        for (c, column) in self.columns.iter().enumerate() {
            let difference = assets[c] + other[c];
            // A column with a wrong amount (already reported) cannot be checked.
            if !difference.is_zero() && !unknown[c] {
                problems.push(
                    Mismatch::new(difference, Decimal::ZERO, self.unit).difference_error(format!(
                        "balansräkningen balanserar inte i kolumnen {column}: tillgångar {}, eget kapital, avsättningar och skulder {}",
                        shown(assets[c], self.unit),
                        shown(other[c], self.unit),
                    ))
                    .in_file(&self.file)
                    .at(position)
                    .hint("debet (tillgångar) är positivt och kredit (eget kapital och skulder) negativt; summan ska bli 0"),
                );
            }
        }
    }
}

/// The period's result must equal the change in eget kapital with the sign turned (a profit is
/// a credit), where a document has both statements for the same period.
pub fn check_result_against_equity(statements: &[&Statement], problems: &mut Vec<Diagnostic>) {
    let income = statements.iter().find(|s| s.kind == Kind::Income);
    let balance = statements.iter().find(|s| s.kind == Kind::Balance);
    let (Some(income), Some(balance)) = (income, balance) else {
        return;
    };
    if income.period.is_some() && balance.period.is_some() && income.period != balance.period {
        return;
    }
    let Some(actual) = income.columns.iter().position(|c| c == "utfall") else {
        return;
    };
    // Either side depending on a wrong amount (already reported) cannot be compared.
    if income.section_unknown("rader")[actual]
        || balance
            .section_unknown("eget_kapital")
            .get(1)
            .copied()
            .unwrap_or(false)
    {
        return;
    }
    // Figures in two units cannot be compared exactly (one is rounded): the check that ties
    // the statements together would be lost, so the document must use one.
    if income.unit != balance.unit {
        problems.push(
            Diagnostic::error(format!(
                "resultaträkningen {} är i {} men balansräkningen {} i {}: periodens resultat kan inte jämföras med förändringen av eget kapital",
                income.file,
                income.unit.label(),
                balance.file,
                balance.unit.label(),
            ))
            .in_file(&balance.file)
            .hint("skriv samma `enhet` i båda"),
        );
        return;
    }
    let result = income.result()[actual];
    let change = -balance.equity_change();
    if result != change {
        problems.push(
            Mismatch::new(result, change, income.unit).difference_error(format!(
                "periodens resultat i {} ({}) är inte förändringen av eget kapital i {} ({})",
                income.file,
                shown(result, income.unit),
                balance.file,
                shown(change, balance.unit),
            ))
            .in_file(&balance.file)
            .hint("ett överskott ökar eget kapital: i bokföringens tecken är förändringen av eget kapital resultatet med omvänt tecken"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threshold_marks_by_amount_and_share() {
        let t = Threshold {
            amount: Decimal::from(50000),
            share: Some(Decimal::new(10, 2)),
        };
        // 60 000 off a budget of 1 000 000 is 6 %: not marked; off 500 000 it is 12 %.
        assert!(!t.marks(Decimal::from(1_000_000), Decimal::from(1_060_000)));
        assert!(t.marks(Decimal::from(500_000), Decimal::from(440_000)));
        assert!(!t.marks(Decimal::from(100_000), Decimal::from(140_000)));
    }
}
