//! `typ: resultaträkning` (IncomeStatement) and `typ: balansräkning` (BalanceSheet): the
//! statements of a delårsrapport or årsredovisning, computed and checked.
//!
//! Amounts are exact (öre and all) and rounded only when printed, so a printed sum can differ
//! by a krona from the printed rows, as in every real statement. Checked here: expectations
//! (`summa`, `resultat`), utgående = ingående + förändring per row, the balance in every column,
//! and that the period's result equals the change in eget kapital with the sign turned.
//!
//! Here: the types ([`Statement`], [`Line`]) and their sums. Reading a file is in `reading`,
//! the checks in `checks`, `periodisering:` in `weights`, dates and Swedish period names in
//! `dates`, the monthly chart in `chart`, and the printed table in `printed`.

use rust_decimal::Decimal;

use super::figure::Figure;
use super::lines;
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{Date, Unit};

mod chart;
mod checks;
mod dates;
mod printed;
mod reading;
mod weights;

pub use checks::{Threshold, Unexplained, check_result_against_equity};
pub(crate) use dates::income_header;
pub use dates::{day_after, day_before, month_end, period_name};
pub use printed::Variance;
pub use reading::{Defaults, form, income_columns, read, signs};

/// A line of a statement: a post or a grupp, with one amount per column.
pub type Line = lines::Line<Keys>;

/// The keys of a statement's line besides those every line has.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    /// `not`
    pub note: Option<String>,
    /// `delresultat`: the name of the running result printed after this line (Rörelseresultat
    /// after Rörelsens kostnader): the sum of every line of the section up to here.
    pub subtotal: Option<String>,
    /// `kommentar`: why the row deviates from its budget, printed as a note.
    pub comment: Option<String>,
}

impl Line {
    fn value(&self, column: usize) -> Decimal {
        self.figure(column).map_or(Decimal::ZERO, |f| f.value)
    }

    /// A post named `name` with these figures per column (`None`: blank).
    pub fn post(name: impl Into<String>, figures: Vec<Option<Figure>>) -> Line {
        Line {
            name: name.into(),
            id: None,
            position: Position { line: 1, column: 1 },
            group: false,
            lines: Vec::new(),
            amounts: figures,
            unknown: Vec::new(),
            keys: Keys::default(),
        }
    }

    /// A group named `name` of `lines`, its figures their sums over `columns` ([`sum_lines`]).
    pub fn group_of(name: impl Into<String>, lines: Vec<Line>, columns: usize) -> Line {
        let mut group = Line::post(name, sum_lines(&lines, columns));
        group.group = true;
        group.lines = lines;
        group
    }
}

pub use lines::{sums as sum_lines, unknown_in};

/// The sum of `lines` in `column`, a column every line leaves blank a zero from nothing.
pub fn total(lines: &[Line], column: usize) -> Figure {
    lines::column_sum(lines, column).unwrap_or_else(Figure::zero)
}

/// A statement: a resultaträkning or a balansräkning.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The file, relative to the project root.
    pub file: String,
    /// Resultaträkning or balansräkning.
    pub kind: Kind,
    /// `enhet`
    pub unit: Unit,
    /// `räkenskapsår`
    pub fiscal_year: Option<(Date, Date)>,
    /// `period`
    pub period: Option<(Date, Date)>,
    /// The columns: for a resultaträkning `budget`, `utfall`, ...; for a balansräkning
    /// `ingående`, `förändring`, `utgående`.
    pub columns: Vec<String>,
    /// Columns counted for the prose but not printed: last year's figures from books that
    /// have them, where `kolumner:` does not print them (`resultat.foregaende_ar`).
    pub unprinted: Vec<String>,
    /// The sections: one (`rader`) for a resultaträkning; tillgångar, eget kapital,
    /// avsättningar and skulder for a balansräkning.
    pub sections: Vec<(String, Vec<Line>)>,
    /// `tecken: rapport`: both sides printed positive.
    pub report_signs: bool,
    /// `form:` of a balance sheet: balansräkning (a column per date) or balansrapport
    /// (ingående, period, utgående).
    pub form: Form,
    /// Remarks printed with the statement (“Bokföringen omfattar t.o.m. 31 januari 2011”).
    pub remarks: Vec<String>,
    /// From the books: the result month by month from the fiscal year's start, accumulated
    /// (month, utfall, budget where the books have one), for the chart of the result.
    pub monthly: Vec<(String, Figure, Option<Figure>)>,
    /// The rows at or over `avvikelser:` without a `kommentar:`, each with its warning: the
    /// warning stands unless the narrative explains the row (`avvikelse(rad="...")`).
    pub unexplained: Vec<(String, Diagnostic)>,
    /// Made from SIE books (`typ: sie`), not written by hand: its kassaflödesanalys comes from
    /// the books, which say when they cannot give one.
    pub from_books: bool,
}

/// How a balance sheet is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `balansräkning`: one column per date (the period's end, the year's start), as published.
    Sheet,
    /// `balansrapport`: Ingående balans, Period, Utgående balans, as accounting systems print.
    Report,
}

impl Form {
    /// Reads `form:`; `None` where the value is unknown (the caller reports it).
    pub fn parse(text: &str) -> Option<Form> {
        match crate::text::fold_ascii(text.trim()).as_str() {
            "balansrakning" => Some(Form::Sheet),
            "balansrapport" => Some(Form::Report),
            _ => None,
        }
    }

    /// The default where `form:` is not written: `tecken: bokföring` keeps the balansrapport,
    /// published signs get the balansräkning.
    pub fn default_for(report_signs: bool) -> Form {
        if report_signs {
            Form::Sheet
        } else {
            Form::Report
        }
    }
}

/// Which statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// resultaträkning
    Income,
    /// balansräkning
    Balance,
}

impl Kind {
    /// The name as a writer writes it in `typ:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Income => "resultaträkning",
            Kind::Balance => "balansräkning",
        }
    }
}

pub(crate) const BALANCE_SECTIONS: &[(&str, &str)] = &[
    ("tillgångar", "Tillgångar"),
    ("eget_kapital", "Eget kapital"),
    ("avsättningar", "Avsättningar"),
    ("skulder", "Skulder"),
];

impl Statement {
    /// The lines of a section (`tillgångar`, `rader`, …); none where the statement lacks it.
    pub(crate) fn section(&self, key: &str) -> &[Line] {
        self.sections
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[], |(_, l)| l.as_slice())
    }

    /// The sum of a section per column, a figure made of its lines' ([`total`]).
    pub fn section_total(&self, key: &str) -> Vec<Figure> {
        let lines = self.section(key);
        (0..self.columns.len()).map(|c| total(lines, c)).collect()
    }

    /// The sum of a section per column.
    pub fn section_sum(&self, key: &str) -> Vec<Decimal> {
        self.section_total(key).iter().map(|f| f.value).collect()
    }

    /// Per column: whether the sum of a section depends on a wrong amount already reported.
    pub fn section_unknown(&self, key: &str) -> Vec<bool> {
        let lines = self.section(key);
        unknown_in(lines, self.columns.len())
    }

    /// The result per column (a resultaträkning: the sum of all rows).
    pub fn result(&self) -> Vec<Decimal> {
        self.section_sum("rader")
    }

    /// The result per column as figures: the sum of the top-level rows.
    pub fn result_figures(&self) -> Vec<Figure> {
        self.section_total("rader")
    }

    /// The change in total eget kapital over the period.
    pub fn equity_change(&self) -> Decimal {
        self.section_sum("eget_kapital")
            .get(1)
            .copied()
            .unwrap_or_default()
    }

    /// The name of the bottom line: Årets resultat for a whole fiscal year, Periodens resultat
    /// otherwise.
    pub fn result_name(&self) -> &'static str {
        match (self.period, self.fiscal_year) {
            (Some(p), Some(f)) if p == f => "Årets resultat",
            (None, Some(_)) => "Årets resultat",
            _ => "Periodens resultat",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::yaml;

    fn statement(text: &str, kind: Kind) -> (Option<Statement>, Vec<Diagnostic>) {
        let node = yaml::parse(text, "x.yaml", 0).unwrap();
        read(&node, "x.yaml", kind, &Defaults::default())
    }

    const BALANCE: &str = "typ: balansräkning\nenhet: kr\ntillgångar:\n  - grupp: Fordringar\n    rader:\n      - { post: Kundfordringar, ingående: 58932, förändring: 209030.40 }\n      - { post: Bank, ingående: 1000, förändring: 0 }\neget_kapital:\n  - { post: Eget kapital, ingående: -59932, förändring: -209030.40 }\n";

    #[test]
    fn a_loss_in_some_month_is_still_a_bar_chart() {
        let (s, p) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 100 }\n",
            Kind::Income,
        );
        assert!(p.is_empty(), "{p:?}");
        let mut s = s.unwrap();
        let at = |v: i64, line| Figure::written(Decimal::from(v), &Arc::from("b.se"), line);
        s.monthly = vec![
            ("jan".into(), at(-120, 1), Some(at(-100, 2))),
            ("feb".into(), at(40, 3), Some(at(10, 4))),
        ];
        let chart = s.monthly_chart().unwrap();
        assert_eq!(chart.chart, "stapel");
        assert_eq!(chart.series.len(), 2);
    }

    #[test]
    fn a_balanced_sheet_passes_and_sums_exactly() {
        let (s, p) = statement(BALANCE, Kind::Balance);
        assert!(p.is_empty(), "{p:?}");
        let s = s.unwrap();
        assert_eq!(s.section_sum("tillgångar")[2].to_string(), "268962.40");
        assert_eq!(s.equity_change().to_string(), "-209030.40");
    }

    #[test]
    fn an_imbalance_names_the_column_and_the_difference() {
        let text = BALANCE.replace("ingående: 1000,", "ingående: 2000,");
        let (_, p) = statement(&text, Kind::Balance);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("kolumnen ingående")
                && messages[0].contains("skillnad 1\u{a0}000\u{a0}kr"),
            "{messages:?}"
        );
        assert!(messages[1].contains("kolumnen utgående"), "{messages:?}");
    }

    #[test]
    fn the_result_must_match_the_change_in_equity() {
        let (b, _) = statement(BALANCE, Kind::Balance);
        let (i, p) = statement(
            "typ: resultaträkning\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 300000, utfall: 310000 }\n  - grupp: Kostnader\n    rader:\n      - { post: Arvoden, budget: -80000, utfall: -100969.60 }\nresultat: { budget: 220000, utfall: 209030 }\n",
            Kind::Income,
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("periodens resultat, kolumnen utfall: väntat 209\u{a0}030\u{a0}kr, beräknat 209\u{a0}030,40\u{a0}kr"), "{}", p[0].message);
        let (b, i) = (b.unwrap(), i.unwrap());
        let mut problems = Vec::new();
        check_result_against_equity(&[&i, &b], &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let (i2, _) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000 }\n",
            Kind::Income,
        );
        check_result_against_equity(&[&i2.unwrap(), &b], &mut problems);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("skillnad \u{2212}208\u{a0}030,40\u{a0}kr"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn one_wrong_amount_in_a_balance_sheet_is_one_message() {
        let text = BALANCE.replace("ingående: 1000,", "ingående: 1OOO,");
        let (b, p) = statement(&text, Kind::Balance);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("1OOO"), "{}", p[0].message);
        // A wrong förändring, with utgående written: no “utgående är inte ingående +
        // förändring” and no imbalance on top.
        let text = BALANCE.replace(
            "förändring: -209030.40 }",
            "förändring: -209030,40, utgående: -268962.40 }",
        );
        let (b2, p) = statement(&text, Kind::Balance);
        assert_eq!(p.len(), 1, "{p:?}");
        // The result against eget kapital is not compared over an unknown change.
        let (i, _) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000 }\n",
            Kind::Income,
        );
        let mut problems = Vec::new();
        check_result_against_equity(&[&i.unwrap(), &b2.unwrap()], &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        // The first sheet's unknown column is ingående: förändring is still compared.
        let (i, _) = statement(
            "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000 }\n",
            Kind::Income,
        );
        check_result_against_equity(&[&i.unwrap(), &b.unwrap()], &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn one_wrong_amount_in_a_resultatrakning_is_one_message() {
        let text = "typ: resultaträkning\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 300000, utfall: \"3 1OOOO\" }\n      - { post: Övrigt, budget: 0, utfall: 0 }\n    summa: { budget: 300000, utfall: 310000 }\n  - grupp: Kostnader\n    rader:\n      - { post: Arvoden, budget: -80000, utfall: -100969.60 }\n    summa: { budget: -80000, utfall: -100969.60 }\nresultat: { budget: 220000, utfall: 209030.40 }\n";
        let (i, p) = statement(text, Kind::Income);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("3 1OOOO"), "{}", p[0].message);
        // The budget column is still checked.
        let (_, p) = statement(
            &text.replace("resultat: { budget: 220000", "resultat: { budget: 220001"),
            Kind::Income,
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[1].message.contains("kolumnen budget"), "{}", p[1].message);
        let (b, _) = statement(BALANCE, Kind::Balance);
        let mut problems = Vec::new();
        check_result_against_equity(&[&i.unwrap(), &b.unwrap()], &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_decimal_comma_in_a_sum_is_one_message() {
        let text = "typ: resultaträkning\nkolumner: [budget, utfall]\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, budget: 100, utfall: 320.5 }\n    summa: { budget: 100, utfall: 320,5 }\nresultat: { utfall: 320,5, budget: 101 }\n";
        let (_, p) = statement(text, Kind::Income);
        let messages: Vec<String> = p
            .iter()
            .map(|d| format!("{}@{}", d.message, d.position.map_or(0, |p| p.line)))
            .collect();
        assert_eq!(
            messages,
            [
                "`320,5` läses som två belopp: 320 och 5@7",
                "`320,5` läses som två belopp: 320 och 5@8",
                "periodens resultat, kolumnen budget: väntat 101\u{a0}kr, beräknat 100\u{a0}kr@8"
            ]
        );
    }

    #[test]
    fn a_written_utgaende_that_is_not_ingaende_plus_forandring_says_so_in_swedish_figures() {
        let text = BALANCE.replace(
            "förändring: 209030.40 }",
            "förändring: 209030.40, utgående: 267962 }",
        );
        let (_, p) = statement(&text, Kind::Balance);
        assert_eq!(
            p[0].message,
            "`Kundfordringar`: utgående 267\u{a0}962\u{a0}kr är inte ingående 58\u{a0}932\u{a0}kr + förändring 209\u{a0}030,40\u{a0}kr = 267\u{a0}962,40\u{a0}kr, skillnad \u{2212}0,40\u{a0}kr"
        );
        assert!(p[0].hints.is_empty(), "{:?}", p[0].hints);
        assert_eq!(p[0].position.map(|p| p.line), Some(6));
    }

    #[test]
    fn a_misspelt_column_is_one_message() {
        let text = BALANCE.replace("förändring: 0 }", "förändrin: 0 }");
        let (_, p) = statement(&text, Kind::Balance);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["okänd nyckel `förändrin` i en post"]);
        let text = "typ: resultaträkning\nrader:\n  - grupp: Intäkter\n    rader:\n      - { post: Bidrag, utfal: 100 }\n      - { post: Övrigt, utfall: 10 }\n    summa: { utfall: 110 }\nresultat: { utfall: 110 }\n";
        let (_, p) = statement(text, Kind::Income);
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["okänd nyckel `utfal` i en post"]);
    }

    #[test]
    fn a_wrong_yearly_budget_is_reported_once_not_dropped() {
        let text = "typ: resultaträkning\nräkenskapsår: { från: 2018-01-01, till: 2018-12-31 }\nperiod: { från: 2018-01-01, till: 2018-06-30 }\nkolumner: [budget, utfall]\nrader:\n  - { post: Bidrag, budget_helår: 12OOOO, utfall: 60000 }\nresultat: { budget: 60000, utfall: 60000 }\n";
        let (_, p) = statement(text, Kind::Income);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("12OOOO"), "{}", p[0].message);
    }
}
