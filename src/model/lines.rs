//! The tree of lines that budgets and statements share: `post:` rows and `grupp:` groups of
//! `rader:`, each with a name, an `id:` and keys of its own kind.
//!
//! [`Line`] is the one type of both: what every line has (name, id, place, its lines, a figure
//! per column, unknown columns) and, in `keys`, what its kind adds (a budget line's notes per
//! year, a statement line's `delresultat`); [`column_sum`] sums a group for both.
//!
//! [`read`] walks the tree and reads what every line has; a [`LineReader`] (the budget's, the
//! statement's) reads the keys of its kind (a budget's `belopp:` per year, a statement's named
//! columns) and builds its lines. Problems keep the order in which they are found: the keys
//! common to every line, then the reader's, the lines of a group before the group's own keys,
//! and the unknown keys of a line last.

use super::figure::{Figure, sum_cells};
use crate::diagnostics::{Diagnostic, Form, Kind, Missing, Position};
use crate::yaml::{MapReader, Node, Value};

/// A line of a budget or a statement: a `post:` row or a `grupp:` of `rader:`, with a figure
/// per column (a post's amounts, a group's sums) and the keys of its kind in `keys` (a budget
/// row's notes per year, a statement line's `delresultat`, ...).
#[derive(Debug, Clone)]
pub struct Line<K> {
    /// `post` or `grupp`
    pub name: String,
    /// `id`
    pub id: Option<String>,
    /// Where the line is written.
    pub position: Position,
    /// Whether this is a grupp.
    pub group: bool,
    /// `rader` of a group.
    pub lines: Vec<Line<K>>,
    /// Figures per column (`None`: blank), each with where it came from (written at its cell,
    /// counted from the books); for a group, its sums ([`sums`]).
    pub amounts: Vec<Option<Figure>>,
    /// Per column: an amount in it (or in a line of the group) was wrong and is reported, so
    /// sums over it are unknown and their checks stay silent (one mistake, one message).
    pub unknown: Vec<bool>,
    /// The keys of the line's kind.
    pub keys: K,
}

impl<K> Line<K> {
    /// A row (a `post:`) as its head names it, with its figures per column, what of them is
    /// unknown, and its kind's keys.
    pub fn row<E>(
        head: Head<E>,
        amounts: Vec<Option<Figure>>,
        unknown: Vec<bool>,
        keys: impl FnOnce(E) -> K,
    ) -> Line<K> {
        Line {
            name: head.name,
            id: head.id,
            position: head.position,
            group: false,
            lines: Vec::new(),
            amounts,
            unknown,
            keys: keys(head.extra),
        }
    }

    /// The line's figure in `column`, `None` where it is blank.
    pub fn figure(&self, column: usize) -> Option<&Figure> {
        self.amounts.get(column).and_then(Option::as_ref)
    }

    /// The figure of `column`, blank as `None`.
    pub fn cell(&self, column: usize) -> Option<Figure> {
        self.figure(column).cloned()
    }

    /// The figures of every column, blank as `None`.
    pub fn cells(&self, columns: usize) -> Vec<Option<Figure>> {
        (0..columns).map(|c| self.cell(c)).collect()
    }

    /// Sets the figure of `column`, where the line has that column.
    pub fn set_cell(&mut self, column: usize, figure: Option<Figure>) {
        if let Some(cell) = self.amounts.get_mut(column) {
            *cell = figure;
        }
    }

    /// Whether the amount of `column` is unknown because a wrong amount was reported.
    pub fn is_unknown(&self, column: usize) -> bool {
        self.unknown.get(column).copied().unwrap_or(false)
    }
}

/// The sum of `lines` in `column`, the one function that sums a group: its parts are the posts'
/// amounts and the groups' sums; a blank cell adds nothing, and where every line is blank the
/// sum is `None`. Amounts are below 10^18 ([`crate::money::LIMIT`]), so no sum leaves the range.
pub fn column_sum<K>(lines: &[Line<K>], column: usize) -> Option<Figure> {
    sum_cells(lines.iter().map(|l| l.figure(column)))
}

/// The sums of `lines` per column ([`column_sum`]): blank where no line fills the column.
pub fn sums<K>(lines: &[Line<K>], columns: usize) -> Vec<Option<Figure>> {
    (0..columns).map(|c| column_sum(lines, c)).collect()
}

/// Per column: whether any of `lines` is unknown there.
pub fn unknown_in<K>(lines: &[Line<K>], columns: usize) -> Vec<bool> {
    (0..columns)
        .map(|c| lines.iter().any(|l| l.is_unknown(c)))
        .collect()
}

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
                Diagnostic::error_of(Kind::wrong_form(Form::Lines, what, node.kind()))
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
                    Diagnostic::error_of(Kind::missing_key(
                        Missing::Group { name: name.clone() },
                        "rader",
                    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as text (`G[B]`), with `not:` read as the extra key and `summa:` as a group's own.
    struct Names(Vec<Diagnostic>);

    impl LineReader for Names {
        type Line = String;
        type Extra = Option<String>;
        type Saved = ();
        const NEITHER: &'static str = "varken post eller grupp";
        const GROUP_KEYS: &'static [&'static str] = &["grupp", "rader", "id", "not", "summa"];

        fn problems(&mut self) -> &mut Vec<Diagnostic> {
            &mut self.0
        }
        fn extra(&mut self, map: &mut MapReader<'_>) -> Option<String> {
            map.text_or_report("not")
        }
        fn enter_group(&mut self) {}
        fn group(
            &mut self,
            map: &mut MapReader<'_>,
            head: Head<Option<String>>,
            lines: Vec<String>,
            (): (),
        ) -> String {
            map.text_or_report("summa");
            format!("{}[{}]", head.name, lines.join(","))
        }
        fn row(&mut self, map: &mut MapReader<'_>, head: Head<Option<String>>) -> String {
            map.text_or_report("belopp");
            format!("{}@{}", head.name, head.position.line)
        }
        fn row_keys(&self) -> Vec<&'static str> {
            vec!["post", "id", "not", "belopp"]
        }
    }

    #[test]
    fn problems_come_in_the_order_of_the_tree() {
        let yaml = "- { post: A, id: [1], not: [2], belopp: 1, x: 1 }\n\
                    - grupp: G\n  id: [3]\n  rader:\n    - { post: B, id: [4] }\n  summa: [5]\n  z: 1\n\
                    - { namn: C }\n\
                    - 7\n\
                    - { grupp: H }\n";
        let node = crate::yaml::parse(yaml, "x.yaml", 0).unwrap();
        let mut names = Names(Vec::new());
        let lines = read(&mut names, &node, "rader", "x.yaml");
        assert_eq!(lines, ["A@1", "G[B@5]", "H[]"]);
        let found: Vec<(String, usize)> = names
            .0
            .iter()
            .map(|d| (d.message.clone(), d.position.map_or(0, |p| p.line)))
            .collect();
        let expected = [
            ("`id` ska vara en text, men är en lista", 1),
            ("`not` ska vara en text, men är en lista", 1),
            ("okänd nyckel `x` i en post", 1),
            ("`id` ska vara en text, men är en lista", 3),
            ("`id` ska vara en text, men är en lista", 5),
            ("`summa` ska vara en text, men är en lista", 6),
            ("okänd nyckel `z` i en grupp", 7),
            ("varken post eller grupp", 8),
            ("en rad ska vara nycklar med värden, men är ett tal", 9),
            ("gruppen `H` saknar `rader`", 10),
        ];
        let expected: Vec<(String, usize)> =
            expected.iter().map(|(m, l)| (m.to_string(), *l)).collect();
        assert_eq!(found, expected);
        let scalar = crate::yaml::parse("rader: 5\n", "x.yaml", 0).unwrap();
        let crate::yaml::Value::Map(entries) = &scalar.value else {
            panic!("{scalar:?}")
        };
        assert!(read(&mut names, &entries[0].1, "rader", "x.yaml").is_empty());
        assert_eq!(
            names.0.last().map(|d| d.message.as_str()),
            Some("`rader` ska vara en lista av poster och grupper, men är ett tal")
        );
    }
}
