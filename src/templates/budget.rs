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

mod instrument;

pub(super) use instrument::{Instrumented, instrument};
use instrument::{LOOP, SET, STEP};

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
