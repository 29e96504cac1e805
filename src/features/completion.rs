//! Completion: keywords and block skeletons at the start of a line, the next
//! free ID on a heading line, attribute keys, rating letters and labels,
//! indicator IDs, citations of the 達成手段, indicators and fields of the
//! whole 施策 (every document of its set) with their defined names, the next
//! year label of a table, units. Every item says which text it replaces.

use crate::i18n::{Detail, Msg};
use crate::config::{Config, MEASURE_LABELS};
use crate::model::{Report, SectionKind, Span};
use crate::normalize::{circled, circled_char, compact, fold, parse_year, year_label};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Keyword,
    Snippet,
    Property,
    Value,
    Reference,
    Unit,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub label: String,
    pub detail: Option<Msg>,
    /// Text to insert; `$1`, `$0` placeholders when `snippet`.
    pub insert: String,
    pub snippet: bool,
    pub kind: ItemKind,
    /// The text the item replaces: from where what it completes starts to
    /// the cursor.
    pub replace: Span,
    /// The text the editor matches what was typed against, when not the label.
    pub filter: Option<String>,
}

fn item(label: &str, detail: impl IntoDetail, insert: &str, snippet: bool, kind: ItemKind) -> Item {
    Item { label: label.into(), detail: detail.into_detail(), insert: insert.into(), snippet, kind, replace: 0..0, filter: None }
}

/// A completion item's detail: a fixed one ([`Detail`]), a name, or none.
trait IntoDetail {
    fn into_detail(self) -> Option<Msg>;
}

impl IntoDetail for Detail {
    fn into_detail(self) -> Option<Msg> {
        Some(Msg::Detail(self))
    }
}

impl IntoDetail for &str {
    fn into_detail(self) -> Option<Msg> {
        (!self.is_empty()).then(|| Msg::Verbatim(self.to_string()))
    }
}

impl IntoDetail for Msg {
    fn into_detail(self) -> Option<Msg> {
        Some(self)
    }
}

const BLANK: [char; 3] = [' ', '\t', '\u{3000}'];

/// Completions at byte `offset` of `text`; `others` are the other documents
/// of the same 施策 and year (the plan defines the 達成手段 the evaluation cites).
pub fn complete(r: &Report, text: &str, offset: usize, config: &Config, others: &[&Report]) -> Vec<Item> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[line_start..offset];
    let trimmed = before.trim_start_matches(BLANK);
    let section = r.sections.iter().rposition(|s| s.heading_span.start <= offset);
    let (items, from) = complete_at(r, text, offset, line_start, trimmed, section, config, others);
    items.into_iter().map(|i| Item { replace: from..offset, ..i }).collect()
}

/// The rest of the line after `offset`.
fn rest_of_line(text: &str, offset: usize) -> &str {
    let end = text[offset..].find('\n').map(|i| offset + i).unwrap_or(text.len());
    &text[offset..end]
}

/// The items and the offset where the text they replace starts.
#[allow(clippy::too_many_arguments)]
fn complete_at(r: &Report, text: &str, offset: usize, line_start: usize, trimmed: &str, section: Option<usize>, config: &Config, others: &[&Report]) -> (Vec<Item>, usize) {
    let typed_from = offset - trimmed.len();
    if trimmed.starts_with(['#', '＃']) {
        if !trimmed.contains(char::is_whitespace) {
            return (headings(r, section), typed_from);
        }
        if !rest_of_line(text, offset).trim_matches(BLANK).is_empty() {
            return (Vec::new(), offset); // the heading goes on after the cursor
        }
        return heading_ids(r, trimmed, offset, section);
    }
    if let Some(rest) = trimmed.strip_prefix(['@', '＠']) {
        if let Some(sep) = rest.find([':', '：']) {
            let value = rest[sep..].trim_start_matches([':', '：']).trim_start_matches(BLANK);
            return (values(&rest[..sep], config), offset - value.len());
        }
        return (attribute_keys(r, section), offset - rest.len());
    }
    if trimmed.starts_with(['|', '｜']) {
        let cell = trimmed.rsplit(['|', '｜']).next().unwrap_or("").trim_start_matches(BLANK);
        let items = cells(r, text, line_start, trimmed, section);
        // A series label is inserted where the cursor is, among the cell's
        // other values; anything else replaces the cell's text.
        let series = items.first().is_some_and(|i| i.label.chars().all(|c| circled(c).is_some()));
        return (items, if series { offset } else { offset - cell.len() });
    }
    if trimmed.is_empty() {
        let mut v = headings(r, section);
        v.extend(attribute_keys(r, section));
        return (v, offset);
    }
    citations(r, trimmed, offset, section, others)
}

/// On a heading line past its kind: the next free ID of an indicator or a
/// field, when none is written yet; nothing else (the heading is there).
fn heading_ids(r: &Report, trimmed: &str, offset: usize, section: Option<usize>) -> (Vec<Item>, usize) {
    let words: Vec<&str> = trimmed.split(BLANK).filter(|w| !w.is_empty()).collect();
    let typing = !trimmed.ends_with(BLANK);
    // The word being typed, if any, is replaced.
    let partial = if typing { words.last().copied().unwrap_or("") } else { "" };
    let complete_words = if typing { &words[..words.len().saturating_sub(1)] } else { &words[..] };
    let kind = complete_words.get(1).map(|w| compact(w)).unwrap_or_default();
    let from = offset - partial.len();
    if complete_words.len() != 2 {
        return (Vec::new(), from);
    }
    if kind == "測定指標" {
        let id = next_indicator_id(r, section);
        return (vec![item(&id, Detail::NextIndicatorId, &format!("{id} "), false, ItemKind::Value)], from);
    }
    if kind == "個別分野" {
        let n = (r.fields.iter().map(|f| f.number).max().unwrap_or(0) + 1).to_string();
        return (vec![item(&n, Detail::NextFieldNumber, &format!("{n} "), false, ItemKind::Value)], from);
    }
    (Vec::new(), from)
}

fn in_kind(r: &Report, section: Option<usize>, pred: impl Fn(&SectionKind) -> bool) -> bool {
    r.enclosing(section, |s| pred(&s.kind)).is_some()
}

fn next_indicator_id(r: &Report, section: Option<usize>) -> String {
    let field = r.field_of_section(section).unwrap_or(1);
    let n = r.indicators.iter().filter(|i| i.id.field == field).map(|i| i.id.number).max().unwrap_or(0) + 1;
    format!("{field}-{n}")
}

fn headings(r: &Report, section: Option<usize>) -> Vec<Item> {
    let id = next_indicator_id(r, section);
    let next_field = r.fields.iter().map(|f| f.number).max().unwrap_or(0) + 1;
    let mut v = Vec::new();
    if r.heading.is_none() {
        v.push(item("# 政策評価書", Detail::DocumentHeading, "# 政策評価書 ${1:Ⅰ-1} ${2:施策名}\n@年度: ${3:令和5年度}\n$0", true, ItemKind::Snippet));
        v.push(item("# 事前分析表", Detail::DocumentHeading, "# 事前分析表 ${1:Ⅰ-1} ${2:施策名}\n@年度: ${3:令和5年度}\n$0", true, ItemKind::Snippet));
        v.push(item("# 政策評価調書", Detail::DocumentHeading, "# 政策評価調書 ${1:Ⅰ-1} ${2:施策名}\n@年度: ${3:令和5年度}\n@単位: 千円\n$0", true, ItemKind::Snippet));
    }
    v.push(item("## 個別分野", Detail::Field, &format!("## 個別分野 {next_field} ${{1:名称}}\n$0"), true, ItemKind::Snippet));
    v.push(item(
        "### 測定指標（定性）",
        Detail::QualitativeIndicator,
        &format!("### 測定指標 {id} ${{1:名称}}\n#### 中期目標（${{2:令和7年度}}）\n${{3:目標}}\n#### ${{4:令和5年度}}目標\n${{5:目標}}\n#### 施策の進捗状況・実績\n${{6:実績}}\n@${{4}}目標の達成状況: ${{7:b}}\n$0"),
        true,
        ItemKind::Snippet,
    ));
    v.push(item(
        "### 測定指標（定量）",
        Detail::QuantitativeIndicator,
        &format!("### 測定指標 {id} ${{1:名称}}\n@単位: ${{2:%}}\n@中期目標値（${{3:令和7年度}}）: ${{4:値}}\n| 年度 | 目標値 | 実績値 |\n| ${{5:令和5年度}} | ${{6}} | ${{7}} |\n@${{5}}目標の達成状況: ${{8:b}}\n$0"),
        true,
        ItemKind::Snippet,
    ));
    v.push(item("### 参考指標", Detail::ReferenceIndicator, "### 参考指標 ${1:1} ${2:名称}\n| 区分 | ${3:令和5年度} |\n| ${4:項目} | ${5} |\n$0", true, ItemKind::Snippet));
    v.push(item(
        "### 達成手段",
        Detail::MeansTable,
        "### 達成手段\n@単位: 百万円\n| 達成手段 | ${1:令和4年度} | ${2:令和5年度当初} | 関連する測定指標 | 事業番号 |\n| ①${3:名称} | ${4} | ${5} | ${6:1-1} | ${7} |\n$0",
        true,
        ItemKind::Snippet,
    ));
    v.push(item(
        "## 施策の予算額・執行額等",
        Detail::BudgetTable,
        "## 施策の予算額・執行額等（分担金・拠出金除く）\n@単位: 百万円\n| 区分 | ${1:令和4年度} |\n| 当初予算(a) | ${2} |\n| 補正予算(b) | ${3} |\n| 繰越し等(c) | ${4} |\n| 合計(a＋b＋c) | ${5} |\n| 執行額 | ${6} |\n$0",
        true,
        ItemKind::Snippet,
    ));
    for t in ["施策目標", "評価結果", "施策の概要", "施策の分析", "次期目標等への反映の方向性", "作成にあたって使用した資料その他の情報", "学識経験を有する者の知見の活用", "評価結果を踏まえた変更点及びその理由"] {
        v.push(item(&format!("## {t}"), Detail::Section, &format!("## {t}\n"), false, ItemKind::Keyword));
    }
    v
}

fn attribute_keys(r: &Report, section: Option<usize>) -> Vec<Item> {
    let mut keys: Vec<(&str, Detail)> = Vec::new();
    if in_kind(r, section, |k| matches!(k, SectionKind::Indicator(_))) {
        keys.extend([
            ("令和2・3・4年度目標の達成状況", Detail::RatingOfPeriod),
            ("中期目標値（令和7年度）", Detail::MidtermValue),
            ("系列", Detail::Series),
            ("単位", Detail::Unit),
            ("方向", Detail::Direction),
            ("出典", Detail::Source),
        ]);
    } else {
        keys.extend([
            ("年度", Detail::FiscalYear),
            ("施策名", Detail::MeasureName),
            ("担当部局名", Detail::Bureau),
            ("政策評価実施時期", Detail::WhenEvaluated),
            ("政策評価実施予定時期", Detail::WhenToBeEvaluated),
            ("目標達成度合いの測定結果", Detail::MeasureRating),
            ("単位", Detail::TablesUnit),
            ("政策体系上の位置付け", Detail::PolicyPlace),
        ]);
    }
    keys.into_iter().map(|(k, d)| item(k, d, &format!("{k}: "), false, ItemKind::Property)).collect()
}

fn values(key: &str, config: &Config) -> Vec<Item> {
    let k = compact(key);
    if k.ends_with("達成状況") || k == "rating" {
        return config
            .indicator_scale
            .iter()
            .enumerate()
            .map(|(i, l)| item(l, MEASURE_LABELS[config.indicator_rank(l).unwrap_or(i).min(4)], l, false, ItemKind::Value))
            .collect();
    }
    if k.contains("達成度合い") || k == "result" {
        return MEASURE_LABELS
            .iter()
            .zip(&config.measure_letters)
            .map(|(l, letter)| item(&format!("{l}（{letter}）"), "", &format!("{l}（{letter}）"), false, ItemKind::Value))
            .collect();
    }
    if k == "単位" || k == "unit" {
        return ["%", "回", "人", "件", "百万円", "千円"].iter().map(|u| item(u, "", u, false, ItemKind::Unit)).collect();
    }
    if k == "方向" || k == "direction" {
        return vec![item("減少", Detail::LowerIsBetter, "減少", false, ItemKind::Value)];
    }
    Vec::new()
}

fn cells(r: &Report, text: &str, line_start: usize, before: &str, section: Option<usize>) -> Vec<Item> {
    let col = before.chars().filter(|c| matches!(c, '|' | '｜')).count() - 1;
    // The table this row continues: the one ending just above.
    let table = r.tables.iter().rev().find(|t| {
        (t.span.start < line_start && line_start <= t.span.end) || (t.span.end <= line_start && text[t.span.end..line_start].trim().is_empty())
    });
    if let Some(t) = table {
        // The rows above the one being typed.
        let above: Vec<&crate::model::Row> = t.rows.iter().filter(|row| row.span.start < line_start).collect();
        let header = t.header().and_then(|h| h.cell(col)).map(|c| compact(&c.text)).unwrap_or_default();
        if header.contains("測定指標") {
            return r.indicators.iter().map(|i| item(&i.id.to_string(), i.title.as_ref().map(|t| t.text.as_str()).unwrap_or(""), &i.id.to_string(), false, ItemKind::Reference)).collect();
        }
        if col == 0 {
            // Continue the years of the first column.
            if let Some(last) = above.last().and_then(|row| row.cells.first()) {
                if let Some(y) = parse_year(&last.text) {
                    let label = next_year_like(&last.text, y + 1);
                    return vec![item(&label, Msg::Western { body: (y + 1).to_string(), fiscal: true }, &label, false, ItemKind::Value)];
                }
            }
        }
        // Continue the years of the header row.
        if above.len() == 1 && col > 0 {
            if let Some(prev) = above[0].cell(col - 1).and_then(|c| parse_year(&c.text).map(|y| (y, c.text.clone()))) {
                let label = next_year_like(&prev.1, prev.0 + 1);
                return vec![item(&label, Msg::Western { body: (prev.0 + 1).to_string(), fiscal: true }, &label, false, ItemKind::Value)];
            }
        }
    }
    // A value cell of an indicator or reference indicator with series: the
    // series labels `@系列` defines, with their names.
    if col > 0 {
        let series = r.enclosing(section, |s| matches!(s.kind, SectionKind::Indicator(_) | SectionKind::Reference(_))).map(|s| match r.sections[s].kind {
            SectionKind::Indicator(i) => r.indicators[i].series.as_slice(),
            SectionKind::Reference(i) => r.references[i].series.as_slice(),
            _ => &[],
        });
        if let Some(series) = series {
            return series
                .iter()
                .filter_map(|(n, name)| circled_char(*n).map(|c| item(&c.to_string(), name.as_str(), &c.to_string(), false, ItemKind::Value)))
                .collect();
        }
    }
    Vec::new()
}

/// The label of year `y` written in the style of `like` (令和5年度, R5, 2023…).
fn next_year_like(like: &str, y: i32) -> String {
    let f = fold(like);
    if f.starts_with('R') {
        format!("R{}", y - 2018)
    } else if f.starts_with("FY") {
        format!("FY{y}")
    } else if f.starts_with("20") {
        if f.contains("年度") { format!("{y}年度") } else { y.to_string() }
    } else {
        let l = year_label(y);
        if like.chars().any(|c| ('０'..='９').contains(&c)) {
            l.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
        } else {
            l
        }
    }
}

/// The citation being typed: where it starts (after the last opening
/// bracket, colon or punctuation before the cursor, for prose has no spaces
/// to go by) and whether the text before it opens a citation (an opening
/// bracket, or a colon inside an unclosed one: `（令和２・３・４年度：`).
fn citation_start(trimmed: &str, offset: usize) -> (usize, bool) {
    let boundary = trimmed.rfind(['（', '(', '：', ':', '、', '。', '，', ' ', '\u{3000}']);
    let start = boundary.map(|i| i + trimmed[i..].chars().next().unwrap().len_utf8()).unwrap_or(0);
    let word = &trimmed[start..];
    let opened = |upto: usize| {
        let before = &trimmed[..upto];
        before.matches(['（', '(']).count() > before.matches(['）', ')']).count()
    };
    let opens = match boundary.map(|i| trimmed[i..].chars().next().unwrap()) {
        Some('（' | '(') => true,
        Some('：' | ':') => opened(start),
        _ => false,
    };
    // A long run is a sentence, not a citation being typed.
    if word.chars().count() > 24 {
        return (offset, false);
    }
    (offset - word.len(), opens)
}

/// Citations of the 達成手段, indicators and fields of the whole set, with
/// their defined names.
fn citations(r: &Report, trimmed: &str, offset: usize, section: Option<usize>, others: &[&Report]) -> (Vec<Item>, usize) {
    let (from, opens) = citation_start(trimmed, offset);
    // Nothing is offered after a blank or punctuation in running text (a
    // space typed in 「令和４年 10 月」 must not propose a citation); a word
    // being typed, or an opened citation, gets the citations.
    if from == offset && !opens {
        return (Vec::new(), offset);
    }
    let field = r.field_of_section(section);
    let mut v: Vec<Item> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for doc in std::iter::once(r).chain(others.iter().copied()) {
        for m in doc.means.iter().filter(|m| field.is_none() || m.field == field || m.field.is_none()) {
            let n = circled_char(m.number).unwrap_or('?');
            let text = format!("{}（達成手段{n}）", m.name.text);
            if seen.insert(text.clone()) {
                let mut it = item(&text, Detail::MeansCitation, &text, false, ItemKind::Reference);
                it.filter = Some(format!("達成手段{n} {}", m.name.text));
                v.push(it);
            }
        }
    }
    for doc in std::iter::once(r).chain(others.iter().copied()) {
        for i in &doc.indicators {
            let label = format!("測定指標{}", i.id);
            if seen.insert(label.clone()) {
                let t = i.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
                v.push(item(&label, t, &label, false, ItemKind::Reference));
            }
        }
        for f in &doc.fields {
            let label = format!("個別分野{}", f.number);
            if seen.insert(label.clone()) {
                let t = f.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
                v.push(item(&label, t, &label, false, ItemKind::Reference));
            }
        }
    }
    (v, from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    const DOC: &str = "# 事前分析表 Ⅰ-2 t\n@年度: 令和5年度\n## 個別分野 1 分野\n### 測定指標 1-1 協力の進展 ＊\n@令和2・3・4年度目標の達成状況: \n| 年度 | 目標値 |\n| 令和４年度 | 1 |\n\n### 達成手段\n| 達成手段 | 令和5年度当初 | 関連する測定指標 |\n| ①協力推進 | 10 | 1-1 |\n本文\n";

    fn labels(items: &[Item]) -> Vec<String> {
        items.iter().map(|i| i.label.clone()).collect()
    }

    #[test]
    fn completes_by_context() {
        let a = analyze(DOC, &Default::default());
        let c = Config::default();
        let rating = DOC.find("達成状況: ").unwrap() + "達成状況: ".len();
        assert_eq!(labels(&complete(&a.report, DOC, rating, &c, &[])), vec!["s", "a", "b", "c", "d"]);
        // A new row after 令和４年度 offers 令和５年度 in the same width.
        let mut t = DOC.to_string();
        let at = t.find("| 令和４年度 | 1 |\n").unwrap() + "| 令和４年度 | 1 |\n".len();
        t.insert_str(at, "| ");
        let a2 = analyze(&t, &Default::default());
        assert_eq!(labels(&complete(&a2.report, &t, at + 2, &c, &[])), vec!["令和５年度"]);
        // Related indicators in the means table.
        let mut t = DOC.to_string();
        let at = t.find("| ①協力推進 | 10 | 1-1 |\n").unwrap() + "| ①協力推進 | 10 | 1-1 |\n".len();
        t.insert_str(at, "| ②x | 1 | ");
        let a3 = analyze(&t, &Default::default());
        assert_eq!(labels(&complete(&a3.report, &t, at + "| ②x | 1 | ".len(), &c, &[])), vec!["1-1"]);
        // Prose: the exact means name.
        let prose = DOC.find("本文").unwrap() + "本文".len();
        assert!(labels(&complete(&a.report, DOC, prose, &c, &[])).contains(&"協力推進（達成手段①）".to_string()));
        // Line start after `###`: headings with the next indicator ID.
        let mut t = DOC.to_string();
        t.push_str("###");
        let a4 = analyze(&t, &Default::default());
        let items = complete(&a4.report, &t, t.len(), &c, &[]);
        assert!(items.iter().any(|i| i.insert.starts_with("### 測定指標 1-2")), "{:?}", labels(&items));
    }

    #[test]
    fn citations_only_where_one_is_being_typed() {
        let c = Config::default();
        let at = |t: &str| {
            let a = analyze(t, &Default::default());
            complete(&a.report, t, t.len(), &c, &[])
        };
        // A space in running text offers nothing.
        assert!(at(&format!("{DOC}令和４年 ")).is_empty());
        // An opening bracket offers the means (the editor closes the bracket).
        let items = at(&format!("{DOC}協力した（"));
        assert_eq!(items[0].insert, "協力推進（達成手段①）");
        assert_eq!(items[0].replace.len(), 0);
        // After the year of an opened citation.
        let t = format!("{DOC}協力した（令和２・３・４年度：協力");
        let items = at(&t);
        assert_eq!(items[0].insert, "協力推進（達成手段①）");
        assert_eq!(&t[items[0].replace.clone()], "協力");
        // A colon outside a citation is prose.
        assert!(at(&format!("{DOC}目標：")).is_empty());
    }

    #[test]
    fn series_labels_in_value_cells() {
        let t = "# 事前分析表 Ⅰ-2 t\n@年度: 令和5年度\n## 個別分野 1 分野\n### 測定指標 1-5 調査 ＊\n@系列: ①一般の部 ②有識者の部\n| 年度 | 目標値 |\n| 令和5年度 | ";
        let a = analyze(t, &Default::default());
        let items = complete(&a.report, t, t.len(), &Config::default(), &[]);
        let got: Vec<(String, Option<String>)> = items.iter().map(|i| (i.label.clone(), i.detail.as_ref().map(|d| d.en()))).collect();
        assert_eq!(got, vec![("①".to_string(), Some("一般の部".to_string())), ("②".to_string(), Some("有識者の部".to_string()))]);
        // After the first series' value: inserted at the cursor, the value kept.
        let t2 = format!("{t}①85% ");
        let a = analyze(&t2, &Default::default());
        let items = complete(&a.report, &t2, t2.len(), &Config::default(), &[]);
        assert_eq!(items[1].replace, t2.len()..t2.len());
    }

    #[test]
    fn heading_lines_never_get_a_second_id() {
        let c = Config::default();
        let t = DOC.replace("### 測定指標 1-1 協力の進展 ＊", "### 測定指標 1-1 協力の進展 ＊\n### 測定指標 ");
        let a = analyze(&t, &Default::default());
        let at = t.find("### 測定指標 \n").unwrap() + "### 測定指標 ".len();
        assert_eq!(labels(&complete(&a.report, &t, at, &c, &[])), vec!["1-2"]);
        // With the ID already after the cursor, nothing.
        let at = t.find("### 測定指標 1-1").unwrap() + "### 測定指標 ".len();
        assert!(complete(&a.report, &t, at, &c, &[]).is_empty());
    }
}
