//! Targets and figures, completely: every series of a 中期目標値, the
//! 中期目標値 against its year's 目標値, the 実績値 of every rated year and
//! series, units that change within an indicator, and 達成手段 that serve
//! no indicator.

use super::registry::*;
use super::{Diagnostic, Msg};
use crate::model::{CellValue, DocKind, Indicator, Report, SectionKind, Span};
use crate::normalize::{circled, circled_char, compact, format_number, parse_number};

pub fn check(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.kind == Some(DocKind::BudgetSheet) {
        return;
    }
    let period = super::years::rated_period(r);
    for ind in &r.indicators {
        midterm_series(ind, out);
        midterm_against_year(ind, out);
        midterm_overshot(ind, out);
        if r.kind == Some(DocKind::Evaluation) {
            results(ind, out);
            if let (Some(m), Some(p)) = (&ind.midterm, &period) {
                if let (Some(target), Some(&end)) = (m.year, p.last()) {
                    if target < end {
                        out.push(Diagnostic::new(
                            TARGET_YEAR_BEFORE_PLAN,
                            m.span.clone(),
                            Msg::TargetYearBeforePeriod { id: ind.id.to_string(), target, end },
                        ));
                    }
                }
            }
        }
    }
    units(r, out);
    declared_units(r, out);
    means_without_indicator(r, out);
}

/// The series labels a cell gives values for.
fn labels(v: &CellValue) -> Vec<u32> {
    match v {
        CellValue::Series(s) => s.iter().filter(|x| x.value.is_some()).map(|x| x.label).collect(),
        _ => Vec::new(),
    }
}

/// A 中期目標値 that leaves out a series the indicator defines.
fn midterm_series(ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(m) = &ind.midterm else { return };
    let Some((v @ CellValue::Series(_), span)) = &m.value else { return };
    if ind.series.len() < 2 {
        return;
    }
    let given = labels(v);
    let missing: Vec<char> = ind.series.iter().filter(|(n, _)| !given.contains(n)).filter_map(|(n, _)| circled_char(*n)).collect();
    if !missing.is_empty() {
        out.push(Diagnostic::new(MIDTERM_VALUE_MISSING, span.clone(), Msg::MidtermSeriesMissing { id: ind.id.to_string(), missing }));
    }
}

/// The 中期目標値 of a year against the 目標値 the table gives that year.
fn midterm_against_year(ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(m) = &ind.midterm else { return };
    let (Some(year), Some((mv, mspan))) = (m.year, &m.value) else { return };
    let Some(y) = ind.years.iter().find(|y| y.year == year) else { return };
    let Some((tv, tspan)) = &y.target else { return };
    let (mvals, tvals) = (mv.figures(), tv.figures());
    for (label, a) in &mvals {
        let Some((_, b)) = tvals.iter().find(|(l, _)| l == label) else { continue };
        if (a - b).abs() > 1e-9 {
            out.push(
                Diagnostic::new(
                    MIDTERM_TARGET_DISAGREES,
                    mspan.clone(),
                    Msg::MidtermDisagrees { id: ind.id.to_string(), year, label: circled_char(*label), midterm: format_number(*a), target: format_number(*b) },
                )
                .related(tspan.clone(), Msg::RelYearTarget),
            );
        }
    }
}

/// A rated year whose 目標値 is given but whose 実績値 is not (for every
/// series the target names).
fn results(ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(rating) = ind.ratings.last() else { return };
    for y in &ind.years {
        if !rating.period.contains(&y.year) {
            continue;
        }
        let Some((target, _)) = &y.target else { continue };
        if matches!(target, CellValue::Text) && y.result.is_none() {
            // A qualitative year: its 目標 with no 施策の進捗状況・実績.
            out.push(Diagnostic::new(RESULT_MISSING, y.span.clone(), Msg::QualitativeResultMissing { id: ind.id.to_string(), year: y.year }));
            continue;
        }
        if matches!(target, CellValue::Text | CellValue::None) {
            continue;
        }
        match &y.result {
            None => out.push(Diagnostic::new(RESULT_MISSING, y.span.clone(), Msg::ResultMissing { id: ind.id.to_string(), year: y.year, label: None })),
            Some((CellValue::Series(results), span)) => {
                let have: Vec<u32> = results.iter().filter(|x| x.value.is_some()).map(|x| x.label).collect();
                for l in labels(target).into_iter().filter(|l| !have.contains(l)) {
                    out.push(Diagnostic::new(RESULT_MISSING, span.clone(), Msg::ResultMissing { id: ind.id.to_string(), year: y.year, label: circled_char(l) }));
                }
            }
            Some(_) => {}
        }
    }
}

/// The figures of a cell with their units: (series label or 0, byte offset
/// in the cell, unit).
fn cell_units(text: &str) -> Vec<(u32, usize, Option<String>)> {
    if let Some(n) = parse_number(text) {
        return vec![(0, 0, n.unit)];
    }
    let mut out = Vec::new();
    let marks: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| circled(*c).is_some()).collect();
    if marks.is_empty() || !text[..marks[0].0].trim().is_empty() {
        return out;
    }
    for (k, &(i, c)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map(|m| m.0).unwrap_or(text.len());
        if let Some(n) = parse_number(&text[i + c.len_utf8()..end]) {
            out.push((circled(c).unwrap_or(0), i, n.unit));
        }
    }
    out
}

/// Figures of one indicator (per series) or of one row of a 参考指標 table
/// written in different units: `①72％` beside `①0.72`, `340 人` among `件`.
fn units(r: &Report, out: &mut Vec<Diagnostic>) {
    let owner = |t: &crate::model::Table| {
        r.enclosing(t.section, |s| matches!(s.kind, SectionKind::Indicator(_) | SectionKind::Reference(_)))
    };
    // Groups: (owner section, series label, row index for 参考指標) → cells.
    type Group = (usize, u32, usize);
    // In the order first met; indexed by key (a report has thousands).
    let mut groups: Vec<(Group, Vec<(Span, Option<String>)>)> = Vec::new();
    let mut index: std::collections::HashMap<Group, usize> = std::collections::HashMap::new();
    for t in &r.tables {
        let Some(o) = owner(t) else { continue };
        let per_row = matches!(r.sections[o].kind, SectionKind::Reference(_));
        for (ri, row) in t.rows.iter().enumerate().skip(1) {
            for c in row.cells.iter().skip(1) {
                for (label, off, unit) in cell_units(&c.text) {
                    let key = (o, label, if per_row { ri } else { 0 });
                    let at = c.span.start + off;
                    match index.get(&key) {
                        Some(&g) => groups[g].1.push((at..c.span.end, unit)),
                        None => {
                            index.insert(key, groups.len());
                            groups.push((key, vec![(at..c.span.end, unit)]));
                        }
                    }
                }
            }
        }
    }
    for ((o, label, _), cells) in groups {
        let mut counts: Vec<(Option<String>, usize)> = Vec::new();
        for (_, u) in &cells {
            let u = u.as_deref().map(compact);
            match counts.iter_mut().find(|(x, _)| *x == u) {
                Some((_, n)) => *n += 1,
                None => counts.push((u, 1)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        // The usual unit: the one most figures carry (the first on a tie).
        let usual = counts.iter().max_by_key(|(_, n)| *n).map(|(u, _)| u.clone()).unwrap();
        let name = match r.sections[o].kind {
            SectionKind::Indicator(i) => format!("測定指標{}", r.indicators[i].id),
            SectionKind::Reference(i) => format!("参考指標{}", r.references[i].number.clone().unwrap_or_default()),
            _ => String::new(),
        };
        for (span, u) in cells {
            let u = u.as_deref().map(compact);
            if u != usual {
                out.push(Diagnostic::new(
                    MIXED_UNITS,
                    span,
                    Msg::MixedUnits { name: name.clone(), label: circled_char(label), unit: u, usual: usual.clone() },
                ));
            }
        }
    }
}

/// A 達成手段 row whose 関連する測定指標 cell is empty.
fn means_without_indicator(r: &Report, out: &mut Vec<Diagnostic>) {
    for m in &r.means {
        if !m.related.is_empty() {
            continue;
        }
        let t = &r.tables[m.table];
        let Some(col) = t.header().and_then(|h| h.cells.iter().position(|c| compact(&c.text).contains("測定指標"))) else { continue };
        let Some(row) = t.rows.iter().find(|row| row.span == m.row_span) else { continue };
        let span = row.cell(col).map(|c| c.span.clone()).unwrap_or(m.row_span.clone());
        out.push(Diagnostic::new(
            MEANS_WITHOUT_INDICATOR,
            span,
            Msg::MeansWithoutIndicator { label: circled_char(m.number).unwrap_or('?'), name: m.name.text.clone() },
        ));
    }
}

/// A yearly 目標値 before the 中期目標's year that is already past the
/// 中期目標値 (in the indicator's direction): one of the two is mistyped.
fn midterm_overshot(ind: &Indicator, out: &mut Vec<Diagnostic>) {
    let Some(m) = &ind.midterm else { return };
    let (Some(myear), Some((mv, mspan))) = (m.year, &m.value) else { return };
    let mvals = mv.figures();
    for y in ind.years.iter().filter(|y| y.year < myear) {
        let Some((tv, tspan)) = &y.target else { continue };
        for (label, t) in tv.figures() {
            let Some((_, mval)) = mvals.iter().find(|(l, _)| *l == label) else { continue };
            let past = if ind.lower_is_better { t < *mval } else { t > *mval };
            if past {
                // The plan may have been raised after the 中期目標 was set:
                // a question for the author, not an error.
                let mut d = Diagnostic::new(
                        MIDTERM_TARGET_DISAGREES,
                        tspan.clone(),
                        Msg::TargetPastMidterm {
                            id: ind.id.to_string(),
                            year: y.year,
                            label: circled_char(label),
                            target: format_number(t),
                            midterm: format_number(*mval),
                            midterm_year: myear,
                        },
                    )
                    .related(mspan.clone(), Msg::RelMidterm);
                d.severity = super::Severity::Information;
                out.push(d);
            }
        }
    }
}

/// Figures written with a unit other than the table's `@単位`.
fn declared_units(r: &Report, out: &mut Vec<Diagnostic>) {
    for t in &r.tables {
        let Some(declared) = t.unit.as_deref().map(compact) else { continue };
        if crate::normalize::money_unit(&declared).is_some() {
            continue;
        }
        let Some(o) = r.enclosing(t.section, |s| matches!(s.kind, SectionKind::Indicator(_))) else { continue };
        let SectionKind::Indicator(i) = r.sections[o].kind else { continue };
        let found = t.rows.iter().skip(1).flat_map(|row| row.cells.iter().skip(1)).find_map(|c| {
            cell_units(&c.text).into_iter().find_map(|(_, off, u)| {
                let u = compact(u.as_deref()?);
                (u != declared).then(|| (c.span.start + off..c.span.end, u))
            })
        });
        if let Some((span, unit)) = found {
            out.push(Diagnostic::new(
                MIXED_UNITS,
                span,
                Msg::UnitAgainstDeclared { name: format!("測定指標{}", r.indicators[i].id), unit, declared: declared.clone() },
            ));
        }
    }
}
