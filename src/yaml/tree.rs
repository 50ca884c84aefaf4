//! The located tree: YAML text parsed by serde-saphyr into [`Node`]s that keep their place in
//! the file and, for numbers, the very text the writer typed.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::hints::syntax_error;
use crate::diagnostics::{Diagnostic, Position};

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
