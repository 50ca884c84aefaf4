//! What the board reads (issue 25): every column set fits the page. No word of an example's or a
//! fixture's PDF is printed over another; a resultaträkning with all five columns (by hand, and
//! from SIE with a row per account) and a budget of five years keep every row name to two lines;
//! a chart's labels stay inside its box, in the PDF and in the web edition's SVG; the columns
//! stand in the published order; the seeds' Summa medel is printed again; `check` counts the
//! warnings; and `new` outside content/ says where it wrote.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::support::{
    Word, arshjul, copy_dir, described, fixture, kr, pdf_text, pdf_words, repo, tables_html,
};

/// Every upright word of `pdf`, in content-stream order (the words of a table cell stand
/// together, a name's second line right after its first). The UTKAST across a draft's pages is
/// drawn rotated and crosses everything by design: it is left out.
fn words(pdf: &Path) -> Vec<Word> {
    pdf_words(pdf).into_iter().filter(|w| w.upright).collect()
}

/// Every two words of a page whose boxes cross (by more than half a point each way: boxes
/// that touch, as a footnote mark after its figure, do not count), described for a message.
fn overprinted(words: &[Word]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let across = a.x1.min(b.x1) - a.x0.max(b.x0);
            let down = a.y1.min(b.y1) - a.y0.max(b.y0);
            if across > 0.5 && down > 0.5 {
                found.push(format!(
                    "s. {}: {:?} ({:.1}, {:.1}) över {:?} ({:.1}, {:.1})",
                    a.page, a.text, a.x0, a.y0, b.text, b.x0, b.y0
                ));
            }
        }
    }
    found
}

/// How many lines each printed occurrence of `name` takes: its words found one after the other,
/// counted by their distinct tops.
fn name_lines(words: &[Word], name: &str) -> Vec<usize> {
    let wanted: Vec<&str> = name.split_whitespace().collect();
    let mut found = Vec::new();
    for start in 0..words.len().saturating_sub(wanted.len() - 1) {
        let run = &words[start..start + wanted.len()];
        if run.iter().zip(&wanted).all(|(w, t)| w.text == *t) {
            let mut tops: Vec<(usize, f64)> = Vec::new();
            for w in run {
                if !tops
                    .iter()
                    .any(|(p, t)| *p == w.page && (t - w.y0).abs() < 1.0)
                {
                    tops.push((w.page, w.y0));
                }
            }
            found.push(tops.len());
        }
    }
    found
}

/// Asserts that every name in `names` is printed in `pdf`, each time on one or two lines.
fn names_keep_to_two_lines(pdf: &Path, names: &[String]) {
    let words = words(pdf);
    for name in names {
        let lines = name_lines(&words, name);
        assert!(
            !lines.is_empty(),
            "{name:?} is not printed in {}",
            pdf.display()
        );
        assert!(
            lines.iter().all(|l| *l <= 2),
            "{name:?} takes {lines:?} lines in {}",
            pdf.display()
        );
    }
}

/// Every PDF under `dir`.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

#[test]
fn no_word_is_printed_over_another_in_the_examples_and_fixtures() {
    let mut checked = Vec::new();
    let examples = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &examples.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(
        examples.path(),
        &["build", "--quiet", "--format", "pdf"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let built = pdfs(&examples.path().join("build"));
    assert!(built.len() >= 6, "{built:?}");
    checked.extend(built);
    // Every fixture, also those with errors on purpose: whatever PDF they make.
    let mut fixtures = Vec::new();
    for entry in std::fs::read_dir(repo().join("tests/fixtures")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let project = fixture(&name);
        arshjul(project.path(), &["build", "--quiet", "--format", "pdf"]);
        checked.extend(pdfs(&project.path().join("build")));
        fixtures.push(project);
    }
    assert!(checked.len() >= 16, "{checked:?}");
    let mut problems = Vec::new();
    for pdf in &checked {
        let words = words(pdf);
        assert!(!words.is_empty(), "{} has no text", pdf.display());
        problems.extend(
            overprinted(&words)
                .into_iter()
                .map(|p| format!("{}: {p}", pdf.display())),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The hand-written statement: (name, budget helår, utfall, föregående år, prognos), names long
/// enough that seven figure columns leave them too little room.
const ROWS: &[(&str, &str, i64, i64, i64, i64)] = &[
    (
        "Verksamhetens intäkter",
        "Medlemsbidrag",
        6_000_000,
        4_012_000,
        3_900_000,
        6_030_000,
    ),
    (
        "Verksamhetens intäkter",
        "Bidrag från Europeiska socialfonden för projektet Vägen vidare",
        1_200_000,
        650_000,
        0,
        1_100_000,
    ),
    (
        "Verksamhetens kostnader",
        "Projekt Vägen vidare",
        -3_150_000,
        -2_100_000,
        -1_900_000,
        -3_150_000,
    ),
    (
        "Verksamhetens kostnader",
        "Personalkostnader för kansliet inklusive sociala avgifter",
        -1_800_000,
        -1_150_000,
        -1_100_000,
        -1_750_000,
    ),
    (
        "Verksamhetens kostnader",
        "Lokaler",
        -360_000,
        -240_000,
        -235_000,
        -360_000,
    ),
    (
        "Verksamhetens kostnader",
        "Arvoden till styrelsen",
        -120_000,
        -69_213,
        -81_000,
        -110_000,
    ),
];

/// The five-year budget: (name, amounts per year in kronor).
const INCOME: &[(&str, [i64; 5])] = &[
    (
        "Medlemsintäkter",
        [61_478_000, 59_941_000, 58_443_000, 57_000_000, 56_000_000],
    ),
    (
        "Bidrag från Europeiska socialfonden för projekten i nordost och väster",
        [16_000_000, 10_900_000, 600_000, 0, 0],
    ),
];
const COSTS: &[(&str, [i64; 5])] = &[
    (
        "Utbildning och information till medlemmarnas personal",
        [1_500_000; 5],
    ),
    ("Insatskatalogen", [360_000; 5]),
    (
        "Tidig och Samordnad Rehabilitering Hisingen",
        [52_000_000, 50_000_000, 48_000_000, 47_000_000, 46_000_000],
    ),
    ("ESF-projekt LANDA", [9_026_000, 9_000_000, 1_200_000, 0, 0]),
    (
        "Kansli",
        [5_500_000, 5_000_000, 4_300_000, 4_300_000, 4_300_000],
    ),
];

const MEMBERS: &[&str] = &[
    "Försäkringskassan",
    "Arbetsförmedlingen",
    "Västra Götalandsregionen",
    "Partille kommun",
    "Lerums kommun",
    "Alingsås kommun",
];

/// A project with the widest column sets: the books of seed 004 with a row per account and all
/// five columns (`sie`), a hand-written resultaträkning with all five and long names, and two
/// charts with long names (`hand`), and a plan whose budget runs five years in kronor (`plan`).
fn wide_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ins = dir.path().join("content/ins");
    copy_dir(
        &repo().join("tests/fixtures/insjoriket-sie/content/ins/dr"),
        &ins.join("sie"),
    );
    let write = |path: &str, text: &str| {
        let path = ins.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "forbund.yaml",
        &format!(
            "namn: Samordningsförbundet Insjöriket\nmedlemmar: [{}]\nmedlemsbidrag:\n  fördelning:\n    - {{ kommun: Partille kommun, invånare: 38000 }}\n    - {{ kommun: Lerums kommun, invånare: 42000 }}\n    - {{ kommun: Alingsås kommun, invånare: 41000 }}\n",
            MEMBERS.join(", ")
        ),
    );
    write(
        "sie/bokforing.yaml",
        "typ: sie\nfil: bokforing.se\nperiod: { från: 2018-01-01, till: 2018-08-31 }\nkontoplan: bas\nkonton: true\nkolumner: [budget, utfall, föregående_år, budget_helår, prognos]\n",
    );
    // A draft: the watermark must not count as overprinting.
    write(
        "sie/index.md",
        "---\ntyp: delårsrapport\ntitel: Delårsrapport januari–augusti 2018\ndatum: 2018-09-27\n---\n# Ekonomi\n\nPeriodens resultat är {{ resultatrakning.resultat.utfall | kr }}.\n",
    );
    let mut statement = String::from(
        "typ: resultaträkning\nenhet: kr\nräkenskapsår: { från: 2018-01-01, till: 2018-12-31 }\nperiod: { från: 2018-01-01, till: 2018-08-31 }\nkolumner: [budget, utfall, föregående_år, budget_helår, prognos]\nrader:\n",
    );
    let mut group = "";
    for (g, name, year, actual, last, forecast) in ROWS {
        if *g != group {
            statement.push_str(&format!("  - grupp: {g}\n    rader:\n"));
            group = g;
        }
        statement.push_str(&format!(
            "      - {{ post: {name}, budget_helår: {year}, utfall: {actual}, föregående_år: {last}, prognos: {forecast} }}\n"
        ));
    }
    write("hand/resultatrakning.yaml", &statement);
    write(
        "hand/lang.yaml",
        "typ: tabell\ntitel: Remisser per kommun och insats\ndiagram: liggande\nenhet: individer\nkategorier: [Partille kommun, Arbetsförmedlingen och Försäkringskassan gemensamt genom samverkansteamet, Lerum, Västra Götalandsregionens primärvård och psykiatri]\nserier:\n  - { namn: Kvinnor, värden: [12, 1234, 7, 30] }\n  - { namn: Män, värden: [8, 999, 4, 22] }\n",
    );
    write(
        "hand/manga.yaml",
        "typ: tabell\ntitel: Deltagare per insats och bakgrund\ndiagram: stapel\nenhet: personer\nkategorier: [Arbetslivsinriktad rehabilitering, Hälsoinriktade insatser i primärvården, Koordinering, Övrigt]\nserier:\n  - { namn: Kvinnor födda i Sverige, värden: [40, 12, 33, 5] }\n  - { namn: Kvinnor födda utanför Sverige, värden: [31, 40, 12, 4] }\n  - { namn: Män födda i Sverige, värden: [22, 8, 40, 2] }\n  - { namn: Män födda utanför Sverige, värden: [28, 18, 19, 1] }\n  - { namn: Uppgift saknas om födelseland, värden: [3, 2, 1, 40] }\n",
    );
    write(
        "hand/index.md",
        "---\ntyp: delårsrapport\ntitel: Delårsrapport januari–augusti 2018\ndatum: 2018-09-27\nstatus: fastställd\nfastställd: { organ: styrelsen, datum: 2018-09-27 }\n---\n# Ekonomi\n\nPeriodens resultat är {{ resultatrakning.resultat.utfall | kr }}.\n\nBilden nedan visar remisserna.\n\n{{ tabell(namn=\"lang\") }}\n\nBilden nedan visar deltagarna.\n\n{{ tabell(namn=\"manga\") }}\n",
    );
    let lines = |rows: &[(&str, [i64; 5])]| -> String {
        rows.iter()
            .map(|(name, amounts)| {
                let list: Vec<String> = amounts.iter().map(i64::to_string).collect();
                format!("  - {{ post: {name}, belopp: [{}] }}\n", list.join(", "))
            })
            .collect()
    };
    write(
        "plan/budget.yaml",
        &format!(
            "typ: budget\nenhet: kr\når: [2021, 2022, 2023, 2024, 2025]\ningående_eget_kapital: 16900000\nintäkter:\n{}kostnader:\n  - grupp: Verksamhet\n    not: Insatserna enligt styrelsens beslut.\n    rader:\n{}",
            lines(INCOME).replacen(
                "Medlemsintäkter,",
                "Medlemsintäkter, id: medlemsintäkter,",
                1
            ),
            lines(COSTS).replace("  - ", "      - "),
        ),
    );
    write(
        "plan/index.md",
        "---\ntyp: verksamhetsplan\ntitel: Verksamhetsplan och budget 2021–2025\ndatum: 2020-11-27\nstatus: fastställd\nfastställd: { organ: styrelsen, datum: 2020-11-27 }\n---\n# Ekonomi\n\nIntäkterna är {{ budget.summa_intakter[0] | kr }}.\n",
    );
    dir
}

/// An amount as printed, from whole kronor.
fn printed(value: i64) -> String {
    kr(Decimal::from(value))
}

/// The account names of an SIE file (`#KONTO 3010 "Bidrag FK/Af"`) from `from` to `to`, read as
/// the standard's code page 437 (its Swedish letters, which is all these names use).
fn account_names(sie: &Path, from: u32, to: u32) -> Vec<String> {
    let bytes = std::fs::read(sie).unwrap();
    let text: String = bytes
        .iter()
        .map(|b| match b {
            0x84 => 'ä',
            0x94 => 'ö',
            0x86 => 'å',
            0x8E => 'Ä',
            0x99 => 'Ö',
            0x8F => 'Å',
            0x82 => 'é',
            b => *b as char,
        })
        .collect();
    text.lines()
        .filter_map(|l| l.strip_prefix("#KONTO "))
        .filter_map(|rest| {
            let (number, name) = rest.split_once(' ')?;
            let number: u32 = number.parse().ok()?;
            ((from..=to).contains(&number)).then(|| name.trim().trim_matches('"').to_owned())
        })
        .collect()
}

#[test]
fn five_columns_and_five_years_fit_with_every_name_on_two_lines_at_most() {
    let project = wide_project();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
    let build = project.path().join("build/ins");
    let html = std::fs::read_to_string(build.join("hand.html")).unwrap();
    // The web edition's heads in the published order (each breaks after its first word).
    let heads = [
        "Budget<br>jan–aug 2018",
        "Utfall<br>jan–aug 2018",
        "Avvikelse</th>",
        "Utfall<br>jan–aug 2017",
        "Budget<br>helår 2018",
        "Prognos<br>helår 2018",
        "Avvikelse<br>prognos–budget",
    ];
    let at: Vec<usize> = heads
        .iter()
        .map(|h| {
            html.find(h)
                .unwrap_or_else(|| panic!("{h:?} not in the web edition"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{heads:?} at {at:?}");
    for name in ["sie", "hand", "plan"] {
        let pdf = build.join(format!("{name}.pdf"));
        let problems = overprinted(&words(&pdf));
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }

    // The hand-written statement: every name on at most two lines, and each row's figures in
    // the published order: budget (the year's budget cut to eight months), utfall, their
    // avvikelse, last year; then the year's budget, the prognosis and their avvikelse.
    let hand = build.join("hand.pdf");
    let names: Vec<String> = ROWS.iter().map(|r| r.1.to_owned()).collect();
    names_keep_to_two_lines(&hand, &names);
    let text = pdf_text(&hand);
    for (_, name, year, actual, last, forecast) in ROWS {
        let budget = year * 8 / 12;
        let period = format!(
            "{name} {} {} {} {}",
            printed(budget),
            printed(*actual),
            printed(actual - budget),
            printed(*last)
        );
        let whole_year = format!(
            "{} {} {}",
            printed(*year),
            printed(*forecast),
            printed(forecast - year)
        );
        let first = text
            .find(&period)
            .unwrap_or_else(|| panic!("{period:?} not in:\n{text}"));
        assert!(
            text[first..].contains(&whole_year),
            "{whole_year:?} not after {period:?} in:\n{text}"
        );
    }
    let order = [
        "Budget jan–aug 2018",
        "Utfall jan–aug 2018",
        "Avvikelse",
        "Utfall jan–aug 2017",
        "Budget helår 2018",
        "Prognos helår 2018",
        "Avvikelse prognos–budget",
    ];
    let start = text.find("Resultaträkning").unwrap();
    let mut from = start;
    for head in order {
        from += text[from..]
            .find(head)
            .unwrap_or_else(|| panic!("{head:?} not in order in:\n{}", &text[start..]));
    }

    // From SIE with a row per account: every result account's name, however long.
    let sie = build.join("sie.pdf");
    let accounts = account_names(
        &project.path().join("content/ins/sie/bokforing.se"),
        3000,
        8999,
    );
    assert!(accounts.len() >= 15, "{accounts:?}");
    assert!(
        accounts.contains(&"Verksamhetsanknutna kostnader Grön Rehab".to_owned()),
        "{accounts:?}"
    );
    names_keep_to_two_lines(&sie, &accounts);

    // Five years in kronor: the budget's rows and the members, and every year's column.
    let plan = build.join("plan.pdf");
    let mut names: Vec<String> = INCOME.iter().chain(COSTS).map(|r| r.0.to_owned()).collect();
    // The state's half goes through Försäkringskassan: Arbetsförmedlingen has no row.
    names.extend(
        MEMBERS
            .iter()
            .filter(|m| **m != "Arbetsförmedlingen")
            .map(|m| (*m).to_owned()),
    );
    names_keep_to_two_lines(&plan, &names);
    let text = pdf_text(&plan);
    for (name, amounts) in INCOME.iter().chain(COSTS) {
        let row = format!(
            "{name} {}",
            amounts
                .iter()
                .map(|a| printed(*a))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(text.contains(&row), "{row:?} not in:\n{text}");
    }
    for year in 2021..=2025 {
        assert!(text.contains(&format!("{year} kr")), "{year}: {text}");
    }
    // A group's note, once however the table is set.
    assert_eq!(
        text.matches("Insatserna enligt styrelsens beslut.").count(),
        1,
        "{text}"
    );
}

#[test]
fn the_participant_chart_keeps_its_labels_inside_its_box() {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &project.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(
        project.path(),
        &["build", "insjoriket/delarsrapport-2018-08"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let build = project.path().join("build/insjoriket");
    // The web edition: every text of every chart lies inside its drawing.
    let html = std::fs::read_to_string(build.join("delarsrapport-2018-08.html")).unwrap();
    assert!(svg_texts_inside(&html) >= 5);
    let wide = wide_project();
    let (code, _, stderr) = described(&arshjul(wide.path(), &["build", "ins/hand"]));
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(wide.path().join("build/ins/hand.html")).unwrap();
    assert_eq!(svg_texts_inside(&html), 2);

    // Seed 004's chart of Premiär: its tallest bars reach the top of the axis. The sentence
    // above it, the chart, and its caption, in that order on one page, with the chart's
    // highest label below the sentence's last line and room between them.
    let csv = std::fs::read_to_string(
        repo().join("content/insjoriket/delarsrapport-2018-08/premiar.csv"),
    )
    .unwrap();
    let tallest = csv
        .lines()
        .skip(1)
        .flat_map(|l| l.split(';').skip(1).filter_map(|v| v.parse::<u32>().ok()))
        .max()
        .unwrap();
    let words = words(&build.join("delarsrapport-2018-08.pdf"));
    let sentence = words
        .iter()
        .position(|w| w.text == "kommunvis.")
        .expect("the sentence above the chart");
    let page = words[sentence].page;
    let line_bottom = words
        .iter()
        .filter(|w| w.page == page && (w.y0 - words[sentence].y0).abs() < 1.0)
        .map(|w| w.y1)
        .fold(0.0, f64::max);
    let caption = words[sentence..]
        .iter()
        .find(|w| w.page == page && w.text == "Diagram")
        .expect("the chart's caption");
    let chart: Vec<&Word> = words
        .iter()
        .filter(|w| w.page == page && w.y0 > words[sentence].y0 + 1.0 && w.y1 < caption.y0)
        .collect();
    let labels: Vec<&&Word> = chart
        .iter()
        .filter(|w| w.text == tallest.to_string())
        .collect();
    // The axis's top mark and a label over each of the three tallest bars.
    assert!(labels.len() >= 4, "{labels:?}");
    let top = chart.iter().map(|w| w.y0).fold(f64::MAX, f64::min);
    assert!(
        top - line_bottom >= 5.0,
        "the chart's highest label stands {:.1} pt below the text above it: {chart:?}",
        top - line_bottom
    );
}

/// Checks that every `<text>` of every chart in `html` lies inside its SVG's view box (its
/// baseline at least one font size from the top, and within the height; its width, estimated at
/// half an em a character, within the width, by its anchor). Returns the number of charts.
fn svg_texts_inside(html: &str) -> usize {
    // An attribute's number; the tag's text starts right after `<text ` or `<tspan `.
    let attribute = |tag: &str, name: &str| -> Option<f64> {
        let tag = format!(" {tag}");
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next()?.parse().ok()
    };
    let mut charts = 0;
    let mut rest = html;
    while let Some(start) = rest.find("<svg class=\"diagram\"") {
        let svg = &rest[start..start + rest[start..].find("</svg>").unwrap()];
        rest = &rest[start + svg.len()..];
        charts += 1;
        let view: Vec<f64> = svg
            .split("viewBox=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let (width, height) = (view[2], view[3]);
        for piece in svg.split("<text ").skip(1) {
            let tag = &piece[..piece.find('>').unwrap()];
            let size = attribute(tag, "font-size").unwrap();
            let anchor = tag
                .split("text-anchor=\"")
                .nth(1)
                .map_or("start", |a| a.split('"').next().unwrap());
            let x = attribute(tag, "x").unwrap();
            let mut y = attribute(tag, "y").unwrap();
            let body = &piece[..piece.find("</text>").unwrap()];
            // A name on several lines: each tspan moves down by its dy.
            let lines: Vec<(String, f64)> = if body.contains("<tspan") {
                body.split("<tspan ")
                    .skip(1)
                    .map(|t| {
                        let open = &t[..t.find('>').unwrap()];
                        let text = &t[t.find('>').unwrap() + 1..t.find("</tspan>").unwrap()];
                        (text.to_owned(), attribute(open, "dy").unwrap_or(0.0))
                    })
                    .collect()
            } else {
                vec![(body[body.find('>').unwrap() + 1..].to_owned(), 0.0)]
            };
            let middle = tag.contains("dominant-baseline=\"middle\"");
            for (text, dy) in lines {
                y += dy;
                let (top, bottom) = if middle {
                    (y - size / 2.0, y + size / 2.0)
                } else {
                    (y - size * 0.8, y + size * 0.2)
                };
                assert!(
                    top >= 0.0 && bottom <= height,
                    "{text:?} at y {y} outside 0–{height}: {svg}"
                );
                let w = text.replace("&amp;", "&").chars().count() as f64 * size * 0.5;
                let (left, right) = match anchor {
                    "end" => (x - w, x),
                    "middle" => (x - w / 2.0, x + w / 2.0),
                    _ => (x, x + w),
                };
                assert!(
                    left >= 0.0 && right <= width,
                    "{text:?} at x {x} ({anchor}) outside 0–{width}: {svg}"
                );
            }
        }
    }
    charts
}

/// The first year's amounts of a budget's intäkter (the lists under `intäkter:`) and its
/// opening equity, read from the file as written.
fn first_year_funds(budget: &str) -> (Decimal, Decimal) {
    let income = &budget[budget.find("\nintäkter:").unwrap()..budget.find("\nkostnader:").unwrap()];
    let first = |list: &str| -> Decimal {
        list.trim_start_matches('[')
            .split([',', ']'])
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let total = income.split("belopp: ").skip(1).map(first).sum::<Decimal>();
    let equity = budget
        .lines()
        .find_map(|l| l.strip_prefix("ingående_eget_kapital: "))
        .map(first)
        .unwrap();
    (total, equity)
}

#[test]
fn seeds_000_and_001_print_their_summa_medel_again() {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &project.path().join("content"));
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build", "goteborg"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for (year, printed_in_seed) in [(2020, "93 531"), (2021, "95 852")] {
        let document = format!("goteborg/verksamhetsplan-{year}");
        let budget =
            std::fs::read_to_string(repo().join("content").join(&document).join("budget.yaml"))
                .unwrap();
        let (income, equity) = first_year_funds(&budget);
        let funds = kr(income + equity);
        assert_eq!(funds, printed_in_seed, "{year}: the seed's own figure");
        let html = tables_html(
            &std::fs::read_to_string(project.path().join(format!("build/{document}.html")))
                .unwrap(),
        );
        let row = format!(
            "Summa medel</th><td class=\"tal\">{}</td>",
            funds.replace(' ', "\u{a0}")
        );
        assert!(html.contains(&row), "{row:?} not in the web edition");
        assert!(html.contains("Ingående eget kapital</th>"));
        let text = pdf_text(&project.path().join(format!("build/{document}.pdf")));
        // The intäkter table as the seed prints it, and the result and equity sections still.
        let intake = text.find("INTÄKTER").unwrap();
        let table = &text[intake..];
        let funds_row = table
            .find(&format!("Summa medel {funds}"))
            .unwrap_or_else(|| {
                panic!("Summa medel {funds} not in {year}'s intäkter table:\n{table}")
            });
        let equity_row = table.find(&format!("Ingående eget kapital {}", kr(equity)));
        assert!(
            equity_row.is_some_and(|e| e < funds_row),
            "{year}: Ingående eget kapital {} before Summa medel:\n{table}",
            kr(equity)
        );
        assert!(text.contains("Utgående eget kapital"), "{text}");
        if year == 2021 {
            // Seed 001's “95,9 mnkr att fördela” is the figure of the table.
            let mnkr = ((income + equity) / Decimal::from(1000))
                .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .to_string()
                .replace('.', ",");
            let prose = format!("{mnkr} mnkr att fördela");
            assert_eq!(prose, "95,9 mnkr att fördela");
            assert!(text.contains(&prose), "{prose:?} not in:\n{text}");
        }
    }
}

/// A project with one plan whose budget is written by the test.
fn plan_with(budget: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("content/f/plan");
    std::fs::create_dir_all(&plan).unwrap();
    std::fs::write(
        dir.path().join("content/f/forbund.yaml"),
        "namn: Samordningsförbundet F\nmedlemmar: [Försäkringskassan, Region F, F kommun]\n",
    )
    .unwrap();
    std::fs::write(
        plan.join("index.md"),
        "---\ntyp: verksamhetsplan\ntitel: Plan\ndatum: 2020-11-27\nstatus: fastställd\nfastställd: { organ: styrelsen, datum: 2020-11-27 }\n---\n# Ekonomi\n\nText.\n",
    )
    .unwrap();
    std::fs::write(plan.join("budget.yaml"), budget).unwrap();
    dir
}

const BUDGET: &str = "typ: budget\nenhet: tkr\når: [2021, 2022]\ningående_eget_kapital: 500\nintäkter:\n  - { post: Medlemsintäkter, id: medlemsintäkter, belopp: [1000, 1000] }\nkostnader:\n  - { post: Kansli, belopp: [900, 950] }\n";

#[test]
fn the_funds_form_is_chosen_in_the_budget_file() {
    // Without the key and without summa_medel: the plain form, Summa intäkter.
    let plain = plan_with(BUDGET);
    let (code, _, stderr) = described(&arshjul(plain.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(plain.path().join("build/f/plan.html")).unwrap();
    assert!(!html.contains("Summa medel"), "{html}");
    // The key: Ingående eget kapital and Summa medel = 1 000 + 500.
    let shown = plan_with(&format!("{BUDGET}eget_kapital_som_medel: true\n"));
    let (code, _, stderr) = described(&arshjul(shown.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    let html =
        tables_html(&std::fs::read_to_string(shown.path().join("build/f/plan.html")).unwrap());
    assert!(
        html.contains("Summa medel</th><td class=\"tal\">1\u{a0}500</td>"),
        "{html}"
    );
    // summa_medel written turns it on, and false keeps the plain form all the same.
    let off = plan_with(&format!(
        "{BUDGET}summa_medel: [1500, 1600]\neget_kapital_som_medel: false\n"
    ));
    let (code, _, stderr) = described(&arshjul(off.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(off.path().join("build/f/plan.html")).unwrap();
    assert!(!html.contains("Summa medel"), "{html}");
    // Anything but true or false is an error at its place.
    let wrong = plan_with(&format!("{BUDGET}eget_kapital_som_medel: ja\n"));
    let (code, _, stderr) = described(&arshjul(wrong.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "fel: `eget_kapital_som_medel` ska vara true eller false, men är en text\n  --> content/f/plan/budget.yaml:9:25"
        ),
        "{stderr}"
    );
}

#[test]
fn check_and_build_count_the_warnings_of_a_document() {
    // Two negative costs: two warnings.
    let project = plan_with(
        "typ: budget\nenhet: tkr\når: [2021, 2022]\ningående_eget_kapital: 0\nintäkter:\n  - { post: Medlemsintäkter, id: medlemsintäkter, belopp: [1000, 1000] }\nkostnader:\n  - { post: Kansli, belopp: [-900, -950] }\n",
    );
    // One negative cost: one warning.
    let one = project.path().join("content/f/en");
    std::fs::create_dir_all(&one).unwrap();
    let plan = project.path().join("content/f/plan");
    std::fs::copy(plan.join("index.md"), one.join("index.md")).unwrap();
    std::fs::write(
        one.join("budget.yaml"),
        "typ: budget\nenhet: tkr\når: [2021, 2022]\ningående_eget_kapital: 0\nintäkter:\n  - { post: Medlemsintäkter, id: medlemsintäkter, belopp: [1000, 1000] }\nkostnader:\n  - { post: Kansli, belopp: [900, -950] }\n",
    )
    .unwrap();
    let clean = project.path().join("content/f/ren");
    std::fs::create_dir_all(&clean).unwrap();
    std::fs::write(
        clean.join("index.md"),
        "---\ntyp: rapport\ntitel: Ren\ndatum: 2020-11-27\nstatus: fastställd\nfastställd: { organ: styrelsen, datum: 2020-11-27 }\n---\n# Ren\n\nText.\n",
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(stderr.matches("varning: ").count(), 3, "{stderr}");
    for expected in [
        "✓ f/plan: inga fel, 2 varningar (",
        "✓ f/en: inga fel, 1 varning (",
        "✓ f/ren: inga fel (",
    ] {
        assert!(stdout.contains(expected), "{expected:?} not in:\n{stdout}");
    }
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("build/f/plan.html (byggt, 2 varningar, "),
        "{stdout}"
    );
    assert!(stdout.contains("build/f/ren.html (byggt, "), "{stdout}");
    assert!(!stdout.contains("ren.html (byggt, 0"), "{stdout}");
}

#[test]
fn new_outside_content_says_where_it_wrote_and_why_check_will_not_see_it() {
    let project = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(project.path().join("content")).unwrap();
    let (code, stdout, stderr) = described(&arshjul(
        project.path(),
        &["new", "rapport", "utkast/rapport-2027"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("skapade utkast/rapport-2027/index.md"),
        "{stdout}"
    );
    let written = std::fs::canonicalize(project.path().join("utkast/rapport-2027")).unwrap();
    let shown = written.display().to_string();
    assert!(
        stderr.contains(&format!(
            "varning: dokumentet skrevs till {shown}, som inte ligger i en mapp content/"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("ser inte det här dokumentet"), "{stderr}");
    assert!(
        stderr.contains("= tips: flytta mappen till ")
            && stderr.contains("`arshjul new rapport content/rapport-2027`"),
        "{stderr}"
    );
    // And indeed: check finds no document.
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 0);
    assert!(stderr.contains("inga dokument under content/"), "{stderr}");
    // Inside content/ nothing is said.
    let (code, _, stderr) = described(&arshjul(
        project.path(),
        &["new", "rapport", "content/rapport-2027"],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("varning"), "{stderr}");
}
