//! `arshjul new`: a new document from a built-in starter for each type, which builds at once.
//!
//! Starters are embedded in the binary; `ÅR`, `ÅR1`, `ÅR2` and `DATUM` become the year (the
//! coming year for a verksamhetsplan, which is adopted the autumn before) and today's date.

use std::path::{Path, PathBuf};

use crate::money::Date;

type Files = &'static [(&'static str, &'static str)];

/// The starters: (type as written in front matter, files).
pub const STARTERS: &[(&str, Files)] = &[
    (
        "verksamhetsplan",
        &[
            (
                "index.md",
                include_str!("starters/verksamhetsplan/index.md"),
            ),
            (
                "budget.yaml",
                include_str!("starters/verksamhetsplan/budget.yaml"),
            ),
        ],
    ),
    (
        "delårsrapport",
        &[
            ("index.md", include_str!("starters/delarsrapport/index.md")),
            (
                "resultatrakning.yaml",
                include_str!("starters/delarsrapport/resultatrakning.yaml"),
            ),
            (
                "balansrakning.yaml",
                include_str!("starters/delarsrapport/balansrakning.yaml"),
            ),
            (
                "deltagare.yaml",
                include_str!("starters/delarsrapport/deltagare.yaml"),
            ),
            (
                "deltagare.csv",
                include_str!("starters/delarsrapport/deltagare.csv"),
            ),
        ],
    ),
    (
        "årsredovisning",
        &[
            ("index.md", include_str!("starters/arsredovisning/index.md")),
            (
                "resultatrakning.yaml",
                include_str!("starters/arsredovisning/resultatrakning.yaml"),
            ),
            (
                "balansrakning.yaml",
                include_str!("starters/arsredovisning/balansrakning.yaml"),
            ),
            (
                "driftredovisning.yaml",
                include_str!("starters/arsredovisning/driftredovisning.yaml"),
            ),
        ],
    ),
    (
        "rapport",
        &[("index.md", include_str!("starters/rapport/index.md"))],
    ),
];

/// Writes the starter for `kind` into `folder`, which must not hold anything yet. Returns the
/// files written, or what is wrong (in Swedish).
pub fn create(kind: &str, folder: &Path, today: Date) -> Result<Vec<PathBuf>, String> {
    let folded = crate::templates::fold_ascii(kind.trim());
    let Some((name, files)) = STARTERS
        .iter()
        .find(|(k, _)| crate::templates::fold_ascii(k) == folded)
    else {
        let names: Vec<&str> = STARTERS.iter().map(|(k, _)| *k).collect();
        let hint = crate::diagnostics::nearest(kind, names.iter().copied())
            .map(|n| format!("; menade du `{n}`?"))
            .unwrap_or_default();
        return Err(format!(
            "okänd dokumenttyp `{kind}`: välj en av {}{hint}",
            names.join(", ")
        ));
    };
    if folder.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!(
            "{} finns redan och är inte tom: välj en ny mapp",
            folder.display()
        ));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("kan inte skapa {}: {e}", folder.display()))?;
    let year = if *name == "verksamhetsplan" {
        today.year + 1
    } else {
        today.year
    };
    let mut written = Vec::new();
    for (file, text) in *files {
        let text = text
            .replace("ÅR1", &(year + 1).to_string())
            .replace("ÅR2", &(year + 2).to_string())
            .replace("ÅR", &year.to_string())
            .replace("DATUM", &today.iso());
        let path = folder.join(file);
        std::fs::write(&path, text)
            .map_err(|e| format!("kan inte skriva {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_starter_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("content/plan");
        let today = Date {
            year: 2026,
            month: 11,
            day: 22,
        };
        let files = create("verksamhetsplan", &folder, today).unwrap();
        assert_eq!(files.len(), 2);
        let budget = std::fs::read_to_string(folder.join("budget.yaml")).unwrap();
        assert!(budget.contains("år: [2027, 2028, 2029]"), "{budget}");
        let index = std::fs::read_to_string(folder.join("index.md")).unwrap();
        assert!(index.contains("datum: 2026-11-22"));
        assert!(
            create("rapport", &folder, today)
                .unwrap_err()
                .contains("inte tom")
        );
        assert!(
            create("delarsrapprt", &dir.path().join("x"), today)
                .unwrap_err()
                .contains("menade du `delårsrapport`?")
        );
    }
}
