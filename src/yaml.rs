//! YAML into a located tree: every value keeps its place in the file.
//!
//! serde-saphyr parses the text and tells where each value stands; we keep that place, and for
//! numbers the very text the writer typed (so that `1234.50` never passes through binary floating
//! point). The load stage reads front matter, `forbund.yaml` and data files through this tree and
//! reports every problem with `file:line:column`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostics::{Diagnostic, Position, nearest};

/// A YAML value with its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub position: Position,
}

/// A YAML value. Scalars keep the text the writer typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as typed (`61478`, `-8091800`, `1234.50`).
    Number(String),
    /// Any other scalar.
    String(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written; keys are scalars as text.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as text (`2022` for a numeric key).
    pub name: String,
    /// Where the key stands.
    pub position: Position,
}

impl Node {
    /// What kind of value this is, in Swedish, for messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "ett tomt värde",
            Value::Bool(_) => "ett sanningsvärde",
            Value::Number(_) => "ett tal",
            Value::String(_) => "en text",
            Value::Seq(_) => "en lista",
            Value::Map(_) => "en tabell av nycklar",
        }
    }

    /// The scalar as text (numbers and booleans too), or `None` for null and collections.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) | Value::Number(s) => Some(s),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }
}

/// What serde-saphyr hands us, before numbers get their text back.
#[derive(Debug)]
enum Raw {
    Null,
    Bool(bool),
    Number,
    String(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ett YAML-värde")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Number)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Number)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Number)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Number)
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::String(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::String(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

/// Parses YAML text into a located tree. `line_offset` is added to every line (for front matter
/// that starts below the first line of its file). Errors name `file` and the place.
pub fn parse(text: &str, file: &str, line_offset: usize) -> Result<Node, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Map(Vec::new()),
            position: Position {
                line: 1 + line_offset,
                column: 1,
            },
        });
    }
    let raw: Spanned<Raw> =
        serde_saphyr::from_str(text).map_err(|e| syntax_error(text, &e, file, line_offset))?;
    Ok(convert(raw, text, line_offset))
}

/// Turns serde-saphyr's error into arshjul's own message: what is wrong in the writer's terms,
/// at the line where it is, with the fix. The library's English never reaches the writer; it
/// only tells which kind of mistake to look for.
fn syntax_error(
    text: &str,
    error: &serde_saphyr::Error,
    file: &str,
    line_offset: usize,
) -> Diagnostic {
    let at = |line: usize, column: usize| Position {
        line: line + line_offset,
        column,
    };
    let located = |message: String, line: usize, column: usize| {
        Diagnostic::error(message)
            .in_file(file)
            .at(at(line, column))
    };
    let plain = error.without_snippet().to_string();
    let english = strip_location(&plain).to_lowercase();
    let (line, column) = error
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let lines: Vec<&str> = text.lines().collect();
    let line_text = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");

    // A tab in the indentation: at its own line, wherever the parser noticed it.
    if let Some((n, l)) = lines.iter().enumerate().find(|(_, l)| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    }) {
        let tab = l.chars().position(|c| c == '\t').unwrap_or(0);
        return located("tabbtecken i indraget".to_owned(), n + 1, tab + 1)
            .hint("YAML tillåter bara mellanslag i indrag: byt tabben mot mellanslag");
    }

    if english.contains("duplicate") {
        // `{ budget: 120,5, utfall: 130,5 }`: the key `5` twice comes from decimal commas.
        if let Some((written, column)) = comma_in_flow_map(line_text(line)) {
            return decimal_comma_error(&written, file, at(line, column));
        }
        let key = english
            .split_once(':')
            .map(|(_, k)| {
                k.split(',')
                    .next()
                    .unwrap_or(k)
                    .trim()
                    .trim_matches(['`', '"', '\''])
            })
            .unwrap_or("")
            .to_owned();
        if let Some((name, values, key_column)) = bracketless_list(line_text(line), column) {
            return located(
                format!("`{name}` ska vara en lista, men värdena står utan hakparenteser"),
                line,
                key_column,
            )
            .hint(format!(
                "skriv listan inom hakparenteser: {name}: [{}]",
                values.join(", ")
            ));
        }
        let key = if key.is_empty() {
            line_text(line)
                .chars()
                .skip(column.saturating_sub(1))
                .take_while(|c| *c != ':')
                .collect::<String>()
                .trim()
                .to_owned()
        } else {
            key
        };
        return located(format!("nyckeln `{key}` står två gånger"), line, column)
            .hint("ta bort den ena: bara en av dem skulle gälla");
    }

    // Quotes: one inside a quoted value ends it too early; one never closed runs on.
    if english.contains("after double-quoted")
        || english.contains("after single-quoted")
        || english.contains("trailing content")
    {
        let l = line_text(line);
        let (key, value) = key_value(l);
        let hint = match (key, value) {
            (Some(key), Some(value)) if value.starts_with('"') => format!(
                "skriv värdet inom enkla citattecken: {key}: '{}', eller använd typografiska citattecken ”så här”",
                value.trim_matches('"')
            ),
            (Some(key), Some(value)) => format!(
                "skriv '' för en apostrof inne i texten: {key}: '{}'",
                value.trim_matches('\'').replace('\'', "''")
            ),
            _ => "ett citattecken inne i ett citerat värde avslutar det: skriv värdet inom den andra sortens citattecken".to_owned(),
        };
        let start = l
            .find(['"', '\''])
            .map_or(column, |i| l[..i].chars().count() + 1);
        return located(
            "citattecknet inne i värdet avslutar texten för tidigt".to_owned(),
            line,
            start,
        )
        .hint(hint);
    }
    if let Some((n, c, quote)) = unclosed_quote(text) {
        return located(format!("citattecknet {quote} stängs aldrig"), n, c)
            .hint(format!("avsluta värdet med {quote} på samma rad"));
    }
    if let Some((n, c, open, close)) = unclosed_bracket(text) {
        return located(format!("`{open}` stängs aldrig med `{close}`"), n, c)
            .hint(format!("avsluta listan med `{close}`, eller skriv värdet inom citattecken om `{open}` ska vara text"));
    }

    // `titel: Plan 2027: fokus` — a second `: ` in a plain value.
    if english.contains("mapping values are not allowed") {
        let l = line_text(line);
        if let (Some(key), Some(value)) = key_value(l)
            && value.contains(": ")
            && !value.starts_with(['"', '\'', '[', '{'])
        {
            let value_column = column_of(l, value);
            return located(
                format!("värdet av `{key}` innehåller `: `, som YAML läser som en ny nyckel"),
                line,
                value_column,
            )
            .hint(format!(
                "sätt värdet inom citattecken: {key}: \"{}\"",
                value.replace('"', "\\\"")
            ));
        }
    }

    // Everything else that the parser stumbles on is, in practice, indentation.
    if english.contains("indent")
        || english.contains("expected key")
        || english.contains("mapping values")
        || english.contains("block")
        || english.contains("expected '-'")
    {
        let (n, c) = indentation_culprit(&lines, line, column);
        let l = line_text(n);
        let above = lines[..n.saturating_sub(1).min(lines.len())]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let mut d = located(
            format!(
                "fel indrag: `{}` står i kolumn {c}",
                l.trim().chars().take(40).collect::<String>()
            ),
            n,
            c,
        );
        if let Some(above) = above {
            d = d.hint(format!(
                "raden ovanför börjar i kolumn {}: nycklar på samma nivå ska börja i samma kolumn, en underordnad nyckel längre in",
                content_column(above)
            ));
        }
        return d.hint("använd mellanslag, lika många för varje nivå");
    }

    located("YAML-texten kan inte läsas här".to_owned(), line, column).hint(
        "felet kan börja tidigare: en [ eller { eller ett citattecken som aldrig stängs, eller fel indrag",
    )
}

/// The 1-based column (in characters) where `part`, a piece of `line`, stands.
fn column_of(line: &str, part: &str) -> usize {
    line.find(part).map_or(1, |i| line[..i].chars().count() + 1)
}

/// The column where a line's content starts, after its indentation and a list's `- `.
fn content_column(line: &str) -> usize {
    let indent = line.chars().take_while(|c| *c == ' ').count();
    let rest = &line[indent..];
    let dash = rest.strip_prefix("- ").map_or(0, |after| {
        2 + after.chars().take_while(|c| *c == ' ').count()
    });
    indent + dash + 1
}

/// The line whose indentation is off: the parser's line, or the line above when the parser
/// only noticed at the next key.
fn indentation_culprit(lines: &[&str], line: usize, column: usize) -> (usize, usize) {
    let here = lines.get(line.wrapping_sub(1)).copied().unwrap_or("");
    if here.trim().is_empty() {
        // Past the end, or on an empty line: the last line with content.
        if let Some((n, l)) = lines[..line.saturating_sub(1).min(lines.len())]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, l)| !l.trim().is_empty())
        {
            return (n + 1, content_column(l));
        }
    }
    let _ = column;
    (line, content_column(here))
}

/// `key: value` on a line (after indentation and `- `): the key and the raw value.
fn key_value(line: &str) -> (Option<&str>, Option<&str>) {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    match trimmed.split_once(": ") {
        Some((key, value)) if !key.is_empty() && !key.contains(['"', '\'', '{', '[']) => {
            (Some(key.trim()), Some(value.trim()))
        }
        _ => (None, None),
    }
}

/// `belopp: 500, 500, 500` inside `{ … }` on `line`, around `column`: the key, the values and
/// the key's column.
fn bracketless_list(line: &str, column: usize) -> Option<(String, Vec<String>, usize)> {
    let chars: Vec<char> = line.chars().collect();
    let mut best = None;
    for (i, c) in chars.iter().enumerate() {
        if *c != ':' || chars.get(i + 1) != Some(&' ') {
            continue;
        }
        let key_start = chars[..i]
            .iter()
            .rposition(|c| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |p| p + 1);
        if key_start == i {
            continue;
        }
        let rest: String = chars[i + 1..].iter().collect();
        let rest = rest.split(['}', '#']).next().unwrap_or("");
        let values: Vec<String> = rest.split(',').map(|v| v.trim().to_owned()).collect();
        let numeric = |v: &String| {
            !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || " .-~".contains(c))
        };
        let end = i + 1 + rest.chars().count();
        if values.len() >= 2
            && values.iter().all(numeric)
            && key_start < column
            && column <= end + 1
        {
            best = Some((chars[key_start..i].iter().collect(), values, key_start + 1));
        }
    }
    best
}

/// A `"` or `'` that opens a quoted value and is never closed: (line, column, the quote).
fn unclosed_quote(text: &str) -> Option<(usize, usize, char)> {
    for (n, line) in text.lines().enumerate() {
        let (_, value) = key_value(line);
        let Some(value) = value.or_else(|| line.trim_start().strip_prefix("- ")) else {
            continue;
        };
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let inner = &value[1..];
        let closed = if quote == '"' {
            let mut escaped = false;
            inner.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        } else {
            inner.replace("''", "").contains('\'')
        };
        if !closed {
            return Some((n + 1, column_of(line, value), quote));
        }
    }
    None
}

/// A `[` or `{` that is never closed (outside quotes and comments): (line, column, open, close).
fn unclosed_bracket(text: &str) -> Option<(usize, usize, char, char)> {
    let mut stack: Vec<(usize, usize, char)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (c_index, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if previous == ' ' || "[{,:".contains(previous) => {
                    quote = Some(c)
                }
                (None, '#') if previous == ' ' => break,
                (None, '[' | '{') => stack.push((n + 1, c_index + 1, c)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
            previous = c;
        }
    }
    stack
        .first()
        .map(|(l, c, open)| (*l, *c, *open, if *open == '[' { ']' } else { '}' }))
}

/// `[120,5, 120]`: a list of numbers where a comma stands right between two digits reads as
/// two numbers. The text as the writer meant it (`120,5`) and where it stands.
pub fn decimal_comma(node: &Node) -> Option<(String, Position)> {
    let Value::Seq(items) = &node.value else {
        return None;
    };
    items.windows(2).find_map(|pair| {
        let (Value::Number(a), Value::Number(b)) = (&pair[0].value, &pair[1].value) else {
            return None;
        };
        let (pa, pb) = (pair[0].position, pair[1].position);
        (pa.line == pb.line
            && pb.column == pa.column + a.chars().count() + 1
            && b.chars().all(|c| c.is_ascii_digit())
            && !a.contains('.'))
        .then(|| (format!("{a},{b}"), pa))
    })
}

/// The message for a decimal comma (`120,5`, read as 120 and 5), at `at`, with the fix.
pub fn decimal_comma_error(written: &str, file: &str, at: Position) -> Diagnostic {
    Diagnostic::error(format!(
        "`{written}` läses som två belopp: {}",
        written.replace(',', " och ")
    ))
    .in_file(file)
    .at(at)
    .hint(format!(
        "decimaltal skrivs med punkt i YAML: {}, eller som text: \"{written}\"",
        written.replace(',', ".")
    ))
}

/// `{ utfall: 120,5 }`: in a flow map, a comma right between two digits ends the value, and the
/// digits after it become a key of their own (`5`, without value). For the entry at `index`:
/// the text as the writer meant it (`120,5`) and where the value stands.
pub fn comma_split(entries: &[(Key, Node)], index: usize) -> Option<(String, Position)> {
    let (_, value) = entries.get(index)?;
    let (next, next_value) = entries.get(index + 1)?;
    let Value::Number(a) = &value.value else {
        return None;
    };
    (next_value.value == Value::Null
        && !next.name.is_empty()
        && next.name.chars().all(|c| c.is_ascii_digit())
        && !a.contains('.')
        && next.position.line == value.position.line
        && next.position.column == value.position.column + a.chars().count() + 1)
        .then(|| (format!("{a},{}", next.name), value.position))
}

/// `{ budget: 120,5, utfall: 130,5 }` reads as the key `5` twice, which the parser refuses:
/// the first `digits,digits` in a flow map on `line` (the text and its 1-based column).
fn comma_in_flow_map(line: &str) -> Option<(String, usize)> {
    if !line.contains('{') {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    for i in 0..chars.len() {
        if chars[i] != ':' || chars.get(i + 1) != Some(&' ') {
            continue;
        }
        let start = i + 1 + chars[i + 1..].iter().take_while(|c| **c == ' ').count();
        let mut j = start;
        if chars.get(j) == Some(&'-') {
            j += 1;
        }
        let whole = chars[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        if whole == 0 || chars.get(j + whole) != Some(&',') {
            continue;
        }
        let k = j + whole + 1;
        let fraction = chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        let after = chars[k + fraction..].iter().find(|c| **c != ' ');
        if fraction > 0 && matches!(after, Some(',') | Some('}')) {
            return Some((chars[start..k + fraction].iter().collect(), start + 1));
        }
    }
    None
}

/// A hint for a list written as text: `250, 250, 250` → `[250, 250, 250]`.
pub fn list_hint(node: &Node, key: &str) -> Option<String> {
    let Value::String(text) = &node.value else {
        return None;
    };
    text.contains(',').then(|| {
        let items: Vec<&str> = text.split(',').map(str::trim).collect();
        format!(
            "skriv listan inom hakparenteser: {key}: [{}]",
            items.join(", ")
        )
    })
}

/// serde-saphyr ends its messages with “at line X, column Y”; we print the place ourselves.
fn strip_location(message: &str) -> &str {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    }
}

/// A scalar exactly as it stands in `text` (a number's digits, a key's letters).
fn as_written(location: &Location, text: &str) -> String {
    let span = location.span();
    let typed = span.byte_offset().and_then(|start| {
        let start = usize::try_from(start).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        text.get(start..start + len)
    });
    // Should the place be unknown, the line itself still holds the scalar.
    let typed = typed.map(str::to_owned).unwrap_or_else(|| {
        let line = text.lines().nth(location.line().saturating_sub(1) as usize);
        let rest = line
            .and_then(|l| l.get(location.column().saturating_sub(1) as usize..))
            .unwrap_or("");
        rest.split(|c: char| c.is_whitespace() || ",]}#".contains(c))
            .next()
            .unwrap_or("")
            .to_owned()
    });
    typed.trim().to_owned()
}

fn convert(raw: Spanned<Raw>, text: &str, line_offset: usize) -> Node {
    let location = raw.referenced;
    let position = Position {
        line: location.line() as usize + line_offset,
        column: location.column() as usize,
    };
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Number => Value::Number(as_written(&location, text)),
        Raw::String(s) => Value::String(s),
        Raw::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|i| convert(i, text, line_offset))
                .collect(),
        ),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    // A key is the text written: `y:` or `no:` are keys, not YAML 1.1's booleans.
                    let written = matches!(k.value, Raw::Bool(_) | Raw::Null)
                        .then(|| as_written(&k.referenced, text))
                        .filter(|w| !w.is_empty());
                    let k = convert(k, text, line_offset);
                    let name = written.unwrap_or_else(|| k.as_text().unwrap_or("").to_owned());
                    (
                        Key {
                            name,
                            position: k.position,
                        },
                        convert(v, text, line_offset),
                    )
                })
                .collect(),
        ),
    };
    Node { value, position }
}

/// Reads a mapping key by key, and reports the keys nobody asked for.
pub struct MapReader<'a> {
    entries: &'a [(Key, Node)],
    used: Vec<bool>,
    file: &'a str,
    /// The problems found while reading, in the order found; handed over by
    /// [`MapReader::finish`] (with the unknown keys) or [`MapReader::take_problems`].
    problems: Vec<Diagnostic>,
}

impl<'a> MapReader<'a> {
    /// A reader over `node`, which must be a mapping.
    pub fn new(node: &'a Node, file: &'a str, what: &str) -> Result<MapReader<'a>, Diagnostic> {
        match &node.value {
            Value::Map(entries) => Ok(MapReader {
                entries,
                used: vec![false; entries.len()],
                file,
                problems: Vec::new(),
            }),
            _ => Err(Diagnostic::error(format!(
                "{what} ska vara nycklar med värden, men är {}",
                node.kind()
            ))
            .in_file(file)
            .at(node.position)),
        }
    }

    /// A reader over `node`, or `None` when it is no mapping: then that error is added to
    /// `problems`.
    pub fn open(
        node: &'a Node,
        file: &'a str,
        what: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<MapReader<'a>> {
        MapReader::new(node, file, what)
            .map_err(|d| problems.push(d))
            .ok()
    }

    /// [`MapReader::open`], with `hint` (how to write it) on the error.
    pub fn open_with_hint(
        node: &'a Node,
        file: &'a str,
        what: &str,
        hint: impl Into<String>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<MapReader<'a>> {
        MapReader::new(node, file, what)
            .map_err(|d| problems.push(d.hint(hint)))
            .ok()
    }

    /// Adds a problem to the reader's list.
    pub fn report(&mut self, problem: Diagnostic) {
        self.problems.push(problem);
    }

    /// The value of `key` where it is read without error; an error is added to the reader's
    /// list and reads as `None`.
    pub fn ok<T>(&mut self, read: Result<Option<T>, Diagnostic>) -> Option<T> {
        read.unwrap_or_else(|d| {
            self.problems.push(d);
            None
        })
    }

    /// Adds problems to the reader's list, in order.
    pub fn report_all(&mut self, problems: impl IntoIterator<Item = Diagnostic>) {
        self.problems.extend(problems);
    }

    /// The date of `key` (`2020-11-27`), with its error added to the reader's list (and
    /// `None`).
    pub fn date_or_report(&mut self, key: &str) -> Option<crate::money::Date> {
        let read = self.get(key).map(|n| date(n, self.file, key)).transpose();
        self.ok(read)
    }

    /// The texts of `key`, a list or one text (see [`text_list`]), with its error added to the
    /// reader's list (and no texts).
    pub fn texts_or_report(&mut self, key: &str) -> Vec<String> {
        let read = self
            .get(key)
            .map(|n| text_list(n, self.file, key))
            .transpose();
        self.ok(read).unwrap_or_default()
    }

    /// The mapping under `key` (`fastställd: { organ: ..., datum: ... }`), read by `read` (which
    /// gets the inner reader and the key's place); its problems and unknown keys (`known` are
    /// the inner keys) join this reader's list in order. A value that is no mapping is an error
    /// with `hint` (how to write it).
    pub fn inner<T>(
        &mut self,
        key: &str,
        hint: &str,
        known: &[&str],
        read: impl FnOnce(&mut MapReader<'a>, Position) -> T,
    ) -> Option<T> {
        let node = self.get(key)?;
        let what = format!("`{key}`");
        let mut found = Vec::new();
        let value =
            MapReader::open_with_hint(node, self.file, &what, hint, &mut found).map(|mut inner| {
                let value = read(&mut inner, node.position);
                found.extend(inner.finish(known, &what));
                value
            });
        self.problems.extend(found);
        value
    }

    /// [`MapReader::text`], with its error added to the reader's list (and `None`).
    pub fn text_or_report(&mut self, key: &str) -> Option<String> {
        let read = self.text(key);
        self.ok(read)
    }

    /// The problems found so far, handed over (the list is left empty): for a reader whose
    /// caller adds problems of its own in between, so that every problem keeps its place.
    pub fn take_problems(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.problems)
    }

    /// The problems found, followed by an error for every key that was not read (see
    /// [`MapReader::unknown_keys`]).
    pub fn finish(mut self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        let unknown = self.unknown_keys(known, what);
        self.problems.extend(unknown);
        self.problems
    }

    /// The value of `key`, if present. Keys are matched exactly (å, ä, ö included).
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    /// Whether the value of `key` is cut by a decimal comma (`{ utfall: 120,5 }`, read as 120
    /// and a key `5`); the key `5` is reported by [`MapReader::unknown_keys`].
    pub fn comma_split(&self, key: &str) -> bool {
        self.entries
            .iter()
            .position(|(k, _)| k.name == key)
            .is_some_and(|i| comma_split(self.entries, i).is_some())
    }

    /// The value of `key` as a single-line text.
    pub fn text(&mut self, key: &str) -> Result<Option<String>, Diagnostic> {
        let file = self.file;
        match self.get(key) {
            None => Ok(None),
            Some(node) => match &node.value {
                Value::Null => Ok(None),
                Value::Seq(_) | Value::Map(_) => Err(Diagnostic::error(format!(
                    "`{key}` ska vara en text, men är {}",
                    node.kind()
                ))
                .in_file(file)
                .at(node.position)),
                _ => Ok(node.as_text().map(str::to_owned)),
            },
        }
    }

    /// Whether some key is a likely misspelling of `key` (`tittel` for `titel`): then a missing
    /// `key` is the same mistake as the unknown key, and is not reported twice. Keys in
    /// `known` are right as they are (`utgående_eget_kapital` is no misspelt `ingående_…`).
    pub fn misspelt(&self, key: &str, known: &[&str]) -> bool {
        self.entries.iter().any(|(k, _)| {
            k.name != key && !known.contains(&k.name.as_str()) && nearest(&k.name, [key]).is_some()
        })
    }

    /// Errors for every key that was not read, with the nearest known key as a hint.
    pub fn unknown_keys(&self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        self.entries
            .iter()
            .zip(&self.used)
            .enumerate()
            .filter(|(_, (_, used))| !**used)
            .map(|(i, ((k, _), _))| {
                // `{ utfall: 120,5 }`: the key `5` is the decimals of the value before it.
                if let Some((written, at)) =
                    i.checked_sub(1).and_then(|p| comma_split(self.entries, p))
                {
                    return decimal_comma_error(&written, self.file, at);
                }
                let d = Diagnostic::error(format!("okänd nyckel `{}` i {what}", k.name))
                    .in_file(self.file)
                    .at(k.position);
                match nearest(&k.name, known.iter().copied()) {
                    Some(n) => d.hint(format!("menade du `{n}`?")),
                    None => d.hint(format!(
                        "kända nycklar: {}",
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            })
            .collect()
    }
}

/// The texts of `key`: a list of texts, or one text as a list of one (`adress: Storgatan 1`).
pub fn text_list(node: &Node, file: &str, key: &str) -> Result<Vec<String>, Diagnostic> {
    match &node.value {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => items
            .iter()
            .map(|i| {
                i.as_text().map(str::to_owned).ok_or_else(|| {
                    Diagnostic::error(format!(
                        "`{key}` ska vara en lista av texter, men här står {}",
                        i.kind()
                    ))
                    .in_file(file)
                    .at(i.position)
                })
            })
            .collect(),
        _ => node.as_text().map(|t| vec![t.to_owned()]).ok_or_else(|| {
            Diagnostic::error(format!(
                "`{key}` ska vara en text eller en lista, men är {}",
                node.kind()
            ))
            .in_file(file)
            .at(node.position)
        }),
    }
}

/// A date value (`2020-11-27`) of `key`, or a located error.
pub fn date(node: &Node, file: &str, key: &str) -> Result<crate::money::Date, Diagnostic> {
    let text = node.as_text().ok_or_else(|| {
        Diagnostic::error(format!(
            "`{key}` ska vara ett datum, men är {}",
            node.kind()
        ))
        .in_file(file)
        .at(node.position)
    })?;
    crate::money::Date::parse(text)
        .map_err(|m| Diagnostic::error(m).in_file(file).at(node.position))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_text_written_not_yaml_1_1_booleans() {
        let node = parse("y: 1\nno: 2\nOn: 3\n~: 4\n2022: 5\n", "a.yaml", 0).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!("{node:?}")
        };
        let names: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(names, ["y", "no", "On", "~", "2022"]);
    }

    fn map_of(node: &Node) -> &[(Key, Node)] {
        match &node.value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn numbers_keep_the_text_typed() {
        let node = parse("a: 1234.50\nb: -8091800\nc: \"61 478\"\n", "x.yaml", 0).unwrap();
        let map = map_of(&node);
        assert_eq!(map[0].1.value, Value::Number("1234.50".into()));
        assert_eq!(map[1].1.value, Value::Number("-8091800".into()));
        assert_eq!(map[2].1.value, Value::String("61 478".into()));
    }

    #[test]
    fn numbers_in_flow_sequences_keep_their_text() {
        let node = parse("belopp: [61478, 0.10, ~]\n", "x.yaml", 0).unwrap();
        let Value::Seq(items) = &map_of(&node)[0].1.value else {
            panic!("not a seq")
        };
        assert_eq!(items[0].value, Value::Number("61478".into()));
        assert_eq!(items[1].value, Value::Number("0.10".into()));
        assert_eq!(items[2].value, Value::Null);
    }

    #[test]
    fn values_know_their_place() {
        let node = parse(
            "titel: Plan\nfastställd:\n  organ: styrelsen\n",
            "x.yaml",
            1,
        )
        .unwrap();
        let map = map_of(&node);
        assert_eq!(map[0].1.position, Position { line: 2, column: 8 });
        assert_eq!(map[1].0.position.line, 3);
        let inner = map_of(&map[1].1);
        assert_eq!(inner[0].0.name, "organ");
        assert_eq!(
            inner[0].1.position,
            Position {
                line: 4,
                column: 10
            }
        );
    }

    #[test]
    fn numeric_keys_become_text() {
        let node = parse("not: { 2022: Avslutas. }\n", "x.yaml", 0).unwrap();
        let inner = map_of(&map_of(&node)[0].1);
        assert_eq!(inner[0].0.name, "2022");
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: [1, 2\nb: 3\n", "x.yaml", 10).unwrap_err();
        assert_eq!(err.file.as_deref(), Some(std::path::Path::new("x.yaml")));
        assert!(err.position.is_some_and(|p| p.line > 10), "{err:?}");
        assert_eq!(
            err.position,
            Some(Position {
                line: 11,
                column: 4
            })
        );
        let twice = parse("a: 1\na: 2\n", "x.yaml", 0).unwrap_err();
        assert_eq!(twice.message, "nyckeln `a` står två gånger");
    }

    /// The message, `line:column` and hints of the error for `text`.
    fn fails(text: &str) -> (String, (usize, usize), Vec<String>) {
        let d = parse(text, "x.yaml", 0).unwrap_err();
        let p = d.position.expect("a place");
        (d.message, (p.line, p.column), d.hints)
    }

    #[test]
    fn a_tab_is_reported_on_its_own_line() {
        let (message, place, hints) = fails("a: 1\n\tb: 2\n");
        assert_eq!(message, "tabbtecken i indraget");
        assert_eq!(place, (2, 1));
        assert!(hints[0].contains("mellanslag"), "{hints:?}");
        let (_, place, _) = fails("a:\n  - 1\n \t- 2\n");
        assert_eq!(place, (3, 2));
    }

    #[test]
    fn a_colon_in_a_title_asks_for_quotes() {
        let (message, place, hints) =
            fails("typ: rapport\ntitel: Verksamhetsplan 2027: fokus på unga\n");
        assert_eq!(
            message,
            "värdet av `titel` innehåller `: `, som YAML läser som en ny nyckel"
        );
        assert_eq!(place, (2, 8));
        assert_eq!(
            hints,
            ["sätt värdet inom citattecken: titel: \"Verksamhetsplan 2027: fokus på unga\""]
        );
    }

    #[test]
    fn trailing_spaces_do_not_move_the_place() {
        let (_, place, _) = fails("titel: Plan 2027: fokus   \n");
        assert_eq!(place, (1, 8));
        let (_, place, _) = fails("a: 1\nb: \"abc  \nc: 3\n");
        assert_eq!(place, (2, 4));
    }

    #[test]
    fn a_quote_inside_a_quoted_title() {
        let (message, place, hints) = fails("titel: \"Planen \"Unga vuxna\" 2027\"\n");
        assert_eq!(
            message,
            "citattecknet inne i värdet avslutar texten för tidigt"
        );
        assert_eq!(place, (1, 8));
        assert!(
            hints[0].starts_with(
                "skriv värdet inom enkla citattecken: titel: 'Planen \"Unga vuxna\" 2027'"
            ),
            "{hints:?}"
        );
    }

    #[test]
    fn wrong_indentation_names_the_line_and_the_column_above() {
        let (message, place, hints) =
            fails("kostnader:\n  - grupp: Kansli\n   rader:\n      - { post: Lön, belopp: [1] }\n");
        assert_eq!(message, "fel indrag: `rader:` står i kolumn 4");
        assert_eq!(place, (3, 4));
        assert!(
            hints[0].starts_with("raden ovanför börjar i kolumn 5"),
            "{hints:?}"
        );
        let (message, place, _) = fails("a:\n  b: 1\n c: 2\n");
        assert_eq!(message, "fel indrag: `c: 2` står i kolumn 2");
        assert_eq!(place, (3, 2));
        let (_, place, _) = fails("kostnader:\n  - grupp: X\n     rader:\n      - 1\n");
        assert_eq!(place, (3, 6));
    }

    #[test]
    fn a_list_without_brackets() {
        let (message, place, hints) =
            fails("kostnader:\n  - { post: Kansli, belopp: 250, 250, 250 }\n");
        assert_eq!(
            message,
            "`belopp` ska vara en lista, men värdena står utan hakparenteser"
        );
        assert_eq!(place, (2, 21));
        assert_eq!(
            hints,
            ["skriv listan inom hakparenteser: belopp: [250, 250, 250]"]
        );
    }

    #[test]
    fn unclosed_brackets_and_quotes_are_found_where_they_open() {
        let (message, place, _) = fails("a: [1, 2\nb: 3\n");
        assert_eq!(message, "`[` stängs aldrig med `]`");
        assert_eq!(place, (1, 4));
        let (message, place, _) = fails("a: 1\nb: \"abc\nc: 3\n");
        assert_eq!(message, "citattecknet \" stängs aldrig");
        assert_eq!(place, (2, 4));
    }

    #[test]
    fn no_english_from_the_parser_reaches_the_writer() {
        for text in [
            "a:\n  b: 1\n c: 2\n",
            "a: 1\n- b\n",
            "- a\nb: 1\n",
            "a: &x 1\nb: *y\n",
            "a: {x: 1\nb: 3\n",
            "a: [1, 2]]\n",
            "a: }\n",
            "a: @x\n",
            "? a\n? a\n",
        ] {
            let d = parse(text, "x.yaml", 0).unwrap_err();
            let all = format!("{} {}", d.message, d.hints.join(" "));
            for english in [
                " the ",
                "while",
                "found",
                "expected",
                "not allowed",
                "mapping",
                "scalar",
                "alias",
            ] {
                assert!(!all.contains(english), "{text:?}: {all}");
            }
            assert!(d.position.is_some(), "{text:?}");
        }
    }

    #[test]
    fn a_decimal_comma_in_a_list_is_found() {
        let node = parse("belopp: [120,5, 120, 120]\n", "x.yaml", 0).unwrap();
        let (found, place) = decimal_comma(&map_of(&node)[0].1).unwrap();
        assert_eq!(found, "120,5");
        assert_eq!(
            place,
            Position {
                line: 1,
                column: 10
            }
        );
        let node = parse("belopp: [120, 5, 120]\n", "x.yaml", 0).unwrap();
        assert_eq!(decimal_comma(&map_of(&node)[0].1), None);
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let node = parse("tittel: x\n", "i.md", 0).unwrap();
        let mut r = MapReader::new(&node, "i.md", "front matter").unwrap();
        assert!(r.text("titel").unwrap().is_none());
        let errs = r.unknown_keys(&["titel", "datum"], "front matter");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].hints, vec!["menade du `titel`?".to_string()]);
    }

    #[test]
    fn a_reader_hands_over_its_problems_in_order_then_the_unknown_keys() {
        let node = parse("titel: [1]\nid: 7\ntitl: x\n", "x.yaml", 0).unwrap();
        let mut problems = Vec::new();
        assert!(MapReader::open(&node, "x.yaml", "en rad", &mut problems).is_some());
        let list = parse("- 1\n", "x.yaml", 0).unwrap();
        assert!(MapReader::open(&list, "x.yaml", "en rad", &mut problems).is_none());
        assert_eq!(
            problems[0].message,
            "en rad ska vara nycklar med värden, men är en lista"
        );
        let mut map = MapReader::new(&node, "x.yaml", "en rad").unwrap();
        assert_eq!(map.text_or_report("titel"), None);
        assert_eq!(map.text_or_report("id").as_deref(), Some("7"));
        map.report(Diagnostic::warning("egen").in_file("x.yaml"));
        let found = map.finish(&["titel", "id"], "en rad");
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`titel` ska vara en text, men är en lista",
                "egen",
                "okänd nyckel `titl` i en rad"
            ]
        );
        assert_eq!(found[2].position.map(|p| p.line), Some(3));
    }

    #[test]
    fn a_decimal_comma_in_a_flow_map_says_so() {
        let node = parse("- { post: Bidrag, utfall: 120,5 }\n", "x.yaml", 0).unwrap();
        let Value::Seq(items) = &node.value else {
            panic!("{node:?}")
        };
        let mut map = MapReader::new(&items[0], "x.yaml", "en rad").unwrap();
        map.get("post");
        assert!(map.comma_split("utfall"));
        assert!(!map.comma_split("post"));
        map.get("utfall");
        let d = map.unknown_keys(&["post", "utfall"], "en post");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "`120,5` läses som två belopp: 120 och 5");
        assert_eq!(
            d[0].position,
            Some(Position {
                line: 1,
                column: 27
            })
        );
        assert_eq!(
            d[0].hints,
            ["decimaltal skrivs med punkt i YAML: 120.5, eller som text: \"120,5\""]
        );
        // Two decimal commas with the same decimals: the parser's duplicate key `5`.
        let (message, at, hints) = fails("a: { budget: 120,5, utfall: 130,5 }\n");
        assert_eq!(message, "`120,5` läses som två belopp: 120 och 5");
        assert_eq!(at, (1, 14));
        assert_eq!(
            hints,
            ["decimaltal skrivs med punkt i YAML: 120.5, eller som text: \"120,5\""]
        );
        // A real duplicate key in a flow map is still one.
        let (message, _, _) = fails("a: { b: 1, b: 2 }\n");
        assert_eq!(message, "nyckeln `b` står två gånger");
    }
}
