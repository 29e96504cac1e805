//! Missing targets and references: indicators without targets, citations of
//! indicators, fields, means or series that do not exist, names cited two
//! ways, the summary list against the blocks, duplicate IDs.

use super::registry::*;
use super::Diagnostic;
use crate::config::Config;
use crate::model::{CellValue, CitationTarget, DocKind, IndicatorId, Means, Report, SectionKind, Span};
use crate::normalize::{circled_char, compact, year_label};
use std::collections::HashMap;

pub fn check(r: &Report, text: &str, _config: &Config, out: &mut Vec<Diagnostic>) {
    if r.kind == Some(DocKind::BudgetSheet) {
        return;
    }
    targets(r, text, out);
    series(r, out);
    citations(r, out);
    if r.kind == Some(DocKind::Plan) || !r.means.is_empty() {
        let means: Vec<&Means> = r.means.iter().collect();
        out.extend(resolve_means_citations(r, &means, None));
    }
    related(r, out);
    summary(r, out);
    duplicates(r, out);
    if !r.indicators.is_empty() && !r.indicators.iter().any(|i| i.main) {
        let at = r.heading.as_ref().map(|h| h.span.clone()).unwrap_or(r.indicators[0].label_span.clone());
        out.push(Diagnostic::new(NO_MAIN_INDICATOR, at, "no indicator is marked 主要 (`＊` at the end of its heading)"));
    }
}

fn targets(r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    // Quick fixes start from the document's own year; the author adjusts it.
    let year = r.year.as_ref().map(|y| crate::normalize::year_label(y.0));
    for ind in &r.indicators {
        match &ind.midterm {
            None => {
                let mut d = Diagnostic::new(
                    MISSING_MIDTERM_TARGET,
                    ind.label_span.clone(),
                    format!("測定指標{} has no 中期目標{}", ind.id, if ind.quantitative { "値 (`@中期目標値（令和N年度）: value`)" } else { " (`#### 中期目標（令和N年度）`)" }),
                );
                if let Some(y) = &year {
                    let s = &r.sections[ind.section];
                    let at = s.heading_span.end;
                    let skeleton = if ind.quantitative {
                        format!("\n@中期目標値（{y}）: ")
                    } else {
                        format!("\n{} 中期目標（{y}）\n", "#".repeat(s.level + 1))
                    };
                    d = d.fix(format!("Add a 中期目標 for {y}"), at..at, skeleton);
                }
                out.push(d);
            }
            Some(m) if m.year.is_none() => {
                let mut d = Diagnostic::new(
                    MISSING_TARGET_YEAR,
                    m.span.clone(),
                    format!("the 中期目標 of 測定指標{} has no target year (write it as `（令和N年度）`)", ind.id),
                );
                // `--年度` (or `－－年度`) becomes the document's year.
                let written = &text[m.span.clone()];
                let placeholder = ["--年度", "－－年度", "―年度", "-年度"].iter().find_map(|p| written.find(p).map(|i| (i, p.len())));
                if let (Some(y), Some((i, len))) = (&year, placeholder) {
                    let start = m.span.start + i;
                    d = d.fix(format!("Set the target year to {y}"), start..start + len, y.clone());
                }
                out.push(d);
            }
            _ => {}
        }
        if let Some(m) = &ind.midterm {
            let empty = matches!(&m.value, None | Some((CellValue::None, _)));
            // An `@中期目標値（…）:` attribute (a heading's 中期目標 has text instead).
            let key = compact(text.get(m.span.clone()).unwrap_or(""));
            let value_attribute = key.contains("中期目標値") || key.contains("midterm-target");
            if value_attribute && m.year.is_some() && empty {
                out.push(Diagnostic::new(
                    MIDTERM_VALUE_MISSING,
                    m.span.clone(),
                    format!("the 中期目標値 of 測定指標{} names its year but gives no value", ind.id),
                ));
            }
            if let (Some(DocKind::Plan), Some(target), Some((own, _))) = (r.kind, m.year, &r.year) {
                if target < *own {
                    out.push(Diagnostic::new(
                        TARGET_YEAR_BEFORE_PLAN,
                        m.span.clone(),
                        format!(
                            "the 中期目標 of 測定指標{} is for {}, before this 事前分析表's own year ({}): a target of the plan lies ahead",
                            ind.id,
                            year_label(target),
                            year_label(*own)
                        ),
                    ));
                }
            }
        }
        // A plan sets each indicator's target for its own year (`令和5年度目標`,
        // or a 目標値 in the 令和5年度 row).
        if let (Some(DocKind::Plan), Some((own, _))) = (r.kind, &r.year) {
            // A quantitative indicator without a values table is HY0117's.
            let has_years = !ind.years.is_empty() || !ind.quantitative;
            let targeted = ind.years.iter().any(|y| y.year == *own && !matches!(&y.target, None | Some((CellValue::None, _))));
            if has_years && !targeted {
                out.push(Diagnostic::new(
                    PLAN_YEAR_TARGET_MISSING,
                    ind.label_span.clone(),
                    format!("測定指標{} has no target for {}, the year of this 事前分析表", ind.id, year_label(*own)),
                ));
            }
        }
        if ind.quantitative && ind.years.is_empty() && ind.midterm.as_ref().is_some_and(|m| m.year.is_some()) {
            out.push(Diagnostic::new(
                VALUES_TABLE_MISSING,
                ind.label_span.clone(),
                format!("測定指標{} has a 中期目標値 but no table of 目標値 and 実績値 (`| 年度 | 目標値 | 実績値 |`)", ind.id),
            ));
        }
        for y in &ind.years {
            if y.result.is_some() && y.target.is_none() {
                let (_, span) = y.result.clone().unwrap();
                out.push(Diagnostic::new(
                    RESULT_WITHOUT_TARGET,
                    span,
                    format!("測定指標{}: {} has a 実績 but no 目標{}", ind.id, year_label(y.year), if ind.quantitative { "値" } else { "" }),
                ));
            }
            // Per series: a 実績 for ② while the 目標 gives only ①.
            if let (Some((CellValue::Series(results), span)), Some((target, _))) = (&y.result, &y.target) {
                let targeted: Vec<u32> = match target {
                    CellValue::Series(t) => t.iter().filter(|v| v.value.is_some()).map(|v| v.label).collect(),
                    CellValue::None => Vec::new(),
                    _ => continue, // one figure for every series
                };
                for v in results.iter().filter(|v| v.value.is_some() && !targeted.contains(&v.label)) {
                    let label = circled_char(v.label).unwrap_or('?');
                    let at = span.start + v.label_offset;
                    out.push(Diagnostic::new(
                        RESULT_WITHOUT_TARGET,
                        at..at + label.len_utf8(),
                        format!("測定指標{}: {} has a 実績 for series {label} but no 目標値 for it", ind.id, year_label(y.year)),
                    ));
                }
            }
        }
    }
}

fn series(r: &Report, out: &mut Vec<Diagnostic>) {
    let defined = |section: Option<usize>| -> Option<(&[(u32, String)], Option<Span>, String)> {
        let s = r.enclosing(section, |s| matches!(s.kind, SectionKind::Indicator(_) | SectionKind::Reference(_)))?;
        match r.sections[s].kind {
            SectionKind::Indicator(i) => {
                let ind = &r.indicators[i];
                Some((&ind.series, ind.series_span.clone(), format!("測定指標{}", ind.id)))
            }
            SectionKind::Reference(i) => {
                let re = &r.references[i];
                Some((&re.series, re.series_span.clone(), format!("参考指標{}", re.number.clone().unwrap_or_default())))
            }
            _ => None,
        }
    };
    let report = |cell_text: &str, cell_start: usize, section: Option<usize>, out: &mut Vec<Diagnostic>| {
        let CellValue::Series(values) = CellValue::parse(cell_text) else { return };
        let Some((series, span, name)) = defined(section) else { return };
        if series.is_empty() {
            return;
        }
        for v in values {
            if !series.iter().any(|(n, _)| *n == v.label) {
                let start = cell_start + v.label_offset;
                let label = circled_char(v.label).unwrap_or('?');
                let names = series.iter().map(|(n, s)| format!("{}{}", circled_char(*n).unwrap_or('?'), s)).collect::<Vec<_>>().join(" ");
                let mut d = Diagnostic::new(
                    UNDEFINED_SERIES,
                    start..start + label.len_utf8(),
                    format!("{name}: series {label} is not defined (`@系列` defines {names})"),
                );
                if let Some(span) = span.clone() {
                    d = d.related(span, "the series defined");
                }
                out.push(d);
            }
        }
    };
    for t in &r.tables {
        for row in t.rows.iter().skip(1) {
            for c in &row.cells {
                report(&c.text, c.span.start, t.section, out);
            }
        }
    }
    for a in &r.attributes {
        if compact(&a.key).starts_with("中期目標") {
            if let Some(v) = &a.value {
                report(&v.text, v.span.start, a.section, out);
            }
        }
    }
}

fn title_matches(defined: &str, cited: &str) -> bool {
    let norm = |s: &str| compact(s).trim_end_matches('*').replace(['「', '」', '『', '』'], "");
    norm(defined) == norm(cited)
}

fn citations(r: &Report, out: &mut Vec<Diagnostic>) {
    for c in &r.citations {
        match &c.target {
            CitationTarget::Indicator { id, reference: false, title } => {
                if r.indicators.is_empty() {
                    continue;
                }
                match r.indicator(*id) {
                    None => out.push(Diagnostic::new(UNKNOWN_INDICATOR, c.span.clone(), format!("測定指標{id} does not exist in this document"))),
                    Some(ind) => {
                        if let (Some(cited), Some(defined)) = (title, &ind.title) {
                            if !title_matches(&defined.text, &cited.text) {
                                out.push(
                                    Diagnostic::new(
                                        INDICATOR_TITLE_MISMATCH,
                                        cited.span.clone(),
                                        format!("測定指標{id} is titled 「{}」, cited here as 「{}」", defined.text, cited.text),
                                    )
                                    .related(defined.span.clone(), "the indicator's title")
                                    .fix(format!("Use the defined title 「{}」", defined.text), cited.span.clone(), defined.text.clone()),
                                );
                            }
                        }
                    }
                }
            }
            CitationTarget::Field { number } => {
                if !r.fields.is_empty() && !r.fields.iter().any(|f| f.number == *number) {
                    out.push(Diagnostic::new(UNKNOWN_FIELD, c.span.clone(), format!("個別分野{number} does not exist in this document")));
                }
            }
            _ => {}
        }
    }
}

/// Resolves the means citations of `r` against `means` (defined in `r` itself
/// when `means_doc` is `None`, else in the document named so).
pub fn resolve_means_citations(r: &Report, means: &[&Means], means_doc: Option<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &r.citations {
        let CitationTarget::Means { number, name } = &c.target else { continue };
        let found = means.iter().find(|m| m.number == *number && (m.field == c.field || c.field.is_none() || m.field.is_none()));
        let label = circled_char(*number).map(String::from).unwrap_or_else(|| number.to_string());
        let field = c.field.map(|f| format!("個別分野{f}の")).unwrap_or_default();
        match found {
            None => out.push(Diagnostic::new(UNKNOWN_MEANS, c.span.clone(), format!("{field}達成手段{label} does not exist"))),
            Some(m) => {
                let Some(name) = name else { continue };
                if compact(&name.text) != compact(&m.name.text) {
                    let mut d = Diagnostic::new(
                        MEANS_NAME_MISMATCH,
                        name.span.clone(),
                        format!("{field}達成手段{label} is named 「{}」, cited here as 「{}」", m.name.text, name.text),
                    )
                    .fix(format!("Use the defined name 「{}」", m.name.text), name.span.clone(), m.name.text.clone());
                    d = match means_doc {
                        Some(doc) => d.related_in(doc, m.name.span.clone(), "the 達成手段 as defined"),
                        None => d.related(m.name.span.clone(), "the 達成手段 as defined"),
                    };
                    out.push(d);
                }
            }
        }
    }
    out
}

fn related(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.means.is_empty() {
        return;
    }
    for m in &r.means {
        for (id, span) in &m.related {
            match r.indicator(*id) {
                None => out.push(Diagnostic::new(
                    UNKNOWN_INDICATOR,
                    span.clone(),
                    format!("達成手段{}「{}」 relates to 測定指標{id}, which does not exist", circled_char(m.number).unwrap_or('?'), m.name.text),
                )),
                Some(ind) => {
                    if let (Some(mf), Some(inf)) = (m.field, ind.field) {
                        if mf != inf {
                            out.push(
                                Diagnostic::new(
                                    RELATED_INDICATOR_OTHER_FIELD,
                                    span.clone(),
                                    format!(
                                        "達成手段{}「{}」 of 個別分野{mf} relates to 測定指標{id} of 個別分野{inf}",
                                        circled_char(m.number).unwrap_or('?'),
                                        m.name.text
                                    ),
                                )
                                .related(ind.label_span.clone(), format!("測定指標{id}")),
                            );
                        }
                    }
                }
            }
        }
    }
    for ind in &r.indicators {
        if !r.means.iter().any(|m| m.related.iter().any(|(id, _)| *id == ind.id)) {
            out.push(Diagnostic::new(INDICATOR_WITHOUT_MEANS, ind.label_span.clone(), format!("no 達成手段 relates to 測定指標{}", ind.id)));
        }
    }
}

fn summary(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.summary_section.is_none() {
        return;
    }
    for ind in &r.indicators {
        match r.summary.iter().find(|e| e.id == ind.id) {
            None => out.push(
                Diagnostic::new(SUMMARY_MISMATCH, ind.label_span.clone(), format!("測定指標{} is missing from the summary list", ind.id))
                    .related(r.sections[r.summary_section.unwrap()].heading_span.clone(), "the summary list"),
            ),
            Some(e) => {
                if e.main != ind.main {
                    let (yes, no) = if ind.main { ("block", "summary") } else { ("summary", "block") };
                    out.push(
                        Diagnostic::new(SUMMARY_MISMATCH, e.id_span.clone(), format!("測定指標{}: the {yes} marks it 主要 (＊), the {no} does not", ind.id))
                            .related(ind.label_span.clone(), "the indicator's block"),
                    );
                }
                if let (Some(st), Some(dt)) = (&e.title, &ind.title) {
                    if !title_matches(&dt.text, &st.text) {
                        out.push(
                            Diagnostic::new(
                                INDICATOR_TITLE_MISMATCH,
                                st.span.clone(),
                                format!("測定指標{} is titled 「{}」, listed here as 「{}」", ind.id, dt.text, st.text),
                            )
                            .related(dt.span.clone(), "the indicator's title"),
                        );
                    }
                }
            }
        }
    }
    for e in &r.summary {
        if r.indicator(e.id).is_none() {
            out.push(Diagnostic::new(SUMMARY_MISMATCH, e.id_span.clone(), format!("the summary lists 測定指標{}, which has no block", e.id)));
        }
    }
}

fn duplicates(r: &Report, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<IndicatorId, Span> = HashMap::new();
    for ind in &r.indicators {
        if let Some(first) = seen.get(&ind.id) {
            out.push(Diagnostic::new(DUPLICATE_ID, ind.id_span.clone(), format!("測定指標{} is defined twice", ind.id)).related(first.clone(), "first defined here"));
        } else {
            seen.insert(ind.id, ind.id_span.clone());
        }
    }
    let mut fields: HashMap<u32, Span> = HashMap::new();
    for f in &r.fields {
        if let Some(first) = fields.get(&f.number) {
            out.push(Diagnostic::new(DUPLICATE_ID, f.label_span.clone(), format!("個別分野{} is defined twice", f.number)).related(first.clone(), "first defined here"));
        } else {
            fields.insert(f.number, f.label_span.clone());
        }
    }
    let mut means: HashMap<(Option<u32>, u32), Span> = HashMap::new();
    for m in &r.means {
        if let Some(first) = means.get(&(m.field, m.number)) {
            out.push(
                Diagnostic::new(DUPLICATE_ID, m.row_span.clone(), format!("達成手段{} is defined twice in this field", circled_char(m.number).unwrap_or('?')))
                    .related(first.clone(), "first defined here"),
            );
        } else {
            means.insert((m.field, m.number), m.row_span.clone());
        }
    }
    let mut refs: HashMap<(Option<u32>, String), Span> = HashMap::new();
    for re in &r.references {
        let Some(n) = &re.number else { continue };
        if let Some(first) = refs.get(&(re.field, n.clone())) {
            out.push(Diagnostic::new(DUPLICATE_ID, re.label_span.clone(), format!("参考指標{n} is defined twice")).related(first.clone(), "first defined here"));
        } else {
            refs.insert((re.field, n.clone()), re.label_span.clone());
        }
    }
}
