//! `periodisering:`: the twelve monthly weights by which a yearly budget (`budget_helår`) is
//! cut to the period, and how that cut is said in Swedish where a figure's origin is shown.

use rust_decimal::Decimal;

use crate::diagnostics::kind::PERIODISATION_HINT;
use crate::diagnostics::{Diagnostic, Kind, Named};
use crate::model::amount;
use crate::yaml::{Node, Value};

/// How a year's budget is cut to the period, in Swedish: “8 av 12 månader” by equal months,
/// else the period's weights of the year's (“periodisering: 7,5 av 11”).
pub(super) fn weight_basis(
    weights: &[Decimal],
    first: usize,
    last: usize,
    part: Decimal,
    total: Decimal,
) -> String {
    if weights.iter().all(|w| *w == weights[0]) {
        format!("{} av {} månader", last + 1 - first, weights.len())
    } else {
        let said =
            |v: Decimal| crate::money::format_number(v, if v.fract().is_zero() { 0 } else { 2 });
        format!("periodisering: {} av {}", said(part), said(total))
    }
}

/// `periodisering:` `jämn` (twelve equal parts) or a list of twelve weights, one per month of
/// the fiscal year.
pub(super) fn weights(
    node: &Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<Decimal>> {
    let hint = PERIODISATION_HINT;
    match &node.value {
        Value::Seq(items) if items.len() == 12 => {
            let mut out = Vec::new();
            for i in items {
                match amount(i, file) {
                    Ok(Some(v)) if v >= Decimal::ZERO => out.push(v),
                    Ok(_) => {
                        problems.push(
                            Diagnostic::error_of(Kind::WrongForm {
                                what: crate::diagnostics::Shape::Subject {
                                    subject: "en vikt".to_owned(),
                                    found: None,
                                },
                                key: None,
                                written: None,
                                expected: crate::diagnostics::Form::Weight,
                            })
                            .in_file(file)
                            .at(i.position)
                            .hint(hint),
                        );
                        return None;
                    }
                    Err(d) => {
                        problems.push(d);
                        return None;
                    }
                }
            }
            if out.iter().all(Decimal::is_zero) {
                problems.push(
                    Diagnostic::error("vikterna i `periodisering` är alla 0")
                        .in_file(file)
                        .at(node.position)
                        .hint(hint),
                );
                return None;
            }
            Some(out)
        }
        _ if node
            .as_text()
            .is_some_and(|t| crate::text::fold_ascii(t.trim()) == "jamn") =>
        {
            Some(vec![Decimal::ONE; 12])
        }
        Value::Seq(items) => {
            problems.push(
                Diagnostic::error(format!(
                    "`periodisering` ska ha tolv vikter, en per månad, men har {}",
                    items.len()
                ))
                .in_file(file)
                .at(node.position)
                .hint(hint),
            );
            None
        }
        _ => {
            problems.push(
                Diagnostic::error_of(Kind::unknown_name(
                    Named::Periodisation,
                    node.as_text().unwrap_or(""),
                    ["jämn"],
                ))
                .in_file(file)
                .at(node.position),
            );
            None
        }
    }
}
