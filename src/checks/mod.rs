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
    check_all(report, text, config).0
}

/// The sections whose items are checked: some (those a keystroke lowered
/// again) or all, with the items that come before the first heading.
pub struct Scope {
    sections: std::ops::Range<usize>,
    all: bool,
}

impl Scope {
    /// Whether an item of section `s` is checked.
    pub fn has(&self, s: Option<usize>) -> bool {
        self.all || s.is_some_and(|s| self.sections.contains(&s))
    }
}

/// The section a diagnostic of an item is kept under (items before the
/// first heading under none, after every section).
pub fn tag(s: Option<usize>) -> usize {
    s.unwrap_or(usize::MAX)
}

/// What the checks of one item read of the document besides the item and
/// the sections it is in: while it stays the same, an edit that lowers some
/// sections again leaves the diagnostics of the other sections' items as
/// they were.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    kind: Option<crate::model::DocKind>,
    year: Option<crate::normalize::FiscalYear>,
    rated: Option<Vec<crate::normalize::FiscalYear>>,
}

impl Context {
    pub fn of(r: &Report) -> Context {
        Context { kind: r.kind, year: r.year.as_ref().map(|y| y.0), rated: years::rated_period(r) }
    }
}

/// The diagnostics of a document's items, kept by the section they are in
/// (in section order), and the context they were found in: what
/// [`recheck`] starts from.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    items: Vec<(usize, Diagnostic)>,
    context: Context,
    /// False when there is nothing to start from (the items were dropped).
    valid: bool,
}

impl Checked {
    /// Moves the items' diagnostics past an edit that changed nothing else
    /// of the model; drops them (the next [`recheck`] will check all) when
    /// one is about the replaced bytes `about`.
    pub fn shift(&mut self, e: &crate::model::shift::Edit, about: impl Fn(&Diagnostic) -> bool) {
        if self.items.iter().any(|(_, d)| about(d)) {
            *self = Checked::default();
            return;
        }
        for (_, d) in &mut self.items {
            shift_diagnostic(d, e);
        }
    }
}

/// Moves a diagnostic's places in its document past an edit.
pub fn shift_diagnostic(d: &mut Diagnostic, e: &crate::model::shift::Edit) {
    use crate::model::shift::Shift;
    d.span.shift(e);
    for r in d.related.iter_mut().filter(|r| r.doc.is_none()) {
        r.span.shift(e);
    }
    if let Some(f) = &mut d.fix {
        f.span.shift(e);
    }
}

/// Checks a document from scratch: its diagnostics, configured and sorted
/// as [`check_document`] gives them, and what [`recheck`] starts from.
pub fn check_all(report: &Report, text: &str, config: &Config) -> (Vec<Diagnostic>, Checked) {
    let mut items = Vec::new();
    check_items(report, text, config, &Scope { sections: 0..0, all: true }, &mut items);
    let diagnostics = assemble(report, text, config, &items);
    (diagnostics, Checked { items, context: Context::of(report), valid: true })
}

/// Checks again after `report` was brought up to date by lowering again
/// only `sections` (bytes `bytes` before the edit `e`): the items of those
/// sections and the whole document's facts are checked again, the other
/// items' diagnostics only move. Returns false, changing nothing, when that
/// would not give what [`check_all`] gives: the context changed, or a kept
/// diagnostic points into the sections lowered again.
pub fn recheck(
    checked: &mut Checked,
    report: &Report,
    text: &str,
    config: &Config,
    sections: std::ops::Range<usize>,
    bytes: Span,
    e: &crate::model::shift::Edit,
) -> Option<Vec<Diagnostic>> {
    if !checked.valid || Context::of(report) != checked.context {
        return None;
    }
    let a = checked.items.partition_point(|(s, _)| *s < sections.start);
    let b = checked.items.partition_point(|(s, _)| *s < sections.end);
    // A place in the bytes lowered again (an empty one at their start
    // included) may have changed in other ways than moving.
    let touches = |s: &Span| s.start < bytes.end && (s.end > bytes.start || (s.is_empty() && s.start >= bytes.start));
    let points_in = |d: &Diagnostic| {
        touches(&d.span) || d.related.iter().any(|r| r.doc.is_none() && touches(&r.span)) || d.fix.as_ref().is_some_and(|f| touches(&f.span))
    };
    if checked.items[..a].iter().chain(&checked.items[b..]).any(|(_, d)| points_in(d)) {
        return None;
    }
    for (_, d) in checked.items[b..].iter_mut() {
        shift_diagnostic(d, e);
    }
    let mut new = Vec::new();
    check_items(report, text, config, &Scope { sections, all: false }, &mut new);
    checked.items.splice(a..b, new);
    Some(assemble(report, text, config, &checked.items))
}

/// The checks of the items of `scope`, each diagnostic with the section
/// its item is in; in section order (and, within a section, in the order
/// the checks give them).
fn check_items(r: &Report, text: &str, config: &Config, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    let start = out.len();
    structure::items(r, text, scope, out);
    references::items(r, text, scope, out);
    ratings::items(r, config, scope, out);
    budgets::items(r, config, scope, out);
    completeness::items(r, scope, out);
    years::items(r, text, scope, out);
    out[start..].sort_by_key(|(s, _)| *s);
}

/// The checks of the whole document, with the items' diagnostics.
fn assemble(report: &Report, text: &str, config: &Config, items: &[(usize, Diagnostic)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    structure::check(report, text, config, &mut out);
    references::check(report, text, config, &mut out);
    ratings::check(report, config, &mut out);
    budgets::check(report, config, &mut out);
    years::check(report, text, &mut out);
    out.extend(items.iter().map(|(_, d)| d.clone()));
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
