//! One diagnostic type for every stage of the pipeline, rendered in one place.
//!
//! Errors and warnings name the file relative to the project root with `:line:column`, say what
//! is wrong in Swedish, and may carry hints (“menade du `kostnader`?”). The rendering follows the
//! style of typst's own messages so that our YAML, template and typst errors look alike.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

pub mod kind;

pub use kind::{
    Counted, Encoding, Form, Kind, Missing, Named, Shape, SieField, Syntax, Template, Totalled,
    shown,
};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document cannot be built.
    Error,
    /// The document builds, but something deserves attention.
    Warning,
}

impl Severity {
    /// `fel` or `varning`, as messages begin.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
        }
    }
}

/// A place in a file: 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The position of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// A problem found while building a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the project root, if the problem has one.
    pub file: Option<PathBuf>,
    /// Where in the file, if known.
    pub position: Option<Position>,
    /// What is wrong, in Swedish.
    pub message: String,
    /// Suggestions and context, each printed as `hint: ...`.
    pub hints: Vec<String>,
    /// What went wrong, with its figures; the message is made from it unless it is
    /// [`Kind::Other`]. Boxed, so that a `Result` carrying a diagnostic stays small.
    pub kind: Box<Kind>,
}

impl Diagnostic {
    /// An error without a place.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            position: None,
            message: message.into(),
            hints: Vec::new(),
            kind: Box::new(Kind::Other),
        }
    }

    /// An error of `kind`, without a place, its message (and hint, where it makes one) made
    /// from the kind.
    pub fn error_of(kind: Kind) -> Diagnostic {
        Diagnostic {
            message: kind.message().unwrap_or_default(),
            hints: kind.hints(),
            kind: Box::new(kind),
            ..Diagnostic::error(String::new())
        }
    }

    /// A warning without a place.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// A warning of `kind`, without a place, its message (and hint) made from the kind.
    pub fn warning_of(kind: Kind) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error_of(kind)
        }
    }

    /// The same diagnostic, in `file`.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// The same diagnostic, at `line:column`.
    pub fn at(mut self, position: Position) -> Diagnostic {
        self.position = Some(position);
        self
    }

    /// The same diagnostic with `position` if it has none yet.
    pub fn at_if_unknown(mut self, position: Option<Position>) -> Diagnostic {
        if self.position.is_none() {
            self.position = position;
        }
        self
    }

    /// The same diagnostic with one more hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        let mut out = display_path(file);
        if let Some(p) = self.position {
            let _ = write!(out, ":{}:{}", p.line, p.column);
        }
        Some(out)
    }

    /// The diagnostic as one line of JSON for `check --meddelanden=json`: `allvarlighet`, `fil`,
    /// `rad`, `kolumn`, `meddelande` and the kind's fields ([`Kind::json_fields`]), so that
    /// tests compare kinds, figures and places rather than substrings of the text.
    pub fn json(&self) -> String {
        let mut fields = serde_json::Map::new();
        fields.insert("allvarlighet".into(), self.severity.label().into());
        fields.insert("fil".into(), self.file.as_deref().map(display_path).into());
        fields.insert("rad".into(), self.position.map(|p| p.line).into());
        fields.insert("kolumn".into(), self.position.map(|p| p.column).into());
        fields.insert("meddelande".into(), self.message.as_str().into());
        fields.extend(self.kind.json_fields());
        serde_json::Value::Object(fields).to_string()
    }

    /// Renders the diagnostic for a terminal, with the source line and a caret: the line as the
    /// build read it (see [`remember_source`]), or, for a file no build read as text, as it is in
    /// `root` now.
    pub fn render(&self, root: &Path) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", self.severity.label(), self.message);
        if let Some(location) = self.location() {
            let _ = writeln!(out, "  --> {location}");
            if let (Some(file), Some(p)) = (&self.file, self.position)
                && let Some(text) = source(&root.join(file))
                && let Some(line) = p.line.checked_sub(1).and_then(|n| text.lines().nth(n))
            {
                let number = p.line.to_string();
                let pad = " ".repeat(number.len());
                let line = line.replace('\t', " ");
                let caret = " ".repeat(p.column.saturating_sub(1).min(line.chars().count()));
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{number} | {line}");
                let _ = writeln!(out, "{pad} | {caret}^");
            }
        }
        for hint in &self.hints {
            let _ = writeln!(out, "  = tips: {hint}");
        }
        out
    }
}

/// The text of every file read through [`crate::project::read_text`], by the path it was read
/// from: what [`Diagnostic::render`] shows a line of, so that the line is the one the build read
/// (decoded from Windows-1252 or UTF-16; a stray byte as U+FFFD), also when the file has changed
/// since. One map for the process rather than one per build, because files are read on the
/// builds' threads and the diagnostics rendered afterwards by callers (the command line, `watch`,
/// the preview) that hold only the project root; each read of a file replaces its text, so the
/// map holds at most one text per file of the project.
static SOURCES: Mutex<BTreeMap<PathBuf, Arc<str>>> = Mutex::new(BTreeMap::new());

/// Keeps `text` as what was read from `path` (the root joined with the path a diagnostic
/// names), for [`Diagnostic::render`].
pub fn remember_source(path: &Path, text: &str) {
    SOURCES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(path.to_path_buf(), Arc::from(text));
}

/// The text read from `path` ([`remember_source`]); for a file no build read as text (a layout,
/// a SIE file, the typst source written by `--emit-typst`), the file on disk, if it is UTF-8.
fn source(path: &Path) -> Option<Arc<str>> {
    let read = SOURCES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(path)
        .cloned();
    read.or_else(|| std::fs::read_to_string(path).ok().map(Arc::from))
}

/// A path with forward slashes, as users see it in messages on every platform.
pub fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The known word nearest to `word`, if it is close enough to be a likely misspelling.
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = crate::text::fold_ascii(word).to_lowercase();
    known
        .into_iter()
        .map(|k| {
            let d = edit_distance(&folded, &crate::text::fold_ascii(k).to_lowercase());
            (d, k)
        })
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1) + 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A path that cannot be used ([`crate::project::project_path`]): what is wrong and, for a
/// missing file, the fix (“menade du `deltagare.csv`?”), which goes on its own `tips:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong, in Swedish.
    pub message: String,
    /// The fix, where one is known.
    pub hint: Option<String>,
    /// The kind, where the path names a file that does not exist ([`Kind::MissingFile`]);
    /// [`Kind::Other`] otherwise.
    pub kind: Box<Kind>,
}

impl PathError {
    /// The error as a diagnostic, its hint on its own line; the caller adds file and place.
    pub fn error(self) -> Diagnostic {
        if *self.kind != Kind::Other {
            return Diagnostic::error_of(*self.kind);
        }
        let d = Diagnostic::error(self.message);
        match self.hint {
            Some(h) => d.hint(h),
            None => d,
        }
    }
}

impl From<String> for PathError {
    fn from(message: String) -> PathError {
        PathError {
            message,
            hint: None,
            kind: Box::new(Kind::Other),
        }
    }
}

/// For a file that does not exist, the one beside it whose name differs only in case or by one
/// letter (`Deltagare.csv` for `deltagare.csv`), written as the writer wrote the path.
pub fn similar_file(missing: &Path) -> Option<String> {
    let name = missing.file_name()?.to_str()?;
    let dir = missing.parent()?;
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| {
            n != name
                && (n.to_lowercase() == name.to_lowercase()
                    || edit_distance(&n.to_lowercase(), &name.to_lowercase()) <= 1)
        })
        .collect();
    found.sort();
    let file = found.into_iter().next()?;
    Some(file)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests;
