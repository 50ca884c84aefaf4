//! Kassaflödesanalys (CashFlow): computed, never written, by the indirect method as kommuner and
//! regioner print it, for the årsredovisning.
//!
//! Årets resultat, adjusted for av- och nedskrivningar and avsättningar, plus the change in
//! rörelsekapital gives the kassaflöde från den löpande verksamheten; investments are the change
//! in anläggningstillgångar plus the year's avskrivningar; långfristiga skulder and other changes
//! of eget kapital are financing. Its sum, årets kassaflöde, must equal the change in likvida
//! medel (a located error otherwise). The balances come from SIE books by BAS account class, or
//! from a hand-written balansräkning by the rows' `id` or names.

use rust_decimal::Decimal;

use super::shown;
use super::sie::Books;
use super::statement::{Kind, Line, Statement};
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{Date, Unit};

use crate::text::fold_ascii;

/// What a year's balances and result moved: the input of a kassaflödesanalys. Changes are in
/// the accounts' signs (debit positive); the result is a profit positive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Movements {
    /// Årets resultat.
    pub result: Decimal,
    /// Av- och nedskrivningar of the year (a cost, positive).
    pub depreciation: Decimal,
    /// Change in anläggningstillgångar.
    pub fixed_assets: Decimal,
    /// Change in omsättningstillgångar other than likvida medel (fordringar, förråd).
    pub receivables: Decimal,
    /// Likvida medel at the start of the year.
    pub cash_opening: Decimal,
    /// Likvida medel at the end of the year.
    pub cash_closing: Decimal,
    /// Change in eget kapital other than the year's result.
    pub equity: Decimal,
    /// Change in avsättningar.
    pub provisions: Decimal,
    /// Change in långfristiga skulder.
    pub long_term: Decimal,
    /// Change in kortfristiga skulder.
    pub short_term: Decimal,
}

/// A line of the printed statement: (how it prints, template key, label).
pub(crate) const LINES: &[(&str, &str, &str)] = &[
    ("rubrik", "", "Den löpande verksamheten"),
    ("post", "arets_resultat", "Årets resultat"),
    (
        "post",
        "avskrivningar",
        "Justering för av- och nedskrivningar",
    ),
    ("post", "avsattningar", "Justering för gjorda avsättningar"),
    (
        "summa",
        "fore_rorelsekapital",
        "Medel från verksamheten före förändring av rörelsekapital",
    ),
    (
        "post",
        "fordringar",
        "Ökning (−)/minskning (+) av kortfristiga fordringar",
    ),
    (
        "post",
        "skulder",
        "Ökning (+)/minskning (−) av kortfristiga skulder",
    ),
    (
        "summa",
        "lopande_verksamheten",
        "Kassaflöde från den löpande verksamheten",
    ),
    ("rubrik", "", "Investeringsverksamheten"),
    (
        "post",
        "investeringar",
        "Investering i anläggningstillgångar",
    ),
    (
        "summa",
        "investeringsverksamheten",
        "Kassaflöde från investeringsverksamheten",
    ),
    ("rubrik", "", "Finansieringsverksamheten"),
    (
        "post",
        "langfristiga_skulder",
        "Förändring av långfristiga skulder",
    ),
    (
        "post",
        "eget_kapital",
        "Förändring av eget kapital utöver årets resultat",
    ),
    (
        "summa",
        "finansieringsverksamheten",
        "Kassaflöde från finansieringsverksamheten",
    ),
    ("total", "arets_kassaflode", "Årets kassaflöde"),
    (
        "post",
        "likvida_medel_vid_arets_borjan",
        "Likvida medel vid årets början",
    ),
    (
        "total",
        "likvida_medel_vid_arets_slut",
        "Likvida medel vid årets slut",
    ),
];

impl Movements {
    /// Every line's amount by its template key, in print order.
    pub fn lines(&self) -> Vec<(&'static str, Decimal)> {
        let before_working_capital = self.result + self.depreciation - self.provisions;
        let operating = before_working_capital - self.receivables - self.short_term;
        let investments = -(self.fixed_assets + self.depreciation);
        let financing = -self.long_term - self.equity;
        let flow = operating + investments + financing;
        vec![
            ("arets_resultat", self.result),
            ("avskrivningar", self.depreciation),
            ("avsattningar", -self.provisions),
            ("fore_rorelsekapital", before_working_capital),
            ("fordringar", -self.receivables),
            ("skulder", -self.short_term),
            ("lopande_verksamheten", operating),
            ("investeringar", investments),
            ("investeringsverksamheten", investments),
            ("langfristiga_skulder", -self.long_term),
            ("eget_kapital", -self.equity),
            ("finansieringsverksamheten", financing),
            ("arets_kassaflode", flow),
            ("likvida_medel_vid_arets_borjan", self.cash_opening),
            // Printed as the books have it; the check says whether it follows from the flow.
            ("likvida_medel_vid_arets_slut", self.cash_closing),
        ]
    }

    fn line(&self, key: &str) -> Decimal {
        self.lines()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }

    /// Årets kassaflöde.
    pub fn flow(&self) -> Decimal {
        self.line("arets_kassaflode")
    }
}

/// A kassaflödesanalys: this year first, then föregående år where known.
#[derive(Debug, Clone)]
pub struct CashFlow {
    /// The file its balances come from, for messages.
    pub file: String,
    /// Where in that file a mismatch is reported.
    pub position: Position,
    /// `enhet` of the statements it comes from.
    pub unit: Unit,
    /// (column heading, movements) per year, this year first.
    pub years: Vec<(String, Movements)>,
}

/// The balance classes of a kassaflödesanalys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Fixed,
    Receivables,
    Cash,
    Equity,
    Provisions,
    LongTerm,
    ShortTerm,
}

/// The BAS class of a balance account (the same in BAS and Kommun-Bas).
fn account_class(account: u32) -> Option<Class> {
    Some(match account {
        1000..=1399 => Class::Fixed,
        1400..=1899 => Class::Receivables,
        1900..=1999 => Class::Cash,
        2000..=2099 => Class::Equity,
        2100..=2299 => Class::Provisions,
        2300..=2399 => Class::LongTerm,
        2400..=2999 => Class::ShortTerm,
        _ => return None,
    })
}

impl Movements {
    fn add(&mut self, class: Class, opening: Decimal, closing: Decimal) {
        let change = closing - opening;
        match class {
            Class::Fixed => self.fixed_assets += change,
            Class::Receivables => self.receivables += change,
            Class::Cash => {
                self.cash_opening += opening;
                self.cash_closing += closing;
            }
            Class::Equity => self.equity += change,
            Class::Provisions => self.provisions += change,
            Class::LongTerm => self.long_term += change,
            Class::ShortTerm => self.short_term += change,
        }
    }
}

/// A year's movements from (reopened) SIE books: balances by BAS class, closing balances from
/// #UB where the file has them for a whole year (so that a balance changed by hand shows), else
/// #IB plus the period balances up to `end`; avskrivningar from the accounts `depreciation`;
/// the result as the resultaträkning prints it. `None` for a period that does not begin with the
/// fiscal year, or books without one.
pub fn movements_from_books(
    books: &Books,
    period: Option<(Date, Date)>,
    result: Decimal,
    depreciation: (u32, u32),
) -> Option<Movements> {
    let fiscal = *books.years.get(&0)?;
    let (from, to) = period.unwrap_or(fiscal);
    if from != fiscal.0 {
        return None;
    }
    let whole_year = to == fiscal.1;
    let end = to.year as u32 * 100 + u32::from(to.month);
    let changes = |account: &super::sie::Account| -> Decimal {
        books
            .period_balances
            .iter()
            .filter(|((p, a), _)| a == account && *p <= end)
            .map(|(_, v)| *v)
            .sum()
    };
    let accounts = books.accounts();
    let mut m = Movements {
        result,
        ..Movements::default()
    };
    for a in accounts {
        let opening = books.opening.get(&a).copied().unwrap_or_default();
        if let Some(class) = account_class(a.value()) {
            let closing = match books.closing.get(&a) {
                Some(ub) if whole_year => *ub,
                _ => opening + changes(&a),
            };
            m.add(class, opening, closing);
        } else if (depreciation.0..=depreciation.1).contains(&a.value()) {
            m.depreciation += match books.result.get(&a) {
                Some(res) if whole_year => *res,
                _ => changes(&a),
            };
        }
    }
    Some(m)
}

/// A name or id that places a row of a hand-written balansräkning, folded to lower-case ASCII.
fn marked(line: &Line, section: &str) -> Option<Class> {
    let id = line.id.as_deref().map(fold_ascii).unwrap_or_default();
    let name = fold_ascii(&line.name.to_lowercase());
    let any = |words: &[&str]| {
        words
            .iter()
            .any(|w| id.contains(&w.replace(' ', "_")) || name.contains(w))
    };
    match section {
        "tillgångar" if any(&["likvida medel", "kassa", "bank", "plusgiro", "postgiro"]) => {
            Some(Class::Cash)
        }
        "tillgångar" if any(&["anlaggningstillgang", "inventarier", "byggnader"]) => {
            Some(Class::Fixed)
        }
        "skulder" if any(&["langfristig"]) => Some(Class::LongTerm),
        "skulder" if any(&["kortfristig"]) => Some(Class::ShortTerm),
        "tillgångar" if any(&["kortfristiga fordringar"]) => Some(Class::Receivables),
        _ => None,
    }
}

/// Sorts a hand-written section's rows into classes: a marked row or group counts whole; an
/// unmarked group is looked into; an unmarked row gets the section's default.
fn classify(
    lines: &[Line],
    section: &str,
    default: Class,
    out: &mut Vec<(Class, Decimal, Decimal, Position)>,
) {
    for line in lines {
        let value = |c: usize| line.amounts.get(c).copied().flatten().unwrap_or_default();
        match marked(line, section) {
            Some(class) => out.push((class, value(0), value(2), line.position)),
            None if line.group && !line.lines.is_empty() => {
                classify(&line.lines, section, default, out)
            }
            None => out.push((default, value(0), value(2), line.position)),
        }
    }
}

/// The av- och nedskrivningar of a hand-written resultaträkning (rows or groups whose `id` or
/// name says avskrivning or nedskrivning), as a positive cost.
fn depreciation_of(lines: &[Line], column: usize) -> Decimal {
    lines
        .iter()
        .map(|l| {
            let name = fold_ascii(&l.name.to_lowercase());
            let id = l.id.as_deref().map(fold_ascii).unwrap_or_default();
            if name.contains("avskrivning")
                || name.contains("nedskrivning")
                || id.contains("avskrivning")
            {
                -l.amounts.get(column).copied().flatten().unwrap_or_default()
            } else {
                depreciation_of(&l.lines, column)
            }
        })
        .sum()
}

/// The kassaflödesanalys of a hand-written resultaträkning and balansräkning for the same whole
/// year; `None` when the balansräkning names no likvida medel (no row or group called likvida
/// medel, kassa or bank, or with `id: likvida_medel`).
pub fn from_statements(income: &Statement, balance: &Statement) -> Option<CashFlow> {
    // Statements from books get theirs from the books (closing::annual), or none, said there.
    if income.kind != Kind::Income || balance.kind != Kind::Balance || income.from_books {
        return None;
    }
    if let (Some(p), Some(f)) = (balance.period, balance.fiscal_year)
        && p != f
    {
        return None;
    }
    let actual = income.columns.iter().position(|c| c == "utfall")?;
    let result = income.result()[actual];
    let mut rows = Vec::new();
    for (key, lines) in &balance.sections {
        let default = match key.as_str() {
            "tillgångar" => Class::Receivables,
            "eget_kapital" => Class::Equity,
            "avsättningar" => Class::Provisions,
            _ => Class::ShortTerm,
        };
        classify(lines, key, default, &mut rows);
    }
    let position = rows
        .iter()
        .find(|(c, ..)| *c == Class::Cash)
        .map(|(.., p)| *p)?;
    let mut m = Movements {
        result,
        depreciation: income
            .sections
            .first()
            .map_or(Decimal::ZERO, |(_, lines)| depreciation_of(lines, actual)),
        ..Movements::default()
    };
    for (class, opening, closing, _) in rows {
        m.add(class, opening, closing);
    }
    // The year's result stands in eget kapital as a credit: what else moved there.
    m.equity += result;
    Some(CashFlow {
        file: balance.file.clone(),
        position,
        unit: balance.unit,
        years: vec![(year_heading(balance.fiscal_year, "Utfall"), m)],
    })
}

/// “2019”, or “2009/10” for a fiscal year across a year end.
pub fn year_heading(fiscal: Option<(Date, Date)>, otherwise: &str) -> String {
    match fiscal {
        Some((from, to)) if from.year == to.year => to.year.to_string(),
        Some((from, to)) => format!("{}/{:02}", from.year, to.year % 100),
        None => otherwise.to_owned(),
    }
}

impl CashFlow {
    /// Årets kassaflöde must equal the change in likvida medel, every year.
    pub fn check(&self, problems: &mut Vec<Diagnostic>) {
        for (heading, m) in &self.years {
            let change = m.cash_closing - m.cash_opening;
            let flow = m.flow();
            if flow != change {
                problems.push(
                    Diagnostic::error(format!(
                        "kassaflödesanalysen {heading}: årets kassaflöde {} är inte förändringen av likvida medel {} (från {} till {}), skillnad {}",
                        shown(flow, self.unit),
                        shown(change, self.unit),
                        shown(m.cash_opening, self.unit),
                        shown(m.cash_closing, self.unit),
                        shown(flow - change, self.unit),
                    ))
                    .in_file(&self.file)
                    .at(self.position)
                    .hint("årets resultat och förändringarna av balansposterna går inte ihop: kontrollera utgående balanser (#UB) och resultat (#RES) i bokföringen, eller raderna i balansräkningen"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn statement(text: &str, kind: Kind) -> Statement {
        let node = yaml::parse(text, "x.yaml", 0).unwrap();
        let (s, p) = crate::model::statement::read(&node, "x.yaml", kind, &Default::default());
        assert!(p.is_empty(), "{p:?}");
        s.unwrap()
    }

    const INCOME: &str = "typ: resultaträkning\nrader:\n  - { post: Bidrag, utfall: 1000000 }\n  - { post: Insatser, utfall: -700000 }\n  - { post: Avskrivningar inventarier, utfall: -20000 }\n";
    const BALANCE: &str = "typ: balansräkning\ntillgångar:\n  - grupp: Anläggningstillgångar\n    rader:\n      - { post: Inventarier, ingående: 60000, förändring: 30000 }\n  - grupp: Omsättningstillgångar\n    rader:\n      - { post: Kundfordringar, ingående: 100000, förändring: -40000 }\n      - { post: Bank, ingående: 500000, förändring: 290000 }\neget_kapital:\n  - { post: Eget kapital, ingående: -560000, förändring: 0 }\n  - { post: Årets resultat, ingående: 0, förändring: -280000 }\nskulder:\n  - { post: Leverantörsskulder, ingående: -100000, förändring: 0 }\n";

    #[test]
    fn the_indirect_method_from_hand_written_statements() {
        let flow = from_statements(
            &statement(INCOME, Kind::Income),
            &statement(BALANCE, Kind::Balance),
        )
        .unwrap();
        let m = &flow.years[0].1;
        let line = |k: &str| m.lines().into_iter().find(|(key, _)| *key == k).unwrap().1;
        assert_eq!(line("arets_resultat"), Decimal::from(280000));
        assert_eq!(line("avskrivningar"), Decimal::from(20000));
        assert_eq!(line("fordringar"), Decimal::from(40000));
        assert_eq!(line("lopande_verksamheten"), Decimal::from(340000));
        // Inventarier grew 30 000 after 20 000 avskrivningar: 50 000 bought.
        assert_eq!(line("investeringar"), Decimal::from(-50000));
        assert_eq!(line("arets_kassaflode"), Decimal::from(290000));
        let mut problems = Vec::new();
        flow.check(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn a_flow_that_is_not_the_change_in_cash_is_a_located_error() {
        let mut flow = from_statements(
            &statement(INCOME, Kind::Income),
            &statement(BALANCE, Kind::Balance),
        )
        .unwrap();
        flow.years[0].1.cash_closing += Decimal::from(100);
        let mut problems = Vec::new();
        flow.check(&mut problems);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("skillnad \u{2212}100\u{a0}kr"),
            "{}",
            problems[0].message
        );
        // At the Bank row of the balansräkning.
        assert_eq!(problems[0].position.map(|p| p.line), Some(9));
    }

    #[test]
    fn rows_are_placed_by_id_as_well_as_by_name() {
        let balance = BALANCE
            .replace(
                "grupp: Anläggningstillgångar",
                "grupp: Maskiner\n    id: anlaggningstillgangar",
            )
            .replace("post: Inventarier,", "post: Svarv,")
            .replace("post: Bank,", "post: Konto 1,  id: likvida_medel,");
        let flow = from_statements(
            &statement(INCOME, Kind::Income),
            &statement(&balance, Kind::Balance),
        )
        .unwrap();
        let m = &flow.years[0].1;
        assert_eq!(m.cash_closing, Decimal::from(790000));
        assert_eq!(m.fixed_assets, Decimal::from(30000));
    }

    #[test]
    fn no_cash_row_no_cash_flow() {
        let balance = BALANCE.replace("Bank", "Övrigt");
        assert!(
            from_statements(
                &statement(INCOME, Kind::Income),
                &statement(&balance, Kind::Balance)
            )
            .is_none()
        );
    }
}
