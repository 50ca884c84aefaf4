//! The narrative stage: CommonMark (with tables, footnotes, strikethrough and task lists) into
//! typst markup.
//!
//! Structure becomes typst function calls (`#heading`, `#list`, `#table`, `#footnote`, ...);
//! every character of text goes through [`escape_markup`] or [`escape_string`], so nothing a
//! writer types is ever interpreted by the typesetter. Straight quotes and `--` in prose become
//! Swedish typography; code stays as typed; HTML comments are left out and other HTML is text.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::diagnostics::{Diagnostic, Position};

/// Whether the text between two directive marks is the label of an explained row's place
/// (`avvikelse-<file>-<n>`, see `avvikelse(rad=...)`): ASCII letters, digits and `-`.
pub fn is_anchor(inside: &str) -> bool {
    inside.starts_with("avvikelse-")
        && inside
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Marks the place of a directive (such as the table of contents) that a template function put
/// into the narrative. Private-use characters, so that ordinary text never looks like one.
pub const DIRECTIVE_MARK: char = '\u{F8FF}';

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
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The schemes a link may have; anything else (`javascript:`, `file:`, `data:`) is refused.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The hint that goes with a refused link.
pub const LINK_HINT: &str = "en länk är en webbadress (https://...), e-post (mailto:...), telefon (tel:...) eller en sökväg i projektet";

/// Checks a link's destination: http, https, mailto, tel, or a path (no scheme). The scheme is
/// read as a browser reads it (tabs and line breaks dropped, leading spaces and control
/// characters trimmed, case ignored), so `Java&#9;Script:` is caught as well.
pub fn check_link(url: &str) -> Result<(), String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let Some(colon) = cleaned.find(':') else {
        return Ok(());
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !is_scheme {
        // A colon after a `/`, `?` or `#` belongs to a path, not a scheme.
        return Ok(());
    }
    if LINK_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
        Ok(())
    } else {
        Err(format!(
            "länken `{}` har schemat `{scheme}:`, som inte är tillåtet",
            url.chars().take(60).collect::<String>()
        ))
    }
}

/// Swedish typography for prose: straight quotes that pair up around words become ” and ’
/// (Swedish uses the same mark on both sides), an apostrophe inside a word becomes ’, `---` an
/// em dash and `--` an en dash. Quotes that do not stand around words (`read("/etc")`) stay.
#[derive(Debug, Default, Clone)]
pub struct Typography {
    open_double: bool,
    open_single: bool,
    previous: Option<char>,
}

impl Typography {
    /// Applies the rules to `text`, which continues the text seen so far in the same block.
    pub fn apply(&mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let replaced = match c {
                '-' if next == Some('-') => {
                    if chars.get(i + 2) == Some(&'-') {
                        i += 2;
                        '—'
                    } else {
                        i += 1;
                        '–'
                    }
                }
                '"' => quote(self.previous, next, &mut self.open_double, '”'),
                '\'' => {
                    let between_letters = self.previous.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    if between_letters {
                        '’'
                    } else {
                        quote(self.previous, next, &mut self.open_single, '’')
                    }
                }
                c => c,
            };
            out.push(replaced);
            self.previous = Some(replaced);
            i += 1;
        }
        out
    }

    /// Text that is not prose (code, a break) interrupts quotes and words.
    pub fn interrupt(&mut self, previous: Option<char>) {
        self.previous = previous;
    }
}

fn quote(previous: Option<char>, next: Option<char>, open: &mut bool, mark: char) -> char {
    let opens = previous.is_none_or(|p| p.is_whitespace() || "([{–—/".contains(p))
        && next.is_some_and(char::is_alphanumeric);
    let closes = previous.is_some_and(|p| p.is_alphanumeric() || ".,!?…%".contains(p))
        && next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]}–—".contains(n));
    if *open && closes {
        *open = false;
        mark
    } else if !*open && opens {
        *open = true;
        mark
    } else if *open && opens {
        // A second opening before the first closed: keep the first open, leave this one.
        if previous.is_none() { mark } else { '"' }
    } else {
        match mark {
            '”' => '"',
            _ => '\'',
        }
    }
}

/// What the narrative stage needs to know besides the Markdown text.
pub struct Context<'a> {
    /// The file the narrative comes from, relative to the project root (for messages).
    pub file: &'a str,
    /// The line of that file where the narrative's first line stands.
    pub first_line: usize,
    /// Resolves an image reference to the typst path to load, or says why it cannot be used.
    pub image: &'a dyn Fn(&str) -> Result<String, crate::diagnostics::PathError>,
    /// The typst code of each directive, by the index in its mark.
    pub directives: &'a [String],
}

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
    /// The directives (indices into [`Context::directives`]) the narrative placed, in order: the
    /// layouts leave out what the writer placed, without searching the output for it.
    pub placed: Vec<usize>,
}

impl Converted {
    /// The Markdown byte offset that produced the typst at `offset`.
    pub fn markdown_offset(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|(t, _)| *t <= offset);
        i.checked_sub(1).map(|i| self.blocks[i].1)
    }
}

/// Converts a Markdown narrative into typst markup.
pub fn to_typst(markdown: &str, context: &Context<'_>) -> Converted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .collect();

    // Footnote definitions may follow their references: take them out first.
    let mut main = Vec::with_capacity(events.len());
    let mut definitions: HashMap<String, Vec<(Event<'_>, std::ops::Range<usize>)>> = HashMap::new();
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

    let mut writer = Writer {
        markdown,
        context,
        definitions,
        footnotes: HashMap::new(),
        in_progress: Vec::new(),
        diagnostics: Vec::new(),
        blocks: Vec::new(),
        last_heading: 0,
        placed: Vec::new(),
    };
    let typst = writer.write(&main);
    Converted {
        typst,
        diagnostics: writer.diagnostics,
        blocks: writer.blocks,
        placed: writer.placed,
    }
}

type Located<'e> = (Event<'e>, std::ops::Range<usize>);

struct Writer<'m, 'c> {
    markdown: &'m str,
    context: &'c Context<'c>,
    definitions: HashMap<String, Vec<Located<'m>>>,
    /// Footnotes already placed: label → number used in its typst label.
    footnotes: HashMap<String, usize>,
    /// Footnotes being written, so that a footnote referring to itself does not loop.
    in_progress: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    blocks: Vec<(usize, usize)>,
    /// The level of the last heading written (0 before the first).
    last_heading: u8,
    /// The directives written, by index.
    placed: Vec<usize>,
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
    },
}

impl Writer<'_, '_> {
    fn position(&self, offset: usize) -> Position {
        let p = Position::of_offset(self.markdown, offset);
        Position {
            line: p.line + self.context.first_line - 1,
            column: p.column,
        }
    }

    fn error(&mut self, offset: usize, message: String) {
        let position = self.position(offset);
        self.diagnostics.push(
            Diagnostic::error(message)
                .in_file(self.context.file)
                .at(position),
        );
    }

    fn link_error(&mut self, offset: usize, message: String) {
        let position = self.position(offset);
        self.diagnostics.push(
            Diagnostic::error(message)
                .in_file(self.context.file)
                .at(position)
                .hint(LINK_HINT),
        );
    }

    fn write(&mut self, events: &[Located<'_>]) -> String {
        let mut out = String::new();
        let mut typography = Typography::default();
        let mut pending = Pending::None;
        let mut in_html_comment = false;
        let mut table_alignments: Vec<Alignment> = Vec::new();
        // How deep inside lists and quotes we are.
        let mut nesting = 0usize;

        for (event, range) in events {
            // Collecting the text of a code block, an image's alt text or an HTML block.
            match (&mut pending, event) {
                (Pending::Code { text, .. }, Event::Text(t)) => {
                    text.push_str(t);
                    continue;
                }
                (Pending::Code { lang, text }, Event::End(TagEnd::CodeBlock)) => {
                    let lang = lang
                        .as_deref()
                        .map(|l| format!("lang: {}, ", escape_string(l)))
                        .unwrap_or_default();
                    let body = text.strip_suffix('\n').unwrap_or(text);
                    let _ = write!(out, "#raw(block: true, {lang}{})\n\n", escape_string(body));
                    pending = Pending::None;
                    continue;
                }
                (Pending::Code { .. }, _) => continue,
                (Pending::Image { alt, .. }, Event::Text(t) | Event::Code(t)) => {
                    alt.push_str(t);
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
                (Pending::Html { text }, Event::Html(t)) => {
                    text.push_str(t);
                    continue;
                }
                (Pending::Html { text }, Event::End(TagEnd::HtmlBlock)) => {
                    let visible = strip_html_comments(text, &mut in_html_comment);
                    let lines: Vec<&str> =
                        visible.lines().filter(|l| !l.trim().is_empty()).collect();
                    if !lines.is_empty() {
                        let escaped: Vec<String> = lines.iter().map(|l| escape_markup(l)).collect();
                        out.push_str(&escaped.join("#linebreak()"));
                        out.push_str("\n\n");
                    }
                    pending = Pending::None;
                    continue;
                }
                (Pending::Html { .. }, _) => continue,
                (Pending::None, _) => {}
            }

            if self.in_progress.is_empty() && matches!(event, Event::Start(_)) {
                self.blocks.push((out.len(), range.start));
            }
            match event {
                Event::Start(tag) => match tag {
                    Tag::Paragraph => {
                        typography = Typography::default();
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
                        if nesting == 0 && self.in_progress.is_empty() {
                            let _ = write!(out, "#heading(level: {level})[");
                        } else {
                            // A heading inside a list, quote or footnote is no chapter.
                            let _ = write!(
                                out,
                                "#heading(level: {level}, outlined: false, bookmarked: false)["
                            );
                        }
                    }
                    Tag::BlockQuote(_) => {
                        nesting += 1;
                        out.push_str("#quote(block: true)[");
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
                        }
                    }
                    Tag::List(Some(start)) => {
                        let _ = write!(out, "#enum(start: {start}, ");
                    }
                    Tag::List(None) => out.push_str("#list("),
                    Tag::Item => {
                        nesting += 1;
                        typography = Typography::default();
                        out.push('[');
                    }
                    Tag::Table(alignments) => {
                        table_alignments = alignments.clone();
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
                    Tag::TableHead => {
                        out.push_str("table.header(");
                    }
                    Tag::TableRow => {}
                    Tag::TableCell => {
                        typography = Typography::default();
                        out.push('[');
                    }
                    Tag::Emphasis => out.push_str("#emph["),
                    Tag::Strong => out.push_str("#strong["),
                    Tag::Strikethrough => out.push_str("#strike["),
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
                            self.link_error(range.start, message);
                            out.push_str("#[");
                        } else if url.is_empty() {
                            out.push_str("#[");
                        } else {
                            let _ = write!(out, "#link({})[", escape_string(&url));
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
                        out.push_str("\n\n");
                    }
                    TagEnd::Heading(_) => {
                        trim_end(&mut out);
                        if out.ends_with('[') {
                            // An empty heading has no title to tag: it is left out.
                            if let Some(start) = out.rfind("#heading(") {
                                out.truncate(start);
                            }
                            let position = self.position(range.start);
                            self.diagnostics.push(
                                Diagnostic::warning("en tom rubrik utelämnas")
                                    .in_file(self.context.file)
                                    .at(position),
                            );
                        } else {
                            out.push_str("]\n\n");
                        }
                    }
                    TagEnd::BlockQuote(_) => {
                        nesting -= 1;
                        trim_end(&mut out);
                        out.push_str("]\n\n");
                    }
                    TagEnd::List(_) => {
                        trim_end(&mut out);
                        out.push_str(")\n\n");
                    }
                    TagEnd::Item => {
                        nesting -= 1;
                        trim_end(&mut out);
                        out.push_str("], ");
                    }
                    TagEnd::Table => {
                        trim_end(&mut out);
                        out.push_str(")\n\n");
                        table_alignments.clear();
                    }
                    TagEnd::TableHead => {
                        trim_end(&mut out);
                        out.push_str("), ");
                    }
                    TagEnd::TableRow => {}
                    TagEnd::TableCell => {
                        trim_end(&mut out);
                        out.push_str("], ");
                    }
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                        out.push(']')
                    }
                    _ => {}
                },
                Event::Text(text) => {
                    self.text(&mut out, text, &mut typography);
                }
                Event::Code(code) => {
                    let _ = write!(out, "#raw({})", escape_string(code));
                    typography.interrupt(Some('x'));
                }
                Event::InlineHtml(html) | Event::Html(html) => {
                    let visible = strip_html_comments(html, &mut in_html_comment);
                    if !visible.is_empty() {
                        out.push_str(&escape_markup(&visible));
                    }
                }
                Event::FootnoteReference(label) => self.footnote(&mut out, label),
                Event::SoftBreak => {
                    out.push(' ');
                    typography.interrupt(Some(' '));
                }
                Event::HardBreak => {
                    out.push_str("#linebreak()");
                    typography.interrupt(Some(' '));
                }
                Event::Rule => out.push_str("#line(length: 100%, stroke: 0.5pt)\n\n"),
                Event::TaskListMarker(checked) => {
                    out.push_str(if *checked {
                        "#arshjul-kryss(true) "
                    } else {
                        "#arshjul-kryss(false) "
                    });
                }
                Event::InlineMath(t) | Event::DisplayMath(t) => {
                    out.push_str(&escape_markup(t));
                }
            }
        }
        trim_end(&mut out);
        out.push('\n');
        out
    }

    /// Prose: directive marks become their typst; everything else is typographed and escaped.
    fn text(&mut self, out: &mut String, text: &str, typography: &mut Typography) {
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
                    out.push_str(&escape_markup(&typography.apply(&rest[..start])));
                    out.push_str(code);
                    self.placed.push(i);
                    rest = &after[end + DIRECTIVE_MARK.len_utf8()..];
                }
                // The place `avvikelse(rad=...)` explains a row: a label the row links to.
                None if is_anchor(inside) => {
                    out.push_str(&escape_markup(&typography.apply(&rest[..start])));
                    out.push_str(&format!("#metadata(\"avvikelse\")<{inside}>"));
                    rest = &after[end + DIRECTIVE_MARK.len_utf8()..];
                }
                None => break,
            }
        }
        out.push_str(&escape_markup(&typography.apply(rest)));
    }

    fn image(&mut self, out: &mut String, dest: &str, title: &str, alt: &str, offset: usize) {
        match (self.context.image)(dest) {
            Ok(path) => {
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
                let _ = write!(
                    out,
                    "#box(image({}, alt: {}))",
                    escape_string(&path),
                    escape_string(alt)
                );
            }
            Err(problem) => {
                self.error(offset, problem.message);
                // A missing image's “menade du …?” goes on its own `tips:` line.
                if let (Some(hint), Some(d)) = (problem.hint, self.diagnostics.last_mut()) {
                    d.hints.push(hint);
                }
                let _ = write!(out, "#emph[{}]", escape_markup(alt));
            }
        }
    }

    fn footnote(&mut self, out: &mut String, label: &str) {
        if let Some(number) = self.footnotes.get(label) {
            let _ = write!(out, "#footnote(<arshjul-fotnot-{number}>)");
            return;
        }
        let Some(events) = self.definitions.get(label).cloned() else {
            out.push_str(&escape_markup(&format!("[^{label}]")));
            return;
        };
        if self.in_progress.iter().any(|l| l == label) {
            out.push_str(&escape_markup(&format!("[^{label}]")));
            return;
        }
        self.in_progress.push(label.to_owned());
        let body = self.write(&events);
        self.in_progress.pop();
        let number = self.footnotes.len() + 1;
        self.footnotes.insert(label.to_owned(), number);
        let _ = write!(
            out,
            "#footnote[{}]<arshjul-fotnot-{number}>",
            body.trim_end()
        );
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn no_images(dest: &str) -> Result<String, crate::diagnostics::PathError> {
        Err(format!("bilden `{dest}` finns inte").into())
    }

    fn convert(md: &str) -> Converted {
        to_typst(
            md,
            &Context {
                file: "content/a/index.md",
                first_line: 5,
                image: &no_images,
                directives: &["#arshjul-innehall()".to_string()],
            },
        )
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
        let c = convert(&format!("# Förord\n\n{mark}\n\n# Kapitel\n"));
        assert!(c.typst.contains("#arshjul-innehall()"), "{}", c.typst);
        assert_eq!(c.placed, vec![0]);
        // Text that reads like the directive's code is no placement.
        let c = convert(
            "Skriv `#arshjul-innehall()` här.
",
        );
        assert!(c.placed.is_empty());
        let c = convert(&format!("{DIRECTIVE_MARK}7{DIRECTIVE_MARK}"));
        assert!(!c.typst.contains("arshjul-innehall"));
        assert!(c.placed.is_empty());
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
