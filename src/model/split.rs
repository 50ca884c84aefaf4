//! `medlemsbidrag:` (in a budget or forbund.yaml): how the kommuner share their quarter of the
//! members' money, by fixed shares (`andel:`) or by population (`invånare:`), read and checked.
//! The contributions themselves are computed in [`super::contributions`].

use rust_decimal::Decimal;

use crate::diagnostics::{Diagnostic, Form, Kind, Missing, Position, Shape, Totalled};
use crate::money;
use crate::yaml::{MapReader, Node, Value};

/// How the kommuner share their quarter (`medlemsbidrag:` with `fördelning:`).
#[derive(Debug, Clone)]
pub struct Split {
    /// The file it was written in, relative to the project root.
    pub file: String,
    /// `region`: the region's name, when it is not found among `medlemmar`.
    pub region: Option<String>,
    /// `fördelning`: each kommun with its weight, in the order written.
    pub kommuner: Vec<KommunShare>,
    /// Whether the weights are populations (`invånare`) rather than shares (`andel`).
    pub by_population: bool,
    /// Every kommun named in `fördelning`, also one whose weight could not be read (that is
    /// its own error, not a kommun left out).
    pub named: Vec<String>,
    /// Where `fördelning` is written, for the problems of the whole list.
    pub position: Option<Position>,
}

/// One kommun of a `fördelning`.
#[derive(Debug, Clone)]
pub struct KommunShare {
    /// `kommun`
    pub name: String,
    /// `andel` (a fraction of the kommuner's quarter) or `invånare`.
    pub weight: Decimal,
    /// Where the entry is written.
    pub position: Position,
}

/// More people than any kommun has: a larger `invånare` is a mistake.
const MAX_INHABITANTS: i64 = 100_000_000_000;

const SPLIT_KEYS: &[&str] = &["fördelning", "region"];
const KOMMUN_KEYS: &[&str] = &["kommun", "andel", "invånare"];

/// Reads `medlemsbidrag:` (in a budget or forbund.yaml). The shares of a `fördelning` by `andel`
/// must add up to 1 (100 %): otherwise an error at `fördelning`.
pub fn read(node: &Node, file: &str) -> (Option<Split>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let hint = "skriv t.ex. `medlemsbidrag: { fördelning: [{ kommun: Mölndals stad, invånare: 70000 }, ...] }`";
    let Some(mut map) =
        MapReader::open_with_hint(node, file, "`medlemsbidrag`", hint, &mut problems)
    else {
        return (None, problems);
    };
    let region = map.text_or_report("region");
    let distribution = map.get("fördelning");
    problems.extend(map.finish(SPLIT_KEYS, "`medlemsbidrag`"));
    let Some(distribution) = distribution else {
        return (
            Some(Split {
                file: file.to_owned(),
                region,
                kommuner: Vec::new(),
                by_population: false,
                named: Vec::new(),
                position: None,
            }),
            problems,
        );
    };
    let located =
        |node: &Node, message: String| Diagnostic::error(message).in_file(file).at(node.position);
    let Value::Seq(items) = &distribution.value else {
        problems.push(
            Diagnostic::error_of(Kind::wrong_form(
                Form::Shares,
                "fördelning",
                distribution.kind(),
            ))
            .in_file(file)
            .at(distribution.position)
            .hint("skriv t.ex. `- { kommun: Mölndals stad, invånare: 70000 }` eller `- { kommun: Mölndals stad, andel: 0.6 }`"),
        );
        return (None, problems);
    };
    let mut kommuner: Vec<KommunShare> = Vec::new();
    let mut named: Vec<String> = Vec::new();
    let mut kinds: Vec<(&str, Position)> = Vec::new();
    for item in items {
        let hint = "skriv t.ex. `- { kommun: Mölndals stad, invånare: 70000 }`";
        let what = "en kommun i `fördelning`";
        let Some(mut entry) = MapReader::open_with_hint(item, file, what, hint, &mut problems)
        else {
            continue;
        };
        let name = match entry.text("kommun") {
            Ok(Some(n)) if !n.trim().is_empty() => Some(n.trim().to_owned()),
            Ok(_) => {
                entry.report(
                    Diagnostic::error_of(Kind::missing_key(Missing::Share, "kommun"))
                        .in_file(file)
                        .at(item.position),
                );
                None
            }
            Err(d) => {
                entry.report(d);
                None
            }
        };
        let share = entry.get("andel");
        let population = entry.get("invånare");
        problems.extend(entry.finish(KOMMUN_KEYS, "en kommun i `fördelning`"));
        let weight = match (share, population) {
            (Some(a), Some(_)) => {
                problems.push(
                    located(
                        a,
                        "en kommun kan ha `andel` eller `invånare`, inte båda".into(),
                    )
                    .hint("fördela antingen med fasta andelar eller efter invånarantal"),
                );
                None
            }
            (Some(a), None) => {
                kinds.push(("andel", a.position));
                share_of(a, file).map_err(|d| problems.push(d)).ok()
            }
            (None, Some(p)) => {
                kinds.push(("invånare", p.position));
                inhabitants(p, file).map_err(|d| problems.push(d)).ok()
            }
            (None, None) => {
                problems.push(
                    Diagnostic::error_of(Kind::missing_keys(
                        Missing::Share,
                        "andel",
                        &["invånare"],
                    ))
                    .in_file(file)
                    .at(item.position),
                );
                None
            }
        };
        named.extend(name.clone());
        if let Some(name) = &name
            && let Some(first) = kommuner.iter().find(|k| &k.name == name)
        {
            problems.push(
                located(
                    item,
                    format!(
                        "kommunen `{name}` står två gånger i `fördelning` (första gången på rad {})",
                        first.position.line
                    ),
                )
                .hint("ta bort den ena raden"),
            );
            continue;
        }
        if let (Some(name), Some(weight)) = (name, weight) {
            kommuner.push(KommunShare {
                name,
                weight,
                position: item.position,
            });
        }
    }
    if items.is_empty() {
        problems.push(
            located(distribution, "`fördelning` är tom".into())
                .hint("skriv en rad per kommun, t.ex. `- { kommun: Mölndals stad, invånare: 70000 }`, eller ta bort `fördelning`"),
        );
    }
    let by_population = kinds.first().is_some_and(|(k, _)| *k == "invånare");
    if let Some((kind, position)) = kinds.iter().find(|(k, _)| *k != kinds[0].0) {
        problems.push(
            Diagnostic::error(format!(
                "`fördelning` blandar `{}` och `{kind}`",
                kinds[0].0
            ))
            .in_file(file)
            .at(*position)
            .hint("fördela alla kommuner på samma sätt: med `andel` eller med `invånare`"),
        );
        return (None, problems);
    }
    if !by_population && !kommuner.is_empty() && kommuner.len() == items.len() {
        let sum: Decimal = kommuner.iter().map(|k| k.weight).sum();
        if sum != Decimal::ONE {
            problems.push(
                Diagnostic::error_of(Kind::Total {
                    what: Totalled::Shares,
                    sum,
                })
                .in_file(file)
                .at(distribution.position),
            );
        }
    }
    let split = Split {
        file: file.to_owned(),
        region,
        kommuner,
        by_population,
        named,
        position: Some(distribution.position),
    };
    (Some(split), problems)
}

/// A percentage with every decimal it has: `0.125` → `12,5 %`.
pub(super) fn percent(fraction: Decimal) -> String {
    crate::diagnostics::kind::percent(fraction)
}

/// `andel: 0.6`, `andel: "60 %"` or `andel: 60%`: a positive fraction.
fn share_of(node: &Node, file: &str) -> Result<Decimal, Diagnostic> {
    let error = |d: Diagnostic| {
        d.in_file(file)
            .at(node.position)
            .hint("skriv andelen som ett bråktal (`0.6`) eller i procent (`60 %`)")
    };
    let Some(text) = node.as_text() else {
        return Err(error(Diagnostic::error_of(Kind::wrong_form(
            Form::Number,
            "andel",
            node.kind(),
        ))));
    };
    let (number, scale) = match text.trim().strip_suffix('%') {
        Some(p) => (p, Decimal::ONE_HUNDRED),
        None => (text, Decimal::ONE),
    };
    let value = money::parse_amount(number).map_err(|_| {
        error(Diagnostic::error_of(Kind::wrong_written(
            Shape::Written,
            Form::Share,
            Some("andel"),
            text,
        )))
    })?;
    let value = value / scale;
    if value <= Decimal::ZERO || value > Decimal::ONE {
        return Err(error(Diagnostic::error(format!(
            "andelen `{text}` ska vara större än 0 och högst 100\u{a0}%"
        ))));
    }
    Ok(value)
}

/// `invånare: 70000` or `"70 000"`: a positive whole number.
fn inhabitants(node: &Node, file: &str) -> Result<Decimal, Diagnostic> {
    let text = node.as_text().unwrap_or_default();
    match money::parse_amount(text) {
        // Bounded, so that sums of populations never overflow.
        Ok(v)
            if v > Decimal::ZERO && v.fract().is_zero() && v <= Decimal::from(MAX_INHABITANTS) =>
        {
            Ok(v)
        }
        _ => Err(Diagnostic::error_of(Kind::wrong_written(
            Shape::Quoted,
            Form::PositiveWhole,
            Some("invånare"),
            text,
        ))
        .in_file(file)
        .at(node.position)
        .hint("skriv kommunens invånarantal, t.ex. `invånare: 70000` eller `\"70 000\"`")),
    }
}
