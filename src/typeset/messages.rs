//! typst's messages in Swedish: what is wrong and the fix, for the messages that reach a
//! writer (a character no font has, PDF/A's refusals, an image that cannot be read); an
//! unknown message keeps typst's words, marked as typst's.

/// A typst message in Swedish.
pub(super) struct Translated {
    /// What is wrong.
    pub(super) message: String,
    /// The fix.
    pub(super) hints: Vec<String>,
    /// The text the message quotes (a character no font has), to find where it was written.
    pub(super) quoted: Option<String>,
    /// Whether the message was known: an unknown one keeps typst's words and hints.
    pub(super) known: bool,
}

/// typst's messages that need nothing from their detail, as they begin: in Swedish, and the fix.
const PLAIN: &[(&str, &str, &str)] = &[
    (
        "failed to decode image",
        "bilden kan inte läsas: filen är skadad, eller inte en bild av det slag som namnet säger",
        "öppna bilden i ett bildprogram och spara den på nytt som PNG eller JPEG",
    ),
    (
        "unknown image format",
        "filen är ingen bild som arshjul känner igen",
        "använd PNG, JPEG, GIF, WebP eller SVG",
    ),
    (
        "URL is too long",
        "webbadressen är för lång: en länk får ha högst 8 000 tecken",
        "länka till en kortare adress",
    ),
    (
        "URL must not be empty",
        "länken saknar adress",
        "skriv en adress efter länktexten",
    ),
    (
        "maximum parsing depth exceeded",
        "texten är nästlad i för många nivåer (listor eller citat inuti varandra)",
        "dela upp listan eller citatet i flera, med färre nivåer",
    ),
];

/// typst's messages that reach a writer, in Swedish: what is wrong, and the fix.
pub(super) fn translate(message: &str) -> Translated {
    // PDF/A and PDF/UA errors start with the standards: `PDF/A-2a error: …`.
    let (standard, rest) = match message.split_once(" error: ") {
        Some((standard, rest)) if standard.starts_with("PDF") => (Some(standard), rest),
        _ => (None, message),
    };
    let pdfa = standard.unwrap_or("PDF/A");
    let known = |message: String, hint: Option<&str>, quoted: Option<&str>| Translated {
        message,
        hints: hint.map(str::to_owned).into_iter().collect(),
        quoted: quoted.map(unquote),
        known: true,
    };
    let inside = |text: &str| {
        text.split_once('(')
            .and_then(|(_, r)| r.rsplit_once(')'))
            .map(|(inner, _)| inner.to_owned())
            .unwrap_or_default()
    };
    if let Some((_, swedish, hint)) = PLAIN.iter().find(|(english, ..)| rest.starts_with(english)) {
        return known((*swedish).to_owned(), Some(hint), None);
    }
    if rest.starts_with("failed to parse SVG") {
        let hint = if inside(rest).contains("unknown entity") {
            "SVG-filen använder en namngiven entitet (som &nbsp;) som SVG inte känner: spara om bilden från ritprogrammet, eller som PNG"
        } else {
            "spara om bilden från ritprogrammet, eller som PNG"
        };
        let message = "SVG-bilden kan inte läsas: filen är inte giltig SVG";
        return known(message.to_owned(), Some(hint), None);
    }
    if let Some(text) = quoted_after(rest, "the text `", "` could not be displayed") {
        return known(
            format!("tecknet eller texten {text} finns inte i något av typsnitten"),
            Some(
                "lägg ett typsnitt som har tecknet i projektets fonts/, skriv texten utan det, eller bygg med --no-pdfa",
            ),
            Some(&text),
        );
    }
    if let Some(text) = quoted_after(rest, "codepoint `", "`") {
        return known(
            format!("tecknet {text} får inte stå i en {pdfa}-fil"),
            Some(
                "ta bort tecknet (det hör ofta till ett visst typsnitt, som Words symboler), eller bygg med --no-pdfa",
            ),
            Some(&text),
        );
    }
    if rest.starts_with("a PDF string is longer than") {
        return known(
            format!(
                "en text i PDF-filens metadata är längre än de 32 767 byte som {pdfa} tillåter"
            ),
            Some(
                "korta titeln, undertiteln, författarnamnen, nyckelorden eller en bilds alternativtext",
            ),
            None,
        );
    }
    if let Some(path) = rest
        .strip_prefix("file not found (searched at ")
        .and_then(|p| p.strip_suffix(')'))
    {
        return known(format!("filen `{path}` finns inte"), None, None);
    }
    if let Some(detail) = rest.strip_prefix("failed to load file") {
        let message = match inside(detail).as_str() {
            "access denied" => "filen ligger utanför projektet och kan inte användas".to_owned(),
            "is a directory" => "sökvägen leder till en mapp, inte en fil".to_owned(),
            "" => "filen kan inte läsas".to_owned(),
            // Our own loader's messages are Swedish already.
            own => own.to_owned(),
        };
        return known(message, None, None);
    }
    Translated {
        message: format!("typst: {message}"),
        hints: Vec::new(),
        quoted: None,
        known: false,
    }
}

/// The text between `before` and `after` in `message`.
fn quoted_after(message: &str, before: &str, after: &str) -> Option<String> {
    let start = message.find(before)? + before.len();
    let end = message[start..].find(after)? + start;
    Some(message[start..end].to_owned())
}

/// A typst `repr` of a string or character (`"a\u{f8ff}"`) as the text it stands for.
fn unquote(repr: &str) -> String {
    let inner = repr
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| repr.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(repr);
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') if chars.peek() == Some(&'{') => {
                chars.next();
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}
