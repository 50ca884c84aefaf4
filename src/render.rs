//! The typed report every renderer reads, and the renderers at the edge.
//!
//! By the time a document reaches a renderer, everything about it is decided: the checked data
//! with every figure computed and its origin ([`Report::document`], [`Report::tables`],
//! [`Report::trail`]), the narrative after tera, walked once ([`Report::walk`]), and what it
//! places ([`Report::placed`]). A `Renderer` turns that into one output: [`pdf::Pdf`] (typst
//! markup, the layouts `layouts/*.typ`, typeset to PDF) or [`web::Web`] (HTML through
//! `layouts/*.html`). Each owns its generic [`Layouts`](crate::templates::Layouts) and adds its
//! own names to the template values only at its edge; neither computes a figure.

pub mod attach;
pub mod pdf;
pub mod web;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, PathError};
use crate::document::Document;
use crate::markdown::Reference;
use crate::placement::Placed;
use crate::project::{percent_decode, project_path};
use crate::templates::Narrative;
use crate::trail::{Printed, Trail};
use crate::walker::Walk;

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

/// The template values of a document: the context stage's projection of the typed document
/// (names → values, and the tera context made of them), which the narrative reads and each
/// renderer extends at its edge.
pub struct Values {
    /// Each top-level name's value.
    pub map: BTreeMap<String, tera::Value>,
    /// The same values as a tera context.
    pub tera: tera::Context,
}

impl Values {
    /// The values of a typed document, with the printed tables of its trail.
    pub fn of(document: &Document, tables: &[Printed]) -> Values {
        let map = crate::context::values(document, tables);
        let tera = crate::context::context(&map);
        Values { map, tera }
    }

    /// A data file's value by its name.
    pub fn data(&self, name: &str) -> Option<tera::Value> {
        self.map.get(name).cloned()
    }

    /// The tera context with what the narrative placed (`innehall_placerad`, `placerade`,
    /// `avvikelseankare`): where a renderer's own names go in.
    pub fn with_placed(&self, placed: &Placed) -> tera::Context {
        let mut tera = self.tera.clone();
        placed.insert_into(&mut tera);
        tera
    }
}

/// One document, checked, computed and narrated: what every renderer reads.
pub struct Report<'a> {
    /// The document: front matter, förbund, the typed data.
    pub document: &'a Document,
    /// Its template values.
    pub values: &'a Values,
    /// The narrative after tera: its text, what it places, the rows it explains.
    pub narrative: &'a Narrative,
    /// The narrative's Markdown, walked once.
    pub walk: &'a Walk,
    /// What the narrative placed.
    pub placed: &'a Placed,
    /// Every printed table, each cell a figure with its origin.
    pub tables: &'a [Printed],
    /// The revisor's trail of those figures.
    pub trail: &'a Trail,
    /// The trail as JSON (`build/<document>.json`), when the build writes it: the archive PDF
    /// carries it.
    pub figures: Option<&'a str>,
}

/// One output of a report.
pub(crate) trait Renderer {
    /// What it makes.
    type Output;

    /// Renders `report`, timing its stages and keeping what they find in `run`; `None` when it
    /// could not.
    fn render(
        &self,
        report: &Report<'_>,
        options: &Options,
        run: &mut Stages,
    ) -> Option<Self::Output>;
}

/// A narrative's image as a project path (`/content/a/bild.png`): refused when it lies outside
/// the project or is missing, and, before anything decodes it, when it has more pixels than
/// arshjul decodes (a decompression bomb). The walk resolves every image here, for both
/// editions.
pub fn narrative_image(root: &Path, dir: &Path, dest: &str) -> Result<String, PathError> {
    let path = project_path(root, dir, &percent_decode(dest))?;
    crate::project::refuse_huge_image(&root.join(path.trim_start_matches('/')))?;
    Ok(path)
}

/// What to say about a narrative's reference to a project file: a link without a scheme that
/// leads out of the project or nowhere, an image so large that the outputs swell.
pub fn reference_note(
    root: &Path,
    dir: &Path,
    reference: Reference,
    dest: &str,
) -> Option<Diagnostic> {
    match reference {
        Reference::Link => crate::project::link_problem(root, dir, dest),
        Reference::Image => {
            let path = project_path(root, dir, &percent_decode(dest)).ok()?;
            crate::project::large_image(&root.join(path.trim_start_matches('/')), dest)
        }
    }
}

/// Walks a document's narrative once, its images resolved to project paths and its links
/// checked: the pieces both renderers write.
pub fn walk(root: &Path, document: &Document, narrative: &Narrative) -> Walk {
    let dir = &document.reference.dir;
    let image = |dest: &str| narrative_image(root, dir, dest);
    let check = |reference, dest: &str| reference_note(root, dir, reference, dest);
    let directives = vec![String::new(); narrative.placements.len()];
    crate::walker::walk(
        &narrative.text,
        &crate::walker::Context {
            file: &document.index_file,
            first_line: document.body_first_line,
            image: &image,
            directives: &directives,
            check: &check,
        },
    )
}

/// The stages run so far: their times by name and what they found.
#[derive(Default)]
pub struct Stages {
    /// Each stage that ran, by name, with its time.
    pub(crate) timings: Vec<(&'static str, Duration)>,
    /// What they found.
    pub(crate) found: Vec<Diagnostic>,
}

impl Stages {
    /// Runs a stage, timed, keeping what it found; its output, if it made one.
    pub(crate) fn stage<T>(
        &mut self,
        name: &'static str,
        stage: impl FnOnce() -> (Option<T>, Vec<Diagnostic>),
    ) -> Option<T> {
        let (output, found) = self.time(name, stage);
        self.found.extend(found);
        output
    }

    /// Runs `work`, timed under `name`.
    pub(crate) fn time<T>(&mut self, name: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let output = work();
        self.timings.push((name, start.elapsed()));
        output
    }
}
