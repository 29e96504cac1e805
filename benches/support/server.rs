//! The client side of the end-to-end benchmarks (`lsp_e2e`, `edits`): the
//! built release `hyoka lsp` driven over stdio as an editor drives it.
//! (Each benchmark uses part of it.)
#![allow(dead_code)]

use super::common;
use serde_json::{json, Value};
use std::io::Write;
use std::process::{Child, ChildStdin};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    stdin: ChildStdin,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
}

impl Server {
    pub fn start() -> Server {
        // Each message is stamped when it arrives, before the client parses it.
        let (child, stdin, rx) = common::spawn_server();
        Server { child, stdin, rx, next_id: 1 }
    }

    /// Writes one message; returns when it was written.
    pub fn send(&mut self, msg: &Value) -> Instant {
        let body = serde_json::to_vec(msg).unwrap();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        let t = Instant::now();
        self.stdin.write_all(&frame).unwrap();
        self.stdin.flush().unwrap();
        t
    }

    pub fn notify(&mut self, method: &str, params: Value) -> Instant {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    pub fn request_start(&mut self, method: &str, params: Value) -> (i64, Instant) {
        let id = self.next_id;
        self.next_id += 1;
        (id, self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})))
    }

    /// Answers a request of the server (configuration, registration).
    fn answer(&mut self, m: &Value) {
        if let (Some(id), Some(method)) = (m.get("id"), m.get("method").and_then(|x| x.as_str())) {
            let result = if method == "workspace/configuration" { json!([null]) } else { Value::Null };
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
        }
    }

    /// Waits for a message satisfying `pred`, answering server requests.
    pub fn wait(&mut self, timeout: Duration, mut pred: impl FnMut(&Value) -> bool) -> (Instant, Value) {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, m) = self.rx.recv_timeout(left).unwrap_or_else(|_| panic!("no answer within {timeout:?}"));
            if pred(&m) {
                return (at, m);
            }
            self.answer(&m);
        }
    }

    /// Reads messages until none has come for `quiet`.
    pub fn drain(&mut self, quiet: Duration) {
        loop {
            match self.rx.recv_timeout(quiet) {
                Ok((_, m)) => self.answer(&m),
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited"),
            }
        }
    }

    /// A request and its answer, with the time from writing to reading.
    pub fn request(&mut self, method: &str, params: Value, timeout: Duration) -> (Duration, Value) {
        let (id, t0) = self.request_start(method, params);
        let (at, m) = self.wait(timeout, |m| m.get("id") == Some(&json!(id)) && m.get("method").is_none());
        (at - t0, m)
    }

    /// `initialize` with these parameters, then `initialized`.
    pub fn initialize_with(&mut self, params: Value) {
        self.request("initialize", params, Duration::from_secs(60));
        self.notify("initialized", json!({}));
    }

    pub fn peak_rss_kib(&self) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        s.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
    }

    pub fn stop(mut self) {
        let _ = self.request("shutdown", Value::Null, Duration::from_secs(60));
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

pub fn is_publish_for(m: &Value, uri: &str, version: i64) -> bool {
    m.get("method").and_then(|x| x.as_str()) == Some("textDocument/publishDiagnostics")
        && m["params"]["uri"].as_str() == Some(uri)
        && m["params"]["version"].as_i64() == Some(version)
}
