//! The SIE files the flerårsöversikt reads: the document's `typ: sie` files (the file each
//! names and its account plan) and every other SIE file in the document's folder, each read
//! into its books and the records of years 0 and −1.

use std::collections::BTreeMap;
use std::path::Path;

use super::Sources;
use super::records;
use crate::diagnostics::Diagnostic;
use crate::model::sie::{self, Account, Books, PlanGroup};

/// An SIE file read for the overview: the `typ: sie` data file that names it (its file and
/// node), where one does; its books and the records of years 0 and −1.
pub(super) struct SieFile<'a> {
    pub(super) data: Option<(&'a str, &'a crate::yaml::Node)>,
    pub(super) file: String,
    pub(super) books: Books,
    pub(super) years: BTreeMap<i32, records::Year>,
}

/// The SIE file a `typ: sie` data file names, from the project root; its errors are the
/// statements' to report.
pub(super) fn resolved(sources: &Sources<'_>, node: &crate::yaml::Node) -> Option<String> {
    let fil = field(node, "fil")?;
    let path = crate::project::project_path(sources.root, sources.dir, fil).ok()?;
    Some(path.trim_start_matches('/').to_owned())
}

/// The text of `key` in a mapping.
fn field<'a>(node: &'a crate::yaml::Node, key: &str) -> Option<&'a str> {
    match &node.value {
        crate::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == key)
            .and_then(|(_, v)| v.as_text()),
        _ => None,
    }
}

/// The account plan a `typ: sie` data file names (`kontoplan:`): built in, or the project's
/// own mapping file, read as the statements read it (its problems are theirs).
pub(super) fn plan_of(sources: &Sources<'_>, node: &crate::yaml::Node) -> Option<Plan> {
    let name = field(node, "kontoplan").unwrap_or("bas").trim();
    let groups = match sie::plan(name) {
        Some(groups) => groups,
        None => {
            let path = crate::project::project_path(sources.root, sources.dir, name).ok()?;
            let plan_file = path.trim_start_matches('/');
            let plan_node = crate::project::read_yaml(
                &sources.root.join(plan_file),
                plan_file,
                &mut Vec::new(),
            )?;
            sie::mapping(&plan_node, plan_file, &mut Vec::new())
        }
    };
    Some(Plan {
        groups,
        municipal: name.eq_ignore_ascii_case("kommun-bas")
            || name.eq_ignore_ascii_case("kommunbas"),
    })
}

/// Every other SIE file in the document's folder (`.se`, `.si`, `.sie`), by name.
pub(super) fn other_sie_files(sources: &Sources<'_>, own: &[String]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(sources.dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ["se", "si", "sie"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .filter_map(|p| {
            p.strip_prefix(sources.root)
                .ok()
                .map(crate::diagnostics::display_path)
        })
        .filter(|f| !own.contains(f))
        .collect();
    files.sort();
    files
}

/// An SIE file read: its books and the records of years 0 and −1 with their lines; `None`
/// where it cannot be read or an amount in it cannot (its own errors go to `problems`).
pub(super) fn read_books(
    root: &Path,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Books, BTreeMap<i32, records::Year>)> {
    let bytes = match crate::project::read_bytes(&root.join(file)) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Diagnostic::error(format!("kan inte läsa SIE-filen: {e}")).in_file(file));
            return None;
        }
    };
    let text = sie::decode(&bytes);
    crate::diagnostics::remember_source(&root.join(file), &text);
    let (books, found) = sie::parse(&text, file);
    problems.extend(found);
    (!books.unknown).then(|| (books, records::scan(&text)))
}

/// The account plan the books are read by: which accounts are eget kapital and tillgångar.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    groups: Vec<PlanGroup>,
    /// Kommun-Bas: financial income runs to 8499.
    pub(super) municipal: bool,
}

impl Plan {
    pub(super) fn bas() -> Plan {
        Plan {
            groups: sie::plan("bas").unwrap_or_default(),
            municipal: false,
        }
    }

    /// The section of the balance sheet the plan puts `account` in.
    pub(super) fn section(&self, account: &Account) -> Option<&str> {
        self.groups
            .iter()
            .find(|g| g.holds(account.value()))
            .map(|g| g.section.as_str())
    }
}
