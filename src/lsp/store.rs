//! The document store: the text of each document (a rope and a string),
//! its syntax tree, edited incrementally, and its analysis.

use crate::analysis::{self, Analysis};
use crate::config::Config;
use crate::model::Report;
use crate::syntax;
use crate::text::{rope, Encoding, LineCol};
use ropey::Rope;
use tree_sitter::{InputEdit, Point};

/// One edit as the protocol sends it: a range (or the whole text) and new text.
pub struct Change {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

pub struct Document {
    pub rope: Rope,
    pub text: String,
    /// `None` for a file indexed from disk and not open.
    pub version: Option<i32>,
    pub analysis: Analysis,
}

fn point(rope: &Rope, byte: usize) -> Point {
    let line = rope.byte_to_line(byte);
    Point { row: line, column: byte - rope.line_to_byte(line) }
}

impl Document {
    pub fn new(text: String, version: Option<i32>, config: &Config) -> Document {
        let analysis = analysis::analyze(&text, config);
        Document { rope: Rope::from_str(&text), text, version, analysis }
    }

    pub fn report(&self) -> &Report {
        &self.analysis.report
    }

    /// Applies changes in order, editing the tree with each, then reparses
    /// once with the edited tree and re-analyses.
    pub fn apply(&mut self, changes: Vec<Change>, version: i32, enc: Encoding, config: &Config) {
        let mut tree = self.analysis.tree.clone();
        for change in changes {
            match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    self.text = change.text;
                    tree = syntax::parse(&self.text, None);
                }
                Some((start, end)) => {
                    let mut s = rope::to_offset(&self.rope, start, enc);
                    let mut e = rope::to_offset(&self.rope, end, enc);
                    if e < s {
                        std::mem::swap(&mut s, &mut e);
                    }
                    let start_position = point(&self.rope, s);
                    let old_end_position = point(&self.rope, e);
                    let (cs, ce) = (self.rope.byte_to_char(s), self.rope.byte_to_char(e));
                    self.rope.remove(cs..ce);
                    self.rope.insert(cs, &change.text);
                    self.text.replace_range(s..e, &change.text);
                    let new_end = s + change.text.len();
                    tree.edit(&InputEdit {
                        start_byte: s,
                        old_end_byte: e,
                        new_end_byte: new_end,
                        start_position,
                        old_end_position,
                        new_end_position: point(&self.rope, new_end),
                    });
                }
            }
        }
        let tree = syntax::parse(&self.text, Some(&tree));
        self.analysis = analysis::analyze_tree(&self.text, tree, config);
        self.version = Some(version);
    }

    pub fn reanalyze(&mut self, config: &Config) {
        self.analysis = analysis::analyze_tree(&self.text, self.analysis.tree.clone(), config);
    }

    pub fn offset(&self, pos: LineCol, enc: Encoding) -> usize {
        rope::to_offset(&self.rope, pos, enc)
    }

    pub fn position(&self, offset: usize, enc: Encoding) -> LineCol {
        rope::to_line_col(&self.rope, offset, enc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, character: u32) -> LineCol {
        LineCol { line, character }
    }

    #[test]
    fn incremental_equals_full() {
        let config = Config::default();
        let text = "# 政策評価書 Ⅰ-2 テスト\n@年度: 令和5年度\n\n## 個別分野 1 分野\n### 測定指標 1-1 指標 ＊\n本文😀です。\n";
        let mut doc = Document::new(text.to_string(), Some(1), &config);
        // Insert after the emoji (UTF-16: 本文 = 2, 😀 = 2 units).
        doc.apply(vec![Change { range: Some((lc(5, 4), lc(5, 4))), text: "追加".into() }], 2, Encoding::Utf16, &config);
        assert!(doc.text.contains("本文😀追加です。"));
        // Replace across lines, then delete.
        doc.apply(
            vec![
                Change { range: Some((lc(1, 4), lc(1, 11))), text: "令和6年度".into() },
                Change { range: Some((lc(2, 0), lc(3, 0))), text: String::new() },
            ],
            3,
            Encoding::Utf16,
            &config,
        );
        let full = analysis::analyze(&doc.text, &config);
        assert_eq!(doc.analysis.tree.root_node().to_sexp(), full.tree.root_node().to_sexp());
        assert_eq!(doc.analysis.diagnostics, full.diagnostics);
        assert_eq!(doc.rope.to_string(), doc.text);
        assert_eq!(doc.report().year.as_ref().map(|y| y.0), Some(2024));
    }
}
