//! The web edition's charts: a `typ: tabell` table (the model's typed [`Table`], its value axis
//! from [`Table::axis`]) with a `diagram` drawn as inline SVG, every label kept inside the
//! drawing, in the palette of the PDF's charts. The layouts' `| diagram` finds the table by its
//! template value among the page's charts ([`crate::names::DRAWINGS`]): nothing is read back from strings.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use tera::Value;

use super::writer::{escape_attr, escape_text};
use crate::model::table::Table;

/// The charts of a page as a template value: pairs of a table's value and its drawing.
pub(super) fn drawings(charts: &[(Value, &Table)]) -> Value {
    Value::from(
        charts
            .iter()
            .map(|(value, table)| {
                Value::from(vec![value.clone(), Value::safe_string(&chart_svg(table))])
            })
            .collect::<Vec<Value>>(),
    )
}

/// The drawing of the table whose template value is `value`, among `drawings`.
pub(super) fn drawn(drawings: &Value, value: &Value) -> Option<Value> {
    drawings.as_array()?.iter().find_map(|pair| {
        let pair = pair.as_array()?;
        (pair.first()? == value).then(|| pair.get(1).cloned())?
    })
}

/// A drawing coordinate, one decimal.
fn coordinate(value: Decimal) -> String {
    value.round_dp(1).normalize().to_string()
}

/// The palette of the PDF's charts; the orange darkened to keep 3:1 against white.
const PALETTE: &[&str] = &[
    "#1f4e79", "#b0651c", "#5d7a2a", "#8c5a9e", "#2b7d91", "#6b6b6b",
];

/// A chart (a `typ: tabell` table) as inline SVG: `stapel` (grouped vertical bars),
/// `liggande` (horizontal bars) or `staplad` (stacked). It carries `role="img"` and the
/// table's alt text; the numbers also stand in the data table the layout puts beside it.
pub(super) fn chart_svg(table: &Table) -> String {
    let kind = table.chart.as_str();
    let alt = &table.alt;
    let categories = &table.categories;
    // The values as the drawing uses them, exact (normalized, as they stand in the data).
    let series: Vec<(&str, Vec<Option<Decimal>>)> = table
        .series
        .iter()
        .map(|s| {
            let values = s
                .values
                .iter()
                .map(|v| v.as_ref().map(|v| v.value.normalize()))
                .collect();
            (s.name.as_str(), values)
        })
        .collect();
    let labels: Vec<Vec<String>> = series
        .iter()
        .map(|(_, values)| {
            values
                .iter()
                .map(|v| {
                    v.map(|v| crate::money::format_number(v, v.normalize().scale().min(2)))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    // The value axis, computed in the model.
    let axis = table.axis();
    let mut scale = axis.top.normalize();
    if scale <= Decimal::ZERO {
        scale = Decimal::ONE;
    }
    let steps: Vec<(Decimal, String)> = axis
        .marks
        .iter()
        .map(|v| {
            (
                v.normalize(),
                crate::money::format_number(*v, v.normalize().scale().min(2)),
            )
        })
        .collect();
    let n = categories.len().max(1);
    let m = series.len().max(1);
    // The bottom of the value axis: below zero where a value is (a loss in some month).
    let bottom = axis
        .bottom
        .map(|b| b.normalize())
        .filter(|b| b.is_sign_negative() && !b.is_zero() && kind == "stapel");
    let value = |j: usize, i: usize| -> Decimal {
        let v = series
            .get(j)
            .and_then(|(_, v)| v.get(i).copied().flatten())
            .unwrap_or(Decimal::ZERO);
        if bottom.is_some() {
            v
        } else {
            v.max(Decimal::ZERO)
        }
    };
    let d = |v: i64| Decimal::from(v);
    let width = d(640);
    // Every label stays inside the drawing: a text's width is estimated from its characters
    // (Carlito's are about half an em wide on average; a little more, to be safe), a category
    // name wider than its room wraps onto lines of its own, and the legend's entries wrap into
    // rows.
    let text_width =
        |text: &str, size: i64| d(text.chars().count() as i64) * d(size) * Decimal::new(56, 2);
    let wrapped = |text: &str, room: Decimal, size: i64| -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if text_width(&format!("{line} {word}"), size) <= room => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_owned()),
            }
        }
        lines
    };
    let lines_text = |lines: &[String], x: Decimal, y: Decimal, attributes: &str| -> String {
        let mut out = format!(
            "<text x=\"{}\" y=\"{}\" {attributes}>",
            coordinate(x),
            coordinate(y)
        );
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { "0" } else { "14" };
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{dy}\">{}</tspan>",
                coordinate(x),
                escape_text(line)
            );
        }
        out.push_str("</text>");
        out
    };
    // The legend's entries, (row, x) each, flowing into rows of the drawing's width.
    let mut legend = Vec::new();
    let mut legend_rows = 0;
    if series.len() > 1 {
        let mut x = d(8);
        legend_rows = 1;
        for (name, _) in &series {
            let entry = d(18) + text_width(name, 12) + d(16);
            if x > d(8) && x + entry > width {
                legend_rows += 1;
                x = d(8);
            }
            legend.push((legend_rows - 1, x));
            x += entry;
        }
    }
    let legend_height = d(legend_rows) * d(22) + if legend_rows > 0 { d(6) } else { d(0) };
    let mut body = String::new();
    let height;
    if kind == "liggande" {
        let gap = d(8);
        let label_width = d(200);
        let names: Vec<Vec<String>> = categories
            .iter()
            .map(|c| wrapped(c, label_width - d(12), 12))
            .collect();
        let most = names.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
        let row = (if m > 1 { d(18) * d(m as i64) } else { d(24) }).max(d(14) * d(most) + d(4));
        // The values stand right of their bars: the widest one keeps its room.
        let widest = labels
            .iter()
            .flatten()
            .map(|l| text_width(l, 11))
            .max()
            .unwrap_or_default();
        let bar_space = width - label_width - d(12) - widest;
        height = (row + gap) * d(n as i64) + gap + legend_height;
        for (i, lines) in names.iter().enumerate() {
            let y0 = gap + (row + gap) * d(i as i64);
            // The first line's middle, so that the lines stand centred on the row.
            let first = y0 + row / d(2) - d(7) * d(lines.len() as i64 - 1);
            body.push_str(&lines_text(
                lines,
                label_width - d(8),
                first,
                "text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\"",
            ));
            for j in 0..series.len() {
                let bar = row / d(m as i64);
                let w = bar_space * value(j, i) / scale;
                let y = y0 + bar * d(j as i64);
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    coordinate(label_width),
                    coordinate(y + bar * Decimal::new(1, 1)),
                    coordinate(w),
                    coordinate(bar * Decimal::new(8, 1)),
                    PALETTE[j % PALETTE.len()]
                );
                let _ = write!(
                    body,
                    "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"11\">{}</text>",
                    coordinate(label_width + w + d(4)),
                    coordinate(y + bar / d(2)),
                    escape_text(&labels[j].get(i).cloned().unwrap_or_default())
                );
            }
        }
    } else {
        let axis = d(48);
        let top = d(18);
        let plot = d(220);
        let plot_width = width - axis - d(8);
        let group = plot_width / d(n as i64);
        let names: Vec<Vec<String>> = categories
            .iter()
            .map(|c| wrapped(c, group - d(4), 12))
            .collect();
        let most = names.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
        height = top + plot + d(26) + d(14) * d(most) + legend_height;
        let stacked = kind == "staplad";
        let bar = if stacked {
            group * Decimal::new(55, 2)
        } else {
            group * Decimal::new(8, 1) / d(m as i64)
        };
        // Where a value stands: from the top of the axis, down to its bottom (zero, or below).
        let y_of = |v: Decimal| match bottom {
            Some(b) => top + plot * (scale - v) / (scale - b),
            None => top + plot - plot * v / scale,
        };
        for (v, text) in &steps {
            let y = y_of(*v);
            let _ = write!(
                body,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#c8c8c8\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#555\">{}</text>",
                coordinate(axis),
                coordinate(width - d(8)),
                coordinate(axis - d(6)),
                escape_text(text),
                y = coordinate(y),
            );
        }
        let _ = write!(
            body,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#5a5a5a\"/>",
            coordinate(axis),
            coordinate(width - d(8)),
            y = coordinate(y_of(Decimal::ZERO))
        );
        for (i, lines) in names.iter().enumerate() {
            let x0 = axis + group * d(i as i64);
            let mut base = Decimal::ZERO;
            for j in 0..series.len() {
                let v = value(j, i);
                let h = plot * v / scale;
                let colour = PALETTE[j % PALETTE.len()];
                if stacked {
                    let y = top + plot - plot * (base + v) / scale;
                    let _ = write!(
                        body,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"0.5\"/>",
                        coordinate(x0 + (group - bar) / d(2)),
                        coordinate(y),
                        coordinate(bar),
                        coordinate(h)
                    );
                    base += v;
                } else if let Some(b) = bottom {
                    // Up from the zero line, or down from it for a loss; the label outside.
                    let x = x0 + group * Decimal::new(1, 1) + bar * d(j as i64);
                    let h = plot * v.abs() / (scale - b);
                    let (y, label_y) = if v.is_sign_negative() {
                        (y_of(Decimal::ZERO), y_of(v) + d(11))
                    } else {
                        (y_of(v), y_of(v) - d(4))
                    };
                    let _ = write!(
                        body,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                        coordinate(x),
                        coordinate(y),
                        coordinate(bar),
                        coordinate(h),
                        coordinate(x + bar / d(2)),
                        coordinate(label_y),
                        escape_text(&labels[j].get(i).cloned().unwrap_or_default())
                    );
                } else {
                    let x = x0 + group * Decimal::new(1, 1) + bar * d(j as i64);
                    let _ = write!(
                        body,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                        coordinate(x),
                        coordinate(top + plot - h),
                        coordinate(bar),
                        coordinate(h),
                        coordinate(x + bar / d(2)),
                        coordinate(top + plot - h - d(4)),
                        escape_text(&labels[j].get(i).cloned().unwrap_or_default())
                    );
                }
            }
            body.push_str(&lines_text(
                lines,
                x0 + group / d(2),
                top + plot + d(18),
                "text-anchor=\"middle\" font-size=\"12\"",
            ));
        }
    }
    if series.len() > 1 {
        for (j, ((name, _), (row, x))) in series.iter().zip(&legend).enumerate() {
            let y = height - legend_height + d(6) + d(*row) * d(22) + d(8);
            let x = *x;
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"12\">{}</text>",
                coordinate(x),
                coordinate(y - d(6)),
                PALETTE[j % PALETTE.len()],
                coordinate(x + d(18)),
                coordinate(y),
                escape_text(name)
            );
        }
    }
    format!(
        "<svg class=\"diagram\" role=\"img\" aria-label=\"{alt}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Carlito, Calibri, 'Segoe UI', Arial, sans-serif\"><title>{title}</title>{body}</svg>",
        coordinate(width),
        coordinate(height),
        alt = escape_attr(alt),
        title = escape_text(alt),
    )
}
