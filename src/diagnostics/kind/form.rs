//! A value of the wrong form ([`Kind::WrongForm`](super::Kind::WrongForm)): the sentence's shape and the form expected.

/// The sentence of a value of the wrong form ([`Kind::WrongForm`](super::Kind::WrongForm)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// `` `{key}` ska vara {form}, men är {found} ``, `found` what the value is (`en lista`).
    Found {
        /// What the value is, as [`crate::yaml::Node::kind`] says it.
        found: String,
    },
    /// An item of a list: `` `{key}` ska vara {form}, men här står {found} ``.
    Item {
        /// What the item is.
        found: String,
    },
    /// A value where one of the form is needed, no key named: `{form} behövs här, men värdet
    /// är {found}`.
    Needed {
        /// What the value is.
        found: String,
    },
    /// What the sentence names in words of its own (`en rad`, `front matter`, `soliditeten`):
    /// `{subject} ska vara {form}`, and `, men är {found}` where it says what the value is.
    Subject {
        /// What should have the form.
        subject: String,
        /// What the value is, where the sentence says it.
        found: Option<String>,
    },
    /// The value quoted: `` `{key}` ska vara {form}, men är `{written}` ``.
    Quoted,
    /// A list written without its brackets (`belopp: 1, 2, 3`): `` `{key}` ska vara {form},
    /// men värdena står utan hakparenteser ``.
    Unbracketed,
    /// A key of a mapping that should be of the form: `` `{key}` ska ha {form} som nyckel,
    /// men har `{written}` ``.
    MapKey,
    /// `` `{key}` ska vara {form} ``, with `, t.ex. …` where the key has an example.
    Bare,
    /// `` `{written}` är inte {form} ``, with the form's advice (`; skriv …`) where it has
    /// one.
    Written,
    /// `` `{written}` är {no form} ``: `inget år`, `ingen soliditet`.
    No,
    /// A field of an SIE line: `` {field} `{written}` är {no form} ``: `beloppet `x` är inget
    /// tal`.
    Field {
        /// The field.
        field: SieField,
    },
}

/// A field of an SIE line ([`Shape::Field`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SieField {
    /// `beloppet`.
    Amount,
    /// `kontonumret`.
    Account,
    /// `kontrollsumman` (#KSUMMA).
    Checksum,
}

impl Shape {
    /// [`Shape::Found`] of `found`.
    pub fn found(found: &str) -> Shape {
        Shape::Found {
            found: found.to_owned(),
        }
    }
}

/// The form a value should have ([`Kind::WrongForm`](super::Kind::WrongForm)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `ett belopp`: a number or Swedish notation.
    Amount,
    /// `ett datum`: ÅÅÅÅ-MM-DD.
    Date,
    /// `en text`.
    Text,
    /// `en text eller en lista`.
    TextOrList,
    /// `en text eller år: text` (`not` of a budget's post).
    TextOrYearTexts,
    /// `en lista`.
    List,
    /// `en lista av texter`.
    Texts,
    /// `en lista av kommuner` (`fördelning`).
    Shares,
    /// `en lista av poster och grupper` (`rader`).
    Lines,
    /// `en lista med ett belopp per år ({years})`.
    AmountPerYear {
        /// How many years the budget has.
        years: usize,
    },
    /// `en lista av årtal`.
    Years,
    /// `årtal`: one item of a list of years.
    YearNumbers,
    /// `en lista av { namn, värden }` (`serier`).
    Series,
    /// `en lista av tal` (`värden`).
    Numbers,
    /// `nycklar med värden`.
    Entries,
    /// `en karta`.
    Map,
    /// `år med sina nyckeltal` (`år` of a flerårsöversikt).
    YearFigures,
    /// `true eller false`.
    Bool,
    /// `true (en rad per konto) eller false (bara grupperna)` (`konton` of the SIE data).
    AccountsBool,
    /// `ett tal`.
    Number,
    /// `ett tal, 0 eller större` (a weight of `periodisering`).
    Weight,
    /// `ett positivt heltal`.
    PositiveWhole,
    /// `en andel`.
    Share,
    /// `ingen soliditet`.
    Solidity,
    /// `inget år`, `ett år` (a key).
    Year,
    /// `en sökväg`.
    Path,
    /// `en filväg`.
    FilePath,
    /// `ett kontonummer`.
    Account,
    /// `inget konto eller kontointervall`.
    AccountOrRange,
}

impl Form {
    /// The form's name, as `form` says it.
    pub fn name(self) -> &'static str {
        match self {
            Form::Amount => "belopp",
            Form::Date => "datum",
            Form::Text => "text",
            Form::TextOrList => "text eller lista",
            Form::TextOrYearTexts => "text eller karta",
            Form::List
            | Form::Texts
            | Form::Shares
            | Form::Lines
            | Form::AmountPerYear { .. }
            | Form::Years
            | Form::Series
            | Form::Numbers => "lista",
            Form::Entries | Form::Map | Form::YearFigures => "karta",
            Form::Bool | Form::AccountsBool => "true eller false",
            Form::Number | Form::Weight => "tal",
            Form::PositiveWhole => "heltal",
            Form::Share => "andel",
            Form::Solidity => "soliditet",
            Form::Year | Form::YearNumbers => "år",
            Form::Path => "sökväg",
            Form::FilePath => "filväg",
            Form::Account => "kontonummer",
            Form::AccountOrRange => "konto eller kontointervall",
        }
    }

    /// The form as `ska vara …` says it.
    pub(super) fn phrase(self) -> String {
        let phrase = match self {
            Form::Amount => "ett belopp",
            Form::Date => "ett datum",
            Form::Text => "en text",
            Form::TextOrList => "en text eller en lista",
            Form::TextOrYearTexts => "en text eller år: text",
            Form::List => "en lista",
            Form::Texts => "en lista av texter",
            Form::Shares => "en lista av kommuner",
            Form::Lines => "en lista av poster och grupper",
            Form::AmountPerYear { years } => {
                return format!("en lista med ett belopp per år ({years})");
            }
            Form::Years => "en lista av årtal",
            Form::YearNumbers => "årtal",
            Form::Series => "en lista av { namn, värden }",
            Form::Numbers => "en lista av tal",
            Form::Entries => "nycklar med värden",
            Form::Map => "en karta",
            Form::YearFigures => "år med sina nyckeltal",
            Form::Bool => "true eller false",
            Form::AccountsBool => "true (en rad per konto) eller false (bara grupperna)",
            Form::Number => "ett tal",
            Form::Weight => "ett tal, 0 eller större",
            Form::PositiveWhole => "ett positivt heltal",
            Form::Share => "en andel",
            Form::Solidity => "en soliditet",
            Form::Year => "ett år",
            Form::Path => "en sökväg",
            Form::FilePath => "en filväg",
            Form::Account => "ett kontonummer",
            Form::AccountOrRange => "ett konto eller kontointervall",
        };
        phrase.to_owned()
    }

    /// The form as `är …` denies it: `inget år`, `ingen soliditet`.
    pub(super) fn denied(self) -> String {
        let phrase = self.phrase();
        if let Some(rest) = phrase.strip_prefix("ett ") {
            format!("inget {rest}")
        } else if let Some(rest) = phrase.strip_prefix("en ") {
            format!("ingen {rest}")
        } else {
            format!("inte {phrase}")
        }
    }

    /// How to write a value of the form, said after the message of [`Shape::Written`].
    pub(super) fn advice(self) -> Option<&'static str> {
        match self {
            Form::Amount => Some("skriv till exempel 61478, -437001, 1234.50 eller \"1 234,50\""),
            Form::Date => Some("skriv det som ÅÅÅÅ-MM-DD, t.ex. 2020-11-27"),
            _ => None,
        }
    }

    /// The example [`Shape::Bare`] gives for `key`.
    pub(super) fn example(self, key: &str) -> Option<&'static str> {
        match (self, key) {
            (Form::Years | Form::YearNumbers, "år") => Some("[2021, 2022, 2023]"),
            (Form::List, "kolumner") => Some("[budget, utfall]"),
            (Form::FilePath, "prognos") => Some("prognos.yaml"),
            (Form::Account, "konto") => Some("4010"),
            _ => None,
        }
    }
}

impl Shape {
    pub(super) fn message(&self, key: Option<&str>, written: Option<&str>, form: Form) -> String {
        let key = key.unwrap_or_default();
        let written = written.unwrap_or_default();
        let phrase = form.phrase();
        match self {
            Shape::Found { found } => format!("`{key}` ska vara {phrase}, men är {found}"),
            Shape::Item { found } => format!("`{key}` ska vara {phrase}, men här står {found}"),
            Shape::Needed { found } => format!("{phrase} behövs här, men värdet är {found}"),
            Shape::Subject {
                subject,
                found: Some(found),
            } => format!("{subject} ska vara {phrase}, men är {found}"),
            Shape::Subject {
                subject,
                found: None,
            } => format!("{subject} ska vara {phrase}"),
            Shape::Quoted => format!("`{key}` ska vara {phrase}, men är `{written}`"),
            Shape::Unbracketed => {
                format!("`{key}` ska vara {phrase}, men värdena står utan hakparenteser")
            }
            Shape::MapKey => format!("`{key}` ska ha {phrase} som nyckel, men har `{written}`"),
            Shape::Bare => match form.example(key) {
                Some(example) => format!("`{key}` ska vara {phrase}, t.ex. {example}"),
                None => format!("`{key}` ska vara {phrase}"),
            },
            Shape::Written => match form.advice() {
                Some(advice) => format!("`{written}` är inte {phrase}; {advice}"),
                None => format!("`{written}` är inte {phrase}"),
            },
            Shape::No => format!("`{written}` är {}", form.denied()),
            Shape::Field { field } => {
                let field = match field {
                    SieField::Amount => "beloppet",
                    SieField::Account => "kontonumret",
                    SieField::Checksum => "kontrollsumman",
                };
                format!("{field} `{written}` är {}", form.denied())
            }
        }
    }

    /// What the value was found to be, where the sentence says it.
    pub(super) fn found_as(&self) -> Option<&str> {
        match self {
            Shape::Found { found } | Shape::Item { found } | Shape::Needed { found } => Some(found),
            Shape::Subject { found, .. } => found.as_deref(),
            _ => None,
        }
    }
}
