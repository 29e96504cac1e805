//! The document store: the text of each document (a rope and a string),
//! its syntax tree, edited incrementally, and its analysis.
//!
//! A document that is not open (indexed from disk, `version` `None`) is kept
//! compact: its text, a line index and its analysis without the tree; the
//! rope is empty and `analysis.tree` is the tree of the empty text. This
//! keeps a workspace's memory near twice its text. An edit, or a re-analysis,
//! of such a document parses it again first.

use crate::analysis::{self, Analysis, Reanalysis};
use crate::model::shift::Edit;
use crate::config::Config;
use crate::model::Report;
use crate::syntax;
use crate::text::{rope, Encoding, LineCol, LineIndex};
use ropey::Rope;
use tree_sitter::{InputEdit, Point};

/// One edit as the protocol sends it: a range (or the whole text) and new text.
pub struct Change {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

pub struct Document {
    /// Empty for a document that is not open (see [`Document::is_compact`]).
    pub rope: Rope,
    pub text: String,
    /// `None` for a file indexed from disk and not open.
    pub version: Option<i32>,
    /// For a document that is not open, `analysis.tree` is not the
    /// document's tree (see the module documentation).
    pub analysis: Analysis,
    /// The line index of a compact document, `None` for an open one.
    lines: Option<LineIndex>,
    /// The edit of the last change when it only moved the model's spans
    /// ([`Reanalysis::Moved`]): the cross-document diagnostics move with it.
    pub moved_by: Option<crate::model::shift::Edit>,
    /// Names this text: a new one for every document and every change
    /// that replaced something ([`Document::since`]).
    serial: u64,
    /// The serial before the last change, and that change when it was one
    /// replacement within one line (no line break removed or inserted).
    last_edit: Option<(u64, Edit)>,
}

static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The serial of a new text: unique in the process, and greater than
/// every serial given before it.
fn next_serial() -> u64 {
    SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A serial no text has yet: every document whose [`Document::serial`] is
/// below it has had its text since before this was read.
pub fn serial_clock() -> u64 {
    SERIAL.load(std::sync::atomic::Ordering::Relaxed)
}

/// How the text a [`Document::serial`] named became this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// It is the same text.
    Same,
    /// One replacement within one line: every position on another line is
    /// as it was.
    LineEdit(Edit),
}

fn point(rope: &Rope, byte: usize) -> Point {
    let line = rope.byte_to_line(byte);
    Point { row: line, column: byte - rope.line_to_byte(line) }
}

/// UTF-16 code units of a UTF-8 string: one per character (every byte that
/// is not a continuation byte) and one more per 4-byte character. Eight
/// bytes at a time: documentSymbol converts thousands of positions at the
/// ends of long prose lines.
fn utf16_len(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        // Bit 7 of each byte: a continuation byte is 10xxxxxx; a 4-byte
        // lead is 11110xxx.
        let continuation = w & !(w << 1) & HI;
        let four = w & (w << 1) & (w << 2) & (w << 3) & HI;
        n += 8 - continuation.count_ones() as usize + four.count_ones() as usize;
    }
    n + chunks.remainder().iter().map(|&b| ((b & 0xC0) != 0x80) as usize + (b >= 0xF0) as usize).sum::<usize>()
}

/// Line breaks in `bytes`, eight bytes at a time.
fn count_newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for c in &mut chunks {
        // A byte of x is zero exactly where `bytes` has `\n`; bit 7 of
        // `nonzero` is set in every other byte (no carry crosses a byte).
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes")) ^ (LO * b'\n' as u64);
        let nonzero = (((x & !HI).wrapping_add(!HI)) | x) & HI;
        n += 8 - nonzero.count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether the parser sees a virtual `\n` after `text` ([`syntax::parse`]).
fn has_virtual_newline(text: &str) -> bool {
    !text.is_empty() && !text.ends_with('\n')
}

impl Document {
    /// A document: open (with a version) or indexed from disk (compact).
    pub fn new(text: String, version: Option<i32>, config: &Config) -> Document {
        let analysis = analysis::analyze(&text, config);
        let mut doc = Document { rope: Rope::new(), text, version, analysis, lines: None, moved_by: None, serial: next_serial(), last_edit: None };
        if version.is_some() {
            doc.rope = Rope::from_str(&doc.text);
        } else {
            doc.compact();
        }
        doc
    }

    /// A file indexed from disk, opened by the editor with the same text:
    /// its analysis is kept (it is what analysing the text again gives);
    /// the rope and the tree are built for editing.
    pub fn open_indexed(&mut self, version: i32) {
        self.expand();
        self.version = Some(version);
    }

    /// The serial of the text as it is now.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// How the text named `serial` became this one, when it is this one
    /// or one single-line change away; `None` otherwise.
    pub fn since(&self, serial: u64) -> Option<Since> {
        if serial == self.serial {
            return Some(Since::Same);
        }
        match self.last_edit {
            Some((before, e)) if before == serial => Some(Since::LineEdit(e)),
            _ => None,
        }
    }

    /// Whether the document keeps only its text, line index and analysis.
    pub fn is_compact(&self) -> bool {
        self.lines.is_some()
    }

    /// The syntax tree, when the document keeps it (an open document).
    pub fn tree(&self) -> Option<&tree_sitter::Tree> {
        (!self.is_compact()).then_some(&self.analysis.tree)
    }

    /// Drops the rope and the tree; keeps a line index.
    fn compact(&mut self) {
        self.rope = Rope::new();
        self.analysis.tree = syntax::parse("", None);
        self.analysis.compact();
        self.lines = Some(LineIndex::new(&self.text));
        self.text.shrink_to_fit();
    }

    /// Rebuilds the rope and the tree of a compact document.
    fn expand(&mut self) {
        if self.lines.take().is_some() {
            self.rope = Rope::from_str(&self.text);
            self.analysis.tree = syntax::parse(&self.text, None);
        }
    }

    pub fn report(&self) -> &Report {
        &self.analysis.report
    }

    /// Applies changes in order, editing the tree with each, then reparses
    /// once with the edited tree and re-analyses.
    pub fn apply(&mut self, changes: Vec<Change>, version: i32, enc: Encoding, config: &Config) -> Reanalysis {
        self.expand();
        let mut tree = self.analysis.tree.clone();
        // One replacement within one line may leave the model as it was
        // but for positions (`analysis::reanalyze`).
        let mut line_edit = None;
        let single = changes.len() == 1;
        // Whether any change replaced something: a version bump alone, or
        // empty insertions, leave the tree and the analysis as they are
        // (reparsing an unchanged text can recover from an error
        // differently than the parse it came from).
        let mut changed = false;
        for change in changes {
            match change.range {
                None => {
                    changed = true;
                    self.rope = Rope::from_str(&change.text);
                    self.text = change.text;
                    tree = syntax::parse(&self.text, None);
                }
                Some((start, end)) => {
                    let was_virtual = has_virtual_newline(&self.text);
                    let mut s = rope::to_offset(&self.rope, start, enc);
                    let mut e = rope::to_offset(&self.rope, end, enc);
                    if e < s {
                        std::mem::swap(&mut s, &mut e);
                    }
                    if s == e && change.text.is_empty() {
                        continue;
                    }
                    changed = true;
                    let start_position = point(&self.rope, s);
                    let old_end_position = point(&self.rope, e);
                    let breaks = |t: &str| t.contains(['\n', '\r']);
                    if single && !breaks(&change.text) && !breaks(&self.text[s..e]) {
                        line_edit = Some(Edit { start: s, old_end: e, new_end: s + change.text.len() });
                    }
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
                    // The parser reads one virtual `\n` after a text that
                    // does not end with one (see `syntax::parse`): when the
                    // edit changes that, the virtual byte at the end goes
                    // or comes, and the tree must be told so.
                    let now_virtual = has_virtual_newline(&self.text);
                    if was_virtual != now_virtual {
                        line_edit = None;
                        let len = self.text.len();
                        let at = point(&self.rope, len);
                        let after = Point { row: at.row + 1, column: 0 };
                        let (old_end, new_end, old_pos, new_pos) =
                            if was_virtual { (len + 1, len, after, at) } else { (len, len + 1, at, after) };
                        tree.edit(&InputEdit {
                            start_byte: len,
                            old_end_byte: old_end,
                            new_end_byte: new_end,
                            start_position: at,
                            old_end_position: old_pos,
                            new_end_position: new_pos,
                        });
                    }
                }
            }
        }
        self.moved_by = None;
        if !changed {
            self.version = Some(version);
            return Reanalysis::Unchanged;
        }
        let serial = next_serial();
        self.last_edit = line_edit.map(|e| (self.serial, e));
        self.serial = serial;
        let tree = syntax::parse(&self.text, Some(&tree));
        let how = analysis::reanalyze(&mut self.analysis, &self.text, tree, line_edit, config);
        self.moved_by = line_edit.filter(|_| how == Reanalysis::Moved);
        self.version = Some(version);
        how
    }

    pub fn reanalyze(&mut self, config: &Config) {
        if self.is_compact() {
            self.analysis = analysis::analyze(&self.text, config);
            self.analysis.tree = syntax::parse("", None);
            self.analysis.compact();
        } else {
            self.analysis = analysis::analyze_tree(&self.text, self.analysis.tree.clone(), config);
        }
    }

    pub fn offset(&self, pos: LineCol, enc: Encoding) -> usize {
        match &self.lines {
            Some(idx) => idx.to_offset(&self.text, pos, enc),
            None => rope::to_offset(&self.rope, pos, enc),
        }
    }

    /// Positions of many offsets, mostly in order (an outline, a list of
    /// diagnostics): the last line found is remembered, and an offset a
    /// little after it costs no lookup.
    pub fn positions(&self, enc: Encoding) -> Positions<'_> {
        Positions { doc: self, enc, line: None }
    }

    /// The position of a byte offset; the same as [`rope::to_line_col`],
    /// with the line found in the rope (or the line index) and the
    /// characters counted in the string: two lookups instead of five.
    pub fn position(&self, offset: usize, enc: Encoding) -> LineCol {
        self.positions(enc).get(offset)
    }

    /// The line holding byte `floor` (a character boundary) and its start.
    fn line_of(&self, floor: usize) -> (usize, usize) {
        match &self.lines {
            Some(idx) => {
                let line = idx.line_of(floor);
                (line, idx.line_range(&self.text, line).start)
            }
            None => {
                let line = self.rope.byte_to_line(floor);
                (line, self.rope.line_to_byte(line))
            }
        }
    }
}

/// See [`Document::positions`].
pub struct Positions<'a> {
    doc: &'a Document,
    enc: Encoding,
    /// The line of the last position and its start.
    line: Option<(usize, usize)>,
}

/// Where a [`Positions`] stands: taken and put back to find one position
/// out of order without losing the place.
#[derive(Clone, Copy)]
pub struct Cursor(Option<(usize, usize)>);

impl Positions<'_> {
    pub fn cursor(&self) -> Cursor {
        Cursor(self.line)
    }

    pub fn seek(&mut self, c: Cursor) {
        self.line = c.0;
    }

    /// The same as [`Document::position`]. An offset after the last one
    /// is reached by counting line breaks forward from the last line's
    /// start (bytes the UTF-16 count reads anyway for an offset on the
    /// same line); one before it by a lookup.
    pub fn get(&mut self, offset: usize) -> LineCol {
        let doc = self.doc;
        let offset = offset.min(doc.text.len());
        let mut floor = offset;
        while !doc.text.is_char_boundary(floor) {
            floor -= 1;
        }
        let (line, start) = match self.line {
            // Far ahead, a lookup is cheaper than counting.
            Some((line, start)) if start <= floor && floor - start <= 1 << 12 => {
                let gap = &doc.text.as_bytes()[start..floor];
                match count_newlines(gap) {
                    0 => (line, start),
                    // `rfind` of a char searches word by word (memrchr).
                    n => (line + n, start + doc.text[start..floor].rfind('\n').map_or(0, |i| i + 1)),
                }
            }
            _ => doc.line_of(floor),
        };
        self.line = Some((line, start));
        let character = match self.enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => utf16_len(&doc.text.as_bytes()[start..floor]),
        };
        LineCol { line: line as u32, character: character as u32 }
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

    #[test]
    fn positions_agree_with_the_rope_open_or_compact() {
        let config = Config::default();
        let text = "# 政策評価書 Ⅰ-2 テスト\r\n@年度: 令和5年度\n\na😀b\r\n令和\r\nx";
        let rope = Rope::from_str(text);
        let open = Document::new(text.to_string(), Some(1), &config);
        let closed = Document::new(text.to_string(), None, &config);
        assert!(closed.is_compact() && !open.is_compact());
        assert!(closed.tree().is_none() && open.tree().is_some());
        assert_eq!(closed.analysis.diagnostics, open.analysis.diagnostics);
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            for off in 0..=text.len() + 2 {
                let want = rope::to_line_col(&rope, off, enc);
                assert_eq!(open.position(off, enc), want, "{off} {enc:?}");
                // A cursor, forward from every earlier offset, and back.
                for from in [0, off / 2, off.saturating_sub(1), text.len()] {
                    let mut at = open.positions(enc);
                    at.get(from);
                    assert_eq!(at.get(off), want, "{from} → {off} {enc:?}");
                }
                if text.is_char_boundary(off.min(text.len())) {
                    assert_eq!(closed.position(off, enc), want, "{off} {enc:?}");
                }
            }
            for line in 0..8 {
                for ch in 0..40 {
                    let p = lc(line, ch);
                    assert_eq!(closed.offset(p, enc), open.offset(p, enc), "{p:?} {enc:?}");
                }
            }
        }
    }

    #[test]
    fn utf16_len_counts_code_units() {
        for t in ["", "abc", "令和５年度", "a😀b", "e\u{301}👩\u{200D}💻", "\r\n"] {
            assert_eq!(utf16_len(t.as_bytes()), t.encode_utf16().count(), "{t:?}");
        }
        // Every length and alignment of a mix of 1- to 4-byte characters.
        let mix = "a令😀\né\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}\n\n、x".repeat(3);
        for start in mix.char_indices().map(|(i, _)| i) {
            for end in mix[start..].char_indices().map(|(i, _)| start + i).chain([mix.len()]) {
                let t = &mix[start..end];
                assert_eq!(utf16_len(t.as_bytes()), t.encode_utf16().count(), "{t:?}");
                assert_eq!(count_newlines(t.as_bytes()), t.matches('\n').count(), "{t:?}");
            }
        }
    }

    #[test]
    fn a_compact_document_expands_on_edit() {
        let config = Config::default();
        let text = "# 政策評価書 Ⅰ-2 テスト\n@年度: 令和5年度\n本文です。\n";
        let mut doc = Document::new(text.to_string(), None, &config);
        doc.reanalyze(&config);
        assert!(doc.is_compact());
        doc.apply(vec![Change { range: Some((lc(2, 2), lc(2, 2))), text: "追加".into() }], 1, Encoding::Utf16, &config);
        assert!(!doc.is_compact());
        assert_eq!(doc.rope.to_string(), doc.text);
        assert!(doc.text.contains("本文追加です。"));
        let full = analysis::analyze(&doc.text, &config);
        assert_eq!(doc.analysis.tree.root_node().to_sexp(), full.tree.root_node().to_sexp());
        assert_eq!(doc.analysis.diagnostics, full.diagnostics);
    }
}
