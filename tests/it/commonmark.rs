//! Every CommonMark spec example converts without a panic, and its typst compiles.

use std::path::Path;

use arshjul::pipeline::{Options, Project};
use arshjul::project::DocumentRef;

#[test]
fn every_commonmark_example_converts_and_compiles() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/commonmark/spec-0.31.2.json");
    let Ok(json) = std::fs::read_to_string(&spec) else {
        eprintln!(
            "hoppar över: {} saknas (../shared finns inte här)",
            spec.display()
        );
        return;
    };
    let examples: Vec<serde_json::Value> = serde_json::from_str(&json).expect("spec JSON");
    assert!(examples.len() > 600, "{} examples", examples.len());

    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("content/exempel");
    std::fs::create_dir_all(&doc).unwrap();
    let (project, _) = Project::load(dir.path()).expect("project");
    let reference = DocumentRef {
        name: "exempel".into(),
        dir: doc.clone(),
    };

    let mut template_syntax = 0;
    let mut failures = Vec::new();
    for example in &examples {
        let number = example["number"].as_u64().unwrap_or(0);
        let markdown = example["markdown"].as_str().unwrap_or("");
        // The narrative is a template: `{{`, `{%` and `{#` are template syntax by design.
        if ["{{", "{%", "{#"].iter().any(|t| markdown.contains(t)) {
            template_syntax += 1;
            continue;
        }
        let index =
            format!("---\ntyp: rapport\ntitel: Exempel {number}\ninnehåll: false\n---\n{markdown}");
        std::fs::write(doc.join("index.md"), index).unwrap();
        let outcome = project.run_one(&reference, Options::default());
        // Images in the spec point at files that do not exist, and a few examples use letters
        // no bundled font has (PDF/A refuses a missing glyph): those are the errors allowed, and
        // typesetting goes on past a missing image. A link scheme other than http, https,
        // mailto and tel (`irc:`, `localhost:`) is refused, as FORMAT.md says.
        let unexpected: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| {
                !(d.message.contains("finns inte")
                    || d.message.contains("could not be displayed with font")
                    || d.message.contains("absolut sökväg")
                    || d.message.contains("webbadress")
                    || d.message.contains("sökvägen är tom")
                    || d.message.contains("som inte är tillåtet")
                    || d.message.contains("ingen fil"))
            })
            .map(|d| d.message.clone())
            .collect();
        if !unexpected.is_empty() {
            failures.push(format!("example {number}: {unexpected:?}\n{markdown}"));
        }
    }
    eprintln!(
        "{} exempel, {template_syntax} hoppade över för mallsyntax",
        examples.len()
    );
    assert!(template_syntax < 5, "{template_syntax}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
