//! The template view of a table or chart (`typ: tabell`).
use rust_decimal::Decimal;
use serde::Serialize;

use super::decimal_text;
use crate::model::table::*;
use crate::money;

/// A table for templates: values as exact decimal text, also as typst numbers for drawing.
#[derive(Serialize)]
pub(super) struct TableView {
    typ: &'static str,
    titel: String,
    diagram: String,
    enhet: Option<String>,
    alt: String,
    kategorier: Vec<String>,
    serier: Vec<Series>,
    /// The top of the value axis.
    skala: String,
    /// The bottom of the value axis, where a value is negative (none: the axis starts at 0).
    botten: Option<String>,
    /// The value axis's five marks.
    steg: Vec<Step>,
    tabellrader: Vec<TableRow>,
}

/// One series: its values and their labels as printed.
#[derive(Serialize)]
struct Series {
    namn: String,
    #[serde(rename = "värden")]
    values: Vec<Option<String>>,
    etiketter: Vec<String>,
}

/// A mark on the value axis.
#[derive(Serialize)]
struct Step {
    #[serde(rename = "värde")]
    value: String,
    text: String,
}

/// A row of the table beside a chart: a category and each series' label.
#[derive(Serialize)]
struct TableRow {
    kategori: String,
    celler: Vec<String>,
}

impl Table {
    /// The table for templates.
    pub(super) fn view(&self) -> TableView {
        // The axis: from zero to a round top, or with a loss from a round bottom below zero,
        // with zero among the marks.
        let below_zero = self.scale_below_zero().filter(|_| self.chart == "stapel");
        let (bottom, max) = match below_zero {
            Some((bottom, top, _)) => (bottom, top),
            None => (Decimal::ZERO, self.scale_max()),
        };
        let marks: Vec<Decimal> = match below_zero {
            Some((bottom, top, step)) => {
                let count = ((top - bottom) / step)
                    .round()
                    .to_string()
                    .parse::<u32>()
                    .unwrap_or(4);
                (0..=count.min(20))
                    .map(|i| bottom + step * Decimal::from(i))
                    .collect()
            }
            None => (0..=4)
                .map(|i| max * Decimal::from(i) / Decimal::from(4))
                .collect(),
        };
        // Labels and table cells keep the data's own decimals (31,5 and 32,0, not 32 and 32).
        let decimals = self.decimals();
        let label =
            |v: &Option<Decimal>| v.map_or(String::new(), |v| money::format_number(v, decimals));
        TableView {
            typ: "tabell",
            titel: self.title.clone(),
            diagram: self.chart.clone(),
            enhet: self.unit.clone(),
            alt: self.alt.clone(),
            kategorier: self.categories.clone(),
            serier: self
                .series
                .iter()
                .map(|s| Series {
                    namn: s.name.clone(),
                    values: s.values.iter().map(|v| v.map(decimal_text)).collect(),
                    etiketter: s.values.iter().map(label).collect(),
                })
                .collect(),
            skala: decimal_text(max),
            botten: below_zero.map(|_| decimal_text(bottom)),
            steg: marks
                .into_iter()
                .map(|v| Step {
                    value: decimal_text(v),
                    text: money::format_number(v, v.normalize().scale().min(2)),
                })
                .collect(),
            tabellrader: self
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| TableRow {
                    kategori: c.clone(),
                    celler: self
                        .series
                        .iter()
                        .map(|s| label(&s.values.get(i).copied().flatten()))
                        .collect(),
                })
                .collect(),
        }
    }
}
