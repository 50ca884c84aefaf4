//! Commas in the tree that YAML read otherwise than the writer meant: a decimal comma (`120,5`,
//! read as two numbers, or as a value and a key `5`) and a list written without brackets
//! (`250, 250, 250`). The message for a decimal comma is [`decimal_comma_error`](super::decimal_comma_error)'s.

use super::tree::{Key, Node, Value};
use crate::diagnostics::Position;

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
