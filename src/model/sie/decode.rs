//! The text of an SIE file and the fields of its records. Files are CP437 (“PC8”) as the SIE
//! standard says, or UTF-8 / ISO-8859-1 / UTF-16 where they plainly are; a record's fields are
//! separated by spaces or tabs, quoted with `"..."` (with `\"`), and an object list in braces is
//! one field. #KSUMMA's checksum reads the same syntax, each character as its CP437 value.

/// CP437's upper half, as the SIE standard's “PC8” means it.
const CP437: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', 'É', 'æ', 'Æ',
    'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', 'á', 'í', 'ó', 'ú', 'ñ', 'Ñ',
    'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕',
    '╣', '║', '╗', '╝', '╜', '╛', '┐', '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦',
    '╠', '═', '╬', '╧', '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐',
    '▀', 'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', '≡', '±',
    '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

/// The text of an SIE file: UTF-16 where it is, UTF-8 if it is valid UTF-8, ISO-8859-1 where its
/// Swedish letters are plainly Latin-1, CP437 otherwise.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(text) = utf16(bytes) {
        return text;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.strip_prefix('\u{feff}').unwrap_or(text).to_owned();
    }
    let latin = bytes
        .iter()
        .filter(|b| matches!(b, 0xE4 | 0xE5 | 0xF6 | 0xC4 | 0xC5 | 0xD6 | 0xE9))
        .count();
    let pc8 = bytes
        .iter()
        .filter(|b| matches!(b, 0x84 | 0x86 | 0x94 | 0x8E | 0x8F | 0x99 | 0x82))
        .count();
    if latin > pc8 {
        bytes.iter().map(|b| char::from(*b)).collect()
    } else {
        bytes
            .iter()
            .map(|b| {
                if *b < 0x80 {
                    char::from(*b)
                } else {
                    CP437[usize::from(b - 0x80)]
                }
            })
            .collect()
    }
}

/// The text of a file some systems save as UTF-16 (a byte-order mark, or every other byte a
/// NUL as ASCII text in UTF-16 has): `None` for any other file.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (body, little) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => {
            // No mark: ASCII tags (`#FLAGGA`) put a NUL after (little-endian) or before each
            // letter; a text in one byte per letter has no NUL at all.
            let head = &bytes[..bytes.len().min(64) & !1];
            let nul = |offset: usize| head.iter().skip(offset).step_by(2).all(|b| *b == 0);
            match head {
                [] => return None,
                _ if nul(1) => (bytes, true),
                _ if nul(0) => (bytes, false),
                _ => return None,
            }
        }
    };
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| {
            if little {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            }
        })
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// Splits a record into fields: spaces and tabs separate, `"..."` quotes (with `\"`), `{...}`
/// is one field.
pub(super) fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' || c == '\t' {
            chars.next();
            continue;
        }
        let mut field = String::new();
        if c == '"' {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => break,
                    c => field.push(c),
                }
            }
        } else if c == '{' {
            let mut quoted = false;
            for c in chars.by_ref() {
                field.push(c);
                match c {
                    '"' => quoted = !quoted,
                    '}' if !quoted => break,
                    _ => {}
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' || c == '\t' {
                    break;
                }
                field.push(c);
                chars.next();
            }
        }
        out.push(field);
    }
    out
}

/// Adds a record to the CRC-32 of #KSUMMA as SIE 4B §10.14 says: its tag and fields, without
/// the spaces and tabs between fields, the quotes around them or the braces of object lists
/// (`\"` inside quotes counts as the quote alone), each character as its CP437 value.
pub(super) fn checksummed(record: &str, sum: &mut crc32fast::Hasher) {
    let cp437 = |c: char| -> u8 {
        match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b,
            _ => CP437
                .iter()
                .position(|x| *x == c)
                .and_then(|i| u8::try_from(i + 0x80).ok())
                .unwrap_or(b'?'),
        }
    };
    let mut bytes = Vec::with_capacity(record.len());
    let mut quoted = false;
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                bytes.push(b'"');
            }
            '"' => quoted = !quoted,
            ' ' | '\t' | '{' | '}' if !quoted => {}
            c => bytes.push(cp437(c)),
        }
    }
    sum.update(&bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_cp437_latin1_and_utf8() {
        assert_eq!(decode(&[0x94, 0x86, 0x84]), "öåä");
        assert_eq!(decode(&[0xF6, 0xE5, 0xE4, 0x20]), "öåä ");
        assert_eq!(decode("öåä".as_bytes()), "öåä");
    }

    #[test]
    fn splits_fields() {
        assert_eq!(
            fields(r#"#KONTO 1010  "Balanserade \"utg\""	x"#),
            ["#KONTO", "1010", "Balanserade \"utg\"", "x"]
        );
        assert_eq!(
            fields(r#"#PSALDO 0 201101 1460 {1 "A 1"} -134536.50"#),
            [
                "#PSALDO",
                "0",
                "201101",
                "1460",
                "{1 \"A 1\"}",
                "-134536.50"
            ]
        );
    }
}
