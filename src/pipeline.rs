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

use crate::diagnostics::{Diagnostic, Position, display_path};
use crate::document::{self, Document};
use crate::markdown;
use crate::placement::Placed;
use crate::project::{DocumentRef, percent_decode, recording};
pub use crate::project::{project_path, record_read};
use crate::templates::{self, Layouts, TemplateValue};
use crate::typeset::{self, DocumentWorld, Engine, SourceMap};

/// What to do with each document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Write PDFs (`build`); without it only check (`check`).
    pub write: bool,
    /// Also write the generated typst source and the files it uses to `build/<document>/`.
    pub emit_typst: bool,
    /// Plain PDF instead of PDF/A-2a with PDF/UA-1 (tagged either way).
    pub no_pdfa: bool,
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
    /// The pages as SVG, when the preview asked for them and the build succeeded; a page that
    /// did not change since the last build is the same `Arc`.
    pub pages: Vec<Arc<String>>,
    /// Every file the build read (or looked for) and every folder it listed, as paths under
    /// the canonical root: what `watch` rebuilds the document on.
    pub reads: BTreeSet<PathBuf>,
}

impl Outcome {
    /// Whether the document has errors.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Prints the outcome: its diagnostics on stderr, then one line (`✓ a/plan → build/a/plan.pdf
    /// (0,05 s)` or `✗ a/plan: 2 fel`); with `quiet` only problems.
    pub fn print(&self, root: &Path, quiet: bool, verb: &str) {
        print_diagnostics(root, &self.diagnostics);
        let name = self.document.display_name();
        let millis = self.elapsed.as_millis();
        if self.failed() {
            let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("✗ {name}: {errors} fel ({millis} ms)");
        } else if !quiet {
            let written: Vec<String> = [&self.written, &self.written_html]
                .into_iter()
                .flatten()
                .map(|p| display_path(p))
                .collect();
            if written.is_empty() {
                println!("✓ {name}: inga fel ({millis} ms)");
            } else {
                println!("✓ {name} → {} ({verb}, {millis} ms)", written.join(", "));
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
    layouts: Layouts,
    html_layouts: crate::html::Layouts,
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
        let html_layouts = crate::html::Layouts::load(&root)?;
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

    /// Builds (or checks) one document.
    pub fn run_one(&self, reference: &DocumentRef, options: Options) -> Outcome {
        let start = Instant::now();
        let mut diagnostics = Vec::new();
        let mut pages = Vec::new();
        let mut html = None;
        let mut html_diagnostics = Vec::new();
        let (result, reads) = recording(|| {
            self.produce(
                reference,
                options,
                &mut diagnostics,
                &mut pages,
                (&mut html, &mut html_diagnostics),
            )
        });
        // The web edition reports what the PDF's converter reports about the same text: each
        // problem once.
        for d in html_diagnostics {
            if !diagnostics.contains(&d) {
                diagnostics.push(d);
            }
        }
        let failed = diagnostics.iter().any(Diagnostic::is_error);
        let html = html.filter(|_| !failed);
        let result = result.filter(|_| !failed);
        let mut written_html = None;
        if let Some(page) = html.filter(|_| options.write) {
            let target = reference.output().with_extension("html");
            match write_atomically(&self.root.join(&target), page.as_bytes()) {
                Ok(()) => written_html = Some(target),
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("kan inte skriva HTML-filen: {e}")).in_file(target),
                ),
            }
        }
        let (written, bytes) = match result {
            Some(pdf) if options.write => {
                let target = reference.output();
                match write_atomically(&self.root.join(&target), &pdf) {
                    Ok(()) => (Some(target), Some(pdf.len())),
                    Err(e) => {
                        diagnostics.push(
                            Diagnostic::error(format!("kan inte skriva PDF-filen: {e}"))
                                .in_file(target),
                        );
                        (None, Some(pdf.len()))
                    }
                }
            }
            Some(pdf) => (None, Some(pdf.len())),
            None => (None, None),
        };
        Outcome {
            document: reference.clone(),
            diagnostics,
            written,
            written_html,
            bytes,
            elapsed: start.elapsed(),
            pages,
            reads,
        }
    }

    /// The PDF of one document, or `None` with the reasons in `diagnostics`.
    fn produce(
        &self,
        reference: &DocumentRef,
        options: Options,
        diagnostics: &mut Vec<Diagnostic>,
        pages: &mut Vec<Arc<String>>,
        (html, html_diagnostics): (&mut Option<String>, &mut Vec<Diagnostic>),
    ) -> Option<Vec<u8>> {
        // load
        let (document, problems) = document::load(&self.root, reference);
        diagnostics.extend(problems);
        let document = document?;
        let unknown = unknown_values(&document, diagnostics);

        // context
        let values = template_values(&document);
        let mut context = templates::context(&values);

        // narrative: tera, then Markdown → typst
        let table_names: Vec<(String, String)> = document
            .data
            .iter()
            .filter_map(|(name, value)| match value {
                TemplateValue::Map(entries) => {
                    entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
                        ("typ", TemplateValue::Text(t)) => Some((name.clone(), t.clone())),
                        _ => None,
                    })
                }
                _ => None,
            })
            .collect();
        let narrative = match templates::render_narrative(
            &document.body,
            &context,
            &document.index_file,
            document.body_first_line,
            &table_names,
            &unknown,
        ) {
            Ok(n) => n,
            Err(d) => {
                diagnostics.extend(d);
                return None;
            }
        };
        // What the narrative placed: the layouts leave it out, and explained rows link to their
        // places.
        Placed::find(&narrative.text, &narrative.placements).insert_into(&mut context);
        let dir = reference.dir.clone();
        let root = self.root.clone();
        if options.formats.html {
            *html = self.web_edition(&document, &context, &values, &narrative, html_diagnostics);
        }
        if !options.formats.pdf {
            return None;
        }
        let image = move |dest: &str| project_path(&root, &dir, &percent_decode(dest));
        let directives = self.layouts.placements(
            &narrative.placements,
            &context,
            &|name| values.get(name).map(TemplateValue::to_tera),
            diagnostics,
        );
        let converted = markdown::to_typst(
            &narrative.text,
            &markdown::Context {
                file: &document.index_file,
                first_line: document.body_first_line,
                image: &image,
                directives: &directives,
            },
        );
        // A missing image is reported, and typesetting goes on (with its alt text in its place)
        // so that typst's own errors come in the same run.
        diagnostics.extend(converted.diagnostics.iter().cloned());

        // The PDF's date: the document's `datum`, or SOURCE_DATE_EPOCH, so the same input
        // gives the same bytes.
        let pdf_date = document
            .front
            .date
            .or_else(source_date_epoch)
            .unwrap_or_else(|| {
                diagnostics.push(
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

        // layout
        let mut context = context;
        context.insert_value(
            "pdf_datum",
            TemplateValue::Map(vec![
                (
                    "ar".into(),
                    TemplateValue::Integer(i64::from(pdf_date.year)),
                ),
                (
                    "manad".into(),
                    TemplateValue::Integer(i64::from(pdf_date.month)),
                ),
                (
                    "dag".into(),
                    TemplateValue::Integer(i64::from(pdf_date.day)),
                ),
            ])
            .to_tera(),
        );
        context.insert_value("narrativ", tera::Value::safe_string(&converted.typst));
        let layout = document.front.kind.layout();
        let source = match self.layouts.render(layout, &context) {
            Ok(s) => s,
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        };

        // typeset
        let generated = format!("build/{}/main.typ", reference.display_name());
        // A kept world is updated in place; typst then reuses what the edit did not touch.
        let kept = self
            .worlds
            .as_ref()
            .and_then(|w| w.lock().ok()?.remove(&reference.name));
        let world = match kept {
            Some(mut world) => world.update(source.clone(), Some(pdf_date)).map(|()| world),
            None => DocumentWorld::new(
                &self.engine,
                &self.root,
                "/main.typ",
                source.clone(),
                Some(pdf_date),
            ),
        }?;
        let map = NarrativeMap {
            narrative_start: source.find(&converted.typst),
            converted: &converted,
            markdown: &narrative.text,
            file: &document.index_file,
            first_line: document.body_first_line,
        };
        let ident = reference.display_name();
        let tell = |pages: &[Arc<String>]| {
            if let Some(hook) = &self.on_pages {
                hook(reference, pages);
            }
        };
        let export = typeset::Export {
            ident: &ident,
            date: pdf_date,
            archival: !options.no_pdfa,
            preview: options.preview,
            on_pages: Some(&tell),
        };
        let (pdf, rendered, problems) =
            typeset::typeset(&world, &generated, &map, &self.root, &export);
        *pages = rendered;
        diagnostics.extend(problems);
        let files = world.files_read();
        for file in &files {
            record_read(&self.root.join(file));
        }
        if options.emit_typst {
            self.emit_typst(reference, &source, &files, diagnostics);
        }
        if let Some(Ok(mut worlds)) = self.worlds.as_ref().map(Mutex::lock) {
            worlds.insert(reference.name.clone(), world);
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        pdf
    }

    /// The web edition of a document: the same context and narrative through the HTML
    /// renderer.
    fn web_edition(
        &self,
        document: &Document,
        context: &tera::Context,
        values: &BTreeMap<String, TemplateValue>,
        narrative: &templates::Narrative,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let root = &self.root;
        let dir = &document.reference.dir;
        let image = |dest: &str| {
            let path = project_path(root, dir, &percent_decode(dest))?;
            crate::html::data_uri(&root.join(path.trim_start_matches('/'))).map_err(|e| {
                crate::diagnostics::PathError::from(format!("kan inte läsa bilden `{dest}`: {e}"))
            })
        };
        let logo = match document.organisation.as_ref() {
            Some(TemplateValue::Map(entries)) => {
                entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
                    ("logotyp_sökväg", TemplateValue::Text(p)) => {
                        crate::html::data_uri(&root.join(p.trim_start_matches('/'))).ok()
                    }
                    _ => None,
                })
            }
            _ => None,
        };
        let layout = format!(
            "{}.html",
            document.front.kind.layout().trim_end_matches(".typ")
        );
        crate::html::render(
            &self.html_layouts,
            &crate::html::Page {
                layout: &layout,
                context,
                narrative: &narrative.text,
                placements: &narrative.placements,
                data: &|name| values.get(name).map(TemplateValue::to_tera),
                logo,
                file: &document.index_file,
                first_line: document.body_first_line,
                image: &image,
            },
            diagnostics,
        )
    }

    /// Writes the generated source with the fonts and files it uses to `build/<document>/`, so
    /// that the typst CLI alone compiles it:
    /// `typst compile --root build/D --font-path build/D/fonts --ignore-system-fonts build/D/main.typ`.
    fn emit_typst(
        &self,
        reference: &DocumentRef,
        source: &str,
        files: &[String],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let dir = self.root.join("build").join(&reference.name);
        let mut result = std::fs::create_dir_all(dir.join("fonts"))
            .and_then(|()| std::fs::write(dir.join("main.typ"), source));
        for (name, bytes) in self.engine.font_files() {
            let file = Path::new(name).file_name().unwrap_or_default();
            result = result
                .and_then(|()| std::fs::write(dir.join("fonts").join(file), bytes.as_slice()));
        }
        for file in files {
            let target = dir.join(file);
            result = result
                .and_then(|()| std::fs::create_dir_all(target.parent().unwrap_or(&dir)))
                .and_then(|()| std::fs::copy(self.root.join(file), &target).map(|_| ()));
        }
        if let Err(e) = result {
            diagnostics.push(
                Diagnostic::error(format!("kan inte skriva typst-källan: {e}"))
                    .in_file(display_path(dir.strip_prefix(&self.root).unwrap_or(&dir))),
            );
        }
    }
}

/// The names whose values are unknown because loading them failed (already reported): a data
/// file that did not load, the statements an SIE file would have given, a `forbund.yaml` with
/// errors. The narrative's expressions over them are no further errors.
fn unknown_values(document: &Document, found: &[Diagnostic]) -> Vec<String> {
    let failed: Vec<&Path> = found
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    if failed.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = std::fs::read_dir(&document.reference.dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .filter(|n| n != "forbund" && !document.data.contains_key(n))
        .collect();
    if !names.is_empty() {
        for derived in ["resultatrakning", "balansrakning", "kassaflodesanalys"] {
            if !document.data.contains_key(derived) {
                names.push(derived.to_owned());
            }
        }
    }
    if failed
        .iter()
        .any(|f| f.file_name().is_some_and(|n| n == "forbund.yaml"))
    {
        names.push("forbund".to_owned());
    }
    names
}

/// The values templates see: `dokument`, `forbund` and every data file by name.
fn template_values(document: &Document) -> BTreeMap<String, TemplateValue> {
    let mut values = document.data.clone();
    values.insert("dokument".into(), document.front.value.clone());
    // Layouts may always ask for `forbund.namn`, even without a forbund.yaml.
    let mut organisation = document
        .organisation
        .clone()
        .unwrap_or(TemplateValue::Map(Vec::new()));
    if let TemplateValue::Map(entries) = &mut organisation {
        for key in ["namn", "kortnamn", "logotyp_sökväg"] {
            if !entries.iter().any(|(k, _)| k == key) {
                let value = match key {
                    "namn" => TemplateValue::Text(String::new()),
                    _ => TemplateValue::None,
                };
                entries.push((key.into(), value));
            }
        }
        for key in ["adress", "styrelse"] {
            if !entries.iter().any(|(k, _)| k == key) {
                entries.push((key.into(), TemplateValue::List(Vec::new())));
            }
        }
        // Every ledamot has a roll and utsedd_av for layouts, empty when not written.
        for (k, v) in entries.iter_mut() {
            if let ("styrelse", TemplateValue::List(members)) = (k.as_str(), v) {
                for member in members {
                    if let TemplateValue::Map(fields) = member {
                        for key in ["roll", "utsedd_av"] {
                            if !fields.iter().any(|(k, _)| k == key) {
                                fields.push((key.into(), TemplateValue::Text(String::new())));
                            }
                        }
                    }
                }
            }
        }
    }
    values.insert("forbund".into(), organisation);
    // The members' contributions, split by the law, beside each budget that has them.
    for (name, contributions) in &document.contributions {
        if let Some(TemplateValue::Map(entries)) = values.get_mut(name) {
            entries.extend(contributions.template_entries());
        }
    }
    // One column grid for every budget table of the document.
    let budgets: Vec<&crate::model::budget::Budget> =
        document.budgets.iter().map(|(_, b)| b).collect();
    values.insert(
        "budgetkolumn".into(),
        TemplateValue::Text(crate::model::budget::column_sample(&budgets)),
    );
    // Layouts place the standard tables of the first budget (the summary, not a detail budget).
    let summary = document
        .budgets
        .iter()
        .find(|(_, b)| !b.is_detail())
        .map(|(n, _)| n.clone());
    let detail: Vec<TemplateValue> = document
        .budgets
        .iter()
        .filter(|(_, b)| b.is_detail())
        .map(|(n, _)| TemplateValue::Text(n.clone()))
        .collect();
    let budgets: Vec<(String, TemplateValue)> = document
        .budgets
        .iter()
        .filter_map(|(n, _)| values.get(n).map(|v| (n.clone(), v.clone())))
        .collect();
    values.insert("budgetar".into(), TemplateValue::Map(budgets));
    // An årsredovisning numbers its notes (a “Not” column and a Noter section), in print order.
    let annual = document.front.kind == document::Kind::AnnualReport;
    let notes = if annual {
        let typ = |wanted: &str| -> Vec<String> {
            document
                .data
                .iter()
                .filter(|(n, v)| *n != "driftredovisning" && typ_of(v) == Some(wanted))
                .map(|(n, _)| n.clone())
                .collect()
        };
        let mut order = typ("resultaträkning");
        order.extend(typ("balansräkning"));
        order.extend(typ("kassaflödesanalys"));
        order.push("driftredovisning".into());
        crate::model::notes::number(&mut values, &order)
    } else {
        TemplateValue::List(Vec::new())
    };
    values.insert("noter".into(), notes);
    // Every data file by name, for layouts that place them (`data[namn]`).
    let all: Vec<(String, TemplateValue)> = document
        .data
        .keys()
        .filter_map(|n| values.get(n).map(|v| (n.clone(), v.clone())))
        .collect();
    values.insert("data".into(), TemplateValue::Map(all));
    // The statements, the resultaträkning before the balansräkning.
    let mut statements: Vec<(u8, String)> = document
        .data
        .iter()
        .filter_map(|(name, value)| match value {
            TemplateValue::Map(entries) => {
                entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
                    ("typ", TemplateValue::Text(t)) if t == "resultaträkning" => {
                        Some((0, name.clone()))
                    }
                    ("typ", TemplateValue::Text(t)) if t == "balansräkning" => {
                        Some((1, name.clone()))
                    }
                    _ => None,
                })
            }
            _ => None,
        })
        .collect();
    statements.sort();
    let statements: Vec<TemplateValue> = statements
        .into_iter()
        .map(|(_, n)| TemplateValue::Text(n))
        .collect();
    values.insert(
        "standardtabeller".into(),
        TemplateValue::Map(vec![
            (
                "budget".into(),
                summary.map_or(TemplateValue::None, TemplateValue::Text),
            ),
            ("detaljbudgetar".into(), TemplateValue::List(detail)),
            ("rapporter".into(), TemplateValue::List(statements)),
            (
                "kassaflodesanalys".into(),
                named(&document.data, "kassaflodesanalys"),
            ),
            (
                "driftredovisning".into(),
                named(&document.data, "driftredovisning"),
            ),
        ]),
    );
    values
}

/// A data value's `typ`.
fn typ_of(value: &TemplateValue) -> Option<&str> {
    match value {
        TemplateValue::Map(entries) => entries.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("typ", TemplateValue::Text(t)) => Some(t.as_str()),
            _ => None,
        }),
        _ => None,
    }
}

/// `name` if the document has such a data value, else none (for `standardtabeller`).
fn named(data: &BTreeMap<String, TemplateValue>, name: &str) -> TemplateValue {
    if data.contains_key(name) {
        TemplateValue::Text(name.into())
    } else {
        TemplateValue::None
    }
}

/// `SOURCE_DATE_EPOCH` as a date, if set.
fn source_date_epoch() -> Option<crate::money::Date> {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse::<i64>()
        .ok()?;
    crate::money::Date::from_epoch_seconds(seconds)
}

/// Traces typst errors in the narrative back to the Markdown.
struct NarrativeMap<'a> {
    narrative_start: Option<usize>,
    converted: &'a markdown::Converted,
    markdown: &'a str,
    file: &'a str,
    first_line: usize,
}

impl SourceMap for NarrativeMap<'_> {
    fn locate(&self, offset: usize) -> Option<(String, Position)> {
        let start = self.narrative_start?;
        let within = offset.checked_sub(start)?;
        if within >= self.converted.typst.len() {
            return None;
        }
        let md = self.converted.markdown_offset(within)?;
        let p = Position::of_offset(self.markdown, md);
        Some((
            self.file.to_owned(),
            Position {
                line: p.line + self.first_line - 1,
                column: p.column,
            },
        ))
    }
}

/// Writes beside the target and renames, so a reader never sees half a PDF and a failure
/// leaves the previous one in place.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let doc = root.join("content/a");
        std::fs::create_dir_all(&doc).unwrap();
        std::fs::write(doc.join("bild.png"), b"x").unwrap();
        std::fs::write(root.join("utanför.png"), b"x").unwrap();
        assert_eq!(
            project_path(root, &doc, "bild.png").unwrap(),
            "/content/a/bild.png"
        );
        assert!(project_path(root, &doc, "../../utanför.png").is_ok());
        assert!(
            project_path(root, &doc, "saknas.png")
                .unwrap_err()
                .message
                .contains("finns inte")
        );
        // A name that differs in case: the suggestion on its own `tips:` line.
        let missing = project_path(root, &doc, "Bild.png").unwrap_err();
        assert_eq!(
            missing.message,
            "filen `Bild.png` finns inte (sökt i content/a)"
        );
        assert_eq!(missing.hint.as_deref(), Some("menade du `bild.png`?"));
        assert!(
            project_path(root, &doc, "/etc/passwd")
                .unwrap_err()
                .message
                .contains("absolut")
        );
        assert!(project_path(root, &doc, "../../../etc/passwd").is_err());
        assert!(
            project_path(root, &doc, "https://x.se/a.png")
                .unwrap_err()
                .message
                .contains("nätet")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/passwd", doc.join("länk.png")).unwrap();
            assert!(
                project_path(root, &doc, "länk.png")
                    .unwrap_err()
                    .message
                    .contains("utanför")
            );
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("min%20bild.png"), "min bild.png");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn atomic_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x/a.pdf");
        write_atomically(&target, b"one").unwrap();
        write_atomically(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path().join("x")).unwrap().count(), 1);
    }
}
