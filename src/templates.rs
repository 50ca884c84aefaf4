//! The template stages: the narrative as a tera template (so prose can quote data), and the
//! layouts, tera templates that produce one typst source per document.
//!
//! Two escapes, one per language, kept automatic by tera's per-template escaping: a value that
//! tera puts into Markdown is Markdown-escaped, a value a layout puts into typst is
//! typst-escaped. Number and date filters (`kr`, `tkr`, `mnkr`, `procent`, `datum`) are the same
//! in both. Built-in layouts are embedded in the binary; a project's `layouts/` overrides them.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rust_decimal::Decimal;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::{self, DIRECTIVE_MARK, Typography};

mod budget;
use crate::money::{self, Date, Unit};
use crate::placement::{Placement, TablePart};
pub use budget::{LIMITS, Limits};

/// The built-in layouts, embedded at compile time: (name, text).
pub const BUILTIN_LAYOUTS: &[(&str, &str)] = &[
    ("_stil.typ", include_str!("../layouts/_stil.typ")),
    ("_omslag.typ", include_str!("../layouts/_omslag.typ")),
    ("_brevhuvud.typ", include_str!("../layouts/_brevhuvud.typ")),
    ("_budget.typ", include_str!("../layouts/_budget.typ")),
    ("_tabell.typ", include_str!("../layouts/_tabell.typ")),
    ("rapport.typ", include_str!("../layouts/rapport.typ")),
    (
        "verksamhetsplan.typ",
        include_str!("../layouts/verksamhetsplan.typ"),
    ),
    (
        "delarsrapport.typ",
        include_str!("../layouts/delarsrapport.typ"),
    ),
    (
        "arsredovisning.typ",
        include_str!("../layouts/arsredovisning.typ"),
    ),
];

/// The template functions a narrative can place things with (for the hint on a misspelt one).
pub const FUNCTIONS: &[&str] = &["innehall", "tabell", "avvikelse"];

pub use crate::text::fold_ascii;

/// The amount in a template value and the unit it carries: an amount from a data file
/// (`{ belopp: "82240", enhet: "tkr" }`), an integer, a decimal or a Swedish-notation string.
fn amount_with_unit(value: &Value) -> tera::TeraResult<(Decimal, Option<Unit>)> {
    if let Some(map) = value.as_map() {
        let field = |k: &'static str| map.get(&tera::value::Key::from(k));
        if let Some(belopp) = field("belopp") {
            let unit = field("enhet")
                .and_then(|u| u.as_str())
                .and_then(Unit::parse);
            return Ok((amount(belopp)?, unit));
        }
    }
    Ok((amount(value)?, None))
}

/// The amount in a template value: an integer, a decimal or a Swedish-notation string.
fn amount(value: &Value) -> tera::TeraResult<Decimal> {
    if let Some(i) = value.as_i128() {
        return Decimal::try_from_i128_with_scale(i, 0)
            .map_err(|_| tera::Error::message(format!("beloppet {i} är för stort")));
    }
    if let Some(f) = value.as_f64() {
        return money::parse_amount(&format!("{f}")).map_err(tera::Error::message);
    }
    match value.as_str() {
        Some(s) => money::parse_amount(s).map_err(tera::Error::message),
        None => Err(tera::Error::message(format!(
            "ett belopp behövs, men värdet är {}",
            type_name(value.name())
        ))),
    }
}

fn unit_kwarg(kwargs: &Kwargs, default: Unit) -> tera::TeraResult<Unit> {
    match kwargs.get::<&str>("enhet")? {
        None => Ok(default),
        Some(u) => Unit::parse(u).ok_or_else(|| {
            tera::Error::message(format!("okänd enhet `{u}`: skriv kr, tkr eller mnkr"))
        }),
    }
}

fn amount_filter(to: Unit) -> impl Fn(&Value, Kwargs, &State) -> tera::TeraResult<String> {
    move |value: &Value, kwargs: Kwargs, _: &State| {
        let (value, carried) = amount_with_unit(value)?;
        let from = unit_kwarg(&kwargs, carried.unwrap_or(Unit::Kr))?;
        Ok(money::format_amount(value, from, to))
    }
}

/// Registers the filters shared by narrative and layouts.
pub(crate) fn register_filters(tera: &mut Tera) {
    tera.register_filter("kr", amount_filter(Unit::Kr));
    tera.register_filter("tkr", amount_filter(Unit::Tkr));
    tera.register_filter("mnkr", amount_filter(Unit::Mnkr));
    tera.register_filter("mkr", amount_filter(Unit::Mnkr));
    tera.register_filter(
        "tal",
        |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let decimals = kwargs.get::<u32>("decimaler")?.unwrap_or(0);
            Ok(money::format_number(
                amount_with_unit(value)?.0,
                decimals.min(10),
            ))
        },
    );
    tera.register_filter(
        "procent",
        |value: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let decimals = kwargs.get::<u32>("decimaler")?.unwrap_or(1);
            Ok(money::format_percent(amount(value)?, decimals.min(10)))
        },
    );
    tera.register_filter(
        "datum",
        |value: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            Date::parse(value)
                .map(Date::swedish)
                .map_err(tera::Error::message)
        },
    );
}

/// Markdown escaping for values that tera puts into a narrative: every ASCII punctuation mark
/// gets a backslash (CommonMark allows that for all of them), line breaks become spaces.
fn escape_for_markdown(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
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

/// typst escaping for values that layouts put into typst markup, with Swedish typography.
fn escape_for_typst(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
    let typographed = Typography::default().apply(input);
    output.write_all(markdown::escape_markup(&typographed).as_bytes())
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
}

/// Renders a narrative: the Markdown body as a tera template. `first_line` is the line of the
/// file where the body starts, so that errors point into the file as the writer sees it.
/// `tables` names the document's data files with their `typ`, which `tabell(...)` may place.
/// The template runs within `limits` ([`LIMITS`] for a build): past them, a located error.
pub fn render_narrative(
    body: &str,
    context: &Context,
    file: &str,
    first_line: usize,
    tables: &[(String, String)],
    unknown: &[String],
    limits: &Limits,
) -> Result<Narrative, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_for_markdown);
    tera.autoescape_on(vec![".md"]);
    register_filters(&mut tera);
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
    tera.register_function(
        "avvikelse",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let row: &str = kwargs.must_get("rad")?;
            let data = kwargs.get::<&str>("namn")?.unwrap_or("resultatrakning");
            let statement: Option<Value> = state.get(data)?;
            let rows = statement
                .as_ref()
                .and_then(|s| s.get_from_path("avvikelser"))
                .and_then(Value::as_array)
                .unwrap_or(&[]);
            let name_of = |r: &Value| {
                r.get_from_path("rad")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let Some(found) = rows.iter().find(|r| name_of(r).as_deref() == Some(row)) else {
                let names: Vec<String> = rows.iter().filter_map(name_of).collect();
                let hint = crate::diagnostics::nearest(row, names.iter().map(String::as_str))
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
            let amount = found
                .get_from_path("belopp")
                .cloned()
                .unwrap_or_else(Value::none);
            let text = amount_filter(Unit::Kr)(&amount, Kwargs::default(), state)?;
            let mut escaped = Vec::new();
            escape_for_markdown(&text, &mut escaped)
                .map_err(|_| tera::Error::message("internt fel"))?;
            let mut out = String::from_utf8_lossy(&escaped).into_owned();
            if let Some(label) = found.get_from_path("ankare").and_then(Value::as_str) {
                let mut placed = anchored
                    .lock()
                    .map_err(|_| tera::Error::message("internt fel"))?;
                if !placed.iter().any(|p| p == label) {
                    placed.push(label.to_owned());
                    out.push_str(&format!("{DIRECTIVE_MARK}{label}{DIRECTIVE_MARK}"));
                }
            }
            Ok(Value::safe_string(&out))
        },
    );
    let tables_placed = placements.clone();
    let known = tables.to_vec();
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
    let text = instrumented.as_ref().map_or(body, |i| i.text.as_str());
    if let Err(e) = tera.add_raw_template("index.md", text) {
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
        // Where tera was when it stopped (a filter's place), else the loop or set that counted
        // last (the output's limit is reached while writing, which has no place).
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
    match rendered {
        Ok(text) if problems.is_empty() => {
            let placements = placements.lock().map(|p| p.clone()).unwrap_or_default();
            let explained = explained.lock().map(|e| e.clone()).unwrap_or_default();
            Ok(Narrative {
                text,
                placements,
                explained,
            })
        }
        Ok(_) => Err(problems),
        Err(e) => {
            for d in source.diagnostic(&e) {
                if !problems.iter().any(|p| p.position == d.position) {
                    problems.push(d);
                }
            }
            Err(problems)
        }
    }
}

/// The tags a narrative may use, for the hint on one it may not.
const TAGS_HINT: &str =
    "malltaggarna är `{% if … %}`, `{% for … in … %}`, `{% set … %}` och `{% raw %}`";

/// A template's text and what it can see, for explaining its errors in the writer's terms.
struct Source<'a> {
    /// The template text.
    body: &'a str,
    /// The file, relative to the project root.
    file: &'a str,
    /// The file's line where `body` starts.
    first_line: usize,
    /// What the template can see; `None` for layouts, whose data is not at hand.
    context: Option<&'a Context>,
    /// Names whose values are unknown because of an error already reported (a data file that
    /// could not be read): an expression over them is not another error.
    unknown: &'a [String],
    /// The template tera read, when the budget's calls were inserted into `body`: tera's
    /// places are mapped back through it.
    instrumented: Option<&'a budget::Instrumented>,
}

/// One step of a path in a template expression: `.namn` or `[2]` or `["säte"]`.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Index(usize),
}

/// A path as written in a template (`budget.summa_kostnader[0]`): where it starts in the
/// template, the name it starts from and its steps, each with its own byte offset.
#[derive(Debug, Clone, PartialEq)]
struct ExprPath {
    start: usize,
    root: String,
    steps: Vec<(usize, Step)>,
}

impl ExprPath {
    fn shown(&self, steps: usize) -> String {
        let mut out = self.root.clone();
        for (_, step) in self.steps.iter().take(steps) {
            match step {
                Step::Field(f) if f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    out.push('.');
                    out.push_str(f);
                }
                Step::Field(f) => out.push_str(&format!("[\"{f}\"]")),
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

/// Words of the template language that are not names of values.
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "set",
    "set_global",
    "true",
    "false",
    "True",
    "False",
    "none",
    "None",
    "loop",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "block",
    "endblock",
    "macro",
    "endmacro",
    "include",
    "extends",
    "break",
    "continue",
    "with",
    "endwith",
];

/// The `{{ … }}` and `{% … %}` tags of a template: (offset of the inner text, inner text, is an
/// expression `{{`), leaving out comments and what stands between `{% raw %}` and `{% endraw %}`.
fn tags(body: &str) -> Vec<(usize, &str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut raw = false;
    while let Some(found) = body[at..].find('{') {
        let start = at + found;
        let rest = &body[start..];
        let (close, expression) = if rest.starts_with("{{") {
            ("}}", true)
        } else if rest.starts_with("{%") {
            ("%}", false)
        } else if rest.starts_with("{#") {
            ("#}", false)
        } else {
            at = start + 1;
            continue;
        };
        let inner_start = start + 2;
        let Some(length) = body[inner_start..].find(close) else {
            break;
        };
        let inner = &body[inner_start..inner_start + length];
        at = inner_start + length + 2;
        if close == "#}" {
            continue;
        }
        let word = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
        if raw {
            raw = expression || word != "endraw";
            continue;
        }
        if !expression && word == "raw" {
            raw = true;
            continue;
        }
        out.push((inner_start, inner, expression));
    }
    out
}

/// The paths in an expression, with offsets counted from the template's start. Names of
/// filters, tests, functions and keyword arguments are left out, as are string literals.
fn paths(expression: &str, offset: usize) -> Vec<ExprPath> {
    let bytes = expression.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_end = |from: usize| {
        let mut j = from;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        j
    };
    let previous = |i: usize| {
        expression[..i]
            .trim_end()
            .chars()
            .next_back()
            .unwrap_or(' ')
    };
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += 1;
            }
            i += 1;
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == b'_') {
            i += 1;
            continue;
        }
        let end = ident_end(i);
        let name = &expression[i..end];
        let before = previous(i);
        let after = expression[end..].trim_start();
        let is_name = !KEYWORDS.contains(&name)
            && before != '|'
            && before != '.'
            && !expression[..i].trim_end().ends_with(" is")
            && !after.starts_with('(')
            && (!after.starts_with('=') || after.starts_with("=="));
        if !is_name {
            i = end;
            continue;
        }
        let mut path = ExprPath {
            start: offset + i,
            root: name.to_owned(),
            steps: Vec::new(),
        };
        let mut j = end;
        loop {
            if j < bytes.len() && bytes[j] == b'.' {
                let k = ident_end(j + 1);
                if k == j + 1 {
                    break;
                }
                path.steps
                    .push((offset + j + 1, Step::Field(expression[j + 1..k].to_owned())));
                j = k;
            } else if j < bytes.len() && bytes[j] == b'[' {
                let Some(close) = expression[j..].find(']') else {
                    break;
                };
                let inside = expression[j + 1..j + close].trim();
                let step = if let Ok(n) = inside.parse::<usize>() {
                    Step::Index(n)
                } else if inside.len() >= 2
                    && (inside.starts_with('"') && inside.ends_with('"')
                        || inside.starts_with('\'') && inside.ends_with('\''))
                {
                    Step::Field(inside[1..inside.len() - 1].to_owned())
                } else {
                    break;
                };
                path.steps.push((offset + j, step));
                j += close + 1;
            } else {
                break;
            }
        }
        out.push(path);
        i = j.max(end);
    }
    out
}

/// What became of following a path through the values.
enum Walk<'v> {
    /// The value at the end of the path.
    Found(&'v Value),
    /// Step `at` names a field the map before it lacks.
    Missing { at: usize, parent: &'v Value },
    /// Step `at` indexes past the end of a list of `len`.
    OutOfRange { at: usize, len: usize },
    /// Step `at` goes into a value that has no fields or items.
    NotContainer { at: usize, value: &'v Value },
}

fn walk<'v>(root: &'v Value, path: &ExprPath) -> Walk<'v> {
    let mut current = root;
    for (at, (_, step)) in path.steps.iter().enumerate() {
        current = match step {
            Step::Field(name) => match current.as_map() {
                Some(map) => match map.get(&tera::value::Key::from(name.clone())) {
                    Some(v) => v,
                    None => {
                        return Walk::Missing {
                            at,
                            parent: current,
                        };
                    }
                },
                None => match current.as_array() {
                    Some(_) => {
                        return Walk::Missing {
                            at,
                            parent: current,
                        };
                    }
                    None => return Walk::NotContainer { at, value: current },
                },
            },
            Step::Index(i) => match current.as_array() {
                Some(items) => match items.get(*i) {
                    Some(v) => v,
                    None => {
                        return Walk::OutOfRange {
                            at,
                            len: items.len(),
                        };
                    }
                },
                None => return Walk::NotContainer { at, value: current },
            },
        };
    }
    Walk::Found(current)
}

/// The fields of a map as a writer would name them: ASCII (the folded twin of `säte` is `sate`).
fn field_names(value: &Value) -> Vec<String> {
    let Some(map) = value.as_map() else {
        return Vec::new();
    };
    map.keys()
        .map(|k| k.to_string())
        .filter(|k| k.is_ascii() || !map.contains_key(&tera::value::Key::from(fold_ascii(k))))
        .collect()
}

/// What a value is, in Swedish.
fn kind_of(value: &Value) -> &'static str {
    if is_amount(value) {
        "ett belopp"
    } else if value.is_map() {
        "en tabell av fält"
    } else if value.is_array() {
        "en lista"
    } else if value.is_string() {
        "en text"
    } else if value.is_number() {
        "ett tal"
    } else if value.is_bool() {
        "ett sanningsvärde"
    } else {
        "ett tomt värde"
    }
}

/// An amount from a data file: `{ belopp, enhet }`, printed with `kr`, `tkr` or `mnkr`.
fn is_amount(value: &Value) -> bool {
    value.as_map().is_some_and(|m| {
        m.len() == 2
            && m.contains_key(&tera::value::Key::from("belopp"))
            && m.contains_key(&tera::value::Key::from("enhet"))
    })
}

/// “[0] är 2021, [1] är 2022”, when a list has one value per year of the data file.
fn years_of(root: &Value, len: usize) -> Option<String> {
    let years = root
        .as_map()?
        .get(&tera::value::Key::from("ar"))?
        .as_array()?;
    (years.len() == len && len > 0).then(|| {
        years
            .iter()
            .enumerate()
            .map(|(i, y)| format!("[{i}] är {y}"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Names as a list for a hint, at most a dozen.
fn listed(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > 12 {
        shown.push(format!("och {} till", names.len() - 12));
    }
    shown.join(", ")
}

/// Whether a message is ours (Swedish) rather than the template library's (English).
fn is_swedish(message: &str) -> bool {
    message.contains(['å', 'ä', 'ö', 'Å', 'Ä', 'Ö'])
        || [
            " är ", " ett ", " en ", "ska ", "finns", "skriv", "saknas", "okänd", "inte ", "ange ",
            "belopp", "datum",
        ]
        .iter()
        .any(|w| message.contains(w))
}

/// The names the narrative can use, without the layouts' own.
const INTERNAL_NAMES: &[&str] = &[
    "budgetar",
    "data",
    "standardtabeller",
    "placerade",
    "narrativ",
    "pdf_datum",
    "innehall_placerad",
];

impl Source<'_> {
    /// The writer's offset of the place a tera error reports, if it reports one.
    fn tera_offset(&self, error: &tera::Error) -> Option<usize> {
        let mut current: Option<&dyn std::error::Error> = Some(error);
        while let Some(e) = current {
            if let Some(tera::ErrorKind::RenderingError(r) | tera::ErrorKind::SyntaxError(r)) =
                e.downcast_ref::<tera::Error>().map(tera::Error::kind)
            {
                return Some(self.original(r.span().range.start));
            }
            current = e.source();
        }
        None
    }

    /// The writer's offset for an offset in the template tera read.
    fn original(&self, offset: usize) -> usize {
        self.instrumented.map_or(offset, |i| i.original(offset))
    }

    fn position(&self, offset: usize) -> Position {
        let p = Position::of_offset(self.body, offset);
        Position {
            line: p.line + self.first_line - 1,
            column: p.column,
        }
    }

    fn error(&self, offset: usize, message: String) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.file)
            .at(self.position(offset))
    }

    /// The names tera says the template sees, as a writer would use them: without the
    /// layouts' own and without the un-folded twins of folded names.
    fn variables(message: &str) -> Vec<String> {
        let names: Vec<String> = message
            .split_once("Available variables: ")
            .map(|(_, list)| list.split(", ").map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default();
        names
            .iter()
            .filter(|n| {
                !INTERNAL_NAMES.contains(&n.as_str())
                    && (n.is_ascii() || !names.contains(&fold_ascii(n)))
            })
            .cloned()
            .collect()
    }

    /// Explains why `path` does not lead to a value, or `None` when it does (or cannot be
    /// followed here: a loop variable, say).
    fn explain(&self, path: &ExprPath) -> Option<Option<Diagnostic>> {
        if self.unknown.contains(&path.root) {
            // Already reported where its file failed: no second message.
            return Some(None);
        }
        let root = self.context?.get(&path.root)?;
        match walk(root, path) {
            Walk::Found(_) => None,
            Walk::Missing { at, parent } => {
                let (offset, step) = &path.steps[at];
                let Step::Field(name) = step else {
                    return None;
                };
                let owner = path.shown(at);
                let known = field_names(parent);
                let mut d = if parent.is_array() {
                    self.error(
                        *offset,
                        format!("`{owner}` är en lista: den har inga fält, bara [0], [1] …"),
                    )
                } else {
                    self.error(*offset, format!("fältet `{name}` finns inte i `{owner}`"))
                };
                d = match crate::diagnostics::nearest(name, known.iter().map(String::as_str)) {
                    Some(n) => d.hint(format!("menade du `{n}`?")),
                    None if !known.is_empty() => d.hint(format!("det finns: {}", listed(&known))),
                    None => d,
                };
                Some(Some(d))
            }
            Walk::OutOfRange { at, len } => {
                let (offset, step) = &path.steps[at];
                let Step::Index(index) = step else {
                    return None;
                };
                let owner = path.shown(at);
                let d = self.error(
                    *offset,
                    format!("`{owner}` har {len} värden: [{index}] finns inte"),
                );
                let d = match years_of(root, len) {
                    Some(years) => d.hint(format!("ett värde per år: {years}")),
                    None if len == 0 => d.hint("listan är tom"),
                    None => d.hint(format!("skriv ett index från 0 till {}", len - 1)),
                };
                Some(Some(d))
            }
            Walk::NotContainer { at, value } => {
                let (offset, _) = &path.steps[at];
                let owner = path.shown(at);
                let d = self.error(
                    *offset,
                    format!(
                        "`{owner}` är {} och har inga fält eller värden att välja bland",
                        kind_of(value)
                    ),
                );
                Some(Some(d.hint(format!("skriv bara `{{{{ {owner} }}}}`"))))
            }
        }
    }

    /// Errors for every `{{ path }}` without a filter whose value is a map or a list: printed,
    /// it would be raw data in the PDF.
    fn printed_collections(&self) -> Vec<Diagnostic> {
        let Some(context) = self.context else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (offset, inner, expression) in tags(self.body) {
            if !expression {
                continue;
            }
            let trimmed = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
            let lead = inner.len() - inner.trim_start_matches(['-', ' ', '\t', '\n', '\r']).len();
            let found = paths(trimmed, offset + lead);
            let [path] = found.as_slice() else { continue };
            if path.shown(path.steps.len()).len() != trimmed.len()
                && trimmed.contains(['|', '(', '+', '~', ' '])
            {
                continue;
            }
            let Some(root) = context.get(&path.root) else {
                continue;
            };
            let Walk::Found(value) = walk(root, path) else {
                continue;
            };
            let shown = path.shown(path.steps.len());
            let d = if is_amount(value) {
                self.error(
                    path.start,
                    format!("`{shown}` är ett belopp och skrivs ut med ett filter"),
                )
                .hint(format!(
                    "skriv `{{{{ {shown} | tkr }}}}` (eller `kr`, `mnkr`, `tal`)"
                ))
            } else if let Some(items) = value.as_array() {
                let d = self.error(
                    path.start,
                    format!(
                        "`{shown}` är en lista med {} värden och kan inte skrivas ut som den är",
                        items.len()
                    ),
                );
                match items.first() {
                    Some(first) if is_amount(first) => {
                        let d = d.hint(format!("skriv ett av värdena: `{{{{ {shown}[0] | tkr }}}}`"));
                        match years_of(root, items.len()) {
                            Some(years) => d.hint(format!("ett värde per år: {years}")),
                            None => d,
                        }
                    }
                    Some(first) if first.is_map() => {
                        let fields = field_names(first);
                        let d = d.hint(format!(
                            "skriv ett fält i taget, till exempel `{{{{ {shown}[0].{} }}}}`; fälten är {}",
                            fields.first().map_or("namn", String::as_str),
                            listed(&fields)
                        ));
                        if path.steps.len() == 1
                            && matches!(&path.steps[0].1, Step::Field(f) if TablePart::from_name(f).is_some())
                        {
                            d.hint(format!(
                                "eller placera tabellen: `{{{{ tabell(namn=\"{}\", del=\"{}\") }}}}`",
                                path.root,
                                path.shown(1).rsplit('.').next().unwrap_or("")
                            ))
                        } else {
                            d
                        }
                    }
                    _ => d.hint(format!(
                        "skriv ett av värdena, `{{{{ {shown}[0] }}}}`, eller alla: `{{{{ {shown} | join(sep=\", \") }}}}`"
                    )),
                }
            } else if value.is_map() {
                let printable: Vec<String> = value
                    .as_map()
                    .map(|m| {
                        m.iter()
                            .filter(|(k, v)| {
                                let k = k.to_string();
                                k.is_ascii() && (!v.is_map() || is_amount(v)) && !v.is_array()
                            })
                            .map(|(k, _)| format!("{shown}.{k}"))
                            .collect()
                    })
                    .unwrap_or_default();
                let d = self.error(
                    path.start,
                    format!("`{shown}` är en tabell av fält och kan inte skrivas ut som den är"),
                );
                if printable.is_empty() {
                    d.hint(format!("det finns: {}", listed(&field_names(value))))
                } else {
                    d.hint(format!("det som kan skrivas ut: {}", listed(&printable)))
                }
            } else {
                continue;
            };
            out.push(d);
        }
        out
    }

    /// The tag around a byte offset: (offset of its inner text, inner text, is an expression).
    fn tag_at(&self, offset: usize) -> Option<(usize, &str, bool)> {
        tags(self.body)
            .into_iter()
            .rfind(|(start, inner, _)| *start <= offset + 2 && offset <= start + inner.len() + 2)
    }

    /// The unclosed `{% if %}` or `{% for %}` nearest the end, for “the template ends inside
    /// a tag”.
    fn unclosed_block(&self) -> Option<(usize, String)> {
        let mut open: Vec<(usize, String)> = Vec::new();
        for (offset, inner, expression) in tags(self.body) {
            if expression {
                continue;
            }
            let word = inner
                .trim_matches(|c: char| c == '-' || c.is_whitespace())
                .split_whitespace()
                .next()
                .unwrap_or("");
            match word {
                "if" | "for" | "filter" | "macro" | "block" | "with" => {
                    open.push((offset, word.to_owned()))
                }
                w if w.starts_with("end") => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.pop()
    }

    /// Turns a tera error into the writer's terms: what is wrong at which place, and the fix.
    /// Empty when the error only follows from one already reported.
    fn diagnostic(&self, error: &tera::Error) -> Vec<Diagnostic> {
        let mut current: Option<&dyn std::error::Error> = Some(error);
        let mut report = None;
        let mut messages = Vec::new();
        let mut syntax = false;
        while let Some(e) = current {
            if let Some(t) = e.downcast_ref::<tera::Error>() {
                match t.kind() {
                    tera::ErrorKind::SyntaxError(r) => {
                        syntax = true;
                        report.get_or_insert_with(|| r.clone());
                    }
                    tera::ErrorKind::RenderingError(r) => {
                        report.get_or_insert_with(|| r.clone());
                    }
                    tera::ErrorKind::Msg(m) => messages.push(m.clone()),
                    tera::ErrorKind::InvalidArgument {
                        expected_type,
                        actual_type,
                    } => messages.push(format!(
                        "fel sorts värde: väntade {}, fick {}",
                        type_name(expected_type),
                        type_name(actual_type)
                    )),
                    tera::ErrorKind::MissingArgument { arg_name } => {
                        messages.push(format!("argumentet `{arg_name}` saknas"))
                    }
                    tera::ErrorKind::OutOfRangeArgument { value, .. } => {
                        messages.push(format!("värdet {value} är för stort eller för litet"))
                    }
                    _ => messages.push(String::new()),
                }
            }
            current = e.source();
        }
        // Unknown filters, tests and functions come as tera's own report, as text.
        let reported = messages.iter().find_map(|m| reference_error(m));
        let (message, offset) = match (&report, reported) {
            (Some(r), _) => (
                r.message().to_owned(),
                Some(self.original(r.span().range.start)),
            ),
            (None, Some((message, line, column))) => {
                let read = self.instrumented.map_or(self.body, |i| i.text.as_str());
                let offset = line_column_offset(read, line, column).map(|o| self.original(o));
                (message, offset)
            }
            (None, None) => (String::new(), None),
        };
        // Our own filters' and functions' messages are Swedish already.
        let mut own: Vec<&String> = messages
            .iter()
            .filter(|m| !m.is_empty() && is_swedish(m))
            .collect();
        if is_swedish(&message) {
            own.insert(0, &message);
        }

        let Some(offset) = offset else {
            let text = own
                .first()
                .map_or("mallen kan inte fyllas i".to_owned(), |m| (*m).clone());
            return vec![Diagnostic::error(format!("mallfel: {text}")).in_file(self.file)];
        };
        let tag = self.tag_at(offset);

        // A path that leads nowhere explains itself best: the names and years that exist.
        if let Some((start, inner, _)) = tag {
            for path in paths(inner, start) {
                match self.explain(&path) {
                    Some(Some(d)) => return vec![d],
                    Some(None) => return Vec::new(),
                    None => {}
                }
            }
        }

        let quoted = tag.map(|(start, inner, expression)| {
            let (open, close) = if expression {
                ("{{", "}}")
            } else {
                ("{%", "%}")
            };
            (start - 2, format!("{open}{inner}{close}"))
        });
        let as_text_hint = "vill du skriva `{{` eller `{%` som text: skriv `{{ \"{%\" }}`, eller omge texten med `{% raw %}` och `{% endraw %}`";
        let error =
            |offset: usize, message: String| self.error(offset, format!("mallfel: {message}"));

        if let Some(rest) = message.strip_prefix("Variable `") {
            let name = rest.split('`').next().unwrap_or("");
            let known = Source::variables(&message);
            let d = error(offset, format!("`{name}` finns inte i dokumentets data"));
            return vec![
                match crate::diagnostics::nearest(name, known.iter().map(String::as_str)) {
                    Some(n) => d.hint(format!("menade du `{n}`?")),
                    None if !known.is_empty() => d.hint(format!("det finns: {}", listed(&known))),
                    None => d,
                },
            ];
        }
        if let Some(rest) = message.strip_prefix("Field `") {
            let name = rest.split('`').next().unwrap_or("");
            let known: Vec<String> = message
                .split_once("Available fields: ")
                .map(|(_, list)| list.split(", ").map(|s| s.trim().to_owned()).collect())
                .unwrap_or_default();
            let d = error(offset, format!("fältet `{name}` finns inte"));
            return vec![
                match crate::diagnostics::nearest(name, known.iter().map(String::as_str)) {
                    Some(n) => d.hint(format!("menade du `{n}`?")),
                    None if !known.is_empty() => d.hint(format!("det finns: {}", listed(&known))),
                    None => d,
                },
            ];
        }
        if let Some(rest) = message.strip_prefix("Unknown filter `") {
            let name = rest.split('`').next().unwrap_or("");
            let known = ["kr", "tkr", "mnkr", "mkr", "procent", "tal", "datum"];
            let d = error(offset, format!("filtret `{name}` finns inte"));
            return vec![match crate::diagnostics::nearest(name, known) {
                Some(n) => d.hint(format!("menade du `{n}`?")),
                None => d.hint(format!("filtren är {}", known.join(", "))),
            }];
        }
        if let Some(rest) = message
            .strip_prefix("Unknown function `")
            .or_else(|| message.strip_prefix("Function `"))
        {
            let name = rest.split('`').next().unwrap_or("");
            let d = error(offset, format!("funktionen `{name}` finns inte"));
            return vec![
                match crate::diagnostics::nearest(name, FUNCTIONS.iter().copied()) {
                    Some(n) => d.hint(format!("menade du `{n}()`?")),
                    None => d.hint(format!("funktionerna är {}()", FUNCTIONS.join("(), "))),
                },
            ];
        }
        if let Some(rest) = message.strip_prefix("Unknown test `") {
            let name = rest.split('`').next().unwrap_or("");
            return vec![error(offset, format!("testet `{name}` finns inte")).hint(
                "skriv till exempel `{% if dokument.undertitel %}` för att fråga om ett värde finns",
            )];
        }
        if message.starts_with("Unexpected end of input") {
            let (at, what) = self
                .unclosed_block()
                .map(|(o, w)| (o - 2, format!("`{{% {w} %}}` stängs aldrig")))
                .unwrap_or((offset, "mallen tar slut mitt i ett uttryck".to_owned()));
            return vec![error(at, what).hint(
                "ett `{% if %}` eller `{% for %}` saknar sitt `{% endif %}` eller `{% endfor %}`, eller ett `{{` stängs aldrig med `}}`",
            ).hint(as_text_hint)];
        }
        if message == "Unknown tag" {
            let word = tag
                .map(|(_, inner, _)| {
                    inner
                        .trim_matches(|c: char| c == '-' || c.is_whitespace())
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_owned()
                })
                .unwrap_or_default();
            let at = quoted.as_ref().map_or(offset, |(o, _)| *o);
            return vec![
                error(at, format!("`{{% {word} %}}` är ingen malltagg"))
                    .hint(TAGS_HINT)
                    .hint(as_text_hint),
            ];
        }
        if let Some(own) = own.first() {
            return vec![error(offset, (*own).clone())];
        }
        if message.starts_with("Tried to render a variable that is undefined")
            || message.starts_with("Cannot index into an undefined value")
            || message.contains("undefined")
        {
            return vec![
                error(offset, "värdet finns inte".to_owned())
                    .hint("kontrollera namnen i uttrycket mot datafilerna"),
            ];
        }
        // Anything else: tera's words stay out; the writer's own text shows what we read.
        let what = if syntax {
            "mallen kan inte läsas här"
        } else {
            "mallen kan inte fyllas i här"
        };
        let mut d = error(quoted.as_ref().map_or(offset, |(o, _)| *o), what.to_owned());
        if let Some((_, text)) = &quoted {
            d = d.hint(format!("uttrycket är `{}`", text.trim()));
        }
        vec![d.hint(as_text_hint)]
    }
}

/// tera's type names in Swedish.
fn type_name(name: &str) -> &'static str {
    match name {
        "string" | "str" | "String" => "en text",
        "number" | "i64" | "u64" | "f64" | "integer" | "float" | "i128" | "u128" | "u32" => {
            "ett tal"
        }
        "bool" => "ett sanningsvärde",
        "array" | "Vec" => "en lista",
        "map" | "object" => "en tabell av fält",
        "undefined" | "none" | "null" => "ett värde som inte finns",
        _ => "ett annat slags värde",
    }
}

/// tera reports unknown filters, tests and functions as text: `error: Unknown filter \`Tkr\``
/// then ` --> index.md:7:38`. Returns the message and the place.
fn reference_error(text: &str) -> Option<(String, usize, usize)> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?.trim().to_owned();
    let place = lines.find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((message, line, column))
}

/// The byte offset of a 1-based line and a 1-based column (in characters) in `text`.
fn line_column_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

/// Layout texts by name, and the names a project overrides.
pub(crate) type LayoutSources = (BTreeMap<String, String>, Vec<String>);

/// The layout texts of a project: the `builtin` ones, overridden and extended by the project's
/// `layouts/*.<extension>`; beside them the names the project overrides.
pub(crate) fn layout_sources(
    root: &Path,
    builtin: &[(&str, &str)],
    extension: &str,
) -> Result<LayoutSources, Vec<Diagnostic>> {
    let mut templates: BTreeMap<String, String> = builtin
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    let mut overridden = Vec::new();
    let mut problems = Vec::new();
    let dir = root.join("layouts");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != extension) {
                continue;
            }
            let name = crate::diagnostics::display_path(path.strip_prefix(&dir).unwrap_or(path));
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    overridden.push(name.clone());
                    templates.insert(name, text);
                }
                Err(e) => problems.push(
                    Diagnostic::error(format!("kan inte läsa layouten: {e}"))
                        .in_file(format!("layouts/{name}")),
                ),
            }
        }
    }
    if problems.is_empty() {
        Ok((templates, overridden))
    } else {
        Err(problems)
    }
}

/// The most characters a string from `| str` keeps (see the filter).
const MAX_PDF_STRING: usize = 16_000;

/// The layouts of a project: the built-in ones, overridden and extended by `layouts/*.typ`.
pub struct Layouts {
    tera: Tera,
    overridden: Vec<String>,
    sources: BTreeMap<String, String>,
}

impl Layouts {
    /// Loads the built-in layouts and those of the project at `root`.
    pub fn load(root: &Path) -> Result<Layouts, Vec<Diagnostic>> {
        let (templates, overridden) = layout_sources(root, BUILTIN_LAYOUTS, "typ")?;
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_for_typst);
        tera.autoescape_on(vec![".typ"]);
        register_filters(&mut tera);
        tera.register_filter("str", |value: &Value, _: Kwargs, _: &State| {
            let mut text = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            // Strings the layouts make become the PDF's metadata and alt texts, which PDF/A
            // allows up to 32 767 bytes (UTF-16: two a character): the alt text made from a
            // table of thousands of rows is cut, not the build.
            if let Some((cut, _)) = text.char_indices().nth(MAX_PDF_STRING) {
                text.truncate(cut);
                text.push('…');
            }
            Value::safe_string(&markdown::escape_string(&text))
        });
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![layouts_error(&e, &overridden, &templates)])?;
        Ok(Layouts {
            tera,
            overridden,
            sources: templates,
        })
    }

    /// Whether a layout of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders the layout `name` into typst source.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| layouts_error(&e, &self.overridden, &self.sources))
    }

    /// The typst of each placement, by the number of its mark: the table of contents, and
    /// tables through `_tabell.typ` with `b` (the data file's value, from `data`) and `del`. A
    /// table that fails to render is reported and left empty.
    pub fn placements(
        &self,
        placements: &[Placement],
        context: &Context,
        data: &dyn Fn(&str) -> Option<Value>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        placements
            .iter()
            .map(|placement| match placement {
                Placement::Contents => "#arshjul-innehall()".to_owned(),
                Placement::Table { data: name, part } => {
                    let mut context = context.clone();
                    if let Some(b) = data(name) {
                        context.insert_value("b", b);
                    }
                    context.insert("del", Placement::part_name(*part));
                    match self.render("_tabell.typ", &context) {
                        Ok(code) => format!("\n{}\n", code.trim()),
                        Err(d) => {
                            diagnostics.push(d);
                            String::new()
                        }
                    }
                }
            })
            .collect()
    }
}

pub(crate) fn layouts_error(
    error: &tera::Error,
    overridden: &[String],
    sources: &BTreeMap<String, String>,
) -> Diagnostic {
    let mut template = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.filename().to_owned())
        }
        _ => None,
    };
    if template.is_none()
        && let tera::ErrorKind::Msg(m) = error.kind()
        && let Some(place) = m.lines().find_map(|l| l.trim_start().strip_prefix("--> "))
    {
        template = place.rsplitn(3, ':').nth(2).map(str::to_owned);
    }
    let name = template.unwrap_or_default();
    let own = overridden.contains(&name);
    let file = if own {
        format!("layouts/{name}")
    } else {
        name.clone()
    };
    let source = Source {
        body: sources.get(&name).map_or("", String::as_str),
        file: &file,
        first_line: 1,
        context: None,
        unknown: &[],
        instrumented: None,
    };
    let mut d = source
        .diagnostic(error)
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::error("mallfel").in_file(&file));
    if !own {
        d.file = None;
        d.position = None;
        d.message = format!("i den inbyggda layouten {name}: {}", d.message);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Written, context, value};

    /// The narrative `body` rendered with `ctx`, as `index.md` from its first line.
    fn narrate(body: &str, ctx: &Context) -> Result<String, Vec<Diagnostic>> {
        render_narrative(body, ctx, "i.md", 1, &[], &[], &LIMITS).map(|n| n.text)
    }

    /// Named values as templates see them, from a YAML map of them.
    fn values_of(yaml: &str) -> BTreeMap<String, tera::Value> {
        let node = crate::yaml::parse(yaml, "v.yaml", 0).unwrap();
        let crate::yaml::Value::Map(entries) = &node.value else {
            panic!("{yaml}")
        };
        entries
            .iter()
            .map(|(k, v)| (k.name.clone(), value(&Written(v))))
            .collect()
    }

    const VALUES: &str = "forbund: { namn: '*Nord* [x]', säte: Mölndals stad }\nbelopp: 61478000\n";

    fn values() -> BTreeMap<String, tera::Value> {
        values_of(VALUES)
    }

    #[test]
    fn narrative_values_are_markdown_escaped() {
        let ctx = context(&values());
        let out = narrate("Förbundet {{ forbund.namn }}.", &ctx).unwrap();
        assert_eq!(out, r"Förbundet \*Nord\* \[x\].");
    }

    #[test]
    fn swedish_keys_by_subscript_and_folded() {
        let ctx = context(&values());
        let out = narrate(r#"{{ forbund["säte"] }} / {{ forbund.sate }}"#, &ctx).unwrap();
        assert_eq!(out, "Mölndals stad / Mölndals stad");
    }

    #[test]
    fn number_filters() {
        let ctx = context(&values());
        let out = narrate("{{ belopp | kr }}; {{ belopp | mnkr }}; {{ 61478 | tkr(enhet=\"tkr\") }}; {{ 0.054 | procent }}; {{ \"2020-11-27\" | datum }}", &ctx).unwrap();
        assert_eq!(
            out,
            "61\u{a0}478\u{a0}000\u{a0}kr; 61\\,5\u{a0}mnkr; 61\u{a0}478\u{a0}tkr; 5\\,4\u{a0}\\%; 27 november 2020"
        );
    }

    #[test]
    fn unknown_variable_is_located() {
        let ctx = context(&values());
        let err = render_narrative(
            "Rad ett\n\nHär {{ forbund.nman }}",
            &ctx,
            "c/i.md",
            6,
            &[],
            &[],
            &LIMITS,
        )
        .unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(
            err[0].position,
            Some(Position {
                line: 8,
                column: 16
            })
        );
        assert_eq!(err[0].message, "fältet `nman` finns inte i `forbund`");
        assert_eq!(err[0].hints, ["menade du `namn`?"]);
    }

    #[test]
    fn bad_amount_in_filter_is_an_error() {
        let ctx = context(&values());
        let err = narrate("{{ \"tvåhundra\" | kr }}", &ctx).unwrap_err();
        assert!(err[0].message.contains("tvåhundra"), "{}", err[0].message);
    }

    #[test]
    fn directive_function_places_a_mark() {
        let out = narrate("{{ innehall() }}", &Context::new()).unwrap();
        assert_eq!(out, format!("{DIRECTIVE_MARK}0{DIRECTIVE_MARK}"));
    }

    #[test]
    fn placements_are_listed_in_the_order_of_their_marks() {
        let ctx = context(&budget_values());
        let narrative = render_narrative(
            "{{ tabell(namn=\"budget\", del=\"intäkter\") }}\n\n{{ innehall() }}\n\n{{ tabell(namn=\"budget\") }}",
            &ctx,
            "c/index.md",
            6,
            &[("budget".into(), "budget".into())],
            &[],
            &LIMITS,
        )
        .unwrap();
        let mark = |i: usize| format!("{DIRECTIVE_MARK}{i}{DIRECTIVE_MARK}");
        assert_eq!(
            narrative.text,
            format!("{}\n\n{}\n\n{}", mark(0), mark(1), mark(2))
        );
        let budget = |part| Placement::Table {
            data: "budget".into(),
            part: Some(part),
        };
        assert_eq!(
            narrative.placements,
            [
                budget(TablePart::Intakter),
                Placement::Contents,
                budget(TablePart::Kostnader)
            ]
        );
    }

    /// A budget as templates see it: years, amounts with their unit, a list of members.
    fn budget_values() -> BTreeMap<String, tera::Value> {
        values_of(&format!(
            "{VALUES}budget:
  typ: budget
  år: [2021, 2022, 2023]
  summa_kostnader:
    - {{ belopp: '100', enhet: tkr }}
    - {{ belopp: '200', enhet: tkr }}
    - {{ belopp: '300', enhet: tkr }}
  medlemsbidrag:
    - {{ namn: Försäkringskassan, belopp: {{ belopp: '50', enhet: tkr }} }}
"
        ))
    }

    /// The diagnostics for a narrative whose body starts on line 6 of `c/index.md`.
    fn errors(body: &str) -> Vec<Diagnostic> {
        let ctx = context(&budget_values());
        render_narrative(
            body,
            &ctx,
            "c/index.md",
            6,
            &[("budget".into(), "budget".into())],
            &[],
            &LIMITS,
        )
        .unwrap_err()
    }

    fn place(d: &Diagnostic) -> (usize, usize) {
        d.position.map(|p| (p.line, p.column)).unwrap_or_default()
    }

    #[test]
    fn a_misspelt_figure_gets_the_name_that_exists() {
        let e = errors("Text\n\nKostnaderna är {{ budget.summa_kostnad[0] | tkr }}.");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "fältet `summa_kostnad` finns inte i `budget`");
        assert_eq!(place(&e[0]), (8, 26));
        assert_eq!(e[0].hints, ["menade du `summa_kostnader`?"]);
    }

    #[test]
    fn an_index_past_the_years_names_the_years() {
        let e = errors("{{ budget.summa_kostnader[3] | tkr }}");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].message,
            "`budget.summa_kostnader` har 3 värden: [3] finns inte"
        );
        assert_eq!(place(&e[0]), (6, 26));
        assert_eq!(
            e[0].hints,
            ["ett värde per år: [0] är 2021, [1] är 2022, [2] är 2023"]
        );
    }

    #[test]
    fn an_unknown_filter_is_at_its_line_once() {
        let e = errors("Rad 1\n\nRad 3\n\nRad 5\n\nSumma {{ budget.summa_kostnader[0] | Tkr }}.");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "mallfel: filtret `Tkr` finns inte");
        assert_eq!(place(&e[0]), (12, 38));
        assert_eq!(e[0].hints, ["menade du `tkr`?"]);
    }

    #[test]
    fn a_misspelt_function_is_named_with_the_nearest_one() {
        let e = errors("Bidragen {{ avvikelsen(rad=\"Bidrag\") }}.");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "mallfel: funktionen `avvikelsen` finns inte");
        assert_eq!(e[0].hints, ["menade du `avvikelse()`?"]);
        let e = errors("{{ xyzzy() }}");
        assert_eq!(
            e[0].hints,
            ["funktionerna är innehall(), tabell(), avvikelse()"]
        );
    }

    #[test]
    fn a_tag_that_does_not_exist_is_named() {
        let e = errors("Vi skriver {% procent %} i texten.");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "mallfel: `{% procent %}` är ingen malltagg");
        assert_eq!(place(&e[0]), (6, 12));
        assert!(e[0].hints[1].contains("{% raw %}"), "{:?}", e[0].hints);
    }

    #[test]
    fn an_if_without_endif_points_at_the_if() {
        let e = errors("Text\n{% if dokument %}\nmer text\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].message, "mallfel: `{% if %}` stängs aldrig");
        assert_eq!(place(&e[0]), (7, 1));
    }

    #[test]
    fn printing_a_list_or_a_map_into_prose_is_an_error_naming_what_can_be_printed() {
        let e = errors(
            "Bidrag: {{ budget.medlemsbidrag }}. Allt: {{ budget }}. {{ budget.summa_kostnader[1] }}",
        );
        let messages: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`budget.medlemsbidrag` är en lista med 1 värden och kan inte skrivas ut som den är",
                "`budget` är en tabell av fält och kan inte skrivas ut som den är",
                "`budget.summa_kostnader[1]` är ett belopp och skrivs ut med ett filter",
            ]
        );
        assert_eq!(place(&e[0]), (6, 12));
        assert!(
            e[0].hints[0].contains("`{{ budget.medlemsbidrag[0].namn }}`"),
            "{:?}",
            e[0].hints
        );
        assert!(e[0].hints[1].contains("tabell(namn=\"budget\", del=\"medlemsbidrag\")"));
        assert_eq!(e[1].hints, ["det som kan skrivas ut: `budget.typ`"]);
        assert_eq!(
            e[2].hints,
            ["skriv `{{ budget.summa_kostnader[1] | tkr }}` (eller `kr`, `mnkr`, `tal`)"]
        );
        // With a filter, or a field of it, all is well.
        let ctx = context(&budget_values());
        let out = narrate(
            "{{ budget.summa_kostnader[1] | tkr }}, {{ budget.medlemsbidrag[0].namn }}",
            &ctx,
        )
        .unwrap();
        assert_eq!(out, "200\u{a0}tkr, Försäkringskassan");
    }

    #[test]
    fn a_value_whose_file_failed_is_no_second_error() {
        let ctx = context(&values());
        let e = render_narrative(
            "{{ budget.summa_kostnader[0] | tkr }}",
            &ctx,
            "i.md",
            1,
            &[],
            &["budget".into()],
            &LIMITS,
        )
        .unwrap_err();
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn no_english_from_tera_reaches_the_writer() {
        for body in [
            "{{ budget.summa_kostnad }}",
            "{{ nix }}",
            "{{ budget.summa_kostnader[9] }}",
            "{{ budget.typ.x }}",
            "{% procent %}",
            "{% if %}",
            "{% for %}",
            "{{ 1 + }}",
            "{{ budget | Tkr }}",
            "{{ budget.summa_kostnader[0] | kr(enhet=\"öre\") }}",
            "{{ \"x\" | kr }}",
            "{{ okand() }}",
            "{{ x is odd }}",
            "{% if x %}",
            "{{ budget.ar[0] | datum }}",
            "{{ budget.summa_kostnader[0] | tal(decimaler=\"två\") }}",
            "{% set %}",
            "{{ [1, 2 }}",
            "{{ budget.summa_kostnader[\"a\"] }}",
        ] {
            let e = errors(body);
            assert!(!e.is_empty(), "{body}");
            for d in &e {
                let all = format!("{} {}", d.message, d.hints.join(" "));
                for english in [
                    " the ",
                    "Variable",
                    "Field",
                    "Unknown",
                    "undefined",
                    "expected",
                    "Found",
                    "Cannot",
                    "Tried",
                    "not defined",
                    "string",
                    "integer",
                ] {
                    assert!(!all.contains(english), "{body}: {all}");
                }
                assert!(d.position.is_some(), "{body}: {d:?}");
            }
        }
    }
}
