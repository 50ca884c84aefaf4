//! A `typ: sie` data file: its settings (`fil`, `period`, `kontoplan`, `konton`, `prognos`,
//! `noter`, `kommentarer`, `avvikelser`, ...), the SIE file they name, and the statements the
//! books give for the period, checked; for a whole year also the kassaflödesanalys.

use super::sie;
use super::statement::Statement;
use crate::diagnostics::{Diagnostic, Kind, Missing, Named, Position};

/// What a `typ: sie` data file gives: the period's statements and, for a whole year, the
/// kassaflödesanalys. The statements are none when the file or its settings cannot be read.
#[derive(Debug, Default)]
pub struct FromBooks {
    /// The resultaträkning.
    pub income: Option<Statement>,
    /// The balansräkning (or balansrapport).
    pub balance: Option<Statement>,
    /// The kassaflödesanalys of a whole fiscal year.
    pub cash_flow: Option<crate::model::cashflow::CashFlow>,
}

/// `typ: sie`: reads the settings (`fil`, `period`, `kontoplan`, `konton`, `prognos`, ...),
/// the SIE file they name, and makes its statements for the period.
pub fn read(
    node: &crate::yaml::Node,
    shown: &str,
    dir: &std::path::Path,
    root: &std::path::Path,
    defaults: &crate::model::statement::Defaults,
    problems: &mut Vec<Diagnostic>,
) -> FromBooks {
    use crate::yaml::{MapReader, Node, Value};
    let Ok(mut map) = MapReader::new(node, shown, "SIE-filen") else {
        return FromBooks::default();
    };
    map.get("typ");
    let Some(file_node) = map.get("fil") else {
        problems.push(
            Diagnostic::error_of(Kind::missing_key(Missing::SieData, "fil"))
                .in_file(shown)
                .at(node.position),
        );
        return FromBooks::default();
    };
    let period_node = map.get("period");
    let mut ends_at = None;
    let period = match period_node {
        None => None,
        Some(p) => {
            let mut inner = match MapReader::new(p, shown, "`period`") {
                Ok(m) => m,
                Err(d) => {
                    problems.push(d);
                    return FromBooks::default();
                }
            };
            let from_node = inner.get("från");
            let to_node = inner.get("till");
            if let (Some(a), Some(b)) = (from_node, to_node) {
                ends_at = Some((a.position, b.position));
            }
            let from = from_node.map(|n| crate::yaml::date(n, shown, "från"));
            let to = to_node.map(|n| crate::yaml::date(n, shown, "till"));
            problems.extend(inner.unknown_keys(&["från", "till"], "`period`"));
            match (from, to) {
                (Some(Ok(a)), Some(Ok(b))) => Some((a, b)),
                (a, b) => {
                    for e in [a, b].into_iter().flatten().filter_map(Result::err) {
                        problems.push(e);
                    }
                    None
                }
            }
        }
    };
    let plan_name = map
        .get("kontoplan")
        .and_then(Node::as_text)
        .unwrap_or("bas")
        .to_owned();
    let plan = match sie::plan(&plan_name) {
        Some(p) => p,
        // Not a built-in plan: a project's own mapping file of account ranges to rows.
        None if plan_name.ends_with(".yaml") || plan_name.ends_with(".yml") => {
            let n = map.get("kontoplan").unwrap_or(node);
            let path = match crate::project::project_path(root, dir, &plan_name) {
                Ok(p) => p,
                Err(m) => {
                    problems.push(m.error().in_file(shown).at(n.position));
                    return FromBooks::default();
                }
            };
            let plan_file = path.trim_start_matches('/').to_owned();
            let Some(plan_node) =
                crate::project::read_yaml(&root.join(&plan_file), &plan_file, problems)
            else {
                return FromBooks::default();
            };
            sie::mapping(&plan_node, &plan_file, problems)
        }
        None => {
            let n = map.get("kontoplan").unwrap_or(node);
            problems.push(
                Diagnostic::error_of(Kind::unknown_name(
                    Named::Plan,
                    &plan_name,
                    ["bas", "kommun-bas"],
                ))
                .in_file(shown)
                .at(n.position),
            );
            return FromBooks::default();
        }
    };
    let accounts_as_rows = match map.get("konton") {
        None => false,
        Some(Node {
            value: Value::Bool(b),
            ..
        }) => *b,
        Some(n) => {
            problems.push(
                Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                    crate::diagnostics::Form::AccountsBool,
                    "konton",
                ))
                .in_file(shown)
                .at(n.position),
            );
            true
        }
    };
    let notes = map.get("noter");
    let mut forecasts = sie::Forecasts::default();
    let mut forecast_file = None;
    if let Some(n) = map.get("prognos") {
        // A `typ: prognos` file beside the document: the year's prognosis per account.
        let read = match n.as_text() {
            None => Err(Diagnostic::error_of(
                crate::diagnostics::Kind::wrong_form_bare(
                    crate::diagnostics::Form::FilePath,
                    "prognos",
                ),
            )),
            Some(rel) => crate::project::project_path(root, dir, rel)
                .map_err(crate::diagnostics::PathError::error),
        };
        match read {
            Ok(path) => {
                let f = path.trim_start_matches('/').to_owned();
                if let Some(node) = crate::project::read_yaml(&root.join(&f), &f, problems) {
                    forecasts = sie::forecasts(&node, &f, problems);
                }
                forecast_file = Some(f);
            }
            Err(d) => problems.push(d.in_file(shown).at(n.position)),
        }
    }
    let request = sie::Request {
        forecasts,
        forecast_file,
        period,
        period_at: Some((shown.to_owned(), period_node.unwrap_or(node).position)),
        ends_at,
        accounts_as_rows,
        allow_incomplete: sie::allow_incomplete(map.get("ofullständig"), shown, problems),
        report_signs: crate::model::statement::signs(map.get("tecken"), shown, problems),
        form: crate::model::statement::form(map.get("form"), shown, problems),
        columns: crate::model::statement::income_columns(map.get("kolumner"), shown, problems)
            .or_else(|| defaults.columns.clone()),
        columns_at: match map.get("kolumner") {
            Some(n) => Some((shown.to_owned(), n.position)),
            None => defaults.columns_at.clone(),
        },
    };
    // `avvikelser:` on the books (or in front matter): the rows the books make are checked as
    // written ones are; their place is the `typ: sie` file, the rows having no line of their own.
    let comments = map.get("kommentarer");
    let threshold_at = map.get("avvikelser").map_or(node.position, |n| n.position);
    let threshold =
        crate::model::statement::Threshold::read(map.get("avvikelser"), shown, problems)
            .or(defaults.threshold);
    problems.extend(map.unknown_keys(sie::KEYS, "SIE-filen"));
    let Some(rel) = file_node.as_text() else {
        problems.push(
            Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                crate::diagnostics::Form::FilePath,
                "fil",
            ))
            .in_file(shown)
            .at(file_node.position),
        );
        return FromBooks::default();
    };
    let path = match crate::project::project_path(root, dir, rel) {
        Ok(p) => p,
        Err(m) => {
            problems.push(m.error().in_file(shown).at(file_node.position));
            return FromBooks::default();
        }
    };
    let se_file = path.trim_start_matches('/').to_owned();
    let bytes = match crate::project::read_bytes(&root.join(&se_file)) {
        Ok(b) => b,
        Err(e) => {
            problems
                .push(Diagnostic::error(format!("kan inte läsa SIE-filen: {e}")).in_file(&se_file));
            return FromBooks::default();
        }
    };
    let text = sie::decode(&bytes);
    // Messages about the file show its lines as decoded here (CP437 and all).
    crate::diagnostics::remember_source(&root.join(&se_file), &text);
    let (books, found) = sie::parse(&text, &se_file);
    problems.extend(found);
    // A built-in plan that is not the books' own puts accounts under the wrong headings.
    if let Some(misfit) = sie::plan_misfit(&books, &plan_name) {
        let at = map.get("kontoplan").unwrap_or(node);
        problems.push(
            Diagnostic::warning(misfit)
                .in_file(shown)
                .at(at.position)
                .hint(if plan_name.trim() == "bas" {
                    "skriv `kontoplan: kommun-bas`, eller en egen kontoplan (t.ex. `kontoplan: kontoplan.yaml`)"
                } else {
                    "skriv `kontoplan: bas`, eller en egen kontoplan (t.ex. `kontoplan: kontoplan.yaml`) som placerar kontona där de hör hemma"
                }),
        );
    }
    // A closed year (8999 against 2099) reads like an open one.
    let books = crate::model::closing::reopen(&books);
    let Some((mut income, mut balance)) =
        sie::statements(&books, &plan, &request, &se_file, problems)
    else {
        return FromBooks::default();
    };
    if let Some(notes) = notes {
        crate::model::notes::attach(notes, shown, &mut [&mut income, &mut balance], problems);
    }
    if let Some(comments) = comments {
        crate::model::notes::attach_comments(comments, shown, &mut [&mut income], problems);
    }
    if let Some(threshold) = threshold {
        let report = crate::model::statement::Unexplained {
            file: shown,
            at: Some(threshold_at),
            hint: "skriv `kommentarer: { <radens namn>: varför utfallet avviker }` i SIE-filens datafil, eller förklara raden i texten med `{{ avvikelse(rad=\"<radens namn>\") }}`",
        };
        for (_, lines) in &income.sections {
            threshold.check(
                lines,
                &income.columns,
                income.unit,
                &report,
                &mut income.unexplained,
            );
        }
    }
    // An amount of the books that could not be read is reported once; the balance over it is
    // unknown.
    if !books.unknown {
        balance.check_balance(Position { line: 1, column: 1 }, problems);
    }
    let flow = crate::model::closing::annual(
        &books,
        &plan,
        &plan_name,
        period,
        &mut income,
        accounts_as_rows,
        (shown, file_node.position),
        problems,
    );
    FromBooks {
        income: Some(income),
        balance: Some(balance),
        cash_flow: flow,
    }
}
