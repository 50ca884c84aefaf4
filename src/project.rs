//! The discover stage: the project root, its documents, and the `forbund.yaml` each inherits.
//!
//! A project is a folder holding `content/`. Every folder under `content/` with an `index.md`
//! is a document, built to `build/<the same path>.pdf`.

use std::path::{Path, PathBuf};

use crate::diagnostics::display_path;

/// A document found in the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRef {
    /// The document's folder relative to `content/` (`goteborg/verksamhetsplan-2021`).
    pub name: PathBuf,
    /// The document's folder on disk.
    pub dir: PathBuf,
}

impl DocumentRef {
    /// The `index.md` relative to the project root, for messages.
    pub fn index_file(&self) -> String {
        format!("content/{}/index.md", display_path(&self.name))
    }

    /// The name as users see it (`goteborg/verksamhetsplan-2021`).
    pub fn display_name(&self) -> String {
        display_path(&self.name)
    }

    /// Where its PDF goes, relative to the project root.
    pub fn output(&self) -> PathBuf {
        // Not `set_extension`: a folder named `rapport-1.2` keeps its dot.
        let mut file = self.name.file_name().unwrap_or_default().to_os_string();
        file.push(".pdf");
        PathBuf::from("build").join(&self.name).with_file_name(file)
    }
}

/// The nearest folder from `start` upward that holds `content/`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("content").is_dir())
        .map(Path::to_path_buf)
}

/// Every document under `root/content`, sorted by name.
pub fn discover(root: &Path) -> Vec<DocumentRef> {
    let content = root.join("content");
    let mut documents: Vec<DocumentRef> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() == "index.md")
        .filter_map(|e| {
            let dir = e.path().parent()?.to_path_buf();
            let name = dir.strip_prefix(&content).ok()?.to_path_buf();
            if name.as_os_str().is_empty() {
                return None;
            }
            Some(DocumentRef { name, dir })
        })
        .collect();
    documents.sort_by(|a, b| a.name.cmp(&b.name));
    documents
}

/// The documents the user named: a document folder, or a folder holding documents, given
/// relative to the working directory, the project root or `content/`. Unknown names come back
/// as the error.
pub fn select(
    all: &[DocumentRef],
    root: &Path,
    names: &[String],
) -> Result<Vec<DocumentRef>, String> {
    if names.is_empty() {
        return Ok(all.to_vec());
    }
    let content = root.join("content");
    let mut chosen: Vec<DocumentRef> = Vec::new();
    for name in names {
        let trimmed = name.trim_end_matches(['/', '\\']);
        let candidates = [
            std::env::current_dir().map(|d| d.join(trimmed)).ok(),
            Some(root.join(trimmed)),
            Some(content.join(trimmed)),
        ];
        let dir = candidates
            .into_iter()
            .flatten()
            .filter_map(|c| c.canonicalize().ok())
            .find(|c| {
                c.starts_with(&content) || content.canonicalize().is_ok_and(|r| c.starts_with(r))
            });
        let Some(dir) = dir else {
            return Err(format!("hittar inget dokument `{name}` under content/"));
        };
        let canonical_content = content.canonicalize().unwrap_or(content.clone());
        let matching: Vec<&DocumentRef> = all
            .iter()
            .filter(|d| canonical_content.join(&d.name).starts_with(&dir))
            .collect();
        if matching.is_empty() {
            return Err(format!(
                "`{name}` innehåller inget dokument (ingen index.md)"
            ));
        }
        for d in matching {
            if !chosen.contains(d) {
                chosen.push(d.clone());
            }
        }
    }
    chosen.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(chosen)
}

/// The `forbund.yaml` a document inherits: in its folder or the nearest one above, up to
/// `content/`.
pub fn organisation_file(root: &Path, document: &DocumentRef) -> Option<PathBuf> {
    let content = root.join("content");
    document
        .dir
        .ancestors()
        .take_while(|dir| dir.starts_with(&content))
        .map(|dir| dir.join("forbund.yaml"))
        .find(|file| file.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_documents_and_their_organisation() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for doc in ["a/plan", "a/rapport", "b"] {
            std::fs::create_dir_all(root.join("content").join(doc)).unwrap();
            std::fs::write(
                root.join("content").join(doc).join("index.md"),
                "---\n---\n",
            )
            .unwrap();
        }
        std::fs::write(root.join("content/a/forbund.yaml"), "namn: A\n").unwrap();
        std::fs::create_dir_all(root.join("content/a/plan/sub")).unwrap();
        let docs = discover(root);
        let names: Vec<String> = docs.iter().map(DocumentRef::display_name).collect();
        assert_eq!(names, ["a/plan", "a/rapport", "b"]);
        assert_eq!(docs[0].output(), PathBuf::from("build/a/plan.pdf"));
        assert!(organisation_file(root, &docs[0]).is_some());
        assert!(organisation_file(root, &docs[2]).is_none());
        assert_eq!(
            find_root(&root.join("content/a/plan/sub")).as_deref(),
            Some(root)
        );

        let chosen = select(&docs, root, &["a".to_string()]).unwrap();
        assert_eq!(chosen.len(), 2);
        let chosen = select(&docs, root, &["content/b".to_string()]).unwrap();
        assert_eq!(chosen[0].display_name(), "b");
        assert!(select(&docs, root, &["finns-inte".to_string()]).is_err());
    }

    #[test]
    fn dotted_names_keep_their_dot() {
        let d = DocumentRef {
            name: PathBuf::from("x/rapport-1.2"),
            dir: PathBuf::new(),
        };
        assert_eq!(d.output(), PathBuf::from("build/x/rapport-1.2.pdf"));
    }
}
