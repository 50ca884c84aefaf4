//! `arshjul new`: a new document from a built-in starter for each type, which builds at once.
//!
//! Starters are embedded in the binary; `ÅR`, `ÅR1`, `ÅR2` and `DATUM` become the year and
//! today's date, `SLUTMÅNAD` and `SLUTDAG` the last month of a delårsrapport's period (its name
//! and `MM-DD`). The year (and month) come from the folder's name (`delarsrapport-2027-08`), or
//! else from today. A document that would inherit no `forbund.yaml` gets a commented one.

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
    let folded = crate::text::fold_ascii(kind.trim());
    let Some((name, files)) = STARTERS
        .iter()
        .find(|(k, _)| crate::text::fold_ascii(k) == folded)
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
    let (folder_year, folder_month) = period_of(folder);
    // Without a year in the folder's name: a verksamhetsplan is adopted the autumn before its
    // year, an årsredovisning reports the year just closed, the others this year.
    let year = folder_year.unwrap_or(match *name {
        "verksamhetsplan" => today.year + 1,
        "årsredovisning" => today.year - 1,
        _ => today.year,
    });
    // A delårsrapport runs from January to the month in its folder's name (default August).
    let month = folder_month.unwrap_or(8);
    let last_day = Date::parse(&format!("{year:04}-{month:02}-31"))
        .or_else(|_| Date::parse(&format!("{year:04}-{month:02}-30")))
        .or_else(|_| Date::parse(&format!("{year:04}-{month:02}-29")))
        .or_else(|_| Date::parse(&format!("{year:04}-{month:02}-28")))
        .map_or(31, |d| d.day);
    // “1 augusti 2027” → “augusti”.
    let month_name = Date {
        year,
        month,
        day: 1,
    }
    .swedish()
    .split(' ')
    .nth(1)
    .unwrap_or_default()
    .to_owned();
    let mut written = Vec::new();
    for (file, text) in *files {
        let text = text
            .replace("SLUTMÅNAD", &month_name)
            .replace("SLUTDAG", &format!("{month:02}-{last_day:02}"))
            .replace("ÅR1", &(year + 1).to_string())
            .replace("ÅR2", &(year + 2).to_string())
            .replace("ÅR", &year.to_string())
            .replace("DATUM", &today.iso());
        let path = folder.join(file);
        std::fs::write(&path, text)
            .map_err(|e| format!("kan inte skriva {}: {e}", path.display()))?;
        written.push(path);
    }
    if let Some(path) = organisation_target(folder) {
        std::fs::write(&path, FORBUND)
            .map_err(|e| format!("kan inte skriva {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// What to say when a new document lies outside every `content/` folder: `check`, `build` and
/// `watch` look for documents only under `content/` of the project, so they would never see it.
/// `None` when `folder` is under a `content/` folder.
pub fn outside_content(kind: &str, folder: &Path) -> Option<crate::diagnostics::Diagnostic> {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    if absolute
        .ancestors()
        .skip(1)
        .any(|d| d.file_name().is_some_and(|n| n == "content"))
    {
        return None;
    }
    // As the system writes it, with forward slashes (display_path would double the root's).
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let name = folder.file_name().map_or_else(
        || "dokument".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let hint = match crate::project::find_root(absolute.parent().unwrap_or(&absolute)) {
        Some(root) => format!(
            "flytta mappen till {}, eller skapa dokumentet där: `arshjul new {kind} content/{name}`",
            shown(&root.join("content"))
        ),
        None => format!(
            "ett projekt är en mapp med en mapp content/; skapa den och lägg dokumentet där: `arshjul new {kind} content/{name}` i projektmappen"
        ),
    };
    Some(
        crate::diagnostics::Diagnostic::warning(format!(
            "dokumentet skrevs till {}, som inte ligger i en mapp content/: `arshjul check` och `arshjul build` letar bara efter dokument under content/ i projektmappen och ser inte det här dokumentet",
            shown(&absolute)
        ))
        .hint(hint),
    )
}

/// The year (and month) a folder's name gives: `delarsrapport-2027-08` → (2027, 8),
/// `verksamhetsplan-2027` → (2027, none). A year is four digits from 1900 to 2199 standing alone
/// between non-digits; a month is the two digits after it and a dash, 01–12.
pub fn period_of(folder: &Path) -> (Option<i32>, Option<u8>) {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = name.as_bytes();
    let digits_at = |i: usize, n: usize| {
        i + n <= bytes.len()
            && bytes[i..i + n].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + n).is_none_or(|b| !b.is_ascii_digit())
    };
    for i in 0..bytes.len() {
        if !digits_at(i, 4) {
            continue;
        }
        let Ok(year) = name[i..i + 4].parse::<i32>() else {
            continue;
        };
        if !(1900..2200).contains(&year) {
            continue;
        }
        let month = (bytes.get(i + 4) == Some(&b'-') && digits_at(i + 5, 2))
            .then(|| name[i + 5..i + 7].parse::<u8>().ok())
            .flatten()
            .filter(|m| (1..=12).contains(m));
        return (Some(year), month);
    }
    (None, None)
}

/// Where a new `forbund.yaml` goes when the document would inherit none: beside the document
/// folder when that is inside `content/` (so the förbund's next documents share it), else in the
/// document folder. `None` when one is found upwards (up to `content/`).
fn organisation_target(folder: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    for dir in absolute.ancestors() {
        if dir.join("forbund.yaml").is_file() {
            return None;
        }
        if dir.file_name().is_some_and(|n| n == "content") {
            break;
        }
    }
    let parent = absolute.parent()?;
    let in_content = parent
        .ancestors()
        .any(|d| d.file_name().is_some_and(|n| n == "content"));
    // Named as the folder was given, so that `new` reports it like the other files.
    let given_parent = folder.parent().filter(|p| !p.as_os_str().is_empty());
    Some(match (in_content, given_parent) {
        (true, Some(p)) => p.join("forbund.yaml"),
        (true, None) => parent.join("forbund.yaml"),
        (false, _) => folder.join("forbund.yaml"),
    })
}

/// The `forbund.yaml` a new document gets when it has none: every key, commented.
const FORBUND: &str = include_str!("starters/forbund.yaml");

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
        assert_eq!(files.len(), 3);
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
        // No forbund.yaml upwards: a commented one beside the document, which the next
        // document inherits instead of getting its own.
        let forbund = dir.path().join("content/forbund.yaml");
        assert!(files.contains(&forbund), "{files:?}");
        let text = std::fs::read_to_string(&forbund).unwrap();
        assert!(
            text.contains("namn: Samordningsförbundet Exempel"),
            "{text}"
        );
        assert!(text.contains("# medlemsbidrag:"), "{text}");
        let more = create("rapport", &dir.path().join("content/rapport-2"), today).unwrap();
        assert_eq!(more.len(), 1, "{more:?}");
    }

    #[test]
    fn the_year_comes_from_the_folder_name_or_today() {
        let dir = tempfile::tempdir().unwrap();
        let today = Date {
            year: 2026,
            month: 11,
            day: 22,
        };
        let content = dir.path().join("content");
        create(
            "delårsrapport",
            &content.join("delarsrapport-2027-06"),
            today,
        )
        .unwrap();
        let index =
            std::fs::read_to_string(content.join("delarsrapport-2027-06/index.md")).unwrap();
        assert!(
            index.contains("titel: Delårsrapport januari–juni 2027"),
            "{index}"
        );
        let income =
            std::fs::read_to_string(content.join("delarsrapport-2027-06/resultatrakning.yaml"))
                .unwrap();
        assert!(
            income.contains("period: { från: 2027-01-01, till: 2027-06-30 }"),
            "{income}"
        );
        create("årsredovisning", &content.join("arsredovisning"), today).unwrap();
        let balance =
            std::fs::read_to_string(content.join("arsredovisning/balansrakning.yaml")).unwrap();
        assert!(balance.contains("till: 2025-12-31"), "{balance}");
        assert!(balance.contains("tecken: rapport"), "{balance}");
        assert_eq!(period_of(Path::new("plan-2031")), (Some(2031), None),);
        assert_eq!(period_of(Path::new("x-20271-08")), (None, None));
        assert_eq!(period_of(Path::new("2019-13")), (Some(2019), None));
        assert_eq!(period_of(Path::new("rapport")), (None, None));
    }
}
