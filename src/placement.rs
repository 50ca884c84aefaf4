//! What the narrative places itself: the table of contents (`{{ innehall() }}`), tables
//! (`{{ tabell(namn="budget", del="kostnader") }}`) and the places explained rows link to
//! (`{{ avvikelse(rad="...") }}`). The narrative stage lists the placements it was asked for,
//! in the order of their marks; the Markdown walk (the same for both editions) says which marks
//! are actually placed (one inside a code span, or in a footnote never referred to, is not);
//! [`Placed`] is what the tables and layouts of both editions then see, so that they leave out
//! what the writer placed and link only to places that exist.

use std::collections::BTreeMap;

/// The parts of a budget the narrative can place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TablePart {
    /// The income side.
    Intakter,
    /// The cost side.
    Kostnader,
    /// The member contributions.
    Medlemsbidrag,
    /// A detail budget.
    Detalj,
}

impl TablePart {
    /// Every part, in the order the messages list them.
    pub const ALL: [TablePart; 4] = [
        TablePart::Intakter,
        TablePart::Kostnader,
        TablePart::Medlemsbidrag,
        TablePart::Detalj,
    ];

    /// The name a writer gives in `del=` (folded to ASCII) and layouts see in `del`.
    pub fn name(self) -> &'static str {
        match self {
            TablePart::Intakter => "intakter",
            TablePart::Kostnader => "kostnader",
            TablePart::Medlemsbidrag => "medlemsbidrag",
            TablePart::Detalj => "detalj",
        }
    }

    /// The part with this (ASCII-folded) name.
    pub fn from_name(name: &str) -> Option<TablePart> {
        TablePart::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The names of all parts, for messages.
    pub fn names() -> Vec<&'static str> {
        TablePart::ALL.iter().map(|p| p.name()).collect()
    }
}

/// One thing the narrative asked to place with a template function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The table of contents.
    Contents,
    /// A data file's table (or chart), and for a budget the part.
    Table {
        /// The data file's name as the narrative gave it (`budget`).
        data: String,
        /// The part of a budget; `None` for every other kind of data.
        part: Option<TablePart>,
    },
}

impl Placement {
    /// The part as layouts see it in `del`: its name, or empty for data that has no parts.
    pub fn part_name(part: Option<TablePart>) -> &'static str {
        part.map_or("", TablePart::name)
    }
}

/// What the narrative placed, as layouts read it: `innehall_placerad`, `placerade`, a map
/// from a data file's name to the parts placed (empty for data without parts), so that a
/// layout asks `namn in placerade` or `"intakter" in placerade[namn] | default(value=[])`, and
/// `avvikelseankare`, the labels a table row may link to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placed {
    /// Whether the table of contents was placed.
    pub contents: bool,
    /// Data file's name → the parts placed.
    pub tables: BTreeMap<String, Vec<&'static str>>,
    /// The labels of the places explained rows link to.
    pub anchors: Vec<String>,
}

impl Placed {
    /// What a walked narrative places: the placements whose marks the walk placed, and its
    /// anchors.
    pub fn of_walk(placements: &[Placement], walk: &crate::walker::Walk) -> Placed {
        let mut placed = Placed::of(placements, &walk.placed);
        placed.anchors = walk.anchors.clone();
        placed
    }

    /// What was placed: the placements placed, by their indices in `placements` (the numbers
    /// of their marks).
    pub fn of(placements: &[Placement], indices: &[usize]) -> Placed {
        let mut placed = Placed::default();
        for placement in indices.iter().filter_map(|&i| placements.get(i)) {
            match placement {
                Placement::Contents => placed.contents = true,
                Placement::Table { data, part } => {
                    let parts = placed.tables.entry(data.clone()).or_default();
                    if let Some(part) = part
                        && !parts.contains(&part.name())
                    {
                        parts.push(part.name());
                    }
                }
            }
        }
        placed
    }

    /// Puts `innehall_placerad`, `placerade` and `avvikelseankare` into a context for the
    /// layouts.
    pub fn insert_into(&self, context: &mut tera::Context) {
        context.insert("innehall_placerad", &self.contents);
        context.insert("placerade", &self.tables);
        context.insert("avvikelseankare", &self.anchors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_the_converter_placed_counts() {
        let placements = [
            Placement::Contents,
            Placement::Table {
                data: "budget".into(),
                part: Some(TablePart::Kostnader),
            },
            Placement::Table {
                data: "resultatrakning".into(),
                part: None,
            },
            Placement::Table {
                data: "budget".into(),
                part: Some(TablePart::Intakter),
            },
        ];
        // The contents and the income side stood in a code span: not placed.
        let placed = Placed::of(&placements, &[1, 2, 1, 9]);
        assert!(!placed.contents);
        assert_eq!(
            placed.tables,
            BTreeMap::from([
                ("budget".to_owned(), vec!["kostnader"]),
                ("resultatrakning".to_owned(), vec![]),
            ])
        );
        assert!(Placed::of(&placements, &[0]).contents);
    }

    #[test]
    fn marks_outside_prose_are_not_placed() {
        use crate::markdown::DIRECTIVE_MARK as M;
        let placements = [
            Placement::Contents,
            Placement::Table {
                data: "budget".into(),
                part: Some(TablePart::Detalj),
            },
        ];
        let text = format!(
            "# R\n\nText {M}avvikelse-a-1{M}.\n\n`{M}0{M}` och ![{M}1{M}](a.png)\n\n[^x]: {M}avvikelse-b-2{M}\n\n{M}1{M}\n"
        );
        let walk = crate::walker::walk(
            &text,
            &crate::walker::Context {
                file: "",
                first_line: 1,
                image: &|dest| Ok(dest.to_owned()),
                directives: &[String::new(), String::new()],
                check: &|_, _| None,
            },
        );
        let placed = Placed::of_walk(&placements, &walk);
        assert!(!placed.contents);
        assert_eq!(
            placed.tables,
            BTreeMap::from([("budget".to_owned(), vec!["detalj"])])
        );
        // The footnote is never referred to: its anchor is nowhere.
        assert_eq!(placed.anchors, ["avvikelse-a-1"]);
    }

    #[test]
    fn parts_by_name() {
        for part in TablePart::ALL {
            assert_eq!(TablePart::from_name(part.name()), Some(part));
        }
        assert_eq!(TablePart::from_name("intäkter"), None);
        assert_eq!(
            TablePart::names().join(", "),
            "intakter, kostnader, medlemsbidrag, detalj"
        );
    }
}
