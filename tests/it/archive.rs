//! PDF/A-2a with PDF/UA-1 by default: tagged, Swedish, every font embedded, `qpdf --check`
//! clean, and byte-identical when built twice.

use std::process::Command;

use crate::support::{arshjul, described, fixture, skip_without};

fn run(tool: &str, args: &[&str], pdf: &std::path::Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed for the tests ({e}): apt-get install poppler-utils qpdf")
        });
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_pdf_is_archival_accessible_and_reproducible() {
    let first = fixture("budget-2020-ratt");
    let (code, stdout, stderr) = described(&arshjul(first.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = first.path().join("build/goteborg/plan.pdf");

    // Built again in another folder: the same bytes, and no build path in them.
    let second = fixture("budget-2020-ratt");
    let (code, _, stderr) = described(&arshjul(second.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    let a = std::fs::read(&pdf).unwrap();
    let b = std::fs::read(second.path().join("build/goteborg/plan.pdf")).unwrap();
    assert!(a == b, "two builds differ");
    let folder = first.path().to_string_lossy().into_owned();
    assert!(
        !String::from_utf8_lossy(&a).contains(&folder),
        "the build folder is in the PDF"
    );

    if skip_without(&["pdfinfo", "pdffonts", "qpdf"]) {
        return;
    }
    let info = run("pdfinfo", &[], &pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           Verksamhetsplan och budget 2020"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Samordningsförbundet Göteborg"),
        "{info}"
    );
    assert!(
        info.contains("Subject:         med preliminär inriktning 2021–2022"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    Thu Nov 28 00:00:00 2019 UTC"),
        "{info}"
    );

    let xmp = run("pdfinfo", &["-meta"], &pdf);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
        "{xmp}"
    );
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("<dc:language><rdf:Bag><rdf:li>sv"), "{xmp}");

    let fonts = run("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let embedded = columns.iter().rev().nth(4).copied();
        assert_eq!(embedded, Some("yes"), "not embedded: {row}");
    }

    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn no_pdfa_gives_a_plain_tagged_pdf() {
    let project = fixture("minimal");
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--no-pdfa"]));
    assert_eq!(code, 0, "{stderr}");
    let pdf = project.path().join("build/plan.pdf");
    if skip_without(&["pdfinfo"]) {
        return;
    }
    let xmp = run("pdfinfo", &["-meta"], &pdf);
    assert!(!xmp.contains("pdfaid:part"), "{xmp}");
    assert!(run("pdfinfo", &[], &pdf).contains("Tagged:          yes"));
}

#[test]
fn an_image_without_alt_text_is_a_warning_and_the_file_name_stands_in() {
    let project = fixture("bilder");
    let index = project.path().join("content/doc/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, format!("{text}\n![](karta.png)\n")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "varning: bilden `karta.png` saknar alternativtext\n  --> content/doc/index.md:11:1"
        ),
        "{stderr}"
    );
}

#[test]
fn a_heading_that_skips_a_level_is_a_warning_not_an_invalid_pdf() {
    let project = fixture("minimal");
    let index = project.path().join("content/plan/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, format!("{text}\n### Djup rubrik\n")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("rubriken på nivå 3 hoppar över en nivå och sätts som nivå 2\n  --> content/plan/index.md:10:1"), "{stderr}");
}
