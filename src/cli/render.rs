//! Output of `hyoka check`: human (rustc style), JSON and SARIF.

use super::check::Checked;
use crate::checks::{registry, Diagnostic, Severity};
use crate::i18n::{Lang, Msg};
use crate::text::{Encoding, LineCol, LineIndex};
use serde_json::json;
use std::fmt::Write;

pub use crate::features::format::display_width;

fn positions(c: &Checked, idx: &LineIndex, d_span: &std::ops::Range<usize>) -> (LineCol, LineCol) {
    (idx.to_line_col(&c.text, d_span.start, Encoding::Utf16), idx.to_line_col(&c.text, d_span.end, Encoding::Utf16))
}

pub fn human(files: &[Checked], color: bool, lang: Lang) -> String {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for c in files {
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let (sev, col) = match d.severity {
                Severity::Error => {
                    errors += 1;
                    (Msg::CliSeverity(Severity::Error).text(lang), "1;31")
                }
                Severity::Warning => {
                    warnings += 1;
                    (Msg::CliSeverity(Severity::Warning).text(lang), "1;33")
                }
                Severity::Information => {
                    infos += 1;
                    (Msg::CliSeverity(Severity::Information).text(lang), "1;36")
                }
                Severity::Hint => {
                    infos += 1;
                    (Msg::CliSeverity(Severity::Hint).text(lang), "1;32")
                }
            };
            let _ = writeln!(out, "{}: {}", paint(col, &format!("{sev}[{}]", d.check.code)), paint("1", &d.message.text(lang)));
            let line = idx.line_of(d.span.start);
            let lr = idx.line_range(&c.text, line);
            let line_text = &c.text[lr.clone()];
            let start_col = c.text[lr.start..d.span.start.max(lr.start)].chars().count() + 1;
            let gutter = (line + 1).to_string().len();
            let _ = writeln!(out, "{:gutter$}{} {}:{}:{}", "", paint("1;34", "-->"), c.path, line + 1, start_col);
            let _ = writeln!(out, "{:gutter$} {}", "", paint("1;34", "|"));
            let _ = writeln!(out, "{} {} {}", paint("1;34", &(line + 1).to_string()), paint("1;34", "|"), line_text);
            let pad = display_width(&c.text[lr.start..d.span.start.clamp(lr.start, lr.end)]);
            let end = d.span.end.clamp(d.span.start.max(lr.start), lr.end);
            let width = display_width(&c.text[d.span.start.clamp(lr.start, lr.end)..end]).max(1);
            let _ = writeln!(
                out,
                "{:gutter$} {} {:pad$}{} {}",
                "",
                paint("1;34", "|"),
                "",
                paint(col, &"^".repeat(width)),
                paint(col, d.check.name)
            );
            for r in &d.related {
                let (path, text) = match &r.doc {
                    None => (c.path.as_str(), c.text.as_str()),
                    Some(doc) => match files.iter().find(|f| &f.path == doc) {
                        Some(f) => (f.path.as_str(), f.text.as_str()),
                        None => (doc.as_str(), ""),
                    },
                };
                let ridx = LineIndex::new(text);
                let l = ridx.line_of(r.span.start);
                let lstart = ridx.line_range(text, l).start;
                let colno = text.get(lstart..r.span.start).map(|s| s.chars().count()).unwrap_or(0) + 1;
                let _ = writeln!(out, "{:gutter$} {} {}: {}:{}:{}", "", paint("1;34", "="), paint("1", &Msg::CliNote.text(lang)), path, l + 1, colno);
                let _ = writeln!(out, "{:gutter$}   {}", "", r.message.text(lang));
            }
            if let Some(f) = &d.fix {
                let _ = writeln!(out, "{:gutter$} {} {}: {}", "", paint("1;34", "="), paint("1", &Msg::CliHelp.text(lang)), f.title.text(lang));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "{}", Msg::CliSummary { files: files.len(), errors, warnings, infos }.text(lang));
    out
}

fn range_json(s: LineCol, e: LineCol) -> serde_json::Value {
    json!({"start": {"line": s.line, "character": s.character}, "end": {"line": e.line, "character": e.character}})
}

pub fn json(files: &[Checked], lang: Lang) -> String {
    let mut arr = Vec::new();
    for c in files {
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let (s, e) = positions(c, &idx, &d.span);
            arr.push(json!({
                "path": c.path,
                "range": range_json(s, e),
                "severity": d.severity.as_str(),
                "code": d.check.code,
                "message": d.message.text(lang),
            }));
        }
    }
    serde_json::to_string_pretty(&arr).unwrap() + "\n"
}

pub fn sarif(files: &[Checked], lang: Lang) -> String {
    let rules: Vec<_> = registry::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": c.name,
                "shortDescription": {"text": crate::i18n::summary(c, lang)},
                "defaultConfiguration": {"level": level(c.severity)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for c in files {
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            results.push(result(c, &idx, d, lang));
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "hyoka", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn result(c: &Checked, idx: &LineIndex, d: &Diagnostic, lang: Lang) -> serde_json::Value {
    let (s, e) = positions(c, idx, &d.span);
    json!({
        "ruleId": d.check.code,
        "level": level(d.severity),
        "message": {"text": d.message.text(lang)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": c.path.replace('\\', "/")},
            "region": {"startLine": s.line + 1, "startColumn": s.character + 1, "endLine": e.line + 1, "endColumn": e.character + 1},
        }}],
    })
}
