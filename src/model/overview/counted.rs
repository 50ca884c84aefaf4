//! A year's key figures counted: from an SIE file's records (each figure naming the records it
//! counts, with their lines), or from the document's hand-written statements.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::files::Plan;
use super::label;
use super::records::{self, Record};
use super::year::{Opening, Source, Year};
use crate::model::figure::{Entry, Figure};
use crate::model::sie::{Account, Books, RESULT_ACCOUNT};
use crate::model::statement::{Kind, Line, Statement};

/// An SIE file's books, read for the overview.
pub(super) struct BookSource<'a> {
    pub(super) file: Arc<str>,
    pub(super) books: &'a Books,
    pub(super) plan: &'a Plan,
    pub(super) contributions: Option<&'a [(u32, u32)]>,
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
    pub(super) fn year(&self, records: &records::Year, index: i32, rank: u8) -> Option<Year> {
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
pub(super) fn statement_year(statements: &[&Statement]) -> Option<Year> {
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
    // Every post of the lines with an amount in `column`, as written (in kronor: a statement
    // in tkr counts a thousand kronor a unit), with its line; `only` keeps the posts of lines
    // whose name or id says so.
    fn posts(
        lines: &[Line],
        column: usize,
        (file, kronor): (&Arc<str>, Decimal),
        only: &dyn Fn(&Line) -> bool,
        out: &mut Vec<Figure>,
    ) {
        for line in lines {
            if only(line) {
                posts(&line.lines, column, (file, kronor), &|_| true, out);
                if !line.group
                    && let Some(v) = line.cell(column).map(|f| f.value)
                {
                    out.push(Figure::written(v * kronor, file, line.position.line));
                }
            } else {
                posts(&line.lines, column, (file, kronor), only, out);
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
            (&Arc::from(s.file.as_str()), s.unit.kronor()),
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
