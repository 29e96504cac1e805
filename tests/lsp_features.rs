//! Navigation, rename, completion, code lenses and fix-all at the protocol
//! level, on the real report with its plan in the workspace; and a check
//! that every capability the server advertises has a handler.

mod common;
use common::*;
use serde_json::{json, Value};

const EVAL: &str = "examples/mofa-I-2/evaluation.hyoka";
const PLAN: &str = "examples/mofa-I-2/plan.hyoka";

fn start_with_plan() -> (Client, String, String) {
    let mut c = Client::start();
    c.initialize(Some(&example_uri("examples/mofa-I-2")), json!({}), Value::Null);
    let eval = example_uri(EVAL);
    c.open(&eval, &example(EVAL), 1);
    // Wait until the workspace (with the plan) is indexed: the cross-document
    // diagnostics have arrived.
    loop {
        let d = c.diagnostics(&eval, None);
        if codes(&d).iter().any(|c| c == "HY0106") {
            break;
        }
    }
    (c, eval, example_uri(PLAN))
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

#[test]
fn definition_and_references_across_the_plan() {
    let (mut c, eval, plan) = start_with_plan();
    // 「測定指標１－５について」 in the advisers' comments (line 87, column 3).
    let r = c.request("textDocument/definition", json!({"textDocument": {"uri": eval}, "position": pos(86, 5)}));
    let defs = r["result"].as_array().unwrap();
    let mut got: Vec<(String, u64)> = defs.iter().map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"]["start"]["line"].as_u64().unwrap())).collect();
    got.sort();
    assert_eq!(got, vec![(eval.clone(), 381), (plan.clone(), 110)]);
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": eval}, "position": pos(381, 6), "context": {"includeDeclaration": false}}),
    );
    let refs = r["result"].as_array().unwrap();
    let in_eval = refs.iter().filter(|l| l["uri"] == eval.as_str()).count();
    let in_plan = refs.iter().filter(|l| l["uri"] == plan.as_str()).count();
    // Evaluation: the summary row, two citations at line 87, 【測定指標１－５…】,
    // the line of 次期目標等への反映 that opens with 「１－５」; plan: the six
    // means rows that relate to 1-5 (field 3's ③ too).
    assert_eq!((in_eval, in_plan), (5, 6), "{refs:?}");
    c.shutdown();
}

#[test]
fn rename_an_indicator_in_every_document_of_the_measure() {
    let (mut c, eval, plan) = start_with_plan();
    let r = c.request("textDocument/prepareRename", json!({"textDocument": {"uri": eval}, "position": pos(381, 10)}));
    assert_eq!(r["result"]["placeholder"], "1-5");
    assert_eq!(r["result"]["range"], json!({"start": pos(381, 9), "end": pos(381, 12)}));
    let refused = c.request("textDocument/prepareRename", json!({"textDocument": {"uri": eval}, "position": pos(5, 1)}));
    assert!(refused["error"]["message"].as_str().unwrap().contains("nothing to rename"));
    let r = c.request("textDocument/rename", json!({"textDocument": {"uri": eval}, "position": pos(381, 10), "newName": "1-6"}));
    let changes = &r["result"]["changes"];
    let eval_edits = changes[&eval].as_array().unwrap();
    let plan_edits = changes[&plan].as_array().unwrap();
    // Full-width IDs stay full-width.
    assert!(eval_edits.iter().any(|e| e["newText"] == "１－６"));
    assert!(eval_edits.iter().any(|e| e["newText"] == "1-6" && e["range"]["start"] == pos(381, 9)));
    assert_eq!(plan_edits.len(), 7, "the heading and six relations: {plan_edits:?}");
    let bad = c.request("textDocument/rename", json!({"textDocument": {"uri": eval}, "position": pos(381, 10), "newName": "x"}));
    assert!(bad["error"]["message"].as_str().unwrap().contains("not an indicator ID"));
    c.shutdown();
}

#[test]
fn completion_offers_rating_letters_and_exact_means_names() {
    let (mut c, eval, _) = start_with_plan();
    let text = example(EVAL);
    // At the end of the first rating attribute (its value is being typed).
    let line = text.lines().position(|l| l.starts_with('@') && l.contains("達成状況")).unwrap();
    let col = text.lines().nth(line).unwrap().encode_utf16().count();
    let r = c.request("textDocument/completion", json!({"textDocument": {"uri": eval}, "position": pos(line as u32, col as u32)}));
    let labels: Vec<&str> = r["result"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["s", "a", "b", "c", "d"]);
    c.shutdown();
}

#[test]
fn code_lens_counts_references_and_fix_all_normalises_ratings() {
    let (mut c, eval, _) = start_with_plan();
    let r = c.request("textDocument/codeLens", json!({"textDocument": {"uri": eval}}));
    let lenses = r["result"].as_array().unwrap();
    assert_eq!(lenses.len(), 9);
    let l15 = lenses.iter().find(|l| l["range"]["start"]["line"] == 381).unwrap();
    assert_eq!(l15["command"]["title"], "11 references");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": eval}, "range": {"start": pos(58, 39), "end": pos(58, 40)}, "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions[0]["title"], "Write 「a」");
    // The row's ID １－１ can be written half-width; the rating letter is the quick fix's.
    let digits = actions.iter().find(|a| a["title"].as_str().unwrap().starts_with("Write full-width digits half-width")).unwrap();
    assert_eq!(digits["kind"], "refactor.rewrite");
    let texts: Vec<&str> = digits["edit"]["changes"][&eval].as_array().unwrap().iter().map(|e| e["newText"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["1", "-", "1"]);
    let all = actions.iter().find(|a| a["title"].as_str().unwrap().starts_with("Fix all full-width-rating")).unwrap();
    assert_eq!(all["edit"]["changes"][&eval].as_array().unwrap().len(), 6);
    c.shutdown();
}

/// Every capability advertised has a handler: a request to it never answers
/// "method not found".
#[test]
fn every_advertised_capability_has_a_handler() {
    let mut c = Client::start();
    let init = c.initialize(None, json!({"textDocument": {"diagnostic": {}}}), Value::Null);
    let caps = init["result"]["capabilities"].as_object().unwrap().clone();
    let uri = "file:///tmp/hyoka-caps/a.hyoka";
    c.open(uri, "# 政策評価書 Ⅰ-1 t\n@年度: 令和5年度\n", 1);
    let td = json!({"textDocument": {"uri": uri}});
    let at = json!({"textDocument": {"uri": uri}, "position": pos(0, 3)});
    let range = json!({"start": pos(0, 0), "end": pos(1, 0)});
    let methods: Vec<(&str, &str, Value)> = vec![
        ("documentSymbolProvider", "textDocument/documentSymbol", td.clone()),
        ("workspaceSymbolProvider", "workspace/symbol", json!({"query": ""})),
        ("codeActionProvider", "textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}})),
        ("definitionProvider", "textDocument/definition", at.clone()),
        ("referencesProvider", "textDocument/references", json!({"textDocument": {"uri": uri}, "position": pos(0, 3), "context": {"includeDeclaration": true}})),
        ("renameProvider", "textDocument/prepareRename", at.clone()),
        ("completionProvider", "textDocument/completion", at.clone()),
        ("codeLensProvider", "textDocument/codeLens", td.clone()),
        ("diagnosticProvider", "textDocument/diagnostic", td.clone()),
        ("hoverProvider", "textDocument/hover", at.clone()),
        ("documentFormattingProvider", "textDocument/formatting", json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}})),
        ("documentRangeFormattingProvider", "textDocument/rangeFormatting", json!({"textDocument": {"uri": uri}, "range": range, "options": {"tabSize": 2, "insertSpaces": true}})),
        ("foldingRangeProvider", "textDocument/foldingRange", td.clone()),
        ("selectionRangeProvider", "textDocument/selectionRange", json!({"textDocument": {"uri": uri}, "positions": [pos(0, 3)]})),
        ("inlayHintProvider", "textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": range})),
        ("documentLinkProvider", "textDocument/documentLink", td.clone()),
        ("semanticTokensProvider", "textDocument/semanticTokens/full", td.clone()),
    ];
    let known: Vec<&str> = methods.iter().map(|m| m.0).collect();
    for key in caps.keys() {
        let sync_or_info = ["textDocumentSync", "positionEncoding", "workspace"].contains(&key.as_str());
        assert!(sync_or_info || known.contains(&key.as_str()), "capability {key} is advertised but not tested here");
    }
    for (cap, method, params) in methods {
        // Vice versa: every handler the server has is advertised.
        assert!(caps.contains_key(cap), "{method} has a handler but {cap} is not advertised");
        let r = c.request(method, params);
        assert_ne!(r["error"]["code"], -32601, "{cap} is advertised but {method} has no handler");
    }
    c.shutdown();
}

/// Applies LSP text edits (UTF-16 positions) to a text.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let idx = hyoka::text::LineIndex::new(text);
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let p = |v: &Value| hyoka::text::LineCol { line: v["line"].as_u64().unwrap() as u32, character: v["character"].as_u64().unwrap() as u32 };
            let s = idx.to_offset(text, p(&e["range"]["start"]), hyoka::text::Encoding::Utf16);
            let t = idx.to_offset(text, p(&e["range"]["end"]), hyoka::text::Encoding::Utf16);
            (s, t, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, t, n) in spans {
        out.replace_range(s..t, &n);
    }
    out
}

#[test]
fn hover_formatting_tokens_folds_selection_hints_links() {
    let mut c = Client::start();
    c.initialize(None, json!({}), Value::Null);
    let uri = example_uri("examples/tutorial.hyoka");
    let text = example("examples/tutorial.hyoka");
    c.open(&uri, &text, 1);
    c.diagnostics(&uri, Some(1));
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32;

    // Hover on the rating letter of 1-1 and on a total cell.
    let l = line_of("@令和2・3・4年度目標の達成状況: a");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(l, 19)}));
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("目標達成"), "{md}");
    let l = line_of("| 合計(a＋b＋c) | 110 |");
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos(l, 15)}));
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("100 + 10 + 0"), "{md}");

    // Formatting: applying the edits and formatting again changes nothing,
    // and no line's words change.
    let r = c.request("textDocument/formatting", json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}));
    let formatted = apply_edits(&text, r["result"].as_array().unwrap());
    let words = |s: &str| s.split_whitespace().map(|w| w.replace(['|', ' '], "")).collect::<String>();
    assert_eq!(words(&formatted), words(&text));
    c.change(&uri, 2, json!([{"text": formatted}]));
    c.diagnostics(&uri, Some(2));
    let again = c.request("textDocument/formatting", json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}));
    assert_eq!(again["result"], json!([]));

    // Semantic tokens, then a delta after an edit.
    let full = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}}));
    let data = full["result"]["data"].as_array().unwrap();
    assert!(data.len() > 100 && data.len() % 5 == 0);
    let id = full["result"]["resultId"].as_str().unwrap().to_string();
    c.change(&uri, 3, json!([{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "// x\n"}]));
    c.diagnostics(&uri, Some(3));
    let delta = c.request("textDocument/semanticTokens/full/delta", json!({"textDocument": {"uri": uri}, "previousResultId": id}));
    assert!(delta["result"]["edits"].is_array(), "{delta}");

    // Folding: the document and its sections.
    let f = c.request("textDocument/foldingRange", json!({"textDocument": {"uri": uri}}));
    assert!(f["result"].as_array().unwrap().len() >= 10);
    // Selection: strictly growing ranges from a cell outwards.
    let l = line_of("| 当初予算(a) |") + 1;
    let s = c.request("textDocument/selectionRange", json!({"textDocument": {"uri": uri}, "positions": [pos(l, 3)]}));
    let mut depth = 0;
    let mut node = &s["result"][0];
    while node.is_object() {
        depth += 1;
        node = &node["parent"];
    }
    assert!(depth >= 5, "{s}");
    // Inlay hints: by default only what is off, and the tutorial is clean.
    let whole = json!({"textDocument": {"uri": uri}, "range": {"start": pos(0, 0), "end": pos(200, 0)}});
    let h = c.request("textDocument/inlayHint", whole.clone());
    assert_eq!(h["result"], json!([]));
    // With every hint on: 西暦 and every computed total, one hint per line
    // at its end (after the row's last `|`), never inside the text.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"hyoka": {"inlay": {"all": true, "years": true}}}}));
    c.diagnostics(&uri, None);
    let h = c.request("textDocument/inlayHint", whole);
    let hints = h["result"].as_array().unwrap();
    let at = |label: &str| hints.iter().find(|h| h["label"] == label).map(|h| (h["position"]["line"].as_u64().unwrap() as usize, h["position"]["character"].as_u64().unwrap() as usize));
    // The document as edited above: formatted (aligned columns), a comment on top.
    let current = format!("// x\n{formatted}");
    let year = at("FY2023").expect("FY2023");
    assert_eq!(current.lines().nth(year.0).unwrap().encode_utf16().count(), year.1);
    let total = hints.iter().find(|h| h["label"].as_str().unwrap().contains("= 110")).expect("= 110");
    let line = current.lines().nth(total["position"]["line"].as_u64().unwrap() as usize).unwrap();
    assert!(line.starts_with("| 合計"), "{line}");
    assert_eq!(total["position"]["character"].as_u64().unwrap() as usize, line.trim_end().encode_utf16().count());
    // Links: the URL in the sources.
    let links = c.request("textDocument/documentLink", json!({"textDocument": {"uri": uri}}));
    assert_eq!(links["result"][0]["target"], "https://example.org/kouryu/index.html");
    c.shutdown();
}
