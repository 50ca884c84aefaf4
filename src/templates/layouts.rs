//! The layouts: tera templates, one per document type and output, that put the narrative and
//! the data around it into one page: typst for the PDF, HTML for the web edition. One generic
//! [`Layouts`] serves every [`Output`]: the built-in layouts of its extension, overridden and
//! extended by a project's `layouts/`, with its own escaping, its own filters beside the shared
//! ones, and the tables the narrative places rendered through its `_tabell` layout.

use std::collections::BTreeMap;
use std::io::Write;
use std::marker::PhantomData;
use std::path::Path;

use tera::{Context, Kwargs, State, Tera, Value};

use super::filters::register_filters;
use super::messages::Source;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Typography};
use crate::placement::Placement;

/// `(name, text)` of each file named, from the repository's `layouts/`.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../layouts/", $name)))),*]
    };
}

/// The built-in layouts, embedded at compile time: (name, text), for every output; each
/// output takes those with its extension.
pub const BUILTIN_LAYOUTS: &[(&str, &str)] = embedded![
    "_stil.typ",
    "_omslag.typ",
    "_brevhuvud.typ",
    "_budget.typ",
    "_tabell.typ",
    "rapport.typ",
    "verksamhetsplan.typ",
    "delarsrapport.typ",
    "arsredovisning.typ",
    "_stil.html",
    "_omslag.html",
    "_brevhuvud.html",
    "_budget.html",
    "_medlemsbidrag.html",
    "_rapport.html",
    "_tabell.html",
    "rapport.html",
    "verksamhetsplan.html",
    "delarsrapport.html",
    "arsredovisning.html",
];

/// Layout texts by name, and the names a project overrides.
type LayoutSources = (BTreeMap<String, String>, Vec<String>);

/// The layout texts of a project: the built-in ones with that extension, overridden and
/// extended by the project's `layouts/*.<extension>`; beside them the names the project
/// overrides.
fn layout_sources(root: &Path, extension: &str) -> Result<LayoutSources, Vec<Diagnostic>> {
    let mut templates: BTreeMap<String, String> = BUILTIN_LAYOUTS
        .iter()
        .filter(|(n, _)| Path::new(n).extension().is_some_and(|e| e == extension))
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    let mut overridden = Vec::new();
    let mut problems = Vec::new();
    let dir = root.join("layouts");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != extension) {
                continue;
            }
            let name = crate::diagnostics::display_path(path.strip_prefix(&dir).unwrap_or(path));
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    overridden.push(name.clone());
                    templates.insert(name, text);
                }
                Err(e) => problems.push(
                    Diagnostic::error(format!("kan inte läsa layouten: {e}"))
                        .in_file(format!("layouts/{name}")),
                ),
            }
        }
    }
    if problems.is_empty() {
        Ok((templates, overridden))
    } else {
        Err(problems)
    }
}

/// A kind of output that layouts produce: typst for the PDF ([`Typst`]), HTML for the web
/// edition ([`crate::html::Html`]).
pub trait Output {
    /// The layouts' file extension (`typ`): of the built-in ones this output takes and of a
    /// project's `layouts/*.typ`; tera escapes the values in templates with it.
    const EXTENSION: &'static str;
    /// What stands in the narrative where it places the table of contents.
    const CONTENTS: &'static str;
    /// The escape tera applies to the values a layout puts into this output.
    fn escape(input: &str, output: &mut dyn Write) -> std::io::Result<()>;
    /// Registers this output's own filters and tests, beside the shared number and date filters.
    fn register(tera: &mut Tera);
    /// A table rendered by `_tabell` as it stands in the narrative.
    fn placed(code: &str) -> String;
}

/// The layouts of a project for one output: the built-in ones, overridden and extended by the
/// project's `layouts/*.<extension>`.
pub struct Layouts<O: Output> {
    tera: Tera,
    overridden: Vec<String>,
    sources: BTreeMap<String, String>,
    output: PhantomData<fn() -> O>,
}

impl<O: Output> Layouts<O> {
    /// Loads the built-in layouts and those of the project at `root`.
    pub fn load(root: &Path) -> Result<Layouts<O>, Vec<Diagnostic>> {
        let (templates, overridden) = layout_sources(root, O::EXTENSION)?;
        let mut tera = Tera::new();
        tera.set_escape_fn(O::escape);
        tera.autoescape_on(vec![format!(".{}", O::EXTENSION)]);
        register_filters(&mut tera);
        O::register(&mut tera);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| vec![layouts_error(&e, &overridden, &templates)])?;
        Ok(Layouts {
            tera,
            overridden,
            sources: templates,
            output: PhantomData,
        })
    }

    /// Whether a layout of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders the layout `name`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| layouts_error(&e, &self.overridden, &self.sources))
    }

    /// The code of each placement, by the number of its mark: the table of contents
    /// ([`Output::CONTENTS`]), and tables through `_tabell.<extension>` with `b` (the data
    /// file's value, from `data`) and `del`. A table that fails to render is reported and left
    /// empty. Both editions place what their narrative asks for here.
    pub fn placements(
        &self,
        placements: &[Placement],
        context: &Context,
        data: &dyn Fn(&str) -> Option<Value>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<String> {
        let table = format!("_tabell.{}", O::EXTENSION);
        placements
            .iter()
            .map(|placement| match placement {
                Placement::Contents => O::CONTENTS.to_owned(),
                Placement::Table { data: name, part } => {
                    let mut context = context.clone();
                    if let Some(b) = data(name) {
                        context.insert_value("b", b);
                    }
                    context.insert("del", Placement::part_name(*part));
                    match self.render(&table, &context) {
                        Ok(code) => O::placed(&code),
                        Err(d) => {
                            diagnostics.push(d);
                            String::new()
                        }
                    }
                }
            })
            .collect()
    }
}

/// The most characters a string from `| str` keeps (see the filter).
const MAX_PDF_STRING: usize = 16_000;

/// The PDF's layouts: `layouts/*.typ`, which make typst markup.
pub struct Typst;

impl Output for Typst {
    const EXTENSION: &'static str = "typ";
    const CONTENTS: &'static str = "#arshjul-innehall()";

    /// typst escaping for values that layouts put into typst markup, with Swedish typography.
    fn escape(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
        let typographed = Typography::default().apply(input);
        output.write_all(markdown::escape_markup(&typographed).as_bytes())
    }

    /// `| str`: a value as a typst string literal.
    fn register(tera: &mut Tera) {
        tera.register_filter("str", |value: &Value, _: Kwargs, _: &State| {
            let mut text = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            // Strings the layouts make become the PDF's metadata and alt texts, which PDF/A
            // allows up to 32 767 bytes (UTF-16: two a character): the alt text made from a
            // table of thousands of rows is cut, not the build.
            if let Some((cut, _)) = text.char_indices().nth(MAX_PDF_STRING) {
                text.truncate(cut);
                text.push('…');
            }
            Value::safe_string(&markdown::escape_string(&text))
        });
    }

    /// A table on lines of its own, a block in the typst markup around it.
    fn placed(code: &str) -> String {
        format!("\n{}\n", code.trim())
    }
}

/// A layout's error, at its place in a project's own layout; in a built-in one, naming it.
fn layouts_error(
    error: &tera::Error,
    overridden: &[String],
    sources: &BTreeMap<String, String>,
) -> Diagnostic {
    let mut template = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some(r.filename().to_owned())
        }
        _ => None,
    };
    if template.is_none()
        && let tera::ErrorKind::Msg(m) = error.kind()
        && let Some(place) = m.lines().find_map(|l| l.trim_start().strip_prefix("--> "))
    {
        template = place.rsplitn(3, ':').nth(2).map(str::to_owned);
    }
    let name = template.unwrap_or_default();
    let own = overridden.contains(&name);
    let file = if own {
        format!("layouts/{name}")
    } else {
        name.clone()
    };
    let source = Source {
        body: sources.get(&name).map_or("", String::as_str),
        file: &file,
        first_line: 1,
        context: None,
        unknown: &[],
        instrumented: None,
    };
    let mut d = source
        .diagnostic(error)
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::error("mallfel").in_file(&file));
    if !own {
        d.file = None;
        d.position = None;
        d.message = format!("i den inbyggda layouten {name}: {}", d.message);
    }
    d
}
