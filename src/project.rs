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
        // A linked index.md is a document too: reading it refuses a link out of the project.
        .filter(|e| {
            e.file_name() == "index.md"
                && (e.file_type().is_file() || e.file_type().is_symlink() && e.path().is_file())
        })
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

/// A build running on a thread: the project it may read from, and what it read.
struct Recording {
    /// The canonical project root: no file outside it is read.
    root: PathBuf,
    /// Every path read, looked for or listed.
    reads: BTreeSet<PathBuf>,
}

thread_local! {
    /// The builds running on this thread: a stack, because a thread waiting in typst may run
    /// another document's build meanwhile.
    static READS: RefCell<Vec<Recording>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the build running on this thread read `path` (or looked for it, or listed it if
/// it is a folder), so that `watch` rebuilds the document when it changes.
pub fn record_read(path: &Path) {
    READS.with(|reads| {
        if let Some(recording) = reads.borrow_mut().last_mut() {
            recording.reads.insert(lexically_normal(path));
        }
    });
}

/// Runs `build`, which reads only inside the project at `root` (canonical), and returns,
/// beside its result, every path it recorded with [`record_read`].
pub(crate) fn recording<T>(root: &Path, build: impl FnOnce() -> T) -> (T, BTreeSet<PathBuf>) {
    READS.with(|reads| {
        reads.borrow_mut().push(Recording {
            root: root.to_path_buf(),
            reads: BTreeSet::new(),
        })
    });
    let result = build();
    let reads = READS.with(|reads| reads.borrow_mut().pop().map(|r| r.reads));
    (result, reads.unwrap_or_default())
}

/// The paths the build running on this thread has recorded so far (see [`record_read`]): what
/// the archive PDF attaches as its sources.
pub(crate) fn recorded() -> BTreeSet<PathBuf> {
    READS.with(|reads| {
        reads
            .borrow()
            .last()
            .map(|r| r.reads.clone())
            .unwrap_or_default()
    })
}

/// Why `path` may not be read by the build running on this thread: it leads out of the
/// project (a symbolic link to a file elsewhere). Every read of a project file (text, YAML,
/// bytes) asks this first, so that no link carries a file from outside into a document or a
/// message. A path that does not exist is left to the read to report.
fn outside_project(path: &Path) -> Option<String> {
    let root = READS.with(|reads| reads.borrow().last().map(|r| r.root.clone()))?;
    let real = path.canonicalize().ok()?;
    if real.starts_with(&root) {
        return None;
    }
    Some(format!(
        "filen leder utanför projektet (till {}) och läses inte",
        real.display()
    ))
}

/// The hint beside [`outside_project`]'s message.
const OUTSIDE_HINT: &str = "kopiera filen in i projektet i stället för att länka till den";

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
    let real = joined.canonicalize().map_err(|_| {
        let kind = crate::diagnostics::Kind::MissingFile {
            written: relative.to_owned(),
            searched_in: shown(root, base),
            suggestion: crate::diagnostics::similar_file(&joined),
        };
        crate::diagnostics::PathError {
            message: kind.message().unwrap_or_default(),
            hint: kind.hints().pop(),
            kind: Box::new(kind),
        }
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

/// What to say about a link without a scheme (`[bilagan](bilaga-1.pdf)`) from a document in
/// `base`: an error for a path that leads out of the project (absolute, `..` past the root, a
/// network share such as `\\server\share`, a link out), a warning for a file that does not
/// exist (the link would lead nowhere), nothing for a project file or a place in the page
/// (`#rubrik`).
pub fn link_problem(
    root: &Path,
    base: &Path,
    link: &str,
) -> Option<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::Diagnostic;
    let path = link.split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() {
        return None;
    }
    let decoded = percent_decode(path);
    let refuse = |what: String| {
        Some(Diagnostic::error(format!("länken `{link}` {what}")).hint(
            "en länk utan schema är en fil i projektet, skriven relativt dokumentets mapp med `/` (bilagor/plan.pdf)",
        ))
    };
    if decoded.starts_with('/') {
        return refuse("är en absolut sökväg, som leder utanför projektet".into());
    }
    if decoded.starts_with('\\') {
        return refuse("börjar med `\\`: en sökväg till en nätverksdelning eller en annan dator kan inte länkas".into());
    }
    let joined = lexically_normal(&base.join(&decoded));
    record_read(&joined);
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !joined.starts_with(root) && !joined.starts_with(&canonical_root) {
        return refuse("leder utanför projektet".into());
    }
    match joined.canonicalize() {
        Ok(real) if real.starts_with(&canonical_root) => None,
        Ok(_) => refuse("leder utanför projektet (genom en symbolisk länk)".into()),
        Err(_) => {
            let d = Diagnostic::warning(format!(
                "länken `{link}` leder ingenstans: filen finns inte (sökt i {})",
                shown(root, base)
            ));
            let looks_like_web =
                decoded.starts_with("www.") || (!decoded.contains('/') && decoded.ends_with(".se"));
            Some(match crate::diagnostics::similar_file(&joined) {
                Some(name) => d.hint(format!("menade du `{name}`?")),
                None if looks_like_web => {
                    d.hint(format!("menar du en webbadress: skriv https://{decoded}"))
                }
                None => d.hint("lägg filen i dokumentets mapp, eller rätta namnet"),
            })
        }
    }
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

/// A path (`/`-separated) as it may stand in an `href` or a query: every byte but ASCII
/// letters, digits, `-`, `.`, `_`, `~` and `/` percent-encoded, so that no name (a folder called
/// `javascript:alert(1)`, one with spaces or `#`) is read as a scheme, a query or a fragment.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
/// the file in the error (“kan inte läsa CSV-filen: …”). The text is remembered for the source
/// lines of diagnostics ([`crate::diagnostics::remember_source`]).
pub fn read_text(
    path: &Path,
    shown: &str,
    what: &str,
    notes: &mut Vec<crate::diagnostics::Diagnostic>,
) -> Result<String, crate::diagnostics::Diagnostic> {
    record_read(path);
    if let Some(message) = outside_project(path) {
        return Err(crate::diagnostics::Diagnostic::error(message)
            .in_file(shown)
            .hint(OUTSIDE_HINT));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        crate::diagnostics::Diagnostic::error(format!("kan inte läsa {what}: {e}")).in_file(shown)
    })?;
    // The text is kept for the diagnostics' source lines, as read: a file refused for a stray
    // byte still shows its line, the byte as U+FFFD.
    let decoded = crate::decode::text(&bytes).map_err(|e| {
        crate::diagnostics::remember_source(path, &crate::decode::lossy(&bytes));
        e.error(shown)
    })?;
    crate::diagnostics::remember_source(path, &decoded.text);
    if decoded.source == crate::decode::Source::Legacy {
        notes.push(crate::decode::legacy_note(shown));
    }
    Ok(without_private_use(decoded.text, shown, notes))
}

/// Whether `c` is in one of Unicode's private-use areas: a character that means something only
/// in one font (Word's Symbol bullets, U+F0B7) and that arshjul's own placement marks use.
pub fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// `text` with every private-use character made a space, and a warning at the first one: no
/// text can then place a table of contents or a table as the narrative's marks do, and no
/// PDF/A export fails on a character it forbids. A space keeps every later column in place.
fn without_private_use(
    text: String,
    shown: &str,
    notes: &mut Vec<crate::diagnostics::Diagnostic>,
) -> String {
    let Some((first, c)) = text.char_indices().find(|(_, c)| is_private_use(*c)) else {
        return text;
    };
    let more = text.chars().filter(|c| is_private_use(*c)).count() - 1;
    let also = if more > 0 {
        format!(" (och {more} till i filen)")
    } else {
        String::new()
    };
    notes.push(
        crate::diagnostics::Diagnostic::warning(format!(
            "tecknet U+{:04X} hör till Unicodes privata område och tas bort{also}: det betyder något bara i ett visst typsnitt och får inte stå i en PDF/A-fil",
            u32::from(c)
        ))
        .in_file(shown)
        .at(crate::diagnostics::Position::of_offset(&text, first))
        .hint("det kommer ofta från en punkt eller symbol inklistrad från Word: skriv tecknet du menar (•, –, ✓) eller ta bort det"),
    );
    text.chars()
        .map(|c| if is_private_use(c) { ' ' } else { c })
        .collect()
}

/// Reads a file's bytes, recording the read; a file outside the project is refused.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    record_read(path);
    if let Some(message) = outside_project(path) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{message}; {OUTSIDE_HINT}"),
        ));
    }
    std::fs::read(path)
}

/// The most pixels an image may have: decoding more would take gigabytes (a 40 000 × 40 000
/// PNG of 1,5 MB needs 1,6 GB), and no report needs it.
pub const MAX_PIXELS: u64 = 50_000_000;

/// An image file larger than this is embedded with a warning: both editions carry it whole (the
/// web edition a third larger, as base64).
pub const LARGE_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

/// The width and height an image's header states (PNG, JPEG, GIF, WebP), read without decoding
/// the pixels; `None` for other files (SVG, which is drawn, not decoded into pixels).
fn stated_size(reader: impl std::io::BufRead + std::io::Seek) -> Option<(u32, u32)> {
    image::ImageReader::new(reader)
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// Why an image with these bytes is not decoded: more than [`MAX_PIXELS`] pixels.
pub fn huge_image(bytes: &[u8]) -> Option<String> {
    let (width, height) = stated_size(std::io::Cursor::new(bytes))?;
    too_many_pixels(width, height)
}

fn too_many_pixels(width: u32, height: u32) -> Option<String> {
    let pixels = u64::from(width) * u64::from(height);
    (pixels > MAX_PIXELS).then(|| {
        let number = |n: u64| crate::money::format_number(rust_decimal::Decimal::from(n), 0);
        format!(
            "bilden är {} × {} pixlar ({} megapixlar), mer än de {} megapixlar arshjul tar emot",
            number(u64::from(width)),
            number(u64::from(height)),
            number(pixels.div_ceil(1_000_000)),
            number(MAX_PIXELS / 1_000_000)
        )
    })
}

/// Refuses the image at `path` before anything decodes it when its header states more than
/// [`MAX_PIXELS`] pixels.
pub fn refuse_huge_image(path: &Path) -> Result<(), crate::diagnostics::PathError> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Some((width, height)) = stated_size(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    match too_many_pixels(width, height) {
        Some(message) => Err(crate::diagnostics::PathError {
            message,
            hint: Some(
                "förminska bilden (en helsida behöver inte mer än 3 000 pixlar på bredden) och spara den igen".into(),
            ),
            kind: Box::new(crate::diagnostics::Kind::Other),
        }),
        None => Ok(()),
    }
}

/// A warning for an image file over [`LARGE_IMAGE_BYTES`], with how to shrink it.
pub fn large_image(path: &Path, dest: &str) -> Option<crate::diagnostics::Diagnostic> {
    let bytes = std::fs::metadata(path).ok()?.len();
    if bytes <= LARGE_IMAGE_BYTES {
        return None;
    }
    let megabytes =
        (rust_decimal::Decimal::from(bytes) / rust_decimal::Decimal::from(1024 * 1024)).round_dp(1);
    Some(
        crate::diagnostics::Diagnostic::warning(format!(
            "bilden `{dest}` är {} MB: PDF-filen blir minst lika stor och webbversionen en tredjedel större",
            crate::money::format_number(megabytes, 1)
        ))
        .hint("förminska den till högst 2 000 pixlar på bredden och spara den som JPEG med kvalitet 80–85: då blir den några hundra kB"),
    )
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
    fn links_without_a_scheme_stay_in_the_project_and_lead_somewhere() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let doc = root.join("content/a");
        std::fs::create_dir_all(&doc).unwrap();
        std::fs::write(doc.join("bilaga-1.pdf"), b"x").unwrap();
        let problem = |link: &str| link_problem(&root, &doc, link);
        assert_eq!(problem("bilaga-1.pdf"), None);
        assert_eq!(problem("bilaga-1.pdf#page=2"), None);
        assert_eq!(problem("#rubrik"), None);
        for outside in [
            "/etc/passwd",
            "../../../../etc/passwd",
            "\\\\server\\share\\x.pdf",
            "..%2F..%2F..%2Fetc%2Fpasswd",
        ] {
            let d = problem(outside).unwrap_or_else(|| panic!("{outside}"));
            assert!(d.is_error(), "{outside}: {d:?}");
        }
        let missing = problem("bilaga-2.pdf").unwrap();
        assert!(!missing.is_error());
        assert!(missing.message.contains("finns inte"), "{missing:?}");
        assert_eq!(missing.hints, ["menade du `bilaga-1.pdf`?"]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", doc.join("ut")).unwrap();
            assert!(problem("ut/passwd").unwrap().is_error());
        }
    }

    #[test]
    fn a_build_reads_nothing_outside_its_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("projekt");
        std::fs::create_dir_all(&root).unwrap();
        let root = root.canonicalize().unwrap();
        std::fs::write(dir.path().join("hemligt.txt"), "hemligt").unwrap();
        std::fs::write(root.join("egen.txt"), "egen").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("hemligt.txt"), root.join("länk.txt")).unwrap();
        let ((own, linked), _) = recording(&root, || {
            let mut notes = Vec::new();
            (
                read_text(&root.join("egen.txt"), "egen.txt", "filen", &mut notes),
                read_bytes(&root.join("länk.txt")),
            )
        });
        assert_eq!(own.unwrap(), "egen");
        #[cfg(unix)]
        assert!(
            linked
                .unwrap_err()
                .to_string()
                .contains("utanför projektet"),
            "a link out is refused"
        );
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("min%20bild.png"), "min bild.png");
        assert_eq!(
            percent_encode("javascript:alert(1)/å b.html"),
            "javascript%3Aalert%281%29/%C3%A5%20b.html"
        );
        assert_eq!(
            percent_decode(&percent_encode("a b/ö#?.pdf")),
            "a b/ö#?.pdf"
        );
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn a_diagnostic_shows_the_line_as_the_build_read_it() {
        use crate::diagnostics::{Diagnostic, Position};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let path = root.join("content/forbund.yaml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Windows-1252: `ö` is the one byte F6.
        std::fs::write(&path, b"namn: F\xf6rbundet\nort: M\xf6lndal\n").unwrap();
        let mut notes = Vec::new();
        let text = read_text(&path, "content/forbund.yaml", "filen", &mut notes).unwrap();
        assert_eq!(text, "namn: Förbundet\nort: Mölndal\n");
        // Changed on disk after the build read it: the message still shows what was read.
        std::fs::write(&path, "namn: Annat\n").unwrap();
        let d = Diagnostic::error("okänd nyckel `ort`")
            .in_file("content/forbund.yaml")
            .at(Position { line: 2, column: 6 });
        assert_eq!(
            d.render(root),
            "fel: okänd nyckel `ort`\n  --> content/forbund.yaml:2:6\n  |\n2 | ort: Mölndal\n  |      ^\n"
        );
    }

    #[test]
    fn a_file_refused_for_a_stray_byte_shows_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, b"ort: M\xc3\xb6lndal\ns\xe4te: x\n").unwrap();
        let err = read_text(&path, "a.yaml", "filen", &mut Vec::new()).unwrap_err();
        assert_eq!(err.location().as_deref(), Some("a.yaml:2:2"));
        let shown = err.render(dir.path());
        assert!(shown.contains("\n2 | s\u{fffd}te: x\n  |  ^\n"), "{shown}");
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
