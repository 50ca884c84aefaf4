//! `typ: prognos`: the year's prognosis for single accounts (`konto:`) or printed rows
//! (`post:`), overriding utfall plus the remaining months' budget in a statement from the books.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::figure::Figure;

use super::Account;
use crate::diagnostics::{Diagnostic, Kind, Missing, Named, Position};
use crate::model::statement::Line;

/// A `typ: prognos` file's rows: the year's prognosis per account, and per printed row.
#[derive(Debug, Clone, Default)]
pub struct Forecasts {
    /// `konto:` rows, in the statement's signs, with their place.
    pub accounts: BTreeMap<Account, (Decimal, Position)>,
    /// `post:` rows: a printed row's name (a group of the account plan, or an account's row
    /// with `konton: true`), its prognosis in the statement's signs, and its place.
    pub posts: Vec<(String, Decimal, Position)>,
}

/// A `typ: prognos` file: the year's prognosis for single accounts or printed rows, overriding
/// utfall plus the remaining months' budget: `rader: [{ konto: 4010, prognos: -12500000 },
/// { post: "Personalkostnader", prognos: -9000000 }]`, in the statement's signs (intäkter
/// positive, kostnader negative).
pub fn forecasts(
    node: &crate::yaml::Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Forecasts {
    use crate::yaml::{MapReader, Value};
    let mut out = Forecasts::default();
    let Ok(mut map) = MapReader::new(node, file, "prognosfilen") else {
        problems.push(Diagnostic::error("prognosfilen ska ha `rader:`").in_file(file));
        return out;
    };
    map.get("typ");
    let rows = map.get("rader");
    problems.extend(map.finish(&["typ", "rader"], "prognosfilen"));
    let Some(crate::yaml::Node {
        value: Value::Seq(items),
        ..
    }) = rows
    else {
        problems.push(
            Diagnostic::error_of(Kind::missing_key(Missing::Forecast, "rader"))
                .in_file(file)
                .at(rows.map_or(node.position, |n| n.position)),
        );
        return out;
    };
    for item in items {
        let Some(mut row) = MapReader::open(item, file, "en rad", problems) else {
            continue;
        };
        let account = row.get("konto");
        let post = row.get("post");
        let value = row.get("prognos");
        row.get("kommentar");
        problems.extend(row.finish(&["konto", "post", "prognos", "kommentar"], "en rad"));
        if let Some(post) = post {
            let name = post.as_text().map(str::trim).unwrap_or_default();
            if account.is_some() || name.is_empty() {
                problems.push(
                    Diagnostic::error("en rad i prognosfilen anger antingen `konto:` eller `post:`")
                        .in_file(file)
                        .at(post.position)
                        .hint("skriv `post:` med radens namn som det står i resultaträkningen, t.ex. `post: Personalkostnader`"),
                );
                continue;
            }
            match value.map(|n| crate::model::amount(n, file)) {
                Some(Ok(Some(v))) => out.posts.push((name.to_owned(), v, post.position)),
                Some(Err(d)) => problems.push(d),
                _ => problems.push(
                    Diagnostic::error_of(Kind::missing_key(
                        Missing::ForecastPost {
                            name: name.to_owned(),
                        },
                        "prognos",
                    ))
                    .in_file(file)
                    .at(item.position),
                ),
            }
            continue;
        }
        let account = match account.map(|n| (n, n.as_text().and_then(Account::parse))) {
            Some((_, Some(a))) => a,
            Some((n, None)) => {
                problems.push(
                    Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                        crate::diagnostics::Form::Account,
                        "konto",
                    ))
                    .in_file(file)
                    .at(n.position),
                );
                continue;
            }
            None => {
                problems.push(
                    Diagnostic::error_of(Kind::missing_keys(
                        Missing::ForecastRow,
                        "konto",
                        &["post"],
                    ))
                    .in_file(file)
                    .at(item.position),
                );
                continue;
            }
        };
        match value.map(|n| (n, crate::model::amount(n, file))) {
            Some((n, Ok(Some(v)))) => {
                out.accounts.insert(account, (v, n.position));
            }
            Some((_, Err(d))) => problems.push(d),
            _ => problems.push(
                Diagnostic::error_of(Kind::missing_key(
                    Missing::ForecastAccount {
                        account: account.to_string(),
                    },
                    "prognos",
                ))
                .in_file(file)
                .at(item.position),
            ),
        }
    }
    out
}

impl Forecasts {
    /// The `konto:` rows (from the file `place`) against the books of `file`: an account the
    /// books do not hold is an error, and without a `prognos` column a prognosis is not shown.
    pub(super) fn check_accounts(
        &self,
        accounts: &[Account],
        columns: &[String],
        place: &str,
        file: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        for (account, (_, position)) in &self.accounts {
            if !accounts.contains(account) {
                problems.push(
                    Diagnostic::error(format!(
                        "kontot {account} har en prognos men finns inte i {file}"
                    ))
                    .in_file(place)
                    .at(*position)
                    .hint("kontrollera kontonumret"),
                );
            }
            if !columns.iter().any(|c| c == "prognos") {
                problems.push(
                    Diagnostic::warning(format!(
                        "prognosen för konto {account} visas inte: resultaträkningen har ingen kolumn `prognos`"
                    ))
                    .in_file(place)
                    .at(*position)
                    .hint("lägg till den: kolumner: [budget, utfall, budget_helår, prognos]"),
                );
            }
        }
    }

    /// The `post:` rows (from the file `place`): each sets the prognosis of the printed row of its name;
    /// a group's rows then print no prognosis of their own, and the groups around it sum anew.
    pub(super) fn set_posts(
        &self,
        lines: &mut [Line],
        columns: &[String],
        place: &str,
        file: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        fn names<'a>(lines: &'a [Line], out: &mut Vec<&'a str>) {
            for line in lines {
                out.push(&line.name);
                names(&line.lines, out);
            }
        }
        fn blank(lines: &mut [Line], column: usize) {
            for line in lines {
                line.set_cell(column, None);
                blank(&mut line.lines, column);
            }
        }
        fn set(lines: &mut [Line], name: &str, column: usize, value: &Figure) -> bool {
            for line in lines {
                if line.name == name {
                    line.set_cell(column, Some(value.clone()));
                    blank(&mut line.lines, column);
                    return true;
                }
                if set(&mut line.lines, name, column, value) {
                    return true;
                }
            }
            false
        }
        // A group's prognosis is its rows' sum, unless none of them has one (a group set by name).
        fn resum(lines: &mut [Line], column: usize) {
            for line in lines {
                resum(&mut line.lines, column);
                if line.lines.iter().any(|l| l.cell(column).is_some())
                    && column < line.amounts.len()
                {
                    let sum = crate::model::statement::total(&line.lines, column);
                    line.set_cell(column, Some(sum));
                }
            }
        }
        let source: std::sync::Arc<str> = std::sync::Arc::from(place);
        if self.posts.is_empty() {
            return;
        }
        let Some(column) = columns.iter().position(|c| c == "prognos") else {
            for (name, _, position) in &self.posts {
                problems.push(
                    Diagnostic::warning(format!(
                        "prognosen för `{name}` visas inte: resultaträkningen har ingen kolumn `prognos`"
                    ))
                    .in_file(place)
                    .at(*position)
                    .hint("lägg till den: kolumner: [budget, utfall, budget_helår, prognos]"),
                );
            }
            return;
        };
        for (name, value, position) in &self.posts {
            let written = Figure::written(*value, &source, position.line);
            if set(lines, name, column, &written) {
                continue;
            }
            let mut known = Vec::new();
            names(lines, &mut known);
            problems.push(
                Diagnostic::error_of(Kind::unknown_name(
                    Named::ForecastRow {
                        file: file.to_string(),
                    },
                    name,
                    known.iter().copied(),
                ))
                .in_file(place)
                .at(*position),
            );
        }
        resum(lines, column);
    }
}
