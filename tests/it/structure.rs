//! The shape of the code, as DESIGN.md draws it: one way through the pipeline. No two source
//! files import each other (directly or round a longer circle), and the data model imports
//! nothing of the stages after it (templates, context, narrative, layouts, typesetting).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::repo;

/// Every module of `src/` (`model::budget`, `pipeline`) with the modules it uses, read from
/// the source: `crate::x::y` and `super::y` paths outside comments and test modules.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo().join("src");
    let mut texts = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = module_name(path.strip_prefix(&src).unwrap());
        texts.insert(name, std::fs::read_to_string(path).unwrap());
    }
    let known: BTreeSet<String> = texts.keys().cloned().collect();
    let resolve = |path: &[&str]| -> Option<String> {
        // The longest known module the path starts with: `model::budget::Budget` → model::budget.
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|m| known.contains(m))
    };
    let mut graph = BTreeMap::new();
    for (module, text) in &texts {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut uses = BTreeSet::new();
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or("");
            for (prefix, base) in [("crate::", Vec::new()), ("super::", parent(module))] {
                for (i, _) in line.match_indices(prefix) {
                    if prefix == "super::" && line[..i].ends_with("::") {
                        continue;
                    }
                    let rest: String = line[i + prefix.len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    let mut path: Vec<&str> = base.iter().map(String::as_str).collect();
                    path.extend(rest.split("::").filter(|p| !p.is_empty()));
                    if let Some(target) = resolve(&path)
                        && target != *module
                    {
                        uses.insert(target);
                    }
                }
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

/// `model/budget.rs` → `model::budget`, `context.rs` → `context`, `lib.rs` → `` (the crate).
fn module_name(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts.join("::")
}

fn parent(module: &str) -> Vec<String> {
    let mut parts: Vec<String> = module.split("::").map(str::to_owned).collect();
    parts.pop();
    parts
}

/// Whether one module contains the other (a module and its submodules are one file's family:
/// `mod budget;` in context.rs is no import).
fn family(a: &str, b: &str) -> bool {
    a.is_empty()
        || b.is_empty()
        || a.starts_with(&format!("{b}::"))
        || b.starts_with(&format!("{a}::"))
}

#[test]
fn no_source_file_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(
        graph
            .get("model::budget")
            .is_some_and(|u| u.contains("model::lines")),
        "the reader of imports is broken: model::budget uses model::lines"
    );
    let mut circles = Vec::new();
    for start in graph.keys() {
        // Depth first from `start`, along imports outside its own family, back to `start`.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, way)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                if family(start, next) && next != start {
                    continue;
                }
                if next == start && way.len() > 1 {
                    circles.push(way.join(" → ") + " → " + start);
                } else if seen.insert(next.clone()) && next != start {
                    let mut longer = way.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_model_imports_nothing_of_the_later_stages() {
    let allowed = ["model", "money", "yaml", "diagnostics", "text", "project"];
    let graph = imports();
    let mut wrong = Vec::new();
    for (module, uses) in &graph {
        if !module.starts_with("model") {
            continue;
        }
        for used in uses {
            let top = used.split("::").next().unwrap_or("");
            if !allowed.contains(&top) {
                wrong.push(format!("{module} → {used}"));
            }
        }
    }
    assert!(
        graph.keys().filter(|m| m.starts_with("model::")).count() >= 8,
        "the model's files were not found"
    );
    assert!(
        wrong.is_empty(),
        "model/ imports later stages:\n{}",
        wrong.join("\n")
    );
}
