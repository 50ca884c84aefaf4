//! The value paths of a template, for explaining its errors: the `{{ … }}` and `{% … %}` tags
//! of a template, the paths written in them (`budget.summa_kostnader[0]`, each step with its
//! place), and where following one through the values ends.

use tera::Value;

/// One step of a path in a template expression: `.namn` or `[2]` or `["säte"]`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    /// `.namn` or `["säte"]`.
    Field(String),
    /// `[2]`.
    Index(usize),
}

/// A path as written in a template (`budget.summa_kostnader[0]`): where it starts in the
/// template, the name it starts from and its steps, each with its own byte offset.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ExprPath {
    /// Where the path starts.
    pub(super) start: usize,
    /// The name it starts from.
    pub(super) root: String,
    /// Its steps, each with its offset.
    pub(super) steps: Vec<(usize, Step)>,
}

impl ExprPath {
    /// The path as a writer would write it, up to `steps` steps.
    pub(super) fn shown(&self, steps: usize) -> String {
        let mut out = self.root.clone();
        for (_, step) in self.steps.iter().take(steps) {
            match step {
                Step::Field(f) if f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    out.push('.');
                    out.push_str(f);
                }
                Step::Field(f) => out.push_str(&format!("[\"{f}\"]")),
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

/// Words of the template language that are not names of values.
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "set",
    "set_global",
    "true",
    "false",
    "True",
    "False",
    "none",
    "None",
    "loop",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "block",
    "endblock",
    "macro",
    "endmacro",
    "include",
    "extends",
    "break",
    "continue",
    "with",
    "endwith",
];

/// The `{{ … }}` and `{% … %}` tags of a template: (offset of the inner text, inner text, is an
/// expression `{{`), leaving out comments and what stands between `{% raw %}` and `{% endraw %}`.
pub(super) fn tags(body: &str) -> Vec<(usize, &str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut raw = false;
    while let Some(found) = body[at..].find('{') {
        let start = at + found;
        let rest = &body[start..];
        let (close, expression) = if rest.starts_with("{{") {
            ("}}", true)
        } else if rest.starts_with("{%") {
            ("%}", false)
        } else if rest.starts_with("{#") {
            ("#}", false)
        } else {
            at = start + 1;
            continue;
        };
        let inner_start = start + 2;
        let Some(length) = body[inner_start..].find(close) else {
            break;
        };
        let inner = &body[inner_start..inner_start + length];
        at = inner_start + length + 2;
        if close == "#}" {
            continue;
        }
        let word = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
        if raw {
            raw = expression || word != "endraw";
            continue;
        }
        if !expression && word == "raw" {
            raw = true;
            continue;
        }
        out.push((inner_start, inner, expression));
    }
    out
}

/// The paths in an expression, with offsets counted from the template's start. Names of
/// filters, tests, functions and keyword arguments are left out, as are string literals.
pub(super) fn paths(expression: &str, offset: usize) -> Vec<ExprPath> {
    let bytes = expression.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_end = |from: usize| {
        let mut j = from;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        j
    };
    let previous = |i: usize| {
        expression[..i]
            .trim_end()
            .chars()
            .next_back()
            .unwrap_or(' ')
    };
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'"' || c == b'\'' || c == b'`' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                i += 1;
            }
            i += 1;
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == b'_') {
            i += 1;
            continue;
        }
        let end = ident_end(i);
        let name = &expression[i..end];
        let before = previous(i);
        let after = expression[end..].trim_start();
        let is_name = !KEYWORDS.contains(&name)
            && before != '|'
            && before != '.'
            && !expression[..i].trim_end().ends_with(" is")
            && !after.starts_with('(')
            && (!after.starts_with('=') || after.starts_with("=="));
        if !is_name {
            i = end;
            continue;
        }
        let mut path = ExprPath {
            start: offset + i,
            root: name.to_owned(),
            steps: Vec::new(),
        };
        let mut j = end;
        loop {
            if j < bytes.len() && bytes[j] == b'.' {
                let k = ident_end(j + 1);
                if k == j + 1 {
                    break;
                }
                path.steps
                    .push((offset + j + 1, Step::Field(expression[j + 1..k].to_owned())));
                j = k;
            } else if j < bytes.len() && bytes[j] == b'[' {
                let Some(close) = expression[j..].find(']') else {
                    break;
                };
                let inside = expression[j + 1..j + close].trim();
                let step = if let Ok(n) = inside.parse::<usize>() {
                    Step::Index(n)
                } else if inside.len() >= 2
                    && (inside.starts_with('"') && inside.ends_with('"')
                        || inside.starts_with('\'') && inside.ends_with('\''))
                {
                    Step::Field(inside[1..inside.len() - 1].to_owned())
                } else {
                    break;
                };
                path.steps.push((offset + j, step));
                j += close + 1;
            } else {
                break;
            }
        }
        out.push(path);
        i = j.max(end);
    }
    out
}

/// What became of following a path through the values.
pub(super) enum Walk<'v> {
    /// The value at the end of the path.
    Found(&'v Value),
    /// Step `at` names a field the map before it lacks.
    Missing { at: usize, parent: &'v Value },
    /// Step `at` indexes past the end of a list of `len`.
    OutOfRange { at: usize, len: usize },
    /// Step `at` goes into a value that has no fields or items.
    NotContainer { at: usize, value: &'v Value },
}

/// Follows `path` from `root`, the value of its first name.
pub(super) fn walk<'v>(root: &'v Value, path: &ExprPath) -> Walk<'v> {
    let mut current = root;
    for (at, (_, step)) in path.steps.iter().enumerate() {
        current = match step {
            Step::Field(name) => match current.as_map() {
                Some(map) => match map.get(&tera::value::Key::from(name.clone())) {
                    Some(v) => v,
                    None => {
                        return Walk::Missing {
                            at,
                            parent: current,
                        };
                    }
                },
                None => match current.as_array() {
                    Some(_) => {
                        return Walk::Missing {
                            at,
                            parent: current,
                        };
                    }
                    None => return Walk::NotContainer { at, value: current },
                },
            },
            Step::Index(i) => match current.as_array() {
                Some(items) => match items.get(*i) {
                    Some(v) => v,
                    None => {
                        return Walk::OutOfRange {
                            at,
                            len: items.len(),
                        };
                    }
                },
                None => return Walk::NotContainer { at, value: current },
            },
        };
    }
    Walk::Found(current)
}
