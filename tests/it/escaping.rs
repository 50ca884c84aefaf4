//! Nothing a writer types is run by the typesetter: every character appears as typed.

use arshjul::markdown::{escape_markup, escape_string};
use arshjul::typeset::{DocumentWorld, Engine};
use proptest::prelude::*;
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use crate::support::{arshjul, described, fixture, normalise, pdf_text};

const DANGEROUS: &str = r#"#read("/etc/passwd") $x$ @ref <label> // /* \ [ ] { _"#;

#[test]
fn dangerous_text_appears_as_typed_everywhere() {
    let project = fixture("escaping");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&project.path().join("build/prov.pdf"));
    for place in ["Titel", "Rubrik", "Prosa", "Punkt", "Fotnot"] {
        let expected = format!("{place} {DANGEROUS}");
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    // In the table cell, the outline and the header the text stands alone.
    assert!(text.matches(DANGEROUS).count() >= 7, "{text}");
    assert!(
        text.contains("Förbundet heter Förbundet *Nord* #strong[x] $y$."),
        "{text}"
    );
    // The address is printed in a letterhead: every line of it as typed.
    let letter = pdf_text(&project.path().join("build/brev.pdf"));
    for expected in [
        "Förbundet *Nord* #strong[x] $y$",
        "Anna // /* <a> @b",
        "Gatan 1 // /* <a> @b",
        "Tjänsteutlåtande #x $y$ 2020-11-27",
    ] {
        assert!(letter.contains(expected), "{expected:?} not in:\n{letter}");
    }
    assert!(!text.contains("root:x:0:0"), "the file was read: {text}");
}

fn frame_text(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => out.push_str(&text.text),
            _ => {}
        }
    }
}

/// Typesets `markup` on one endless line and returns the text typst laid out.
fn typeset(engine: &Engine, root: &std::path::Path, markup: &str) -> Result<String, String> {
    let source = format!(
        "#set page(width: auto, height: auto, margin: 2pt)\n#set text(font: \"Carlito\", hyphenate: false)\n{markup}\n"
    );
    let world = DocumentWorld::new(engine, root, "/main.typ", source, None).expect("world");
    let result = typst::compile::<PagedDocument>(&world);
    let document = result.output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut text = String::new();
    for page in document.pages() {
        frame_text(&page.frame, &mut text);
    }
    Ok(text)
}

fn engine() -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (engine, _) = Engine::new(dir.path());
    (engine, dir)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any text, escaped, typesets to itself (whitespace runs collapse, as in any paragraph).
    #[test]
    fn escaped_text_typesets_to_itself(text in r#"[ -~åäöÅÄÖéü€§–—”’…\t\n]{0,48}"#) {
        let (engine, dir) = engine();
        let typeset_text = typeset(&engine, dir.path(), &escape_markup(&text))
            .map_err(|e| TestCaseError::fail(format!("{e} for {text:?}")))?;
        prop_assert_eq!(normalise(&typeset_text), normalise(&text));
    }

    /// Any text in a string literal is the same text (line breaks in it break the line).
    #[test]
    fn string_literals_hold_any_text(text in r#"[ -~åäö\t\n\r]{0,40}"#) {
        let (engine, dir) = engine();
        let typeset_text = typeset(&engine, dir.path(), &format!("#{}", escape_string(&text)))
            .map_err(|e| TestCaseError::fail(format!("{e} for {text:?}")))?;
        let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(visible(&typeset_text), visible(&text));
    }
}

#[test]
fn known_traps_are_escaped() {
    let (engine, dir) = engine();
    for trap in [
        "= rubrik",
        "- lista",
        "+ lista",
        "/ term: x",
        "1. punkt",
        "https://exempel.se/a_b",
        "-1",
        "--",
        "---",
        "...",
        "~",
        "a*b*c",
        "_x_",
        "`kod`",
        "\\u{41}",
        "\\",
        "#{1+1}",
        "<etikett>",
        "@ref",
        "$ x^2 $",
        "// kommentar",
        "/* block */",
        "'enkla' \"dubbla\"",
        "-?",
        "#let x = 1",
        "#include \"/etc/passwd\"",
        "]",
        "[",
        "}",
    ] {
        let text = typeset(&engine, dir.path(), &escape_markup(trap))
            .unwrap_or_else(|e| panic!("{trap:?}: {e}"));
        assert_eq!(normalise(&text), normalise(trap), "{trap:?}");
    }
}
