//! The web edition: the report through the HTML layouts (`layouts/*.html`), one
//! self-contained page per document (see [`crate::html`]).

use std::path::{Path, PathBuf};

use super::{Options, Renderer, Report, Stages};
use crate::diagnostics::{Diagnostic, PathError};
use crate::html::Html;
use crate::templates::Layouts;

/// The web edition's renderer: the project's HTML layouts.
pub struct Web {
    root: PathBuf,
    layouts: Layouts<Html>,
}

impl Renderer for Web {
    type Output = String;

    /// The stage `webbversion`.
    fn render(&self, report: &Report<'_>, _: &Options, run: &mut Stages) -> Option<String> {
        run.stage("webbversion", || {
            let mut found = Vec::new();
            let page = self.page(report, &mut found);
            (page, found)
        })
    }
}

impl Web {
    /// Loads the project's HTML layouts.
    pub fn load(root: &Path) -> Result<Web, Vec<Diagnostic>> {
        Ok(Web {
            root: root.to_owned(),
            layouts: Layouts::load(root)?,
        })
    }

    /// The page of a report; what rendering it finds goes to `found`.
    fn page(&self, report: &Report<'_>, found: &mut Vec<Diagnostic>) -> Option<String> {
        let root = &self.root;
        let document = report.document;
        // Each image the walk resolved, embedded.
        let image = |path: &str, dest: &str| {
            crate::html::data_uri(&root.join(path.trim_start_matches('/')))
                .map_err(|e| PathError::from(format!("kan inte läsa bilden `{dest}`: {e}")))
        };
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
        crate::html::render(
            &self.layouts,
            &crate::html::Page {
                layout: &layout,
                walk: report.walk,
                placements: &report.narrative.placements,
                data: &|name| report.values.data(name),
                tables: &tables,
                logo,
                image: &image,
                trail: (report.tables, report.trail),
            },
            report.values.with_placed(report.placed),
            found,
        )
    }
}
