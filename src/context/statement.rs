//! The template view of a resultaträkning or balansräkning: its printed table, its sums and the
//! rows prose can explain. A pure projection: every figure (sums, delresultat, results,
//! avvikelse) is made in the model (`model::statement`), and only formatted here.
use serde::Serialize;

use super::{Amount, Entries, decimal_text};
use crate::model::figure::Figure;
use crate::model::printed;
use crate::model::statement::*;
use crate::money::{Date, Unit};

/// A statement for templates.
#[derive(Serialize)]
pub(super) struct StatementView {
    typ: &'static str,
    enhet: &'static str,
    #[serde(rename = "räkenskapsår")]
    fiscal_year: Option<Period>,
    period: Option<Period>,
    pub(super) tabell: PrintedTable,
    #[serde(rename = "anmärkningar")]
    remarks: Vec<String>,
    resultatnamn: &'static str,
    avvikelser: Vec<Variance>,
    form: &'static str,
    /// `resultat` per column of a resultaträkning; `summa_tillgångar`, `summa_eget_kapital`, ...
    /// per column of a balansräkning.
    #[serde(flatten)]
    sums: Entries<Entries<Amount>>,
}

/// `{ från, till }`
#[derive(Serialize)]
struct Period {
    #[serde(rename = "från")]
    from: String,
    till: String,
}

/// A post with budget and utfall, for `avvikelse(rad=...)` in the prose.
#[derive(Serialize)]
struct Variance {
    rad: String,
    /// utfall − budget
    belopp: Amount,
    /// belopp as a share of the budget's size (a decimal fraction), where there is a budget.
    andel: Option<String>,
    ankare: String,
}

/// A printed table: the column headers and the rows, flattened (a kassaflödesanalys's too).
#[derive(Serialize)]
pub(super) struct PrintedTable {
    pub(super) rubriker: Vec<String>,
    pub(super) rader: Vec<PrintedRow>,
}

/// One printed row.
#[derive(Serialize)]
pub(super) struct PrintedRow {
    /// `avsnitt`, `rubrik`, `post`, `summa`, `delresultat`, `total` or `kontroll`.
    pub(super) slag: &'static str,
    pub(super) namn: String,
    #[serde(rename = "nivå")]
    pub(super) level: i64,
    pub(super) celler: Vec<Option<Amount>>,
    pub(super) not: Option<String>,
    /// The label of a post the prose can explain (budget or utfall); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ankare: Option<String>,
}

/// A model's printed table for templates, its figures in `unit`.
pub(super) fn project(table: &printed::Table, unit: Unit) -> PrintedTable {
    PrintedTable {
        rubriker: table.columns.iter().map(|c| c.heading.clone()).collect(),
        rader: table
            .rows
            .iter()
            .map(|row| PrintedRow {
                slag: row.kind.name(),
                namn: row.name.clone(),
                level: i64::try_from(row.level).unwrap_or(i64::MAX),
                celler: row
                    .cells
                    .iter()
                    .map(|c| c.as_ref().map(|f| Amount::of(f, unit)))
                    .collect(),
                not: row.note.clone(),
                ankare: row.anchor.clone(),
            })
            .collect(),
    }
}

impl Statement {
    /// The statement for templates.
    pub(super) fn view(&self, table: &crate::model::printed::Table) -> StatementView {
        let dates = |p: Option<(Date, Date)>| {
            p.map(|(from, to)| Period {
                from: from.iso(),
                till: to.iso(),
            })
        };
        let per_column = |figures: &[Figure]| {
            Entries(
                self.columns
                    .iter()
                    .zip(figures)
                    .map(|(c, f)| (c.clone(), Amount::of(f, self.unit)))
                    .collect(),
            )
        };
        let sums = match self.kind {
            Kind::Income => vec![("resultat".to_owned(), per_column(&self.result_figures()))],
            Kind::Balance => BALANCE_SECTIONS
                .iter()
                .map(|(key, _)| (format!("summa_{key}"), per_column(&self.section_total(key))))
                .collect(),
        };
        // The printed table the trail made, for the rows and the variances read off them.
        StatementView {
            typ: self.kind.name(),
            enhet: self.unit.label(),
            fiscal_year: dates(self.fiscal_year),
            period: dates(self.period),
            tabell: project(table, self.unit),
            remarks: self.remarks.clone(),
            resultatnamn: self.result_name(),
            avvikelser: Statement::variances_in(table)
                .into_iter()
                .map(|v| Variance {
                    rad: v.row,
                    belopp: Amount::of(&v.amount, self.unit),
                    andel: v.share.map(|s| decimal_text(s.value)),
                    ankare: v.anchor,
                })
                .collect(),
            form: match (self.kind, self.form) {
                (Kind::Balance, Form::Report) => "balansrapport",
                (kind, _) => kind.name(),
            },
            sums: Entries(sums),
        }
    }
}
