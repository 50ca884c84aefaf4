//! What a diagnostic is about, with its figures as data: the Swedish text of a kind is made
//! here and nowhere else, and tests (through `check --meddelanden=json`) compare the kind and
//! its figures rather than substrings of the text.
//!
//! Only the figures that disagree (and the totals that miss their value), the unknown key, the
//! unknown name, the missing key and the value of the wrong form have kinds so far; every other
//! diagnostic is [`Kind::Other`], its text written where it is raised.

use rust_decimal::Decimal;

use crate::money::{self, Unit};

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
    /// Anything else: the message is the diagnostic's text as written where it was raised.
    Other,
}

/// The sentence of a value of the wrong form ([`Kind::WrongForm`]).
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

/// The form a value should have ([`Kind::WrongForm`]).
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
    fn phrase(self) -> String {
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
    fn denied(self) -> String {
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
    fn advice(self) -> Option<&'static str> {
        match self {
            Form::Amount => Some("skriv till exempel 61478, -437001, 1234.50 eller \"1 234,50\""),
            Form::Date => Some("skriv det som ÅÅÅÅ-MM-DD, t.ex. 2020-11-27"),
            _ => None,
        }
    }

    /// The example [`Shape::Bare`] gives for `key`.
    fn example(self, key: &str) -> Option<&'static str> {
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
    fn message(&self, key: Option<&str>, written: Option<&str>, form: Form) -> String {
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
    fn found_as(&self) -> Option<&str> {
        match self {
            Shape::Found { found } | Shape::Item { found } | Shape::Needed { found } => Some(found),
            Shape::Subject { found, .. } => found.as_deref(),
            _ => None,
        }
    }
}

/// What sums to the wrong total ([`Kind::Total`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totalled {
    /// A voucher (#VER) of an SIE file, its rows' amounts: 0.
    Voucher,
    /// The opening balances (#IB) of an SIE file: 0 (a warning: last year's result not yet
    /// booked).
    OpeningBalances,
    /// The shares (`andel`) of `fördelning`: 1, 100 %.
    Shares,
}

impl Totalled {
    /// What is summed, as `vad` says it.
    pub fn noun(self) -> &'static str {
        match self {
            Totalled::Voucher => "verifikation",
            Totalled::OpeningBalances => "ingående balanser",
            Totalled::Shares => "andelar",
        }
    }

    /// What the sum should be.
    pub fn target(self) -> Decimal {
        match self {
            Totalled::Voucher | Totalled::OpeningBalances => Decimal::ZERO,
            Totalled::Shares => Decimal::ONE,
        }
    }

    fn message(self, sum: Decimal) -> String {
        match self {
            Totalled::Voucher => format!(
                "verifikationen balanserar inte: summan är {} i stället för 0",
                shown(sum, Unit::Kr)
            ),
            Totalled::OpeningBalances => format!(
                "ingående balanser summerar till {}, inte 0",
                shown(sum, Unit::Kr)
            ),
            Totalled::Shares => format!(
                "andelarna i `fördelning` summerar till {}, inte 100\u{a0}%",
                percent(sum)
            ),
        }
    }

    fn hint(self, sum: Decimal) -> String {
        match self {
            Totalled::Voucher => "debet och kredit i en verifikation ska ta ut varandra".to_owned(),
            Totalled::OpeningBalances => "oftast förra årets resultat som ännu inte bokförts; det visas som en egen rad under eget kapital".to_owned(),
            Totalled::Shares => format!(
                "kommunernas andelar av sin fjärdedel ska tillsammans bli 1 (100\u{a0}%); {} {}",
                if sum > Decimal::ONE {
                    "minska med"
                } else {
                    "öka med"
                },
                percent((Decimal::ONE - sum).abs())
            ),
        }
    }
}

/// A fraction as a percentage with the decimals it has: `0.305` as `30,5 %`.
pub fn percent(fraction: Decimal) -> String {
    let p = (fraction * Decimal::ONE_HUNDRED).normalize();
    money::format_percent(fraction, p.scale())
}

/// What lacks a key ([`Kind::MissingKey`]): the subject of its sentence, how it writes the key
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
    fn written(&self, key: &str, alone: bool) -> String {
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
            _ => "",
        };
        format!("`{key}{}`{after}", if colon { ":" } else { "" })
    }

    fn message(&self, key: &str, alternatives: &[String]) -> String {
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
        };
        let alone = alternatives.is_empty();
        let keys: Vec<String> = std::iter::once(key)
            .chain(alternatives.iter().map(String::as_str))
            .map(|k| self.written(k, alone))
            .collect();
        format!("{subject} saknar {}", keys.join(" eller "))
    }

    fn hint(&self, key: &str, alternatives: &[String], choices: &[String]) -> Option<String> {
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
            (Missing::ForecastRow, _) => {
                "skriv `konto: 4010` eller `post:` med radens namn som det står i resultaträkningen"
            }
            _ => return None,
        };
        Some(hint.to_owned())
    }
}

/// What an unknown name ([`Kind::UnknownName`]) was written for: the words of its message and
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

    fn message(&self, written: &str, suggestion: Option<&str>) -> String {
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
    fn hints(&self, written: &str, suggestion: Option<&str>, choices: &[String]) -> Vec<String> {
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

    fn hint(&self, suggestion: Option<&str>, choices: &[String]) -> Option<String> {
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
    /// value of the wrong form), amounts as exact decimal strings.
    pub fn json_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut fields = serde_json::Map::new();
        if let Kind::Total { what, sum } = self {
            let (scale, unit) = match what {
                Totalled::Shares => (Decimal::ONE_HUNDRED, "%"),
                Totalled::Voucher | Totalled::OpeningBalances => (Decimal::ONE, Unit::Kr.label()),
            };
            let (expected, computed) = (what.target() * scale, *sum * scale);
            fields.insert("slag".into(), "skillnad".into());
            fields.insert("vad".into(), what.noun().into());
            fields.insert("väntat".into(), expected.normalize().to_string().into());
            fields.insert("beräknat".into(), computed.normalize().to_string().into());
            fields.insert(
                "skillnad".into(),
                (expected - computed).normalize().to_string().into(),
            );
            fields.insert("enhet".into(), unit.into());
            return fields;
        }
        if let Kind::MissingKey {
            what,
            key,
            alternatives,
            choices,
        } = self
        {
            fields.insert("slag".into(), "saknad_nyckel".into());
            fields.insert("vad".into(), what.noun().into());
            fields.insert("namn".into(), what.name().into());
            fields.insert("nyckel".into(), key.as_str().into());
            fields.insert("eller".into(), alternatives.clone().into());
            fields.insert("val".into(), choices.clone().into());
            return fields;
        }
        if let Kind::UnknownName {
            what,
            written,
            suggestion,
            choices,
        } = self
        {
            fields.insert("slag".into(), "okänt_namn".into());
            fields.insert("vad".into(), what.noun().into());
            fields.insert("skrivet".into(), written.as_str().into());
            fields.insert("förslag".into(), suggestion.as_deref().into());
            fields.insert("val".into(), choices.clone().into());
            return fields;
        }
        if let Kind::WrongForm {
            what,
            key,
            written,
            expected,
        } = self
        {
            fields.insert("slag".into(), "fel_form".into());
            fields.insert("form".into(), expected.name().into());
            fields.insert("nyckel".into(), key.as_deref().into());
            fields.insert("skrivet".into(), written.as_deref().into());
            fields.insert("funnet".into(), what.found_as().into());
            return fields;
        }
        if let Kind::UnknownKey {
            key,
            known_in,
            suggestion,
        } = self
        {
            fields.insert("slag".into(), "okänd_nyckel".into());
            fields.insert("nyckel".into(), key.as_str().into());
            fields.insert("vad".into(), known_in.as_str().into());
            fields.insert("förslag".into(), suggestion.as_deref().into());
            return fields;
        }
        let (name, figures) = match self {
            Kind::Mismatch {
                what,
                expected,
                computed,
                unit,
            } => ("fel_summa", Some((what, expected, computed, unit))),
            Kind::Difference {
                what,
                expected,
                computed,
                unit,
            } => ("skillnad", Some((what, expected, computed, unit))),
            Kind::UnknownKey { .. }
            | Kind::UnknownName { .. }
            | Kind::MissingKey { .. }
            | Kind::Total { .. }
            | Kind::WrongForm { .. }
            | Kind::Other => ("övrigt", None),
        };
        fields.insert("slag".into(), name.into());
        if let Some((what, expected, computed, unit)) = figures {
            fields.insert("vad".into(), what.as_str().into());
            fields.insert("väntat".into(), expected.to_string().into());
            fields.insert("beräknat".into(), computed.to_string().into());
            fields.insert("skillnad".into(), (expected - computed).to_string().into());
            fields.insert("enhet".into(), unit.label().into());
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
