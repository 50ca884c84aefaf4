//! The narrative's template stage under a small budget: any text, as a template over a small
//! context, renders or gives diagnostics in the writer's file, and within the budget's time:
//! never a panic, a hang or memory without bound (loops, doubling texts, list comprehensions,
//! multiplying filters all count against the budget).
#![no_main]

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use arshjul::templates::{DataFiles, Limits, render_narrative};
use libfuzzer_sys::fuzz_target;

/// A small budget, so that a template that would run away is stopped within a second.
const LIMITS: Limits = Limits {
    steps: 20_000,
    bytes: 1024 * 1024,
    output: 256 * 1024,
    time: Duration::from_secs(1),
};

fn context() -> &'static tera::Context {
    static CONTEXT: OnceLock<tera::Context> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let mut context = tera::Context::new();
        context.insert(
            "forbund",
            &[("namn", "Samordningsförbundet *Nord*")]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        context.insert("rader", &(1..=50).collect::<Vec<u32>>());
        context.insert("text", &"ab".repeat(100));
        context
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let started = Instant::now();
    let tables = [("budget".to_owned(), "budget".to_owned())];
    let result = render_narrative(body, context(), "i.md", 1, &DataFiles::of_kinds(&tables), &[], &LIMITS);
    // The budget's time plus the parse: a template that ran on is a hole in the budget.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the budget did not stop {body:?}"
    );
    match result {
        Ok(narrative) => assert!(narrative.text.len() <= LIMITS.output),
        Err(problems) => {
            assert!(!problems.is_empty());
            for d in problems {
                assert_eq!(
                    d.file.as_deref(),
                    Some(std::path::Path::new("i.md")),
                    "{d:?}"
                );
            }
        }
    }
});
