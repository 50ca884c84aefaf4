//! The example content in `content/` builds, and its PDFs carry what the seeds print.

use crate::support::{arshjul, described, pdf_text, repo};

#[test]
fn the_example_documents_build_and_read_like_the_seeds() {
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo().join("content"), &project.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");

    let plan = pdf_text(
        &project
            .path()
            .join("build/insjoriket/verksamhetsplan-2020.pdf"),
    );
    for expected in [
        // The letterhead block.
        "Samordningsförbundet Insjöriket",
        "Annika Ruys-Hagberg",
        "431 30 Mölndal",
        "Dnr: 2019-",
        "Tjänsteutlåtande 2019-11-28",
        "Antagen av styrelsen den 28 november 2017",
        "Redigerad den 28 november 2019",
        "Verksamhetsplan 2020",
        // The narrative and its appendix.
        "Inledning",
        "Samordningsförbundet Insjöriket bildades 1 juli, 2006",
        "Risk/Strategianalys och kontrollåtgärd",
        "Bilaga",
        "Låta förebyggande-perspektiv lysa starkare.",
    ] {
        assert!(plan.contains(expected), "{expected:?} not in the plan");
    }

    let report = pdf_text(
        &project
            .path()
            .join("build/fou-sodertorn/mellan-principer-och-behov.pdf"),
    );
    for expected in [
        "FoU-Södertörns skriftserie nr 67/08",
        "Mellan fastställda principer och individuella behov",
        "Åsa Bringlöv",
        "Förord",
        "Tullinge i oktober 2008",
        "Innehåll",
        "Slussen till arbete – en verksamhet för arbetslösa med rehabiliteringsbehov",
        "Samverkan kring rehabilitering – en bakgrund",
        // Footnotes at the foot of their pages.
        "RUT = Rehabiliterar och Utreder Tillsammans",
        "Lag 2003:1210 om finansiell samordning av rehabiliteringsinsatser.",
        "Referenser",
        "SOU 2000:78.",
    ] {
        assert!(report.contains(expected), "{expected:?} not in the report");
    }
}
