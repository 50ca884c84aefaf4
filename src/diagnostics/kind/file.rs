//! A file that cannot be read as written: one that does not exist
//! ([`Kind::MissingFile`](super::Kind::MissingFile)) and one whose bytes are not text as
//! arshjul prefers it ([`Kind::Encoding`](super::Kind::Encoding)), their messages and fixes made
//! here.

/// What is wrong with a file's encoding ([`Kind::Encoding`](super::Kind::Encoding)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// A file with no UTF-8 character beyond ASCII, read as Windows-1252: a warning.
    Legacy,
    /// A UTF-8 file with a byte that is no UTF-8 character.
    StrayByte {
        /// The byte.
        byte: u8,
        /// The file's first UTF-8 character beyond ASCII: the proof that the file is UTF-8.
        example: char,
        /// The line it stands on.
        example_line: usize,
    },
    /// A file that starts as UTF-16 (by its byte-order mark) and breaks off.
    BrokenUtf16,
}

impl Encoding {
    /// The encoding's short name, as `vad` says it.
    pub fn name(&self) -> &'static str {
        match self {
            Encoding::Legacy => "windows_1252",
            Encoding::StrayByte { .. } => "felaktig_byte",
            Encoding::BrokenUtf16 => "trasig_utf16",
        }
    }

    pub(super) fn message(&self) -> String {
        match self {
            Encoding::Legacy => {
                "filen är inte sparad som UTF-8: den lästes som Windows-1252 (Latin-1)".to_owned()
            }
            Encoding::StrayByte { byte, .. } => format!(
                "filen är sparad som UTF-8 men har här en byte (0x{byte:02X}) som inte är något UTF-8-tecken"
            ),
            Encoding::BrokenUtf16 => {
                "filen börjar som UTF-16 men är inte giltig UTF-16 (den slutar mitt i ett tecken)"
                    .to_owned()
            }
        }
    }

    pub(super) fn hint(&self) -> String {
        match self {
            Encoding::Legacy => "spara den hellre som UTF-8 (i Excel: Spara som → CSV UTF-8; i Anteckningar: Kodning UTF-8), så läses den likadant överallt".to_owned(),
            Encoding::StrayByte {
                example,
                example_line,
                ..
            } => format!(
                "resten av filen är UTF-8 (t.ex. `{example}` på rad {example_line}), så den läses inte som Windows-1252, som skulle göra varje å, ä och ö till två tecken; skriv om tecknet här (oftast ett å, ä eller ö inklistrat från ett annat program) och spara filen som UTF-8"
            ),
            Encoding::BrokenUtf16 => "spara filen som UTF-8".to_owned(),
        }
    }

    /// The JSON fields of the encoding beyond `slag` and `vad`: the byte (`0xE4`), and the
    /// character that shows the file to be UTF-8 and its line, for a stray byte.
    pub(super) fn json_fields(&self, fields: &mut serde_json::Map<String, serde_json::Value>) {
        if let Encoding::StrayByte {
            byte,
            example,
            example_line,
        } = self
        {
            fields.insert("byte".into(), format!("0x{byte:02X}").into());
            fields.insert("exempel".into(), example.to_string().into());
            fields.insert("exempel_rad".into(), (*example_line).into());
        }
    }
}

/// `filen `{written}` finns inte (sökt i {searched_in})`.
pub(super) fn missing_message(written: &str, searched_in: &str) -> String {
    format!("filen `{written}` finns inte (sökt i {searched_in})")
}
