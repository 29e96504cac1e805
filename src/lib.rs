//! Hyoka: a checker and language server for Japanese policy-evaluation
//! reports written in the Hyoka markup.
//!
//! The pipeline, one module per stage: [`syntax`] (text → tree-sitter tree)
//! → [`model`] (tree → typed report) → [`checks`] and [`features`] (report →
//! diagnostics, outline). [`analysis`] ties the stages together for one
//! document and for a set of documents. [`lsp`] and [`cli`] are the edges;
//! they are the only modules that do I/O.

pub mod analysis;
pub mod checks;
pub mod cli;
pub mod config;
pub mod features;
pub mod gen;
pub mod i18n;
pub mod import;
pub mod lsp;
pub mod model;
pub mod normalize;
pub mod render;
pub mod syntax;
pub mod text;
