//! A document's web page: the HTML layouts as an [`Output`] of the generic [`Layouts`] (HTML
//! escaping, the chart and link filters), and the page rendered through them around the
//! narrative's HTML, the tables it places and the footnotes; [`finish`] then adds the contents.

use std::io::Write;

use tera::{Context as TeraContext, Kwargs, State, Tera, Value};

use super::chart::{drawings, drawn};
use super::contents::{CONTENTS_MARK, finish};
use super::writer::{escape_attr, write_html};
use crate::diagnostics::Diagnostic;
use crate::names::DRAWINGS;
use crate::placement::Placement;
use crate::templates::{Layouts, Output};
use crate::walker::{Typography, check_link};

/// The web edition's layouts: `layouts/*.html`, which make HTML. Tera escapes every value for
/// HTML (after Swedish typography).
pub struct Html;

impl Output for Html {
    const EXTENSION: &'static str = "html";
    const CONTENTS: &'static str = CONTENTS_MARK;

    /// The escape tera applies to values in HTML layouts: Swedish typography, then HTML escaping
    /// safe for attributes too.
    fn escape(input: &str, output: &mut dyn Write) -> std::io::Result<()> {
        let typographed = Typography::default().apply(input);
        output.write_all(escape_attr(&typographed).as_bytes())
    }

    /// `| diagram`, `| url` and `is lank`.
    fn register(tera: &mut Tera) {
        tera.register_filter(
            "diagram",
            |value: &Value, _: Kwargs, state: &State| -> tera::TeraResult<Value> {
                // Drawn from the typed table whose value this is (see [`DRAWINGS`]).
                let drawings: Option<Value> = state.get(DRAWINGS)?;
                drawings.and_then(|d| drawn(&d, value)).ok_or_else(|| {
                    tera::Error::message(
                        "`| diagram` ritar bara en datafil med `typ: tabell` (t.ex. `{{ b | diagram }}` i `_tabell.html`)",
                    )
                })
            },
        );
        // `{{ x | url }}`: an href as written, HTML-escaped but without Swedish typography
        // (which would turn `--` in an address into a dash).
        tera.register_filter("url", |value: &str, _: Kwargs, _: &State| {
            Value::safe_string(&escape_attr(value))
        });
        // `{% if x is lank %}`: a value from forbund.yaml or front matter may become an href only
        // with a scheme a link may have (the same rule as the narrative's links).
        tera.register_test("lank", |value: &str, _: Kwargs, _: &State| {
            !value.trim().is_empty() && check_link(value).is_ok()
        });
    }

    /// A table is a block of its own: the writer closes the paragraph around it.
    fn placed(code: &str) -> String {
        code.trim().to_owned()
    }
}

/// Everything a document's web edition needs from the pipeline.
pub struct Page<'a> {
    /// The layout to use (`verksamhetsplan`: `verksamhetsplan.html`).
    pub layout: &'a str,
    /// The narrative, walked.
    pub walk: &'a crate::walker::Walk,
    /// What the narrative asked to place, by the numbers in its marks.
    pub placements: &'a [Placement],
    /// A data file's value by its name, for the tables the narrative places.
    pub data: &'a dyn Fn(&str) -> Option<Value>,
    /// The document's `typ: tabell` data files by name, which `| diagram` draws.
    pub tables: &'a [(&'a str, &'a crate::model::table::Table)],
    /// `forbund.logotyp`, as a data URI, if there is one.
    pub logo: Option<String>,
    /// An image the walk resolved (its project path, and as written) as a `data:` URI.
    pub image: &'a dyn Fn(&str, &str) -> Result<String, crate::diagnostics::PathError>,
    /// The document's printed tables and their trail, for the Underlag.
    pub trail: (&'a [crate::trail::Printed], &'a crate::trail::Trail),
}

/// Where the Underlag goes: the layouts' `{{ underlag_markor }}`; [`render`] replaces it with
/// the trail of the rows the page printed. A comment, so that nothing a writer types (always
/// escaped) can produce it.
const UNDERLAG_MARK: &str = "<!--arshjul:underlag-->";

/// Renders one document's page from `context`, the template values with what the narrative
/// placed (the PDF's layouts get the same), to which the page adds its own names; the problems
/// found go to `diagnostics`.
pub fn render(
    layouts: &Layouts<Html>,
    page: &Page<'_>,
    mut context: TeraContext,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    // Each chart drawn once from its typed table, found by `| diagram` through its value.
    let charts: Vec<(Value, &crate::model::table::Table)> = page
        .tables
        .iter()
        .filter_map(|(name, table)| Some(((page.data)(name)?, *table)))
        .collect();
    // The tables' rows link to their Underlag: `underlagsankare[namn][rad]` is the id.
    let (tables, trail) = page.trail;
    context.insert_value(DRAWINGS, drawings(&charts));
    context.insert("underlagsankare", &super::underlag::anchors(tables, trail));
    // What the narrative placed, in the order of its marks: the contents (filled in by
    // [`finish`]), and tables through the layouts' `_tabell.html`.
    let directives = layouts.placements(page.placements, &context, page.data, diagnostics);
    let converted = write_html(page.walk, &directives, page.image);
    diagnostics.extend(converted.diagnostics);
    context.insert_value("innehall_markor", Value::safe_string(CONTENTS_MARK));
    context.insert_value("underlag_markor", Value::safe_string(UNDERLAG_MARK));
    context.insert_value("narrativ", Value::safe_string(&converted.html));
    context.insert_value("fotnoter", Value::safe_string(&converted.footnotes));
    if let Some(logo) = &page.logo {
        context.insert("logotyp_uri", &escape_attr(logo));
    }
    let html = match layouts.render(page.layout, &context) {
        Ok(html) => html,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    // The Underlag of the rows whose names the page links, where the layout marks it.
    let rows: std::collections::HashSet<&str> = html
        .match_indices(" id=\"underlag-")
        .filter_map(|(at, _)| {
            let id = &html[at + 5..];
            id.find('"').map(|end| &id[..end])
        })
        .filter_map(|id| id.strip_suffix("-rad"))
        .collect();
    let linked = |id: &str| rows.contains(id);
    let section = super::underlag::section(tables, trail, &linked);
    Some(finish(&html.replacen(UNDERLAG_MARK, &section, 1)))
}
