//! Inlay hints, one per line at its end, so that they never push a
//! formatted table's columns apart or split an attribute key: by default what
//! a reviewer must see (a total that does not add up, execution above its
//! budget); with `all`, every computed total and 執行率; with `years`, 西暦
//! beside 和暦 year labels. Also the computations the hover shares:
//! [`totals`], [`execution_rates`], [`year_mentions`].

use crate::model::{Report, Span};
use crate::normalize::{compact, fold_char, format_number, year_label, FiscalYear};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InlayKind {
    Total,
    Execution,
    Year,
}

/// Which inlay hints to give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InlayOptions {
    /// Totals that do not add up (every total with `all`).
    pub totals: bool,
    /// 執行率 above 100% (every 執行率 with `all`).
    pub execution: bool,
    /// 西暦 beside 和暦 year labels.
    pub years: bool,
    /// Totals that add up and every 執行率, not only what is off.
    pub all: bool,
}

impl Default for InlayOptions {
    fn default() -> Self {
        InlayOptions { totals: true, execution: true, years: false, all: false }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown: the end of the line's text.
    pub offset: usize,
    pub label: String,
    /// The kinds of the parts of the label.
    pub kinds: Vec<InlayKind>,
}

/// One fact before it is placed: where it was found and what it says.
struct Part {
    at: usize,
    kind: InlayKind,
    text: String,
}

/// The hints of a document, sorted by offset, one per line; only those whose
/// line ends in `range` (inclusive) when one is given.
pub fn inlay_hints(text: &str, r: &Report, opts: &InlayOptions, range: Option<Span>, lang: crate::i18n::Lang) -> Vec<InlayHint> {
    let mut parts = Vec::new();
    if opts.totals {
        for t in totals(r) {
            let eq = (t.written - t.computed).abs() < 1e-9;
            if eq && !opts.all {
                continue;
            }
            let column = compact(&t.column);
            let value = format!("{} {}", if eq { "=" } else { "≠" }, format_number(t.computed));
            let text = if column.is_empty() { value } else { format!("{column} {value}") };
            parts.push(Part { at: t.cell.start, kind: InlayKind::Total, text });
        }
    }
    if opts.execution {
        for e in execution_rates(r) {
            if e.rate <= 100.0 && !opts.all {
                continue;
            }
            let year = e.year.map(|y| format!("{} ", year_label(y))).unwrap_or_default();
            parts.push(Part { at: e.cell.start, kind: InlayKind::Execution, text: format!("執行率 {year}{}", percent(e.rate)) });
        }
    }
    if opts.years {
        let mut places: Vec<Span> = Vec::new();
        for t in &r.tables {
            for (i, row) in t.rows.iter().enumerate() {
                let cells: Box<dyn Iterator<Item = &crate::model::Cell>> =
                    if i == 0 { Box::new(row.cells.iter()) } else { Box::new(row.cells.iter().take(1)) };
                places.extend(cells.map(|c| c.span.clone()));
            }
        }
        for a in &r.attributes {
            places.push(a.key_span.clone());
            places.extend(a.value.as_ref().map(|v| v.span.clone()));
        }
        places.extend(r.sections.iter().map(|s| s.heading_span.clone()));
        for p in places {
            let Some(s) = text.get(p.clone()) else { continue };
            for m in year_mentions(s).into_iter().filter(|m| !m.western) {
                parts.push(Part { at: p.start + m.span.start, kind: InlayKind::Year, text: western_label(&m, lang) });
            }
        }
    }
    parts.sort_by_key(|p| p.at);
    parts.dedup_by(|a, b| a.at == b.at && a.text == b.text);
    let mut out: Vec<InlayHint> = Vec::new();
    for p in parts {
        let end = line_end(text, p.at);
        match out.last_mut() {
            Some(h) if h.offset == end => {
                h.label.push_str("  ");
                h.label.push_str(&p.text);
                if !h.kinds.contains(&p.kind) {
                    h.kinds.push(p.kind);
                }
            }
            _ => out.push(InlayHint { offset: end, label: p.text, kinds: vec![p.kind] }),
        }
    }
    if let Some(rg) = range {
        out.retain(|h| rg.start <= h.offset && h.offset <= rg.end);
    }
    out
}

/// The end of the text of the line holding `at` (trailing blanks excluded).
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find(['\n', '\r']).map(|i| at + i).unwrap_or(text.len());
    let start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    start + text[start..end].trim_end_matches([' ', '\t', '\u{3000}']).len()
}

/// `87.5%`
pub fn percent(rate: f64) -> String {
    format!("{rate:.1}%")
}

pub use crate::model::arithmetic::{amount, totals, Total};

// ---------------------------------------------------------------- execution

/// An execution amount with the budget it is a share of.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionRate {
    /// The cell holding the execution (`72 (63)`, or the 執行額 row's cell).
    pub cell: Span,
    /// The cell holding the budget, when it is another cell.
    pub budget_cell: Option<Span>,
    pub budget: f64,
    pub execution: f64,
    /// In percent.
    pub rate: f64,
    pub year: Option<FiscalYear>,
    /// What the budget is: `予算額計`, `合計(a+b+c)`, `当初予算(a)`.
    pub budget_label: String,
}

/// 執行率 of the means' `予算額計 (執行額)` cells and of the 執行額 row of
/// budget tables (against 合計, or 当初予算 when there is no 合計 row).
pub fn execution_rates(r: &Report) -> Vec<ExecutionRate> {
    let mut out = Vec::new();
    for m in &r.means {
        for a in &m.amounts {
            if let (Some(b), Some(e)) = (a.budget, a.execution) {
                if b > 0.0 {
                    out.push(ExecutionRate {
                        cell: a.cell.clone(),
                        budget_cell: None,
                        budget: b,
                        execution: e,
                        rate: e / b * 100.0,
                        year: Some(a.year),
                        budget_label: "予算額計".into(),
                    });
                }
            }
        }
    }
    for b in &r.budgets {
        let t = &r.tables[b.table];
        let (Some(er), Some(br)) = (b.execution_row, b.total_row.or(b.initial_row)) else { continue };
        for &(col, year) in &b.columns {
            let (Some(ec), Some(bc)) = (t.rows[er].cell(col), t.rows[br].cell(col)) else { continue };
            let (Some(Some(e)), Some(Some(bud))) = (amount(&ec.text), amount(&bc.text)) else { continue };
            if bud > 0.0 {
                out.push(ExecutionRate {
                    cell: ec.span.clone(),
                    budget_cell: Some(bc.span.clone()),
                    budget: bud,
                    execution: e,
                    rate: e / bud * 100.0,
                    year: Some(year),
                    budget_label: compact(t.rows[br].label()),
                });
            }
        }
    }
    out
}

// -------------------------------------------------------------------- years

/// A year written in text: `令和5年度`, `令和2・3・4年度`, `R5`, `令和5年8月`'s
/// `令和5年`, or (western) `FY2023`, `2023年度`, `2023年`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearMention {
    /// Bytes within the string searched.
    pub span: Span,
    pub years: Vec<FiscalYear>,
    /// 年度 (fiscal) rather than 年 (calendar).
    pub fiscal: bool,
    /// Written in the Western calendar.
    pub western: bool,
}

/// The years written in `s`, in order.
pub fn year_mentions(s: &str) -> Vec<YearMention> {
    let cs: Vec<(usize, char)> = s.char_indices().map(|(i, c)| (i, fold_char(c))).collect();
    let at = |k: usize| cs.get(k).map(|c| c.0).unwrap_or(s.len());
    let ch = |k: usize| cs.get(k).map(|c| c.1);
    let starts = |k: usize, w: &str| w.chars().enumerate().all(|(n, c)| ch(k + n) == Some(c));
    let number = |k: usize, max: usize| -> Option<(i32, usize)> {
        if ch(k) == Some('元') {
            return Some((1, k + 1));
        }
        let mut j = k;
        let mut n: i32 = 0;
        while let Some(d) = ch(j).and_then(|c| c.to_digit(10).filter(|_| c.is_ascii_digit())) {
            n = n.saturating_mul(10).saturating_add(d as i32);
            j += 1;
        }
        (j > k && j - k <= max).then_some((n, j))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let prev_alnum = i > 0 && ch(i - 1).is_some_and(|c| c.is_ascii_alphanumeric());
        let era = if starts(i, "令和") {
            Some((2018, 2, false))
        } else if starts(i, "平成") {
            Some((1988, 2, false))
        } else if matches!(ch(i), Some('R' | 'H')) && !prev_alnum && ch(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            Some((if ch(i) == Some('R') { 2018 } else { 1988 }, 1, true))
        } else {
            None
        };
        if let Some((base, skip, latin)) = era {
            let mut j = i + skip;
            while ch(j) == Some(' ') {
                j += 1;
            }
            let mut nums: Vec<i32> = Vec::new();
            let mut range = false;
            let mut end = j;
            while let Some((n, k)) = number(j, 2) {
                if range {
                    let from = nums.last().copied().unwrap_or(n);
                    nums.extend((from + 1)..=n.min(from + 50));
                } else {
                    nums.push(n);
                }
                end = k;
                j = k;
                match ch(j) {
                    Some('・' | '、' | ',') => range = false,
                    Some('～' | '~' | '〜') => range = true,
                    _ => break,
                }
                j += 1;
            }
            let suffix = if starts(end, "年度") {
                Some((true, end + 2))
            } else if starts(end, "年") {
                Some((false, end + 1))
            } else if latin && !ch(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
                Some((true, end))
            } else {
                None
            };
            if let (false, Some((fiscal, e))) = (nums.is_empty(), suffix) {
                out.push(YearMention { span: at(i)..at(e), years: nums.iter().map(|n| base + n).collect(), fiscal, western: false });
                i = e;
                continue;
            }
            i += 1;
            continue;
        }
        let fy = starts(i, "FY") && !prev_alnum;
        let d = if fy { i + 2 } else { i };
        if (fy || !prev_alnum) && ch(d).is_some_and(|c| c.is_ascii_digit()) {
            if let Some((n, e)) = number(d, 4).filter(|(_, e)| e - d == 4) {
                let suffix = if starts(e, "年度") {
                    Some((true, e + 2))
                } else if starts(e, "年") {
                    Some((false, e + 1))
                } else if fy {
                    Some((true, e))
                } else {
                    None
                };
                if let (true, Some((fiscal, end))) = ((1989..=2100).contains(&n), suffix) {
                    out.push(YearMention { span: at(i)..at(end), years: vec![n], fiscal, western: true });
                    i = end;
                    continue;
                }
                i = e;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `FY2023`, `FY2020–2022`, `FY2020・2022`, `2023` (calendar).
pub fn western_label(m: &YearMention, lang: crate::i18n::Lang) -> String {
    let ys = &m.years;
    let body = match ys.as_slice() {
        [] => String::new(),
        [y] => y.to_string(),
        [first, .., last] if ys.windows(2).all(|w| w[1] == w[0] + 1) => format!("{first}–{last}"),
        _ => ys.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("・"),
    };
    crate::i18n::Msg::Western { body, fiscal: m.fiscal }.text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::config::Config;

    fn hints(text: &str, opts: InlayOptions) -> Vec<(String, String)> {
        let a = analyze(text, &Config::default());
        inlay_hints(text, &a.report, &opts, None, crate::i18n::Lang::En)
            .into_iter()
            .map(|h| {
                let line_start = text[..h.offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
                (text[line_start..h.offset].to_string(), h.label)
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    const BUDGET: &str = "## 施策の予算額・執行額等\n| 区分 | 令和2年度 | R3 |\n| 当初予算(a) | 100 | 110 |\n| 補正予算(b) | 10 | 0 |\n| 繰越し等(c) | 0 | 0 |\n| 合計(a＋b＋c) | 110 | 111 |\n| 執行額 | 98 | 104 |\n";

    #[test]
    fn by_default_only_what_is_off_at_the_end_of_its_line() {
        // The R3 total does not add up: one hint, after the row's last `|`.
        assert_eq!(hints(BUDGET, InlayOptions::default()), pairs(&[("| 合計(a＋b＋c) | 110 | 111 |", "R3 ≠ 110")]));
        // Execution above the budget is shown too.
        let over = BUDGET.replace("| 執行額 | 98 | 104 |", "| 執行額 | 98 | 112 |  ");
        let got = hints(&over, InlayOptions::default());
        assert_eq!(got[1], ("| 執行額 | 98 | 112 |".to_string(), "執行率 令和3年度 100.9%".to_string()));
        assert!(hints(BUDGET, InlayOptions { totals: false, execution: false, years: false, all: true }).is_empty());
    }

    #[test]
    fn everything_behind_the_settings_one_hint_per_line() {
        let got = hints(BUDGET, InlayOptions { totals: true, execution: true, years: true, all: true });
        assert_eq!(
            got,
            pairs(&[
                ("| 区分 | 令和2年度 | R3 |", "FY2020  FY2021"),
                ("| 合計(a＋b＋c) | 110 | 111 |", "令和2年度 = 110  R3 ≠ 110"),
                ("| 執行額 | 98 | 104 |", "執行率 令和2年度 89.1%  執行率 令和3年度 93.7%"),
            ])
        );
        // A key is never split: the year of `@令和２・３・４年度目標の達成状況` goes
        // after the value.
        let text = "### 測定指標 1-1 x\n@令和２・３・４年度目標の達成状況: a\n";
        let got = hints(text, InlayOptions { years: true, ..InlayOptions::default() });
        assert_eq!(got, pairs(&[("@令和２・３・４年度目標の達成状況: a", "FY2020–2022")]));
    }

    #[test]
    fn means_execution_subtotals_and_attribute_years() {
        let text = "# 事前分析表 Ⅰ-2 北米\n@年度: 令和5年度\n@政策評価実施予定時期: 令和6年8月\n## 個別分野 1 A\n### 達成手段\n\
                    | 達成手段 | 令和4年度 | 令和5年度当初 |\n| ①事業 | 72 (63) | 108 |\n\
                    ## 調書\n| 区分 | 額 |\n| | 1,000 |\n| | 2,000 |\n| 小計 | 3,000 |\n| 合計 | 3,500 |\n";
        let got = hints(text, InlayOptions { totals: true, execution: true, years: true, all: true });
        let labels: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert!(labels.contains(&("@年度: 令和5年度", "FY2023")), "{labels:?}");
        assert!(labels.contains(&("@政策評価実施予定時期: 令和6年8月", "2024年")), "{labels:?}");
        assert!(labels.contains(&("| ①事業 | 72 (63) | 108 |", "執行率 令和4年度 87.5%")), "{labels:?}");
        assert!(labels.contains(&("| 達成手段 | 令和4年度 | 令和5年度当初 |", "FY2022  FY2023")), "{labels:?}");
        assert!(labels.contains(&("| 小計 | 3,000 |", "額 = 3,000")), "{labels:?}");
        assert!(labels.contains(&("| 合計 | 3,500 |", "額 ≠ 3,000")), "{labels:?}");
    }

    #[test]
    fn year_mentions_and_labels() {
        let m = year_mentions("令和２・３・４年度目標の達成状況");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].span.clone(), m[0].years.clone(), m[0].fiscal), (0.."令和２・３・４年度".len(), vec![2020, 2021, 2022], true));
        assert_eq!(western_label(&m[0], crate::i18n::Lang::En), "FY2020–2022");
        let m = year_mentions("平成30年度と令和元年度、R5、2023年度、FY2024、令和５年８月");
        let got: Vec<(String, bool)> = m.iter().map(|m| (western_label(m, crate::i18n::Lang::En), m.western)).collect();
        assert_eq!(
            got,
            vec![
                ("FY2018".to_string(), false),
                ("FY2019".to_string(), false),
                ("FY2023".to_string(), false),
                ("FY2023".to_string(), true),
                ("FY2024".to_string(), true),
                ("2023年".to_string(), false)
            ]
        );
        assert!(year_mentions("1,836人 ERR5 12345").is_empty());
        assert_eq!(western_label(&year_mentions("令和2・4年度").remove(0), crate::i18n::Lang::En), "FY2020・2022");
    }
}
