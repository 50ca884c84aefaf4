//! The pipeline: one document flows discover → load → context → narrative → layout → typeset
//! → write, and `build` runs documents in parallel.
//!
//! Each stage returns every problem it finds; a document whose stage fails goes no further, and
//! a failed build never touches the previous PDF (the new one is written beside it and renamed).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, PathError, Position, display_path};
use crate::document::{self, Document};
use crate::markdown::{self, Reference};
use crate::placement::Placed;
use crate::project::{DocumentRef, percent_decode, recording};
use crate::project::{project_path, record_read};
use crate::templates::{self, Layouts, Typst};
use crate::typeset::{self, DocumentWorld, Engine};

/// What to do with each document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Write PDFs (`build`); without it only check (`check`).
    pub write: bool,
    /// Also write the generated typst source and the files it uses to `build/<document>/`.
    pub emit_typst: bool,
    /// Plain PDF instead of PDF/A-2a with PDF/UA-1 (tagged either way).
    pub no_pdfa: bool,
    /// The archive edition (`--arkiv`): PDF/A-3a with PDF/UA-1, carrying the document's sources
    /// and figures (see [`crate::archive`]).
    pub archive: bool,
    /// Also render the pages as SVG, for the live preview.
    pub preview: bool,
    /// Which outputs to make (`--format`): PDF, the web edition, or both (the default).
    pub formats: Formats,
}

/// The outputs of a build (`--format pdf|html|pdf,html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// `build/<document>.pdf`.
    pub pdf: bool,
    /// `build/<document>.html`, the web edition.
    pub html: bool,
}

impl Default for Formats {
    fn default() -> Formats {
        Formats {
            pdf: true,
            html: true,
        }
    }
}

impl Formats {
    /// Parses `pdf`, `html`, `pdf,html` (in any order).
    pub fn parse(text: &str) -> Result<Formats, String> {
        let mut formats = Formats {
            pdf: false,
            html: false,
        };
        for part in text.split(',').map(str::trim) {
            match part {
                "pdf" => formats.pdf = true,
                "html" => formats.html = true,
                other => {
                    return Err(format!(
                        "okänt format `{other}`: skriv pdf, html eller pdf,html"
                    ));
                }
            }
        }
        Ok(formats)
    }
}

/// What became of one document.
#[derive(Debug)]
pub struct Outcome {
    /// The document.
    pub document: DocumentRef,
    /// Everything found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the PDF was written, relative to the root, if it was.
    pub written: Option<PathBuf>,
    /// Where the web edition was written, relative to the root, if it was.
    pub written_html: Option<PathBuf>,
    /// The PDF's size in bytes, when it was produced.
    pub bytes: Option<usize>,
    /// How long the document took.
    pub elapsed: Duration,
    /// How long each stage took, by name, in the order they ran.
    pub stages: Vec<(&'static str, Duration)>,
    /// The pages as SVG, when the preview asked for them and the build succeeded; a page that
    /// did not change since the last build is the same `Arc`.
    pub pages: Vec<Arc<String>>,
    /// Every file the build read (or looked for) and every folder it listed, as paths under
    /// the canonical root: what `watch` rebuilds the document on.
    pub reads: BTreeSet<PathBuf>,
}

impl Outcome {
    /// The stages' times on one line: `läsning 2,1 ms · sammanhang 0,3 ms · …`.
    pub fn stage_times(&self) -> String {
        self.stages
            .iter()
            .map(|(name, time)| {
                let ms = time.as_secs_f64() * 1000.0;
                format!("{name} {} ms", format!("{ms:.1}").replace('.', ","))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Whether the document has errors.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Prints the outcome: its diagnostics on stderr, then one line (`✓ a/plan → build/a/plan.pdf
    /// (byggt, 2 varningar, 50 ms)`, `✓ a/plan: inga fel, 1 varning (40 ms)` or `✗ a/plan: 2
    /// fel`); with `quiet` only problems.
    /// A problem already in `printed` (the same file, place and message: a forbund.yaml shared by
    /// several documents) is not printed again, but counts for this document too.
    pub fn print(&self, root: &Path, quiet: bool, verb: &str, printed: &mut Vec<Diagnostic>) {
        let mut shown_before = 0;
        for d in &self.diagnostics {
            if !printed.contains(d) {
                eprint!("{}", d.render(root));
                printed.push(d.clone());
            } else if d.is_error() {
                shown_before += 1;
            }
        }
        let name = self.document.display_name();
        let millis = self.elapsed.as_millis();
        if self.failed() {
            let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
            // The count is the errors shown: one printed for an earlier document is said so.
            let before = match shown_before {
                0 => String::new(),
                n => format!(", varav {n} visade ovan"),
            };
            eprintln!("✗ {name}: {errors} fel{before} ({millis} ms)");
        } else if !quiet {
            let written: Vec<String> = [&self.written, &self.written_html]
                .into_iter()
                .flatten()
                .map(|p| display_path(p))
                .collect();
            // The warnings were printed above; the line counts them, so that a glance at the
            // last line shows that something deserves attention.
            let warnings = match self.diagnostics.len() {
                0 => String::new(),
                1 => ", 1 varning".to_owned(),
                n => format!(", {n} varningar"),
            };
            if written.is_empty() {
                println!("✓ {name}: inga fel{warnings} ({millis} ms)");
            } else {
                println!(
                    "✓ {name} → {} ({verb}{warnings}, {millis} ms)",
                    written.join(", ")
                );
            }
        }
    }
}

/// Prints diagnostics on stderr.
pub fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", d.render(root));
    }
}

/// The loaded project: root, layouts and typesetting engine, shared by all documents.
pub struct Project {
    /// The project root, canonical.
    pub root: PathBuf,
    layouts: Layouts<Typst>,
    html_layouts: Layouts<crate::html::Html>,
    engine: Engine,
    /// The worlds of the documents built so far, by name, when they are kept between builds
    /// (`watch`).
    worlds: Option<Mutex<HashMap<PathBuf, DocumentWorld>>>,
    /// Told a document's preview pages as soon as they are rendered (`watch --serve`).
    on_pages: Option<PagesHook>,
}

/// What is told a document's preview pages before its PDF is made.
pub type PagesHook = Box<dyn Fn(&DocumentRef, &[Arc<String>]) + Send + Sync>;

impl Project {
    /// Loads layouts and fonts. Problems with them concern every document.
    pub fn load(root: &Path) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
        let root = root.canonicalize().map_err(|e| {
            vec![Diagnostic::error(format!(
                "kan inte öppna projektmappen: {e}"
            ))]
        })?;
        let layouts = Layouts::load(&root)?;
        let html_layouts = Layouts::load(&root)?;
        let (engine, warnings) = Engine::new(&root);
        Ok((
            Project {
                root,
                layouts,
                html_layouts,
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
    /// PDF is made (the outcome follows when the PDF is written).
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

    /// Builds (or checks) the documents in parallel; outcomes come back in the documents' order.
    pub fn run(&self, documents: &[DocumentRef], options: Options) -> Vec<Outcome> {
        let mut outcomes: Vec<Outcome> = documents
            .par_iter()
            .map(|d| self.run_one(d, options))
            .collect();
        // Each förbund's web editions listed in build/<förbund>/index.html.
        let written: Vec<&Path> = outcomes
            .iter()
            .filter_map(|o| o.written_html.as_deref())
            .collect();
        if let Err(message) = crate::html::write_indexes(&self.root, &written)
            && let Some(last) = outcomes.last_mut()
        {
            last.diagnostics.push(Diagnostic::warning(message));
        }
        outcomes
    }

    /// The revisor's trail of one document (`arshjul underlag`): its figures, when the
    /// document loads without errors, and what loading it found.
    pub fn trail(&self, reference: &DocumentRef) -> (Option<crate::trail::Trail>, Vec<Diagnostic>) {
        let ((document, found), _) =
            recording(&self.root, || document::load(&self.root, reference));
        let trail = document
            .filter(|_| !found.iter().any(Diagnostic::is_error))
            .map(|d| crate::trail::of(&d));
        (trail, found)
    }

    /// Builds (or checks) one document.
    pub fn run_one(&self, reference: &DocumentRef, options: Options) -> Outcome {
        let start = Instant::now();
        let (produced, reads) = recording(&self.root, || self.produce(reference, options));
        Outcome {
            document: reference.clone(),
            diagnostics: produced.diagnostics,
            written: produced.written.pdf,
            written_html: produced.written.html,
            bytes: produced.written.bytes,
            elapsed: start.elapsed(),
            stages: produced.stages,
            pages: produced.pages,
            reads,
        }
    }

    /// One document through the stages, each a function from what the stages before gave to
    /// what it makes, timed by name: load, context, narrative, then the web edition and the
    /// PDF's Markdown → typst, layout and typeset. A stage that cannot make its output ends
    /// the way; what every stage found is in [`Produced::diagnostics`].
    fn produce(&self, reference: &DocumentRef, options: Options) -> Produced {
        let mut run = Stages::default();
        let mut out = Produced::default();
        let Some(document) = run.stage("läsning", || document::load(&self.root, reference)) else {
            return self.finish(out, run, reference, options);
        };
        // The revisor's trail of every printed figure: build/<doc>.json, the archive's
        // figurer.json and the web edition's Underlag.
        let (tables, mut trail) = run.time("underlag", || {
            let tables = crate::trail::tables(&document);
            let trail = crate::trail::trail(&tables);
            (tables, trail)
        });
        let unknown = crate::context::unknown_values(&document, &run.found);
        let Some(context) = run.stage("sammanhang", || (Some(self.context(&document)), Vec::new()))
        else {
            return self.finish(out, run, reference, options);
        };
        let Some((context, narrative)) = run.stage("berättelse", || {
            self.narrative(&document, context, &unknown, &tables)
        }) else {
            return self.finish(out, run, reference, options);
        };
        // The figures the prose quotes join the trail; the JSON is written with the editions.
        if options.write {
            trail.quoted(&narrative.quoted);
            out.figures = Some(trail.json());
        }
        if options.formats.html {
            let (page, found) = run.time("webbversion", || {
                self.web_edition(&document, &context, &narrative, (&tables, &trail))
            });
            out.html = page;
            out.html_diagnostics = found;
        }
        if !options.formats.pdf {
            return self.finish(out, run, reference, options);
        }
        let Some(converted) = run.stage("markdown", || {
            self.to_typst(&document, &context, &narrative)
        }) else {
            return self.finish(out, run, reference, options);
        };
        let Some(source) = run.stage("layout", || self.layout(&document, context, &converted))
        else {
            return self.finish(out, run, reference, options);
        };
        let figures = out.figures.as_deref();
        let typeset = run.stage("sättning", || {
            self.typeset(options, &source, &converted, &narrative, &document, figures)
        });
        if let Some((pdf, pages)) = typeset {
            out.pages = pages;
            out.pdf = pdf;
        }
        self.finish(out, run, reference, options)
    }

    /// The end of the way: the web edition's problems join the others (the same text's
    /// problems once), an error keeps both outputs from being written, and with `build` the
    /// write stage writes them.
    fn finish(
        &self,
        mut out: Produced,
        mut run: Stages,
        reference: &DocumentRef,
        options: Options,
    ) -> Produced {
        // One cause, one message: what both editions (or two stages) found once, so that the
        // count printed (`✗ a/plan: 2 fel`) is the count shown.
        let found = std::mem::take(&mut run.found);
        let mut seen = std::collections::BTreeSet::new();
        for d in found
            .into_iter()
            .chain(std::mem::take(&mut out.html_diagnostics))
        {
            let key = (
                d.severity,
                d.file.clone(),
                d.position,
                d.message.clone(),
                d.hints.clone(),
            );
            if seen.insert(key) {
                run.found.push(d);
            }
        }
        if run.found.iter().any(Diagnostic::is_error) {
            out.pdf = None;
            out.html = None;
            out.figures = None;
        }
        out.written.bytes = out.pdf.as_ref().map(Vec::len);
        if options.write && (out.pdf.is_some() || out.html.is_some()) {
            let (pdf, html) = (out.pdf.as_deref(), out.html.as_deref());
            let figures = out.figures.as_deref();
            if let Some(written) =
                run.stage("skrivning", || self.write(reference, pdf, html, figures))
            {
                out.written = written;
            }
        }
        out.diagnostics = run.found;
        out.stages = run.timings;
        out
    }

    /// The write stage: the PDF and the web edition, when the document has no errors, each
    /// written beside its target and renamed into place (a failure leaves the old file).
    fn write(
        &self,
        reference: &DocumentRef,
        pdf: Option<&[u8]>,
        html: Option<&str>,
        figures: Option<&str>,
    ) -> (Option<Written>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let mut written = Written {
            bytes: pdf.map(<[u8]>::len),
            ..Written::default()
        };
        let mut write =
            |target: PathBuf, bytes: &[u8], what: &str| match crate::project::write_atomically(
                &self.root.join(&target),
                bytes,
            ) {
                Ok(()) => Some(target),
                Err(e) => {
                    found.push(
                        Diagnostic::error(format!("kan inte skriva {what}: {e}")).in_file(target),
                    );
                    None
                }
            };
        if let Some(page) = html {
            written.html = write(
                reference.output().with_extension("html"),
                page.as_bytes(),
                "HTML-filen",
            );
        }
        if let Some(figures) = figures {
            write(
                reference.output().with_extension("json"),
                figures.as_bytes(),
                "siffrorna (JSON-filen)",
            );
        }
        if let Some(pdf) = pdf {
            written.pdf = write(reference.output(), pdf, "PDF-filen");
        }
        (Some(written), found)
    }

    /// The context stage: the template values of the typed document and the tera context
    /// built from them.
    fn context(&self, document: &Document) -> Context {
        let values = crate::context::values(document);
        let tera = crate::context::context(&values);
        Context { values, tera }
    }

    /// The narrative stage: the body as a tera template (prose quoting data), with what it asks
    /// to place; the context gains the labels of the rows the prose explains.
    fn narrative(
        &self,
        document: &Document,
        mut context: Context,
        unknown: &[String],
        tables: &[crate::trail::Printed],
    ) -> (Option<(Context, templates::Narrative)>, Vec<Diagnostic>) {
        // Each statement's variances, read off the printed table the trail already made.
        let variances = |name: &str, s: &crate::model::statement::Statement| match tables
            .iter()
            .find(|t| t.name == name)
        {
            Some(printed) => crate::model::statement::Statement::variances_in(&printed.table),
            None => s.variances(),
        };
        match templates::render_narrative(
            &document.body,
            &context.tera,
            &document.index_file,
            document.body_first_line,
            &templates::DataFiles {
                kinds: document.kinds(),
                variances: document
                    .statements()
                    .map(|(name, s)| (name.to_owned(), s.unit, variances(name, s)))
                    .collect(),
            },
            unknown,
            &templates::LIMITS,
        ) {
            Ok(narrative) => {
                // What the narrative placed: the layouts leave it out, and explained rows link
                // to their places.
                Placed::find(&narrative.text, &narrative.placements).insert_into(&mut context.tera);
                // Large deviations the prose does not explain either.
                let found = document.unexplained(&narrative.explained);
                (Some((context, narrative)), found)
            }
            Err(found) => (None, found),
        }
    }

    /// The narrative's Markdown as typst markup, with the tables it places rendered by the
    /// layouts' `_tabell.typ`. A missing image is reported, and the way goes on (with its alt
    /// text in its place) so that typst's own errors come in the same run.
    fn to_typst(
        &self,
        document: &Document,
        context: &Context,
        narrative: &templates::Narrative,
    ) -> (Option<markdown::Converted>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let directives = self.layouts.placements(
            &narrative.placements,
            &context.tera,
            &|name| context.values.get(name).cloned(),
            &mut found,
        );
        let (root, dir) = (&self.root, &document.reference.dir);
        let image = |dest: &str| narrative_image(root, dir, dest);
        let check = |reference, dest: &str| reference_note(root, dir, reference, dest);
        let converted = markdown::to_typst(
            &narrative.text,
            &markdown::Context {
                file: &document.index_file,
                first_line: document.body_first_line,
                image: &image,
                directives: &directives,
                check: &check,
            },
        );
        found.extend(converted.diagnostics.iter().cloned());
        (Some(converted), found)
    }

    /// The layout stage: the document type's layout around the converted narrative, as one
    /// typst source, dated for the PDF.
    fn layout(
        &self,
        document: &Document,
        mut context: Context,
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
                Diagnostic::warning("dokumentet saknar `datum`: PDF-filen dateras 2000-01-01")
                    .in_file(&document.index_file)
                    .hint("skriv `datum: ÅÅÅÅ-MM-DD` i front matter, eller sätt SOURCE_DATE_EPOCH"),
            );
                crate::money::Date {
                    year: 2000,
                    month: 1,
                    day: 1,
                }
            });
        let tera = &mut context.tera;
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
        options: Options,
        source: &Source,
        converted: &markdown::Converted,
        narrative: &templates::Narrative,
        document: &Document,
        figures: Option<&str>,
    ) -> TypesetStep {
        let reference = &document.reference;
        let mut found = Vec::new();
        let mut attached = self.sources(options, document, &mut found);
        let text = |attached: &Option<Vec<String>>| match attached {
            Some(files) => source.text.clone() + &crate::archive::attach::markup(files, figures),
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
                &self.root,
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
            typeset::typeset(&world, &generated, &map, &self.root, &export);
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
                        typeset::typeset(&world, &generated, &map, &self.root, &export);
                }
            }
        }
        found.append(&mut typeset_found);
        let files = world.files_read();
        for file in &files {
            record_read(&self.root.join(file));
        }
        if options.emit_typst {
            let dir = self.root.join("build").join(&reference.name);
            if let Err(e) = self.engine.emit(&self.root, &dir, &source.text, &files) {
                found.push(
                    Diagnostic::error(format!("kan inte skriva typst-källan: {e}"))
                        .in_file(display_path(dir.strip_prefix(&self.root).unwrap_or(&dir))),
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
        options: Options,
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
            .then(|| crate::archive::attach::sources(&self.root, &crate::project::recorded()))
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
                let end: usize = written
                    .split_inclusive('\n')
                    .take(document.body_first_line.saturating_sub(1))
                    .map(str::len)
                    .sum();
                &written[..end.min(written.len())]
            } else {
                written.as_str()
            };
            if let Some(at) = searched.find(text) {
                return Some((shown, Position::of_offset(&written, at)));
            }
        }
        None
    }

    /// The web edition of a document: the same context and narrative through the HTML
    /// renderer.
    fn web_edition(
        &self,
        document: &Document,
        context: &Context,
        narrative: &templates::Narrative,
        trail: (&[crate::trail::Printed], &crate::trail::Trail),
    ) -> (Option<String>, Vec<Diagnostic>) {
        let root = &self.root;
        let dir = &document.reference.dir;
        let image = |dest: &str| {
            let path = narrative_image(root, dir, dest)?;
            crate::html::data_uri(&root.join(path.trim_start_matches('/'))).map_err(|e| {
                crate::diagnostics::PathError::from(format!("kan inte läsa bilden `{dest}`: {e}"))
            })
        };
        let check = |reference, dest: &str| reference_note(root, dir, reference, dest);
        let logo = document
            .organisation
            .as_ref()
            .and_then(|o| o.logo.as_ref())
            .and_then(|p| crate::html::data_uri(&root.join(p.trim_start_matches('/'))).ok());
        let layout = format!(
            "{}.html",
            document.front.kind.layout().trim_end_matches(".typ")
        );
        let tables: Vec<(&str, &crate::model::table::Table)> = document
            .data
            .iter()
            .filter_map(|(name, data)| match data {
                crate::document::DataFile::Table(table) => Some((name.as_str(), table)),
                _ => None,
            })
            .collect();
        let mut found = Vec::new();
        let page = crate::html::render(
            &self.html_layouts,
            &crate::html::Page {
                layout: &layout,
                context: &context.tera,
                narrative: &narrative.text,
                placements: &narrative.placements,
                data: &|name| context.values.get(name).cloned(),
                tables: &tables,
                logo,
                file: &document.index_file,
                first_line: document.body_first_line,
                image: &image,
                check: &check,
                trail,
            },
            &mut found,
        );
        (page, found)
    }
}

/// A narrative's image as a project path (`/content/a/bild.png`): refused when it lies outside
/// the project or is missing, and, before anything decodes it, when it has more pixels than
/// arshjul decodes (a decompression bomb). Both editions resolve images here.
fn narrative_image(root: &Path, dir: &Path, dest: &str) -> Result<String, PathError> {
    let path = project_path(root, dir, &percent_decode(dest))?;
    crate::project::refuse_huge_image(&root.join(path.trim_start_matches('/')))?;
    Ok(path)
}

/// What to say about a narrative's reference to a project file: a link without a scheme that
/// leads out of the project or nowhere, an image so large that the outputs swell.
fn reference_note(root: &Path, dir: &Path, reference: Reference, dest: &str) -> Option<Diagnostic> {
    match reference {
        Reference::Link => crate::project::link_problem(root, dir, dest),
        Reference::Image => {
            let path = project_path(root, dir, &percent_decode(dest)).ok()?;
            crate::project::large_image(&root.join(path.trim_start_matches('/')), dest)
        }
    }
}

/// The template values of a document and the tera context made from them (the context stage's
/// output).
struct Context {
    values: BTreeMap<String, tera::Value>,
    tera: tera::Context,
}

/// The generated typst source of a document, and the date its PDF carries.
struct Source {
    text: String,
    date: crate::money::Date,
}

/// What the typeset stage gives: the PDF (none when typst found errors) and the pages as SVG.
type TypesetStep = (Option<(Option<Vec<u8>>, Vec<Arc<String>>)>, Vec<Diagnostic>);

/// What one document's way through the stages gave.
#[derive(Default)]
struct Produced {
    /// The PDF, when asked for and made without errors.
    pdf: Option<Vec<u8>>,
    /// The pages as SVG, for the preview.
    pages: Vec<Arc<String>>,
    /// Every printed figure with its provenance, as JSON (`build/<document>.json`), once a
    /// stage makes it; the archive PDF carries it as `figurer.json`.
    figures: Option<String>,
    /// The web edition, when asked for.
    html: Option<String>,
    /// What the stages found.
    diagnostics: Vec<Diagnostic>,
    /// What the web edition found (the same text's problems may be found twice).
    html_diagnostics: Vec<Diagnostic>,
    /// Each stage that ran, by name, with its time.
    stages: Vec<(&'static str, Duration)>,
    /// What was written.
    written: Written,
}

/// What the write stage wrote, relative to the root, and the PDF's size.
#[derive(Default)]
struct Written {
    pdf: Option<PathBuf>,
    html: Option<PathBuf>,
    bytes: Option<usize>,
}

/// The stages run so far: their times by name and what they found.
#[derive(Default)]
struct Stages {
    timings: Vec<(&'static str, Duration)>,
    found: Vec<Diagnostic>,
}

impl Stages {
    /// Runs a stage, timed, keeping what it found; its output, if it made one.
    fn stage<T>(
        &mut self,
        name: &'static str,
        stage: impl FnOnce() -> (Option<T>, Vec<Diagnostic>),
    ) -> Option<T> {
        let (output, found) = self.time(name, stage);
        self.found.extend(found);
        output
    }

    /// Runs `work`, timed under `name`.
    fn time<T>(&mut self, name: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let output = work();
        self.timings.push((name, start.elapsed()));
        output
    }
}
