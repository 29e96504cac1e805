//! Semantic tokens: what each piece of a line means, beyond what the grammar
//! alone can say (rating letters, numeric cells, formula letters), over the
//! syntax the tree gives (labels, titles, keys, values, citations, comments).
//!
//! Tokens are sorted, never overlap and never span a line break.

use crate::model::{CellValue, Report, Span};
use crate::normalize::compact;
use std::collections::BTreeMap;
use tree_sitter::{Node, Tree};

/// The legend's token types, in [`TokenKind`] order. All are standard LSP
/// types except `heading` (heading titles), which clients without a rule for
/// it simply leave to the grammar's highlighting.
pub const TOKEN_TYPES: &[&str] = &["keyword", "heading", "property", "string", "number", "enumMember", "operator", "comment"];

/// The legend's modifiers, in bit order: `declaration` (a heading label that
/// defines an object), `main` (a 主要 indicator's heading).
pub const TOKEN_MODIFIERS: &[&str] = &["declaration", "main"];

pub const MOD_DECLARATION: u32 = 1 << 0;
pub const MOD_MAIN: u32 = 1 << 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Heading labels: `政策評価書 Ⅰ-2`, `個別分野 1`, `測定指標 1-1`, `達成手段`; the main mark.
    Keyword,
    /// Heading titles.
    Heading,
    /// Attribute keys.
    Property,
    /// Attribute values and citations.
    String,
    /// Numeric cells and values.
    Number,
    /// Rating letters and labels.
    EnumMember,
    /// The letters and formula of a row label: `(a)`, `(a＋b＋c)`.
    Operator,
    Comment,
}

impl TokenKind {
    /// The index of the kind in [`TOKEN_TYPES`].
    pub fn index(self) -> u32 {
        self as u32
    }
    pub fn name(self) -> &'static str {
        TOKEN_TYPES[self as usize]
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Bits of [`TOKEN_MODIFIERS`].
    pub modifiers: u32,
}

/// Non-overlapping tokens: earlier insertions win, later ones fill the gaps.
#[derive(Default)]
struct Layer {
    covered: BTreeMap<usize, (usize, TokenKind, u32)>,
}

impl Layer {
    fn add(&mut self, span: Span, kind: TokenKind, modifiers: u32) {
        if span.is_empty() {
            return;
        }
        let overlapping: Vec<Span> = self
            .covered
            .range(..span.end)
            .rev()
            .take_while(|(_, (end, _, _))| *end > span.start)
            .map(|(s, (e, _, _))| *s..*e)
            .collect();
        let mut at = span.start;
        for o in overlapping.iter().rev() {
            if o.start > at {
                self.covered.insert(at, (o.start, kind, modifiers));
            }
            at = at.max(o.end);
        }
        if at < span.end {
            self.covered.insert(at, (span.end, kind, modifiers));
        }
    }
}

/// The semantic tokens of a document.
pub fn tokens(text: &str, r: &Report, tree: &Tree) -> Vec<Token> {
    let mut l = Layer::default();
    // Ratings.
    for ind in &r.indicators {
        for rt in &ind.ratings {
            l.add(rt.value.span.clone(), TokenKind::EnumMember, 0);
        }
    }
    for e in &r.summary {
        if let Some(rt) = &e.rating {
            l.add(rt.span.clone(), TokenKind::EnumMember, 0);
        }
    }
    if let Some(m) = &r.measure_rating {
        l.add(m.span.clone(), TokenKind::EnumMember, 0);
    }
    // Numbers and formulas in tables.
    for t in &r.tables {
        for row in t.rows.iter().skip(1) {
            if let Some(first) = row.cells.first() {
                if let Some(f) = formula_span(&first.text) {
                    l.add(first.span.start + f.start..first.span.start + f.end, TokenKind::Operator, 0);
                }
            }
            for c in row.cells.iter().skip(1) {
                if is_numeric(&c.text) {
                    l.add(c.span.clone(), TokenKind::Number, 0);
                }
            }
        }
    }
    for a in &r.attributes {
        if let Some(v) = &a.value {
            if is_numeric(&v.text) {
                l.add(v.span.clone(), TokenKind::Number, 0);
            }
        }
    }
    for c in &r.citations {
        l.add(c.span.clone(), TokenKind::String, 0);
    }
    // Syntax.
    let main_headings: Vec<usize> = r.indicators.iter().filter(|i| i.main).map(|i| r.sections[i.section].heading_span.start).collect();
    walk(tree.root_node(), &mut |n: Node| {
        let span = n.start_byte().min(text.len())..n.end_byte().min(text.len());
        let main = || n.parent().is_some_and(|p| main_headings.contains(&(p.start_byte())));
        match n.kind() {
            "document_label" | "field_label" | "reference_label" | "means_label" => {
                l.add(trimmed(text, span), TokenKind::Keyword, MOD_DECLARATION)
            }
            "indicator_label" => l.add(trimmed(text, span), TokenKind::Keyword, MOD_DECLARATION | if main() { MOD_MAIN } else { 0 }),
            "main_mark" => l.add(span, TokenKind::Keyword, MOD_MAIN),
            "title" => l.add(span, TokenKind::Heading, if main() { MOD_MAIN } else { 0 }),
            "key" => l.add(span, TokenKind::Property, 0),
            "value" => l.add(span, TokenKind::String, 0),
            "comment" => l.add(trimmed(text, span), TokenKind::Comment, 0),
            "means_citation" | "indicator_citation" | "indicator_title_citation" | "field_citation" => l.add(span, TokenKind::String, 0),
            _ => {}
        }
    });
    // Sorted by construction; split at line breaks.
    let mut out = Vec::new();
    for (start, (end, kind, modifiers)) in l.covered {
        let mut s = start;
        for piece in text[start..end].split('\n') {
            let p = piece.strip_suffix('\r').unwrap_or(piece);
            if !p.is_empty() {
                out.push(Token { span: s..s + p.len(), kind, modifiers });
            }
            s += piece.len() + 1;
        }
    }
    out
}

fn walk<'t>(n: Node<'t>, f: &mut impl FnMut(Node<'t>)) {
    f(n);
    let mut c = n.walk();
    for child in n.children(&mut c) {
        walk(child, f);
    }
}

fn trimmed(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let start = span.start + (s.len() - s.trim_start().len());
    start..(span.start + s.trim_end().len()).max(start)
}

/// A cell or value holding figures: `652`, `72 (63)`, `①85% ②90%`.
fn is_numeric(text: &str) -> bool {
    match CellValue::parse(text) {
        CellValue::Number { .. } | CellValue::WithExecution { .. } => true,
        CellValue::Series(s) => !s.is_empty() && s.iter().all(|v| v.value.is_some()),
        _ => false,
    }
}

/// The byte range within a row label of its trailing letters or formula:
/// `当初予算(a)` → `(a)`, `合計(a＋b＋c)` → `(a＋b＋c)`.
pub(crate) fn formula_span(label: &str) -> Option<Span> {
    let t = label.trim_end();
    let open = t.rfind(['(', '（'])?;
    let inner = compact(&t[open..]);
    let inner = inner.strip_prefix('(')?.strip_suffix(')')?;
    let ok = !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_lowercase() || c == '+' || c == '-')
        && inner.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && (inner.len() == 1 || inner.len() >= 3);
    ok.then_some(open..t.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::config::Config;

    fn toks(text: &str) -> Vec<(String, &'static str, u32)> {
        let a = analyze(text, &Config::default());
        let ts = tokens(text, &a.report, &a.tree);
        for w in ts.windows(2) {
            assert!(w[0].span.end <= w[1].span.start, "{:?}", w);
        }
        ts.into_iter().map(|t| (text[t.span].to_string(), t.kind.name(), t.modifiers)).collect()
    }

    #[test]
    fn legend_matches_kinds() {
        assert_eq!(TokenKind::Comment.index() as usize, TOKEN_TYPES.len() - 1);
        assert_eq!(TokenKind::EnumMember.name(), "enumMember");
        assert_eq!(formula_span("合計(a＋b＋c)"), Some(6..17));
        assert_eq!(formula_span("執行額(百万円)"), None);
        assert_eq!(formula_span("当初予算（ａ）"), Some(12..21));
    }

    #[test]
    fn classifies_a_small_report() {
        let text = "# 政策評価書 Ⅰ-2 北米\n@年度: 令和5年度\n## 評価結果\n@目標達成度合いの測定結果: 目標達成（Ａ）\n// メモ\n\
                    ## 予算\n| 区分 | 令和2年度 |\n| 当初予算(a) | 652 |\n| 合計(a＋b＋c) | 72 (63) |\n\
                    ## 個別分野 1 政治\n### 測定指標 1-1 協力 ＊\n@中期目標値（令和7年度）: ①85% ②90%\n@令和2年度目標の達成状況: ｂ\n\
                    測定指標１－１について。\n";
        let want: Vec<(&str, &str, u32)> = vec![
            ("政策評価書 Ⅰ-2", "keyword", MOD_DECLARATION),
            ("北米", "heading", 0),
            ("年度", "property", 0),
            ("令和5年度", "string", 0),
            ("評価結果", "heading", 0),
            ("目標達成度合いの測定結果", "property", 0),
            ("目標達成（Ａ）", "enumMember", 0),
            ("// メモ", "comment", 0),
            ("予算", "heading", 0),
            ("(a)", "operator", 0),
            ("652", "number", 0),
            ("(a＋b＋c)", "operator", 0),
            ("72 (63)", "number", 0),
            ("個別分野 1", "keyword", MOD_DECLARATION),
            ("政治", "heading", 0),
            ("測定指標 1-1", "keyword", MOD_DECLARATION | MOD_MAIN),
            ("協力", "heading", MOD_MAIN),
            ("＊", "keyword", MOD_MAIN),
            ("中期目標値（令和7年度）", "property", 0),
            ("①85% ②90%", "number", 0),
            ("令和2年度目標の達成状況", "property", 0),
            ("ｂ", "enumMember", 0),
            ("測定指標１－１", "string", 0),
        ];
        let got = toks(text);
        let got: Vec<(&str, &str, u32)> = got.iter().map(|(a, b, c)| (a.as_str(), *b, *c)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn layer_fills_gaps_and_splits_lines() {
        let mut l = Layer::default();
        l.add(2..4, TokenKind::Number, 0);
        l.add(0..6, TokenKind::String, 0);
        let v: Vec<(usize, usize, TokenKind)> = l.covered.iter().map(|(s, (e, k, _))| (*s, *e, *k)).collect();
        assert_eq!(v, vec![(0, 2, TokenKind::String), (2, 4, TokenKind::Number), (4, 6, TokenKind::String)]);
    }

    #[test]
    fn examples_tokens_are_single_line_and_sorted() {
        for (name, text) in crate::features::format::tests::corpus() {
            let a = analyze(&text, &Config::default());
            let ts = tokens(&text, &a.report, &a.tree);
            assert!(!ts.is_empty() || !name.starts_with("examples"), "{name}");
            for w in ts.windows(2) {
                assert!(w[0].span.end <= w[1].span.start, "{name}: {w:?}");
            }
            for t in &ts {
                assert!(!text[t.span.clone()].contains(['\n', '\r']) && !t.span.is_empty(), "{name}: {t:?}");
            }
        }
    }
}
