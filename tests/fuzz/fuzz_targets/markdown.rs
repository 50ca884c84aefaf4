//! The Markdown-to-typst converter: any text converts without a panic, and the typst it writes
//! compiles.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn engine() -> &'static arshjul::typeset::Engine {
    static ENGINE: OnceLock<arshjul::typeset::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| arshjul::typeset::Engine::new(std::path::Path::new("/nonexistent")).0)
}

fn image(_: &str) -> Result<String, arshjul::diagnostics::PathError> {
    Err(String::from("ingen bild").into())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let directives = ["#arshjul-innehall()".to_owned()];
    let converted = arshjul::markdown::to_typst(
        text,
        &arshjul::markdown::Context {
            file: "i.md",
            first_line: 1,
            image: &image,
            directives: &directives,
            check: &|_, _| None,
        },
    );
    let source = format!(
        "#let arshjul-kryss(c) = box[x]\n#let arshjul-innehall() = outline()\n{}",
        converted.typst
    );
    let root = std::path::Path::new("/");
    let world =
        arshjul::typeset::DocumentWorld::new(engine(), root, "/main.typ", source.clone(), None)
            .expect("world");
    let result = typst::compile::<typst_layout::PagedDocument>(&world);
    // typst's memo cache is process-wide: keep it from growing over millions of inputs.
    typst::comemo::evict(2);
    if let Err(errors) = result.output {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        panic!("the converted typst does not compile: {messages:?}\n{source}");
    }
});
