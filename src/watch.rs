//! `arshjul watch`: build once, then rebuild exactly what a saved change touches.
//!
//! The project (layouts, fonts) stays loaded between rebuilds, and so does each document's
//! typst world: a one-paragraph edit is typeset incrementally (see `typeset.rs`). The operating
//! system reports changed files (through `notify`; inotify on Linux), so an idle watch does no
//! work. A burst of events is built once after it has rested (`SETTLE`, 15 ms); a file an editor
//! emptied to rewrite it gets a little longer to be filled again. A document is rebuilt when a
//! file its last build read changes (its `index.md`, data files, CSVs, SIE files, images, the
//! `forbund.yaml` above it, wherever in the project they lie, and every file in its folder); a
//! layout or font rebuilds all. A broken save prints its errors and leaves the last good PDF in
//! place; Ctrl-C ends the watch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::pipeline::{Options, Project};
use crate::project::{self, DocumentRef};

/// How long a burst of events must rest before it is built (an editor may write in steps).
const SETTLE: Duration = Duration::from_millis(15);
/// How many more settles a file that was emptied gets to be filled again.
const PATIENCE: u32 = 20;

/// What the watch loop hears: changed paths from the operating system, or Ctrl-C.
enum Message {
    Changed(notify::Result<notify::Event>),
    Stop,
}

/// Whether a file is an editor's temporary or backup file, not content.
fn is_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// What a set of changed paths requires: reload the layouts and fonts, and which documents.
/// `reads` holds, per document, what its last build read; a document not built yet is chosen.
fn affected(
    root: &Path,
    documents: &[DocumentRef],
    reads: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
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
            let Some(read) = reads.get(&d.name) else {
                return true;
            };
            paths.iter().any(|p| {
                // A forbund.yaml that appears above the document is looked for by every build.
                let is_organisation = p.file_name().is_some_and(|n| n == "forbund.yaml");
                read.contains(p)
                    || p.parent().is_some_and(|dir| read.contains(dir))
                    || *p == d.dir.join("index.md")
                    || (is_organisation && p.parent().is_some_and(|dir| d.dir.starts_with(dir)))
            })
        })
        .cloned()
        .collect();
    (false, chosen)
}

/// The operating system's watcher over the project: `content/`, `layouts/` and `fonts/` with
/// everything below them, the root itself (for those folders appearing), and the folder of
/// every file a build read elsewhere in the project.
struct Watch {
    root: PathBuf,
    watcher: Box<dyn Watcher>,
    /// Folders watched on their own (not below content, layouts or fonts).
    extra: BTreeSet<PathBuf>,
    /// Whether content, layouts and fonts are watched (they may appear later).
    trees: BTreeMap<&'static str, bool>,
}

impl Watch {
    fn new(root: &Path, sender: mpsc::Sender<Message>) -> Result<Watch, String> {
        let handler = move |event| {
            let _ = sender.send(Message::Changed(event));
        };
        let watcher: Box<dyn Watcher> = match notify::recommended_watcher(handler.clone()) {
            Ok(w) => Box::new(w),
            Err(e) => {
                eprintln!(
                    "varning: systemets filbevakning fungerar inte ({e}); filerna avläses i stället var 300:e ms"
                );
                let config =
                    notify::Config::default().with_poll_interval(Duration::from_millis(300));
                Box::new(
                    notify::PollWatcher::new(handler, config)
                        .map_err(|e| format!("kan inte bevaka filerna: {e}"))?,
                )
            }
        };
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            extra: BTreeSet::new(),
            trees: ["content", "layouts", "fonts"]
                .into_iter()
                .map(|t| (t, false))
                .collect(),
        };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("kan inte bevaka projektmappen: {e}"))?;
        watch.trees_appeared();
        Ok(watch)
    }

    /// Watches content, layouts and fonts if they exist and are not watched yet.
    fn trees_appeared(&mut self) {
        for (tree, watched) in &mut self.trees {
            let dir = self.root.join(tree);
            if !*watched && dir.is_dir() {
                *watched = self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok();
            }
        }
    }

    /// Also watches the folders of files read outside the watched trees.
    fn cover(&mut self, reads: &BTreeSet<PathBuf>) {
        for path in reads {
            let inside_trees = self
                .trees
                .keys()
                .any(|t| path.starts_with(self.root.join(t)));
            if inside_trees || !path.starts_with(&self.root) {
                continue;
            }
            // The folder, not the file: an editor's atomic save replaces the file.
            let Some(dir) = path.parent() else { continue };
            if dir != self.root
                && dir.is_dir()
                && !self.extra.contains(dir)
                && self.watcher.watch(dir, RecursiveMode::NonRecursive).is_ok()
            {
                self.extra.insert(dir.to_path_buf());
            }
        }
    }
}

/// Waits for the next burst of changes; `None` on Ctrl-C. The burst ends when no event has come
/// for [`SETTLE`], or later if a changed file is empty where it had content before.
fn next_burst(
    messages: &Receiver<Message>,
    root: &Path,
    sizes: &mut BTreeMap<PathBuf, u64>,
) -> Option<BTreeSet<PathBuf>> {
    let mut paths = BTreeSet::new();
    let add = |message: Message, paths: &mut BTreeSet<PathBuf>| -> bool {
        match message {
            Message::Stop => false,
            Message::Changed(Ok(event)) => {
                if !event.kind.is_access() {
                    paths.extend(
                        event
                            .paths
                            .into_iter()
                            .filter(|p| !is_scratch(p) && !p.starts_with(root.join("build"))),
                    );
                }
                true
            }
            Message::Changed(Err(e)) => {
                eprintln!("varning: filbevakningen: {e}");
                true
            }
        }
    };
    loop {
        if !add(messages.recv().ok()?, &mut paths) {
            return None;
        }
        let mut patience = PATIENCE;
        loop {
            match messages.recv_timeout(SETTLE) {
                Ok(message) => {
                    if !add(message, &mut paths) {
                        return None;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => {
                    let emptied = paths.iter().any(|p| {
                        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0)
                            && sizes.get(p).is_some_and(|s| *s > 0)
                    });
                    if !emptied || patience == 0 {
                        break;
                    }
                    patience -= 1;
                }
            }
        }
        for p in &paths {
            match std::fs::metadata(p) {
                Ok(m) if m.is_file() => {
                    sizes.insert(p.clone(), m.len());
                }
                _ => {
                    sizes.remove(p);
                }
            }
        }
        if !paths.is_empty() {
            return Some(paths);
        }
    }
}

/// Sets a project up for watching: worlds kept between builds, pages to the preview at once.
fn prepare(project: &mut Project, preview: Option<&crate::preview::Preview>) {
    project.keep_worlds();
    if let Some(preview) = preview {
        let preview = preview.clone();
        project.on_pages(Box::new(move |document, pages| {
            preview.pages(&document.display_name(), pages);
        }));
    }
}

/// Keeps what a build read: to know what to rebuild it on, to watch it, and to see it emptied.
fn remember(
    outcome: &crate::pipeline::Outcome,
    watch: &mut Watch,
    sizes: &mut BTreeMap<PathBuf, u64>,
    reads: &mut BTreeMap<PathBuf, BTreeSet<PathBuf>>,
) {
    watch.cover(&outcome.reads);
    for path in &outcome.reads {
        if let Ok(m) = std::fs::metadata(path)
            && m.is_file()
        {
            sizes.insert(path.clone(), m.len());
        }
    }
    reads.insert(outcome.document.name.clone(), outcome.reads.clone());
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
    let (sender, messages) = mpsc::channel();
    let stop = sender.clone();
    if ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .is_err()
    {
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
    prepare(&mut project, preview.as_ref());
    let root = project.root.clone();
    let select = |all: &[DocumentRef]| project::select(all, &root, selection);
    let mut documents = match select(&project::discover(&root)) {
        Ok(d) => d,
        Err(message) => {
            eprintln!("fel: {message}");
            return 2;
        }
    };
    // Watch before the first build, so that a save during it is not missed.
    let mut watch = match Watch::new(&root, sender) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("fel: {message}");
            return 2;
        }
    };
    let mut reads: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    let mut sizes: BTreeMap<PathBuf, u64> = BTreeMap::new();
    let mut printed = Vec::new();
    for outcome in project.run(&documents, options) {
        outcome.print(&root, quiet, "byggt", &mut printed);
        remember(&outcome, &mut watch, &mut sizes, &mut reads);
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
    while let Some(paths) = next_burst(&messages, &root, &mut sizes) {
        watch.trees_appeared();
        let changed: Vec<PathBuf> = paths.iter().cloned().collect();
        project.forget(&changed);

        let previous = std::mem::take(&mut documents);
        documents = select(&project::discover(&root)).unwrap_or_else(|_| previous.clone());
        for gone in previous.iter().filter(|d| !documents.contains(d)) {
            println!(
                "– {}: borttaget (PDF-filen ligger kvar)",
                gone.display_name()
            );
            reads.remove(&gone.name);
            project.drop_world(&gone.name);
            if let Some(p) = &preview {
                p.remove(&gone.display_name());
            }
        }
        let (reload, chosen) = affected(&root, &documents, &reads, &paths);
        if reload {
            match Project::load(&root) {
                Ok((p, warnings)) => {
                    crate::pipeline::print_diagnostics(&root, &warnings);
                    project = p;
                    prepare(&mut project, preview.as_ref());
                }
                Err(problems) => {
                    crate::pipeline::print_diagnostics(&root, &problems);
                    eprintln!("layouterna har fel: de senaste fungerande används tills de rättas");
                }
            }
        }
        let mut printed = Vec::new();
        for outcome in project.run(&chosen, options) {
            outcome.print(&root, quiet, "ombyggt", &mut printed);
            remember(&outcome, &mut watch, &mut sizes, &mut reads);
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
    fn a_change_rebuilds_the_documents_that_read_it() {
        let root = Path::new("/p");
        let docs = vec![
            doc(root, "a/plan"),
            doc(root, "a/rapport"),
            doc(root, "b/plan"),
        ];
        let set = |p: &[&str]| p.iter().map(|p| root.join(p)).collect::<BTreeSet<_>>();
        let mut reads = BTreeMap::new();
        reads.insert(
            PathBuf::from("a/plan"),
            set(&[
                "content/a/plan/index.md",
                "content/a/plan",
                "content/delad.csv",
            ]),
        );
        reads.insert(
            PathBuf::from("a/rapport"),
            set(&["content/a/rapport/index.md", "content/a/rapport"]),
        );
        reads.insert(
            PathBuf::from("b/plan"),
            set(&["content/b/plan/index.md", "content/b/plan"]),
        );

        let (reload, chosen) = affected(root, &docs, &reads, &set(&["content/a/plan/index.md"]));
        assert!(!reload);
        assert_eq!(chosen, vec![docs[0].clone()]);

        // A file read from outside the document's folder.
        let (_, chosen) = affected(root, &docs, &reads, &set(&["content/delad.csv"]));
        assert_eq!(chosen, vec![docs[0].clone()]);

        // A new data file in a folder the build listed.
        let (_, chosen) = affected(root, &docs, &reads, &set(&["content/b/plan/ny.yaml"]));
        assert_eq!(chosen, vec![docs[2].clone()]);

        let (_, chosen) = affected(root, &docs, &reads, &set(&["content/a/forbund.yaml"]));
        assert_eq!(chosen, vec![docs[0].clone(), docs[1].clone()]);

        let (reload, chosen) = affected(root, &docs, &reads, &set(&["layouts/rapport.typ"]));
        assert!(reload);
        assert_eq!(chosen.len(), 3);

        // Nothing read it: nothing is built.
        let (_, chosen) = affected(root, &docs, &reads, &set(&["content/x.txt"]));
        assert!(chosen.is_empty());

        // A document not built yet is built on any change.
        reads.remove(Path::new("b/plan"));
        let (_, chosen) = affected(root, &docs, &reads, &set(&["content/x.txt"]));
        assert_eq!(chosen, vec![docs[2].clone()]);
    }

    #[test]
    fn editors_scratch_files_are_not_content() {
        for name in [".index.md.swp", "index.md~", "4913", ".#index.md", "a.tmp"] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        assert!(!is_scratch(Path::new("content/a/index.md")));
    }

    #[test]
    fn a_burst_is_one_change_and_an_emptied_file_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index.md");
        std::fs::write(&file, "text").unwrap();
        let mut sizes = BTreeMap::from([(file.clone(), 4)]);
        let (send, receive) = mpsc::channel();
        let event = |p: &Path| {
            Message::Changed(Ok(
                notify::Event::new(notify::EventKind::Any).add_path(p.to_path_buf())
            ))
        };
        // Three events in a row are one burst.
        for _ in 0..3 {
            send.send(event(&file)).unwrap();
        }
        let burst = next_burst(&receive, dir.path(), &mut sizes).unwrap();
        assert_eq!(burst, BTreeSet::from([file.clone()]));

        // An emptied file: the burst waits until it is written again.
        std::fs::write(&file, "").unwrap();
        send.send(event(&file)).unwrap();
        let writer = {
            let (file, send) = (file.clone(), send.clone());
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                std::fs::write(&file, "new text").unwrap();
                send.send(event(&file)).unwrap();
            })
        };
        next_burst(&receive, dir.path(), &mut sizes).unwrap();
        writer.join().unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new text");
        assert_eq!(sizes[&file], 8);

        // Editors' scratch files alone are no change; Ctrl-C ends the wait.
        send.send(event(&dir.path().join(".index.md.swp"))).unwrap();
        send.send(Message::Stop).unwrap();
        assert!(next_burst(&receive, dir.path(), &mut sizes).is_none());
    }
}
