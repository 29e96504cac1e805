//! The live preview for editors without a webview (Neovim): a read-only
//! HTTP server inside `hyoka lsp`, on 127.0.0.1 only, on a port the system
//! picks, behind an unguessable token. It answers the page of a document as
//! the server knows it now (the open buffer, findings marked) and the
//! version the page polls to reload itself. It lives as long as the
//! language server: it stops with the editor.

use super::{lock, State};
use crate::render::{render, RenderOptions};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_lsp::lsp_types::Url;

/// The server once started: its address and token, and the documents it
/// serves (by number, in the order they were asked for).
pub struct Preview {
    pub port: u16,
    pub token: String,
    docs: Arc<Mutex<Vec<Url>>>,
}

/// 128 bits from the operating system's randomness (each `RandomState` is
/// seeded from it).
fn token() -> String {
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

impl Preview {
    pub fn start(state: Arc<Mutex<State>>) -> std::io::Result<Preview> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        let token = token();
        let docs: Arc<Mutex<Vec<Url>>> = Arc::default();
        let (t, d) = (token.clone(), docs.clone());
        std::thread::Builder::new().name("hyoka-preview".into()).spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve(stream, &t, &d, &state);
            }
        })?;
        Ok(Preview { port, token, docs })
    }

    /// The page's address for a document (its key).
    pub fn url_for(&self, key: &Url) -> String {
        let mut docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
        let n = match docs.iter().position(|u| u == key) {
            Some(n) => n,
            None => {
                docs.push(key.clone());
                docs.len() - 1
            }
        };
        format!("http://127.0.0.1:{}/{}/{n}/", self.port, self.token)
    }
}

/// The page's script: poll the version, reload on a change, keep the scroll.
const RELOAD: &str = r#"<script>
(function () {
  var key = "hyoka-scroll:" + location.pathname;
  var y = sessionStorage.getItem(key);
  if (y !== null) { window.scrollTo(0, +y); }
  var seen = null;
  function poll() {
    fetch("version", { cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (v) {
      if (v === null) { return; }
      if (seen !== null && v !== seen) { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); return; }
      seen = v;
    }).catch(function () {}).then(function () { setTimeout(poll, 500); });
  }
  poll();
})();
</script>"#;

fn respond(mut s: &TcpStream, status: &str, kind: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    write!(
        s,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        s.write_all(body)?;
    }
    s.flush()
}

fn serve(stream: TcpStream, token: &str, docs: &Mutex<Vec<Url>>, state: &Mutex<State>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The headers are read and ignored.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond(&stream, "405 Method Not Allowed", "text/plain", b"read only\n", false);
    }
    let not_found = || respond(&stream, "404 Not Found", "text/plain", b"not found\n", head);
    let mut seg = path.trim_start_matches('/').splitn(3, '/');
    if seg.next() != Some(token) {
        return not_found();
    }
    let Some(n) = seg.next().and_then(|n| n.parse::<usize>().ok()) else { return not_found() };
    let rest = seg.next().unwrap_or("");
    let Some(key) = docs.lock().unwrap_or_else(|e| e.into_inner()).get(n).cloned() else { return not_found() };
    let st = lock(state);
    let Some(doc) = st.docs.get(&key) else {
        drop(st);
        return not_found();
    };
    match rest {
        "" => {
            let diags = st.all_diagnostics(&key);
            let html = render(&doc.text, doc.report(), &diags, &RenderOptions { lang: st.lang(), annotate: true, script: Some(RELOAD.into()) });
            drop(st);
            respond(&stream, "200 OK", "text/html; charset=utf-8", html.as_bytes(), head)
        }
        "version" => {
            // The text's version and the findings (which other documents change).
            let mut h = std::collections::hash_map::DefaultHasher::new();
            h.write_usize(doc.text.len());
            h.write(doc.text.as_bytes());
            for d in st.all_diagnostics(&key) {
                h.write(d.check.code.as_bytes());
                h.write_usize(d.span.start);
                h.write_usize(d.span.end);
            }
            h.write_u8(st.lang() as u8);
            let v = format!("{:x}", h.finish());
            drop(st);
            respond(&stream, "200 OK", "text/plain", v.as_bytes(), head)
        }
        _ => {
            drop(st);
            not_found()
        }
    }
}
