//! The web edition: the second renderer. The same narrative (after tera) and the same template
//! values as the PDF become one self-contained, accessible HTML page per document.
//!
//! The narrative's walk (made once by [`crate::walker`], written for the PDF too) becomes HTML
//! with this module's own escapes for text and attributes (raw HTML in the Markdown is shown as
//! the characters typed, never passed through); the HTML layouts (`layouts/*.html`, tera with
//! HTML escaping) place the cover facts, tables and charts; charts
//! are inline SVG drawn here; images are embedded as `data:` URIs. No script, nothing fetched.
//!
//! The module in parts: `writer` the Markdown walk's HTML and the escapes; `page` the HTML
//! layouts' [`Output`](crate::templates::Output) kind and a document's page rendered through
//! them; `contents` the heading ids and the table of contents of a finished page; `chart` the
//! SVG charts; `index` the förbund's index page of its web editions; `underlag` the Underlag
//! section made from the trail.

mod chart;
mod contents;
mod index;
mod page;
pub mod underlag;
mod writer;

pub use contents::{CONTENTS_MARK, finish};
pub use index::write_indexes;
pub use page::{Html, Page, render};
pub use writer::{Converted, data_uri, escape_attr, escape_text, to_html, write_html};

pub use crate::walker::Context;
