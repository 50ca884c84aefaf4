//! The statements a `typ: sie` file asks of the books: a resultaträkning (utfall from the period
//! balances, or #RES for a whole year without them; budget from #PBUDGET; prognos, budget for
//! the whole year and last year's same period where asked) and a balansräkning (opening
//! balances on the day before the period, plus the period's change), grouped by an account plan.
//! Made in named steps: the period (`Request::span`), the columns, each account's cells, last
//! year's result in the opening column, the plan's groups, the accounts the plan does not place,
//! and the computed lines of eget kapital.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::books::{month_name, yyyymm};
use super::figures::{
    Figures, LastYear, last_year, last_years_result_figure, monthly_result, pieces,
};
use super::plans::PlanGroup;
use super::reconcile;
use super::request::{Request, Span};
use super::{Account, Books, EQUITY_ACCOUNT, RESULT_ACCOUNT};
use crate::diagnostics::{self, Diagnostic, Position, Totalled};
use crate::model::figure::Figure;
use crate::model::shown;
use crate::model::statement::{Form, Kind, Line, Statement, day_after, month_end, sum_lines};
use crate::money::Unit;

/// Every account's cells: the income columns (in the books' signs), or ingående, förändring
/// and utgående.
type Cells = BTreeMap<Account, Vec<Option<Figure>>>;

/// The statements that `request` asks of the books: a resultaträkning (utfall from the period
/// balances, or #RES for a whole year without them; budget from #PBUDGET; prognos, budget for the
/// whole year and last year's same period where asked) and a balansräkning (opening balances on
/// the day before the period, plus the period's change, checked against #UB for the whole
/// year), grouped by `plan`. `None` where the period cannot be made (said in `problems`).
pub fn statements(
    books: &Books,
    plan: &[PlanGroup],
    request: &Request,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Statement, Statement)> {
    let mut remarks = Vec::new();
    let span = request.span(books, file, problems, &mut remarks)?;
    let fiscal = Some((span.start, span.end));
    let period = Some((span.from, span.to));
    let making = Making {
        books,
        request,
        file,
        span,
        previous: last_year(books, (span.from, span.to), (span.start, span.end)),
        figures: Figures { books },
    };
    let (columns, unprinted) = making.columns(problems);
    making.budget_remarks(&columns, &mut remarks);
    let accounts = making.accounts();
    let place = request.forecast_file.as_deref().unwrap_or(file);
    request
        .forecasts
        .check_accounts(&accounts, &columns, place, file, problems);
    let (mut cells, books_result, result_before) = making.cells(&accounts, &columns, problems);
    // Opening balances that do not sum to zero: last year's result, not yet booked.
    let opening_sum = books.figure(books.records.opening.values().flatten());
    let opening_result = making.opening_result(plan, &mut cells, &opening_sum, result_before);
    let mut grouped = making.grouped(plan, &cells);
    making.outside_plan(&cells, &columns, &mut grouped, problems);
    let Grouped {
        income: mut income_lines,
        balance: mut balance_sections,
        ..
    } = grouped;
    request
        .forecasts
        .set_posts(&mut income_lines, &columns, place, file, problems);
    let claimed_result_accounts: Vec<Account> = cells
        .keys()
        .filter(|a| books.is_result_account(a))
        .cloned()
        .collect();
    let income = Statement {
        file: file.to_owned(),
        kind: Kind::Income,
        unit: Unit::Kr,
        fiscal_year: fiscal,
        period,
        columns,
        unprinted,
        sections: vec![("rader".into(), income_lines)],
        report_signs: false,
        form: Form::Sheet,
        remarks: remarks.clone(),
        monthly: monthly_result(
            &making.figures,
            &claimed_result_accounts,
            fiscal,
            Some((span.from, span.counted)),
        ),
        unexplained: Vec::new(),
        from_books: true,
    };
    let equity = balance_sections
        .entry("eget_kapital".to_owned())
        .or_default();
    making.equity_lines(
        equity,
        &opening_sum,
        (opening_result, books_result),
        income.result_name(),
        problems,
    );
    let report_signs = request.report_signs.unwrap_or(true);
    let balance = Statement {
        file: file.to_owned(),
        kind: Kind::Balance,
        unit: Unit::Kr,
        fiscal_year: fiscal,
        period,
        columns: vec!["ingående".into(), "förändring".into(), "utgående".into()],
        unprinted: Vec::new(),
        sections: ["tillgångar", "eget_kapital", "avsättningar", "skulder"]
            .iter()
            .map(|k| {
                (
                    (*k).to_owned(),
                    balance_sections.remove(*k).unwrap_or_default(),
                )
            })
            .collect(),
        report_signs,
        form: request
            .form
            .unwrap_or_else(|| Form::default_for(report_signs)),
        remarks,
        monthly: Vec::new(),
        unexplained: Vec::new(),
        from_books: true,
    };
    Some((income, balance))
}

/// What every step of `statements` reads: the books, what is asked of them, and for which days.
struct Making<'a> {
    books: &'a Books,
    request: &'a Request,
    file: &'a str,
    span: Span,
    /// Where last year's column comes from, or why it cannot be made.
    previous: LastYear,
    figures: Figures<'a>,
}

/// The lines the plan's groups make: the resultaträkning's, the balansräkning's by section,
/// and the accounts the groups placed.
struct Grouped {
    income: Vec<Line>,
    balance: BTreeMap<String, Vec<Line>>,
    claimed: BTreeSet<Account>,
}

impl Making<'_> {
    /// The resultaträkning's columns: as asked (`kolumner:`), else budget (where the books have
    /// #PBUDGET) and utfall, and for a whole year last year's where the file has it. Last year's
    /// column where the file has no figures for it is refused (an error), never zeros. Where
    /// the file has last year's figures and the columns do not print them, they are counted
    /// all the same for the prose (the second list: columns not printed).
    fn columns(&self, problems: &mut Vec<Diagnostic>) -> (Vec<String>, Vec<String>) {
        let Making {
            books,
            request,
            file,
            previous,
            ..
        } = self;
        let whole_year = self.span.whole_year();
        // Without #PBUDGET there is no budget column unless asked for.
        let has_budget = !books.period_budgets.is_empty();
        let mut columns: Vec<String> = request.columns.clone().unwrap_or_else(|| {
            let mut columns: Vec<String> = if has_budget {
                vec!["budget".into(), "utfall".into()]
            } else {
                vec!["utfall".into()]
            };
            // A whole year whose file holds last year's figures shows them beside this year's.
            if whole_year && !matches!(previous, LastYear::Missing(_)) {
                columns.push("föregående_år".into());
            }
            columns
        });
        // Last year's column where the file has no figures for it: refused, never zeros.
        if let LastYear::Missing(why) = previous
            && columns.iter().any(|c| c == "föregående_år")
        {
            let d = Diagnostic::error(format!("kolumnen föregående_år kan inte visas: {why}")).hint(
                "ta bort `föregående_år` ur `kolumner`, eller exportera SIE-filen med föregående års siffror (#RES −1 för ett helt år, #PSALDO −1 per månad)",
            );
            problems.push(match &request.columns_at {
                Some((f, p)) => d.in_file(f.as_str()).at(*p),
                None => request.at_period(d, file, None),
            });
            columns.retain(|c| c != "föregående_år");
        }
        let mut unprinted = Vec::new();
        if !matches!(previous, LastYear::Missing(_))
            && !columns.iter().any(|c| c == "föregående_år")
        {
            columns.push("föregående_år".into());
            unprinted.push("föregående_år".into());
        }
        (columns, unprinted)
    }

    /// A budget cut within a month is that month's budget by its days: said with the figures,
    /// in `remarks`.
    fn budget_remarks(&self, columns: &[String], remarks: &mut Vec<String>) {
        let books = self.books;
        let Span {
            from,
            to,
            end,
            counted,
            ..
        } = self.span;
        let has_budget = !books.period_budgets.is_empty();
        if has_budget
            && columns
                .iter()
                .any(|c| matches!(c.as_str(), "budget" | "prognos"))
        {
            let after = if counted < end {
                pieces(day_after(counted), end)
            } else {
                Vec::new()
            };
            for (a, b, whole) in pieces(from, to)
                .into_iter()
                .chain(after.into_iter().take(1))
            {
                if !whole && books.period_budgets.keys().any(|(p, _)| *p == yyyymm(a)) {
                    remarks.push(format!(
                        "Budgeten för {} är räknad för {} av {} dagar (budgeten i SIE-filen är per månad).",
                        month_name(yyyymm(a)),
                        b.day - a.day + 1,
                        month_end(a).day
                    ));
                }
            }
        }
    }

    /// All accounts that have anything: this year's, its budgets' and last year's.
    fn accounts(&self) -> Vec<Account> {
        let Making {
            books, previous, ..
        } = self;
        books
            .accounts()
            .iter()
            .chain(books.period_budgets.keys().map(|(_, a)| a))
            .chain(books.previous_period_balances.keys().map(|(_, a)| a))
            // Last year's accounts, but not its closing entry (8999 is never a cost or an income).
            .chain(
                books.previous[2]
                    .keys()
                    .filter(|a| matches!(previous, LastYear::Result) && **a != RESULT_ACCOUNT),
            )
            .cloned()
            .collect::<BTreeSet<Account>>()
            .into_iter()
            .collect()
    }

    /// Every account's cells (an account with nothing in them has none); the period's result in
    /// the books' signs (a profit is negative), whatever the columns; and the year's result
    /// before the period.
    fn cells(
        &self,
        accounts: &[Account],
        columns: &[String],
        problems: &mut Vec<Diagnostic>,
    ) -> (Cells, Figure, Figure) {
        let Making {
            books,
            request,
            file,
            figures,
            previous,
            ..
        } = self;
        let Span {
            from,
            to,
            start,
            end,
            counted,
        } = self.span;
        let whole_year = self.span.whole_year();
        let before_period = self.span.before_period();
        let use_res = whole_year && books.period_balances.is_empty();
        let records = &books.records;
        let record_of = |map: &BTreeMap<Account, Vec<super::Record>>, a: &Account| {
            books.figure(map.get(a).into_iter().flatten())
        };
        let months_of = |a: &Account, (first, last): (u32, u32)| {
            books.figure(
                records
                    .previous_period_balances
                    .iter()
                    .filter(|((p, x), _)| x == a && (first..=last).contains(p))
                    .flat_map(|(_, r)| r),
            )
        };
        let forecast_file: std::sync::Arc<str> =
            std::sync::Arc::from(request.forecast_file.as_deref().unwrap_or(file));
        let mut cells: Cells = BTreeMap::new();
        let mut books_result = Vec::new();
        let mut result_before = Vec::new();
        for a in accounts {
            if books.is_result_account(a) {
                let actual = if use_res {
                    record_of(&records.result, a)
                } else {
                    figures.change_figure(a, from, counted)
                };
                books_result.push(actual.clone());
                if let Some((s, e)) = before_period {
                    result_before.push(figures.change_figure(a, s, e));
                }
                let values: Vec<Figure> = columns
                    .iter()
                    .map(|c| match c.as_str() {
                        "utfall" => actual.clone(),
                        "budget" => figures.budget_figure(a, from, to),
                        "budget_helår" => figures.budget_figure(a, start, end),
                        // A prognosis is written in the statement's signs.
                        "prognos" => match request.forecasts.accounts.get(a) {
                            Some((v, at)) => Figure::written(*v, &forecast_file, at.line).negated(),
                            None if counted < end => Figure::sum([
                                &actual,
                                &figures.budget_figure(a, day_after(counted), end),
                            ]),
                            None => actual.clone(),
                        },
                        "föregående_år" if *a == RESULT_ACCOUNT => Figure::zero(),
                        "föregående_år" => match previous {
                            LastYear::Result => record_of(&records.previous[2], a),
                            LastYear::Balances(months) => months_of(a, *months),
                            LastYear::Missing(_) => Figure::zero(),
                        },
                        _ => Figure::zero(),
                    })
                    .collect();
                if values.iter().all(|v| v.value.is_zero()) {
                    continue;
                }
                // An account the budget does not mention has a blank budget, not a zero.
                let budgeted = books.period_budgets.keys().any(|(_, b)| b == a);
                cells.insert(
                    a.clone(),
                    columns
                        .iter()
                        .zip(values)
                        .map(|(c, v)| {
                            (budgeted || !matches!(c.as_str(), "budget" | "budget_helår"))
                                .then_some(v)
                        })
                        .collect(),
                );
            } else {
                let mut opening = record_of(&records.opening, a);
                // A whole year without period balances (SIE 1 and 2 may have only #IB, #UB,
                // #RES): the change is #UB − #IB.
                let change = if use_res {
                    match books.closing.get(a) {
                        Some(_) => record_of(&records.closing, a).minus(&opening),
                        None => Figure::zero(),
                    }
                } else {
                    figures.change_figure(a, from, counted)
                };
                // With vouchers the books' own check (#IB + the year's vouchers = #UB) has said it.
                if whole_year
                    && books.transactions.is_empty()
                    && !books.unknown_accounts.contains(a)
                {
                    reconcile::closing_is_opening_plus_periods(
                        books,
                        a,
                        opening.value,
                        change.value,
                        file,
                        problems,
                    );
                }
                if let Some((s, e)) = before_period {
                    opening = Figure::sum([&opening, &figures.change_figure(a, s, e)]);
                }
                if opening.value.is_zero() && change.value.is_zero() {
                    continue;
                }
                let closing = Figure::sum([&opening, &change]);
                cells.insert(a.clone(), vec![Some(opening), Some(change), Some(closing)]);
            }
        }
        (
            cells,
            Figure::sum(&books_result),
            Figure::sum(&result_before),
        )
    }

    /// The result in the opening column of eget kapital. Where the period opens at the year's
    /// start, the opening column is last year's end: its result stands as the year's result
    /// there, taken out of the equity account that holds it (2099, or the largest), as last
    /// year's balance sheet printed it. A period that starts later opens with the year's result
    /// so far (`result_before`); opening balances that do not sum to zero (`opening_sum`) give
    /// the result not yet booked a line of its own.
    fn opening_result(
        &self,
        plan: &[PlanGroup],
        cells: &mut Cells,
        opening_sum: &Figure,
        result_before: Figure,
    ) -> Option<Figure> {
        let books = self.books;
        if self.span.before_period().is_some() {
            Some(result_before)
        } else if !opening_sum.value.is_zero() {
            // The result not yet booked has a line of its own.
            Some(Figure::zero())
        } else {
            last_years_result_figure(books).and_then(|p| {
                if p.value.is_zero() {
                    return Some(p);
                }
                let holds = |a: &Account| {
                    plan.iter()
                        .any(|g| g.section == "eget_kapital" && g.holds(a.value()))
                };
                let opening = |a: &Account| {
                    cells
                        .get(a)
                        .and_then(|c| c[0].as_ref())
                        .map(|f| f.value)
                        .unwrap_or_default()
                };
                let account = [Account::from(EQUITY_ACCOUNT)]
                    .into_iter()
                    .filter(|a| !opening(a).is_zero())
                    .chain(
                        cells
                            .keys()
                            .filter(|a| holds(a) && !books.is_result_account(a))
                            .filter(|a| !opening(a).is_zero())
                            .max_by_key(|a| (opening(a).abs(), std::cmp::Reverse(*a)))
                            .cloned(),
                    )
                    .next()?;
                let row = cells.get_mut(&account)?;
                row[0] = row[0].take().map(|v| v.minus(&p));
                row[1] = row[1].take().map(|v| Figure::sum([&v, &p]));
                if row
                    .iter()
                    .all(|v| v.as_ref().is_none_or(|v| v.value.is_zero()))
                {
                    cells.remove(&account);
                }
                Some(p)
            })
        }
    }

    /// An account's name as the books write it (#KONTO), else “Konto 7510”.
    fn name_of(&self, a: &Account) -> String {
        self.books
            .accounts
            .get(a)
            .cloned()
            .unwrap_or_else(|| format!("Konto {a}"))
    }

    /// The accounts' cells in the plan's groups, a group at a time; an intermediate result after
    /// an empty group still prints, after the line before it.
    fn grouped(&self, plan: &[PlanGroup], cells: &Cells) -> Grouped {
        let mut claimed = BTreeSet::new();
        let name_of = |a: &Account| self.name_of(a);
        let build = Build {
            cells,
            name_of: &name_of,
            accounts_as_rows: self.request.accounts_as_rows,
        };
        let mut income_lines: Vec<Line> = Vec::new();
        let mut balance_sections: BTreeMap<String, Vec<Line>> = BTreeMap::new();
        for group in plan {
            let income = group.section == "rader";
            let built = build.group(group, income, &mut claimed);
            // An intermediate result after an empty group (no Avskrivningar) still prints: after
            // the line before it.
            if built.is_none()
                && income
                && let Some(last) = income_lines.last_mut()
                && last.keys.subtotal.is_none()
            {
                last.keys.subtotal = group.subtotal.clone();
            }
            if let Some(line) = built {
                if income {
                    income_lines.push(line);
                } else {
                    balance_sections
                        .entry(group.section.clone())
                        .or_default()
                        .push(line);
                }
            }
        }
        Grouped {
            income: income_lines,
            balance: balance_sections,
            claimed,
        }
    }

    /// Accounts the plan does not place are named, never dropped: result accounts get a row of
    /// their own (and a warning); balance accounts would leave the balance sheet unbalanced (an
    /// error, and a row of their own too, under their BAS class).
    fn outside_plan(
        &self,
        cells: &Cells,
        columns: &[String],
        grouped: &mut Grouped,
        problems: &mut Vec<Diagnostic>,
    ) {
        let Making { books, file, .. } = self;
        let name_of = |a: &Account| self.name_of(a);
        let mut outside = Vec::new();
        let mut outside_balance: BTreeMap<&str, Vec<Line>> = BTreeMap::new();
        for (a, values) in cells {
            if grouped.claimed.contains(a) {
                continue;
            }
            let place = books.account_lines.get(a).map(|l| Position {
                line: *l,
                column: 1,
            });
            if books.is_result_account(a) {
                let actual = columns
                    .iter()
                    .position(|c| c == "utfall")
                    .and_then(|c| values[c].as_ref())
                    .map_or(Decimal::ZERO, |f| f.value);
                problems.push(
                    Diagnostic::warning(format!(
                        "konto {a} {} ({} i perioden) hör inte till någon grupp i kontoplanen; det visas på en egen rad, ”Konton utanför kontoplanen”",
                        name_of(a),
                        shown(actual, Unit::Kr)
                    ))
                    .in_file(*file)
                    .at_if_unknown(place)
                    .hint("lägg kontot i en grupp i kontoplanen, eller boka om beloppet till rätt konto"),
                );
                outside.push(Line::post(
                    format!("{a} {}", name_of(a)),
                    income_sign(values),
                ));
            } else {
                problems.push(
                    Diagnostic::error(format!(
                        "konto {a} {} (ingående {}, utgående {}) hör inte till någon grupp i kontoplanen, så balansräkningen balanserar inte",
                        name_of(a),
                        shown(values[0].as_ref().map_or(Decimal::ZERO, |f| f.value), Unit::Kr),
                        shown(values[2].as_ref().map_or(Decimal::ZERO, |f| f.value), Unit::Kr)
                    ))
                    .in_file(*file)
                    .at_if_unknown(place)
                    .hint("lägg kontot i en grupp i kontoplanen (tillgångar, eget_kapital, avsättningar eller skulder)"),
                );
                // Shown under its BAS class, so that the sheet's sums say nothing more about it.
                let section = match a.value() {
                    ..2000 => "tillgångar",
                    2000..=2099 => "eget_kapital",
                    2100..=2299 => "avsättningar",
                    _ => "skulder",
                };
                outside_balance
                    .entry(section)
                    .or_default()
                    .push(Line::post(format!("{a} {}", name_of(a)), values.clone()));
            }
        }
        for (section, lines) in outside_balance {
            grouped
                .balance
                .entry(section.to_owned())
                .or_default()
                .push(Line::group_of("Konton utanför kontoplanen", lines, 3));
        }
        if !outside.is_empty() {
            grouped.income.push(Line::group_of(
                "Konton utanför kontoplanen",
                outside,
                columns.len(),
            ));
        }
    }

    /// The computed lines of eget kapital: last year's result not yet booked (where the opening
    /// balances do not sum to zero: a warning), and the period's result, which sits in no
    /// balance account until the year is closed. `results` is the result in the opening column
    /// (`opening_result`) and the period's in the books' signs; `result_name` names the line
    /// (Periodens or Årets resultat).
    fn equity_lines(
        &self,
        equity: &mut Vec<Line>,
        opening_sum: &Figure,
        (opening_result, books_result): (Option<Figure>, Figure),
        result_name: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        let Making { books, file, .. } = self;
        let before_period = self.span.before_period();
        // Not where an amount could not be read (reported): the sum is then unknown.
        if !opening_sum.value.is_zero() && !books.unknown {
            problems.push(
                Diagnostic::warning_of(diagnostics::Kind::Total {
                    what: Totalled::OpeningBalances,
                    sum: opening_sum.value,
                })
                .in_file(*file),
            );
            add_to_equity(
                equity,
                Line::post(
                    "Ej bokfört resultat föregående år",
                    vec![
                        Some(opening_sum.negated()),
                        Some(Figure::zero()),
                        Some(opening_sum.negated()),
                    ],
                ),
            );
        }
        // The period's result sits in no balance account until the year is closed: it is part
        // of eget kapital, as the period's (or year's) result. A period that starts after the
        // year opens with the year's result so far.
        if !books_result.value.is_zero()
            || opening_result.as_ref().is_some_and(|v| !v.value.is_zero())
        {
            let opening = opening_result.clone().unwrap_or_else(Figure::zero);
            // The year's result so far grows by the period's; last year's leaves the line as
            // this year's takes its place.
            let (change, closing) = if before_period.is_some() {
                let closing = Figure::sum([&opening, &books_result]);
                (books_result, closing)
            } else {
                (books_result.minus(&opening), books_result)
            };
            add_to_equity(
                equity,
                Line::post(
                    if before_period.is_some() {
                        "Årets resultat hittills"
                    } else {
                        result_name
                    },
                    // Blank where the file cannot say what last year's result was.
                    vec![opening_result, Some(change), Some(closing)],
                ),
            );
        }
    }
}

/// Revenue is credit (negative) in the books and positive in the resultaträkning.
fn income_sign(v: &[Option<Figure>]) -> Vec<Option<Figure>> {
    v.iter().map(|x| x.as_ref().map(Figure::negated)).collect()
}

/// A plan's groups made into lines from the accounts' cells.
struct Build<'a> {
    cells: &'a Cells,
    name_of: &'a dyn Fn(&Account) -> String,
    accounts_as_rows: bool,
}

impl Build<'_> {
    /// The line of `group` (in the resultaträkning's signs where `income`), holding its inner
    /// groups and the accounts it places that no group before it has `claimed`: `None` where
    /// it holds nothing.
    fn group(
        &self,
        group: &PlanGroup,
        income: bool,
        claimed: &mut BTreeSet<Account>,
    ) -> Option<Line> {
        let mut lines = Vec::new();
        for inner in &group.groups {
            lines.extend(self.group(inner, income, claimed));
        }
        let leaf = group.groups.is_empty();
        for (a, values) in self.cells {
            if claimed.contains(a) || !group.holds_here(a.value()) {
                continue;
            }
            claimed.insert(a.clone());
            lines.push(Line::post(
                (self.name_of)(a),
                if income {
                    income_sign(values)
                } else {
                    values.clone()
                },
            ));
        }
        if lines.is_empty() {
            return None;
        }
        let columns = lines[0].amounts.len();
        let mut line = if leaf && !self.accounts_as_rows {
            Line::post(group.name.clone(), sum_lines(&lines, columns))
        } else {
            Line::group_of(group.name.clone(), lines, columns)
        };
        line.keys.subtotal = group.subtotal.clone();
        Some(line)
    }
}

/// A computed line of eget kapital (the period's result): inside the plan's one equity group
/// where it has one, so that its sum (S:a Eget kapital) includes the result.
fn add_to_equity(equity: &mut Vec<Line>, line: Line) {
    if let [group] = equity.as_mut_slice()
        && group.group
    {
        let columns = group.amounts.len();
        group.lines.push(line);
        group.amounts = sum_lines(&group.lines, columns);
    } else {
        equity.push(line);
    }
}
