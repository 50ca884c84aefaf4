//! `arshjul verifiera`: an archive PDF's sources written into a temporary project, the
//! document built again, and the two compared: the same bytes, or which pages and which figures
//! differ.
//!
//! [`read`](ReadPdf::read) reads a PDF back (its creator, attachments and pages), `rebuild`
//! writes its sources into a temporary project and builds the document there again, and
//! [`compare`](compare_figures) holds the two against each other into a [`Verdict`].

use std::collections::BTreeSet;
use std::path::Path;

use crate::render::attach::FIGURES;

mod compare;
mod read;
mod rebuild;

pub use compare::{FigureChange, Verdict, compare_figures, differing_pages};
pub use read::{Attachment, ReadPdf};

use rebuild::{rebuild, write_sources};

/// Why `verifiera` could not give a verdict, and the exit code that says so.
#[derive(Debug)]
pub struct Failure {
    /// The message (Swedish, without `fel: `).
    pub message: String,
    /// 1 for a PDF that cannot be verified, 2 for a file that cannot be read.
    pub code: u8,
}

impl Failure {
    fn content(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

/// Verifies an archive PDF: its sources written into a temporary project and the document
/// built again as an archive PDF, then compared with it.
pub fn verify(pdf: &Path) -> Result<Verdict, Failure> {
    let shown = pdf.display();
    let bytes = std::fs::read(pdf).map_err(|e| Failure {
        message: format!("kan inte läsa {shown}: {e}"),
        code: 2,
    })?;
    let original = ReadPdf::read(&bytes).map_err(|e| Failure::content(format!("{shown}: {e}")))?;
    let sources: Vec<(&String, &Vec<u8>)> = original
        .attachments
        .iter()
        .filter(|(name, _)| name.as_str() != FIGURES)
        .collect();
    let documents: Vec<&str> = sources
        .iter()
        .filter_map(|(name, _)| {
            name.strip_prefix("content/")?
                .strip_suffix("/index.md")
                .filter(|d| !d.is_empty())
        })
        .collect();
    let document = match documents.as_slice() {
        [document] => document.to_string(),
        [] => {
            return Err(Failure::content(format!(
                "{shown} bär inga källfiler att bygga om: den är inte byggd med `arshjul build --arkiv` (eller `arkiv: true`)"
            )));
        }
        _ => {
            return Err(Failure::content(format!(
                "{shown} bär flera dokuments index.md ({}): den är inte en arkiv-PDF från arshjul",
                documents.join(", ")
            )));
        }
    };
    let project = tempfile::tempdir().map_err(|e| Failure {
        message: format!("kan inte skapa en tillfällig mapp: {e}"),
        code: 2,
    })?;
    write_sources(project.path(), &sources, &shown)?;
    let rebuilt = rebuild(project.path(), &document)?;
    let again = ReadPdf::read(&rebuilt).map_err(Failure::content)?;
    let figures = match (
        original.attachments.get(FIGURES),
        again.attachments.get(FIGURES),
    ) {
        (Some(before), Some(after)) => Some(compare_figures(
            &String::from_utf8_lossy(before),
            &String::from_utf8_lossy(after),
        )),
        (None, None) => None,
        (Some(_), None) => Some(Err(format!(
            "PDF-filen bär {FIGURES} men källorna ger ingen"
        ))),
        (None, Some(_)) => Some(Err(format!(
            "källorna ger {FIGURES} men PDF-filen bär ingen"
        ))),
    };
    let names: BTreeSet<&String> = original
        .attachments
        .keys()
        .chain(again.attachments.keys())
        .filter(|n| n.as_str() != FIGURES)
        .collect();
    let attachments = names
        .into_iter()
        .filter(|n| original.attachments.get(*n) != again.attachments.get(*n))
        .cloned()
        .collect();
    Ok(Verdict {
        document,
        sources: sources.len(),
        other_creator: original.creator.filter(|c| c != crate::typeset::CREATOR),
        same_bytes: rebuilt == bytes,
        page_counts: (original.pages.len(), again.pages.len()),
        pages: differing_pages(&original.pages, &again.pages),
        figures,
        attachments,
    })
}

/// `arshjul verifiera`: verifies the PDF, prints the verdict (stdout) or the failure (stderr),
/// and returns the exit code: 0 the same bytes, 1 a difference or a PDF that cannot be
/// verified, 2 a file that cannot be read.
pub fn run(pdf: &Path) -> u8 {
    match verify(pdf) {
        Ok(verdict) => {
            print!("{}", verdict.report());
            u8::from(!verdict.same_bytes)
        }
        Err(failure) => {
            eprintln!("fel: {}", failure.message);
            failure.code
        }
    }
}
