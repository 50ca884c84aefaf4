//! The typeset stage: typst in-process, through one `World` per document.
//!
//! The World serves the generated source from memory, the fonts embedded in the binary (plus
//! the project's `fonts/`), and files (images) only from inside the project: packages, paths
//! outside the root and symlinks that lead out are refused. The date is fixed, so the same
//! input gives the same PDF.
//!
//! A world can live across rebuilds (`watch`): [`DocumentWorld::update`] hands it the next
//! generated source, which typst edits in place (`Source::replace`), so the file ids and the
//! spans of the untouched parts stay the same and typst's memoisation reuses their layout.
//! Files it read are kept and read again only when they changed; preview pages are rendered
//! again only when their content changed.

mod messages;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostics::{Diagnostic, Position};
use crate::money::Date;
use messages::translate;

/// The fonts embedded in the binary: the layouts' faces, with their licences in `fonts/`.
pub const BUILTIN_FONTS: &[(&str, &[u8])] = &[
    (
        "Carlito-Regular.ttf",
        include_bytes!("../fonts/Carlito-Regular.ttf"),
    ),
    (
        "Carlito-Bold.ttf",
        include_bytes!("../fonts/Carlito-Bold.ttf"),
    ),
    (
        "Carlito-Italic.ttf",
        include_bytes!("../fonts/Carlito-Italic.ttf"),
    ),
    (
        "Carlito-BoldItalic.ttf",
        include_bytes!("../fonts/Carlito-BoldItalic.ttf"),
    ),
    (
        "DejaVuSansMono.ttf",
        include_bytes!("../fonts/DejaVuSansMono.ttf"),
    ),
    (
        "DejaVuSansMono-Bold.ttf",
        include_bytes!("../fonts/DejaVuSansMono-Bold.ttf"),
    ),
];

/// What every document of a project shares: the standard library and the fonts, loaded once.
/// Cloning shares them.
#[derive(Clone)]
pub struct Engine {
    shared: Arc<Shared>,
}

struct Shared {
    library: LazyHash<Library>,
    fonts: FontStore,
    /// The font files, by name, for `--emit-typst`.
    font_files: Vec<(String, Bytes)>,
}

impl Engine {
    /// The built-in fonts and those in `root/fonts` (which add to or replace them).
    pub fn new(root: &Path) -> (Engine, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut font_files: Vec<(String, Bytes)> = Vec::new();
        let dir = root.join("fonts");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                let path = entry.path();
                let is_font = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                });
                if !entry.file_type().is_file() || !is_font {
                    continue;
                }
                let name =
                    crate::diagnostics::display_path(path.strip_prefix(root).unwrap_or(path));
                match std::fs::read(path) {
                    Ok(data) => {
                        if Font::iter(Bytes::new(data.clone())).next().is_none() {
                            problems.push(
                                Diagnostic::warning(
                                    "typsnittsfilen kan inte läsas och används inte",
                                )
                                .in_file(name),
                            );
                        } else {
                            font_files.push((name, Bytes::new(data)));
                        }
                    }
                    Err(e) => problems.push(
                        Diagnostic::warning(format!("kan inte läsa typsnittsfilen: {e}"))
                            .in_file(name),
                    ),
                }
            }
        }
        // Project fonts first, so that a face of the same name replaces the built-in one.
        let mut fonts = FontStore::new();
        for (_, data) in &font_files {
            for font in Font::iter(data.clone()) {
                let info = font.info().clone();
                fonts.push((font, info));
            }
        }
        for (name, data) in BUILTIN_FONTS {
            if font_files
                .iter()
                .any(|(n, _)| n.ends_with(&format!("/{name}")))
            {
                continue;
            }
            let bytes = Bytes::new(*data);
            for font in Font::iter(bytes.clone()) {
                let info = font.info().clone();
                fonts.push((font, info));
            }
            font_files.push((format!("fonts/{name}"), bytes));
        }
        let engine = Engine {
            shared: Arc::new(Shared {
                library: LazyHash::new(Library::builder().build()),
                fonts,
                font_files,
            }),
        };
        (engine, problems)
    }

    /// Writes a generated source with the fonts and the project files it uses into `dir`
    /// (`build/<document>/`), so that the typst CLI alone compiles it:
    /// `typst compile --root build/D --font-path build/D/fonts --ignore-system-fonts build/D/main.typ`.
    pub fn emit(
        &self,
        root: &Path,
        dir: &Path,
        source: &str,
        files: &[String],
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(dir.join("fonts"))?;
        std::fs::write(dir.join("main.typ"), source)?;
        for (name, bytes) in self.font_files() {
            let file = Path::new(name).file_name().unwrap_or_default();
            std::fs::write(dir.join("fonts").join(file), bytes.as_slice())?;
        }
        for file in files {
            let target = dir.join(file);
            std::fs::create_dir_all(target.parent().unwrap_or(dir))?;
            std::fs::copy(root.join(file), &target)?;
        }
        Ok(())
    }

    /// The font files the engine serves, as (project-relative name, bytes).
    pub fn font_files(&self) -> &[(String, Bytes)] {
        &self.shared.font_files
    }
}

/// A file as it was read: its modification time, size and bytes.
type Kept = (SystemTime, u64, Bytes);

/// Serves the generated source from memory and other files from inside the project only.
struct Loader {
    root: PathBuf,
    overlay: HashMap<FileId, Bytes>,
    /// Files read from the project since the last update, for `--emit-typst` and `watch`.
    read: Mutex<Vec<FileId>>,
    /// Files read before, by their real path: served again while their time and size are the
    /// same and `watch` has not reported them changed.
    kept: Mutex<HashMap<PathBuf, Kept>>,
}

impl FileLoader for Loader {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.overlay.get(&id) {
            return Ok(bytes.clone());
        }
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "paket används inte: arshjul hämtar ingenting från nätet".into(),
            )));
        }
        let path = id
            .vpath()
            .realize(&self.root)
            .map_err(|_| FileError::AccessDenied)?;
        let real = path
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&self.root) {
            return Err(FileError::AccessDenied);
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        if let Ok(mut read) = self.read.lock() {
            read.push(id);
        }
        let stamp = std::fs::metadata(&real)
            .ok()
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        if let (Some((modified, len)), Ok(kept)) = (stamp, self.kept.lock())
            && let Some((m, l, bytes)) = kept.get(&real)
            && (*m, *l) == (modified, len)
        {
            return Ok(bytes.clone());
        }
        let data = std::fs::read(&real).map_err(|e| FileError::from_io(e, &path))?;
        // Whatever places an image (a layout's logotyp too), a bomb is refused before typst
        // decodes it.
        if let Some(message) = crate::project::huge_image(&data) {
            return Err(FileError::Other(Some(message.into())));
        }
        let data = Bytes::new(data);
        if let (Some((modified, len)), Ok(mut kept)) = (stamp, self.kept.lock()) {
            kept.insert(real, (modified, len, data.clone()));
        }
        Ok(data)
    }
}

/// The world one document is typeset in.
pub struct DocumentWorld {
    engine: Engine,
    main: FileId,
    files: FileStore<Loader>,
    today: Datetime,
    /// The last preview pages: each page's hash and its SVG.
    pages: Mutex<Vec<(u128, Arc<String>)>>,
}

/// The file id of a project path such as `/content/a/main.typ`.
pub fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

/// The date typst's `datetime.today()` gives: the document's, or 2000-01-01.
fn today(date: Option<Date>) -> Option<Datetime> {
    let date = date.unwrap_or(Date {
        year: 2000,
        month: 1,
        day: 1,
    });
    Datetime::from_ymd(date.year, date.month, date.day)
}

impl DocumentWorld {
    /// A world for `source`, placed at the project path `main_path`; `root` must be canonical.
    pub fn new(
        engine: &Engine,
        root: &Path,
        main_path: &str,
        source: String,
        date: Option<Date>,
    ) -> Option<DocumentWorld> {
        let main = file_id(main_path)?;
        let mut overlay = HashMap::new();
        overlay.insert(main, Bytes::from_string(source));
        Some(DocumentWorld {
            engine: engine.clone(),
            main,
            files: FileStore::new(Loader {
                root: root.to_path_buf(),
                overlay,
                read: Mutex::new(Vec::new()),
                kept: Mutex::new(HashMap::new()),
            }),
            today: today(date)?,
            pages: Mutex::new(Vec::new()),
        })
    }

    /// Prepares the world for the next compile of the same document: the new generated source
    /// replaces the old one in place (typst reparses only what changed), and files are looked
    /// at again. `None` when the date cannot be a typst date.
    pub fn update(&mut self, source: String, date: Option<Date>) -> Option<()> {
        self.today = today(date)?;
        let main = self.main;
        let loader = self.files.loader_mut();
        loader.overlay.insert(main, Bytes::from_string(source));
        if let Ok(read) = loader.read.get_mut() {
            read.clear();
        }
        self.files.reset();
        Some(())
    }

    /// Forgets the kept bytes of files that changed on disk, so that they are read again.
    pub fn forget(&self, changed: &[PathBuf]) {
        if let Ok(mut kept) = self.files.loader().kept.lock() {
            kept.retain(|path, _| !changed.iter().any(|c| c == path));
        }
    }

    /// The project files typst read (images), as project-relative paths.
    pub fn files_read(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .files
            .loader()
            .read
            .lock()
            .map(|r| {
                r.iter()
                    .map(|id| id.vpath().get_without_slash().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files.dedup();
        files
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.shared.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.shared.fonts.book()
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.engine.shared.fonts.font(index)
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Maps a place in the generated source back to where it came from, if it can.
pub trait SourceMap {
    /// The file and position for a byte offset in the generated source.
    fn locate(&self, offset: usize) -> Option<(String, Position)>;

    /// The file and position where a value with this text was written (front matter,
    /// forbund.yaml, a data file), for an error in what the layouts made of it.
    fn locate_value(&self, _text: &str) -> Option<(String, Position)> {
        None
    }

    /// The document's own file (`index.md`), for an error that has no better place.
    fn document(&self) -> Option<String> {
        None
    }
}

/// How to export: the PDF's identity and date, the standards, and whether to render preview pages.
pub struct Export<'a> {
    /// A stable identifier for the PDF (the document's name).
    pub ident: &'a str,
    /// The creation date written into the PDF.
    pub date: Date,
    /// PDF/A-2a with PDF/UA-1 (otherwise plain, tagged PDF).
    pub archival: bool,
    /// PDF/A-3a instead of PDF/A-2a, which allows the sources attached to the PDF (`--arkiv`;
    /// only with `archival`).
    pub sources: bool,
    /// Also render every page as SVG.
    pub preview: bool,
    /// Told the SVG pages as soon as they are rendered, before the PDF is made, so that the
    /// preview can show them first.
    pub on_pages: Option<&'a PagesReady<'a>>,
}

/// The PDF's creator: arshjul and its version, which `verifiera` compares with its own (another
/// version may typeset the same sources differently).
pub const CREATOR: &str = concat!("arshjul ", env!("CARGO_PKG_VERSION"));

/// The standards the PDF conforms to. PDF/A-2a (archival, Riksarkivet) with PDF/UA-1
/// (accessible) is the strongest PDF/A level that combines with tagging; PDF/A-2 refuses
/// attached files, so a PDF carrying its sources is PDF/A-3a, the same level with attachments.
/// Every one needs tags, so tagging is always on.
fn standards(export: &Export<'_>) -> PdfStandards {
    let archival = match (export.archival, export.sources) {
        (false, _) => return PdfStandards::default(),
        (true, false) => PdfStandard::A_2a,
        (true, true) => PdfStandard::A_3a,
    };
    PdfStandards::new(&[archival, PdfStandard::Ua_1]).unwrap_or_default()
}

/// Told the preview's pages as soon as they are rendered.
pub type PagesReady<'a> = dyn Fn(&[Arc<String>]) + Sync + 'a;

/// Typesets the world's main source and exports the PDF. Errors are diagnostics; warnings come
/// back beside the PDF, with the preview's pages when they were asked for.
pub fn typeset(
    world: &DocumentWorld,
    generated_name: &str,
    map: &dyn SourceMap,
    root: &Path,
    export: &Export<'_>,
) -> (Option<Vec<u8>>, Vec<Arc<String>>, Vec<Diagnostic>) {
    let result = typst::compile::<PagedDocument>(world);
    let mut diagnostics: Vec<Diagnostic> = result
        .warnings
        .iter()
        .map(|w| convert(world, w, generated_name, map, root))
        .collect();
    let document = match result.output {
        Ok(document) => document,
        Err(errors) => {
            for e in &errors {
                once_per_line(
                    &mut diagnostics,
                    convert(world, e, generated_name, map, root),
                );
            }
            return (None, Vec::new(), diagnostics);
        }
    };
    let timestamp = Datetime::from_ymd_hms(
        export.date.year,
        export.date.month,
        export.date.day,
        0,
        0,
        0,
    )
    .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(export.ident.to_owned()),
        creator: Smart::Custom(Some(CREATOR.to_owned())),
        timestamp,
        page_ranges: None,
        standards: standards(export),
        tagged: true,
        pretty: false,
    };
    let pages = if export.preview {
        preview_pages(world, &document)
    } else {
        Vec::new()
    };
    if let (Some(tell), false) = (export.on_pages, pages.is_empty()) {
        tell(&pages);
    }
    match typst_pdf::pdf(&document, &options) {
        Ok(bytes) => (Some(bytes), pages, diagnostics),
        Err(errors) => {
            for e in &errors {
                once_per_line(
                    &mut diagnostics,
                    convert(world, e, generated_name, map, root),
                );
            }
            (None, Vec::new(), diagnostics)
        }
    }
}

/// Adds `d` unless the same message stands on the same line already: typst reports one cause
/// at several places of the source made from one line of Markdown (each level of a nesting).
fn once_per_line(diagnostics: &mut Vec<Diagnostic>, d: Diagnostic) {
    let line = |d: &Diagnostic| d.position.map(|p| p.line);
    if !diagnostics
        .iter()
        .any(|o| o.message == d.message && o.file == d.file && line(o) == line(&d))
    {
        diagnostics.push(d);
    }
}

/// The preview's pages as SVG rendered in-process; a page whose content is the same as at the
/// last compile (same hash) keeps its SVG, so an edit renders only the pages it changed.
fn preview_pages(world: &DocumentWorld, document: &PagedDocument) -> Vec<Arc<String>> {
    let Ok(mut kept) = world.pages.lock() else {
        return Vec::new();
    };
    let before: HashMap<u128, Arc<String>> = kept.drain(..).collect();
    *kept = document
        .pages()
        .iter()
        .map(|page| {
            let hash = typst::utils::hash128(page);
            let svg = before.get(&hash).cloned().unwrap_or_else(|| {
                Arc::new(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
            });
            (hash, svg)
        })
        .collect();
    kept.iter().map(|(_, svg)| svg.clone()).collect()
}

/// A typst diagnostic as ours, in Swedish: in the Markdown or YAML it came from where the source
/// map knows, otherwise in the document with the place in the generated source as a hint
/// (`--emit-typst` writes that source out).
fn convert(
    world: &DocumentWorld,
    diagnostic: &SourceDiagnostic,
    generated_name: &str,
    map: &dyn SourceMap,
    root: &Path,
) -> Diagnostic {
    let root_text = root.to_string_lossy();
    let message = diagnostic
        .message
        .replace(&format!("{root_text}/"), "")
        .replace(root_text.as_ref(), "");
    let translated = translate(&message);
    let mut d = match diagnostic.severity {
        TypstSeverity::Error => Diagnostic::error(translated.message),
        TypstSeverity::Warning => Diagnostic::warning(translated.message),
    };
    if translated.known {
        for hint in translated.hints {
            d = d.hint(hint);
        }
    } else {
        for hint in &diagnostic.hints {
            d = d.hint(hint.v.to_string());
        }
    }
    let span = diagnostic.span;
    let Some(id) = span.id() else {
        return match map.document() {
            Some(file) => d.in_file(file),
            None => d,
        };
    };
    if id != world.main {
        return d.in_file(id.vpath().get_without_slash().to_owned());
    }
    let range = world.range(span);
    if let Some((file, position)) = range.as_ref().and_then(|r| map.locate(r.start)) {
        return d.in_file(file).at(position);
    }
    // Made by a layout: the value it came from, found by its text in the writer's files.
    let source = world.source(id).ok();
    let written = range
        .as_ref()
        .and_then(|r| source.as_ref()?.text().get(r.clone()).map(str::to_owned));
    let needles = translated
        .quoted
        .into_iter()
        .chain(written.as_deref().map(written_text).into_iter().flatten());
    for needle in needles {
        if let Some((file, position)) = map.locate_value(&needle) {
            return d.in_file(file).at(position);
        }
    }
    let generated = match (&source, &range) {
        (Some(source), Some(range)) => {
            let p = Position::of_offset(source.text(), range.start);
            format!("{generated_name}:{}:{}", p.line, p.column)
        }
        _ => generated_name.to_owned(),
    };
    let d = d.hint(format!(
        "felet uppstod i layouten, på {generated} i den genererade typst-källan (`arshjul build --emit-typst` skriver ut den)"
    ));
    match map.document() {
        Some(file) => d.in_file(file),
        None => d.in_file(generated_name),
    }
}

/// The texts a writer may have typed that a span of generated typst holds: the content of its
/// string literals (an image's path also by its file name), or its markup without escapes.
fn written_text(span: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = span;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let mut literal = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => literal.push('\n'),
                    Some((_, 't')) => literal.push('\t'),
                    Some((_, other)) => literal.push(other),
                    None => {}
                },
                '"' => {
                    end = i + 1;
                    break;
                }
                c => literal.push(c),
            }
        }
        if let Some(name) = literal
            .rsplit('/')
            .next()
            .filter(|n| *n != literal && !n.is_empty())
        {
            found.push(name.to_owned());
        }
        if !literal.trim().is_empty() {
            found.push(literal);
        }
        rest = &after[end.min(after.len())..];
    }
    if found.is_empty() {
        let mut text = String::new();
        let mut chars = span.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => text.extend(chars.next()),
                c => text.push(c),
            }
        }
        let text = text.trim().to_owned();
        if !text.is_empty() {
            found.push(text);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_messages_that_reach_a_writer_are_swedish() {
        for english in [
            "failed to decode image (Format error decoding Png: Invalid PNG signature.)",
            "unknown image format",
            "PDF/A-2a error: the text `\"😀\"` could not be displayed with font \"Carlito\"",
            "URL is too long",
            "maximum parsing depth exceeded",
            "failed to parse SVG (unknown entity 'foo')",
            "PDF/A-2a error: the text contains the disallowed codepoint `\"\\u{f8ff}\"`",
            "PDF/A-2a error: a PDF string is longer than 32767 characters",
            "failed to load file (access denied)",
            "file not found (searched at content/a/x.png)",
        ] {
            let t = translate(english);
            assert!(t.known, "{english}");
            for word in [
                "failed",
                "unknown",
                "could not",
                "too long",
                "exceeded",
                "error",
            ] {
                assert!(!t.message.contains(word), "{english} → {}", t.message);
            }
        }
        assert_eq!(
            translate(
                "PDF/A-2a error: the text `\"😀\"` could not be displayed with font \"Carlito\""
            )
            .quoted
            .as_deref(),
            Some("😀")
        );
        assert_eq!(
            translate("PDF/A-2a error: the text contains the disallowed codepoint `\"\\u{f8ff}\"`")
                .quoted
                .as_deref(),
            Some("\u{f8ff}")
        );
        assert!(!translate("something new").known);
    }

    #[test]
    fn the_written_text_of_a_span() {
        assert_eq!(
            written_text("image(\"/content/f/logo.png\", height: 2cm)"),
            ["logo.png", "/content/f/logo.png"]
        );
        assert_eq!(written_text("Kvartal \\# 1"), ["Kvartal # 1"]);
    }
}
