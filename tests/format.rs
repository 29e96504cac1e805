//! The format: every example file parses without ERROR or MISSING nodes
//! (through the Rust binding), every example in docs/format.md parses, and
//! the converted real report holds every number of the seed's tables.

use std::collections::HashMap;
use std::path::Path;

fn parse(text: &str) -> tree_sitter::Tree {
    hyoka::syntax::parse(text, None)
}

fn hyoka_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    hyoka::cli::collect_files(dir, out).unwrap();
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_example_parses_cleanly() {
    let mut files = Vec::new();
    hyoka_files(&root().join("examples"), &mut files);
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let tree = parse(&text);
        assert!(!tree.root_node().has_error(), "{} has syntax errors: {:?}", f.display(), hyoka::syntax::syntax_errors(&tree, text.len()));
    }
}

/// The fenced ```hyoka blocks of a Markdown file.
fn hyoka_blocks(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, line) in md.lines().enumerate() {
        if let Some((start, body)) = cur.as_mut() {
            if line.starts_with("```") {
                out.push((*start, std::mem::take(body)));
                cur = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
        } else if line.starts_with("```hyoka") {
            cur = Some((i + 1, String::new()));
        }
    }
    out
}

#[test]
fn every_example_in_the_format_spec_parses() {
    let md = std::fs::read_to_string(root().join("docs/format.md")).unwrap();
    let blocks = hyoka_blocks(&md);
    assert!(blocks.len() >= 10, "found {} examples", blocks.len());
    for (line, text) in blocks {
        let tree = parse(&text);
        assert!(!tree.root_node().has_error(), "docs/format.md example at line {line} does not parse:\n{text}\n{}", tree.root_node().to_sexp());
    }
}

/// Numbers in the example tables, as written, with their counts.
fn example_numbers() -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let mut files = Vec::new();
    hyoka_files(&root().join("examples/mofa-I-2"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let report = hyoka::analysis::analyze(&text, &Default::default()).report;
        let mut cells: Vec<String> = report.tables.iter().flat_map(|t| t.rows.iter().skip(1)).flat_map(|r| r.cells.iter().skip(1)).map(|c| c.text.clone()).collect();
        // Values written as attributes (中期目標値) are table cells in the print.
        cells.extend(report.attributes.iter().filter(|a| a.key.starts_with("中期目標値")).filter_map(|a| a.value.as_ref().map(|v| v.text.clone())));
        for cell in cells {
            let mut cur = String::new();
            for c in cell.chars().chain(std::iter::once(' ')) {
                let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
                if digit || (!cur.is_empty() && matches!(c, ',' | '.')) {
                    cur.push(c);
                } else if !cur.is_empty() {
                    *counts.entry(cur.trim_end_matches([',', '.']).to_string()).or_insert(0) += 1;
                    cur.clear();
                }
            }
        }
    }
    counts
}

#[test]
fn the_converted_report_holds_every_table_number_of_the_seed() {
    let list = std::fs::read_to_string(root().join("tests/data/seed-table-numbers.txt")).unwrap();
    let mut available = example_numbers();
    let mut missing = Vec::new();
    let mut total = 0;
    for line in list.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (seed_line, numbers) = line.split_once('\t').expect("<line>\\t<numbers>");
        for n in numbers.split_whitespace() {
            let n = n.trim_matches(['(', ')', '（', '）']);
            total += 1;
            match available.get_mut(n) {
                Some(c) if *c > 0 => *c -= 1,
                _ => missing.push(format!("{n} (seed line {seed_line})")),
            }
        }
    }
    assert!(total > 150, "only {total} numbers listed");
    assert!(missing.is_empty(), "numbers of the seed's tables missing from the examples: {missing:?}");
}

#[test]
fn a_last_line_without_a_line_break_parses_cleanly() {
    for text in ["## 施策目標\n日米", "## 施策目標", "@年度: 令和5年度", "| a | 1 |", "# 政策評価書 Ⅰ-2 北米地域外交\n@年度：　令和5年度"] {
        let a = hyoka::analysis::analyze(text, &Default::default());
        assert!(!a.tree.root_node().has_error(), "{text:?}: {}", a.tree.root_node().to_sexp());
    }
    // The ideographic space is a space: the key is 年度, not 「　年度　」.
    let a = hyoka::analysis::analyze("@　年度　:　令和5年度\n", &Default::default());
    assert_eq!(a.report.year.as_ref().map(|y| y.0), Some(2023));
    assert_eq!(a.report.attributes[0].key, "年度");
}
