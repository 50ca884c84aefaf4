//! tera's errors in the writer's terms: its English messages (matched by their text, since
//! tera gives most of them no kind) become one Swedish message at the file:line:column of the
//! cause, with the fix: the names and years that exist where a path leads nowhere, the filters
//! and functions there are, the `{% if %}` that is never closed. Narrative and layouts alike.

use tera::{Context, Value};

use super::budget;
use super::filters::{self, type_name};
use super::paths::{ExprPath, Step, Walk, paths, tags, walk};
use crate::diagnostics::{Diagnostic, Kind, Position, Template};
use crate::placement::TablePart;
use crate::text::fold_ascii;

/// The template functions a narrative can place things with (for the hint on a misspelt one).
pub const FUNCTIONS: &[&str] = &["innehall", "tabell", "avvikelse"];

/// The tags a narrative may use, for the hint on one it may not.
pub(super) const TAGS_HINT: &str =
    "malltaggarna är `{% if … %}`, `{% for … in … %}`, `{% set … %}` och `{% raw %}`";

/// A template's text and what it can see, for explaining its errors in the writer's terms.
pub(super) struct Source<'a> {
    /// The template text.
    pub(super) body: &'a str,
    /// The file, relative to the project root.
    pub(super) file: &'a str,
    /// The file's line where `body` starts.
    pub(super) first_line: usize,
    /// What the template can see; `None` for layouts, whose data is not at hand.
    pub(super) context: Option<&'a Context>,
    /// Names whose values are unknown because of an error already reported (a data file that
    /// could not be read): an expression over them is not another error.
    pub(super) unknown: &'a [String],
    /// The template tera read, when the budget's calls were inserted into `body`: tera's
    /// places are mapped back through it.
    pub(super) instrumented: Option<&'a budget::Instrumented>,
}

/// The fields of a map as a writer would name them: ASCII (the folded twin of `säte` is `sate`).
fn field_names(value: &Value) -> Vec<String> {
    names_of(value, false)
}

/// The field names of a map value: the ASCII twin of a name with å, ä or ö (what an
/// identifier can say), or with `as_written` the name as written (what a writer typing
/// `bidrag["Söderby kommun"]` means).
fn names_of(value: &Value, as_written: bool) -> Vec<String> {
    let Some(map) = value.as_map() else {
        return Vec::new();
    };
    // An amount's `figur` (its identity for the trail) is nothing a writer names.
    let keys: Vec<String> = map
        .keys()
        .map(|k| k.to_string())
        .filter(|k| !(k == "figur" && is_amount(value)))
        .collect();
    keys.iter()
        .filter(|k| {
            let twin = if as_written {
                // The folded twin of a written name.
                k.is_ascii() && keys.iter().any(|w| !w.is_ascii() && fold_ascii(w) == **k)
            } else {
                // A written name that has its folded twin.
                !k.is_ascii() && map.contains_key(&tera::value::Key::from(fold_ascii(k)))
            };
            !twin
        })
        .cloned()
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
        let figure = usize::from(m.contains_key(&tera::value::Key::from("figur")));
        m.len() == 2 + figure
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

/// `d` with a hint at the name nearest `name` among `known`, or else the names there are.
fn suggested(d: Diagnostic, name: &str, known: &[String]) -> Diagnostic {
    match crate::diagnostics::nearest(name, known.iter().map(String::as_str)) {
        Some(n) => d.hint(format!("menade du `{n}`?")),
        None if !known.is_empty() => d.hint(format!("det finns: {}", listed(known))),
        None => d,
    }
}

/// The names tera lists after `label` (`Available fields: `) in a message.
fn available(message: &str, label: &str) -> Vec<String> {
    message
        .split_once(label)
        .map(|(_, list)| list.split(", ").map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default()
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

impl Source<'_> {
    /// The writer's offset of the place a tera error reports, if it reports one.
    pub(super) fn tera_offset(&self, error: &tera::Error) -> Option<usize> {
        Self::template_offset(error).map(|at| self.original(at))
    }

    /// The offset in the template tera read of the place a tera error reports, if any.
    pub(super) fn template_offset(error: &tera::Error) -> Option<usize> {
        let mut current: Option<&dyn std::error::Error> = Some(error);
        while let Some(e) = current {
            if let Some(tera::ErrorKind::RenderingError(r) | tera::ErrorKind::SyntaxError(r)) =
                e.downcast_ref::<tera::Error>().map(tera::Error::kind)
            {
                return Some(r.span().range.start);
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

    pub(super) fn error(&self, offset: usize, message: String) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.file)
            .at(self.position(offset))
    }

    /// An error of what the template asked for, at `offset`: its text made by the kind.
    fn asked(&self, offset: usize, what: Template) -> Diagnostic {
        Diagnostic::error_of(Kind::Template { what })
            .in_file(self.file)
            .at(self.position(offset))
    }

    /// The names tera says the template sees, as a writer would use them: without the
    /// layouts' own and without the un-folded twins of folded names.
    fn variables(message: &str) -> Vec<String> {
        let names = available(message, "Available variables: ");
        names
            .iter()
            .filter(|n| {
                !crate::names::LAYOUTS_ONLY.contains(&n.as_str())
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
                let known = names_of(parent, !name.is_ascii());
                let mut d = if parent.is_array() {
                    self.error(
                        *offset,
                        format!("`{owner}` är en lista: den har inga fält, bara [0], [1] …"),
                    )
                } else {
                    self.asked(
                        *offset,
                        Template::Field {
                            name: name.clone(),
                            owner,
                        },
                    )
                };
                d = suggested(d, name, &known);
                Some(Some(d))
            }
            Walk::OutOfRange { at, len } => {
                let (offset, step) = &path.steps[at];
                let Step::Index(index) = step else {
                    return None;
                };
                let owner = path.shown(at);
                let d = self.asked(
                    *offset,
                    Template::Index {
                        owner,
                        len,
                        index: index.to_string(),
                    },
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
    pub(super) fn printed_collections(&self) -> Vec<Diagnostic> {
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
                let d = self.asked(
                    path.start,
                    Template::List {
                        owner: shown.clone(),
                        len: items.len(),
                    },
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
                let d = self.asked(
                    path.start,
                    Template::Map {
                        owner: shown.clone(),
                    },
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
    pub(super) fn diagnostic(&self, error: &tera::Error) -> Vec<Diagnostic> {
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
            let d = self.asked(
                offset,
                Template::Variable {
                    name: name.to_owned(),
                },
            );
            return vec![suggested(d, name, &known)];
        }
        if let Some(rest) = message.strip_prefix("Field `") {
            let name = rest.split('`').next().unwrap_or("");
            let known = available(&message, "Available fields: ");
            let d = self.asked(
                offset,
                Template::TeraField {
                    name: name.to_owned(),
                },
            );
            return vec![suggested(d, name, &known)];
        }
        if let Some(rest) = message.strip_prefix("Unknown filter `") {
            let name = rest.split('`').next().unwrap_or("");
            let known = filters::NAMES;
            let d = self.asked(
                offset,
                Template::Filter {
                    name: name.to_owned(),
                },
            );
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
            let d = self.asked(
                offset,
                Template::Function {
                    name: name.to_owned(),
                },
            );
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
            let (at, name) = self
                .unclosed_block()
                .map(|(o, w)| (o - 2, Some(w.to_string())))
                .unwrap_or((offset, None));
            return vec![self.asked(at, Template::Unclosed { name }).hint(
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
                self.asked(at, Template::Tag { name: word })
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
