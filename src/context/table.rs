//! The template view of a table or chart (`typ: tabell`): a projection of the model's values
//! and value axis (`Table::axis`), formatted.
use serde::Serialize;

use super::decimal_text;
use crate::model::figure::Figure;
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
        let axis = self.axis();
        // Labels and table cells keep the data's own decimals (31,5 and 32,0, not 32 and 32).
        let decimals = self.decimals();
        let label = |v: &Option<Figure>| {
            v.as_ref()
                .map_or(String::new(), |v| money::format_number(v.value, decimals))
        };
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
                    values: s
                        .values
                        .iter()
                        .map(|v| v.as_ref().map(|v| decimal_text(v.value)))
                        .collect(),
                    etiketter: s.values.iter().map(label).collect(),
                })
                .collect(),
            skala: decimal_text(axis.top),
            botten: axis.bottom.map(decimal_text),
            steg: axis
                .marks
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
                        .map(|s| label(&s.values.get(i).cloned().flatten()))
                        .collect(),
                })
                .collect(),
        }
    }
}
