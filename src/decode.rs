//! Text files' bytes into text, for the load stage: `index.md`, YAML and CSV files (through
//! `project::read_text`), and, by [`with_legacy`], any reader with an older encoding of its own.
//!
//! A file is UTF-8 (a byte-order mark dropped), UTF-16 with a byte-order mark (Excel's
//! “Unicode text”), or, when it holds no UTF-8 character beyond ASCII at all, an older
//! single-byte encoding: Windows-1252 for the files Swedish offices save (Excel's CSV,
//! Notepad), which covers ISO-8859-1. A file that is UTF-8 but for a stray byte is never read
//! as Windows-1252, which would turn every å, ä and ö of it into two letters (“FÃ¶rbundets
//! mÃ¥l”): it is refused at the line and column of the byte. The encodings come from
//! `encoding_rs`, the WHATWG tables browsers use.

use crate::diagnostics::{Diagnostic, Encoding, Kind, Position};

/// How a file's text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// UTF-8, as arshjul prefers.
    Utf8,
    /// UTF-16 with a byte-order mark.
    Utf16,
    /// An older single-byte encoding (Windows-1252 for [`text`]): worth a note that UTF-8 is
    /// preferred, since another program may read such a file differently.
    Legacy,
}

/// The text of a file and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// Its encoding.
    pub source: Source,
}

/// Why bytes are no text: UTF-8 with a byte that belongs to no character, or UTF-16 that breaks
/// off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecodable {
    /// A UTF-8 file (it has UTF-8 characters beyond ASCII) with a byte that is none.
    StrayByte {
        /// The byte.
        byte: u8,
        /// Where it is: its line, and its column counted in characters.
        at: Position,
        /// The file's first UTF-8 character beyond ASCII, and where it is: the proof that the
        /// file is UTF-8.
        utf8: (char, Position),
    },
    /// UTF-16 (by its byte-order mark) with an odd byte or a lone surrogate.
    BrokenUtf16,
}

impl Undecodable {
    /// The error in `file`, at the place of the stray byte.
    pub fn error(&self, file: &str) -> Diagnostic {
        match self {
            Undecodable::StrayByte { byte, at, utf8 } => Diagnostic::error_of(Kind::Encoding {
                what: Encoding::StrayByte {
                    byte: *byte,
                    example: utf8.0,
                    example_line: utf8.1.line,
                },
            })
            .in_file(file)
            .at(*at),
            Undecodable::BrokenUtf16 => Diagnostic::error_of(Kind::Encoding {
                what: Encoding::BrokenUtf16,
            })
            .in_file(file),
        }
    }
}

/// The text of a file as Swedish offices save them: UTF-8, UTF-16 with a byte-order mark, or
/// Windows-1252 when it has no UTF-8 character beyond ASCII.
pub fn text(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    with_legacy(bytes, windows_1252)
}

/// [`text`], with `legacy` for a file that is neither UTF-8 nor UTF-16: a reader whose files
/// have an older encoding of their own (SIE files are CP437 by their standard) passes its
/// decoder, and keeps the same rules for UTF-8 and the same error for a stray byte.
pub fn with_legacy(
    bytes: &[u8],
    legacy: impl FnOnce(&[u8]) -> String,
) -> Result<Decoded, Undecodable> {
    let decoded = |text: String, source| Decoded { text, source };
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|text| decoded(text.into_owned(), Source::Utf16))
            .ok_or(Undecodable::BrokenUtf16);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        return Ok(decoded(text.to_owned(), Source::Utf8));
    }
    match stray_byte(bytes) {
        Some(stray) => Err(stray),
        None => Ok(decoded(legacy(bytes), Source::Legacy)),
    }
}

/// Windows-1252, as browsers read it (ISO-8859-1's letters, and `€`, `–`, `”`, … where
/// ISO-8859-1 has control codes).
pub fn windows_1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// Bytes as UTF-8 with every byte that is no character as U+FFFD, one per byte, so that columns
/// count as [`Undecodable::StrayByte`]'s do: a refused file's lines as its message shows them.
pub fn lossy(bytes: &[u8]) -> String {
    bytes
        .utf8_chunks()
        .flat_map(|chunk| {
            let stray = std::iter::repeat_n('\u{fffd}', chunk.invalid().len());
            chunk.valid().chars().chain(stray)
        })
        .collect()
}

/// The note for a file read in an older encoding.
pub fn legacy_note(file: &str) -> Diagnostic {
    Diagnostic::warning_of(Kind::Encoding {
        what: Encoding::Legacy,
    })
    .in_file(file)
}

/// For bytes that are not UTF-8: the first byte that is no UTF-8 character, when some valid
/// UTF-8 character beyond ASCII shows the file to be UTF-8 (a single-byte encoding's Swedish
/// letters are never such a sequence: `ä` is E4 followed by ASCII); `None` when the file has no
/// such character and can be read in an older encoding.
fn stray_byte(bytes: &[u8]) -> Option<Undecodable> {
    let mut first_bad: Option<usize> = None;
    let mut first_wide: Option<(char, usize)> = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if first_wide.is_none()
            && let Some((i, c)) = valid.char_indices().find(|(_, c)| !c.is_ascii())
        {
            first_wide = Some((c, offset + i));
        }
        offset += valid.len();
        if first_bad.is_none() && !chunk.invalid().is_empty() {
            first_bad = Some(offset);
        }
        offset += chunk.invalid().len();
        if first_bad.is_some() && first_wide.is_some() {
            break;
        }
    }
    let (bad, (c, wide)) = (first_bad?, first_wide?);
    Some(Undecodable::StrayByte {
        byte: bytes[bad],
        at: position(bytes, bad),
        utf8: (c, position(bytes, wide)),
    })
}

/// The line and column (in characters) of `offset`, read as UTF-8: the line's other stray
/// bytes count as one character each.
fn position(bytes: &[u8], offset: usize) -> Position {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before[line_start..]
        .utf8_chunks()
        .map(|c| c.valid().chars().count() + c.invalid().len())
        .sum::<usize>()
        + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (String, Source) {
        let d = text(bytes).unwrap();
        (d.text, d.source)
    }

    #[test]
    fn utf8_is_read_as_it_is() {
        assert_eq!(
            read("Mölndal".as_bytes()),
            ("Mölndal".to_owned(), Source::Utf8)
        );
        assert_eq!(read(b"\xef\xbb\xbfa"), ("a".to_owned(), Source::Utf8));
    }

    #[test]
    fn windows_1252_is_read_where_no_utf8_character_is() {
        assert_eq!(
            read(b"M\xf6lndal \x80 \x96 \x93x\x94"),
            ("Mölndal € – “x”".to_owned(), Source::Legacy)
        );
        // Only ASCII beside the Latin-1 letters: still Windows-1252.
        assert_eq!(
            read(b"namn: F\xf6rbundet\nort: H\xe4rryda\n").0,
            "namn: Förbundet\nort: Härryda\n"
        );
    }

    #[test]
    fn a_stray_byte_in_utf8_is_refused_at_its_place() {
        let bytes = "namn: Förbundets mål\nort: Mölndal\nsäte: H"
            .bytes()
            .chain(*b"\xe4rryda\n");
        let bytes: Vec<u8> = bytes.collect();
        let err = text(&bytes).unwrap_err();
        assert_eq!(
            err,
            Undecodable::StrayByte {
                byte: 0xE4,
                at: Position { line: 3, column: 8 },
                utf8: ('ö', Position { line: 1, column: 8 }),
            }
        );
        let d = err.error("a.yaml");
        assert_eq!(d.location().as_deref(), Some("a.yaml:3:8"));
        assert!(d.message.contains("0xE4"), "{}", d.message);
        // The stray byte before the first UTF-8 letter: the place is still the byte's.
        let err = text(b"a\xe4\nb \xc3\xb6\n").unwrap_err();
        assert!(
            matches!(
                err,
                Undecodable::StrayByte {
                    at: Position { line: 1, column: 2 },
                    utf8: ('ö', Position { line: 2, column: 3 }),
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Härryda".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&bytes), ("Härryda".to_owned(), Source::Utf16));
        bytes.push(0x41);
        assert_eq!(text(&bytes), Err(Undecodable::BrokenUtf16));
    }

    #[test]
    fn a_reader_can_bring_its_own_older_encoding() {
        let cp437 = |b: &[u8]| -> String {
            b.iter()
                .map(|b| if *b == 0x94 { 'ö' } else { char::from(*b) })
                .collect()
        };
        let d = with_legacy(b"M\x94lndal", cp437).unwrap();
        assert_eq!((d.text.as_str(), d.source), ("Mölndal", Source::Legacy));
        assert!(with_legacy("Mölndal \u{fffd}".as_bytes(), cp437).is_ok());
        assert!(matches!(
            with_legacy(b"M\xc3\xb6lndal \x94", cp437),
            Err(Undecodable::StrayByte { .. })
        ));
    }
}
