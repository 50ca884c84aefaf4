//! The web edition's Underlag: the trail of every figure a statement or a budget table prints,
//! without script. Each printed row's name links to its part of the Underlag section, which
//! lists the records of the books (account, name, amount, file and line) adding up to each of
//! the row's figures, or the figures it is computed from (links to their rows), and links back.
//! Made from the same [`Trail`] as `build/<doc>.json` and `arshjul underlag`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::html::{escape_attr, escape_text};
use crate::trail::{Item, Printed, Trail, kronor};

/// The id of the Underlag part of row `row` of the printed table `table` (the row's name in
/// the table is `<id>-rad`): ASCII, so that it is an HTML id as it stands.
pub fn anchor(table: &str, row: usize) -> String {
    format!("underlag-{}-{row}", crate::text::slug(table))
}

/// For layouts: per printed table (`resultatrakning`, `budget.kostnader`), per row, the id of
/// the row's Underlag, or `""` for a row without figures.
pub fn anchors(tables: &[Printed], trail: &Trail) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = tables
        .iter()
        .map(|t| (t.name.clone(), vec![String::new(); t.table.rows.len()]))
        .collect();
    for item in &trail.figurer {
        if let Some((t, r)) = item.place
            && let Some(printed) = tables.get(t)
            && let Some(slot) = out.get_mut(&printed.name).and_then(|rows| rows.get_mut(r))
        {
            *slot = anchor(&printed.name, r);
        }
    }
    out
}

/// The Underlag section for the rows whose names the page links (`printed(anchor)` says whether
/// the page printed the row's link); empty when it printed none.
pub fn section(tables: &[Printed], trail: &Trail, printed: &dyn Fn(&str) -> bool) -> String {
    // The printed figures by table and row, in the order printed.
    let mut rows: BTreeMap<(usize, usize), Vec<&Item>> = BTreeMap::new();
    for item in &trail.figurer {
        if let Some(place) = item.place {
            rows.entry(place).or_default().push(item);
        }
    }
    let mut body = String::new();
    let mut current = None;
    for ((t, r), items) in &rows {
        let Some(table) = tables.get(*t) else {
            continue;
        };
        let id = anchor(&table.name, *r);
        if !printed(&id) {
            continue;
        }
        if current != Some(*t) {
            current = Some(*t);
            let _ = write!(
                body,
                "\n<h3 class=\"ej-innehall\">{}</h3>",
                escape_text(&table.title)
            );
        }
        let name = items.first().and_then(|i| i.rad.as_deref()).unwrap_or("");
        let _ = write!(
            body,
            "\n<section id=\"{id}\" class=\"underlag-rad\" aria-labelledby=\"{id}-rubrik\">\n<h4 class=\"ej-innehall\" id=\"{id}-rubrik\">{}</h4>",
            escape_text(name)
        );
        for item in items {
            figure(&mut body, trail, tables, item);
        }
        let _ = write!(
            body,
            "\n<p class=\"tillbaka\"><a href=\"#{id}-rad\">Tillbaka till raden i {}</a></p>\n</section>",
            escape_text(&crate::text::lower_first(&table.title))
        );
    }
    if body.is_empty() {
        return String::new();
    }
    format!(
        "<section class=\"underlag\" aria-labelledby=\"underlag\">\n<h2 id=\"underlag\">Underlag</h2>\n<p>Varifrån varje belopp i tabellerna kommer: posterna i bokföringen (konto, belopp, fil och rad) som det summerar, eller de belopp det är beräknat av. Belopp i kronor.</p>{body}\n</section>\n"
    )
}

/// One figure of a row: its heading, the records it counts, the figures it is made of.
fn figure(out: &mut String, trail: &Trail, tables: &[Printed], item: &Item) {
    let printed = match (&item.kolumn, &item.text) {
        (Some(column), Some(text)) => {
            // A budget's column heads say the unit already (“2020 tkr”).
            let column = column
                .strip_suffix(item.enhet)
                .map(str::trim_end)
                .unwrap_or(column);
            format!("{column}: {text} {}", item.enhet)
        }
        // A part not printed: named by its account where it counts one.
        _ => match account_of(trail, item) {
            Some(account) => format!("Konto {account}: {} kr", kronor(&item.value)),
            None => format!("Delsumma: {} kr", kronor(&item.value)),
        },
    };
    let _ = write!(
        out,
        "\n<p class=\"figur\"><strong>{}</strong>",
        escape_text(&printed)
    );
    // A figure written in a data file: its place is all there is to say.
    if let [source] = item.sources.as_slice()
        && source.konto.is_none()
    {
        let _ = write!(
            out,
            ", skrivet i <code>{}:{}</code></p>",
            escape_text(&source.fil),
            source.rad
        );
        return;
    }
    // The books' figure with its sign turned (a cost, printed negative): its records here.
    if let (Some("motsatt"), [id]) = (item.how, item.delar.as_slice())
        && let Some(part) = trail.get(id)
        && part.place.is_none()
        && !part.sources.is_empty()
    {
        out.push_str(" är summan av posterna med omvänt tecken:</p>");
        sources(out, part);
        return;
    }
    if let (Some(how), false) = (how(item), item.delar.is_empty()) {
        let basis = item
            .basis
            .as_deref()
            .map(|b| format!(" ({b})"))
            .unwrap_or_default();
        let _ = write!(out, " är {}{}:", how, escape_text(&basis));
    }
    out.push_str("</p>");
    if !item.sources.is_empty() {
        sources(out, item);
    }
    if !item.delar.is_empty() {
        out.push_str("\n<ul class=\"delar\">");
        for id in &item.delar {
            let Some(part) = trail.get(id) else {
                continue;
            };
            match (part.place, &part.rad, &part.kolumn, &part.text) {
                (Some((t, r)), Some(row), Some(column), Some(text)) => {
                    let to = tables
                        .get(t)
                        .map(|table| anchor(&table.name, r))
                        .unwrap_or_default();
                    let _ = write!(
                        out,
                        "\n<li><a href=\"#{}\">{}</a>, {}: {} {}</li>",
                        escape_attr(&to),
                        escape_text(row),
                        escape_text(&crate::text::lower_first(column)),
                        escape_text(text),
                        part.enhet
                    );
                }
                _ => {
                    // A part not printed anywhere: its own trail here.
                    out.push_str("\n<li>");
                    figure(out, trail, tables, part);
                    out.push_str("</li>");
                }
            }
        }
        out.push_str("\n</ul>");
    }
}

/// The records a figure counts, as a table adding up to it.
fn sources(out: &mut String, item: &Item) {
    // Wider than a phone, it scrolls sideways in its own frame, as the tables do.
    let what = match (&item.rad, &item.kolumn, item.sources.first()) {
        (Some(row), Some(column), _) => format!("Poster: {row}, {column}"),
        (_, _, Some(first)) => match (&first.konto, &first.namn) {
            (Some(account), Some(name)) => format!("Poster: konto {account} {name}"),
            (Some(account), None) => format!("Poster: konto {account}"),
            _ => "Poster".to_owned(),
        },
        _ => "Poster".to_owned(),
    };
    let _ = write!(
        out,
        "\n<div class=\"rull\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table class=\"kallor\">\n<thead><tr><th scope=\"col\">Konto</th><th scope=\"col\">Namn</th><th scope=\"col\" class=\"tal\">Belopp</th><th scope=\"col\">Källa</th></tr></thead>\n<tbody>",
        escape_attr(&what)
    );
    for s in &item.sources {
        let note = s
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let tag = s.post.map(|p| format!(", {p}")).unwrap_or_default();
        let _ = write!(
            out,
            "\n<tr><td>{}</td><td>{}{}</td><td class=\"tal\">{}</td><td><code>{}:{}</code>{}</td></tr>",
            escape_text(s.konto.as_deref().unwrap_or("–")),
            escape_text(s.namn.as_deref().unwrap_or("")),
            escape_text(&note),
            kronor(&s.belopp),
            escape_text(&s.fil),
            s.rad,
            escape_text(&tag)
        );
    }
    out.push_str("\n</tbody>");
    if item.sources.len() > 1 {
        let _ = write!(
            out,
            "\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Summa</th><td class=\"tal\">{}</td><td></td></tr></tfoot>",
            kronor(&item.value)
        );
    }
    out.push_str("\n</table>\n</div>");
}

/// The account a part not printed counts, with its name (`5010 Lokalhyra`): of its records,
/// or of the records of the one figure it turns the sign of; none for several accounts.
fn account_of(trail: &Trail, item: &Item) -> Option<String> {
    let records = match (item.how, item.delar.as_slice()) {
        (Some("motsatt"), [id]) => &trail.get(id)?.sources,
        _ => &item.sources,
    };
    let first = records.first()?;
    let account = first.konto.as_deref()?;
    if records.iter().any(|r| r.konto.as_deref() != Some(account)) {
        return None;
    }
    Some(match &first.namn {
        Some(name) => format!("{account} {name}"),
        None => account.to_owned(),
    })
}

/// How a computed figure is made of its parts, in Swedish.
fn how(item: &Item) -> Option<&'static str> {
    Some(match item.how? {
        "summa" => "summan av",
        "skillnad" => "skillnaden mellan",
        "motsatt" => "med omvänt tecken",
        "andel" => "andelen av",
        "del" => "en del av",
        _ => return None,
    })
}
