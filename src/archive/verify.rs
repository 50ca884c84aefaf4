//! `arshjul verifiera`: an archive PDF's sources written into a temporary project, the
//! document built again, and the two compared: the same bytes, or which pages and which figures
//! differ.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use lopdf::{Dictionary, Object};

use crate::archive::attach::FIGURES;
use crate::pipeline::{Formats, Options, Project};

/// A file attached to a PDF, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its name: the project path it was read from, or [`FIGURES`].
    pub name: String,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// What `verifiera` needs of a PDF: who made it, what it carries, and each page's content.
#[derive(Debug)]
pub struct ReadPdf {
    /// The creator in the document information (`arshjul 0.1.0`).
    pub creator: Option<String>,
    /// The attached files, by name.
    pub attachments: BTreeMap<String, Vec<u8>>,
    /// Each page's content streams, decompressed and joined.
    pub pages: Vec<Vec<u8>>,
}

impl ReadPdf {
    /// Reads a PDF; an error when it is no PDF lopdf can read.
    pub fn read(bytes: &[u8]) -> Result<ReadPdf, String> {
        let pdf = lopdf::Document::load_mem(bytes)
            .map_err(|e| format!("filen är ingen läsbar PDF ({e})"))?;
        let creator = pdf
            .trailer
            .get_deref(b"Info", &pdf)
            .and_then(Object::as_dict)
            .and_then(|info| info.get_deref(b"Creator", &pdf))
            .ok()
            .and_then(|o| o.as_str().ok())
            .map(text_string);
        let mut attachments = BTreeMap::new();
        if let Ok(tree) = pdf
            .catalog()
            .and_then(|c| c.get_deref(b"Names", &pdf))
            .and_then(Object::as_dict)
            .and_then(|names| names.get_deref(b"EmbeddedFiles", &pdf))
            .and_then(Object::as_dict)
        {
            embedded_files(&pdf, tree, &mut attachments, 0);
        }
        let pages = pdf
            .get_pages()
            .values()
            .map(|&page| pdf.get_page_content(page).unwrap_or_default())
            .collect();
        Ok(ReadPdf {
            creator,
            attachments,
            pages,
        })
    }
}

/// The files of an `EmbeddedFiles` name tree (its `Names` pairs and its `Kids`), into `out`.
fn embedded_files(
    pdf: &lopdf::Document,
    node: &Dictionary,
    out: &mut BTreeMap<String, Vec<u8>>,
    depth: usize,
) {
    // A name tree is shallow; a deeper one is a loop in a broken file.
    if depth > 32 {
        return;
    }
    if let Ok(names) = node.get_deref(b"Names", pdf).and_then(Object::as_array) {
        for pair in names.chunks(2) {
            let [key, spec] = pair else { continue };
            let Ok((_, spec)) = pdf.dereference(spec) else {
                continue;
            };
            let Ok(spec) = spec.as_dict() else { continue };
            let name = [b"UF".as_slice(), b"F"]
                .iter()
                .find_map(|k| spec.get_deref(k, pdf).and_then(Object::as_str).ok())
                .or_else(|| key.as_str().ok())
                .map(text_string);
            let data = spec
                .get_deref(b"EF", pdf)
                .and_then(Object::as_dict)
                .and_then(|ef| ef.get_deref(b"F", pdf))
                .and_then(Object::as_stream)
                .and_then(|s| s.decompressed_content().or_else(|_| Ok(s.content.clone())));
            if let (Some(name), Ok(data)) = (name, data) {
                out.insert(name, data);
            }
        }
    }
    if let Ok(kids) = node.get_deref(b"Kids", pdf).and_then(Object::as_array) {
        for kid in kids {
            if let Ok((_, Object::Dictionary(kid))) = pdf.dereference(kid) {
                embedded_files(pdf, kid, out, depth + 1);
            }
        }
    }
}

/// A PDF text string: UTF-16BE after its byte-order mark, or (for the ASCII names arshjul
/// writes otherwise) PDFDocEncoding read as Latin-1.
fn text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xfe, 0xff, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// One figure of the figures JSON that differs between the PDF and its rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureChange {
    /// The same id, another text or värde.
    Changed {
        /// The figure's `id`.
        id: String,
        /// Where it is printed (`resultatrakning, S:a Rörelsens kostnader, utfall`).
        place: String,
        /// As the PDF has it: the text and the värde.
        before: String,
        /// As the sources give it now.
        after: String,
    },
    /// In the PDF, not in the rebuild.
    Missing {
        /// The figure's `id`.
        id: String,
        /// Where it is printed.
        place: String,
        /// Its text and värde in the PDF.
        before: String,
    },
    /// In the rebuild, not in the PDF.
    Added {
        /// The figure's `id`.
        id: String,
        /// Where it is printed.
        place: String,
        /// Its text and värde from the sources.
        after: String,
    },
}

impl FigureChange {
    /// One line for the terminal.
    pub fn line(&self) -> String {
        let name = |id: &str, place: &str| {
            if place.is_empty() {
                id.to_owned()
            } else {
                format!("{id} ({place})")
            }
        };
        match self {
            FigureChange::Changed {
                id,
                place,
                before,
                after,
            } => format!(
                "{}: {before} i PDF-filen, {after} ur källorna",
                name(id, place)
            ),
            FigureChange::Missing { id, place, before } => format!(
                "{}: {before} i PDF-filen, finns inte när källorna byggs",
                name(id, place)
            ),
            FigureChange::Added { id, place, after } => format!(
                "{}: {after} ur källorna, finns inte i PDF-filen",
                name(id, place)
            ),
        }
    }
}

/// A figure of the figures JSON: where it is printed and what it says.
struct Figure {
    place: String,
    text: String,
    value: String,
}

impl Figure {
    /// `−3 883 088 (värde -3883088.00)`.
    fn shown(&self) -> String {
        format!("{} (värde {})", self.text, self.value)
    }
}

/// The figures of a figures JSON (`{"figurer": [{"id", "tabell", "rad", "kolumn", "text",
/// "värde", …}]}`, see FORMAT.md) by id, in their order.
fn figures(json: &str) -> Result<Vec<(String, Figure)>, String> {
    let parsed: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("{FIGURES} kan inte läsas: {e}"))?;
    let list = parsed
        .get("figurer")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| format!("{FIGURES} saknar listan `figurer`"))?;
    let text = |figure: &serde_json::Value, key: &str| match figure.get(key) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    list.iter()
        .enumerate()
        .map(|(i, figure)| {
            let id = text(figure, "id");
            if id.is_empty() {
                return Err(format!("{FIGURES}: siffra nummer {} saknar `id`", i + 1));
            }
            let place = ["tabell", "rad", "kolumn"]
                .iter()
                .map(|k| text(figure, k))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            Ok((
                id,
                Figure {
                    place,
                    text: text(figure, "text"),
                    value: text(figure, "värde"),
                },
            ))
        })
        .collect()
}

/// The figures that differ between two figures JSONs, matched by `id`: the PDF's (`before`)
/// against the rebuild's (`after`), on their text and värde. Changed and missing ones in the
/// PDF's order, then the new ones in the rebuild's.
pub fn compare_figures(before: &str, after: &str) -> Result<Vec<FigureChange>, String> {
    let before = figures(before)?;
    let after = figures(after)?;
    let now: BTreeMap<&str, &Figure> = after.iter().map(|(id, f)| (id.as_str(), f)).collect();
    let then: BTreeSet<&str> = before.iter().map(|(id, _)| id.as_str()).collect();
    let mut changes = Vec::new();
    for (id, old) in &before {
        match now.get(id.as_str()) {
            Some(new) if new.text == old.text && new.value == old.value => {}
            Some(new) => changes.push(FigureChange::Changed {
                id: id.clone(),
                place: old.place.clone(),
                before: old.shown(),
                after: new.shown(),
            }),
            None => changes.push(FigureChange::Missing {
                id: id.clone(),
                place: old.place.clone(),
                before: old.shown(),
            }),
        }
    }
    for (id, new) in &after {
        if !then.contains(id.as_str()) {
            changes.push(FigureChange::Added {
                id: id.clone(),
                place: new.place.clone(),
                after: new.shown(),
            });
        }
    }
    Ok(changes)
}

/// The pages (from 1) whose content differs, over the pages both have.
pub fn differing_pages(before: &[Vec<u8>], after: &[Vec<u8>]) -> Vec<usize> {
    before
        .iter()
        .zip(after)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1)
        .collect()
}

/// Page numbers as ranges: `1, 3–5, 8`.
fn ranges(pages: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let start = pages[i];
        let mut end = start;
        while i + 1 < pages.len() && pages[i + 1] == end + 1 {
            i += 1;
            end = pages[i];
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    parts.join(", ")
}

/// What `verifiera` found.
#[derive(Debug)]
pub struct Verdict {
    /// The document (`sjobygden/arsredovisning-2019`).
    pub document: String,
    /// How many source files the PDF carries.
    pub sources: usize,
    /// The creator of the PDF, when it is not this arshjul.
    pub other_creator: Option<String>,
    /// Whether the rebuild is byte for byte the PDF.
    pub same_bytes: bool,
    /// The page counts: the PDF's and the rebuild's.
    pub page_counts: (usize, usize),
    /// The pages (from 1) whose content differs.
    pub pages: Vec<usize>,
    /// The figures that differ, when both carry the figures JSON (or why they cannot be
    /// compared).
    pub figures: Option<Result<Vec<FigureChange>, String>>,
    /// Attached files that differ between the PDF and the rebuild (names).
    pub attachments: Vec<String>,
}

impl Verdict {
    /// The report for the terminal.
    pub fn report(&self) -> String {
        let mut out = String::new();
        if let Some(creator) = &self.other_creator {
            let _ = writeln!(
                out,
                "obs: PDF-filen gjordes av {creator}, den här är {}: en annan version kan sätta samma källor annorlunda, så byte kan skilja av det skälet",
                crate::typeset::CREATOR
            );
        }
        if self.same_bytes {
            let _ = writeln!(
                out,
                "samma byte: {} byggs ur sina {} källfiler till exakt den här PDF-filen",
                self.document, self.sources
            );
            return out;
        }
        let _ = writeln!(
            out,
            "PDF-filen är inte vad dess källfiler ger ({}, {} källfiler):",
            self.document, self.sources
        );
        let (before, after) = self.page_counts;
        if before != after {
            let _ = writeln!(
                out,
                "  sidantalet skiljer: PDF-filen har {before} sidor, källorna ger {after}"
            );
        }
        if !self.pages.is_empty() {
            let word = if self.pages.len() == 1 {
                "sidan"
            } else {
                "sidorna"
            };
            let _ = writeln!(out, "  {word} {} skiljer sig", ranges(&self.pages));
        }
        match &self.figures {
            Some(Ok(changes)) if changes.is_empty() => {
                let _ = writeln!(out, "  siffrorna i {FIGURES} är desamma");
            }
            Some(Ok(changes)) => {
                let _ = writeln!(out, "  siffror som skiljer sig:");
                for change in changes {
                    let _ = writeln!(out, "    {}", change.line());
                }
            }
            Some(Err(why)) => {
                let _ = writeln!(out, "  siffrorna kan inte jämföras: {why}");
            }
            None => {}
        }
        if !self.attachments.is_empty() {
            let _ = writeln!(
                out,
                "  bifogade filer som skiljer sig: {}",
                self.attachments.join(", ")
            );
        }
        if before == after && self.pages.is_empty() && self.attachments.is_empty() {
            let _ = writeln!(
                out,
                "  sidornas innehåll är detsamma: skillnaden ligger i PDF-filens övriga byte (metadata, typsnitt, bilder)"
            );
        }
        out
    }
}

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
    for (name, data) in &sources {
        let target = inside(project.path(), name).ok_or_else(|| {
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
fn rebuild(root: &Path, document: &str) -> Result<Vec<u8>, Failure> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = r#"{ "figurer": [
        { "id": "rr.intakter.utfall", "tabell": "resultatrakning", "rad": "S:a Rörelsens intäkter",
          "kolumn": "utfall", "text": "4 000 000", "värde": "4000000.00", "enhet": "kr",
          "källor": [], "delar": [] },
        { "id": "rr.kostnader.utfall", "tabell": "resultatrakning", "rad": "S:a Rörelsens kostnader",
          "kolumn": "utfall", "text": "−3 883 088", "värde": "-3883088.00", "enhet": "kr",
          "källor": [ { "fil": "bokforing.se", "rad": 212, "konto": "5010", "belopp": "-3883088.00" } ],
          "delar": [] },
        { "id": "rr.resultat.utfall", "tabell": "resultatrakning", "rad": "Årets resultat",
          "kolumn": "utfall", "text": "116 912", "värde": "116912.00", "enhet": "kr",
          "källor": [], "delar": ["rr.intakter.utfall", "rr.kostnader.utfall"] } ] }"#;

    #[test]
    fn the_same_figures_differ_in_nothing() {
        assert_eq!(compare_figures(BEFORE, BEFORE), Ok(Vec::new()));
        // Another order, other provenance: the same printed figures.
        let reordered = r#"{ "figurer": [
            { "id": "rr.resultat.utfall", "text": "116 912", "värde": "116912.00" },
            { "id": "rr.kostnader.utfall", "text": "−3 883 088", "värde": "-3883088.00" },
            { "id": "rr.intakter.utfall", "text": "4 000 000", "värde": "4000000.00" } ] }"#;
        assert_eq!(compare_figures(BEFORE, reordered), Ok(Vec::new()));
    }

    #[test]
    fn a_changed_value_is_named_with_both_values() {
        let after = BEFORE
            .replace("−3 883 088", "−3 900 000")
            .replace("-3883088.00\", \"enhet", "-3900000.00\", \"enhet")
            .replace("116 912", "100 000")
            .replace("116912.00", "100000.00");
        let changes = compare_figures(BEFORE, &after).unwrap();
        assert_eq!(
            changes,
            vec![
                FigureChange::Changed {
                    id: "rr.kostnader.utfall".into(),
                    place: "resultatrakning, S:a Rörelsens kostnader, utfall".into(),
                    before: "−3 883 088 (värde -3883088.00)".into(),
                    after: "−3 900 000 (värde -3900000.00)".into(),
                },
                FigureChange::Changed {
                    id: "rr.resultat.utfall".into(),
                    place: "resultatrakning, Årets resultat, utfall".into(),
                    before: "116 912 (värde 116912.00)".into(),
                    after: "100 000 (värde 100000.00)".into(),
                },
            ]
        );
        assert_eq!(
            changes[0].line(),
            "rr.kostnader.utfall (resultatrakning, S:a Rörelsens kostnader, utfall): −3 883 088 (värde -3883088.00) i PDF-filen, −3 900 000 (värde -3900000.00) ur källorna"
        );
    }

    #[test]
    fn a_value_changed_below_the_printed_precision_is_a_change() {
        let after = BEFORE.replace("\"4000000.00\"", "\"4000000.40\"");
        let changes = compare_figures(BEFORE, &after).unwrap();
        assert_eq!(changes.len(), 1);
        assert!(
            matches!(&changes[0], FigureChange::Changed { id, before, after, .. }
                if id == "rr.intakter.utfall" && before.contains("4000000.00") && after.contains("4000000.40")),
            "{changes:?}"
        );
    }

    #[test]
    fn missing_and_new_ids_are_named() {
        let after = r#"{ "figurer": [
            { "id": "rr.intakter.utfall", "text": "4 000 000", "värde": "4000000.00" },
            { "id": "rr.kostnader.utfall", "text": "−3 883 088", "värde": "-3883088.00" },
            { "id": "rr.finansiella.utfall", "tabell": "resultatrakning", "rad": "Finansiella poster",
              "kolumn": "utfall", "text": "−187", "värde": "-187.00" } ] }"#;
        let changes = compare_figures(BEFORE, after).unwrap();
        assert_eq!(
            changes,
            vec![
                FigureChange::Missing {
                    id: "rr.resultat.utfall".into(),
                    place: "resultatrakning, Årets resultat, utfall".into(),
                    before: "116 912 (värde 116912.00)".into(),
                },
                FigureChange::Added {
                    id: "rr.finansiella.utfall".into(),
                    place: "resultatrakning, Finansiella poster, utfall".into(),
                    after: "−187 (värde -187.00)".into(),
                },
            ]
        );
        assert!(changes[0].line().contains("finns inte när källorna byggs"));
        assert!(changes[1].line().contains("finns inte i PDF-filen"));
    }

    #[test]
    fn a_broken_figures_json_is_said_so() {
        let broken = compare_figures(BEFORE, "{ \"figurer\": [").unwrap_err();
        assert!(
            broken.starts_with("figurer.json kan inte läsas"),
            "{broken}"
        );
        let no_list = compare_figures("{}", BEFORE).unwrap_err();
        assert_eq!(no_list, "figurer.json saknar listan `figurer`");
        let no_id = compare_figures(r#"{"figurer":[{"text":"1"}]}"#, BEFORE).unwrap_err();
        assert_eq!(no_id, "figurer.json: siffra nummer 1 saknar `id`");
    }

    #[test]
    fn pages_are_compared_one_by_one_and_shown_as_ranges() {
        let page = |s: &str| s.as_bytes().to_vec();
        let before = [page("a"), page("b"), page("c"), page("d"), page("e")];
        let after = [
            page("a"),
            page("B"),
            page("C"),
            page("d"),
            page("E"),
            page("f"),
        ];
        let pages = differing_pages(&before, &after);
        assert_eq!(pages, [2, 3, 5]);
        assert_eq!(ranges(&pages), "2–3, 5");
        assert_eq!(ranges(&[1, 3, 4, 5, 8]), "1, 3–5, 8");
    }

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

    #[test]
    fn text_strings_decode_both_encodings() {
        assert_eq!(text_string(b"content/a.md"), "content/a.md");
        let utf16: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("bokföring.se".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text_string(&utf16), "bokföring.se");
    }

    /// No place in the generated source maps back to a file.
    struct Unmapped;

    impl crate::typeset::SourceMap for Unmapped {
        fn locate(&self, _: usize) -> Option<(String, crate::diagnostics::Position)> {
            None
        }
    }

    #[test]
    fn the_attachments_come_back_out_of_the_pdf_as_they_went_in() {
        use crate::typeset::{DocumentWorld, Engine, Export, typeset};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let sie = b"#FLAGGA 0\r\n#FNAMN \"Sj\x94bygden\"\r\n".to_vec();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/bokföring.se"), &sie).unwrap();
        let (engine, _) = Engine::new(&root);
        let source = format!(
            "#set document(title: \"Prov\")\n#set text(lang: \"sv\", font: \"Carlito\")\nHej\n{}",
            crate::archive::attach::markup(&["content/a/bokföring.se".into()], Some(BEFORE))
        );
        let world = DocumentWorld::new(&engine, &root, "/main.typ", source, None).unwrap();
        let date = crate::money::Date {
            year: 2020,
            month: 2,
            day: 20,
        };
        let export = Export {
            ident: "a",
            date,
            archival: true,
            sources: true,
            preview: false,
            on_pages: None,
        };
        let (pdf, _, found) = typeset(&world, "main.typ", &Unmapped, &root, &export);
        let pdf = pdf.unwrap_or_else(|| panic!("{found:?}"));
        let read = ReadPdf::read(&pdf).unwrap();
        assert_eq!(read.creator.as_deref(), Some(crate::typeset::CREATOR));
        assert_eq!(
            read.attachments.keys().collect::<Vec<_>>(),
            ["content/a/bokföring.se", FIGURES]
        );
        assert_eq!(read.attachments["content/a/bokföring.se"], sie);
        assert_eq!(read.attachments[FIGURES], BEFORE.as_bytes());
        assert_eq!(read.pages.len(), 1);
    }

    #[test]
    fn the_report_names_another_version_and_what_differs() {
        let verdict = Verdict {
            document: "a/b".into(),
            sources: 4,
            other_creator: Some("arshjul 0.0.9".into()),
            same_bytes: false,
            page_counts: (8, 9),
            pages: vec![4, 5, 6, 8],
            figures: None,
            attachments: Vec::new(),
        };
        let report = verdict.report();
        assert!(
            report.starts_with(&format!(
                "obs: PDF-filen gjordes av arshjul 0.0.9, den här är {}",
                crate::typeset::CREATOR
            )),
            "{report}"
        );
        assert!(report.contains("PDF-filen är inte vad dess källfiler ger (a/b, 4 källfiler)"));
        assert!(report.contains("sidantalet skiljer: PDF-filen har 8 sidor, källorna ger 9"));
        assert!(report.contains("sidorna 4–6, 8 skiljer sig"), "{report}");
        let same = Verdict {
            other_creator: None,
            same_bytes: true,
            ..verdict
        };
        assert_eq!(
            same.report(),
            "samma byte: a/b byggs ur sina 4 källfiler till exakt den här PDF-filen\n"
        );
    }
}
