//! Every CommonMark spec example converts without a panic, and its typst compiles.

use std::path::Path;

use arshjul::pipeline::{Options, Project};
use arshjul::project::DocumentRef;

#[test]
fn every_commonmark_example_converts_and_compiles() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/commonmark/spec-0.31.2.json");
    let Ok(json) = std::fs::read_to_string(&spec) else {
        crate::support::skip(&format!(
            "{} saknas (../shared finns inte här)",
            spec.display()
        ));
        return;
    };
    let examples: Vec<serde_json::Value> = serde_json::from_str(&json).expect("spec JSON");
    assert!(examples.len() > 600, "{} examples", examples.len());

    let dir = tempfile::tempdir().unwrap();
    crate::support::forbund(dir.path(), "Samordningsförbundet Prov");
    let doc = dir.path().join("content/exempel");
    std::fs::create_dir_all(&doc).unwrap();
    let (project, _) = Project::load(dir.path()).expect("project");
    let reference = DocumentRef {
        name: "exempel".into(),
        dir: doc.clone(),
    };

    let mut template_syntax = 0;
    let mut failures = Vec::new();
    let mut refused_schemes = 0;
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
        // Images in the spec point at files that do not exist, a few examples use letters no
        // bundled font has (PDF/A refuses a missing glyph), and a few autolinks have schemes
        // FORMAT.md refuses (irc:, made-up ones): those are the errors allowed, and typesetting
        // goes on past a missing image.
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
                    || d.message.contains("ingen fil")
                    || d.message.contains("som inte är tillåtet"))
            })
            .map(|d| d.message.clone())
            .collect();
        refused_schemes += outcome
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("som inte är tillåtet"))
            .count();
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
        refused_schemes <= 4,
        "{refused_schemes} links refused for their scheme"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
