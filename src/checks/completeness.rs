//! Targets and figures, completely: every series of a 中期目標値, the
//! 中期目標値 against its year's 目標値, the 実績値 of every rated year and
//! series, units that change within an indicator, and 達成手段 that serve
//! no indicator.

use super::registry::*;
use super::{tag, Diagnostic, Msg, Scope};
use crate::model::{CellValue, DocKind, Indicator, Report, SectionKind, Span};
use crate::normalize::{circled_char, compact, format_number};

/// The checks of the indicators, tables and means of `scope` (every check
/// here is of one of them: there is nothing of the whole document).
pub fn items(r: &Report, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    if r.kind == Some(DocKind::BudgetSheet) {
        return;
    }
    let period = super::years::rated_period(r);
    let mut found = Vec::new();
    for ind in r.indicators.iter().filter(|i| scope.has(Some(i.section))) {
        indicator(r, ind, &period, &mut found);
        out.extend(found.drain(..).map(|d| (ind.section, d)));
    }
    units(r, scope, out);
    declared_units(r, scope, out);
    means_without_indicator(r, scope, out);
}

/// The checks of one indicator.
fn indicator(r: &Report, ind: &Indicator, period: &Option<Vec<i32>>, out: &mut Vec<Diagnostic>) {
    midterm_series(ind, out);
    midterm_against_year(ind, out);
    midterm_overshot(ind, out);
    if r.kind == Some(DocKind::Evaluation) {
        results(ind, out);
        if let (Some(m), Some(p)) = (&ind.midterm, period) {
            if let (Some(target), Some(&end)) = (m.year, p.last()) {
                if target < end {
                    out.push(Diagnostic::new(TARGET_YEAR_BEFORE_PLAN, m.span.clone(), Msg::TargetYearBeforePeriod { id: ind.id.to_string(), target, end }));
                }
            }
        }
    }
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

/// Figures of one indicator (per series) or of one row of a 参考指標 table
/// written in different units: `①72％` beside `①0.72`, `340 人` among `件`.
fn units(r: &Report, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    let owner = |t: &crate::model::Table| {
        r.enclosing(t.section, |s| matches!(s.kind, SectionKind::Indicator(_) | SectionKind::Reference(_)))
    };
    // Groups: (owner section, series label, row index for 参考指標) → cells.
    type Group = (usize, u32, usize);
    // In the order first met; indexed by key (a report has thousands).
    let mut groups: Vec<(Group, Vec<(Span, Option<&str>)>)> = Vec::new();
    let mut index: std::collections::HashMap<Group, usize> = std::collections::HashMap::new();
    // A table's owner holds it: both are in the scope, or neither.
    for t in r.tables.iter().filter(|t| scope.has(t.section)) {
        let Some(o) = owner(t) else { continue };
        let per_row = matches!(r.sections[o].kind, SectionKind::Reference(_));
        for (ri, row) in t.rows.iter().enumerate().skip(1) {
            for c in row.cells.iter().skip(1) {
                for f in c.figures() {
                    let (label, unit) = (f.label, f.unit.as_deref());
                    let key = (o, label, if per_row { ri } else { 0 });
                    let at = c.span.start + f.offset;
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
        let mut counts: Vec<(Option<&str>, usize)> = Vec::new();
        for &(_, u) in &cells {
            match counts.iter_mut().find(|(x, _)| *x == u) {
                Some((_, n)) => *n += 1,
                None => counts.push((u, 1)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        // The usual unit: the one most figures carry (the first on a tie).
        let usual = counts.iter().max_by_key(|(_, n)| *n).map(|(u, _)| *u).unwrap();
        let name = match r.sections[o].kind {
            SectionKind::Indicator(i) => format!("測定指標{}", r.indicators[i].id),
            SectionKind::Reference(i) => format!("参考指標{}", r.references[i].number.clone().unwrap_or_default()),
            _ => String::new(),
        };
        for (span, u) in cells {
            if u != usual {
                out.push((
                    o,
                    Diagnostic::new(
                        MIXED_UNITS,
                        span,
                        Msg::MixedUnits { name: name.clone(), label: circled_char(label), unit: u.map(str::to_string), usual: usual.map(str::to_string) },
                    ),
                ));
            }
        }
    }
}

/// A 達成手段 row whose 関連する測定指標 cell is empty.
fn means_without_indicator(r: &Report, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    for m in &r.means {
        let t = &r.tables[m.table];
        if !m.related.is_empty() || !scope.has(t.section) {
            continue;
        }
        let Some(col) = t.header().and_then(|h| h.cells.iter().position(|c| compact(&c.text).contains("測定指標"))) else { continue };
        let Some(row) = t.rows.iter().find(|row| row.span == m.row_span) else { continue };
        let span = row.cell(col).map(|c| c.span.clone()).unwrap_or(m.row_span.clone());
        out.push((
            tag(t.section),
            Diagnostic::new(MEANS_WITHOUT_INDICATOR, span, Msg::MeansWithoutIndicator { label: circled_char(m.number).unwrap_or('?'), name: m.name.text.clone() }),
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
fn declared_units(r: &Report, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    for t in r.tables.iter().filter(|t| scope.has(t.section)) {
        let Some(declared) = t.unit.as_deref().map(compact) else { continue };
        if crate::normalize::money_unit(&declared).is_some() {
            continue;
        }
        let Some(o) = r.enclosing(t.section, |s| matches!(s.kind, SectionKind::Indicator(_))) else { continue };
        let SectionKind::Indicator(i) = r.sections[o].kind else { continue };
        let found = t.rows.iter().skip(1).flat_map(|row| row.cells.iter().skip(1)).find_map(|c| {
            c.figures().iter().find_map(|f| {
                let u = f.unit.as_deref()?;
                (u != declared).then(|| (c.span.start + f.offset..c.span.end, u.to_string()))
            })
        });
        if let Some((span, unit)) = found {
            out.push((
                tag(t.section),
                Diagnostic::new(MIXED_UNITS, span, Msg::UnitAgainstDeclared { name: format!("測定指標{}", r.indicators[i].id), unit, declared: declared.clone() }),
            ));
        }
    }
}
