//! Keystroke latency by kind of edit: drives the built release `hyoka lsp`
//! over stdio like an editor that has a report open inside its workspace
//! folder, and types single characters into each kind of line.
//!
//!     cargo bench --bench edits                # 200 KB, 1 MB, 5 MB and 10 MB (a few minutes)
//!     cargo bench --bench edits -- quick       # 200 KB and 5 MB
//!     cargo bench --bench edits -- 1MB         # one size: 200KB, 1MB, 5MB, 10MB or a number of bytes
//!     cargo bench --bench edits -- samples     # also print a few edits of each kind in their line
//!     cargo bench --bench edits -- keys=50     # keystrokes per kind and size (default 200)
//!
//! For each size, a one-施策 workspace (the 政策評価書, its 事前分析表 and its
//! 政策評価調書, from `hyoka::gen`) is written to
//! `target/tmp/bench-edits/<size>/` and left there, so that the slowest
//! keystrokes can be looked at in the file. The server is initialized with
//! that folder as `rootUri` and workspace folder (UTF-16 positions,
//! `publishDiagnostics.versionSupport`); once the folder is indexed (a
//! `workspace/symbol` request finds its fields) and the server is quiet, the
//! evaluation is opened (timed from didOpen to its first publishDiagnostics),
//! then typed into.
//!
//! Kinds of edit (places chosen with a seeded RNG, spread over the document:
//! one per equal share of the places of the kind, in shuffled order):
//!
//! - `prose`: `の` inside the text of a prose line, not at its start or end,
//!   at least two characters away from a citation, a URL or a sentence the
//!   checker reads (the model's `citations`, `urls` and `statements`);
//! - `table cell`: a digit after a digit of a number in a data cell of a
//!   table row (not the header row, not the label column): budget and
//!   indicator figures;
//! - `heading`: `の` inside the title of a heading line (not its ID);
//! - `attribute`: `の` in the value of an attribute line, after its first
//!   character;
//! - `citation`: a digit after a digit of the ID of an indicator or field
//!   citation in prose (`測定指標１－２` → `測定指標１－２１`), which changes
//!   what is cited (means citations are numbered with ①, not digits);
//! - `empty`: a change that replaces nothing (an empty insertion): the
//!   version alone, the floor of a round trip and a publish.
//!
//! Each edit is a pair of keystrokes: the insertion of one character, then
//! its deletion at the same place, so that the text returns to the original
//! and every chosen place stays valid. Each keystroke is an incremental
//! didChange with the next version, timed from writing the message to
//! reading the publishDiagnostics of that version; the next keystroke is
//! sent after the answer. The kinds take turns, so that a change in the
//! machine's load falls on all of them alike.
//!
//! Every place is checked twice: the line it falls in starts with the
//! kind's marker (asserted), and after the insertion the inserted character
//! lies in a syntax node of the kind (`text` of a prose `line`, `cell`,
//! `title`, `value`, a citation token): the "insertions on target" column.
//!
//! The tree-sitter floor is the same edits in process: the old tree edited
//! (`Tree::edit`, with rows and columns as the server takes them from its
//! rope) and `syntax::parse` with it, timed together. Peak RSS is the
//! server's `VmHWM` from `/proc/<pid>/status`, compared with the text of the
//! whole folder (the server holds all three documents). The five slowest
//! keystrokes of each size are replayed through `hyoka::lsp::Document::apply`
//! (what the server runs for a didChange, without the cross-document pass
//! and the publish), which says whether the edit only moved spans or lowered
//! and checked the report again.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/figures.rs"]
mod figures;
#[path = "support/server.rs"]
mod server;
use figures::{human, percentile};
use server::{is_publish_for, Server};

use hyoka::analysis::Reanalysis;
use hyoka::config::Config;
use hyoka::gen::{self, Rng};
use hyoka::lsp::{Change, Document};
use hyoka::model::{CitationTarget, Report};
use hyoka::syntax;
use hyoka::text::{Encoding, LineCol};
use serde_json::json;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tower_lsp::lsp_types::Url;
use tree_sitter::{InputEdit, Node, Point, Tree};

/// The generator's seed: the same workspace every run.
const SEED: u64 = 42;
/// The seed of the places typed at.
const PLACES_SEED: u64 = 7;
const SIZES: [(usize, &str); 4] = [(200_000, "200KB"), (1_000_000, "1MB"), (5_000_000, "5MB"), (10_000_000, "10MB")];
/// Bytes kept between a prose edit and a citation, URL or statement: two
/// characters of Japanese text.
const MARGIN: usize = 6;

// ------------------------------------------------------------------ kinds

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Prose,
    TableCell,
    Heading,
    Attribute,
    Citation,
    Empty,
}

const KINDS: [Kind; 6] = [Kind::Prose, Kind::TableCell, Kind::Heading, Kind::Attribute, Kind::Citation, Kind::Empty];
const CITATION_NODES: [&str; 3] = ["indicator_citation", "indicator_title_citation", "field_citation"];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Prose => "prose",
            Kind::TableCell => "table cell",
            Kind::Heading => "heading",
            Kind::Attribute => "attribute",
            Kind::Citation => "citation",
            Kind::Empty => "empty",
        }
    }

    /// Whether a line (without its leading spaces) is of the kind's sort:
    /// what the grammar decides from the first character.
    fn line_matches(self, line: &str) -> bool {
        let l = line.trim_start_matches([' ', '\t', '\u{3000}']);
        match self {
            Kind::TableCell => l.starts_with(['|', '｜']),
            Kind::Heading => l.starts_with(['#', '＃']),
            Kind::Attribute => l.starts_with(['@', '＠']),
            Kind::Prose | Kind::Citation => {
                !l.is_empty() && !l.starts_with(['#', '＃', '@', '＠', '|', '｜']) && !l.starts_with("//") && !l.starts_with("／／")
            }
            Kind::Empty => true,
        }
    }

    /// Whether `node`, the smallest node holding an inserted character, is
    /// of the kind.
    fn node_matches(self, node: Node) -> bool {
        let parent = node.parent().map(|p| p.kind()).unwrap_or("");
        match self {
            Kind::Prose => node.kind() == "text" && parent == "line",
            Kind::TableCell => node.kind() == "cell" && parent == "row",
            Kind::Heading => node.kind() == "title",
            Kind::Attribute => node.kind() == "value" && parent == "attribute",
            Kind::Citation => CITATION_NODES.contains(&node.kind()),
            Kind::Empty => true,
        }
    }
}

/// One edit: `insert` typed at byte `at` of the original text, then deleted.
#[derive(Clone, Copy, Debug)]
struct Edit {
    kind: Kind,
    at: usize,
    insert: &'static str,
}

// ------------------------------------------------------------------ lines

/// The start of every line, for rows, columns and UTF-16 positions.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// Zero-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at) - 1
    }

    fn range<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let end = self.starts.get(line + 1).map_or(text.len(), |&e| e - 1);
        &text[self.starts[line]..end]
    }

    /// Row and byte column, as tree-sitter counts them.
    fn point(&self, at: usize) -> Point {
        let row = self.line_of(at);
        Point { row, column: at - self.starts[row] }
    }

    /// The protocol's position: line and UTF-16 code units.
    fn position(&self, text: &str, at: usize) -> LineCol {
        let line = self.line_of(at);
        LineCol { line: line as u32, character: text[self.starts[line]..at].encode_utf16().count() as u32 }
    }
}

// ----------------------------------------------------------------- places

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The digit to insert after `c`: of the same width.
fn digit_like(c: char) -> &'static str {
    if c.is_ascii_digit() {
        "1"
    } else {
        "１"
    }
}

/// A random character boundary in `lo..=hi` of `text`, or `None`.
fn boundary_in(text: &str, lo: usize, hi: usize, rng: &mut Rng) -> Option<usize> {
    if hi < lo {
        return None;
    }
    let mut at = rng.range(lo, hi);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    (at >= lo).then_some(at)
}

/// What the places of each kind are picked from, in document order.
#[derive(Default)]
struct Units {
    /// Prose lines, trimmed of spaces.
    prose: Vec<Range<usize>>,
    /// Offsets after each digit of a number in a data cell, per cell.
    cells: Vec<Vec<usize>>,
    /// Heading titles.
    titles: Vec<Range<usize>>,
    /// Attribute values.
    values: Vec<Range<usize>>,
    /// Offsets after each digit of an indicator or field citation's ID, per citation.
    citations: Vec<Vec<usize>>,
}

fn trimmed(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    start..(r.start + s.trim_end().len()).max(start)
}

/// Offsets just after each digit of `text[r]`.
fn after_digits(text: &str, r: Range<usize>) -> Vec<usize> {
    text[r.clone()].char_indices().filter(|&(_, c)| is_digit(c)).map(|(i, c)| r.start + i + c.len_utf8()).collect()
}

fn collect(node: Node, text: &str, units: &mut Units) {
    let mut cursor = node.walk();
    match node.kind() {
        "paragraph" => {
            for line in node.named_children(&mut cursor).filter(|n| n.kind() == "line") {
                units.prose.push(trimmed(text, line.byte_range().start..line.byte_range().end.min(text.len())));
            }
        }
        "table" => {
            // Data rows only (the first row is the header), and their
            // figures only (the first cell is the row's label).
            for row in node.named_children(&mut cursor).filter(|n| n.kind() == "row").skip(1) {
                let mut c = row.walk();
                for cell in row.named_children(&mut c).filter(|n| n.kind() == "cell").skip(1) {
                    let first = text[cell.byte_range()].chars().next().unwrap_or(' ');
                    if is_digit(first) || ('①'..='⑳').contains(&first) {
                        units.cells.push(after_digits(text, cell.byte_range()));
                    }
                }
            }
        }
        "attribute" => {
            if let Some(v) = node.child_by_field_name("value") {
                units.values.push(v.byte_range());
            }
        }
        "document_heading" | "field_heading" | "indicator_heading" | "reference_heading" | "means_heading" | "heading" => {
            if let Some(t) = node.child_by_field_name("title") {
                units.titles.push(t.byte_range());
            }
        }
        _ => {
            for child in node.named_children(&mut cursor) {
                collect(child, text, units);
            }
        }
    }
}

/// One place in each of `pairs` equal shares of `units`, at a unit picked at
/// random in the share (or the next ones when it has no place).
fn spread<U>(units: &[U], pairs: usize, rng: &mut Rng, mut place: impl FnMut(&U, &mut Rng) -> Option<usize>) -> Vec<usize> {
    let mut out = Vec::with_capacity(pairs);
    if units.is_empty() {
        return out;
    }
    for i in 0..pairs {
        let lo = i * units.len() / pairs;
        let hi = ((i + 1) * units.len() / pairs).max(lo + 1);
        let first = lo + rng.below(hi - lo);
        if let Some(at) = (0..units.len()).find_map(|k| place(&units[(first + k) % units.len()], rng)) {
            out.push(at);
        }
    }
    out
}

/// `pairs` edits of each kind (in [`KINDS`] order), shuffled.
fn choose(text: &str, tree: &Tree, report: &Report, lines: &Lines, pairs: usize) -> Vec<Vec<Edit>> {
    let mut units = Units::default();
    collect(tree.root_node(), text, &mut units);
    // Citations whose ID is a citation token of the tree (not a line that
    // opens with an ID, which the model also reads as a citation).
    for c in &report.citations {
        let id = match &c.target {
            CitationTarget::Indicator { title: Some(t), .. } => c.span.start..t.span.start,
            CitationTarget::Indicator { .. } | CitationTarget::Field { .. } => c.span.clone(),
            CitationTarget::Means { .. } => continue,
        };
        let token = tree.root_node().descendant_for_byte_range(c.span.start, c.span.start + 1).is_some_and(|n| CITATION_NODES.contains(&n.kind()));
        let digits = after_digits(text, id);
        if token && !digits.is_empty() {
            units.citations.push(digits);
        }
    }
    // What a prose edit keeps away from, by start.
    let mut blocked: Vec<Range<usize>> = report.citations.iter().map(|c| c.span.clone()).chain(report.urls.iter().cloned()).collect();
    blocked.extend(report.statements.iter().map(|s| s.span.clone()));
    blocked.sort_by_key(|b| b.start);

    let mut rng = Rng::new(PLACES_SEED);
    let mut out = Vec::new();
    for kind in KINDS {
        let places = match kind {
            Kind::Prose => spread(&units.prose, pairs, &mut rng, |line, rng| {
                // What is kept away from lies within one line: the spans
                // that start in this one.
                let near = &blocked[blocked.partition_point(|b| b.start < line.start)..blocked.partition_point(|b| b.start < line.end)];
                let first = text[line.clone()].chars().next()?.len_utf8();
                let last = text[line.clone()].chars().next_back()?.len_utf8();
                (0..8).find_map(|_| {
                    let at = boundary_in(text, line.start + first, line.end.checked_sub(last)?, rng)?;
                    let clear = near.iter().all(|b| at + MARGIN <= b.start || at >= b.end + MARGIN);
                    clear.then_some(at)
                })
            }),
            Kind::TableCell => spread(&units.cells, pairs, &mut rng, |digits, rng| (!digits.is_empty()).then(|| *rng.pick(digits))),
            Kind::Heading => spread(&units.titles, pairs, &mut rng, |t, rng| {
                let first = text[t.clone()].chars().next()?.len_utf8();
                let last = text[t.clone()].chars().next_back()?.len_utf8();
                boundary_in(text, t.start + first, t.end.checked_sub(last)?, rng)
            }),
            Kind::Attribute => spread(&units.values, pairs, &mut rng, |v, rng| {
                let first = text[v.clone()].chars().next()?.len_utf8();
                boundary_in(text, v.start + first, v.end, rng)
            }),
            Kind::Citation => spread(&units.citations, pairs, &mut rng, |digits, rng| Some(*rng.pick(digits))),
            Kind::Empty => spread(&lines.starts, pairs, &mut rng, |&start, _| Some(start)),
        };
        let mut edits: Vec<Edit> = places
            .into_iter()
            .map(|at| {
                let insert = match kind {
                    Kind::TableCell | Kind::Citation => digit_like(text[..at].chars().next_back().unwrap()),
                    Kind::Empty => "",
                    _ => "の",
                };
                let line = lines.line_of(at);
                assert!(kind.line_matches(lines.range(text, line)), "a {} edit on line {}: {}", kind.name(), line + 1, lines.range(text, line));
                Edit { kind, at, insert }
            })
            .collect();
        // Fisher–Yates: the places in random order.
        for i in (1..edits.len()).rev() {
            edits.swap(i, rng.below(i + 1));
        }
        out.push(edits);
    }
    out
}

/// The edit's line with the inserted text marked, shortened around it.
fn sample(text: &str, lines: &Lines, e: &Edit) -> String {
    let line = lines.line_of(e.at);
    let start = lines.starts[line];
    let l = lines.range(text, line);
    let (before, after) = l.split_at(e.at - start);
    let before: String = before.chars().rev().take(24).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = after.chars().take(24).collect();
    format!("line {}: …{before}⟨{}⟩{after}…", line + 1, e.insert)
}

/// Initializes with `root` as the workspace, as an editor opening a folder.
fn initialize(s: &mut Server, root: &Url) {
    let caps = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"workspaceFolders": true},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}, "synchronization": {"dynamicRegistration": false}},
    });
    let folders = json!([{"uri": root.as_str(), "name": "bench-edits"}]);
    s.initialize_with(json!({"processId": null, "rootUri": root.as_str(), "workspaceFolders": folders, "capabilities": caps}));
}

// ---------------------------------------------------------------- measure

/// One timed keystroke.
#[derive(Clone, Copy)]
struct Key {
    edit: Edit,
    insertion: bool,
    ms: f64,
}

/// The change a keystroke sends: the range replaced and the new text.
fn change_of(text: &str, lines: &Lines, e: &Edit, insertion: bool) -> (LineCol, LineCol, &'static str) {
    let start = lines.position(text, e.at);
    if insertion {
        (start, start, e.insert)
    } else {
        let end = LineCol { line: start.line, character: start.character + e.insert.encode_utf16().count() as u32 };
        (start, end, "")
    }
}

struct ServerRun {
    open_ms: f64,
    keys: Vec<Key>,
    rss_kib: u64,
}

/// Opens the evaluation in a server started on `root` and types every edit.
fn type_edits(root: &Path, eval: &Path, text: &str, lines: &Lines, edits: &[Vec<Edit>]) -> ServerRun {
    let root = Url::from_directory_path(root).unwrap();
    let uri = Url::from_file_path(eval).unwrap().to_string();
    let mut s = Server::start();
    initialize(&mut s, &root);
    // Indexing runs in `initialized`: a request that finds the folder's
    // fields is answered after it; then let the first publishes go by.
    let t0 = Instant::now();
    loop {
        let (_, m) = s.request("workspace/symbol", json!({"query": "個別分野"}), Duration::from_secs(600));
        if m["result"].as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(600), "the workspace was not indexed");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.drain(Duration::from_millis(300));

    let t0 = s.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "hyoka", "version": 0, "text": text}}));
    let (at, _) = s.wait(Duration::from_secs(300), |m| is_publish_for(m, &uri, 0));
    let open_ms = ms(at - t0);

    let mut keys = Vec::new();
    let mut version = 0;
    let pairs = edits.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..pairs {
        for e in edits.iter().filter_map(|k| k.get(i)) {
            for insertion in [true, false] {
                version += 1;
                let (start, end, new_text) = change_of(text, lines, e, insertion);
                let t0 = s.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"range": {"start": {"line": start.line, "character": start.character},
                                                         "end": {"line": end.line, "character": end.character}},
                                               "text": new_text}]}),
                );
                let (at, _) = s.wait(Duration::from_secs(300), |m| is_publish_for(m, &uri, version));
                keys.push(Key { edit: *e, insertion, ms: ms(at - t0) });
            }
        }
    }
    let rss_kib = s.peak_rss_kib();
    s.stop();
    ServerRun { open_ms, keys, rss_kib }
}

/// The same edits in process: the old tree edited and reparsed with
/// `syntax::parse`; per kind (in [`KINDS`] order), the times in ms and how
/// many insertions landed in a node of the kind.
fn reparse_floor(text: &str, lines: &Lines, edits: &[Vec<Edit>]) -> Vec<(Vec<f64>, usize)> {
    let tree = syntax::parse(text, None);
    let mut buf = text.to_string();
    let mut out = Vec::new();
    for kind_edits in edits {
        let (mut times, mut hits) = (Vec::new(), 0);
        for e in kind_edits.iter().filter(|e| e.kind != Kind::Empty) {
            let len = e.insert.len();
            let at = lines.point(e.at);
            let after = Point { row: at.row, column: at.column + len };
            buf.insert_str(e.at, e.insert);
            let mut old = tree.clone();
            let t0 = Instant::now();
            old.edit(&InputEdit { start_byte: e.at, old_end_byte: e.at, new_end_byte: e.at + len, start_position: at, old_end_position: at, new_end_position: after });
            let mut inserted = syntax::parse(&buf, Some(&old));
            times.push(ms(t0.elapsed()));
            if inserted.root_node().descendant_for_byte_range(e.at, e.at + len).is_some_and(|n| e.kind.node_matches(n)) {
                hits += 1;
            }
            buf.replace_range(e.at..e.at + len, "");
            let t0 = Instant::now();
            inserted.edit(&InputEdit { start_byte: e.at, old_end_byte: e.at + len, new_end_byte: e.at, start_position: at, old_end_position: after, new_end_position: at });
            let restored = syntax::parse(&buf, Some(&inserted));
            times.push(ms(t0.elapsed()));
            drop((old, inserted, restored));
        }
        assert!(buf == text, "the edits did not undo themselves");
        out.push((times, hits));
    }
    out
}

/// Replays keystrokes through `Document::apply`: the path each took and its time in process.
fn replay(text: &str, lines: &Lines, keys: &[Key]) -> Vec<(Reanalysis, f64)> {
    let config = Config::default();
    let mut doc = Document::new(text.to_string(), Some(0), &config);
    let mut version = 0;
    let mut apply = |doc: &mut Document, k: &Key, insertion: bool| {
        version += 1;
        let (start, end, new_text) = change_of(text, lines, &k.edit, insertion);
        let t0 = Instant::now();
        let how = doc.apply(vec![Change { range: Some((start, end)), text: new_text.to_string() }], version, Encoding::Utf16, &config);
        (how, ms(t0.elapsed()))
    };
    keys.iter()
        .map(|k| {
            let ins = apply(&mut doc, k, true);
            let del = apply(&mut doc, k, false);
            if k.insertion {
                ins
            } else {
                del
            }
        })
        .collect()
}

// ----------------------------------------------------------------- output

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    info.lines().find_map(|l| l.strip_prefix("model name")).and_then(|l| l.split_once(':')).map(|(_, m)| m.trim().to_string()).unwrap_or_default()
}

/// Text for a cell of a markdown table: `|` escaped.
fn cell_text(s: &str) -> String {
    s.replace('|', "\\|")
}

struct SizeResult {
    eval_bytes: usize,
    folder_bytes: usize,
    open_ms: f64,
    rss_kib: u64,
    /// Per kind: keystroke times, reparse times, insertions on target.
    kinds: Vec<(Kind, Vec<f64>, Vec<f64>, usize)>,
    /// The slowest keystrokes: the keystroke, its line (1-based) and its start, and the replay.
    slowest: Vec<(Key, usize, String, Reanalysis, f64)>,
}

/// Writes the one-施策 workspace of `target` bytes under `dir`; returns the
/// evaluation's path and text and the folder's size.
fn write_folder(dir: &Path, target: usize) -> (PathBuf, String, usize) {
    // `gen::workspace` gives an evaluation ±25 % around the size asked for
    // (the same for the same seed), in steps of an indicator: ask again
    // scaled by what came out, and keep the closest.
    let eval_of = |ws: &[(String, String)]| ws.iter().position(|(p, _)| p.ends_with("evaluation.hyoka")).expect("an evaluation");
    let len = |ws: &[(String, String)]| ws[eval_of(ws)].1.len();
    let (mut ask, mut ws) = (target, gen::workspace(1, SEED, target));
    let mut got = len(&ws);
    for _ in 0..3 {
        if got.abs_diff(target) * 20 <= target {
            break;
        }
        ask = (ask as u128 * target as u128 / got as u128) as usize;
        let next = gen::workspace(1, SEED, ask);
        got = len(&next);
        if got.abs_diff(target) < len(&ws).abs_diff(target) {
            ws = next;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
    let mut total = 0;
    for (path, text) in &ws {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        total += text.len();
    }
    let i = eval_of(&ws);
    (dir.join(&ws[i].0), ws.swap_remove(i).1, total)
}

fn run_size(bytes: usize, label: &str, pairs: usize, samples: bool) -> SizeResult {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-edits").join(label);
    let (eval, text, folder_bytes) = write_folder(&dir, bytes);
    let (dir, eval) = (dir.canonicalize().unwrap(), eval.canonicalize().unwrap());
    eprintln!("{label}: {} in {} ({} with the plan and budget sheet)", human(text.len()), eval.display(), human(folder_bytes));

    let lines = Lines::new(&text);
    let tree = syntax::parse(&text, None);
    let report = hyoka::model::lower(&text, &tree);
    let edits = choose(&text, &tree, &report, &lines, pairs);
    drop((tree, report));
    if samples {
        println!("\nsamples at {label} ({}):", eval.display());
        for kind_edits in &edits {
            for e in kind_edits.iter().take(3) {
                println!("- {}: {}", e.kind.name(), sample(&text, &lines, e));
            }
        }
    }

    let run = type_edits(&dir, &eval, &text, &lines, &edits);
    eprintln!("{label}: didOpen {:.1} ms, {} keystrokes typed", run.open_ms, run.keys.len());
    let floor = reparse_floor(&text, &lines, &edits);

    let mut slow = run.keys.clone();
    slow.sort_by(|a, b| b.ms.partial_cmp(&a.ms).unwrap());
    slow.truncate(5);
    let paths = replay(&text, &lines, &slow);
    let slowest = slow
        .into_iter()
        .zip(paths)
        .map(|(k, (how, ms))| {
            let line = lines.line_of(k.edit.at);
            let start: String = lines.range(&text, line).chars().take(16).collect();
            (k, line + 1, start, how, ms)
        })
        .collect();
    let kinds = KINDS
        .iter()
        .zip(floor)
        .map(|(&kind, (reparse, hits))| {
            let keys = run.keys.iter().filter(|k| k.edit.kind == kind).map(|k| k.ms).collect();
            (kind, sorted(keys), sorted(reparse), hits)
        })
        .collect();
    SizeResult { eval_bytes: text.len(), folder_bytes, open_ms: run.open_ms, rss_kib: run.rss_kib, kinds, slowest }
}

fn print_tables(results: &[SizeResult]) {
    println!("\nper report: the server with the report open in its folder (evaluation, plan, budget sheet); ms");
    println!("| report | folder | didOpen → diagnostics | peak RSS | RSS / folder text | keystrokes (edits) p50 / p99 | reparse p50 / p99 | keystroke p99 / reparse p99 |");
    println!("|---|---|---|---|---|---|---|---|");
    for r in results {
        let keys = sorted(r.kinds.iter().filter(|k| k.0 != Kind::Empty).flat_map(|k| k.1.iter().copied()).collect());
        let reparse = sorted(r.kinds.iter().flat_map(|k| k.2.iter().copied()).collect());
        println!(
            "| {} | {} | {:.1} | {} MiB | {:.1} × | {:.2} / {:.2} | {:.3} / {:.3} | {:.0} × |",
            human(r.eval_bytes),
            human(r.folder_bytes),
            r.open_ms,
            r.rss_kib / 1024,
            r.rss_kib as f64 * 1024.0 / r.folder_bytes as f64,
            percentile(&keys, 50.0),
            percentile(&keys, 99.0),
            percentile(&reparse, 50.0),
            percentile(&reparse, 99.0),
            percentile(&keys, 99.0) / percentile(&reparse, 99.0),
        );
    }

    println!("\nper kind of edit: single-character keystrokes (insertions and their deletions), didChange → publishDiagnostics of that version; ms");
    println!("| report | kind | n | p50 | p99 | max | reparse p50 / p99 | keystroke p99 / reparse p99 | insertions on target |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in results {
        for (kind, keys, reparse, hits) in &r.kinds {
            let (floor, ratio, target) = if *kind == Kind::Empty {
                ("–".to_string(), "–".to_string(), "–".to_string())
            } else {
                (
                    format!("{:.3} / {:.3}", percentile(reparse, 50.0), percentile(reparse, 99.0)),
                    format!("{:.0} ×", percentile(keys, 99.0) / percentile(reparse, 99.0)),
                    format!("{hits}/{}", keys.len() / 2),
                )
            };
            println!(
                "| {} | {} | {} | {:.2} | {:.2} | {:.2} | {floor} | {ratio} | {target} |",
                human(r.eval_bytes),
                kind.name(),
                keys.len(),
                percentile(keys, 50.0),
                percentile(keys, 99.0),
                keys.last().copied().unwrap_or(f64::NAN),
            );
        }
    }

    println!("\nslowest keystrokes per report (replayed through Document::apply: its path and time in process); ms");
    println!("| report | keystroke | kind | edit | line | in process | path |");
    println!("|---|---|---|---|---|---|---|");
    for r in results {
        for (k, line, start, how, in_process) in &r.slowest {
            println!(
                "| {} | {:.2} | {} | {} `{}` | {line} `{}…` | {in_process:.2} | {how:?} |",
                human(r.eval_bytes),
                k.ms,
                k.edit.kind.name(),
                if k.insertion { "insert" } else { "delete" },
                k.edit.insert,
                cell_text(start),
            );
        }
    }
    for r in results {
        let misses: usize = r.kinds.iter().filter(|k| k.0 != Kind::Empty).map(|k| k.1.len() / 2 - k.3).sum();
        if misses > 0 {
            println!("\nwarning: at {}, {misses} insertions did not land in a node of their kind", human(r.eval_bytes));
        }
    }
}

fn parse_size(arg: &str) -> Option<(usize, String)> {
    if let Some(&(b, l)) = SIZES.iter().find(|(_, l)| l.eq_ignore_ascii_case(arg)) {
        return Some((b, l.to_string()));
    }
    let (num, mult) = if let Some(n) = arg.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = arg.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (arg, 1)
    };
    let b = num.parse::<usize>().ok()? * mult;
    Some((b, if mult == 1 { format!("{b}B") } else { arg.to_string() }))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let mut sizes: Vec<(usize, String)> = Vec::new();
    let mut samples = false;
    let mut keys = 200;
    for a in &args {
        match a.as_str() {
            "all" => sizes.extend(SIZES.iter().map(|&(b, l)| (b, l.to_string()))),
            "quick" => sizes.extend(SIZES.iter().filter(|(b, _)| [200_000, 5_000_000].contains(b)).map(|&(b, l)| (b, l.to_string()))),
            "samples" => samples = true,
            _ => match a.strip_prefix("keys=").map(str::parse::<usize>) {
                Some(Ok(n)) => keys = n.max(2),
                _ => sizes.push(parse_size(a).unwrap_or_else(|| panic!("unknown argument {a:?}: quick, all, samples, keys=N, or a size (200KB, 1MB, 5MB, 10MB, bytes)"))),
            },
        }
    }
    if sizes.is_empty() {
        sizes.extend(SIZES.iter().map(|&(b, l)| (b, l.to_string())));
    }
    println!("hyoka lsp keystrokes by kind of edit ({}), {keys} keystrokes per kind and size", env!("CARGO_BIN_EXE_hyoka"));
    println!("machine: {} cores, {}, load: {}", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0), cpu_model(), load());
    let started = Instant::now();
    let results: Vec<SizeResult> = sizes.iter().map(|(b, l)| run_size(*b, l, keys / 2, samples)).collect();
    print_tables(&results);
    println!("\nload at end: {} ({:.0} s)", load(), started.elapsed().as_secs_f64());
}
