//! Hostile input stays harmless (issue 26): nothing is read from outside the project, nothing
//! hangs or exhausts the machine, nothing a writer types becomes a scheme, a placement or an
//! English message, and the preview holds against idle, oversized and foreign requests.
//!
//! Every build here runs under a cap on the process (address space and CPU time through
//! `ulimit`, wall time through `timeout`), asserts the Swedish message at its place, and that a
//! second, ordinary document of the same build still succeeds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{described, pdf_text, skip_without};

/// The address space a build may use, in KiB: far below what a decompression bomb or a string
/// doubled 64 times would need, well above a normal build.
const MEMORY_KIB: u64 = 3 * 1024 * 1024;
/// The CPU and wall time a build may take, in seconds.
const SECONDS: u64 = 120;

/// Runs `arshjul args` in `dir` under [`MEMORY_KIB`] and [`SECONDS`].
fn capped(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_KIB}; ulimit -t {SECONDS}; exec timeout -s KILL {SECONDS} \"$@\""
        ))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_arshjul"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run arshjul under sh")
}

/// A project in a temporary folder with `files` (path under the project root, text), and the
/// ordinary document `content/f/annan` that every test expects to build beside the hostile one.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![
        (
            "content/f/forbund.yaml",
            "namn: Samordningsförbundet Fjärden\nmedlemmar: [Försäkringskassan, Arbetsförmedlingen, Region Fjärden, Fjärdens kommun]\n",
        ),
        (
            "content/f/annan/index.md",
            "---\ntyp: rapport\ntitel: Annan rapport\ndatum: 2021-03-01\n---\n# Annan\n\nDen andra rapporten byggs.\n",
        ),
    ];
    all.extend_from_slice(files);
    for (path, text) in all {
        write(&dir.path().join(path), text.as_bytes());
    }
    dir
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A report `index.md` with `body` as its narrative (its first line is line 6 of the file).
fn report(title: &str, body: &str) -> String {
    format!("---\ntyp: rapport\ntitel: {title}\ndatum: 2021-03-01\n---\n{body}")
}

/// Builds under the cap; returns the exit code and stderr, asserting that the ordinary
/// document was built and that nothing panicked or aborted.
fn build(project: &Path, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = described(&capped(project, args));
    assert!(
        !stderr.contains("panicked") && !stderr.contains("memory allocation"),
        "{stdout}\n{stderr}"
    );
    assert!(
        code == 0 || code == 1,
        "exit {code}, killed by the cap?\n{stdout}\n{stderr}"
    );
    let other = project.join("build/f/annan.pdf");
    if args.first() == Some(&"build") && !args.contains(&"html") {
        assert!(other.exists(), "the other document was not built:\n{stdout}\n{stderr}");
    }
    assert!(
        stdout.contains("✓ f/annan"),
        "the other document did not succeed:\n{stdout}\n{stderr}"
    );
    (code, format!("{stdout}\n{stderr}"))
}

/// The lines of `output` from `fel:`/`varning:` to the next blank line that hold `needle`, with
/// the `-->` line that follows: the message and its place.
fn message<'a>(output: &'a str, needle: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = output.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{output}"));
    lines[at..lines.len().min(at + 2)].to_vec()
}

/// Asserts that `output` says `needle` at `place` (`content/…:line:column` or a file).
fn says_at(output: &str, needle: &str, place: &str) {
    let found = message(output, needle);
    assert!(
        found.iter().any(|l| l.contains(&format!("--> {place}"))),
        "{needle:?} not at {place}:\n{output}"
    );
}

#[cfg(unix)]
#[test]
fn p1_a_symlinked_data_file_outside_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemligt.yaml");
    std::fs::write(&secret, "root:x:0:0:HEMLIGT:/root:/bin/bash\n").unwrap();
    let project = project(&[(
        "content/f/pw/index.md",
        &report("Lösenord", "# Text\n\nEn rapport.\n"),
    )]);
    std::os::unix::fs::symlink(&secret, project.path().join("content/f/pw/pw.yaml")).unwrap();
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    says_at(&out, "leder utanför projektet", "content/f/pw/pw.yaml");
    assert!(!out.contains("HEMLIGT") && !out.contains("root:x"), "{out}");
    assert!(!project.path().join("build/f/pw.pdf").exists());
}

#[cfg(unix)]
#[test]
fn p1_a_symlinked_forbund_yaml_outside_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("forbund.yaml");
    std::fs::write(&secret, "namn: HEMLIGT FÖRBUND\n").unwrap();
    let project = project(&[(
        "content/g/plan/index.md",
        &report("Plan", "# Text\n\n{{ forbund.namn }}\n"),
    )]);
    std::os::unix::fs::symlink(&secret, project.path().join("content/g/forbund.yaml")).unwrap();
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 1, "{out}");
    says_at(&out, "leder utanför projektet", "content/g/forbund.yaml");
    assert!(!out.contains("HEMLIGT"), "{out}");
    let html = project.path().join("build/g/plan.html");
    assert!(!html.exists());
}

#[test]
fn p2_a_document_folder_named_like_a_script_gets_a_relative_encoded_href() {
    let project = project(&[(
        "content/f/javascript:alert(document.title)/index.md",
        &report("Skript", "# Text\n\nEtt namn som ser ut som en länk.\n"),
    )]);
    let (code, out) = build(project.path(), &["build"]);
    assert_eq!(code, 0, "{out}");
    let index = std::fs::read_to_string(project.path().join("build/f/index.html")).unwrap();
    assert!(
        index.contains("href=\"./javascript%3Aalert%28document.title%29.html\""),
        "{index}"
    );
    assert!(index.contains("href=\"./annan.html\""), "{index}");
    // No href in the page begins with a scheme.
    for href in index.split("href=\"").skip(1) {
        assert!(href.starts_with("./") || href.starts_with('#'), "{href}");
    }
}

/// The `build/` path of a project, for assertions.
#[allow(dead_code)]
fn built(project: &Path, file: &str) -> PathBuf {
    project.join("build").join(file)
}

#[allow(dead_code)]
fn text_of_pdf(project: &Path, file: &str) -> Option<String> {
    (!skip_without(&["pdftotext"])).then(|| pdf_text(&built(project, file)))
}
