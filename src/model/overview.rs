//! The flerårsöversikt of an årsredovisning (LKBR 11 kap. 1 §: an overview of how the activity
//! developed): five years of key figures — intäkter, kostnader, årets resultat, eget kapital,
//! soliditet, likvida medel, medlemsbidrag — as a printed table whose every cell is a
//! [`Figure`] with its origin.
//!
//! The years come from the document's own books (`typ: sie`: year 0, and year −1 where the file
//! has it), from every other SIE file in the document's folder (an earlier year's export), from
//! hand-written statements of the year, and from `typ: nyckeltal` files (earlier years written
//! by hand). Where two of them give the same year, or one year's end is the next year's start,
//! they must agree: a disagreement is an error at the line that is wrong, with both figures.

mod records;
mod written;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::figure::{Entry, Figure};
use super::printed::{self, Column, Row, RowKind};
use super::shown;
use super::sie::{self, Account, Books, PlanGroup, RESULT_ACCOUNT};
use super::statement::{Kind, Line, Statement};
use crate::diagnostics::{Diagnostic, Position};
use crate::money::{self, Date, Unit};
use records::Record;
use written::{Written, WrittenYear};

/// A key figure of the overview, a row of its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Intäkter: the result accounts of revenue (3000–3999 and financial income, or `#KTYP I`).
    Revenue,
    /// Kostnader: every other result account but the closing entry (negative, as printed in
    /// the resultaträkning).
    Costs,
    /// Årets resultat: intäkter + kostnader.
    Result,
    /// Eget kapital at the year's end, with the year's result in it, booked or not.
    Equity,
    /// Soliditet: eget kapital as a share of summa tillgångar.
    Solidity,
    /// Likvida medel at the year's end (1900–1999).
    Cash,
    /// Medlemsbidrag: the accounts named by `konton: { medlemsbidrag: [...] }`.
    Contributions,
}

/// The key figures in the order printed.
pub const KEYS: [Key; 7] = [
    Key::Revenue,
    Key::Costs,
    Key::Result,
    Key::Equity,
    Key::Solidity,
    Key::Cash,
    Key::Contributions,
];

impl Key {
    /// The key in a `typ: nyckeltal` file and in templates (`eget_kapital`).
    pub fn key(self) -> &'static str {
        match self {
            Key::Revenue => "intäkter",
            Key::Costs => "kostnader",
            Key::Result => "årets_resultat",
            Key::Equity => "eget_kapital",
            Key::Solidity => "soliditet",
            Key::Cash => "likvida_medel",
            Key::Contributions => "medlemsbidrag",
        }
    }

    /// The row's name as printed.
    pub fn name(self) -> &'static str {
        match self {
            Key::Revenue => "Intäkter",
            Key::Costs => "Kostnader",
            Key::Result => "Årets resultat",
            Key::Equity => "Eget kapital",
            Key::Solidity => "Soliditet",
            Key::Cash => "Likvida medel",
            Key::Contributions => "Medlemsbidrag",
        }
    }

    /// The figure in a sentence (“eget kapital 2017 är …”).
    fn said(self) -> &'static str {
        match self {
            Key::Result => "årets resultat",
            Key::Equity => "eget kapital",
            Key::Cash => "likvida medel",
            other => other.key(),
        }
    }

    fn index(self) -> usize {
        KEYS.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// The flerårsöversikt, made and checked.
#[derive(Debug, Clone)]
pub struct Overview {
    /// The years printed, newest first (the year as the fiscal year's last day has it, and its
    /// label: `2019`, or `2018/19` for a broken year).
    pub years: Vec<(i32, String)>,
    /// The years of the five that no source gives, newest first.
    pub missing: Vec<String>,
    /// The key figure of each row of `table`.
    pub rows: Vec<Key>,
    /// The printed table: a column per year, a row per key figure; amounts in kronor, soliditet
    /// a fraction.
    pub table: printed::Table,
    /// What is said under the table (the years missing).
    pub notes: Vec<String>,
}

/// What the flerårsöversikt of a document is made from.
pub struct Sources<'a> {
    /// The project's root.
    pub root: &'a Path,
    /// The document's folder, whose SIE files are read.
    pub dir: &'a Path,
    /// The document's `typ: sie` data files: the file (from the project root) and its node.
    pub books: Vec<(String, &'a crate::yaml::Node)>,
    /// The document's `typ: nyckeltal` files.
    pub written: Vec<(String, &'a crate::yaml::Node)>,
    /// The document's statements (from its books or written by hand), not its
    /// driftredovisning.
    pub statements: Vec<&'a Statement>,
    /// The year the förbund was formed (`bildat:`): no year before it is missing.
    pub founded: Option<i32>,
    /// Where the narrative names the table (the file and place): a year or a figure missing is
    /// then a warning there too; otherwise it is only said under the table.
    pub asked_at: Option<(String, Position)>,
}

/// The five latest years of key figures up to the document's year, every source read and
/// checked against the others; `None` where no source gives any year.
pub fn build(sources: &Sources<'_>, problems: &mut Vec<Diagnostic>) -> Option<Overview> {
    let mut written = Vec::new();
    for (file, node) in &sources.written {
        written.push(written::read(node, file, problems));
    }
    let contributions = written.iter().find_map(|w| w.contributions.clone());
    // Every SIE file: the document's `typ: sie` files' (whose own problems their statements
    // report), then the folder's others.
    let mut read: Vec<SieFile<'_>> = Vec::new();
    let typed: Vec<String> = sources
        .books
        .iter()
        .filter_map(|(_, node)| resolved(sources, node))
        .collect();
    for (shown, node) in &sources.books {
        if let Some(file) = resolved(sources, node)
            && let Some((books, years)) = read_books(sources.root, &file, &mut Vec::new())
        {
            let data = Some((shown.as_str(), *node));
            read.push(SieFile {
                data,
                file,
                books,
                years,
            });
        }
    }
    for file in other_sie_files(sources, &typed) {
        if let Some((books, years)) = read_books(sources.root, &file, problems) {
            read.push(SieFile {
                data: None,
                file,
                books,
                years,
            });
        }
    }
    // The document's own books: the `typ: sie` file of the latest year.
    let own = read
        .iter()
        .enumerate()
        .filter(|(_, r)| r.data.is_some())
        .max_by_key(|(_, r)| r.years.get(&0).and_then(|y| y.span).map(|(span, _)| span.1))
        .map(|(i, _)| i);
    let plan = own
        .and_then(|i| read[i].data)
        .and_then(|(_, node)| plan_of(sources, node))
        .unwrap_or_else(Plan::bas);
    let mut candidates: Vec<Year> = Vec::new();
    for (i, sie) in read.iter().enumerate() {
        let from = BookSource {
            file: Arc::from(sie.file.as_str()),
            books: &sie.books,
            plan: &plan,
            contributions: contributions.as_deref(),
        };
        let mine = Some(i) == own;
        // The document's own books first, year −1 too: its statements print it as föregående år.
        let ranks = if mine { [0, 1] } else { [2, 3] };
        for (index, rank) in [(0, ranks[0]), (-1, ranks[1])] {
            candidates.extend(
                sie.years
                    .get(&index)
                    .and_then(|y| from.year(y, index, rank)),
            );
        }
        if let (true, Some(year), Some((shown, _))) =
            (mine, candidates.iter().find(|y| y.rank == 0), sie.data)
        {
            let statements: Vec<&Statement> = sources
                .statements
                .iter()
                .copied()
                .filter(|s| s.from_books && s.file == sie.file)
                .collect();
            agree_with_statements(year, &statements, shown, problems);
        }
    }
    if own.is_none() {
        candidates.extend(statement_year(&sources.statements));
    }
    for figures in &written {
        for year in &figures.years {
            candidates.push(Year::written(&figures.file, year, problems));
        }
    }
    candidates.sort_by_key(|y| y.rank);
    let (known, disputed) = choose(candidates, problems);
    continuity(&known, &disputed, problems);
    let current = known
        .values()
        .find(|y| y.rank == 0)
        .or_else(|| known.values().next_back())?
        .year;
    Some(table(&known, current, sources, problems))
}

/// An SIE file read for the overview: the `typ: sie` data file that names it (its file and
/// node), where one does; its books and the records of years 0 and −1.
struct SieFile<'a> {
    data: Option<(&'a str, &'a crate::yaml::Node)>,
    file: String,
    books: Books,
    years: BTreeMap<i32, records::Year>,
}

/// The SIE file a `typ: sie` data file names, from the project root; its errors are the
/// statements' to report.
fn resolved(sources: &Sources<'_>, node: &crate::yaml::Node) -> Option<String> {
    let fil = field(node, "fil")?;
    let path = crate::project::project_path(sources.root, sources.dir, fil).ok()?;
    Some(path.trim_start_matches('/').to_owned())
}

/// The text of `key` in a mapping.
fn field<'a>(node: &'a crate::yaml::Node, key: &str) -> Option<&'a str> {
    match &node.value {
        crate::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == key)
            .and_then(|(_, v)| v.as_text()),
        _ => None,
    }
}

/// The account plan a `typ: sie` data file names (`kontoplan:`): built in, or the project's
/// own mapping file, read as the statements read it (its problems are theirs).
fn plan_of(sources: &Sources<'_>, node: &crate::yaml::Node) -> Option<Plan> {
    let name = field(node, "kontoplan").unwrap_or("bas").trim();
    let groups = match sie::plan(name) {
        Some(groups) => groups,
        None => {
            let path = crate::project::project_path(sources.root, sources.dir, name).ok()?;
            let plan_file = path.trim_start_matches('/');
            let plan_node = crate::project::read_yaml(
                &sources.root.join(plan_file),
                plan_file,
                &mut Vec::new(),
            )?;
            sie::mapping(&plan_node, plan_file, &mut Vec::new())
        }
    };
    Some(Plan {
        groups,
        municipal: name.eq_ignore_ascii_case("kommun-bas")
            || name.eq_ignore_ascii_case("kommunbas"),
    })
}

/// Every other SIE file in the document's folder (`.se`, `.si`, `.sie`), by name.
fn other_sie_files(sources: &Sources<'_>, own: &[String]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(sources.dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ["se", "si", "sie"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .filter_map(|p| {
            p.strip_prefix(sources.root)
                .ok()
                .map(crate::diagnostics::display_path)
        })
        .filter(|f| !own.contains(f))
        .collect();
    files.sort();
    files
}

/// An SIE file read: its books and the records of years 0 and −1 with their lines; `None`
/// where it cannot be read or an amount in it cannot (its own errors go to `problems`).
fn read_books(
    root: &Path,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Books, BTreeMap<i32, records::Year>)> {
    let bytes = match crate::project::read_bytes(&root.join(file)) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Diagnostic::error(format!("kan inte läsa SIE-filen: {e}")).in_file(file));
            return None;
        }
    };
    let text = sie::decode(&bytes);
    crate::diagnostics::remember_source(&root.join(file), &text);
    let (books, found) = sie::parse(&text, file);
    problems.extend(found);
    (!books.unknown).then(|| (books, records::scan(&text)))
}

/// The account plan the books are read by: which accounts are eget kapital and tillgångar.
#[derive(Debug, Clone)]
struct Plan {
    groups: Vec<PlanGroup>,
    /// Kommun-Bas: financial income runs to 8499.
    municipal: bool,
}

impl Plan {
    fn bas() -> Plan {
        Plan {
            groups: sie::plan("bas").unwrap_or_default(),
            municipal: false,
        }
    }

    /// The section of the balance sheet the plan puts `account` in.
    fn section(&self, account: &Account) -> Option<&str> {
        self.groups
            .iter()
            .find(|g| g.holds(account.value()))
            .map(|g| g.section.as_str())
    }
}

/// Where a year's figures come from.
#[derive(Debug, Clone)]
enum Source {
    /// An SIE file's year (0 or −1), said on its `#RAR` line.
    Books {
        file: Arc<str>,
        index: i32,
        line: usize,
    },
    /// The document's hand-written statements.
    Statements { file: Arc<str> },
    /// A `typ: nyckeltal` file.
    Written { file: Arc<str> },
}

impl Source {
    fn file(&self) -> &str {
        match self {
            Source::Books { file, .. } | Source::Statements { file } | Source::Written { file } => {
                file
            }
        }
    }

    /// The file's name, and for books which year of it: “bokforing.se (föregående år)”.
    fn named(&self) -> String {
        let name = file_name(self.file());
        match self {
            Source::Books { index: -1, .. } => format!("{name} (föregående år)"),
            _ => name.to_owned(),
        }
    }
}

/// The balances a year opened with, for the check against the year before.
#[derive(Debug, Clone)]
struct Opening {
    /// Eget kapital, printed positive (with last year's result where it is not yet booked).
    equity: Decimal,
    /// Likvida medel.
    cash: Option<Decimal>,
    /// Summa tillgångar.
    assets: Decimal,
    /// Where the opening balances are: the file, and the line of eget kapital's and of likvida
    /// medel's first.
    file: Arc<str>,
    equity_line: usize,
    cash_line: usize,
}

/// One year's key figures from one source.
#[derive(Debug, Clone)]
struct Year {
    year: i32,
    label: String,
    source: Source,
    /// 0 the document's own year (its books' year 0, or its hand-written statements), 1 its
    /// books' year −1, 2 another SIE file's year 0, 3 its year −1, 4 a nyckeltal file: where
    /// two give a year, the lower is printed and the other checked against it.
    rank: u8,
    figures: [Option<Figure>; 7],
    assets: Option<Figure>,
    opening: Option<Opening>,
    /// The figures as written, for a year of a nyckeltal file.
    written: Option<WrittenYear>,
}

impl Year {
    fn get(&self, key: Key) -> Option<&Figure> {
        self.figures[key.index()].as_ref()
    }

    /// Where a message about `key` of this year points: the figure as written, else the
    /// year's `#RAR` line or the file.
    fn place(&self, key: Key) -> (String, Option<Position>) {
        if let Some(w) = self.written.as_ref().and_then(|w| w.get(key)) {
            return (self.source.file().to_owned(), Some(w.position));
        }
        let at = match (&self.source, &self.written) {
            (Source::Books { line, .. }, _) => Some(Position {
                line: *line,
                column: 1,
            }),
            (_, Some(w)) => Some(w.position),
            _ => None,
        };
        (self.source.file().to_owned(), at)
    }

    /// A year of a nyckeltal file, its own figures checked against each other.
    fn written(file: &str, year: &WrittenYear, problems: &mut Vec<Diagnostic>) -> Year {
        let mut figures: [Option<Figure>; 7] = Default::default();
        for (key, w) in &year.figures {
            figures[key.index()] = Some(w.figure.clone());
        }
        let assets = year.assets.as_ref().map(|w| w.figure.clone());
        let file: Arc<str> = Arc::from(file);
        // The figures that disagree with the others written, each with why and the fix.
        let mut wrong: Vec<(&Written, String, &str)> = Vec::new();
        // Soliditet from summa tillgångar where it is not written; checked where it is.
        match (year.get(Key::Solidity), year.get(Key::Equity), &year.assets) {
            (None, Some(e), Some(a)) => {
                figures[Key::Solidity.index()] = e.figure.share_of(&a.figure)
            }
            (Some(s), Some(e), Some(a)) if !a.figure.value.is_zero() => {
                let computed = e.figure.value / a.figure.value;
                let of = format!("eget kapital {} av summa tillgångar {}", said(e), said(a));
                if !s.agrees(computed) {
                    let percent = money::format_percent(computed, s.decimals.max(1));
                    wrong.push((
                        s,
                        format!("soliditeten {} är {}, men {of} är {percent}", year.year.1, said(s)),
                        "soliditeten är eget kapital i procent av summa tillgångar: rätta den ena, eller skriv bara summa_tillgångar",
                    ));
                }
            }
            _ => {}
        }
        // Intäkter and kostnader (negative, as in the resultaträkning) make the result.
        if let (Some(r), Some(c), Some(result)) = (
            year.get(Key::Revenue),
            year.get(Key::Costs),
            year.get(Key::Result),
        ) && !result.agrees(r.figure.value + c.figure.value)
        {
            let sum = shown(r.figure.value + c.figure.value, Unit::Kr);
            let parts = format!("intäkter {} och kostnader {}", said(r), said(c));
            wrong.push((
                result,
                format!("årets resultat {} är {}, men {parts} ger {sum}", year.year.1, said(result)),
                if result.agrees(r.figure.value - c.figure.value) {
                    "skriv kostnaderna med minustecken, som resultaträkningen visar dem"
                } else {
                    "årets resultat är intäkter plus kostnader (kostnaderna negativa): rätta det som är fel"
                },
            ));
        }
        for (w, message, hint) in wrong {
            problems.push(
                Diagnostic::error(message)
                    .in_file(file.as_ref())
                    .at(w.position)
                    .hint(hint),
            );
        }
        Year {
            year: year.year.0,
            label: year.year.1.clone(),
            source: Source::Written { file },
            rank: 4,
            figures,
            assets,
            opening: None,
            written: Some(year.clone()),
        }
    }
}

/// A file as messages name it beside its place: its name (the sources lie in the document's
/// folder, where the message points).
fn file_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// A written figure as the writer wrote it: `1 120 tkr`, `81,8 %`.
fn said(w: &Written) -> String {
    match w.unit {
        Some(u) => shown(w.figure.value / u.kronor(), u),
        None => money::format_percent(w.figure.value, w.decimals),
    }
}

/// A year's label: `2019` for a calendar year, `2018/19` for a broken one.
fn label((from, to): (Date, Date)) -> String {
    if (from.month, from.day, to.month, to.day) == (1, 1, 12, 31) && from.year == to.year {
        to.year.to_string()
    } else {
        format!("{}/{:02}", from.year, to.year.rem_euclid(100))
    }
}

/// An SIE file's books, read for the overview.
struct BookSource<'a> {
    file: Arc<str>,
    books: &'a Books,
    plan: &'a Plan,
    contributions: Option<&'a [(u32, u32)]>,
}

impl BookSource<'_> {
    fn entry(&self, record: &Record, note: Option<&'static str>) -> Entry {
        Entry {
            file: self.file.clone(),
            line: record.line,
            tag: record.tag,
            account: record.account.as_str().to_owned(),
            name: self
                .books
                .accounts
                .get(&record.account)
                .map(|n| Arc::from(n.as_str())),
            amount: record.amount,
            note,
        }
    }

    /// The booked figure of the records that `wanted` takes.
    fn sum<'r>(
        &self,
        records: impl IntoIterator<Item = &'r Record>,
        wanted: impl Fn(&Account) -> bool,
    ) -> Figure {
        Figure::books(
            records
                .into_iter()
                .filter(|r| wanted(&r.account))
                .map(|r| self.entry(r, None))
                .collect(),
        )
    }

    /// Whether a result account is revenue: by `#KTYP` where the books say, else by its class.
    fn is_revenue(&self, account: &Account) -> bool {
        match self.books.account_types.get(account) {
            Some('I') => true,
            Some('K') => false,
            _ => {
                let financial = if self.plan.municipal { 8499 } else { 8399 };
                matches!(account.value(), 3000..=3999)
                    || (8000..=financial).contains(&account.value())
            }
        }
    }

    fn is_result(&self, account: &Account) -> bool {
        self.books.is_result_account(account) && account.value() != RESULT_ACCOUNT
    }

    fn in_section(&self, account: &Account, section: &str) -> bool {
        !self.books.is_result_account(account) && self.plan.section(account) == Some(section)
    }

    /// Year `index` of the file (`None` where it has no fiscal year or no figures for it).
    fn year(&self, records: &records::Year, index: i32, rank: u8) -> Option<Year> {
        let ((from, to), rar_line) = records.span?;
        let movements = records.movements();
        let closing = records.closing();
        if movements.is_empty() && closing.is_empty() {
            return None;
        }
        let revenue = self
            .sum(movements, |a| self.is_result(a) && self.is_revenue(a))
            .negated();
        let costs = self
            .sum(movements, |a| self.is_result(a) && !self.is_revenue(a))
            .negated();
        let result = Figure::sum([&revenue, &costs]);
        // Eget kapital before the year's result: the closing entry (8999 against 2099) taken
        // back, so that a closed year and an open one give the same.
        let mut entries: Vec<Entry> = closing
            .iter()
            .filter(|r| self.in_section(&r.account, "eget_kapital"))
            .map(|r| self.entry(r, None))
            .collect();
        entries.extend(
            movements
                .iter()
                .filter(|r| r.account.value() == RESULT_ACCOUNT)
                .map(|r| self.entry(r, Some("bokslutspost återförd"))),
        );
        let equity = Figure::sum([&Figure::books(entries).negated(), &result]);
        let cash = self.sum(closing.iter().copied(), is_cash);
        let assets = self.sum(closing.iter().copied(), |a| {
            self.in_section(a, "tillgångar")
        });
        let contributions = self.contributions.map(|ranges| {
            self.sum(movements, |a| {
                ranges.iter().any(|(x, y)| (*x..=*y).contains(&a.value()))
            })
            .negated()
        });
        let opening = (!records.opening.is_empty()).then(|| {
            let total = |wanted: &dyn Fn(&Account) -> bool| -> Decimal {
                records
                    .opening
                    .iter()
                    .filter(|r| wanted(&r.account))
                    .map(|r| r.amount)
                    .sum()
            };
            let first = |wanted: &dyn Fn(&Account) -> bool| {
                records
                    .opening
                    .iter()
                    .find(|r| wanted(&r.account))
                    .map_or(rar_line, |r| r.line)
            };
            let is_equity = |a: &Account| self.in_section(a, "eget_kapital");
            // Opening balances that do not sum to zero lack last year's result, not yet booked:
            // it belongs to eget kapital.
            let unbooked = total(&|_| true);
            Opening {
                equity: unbooked - total(&is_equity),
                cash: Some(total(&is_cash)),
                assets: total(&|a| self.in_section(a, "tillgångar")),
                file: self.file.clone(),
                equity_line: first(&is_equity),
                cash_line: first(&is_cash),
            }
        });
        Some(Year {
            year: to.year,
            label: label((from, to)),
            source: Source::Books {
                file: self.file.clone(),
                index,
                line: rar_line,
            },
            rank,
            figures: counted(
                [revenue, costs, result],
                equity,
                &assets,
                Some(cash),
                contributions,
            ),
            assets: Some(assets),
            opening,
            written: None,
        })
    }
}

/// The key figures of a year counted from books or statements, in the order of [`KEYS`]:
/// intäkter, kostnader and årets resultat, eget kapital, and soliditet of summa tillgångar.
fn counted(
    [revenue, costs, result]: [Figure; 3],
    equity: Figure,
    assets: &Figure,
    cash: Option<Figure>,
    contributions: Option<Figure>,
) -> [Option<Figure>; 7] {
    let solidity = equity.share_of(assets);
    [
        Some(revenue),
        Some(costs),
        Some(result),
        Some(equity),
        solidity,
        cash,
        contributions,
    ]
}

/// Likvida medel: kassa och bank, 1900–1999 (BAS and Kommun-Bas alike).
fn is_cash(account: &Account) -> bool {
    (1900..=1999).contains(&account.value())
}

/// The year of the document's hand-written statements: a resultaträkning and a balansräkning
/// of the same fiscal year.
fn statement_year(statements: &[&Statement]) -> Option<Year> {
    let income = statements
        .iter()
        .find(|s| s.kind == Kind::Income && !s.from_books)?;
    let balance = statements
        .iter()
        .find(|s| s.kind == Kind::Balance && !s.from_books)?;
    let span = income.fiscal_year.or(balance.fiscal_year)?;
    let actual = income.columns.iter().position(|c| c == "utfall")?;
    let closing = balance.columns.iter().position(|c| c == "utgående")?;
    let opening = balance.columns.iter().position(|c| c == "ingående");
    // Every post of the lines with an amount in `column`, as written, with its line; `only`
    // keeps the posts of lines whose name or id says so.
    fn posts(
        lines: &[Line],
        column: usize,
        file: &Arc<str>,
        only: &dyn Fn(&Line) -> bool,
        out: &mut Vec<Figure>,
    ) {
        for line in lines {
            if only(line) {
                posts(&line.lines, column, file, &|_| true, out);
                if !line.group
                    && let Some(v) = line.cell(column).map(|f| f.value)
                {
                    out.push(Figure::written(v, file, line.position.line));
                }
            } else {
                posts(&line.lines, column, file, only, out);
            }
        }
    }
    let named = |words: &'static [&'static str]| {
        move |line: &Line| {
            let name = crate::text::fold_ascii(&line.name).to_lowercase();
            let id = line.id.as_deref().unwrap_or("");
            words
                .iter()
                .any(|w| name.contains(w) || crate::text::fold_ascii(id).replace('_', " ") == *w)
        }
    };
    let of = |s: &Statement, section: &str, column: usize, only: &dyn Fn(&Line) -> bool| {
        let mut out = Vec::new();
        posts(
            s.section(section),
            column,
            &Arc::from(s.file.as_str()),
            only,
            &mut out,
        );
        out
    };
    let all = |_: &Line| true;
    let items = of(income, "rader", actual, &all);
    let revenue = Figure::sum(items.iter().filter(|f| f.value > Decimal::ZERO));
    let costs = Figure::sum(items.iter().filter(|f| f.value < Decimal::ZERO));
    let result = Figure::sum([&revenue, &costs]);
    let equity = Figure::sum(&of(balance, "eget_kapital", closing, &all)).negated();
    let assets = Figure::sum(&of(balance, "tillgångar", closing, &all));
    let cash_rows = named(&["likvida medel", "kassa", "bank"]);
    let cash = of(balance, "tillgångar", closing, &cash_rows);
    let contributions = of(income, "rader", actual, &named(&["medlemsbidrag"]));
    let first_line = |section: &str| {
        balance
            .section(section)
            .first()
            .map_or(1, |l| l.position.line)
    };
    let opening = opening.map(|c| {
        let sum = |f: Vec<Figure>| f.iter().map(|f| f.value).sum::<Decimal>();
        Opening {
            equity: -sum(of(balance, "eget_kapital", c, &all)),
            cash: (!cash.is_empty()).then(|| sum(of(balance, "tillgångar", c, &cash_rows))),
            assets: sum(of(balance, "tillgångar", c, &all)),
            file: Arc::from(balance.file.as_str()),
            equity_line: first_line("eget_kapital"),
            cash_line: first_line("tillgångar"),
        }
    });
    Some(Year {
        year: span.1.year,
        label: label(span),
        source: Source::Statements {
            file: Arc::from(balance.file.as_str()),
        },
        rank: 0,
        figures: counted(
            [revenue, costs, result],
            equity,
            &assets,
            (!cash.is_empty()).then(|| Figure::sum(&cash)),
            (!contributions.is_empty()).then(|| Figure::sum(&contributions)),
        ),
        assets: Some(assets),
        opening,
        written: None,
    })
}

/// The document's year from its books must be what its statements print: the same result, the
/// same eget kapital. (They are made from the same records; a difference is a fault here.)
fn agree_with_statements(
    year: &Year,
    statements: &[&Statement],
    shown_file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let books = statements.iter().filter(|s| s.from_books);
    let income = books.clone().find(|s| s.kind == Kind::Income);
    let balance = books.clone().find(|s| s.kind == Kind::Balance);
    let printed_result = income.and_then(|s| {
        let c = s.columns.iter().position(|c| c == "utfall")?;
        Some(s.result()[c])
    });
    let printed_equity = balance.and_then(|s| {
        let c = s.columns.iter().position(|c| c == "utgående")?;
        Some(-s.section_sum("eget_kapital")[c])
    });
    for (key, printed, statement) in [
        (Key::Result, printed_result, "resultaträkningen"),
        (Key::Equity, printed_equity, "balansräkningen"),
    ] {
        if let (Some(p), Some(f)) = (printed, year.get(key))
            && p != f.value
        {
            problems.push(
                Diagnostic::error(format!(
                    "flerårsöversikten räknar {} {} till {}, men {statement} visar {}",
                    key.said(),
                    year.label,
                    shown(f.value, Unit::Kr),
                    shown(p, Unit::Kr)
                ))
                .in_file(shown_file)
                .hint("kontoplanen placerar kontona på annat sätt än BAS-klasserna flerårsöversikten räknar med; skriv årets nyckeltal i en fil med `typ: nyckeltal`"),
            );
        }
    }
}

/// One year per year: the source of the lowest rank, the others checked against it. Also the
/// years two sources disagree on (said here), which no further check takes up.
fn choose(
    candidates: Vec<Year>,
    problems: &mut Vec<Diagnostic>,
) -> (BTreeMap<i32, Year>, Vec<i32>) {
    let mut known: BTreeMap<i32, Year> = BTreeMap::new();
    let mut disputed = Vec::new();
    for year in candidates {
        let Some(chosen) = known.get(&year.year) else {
            known.insert(year.year, year);
            continue;
        };
        let written = |key: Key| year.written.as_ref().and_then(|w| w.get(key));
        let value = |key: Key, f: &Figure| {
            if key == Key::Solidity {
                money::format_percent(f.value, 1)
            } else {
                shown(f.value, Unit::Kr)
            }
        };
        // Each figure that differs: (key, as this source has it, as the chosen one has it).
        let mut differing: Vec<(Key, String, String)> = Vec::new();
        for key in KEYS {
            let (Some(theirs), Some(ours)) = (year.get(key), chosen.get(key)) else {
                continue;
            };
            // A soliditet computed follows from eget kapital: only a written one is its own.
            if key == Key::Solidity && written(key).is_none() {
                continue;
            }
            let agrees = written(key).map_or(theirs.value == ours.value, |w| w.agrees(ours.value));
            if !agrees {
                let theirs = written(key).map_or_else(|| value(key, theirs), said);
                differing.push((key, theirs, value(key, ours)));
            }
        }
        let (this, other) = (year.source.named(), chosen.source.named());
        if year.written.is_some() {
            // A figure written by hand: an error at each figure that is not the books'.
            for (key, theirs, ours) in &differing {
                let (file, at) = year.place(*key);
                problems.push(
                    Diagnostic::error(format!(
                        "{} {} är {theirs} i {this}, men {other} ger {ours}",
                        key.said(),
                        year.label
                    ))
                    .in_file(file)
                    .at_if_unknown(at)
                    .hint("rätta värdet, eller ta bort det: året hämtas ur bokföringen"),
                );
            }
            if let (Some(w), Some(ours)) = (
                year.written.as_ref().and_then(|w| w.assets.as_ref()),
                &chosen.assets,
            ) && !w.agrees(ours.value)
            {
                problems.push(
                    Diagnostic::error(format!(
                        "summa tillgångar {} är {} i {this}, men {other} ger {}",
                        year.label,
                        said(w),
                        shown(ours.value, Unit::Kr)
                    ))
                    .in_file(year.source.file())
                    .at(w.position)
                    .hint("rätta värdet, eller ta bort det: året hämtas ur bokföringen"),
                );
            }
        } else if !differing.is_empty() {
            // Two exports of the same year: one error, at the year in the file not printed.
            let (file, at) = year.place(Key::Result);
            let said: Vec<String> = differing
                .iter()
                .map(|(key, theirs, ours)| format!("{} {theirs} mot {ours}", key.said()))
                .collect();
            problems.push(
                Diagnostic::error(format!(
                    "{} i {this} är inte samma år som i {other}: {}",
                    year.label,
                    listed(&said)
                ))
                .in_file(file)
                .at_if_unknown(at)
                .hint(format!(
                    "två SIE-filer ger {} olika siffror; flerårsöversikten visar siffrorna ur {other}: exportera {this} igen efter bokslut, eller ta bort den",
                    year.label
                )),
            );
            disputed.push(year.year);
        }
    }
    (known, disputed)
}

/// Every year must start where the year before ended: eget kapital and likvida medel at the
/// start of a year with opening balances are last year's at its end; and eget kapital of a
/// year without them moves by the year's result.
fn continuity(known: &BTreeMap<i32, Year>, disputed: &[i32], problems: &mut Vec<Diagnostic>) {
    let pairs = known.iter().filter_map(|(year, this)| {
        let before = known.get(&(year - 1))?;
        // A year two exports disagree on is said once, there.
        if disputed.contains(year) || disputed.contains(&(year - 1)) {
            return None;
        }
        // Within one SIE file, year −1's end and year 0's start are the file's own check.
        match (&before.source, &this.source) {
            (Source::Books { file: a, .. }, Source::Books { file: b, .. }) if a == b => None,
            _ => Some((before, this)),
        }
    });
    // Against the books first: a figure both checks find wrong is said once, with the books'.
    let mut found = Vec::new();
    for (before, this) in pairs.clone() {
        if let Some(opening) = &this.opening {
            opens_where_it_ended(before, this, opening, &mut found);
        }
    }
    for (before, this) in pairs {
        if this.opening.is_none() {
            moves_by_result(before, this, &mut found);
        }
    }
    for d in found {
        if !problems
            .iter()
            .any(|p| p.file == d.file && p.position.is_some() && p.position == d.position)
        {
            problems.push(d);
        }
    }
}

fn opens_where_it_ended(
    before: &Year,
    this: &Year,
    opening: &Opening,
    problems: &mut Vec<Diagnostic>,
) {
    let solidity = (!opening.assets.is_zero()).then(|| opening.equity / opening.assets);
    for (key, start, line) in [
        (Key::Equity, Some(opening.equity), opening.equity_line),
        (Key::Cash, opening.cash, opening.cash_line),
        (Key::Solidity, solidity, opening.equity_line),
    ] {
        let (Some(start), Some(end)) = (start, before.get(key)) else {
            continue;
        };
        let written = before.written.as_ref().and_then(|w| w.get(key));
        // A computed soliditet follows from eget kapital: only a written one is checked.
        if key == Key::Solidity && written.is_none() {
            continue;
        }
        let agrees = written.map_or(end.value == start, |w| w.agrees(start));
        if agrees {
            continue;
        }
        let figure = |v: Decimal| {
            if key == Key::Solidity {
                money::format_percent(v, 1)
            } else {
                shown(v, Unit::Kr)
            }
        };
        let ended = written.map_or_else(|| figure(end.value), said);
        let message = format!(
            "{} vid {} års slut är {ended} i {}, men {} års ingående {} är {} i {}",
            key.said(),
            before.label,
            before.source.named(),
            this.label,
            key.said(),
            figure(start),
            file_name(&opening.file),
        );
        // A figure written by hand is the one to put right; between two exports, the later
        // file's opening balances.
        let d = match written {
            Some(w) => Diagnostic::error(message)
                .in_file(before.source.file())
                .at(w.position)
                .hint(format!(
                    "ett års utgående {} är nästa års ingående: rätta värdet för {} (rad {line} i {})",
                    key.said(),
                    before.label,
                    file_name(&opening.file)
                )),
            None => Diagnostic::error(message)
                .in_file(opening.file.as_ref())
                .at(Position { line, column: 1 })
                .hint(format!(
                    "ingående balanser ska vara förra årets utgående ({}): exportera SIE-filerna igen efter bokslut, eller rätta #IB",
                    before.source.named()
                )),
        };
        problems.push(d);
    }
}

fn moves_by_result(before: &Year, this: &Year, problems: &mut Vec<Diagnostic>) {
    let (Some(end), Some(start), Some(result)) = (
        this.get(Key::Equity),
        before.get(Key::Equity),
        this.get(Key::Result),
    ) else {
        return;
    };
    let difference = end.value - start.value - result.value;
    // Figures written in whole tkr may each be rounded: a difference within the precision
    // written is no error.
    let tolerance = this
        .written
        .as_ref()
        .and_then(|w| w.get(Key::Equity))
        .and_then(|w| Some(w.unit?.kronor() / Decimal::from(10u64.pow(w.decimals.min(9)))))
        .unwrap_or_default();
    if difference.abs() <= tolerance {
        return;
    }
    let (file, at) = this.place(Key::Equity);
    problems.push(
        Diagnostic::error(format!(
            "eget kapital {} ({}) är inte eget kapital {} ({}) plus årets resultat {} ({}): skillnad {}",
            this.label,
            shown(end.value, Unit::Kr),
            before.label,
            shown(start.value, Unit::Kr),
            this.label,
            shown(result.value, Unit::Kr),
            shown(difference, Unit::Kr)
        ))
        .in_file(file)
        .at_if_unknown(at)
        .hint(format!(
            "eget kapital ändras med årets resultat: rätta eget kapital eller årets resultat för {}",
            this.label
        )),
    );
}

/// The years as a list in Swedish: “2015, 2016 och 2017”.
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// The printed table of the five years up to `current`, newest first, with what is missing
/// said under it (and, where the narrative asks for the table, as warnings).
fn table(
    known: &BTreeMap<i32, Year>,
    current: i32,
    sources: &Sources<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Overview {
    let window = (current - 4)..=current;
    let shown_years: Vec<&Year> = known.range(window.clone()).rev().map(|(_, y)| y).collect();
    let missing: Vec<String> = window
        .rev()
        .filter(|y| !known.contains_key(y) && sources.founded.is_none_or(|f| *y >= f))
        .map(|y| y.to_string())
        .collect();
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    let mut blanks: Vec<(Key, Vec<String>)> = Vec::new();
    for key in KEYS {
        let cells: Vec<Option<Figure>> = shown_years.iter().map(|y| y.get(key).cloned()).collect();
        if cells.iter().all(Option::is_none) {
            continue;
        }
        let without: Vec<String> = shown_years
            .iter()
            .filter(|y| y.get(key).is_none())
            .map(|y| y.label.clone())
            .collect();
        if !without.is_empty() {
            blanks.push((key, without));
        }
        let kind = match key {
            Key::Solidity => RowKind::Percent,
            _ => RowKind::Post,
        };
        rows.push(Row::new(kind, key.name(), 0, cells));
        keys.push(key);
    }
    let mut notes = Vec::new();
    if !missing.is_empty() {
        let mut oldest_first = missing.clone();
        oldest_first.reverse();
        notes.push(format!("Uppgifter för {} saknas.", listed(&oldest_first)));
    }
    if let Some((file, at)) = &sources.asked_at {
        let mut say = |message: String, hint: &str| {
            problems.push(
                Diagnostic::warning(message)
                    .in_file(file.as_str())
                    .at(*at)
                    .hint(hint),
            );
        };
        if !missing.is_empty() {
            let mut oldest_first = missing.clone();
            oldest_first.reverse();
            let year = oldest_first.first().cloned().unwrap_or_default();
            say(
                format!(
                    "flerårsöversikten saknar {}: inget av dokumentets underlag ger {}",
                    listed(&oldest_first),
                    if missing.len() > 1 {
                        "de åren"
                    } else {
                        "det året"
                    }
                ),
                &format!(
                    "lägg SIE-filen för {year} i dokumentets mapp (t.ex. bokforing-{year}.se), eller skriv årets nyckeltal i en datafil med `typ: nyckeltal`: `år: {{ {year}: {{ intäkter: …, kostnader: …, årets_resultat: …, eget_kapital: …, soliditet: …, likvida_medel: …, medlemsbidrag: … }} }}`"
                ),
            );
        }
        // A blank cell: one warning for the table, year by year, oldest first.
        if !blanks.is_empty() {
            let by_year: Vec<String> = shown_years
                .iter()
                .rev()
                .filter_map(|y| {
                    let keys: Vec<String> = blanks
                        .iter()
                        .filter(|(_, years)| years.contains(&y.label))
                        .map(|(k, _)| k.said().to_owned())
                        .collect();
                    (!keys.is_empty()).then(|| format!("{} saknar {}", y.label, listed(&keys)))
                })
                .collect();
            let hint = if blanks.iter().any(|(k, _)| *k == Key::Contributions) {
                "skriv de värdena i nyckeltalsfilen (`typ: nyckeltal`); medlemsbidragen ur bokföringen kräver att nyckeltalsfilen anger deras konton: `konton: { medlemsbidrag: [\"3010-3019\"] }`"
            } else {
                "skriv de värdena i nyckeltalsfilen (`typ: nyckeltal`)"
            };
            say(
                format!(
                    "flerårsöversikten lämnar rutor tomma: {}",
                    by_year.join("; ")
                ),
                hint,
            );
        }
    }
    Overview {
        years: shown_years
            .iter()
            .map(|y| (y.year, y.label.clone()))
            .collect(),
        missing,
        rows: keys,
        table: printed::Table {
            columns: shown_years
                .iter()
                .map(|y| Column {
                    key: y.label.clone(),
                    heading: y.label.clone(),
                })
                .collect(),
            rows,
        },
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::figure::Origin;

    const FILE: &str = "#RAR 0 20190101 20191231\n#RAR -1 20180101 20181231\n#KONTO 1930 \"Bank\"\n#KONTO 2091 \"Balanserat\"\n#KONTO 2099 \"Årets resultat\"\n#KONTO 3010 \"Medlemsbidrag\"\n#KONTO 5010 \"Lokal\"\n#KONTO 8310 \"Ränta\"\n#KONTO 8999 \"Årets resultat\"\n#IB 0 1930 1100\n#IB 0 2091 -1000\n#IB 0 2099 -100\n#UB 0 1930 1400\n#UB 0 2091 -1100\n#UB 0 2099 -300\n#RES 0 3010 -500\n#RES 0 8310 -10\n#RES 0 5010 210\n#RES 0 8999 300\n#IB -1 1930 1000\n#IB -1 2091 -1000\n#UB -1 1930 1100\n#UB -1 2091 -1000\n#UB -1 2099 -100\n#RES -1 3010 -400\n#RES -1 5010 300\n#RES -1 8999 100\n";

    fn years_of(text: &str, ranges: Option<&[(u32, u32)]>) -> Vec<Year> {
        let (books, _) = sie::parse(text, "b.se");
        let records = records::scan(text);
        let plan = Plan::bas();
        let source = BookSource {
            file: Arc::from("b.se"),
            books: &books,
            plan: &plan,
            contributions: ranges,
        };
        [0, -1]
            .iter()
            .filter_map(|i| source.year(&records[i], *i, 0))
            .collect()
    }

    #[test]
    fn a_closed_year_gives_its_result_once_and_every_record_with_its_line() {
        let years = years_of(FILE, Some(&[(3010, 3019)]));
        let (this, last) = (&years[0], &years[1]);
        let value = |y: &Year, k: Key| y.get(k).map(|f| f.value);
        assert_eq!(value(this, Key::Revenue), Some(Decimal::from(510)));
        assert_eq!(value(this, Key::Costs), Some(Decimal::from(-210)));
        assert_eq!(value(this, Key::Result), Some(Decimal::from(300)));
        // 1 400 of equity: 1 100 + 300 booked on 2099, the closing entry taken back and the
        // result added once.
        assert_eq!(value(this, Key::Equity), Some(Decimal::from(1400)));
        assert_eq!(value(this, Key::Cash), Some(Decimal::from(1400)));
        assert_eq!(value(this, Key::Solidity), Some(Decimal::ONE));
        assert_eq!(value(this, Key::Contributions), Some(Decimal::from(500)));
        assert_eq!(value(last, Key::Result), Some(Decimal::from(100)));
        assert_eq!(value(last, Key::Equity), Some(Decimal::from(1100)));
        assert_eq!(this.label, "2019");
        assert_eq!(last.year, 2018);
        // The opening: eget kapital 1 100 at 2019's start, said at the first #IB of it.
        let opening = this.opening.as_ref().unwrap();
        assert_eq!(
            (opening.equity, opening.equity_line),
            (Decimal::from(1100), 11)
        );
        // Intäkter are the #RES records of 3010 and 8310, each with its line, turned.
        let revenue = this.get(Key::Revenue).unwrap();
        let Origin::Negated(inner) = revenue.origin.as_ref() else {
            panic!("negated")
        };
        let Origin::Books(entries) = inner.origin.as_ref() else {
            panic!("books")
        };
        let lines: Vec<(usize, &str)> = entries
            .iter()
            .map(|e| (e.line, e.account.as_str()))
            .collect();
        assert_eq!(lines, [(16, "3010"), (17, "8310")]);
    }

    #[test]
    fn an_open_year_has_the_same_equity_as_a_closed_one() {
        let open = FILE
            .replace("#UB 0 2099 -300\n", "#UB 0 2099 0\n")
            .replace("#RES 0 8999 300\n", "");
        let years = years_of(&open, None);
        assert_eq!(
            years[0].get(Key::Equity).unwrap().value,
            Decimal::from(1400)
        );
        assert!(years[0].get(Key::Contributions).is_none());
    }

    #[test]
    fn years_are_listed_in_swedish() {
        assert_eq!(listed(&["2015".into()]), "2015");
        assert_eq!(
            listed(&["2015".into(), "2016".into(), "2017".into()]),
            "2015, 2016 och 2017"
        );
        let d = |y, m, day| Date {
            year: y,
            month: m,
            day,
        };
        assert_eq!(label((d(2019, 1, 1), d(2019, 12, 31))), "2019");
        assert_eq!(label((d(2009, 7, 1), d(2010, 6, 30))), "2009/10");
    }
}
