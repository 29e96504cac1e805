//! From extracted text to lines the forms can be read from: physical lines,
//! page furniture, and logical lines (a paragraph or a table cell whose
//! text the extraction wrapped over several lines).

use crate::normalize::fold_char;

/// One line of the input as extracted.
#[derive(Clone, Debug)]
pub(crate) struct Phys<'a> {
    /// The line without its line ending, form feeds and other control
    /// characters (a tab reads as a space).
    pub text: std::borrow::Cow<'a, str>,
    /// The line ends in whitespace: in text extracted from a word processor's
    /// PDF, the end of a paragraph or cell rather than a wrap.
    pub hard_end: bool,
    /// A page starts here (a form feed before the line).
    pub page_start: bool,
}

impl Phys<'_> {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Empty or spaces only.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Splits the input into physical lines.
pub(crate) fn physical(text: &str) -> Vec<Phys<'_>> {
    let mut out = Vec::new();
    let mut pending_page = true;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let page_start = pending_page || raw.starts_with('\u{c}');
        pending_page = raw.ends_with('\u{c}');
        let t = raw.trim_matches('\u{c}');
        let t: std::borrow::Cow<str> = if t.contains(char::is_control) {
            t.chars().filter_map(|c| if c == '\t' { Some(' ') } else if c.is_control() { None } else { Some(c) }).collect::<String>().into()
        } else {
            t.into()
        };
        let hard_end = t.ends_with(|c: char| c.is_whitespace());
        out.push(Phys { text: t, hard_end, page_start });
    }
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

/// A line that is a page number: `168`, `- 3 -`, `－３－`, `3 / 37`, `3頁`.
fn page_number_form(s: &str) -> Option<bool> {
    let t: String = s.chars().map(fold_char).collect::<String>();
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 12 {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    // A bare page number is printed in ASCII digits; `１` alone is a cell.
    if digits(s.trim()) {
        return Some(false);
    }
    if let Some((a, b)) = t.split_once('/') {
        if digits(a.trim()) && digits(b.trim()) {
            return Some(true);
        }
    }
    if let Some(inner) = t.strip_prefix('-').and_then(|r| r.strip_suffix('-')) {
        if digits(inner.trim()) {
            return Some(true);
        }
    }
    for suffix in ["頁", "ページ"] {
        if let Some(n) = t.strip_suffix(suffix) {
            if digits(n.trim()) {
                return Some(true);
            }
        }
    }
    None
}

fn is_bare_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://")) && !s.contains(char::is_whitespace)
}

/// The indices of the lines that are page furniture: page numbers, and the
/// lists of link targets some extractors print after a page's text (a run
/// of bare addresses, each also written in the text).
pub(crate) fn furniture(lines: &[Phys]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let marked = marks_line_ends(lines, 0..lines.len());
    let prev_nonempty = |i: usize| (0..i).rev().find(|&j| !lines[j].is_empty());
    let next_nonempty = |i: usize| (i + 1..lines.len()).find(|&j| !lines[j].is_empty());
    // Bare numbers where a page ends: page numbers if they count the pages
    // (number − page = the same for most), not a table's last cell.
    let mut page = 0i64;
    let mut at_page_end: Vec<(usize, i64)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.page_start && i > 0 {
            page += 1;
        }
        if page_number_form(&l.text) == Some(false) && next_nonempty(i).is_some_and(|j| lines[j].page_start) {
            let n: i64 = l.text.trim().parse().unwrap_or(-1);
            at_page_end.push((i, n - page));
        }
    }
    let shared = |off: i64| at_page_end.iter().filter(|c| c.1 == off).count() >= 2;
    let counts_pages = |i: usize| at_page_end.iter().any(|&(k, off)| k == i && (at_page_end.len() == 1 || shared(off)));
    for (i, l) in lines.iter().enumerate() {
        let Some(explicit) = page_number_form(&l.text) else { continue };
        if explicit {
            out[i] = true;
            continue;
        }
        // A bare number is a page number when a page ends after it, when it
        // interrupts a paragraph (the line before it is wrapped), or when it
        // stands alone between the blank lines that end a page.
        let page_follows = counts_pages(i);
        let interrupts = marked && prev_nonempty(i).is_some_and(|j| !lines[j].hard_end && !lines[j].is_blank());
        let blanks_before = i >= 2 && lines[i - 1].is_empty() && lines[i - 2].is_empty();
        let spaced_after = next_nonempty(i).is_some_and(|j| lines[j].is_blank() && j <= i + 2);
        if page_follows || interrupts || (blanks_before && spaced_after) {
            out[i] = true;
            // The lines of spaces that close the page go with it.
            let mut j = i + 1;
            while j < lines.len() && lines[j].is_blank() {
                if !lines[j].is_empty() {
                    out[j] = true;
                }
                j += 1;
            }
        }
    }
    // Runs of bare addresses without a line-end space.
    let mut i = 0;
    while i < lines.len() {
        if is_bare_url(&lines[i].text) && !lines[i].hard_end {
            let start = i;
            while i < lines.len() && is_bare_url(&lines[i].text) && !lines[i].hard_end {
                i += 1;
            }
            let all_elsewhere = (start..i).all(|k| {
                let url = &lines[k].text;
                lines.iter().enumerate().any(|(j, l)| !(start..i).contains(&j) && l.text.contains(url.as_ref()))
            });
            if all_elsewhere {
                for f in &mut out[start..i] {
                    *f = true;
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A logical line: a paragraph or cell the extraction may have wrapped.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub text: String,
}

impl Line {
    pub fn new(text: impl Into<String>) -> Line {
        Line { text: text.into() }
    }
}

/// Whether the extraction marked the ends of paragraphs with a trailing
/// space (text from a word processor's PDF): then a line without one wraps.
pub(crate) fn marks_line_ends(lines: &[Phys], range: std::ops::Range<usize>) -> bool {
    let nonempty: Vec<&Phys> = lines[range].iter().filter(|l| !l.is_blank()).collect();
    let hard = nonempty.iter().filter(|l| l.hard_end).count();
    !nonempty.is_empty() && hard * 5 >= nonempty.len()
}

/// Joins wrapped lines. With `marked` ends, a line without a trailing
/// space continues on the next non-empty line, and a line of spaces ends
/// a paragraph; without, every non-empty line stands alone and
/// [`reflow`] joins prose later.
pub(crate) fn logical(lines: &[Phys], range: std::ops::Range<usize>, dropped: &[bool], marked: bool) -> Vec<Line> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<Line>| {
        let t = cur.trim();
        if !t.is_empty() {
            out.push(Line::new(t));
        }
        cur.clear();
    };
    for i in range {
        if dropped[i] {
            continue;
        }
        let l = &lines[i];
        if l.is_empty() {
            continue;
        }
        if l.is_blank() {
            flush(&mut cur, &mut out);
            continue;
        }
        if !marked {
            flush(&mut cur, &mut out);
            out.push(Line::new(l.text.trim()));
            continue;
        }
        cur.push_str(l.text.trim_start());
        if l.hard_end {
            flush(&mut cur, &mut out);
        } else {
            // Keep the text as it ends; the next piece follows directly.
            let t = cur.trim_end().len();
            cur.truncate(t);
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Joins the prose lines of text that has no paragraph marks: a line that
/// fills the width of the page and does not end a sentence continues on
/// the next line, unless that line starts a block (`starts_block`: a
/// heading, a label, a list item, a row) or the line is complete in itself
/// (`complete`: a heading of the form whose brackets are closed).
pub(crate) fn reflow(lines: Vec<Line>, starts_block: impl Fn(&str) -> bool, complete: impl Fn(&str) -> bool) -> Vec<Line> {
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let mut widths: Vec<usize> = lines.iter().map(|l| width(&l.text)).collect();
    widths.sort_unstable();
    // The width of a full line: a high percentile of the line widths.
    let full = widths.get(widths.len().saturating_sub(1) * 9 / 10).copied().unwrap_or(0);
    if full < 40 {
        return lines;
    }
    let mut out: Vec<Line> = Vec::new();
    let mut open = false;
    for l in lines {
        if open && !starts_block(&l.text) {
            let last = out.last_mut().expect("an open paragraph");
            last.text.push_str(&l.text);
        } else {
            out.push(l.clone());
        }
        // A row that ends in a rating (`…割   b`) is not a wrapped sentence.
        let rated = l.text.rsplit_once(char::is_whitespace).is_some_and(|(_, last)| super::text::rating_letter(last));
        let ends = l.text.ends_with(['。', '．', '】']) || rated;
        open = !ends && width(&l.text) >= full * 80 / 100 && !complete(&l.text);
    }
    out
}
