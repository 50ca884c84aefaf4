//! [`MapReader`]: a mapping read key by key, every problem kept in order and every key nobody
//! asked for reported, with the nearest known key as a hint; and the readers of single values
//! (a text list, a date) it shares with callers that hold a bare [`Node`].

use super::commas::comma_split;
use super::hints::decimal_comma_error;
use super::tree::{Key, Node, Value};
use crate::diagnostics::kind::did_you_mean;
use crate::diagnostics::{Diagnostic, Form, Kind, Position, Shape, nearest};

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
            _ => Err(Diagnostic::error_of(map_of(what, node.kind()))
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
                Value::Seq(_) | Value::Map(_) => {
                    Err(
                        Diagnostic::error_of(Kind::wrong_form(Form::Text, key, node.kind()))
                            .in_file(file)
                            .at(node.position),
                    )
                }
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
                let suggestion = nearest(&k.name, known.iter().copied());
                let d = Diagnostic::error_of(Kind::UnknownKey {
                    key: k.name.clone(),
                    known_in: what.to_owned(),
                    suggestion: suggestion.map(str::to_owned),
                })
                .in_file(self.file)
                .at(k.position);
                match suggestion {
                    Some(n) => d.hint(did_you_mean(n)),
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
                    Diagnostic::error_of(Kind::WrongForm {
                        what: Shape::Item {
                            found: i.kind().to_owned(),
                        },
                        key: Some(key.to_owned()),
                        written: None,
                        expected: Form::Texts,
                    })
                    .in_file(file)
                    .at(i.position)
                })
            })
            .collect(),
        _ => node.as_text().map(|t| vec![t.to_owned()]).ok_or_else(|| {
            Diagnostic::error_of(Kind::wrong_form(Form::TextOrList, key, node.kind()))
                .in_file(file)
                .at(node.position)
        }),
    }
}

/// A date value (`2020-11-27`) of `key`, or a located error.
pub fn date(node: &Node, file: &str, key: &str) -> Result<crate::money::Date, Diagnostic> {
    let text = node.as_text().ok_or_else(|| {
        Diagnostic::error_of(Kind::wrong_form(Form::Date, key, node.kind()))
            .in_file(file)
            .at(node.position)
    })?;
    crate::money::Date::read(text).map_err(|mut d| {
        // The message quotes the value alone; the kind names its key too.
        if let Kind::WrongForm { key: k @ None, .. } = d.kind.as_mut() {
            *k = Some(key.to_owned());
        }
        d.in_file(file).at(node.position)
    })
}

/// `{what} ska vara nycklar med värden, men är {found}`: a key's value (`what` the key in
/// backticks) or something named in words (`en rad`, `front matter`) that is no mapping.
fn map_of(what: &str, found: &str) -> Kind {
    let key = what
        .strip_prefix('`')
        .and_then(|w| w.strip_suffix('`'))
        .filter(|k| !k.contains('`'));
    Kind::WrongForm {
        what: match key {
            Some(_) => Shape::found(found),
            None => Shape::Subject {
                subject: what.to_owned(),
                found: Some(found.to_owned()),
            },
        },
        key: key.map(str::to_owned),
        written: None,
        expected: Form::Entries,
    }
}
