//! The archive edition: `build --arkiv` (and `arkiv: true`) makes a PDF/A-3a with PDF/UA-1
//! carrying every source of the document, and `arshjul verifiera` rebuilds it from them alone:
//! "samma byte", or the pages that differ.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{arshjul, copy_dir, described, repo, skip_without};

const ANNUAL: &str = "sjobygden/arsredovisning-2019";
const INTERIM: &str = "insjoriket/delarsrapport-2018-08";

/// A project holding the example årsredovisning (and, with `interim`, the delårsrapport, which
/// reads a CSV file) with their forbund.yaml.
fn project(interim: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let documents: &[&str] = if interim {
        &[ANNUAL, INTERIM]
    } else {
        &[ANNUAL]
    };
    for document in documents {
        let folder = Path::new("content").join(document);
        copy_dir(&repo().join(&folder), &dir.path().join(&folder));
        let forbund = folder.parent().unwrap().join("forbund.yaml");
        std::fs::copy(repo().join(&forbund), dir.path().join(&forbund)).unwrap();
    }
    dir
}

fn pdf(root: &Path, document: &str) -> PathBuf {
    root.join("build").join(format!("{document}.pdf"))
}

/// What `program args… pdf` prints.
fn run(program: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(program).args(args).arg(pdf).output().unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file under `dir`, as paths from `root`.
fn files(root: &Path, dir: &str) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap();
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// The names `qpdf --list-attachments` lists.
fn attachments(pdf: &Path) -> Vec<String> {
    let listed = run("qpdf", &["--list-attachments"], pdf);
    let mut names: Vec<String> = listed
        .lines()
        .filter_map(|line| line.split_once(" -> "))
        .map(|(name, _)| name.to_owned())
        .collect();
    names.sort();
    names
}

/// The words of each page, read in-process.
fn page_texts(pdf: &Path) -> Vec<Vec<String>> {
    let mut pages: Vec<Vec<String>> = Vec::new();
    for word in crate::pdf::words(pdf) {
        if pages.len() < word.page {
            pages.resize(word.page, Vec::new());
        }
        pages[word.page - 1].push(word.text);
    }
    pages
}

fn assert_archive_xmp(pdf: &Path) {
    let xmp = run("pdfinfo", &["-meta"], pdf);
    assert!(
        xmp.contains("<pdfaid:part>3</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
        "{xmp}"
    );
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
}

fn assert_qpdf_clean(pdf: &Path) {
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    assert!(
        stdout.contains("No syntax or stream encoding errors"),
        "{stdout}"
    );
}

/// The project's own layout (reading a file of its own), font and image, besides the data,
/// index.md and forbund.yaml: every one attached, under its path from the project root, with its bytes; the PDF is PDF/A-3a
/// with PDF/UA-1 and qpdf finds nothing; verifiera, run elsewhere with only the PDF, says
/// "samma byte".
#[test]
fn the_archive_pdf_carries_every_source_and_rebuilds_to_the_same_bytes() {
    let project = project(true);
    let root = project.path();
    // The project's cover reads a file of its own that no stage before typst reads.
    std::fs::create_dir_all(root.join("layouts")).unwrap();
    let cover = std::fs::read_to_string(repo().join("layouts/_omslag.typ")).unwrap();
    std::fs::write(
        root.join("layouts/_omslag.typ"),
        format!("{cover}\n#let arkiv-prov = read(\"/stampel.txt\")\n"),
    )
    .unwrap();
    std::fs::write(root.join("stampel.txt"), "Granskad\n").unwrap();
    std::fs::create_dir_all(root.join("fonts")).unwrap();
    std::fs::copy(
        repo().join("fonts/DejaVuSansMono.ttf"),
        root.join("fonts/DejaVuSansMono.ttf"),
    )
    .unwrap();
    let folder = root.join("content").join(ANNUAL);
    std::fs::copy(
        repo().join("tests/fixtures/webb/content/doc/karta.png"),
        folder.join("karta.png"),
    )
    .unwrap();
    let index = folder.join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}\n![Karta över Sjöbygden](karta.png)\n"),
    )
    .unwrap();

    let (code, stdout, stderr) = described(&arshjul(root, &["build", "--arkiv"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    if skip_without(&["qpdf", "pdfinfo"]) {
        return;
    }
    for document in [ANNUAL, INTERIM] {
        let pdf = pdf(root, document);
        assert_archive_xmp(&pdf);
        assert_qpdf_clean(&pdf);
        let forbund = format!(
            "content/{}/forbund.yaml",
            document.split('/').next().unwrap()
        );
        let mut expected = files(root, &format!("content/{document}"));
        expected.extend([
            forbund,
            "fonts/DejaVuSansMono.ttf".to_owned(),
            "layouts/_omslag.typ".to_owned(),
            "stampel.txt".to_owned(),
            // The figures, beside the sources.
            "figurer.json".to_owned(),
        ]);
        expected.sort();
        assert_eq!(attachments(&pdf), expected, "{document}");
        // Byte for byte as on disk, the SIE file's PC8 and the image's PNG too.
        for name in &expected {
            let shown = Command::new("qpdf")
                .arg(format!("--show-attachment={name}"))
                .arg(&pdf)
                .output()
                .unwrap();
            // The figures are the ones build/<doc>.json holds.
            let on_disk = match name.as_str() {
                "figurer.json" => root.join(format!("build/{document}.json")),
                _ => root.join(name),
            };
            assert!(
                shown.stdout == std::fs::read(on_disk).unwrap(),
                "{document}: {name} is not attached as it is on disk"
            );
        }
    }
    assert!(
        attachments(&pdf(root, ANNUAL)).contains(&format!("content/{ANNUAL}/bokforing.se")),
        "the SIE file"
    );
    assert!(
        attachments(&pdf(root, INTERIM)).contains(&format!("content/{INTERIM}/premiar.csv")),
        "the CSV file"
    );

    // Only the PDF, in a folder that is no project.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("arsredovisning.pdf");
    std::fs::copy(pdf(root, ANNUAL), &copy).unwrap();
    drop(project);
    let (code, stdout, stderr) = described(&arshjul(
        elsewhere.path(),
        &["verifiera", "arsredovisning.pdf"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!(
            "samma byte: {ANNUAL} byggs ur sina 10 källfiler till exakt den här PDF-filen"
        )),
        "{stdout}"
    );
    assert!(stderr.is_empty(), "{stderr}");
}

/// `arkiv: true` in front matter does what `--arkiv` does; without either the PDF stays
/// PDF/A-2a and carries nothing; `--arkiv` with `--no-pdfa` is a command-line error, and
/// `arkiv: true` with `--no-pdfa` a warning at the key.
#[test]
fn arkiv_true_in_front_matter_makes_the_archive_and_the_default_stays_pdf_a_2a() {
    let project = project(false);
    let root = project.path();
    let pdf = pdf(root, ANNUAL);

    let (code, _, stderr) = described(&arshjul(root, &["build", "--format", "pdf"]));
    assert_eq!(code, 0, "{stderr}");
    let plain = std::fs::read(&pdf).unwrap();

    let (code, stdout, stderr) = described(&arshjul(root, &["build", "--arkiv", "--no-pdfa"]));
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("fel: --arkiv och --no-pdfa går inte ihop"),
        "{stderr}"
    );
    assert!(std::fs::read(&pdf).unwrap() == plain, "the PDF was touched");

    let index = root.join("content").join(ANNUAL).join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let with_key = text.replacen("---\n", "---\narkiv: true\n", 1);
    std::fs::write(&index, &with_key).unwrap();
    let (code, _, stderr) = described(&arshjul(root, &["build", "--format", "pdf"]));
    assert_eq!(code, 0, "{stderr}");
    let archived = std::fs::read(&pdf).unwrap();
    assert!(archived != plain);

    let (code, _, stderr) = described(&arshjul(root, &["build", "--format", "pdf", "--no-pdfa"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "varning: `arkiv: true` gäller inte med --no-pdfa: PDF-filen blir en vanlig taggad PDF utan sina källor\n  --> content/{ANNUAL}/index.md:2:8"
        )),
        "{stderr}"
    );

    std::fs::write(&index, text.replacen("---\n", "---\narkiv: ja\n", 1)).unwrap();
    let (code, _, stderr) = described(&arshjul(root, &["build", "--format", "pdf"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "fel: `arkiv` ska vara true eller false, men är en text\n  --> content/{ANNUAL}/index.md:2:8"
        )),
        "{stderr}"
    );

    if skip_without(&["qpdf", "pdfinfo"]) {
        return;
    }
    let plain_file = root.join("plain.pdf");
    std::fs::write(&plain_file, &plain).unwrap();
    let xmp = run("pdfinfo", &["-meta"], &plain_file);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
        "{xmp}"
    );
    assert!(attachments(&plain_file).is_empty());

    let archived_file = root.join("archived.pdf");
    std::fs::write(&archived_file, &archived).unwrap();
    assert_archive_xmp(&archived_file);
    assert_qpdf_clean(&archived_file);
    let mut expected = files(root, &format!("content/{ANNUAL}"));
    expected.push("content/sjobygden/forbund.yaml".to_owned());
    expected.push("figurer.json".to_owned());
    expected.sort();
    assert_eq!(attachments(&archived_file), expected);

    // verifiera on a PDF that carries no sources: what it is and how to make one.
    let (code, _, stderr) = described(&arshjul(root, &["verifiera", "plain.pdf"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "fel: plain.pdf bär inga källfiler att bygga om: den är inte byggd med `arshjul build --arkiv`"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = described(&arshjul(root, &["verifiera", "finns-inte.pdf"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("fel: kan inte läsa finns-inte.pdf"),
        "{stderr}"
    );
}

/// The SIE file attached to an archive PDF replaced by one where 10 000 kr moved from
/// konsultarvoden to löner (a new voucher, and #RES to match): verifiera exits 1 and names the
/// pages whose text differs between the PDF and a PDF built normally from the changed books.
#[test]
fn verifiera_names_the_pages_a_changed_sie_file_changes() {
    if skip_without(&["qpdf"]) {
        return;
    }
    let project = project(false);
    let root = project.path();
    let (code, _, stderr) = described(&arshjul(root, &["build", "--arkiv", "--format", "pdf"]));
    assert_eq!(code, 0, "{stderr}");
    let signed = root.join("signed.pdf");
    std::fs::copy(pdf(root, ANNUAL), &signed).unwrap();

    let sie = root.join("content").join(ANNUAL).join("bokforing.se");
    let books = std::fs::read(&sie).unwrap();
    let replace = |bytes: Vec<u8>, from: &str, to: &str| -> Vec<u8> {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        assert!(text.contains(from), "{from}");
        // The SIE file is PC8; the lines changed here are ASCII, so the rest is kept as bytes.
        let at = bytes
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .unwrap();
        [&bytes[..at], to.as_bytes(), &bytes[at + from.len()..]].concat()
    };
    let mut changed = replace(books, "#RES 0 7010 640000", "#RES 0 7010 650000");
    changed = replace(changed, "#RES 0 6550 205000", "#RES 0 6550 195000");
    changed.extend_from_slice(
        b"#VER A 15 20191231 \"Omf\x94ring\"\r\n{\r\n   #TRANS 7010 {} 10000\r\n   #TRANS 6550 {} -10000\r\n}\r\n",
    );
    std::fs::write(&sie, &changed).unwrap();
    let key = format!("content/{ANNUAL}/bokforing.se");
    let tampered = root.join("tampered.pdf");
    let replaced = Command::new("qpdf")
        .arg(&signed)
        .arg("--add-attachment")
        .arg(&sie)
        .arg(format!("--key={key}"))
        .arg(format!("--filename={key}"))
        .arg("--replace")
        .arg("--")
        .arg(&tampered)
        .output()
        .unwrap();
    assert!(
        replaced.status.success(),
        "{}",
        String::from_utf8_lossy(&replaced.stderr)
    );

    // What the changed books print, built the ordinary way.
    let (code, _, stderr) = described(&arshjul(root, &["build", "--arkiv", "--format", "pdf"]));
    assert_eq!(code, 0, "{stderr}");
    let (before, after) = (page_texts(&signed), page_texts(&pdf(root, ANNUAL)));
    assert_eq!(before.len(), after.len());
    let differing: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .map(|i| i + 1)
        .collect();
    assert!(!differing.is_empty(), "the change prints nothing");
    // Runs of pages as `4–6`, as a reader writes them.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &page in &differing {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == page => *end = page,
            _ => runs.push((page, page)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let word = if differing.len() == 1 {
        "sidan"
    } else {
        "sidorna"
    };
    let expected = format!("{word} {} skiljer sig", shown.join(", "));

    let elsewhere = tempfile::tempdir().unwrap();
    let run_on = |pdf: &Path| {
        let (code, stdout, stderr) = described(&arshjul(
            elsewhere.path(),
            &["verifiera", &pdf.to_string_lossy()],
        ));
        (code, stdout, stderr)
    };
    let (code, stdout, stderr) = run_on(&tampered);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with(&format!(
            "PDF-filen är inte vad dess källfiler ger ({ANNUAL}, 6 källfiler):\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&expected),
        "expected `{expected}`:\n{stdout}"
    );
    assert!(!stdout.contains("samma byte"), "{stdout}");
    assert!(!stdout.contains("sidantalet"), "{stdout}");

    // The untouched PDF still verifies.
    let (code, stdout, stderr) = run_on(&signed);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.starts_with("samma byte"), "{stdout}");
}
