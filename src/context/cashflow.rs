//! The template view of a kassaflödesanalys. A pure projection: every line is a figure made in
//! the model (`model::cashflow`), and only formatted here.
use serde::Serialize;

use super::statement::{PrintedTable, project};
use super::{Amount, Entries};
use crate::model::cashflow::*;

/// A kassaflödesanalys for templates: `typ`, `enhet`, every line by its key for this year
/// (`kassaflodesanalys.arets_kassaflode`), the same under `foregaende_ar`, and `tabell`.
#[derive(Serialize)]
pub(super) struct CashFlowView {
    typ: &'static str,
    enhet: &'static str,
    #[serde(flatten)]
    this_year: Entries<Amount>,
    foregaende_ar: Option<Entries<Amount>>,
    pub(super) tabell: PrintedTable,
}

impl CashFlow {
    /// The kassaflödesanalys for templates.
    pub(super) fn view(&self, table: &crate::model::printed::Table) -> CashFlowView {
        let unit = self.unit;
        let year = |m: &Movements| {
            Entries(
                m.lines()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), Amount::of(&v, unit)))
                    .collect(),
            )
        };
        CashFlowView {
            typ: "kassaflödesanalys",
            enhet: unit.label(),
            this_year: self
                .years
                .first()
                .map_or(Entries(Vec::new()), |(_, m)| year(m)),
            foregaende_ar: self.years.get(1).map(|(_, m)| year(m)),
            tabell: project(table, unit),
        }
    }
}
