//! The names of the template values that are not a document's data: those the context gives
//! ([`CONTEXT`]) and those each renderer adds at its edge ([`EDGE`]). A data file cannot take
//! any of them; the prose's "available variables" leave out those a writer does not use.

/// The names the context stage gives values of its own: a data file of such a name would be
/// hidden behind them.
pub const CONTEXT: &[&str] = &[
    "forbund",
    "dokument",
    "data",
    "budgetar",
    "budgetkolumn",
    "standardtabeller",
    "noter",
    "flerarsoversikt",
];

/// The context's names the layouts read and a writer does not use in prose.
pub const LAYOUTS_ONLY: &[&str] = &["budgetar", "data", "standardtabeller"];

/// The name under which the web edition's context carries its charts (each `typ: tabell`
/// value and its drawing), which the layouts' `| diagram` reads.
pub const DRAWINGS: &str = "diagramritningar";

/// The names the renderers add at their edge, after the narrative: what the narrative placed
/// (both editions), `narrativ`, the PDF's `pdf_datum`, and the web edition's markers,
/// footnotes, logo, Underlag ids and drawings.
pub const EDGE: &[&str] = &[
    "placerade",
    "innehall_placerad",
    "avvikelseankare",
    "narrativ",
    "pdf_datum",
    "fotnoter",
    "logotyp_uri",
    "innehall_markor",
    "underlagsankare",
    "underlag_markor",
    DRAWINGS,
];

/// Whether a data file may not take `name` (folded to ASCII).
pub fn is_reserved(name: &str) -> bool {
    CONTEXT.contains(&name) || EDGE.contains(&name)
}
