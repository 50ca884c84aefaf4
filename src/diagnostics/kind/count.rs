//! Two counts that should agree and do not ([`Kind::Count`](super::Kind::Count)): a budget
//! post's amounts and `år`, a CSV row's fields and its header's, a series' values and the
//! categories.

/// What is counted ([`Kind::Count`](super::Kind::Count)), in the sentence's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counted {
    /// A budget's list of amounts: `` `{key}` har 1 belopp men `år` har 2 år ``.
    BudgetAmounts {
        /// The key of the list (`belopp`, `summa`, …).
        key: String,
    },
    /// A CSV row: `raden har 3 fält men rubrikraden har 2`.
    CsvFields {
        /// The separator of the file's fields.
        separator: char,
    },
    /// A table's series: `serien `{name}` har 2 värden men det finns 3 kategorier`.
    SeriesValues {
        /// The series' name.
        name: String,
    },
}

impl Counted {
    /// What is counted, as `vad` says it.
    pub fn noun(&self) -> &'static str {
        match self {
            Counted::BudgetAmounts { .. } => "belopp",
            Counted::CsvFields { .. } => "fält",
            Counted::SeriesValues { .. } => "värden",
        }
    }

    /// The key of a budget's list.
    pub fn key(&self) -> Option<&str> {
        match self {
            Counted::BudgetAmounts { key } => Some(key),
            _ => None,
        }
    }

    /// The name of a series.
    pub fn name(&self) -> Option<&str> {
        match self {
            Counted::SeriesValues { name } => Some(name),
            _ => None,
        }
    }

    pub(super) fn message(&self, found: usize, expected: usize) -> String {
        match self {
            Counted::BudgetAmounts { key } => {
                format!("`{key}` har {found} belopp men `år` har {expected} år")
            }
            Counted::CsvFields { .. } => {
                format!("raden har {found} fält men rubrikraden har {expected}")
            }
            Counted::SeriesValues { name } => {
                format!("serien `{name}` har {found} värden men det finns {expected} kategorier")
            }
        }
    }

    pub(super) fn hint(&self) -> Option<String> {
        match self {
            Counted::CsvFields { separator } => Some(format!(
                "fälten skiljs med `{separator}`; ett decimaltal med komma måste stå inom citattecken om fälten skiljs med komma"
            )),
            Counted::BudgetAmounts { .. } | Counted::SeriesValues { .. } => None,
        }
    }
}
