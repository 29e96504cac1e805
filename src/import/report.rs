//! The 政策評価書 and the 事前分析表: their title block, the labels of the
//! form's left column, the 個別分野 and their indicators, read in the
//! order the extraction gives them. What no reader places stays prose.

use super::lines::Line;
use super::out::Out;
use super::tables;
use super::text::{after_label, id_prefix, label_then, number_prefix, sentence_like, MEASURE_LABELS};
use crate::model::DocKind;
use crate::normalize::compact;

/// What the title block of a document says.
#[derive(Clone, Debug, Default)]
pub(crate) struct Meta {
    /// 施策 ID as printed (`Ⅰ-２`).
    pub id: Option<String>,
    /// The ID was read from the 番号, not printed as the 施策 ID.
    pub id_from_number: bool,
    pub name: Option<String>,
    /// The year as printed (`令和５年度`).
    pub year: Option<String>,
    /// The document's number (`外務省４－Ⅰ－２`).
    pub number: Option<String>,
    /// The title block's lines as printed.
    pub title_lines: Vec<String>,
    /// The title is printed as `hyoka render` prints it (`政策評価書 Ⅰ-2`,
    /// the name below): attributes are label/value rows, so a `（出典：…）`
    /// is prose as written.
    pub rendered: bool,
}

/// A converted document: its metadata and its body (after the heading).
pub(crate) struct Converted {
    pub kind: DocKind,
    pub meta: Meta,
    pub body: Out,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Top,
    Field,
    Indicator,
    Reference,
    Result,
    Means,
}

struct Conv {
    lines: Vec<Line>,
    i: usize,
    out: Out,
    ctx: Ctx,
    rendered: bool,
}

/// Labels of the left column before the 個別分野 that open a section.
const TOP_SECTIONS: [&str; 4] = ["施策目標", "目標設定の考え方・根拠", "学識経験を有する者の知見の活用", "施策の概要"];

/// Labels whose value is an attribute of the document.
const ATTRIBUTES: [&str; 5] = ["担当部局名", "政策評価実施予定時期", "政策評価実施時期", "政策体系上の位置付け", "施策名"];

/// Labels that stand alone on their line in the forms.
const LABELS: [&str; 16] = [
    "評価結果",
    "目標達成度合いの測定結果",
    "施策の概要",
    "関連する内閣の重要政策",
    "作成にあたって使用した資料その他の情報",
    "達成手段",
    "施策の分析",
    "次期目標等への反映の方向性",
    "施策の進捗状況",
    "評価結果を踏まえた変更点及びその理由",
    "施策の予算額・執行額等",
    "同（分担金・拠出金）",
    "中期目標",
    "(判断根拠)",
    "年度",
    "区分",
];

/// Whether a line starts a block of the forms rather than continuing a
/// paragraph: a label or heading, a list item, a row of values, an
/// address. Used to join wrapped prose in text without paragraph marks.
pub(crate) fn starts_block(t: &str) -> bool {
    let t = t.trim();
    let c = compact(t);
    if LABELS.iter().chain(TOP_SECTIONS.iter()).chain(ATTRIBUTES.iter()).any(|l| c.starts_with(&compact(l))) {
        return true;
    }
    let heading = ["測定指標", "参考指標", "個別分野", "政策評価書", "事前分析表", "政策評価調書", "【", "・", "※", "(※", "(注", "http", "(http", "出典", "(出典", "単位", "系列"];
    if heading.iter().any(|h| c.starts_with(&compact(h))) {
        return true;
    }
    if (c.starts_with("令和") || c.starts_with("平成")) && (c.ends_with("年度目標") || c.contains("達成状")) && c.chars().count() <= 30 {
        return true;
    }
    // （１）, １ …, ①… (not `①））`, the end of a citation the line cut)
    let circled_item = t.chars().next().and_then(crate::normalize::circled).is_some()
        && !t.chars().nth(1).is_some_and(|c| matches!(c, '）' | ')' | '」' | '』' | '、' | '。' | '，' | '．'));
    let list = circled_item
        || c.strip_prefix('(').and_then(number_prefix).is_some_and(|(_, r)| r.starts_with(')'))
        || number_prefix(t).is_some_and(|(_, r)| r.starts_with(char::is_whitespace) || r.starts_with(['.', '．']))
        || id_prefix(c.trim_start_matches(['*', '＊'])).is_some();
    let values = super::text::tokens(t).iter().filter(|w| super::text::value_like(w)).count();
    list || values >= 2 || super::text::single_year(t.split_whitespace().next().unwrap_or(""))
}

/// A heading of the form (`測定指標１－１ title`, `参考指標２ title`,
/// `個別分野１ title`) whose brackets are closed: it does not go on to the
/// next line however wide it is. One cut in a bracket goes on.
pub(crate) fn complete_heading(t: &str) -> bool {
    let t = t.trim();
    if sentence_like(t) || t.contains('。') {
        return false;
    }
    let numbered = |label: &str| after_label(t, label).is_some_and(|r| number_prefix(r.trim_start()).is_some());
    if !(numbered("測定指標") || numbered("参考指標") || numbered("個別分野")) {
        return false;
    }
    let opens = t.chars().filter(|c| matches!(c, '（' | '(' | '「' | '｢' | '【')).count();
    let closes = t.chars().filter(|c| matches!(c, '）' | ')' | '」' | '｣' | '】')).count();
    opens <= closes
}

/// Labels of the forms' narrow columns, which text without paragraph
/// marks gives a few characters to a line.
const NARROW_LABELS: [&str; 14] = [
    "施策の予算額・執行額等（分担金・拠出金除く）",
    "施策の予算額・執行額等",
    "（分担金・拠出金除く）",
    "同（分担金・拠出金）",
    "目標設定の考え方・根拠",
    "目標達成度合いの測定結果",
    "学識経験を有する者の知見の活用",
    "政策評価実施予定時期",
    "政策評価実施時期",
    "政策体系上の位置付け",
    "予算の状況(百万円)",
    "関連する測定指標",
    "行政事業レビュー事業番号",
    "他に記載のある個別票の番号",
];

/// Whether `c` (compact) is a label of a narrow column.
fn narrow_label(c: &str) -> bool {
    let era = c.starts_with("令和") || c.starts_with("平成");
    NARROW_LABELS.iter().any(|l| compact(l) == c)
        || (c.starts_with("評価結果(注") && c.ends_with(')'))
        || (c.starts_with("測定指標の") && (c.ends_with("達成状況") || (c.contains("達成状況(注") && c.ends_with(')'))))
        || (era && c.ends_with("年度目標の達成状況"))
}

/// Puts back together the labels that text without paragraph marks gives
/// in pieces of a few characters (`評` / `価` / `結` / `果(`…).
pub(crate) fn rejoin_labels(lines: Vec<Line>) -> Vec<Line> {
    let short = |t: &str| compact(t).chars().count() <= 8;
    let mut out: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut best = None;
        if short(&lines[i].text) {
            let mut acc = String::new();
            let mut j = i;
            while j < lines.len() && j < i + 10 && short(&lines[j].text) {
                acc.push_str(&compact(&lines[j].text));
                if j > i && narrow_label(&acc) {
                    best = Some(j);
                }
                j += 1;
            }
        }
        match best {
            Some(j) => {
                let text: String = lines[i..=j].iter().map(|l| l.text.trim()).collect();
                out.push(Line::new(text));
                i = j + 1;
            }
            None => {
                out.push(lines[i].clone());
                i += 1;
            }
        }
    }
    out
}

pub(crate) fn convert(kind: DocKind, lines: Vec<Line>) -> Converted {
    let mut c = Conv { lines, i: 0, out: Out::default(), ctx: Ctx::Top, rendered: false };
    let meta = c.title_block();
    c.rendered = meta.rendered;
    while c.i < c.lines.len() {
        if !c.step() {
            let t = c.lines[c.i].text.clone();
            c.out.prose(&t);
            c.i += 1;
        }
    }
    Converted { kind, meta, body: c.out }
}

/// `施策Ⅰ-２ 北米地域外交`: the ID and the name.
pub(crate) fn measure_line(t: &str) -> Option<(String, String)> {
    let rest = t.trim().strip_prefix("施策")?;
    let (id, name) = rest.split_once(char::is_whitespace)?;
    let ok = !id.is_empty()
        && id.chars().all(|c| ('Ⅰ'..='Ⅻ').contains(&c) || "IVXivx".contains(c) || crate::normalize::fold_char(c).is_ascii_digit() || crate::normalize::fold_char(c) == '-');
    (ok && !name.trim().is_empty()).then(|| (id.to_string(), name.trim().to_string()))
}

impl Conv {
    fn text(&self, k: usize) -> Option<&str> {
        self.lines.get(k).map(|l| l.text.as_str())
    }

    /// A label that may be split over the next `max` logical lines:
    /// the number of lines it takes and the text after it.
    fn label_at(&self, label: &str, max: usize) -> Option<(usize, String)> {
        let want = compact(label);
        let mut matched = 0;
        for n in 0..max {
            let t = self.text(self.i + n)?;
            let need = &want[matched..];
            let c = compact(t);
            if c.starts_with(need) {
                let rest = after_label(t, need)?;
                return (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| (n + 1, rest.trim().to_string()));
            }
            if c.is_empty() || !need.starts_with(&c) {
                return None;
            }
            matched += c.len();
        }
        None
    }

    /// The printed text of lines `i..i+n`, without the spaces the layout
    /// put between characters.
    fn joined(&self, n: usize) -> String {
        (0..n).filter_map(|k| self.text(self.i + k)).map(|t| t.split_whitespace().collect::<String>()).collect()
    }

    fn title_block(&mut self) -> Meta {
        let mut m = Meta::default();
        while self.i < self.lines.len().min(8) {
            let t = self.lines[self.i].text.trim().to_string();
            let c = compact(&t);
            let kind_and_id = ["政策評価書", "事前分析表"].iter().find_map(|k| c.strip_prefix(k)).filter(|r| super::text::id_like(r));
            let labelled = super::text::label_values(&t, &["年度", "施策名", "番号"]).filter(|(before, _)| before.is_empty());
            if let Some((id, name)) = measure_line(&t) {
                m.id = Some(id);
                m.name.get_or_insert(name);
            } else if let Some(id) = kind_and_id {
                // `政策評価書 Ⅰ-2` and the name on the next line.
                m.id = Some(id.to_string());
                m.rendered = true;
                if let Some(next) = self.text(self.i + 1).map(|n| n.trim().to_string()) {
                    let next = next.as_str();
                    if next.chars().count() <= 30 && !sentence_like(next) && !starts_block(next) && !next.contains(char::is_whitespace) {
                        m.name = Some(next.to_string());
                        m.title_lines.push(t);
                        self.i += 1;
                        m.title_lines.push(next.to_string());
                        self.i += 1;
                        continue;
                    }
                }
            } else if let Some((_, pairs)) = labelled {
                for (label, value) in pairs {
                    match label.as_str() {
                        "年度" => m.year = Some(value),
                        "施策名" => m.name = Some(value),
                        _ => m.number = Some(value),
                    }
                }
            } else if c.ends_with("政策評価書") || c.ends_with("事前分析表") {
                let y = c.trim_end_matches("政策評価書").trim_end_matches("事前分析表");
                if !y.is_empty() {
                    m.year = Some(t.trim().trim_end_matches("政策評価書").trim_end_matches("事前分析表").trim().to_string());
                }
            } else if (c.starts_with('(') && c.ends_with(')')) && c.chars().count() <= 24 && c.contains('-') {
                let inner: String = t.trim().chars().skip(1).collect();
                let inner: String = inner.chars().take(inner.chars().count().saturating_sub(1)).collect();
                m.number = Some(inner.trim().to_string());
            } else if let Some(rest) = after_label(&t, "施策名") {
                let rest = rest.trim_start();
                let rest = rest.strip_prefix("（※）").or_else(|| rest.strip_prefix("(※)")).unwrap_or(rest).trim();
                if rest.is_empty() || sentence_like(rest) {
                    break;
                }
                m.name = Some(rest.to_string());
            } else {
                break;
            }
            m.title_lines.push(t);
            self.i += 1;
        }
        if m.id.is_none() {
            // `外務省５－Ⅰ－２`: the ministry and year, then the 施策 ID.
            if let Some(num) = &m.number {
                let parts: Vec<&str> = num.split(['－', '-', 'ー', '‐']).collect();
                if parts.len() >= 3 {
                    m.id = Some(parts[1..].join("-"));
                    m.id_from_number = true;
                }
            }
        }
        m
    }

    /// Reads a structure at the current line; false when it is prose.
    fn step(&mut self) -> bool {
        let t = self.lines[self.i].text.trim().to_string();
        let c = compact(&t);
        // 個別分野１ title
        if let Some(rest) = after_label(&t, "個別分野") {
            if let Some((_, title)) = number_prefix(rest.trim_start()) {
                if (title.is_empty() || title.starts_with(char::is_whitespace)) && !sentence_like(&t) {
                    self.out.heading(2, &format!("個別分野{}", rest.trim_start()));
                    self.ctx = Ctx::Field;
                    self.i += 1;
                    return true;
                }
            }
        }
        if self.ctx != Ctx::Top && self.field_level(&t, &c) {
            return true;
        }
        match self.ctx {
            Ctx::Indicator => {
                if self.indicator_level(&t, &c) {
                    return true;
                }
            }
            Ctx::Reference => {
                if self.reference_level(&t, &c) {
                    return true;
                }
            }
            Ctx::Result => {
                for label in ["施策の分析", "次期目標等への反映の方向性"] {
                    if c == compact(label) {
                        self.out.heading(4, &t);
                        self.i += 1;
                        return true;
                    }
                }
            }
            Ctx::Top => {
                if self.top_level(&t, &c) {
                    return true;
                }
            }
            Ctx::Field | Ctx::Means => {}
        }
        false
    }

    fn field_level(&mut self, t: &str, c: &str) -> bool {
        let h3_as = |s: &mut Conv, ctx: Ctx, title: &str| {
            s.out.heading(3, title);
            s.ctx = ctx;
            s.i += 1;
            true
        };
        let h3 = |s: &mut Conv, ctx: Ctx| h3_as(s, ctx, t);
        if c == "施策の概要" || (c.starts_with("関連する内閣の重要政策") && !sentence_like(t)) {
            return h3(self, Ctx::Field);
        }
        if c == "作成にあたって使用した資料その他の情報" {
            return h3(self, Ctx::Field);
        }
        if c.starts_with("評価結果(個別分野") {
            return h3(self, Ctx::Result);
        }
        if let Some(rest) = after_label(t, "測定指標") {
            if let Some((_, _, after)) = id_prefix(rest.trim_start()) {
                if (after.is_empty() || after.starts_with(char::is_whitespace)) && !t.contains('。') {
                    // The keyword whole, as the format reads it.
                    return h3_as(self, Ctx::Indicator, &format!("測定指標{}", rest.trim_start()));
                }
            }
        }
        if let Some(rest) = after_label(t, "参考指標") {
            let r = rest.trim_start();
            let numbered = number_prefix(r).is_some_and(|(_, a)| a.is_empty() || a.starts_with([':', '：', ' ', '　']));
            if (numbered || r.starts_with([':', '：']) || rest.starts_with(char::is_whitespace)) && !t.contains('。') {
                let sep = if numbered || r.starts_with([':', '：']) { "" } else { " " };
                return h3_as(self, Ctx::Reference, &format!("参考指標{sep}{r}"));
            }
        }
        if c == "達成手段" {
            self.out.heading(3, t);
            self.ctx = Ctx::Means;
            self.i += 1;
            let used = tables::means(&self.lines[self.i..], &mut self.out);
            self.i += used;
            return true;
        }
        false
    }

    /// `（出典：…）`: `@出典`, with the lines a narrow column wrapped it to.
    fn source(&mut self, t: &str) -> bool {
        let c = compact(t);
        if !(c.starts_with("出典") || c.starts_with("(出典")) {
            return false;
        }
        // In the layout `hyoka render` prints, an attribute is its label and
        // its value (`出典 「…」`); a source in brackets or after a colon was
        // written as prose.
        if self.rendered && label_then(t, "出典").is_none_or(|v| v.is_empty() || v.starts_with([':', '：'])) {
            return false;
        }
        let balance = |s: &str| {
            let opens = s.chars().filter(|c| matches!(c, '（' | '(' | '「' | '｢')).count() as i32;
            let closes = s.chars().filter(|c| matches!(c, '）' | ')' | '」' | '｣')).count() as i32;
            opens - closes
        };
        let mut text = t.to_string();
        let mut used = 1;
        while balance(&text) > 0 && used < 4 {
            match self.text(self.i + used) {
                Some(n) if !starts_block(n) && !sentence_like(n) && n.chars().count() <= 30 => {
                    text.push_str(n.trim());
                    used += 1;
                }
                _ => break,
            }
        }
        match tables::source(&text) {
            Some(s) => {
                self.out.attr("出典", &s);
                self.i += used;
                true
            }
            None => false,
        }
    }

    /// Series lines (`①一般の部`) before a table: `@系列`.
    fn series(&mut self) -> Option<Vec<(u32, String)>> {
        let (n, s) = tables::series_lines(&self.lines[self.i..])?;
        // Only before the table of the block.
        let table_follows = self.lines[self.i + n..].iter().take(12).any(|l| {
            let c = compact(&l.text);
            c.contains("中期目標値") || c == "中期" || c == "実績値"
        });
        if !table_follows {
            return None;
        }
        let v: Vec<String> = s.iter().map(|(n, name)| format!("{}{}", crate::normalize::circled_char(*n).unwrap_or('・'), name)).collect();
        self.out.attr("系列", &v.join(" "));
        self.i += n;
        Some(s)
    }

    fn indicator_level(&mut self, t: &str, c: &str) -> bool {
        // 中期目標（令和７年度） text…
        if c.starts_with("中期目標(") {
            if let Some(close) = t.find(['）', ')']) {
                let end = close + t[close..].chars().next().map(char::len_utf8).unwrap_or(1);
                self.out.heading(4, &t[..end]);
                let rest = t[end..].trim();
                if !rest.is_empty() {
                    self.out.prose(rest);
                }
                self.i += 1;
                return true;
            }
        }
        let year_goal = (c.starts_with("令和") || c.starts_with("平成")) && c.ends_with("年度目標") && c.chars().count() <= 10;
        if year_goal || c.starts_with("施策の進捗状況") && c.chars().count() <= 14 || c == "評価結果を踏まえた変更点及びその理由" {
            self.out.heading(4, t);
            self.i += 1;
            return true;
        }
        // 令和２・３・４年度目標の達成状況： a (the label may be cut: `…達成状` / `況`)
        if (c.starts_with("令和") || c.starts_with("平成")) && c.contains("年度目標の達成状") && !c.contains("達成状況") {
            if let Some(next) = self.text(self.i + 1).map(str::to_string) {
                if compact(&next).starts_with('況') {
                    // `…の達成状   b` / `況`: the value may stand before the cut's end.
                    let joined = match t.rsplit_once(char::is_whitespace) {
                        Some((key, value)) if super::text::rating_letter(value) => format!("{}{} {}", key.trim(), next.trim(), value),
                        _ => format!("{}{}", t, next.trim()),
                    };
                    self.lines[self.i].text = joined;
                    self.lines.remove(self.i + 1);
                    return self.indicator_level(&self.lines[self.i].text.clone(), &compact(&self.lines[self.i].text.clone()));
                }
            }
        }
        if c.contains("年度目標の達成状況") && !sentence_like(t) {
            let end = t.find("達成状況").map(|p| p + "達成状況".len()).unwrap_or(t.len());
            let key = t[..end].trim().to_string();
            let mut value = t[end..].trim_start_matches(['：', ':', ' ', '　']).trim().to_string();
            let mut used = 1;
            if value.is_empty() {
                if let Some(next) = self.text(self.i + 1).filter(|n| super::text::rating_letter(n) || n.trim() == "－") {
                    value = next.trim().to_string();
                    used = 2;
                }
            }
            if value.chars().count() <= 4 {
                self.out.attr(&key, &value);
                self.out.end_block();
                self.i += used;
                return true;
            }
        }
        // Attributes printed as a label and its value.
        for label in ["単位", "系列"] {
            if let Some(v) = label_then(t, label).filter(|v| !v.is_empty() && v.chars().count() <= 40) {
                self.out.attr(label, v);
                self.i += 1;
                return true;
            }
        }
        if c.starts_with("中期目標値(") {
            if let Some(close) = t.find(['）', ')']) {
                let end = close + t[close..].chars().next().map(char::len_utf8).unwrap_or(1);
                let value = t[end..].trim();
                if !value.is_empty() && value.chars().count() <= 40 {
                    self.out.attr(&t[..end], value);
                    self.i += 1;
                    return true;
                }
            }
        }
        let used = tables::year_rows(&self.lines[self.i..], &mut self.out);
        if used > 0 {
            self.i += used;
            return true;
        }
        if self.source(t) {
            return true;
        }
        if self.series().is_some() {
            return true;
        }
        // The values table: from `中期目標値` or `中期` / `目標値`.
        let starts_table = c == "中期" && self.text(self.i + 1).is_some_and(|n| compact(n).starts_with("目標値"));
        if let Some(p) = t.find("中期目標値").filter(|_| !c.starts_with("中期目標値(")).or(starts_table.then_some(0)) {
            let before = t[..p].trim();
            let mut probe = self.lines[self.i..].to_vec();
            probe[0].text = t[p..].to_string();
            let mut table = super::out::Out::default();
            let used = tables::indicator_values(&probe, &mut table);
            if used > 0 {
                if !before.is_empty() {
                    self.out.prose(before);
                }
                self.out.append(table);
                self.i += used;
                return true;
            }
        }
        false
    }

    fn reference_level(&mut self, t: &str, c: &str) -> bool {
        if self.source(t) {
            return true;
        }
        let series = self.series();
        if series.is_some() {
            return true;
        }
        if let Some(v) = label_then(t, "系列").filter(|v| !v.is_empty() && v.chars().count() <= 40) {
            self.out.attr("系列", v);
            self.i += 1;
            return true;
        }
        if c == "実績値" || c == "区分" || c.starts_with("実績値令和") || c.starts_with("区分令和") {
            let defined = self.defined_series();
            let used = tables::reference_values(&self.lines[self.i..], &defined, &mut self.out);
            if used > 0 {
                self.i += used;
                return true;
            }
        }
        false
    }

    /// The series the current block defined with `@系列`.
    fn defined_series(&self) -> Vec<(u32, String)> {
        for l in self.out.lines.iter().rev() {
            if l.starts_with('#') {
                break;
            }
            if let Some(v) = l.strip_prefix("@系列: ") {
                let mut out = Vec::new();
                for part in v.split_whitespace() {
                    if let Some(n) = part.chars().next().and_then(crate::normalize::circled) {
                        out.push((n, part[part.chars().next().map(char::len_utf8).unwrap_or(0)..].to_string()));
                    }
                }
                return out;
            }
        }
        Vec::new()
    }

    fn top_level(&mut self, t: &str, c: &str) -> bool {
        for label in TOP_SECTIONS {
            if c == compact(label) {
                self.out.heading(2, t);
                self.i += 1;
                return true;
            }
        }
        for (label, max) in [("施策の予算額・執行額等（分担金・拠出金除く）", 6), ("施策の予算額・執行額等", 4), ("同（分担金・拠出金）", 4)] {
            if let Some((n, rest)) = self.label_at(label, max) {
                if !rest.is_empty() {
                    continue;
                }
                let title = self.joined(n);
                self.out.heading(2, &title);
                self.i += n;
                let used = tables::budget(&self.lines[self.i..], &mut self.out);
                self.i += used;
                return true;
            }
        }
        // 評価結果(注１)
        if c == "評価結果" || c.starts_with("評価結果(注") {
            self.out.heading(2, "評価結果");
            if c != "評価結果" {
                self.out.comment(&t.split_whitespace().collect::<String>());
            }
            self.i += 1;
            return true;
        }
        if let Some((n, rest)) = self.label_at("目標達成度合いの測定結果", 4) {
            self.i += n;
            let mut label = "目標達成度合いの測定結果".to_string();
            let mut value = rest;
            if value.starts_with(['(', '（']) && !MEASURE_LABELS.iter().any(|l| value.contains(l)) {
                label = format!("{label} {value}");
                value = String::new();
            }
            if value.is_empty() {
                if let Some(next) = self.text(self.i).map(str::to_string) {
                    if next.starts_with(['(', '（']) && !MEASURE_LABELS.iter().any(|l| next.contains(l)) && next.chars().count() <= 20 {
                        label = format!("{label} {}", next.trim());
                        self.i += 1;
                    }
                }
                if let Some(next) = self.text(self.i).map(str::to_string) {
                    if MEASURE_LABELS.iter().any(|l| compact(&next).starts_with(l)) && next.chars().count() <= 20 {
                        value = next.trim().to_string();
                        self.i += 1;
                    }
                }
            }
            if label != "目標達成度合いの測定結果" {
                self.out.comment(&label);
            }
            if value.is_empty() {
                self.out.guess("目標達成度合いの測定結果の値が見つからない");
                self.out.attr("目標達成度合いの測定結果", "");
            } else {
                self.out.attr("目標達成度合いの測定結果", &value);
            }
            self.out.end_block();
            return true;
        }
        // 測定指標の令和２・３・４年度目標の達成状況(注２)
        if c.starts_with("測定指標の") && c.contains("達成状況") && !sentence_like(t) {
            let printed = t.split_whitespace().collect::<String>();
            let title = match printed.find("(注").or_else(|| printed.find("（注")) {
                Some(p) => printed[..p].to_string(),
                None => printed.clone(),
            };
            self.out.heading(2, &title);
            if title != printed {
                self.out.comment(&printed);
            }
            self.i += 1;
            let used = tables::summary(&self.lines[self.i..], &mut self.out);
            self.i += used;
            return true;
        }
        for label in ATTRIBUTES {
            if let Some((n, rest)) = self.label_at(label, 3) {
                self.i += n;
                let mut value = rest;
                if value.is_empty() {
                    if let Some(next) = self.text(self.i).map(str::to_string) {
                        if !sentence_like(&next) && !ATTRIBUTES.iter().any(|a| compact(&next).starts_with(&compact(a))) {
                            value = next;
                            self.i += 1;
                        }
                    }
                }
                // `地域別外交 担当部局名 北米局`: another label in the value.
                let mut cut = None;
                for other in ATTRIBUTES {
                    for (p, _) in value.match_indices(char::is_whitespace) {
                        if label_then(value[p..].trim_start(), other).is_some() || after_label(value[p..].trim_start(), other).is_some_and(|r| r.is_empty()) {
                            cut = Some(cut.map_or(p, |q: usize| q.min(p)));
                        }
                    }
                }
                if let Some(p) = cut {
                    let rest = value[p..].trim().to_string();
                    value.truncate(p);
                    self.i -= 1;
                    self.lines[self.i].text = rest;
                }
                self.out.attr(label, value.trim());
                if value.trim().is_empty() {
                    self.out.guess(&format!("「{label}」の値が見つからない"));
                }
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_blocks() {
        assert!(complete_heading("測定指標 1-1 米国における対日世論調査の結果(日本を友邦として信頼できると肯定的に回答した割合) ＊"));
        assert!(!complete_heading("測定指標１－５ 米国における対日世論調査の結果（日本を友邦として信頼できると肯定的に"));
        assert!(!complete_heading("４月に行った日米首脳会談において、測定指標１－１の。"));
        // `①））` ends a citation the line cut; `①北米…` is an item.
        assert!(!starts_block("①））"));
        assert!(starts_block("①北米諸国との政治分野での協力推進"));
    }
}
