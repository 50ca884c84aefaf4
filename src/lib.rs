//! arshjul compiles the yearly documents of Swedish samordningsförbund (verksamhetsplan och
//! budget, delårsrapport, årsredovisning) from YAML data and Markdown narrative into PDF, with
//! every total computed and checked. See DESIGN.md for the pipeline; each stage has one module.

pub mod archive;
pub mod context;
pub mod decode;
pub mod diagnostics;
pub mod document;
pub mod html;
pub mod markdown;
pub mod model;
pub mod money;
pub mod names;
pub mod pipeline;
pub mod placement;
pub mod preview;
pub mod project;
pub mod render;
pub mod starters;
pub mod templates;
pub mod text;
pub mod trail;
pub mod typeset;
pub mod walker;
pub mod watch;
pub mod yaml;
