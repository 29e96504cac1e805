//! Missing targets and references: indicators without targets, citations of
//! indicators, fields, means or series that do not exist, names cited two
//! ways, the summary list against the blocks, duplicate IDs.

use super::registry::*;
use super::{Diagnostic, Msg, Scope};
use crate::config::Config;
use crate::model::{CellValue, CitationTarget, DocKind, FastMap, IndicatorId, Means, Report, SectionKind, Span};
use crate::normalize::{circled, circled_char, compact};

pub fn check(r: &Report, _text: &str, _config: &Config, out: &mut Vec<Diagnostic>) {
    if r.kind == Some(DocKind::BudgetSheet) {
        return;
    }
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
        out.push(Diagnostic::new(NO_MAIN_INDICATOR, at, Msg::NoMainIndicator));
    }
}

/// The checks of the indicators and tables of `scope`: targets, and
/// series that are not defined.
pub fn items(r: &Report, text: &str, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    if r.kind == Some(DocKind::BudgetSheet) {
        return;
    }
    targets(r, text, scope, out);
    series(r, scope, out);
}

fn targets(r: &Report, text: &str, scope: &Scope, tagged: &mut Vec<(usize, Diagnostic)>) {
    // Quick fixes start from the document's own year; the author adjusts it.
    let own_year = r.year.as_ref().map(|y| y.0);
    let year = own_year.map(crate::normalize::year_label);
    let mut found = Vec::new();
    for ind in r.indicators.iter().filter(|i| scope.has(Some(i.section))) {
        let out = &mut found;
        match &ind.midterm {
            None => {
                let mut d = Diagnostic::new(
                    MISSING_MIDTERM_TARGET,
                    ind.label_span.clone(),
                    Msg::MissingMidterm { id: ind.id.to_string(), quantitative: ind.quantitative },
                );
                if let (Some(y), Some(own)) = (&year, own_year) {
                    let s = &r.sections[ind.section];
                    let at = s.heading_span.end;
                    let skeleton = if ind.quantitative {
                        format!("\n@中期目標値（{y}）: ")
                    } else {
                        format!("\n{} 中期目標（{y}）\n", "#".repeat(s.level + 1))
                    };
                    d = d.fix(Msg::FixAddMidterm { year: own }, at..at, skeleton);
                }
                out.push(d);
            }
            Some(m) if m.year.is_none() => {
                let mut d = Diagnostic::new(
                    MISSING_TARGET_YEAR,
                    m.span.clone(),
                    Msg::MissingTargetYear { id: ind.id.to_string() },
                );
                // `--年度` (or `－－年度`) becomes the document's year.
                let written = &text[m.span.clone()];
                let placeholder = ["--年度", "－－年度", "―年度", "-年度"].iter().find_map(|p| written.find(p).map(|i| (i, p.len())));
                if let (Some(y), Some(own), Some((i, len))) = (&year, own_year, placeholder) {
                    let start = m.span.start + i;
                    d = d.fix(Msg::FixSetTargetYear { year: own }, start..start + len, y.clone());
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
                    Msg::MidtermValueMissing { id: ind.id.to_string() },
                ));
            }
            if let (Some(DocKind::Plan), Some(target), Some((own, _))) = (r.kind, m.year, &r.year) {
                if target < *own {
                    out.push(Diagnostic::new(
                        TARGET_YEAR_BEFORE_PLAN,
                        m.span.clone(),
                        Msg::TargetYearBeforePlan { id: ind.id.to_string(), target, own: *own },
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
                    Msg::PlanYearTargetMissing { id: ind.id.to_string(), year: *own },
                ));
            }
        }
        if ind.quantitative && ind.years.is_empty() && ind.midterm.as_ref().is_some_and(|m| m.year.is_some()) {
            out.push(Diagnostic::new(
                VALUES_TABLE_MISSING,
                ind.label_span.clone(),
                Msg::ValuesTableMissing { id: ind.id.to_string() },
            ));
        }
        for y in &ind.years {
            if y.result.is_some() && y.target.is_none() {
                let (_, span) = y.result.clone().unwrap();
                out.push(Diagnostic::new(
                    RESULT_WITHOUT_TARGET,
                    span,
                    Msg::ResultWithoutTarget { id: ind.id.to_string(), year: y.year, quantitative: ind.quantitative },
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
                        Msg::SeriesResultWithoutTarget { id: ind.id.to_string(), year: y.year, label },
                    ));
                }
            }
        }
        tagged.extend(found.drain(..).map(|d| (ind.section, d)));
    }
}

fn series(r: &Report, scope: &Scope, tagged: &mut Vec<(usize, Diagnostic)>) {
    // The series an indicator or 参考指標 defines, where, and its section
    // (named only when a diagnostic needs the name).
    let defined = |section: Option<usize>| -> Option<(&[(u32, String)], Option<Span>, usize)> {
        let s = r.enclosing(section, |s| matches!(s.kind, SectionKind::Indicator(_) | SectionKind::Reference(_)))?;
        match r.sections[s].kind {
            SectionKind::Indicator(i) => Some((&r.indicators[i].series, r.indicators[i].series_span.clone(), s)),
            SectionKind::Reference(i) => Some((&r.references[i].series, r.references[i].series_span.clone(), s)),
            _ => None,
        }
    };
    let name_of = |s: usize| match r.sections[s].kind {
        SectionKind::Indicator(i) => format!("測定指標{}", r.indicators[i].id),
        SectionKind::Reference(i) => format!("参考指標{}", r.references[i].number.clone().unwrap_or_default()),
        _ => String::new(),
    };
    // Series are written with circled numbers: other cells need no reading.
    let has_labels = |text: &str| text.contains(|c: char| circled(c).is_some());
    let mut undefined_reported: Vec<usize> = Vec::new();
    // `label`: the cell is a row's label (`| ①一般の部 | 70％ |` names a series).
    let mut report = |value: &CellValue, cell_start: usize, section: Option<usize>, label: bool, out: &mut Vec<Diagnostic>| {
        let CellValue::Series(values) = value else { return };
        let Some((series, span, owner)) = defined(section) else { return };
        if series.is_empty() {
            // Labels with no `@系列` at all: named once per indicator.
            if let Some(v) = values.first().filter(|_| !label) {
                if !undefined_reported.contains(&owner) {
                    let start = cell_start + v.label_offset;
                    let label = circled_char(v.label).unwrap_or('?');
                    out.push(Diagnostic::new(UNDEFINED_SERIES, start..start + label.len_utf8(), Msg::SeriesWithoutDefinition { name: name_of(owner), label }));
                    undefined_reported.push(owner);
                }
            }
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
                    Msg::UndefinedSeries { name: name_of(owner), label, defined: names },
                );
                if let Some(span) = span.clone() {
                    d = d.related(span, Msg::RelSeriesDefined);
                }
                out.push(d);
            }
        }
    };
    // A table's or attribute's owner holds it: both are in the scope, or
    // neither.
    let mut out = Vec::new();
    for t in r.tables.iter().filter(|t| scope.has(t.section)) {
        for row in t.rows.iter().skip(1) {
            for (i, c) in row.cells.iter().enumerate().filter(|(_, c)| has_labels(&c.text)) {
                report(c.value(), c.span.start, t.section, i == 0, &mut out);
            }
        }
        tagged.extend(out.drain(..).map(|d| (super::tag(t.section), d)));
    }
    for a in r.attributes.iter().filter(|a| scope.has(a.section)) {
        if a.name.starts_with("中期目標") {
            if let Some(v) = a.value.as_ref().filter(|v| has_labels(&v.text)) {
                report(&CellValue::parse(&v.text), v.span.start, a.section, false, &mut out);
            }
        }
        tagged.extend(out.drain(..).map(|d| (super::tag(a.section), d)));
    }
}

fn title_matches(defined: &str, cited: &str) -> bool {
    if defined == cited {
        return true;
    }
    let norm = |s: &str| compact(s).trim_end_matches('*').replace(['「', '」', '『', '』'], "");
    norm(defined) == norm(cited)
}

fn citations(r: &Report, out: &mut Vec<Diagnostic>) {
    let ids = r.indicator_index();
    for c in &r.citations {
        quoted(r, &ids, c, out);
        match &c.target {
            CitationTarget::Indicator { id, reference: false, title } => {
                if r.indicators.is_empty() {
                    continue;
                }
                match ids.get(*id) {
                    None => out.push(Diagnostic::new(UNKNOWN_INDICATOR, c.span.clone(), Msg::UnknownIndicator { id: id.to_string() })),
                    Some(ind) => {
                        if let (Some(cited), Some(defined)) = (title, &ind.title) {
                            if !title_matches(&defined.text, &cited.text) && !defined_twice(r, *id) {
                                out.push(
                                    Diagnostic::new(
                                        INDICATOR_TITLE_MISMATCH,
                                        cited.span.clone(),
                                        Msg::IndicatorTitleMismatch { id: id.to_string(), defined: defined.text.clone(), cited: cited.text.clone() },
                                    )
                                    .related(defined.span.clone(), Msg::RelIndicatorTitle)
                                    .fix(Msg::FixUseTitle { title: defined.text.clone() }, cited.span.clone(), defined.text.clone()),
                                );
                            }
                        }
                    }
                }
            }
            CitationTarget::Field { number } => {
                if !r.fields.is_empty() && !r.fields.iter().any(|f| f.number == *number) {
                    out.push(Diagnostic::new(UNKNOWN_FIELD, c.span.clone(), Msg::UnknownField { number: *number }));
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
        match found {
            None => out.push(Diagnostic::new(UNKNOWN_MEANS, c.span.clone(), Msg::UnknownMeans { field: c.field, label })),
            Some(m) => {
                let Some(name) = name else { continue };
                if !crate::normalize::compacts_alike(&name.text, &m.name.text) {
                    let mut d = Diagnostic::new(
                        MEANS_NAME_MISMATCH,
                        name.span.clone(),
                        Msg::MeansNameMismatch { field: c.field, label, defined: m.name.text.clone(), cited: name.text.clone() },
                    )
                    .fix(Msg::FixUseName { name: m.name.text.clone() }, name.span.clone(), m.name.text.clone());
                    d = match means_doc {
                        Some(doc) => d.related_in(doc, m.name.span.clone(), Msg::RelMeansDefined),
                        None => d.related(m.name.span.clone(), Msg::RelMeansDefined),
                    };
                    out.push(d);
                }
            }
        }
    }
    out
}

fn related(r: &Report, out: &mut Vec<Diagnostic>) {
    let ids = r.indicator_index();
    if r.means.is_empty() {
        return;
    }
    for m in &r.means {
        for (id, span) in &m.related {
            match ids.get(*id) {
                None => out.push(Diagnostic::new(
                    UNKNOWN_INDICATOR,
                    span.clone(),
                    Msg::MeansRelatesUnknownIndicator { label: circled_char(m.number).unwrap_or('?'), name: m.name.text.clone(), id: id.to_string() },
                )),
                Some(ind) => {
                    if let (Some(mf), Some(inf)) = (m.field, ind.field) {
                        if mf != inf {
                            out.push(
                                Diagnostic::new(
                                    RELATED_INDICATOR_OTHER_FIELD,
                                    span.clone(),
                                    Msg::RelatedIndicatorOtherField {
                                        label: circled_char(m.number).unwrap_or('?'),
                                        name: m.name.text.clone(),
                                        means_field: mf,
                                        id: id.to_string(),
                                        indicator_field: inf,
                                    },
                                )
                                .related(ind.label_span.clone(), Msg::Verbatim(format!("測定指標{id}"))),
                            );
                        }
                    }
                }
            }
        }
    }
    for ind in &r.indicators {
        if !r.means.iter().any(|m| m.related.iter().any(|(id, _)| *id == ind.id)) {
            out.push(Diagnostic::new(INDICATOR_WITHOUT_MEANS, ind.label_span.clone(), Msg::IndicatorWithoutMeans { id: ind.id.to_string() }));
        }
    }
}

/// Whether two indicators share `id` (HY0114): its title is then not
/// compared, lest the second block's title be reported against the first's.
fn defined_twice(r: &Report, id: IndicatorId) -> bool {
    r.indicators.iter().filter(|i| i.id == id).count() > 1
}

fn summary(r: &Report, out: &mut Vec<Diagnostic>) {
    let ids = r.indicator_index();
    if r.summary_section.is_none() {
        return;
    }
    // The first entry of each ID (a report lists hundreds).
    let mut listed = FastMap::with_capacity_and_hasher(r.summary.len(), Default::default());
    for e in &r.summary {
        listed.entry(e.id).or_insert(e);
    }
    for ind in &r.indicators {
        match listed.get(&ind.id).copied() {
            None => out.push(
                Diagnostic::new(SUMMARY_MISMATCH, ind.label_span.clone(), Msg::MissingFromSummary { id: ind.id.to_string() })
                    .related(r.sections[r.summary_section.unwrap()].heading_span.clone(), Msg::RelSummaryList),
            ),
            Some(e) => {
                if e.main != ind.main {
                    out.push(
                        Diagnostic::new(SUMMARY_MISMATCH, e.id_span.clone(), Msg::MainMarkDiffers { id: ind.id.to_string(), block_main: ind.main })
                            .related(ind.label_span.clone(), Msg::RelIndicatorBlock),
                    );
                }
                if let (Some(st), Some(dt)) = (&e.title, &ind.title) {
                    if !title_matches(&dt.text, &st.text) && !defined_twice(r, ind.id) {
                        out.push(
                            Diagnostic::new(
                                INDICATOR_TITLE_MISMATCH,
                                st.span.clone(),
                                Msg::SummaryTitleMismatch { id: ind.id.to_string(), defined: dt.text.clone(), listed: st.text.clone() },
                            )
                            .related(dt.span.clone(), Msg::RelIndicatorTitle),
                        );
                    }
                }
            }
        }
    }
    // The list's group rows (`| 個別分野２ | name | |`) against the fields.
    let section = r.summary_section.unwrap();
    for t in r.tables.iter().filter(|t| t.section == Some(section)) {
        for row in t.rows.iter().skip(1) {
            // Folding leaves 個別分野 as it is: a label without it is no group row.
            if !row.label().contains("個別分野") {
                continue;
            }
            let label = crate::normalize::fold(row.label());
            let Some(rest) = label.strip_prefix("個別分野") else { continue };
            let Ok(number) = rest.trim().parse::<u32>() else { continue };
            let (Some(listed), Some(field)) = (row.cell(1).filter(|c| !c.text.trim().is_empty()), r.fields.iter().find(|f| f.number == number)) else { continue };
            let Some(title) = &field.title else { continue };
            if !crate::normalize::compacts_alike(&listed.text, &title.text) {
                out.push(
                    Diagnostic::new(SUMMARY_MISMATCH, listed.span.clone(), Msg::SummaryFieldNameMismatch { number, listed: listed.text.clone(), defined: title.text.clone() })
                        .related(title.span.clone(), Msg::RelFieldHeading)
                        .fix(Msg::FixUseName { name: title.text.clone() }, listed.span.clone(), title.text.clone()),
                );
            }
        }
    }
    for e in &r.summary {
        if ids.get(e.id).is_none() {
            out.push(Diagnostic::new(SUMMARY_MISMATCH, e.id_span.clone(), Msg::SummaryListsUnknown { id: e.id.to_string() }));
        }
    }
}

fn duplicates(r: &Report, out: &mut Vec<Diagnostic>) {
    let mut seen: FastMap<IndicatorId, Span> = FastMap::default();
    for ind in &r.indicators {
        if let Some(first) = seen.get(&ind.id) {
            out.push(Diagnostic::new(DUPLICATE_ID, ind.id_span.clone(), Msg::IndicatorDefinedTwice { id: ind.id.to_string() }).related(first.clone(), Msg::RelFirstDefined));
        } else {
            seen.insert(ind.id, ind.id_span.clone());
        }
    }
    let mut fields: FastMap<u32, Span> = FastMap::default();
    for f in &r.fields {
        if let Some(first) = fields.get(&f.number) {
            out.push(Diagnostic::new(DUPLICATE_ID, f.label_span.clone(), Msg::FieldDefinedTwice { number: f.number }).related(first.clone(), Msg::RelFirstDefined));
        } else {
            fields.insert(f.number, f.label_span.clone());
        }
    }
    let mut means: FastMap<(Option<u32>, u32), Span> = FastMap::default();
    for m in &r.means {
        if let Some(first) = means.get(&(m.field, m.number)) {
            out.push(
                Diagnostic::new(DUPLICATE_ID, m.row_span.clone(), Msg::MeansDefinedTwice { label: circled_char(m.number).unwrap_or('?') })
                    .related(first.clone(), Msg::RelFirstDefined),
            );
        } else {
            means.insert((m.field, m.number), m.row_span.clone());
        }
    }
    let mut refs: FastMap<(Option<u32>, String), Span> = FastMap::default();
    for re in &r.references {
        let Some(n) = &re.number else { continue };
        if let Some(first) = refs.get(&(re.field, n.clone())) {
            out.push(Diagnostic::new(DUPLICATE_ID, re.label_span.clone(), Msg::ReferenceDefinedTwice { number: n.clone() }).related(first.clone(), Msg::RelFirstDefined));
        } else {
            refs.insert((re.field, n.clone()), re.label_span.clone());
        }
    }
}

/// A name quoted after a citation, and the ＊ of a 【測定指標…】 heading,
/// against the indicator or field cited.
fn quoted(r: &Report, ids: &crate::model::IndicatorIndex, c: &crate::model::Citation, out: &mut Vec<Diagnostic>) {
    match &c.target {
        CitationTarget::Indicator { id, reference: false, .. } => {
            let Some(ind) = ids.get(*id) else { return };
            if let (Some(q), Some(defined)) = (&c.quoted, &ind.title) {
                if !title_matches(&defined.text, &q.text) {
                    out.push(
                        Diagnostic::new(INDICATOR_TITLE_MISMATCH, q.span.clone(), Msg::IndicatorTitleMismatch { id: id.to_string(), defined: defined.text.clone(), cited: q.text.clone() })
                            .related(defined.span.clone(), Msg::RelIndicatorTitle)
                            .fix(Msg::FixUseTitle { title: defined.text.clone() }, q.span.clone(), defined.text.clone()),
                    );
                }
            }
            if let Some(marked) = c.marked {
                if marked != ind.main {
                    out.push(
                        Diagnostic::new(INDICATOR_TITLE_MISMATCH, c.span.clone(), Msg::CitedMainMarkDiffers { id: id.to_string(), main: ind.main })
                            .related(ind.label_span.clone(), Msg::RelIndicatorBlock),
                    );
                }
            }
        }
        CitationTarget::Field { number } => {
            let (Some(q), Some(f)) = (&c.quoted, r.fields.iter().find(|f| f.number == *number)) else { return };
            let Some(defined) = &f.title else { return };
            if !title_matches(&defined.text, &q.text) {
                out.push(
                    Diagnostic::new(INDICATOR_TITLE_MISMATCH, q.span.clone(), Msg::FieldTitleMismatch { number: *number, defined: defined.text.clone(), cited: q.text.clone() })
                        .related(defined.span.clone(), Msg::RelFieldHeading)
                        .fix(Msg::FixUseName { name: defined.text.clone() }, q.span.clone(), defined.text.clone()),
                );
            }
        }
        _ => {}
    }
}
