//! One walk over a narrative's Markdown for both editions: the walker owns the bookkeeping
//! (footnote definitions taken out first, what is being collected until its end tag, heading
//! levels and their warning, nesting, table cells, link and image checks, the directive marks
//! and which of them were placed, Swedish typography) and records what it found as a list of
//! `Piece`s: a [`Walk`], made once per document. Each edition then writes the pieces with
//! its `Markup` writer, which knows one output's syntax and escapes: typst markup
//! (`markdown.rs`) or HTML (`html.rs`). The same Markdown thus gives the same structure, the
//! same messages and the same placements in both, and is parsed and walked once.

mod links;
mod pieces;
mod typography;

pub use links::{DIRECTIVE_MARK, LINK_HINT, LINK_SCHEMES, check_link, is_anchor, scheme};
pub use pieces::Walk;
pub(crate) use pieces::{Markup, Output, Piece, write};
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
    /// The output's code for each directive, by the number in its mark (the walk needs only
    /// how many there are; [`write`] takes the code).
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

type Located<'e> = (Event<'e>, std::ops::Range<usize>);

/// Walks `markdown` once; [`write`] then makes each output of the pieces.
pub fn walk(markdown: &str, context: &Context<'_>) -> Walk {
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
        written: std::collections::HashSet::new(),
        diagnostics: Vec::new(),
        last_heading: 0,
        last_heading_text: String::new(),
        placed: Vec::new(),
        anchors: Vec::new(),
    };
    let pieces = walker.write(&main);
    Walk {
        pieces,
        diagnostics: walker.diagnostics,
        placed: walker.placed,
        anchors: walker.anchors,
        file: context.file.to_owned(),
    }
}

struct Walker<'m, 'c> {
    markdown: &'m str,
    context: &'c Context<'c>,
    definitions: HashMap<String, Vec<Located<'m>>>,
    /// Footnotes being written, so that a footnote referring to itself does not loop.
    in_progress: Vec<String>,
    /// Footnotes whose bodies were walked.
    written: std::collections::HashSet<String>,
    diagnostics: Vec<Diagnostic>,
    /// The level of the last heading written (0 before the first).
    last_heading: u8,
    /// The text of the last heading, the caption of the tables below it.
    last_heading_text: String,
    /// The directives written, by number.
    placed: Vec<usize>,
    /// The anchors written.
    anchors: Vec<String>,
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
        /// Where its pieces start.
        start: usize,
    },
}

impl Walker<'_, '_> {
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

    fn write(&mut self, events: &[Located<'_>]) -> Vec<Piece> {
        let mut out = Vec::new();
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
                    out.push(Piece::CodeBlock {
                        lang: lang.clone(),
                        body: body.to_owned(),
                    });
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
                    let lines: Vec<String> = visible
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(str::to_owned)
                        .collect();
                    if !lines.is_empty() {
                        out.push(Piece::HtmlBlock(lines));
                    }
                    pending = Pending::None;
                    continue;
                }
                (Pending::Html { .. }, _) => continue,
                (Pending::Heading { text, .. }, Event::Text(t) | Event::Code(t)) => {
                    text.push_str(t);
                }
                (Pending::Heading { text, .. }, Event::InlineHtml(t)) => {
                    text.push_str(&strip_html_comments(t, &mut false));
                }
                _ => {}
            }

            if self.in_progress.is_empty() && matches!(event, Event::Start(_)) {
                out.push(Piece::Block(range.start));
            }
            match event {
                Event::Start(tag) => match tag {
                    Tag::Paragraph => {
                        typography = Typography::default();
                        out.push(Piece::ParagraphStart);
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
                        out.push(Piece::HeadingStart { level, chapter });
                        pending = Pending::Heading {
                            text: String::new(),
                            start: out.len(),
                        };
                    }
                    Tag::BlockQuote(_) => {
                        nesting += 1;
                        out.push(Piece::QuoteStart);
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
                    Tag::List(start) => out.push(Piece::ListStart(*start)),
                    Tag::Item => {
                        nesting += 1;
                        typography = Typography::default();
                        out.push(Piece::ItemStart);
                    }
                    Tag::Table(a) => {
                        alignments = a.clone();
                        out.push(Piece::TableStart {
                            alignments: alignments.clone(),
                            heading: self.last_heading_text.clone(),
                        });
                    }
                    Tag::TableHead => {
                        in_head = true;
                        column = 0;
                        out.push(Piece::TableHeadStart);
                    }
                    Tag::TableRow => {
                        column = 0;
                        out.push(Piece::RowStart);
                    }
                    Tag::TableCell => {
                        typography = Typography::default();
                        let cell = Cell {
                            head: in_head,
                            column,
                            align: alignments.get(column).copied(),
                        };
                        out.push(Piece::CellStart(cell));
                    }
                    Tag::Emphasis => out.push(Piece::StyleStart(Style::Emphasis)),
                    Tag::Strong => out.push(Piece::StyleStart(Style::Strong)),
                    Tag::Strikethrough => out.push(Piece::StyleStart(Style::Strikethrough)),
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
                            out.push(Piece::LinkStart(None));
                        } else if url.is_empty() {
                            out.push(Piece::LinkStart(None));
                        } else if scheme(&url).is_none()
                            && let Some(problem) = (self.context.check)(Reference::Link, &url)
                        {
                            // A path: inside the project, or refused; a missing file is said.
                            let refused = problem.is_error();
                            let position = self.position(range.start);
                            self.diagnostics
                                .push(problem.in_file(self.context.file).at(position));
                            out.push(Piece::LinkStart((!refused).then_some(url)));
                        } else {
                            out.push(Piece::LinkStart(Some(url)));
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
                        out.push(Piece::TrimEnd);
                        out.push(Piece::ParagraphEnd);
                        paragraph_open = false;
                    }
                    TagEnd::Heading(_) => {
                        out.push(Piece::TrimEnd);
                        let mut empty = false;
                        if let Pending::Heading { text, start } = &pending {
                            self.last_heading_text = text.clone();
                            empty = out[*start..].iter().all(Piece::is_blank);
                        }
                        pending = Pending::None;
                        out.push(Piece::HeadingEnd { empty });
                        if empty {
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
                        out.push(Piece::QuoteEnd);
                    }
                    TagEnd::List(ordered) => {
                        out.push(Piece::TrimEnd);
                        out.push(Piece::ListEnd(*ordered));
                    }
                    TagEnd::Item => {
                        nesting = nesting.saturating_sub(1);
                        out.push(Piece::TrimEnd);
                        out.push(Piece::ItemEnd);
                    }
                    TagEnd::Table => {
                        out.push(Piece::TableEnd);
                        alignments.clear();
                    }
                    TagEnd::TableHead => {
                        in_head = false;
                        out.push(Piece::TableHeadEnd);
                    }
                    TagEnd::TableRow => out.push(Piece::RowEnd),
                    TagEnd::TableCell => {
                        out.push(Piece::TrimEnd);
                        let cell = Cell {
                            head: in_head,
                            column,
                            align: alignments.get(column).copied(),
                        };
                        out.push(Piece::CellEnd(cell));
                        column += 1;
                    }
                    TagEnd::Emphasis => out.push(Piece::StyleEnd(Style::Emphasis)),
                    TagEnd::Strong => out.push(Piece::StyleEnd(Style::Strong)),
                    TagEnd::Strikethrough => out.push(Piece::StyleEnd(Style::Strikethrough)),
                    TagEnd::Link => out.push(Piece::LinkEnd),
                    _ => {}
                },
                Event::Text(text) => {
                    self.text(&mut out, text, &mut typography, paragraph_open);
                }
                Event::Code(code) => {
                    let code = self.unmarked(code, range.start);
                    out.push(Piece::Code(code.into_owned()));
                    typography.interrupt(Some('x'));
                }
                Event::InlineHtml(html) | Event::Html(html) => {
                    let html = self.unmarked(html, range.start);
                    let visible = strip_html_comments(&html, &mut in_html_comment);
                    note_open_comment(&html, range.start, in_html_comment, &mut comment_opened);
                    if !visible.is_empty() {
                        out.push(Piece::Text(visible));
                    }
                }
                Event::FootnoteReference(label) => self.footnote(&mut out, label),
                Event::SoftBreak => {
                    out.push(Piece::SoftBreak);
                    typography.interrupt(Some(' '));
                }
                Event::HardBreak => {
                    out.push(Piece::HardBreak);
                    typography.interrupt(Some(' '));
                }
                Event::Rule => out.push(Piece::Rule),
                Event::TaskListMarker(checked) => out.push(Piece::Task(*checked)),
                Event::InlineMath(t) | Event::DisplayMath(t) => {
                    let t = self.unmarked(t, range.start);
                    out.push(Piece::Text(t.into_owned()));
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
        out.push(Piece::Finish);
        out
    }

    /// Prose: directive marks become their code and anchor marks their place; everything else
    /// is typographed and escaped.
    fn text(
        &mut self,
        out: &mut Vec<Piece>,
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
            match index.filter(|&i| i < self.context.directives.len()) {
                Some(i) => {
                    out.push(Piece::Text(typography.apply(&rest[..start])));
                    out.push(Piece::Directive {
                        index: i,
                        in_paragraph: paragraph_open,
                    });
                    self.placed.push(i);
                    rest = &after[end + DIRECTIVE_MARK.len_utf8()..];
                }
                // The place `avvikelse(rad=...)` explains a row: a label the row links to.
                None if is_anchor(inside) => {
                    out.push(Piece::Text(typography.apply(&rest[..start])));
                    out.push(Piece::Anchor(inside.to_owned()));
                    self.anchors.push(inside.to_owned());
                    rest = &after[end + DIRECTIVE_MARK.len_utf8()..];
                }
                None => break,
            }
        }
        out.push(Piece::Text(typography.apply(rest)));
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

    fn image(&mut self, out: &mut Vec<Piece>, dest: &str, title: &str, alt: &str, offset: usize) {
        let at = self.position(offset);
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
                out.push(Piece::Image {
                    source: Some(source),
                    dest: dest.to_owned(),
                    alt: alt.to_owned(),
                    at,
                });
            }
            Err(problem) => {
                // A missing image's “menade du …?” goes on its own `tips:` line.
                let position = self.position(offset);
                self.diagnostics
                    .push(problem.error().in_file(self.context.file).at(position));
                out.push(Piece::Image {
                    source: None,
                    dest: dest.to_owned(),
                    alt: alt.to_owned(),
                    at,
                });
            }
        }
    }

    /// A footnote reference: its body walked the first time, when it has one and is not
    /// being walked already (a footnote referring to itself).
    fn footnote(&mut self, out: &mut Vec<Piece>, label: &str) {
        let walk_body = !self.written.contains(label)
            && !self.in_progress.iter().any(|l| l == label)
            && self.definitions.contains_key(label);
        let body = match self.definitions.get(label).cloned() {
            Some(events) if walk_body => {
                self.in_progress.push(label.to_owned());
                let body = self.write(&events);
                self.in_progress.pop();
                self.written.insert(label.to_owned());
                Some(body)
            }
            _ => None,
        };
        out.push(Piece::Footnote {
            label: label.to_owned(),
            body,
        });
    }
}

impl Piece {
    /// Whether the piece writes nothing but whitespace in either output: a heading of only
    /// such pieces is empty.
    fn is_blank(&self) -> bool {
        match self {
            Piece::Text(text) => text.trim().is_empty(),
            Piece::Block(_) | Piece::TrimEnd | Piece::SoftBreak => true,
            _ => false,
        }
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
