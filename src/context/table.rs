//! The template view of a table or chart (`typ: tabell`).
use rust_decimal::Decimal;

use super::TemplateValue as T;
use crate::model::table::*;
use crate::money;

impl Table {
    /// The table for templates: values as exact decimal text, also as typst numbers for drawing.
    pub fn to_template(&self) -> T {
        let number =
            |v: &Option<Decimal>| v.map_or(T::None, |v| T::Text(v.normalize().to_string()));
        let max = self.scale_max();
        // Labels and table cells keep the data's own decimals (31,5 and 32,0, not 32 and 32).
        let decimals = self.decimals();
        let label = |v: &Option<Decimal>| {
            T::Text(v.map_or(String::new(), |v| money::format_number(v, decimals)))
        };
        T::Map(vec![
            ("typ".into(), T::Text("tabell".into())),
            ("titel".into(), T::Text(self.title.clone())),
            ("diagram".into(), T::Text(self.chart.clone())),
            ("enhet".into(), self.unit.clone().map_or(T::None, T::Text)),
            ("alt".into(), T::Text(self.alt.clone())),
            (
                "kategorier".into(),
                T::List(self.categories.iter().cloned().map(T::Text).collect()),
            ),
            (
                "serier".into(),
                T::List(
                    self.series
                        .iter()
                        .map(|s| {
                            T::Map(vec![
                                ("namn".into(), T::Text(s.name.clone())),
                                (
                                    "värden".into(),
                                    T::List(s.values.iter().map(number).collect()),
                                ),
                                (
                                    "etiketter".into(),
                                    T::List(s.values.iter().map(label).collect()),
                                ),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("skala".into(), T::Text(max.normalize().to_string())),
            (
                "steg".into(),
                T::List(
                    (0..=4)
                        .map(|i| {
                            let v = max * Decimal::from(i) / Decimal::from(4);
                            T::Map(vec![
                                ("värde".into(), T::Text(v.normalize().to_string())),
                                (
                                    "text".into(),
                                    T::Text(money::format_number(v, v.normalize().scale().min(2))),
                                ),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "tabellrader".into(),
                T::List(
                    self.categories
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            T::Map(vec![
                                ("kategori".into(), T::Text(c.clone())),
                                (
                                    "celler".into(),
                                    T::List(
                                        self.series
                                            .iter()
                                            .map(|s| label(&s.values.get(i).copied().flatten()))
                                            .collect(),
                                    ),
                                ),
                            ])
                        })
                        .collect(),
                ),
            ),
        ])
    }
}
