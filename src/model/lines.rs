//! The tree of lines that budgets and statements share: `post:` rows and `grupp:` groups of
//! `rader:`, each with a name, an `id:` and keys of its own kind.
//!
//! [`read`] walks the tree and reads what every line has; a [`LineReader`] (the budget's, the
//! statement's) reads the keys of its kind (a budget's `belopp:` per year, a statement's named
//! columns) and builds its lines. Problems keep the order in which they are found: the keys
//! common to every line, then the reader's, the lines of a group before the group's own keys,
//! and the unknown keys of a line last.

use crate::diagnostics::{Diagnostic, Position};
use crate::yaml::{MapReader, Node, Value};

/// What every line has: its name, `id:`, place, and the keys its reader reads before
/// `grupp:` / `post:` ([`LineReader::extra`]).
pub struct Head<E> {
    /// `post` or `grupp`
    pub name: String,
    /// `id`
    pub id: Option<String>,
    /// Where the line is written.
    pub position: Position,
    /// What [`LineReader::extra`] read.
    pub extra: E,
}

/// How one kind of table reads and builds its lines.
///
/// Each method may add problems to its reader's list ([`LineReader::problems`]) and to `map`;
/// the map's come after, together with the line's unknown keys.
pub trait LineReader {
    /// A line, row or group.
    type Line;
    /// The keys read from every line before `grupp:` / `post:` (notes and the like).
    type Extra;
    /// What [`LineReader::enter_group`] keeps while a group's `rader` are read.
    type Saved;
    /// The error for a line with neither `post:` nor `grupp:`.
    const NEITHER: &'static str;
    /// The keys of a group.
    const GROUP_KEYS: &'static [&'static str];

    /// The list problems are added to.
    fn problems(&mut self) -> &mut Vec<Diagnostic>;
    /// Reads the keys every line has besides `id`, after `id`.
    fn extra(&mut self, map: &mut MapReader<'_>) -> Self::Extra;
    /// Called before a group's `rader` are read; its value is handed to
    /// [`LineReader::group`].
    fn enter_group(&mut self) -> Self::Saved;
    /// Builds a group from its `lines`, reading its own keys (`summa`, ...).
    fn group(
        &mut self,
        map: &mut MapReader<'_>,
        head: Head<Self::Extra>,
        lines: Vec<Self::Line>,
        saved: Self::Saved,
    ) -> Self::Line;
    /// Builds a row, reading its amounts.
    fn row(&mut self, map: &mut MapReader<'_>, head: Head<Self::Extra>) -> Self::Line;
    /// The keys of a row.
    fn row_keys(&self) -> Vec<&'static str>;
}

/// Reads `node`, the list of lines under `what` (`intäkter`, `rader`, ...), in `file`; a blank
/// list has no lines.
pub fn read<R: LineReader>(reader: &mut R, node: &Node, what: &str, file: &str) -> Vec<R::Line> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| line(reader, item, file))
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            reader.problems().push(
                Diagnostic::error(format!(
                    "`{what}` ska vara en lista av poster och grupper, men är {}",
                    node.kind()
                ))
                .in_file(file)
                .at(node.position),
            );
            Vec::new()
        }
    }
}

fn line<R: LineReader>(reader: &mut R, node: &Node, file: &str) -> Option<R::Line> {
    let mut map = MapReader::open(node, file, "en rad", reader.problems())?;
    let id = map.text_or_report("id");
    reader.problems().append(&mut map.take_problems());
    let extra = reader.extra(&mut map);
    let head = |name| Head {
        name,
        id,
        position: node.position,
        extra,
    };
    if let Some(name) = map.text_or_report("grupp") {
        let saved = reader.enter_group();
        let lines = match map.get("rader") {
            Some(r) => {
                reader.problems().append(&mut map.take_problems());
                read(reader, r, "rader", file)
            }
            None => {
                map.report(
                    Diagnostic::error(format!("gruppen `{name}` saknar `rader`"))
                        .in_file(file)
                        .at(node.position),
                );
                Vec::new()
            }
        };
        reader.problems().append(&mut map.take_problems());
        let group = reader.group(&mut map, head(name), lines, saved);
        let found = map.finish(R::GROUP_KEYS, "en grupp");
        reader.problems().extend(found);
        return Some(group);
    }
    let Some(name) = map.text_or_report("post") else {
        map.report(
            Diagnostic::error(R::NEITHER)
                .in_file(file)
                .at(node.position),
        );
        reader.problems().append(&mut map.take_problems());
        return None;
    };
    reader.problems().append(&mut map.take_problems());
    let row = reader.row(&mut map, head(name));
    let found = map.finish(&reader.row_keys(), "en post");
    reader.problems().extend(found);
    Some(row)
}
