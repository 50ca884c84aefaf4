//! The template view of a kassaflödesanalys.
use rust_decimal::Decimal;
use serde::Serialize;

use super::statement::{PrintedRow, PrintedTable};
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
    pub(super) fn view(&self) -> CashFlowView {
        let unit = self.unit;
        let year = |m: &Movements| {
            Entries(
                m.lines()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), Amount::new(v, unit)))
                    .collect(),
            )
        };
        let all: Vec<Vec<(&str, Decimal)>> = self.years.iter().map(|(_, m)| m.lines()).collect();
        let mut rows = Vec::new();
        for (kind, key, label) in LINES {
            let values: Vec<Decimal> = all
                .iter()
                .map(|lines| {
                    lines
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| *v)
                        .unwrap_or_default()
                })
                .collect();
            // A post that is zero every year is left out (avsättningar, långfristiga skulder
            // are rare in a förbund); sums and results always print.
            if *kind == "post" && *key != "arets_resultat" && values.iter().all(Decimal::is_zero) {
                continue;
            }
            let cells = if *kind == "rubrik" {
                Vec::new()
            } else {
                values.iter().map(|v| Some(Amount::new(*v, unit))).collect()
            };
            rows.push(PrintedRow {
                slag: kind,
                namn: (*label).into(),
                level: i64::from(*kind != "total"),
                celler: cells,
                not: None,
                ankare: None,
            });
        }
        CashFlowView {
            typ: "kassaflödesanalys",
            enhet: unit.label(),
            this_year: self
                .years
                .first()
                .map_or(Entries(Vec::new()), |(_, m)| year(m)),
            foregaende_ar: self.years.get(1).map(|(_, m)| year(m)),
            tabell: PrintedTable {
                rubriker: self.years.iter().map(|(h, _)| h.clone()).collect(),
                rader: rows,
            },
        }
    }
}
