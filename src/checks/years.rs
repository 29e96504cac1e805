//! Years as written: year labels (年 for 年度, unreadable, a table that
//! repeats or skips a year), periods in the evaluation that are not the
//! period rated, and the dates of the evaluation.

use super::registry::*;
use super::{tag, Diagnostic, Msg, Scope};
use crate::model::{DocKind, Report, Span};
use crate::normalize::{compact, fold_char, parse_year, years_in, FiscalYear};

pub fn check(r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    means_tables(r, out);
    periods(r, text, out);
    schedule(r, out);
}

/// The checks of the indicators and tables of `scope`: year labels, and
/// year columns that cannot be read, repeat or skip a year.
pub fn items(r: &Report, text: &str, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    year_labels(r, text, scope, out);
    tables(r, scope, out);
}

/// Where `s` writes a year with 年 where the forms write 年度: the byte
/// offset just after that 年 (the place of the missing 度).
fn year_without_do(s: &str) -> Option<usize> {
    // Most labels have none, or only 年度: nothing to read closer.
    let after_ok = |c: Option<char>| matches!(c, Some('度' | '月' | '間' | '代' | '齢' | '次' | '生' | '前' | '後' | '以' | '末' | '初'));
    if !s.match_indices('年').any(|(i, y)| i > 0 && !after_ok(s[i + y.len()..].chars().next())) {
        return None;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c != '年' || k == 0 {
            continue;
        }
        let prev = chars[k - 1].1;
        if !(fold_char(prev).is_ascii_digit() || prev == '元') {
            continue;
        }
        // 年度, 年月 (a date), 年間 (a span of time) are not slips.
        if after_ok(chars.get(k + 1).map(|x| x.1)) {
            continue;
        }
        // A date in a heading such as `令和５年 10月`.
        let rest: String = chars[k + 1..].iter().map(|x| x.1).take(6).collect();
        let rest = compact(&rest);
        if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) && rest.contains('月') {
            continue;
        }
        // An era before the digits (`令和３年`), or nothing but the digits
        // (`3年` as a whole label): a year, not a count (`過去3年平均`).
        let before: String = chars[..k].iter().map(|x| x.1).collect();
        let digits_at = before.trim_end_matches(|c: char| fold_char(c).is_ascii_digit() || c == '元').len();
        let lead = compact(&before[..digits_at]);
        let era = lead.ends_with("令和") || lead.ends_with("平成") || lead.ends_with('R') || lead.ends_with('H');
        if !(era || lead.is_empty()) || years_in(&format!("{before}年度")).is_empty() {
            continue;
        }
        return Some(i + c.len_utf8());
    }
    None
}

/// Every year label of the document: the years of each indicator (row
/// labels, column headings, year headings), the 中期目標's, and the year
/// columns of every table.
/// (Each with the section of its indicator or table; a label an indicator
/// reads from its table is the table's too, and both are in one scope.)
fn labels(r: &Report, scope: &Scope) -> Vec<(Span, usize)> {
    let mut spans: Vec<(Span, usize)> = Vec::new();
    for ind in r.indicators.iter().filter(|i| scope.has(Some(i.section))) {
        spans.extend(ind.years.iter().map(|y| (y.span.clone(), ind.section)));
        spans.extend(ind.midterm.iter().map(|m| (m.span.clone(), ind.section)));
    }
    for t in r.tables.iter().filter(|t| scope.has(t.section)) {
        if let Some(h) = t.header() {
            spans.extend(h.cells.iter().skip(1).map(|c| (c.span.clone(), tag(t.section))));
        }
    }
    spans.sort_by_key(|(s, _)| (s.start, s.end));
    spans.dedup_by(|a, b| a.0 == b.0);
    spans
}

fn year_labels(r: &Report, text: &str, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    for (span, section) in labels(r, scope) {
        let Some(written) = text.get(span.clone()) else { continue };
        if let Some(at) = year_without_do(written) {
            let year = parse_year(written);
            out.push((
                section,
                Diagnostic::new(YEAR_LABEL, span.clone(), Msg::YearWithoutDo { written: written.to_string(), year })
                    .fix(Msg::FixInsertDo, span.start + at..span.start + at, "度"),
            ));
        }
    }
}

/// Year columns (and year rows) that cannot be read, repeat, or skip a year.
fn tables(r: &Report, scope: &Scope, tagged: &mut Vec<(usize, Diagnostic)>) {
    let mut out = Vec::new();
    for (ti, t) in r.tables.iter().enumerate().filter(|(_, t)| scope.has(t.section)) {
        table(r, ti, t, &mut out);
        tagged.extend(out.drain(..).map(|d| (tag(t.section), d)));
    }
}

fn table(r: &Report, ti: usize, t: &crate::model::Table, out: &mut Vec<Diagnostic>) {
    let Some(header) = t.header() else { return };
    let budget = r.budgets.iter().any(|b| b.table == ti);
    let in_indicator = t.section.is_some_and(|s| {
        r.enclosing(Some(s), |x| matches!(x.kind, crate::model::SectionKind::Indicator(_) | crate::model::SectionKind::Reference(_))).is_some()
    });
    // The year cells: the header's, or the first column's when the
    // header's first cell says 年度 (one row per year).
    let by_rows = in_indicator && compact(header.label()).contains("年度");
    let cells: Vec<&crate::model::Cell> = if by_rows {
        t.rows.iter().skip(1).filter_map(|row| row.cells.first()).collect()
    } else if budget || in_indicator {
        header.cells.iter().skip(1).collect()
    } else {
        return;
    };
    let mut seen: Vec<(FiscalYear, Span)> = Vec::new();
    for c in cells {
        match c.year() {
            Some(y) => {
                if let Some((_, first)) = seen.iter().find(|(s, _)| *s == y) {
                    out.push(Diagnostic::new(YEAR_LABEL, c.span.clone(), Msg::YearRepeated { year: y }).related(first.clone(), Msg::RelFirstYear));
                }
                seen.push((y, c.span.clone()));
            }
            None => {
                let written = c.text.trim();
                // A year that cannot be read: 年 written, or a budget
                // table's column heading (every one is a year there).
                let yearish = written.contains('年') || written.contains("令和") || written.contains("平成");
                if !written.is_empty() && (yearish || budget) && !(by_rows && !yearish) {
                    out.push(Diagnostic::new(YEAR_LABEL, c.span.clone(), Msg::YearUnreadable { written: written.to_string() }));
                }
            }
        }
    }
    // The 施策's budget tables end at the document's own year; a means
    // table's 当初 column is that year's.
    if let (Some(kind), Some((own, _))) = (r.kind, &r.year) {
        if matches!(kind, DocKind::Evaluation | DocKind::Plan) {
            let last = if budget { seen.iter().map(|(y, _)| *y).max() } else { None };
            if let Some(last) = last.filter(|l| l != own) {
                out.push(Diagnostic::new(YEAR_LABEL, header.span.clone(), Msg::TableYearsEndElsewhere { last, own: *own, means: false }));
            }
        }
    }
    // A budget table's years run one after another: a skipped year
    // next to a repeated one is the slip of a copied column.
    if budget && seen.len() >= 2 {
        let mut years: Vec<FiscalYear> = seen.iter().map(|(y, _)| *y).collect();
        let repeated = years.len() != { years.sort(); years.dedup(); years.len() };
        let (lo, hi) = (years[0], *years.last().unwrap());
        let missing: Vec<FiscalYear> = (lo..=hi).filter(|y| !years.contains(y)).collect();
        if repeated && !missing.is_empty() && missing.len() <= 3 {
            out.push(Diagnostic::new(YEAR_LABEL, header.span.clone(), Msg::YearsSkipped { missing }));
        }
    }
}

/// The period an evaluation rates: the one most of its indicators' ratings
/// name (`@令和2・3・4年度目標の達成状況`).
pub fn rated_period(r: &Report) -> Option<Vec<FiscalYear>> {
    let mut counts: Vec<(Vec<FiscalYear>, usize)> = Vec::new();
    for rating in r.indicators.iter().flat_map(|i| i.ratings.iter()) {
        if rating.period.is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(p, _)| *p == rating.period) {
            Some((_, n)) => *n += 1,
            None => counts.push((rating.period.clone(), 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(p, _)| p)
}

fn periods(r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    if r.kind != Some(DocKind::Evaluation) {
        return;
    }
    let Some(period) = rated_period(r) else { return };
    let label = super::ratings::period_key(&period);
    // The summary's heading: 「測定指標の令和２・３・４年度目標の達成状況」.
    if let Some(s) = r.summary_section {
        let sec = &r.sections[s];
        let ys = years_in(&sec.title);
        if !ys.is_empty() && ys != period {
            out.push(Diagnostic::new(
                PERIOD_LABEL_MISMATCH,
                sec.name_span.clone(),
                Msg::PeriodLabelDiffers { written: super::ratings::period_key(&ys), rated: label.clone(), what: PeriodPlace::SummaryHeading },
            ));
        }
    }
    // A citation's period: 「（令和２・３・４年度：name（達成手段①））」.
    for c in &r.citations {
        if !matches!(c.target, crate::model::CitationTarget::Means { .. }) {
            continue;
        }
        // (`c.period` holds the years of `head`, read in lowering.)
        let ys = &c.period;
        if ys.is_empty() || ys.iter().all(|y| period.contains(y)) {
            continue;
        }
        let Some(written) = text.get(c.span.clone()) else { continue };
        let Some(colon) = written.find(['：', ':']) else { continue };
        let head = &written[..colon];
        let start = c.span.start + head.len() - head.trim_start_matches(['（', '(']).len();
        out.push(Diagnostic::new(
            PERIOD_LABEL_MISMATCH,
            start..c.span.start + colon,
            Msg::PeriodLabelDiffers { written: super::ratings::period_key(ys), rated: label.clone(), what: PeriodPlace::Citation },
        ));
    }
}

pub use crate::i18n::PeriodPlace;

/// `令和５年８月` → the fiscal year it falls in (April to March).
fn fiscal_year_of_date(s: &str) -> Option<FiscalYear> {
    let y = years_in(s).into_iter().next()?;
    let f = crate::normalize::fold(s);
    let month: Option<u32> = f.find('月').and_then(|m| {
        let digits: String = f[..m].trim_end().chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
        digits.parse().ok()
    });
    Some(match month {
        Some(1..=3) => y - 1,
        _ => y,
    })
}

fn schedule(r: &Report, out: &mut Vec<Diagnostic>) {
    let (Some(kind), Some((year, _))) = (r.kind, r.year.as_ref()) else { return };
    let key = match kind {
        DocKind::Evaluation => "政策評価実施時期",
        DocKind::Plan => "政策評価実施予定時期",
        DocKind::BudgetSheet => return,
    };
    for a in r.attributes.iter().filter(|a| a.name == key) {
        let Some(v) = &a.value else { continue };
        let Some(fy) = fiscal_year_of_date(&v.text) else { continue };
        let wrong = match kind {
            DocKind::Evaluation => fy != *year,
            _ => fy < *year,
        };
        if wrong {
            out.push(Diagnostic::new(
                SCHEDULE_DATE,
                v.span.clone(),
                Msg::ScheduleDate { key: key.to_string(), written: v.text.clone(), fiscal: fy, year: *year, plan: kind == DocKind::Plan },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_written_with_nen() {
        assert_eq!(year_without_do("令和３年"), Some("令和３年".len()));
        assert_eq!(year_without_do("令和4年目標"), Some("令和4年".len()));
        assert_eq!(year_without_do("中期目標値（令和４年）"), Some("中期目標値（令和４年".len()));
        assert_eq!(year_without_do("令和３年度"), None);
        assert_eq!(year_without_do("令和５年８月"), None);
        assert_eq!(year_without_do("令和４年 10 月"), None);
        assert_eq!(year_without_do("3年間の実績"), None);
        assert_eq!(year_without_do("中期目標（--年度）"), None);
        assert_eq!(year_without_do("過去3年平均"), None);
        assert_eq!(year_without_do("3年"), Some(4));
    }

    #[test]
    fn dates_fall_in_fiscal_years() {
        assert_eq!(fiscal_year_of_date("令和５年８月"), Some(2023));
        assert_eq!(fiscal_year_of_date("令和６年３月"), Some(2023));
        assert_eq!(fiscal_year_of_date("令和8年8月"), Some(2026));
    }
}

/// A means table's 当初 column of another year than the document's: the
/// table was carried over from last year's plan.
fn means_tables(r: &Report, out: &mut Vec<Diagnostic>) {
    let (Some(DocKind::Plan | DocKind::Evaluation), Some((own, _))) = (r.kind, &r.year) else { return };
    let mut tables: Vec<usize> = r.means.iter().map(|m| m.table).collect();
    tables.dedup();
    for ti in tables {
        let Some(header) = r.tables[ti].header() else { continue };
        for c in header.cells.iter().skip(1) {
            if !compact(&c.text).contains("当初") {
                continue;
            }
            if let Some(y) = c.year().filter(|y| y != own) {
                out.push(Diagnostic::new(YEAR_LABEL, c.span.clone(), Msg::TableYearsEndElsewhere { last: y, own: *own, means: true }));
            }
        }
    }
}
