//! Where the budget's calls go: a lexer that reads a template's tags as tera's does, and the
//! template rewritten with a step call at the top of every `{% for %}` body and every `set`
//! value, comprehension item and target passed through the weighing functions; the insertions
//! are kept so that an error's place maps back to what the writer wrote (see the parent
//! module).

pub(in crate::templates) const STEP: &str = "__arshjul_steg";
pub(in crate::templates) const SET: &str = "__arshjul_varde";
pub(in crate::templates) const LOOP: &str = "__arshjul_slinga";

/// A template with its budget calls inserted, and where they were inserted.
#[derive(Debug)]
pub(in crate::templates) struct Instrumented {
    /// The template tera reads.
    pub(in crate::templates) text: String,
    /// Each insertion, in order: (its offset in the writer's template, its length, the offset
    /// of the tag or bracket it counts for).
    insertions: Vec<(usize, usize, usize)>,
    /// By the number in a call's `i=`: the offset of the tag or bracket it counts for.
    anchors: Vec<usize>,
}

impl Instrumented {
    /// Whether the template has nothing that counts (no loop, set or comprehension): rendering
    /// it again starts no count over.
    pub(in crate::templates) fn counts_nothing(&self) -> bool {
        self.insertions.is_empty()
    }

    /// The writer's offset for an offset in [`Instrumented::text`]: text inside an insertion
    /// belongs to the tag the insertion counts for.
    pub(in crate::templates) fn original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(at, len, anchor) in &self.insertions {
            let start = at + shift;
            if offset < start {
                break;
            }
            if offset < start + len {
                return anchor;
            }
            shift += len;
        }
        offset.saturating_sub(shift)
    }

    /// The writer's offset of the tag the call numbered `index` counts for.
    pub(in crate::templates) fn anchor(&self, index: usize) -> Option<usize> {
        self.anchors.get(index).copied()
    }
}

/// A tag the narrative may not use: (its offset, its first word).
pub(in crate::templates) type Refused = (usize, String);

/// Inserts the budget's calls into `body`. `Err` holds the tags a narrative may not use;
/// `Ok(None)` means the lexer found the template unreadable, and tera will say where.
pub(in crate::templates) fn instrument(body: &str) -> Result<Option<Instrumented>, Vec<Refused>> {
    let Some(tokens) = lex(body) else {
        return Ok(None);
    };
    // (offset in the writer's template, text to insert, anchor); several at one offset keep
    // their order.
    let mut inserts: Vec<(usize, String, usize)> = Vec::new();
    let mut anchors: Vec<usize> = Vec::new();
    let mut refused = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let open = tokens[i];
        let (Token::TagStart | Token::VariableStart) = open.kind else {
            i += 1;
            continue;
        };
        let Some(close) = tokens[i + 1..]
            .iter()
            .position(|t| matches!(t.kind, Token::End { .. }))
            .map(|p| i + 1 + p)
        else {
            break;
        };
        let inner = &tokens[i + 1..close];
        comprehensions(body, inner, &mut inserts, &mut anchors);
        if open.kind == Token::TagStart {
            let word = inner
                .first()
                .filter(|t| t.kind == Token::Ident)
                .map(|t| &body[t.start..t.end]);
            match word {
                Some("for") => {
                    let Token::End { trim } = tokens[close].kind else {
                        unreachable!()
                    };
                    let index = anchors.len();
                    anchors.push(open.start);
                    let call = if trim {
                        format!("{{{{ {STEP}(i={index}) -}}}}")
                    } else {
                        format!("{{{{ {STEP}(i={index}) }}}}")
                    };
                    inserts.push((tokens[close].end, call, open.start));
                }
                Some("set" | "set_global") => {
                    let assign = inner.get(2).filter(|t| &body[t.start..t.end] == "=");
                    match (assign, inner.last()) {
                        (Some(assign), Some(last)) if inner.len() > 3 => {
                            let index = anchors.len();
                            anchors.push(open.start);
                            inserts.push((
                                assign.end,
                                format!(" {SET}(i={index}, v=("),
                                open.start,
                            ));
                            inserts.push((last.end, "))".to_owned(), open.start));
                        }
                        (None, _) => refused.push((open.start, "set".to_owned())),
                        _ => {}
                    }
                }
                Some(
                    w @ ("filter" | "endfilter" | "component" | "endcomponent" | "include"
                    | "extends" | "block" | "endblock" | "endset"),
                ) => refused.push((open.start, w.to_owned())),
                _ if inner.first().is_some_and(|t| &body[t.start..t.end] == "<") => {
                    refused.push((open.start, "component".to_owned()))
                }
                _ => {}
            }
        }
        i = close + 1;
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    inserts.sort_by_key(|(at, _, _)| *at);
    let mut text = String::with_capacity(body.len() + inserts.len() * 32);
    let mut insertions = Vec::with_capacity(inserts.len());
    let mut from = 0;
    for (at, insert, anchor) in inserts {
        text.push_str(&body[from..at]);
        text.push_str(&insert);
        insertions.push((at, insert.len(), anchor));
        from = at;
    }
    text.push_str(&body[from..]);
    Ok(Some(Instrumented {
        text,
        insertions,
        anchors,
    }))
}

/// Finds the list comprehensions among a tag's tokens and wraps their items and targets.
fn comprehensions(
    body: &str,
    inner: &[Lexed],
    inserts: &mut Vec<(usize, String, usize)>,
    anchors: &mut Vec<usize>,
) {
    let text = |t: &Lexed| &body[t.start..t.end];
    // Open brackets: (index of `[` in `inner`, whether a `,` was seen at its level).
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut depth_kinds: Vec<&str> = Vec::new();
    for (n, t) in inner.iter().enumerate() {
        match text(t) {
            "[" | "(" | "{" => {
                depth_kinds.push(text(t));
                if text(t) == "[" {
                    open.push((n, false));
                }
            }
            "]" | ")" | "}" if depth_kinds.pop() == Some("[") => {
                open.pop();
            }
            "," if depth_kinds.last() == Some(&"[") => {
                if let Some(last) = open.last_mut() {
                    last.1 = true;
                }
            }
            "for" if depth_kinds.last() == Some(&"[") && t.kind == Token::Ident => {
                let Some(&(bracket, false)) = open.last() else {
                    continue;
                };
                if bracket + 1 >= n {
                    continue;
                }
                // [EXPR for NAMES in TARGET (if COND)? ]
                let Some(in_at) = (n + 1..inner.len()).find(|&k| text(&inner[k]) == "in") else {
                    continue;
                };
                let mut level = 0usize;
                let mut target_end = None;
                for (k, u) in inner.iter().enumerate().skip(in_at + 1) {
                    match text(u) {
                        "[" | "(" | "{" => level += 1,
                        "]" | ")" | "}" if level == 0 => {
                            target_end = Some(k);
                            break;
                        }
                        "]" | ")" | "}" => level -= 1,
                        "if" if level == 0 && u.kind == Token::Ident => {
                            target_end = Some(k);
                            break;
                        }
                        _ => {}
                    }
                }
                let Some(target_end) = target_end.filter(|&e| e > in_at + 1) else {
                    continue;
                };
                let anchor = inner[bracket].start;
                let index = anchors.len();
                anchors.push(anchor);
                inserts.push((
                    inner[bracket + 1].start,
                    format!("{SET}(i={index}, v=("),
                    anchor,
                ));
                inserts.push((inner[n - 1].end, "))".to_owned(), anchor));
                // The target's own place, for an error in it (a name that does not exist).
                let target = inner[in_at + 1].start;
                let index = anchors.len();
                anchors.push(target);
                inserts.push((target, format!("{LOOP}(i={index}, v=("), target));
                inserts.push((inner[target_end - 1].end, "))".to_owned(), target));
            }
            _ => {}
        }
    }
}

/// A token of a template, as tera's lexer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// `{{` or `{{-`.
    VariableStart,
    /// `{%` or `{%-`.
    TagStart,
    /// `}}`, `%}`, `-}}` or `-%}`; `trim` for the last two.
    End { trim: bool },
    /// A name.
    Ident,
    /// A string, a number or an operator.
    Other,
}

/// A token and its place.
#[derive(Debug, Clone, Copy)]
struct Lexed {
    kind: Token,
    start: usize,
    end: usize,
}

/// The tokens of a template's tags, read as tera's lexer reads them (text between tags,
/// comments and `{% raw %}` blocks are skipped); `None` where tera's lexer fails too (an
/// unclosed string, comment or raw block), so that tera says where.
fn lex(body: &str) -> Option<Vec<Lexed>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let Some(found) = bytes[at..]
            .windows(2)
            .position(|w| w == b"{{" || w == b"{%" || w == b"{#")
        else {
            break;
        };
        let start = at + found;
        let opener = &bytes[start..start + 2];
        let after = start + 2 + usize::from(bytes.get(start + 2) == Some(&b'-'));
        if opener == b"{#" {
            let end = find(bytes, after, b"#}")?;
            at = end + 2;
            continue;
        }
        if opener == b"{%"
            && let Some(end) = skip_tag(body, after, "raw")
        {
            // Everything up to `{% endraw %}` is text.
            let mut search = end;
            loop {
                let tag = find(bytes, search, b"{%")?;
                let inner = tag + 2 + usize::from(bytes.get(tag + 2) == Some(&b'-'));
                if let Some(close) = skip_tag(body, inner, "endraw") {
                    at = close;
                    break;
                }
                search = tag + 2;
            }
            continue;
        }
        let (kind, close): (Token, &[u8]) = if opener == b"{{" {
            (Token::VariableStart, b"}}")
        } else {
            (Token::TagStart, b"%}")
        };
        out.push(Lexed {
            kind,
            start,
            end: after,
        });
        at = after;
        loop {
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at >= bytes.len() {
                return None;
            }
            if bytes[at] == b'-' && bytes.get(at + 1..at + 3) == Some(close) {
                out.push(Lexed {
                    kind: Token::End { trim: true },
                    start: at,
                    end: at + 3,
                });
                at += 3;
                break;
            }
            if bytes.get(at..at + 2) == Some(close) {
                out.push(Lexed {
                    kind: Token::End { trim: false },
                    start: at,
                    end: at + 2,
                });
                at += 2;
                break;
            }
            let c = bytes[at];
            let len = if c == b'"' || c == b'\'' || c == b'`' {
                let mut k = at + 1;
                let mut escaped = false;
                while k < bytes.len() {
                    if escaped {
                        escaped = false;
                    } else if bytes[k] == b'\\' {
                        escaped = true;
                    } else if bytes[k] == c {
                        break;
                    }
                    k += 1;
                }
                if k >= bytes.len() {
                    return None;
                }
                k + 1 - at
            } else if c.is_ascii_digit() {
                let mut k = at;
                let mut dot = false;
                while k < bytes.len() && (bytes[k].is_ascii_digit() || (bytes[k] == b'.' && !dot)) {
                    dot |= bytes[k] == b'.';
                    k += 1;
                }
                k - at
            } else if c == b'_' || c.is_ascii_alphabetic() {
                let mut k = at;
                while k < bytes.len() && (bytes[k] == b'_' || bytes[k].is_ascii_alphanumeric()) {
                    k += 1;
                }
                out.push(Lexed {
                    kind: Token::Ident,
                    start: at,
                    end: k,
                });
                at = k;
                continue;
            } else if bytes.get(at..at + 3) == Some(b"...") {
                3
            } else if matches!(
                bytes.get(at..at + 2),
                Some(b"//" | b"**" | b"==" | b"!=" | b">=" | b"<=" | b"</" | b"?." | b"?[")
            ) {
                2
            } else if c.is_ascii() {
                1
            } else {
                // tera's lexer stops at any other character.
                return None;
            };
            out.push(Lexed {
                kind: Token::Other,
                start: at,
                end: at + len,
            });
            at += len;
        }
    }
    Some(out)
}

/// The first `needle` in `bytes` from `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// At `at` (after `{%` and its `-`): `name` with optional spaces and `-`, then `%}`; the offset
/// after it. As tera's `skip_tag`.
fn skip_tag(body: &str, at: usize, name: &str) -> Option<usize> {
    let rest = body.get(at..)?;
    let rest_trimmed = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let after_name = rest_trimmed.strip_prefix(name)?;
    let after_space = after_name.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let after_dash = after_space.strip_prefix('-').unwrap_or(after_space);
    let after_end = after_dash.strip_prefix("%}")?;
    Some(body.len() - after_end.len())
}
