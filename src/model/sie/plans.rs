//! Account plans: the groups a statement from the books is printed in, each holding account
//! ranges or groups of its own. A project's own plan is a `typ: kontoplan` file; the built-in
//! BAS and Kommun-Bas are the same kind of file (`plans/bas.yaml`, `plans/kommun-bas.yaml`),
//! embedded and read by the same reader. A built-in plan that is not the books' own (#KPTYP)
//! is named with an account it places differently.

use std::sync::LazyLock;

use super::Books;
use crate::diagnostics::{Diagnostic, Kind, Missing, Named};

/// A group of an account plan: its name, the statement section it belongs to (`tillgångar`,
/// `eget_kapital`, `avsättningar`, `skulder`, or `rader` for the resultaträkning), and either
/// its account ranges (a leaf) or its own groups; optionally the intermediate result printed
/// after it (`delresultat`, e.g. Rörelseresultat after Rörelsens kostnader).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanGroup {
    /// The group's name as printed.
    pub name: String,
    /// The section of the statement.
    pub section: String,
    /// Inclusive account ranges (a leaf group).
    pub ranges: Vec<(u32, u32)>,
    /// Groups inside this one.
    pub groups: Vec<PlanGroup>,
    /// `delresultat`: the running result printed after this group.
    pub subtotal: Option<String>,
}

impl PlanGroup {
    /// Whether the group, or a group inside it, holds the account of value `account`.
    pub fn holds(&self, account: u32) -> bool {
        self.holds_here(account) || self.groups.iter().any(|g| g.holds(account))
    }

    /// Whether the group's own ranges hold the account of value `account`.
    pub(super) fn holds_here(&self, account: u32) -> bool {
        self.ranges
            .iter()
            .any(|(a, b)| account >= *a && account <= *b)
    }
}

/// The sections a mapping file may name, as written there: resultat means the resultaträkning.
pub const SECTIONS: &[&str] = &[
    "tillgångar",
    "eget_kapital",
    "avsättningar",
    "skulder",
    "resultat",
];

/// A project's own account plan: `grupper: [{ namn, avsnitt, konton: ["1900-1999", 2010] }]`,
/// where a group may instead hold `grupper:` of its own and name a `delresultat:`.
pub fn mapping(
    node: &crate::yaml::Node,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PlanGroup> {
    use crate::yaml::{MapReader, Value};
    let Ok(mut map) = MapReader::new(node, file, "kontoplanen") else {
        problems.push(Diagnostic::error("kontoplanen ska ha `grupper:`").in_file(file));
        return Vec::new();
    };
    let Some(list) = map.get("grupper") else {
        problems.push(
            Diagnostic::error_of(Kind::missing_key(Missing::Plan, "grupper"))
                .in_file(file)
                .at(node.position),
        );
        return Vec::new();
    };
    map.get("typ");
    problems.extend(map.finish(&["grupper"], "kontoplanen"));
    fn groups(
        list: &crate::yaml::Node,
        parent_section: Option<&str>,
        file: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<PlanGroup> {
        let Value::Seq(items) = &list.value else {
            problems.push(
                Diagnostic::error_of(crate::diagnostics::Kind::wrong_form_bare(
                    crate::diagnostics::Form::List,
                    "grupper",
                ))
                .in_file(file)
                .at(list.position),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Some(mut g) = MapReader::open(item, file, "en grupp", problems) else {
                continue;
            };
            let name = g.text("namn").ok().flatten().unwrap_or_default();
            let written = g.text("avsnitt").ok().flatten();
            let section = match (&written, parent_section) {
                (Some(s), _) => s.clone(),
                (None, Some(p)) => p.to_owned(),
                (None, None) => String::new(),
            };
            let section_name = if section == "rader" {
                "resultat"
            } else {
                section.as_str()
            };
            if !SECTIONS.contains(&section_name) {
                problems.push(
                    Diagnostic::error_of(Kind::unknown_name(
                        Named::Section {
                            group: name.clone(),
                        },
                        &section,
                        SECTIONS.iter().copied(),
                    ))
                    .in_file(file)
                    .at(item.position),
                );
            }
            let section = if section == "resultat" {
                "rader".to_owned()
            } else {
                section
            };
            let subtotal = g.text("delresultat").ok().flatten();
            let mut ranges = Vec::new();
            let inner = g.get("grupper");
            match (g.get("konton"), inner) {
                (
                    Some(crate::yaml::Node {
                        value: Value::Seq(accounts),
                        ..
                    }),
                    None,
                ) => {
                    for a in accounts {
                        let text = a.as_text().unwrap_or("");
                        let range = match text.split_once('-') {
                            Some((x, y)) => x.trim().parse().ok().zip(y.trim().parse().ok()),
                            None => text.trim().parse().ok().map(|n| (n, n)),
                        };
                        match range {
                            Some(r) => ranges.push(r),
                            None => problems.push(
                                Diagnostic::error_of(Kind::wrong_written(
                                    crate::diagnostics::Shape::No,
                                    crate::diagnostics::Form::AccountOrRange,
                                    Some("konton"),
                                    text,
                                ))
                                .in_file(file)
                                .at(a.position)
                                .hint("skriv t.ex. 1930 eller \"3000-3999\""),
                            ),
                        }
                    }
                }
                (None, Some(_)) => {}
                (Some(_), Some(_)) => problems.push(
                    Diagnostic::error(format!(
                        "gruppen `{name}` har både `konton:` och `grupper:`"
                    ))
                    .in_file(file)
                    .at(item.position)
                    .hint("lägg kontona i en egen grupp bland `grupper:`"),
                ),
                _ => problems.push(
                    Diagnostic::error_of(Kind::missing_keys(
                        Missing::PlanGroup { name: name.clone() },
                        "konton",
                        &["grupper"],
                    ))
                    .in_file(file)
                    .at(item.position),
                ),
            }
            let children = inner
                .map(|n| groups(n, Some(&section), file, problems))
                .unwrap_or_default();
            problems.extend(g.finish(
                &["namn", "avsnitt", "konton", "grupper", "delresultat"],
                "en grupp",
            ));
            out.push(PlanGroup {
                name,
                section,
                ranges,
                groups: children,
                subtotal,
            });
        }
        out
    }
    groups(list, None, file, problems)
}

/// BAS, set up as the Swedish annual accounts law's forms: the resultaträkning by kind of cost
/// and the balansräkning (`plans/bas.yaml`).
static BAS: LazyLock<Vec<PlanGroup>> =
    LazyLock::new(|| built_in("bas.yaml", include_str!("plans/bas.yaml")));

/// Kommun-Bas in RKR's form (`plans/kommun-bas.yaml`).
static KOMMUN_BAS: LazyLock<Vec<PlanGroup>> =
    LazyLock::new(|| built_in("kommun-bas.yaml", include_str!("plans/kommun-bas.yaml")));

/// A built-in plan, read from its embedded `typ: kontoplan` file as a project's own plan is.
/// The file is part of arshjul, not of the project: the test
/// `the_built_in_plans_read_without_problems_and_place_every_account_once` holds that it reads cleanly.
fn built_in(file: &str, text: &str) -> Vec<PlanGroup> {
    let mut problems = Vec::new();
    let plan = crate::yaml::parse(text, file, 0)
        .map(|node| mapping(&node, file, &mut problems))
        .map_err(|d| problems.push(d));
    match plan {
        Ok(plan) if problems.is_empty() => plan,
        _ => panic!("the built-in account plan {file} does not read: {problems:?}"),
    }
}

/// BAS for a company.
pub(super) fn bas() -> Vec<PlanGroup> {
    BAS.clone()
}

/// Kommun-Bas.
pub(super) fn kommun_bas() -> Vec<PlanGroup> {
    KOMMUN_BAS.clone()
}

/// Whether the built-in plan `name` fits the books' own (#KPTYP): `None` where it does or
/// cannot be told; else why not, naming an account the two plans place differently. BAS95,
/// BAS96, EUBAS97, NE2007 and BAS20xx are a company's BAS (SIE 4B §11); a #KPTYP that says
/// Kommun or K-BAS is Kommun-Bas.
pub fn plan_misfit(books: &Books, name: &str) -> Option<String> {
    let (written, line) = books.plan_type.as_ref()?;
    let folded: String = written
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let municipal = folded.contains("KOMMUN") || folded.starts_with("KBAS");
    let company = !municipal
        && (folded.starts_with("BAS") || folded.starts_with("EUBAS") || folded == "NE2007");
    let chosen = plan(name)?;
    let other = match name.trim().to_lowercase().as_str() {
        "bas" if municipal => kommun_bas(),
        "kommun-bas" | "kommunbas" if company => bas(),
        _ => return None,
    };
    fn leaf_of(plan: &[PlanGroup], account: u32) -> Option<&str> {
        plan.iter().find_map(|g| {
            if g.groups.is_empty() {
                g.holds_here(account).then_some(g.name.as_str())
            } else {
                leaf_of(&g.groups, account)
            }
        })
    }
    // An account of these books the chosen plan places under another heading.
    let example = books
        .accounts()
        .into_iter()
        .filter(|a| books.is_result_account(a))
        .find_map(|a| {
            let (here, there) = (leaf_of(&chosen, a.value())?, leaf_of(&other, a.value())?);
            (here != there).then(|| {
                let named = books
                    .accounts
                    .get(&a)
                    .map_or_else(|| a.to_string(), |n| format!("{a} {n}"));
                format!(", t.ex. hamnar {named} under ”{here}”")
            })
        })
        .unwrap_or_default();
    Some(format!(
        "`kontoplan: {}` passar inte bokföringens kontoplan {written} (#KPTYP på rad {line}): kontona grupperas efter {}{example}",
        name.trim(),
        if municipal {
            "BAS för företag, inte Kommun-Bas"
        } else {
            "Kommun-Bas, inte BAS för företag"
        }
    ))
}

/// The built-in account plan called `name`, if known.
pub fn plan(name: &str) -> Option<Vec<PlanGroup>> {
    match name.trim() {
        "bas" | "BAS" => Some(bas()),
        "kommun-bas" | "Kommun-Bas" | "kommunbas" => Some(kommun_bas()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_plans_read_without_problems_and_place_every_account_once() {
        // Reading a built-in plan panics on any problem in its file.
        for name in ["bas", "kommun-bas"] {
            let plan = plan(name).unwrap();
            fn leaves(groups: &[PlanGroup], account: u32) -> usize {
                groups
                    .iter()
                    .map(|g| usize::from(g.holds_here(account)) + leaves(&g.groups, account))
                    .sum()
            }
            for account in 1000..=8999 {
                assert_eq!(leaves(&plan, account), 1, "{name}: {account}");
            }
            assert!(plan.iter().any(|g| g.section == "rader"), "{name}");
        }
    }
}
