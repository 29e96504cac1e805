//! Formatting: aligns table columns (East Asian wide characters count as two
//! cells), normalises the spacing of headings, attributes and table rows, and
//! never touches prose or comments. Idempotent; edits are per line and change
//! whitespace only, except for adding a missing closing bar to a row.
//!
//! Also home of two small helpers the other features share: [`display_width`]
//! and the line classifier [`lines`].

use crate::model::{Report, SectionKind, Span};

/// A replacement of `span` (bytes of the original text) by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// Terminal / editor columns of a string: East Asian wide and full-width
/// characters (and circled numbers) take two, a tab four, the rest one.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF |
        0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 |
        0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
        || (0x2460..=0x24FF).contains(&u);
    if c == '\t' {
        4
    } else if wide {
        2
    } else {
        1
    }
}

/// What a line is, decided by its first character after optional spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Heading,
    Attribute,
    Row,
    Comment,
    Prose,
}

/// One line of the text: its span without the line ending (`\n` or `\r\n`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub span: Span,
    pub kind: LineKind,
}

/// Spaces the grammar skips between tokens.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{FEFF}' | '\r')
}

/// The lines of `text`, classified as the grammar classifies them.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = text[start..].find('\n').map(|i| start + i).unwrap_or(text.len());
        let content_end = if text[start..end].ends_with('\r') { end - 1 } else { end };
        let content = &text[start..content_end];
        let t = content.trim_start_matches(is_space);
        let kind = match t.chars().next() {
            None => LineKind::Blank,
            Some('#' | '＃') => LineKind::Heading,
            Some('@' | '＠') => LineKind::Attribute,
            Some('|' | '｜') => LineKind::Row,
            Some(_) if t.starts_with("//") || t.starts_with("／／") => LineKind::Comment,
            Some(_) if t.trim_end_matches(is_space).is_empty() => LineKind::Blank,
            Some(_) => LineKind::Prose,
        };
        out.push(Line { span: start..content_end, kind });
        if end == text.len() {
            break;
        }
        start = end + 1;
        if start == text.len() {
            break;
        }
    }
    out
}

/// The edits that format `text` (whose analysis is `r`), or only the lines
/// intersecting `range` (a table is formatted whole when any of its rows is).
pub fn format(text: &str, r: &Report, range: Option<Span>) -> Vec<Edit> {
    let lines = lines(text);
    let in_range = |span: &Span| match &range {
        None => true,
        Some(rg) if rg.is_empty() => span.start <= rg.start && rg.start <= span.end,
        Some(rg) => span.start < rg.end && rg.start <= span.end,
    };
    let mut new_lines: Vec<(usize, String)> = Vec::new();
    // Tables.
    for t in &r.tables {
        let rows: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.kind == LineKind::Row && l.span.start >= t.span.start && l.span.end <= t.span.end)
            .map(|(i, _)| i)
            .collect();
        if rows.is_empty() || !rows.iter().any(|&i| in_range(&lines[i].span)) {
            continue;
        }
        let texts: Vec<&str> = rows.iter().map(|&i| &text[lines[i].span.clone()]).collect();
        for (i, new) in rows.iter().zip(align_rows(&texts)) {
            new_lines.push((*i, new));
        }
    }
    for (i, line) in lines.iter().enumerate() {
        if !in_range(&line.span) {
            continue;
        }
        let new = match line.kind {
            LineKind::Heading => heading_line(text, r, &line.span),
            LineKind::Attribute => attribute_line(text, r, &line.span),
            _ => None,
        };
        if let Some(new) = new {
            new_lines.push((i, new));
        }
    }
    new_lines.sort_by_key(|(i, _)| *i);
    new_lines.dedup_by_key(|(i, _)| *i);
    new_lines.into_iter().filter_map(|(i, new)| minimal_edit(text, &lines[i].span, &new)).collect()
}

/// The one edit turning `text[span]` into `new`, trimmed to where they differ.
fn minimal_edit(text: &str, span: &Span, new: &str) -> Option<Edit> {
    let old = &text[span.clone()];
    if old == new {
        return None;
    }
    let prefix: usize = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let (o, n) = (&old[prefix..], &new[prefix..]);
    let suffix: usize = o.chars().rev().zip(n.chars().rev()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    Some(Edit { span: span.start + prefix..span.end - suffix, new_text: n[..n.len() - suffix].to_string() })
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
}

/// `## 個別分野 1 title`: one space after the marker, one between label and
/// title, one before an indicator's main mark; no space around the line.
fn heading_line(text: &str, r: &Report, line: &Span) -> Option<String> {
    let content = &text[line.clone()];
    let t = trim(content);
    let start = line.start + (content.len() - content.trim_start_matches(is_space).len());
    let marker_len: usize = t.chars().take_while(|c| matches!(c, '#' | '＃')).map(char::len_utf8).sum();
    let marker = &t[..marker_len];
    let rest = trim(&t[marker_len..]);
    let rest_start = start + marker_len + (t[marker_len..].len() - t[marker_len..].trim_start_matches(is_space).len());
    let plain = || if rest.is_empty() { marker.to_string() } else { format!("{marker} {rest}") };
    let Some(section) = r.sections.iter().find(|s| s.heading_span.start == start) else { return Some(plain()) };
    if section.kind == SectionKind::Plain {
        return Some(plain());
    }
    let label = &section.name_span;
    if label.start != rest_start || label.end > line.end || label.is_empty() {
        return Some(plain());
    }
    let mut after = trim(&text[label.end..line.end]).to_string();
    if let SectionKind::Indicator(i) = section.kind {
        if r.indicators[i].main {
            if let Some(mark) = after.chars().last().filter(|c| matches!(c, '＊' | '*')) {
                let title = trim(&after[..after.len() - mark.len_utf8()]);
                after = if title.is_empty() { mark.to_string() } else { format!("{title} {mark}") };
            }
        }
    }
    let label = &text[label.clone()];
    Some(if after.is_empty() { format!("{marker} {label}") } else { format!("{marker} {label} {after}") })
}

/// `@key: value`: no space after the marker or before the separator (kept as
/// written, `:` or `：`), one after it.
fn attribute_line(text: &str, r: &Report, line: &Span) -> Option<String> {
    let content = &text[line.clone()];
    let t = trim(content);
    let start = line.start + (content.len() - content.trim_start_matches(is_space).len());
    let fallback = Some(t.to_string());
    let Some(a) = r.attributes.iter().find(|a| a.span.start == start) else { return fallback };
    let marker = t.chars().next()?;
    let key = &a.key_span;
    let gap = |from: usize, to: usize| from <= to && to <= line.end && trim(&text[from..to]).is_empty();
    if key.end > line.end || !gap(start + marker.len_utf8(), key.start) {
        return fallback;
    }
    let after_key = &text[key.end..line.end];
    let sep_off = after_key.find([':', '：']);
    let Some(sep_off) = sep_off.filter(|&o| trim(&after_key[..o]).is_empty()) else {
        // No separator: the key alone.
        return if trim(after_key).is_empty() { Some(format!("{marker}{}", &text[key.clone()])) } else { fallback };
    };
    let sep = after_key[sep_off..].chars().next()?;
    let sep_end = key.end + sep_off + sep.len_utf8();
    let key_text = &text[key.clone()];
    match &a.value {
        Some(v) if gap(sep_end, v.span.start) && gap(v.span.end, line.end) => Some(format!("{marker}{key_text}{sep} {}", v.text)),
        None if gap(sep_end, line.end) => Some(format!("{marker}{key_text}{sep}")),
        _ => fallback,
    }
}

/// A row split into its bars and the cells between them.
struct ParsedRow<'a> {
    bars: Vec<char>,
    cells: Vec<&'a str>,
}

fn parse_row(line: &str) -> ParsedRow<'_> {
    let t = trim(line);
    let mut bars = Vec::new();
    let mut pieces = Vec::new();
    let mut last = 0;
    for (i, c) in t.char_indices() {
        if c == '|' || c == '｜' {
            pieces.push(&t[last..i]);
            bars.push(c);
            last = i + c.len_utf8();
        }
    }
    let tail = &t[last..];
    let mut cells: Vec<&str> = pieces.into_iter().skip(1).map(trim).collect();
    if !trim(tail).is_empty() {
        cells.push(trim(tail));
    } else if bars.len() == 1 {
        // `|` alone: a row without cells.
        return ParsedRow { bars, cells: Vec::new() };
    }
    if bars.len() == cells.len() {
        // The missing closing bar, in the row's style.
        bars.push(bars.last().copied().unwrap_or('|'));
    }
    ParsedRow { bars, cells }
}

/// The aligned text of each row of one table.
fn align_rows(rows: &[&str]) -> Vec<String> {
    let parsed: Vec<ParsedRow> = rows.iter().map(|r| parse_row(r)).collect();
    let ncols = parsed.iter().map(|p| p.cells.len()).max().unwrap_or(0);
    // starts[k]: where cell k's text starts; bars_at[k]: where bar k starts.
    let mut bars_at = vec![0usize; ncols + 1];
    let mut starts = vec![0usize; ncols];
    for k in 0..ncols {
        let having: Vec<&ParsedRow> = parsed.iter().filter(|p| p.cells.len() > k).collect();
        let bar_w = having.iter().map(|p| char_width(p.bars[k])).max().unwrap_or(1);
        starts[k] = bars_at[k] + bar_w + 1;
        let w = having.iter().map(|p| display_width(p.cells[k])).max().unwrap_or(0);
        bars_at[k + 1] = starts[k] + w + usize::from(w > 0);
    }
    parsed
        .iter()
        .map(|p| {
            if p.cells.is_empty() {
                return p.bars.iter().collect();
            }
            let mut s = String::new();
            for (k, cell) in p.cells.iter().enumerate() {
                s.push(p.bars[k]);
                s.push_str(&" ".repeat(starts[k] - bars_at[k] - char_width(p.bars[k])));
                s.push_str(cell);
                s.push_str(&" ".repeat(bars_at[k + 1] - starts[k] - display_width(cell)));
            }
            s.push(p.bars[p.cells.len()]);
            s
        })
        .collect()
}

/// Applies non-overlapping edits (for tests and callers that want the text).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::config::Config;

    pub(crate) fn fmt(text: &str, range: Option<Span>) -> (Vec<Edit>, String) {
        let a = analyze(text, &Config::default());
        let edits = format(text, &a.report, range);
        let out = apply(text, &edits);
        (edits, out)
    }

    #[test]
    fn widths() {
        assert_eq!(display_width("令和2年度"), 9);
        assert_eq!(display_width("①85%"), 5);
        assert_eq!(display_width("ａ"), 2);
    }

    #[test]
    fn classifies_lines() {
        let kinds: Vec<LineKind> = lines("# a\r\n@k: v\n| x |\n// c\n\n　\nprose\n\\# p").into_iter().map(|l| l.kind).collect();
        use LineKind::*;
        assert_eq!(kinds, vec![Heading, Attribute, Row, Comment, Blank, Blank, Prose, Prose]);
        assert_eq!(lines("a\r\nb")[0].span, 0..1);
    }

    #[test]
    fn headings() {
        let (_, out) = fmt("##   施策目標  \n###測定指標1-1   共通の進展   ＊\n#  政策評価書 Ⅰ-2  北米\n####\n", None);
        assert_eq!(out, "## 施策目標\n### 測定指標1-1 共通の進展 ＊\n# 政策評価書 Ⅰ-2 北米\n####\n");
        let (_, out) = fmt("### 測定指標 1-1 共通の進展＊\n### 参考指標：米国\n### 達成手段\n", None);
        assert_eq!(out, "### 測定指標 1-1 共通の進展 ＊\n### 参考指標： 米国\n### 達成手段\n");
    }

    #[test]
    fn attributes() {
        let (_, out) = fmt("# 政策評価書 Ⅰ-2 北米\n@年度：令和5年度\n@ 単位 :   %  \n@担当部局名:\n@出典\n", None);
        assert_eq!(out, "# 政策評価書 Ⅰ-2 北米\n@年度： 令和5年度\n@単位: %\n@担当部局名:\n@出典\n");
    }

    #[test]
    fn aligns_tables_with_wide_characters() {
        let text = "| 区分 | 令和2年度 | R3 |\n|当初予算(a)|652|5\n| 合計(a＋b＋c) | 1,836 | |\n";
        let (_, out) = fmt(text, None);
        assert_eq!(
            out,
            "| 区分          | 令和2年度 | R3 |\n| 当初予算(a)   | 652       | 5  |\n| 合計(a＋b＋c) | 1,836     |    |\n"
        );
        // Full-width bars keep their place; columns still line up on screen.
        let (_, out) = fmt("｜ａ｜b\n| cc | d |\n", None);
        assert_eq!(out, "｜ ａ ｜ b ｜\n|  cc |  d |\n");
        // An all-empty column and a row of one bar.
        let (_, out) = fmt("| a ||\n|\n", None);
        assert_eq!(out, "| a | |\n|\n");
    }

    #[test]
    fn prose_and_comments_untouched_and_edits_minimal() {
        let text = "## 施策目標\n  地域間の　交流  \n//  注記  \n| a  | b |\n";
        let (edits, out) = fmt(text, None);
        assert_eq!(out, "## 施策目標\n  地域間の　交流  \n//  注記  \n| a | b |\n");
        let at = text.find("a  |").unwrap() + 2;
        assert_eq!(edits, vec![Edit { span: at..at + 1, new_text: String::new() }]);
    }

    #[test]
    fn range_formatting() {
        let text = "##  A\n##  B\n| a | b |\n| ccc | d |\n\n| x  |\n";
        let b_line = 6..11;
        let (_, out) = fmt(text, Some(b_line));
        assert_eq!(out, "##  A\n## B\n| a | b |\n| ccc | d |\n\n| x  |\n");
        // A cursor in the table's second row formats the whole table only.
        let (_, out) = fmt(text, Some(25..25));
        assert_eq!(out, "##  A\n##  B\n| a   | b |\n| ccc | d |\n\n| x  |\n");
        // A range ending at the start of a line does not include that line.
        let (_, out) = fmt(text, Some(0..6));
        assert_eq!(out, "## A\n##  B\n| a | b |\n| ccc | d |\n\n| x  |\n");
    }

    #[test]
    fn crlf_and_comment_inside_table() {
        let (_, out) = fmt("| a |b\r\n| long | x |\r\n//  c |\r\n", None);
        assert_eq!(out, "| a    | b |\r\n| long | x |\r\n//  c |\r\n");
    }

    fn strip_ws(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace() && *c != '\u{FEFF}').collect()
    }

    pub(crate) fn corpus() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for p in ["examples/tutorial.hyoka", "examples/mofa-I-2/evaluation.hyoka", "examples/mofa-I-2/plan.hyoka", "examples/mofa-I-2/budget-sheet.hyoka"] {
            out.push((p.to_string(), std::fs::read_to_string(root.join(p)).unwrap()));
        }
        let doc = std::fs::read_to_string(root.join("docs/format.md")).unwrap();
        let mut n = 0;
        for p in doc.split("```hyoka\n").skip(1) {
            let block = p.split("```").next().unwrap();
            // Blocks inside a list are indented: remove the common indentation.
            let indent = block.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
            let block: String =
                block.lines().filter(|l| !l.trim().is_empty()).map(|l| format!("{}\n", &l[indent..])).collect();
            n += 1;
            out.push((format!("docs/format.md block {n}"), block));
        }
        assert!(n >= 10, "docs blocks found: {n}");
        out
    }

    #[test]
    fn idempotent_and_content_preserving_on_examples_and_docs() {
        let config = Config::default();
        for (name, text) in corpus() {
            let (edits, once) = fmt(&text, None);
            let (again, _) = fmt(&once, None);
            assert!(again.is_empty(), "{name}: second pass edits {again:?}");
            for e in &edits {
                assert!(!text[e.span.clone()].contains('\n'), "{name}: multi-line edit {e:?}");
            }
            // Only whitespace and closing bars change, line by line.
            assert_eq!(text.lines().count(), once.lines().count(), "{name}");
            for (a, b) in text.lines().zip(once.lines()) {
                let (a, b) = (strip_ws(a), strip_ws(b));
                assert!(a == b || format!("{a}|") == b, "{name}: {a} → {b}");
            }
            // The analysis does not change.
            let d1: Vec<String> = analyze(&text, &config).diagnostics.iter().map(|d| format!("{} {}", d.check.code, d.message.en())).collect();
            let d2: Vec<String> = analyze(&once, &config).diagnostics.iter().map(|d| format!("{} {}", d.check.code, d.message.en())).collect();
            assert_eq!(d1, d2, "{name}");
        }
    }
}

/// Edits writing full-width digits (and the full-width dash between them)
/// half-width on the structural lines (headings, attributes, table rows) that
/// intersect `range`; prose and comments keep the author's characters.
pub fn half_width_digits(text: &str, range: Span) -> Vec<Edit> {
    let mut out = Vec::new();
    for line in lines(text) {
        if !matches!(line.kind, LineKind::Heading | LineKind::Attribute | LineKind::Row) {
            continue;
        }
        if line.span.end < range.start || line.span.start > range.end {
            continue;
        }
        let s = &text[line.span.clone()];
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let is_digit = |c: char| ('０'..='９').contains(&c) || c.is_ascii_digit();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let dash_between_digits = matches!(c, '－' | '，' | '．')
                && k > 0
                && is_digit(chars[k - 1].1)
                && chars.get(k + 1).is_some_and(|n| is_digit(n.1));
            if ('０'..='９').contains(&c) || dash_between_digits {
                let start = line.span.start + i;
                out.push(Edit { span: start..start + c.len_utf8(), new_text: crate::normalize::fold_char(c).to_string() });
            }
        }
    }
    out
}

#[cfg(test)]
mod half_width_tests {
    use super::*;

    #[test]
    fn digits_of_structural_lines_only() {
        let text = "### 測定指標 １－２ 指標\n本文の１－２はそのまま。\n| 令和４年度 | １，８３６ |\n";
        let edits = half_width_digits(text, 0..text.len());
        let out = apply(text, &edits);
        assert_eq!(out, "### 測定指標 1-2 指標\n本文の１－２はそのまま。\n| 令和4年度 | 1,836 |\n");
        // Only the lines in range.
        let second = text.find("| 令和").unwrap();
        assert_eq!(half_width_digits(text, second..second).len(), 6);
    }
}
