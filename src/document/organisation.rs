//! `forbund.yaml`, the organisation a document inherits: read and checked into a typed
//! [`Organisation`].

use std::path::Path;

use crate::diagnostics::{Diagnostic, Form, Kind, Missing};
use crate::yaml::{self, MapReader, Node, Value};

const ORGANISATION_KEYS: &[&str] = &[
    "namn",
    "kortnamn",
    "organisationsnummer",
    "säte",
    "adress",
    "bildat",
    "medlemmar",
    "logotyp",
    "webbplats",
    "telefon",
    "e-post",
    "styrelse",
    "medlemsbidrag",
];

/// The organisation (förbund) of `forbund.yaml`, checked.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// `namn`
    pub name: Option<String>,
    /// `medlemmar`, the member bodies.
    pub members: Vec<String>,
    /// `styrelse`, the board, one entry per ledamot written.
    pub board: Vec<BoardMember>,
    /// `logotyp` as a path from the project root (`/content/x/logo.png`).
    pub logo: Option<String>,
    /// `medlemsbidrag`: how the members split their contributions.
    pub split: Option<crate::model::contributions::Split>,
    /// The file as written: templates see every key of it (`forbund.säte`, `forbund.telefon`).
    pub written: Node,
}

/// A ledamot of the board: `{ namn, roll, utsedd_av }`.
#[derive(Debug, Clone, Default)]
pub struct BoardMember {
    /// `namn`
    pub name: Option<String>,
    /// `roll` (ordförande, vice ordförande, ledamot)
    pub role: Option<String>,
    /// `utsedd_av`, the member body that appointed them.
    pub appointed_by: Option<String>,
}

/// Loads `forbund.yaml`.
pub(super) fn read(
    path: &Path,
    shown: &str,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Organisation> {
    let node = crate::project::read_yaml(path, shown, problems)?;
    let mut reader = MapReader::open(&node, shown, "forbund.yaml", problems)?;
    let name = match reader.text("namn") {
        Ok(None) => {
            reader.report(
                Diagnostic::error_of(Kind::missing_key(Missing::Organisation, "namn"))
                    .in_file(shown)
                    .at(node.position),
            );
            None
        }
        read => reader.ok(read),
    };
    for key in [
        "kortnamn",
        "organisationsnummer",
        "säte",
        "webbplats",
        "telefon",
        "e-post",
    ] {
        reader.text_or_report(key);
    }
    reader.texts_or_report("adress");
    let members = reader.texts_or_report("medlemmar");
    // Members are always several, and one text would be printed as one member's name.
    if let Some(n) = reader.get("medlemmar")
        && let Value::String(_) = n.value
    {
        let d = Diagnostic::error_of(Kind::wrong_form(Form::List, "medlemmar", n.kind()))
            .in_file(shown)
            .at(n.position);
        reader.report(match yaml::list_hint(n, "medlemmar") {
            Some(hint) => d.hint(hint),
            None => d.hint("skriv listan inom hakparenteser: medlemmar: [Försäkringskassan, Arbetsförmedlingen, …]"),
        });
    }
    reader.date_or_report("bildat");
    let board = match reader.get("styrelse") {
        Some(n) => {
            let (board, found) = read_board(n, shown);
            reader.report_all(found);
            board
        }
        None => Vec::new(),
    };
    let logo = reader.get("logotyp").and_then(|n| {
        // A path is a text: `logotyp: 5` is no file name.
        let written = match &n.value {
            Value::String(text) => Ok(text.as_str()),
            _ => Err(
                Diagnostic::error_of(Kind::wrong_form(Form::Path, "logotyp", n.kind()))
                    .in_file(shown)
                    .at(n.position)
                    .hint("skriv filens namn, t.ex. `logotyp: logotyp.png`"),
            ),
        };
        let dir = path.parent().unwrap_or(root);
        let found = written.and_then(|rel| {
            crate::project::project_path(root, dir, rel)
                .map_err(|m| m.error().in_file(shown).at(n.position))
        });
        reader.ok(found.map(Some))
    });
    let split = reader.get("medlemsbidrag").and_then(|n| {
        let (split, found) = crate::model::split::read(n, shown);
        reader.report_all(found);
        split
    });
    problems.extend(reader.finish(ORGANISATION_KEYS, "forbund.yaml"));

    Some(Organisation {
        name,
        members,
        board,
        logo,
        split,
        written: node,
    })
}

/// `styrelse:` in forbund.yaml: a list of `{ namn, roll, utsedd_av }`, each with a `namn`; one
/// entry per ledamot written, with what was found.
fn read_board(node: &Node, file: &str) -> (Vec<BoardMember>, Vec<Diagnostic>) {
    const HINT: &str = crate::diagnostics::kind::BOARD_MEMBER_HINT;
    let mut found = Vec::new();
    let Value::Seq(members) = &node.value else {
        found.push(
            Diagnostic::error_of(Kind::wrong_form(Form::List, "styrelse", node.kind()))
                .in_file(file)
                .at(node.position)
            .hint("skriv t.ex. `styrelse: [{ namn: Anna Lindqvist, roll: ordförande, utsedd_av: Mölndals stad }]`"),
        );
        return (Vec::new(), found);
    };
    let board = members
        .iter()
        .map(|member| {
            let Some(mut m) =
                MapReader::open_with_hint(member, file, "en ledamot", HINT, &mut found)
            else {
                return BoardMember::default();
            };
            let name = match m.text("namn") {
                Ok(None) => {
                    m.report(
                        Diagnostic::error_of(Kind::missing_key(Missing::BoardMember, "namn"))
                            .in_file(file)
                            .at(member.position),
                    );
                    None
                }
                read => m.ok(read),
            };
            let read = BoardMember {
                name,
                role: m.text_or_report("roll"),
                appointed_by: m.text_or_report("utsedd_av"),
            };
            found.extend(m.finish(&["namn", "roll", "utsedd_av"], "en ledamot"));
            read
        })
        .collect();
    (board, found)
}
