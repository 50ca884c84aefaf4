//! A dozen different mistakes give a dozen located errors in one `check`, and their wording is
//! a reviewed change: the expected output is kept in `tests/fixtures/<case>/forvantat.txt`
//! (`UPDATE_SNAPSHOTS=1 cargo test` writes it anew).

use crate::support::{arshjul, described, fixture, repo};

/// stderr without the timings, which vary.
fn stable(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.rfind(" (") {
            Some(i) if l.starts_with('✗') && l.ends_with(" ms)") => l[..i].to_owned(),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn snapshot(case: &str) {
    let project = fixture(case);
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let got = stable(&stderr);
    let path = repo()
        .join("tests/fixtures")
        .join(case)
        .join("forvantat.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == expected,
        "the messages changed; review and run with UPDATE_SNAPSHOTS=1:\n{got}"
    );
}

#[test]
fn a_dozen_mistakes_give_a_dozen_located_errors() {
    snapshot("dussin");
    let expected =
        std::fs::read_to_string(repo().join("tests/fixtures/dussin/forvantat.txt")).unwrap();
    let located = expected
        .lines()
        .filter(|l| l.starts_with("  --> content/"))
        .count();
    let errors = expected.lines().filter(|l| l.starts_with("fel: ")).count();
    assert!(errors >= 12, "{errors} errors");
    assert!(located >= errors, "every error has a place");
}

#[test]
fn the_broken_project_messages_are_reviewed() {
    snapshot("broken");
}
