//! Protocol-level tests: spawn the built `hyoka lsp` and speak JSON-RPC.

mod common;
use common::*;
use serde_json::{json, Value};

const EVAL: &str = "examples/mofa-I-2/evaluation.hyoka";

/// (code, start line, start character, end line, end character, severity)
type Expected = (&'static str, u64, u64, u64, u64, u64);

/// Every diagnostic a careful reviewer would raise on the printed evaluation,
/// with the plan and the budget sheet in the workspace.
const EVAL_EXPECTED: &[Expected] = &[
    ("HY0204", 58, 39, 58, 40, 3),
    ("HY0204", 59, 25, 59, 26, 3),
    ("HY0204", 60, 37, 60, 38, 3),
    ("HY0204", 61, 37, 61, 38, 3),
    ("HY0102", 118, 5, 118, 15, 2),
    ("HY0102", 231, 5, 231, 15, 2),
    ("HY0102", 360, 1, 360, 12, 2),
    ("HY0102", 372, 1, 372, 12, 2),
    // 1-5's 令和3年度 target ②95％ beyond its 中期目標値 ②91％ (令和4年度).
    ("HY0120", 393, 10, 393, 19, 3),
    ("HY0106", 423, 72, 423, 88, 2),
    ("HY0106", 431, 186, 431, 202, 2),
    ("HY0106", 437, 158, 437, 174, 2),
    ("HY0106", 443, 138, 443, 154, 2),
    ("HY0403", 449, 121, 449, 155, 3),
    ("HY0102", 551, 5, 551, 15, 2),
    ("HY0102", 673, 5, 673, 15, 2),
    ("HY0106", 755, 170, 755, 186, 2),
    ("HY0106", 769, 248, 769, 264, 2),
    ("HY0106", 779, 92, 779, 108, 2),
    ("HY0403", 789, 272, 789, 308, 3),
    ("HY0106", 789, 283, 789, 299, 2),
    ("HY0106", 791, 319, 791, 335, 2),
    ("HY0106", 793, 184, 793, 200, 2),
    ("HY0102", 943, 5, 943, 15, 2),
    ("HY0204", 1025, 19, 1025, 20, 3),
    ("HY0102", 1029, 5, 1029, 15, 2),
    ("HY0204", 1069, 19, 1069, 20, 3),
    ("HY0104", 1079, 45, 1079, 46, 1),
    ("HY0403", 1105, 362, 1105, 396, 3),
];

fn shape(d: &Value) -> (String, u64, u64, u64, u64, u64) {
    let r = &d["range"];
    (
        d["code"].as_str().unwrap().to_string(),
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
        d["severity"].as_u64().unwrap(),
    )
}

fn expected(list: &[Expected]) -> Vec<(String, u64, u64, u64, u64, u64)> {
    list.iter().map(|e| (e.0.to_string(), e.1, e.2, e.3, e.4, e.5)).collect()
}

/// Waits for the diagnostics of `uri` until they satisfy `pred` (the
/// cross-document ones arrive once the workspace is indexed).
fn diagnostics_until(c: &mut Client, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    loop {
        let d = c.diagnostics(uri, None);
        if pred(&d) {
            return d;
        }
    }
}

/// The codes, without the missing-part warnings the small test documents
/// (which are not complete reports) always have.
fn checks(d: &[Value]) -> Vec<String> {
    codes(d).into_iter().filter(|c| c != "HY0401").collect()
}

fn workspace() -> String {
    example_uri("examples/mofa-I-2")
}

#[test]
fn real_example_gives_exactly_the_expected_diagnostics() {
    let mut c = Client::start();
    c.initialize(Some(&workspace()), json!({}), Value::Null);
    let uri = example_uri(EVAL);
    c.open(&uri, &example(EVAL), 1);
    let d = diagnostics_until(&mut c, &uri, |d| codes(d).iter().any(|c| c == "HY0106"));
    let got: Vec<_> = d.iter().map(shape).collect();
    assert_eq!(got, expected(EVAL_EXPECTED));
    // Messages name the things involved, and the other side is related.
    let m = d.iter().find(|d| d["code"] == "HY0106").unwrap();
    assert_eq!(
        m["message"],
        "個別分野1の達成手段① is named 「北米諸国との政治分野での協力推進」, cited here as 「北米諸国との政治分野での協力増進」 [means-name-mismatch]"
    );
    let rel = &m["relatedInformation"][0];
    assert!(rel["location"]["uri"].as_str().unwrap().ends_with("examples/mofa-I-2/plan.hyoka"));
    assert_eq!(rel["location"]["range"]["start"]["line"], 125);
    let series = d.iter().find(|d| d["code"] == "HY0104").unwrap();
    assert_eq!(series["message"], "参考指標: series ③ is not defined (`@系列` defines ①一般の部 ②有識者の部) [undefined-series]");
    c.shutdown();
}

// The document of 令和3年度: its budget table ends at its own year, whose 執行額
// is not known yet.
const SMALL: &str = "# 政策評価書 Ⅰ-9 テスト施策\n@年度: 令和3年度\n## 施策の予算額・執行額等\n| 区分 | 令和2年度 | 令和3年度 |\n| 当初予算(a) | 652 | 568 |\n| 補正予算(b) | 0 | 0 |\n| 合計(a＋b) | 652 | 568 |\n| 執行額 | 419 | |\n";

#[test]
fn incremental_edits_update_diagnostics_and_keep_ranges() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    let uri = "file:///tmp/hyoka-test/small.hyoka";
    c.open(uri, SMALL, 1);
    let d = c.diagnostics(uri, Some(1));
    assert!(!codes(&d).contains(&"HY0301".to_string()), "{d:?}");
    // Type 1 after 652 in the 合計 row: 6521 ≠ 652 + 0.
    c.change(uri, 2, json!([{"range": {"start": {"line": 6, "character": 15}, "end": {"line": 6, "character": 15}}, "text": "1"}]));
    let d = c.diagnostics(uri, Some(2));
    let total: Vec<_> = d.iter().filter(|d| d["code"] == "HY0301").collect();
    assert_eq!(total.len(), 1, "{d:?}");
    assert_eq!(total[0]["message"], "合計(a+b) 令和2年度: 6,521 ≠ 652 + 0 (= 652) [total-mismatch]");
    assert_eq!(shape(total[0]), ("HY0301".into(), 6, 12, 6, 16, 1));
    // Insert a line with a surrogate pair and multi-byte text above: the
    // diagnostic moves down one line, same columns.
    c.change(uri, 3, json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "😀 令和の注記\n"}]));
    let d = c.diagnostics(uri, Some(3));
    let total: Vec<_> = d.iter().filter(|d| d["code"] == "HY0301").collect();
    assert_eq!(shape(total[0]), ("HY0301".into(), 7, 12, 7, 16, 1));
    // Edit on the emoji line after the surrogate pair (UTF-16 column 2).
    c.change(uri, 4, json!([{"range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 3}}, "text": "＊"}]));
    let d = c.diagnostics(uri, Some(4));
    assert_eq!(d.iter().filter(|d| d["code"] == "HY0301").map(shape).next().unwrap(), ("HY0301".into(), 7, 12, 7, 16, 1));
    // Fix the total: the error goes away.
    c.change(uri, 5, json!([{"range": {"start": {"line": 7, "character": 12}, "end": {"line": 7, "character": 16}}, "text": "652"}]));
    let d = c.diagnostics(uri, Some(5));
    assert!(!codes(&d).contains(&"HY0301".to_string()), "{d:?}");
    // A stale version is ignored: nothing changes.
    c.change(uri, 4, json!([{"range": {"start": {"line": 7, "character": 12}, "end": {"line": 7, "character": 15}}, "text": "999"}]));
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    assert!(r.get("error").is_some() || !codes(r["result"]["items"].as_array().unwrap()).contains(&"HY0301".to_string()));
    c.shutdown();
}

#[test]
fn utf8_position_encoding_is_negotiated() {
    let mut c = Client::start();
    let r = c.initialize(None, json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), Value::Null);
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-8");
    let uri = "file:///tmp/hyoka-test/u8.hyoka";
    c.open(uri, SMALL, 1);
    c.diagnostics(uri, Some(1));
    // 「| 合計(a＋b) | 」 is 18 bytes: insert after 652 at byte 21.
    c.change(uri, 2, json!([{"range": {"start": {"line": 6, "character": 21}, "end": {"line": 6, "character": 21}}, "text": "1"}]));
    let d = c.diagnostics(uri, Some(2));
    let t = d.iter().find(|d| d["code"] == "HY0301").expect("total mismatch");
    assert_eq!(shape(t), ("HY0301".into(), 6, 18, 6, 22, 1));
    c.shutdown();
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = Client::start();
    let r = c.initialize(None, json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}), Value::Null);
    assert_eq!(r["result"]["capabilities"]["diagnosticProvider"]["identifier"], "hyoka");
    let uri = "file:///tmp/hyoka-test/pull.hyoka";
    c.open(uri, &SMALL.replace("| 合計(a＋b) | 652 |", "| 合計(a＋b) | 653 |"), 1);
    let r = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(checks(r["result"]["items"].as_array().unwrap()), vec!["HY0301"]);
    let w = c.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = w["result"]["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i["uri"] == uri && i["version"] == 1 && checks(i["items"].as_array().unwrap()) == vec!["HY0301"]));
    // A pulling client gets no pushed copy of the same findings.
    assert!(!c.backlog.iter().any(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri), "{:?}", c.backlog);
    let unknown = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": "file:///nope.hyoka"}}));
    assert!(unknown["error"]["message"].as_str().unwrap().contains("unknown document"));
    c.shutdown();
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(|s| s["name"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

#[test]
fn outline_tree_of_the_real_example() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    let uri = example_uri(EVAL);
    c.open(&uri, &example(EVAL), 1);
    c.diagnostics(&uri, Some(1));
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let roots = &r["result"];
    assert_eq!(names(roots), vec!["政策評価書 Ⅰ-2 北米地域外交"]);
    assert_eq!(roots[0]["detail"], "令和5年度");
    let top = &roots[0]["children"];
    let top_names = names(top);
    assert_eq!(
        top_names,
        vec![
            "施策目標",
            "施策の予算額・執行額等（分担金・拠出金除く）",
            "同（分担金・拠出金）",
            "評価結果",
            "測定指標の令和２・３・４年度目標の達成状況",
            "学識経験を有する者の知見の活用",
            "個別分野1 北米諸国との政治分野での協力推進",
            "個別分野2 北米諸国との経済分野での協力推進",
            "個別分野3 米国との安全保障分野での協力推進",
        ]
    );
    let field1 = &top[6];
    assert_eq!(field1["kind"], 3); // namespace
    let f1 = names(&field1["children"]);
    assert_eq!(
        f1,
        vec![
            "施策の概要",
            "関連する内閣の重要政策（施策方針演説等のうち主なもの）",
            "測定指標1-1 共通の諸課題における日米・日加両政府間の協力関係の進展",
            "測定指標1-2 日米・日加間の相互理解の進展",
            "測定指標1-3 日米二国間会談数(首脳・外相レベル)(電話会談含む)",
            "測定指標1-4 日加二国間会談数(首脳・外相レベル)(電話会談含む)",
            "測定指標1-5 米国における対日世論調査の結果(日本を友邦として信頼できると肯定的に回答した割合)",
            "評価結果(個別分野１)",
            "作成にあたって使用した資料その他の情報",
        ]
    );
    let i11 = &field1["children"][2];
    assert_eq!(i11["kind"], 5); // class
    assert_eq!(i11["detail"], "主要 評価 a");
    assert_eq!(i11["selectionRange"]["start"], json!({"line": 116, "character": 4}));
    assert_eq!(names(&i11["children"])[..3], ["中期目標（--年度）", "令和２年度目標", "施策の進捗状況・実績"]);
    // A quantitative indicator: its table lists the years.
    let i13 = &field1["children"][4];
    let table = i13["children"].as_array().unwrap().iter().find(|c| c["kind"] == 18).expect("a table");
    assert_eq!(names(&table["children"]), vec!["令和２年度", "令和３年度", "令和４年度"]);
    // Years read as fields of the indicator (not events).
    assert!(table["children"].as_array().unwrap().iter().all(|c| c["kind"] == 8), "{table}");
    assert_eq!(i11["children"][1]["kind"], 8);
    // The answer is written from JSON the handler serialised itself
    // (transport::RawAnswers): the same as tower-lsp's own serialisation.
    let config = hyoka::config::Config::default();
    let doc = hyoka::lsp::Document::new(example(EVAL), Some(1), &config);
    let typed = tower_lsp::lsp_types::DocumentSymbolResponse::Nested(hyoka::lsp::document_symbols(&doc, hyoka::text::Encoding::Utf16));
    assert_eq!(*roots, serde_json::to_value(typed).unwrap());
    c.shutdown();
}

#[test]
fn configuration_change_turns_a_check_off() {
    let mut c = Client::start();
    c.initialize(None, json!({}), json!({"checks": {"HY0204": "hint"}}));
    let uri = example_uri(EVAL);
    c.open(&uri, &example(EVAL), 1);
    let d = c.diagnostics(&uri, Some(1));
    let fw: Vec<_> = d.iter().filter(|d| d["code"] == "HY0204").collect();
    assert_eq!(fw.len(), 6);
    assert!(fw.iter().all(|d| d["severity"] == 4), "initializationOptions set the severity to hint");
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"hyoka": {"checks": {"full-width-rating": "off", "missing-target-year": "off"}}}}));
    let d = c.diagnostics(&uri, Some(1));
    assert!(!codes(&d).iter().any(|c| c == "HY0204" || c == "HY0102"), "{:?}", codes(&d));
    assert!(codes(&d).iter().any(|c| c == "HY0104"));
    c.shutdown();
}

#[test]
fn quick_fix_corrects_a_total() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    let uri = "file:///tmp/hyoka-test/fix.hyoka";
    c.open(uri, &SMALL.replace("| 合計(a＋b) | 652 |", "| 合計(a＋b) | 653 |"), 1);
    c.diagnostics(uri, Some(1));
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 6, "character": 13}, "end": {"line": 6, "character": 13}}, "context": {"diagnostics": []}}),
    );
    let a = &r["result"][0];
    assert_eq!(a["title"], "Correct the total to 652");
    assert_eq!(a["edit"]["changes"][uri][0], json!({"range": {"start": {"line": 6, "character": 12}, "end": {"line": 6, "character": 15}}, "newText": "652"}));
    c.shutdown();
}

#[test]
fn bad_requests_get_sensible_answers_and_the_server_lives_on() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    // A change for a document that is not open is ignored (logged).
    c.change("file:///tmp/hyoka-test/none.hyoka", 2, json!([{"text": "x"}]));
    let r = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///tmp/hyoka-test/none.hyoka"}}));
    assert!(r["error"]["message"].as_str().unwrap().contains("unknown document"));
    // Positions past the end are clamped.
    let uri = "file:///tmp/hyoka-test/clamp.hyoka";
    c.open(uri, SMALL, 1);
    c.diagnostics(uri, Some(1));
    c.change(uri, 2, json!([{"range": {"start": {"line": 99, "character": 5}, "end": {"line": 120, "character": 0}}, "text": "| 合計(a＋b) | 1 | 568 |\n"}]));
    let d = c.diagnostics(uri, Some(2));
    assert_eq!(checks(&d), vec!["HY0301"], "the row was appended at the end");
    assert_eq!(d.iter().find(|d| d["code"] == "HY0301").map(shape).unwrap(), ("HY0301".into(), 8, 12, 8, 13, 1));
    let r = c.request("no/such/method", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.shutdown();
}

#[test]
fn files_over_the_size_limit_are_not_indexed_and_the_user_is_told() {
    let dir = std::env::temp_dir().join(format!("hyoka-size-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("small.hyoka"), "// 小\n").unwrap();
    std::fs::write(dir.join("big.hyoka"), "// 大きなファイル\n".repeat(100)).unwrap();
    let mut c = Client::start();
    let root = format!("file://{}", dir.display());
    c.initialize(Some(&root), json!({}), json!({"max-file-size": 1000}));
    let m = c.wait_for(|m| m["method"] == "window/showMessage");
    let text = m["params"]["message"].as_str().unwrap();
    assert!(text.contains("1 file(s) larger than max-file-size (1000 bytes) are not indexed"), "{text}");
    assert!(text.contains("big.hyoka") && !text.contains("small.hyoka"), "{text}");
    let symbols = c.request("workspace/symbol", json!({"query": ""}));
    assert!(symbols["result"].as_array().unwrap().is_empty());
    c.shutdown();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn typing_in_prose_moves_diagnostics_and_typing_in_a_citation_rechecks() {
    let mut c = Client::start();
    c.initialize(Some(&workspace()), json!({}), Value::Null);
    let uri = example_uri(EVAL);
    let mut text = example(EVAL);
    c.open(&uri, &text, 1);
    diagnostics_until(&mut c, &uri, |d| codes(d).iter().any(|c| c == "HY0106"));
    // Type two characters, one at a time, in the prose before the misnamed
    // citation of line 423 (UTF-16 columns 72–88).
    let mut version = 1;
    for (col, s) in [(10, "、"), (11, "特に")] {
        version += 1;
        c.change(&uri, version, json!([{"range": {"start": {"line": 423, "character": col}, "end": {"line": 423, "character": col}}, "text": s}]));
        let line_start = text.split_inclusive('\n').take(423).map(str::len).sum::<usize>();
        let at = line_start + text[line_start..].char_indices().nth(col).unwrap().0;
        text.insert_str(at, s);
    }
    let d = c.diagnostics(&uri, Some(version));
    // The citation's diagnostic moved by the three characters typed, with
    // the same message; every other diagnostic stayed.
    let moved: Vec<Expected> = EVAL_EXPECTED.iter().map(|e| if e.1 == 423 { (e.0, e.1, e.2 + 3, e.3, e.4 + 3, e.5) } else { *e }).collect();
    assert_eq!(d.iter().map(shape).collect::<Vec<_>>(), expected(&moved));
    let m = d.iter().find(|d| d["code"] == "HY0106").unwrap();
    assert_eq!(m["range"]["start"]["character"], 75);
    assert!(m["message"].as_str().unwrap().contains("cited here as 「北米諸国との政治分野での協力増進」"), "{m}");
    // The same as a fresh server on the edited text.
    let mut fresh = Client::start();
    fresh.initialize(Some(&workspace()), json!({}), Value::Null);
    fresh.open(&uri, &text, 1);
    // (It may first publish the file on disk, found in the workspace.)
    let f = diagnostics_until(&mut fresh, &uri, |d| d.iter().any(|x| x["code"] == "HY0106" && x["range"]["start"] == json!({"line": 423, "character": 75})));
    assert_eq!(d, f);
    fresh.shutdown();
    // Correct the name inside the citation (増 → 推, column 89 now): that
    // diagnostic goes, the others stay.
    version += 1;
    c.change(&uri, version, json!([{"range": {"start": {"line": 423, "character": 89}, "end": {"line": 423, "character": 90}}, "text": "推"}]));
    let d = c.diagnostics(&uri, Some(version));
    let fixed: Vec<Expected> = moved.iter().filter(|e| e.1 != 423).copied().collect();
    assert_eq!(d.iter().map(shape).collect::<Vec<_>>(), expected(&fixed));
    c.shutdown();
}

#[test]
fn a_pulled_list_that_did_not_change_is_answered_as_unchanged() {
    let mut c = Client::start();
    c.initialize(None, json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}), Value::Null);
    let uri = "file:///tmp/hyoka-test/pull-ids.hyoka";
    c.open(uri, &SMALL.replace("| 合計(a＋b) | 652 |", "| 合計(a＋b) | 653 |"), 1);
    let first = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}));
    assert_eq!(first["result"]["kind"], "full");
    let id = first["result"]["resultId"].as_str().expect("a result id").to_string();
    // Asked again with that id: unchanged, same id, no items.
    let again = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}, "previousResultId": id}));
    assert_eq!(again["result"]["kind"], "unchanged", "{again}");
    assert_eq!(again["result"]["resultId"], id.as_str());
    assert!(again["result"].get("items").is_none());
    // A new version that changes nothing the list says: still unchanged.
    c.change(uri, 2, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}]));
    let w = c.request("workspace/diagnostic", json!({"previousResultIds": [{"uri": uri, "value": id}]}));
    let item = w["result"]["items"].as_array().unwrap().iter().find(|i| i["uri"] == uri).expect("the document").clone();
    assert_eq!(item["kind"], "unchanged", "{item}");
    // The total set right: a new list, with another id.
    let text = SMALL.to_string();
    c.change(uri, 3, json!([{"text": text}]));
    let fixed = c.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}, "previousResultId": id}));
    assert_eq!(fixed["result"]["kind"], "full");
    assert_ne!(fixed["result"]["resultId"], id.as_str());
    assert!(checks(fixed["result"]["items"].as_array().unwrap()).is_empty());
    let w = c.request("workspace/diagnostic", json!({"previousResultIds": [{"uri": uri, "value": id}]}));
    let item = w["result"]["items"].as_array().unwrap().iter().find(|i| i["uri"] == uri).expect("the document").clone();
    assert_eq!(item["kind"], "full");
    c.shutdown();
}

/// The byte offset of a (line, UTF-16 character) position.
fn offset_utf16(text: &str, line: usize, character: usize) -> usize {
    let start = text.split_inclusive('\n').take(line).map(str::len).sum::<usize>();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= character || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

#[test]
fn diagnostics_kept_from_the_last_list_are_what_a_fresh_conversion_gives() {
    // Keystrokes on the lines of the example's diagnostics (before, inside
    // and after them on their line, with characters of one and two UTF-16
    // units), and line breaks typed and deleted: after each, the list
    // published equals the list of a second server given the whole text,
    // which converts every diagnostic afresh.
    let mut c = Client::start();
    c.initialize(Some(&workspace()), json!({}), Value::Null);
    let mut fresh = Client::start();
    fresh.initialize(Some(&workspace()), json!({}), Value::Null);
    let uri = example_uri(EVAL);
    let mut text = example(EVAL);
    c.open(&uri, &text, 1);
    fresh.open(&uri, &text, 1);
    diagnostics_until(&mut c, &uri, |d| codes(d).iter().any(|c| c == "HY0106"));
    diagnostics_until(&mut fresh, &uri, |d| codes(d).iter().any(|c| c == "HY0106"));
    let lines: Vec<usize> = EVAL_EXPECTED.iter().map(|e| e.1 as usize).collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut version = 1;
    let mut rechecked = 0;
    for step in 0..60 {
        let line = lines[next(lines.len())] + [0, 0, 0, 1][next(4)];
        let Some(content) = text.split('\n').nth(line) else { continue };
        let units: usize = content.encode_utf16().count();
        let col = next(units + 1);
        let (end_col, new) = match step % 6 {
            0 => (col, "の".to_string()),
            1 => (col, "😀".to_string()),
            2 => (col, "9".to_string()),
            3 => ((col + 1).min(units), String::new()),
            4 => (col, "\n".to_string()),
            _ => (col, "、".to_string()),
        };
        let (s, e) = (offset_utf16(&text, line, col), offset_utf16(&text, line, end_col));
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) || (s == e && new.is_empty()) {
            continue;
        }
        version += 1;
        let range = json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": end_col}});
        c.change(&uri, version, json!([{"range": range, "text": new}]));
        text.replace_range(s..e, &new);
        fresh.change(&uri, version, json!([{"text": text}]));
        let got = c.diagnostics(&uri, Some(version));
        let want = fresh.diagnostics(&uri, Some(version));
        assert_eq!(got, want, "keystroke {step}: {new:?} at {line}:{col}");
        rechecked += 1;
    }
    assert!(rechecked >= 40, "only {rechecked} keystrokes");
    c.shutdown();
    fresh.shutdown();
}

#[test]
fn places_in_another_document_are_converted_again_when_it_changes() {
    // The plan's diagnostics point into the evaluation (names and marks
    // that differ between the two). Keystrokes on the plan's lines keep
    // their converted forms, those places included, until the evaluation
    // changes: then its lines move under the same bytes (`の` ↔ three line
    // breaks, three bytes either way) or with them (a character typed and
    // deleted). After every keystroke in the plan, its list is what a
    // second server given the whole texts converts afresh.
    let mut c = Client::start();
    c.initialize(Some(&workspace()), json!({}), Value::Null);
    let mut fresh = Client::start();
    fresh.initialize(Some(&workspace()), json!({}), Value::Null);
    let (eval_uri, plan_uri) = (example_uri(EVAL), example_uri("examples/mofa-I-2/plan.hyoka"));
    let mut eval = example(EVAL);
    let mut plan = example("examples/mofa-I-2/plan.hyoka");
    for cl in [&mut c, &mut fresh] {
        cl.open(&eval_uri, &eval, 1);
        cl.open(&plan_uri, &plan, 1);
    }
    let first = diagnostics_until(&mut c, &plan_uri, |d| d.iter().any(|d| d["relatedInformation"].as_array().is_some_and(|r| r.iter().any(|r| r["location"]["uri"] == eval_uri.as_str()))));
    diagnostics_until(&mut fresh, &plan_uri, |d| !d.is_empty());
    let into_eval = |d: &[Value]| d.iter().filter(|d| d["relatedInformation"].as_array().is_some_and(|r| r.iter().any(|r| r["location"]["uri"] == eval_uri.as_str()))).count();
    let crossing = into_eval(&first);
    // The lines of the plan's other diagnostics and of its prose: typing
    // there leaves the ones that point into the evaluation as they are.
    let kept: Vec<u64> = first.iter().filter(|d| into_eval(std::slice::from_ref(d)) > 0).map(|d| d["range"]["start"]["line"].as_u64().unwrap()).collect();
    let lines: Vec<usize> = first
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .chain(6..12)
        .filter(|l| !kept.contains(l))
        .map(|l| l as usize)
        .collect();
    // A prose line near the top of the evaluation, before every place.
    let prose = eval.find("我が国外交の基軸").unwrap();
    let (mut eval_version, mut plan_version) = (1, 1);
    let mut checked = 0;
    for step in 0..48 {
        if step % 4 == 3 {
            let (at, old, new) = match (step / 4) % 4 {
                0 => (prose, "我", "\n\n\n"),
                1 => (prose, "\n\n\n", "我"),
                2 => (prose, "", "あ"),
                _ => (prose, "あ", ""),
            };
            assert!(eval[at..].starts_with(old));
            let (line, col) = (eval[..at].matches('\n').count(), eval[..at].rsplit('\n').next().unwrap().encode_utf16().count());
            let (end_line, end_col) = {
                let upto = &eval[..at + old.len()];
                (upto.matches('\n').count(), upto.rsplit('\n').next().unwrap().encode_utf16().count())
            };
            eval_version += 1;
            let range = json!({"start": {"line": line, "character": col}, "end": {"line": end_line, "character": end_col}});
            c.change(&eval_uri, eval_version, json!([{"range": range, "text": new}]));
            eval.replace_range(at..at + old.len(), new);
            fresh.change(&eval_uri, eval_version, json!([{"text": eval}]));
            continue;
        }
        let line = lines[step % lines.len()];
        let Some(content) = plan.split('\n').nth(line) else { continue };
        let units = content.encode_utf16().count();
        let col = (step * 7) % (units + 1);
        let (end_col, new) = if step % 2 == 0 { (col, "の".to_string()) } else { ((col + 1).min(units), String::new()) };
        let (s, e) = (offset_utf16(&plan, line, col), offset_utf16(&plan, line, end_col));
        if !plan.is_char_boundary(s) || !plan.is_char_boundary(e) || (s == e && new.is_empty()) {
            continue;
        }
        plan_version += 1;
        let range = json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": end_col}});
        c.change(&plan_uri, plan_version, json!([{"range": range, "text": new}]));
        plan.replace_range(s..e, &new);
        fresh.change(&plan_uri, plan_version, json!([{"text": plan}]));
        let got = c.diagnostics(&plan_uri, Some(plan_version));
        let want = fresh.diagnostics(&plan_uri, Some(plan_version));
        assert_eq!(got, want, "keystroke {step}: {new:?} at {line}:{col}");
        assert_eq!(into_eval(&got), crossing, "keystroke {step}: the diagnostics that point into the evaluation are still there");
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} keystrokes");
    c.shutdown();
    fresh.shutdown();
}

#[test]
fn the_outline_written_as_it_is_walked_is_the_protocol_types_serialised() {
    // Byte for byte, in both encodings: the real reports (names, details,
    // nesting) and generated ones (an empty title, 2,000 indicators).
    let config = hyoka::config::Config::default();
    let mut texts: Vec<String> = ["examples/mofa-I-2/evaluation.hyoka", "examples/mofa-I-2/plan.hyoka", "examples/mofa-I-2/budget-sheet.hyoka"].iter().map(|p| example(p)).collect();
    texts.push(hyoka::gen::evaluation(5, 400_000));
    texts.push("# 政策評価書 Ⅰ-1\n## \n### 測定指標1-1 \n| 年度 | 目標値 |\n".to_string());
    for text in texts {
        let doc = hyoka::lsp::Document::new(text, Some(1), &config);
        for enc in [hyoka::text::Encoding::Utf16, hyoka::text::Encoding::Utf8] {
            let typed = serde_json::to_vec(&hyoka::lsp::document_symbols(&doc, enc)).unwrap();
            let written = hyoka::lsp::document_symbols_json(&doc, enc);
            assert!(typed.len() > 2);
            assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(typed).unwrap());
        }
    }
}
