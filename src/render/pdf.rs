//! The PDF: the report's narrative as typst markup (with the tables it places made by the
//! layouts' `_tabell.typ`), the document type's layout around it, and the source typeset in
//! the document's typst World (kept between builds in `watch`) and exported as PDF/A.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{Options, Renderer, Report, Stages};
use crate::diagnostics::{Diagnostic, Kind, Missing, Position, display_path};
use crate::document::Document;
use crate::markdown;
use crate::project::{DocumentRef, record_read};
use crate::templates::{Layouts, Typst};
use crate::typeset::{self, DocumentWorld, Engine};

/// What is told a document's preview pages before its PDF is made.
pub type PagesHook = Box<dyn Fn(&DocumentRef, &[Arc<String>]) + Send + Sync>;

/// The PDF renderer: the project's typst layouts and fonts, and, in `watch`, each document's
/// typst World kept between builds.
pub struct Pdf {
    root: PathBuf,
    layouts: Layouts<Typst>,
    engine: Engine,
    /// The worlds of the documents built so far, by name, when they are kept between builds
    /// (`watch`).
    worlds: Option<Mutex<HashMap<PathBuf, DocumentWorld>>>,
    /// Told a document's preview pages as soon as they are rendered (`watch --serve`).
    on_pages: Option<PagesHook>,
}

/// The PDF and the pages as SVG (for the preview; a page that did not change since the last
/// build is the same `Arc`). The PDF is `None` when typst found errors.
pub type Typeset = (Option<Vec<u8>>, Vec<Arc<String>>);

impl Renderer for Pdf {
    type Output = Typeset;

    /// The stages `markdown` (the narrative's typst), `layout` and `sättning`.
    fn render(&self, report: &Report<'_>, options: &Options, run: &mut Stages) -> Option<Typeset> {
        // The PDF's names at its edge: what the narrative placed, then the date and the
        // narrative for the layout.
        let mut tera = report.values.with_placed(report.placed);
        let converted = run.stage("markdown", || self.to_typst(report, &tera))?;
        let source = run.stage("layout", || {
            self.layout(report.document, &mut tera, &converted)
        })?;
        run.stage("sättning", || {
            self.typeset(options, &source, &converted, report)
        })
    }
}

impl Pdf {
    /// Loads the project's typst layouts and fonts; the warnings concern every document.
    pub fn load(root: &Path) -> Result<(Pdf, Vec<Diagnostic>), Vec<Diagnostic>> {
        let layouts = Layouts::load(root)?;
        let (engine, warnings) = Engine::new(root);
        Ok((
            Pdf {
                root: root.to_owned(),
                layouts,
                engine,
                worlds: None,
                on_pages: None,
            },
            warnings,
        ))
    }

    /// Keeps each document's typst world between builds, so that a rebuild is incremental.
    pub fn keep_worlds(&mut self) {
        self.worlds.get_or_insert_with(Default::default);
    }

    /// Has `hook` told each document's preview pages as soon as they are rendered, before the
    /// PDF is made.
    pub fn on_pages(&mut self, hook: PagesHook) {
        self.on_pages = Some(hook);
    }

    /// Tells the kept worlds which files changed on disk, so that they read them again.
    pub fn forget(&self, changed: &[PathBuf]) {
        if let Some(Ok(worlds)) = self.worlds.as_ref().map(Mutex::lock) {
            for world in worlds.values() {
                world.forget(changed);
            }
        }
    }

    /// Drops the kept world of a document that is gone.
    pub fn drop_world(&self, name: &Path) {
        if let Some(Ok(mut worlds)) = self.worlds.as_ref().map(Mutex::lock) {
            worlds.remove(name);
        }
    }

    /// The narrative's walk written as typst markup, with the tables it places rendered by
    /// the layouts' `_tabell.typ`. A missing image was reported by the walk, and the way goes
    /// on (with its alt text in its place) so that typst's own errors come in the same run.
    fn to_typst(
        &self,
        report: &Report<'_>,
        tera: &tera::Context,
    ) -> (Option<markdown::Converted>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let directives = self.layouts.placements(
            &report.narrative.placements,
            tera,
            &|name| report.values.data(name),
            &mut found,
        );
        let converted = markdown::write_typst(report.walk, &directives);
        found.extend(converted.diagnostics.iter().cloned());
        (Some(converted), found)
    }

    /// The layout stage: the document type's layout around the converted narrative, as one
    /// typst source, dated for the PDF.
    fn layout(
        &self,
        document: &Document,
        tera: &mut tera::Context,
        converted: &markdown::Converted,
    ) -> (Option<Source>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        // The PDF's date: the document's `datum`, or SOURCE_DATE_EPOCH, so the same input
        // gives the same bytes.
        let date = document
            .front
            .date
            .or_else(crate::money::Date::source_date_epoch)
            .unwrap_or_else(|| {
                found.push(
                    Diagnostic::warning_of(Kind::missing_key(Missing::Document, "datum"))
                        .in_file(&document.index_file),
                );
                crate::money::Date {
                    year: 2000,
                    month: 1,
                    day: 1,
                }
            });
        tera.insert_value("pdf_datum", crate::context::pdf_date(date));
        tera.insert_value("narrativ", tera::Value::safe_string(&converted.typst));
        match self.layouts.render(document.front.kind.layout(), tera) {
            Ok(text) => (Some(Source { text, date }), found),
            Err(d) => {
                found.push(d);
                (None, found)
            }
        }
    }

    /// The typeset stage: the source compiled in the document's typst World (kept between
    /// builds in `watch`) and exported; the PDF, and the pages as SVG when the preview asks.
    fn typeset(
        &self,
        options: &Options,
        source: &Source,
        converted: &markdown::Converted,
        report: &Report<'_>,
    ) -> TypesetStep {
        let (document, figures) = (report.document, report.figures);
        let narrative = report.narrative;
        let reference = &document.reference;
        let root = &self.root;
        let mut found = Vec::new();
        let mut attached = self.sources(options, document, &mut found);
        let text = |attached: &Option<Vec<String>>| match attached {
            Some(files) => source.text.clone() + &crate::render::attach::markup(files, figures),
            None => source.text.clone(),
        };
        let generated = format!("build/{}/main.typ", reference.display_name());
        // A kept world is updated in place; typst then reuses what the edit did not touch.
        let kept = self
            .worlds
            .as_ref()
            .and_then(|w| w.lock().ok()?.remove(&reference.name));
        let world = match kept {
            Some(mut world) => world
                .update(text(&attached), Some(source.date))
                .map(|()| world),
            None => DocumentWorld::new(
                &self.engine,
                root,
                "/main.typ",
                text(&attached),
                Some(source.date),
            ),
        };
        let mut world = match world {
            Some(w) => w,
            None => return (None, Vec::new()),
        };
        let values = |text: &str| self.locate_value(document, text);
        let map = markdown::NarrativeMap {
            narrative_start: source.text.find(&converted.typst),
            converted,
            markdown: &narrative.text,
            file: &document.index_file,
            first_line: document.body_first_line,
            values: &values,
        };
        let ident = reference.display_name();
        let tell = |pages: &[Arc<String>]| {
            if let Some(hook) = &self.on_pages {
                hook(reference, pages);
            }
        };
        let export = typeset::Export {
            ident: &ident,
            date: source.date,
            archival: !options.no_pdfa,
            sources: attached.is_some(),
            preview: options.preview,
            on_pages: Some(&tell),
        };
        let (mut pdf, mut pages, mut typeset_found) =
            typeset::typeset(&world, &generated, &map, root, &export);
        // A project layout may read a file no stage read before typst (an image of its own):
        // the archive carries it too, typeset once more.
        if let Some(files) = &mut attached
            && pdf.is_some()
        {
            let more: Vec<String> = world
                .files_read()
                .into_iter()
                .filter(|f| !files.contains(f))
                .collect();
            if !more.is_empty() {
                files.extend(more);
                files.sort();
                if world.update(text(&attached), Some(source.date)).is_some() {
                    (pdf, pages, typeset_found) =
                        typeset::typeset(&world, &generated, &map, root, &export);
                }
            }
        }
        found.append(&mut typeset_found);
        let files = world.files_read();
        for file in &files {
            record_read(&root.join(file));
        }
        if options.emit_typst {
            let dir = root.join("build").join(&reference.name);
            if let Err(e) = self.engine.emit(root, &dir, &source.text, &files) {
                found.push(
                    Diagnostic::error(format!("kan inte skriva typst-källan: {e}"))
                        .in_file(display_path(dir.strip_prefix(root).unwrap_or(&dir))),
                );
            }
        }
        if let Some(Ok(mut worlds)) = self.worlds.as_ref().map(Mutex::lock) {
            worlds.insert(reference.name.clone(), world);
        }
        (Some((pdf, pages)), found)
    }

    /// The files the archive PDF carries, when the document is built as one (`--arkiv` or
    /// `arkiv: true`): everything the stages read so far, and the project's layouts and fonts.
    /// `arkiv: true` with `--no-pdfa` gives the plain PDF asked for, with a warning.
    fn sources(
        &self,
        options: &Options,
        document: &Document,
        found: &mut Vec<Diagnostic>,
    ) -> Option<Vec<String>> {
        if options.no_pdfa {
            if let Some(at) = document.front.archive {
                found.push(
                    Diagnostic::warning("`arkiv: true` gäller inte med --no-pdfa: PDF-filen blir en vanlig taggad PDF utan sina källor")
                        .in_file(&document.index_file)
                        .at(at)
                        .hint("bygg utan --no-pdfa för arkivversionen"),
                );
            }
            return None;
        }
        (options.archive || document.front.archive.is_some())
            .then(|| crate::render::attach::sources(&self.root, &crate::project::recorded()))
    }

    /// Where a value with `text` was written: the front matter, the forbund.yaml the document
    /// inherits, or one of its data files, in that order; for a typst error in what a layout
    /// made of the value. Read again only when such an error needs a place.
    fn locate_value(&self, document: &Document, text: &str) -> Option<(String, Position)> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let reference = &document.reference;
        let mut files = vec![reference.dir.join("index.md")];
        files.extend(crate::project::organisation_file(&self.root, reference));
        let mut data: Vec<PathBuf> = std::fs::read_dir(&reference.dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                    .collect()
            })
            .unwrap_or_default();
        data.sort();
        files.extend(data);
        for path in files {
            let shown = display_path(path.strip_prefix(&self.root).unwrap_or(&path));
            let Ok(written) = crate::project::read_text(&path, &shown, "filen", &mut Vec::new())
            else {
                continue;
            };
            // In index.md only the front matter: the narrative maps itself.
            let searched = if path.ends_with("index.md") {
                // The byte after the line before the narrative's first.
                let lines = document.body_first_line.saturating_sub(1);
                let end = match lines {
                    0 => 0,
                    n => written
                        .match_indices('\n')
                        .nth(n - 1)
                        .map_or(written.len(), |(at, _)| at + 1),
                };
                &written[..end]
            } else {
                written.as_str()
            };
            if let Some(at) = searched.find(text) {
                return Some((shown, Position::of_offset(&written, at)));
            }
        }
        None
    }
}

/// The generated typst source of a document, and the date its PDF carries.
struct Source {
    text: String,
    date: crate::money::Date,
}

/// What the typeset stage gives: the PDF (none when typst found errors) and the pages as SVG.
type TypesetStep = (Option<Typeset>, Vec<Diagnostic>);
