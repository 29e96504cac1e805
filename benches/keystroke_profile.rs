//! One keystroke at a given size through the server's document store, for a
//! profiler (docs/performance.md):
//!
//!     cargo bench --bench keystroke_profile --no-run
//!     valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*keystrokes*' \
//!         target/release/deps/keystroke_profile-* 5000000 5
//!
//! Arguments: report size in bytes (default 5 MB), keystrokes (default 5).
//! Other modes: `gen <bytes> [seed]` prints a generated 政策評価書;
//! `workspace <measures> <dir> [evaluation bytes]` writes a generated
//! workspace; `memory [measures]` shows where a workspace's memory goes;
//! `reparses <bytes> <n>` times tree-sitter's reparse alone (for callgrind:
//! `--toggle-collect='*reparse_loop*'`); `reuse <bytes>` counts what one
//! reparse does (parse actions, nodes reused whole).
//! (`cargo bench --bench keystroke_profile -- gen 5000000 > big.hyoka`)

use hyoka::config::Config;
use hyoka::lsp::{Change, Document};
use hyoka::text::{Encoding, LineCol};
use std::time::Instant;

#[inline(never)]
fn keystrokes(doc: &mut Document, n: usize, config: &Config) {
    let lines = doc.rope.len_lines();
    for v in 1..=n {
        // Insert then delete a character in a prose line spread over the text.
        let mut line = lines * v / (n + 1);
        while doc.rope.line(line).len_chars() < 4 || matches!(doc.rope.line(line).char(0), '#' | '@' | '|' | '/') {
            line += 1;
        }
        let at = LineCol { line: line as u32, character: 2 };
        let ver = doc.version.unwrap_or(0) + 1;
        doc.apply(vec![Change { range: Some((at, at)), text: "の".into() }], ver, Encoding::Utf16, config);
        let end = LineCol { line: line as u32, character: 3 };
        doc.apply(vec![Change { range: Some((at, end)), text: String::new() }], ver + 1, Encoding::Utf16, config);
    }
}

/// The outline and every position the documentSymbol answer converts.
#[inline(never)]
fn symbols(doc: &Document, n: usize) -> usize {
    fn walk(doc: &Document, s: &hyoka::features::outline::Symbol, acc: &mut usize) {
        for o in [s.span.start, s.span.end, s.selection.start, s.selection.end] {
            *acc += doc.position(o, Encoding::Utf16).character as usize;
        }
        for c in &s.children {
            walk(doc, c, acc);
        }
    }
    let mut acc = 0;
    for _ in 0..n {
        for s in hyoka::features::outline::outline(doc.report(), &doc.text) {
            walk(doc, &s, &mut acc);
        }
    }
    acc
}

/// Inserts then deletes a digit in the second cell of `n` table rows spread
/// over the report; returns the paths taken.
#[inline(never)]
fn cell_keystrokes(doc: &mut Document, n: usize, config: &Config) -> String {
    let rows: Vec<usize> = doc.text.lines().enumerate().filter(|(_, l)| l.starts_with("| ") && l.matches('|').count() >= 3).map(|(i, _)| i).collect();
    let mut paths = std::collections::BTreeMap::new();
    for k in 0..n {
        let line = rows[rows.len() * (2 * k + 1) / (2 * n)];
        let second = doc.text.lines().nth(line).unwrap().char_indices().filter(|(_, c)| *c == '|').nth(1).map(|(i, _)| i).unwrap();
        let at = LineCol { line: line as u32, character: doc.text.lines().nth(line).unwrap()[..second].encode_utf16().count() as u32 + 2 };
        let end = LineCol { character: at.character + 1, ..at };
        let ver = doc.version.unwrap_or(0) + 1;
        let how = doc.apply(vec![Change { range: Some((at, at)), text: "1".into() }], ver, Encoding::Utf16, config);
        *paths.entry(format!("{how:?}")).or_insert(0) += 1;
        let how = doc.apply(vec![Change { range: Some((at, end)), text: String::new() }], ver + 1, Encoding::Utf16, config);
        *paths.entry(format!("{how:?}")).or_insert(0) += 1;
    }
    format!("{paths:?}")
}

/// Keystrokes at random places, as the end-to-end benchmark types them:
/// how many only moved spans, and what each kind cost.
fn mix(bytes: usize, n: usize) {
    let config = Config::default();
    // HYOKA_MIX_FILE: type into that report instead of a generated one.
    let text = std::env::var("HYOKA_MIX_FILE").ok().and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_else(|| hyoka::gen::evaluation(3, bytes));
    let mut doc = Document::new(text, Some(0), &config);
    let mut rng = hyoka::gen::Rng::new(13);
    let inserts = ["の", "1", "a", "、", " ", "る", "２"];
    let (mut moved, mut sections, mut full): (Vec<f64>, Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new(), Vec::new());
    for v in 1..=n as i32 {
        let text = &doc.text;
        let mut off = rng.below(text.len());
        while !text.is_char_boundary(off) {
            off -= 1;
        }
        let insert = v % 2 == 1 || text[off..].starts_with('\n');
        let (end, new_text) = if insert { (off, *rng.pick(&inserts)) } else { (off + text[off..].chars().next().unwrap().len_utf8(), "") };
        let (a, b) = (doc.position(off, Encoding::Utf16), doc.position(end, Encoding::Utf16));
        // HYOKA_MIX_PAUSE_MS: a typist's pause before each keystroke (the machine idles).
        if let Some(ms) = std::env::var("HYOKA_MIX_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        let t0 = Instant::now();
        let how = doc.apply(vec![Change { range: Some((a, b)), text: new_text.into() }], v, Encoding::Utf16, &config);
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        match how {
            hyoka::analysis::Reanalysis::Moved => moved.push(ms),
            hyoka::analysis::Reanalysis::Sections => sections.push(ms),
            _ => full.push(ms),
        }
    }
    let stat = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let p = |q: f64| v.get(((v.len().max(1) - 1) as f64 * q).round() as usize).copied().unwrap_or(f64::NAN);
        format!("{} keystrokes, p50 {:.2} ms, p90 {:.2}, max {:.2}", v.len(), p(0.5), p(0.9), p(1.0))
    };
    println!("{} bytes: moved: {}; sections: {}; full: {}", doc.text.len(), stat(&mut moved), stat(&mut sections), stat(&mut full));
}

/// The incremental reparse after a one-character insertion in prose at
/// 1 %, 50 % and 99 % of the report: what it costs depends on where.
fn reparse_by_position(bytes: usize) {
    let text = hyoka::gen::evaluation(3, bytes);
    let tree = hyoka::syntax::parse(&text, None);
    for pct in [1, 25, 50, 75, 99] {
        let mut at = text.len() * pct / 100;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut edited = text.clone();
        edited.insert_str(at, "の");
        let n = 20;
        let mut total = 0.0;
        for _ in 0..n {
            let mut t = tree.clone();
            hyoka::syntax::edit_tree(&mut t, &text, &edited, at, at, "の".len());
            let t0 = Instant::now();
            let new = hyoka::syntax::parse(&edited, Some(&t));
            total += t0.elapsed().as_secs_f64() * 1000.0;
            drop(new);
        }
        println!("{} bytes, edit at {pct} %: {:.3} ms per reparse", text.len(), total / n as f64);
    }
}

/// `n` reparses after a one-character insertion spread over the text.
#[inline(never)]
fn reparse_loop(text: &str, tree: &tree_sitter::Tree, n: usize) {
    for i in 0..n {
        let mut at = text.len() * (2 * i + 1) / (2 * n);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut edited = String::with_capacity(text.len() + 3);
        edited.push_str(&text[..at]);
        edited.push('の');
        edited.push_str(&text[at..]);
        let mut t = tree.clone();
        hyoka::syntax::edit_tree(&mut t, text, &edited, at, at, "の".len());
        std::hint::black_box(hyoka::syntax::parse(&edited, Some(&t)));
    }
}

/// What the full pass costs, stage by stage.
fn split(bytes: usize) {
    let config = Config::default();
    let text = hyoka::gen::evaluation(3, bytes);
    let n = 10;
    let time = |what: &str, f: &mut dyn FnMut()| {
        let t0 = Instant::now();
        for _ in 0..n {
            f();
        }
        println!("{what}: {:.2} ms", t0.elapsed().as_secs_f64() * 1000.0 / n as f64);
    };
    let tree = hyoka::syntax::parse(&text, None);
    let report = hyoka::model::lower(&text, &tree);
    time("parse", &mut || drop(hyoka::syntax::parse(&text, None)));
    time("rope", &mut || drop(ropey::Rope::from_str(&text)));
    time("lower", &mut || drop(hyoka::model::lower(&text, &tree)));
    time("check_document", &mut || drop(hyoka::checks::check_document(&report, &text, &config)));
    time("outline", &mut || drop(hyoka::features::outline::outline(&report, &text)));
    time("analyze_tree", &mut || drop(hyoka::analysis::analyze_tree(&text, tree.clone(), &config)));
    // The whole document's checks of each family (what a keystroke outside
    // prose runs besides the items of its sections; completeness has none).
    use hyoka::checks::*;
    let mut out = Vec::new();
    time("structure", &mut || structure::check(&report, &text, &config, &mut out));
    time("references", &mut || references::check(&report, &text, &config, &mut out));
    time("ratings", &mut || ratings::check(&report, &config, &mut out));
    time("budgets", &mut || budgets::check(&report, &config, &mut out));
    time("years", &mut || years::check(&report, &text, &mut out));
    let all = hyoka::checks::check_document(&report, &text, &config);
    println!("{} diagnostics", all.len());
}

fn rss_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = s.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    pages * 4096.0 / (1 << 20) as f64
}

/// Where the memory of a workspace goes: RSS after each stage over every file.
fn memory(measures: usize) {
    let ws = hyoka::gen::workspace(measures, 42, 165_000);
    let total: usize = ws.iter().map(|(_, t)| t.len()).sum();
    let texts: Vec<String> = ws.into_iter().map(|(_, t)| t).collect();
    let base = rss_mib();
    println!("{} files, {:.1} MB of text: RSS {base:.0} MiB with the texts", texts.len(), total as f64 / 1e6);
    let ropes: Vec<ropey::Rope> = texts.iter().map(|t| ropey::Rope::from_str(t)).collect();
    let r1 = rss_mib();
    println!("ropes: +{:.0} MiB", r1 - base);
    let trees: Vec<tree_sitter::Tree> = texts.iter().map(|t| hyoka::syntax::parse(t, None)).collect();
    let r2 = rss_mib();
    println!("trees: +{:.0} MiB", r2 - r1);
    let reports: Vec<hyoka::model::Report> = texts.iter().zip(&trees).map(|(t, tr)| hyoka::model::lower(t, tr)).collect();
    let r3 = rss_mib();
    println!("reports: +{:.0} MiB", r3 - r2);
    let config = Config::default();
    let diags: Vec<_> = texts.iter().zip(&reports).map(|(t, r)| hyoka::checks::check_document(r, t, &config)).collect();
    let r4 = rss_mib();
    println!("diagnostics: +{:.0} MiB ({} in all)", r4 - r3, diags.iter().map(|d| d.len()).sum::<usize>());
    drop((ropes, trees, reports, diags));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    // The generator on the command line: `gen <bytes> <seed> > file.hyoka`,
    // `workspace <measures> <dir> [evaluation bytes]`.
    if args.first().map(String::as_str) == Some("gen") {
        let bytes = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
        let seed = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
        print!("{}", hyoka::gen::evaluation(seed, bytes));
        return;
    }
    if args.first().map(String::as_str) == Some("workspace") {
        let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(500);
        let dir = std::path::PathBuf::from(args.get(2).cloned().unwrap_or_else(|| "hyoka-workspace".into()));
        let bytes = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(165_000);
        let total = hyoka::gen::write_workspace(&dir, n, 42, bytes).expect("write the workspace");
        eprintln!("{} files, {total} bytes in {}", n * 3, dir.display());
        return;
    }
    if args.first().map(String::as_str) == Some("mix") {
        mix(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000), args.get(2).and_then(|a| a.parse().ok()).unwrap_or(400));
        return;
    }
    if args.first().map(String::as_str) == Some("reparse") {
        reparse_by_position(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000));
        return;
    }
    if args.first().map(String::as_str) == Some("reparses") {
        // The incremental reparse alone, for a profiler:
        // `valgrind --tool=callgrind --toggle-collect='*reparse_loop*' … reparses 5000000 20`.
        let bytes = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000);
        let n = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20);
        let text = hyoka::gen::evaluation(3, bytes);
        let tree = hyoka::syntax::parse(&text, None);
        let t0 = Instant::now();
        reparse_loop(&text, &tree, n);
        println!("{:.3} ms per reparse", t0.elapsed().as_secs_f64() * 1000.0 / n as f64);
        return;
    }
    if args.first().map(String::as_str) == Some("reuse") {
        // What tree-sitter does in one reparse after `の` is typed in the
        // middle: its log's messages counted by their first word (`process`
        // is one parse action, `reuse_node` one node of the old tree taken
        // whole); HYOKA_REUSE_LOG=1 prints the log.
        let bytes = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
        let text = hyoka::gen::evaluation(3, bytes);
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_hyoka::LANGUAGE.into()).unwrap();
        let tree = p.parse(&text, None).unwrap();
        let mut at = text.len() / 2;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut edited = text.clone();
        edited.insert(at, 'の');
        let mut t = tree.clone();
        hyoka::syntax::edit_tree(&mut t, &text, &edited, at, at, "の".len());
        let counts = std::sync::Arc::new(std::sync::Mutex::new(std::collections::BTreeMap::<String, usize>::new()));
        let c = counts.clone();
        let print = std::env::var("HYOKA_REUSE_LOG").is_ok();
        p.set_logger(Some(Box::new(move |_, msg: &str| {
            if print {
                eprintln!("{msg}");
            }
            let word = msg.split([' ', ',']).next().unwrap_or("").to_string();
            *c.lock().unwrap().entry(word).or_default() += 1;
        })));
        drop(p.parse(&edited, Some(&t)));
        for (k, v) in counts.lock().unwrap().iter() {
            println!("{v:8} {k}");
        }
        return;
    }
    if args.first().map(String::as_str) == Some("cells") {
        // Keystrokes in table cells (the path that lowers a part again), for a profiler:
        // `valgrind --tool=callgrind --toggle-collect='*cell_keystrokes*' … cells 5000000 10`.
        let config = Config::default();
        let bytes = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000);
        let n = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
        let mut doc = Document::new(hyoka::gen::evaluation(3, bytes), Some(0), &config);
        let t0 = Instant::now();
        let paths = cell_keystrokes(&mut doc, n, &config);
        println!("{:.2} ms per keystroke in a table cell ({paths})", t0.elapsed().as_secs_f64() * 1000.0 / (2 * n) as f64);
        return;
    }
    if args.first().map(String::as_str) == Some("line") {
        // Types `の` after the first character of the title of lines starting with a prefix.
        let config = Config::default();
        let mut doc = Document::new(hyoka::gen::evaluation(3, 300_000), Some(0), &config);
        let prefix = args.get(1).cloned().unwrap_or("## ".into());
        let lines: Vec<usize> = doc.text.lines().enumerate().filter(|(_, l)| l.starts_with(prefix.as_str())).map(|(i, _)| i).take(5).collect();
        for (v, line) in lines.into_iter().enumerate() {
            let at = LineCol { line: line as u32, character: 5 };
            let how = doc.apply(vec![Change { range: Some((at, at)), text: "の".into() }], v as i32 + 1, Encoding::Utf16, &config);
            println!("{how:?} {}", doc.text.lines().nth(line).unwrap());
        }
        return;
    }
    if args.first().map(String::as_str) == Some("lower") {
        // Lowering alone, for a profiler.
        let text = hyoka::gen::evaluation(3, 5_000_000);
        let tree = hyoka::syntax::parse(&text, None);
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
        let t0 = Instant::now();
        for _ in 0..n {
            std::hint::black_box(hyoka::model::lower(&text, &tree));
        }
        println!("lower: {:.2} ms", t0.elapsed().as_secs_f64() * 1000.0 / n as f64);
        return;
    }
    if args.first().map(String::as_str) == Some("checks") {
        // check_document alone, for a profiler.
        let config = Config::default();
        let text = hyoka::gen::evaluation(3, 5_000_000);
        let tree = hyoka::syntax::parse(&text, None);
        let report = hyoka::model::lower(&text, &tree);
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
        let t0 = Instant::now();
        for _ in 0..n {
            std::hint::black_box(hyoka::checks::check_document(&report, &text, &config));
        }
        println!("check_document: {:.2} ms", t0.elapsed().as_secs_f64() * 1000.0 / n as f64);
        return;
    }
    if args.first().map(String::as_str) == Some("cross") {
        // The cross-document pass of one set (an evaluation of about 5 MB, its plan and budget sheet).
        let config = Config::default();
        let ws = hyoka::gen::workspace(1, 42, 5_000_000);
        let docs: std::collections::HashMap<String, hyoka::model::Report> =
            ws.iter().map(|(p, t)| (p.to_string(), hyoka::model::lower(t, &hyoka::syntax::parse(t, None)))).collect();
        let mut index = hyoka::analysis::CrossIndex::<String>::default();
        index.rebuild(&docs, |r| r, &config);
        let key = docs.keys().find(|k| k.contains("evaluation") || k.contains("評価書")).cloned().unwrap_or_default();
        let n = std::env::var("HYOKA_N").ok().and_then(|n| n.parse().ok()).unwrap_or(50);
        let t0 = Instant::now();
        for _ in 0..n {
            std::hint::black_box(index.update(&docs, |r| r, std::slice::from_ref(&key), &config));
        }
        println!("{key}: {:.2} ms per update of its set ({} files)", t0.elapsed().as_secs_f64() * 1000.0 / n as f64, docs.len());
        return;
    }
    if args.first().map(String::as_str) == Some("split") {
        split(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000));
        return;
    }
    if args.first().map(String::as_str) == Some("memory1") {
        // Where the memory of one report goes (as the server keeps an open one).
        let bytes = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000);
        let text = hyoka::gen::evaluation(3, bytes);
        let base = rss_mib();
        println!("{:.1} MB of text: RSS {base:.0} MiB with the text", text.len() as f64 / 1e6);
        let rope = ropey::Rope::from_str(&text);
        let r1 = rss_mib();
        println!("rope: +{:.1} MiB", r1 - base);
        let tree = hyoka::syntax::parse(&text, None);
        let r2 = rss_mib();
        println!("tree: +{:.1} MiB", r2 - r1);
        let report = hyoka::model::lower(&text, &tree);
        let r3 = rss_mib();
        println!("model: +{:.1} MiB", r3 - r2);
        let cells: usize = report.tables.iter().flat_map(|t| &t.rows).map(|r| r.cells.len()).sum();
        println!(
            "  {} sections, {} attributes, {} indicators, {} tables, {} cells, {} citations, {} statements",
            report.sections.len(),
            report.attributes.len(),
            report.indicators.len(),
            report.tables.len(),
            cells,
            report.citations.len(),
            report.statements.len()
        );
        let diags = hyoka::checks::check_document(&report, &text, &Config::default());
        let r4 = rss_mib();
        println!("diagnostics: +{:.1} MiB ({})", r4 - r3, diags.len());
        let outline = hyoka::features::outline::outline(&report, &text);
        println!("outline: +{:.1} MiB", rss_mib() - r4);
        drop((rope, tree, report, diags, outline));
        return;
    }
    if args.first().map(String::as_str) == Some("memory") {
        memory(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(500));
        return;
    }
    let bytes: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5_000_000);
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let config = Config::default();
    let text = hyoka::gen::evaluation(1, bytes);
    let len = text.len();
    let mut doc = Document::new(text, Some(0), &config);
    let t0 = Instant::now();
    keystrokes(&mut doc, n, &config);
    let per = t0.elapsed().as_secs_f64() * 1000.0 / (2 * n) as f64;
    println!("{len} bytes: {per:.2} ms per keystroke (Document::apply, {} diagnostics)", doc.analysis.diagnostics.len());
    let t0 = Instant::now();
    let acc = symbols(&doc, n);
    println!("{len} bytes: {:.2} ms per outline with its positions ({acc})", t0.elapsed().as_secs_f64() * 1000.0 / n as f64);
    let t0 = Instant::now();
    let mut syms = Vec::new();
    for _ in 0..n {
        syms = hyoka::lsp::document_symbols(&doc, Encoding::Utf16);
    }
    println!("{len} bytes: {:.2} ms per documentSymbol answer ({} roots)", t0.elapsed().as_secs_f64() * 1000.0 / n as f64, syms.len());
    let mut kinds = std::collections::BTreeMap::new();
    fn count(s: &hyoka::features::outline::Symbol, k: &mut std::collections::BTreeMap<String, usize>) {
        *k.entry(format!("{:?}", s.kind)).or_default() += 1;
        s.children.iter().for_each(|c| count(c, k));
    }
    hyoka::features::outline::outline(doc.report(), &doc.text).iter().for_each(|s| count(s, &mut kinds));
    println!("{kinds:?}");
    let t0 = Instant::now();
    let mut value = serde_json::Value::Null;
    for _ in 0..n {
        value = serde_json::to_value(&syms).unwrap();
    }
    println!("{len} bytes: {:.2} ms per to_value", t0.elapsed().as_secs_f64() * 1000.0 / n as f64);
    let t0 = Instant::now();
    let mut out = String::new();
    for _ in 0..n {
        out = serde_json::to_string(&value).unwrap();
    }
    println!("{len} bytes: {:.2} ms per to_string of the value ({} bytes)", t0.elapsed().as_secs_f64() * 1000.0 / n as f64, out.len());
    let t0 = Instant::now();
    for _ in 0..n {
        out = serde_json::to_string(&syms).unwrap();
    }
    println!("{len} bytes: {:.2} ms per direct to_string ({} bytes)", t0.elapsed().as_secs_f64() * 1000.0 / n as f64, out.len());
}
