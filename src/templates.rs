//! The template stages: the narrative as a tera template (so prose can quote data), and the
//! layouts, tera templates that produce one typst source (or, for the web edition, one HTML
//! page) per document.
//!
//! Escapes, one per language, kept automatic by tera's per-template escaping: a value that
//! tera puts into Markdown is Markdown-escaped, a value a layout puts into typst is
//! typst-escaped (into HTML, HTML-escaped). Number and date filters (`kr`, `tkr`, `mnkr`,
//! `procent`, `datum`) are the same in all. Built-in layouts are embedded in the binary; a
//! project's `layouts/` overrides them.
//!
//! The module in parts: `filters` the number and date filters and how they read their
//! arguments; `narrative` the body rendered as a tera template, with what it places, within
//! `budget`'s limits on loops and output; `messages` tera's English errors turned into located
//! Swedish ones, explained with `paths` (the tags of a template and the value paths in them,
//! followed through the values); `layouts` the generic [`Layouts`] of an [`Output`] kind (typst
//! here, HTML in [`crate::html`]) and the placements rendered through them.

mod budget;
mod filters;
mod layouts;
mod messages;
mod narrative;
mod paths;
#[cfg(test)]
mod tests;

pub use budget::{LIMITS, Limits};
pub use layouts::{BUILTIN_LAYOUTS, Layouts, Output, Typst};
pub use messages::FUNCTIONS;
pub use narrative::{DataFiles, Narrative, render_narrative};

pub use crate::text::fold_ascii;

// The budget's tests render with the narrative's escape.
#[cfg(test)]
use narrative::escape_for_markdown;
