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

use super::figure::{Figure, Origin};
use super::printed::{Column, Row, RowKind, Table};
use super::sie::Books;
use super::statement::{Kind, Line, Statement};
use super::{Mismatch, shown};
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{Date, Unit};

use crate::text::fold_ascii;

/// What a year's balances and result moved: the input of a kassaflödesanalys. Changes are in
/// the accounts' signs (debit positive); the result is a profit positive. Each is a figure
/// made of the balances or rows it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Movements {
    /// Årets resultat.
    pub result: Figure,
    /// Av- och nedskrivningar of the year (a cost, positive).
    pub depreciation: Figure,
    /// Change in anläggningstillgångar.
    pub fixed_assets: Figure,
    /// Change in omsättningstillgångar other than likvida medel (fordringar, förråd).
    pub receivables: Figure,
    /// Likvida medel at the start of the year.
    pub cash_opening: Figure,
    /// Likvida medel at the end of the year.
    pub cash_closing: Figure,
    /// Change in eget kapital other than the year's result.
    pub equity: Figure,
    /// Change in avsättningar.
    pub provisions: Figure,
    /// Change in långfristiga skulder.
    pub long_term: Figure,
    /// Change in kortfristiga skulder.
    pub short_term: Figure,
}

impl Default for Movements {
    fn default() -> Movements {
        Movements {
            result: Figure::zero(),
            depreciation: Figure::zero(),
            fixed_assets: Figure::zero(),
            receivables: Figure::zero(),
            cash_opening: Figure::zero(),
            cash_closing: Figure::zero(),
            equity: Figure::zero(),
            provisions: Figure::zero(),
            long_term: Figure::zero(),
            short_term: Figure::zero(),
        }
    }
}

/// A line of the printed statement: (how it prints, template key, label).
const LINES: &[(&str, &str, &str)] = &[
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

/// The sum of `parts`, leaving out the zeros nothing holds (a class without balances).
fn sum_of(parts: &[&Figure]) -> Figure {
    Figure::sum(
        parts
            .iter()
            .copied()
            .filter(|p| !(p.value.is_zero() && matches!(p.origin.as_ref(), Origin::Nothing))),
    )
}

impl Movements {
    /// Every line's figure by its template key, in print order.
    pub fn lines(&self) -> Vec<(&'static str, Figure)> {
        let provisions = self.provisions.negated();
        let receivables = self.receivables.negated();
        let short_term = self.short_term.negated();
        let long_term = self.long_term.negated();
        let equity = self.equity.negated();
        let before_working_capital = sum_of(&[&self.result, &self.depreciation, &provisions]);
        let operating = sum_of(&[&before_working_capital, &receivables, &short_term]);
        let investments = sum_of(&[&self.fixed_assets, &self.depreciation]).negated();
        let financing = sum_of(&[&long_term, &equity]);
        let flow = sum_of(&[&operating, &investments, &financing]);
        vec![
            ("arets_resultat", self.result.clone()),
            ("avskrivningar", self.depreciation.clone()),
            ("avsattningar", provisions),
            ("fore_rorelsekapital", before_working_capital),
            ("fordringar", receivables),
            ("skulder", short_term),
            ("lopande_verksamheten", operating),
            ("investeringar", investments.clone()),
            ("investeringsverksamheten", investments),
            ("langfristiga_skulder", long_term),
            ("eget_kapital", equity),
            ("finansieringsverksamheten", financing),
            ("arets_kassaflode", flow),
            ("likvida_medel_vid_arets_borjan", self.cash_opening.clone()),
            // Printed as the books have it; the check says whether it follows from the flow.
            ("likvida_medel_vid_arets_slut", self.cash_closing.clone()),
        ]
    }

    fn line(&self, key: &str) -> Figure {
        self.lines()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map_or_else(Figure::zero, |(_, v)| v)
    }

    /// Årets kassaflöde.
    pub fn flow(&self) -> Decimal {
        self.line("arets_kassaflode").value
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

/// The balances of a year by class, opening and closing, as figures.
#[derive(Default)]
struct Balances(Vec<(Class, Figure, Figure)>);

impl Balances {
    fn add(&mut self, class: Class, opening: Figure, closing: Figure) {
        self.0.push((class, opening, closing));
    }

    /// The sums of a class's opening and closing balances.
    fn of(&self, class: Class) -> (Figure, Figure) {
        let (opening, closing): (Vec<&Figure>, Vec<&Figure>) = self
            .0
            .iter()
            .filter(|(c, ..)| *c == class)
            .map(|(_, o, c)| (o, c))
            .unzip();
        (sum_of(&opening), sum_of(&closing))
    }

    /// A class's change over the year: closing less opening.
    fn change(&self, class: Class) -> Figure {
        if self.0.iter().all(|(c, ..)| *c != class) {
            return Figure::zero();
        }
        let (opening, closing) = self.of(class);
        closing.minus(&opening)
    }

    /// The year's movements with this result and avskrivningar.
    fn movements(&self, result: Figure, depreciation: Figure) -> Movements {
        let (cash_opening, cash_closing) = self.of(Class::Cash);
        Movements {
            result,
            depreciation,
            fixed_assets: self.change(Class::Fixed),
            receivables: self.change(Class::Receivables),
            cash_opening,
            cash_closing,
            equity: self.change(Class::Equity),
            provisions: self.change(Class::Provisions),
            long_term: self.change(Class::LongTerm),
            short_term: self.change(Class::ShortTerm),
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
    result: Figure,
    depreciation: (u32, u32),
) -> Option<Movements> {
    let fiscal = *books.years.get(&0)?;
    let (from, to) = period.unwrap_or(fiscal);
    if from != fiscal.0 {
        return None;
    }
    let whole_year = to == fiscal.1;
    let end = to.year as u32 * 100 + u32::from(to.month);
    let records = &books.records;
    let changes = |account: &super::sie::Account| {
        books.figure(
            records
                .period_balances
                .iter()
                .filter(|((p, a), _)| a == account && *p <= end)
                .flat_map(|(_, r)| r),
        )
    };
    let of = |map: &std::collections::BTreeMap<super::sie::Account, Vec<super::sie::Record>>,
              a: &super::sie::Account| books.figure(map.get(a).into_iter().flatten());
    let accounts = books.accounts();
    let mut balances = Balances::default();
    let mut depreciations = Vec::new();
    for a in accounts {
        let opening = of(&records.opening, &a);
        if let Some(class) = account_class(a.value()) {
            let closing = match books.closing.get(&a) {
                Some(_) if whole_year => of(&records.closing, &a),
                _ => Figure::sum([&opening, &changes(&a)]),
            };
            balances.add(class, opening, closing);
        } else if (depreciation.0..=depreciation.1).contains(&a.value()) {
            depreciations.push(match books.result.get(&a) {
                Some(_) if whole_year => of(&records.result, &a),
                _ => changes(&a),
            });
        }
    }
    let depreciations: Vec<&Figure> = depreciations.iter().collect();
    Some(balances.movements(result, sum_of(&depreciations)))
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
fn classify(lines: &[Line], section: &str, default: Class, out: &mut Vec<(Class, Line)>) {
    for line in lines {
        match marked(line, section) {
            Some(class) => out.push((class, line.clone())),
            None if line.group && !line.lines.is_empty() => {
                classify(&line.lines, section, default, out)
            }
            None => out.push((default, line.clone())),
        }
    }
}

/// The rows of a hand-written resultaträkning that are av- och nedskrivningar (rows or groups
/// whose `id` or name says avskrivning or nedskrivning).
fn depreciation_of<'a>(lines: &'a [Line], out: &mut Vec<&'a Line>) {
    for l in lines {
        let name = fold_ascii(&l.name.to_lowercase());
        let id = l.id.as_deref().map(fold_ascii).unwrap_or_default();
        if name.contains("avskrivning")
            || name.contains("nedskrivning")
            || id.contains("avskrivning")
        {
            out.push(l);
        } else {
            depreciation_of(&l.lines, out);
        }
    }
}

/// Why hand-written statements give no kassaflödesanalys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFlow {
    /// Not a hand-written resultaträkning and balansräkning: statements from books get theirs
    /// from the books (closing::annual), or none, said there.
    NotHandWritten,
    /// A statement of part of the year.
    PartOfYear,
    /// The two in different units (refused where the result is checked against eget kapital).
    TwoUnits,
    /// The resultaträkning has no column `utfall`.
    NoActual,
    /// The balansräkning names no likvida medel.
    NoCash,
}

impl NoFlow {
    /// Why, in Swedish, for a document that should have one; `None` where it is said elsewhere
    /// or is no omission.
    pub fn reason(self) -> Option<(&'static str, &'static str)> {
        match self {
            NoFlow::NotHandWritten | NoFlow::TwoUnits => None,
            NoFlow::PartOfYear => Some((
                "resultaträkningen och balansräkningen gäller inte hela räkenskapsåret",
                "en kassaflödesanalys räknas ur ett helt års resultat och balanser",
            )),
            NoFlow::NoActual => Some((
                "resultaträkningen har ingen kolumn `utfall`",
                "lägg till `utfall` i `kolumner`",
            )),
            NoFlow::NoCash => Some((
                "balansräkningen har ingen rad för likvida medel",
                "kalla raden ”Kassa och bank” eller ”Likvida medel”, eller ge den `id: likvida_medel`",
            )),
        }
    }
}

/// The kassaflödesanalys of a hand-written resultaträkning and balansräkning for the same whole
/// year, or why there is none (see [`NoFlow`]): the balansräkning must name its likvida medel (a
/// row or group called likvida medel, kassa or bank, or with `id: likvida_medel`).
pub fn from_statements(income: &Statement, balance: &Statement) -> Result<CashFlow, NoFlow> {
    if income.kind != Kind::Income || balance.kind != Kind::Balance || income.from_books {
        return Err(NoFlow::NotHandWritten);
    }
    if let (Some(p), Some(f)) = (balance.period, balance.fiscal_year)
        && p != f
    {
        return Err(NoFlow::PartOfYear);
    }
    // The year's result and its balances, in one unit and for the same whole year.
    if income.unit != balance.unit {
        return Err(NoFlow::TwoUnits);
    }
    if income.period.is_some_and(|p| Some(p) != income.fiscal_year) {
        return Err(NoFlow::PartOfYear);
    }
    let actual = income
        .columns
        .iter()
        .position(|c| c == "utfall")
        .ok_or(NoFlow::NoActual)?;
    let result = income.result_figures().swap_remove(actual);
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
        .find(|(c, _)| *c == Class::Cash)
        .map(|(_, l)| l.position)
        .ok_or(NoFlow::NoCash)?;
    let mut balances = Balances::default();
    for (class, line) in rows {
        let cell = |c: usize| line.cell(c).unwrap_or_else(Figure::zero);
        balances.add(class, cell(0), cell(2));
    }
    // Av- och nedskrivningar are costs (negative): added back as their sum turned.
    let mut depreciations = Vec::new();
    depreciation_of(income.section("rader"), &mut depreciations);
    let depreciation = super::statement::total(
        &depreciations.into_iter().cloned().collect::<Vec<_>>(),
        actual,
    )
    .negated();
    let mut m = balances.movements(result.clone(), depreciation);
    // The year's result stands in eget kapital as a credit: what else moved there.
    m.equity = Figure::sum([&m.equity, &result]);
    Ok(CashFlow {
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
    /// The printed table: a column per year, every line a figure made of what it counts; a
    /// post that is zero every year is left out (avsättningar, långfristiga skulder are rare in
    /// a förbund), sums and results always print.
    pub fn printed_table(&self) -> Table {
        let all: Vec<Vec<(&str, Figure)>> = self.years.iter().map(|(_, m)| m.lines()).collect();
        let mut rows = Vec::new();
        for (kind, key, label) in LINES {
            let kind = match *kind {
                "rubrik" => RowKind::Heading,
                "summa" => RowKind::Sum,
                "total" => RowKind::Total,
                _ => RowKind::Post,
            };
            if kind == RowKind::Heading {
                rows.push(Row::heading(kind, *label, 1));
                continue;
            }
            let values: Vec<Figure> = all
                .iter()
                .map(|lines| {
                    lines
                        .iter()
                        .find(|(k, _)| k == key)
                        .map_or_else(Figure::zero, |(_, v)| v.clone())
                })
                .collect();
            if kind == RowKind::Post
                && *key != "arets_resultat"
                && values.iter().all(|v| v.value.is_zero())
            {
                continue;
            }
            let level = usize::from(kind != RowKind::Total);
            rows.push(Row::new(
                kind,
                *label,
                level,
                values.into_iter().map(Some).collect(),
            ));
        }
        Table {
            columns: self
                .years
                .iter()
                .map(|(heading, _)| Column {
                    key: heading.clone(),
                    heading: heading.clone(),
                })
                .collect(),
            rows,
        }
    }

    /// Årets kassaflöde must equal the change in likvida medel, every year.
    pub fn check(&self, problems: &mut Vec<Diagnostic>) {
        for (heading, m) in &self.years {
            let (opening, closing) = (m.cash_opening.value, m.cash_closing.value);
            let change = closing - opening;
            let flow = m.flow();
            if flow != change {
                problems.push(
                    Mismatch::new(flow, change, self.unit).difference_error(format!(
                        "kassaflödesanalysen {heading}: årets kassaflöde {} är inte förändringen av likvida medel {} (från {} till {})",
                        shown(flow, self.unit),
                        shown(change, self.unit),
                        shown(opening, self.unit),
                        shown(closing, self.unit),
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
    fn no_flow_from_statements_in_two_units_or_from_part_of_the_year() {
        let balance = statement(BALANCE, Kind::Balance);
        let in_tkr = INCOME.replace(
            "typ: resultaträkning\n",
            "typ: resultaträkning\nenhet: tkr\n",
        );
        assert_eq!(
            from_statements(&statement(&in_tkr, Kind::Income), &balance).err(),
            Some(NoFlow::TwoUnits)
        );
        let part = INCOME.replace(
            "typ: resultaträkning\n",
            "typ: resultaträkning\nräkenskapsår: { från: 2019-01-01, till: 2019-12-31 }\nperiod: { från: 2019-01-01, till: 2019-08-31 }\n",
        );
        assert_eq!(
            from_statements(&statement(&part, Kind::Income), &balance).err(),
            Some(NoFlow::PartOfYear)
        );
        assert!(from_statements(&statement(INCOME, Kind::Income), &balance).is_ok());
    }

    #[test]
    fn a_flow_that_is_not_the_change_in_cash_is_a_located_error() {
        let mut flow = from_statements(
            &statement(INCOME, Kind::Income),
            &statement(BALANCE, Kind::Balance),
        )
        .unwrap();
        let closing = &mut flow.years[0].1.cash_closing;
        *closing = closing.rounded_to(closing.value + Decimal::from(100));
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
        assert_eq!(
            from_statements(
                &statement(INCOME, Kind::Income),
                &statement(&balance, Kind::Balance)
            )
            .err(),
            Some(NoFlow::NoCash)
        );
    }
}
