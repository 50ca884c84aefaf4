//! The archive edition: a PDF that carries its own sources, and `verifiera`, which proves it.
//!
//! `build --arkiv` (or `arkiv: true`) attaches every file the build read (index.md, data files,
//! SIE and CSV files, forbund.yaml, images) and the project's own layouts and fonts to a
//! PDF/A-3a, under their paths from the project root, with the figures JSON beside them
//! ([`crate::render::attach`]; the PDF renderer appends the markup to the generated source).
//! `verifiera` takes such a PDF alone, writes its sources into a temporary project, builds the
//! document again and compares: the same bytes, or which pages and which figures differ
//! ([`verify`]).

pub mod verify;
