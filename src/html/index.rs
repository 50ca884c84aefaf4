//! The förbund's index page, `build/<förbund>/index.html`: its web editions, newest first, with
//! the title and date each page states, in a page with its own small style sheet.

use std::fmt::Write as _;
use std::path::Path;

use super::writer::{escape_attr, escape_text};
use crate::money::Date;

/// Writes `build/<förbund>/index.html` for every förbund folder in `written` (pages just
/// written, relative to the root): the web editions in that folder and below, newest first,
/// each with its title and date as the pages themselves state them (`dcterms.*` meta tags).
/// A folder holding a document named `index` gets no index page.
pub fn write_indexes(root: &Path, written: &[&Path]) -> Result<(), String> {
    let mut folders: Vec<std::path::PathBuf> = written
        .iter()
        .filter_map(|p| {
            let mut parts = p.components();
            let (build, first) = (parts.next()?, parts.next()?);
            // A document directly under content/ has no förbund folder.
            parts.next()?;
            Some(Path::new(build.as_os_str()).join(first))
        })
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        if written.iter().any(|p| *p == folder.join("index.html")) {
            continue;
        }
        let dir = root.join(&folder);
        let mut pages = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let relative = path.strip_prefix(&dir).unwrap_or(path);
            if relative == Path::new("index.html") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let href = crate::diagnostics::display_path(relative);
            let meta = |name: &str| {
                let key = format!("<meta name=\"{name}\" content=\"");
                let start = text.find(&key)? + key.len();
                let end = text[start..].find('"')?;
                Some(text[start..start + end].to_owned())
            };
            let title = meta("dcterms.title").unwrap_or_else(|| escape_text(&href));
            pages.push((
                meta("dcterms.date").unwrap_or_default(),
                title,
                href,
                meta("dcterms.publisher").unwrap_or_default(),
            ));
        }
        if pages.is_empty() {
            continue;
        }
        // Newest first; the same date by title.
        pages.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let publisher = pages
            .iter()
            .map(|p| p.3.clone())
            .find(|p| !p.is_empty())
            .unwrap_or_else(|| {
                escape_text(&folder.file_name().unwrap_or_default().to_string_lossy())
            });
        let mut list = String::new();
        for (date, title, href, _) in &pages {
            let when = Date::parse(date)
                .map(|d| format!(" <span class=\"datum\">{}</span>", d.swedish()))
                .unwrap_or_default();
            // Relative and encoded: a folder named `javascript:alert(1)` is a page beside this
            // one (`./javascript%3Aalert%281%29.html`), never a scheme.
            let _ = writeln!(
                list,
                "<li><a href=\"./{}\">{title}</a>{when}</li>",
                escape_attr(&crate::project::percent_encode(href))
            );
        }
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>Dokument – {publisher}</title>\n<meta name=\"generator\" content=\"arshjul\">\n<style>{INDEX_STYLE}</style>\n</head>\n<body>\n<a class=\"hoppa\" href=\"#dokument\">Hoppa till innehållet</a>\n<header><p>{publisher}</p><h1>Dokument</h1></header>\n<main id=\"dokument\" tabindex=\"-1\">\n<ul>\n{list}</ul>\n</main>\n</body>\n</html>\n"
        );
        let target = dir.join("index.html");
        let temporary = dir.join(format!(".index.html.{}.tmp", std::process::id()));
        std::fs::write(&temporary, page)
            .and_then(|()| std::fs::rename(&temporary, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temporary);
                format!(
                    "kan inte skriva {}: {e}",
                    crate::diagnostics::display_path(&folder.join("index.html"))
                )
            })?;
    }
    Ok(())
}

const INDEX_STYLE: &str = "body{margin:0 auto;max-width:50rem;padding:0 1.25rem 2rem;font-family:Carlito,Calibri,'Segoe UI',Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a}header p{font-weight:bold;color:#1f4e79;margin:1.5rem 0 0}h1{color:#1f4e79}a{color:#1f4e79}ul{padding-left:1.2em}li{margin:0.4em 0}.datum{color:#555}.hoppa{position:absolute;left:0.5rem;top:-4rem;background:#1f4e79;color:#fff;padding:0.5rem 1rem}.hoppa:focus{top:0.5rem}main:focus{outline:none}";
