//! Ratings: off the scale, letter against label, summary against block,
//! full-width letters, unrated main indicators, ratings the figures do not
//! support, and the 施策 rating against its main indicators.

use super::registry::*;
use super::{Diagnostic, Msg, Scope};
use crate::config::{parse_measure_rating, Config, MEASURE_LABELS};
use crate::model::{CellValue, CitationTarget, Claim, DocKind, Indicator, IndicatorId, Report, SectionKind, StatementKind, TextAt};
use crate::normalize::fold;

/// The checks of the indicators of `scope`: their letters, a main one
/// left unrated, a rating the figures do not support.
pub fn items(r: &Report, config: &Config, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    let mut found = Vec::new();
    for ind in r.indicators.iter().filter(|i| scope.has(Some(i.section))) {
        indicator(r, ind, config, &mut found);
        out.extend(found.drain(..).map(|d| (ind.section, d)));
    }
}

fn indicator(r: &Report, ind: &Indicator, config: &Config, out: &mut Vec<Diagnostic>) {
    {
        for rating in &ind.ratings {
            letter(&rating.value, config, ind.id, false, out);
        }
        if r.kind == Some(DocKind::Evaluation) && ind.main && ind.ratings.is_empty() {
            let mut years: Vec<i32> = ind.years.iter().map(|y| y.year).collect();
            years.sort();
            years.dedup();
            let mut d = Diagnostic::new(
                MAIN_INDICATOR_UNRATED,
                ind.label_span.clone(),
                Msg::MainIndicatorUnrated { id: ind.id.to_string() },
            );
            if !years.is_empty() {
                // The rating line for the indicator's years, at the end of its
                // section; the author writes the letter.
                let period = period_key(&years);
                let at = r.sections[ind.section].extent.end;
                d = d.fix(Msg::FixAddRatingLine { period: period.clone() }, at..at, format!("\n@{period}目標の達成状況: "));
            }
            out.push(d);
        }
        figures(ind, config, out);
    }
}

/// The checks that compare indicators with the summary list, the 施策's
/// rating and the prose.
pub fn check(r: &Report, config: &Config, out: &mut Vec<Diagnostic>) {
    let ids = r.indicator_index();
    for e in &r.summary {
        let Some(rating) = &e.rating else {
            // An empty cell in the list while the block gives a rating.
            let rated = ids.get(e.id).and_then(|i| i.ratings.last());
            if let Some(detail) = rated {
                out.push(
                    Diagnostic::new(
                        SUMMARY_RATING_MISMATCH,
                        e.row_span.clone(),
                        Msg::SummaryLeavesUnrated { id: e.id.to_string(), block: detail.value.text.clone() },
                    )
                    .related(detail.value.span.clone(), Msg::RelBlockRating),
                );
            }
            continue;
        };
        letter(rating, config, e.id, true, out);
        let Some(ind) = ids.get(e.id) else { continue };
        let Some(detail) = ind.ratings.last() else {
            // The list rates an indicator whose block gives no rating (a 主要
            // one is HY0205's business).
            if !ind.main && r.kind == Some(DocKind::Evaluation) {
                out.push(Diagnostic::new(
                    SUMMARY_RATING_MISMATCH,
                    rating.span.clone(),
                    Msg::SummaryRatesUnratedBlock { id: e.id.to_string(), rating: rating.text.clone() },
                ));
            }
            continue;
        };
        let (a, b) = (config.indicator_rank(&rating.text), config.indicator_rank(&detail.value.text));
        if monitoring_only(&rating.text) != monitoring_only(&detail.value.text) {
            out.push(
                Diagnostic::new(
                    SUMMARY_RATING_MISMATCH,
                    rating.span.clone(),
                    Msg::SummaryRatingMismatch { id: e.id.to_string(), summary: rating.text.clone(), block: detail.value.text.clone() },
                )
                .related(detail.value.span.clone(), Msg::RelBlockRating),
            );
        } else if a.is_some() && b.is_some() && a != b {
            out.push(
                Diagnostic::new(
                    SUMMARY_RATING_MISMATCH,
                    rating.span.clone(),
                    Msg::SummaryRatingMismatch { id: e.id.to_string(), summary: rating.text.clone(), block: detail.value.text.clone() },
                )
                .related(detail.value.span.clone(), Msg::RelBlockRating)
                .fix(Msg::FixUseBlockRating { rating: fold(&detail.value.text) }, rating.span.clone(), fold(&detail.value.text)),
            );
        }
    }
    if let Some(m) = &r.measure_rating {
        measure(r, m, config, out);
    }
    overall(r, r.measure_rating.as_ref().and_then(|m| parse_measure_rating(&m.text).0), config, out);
    stated(r, config, out);
    references_rated(r, out);
}

/// Ratings stated in the prose: 「目標の達成度を「ａ」と判定した」 under an
/// indicator's citation, and the 判断根拠 of the 施策's rating.
fn stated(r: &Report, config: &Config, out: &mut Vec<Diagnostic>) {
    let measure_section = r
        .attributes
        .iter()
        .find(|a| matches!(a.name.as_str(), "目標達成度合いの測定結果" | "政策目標の達成度合い"))
        .map(|a| a.section);
    for st in &r.statements {
        match &st.kind {
            StatementKind::Rating { letter } => {
                // The indicator the passage is about: the last one cited
                // before it in its section.
                let start = st.section.map(|s| r.sections[s].heading_span.start).unwrap_or(0);
                let cited = r.citations.iter().rev().find(|c| c.span.start >= start && c.span.start < st.span.start && matches!(c.target, CitationTarget::Indicator { reference: false, .. }));
                let Some(CitationTarget::Indicator { id, .. }) = cited.map(|c| &c.target) else { continue };
                let Some(ind) = r.indicator(*id) else { continue };
                let Some(rating) = ind.ratings.last() else { continue };
                let (a, b) = (config.indicator_rank(&letter.to_string()), config.indicator_rank(&rating.value.text));
                if a.is_some() && b.is_some() && a != b {
                    out.push(
                        Diagnostic::new(
                            RATING_STATED_DIFFERENTLY,
                            st.span.clone(),
                            Msg::ProseRatingDiffers { id: id.to_string(), stated: *letter, rating: fold(&rating.value.text) },
                        )
                        .related(rating.value.span.clone(), Msg::RelBlockRating),
                    );
                }
            }
            StatementKind::Claim { claim } => {
                let (Some(m), Some(ms)) = (&r.measure_rating, measure_section) else { continue };
                if st.section != ms {
                    continue;
                }
                let (Some(label), _) = parse_measure_rating(&m.text) else { continue };
                let fits = match claim {
                    Claim::AllMet => label <= 1,
                    Claim::NearlyMet => label == 2,
                    Claim::NotNear => label >= 3,
                };
                if !fits {
                    out.push(
                        Diagnostic::new(
                            RATING_STATED_DIFFERENTLY,
                            st.span.clone(),
                            Msg::ReasonsContradictRating { claim: *claim, label: MEASURE_LABELS[label].to_string() },
                        )
                        .related(m.span.clone(), Msg::RelMeasureRating),
                    );
                }
            }
            _ => {}
        }
    }
}

/// A rating line inside a 参考指標: reference indicators are not rated.
fn references_rated(r: &Report, out: &mut Vec<Diagnostic>) {
    for a in &r.attributes {
        let k = &a.name;
        if !(k.ends_with("達成状況") || k == "rating") {
            continue;
        }
        let Some(s) = r.enclosing(a.section, |s| matches!(s.kind, SectionKind::Reference(_) | SectionKind::Indicator(_))) else { continue };
        let SectionKind::Reference(i) = r.sections[s].kind else { continue };
        let name = r.references[i].number.clone().unwrap_or_default();
        out.push(Diagnostic::new(REFERENCE_RATED, a.span.clone(), Msg::ReferenceRated { number: name }).fix(Msg::FixRemoveLine, a.span.clone(), ""));
    }
}

/// A year monitored but not rated, as real 調書 and 評価書 print it:
/// `モニタリングのみ`, `－（モニタリングのみ）`, 「今年度はモニタリングのみのため、
/// 5段階達成度は記載できない」.
pub fn monitoring_only(text: &str) -> bool {
    // Folding leaves katakana as they are: a text without モ says nothing of it.
    text.contains('モ') && crate::normalize::compact(text).contains("モニタリング")
}

/// Off-scale and full-width checks of one indicator rating letter.
fn letter(value: &TextAt, config: &Config, id: IndicatorId, in_summary: bool, out: &mut Vec<Diagnostic>) {
    if monitoring_only(&value.text) {
        return;
    }
    // Compared as they fold, without building strings: this runs for every
    // rating on every keystroke, and almost all are written as they should be.
    let text = value.text.as_str();
    let fold_chars = crate::normalize::fold_chars;
    if config.indicator_rank(text).is_none() {
        out.push(Diagnostic::new(
            RATING_OFF_SCALE,
            value.span.clone(),
            Msg::RatingOffScale { id: id.to_string(), in_summary, rating: value.text.clone(), scale: config.indicator_scale.join(" / ") },
        ));
    } else if !fold_chars(text).eq(text.chars()) {
        let folded = fold(text);
        out.push(
            Diagnostic::new(FULL_WIDTH_RATING, value.span.clone(), Msg::FullWidthRating { id: id.to_string(), in_summary, rating: value.text.clone() })
                .fix(Msg::FixWrite { text: folded.clone() }, value.span.clone(), folded),
        );
    }
    // `B` for `b`: the capital letters are the 施策's scale.
    if fold_chars(text).any(|c| !c.to_lowercase().eq([c])) {
        let lower = fold(text).to_lowercase();
        if config.indicator_scale.iter().any(|s| fold_chars(s).eq(lower.chars())) {
            out.push(
                Diagnostic::new(FULL_WIDTH_RATING, value.span.clone(), Msg::CapitalRating { id: id.to_string(), in_summary, rating: value.text.clone() })
                    .fix(Msg::FixWrite { text: lower.clone() }, value.span.clone(), lower),
            );
        }
    }
}

/// Whether each comparable year met its target: `Some(true)` met, `Some(false)` missed.
pub fn years_met(ind: &Indicator) -> Vec<(i32, bool)> {
    let mut out = Vec::new();
    for y in &ind.years {
        let (Some((t, _)), Some((res, _))) = (&y.target, &y.result) else { continue };
        let pairs: Vec<(f64, f64)> = match (t, res) {
            (CellValue::Number { value: a, .. }, CellValue::Number { value: b, .. }) => vec![(*a, *b)],
            (CellValue::Series(a), CellValue::Series(b)) => a
                .iter()
                .filter_map(|sa| {
                    let sb = b.iter().find(|sb| sb.label == sa.label)?;
                    Some((sa.value?, sb.value?))
                })
                .collect(),
            _ => continue,
        };
        if pairs.is_empty() {
            continue;
        }
        let met = pairs.iter().all(|(target, result)| if ind.lower_is_better { result <= target } else { result >= target });
        out.push((y.year, met));
    }
    out
}

fn figures(ind: &Indicator, config: &Config, out: &mut Vec<Diagnostic>) {
    let Some(rating) = ind.ratings.last() else { return };
    let Some(rank) = config.indicator_rank(&rating.value.text) else { return };
    let met = years_met(ind);
    if met.is_empty() {
        return;
    }
    let n_met = met.iter().filter(|(_, m)| *m).count();
    let message = if rank <= 1 && n_met == 0 {
        Msg::RatedWellButMissed { id: ind.id.to_string(), rating: rating.value.text.clone(), met: n_met, years: met.len() }
    } else if rank <= 1 && n_met < met.len() {
        // 目標達成 (or better) means every year's target met, in every series.
        let missed: Vec<i32> = met.iter().filter(|(_, m)| !*m).map(|(y, _)| *y).collect();
        Msg::RatedMetButYearMissed { id: ind.id.to_string(), rating: rating.value.text.clone(), missed }
    } else if rank == 2 && far_years(ind).len() * 2 > met.len() {
        // 相当程度進展あり: close to the targets, not under half of them.
        Msg::RatedNearButFar { id: ind.id.to_string(), rating: rating.value.text.clone(), far: far_years(ind) }
    } else if rank >= 3 && n_met == met.len() {
        Msg::RatedPoorlyButMet { id: ind.id.to_string(), rating: rating.value.text.clone(), met: n_met, years: met.len() }
    } else {
        return;
    };
    let mut d = Diagnostic::new(RATING_CONTRADICTS_FIGURES, rating.value.span.clone(), message);
    for y in &ind.years {
        if let Some((_, span)) = &y.result {
            d = d.related(span.clone(), Msg::RelResult { year: y.year });
        }
    }
    out.push(d);
}

fn measure(r: &Report, m: &TextAt, config: &Config, out: &mut Vec<Diagnostic>) {
    // A 調書 (or plan) of a year that is monitored, not evaluated, says so.
    if r.kind != Some(DocKind::Evaluation) && monitoring_only(&m.text) {
        return;
    }
    let (label, letter) = parse_measure_rating(&m.text);
    let Some(label) = label else {
        out.push(Diagnostic::new(
            RATING_OFF_SCALE,
            m.span.clone(),
            Msg::MeasureLabelOffScale { text: m.text.clone(), labels: MEASURE_LABELS.join(" / ") },
        ));
        return;
    };
    // `③相当程度進展あり`: the common classification's number before its label.
    if let Some(n) = m.text.trim_start().chars().next().and_then(crate::normalize::circled).filter(|n| (1..=5).contains(n)) {
        if n as usize != label + 1 {
            out.push(Diagnostic::new(
                RATING_LETTER_LABEL_MISMATCH,
                m.span.clone(),
                Msg::MeasureNumberMismatch { text: m.text.clone(), label: MEASURE_LABELS[label].to_string(), number: n, number_label: MEASURE_LABELS[n as usize - 1].to_string() },
            ));
        }
    }
    if let Some(letter) = letter {
        match config.measure_letters.iter().position(|l| fold(l).eq_ignore_ascii_case(&letter)) {
            Some(rank) if rank != label => out.push(Diagnostic::new(
                RATING_LETTER_LABEL_MISMATCH,
                m.span.clone(),
                Msg::MeasureLetterMismatch {
                    text: m.text.clone(),
                    label: MEASURE_LABELS[label].to_string(),
                    letter: letter.clone(),
                    letter_label: MEASURE_LABELS[rank].to_string(),
                },
            )),
            None => out.push(Diagnostic::new(
                RATING_OFF_SCALE,
                m.span.clone(),
                Msg::MeasureLetterOffScale { letter: letter.clone(), letters: config.measure_letters.join(" / ") },
            )),
            _ => {}
        }
    }
    if r.kind != Some(DocKind::Evaluation) {
        return;
    }
    // The best label the main indicators allow.
    let ranks: Vec<(usize, &Indicator)> = r
        .indicators
        .iter()
        .filter(|i| i.main)
        .filter_map(|i| Some((config.indicator_rank(&i.ratings.last()?.value.text)?, i)))
        .collect();
    if ranks.is_empty() {
        return;
    }
    let all = |max: usize| ranks.iter().all(|(k, _)| *k <= max);
    let near = ranks.iter().filter(|(k, _)| *k <= 2).count();
    let allowed = if all(0) {
        0
    } else if all(1) {
        1
    } else if near * 2 >= ranks.len() {
        2
    } else if ranks.iter().any(|(k, _)| *k <= 3) {
        3
    } else {
        4
    };
    // The other direction: every main indicator met its target (s or a),
    // which the government-wide rule calls 目標達成 at least.
    // Either way the finding lists the main indicators' ratings and points
    // at each.
    let ratings = || ranks.iter().map(|(_, i)| format!("{} {}", i.id, fold(&i.ratings.last().unwrap().value.text))).collect::<Vec<_>>().join(", ");
    let mut finding = |message: Msg| {
        let mut d = Diagnostic::new(MEASURE_RATING_UNSUPPORTED, m.span.clone(), message);
        for (_, i) in &ranks {
            d = d.related(i.ratings.last().unwrap().value.span.clone(), Msg::Verbatim(format!("測定指標{}", i.id)));
        }
        out.push(d);
    };
    if all(1) && label >= 2 {
        finding(Msg::MeasureRatedBelowIndicators {
            label: MEASURE_LABELS[label].to_string(),
            ratings: ratings(),
            expected: MEASURE_LABELS[allowed].to_string(),
        });
    }
    if label < allowed {
        finding(Msg::MeasureRatingUnsupported { label: MEASURE_LABELS[label].to_string(), ratings: ratings(), allowed: MEASURE_LABELS[allowed].to_string() });
    }
}

/// `令和2・3・4年度` for consecutive years of one era, else each year's label.
pub fn period_key(years: &[i32]) -> String {
    if years.iter().all(|y| *y >= 2019) {
        let n: Vec<String> = years.iter().map(|y| if *y == 2019 { "元".to_string() } else { (y - 2018).to_string() }).collect();
        format!("令和{}年度", n.join("・"))
    } else {
        years.iter().map(|y| crate::normalize::year_label(*y)).collect::<Vec<_>>().join("・")
    }
}

/// The years whose 実績 is not within half of the 目標値 (in any series).
fn far_years(ind: &Indicator) -> Vec<i32> {
    let mut out = Vec::new();
    for y in &ind.years {
        let (Some((t, _)), Some((res, _))) = (&y.target, &y.result) else { continue };
        let pairs: Vec<(f64, f64)> = match (t, res) {
            (CellValue::Number { value: a, .. }, CellValue::Number { value: b, .. }) => vec![(*a, *b)],
            (CellValue::Series(a), CellValue::Series(b)) => {
                a.iter().filter_map(|sa| Some((sa.value?, b.iter().find(|sb| sb.label == sa.label)?.value?))).collect()
            }
            _ => continue,
        };
        let far = pairs.iter().any(|(target, result)| if ind.lower_is_better { *result > target * 2.0 } else { *result < target * 0.5 });
        if far {
            out.push(y.year);
        }
    }
    out
}

/// The ministry's 総合判定 (`@総合判定: B（達成に向けて進展あり）`): a step of
/// the profile's scale, its label that step's, and the step one that the
/// common classification (`label`, a rank) allows.
fn overall(r: &Report, label: Option<usize>, config: &Config, out: &mut Vec<Diagnostic>) {
    let Some(a) = r.attributes.iter().find(|a| a.name == "総合判定") else { return };
    let Some(v) = &a.value else { return };
    if config.overall.is_empty() {
        return;
    }
    let f = fold(&v.text);
    let letter: String = f.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let by_letter = config.overall.iter().find(|o| !letter.is_empty() && o.letter.eq_ignore_ascii_case(&letter));
    // The longest label written (「達成に向けて進展あり」 holds 「目標達成」's letters too).
    let by_label = config.overall.iter().filter(|o| crate::normalize::compact(&f).contains(&crate::normalize::compact(&o.label))).max_by_key(|o| o.label.len());
    let scale = || config.overall.iter().map(|o| format!("{}（{}）", o.letter, o.label)).collect::<Vec<_>>().join(" / ");
    let step = match (by_letter, by_label) {
        (None, None) => {
            out.push(Diagnostic::new(RATING_OFF_SCALE, v.span.clone(), Msg::OverallOffScale { text: v.text.clone(), scale: scale() }));
            return;
        }
        (Some(a), Some(b)) if a != b => {
            out.push(Diagnostic::new(
                RATING_LETTER_LABEL_MISMATCH,
                v.span.clone(),
                Msg::OverallLetterLabelMismatch { text: v.text.clone(), letter: a.letter.clone(), label: a.label.clone() },
            ));
            return;
        }
        (Some(s), _) | (None, Some(s)) => s,
    };
    let Some(label) = label else { return };
    if !step.ranks.contains(&label) {
        let measure = r.measure_rating.as_ref().map(|m| m.span.clone()).unwrap_or(a.span.clone());
        out.push(
            Diagnostic::new(
                MEASURE_RATING_UNSUPPORTED,
                v.span.clone(),
                Msg::OverallDisagrees { overall: format!("{}（{}）", step.letter, step.label), measure: MEASURE_LABELS[label].to_string() },
            )
            .related(measure, Msg::RelMeasureRating),
        );
    }
}
