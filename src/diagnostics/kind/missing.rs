//! A key missing ([`Kind::MissingKey`](super::Kind::MissingKey)): what lacks it, in the sentence's own words.

/// What lacks a key ([`Kind::MissingKey`](super::Kind::MissingKey)): the subject of its sentence, how it writes the key
/// and its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A data file with `typ: sie`: `` `typ: sie` saknar `fil:` (SIE-filen)``.
    SieData,
    /// A data file: `datafilen saknar `typ``.
    DataFile,
    /// A document's front matter: `front matter saknar `typ``.
    FrontMatter,
    /// forbund.yaml: `forbund.yaml saknar `namn``.
    Organisation,
    /// forbund.yaml, where the document has `underskrifter`: `` `underskrifter` kräver en
    /// styrelse: forbund.yaml saknar `styrelse` ``.
    Signatures,
    /// One of `styrelse` in forbund.yaml: `ledamoten saknar `namn``.
    BoardMember,
    /// A kommun of `fördelning`: `en kommun i `fördelning` saknar `kommun:``.
    Share,
    /// A budget: `budgeten saknar `år``.
    Budget,
    /// A budget's post: `posten `x` saknar `belopp``.
    BudgetPost {
        /// The post's name.
        name: String,
    },
    /// A group of rows: `gruppen `x` saknar `rader``.
    Group {
        /// The group's name.
        name: String,
    },
    /// A kontoplan: `kontoplanen saknar `grupper:``.
    Plan,
    /// A group of a kontoplan: `gruppen `x` saknar `konton:` (en lista) eller `grupper:``.
    PlanGroup {
        /// The group's name.
        name: String,
    },
    /// A forecast file: `prognosfilen saknar `rader:` (en lista)`.
    Forecast,
    /// A forecast's row of a post: `raden för `x` saknar `prognos:``.
    ForecastPost {
        /// The post's name.
        name: String,
    },
    /// A forecast's row of an account: `raden för konto 4010 saknar `prognos:``.
    ForecastAccount {
        /// The account's number.
        account: String,
    },
    /// A forecast's row of neither: `raden saknar `konto:` eller `post:``.
    ForecastRow,
    /// A series of a table: `serien `x` saknar `värden``.
    Series {
        /// The series' name.
        name: String,
    },
    /// A document without `datum` (a warning): `dokumentet saknar `datum`: PDF-filen dateras
    /// 2000-01-01`.
    Document,
}

/// The hint on a ledamot of `styrelse` that is missing or written wrong.
pub const BOARD_MEMBER_HINT: &str = "skriv `{ namn: ..., roll: ..., utsedd_av: ... }`";

impl Missing {
    /// What lacks the key, as `vad` says it.
    pub fn noun(&self) -> &'static str {
        match self {
            Missing::SieData | Missing::DataFile => "datafil",
            Missing::FrontMatter => "front matter",
            Missing::Organisation | Missing::Signatures => "forbund.yaml",
            Missing::BoardMember => "ledamot",
            Missing::Share => "kommun",
            Missing::Budget => "budget",
            Missing::BudgetPost { .. } => "post",
            Missing::Group { .. } | Missing::PlanGroup { .. } => "grupp",
            Missing::Plan => "kontoplan",
            Missing::Forecast => "prognosfil",
            Missing::ForecastPost { .. }
            | Missing::ForecastAccount { .. }
            | Missing::ForecastRow => "rad",
            Missing::Series { .. } => "serie",
            Missing::Document => "dokument",
        }
    }

    /// The name of what lacks the key, where the sentence names it.
    pub fn name(&self) -> Option<&str> {
        match self {
            Missing::BudgetPost { name }
            | Missing::Group { name }
            | Missing::PlanGroup { name }
            | Missing::Series { name }
            | Missing::ForecastPost { name }
            | Missing::ForecastAccount { account: name } => Some(name),
            _ => None,
        }
    }

    /// `key` as the sentence writes it: `` `fil:` (SIE-filen)`` (the keys of the SIE files'
    /// companions with their colon), `` `år` ``.
    pub(super) fn written(&self, key: &str, alone: bool) -> String {
        let colon = match self {
            Missing::SieData
            | Missing::Plan
            | Missing::PlanGroup { .. }
            | Missing::Forecast
            | Missing::ForecastPost { .. }
            | Missing::ForecastAccount { .. }
            | Missing::ForecastRow => true,
            Missing::Share => alone,
            _ => false,
        };
        let after = match (self, key) {
            (Missing::SieData, _) => " (SIE-filen)",
            (Missing::PlanGroup { .. }, "konton") | (Missing::Forecast, _) => " (en lista)",
            (Missing::Budget, "ingående_eget_kapital") => ": det räknas som 0",
            (Missing::Document, "datum") => ": PDF-filen dateras 2000-01-01",
            _ => "",
        };
        format!("`{key}{}`{after}", if colon { ":" } else { "" })
    }

    pub(super) fn message(&self, key: &str, alternatives: &[String]) -> String {
        let subject = match self {
            Missing::SieData => "`typ: sie`".to_owned(),
            Missing::DataFile => "datafilen".to_owned(),
            Missing::FrontMatter => "front matter".to_owned(),
            Missing::Organisation => "forbund.yaml".to_owned(),
            Missing::Signatures => "`underskrifter` kräver en styrelse: forbund.yaml".to_owned(),
            Missing::BoardMember => "ledamoten".to_owned(),
            Missing::Share => "en kommun i `fördelning`".to_owned(),
            Missing::Budget => "budgeten".to_owned(),
            Missing::BudgetPost { name } => format!("posten `{name}`"),
            Missing::Group { name } | Missing::PlanGroup { name } => format!("gruppen `{name}`"),
            Missing::Plan => "kontoplanen".to_owned(),
            Missing::Forecast => "prognosfilen".to_owned(),
            Missing::ForecastPost { name } => format!("raden för `{name}`"),
            Missing::ForecastAccount { account } => format!("raden för konto {account}"),
            Missing::ForecastRow => "raden".to_owned(),
            Missing::Series { name } => format!("serien `{name}`"),
            Missing::Document => "dokumentet".to_owned(),
        };
        let alone = alternatives.is_empty();
        let keys: Vec<String> = std::iter::once(key)
            .chain(alternatives.iter().map(String::as_str))
            .map(|k| self.written(k, alone))
            .collect();
        format!("{subject} saknar {}", keys.join(" eller "))
    }

    pub(super) fn hint(
        &self,
        key: &str,
        alternatives: &[String],
        choices: &[String],
    ) -> Option<String> {
        let hint = match (self, key) {
            (Missing::DataFile | Missing::FrontMatter, _) if !choices.is_empty() => {
                return Some(format!("skriv en av: {}", choices.join(", ")));
            }
            (Missing::Signatures, _) => {
                "lägg till `styrelse: [{ namn: ..., roll: ordförande, utsedd_av: ... }]` i forbund.yaml"
            }
            (Missing::BoardMember, _) => BOARD_MEMBER_HINT,
            (Missing::Share, _) if !alternatives.is_empty() => {
                "skriv `invånare: 70000` eller `andel: 0.6` (eller `andel: 60 %`)"
            }
            (Missing::Share, "kommun") => "skriv kommunens namn, t.ex. `kommun: Mölndals stad`",
            (Missing::Budget, "år") => "skriv t.ex. `år: [2021, 2022, 2023]`",
            (Missing::Budget, "ingående_eget_kapital") => {
                "skriv eget kapital vid första årets början, t.ex. `ingående_eget_kapital: 16900` (i budgetens enhet), eller 0"
            }
            (Missing::Forecast, _) => "skriv t.ex. `rader: [{ konto: 4010, prognos: -12500000 }]`",
            (Missing::Document, "datum") => {
                "skriv `datum: ÅÅÅÅ-MM-DD` i front matter, eller sätt SOURCE_DATE_EPOCH"
            }
            (Missing::ForecastRow, _) => {
                "skriv `konto: 4010` eller `post:` med radens namn som det står i resultaträkningen"
            }
            _ => return None,
        };
        Some(hint.to_owned())
    }
}
