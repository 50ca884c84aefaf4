//! The narrative's HTML: the Markdown walk's [`Markup`] for the web edition, and the escapes
//! for HTML text and attributes that every part of the web edition writes with. Images become
//! `data:` URIs, so that a page needs nothing beside it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use pulldown_cmark::Alignment;

use crate::diagnostics::Diagnostic;
use crate::walker::{Cell, Context, Markup, Style, trim_end};

/// Escapes text for HTML element content.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a quoted HTML attribute value (and for content: a superset).
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A file as a `data:` URI, so that the page needs nothing beside it.
pub fn data_uri(path: &Path) -> std::io::Result<String> {
    let bytes = crate::project::read_bytes(path)?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let mime = match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };
    Ok(format!("data:{mime};base64,{}", base64(&bytes)))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The converted narrative.
#[derive(Debug, Default)]
pub struct Converted {
    /// The narrative's HTML.
    pub html: String,
    /// The footnotes, as a section to place after the narrative (empty without footnotes).
    pub footnotes: String,
    /// Errors and warnings with their place in the Markdown (the same as the typst converter
    /// reports for the same text).
    pub diagnostics: Vec<Diagnostic>,
}

/// Converts a Markdown narrative into HTML: the walk and the writing in one (for a narrative
/// walked only for the web edition). Headings move one level down: the page's only `h1` is
/// the document's title.
pub fn to_html(markdown: &str, context: &Context<'_>) -> Converted {
    let walk = crate::walker::walk(markdown, context);
    let mut converted = write_html(
        &walk,
        context.directives,
        &|source, _| Ok(source.to_owned()),
    );
    let mut found = walk.diagnostics;
    found.append(&mut converted.diagnostics);
    converted.diagnostics = found;
    converted
}

/// The HTML of a walked narrative, with each directive's code and the `data:` URI of each
/// image the walk resolved; `diagnostics` holds only what writing found.
pub fn write_html(
    walk: &crate::walker::Walk,
    directives: &[String],
    image: &dyn Fn(&str, &str) -> Result<String, crate::diagnostics::PathError>,
) -> Converted {
    let output = crate::walker::Output { directives, image };
    let written = crate::walker::write(walk, &output, Writer::default());
    let writer = written.writer;
    // Footnotes defined inside footnotes are numbered while their bodies are written.
    let mut footnotes = String::new();
    if !writer.notes.is_empty() {
        footnotes.push_str("<section class=\"fotnoter\" aria-labelledby=\"fotnoter-rubrik\">\n<h2 id=\"fotnoter-rubrik\">Fotnoter</h2>\n<ol>\n");
        for (number, body) in &writer.notes {
            let back = format!(
                " <a class=\"tillbaka\" href=\"#fotnotref-{number}\" aria-label=\"Tillbaka till hänvisningen till fotnot {number}\">↩</a>"
            );
            let body = body.trim_end();
            let body = match body.strip_suffix("</p>") {
                Some(start) => format!("{start}{back}</p>"),
                None => format!("{body}{back}"),
            };
            let _ = writeln!(footnotes, "<li id=\"fotnot-{number}\">{body}</li>");
        }
        footnotes.push_str("</ol>\n</section>\n");
    }
    Converted {
        html: written.out.replace("<p></p>", ""),
        footnotes,
        diagnostics: written.diagnostics,
    }
}

/// HTML: elements for structure, text escaped with [`escape_text`], attributes with
/// [`escape_attr`].
#[derive(Default)]
struct Writer {
    /// Footnotes numbered so far: label → number.
    numbers: HashMap<String, usize>,
    /// How often each footnote has been referred to.
    references: HashMap<usize, usize>,
    /// The footnotes' bodies, in the order of their numbers.
    notes: Vec<(usize, String)>,
    /// The tables written so far (for the caption of one without a heading).
    tables: usize,
    /// How the open links close (`</a>`, or `</span>` for one that is no link).
    closers: Vec<&'static str>,
    /// Where each open heading starts, and how it closes.
    heading_closers: Vec<(usize, String)>,
}

impl Markup for Writer {
    fn escape(text: &str) -> String {
        escape_text(text)
    }

    fn paragraph_start(&mut self, out: &mut String) {
        out.push_str("<p>");
    }

    fn paragraph_end(&mut self, out: &mut String) {
        out.push_str("</p>\n");
    }

    fn heading_start(&mut self, out: &mut String, level: u8, chapter: bool) {
        let start = out.len();
        if chapter {
            let h = (level + 1).min(6);
            let _ = write!(out, "<h{h}>");
            self.heading_closers.push((start, format!("</h{h}>\n")));
        } else {
            out.push_str("<p class=\"inre-rubrik\"><strong>");
            self.heading_closers
                .push((start, "</strong></p>\n".to_owned()));
        }
    }

    fn heading_end(&mut self, out: &mut String, empty: bool) {
        let (start, closer) = self.heading_closers.pop().unwrap_or_default();
        if empty {
            // An empty heading has no title to read out: left out, as in the PDF.
            out.truncate(start);
        } else {
            out.push_str(&closer);
        }
    }

    fn quote_start(&mut self, out: &mut String) {
        out.push_str("<blockquote>\n");
    }

    fn quote_end(&mut self, out: &mut String) {
        out.push_str("</blockquote>\n");
    }

    fn code_block(&mut self, out: &mut String, lang: Option<&str>, body: &str) {
        let class = lang
            .map(|l| format!(" class=\"language-{}\"", escape_attr(l)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<pre tabindex=\"0\"><code{class}>{}</code></pre>",
            escape_text(body)
        );
    }

    fn html_block(&mut self, out: &mut String, lines: &[&str]) {
        let escaped: Vec<String> = lines.iter().map(|l| escape_text(l)).collect();
        let _ = writeln!(out, "<p>{}</p>", escaped.join("<br>"));
    }

    fn list_start(&mut self, out: &mut String, start: Option<u64>) {
        match start {
            Some(1) => out.push_str("<ol>\n"),
            Some(start) => {
                let _ = writeln!(out, "<ol start=\"{start}\">");
            }
            None => out.push_str("<ul>\n"),
        }
    }

    fn list_end(&mut self, out: &mut String, ordered: bool) {
        out.push_str(if ordered { "\n</ol>\n" } else { "\n</ul>\n" });
    }

    fn item_start(&mut self, out: &mut String) {
        out.push_str("<li>");
    }

    fn item_end(&mut self, out: &mut String) {
        out.push_str("</li>\n");
    }

    fn table_start(&mut self, out: &mut String, _: &[Alignment], heading: &str) {
        self.tables += 1;
        let caption = if heading.trim().is_empty() {
            format!("Tabell {}", self.tables)
        } else {
            heading.trim().to_owned()
        };
        let _ = write!(
            out,
            "<div class=\"rull\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n<caption>{}</caption>\n",
            escape_attr(&caption),
            escape_text(&caption)
        );
    }

    fn table_end(&mut self, out: &mut String) {
        out.push_str("</tbody>\n</table>\n</div>\n");
    }

    fn table_head_start(&mut self, out: &mut String) {
        out.push_str("<thead>\n<tr>");
    }

    fn table_head_end(&mut self, out: &mut String) {
        out.push_str("</tr>\n</thead>\n<tbody>\n");
    }

    fn row_start(&mut self, out: &mut String) {
        out.push_str("<tr>");
    }

    fn row_end(&mut self, out: &mut String) {
        out.push_str("</tr>\n");
    }

    fn cell_start(&mut self, out: &mut String, cell: Cell) {
        let align = match cell.align {
            Some(Alignment::Right) => " class=\"tal\"",
            Some(Alignment::Center) => " class=\"mitten\"",
            _ => "",
        };
        if cell.head {
            let _ = write!(out, "<th scope=\"col\"{align}>");
        } else if cell.column == 0 {
            let _ = write!(out, "<th scope=\"row\"{align}>");
        } else {
            let _ = write!(out, "<td{align}>");
        }
    }

    fn cell_end(&mut self, out: &mut String, cell: Cell) {
        out.push_str(if cell.head || cell.column == 0 {
            "</th>"
        } else {
            "</td>"
        });
    }

    fn style_start(&mut self, out: &mut String, style: Style) {
        out.push_str(match style {
            Style::Emphasis => "<em>",
            Style::Strong => "<strong>",
            Style::Strikethrough => "<del>",
        });
    }

    fn style_end(&mut self, out: &mut String, style: Style) {
        out.push_str(match style {
            Style::Emphasis => "</em>",
            Style::Strong => "</strong>",
            Style::Strikethrough => "</del>",
        });
    }

    fn link_start(&mut self, out: &mut String, url: Option<&str>) {
        match url {
            Some(url) => {
                let _ = write!(out, "<a href=\"{}\">", escape_attr(url));
                self.closers.push("</a>");
            }
            None => {
                out.push_str("<span>");
                self.closers.push("</span>");
            }
        }
    }

    fn link_end(&mut self, out: &mut String) {
        out.push_str(self.closers.pop().unwrap_or("</span>"));
    }

    fn image(&mut self, out: &mut String, source: Option<&str>, alt: &str) {
        match source {
            Some(uri) => {
                let _ = write!(
                    out,
                    "<img src=\"{}\" alt=\"{}\">",
                    escape_attr(uri),
                    escape_attr(alt)
                );
            }
            None => {
                let _ = write!(out, "<em>{}</em>", escape_text(alt));
            }
        }
    }

    /// A directive is a block: the paragraph around it is closed and reopened.
    fn directive(&mut self, out: &mut String, code: &str, in_paragraph: bool) {
        if in_paragraph {
            trim_end(out);
            out.push_str("</p>\n");
        }
        out.push_str(code);
        if in_paragraph {
            out.push_str("\n<p>");
        }
    }

    fn anchor(&mut self, out: &mut String, label: &str) {
        out.push_str(&format!("<span id=\"{label}\"></span>"));
    }

    fn code(&mut self, out: &mut String, code: &str) {
        let _ = write!(out, "<code>{}</code>", escape_text(code));
    }

    fn soft_break(&mut self, out: &mut String) {
        out.push('\n');
    }

    fn hard_break(&mut self, out: &mut String) {
        out.push_str("<br>\n");
    }

    fn rule(&mut self, out: &mut String) {
        out.push_str("<hr>\n");
    }

    fn task(&mut self, out: &mut String, checked: bool) {
        out.push_str(if checked {
            "<span class=\"kryss\" aria-hidden=\"true\">☑</span><span class=\"dold\">Klart: </span> "
        } else {
            "<span class=\"kryss\" aria-hidden=\"true\">☐</span><span class=\"dold\">Inte klart: </span> "
        });
    }

    fn footnote_again(&mut self, out: &mut String, label: &str) -> bool {
        let Some(&number) = self.numbers.get(label) else {
            return false;
        };
        let count = self.references.entry(number).or_insert(1);
        *count += 1;
        let _ = write!(
            out,
            "<sup class=\"fotnotref\"><a href=\"#fotnot-{number}\" id=\"fotnotref-{number}-{count}\" aria-label=\"Fotnot {number}\">{number}</a></sup>"
        );
        true
    }

    fn footnote_start(&mut self, out: &mut String, label: &str) {
        let number = self.numbers.len() + 1;
        self.numbers.insert(label.to_owned(), number);
        self.references.insert(number, 1);
        let _ = write!(
            out,
            "<sup class=\"fotnotref\"><a href=\"#fotnot-{number}\" id=\"fotnotref-{number}\" aria-label=\"Fotnot {number}\">{number}</a></sup>"
        );
    }

    fn footnote_end(&mut self, _: &mut String, label: &str, body: String) {
        let number = self.numbers.get(label).copied().unwrap_or_default();
        self.notes.push((number, body));
        self.notes.sort_by_key(|(n, _)| *n);
    }

    fn finish(&mut self, _: &mut String) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;
    use crate::html::CONTENTS_MARK;
    use crate::walker::{DIRECTIVE_MARK, check_link};

    fn no_images(dest: &str) -> Result<String, crate::diagnostics::PathError> {
        Err(format!("bilden `{dest}` finns inte").into())
    }

    #[test]
    fn an_empty_heading_is_left_out_as_in_the_pdf_and_said_once() {
        let converted = convert("# Rubrik\n\n## \n\nText\n\n## <!-- x -->\n");
        assert!(
            converted.html.contains("<h2>Rubrik</h2>"),
            "{}",
            converted.html
        );
        assert!(!converted.html.contains("<h3>"), "{}", converted.html);
        let said: Vec<String> = converted
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}", d.position.map_or(0, |p| p.line), d.message))
            .collect();
        assert_eq!(
            said,
            ["7:en tom rubrik utelämnas", "11:en tom rubrik utelämnas"]
        );
        // The PDF leaves out the same headings, with the same messages from the same walk.
        let typst = crate::markdown::to_typst(
            "# Rubrik\n\n## \n\nText\n\n## <!-- x -->\n",
            &Context {
                file: "content/a/index.md",
                first_line: 5,
                image: &no_images,
                directives: &[],
                check: &|_, _| None,
            },
        );
        assert_eq!(
            typst.typst.matches("#heading(").count(),
            1,
            "{}",
            typst.typst
        );
        assert_eq!(typst.diagnostics.len(), 2);
    }

    fn convert(md: &str) -> Converted {
        to_html(
            md,
            &Context {
                file: "content/a/index.md",
                first_line: 5,
                image: &no_images,
                directives: &[CONTENTS_MARK.to_owned()],
                check: &|_, _| None,
            },
        )
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_attr(r#"<a href="x" onclick='y'>&"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;"
        );
        assert_eq!(escape_text("a < b & c"), "a &lt; b &amp; c");
    }

    #[test]
    fn raw_html_is_text_and_comments_are_left_out() {
        let c = convert(
            "Före <!-- hemligt --> <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n<script>\nalert(3)\n</script>\n\n<!--\nblock\n-->\n",
        );
        assert!(!c.html.contains("<script"), "{}", c.html);
        assert!(!c.html.contains("<img"), "{}", c.html);
        assert!(c.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(c.html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assert!(c.html.contains("&lt;script&gt;<br>alert(3)"), "{}", c.html);
        assert!(!c.html.contains("hemligt") && !c.html.contains("block"));
    }

    #[test]
    fn bad_links_are_located_errors_good_ones_links() {
        let c = convert(
            "Text\n\nEn [länk](javascript:alert(1)) och [en till](https://x.se/?a=1&b=\"2\").\n",
        );
        assert_eq!(c.diagnostics.len(), 1, "{:?}", c.diagnostics);
        assert_eq!(
            c.diagnostics[0].position,
            Some(Position { line: 7, column: 4 })
        );
        assert!(!c.html.contains("javascript"), "{}", c.html);
        assert!(
            c.html
                .contains("<a href=\"https://x.se/?a=1&amp;b=&quot;2&quot;\">en till</a>"),
            "{}",
            c.html
        );
    }

    #[test]
    fn headings_move_down_one_level_and_text_is_typographed() {
        let c = convert("# Mål\n\nHan sa \"hej\" -- sen.\n\n### Djupt\n");
        assert!(c.html.contains("<h2>Mål</h2>"), "{}", c.html);
        assert!(c.html.contains("Han sa ”hej” – sen."));
        // A skipped level is set one lower, as in the PDF, with the same warning.
        assert!(c.html.contains("<h3>Djupt</h3>"), "{}", c.html);
        assert_eq!(c.diagnostics.len(), 1);
    }

    #[test]
    fn footnotes_link_both_ways() {
        let c = convert("Text[^a] och igen[^a], sist[^b].\n\n[^a]: Lindholm 2005.\n[^b]: Två.\n");
        assert!(
            c.html.contains("href=\"#fotnot-1\" id=\"fotnotref-1\""),
            "{}",
            c.html
        );
        assert!(c.html.contains("id=\"fotnotref-1-2\""));
        assert!(
            c.footnotes.contains(
                "<li id=\"fotnot-1\"><p>Lindholm 2005. <a class=\"tillbaka\" href=\"#fotnotref-1\""
            ),
            "{}",
            c.footnotes
        );
        assert!(c.footnotes.contains("<li id=\"fotnot-2\">"));
    }

    #[test]
    fn tables_have_caption_scopes_and_numbers_right() {
        let c = convert("## Bidrag\n\n| Part | tkr |\n|:--|--:|\n| FK | 8029 |\n");
        assert!(c.html.contains("<caption>Bidrag</caption>"), "{}", c.html);
        let typed = convert("## Tabell <b>x</b>\n\n| a |\n|--|\n| 1 |\n");
        assert!(
            typed
                .html
                .contains("<caption>Tabell &lt;b&gt;x&lt;/b&gt;</caption>"),
            "{}",
            typed.html
        );
        assert!(c.html.contains("<th scope=\"col\" class=\"tal\">tkr</th>"));
        assert!(
            c.html
                .contains("<th scope=\"row\">FK</th><td class=\"tal\">8029</td>")
        );
    }

    #[test]
    fn directives_close_the_paragraph() {
        let mark = format!("{DIRECTIVE_MARK}0{DIRECTIVE_MARK}");
        let c = convert(&format!("# Förord\n\n{mark}\n"));
        assert!(c.html.contains(CONTENTS_MARK), "{}", c.html);
        assert!(!c.html.contains("<p></p>"), "{}", c.html);
    }

    #[test]
    fn only_marks_in_prose_are_placed() {
        let mark = format!("{DIRECTIVE_MARK}0{DIRECTIVE_MARK}");
        // Inside a code span, a code block or an image's alt text, a mark places nothing.
        let c = convert(&format!(
            "Skriv `{mark}` här.\n\n```\n{mark}\n```\n\n![{mark}](karta.png)\n"
        ));
        assert!(!c.html.contains(CONTENTS_MARK), "{}", c.html);
    }

    const PIECES: &[&str] = &[
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:x\">",
        "<!--",
        "-->",
        "[l](javascript:alert(1))",
        "[l](https://x.se/\"onmouseover=\"x)",
        "<java\tscript:x>",
        "[^1]",
        "[^1]: fot\n",
        "# R\n",
        "| a | b |\n|---|--:|\n| <b> | & |\n",
        "> q\n",
        "```\n<x>\n```\n",
        "`<y>`",
        "\"",
        "'",
        "&",
        "&amp;",
        "&#60;",
        "\n\n",
        "- ",
        "1. ",
        "*",
        "_",
        "\\",
        "\u{F8FF}0\u{F8FF}",
        "\u{F8FF}7\u{F8FF}",
        "![a](b.png)",
        "<div>\n",
    ];

    /// The elements the converter writes; anything else would be the writer's HTML let through.
    const ELEMENTS: &[&str] = &[
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "em",
        "strong",
        "del",
        "a",
        "span",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
        "div",
        "br",
        "hr",
        "sup",
        "img",
        "section",
        "!--arshjul:innehall--",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]
        #[test]
        fn the_writers_text_never_becomes_markup(
            indices in proptest::collection::vec(0usize..1000, 0..40)
        ) {
            let markdown: String = indices.iter().map(|i| PIECES[i % PIECES.len()]).collect();
            let c = convert(&markdown);
            for html in [&c.html, &c.footnotes] {
                for (at, _) in html.match_indices('<') {
                    let rest = &html[at + 1..];
                    let tag: String = rest
                        .trim_start_matches('/')
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '>')
                        .collect();
                    proptest::prop_assert!(ELEMENTS.contains(&tag.as_str()), "<{} in {}", tag, html);
                    for (name, value) in attributes_of(rest) {
                        proptest::prop_assert!(ATTRIBUTES.contains(&name.as_str()), "{} in {}", name, html);
                        if name == "href" || name == "src" {
                            proptest::prop_assert!(
                                check_link(&value.replace("&amp;", "&")).is_ok() || value.starts_with("data:image/"),
                                "{} in {}", value, html
                            );
                        }
                    }
                }
            }
        }
    }

    const ATTRIBUTES: &[&str] = &[
        "class",
        "href",
        "id",
        "aria-label",
        "aria-labelledby",
        "aria-hidden",
        "scope",
        "role",
        "tabindex",
        "src",
        "alt",
        "start",
        "colspan",
    ];

    /// The attributes of the tag that `rest` starts (after its `<`): (name, value).
    fn attributes_of(rest: &str) -> Vec<(String, String)> {
        let end = rest.find('>').unwrap_or(rest.len());
        let mut tag = rest[..end]
            .split_once(char::is_whitespace)
            .map_or("", |(_, attributes)| attributes);
        let mut found = Vec::new();
        loop {
            tag = tag.trim_start();
            if tag.is_empty() || tag == "/" {
                return found;
            }
            let name_end = tag.find(['=', ' ']).unwrap_or(tag.len());
            let name = tag[..name_end].to_owned();
            tag = &tag[name_end..];
            let mut value = String::new();
            if let Some(after) = tag.strip_prefix("=\"") {
                let close = after.find('"').unwrap_or(after.len());
                value = after[..close].to_owned();
                tag = after.get(close + 1..).unwrap_or("");
            }
            found.push((name, value));
        }
    }

    #[test]
    fn base64_encodes() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
