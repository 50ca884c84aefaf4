//! Comparing a PDF with its rebuild: the figures of the two figures JSONs, the pages one by
//! one, and the verdict `verifiera` prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::render::attach::FIGURES;

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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A figures JSON of three figures, the PDF's in the comparisons.
    pub(in crate::archive::verify) const BEFORE: &str = r#"{ "figurer": [
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
