//! The web edition: the second renderer. The same narrative (after tera) and the same template
//! values as the PDF become one self-contained, accessible HTML page per document.
//!
//! Markdown events (walked by [`crate::walker`], as for the PDF) become HTML with this module's
//! own escapes for text and attributes (raw HTML in the Markdown is shown as the characters
//! typed, never passed through); the HTML layouts
//! (`layouts/*.html`, tera with HTML escaping) place the cover facts, tables and charts; charts
//! are inline SVG drawn here; images are embedded as `data:` URIs. No script, nothing fetched.

pub mod underlag;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use pulldown_cmark::Alignment;
use rust_decimal::Decimal;
use tera::{Context as TeraContext, Kwargs, State, Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::money::Date;
use crate::placement::Placement;
use crate::walker::{Cell, Markup, Style, Typography, check_link, trim_end};

/// The built-in HTML layouts, embedded at compile time: (name, text).
pub const BUILTIN_LAYOUTS: &[(&str, &str)] = &[
    ("_stil.html", include_str!("../layouts/_stil.html")),
    ("_omslag.html", include_str!("../layouts/_omslag.html")),
    (
        "_brevhuvud.html",
        include_str!("../layouts/_brevhuvud.html"),
    ),
    ("_budget.html", include_str!("../layouts/_budget.html")),
    (
        "_medlemsbidrag.html",
        include_str!("../layouts/_medlemsbidrag.html"),
    ),
    ("_rapport.html", include_str!("../layouts/_rapport.html")),
    ("_tabell.html", include_str!("../layouts/_tabell.html")),
    ("rapport.html", include_str!("../layouts/rapport.html")),
    (
        "verksamhetsplan.html",
        include_str!("../layouts/verksamhetsplan.html"),
    ),
    (
        "delarsrapport.html",
        include_str!("../layouts/delarsrapport.html"),
    ),
    (
        "arsredovisning.html",
        include_str!("../layouts/arsredovisning.html"),
    ),
];

/// Where the table of contents goes: the narrative's `{{ innehall() }}` or the layout put it
/// there; [`finish`] replaces it with the linked list of headings. A comment, so that nothing a
/// writer types (always escaped) can produce it.
pub const CONTENTS_MARK: &str = "<!--arshjul:innehall-->";

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

/// The escape tera applies to values in HTML layouts: Swedish typography, then HTML escaping
/// safe for attributes too.
fn escape_for_html(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
    let typographed = Typography::default().apply(input);
    output.write_all(escape_attr(&typographed).as_bytes())
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
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub use crate::walker::Context;

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

/// Converts a Markdown narrative into HTML. Headings move one level down: the page's only
/// `h1` is the document's title.
pub fn to_html(markdown: &str, context: &Context<'_>) -> Converted {
    let walked = crate::walker::walk(markdown, context, Html::default());
    let writer = walked.writer;
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
        html: walked.out.replace("<p></p>", ""),
        footnotes,
        diagnostics: walked.diagnostics,
    }
}

/// HTML: elements for structure, text escaped with [`escape_text`], attributes with
/// [`escape_attr`].
#[derive(Default)]
struct Html {
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
    /// How the open headings close.
    heading_closers: Vec<String>,
}

impl Markup for Html {
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
        if chapter {
            let h = (level + 1).min(6);
            let _ = write!(out, "<h{h}>");
            self.heading_closers.push(format!("</h{h}>\n"));
        } else {
            out.push_str("<p class=\"inre-rubrik\"><strong>");
            self.heading_closers.push("</strong></p>\n".to_owned());
        }
    }

    fn heading_end(&mut self, out: &mut String) -> bool {
        out.push_str(&self.heading_closers.pop().unwrap_or_default());
        true
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

/// Finishes a rendered page: every `h2`–`h4` without an `id` gets one made from its text, and
/// the first [`CONTENTS_MARK`] becomes the table of contents, a `nav` with a linked, nested
/// list of those headings (the levels the PDF's Innehåll shows). Headings with the class
/// `ej-innehall` stay out of it. Works on the HTML this module and the layouts generate, where
/// every `<` is markup.
pub fn finish(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + 4096);
    let mut entries: Vec<(u8, String, String)> = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut rest = page;
    // Ids the layouts or the converter wrote themselves are taken.
    for (i, _) in page.match_indices(" id=\"") {
        if let Some(end) = page[i + 5..].find('"') {
            used.insert(page[i + 5..i + 5 + end].to_owned(), 1);
        }
    }
    while let Some(start) = find_heading(rest) {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let level = tag.as_bytes()[2] - b'0';
        let Some(open_end) = tag.find('>') else {
            out.push_str(tag);
            rest = "";
            break;
        };
        let close = format!("</h{level}>");
        let Some(close_at) = tag.find(&close) else {
            out.push_str(&tag[..open_end + 1]);
            rest = &tag[open_end + 1..];
            continue;
        };
        let attributes = &tag[3..open_end];
        let inner = &tag[open_end + 1..close_at];
        let text = strip_tags(inner);
        let skip = attributes.contains("ej-innehall");
        let id = match attribute(attributes, "id") {
            Some(id) => {
                out.push_str(&tag[..close_at + close.len()]);
                id.to_owned()
            }
            None => {
                let base = slug(&text);
                let n = used.entry(base.clone()).or_insert(0);
                *n += 1;
                let id = if *n == 1 { base } else { format!("{base}-{n}") };
                let _ = write!(
                    out,
                    "<h{level}{attributes} id=\"{id}\">{inner}{close}",
                    attributes = attributes.trim_end()
                );
                id
            }
        };
        if !skip && (2..=4).contains(&level) {
            entries.push((level, id, text));
        }
        rest = &tag[close_at + close.len()..];
    }
    out.push_str(rest);

    let nav = contents(&entries);
    match out.find(CONTENTS_MARK) {
        Some(at) => {
            let mut page = String::with_capacity(out.len() + nav.len());
            page.push_str(&out[..at]);
            page.push_str(&nav);
            page.push_str(&out[at + CONTENTS_MARK.len()..].replace(CONTENTS_MARK, ""));
            page
        }
        None => out,
    }
}

/// The next `<h2`–`<h6` opening tag.
fn find_heading(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("<h") {
        let at = from + i;
        let level = bytes.get(at + 2).copied();
        let after = bytes.get(at + 3).copied();
        if matches!(level, Some(b'2'..=b'6')) && matches!(after, Some(b'>' | b' ')) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = attributes.find(&key)? + key.len();
    let end = attributes[start..].find('"')?;
    Some(&attributes[start..start + end])
}

/// The text of some HTML, tags left out (entities stay escaped).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// An id from a heading's text: ASCII letters and digits, words joined by `-`.
fn slug(text: &str) -> String {
    let out = crate::text::slug(&text.replace("&amp;", "&"));
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("avsnitt-{out}").trim_end_matches('-').to_owned()
    } else {
        out
    }
}

/// The table of contents as a `nav` with nested lists.
fn contents(entries: &[(u8, String, String)]) -> String {
    let mut out = String::from(
        "<nav class=\"innehall\" aria-labelledby=\"innehall-rubrik\">\n<h2 id=\"innehall-rubrik\" class=\"ej-innehall\">Innehåll</h2>\n",
    );
    let mut open: Vec<u8> = Vec::new();
    for (level, id, text) in entries {
        // Deeper: open lists inside the open item; shallower: close them.
        while open.last().is_some_and(|l| l > level) {
            out.push_str("</li>\n</ol>\n");
            open.pop();
        }
        if open.last() == Some(level) {
            out.push_str("</li>\n");
        } else {
            out.push_str("<ol>\n");
            open.push(*level);
        }
        let _ = write!(out, "<li><a href=\"#{id}\">{text}</a>");
    }
    while open.pop().is_some() {
        out.push_str("</li>\n</ol>\n");
    }
    out.push_str("</nav>\n");
    out
}

/// The HTML layouts of a project: the built-in ones, overridden and extended by the project's
/// `layouts/*.html`. Tera escapes every value for HTML (after Swedish typography).
pub struct Layouts {
    tera: Tera,
    overridden: Vec<String>,
    sources: BTreeMap<String, String>,
}

impl Layouts {
    /// Loads the built-in HTML layouts and those of the project at `root`.
    pub fn load(root: &Path) -> Result<Layouts, Vec<Diagnostic>> {
        let (templates, overridden) =
            crate::templates::layout_sources(root, BUILTIN_LAYOUTS, "html")?;
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_for_html);
        tera.autoescape_on(vec![".html"]);
        crate::templates::register_filters(&mut tera);
        tera.register_filter(
            "diagram",
            |value: &Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
                Ok(Value::safe_string(&chart_svg(value)))
            },
        );
        // `{{ x | url }}`: an href as written, HTML-escaped but without Swedish typography
        // (which would turn `--` in an address into a dash).
        tera.register_filter("url", |value: &str, _: Kwargs, _: &State| {
            Value::safe_string(&escape_attr(value))
        });
        // `{% if x is lank %}`: a value from forbund.yaml or front matter may become an href only
        // with a scheme a link may have (the same rule as the narrative's links).
        tera.register_test("lank", |value: &str, _: Kwargs, _: &State| {
            !value.trim().is_empty() && check_link(value).is_ok()
        });
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![crate::templates::layouts_error(&e, &overridden, &templates)])?;
        Ok(Layouts {
            tera,
            overridden,
            sources: templates,
        })
    }

    /// Renders the layout `name`.
    pub fn render(&self, name: &str, context: &TeraContext) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| crate::templates::layouts_error(&e, &self.overridden, &self.sources))
    }
}

/// Everything a document's web edition needs from the pipeline.
pub struct Page<'a> {
    /// The layout to use (`verksamhetsplan`: `verksamhetsplan.html`).
    pub layout: &'a str,
    /// The template context the PDF's layouts get too (front matter, förbund, data, what the
    /// narrative placed).
    pub context: &'a TeraContext,
    /// The narrative after tera.
    pub narrative: &'a str,
    /// What the narrative asked to place, by the numbers in its marks.
    pub placements: &'a [Placement],
    /// A data file's value by its name, for the tables the narrative places.
    pub data: &'a dyn Fn(&str) -> Option<Value>,
    /// `forbund.logotyp`, as a data URI, if there is one.
    pub logo: Option<String>,
    /// The narrative converter's context (file, images); its `directives` are ignored.
    pub file: &'a str,
    /// The line where the narrative starts.
    pub first_line: usize,
    /// Resolves an image to a `data:` URI.
    pub image: &'a dyn Fn(&str) -> Result<String, crate::diagnostics::PathError>,
    /// What to say about a link to a project file or an image (see [`Context::check`]).
    pub check: &'a dyn Fn(crate::walker::Reference, &str) -> Option<Diagnostic>,
}

/// Renders one document's page; the problems found go to `diagnostics`.
pub fn render(
    layouts: &Layouts,
    page: &Page<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    // What the narrative placed, in the order of its marks: the contents (filled in by
    // [`finish`]), and tables through the layouts' `_tabell.html`.
    let directives: Vec<String> = page
        .placements
        .iter()
        .map(|placement| match placement {
            Placement::Contents => CONTENTS_MARK.to_owned(),
            Placement::Table { data, part } => {
                let mut context = page.context.clone();
                if let Some(b) = (page.data)(data) {
                    context.insert_value("b", b);
                }
                context.insert("del", Placement::part_name(*part));
                match layouts.render("_tabell.html", &context) {
                    Ok(code) => code.trim().to_owned(),
                    Err(d) => {
                        diagnostics.push(d);
                        String::new()
                    }
                }
            }
        })
        .collect();
    let converted = to_html(
        page.narrative,
        &Context {
            file: page.file,
            first_line: page.first_line,
            image: page.image,
            directives: &directives,
            check: page.check,
        },
    );
    diagnostics.extend(converted.diagnostics);
    let mut context = page.context.clone();
    context.insert_value("innehall_markor", Value::safe_string(CONTENTS_MARK));
    context.insert_value("narrativ", Value::safe_string(&converted.html));
    context.insert_value("fotnoter", Value::safe_string(&converted.footnotes));
    if let Some(logo) = &page.logo {
        context.insert("logotyp_uri", &escape_attr(logo));
    }
    let html = match layouts.render(page.layout, &context) {
        Ok(html) => html,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    Some(finish(&html))
}

/// Writes `build/<förbund>/index.html` for every förbund folder in `written` (pages just
/// written, relative to the root): the web editions in that folder and below, newest first,
/// each with its title and date as the pages themselves state them (`dcterms.*` meta tags).
/// A folder holding a document named `index` gets no index page.
pub fn write_indexes(root: &Path, written: &[&Path]) -> Result<(), String> {
    let mut folders: Vec<std::path::PathBuf> = written
        .iter()
        .filter_map(|p| {
            let mut parts = p.components();
            let (build, first) = (parts.next()?, parts.next()?);
            // A document directly under content/ has no förbund folder.
            parts.next()?;
            Some(Path::new(build.as_os_str()).join(first))
        })
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        if written.iter().any(|p| *p == folder.join("index.html")) {
            continue;
        }
        let dir = root.join(&folder);
        let mut pages = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let relative = path.strip_prefix(&dir).unwrap_or(path);
            if relative == Path::new("index.html") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let href = crate::diagnostics::display_path(relative);
            let meta = |name: &str| {
                let key = format!("<meta name=\"{name}\" content=\"");
                let start = text.find(&key)? + key.len();
                let end = text[start..].find('"')?;
                Some(text[start..start + end].to_owned())
            };
            let title = meta("dcterms.title").unwrap_or_else(|| escape_text(&href));
            pages.push((
                meta("dcterms.date").unwrap_or_default(),
                title,
                href,
                meta("dcterms.publisher").unwrap_or_default(),
            ));
        }
        if pages.is_empty() {
            continue;
        }
        // Newest first; the same date by title.
        pages.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let publisher = pages
            .iter()
            .map(|p| p.3.clone())
            .find(|p| !p.is_empty())
            .unwrap_or_else(|| {
                escape_text(&folder.file_name().unwrap_or_default().to_string_lossy())
            });
        let mut list = String::new();
        for (date, title, href, _) in &pages {
            let when = Date::parse(date)
                .map(|d| format!(" <span class=\"datum\">{}</span>", d.swedish()))
                .unwrap_or_default();
            // Relative and encoded: a folder named `javascript:alert(1)` is a page beside this
            // one (`./javascript%3Aalert%281%29.html`), never a scheme.
            let _ = writeln!(
                list,
                "<li><a href=\"./{}\">{title}</a>{when}</li>",
                escape_attr(&crate::project::percent_encode(href))
            );
        }
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>Dokument – {publisher}</title>\n<meta name=\"generator\" content=\"arshjul\">\n<style>{INDEX_STYLE}</style>\n</head>\n<body>\n<a class=\"hoppa\" href=\"#dokument\">Hoppa till innehållet</a>\n<header><p>{publisher}</p><h1>Dokument</h1></header>\n<main id=\"dokument\" tabindex=\"-1\">\n<ul>\n{list}</ul>\n</main>\n</body>\n</html>\n"
        );
        let target = dir.join("index.html");
        let temporary = dir.join(format!(".index.html.{}.tmp", std::process::id()));
        std::fs::write(&temporary, page)
            .and_then(|()| std::fs::rename(&temporary, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temporary);
                format!(
                    "kan inte skriva {}: {e}",
                    crate::diagnostics::display_path(&folder.join("index.html"))
                )
            })?;
    }
    Ok(())
}

const INDEX_STYLE: &str = "body{margin:0 auto;max-width:50rem;padding:0 1.25rem 2rem;font-family:Carlito,Calibri,'Segoe UI',Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a}header p{font-weight:bold;color:#1f4e79;margin:1.5rem 0 0}h1{color:#1f4e79}a{color:#1f4e79}ul{padding-left:1.2em}li{margin:0.4em 0}.datum{color:#555}.hoppa{position:absolute;left:0.5rem;top:-4rem;background:#1f4e79;color:#fff;padding:0.5rem 1rem}.hoppa:focus{top:0.5rem}main:focus{outline:none}";

fn field<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value.as_map()?.get(&tera::value::Key::from(key.to_owned()))
}

fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(v) if v.is_none() || v.is_undefined() => String::new(),
        Some(v) => v
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| v.to_string()),
        None => String::new(),
    }
}

fn decimal_of(value: Option<&Value>) -> Option<Decimal> {
    let v = value?;
    if let Some(s) = v.as_str() {
        return Decimal::from_str(s).ok();
    }
    v.as_i128()
        .and_then(|i| Decimal::try_from_i128_with_scale(i, 0).ok())
}

/// A drawing coordinate, one decimal.
fn coordinate(value: Decimal) -> String {
    value.round_dp(1).normalize().to_string()
}

/// The palette of the PDF's charts; the orange darkened to keep 3:1 against white.
const PALETTE: &[&str] = &[
    "#1f4e79", "#b0651c", "#5d7a2a", "#8c5a9e", "#2b7d91", "#6b6b6b",
];

/// A chart (a `typ: tabell` value) as inline SVG: `stapel` (grouped vertical bars),
/// `liggande` (horizontal bars) or `staplad` (stacked). It carries `role="img"` and the
/// table's alt text; the numbers also stand in the data table the layout puts beside it.
pub fn chart_svg(table: &Value) -> String {
    let kind = text_of(field(table, "diagram"));
    let alt = text_of(field(table, "alt"));
    let categories: Vec<String> = field(table, "kategorier")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|c| text_of(Some(c))).collect())
        .unwrap_or_default();
    let series: Vec<(String, Vec<Option<Decimal>>)> = field(table, "serier")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| {
                    let name = text_of(field(s, "namn"));
                    let values = field(s, "värden")
                        .or_else(|| field(s, "varden"))
                        .and_then(Value::as_array)
                        .map(|v| v.iter().map(|x| decimal_of(Some(x))).collect())
                        .unwrap_or_default();
                    (name, values)
                })
                .collect()
        })
        .unwrap_or_default();
    let labels: Vec<Vec<String>> = series
        .iter()
        .map(|(_, values)| {
            values
                .iter()
                .map(|v| {
                    v.map(|v| crate::money::format_number(v, v.normalize().scale().min(2)))
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let mut scale = decimal_of(field(table, "skala")).unwrap_or(Decimal::ONE);
    if scale <= Decimal::ZERO {
        scale = Decimal::ONE;
    }
    let steps: Vec<(Decimal, String)> = field(table, "steg")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let v = decimal_of(field(s, "värde").or_else(|| field(s, "varde")))?;
                    Some((v, text_of(field(s, "text"))))
                })
                .collect()
        })
        .unwrap_or_default();
    let n = categories.len().max(1);
    let m = series.len().max(1);
    // The bottom of the value axis: below zero where a value is (a loss in some month).
    let bottom = decimal_of(field(table, "botten"))
        .filter(|b| b.is_sign_negative() && !b.is_zero() && kind == "stapel");
    let value = |j: usize, i: usize| -> Decimal {
        let v = series
            .get(j)
            .and_then(|(_, v)| v.get(i).copied().flatten())
            .unwrap_or(Decimal::ZERO);
        if bottom.is_some() {
            v
        } else {
            v.max(Decimal::ZERO)
        }
    };
    let d = |v: i64| Decimal::from(v);
    let width = d(640);
    // Every label stays inside the drawing: a text's width is estimated from its characters
    // (Carlito's are about half an em wide on average; a little more, to be safe), a category
    // name wider than its room wraps onto lines of its own, and the legend's entries wrap into
    // rows.
    let text_width =
        |text: &str, size: i64| d(text.chars().count() as i64) * d(size) * Decimal::new(56, 2);
    let wrapped = |text: &str, room: Decimal, size: i64| -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match lines.last_mut() {
                Some(line) if text_width(&format!("{line} {word}"), size) <= room => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_owned()),
            }
        }
        lines
    };
    let lines_text = |lines: &[String], x: Decimal, y: Decimal, attributes: &str| -> String {
        let mut out = format!(
            "<text x=\"{}\" y=\"{}\" {attributes}>",
            coordinate(x),
            coordinate(y)
        );
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { "0" } else { "14" };
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{dy}\">{}</tspan>",
                coordinate(x),
                escape_text(line)
            );
        }
        out.push_str("</text>");
        out
    };
    // The legend's entries, (row, x) each, flowing into rows of the drawing's width.
    let mut legend = Vec::new();
    let mut legend_rows = 0;
    if series.len() > 1 {
        let mut x = d(8);
        legend_rows = 1;
        for (name, _) in &series {
            let entry = d(18) + text_width(name, 12) + d(16);
            if x > d(8) && x + entry > width {
                legend_rows += 1;
                x = d(8);
            }
            legend.push((legend_rows - 1, x));
            x += entry;
        }
    }
    let legend_height = d(legend_rows) * d(22) + if legend_rows > 0 { d(6) } else { d(0) };
    let mut body = String::new();
    let height;
    if kind == "liggande" {
        let gap = d(8);
        let label_width = d(200);
        let names: Vec<Vec<String>> = categories
            .iter()
            .map(|c| wrapped(c, label_width - d(12), 12))
            .collect();
        let most = names.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
        let row = (if m > 1 { d(18) * d(m as i64) } else { d(24) }).max(d(14) * d(most) + d(4));
        // The values stand right of their bars: the widest one keeps its room.
        let widest = labels
            .iter()
            .flatten()
            .map(|l| text_width(l, 11))
            .max()
            .unwrap_or_default();
        let bar_space = width - label_width - d(12) - widest;
        height = (row + gap) * d(n as i64) + gap + legend_height;
        for (i, lines) in names.iter().enumerate() {
            let y0 = gap + (row + gap) * d(i as i64);
            // The first line's middle, so that the lines stand centred on the row.
            let first = y0 + row / d(2) - d(7) * d(lines.len() as i64 - 1);
            body.push_str(&lines_text(
                lines,
                label_width - d(8),
                first,
                "text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\"",
            ));
            for j in 0..series.len() {
                let bar = row / d(m as i64);
                let w = bar_space * value(j, i) / scale;
                let y = y0 + bar * d(j as i64);
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                    coordinate(label_width),
                    coordinate(y + bar * Decimal::new(1, 1)),
                    coordinate(w),
                    coordinate(bar * Decimal::new(8, 1)),
                    PALETTE[j % PALETTE.len()]
                );
                let _ = write!(
                    body,
                    "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"11\">{}</text>",
                    coordinate(label_width + w + d(4)),
                    coordinate(y + bar / d(2)),
                    escape_text(&labels[j].get(i).cloned().unwrap_or_default())
                );
            }
        }
    } else {
        let axis = d(48);
        let top = d(18);
        let plot = d(220);
        let plot_width = width - axis - d(8);
        let group = plot_width / d(n as i64);
        let names: Vec<Vec<String>> = categories
            .iter()
            .map(|c| wrapped(c, group - d(4), 12))
            .collect();
        let most = names.iter().map(Vec::len).max().unwrap_or(1).max(1) as i64;
        height = top + plot + d(26) + d(14) * d(most) + legend_height;
        let stacked = kind == "staplad";
        let bar = if stacked {
            group * Decimal::new(55, 2)
        } else {
            group * Decimal::new(8, 1) / d(m as i64)
        };
        // Where a value stands: from the top of the axis, down to its bottom (zero, or below).
        let y_of = |v: Decimal| match bottom {
            Some(b) => top + plot * (scale - v) / (scale - b),
            None => top + plot - plot * v / scale,
        };
        for (v, text) in &steps {
            let y = y_of(*v);
            let _ = write!(
                body,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#c8c8c8\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#555\">{}</text>",
                coordinate(axis),
                coordinate(width - d(8)),
                coordinate(axis - d(6)),
                escape_text(text),
                y = coordinate(y),
            );
        }
        let _ = write!(
            body,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#5a5a5a\"/>",
            coordinate(axis),
            coordinate(width - d(8)),
            y = coordinate(y_of(Decimal::ZERO))
        );
        for (i, lines) in names.iter().enumerate() {
            let x0 = axis + group * d(i as i64);
            let mut base = Decimal::ZERO;
            for j in 0..series.len() {
                let v = value(j, i);
                let h = plot * v / scale;
                let colour = PALETTE[j % PALETTE.len()];
                if stacked {
                    let y = top + plot - plot * (base + v) / scale;
                    let _ = write!(
                        body,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"0.5\"/>",
                        coordinate(x0 + (group - bar) / d(2)),
                        coordinate(y),
                        coordinate(bar),
                        coordinate(h)
                    );
                    base += v;
                } else if let Some(b) = bottom {
                    // Up from the zero line, or down from it for a loss; the label outside.
                    let x = x0 + group * Decimal::new(1, 1) + bar * d(j as i64);
                    let h = plot * v.abs() / (scale - b);
                    let (y, label_y) = if v.is_sign_negative() {
                        (y_of(Decimal::ZERO), y_of(v) + d(11))
                    } else {
                        (y_of(v), y_of(v) - d(4))
                    };
                    let _ = write!(
                        body,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                        coordinate(x),
                        coordinate(y),
                        coordinate(bar),
                        coordinate(h),
                        coordinate(x + bar / d(2)),
                        coordinate(label_y),
                        escape_text(&labels[j].get(i).cloned().unwrap_or_default())
                    );
                } else {
                    let x = x0 + group * Decimal::new(1, 1) + bar * d(j as i64);
                    let _ = write!(
                        body,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                        coordinate(x),
                        coordinate(top + plot - h),
                        coordinate(bar),
                        coordinate(h),
                        coordinate(x + bar / d(2)),
                        coordinate(top + plot - h - d(4)),
                        escape_text(&labels[j].get(i).cloned().unwrap_or_default())
                    );
                }
            }
            body.push_str(&lines_text(
                lines,
                x0 + group / d(2),
                top + plot + d(18),
                "text-anchor=\"middle\" font-size=\"12\"",
            ));
        }
    }
    if series.len() > 1 {
        for (j, ((name, _), (row, x))) in series.iter().zip(&legend).enumerate() {
            let y = height - legend_height + d(6) + d(*row) * d(22) + d(8);
            let x = *x;
            let _ = write!(
                body,
                "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\" font-size=\"12\">{}</text>",
                coordinate(x),
                coordinate(y - d(6)),
                PALETTE[j % PALETTE.len()],
                coordinate(x + d(18)),
                coordinate(y),
                escape_text(name)
            );
        }
    }
    format!(
        "<svg class=\"diagram\" role=\"img\" aria-label=\"{alt}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Carlito, Calibri, 'Segoe UI', Arial, sans-serif\"><title>{title}</title>{body}</svg>",
        coordinate(width),
        coordinate(height),
        alt = escape_attr(&alt),
        title = escape_text(&alt),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;
    use crate::walker::DIRECTIVE_MARK;

    fn no_images(dest: &str) -> Result<String, crate::diagnostics::PathError> {
        Err(format!("bilden `{dest}` finns inte").into())
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

    #[test]
    fn finish_makes_ids_and_a_nested_contents() {
        let page = format!(
            "<header><h1>T</h1></header>{CONTENTS_MARK}<main><h2>Mål och syfte</h2><h3>Del &amp; del</h3><h2>Mål och syfte</h2><h2 class=\"ej-innehall\">X</h2></main>"
        );
        let done = finish(&page);
        assert!(done.contains("<h2 id=\"mal-och-syfte\">"), "{done}");
        assert!(done.contains("<h2 id=\"mal-och-syfte-2\">"), "{done}");
        assert!(done.contains("<nav class=\"innehall\""));
        assert!(
            done.contains("<li><a href=\"#mal-och-syfte\">Mål och syfte</a><ol>\n<li><a href=\"#del-del\">Del &amp; del</a></li>\n</ol>\n</li>"),
            "{done}"
        );
        assert!(!done.contains("href=\"#x\""));
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
