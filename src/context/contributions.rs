//! The template view of the members' contributions (medlemsbidrag), beside their budget's: a
//! projection of the members' table the model makes (`Contributions::table`).
use serde::Serialize;

use super::{Amount, Entries, decimal_text};
use crate::model::contributions::*;
use crate::model::printed::{Row, RowKind};
use crate::money::Unit;

/// `medlemsbidrag` (a list of `{ namn, andel, belopp, per_år }`: `belopp` the first year,
/// `per_år` every year, in kronor), `bidrag` (each member's contributions per year by its
/// name: `bidrag["Norrby kommun"][0]`), `medlemsbidrag_totalt` (the first year) and
/// `medlemsbidrag_totalt_per_år`.
#[derive(Serialize)]
pub(super) struct ContributionsView {
    medlemsbidrag: Vec<Member>,
    bidrag: Entries<Vec<Amount>>,
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
    pub(super) fn view(&self, table: &crate::model::printed::Table) -> ContributionsView {
        let kr = |row: &Row| -> Vec<Amount> {
            row.cells
                .iter()
                .flatten()
                .map(|f| Amount::of(f, Unit::Kr))
                .collect()
        };
        let of = |kind: RowKind| table.rows.iter().filter(move |r| r.kind == kind);
        let totals: Vec<Amount> = of(RowKind::Total).next().map(kr).unwrap_or_default();
        ContributionsView {
            bidrag: Entries(
                of(RowKind::Post)
                    .map(|row| (row.name.clone(), kr(row)))
                    .collect(),
            ),
            // The table's member rows are the members, in order.
            medlemsbidrag: of(RowKind::Post)
                .zip(&self.members)
                .map(|(row, m)| {
                    let per_year = kr(row);
                    Member {
                        namn: row.name.clone(),
                        andel: decimal_text(m.share),
                        belopp: per_year.first().cloned(),
                        per_year,
                    }
                })
                .collect(),
            medlemsbidrag_totalt: totals.first().cloned(),
            totals,
        }
    }
}
