//! A YAML text that cannot be read ([`Kind::Syntax`](super::Kind::Syntax)): the mistake named
//! in the writer's terms (a tab, a key twice, a quote, a bracket, indentation, a decimal comma,
//! front matter never closed), its message and its fix made here.

/// The shape of a YAML mistake, with what the message quotes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Syntax {
    /// `tabbtecken i indraget`.
    Tab,
    /// `nyckeln `{key}` står två gånger`.
    DuplicateKey {
        /// The key, without its colon.
        key: String,
    },
    /// `citattecknet inne i värdet avslutar texten för tidigt`, with the key and the value as
    /// written where the line is `key: value`.
    QuoteInside {
        /// The key of the value.
        key: Option<String>,
        /// The value as written, with its quotes.
        value: Option<String>,
    },
    /// `citattecknet {quote} stängs aldrig`.
    UnclosedQuote {
        /// `"` or `'`.
        quote: char,
    },
    /// `` `{open}` stängs aldrig med `{close}` ``.
    UnclosedBracket {
        /// `[` or `{`.
        open: char,
    },
    /// `värdet av `{key}` innehåller `: `, som YAML läser som en ny nyckel`.
    ColonInValue {
        /// The key of the value.
        key: String,
        /// The value as written.
        value: String,
    },
    /// `fel indrag: `{written}` står i kolumn {column}`.
    Indentation {
        /// The line's content (its first 40 characters).
        written: String,
        /// The column where it starts.
        column: usize,
        /// The column where the line above starts, where there is one.
        above: Option<usize>,
    },
    /// `` `{written}` läses som två belopp: 120 och 5 ``.
    DecimalComma {
        /// The number as the writer meant it: `120,5`.
        written: String,
    },
    /// `front matter stängs aldrig: raden `---` efter den saknas`.
    FrontMatterOpen,
    /// `YAML-texten kan inte läsas här`: a mistake of none of the other shapes.
    Unreadable,
}

impl Syntax {
    /// The shape's short name, as `vad` says it.
    pub fn name(&self) -> &'static str {
        match self {
            Syntax::Tab => "tabb",
            Syntax::DuplicateKey { .. } => "dubbel_nyckel",
            Syntax::QuoteInside { .. } => "citattecken",
            Syntax::UnclosedQuote { .. } => "öppet_citattecken",
            Syntax::UnclosedBracket { .. } => "öppen_parentes",
            Syntax::ColonInValue { .. } => "kolon_i_värde",
            Syntax::Indentation { .. } => "indrag",
            Syntax::DecimalComma { .. } => "decimalkomma",
            Syntax::FrontMatterOpen => "öppen_front_matter",
            Syntax::Unreadable => "oläsbar",
        }
    }

    /// The key the message names, if any.
    pub fn key(&self) -> Option<&str> {
        match self {
            Syntax::DuplicateKey { key } | Syntax::ColonInValue { key, .. } => Some(key),
            Syntax::QuoteInside { key, .. } => key.as_deref(),
            _ => None,
        }
    }

    /// What the message quotes as written, if anything.
    pub fn written(&self) -> Option<&str> {
        match self {
            Syntax::ColonInValue { value, .. } => Some(value),
            Syntax::QuoteInside { value, .. } => value.as_deref(),
            Syntax::Indentation { written, .. } | Syntax::DecimalComma { written } => Some(written),
            _ => None,
        }
    }

    /// The quote or bracket never closed.
    pub fn character(&self) -> Option<char> {
        match self {
            Syntax::UnclosedQuote { quote } => Some(*quote),
            Syntax::UnclosedBracket { open } => Some(*open),
            _ => None,
        }
    }

    pub(super) fn message(&self) -> String {
        match self {
            Syntax::Tab => "tabbtecken i indraget".to_owned(),
            Syntax::DuplicateKey { key } => format!("nyckeln `{key}` står två gånger"),
            Syntax::QuoteInside { .. } => {
                "citattecknet inne i värdet avslutar texten för tidigt".to_owned()
            }
            Syntax::UnclosedQuote { quote } => format!("citattecknet {quote} stängs aldrig"),
            Syntax::UnclosedBracket { open } => {
                format!("`{open}` stängs aldrig med `{}`", close(*open))
            }
            Syntax::ColonInValue { key, .. } => {
                format!("värdet av `{key}` innehåller `: `, som YAML läser som en ny nyckel")
            }
            Syntax::Indentation {
                written, column, ..
            } => format!("fel indrag: `{written}` står i kolumn {column}"),
            Syntax::DecimalComma { written } => format!(
                "`{written}` läses som två belopp: {}",
                written.replace(',', " och ")
            ),
            Syntax::FrontMatterOpen => {
                "front matter stängs aldrig: raden `---` efter den saknas".to_owned()
            }
            Syntax::Unreadable => "YAML-texten kan inte läsas här".to_owned(),
        }
    }

    pub(super) fn hints(&self) -> Vec<String> {
        let one = |hint: String| vec![hint];
        match self {
            Syntax::Tab => one("YAML tillåter bara mellanslag i indrag: byt tabben mot mellanslag".into()),
            Syntax::DuplicateKey { .. } => one("ta bort den ena: bara en av dem skulle gälla".into()),
            Syntax::QuoteInside { key, value } => one(match (key, value) {
                (Some(key), Some(value)) if value.starts_with('"') => format!(
                    "skriv värdet inom enkla citattecken: {key}: '{}', eller använd typografiska citattecken ”så här”",
                    value.trim_matches('"')
                ),
                (Some(key), Some(value)) => format!(
                    "skriv '' för en apostrof inne i texten: {key}: '{}'",
                    value.trim_matches('\'').replace('\'', "''")
                ),
                _ => "ett citattecken inne i ett citerat värde avslutar det: skriv värdet inom den andra sortens citattecken".to_owned(),
            }),
            Syntax::UnclosedQuote { quote } => one(format!("avsluta värdet med {quote} på samma rad")),
            Syntax::UnclosedBracket { open } => one(format!(
                "avsluta listan med `{}`, eller skriv värdet inom citattecken om `{open}` ska vara text",
                close(*open)
            )),
            Syntax::ColonInValue { key, value } => one(format!(
                "sätt värdet inom citattecken: {key}: \"{}\"",
                value.replace('"', "\\\"")
            )),
            Syntax::Indentation { above, .. } => above
                .map(|above| format!(
                    "raden ovanför börjar i kolumn {above}: nycklar på samma nivå ska börja i samma kolumn, en underordnad nyckel längre in"
                ))
                .into_iter()
                .chain(["använd mellanslag, lika många för varje nivå".to_owned()])
                .collect(),
            Syntax::DecimalComma { written } => one(format!(
                "decimaltal skrivs med punkt i YAML: {}, eller som text: \"{written}\"",
                written.replace(',', ".")
            )),
            Syntax::FrontMatterOpen => one("avsluta nycklarna med en rad som bara innehåller `---`".into()),
            Syntax::Unreadable => one("felet kan börja tidigare: en [ eller { eller ett citattecken som aldrig stängs, eller fel indrag".into()),
        }
    }
}

/// The bracket that closes `open`.
fn close(open: char) -> char {
    if open == '[' { ']' } else { '}' }
}
