//! Everyday slips in plans, reports and text that used to build silently (issue 22, points
//! 16–21): each is now said at its place, and the corrected project prints the right figures.

use std::path::Path;

use rust_decimal::Decimal;

use crate::support::{arshjul, described, kr, pdf_text};

/// A project in a fresh temporary folder with `files` (path under the project, content).
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        write(dir.path(), path, content);
    }
    dir
}

/// Writes `content` to `path` under `root`, making its folders.
fn write(root: &Path, path: &str, content: &[u8]) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {text}"))
        + 1
}

/// The place (`line:column`, the column in characters) of the first `needle` in `text`.
fn place_of(text: &str, needle: &str) -> String {
    let line = line_of(text, needle);
    let written = text.lines().nth(line - 1).unwrap();
    let column = written[..written.find(needle).unwrap()].chars().count() + 1;
    format!("{line}:{column}")
}

/// Asserts that `stderr` holds `message` at `place`, as the terminal shows them.
fn says(stderr: &str, message: &str, place: &str) {
    let expected = format!("{message}\n  --> {place}");
    assert!(stderr.contains(&expected), "{expected:?} not in:\n{stderr}");
}

const PLAN: &str = "---\ntyp: verksamhetsplan\ntitel: Verksamhetsplan 2027\ndatum: 2026-11-20\n---\n# Ekonomi\n\nText.\n";

#[test]
fn p16_a_member_left_out_of_the_split_is_an_error() {
    let people = [("Norrby kommun", 10_000), ("Söderby kommun", 20_000)];
    let left_out = ("Västerby kommun", 30_000);
    let entries = |kommuner: &[(&str, i64)]| -> String {
        kommuner
            .iter()
            .map(|(k, n)| format!("    - {{ kommun: {k}, invånare: {n} }}\n"))
            .collect()
    };
    let forbund = |kommuner: &[(&str, i64)]| -> String {
        format!(
            "namn: Samordningsförbundet Tre\nmedlemmar: [Försäkringskassan, Region Mitt, Norrby kommun, Söderby kommun, Västerby kommun]\nmedlemsbidrag:\n  fördelning:\n{}",
            entries(kommuner)
        )
    };
    let total = 1_200_000;
    let budget = format!(
        "typ: budget\nenhet: kr\når: [2027]\ningående_eget_kapital: 0\nintäkter:\n  - {{ post: Medlemsintäkter, id: medlemsintäkter, belopp: [{total}] }}\nkostnader:\n  - {{ post: Kansli, belopp: [{total}] }}\n"
    );
    let written = forbund(&people);
    let dir = project(&[
        ("content/tre/forbund.yaml", written.as_bytes()),
        ("content/tre/plan/index.md", PLAN.as_bytes()),
        ("content/tre/plan/budget.yaml", budget.as_bytes()),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    // At the list under `fördelning:`, the line after it.
    let line = line_of(&written, "fördelning:") + 1;
    says(
        &stderr,
        "fel: kommunen `Västerby kommun` står bland `medlemmar` men saknas i `fördelning`: de andra kommunerna skulle betala dess del",
        &format!("content/tre/forbund.yaml:{line}:5"),
    );
    assert!(
        stderr.contains("lägg till `- { kommun: Västerby kommun, invånare: ... }`"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");

    // With every kommun it builds, and each pays its population's part of the quarter.
    let mut all = people.to_vec();
    all.push(left_out);
    write(
        dir.path(),
        "content/tre/forbund.yaml",
        forbund(&all).as_bytes(),
    );
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&dir.path().join("build/tre/plan.pdf"));
    let quarter = Decimal::from(total) / Decimal::from(4);
    let inhabitants: i64 = all.iter().map(|(_, n)| n).sum();
    for (kommun, n) in &all {
        let share = quarter * Decimal::from(*n) / Decimal::from(inhabitants);
        let percent = (share / Decimal::from(total) * Decimal::ONE_HUNDRED)
            .round_dp(1)
            .to_string()
            .replace('.', ",");
        let expected = format!("{kommun} {percent} % {}", kr(share));
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
}

/// A förbund for the documents of these tests.
const FORBUND: &str = "namn: Samordningsförbundet Prov\nmedlemmar: [Försäkringskassan, Arbetsförmedlingen, Region Prov, Provby kommun]\n";

#[test]
fn p17_a_row_in_kronor_in_a_tkr_budget_is_a_warning_at_the_row() {
    let income = 9000;
    let opening = 1000;
    let costs = [("Kansli", 5500), ("Utbildning", 1500), ("Mentorskap", 1100)];
    let budget = |lokaler: i64, total: Option<i64>| -> String {
        let mut text = format!(
            "typ: budget\nenhet: tkr\når: [2027]\ningående_eget_kapital: {opening}\nintäkter:\n  - {{ post: Medlemsintäkter, belopp: [{income}] }}\nkostnader:\n"
        );
        for (name, amount) in costs {
            text.push_str(&format!("  - {{ post: {name}, belopp: [{amount}] }}\n"));
        }
        text.push_str(&format!("  - {{ post: Lokaler, belopp: [{lokaler}] }}\n"));
        if let Some(total) = total {
            text.push_str(&format!("summa_kostnader: [{total}]\n"));
        }
        text
    };
    // Lokaler 120 tkr, written in kronor.
    let written = budget(120_000, None);
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/plan/index.md", PLAN.as_bytes()),
        ("content/prov/plan/budget.yaml", written.as_bytes()),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    // A warning: the document still builds, but not under --strikt.
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let others: Vec<i64> = costs.iter().map(|(_, a)| *a).collect();
    let mut sorted = others.clone();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let rest: i64 = others.iter().sum();
    let tkr = |v: i64| format!("{}\u{a0}tkr", kr(Decimal::from(v)).replace(' ', "\u{a0}"));
    says(
        &stderr,
        &format!(
            "varning: posten `Lokaler` är {} år 2027: i en annan storleksordning än de andra kostnaderna (medianen {}, tillsammans {})",
            tkr(120_000),
            tkr(median),
            tkr(rest)
        ),
        &format!(
            "content/prov/plan/budget.yaml:{}",
            place_of(&written, "120000")
        ),
    );
    assert!(
        stderr.contains(&format!("120\u{a0}000 kr är {}", tkr(120))),
        "{stderr}"
    );
    let (code, _, _) = described(&arshjul(dir.path(), &["check", "--strikt"]));
    assert_eq!(code, 1);

    // A written total that agrees confirms the figure: no warning.
    let confirmed = budget(120_000, Some(rest + 120_000));
    write(
        dir.path(),
        "content/prov/plan/budget.yaml",
        confirmed.as_bytes(),
    );
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check", "--strikt"]));
    assert_eq!(code, 0, "{stderr}");

    // In tkr, it builds without a word and prints the right result.
    write(
        dir.path(),
        "content/prov/plan/budget.yaml",
        budget(120, None).as_bytes(),
    );
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("storleksordning"), "{stderr}");
    let text = pdf_text(&dir.path().join("build/prov/plan.pdf"));
    let cost_total = rest + 120;
    for expected in [
        format!("Lokaler {}", kr(Decimal::from(120))),
        format!("Summa kostnader {}", kr(Decimal::from(cost_total))),
        format!("Årets resultat {}", kr(Decimal::from(income - cost_total))),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn p17_the_example_budgets_raise_no_scale_warning() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_dir(
        &crate::support::repo().join("content"),
        &dir.path().join("content"),
    );
    for fixture in ["budget-2020-ratt", "medlemsbidrag", "dussin"] {
        let (_, _, stderr) = described(&arshjul(
            &crate::support::repo().join("tests/fixtures").join(fixture),
            &["check"],
        ));
        assert!(!stderr.contains("storleksordning"), "{fixture}: {stderr}");
    }
    let (_, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert!(!stderr.contains("storleksordning"), "{stderr}");
}

/// The index.md of an årsredovisning for 2019.
const ANNUAL: &str = "---\ntyp: årsredovisning\ntitel: Årsredovisning 2019\ndatum: 2020-02-20\n---\n# Förvaltningsberättelse\n\nText.\n";

/// An årsredovisning with a hand-written resultaträkning of `period` in the fiscal year 2019.
fn annual(period: &str) -> (tempfile::TempDir, String) {
    let statement = format!(
        "typ: resultaträkning\nenhet: kr\nräkenskapsår: {{ från: 2019-01-01, till: 2019-12-31 }}\nperiod: {period}\nkolumner: [utfall]\nrader:\n  - {{ post: Medlemsbidrag, utfall: 4000000 }}\n  - {{ post: Insatser, utfall: -3600000 }}\n"
    );
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/ar2019/index.md", ANNUAL.as_bytes()),
        (
            "content/prov/ar2019/resultatrakning.yaml",
            statement.as_bytes(),
        ),
    ]);
    (dir, statement)
}

#[test]
fn p18_an_annual_report_of_part_of_a_year_is_an_error_at_the_period() {
    let (dir, statement) = annual("{ från: 2019-01-01, till: 2019-08-31 }");
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let line = line_of(&statement, "period:");
    says(
        &stderr,
        "fel: en årsredovisning redovisar hela räkenskapsåret 1 januari 2019 – 31 december 2019, men perioden är 1 januari 2019 – 31 augusti 2019",
        &format!("content/prov/ar2019/resultatrakning.yaml:{line}:9"),
    );
    assert!(
        stderr.contains("skriv `period: { från: 2019-01-01, till: 2019-12-31 }`"),
        "{stderr}"
    );

    // The whole year builds, with the year's result.
    let (dir, _) = annual("{ från: 2019-01-01, till: 2019-12-31 }");
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let text = pdf_text(&dir.path().join("build/prov/ar2019.pdf"));
    let result = kr(Decimal::from(4_000_000 - 3_600_000));
    assert!(text.contains(&result), "{result:?} not in:\n{text}");
}

#[test]
fn p18_books_of_part_of_a_year_are_refused_in_an_annual_report() {
    // An SIE 4 file of 2019 with one voucher in March; the period stops at June.
    let se = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN \"Prov\"\n#RAR 0 20190101 20191231\n#KPTYP BAS2014\n#KONTO 1930 \"Bank\"\n#KONTO 2099 \"Årets resultat\"\n#KONTO 3010 \"Medlemsbidrag\"\n#IB 0 1930 0.00\n#UB 0 1930 1000.00\n#RES 0 3010 -1000.00\n#VER A 1 20190315 \"Bidrag\"\n{\n#TRANS 1930 {} 1000.00\n#TRANS 3010 {} -1000.00\n}\n";
    let settings = "typ: sie\nfil: bokforing.se\nperiod: { från: 2019-01-01, till: 2019-06-30 }\nkontoplan: bas\n";
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/ar2019/index.md", ANNUAL.as_bytes()),
        ("content/prov/ar2019/bokforing.se", se.as_bytes()),
        ("content/prov/ar2019/bokforing.yaml", settings.as_bytes()),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    says(
        &stderr,
        "fel: en årsredovisning redovisar hela räkenskapsåret 1 januari 2019 – 31 december 2019, men perioden är 1 januari 2019 – 30 juni 2019",
        &format!(
            "content/prov/ar2019/bokforing.yaml:{}:9",
            line_of(settings, "period:")
        ),
    );
    assert_eq!(
        stderr.matches("en årsredovisning redovisar").count(),
        1,
        "{stderr}"
    );
}

/// A verksamhetsplan whose front matter has `status: fastställd` and `extra` lines.
fn adopted(extra: &str) -> (tempfile::TempDir, String) {
    let index = format!(
        "---\ntyp: verksamhetsplan\ntitel: Verksamhetsplan 2027\ndatum: 2026-11-20\nstatus: fastställd\n{extra}---\n# Ekonomi\n\nText.\n"
    );
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/plan/index.md", index.as_bytes()),
    ]);
    (dir, index)
}

#[test]
fn p19_an_adopted_document_says_when_and_by_whom() {
    let (dir, index) = adopted("");
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    says(
        &stderr,
        "fel: `status: fastställd` men `fastställd:` saknas: omslaget visar då varken UTKAST eller när och av vem dokumentet fastställdes",
        &format!(
            "content/prov/plan/index.md:{}:9",
            line_of(&index, "status:")
        ),
    );
    assert!(
        stderr.contains("fastställd: { organ: styrelsen, datum: 2026-11-20, paragraf: § 12 }"),
        "{stderr}"
    );

    // Adopted after the document's date: a warning at the adoption's date.
    let (dir, index) =
        adopted("fastställd: { organ: styrelsen, datum: 2026-11-27, paragraf: § 9 }\n");
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    says(
        &stderr,
        "varning: `fastställd` är daterad 27 november 2026, efter dokumentets `datum` 20 november 2026",
        &format!(
            "content/prov/plan/index.md:{}",
            place_of(&index, "2026-11-27")
        ),
    );
    {
        let text = pdf_text(&dir.path().join("build/prov/plan.pdf"));
        assert!(
            text.contains("Antagen av styrelsen den 27 november 2026, § 9"),
            "{text}"
        );
        assert!(!text.contains("UTKAST"), "{text}");
    }

    // Adopted on a day still to come: a warning.
    let (dir, index) = adopted("fastställd: { organ: styrelsen, datum: 2999-01-01 }\n");
    let (code, _, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 0, "{stderr}");
    says(
        &stderr,
        "varning: `fastställd` är daterad 1 januari 2999, ett datum som inte har varit ännu",
        &format!("content/prov/plan/index.md:{}", place_of(&index, "2999")),
    );
    assert_eq!(stderr.matches("varning:").count(), 1, "{stderr}");
}

#[test]
fn p20_a_document_without_forbund_yaml_says_where_it_looked() {
    let dir = project(&[("content/prov/plan/index.md", PLAN.as_bytes())]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    says(
        &stderr,
        "fel: dokumentet har ingen forbund.yaml: den söktes i content/prov/plan, content/prov, content",
        "content/prov/plan/index.md",
    );
    assert!(stderr.contains("i content/prov, så gäller den"), "{stderr}");
    assert_eq!(stderr.matches("fel:").count(), 1, "{stderr}");

    // With one in the förbund's folder, the cover names the förbund.
    write(dir.path(), "content/prov/forbund.yaml", FORBUND.as_bytes());
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    {
        let text = pdf_text(&dir.path().join("build/prov/plan.pdf"));
        assert!(text.contains("Samordningsförbundet Prov"), "{text}");
    }

    // `arshjul new` in a förbund without one writes one, and the new document checks.
    let fresh = project(&[("content/.keep", b"")]);
    let (code, stdout, stderr) = described(&arshjul(
        fresh.path(),
        &["new", "rapport", "content/nytt/rapport-2027"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let (code, stdout, stderr) = described(&arshjul(fresh.path(), &["check"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("forbund.yaml"), "{stderr}");
}

#[test]
fn p21_a_utf8_file_with_a_stray_byte_is_refused_at_the_byte() {
    // UTF-8 throughout, but for one ä saved as Windows-1252 (E4) on the fourth line.
    let mut index = "---\ntyp: verksamhetsplan\ntitel: Förbundets mål\ndatum: 2026-11-20\n---\n# Mål\n\nFörbundet arbetar i H"
        .as_bytes()
        .to_vec();
    index.push(0xE4);
    index.extend_from_slice("rryda.\n".as_bytes());
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/plan/index.md", &index),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let before = &index[..index.iter().position(|b| *b == 0xE4).unwrap()];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let last =
        String::from_utf8_lossy(&before[before.iter().rposition(|b| *b == b'\n').unwrap() + 1..])
            .chars()
            .count();
    says(
        &stderr,
        "fel: filen är sparad som UTF-8 men har här en byte (0xE4) som inte är något UTF-8-tecken",
        &format!("content/prov/plan/index.md:{line}:{}", last + 1),
    );
    assert!(stderr.contains("`ö` på rad 3"), "{stderr}");
    assert!(!stderr.contains("Windows-1252 (Latin-1)"), "{stderr}");
    assert!(!dir.path().join("build/prov/plan.pdf").exists());

    // A file wholly in Windows-1252 is read, with a note; its letters print right.
    let legacy: Vec<u8> = "---\ntyp: verksamhetsplan\ntitel: F\u{f6}rbundets m\u{e5}l\ndatum: 2026-11-20\n---\n# M\u{e5}l\n\nF\u{f6}rbundet arbetar i H\u{e4}rryda.\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    write(dir.path(), "content/prov/plan/index.md", &legacy);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    says(
        &stderr,
        "varning: filen är inte sparad som UTF-8: den lästes som Windows-1252 (Latin-1)",
        "content/prov/plan/index.md",
    );
    {
        let text = pdf_text(&dir.path().join("build/prov/plan.pdf"));
        assert!(text.contains("Förbundets mål"), "{text}");
        assert!(text.contains("Förbundet arbetar i Härryda."), "{text}");
        assert!(!text.contains("Ã"), "{text}");
    }
}

#[test]
fn p21_a_csv_with_a_stray_byte_is_refused_at_the_byte() {
    let table = "typ: tabell\ntitel: Deltagare\nkälla: deltagare.csv\ndiagram: ingen\n";
    let mut csv = "Kommun;Kvinnor;Män\nMölndal;12;9\n".as_bytes().to_vec();
    csv.extend_from_slice(b"H\xe4rryda;4;7\n");
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/plan/index.md", PLAN.as_bytes()),
        ("content/prov/plan/deltagare.yaml", table.as_bytes()),
        ("content/prov/plan/deltagare.csv", &csv),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    says(
        &stderr,
        "fel: filen är sparad som UTF-8 men har här en byte (0xE4) som inte är något UTF-8-tecken",
        "content/prov/plan/deltagare.csv:3:2",
    );
}

/// The source line under a message at `place` (`file:line:column`) as it should be printed:
/// `text`, the line, and a caret under its `column`th character.
fn source_line(place: &str, text: &str) -> String {
    let mut parts = place.rsplit(':');
    let column: usize = parts.next().unwrap().parse().unwrap();
    let line = parts.next().unwrap();
    let pad = " ".repeat(line.len());
    format!(
        "  --> {place}\n{pad} |\n{line} | {text}\n{pad} | {}^\n",
        " ".repeat(column - 1)
    )
}

#[test]
fn a_windows_1252_yaml_file_shows_its_line_and_caret_with_its_letters() {
    let board = "styrelse: [{ namn: Åsa Öberg, rol: ordförande, utsedd_av: Härryda kommun }]";
    let forbund = format!("{FORBUND}{board}\n");
    let latin1: Vec<u8> = forbund
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    assert!(
        std::str::from_utf8(&latin1).is_err(),
        "the file is no UTF-8"
    );
    let dir = project(&[
        ("content/prov/forbund.yaml", &latin1),
        ("content/prov/plan/index.md", PLAN.as_bytes()),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let line = line_of(&forbund, "styrelse");
    let column = board[..board.find("rol:").unwrap()].chars().count() + 1;
    let place = format!("content/prov/forbund.yaml:{line}:{column}");
    assert!(stderr.contains("okänd nyckel `rol`"), "{stderr}");
    let expected = source_line(&place, board);
    assert!(stderr.contains(&expected), "{expected:?} not in:\n{stderr}");
}

#[test]
fn a_file_refused_for_a_stray_byte_shows_its_line_with_the_byte_as_a_replacement_character() {
    let mut index = PLAN.as_bytes().to_vec();
    index.extend_from_slice("Förbundet arbetar i H".as_bytes());
    index.push(0xE4);
    index.extend_from_slice("rryda.\n".as_bytes());
    let dir = project(&[
        ("content/prov/forbund.yaml", FORBUND.as_bytes()),
        ("content/prov/plan/index.md", &index),
    ]);
    let (code, stdout, stderr) = described(&arshjul(dir.path(), &["check"]));
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let line = PLAN.lines().count() + 1;
    let column = "Förbundet arbetar i H".chars().count() + 1;
    let expected = source_line(
        &format!("content/prov/plan/index.md:{line}:{column}"),
        "Förbundet arbetar i H\u{fffd}rryda.",
    );
    assert!(stderr.contains(&expected), "{expected:?} not in:\n{stderr}");
}
