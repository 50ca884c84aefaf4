//! The table of contents of a finished page: every heading gets an id made from its text, and
//! the mark where the contents go becomes a linked, nested list of the headings (the levels the
//! PDF's Innehåll shows). Made from the page the layouts rendered, after the narrative.

use std::collections::HashMap;
use std::fmt::Write as _;

/// Where the table of contents goes: the narrative's `{{ innehall() }}` or the layout put it
/// there; [`finish`] replaces it with the linked list of headings. A comment, so that nothing a
/// writer types (always escaped) can produce it.
pub const CONTENTS_MARK: &str = "<!--arshjul:innehall-->";

/// Finishes a rendered page: every `h2`–`h4` without an `id` gets one made from its text, and
/// the first [`CONTENTS_MARK`] becomes the table of contents, a `nav` with a linked, nested
/// list of those headings (the levels the PDF's Innehåll shows). Headings with the class
/// `ej-innehall` stay out of it. Works on the HTML this module and the layouts generate, where
/// every `<` is markup.
pub fn finish(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + 4096);
    let mut entries: Vec<(u8, String, String)> = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut rest = page;
    // Ids the layouts or the converter wrote themselves are taken.
    for (i, _) in page.match_indices(" id=\"") {
        if let Some(end) = page[i + 5..].find('"') {
            used.insert(page[i + 5..i + 5 + end].to_owned(), 1);
        }
    }
    while let Some(start) = find_heading(rest) {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let level = tag.as_bytes()[2] - b'0';
        let Some(open_end) = tag.find('>') else {
            out.push_str(tag);
            rest = "";
            break;
        };
        let close = format!("</h{level}>");
        let Some(close_at) = tag.find(&close) else {
            out.push_str(&tag[..open_end + 1]);
            rest = &tag[open_end + 1..];
            continue;
        };
        let attributes = &tag[3..open_end];
        let inner = &tag[open_end + 1..close_at];
        let text = strip_tags(inner);
        let skip = attributes.contains("ej-innehall");
        let id = match attribute(attributes, "id") {
            Some(id) => {
                out.push_str(&tag[..close_at + close.len()]);
                id.to_owned()
            }
            None => {
                let base = slug(&text);
                let n = used.entry(base.clone()).or_insert(0);
                *n += 1;
                let id = if *n == 1 { base } else { format!("{base}-{n}") };
                let _ = write!(
                    out,
                    "<h{level}{attributes} id=\"{id}\">{inner}{close}",
                    attributes = attributes.trim_end()
                );
                id
            }
        };
        if !skip && (2..=4).contains(&level) {
            entries.push((level, id, text));
        }
        rest = &tag[close_at + close.len()..];
    }
    out.push_str(rest);

    let nav = contents(&entries);
    match out.find(CONTENTS_MARK) {
        Some(at) => {
            let mut page = String::with_capacity(out.len() + nav.len());
            page.push_str(&out[..at]);
            page.push_str(&nav);
            page.push_str(&out[at + CONTENTS_MARK.len()..].replace(CONTENTS_MARK, ""));
            page
        }
        None => out,
    }
}

/// The next `<h2`–`<h6` opening tag.
fn find_heading(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("<h") {
        let at = from + i;
        let level = bytes.get(at + 2).copied();
        let after = bytes.get(at + 3).copied();
        if matches!(level, Some(b'2'..=b'6')) && matches!(after, Some(b'>' | b' ')) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = attributes.find(&key)? + key.len();
    let end = attributes[start..].find('"')?;
    Some(&attributes[start..start + end])
}

/// The text of some HTML, tags left out (entities stay escaped).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// An id from a heading's text: ASCII letters and digits, words joined by `-`.
fn slug(text: &str) -> String {
    let out = crate::text::slug(&text.replace("&amp;", "&"));
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("avsnitt-{out}").trim_end_matches('-').to_owned()
    } else {
        out
    }
}

/// The table of contents as a `nav` with nested lists.
fn contents(entries: &[(u8, String, String)]) -> String {
    let mut out = String::from(
        "<nav class=\"innehall\" aria-labelledby=\"innehall-rubrik\">\n<h2 id=\"innehall-rubrik\" class=\"ej-innehall\">Innehåll</h2>\n",
    );
    let mut open: Vec<u8> = Vec::new();
    for (level, id, text) in entries {
        // Deeper: open lists inside the open item; shallower: close them.
        while open.last().is_some_and(|l| l > level) {
            out.push_str("</li>\n</ol>\n");
            open.pop();
        }
        if open.last() == Some(level) {
            out.push_str("</li>\n");
        } else {
            out.push_str("<ol>\n");
            open.push(*level);
        }
        let _ = write!(out, "<li><a href=\"#{id}\">{text}</a>");
    }
    while open.pop().is_some() {
        out.push_str("</li>\n</ol>\n");
    }
    out.push_str("</nav>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_makes_ids_and_a_nested_contents() {
        let page = format!(
            "<header><h1>T</h1></header>{CONTENTS_MARK}<main><h2>Mål och syfte</h2><h3>Del &amp; del</h3><h2>Mål och syfte</h2><h2 class=\"ej-innehall\">X</h2></main>"
        );
        let done = finish(&page);
        assert!(done.contains("<h2 id=\"mal-och-syfte\">"), "{done}");
        assert!(done.contains("<h2 id=\"mal-och-syfte-2\">"), "{done}");
        assert!(done.contains("<nav class=\"innehall\""));
        assert!(
            done.contains("<li><a href=\"#mal-och-syfte\">Mål och syfte</a><ol>\n<li><a href=\"#del-del\">Del &amp; del</a></li>\n</ol>\n</li>"),
            "{done}"
        );
        assert!(!done.contains("href=\"#x\""));
    }
}
