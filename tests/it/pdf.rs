//! A small PDF text reader for the tests, in-process (lopdf parses the file): the words of each
//! page with their boxes, in content-stream order, so that every figure test runs on a machine
//! without poppler. It reads what typst writes: Type0 fonts with a ToUnicode CMap and a `/W`
//! width array, text placed by `Tm`, `Td` and `TJ`, form XObjects.

use std::collections::HashMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

/// A word of a PDF and its box, in points from the page's top left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    /// The page, from 1.
    pub(crate) page: usize,
    /// Left edge.
    pub(crate) x0: f64,
    /// Right edge.
    pub(crate) x1: f64,
    /// Top (the font size above the baseline, times 0.8).
    pub(crate) y0: f64,
    /// Bottom.
    pub(crate) y1: f64,
    /// Whether the word runs upright (the UTKAST watermark does not).
    pub(crate) upright: bool,
    /// The characters.
    pub(crate) text: String,
}

/// The words of every page of `pdf`: a word ends at whitespace (also a no-break space), at a gap
/// wider than an eighth of the font size, and where the text jumps back or to another line.
pub(crate) fn words(pdf: &Path) -> Vec<Word> {
    let document =
        Document::load(pdf).unwrap_or_else(|e| panic!("kan inte läsa {}: {e}", pdf.display()));
    let mut out = Vec::new();
    for (number, id) in document.get_pages() {
        let page = document.get_dictionary(id).expect("page");
        let height = inherited(&document, page, b"MediaBox")
            .and_then(|b| b.as_array().ok().cloned())
            .and_then(|b| Some(number_of(b.get(3)?) - number_of(b.get(1)?)))
            .unwrap_or(842.0);
        let content = document.get_page_content(id).expect("page content");
        let resources = inherited(&document, page, b"Resources")
            .and_then(|r| r.as_dict().ok())
            .cloned()
            .unwrap_or_default();
        let mut reader = Reader {
            document: &document,
            page: number as usize,
            height,
            fonts: HashMap::new(),
            current: None,
            words: Vec::new(),
        };
        reader.run(&content, &resources, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        reader.end();
        out.extend(reader.words);
    }
    out
}

/// An affine matrix `[a b c d e f]`, as PDF writes them.
type Matrix = [f64; 6];

/// `m` then `n`: the matrix of applying `m` first.
fn times(m: Matrix, n: Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn number_of(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

/// A page dictionary's key, looked up the page tree as PDF allows (MediaBox, Resources).
fn inherited<'a>(document: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(value) = dict.get(key) {
            return document.dereference(value).ok().map(|(_, o)| o);
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = document.get_dictionary(parent).ok()?;
    }
    None
}

/// What a font needs for text: each code's characters and width (in thousandths of the size).
#[derive(Default)]
struct Font {
    two_bytes: bool,
    unicode: HashMap<u32, String>,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

impl Font {
    fn read(document: &Document, dict: &Dictionary) -> Font {
        let get = |d: &Dictionary, key: &[u8]| -> Option<Object> {
            d.get(key)
                .ok()
                .and_then(|o| document.dereference(o).ok())
                .map(|(_, o)| o.clone())
        };
        let mut font = Font {
            two_bytes: matches!(get(dict, b"Subtype"), Some(Object::Name(n)) if n == b"Type0"),
            ..Font::default()
        };
        if let Some(Object::Stream(stream)) = get(dict, b"ToUnicode") {
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            font.unicode = cmap(&String::from_utf8_lossy(&data));
        }
        if font.two_bytes {
            let descendant = get(dict, b"DescendantFonts")
                .and_then(|d| d.as_array().ok()?.first().cloned())
                .and_then(|d| document.dereference(&d).ok().map(|(_, o)| o.clone()))
                .and_then(|d| d.as_dict().ok().cloned())
                .unwrap_or_default();
            font.default_width = get(&descendant, b"DW").map_or(1000.0, |w| number_of(&w));
            if let Some(Object::Array(w)) = get(&descendant, b"W") {
                font.widths = cid_widths(document, &w);
            }
        } else {
            let first = get(dict, b"FirstChar").map_or(0.0, |f| number_of(&f)) as u32;
            if let Some(Object::Array(w)) = get(dict, b"Widths") {
                for (i, width) in w.iter().enumerate() {
                    font.widths.insert(first + i as u32, number_of(width));
                }
            }
        }
        font
    }

    /// The codes of a shown string.
    fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        if self.two_bytes {
            bytes
                .chunks(2)
                .map(|c| (u32::from(c[0]) << 8) | u32::from(*c.get(1).unwrap_or(&0)))
                .collect()
        } else {
            bytes.iter().map(|&b| u32::from(b)).collect()
        }
    }
}

/// A `/W` array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(document: &Document, array: &[Object]) -> HashMap<u32, f64> {
    let mut widths = HashMap::new();
    let items: Vec<Object> = array
        .iter()
        .map(|o| {
            document
                .dereference(o)
                .map_or(o.clone(), |(_, o)| o.clone())
        })
        .collect();
    let mut i = 0;
    while i + 1 < items.len() {
        let first = number_of(&items[i]) as u32;
        if let Object::Array(list) = &items[i + 1] {
            for (k, w) in list.iter().enumerate() {
                widths.insert(first + k as u32, number_of(w));
            }
            i += 2;
        } else if i + 2 < items.len() {
            let last = number_of(&items[i + 1]) as u32;
            for code in first..=last {
                widths.insert(code, number_of(&items[i + 2]));
            }
            i += 3;
        } else {
            break;
        }
    }
    widths
}

/// A ToUnicode CMap's `bfchar` and `bfrange` entries.
fn cmap(text: &str) -> HashMap<u32, String> {
    let hex = |s: &str| u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok();
    let utf16 = |s: &str| -> String {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        let units: Vec<u16> = (0..s.len() / 4)
            .filter_map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = HashMap::new();
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let tokens: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
            .filter(|t| !t.is_empty())
            .collect();
        match (section, tokens.as_slice()) {
            ("char", [code, target]) => {
                if let Some(code) = hex(code) {
                    map.insert(code, utf16(target));
                }
            }
            ("range", [low, high, targets @ ..]) if !targets.is_empty() => {
                let (Some(low), Some(high)) = (hex(low), hex(high)) else {
                    continue;
                };
                for (k, code) in (low..=high).enumerate() {
                    let target = if targets.len() == 1 {
                        let base = utf16(targets[0]);
                        let mut chars: Vec<char> = base.chars().collect();
                        if let Some(last) = chars.last_mut() {
                            *last = char::from_u32(*last as u32 + k as u32).unwrap_or(*last);
                        }
                        chars.into_iter().collect()
                    } else {
                        targets.get(k).map(|t| utf16(t)).unwrap_or_default()
                    };
                    map.insert(code, target);
                }
            }
            _ => {}
        }
    }
    map
}

/// The text state of a content stream.
#[derive(Clone, Copy)]
struct State {
    ctm: Matrix,
    tm: Matrix,
    tlm: Matrix,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

struct Reader<'a> {
    document: &'a Document,
    page: usize,
    height: f64,
    fonts: HashMap<(u32, u16, Vec<u8>), std::rc::Rc<Font>>,
    current: Option<Word>,
    words: Vec<Word>,
}

impl Reader<'_> {
    fn end(&mut self) {
        if let Some(word) = self.current.take() {
            self.words.push(word);
        }
    }

    fn run(&mut self, content: &[u8], resources: &Dictionary, ctm: Matrix) {
        let Ok(content) = Content::decode(content) else {
            return;
        };
        let identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut state = State {
            ctm,
            tm: identity,
            tlm: identity,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack = Vec::new();
        let mut font: Option<std::rc::Rc<Font>> = None;
        for op in &content.operations {
            let n = |i: usize| op.operands.get(i).map_or(0.0, number_of);
            match op.operator.as_str() {
                "q" => stack.push((state, font.clone())),
                "Q" => {
                    if let Some((s, f)) = stack.pop() {
                        state = s;
                        font = f;
                    }
                }
                "cm" => state.ctm = times([n(0), n(1), n(2), n(3), n(4), n(5)], state.ctm),
                "BT" => {
                    state.tm = identity;
                    state.tlm = identity;
                }
                "Tf" => {
                    state.size = n(1);
                    font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| self.font(resources, name));
                }
                "Tc" => state.char_spacing = n(0),
                "Tw" => state.word_spacing = n(0),
                "Tz" => state.scale = n(0) / 100.0,
                "TL" => state.leading = n(0),
                "Ts" => state.rise = n(0),
                "Tm" => {
                    state.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    state.tlm = state.tm;
                }
                "Td" | "TD" => {
                    if op.operator == "TD" {
                        state.leading = -n(1);
                    }
                    state.tlm = times([1.0, 0.0, 0.0, 1.0, n(0), n(1)], state.tlm);
                    state.tm = state.tlm;
                }
                "T*" => {
                    state.tlm = times([1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], state.tlm);
                    state.tm = state.tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op.operator != "Tj" && op.operator != "TJ" {
                        state.tlm = times([1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], state.tlm);
                        state.tm = state.tlm;
                    }
                    let Some(font) = font.clone() else { continue };
                    let items: Vec<Object> = match op.operator.as_str() {
                        "TJ" => op
                            .operands
                            .first()
                            .and_then(|a| a.as_array().ok())
                            .cloned()
                            .unwrap_or_default(),
                        _ => op.operands.last().cloned().into_iter().collect(),
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => self.show(&mut state, &font, &bytes),
                            other => {
                                let shift = -number_of(&other) / 1000.0 * state.size * state.scale;
                                state.tm = times([1.0, 0.0, 0.0, 1.0, shift, 0.0], state.tm);
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    let form = resources
                        .get(b"XObject")
                        .ok()
                        .and_then(|x| self.document.dereference(x).ok())
                        .and_then(|(_, x)| x.as_dict().ok())
                        .and_then(|x| x.get(name).ok())
                        .and_then(|x| self.document.dereference(x).ok())
                        .and_then(|(_, x)| x.as_stream().ok())
                        .cloned();
                    if let Some(form) = form
                        && matches!(form.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form")
                    {
                        let matrix = form
                            .dict
                            .get(b"Matrix")
                            .ok()
                            .and_then(|m| m.as_array().ok())
                            .map(|m| {
                                let v: Vec<f64> = m.iter().map(number_of).collect();
                                [v[0], v[1], v[2], v[3], v[4], v[5]]
                            })
                            .unwrap_or(identity);
                        let inner = form
                            .dict
                            .get(b"Resources")
                            .ok()
                            .and_then(|r| self.document.dereference(r).ok())
                            .and_then(|(_, r)| r.as_dict().ok())
                            .cloned()
                            .unwrap_or_else(|| resources.clone());
                        let data = form.decompressed_content().unwrap_or(form.content);
                        self.run(&data, &inner, times(matrix, state.ctm));
                    }
                }
                _ => {}
            }
        }
    }

    fn font(&mut self, resources: &Dictionary, name: &[u8]) -> Option<std::rc::Rc<Font>> {
        let fonts = resources
            .get(b"Font")
            .ok()
            .and_then(|f| self.document.dereference(f).ok())
            .and_then(|(_, f)| f.as_dict().ok())?;
        let reference = fonts.get(name).ok()?;
        let key = match reference {
            Object::Reference((id, generation)) => (*id, *generation, Vec::new()),
            _ => (0, 0, name.to_vec()),
        };
        if let Some(font) = self.fonts.get(&key) {
            return Some(font.clone());
        }
        let (_, dict) = self.document.dereference(reference).ok()?;
        let font = std::rc::Rc::new(Font::read(self.document, dict.as_dict().ok()?));
        self.fonts.insert(key, font.clone());
        Some(font)
    }

    /// Places each glyph of a shown string and moves the text matrix on.
    fn show(&mut self, state: &mut State, font: &Font, bytes: &[u8]) {
        for code in font.codes(bytes) {
            let text = font
                .unicode
                .get(&code)
                .cloned()
                .unwrap_or_else(|| char::from_u32(code).map(String::from).unwrap_or_default());
            let width = font
                .widths
                .get(&code)
                .copied()
                .unwrap_or(font.default_width)
                / 1000.0;
            let render = times(
                [
                    state.size * state.scale,
                    0.0,
                    0.0,
                    state.size,
                    0.0,
                    state.rise,
                ],
                times(state.tm, state.ctm),
            );
            let space = !font.two_bytes && code == 32;
            let advance = (width * state.size
                + state.char_spacing
                + if space { state.word_spacing } else { 0.0 })
                * state.scale;
            let after = times(
                [1.0, 0.0, 0.0, 1.0, advance, 0.0],
                times(state.tm, state.ctm),
            );
            self.glyph(&text, render, after);
            state.tm = times([1.0, 0.0, 0.0, 1.0, advance, 0.0], state.tm);
        }
    }

    /// One glyph: `render` maps glyph space (one unit the font size) to the page, `after` is
    /// where the next glyph would start.
    fn glyph(&mut self, text: &str, render: Matrix, after: Matrix) {
        if text.chars().all(char::is_whitespace) {
            self.end();
            return;
        }
        let size = (render[2] * render[2] + render[3] * render[3]).sqrt();
        let (x, y) = (render[4], self.height - render[5]);
        let (x1, y1) = (after[4], self.height - after[5]);
        let upright = render[1].abs() < 1e-6 && render[0] > 0.0;
        let continues = self.current.as_ref().is_some_and(|w| {
            w.upright == upright
                && if upright {
                    (w.y1 - size * 0.2 - y).abs() < size * 0.3
                        // Kerning may pull a glyph back (`r.`); a space is a quarter em.
                        && x >= w.x1 - size * 0.3
                        && x <= w.x1 + size * 0.12
                } else {
                    true
                }
        });
        if !continues {
            self.end();
        }
        let page = self.page;
        let word = self.current.get_or_insert_with(|| Word {
            page,
            x0: x.min(x1),
            x1: x.max(x1),
            y0: y.min(y1) - size * 0.8,
            y1: y.max(y1) + size * 0.2,
            upright,
            text: String::new(),
        });
        word.x0 = word.x0.min(x).min(x1);
        word.x1 = word.x1.max(x).max(x1);
        word.y0 = word.y0.min(y.min(y1) - size * 0.8);
        word.y1 = word.y1.max(y.max(y1) + size * 0.2);
        word.text.push_str(text);
    }
}
