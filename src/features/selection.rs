//! Selection ranges: for an offset, the enclosing spans from the innermost
//! (a word) to the document: word → cell, key, value, label, title, citation
//! or URL → line → table or paragraph → sections → document.

use super::format::{is_space, lines, LineKind};
use crate::model::{Report, Span};
use crate::normalize::fold_char;

/// The chain of spans enclosing `offset`, innermost first, each strictly
/// containing the previous one. Always ends with the whole document.
pub fn selection(text: &str, r: &Report, offset: usize) -> Vec<Span> {
    let offset = offset.min(text.len());
    let inside = |s: &Span| s.start <= offset && offset <= s.end;
    let mut cands: Vec<Span> = Vec::new();
    let ls = lines(text);
    let li = ls.iter().position(|l| inside(&l.span)).unwrap_or(ls.len().saturating_sub(1));
    if let Some(line) = ls.get(li) {
        if let Some(w) = word_at(text, &line.span, offset) {
            cands.push(w);
        }
        let content = &text[line.span.clone()];
        let start = line.span.start + (content.len() - content.trim_start_matches(is_space).len());
        let end = line.span.start + content.trim_end_matches(is_space).len();
        cands.push(start..end.max(start));
        cands.push(line.span.clone());
        // Paragraph: the run of prose lines around.
        if line.kind == LineKind::Prose {
            let mut a = li;
            while a > 0 && ls[a - 1].kind == LineKind::Prose {
                a -= 1;
            }
            let mut b = li;
            while b + 1 < ls.len() && ls[b + 1].kind == LineKind::Prose {
                b += 1;
            }
            cands.push(ls[a].span.start..ls[b].span.end);
        }
    }
    for t in &r.tables {
        if inside(&t.span) {
            cands.push(t.span.clone());
            for row in &t.rows {
                cands.extend(row.cells.iter().map(|c| c.span.clone()).filter(inside));
            }
        }
    }
    for a in &r.attributes {
        if inside(&a.span) {
            cands.push(a.key_span.clone());
            if let Some(v) = &a.value {
                cands.push(v.span.clone());
            }
        }
    }
    for s in &r.sections {
        if inside(&s.heading_span) {
            cands.push(s.name_span.clone());
        }
        cands.push(s.extent.clone());
    }
    cands.extend(r.citations.iter().map(|c| c.span.clone()));
    cands.extend(r.urls.iter().cloned());
    cands.push(0..text.len());
    cands.retain(|s| inside(s) && s.end <= text.len());
    cands.sort_by_key(|s| (s.len(), s.start));
    let mut out: Vec<Span> = Vec::new();
    for c in cands {
        match out.last() {
            Some(last) if !(c.start <= last.start && last.end <= c.end && c.len() > last.len()) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Kinds of characters that make up a word.
fn class(c: char) -> u8 {
    let f = fold_char(c);
    match f {
        _ if f.is_ascii_alphanumeric() || f == '_' => 1,
        '々' | '〆' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFD}' => 2,
        '\u{3041}'..='\u{309F}' => 3,
        '\u{30A0}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => 4,
        '①'..='⑳' | 'Ⅰ'..='Ⅻ' => 5,
        _ => 0,
    }
}

/// The run of same-class characters at (or just before) `offset`.
fn word_at(text: &str, line: &Span, offset: usize) -> Option<Span> {
    let s = &text[line.clone()];
    let rel = offset - line.start;
    let after = s[rel..].chars().next().filter(|c| class(*c) != 0);
    let before = s[..rel].chars().next_back().filter(|c| class(*c) != 0);
    let k = after.or(before).map(class)?;
    let start = rel - s[..rel].chars().rev().take_while(|c| class(*c) == k).map(char::len_utf8).sum::<usize>();
    let end = rel + s[rel..].chars().take_while(|c| class(*c) == k).map(char::len_utf8).sum::<usize>();
    (end > start).then(|| line.start + start..line.start + end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::config::Config;

    fn chain(text: &str, at: &str, nth_byte: usize) -> Vec<String> {
        let a = analyze(text, &Config::default());
        let off = text.find(at).unwrap() + nth_byte;
        let v = selection(text, &a.report, off);
        for w in v.windows(2) {
            assert!(w[1].start <= w[0].start && w[0].end <= w[1].end && w[1].len() > w[0].len());
        }
        v.into_iter().map(|s| text[s].to_string()).collect()
    }

    const DOC: &str = "# 政策評価書 Ⅰ-2 北米\n## 予算\n| 区分 | 令和2年度 |\n| 当初予算(a) | 652 |\n## 施策目標\n日米同盟を強化する。\n測定指標１－１を見よ。\n";

    #[test]
    fn from_a_cell_to_the_document() {
        let got = chain(DOC, "652", 1);
        let budget = "## 予算\n| 区分 | 令和2年度 |\n| 当初予算(a) | 652 |";
        assert_eq!(got, vec!["652", "| 当初予算(a) | 652 |", "| 区分 | 令和2年度 |\n| 当初予算(a) | 652 |", budget, DOC.trim_end(), DOC]);
        let got = chain(DOC, "予算(a)", 0);
        assert_eq!(got[..3], ["当初予算", "当初予算(a)", "| 当初予算(a) | 652 |"]);
    }

    #[test]
    fn prose_words_citations_and_headings() {
        let got = chain(DOC, "同盟", 3);
        assert_eq!(got[..3], ["日米同盟", "日米同盟を強化する。", "日米同盟を強化する。\n測定指標１－１を見よ。"]);
        let got = chain(DOC, "１－１", 0);
        assert_eq!(got[..3], ["１", "測定指標１－１", "測定指標１－１を見よ。"]);
        let got = chain(DOC, "北米", 0);
        assert_eq!(got[..3], ["北米", "# 政策評価書 Ⅰ-2 北米", DOC.trim_end()]);
        let got = chain(DOC, "評価書", 0);
        assert_eq!(got[..2], ["政策評価書", "政策評価書 Ⅰ-2"]);
    }
}
