//! The discover stage: the project root, its documents, and the `forbund.yaml` each inherits.
//!
//! A project is a folder holding `content/`. Every folder under `content/` with an `index.md`
//! is a document, built to `build/<the same path>.pdf`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

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
    organisation_folders(root, document)
        .map(|dir| dir.join("forbund.yaml"))
        .find(|file| file.is_file())
}

/// The folders searched for a document's `forbund.yaml`, nearest first: its own, then each
/// one above, up to `content/`.
pub fn organisation_folders<'a>(
    root: &Path,
    document: &'a DocumentRef,
) -> impl Iterator<Item = &'a Path> {
    let content = root.join("content");
    document
        .dir
        .ancestors()
        .take_while(move |dir| dir.starts_with(&content))
}

thread_local! {
    /// The files read by the builds running on this thread: a stack, because a thread waiting
    /// in typst may run another document's build meanwhile.
    static READS: RefCell<Vec<BTreeSet<PathBuf>>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the build running on this thread read `path` (or looked for it, or listed it if
/// it is a folder), so that `watch` rebuilds the document when it changes.
pub fn record_read(path: &Path) {
    READS.with(|reads| {
        if let Some(set) = reads.borrow_mut().last_mut() {
            set.insert(lexically_normal(path));
        }
    });
}

/// Runs `build` and returns, beside its result, every path it recorded with [`record_read`].
pub(crate) fn recording<T>(build: impl FnOnce() -> T) -> (T, BTreeSet<PathBuf>) {
    READS.with(|reads| reads.borrow_mut().push(BTreeSet::new()));
    let result = build();
    let reads = READS.with(|reads| reads.borrow_mut().pop().unwrap_or_default());
    (result, reads)
}

/// The paths the build running on this thread has recorded so far (see [`record_read`]): what
/// the archive PDF attaches as its sources.
pub(crate) fn recorded() -> BTreeSet<PathBuf> {
    READS.with(|reads| reads.borrow().last().cloned().unwrap_or_default())
}

/// `a/b/../c` as `a/c`, without asking the file system (the file may not exist).
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Resolves `relative` (from a document or `forbund.yaml` in `base`) to a path from the
/// project root (`/content/a/bild.png`), refusing what lies outside the project or is missing.
/// The file is recorded as read (see [`record_read`]), also when it is missing.
pub fn project_path(
    root: &Path,
    base: &Path,
    relative: &str,
) -> Result<String, crate::diagnostics::PathError> {
    if relative.contains("://") || relative.starts_with("data:") {
        return Err(format!(
            "`{relative}` är en webbadress: arshjul hämtar ingenting från nätet; lägg filen i dokumentets mapp"
        )
        .into());
    }
    if relative.trim().is_empty() {
        return Err(String::from("sökvägen är tom").into());
    }
    if Path::new(relative).is_absolute() {
        return Err(format!(
            "`{relative}` är en absolut sökväg; ange den relativt dokumentets mapp"
        )
        .into());
    }
    let joined = base.join(relative);
    record_read(&joined);
    let real = joined
        .canonicalize()
        .map_err(|_| crate::diagnostics::PathError {
            message: format!(
                "filen `{relative}` finns inte (sökt i {})",
                shown(root, base)
            ),
            hint: crate::diagnostics::similar_file(&joined).map(|n| format!("menade du `{n}`?")),
        })?;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let inside = real
        .strip_prefix(&canonical_root)
        .map_err(|_| format!("`{relative}` ligger utanför projektet och kan inte användas"))?;
    if !real.is_file() {
        return Err(format!("`{relative}` är ingen fil").into());
    }
    record_read(&real);
    Ok(format!("/{}", display_path(inside)))
}

fn shown(root: &Path, dir: &Path) -> String {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    match dir.strip_prefix(&canonical_root) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
        Ok(rel) => display_path(rel),
        Err(_) => display_path(&dir),
    }
}

/// Markdown link destinations may hold `%20` and the like.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Reads a text file (see [`crate::decode`]): UTF-8, UTF-16 with a byte-order mark, or
/// Windows-1252 as Swedish offices (and Excel's CSV) save them, with a note in `notes` that
/// UTF-8 is preferred. A UTF-8 file with a stray byte is the error, at the byte. `what` names
/// the file in the error (“kan inte läsa CSV-filen: …”).
pub fn read_text(
    path: &Path,
    shown: &str,
    what: &str,
    notes: &mut Vec<crate::diagnostics::Diagnostic>,
) -> Result<String, crate::diagnostics::Diagnostic> {
    record_read(path);
    let bytes = std::fs::read(path).map_err(|e| {
        crate::diagnostics::Diagnostic::error(format!("kan inte läsa {what}: {e}")).in_file(shown)
    })?;
    let decoded = crate::decode::text(&bytes).map_err(|e| e.error(shown))?;
    if decoded.source == crate::decode::Source::Legacy {
        notes.push(crate::decode::legacy_note(shown));
    }
    Ok(decoded.text)
}

/// Reads a file's bytes, recording the read.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    record_read(path);
    std::fs::read(path)
}

/// Reads and parses a YAML file; `None` with the problem in `problems` when it cannot be read
/// or parsed.
pub fn read_yaml(
    path: &Path,
    shown: &str,
    problems: &mut Vec<crate::diagnostics::Diagnostic>,
) -> Option<crate::yaml::Node> {
    let parsed = read_text(path, shown, "filen", problems)
        .and_then(|text| crate::yaml::parse(&text, shown, 0));
    parsed.map_err(|d| problems.push(d)).ok()
}

/// Writes beside the target and renames, so a reader never sees half a PDF and a failure
/// leaves the previous one in place.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
