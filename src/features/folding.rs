//! Folding ranges: sections (heading to the end of their last nested
//! section), tables, paragraphs of three lines or more, runs of comments.

use super::format::{lines, LineKind};
use crate::model::{Report, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fold {
    /// From the first line's first byte to the last line's last byte.
    pub span: Span,
    pub kind: FoldKind,
}

/// Paragraphs shorter than this do not fold.
pub const MIN_PARAGRAPH_LINES: usize = 3;

/// The folding ranges of a document, sorted by start (outer first), each
/// spanning two lines or more.
pub fn folding(text: &str, r: &Report) -> Vec<Fold> {
    let mut out = Vec::new();
    let multi = |s: &Span| text[s.clone()].contains('\n');
    for s in &r.sections {
        if multi(&s.extent) {
            out.push(Fold { span: s.extent.clone(), kind: FoldKind::Region });
        }
    }
    for t in &r.tables {
        if multi(&t.span) {
            out.push(Fold { span: t.span.clone(), kind: FoldKind::Region });
        }
    }
    // Runs of prose lines and of comments.
    let ls = lines(text);
    let mut i = 0;
    while i < ls.len() {
        let kind = ls[i].kind;
        let mut j = i;
        while j + 1 < ls.len() && ls[j + 1].kind == kind {
            j += 1;
        }
        let n = j - i + 1;
        let fold = match kind {
            LineKind::Prose if n >= MIN_PARAGRAPH_LINES => Some(FoldKind::Region),
            LineKind::Comment if n >= 2 => Some(FoldKind::Comment),
            _ => None,
        };
        if let Some(kind) = fold {
            out.push(Fold { span: ls[i].span.start..ls[j].span.end, kind });
        }
        i = j + 1;
    }
    out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)));
    out.dedup_by(|a, b| a.span == b.span);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::config::Config;

    #[test]
    fn sections_tables_paragraphs_comments() {
        let text = "# 政策評価書 Ⅰ-2 北米\n@年度: 令和5年度\n## 施策目標\n一。\n二。\n三。\n\n短い。\n二行。\n// a\n// b\n## 予算\n| a | 1 |\n| b | 2 |\n## 空\n";
        let a = analyze(text, &Config::default());
        let got: Vec<(&str, FoldKind)> = folding(text, &a.report).into_iter().map(|f| (&text[f.span], f.kind)).collect();
        let doc = text.trim_end();
        let goal = &text[text.find("## 施策目標").unwrap()..text.find("## 予算").unwrap() - 1];
        let budget = "## 予算\n| a | 1 |\n| b | 2 |";
        assert_eq!(
            got,
            vec![
                (doc, FoldKind::Region),
                (goal, FoldKind::Region),
                ("一。\n二。\n三。", FoldKind::Region),
                ("// a\n// b", FoldKind::Comment),
                (budget, FoldKind::Region),
                ("| a | 1 |\n| b | 2 |", FoldKind::Region),
            ]
        );
    }

    #[test]
    fn nested_sections_fold_to_their_last_child() {
        let text = "## 個別分野 1 A\n### 測定指標 1-1 B\n本文\n### 測定指標 1-2 C\n本文\n## 次\n本文\n";
        let a = analyze(text, &Config::default());
        let f = folding(text, &a.report);
        assert_eq!(&text[f[0].span.clone()], "## 個別分野 1 A\n### 測定指標 1-1 B\n本文\n### 測定指標 1-2 C\n本文");
        assert_eq!(f.len(), 4);
    }
}
