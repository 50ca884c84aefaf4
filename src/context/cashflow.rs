//! The template view of a kassaflödesanalys.
use rust_decimal::Decimal;

use super::{TemplateValue as T, amount_value};
use crate::model::cashflow::*;

impl CashFlow {
    /// The kassaflödesanalys for templates: `typ`, `enhet`, every line by its key for this year
    /// (`kassaflodesanalys.arets_kassaflode`), the same under `foregaende_ar`, and `tabell`.
    pub fn to_template(&self) -> T {
        let unit = self.unit;
        let mut entries = vec![
            ("typ".into(), T::Text("kassaflödesanalys".into())),
            ("enhet".into(), T::Text(unit.label().into())),
        ];
        let year = |m: &Movements| -> Vec<(String, T)> {
            m.lines()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), amount_value(v, unit)))
                .collect()
        };
        if let Some((_, m)) = self.years.first() {
            entries.extend(year(m));
        }
        entries.push((
            "foregaende_ar".into(),
            self.years.get(1).map_or(T::None, |(_, m)| T::Map(year(m))),
        ));
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
                values.iter().map(|v| amount_value(*v, unit)).collect()
            };
            rows.push(T::Map(vec![
                ("slag".into(), T::Text((*kind).into())),
                ("namn".into(), T::Text((*label).into())),
                ("nivå".into(), T::Integer(i64::from(*kind != "total"))),
                ("celler".into(), T::List(cells)),
                ("not".into(), T::None),
            ]));
        }
        entries.push((
            "tabell".into(),
            T::Map(vec![
                (
                    "rubriker".into(),
                    T::List(self.years.iter().map(|(h, _)| T::Text(h.clone())).collect()),
                ),
                ("rader".into(), T::List(rows)),
            ]),
        ));
        T::Map(entries)
    }
}
