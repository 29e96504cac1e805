//! Arbitrary sequences of LSP edits through the document store, checked after
//! every batch against a plain String edited by the reference conversions
//! (`LineIndex`), a from-scratch parse and a from-scratch analysis (its
//! model and diagnostics).
#![no_main]

#[path = "../../tests/support/equivalence.rs"]
mod equivalence;
use equivalence::{position, shape};
use arbitrary::Arbitrary;
use hyoka::analysis::analyze;
use hyoka::config::Config;
use hyoka::lsp::{Change, Document};
use hyoka::text::{Encoding, LineIndex};
use libfuzzer_sys::fuzz_target;

/// Pieces of text that stress the conversions and the grammar.
const PIECES: &[&str] = &[
    "\n", "\r\n", "\r", "😀", "e\u{301}", "\u{1F1EF}\u{1F1F5}", "\u{200D}", "a", " ", "|", "#", "@", "//", "＊", "（", "）",
    "# 政策評価書 Ⅰ-2 テスト\n", "## 個別分野 1 分野\n", "### 測定指標 1-1 指標 ＊\n", "### 達成手段 ① 事業\n",
    "@年度: 令和5年度\n", "@系列: ①国内 ②海外\n", "@中期目標値（令和7年度）: ①1,200 ②800\n",
    "| 年度 | 目標値 | 実績値 |\n", "| 令和2年度 | ①1,000 ②600 | ①1,050 ②640 |\n", "| 合計(a＋b＋c) | 110 | 110 |\r\n",
    "@令和2・3・4年度目標の達成状況: a\n", "（令和２・３・４年度：地域交流事業（達成手段①））", "測定指標１－２", "△5", "1,836",
];

/// What a keystroke types (empty: deletes the character after the place).
const KEYS: &[&str] = &["1", "０", "の", "", "|", "#", "@", "（", "）", "①", "a", " ", "＊", "年", ""];

#[derive(Arbitrary, Debug)]
enum Base {
    Empty,
    Tutorial,
    BudgetSheet,
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Piece {
    Known(u8),
    Two(u8, u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Op {
    kind: u8,
    start: (u16, u16),
    end: (u16, u16),
    text: Piece,
}

#[derive(Arbitrary, Debug)]
struct Input {
    utf8: bool,
    crlf_base: bool,
    base: Base,
    batches: Vec<Vec<Op>>,
}

fn piece(p: &Piece) -> String {
    match p {
        Piece::Known(i) => PIECES[*i as usize % PIECES.len()].to_string(),
        Piece::Two(i, j) => format!("{}{}", PIECES[*i as usize % PIECES.len()], PIECES[*j as usize % PIECES.len()]),
        Piece::Raw(s) => s.chars().take(64).collect(),
    }
}


fuzz_target!(|input: Input| {
    let config = Config::default();
    let enc = if input.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let mut text = match &input.base {
        Base::Empty => String::new(),
        Base::Tutorial => include_str!("../../examples/tutorial.hyoka").to_string(),
        Base::BudgetSheet => include_str!("../../examples/mofa-I-2/budget-sheet.hyoka").to_string(),
        Base::Text(s) => s.chars().take(4096).collect(),
    };
    if input.crlf_base {
        text = text.replace('\n', "\r\n");
    }
    let mut doc = Document::new(text.clone(), Some(0), &config);
    for (v, batch) in input.batches.iter().take(16).enumerate() {
        let mut changes = Vec::new();
        for op in batch.iter().take(8) {
            // A keystroke: one character typed or deleted inside a line, as
            // in a table cell, a heading or an attribute (the paths that
            // lower again only the sections it is in, or move spans).
            let new = if op.kind % 16 == 14 { KEYS[op.end.1 as usize % KEYS.len()].to_string() } else { piece(&op.text) };
            if op.kind % 16 == 15 {
                text = new.clone();
                changes.push(Change { range: None, text: new });
                continue;
            }
            let idx = LineIndex::new(&text);
            let widen = |(l, c): (u16, u16)| (u32::from(l), u32::from(c));
            let (a, b) = if op.kind % 16 == 14 {
                let a = position(&text, &idx, widen(op.start), enc);
                let b = if new.is_empty() { hyoka::text::LineCol { line: a.line, character: a.character + 1 } } else { a };
                (a, b)
            } else {
                (position(&text, &idx, widen(op.start), enc), position(&text, &idx, widen(op.end), enc))
            };
            let (mut s, mut e) = (idx.to_offset(&text, a, enc), idx.to_offset(&text, b, enc));
            if e < s {
                std::mem::swap(&mut s, &mut e);
            }
            text.replace_range(s..e, &new);
            changes.push(Change { range: Some((a, b)), text: new });
        }
        doc.analysis.outline(&doc.text);
        doc.apply(changes, v as i32 + 1, enc, &config);
        assert_eq!(doc.text, text, "the store's string differs from the reference edit");
        assert_eq!(doc.rope.to_string(), text, "the store's rope differs from the reference edit");
        let full = analyze(&text, &config);
        assert_eq!(doc.analysis.tree.root_node().to_sexp(), full.tree.root_node().to_sexp(), "incremental tree != full parse\n{text:?}");
        assert_eq!(shape(&doc.analysis.tree), shape(&full.tree), "incremental tree ranges != full parse\n{text:?}");
        assert_eq!(doc.analysis.diagnostics, full.diagnostics, "incremental diagnostics != full analysis\n{text:?}");
        // The model too: a keystroke in prose only moves its spans (analysis::reanalyze).
        assert_eq!(format!("{:?}", doc.analysis.report), format!("{:?}", full.report), "incremental model != full lowering\n{text:?}");
        assert!(doc.analysis.outline(&text) == full.outline(&text), "incremental outline != full outline\n{text:?}");
        assert_eq!(doc.version, Some(v as i32 + 1));
    }
});
