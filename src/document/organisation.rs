//! `forbund.yaml`, the organisation a document inherits: read and checked into a typed
//! [`Organisation`].

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::project::read_text;
use crate::yaml::{self, MapReader, Node, Value};

use super::front_matter::{located, text_list};

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
    let text = match read_text(path, shown, problems) {
        Ok(t) => t,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let node = match yaml::parse(&text, shown, 0) {
        Ok(n) => n,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let mut reader = match MapReader::new(&node, shown, "forbund.yaml") {
        Ok(r) => r,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let name = match reader.text("namn") {
        Ok(Some(n)) => Some(n),
        Ok(None) => {
            problems.push(
                Diagnostic::error("forbund.yaml saknar `namn`")
                    .in_file(shown)
                    .at(node.position),
            );
            None
        }
        Err(d) => {
            problems.push(d);
            None
        }
    };
    for key in [
        "kortnamn",
        "organisationsnummer",
        "säte",
        "webbplats",
        "telefon",
        "e-post",
    ] {
        if let Err(d) = reader.text(key) {
            problems.push(d);
        }
    }
    let mut members = Vec::new();
    for key in ["adress", "medlemmar"] {
        if let Some(n) = reader.get(key) {
            match text_list(n, shown, key) {
                Ok(list) if key == "medlemmar" => members = list,
                Ok(_) => {}
                Err(d) => problems.push(d),
            }
        }
    }
    // Members are always several, and one text would be printed as one member's name.
    if let Some(n) = reader.get("medlemmar")
        && let Value::String(_) = n.value
    {
        let d = located(
            shown,
            n,
            "`medlemmar` ska vara en lista, men är en text".to_owned(),
        );
        problems.push(match yaml::list_hint(n, "medlemmar") {
            Some(hint) => d.hint(hint),
            None => d.hint("skriv listan inom hakparenteser: medlemmar: [Försäkringskassan, Arbetsförmedlingen, …]"),
        });
    }
    if let Some(n) = reader.get("bildat")
        && let Err(d) = crate::yaml::date(n, shown, "bildat")
    {
        problems.push(d);
    }
    let board = reader
        .get("styrelse")
        .map(|n| read_board(n, shown, problems))
        .unwrap_or_default();
    let mut logo = None;
    if let Some(n) = reader.get("logotyp") {
        match n.as_text() {
            Some(rel) => {
                let dir = path.parent().unwrap_or(root);
                match crate::project::project_path(root, dir, rel) {
                    Ok(p) => logo = Some(p),
                    Err(m) => problems.push(m.error().in_file(shown).at(n.position)),
                }
            }
            None => problems.push(located(
                shown,
                n,
                format!("`logotyp` ska vara en sökväg, men är {}", n.kind()),
            )),
        }
    }
    let split = reader.get("medlemsbidrag").and_then(|n| {
        let (split, found) = crate::model::contributions::read(n, shown);
        problems.extend(found);
        split
    });
    problems.extend(reader.unknown_keys(ORGANISATION_KEYS, "forbund.yaml"));

    Some(Organisation {
        name,
        members,
        board,
        logo,
        split,
        written: node,
    })
}

/// `styrelse:` in forbund.yaml: a list of `{ namn, roll, utsedd_av }`, each with a `namn`.
fn read_board(node: &Node, file: &str, problems: &mut Vec<Diagnostic>) -> Vec<BoardMember> {
    let Value::Seq(members) = &node.value else {
        problems.push(
            located(
                file,
                node,
                format!("`styrelse` ska vara en lista, men är {}", node.kind()),
            )
            .hint("skriv t.ex. `styrelse: [{ namn: Anna Lindqvist, roll: ordförande, utsedd_av: Mölndals stad }]`"),
        );
        return Vec::new();
    };
    let mut board = Vec::new();
    for member in members {
        let mut read = BoardMember::default();
        let mut m = match MapReader::new(member, file, "en ledamot") {
            Ok(m) => m,
            Err(d) => {
                problems.push(d.hint("skriv `{ namn: ..., roll: ..., utsedd_av: ... }`"));
                board.push(read);
                continue;
            }
        };
        match m.text("namn") {
            Ok(Some(name)) => read.name = Some(name),
            Ok(None) => problems.push(
                located(file, member, "ledamoten saknar `namn`".into())
                    .hint("skriv `{ namn: ..., roll: ..., utsedd_av: ... }`"),
            ),
            Err(d) => problems.push(d),
        }
        for key in ["roll", "utsedd_av"] {
            match m.text(key) {
                Ok(text) if key == "roll" => read.role = text,
                Ok(text) => read.appointed_by = text,
                Err(d) => problems.push(d),
            }
        }
        problems.extend(m.unknown_keys(&["namn", "roll", "utsedd_av"], "en ledamot"));
        board.push(read);
    }
    board
}
