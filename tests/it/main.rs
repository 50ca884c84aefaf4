//! Integration tests: the real binary on fixture projects, and the library on corpora.
//!
//! The binary is the debug build cargo makes for the tests (`CARGO_BIN_EXE_arshjul`). PDF text
//! is read in-process (tests/it/pdf.rs, with lopdf); poppler and qpdf check the archive PDFs.

mod annual;
mod archive;
mod arkiv;
mod books;
mod budget;
mod cli;
mod commonmark;
mod escaping;
mod examples;
mod fit;
mod hostile;
mod html;
mod kinds;
mod overview;
mod pdf;
mod robust;
mod sie;
mod slips;
mod snapshots;
mod statements;
mod structure;
mod support;
mod trail;
mod watch;
