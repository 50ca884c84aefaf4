//! The web edition: `build/<document>.html` beside each PDF, `--format`, the same figures as the
//! PDF, the writer's HTML shown as text, refused link schemes, and axe-core in Chromium.

use rust_decimal::Decimal;
use std::path::Path;

use crate::support::{arshjul, described, fixture, normalise, pdf_text, repo, tables_html};

/// The text of some HTML: tags left out, the entities we write decoded, whitespace normalised.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    normalise(
        &out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// A row of one of the page's generated tables: its label, its cells' text, and whether it
/// carries a note marker.
struct Row {
    label: String,
    cells: String,
    noted: bool,
}

impl Row {
    fn text(&self) -> String {
        format!("{} {}", self.label, self.cells).trim().to_owned()
    }
}

/// The rows of the page's generated tables (budget, statements, member contributions, chart
/// data).
fn table_rows(html: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for class in ["budget", "rapport", "medlemsbidrag", "statistik"] {
        let open = format!("<table class=\"{class}\">");
        for (start, _) in html.match_indices(&open) {
            let table = &html[start..];
            let table = &table[..table.find("</table>").expect("table closes")];
            let body = &table[table.find("<tbody>").expect("tbody")..];
            for row in body.split("<tr").skip(1) {
                let row = &row[..row.find("</tr>").expect("row closes")];
                let row = &row[row.find('>').expect("tag") + 1..];
                let (label, cells) = match row.find("<td") {
                    Some(at) => (&row[..at], &row[at..]),
                    None => (row, ""),
                };
                rows.push(Row {
                    label: text_of(label),
                    cells: text_of(cells),
                    noted: row.contains("<sup"),
                });
            }
        }
    }
    rows
}

/// Whether the PDF's text shows the row: its cells in a run, and its label's words close
/// before them (a long label wraps in the PDF, and a line's remainder follows the figures).
fn pdf_shows(pdf: &str, row: &Row) -> bool {
    let pdf = pdf.to_lowercase();
    if pdf.contains(&row.text().to_lowercase()) {
        return true;
    }
    let cells = row.cells.to_lowercase();
    let words: Vec<String> = row
        .label
        .to_lowercase()
        .split(' ')
        .map(str::to_owned)
        .collect();
    pdf.match_indices(&cells).any(|(at, _)| {
        let from = pdf.floor_char_boundary(at.saturating_sub(200));
        let to = pdf.ceil_char_boundary((at + cells.len() + 200).min(pdf.len()));
        let near = &pdf[from..to];
        !cells.is_empty() && words.iter().all(|w| near.contains(w.as_str()))
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn build_writes_an_html_page_beside_each_pdf() {
    let project = fixture("minimal");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("plan → build/plan.pdf, build/plan.html"),
        "{stdout}"
    );
    let html = read(&project.path().join("build/plan.html"));
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"),
        "{html}"
    );
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
    assert!(html.contains("<h1>Minimal plan</h1>"));
    assert!(
        html.contains("<h2 id=\"inledning\">Inledning</h2>"),
        "{html}"
    );
    assert!(html.contains("<p>Ett stycke.</p>"));
    assert!(html.contains("<a class=\"hoppa\" href=\"#huvudtext\">"));
    assert!(html.contains("<main id=\"huvudtext\""));
    // A draft says so, as the PDF's watermark does.
    assert!(html.contains("<p class=\"utkast\">UTKAST</p>"), "{html}");
    // The contents as a linked list in a nav landmark.
    assert!(
        html.contains("<nav class=\"innehall\"")
            && html.contains("<a href=\"#inledning\">Inledning</a>"),
        "{html}"
    );
    // Self-contained: no script, nothing fetched.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http") && !html.contains("<link"));
    assert!(project.path().join("build/plan.pdf").is_file());
}

#[test]
fn format_chooses_the_outputs() {
    let project = fixture("minimal");
    let build = project.path().join("build");
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(build.join("plan.html").is_file());
    assert!(!build.join("plan.pdf").exists());
    assert!(stdout.contains("plan → build/plan.html"), "{stdout}");

    std::fs::remove_file(build.join("plan.html")).unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", "pdf"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(build.join("plan.pdf").is_file());
    assert!(!build.join("plan.html").exists());

    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", "html,pdf"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(build.join("plan.html").is_file());

    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", "epub"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("okänt format `epub`"), "{stderr}");

    // check writes nothing, whatever it checks.
    std::fs::remove_dir_all(&build).unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["check", "--format", "html"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(!build.exists());
}

#[test]
fn statement_and_chart_figures_in_the_html_are_those_of_the_pdf() {
    let project = fixture("delarsrapport");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf = pdf_text(&project.path().join("build/ins/dr.pdf"));
    let html = read(&project.path().join("build/ins/dr.html"));
    let rows = table_rows(&html);
    assert!(rows.len() > 30, "{}", rows.len());
    for row in rows.iter().filter(|r| !r.noted) {
        assert!(
            pdf_shows(&pdf, row),
            "the HTML row {:?} is not in the PDF:\n{pdf}",
            row.text()
        );
    }
    for expected in [
        "Bidrag FK/Af 5 532 000 5 352 667 −179 333",
        "Periodens resultat 5 452 000 5 283 267 −168 733",
        "Kundfordringar 58 932 209 030 267 962",
        "Mölndal 12 9",
    ] {
        assert!(
            rows.iter().any(|r| r.text() == expected),
            "{expected:?} not among the rows"
        );
    }
    // Every chart is an SVG image with a text alternative, in a figure beside its data.
    let charts = html
        .matches("<svg class=\"diagram\" role=\"img\" aria-label=\"")
        .count();
    assert!(charts >= 1, "{html}");
    assert_eq!(charts, html.matches("<figure class=\"diagram\">").count());
    assert!(
        !html.contains("aria-label=\"\""),
        "an empty text alternative"
    );
    assert_eq!(
        html.matches("<caption>").count(),
        html.matches("<table").count(),
        "every table has a caption"
    );
}

#[test]
fn budget_figures_in_the_html_are_those_of_the_pdf() {
    let project = fixture("budget-2020-ratt");
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let pdf_file = std::fs::read_dir(project.path().join("build/goteborg"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    let pdf = pdf_text(&pdf_file);
    let html = read(&pdf_file.with_extension("html"));
    let rows = table_rows(&html);
    let mut checked = 0;
    for row in &rows {
        if row.noted {
            // The note's number stands elsewhere in the PDF; the row's label must be there.
            assert!(pdf.contains(&row.label), "{:?}", row.text());
            continue;
        }
        assert!(
            pdf_shows(&pdf, row),
            "the HTML row {:?} is not in the PDF:\n{pdf}",
            row.text()
        );
        checked += 1;
    }
    assert!(checked > 10, "{checked} of {} rows", rows.len());
    assert!(html.contains("class=\"tal\">"), "numbers are right-aligned");
}

#[test]
fn the_writers_html_is_text_and_a_javascript_link_is_a_located_error() {
    let project = fixture("webb");
    for format in ["pdf,html", "html", "pdf"] {
        let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", format]));
        assert_eq!(code, 1, "{format}: {stderr}");
        assert!(
            stderr.contains("länken `javascript:alert(4)` har schemat `javascript:`"),
            "{format}: {stderr}"
        );
        assert!(
            stderr.contains("--> content/doc/index.md:15:4"),
            "{format}: {stderr}"
        );
        assert_eq!(stderr.matches("har schemat").count(), 1, "{stderr}");
    }
    assert!(!project.path().join("build/doc.pdf").exists());
    assert!(!project.path().join("build/doc.html").exists());

    let index = project.path().join("content/doc/index.md");
    let text = read(&index).replace("(javascript:alert(4))", "(https://example.org/ok)");
    std::fs::write(&index, text).unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let html = read(&project.path().join("build/doc.html"));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("anteckning"), "an HTML comment is left out");
    let page = text_of(&html);
    for typed in [
        "Skript: <script>alert(1)</script> och bild: <img src=x onerror=alert(2)> och <b>fet</b>.",
        "<script> alert(3) </script>",
        "Webbprov <script>alert(0)</script>",
        "Samordningsförbundet <b>Prov</b> & ”Co”",
    ] {
        assert!(page.contains(typed), "{typed:?} not in {page}");
    }
    assert!(html.contains("<a href=\"https://example.org/?a=1&amp;b=2\">riktig länk</a>"));
    assert!(html.contains("<a href=\"mailto:info@example.org\">"));
    // A förbund's webbplats with another scheme is shown, never linked.
    assert!(html.contains("<p>javascript:alert(5)</p>"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    // The image is inside the page, with its alt text.
    assert!(
        html.contains("<img src=\"data:image/png;base64,iVBOR")
            && html.contains("alt=\"Karta över området\""),
        "{html}"
    );
    // The PDF shows the same characters.
    let pdf = pdf_text(&project.path().join("build/doc.pdf"));
    assert!(
        pdf.contains("Skript: <script>alert(1)</script> och bild: <img src=x onerror=alert(2)> och <b>fet</b>."),
        "{pdf}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_html_in_place() {
    let project = fixture("minimal");
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    let page = project.path().join("build/plan.html");
    let before = read(&page);
    let index = project.path().join("content/plan/index.md");
    std::fs::write(
        &index,
        read(&index).replace("Ett stycke.", "Ett {{ trasigt"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(read(&page), before);
}

#[test]
fn every_example_page_passes_axe_in_chromium() {
    let repo = repo();
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo.join("content"), &project.path().join("content"));
    crate::support::copy_dir(
        &repo.join("tests/fixtures/webb/content/doc"),
        &project.path().join("content/webb"),
    );
    std::fs::copy(
        repo.join("tests/fixtures/webb/content/forbund.yaml"),
        project.path().join("content/webb/forbund.yaml"),
    )
    .unwrap();
    let index = project.path().join("content/webb/index.md");
    std::fs::write(
        &index,
        read(&index).replace("(javascript:alert(4))", "(https://example.org/ok)"),
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let build = project.path().join("build");
    let Some(stdout) = crate::support::browser_script(
        "webb.mjs",
        &["axe-core", "playwright-core"],
        &[build.as_os_str()],
    ) else {
        return;
    };
    // Six example documents plus the script fixture, each checked.
    assert!(stdout.contains(", 0 failed"), "{stdout}");
    assert!(stdout.matches("ok: axe").count() >= 6, "{stdout}");
}

#[test]
fn a_project_layout_replaces_the_built_in_html_one() {
    let project = fixture("minimal");
    let layouts = project.path().join("layouts");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        layouts.join("_omslag.html"),
        "<header class=\"omslag\"><h1>{{ dokument.titel }}</h1><p>Eget omslag för {{ forbund.namn }}</p></header>\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let html = read(&project.path().join("build/plan.html"));
    assert!(
        html.contains("<p>Eget omslag för Samordningsförbundet Minimal</p>"),
        "{html}"
    );

    std::fs::write(
        layouts.join("_omslag.html"),
        "<header>\n<h1>{{ dokument.titel }</h1>\n</header>\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("layouts/_omslag.html:2:"), "{stderr}");
}

#[test]
fn a_layout_that_draws_a_value_other_than_a_table_is_told_so_at_its_line() {
    // `| diagram` draws the document's `typ: tabell` data from the typed table; a value that
    // is no such table has nothing to draw.
    let project = fixture("minimal");
    let layouts = project.path().join("layouts");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        layouts.join("_omslag.html"),
        "<header>\n{{ forbund | diagram }}\n</header>\n",
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["check"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("layouts/_omslag.html:2:"), "{stderr}");
    assert!(
        stderr.contains("`| diagram` ritar bara en datafil med `typ: tabell`"),
        "{stderr}"
    );
}

#[test]
fn each_forbund_gets_an_index_of_its_pages_newest_first() {
    let project = fixture("delarsrapport");
    let older = project.path().join("content/ins/plan-2017");
    std::fs::create_dir_all(&older).unwrap();
    std::fs::write(
        older.join("index.md"),
        "---\ntyp: rapport\ntitel: Plan <2017> & mer\ndatum: 2017-11-20\n---\n# Plan\n\nText.\n",
    )
    .unwrap();
    let (code, stdout, stderr) =
        described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let index = read(&project.path().join("build/ins/index.html"));
    assert!(index.contains("<html lang=\"sv\">") && !index.contains("<script"));
    assert!(
        index.contains("<p>Samordningsförbundet Insjöriket</p><h1>Dokument</h1>"),
        "{index}"
    );
    let newer = index
        .find("<li><a href=\"./dr.html\">Delårsrapport januari–augusti 2018</a> <span class=\"datum\">27 september 2018</span></li>")
        .expect(&index);
    let older = index
        .find("<li><a href=\"./plan-2017.html\">Plan &lt;2017&gt; &amp; mer</a> <span class=\"datum\">20 november 2017</span></li>")
        .expect(&index);
    assert!(newer < older, "{index}");

    // A document directly under content/ belongs to no förbund: no index.
    let project = fixture("minimal");
    let (code, _, stderr) = described(&arshjul(project.path(), &["build", "--format", "html"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(!project.path().join("build/index.html").exists());
}

#[test]
fn a_placement_inside_a_code_span_is_no_placement_in_either_edition() {
    let project = fixture("budget-2020-ratt");
    let index = project.path().join("content/goteborg/plan/index.md");
    let text = format!(
        "{}\n## Våra intäkter\n\n{{{{ tabell(namn=\"budget\", del=\"intakter\") }}}}\n\nKoden `{{{{ tabell(namn=\"budget\", del=\"kostnader\") }}}}` och `{{{{ innehall() }}}}` står här som kod.\n",
        read(&index)
    );
    std::fs::write(&index, text).unwrap();
    // A template function inside code places nothing there: a warning at the code span (once
    // for both editions) says how to show it as text, and the PDF/A builds (the mark, a
    // private-use character PDF/A refuses, is left out).
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let warning = "varning: `innehall()`, `tabell(...)` och `avvikelse(...)` placerar ingenting i kod, bildtext eller HTML";
    assert_eq!(stderr.matches(warning).count(), 2, "{stderr}");
    assert!(stderr.contains("{% raw %}"), "{stderr}");
    let html = tables_html(&read(&project.path().join("build/goteborg/plan.html")));
    assert!(!html.contains('\u{F8FF}'), "{html}");
    // The narrative placed the income side: the layout leaves it out.
    assert!(!html.contains(">Intäkter</h3>"), "{html}");
    assert_eq!(html.matches("Bidrag från parterna").count(), 1, "{html}");
    // The cost side stood in a code span: the layout places it after the narrative.
    assert!(html.contains(">Kostnader</h3>"), "{html}");
    assert!(html.contains("Arbetsgivarinriktning"), "{html}");
    // So does the table of contents.
    assert_eq!(html.matches("<nav class=\"innehall\"").count(), 1, "{html}");
    let pdf = pdf_text(&project.path().join("build/goteborg/plan.pdf"));
    assert!(pdf.contains("Arbetsgivarinriktning"), "{pdf}");
    assert_eq!(pdf.matches("Bidrag från parterna").count(), 1, "{pdf}");
    assert!(pdf.contains("Innehåll"), "{pdf}");
    assert!(pdf.contains("Koden och står här som kod."), "{pdf}");
}

/// A chart with losses (a month's accumulated result below zero) draws its bars down from a
/// zero line, on an axis with round marks below zero, in the PDF and in the web edition.
#[test]
fn a_chart_with_losses_draws_bars_below_zero_in_both_editions() {
    let project = fixture("minimal");
    let doc = project.path().join("content/plan");
    std::fs::write(
        doc.join("resultat.yaml"),
        "typ: tabell\ntitel: Resultat per månad, ackumulerat\ndiagram: stapel\nkategorier: [jan, feb, mar]\nserier:\n  - { namn: Utfall, värden: [-180500, -90000, 210000] }\n",
    )
    .unwrap();
    let index = doc.join("index.md");
    std::fs::write(
        &index,
        format!("{}\n{{{{ tabell(namn=\"resultat\") }}}}\n", read(&index)),
    )
    .unwrap();
    let (code, stdout, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let html = read(&project.path().join("build/plan.html"));
    let svg = &html[html.find("<svg class=\"diagram\"").expect("a chart")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    // The marks run from −200 000 to 300 000; the zero line is the dark one.
    for mark in ["−200\u{a0}000", "−100\u{a0}000", ">0<", "300\u{a0}000"] {
        assert!(svg.contains(mark), "{mark}: {svg}");
    }
    let number = |s: &str, attribute: &str| -> f64 {
        let at = s.find(&format!("{attribute}=\"")).unwrap() + attribute.len() + 2;
        s[at..].split('"').next().unwrap().parse().unwrap()
    };
    let zero_line = &svg[svg
        .find("stroke=\"#5a5a5a\"")
        .map(|i| svg[..i].rfind("<line").unwrap())
        .unwrap()..];
    let zero = number(zero_line, "y1");
    let bars: Vec<(f64, f64)> = svg
        .match_indices("<rect ")
        .map(|(i, _)| (number(&svg[i..], "y"), number(&svg[i..], "height")))
        .collect();
    // January's loss hangs from the zero line, deeper than February's; March stands on it.
    assert_eq!(bars.len(), 3, "{svg}");
    assert_eq!(bars[0].0, zero, "{svg}");
    assert_eq!(bars[1].0, zero, "{svg}");
    assert!(bars[0].1 > bars[1].1 * 1.9, "{bars:?}");
    assert!(
        (bars[2].0 + bars[2].1 - zero).abs() < 0.2,
        "{bars:?} {zero}"
    );
    // Stacked or horizontal bars cannot show a loss: drawn as grouped bars, with a warning at
    // `diagram:`.
    let data = doc.join("resultat.yaml");
    std::fs::write(
        &data,
        read(&data).replace("diagram: stapel", "diagram: liggande"),
    )
    .unwrap();
    let (code, _, stderr) = described(&arshjul(project.path(), &["build"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("varning: diagrammet `liggande` kan inte visa negativa värden: det ritas som `stapel`\n  --> content/plan/resultat.yaml:3:10"),
        "{stderr}"
    );
    assert!(read(&project.path().join("build/plan.html")).contains("−200\u{a0}000"));
    let pdf = pdf_text(&project.path().join("build/plan.pdf"));
    // The axis's marks below zero, and each loss as a bar label and in the table.
    assert!(pdf.contains("−200 000"), "{pdf}");
    assert_eq!(pdf.matches("−180 500").count(), 2, "{pdf}");
}

#[test]
fn the_example_annual_reports_web_edition_shows_where_a_statement_row_comes_from() {
    let project = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&repo().join("content"), &project.path().join("content"));
    let document = "sjobygden/arsredovisning-2019";
    let (code, stdout, stderr) = described(&arshjul(
        project.path(),
        &["build", document, "--format", "html"],
    ));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let html = read(&project.path().join(format!("build/{document}.html")));
    // The row's name links to its Underlag, which links back to the row.
    let row = "S:a Rörelsens kostnader";
    let name_at = html
        .find(&format!("-rad\">{row}</a></th>"))
        .unwrap_or_else(|| panic!("no link on {row}"));
    let href = html[..name_at].rfind("href=\"#").unwrap() + 7;
    let id = &html[href..][..html[href..].find('"').unwrap()];
    assert!(html.contains(&format!(
        "<a href=\"#{id}-rad\">Tillbaka till raden i resultaträkning</a>"
    )));
    let section = |id: &str| -> &str {
        let from = html
            .find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("no Underlag {id}"));
        &html[from..from + html[from..].find("</section>").unwrap()]
    };
    // One column's figure of a row's Underlag: from its heading to the next column's.
    let column = "<strong>Utfall jan–dec 2019: ";
    let figure = |section: &str| -> String {
        let from = section.find(column).unwrap_or_else(|| panic!("{section}"));
        let rest = &section[from..];
        let end = rest.find("<strong>Avvikelse: ").unwrap_or(rest.len());
        rest[..end].to_owned()
    };
    let amount = |text: &str| -> Decimal {
        text.replace(['\u{a0}', ' '], "")
            .replace('−', "-")
            .parse()
            .unwrap_or_else(|_| panic!("{text:?}"))
    };
    let total = figure(section(id));
    let printed = amount(&total[column.len()..total.find(" kr</strong>").unwrap()]);
    // The parts are the rows above it, each linked to its own Underlag, which lists the
    // records of the books: account, name, amount, file and line.
    let parts: Vec<&str> = total
        .split("<li><a href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(parts.len(), 4, "{total}");
    let sie: Vec<String> =
        std::fs::read(repo().join("content").join(document).join("bokforing.se"))
            .unwrap()
            .split(|b| *b == b'\n')
            .map(|l| {
                l.iter()
                    .map(|b| if b.is_ascii() { char::from(*b) } else { '?' })
                    .collect()
            })
            .collect();
    let mut records = Decimal::ZERO;
    let mut accounts = std::collections::BTreeSet::new();
    for part in parts {
        let block = figure(section(part));
        for tr in block.split("<tr><td>").skip(1) {
            let cells: Vec<&str> = tr.split("</td>").collect();
            let (account, value) = (
                cells[0],
                amount(cells[2].trim_start_matches("<td class=\"tal\">")),
            );
            let source = cells[3]
                .split("<code>")
                .nth(1)
                .unwrap()
                .split("</code>")
                .next()
                .unwrap();
            let (file, line) = source.rsplit_once(':').unwrap();
            assert_eq!(file, format!("content/{document}/bokforing.se"));
            // The line the Underlag names holds that account and amount.
            let written = &sie[line.parse::<usize>().unwrap() - 1];
            let words: Vec<&str> = written.split_whitespace().collect();
            assert!(
                words.contains(&account),
                "{account} not on line {line}: {written}"
            );
            assert!(
                words
                    .iter()
                    .any(|w| w.parse::<Decimal>().ok() == Some(value)),
                "{value} not on line {line}: {written}"
            );
            records += value;
            accounts.insert(account.to_owned());
        }
    }
    // The records, in the books' sign (costs positive), add up to the printed figure.
    assert_eq!(-records, printed, "{total}");
    assert_eq!(printed, Decimal::from(-3_883_088));
    assert!(
        accounts.contains("5010") && accounts.contains("6550"),
        "{accounts:?}"
    );
}
