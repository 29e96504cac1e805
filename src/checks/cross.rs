//! Cross-document checks over the documents of one 施策 and year: the
//! evaluation's citations against the plan's means, the plan's indicators
//! against the evaluation's, the budget sheet against both.

use super::registry::*;
use super::{references, Diagnostic, Msg};
use crate::i18n::NearWhy;
use crate::config::{parse_measure_rating, Config, MEASURE_LABELS};
use crate::model::{DocKind, Means, Report, Span};
use crate::normalize::{compact, compacts_alike, format_number};

/// One document of a set: its key (path or URI) and its model.
pub struct Member<'a> {
    pub key: &'a str,
    pub report: &'a Report,
}

/// Groups documents into sets by 施策 ID and year; returns indexes.
pub fn sets(reports: &[Member]) -> Vec<Vec<usize>> {
    let mut groups: Vec<((String, Option<i32>), Vec<usize>)> = Vec::new();
    for (i, m) in reports.iter().enumerate() {
        let Some(id) = m.report.measure_id() else { continue };
        let key = (id.to_string(), m.report.year.as_ref().map(|y| y.0));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().map(|(_, v)| v).filter(|v| v.len() > 1).collect()
}

/// The cross-document diagnostics of one set, each with its document's key.
///
/// A set whose documents of one kind are several, each in its own folder
/// with its own partners (`令和5年度/施策Ⅰ-2/` and a corrected copy beside
/// it), is compared folder by folder; otherwise the second of a kind is
/// reported (HY0407) and only the first is compared.
pub fn check_set(members: &[Member], config: &Config) -> Vec<(String, Diagnostic)> {
    let kinds = |ms: &[&Member]| {
        let mut k: Vec<DocKind> = ms.iter().filter_map(|m| m.report.kind).collect();
        let n = k.len();
        k.sort();
        k.dedup();
        k.len() == n
    };
    let all: Vec<&Member> = members.iter().collect();
    if !kinds(&all) {
        let mut folders: Vec<(&str, Vec<&Member>)> = Vec::new();
        for m in members {
            match folders.iter_mut().find(|(f, _)| *f == folder(m.key)) {
                Some((_, v)) => v.push(m),
                None => folders.push((folder(m.key), vec![m])),
            }
        }
        if folders.len() > 1 && folders.iter().all(|(_, v)| v.len() >= 2 && kinds(v)) {
            return folders
                .iter()
                .flat_map(|(_, v)| {
                    let part: Vec<Member> = v.iter().map(|m| Member { key: m.key, report: m.report }).collect();
                    check_one(&part, config)
                })
                .collect();
        }
    }
    check_one(members, config)
}

fn check_one(members: &[Member], config: &Config) -> Vec<(String, Diagnostic)> {
    let mut out: Vec<(String, Diagnostic)> = Vec::new();
    // When a set holds two documents of one kind, the first by key is
    // compared, whatever order the caller gave them in.
    let mut sorted: Vec<&Member> = members.iter().collect();
    sorted.sort_by_key(|m| m.key);
    let find = |k: DocKind| sorted.iter().copied().find(|m| m.report.kind == Some(k));
    let eval = find(DocKind::Evaluation);
    let plan = find(DocKind::Plan);
    let sheet = find(DocKind::BudgetSheet);
    set_identity(&sorted, &mut out);
    if let (Some(e), Some(p)) = (eval, plan) {
        let means: Vec<&Means> = p.report.means.iter().collect();
        if e.report.means.is_empty() && !means.is_empty() {
            for d in references::resolve_means_citations(e.report, &means, Some(p.key)) {
                out.push((e.key.to_string(), d));
            }
        }
        let ids = e.report.indicator_index();
        for pi in &p.report.indicators {
            let Some(ei) = ids.get(pi.id) else { continue };
            // Read only when a difference asks whether a note explains it.
            let notes = || change_notes(p.report, &p.report.sections[pi.section].extent);
            for (n, pname) in &pi.series {
                let Some((_, ename)) = ei.series.iter().find(|(m, _)| m == n) else { continue };
                if !compacts_alike(pname, ename) {
                    out.push((
                        p.key.to_string(),
                        Diagnostic::new(
                            PARTNER_NAME_MISMATCH,
                            pi.series_span.clone().unwrap_or(pi.label_span.clone()),
                            Msg::PartnerSeriesMismatch {
                                id: pi.id.to_string(),
                                label: crate::normalize::circled_char(*n).unwrap_or('?'),
                                here: pname.clone(),
                                other: ename.clone(),
                                file: file_name(e.key).to_string(),
                            },
                        )
                        .related_in(e.key, ei.series_span.clone().unwrap_or(ei.label_span.clone()), Msg::RelOtherName),
                    ));
                }
            }
            target_lowered(p, pi, e, ei, &mut out);
            if pi.main != ei.main && !notes().iter().any(|n| n.contains("主要")) {
                out.push((
                    p.key.to_string(),
                    Diagnostic::new(MAIN_MARK_DIFFERS, pi.label_span.clone(), Msg::PlanMainMarkDiffers { id: pi.id.to_string(), plan_main: pi.main })
                        .related_in(e.key, ei.label_span.clone(), Msg::RelEvaluationIndicator),
                ));
            }
            if let (Some(pt), Some(et)) = (&pi.title, &ei.title) {
                if !compacts_alike(&pt.text, &et.text) && !renamed(&notes(), &pt.text, &et.text) {
                    out.push((
                        p.key.to_string(),
                        Diagnostic::new(
                            INDICATOR_TITLE_MISMATCH,
                            pt.span.clone(),
                            Msg::PlanTitleDiffers { id: pi.id.to_string(), here: pt.text.clone(), evaluation: et.text.clone() },
                        )
                        .related_in(e.key, et.span.clone(), Msg::RelEvaluationTitle),
                    ));
                }
            }
        }
        budget_tables_agree(e, p, &mut out);
        fields_agree(e, p, &mut out);
        means_cited_before_they_existed(e, p, &mut out);
    }
    if let Some(s) = sheet {
        let rated = eval.or(plan);
        if let (Some(e), Some(sr)) = (eval, &s.report.measure_rating) {
            if let Some(er) = &e.report.measure_rating {
                let (a, _) = parse_measure_rating(&sr.text);
                let (b, _) = parse_measure_rating(&er.text);
                if let (true, Some(b)) = (super::ratings::monitoring_only(&sr.text), b) {
                    out.push((
                        s.key.to_string(),
                        Diagnostic::new(
                            SHEET_RATING_MISMATCH,
                            sr.span.clone(),
                            Msg::SheetMonitoredEvaluationRated { label: MEASURE_LABELS[b].to_string() },
                        )
                        .related_in(e.key, er.span.clone(), Msg::RelEvaluationRating),
                    ));
                }
                if let (Some(a), Some(b)) = (a, b) {
                    if a != b {
                        out.push((
                            s.key.to_string(),
                            Diagnostic::new(
                                SHEET_RATING_MISMATCH,
                                sr.span.clone(),
                                Msg::SheetRatingDiffers { sheet: MEASURE_LABELS[a].to_string(), evaluation: MEASURE_LABELS[b].to_string() },
                            )
                            .related_in(e.key, er.span.clone(), Msg::RelEvaluationRating),
                        ));
                    }
                }
            }
        }
        if let Some(src) = rated {
            sheet_budget(s, src, config, &mut out);
        }
    }
    out
}

fn budget_tables_agree(e: &Member, p: &Member, out: &mut Vec<(String, Diagnostic)>) {
    for pb in &p.report.budgets {
        let Some(eb) = e.report.budgets.iter().find(|b| b.contribution == pb.contribution) else { continue };
        let (pt, et) = (&p.report.tables[pb.table], &e.report.tables[eb.table]);
        // Each table in its own unit (百万円 by default); an unknown unit is
        // reported on its table (HY0310) and not compared.
        let (Some(py), Some(ey)) = (super::budgets::table_yen(pt, 1e6), super::budgets::table_yen(et, 1e6)) else { continue };
        let unit = |t: &crate::model::Table| t.unit.clone().unwrap_or_else(|| "百万円".into());
        for prow in pt.rows.iter().skip(1) {
            let Some(erow) = et.rows.iter().skip(1).find(|r| compacts_alike(r.label(), prow.label())) else { continue };
            let label = compact(prow.label());
            for &(pcol, year) in &pb.columns {
                let Some(&(ecol, _)) = eb.columns.iter().find(|(_, y)| *y == year) else { continue };
                let (Some(pc), Some(ec)) = (prow.cell(pcol), erow.cell(ecol)) else { continue };
                let (Some(a), Some(b)) = (pc.value().amount(), ec.value().amount()) else { continue };
                let (ay, by) = (a * py, b * ey);
                if crate::normalize::thousandfold(ay, by) {
                    out.push((
                        p.key.to_string(),
                        Diagnostic::new(
                            UNIT_SLIP,
                            pc.span.clone(),
                            Msg::UnitSlipTables {
                                label: label.clone(),
                                year,
                                here: format_number(a),
                                here_unit: unit(pt),
                                there: format_number(b),
                                there_unit: unit(et),
                            },
                        )
                        .related_in(e.key, ec.span.clone(), Msg::RelEvaluationFigure),
                    ));
                } else if (ay - by).abs() > 1e-9 * ay.abs().max(by.abs()).max(1.0) {
                    out.push((
                        p.key.to_string(),
                        Diagnostic::new(
                            BUDGET_TABLES_DISAGREE,
                            pc.span.clone(),
                            Msg::TablesDisagree { label: label.clone(), year, here: format_number(a), there: format_number(b) },
                        )
                        .related_in(e.key, ec.span.clone(), Msg::RelEvaluationFigure),
                    ));
                }
            }
        }
    }
}


/// The 調書's 当初予算 (千円) against the 施策's 当初予算 (百万円).
fn sheet_budget(s: &Member, src: &Member, config: &Config, out: &mut Vec<(String, Diagnostic)>) {
    for t in &s.report.tables {
        let Some(header) = t.header() else { continue };
        let Some((col, year)) = header
            .cells
            .iter()
            .enumerate()
            .find(|(_, c)| compact(&c.text).contains("当初"))
            .and_then(|(i, c)| {
                let own = s.report.year.as_ref().map(|y| y.0);
                Some((i, crate::normalize::year_in_era_of(&c.text, own).or(own)?))
            })
        else {
            continue;
        };
        let Some(total_row) = t.rows.iter().rev().find(|r| r.cells.iter().any(|c| compact(&c.text).starts_with("合計"))) else { continue };
        let Some(cell) = total_row.cell(col) else { continue };
        let Some(sheet_total) = cell.value().amount() else { continue };
        // The 調書 is printed in 千円 unless it says otherwise; an unknown
        // unit is reported on the sheet (HY0310).
        let Some(factor) = super::budgets::table_yen(t, 1_000.0) else { continue };
        let Some(measure) = super::budgets::measure_budget(src.report, year, true) else { continue };
        let sheet_yen = sheet_total * factor;
        let measure_yen = measure * 1_000_000.0;
        let tolerance_yen = config.sheet_tolerance * 1_000.0;
        if (sheet_yen - measure_yen).abs() > tolerance_yen && crate::normalize::thousandfold(sheet_yen, measure_yen) {
            let unit = t.unit.clone().unwrap_or_else(|| "千円".into());
            out.push((
                s.key.to_string(),
                Diagnostic::new(
                    UNIT_SLIP,
                    cell.span.clone(),
                    Msg::UnitSlipSheet {
                        year,
                        sheet: format_number(sheet_total),
                        unit,
                        kind: src.report.kind.map(|k| k.name()).unwrap_or("施策"),
                        measure: format_number(measure),
                    },
                ),
            ));
        } else if (sheet_yen - measure_yen).abs() > tolerance_yen {
            out.push((
                s.key.to_string(),
                Diagnostic::new(
                    SHEET_BUDGET_MISMATCH,
                    cell.span.clone(),
                    Msg::SheetBudgetMismatch {
                        year,
                        sheet: format_number(sheet_yen / 1000.0),
                        kind: src.report.kind.map(|k| k.name()).unwrap_or("施策"),
                        measure: format_number(measure),
                        measure_thousands: format_number(measure * 1000.0),
                        tolerance: format_number(config.sheet_tolerance),
                    },
                ),
            ));
        }
    }
}

fn kind_name(k: DocKind) -> &'static str {
    match k {
        DocKind::Evaluation => "政策評価書",
        DocKind::Plan => "事前分析表",
        DocKind::BudgetSheet => "政策評価調書",
    }
}

/// The span that names a document: its heading's label and ID.
fn heading_span(r: &Report) -> Span {
    r.heading.as_ref().map(|h| h.span.clone()).unwrap_or(0..0)
}

/// The file name of a key (a path or a URI).
fn file_name(key: &str) -> &str {
    key.rsplit(['/', '\\']).next().unwrap_or(key)
}

/// The folder of a key.
fn folder(key: &str) -> &str {
    key.rfind(['/', '\\']).map(|i| &key[..i]).unwrap_or("")
}

/// Within a set (sorted by key): a second document of a kind, and 施策名
/// that differ between the documents.
fn set_identity(sorted: &[&Member], out: &mut Vec<(String, Diagnostic)>) {
    for (i, m) in sorted.iter().enumerate() {
        let Some(kind) = m.report.kind else { continue };
        if let Some(first) = sorted[..i].iter().find(|o| o.report.kind == Some(kind)) {
            out.push((
                m.key.to_string(),
                Diagnostic::new(
                    DUPLICATE_IN_SET,
                    heading_span(m.report),
                    Msg::DuplicateInSet {
                        file: file_name(m.key).to_string(),
                        kind: kind_name(kind),
                        id: m.report.measure_id().unwrap_or("").to_string(),
                        year: m.report.year.as_ref().map(|y| y.0),
                        first: file_name(first.key).to_string(),
                    },
                )
                .related_in(first.key, heading_span(first.report), Msg::RelDocumentCompared),
            ));
        }
    }
    // 施策名: every name a document gives (its heading's, `@施策名`,
    // `@政策名`) against the first document's.
    let named: Vec<(&Member, &crate::model::TextAt)> = sorted
        .iter()
        .flat_map(|m| {
            let heading = m.report.heading.as_ref().and_then(|h| h.title.as_ref());
            let attributes = m.report.attributes.iter().filter(|a| matches!(a.name.as_str(), "施策名" | "政策名"));
            heading.into_iter().chain(attributes.filter_map(|a| a.value.as_ref())).map(move |t| (*m, t))
        })
        .collect();
    let Some((first, name)) = named.first() else { return };
    for (m, t) in named.iter().skip(1) {
        if !compacts_alike(&t.text, &name.text) {
            out.push((
                m.key.to_string(),
                Diagnostic::new(
                    PARTNER_NAME_MISMATCH,
                    t.span.clone(),
                    Msg::PartnerNameMismatch {
                        id: m.report.measure_id().unwrap_or("").to_string(),
                        here: t.text.clone(),
                        other: name.text.clone(),
                        file: file_name(first.key).to_string(),
                    },
                )
                .related_in(first.key, name.span.clone(), Msg::RelOtherName),
            ));
        }
    }
}

/// The lines of 「評価結果を踏まえた変更点及びその理由」 within `extent`,
/// compacted.
fn change_notes<'r>(r: &'r Report, extent: &Span) -> Vec<&'r str> {
    r.statements
        .iter()
        .filter(|s| s.span.start >= extent.start && s.span.end <= extent.end)
        .filter_map(|s| match &s.kind {
            crate::model::StatementKind::Change { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Whether a note of change explains the rename from `old` to `new`: it
/// gives the new name, or the words that differ both ways (「協調」 → 「協力」).
fn renamed(notes: &[&str], new: &str, old: &str) -> bool {
    renamed_as(notes, new, old, None)
}

/// [`renamed`], where the words that differ count only in a note that also
/// says `what` was renamed (a field's rename in an indicator's note).
fn renamed_as(notes: &[&str], new: &str, old: &str, what: Option<&str>) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (compact(new).chars().collect(), compact(old).chars().collect());
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (na, nb): (String, String) = (a[p..a.len() - s].iter().collect(), b[p..b.len() - s].iter().collect());
    let whole: String = a.iter().collect();
    notes.iter().any(|n| {
        n.contains(&whole) || (!na.is_empty() && !nb.is_empty() && n.contains(&na) && n.contains(&nb) && what.is_none_or(|w| n.contains(w)))
    })
}

/// 個別分野 names and 担当部局名 of the plan against the evaluation's.
fn fields_agree(e: &Member, p: &Member, out: &mut Vec<(String, Diagnostic)>) {
    for pf in &p.report.fields {
        let Some(ef) = e.report.fields.iter().find(|f| f.number == pf.number) else { continue };
        let (Some(pt), Some(et)) = (&pf.title, &ef.title) else { continue };
        if !compacts_alike(&pt.text, &et.text) && !renamed_as(&change_notes(p.report, &p.report.sections[pf.section].extent), &pt.text, &et.text, Some("個別分野")) {
            out.push((
                p.key.to_string(),
                Diagnostic::new(
                    PARTNER_NAME_MISMATCH,
                    pt.span.clone(),
                    Msg::PartnerFieldNameMismatch { number: pf.number, here: pt.text.clone(), other: et.text.clone(), file: file_name(e.key).to_string() },
                )
                .related_in(e.key, et.span.clone(), Msg::RelOtherName),
            ));
        }
    }
    let dept = |r: &'_ Report| r.attributes.iter().find(|a| a.name == "担当部局名").and_then(|a| a.value.clone());
    if let (Some(pd), Some(ed)) = (dept(p.report), dept(e.report)) {
        if !compacts_alike(&pd.text, &ed.text) {
            out.push((
                p.key.to_string(),
                Diagnostic::new(
                    PARTNER_NAME_MISMATCH,
                    pd.span.clone(),
                    Msg::PartnerDepartmentMismatch { here: pd.text.clone(), other: ed.text.clone(), file: file_name(e.key).to_string() },
                )
                .related_in(e.key, ed.span.clone(), Msg::RelOtherName),
            ));
        }
    }
}

/// Edit distance of at most one between two IDs (as characters).
fn one_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let s = a[p..].iter().rev().zip(b[p..].iter().rev()).take_while(|(x, y)| x == y).count();
    // What is left between the common prefix and suffix: one character at most on each side.
    a.len() - p - s <= 1 && b.len() - p - s <= 1
}

/// Documents alone in their set (no other document of the same 施策 ID and
/// year) while a document of another kind in the same folder nearly
/// matches — an ID one character away, a year one step away, or the same
/// 施策名 — and its set lacks this document's kind: a slip that would
/// silently turn the cross-document checks off.
pub fn near_matches(all: &[Member]) -> Vec<(String, Diagnostic)> {
    let key = |m: &Member| Some((m.report.measure_id()?.to_string(), m.report.year.as_ref().map(|y| y.0)));
    let mut counts: std::collections::HashMap<(String, Option<i32>), Vec<DocKind>> = Default::default();
    for m in all {
        if let (Some(k), Some(kind)) = (key(m), m.report.kind) {
            counts.entry(k).or_default().push(kind);
        }
    }
    let mut out = Vec::new();
    let mut sorted: Vec<&Member> = all.iter().collect();
    sorted.sort_by_key(|m| m.key);
    for l in &sorted {
        let (Some(lk), Some(lkind)) = (key(l), l.report.kind) else { continue };
        if counts[&lk].len() > 1 {
            continue;
        }
        let lname = l.report.heading.as_ref().and_then(|h| h.title.as_ref()).map(|t| compact(&t.text)).filter(|n| !n.is_empty());
        let best = sorted.iter().filter_map(|o| {
            let (Some(ok), Some(okind)) = (key(o), o.report.kind) else { return None };
            if okind == lkind || ok == lk || folder(o.key) != folder(l.key) || counts[&ok].contains(&lkind) {
                return None;
            }
            let oname = o.report.heading.as_ref().and_then(|h| h.title.as_ref()).map(|t| compact(&t.text));
            let why = if ok.1 == lk.1 && one_apart(&ok.0, &lk.0) {
                NearWhy::IdOneApart
            } else if ok.0 == lk.0 && matches!((ok.1, lk.1), (Some(a), Some(b)) if a.abs_diff(b) == 1) {
                NearWhy::YearOneApart
            } else if lname.is_some() && oname == lname {
                NearWhy::SameName
            } else {
                return None;
            };
            Some((why, *o))
        });
        let Some((why, o)) = best.min_by_key(|(why, o)| (*why, o.key)) else { continue };
        let span = if why == NearWhy::YearOneApart { l.report.year.as_ref().map(|y| y.1.clone()).unwrap_or_else(|| heading_span(l.report)) } else { heading_span(l.report) };
        let message = Msg::PartnerNearMatch {
            id: l.report.measure_id().unwrap_or("?").to_string(),
            year: l.report.year.as_ref().map(|y| y.0),
            kind: kind_name(lkind),
            file: file_name(o.key).to_string(),
            other_kind: kind_name(o.report.kind.unwrap()),
            other_id: o.report.measure_id().unwrap_or("?").to_string(),
            other_year: o.report.year.as_ref().map(|y| y.0),
            why,
            filed_next_year: lkind == DocKind::BudgetSheet && matches!((lk.1, key(o).and_then(|k| k.1)), (Some(a), Some(b)) if a == b + 1),
        };
        out.push((l.key.to_string(), Diagnostic::new(PARTNER_NEAR_MATCH, span, message).related_in(o.key, heading_span(o.report), Msg::RelNearMatch)));
    }
    out
}

/// The plan's 目標値 for its own year below both the last 実績 and the last
/// 目標値 the evaluation gives (in the indicator's direction): lowering a
/// target is the ministry's call, but reviewers ask why.
fn target_lowered(p: &Member, pi: &crate::model::Indicator, e: &Member, ei: &crate::model::Indicator, out: &mut Vec<(String, Diagnostic)>) {
    let Some((own, _)) = &p.report.year else { return };
    let Some(py) = pi.years.iter().find(|y| y.year == *own) else { return };
    let Some((pt, pspan)) = &py.target else { return };
    let Some(last) = ei.years.iter().filter(|y| y.target.is_some() && y.result.is_some()).max_by_key(|y| y.year) else { return };
    let (Some((lt, _)), Some((lr, lspan))) = (&last.target, &last.result) else { return };
    let (lts, lrs) = (lt.figures(), lr.figures());
    for (label, t) in pt.figures() {
        let (Some((_, before)), Some((_, result))) = (lts.iter().find(|(l, _)| *l == label), lrs.iter().find(|(l, _)| *l == label)) else { continue };
        let lower = if pi.lower_is_better { t > *before && t > *result } else { t < *before && t < *result };
        if lower {
            out.push((
                p.key.to_string(),
                Diagnostic::new(
                    TARGET_LOWERED,
                    pspan.clone(),
                    Msg::TargetLowered {
                        id: pi.id.to_string(),
                        year: *own,
                        label: crate::normalize::circled_char(label),
                        target: format_number(t),
                        last_year: last.year,
                        result: format_number(*result),
                        last_target: format_number(*before),
                    },
                )
                .related_in(e.key, lspan.clone(), Msg::RelResult { year: last.year }),
            ));
        }
    }
}

/// An evaluation's citation that credits a period's results to a 達成手段
/// the plan marks （新規） and gives no budget in those years.
fn means_cited_before_they_existed(e: &Member, p: &Member, out: &mut Vec<(String, Diagnostic)>) {
    for c in &e.report.citations {
        let crate::model::CitationTarget::Means { number, .. } = &c.target else { continue };
        if c.period.is_empty() {
            continue;
        }
        let Some(m) = p.report.means.iter().find(|m| m.number == *number && (m.field == c.field || c.field.is_none() || m.field.is_none())) else { continue };
        let before = c.period.iter().all(|y| m.amounts.iter().find(|a| a.year == *y).is_none_or(|a| a.budget.is_none()));
        if m.is_new && before {
            out.push((
                e.key.to_string(),
                Diagnostic::new(
                    PERIOD_LABEL_MISMATCH,
                    c.span.clone(),
                    Msg::MeansCitedBeforeItExisted {
                        label: crate::normalize::circled_char(m.number).unwrap_or('?'),
                        name: m.name.text.clone(),
                        period: super::ratings::period_key(&c.period),
                    },
                )
                .related_in(p.key, m.row_span.clone(), Msg::RelMeansDefined),
            ));
        }
    }
}
