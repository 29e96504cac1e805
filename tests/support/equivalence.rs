//! Shared by tests/incremental.rs and fuzz/fuzz_targets/edits.rs: random
//! positions near a text, and a tree's full shape for comparisons.

use hyoka::text::{Encoding, LineCol, LineIndex};

/// A position near the text: usually inside, sometimes past the end of its
/// line or past the last line.
pub fn position(text: &str, idx: &LineIndex, (l, c): (u32, u32), enc: Encoding) -> LineCol {
    let lines = idx.line_count();
    let line = l as usize % (lines + 2);
    let len = if line < lines {
        let r = idx.line_range(text, line);
        match enc {
            Encoding::Utf8 => r.len(),
            Encoding::Utf16 => text[r].encode_utf16().count(),
        }
    } else {
        0
    };
    LineCol { line: line as u32, character: (c as usize % (len + 3)) as u32 }
}

/// A node's kind, byte range, points and error flags.
pub type Shape = (u16, usize, usize, usize, usize, usize, usize, bool, bool);

/// Every node's shape, in document order.
pub fn shape(tree: &tree_sitter::Tree) -> Vec<Shape> {
    let mut out = Vec::new();
    let mut cur = tree.walk();
    loop {
        let n = cur.node();
        let (s, e) = (n.start_position(), n.end_position());
        out.push((n.kind_id(), n.start_byte(), n.end_byte(), s.row, s.column, e.row, e.column, n.is_error(), n.is_missing()));
        if cur.goto_first_child() || cur.goto_next_sibling() {
            continue;
        }
        loop {
            if !cur.goto_parent() {
                return out;
            }
            if cur.goto_next_sibling() {
                break;
            }
        }
    }
}

