//! Rendering: a document (its text and model) → a self-contained HTML page
//! in the layout of the official forms, for print (A4) and for the editors'
//! preview. Pure: text and findings in, HTML out.
//!
//! The page follows the source line by line, in order, so that nothing the
//! author wrote is lost: the document heading with the attributes under it
//! becomes the header grid of the form (施策名, 番号, 年度 …); `##`–`####`
//! headings become the form's section bars; attribute lines become
//! label/value rows (ratings highlighted, `@単位` the unit above its table);
//! table rows become bordered tables (formula and total rows marked,
//! amounts right-aligned); prose lines become paragraphs. Comment lines
//! (`//`) are the author's and are not printed. Every block carries the
//! source line it starts on (`data-line`), for the preview's scroll sync.
//!
//! With `annotate`, every finding is marked where it applies, numbered, with
//! its message in the right margin, and all are listed at the end: the
//! review copy a reviewer hands back.

mod style;

use crate::checks::{Diagnostic, Severity};
use crate::i18n::{Lang, Msg};
use crate::model::{DocKind, Report, SectionKind, Span};
use crate::normalize::compact;
use crate::text::LineIndex;
use std::fmt::Write;

#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub lang: Lang,
    /// Mark the findings in place and list them at the end.
    pub annotate: bool,
    /// A script added at the end of the body (the preview's), as given.
    pub script: Option<String>,
}

/// The page of one document.
pub fn render(text: &str, r: &Report, diagnostics: &[Diagnostic], opts: &RenderOptions) -> String {
    let mut w = Writer::new(text, r, diagnostics, opts);
    w.body();
    w.finish()
}

/// The title of a document's page: `政策評価書 Ⅰ-2 北米地域外交（令和5年度）`.
pub fn title(r: &Report) -> String {
    let kind = r.kind.map(|k| k.name()).unwrap_or("Hyoka");
    let id = r.heading.as_ref().and_then(|h| h.measure_id.clone()).unwrap_or_default();
    let name = r.heading.as_ref().and_then(|h| h.title.as_ref()).map(|t| t.text.clone()).unwrap_or_default();
    let year = r.year.as_ref().map(|y| format!("（{}）", crate::normalize::year_label(y.0))).unwrap_or_default();
    format!("{kind} {id} {name}{year}").split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A message for the page: escaped, its `code spans` as `<code>`.
pub fn message_html(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(text).split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    // An odd backtick stays as written.
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    out
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "info",
        Severity::Hint => "hint",
    }
}

/// A line's kind, by its first character (as the grammar decides it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Blank,
    Comment,
    Heading,
    Attribute,
    Row,
    Prose,
}

fn kind_of(line: &str) -> Kind {
    let t = line.trim_start_matches([' ', '\t', '\u{3000}']);
    match t.chars().next() {
        None => Kind::Blank,
        Some('/') if t.starts_with("//") => Kind::Comment,
        Some('#' | '＃') => Kind::Heading,
        Some('@' | '＠') => Kind::Attribute,
        Some('|' | '｜') => Kind::Row,
        _ => Kind::Prose,
    }
}

struct Writer<'a> {
    text: &'a str,
    r: &'a Report,
    diags: &'a [Diagnostic],
    opts: &'a RenderOptions,
    idx: LineIndex,
    /// Byte ranges of the lines, without their line break.
    lines: Vec<Span>,
    out: String,
    /// Whether each diagnostic's note was written.
    placed: Vec<bool>,
    /// The diagnostics' indexes by start, and the greatest end up to each:
    /// the findings over a range are found without a scan of them all.
    by_start: Vec<usize>,
    max_end: Vec<usize>,
}

impl<'a> Writer<'a> {
    fn new(text: &'a str, r: &'a Report, diags: &'a [Diagnostic], opts: &'a RenderOptions) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                let end = if i > start && text.as_bytes()[i - 1] == b'\r' { i - 1 } else { i };
                lines.push(start..end);
                start = i + 1;
            }
        }
        if start < text.len() {
            lines.push(start..text.len());
        }
        let mut by_start: Vec<usize> = (0..diags.len()).collect();
        by_start.sort_by_key(|&i| (diags[i].span.start, i));
        let mut max_end = Vec::with_capacity(diags.len());
        let mut m = 0;
        for &i in &by_start {
            m = m.max(diags[i].span.end);
            max_end.push(m);
        }
        Writer { text, r, diags, opts, idx: LineIndex::new(text), lines, out: String::new(), placed: vec![false; diags.len()], by_start, max_end }
    }

    /// The diagnostics that overlap `a..b` (in index order).
    fn overlapping(&self, a: usize, b: usize) -> Vec<usize> {
        let p = self.by_start.partition_point(|&i| self.diags[i].span.start < b);
        let mut out = Vec::new();
        for k in (0..p).rev() {
            if self.max_end[k] <= a {
                break;
            }
            let i = self.by_start[k];
            if self.diags[i].span.end > a {
                out.push(i);
            }
        }
        out.sort();
        out
    }

    fn t(&self, m: Msg) -> String {
        m.text(self.opts.lang)
    }

    fn line_kind(&self, i: usize) -> Kind {
        kind_of(&self.text[self.lines[i].clone()])
    }

    /// The escaped source text of `range`, with the findings that overlap it
    /// marked when annotating.
    fn src(&mut self, range: Span) -> String {
        let range = range.start.min(self.text.len())..range.end.min(self.text.len());
        if !self.opts.annotate {
            return escape(&self.text[range]);
        }
        let near = self.overlapping(range.start, range.end);
        if near.is_empty() {
            return escape(&self.text[range]);
        }
        // Cut points: the range's ends and every finding's ends inside it.
        let mut cuts = vec![range.start, range.end];
        for &i in &near {
            let d = &self.diags[i];
            for p in [d.span.start, d.span.end] {
                if p > range.start && p < range.end && self.text.is_char_boundary(p) {
                    cuts.push(p);
                }
            }
        }
        cuts.sort();
        cuts.dedup();
        let mut out = String::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let piece = escape(&self.text[a..b]);
            let over: Vec<usize> = near.iter().copied().filter(|&i| self.diags[i].span.start < b && self.diags[i].span.end > a).collect();
            match over.iter().map(|&i| self.diags[i].severity).min() {
                None => out.push_str(&piece),
                Some(sev) => {
                    let ids: Vec<String> = over.iter().map(|i| (i + 1).to_string()).collect();
                    let _ = write!(out, "<mark class=\"f f-{}\" data-f=\"{}\">{piece}</mark>", severity_class(sev), ids.join(" "));
                }
            }
        }
        out
    }

    /// The findings that start in `range` and were not listed yet, as notes
    /// for the margin.
    fn notes(&mut self, range: Span) -> String {
        if !self.opts.annotate {
            return String::new();
        }
        let mut out = String::new();
        let from = self.by_start.partition_point(|&i| self.diags[i].span.start < range.start);
        let mut starting: Vec<usize> = self.by_start[from..].iter().copied().take_while(|&i| self.diags[i].span.start <= range.end).collect();
        starting.sort();
        for i in starting {
            let d = &self.diags[i];
            let inside = d.span.start >= range.start && (d.span.start < range.end || (d.span.start == range.end && d.span.is_empty()));
            if self.placed[i] || !inside {
                continue;
            }
            self.placed[i] = true;
            let _ = write!(
                out,
                "<p class=\"note f-{}\" id=\"f{}\"><span class=\"fn\">{}</span> <span class=\"code\">{}</span> {}</p>",
                severity_class(d.severity),
                i + 1,
                i + 1,
                d.check.code,
                message_html(&d.message.text(self.opts.lang))
            );
        }
        if out.is_empty() {
            out
        } else {
            format!("<aside class=\"notes\">{out}</aside>")
        }
    }

    /// Opens a block that starts on source line `line`.
    fn open(&mut self, tag: &str, class: &str, line: usize) {
        let _ = write!(self.out, "<{tag} class=\"b {class}\" data-line=\"{line}\">");
    }

    fn body(&mut self) {
        let mut i = 0;
        let mut header_done = false;
        while i < self.lines.len() {
            match self.line_kind(i) {
                Kind::Blank | Kind::Comment => i += 1,
                Kind::Heading => {
                    let range = self.lines[i].clone();
                    let is_doc = self.r.heading.as_ref().is_some_and(|h| h.span.start >= range.start && h.span.start <= range.end);
                    if is_doc && !header_done {
                        header_done = true;
                        i = self.header(i);
                    } else {
                        self.heading(i);
                        i += 1;
                    }
                }
                Kind::Attribute => i = self.attributes(i),
                Kind::Row => i = self.table(i),
                Kind::Prose => i = self.prose(i),
            }
        }
    }

    /// The document heading and the attributes under it: the header grid.
    fn header(&mut self, at: usize) -> usize {
        let line = self.lines[at].clone();
        let mut i = at + 1;
        let mut attrs = Vec::new();
        while i < self.lines.len() {
            match self.line_kind(i) {
                Kind::Blank | Kind::Comment => i += 1,
                Kind::Attribute => {
                    attrs.push(i);
                    i += 1;
                }
                _ => break,
            }
        }
        let end = attrs.last().map(|&a| self.lines[a].end).unwrap_or(line.end);
        self.open("header", "doc-header", at);
        let notes = self.notes(line.start..end);
        self.out.push_str(&notes);
        let heading = self.r.heading.clone().unwrap();
        let label = self.src(heading.label_span.clone());
        let _ = write!(self.out, "<h1><span class=\"form\">{label}</span>");
        // The rest of the heading line: 施策 ID and name, as written.
        let rest = heading.label_span.end..line.end;
        let rest = self.src(rest);
        let _ = write!(self.out, "<span class=\"subject\">{rest}</span></h1>");
        if !attrs.is_empty() {
            self.out.push_str("<table class=\"grid\">");
            for chunk in attrs.chunks(2) {
                self.out.push_str("<tr>");
                for &a in chunk {
                    let (k, v) = self.attribute_parts(a);
                    let _ = write!(self.out, "<th data-line=\"{a}\">{k}</th><td data-line=\"{a}\"{}>{v}</td>", if chunk.len() == 1 { " colspan=\"3\"" } else { "" });
                }
                self.out.push_str("</tr>");
            }
            self.out.push_str("</table>");
        }
        self.out.push_str("</header>");
        i
    }

    fn heading(&mut self, at: usize) {
        let range = self.lines[at].clone();
        let line = &self.text[range.clone()];
        let trimmed = line.trim_start_matches([' ', '\t', '\u{3000}']);
        let hashes = trimmed.chars().take_while(|c| matches!(c, '#' | '＃')).count();
        let level = hashes.clamp(1, 6);
        let after: usize = trimmed.chars().take(hashes).map(char::len_utf8).sum();
        let start = range.start + (line.len() - trimmed.len()) + after;
        let title_start = start + (self.text[start..range.end].len() - self.text[start..range.end].trim_start().len());
        let section = self.r.sections.iter().find(|s| s.heading_span.start >= range.start && s.heading_span.start <= range.end);
        let class = match section.map(|s| s.kind) {
            Some(SectionKind::Field(_)) => "field",
            Some(SectionKind::Indicator(i)) if self.r.indicators[i].main => "indicator main",
            Some(SectionKind::Indicator(_)) => "indicator",
            Some(SectionKind::Reference(_)) => "reference",
            Some(SectionKind::Means) => "means",
            _ => "plain",
        };
        let body = self.src(title_start..range.end);
        self.open(&format!("h{level}"), class, at);
        let notes = self.notes(range);
        self.out.push_str(&notes);
        self.out.push_str(&body);
        let _ = write!(self.out, "</h{level}>");
    }

    /// The escaped key and value of an attribute line (the raw line when the
    /// model did not read it as one).
    fn attribute_parts(&mut self, at: usize) -> (String, String) {
        let range = self.lines[at].clone();
        let a = self.r.attributes.iter().find(|a| a.span.start >= range.start && a.span.start <= range.end).cloned();
        match a {
            Some(a) => {
                let key = self.src(a.key_span.clone());
                let value = match &a.value {
                    Some(v) => self.src(v.span.clone()),
                    None => String::new(),
                };
                (key, value)
            }
            None => {
                let line = &self.text[range.clone()];
                let skip = line.len() - line.trim_start().len() + line.trim_start().chars().next().map(char::len_utf8).unwrap_or(0);
                (self.src(range.start + skip..range.end), String::new())
            }
        }
    }

    fn attribute_key(&self, at: usize) -> String {
        let range = self.lines[at].clone();
        self.r.attributes.iter().find(|a| a.span.start >= range.start && a.span.start <= range.end).map(|a| compact(&a.key)).unwrap_or_default()
    }

    /// Consecutive attribute lines.
    fn attributes(&mut self, at: usize) -> usize {
        let mut i = at;
        let mut group = Vec::new();
        while i < self.lines.len() && self.line_kind(i) == Kind::Attribute {
            group.push(i);
            i += 1;
        }
        // `@単位` alone before a table: the unit printed above it.
        if group.len() == 1 && self.attribute_key(at) == "単位" {
            let (k, v) = self.attribute_parts(at);
            let range = self.lines[at].clone();
            self.open("p", "unit", at);
            let notes = self.notes(range);
            self.out.push_str(&notes);
            let _ = write!(self.out, "（{k}：{v}）");
            self.out.push_str("</p>");
            return i;
        }
        let range = self.lines[at].start..self.lines[i - 1].end;
        let notes = self.notes(range);
        if !notes.is_empty() {
            let _ = write!(self.out, "<div class=\"b-notes\">{notes}</div>");
        }
        self.open("table", "attrs", at);
        for &a in &group {
            let key = self.attribute_key(a);
            let rating = key.ends_with("達成状況") || key.contains("達成度合い") || key == "目標達成度合いの測定結果";
            let (k, v) = self.attribute_parts(a);
            let _ = write!(self.out, "<tr data-line=\"{a}\"{}><th>{k}</th><td>{v}</td></tr>", if rating { " class=\"rating\"" } else { "" });
        }
        self.out.push_str("</table>");
        i
    }

    /// A table: the model's, from its first row to its last.
    fn table(&mut self, at: usize) -> usize {
        let range = self.lines[at].clone();
        let Some(ti) = self.r.tables.iter().position(|t| t.span.start >= range.start && t.span.start <= range.end) else {
            // A row the model did not take into a table: its cells as written.
            let mut i = at;
            self.open("table", "data", at);
            while i < self.lines.len() && self.line_kind(i) == Kind::Row {
                let r = self.lines[i].clone();
                let _ = write!(self.out, "<tr data-line=\"{i}\">");
                for cell in split_cells(self.text, r) {
                    let c = self.src(cell);
                    let _ = write!(self.out, "<td>{c}</td>");
                }
                self.out.push_str("</tr>");
                i += 1;
            }
            self.out.push_str("</table>");
            return i;
        };
        let t = self.r.tables[ti].clone();
        let budget = self.r.budgets.iter().any(|b| b.table == ti);
        let means = self.r.means.iter().any(|m| m.table == ti);
        let summary = self.r.summary_section.is_some_and(|s| t.section == Some(s));
        let class = if budget {
            "data budget"
        } else if means {
            "data means"
        } else if summary {
            "data summary"
        } else {
            "data"
        };
        let notes = self.notes(t.span.clone());
        if !notes.is_empty() {
            let _ = write!(self.out, "<div class=\"b-notes\">{notes}</div>");
        }
        let columns = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        // A row with text in its first cell only — a group's title, as
        // `政策評価の対象となっているもの` in the 調書 — spans the table, so
        // that its length does not widen the first column; total rows and
        // the rows of the 施策's budget tables keep their cells.
        let spans = |ri: usize, row: &crate::model::Row| {
            ri > 0 && columns >= 3 && !budget && !is_total(&compact(row.label())) && !row.label().trim().is_empty() && row.cells.iter().skip(1).all(|c| c.text.trim().is_empty())
        };
        // Cells do not wrap when the table fits the page without wrapping
        // (each line of the printed table is then one row, which a text
        // extraction reads back); otherwise short cells do not, and long
        // texts wrap.
        let sheet = self.r.kind == Some(DocKind::BudgetSheet);
        let fits = {
            let mut widths = vec![0.0f64; columns];
            for (ri, row) in t.rows.iter().enumerate() {
                if spans(ri, row) {
                    continue;
                }
                for (ci, cell) in row.cells.iter().enumerate() {
                    widths[ci] = widths[ci].max(text_em(&cell.text));
                }
            }
            let (font_mm, page_mm) = (if sheet { SHEET_TABLE_PT } else { BODY_PT } * 25.4 / 72.0, self.text_width_mm());
            widths.iter().map(|w| w * font_mm * 1.1 + CELL_PADDING_MM).sum::<f64>() <= page_mm
        };
        let class = if fits { format!("{class} fit") } else { class.to_string() };
        self.open("table", &class, at);
        for (ri, row) in t.rows.iter().enumerate() {
            let line = self.idx.line_of(row.span.start);
            let label = compact(row.label());
            let total = ri > 0 && is_total(&label);
            let tag = if ri == 0 { "th" } else { "td" };
            if ri == 0 {
                self.out.push_str("<thead>");
            } else if ri == 1 {
                self.out.push_str("<tbody>");
            }
            let _ = write!(self.out, "<tr data-line=\"{line}\"{}>", if total { " class=\"total\"" } else { "" });
            if spans(ri, row) {
                // The empty cells' text (spaces, a finding's mark) stays in the cell.
                let c: String = row.cells.iter().map(|cell| self.src(cell.span.clone())).collect();
                let _ = write!(self.out, "<td class=\"label group\" colspan=\"{columns}\">{c}</td></tr>");
                continue;
            }
            for (ci, cell) in row.cells.iter().enumerate() {
                let numeric = ri > 0 && ci > 0 && is_amount(&cell.text);
                let short = !fits && text_em(&cell.text) <= SHORT_EM;
                let c = self.src(cell.span.clone());
                let mut classes: Vec<&str> = Vec::new();
                if ri > 0 && ci == 0 {
                    classes.push("label");
                } else if numeric {
                    classes.push("num");
                }
                if short {
                    classes.push("nw");
                }
                let cls = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) };
                let _ = write!(self.out, "<{tag}{cls}>{c}</{tag}>");
            }
            self.out.push_str("</tr>");
            if ri == 0 {
                self.out.push_str("</thead>");
            }
        }
        if t.rows.len() > 1 {
            self.out.push_str("</tbody>");
        }
        self.out.push_str("</table>");
        // Past the table's last line.
        let mut i = at;
        while i < self.lines.len() && self.lines[i].start < t.span.end {
            i += 1;
        }
        i.max(at + 1)
    }

    /// The width of the text column in print (mm): A4 less the margins,
    /// less the review copy's margin for the notes.
    fn text_width_mm(&self) -> f64 {
        let page = match self.r.kind {
            Some(DocKind::Plan) | Some(DocKind::BudgetSheet) => 273.0,
            _ => 186.0,
        };
        if self.opts.annotate {
            page - 60.0
        } else {
            page
        }
    }

    /// Consecutive prose lines: one paragraph each, in one block.
    fn prose(&mut self, at: usize) -> usize {
        let mut last = at;
        while last + 1 < self.lines.len() && self.line_kind(last + 1) == Kind::Prose {
            last += 1;
        }
        self.open("div", "prose", at);
        let notes = self.notes(self.lines[at].start..self.lines[last].end);
        self.out.push_str(&notes);
        let mut i = at;
        while i <= last {
            let range = self.lines[i].clone();
            let line = &self.text[range.clone()];
            let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
            let body = self.src(range.start + lead..range.end);
            let _ = write!(self.out, "<p data-line=\"{i}\">{body}</p>");
            i += 1;
        }
        self.out.push_str("</div>");
        i
    }

    fn finish(mut self) -> String {
        let lang = self.opts.lang;
        let kind = self.r.kind;
        let orientation = match kind {
            Some(DocKind::Plan) | Some(DocKind::BudgetSheet) => "landscape",
            _ => "portrait",
        };
        let mut end = String::new();
        if self.opts.annotate {
            // Findings not placed in a block (in comments, past the end).
            let rest = self.notes(0..self.text.len() + 1);
            let _ = write!(end, "<section class=\"findings\"><h2>{}</h2>", escape(&self.t(Msg::RenderFindings { count: self.diags.len() })));
            if self.diags.is_empty() {
                let _ = write!(end, "<p>{}</p>", escape(&self.t(Msg::RenderNoFindings)));
            }
            end.push_str("<ol>");
            for (i, d) in self.diags.iter().enumerate() {
                let line = self.idx.line_of(d.span.start) + 1;
                let _ = write!(
                    end,
                    "<li class=\"f-{}\" value=\"{}\"><a href=\"#f{}\">{}</a> <span class=\"code\">{}</span> {} <span class=\"sev\">{}</span> {}</li>",
                    severity_class(d.severity),
                    i + 1,
                    i + 1,
                    escape(&Msg::RenderLine { line }.text(lang)),
                    d.check.code,
                    d.check.name,
                    escape(&Msg::CliSeverity(d.severity).text(lang)),
                    message_html(&d.message.text(lang))
                );
            }
            end.push_str("</ol>");
            if !rest.is_empty() {
                end.push_str(&rest);
            }
            end.push_str("</section>");
        }
        let title = escape(&title(self.r));
        let kind_class = match kind {
            Some(DocKind::Evaluation) => "evaluation",
            Some(DocKind::Plan) => "plan",
            Some(DocKind::BudgetSheet) => "sheet",
            None => "unknown",
        };
        let mut page = String::with_capacity(self.out.len() + 8192);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"hyoka {}\">\n<title>{title}</title>\n<style>\n{}</style>\n</head>\n<body class=\"{kind_class}{}\">\n<main class=\"sheet\">\n",
            env!("CARGO_PKG_VERSION"),
            style::css(orientation),
            if self.opts.annotate { " annotated" } else { "" }
        );
        page.push_str(&std::mem::take(&mut self.out));
        page.push_str(&end);
        page.push_str("\n</main>\n");
        if let Some(s) = &self.opts.script {
            page.push_str(s);
            page.push('\n');
        }
        page.push_str("</body>\n</html>\n");
        page
    }
}

/// The cells of a row line as written (for rows outside the model's tables).
fn split_cells(text: &str, line: Span) -> Vec<Span> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if matches!(c, '|' | '｜') {
            if let Some(st) = start {
                let cell = &s[st..i];
                let lead = cell.len() - cell.trim_start().len();
                let trail = cell.len() - cell.trim_end().len();
                out.push(line.start + st + lead..line.start + i - trail);
            }
            start = Some(i + c.len_utf8());
        }
    }
    if let Some(st) = start {
        let cell = s[st..].trim();
        if !cell.is_empty() {
            let lead = s[st..].len() - s[st..].trim_start().len();
            out.push(line.start + st + lead..line.start + st + lead + cell.len());
        }
    }
    out
}

/// The body text's size (pt), and the 調書's tables' (a dense form, as
/// printed by the ministries).
const BODY_PT: f64 = 10.5;
const SHEET_TABLE_PT: f64 = 9.0;
/// A cell's padding and borders (mm), as in the style sheet.
const CELL_PADDING_MM: f64 = 3.6;
/// Cells up to this width (em) never wrap.
const SHORT_EM: f64 = 8.0;

/// The width of a text in em, generously (fonts differ): ideographs and
/// kana 1, Latin capitals .8, other half-width characters .6.
fn text_em(s: &str) -> f64 {
    s.trim()
        .chars()
        .map(|c| match c {
            'A'..='Z' => 0.8,
            c if c.is_ascii() || ('\u{ff61}'..='\u{ff9f}').contains(&c) || c == '･' => 0.6,
            _ => 1.0,
        })
        .sum()
}

/// A total or formula row: `合計(a＋b＋c)`, `小計`, `計(千円)`, `総計`.
fn is_total(label: &str) -> bool {
    label.starts_with("合計") || label.starts_with("小計") || label.starts_with("総計") || label == "計" || label.starts_with("計(") || label.starts_with("計（")
}

/// A cell that reads as a figure: digits with separators, △, parentheses,
/// a unit or a series label; right-aligned as the forms print them.
/// `－` alone (none) counts too; an ID such as `1-2` does not.
fn is_amount(text: &str) -> bool {
    let t = crate::normalize::fold(text);
    let t = t.trim();
    if matches!(t, "－" | "-" | "―" | "‐" | "ー") {
        return true;
    }
    let body = t.strip_prefix(['-', '－', '△', '▲']).unwrap_or(t);
    !body.is_empty()
        && body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || " ,.()%+~～人件回円千百万億①②③④⑤⑥⑦⑧⑨⑩".contains(c))
}
