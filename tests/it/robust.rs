//! No input makes arshjul panic: arbitrary front matter, narrative, forbund.yaml and data files
//! give diagnostics, never a crash.

use arshjul::pipeline::{Options, Project};
use arshjul::project::DocumentRef;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "---\n",
    "typ: rapport\n",
    "typ: verksamhetsplan\n",
    "titel: T\n",
    "titel: [\n",
    "datum: 2020-02-30\n",
    "datum: 2020-11-27\n",
    "status: fastställd\n",
    "fastställd: x\n",
    "fastställd: { organ: s, datum: 1 }\n",
    "brevhuvud: [1]\n",
    "innehåll: 3\n",
    "författare: {a: 1}\n",
    "# Rubrik\n",
    "{{ forbund.namn }}",
    "{{ x.y.z }}",
    "{% if %}",
    "{{ 1 | kr }}",
    "{{ \"a\" | kr }}",
    "{{ innehall() }}",
    "[^1]",
    "[^1]: fot\n",
    "![b](b.png)",
    "![](../../x)",
    "| a | b |\n|---|---|\n",
    "- [ ] x\n",
    "> q\n",
    "```\nkod\n```\n",
    "<!--",
    "-->",
    "\\",
    "#",
    "$",
    "*",
    "_",
    "\t",
    "\u{0}",
    "\u{F8FF}0\u{F8FF}",
    "\u{F8FF}99\u{F8FF}",
    "é",
    "\r\n",
    "    ",
    ":",
    "- ",
    "  - ",
    "1. ",
];

fn assemble(indices: &[usize]) -> String {
    indices.iter().map(|i| PIECES[i % PIECES.len()]).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_input_panics(
        index in proptest::collection::vec(0usize..1000, 0..30),
        organisation in proptest::collection::vec(0usize..1000, 0..8),
        data in proptest::collection::vec(0usize..1000, 0..8),
        raw in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let doc = dir.path().join("content/d");
        std::fs::create_dir_all(&doc).unwrap();
        let mut text = assemble(&index);
        if index.first().is_some_and(|i| i % 2 == 0) {
            text = format!("---\ntyp: rapport\ntitel: X\n---\n{text}");
        }
        std::fs::write(doc.join("index.md"), text).unwrap();
        std::fs::write(dir.path().join("content/forbund.yaml"), assemble(&organisation)).unwrap();
        std::fs::write(doc.join("data.yaml"), assemble(&data)).unwrap();
        std::fs::write(doc.join("raw.yaml"), &raw).unwrap();
        let (project, _) = Project::load(dir.path()).expect("project");
        let reference = DocumentRef { name: "d".into(), dir: doc };
        let outcome = project.run_one(&reference, Options { write: true, emit_typst: true, ..Options::default() });
        // Either a PDF or at least one error, never neither.
        prop_assert!(outcome.written.is_some() || outcome.failed(), "{:?}", outcome.diagnostics);
    }
}
