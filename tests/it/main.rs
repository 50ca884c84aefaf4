//! Integration tests: the real binary on fixture projects, and the library on corpora.
//!
//! The binary is the debug build cargo makes for the tests (`CARGO_BIN_EXE_arshjul`). PDF text
//! is read with `pdftotext` (poppler-utils, installed by `.ci/run`).

mod annual;
mod archive;
mod arkiv;
mod budget;
mod cli;
mod commonmark;
mod escaping;
mod examples;
mod html;
mod robust;
mod sie;
mod slips;
mod snapshots;
mod statements;
mod structure;
mod support;
mod watch;
