//! End-to-end benchmark: drives the built release `hyoka lsp` over stdio like
//! an editor and prints a table of latencies against the targets of issue 6.
//!
//!     cargo bench --bench lsp_e2e                 # everything (a few minutes)
//!     cargo bench --bench lsp_e2e -- quick        # 200 KB and 5 MB only, no workspace
//!     cargo bench --bench lsp_e2e -- curve        # the per-keystroke curve 50 KB → 10 MB
//!     cargo bench --bench lsp_e2e -- workspace    # the 500-report workspace only
//!
//! Keystroke = one single-character insertion or deletion at a random place
//! (seeded), sent as an incremental didChange; measured from writing the
//! message to reading the publishDiagnostics of that version. The next
//! keystroke is sent after the answer (a typist slower than the server).
//! Peak RSS is the server's VmHWM from /proc/<pid>/status.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/figures.rs"]
mod figures;
#[path = "support/server.rs"]
mod server;
use figures::{human, percentile};
use server::{is_publish_for, Server};
use hyoka::gen;
use hyoka::text::{Encoding, LineIndex};
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Initializes, with `root` as the workspace folder if any; `pull`: a
/// client that pulls diagnostics.
fn initialize(s: &mut Server, root: Option<&std::path::Path>, pull: bool) {
    let root_uri = root.map(|p| format!("file://{}", p.display()));
    let mut caps = json!({"general": {"positionEncodings": ["utf-16"]}, "workspace": {}, "textDocument": {"publishDiagnostics": {"versionSupport": true}}});
    if pull {
        caps["textDocument"]["diagnostic"] = json!({});
    }
    s.initialize_with(json!({"processId": null, "rootUri": root_uri, "capabilities": caps}));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct KeystrokeResult {
    bytes: usize,
    open_ms: f64,
    keys: Vec<f64>,
    /// The same keystrokes split by the kind of line typed in: prose, and
    /// headings, attributes and table rows.
    prose: Vec<f64>,
    structure: Vec<f64>,
    symbols: Vec<f64>,
    rss_kib: u64,
}

/// Opens `text` and types `n` single characters (insertions and deletions).
fn keystrokes(text: String, n: usize, seed: u64, symbols: usize, server: Option<Server>, uri: &str) -> KeystrokeResult {
    let fresh = server.is_none();
    let mut s = server.unwrap_or_else(|| {
        let mut s = Server::start();
        initialize(&mut s, None, false);
        s
    });
    let bytes = text.len();
    let t0 = s.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "hyoka", "version": 0, "text": text}}));
    let (at, _) = s.wait(Duration::from_secs(120), |m| is_publish_for(m, uri, 0));
    let open_ms = ms(at - t0);
    let mut text = text;
    let mut rng = gen::Rng::new(seed);
    let inserts = ["の", "1", "a", "、", " ", "る", "２"];
    let mut keys = Vec::with_capacity(n);
    let (mut prose, mut structure) = (Vec::new(), Vec::new());
    for v in 1..=n as i64 {
        // A random place on a character boundary, not next to a line break
        // for deletions (a typist edits within a line).
        let mut off = rng.below(text.len());
        while !text.is_char_boundary(off) {
            off -= 1;
        }
        let idx = LineIndex::new(&text);
        let insert = v % 2 == 1 || text[off..].starts_with('\n');
        let (range, new_text, end) = if insert {
            let c = *rng.pick(&inserts);
            (off..off, c, off)
        } else {
            let ch = text[off..].chars().next().unwrap();
            (off..off + ch.len_utf8(), "", off + ch.len_utf8())
        };
        let line_start = text[..off].rfind('\n').map_or(0, |i| i + 1);
        let in_prose = !text[line_start..].trim_start().starts_with(['#', '＃', '@', '＠', '|', '｜', '/', '／', '\n']);
        let start = idx.to_line_col(&text, range.start, Encoding::Utf16);
        let stop = idx.to_line_col(&text, end, Encoding::Utf16);
        text.replace_range(range, new_text);
        let t0 = s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"range": {"start": {"line": start.line, "character": start.character},
                                                 "end": {"line": stop.line, "character": stop.character}}, "text": new_text}]}),
        );
        let (at, _) = s.wait(Duration::from_secs(120), |m| is_publish_for(m, uri, v));
        keys.push(ms(at - t0));
        if in_prose { prose.push(ms(at - t0)) } else { structure.push(ms(at - t0)) }
    }
    let mut sym = Vec::new();
    for _ in 0..symbols {
        let (d, _) = s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}), Duration::from_secs(60));
        sym.push(ms(d));
    }
    let rss_kib = s.peak_rss_kib();
    if fresh {
        s.stop();
    } else {
        s.stop();
    }
    keys.sort_by(|a, b| a.partial_cmp(b).unwrap());
    sym.sort_by(|a, b| a.partial_cmp(b).unwrap());
    prose.sort_by(|a, b| a.partial_cmp(b).unwrap());
    structure.sort_by(|a, b| a.partial_cmp(b).unwrap());
    KeystrokeResult { bytes, open_ms, keys, prose, structure, symbols: sym, rss_kib }
}

fn print_keys(label: &str, r: &KeystrokeResult) {
    let k = &r.keys;
    println!(
        "| {label} | {} | {:.1} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} / {:.2} | {:.2} / {:.2} ({}) | {} | {} MiB ({:.1}×) |",
        human(r.bytes),
        r.open_ms,
        percentile(k, 50.0),
        percentile(k, 90.0),
        percentile(k, 99.0),
        k.last().copied().unwrap_or(f64::NAN),
        percentile(&r.prose, 50.0),
        percentile(&r.prose, 99.0),
        percentile(&r.structure, 50.0),
        percentile(&r.structure, 99.0),
        r.structure.len(),
        if r.symbols.is_empty() { "–".to_string() } else { format!("{:.2} / {:.2} / {:.2}", percentile(&r.symbols, 50.0), percentile(&r.symbols, 99.0), r.symbols.last().copied().unwrap_or(f64::NAN)) },
        r.rss_kib / 1024,
        r.rss_kib as f64 * 1024.0 / r.bytes as f64
    );
}

fn header() {
    println!("| scenario | size | didOpen→diagnostics ms | key p50 ms | p90 | p99 | max | prose keys p50 / p99 | other keys p50 / p99 (n) | documentSymbol p50 / p99 / max ms | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn workspace(measures: usize, eval_bytes: usize) {
    let dir = std::env::temp_dir().join(format!("hyoka-bench-ws-{measures}-{eval_bytes}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let total = gen::write_workspace(&dir, measures, 42, eval_bytes).unwrap();
    let files = measures * 3;
    println!("\nworkspace: {measures} 施策 × (evaluation, plan, budget sheet) = {files} files, {} in {}", human(total), dir.display());

    // `hyoka check` throughput (the page cache is warm: the files were just written).
    let t0 = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_hyoka")).args(["check", "--format", "json"]).arg(&dir).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
    let check = t0.elapsed();
    println!(
        "| hyoka check | {} | {:.2} s | {:.1} MB/s | exit {} |",
        human(total),
        check.as_secs_f64(),
        total as f64 / 1e6 / check.as_secs_f64(),
        out.code().unwrap_or(-1)
    );

    // Cold start: initialize with rootUri → a workspace/diagnostic pull that
    // covers every file (pulled again until the index is complete).
    let mut s = Server::start();
    let t0 = Instant::now();
    initialize(&mut s, Some(&dir), true);
    let mut pulls = 0;
    let items = loop {
        pulls += 1;
        let (_, m) = s.request("workspace/diagnostic", json!({"previousResultIds": []}), Duration::from_secs(600));
        let items = m["result"]["items"].as_array().map(|a| a.len()).unwrap_or(0);
        if items >= files || pulls > 10_000 {
            break items;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let cold = t0.elapsed();
    let rss = s.peak_rss_kib();
    println!(
        "| cold start (initialize → all diagnostics) | {} | {:.2} s | {items} files, {pulls} pulls | peak RSS {} MiB ({:.2}× text) |",
        human(total),
        cold.as_secs_f64(),
        rss / 1024,
        rss as f64 * 1024.0 / total as f64
    );
    s.stop();

    // Typing in one report of the workspace (push client): every keystroke
    // also re-runs the cross-document pass.
    let mut s = Server::start();
    initialize(&mut s, Some(&dir), false);
    // Let the indexing finish: a request is answered after it.
    std::thread::sleep(Duration::from_millis(100));
    let _ = s.request("workspace/symbol", json!({"query": "zzzz"}), Duration::from_secs(600));
    let path = dir.join("measure-0001/evaluation.hyoka");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = format!("file://{}", path.display());
    let r = keystrokes(text, 200, 7, 0, Some(s), &uri);
    header();
    print_keys(&format!("keystrokes in a {files}-file workspace"), &r);
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let mode = args.first().map(String::as_str).unwrap_or("all");
    println!("hyoka lsp end-to-end ({}), nproc {}, load average at start: {}", env!("CARGO_BIN_EXE_hyoka"), std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0), load());
    let uri = "file:///bench/evaluation.hyoka";
    if matches!(mode, "all" | "quick" | "single") {
        println!("\nsingle report, no workspace");
        header();
        // p99 of documentSymbol over 200 requests (of 50 it would be the
        // maximum: the first request, which touches fresh memory).
        for (bytes, n, sym) in [(200_000, 300, 200), (5_000_000, 200, 200)] {
            let r = keystrokes(gen::evaluation(1, bytes), n, 11, sym, None, uri);
            print_keys("single report", &r);
        }
    }
    if matches!(mode, "all" | "curve") {
        println!("\nper-keystroke curve");
        header();
        for bytes in [50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000] {
            let n = if bytes > 2_000_000 { 100 } else { 200 };
            let r = keystrokes(gen::evaluation(3, bytes), n, 13, 10, None, uri);
            print_keys("curve", &r);
        }
    }
    if matches!(mode, "all" | "workspace") {
        workspace(500, 165_000);
    }
    println!("\nload average at end: {}", load());
}
