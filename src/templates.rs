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
use crate::money::{self, Date, Unit};

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

/// The directives a narrative can place with a template function, in the order of their index in
/// the directive mark: (function name, typst code the layout defines).
pub const DIRECTIVES: &[(&str, &str)] = &[("innehall", "#arshjul-innehall()")];

/// Folds å, ä, ö (and other accented Latin letters) to ASCII, for template identifiers:
/// `säte` is also reachable as `sate`.
pub fn fold_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'Å' | 'Ä' | 'À' | 'Á' | 'Â' => 'A',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Ô' => 'O',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'ü' | 'ú' | 'ù' => 'u',
            'Ü' | 'Ú' | 'Ù' => 'U',
            'í' | 'ì' | 'ï' => 'i',
            c => c,
        })
        .collect()
}

/// A template-side value: maps, lists and scalars. Every key with å, ä or ö is present twice:
/// as written and folded to ASCII.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateValue {
    /// Nothing.
    None,
    /// true / false.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// Text (also a decimal number that is not whole, exactly as written).
    Text(String),
    /// A list.
    List(Vec<TemplateValue>),
    /// A mapping in a fixed order.
    Map(Vec<(String, TemplateValue)>),
}

impl TemplateValue {
    /// The tera value, with folded duplicates of non-ASCII keys.
    pub fn to_tera(&self) -> Value {
        match self {
            TemplateValue::None => Value::none(),
            TemplateValue::Bool(b) => Value::from(*b),
            TemplateValue::Integer(i) => Value::from(*i),
            TemplateValue::Text(s) => Value::from(s.as_str()),
            TemplateValue::List(items) => {
                Value::from(items.iter().map(TemplateValue::to_tera).collect::<Vec<_>>())
            }
            TemplateValue::Map(entries) => {
                let mut map = tera::Map::default();
                for (k, v) in entries {
                    map.insert(k.clone().into(), v.to_tera());
                }
                for (k, v) in entries {
                    let folded = fold_ascii(k);
                    if folded != *k && !map.contains_key(&tera::value::Key::from(folded.clone())) {
                        map.insert(folded.into(), v.to_tera());
                    }
                }
                Value::from(map)
            }
        }
    }
}

impl From<&crate::yaml::Node> for TemplateValue {
    fn from(node: &crate::yaml::Node) -> TemplateValue {
        use crate::yaml::Value as Y;
        match &node.value {
            Y::Null => TemplateValue::None,
            Y::Bool(b) => TemplateValue::Bool(*b),
            Y::Number(n) => n
                .parse::<i64>()
                .map(TemplateValue::Integer)
                .unwrap_or_else(|_| TemplateValue::Text(n.clone())),
            Y::String(s) => TemplateValue::Text(s.clone()),
            Y::Seq(items) => TemplateValue::List(items.iter().map(TemplateValue::from).collect()),
            Y::Map(entries) => TemplateValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), TemplateValue::from(v)))
                    .collect(),
            ),
        }
    }
}

/// Builds a tera context from named values.
pub fn context(values: &BTreeMap<String, TemplateValue>) -> Context {
    let mut context = Context::new();
    for (k, v) in values {
        context.insert_value(k.clone(), v.to_tera());
        let folded = fold_ascii(k);
        if folded != *k && !values.contains_key(&folded) {
            context.insert_value(folded, v.to_tera());
        }
    }
    context
}

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
            value.name()
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
fn register_filters(tera: &mut Tera) {
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

/// A table the narrative placed with `{{ tabell(namn="budget", del="kostnader") }}`: the data
/// file's name and the part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRequest {
    /// The data file (`budget`).
    pub data: String,
    /// `intakter`, `kostnader`, `medlemsbidrag` or `detalj`.
    pub part: String,
}

/// The parts of a budget the narrative can place.
pub const TABLE_PARTS: &[&str] = &["intakter", "kostnader", "medlemsbidrag", "detalj"];

/// Renders a narrative: the Markdown body as a tera template. `first_line` is the line of the
/// file where the body starts, so that errors point into the file as the writer sees it.
/// `tables` names the document's data files with their `typ`, which `tabell(...)` may place.
pub fn render_narrative(
    body: &str,
    context: &Context,
    file: &str,
    first_line: usize,
    tables: &[(String, String)],
) -> Result<(String, Vec<TableRequest>), Diagnostic> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_for_markdown);
    tera.autoescape_on(vec![".md"]);
    register_filters(&mut tera);
    for (index, (name, _)) in DIRECTIVES.iter().enumerate() {
        let mark = format!("{DIRECTIVE_MARK}{index}{DIRECTIVE_MARK}");
        tera.register_function(*name, move |_: Kwargs, _: &State| Value::safe_string(&mark));
    }
    // `avvikelse(rad="Bidrag ESF")`: a row's avvikelse (utfall − budget) in kronor, from the
    // resultaträkning (or `namn=`); the row then counts as explained in the prose.
    tera.register_function(
        "avvikelse",
        |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
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
            let amount = found
                .get_from_path("belopp")
                .cloned()
                .unwrap_or_else(Value::none);
            amount_filter(Unit::Kr)(&amount, Kwargs::default(), state).map(Value::from)
        },
    );
    let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::<TableRequest>::new()));
    let placed = requests.clone();
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
                if !TABLE_PARTS.contains(&part.as_str()) {
                    return Err(tera::Error::message(format!(
                        "okänd del `{part}`: skriv en av {}",
                        TABLE_PARTS.join(", ")
                    )));
                }
                part
            } else {
                String::new()
            };
            let mut list = placed
                .lock()
                .map_err(|_| tera::Error::message("internt fel"))?;
            let index = DIRECTIVES.len() + list.len();
            list.push(TableRequest { data, part });
            Ok(Value::safe_string(&format!(
                "{DIRECTIVE_MARK}{index}{DIRECTIVE_MARK}"
            )))
        },
    );
    let located = |e: tera::Error| tera_diagnostic(&e, file, first_line);
    tera.add_raw_template("index.md", body).map_err(located)?;
    let text = tera.render("index.md", context).map_err(located)?;
    let requests = requests.lock().map(|r| r.clone()).unwrap_or_default();
    Ok((text, requests))
}

/// Turns a tera error into a diagnostic in `file`, with lines counted from `first_line`.
fn tera_diagnostic(error: &tera::Error, file: &str, first_line: usize) -> Diagnostic {
    let mut current: Option<&dyn std::error::Error> = Some(error);
    let mut report = None;
    let mut messages = Vec::new();
    while let Some(e) = current {
        if let Some(t) = e.downcast_ref::<tera::Error>() {
            match t.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    report = Some(r.clone());
                }
                other => messages.push(other.to_string()),
            }
        } else {
            messages.push(e.to_string());
        }
        current = e.source();
    }
    match report {
        Some(r) => {
            let span = r.span();
            let (mut message, hints) = translate_tera(r.message());
            if !messages.is_empty() {
                message = format!("{message}: {}", messages.join(": "));
            }
            let mut d = Diagnostic::error(format!("mallfel: {message}"))
                .in_file(file)
                .at(Position {
                    line: span.start_line + first_line - 1,
                    column: span.start_col + 1,
                });
            d.hints = hints;
            d
        }
        None => Diagnostic::error(format!("mallfel: {}", messages.join(": "))).in_file(file),
    }
}

/// Tera's most common messages, in Swedish with a suggestion; others are passed on as they are.
fn translate_tera(message: &str) -> (String, Vec<String>) {
    let quoted = |rest: &str| rest.split('`').next().unwrap_or("").to_owned();
    let available = |marker: &str| -> Vec<String> {
        message
            .split_once(marker)
            .map(|(_, list)| list.split(", ").map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default()
    };
    let suggest = |name: &str, known: &[String]| -> Vec<String> {
        let nearest = crate::diagnostics::nearest(name, known.iter().map(String::as_str));
        match nearest {
            Some(n) => vec![format!("menade du `{n}`?")],
            None if !known.is_empty() => vec![format!("det finns: {}", known.join(", "))],
            None => Vec::new(),
        }
    };
    if let Some(rest) = message.strip_prefix("Variable `") {
        let name = quoted(rest);
        let known = available("Available variables: ");
        return (
            format!("`{name}` finns inte i dokumentets data"),
            suggest(&name, &known),
        );
    }
    if let Some(rest) = message.strip_prefix("Field `") {
        let name = quoted(rest);
        let known = available("Available fields: ");
        return (
            format!("fältet `{name}` finns inte"),
            suggest(&name, &known),
        );
    }
    if let Some(rest) = message.strip_prefix("Filter `") {
        let name = quoted(rest);
        let known: Vec<String> = ["kr", "tkr", "mnkr", "procent", "tal", "datum"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        return (
            format!("filtret `{name}` finns inte"),
            suggest(&name, &known),
        );
    }
    if let Some(rest) = message.strip_prefix("Function `") {
        let name = quoted(rest);
        let known: Vec<String> = DIRECTIVES.iter().map(|(n, _)| format!("{n}()")).collect();
        return (
            format!("funktionen `{name}` finns inte"),
            suggest(&name, &known),
        );
    }
    if message.starts_with("Unexpected end of input") {
        return (
            "mallen tar slut mitt i ett uttryck".to_owned(),
            vec!["ett `{% if %}` eller `{% for %}` saknar sitt `{% endif %}` eller `{% endfor %}`, eller ett `{{` stängs aldrig med `}}`".to_owned()],
        );
    }
    if let Some(rest) = message.strip_prefix("Found ")
        && let Some((found, expected)) = rest.split_once(" but expected ")
    {
        return (
            format!(
                "väntade {} men fann {found}",
                expected.trim_end_matches('.')
            ),
            vec!["text med `{{`, `{%` eller `{#` läses som en mall: stäng uttrycket".to_owned()],
        );
    }
    (message.to_owned(), Vec::new())
}

/// The layouts of a project: the built-in ones, overridden and extended by `layouts/*.typ`.
pub struct Layouts {
    tera: Tera,
    overridden: Vec<String>,
}

impl Layouts {
    /// Loads the built-in layouts and those of the project at `root`.
    pub fn load(root: &Path) -> Result<Layouts, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, String> = BUILTIN_LAYOUTS
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
                if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "typ") {
                    continue;
                }
                let name =
                    crate::diagnostics::display_path(path.strip_prefix(&dir).unwrap_or(path));
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
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_for_typst);
        tera.autoescape_on(vec![".typ"]);
        register_filters(&mut tera);
        tera.register_filter("str", |value: &Value, _: Kwargs, _: &State| {
            let text = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            Value::safe_string(&markdown::escape_string(&text))
        });
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![layouts_error(&e, &overridden)])?;
        Ok(Layouts { tera, overridden })
    }

    /// Whether a layout of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders the layout `name` into typst source.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| layouts_error(&e, &self.overridden))
    }
}

fn layouts_error(error: &tera::Error, overridden: &[String]) -> Diagnostic {
    let template = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.filename().to_owned())
        }
        _ => None,
    };
    match template {
        Some(name) if overridden.contains(&name) => {
            tera_diagnostic(error, &format!("layouts/{name}"), 1)
        }
        Some(name) => {
            let mut d = tera_diagnostic(error, &name, 1);
            d.file = None;
            d.position = None;
            d.message = format!("i den inbyggda layouten {name}: {}", d.message);
            d
        }
        None => tera_diagnostic(error, "layouts", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, TemplateValue> {
        let mut v = BTreeMap::new();
        v.insert(
            "forbund".to_owned(),
            TemplateValue::Map(vec![
                ("namn".into(), TemplateValue::Text("*Nord* [x]".into())),
                ("säte".into(), TemplateValue::Text("Mölndals stad".into())),
            ]),
        );
        v.insert("belopp".to_owned(), TemplateValue::Integer(61_478_000));
        v
    }

    #[test]
    fn narrative_values_are_markdown_escaped() {
        let ctx = context(&values());
        let out = render_narrative("Förbundet {{ forbund.namn }}.", &ctx, "i.md", 1, &[])
            .unwrap()
            .0;
        assert_eq!(out, r"Förbundet \*Nord\* \[x\].");
    }

    #[test]
    fn swedish_keys_by_subscript_and_folded() {
        let ctx = context(&values());
        let out = render_narrative(
            r#"{{ forbund["säte"] }} / {{ forbund.sate }}"#,
            &ctx,
            "i.md",
            1,
            &[],
        )
        .unwrap()
        .0;
        assert_eq!(out, "Mölndals stad / Mölndals stad");
    }

    #[test]
    fn number_filters() {
        let ctx = context(&values());
        let out = render_narrative(
            "{{ belopp | kr }}; {{ belopp | mnkr }}; {{ 61478 | tkr(enhet=\"tkr\") }}; {{ 0.054 | procent }}; {{ \"2020-11-27\" | datum }}",
            &ctx,
            "i.md",
            1,
            &[],
        )
        .unwrap()
        .0;
        assert_eq!(
            out,
            "61\u{a0}478\u{a0}000\u{a0}kr; 61\\,5\u{a0}mnkr; 61\u{a0}478\u{a0}tkr; 5\\,4\u{a0}\\%; 27 november 2020"
        );
    }

    #[test]
    fn unknown_variable_is_located() {
        let ctx = context(&values());
        let err = render_narrative("Rad ett\n\nHär {{ forbund.nman }}", &ctx, "c/i.md", 6, &[])
            .unwrap_err();
        assert_eq!(err.position.map(|p| p.line), Some(8));
        assert!(err.message.starts_with("mallfel"), "{}", err.message);
    }

    #[test]
    fn bad_amount_in_filter_is_an_error() {
        let ctx = context(&values());
        let err = render_narrative("{{ \"tvåhundra\" | kr }}", &ctx, "i.md", 1, &[]).unwrap_err();
        assert!(err.message.contains("tvåhundra"), "{}", err.message);
    }

    #[test]
    fn directive_function_places_a_mark() {
        let out = render_narrative("{{ innehall() }}", &Context::new(), "i.md", 1, &[])
            .unwrap()
            .0;
        assert_eq!(out, format!("{DIRECTIVE_MARK}0{DIRECTIVE_MARK}"));
    }
}
