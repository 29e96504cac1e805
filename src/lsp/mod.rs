//! The language server: the protocol edge over the pure core. It keeps the
//! document store, converts positions, publishes and answers; every answer
//! is computed by [`crate::analysis`] and [`crate::features`].

mod convert;
pub mod preview;
mod store;
pub mod transport;
pub mod uri;

pub use store::{Change, Document};

/// The documentSymbol answer: the outline with its positions.
pub fn document_symbols(doc: &Document, enc: crate::text::Encoding) -> Vec<DocumentSymbol> {
    convert::symbols(doc, enc, doc.analysis.outline(&doc.text))
}

/// [`document_symbols`] as the JSON the server answers with, written
/// without building them.
pub fn document_symbols_json(doc: &Document, enc: crate::text::Encoding) -> Vec<u8> {
    convert::symbols_json(doc, enc, doc.analysis.outline(&doc.text)).unwrap_or_default()
}

use crate::checks::Diagnostic;
use crate::config::Config;
use crate::i18n::{Lang, Msg};
use crate::text::Encoding;
use store::Since;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService};

/// Everything the server knows, behind one lock: edits are applied and
/// analysed while holding it, in the order they arrive.
#[derive(Default)]
pub struct State {
    pub docs: HashMap<Url, Document>,
    pub config: Config,
    toml_config: Option<Config>,
    settings_config: Option<Config>,
    /// The settings as the editor sent them (for the profile of hyoka.toml).
    settings_raw: Option<serde_json::Value>,
    pub encoding: Encoding,
    roots: Vec<PathBuf>,
    pull_diagnostics: bool,
    diagnostic_refresh: bool,
    configuration_request: bool,
    watch_registration: bool,
    /// The semantic tokens last sent per document, for deltas.
    tokens_cache: HashMap<Url, (String, Vec<SemanticToken>)>,
    tokens_counter: u64,
    /// Cross-document diagnostics last published per document.
    cross: crate::analysis::CrossIndex<Url>,
    /// The documents are keyed by [`uri::key`]; this keeps how the client
    /// spelt them.
    spellings: uri::Spellings,
    /// The language of the client's UI (`initialize.locale`).
    locale: Lang,
    /// Per document, the diagnostics last converted, to convert the next
    /// list without rendering or serialising again what did not change.
    converted: std::cell::RefCell<HashMap<Url, ConvertedList>>,
    /// Per document, the result id of the list last pulled, and the list
    /// as JSON.
    results: std::cell::RefCell<HashMap<Url, (String, Vec<u8>)>>,
    result_counter: std::cell::Cell<u64>,
    shutdown: bool,
}

pub struct Backend {
    client: Client,
    /// The writer's channel, for the diagnostics serialised here
    /// ([`transport::notification`]).
    frames: transport::Frames,
    /// Held by each notification that changes documents, from its first
    /// step to its last publication: they take it in the order they came
    /// (the lock is fair), so publications go out in that order even when
    /// one waits for room in the writer's channel. Never held across a
    /// request to the client: tower-lsp reads the client's answer only
    /// when a handler slot is free, and the slots may all be waiting here.
    order: tokio::sync::Mutex<()>,
    state: Arc<Mutex<State>>,
    /// The preview's HTTP server, started on the first `hyoka/preview`.
    preview: Mutex<Option<preview::Preview>>,
}

/// `hyoka/render`: the page of a document as the server knows it now.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderParams {
    pub text_document: TextDocumentIdentifier,
    /// Mark the findings in place (the review copy).
    #[serde(default)]
    pub annotate: bool,
}

#[derive(serde::Serialize)]
pub struct RenderResult {
    pub html: String,
    /// The document's version the page shows (`null` for a file not open).
    pub version: Option<i32>,
}

/// `hyoka/preview`: the address of a document's live page.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(serde::Serialize)]
pub struct PreviewResult {
    pub url: String,
}

impl Backend {
    async fn render_page(&self, p: RenderParams) -> Result<RenderResult> {
        self.request("hyoka/render", |st| {
            let (key, doc) = st.known(&p.text_document.uri)?;
            let diags = if p.annotate { st.all_diagnostics(&key) } else { Vec::new() };
            let opts = crate::render::RenderOptions { lang: st.lang(), annotate: p.annotate, script: None };
            Ok(RenderResult { html: crate::render::render(&doc.text, doc.report(), &diags, &opts), version: doc.version })
        })
        .await
    }

    async fn preview_url(&self, p: PreviewParams) -> Result<PreviewResult> {
        let key = self.request("hyoka/preview", |st| st.known(&p.text_document.uri).map(|(k, _)| k)).await?;
        let mut preview = self.preview.lock().unwrap_or_else(|e| e.into_inner());
        if preview.is_none() {
            *preview = Some(preview::Preview::start(self.state.clone()).map_err(|e| internal(e.to_string()))?);
        }
        Ok(PreviewResult { url: preview.as_ref().unwrap().url_for(&key) })
    }
}

/// The server allocates and frees the same tens of megabytes on every
/// keystroke and every large answer of a big report. glibc's malloc gives
/// freed memory back to the system and serves blocks from 128 KiB up with
/// fresh mappings, so each cycle faulted its pages in again (documentSymbol
/// at 5 MB: p99 23 → 17–21 ms, didOpen 128 → 110–118 ms; docs/performance.md).
/// Keep freed memory for the next cycle: resident memory stays near its
/// peak (a 5 MB report: 62 → 68 MiB) instead of going down and up again.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    // SAFETY: mallopt only sets allocator parameters; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}

pub fn run_stdio() {
    keep_freed_memory();
    // One thread: the handlers work under one lock anyway, and the framer,
    // the service and the writer hand each message on without waking
    // another thread (a keystroke's round trip at 5 MB is about 1 ms
    // shorter at p50 and 2–3 ms at p99 than on two workers), and all
    // memory is one allocator arena (a 5 MB report's peak is 47 MiB, not 52).
    // No lock guard is held across an `.await` (clippy's
    // `await_holding_lock`): on one thread that would be a deadlock.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let state = Arc::new(Mutex::new(State::default()));
    let shared = state.clone();
    rt.block_on(async {
        let (frames, written) = transport::frames();
        let writer = frames.clone();
        let (service, socket) = LspService::build(|client| Backend { client, frames: writer, order: Default::default(), state: shared, preview: Mutex::new(None) })
            .custom_method("hyoka/render", Backend::render_page)
            .custom_method("hyoka/preview", Backend::preview_url)
            .finish();
        transport::serve(tokio::io::stdin(), tokio::io::stdout(), service, socket, (frames, written)).await;
    });
    // The blocking stdin reader cannot be interrupted: exit without waiting
    // for it. Status 0 after a proper shutdown, 1 otherwise (as LSP asks).
    let clean = lock(&state).shutdown;
    rt.shutdown_timeout(std::time::Duration::from_millis(50));
    std::process::exit(if clean { 0 } else { 1 });
}

/// When this server started (nanoseconds), for result ids no other server
/// process gives.
static SESSION: std::sync::LazyLock<u128> =
    std::sync::LazyLock::new(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));

/// Whether two diagnostics say the same, wherever they are.
fn same_but_places(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.check.code == b.check.code
        && a.message == b.message
        && a.related.len() == b.related.len()
        && a.related.iter().zip(&b.related).all(|(x, y)| x.message == y.message)
}

fn internal(message: String) -> Error {
    Error { code: tower_lsp::jsonrpc::ErrorCode::InternalError, message: message.into(), data: None }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    // A panic while holding the lock must not take the server down.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f`, turning a panic into an internal error (logged by the caller).
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> std::result::Result<T, Msg> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let detail = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
        Msg::LspInternalError { what: what.to_string(), detail }
    })
}

type Publish = Vec<(Url, Option<i32>, Vec<Arc<convert::Converted>>)>;

/// The diagnostics of a document as last converted: in the language and
/// for the text (its serial) they were converted for, while every other
/// document's text had a serial below `clock` and the URIs were spelt as
/// at `spelt` (for their places in other documents).
struct ConvertedList {
    lang: Lang,
    serial: u64,
    clock: u64,
    spelt: u64,
    items: Vec<(Diagnostic, convert::Texts, Arc<convert::Converted>)>,
}

/// Whether a diagnostic of the text before a change (`old`) is, as
/// converted, the same as `new` of the text after it, given that both say
/// the same (`same_but_places`): each of its places is where it was or
/// only moved with a change that left its line alone (or came before the
/// change on its line). `line_end` is the changed line's end (its line
/// break) in the old text. A place in another document is the same when
/// its bytes are and that document's text has not changed since
/// (`unchanged`).
fn converts_the_same(old: &Diagnostic, new: &Diagnostic, since: Since, line_end: usize, unchanged: &mut dyn FnMut(&str) -> bool) -> bool {
    let kept = |o: usize, n: usize| match since {
        Since::Same => o == n,
        Since::LineEdit(e) => (o <= e.start && n == o) || (o > line_end && n + e.old_end == o + e.new_end),
    };
    let place = |o: &crate::model::Span, n: &crate::model::Span| kept(o.start, n.start) && kept(o.end, n.end);
    old.severity == new.severity
        && place(&old.span, &new.span)
        && old.related.iter().zip(&new.related).all(|(o, n)| match (&o.doc, &n.doc) {
            (None, None) => place(&o.span, &n.span),
            (Some(a), Some(b)) => a == b && o.span == n.span && unchanged(a),
            _ => false,
        })
}

impl State {
    /// The editor's settings, else hyoka.toml; the language from the first
    /// that names one, else the client's UI.
    fn effective_config(&self) -> Config {
        // Settings that name no profile take hyoka.toml's.
        let settings = match (&self.settings_raw, &self.settings_config) {
            (Some(raw), Some(c)) => Some(Config::from_json_with_profile_of(raw, self.toml_config.as_ref()).unwrap_or_else(|_| c.clone())),
            (_, c) => c.clone(),
        };
        let mut c = settings.or_else(|| self.toml_config.clone()).unwrap_or_default();
        let named = [&self.settings_config, &self.toml_config].into_iter().flatten().find_map(|c| c.language);
        c.language = Some(named.unwrap_or(self.locale));
        c
    }

    /// The language of every text the server sends.
    pub fn lang(&self) -> Lang {
        self.config.language.unwrap_or(self.locale)
    }

    /// Recomputes the cross-document diagnostics of every set and returns
    /// what to publish for `changed` and for every document whose
    /// cross-document diagnostics changed.
    fn publish_for(&mut self, changed: &[Url]) -> Publish {
        let moved = self.cross.update(&self.docs, |d| d.report(), changed, &self.config);
        self.publish_targets(changed, moved)
    }

    /// After every document was (re)analysed: re-checks every set.
    fn publish_all(&mut self, changed: &[Url]) -> Publish {
        let moved = self.cross.rebuild(&self.docs, |d| d.report(), &self.config);
        self.publish_targets(changed, moved)
    }

    fn publish_targets(&self, changed: &[Url], moved: Vec<Url>) -> Publish {
        let mut targets: Vec<Url> = changed.to_vec();
        for k in moved {
            if !targets.contains(&k) {
                targets.push(k);
            }
        }
        targets.into_iter().filter_map(|u| self.diagnostics_of(&u).map(|(v, d)| (u, v, d))).collect()
    }

    fn all_diagnostics(&self, uri: &Url) -> Vec<Diagnostic> {
        self.all_diagnostics_ref(uri).into_iter().cloned().collect()
    }

    /// The diagnostics of a document and its cross-document ones, in
    /// document order.
    fn all_diagnostics_ref(&self, uri: &Url) -> Vec<&Diagnostic> {
        let Some(doc) = self.docs.get(uri) else { return Vec::new() };
        let mut all: Vec<&Diagnostic> = doc.analysis.diagnostics.iter().chain(self.cross.diagnostics(uri)).collect();
        all.sort_by(|a, b| (a.span.start, a.span.end, a.check.code).cmp(&(b.span.start, b.span.end, b.check.code)));
        all
    }

    fn diagnostics_of(&self, uri: &Url) -> Option<(Option<i32>, Vec<Arc<convert::Converted>>)> {
        let doc = self.docs.get(uri)?;
        let all = self.all_diagnostics_ref(uri);
        // The diagnostics last converted for this document are used again
        // for the same diagnostics: as they were when their places did not
        // change, else with their texts (a keystroke leaves most of them as
        // they were). Both lists are in document order, so one walk pairs
        // them.
        let lang = self.lang();
        let mut cache = self.converted.borrow_mut();
        // Only an open document is typed into: one indexed from its folder
        // keeps nothing (1,500 of them would hold every list twice).
        let open = doc.version.is_some();
        let old = cache.remove(uri).filter(|c| c.lang == lang && open);
        let since = old.as_ref().and_then(|c| doc.since(c.serial));
        let line_end = match since {
            Some(Since::LineEdit(e)) => {
                let text = doc.text.as_bytes();
                let end = memchr::memchr(b'\n', &text[e.new_end..]).map_or(text.len(), |i| e.new_end + i);
                end + e.old_end - e.new_end
            }
            _ => 0,
        };
        let old_stamps = old.as_ref().map_or((0, 0), |c| (c.clock, c.spelt));
        // Taken as they are used again: the walk only goes forward.
        let mut old: Vec<Option<(Diagnostic, convert::Texts, Arc<convert::Converted>)>> = old.map(|c| c.items.into_iter().map(Some).collect()).unwrap_or_default();
        // Other documents the places of the old list point into, and
        // whether they are as they were when it was converted.
        let (clock, spelt) = old_stamps;
        let mut others: Vec<(String, bool)> = Vec::new();
        let mut unchanged = |k: &str| -> bool {
            if let Some((_, same)) = others.iter().find(|(o, _)| o == k) {
                return *same;
            }
            let same = spelt == self.spellings.epoch() && Url::parse(k).ok().and_then(|u| self.docs.get(&u)).is_some_and(|d| d.serial() < clock);
            others.push((k.to_string(), same));
            same
        };
        let mut at = doc.positions(self.encoding);
        let mut kept = Vec::with_capacity(all.len());
        let mut out = Vec::with_capacity(all.len());
        let mut j = 0;
        for d in all {
            let same = |o: &Option<(Diagnostic, convert::Texts, Arc<convert::Converted>)>| o.as_ref().is_some_and(|o| same_but_places(&o.0, d));
            let found = if old.get(j).is_some_and(same) {
                Some(j)
            } else if old.get(j + 1).is_some_and(same) {
                Some(j + 1)
            } else {
                None
            };
            if let Some(k) = found {
                j = k + 1;
            }
            let found = found.and_then(|k| old[k].take());
            let (texts, converted) = match found {
                Some((mut o, texts, converted)) if since.is_some_and(|s| converts_the_same(&o, d, s, line_end, &mut unchanged)) => {
                    // Kept as it was, but for its places in the text.
                    o.span = d.span.clone();
                    for (r, n) in o.related.iter_mut().zip(&d.related) {
                        r.span = n.span.clone();
                    }
                    o.fix = d.fix.clone();
                    out.push(converted.clone());
                    kept.push((o, texts, converted));
                    continue;
                }
                found => {
                    let texts = match found {
                        Some((_, texts, _)) => texts,
                        None => convert::Texts {
                            message: format!("{} [{}]", d.message.text(lang), d.check.name),
                            related: d.related.iter().map(|r| r.message.text(lang)).collect(),
                        },
                    };
                    let lsp = convert::diagnostic_with(self, uri, &mut at, d, texts.clone());
                    (texts, Arc::new(convert::Converted::new(lsp)))
                }
            };
            out.push(converted.clone());
            kept.push((d.clone(), texts, converted));
        }
        if open {
            cache.insert(uri.clone(), ConvertedList { lang, serial: doc.serial(), clock: store::serial_clock(), spelt: self.spellings.epoch(), items: kept });
        }
        Some((doc.version, out))
    }

    /// A document's diagnostics for a pulling client, with a result id
    /// that stays the same while the list does (so that an unchanged list
    /// is answered as unchanged, not sent again).
    fn pulled(&self, key: &Url) -> Option<(Option<i32>, String, Vec<tower_lsp::lsp_types::Diagnostic>)> {
        let (version, items) = self.diagnostics_of(key)?;
        let json = convert::publish_params(key, &items, None);
        let mut results = self.results.borrow_mut();
        let id = match results.get(key) {
            Some((id, last)) if *last == json => id.clone(),
            _ => {
                let n = self.result_counter.get() + 1;
                self.result_counter.set(n);
                // Unique to this process: a client that kept ids from an
                // earlier server must not find them here.
                let id = format!("{}-{}-{n}", std::process::id(), *SESSION);
                results.insert(key.clone(), (id.clone(), json));
                id
            }
        };
        Some((version, id, items.iter().map(|c| c.lsp.clone()).collect()))
    }

    fn semantic_tokens(&self, uri: &Url) -> Option<Vec<SemanticToken>> {
        let doc = self.docs.get(uri)?;
        // Files indexed from disk keep no tree: tokens are for open documents.
        let tokens = crate::features::tokens::tokens(&doc.text, doc.report(), doc.tree()?);
        Some(convert::semantic_tokens(doc, self.encoding, &tokens))
    }

    fn remember_tokens(&mut self, uri: &Url, data: Vec<SemanticToken>) -> String {
        self.tokens_counter += 1;
        let id = self.tokens_counter.to_string();
        self.tokens_cache.insert(uri.clone(), (id.clone(), data));
        id
    }

    /// The documents of the same 施策 and year as `uri` (itself first).
    fn set_of(&self, uri: &Url) -> Vec<Url> {
        let Some(doc) = self.docs.get(uri) else { return Vec::new() };
        let r = doc.report();
        let mut out = vec![uri.clone()];
        if let Some(id) = r.measure_id() {
            let year = r.year.as_ref().map(|y| y.0);
            for (u, d) in &self.docs {
                if u != uri && d.report().measure_id() == Some(id) && d.report().year.as_ref().map(|y| y.0) == year {
                    out.push(u.clone());
                }
            }
        }
        out
    }

    /// The object under the cursor.
    fn target_at(&self, doc: &Document, pos: Position) -> Option<(crate::features::navigation::Target, crate::features::navigation::Occurrence)> {
        let offset = doc.offset(convert::line_col(pos), self.encoding);
        crate::features::navigation::target_at(doc.report(), &doc.text, offset)
    }

    /// The key and document of `sent`, or the error a request about a
    /// document the server does not know gets.
    fn known(&self, sent: &Url) -> Result<(Url, &Document)> {
        let key = uri::key(sent);
        match self.docs.get(&key) {
            Some(doc) => Ok((key, doc)),
            None => Err(Error::invalid_params(Msg::LspUnknownDocument { uri: sent.to_string() }.text(self.lang()))),
        }
    }

    /// The byte span of a protocol range.
    fn span(&self, doc: &Document, r: Range) -> crate::model::Span {
        doc.offset(convert::line_col(r.start), self.encoding)..doc.offset(convert::line_col(r.end), self.encoding)
    }

    /// Every occurrence of a target in the set of `uri`.
    fn occurrences(&self, uri: &Url, target: &crate::features::navigation::Target) -> Vec<(Url, crate::features::navigation::Occurrence)> {
        let mut out = Vec::new();
        for u in self.set_of(uri) {
            let d = &self.docs[&u];
            for o in crate::features::navigation::find(d.report(), &d.text, target) {
                out.push((u.clone(), o));
            }
        }
        out
    }

    fn location(&self, uri: &Url, span: &crate::model::Span) -> Option<Location> {
        let d = self.docs.get(uri)?;
        Some(Location { uri: self.spellings.spell(uri), range: convert::range(d, self.encoding, span) })
    }

    /// Reads the workspace's `*.hyoka` files; returns the messages to show
    /// (files over `max-file-size`, which are not indexed).
    fn index_workspace(&mut self) -> Vec<String> {
        let config = self.config.clone();
        let mut skipped = Vec::new();
        for root in self.roots.clone() {
            let mut files = Vec::new();
            let _ = collect_inside(&root, &root, &mut files);
            for f in files {
                let Some(uri) = uri::of_path(&f) else { continue };
                if self.docs.contains_key(&uri) {
                    continue;
                }
                match std::fs::metadata(&f) {
                    Ok(m) if m.len() > config.max_file_size => {
                        skipped.push(format!("{} ({})", f.display(), m.len()));
                        continue;
                    }
                    Err(_) => continue,
                    _ => {}
                }
                if let Ok((text, _)) = crate::cli::read_text(&f) {
                    self.docs.insert(uri, Document::new(text, None, &config));
                }
            }
        }
        if skipped.is_empty() {
            return Vec::new();
        }
        vec![Msg::LspLargeFiles { count: skipped.len(), limit: config.max_file_size, files: skipped.join(", ") }.text(self.lang())]
    }
}

/// Every `*.hyoka` under `dir`, never leaving `root` through a link.
fn collect_inside(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let ft = e.file_type()?;
        let p = e.path();
        if ft.is_symlink() {
            // Follow a link only when it stays inside the workspace.
            match std::fs::canonicalize(&p) {
                Ok(real) if real.starts_with(root) && real.is_file() && p.extension().is_some_and(|x| x == "hyoka") => out.push(p),
                _ => {}
            }
        } else if ft.is_dir() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if !name.starts_with('.') && name != "node_modules" && name != "target" {
                collect_inside(root, &p, out)?;
            }
        } else if ft.is_file() && p.extension().is_some_and(|x| x == "hyoka") {
            out.push(p);
        }
    }
    Ok(())
}

impl Backend {
    /// Pushes diagnostics to clients that do not pull them; a pulling client
    /// is asked to pull again instead (LSP 3.17: one model per client, so an
    /// editor never lists a finding twice). The configuration file's own
    /// diagnostics are always pushed: no client pulls for it.
    async fn publish(&self, items: Publish) {
        let (pull, refresh) = {
            let st = lock(&self.state);
            (st.pull_diagnostics, st.diagnostic_refresh)
        };
        let mut changed = false;
        for (key, version, diags) in items {
            if pull && !key.path().ends_with("/hyoka.toml") {
                changed = true;
                continue;
            }
            let sent = lock(&self.state).spellings.spell(&key);
            self.send_diagnostics(sent, diags, version).await;
        }
        if changed && refresh {
            // Not awaited: the answer would have to come in past the
            // notifications waiting for `order`, which the caller may hold.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
    }

    /// `textDocument/publishDiagnostics`, serialised straight to its frame
    /// (a 5 MB report has hundreds of diagnostics on every keystroke) and
    /// written by the one writer, as every publication is.
    async fn send_diagnostics(&self, uri: Url, diagnostics: Vec<Arc<convert::Converted>>, version: Option<i32>) {
        let json = convert::publish_params(&uri, &diagnostics, version);
        if self.frames.send(transport::notification("textDocument/publishDiagnostics", &json)).await.is_err() {
            self.client.publish_diagnostics(uri, diagnostics.iter().map(|c| c.lsp.clone()).collect(), version).await;
        }
    }

    async fn load_toml(&self) {
        let roots = lock(&self.state).roots.clone();
        let mut publish = Vec::new();
        let mut loaded = None;
        for root in roots {
            let path = root.join("hyoka.toml");
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let uri = uri::of_path(&path);
            match Config::from_toml(&text) {
                Ok(c) => {
                    loaded = Some(c);
                    if let Some(u) = uri {
                        publish.push((u, None, Vec::new()));
                    }
                }
                Err(e) => {
                    let lang = lock(&self.state).lang();
                    let idx = crate::text::LineIndex::new(&text);
                    let span = e.span.clone().unwrap_or(0..0);
                    let start = idx.to_line_col(&text, span.start, Encoding::Utf16);
                    let end = idx.to_line_col(&text, span.end, Encoding::Utf16);
                    if let Some(u) = uri {
                        publish.push((
                            u,
                            None,
                            vec![Arc::new(convert::Converted::new(tower_lsp::lsp_types::Diagnostic {
                                range: Range::new(convert::pos(start), convert::pos(end)),
                                severity: Some(DiagnosticSeverity::ERROR),
                                source: Some("hyoka".into()),
                                message: Msg::LspBadConfig { detail: e.message.text(lang) }.text(lang),
                                ..Default::default()
                            }))],
                        ));
                    }
                }
            }
            break;
        }
        lock(&self.state).toml_config = loaded;
        self.publish(publish).await;
    }

    /// Re-applies the configuration to every document and republishes.
    async fn reconfigure(&self) {
        let publish = {
            let mut st = lock(&self.state);
            let config = st.effective_config();
            if config == st.config {
                return;
            }
            st.config = config.clone();
            let uris: Vec<Url> = st.docs.keys().cloned().collect();
            for u in &uris {
                st.docs.get_mut(u).unwrap().reanalyze(&config);
            }
            let open: Vec<Url> = st.docs.iter().filter(|(_, d)| d.version.is_some()).map(|(u, _)| u.clone()).collect();
            st.publish_all(&open)
        };
        self.publish(publish).await;
    }

    async fn fetch_settings(&self) {
        if !lock(&self.state).configuration_request {
            return;
        }
        let items = vec![ConfigurationItem { scope_uri: None, section: Some("hyoka".into()) }];
        if let Ok(values) = self.client.configuration(items).await {
            if let Some(v) = values.into_iter().next() {
                self.apply_settings(&v).await;
            }
        }
    }

    async fn apply_settings(&self, v: &serde_json::Value) {
        let empty = v.is_null() || v.as_object().is_some_and(|o| o.is_empty());
        let parsed = if empty { Ok(None) } else { Config::from_json(v).map(Some) };
        match parsed {
            Ok(c) => {
                let mut st = lock(&self.state);
                st.settings_raw = c.as_ref().map(|_| v.clone());
                st.settings_config = c;
            }
            Err(e) => {
                let lang = lock(&self.state).lang();
                self.client.show_message(MessageType::ERROR, Msg::LspBadSettings { detail: e.message.text(lang) }.text(lang)).await
            }
        }
    }

    /// A caught panic: logged to the client and answered as an internal error.
    fn report_panic(&self, message: Msg, lang: Lang) -> Error {
        let message = message.text(lang);
        let client = self.client.clone();
        let logged = message.clone();
        tokio::spawn(async move { client.log_message(MessageType::ERROR, logged).await });
        internal(message)
    }

    fn format(&self, uri: &Url, range: Option<Range>) -> Result<Option<Vec<TextEdit>>> {
        let st = lock(&self.state);
        let (_, doc) = st.known(uri)?;
        let span = range.map(|r| st.span(doc, r));
        let edits = guarded("formatting", || crate::features::format::format(&doc.text, doc.report(), span)).map_err(|e| self.report_panic(e, st.lang()))?;
        Ok(Some(edits.into_iter().map(|e| convert::text_edit(doc, st.encoding, &e.span, e.new_text)).collect()))
    }

    /// What every request shares: a `$/cancelRequest` already queued takes
    /// effect first; the state is locked; a panic becomes an internal error.
    async fn request<T>(&self, what: &str, f: impl FnOnce(&mut State) -> Result<T>) -> Result<T> {
        tokio::task::yield_now().await;
        // The lock taken inside is released (or poisoned) by then.
        guarded(what, || f(&mut lock(&self.state))).map_err(|e| {
            let lang = lock(&self.state).lang();
            self.report_panic(e, lang)
        })?
    }

    /// A request about one document, found by its key: `f` gets the state,
    /// the key and the document; an unknown document answers nothing.
    async fn on_document<T>(&self, what: &str, sent: &Url, f: impl FnOnce(&State, &Url, &Document) -> Result<Option<T>>) -> Result<Option<T>> {
        self.request(what, |st| {
            let key = uri::key(sent);
            match st.docs.get(&key) {
                Some(doc) => f(st, &key, doc),
                None => Ok(None),
            }
        })
        .await
    }

    async fn changed_document(&self, key: Url) {
        let publish = lock(&self.state).publish_for(&[key]);
        self.publish(publish).await;
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()) {
                roots.push(p);
            }
        }
        let roots: Vec<PathBuf> = roots.into_iter().map(|r| std::fs::canonicalize(&r).unwrap_or(r)).collect();
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let pull = caps.text_document.as_ref().and_then(|t| t.diagnostic.as_ref()).is_some();
        {
            let mut st = lock(&self.state);
            st.encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            st.locale = Lang::of_locale(params.locale.as_deref());
            st.roots = roots;
            st.pull_diagnostics = pull;
            st.diagnostic_refresh = caps.workspace.as_ref().and_then(|w| w.diagnostic.as_ref()).and_then(|d| d.refresh_support).unwrap_or(false);
            st.configuration_request = caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
            st.watch_registration = caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            if let Some(opts) = &params.initialization_options {
                match Config::from_json(opts) {
                    Ok(c) if !(opts.is_null() || opts.as_object().is_some_and(|o| o.is_empty())) => {
                        st.settings_raw = Some(opts.clone());
                        st.settings_config = Some(c);
                    }
                    Ok(_) => {}
                    Err(e) => eprintln!("hyoka: bad initializationOptions, using defaults: {e}"),
                }
            }
            st.config = st.effective_config();
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo { name: "hyoka".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL, CodeActionKind::REFACTOR_REWRITE]),
                    ..Default::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions { prepare_provider: Some(true), work_done_progress_options: Default::default() })),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(["#", "@", "|", "：", ":", "（", " "].iter().map(|s| s.to_string()).collect()),
                    ..Default::default()
                }),
                code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions { resolve_provider: Some(false), work_done_progress_options: Default::default() }),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: SemanticTokensLegend {
                        token_types: crate::features::tokens::TOKEN_TYPES.iter().map(|t| SemanticTokenType::new(t)).collect(),
                        token_modifiers: crate::features::tokens::TOKEN_MODIFIERS.iter().map(|t| SemanticTokenModifier::new(t)).collect(),
                    },
                    full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                    range: None,
                    work_done_progress_options: Default::default(),
                })),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("hyoka".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        ..Default::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities { supported: Some(true), change_notifications: None }),
                    file_operations: None,
                }),
                ..Default::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // The order of publications is kept around what publishes, never
        // across a request to the client: its answer comes in behind the
        // notifications waiting for the lock (see `Backend::order`).
        {
            let _order = self.order.lock().await;
            self.load_toml().await;
        }
        self.fetch_settings().await;
        let _order = self.order.lock().await;
        // Documents opened while the settings were being fetched were
        // analysed with the previous configuration: re-analyse them.
        self.reconfigure().await;
        let watch = {
            let mut st = lock(&self.state);
            let messages = guarded("indexing", || st.index_workspace()).unwrap_or_else(|e| vec![e.text(st.lang())]);
            (st.watch_registration, messages)
        };
        let (watch, messages) = watch;
        for m in messages {
            self.client.show_message(MessageType::WARNING, m).await;
        }
        drop(_order);
        if watch {
            let opts = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![
                    FileSystemWatcher { glob_pattern: GlobPattern::String("**/*.hyoka".into()), kind: None },
                    FileSystemWatcher { glob_pattern: GlobPattern::String("**/hyoka.toml".into()), kind: None },
                ],
            };
            let reg = Registration {
                id: "hyoka-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(opts).ok(),
            };
            let _ = self.client.register_capability(vec![reg]).await;
        }
        let _order = self.order.lock().await;
        let publish = lock(&self.state).publish_all(&[]);
        self.publish(publish).await;
    }

    async fn shutdown(&self) -> Result<()> {
        lock(&self.state).shutdown = true;
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let _order = self.order.lock().await;
        let sent = params.text_document.uri;
        let r = {
            let mut st = lock(&self.state);
            let key = st.spellings.learn(&sent);
            let config = st.config.clone();
            // An indexed copy may have been published under the server's
            // spelling: empty that list for clients that keep both apart.
            let published = key != sent && !st.pull_diagnostics && st.docs.get(&key).is_some_and(|d| d.version.is_none());
            let version = params.text_document.version;
            let text = params.text_document.text;
            match st.docs.get_mut(&key) {
                // The file as indexed from the folder: its analysis holds.
                Some(doc) if doc.version.is_none() && doc.text == text => {
                    // The editor's copy goes before the rope and the tree
                    // are built: a large report is not held three times.
                    drop(text);
                    guarded("analysis", || doc.open_indexed(version)).map(|()| (key, published))
                }
                _ => guarded("analysis", || Document::new(text, Some(version), &config)).map(|doc| {
                    st.docs.insert(key.clone(), doc);
                    (key, published)
                }),
            }
        };
        match r {
            Ok((key, published)) => {
                if published {
                    self.send_diagnostics(key.clone(), Vec::new(), None).await;
                }
                self.changed_document(key).await
            }
            Err(e) => {
                let text = e.text(lock(&self.state).lang());
                self.client.log_message(MessageType::ERROR, text).await
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let _order = self.order.lock().await;
        let sent = params.text_document.uri;
        let key = uri::key(&sent);
        let version = params.text_document.version;
        let result = {
            let mut st = lock(&self.state);
            let enc = st.encoding;
            let config = st.config.clone();
            match st.docs.get_mut(&key) {
                None => Err(Msg::LspChangeNotOpen { uri: sent.to_string() }),
                Some(doc) if doc.version.is_some_and(|v| version <= v) => {
                    Err(Msg::LspChangeStale { uri: sent.to_string(), version, current: doc.version.map(|v| v.to_string()).unwrap_or_default() })
                }
                Some(doc) => {
                    let changes = params
                        .content_changes
                        .into_iter()
                        .map(|c| Change { range: c.range.map(|r| (convert::line_col(r.start), convert::line_col(r.end))), text: c.text })
                        .collect();
                    guarded("didChange", || doc.apply(changes, version, enc, &config))
                }
            }
        };
        match result {
            // A version bump alone changed nothing across documents: only
            // this document's diagnostics go out again, with the version.
            Ok(crate::analysis::Reanalysis::Unchanged) => {
                let publish = lock(&self.state).publish_targets(std::slice::from_ref(&key), Vec::new());
                self.publish(publish).await;
            }
            // Typing in prose moved spans only: so do the cross-document
            // diagnostics, without checking the set again.
            Ok(crate::analysis::Reanalysis::Moved) => {
                let publish = {
                    let mut st = lock(&self.state);
                    let edit = st.docs.get(&key).and_then(|d| d.moved_by);
                    match edit.and_then(|e| st.cross.shift(&key, &e)) {
                        Some(moved) => st.publish_targets(std::slice::from_ref(&key), moved),
                        None => st.publish_for(std::slice::from_ref(&key)),
                    }
                };
                self.publish(publish).await;
            }
            Ok(_) => self.changed_document(key).await,
            Err(e) => {
                let text = e.text(lock(&self.state).lang());
                self.client.log_message(MessageType::WARNING, text).await
            }
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let _order = self.order.lock().await;
        let publish = {
            let mut st = lock(&self.state);
            let key = uri::key(&params.text_document.uri);
            // Once closed, the document is published under its key (the
            // client forgets its buffer's spelling too).
            let sent = st.spellings.spell(&key);
            st.spellings.forget(&key);
            st.docs.remove(&key);
            st.converted.borrow_mut().remove(&key);
            // The file on disk takes the buffer's place in the workspace.
            let config = st.config.clone();
            let inside = key.to_file_path().ok().filter(|p| st.roots.iter().any(|r| p.starts_with(r)));
            if let Some(path) = inside {
                if let Ok((text, _)) = crate::cli::read_text(&path) {
                    st.docs.insert(key.clone(), Document::new(text, None, &config));
                }
            }
            // Re-check the closed document's set; publish what changed.
            let st = &mut *st;
            let moved = st.cross.update(&st.docs, |d| d.report(), std::slice::from_ref(&key), &st.config);
            let mut p = st.publish_targets(&[], moved);
            if !st.docs.contains_key(&key) {
                p.push((sent, None, Vec::new()));
            }
            p
        };
        self.publish(publish).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if lock(&self.state).configuration_request {
            self.fetch_settings().await;
        } else {
            self.apply_settings(&params.settings).await;
        }
        let _order = self.order.lock().await;
        self.reconfigure().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let _order = self.order.lock().await;
        let mut toml_changed = false;
        let mut changed = Vec::new();
        {
            let mut st = lock(&self.state);
            let config = st.config.clone();
            for ev in params.changes {
                let key = uri::key(&ev.uri);
                let Ok(path) = key.to_file_path() else { continue };
                if path.file_name().is_some_and(|n| n == "hyoka.toml") {
                    toml_changed = true;
                    continue;
                }
                if st.docs.get(&key).is_some_and(|d| d.version.is_some()) {
                    continue; // an open buffer wins over the disk
                }
                if ev.typ == FileChangeType::DELETED {
                    st.docs.remove(&key);
                    changed.push(key);
                } else if let Ok((text, _)) = crate::cli::read_text(&path) {
                    st.docs.insert(key.clone(), Document::new(text, None, &config));
                    changed.push(key);
                }
            }
        }
        if toml_changed {
            self.load_toml().await;
            self.reconfigure().await;
        }
        let publish = {
            let mut st = lock(&self.state);
            let mut p = st.publish_for(&changed);
            for u in &changed {
                if !st.docs.contains_key(u) {
                    p.push((u.clone(), None, Vec::new()));
                }
            }
            p
        };
        self.publish(publish).await;
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.request("document_symbol", |st| {
            let (_, doc) = st.known(&params.text_document.uri)?;
            // Written as serialised here, without tower-lsp's
            // serde_json::Value tree (src/lsp/transport.rs) nor the
            // protocol's types: a large outline costs half as much.
            if transport::can_answer_raw() {
                let json = document_symbols_json(doc, st.encoding);
                if !json.is_empty() && transport::answer_raw(json) {
                    return Ok(None);
                }
            }
            Ok(Some(DocumentSymbolResponse::Nested(document_symbols(doc, st.encoding))))
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<Vec<SymbolInformation>>> {
        self.request("symbol", |st| {
            let query = crate::normalize::compact(&params.query).to_lowercase();
            let mut out = Vec::new();
            for (key, doc) in &st.docs {
                convert::workspace_symbols(&st.spellings.spell(key), doc, st.encoding, &query, &mut out);
            }
            out.sort_by(|a, b| a.name.cmp(&b.name));
            out.truncate(1000);
            Ok(Some(out))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.on_document("hover", &p.text_document.uri, |st, key, doc| {
            let offset = doc.offset(convert::line_col(p.position), st.encoding);
            let set = st.set_of(key);
            let others: Vec<&crate::model::Report> = set.iter().skip(1).map(|u| st.docs[u].report()).collect();
            let h = crate::features::hover::hover(&doc.text, doc.report(), &st.config, offset, &others, st.lang());
            Ok(h.map(|h| convert::hover(doc, st.encoding, h)))
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, None)
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        self.format(&params.text_document.uri, Some(params.range))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.on_document("folding_range", &params.text_document.uri, |st, _, doc| {
            let folds = crate::features::folding::folding(&doc.text, doc.report());
            Ok(Some(folds.iter().map(|f| convert::folding_range(doc, st.encoding, f)).collect()))
        })
        .await
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        self.on_document("selection_range", &params.text_document.uri, |st, _, doc| {
            let ranges = params.positions.iter().map(|&p| {
                let offset = doc.offset(convert::line_col(p), st.encoding);
                let spans = crate::features::selection::selection(&doc.text, doc.report(), offset);
                convert::selection_range(doc, st.encoding, p, &spans)
            });
            Ok(Some(ranges.collect()))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.on_document("inlay_hint", &params.text_document.uri, |st, _, doc| {
            let span = st.span(doc, params.range);
            let hints = crate::features::inlay::inlay_hints(&doc.text, doc.report(), &st.config.inlay, Some(span), st.lang());
            Ok(Some(hints.into_iter().map(|h| convert::inlay_hint(doc, st.encoding, h)).collect()))
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.on_document("document_link", &params.text_document.uri, |st, _, doc| {
            let links = crate::features::links::links(&doc.text, doc.report());
            Ok(Some(links.into_iter().map(|l| convert::document_link(doc, st.encoding, l)).collect()))
        })
        .await
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.request("semantic_tokens_full", |st| {
            let key = uri::key(&params.text_document.uri);
            let Some(data) = st.semantic_tokens(&key) else { return Ok(None) };
            let id = st.remember_tokens(&key, data.clone());
            Ok(Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: Some(id), data })))
        })
        .await
    }

    async fn semantic_tokens_full_delta(&self, params: SemanticTokensDeltaParams) -> Result<Option<SemanticTokensFullDeltaResult>> {
        self.request("semantic_tokens_full_delta", |st| {
            let key = uri::key(&params.text_document.uri);
            let Some(data) = st.semantic_tokens(&key) else { return Ok(None) };
            let previous = st.tokens_cache.get(&key).filter(|(id, _)| *id == params.previous_result_id).map(|(_, d)| d.clone());
            let id = st.remember_tokens(&key, data.clone());
            Ok(Some(match previous {
                Some(old) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta { result_id: Some(id), edits: convert::token_delta(&old, &data) }),
                None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens { result_id: Some(id), data }),
            }))
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.on_document("goto_definition", &p.text_document.uri, |st, key, doc| {
            let Some((target, _)) = st.target_at(doc, p.position) else { return Ok(None) };
            let defs: Vec<Location> = st.occurrences(key, &target).into_iter().filter(|(_, o)| o.definition).filter_map(|(u, o)| st.location(&u, &o.span)).collect();
            Ok((!defs.is_empty()).then_some(GotoDefinitionResponse::Array(defs)))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let include = params.context.include_declaration;
        self.on_document("references", &p.text_document.uri, |st, key, doc| {
            let Some((target, _)) = st.target_at(doc, p.position) else { return Ok(None) };
            let refs = st.occurrences(key, &target).into_iter().filter(|(_, o)| include || !o.definition).filter_map(|(u, o)| st.location(&u, &o.span));
            Ok(Some(refs.collect()))
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.on_document("prepare_rename", &params.text_document.uri, |st, _, doc| {
            let offset = doc.offset(convert::line_col(params.position), st.encoding);
            match crate::features::navigation::prepare_rename(doc.report(), &doc.text, offset) {
                Ok((_, span, placeholder)) => Ok(Some(PrepareRenameResponse::RangeWithPlaceholder { range: convert::range(doc, st.encoding, &span), placeholder })),
                Err(why) => Err(Error::invalid_params(why.text(st.lang()))),
            }
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        use crate::features::navigation as nav;
        let p = params.text_document_position;
        self.on_document("rename", &p.text_document.uri, |st, key, doc| {
            let offset = doc.offset(convert::line_col(p.position), st.encoding);
            let lang = st.lang();
            let refused = |why: crate::i18n::Msg| Error::invalid_params(why.text(lang));
            let target = nav::prepare_rename(doc.report(), &doc.text, offset).map_err(refused)?.0;
            let new = nav::check_new_name(&target, &params.new_name).map_err(refused)?;
            let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
            for u in st.set_of(key) {
                let d = &st.docs[&u];
                let edits = nav::rename_edits(d.report(), &d.text, &target, &new);
                if !edits.is_empty() {
                    changes.insert(st.spellings.spell(&u), edits.into_iter().map(|(span, text)| convert::text_edit(d, st.encoding, &span, text)).collect());
                }
            }
            Ok(Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.on_document("completion", &p.text_document.uri, |st, key, doc| {
            let offset = doc.offset(convert::line_col(p.position), st.encoding);
            let set = st.set_of(key);
            let others: Vec<&crate::model::Report> = set.iter().skip(1).map(|u| st.docs[u].report()).collect();
            let items = crate::features::completion::complete(doc.report(), &doc.text, offset, &st.config, &others);
            Ok(Some(CompletionResponse::Array(items.into_iter().enumerate().map(|(n, i)| convert::completion(doc, st.encoding, n, i, st.lang())).collect())))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        use crate::features::navigation as nav;
        self.on_document("code_lens", &params.text_document.uri, |st, key, doc| {
            let sent = st.spellings.spell(key);
            let lenses = nav::indicator_reference_counts(doc.report(), &doc.text).into_iter().map(|(span, id, _)| {
                let target = nav::Target::Indicator(id);
                let refs: Vec<Location> =
                    st.occurrences(key, &target).into_iter().filter(|(_, o)| !o.definition).filter_map(|(u, o)| st.location(&u, &o.span)).collect();
                convert::references_lens(&sent, convert::range(doc, st.encoding, &span), refs, st.lang())
            });
            Ok(Some(lenses.collect()))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.on_document("code_action", &params.text_document.uri, |st, key, doc| {
            let enc = st.encoding;
            let sent = st.spellings.spell(key);
            let span = st.span(doc, params.range);
            let (start, end) = (span.start, span.end);
            let fix_all = params.context.only.as_ref().is_some_and(|o| o.contains(&CodeActionKind::SOURCE_FIX_ALL));
            let edit = |edits: Vec<TextEdit>| WorkspaceEdit { changes: Some(HashMap::from([(sent.clone(), edits)])), ..Default::default() };
            let all = st.all_diagnostics(key);
            let touches = |d: &&Diagnostic| d.fix.is_some() && d.span.start <= end && d.span.end >= start;
            let mut actions = Vec::new();
            for d in all.iter().filter(touches) {
                let fix = d.fix.as_ref().unwrap();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.text(st.lang()),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(st, key, doc, d)]),
                    edit: Some(edit(vec![convert::text_edit(doc, enc, &fix.span, fix.new_text.clone())])),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
            // Full-width digits on the structural lines in range.
            let digits = crate::features::format::half_width_digits(&doc.text, start..end);
            if !digits.is_empty() {
                let edits: Vec<TextEdit> = digits.into_iter().map(|e| convert::text_edit(doc, enc, &e.span, e.new_text)).collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: Msg::FixAllFullWidthDigits { count: edits.len() }.text(st.lang()),
                    kind: Some(CodeActionKind::REFACTOR_REWRITE),
                    edit: Some(edit(edits)),
                    ..Default::default()
                }));
            }
            // "Fix all of this kind": one action per code with several fixes.
            let mut by_code: std::collections::BTreeMap<&str, Vec<&Diagnostic>> = Default::default();
            for d in all.iter().filter(|d| d.fix.is_some()) {
                by_code.entry(d.check.code).or_default().push(d);
            }
            let in_range: Vec<&str> = all.iter().filter(touches).map(|d| d.check.code).collect();
            for (code, ds) in by_code {
                if ds.len() < 2 || !(fix_all || in_range.contains(&code)) {
                    continue;
                }
                let mut edits: Vec<TextEdit> = ds
                    .iter()
                    .map(|d| {
                        let f = d.fix.as_ref().unwrap();
                        convert::text_edit(doc, enc, &f.span, f.new_text.clone())
                    })
                    .collect();
                edits.dedup_by(|a, b| a.range == b.range);
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: Msg::FixAllOfKind { name: ds[0].check.name, code: ds[0].check.code, count: edits.len() }.text(st.lang()),
                    kind: Some(if fix_all { CodeActionKind::SOURCE_FIX_ALL } else { CodeActionKind::QUICKFIX }),
                    edit: Some(edit(edits)),
                    ..Default::default()
                }));
            }
            Ok(Some(actions))
        })
        .await
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        self.request("diagnostic", |st| {
            let (key, _) = st.known(&params.text_document.uri)?;
            let (_, result_id, items) = st.pulled(&key).unwrap_or_default();
            // The client has this list already: say so instead of sending it.
            if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
                return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                })));
            }
            Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: Some(result_id), items },
            })))
        })
        .await
    }

    async fn workspace_diagnostic(&self, params: WorkspaceDiagnosticParams) -> Result<WorkspaceDiagnosticReportResult> {
        self.request("workspace_diagnostic", |st| {
            let previous: HashMap<Url, String> = params.previous_result_ids.into_iter().map(|p| (uri::key(&p.uri), p.value)).collect();
            let mut items = Vec::new();
            for key in st.docs.keys() {
                let Some((version, result_id, diags)) = st.pulled(key) else { continue };
                let (uri, version) = (st.spellings.spell(key), version.map(i64::from));
                items.push(if previous.get(key) == Some(&result_id) {
                    WorkspaceDocumentDiagnosticReport::Unchanged(WorkspaceUnchangedDocumentDiagnosticReport {
                        uri,
                        version,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                    })
                } else {
                    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: Some(result_id), items: diags },
                    })
                });
            }
            Ok(WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items }))
        })
        .await
    }
}
