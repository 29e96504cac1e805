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
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(text, old)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
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
pub fn syntax_errors(tree: &Tree) -> Vec<(std::ops::Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut stack_done = false;
    if !tree.root_node().has_error() {
        return out;
    }
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            out.push((node.byte_range(), node.is_missing()));
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
