//! Hover: Markdown for what is under the cursor: a citation (the cited
//! object), a rating (its label and meaning in the configured scale), a total
//! cell (its formula and computed value), an amount (執行率), a year (和暦 ↔
//! 西暦), an indicator heading or summary row (the indicator's summary).

use super::inlay::{execution_rates, percent, totals, western_label, year_mentions, YearMention};
use crate::config::{parse_measure_rating, Config, MEASURE_LABELS};
use crate::i18n::{Lang, Msg};
use crate::model::{CellValue, CitationTarget, Indicator, Report, Span};
use crate::normalize::{circled_char, fold, format_number, year_label, FiscalYear};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// What the hover describes.
    pub span: Span,
    pub markdown: String,
}

/// The hover at `offset` in `text` (analysed as `r`). `others` are the other
/// documents of the workspace, searched for what a citation names when this
/// document does not define it (e.g. the plan's 達成手段).
pub fn hover(text: &str, r: &Report, config: &Config, offset: usize, others: &[&Report], lang: Lang) -> Option<Hover> {
    let t = |m: Msg| m.text(lang);
    let inside = |s: &Span| s.start <= offset && offset < s.end;
    let at = |span: &Span, markdown: String| Some(Hover { span: span.clone(), markdown });
    // Citations.
    if let Some(c) = r.citations.iter().find(|c| inside(&c.span)) {
        return at(&c.span, citation(r, others, config, &c.target, c.field, lang));
    }
    // Ratings.
    for ind in &r.indicators {
        for rt in &ind.ratings {
            if inside(&rt.value.span) {
                let period = (!rt.period.is_empty()).then(|| period_label(&rt.period, lang));
                let head = t(Msg::HoverRatingOf { id: ind.id.to_string(), period, in_summary: false });
                return at(&rt.value.span, format!("{head}\n\n{}", indicator_rating(config, &rt.value.text, lang)));
            }
        }
    }
    for e in &r.summary {
        if let Some(rt) = e.rating.as_ref().filter(|rt| inside(&rt.span)) {
            let head = t(Msg::HoverRatingOf { id: e.id.to_string(), period: None, in_summary: true });
            let mut md = format!("{head}\n\n{}", indicator_rating(config, &rt.text, lang));
            if let Some(block) = r.indicator(e.id).and_then(|i| i.ratings.last()) {
                let same = fold(&block.value.text).eq_ignore_ascii_case(&fold(&rt.text));
                md.push_str(&format!("\n\n{}", t(Msg::HoverBlockRates { rating: block.value.text.clone(), differs: !same })));
            }
            return at(&rt.span, md);
        }
    }
    if let Some(m) = r.measure_rating.as_ref().filter(|m| inside(&m.span)) {
        return at(&m.span, measure_rating(config, &m.text, lang));
    }
    // Totals and execution.
    if let Some(t) = totals(r).into_iter().find(|t| inside(&t.cell)) {
        let mut md = format!("**{}** {}\n\n`{} = {}`", t.label, t.column, t.expr, format_number(t.computed));
        if (t.written - t.computed).abs() > 1e-9 {
            let written = Msg::HoverTotalWritten { written: format_number(t.written), difference: format_number(t.written - t.computed) };
            md.push_str(&format!("\n\n{}", written.text(lang)));
        }
        return at(&t.cell, md);
    }
    if let Some(e) = execution_rates(r).into_iter().find(|e| inside(&e.cell) || e.budget_cell.as_ref().is_some_and(inside)) {
        let span = if inside(&e.cell) { e.cell.clone() } else { e.budget_cell.clone().unwrap() };
        return at(
            &span,
            t(Msg::HoverExecution {
                rate: percent(e.rate),
                year: e.year,
                execution: format_number(e.execution),
                budget_label: e.budget_label.clone(),
                budget: format_number(e.budget),
            }),
        );
    }
    // Years, anywhere on the line.
    let line_start = text[..offset.min(text.len())].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[line_start..].find('\n').map(|i| line_start + i).unwrap_or(text.len());
    for m in year_mentions(&text[line_start..line_end]) {
        let span = line_start + m.span.start..line_start + m.span.end;
        if inside(&span) {
            return at(&span, year_text(&m, lang));
        }
    }
    // Indicator headings and summary rows.
    if let Some(ind) = r.indicators.iter().find(|i| inside(&r.sections[i.section].heading_span)) {
        return at(&r.sections[ind.section].heading_span, indicator_summary(r, config, ind, lang));
    }
    if let Some(e) = r.summary.iter().find(|e| inside(&e.id_span)) {
        let md = match r.indicator(e.id) {
            Some(ind) => indicator_summary(r, config, ind, lang),
            None => t(Msg::HoverIndicatorUndefined { id: e.id.to_string(), here: true }),
        };
        return at(&e.id_span, md);
    }
    None
}

fn period_label(years: &[FiscalYear], lang: Lang) -> String {
    let m = YearMention { span: 0..0, years: years.to_vec(), fiscal: true, western: false };
    let wareki = match years {
        [y] => year_label(*y),
        _ => format!("{}〜{}", year_label(years[0]), year_label(*years.last().unwrap())),
    };
    Msg::HoverPeriod { wareki, western: western_label(&m, lang) }.text(lang)
}

fn scale(config: &Config) -> String {
    config.indicator_scale.join(" / ")
}

/// `**b**: 相当程度進展あり — considerable progress…`
fn indicator_rating(config: &Config, letter: &str, lang: Lang) -> String {
    let folded = fold(letter);
    match config.indicator_rank(letter) {
        Some(rank) => {
            let mut md = Msg::HoverIndicatorRating { letter: folded.clone(), rank, scale: scale(config) }.text(lang);
            if folded != letter {
                md.push_str(&format!("\n\n{}", Msg::HoverWrittenFullWidth { letter: letter.to_string() }.text(lang)));
            }
            md
        }
        None => Msg::HoverNotOnScale { letter: letter.to_string(), scale: scale(config) }.text(lang),
    }
}

fn measure_rating(config: &Config, text: &str, lang: Lang) -> String {
    let (rank, letter) = parse_measure_rating(text);
    let Some(rank) = rank else {
        return Msg::HoverMeasureNotLabel { text: text.to_string(), labels: MEASURE_LABELS.join(" / ") }.text(lang);
    };
    let expected = config.measure_letters.get(rank).cloned().unwrap_or_default();
    let mut md = Msg::HoverMeasureLabel { rank, letter: expected.clone() }.text(lang);
    if let Some(l) = letter {
        if !fold(&l).eq_ignore_ascii_case(&fold(&expected)) {
            md.push_str(&format!("\n\n{}", Msg::HoverLetterMismatch { letter: l.clone(), expected: expected.clone() }.text(lang)));
        }
    }
    let labels: Vec<String> =
        MEASURE_LABELS.iter().zip(&config.measure_letters).map(|(l, c)| if *l == MEASURE_LABELS[rank] { format!("**{l}（{c}）**") } else { format!("{l}（{c}）") }).collect();
    md.push_str(&format!("\n\n{}", Msg::HoverScale { labels: labels.join(" > ") }.text(lang)));
    md
}

fn year_text(m: &YearMention, lang: Lang) -> String {
    let parts: Vec<String> = m
        .years
        .iter()
        .map(|&y| {
            let wareki = if m.fiscal { year_label(y) } else { year_label(y).trim_end_matches("年度").to_string() + "年" };
            let msg = if m.fiscal {
                Msg::HoverFiscalYear { wareki, year: y, western_first: m.western }
            } else {
                Msg::HoverCalendarYear { wareki, year: y, western_first: m.western }
            };
            msg.text(lang)
        })
        .collect();
    parts.join("\n\n")
}

/// The written text of a value cell or attribute value, else a rendering.
fn value_text(r: &Report, v: &(CellValue, Span), lang: Lang) -> String {
    let cell = r.tables.iter().flat_map(|t| t.rows.iter().flat_map(|row| row.cells.iter())).find(|c| c.span == v.1);
    if let (Some(c), false) = (cell, matches!(v.0, CellValue::Text)) {
        return c.text.clone();
    }
    if let Some(val) = r.attributes.iter().filter_map(|a| a.value.as_ref()).find(|val| val.span == v.1) {
        return val.text.clone();
    }
    match &v.0 {
        CellValue::None => "—".into(),
        CellValue::Number { value, unit } => format!("{}{}", format_number(*value), unit.clone().unwrap_or_default()),
        CellValue::WithExecution { budget, execution } => format!("{} ({})", format_number(*budget), format_number(*execution)),
        CellValue::Series(s) => s
            .iter()
            .map(|p| format!("{}{}", circled_char(p.label).unwrap_or('?'), p.value.map(format_number).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(" "),
        CellValue::Text => cell.map(|c| c.text.clone()).unwrap_or_else(|| Msg::HoverText.text(lang)),
    }
}

/// ID, title, main, medium-term target, series, ratings, targets per year.
pub fn indicator_summary(r: &Report, config: &Config, ind: &Indicator, lang: Lang) -> String {
    let title = ind.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
    let mut md = format!("**測定指標{}** {title}{}", ind.id, if ind.main { " ＊（主要）" } else { "" });
    md.push_str(&format!("\n\n{}", Msg::HoverQuantitative(ind.quantitative).text(lang)));
    match &ind.midterm {
        Some(m) => {
            let value = m.value.as_ref().map(|v| value_text(r, v, lang));
            md.push_str(&format!("\n\n{}", Msg::HoverMidterm { year: m.year, value }.text(lang)));
        }
        None => md.push_str(&format!("\n\n- 中期目標{}", if lang == Lang::Ja { "：なし" } else { ": none" })),
    }
    if !ind.series.is_empty() {
        let s: Vec<String> = ind.series.iter().map(|(n, name)| format!("{}{name}", circled_char(*n).unwrap_or('?'))).collect();
        md.push_str(&format!("\n- 系列: {}", s.join(" ")));
    }
    for rt in &ind.ratings {
        let label = config.indicator_rank(&rt.value.text).map(|k| MEASURE_LABELS[k]);
        let period = (!rt.period.is_empty()).then(|| period_label(&rt.period, lang));
        md.push_str(&format!("\n{}", Msg::HoverRatingLine { period, rating: rt.value.text.clone(), label }.text(lang)));
    }
    if !ind.years.is_empty() {
        md.push_str(&format!("\n\n{}\n|---|---|---|", Msg::HoverValuesHeader.text(lang)));
        for y in &ind.years {
            let cell = |v: &Option<(CellValue, Span)>| match v {
                None => "—".to_string(),
                Some((CellValue::Text, s)) if r.sections.iter().any(|sec| sec.name_span == *s) => Msg::HoverDescribed.text(lang),
                Some(v) => value_text(r, v, lang).replace('|', "\\|"),
            };
            md.push_str(&format!("\n| {} | {} | {} |", year_label(y.year), cell(&y.target), cell(&y.result)));
        }
    }
    md
}

fn citation(r: &Report, others: &[&Report], config: &Config, target: &CitationTarget, field: Option<u32>, lang: Lang) -> String {
    let t = |m: Msg| m.text(lang);
    let docs: Vec<&Report> = std::iter::once(r).chain(others.iter().copied()).collect();
    match target {
        CitationTarget::Means { number, name } => {
            let label = circled_char(*number).map(String::from).unwrap_or_else(|| number.to_string());
            let found = docs.iter().find_map(|d| {
                let same_field = d.means.iter().find(|m| m.number == *number && (field.is_none() || m.field == field));
                same_field.or_else(|| d.means.iter().find(|m| m.number == *number && m.field.is_none())).map(|m| (*d, m))
            });
            let Some((d, m)) = found else { return t(Msg::HoverMeansUndefined { label }) };
            let mut md = format!("**達成手段{label}** {}", m.name.text);
            if m.is_new {
                md.push_str(" （新規）");
            }
            if m.main {
                md.push_str(" （主要）");
            }
            if !std::ptr::eq(d, r) {
                md.push_str(&format!("\n\n{}", t(Msg::HoverDefinedIn { kind: d.kind.map(|k| k.name()) })));
            }
            if let Some(n) = name {
                if crate::normalize::compact(&n.text) != crate::normalize::compact(&m.name.text) {
                    md.push_str(&format!("\n\n{}", t(Msg::HoverCitedAs { name: n.text.clone() })));
                }
            }
            if !m.related.is_empty() {
                md.push_str(&format!("\n\n関連する測定指標: {}", m.related.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>().join(", ")));
            }
            if let Some(p) = &m.project_number {
                md.push_str(&format!("\n\n事業番号: {}", p.text));
            }
            for a in &m.amounts {
                let amount = match (a.budget, a.execution) {
                    (Some(b), Some(e)) => t(Msg::HoverExecuted {
                        budget: format_number(b),
                        execution: format_number(e),
                        rate: (b > 0.0).then(|| percent(e / b * 100.0)),
                    }),
                    (Some(b), None) => format_number(b),
                    _ => "—".into(),
                };
                md.push_str(&format!("\n- {}{}: {amount}", year_label(a.year), if a.initial { "当初" } else { "" }));
            }
            md
        }
        CitationTarget::Indicator { id, reference: false, .. } => {
            match docs.iter().find_map(|d| d.indicator(*id).map(|i| (*d, i))) {
                Some((d, ind)) => indicator_summary(d, config, ind, lang),
                None => t(Msg::HoverIndicatorUndefined { id: id.to_string(), here: false }),
            }
        }
        CitationTarget::Indicator { id, reference: true, .. } => {
            let matches = |d: &Report| {
                d.references.iter().find(|x| {
                    let n = x.number.as_deref().map(fold).unwrap_or_default();
                    n == id.to_string() || (x.field == Some(id.field) && n == id.number.to_string())
                }).cloned()
            };
            match docs.iter().find_map(|d| matches(d)) {
                Some(x) => format!("**参考指標{}** {}", id, x.title.map(|t| t.text).unwrap_or_default()),
                None => t(Msg::HoverReferenceUndefined { id: id.to_string() }),
            }
        }
        CitationTarget::Field { number } => {
            let Some((d, f)) = docs.iter().find_map(|d| d.fields.iter().find(|f| f.number == *number).map(|f| (*d, f))) else {
                return t(Msg::HoverFieldUndefined { number: *number });
            };
            let mut md = format!("**個別分野{number}** {}", f.title.as_ref().map(|t| t.text.as_str()).unwrap_or(""));
            for ind in d.indicators.iter().filter(|i| i.field == Some(*number)) {
                let rating = ind.ratings.last().map(|r| format!(" `{}`", r.value.text)).unwrap_or_default();
                let title = ind.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
                md.push_str(&format!("\n- 測定指標{} {title}{}{rating}", ind.id, if ind.main { " ＊" } else { "" }));
            }
            md
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    const DOC: &str = "# 政策評価書 Ⅸ-1 架空\n@年度: 令和5年度\n## 施策の予算額・執行額等\n\
| 区分 | 令和2年度 | 令和3年度 |\n| 当初予算(a) | 100 | 110 |\n| 補正予算(b) | 10 | 0 |\n| 繰越し等(c) | 0 | 0 |\n| 合計(a＋b＋c) | 110 | 111 |\n| 執行額 | 98 | 104 |\n\
## 評価結果\n@目標達成度合いの測定結果: 目標達成（Ｂ）\n\
## 測定指標の達成状況\n| 測定指標 | 名称 | 達成状況 |\n| ＊1-1 | 交流 | ａ |\n\
## 個別分野 1 交流の拡大\n### 測定指標 1-1 交流事業の参加者数 ＊\n@系列: ①国内 ②海外\n@中期目標値（令和7年度）: ①1,200 ②800\n\
| 年度 | 目標値 | 実績値 |\n| 令和2年度 | ①1,000 ②600 | ①1,050 ②640 |\n@令和2・3・4年度目標の達成状況: ｂ\n\
### 達成手段\n| 達成手段 | 令和4年度 | 令和5年度当初 | 関連する測定指標 | 事業番号 |\n| ①地域交流事業 | 72 (63) | 70 | 1-1 | 0101 |\n\
### 評価結果(個別分野1)\n（令和２・３・４年度：地域交流（達成手段①））を実施。測定指標１－１と個別分野１を見よ。\n";

    fn hover_at(needle: &str, nth: usize) -> Hover {
        let a = analyze(DOC, &Config::default());
        let off = DOC.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle}")).0;
        hover(DOC, &a.report, &Config::default(), off, &[], Lang::En).unwrap_or_else(|| panic!("no hover at {needle}"))
    }

    #[test]
    fn ratings() {
        let h = hover_at("ｂ\n", 0);
        assert_eq!(&DOC[h.span.clone()], "ｂ");
        assert_eq!(
            h.markdown,
            "測定指標1-1 for 令和2年度〜令和4年度 (FY2020–2022)\n\n**b**: 相当程度進展あり — considerable progress towards the targets\n\nIndicator scale: s / a / b / c / d\n\nWritten full-width: `ｂ`"
        );
        let h = hover_at("ａ |", 0);
        assert!(h.markdown.starts_with("測定指標1-1 (summary)\n\n**a**: 目標達成"), "{}", h.markdown);
        assert!(h.markdown.ends_with("The indicator's block rates it `ｂ` (differs)."), "{}", h.markdown);
        let h = hover_at("目標達成（Ｂ）", 0);
        assert!(h.markdown.starts_with("**目標達成** (A) — the targets were achieved\n\nThe letter `B` does not match the label (expected `A`)"), "{}", h.markdown);
    }

    #[test]
    fn totals_and_execution() {
        let h = hover_at("111", 0);
        assert_eq!(h.markdown, "**合計(a+b+c)** 令和3年度\n\n`110 + 0 + 0 = 110`\n\nWritten: 111 (differs by 1)");
        let h = hover_at("98 |", 0);
        assert_eq!(&DOC[h.span.clone()], "98");
        assert_eq!(h.markdown, "**執行率 89.1%** (令和2年度 / FY2020)\n\n執行額 98 ÷ 合計(a+b+c) 110");
        let h = hover_at("72 (63)", 0);
        assert_eq!(h.markdown, "**執行率 87.5%** (令和4年度 / FY2022)\n\n執行額 63 ÷ 予算額計 72");
    }

    #[test]
    fn years() {
        let h = hover_at("令和5年度\n", 0);
        assert_eq!(h.markdown, "令和5年度 = FY2023 (2023年4月〜2024年3月)");
        assert_eq!(&DOC[h.span], "令和5年度");
        let text = "本文 FY2023 と 令和５年８月。\n";
        let a = analyze(text, &Config::default());
        let h = hover(text, &a.report, &Config::default(), text.find("2023").unwrap(), &[], Lang::En).unwrap();
        assert_eq!(h.markdown, "FY2023 = 令和5年度 (2023年4月〜2024年3月)");
        let h = hover(text, &a.report, &Config::default(), text.find("５年").unwrap(), &[], Lang::En).unwrap();
        assert_eq!(h.markdown, "令和5年 = 2023年");
    }

    #[test]
    fn citations_and_indicator_heading() {
        let h = hover_at("達成手段①）", 0);
        assert_eq!(
            h.markdown,
            "**達成手段①** 地域交流事業\n\nCited as 「地域交流」\n\n関連する測定指標: 1-1\n\n事業番号: 0101\n- 令和4年度: 72 (執行 63, 87.5%)\n- 令和5年度当初: 70"
        );
        let summary = "**測定指標1-1** 交流事業の参加者数 ＊（主要）\n\n定量的\n\n- 中期目標 (令和7年度 / FY2025): ①1,200 ②800\n- 系列: ①国内 ②海外\n- 評価 令和2年度〜令和4年度 (FY2020–2022): `ｂ` (相当程度進展あり)\n\n| 年度 | 目標 | 実績 |\n|---|---|---|\n| 令和2年度 | ①1,000 ②600 | ①1,050 ②640 |";
        assert_eq!(hover_at("測定指標１－１", 0).markdown, summary);
        assert_eq!(hover_at("交流事業の参加者数 ＊", 0).markdown, summary);
        assert_eq!(hover_at("1-1 | 交流", 0).markdown, summary);
        let h = hover_at("個別分野１", 0);
        assert_eq!(h.markdown, "**個別分野1** 交流の拡大\n- 測定指標1-1 交流事業の参加者数 ＊ `ｂ`");
    }

    #[test]
    fn cross_document_means() {
        let plan = "# 事前分析表 Ⅸ-1 架空\n## 個別分野 1 A\n### 達成手段\n| 達成手段 | 令和5年度当初 |\n| ③国際会議 | 10 |\n";
        let eval = "# 政策評価書 Ⅸ-1 架空\n## 個別分野 1 A\n本文（令和５年度：国際会議（達成手段③））。\n";
        let (p, e) = (analyze(plan, &Config::default()), analyze(eval, &Config::default()));
        let off = eval.find("達成手段③").unwrap();
        assert_eq!(hover(eval, &e.report, &Config::default(), off, &[], Lang::En).unwrap().markdown, "達成手段③ is not defined");
        let h = hover(eval, &e.report, &Config::default(), off, &[&p.report], Lang::En).unwrap();
        assert_eq!(h.markdown, "**達成手段③** 国際会議\n\nDefined in the 事前分析表\n- 令和5年度当初: 10");
    }

    #[test]
    fn nothing_on_plain_prose() {
        let a = analyze(DOC, &Config::default());
        assert_eq!(hover(DOC, &a.report, &Config::default(), DOC.find("を実施").unwrap(), &[], Lang::En), None);
    }
}
