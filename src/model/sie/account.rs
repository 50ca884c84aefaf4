//! An account number as the books write it. SIE 4B §11 says a kontonummer is numeric, but it
//! is a name, not a quantity: "0930" and "930" are different accounts, and the leading zero
//! is printed. Its value places it in an account plan's ranges and orders it.

use std::fmt;

/// An account number: its text as written, and its value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Account {
    // Ordered by value first, so that accounts sort as numbers (930 before 1930).
    value: u32,
    text: String,
}

impl Account {
    /// The account written `text`: digits only, at most nine (within `u32`).
    pub fn parse(text: &str) -> Option<Account> {
        let text = text.trim();
        if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Account {
            value: text.parse().ok()?,
            text: text.to_owned(),
        })
    }

    /// Its value, for the ranges of an account plan and the BAS classes.
    pub fn value(&self) -> u32 {
        self.value
    }

    /// Its text, as written in the file.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<u32> for Account {
    fn from(value: u32) -> Account {
        Account {
            value,
            text: value.to_string(),
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// An account is the number `n` when it is written so (8999, not 08999).
impl PartialEq<u32> for Account {
    fn eq(&self, n: &u32) -> bool {
        self.value == *n && self.text.len() == n.to_string().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_zero_is_kept_and_accounts_sort_by_value() {
        let zero = Account::parse("0930").unwrap();
        let (plain, bank) = (Account::from(930), Account::from(1930));
        assert_eq!(zero.to_string(), "0930");
        assert_ne!(zero, plain);
        assert!(zero < bank);
        assert!(zero < plain);
        assert_eq!(zero.value(), 930);
        let result = Account::from(8999);
        assert!(result == 8999);
        assert!(Account::parse("08999").unwrap() != 8999);
        assert!(Account::parse("19a0").is_none());
        assert!(Account::parse("").is_none());
    }
}
