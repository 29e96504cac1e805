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

/// The cross-document set a report belongs to: its 施策 ID and year
/// (the grouping of [`cross::sets`]).
pub type SetKey = (String, Option<i32>);

pub fn set_key(report: &Report) -> Option<SetKey> {
    Some((report.measure_id()?.to_string(), report.year.as_ref().map(|y| y.0)))
}

/// The cross-document diagnostics of a workspace, kept up to date one
/// change at a time: a change re-checks only the set the document was in
/// and the set it is in now, not every set of the workspace.
///
/// `K` is the document key (`Url` in the server, a path or string
/// elsewhere); its string form is the key of [`crate::checks::Related`].
/// For every sequence of updates, [`CrossIndex::diagnostics`] equals what
/// [`cross_check`] gives over the same documents.
pub struct CrossIndex<K> {
    set_of: std::collections::HashMap<K, SetKey>,
    members: std::collections::HashMap<SetKey, Vec<K>>,
    diags: std::collections::HashMap<K, Vec<Diagnostic>>,
}

impl<K> Default for CrossIndex<K> {
    fn default() -> Self {
        CrossIndex { set_of: Default::default(), members: Default::default(), diags: Default::default() }
    }
}

impl<K: Clone + Eq + std::hash::Hash + Ord + AsRef<str>> CrossIndex<K> {
    /// The cross-document diagnostics of `key` (configured and sorted).
    pub fn diagnostics(&self, key: &K) -> &[Diagnostic] {
        self.diags.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Forgets everything and checks every set of `docs`. Returns the keys
    /// whose cross-document diagnostics changed (were or are non-empty).
    pub fn rebuild<'a, D: 'a>(
        &mut self,
        docs: &'a std::collections::HashMap<K, D>,
        report: impl Fn(&'a D) -> &'a Report,
        config: &Config,
    ) -> Vec<K> {
        let old = std::mem::take(&mut self.diags);
        self.set_of.clear();
        self.members.clear();
        for (k, d) in docs {
            if let Some(s) = set_key(report(d)) {
                self.set_of.insert(k.clone(), s.clone());
                self.members.entry(s).or_default().push(k.clone());
            }
        }
        let sets: Vec<SetKey> = self.members.keys().cloned().collect();
        for s in &sets {
            self.check(s, docs, &report, config);
        }
        let mut changed: Vec<K> = old.keys().chain(self.diags.keys()).filter(|k| old.get(*k) != self.diags.get(*k)).cloned().collect();
        changed.sort();
        changed.dedup();
        changed
    }

    /// Takes note that the documents `changed` were edited, added or
    /// removed (a key missing from `docs` is removed) and re-checks the sets
    /// they left and joined. Returns the keys whose cross-document
    /// diagnostics changed, `changed` not included unless they did too.
    pub fn update<'a, D: 'a>(
        &mut self,
        docs: &'a std::collections::HashMap<K, D>,
        report: impl Fn(&'a D) -> &'a Report,
        changed: &[K],
        config: &Config,
    ) -> Vec<K> {
        let mut touched: Vec<SetKey> = Vec::new();
        let mut affected: Vec<K> = Vec::new();
        for k in changed {
            let new = docs.get(k).and_then(|d| set_key(report(d)));
            let old = self.set_of.get(k).cloned();
            if old == new && new.is_some() {
                touched.push(new.unwrap());
                continue;
            }
            if let Some(o) = old {
                if let Some(m) = self.members.get_mut(&o) {
                    m.retain(|x| x != k);
                    if m.is_empty() {
                        self.members.remove(&o);
                    }
                }
                self.set_of.remove(k);
                touched.push(o);
            }
            if let Some(n) = new {
                self.set_of.insert(k.clone(), n.clone());
                self.members.entry(n.clone()).or_default().push(k.clone());
                touched.push(n);
            }
            // A document in no set now has no cross-document diagnostics.
            affected.push(k.clone());
        }
        touched.sort();
        touched.dedup();
        for s in &touched {
            affected.extend(self.members.get(s).into_iter().flatten().cloned());
        }
        affected.sort();
        affected.dedup();
        let old: Vec<(K, Option<Vec<Diagnostic>>)> = affected.iter().map(|k| (k.clone(), self.diags.remove(k))).collect();
        for s in &touched {
            self.check(s, docs, &report, config);
        }
        old.into_iter().filter(|(k, o)| o.as_ref() != self.diags.get(k)).map(|(k, _)| k).collect()
    }

    /// Checks one set, replacing its members' diagnostics.
    fn check<'a, D: 'a>(&mut self, set: &SetKey, docs: &'a std::collections::HashMap<K, D>, report: &impl Fn(&'a D) -> &'a Report, config: &Config) {
        let Some(keys) = self.members.get_mut(set) else { return };
        keys.sort();
        for k in keys.iter() {
            self.diags.remove(k);
        }
        if keys.len() < 2 {
            return;
        }
        let members: Vec<cross::Member> =
            keys.iter().filter_map(|k| docs.get(k).map(|d| cross::Member { key: k.as_ref(), report: report(d) })).collect();
        let mut by_doc: std::collections::HashMap<&str, Vec<Diagnostic>> = Default::default();
        for (k, d) in cross::check_set(&members, config) {
            let Some(m) = members.iter().find(|m| m.key == k) else { continue };
            by_doc.entry(m.key).or_default().push(d);
        }
        for k in keys.iter() {
            if let Some(v) = by_doc.remove(k.as_ref()) {
                let v = checks::finish(v, config);
                if !v.is_empty() {
                    self.diags.insert(k.clone(), v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn full(docs: &HashMap<String, Report>, config: &Config) -> HashMap<String, Vec<Diagnostic>> {
        let list: Vec<(&str, &Report)> = docs.iter().map(|(k, r)| (k.as_str(), r)).collect();
        let mut out: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for (k, d) in cross_check(&list, config) {
            out.entry(k).or_default().push(d);
        }
        out
    }

    fn agree(index: &CrossIndex<String>, docs: &HashMap<String, Report>, config: &Config) {
        let want = full(docs, config);
        for k in docs.keys() {
            let w = want.get(k).map(Vec::as_slice).unwrap_or(&[]);
            assert_eq!(index.diagnostics(k), w, "{k}");
        }
    }

    #[test]
    fn cross_index_equals_full_cross_check() {
        let config = Config::default();
        let ws = crate::gen::workspace(6, 9, 15_000);
        let mut docs: HashMap<String, Report> = ws.iter().map(|(p, t)| (p.clone(), analyze(t, &config).report)).collect();
        let mut index = CrossIndex::default();
        let changed = index.rebuild(&docs, |r| r, &config);
        assert!(!changed.is_empty());
        agree(&index, &docs, &config);
        // Move an evaluation to another 施策's set, then to another year, then remove it.
        let key = "measure-0002/evaluation.hyoka".to_string();
        let text = &ws.iter().find(|(p, _)| *p == key).unwrap().1;
        let other = crate::gen::measure_id(2);
        let moved = text.replacen(&crate::gen::measure_id(1), &other, 1);
        docs.insert(key.clone(), analyze(&moved, &config).report);
        let changed = index.update(&docs, |r| r, std::slice::from_ref(&key), &config);
        assert!(changed.iter().any(|k| k.starts_with("measure-0002/")), "{changed:?}");
        agree(&index, &docs, &config);
        let later = moved.replacen("@年度: 令和5年度", "@年度: 令和6年度", 1);
        docs.insert(key.clone(), analyze(&later, &config).report);
        index.update(&docs, |r| r, std::slice::from_ref(&key), &config);
        agree(&index, &docs, &config);
        docs.remove(&key);
        index.update(&docs, |r| r, std::slice::from_ref(&key), &config);
        agree(&index, &docs, &config);
        // An edit inside a set that changes a figure.
        let plan = "measure-0004/plan.hyoka".to_string();
        let text = &ws.iter().find(|(p, _)| *p == plan).unwrap().1;
        let edited = text.replacen("| 当初予算(a) | ", "| 当初予算(a) | 1", 1);
        docs.insert(plan.clone(), analyze(&edited, &config).report);
        let changed = index.update(&docs, |r| r, std::slice::from_ref(&plan), &config);
        assert!(!changed.is_empty());
        agree(&index, &docs, &config);
    }
}
