//! The template view of the members' contributions (medlemsbidrag), beside their budget's.
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Amount, decimal_text};
use crate::model::contributions::*;
use crate::money::Unit;

/// `medlemsbidrag` (a list of `{ namn, andel, belopp, per_år }`: `belopp` the first year,
/// `per_år` every year, in kronor), `medlemsbidrag_totalt` (the first year) and
/// `medlemsbidrag_totalt_per_år`.
#[derive(Serialize)]
pub(super) struct ContributionsView {
    medlemsbidrag: Vec<Member>,
    medlemsbidrag_totalt: Option<Amount>,
    #[serde(rename = "medlemsbidrag_totalt_per_år")]
    totals: Vec<Amount>,
}

/// One member's part.
#[derive(Serialize)]
struct Member {
    namn: String,
    andel: String,
    belopp: Option<Amount>,
    #[serde(rename = "per_år")]
    per_year: Vec<Amount>,
}

impl Contributions {
    /// The contributions for templates.
    pub(super) fn view(&self) -> ContributionsView {
        let kr = |v: &Decimal| Amount::new(*v, Unit::Kr);
        ContributionsView {
            medlemsbidrag: self
                .members
                .iter()
                .map(|m| Member {
                    namn: m.name.clone(),
                    andel: decimal_text(m.share),
                    belopp: m.amounts.first().map(kr),
                    per_year: m.amounts.iter().map(kr).collect(),
                })
                .collect(),
            medlemsbidrag_totalt: self.totals.first().map(kr),
            totals: self.totals.iter().map(kr).collect(),
        }
    }
}
