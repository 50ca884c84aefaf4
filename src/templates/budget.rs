//! The narrative's budget: a template may loop over the data and build the values it quotes, but
//! not for ever and not without bound. Three nested `range(end=100000)` loops or a string doubled
//! sixty-four times stop with a located Swedish error for that document, and the other
//! documents of the build go on.
//!
//! tera has no hook of its own (its `range` stops at 100 000 items, nothing else is counted),
//! so the template is *instrumented* before tera reads it: every `{% for %}` body first calls
//! `__arshjul_steg` (one step per round, and a look at the clock), every `{% set x = … %}`
//! and every item of a list comprehension passes through `__arshjul_varde` (which weighs it),
//! and a comprehension's target through `__arshjul_slinga` (its rounds). The filters that can
//! multiply a text (`replace`, `join`, `indent`, `split`) weigh their result before building
//! it, and the rendered text goes to a writer that stops at [`Limits::output`]. Tags the
//! narrative does not need and that would escape the count (`filter` sections, `set` blocks,
//! `component`s, `include`, `extends`, `block`) are refused. A lexer that reads tags as tera's
//! does finds where to insert; the insertions are mapped back, so errors keep their places.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tera::{Kwargs, State, StringInput, Tera, Value};

/// How far a narrative's template may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Rounds of all loops and items of all list comprehensions, together.
    pub steps: u64,
    /// Bytes of the values the template builds (`set`, list items, filter results), together.
    pub bytes: u64,
    /// Bytes of the rendered Markdown.
    pub output: usize,
    /// Wall time, looked at on every step.
    pub time: Duration,
}

/// The limits of every narrative: far above what prose quoting data needs (a loop over a
/// 20 000-row table with ten columns is 200 000 steps, a second's work), far below what hangs
/// a build. The time is a backstop for rounds that each do much; the steps stop loops first.
pub const LIMITS: Limits = Limits {
    steps: 500_000,
    bytes: 16 * 1024 * 1024,
    output: 4 * 1024 * 1024,
    time: Duration::from_secs(20),
};

/// What a render has used so far.
pub(super) struct Budget {
    limits: Limits,
    steps: AtomicU64,
    bytes: AtomicU64,
    started: Instant,
    /// The insertion whose call ran last: where the output limit is reported.
    last: AtomicU64,
    /// Why the render was stopped, when it was.
    stopped: Mutex<Option<String>>,
}

impl Budget {
    pub(super) fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            steps: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            started: Instant::now(),
            last: AtomicU64::new(u64::MAX),
            stopped: Mutex::new(None),
        }
    }

    fn stop(&self, message: String) -> tera::Error {
        if let Ok(mut stopped) = self.stopped.lock() {
            stopped.get_or_insert_with(|| message.clone());
        }
        tera::Error::message(message)
    }

    /// `n` more steps, at insertion `at`.
    fn step(&self, n: u64, at: u64) -> tera::TeraResult<()> {
        self.last.store(at, Ordering::Relaxed);
        let steps = self.steps.fetch_add(n, Ordering::Relaxed).saturating_add(n);
        if steps > self.limits.steps {
            return Err(self.stop(format!(
                "slingorna går för många varv: mer än {} sammanlagt i berättelsen",
                thousands(self.limits.steps)
            )));
        }
        if self.started.elapsed() > self.limits.time {
            return Err(self.stop(format!(
                "mallen har räknat i mer än {} sekunder och stoppas här",
                self.limits.time.as_secs()
            )));
        }
        Ok(())
    }

    /// `n` more bytes built.
    fn charge(&self, n: u64) -> tera::TeraResult<()> {
        let bytes = self.bytes.fetch_add(n, Ordering::Relaxed).saturating_add(n);
        if bytes > self.limits.bytes {
            return Err(self.stop(format!(
                "värdena mallen bygger blir för stora: mer än {} MB sammanlagt",
                self.limits.bytes / (1024 * 1024)
            )));
        }
        Ok(())
    }

    /// The bytes left to build.
    fn left(&self) -> u64 {
        self.limits
            .bytes
            .saturating_sub(self.bytes.load(Ordering::Relaxed))
    }

    /// The size of `value`, charged; a value larger than what is left stops the render, and is
    /// measured only that far (a list holding itself sixty times over is not walked through).
    fn weigh(&self, value: &Value) -> tera::TeraResult<()> {
        let left = self.left();
        let mut size = 0;
        measure(value, left.saturating_add(1), &mut size);
        self.charge(size)
    }

    /// Why the render stopped, if the budget stopped it.
    pub(super) fn stopped(&self) -> Option<String> {
        self.stopped.lock().ok().and_then(|s| s.clone())
    }

    /// The insertion whose call ran last, if any.
    pub(super) fn last(&self) -> Option<usize> {
        let at = self.last.load(Ordering::Relaxed);
        (at != u64::MAX).then_some(at as usize)
    }
}

/// Adds the size of `value` to `size`, up to `cap`.
fn measure(value: &Value, cap: u64, size: &mut u64) {
    if *size >= cap {
        return;
    }
    if let Some(text) = value.as_str() {
        *size += 16 + text.len() as u64;
    } else if let Some(items) = value.as_array() {
        *size += 16;
        for item in items {
            measure(item, cap, size);
            if *size >= cap {
                return;
            }
        }
    } else if let Some(map) = value.as_map() {
        *size += 16;
        for (key, item) in map.iter() {
            *size += 16 + key.to_string().len() as u64;
            measure(item, cap, size);
            if *size >= cap {
                return;
            }
        }
    } else if let Some(bytes) = value.as_bytes() {
        *size += 16 + bytes.len() as u64;
    } else {
        *size += 16;
    }
}

fn thousands(n: u64) -> String {
    crate::money::format_number(rust_decimal::Decimal::from(n), 0)
}

/// Registers the budget's functions and the filters that weigh what they build.
pub(super) fn register(tera: &mut Tera, budget: &Arc<Budget>) {
    let insertion = |kwargs: &Kwargs| kwargs.get::<u64>("i").map(|i| i.unwrap_or(u64::MAX));
    let value = |kwargs: &Kwargs| {
        kwargs
            .get::<Value>("v")
            .map(|v| v.unwrap_or_else(Value::undefined))
    };
    let b = budget.clone();
    tera.register_function(STEP, move |kwargs: Kwargs, _: &State| {
        b.step(1, insertion(&kwargs)?)?;
        Ok::<_, tera::Error>(Value::safe_string(""))
    });
    let b = budget.clone();
    tera.register_function(SET, move |kwargs: Kwargs, _: &State| {
        let v = value(&kwargs)?;
        b.step(1, insertion(&kwargs)?)?;
        b.weigh(&v)?;
        Ok::<_, tera::Error>(v)
    });
    let b = budget.clone();
    tera.register_function(LOOP, move |kwargs: Kwargs, _: &State| {
        let v = value(&kwargs)?;
        let rounds = v.len().unwrap_or(0) as u64;
        b.step(rounds, insertion(&kwargs)?)?;
        Ok::<_, tera::Error>(v)
    });

    // The filters that multiply a text, as tera's own, but weighed before they build.
    let b = budget.clone();
    tera.register_filter(
        "replace",
        move |val: StringInput, kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let from = kwargs.must_get::<&str>("from")?;
            let to = kwargs.must_get::<StringInput>("to")?;
            let be_safe = state.autoescaping_enabled() && (val.is_safe() || to.is_safe());
            let (text, with) = (
                as_used(&val, be_safe, state)?,
                as_used(&to, be_safe, state)?,
            );
            let times = if from.is_empty() {
                text.chars().count() + 1
            } else {
                text.matches(from).count()
            };
            b.charge((text.len() + times.saturating_mul(with.len())) as u64)?;
            let out = text.replace(from, &with);
            Ok(built(out, be_safe))
        },
    );
    let b = budget.clone();
    tera.register_filter(
        "join",
        move |val: &[Value], kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let sep = kwargs.get::<StringInput>("sep")?;
            let be_safe = state.autoescaping_enabled()
                && (val.iter().any(|x| x.is_string() && x.is_safe())
                    || sep.as_ref().is_some_and(|x| x.is_safe()));
            let sep = match &sep {
                Some(s) => as_used(s, be_safe, state)?.into_owned(),
                None => String::new(),
            };
            let mut parts = Vec::with_capacity(val.len());
            for v in val {
                let part = if v.is_undefined() {
                    String::new()
                } else if be_safe {
                    state.escape_if_needed(v)?
                } else {
                    // Weighed before it is written out: a list may hold itself many times over.
                    b.weigh(v)?;
                    format!("{v}")
                };
                b.charge((part.len() + sep.len()) as u64)?;
                parts.push(part);
            }
            let out = parts.join(&sep);
            Ok(built(out, be_safe))
        },
    );
    let b = budget.clone();
    tera.register_filter(
        "indent",
        move |val: StringInput, kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let width = kwargs.get::<usize>("width")?.unwrap_or(4).min(1000);
            let indentation = kwargs.get::<StringInput>("indentation")?;
            let first = kwargs.get::<bool>("first")?.unwrap_or(false);
            let blank = kwargs.get::<bool>("blank")?.unwrap_or(false);
            if let Some(i) = &indentation
                && i.as_str().chars().count() != 1
            {
                return Err(tera::Error::message(
                    "`indentation` ska vara precis ett tecken",
                ));
            }
            let be_safe = state.autoescaping_enabled()
                && (val.is_safe() || indentation.as_ref().is_some_and(|x| x.is_safe()));
            let text = as_used(&val, be_safe, state)?;
            let indent = match &indentation {
                Some(i) => as_used(i, be_safe, state)?.repeat(width),
                None => " ".repeat(width),
            };
            let lines = text.lines().count();
            b.charge((text.len() + lines.saturating_mul(indent.len() + 1)) as u64)?;
            let mut out = String::with_capacity(text.len() * 2);
            for (n, line) in text.lines().enumerate() {
                if n > 0 {
                    out.push('\n');
                }
                if (n > 0 || first) && (!line.is_empty() || blank) {
                    out.push_str(&indent);
                }
                out.push_str(line);
            }
            Ok(built(out, be_safe))
        },
    );
    let b = budget.clone();
    tera.register_filter(
        "split",
        move |val: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let pat = kwargs.must_get::<&str>("pat")?;
            let pieces = if pat.is_empty() {
                val.chars().count() + 2
            } else {
                val.matches(pat).count() + 1
            };
            b.charge((val.len() + pieces.saturating_mul(32)) as u64)?;
            Ok(val
                .split(pat)
                .map(Value::from)
                .collect::<Vec<Value>>()
                .into())
        },
    );
}

/// A filter's text as tera's own filters use it: rendered (escaped unless safe) when the
/// result is to be safe, else as given.
fn as_used<'a>(
    input: &'a StringInput,
    safe: bool,
    state: &State,
) -> tera::TeraResult<std::borrow::Cow<'a, str>> {
    if safe {
        input.rendered(state)
    } else {
        Ok(std::borrow::Cow::Borrowed(input.as_str()))
    }
}

/// A filter's result, safe when tera's own filter would make it so.
fn built(out: String, safe: bool) -> Value {
    if safe {
        Value::safe_string(&out)
    } else {
        Value::from(out)
    }
}

/// A writer that takes at most `limit` bytes and then refuses, which stops tera.
pub(super) struct Capped {
    pub(super) out: Vec<u8>,
    limit: usize,
    /// Whether the limit was reached.
    pub(super) full: bool,
}

impl Capped {
    pub(super) fn new(limit: usize) -> Capped {
        Capped {
            out: Vec::new(),
            limit,
            full: false,
        }
    }
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > self.limit {
            self.full = true;
            return Err(std::io::Error::other("berättelsen blir för lång"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The message for a narrative over [`Limits::output`].
pub(super) fn too_long(limits: &Limits) -> String {
    format!(
        "berättelsen blir för lång: mer än {} MB text när mallen fyllts i",
        limits.output / (1024 * 1024)
    )
}

/// The hint beside a budget's message.
pub(super) const HINT: &str = "en berättelse kan gå igenom data med `{% for %}`, men inte miljontals gånger och inte med texter som växer för varje varv (`{% set s = s ~ s %}`): se över slingorna och `range(...)` här";

const STEP: &str = "__arshjul_steg";
const SET: &str = "__arshjul_varde";
const LOOP: &str = "__arshjul_slinga";

/// A template with its budget calls inserted, and where they were inserted.
#[derive(Debug)]
pub(super) struct Instrumented {
    /// The template tera reads.
    pub(super) text: String,
    /// Each insertion, in order: (its offset in the writer's template, its length, the offset
    /// of the tag or bracket it counts for).
    insertions: Vec<(usize, usize, usize)>,
    /// By the number in a call's `i=`: the offset of the tag or bracket it counts for.
    anchors: Vec<usize>,
}

impl Instrumented {
    /// Whether the template has nothing that counts (no loop, set or comprehension): rendering
    /// it again starts no count over.
    pub(super) fn counts_nothing(&self) -> bool {
        self.insertions.is_empty()
    }

    /// The writer's offset for an offset in [`Instrumented::text`]: text inside an insertion
    /// belongs to the tag the insertion counts for.
    pub(super) fn original(&self, offset: usize) -> usize {
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
    pub(super) fn anchor(&self, index: usize) -> Option<usize> {
        self.anchors.get(index).copied()
    }
}

/// A tag the narrative may not use: (its offset, its first word).
pub(super) type Refused = (usize, String);

/// Inserts the budget's calls into `body`. `Err` holds the tags a narrative may not use;
/// `Ok(None)` means the lexer found the template unreadable, and tera will say where.
pub(super) fn instrument(body: &str) -> Result<Option<Instrumented>, Vec<Refused>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    fn render(body: &str, limits: &Limits) -> Result<String, Vec<Diagnostic>> {
        let mut context = tera::Context::new();
        context.insert("rader", &(1..=5).collect::<Vec<u32>>());
        super::super::render_narrative(body, &context, "i.md", 1, &Default::default(), &[], limits)
            .map(|n| n.text)
    }

    fn stopped(body: &str) -> Diagnostic {
        let started = Instant::now();
        let errors = render(body, &LIMITS).expect_err(body);
        assert!(started.elapsed() < Duration::from_secs(20), "{body}");
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    }

    #[test]
    fn nested_loops_stop_at_the_step_limit_at_their_place() {
        let body = "Text.\n\n{% for a in range(end=100000) %}{% for b in range(end=100000) %}\n{% for c in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}\n";
        let e = stopped(body);
        assert!(e.message.contains("för många varv"), "{e:?}");
        assert_eq!(
            e.position.map(|p| (p.line, p.column)),
            Some((4, 1)),
            "{e:?}"
        );
    }

    #[test]
    fn a_string_doubled_over_and_over_stops_at_the_size_limit() {
        let doubled = "{% set s = s ~ s %}\n".repeat(64);
        let e = stopped(&format!("{{% set s = \"ab\" %}}\n{doubled}"));
        assert!(e.message.contains("för stora"), "{e:?}");
        // The set that went past the limit (the sizes of all values built, together).
        assert_eq!(e.position.map(|p| p.line), Some(23), "{e:?}");

        let e = stopped(
            "{% set s = \"ab\" %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}",
        );
        assert!(e.message.contains("för stora"), "{e:?}");
        let e = stopped(
            "{% set a = [1] %}{% for i in range(end=64) %}{% set_global a = [a, a] %}{% endfor %}{{ a }}",
        );
        assert!(e.message.contains("för stora"), "{e:?}");
    }

    #[test]
    fn list_comprehensions_and_filters_count_too() {
        let e =
            stopped("{{ [[x for x in range(end=100000)] for y in range(end=100000)] | length }}");
        assert!(e.message.contains("för många varv"), "{e:?}");
        let e = stopped(
            "{% set s = \"aaaaaaaaaa\" %}{% set s = s | replace(from=\"a\", to=s) %}{% set s = s | replace(from=\"a\", to=s) %}{% set s = s | replace(from=\"a\", to=s) %}",
        );
        assert!(e.message.contains("för stora"), "{e:?}");
        let e = stopped(
            "Text.\n\n{{ range(end=100000) | join(sep=\"x\" ~ range(end=1000) | join(sep=\"-\")) }}",
        );
        assert!(e.message.contains("för stora"), "{e:?}");
        // The filter's own place.
        assert_eq!(e.position.map(|p| p.line), Some(3), "{e:?}");
    }

    #[test]
    fn the_rendered_text_has_a_limit() {
        let small = Limits {
            output: 1000,
            ..LIMITS
        };
        let errors = render("{% for i in range(end=10000) %}text {% endfor %}", &small)
            .expect_err("too long");
        assert!(errors[0].message.contains("för lång"), "{errors:?}");
        assert_eq!(errors[0].position.map(|p| p.line), Some(1));
    }

    #[test]
    fn loops_and_sets_render_as_without_the_budget() {
        for body in [
            "{% for r in rader %}- {{ r }}\n{% endfor %}",
            "{% for r in rader -%}\n  {{ r }}\n{%- endfor %}",
            "{% for r in rader %}{% if r > 2 %}{% break %}{% endif %}{{ r }}{% else %}tom{% endfor %}",
            "{% set s = \"a\" ~ \"b\" -%}\n {{ s }}",
            "{% set_global t = [r * 2 for r in rader if r > 1] %}{{ t | join(sep=\", \") }}",
            "{{ \"a-b\" | replace(from=\"-\", to=\"+\") }} {{ \"x\ny\" | indent(width=2, first=true) }} {{ \"a,b\" | split(pat=\",\") | length }}",
            "{% raw %}{% for %}{% endraw %} {# {% for x in y %} #}",
            "{{ \"%}\" }}{% set q = \"{% for\" %}{{ q }}",
        ] {
            let mut tera = Tera::new();
            tera.set_escape_fn(super::super::escape_for_markdown);
            let mut context = tera::Context::new();
            context.insert("rader", &(1..=5).collect::<Vec<u32>>());
            let plain = tera.render_str(body, &context, true).unwrap();
            assert_eq!(render(body, &LIMITS).unwrap(), plain, "{body}");
        }
    }

    #[test]
    fn tags_that_escape_the_count_are_refused() {
        for (body, word) in [
            ("{% filter upper %}x{% endfilter %}", "filter"),
            ("{% set x %}text{% endset %}", "set"),
            ("{% component a() %}x{% endcomponent %}", "component"),
        ] {
            let errors = render(body, &LIMITS).expect_err(body);
            assert!(
                errors[0]
                    .message
                    .contains(&format!("`{{% {word} %}}` kan inte användas")),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn places_map_back_through_the_insertions() {
        for (body, place) in [
            ("{% for r in rader %}\n{{ r.saknas }}\n{% endfor %}", (2, 6)),
            ("Rad\n{% for r in saknas %}{% endfor %}", (2, 13)),
            ("Rad\n{{ [x for x in saknas] }}", (2, 16)),
        ] {
            let errors = render(body, &LIMITS).expect_err(body);
            assert_eq!(
                errors[0].position.map(|p| (p.line, p.column)),
                Some(place),
                "{errors:?}"
            );
        }
    }
}
