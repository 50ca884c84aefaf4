//! Rebuilding a PDF's document: its sources written into a temporary project, and the
//! document built there again as an archive PDF.

use std::path::{Component, Path, PathBuf};

use super::Failure;
use crate::pipeline::{Formats, Options, Project};

/// Writes the PDF's `sources` (each a project path and its bytes) under `root`; a name that
/// leads outside the project is the failure. `shown` names the PDF in messages.
pub(super) fn write_sources(
    root: &Path,
    sources: &[(&String, &Vec<u8>)],
    shown: &impl std::fmt::Display,
) -> Result<(), Failure> {
    for (name, data) in sources {
        let target = inside(root, name).ok_or_else(|| {
            Failure::content(format!(
                "{shown} bär filen `{name}`, vars namn leder utanför projektet: den kan inte vara en källfil"
            ))
        })?;
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, data));
        written.map_err(|e| Failure {
            message: format!("kan inte skriva källfilen {name} i en tillfällig mapp: {e}"),
            code: 2,
        })?;
    }
    Ok(())
}

/// `name` (a path from the project root, `/`-separated) under `root`; `None` when it would lead
/// elsewhere (absolute, `..`, empty).
fn inside(root: &Path, name: &str) -> Option<PathBuf> {
    let relative = Path::new(name);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (plain && !name.is_empty() && !name.contains('\\')).then(|| root.join(relative))
}

/// Builds `document` of the project at `root` as an archive PDF and returns its bytes; the
/// build's errors are the failure.
pub(super) fn rebuild(root: &Path, document: &str) -> Result<Vec<u8>, Failure> {
    let (project, _) = Project::load(root).map_err(|problems| {
        Failure::content(format!(
            "PDF-filens källor går inte att bygga:\n{}",
            rendered(root, &problems)
        ))
    })?;
    let all = crate::project::discover(&project.root);
    let Some(reference) = all.iter().find(|d| d.display_name() == document) else {
        return Err(Failure::content(format!(
            "PDF-filens källor har ingen content/{document}/index.md"
        )));
    };
    let options = Options {
        write: true,
        archive: true,
        formats: Formats {
            pdf: true,
            html: false,
        },
        ..Options::default()
    };
    let outcome = project.run_one(reference, options);
    if outcome.failed() {
        let errors: Vec<_> = outcome
            .diagnostics
            .into_iter()
            .filter(crate::diagnostics::Diagnostic::is_error)
            .collect();
        return Err(Failure::content(format!(
            "PDF-filens källor går inte att bygga med {}:\n{}",
            crate::typeset::CREATOR,
            rendered(&project.root, &errors)
        )));
    }
    let written = project.root.join(reference.output());
    std::fs::read(&written)
        .map_err(|e| Failure::content(format!("den ombyggda PDF-filen kan inte läsas: {e}")))
}

/// Diagnostics as the terminal shows them.
fn rendered(root: &Path, diagnostics: &[crate::diagnostics::Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.render(root)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_stay_inside_the_project() {
        let root = Path::new("/tmp/p");
        assert_eq!(
            inside(root, "content/a/index.md"),
            Some(root.join("content/a/index.md"))
        );
        for bad in [
            "../x",
            "/etc/passwd",
            "content/../../x",
            "",
            "a\\..\\b",
            "./a",
        ] {
            assert_eq!(inside(root, bad), None, "{bad}");
        }
    }
}
