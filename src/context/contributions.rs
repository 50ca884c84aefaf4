//! The template view of the members' contributions (medlemsbidrag).
use rust_decimal::Decimal;

use super::TemplateValue as T;
use crate::model::contributions::*;
use crate::money::Unit;

impl Contributions {
    /// The contributions for templates: `medlemsbidrag` (a list of `{ namn, andel, belopp,
    /// per_ar }`: `belopp` the first year, `per_ar` every year, in kronor) and
    /// `medlemsbidrag_totalt` (first year) and `medlemsbidrag_totalt_per_ar`.
    pub fn template_entries(&self) -> Vec<(String, T)> {
        let kr = |v: &Decimal| super::amount_value(*v, Unit::Kr);
        let list = self
            .members
            .iter()
            .map(|m| {
                T::Map(vec![
                    ("namn".into(), T::Text(m.name.clone())),
                    ("andel".into(), T::Text(m.share.normalize().to_string())),
                    ("belopp".into(), m.amounts.first().map_or(T::None, kr)),
                    ("per_år".into(), T::List(m.amounts.iter().map(kr).collect())),
                ])
            })
            .collect();
        vec![
            ("medlemsbidrag".into(), T::List(list)),
            (
                "medlemsbidrag_totalt".into(),
                self.totals.first().map_or(T::None, kr),
            ),
            (
                "medlemsbidrag_totalt_per_år".into(),
                T::List(self.totals.iter().map(kr).collect()),
            ),
        ]
    }
}
