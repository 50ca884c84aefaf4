//! Text helpers every stage may use and that depend on no stage: folding Swedish letters to
//! ASCII for template identifiers and for “menade du” suggestions.

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
