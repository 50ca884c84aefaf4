//! Resultaträkning, balansräkning and charts in a delårsrapport.

use crate::support::{arshjul, described, fixture, pdf_text, skip, skip_without};

#[test]
fn statements_and_charts_are_printed() {
    let project = fixture("delarsrapport");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = project.path().join("build/ins/dr.pdf");
    if skip_without(&["pdftotext"]) {
        return;
    }
    let text = pdf_text(&pdf);
    for expected in [
        "Budget jan–aug 2018 Utfall jan–aug 2018 Avvikelse",
        "Bidrag FK/Af 5 532 000 5 352 667 −179 333",
        "Räntekostnader −187",
        "PERIODENS RESULTAT 5 452 000 5 283 267 −168 733",
        "Ingående balans Period Utgående balans",
        // 58 932 + 209 030,40 = 267 962,40: rounded only when printed.
        "Kundfordringar 58 932 209 030 267 962",
        "BERÄKNAT RESULTAT 0,00 0,00 0,00",
        "Resultatet blev 5 283 267 kr.",
        "Diagram 1: Inflöde av deltagare per kommun och kön, Premiär",
        "Mölndal 12 9",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The charts are vector graphics: no raster image in the PDF.
    match std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
    {
        Ok(images) => {
            let list = String::from_utf8_lossy(&images.stdout);
            assert_eq!(list.lines().count(), 2, "no images expected:\n{list}");
        }
        Err(_) => skip("pdfimages saknas: att diagrammen är vektorgrafik kontrolleras inte"),
    }
}

#[test]
fn an_imbalance_of_1000_kr_names_the_file_column_and_difference() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/balansrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("ingående: 58932,", "ingående: 59932,")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("balansräkningen balanserar inte i kolumnen ingående"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skillnad 1\u{a0}000\u{a0}kr\n  --> content/ins/dr/balansrakning.yaml:1:1"),
        "{stderr}"
    );
    assert!(stderr.contains("kolumnen utgående"), "{stderr}");
}

#[test]
fn a_result_that_disagrees_with_the_change_in_equity_is_an_error() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/resultatrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("utfall: -69213", "utfall: -70213")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("periodens resultat i content/ins/dr/resultatrakning.yaml (5\u{a0}282\u{a0}267\u{a0}kr) är inte förändringen av eget kapital i content/ins/dr/balansrakning.yaml (5\u{a0}283\u{a0}267\u{a0}kr), skillnad \u{2212}1\u{a0}000\u{a0}kr"),
        "{stderr}"
    );
}

#[test]
fn tecken_rapport_prints_both_sides_positive() {
    let project = fixture("delarsrapport");
    let file = project.path().join("content/ins/dr/balansrakning.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("tecken: bokföring", "tecken: rapport")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    if skip_without(&["pdftotext"]) {
        return;
    }
    let text = pdf_text(&project.path().join("build/ins/dr.pdf"));
    assert!(
        text.contains("SUMMA TILLGÅNGAR 1 304 331 5 283 267 6 587 598"),
        "{text}"
    );
    assert!(
        text.contains("SKULDER 1 304 331 5 283 267 6 587 598"),
        "{text}"
    );
    assert!(!text.contains("BERÄKNAT RESULTAT"), "{text}");
}
