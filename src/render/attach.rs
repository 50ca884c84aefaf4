//! What an archive PDF carries: the project files the build read, and the typst markup that
//! attaches them (and the figures JSON) to the PDF/A-3a as associated files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::display_path;

/// The name of the attached figures JSON (the document's `build/<document>.json`).
pub const FIGURES: &str = "figurer.json";

/// The project files an archive PDF carries, as paths from the root (`content/a/index.md`),
/// sorted: every file in `reads` (what the build recorded, see [`crate::project::record_read`])
/// that exists inside the project, and every file of the project's `layouts/` and `fonts/`,
/// which the project loaded before any document. Folders, files only looked for, `build/` and
/// hidden files are left out.
pub fn sources(root: &Path, reads: &BTreeSet<PathBuf>) -> Vec<String> {
    let overrides = ["layouts", "fonts"].into_iter().flat_map(|dir| {
        walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
    });
    let mut files = BTreeSet::new();
    for path in reads.iter().cloned().chain(overrides) {
        let Ok(real) = path.canonicalize() else {
            continue;
        };
        let Ok(inside) = real.strip_prefix(root) else {
            continue;
        };
        let hidden = inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        if real.is_file() && !hidden && !inside.starts_with("build") {
            files.insert(display_path(inside));
        }
    }
    files.into_iter().collect()
}

/// The typst markup that attaches `files` (project paths such as `content/a/index.md`) to the
/// PDF as its sources, and the figures JSON as the data its figures were printed from; appended
/// to the generated source, where it prints nothing. typst reads the files through the World,
/// so they are the bytes the build read, under their project paths.
pub fn markup(files: &[String], figures: Option<&str>) -> String {
    use std::fmt::Write as _;
    let mut markup = String::from("\n");
    for file in files {
        let _ = writeln!(
            markup,
            "#pdf.attach({}, relationship: \"source\", mime-type: {}, description: {})",
            crate::markdown::escape_string(&format!("/{file}")),
            crate::markdown::escape_string(mime_type(file)),
            crate::markdown::escape_string(description(file)),
        );
    }
    if let Some(json) = figures {
        let _ = writeln!(
            markup,
            "#pdf.attach({}, bytes({}), relationship: \"data\", mime-type: \"application/json\", description: \"Dokumentets siffror med deras källor\")",
            crate::markdown::escape_string(FIGURES),
            crate::markdown::escape_string(json),
        );
    }
    markup
}

/// The MIME type of an attached source, by its extension (PDF/A-3 asks for one on every
/// attachment); SIE files and what else has none registered are `application/octet-stream`.
fn mime_type(file: &str) -> &'static str {
    let extension = Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "md" => "text/markdown",
        "yaml" | "yml" => "application/yaml",
        "csv" => "text/csv",
        "json" => "application/json",
        "typ" | "txt" => "text/plain",
        "html" => "text/html",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "ttc" | "otc" => "font/collection",
        _ => "application/octet-stream",
    }
}

/// What an attached source is, for readers' file lists (PDF/UA asks every attachment for a
/// description).
fn description(file: &str) -> &'static str {
    let path = Path::new(file);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let extension = mime_type(file);
    if path.starts_with("layouts") {
        "Projektets layout"
    } else if path.starts_with("fonts") {
        "Projektets typsnitt"
    } else if name == "index.md" {
        "Dokumentets front matter och text"
    } else if name == "forbund.yaml" {
        "Förbundets uppgifter"
    } else if extension == "application/yaml" {
        "Datafil"
    } else if extension == "text/csv" {
        "Statistik (CSV)"
    } else if extension.starts_with("image/") {
        "Bild"
    } else if matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("se" | "si" | "sie")
    ) {
        "Bokföringen (SIE)"
    } else {
        "Källfil"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markup_attaches_each_file_once_under_its_project_path() {
        let markup = markup(
            &[
                "content/a/index.md".into(),
                "content/a/\"konstig\" \\ fil.se".into(),
                "fonts/Egen.ttf".into(),
            ],
            Some("{\"figurer\": [{\"text\": \"1\\n2\"}]}"),
        );
        let lines: Vec<&str> = markup.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                r#"#pdf.attach("/content/a/index.md", relationship: "source", mime-type: "text/markdown", description: "Dokumentets front matter och text")"#,
                r#"#pdf.attach("/content/a/\"konstig\" \\ fil.se", relationship: "source", mime-type: "application/octet-stream", description: "Bokföringen (SIE)")"#,
                r#"#pdf.attach("/fonts/Egen.ttf", relationship: "source", mime-type: "font/ttf", description: "Projektets typsnitt")"#,
                r#"#pdf.attach("figurer.json", bytes("{\"figurer\": [{\"text\": \"1\\n2\"}]}"), relationship: "data", mime-type: "application/json", description: "Dokumentets siffror med deras källor")"#,
            ]
        );
        assert_eq!(super::markup(&[], None).trim(), "");
    }

    #[test]
    fn sources_are_the_project_files_read_and_the_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for file in [
            "content/a/index.md",
            "content/a/budget.yaml",
            "content/a/anteckning.txt",
            "layouts/_omslag.typ",
            "fonts/Egen.ttf",
            "fonts/.DS_Store",
            "build/a.pdf",
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        let reads: BTreeSet<PathBuf> = [
            root.join("content/a/index.md"),
            root.join("content/a/budget.yaml"),
            root.join("content/a"),
            root.join("content/forbund.yaml"),
            root.join("build/a.pdf"),
            dir.path().join("../utanför.yaml"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            sources(&root, &reads),
            [
                "content/a/budget.yaml",
                "content/a/index.md",
                "fonts/Egen.ttf",
                "layouts/_omslag.typ",
            ]
        );
    }
}
