//! What became of one document, and how it is told in the terminal.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostics::{Diagnostic, display_path};
use crate::project::DocumentRef;

/// What became of one document.
#[derive(Debug)]
pub struct Outcome {
    /// The document.
    pub document: DocumentRef,
    /// Everything found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the PDF was written, relative to the root, if it was.
    pub written: Option<PathBuf>,
    /// Where the web edition was written, relative to the root, if it was.
    pub written_html: Option<PathBuf>,
    /// The PDF's size in bytes, when it was produced.
    pub bytes: Option<usize>,
    /// How long the document took.
    pub elapsed: Duration,
    /// How long each stage took, by name, in the order they ran.
    pub stages: Vec<(&'static str, Duration)>,
    /// The pages as SVG, when the preview asked for them and the build succeeded; a page that
    /// did not change since the last build is the same `Arc`.
    pub pages: Vec<Arc<String>>,
    /// Every file the build read (or looked for) and every folder it listed, as paths under
    /// the canonical root: what `watch` rebuilds the document on.
    pub reads: BTreeSet<PathBuf>,
}

impl Outcome {
    /// The stages' times on one line: `läsning 2,1 ms · sammanhang 0,3 ms · …`.
    pub fn stage_times(&self) -> String {
        self.stages
            .iter()
            .map(|(name, time)| {
                let ms = time.as_secs_f64() * 1000.0;
                format!("{name} {} ms", format!("{ms:.1}").replace('.', ","))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Whether the document has errors.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Prints the outcome: its diagnostics on stderr, then one line (`✓ a/plan → build/a/plan.pdf
    /// (byggt, 2 varningar, 50 ms)`, `✓ a/plan: inga fel, 1 varning (40 ms)` or `✗ a/plan: 2
    /// fel`); with `quiet` only problems.
    /// A problem already in `printed` (the same file, place and message: a forbund.yaml shared by
    /// several documents) is not printed again, but counts for this document too.
    pub fn print(&self, root: &Path, quiet: bool, verb: &str, printed: &mut Vec<Diagnostic>) {
        let mut shown_before = 0;
        for d in &self.diagnostics {
            if !printed.contains(d) {
                eprint!("{}", d.render(root));
                printed.push(d.clone());
            } else if d.is_error() {
                shown_before += 1;
            }
        }
        let name = self.document.display_name();
        let millis = self.elapsed.as_millis();
        if self.failed() {
            let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
            // The count is the errors shown: one printed for an earlier document is said so.
            let before = match shown_before {
                0 => String::new(),
                n => format!(", varav {n} visade ovan"),
            };
            eprintln!("✗ {name}: {errors} fel{before} ({millis} ms)");
        } else if !quiet {
            let written: Vec<String> = [&self.written, &self.written_html]
                .into_iter()
                .flatten()
                .map(|p| display_path(p))
                .collect();
            // The warnings were printed above; the line counts them, so that a glance at the
            // last line shows that something deserves attention.
            let warnings = match self.diagnostics.len() {
                0 => String::new(),
                1 => ", 1 varning".to_owned(),
                n => format!(", {n} varningar"),
            };
            if written.is_empty() {
                println!("✓ {name}: inga fel{warnings} ({millis} ms)");
            } else {
                println!(
                    "✓ {name} → {} ({verb}{warnings}, {millis} ms)",
                    written.join(", ")
                );
            }
        }
    }
}

/// Prints diagnostics on stderr.
pub fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", d.render(root));
    }
}
