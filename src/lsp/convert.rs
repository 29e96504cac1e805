//! Core types → protocol types. Positions go through the document's rope
//! in the negotiated encoding.

use super::store::Positions;
use super::{Document, State};
use crate::checks::{Diagnostic, Severity};
use crate::features::outline::{Symbol, SymbolKind as K};
use crate::model::Span;
use crate::text::{Encoding, LineCol};
use tower_lsp::lsp_types::{self as lsp, *};

pub fn pos(p: LineCol) -> Position {
    Position { line: p.line, character: p.character }
}

pub fn line_col(p: Position) -> LineCol {
    LineCol { line: p.line, character: p.character }
}

pub fn range(doc: &Document, enc: Encoding, span: &Span) -> Range {
    Range { start: pos(doc.position(span.start, enc)), end: pos(doc.position(span.end, enc)) }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(st: &State, uri: &Url, doc: &Document, d: &Diagnostic) -> lsp::Diagnostic {
    let lang = st.lang();
    let texts = Texts { message: format!("{} [{}]", d.message.text(lang), d.check.name), related: d.related.iter().map(|r| r.message.text(lang)).collect() };
    diagnostic_with(st, uri, &mut doc.positions(st.encoding), d, texts)
}

/// The texts of a diagnostic in the client's language: its message with
/// the check's name, and its related notes.
#[derive(Clone)]
pub struct Texts {
    pub message: String,
    pub related: Vec<String>,
}

/// [`diagnostic`] with its texts already rendered; `at` finds the
/// positions in `doc` (in the negotiated encoding).
pub fn diagnostic_with(st: &State, uri: &Url, at: &mut Positions<'_>, d: &Diagnostic, texts: Texts) -> lsp::Diagnostic {
    let enc = st.encoding;
    let Texts { message, related: related_texts } = texts;
    let range = Range { start: pos(at.get(d.span.start)), end: pos(at.get(d.span.end)) };
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .zip(related_texts)
        .filter_map(|(r, text)| {
            let (ruri, range) = match &r.doc {
                None => (uri.clone(), Range { start: pos(at.get(r.span.start)), end: pos(at.get(r.span.end)) }),
                Some(k) => {
                    let u = Url::parse(k).ok()?;
                    let rd = st.docs.get(&u)?;
                    (st.spellings.spell(&u), self::range(rd, enc, &r.span))
                }
            };
            Some(DiagnosticRelatedInformation { location: Location { uri: ruri, range }, message: text })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.check.code.to_string())),
        code_description: None,
        source: Some("hyoka".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A diagnostic as the protocol gives it, and its JSON: a list of them is
/// published by joining the JSON of each, so a diagnostic a keystroke left
/// where it was is neither converted nor serialised again.
#[derive(Debug, PartialEq)]
pub struct Converted {
    pub lsp: lsp::Diagnostic,
    pub json: Box<[u8]>,
}

impl Converted {
    pub fn new(lsp: lsp::Diagnostic) -> Converted {
        // A diagnostic is plain data: serialising it cannot fail.
        let json = serde_json::to_vec(&lsp).unwrap_or_default().into_boxed_slice();
        Converted { lsp, json }
    }
}

/// The params of `textDocument/publishDiagnostics` as JSON, joined from
/// the JSON of each diagnostic: what serialising
/// [`PublishDiagnosticsParams`] gives.
pub fn publish_params(uri: &Url, diagnostics: &[std::sync::Arc<Converted>], version: Option<i32>) -> Vec<u8> {
    let size: usize = diagnostics.iter().map(|c| c.json.len() + 1).sum();
    let mut json = Vec::with_capacity(size + uri.as_str().len() + 64);
    json.extend_from_slice(b"{\"uri\":");
    // A URL is a string: serialising it cannot fail.
    let _ = serde_json::to_writer(&mut json, uri.as_str());
    json.extend_from_slice(b",\"diagnostics\":[");
    for (i, c) in diagnostics.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(&c.json);
    }
    json.push(b']');
    if let Some(v) = version {
        json.extend_from_slice(format!(",\"version\":{v}").as_bytes());
    }
    json.push(b'}');
    json
}

fn kind(k: K) -> lsp::SymbolKind {
    match k {
        K::Document => lsp::SymbolKind::FILE,
        K::Field => lsp::SymbolKind::NAMESPACE,
        K::Indicator => lsp::SymbolKind::CLASS,
        K::Reference => lsp::SymbolKind::INTERFACE,
        K::Means => lsp::SymbolKind::PACKAGE,
        // ①②③… read as the members of a numbered list.
        K::MeansItem => lsp::SymbolKind::ENUM_MEMBER,
        // A year's target and result: a field of its indicator.
        K::Year => lsp::SymbolKind::FIELD,
        K::Table => lsp::SymbolKind::ARRAY,
        K::Section => lsp::SymbolKind::MODULE,
    }
}

/// The protocol's outline of a document (positions found in order, so
/// most cost no lookup).
pub fn symbols(doc: &Document, enc: Encoding, outline: &[Symbol]) -> Vec<DocumentSymbol> {
    let mut at = doc.positions(enc);
    outline.iter().map(|s| symbol(&mut at, s)).collect()
}

#[allow(deprecated)]
fn symbol(at: &mut Positions<'_>, s: &Symbol) -> DocumentSymbol {
    let (full, sel, children_at) = symbol_ranges(at, s);
    let children = (!s.children.is_empty()).then(|| {
        at.seek(children_at);
        s.children.iter().map(|c| symbol(at, c)).collect()
    });
    DocumentSymbol {
        name: symbol_name(s).into(),
        detail: s.detail.clone(),
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: full,
        selection_range: sel,
        children,
    }
}

fn symbol_name(s: &Symbol) -> &str {
    if s.name.trim().is_empty() {
        "（無題）"
    } else {
        &s.name
    }
}

/// A symbol's range and selection range, and where the cursor stood
/// before its end was found (its children come before its end).
fn symbol_ranges(at: &mut Positions<'_>, s: &Symbol) -> (Range, Range, super::store::Cursor) {
    let start = pos(at.get(s.span.start));
    let sel_start = pos(at.get(s.selection.start));
    let sel_end = pos(at.get(s.selection.end));
    let children_at = at.cursor();
    let full = Range { start, end: pos(at.get(s.span.end)) };
    let mut sel = Range { start: sel_start, end: sel_end };
    // The selection range must lie inside the full range.
    if sel.start < full.start || sel.end > full.end {
        sel = full;
    }
    (full, sel, children_at)
}

/// The protocol's outline of a document as JSON: what serialising
/// [`symbols`] gives, written as it is walked, without the
/// `DocumentSymbol` tree (several MiB for a 5 MB report).
pub fn symbols_json(doc: &Document, enc: Encoding, outline: &[Symbol]) -> serde_json::Result<Vec<u8>> {
    let at = std::cell::RefCell::new(doc.positions(enc));
    serde_json::to_vec(&SymbolsJson { at: &at, symbols: outline })
}

struct SymbolsJson<'a, 'd> {
    at: &'a std::cell::RefCell<Positions<'d>>,
    symbols: &'a [Symbol],
}

struct SymbolJson<'a, 'd> {
    at: &'a std::cell::RefCell<Positions<'d>>,
    symbol: &'a Symbol,
}

impl serde::Serialize for SymbolsJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.symbols.len()))?;
        for s in self.symbols {
            seq.serialize_element(&SymbolJson { at: self.at, symbol: s })?;
        }
        seq.end()
    }
}

impl serde::Serialize for SymbolJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let s = self.symbol;
        let (full, sel, children_at) = symbol_ranges(&mut self.at.borrow_mut(), s);
        // The fields of `DocumentSymbol`, in its order, with what it skips.
        let mut st = serializer.serialize_struct("DocumentSymbol", 6)?;
        st.serialize_field("name", symbol_name(s))?;
        if let Some(d) = &s.detail {
            st.serialize_field("detail", d)?;
        }
        st.serialize_field("kind", &kind(s.kind))?;
        st.serialize_field("range", &full)?;
        st.serialize_field("selectionRange", &sel)?;
        if !s.children.is_empty() {
            self.at.borrow_mut().seek(children_at);
            st.serialize_field("children", &SymbolsJson { at: self.at, symbols: &s.children })?;
        }
        st.end()
    }
}

#[allow(deprecated)]
pub fn workspace_symbols(uri: &Url, doc: &Document, enc: Encoding, query: &str, out: &mut Vec<SymbolInformation>) {
    let r = doc.report();
    let container = r.heading.as_ref().map(|h| doc.text[h.span.clone()].trim_start_matches(['#', '＃', ' ']).to_string());
    let mut push = |name: String, k: lsp::SymbolKind, span: &Span| {
        if query.is_empty() || crate::normalize::compact(&name).to_lowercase().contains(query) {
            out.push(SymbolInformation {
                name,
                kind: k,
                tags: None,
                deprecated: None,
                location: Location { uri: uri.clone(), range: range(doc, enc, span) },
                container_name: container.clone(),
            });
        }
    };
    for f in &r.fields {
        push(format!("個別分野{} {}", f.number, f.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")), lsp::SymbolKind::NAMESPACE, &f.label_span);
    }
    for i in &r.indicators {
        push(format!("測定指標{} {}", i.id, i.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")), lsp::SymbolKind::CLASS, &i.label_span);
    }
    for re in &r.references {
        push(
            format!("参考指標{} {}", re.number.as_deref().unwrap_or(""), re.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")),
            lsp::SymbolKind::INTERFACE,
            &re.label_span,
        );
    }
    for m in &r.means {
        push(format!("{}{}", crate::normalize::circled_char(m.number).unwrap_or('?'), m.name.text), lsp::SymbolKind::ENUM_MEMBER, &m.name.span);
    }
}

/// An item, ranked by its place in the core's answer (`rank`): editors
/// otherwise sort by label, and ⑥ would come before ①.
pub fn completion(doc: &Document, enc: Encoding, rank: usize, i: crate::features::completion::Item, lang: crate::i18n::Lang) -> CompletionItem {
    use crate::features::completion::ItemKind as K;
    let replace = range(doc, enc, &i.replace);
    CompletionItem {
        label: i.label,
        detail: i.detail.map(|d| d.text(lang)),
        kind: Some(match i.kind {
            K::Keyword => CompletionItemKind::KEYWORD,
            K::Snippet => CompletionItemKind::SNIPPET,
            K::Property => CompletionItemKind::PROPERTY,
            K::Value => CompletionItemKind::VALUE,
            K::Reference => CompletionItemKind::REFERENCE,
            K::Unit => CompletionItemKind::UNIT,
        }),
        filter_text: i.filter,
        sort_text: Some(format!("{rank:04}")),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range: replace, new_text: i.insert })),
        insert_text_format: Some(if i.snippet { InsertTextFormat::SNIPPET } else { InsertTextFormat::PLAIN_TEXT }),
        ..Default::default()
    }
}

/// Semantic tokens in the protocol's relative encoding.
pub fn semantic_tokens(doc: &Document, enc: Encoding, tokens: &[crate::features::tokens::Token]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for t in tokens {
        let s = doc.position(t.span.start, enc);
        let e = doc.position(t.span.end, enc);
        if e.line != s.line || e.character <= s.character {
            continue; // tokens are single-line and non-empty
        }
        let delta_line = s.line - prev_line;
        let delta_start = if delta_line == 0 { s.character - prev_start } else { s.character };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: e.character - s.character,
            token_type: t.kind.index(),
            token_modifiers_bitset: t.modifiers,
        });
        prev_line = s.line;
        prev_start = s.character;
    }
    out
}

/// One edit turning `old` into `new` (common prefix and suffix kept).
pub fn token_delta(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    if prefix == old.len() && prefix == new.len() {
        return Vec::new();
    }
    vec![SemanticTokensEdit {
        start: (prefix * 5) as u32,
        delete_count: ((old.len() - prefix - suffix) * 5) as u32,
        data: Some(new[prefix..new.len() - suffix].to_vec()),
    }]
}

pub fn text_edit(doc: &Document, enc: Encoding, span: &Span, new_text: String) -> TextEdit {
    TextEdit { range: range(doc, enc, span), new_text }
}

pub fn hover(doc: &Document, enc: Encoding, h: crate::features::hover::Hover) -> Hover {
    Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: h.markdown }), range: Some(range(doc, enc, &h.span)) }
}

pub fn folding_range(doc: &Document, enc: Encoding, f: &crate::features::folding::Fold) -> FoldingRange {
    use crate::features::folding::FoldKind;
    let r = range(doc, enc, &f.span);
    FoldingRange {
        start_line: r.start.line,
        start_character: None,
        end_line: r.end.line,
        end_character: None,
        kind: Some(match f.kind {
            FoldKind::Comment => FoldingRangeKind::Comment,
            FoldKind::Region => FoldingRangeKind::Region,
        }),
        collapsed_text: None,
    }
}

/// The chain of ranges around `at`, innermost first (`spans` outermost first).
pub fn selection_range(doc: &Document, enc: Encoding, at: Position, spans: &[Span]) -> SelectionRange {
    let mut parent: Option<Box<SelectionRange>> = None;
    for span in spans.iter().rev() {
        parent = Some(Box::new(SelectionRange { range: range(doc, enc, span), parent }));
    }
    parent.map(|b| *b).unwrap_or(SelectionRange { range: Range::new(at, at), parent: None })
}

pub fn inlay_hint(doc: &Document, enc: Encoding, h: crate::features::inlay::InlayHint) -> InlayHint {
    InlayHint {
        position: pos(doc.position(h.offset, enc)),
        label: InlayHintLabel::String(h.label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

pub fn document_link(doc: &Document, enc: Encoding, l: crate::features::links::Link) -> DocumentLink {
    DocumentLink { range: range(doc, enc, &l.span), target: Url::parse(&l.target).ok(), tooltip: None, data: None }
}

/// A lens over an indicator's heading that counts its references and shows
/// them when clicked.
pub fn references_lens(uri: &Url, at: Range, refs: Vec<Location>, lang: crate::i18n::Lang) -> CodeLens {
    let title = crate::i18n::Msg::References { count: refs.len() }.text(lang);
    CodeLens {
        range: at,
        command: Some(Command {
            title,
            command: "editor.action.showReferences".into(),
            arguments: Some(vec![serde_json::json!(uri), serde_json::json!(at.start), serde_json::json!(refs)]),
        }),
        data: None,
    }
}
