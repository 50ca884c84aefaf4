//! The pipeline: one document flows discover → load → trail → context → narrative (tera, then
//! one walk over the Markdown) into a [`Report`], which each renderer at the edge turns into
//! its output (the web edition; the PDF's markdown → layout → typeset) → write; `build` runs
//! documents in parallel.
//!
//! Each stage returns every problem it finds; a document whose stage fails goes no further, and
//! a failed build never touches the previous PDF (the new one is written beside it and renamed).

mod outcome;

pub use crate::render::pdf::PagesHook;
pub use crate::render::{Formats, Options, Stages};
pub use outcome::{Outcome, print_diagnostics};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::document::{self, Document};
use crate::placement::Placed;
use crate::project::{DocumentRef, recording};
use crate::render::pdf::Pdf;
use crate::render::web::Web;
use crate::render::{Renderer, Report, Values};
use crate::templates;
use crate::walker::Walk;

/// The loaded project: its root and the two renderers (layouts and typesetting engine),
/// shared by all documents.
pub struct Project {
    /// The project root, canonical.
    pub root: PathBuf,
    pdf: Pdf,
    web: Web,
}

impl Project {
    /// Loads layouts and fonts. Problems with them concern every document.
    pub fn load(root: &Path) -> Result<(Project, Vec<Diagnostic>), Vec<Diagnostic>> {
        let root = root.canonicalize().map_err(|e| {
            vec![Diagnostic::error(format!(
                "kan inte öppna projektmappen: {e}"
            ))]
        })?;
        let (pdf, warnings) = Pdf::load(&root)?;
        let web = Web::load(&root)?;
        Ok((Project { root, pdf, web }, warnings))
    }

    /// Keeps each document's typst world between builds, so that a rebuild is incremental.
    pub fn keep_worlds(&mut self) {
        self.pdf.keep_worlds();
    }

    /// Has `hook` told each document's preview pages as soon as they are rendered, before the
    /// PDF is made (the outcome follows when the PDF is written).
    pub fn on_pages(&mut self, hook: PagesHook) {
        self.pdf.on_pages(hook);
    }

    /// Tells the kept worlds which files changed on disk, so that they read them again.
    pub fn forget(&self, changed: &[PathBuf]) {
        self.pdf.forget(changed);
    }

    /// Drops the kept world of a document that is gone.
    pub fn drop_world(&self, name: &Path) {
        self.pdf.drop_world(name);
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
    /// what it makes, timed by name: load, trail, context, narrative (with its one walk), then
    /// each renderer asked for. A stage that cannot make its output ends the way; what every
    /// stage found is in [`Produced::diagnostics`].
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
        let values = run.time("sammanhang", || Values::of(&document, &tables));
        let Some((narrative, walk, placed)) = run.stage("berättelse", || {
            self.narrative(&document, &values, &tables)
        }) else {
            return self.finish(out, run, reference, options);
        };
        // The figures the prose quotes join the trail; the JSON is written with the editions.
        if options.write {
            trail.quoted(&narrative.quoted);
            out.figures = Some(trail.json());
        }
        let report = Report {
            document: &document,
            values: &values,
            narrative: &narrative,
            walk: &walk,
            placed: &placed,
            tables: &tables,
            trail: &trail,
            figures: out.figures.as_deref(),
        };
        if options.formats.html {
            // The web edition's problems join the others at the end (see `finish`).
            let mut web = Stages::default();
            let page = self.web.render(&report, &options, &mut web);
            run.timings.append(&mut web.timings);
            out.html = page;
            out.html_diagnostics = web.found;
        }
        if options.formats.pdf
            && let Some((pdf, pages)) = self.pdf.render(&report, &options, &mut run)
        {
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

    /// The narrative stage: the body as a tera template (prose quoting data), with what it asks
    /// to place, then walked once as Markdown: the walk says what was placed, and the web
    /// edition and the PDF write its pieces.
    fn narrative(
        &self,
        document: &Document,
        values: &Values,
        tables: &[crate::trail::Printed],
    ) -> (
        Option<(templates::Narrative, Walk, Placed)>,
        Vec<Diagnostic>,
    ) {
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
            &values.tera,
            &document.index_file,
            document.body_first_line,
            &templates::DataFiles {
                kinds: document.kinds(),
                variances: document
                    .statements()
                    .map(|(name, s)| (name.to_owned(), s.unit, variances(name, s)))
                    .collect(),
            },
            &document.unknown,
            &templates::LIMITS,
        ) {
            Ok(narrative) => {
                // Large deviations the prose does not explain either.
                let mut found = document.unexplained(&narrative.explained);
                let walk = crate::render::walk(&self.root, document, &narrative);
                found.extend(walk.diagnostics.iter().cloned());
                // What the narrative placed: the layouts leave it out, and explained rows link
                // to their places.
                let placed = Placed::of_walk(&narrative.placements, &walk);
                (Some((narrative, walk, placed)), found)
            }
            Err(found) => (None, found),
        }
    }
}

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
