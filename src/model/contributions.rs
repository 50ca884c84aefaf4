//! Medlemsbidrag: each member's contribution to a budget's medlemsintäkter, per year.
//!
//! The law (Lag (2003:1210) om finansiell samordning) splits the members' money: the state half
//! (paid through Försäkringskassan), the region a quarter, the kommuner a quarter. Several
//! kommuner share their quarter by `medlemsbidrag: { fördelning: ... }` (in the budget or in
//! forbund.yaml), by fixed shares (`andel:`) or by population (`invånare:`). Every split is
//! rounded to whole kronor by the largest remainder method, so that the rows add up exactly to
//! the total. Each contribution is a [`Figure`] whose origin is its portion of the
//! medlemsintäkter, naming the share (a kommun's: its part of the kommuner's quarter, itself a
//! portion of the medlemsintäkter), with the rounded value.

use rust_decimal::Decimal;

use crate::diagnostics::{Diagnostic, Kind, Named};
use crate::money::{self, Unit};

use super::budget::Budget;
use super::figure::{Figure, Origin};
use super::printed::{Column, Row, RowKind, Table};
pub use super::split::{KommunShare, Split, read};

/// One member's line of the contributions table.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The member.
    pub name: String,
    /// Its share of the total (½, ¼, or a kommun's part of ¼), exact.
    pub share: Decimal,
    /// The contribution per budget year, in whole kronor: its portion of the medlemsintäkter,
    /// rounded by the largest remainder method.
    pub amounts: Vec<Figure>,
}

/// The contributions of one budget: a line per member and the total per year, in kronor.
#[derive(Debug, Clone)]
pub struct Contributions {
    /// The budget's years.
    pub years: Vec<i32>,
    /// Försäkringskassan, the kommuner, the region, in that order (as the seeds print them).
    pub members: Vec<Contribution>,
    /// The medlemsintäkter per year, in kronor: the sum of every column.
    pub totals: Vec<Figure>,
}

impl Contributions {
    /// The members' table as printed: a row per member, then Totalt, a column per year (kr).
    pub fn table(&self) -> Table {
        let columns = self
            .years
            .iter()
            .map(|y| Column {
                key: y.to_string(),
                heading: y.to_string(),
            })
            .collect();
        let cells = |figures: &[Figure]| figures.iter().cloned().map(Some).collect();
        let mut rows: Vec<Row> = self
            .members
            .iter()
            .map(|m| Row::new(RowKind::Post, m.name.clone(), 0, cells(&m.amounts)))
            .collect();
        rows.push(Row::new(RowKind::Total, "Totalt", 0, cells(&self.totals)));
        Table { columns, rows }
    }
}

/// Splits `total` in proportion to `weights`, in steps of `step` (whole kronor), so that the
/// parts add up exactly to the total: every part gets the whole steps of its exact quota, and
/// the steps left over go one each to the parts with the largest remainders (ties: the first
/// written). A total that is not a whole number of steps keeps its odd öre on the part with the
/// largest remainder. Weights must be positive.
pub fn largest_remainder(total: Decimal, weights: &[Decimal], step: Decimal) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().sum();
    if weights.is_empty() || sum <= Decimal::ZERO || step <= Decimal::ZERO {
        return vec![Decimal::ZERO; weights.len()];
    }
    // Work on the magnitude, so that a negative total rounds the same way.
    let sign = if total < Decimal::ZERO {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    };
    let magnitude = total.abs();
    let quotas: Vec<Decimal> = weights
        .iter()
        .map(|w| magnitude.checked_mul(*w).map_or(Decimal::ZERO, |p| p / sum))
        .collect();
    let mut parts: Vec<Decimal> = quotas.iter().map(|q| (q / step).floor() * step).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Stable: equal remainders keep the order written.
    order.sort_by(|a, b| (quotas[*b] - parts[*b]).cmp(&(quotas[*a] - parts[*a])));
    let mut left = magnitude - parts.iter().sum::<Decimal>();
    for i in order.iter().cycle().take(weights.len() * 2) {
        if left <= Decimal::ZERO {
            break;
        }
        let add = if left >= step { step } else { left };
        parts[*i] += add;
        left -= add;
    }
    parts.into_iter().map(|p| p * sign).collect()
}

/// Finds the region among the members (or `Regionen`).
fn region_name(members: &[String], split: Option<&Split>) -> String {
    split
        .and_then(|s| s.region.clone())
        .or_else(|| {
            members
                .iter()
                .find(|m| {
                    let m = m.to_lowercase();
                    m.contains("region") || m.contains("landsting")
                })
                .cloned()
        })
        .unwrap_or_else(|| "Regionen".into())
}

/// The kommuner among the members: names with “kommun” or “stad”.
fn kommun_members(members: &[String]) -> Vec<&String> {
    members
        .iter()
        .filter(|m| {
            let m = m.to_lowercase();
            m.contains("kommun") || m.contains("stad")
        })
        .collect()
}

/// The medlemsintäkter per year in the budget's unit: the row or group with id
/// `medlemsintäkter`, or the intäkt named Medlemsintäkter.
fn member_income(budget: &Budget) -> Option<Vec<Figure>> {
    budget
        .ids()
        .into_iter()
        .find(|(id, _, _)| crate::text::fold_ascii(id) == "medlemsintakter")
        .map(|(_, _, v)| v)
        .or_else(|| {
            budget
                .income
                .iter()
                .find(|l| {
                    !l.group && crate::text::fold_ascii(&l.name).to_lowercase() == "medlemsintakter"
                })
                .map(super::budget::Line::figures)
        })
}

/// `figure`, in a unit of `per_unit` kronor (a tkr budget's), in kronor, with its trail: every
/// amount it is made of in kronor too (a share stays a fraction), so that a trail read in kronor
/// (the members' table is in kronor) adds up. Amounts are below 10^18, so a million times one is
/// in range.
fn in_kronor(figure: &Figure, per_unit: Decimal) -> Figure {
    let scaled = |f: &Figure| in_kronor(f, per_unit);
    let origin = match figure.origin.as_ref() {
        // A fraction has no unit.
        Origin::Ratio(..) => return figure.clone(),
        Origin::Written { .. } | Origin::Books(_) | Origin::Nothing => {
            Origin::clone(&figure.origin)
        }
        Origin::Sum(parts) => Origin::Sum(parts.iter().map(scaled).collect()),
        Origin::Difference(a, b) => Origin::Difference(scaled(a), scaled(b)),
        Origin::Negated(a) => Origin::Negated(scaled(a)),
        Origin::Portion { whole, weight, how } => Origin::Portion {
            whole: scaled(whole),
            weight: *weight,
            how: how.clone(),
        },
    };
    Figure::new(figure.value * per_unit, origin)
}

/// The split's kommuner against `medlemmar`: a kommun among the members that `fördelning` leaves
/// out is an error at `fördelning` (the others would pay its share), and a kommun of the
/// `fördelning` that is no member a warning at its entry; when that name is the nearest to a
/// member left out, it is the one cause of both, an error at the entry naming the member.
fn check_members(split: &Split, members: &[String]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if members.is_empty() {
        return problems;
    }
    let known = kommun_members(members);
    let mut missing: Vec<&str> = known
        .iter()
        .map(|m| m.as_str())
        .filter(|m| !split.named.iter().any(|n| n == m))
        .collect();
    for k in split.kommuner.iter().filter(|k| !members.contains(&k.name)) {
        let unknown = |left_out: bool, suggestion: Option<&str>| Kind::UnknownName {
            what: Named::Member { left_out },
            written: k.name.clone(),
            suggestion: suggestion.map(str::to_owned),
            choices: known.iter().map(|m| (*m).clone()).collect(),
        };
        let d = match crate::diagnostics::nearest(&k.name, missing.iter().copied()) {
            Some(member) => {
                missing.retain(|m| *m != member);
                Diagnostic::error_of(unknown(true, Some(member)))
            }
            None => Diagnostic::warning_of(unknown(
                false,
                crate::diagnostics::nearest(&k.name, known.iter().map(|s| s.as_str())),
            )),
        };
        problems.push(d.in_file(&split.file).at(k.position));
    }
    let weight = if split.by_population {
        "invånare: ..."
    } else {
        "andel: ..."
    };
    for member in missing {
        let mut d = Diagnostic::error(format!(
            "kommunen `{member}` står bland `medlemmar` men saknas i `fördelning`: de andra kommunerna skulle betala dess del"
        ))
        .in_file(&split.file)
        .hint(format!(
            "lägg till `- {{ kommun: {member}, {weight} }}` i `fördelning`"
        ));
        if let Some(at) = split.position {
            d = d.at(at);
        }
        problems.push(d);
    }
    problems
}

/// Each member's contribution per year: the law's split (½ Försäkringskassan, ¼ the region, ¼
/// the kommuner), the kommuner's quarter shared by `split` when there is one. `None` when the
/// budget has no medlemsintäkter.
///
/// Rounding, per year: the total in kronor is first split ½ ¼ ¼ into whole kronor by the
/// largest remainder method, then the kommuner's quarter the same way by their shares; so the
/// kommuner add up to their quarter and every column to the total. Problems (a kommun of the
/// `fördelning` that is not among `medlemmar`, a member kommun it leaves out) are located in the
/// split's file.
pub fn compute(
    budget: &Budget,
    members: &[String],
    split: Option<&Split>,
) -> Option<(Contributions, Vec<Diagnostic>)> {
    let income = member_income(budget)?;
    let per_unit = match budget.unit {
        Unit::Kr => Decimal::ONE,
        Unit::Tkr => Decimal::from(1000),
        Unit::Mnkr => Decimal::from(1_000_000),
    };
    // The medlemsintäkter in kronor: in a kr budget the figures themselves.
    let totals: Vec<Figure> = income
        .iter()
        .map(|v| match budget.unit {
            Unit::Kr => v.clone(),
            _ => in_kronor(v, per_unit),
        })
        .collect();
    let mut problems = Vec::new();
    let shared_by = split.filter(|s| !s.kommuner.is_empty());
    let kommuner: Vec<(String, Decimal)> = match shared_by {
        Some(s) => {
            problems.extend(check_members(s, members));
            s.kommuner
                .iter()
                .map(|k| (k.name.clone(), k.weight))
                .collect()
        }
        None => {
            let name = match kommun_members(members).as_slice() {
                [one] => (*one).clone(),
                _ => "Kommunerna".into(),
            };
            vec![(name, Decimal::ONE)]
        }
    };
    let weight_sum: Decimal = kommuner.iter().map(|(_, w)| *w).sum();
    let half = Decimal::new(5, 1);
    let quarter = Decimal::new(25, 2);
    let mut lines: Vec<Contribution> = Vec::new();
    lines.push(Contribution {
        name: "Försäkringskassan".into(),
        share: half,
        amounts: Vec::new(),
    });
    for (name, weight) in &kommuner {
        lines.push(Contribution {
            name: name.clone(),
            share: if weight_sum.is_zero() {
                Decimal::ZERO
            } else {
                quarter * *weight / weight_sum
            },
            amounts: Vec::new(),
        });
    }
    lines.push(Contribution {
        name: region_name(members, split),
        share: quarter,
        amounts: Vec::new(),
    });
    let weights: Vec<Decimal> = kommuner.iter().map(|(_, w)| *w).collect();
    // Each kommun's part of the kommuner's quarter, and how it was chosen.
    let parts: Vec<(Decimal, String)> = weights
        .iter()
        .map(|w| {
            let part = w.checked_div(weight_sum).unwrap_or_default();
            let how = match shared_by {
                Some(s) if s.by_population => format!(
                    "{} av {} invånare",
                    money::format_number(*w, 0),
                    money::format_number(weight_sum, 0)
                ),
                _ => format!(
                    "andel {} av kommunernas fjärdedel",
                    super::split::percent(*w)
                ),
            };
            (part, how)
        })
        .collect();
    let law = "enligt lagen (2003:1210) om finansiell samordning";
    for total in &totals {
        let rounded = largest_remainder(
            total.value,
            &[Decimal::TWO, Decimal::ONE, Decimal::ONE],
            Decimal::ONE,
        );
        let state = Figure::portion(total, half, format!("hälften {law}")).rounded_to(rounded[0]);
        let quarter_of = |who: &str, value: Decimal| {
            Figure::portion(total, quarter, format!("en fjärdedel till {who} {law}"))
                .rounded_to(value)
        };
        let kommunerna = quarter_of("kommunerna", rounded[1]);
        let shared = largest_remainder(rounded[1], &weights, Decimal::ONE);
        let last = lines.len() - 1;
        lines[0].amounts.push(state);
        for ((line, amount), (part, how)) in lines[1..last].iter_mut().zip(shared).zip(&parts) {
            line.amounts.push(match shared_by {
                Some(_) => Figure::portion(&kommunerna, *part, how.clone()).rounded_to(amount),
                // One kommun, or the kommuner together: the quarter itself.
                None => kommunerna.clone(),
            });
        }
        lines[last].amounts.push(quarter_of("regionen", rounded[2]));
    }
    Some((
        Contributions {
            years: budget.years.clone(),
            members: lines,
            totals,
        },
        problems,
    ))
}

/// The contributions of every summary budget of a document (detail budgets have none), each
/// split by its own `medlemsbidrag:` or else by forbund.yaml's; the warnings go to `problems`.
pub fn for_budgets<'a>(
    budgets: impl Iterator<Item = (&'a str, &'a Budget)>,
    members: &[String],
    organisation_split: Option<&Split>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, Contributions)> {
    budgets
        .filter(|(_, b)| !b.is_detail())
        .filter_map(|(name, b)| {
            let split = b.member_split.as_ref().or(organisation_split);
            let (c, found) = compute(b, members, split)?;
            // Budgets that share forbund.yaml's split share its problems: each is said once.
            for d in found {
                if !problems.contains(&d) {
                    problems.push(d);
                }
            }
            Some((name.to_owned(), c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn largest_remainder_adds_up_to_the_total() {
        // 100 kr in three equal parts: 33,33… each; the one krona left goes to the first.
        assert_eq!(
            largest_remainder(d(100), &[d(1), d(1), d(1)], Decimal::ONE),
            vec![d(34), d(33), d(33)]
        );
        // Remainders decide, not order: 10 by 1:2:7 of 7 kr → 0,7 / 1,4 / 4,9.
        assert_eq!(
            largest_remainder(d(7), &[d(1), d(2), d(7)], Decimal::ONE),
            vec![d(1), d(1), d(5)]
        );
        // A negative total rounds as its magnitude.
        assert_eq!(
            largest_remainder(d(-100), &[d(1), d(1), d(1)], Decimal::ONE),
            vec![d(-34), d(-33), d(-33)]
        );
        // Odd öre stay on the largest remainder so the sum is still exact.
        let parts = largest_remainder(Decimal::new(10050, 2), &[d(1), d(1)], Decimal::ONE);
        assert_eq!(parts.iter().sum::<Decimal>(), Decimal::new(10050, 2));
        for total in [1, 2, 3, 999_999, 1_050_001, 15_369_501] {
            for weights in [
                vec![d(3), d(3), d(3)],
                vec![d(67_000), d(38_000), d(41_234)],
                vec![d(1)],
            ] {
                let parts = largest_remainder(d(total), &weights, Decimal::ONE);
                assert_eq!(
                    parts.iter().sum::<Decimal>(),
                    d(total),
                    "{total} {weights:?}"
                );
                assert!(parts.iter().all(|p| p.fract().is_zero()));
            }
        }
    }

    #[test]
    fn a_budget_split_by_shares_adds_up_every_year() {
        let node = yaml::parse(
            "typ: budget\nenhet: tkr\når: [2027, 2028]\ningående_eget_kapital: 0\nintäkter:\n  - { post: Medlemsintäkter, belopp: [1000.001, 999] }\nmedlemsbidrag:\n  region: Region Mitt\n  fördelning:\n    - { kommun: A kommun, andel: 1/3 }\n    - { kommun: B kommun, andel: 0.5 }\n    - { kommun: C kommun, andel: 0.5 }\n",
            "budget.yaml",
            0,
        )
        .unwrap();
        let (budget, problems) = crate::model::budget::read(&node, "budget.yaml");
        // `1/3` is not a share; the rest still reads.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("`1/3` är inte en andel"));
        assert_eq!(problems[0].position.map(|p| p.line), Some(10));
        let budget = budget.unwrap();
        let members = ["B kommun".to_string(), "C kommun".to_string()];
        let (c, warnings) = compute(&budget, &members, budget.member_split.as_ref()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let names: Vec<&str> = c.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["Försäkringskassan", "B kommun", "C kommun", "Region Mitt"]
        );
        // 1 000 001 kr: ½ ¼ ¼ is 500 000,5 / 250 000,25 / 250 000,25, rounded 500 001 / 250 000 /
        // 250 000; the kommuner's quarter in halves, 125 000 each.
        assert_eq!(c.totals, vec![d(1_000_001), d(999_000)]);
        let column =
            |y: usize| -> Vec<Decimal> { c.members.iter().map(|m| m.amounts[y].value).collect() };
        assert_eq!(
            column(0),
            vec![d(500_001), d(125_000), d(125_000), d(250_000)]
        );
        assert_eq!(
            column(1),
            vec![d(499_500), d(124_875), d(124_875), d(249_750)]
        );
        for y in 0..2 {
            assert_eq!(column(y).iter().sum::<Decimal>(), c.totals[y]);
        }
    }

    fn split(text: &str) -> (Option<Split>, Vec<Diagnostic>) {
        let node = yaml::parse(text, "forbund.yaml", 0).unwrap();
        read(&node, "forbund.yaml")
    }

    #[test]
    fn shares_must_add_up_to_one() {
        let (_, problems) = split(
            "fördelning:\n  - { kommun: A kommun, andel: 0.6 }\n  - { kommun: B kommun, andel: 30 % }\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("andelarna i `fördelning` summerar till 90\u{a0}%, inte 100\u{a0}%"),
            "{}",
            problems[0].message
        );
        assert_eq!(
            problems[0].position.map(|p| (p.line, p.column)),
            Some((2, 3))
        );
        assert!(problems[0].hints[0].contains("öka med 10\u{a0}%"));
        let (s, problems) = split(
            "fördelning:\n  - { kommun: A kommun, andel: \"62,5 %\" }\n  - { kommun: B kommun, andel: 0.375 }\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!s.unwrap().by_population);
    }

    #[test]
    fn bad_entries_are_located() {
        let (_, problems) = split(
            "fördelning:\n  - { kommun: A kommun, invånare: -5 }\n  - { kommun: B kommun, andel: 0.5 }\n  - { kommn: C }\n",
        );
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`invånare` ska vara ett positivt heltal")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("okänd nyckel `kommn`")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("blandar `invånare` och `andel`")),
            "{messages:?}"
        );
        let mixed = problems
            .iter()
            .find(|p| p.message.contains("blandar"))
            .unwrap();
        assert_eq!(mixed.position.map(|p| p.line), Some(3));
    }

    /// The whole and the weight of a portion, with how it was chosen.
    fn portion(figure: &Figure) -> (&Figure, Decimal, &str) {
        match figure.origin.as_ref() {
            Origin::Portion { whole, weight, how } => (whole, *weight, how),
            other => panic!("not a portion: {other:?}"),
        }
    }

    /// A budget without problems, and its contributions among members A and B kommun.
    fn split_budget(text: &str) -> (Budget, Contributions) {
        let node = yaml::parse(text, "budget.yaml", 0).unwrap();
        let (budget, problems) = crate::model::budget::read(&node, "budget.yaml");
        assert!(problems.is_empty(), "{problems:?}");
        let budget = budget.unwrap();
        let members = ["A kommun".to_string(), "B kommun".to_string()];
        let (c, warnings) = compute(&budget, &members, budget.member_split.as_ref()).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        (budget, c)
    }

    #[test]
    fn each_contribution_is_a_portion_of_the_medlemsintäkter_naming_its_share() {
        let (_, c) = split_budget(
            "typ: budget\nenhet: tkr\når: [2027]\ningående_eget_kapital: 0\nintäkter:\n  - { post: Medlemsintäkter, belopp: 1000.001 }\nmedlemsbidrag:\n  region: Region Mitt\n  fördelning:\n    - { kommun: A kommun, invånare: 70000 }\n    - { kommun: B kommun, invånare: 30000 }\n",
        );
        // The total in kronor: the post written on line 6, 1 000,001 tkr.
        assert_eq!(
            c.totals[0].origin.as_ref(),
            &Origin::Written {
                file: "budget.yaml".into(),
                line: 6
            }
        );
        assert_eq!(c.totals[0].value, d(1_000_001));
        // Försäkringskassan: half of the total, 500 000,5 rounded to 500 001; the region a
        // quarter, 250 000,25 rounded to 250 000.
        for (member, share, said, value) in [
            (
                0,
                Decimal::new(5, 1),
                "hälften enligt lagen (2003:1210)",
                500_001,
            ),
            (
                3,
                Decimal::new(25, 2),
                "en fjärdedel till regionen",
                250_000,
            ),
        ] {
            let figure = &c.members[member].amounts[0];
            let (whole, weight, how) = portion(figure);
            assert!(whole.same(&c.totals[0]));
            assert_eq!(weight, share);
            assert!(how.starts_with(said), "{how}");
            assert_eq!(figure.value, d(value));
        }
        // A kommun: its invånare's part of the kommuner's quarter, itself a quarter of the total.
        let a = &c.members[1].amounts[0];
        let (quarter, weight, how) = portion(a);
        assert_eq!(weight, Decimal::new(7, 1));
        assert_eq!(how, "70\u{a0}000 av 100\u{a0}000 invånare");
        assert_eq!(a.value, d(175_000));
        let (total, weight, how) = portion(quarter);
        assert!(total.same(&c.totals[0]));
        assert_eq!(weight, Decimal::new(25, 2));
        assert!(how.starts_with("en fjärdedel till kommunerna"), "{how}");
        assert_eq!(quarter.value, d(250_000));
        // The printed table: a row per member with these figures, then Totalt.
        let table = c.table();
        let names: Vec<&str> = table.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Försäkringskassan",
                "A kommun",
                "B kommun",
                "Region Mitt",
                "Totalt"
            ]
        );
        assert!(table.rows[1].cells[0].as_ref().unwrap().same(a));
        assert!(table.rows[4].cells[0].as_ref().unwrap().same(&c.totals[0]));
    }

    #[test]
    fn kommuner_share_their_quarter_by_andel_or_take_it_together() {
        let (budget, c) = split_budget(
            "typ: budget\når: [2027]\ningående_eget_kapital: 0\nintäkter:\n  - { post: Medlemsintäkter, belopp: 1000 }\nmedlemsbidrag:\n  fördelning:\n    - { kommun: A kommun, andel: 60 % }\n    - { kommun: B kommun, andel: 0.4 }\n",
        );
        // A kr budget: the total is the post itself.
        assert!(c.totals[0].same(&budget.income_total[0]));
        let (_, weight, how) = portion(&c.members[1].amounts[0]);
        assert_eq!(weight, Decimal::new(6, 1));
        assert_eq!(how, "andel 60\u{a0}% av kommunernas fjärdedel");
        assert_eq!(c.members[1].amounts[0].value, d(150));
        // No fördelning: the one kommun's part is the kommuner's quarter itself.
        let (c, _) = compute(&budget, &["A kommun".to_string()], None).unwrap();
        let (whole, weight, _) = portion(&c.members[1].amounts[0]);
        assert!(whole.same(&c.totals[0]));
        assert_eq!(weight, Decimal::new(25, 2));
    }

    #[test]
    fn a_tkr_total_is_in_kronor_down_to_its_posts() {
        let (budget, c) = split_budget(
            "typ: budget\nenhet: tkr\når: [2027]\ningående_eget_kapital: 0\nintäkter:\n  - grupp: Medlemmarnas bidrag\n    id: medlemsintäkter\n    rader:\n      - { post: Staten, belopp: 500.5 }\n      - { post: Övriga, belopp: 499.5 }\n",
        );
        assert_eq!(c.totals[0].value, d(1_000_000));
        // The sum of the two posts, each in kronor at its line; the budget's own figures stay
        // in tkr.
        let Origin::Sum(parts) = c.totals[0].origin.as_ref() else {
            panic!("{:?}", c.totals[0].origin)
        };
        let parts: Vec<(Decimal, &Origin)> =
            parts.iter().map(|p| (p.value, p.origin.as_ref())).collect();
        let at = |line| Origin::Written {
            file: "budget.yaml".into(),
            line,
        };
        assert_eq!(parts, [(d(500_500), &at(9)), (d(499_500), &at(10))]);
        assert_eq!(budget.income_total[0].value, d(1000));
    }
}
