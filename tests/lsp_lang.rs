//! The language of the server: `initialize.locale` (VS Code sends its UI
//! language), overridden by the `language` of the editor's settings or of
//! hyoka.toml. In Japanese, every text the server sends — diagnostics and
//! their related notes, hovers, completion details, code lenses, code
//! actions, rename refusals — is Japanese, with no English word.

mod common;
use common::*;
use hyoka::i18n::english_words;
use serde_json::{json, Value};

const EVAL: &str = "examples/mofa-I-2/evaluation.hyoka";

fn start(locale: Option<&str>, root: &str, options: Value) -> Client {
    let mut c = Client::start();
    let mut params = json!({"processId": null, "rootUri": root, "workspaceFolders": [{"uri": root, "name": "ws"}], "capabilities": {}, "initializationOptions": options});
    if let Some(l) = locale {
        params["locale"] = json!(l);
    }
    c.request("initialize", params);
    c.notify("initialized", json!({}));
    c
}

/// The diagnostics of `uri` once the workspace is indexed (HY0106 are there).
fn indexed(c: &mut Client, uri: &str) -> Vec<Value> {
    loop {
        let d = c.diagnostics(uri, None);
        if codes(&d).iter().any(|c| c == "HY0106") {
            return d;
        }
    }
}

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn hy0106(diags: &[Value]) -> Vec<String> {
    diags.iter().filter(|d| d["code"] == "HY0106").map(|d| d["message"].as_str().unwrap().to_string()).collect()
}

fn assert_japanese(what: &str, text: &str) {
    assert!(english_words(text).is_empty(), "{what}: English words {:?} in {text:?}", english_words(text));
}

#[test]
fn locale_ja_gives_japanese_everywhere() {
    let mut c = start(Some("ja"), &example_uri("examples/mofa-I-2"), Value::Null);
    let eval = example_uri(EVAL);
    let text = example(EVAL);
    c.open(&eval, &text, 1);
    let diags = indexed(&mut c, &eval);
    assert_eq!(diags.len(), 29);
    let m = hy0106(&diags);
    assert_eq!(m.len(), 10);
    assert_eq!(
        m[0],
        "個別分野1の達成手段①の名称は「北米諸国との政治分野での協力推進」ですが、ここでは「北米諸国との政治分野での協力増進」と引用されています [means-name-mismatch]"
    );
    for d in &diags {
        assert_japanese("diagnostic", d["message"].as_str().unwrap());
        for r in d["relatedInformation"].as_array().into_iter().flatten() {
            assert_japanese("related information", r["message"].as_str().unwrap());
        }
    }
    // Hovers over every line's start, citations, ratings and cells: every 7th character.
    let mut hovers = 0;
    for (line, l) in text.lines().enumerate() {
        let n = l.encode_utf16().count() as u32;
        for ch in (0..n).step_by(7) {
            let r = c.request("textDocument/hover", json!({"textDocument": {"uri": eval}, "position": pos(line as u32, ch)}));
            if let Some(md) = r["result"]["contents"]["value"].as_str() {
                hovers += 1;
                assert_japanese(&format!("hover at {line}:{ch}"), md);
            }
        }
    }
    assert!(hovers > 100, "{hovers} hovers");
    // Completion details: in a citation, at an attribute, on a heading line.
    for (line, ch) in [(423, 0), (0, 0)] {
        let r = c.request("textDocument/completion", json!({"textDocument": {"uri": eval}, "position": pos(line, ch)}));
        let items = r["result"].as_array().cloned().unwrap_or_default();
        assert!(!items.is_empty(), "no completion at {line}:{ch}");
        for i in items {
            if let Some(d) = i["detail"].as_str() {
                assert_japanese("completion detail", d);
            }
        }
    }
    // Code lenses and actions.
    let r = c.request("textDocument/codeLens", json!({"textDocument": {"uri": eval}}));
    let l15 = r["result"].as_array().unwrap().iter().find(|l| l["range"]["start"]["line"] == 381).unwrap().clone();
    assert_eq!(l15["command"]["title"], "参照 11件");
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": eval}, "range": {"start": pos(58, 39), "end": pos(58, 40)}, "context": {"diagnostics": []}}),
    );
    let titles: Vec<String> = r["result"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect();
    assert_eq!(titles[0], "「a」に直す");
    assert!(titles.iter().any(|t| t == "このファイルの HY0204 をすべて直す（6か所）"), "{titles:?}");
    for t in &titles {
        assert_japanese("code action", t);
    }
    // A refused rename says why in Japanese.
    let r = c.request("textDocument/prepareRename", json!({"textDocument": {"uri": eval}, "position": pos(1, 0)}));
    let why = r["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(why.contains("名前を変更できるものがありません"), "{r}");
    c.shutdown();
}

#[test]
fn locale_en_and_no_locale_give_english() {
    for locale in [Some("en-US"), None, Some("de")] {
        let mut c = start(locale, &example_uri("examples/mofa-I-2"), Value::Null);
        let eval = example_uri(EVAL);
        c.open(&eval, &example(EVAL), 1);
        let m = hy0106(&indexed(&mut c, &eval));
        assert!(m[0].starts_with("個別分野1の達成手段① is named 「北米諸国との政治分野での協力推進」, cited here as"), "{locale:?}: {}", m[0]);
        c.shutdown();
    }
}

#[test]
fn the_language_setting_overrides_the_locale_and_can_change() {
    // initializationOptions say English to a Japanese UI.
    let mut c = start(Some("ja"), &example_uri("examples/mofa-I-2"), json!({"language": "en"}));
    let eval = example_uri(EVAL);
    c.open(&eval, &example(EVAL), 1);
    assert!(hy0106(&indexed(&mut c, &eval))[0].contains("cited here as"));
    // The settings change to Japanese: the diagnostics are published again, in Japanese.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"hyoka": {"language": "ja"}}}));
    let m = loop {
        let m = hy0106(&c.diagnostics(&eval, None));
        if m.first().is_some_and(|m| m.contains("と引用されています")) {
            break m;
        }
    };
    assert_eq!(m.len(), 10);
    // An empty language (VS Code's "follow the UI") is the locale's: Japanese.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"hyoka": {"language": "en"}}}));
    while !hy0106(&c.diagnostics(&eval, None)).first().is_some_and(|m| m.contains("cited here as")) {}
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"hyoka": {"language": ""}}}));
    while !hy0106(&c.diagnostics(&eval, None)).first().is_some_and(|m| m.contains("と引用されています")) {}
    c.shutdown();
}

#[test]
fn hyoka_toml_language_applies_when_the_editor_names_none() {
    let dir = std::env::temp_dir().join(format!("hyoka-lsp-lang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["evaluation.hyoka", "plan.hyoka"] {
        std::fs::copy(format!("{}/examples/mofa-I-2/{f}", env!("CARGO_MANIFEST_DIR")), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("hyoka.toml"), "language = \"ja\"\n[checks]\nHY0204 = \"off\"\n").unwrap();
    let root = format!("file://{}", dir.display());
    let eval = format!("{root}/evaluation.hyoka");
    let text = std::fs::read_to_string(dir.join("evaluation.hyoka")).unwrap();
    // An English UI, no language in the settings: hyoka.toml's Japanese.
    let mut c = start(Some("en"), &root, Value::Null);
    c.open(&eval, &text, 1);
    let m = loop {
        let d = c.diagnostics(&eval, None);
        let m = hy0106(&d);
        if m.len() == 10 && m[0].contains("と引用されています") {
            assert!(!codes(&d).iter().any(|c| c == "HY0204"), "hyoka.toml's [checks] apply too");
            break m;
        }
    };
    assert_eq!(m.len(), 10);
    c.shutdown();
    // Settings that name no language keep hyoka.toml's, settings that do win.
    let mut c = start(Some("en"), &root, json!({"checks": {"HY0301": "off"}}));
    c.open(&eval, &text, 1);
    while !hy0106(&c.diagnostics(&eval, None)).first().is_some_and(|m| m.contains("と引用されています")) {}
    c.shutdown();
    let mut c = start(Some("ja"), &root, json!({"language": "en"}));
    c.open(&eval, &text, 1);
    while !hy0106(&c.diagnostics(&eval, None)).first().is_some_and(|m| m.contains("cited here as")) {}
    c.shutdown();
    std::fs::remove_dir_all(&dir).unwrap();
}
