//! A minimal LSP client over the built `hyoka lsp`, for protocol tests.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// Starts `hyoka lsp` with a thread that reads its messages, each stamped
/// with the time it arrived (before it is parsed).
/// `HYOKA_LSP_WRAPPER` (words split on spaces) runs the server under
/// another program, for a profiler: `HYOKA_LSP_WRAPPER='valgrind
/// --tool=callgrind --collect-atstart=no --toggle-collect=*did_change*'`.
pub fn spawn_server() -> (Child, ChildStdin, Receiver<(Instant, Value)>) {
    let wrapper = std::env::var("HYOKA_LSP_WRAPPER").unwrap_or_default();
    let mut words = wrapper.split_whitespace();
    let mut cmd = match words.next() {
        Some(program) => {
            let mut c = Command::new(program);
            c.args(words).arg(env!("CARGO_BIN_EXE_hyoka"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_hyoka")),
    };
    cmd.arg("lsp");
    spawn_command(cmd)
}

/// Starts a language server given as a command (another build, under Wine…).
pub fn spawn_command(mut cmd: Command) -> (Child, ChildStdin, Receiver<(Instant, Value)>) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn hyoka lsp");
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut r = BufReader::with_capacity(1 << 20, stdout);
        while let Some(body) = read_frame(&mut r) {
            let at = Instant::now();
            let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
            if tx.send((at, v)).is_err() {
                return;
            }
        }
    });
    (child, stdin, rx)
}

/// Reads one message body; `None` at the end of the stream. The server
/// writes exactly one `Content-Length` header per message.
pub fn read_frame(r: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let v = line.strip_prefix("Content-Length: ").expect("the server writes only Content-Length headers");
        len = Some(v.parse::<usize>().unwrap());
    }
    let mut buf = vec![0; len.expect("a Content-Length")];
    r.read_exact(&mut buf).ok()?;
    Some(buf)
}

pub struct Client {
    pub child: Child,
    pub stdin: ChildStdin,
    pub rx: Receiver<(Instant, Value)>,
    pub next_id: i64,
    /// Messages received and not yet consumed.
    pub backlog: Vec<Value>,
}

impl Client {
    pub fn start() -> Client {
        let (child, stdin, rx) = spawn_server();
        Client { child, stdin, rx, next_id: 1, backlog: Vec::new() }
    }

    pub fn start_command(cmd: Command) -> Client {
        let (child, stdin, rx) = spawn_command(cmd);
        Client { child, stdin, rx, next_id: 1, backlog: Vec::new() }
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response, answering server requests
    /// (configuration, registration) along the way.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for a message satisfying `pred` (10 s at most).
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(Duration::from_secs(10), pred).expect("timed out waiting for the server")
    }

    /// Waits up to `wait` for a message satisfying `pred`, answering the
    /// server's own requests (configuration, registration) along the way and
    /// keeping the other messages for later.
    pub fn try_wait_for(&mut self, wait: Duration, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return Some(self.backlog.remove(i));
        }
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (_, msg) = self.rx.recv_timeout(left).ok()?;
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let id = msg["id"].clone();
                let result = if msg["method"] == "workspace/configuration" { json!([null]) } else { Value::Null };
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                continue;
            }
            if pred(&msg) {
                return Some(msg);
            }
            self.backlog.push(msg);
        }
    }

    /// The next publishDiagnostics for `uri` with `version`.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let uri = uri.to_string();
        let m = self.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && (version.is_none() || m["params"]["version"] == json!(version))
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn initialize(&mut self, root: Option<&str>, capabilities: Value, options: Value) -> Value {
        let folders = root.map(|r| json!([{"uri": r, "name": "ws"}])).unwrap_or(Value::Null);
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "workspaceFolders": folders, "capabilities": capabilities, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "hyoka", "version": version, "text": text}}));
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}));
    }

    pub fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not exit after shutdown/exit");
    }
}

pub fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

pub fn example(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{}", env!("CARGO_MANIFEST_DIR"), path)).unwrap()
}

pub fn example_uri(path: &str) -> String {
    format!("file://{}/{}", env!("CARGO_MANIFEST_DIR"), path)
}
