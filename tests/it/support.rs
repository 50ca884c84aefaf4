//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture project under `tests/fixtures/<name>`, copied into a fresh temporary folder so
/// that tests can build and change it.
pub(crate) fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `arshjul` with `args` in `dir`.
pub(crate) fn arshjul(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arshjul"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run arshjul")
}

/// The exit code, stdout and stderr of a run, for assertions and their messages.
pub(crate) fn described(output: &Output) -> (i32, String, String) {
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The text of a PDF, with every run of whitespace made one space and soft hyphens removed.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        // In content-stream order: rotated text (the UTKAST watermark) stays in one piece.
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed for the tests: apt-get install poppler-utils");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    normalise(&String::from_utf8_lossy(&output.stdout))
}

/// Every run of whitespace (also no-break spaces) as one space; soft hyphens and the word
/// joiners typst puts in outlines left out.
pub(crate) fn normalise(text: &str) -> String {
    text.replace(['\u{ad}', '\u{2060}'], "")
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
