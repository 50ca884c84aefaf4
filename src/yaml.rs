//! YAML into a located tree: every value keeps its place in the file.
//!
//! serde-saphyr parses the text and tells where each value stands; we keep that place, and for
//! numbers the very text the writer typed (so that `1234.50` never passes through binary floating
//! point). The load stage reads front matter, `forbund.yaml` and data files through this tree and
//! reports every problem with `file:line:column`.
//!
//! The module in parts: `tree` the located tree and its parsing; `hints` the syntax-error
//! explainer, which turns the parser's English into a Swedish message at the line with the fix;
//! `commas` the decimal commas and bracketless lists found in the tree; `reader` the
//! [`MapReader`]. Text decoding is [`crate::decode`]'s.

mod commas;
mod hints;
mod reader;
#[cfg(test)]
mod tests;
mod tree;

pub use commas::{comma_split, decimal_comma, list_hint};
pub use hints::decimal_comma_error;
pub use reader::{MapReader, date, text_list};
pub use tree::{Key, Node, Value, parse};
