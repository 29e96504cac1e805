//! The byte stream between the editor and tower-lsp, made robust.
//!
//! tower-lsp 0.20 stops serving on the first message it cannot decode (a
//! malformed JSON body, a missing `Content-Length`, an unknown
//! `Content-Type`, more than two headers, ...): its framed reader ends after
//! one error and the server exits. The LSP specification expects an error
//! response and the connection to live. So every byte from the client goes
//! through a [`Framer`] first, which
//!
//! - re-frames each message with a single canonical `Content-Length` header,
//! - forwards only bodies that tower-lsp will decode (UTF-8 JSON that is a
//!   JSON-RPC request, notification or response),
//! - answers the others itself: `ParseError` (-32700, id null) for a body
//!   that is not JSON or a header block without a valid length,
//!   `InvalidRequest` (-32600) for JSON that is not a JSON-RPC message,
//! - refuses bodies above [`MAX_BODY`] with an error response and skips
//!   their bytes without storing them,
//! - resynchronises on the next `Content-Length` after unframed junk.
//!
//! tower-lsp writes into a pipe too; one writer task copies its frames and
//! the framer's error responses, whole frames each, to the real output, so
//! the two never interleave.
//!
//! tower-lsp turns every result into a `serde_json::Value` tree before it
//! writes it: for a large answer (the outline of a 5 MB report: 3,380
//! symbols, 783 KB) building and freeing that tree costs more than all the
//! server's own work. [`RawAnswers`] lets a handler hand over the JSON of its
//! result, serialised once ([`answer_raw`]); the response frame is then
//! written from it directly, through the same writer.

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::{ClientSocket, LanguageServer, LspService, Server};

/// The largest message body accepted (64 MiB); larger ones are answered with
/// an error and skipped.
pub const MAX_BODY: usize = 64 << 20;

/// A header line longer than this is junk: only its tail is kept, in case a
/// `Content-Length` header follows the junk on the same line.
const MAX_HEADER_LINE: usize = 8 << 10;
const KEEP_TAIL: usize = 64;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// What tower-lsp decodes: the same untagged shape as its private `Message`.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(Response),
    Request(Request),
}

/// What the framer makes of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A decodable message, re-framed for tower-lsp; `exit` for the `exit`
    /// notification, after which nothing more is forwarded.
    Forward { frame: Vec<u8>, exit: bool },
    /// An error response for the client, with a note for the log.
    Reply { frame: Vec<u8>, note: String },
}

#[derive(Debug)]
enum State {
    Header,
    Body(usize),
    /// A large body: the bytes still to come, read into `Framer::big`.
    Big(usize),
    Skip(usize),
}

#[derive(Debug, Default)]
struct Header {
    /// The last `Content-Length` value seen: its length or the bad text.
    len: Option<Result<usize, String>>,
    /// Some header line (not junk) was seen.
    seen: bool,
    /// Bytes that are not a header were seen and not yet reported.
    junk: bool,
}

/// An incremental, synchronous decoder of the client's byte stream: feed it
/// bytes in any chunks, get [`Event`]s. The events do not depend on how the
/// input is chunked.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    state: State,
    header: Header,
    /// After a reported framing error: skip junk silently until the next
    /// `Content-Length`.
    resync: bool,
    /// Bytes of the current header line already dropped (an overlong line).
    trimmed: usize,
    max_body: usize,
    /// The frame of a large body being read: the header, then the body.
    big: Vec<u8>,
    /// From this size on, a body is large ([`LARGE_BODY`]).
    large: usize,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new(MAX_BODY)
    }
}

impl Framer {
    pub fn new(max_body: usize) -> Framer {
        Framer { buf: Vec::new(), state: State::Header, header: Header::default(), resync: false, trimmed: 0, max_body, big: Vec::new(), large: LARGE_BODY }
    }

    /// The same framer with another size from which a body is read as a
    /// large one (for tests: the events do not depend on it but for the
    /// wording of some error notes).
    pub fn large_from(mut self, large: usize) -> Framer {
        self.large = large;
        self
    }

    /// Bytes held, waiting for the rest of a line or body.
    pub fn buffered(&self) -> usize {
        self.buf.len() + self.big.len()
    }

    pub fn push(&mut self, data: &[u8], out: &mut Vec<Event>) {
        // A skipped body is never stored.
        let mut data = data;
        if let State::Skip(n) = &mut self.state {
            let k = (*n).min(data.len());
            *n -= k;
            data = &data[k..];
            if *n == 0 {
                self.state = State::Header;
            }
        }
        if let State::Big(n) = self.state {
            let k = n.min(data.len());
            self.big.extend_from_slice(&data[..k]);
            data = &data[k..];
            self.state = if k == n { State::Header } else { State::Big(n - k) };
            if k == n {
                out.push(framed_event(std::mem::take(&mut self.big), self.large));
            }
        }
        self.buf.extend_from_slice(data);
        let mut pos = 0;
        loop {
            match self.state {
                State::Skip(n) => {
                    let k = n.min(self.buf.len() - pos);
                    pos += k;
                    if k < n {
                        self.state = State::Skip(n - k);
                        break;
                    }
                    self.state = State::Header;
                }
                // Waits for more of the body (the buffer is empty).
                State::Big(_) => break,
                State::Body(n) if n >= self.large => {
                    // Read into its frame as it comes: no copy of the body
                    // is made to frame it.
                    let k = n.min(self.buf.len() - pos);
                    let mut big = frame_head(n);
                    big.reserve_exact(n);
                    big.extend_from_slice(&self.buf[pos..pos + k]);
                    pos += k;
                    if k == n {
                        out.push(framed_event(big, self.large));
                        self.state = State::Header;
                    } else {
                        self.big = big;
                        self.state = State::Big(n - k);
                        break;
                    }
                }
                State::Body(n) => {
                    if self.buf.len() - pos < n {
                        break;
                    }
                    let ev = body_event(&self.buf[pos..pos + n], self.large);
                    out.push(ev);
                    pos += n;
                    self.state = State::Header;
                }
                State::Header => match self.buf[pos..].iter().position(|&b| b == b'\n') {
                    None => {
                        let pending = self.buf.len() - pos;
                        if pending > MAX_HEADER_LINE {
                            self.trimmed += pending - KEEP_TAIL;
                            pos = self.buf.len() - KEEP_TAIL;
                        }
                        break;
                    }
                    Some(i) => {
                        let mut line = &self.buf[pos..pos + i];
                        pos += i + 1;
                        // An overlong line is junk; only a Content-Length in
                        // its last bytes counts (the same whatever the chunks).
                        let long = self.trimmed + line.len() > MAX_HEADER_LINE;
                        if long {
                            line = &line[line.len().saturating_sub(KEEP_TAIL)..];
                            if !self.resync {
                                self.header.junk = true;
                            }
                        }
                        self.trimmed = 0;
                        let line = line.to_vec();
                        self.header_line(&line, out);
                    }
                },
            }
        }
        self.buf.drain(..pos);
        if let State::Body(n) = self.state {
            self.buf.reserve(n.saturating_sub(self.buf.len()));
        } else if self.buf.capacity() > KEEP_CAPACITY && self.buf.len() <= KEEP_CAPACITY {
            // The room a large message took (a report opened) is given back.
            self.buf.shrink_to(KEEP_CAPACITY);
        }
    }

    fn header_line(&mut self, line: &[u8], out: &mut Vec<Event>) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            self.end_of_header(out);
            return;
        }
        if let Some(at) = find_content_length(line) {
            if at > 0 && !line[..at].iter().all(|b| b.is_ascii_whitespace()) && !self.resync {
                self.header.junk = true;
            }
            if self.header.junk {
                out.push(reply(Value::Null, PARSE_ERROR, "unframed data before a Content-Length header: skipped"));
                self.header.junk = false;
            }
            self.resync = false;
            self.header.seen = true;
            let value = &line[at + b"content-length:".len()..];
            let text = String::from_utf8_lossy(value);
            self.header.len = Some(text.trim().parse::<usize>().map_err(|_| text.trim().to_string()));
        } else if is_header(line) {
            self.header.seen = true;
        } else if !self.resync {
            self.header.junk = true;
        }
    }

    fn end_of_header(&mut self, out: &mut Vec<Event>) {
        let h = std::mem::take(&mut self.header);
        match h.len {
            Some(Ok(n)) if n > self.max_body => {
                out.push(reply(
                    Value::Null,
                    INVALID_REQUEST,
                    &format!("message body of {n} bytes exceeds the limit of {} bytes: skipped", self.max_body),
                ));
                self.state = State::Skip(n);
            }
            Some(Ok(n)) => self.state = State::Body(n),
            Some(Err(bad)) => {
                let bad: String = bad.chars().take(40).collect();
                out.push(reply(Value::Null, PARSE_ERROR, &format!("invalid Content-Length {bad:?}: message skipped")));
                self.resync = true;
            }
            None if h.junk => {
                out.push(reply(Value::Null, PARSE_ERROR, "unframed data: skipped"));
                self.resync = true;
            }
            None if h.seen => {
                out.push(reply(Value::Null, PARSE_ERROR, "header without Content-Length: message skipped"));
                self.resync = true;
            }
            // Blank lines between messages.
            None => {}
        }
    }
}

/// What the framer keeps of its buffer between messages.
const KEEP_CAPACITY: usize = 256 << 10;

/// A body this large (a report opened or replaced whole) is read straight
/// into its frame, and checked without copying its strings.
const LARGE_BODY: usize = 64 << 10;

/// Where `content-length:` starts in `line`, ignoring case.
fn find_content_length(line: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    line.windows(NAME.len()).position(|w| w.eq_ignore_ascii_case(NAME))
}

/// `Name: value` with a token name (e.g. `Content-Type`).
fn is_header(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(0) | None => false,
        Some(c) => line[..c].iter().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(b)),
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = frame_head(body.len());
    f.extend_from_slice(body);
    f
}

fn frame_head(len: usize) -> Vec<u8> {
    format!("Content-Length: {len}\r\n\r\n").into_bytes()
}

/// An error response frame.
pub fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(body.to_string().as_bytes())
}

fn reply(id: Value, code: i64, message: &str) -> Event {
    Event::Reply { frame: error_frame(id, code, message), note: message.to_string() }
}

fn body_event(body: &[u8], large: usize) -> Event {
    match check_body(body, large) {
        Ok(exit) => Event::Forward { frame: frame(body), exit },
        Err(reply) => reply,
    }
}

/// [`body_event`] for a body already in its frame (after its header).
fn framed_event(frame: Vec<u8>, large: usize) -> Event {
    let head = frame.windows(4).position(|w| w == b"\r\n\r\n").map_or(0, |i| i + 4);
    match check_body(&frame[head..], large) {
        Ok(exit) => Event::Forward { frame, exit },
        Err(reply) => reply,
    }
}

/// Whether a body is a JSON-RPC message tower-lsp can decode (and whether
/// it is `exit`), or the error response that answers it.
fn check_body(body: &[u8], large: usize) -> Result<bool, Event> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(reply(Value::Null, PARSE_ERROR, "message body is not UTF-8: skipped"));
    };
    match decode_message(text, large) {
        // serde also reads a struct from an array (`["2.0","shutdown",null,5]`
        // would be a shutdown request): JSON-RPC messages are objects.
        Ok(_) if !text.trim_start().starts_with('{') => Err(reply(Value::Null, INVALID_REQUEST, "a JSON-RPC message must be an object")),
        Ok(m) => Ok(matches!(&m, Message::Request(r) if r.method() == "exit")),
        Err(e) if e.is_data() => {
            // Valid JSON, not a JSON-RPC message: answer with its id if it has one.
            let id = serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .filter(|id| id.is_i64() || id.is_string())
                .unwrap_or(Value::Null);
            Err(reply(id, INVALID_REQUEST, &format!("not a JSON-RPC 2.0 message: {e}")))
        }
        Err(e) => Err(reply(Value::Null, PARSE_ERROR, &format!("message body is not JSON: {e}"))),
    }
}

/// The message as tower-lsp reads it. A large message is read without its
/// `params`, which any JSON value may be (a request's or notification's
/// params are never what makes it undecodable): the members are first
/// read as raw JSON, borrowed from the text, so a 5 MB report is not
/// copied twice over just to be checked. Whether it decodes is the same
/// either way; an error's wording may differ.
fn decode_message(text: &str, large: usize) -> serde_json::Result<Message> {
    use serde::Deserialize;
    // Only an object is read member by member; its syntax is checked
    // whole first, so that an error is the one reading it whole gives.
    if text.len() < large || !text.trim_start().starts_with('{') {
        return serde_json::from_str::<Message>(text);
    }
    // In the order reading it whole fails: the first value's syntax, then
    // its shape, then what trails it.
    let mut whole = serde_json::Deserializer::from_str(text);
    serde::de::IgnoredAny::deserialize(&mut whole)?;
    #[derive(serde::Deserialize)]
    struct Members<'a> {
        #[serde(borrow)]
        jsonrpc: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        method: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        id: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        params: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        result: Option<&'a serde_json::value::RawValue>,
        #[serde(borrow)]
        error: Option<&'a serde_json::value::RawValue>,
    }
    let m = Members::deserialize(&mut serde_json::Deserializer::from_str(text))?;
    let mut small = String::from("{");
    for (name, value) in [("jsonrpc", m.jsonrpc), ("method", m.method), ("id", m.id), ("result", m.result), ("error", m.error)] {
        if let Some(v) = value {
            small.push_str(&format!("\"{name}\":{},", v.get()));
        }
    }
    if m.params.is_some() {
        small.push_str("\"params\":null,");
    }
    if small.ends_with(',') {
        small.pop();
    }
    small.push('}');
    let message = serde_json::from_str::<Message>(&small)?;
    whole.end()?;
    Ok(message)
}

/// Reads the client's bytes from `from`, forwards decodable messages to
/// tower-lsp through `to` and error responses to the writer through
/// `replies`. Ends the server's input after the `exit` notification, so that
/// the server stops even if the client keeps the pipe open, and when the
/// client's stream ends.
pub async fn forward_frames(mut from: impl AsyncRead + Unpin, mut to: tokio::io::DuplexStream, replies: mpsc::Sender<Vec<u8>>) {
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 64 << 10];
    let mut events = Vec::new();
    loop {
        let n = match from.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        framer.push(&chunk[..n], &mut events);
        for ev in events.drain(..) {
            match ev {
                Event::Forward { frame, exit } => {
                    if to.write_all(&frame).await.is_err() {
                        return;
                    }
                    if exit {
                        let _ = to.shutdown().await;
                        return;
                    }
                }
                Event::Reply { frame, note } => {
                    eprintln!("hyoka: bad message from the client: {note}");
                    if replies.send(frame).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

/// Copies tower-lsp's output, whole frames, into the writer's channel; sends
/// an empty frame (the writer's stop signal) when tower-lsp is done.
async fn copy_frames(from: tokio::io::DuplexStream, to: mpsc::Sender<Vec<u8>>) {
    let mut r = BufReader::new(from);
    let mut open = true;
    'frames: loop {
        let mut head = Vec::new();
        let mut len = None;
        loop {
            let mut line = String::new();
            match r.read_line(&mut line).await {
                Ok(0) | Err(_) => break 'frames,
                Ok(_) => {}
            }
            head.extend_from_slice(line.as_bytes());
            let t = line.trim_end();
            if t.is_empty() {
                if len.is_some() {
                    break;
                }
                continue;
            }
            if let Some(v) = t.strip_prefix("Content-Length:") {
                len = v.trim().parse::<usize>().ok();
            }
        }
        let mut f = head;
        let start = f.len();
        f.resize(start + len.unwrap_or(0), 0);
        if r.read_exact(&mut f[start..]).await.is_err() {
            break;
        }
        // If the writer is gone (the client closed its input), keep draining
        // so that tower-lsp never blocks on a full pipe.
        if open && to.send(f).await.is_err() {
            open = false;
        }
    }
    let _ = to.send(Vec::new()).await;
}

/// Writes frames to the client's output, one whole frame at a time, until
/// the stop signal (an empty frame).
async fn write_frames(mut rx: mpsc::Receiver<Vec<u8>>, mut out: impl AsyncWrite + Unpin) {
    while let Some(f) = rx.recv().await {
        if f.is_empty() {
            break;
        }
        if out.write_all(&f).await.is_err() || out.flush().await.is_err() {
            // Keep receiving, so that no sender blocks; nothing more is written.
            while let Some(f) = rx.recv().await {
                if f.is_empty() {
                    return;
                }
            }
            return;
        }
    }
    let _ = out.flush().await;
}

/// The writer's channel: whole frames, written in the order they come.
pub type Frames = mpsc::Sender<Vec<u8>>;

/// The channel of the single writer, made before the server so that the
/// server can write notifications it serialised itself ([`notification`]).
pub fn frames() -> (Frames, mpsc::Receiver<Vec<u8>>) {
    mpsc::channel(64)
}

/// A notification frame around parameters already serialised: what
/// `textDocument/publishDiagnostics` sends on every keystroke, written
/// without tower-lsp's `Value` tree.
pub fn notification(method: &str, params: &[u8]) -> Vec<u8> {
    const HEAD: &[u8] = br#"{"jsonrpc":"2.0","method":"#;
    const PARAMS: &[u8] = br#","params":"#;
    let method = serde_json::to_vec(method).expect("a string serialises");
    // Written once into the frame.
    let len = HEAD.len() + method.len() + PARAMS.len() + params.len() + 1;
    let mut frame = frame_head(len);
    frame.reserve_exact(len);
    frame.extend_from_slice(HEAD);
    frame.extend_from_slice(&method);
    frame.extend_from_slice(PARAMS);
    frame.extend_from_slice(params);
    frame.push(b'}');
    frame
}

type Slot = std::sync::Arc<std::sync::Mutex<Option<Vec<u8>>>>;

tokio::task_local! {
    /// Set while a request runs behind [`RawAnswers`].
    static RAW_RESULT: Slot;
}

/// Whether the running request handler may answer with [`answer_raw`].
pub fn can_answer_raw() -> bool {
    RAW_RESULT.try_with(|_| ()).is_ok()
}

/// In a request handler behind [`RawAnswers`]: makes `json`, the serialised
/// result, the answer; the value the handler returns is then only a
/// placeholder, dropped. Returns false (and keeps nothing) elsewhere.
pub fn answer_raw(json: Vec<u8>) -> bool {
    RAW_RESULT.try_with(|slot| *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(json)).is_ok()
}

/// A response frame around a result already serialised.
fn raw_response_frame(id: &tower_lsp::jsonrpc::Id, json: &[u8]) -> Vec<u8> {
    let id = serde_json::to_vec(id).unwrap_or_else(|_| b"null".to_vec());
    const HEAD: &[u8] = br#"{"jsonrpc":"2.0","result":"#;
    const ID: &[u8] = br#","id":"#;
    // Written once into the frame: a large answer is not copied twice.
    let len = HEAD.len() + json.len() + ID.len() + id.len() + 1;
    let mut frame = frame_head(len);
    frame.reserve_exact(len);
    frame.extend_from_slice(HEAD);
    frame.extend_from_slice(json);
    frame.extend_from_slice(ID);
    frame.extend_from_slice(&id);
    frame.push(b'}');
    frame
}

/// `"params": null`, which Eglot and LSP4IJ send with `shutdown` (JSON-RPC
/// allows it for a method without parameters), read as no parameters:
/// `shutdown` and `exit` take none, `initialized` an empty object. tower-lsp
/// would answer -32602 "Unexpected params: null". Other methods keep the
/// null and get their invalid-params answer.
fn without_null_params(req: Request) -> Request {
    if !req.params().is_some_and(Value::is_null) {
        return req;
    }
    let (method, id, _) = req.into_parts();
    let mut b = Request::build(method.clone());
    if let Some(id) = id {
        b = b.id(id);
    }
    match method.as_ref() {
        "shutdown" | "exit" => {}
        "initialized" => b = b.params(json!({})),
        _ => b = b.params(Value::Null),
    }
    b.finish()
}

/// The service in front of tower-lsp's: a request whose handler answered
/// with [`answer_raw`] (and succeeded) is answered with that JSON, written
/// straight to the writer; tower-lsp's own response for it (the
/// placeholder) is dropped. Errors, cancellations and every other request
/// pass as they are.
pub struct RawAnswers<S> {
    inner: S,
    out: mpsc::Sender<Vec<u8>>,
}

impl<S> tower_service::Service<Request> for RawAnswers<S>
where
    S: tower_service::Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Option<Response>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let req = without_null_params(req);
        let Some(id) = req.id().cloned() else { return Box::pin(self.inner.call(req)) };
        let slot = Slot::default();
        let fut = RAW_RESULT.scope(slot.clone(), self.inner.call(req));
        let out = self.out.clone();
        Box::pin(async move {
            let response = fut.await?;
            let raw = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
            match (raw, response) {
                (Some(json), Some(response)) => {
                    let (rid, body) = response.into_parts();
                    if body.is_ok() && out.send(raw_response_frame(&id, &json)).await.is_ok() {
                        return Ok(None);
                    }
                    Ok(Some(Response::from_parts(rid, body)))
                }
                (_, response) => Ok(response),
            }
        })
    }
}

/// Serves `service` over `input`/`output` through the framer and the single
/// writer. Returns when tower-lsp stops (after `exit` or the end of the
/// input), once everything it wrote has reached `output`.
pub async fn serve<S: LanguageServer>(
    input: impl AsyncRead + Unpin + Send + 'static,
    output: impl AsyncWrite + Unpin + Send + 'static,
    service: LspService<S>,
    socket: ClientSocket,
    (tx, rx): (Frames, mpsc::Receiver<Vec<u8>>),
) {
    // Pipes large enough for a big answer (an outline of a 5 MB report is
    // about 800 KB) to pass in a few chunks.
    let (server_in, feed) = tokio::io::duplex(1 << 20);
    let (server_out, from_server) = tokio::io::duplex(1 << 20);
    let writer = tokio::spawn(write_frames(rx, output));
    tokio::spawn(forward_frames(input, feed, tx.clone()));
    let raw = RawAnswers { inner: service, out: tx.clone() };
    let copier = tokio::spawn(copy_frames(from_server, tx));
    Server::new(server_in, server_out, socket).serve(raw).await;
    let _ = copier.await;
    let _ = writer.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<Event> {
        let mut f = Framer::new(1000);
        let mut out = Vec::new();
        f.push(input, &mut out);
        out
    }

    fn msg(body: &str) -> Vec<u8> {
        frame(body.as_bytes())
    }

    fn code(e: &Event) -> Option<i64> {
        match e {
            Event::Reply { frame, .. } => {
                let body = &frame[frame.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
                serde_json::from_slice::<Value>(body).unwrap()["error"]["code"].as_i64()
            }
            Event::Forward { .. } => None,
        }
    }

    const OK: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;

    #[test]
    fn forwards_canonical_frames_and_answers_bad_bodies() {
        let mut input = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 44\r\nX-Other: 1\r\n\r\n".to_vec();
        input.extend_from_slice(OK.as_bytes());
        input.extend(msg("{not json"));
        input.extend(msg(r#"{"jsonrpc":"1.0","id":7,"method":"x"}"#));
        input.extend(msg(""));
        input.extend(msg(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        let ev = run(&input);
        assert_eq!(ev.len(), 5, "{ev:?}");
        // Fuzz crash 3: an array was forwarded (serde reads a struct from a sequence).
        assert_eq!(run(&msg(r#" ["2.0","shutdown",null,5]"#)).iter().map(code).collect::<Vec<_>>(), vec![Some(INVALID_REQUEST)]);
        assert_eq!(run(&msg(r#"["2.0"]"#)).iter().map(code).collect::<Vec<_>>(), vec![Some(INVALID_REQUEST)]);
        assert_eq!(ev[0], Event::Forward { frame: msg(OK), exit: false });
        assert_eq!(code(&ev[1]), Some(PARSE_ERROR));
        assert_eq!(code(&ev[2]), Some(INVALID_REQUEST));
        assert!(matches!(&ev[2], Event::Reply { frame, .. } if String::from_utf8_lossy(frame).contains("\"id\":7")));
        assert_eq!(code(&ev[3]), Some(PARSE_ERROR));
        assert!(matches!(ev[4], Event::Forward { exit: true, .. }));
    }

    #[test]
    fn resynchronises_after_bad_headers() {
        let mut input = b"Content-Length: abc\r\n\r\n{\"x\":1}".to_vec();
        input.extend(msg(OK));
        input.extend_from_slice(b"Content-Type: x\r\n\r\n{\"y\":2}");
        input.extend(msg(OK));
        input.extend_from_slice(b"junk without a header\r\n");
        input.extend(msg(OK));
        let ev = run(&input);
        let codes: Vec<_> = ev.iter().map(code).collect();
        assert_eq!(codes, vec![Some(PARSE_ERROR), None, Some(PARSE_ERROR), None, Some(PARSE_ERROR), None], "{ev:?}");
    }

    #[test]
    fn skips_huge_bodies_without_storing_them() {
        let mut f = Framer::new(1000);
        let mut out = Vec::new();
        f.push(b"Content-Length: 5000000\r\n\r\n", &mut out);
        for _ in 0..5000 {
            f.push(&[b'x'; 1000], &mut out);
            assert!(f.buffered() < 100);
        }
        f.push(&msg(OK), &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(code(&out[0]), Some(INVALID_REQUEST));
        assert_eq!(out[1], Event::Forward { frame: msg(OK), exit: false });
    }

    #[test]
    fn chunking_does_not_matter() {
        let mut input = b"\r\nContent-Length: 3\r\n\r\n{}}".to_vec();
        input.extend(msg(OK));
        input.extend(vec![b'z'; 20_000]);
        input.extend(msg(OK));
        let whole = run(&input);
        for size in [1, 2, 3, 7, 64, 4096] {
            let mut f = Framer::new(1000);
            let mut out = Vec::new();
            for c in input.chunks(size) {
                f.push(c, &mut out);
            }
            assert_eq!(out, whole, "chunks of {size}");
        }
    }

    #[test]
    fn a_large_body_is_framed_and_checked_as_a_small_one_is() {
        // A report opened (escapes, Japanese, an object in its params), an
        // exit, bodies that are not JSON, not an object, not JSON-RPC, a
        // response, with small messages between them.
        let text = "令和５年度の\\\"測定指標\\\"\\n| 1 | 2 |\\n".repeat(3000);
        let open = format!(r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"file:///a.hyoka","languageId":"hyoka","version":1,"text":"{text}"}}}}}}"#);
        let bodies = [
            open.clone(),
            format!(r#"{{"jsonrpc":"2.0","method":"exit","params":{{"pad":"{text}"}}}}"#),
            format!(r#"{{"jsonrpc":"2.0","id":7,"method":"x","params":"{text}""#),
            format!(r#"["2.0","{text}"]"#),
            format!(r#"{{"jsonrpc":"1.0","id":"a","method":"x","params":"{text}"}}"#),
            format!(r#"{{"jsonrpc":"2.0","id":3,"result":{{"pad":"{text}"}}}}"#),
            format!(r#"{{"jsonrpc":"2.0","id":3,"method":"x","params":"{text}"}} trailing"#),
            // Not a message, and something after it: not a message (the
            // shape is read before what trails).
            format!(r#"{{"jsonrhod":"2.0","params":"{text}"}} trailing"#),
        ];
        let mut input = Vec::new();
        for b in &bodies {
            input.extend(frame(b.as_bytes()));
            input.extend(msg(OK));
        }
        let summary = |events: &[Event]| -> Vec<(bool, Option<i64>, Value)> {
            events
                .iter()
                .map(|e| match e {
                    Event::Forward { frame, exit } => (*exit, None, Value::String(String::from_utf8(frame.clone()).unwrap())),
                    Event::Reply { frame, .. } => {
                        let v: Value = serde_json::from_slice(&frame[frame.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..]).unwrap();
                        (false, v["error"]["code"].as_i64(), v["id"].clone())
                    }
                })
                .collect()
        };
        let mut small = Vec::new();
        Framer::new(MAX_BODY).large_from(usize::MAX).push(&input, &mut small);
        let small = summary(&small);
        // Forwarded: the open, the exit (nothing after it is read by
        // tower-lsp, but the framer goes on), the response; answered: the
        // rest, with the ids that can be read.
        let forwarded: Vec<bool> = small.iter().map(|s| s.1.is_none()).collect();
        assert_eq!(forwarded, [true, true, true, true, false, true, false, true, false, true, true, true, false, true, false, true]);
        assert_eq!(small[0].2, Value::String(String::from_utf8(frame(open.as_bytes())).unwrap()));
        assert!(small[2].0, "exit");
        assert_eq!((small[4].1, &small[4].2), (Some(PARSE_ERROR), &Value::Null));
        assert_eq!((small[6].1, &small[6].2), (Some(INVALID_REQUEST), &Value::Null));
        assert_eq!((small[8].1, &small[8].2), (Some(INVALID_REQUEST), &json!("a")));
        assert_eq!((small[12].1, &small[12].2), (Some(PARSE_ERROR), &Value::Null));
        assert_eq!((small[14].1, &small[14].2), (Some(INVALID_REQUEST), &Value::Null));
        for size in [1, 5, 4096, 65536, input.len()] {
            for large in [2, 100, 1 << 16] {
                let mut f = Framer::new(MAX_BODY).large_from(large);
                let mut out = Vec::new();
                for c in input.chunks(size) {
                    f.push(c, &mut out);
                    assert!(f.buffered() <= input.len());
                }
                assert_eq!(summary(&out), small, "chunks of {size}, large from {large}");
                assert_eq!(f.buffered(), 0);
            }
        }
    }
}
