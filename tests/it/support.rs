//! Helpers shared by the integration tests.

use std::io::Write as _;
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

/// Writes `content/forbund.yaml` under `root`, with the name `namn`: every document of a
/// project inherits a förbund, and one without is an error.
pub(crate) fn forbund(root: &Path, namn: &str) {
    std::fs::create_dir_all(root.join("content")).expect("mkdir");
    std::fs::write(root.join("content/forbund.yaml"), format!("namn: {namn}\n"))
        .expect("forbund.yaml");
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

/// Whether `program` can be run here. Tests that read PDFs with poppler's or qpdf's programs ask
/// first, so that `cargo test` on a fresh machine with only Rust passes and says what it skipped.
pub(crate) fn have(program: &str) -> bool {
    // Any answer will do, even an error about the argument: only a missing program fails to start.
    Command::new(program).arg("-v").output().is_ok()
}

/// `true` (and one line on the terminal naming the test and what it lacks) when one of
/// `programs` is missing: the caller then returns, having checked what it could without them.
/// The line is written past libtest's capture, so that a skip is never silent.
pub(crate) fn skip_without(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs.iter().copied().filter(|p| !have(p)).collect();
    if missing.is_empty() {
        return false;
    }
    skip(&format!(
        "{} saknas (Debian/Ubuntu: apt-get install poppler-utils qpdf; .ci/run installerar dem)",
        missing.join(", ")
    ));
    true
}

/// Runs `node tests/browser/<script> <args>` and returns what it printed, asserting that it
/// succeeded; `None`, with a skip line, when chromium, node or one of the npm `packages`
/// (`npm ci --prefix tests/browser`) is missing.
pub(crate) fn browser_script(
    script: &str,
    packages: &[&str],
    args: &[&std::ffi::OsStr],
) -> Option<String> {
    let browser = repo().join("tests/browser");
    let ready = packages
        .iter()
        .all(|p| browser.join("node_modules").join(p).is_dir())
        && Path::new("/usr/bin/chromium").exists()
        && have("node");
    if !ready {
        skip(
            "det behöver chromium, node och `npm ci --prefix tests/browser` (.ci/run installerar dem)",
        );
        return None;
    }
    let output = Command::new("node")
        .arg(browser.join(script))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(stdout)
}

/// Writes “hoppar över <test>: <why>” on the terminal, past libtest's capture.
pub(crate) fn skip(why: &str) {
    thread_local! {
        static SAID: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // Once per test and reason, however often the test asks.
    let new = SAID.with(|said| {
        let mut said = said.borrow_mut();
        let fresh = !said.iter().any(|s| s == why);
        if fresh {
            said.push(why.to_owned());
        }
        fresh
    });
    if new {
        let thread = std::thread::current();
        let test = thread.name().unwrap_or("ett test");
        let _ = writeln!(std::io::stderr().lock(), "hoppar över {test}: {why}");
    }
}

/// The text of a PDF: its words in content-stream order (rotated text, the UTKAST watermark,
/// stays in one piece), one space between them, soft hyphens removed. Read in-process
/// (tests/it/pdf.rs), so that every figure test runs on a machine without poppler.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let words: Vec<String> = pdf_words(pdf).into_iter().map(|w| w.text).collect();
    normalise(&words.join(" "))
}

pub(crate) use crate::pdf::Word;

/// The words of a PDF with their boxes, read in-process.
pub(crate) fn pdf_words(pdf: &Path) -> Vec<Word> {
    crate::pdf::words(pdf)
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

/// An amount as the PDF prints kronor, computed here independently of the money module:
/// rounded half away from zero, a space between thousands (pdftotext gives the no-break space
/// as a space), a real minus sign.
pub(crate) fn kr(value: rust_decimal::Decimal) -> String {
    let rounded =
        value.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let digits = rounded.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if rounded.is_sign_negative() && !rounded.is_zero() {
        format!("−{out}")
    } else {
        out
    }
}

/// A web edition's tables as a reader sees them: the page before its Underlag, with the links
/// from row names to their Underlag taken out (`<th scope="row">Summa medel</th>`).
pub(crate) fn tables_html(html: &str) -> String {
    let page = html
        .split("<section class=\"underlag\"")
        .next()
        .unwrap_or(html);
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find("<a class=\"underlag\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let open_end = after.find('>').map_or(after.len(), |i| i + 1);
        let inner = &after[open_end..];
        let close = inner.find("</a>").unwrap_or(inner.len());
        out.push_str(&inner[..close]);
        rest = inner.get(close + 4..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A diagnostic as `check --meddelanden=json` prints it: its kind (`slag`), place and figures.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Reported {
    /// `fel_summa`, `skillnad`, `okänd_nyckel`, `okänt_namn`, `saknad_nyckel`, `fel_form` or
    /// `övrigt`.
    pub slag: String,
    /// `file:line:column`.
    pub place: String,
    /// The expected and computed figures (`väntat`, `beräknat`), their difference (`skillnad`)
    /// and the unit, for a kind that has them.
    pub figures: Option<(
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        String,
    )>,
}

/// Every diagnostic of a run with `--meddelanden=json`, read from its stdout.
pub(crate) fn reported(stdout: &str) -> Vec<Reported> {
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a line of JSON"))
        .map(|v| Reported {
            slag: text(&v, "slag"),
            place: format!("{}:{}:{}", text(&v, "fil"), v["rad"], v["kolumn"]),
            figures: v["väntat"].as_str().map(|expected| {
                let amount = |s: &str| s.parse().expect("an exact decimal");
                (
                    amount(expected),
                    amount(&text(&v, "beräknat")),
                    amount(&text(&v, "skillnad")),
                    text(&v, "enhet"),
                )
            }),
        })
        .collect()
}

/// An unknown name as `check --meddelanden=json` prints it (slag `okänt_namn`): its place, what
/// it names, the name as written and the nearest known name.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct UnknownName {
    /// `file:line:column`.
    pub place: String,
    /// `vad`: `diagram`, `datatyp`, `kolumn`, `rad`, …
    pub what: String,
    /// `skrivet`.
    pub written: String,
    /// `förslag`, `None` for `null`.
    pub suggestion: Option<String>,
}

impl UnknownName {
    /// The unknown name `written` for `what` at `place`, with `suggestion`.
    pub(crate) fn new(place: &str, what: &str, written: &str, suggestion: Option<&str>) -> Self {
        UnknownName {
            place: place.to_owned(),
            what: what.to_owned(),
            written: written.to_owned(),
            suggestion: suggestion.map(str::to_owned),
        }
    }
}

/// Every unknown name of a run with `--meddelanden=json`, read from its stdout, in the order
/// printed.
pub(crate) fn unknown_names(stdout: &str) -> Vec<UnknownName> {
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a line of JSON"))
        .filter(|v| v["slag"] == "okänt_namn")
        .map(|v| UnknownName {
            place: format!("{}:{}:{}", text(&v, "fil"), v["rad"], v["kolumn"]),
            what: text(&v, "vad"),
            written: text(&v, "skrivet"),
            suggestion: v["förslag"].as_str().map(str::to_owned),
        })
        .collect()
}

/// A missing key as `check --meddelanden=json` prints it (slag `saknad_nyckel`): its place,
/// what lacks it (`vad`, and `namn` where the message names it), the key (`nyckel`) and the keys
/// that would do instead (`eller`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct MissingKey {
    /// `file:line:column`.
    pub place: String,
    /// `vad`: `budget`, `grupp`, `rad`, …
    pub what: String,
    /// `namn`, `None` for `null`.
    pub name: Option<String>,
    /// `nyckel`.
    pub key: String,
    /// `eller`.
    pub alternatives: Vec<String>,
}

impl MissingKey {
    /// `what` (named `name`) at `place` lacks `key` and every one of `alternatives`.
    pub(crate) fn new(
        place: &str,
        what: &str,
        name: Option<&str>,
        key: &str,
        alternatives: &[&str],
    ) -> Self {
        MissingKey {
            place: place.to_owned(),
            what: what.to_owned(),
            name: name.map(str::to_owned),
            key: key.to_owned(),
            alternatives: alternatives.iter().map(|&a| a.to_owned()).collect(),
        }
    }
}

/// Every missing key of a run with `--meddelanden=json`, read from its stdout, sorted.
pub(crate) fn missing_keys(stdout: &str) -> Vec<MissingKey> {
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    let mut found: Vec<MissingKey> = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a line of JSON"))
        .filter(|v| v["slag"] == "saknad_nyckel")
        .map(|v| MissingKey {
            place: format!("{}:{}:{}", text(&v, "fil"), v["rad"], v["kolumn"]),
            what: text(&v, "vad"),
            name: v["namn"].as_str().map(str::to_owned),
            key: text(&v, "nyckel"),
            alternatives: v["eller"]
                .as_array()
                .expect("`eller`, a list")
                .iter()
                .map(|a| a.as_str().expect("a key").to_owned())
                .collect(),
        })
        .collect();
    found.sort();
    found
}

/// A value of the wrong form as `check --meddelanden=json` prints it (slag `fel_form`): its
/// place, the form expected (`form`), the key (`nyckel`) and the value as written (`skrivet`),
/// each `None` for `null`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct WrongForm {
    /// `file:line:column`.
    pub place: String,
    /// `form`: `belopp`, `datum`, `lista`, …
    pub form: String,
    /// `nyckel`.
    pub key: Option<String>,
    /// `skrivet`.
    pub written: Option<String>,
}

impl WrongForm {
    /// The value at `place` (of `key`, written `written`) that should be a `form`.
    pub(crate) fn new(place: &str, form: &str, key: Option<&str>, written: Option<&str>) -> Self {
        WrongForm {
            place: place.to_owned(),
            form: form.to_owned(),
            key: key.map(str::to_owned),
            written: written.map(str::to_owned),
        }
    }
}

/// Every value of the wrong form of a run with `--meddelanden=json`, read from its stdout,
/// sorted.
pub(crate) fn wrong_forms(stdout: &str) -> Vec<WrongForm> {
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    let mut found: Vec<WrongForm> = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a line of JSON"))
        .filter(|v| v["slag"] == "fel_form")
        .map(|v| WrongForm {
            place: format!("{}:{}:{}", text(&v, "fil"), v["rad"], v["kolumn"]),
            form: text(&v, "form"),
            key: v["nyckel"].as_str().map(str::to_owned),
            written: v["skrivet"].as_str().map(str::to_owned),
        })
        .collect();
    found.sort();
    found
}

/// Every diagnostic of kind `slag` of a run with `--meddelanden=json`, read from its stdout:
/// its place (`file:line:column`) and its fields `fields` (as JSON, `null` where missing),
/// sorted.
pub(crate) fn of_kind(
    stdout: &str,
    slag: &str,
    fields: &[&str],
) -> Vec<(String, Vec<serde_json::Value>)> {
    let mut found: Vec<(String, Vec<serde_json::Value>)> = stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a line of JSON"))
        .filter(|v| v["slag"] == slag)
        .map(|v| {
            let place = format!(
                "{}:{}:{}",
                v["fil"].as_str().unwrap_or_default(),
                v["rad"],
                v["kolumn"]
            );
            (place, fields.iter().map(|f| v[*f].clone()).collect())
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// CRC-32 as SIE 4B §10 and PNG define it (polynomial EDB88320, preset FFFFFFFF, inverted at
/// the end), written here so that the tests compute checksums independently of the crate
/// arshjul uses.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
