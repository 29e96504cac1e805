//! The Japanese reference texts of the checks (src/i18n/reference.ja.toml):
//! each check's one-line summary and explanation, the introduction of the
//! diagnostics reference, and the translations of its examples' comment
//! lines. docs/diagnostics.ja.md is generated from them and the messages.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Default, Deserialize)]
pub struct Reference {
    #[serde(default)]
    pub intro: Intro,
    #[serde(default)]
    pub comments: BTreeMap<String, String>,
    #[serde(flatten)]
    pub checks: BTreeMap<String, Entry>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Intro {
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct Entry {
    pub summary: String,
    pub text: String,
}

pub const SOURCE: &str = include_str!("reference.ja.toml");

/// The parsed reference; empty if the file does not parse (a test makes
/// sure it does).
pub fn ja() -> &'static Reference {
    static R: OnceLock<Reference> = OnceLock::new();
    R.get_or_init(|| parse().unwrap_or_default())
}

pub fn parse() -> Result<Reference, String> {
    toml::from_str(SOURCE).map_err(|e| e.to_string())
}
