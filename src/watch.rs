//! `arshjul watch`: build once, then rebuild exactly what a saved change touches.
//!
//! The project (layouts, fonts) stays loaded between rebuilds, and typst's memoisation is
//! process-wide, so a one-paragraph edit recompiles incrementally. Files are polled (every
//! 40 ms, then a short settle so an editor's save is seen whole): a document's own files rebuild
//! it, a `forbund.yaml` rebuilds every document below it, a layout or font rebuilds all. A broken
//! save prints its errors and leaves the last good PDF in place; Ctrl-C ends the watch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use crate::pipeline::{Options, Project};
use crate::project::{self, DocumentRef};

/// How often files are looked at.
const POLL: Duration = Duration::from_millis(40);
/// How long a change must rest before it is built (an editor may write in several steps).
const SETTLE: Duration = Duration::from_millis(15);

type Snapshot = BTreeMap<PathBuf, (SystemTime, u64)>;

/// Every file that can affect a build, with its modification time and size.
fn snapshot(root: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    for dir in ["content", "layouts", "fonts"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            // Editors' temporary and backup files are not content.
            if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
                continue;
            }
            if let Ok(meta) = entry.metadata() {
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.insert(entry.path().to_path_buf(), (modified, meta.len()));
            }
        }
    }
    files
}

/// The paths that differ between two snapshots (added, removed or changed).
fn changed(before: &Snapshot, after: &Snapshot) -> BTreeSet<PathBuf> {
    let mut paths: BTreeSet<PathBuf> = BTreeSet::new();
    for (path, stamp) in after {
        if before.get(path) != Some(stamp) {
            paths.insert(path.clone());
        }
    }
    for path in before.keys() {
        if !after.contains_key(path) {
            paths.insert(path.clone());
        }
    }
    paths
}

/// What a set of changed paths requires: reload the layouts and fonts, and which documents.
fn affected(
    root: &Path,
    documents: &[DocumentRef],
    paths: &BTreeSet<PathBuf>,
) -> (bool, Vec<DocumentRef>) {
    let reload = paths
        .iter()
        .any(|p| p.starts_with(root.join("layouts")) || p.starts_with(root.join("fonts")));
    if reload {
        return (true, documents.to_vec());
    }
    let chosen = documents
        .iter()
        .filter(|d| {
            paths.iter().any(|p| {
                let is_organisation = p.file_name().is_some_and(|n| n == "forbund.yaml");
                p.starts_with(&d.dir)
                    || (is_organisation && p.parent().is_some_and(|dir| d.dir.starts_with(dir)))
            })
        })
        .cloned()
        .collect();
    (false, chosen)
}

/// Runs the watch until Ctrl-C, with a live preview on 127.0.0.1:`serve` if asked; returns the
/// exit code.
pub fn run(
    root: &Path,
    selection: &[String],
    options: Options,
    quiet: bool,
    serve: Option<u16>,
) -> u8 {
    let preview = serve.map(|_| crate::preview::Preview::default());
    let options = Options {
        preview: preview.is_some(),
        ..options
    };
    let running = Arc::new(AtomicBool::new(true));
    let flag = running.clone();
    if ctrlc::set_handler(move || flag.store(false, Ordering::SeqCst)).is_err() {
        eprintln!("varning: kan inte fånga Ctrl-C; avsluta med att stänga terminalen");
    }
    let mut project = match Project::load(root) {
        Ok((p, warnings)) => {
            crate::pipeline::print_diagnostics(root, &warnings);
            p
        }
        Err(problems) => {
            crate::pipeline::print_diagnostics(root, &problems);
            return 1;
        }
    };
    let root = project.root.clone();
    let select = |all: &[DocumentRef]| project::select(all, &root, selection);
    let mut documents = match select(&project::discover(&root)) {
        Ok(d) => d,
        Err(message) => {
            eprintln!("fel: {message}");
            return 2;
        }
    };
    for outcome in project.run(&documents, options) {
        outcome.print(&root, quiet, "byggt");
        if let Some(p) = &preview {
            p.update(&outcome, &root);
        }
    }
    if let (Some(p), Some(port)) = (&preview, serve) {
        match p.start(port) {
            Ok(port) => println!("förhandsvisning: http://127.0.0.1:{port}/"),
            Err(message) => {
                eprintln!("fel: {message}");
                return 2;
            }
        }
    }
    println!("bevakar {} dokument; avsluta med Ctrl-C", documents.len());
    let mut before = snapshot(&root);
    while running.load(Ordering::SeqCst) {
        std::thread::sleep(POLL);
        let now = snapshot(&root);
        if now == before {
            continue;
        }
        // Let the save finish. A file that an editor has emptied to rewrite it gets a little
        // longer (up to 20 settles) to be filled again.
        let mut settled = now;
        let mut patience = 20;
        loop {
            std::thread::sleep(SETTLE);
            let again = snapshot(&root);
            let emptied = again.iter().any(|(path, (_, size))| {
                *size == 0 && before.get(path).is_some_and(|(_, s)| *s > 0)
            });
            if again == settled && !(emptied && patience > 0) {
                break;
            }
            patience -= 1;
            settled = again;
        }
        let paths = changed(&before, &settled);
        before = settled;

        let previous = documents.clone();
        if let Ok(found) = select(&project::discover(&root)) {
            documents = found;
        }
        for gone in previous.iter().filter(|d| !documents.contains(d)) {
            println!(
                "– {}: borttaget (PDF-filen ligger kvar)",
                gone.display_name()
            );
        }
        let (reload, mut chosen) = affected(&root, &documents, &paths);
        for new in documents.iter().filter(|d| !previous.contains(d)) {
            if !chosen.contains(new) {
                chosen.push(new.clone());
            }
        }
        if reload {
            match Project::load(&root) {
                Ok((p, warnings)) => {
                    crate::pipeline::print_diagnostics(&root, &warnings);
                    project = p;
                }
                Err(problems) => {
                    crate::pipeline::print_diagnostics(&root, &problems);
                    eprintln!("layouterna har fel: de senaste fungerande används tills de rättas");
                }
            }
        }
        for outcome in project.run(&chosen, options) {
            outcome.print(&root, quiet, "ombyggt");
            if let Some(p) = &preview {
                p.update(&outcome, &root);
            }
        }
        // Keep the memo cache from growing without bound over a long session.
        typst::comemo::evict(10);
    }
    println!("bevakningen avslutad");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(root: &Path, name: &str) -> DocumentRef {
        DocumentRef {
            name: name.into(),
            dir: root.join("content").join(name),
        }
    }

    #[test]
    fn a_change_rebuilds_what_it_touches() {
        let root = Path::new("/p");
        let docs = vec![
            doc(root, "a/plan"),
            doc(root, "a/rapport"),
            doc(root, "b/plan"),
        ];
        let set = |p: &[&str]| p.iter().map(|p| root.join(p)).collect::<BTreeSet<_>>();

        let (reload, chosen) = affected(root, &docs, &set(&["content/a/plan/index.md"]));
        assert!(!reload);
        assert_eq!(chosen, vec![docs[0].clone()]);

        let (_, chosen) = affected(root, &docs, &set(&["content/a/forbund.yaml"]));
        assert_eq!(chosen, vec![docs[0].clone(), docs[1].clone()]);

        let (reload, chosen) = affected(root, &docs, &set(&["layouts/rapport.typ"]));
        assert!(reload);
        assert_eq!(chosen.len(), 3);

        let (_, chosen) = affected(
            root,
            &docs,
            &set(&["content/b/plan/budget.yaml", "content/x.txt"]),
        );
        assert_eq!(chosen, vec![docs[2].clone()]);
    }

    #[test]
    fn changes_between_snapshots() {
        let t = SystemTime::UNIX_EPOCH;
        let mut a = Snapshot::new();
        a.insert("x".into(), (t, 1));
        a.insert("y".into(), (t, 1));
        let mut b = a.clone();
        b.insert("x".into(), (t, 2));
        b.remove(Path::new("y"));
        b.insert("z".into(), (t, 1));
        let c: Vec<PathBuf> = changed(&a, &b).into_iter().collect();
        assert_eq!(c, vec![PathBuf::from("x"), "y".into(), "z".into()]);
    }
}
