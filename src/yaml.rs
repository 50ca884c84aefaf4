//! YAML into a located tree: every value keeps its place in the file.
//!
//! serde-saphyr parses the text and tells where each value stands; we keep that place, and for
//! numbers the very text the writer typed (so that `1234.50` never passes through binary floating
//! point). The load stage reads front matter, `forbund.yaml` and data files through this tree and
//! reports every problem with `file:line:column`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

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
    let raw: Spanned<Raw> = serde_saphyr::from_str(text).map_err(|e| {
        let position = e.location().map(|l| Position {
            line: l.line() as usize + line_offset,
            column: l.column() as usize,
        });
        let plain = e.without_snippet().to_string();
        let message = strip_location(&plain);
        let (message, hint) = if message.contains("found a tab") {
            (
                "tabbtecken i YAML".to_owned(),
                "YAML tillåter inte tabb i indrag: använd mellanslag".to_owned(),
            )
        } else if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
            let key = rest.split(',').next().unwrap_or(rest).trim();
            (
                format!("nyckeln `{key}` står två gånger"),
                "ta bort den ena: bara en av dem skulle gälla".to_owned(),
            )
        } else {
            (
                format!("ogiltig YAML: {message}"),
                "felet kan börja tidigare: en [ eller { eller ett citattecken som aldrig stängs, eller fel indrag".to_owned(),
            )
        };
        Diagnostic::error(message)
            .in_file(file)
            .at_if_unknown(position)
            .hint(hint)
    })?;
    Ok(convert(raw, text, line_offset))
}

/// serde-saphyr ends its messages with “at line X, column Y”; we print the place ourselves.
fn strip_location(message: &str) -> &str {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    }
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
        Raw::Number => {
            let span = location.span();
            let typed = span.byte_offset().and_then(|start| {
                let start = usize::try_from(start).ok()?;
                let len = usize::try_from(span.byte_len()?).ok()?;
                text.get(start..start + len)
            });
            // Should the place be unknown, the line itself still holds the number.
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
            Value::Number(typed.trim().to_owned())
        }
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
                    let k = convert(k, text, line_offset);
                    let name = k.as_text().unwrap_or("").to_owned();
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
}

impl<'a> MapReader<'a> {
    /// A reader over `node`, which must be a mapping.
    pub fn new(node: &'a Node, file: &'a str, what: &str) -> Result<MapReader<'a>, Diagnostic> {
        match &node.value {
            Value::Map(entries) => Ok(MapReader {
                entries,
                used: vec![false; entries.len()],
                file,
            }),
            _ => Err(Diagnostic::error(format!(
                "{what} ska vara nycklar med värden, men är {}",
                node.kind()
            ))
            .in_file(file)
            .at(node.position)),
        }
    }

    /// The value of `key`, if present. Keys are matched exactly (å, ä, ö included).
    pub fn get(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
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

    /// Errors for every key that was not read, with the nearest known key as a hint.
    pub fn unknown_keys(&self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((k, _), _)| {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(err.message.starts_with("ogiltig YAML"), "{}", err.message);
        let tab = parse("a: 1\n\tb: 2\n", "x.yaml", 0).unwrap_err();
        assert_eq!(tab.message, "tabbtecken i YAML");
        let twice = parse("a: 1\na: 2\n", "x.yaml", 0).unwrap_err();
        assert_eq!(twice.message, "nyckeln `a` står två gånger");
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
}
