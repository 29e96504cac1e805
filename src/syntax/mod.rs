//! The syntax tree of one document: tree-sitter with the Hyoka grammar,
//! parsed from scratch or incrementally from an edited old tree.

use std::cell::RefCell;
use tree_sitter::{InputEdit, Parser, Point, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(new_parser());
}

fn new_parser() -> Parser {
    let mut p = Parser::new();
    p.set_language(&tree_sitter_hyoka::LANGUAGE.into())
        .expect("the bundled grammar's ABI is supported by the linked tree-sitter");
    p
}

/// Parses `text`, reusing `old` (already edited with [`edit_tree`]) when given.
///
/// Every line of the grammar ends with a line break; a text whose last line
/// has none is parsed as if it had one (the parser sees one virtual `\n`
/// after the end), so that node ranges may end one byte past the text.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    const NO_TREE: &str = "parsing without a timeout or cancellation flag always yields a tree";
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        if text.is_empty() || text.ends_with('\n') {
            return p.parse(text, old).expect(NO_TREE);
        }
        let bytes = text.as_bytes();
        let mut input = |offset: usize, _: Point| -> &[u8] {
            match offset.cmp(&bytes.len()) {
                std::cmp::Ordering::Less => &bytes[offset..],
                std::cmp::Ordering::Equal => b"\n",
                std::cmp::Ordering::Greater => &[],
            }
        };
        p.parse_with_options(&mut input, old, None).expect(NO_TREE)
    })
}

/// The tree-sitter point (row, byte column) of a byte offset.
pub fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let row = before.iter().filter(|&&b| b == b'\n').count();
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count();
    Point { row, column: col }
}

/// Tells `tree` that bytes `start..old_end` of `old_text` were replaced by
/// `new_len` bytes giving `new_text`.
pub fn edit_tree(tree: &mut Tree, old_text: &str, new_text: &str, start: usize, old_end: usize, new_len: usize) {
    let edit = InputEdit {
        start_byte: start,
        old_end_byte: old_end,
        new_end_byte: start + new_len,
        start_position: point_at(old_text, start),
        old_end_position: point_at(old_text, old_end),
        new_end_position: point_at(new_text, start + new_len),
    };
    tree.edit(&edit);
}

/// Byte ranges of ERROR and MISSING nodes, innermost first-found.
/// `len` is the text's length: ranges are clamped to it.
pub fn syntax_errors(tree: &Tree, len: usize) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut stack_done = false;
    if !tree.root_node().has_error() {
        return out;
    }
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            let r = node.byte_range();
            out.push((r.start.min(len)..r.end.min(len), node.is_missing()));
        } else if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                stack_done = true;
                break;
            }
        }
        if stack_done {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The parse actions an incremental reparse takes after `の` is typed
    /// in the middle of `text` (the parser's log, one `process` per action).
    fn actions_of_a_reparse(text: &str) -> usize {
        let mut p = new_parser();
        let old = p.parse(text, None).unwrap();
        let mut at = text.len() / 2;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut edited = text.to_string();
        edited.insert(at, 'の');
        let mut tree = old.clone();
        edit_tree(&mut tree, text, &edited, at, at, "の".len());
        let n = Arc::new(Mutex::new(0usize));
        let counter = n.clone();
        p.set_logger(Some(Box::new(move |_, msg: &str| {
            if msg.starts_with("process ") {
                *counter.lock().unwrap() += 1;
            }
        })));
        let new = p.parse(&edited, Some(&tree)).unwrap();
        let full = new_parser().parse(&edited, None).unwrap();
        assert_eq!(new.root_node().to_sexp(), full.root_node().to_sexp(), "the reparse gives what a full parse gives");
        let actions = *n.lock().unwrap();
        actions
    }

    #[test]
    fn a_reparse_reuses_whole_the_sections_an_edit_is_not_in() {
        // tree-sitter reuses the elements of a repetition, not its nodes: with
        // the sections flat under the document, a keystroke took one parse
        // action per section after it (about 580 at 1 MB, 2,600 at 5 MB). The
        // hidden groups by marker depth make them few and nearly flat in the
        // report's size.
        let small = actions_of_a_reparse(&crate::gen::evaluation(3, 200_000));
        let large = actions_of_a_reparse(&crate::gen::evaluation(3, 2_000_000));
        assert!(small < 120, "{small} parse actions for a keystroke at 200 KB");
        assert!(large < 150, "{large} parse actions for a keystroke at 2 MB");
    }
}
