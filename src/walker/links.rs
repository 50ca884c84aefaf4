//! What the walk recognises in a narrative's text besides Markdown, the same in both editions:
//! the schemes a link may have, the directive mark around what the narrative placed, and the
//! labels of an explained row's place.

/// Whether the text between two directive marks is the label of an explained row's place
/// (`avvikelse-<file>-<n>`, see `avvikelse(rad=...)`): ASCII letters, digits and `-`.
pub fn is_anchor(inside: &str) -> bool {
    inside.starts_with("avvikelse-")
        && inside
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Marks the place of a directive (such as the table of contents) that a template function put
/// into the narrative. Private-use characters, so that ordinary text never looks like one.
pub const DIRECTIVE_MARK: char = '\u{F8FF}';

/// The schemes a link may have; anything else (`javascript:`, `file:`, `data:`) is refused.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The hint that goes with a refused link.
pub const LINK_HINT: &str = "en länk är en webbadress (https://...), e-post (mailto:...), telefon (tel:...) eller en sökväg i projektet";

/// The scheme of a link's destination as a browser reads it (tabs and line breaks dropped,
/// leading spaces and control characters trimmed), lower-cased; `None` for a path.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let scheme = &cleaned[..cleaned.find(':')?];
    // A colon after a `/`, `?` or `#` belongs to a path, not a scheme.
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    is_scheme.then(|| scheme.to_ascii_lowercase())
}

/// Checks a link's destination: http, https, mailto, tel, or a path (no scheme, checked apart
/// by [`Context::check`](super::Context::check)). The scheme is read as [`scheme`] reads it, so `Java&#9;Script:` is
/// caught as well.
pub fn check_link(url: &str) -> Result<(), String> {
    let Some(scheme) = scheme(url) else {
        return Ok(());
    };
    if LINK_SCHEMES.contains(&scheme.as_str()) {
        Ok(())
    } else {
        Err(format!(
            "länken `{}` har schemat `{scheme}:`, som inte är tillåtet",
            url.chars().take(60).collect::<String>()
        ))
    }
}
