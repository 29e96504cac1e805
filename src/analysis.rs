//! Analysis of documents: parse, lower, check; and the cross-document pass
//! over a set of documents. Pure: text in, results out.

use crate::checks::{self, cross, Diagnostic};
use crate::config::Config;
use crate::features::outline::Symbol;
use crate::model::shift::{Edit, Shift};
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
    /// What they were found from, for checking only what an edit touched.
    checked: checks::Checked,
    /// The outline, computed when first asked for ([`Analysis::outline`])
    /// and moved with the model.
    outline: std::sync::OnceLock<Vec<Symbol>>,
}

impl Analysis {
    /// Drops what only editing needs: the items' diagnostics kept for
    /// checking again what an edit touched, and what the cells read (a
    /// document that is not open; the first edit checks all again).
    pub fn compact(&mut self) {
        self.checked = Default::default();
        self.report.forget_readings();
    }

    /// The outline of the document (`text` is the analysed text).
    pub fn outline(&self, text: &str) -> &[Symbol] {
        self.outline.get_or_init(|| crate::features::outline::outline(&self.report, text))
    }
}

/// Analyses a document from scratch.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    let tree = syntax::parse(text, None);
    analyze_tree(text, tree, config)
}

/// Analyses a document whose tree is already parsed (e.g. incrementally).
pub fn analyze_tree(text: &str, tree: Tree, config: &Config) -> Analysis {
    let mut report = model::lower(text, &tree);
    // A profile whose budget tables are printed in another unit than
    // 百万円 gives it to the tables that name none.
    if let Some(unit) = budget_unit(config) {
        let tables: Vec<usize> = report.budgets.iter().map(|b| b.table).chain(report.means.iter().map(|m| m.table)).collect();
        for t in tables {
            report.tables[t].unit.get_or_insert_with(|| unit.to_string());
        }
    }
    let (diagnostics, checked) = checks::check_all(&report, text, config);
    Analysis { tree, report, diagnostics, checked, outline: Default::default() }
}

/// The unit of budget tables that name none, when the profile's is not 百万円.
fn budget_unit(config: &Config) -> Option<&str> {
    (config.budget_unit != "百万円").then_some(config.budget_unit.as_str())
}

/// How [`reanalyze`] brought an analysis up to date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reanalysis {
    /// The change replaced nothing (a version bump, an empty insertion).
    Unchanged,
    /// The edit stayed inside the text of one prose line and left its
    /// citations as they were: the model and diagnostics were kept, their
    /// spans moved.
    Moved,
    /// The sections the edit was in (an indicator with everything under
    /// it, or one section) were lowered again and the rest of the model
    /// kept; the document was checked again.
    Sections,
    /// Lowered and checked again from the new tree.
    Full,
}

/// Brings `analysis` up to date with `text`, parsed (incrementally) into
/// `tree`, after `edit` (`None` when the change was not one replacement
/// within one line). The result is always what [`analyze_tree`] gives; when
/// the edit provably changed nothing but positions (typing in the text of a
/// prose line, away from its citations), it costs what the edit touches and
/// not what the document holds.
pub fn reanalyze(analysis: &mut Analysis, text: &str, tree: Tree, edit: Option<Edit>, config: &Config) -> Reanalysis {
    if let Some(e) = edit {
        if let Some(line) = moved_only(analysis, text, &tree, e) {
            analysis.report.shift(&e);
            for d in &mut analysis.diagnostics {
                checks::shift_diagnostic(d, &e);
            }
            // (The items of a check the configuration turns off are not
            // among the diagnostics `moved_only` looked at.)
            analysis.checked.shift(&e, |d| about_edit(&e, &line, d));
            // Names and details come from headings, attributes and tables,
            // never from prose: only the spans move.
            if let Some(outline) = analysis.outline.get_mut() {
                outline.shift(&e);
            }
            analysis.tree = tree;
            return Reanalysis::Moved;
        }
        if let Some(part) = model::splice(text, &tree, &analysis.tree, &mut analysis.report, &e, budget_unit(config)) {
            // The items of the sections lowered again are checked again,
            // and the whole document's facts; else everything.
            let r = &analysis.report;
            let again = if part.beyond { None } else { checks::recheck(&mut analysis.checked, r, text, config, part.sections, part.bytes, &e) };
            match again {
                Some(d) => analysis.diagnostics = d,
                None => (analysis.diagnostics, analysis.checked) = checks::check_all(r, text, config),
            }
            analysis.tree = tree;
            analysis.outline = Default::default();
            return Reanalysis::Sections;
        }
    }
    // Nothing of the old analysis is needed: it goes before the new one is
    // built, so that a large report is not held twice.
    analysis.report = Report::default();
    analysis.diagnostics = Vec::new();
    analysis.checked = Default::default();
    analysis.outline = Default::default();
    *analysis = analyze_tree(text, tree, config);
    Reanalysis::Full
}

/// Whether a diagnostic is about the text `e` replaced in the prose line
/// `line` (its bytes before the edit): a diagnostic about a whole that
/// holds the line only moves.
fn about_edit(e: &Edit, line: &model::Span, d: &Diagnostic) -> bool {
    let about = |s: &model::Span| e.touches(s) && !(s.start < line.start && s.end > line.end);
    about(&d.span) || d.related.iter().any(|r| r.doc.is_none() && about(&r.span)) || d.fix.as_ref().is_some_and(|f| about(&f.span))
}

/// The prose line (a `line` node of a paragraph) holding bytes `start..end`.
fn prose_line(tree: &Tree, start: usize, end: usize) -> Option<tree_sitter::Node<'_>> {
    let mut n = tree.root_node().descendant_for_byte_range(start, end)?;
    while n.kind() != "line" {
        n = n.parent()?;
    }
    (n.parent()?.kind() == "paragraph").then_some(n)
}

/// Whether `e` changed nothing in the analysis but positions: it replaced
/// text strictly inside the content of a prose line that stayed a prose
/// line with the same citations and URLs, and no diagnostic is about the
/// replaced text. Gives the line's bytes before the edit when so.
fn moved_only(analysis: &mut Analysis, text: &str, tree: &Tree, e: Edit) -> Option<model::Span> {
    let moved = |x: usize| x + e.new_end - e.old_end;
    let (Some(new_line), Some(old_line)) = (prose_line(tree, e.start, e.new_end), prose_line(&analysis.tree, e.start, e.old_end)) else {
        return None;
    };
    let (ls, le) = (new_line.start_byte(), new_line.end_byte());
    if old_line.start_byte() != ls || moved(old_line.end_byte()) != le || le > text.len() || new_line.has_error() || old_line.has_error() {
        return None;
    }
    // Content on both sides: the line's trimmed extent cannot change.
    let content_end = ls + text[ls..le].trim_end_matches(['\n', '\r']).len();
    if e.new_end > content_end || text[ls..e.start].trim().is_empty() || text[e.new_end..content_end].trim().is_empty() {
        return None;
    }
    // The section the line is in, as lowering numbered it.
    let section = match new_line.parent().and_then(|p| p.parent()).filter(|s| s.kind() == "section") {
        None => None,
        Some(s) => {
            let Some(h) = s.child_by_field_name("heading") else { return None };
            let at = h.start_byte();
            let sections = &analysis.report.sections;
            let i = sections.partition_point(|s| s.heading_span.start < at);
            if sections.get(i).map(|s| s.heading_span.start) != Some(at) {
                return None;
            }
            Some(i)
        }
    };
    let old_le = old_line.end_byte();
    let r = &analysis.report;
    let cits = r.citations.partition_point(|c| c.span.start < ls)..r.citations.partition_point(|c| c.span.start < old_le);
    let urls = r.urls.partition_point(|u| u.start < ls)..r.urls.partition_point(|u| u.start < old_le);
    if r.citations[cits.clone()].iter().any(|c| e.touches(&c.span)) || r.urls[urls.clone()].iter().any(|u| e.touches(u)) {
        return None;
    }
    let sts = r.statements.partition_point(|s| s.span.start < ls)..r.statements.partition_point(|s| s.span.start < old_le);
    if r.statements[sts.clone()].iter().any(|s| e.touches(&s.span) && !matches!(s.kind, model::StatementKind::Claim { .. } | model::StatementKind::Basis)) {
        return None;
    }
    let model::LineFacts { citations: new_cits, urls: new_urls, statements: new_sts } = model::line_inlines(text, &mut analysis.report, new_line, section);
    let r = &analysis.report;
    let same_sts = new_sts.len() == sts.len()
        && r.statements[sts].iter().zip(&new_sts).all(|(o, n)| {
            let mut o = o.clone();
            o.shift(&e);
            o == *n
        });
    if !same_sts {
        return None;
    }
    let same_cits = new_cits.len() == cits.len()
        && r.citations[cits].iter().zip(&new_cits).all(|(o, n)| {
            let mut o = o.clone();
            o.shift(&e);
            o == *n
        });
    let same_urls = new_urls.len() == urls.len() && r.urls[urls].iter().zip(&new_urls).all(|(o, n)| e.span(o) == *n);
    if !same_cits || !same_urls {
        return None;
    }
    // A diagnostic about something inside the line must not be about the
    // replaced text; one about a whole that holds the line only moves.
    let line = ls..old_le;
    (!analysis.diagnostics.iter().any(|d| about_edit(&e, &line, d))).then_some(line)
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
    out.extend(cross::near_matches(&members));
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
        self.recheck_lone(docs, &report, config);
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
        let lone = self.recheck_lone(docs, &report, config);
        let mut moved: Vec<K> = lone.into_iter().filter(|k| !affected.contains(k)).collect();
        moved.extend(old.into_iter().filter(|(k, o)| o.as_ref() != self.diags.get(k)).map(|(k, _)| k));
        moved
    }

    /// The diagnostics of the documents alone in their set (a near match
    /// elsewhere in their folder, [`cross::near_matches`]): they depend on
    /// every document, so all are found again. Returns the keys whose
    /// diagnostics changed.
    /// After an edit that moved the spans of `key`'s model and changed
    /// nothing else ([`Reanalysis::Moved`]): moves the spans of its
    /// cross-document diagnostics and of the notes of others that point into
    /// it, instead of checking its set again (the result is what
    /// [`CrossIndex::update`] gives). Returns the other keys whose
    /// diagnostics moved, or None, changing nothing, when one of them is
    /// about the replaced text (then update).
    pub fn shift(&mut self, key: &K, e: &Edit) -> Option<Vec<K>> {
        let name = key.as_ref();
        // A boundary strictly inside the replaced bytes: not only moved.
        let inside = |s: &model::Span| [s.start, s.end].iter().any(|&x| e.start < x && x < e.old_end);
        let here = |doc: &Option<String>, owner: &K| doc.as_deref().map_or(owner == key, |d| d == name);
        let about = |owner: &K, d: &Diagnostic| {
            (owner == key && (inside(&d.span) || d.fix.as_ref().is_some_and(|f| inside(&f.span))))
                || d.related.iter().any(|r| here(&r.doc, owner) && inside(&r.span))
        };
        if self.diags.iter().any(|(owner, ds)| ds.iter().any(|d| about(owner, d))) {
            return None;
        }
        let mut moved = Vec::new();
        for (owner, ds) in self.diags.iter_mut() {
            let mut any = false;
            for d in ds.iter_mut() {
                if owner == key {
                    d.span.shift(e);
                    if let Some(f) = &mut d.fix {
                        f.span.shift(e);
                    }
                }
                for r in d.related.iter_mut().filter(|r| here(&r.doc, owner)) {
                    let before = r.span.clone();
                    r.span.shift(e);
                    any |= r.span != before;
                }
            }
            if any && owner != key {
                moved.push(owner.clone());
            }
        }
        Some(moved)
    }

    fn recheck_lone<'a, D: 'a>(&mut self, docs: &'a std::collections::HashMap<K, D>, report: &impl Fn(&'a D) -> &'a Report, config: &Config) -> Vec<K> {
        let members: Vec<cross::Member> = docs.iter().map(|(k, d)| cross::Member { key: k.as_ref(), report: report(d) }).collect();
        let mut found: std::collections::HashMap<String, Vec<Diagnostic>> = Default::default();
        for (k, d) in cross::near_matches(&members) {
            found.entry(k).or_default().push(d);
        }
        let mut changed = Vec::new();
        for keys in self.members.values().filter(|m| m.len() == 1) {
            let k = &keys[0];
            let new = found.remove(k.as_ref()).map(|v| checks::finish(v, config)).filter(|v| !v.is_empty());
            if new.as_ref() != self.diags.get(k) {
                match new {
                    Some(v) => self.diags.insert(k.clone(), v),
                    None => self.diags.remove(k),
                };
                changed.push(k.clone());
            }
        }
        changed
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

    /// A keystroke in a table cell of an indicator lowers its sections again
    /// and checks again only their items: the kept items' diagnostics are
    /// used (not a full check), and the list is what a full check gives.
    #[test]
    fn a_keystroke_in_a_table_checks_again_only_its_sections() {
        let config = Config::default();
        let text = include_str!("../examples/mofa-I-2/evaluation.hyoka");
        let a = analyze(text, &config);
        let (mut rows, mut rechecked) = (0, 0);
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            if !line.starts_with("| 令和") {
                continue;
            }
            // After the second bar: the first figure of the row.
            let Some((bar, _)) = line.match_indices('|').nth(1) else { continue };
            let cell = start + bar + 2;
            let new = format!("{}1{}", &text[..cell], &text[cell..]);
            let mut tree = a.tree.clone();
            syntax::edit_tree(&mut tree, text, &new, cell, cell, 1);
            let tree = syntax::parse(&new, Some(&tree));
            let e = Edit { start: cell, old_end: cell, new_end: cell + 1 };
            let mut b = a.clone();
            let Some(part) = model::splice(&new, &tree, &b.tree, &mut b.report, &e, None) else { continue };
            rows += 1;
            assert!(part.sections.len() < b.report.sections.len() / 4, "{line}");
            if let Some(d) = checks::recheck(&mut b.checked, &b.report, &new, &config, part.sections, part.bytes, &e) {
                rechecked += 1;
                assert_eq!(d, checks::check_document(&b.report, &new, &config), "{line}");
            }
        }
        assert!(rows >= 8, "{rows} rows lowered in part");
        assert_eq!(rechecked, rows, "every keystroke checked again only its sections");
    }

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

    #[test]
    fn typing_in_prose_moves_the_cross_document_diagnostics() {
        let config = Config::default();
        let ws = crate::gen::workspace(3, 5, 40_000);
        let mut docs: HashMap<String, crate::lsp::Document> = ws.iter().map(|(p, t)| (p.clone(), crate::lsp::Document::new(t.clone(), Some(0), &config))).collect();
        let mut index = CrossIndex::default();
        index.rebuild(&docs, |d| d.report(), &config);
        let (mut moved, mut typed) = (0, 0);
        // An evaluation whose set has cross-document diagnostics about it.
        let about = |index: &CrossIndex<String>, key: &String| {
            docs.keys().map(|k| index.diagnostics(k).iter().filter(|d| k == key || d.related.iter().any(|r| r.doc.as_deref() == Some(key.as_str()))).count()).sum::<usize>()
        };
        let mut keys: Vec<&String> = docs.keys().filter(|k| k.ends_with("evaluation.hyoka")).collect();
        keys.sort();
        let key = keys.into_iter().find(|k| about(&index, k) > 0).expect("a set with cross-document diagnostics").clone();
        let prose: Vec<u32> = docs[&key]
            .text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.chars().count() > 8 && !l.starts_with(['#', '@', '|', '/', '｜']))
            .map(|(i, _)| i as u32)
            .step_by(3)
            .take(40)
            .collect();
        for (v, line) in prose.into_iter().enumerate() {
            let doc = docs.get_mut(&key).unwrap();
            let at = crate::text::LineCol { line, character: 3 };
            let how = doc.apply(vec![crate::lsp::Change { range: Some((at, at)), text: "の".into() }], v as i32 + 1, crate::text::Encoding::Utf16, &config);
            typed += 1;
            match (how, doc.moved_by) {
                (Reanalysis::Moved, Some(e)) => {
                    if index.shift(&key, &e).is_none() {
                        index.update(&docs, |d| d.report(), std::slice::from_ref(&key), &config);
                    }
                    moved += 1;
                }
                _ => {
                    index.update(&docs, |d| d.report(), std::slice::from_ref(&key), &config);
                }
            }
            let reports: HashMap<String, Report> = docs.iter().map(|(k, d)| (k.clone(), d.report().clone())).collect();
            agree(&index, &reports, &config);
        }
        assert!(moved * 2 > typed, "{moved} of {typed} keystrokes only moved spans");
    }

    #[test]
    fn cross_index_reports_near_matches_as_a_full_check_does() {
        let config = Config::default();
        let ws = crate::gen::workspace(4, 3, 10_000);
        let mut docs: HashMap<String, Report> = ws.iter().map(|(p, t)| (p.clone(), analyze(t, &config).report)).collect();
        let mut index = CrossIndex::default();
        index.rebuild(&docs, |r| r, &config);
        agree(&index, &docs, &config);
        let near = |index: &CrossIndex<String>, k: &str| index.diagnostics(&k.to_string()).iter().filter(|d| d.check.code == "HY0405").count();
        // A slip in the plan's year: the plan and the evaluation, each alone,
        // name each other.
        let key = "measure-0001/plan.hyoka".to_string();
        let text = ws.iter().find(|(p, _)| *p == key).unwrap().1.clone();
        let slipped = text.replacen("@年度: 令和5年度", "@年度: 令和6年度", 1);
        assert_ne!(slipped, text);
        docs.insert(key.clone(), analyze(&slipped, &config).report);
        let changed = index.update(&docs, |r| r, std::slice::from_ref(&key), &config);
        agree(&index, &docs, &config);
        assert_eq!(near(&index, &key), 1);
        assert!(changed.contains(&key));
        // Set right again: the diagnostics go, as in a full check.
        docs.insert(key.clone(), analyze(&text, &config).report);
        index.update(&docs, |r| r, std::slice::from_ref(&key), &config);
        agree(&index, &docs, &config);
        assert_eq!(near(&index, &key), 0);
    }
}
