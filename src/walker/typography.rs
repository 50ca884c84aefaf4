//! Swedish typography for prose, the same in both editions: paired straight quotes become ”
//! and ’, an apostrophe inside a word ’, `---` an em dash and `--` an en dash.

/// Swedish typography for prose: straight quotes that pair up around words become ” and ’
/// (Swedish uses the same mark on both sides), an apostrophe inside a word becomes ’, `---` an
/// em dash and `--` an en dash. Quotes that do not stand around words (`read("/etc")`) stay.
#[derive(Debug, Default, Clone)]
pub struct Typography {
    open_double: bool,
    open_single: bool,
    previous: Option<char>,
}

impl Typography {
    /// Applies the rules to `text`, which continues the text seen so far in the same block.
    pub fn apply(&mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let replaced = match c {
                '-' if next == Some('-') => {
                    if chars.get(i + 2) == Some(&'-') {
                        i += 2;
                        '—'
                    } else {
                        i += 1;
                        '–'
                    }
                }
                '"' => quote(self.previous, next, &mut self.open_double, '”'),
                '\'' => {
                    let between_letters = self.previous.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    if between_letters {
                        '’'
                    } else {
                        quote(self.previous, next, &mut self.open_single, '’')
                    }
                }
                c => c,
            };
            out.push(replaced);
            self.previous = Some(replaced);
            i += 1;
        }
        out
    }

    /// Text that is not prose (code, a break) interrupts quotes and words.
    pub fn interrupt(&mut self, previous: Option<char>) {
        self.previous = previous;
    }
}

fn quote(previous: Option<char>, next: Option<char>, open: &mut bool, mark: char) -> char {
    let opens = previous.is_none_or(|p| p.is_whitespace() || "([{–—/".contains(p))
        && next.is_some_and(char::is_alphanumeric);
    let closes = previous.is_some_and(|p| p.is_alphanumeric() || ".,!?…%".contains(p))
        && next.is_none_or(|n| n.is_whitespace() || ".,;:!?)]}–—".contains(n));
    if *open && closes {
        *open = false;
        mark
    } else if !*open && opens {
        *open = true;
        mark
    } else if *open && opens {
        // A second opening before the first closed: keep the first open, leave this one.
        if previous.is_none() { mark } else { '"' }
    } else {
        match mark {
            '”' => '"',
            _ => '\'',
        }
    }
}
