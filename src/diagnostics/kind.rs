//! What a diagnostic is about, with its figures as data: the Swedish text of a kind is made
//! here and nowhere else, and tests (through `check --meddelanden=json`) compare the kind and
//! its figures rather than substrings of the text.
//!
//! Only the figures that disagree (and the totals that miss their value), the unknown key, the
//! unknown name, the missing key, the value of the wrong form, the YAML syntax error, the
//! missing file, the encoding and the counts that disagree have kinds so far; every other
//! diagnostic is [`Kind::Other`], its text written where it is raised.

use rust_decimal::Decimal;

use crate::money::{self, Unit};

mod count;
mod file;
mod form;
mod missing;
mod named;
mod syntax;
mod template;
mod total;

pub use count::Counted;
pub use file::Encoding;
pub use form::{Form, Shape, SieField};
pub use missing::{BOARD_MEMBER_HINT, Missing};
pub use named::{Named, PERIODISATION_HINT};
pub use syntax::Syntax;
pub use template::Template;
pub use total::{Totalled, percent};

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A figure written or expected is not the one computed: `{what}: väntat X, beräknat Y`.
    Mismatch {
        /// What disagrees, e.g. `summa kostnader 2020`.
        what: String,
        /// What the file says.
        expected: Decimal,
        /// What was computed.
        computed: Decimal,
        /// The unit both are in.
        unit: Unit,
    },
    /// Two figures that should agree do not, the message saying both in its own words:
    /// `{what}, skillnad Z`, Z the expected less the computed.
    Difference {
        /// What disagrees, with both figures, e.g. `kassaflödesanalysen 2019: årets kassaflöde
        /// … är inte förändringen av likvida medel …`.
        what: String,
        /// The one side.
        expected: Decimal,
        /// The side it is compared with.
        computed: Decimal,
        /// The unit both are in.
        unit: Unit,
    },
    /// A key that is not one of those known where it is written: `okänd nyckel `{key}` i
    /// {known_in}`, with the nearest known key, if one is near enough, as the fix (its hint,
    /// [`did_you_mean`]).
    UnknownKey {
        /// The key as written.
        key: String,
        /// Where it was written, as the message says it: `front matter`, `en post`, `budgeten`.
        known_in: String,
        /// The nearest known key, if the key looks like a misspelling of it.
        suggestion: Option<String>,
    },
    /// A name that is not one of those known for it (a chart, a column, a row, …), with the
    /// nearest known name, if one is near enough, as the fix: message and hint in the words of
    /// [`Named`].
    UnknownName {
        /// What the name names.
        what: Named,
        /// The name as written.
        written: String,
        /// The nearest known name, if the name looks like a misspelling of it.
        suggestion: Option<String>,
        /// The names known there.
        choices: Vec<String>,
    },
    /// A key that must be written and is not: `{what} saknar `{key}``, or `… saknar `{key}`
    /// eller `{alternative}`` where any of them would do; message and hint in the words of
    /// [`Missing`].
    MissingKey {
        /// What lacks the key.
        what: Missing,
        /// The key, without its colon.
        key: String,
        /// The keys that would do instead of it (`post` for `konto`), none for most.
        alternatives: Vec<String>,
        /// The values the key can take, where there is a list of them (`typ`), for the hint.
        choices: Vec<String>,
    },
    /// A total with a value of its own that it does not reach (a voucher's debet and kredit
    /// sum to 0, the shares of `fördelning` to 100 %): the message in the words of
    /// [`Totalled`], the figures as for [`Kind::Difference`].
    Total {
        /// What is summed.
        what: Totalled,
        /// What it sums to (a fraction for shares: 0.9 for 90 %).
        sum: Decimal,
    },
    /// A value of the wrong form or type (a text where an amount goes, a scalar where a list
    /// goes, a date not written ÅÅÅÅ-MM-DD): the sentence in the words of [`Shape`], the form
    /// in those of [`Form`].
    WrongForm {
        /// The shape of the sentence, with what was found where it says it.
        what: Shape,
        /// The key whose value it is, where the sentence names one.
        key: Option<String>,
        /// The value as written, where the sentence quotes it.
        written: Option<String>,
        /// The form the value should have.
        expected: Form,
    },
    /// A YAML text that cannot be read as written (a tab in the indentation, a key twice, a
    /// quote that ends a value early, indentation, a decimal comma, front matter never
    /// closed): message and hints in the words of [`Syntax`].
    Syntax {
        /// The mistake's shape, with what the message quotes of it.
        what: Syntax,
    },
    /// A file named that does not exist: `filen `{written}` finns inte (sökt i
    /// {searched_in})`, with a file beside it whose name is near, if there is one, as the fix.
    MissingFile {
        /// The path as written.
        written: String,
        /// The folder searched, from the project root.
        searched_in: String,
        /// The name of a file in that folder that differs only in case or by one letter.
        suggestion: Option<String>,
    },
    /// A file not saved as UTF-8 (read as Windows-1252, a warning), or not readable as text:
    /// message and hint in the words of [`Encoding`].
    Encoding {
        /// What is wrong with the encoding.
        what: Encoding,
    },
    /// Two counts that should agree do not (a budget post's amounts and `år`, a CSV row's
    /// fields and its header's): message and hint in the words of [`Counted`].
    Count {
        /// What is counted.
        what: Counted,
        /// How many there are.
        found: usize,
        /// How many there should be.
        expected: usize,
    },
    /// A budget's cost written as a negative amount (a warning): ``kostnaden `{post}` {year} är
    /// negativ``.
    NegativeCost {
        /// The post.
        post: String,
        /// The year of the amount.
        year: i32,
        /// The amount as written.
        amount: Decimal,
    },
    /// A narrative's template asks for what is not there: message in the words of
    /// [`Template`]; the hints, which read the values, come from where it is raised.
    Template {
        /// What it asked for.
        what: Template,
    },
    /// Anything else: the message is the diagnostic's text as written where it was raised.
    Other,
}

impl Kind {
    /// The message of a kind that makes its own (`None` for [`Kind::Other`]).
    pub fn message(&self) -> Option<String> {
        match self {
            Kind::Mismatch {
                what,
                expected,
                computed,
                unit,
            } => Some(format!("{what}: {}", said(*expected, *computed, *unit))),
            Kind::Difference {
                what,
                expected,
                computed,
                unit,
            } => Some(format!(
                "{what}, {}",
                difference(*expected, *computed, *unit)
            )),
            Kind::UnknownKey { key, known_in, .. } => {
                Some(format!("okänd nyckel `{key}` i {known_in}"))
            }
            Kind::UnknownName {
                what,
                written,
                suggestion,
                ..
            } => Some(what.message(written, suggestion.as_deref())),
            Kind::MissingKey {
                what,
                key,
                alternatives,
                ..
            } => Some(what.message(key, alternatives)),
            Kind::Total { what, sum } => Some(what.message(*sum)),
            Kind::WrongForm {
                what,
                key,
                written,
                expected,
            } => Some(what.message(key.as_deref(), written.as_deref(), *expected)),
            Kind::Syntax { what } => Some(what.message()),
            Kind::MissingFile {
                written,
                searched_in,
                ..
            } => Some(file::missing_message(written, searched_in)),
            Kind::Encoding { what } => Some(what.message()),
            Kind::Count {
                what,
                found,
                expected,
            } => Some(what.message(*found, *expected)),
            Kind::Template { what } => Some(what.message()),
            Kind::NegativeCost { post, year, .. } => {
                Some(format!("kostnaden `{post}` {year} är negativ"))
            }
            Kind::Other => None,
        }
    }

    /// The hints a kind makes itself (only [`Kind::UnknownName`] and [`Kind::MissingKey`] so
    /// far): its suggestion, and what to write instead.
    pub fn hints(&self) -> Vec<String> {
        match self {
            Kind::UnknownName {
                what,
                written,
                suggestion,
                choices,
            } => what.hints(written, suggestion.as_deref(), choices),
            Kind::MissingKey {
                what,
                key,
                alternatives,
                choices,
            } => what.hint(key, alternatives, choices).into_iter().collect(),
            Kind::Total { what, sum } => vec![what.hint(*sum)],
            Kind::Syntax { what } => what.hints(),
            Kind::MissingFile { suggestion, .. } => suggestion
                .as_deref()
                .map(did_you_mean)
                .into_iter()
                .collect(),
            Kind::Encoding { what } => vec![what.hint()],
            Kind::Count { what, .. } => what.hint().into_iter().collect(),
            Kind::NegativeCost { .. } => vec![
                "kostnader skrivs som positiva belopp; en intäkt hör hemma under `intäkter`"
                    .to_owned(),
            ],
            _ => Vec::new(),
        }
    }

    /// `` `{key}` ska vara {expected}, men är {found} ``.
    pub fn wrong_form(expected: Form, key: &str, found: &str) -> Kind {
        Kind::WrongForm {
            what: Shape::found(found),
            key: Some(key.to_owned()),
            written: None,
            expected,
        }
    }

    /// `` `{key}` ska vara {expected} `` (with its example, where it has one).
    pub fn wrong_form_bare(expected: Form, key: &str) -> Kind {
        Kind::WrongForm {
            what: Shape::Bare,
            key: Some(key.to_owned()),
            written: None,
            expected,
        }
    }

    /// `written` (in the sentence of `what`, [`Shape::Written`], [`Shape::No`],
    /// [`Shape::Quoted`] or [`Shape::MapKey`]) is not of the form `expected`.
    pub fn wrong_written(what: Shape, expected: Form, key: Option<&str>, written: &str) -> Kind {
        Kind::WrongForm {
            what,
            key: key.map(str::to_owned),
            written: Some(written.to_owned()),
            expected,
        }
    }

    /// `what` lacks `key`.
    pub fn missing_key(what: Missing, key: &str) -> Kind {
        Kind::missing_keys(what, key, &[])
    }

    /// `what` lacks `key` and every one of `alternatives`, any of which would do.
    pub fn missing_keys(what: Missing, key: &str, alternatives: &[&str]) -> Kind {
        Kind::MissingKey {
            what,
            key: key.to_owned(),
            alternatives: alternatives.iter().map(|&a| a.to_owned()).collect(),
            choices: Vec::new(),
        }
    }

    /// `what` lacks `key`, which takes one of `choices`.
    pub fn missing_choice<'a>(
        what: Missing,
        key: &str,
        choices: impl IntoIterator<Item = &'a str>,
    ) -> Kind {
        Kind::MissingKey {
            what,
            key: key.to_owned(),
            alternatives: Vec::new(),
            choices: choices.into_iter().map(str::to_owned).collect(),
        }
    }

    /// The name `written` for `what`, not among `choices` (each kept once, in its first
    /// place), with the nearest of them as its suggestion ([`super::nearest`]).
    pub fn unknown_name<'a>(
        what: Named,
        written: &str,
        choices: impl IntoIterator<Item = &'a str>,
    ) -> Kind {
        let mut seen = std::collections::BTreeSet::new();
        let choices: Vec<&str> = choices.into_iter().filter(|c| seen.insert(*c)).collect();
        Kind::UnknownName {
            what,
            written: written.to_owned(),
            suggestion: super::nearest(written, choices.iter().copied()).map(str::to_owned),
            choices: choices.into_iter().map(str::to_owned).collect(),
        }
    }

    /// The kind's name and figures as JSON fields (`slag`, and `vad`, `väntat`, `beräknat`,
    /// `skillnad`, `enhet` where it has them; `nyckel`, `vad` and `förslag`, `null` without
    /// one, for an unknown key; `vad`, `skrivet`, `förslag` and `val`, the names known, for an
    /// unknown name; `vad`, `namn` (of what lacks it, `null` where the message names none),
    /// `nyckel`, `eller`, the keys that would do instead, and `val`, the values it takes, for a
    /// missing key; for a total, the fields of a difference, `vad` what is summed and shares in
    /// per cent, `enhet` `%`; `form`, the form expected, `nyckel`, `skrivet`, the value as
    /// written, and `funnet`, what the value is, each `null` where the message says none, for a
    /// value of the wrong form; `vad`, the shape's short name, `nyckel` and `skrivet`, each
    /// `null` where the message quotes none, `tecken`, the quote or bracket never closed, and
    /// `kolumn_ovanför` for wrong indentation, for a YAML syntax error; `skrivet`, `sökt_i` and
    /// `förslag` for a missing file; `vad` and, for a stray byte, `byte`, `exempel` and
    /// `exempel_rad` for an encoding; `vad`, `nyckel` (of a budget's list), `namn` (of a
    /// series), each `null` where the message names none, `antal` and `väntat_antal` for two
    /// counts that disagree), amounts as exact decimal strings.
    pub fn json_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::Value;
        let mut fields = serde_json::Map::new();
        let mut put = |key: &str, value: Value| {
            fields.insert(key.to_owned(), value);
        };
        // A figure that should be `expected` and is `computed`, in `unit`.
        fn figures(
            put: &mut impl FnMut(&str, Value),
            [expected, computed, difference]: [String; 3],
            unit: &str,
        ) {
            put("väntat", expected.into());
            put("beräknat", computed.into());
            put("skillnad", difference.into());
            put("enhet", unit.into());
        }
        match self {
            Kind::Mismatch {
                what,
                expected,
                computed,
                unit,
            }
            | Kind::Difference {
                what,
                expected,
                computed,
                unit,
            } => {
                let slag = match self {
                    Kind::Mismatch { .. } => "fel_summa",
                    _ => "skillnad",
                };
                put("slag", slag.into());
                put("vad", what.as_str().into());
                figures(
                    &mut put,
                    [expected, computed, &(expected - computed)].map(Decimal::to_string),
                    unit.label(),
                );
            }
            Kind::Total { what, sum } => {
                let (scale, unit) = match what {
                    Totalled::Shares => (Decimal::ONE_HUNDRED, "%"),
                    Totalled::Voucher | Totalled::OpeningBalances => {
                        (Decimal::ONE, Unit::Kr.label())
                    }
                };
                let (expected, computed) = (what.target() * scale, *sum * scale);
                put("slag", "skillnad".into());
                put("vad", what.noun().into());
                figures(
                    &mut put,
                    [expected, computed, expected - computed].map(|d| d.normalize().to_string()),
                    unit,
                );
            }
            Kind::UnknownKey {
                key,
                known_in,
                suggestion,
            } => {
                put("slag", "okänd_nyckel".into());
                put("nyckel", key.as_str().into());
                put("vad", known_in.as_str().into());
                put("förslag", suggestion.as_deref().into());
            }
            Kind::UnknownName {
                what,
                written,
                suggestion,
                choices,
            } => {
                put("slag", "okänt_namn".into());
                put("vad", what.noun().into());
                put("skrivet", written.as_str().into());
                put("förslag", suggestion.as_deref().into());
                put("val", choices.clone().into());
            }
            Kind::MissingKey {
                what,
                key,
                alternatives,
                choices,
            } => {
                put("slag", "saknad_nyckel".into());
                put("vad", what.noun().into());
                put("namn", what.name().into());
                put("nyckel", key.as_str().into());
                put("eller", alternatives.clone().into());
                put("val", choices.clone().into());
            }
            Kind::WrongForm {
                what,
                key,
                written,
                expected,
            } => {
                put("slag", "fel_form".into());
                put("form", expected.name().into());
                put("nyckel", key.as_deref().into());
                put("skrivet", written.as_deref().into());
                put("funnet", what.found_as().into());
            }
            Kind::Syntax { what } => {
                put("slag", "syntax".into());
                put("vad", what.name().into());
                put("nyckel", what.key().into());
                put("skrivet", what.written().into());
                if let Some(c) = what.character() {
                    put("tecken", c.to_string().into());
                }
                if let Syntax::Indentation { above, .. } = what {
                    put("kolumn_ovanför", (*above).into());
                }
            }
            Kind::MissingFile {
                written,
                searched_in,
                suggestion,
            } => {
                put("slag", "saknad_fil".into());
                put("skrivet", written.as_str().into());
                put("sökt_i", searched_in.as_str().into());
                put("förslag", suggestion.as_deref().into());
            }
            Kind::Encoding { what } => {
                put("slag", "teckenkodning".into());
                put("vad", what.name().into());
                what.json_fields(&mut fields);
            }
            Kind::Count {
                what,
                found,
                expected,
            } => {
                put("slag", "fel_antal".into());
                put("vad", what.noun().into());
                put("nyckel", what.key().into());
                put("namn", what.name().into());
                put("antal", (*found).into());
                put("väntat_antal", (*expected).into());
            }
            Kind::NegativeCost { post, year, amount } => {
                put("slag", "negativ_kostnad".into());
                put("namn", post.as_str().into());
                put("år", (*year).into());
                put("belopp", amount.normalize().to_string().into());
            }
            Kind::Template { what } => {
                put("slag", "mall".into());
                put("vad", what.noun().into());
                put("namn", what.name().into());
                put("i", what.owner().into());
            }
            Kind::Other => put("slag", "övrigt".into()),
        }
        fields
    }
}

/// The fix of a misspelt word: `menade du `{word}`?`.
pub fn did_you_mean(word: &str) -> String {
    format!("menade du `{word}`?")
}

/// An amount as written in messages: `82 240 tkr`.
pub fn shown(value: Decimal, unit: Unit) -> String {
    let decimals = if value.fract().is_zero() { 0 } else { 2 };
    format!(
        "{}\u{a0}{}",
        money::format_number(value, decimals),
        unit.label()
    )
}

/// `väntat X, beräknat Y`.
pub fn said(expected: Decimal, computed: Decimal, unit: Unit) -> String {
    format!(
        "väntat {}, beräknat {}",
        shown(expected, unit),
        shown(computed, unit)
    )
}

/// `skillnad Z`, Z the expected less the computed.
pub fn difference(expected: Decimal, computed: Decimal, unit: Unit) -> String {
    format!("skillnad {}", shown(expected - computed, unit))
}
