//! The server's rendering: `hyoka/render` answers the page of the buffer as
//! it is now; `hyoka/preview` serves it on 127.0.0.1 behind a token, read
//! only, and its version changes with the text.

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;

const EVAL: &str = "examples/mofa-I-2/evaluation.hyoka";

fn start() -> (Client, String) {
    let mut c = Client::start();
    let root = example_uri("examples/mofa-I-2");
    c.request("initialize", json!({"processId": null, "rootUri": root, "workspaceFolders": [{"uri": root, "name": "ws"}], "capabilities": {}, "locale": "ja"}));
    c.notify("initialized", json!({}));
    let eval = example_uri(EVAL);
    c.open(&eval, &example(EVAL), 1);
    while !codes(&c.diagnostics(&eval, None)).iter().any(|c| c == "HY0106") {}
    (c, eval)
}

/// A plain HTTP/1.1 exchange: (status code, body).
fn http(url: &str, method: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = TcpStream::connect(host).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.split_whitespace().nth(1).unwrap().parse().unwrap(), body.to_string())
}

#[test]
fn render_answers_the_page_of_the_buffer_as_it_is() {
    let (mut c, eval) = start();
    let r = c.request("hyoka/render", json!({"textDocument": {"uri": eval}, "annotate": true}));
    let html = r["result"]["html"].as_str().unwrap();
    assert_eq!(r["result"]["version"], 1);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>政策評価書 Ⅰ-2 北米地域外交（令和5年度）</title>"));
    // 29 findings, cross-document ones included, marked and listed in Japanese.
    assert!(html.contains("指摘事項（29件）"), "{}", &html[html.len() - 2000..]);
    assert_eq!(html.matches("<p class=\"note ").count(), 29);
    // An edit: the page follows the buffer, and the new total is marked.
    c.change(&eval, 2, json!([{"range": {"start": {"line": 28, "character": 14}, "end": {"line": 28, "character": 17}}, "text": "653"}]));
    let r = c.request("hyoka/render", json!({"textDocument": {"uri": eval}, "annotate": true}));
    let html = r["result"]["html"].as_str().unwrap();
    assert_eq!(r["result"]["version"], 2);
    assert!(html.contains("<mark class=\"f f-error\""), "the HY0301 of the edit is marked");
    assert!(html.contains("合計(a+b+c) 令和２年度が 653 ですが、652 ＋ 0 ＋ 0 ＝ 652 です"));
    // Without annotate: the document alone.
    let r = c.request("hyoka/render", json!({"textDocument": {"uri": eval}}));
    assert!(!r["result"]["html"].as_str().unwrap().contains("<mark"));
    // A document the server does not know: an error, not a page.
    let r = c.request("hyoka/render", json!({"textDocument": {"uri": "file:///no/such.hyoka"}}));
    assert!(r["error"].is_object(), "{r}");
    c.shutdown();
}

#[test]
fn preview_serves_the_live_page_on_localhost_behind_a_token() {
    let (mut c, eval) = start();
    let r = c.request("hyoka/preview", json!({"textDocument": {"uri": eval}}));
    let url = r["result"]["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let token = url.split('/').nth(3).unwrap().to_string();
    assert_eq!(token.len(), 32, "{url}");
    let (status, page) = http(&url, "GET");
    assert_eq!(status, 200);
    assert!(page.contains("施策目標") && page.contains(">652<"), "the page");
    assert!(page.contains("fetch(\"version\""), "the page reloads itself");
    let (status, v1) = http(&format!("{url}version"), "GET");
    assert_eq!(status, 200);
    // The same document asked again: the same address.
    let again = c.request("hyoka/preview", json!({"textDocument": {"uri": eval}}));
    assert_eq!(again["result"]["url"], url.as_str());
    // Read only, and nothing without the token.
    assert_eq!(http(&url, "POST").0, 405);
    assert_eq!(http(&url.replace(&token, "0123456789abcdef0123456789abcdef"), "GET").0, 404);
    assert_eq!(http(&format!("{url}../../"), "GET").0, 404);
    assert_eq!(http(&format!("{url}../9/"), "GET").0, 404);
    // An edit changes the version and the page.
    c.change(&eval, 2, json!([{"range": {"start": {"line": 28, "character": 14}, "end": {"line": 28, "character": 17}}, "text": "653"}]));
    let _ = c.diagnostics(&eval, Some(2));
    let (_, v2) = http(&format!("{url}version"), "GET");
    assert_ne!(v1, v2);
    let (_, page) = http(&url, "GET");
    assert!(page.contains(">653<") || page.contains("653</mark>"), "the page shows the edit");
    c.shutdown();
}

#[test]
fn the_custom_requests_are_not_methods_of_other_servers() {
    // An unknown custom method is still "method not found": the two are ours only.
    let (mut c, eval) = start();
    let r = c.request("hyoka/nothing", json!({"textDocument": {"uri": eval}}));
    assert_eq!(r["error"]["code"], -32601);
    let _: Value = r;
    c.shutdown();
}
