//! The narrative stage: CommonMark (with tables, footnotes, strikethrough and task lists) into
//! typst markup.
//!
//! Structure becomes typst function calls (`#heading`, `#list`, `#table`, `#footnote`, ...);
//! every character of text goes through [`escape_markup`] or [`escape_string`], so nothing a
//! writer types is ever interpreted by the typesetter. Straight quotes and `--` in prose become
//! Swedish typography; code stays as typed; HTML comments are left out and other HTML is text.
//! The walk over the Markdown is [`crate::walker`]'s, shared with the web edition; this module
//! is its typst writer.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::Alignment;

use crate::diagnostics::Diagnostic;
use crate::walker::{Cell, Markup, Style, trim_end};

/// Escapes text for typst markup: every character appears in the PDF exactly as given.
///
/// ASCII punctuation is escaped with a backslash (typst reads `\` plus any character as that
/// character), `h` is escaped where it would begin an automatic link, and line breaks become
/// spaces so that text never starts a heading, list or comment on a new line.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, c) in text.char_indices() {
        match c {
            '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            // PDF/A forbids private-use characters; files are cleared of them when read, and
            // this keeps any that came another way (an SIE file's names) out of the PDF.
            c if crate::project::is_private_use(c) => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            'h' if text[i..].starts_with("http://") || text[i..].starts_with("https://") => {
                out.push_str("\\h");
            }
            c => out.push(c),
        }
    }
    out
}

/// A typst string literal holding `text` exactly.
pub fn escape_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if crate::project::is_private_use(c) => out.push(' '),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub use crate::walker::{
    Context, DIRECTIVE_MARK, LINK_HINT, LINK_SCHEMES, Reference, Typography, Walk, check_link,
    is_anchor,
};

/// The converted narrative and the problems found on the way.
#[derive(Debug, Default)]
pub struct Converted {
    /// typst markup.
    pub typst: String,
    /// Errors and warnings with their place in the Markdown.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each Markdown element starts: (byte offset in `typst`, byte offset in the
    /// Markdown), ascending, so that a typst error can be traced back to the Markdown.
    pub blocks: Vec<(usize, usize)>,
}

impl Converted {
    /// The Markdown byte offset that produced the typst at `offset`.
    pub fn markdown_offset(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|(t, _)| *t <= offset);
        i.checked_sub(1).map(|i| self.blocks[i].1)
    }
}

/// Converts a Markdown narrative into typst markup: the walk and the writing in one (for a
/// narrative walked only for the PDF).
pub fn to_typst(markdown: &str, context: &Context<'_>) -> Converted {
    let walk = crate::walker::walk(markdown, context);
    let mut converted = write_typst(&walk, context.directives);
    let mut found = walk.diagnostics;
    found.append(&mut converted.diagnostics);
    converted.diagnostics = found;
    converted
}

/// The typst markup of a walked narrative, with each directive's code; `diagnostics` holds
/// only what writing found (the walk's own are the walk's).
pub fn write_typst(walk: &Walk, directives: &[String]) -> Converted {
    let output = crate::walker::Output {
        directives,
        image: &|path, _| Ok(path.to_owned()),
    };
    let written = crate::walker::write(walk, &output, Typst::default());
    Converted {
        typst: written.out,
        diagnostics: written.diagnostics,
        blocks: written.blocks,
    }
}

/// typst markup: structure as function calls, text escaped with [`escape_markup`].
#[derive(Default)]
struct Typst {
    /// Footnotes already placed: label → number used in its typst label.
    footnotes: HashMap<String, usize>,
}

impl Markup for Typst {
    fn escape(text: &str) -> String {
        escape_markup(text)
    }

    fn paragraph_start(&mut self, _: &mut String) {}

    fn paragraph_end(&mut self, out: &mut String) {
        out.push_str("\n\n");
    }

    fn heading_start(&mut self, out: &mut String, level: u8, chapter: bool) {
        if chapter {
            let _ = write!(out, "#heading(level: {level})[");
        } else {
            let _ = write!(
                out,
                "#heading(level: {level}, outlined: false, bookmarked: false)["
            );
        }
    }

    fn heading_end(&mut self, out: &mut String, empty: bool) {
        if empty || out.ends_with('[') {
            if let Some(start) = out.rfind("#heading(") {
                out.truncate(start);
            }
            return;
        }
        out.push_str("]\n\n");
    }

    fn quote_start(&mut self, out: &mut String) {
        out.push_str("#quote(block: true)[");
    }

    fn quote_end(&mut self, out: &mut String) {
        trim_end(out);
        out.push_str("]\n\n");
    }

    fn code_block(&mut self, out: &mut String, lang: Option<&str>, body: &str) {
        let lang = lang
            .map(|l| format!("lang: {}, ", escape_string(l)))
            .unwrap_or_default();
        let _ = write!(out, "#raw(block: true, {lang}{})\n\n", escape_string(body));
    }

    fn html_block(&mut self, out: &mut String, lines: &[&str]) {
        let escaped: Vec<String> = lines.iter().map(|l| escape_markup(l)).collect();
        out.push_str(&escaped.join("#linebreak()"));
        out.push_str("\n\n");
    }

    fn list_start(&mut self, out: &mut String, start: Option<u64>) {
        match start {
            Some(start) => {
                let _ = write!(out, "#enum(start: {start}, ");
            }
            None => out.push_str("#list("),
        }
    }

    fn list_end(&mut self, out: &mut String, _: bool) {
        out.push_str(")\n\n");
    }

    fn item_start(&mut self, out: &mut String) {
        out.push('[');
    }

    fn item_end(&mut self, out: &mut String) {
        out.push_str("], ");
    }

    fn table_start(&mut self, out: &mut String, alignments: &[Alignment], _: &str) {
        let aligns: Vec<&str> = alignments
            .iter()
            .map(|a| match a {
                Alignment::None | Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        let _ = write!(
            out,
            "#table(columns: {}, align: ({},), ",
            alignments.len().max(1),
            aligns.join(", ")
        );
    }

    fn table_end(&mut self, out: &mut String) {
        trim_end(out);
        out.push_str(")\n\n");
    }

    fn table_head_start(&mut self, out: &mut String) {
        out.push_str("table.header(");
    }

    fn table_head_end(&mut self, out: &mut String) {
        trim_end(out);
        out.push_str("), ");
    }

    fn row_start(&mut self, _: &mut String) {}

    fn row_end(&mut self, _: &mut String) {}

    fn cell_start(&mut self, out: &mut String, _: Cell) {
        out.push('[');
    }

    fn cell_end(&mut self, out: &mut String, _: Cell) {
        out.push_str("], ");
    }

    fn style_start(&mut self, out: &mut String, style: Style) {
        out.push_str(match style {
            Style::Emphasis => "#emph[",
            Style::Strong => "#strong[",
            Style::Strikethrough => "#strike[",
        });
    }

    fn style_end(&mut self, out: &mut String, _: Style) {
        out.push(']');
    }

    fn link_start(&mut self, out: &mut String, url: Option<&str>) {
        match url {
            Some(url) => {
                let _ = write!(out, "#link({})[", escape_string(url));
            }
            None => out.push_str("#["),
        }
    }

    fn link_end(&mut self, out: &mut String) {
        out.push(']');
    }

    fn image(&mut self, out: &mut String, source: Option<&str>, alt: &str) {
        match source {
            Some(path) => {
                let _ = write!(
                    out,
                    "#box(image({}, alt: {}))",
                    escape_string(path),
                    escape_string(alt)
                );
            }
            None => {
                let _ = write!(out, "#emph[{}]", escape_markup(alt));
            }
        }
    }

    fn directive(&mut self, out: &mut String, code: &str, _: bool) {
        out.push_str(code);
    }

    fn anchor(&mut self, out: &mut String, label: &str) {
        out.push_str(&format!("#metadata(\"avvikelse\")<{label}>"));
    }

    fn code(&mut self, out: &mut String, code: &str) {
        let _ = write!(out, "#raw({})", escape_string(code));
    }

    fn soft_break(&mut self, out: &mut String) {
        out.push(' ');
    }

    fn hard_break(&mut self, out: &mut String) {
        out.push_str("#linebreak()");
    }

    fn rule(&mut self, out: &mut String) {
        out.push_str("#line(length: 100%, stroke: 0.5pt)\n\n");
    }

    fn task(&mut self, out: &mut String, checked: bool) {
        out.push_str(if checked {
            "#arshjul-kryss(true) "
        } else {
            "#arshjul-kryss(false) "
        });
    }

    fn footnote_again(&mut self, out: &mut String, label: &str) -> bool {
        let Some(number) = self.footnotes.get(label) else {
            return false;
        };
        let _ = write!(out, "#footnote(<arshjul-fotnot-{number}>)");
        true
    }

    fn footnote_start(&mut self, _: &mut String, _: &str) {}

    fn footnote_end(&mut self, out: &mut String, label: &str, body: String) {
        let number = self.footnotes.len() + 1;
        self.footnotes.insert(label.to_owned(), number);
        let _ = write!(
            out,
            "#footnote[{}]<arshjul-fotnot-{number}>",
            body.trim_end()
        );
    }

    fn finish(&mut self, out: &mut String) {
        trim_end(out);
        out.push('\n');
    }
}

/// Traces typst errors in the narrative back to the Markdown.
pub struct NarrativeMap<'a> {
    /// Where the narrative starts in the generated source.
    pub narrative_start: Option<usize>,
    /// The converted narrative.
    pub converted: &'a Converted,
    /// The Markdown it was converted from.
    pub markdown: &'a str,
    /// `index.md`, for messages.
    pub file: &'a str,
    /// The line of `index.md` where the narrative begins.
    pub first_line: usize,
    /// Where a value with a given text was written (front matter, forbund.yaml, data files).
    pub values: &'a dyn Fn(&str) -> Option<(String, crate::diagnostics::Position)>,
}

impl crate::typeset::SourceMap for NarrativeMap<'_> {
    fn locate_value(&self, text: &str) -> Option<(String, crate::diagnostics::Position)> {
        (self.values)(text)
    }

    fn document(&self) -> Option<String> {
        Some(self.file.to_owned())
    }

    fn locate(&self, offset: usize) -> Option<(String, crate::diagnostics::Position)> {
        let start = self.narrative_start?;
        let within = offset.checked_sub(start)?;
        if within >= self.converted.typst.len() {
            return None;
        }
        let md = self.converted.markdown_offset(within)?;
        let p = crate::diagnostics::Position::of_offset(self.markdown, md);
        Some((
            self.file.to_owned(),
            crate::diagnostics::Position {
                line: p.line + self.first_line - 1,
                column: p.column,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    fn no_images(dest: &str) -> Result<String, crate::diagnostics::PathError> {
        Err(format!("bilden `{dest}` finns inte").into())
    }

    fn context<'a>(directives: &'a [String]) -> Context<'a> {
        Context {
            file: "content/a/index.md",
            first_line: 5,
            image: &no_images,
            directives,
            check: &|_, _| None,
        }
    }

    fn convert(md: &str) -> Converted {
        to_typst(md, &context(&["#arshjul-innehall()".to_string()]))
    }

    /// The directives the walk of `md` placed.
    fn placed(md: &str) -> Vec<usize> {
        let directives = ["#arshjul-innehall()".to_string()];
        crate::walker::walk(md, &context(&directives)).placed
    }

    #[test]
    fn escapes_every_special_character() {
        let text =
            r#"#read("/etc/passwd") $x$ @ref <label> // /* \ [ ] { _ * ~ ` = - + 1. https://x"#;
        let escaped = escape_markup(text);
        assert!(
            escaped.starts_with(r#"\#read\(\"\/etc\/passwd\"\)"#),
            "{escaped}"
        );
        assert!(
            escaped
                .contains(r"\$x\$ \@ref \<label\> \/\/ \/\* \\ \[ \] \{ \_ \* \~ \` \= \- \+ 1\.")
        );
        assert!(escaped.ends_with(r"\https\:\/\/x"));
    }

    #[test]
    fn strings_are_quoted() {
        assert_eq!(escape_string("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
    }

    #[test]
    fn swedish_quotes_and_dashes_in_prose() {
        let mut t = Typography::default();
        assert_eq!(
            t.apply(r#"Han sa "hej" och 'då' -- sen---inget."#),
            "Han sa ”hej” och ’då’ – sen—inget."
        );
        let mut t = Typography::default();
        assert_eq!(
            t.apply(r#"#read("/etc/passwd")"#),
            r#"#read("/etc/passwd")"#
        );
        let mut t = Typography::default();
        assert_eq!(t.apply("it's"), "it’s");
    }

    #[test]
    fn converts_structure() {
        let c = convert("# Rubrik\n\nText *kursiv* **fet** ~~struken~~.\n\n- a\n- b\n\n1. x\n");
        assert!(
            c.typst.contains("#heading(level: 1)[Rubrik]"),
            "{}",
            c.typst
        );
        assert!(
            c.typst
                .contains("#emph[kursiv] #strong[fet] #strike[struken]\\.")
        );
        assert!(c.typst.contains("#list([a], [b],)"));
        assert!(c.typst.contains("#enum(start: 1, [x],)"));
    }

    #[test]
    fn footnotes_before_and_after_definitions() {
        let c = convert("Text[^1] och igen[^1].\n\n[^1]: Lindholm 2005.\n");
        assert!(
            c.typst
                .contains("#footnote[Lindholm 2005\\.]<arshjul-fotnot-1>"),
            "{}",
            c.typst
        );
        assert!(c.typst.contains("#footnote(<arshjul-fotnot-1>)"));
    }

    #[test]
    fn tables_have_header_and_alignment() {
        let c = convert("| Post | Belopp |\n|:--|--:|\n| Kansli | 5 500 |\n");
        assert!(c.typst.contains("#table(columns: 2, align: (left, right,), table.header([Post], [Belopp],), [Kansli], [5 500],)"), "{}", c.typst);
    }

    #[test]
    fn html_comments_are_left_out_other_html_is_text() {
        let c = convert(
            "Före <!-- intern anteckning --> efter <b>fet</b>\n\n<!--\nblock\n-->\n\n<div>x</div>\n",
        );
        assert!(!c.typst.contains("anteckning"));
        assert!(!c.typst.contains("block"));
        assert!(c.typst.contains(r"\<b\>fet\<\/b\>"), "{}", c.typst);
        assert!(c.typst.contains(r"\<div\>x\<\/div\>"));
    }

    #[test]
    fn missing_image_is_a_located_error() {
        let c = convert("Text\n\n![Karta](karta.png)\n");
        assert_eq!(c.diagnostics.len(), 1);
        let d = &c.diagnostics[0];
        assert_eq!(d.position, Some(Position { line: 7, column: 1 }));
        assert!(d.message.contains("karta.png"));
        assert!(c.typst.contains("#emph[Karta]"));
    }

    #[test]
    fn directives_are_placed() {
        let mark = format!("{DIRECTIVE_MARK}0{DIRECTIVE_MARK}");
        let md = format!("# Förord\n\n{mark}\n\n# Kapitel\n");
        let c = convert(&md);
        assert!(c.typst.contains("#arshjul-innehall()"), "{}", c.typst);
        assert_eq!(placed(&md), vec![0]);
        // Text that reads like the directive's code is no placement.
        assert!(placed("Skriv `#arshjul-innehall()` här.\n").is_empty());
        let md = format!("{DIRECTIVE_MARK}7{DIRECTIVE_MARK}");
        assert!(!convert(&md).typst.contains("arshjul-innehall"));
        assert!(placed(&md).is_empty());
    }

    #[test]
    fn links_with_other_schemes_are_located_errors() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:x",
            "file:///etc/passwd",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
        for good in [
            "https://x.se",
            "HTTP://x.se",
            "mailto:a@b.se",
            "tel:+4631",
            "bilaga.pdf",
            "#kapitel",
            "../a/b:c.pdf",
            "",
        ] {
            assert!(check_link(good).is_ok(), "{good}");
        }
        let c = convert("Text\n\nEn [länk](javascript:alert(1)) här.\n");
        assert_eq!(c.diagnostics.len(), 1);
        let d = &c.diagnostics[0];
        assert!(d.is_error());
        assert_eq!(d.position, Some(Position { line: 7, column: 4 }));
        assert!(d.message.contains("javascript:"), "{}", d.message);
        assert!(!c.typst.contains("javascript"), "{}", c.typst);
    }

    #[test]
    fn code_is_kept_as_typed() {
        let c = convert("Kör `#read(\"x\")`.\n\n```sh\necho \"$HOME\" -- 'x'\n```\n");
        assert!(c.typst.contains(r##"#raw("#read(\"x\")")"##), "{}", c.typst);
        assert!(
            c.typst
                .contains(r#"#raw(block: true, lang: "sh", "echo \"$HOME\" -- 'x'")"#)
        );
    }
}
