//! A name written that is not a known one ([`Kind::UnknownName`](super::Kind::UnknownName)): what it names.

use super::*;

/// What an unknown name ([`Kind::UnknownName`](super::Kind::UnknownName)) was written for: the words of its message and
/// hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// `diagram:` of a `typ: tabell`: `okänt diagram `x``.
    Chart,
    /// `typ:` of a data file: `okänd datatyp `x``.
    DataKind,
    /// `typ:` of a front matter: `okänd dokumenttyp `x``.
    DocumentKind,
    /// A name in `kolumner:` of a resultaträkning: `okänd kolumn `x``.
    IncomeColumn,
    /// A row's amount under a column its statement does not have: `kolumnen `x` finns inte`.
    StatementColumn,
    /// A note's row, in neither the resultaträkning nor the balansräkning: `ingen rad i
    /// resultat- eller balansräkningen heter `x``.
    NoteRow,
    /// A forecast's row, not in the resultaträkning made from the books of `file`.
    ForecastRow {
        /// The SIE file, as the message names it.
        file: String,
    },
    /// `summerar: x` of a detail budget, naming no row's id: `` `summerar: x` pekar inte på
    /// någon rad med det id:t``.
    RollupId,
    /// A kommun of a budget's `medlemsbidrag: { fördelning: … }` that is not among the
    /// `medlemmar` of forbund.yaml.
    Member {
        /// Whether the member suggested is left out of `fördelning`: then the two are one
        /// mistake, said in one message.
        left_out: bool,
    },
    /// `enhet:` of a budget (`okänd enhet `x``) or of a statement (`okänd enhet`, the message
    /// naming none).
    Unit {
        /// Whether the message names the unit written.
        named: bool,
    },
    /// `status:` of a front matter: `okänd status `x``.
    Status,
    /// `kontoplan:` of the books: `okänd kontoplan `x``.
    Plan,
    /// `avsnitt:` of a group of a kontoplan: `okänt avsnitt `x` för gruppen `name``.
    Section {
        /// The group's name.
        group: String,
    },
    /// `periodisering:` of a statement: `okänd `periodisering``, the message naming none.
    Periodisation,
    /// A row's amount under a column its statement could have but does not list in
    /// `kolumner`: `kolumnen `x` finns inte i `kolumner``; no suggestion (the column is known,
    /// only not listed), the columns listed as the fix.
    UnlistedColumn,
    /// The period of a `#PSALDO` or `#PBUDGET` line of an SIE file, no month: `perioden `x` i
    /// {tag} finns inte`.
    SiePeriod {
        /// The line's tag, `#PSALDO`.
        tag: String,
    },
}

/// The hint on a `periodisering:` that cannot be read.
pub const PERIODISATION_HINT: &str = "skriv `jämn` eller en lista med tolv vikter, en per månad: [1, 1, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1, 1]";

impl Named {
    /// What the name names, as `vad` says it.
    pub fn noun(&self) -> &'static str {
        match self {
            Named::Chart => "diagram",
            Named::DataKind => "datatyp",
            Named::DocumentKind => "dokumenttyp",
            Named::IncomeColumn | Named::StatementColumn => "kolumn",
            Named::NoteRow | Named::ForecastRow { .. } => "rad",
            Named::RollupId => "id",
            Named::Member { .. } => "kommun",
            Named::Unit { .. } => "enhet",
            Named::Status => "status",
            Named::Plan => "kontoplan",
            Named::Section { .. } => "avsnitt",
            Named::Periodisation => "periodisering",
            Named::UnlistedColumn => "kolumn",
            Named::SiePeriod { .. } => "period",
        }
    }

    pub(super) fn message(&self, written: &str, suggestion: Option<&str>) -> String {
        match self {
            Named::Chart => format!("okänt diagram `{written}`"),
            Named::DataKind => format!("okänd datatyp `{written}`"),
            Named::DocumentKind => format!("okänd dokumenttyp `{written}`"),
            Named::IncomeColumn => format!("okänd kolumn `{written}`"),
            Named::StatementColumn => format!("kolumnen `{written}` finns inte"),
            Named::NoteRow => {
                format!("ingen rad i resultat- eller balansräkningen heter `{written}`")
            }
            Named::ForecastRow { file } => format!(
                "`{written}` har en prognos men resultaträkningen från {file} har ingen rad med det namnet"
            ),
            Named::RollupId => {
                format!("`summerar: {written}` pekar inte på någon rad med det id:t")
            }
            Named::Member { left_out } => {
                let message = format!(
                    "kommunen `{written}` i `fördelning` finns inte bland `medlemmar` i forbund.yaml"
                );
                match suggestion {
                    Some(member) if *left_out => {
                        format!("{message}, och medlemmen `{member}` saknas i `fördelning`")
                    }
                    _ => message,
                }
            }
            Named::Unit { named: true } => format!("okänd enhet `{written}`"),
            Named::Unit { named: false } => "okänd enhet".to_owned(),
            Named::Status => format!("okänd status `{written}`"),
            Named::Plan => format!("okänd kontoplan `{written}`"),
            Named::Section { group } => format!("okänt avsnitt `{written}` för gruppen `{group}`"),
            Named::Periodisation => "okänd `periodisering`".to_owned(),
            Named::UnlistedColumn => format!("kolumnen `{written}` finns inte i `kolumner`"),
            Named::SiePeriod { tag } => format!("perioden `{written}` i {tag} finns inte"),
        }
    }

    /// The hints of a name that had its own before it had a kind: the suggestion, where there
    /// is one, and then that hint, as it was.
    pub(super) fn hints(
        &self,
        written: &str,
        suggestion: Option<&str>,
        choices: &[String],
    ) -> Vec<String> {
        let own = match self {
            Named::Unit { .. } => "skriv kr, tkr eller mnkr".to_owned(),
            Named::Status => "skriv `utkast` eller `fastställd`".to_owned(),
            Named::Plan => {
                "skriv `bas`, `kommun-bas` eller en egen kontoplan, t.ex. `kontoplan.yaml`"
                    .to_owned()
            }
            Named::Section { .. } => format!("skriv en av: {}", choices.join(", ")),
            Named::Periodisation => PERIODISATION_HINT.to_owned(),
            Named::UnlistedColumn => {
                format!("lägg till den: kolumner: [{}, {written}]", choices.join(", "))
            }
            Named::SiePeriod { .. } => "en period skrivs ÅÅÅÅMM med månad 01–12, t.ex. 201008 för augusti 2010; exportera filen igen från bokföringssystemet".to_owned(),
            _ => return self.hint(suggestion, choices).into_iter().collect(),
        };
        suggestion
            .map(did_you_mean)
            .into_iter()
            .chain([own])
            .collect()
    }

    pub(super) fn hint(&self, suggestion: Option<&str>, choices: &[String]) -> Option<String> {
        match (self, suggestion) {
            (Named::ForecastRow { .. }, _) => Some(format!(
                "{}skriv radens namn som det står i resultaträkningen (en grupp i kontoplanen, eller ett konto med `konton: true`), eller använd `konto:`",
                suggestion
                    .map(|s| format!("{} ", did_you_mean(s)))
                    .unwrap_or_default()
            )),
            (_, Some(s)) => Some(did_you_mean(s)),
            (Named::Chart | Named::DataKind | Named::DocumentKind, None) => {
                Some(format!("skriv en av: {}", choices.join(", ")))
            }
            (Named::IncomeColumn, None) => Some(format!("kolumner: {}", choices.join(", "))),
            (Named::Member { .. }, None) => {
                Some("skriv kommunen som den står i `medlemmar`".to_owned())
            }
            (Named::StatementColumn | Named::NoteRow | Named::RollupId, None) => None,
            // Their hints are made by `hints`.
            (
                Named::Unit { .. }
                | Named::Status
                | Named::Plan
                | Named::Section { .. }
                | Named::Periodisation
                | Named::UnlistedColumn
                | Named::SiePeriod { .. },
                None,
            ) => None,
        }
    }
}
