//! The narrative stage: a document's Markdown body rendered as a tera template, so that prose
//! can quote data. Values are Markdown-escaped on the way in; `innehall()`, `tabell(...)` and
//! `avvikelse(...)` leave marks where the Markdown walk later places the table of contents, a
//! table or an explained row's anchor. The loops and sets run within `budget`'s limits, and
//! every error is told in the writer's terms by `messages`.

use std::io::Write;

use tera::{Context, Kwargs, State, Tera, Value};

use super::budget::{self, Limits};
use super::filters::{Quoted, register_filters, register_quoting_filters};
use super::messages::{Source, TAGS_HINT};
use crate::diagnostics::Diagnostic;
use crate::markdown::DIRECTIVE_MARK;
use crate::model::statement::Variance;
use crate::money::Unit;
use crate::placement::{Placement, TablePart};
use crate::text::fold_ascii;

/// Markdown escaping for values that tera puts into a narrative: every ASCII punctuation mark
/// gets a backslash (CommonMark allows that for all of them), line breaks become spaces.
pub(super) fn escape_for_markdown(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
    let mut buffer = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '\n' | '\r' => buffer.push(' '),
            // A private-use character could forge a placement mark (see `DIRECTIVE_MARK`).
            c if crate::project::is_private_use(c) => buffer.push(' '),
            c if c.is_ascii_punctuation() => {
                buffer.push('\\');
                buffer.push(c);
            }
            c => buffer.push(c),
        }
    }
    output.write_all(buffer.as_bytes())
}

/// A rendered narrative: the Markdown, with a mark where each placement goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// The Markdown text after tera.
    pub text: String,
    /// What `innehall()` and `tabell(...)` asked to place, by the number in their marks.
    pub placements: Vec<Placement>,
    /// The rows the prose explains with `avvikelse(rad=..., namn=...)`: (data name, row).
    pub explained: Vec<(String, String)>,
    /// The figures the prose quotes through a number filter: (origin key, text, unit).
    pub quoted: Vec<(String, String, Option<&'static str>)>,
}

/// What the narrative may name of the document's data, typed: each data file's `typ`, which
/// `tabell(...)` may place, and each statement's rows with an avvikelse, which
/// `avvikelse(...)` quotes.
#[derive(Debug, Clone, Default)]
pub struct DataFiles {
    /// (data name, `typ`) of each data file.
    pub kinds: Vec<(String, String)>,
    /// (data name, its unit, its variances) of each statement (`Statement::variances`).
    pub variances: Vec<(String, Unit, Vec<Variance>)>,
}

impl DataFiles {
    /// Data files of these (name, `typ`), without statements.
    pub fn of_kinds(kinds: &[(String, String)]) -> DataFiles {
        DataFiles {
            kinds: kinds.to_vec(),
            variances: Vec::new(),
        }
    }

    /// The unit and variances of the statement `name` as templates name it: as written, or
    /// with å, ä and ö folded where no data file is named so (as the template context has it).
    fn variances(&self, name: &str) -> (Unit, &[Variance]) {
        let exact = |n: &str| n == name;
        let folded = |n: &str| fold_ascii(n) == name;
        let written = self.kinds.iter().any(|(n, _)| exact(n))
            || self.variances.iter().any(|(n, _, _)| exact(n));
        let matches = |n: &str| if written { exact(n) } else { folded(n) };
        self.variances
            .iter()
            .find(|(n, _, _)| matches(n))
            .map_or((Unit::Kr, &[][..]), |(_, unit, rows)| {
                (*unit, rows.as_slice())
            })
    }
}

/// Renders a narrative: the Markdown body as a tera template. `first_line` is the line of the
/// file where the body starts, so that errors point into the file as the writer sees it.
/// `data` names the document's data files with their `typ`, which `tabell(...)` may place,
/// and the statements' variances, which `avvikelse(...)` quotes.
/// The template runs within `limits` ([`LIMITS`](super::LIMITS) for a build): past them, a located error.
pub fn render_narrative(
    body: &str,
    context: &Context,
    file: &str,
    first_line: usize,
    data: &DataFiles,
    unknown: &[String],
    limits: &Limits,
) -> Result<Narrative, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_for_markdown);
    tera.autoescape_on(vec![".md"]);
    register_filters(&mut tera);
    let quoted = Quoted::default();
    register_quoting_filters(&mut tera, &quoted);
    // Each placement's mark carries its number in the list.
    let placements = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Placement>::new()));
    let place = |list: &std::sync::Mutex<Vec<Placement>>, placement: Placement| {
        let mut list = list
            .lock()
            .map_err(|_| tera::Error::message("internt fel"))?;
        list.push(placement);
        Ok::<_, tera::Error>(Value::safe_string(&format!(
            "{DIRECTIVE_MARK}{}{DIRECTIVE_MARK}",
            list.len() - 1
        )))
    };
    let contents = placements.clone();
    tera.register_function("innehall", move |_: Kwargs, _: &State| {
        place(&contents, Placement::Contents)
    });
    // `avvikelse(rad="Bidrag ESF")`: a row's avvikelse (utfall − budget) in kronor, from the
    // resultaträkning (or `namn=`); the row then counts as explained in the prose.
    // The first call for a row also marks its place, which the row in the table links to.
    let anchored = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let explained = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, String)>::new()));
    let explaining = explained.clone();
    let variances = data.clone();
    tera.register_function(
        "avvikelse",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let row: &str = kwargs.must_get("rad")?;
            let data = kwargs.get::<&str>("namn")?.unwrap_or("resultatrakning");
            let (unit, rows) = variances.variances(data);
            let Some(found) = rows.iter().find(|r| r.row == row) else {
                let hint = crate::diagnostics::nearest(row, rows.iter().map(|r| r.row.as_str()))
                    .map(|n| format!("; menade du `{n}`?"))
                    .unwrap_or_default();
                return Err(tera::Error::message(format!(
                    "`{data}` har ingen rad `{row}` med både budget och utfall{hint}"
                )));
            };
            explaining
                .lock()
                .map_err(|_| tera::Error::message("internt fel"))?
                .push((data.to_owned(), row.to_owned()));
            // `som="andel"`: the avvikelse as a share of the budget (“−7,4 %”).
            let text = match kwargs.get::<&str>("som")?.unwrap_or("belopp") {
                "belopp" => {
                    crate::money::format_amount(found.amount.value.normalize(), unit, Unit::Kr)
                }
                "andel" => {
                    let share = found
                        .share
                        .as_ref()
                        .map(|s| s.value.normalize())
                        .ok_or_else(|| {
                            tera::Error::message(format!(
                                "raden `{row}` har ingen budget att räkna andelen av"
                            ))
                        })?;
                    crate::money::format_percent(share, 1)
                }
                other => {
                    return Err(tera::Error::message(format!(
                        "`som=\"{other}\"` finns inte: skriv som=\"belopp\" (kronor, det vanliga) eller som=\"andel\" (andel av budgeten)"
                    )));
                }
            };
            let mut escaped = Vec::new();
            escape_for_markdown(&text, &mut escaped)
                .map_err(|_| tera::Error::message("internt fel"))?;
            let mut out = String::from_utf8_lossy(&escaped).into_owned();
            let label = &found.anchor;
            let mut placed = anchored
                .lock()
                .map_err(|_| tera::Error::message("internt fel"))?;
            if !placed.iter().any(|p| p == label) {
                placed.push(label.clone());
                out.push_str(&format!("{DIRECTIVE_MARK}{label}{DIRECTIVE_MARK}"));
            }
            Ok(Value::safe_string(&out))
        },
    );
    let tables_placed = placements.clone();
    let known = data.kinds.clone();
    tera.register_function(
        "tabell",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let Some(data) = kwargs.get::<&str>("namn")?.map(str::to_owned) else {
                return Err(tera::Error::message(format!(
                    "ange vilken datafil: tabell(namn=\"...\") (finns: {})",
                    known
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            let Some((_, kind)) = known.iter().find(|(n, _)| *n == data) else {
                let names: Vec<&str> = known.iter().map(|(n, _)| n.as_str()).collect();
                let hint = crate::diagnostics::nearest(&data, names.iter().copied())
                    .map(|n| format!("; menade du `{n}`?"))
                    .unwrap_or_default();
                return Err(tera::Error::message(format!(
                    "dokumentet har ingen datafil `{data}` (finns: {}){hint}",
                    if names.is_empty() {
                        "inga".to_owned()
                    } else {
                        names.join(", ")
                    }
                )));
            };
            let part = if kind == "budget" {
                let part = fold_ascii(kwargs.get::<&str>("del")?.unwrap_or("kostnader"));
                let Some(part) = TablePart::from_name(&part) else {
                    return Err(tera::Error::message(format!(
                        "okänd del `{part}`: skriv en av {}",
                        TablePart::names().join(", ")
                    )));
                };
                Some(part)
            } else {
                None
            };
            place(&tables_placed, Placement::Table { data, part })
        },
    );
    let budget = std::sync::Arc::new(budget::Budget::new(*limits));
    budget::register(&mut tera, &budget);
    let mut source = Source {
        body,
        file,
        first_line,
        context: Some(context),
        unknown,
        instrumented: None,
    };
    // Printing a whole table, list or map into prose is never what the writer meant.
    let mut problems = source.printed_collections();
    // The loops and sets count against the budget (see `budget.rs`).
    let instrumented = match budget::instrument(body) {
        Ok(instrumented) => instrumented,
        Err(refused) => {
            problems.extend(refused.into_iter().map(|(offset, word)| {
                source
                    .error(
                        offset,
                        format!("mallfel: `{{% {word} %}}` kan inte användas i en berättelse"),
                    )
                    .hint(TAGS_HINT)
            }));
            return Err(problems);
        }
    };
    source.instrumented = instrumented.as_ref();
    let mut template = instrumented
        .as_ref()
        .map_or(body, |i| i.text.as_str())
        .to_owned();
    // Every prose error in one run: an expression that fails is blanked out (the same length,
    // so that every place stays where it is) and the narrative rendered again, a few times.
    let mut rounds = 0;
    loop {
        if let Err(e) = tera.add_raw_template("index.md", &template) {
            problems.extend(source.diagnostic(&e));
            return Err(problems);
        }
        let mut written = budget::Capped::new(limits.output);
        let rendered = tera
            .render_to("index.md", context, &mut written)
            .map(|()| String::from_utf8_lossy(&written.out).into_owned());
        if rendered.is_err() && (written.full || budget.stopped().is_some()) {
            // Past the budget: one error, at the loop or value that went past it.
            let message = match budget.stopped() {
                Some(message) => message,
                None => budget::too_long(limits),
            };
            // Where tera was when it stopped (a filter's place), else the loop or set that
            // counted last (the output's limit is reached while writing, which has no place).
            let offset = rendered
                .as_ref()
                .err()
                .filter(|_| !written.full)
                .and_then(|e| source.tera_offset(e))
                .or_else(|| {
                    budget
                        .last()
                        .and_then(|call| source.instrumented.and_then(|i| i.anchor(call)))
                })
                .unwrap_or(0);
            problems.push(
                source
                    .error(offset, format!("mallfel: {message}"))
                    .hint(budget::HINT),
            );
            return Err(problems);
        }
        let e = match rendered {
            // After a round that failed, the text is not the writer's: never an edition.
            Ok(text) if problems.is_empty() && rounds == 0 => {
                let placements = placements.lock().map(|p| p.clone()).unwrap_or_default();
                let explained = explained.lock().map(|e| e.clone()).unwrap_or_default();
                let quoted = quoted.lock().map(|q| q.clone()).unwrap_or_default();
                return Ok(Narrative {
                    text,
                    placements,
                    explained,
                    quoted,
                });
            }
            Ok(_) => return Err(problems),
            Err(e) => e,
        };
        for d in source.diagnostic(&e) {
            if !problems.iter().any(|p| p.position == d.position) {
                problems.push(d);
            }
        }
        // Only where nothing counts rounds (no loops or sets), and only a `{{ … }}`: a tag
        // that fails leaves what follows it in doubt.
        rounds += 1;
        let failed = Source::template_offset(&e).and_then(|at| expression_at(&template, at));
        match failed {
            Some(range)
                if rounds < MAX_ROUNDS
                    && source
                        .instrumented
                        .is_none_or(budget::Instrumented::counts_nothing) =>
            {
                blank(&mut template, range);
            }
            _ => return Err(problems),
        }
    }
}

/// How many failing expressions one run reports at most.
const MAX_ROUNDS: usize = 50;

/// The `{{ … }}` expression of `template` that holds `offset`, if it is one.
fn expression_at(template: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let before = template.get(..offset.min(template.len()))?;
    let open = before.rfind("{{")?;
    // A tag or an expression closed between the opening and the place: not inside it.
    if before[open..].contains("}}") || before[open..].contains("{%") {
        return None;
    }
    let close = template[open..].find("}}")? + open + 2;
    (close > offset).then_some(open..close)
}

/// Blanks `range` of `template`: spaces, its line breaks kept.
fn blank(template: &mut String, range: std::ops::Range<usize>) {
    let blanked: String = template[range.clone()]
        .chars()
        .map(|c| if c == '\n' { c } else { ' ' })
        .collect();
    template.replace_range(range, &blanked);
}
