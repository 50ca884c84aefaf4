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

/// Each document of `dussin` holds one mistake (`d`, `f` and `l` a few on purpose, `u-ra` two
/// places): one message each, in Swedish, with a place and no follow-on errors.
#[test]
fn every_everyday_mistake_gives_one_message_in_swedish() {
    let project = fixture("dussin");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    let several = [("d", 3), ("f", 2), ("l", 3), ("u-ra", 2)];
    let mut documents = 0;
    for line in stderr.lines().filter(|l| l.starts_with("✗ ")) {
        let (name, rest) = line[4..].split_once(": ").unwrap();
        let count: usize = rest.split(' ').next().unwrap().parse().unwrap();
        let expected = several
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(1, |(_, c)| *c);
        assert_eq!(count, expected, "{name}:\n{stderr}");
        documents += 1;
    }
    assert!(
        documents >= 28,
        "{documents} documents with errors:\n{stderr}"
    );
    // Warnings only: the document builds, and says what deserves attention.
    assert!(stdout.contains("✓ zb-varningar: inga fel"), "{stdout}");
    for expected in [
        "varning: kostnaden `Kansli` 2021 är negativ\n  --> content/zb-varningar/budget.yaml:10:34",
        "varning: budgeten saknar `ingående_eget_kapital`: det räknas som 0",
        "varning: filen är inte sparad som UTF-8: den lästes som Windows-1252 (Latin-1)\n  --> content/ze-csv-latin1/deltagare.csv",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    }
    // No English from the YAML parser or the template library.
    for english in [
        "while",
        "expected",
        "found",
        "mapping",
        "scalar",
        "Variable",
        "Field",
        "Unknown",
        "undefined",
        "Cannot",
        "Tried",
        "not allowed",
        "invalid",
    ] {
        assert!(!stderr.contains(english), "{english:?} in:\n{stderr}");
    }
    // Every error has its file:line:column.
    let errors = stderr.lines().filter(|l| l.starts_with("fel: ")).count();
    let located = stderr
        .lines()
        .filter(|l| l.starts_with("  --> content/") && l.matches(':').count() == 2)
        .count();
    assert!(
        located >= errors,
        "{errors} errors, {located} located:\n{stderr}"
    );
}

/// Every key of front matter and forbund.yaml written wrong, in four förbund: each mistake one
/// located message, in the order written (`fastställd`'s, `brevhuvud`'s and `underskrifter`'s
/// inner keys, a board member without a name, a board that is no list, a forbund.yaml that is
/// no mapping, `underskrifter` without a board).
#[test]
fn front_matter_and_forbund_mistakes_are_reviewed() {
    snapshot("forbund-fel");
    let expected =
        std::fs::read_to_string(repo().join("tests/fixtures/forbund-fel/forvantat.txt")).unwrap();
    for message in [
        "okänd dokumenttyp `verksamhetsplann`",
        "okänd nyckel `protokoll` i `fastställd`",
        "ledamoten saknar `namn`",
        "`underskrifter` kräver en styrelse",
        "`medlemmar` ska vara en lista, men är en text",
        "`logotyp` ska vara en sökväg, men är ett tal",
    ] {
        assert!(expected.contains(message), "{message}");
    }
    // A board written as one text is one mistake: the layouts, which list the board under
    // the signatures, stay silent about it.
    assert!(expected.contains("`styrelse` ska vara en lista, men är en text"));
    assert!(!expected.contains("i den inbyggda layouten"), "{expected}");
    // A forbund.yaml shared by four documents: each of its mistakes is printed once, and each
    // document counts it.
    assert_eq!(
        expected
            .matches("okänd nyckel `telefonnummer` i forbund.yaml")
            .count(),
        1,
        "{expected}"
    );
    assert!(expected.contains("✗ f1/d4: 14 fel"), "{expected}");
}

#[test]
fn the_broken_project_messages_are_reviewed() {
    snapshot("broken");
}

/// The typst source each fixture's documents generate (`build --emit-typst`), kept in
/// `tests/fixtures/<case>/typst/<document>.typ`: a change in what the narrative, the data or the
/// layouts produce is reviewed like a change of wording (`UPDATE_SNAPSHOTS=1` writes them anew).
fn typst_snapshot(case: &str) {
    let project = fixture(case);
    typst_snapshot_of(
        project.path(),
        &repo().join("tests/fixtures").join(case).join("typst"),
    );
}

/// Builds `project` with `--emit-typst` and compares every generated source with the reviewed
/// one in `dir`.
fn typst_snapshot_of(project: &std::path::Path, dir: &std::path::Path) {
    let case = project.display();
    let (code, _, stderr) = described(&arshjul(
        project,
        &["build", "--quiet", "--format", "pdf", "--emit-typst"],
    ));
    assert_eq!(code, 0, "{stderr}");
    let build = project.join("build");
    let mut generated = Vec::new();
    for entry in walkdir::WalkDir::new(&build).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() == "main.typ" {
            let document = entry
                .path()
                .parent()
                .unwrap()
                .strip_prefix(&build)
                .unwrap()
                .to_string_lossy()
                .replace(['/', '\\'], "--");
            generated.push((document, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    assert!(!generated.is_empty(), "{case}: no typst source written");
    let mut changed = Vec::new();
    for (document, text) in &generated {
        let path = dir.join(format!("{document}.typ"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            changed.push(path.display().to_string());
        }
    }
    assert!(
        changed.is_empty(),
        "the generated typst changed; review with `arshjul build --emit-typst` and run with UPDATE_SNAPSHOTS=1: {changed:?}"
    );
}

#[test]
fn the_generated_typst_of_each_fixture_is_reviewed() {
    for case in [
        "minimal",
        "budget-2020-ratt",
        "delarsrapport",
        "escaping",
        "arsredovisning",
        "insjoriket-sie",
    ] {
        typst_snapshot(case);
    }
}

/// The example documents of `content/` (the seeds reproduced): their generated typst is
/// reviewed too, kept in `tests/snapshots/exempel/`. With the fonts and images committed and
/// the PDF reproducible, the same source means the same PDF bytes: a restructuring of the code
/// that changes no output leaves these files as they are.
#[test]
fn the_generated_typst_of_each_example_is_reviewed() {
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo().join("content"), &project.path().join("content"));
    typst_snapshot_of(project.path(), &repo().join("tests/snapshots/exempel"));
}
