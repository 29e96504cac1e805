//! Analysis of documents: parse, lower, check; and the cross-document pass
//! over a set of documents. Pure: text in, results out.

use crate::checks::{self, cross, Diagnostic};
use crate::config::Config;
use crate::model::{self, Report};
use crate::syntax;
use tree_sitter::Tree;

/// One analysed document.
#[derive(Clone)]
pub struct Analysis {
    pub tree: Tree,
    pub report: Report,
    /// Diagnostics of this document alone.
    pub diagnostics: Vec<Diagnostic>,
}

/// Analyses a document from scratch.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    let tree = syntax::parse(text, None);
    analyze_tree(text, tree, config)
}

/// Analyses a document whose tree is already parsed (e.g. incrementally).
pub fn analyze_tree(text: &str, tree: Tree, config: &Config) -> Analysis {
    let report = model::lower(text, &tree);
    let diagnostics = checks::check_document(&report, text, config);
    Analysis { tree, report, diagnostics }
}

/// The cross-document diagnostics of a workspace: `docs` are (key, report).
/// Returns (key, diagnostic) pairs, configured and sorted per document.
pub fn cross_check(docs: &[(&str, &Report)], config: &Config) -> Vec<(String, Diagnostic)> {
    let members: Vec<cross::Member> = docs.iter().map(|(k, r)| cross::Member { key: k, report: r }).collect();
    let mut out = Vec::new();
    for set in cross::sets(&members) {
        let set_members: Vec<cross::Member> = set.iter().map(|&i| cross::Member { key: members[i].key, report: members[i].report }).collect();
        out.extend(cross::check_set(&set_members, config));
    }
    let mut by_doc: std::collections::BTreeMap<String, Vec<Diagnostic>> = Default::default();
    for (k, d) in out {
        by_doc.entry(k).or_default().push(d);
    }
    by_doc.into_iter().flat_map(|(k, v)| checks::finish(v, config).into_iter().map(move |d| (k.clone(), d))).collect()
}
