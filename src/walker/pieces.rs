//! The walk's record and its writing: the [`Piece`]s a walk found, in the order of the
//! Markdown, and [`write`], which hands them to one output's [`Markup`] writer (typst markup in
//! `markdown.rs`, HTML in `html/writer.rs`).

use pulldown_cmark::Alignment;

use super::{Cell, Style, trim_end};
use crate::diagnostics::{Diagnostic, Position};

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
    /// A heading ends; `empty` when it has no text and is left out (the walk warns).
    fn heading_end(&mut self, out: &mut String, empty: bool);
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

/// One thing the walk found, in the order of the Markdown: what a writer is told (a call of
/// [`Markup`]), text to escape, or bookkeeping ([`Piece::Block`], [`Piece::TrimEnd`]).
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// A Markdown element starts at this byte offset (top level only).
    Block(usize),
    /// Text, escaped by the writer so that it appears exactly as given.
    Text(String),
    /// Trailing whitespace written so far is removed.
    TrimEnd,
    ParagraphStart,
    ParagraphEnd,
    HeadingStart {
        level: u8,
        chapter: bool,
    },
    HeadingEnd {
        empty: bool,
    },
    QuoteStart,
    QuoteEnd,
    CodeBlock {
        lang: Option<String>,
        body: String,
    },
    HtmlBlock(Vec<String>),
    ListStart(Option<u64>),
    ListEnd(bool),
    ItemStart,
    ItemEnd,
    TableStart {
        alignments: Vec<Alignment>,
        heading: String,
    },
    TableEnd,
    TableHeadStart,
    TableHeadEnd,
    RowStart,
    RowEnd,
    CellStart(Cell),
    CellEnd(Cell),
    StyleStart(Style),
    StyleEnd(Style),
    LinkStart(Option<String>),
    LinkEnd,
    /// An image: its source as the walk resolved it (none when it cannot be used), its alt
    /// text, and where it stands (for a writer that cannot load it).
    Image {
        source: Option<String>,
        dest: String,
        alt: String,
        at: Position,
    },
    /// The directive with this number; `in_paragraph` when it stands inside a paragraph.
    Directive {
        index: usize,
        in_paragraph: bool,
    },
    Anchor(String),
    Code(String),
    SoftBreak,
    HardBreak,
    Rule,
    Task(bool),
    /// A reference to a footnote, with the pieces of its body the first time it is referred
    /// to (none when it was written before, is being written, or has no definition).
    Footnote {
        label: String,
        body: Option<Vec<Piece>>,
    },
    /// The end of a piece written (the narrative, a footnote's body).
    Finish,
}

/// What the walk gave: the pieces, and what it found on the way.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// What to write, in order.
    pub(crate) pieces: Vec<Piece>,
    /// Errors and warnings with their place in the Markdown.
    pub diagnostics: Vec<Diagnostic>,
    /// The directives placed, by their numbers, in order.
    pub placed: Vec<usize>,
    /// The anchors placed (the labels of the places explained rows link to), in order.
    pub anchors: Vec<String>,
    /// The file the narrative comes from, for what a writer finds.
    pub(super) file: String,
}

/// What one writer made of a walk.
pub(crate) struct Written<W> {
    /// The output.
    pub out: String,
    /// The writer, with what it collected (the HTML's footnotes).
    pub writer: W,
    /// What writing found: an image the walk resolved that this output cannot load.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each Markdown element starts: (byte offset in `out`, byte offset in the Markdown).
    pub blocks: Vec<(usize, usize)>,
}

/// What a writer needs besides the pieces.
pub(crate) struct Output<'a> {
    /// The output's code for each directive, by the number in its mark.
    pub directives: &'a [String],
    /// What the output loads for an image the walk resolved (`source`, written as `dest`): a
    /// typst path as it is, a file as a `data:` URI; or why it cannot.
    pub image: &'a dyn Fn(&str, &str) -> Result<String, crate::diagnostics::PathError>,
}

/// Writes the pieces of a walk with `writer`.
pub(crate) fn write<W: Markup>(walk: &Walk, output: &Output<'_>, writer: W) -> Written<W> {
    let mut writing = Writing {
        output,
        file: &walk.file,
        writer,
        diagnostics: Vec::new(),
        blocks: Vec::new(),
    };
    let mut out = String::new();
    writing.write(&mut out, &walk.pieces);
    Written {
        out,
        writer: writing.writer,
        diagnostics: writing.diagnostics,
        blocks: writing.blocks,
    }
}

/// One writer going through the pieces.
struct Writing<'o, 'f, W> {
    output: &'o Output<'o>,
    file: &'f str,
    writer: W,
    diagnostics: Vec<Diagnostic>,
    blocks: Vec<(usize, usize)>,
}

impl<W: Markup> Writing<'_, '_, W> {
    fn write(&mut self, out: &mut String, pieces: &[Piece]) {
        for piece in pieces {
            match piece {
                Piece::Block(offset) => self.blocks.push((out.len(), *offset)),
                Piece::Text(text) => out.push_str(&W::escape(text)),
                Piece::TrimEnd => trim_end(out),
                Piece::ParagraphStart => self.writer.paragraph_start(out),
                Piece::ParagraphEnd => self.writer.paragraph_end(out),
                Piece::HeadingStart { level, chapter } => {
                    self.writer.heading_start(out, *level, *chapter)
                }
                Piece::HeadingEnd { empty } => self.writer.heading_end(out, *empty),
                Piece::QuoteStart => self.writer.quote_start(out),
                Piece::QuoteEnd => self.writer.quote_end(out),
                Piece::CodeBlock { lang, body } => {
                    self.writer.code_block(out, lang.as_deref(), body)
                }
                Piece::HtmlBlock(lines) => {
                    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
                    self.writer.html_block(out, &lines);
                }
                Piece::ListStart(start) => self.writer.list_start(out, *start),
                Piece::ListEnd(ordered) => self.writer.list_end(out, *ordered),
                Piece::ItemStart => self.writer.item_start(out),
                Piece::ItemEnd => self.writer.item_end(out),
                Piece::TableStart {
                    alignments,
                    heading,
                } => self.writer.table_start(out, alignments, heading),
                Piece::TableEnd => self.writer.table_end(out),
                Piece::TableHeadStart => self.writer.table_head_start(out),
                Piece::TableHeadEnd => self.writer.table_head_end(out),
                Piece::RowStart => self.writer.row_start(out),
                Piece::RowEnd => self.writer.row_end(out),
                Piece::CellStart(cell) => self.writer.cell_start(out, *cell),
                Piece::CellEnd(cell) => self.writer.cell_end(out, *cell),
                Piece::StyleStart(style) => self.writer.style_start(out, *style),
                Piece::StyleEnd(style) => self.writer.style_end(out, *style),
                Piece::LinkStart(url) => self.writer.link_start(out, url.as_deref()),
                Piece::LinkEnd => self.writer.link_end(out),
                Piece::Image {
                    source,
                    dest,
                    alt,
                    at,
                } => {
                    let loaded = source.as_deref().map(|s| (self.output.image)(s, dest));
                    match loaded {
                        Some(Ok(source)) => self.writer.image(out, Some(&source), alt),
                        Some(Err(problem)) => {
                            self.diagnostics
                                .push(problem.error().in_file(self.file).at(*at));
                            self.writer.image(out, None, alt);
                        }
                        None => self.writer.image(out, None, alt),
                    }
                }
                Piece::Directive {
                    index,
                    in_paragraph,
                } => {
                    let code = self
                        .output
                        .directives
                        .get(*index)
                        .map_or("", String::as_str);
                    self.writer.directive(out, code, *in_paragraph);
                }
                Piece::Anchor(label) => self.writer.anchor(out, label),
                Piece::Code(code) => self.writer.code(out, code),
                Piece::SoftBreak => self.writer.soft_break(out),
                Piece::HardBreak => self.writer.hard_break(out),
                Piece::Rule => self.writer.rule(out),
                Piece::Task(checked) => self.writer.task(out, *checked),
                Piece::Footnote { label, body } => {
                    if self.writer.footnote_again(out, label) {
                        continue;
                    }
                    match body {
                        Some(body) => {
                            self.writer.footnote_start(out, label);
                            let mut text = String::new();
                            self.write(&mut text, body);
                            self.writer.footnote_end(out, label, text);
                        }
                        None => out.push_str(&W::escape(&format!("[^{label}]"))),
                    }
                }
                Piece::Finish => self.writer.finish(out),
            }
        }
    }
}
