//! The example content in `content/` builds, and its PDFs carry what the seeds print.
