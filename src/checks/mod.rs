//! Checks: one module per family, each a function from the model to
//! diagnostics. Nothing here knows about LSP or files.

pub mod budgets;
pub mod completeness;
pub mod cross;
pub mod ratings;
pub mod references;
pub mod registry;
pub mod structure;
pub mod years;

use crate::config::Config;
pub use crate::i18n::Msg;
use crate::model::{Report, Span};
pub use registry::CheckInfo;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    #[serde(alias = "info")]
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// A place in another document (or this one, when `doc` is `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    pub doc: Option<String>,
    pub span: Span,
    pub message: Msg,
}

/// A replacement the author can accept as a quick fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: Msg,
    pub span: Span,
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub check: &'static CheckInfo,
    pub severity: Severity,
    pub span: Span,
    pub message: Msg,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(check: &'static CheckInfo, span: Span, message: Msg) -> Self {
        Diagnostic { check, severity: check.severity, span, message, related: Vec::new(), fix: None }
    }

    pub fn related(mut self, span: Span, message: Msg) -> Self {
        self.related.push(Related { doc: None, span, message });
        self
    }

    pub fn related_in(mut self, doc: &str, span: Span, message: Msg) -> Self {
        self.related.push(Related { doc: Some(doc.to_string()), span, message });
        self
    }

    pub fn fix(mut self, title: Msg, span: Span, new_text: impl Into<String>) -> Self {
        self.fix = Some(Fix { title, span, new_text: new_text.into() });
        self
    }

    pub fn code(&self) -> &'static str {
        self.check.code
    }
}

/// The checks that need only one document.
pub fn check_document(report: &Report, text: &str, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    structure::check(report, text, config, &mut out);
    references::check(report, text, config, &mut out);
    ratings::check(report, config, &mut out);
    budgets::check(report, config, &mut out);
    completeness::check(report, &mut out);
    years::check(report, text, &mut out);
    finish(out, config)
}

/// Applies the configuration (checks off, severities) and sorts by position.
pub fn finish(mut out: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    // A severity the configuration sets applies to every diagnostic of the
    // check; otherwise each keeps the one its check gave it (most use the
    // default, some scale it with what they found).
    out.retain_mut(|d| match config.configured(d.check) {
        Some(Some(sev)) => {
            d.severity = sev;
            true
        }
        Some(None) => false,
        None => true,
    });
    out.sort_by(|a, b| (a.span.start, a.span.end, a.check.code).cmp(&(b.span.start, b.span.end, b.check.code)));
    out.dedup_by(|a, b| a.span == b.span && a.check.code == b.check.code && a.message == b.message);
    out
}
