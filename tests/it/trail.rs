//! The revisor's trail of the example statements (issue 24): every figure the resultaträkning,
//! balansräkning and kassaflödesanalys print is in build/<doc>.json, a figure from the books or
//! a data file lists records that add up to it, a computed one names parts that make it, and
//! every record's line, read here from the source file, holds that account and amount.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{arshjul, copy_dir, described, repo};

/// A printed statement table of the typst source: its column headings and rows (name, cells).
struct Printed {
    headings: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// Spaces as a test compares them (typst and the JSON may use no-break spaces).
fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

/// The text between `open` and the matching close of the bracket that `open` ends with.
fn bracketed(text: &str, open: &str) -> Option<String> {
    let start = text.find(open)? + open.len();
    let close = match open.chars().last()? {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let opener = open.chars().last()?;
    let mut depth = 1;
    for (i, c) in text[start..].char_indices() {
        if c == opener {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return Some(text[start..start + i].to_owned());
            }
        }
    }
    None
}

/// The statements' tables of `main.typ` as set: every `#arshjul-rapporttabell(…)` under a
/// heading Resultaträkning, Balansräkning, Balansrapport or Kassaflödesanalys.
fn printed_tables(typst: &str) -> Vec<Printed> {
    let mut out = Vec::new();
    let blocks: Vec<&str> = typst.split("#arshjul-rapporttabell(").collect();
    for (before, block) in blocks.iter().zip(blocks.iter().skip(1)) {
        let heading = before
            .rsplit("#heading(level: 1)[")
            .next()
            .and_then(|h| h.split(']').next())
            .unwrap_or_default();
        if ![
            "Resultaträkning",
            "Balansräkning",
            "Balansrapport",
            "Kassaflödesanalys",
        ]
        .contains(&heading)
        {
            continue;
        }
        let headings = bracketed(block, "rubriker: (")
            .unwrap_or_default()
            .split('"')
            .skip(1)
            .step_by(2)
            .map(plain)
            .collect();
        let mut rows = Vec::new();
        for line in block.lines().take_while(|l| !l.starts_with(')')) {
            let line = line.trim();
            if !line.starts_with("(slag: ") {
                continue;
            }
            let name = line
                .split("ord: \"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default()
                .to_owned();
            let cells_text = bracketed(line, "celler: (").unwrap_or_default();
            // `[5 532 000], [], …`: a blank cell is empty, as is what follows the last comma.
            let cells: Vec<String> = cells_text
                .split("], ")
                .map(|c| plain(c.trim().trim_start_matches('[').trim_end_matches(']')))
                .collect();
            rows.push((name, cells));
        }
        out.push(Printed { headings, rows });
    }
    out
}

fn decimal(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a decimal: {v}"))
}

/// The numbers written on a line of a data file or an SIE record (as read there).
fn numbers_on(line: &str) -> Vec<Decimal> {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|t| t.parse::<Decimal>().ok())
        .collect()
}

/// Checks the trail of `doc` (built in `root`): every printed statement cell is a figure of
/// the JSON, and every figure reached from them adds up. Returns the JSON's figures by id.
fn check_trail(root: &Path, doc: &str, tables: usize) -> HashMap<String, Value> {
    let typst = std::fs::read_to_string(root.join(format!("build/{doc}/main.typ"))).unwrap();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(format!("build/{doc}.json"))).unwrap(),
    )
    .unwrap();
    let figures = json["figurer"].as_array().unwrap();
    let by_id: HashMap<String, Value> = figures
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_owned(), f.clone()))
        .collect();
    let printed = printed_tables(&typst);
    assert_eq!(printed.len(), tables, "{doc}: the statement tables");
    let mut reached: Vec<String> = Vec::new();
    let mut cells = 0;
    for table in &printed {
        // An årsredovisning numbers its notes in a first column of its own.
        let skip = usize::from(table.headings.first().map(String::as_str) == Some("Not"));
        for (row, values) in &table.rows {
            for (k, text) in values.iter().enumerate().skip(skip) {
                if text.is_empty() {
                    continue;
                }
                let heading = &table.headings[k];
                // The JSON's text is the text printed (typst's escapes taken away).
                let shown = plain(&text.replace('\\', ""));
                let found = figures.iter().find(|f| {
                    f["rad"].as_str() == Some(row)
                        && f["kolumn"].as_str().map(plain).as_deref() == Some(heading)
                        && f["text"].as_str().map(plain).as_deref() == Some(shown.as_str())
                });
                let found = found.unwrap_or_else(|| {
                    panic!("{doc}: {row}, {heading}: {shown} is not in the figures JSON as printed")
                });
                reached.push(found["id"].as_str().unwrap().to_owned());
                cells += 1;
            }
        }
    }
    assert!(cells > 40, "{doc}: only {cells} printed figures");
    // Every figure reached, down to the records.
    let mut files: HashMap<String, Vec<String>> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = reached.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let f = &by_id[&id];
        let value = decimal(&f["värde"]);
        let sources = f["källor"].as_array().unwrap();
        let parts: Vec<Decimal> = f["delar"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| decimal(&by_id[p.as_str().unwrap()]["värde"]))
            .collect();
        reached.extend(
            f["delar"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_owned()),
        );
        match f["räkning"].as_str() {
            Some("summa") => assert_eq!(parts.iter().sum::<Decimal>(), value, "{id}"),
            Some("skillnad") => assert_eq!(parts[0] - parts[1], value, "{id}"),
            Some("motsatt") => assert_eq!(-parts[0], value, "{id}"),
            Some("samma") => assert_eq!(parts, [value], "{id}"),
            Some("andel") => assert_eq!(parts[0] / parts[1], value, "{id}"),
            Some("del") => {
                let weight = decimal(&f["vikt"]);
                assert!(
                    (parts[0] * weight - value).abs() < Decimal::new(1, 2),
                    "{id}"
                );
            }
            Some(other) => panic!("{id}: räkning {other}"),
            None if sources.is_empty() => assert_eq!(value, Decimal::ZERO, "{id}: from nothing"),
            None => {
                let total: Decimal = sources.iter().map(|s| decimal(&s["belopp"])).sum();
                assert_eq!(total, value, "{id}: its records add up to it");
            }
        }
        for s in sources {
            let file = s["fil"].as_str().unwrap();
            let lines = files.entry(file.to_owned()).or_insert_with(|| {
                let bytes = std::fs::read(root.join(file)).unwrap();
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .map(str::to_owned)
                    .collect()
            });
            let at = s["rad"].as_u64().unwrap() as usize;
            let line = &lines[at - 1];
            let amount = decimal(&s["belopp"]);
            assert!(
                numbers_on(line).contains(&amount),
                "{id}: {file}:{at} does not hold {amount}: {line}"
            );
            if let Some(account) = s["konto"].as_str() {
                let tag = s["post"].as_str().unwrap();
                let fields: Vec<&str> = line.split_whitespace().collect();
                assert_eq!(fields[0], tag, "{id}: {file}:{at}: {line}");
                assert!(
                    fields.iter().any(|f| f.trim_matches('"') == account),
                    "{id}: {file}:{at} is not account {account}: {line}"
                );
            }
        }
    }
    by_id
}

/// The example projects, built with their typst source.
fn built_examples() -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &project.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(
        project.path(),
        &[
            "build",
            "--emit-typst",
            "--format",
            "pdf",
            "insjoriket/delarsrapport-2018-08",
            "sjobygden/arsredovisning-2019",
        ],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    project
}

#[test]
fn every_printed_statement_figure_of_the_examples_has_its_trail() {
    let project = built_examples();
    // Hand-written: a resultaträkning and a balansrapport, each cell at its YAML line.
    let figures = check_trail(project.path(), "insjoriket/delarsrapport-2018-08", 2);
    let rent = &figures["resultatrakning.bidrag_fk_af.utfall"];
    assert_eq!(
        rent["källor"][0]["fil"],
        "content/insjoriket/delarsrapport-2018-08/resultatrakning.yaml"
    );
    // From SIE books: resultaträkning, balansräkning and kassaflödesanalys, each figure made of
    // the records it counts.
    check_trail(project.path(), "sjobygden/arsredovisning-2019", 3);
    let variance = &figures["resultatrakning.bidrag_fk_af.avvikelse"];
    assert_eq!(
        variance["delar"],
        serde_json::json!([
            "resultatrakning.bidrag_fk_af.utfall",
            "resultatrakning.bidrag_fk_af.budget"
        ])
    );
}

/// An amount as underlag prints it (`−2 500 000`, `25 833,33`).
fn printed_amount(text: &str) -> Decimal {
    let plain: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| match c {
            '\u{2212}' => '-',
            ',' => '.',
            c => c,
        })
        .collect();
    plain
        .parse()
        .unwrap_or_else(|_| panic!("not an amount: {text}"))
}

#[test]
fn underlag_prints_the_accounts_of_a_row_with_their_lines_and_the_sum() {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &project.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(
        project.path(),
        &[
            "underlag",
            "sjobygden/arsredovisning-2019",
            "S:a Rörelsens kostnader",
        ],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    // The costs of the year as the SIE file has them: #RES 0 of the accounts 4000–7999.
    let sie_file = "content/sjobygden/arsredovisning-2019/bokforing.se";
    // CP437, as SIE files are: only the tags, accounts and amounts are read here.
    let sie = String::from_utf8_lossy(&std::fs::read(repo().join(sie_file)).unwrap()).into_owned();
    let sie_lines: Vec<&str> = sie.lines().collect();
    let costs: Decimal = sie_lines
        .iter()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            match f.as_slice() {
                ["#RES", "0", account, amount, ..] => {
                    let a: u32 = account.trim_matches('"').parse().ok()?;
                    (4000..=7999)
                        .contains(&a)
                        .then(|| amount.parse::<Decimal>().ok())?
                }
                _ => None,
            }
        })
        .sum();
    assert_eq!(costs, Decimal::from(3_883_088));
    // The utfall: printed as the costs with their sign turned, then every account it counts.
    let utfall: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("S:a Rörelsens kostnader, Utfall"))
        .take_while({
            let mut first = true;
            move |l| std::mem::take(&mut first) || l.starts_with(' ')
        })
        .collect();
    let head = utfall.first().unwrap_or_else(|| panic!("{stdout}"));
    let printed = head.rsplit(": ").next().unwrap().trim_end_matches(" kr");
    assert_eq!(printed_amount(printed), -costs, "{head}");
    let mut counted = Decimal::ZERO;
    let mut records = 0;
    for line in &utfall {
        let Some((said, place)) = line.trim().split_once("  [") else {
            continue;
        };
        let (account_and_name, amount) = said.rsplit_once(": ").unwrap();
        let amount = printed_amount(amount.trim_end_matches(" kr"));
        let account = account_and_name.split(' ').next().unwrap();
        let (file, rest) = place.trim_end_matches(']').split_once(':').unwrap();
        let (at, tag) = rest.split_once(' ').unwrap();
        assert_eq!(file, sie_file, "{line}");
        let record: Vec<&str> = sie_lines[at.parse::<usize>().unwrap() - 1]
            .split_whitespace()
            .collect();
        // `#TRANS 4010 {} 2500000`, `#PSALDO 0 201901 4010 {} 208333`, `#RES 0 4010 2500000`.
        assert_eq!(record[0], tag, "{line}");
        let fields = match tag {
            "#TRANS" => (1, 3),
            "#PSALDO" | "#PBUDGET" => (3, 5),
            _ => (2, 3),
        };
        assert_eq!(record[fields.0].trim_matches('"'), account, "{line}");
        assert_eq!(
            record[fields.1].parse::<Decimal>().unwrap(),
            amount,
            "{line}"
        );
        counted += amount;
        records += 1;
    }
    assert!(records >= 4, "{stdout}");
    assert_eq!(counted, costs);
    // The row is the sum of its groups, each printed with its figure.
    assert_eq!(utfall[1].trim(), "summan av", "{}", utfall.join("\n"));
    assert!(
        utfall
            .iter()
            .any(|l| l.contains("Personalkostnader, Utfall")),
        "{}",
        utfall.join("\n")
    );
}

/// An example document built alone in a copy of content/: the project and its figures JSON.
fn built_figures(document: &str) -> (tempfile::TempDir, Vec<serde_json::Value>) {
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo().join("content"), &project.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", document]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.path().join(format!("build/{document}.json"))).unwrap(),
    )
    .unwrap();
    let figures = json["figurer"].as_array().unwrap().clone();
    (project, figures)
}

#[test]
fn the_figures_the_prose_quotes_are_in_the_json_as_the_figures_they_are() {
    let document = "goteborg/verksamhetsplan-2020";
    let (project, figures) = built_figures(document);
    let by_id = |id: &str| figures.iter().find(|f| f["id"] == id).unwrap();
    let quoted: Vec<&serde_json::Value> =
        figures.iter().filter(|f| f["tabell"] == "text").collect();
    // The plan's prose quotes five figures of its budget tables, each through a filter.
    let prose =
        std::fs::read_to_string(repo().join("content").join(document).join("index.md")).unwrap();
    let filters = prose.matches("| mnkr").count() + prose.matches("| tkr").count();
    assert!(filters >= 3, "{prose}");
    assert_eq!(quoted.len(), filters, "{quoted:#?}");
    let pdf = crate::support::pdf_text(&project.path().join(format!("build/{document}.pdf")));
    for q in quoted {
        // As printed in the PDF, and the same figure as the one printed in its table.
        let text = q["text"].as_str().unwrap().replace('\u{a0}', " ");
        assert!(pdf.contains(&text), "{text} not in the PDF");
        assert_eq!(q["räkning"], "samma");
        let parts = q["delar"].as_array().unwrap();
        assert_eq!(parts.len(), 1);
        let printed = by_id(parts[0].as_str().unwrap());
        assert_eq!(printed["värde"], q["värde"], "{q}");
        assert!(
            printed["tabell"].as_str().unwrap().starts_with("budget."),
            "{printed}"
        );
        // The text rounds the exact value: 93 531 000 kr is 93,5 mnkr.
        let value: Decimal = q["värde"].as_str().unwrap().parse().unwrap();
        let shown = format!(
            "{} {}",
            (value / Decimal::from(1_000_000))
                .round_dp(1)
                .to_string()
                .replace('.', ","),
            q["enhet"].as_str().unwrap()
        );
        if q["enhet"] == "mnkr" {
            assert_eq!(text, shown);
        }
    }
}

#[test]
fn a_key_figure_of_the_flerarsoversikt_the_prose_quotes_is_in_the_json_as_the_cell_printed() {
    let document = "sjobygden/arsredovisning-2019";
    let (_project, figures) = built_figures(document);
    // The prose says `flerarsoversikt.eget_kapital[0] | kr`: the newest year's eget kapital.
    let prose =
        std::fs::read_to_string(repo().join("content").join(document).join("index.md")).unwrap();
    assert!(
        prose.contains("flerarsoversikt.eget_kapital[0] | kr"),
        "{prose}"
    );
    let quote = figures
        .iter()
        .filter(|f| f["tabell"] == "text")
        .find(|f| {
            f["delar"][0]
                .as_str()
                .is_some_and(|d| d.starts_with("flerarsoversikt.eget_kapital"))
        })
        .unwrap_or_else(|| panic!("no quote of the flerårsöversikt in {figures:#?}"));
    let cell = figures
        .iter()
        .find(|f| f["id"] == quote["delar"][0])
        .unwrap();
    assert_eq!(cell["tabell"], "flerarsoversikt");
    assert_eq!(cell["värde"], quote["värde"]);
    assert_eq!(cell["kolumn"].as_str(), Some("2019"), "{cell}");
}
