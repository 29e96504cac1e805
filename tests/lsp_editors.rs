//! What editors send, as they send it: URIs spelt in other ways than the
//! server's (lower-case percent-encoding from Neovim and ALE, Windows drive
//! letters from VS Code) in a folder with a Japanese name, `"params": null`
//! from Eglot, and completion items that replace what was typed.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::PathBuf;

/// A copy of the real example in a folder named as an author names it:
/// Japanese, spaces and full-width characters. Under target/, never in the
/// checkout's tracked files.
fn japanese_workspace(tag: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("test-workspaces")
        .join(tag)
        .join("令和5年度 政策評価")
        .join("施策Ⅰ-2 北米地域外交（テスト）");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["evaluation.hyoka", "plan.hyoka", "budget-sheet.hyoka"] {
        std::fs::copy(format!("{}/examples/mofa-I-2/{f}", env!("CARGO_MANIFEST_DIR")), dir.join(f)).unwrap();
    }
    dir
}

/// The URI of `path` with its percent-encoding in lower case, as Neovim
/// and ALE write it.
fn lower_case_uri(path: &std::path::Path) -> String {
    let upper = tower_lsp::lsp_types::Url::from_file_path(path).unwrap().to_string();
    let mut out = String::new();
    let mut rest = upper.as_str();
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        out.push('%');
        out.push_str(&rest[i + 1..i + 3].to_ascii_lowercase());
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    assert!(out.contains("%e4"), "{out}");
    out
}

fn count(d: &[Value], code: &str) -> usize {
    d.iter().filter(|d| d["code"] == code).count()
}

#[test]
fn lower_case_percent_encoding_keeps_the_cross_document_checks() {
    let dir = japanese_workspace("lower-case");
    let root = lower_case_uri(&dir);
    let uri = lower_case_uri(&dir.join("evaluation.hyoka"));
    let mut c = Client::start();
    c.initialize(Some(&root), json!({}), Value::Null);
    let text = std::fs::read_to_string(dir.join("evaluation.hyoka")).unwrap();
    c.open(&uri, &text, 1);
    // Published under the client's own spelling, with the plan's findings:
    // the 10 misnamed 達成手段 (defined in the plan) are there.
    let mut d = c.diagnostics(&uri, Some(1));
    while count(&d, "HY0106") < 10 {
        d = c.diagnostics(&uri, Some(1));
    }
    assert_eq!(count(&d, "HY0106"), 10);
    assert_eq!(d.len(), 29, "{:?}", codes(&d));
    // The related location in the plan is a file the client can open.
    let rel = d.iter().find(|d| d["code"] == "HY0106").unwrap()["relatedInformation"][0]["location"]["uri"].as_str().unwrap().to_string();
    assert!(rel.ends_with("/plan.hyoka"), "{rel}");
    assert_eq!(tower_lsp::lsp_types::Url::parse(&rel).unwrap().to_file_path().unwrap(), dir.join("plan.hyoka"));
    // After an edit (a character typed at the start of a prose line), the
    // set is still one: nothing vanishes.
    c.change(&uri, 2, json!([{"range": {"start": {"line": 421, "character": 0}, "end": {"line": 421, "character": 0}}, "text": "、"}]));
    let d = c.diagnostics(&uri, Some(2));
    assert_eq!(count(&d, "HY0106"), 10, "{:?}", codes(&d));
    // Before it was opened, the indexed copy of the evaluation may have been
    // published under the server's spelling: that list was emptied, so that
    // a client keeping both spellings apart lists nothing twice.
    let mut last: std::collections::HashMap<String, usize> = Default::default();
    for m in &c.backlog {
        if m["method"] == "textDocument/publishDiagnostics" {
            let u = m["params"]["uri"].as_str().unwrap();
            let path = tower_lsp::lsp_types::Url::parse(u).unwrap().to_file_path().unwrap();
            assert!(path.starts_with(&dir), "{u}");
            if path.ends_with("evaluation.hyoka") {
                last.insert(u.to_string(), m["params"]["diagnostics"].as_array().unwrap().len());
            }
        }
    }
    for (u, n) in &last {
        assert!(u == &uri || *n == 0, "{u} keeps {n} diagnostics");
    }
    // Go to definition from a misnamed citation lands in the plan.
    let (line, ch) = (423, 80);
    let r = c.request("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}}));
    let loc = &r["result"][0];
    assert!(loc["uri"].as_str().unwrap().ends_with("/plan.hyoka"), "{r}");
    c.shutdown();
}

#[test]
fn one_document_whatever_the_spelling_of_its_uri() {
    let dir = japanese_workspace("spellings");
    let upper = tower_lsp::lsp_types::Url::from_file_path(dir.join("evaluation.hyoka")).unwrap().to_string();
    let lower = lower_case_uri(&dir.join("evaluation.hyoka"));
    let mut c = Client::start();
    c.initialize(Some(&tower_lsp::lsp_types::Url::from_file_path(&dir).unwrap().to_string()), json!({}), Value::Null);
    let text = std::fs::read_to_string(dir.join("evaluation.hyoka")).unwrap();
    c.open(&upper, &text, 1);
    let _ = c.diagnostics(&upper, Some(1));
    // A request that spells the URI otherwise is about the same document.
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": lower}}));
    assert!(r["result"].as_array().is_some_and(|a| !a.is_empty()), "{r}");
    c.shutdown();
}

#[test]
fn shutdown_and_exit_with_null_params_exit_cleanly() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    c.send(&json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": null}));
    let r = c.wait_for(|m| m["id"] == 99);
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(r["result"], Value::Null);
    c.send(&json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if let Some(status) = c.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0), "a clean shutdown exits with status 0");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn initialized_with_null_params_still_indexes_the_workspace() {
    let dir = japanese_workspace("initialized-null");
    let mut c = Client::start();
    let root = tower_lsp::lsp_types::Url::from_file_path(&dir).unwrap().to_string();
    c.request("initialize", json!({"processId": null, "rootUri": root, "workspaceFolders": [{"uri": root, "name": "ws"}], "capabilities": {}}));
    c.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": null}));
    let uri = tower_lsp::lsp_types::Url::from_file_path(dir.join("evaluation.hyoka")).unwrap().to_string();
    c.open(&uri, &std::fs::read_to_string(dir.join("evaluation.hyoka")).unwrap(), 1);
    let mut d = c.diagnostics(&uri, Some(1));
    while count(&d, "HY0106") < 10 {
        d = c.diagnostics(&uri, Some(1));
    }
    assert_eq!(count(&d, "HY0106"), 10);
    c.shutdown();
}

fn completion(c: &mut Client, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let r = c.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}));
    r["result"].as_array().cloned().unwrap_or_default()
}

fn range(i: &Value) -> (u64, u64, u64, u64) {
    let r = &i["textEdit"]["range"];
    (r["start"]["line"].as_u64().unwrap(), r["start"]["character"].as_u64().unwrap(), r["end"]["line"].as_u64().unwrap(), r["end"]["character"].as_u64().unwrap())
}

#[test]
fn completion_offers_the_means_of_the_whole_set_and_replaces_what_was_typed() {
    let dir = japanese_workspace("completion");
    let mut c = Client::start();
    c.initialize(Some(&lower_case_uri(&dir)), json!({}), Value::Null);
    let uri = lower_case_uri(&dir.join("evaluation.hyoka"));
    let mut text = std::fs::read_to_string(dir.join("evaluation.hyoka")).unwrap();
    // A new prose line at the end that starts a means citation.
    let line = text.lines().count() as u32;
    text.push_str("対話を強化した（令和２・３・４年度：達成手段");
    c.open(&uri, &text, 1);
    let mut d = c.diagnostics(&uri, Some(1));
    while count(&d, "HY0106") < 10 {
        d = c.diagnostics(&uri, Some(1));
    }
    let typed = "対話を強化した（令和２・３・４年度：達成手段".encode_utf16().count() as u64;
    let items = completion(&mut c, &uri, line, typed as u32);
    // The evaluation defines no 達成手段: these are the plan's means of the
    // field the line is in (個別分野3), by their defined names, replacing the
    // 「達成手段」 typed.
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels[..3],
        [
            "米国との安全保障分野での協力推進（達成手段①）",
            "在日米軍の安定的な駐留への理解促進（達成手段②）",
            "親日派・知日派予備軍育成のための在日米軍子女への日本語補習教育事業（達成手段③）"
        ]
    );
    assert!(labels.contains(&"測定指標3-2") && labels.contains(&"個別分野3"), "{labels:?}");
    let m = &items[0];
    assert_eq!(range(m), (line as u64, typed - 4, line as u64, typed));
    assert_eq!(m["textEdit"]["newText"], m["label"]);
    assert!(m["filterText"].as_str().unwrap().starts_with("達成手段①"), "{m}");
    assert!(m.get("insertText").is_none());
    c.shutdown();
}

#[test]
fn completion_on_attribute_and_heading_lines_replaces_what_was_typed() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    let uri = "file:///tmp/hyoka-test/%e8%a9%95%e4%be%a1/completion.hyoka";
    let text = "# 政策評価書 Ⅸ-1 施策\n@年度: 令和5年度\n## 個別分野 1 分野\n### 測定指標 1-1 既存 ＊\n@\n### 測定指標 \n###\n";
    c.open(uri, text, 1);
    let _ = c.diagnostics(uri, Some(1));
    // `@` at the start of a line: the attribute keys of an indicator, each
    // replacing the empty text after `@`.
    let items = completion(&mut c, uri, 4, 1);
    let key = items.iter().find(|i| i["label"] == "中期目標値（令和7年度）").expect("attribute keys after @");
    assert_eq!(range(key), (4, 1, 4, 1));
    assert_eq!(key["textEdit"]["newText"], "中期目標値（令和7年度）: ");
    // After `### 測定指標 `: the next free ID only, not a second heading.
    let items = completion(&mut c, uri, 5, "### 測定指標 ".encode_utf16().count() as u32);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["1-2"]);
    assert_eq!(items[0]["textEdit"]["newText"], "1-2 ");
    // After `###`: skeletons that replace the `###` typed.
    let items = completion(&mut c, uri, 6, 3);
    let q = items.iter().find(|i| i["label"] == "### 測定指標（定量）").unwrap();
    assert_eq!(range(q), (6, 0, 6, 3));
    assert!(q["textEdit"]["newText"].as_str().unwrap().starts_with("### 測定指標 1-2 "), "{q}");
    c.shutdown();
}
