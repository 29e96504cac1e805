//! Structure: syntax errors, the parts each document type requires, years
//! that do not match the period rated, unbalanced citation brackets.

use super::registry::*;
use super::{Diagnostic, Msg};
use crate::config::Config;
use crate::model::{CitationTarget, DocKind, Report, SectionKind};
use crate::normalize::{compact, year_label};

pub fn check(r: &Report, text: &str, _config: &Config, out: &mut Vec<Diagnostic>) {
    syntax(r, text, out);
    parts(r, out);
    periods(r, out);
    for c in &r.citations {
        if matches!(c.target, CitationTarget::Means { .. }) && c.bracket_balance != 0 {
            out.push(Diagnostic::new(
                UNBALANCED_CITATION,
                c.span.clone(),
                Msg::UnbalancedCitation {
                    unclosed: c.bracket_balance > 0,
                    opening: count(&text[c.span.clone()], &['（', '(']),
                    closing: count(&text[c.span.clone()], &['）', ')']),
                },
            ));
        }
    }
}

fn count(s: &str, chars: &[char]) -> usize {
    s.chars().filter(|c| chars.contains(c)).count()
}

fn syntax(r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    // A typed heading whose ID is missing parses as a plain heading.
    for s in &r.sections {
        if s.kind != SectionKind::Plain {
            continue;
        }
        let t = crate::normalize::fold(&s.title);
        let missing = [("測定指標", false), ("個別分野", true), ("indicator", false), ("field", true)]
            .into_iter()
            .find(|(k, _)| t.strip_prefix(k).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')));
        if let Some((keyword, field)) = missing {
            out.push(Diagnostic::new(SYNTAX_ERROR, s.heading_span.clone(), Msg::HeadingWithoutId { keyword: keyword.to_string(), field }));
        }
    }
    // `@令和２・３・４年度目標の達成状況 b`: a known key and its value with the
    // colon forgotten, read as one long key with no value.
    for a in r.attributes.iter().filter(|a| a.value.is_none()) {
        let Some(written) = text.get(a.key_span.clone()) else { continue };
        let Some(gap) = written.trim_end().rfind([' ', '\u{3000}', '\t']) else { continue };
        let (key, value) = (written[..gap].trim_end(), written[gap..].trim());
        let k = compact(key);
        let known = k.ends_with("達成状況")
            || k.starts_with("中期目標値")
            || KNOWN_KEYS.contains(&k.as_str());
        if !known || value.is_empty() {
            continue;
        }
        let blank = a.key_span.start + key.len()..a.key_span.start + gap + written[gap..].len() - written[gap..].trim_start().len();
        out.push(
            Diagnostic::new(SYNTAX_ERROR, a.key_span.clone(), Msg::ColonForgotten { key: key.to_string(), value: value.to_string() })
                .fix(Msg::FixInsertColon, blank, ": "),
        );
    }
    for (span, missing) in &r.syntax_errors {
        let line_start = text[..span.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let first = text[line_start..].trim_start().chars().next().unwrap_or(' ');
        let message = if *missing {
            Msg::LineIncomplete
        } else {
            match first {
                '#' | '＃' => Msg::HeadingMalformed,
                '@' | '＠' => Msg::AttributeMalformed,
                _ => Msg::LineMalformed,
            }
        };
        let mut span = span.clone();
        if span.is_empty() {
            span.end = text[span.start..].find('\n').map(|i| span.start + i).unwrap_or(text.len());
        }
        out.push(Diagnostic::new(SYNTAX_ERROR, span, message));
    }
}

/// Attribute keys the checks read (compacted), for telling a forgotten colon.
const KNOWN_KEYS: &[&str] = &[
    "年度", "単位", "施策名", "政策名", "番号", "評価方式", "担当部局名", "政策評価実施時期", "政策評価実施予定時期", "目標達成度合いの測定結果",
    "政策目標の達成度合い", "政策体系上の位置付け", "系列", "方向", "出典",
];

/// Whether some section title, folded and without spaces, satisfies `pred`.
fn has_section(r: &Report, pred: impl Fn(&str) -> bool) -> bool {
    r.sections.iter().any(|s| pred(&compact(&s.title)))
}

fn has_attr(r: &Report, keys: &[&str]) -> bool {
    r.attributes.iter().any(|a| keys.contains(&compact(&a.key).as_str()))
}

fn parts(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(kind) = r.kind else {
        if !r.sections.is_empty() || !r.attributes.is_empty() {
            out.push(Diagnostic::new(
                MISSING_PART,
                0..0,
                Msg::NoDocumentHeading,
            ));
        }
        return;
    };
    let at = r.heading.as_ref().map(|h| h.span.clone()).unwrap_or(0..0);
    let mut missing: Vec<&str> = Vec::new();
    if r.heading.as_ref().is_some_and(|h| h.measure_id.is_none()) {
        missing.push("施策 ID");
    }
    if r.year.is_none() {
        missing.push("@年度");
    }
    let budget = !r.budgets.is_empty();
    match kind {
        DocKind::Evaluation => {
            if !has_section(r, |t| t.contains("施策目標")) {
                missing.push("施策目標");
            }
            if !budget {
                missing.push("施策の予算額・執行額等");
            }
            if r.measure_rating.is_none() {
                missing.push(if has_attr(r, &["目標達成度合いの測定結果"]) { "@目標達成度合いの測定結果 の値" } else { "@目標達成度合いの測定結果" });
            }
            if r.summary_section.is_none() {
                missing.push("測定指標の達成状況（一覧）");
            }
            if !has_section(r, |t| t.contains("学識経験を有する者の知見の活用")) {
                missing.push("学識経験を有する者の知見の活用");
            }
            if !has_attr(r, &["担当部局名"]) {
                missing.push("@担当部局名");
            }
            if !has_attr(r, &["政策評価実施時期"]) {
                missing.push("@政策評価実施時期");
            }
        }
        DocKind::Plan => {
            if !has_section(r, |t| t.contains("施策目標")) {
                missing.push("施策目標");
            }
            if !has_section(r, |t| t.contains("目標設定の考え方")) {
                missing.push("目標設定の考え方・根拠");
            }
            if !budget {
                missing.push("施策の予算額・執行額等");
            }
            if !has_attr(r, &["担当部局名"]) {
                missing.push("@担当部局名");
            }
            if !has_attr(r, &["政策評価実施予定時期"]) {
                missing.push("@政策評価実施予定時期");
            }
        }
        DocKind::BudgetSheet => {
            if r.measure_rating.is_none() {
                missing.push(if has_attr(r, &["政策目標の達成度合い"]) { "@政策目標の達成度合い の値" } else { "@政策目標の達成度合い" });
            }
            if !r.tables.iter().any(|t| t.rows.iter().any(|row| compact(row.label()).starts_with("合計"))) {
                missing.push("予算額の表（合計）");
            }
        }
    }
    if !missing.is_empty() {
        out.push(Diagnostic::new(
            MISSING_PART,
            at.clone(),
            Msg::DocumentLacks { kind: kind.name(), missing: missing.iter().map(|m| m.to_string()).collect() },
        ));
    }
    // Per field. The enclosing field of every section and what each field
    // holds are computed in one pass (linear in the sections, not fields ×
    // sections: this runs on every keystroke).
    let field_of: Vec<Option<usize>> = (0..r.sections.len())
        .map(|i| r.enclosing(Some(i), |x| matches!(x.kind, SectionKind::Field(_))))
        .collect();
    #[derive(Default, Clone, Copy)]
    struct Holds {
        indicator: bool,
        analysis: bool,
        next: bool,
        means: bool,
    }
    let mut holds = vec![Holds::default(); r.sections.len()];
    if kind == DocKind::Evaluation {
        for (i, s) in r.sections.iter().enumerate() {
            let Some(f) = field_of[i] else { continue };
            let t = compact(&s.title);
            holds[f].analysis |= t.contains("施策の分析");
            holds[f].next |= t.contains("次期目標等への反映の方向性");
        }
    }
    for ind in &r.indicators {
        if let Some(f) = field_of.get(ind.section).copied().flatten() {
            holds[f].indicator = true;
        }
    }
    for (s, _) in &r.means_sections {
        if let Some(f) = field_of.get(*s).copied().flatten() {
            holds[f].means = true;
        }
    }
    for f in &r.fields {
        let h = holds.get(f.section).copied().unwrap_or_default();
        let mut missing = Vec::new();
        if !h.indicator {
            missing.push("測定指標");
        }
        match kind {
            DocKind::Evaluation => {
                if !h.analysis {
                    missing.push("施策の分析");
                }
                if !h.next {
                    missing.push("次期目標等への反映の方向性");
                }
            }
            DocKind::Plan => {
                if !h.means {
                    missing.push("達成手段");
                }
            }
            DocKind::BudgetSheet => {}
        }
        if !missing.is_empty() {
            out.push(Diagnostic::new(
                MISSING_PART,
                f.label_span.clone(),
                Msg::FieldLacks { number: f.number, missing: missing.iter().map(|m| m.to_string()).collect() },
            ));
        }
    }
}

fn periods(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.kind != Some(DocKind::Evaluation) {
        return;
    }
    for ind in &r.indicators {
        let Some(rating) = ind.ratings.last() else { continue };
        if rating.period.is_empty() {
            continue;
        }
        for y in &ind.years {
            if !rating.period.contains(&y.year) {
                out.push(
                    Diagnostic::new(
                        PERIOD_MISMATCH,
                        y.span.clone(),
                        Msg::YearOutsidePeriod { id: ind.id.to_string(), year: y.year, period: period_label(&rating.period) },
                    )
                    .related(rating.key_span.clone(), Msg::RelRatedPeriod),
                );
            }
        }
        if !ind.years.is_empty() {
            let missing: Vec<i32> = rating.period.iter().filter(|p| !ind.years.iter().any(|y| y.year == **p)).copied().collect();
            if !missing.is_empty() {
                out.push(Diagnostic::new(
                    PERIOD_MISMATCH,
                    rating.key_span.clone(),
                    Msg::PeriodYearsMissing { id: ind.id.to_string(), period: period_label(&rating.period), missing },
                ));
            }
        }
    }
}

pub fn period_label(p: &[i32]) -> String {
    match p {
        [] => String::new(),
        [one] => year_label(*one),
        [first, .., last] => format!("{}～{}", year_label(*first).trim_end_matches("年度"), year_label(*last)),
    }
}
