//! Text helpers every stage may use and that depend on no stage: folding Swedish letters to
//! ASCII for template identifiers and for “menade du” suggestions, and ids made from text.

/// Folds å, ä, ö (and other accented Latin letters) to ASCII, for template identifiers:
/// `säte` is also reachable as `sate`.
pub fn fold_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'Å' | 'Ä' | 'À' | 'Á' | 'Â' => 'A',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'Ö' | 'Ø' | 'Ó' | 'Ò' | 'Ô' => 'O',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'ü' | 'ú' | 'ù' => 'u',
            'Ü' | 'Ú' | 'Ù' => 'U',
            'í' | 'ì' | 'ï' => 'i',
            c => c,
        })
        .collect()
}

/// An id from text, as a typst label and an HTML id both take it: the letters folded to ASCII,
/// lower case, letters and digits kept, every other run of characters one `-`, none at the
/// ends (`Övriga intäkter` → `ovriga-intakter`).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold_ascii(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// “Strukturinsatser” → “strukturinsatser” for “Summa strukturinsatser”, but an acronym
/// (“ESF-projekt”) keeps its capitals.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), text.chars().nth(1)) {
        (Some(c), Some(second)) if second.is_lowercase() => c.to_lowercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_and_join_words_with_one_dash() {
        assert_eq!(slug("Övriga intäkter"), "ovriga-intakter");
        assert_eq!(
            slug("  content/ins/dr/resultaträkning.yaml "),
            "content-ins-dr-resultatrakning-yaml"
        );
        assert_eq!(slug("§ 12 – Café & bar"), "12-cafe-bar");
        assert_eq!(slug("––"), "");
    }
}
