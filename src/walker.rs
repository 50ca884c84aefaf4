//! One walk over a narrative's Markdown for both editions: the walker owns the bookkeeping
//! (footnote definitions taken out first, what is being collected until its end tag, heading
//! levels and their warning, nesting, table cells, link and image checks, the directive marks
//! and which of them were placed, Swedish typography) and hands each piece to a `Markup`
//! writer, which knows one output's syntax and escapes: typst markup (`markdown.rs`) or HTML
//! (`html.rs`). The same Markdown thus gives the same structure, the same messages and the same
//! placements in both.

mod links;
mod typography;

pub use links::{DIRECTIVE_MARK, LINK_HINT, LINK_SCHEMES, check_link, is_anchor, scheme};
pub use typography::Typography;

use std::collections::HashMap;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Diagnostic, Position};

/// What the converters need to know besides the Markdown text.
pub struct Context<'a> {
    /// The file the narrative comes from, relative to the project root (for messages).
    pub file: &'a str,
    /// The line of that file where the narrative's first line stands.
    pub first_line: usize,
    /// Resolves an image reference to what the output loads (a typst path, a `data:` URI), or
    /// says why it cannot be used.
    pub image: &'a dyn Fn(&str) -> Result<String, crate::diagnostics::PathError>,
    /// The output's code for each directive, by the number in its mark.
    pub directives: &'a [String],
    /// What to say about a reference to a project file: a link without a scheme (a path) or an
    /// image already resolved. An error refuses the link; a warning (a missing file, a very
    /// large image) keeps it. The walker adds the file and the place.
    pub check: &'a dyn Fn(Reference, &str) -> Option<Diagnostic>,
}

/// What a reference to a project file is, for [`Context::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// `[text](bilaga.pdf)`: a link without a scheme.
    Link,
    /// `![alt](bild.png)`, resolved.
    Image,
}

/// Inline styles, each closed by its end tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `*text*`.
    Emphasis,
    /// `**text**`.
    Strong,
    /// `~~text~~`.
    Strikethrough,
}

/// A table cell: in the header or not, its column, and the column's alignment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    /// Whether the cell is in the header row.
    pub head: bool,
    /// The column, from 0.
    pub column: usize,
    /// The column's alignment.
    pub align: Option<Alignment>,
}

/// One output's syntax. `out` is the text being written; the walker calls these in the order
/// of the Markdown.
pub(crate) trait Markup {
    /// Escapes text so that it appears exactly as given (prose after typography, raw HTML
    /// shown as typed, math).
    fn escape(text: &str) -> String;
    /// A paragraph begins.
    fn paragraph_start(&mut self, out: &mut String);
    /// A paragraph ends.
    fn paragraph_end(&mut self, out: &mut String);
    /// A heading begins, at `level` (already corrected); `chapter` is false inside a list,
    /// quote or footnote.
    fn heading_start(&mut self, out: &mut String, level: u8, chapter: bool);
    /// A heading ends; false when it was empty and left out.
    fn heading_end(&mut self, out: &mut String) -> bool;
    /// A block quote begins.
    fn quote_start(&mut self, out: &mut String);
    /// A block quote ends.
    fn quote_end(&mut self, out: &mut String);
    /// A code block with its language, if a plain word.
    fn code_block(&mut self, out: &mut String, lang: Option<&str>, body: &str);
    /// An HTML block, shown as typed: its non-empty lines, comments left out.
    fn html_block(&mut self, out: &mut String, lines: &[&str]);
    /// A list begins: numbered from `start`, or with bullets.
    fn list_start(&mut self, out: &mut String, start: Option<u64>);
    /// A list ends.
    fn list_end(&mut self, out: &mut String, ordered: bool);
    /// A list item begins.
    fn item_start(&mut self, out: &mut String);
    /// A list item ends.
    fn item_end(&mut self, out: &mut String);
    /// A table begins; `heading` is the text of the last heading before it.
    fn table_start(&mut self, out: &mut String, alignments: &[Alignment], heading: &str);
    /// A table ends.
    fn table_end(&mut self, out: &mut String);
    /// The header row begins.
    fn table_head_start(&mut self, out: &mut String);
    /// The header row ends.
    fn table_head_end(&mut self, out: &mut String);
    /// A body row begins.
    fn row_start(&mut self, out: &mut String);
    /// A body row ends.
    fn row_end(&mut self, out: &mut String);
    /// A cell begins.
    fn cell_start(&mut self, out: &mut String, cell: Cell);
    /// A cell ends.
    fn cell_end(&mut self, out: &mut String, cell: Cell);
    /// An inline style begins.
    fn style_start(&mut self, out: &mut String, style: Style);
    /// An inline style ends.
    fn style_end(&mut self, out: &mut String, style: Style);
    /// A link begins: to `url`, or none when it was empty or refused.
    fn link_start(&mut self, out: &mut String, url: Option<&str>);
    /// A link ends.
    fn link_end(&mut self, out: &mut String);
    /// An image: its source as resolved (none when it cannot be used) and its alt text.
    fn image(&mut self, out: &mut String, source: Option<&str>, alt: &str);
    /// A directive's code; `in_paragraph` when it stands inside a paragraph.
    fn directive(&mut self, out: &mut String, code: &str, in_paragraph: bool);
    /// The place an explained row links to.
    fn anchor(&mut self, out: &mut String, label: &str);
    /// Inline code, as typed.
    fn code(&mut self, out: &mut String, code: &str);
    /// A soft line break.
    fn soft_break(&mut self, out: &mut String);
    /// A hard line break.
    fn hard_break(&mut self, out: &mut String);
    /// A thematic break.
    fn rule(&mut self, out: &mut String);
    /// A task list's box.
    fn task(&mut self, out: &mut String, checked: bool);
    /// A reference to a footnote already written; false when `label` has none yet.
    fn footnote_again(&mut self, out: &mut String, label: &str) -> bool;
    /// A footnote's first reference, before its body is written.
    fn footnote_start(&mut self, out: &mut String, label: &str);
    /// A footnote's body, written.
    fn footnote_end(&mut self, out: &mut String, label: &str, body: String);
    /// The end of a piece written (the narrative, a footnote's body).
    fn finish(&mut self, out: &mut String);
}

/// What a walk gave: the output, the writer, and what the walker kept.
pub(crate) struct Walked<W> {
    /// The output.
    pub out: String,
    /// The writer, with what it collected (the HTML's footnotes).
    pub writer: W,
    /// Errors and warnings with their place in the Markdown.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each Markdown element starts: (byte offset in `out`, byte offset in the Markdown).
    pub blocks: Vec<(usize, usize)>,
    /// The directives placed, by their numbers, in order.
    pub placed: Vec<usize>,
    /// The anchors placed (the labels of the places explained rows link to), in order.
    pub anchors: Vec<String>,
}

type Located<'e> = (Event<'e>, std::ops::Range<usize>);

/// Walks `markdown` with `writer`.
pub(crate) fn walk<W: Markup>(markdown: &str, context: &Context<'_>, writer: W) -> Walked<W> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events: Vec<Located<'_>> = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .collect();

    // Footnote definitions may follow their references: take them out first.
    let mut main = Vec::with_capacity(events.len());
    let mut definitions: HashMap<String, Vec<Located<'_>>> = HashMap::new();
    let mut depth = 0usize;
    let mut current: Option<String> = None;
    for (event, range) in events {
        match (&event, &current) {
            (Event::Start(Tag::FootnoteDefinition(label)), None) => {
                current = Some(label.to_string());
                depth = 0;
                definitions.entry(label.to_string()).or_default();
            }
            (Event::Start(Tag::FootnoteDefinition(_)), Some(_)) => depth += 1,
            (Event::End(TagEnd::FootnoteDefinition), Some(label)) => {
                if depth == 0 {
                    current = None;
                } else {
                    depth -= 1;
                    if let Some(d) = definitions.get_mut(label) {
                        d.push((event, range));
                    }
                }
            }
            (_, Some(label)) => {
                if let Some(d) = definitions.get_mut(label) {
                    d.push((event, range));
                }
            }
            (_, None) => main.push((event, range)),
        }
    }

    let mut walker = Walker {
        markdown,
        context,
        definitions,
        in_progress: Vec::new(),
        diagnostics: Vec::new(),
        blocks: Vec::new(),
        last_heading: 0,
        last_heading_text: String::new(),
        placed: Vec::new(),
        anchors: Vec::new(),
        writer,
    };
    let out = walker.write(&main);
    Walked {
        out,
        writer: walker.writer,
        diagnostics: walker.diagnostics,
        blocks: walker.blocks,
        placed: walker.placed,
        anchors: walker.anchors,
    }
}

struct Walker<'m, 'c, W> {
    markdown: &'m str,
    context: &'c Context<'c>,
    definitions: HashMap<String, Vec<Located<'m>>>,
    /// Footnotes being written, so that a footnote referring to itself does not loop.
    in_progress: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    blocks: Vec<(usize, usize)>,
    /// The level of the last heading written (0 before the first).
    last_heading: u8,
    /// The text of the last heading, the caption of the tables below it.
    last_heading_text: String,
    /// The directives written, by number.
    placed: Vec<usize>,
    /// The anchors written.
    anchors: Vec<String>,
    writer: W,
}

/// What is being collected until its end tag.
enum Pending {
    None,
    Code {
        lang: Option<String>,
        text: String,
    },
    Image {
        dest: String,
        title: String,
        alt: String,
        offset: usize,
    },
    Html {
        text: String,
        offset: usize,
    },
    /// A heading's text (its events are written as well).
    Heading {
        text: String,
    },
}

impl<W: Markup> Walker<'_, '_, W> {
    fn position(&self, offset: usize) -> Position {
        let p = Position::of_offset(self.markdown, offset);
        Position {
            line: p.line + self.context.first_line - 1,
            column: p.column,
        }
    }

    /// A warning at `offset` in the Markdown, with its fix.
    fn warn(&mut self, offset: usize, message: &str, hint: &str) {
        let position = self.position(offset);
        self.diagnostics.push(
            Diagnostic::warning(message)
                .in_file(self.context.file)
                .at(position)
                .hint(hint),
        );
    }

    fn write(&mut self, events: &[Located<'_>]) -> String {
        let mut out = String::new();
        let mut typography = Typography::default();
        let mut pending = Pending::None;
        let mut in_html_comment = false;
        // Where the comment still open began, in the Markdown.
        let mut comment_opened: Option<usize> = None;
        let mut alignments: Vec<Alignment> = Vec::new();
        let mut in_head = false;
        let mut column = 0usize;
        // How deep inside lists and quotes we are.
        let mut nesting = 0usize;
        let mut paragraph_open = false;

        for (event, range) in events {
            // Collecting the text of a code block, an image's alt text, an HTML block or a
            // heading.
            match (&mut pending, event) {
                (Pending::Code { .. }, Event::Text(t)) => {
                    let t = self.unmarked(t, range.start);
                    if let Pending::Code { text, .. } = &mut pending {
                        text.push_str(&t);
                    }
                    continue;
                }
                (Pending::Code { lang, text }, Event::End(TagEnd::CodeBlock)) => {
                    let body = text.strip_suffix('\n').unwrap_or(text);
                    self.writer.code_block(&mut out, lang.as_deref(), body);
                    pending = Pending::None;
                    continue;
                }
                (Pending::Code { .. }, _) => continue,
                (Pending::Image { .. }, Event::Text(t) | Event::Code(t)) => {
                    let t = self.unmarked(t, range.start);
                    if let Pending::Image { alt, .. } = &mut pending {
                        alt.push_str(&t);
                    }
                    continue;
                }
                (Pending::Image { alt, .. }, Event::SoftBreak | Event::HardBreak) => {
                    alt.push(' ');
                    continue;
                }
                (
                    Pending::Image {
                        dest,
                        title,
                        alt,
                        offset,
                    },
                    Event::End(TagEnd::Image),
                ) => {
                    let (dest, title, alt, offset) =
                        (dest.clone(), title.clone(), alt.clone(), *offset);
                    pending = Pending::None;
                    self.image(&mut out, &dest, &title, &alt, offset);
                    continue;
                }
                (Pending::Image { .. }, _) => continue,
                (Pending::Html { .. }, Event::Html(t)) => {
                    let t = self.unmarked(t, range.start);
                    if let Pending::Html { text, .. } = &mut pending {
                        text.push_str(&t);
                    }
                    continue;
                }
                (Pending::Html { text, offset }, Event::End(TagEnd::HtmlBlock)) => {
                    let visible = strip_html_comments(text, &mut in_html_comment);
                    note_open_comment(text, *offset, in_html_comment, &mut comment_opened);
                    let lines: Vec<&str> =
                        visible.lines().filter(|l| !l.trim().is_empty()).collect();
                    if !lines.is_empty() {
                        self.writer.html_block(&mut out, &lines);
                    }
                    pending = Pending::None;
                    continue;
                }
                (Pending::Html { .. }, _) => continue,
                (Pending::Heading { text }, Event::Text(t) | Event::Code(t)) => {
                    text.push_str(t);
                }
                (Pending::Heading { text }, Event::InlineHtml(t)) => {
                    text.push_str(&strip_html_comments(t, &mut false));
                }
                _ => {}
            }

            if self.in_progress.is_empty() && matches!(event, Event::Start(_)) {
                self.blocks.push((out.len(), range.start));
            }
            match event {
                Event::Start(tag) => match tag {
                    Tag::Paragraph => {
                        typography = Typography::default();
                        self.writer.paragraph_start(&mut out);
                        paragraph_open = true;
                    }
                    Tag::Heading { level, .. } => {
                        typography = Typography::default();
                        let written = heading_level(*level);
                        // PDF/UA: the first heading is level 1 and no level is skipped. A heading
                        // that skips is set one level below the previous, with a warning.
                        let level = written.min(self.last_heading + 1);
                        if level != written {
                            let position = self.position(range.start);
                            self.diagnostics.push(
                                Diagnostic::warning(format!(
                                    "rubriken på nivå {written} hoppar över en nivå och sätts som nivå {level}"
                                ))
                                .in_file(self.context.file)
                                .at(position)
                                .hint(if self.last_heading == 0 {
                                    "den första rubriken ska vara `#` (nivå 1)".to_owned()
                                } else {
                                    format!("rubriken före är på nivå {}", self.last_heading)
                                }),
                            );
                        }
                        self.last_heading = level;
                        // A heading inside a list, quote or footnote is no chapter.
                        let chapter = nesting == 0 && self.in_progress.is_empty();
                        self.writer.heading_start(&mut out, level, chapter);
                        pending = Pending::Heading {
                            text: String::new(),
                        };
                    }
                    Tag::BlockQuote(_) => {
                        nesting += 1;
                        self.writer.quote_start(&mut out);
                    }
                    Tag::CodeBlock(kind) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(info) => info
                                .split_whitespace()
                                .next()
                                .filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric()))
                                .map(str::to_owned),
                            CodeBlockKind::Indented => None,
                        };
                        pending = Pending::Code {
                            lang,
                            text: String::new(),
                        };
                    }
                    Tag::HtmlBlock => {
                        pending = Pending::Html {
                            text: String::new(),
                            offset: range.start,
                        }
                    }
                    Tag::List(start) => self.writer.list_start(&mut out, *start),
                    Tag::Item => {
                        nesting += 1;
                        typography = Typography::default();
                        self.writer.item_start(&mut out);
                    }
                    Tag::Table(a) => {
                        alignments = a.clone();
                        self.writer
                            .table_start(&mut out, &alignments, &self.last_heading_text);
                    }
                    Tag::TableHead => {
                        in_head = true;
                        column = 0;
                        self.writer.table_head_start(&mut out);
                    }
                    Tag::TableRow => {
                        column = 0;
                        self.writer.row_start(&mut out);
                    }
                    Tag::TableCell => {
                        typography = Typography::default();
                        let cell = Cell {
                            head: in_head,
                            column,
                            align: alignments.get(column).copied(),
                        };
                        self.writer.cell_start(&mut out, cell);
                    }
                    Tag::Emphasis => self.writer.style_start(&mut out, Style::Emphasis),
                    Tag::Strong => self.writer.style_start(&mut out, Style::Strong),
                    Tag::Strikethrough => self.writer.style_start(&mut out, Style::Strikethrough),
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        let url = match link_type {
                            LinkType::Email => format!("mailto:{dest_url}"),
                            _ => dest_url.to_string(),
                        };
                        if let Err(message) = check_link(&url) {
                            let position = self.position(range.start);
                            self.diagnostics.push(
                                Diagnostic::error(message)
                                    .in_file(self.context.file)
                                    .at(position)
                                    .hint(LINK_HINT),
                            );
                            self.writer.link_start(&mut out, None);
                        } else if url.is_empty() {
                            self.writer.link_start(&mut out, None);
                        } else if scheme(&url).is_none()
                            && let Some(problem) = (self.context.check)(Reference::Link, &url)
                        {
                            // A path: inside the project, or refused; a missing file is said.
                            let refused = problem.is_error();
                            let position = self.position(range.start);
                            self.diagnostics
                                .push(problem.in_file(self.context.file).at(position));
                            self.writer
                                .link_start(&mut out, (!refused).then_some(url.as_str()));
                        } else {
                            self.writer.link_start(&mut out, Some(&url));
                        }
                    }
                    Tag::Image {
                        dest_url, title, ..
                    } => {
                        pending = Pending::Image {
                            dest: dest_url.to_string(),
                            title: title.to_string(),
                            alt: String::new(),
                            offset: range.start,
                        };
                    }
                    Tag::FootnoteDefinition(_) => {}
                    // Not enabled in the parser options.
                    Tag::Superscript
                    | Tag::Subscript
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
                    | Tag::MetadataBlock(_) => {}
                },
                Event::End(tag) => match tag {
                    TagEnd::Paragraph => {
                        trim_end(&mut out);
                        self.writer.paragraph_end(&mut out);
                        paragraph_open = false;
                    }
                    TagEnd::Heading(_) => {
                        trim_end(&mut out);
                        if let Pending::Heading { text } = &pending {
                            self.last_heading_text = text.clone();
                        }
                        pending = Pending::None;
                        if !self.writer.heading_end(&mut out) {
                            // An empty heading has no title to tag: it is left out.
                            let position = self.position(range.start);
                            self.diagnostics.push(
                                Diagnostic::warning("en tom rubrik utelämnas")
                                    .in_file(self.context.file)
                                    .at(position),
                            );
                        }
                    }
                    TagEnd::BlockQuote(_) => {
                        nesting = nesting.saturating_sub(1);
                        self.writer.quote_end(&mut out);
                    }
                    TagEnd::List(ordered) => {
                        trim_end(&mut out);
                        self.writer.list_end(&mut out, *ordered);
                    }
                    TagEnd::Item => {
                        nesting = nesting.saturating_sub(1);
                        trim_end(&mut out);
                        self.writer.item_end(&mut out);
                    }
                    TagEnd::Table => {
                        self.writer.table_end(&mut out);
                        alignments.clear();
                    }
                    TagEnd::TableHead => {
                        in_head = false;
                        self.writer.table_head_end(&mut out);
                    }
                    TagEnd::TableRow => self.writer.row_end(&mut out),
                    TagEnd::TableCell => {
                        trim_end(&mut out);
                        let cell = Cell {
                            head: in_head,
                            column,
                            align: alignments.get(column).copied(),
                        };
                        self.writer.cell_end(&mut out, cell);
                        column += 1;
                    }
                    TagEnd::Emphasis => self.writer.style_end(&mut out, Style::Emphasis),
                    TagEnd::Strong => self.writer.style_end(&mut out, Style::Strong),
                    TagEnd::Strikethrough => self.writer.style_end(&mut out, Style::Strikethrough),
                    TagEnd::Link => self.writer.link_end(&mut out),
                    _ => {}
                },
                Event::Text(text) => {
                    self.text(&mut out, text, &mut typography, paragraph_open);
                }
                Event::Code(code) => {
                    let code = self.unmarked(code, range.start);
                    self.writer.code(&mut out, &code);
                    typography.interrupt(Some('x'));
                }
                Event::InlineHtml(html) | Event::Html(html) => {
                    let html = self.unmarked(html, range.start);
                    let visible = strip_html_comments(&html, &mut in_html_comment);
                    note_open_comment(&html, range.start, in_html_comment, &mut comment_opened);
                    if !visible.is_empty() {
                        out.push_str(&W::escape(&visible));
                    }
                }
                Event::FootnoteReference(label) => self.footnote(&mut out, label),
                Event::SoftBreak => {
                    self.writer.soft_break(&mut out);
                    typography.interrupt(Some(' '));
                }
                Event::HardBreak => {
                    self.writer.hard_break(&mut out);
                    typography.interrupt(Some(' '));
                }
                Event::Rule => self.writer.rule(&mut out),
                Event::TaskListMarker(checked) => self.writer.task(&mut out, *checked),
                Event::InlineMath(t) | Event::DisplayMath(t) => {
                    let t = self.unmarked(t, range.start);
                    out.push_str(&W::escape(&t));
                }
            }
        }
        if let (true, Some(offset)) = (in_html_comment, comment_opened) {
            // Everything after an unclosed `<!--` is left out: say so, where it opens.
            self.warn(
                offset,
                "kommentaren `<!--` stängs aldrig: all text efter den utelämnas i båda utgåvorna",
                "avsluta kommentaren med `-->`",
            );
        }
        self.writer.finish(&mut out);
        out
    }

    /// Prose: directive marks become their code and anchor marks their place; everything else
    /// is typographed and escaped.
    fn text(
        &mut self,
        out: &mut String,
        text: &str,
        typography: &mut Typography,
        paragraph_open: bool,
    ) {
        let mut rest = text;
        while let Some(start) = rest.find(DIRECTIVE_MARK) {
            let after = &rest[start + DIRECTIVE_MARK.len_utf8()..];
            let Some(end) = after.find(DIRECTIVE_MARK) else {
                break;
            };
            let inside = &after[..end];
            let index = inside.parse::<usize>().ok();
            match index.and_then(|i| self.context.directives.get(i).map(|code| (i, code))) {
                Some((i, code)) => {
                    out.push_str(&W::escape(&typography.apply(&rest[..start])));
                    self.writer.directive(out, code, paragraph_open);
                    self.placed.push(i);
                    rest = &after[end + DIRECTIVE_MARK.len_utf8()..];
                }
                // The place `avvikelse(rad=...)` explains a row: a label the row links to.
                None if is_anchor(inside) => {
                    out.push_str(&W::escape(&typography.apply(&rest[..start])));
                    self.writer.anchor(out, inside);
                    self.anchors.push(inside.to_owned());
                    rest = &after[end + DIRECTIVE_MARK.len_utf8()..];
                }
                None => break,
            }
        }
        out.push_str(&W::escape(&typography.apply(rest)));
    }

    /// `text` of code, an image's text or raw HTML without the marks of `innehall()`,
    /// `tabell(...)` or `avvikelse(...)`: they place nothing there (tera ran before the Markdown
    /// was read), and a warning says how to show such an expression as text.
    fn unmarked<'t>(&mut self, text: &'t str, offset: usize) -> std::borrow::Cow<'t, str> {
        if !text.contains(DIRECTIVE_MARK) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut kept = String::new();
        let mut inside = false;
        for c in text.chars() {
            if c == DIRECTIVE_MARK {
                inside = !inside;
            } else if !inside {
                kept.push(c);
            }
        }
        self.warn(
            offset,
            "`innehall()`, `tabell(...)` och `avvikelse(...)` placerar ingenting i kod, bildtext eller HTML",
            "för att visa uttrycket som text: skriv {% raw %}{{ innehall() }}{% endraw %}; för att placera något: skriv det i en egen rad utanför koden",
        );
        std::borrow::Cow::Owned(kept)
    }

    fn image(&mut self, out: &mut String, dest: &str, title: &str, alt: &str, offset: usize) {
        match (self.context.image)(dest) {
            Ok(source) => {
                if let Some(note) = (self.context.check)(Reference::Image, dest) {
                    let position = self.position(offset);
                    self.diagnostics
                        .push(note.in_file(self.context.file).at(position));
                }
                let mut alt = if alt.trim().is_empty() { title } else { alt };
                if alt.trim().is_empty() {
                    // PDF/UA needs a text for every image: the file name stands in, with a warning.
                    let position = self.position(offset);
                    self.diagnostics.push(
                        Diagnostic::warning(format!("bilden `{dest}` saknar alternativtext"))
                            .in_file(self.context.file)
                            .at(position)
                            .hint("skriv vad bilden visar mellan hakparenteserna: ![Karta över området](karta.png)"),
                    );
                    alt = dest;
                }
                self.writer.image(out, Some(&source), alt);
            }
            Err(problem) => {
                // A missing image's “menade du …?” goes on its own `tips:` line.
                let position = self.position(offset);
                self.diagnostics
                    .push(problem.error().in_file(self.context.file).at(position));
                self.writer.image(out, None, alt);
            }
        }
    }

    fn footnote(&mut self, out: &mut String, label: &str) {
        if self.writer.footnote_again(out, label) {
            return;
        }
        let Some(events) = self.definitions.get(label).cloned() else {
            out.push_str(&W::escape(&format!("[^{label}]")));
            return;
        };
        if self.in_progress.iter().any(|l| l == label) {
            out.push_str(&W::escape(&format!("[^{label}]")));
            return;
        }
        self.writer.footnote_start(out, label);
        self.in_progress.push(label.to_owned());
        let body = self.write(&events);
        self.in_progress.pop();
        self.writer.footnote_end(out, label, body);
    }
}

/// A heading's level as a number.
pub(crate) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Removes trailing whitespace, so that a block's last paragraph break does not end up inside
/// the brackets that close it.
pub(crate) fn trim_end(out: &mut String) {
    let len = out.trim_end().len();
    out.truncate(len);
}

/// After `html` (at `offset` in the Markdown) went through [`strip_html_comments`]: where the
/// comment still open began, when one is.
fn note_open_comment(html: &str, offset: usize, open: bool, opened: &mut Option<usize>) {
    if !open {
        *opened = None;
        return;
    }
    let last_open = html.rfind("<!--");
    let last_close = html.rfind("-->");
    if let Some(at) = last_open
        && last_close.is_none_or(|close| close < at)
    {
        *opened = Some(offset + at);
    }
}

/// Leaves out `<!-- ... -->`, also when a comment spans several pieces of HTML.
pub(crate) fn strip_html_comments(html: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    out.push_str(&rest[..start]);
                    rest = &rest[start + 4..];
                    *in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return out;
                }
            }
        }
    }
}
