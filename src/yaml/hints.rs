//! The syntax-error explainer: serde-saphyr's English error becomes arshjul's own message, the
//! mistake named in the writer's terms (a tab, a quote, a bracket, indentation) at the line where
//! it is, with the fix. A decimal comma has its message here too, for the parser's error (the
//! key `5` twice) and for the reader's (a key `5` nobody asked for) alike.

use crate::diagnostics::{Diagnostic, Kind, Position, Syntax};

/// Turns serde-saphyr's error into arshjul's own message: what is wrong in the writer's terms,
/// at the line where it is, with the fix. The library's English never reaches the writer; it
/// only tells which kind of mistake to look for.
pub(super) fn syntax_error(
    text: &str,
    error: &serde_saphyr::Error,
    file: &str,
    line_offset: usize,
) -> Diagnostic {
    let at = |line: usize, column: usize| Position {
        line: line + line_offset,
        column,
    };
    let located = |what: Syntax, line: usize, column: usize| {
        Diagnostic::error_of(Kind::Syntax { what })
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
        return located(Syntax::Tab, n + 1, tab + 1);
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
            return Diagnostic::error_of(Kind::WrongForm {
                what: crate::diagnostics::Shape::Unbracketed,
                key: Some(name.clone()),
                written: None,
                expected: crate::diagnostics::Form::List,
            })
            .in_file(file)
            .at(at(line, key_column))
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
        return located(Syntax::DuplicateKey { key }, line, column);
    }

    // Quotes: one inside a quoted value ends it too early; one never closed runs on.
    if english.contains("after double-quoted")
        || english.contains("after single-quoted")
        || english.contains("trailing content")
    {
        let l = line_text(line);
        let (key, value) = key_value(l);
        let start = l
            .find(['"', '\''])
            .map_or(column, |i| l[..i].chars().count() + 1);
        let what = Syntax::QuoteInside {
            key: key.map(str::to_owned),
            value: value.map(str::to_owned),
        };
        return located(what, line, start);
    }
    if let Some((n, c, quote)) = unclosed_quote(text) {
        return located(Syntax::UnclosedQuote { quote }, n, c);
    }
    if let Some((n, c, open)) = unclosed_bracket(text) {
        return located(Syntax::UnclosedBracket { open }, n, c);
    }

    // `titel: Plan 2027: fokus` — a second `: ` in a plain value.
    if english.contains("mapping values are not allowed") {
        let l = line_text(line);
        if let (Some(key), Some(value)) = key_value(l)
            && value.contains(": ")
            && !value.starts_with(['"', '\'', '[', '{'])
        {
            let value_column = column_of(l, value);
            let what = Syntax::ColonInValue {
                key: key.to_owned(),
                value: value.to_owned(),
            };
            return located(what, line, value_column);
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
        let what = Syntax::Indentation {
            written: l.trim().chars().take(40).collect(),
            column: c,
            above: above.map(|above| content_column(above)),
        };
        return located(what, n, c);
    }

    located(Syntax::Unreadable, line, column)
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

/// A `[` or `{` that is never closed (outside quotes and comments): (line, column, open).
fn unclosed_bracket(text: &str) -> Option<(usize, usize, char)> {
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
    stack.first().copied()
}

/// The message for a decimal comma (`120,5`, read as 120 and 5), at `at`, with the fix.
pub fn decimal_comma_error(written: &str, file: &str, at: Position) -> Diagnostic {
    Diagnostic::error_of(Kind::Syntax {
        what: Syntax::DecimalComma {
            written: written.to_owned(),
        },
    })
    .in_file(file)
    .at(at)
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

/// serde-saphyr ends its messages with “at line X, column Y”; we print the place ourselves.
fn strip_location(message: &str) -> &str {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    }
}
