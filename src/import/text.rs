//! Small readers of printed text: labels whose characters the extraction
//! spaced out, IDs, years, amounts and ratings.

use crate::normalize::{circled, compact, fold, fold_char, is_none_mark, parse_number, parse_year};

/// `s` without `label` at its start, comparing folded characters and
/// skipping whitespace in `s` (`拠 出 金 除く` reads as `拠出金除く`).
pub(crate) fn after_label<'a>(s: &'a str, label: &str) -> Option<&'a str> {
    let want: Vec<char> = compact(label).chars().collect();
    let mut k = 0;
    if want.is_empty() {
        return Some(s);
    }
    for (pos, c) in s.char_indices() {
        let f = fold_char(c);
        if f.is_whitespace() {
            continue;
        }
        if f != want[k] {
            return None;
        }
        k += 1;
        if k == want.len() {
            return Some(&s[pos + c.len_utf8()..]);
        }
    }
    None
}

/// Whether `s` is `label` followed by nothing or by whitespace and more.
pub(crate) fn label_then<'a>(s: &'a str, label: &str) -> Option<&'a str> {
    let rest = after_label(s, label)?;
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest.trim())
    } else {
        None
    }
}

/// Leading digits (full- or half-width) and the rest.
pub(crate) fn number_prefix(s: &str) -> Option<(u32, &str)> {
    let mut n: u32 = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let f = fold_char(c);
        if f.is_ascii_digit() {
            n = n.saturating_mul(10).saturating_add(f as u32 - '0' as u32);
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    (end > 0).then(|| (n, &s[end..]))
}

/// `１－１` / `1-1` at the start of `s`: field, number and the rest.
pub(crate) fn id_prefix(s: &str) -> Option<(u32, u32, &str)> {
    let (a, rest) = number_prefix(s)?;
    let c = rest.chars().next()?;
    if fold_char(c) != '-' && c != 'ー' {
        return None;
    }
    let (b, rest) = number_prefix(&rest[c.len_utf8()..])?;
    Some((a, b, rest))
}

/// A single fiscal year label: `令和２年度`, `令和元年度`, `2023年度`.
pub(crate) fn single_year(s: &str) -> bool {
    let c = compact(s);
    c.ends_with("年度") && !c.contains('・') && !c.contains('~') && !c.contains('～') && parse_year(&c).is_some() && c.chars().count() <= 8
}

/// The placeholder for a missing year: `--年度`, `－－年度`.
pub(crate) fn year_placeholder(s: &str) -> bool {
    let c = compact(s);
    c.ends_with("年度") && c.trim_end_matches("年度").chars().all(|ch| ch == '-') && c.len() > "年度".len()
}

/// A rating of an indicator as the forms print it: a letter alone (`a`,
/// `ｂ`, `S`; one off the scale, `e`, too, for the checker to report).
pub(crate) fn rating_letter(s: &str) -> bool {
    let f = fold(s.trim());
    let mut cs = f.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic()) && cs.next().is_none()
}

/// A cell value of a table: a number (with unit, parentheses), a none
/// mark, or a value of a labelled series.
pub(crate) fn value_like(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    if is_none_mark(t) || parse_number(t).is_some() {
        return true;
    }
    let f = fold(t);
    if let Some(inner) = f.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return parse_number(inner).is_some() || is_none_mark(inner);
    }
    let first = t.chars().next().unwrap_or(' ');
    if circled(first).is_some() {
        let rest = t[first.len_utf8()..].trim();
        return rest.is_empty() || parse_number(rest).is_some() || is_none_mark(rest);
    }
    false
}

/// A unit written apart from its number: `380,000 人`.
pub(crate) fn unit_word(s: &str) -> bool {
    matches!(fold(s).as_str(), "%" | "人" | "件" | "回" | "名" | "社" | "円" | "千円" | "百万円" | "億円" | "か国" | "カ国" | "国" | "日" | "本")
}

/// The five ratings of a measure, common to every ministry.
pub(crate) const MEASURE_LABELS: [&str; 5] = ["目標超過達成", "目標達成", "相当程度進展あり", "進展が大きくない", "目標に向かっていない"];

/// The whitespace-separated words of a line, with a unit written apart
/// joined to its number, a lone series mark to its value and a lone era
/// to its year (`令和 ４年度`).
pub(crate) fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        if let Some(last) = out.last_mut() {
            let lone_mark = last.chars().count() == 1 && last.chars().next().and_then(circled).is_some();
            let lone_era = matches!(last.as_str(), "令和" | "平成");
            if lone_mark || (lone_era && w.contains("年度")) {
                last.push(' ');
                last.push_str(w);
                continue;
            }
            if unit_word(w) && parse_number(last).is_some() {
                last.push(' ');
                last.push_str(w);
                continue;
            }
        }
        out.push(w.to_string());
    }
    out
}

/// The circled number a value starts with.
pub(crate) fn series_label(s: &str) -> Option<u32> {
    s.trim().chars().next().and_then(circled)
}

/// A 施策 ID as printed: `Ⅰ-２`, `I-2`, `4-1-2`.
pub(crate) fn id_like(s: &str) -> bool {
    let c = compact(s);
    !c.is_empty()
        && c.chars().any(|ch| ch.is_ascii_digit() || ('Ⅰ'..='Ⅻ').contains(&ch))
        && c.chars().all(|ch| ('Ⅰ'..='Ⅻ').contains(&ch) || "IVX-".contains(ch) || ch.is_ascii_digit())
}

/// The words before the first label, and each label with its value.
pub(crate) type Labelled = (Vec<String>, Vec<(String, String)>);

/// A line of labels and their values, `年度 令和5年度 施策名 北米地域外交`.
pub(crate) fn label_values(t: &str, labels: &[&str]) -> Option<Labelled> {
    let mut before = Vec::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for w in t.split_whitespace() {
        if let Some(l) = labels.iter().find(|l| compact(l) == compact(w)) {
            pairs.push((l.to_string(), String::new()));
        } else if let Some(last) = pairs.last_mut() {
            if !last.1.is_empty() {
                last.1.push(' ');
            }
            last.1.push_str(w);
        } else {
            before.push(w.to_string());
        }
    }
    (!pairs.is_empty()).then_some((before, pairs))
}

/// Whether a line reads as a sentence rather than a label or a cell.
pub(crate) fn sentence_like(s: &str) -> bool {
    s.contains('。') || s.chars().filter(|c| !c.is_whitespace()).count() > 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers() {
        assert_eq!(after_label("施策の予算額・執行額等（分担金・拠 出 金 除く）", "施策の予算額・執行額等"), Some("（分担金・拠 出 金 除く）"));
        assert_eq!(label_then("担当部局名 北米局", "担当部局名"), Some("北米局"));
        assert_eq!(label_then("担当部局名北米局", "担当部局名"), None);
        assert_eq!(id_prefix("１－１ 共通"), Some((1, 1, " 共通")));
        assert!(single_year("令和２年度"));
        assert!(!single_year("令和２・３・４年度目標の達成状況"));
        assert!(year_placeholder("--年度"));
        assert!(rating_letter("ｂ") && rating_letter("e") && !rating_letter("ab") && !rating_letter("１"));
        assert!(value_like("(1,836)") && value_like("－") && value_like("① 86％") && value_like("③ 90％"));
        assert_eq!(tokens("参加人数 380,000 人 880,000 人"), vec!["参加人数", "380,000 人", "880,000 人"]);
        assert_eq!(tokens("① 86％ ②89％"), vec!["① 86％", "②89％"]);
        assert_eq!(tokens("令和 ４年度"), vec!["令和 ４年度"]);
    }
}
