//! Unit tests of every check on small documents: for each, where it fires
//! (code, exact range, message) and where it must stay silent; then the
//! configuration (checks off, severities, scales, tolerances).
//!
//! The documents are fragments: a test looks only at the code it is about, so
//! the other things a fragment lacks (required parts, …) do not matter.
//! Tests marked `#[ignore = "bug: …"]` state the behaviour the check should
//! have and does not.

use hyoka::analysis::{analyze, cross_check};
use hyoka::checks::registry;
use hyoka::checks::{Diagnostic, Severity};
use hyoka::config::Config;
use hyoka::model::Report;
use std::ops::Range;

// ------------------------------------------------------------------ helpers

fn diags_with(text: &str, config: &Config) -> Vec<Diagnostic> {
    analyze(text, config).diagnostics
}

fn diags(text: &str) -> Vec<Diagnostic> {
    diags_with(text, &Config::default())
}

/// The diagnostics of one code.
fn of(text: &str, code: &str) -> Vec<Diagnostic> {
    diags(text).into_iter().filter(|d| d.code() == code).collect()
}

/// The one diagnostic of `code`; fails when there are none or several.
fn one(text: &str, code: &str) -> Diagnostic {
    let found = of(text, code);
    assert_eq!(found.len(), 1, "expected exactly one {code}, got {}:\n{}", found.len(), show(text, &diags(text)));
    found.into_iter().next().unwrap()
}

fn none(text: &str, code: &str) {
    let found = of(text, code);
    assert!(found.is_empty(), "expected no {code}, got:\n{}", show(text, &found));
}

fn show(text: &str, ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| format!("  {} {:?} {:?}: {}", d.code(), d.span, &text[d.span.clone()], d.message.en())).collect::<Vec<_>>().join("\n")
}

/// The byte range of the only occurrence of `needle` in `text`.
fn at(text: &str, needle: &str) -> Range<usize> {
    let mut it = text.match_indices(needle);
    let (i, _) = it.next().unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    assert!(it.next().is_none(), "{needle:?} occurs more than once");
    i..i + needle.len()
}

/// The byte range of `needle` in the first occurrence of `context`, which contains it once.
fn at_in(text: &str, context: &str, needle: &str) -> Range<usize> {
    let c = at(text, context);
    let inner = at(context, needle);
    c.start + inner.start..c.start + inner.end
}

/// Asserts code, exact range and exact message.
#[track_caller]
fn assert_diag(text: &str, d: &Diagnostic, code: &str, span: Range<usize>, message: &str) {
    assert_eq!(d.code(), code);
    assert_eq!(d.span, span, "range of {code}: got {:?}, expected {:?}", &text[d.span.clone()], &text[span.clone()]);
    assert_eq!(d.message.en(), message);
}

/// Every diagnostic of a set of documents: each one's own and the
/// cross-document ones, as (key, diagnostic).
fn set_with(files: &[(&str, &str)], config: &Config) -> Vec<(String, Diagnostic)> {
    let analyses: Vec<_> = files.iter().map(|(_, t)| analyze(t, config)).collect();
    let mut out: Vec<(String, Diagnostic)> = Vec::new();
    for ((k, _), a) in files.iter().zip(&analyses) {
        out.extend(a.diagnostics.iter().map(|d| (k.to_string(), d.clone())));
    }
    let docs: Vec<(&str, &Report)> = files.iter().zip(&analyses).map(|((k, _), a)| (*k, &a.report)).collect();
    out.extend(cross_check(&docs, config));
    out
}

fn set(files: &[(&str, &str)]) -> Vec<(String, Diagnostic)> {
    set_with(files, &Config::default())
}

fn set_of(files: &[(&str, &str)], code: &str) -> Vec<(String, Diagnostic)> {
    set(files).into_iter().filter(|(_, d)| d.code() == code).collect()
}

// -------------------------------------------------------- base documents
//
// Complete documents that report nothing; the tests change one thing.

const EVAL: &str = "\
# 政策評価書 Ⅰ-2 北米地域外交
@年度: 令和5年度
@目標達成度合いの測定結果: 相当程度進展あり（Ｂ）
@担当部局名: 北米局
@政策評価実施時期: 令和5年8月

(判断根拠)
主要な測定指標がおおむね目標に近い実績を示したことから、左記のとおり判定した。

## 施策目標
日米同盟関係を更に強化する。

## 施策の予算額・執行額等
@単位: 百万円
| 区分 | 令和5年度 |
| 当初予算(a) | 590 |

## 測定指標の令和4年度目標の達成状況
| 測定指標 | 名称 | 達成状況 |
| ＊1-1 | 日米の協力関係の進展 | b |

## 学識経験を有する者の知見の活用
日米の連携が着実に進んだ。

## 測定指標 1-1 日米の協力関係の進展 ＊
### 中期目標（令和7年度）
日米同盟を引き続き強化する。
### 令和4年度目標
首脳間で密接に連携する。
### 施策の進捗状況・実績
首脳会談を4回行った。
@令和4年度目標の達成状況: b
";

const PLAN: &str = "\
# 事前分析表 Ⅰ-2 北米地域外交
@年度: 令和5年度
@担当部局名: 北米局
@政策評価実施予定時期: 令和8年8月

## 施策目標
日米同盟関係を更に強化する。

## 目標設定の考え方・根拠
日米同盟は我が国外交の基軸である。

## 施策の予算額・執行額等
@単位: 百万円
| 区分 | 令和5年度 |
| 当初予算(a) | 590 |

## 測定指標 1-1 日米の協力関係の進展 ＊
### 中期目標（令和7年度）
日米同盟を引き続き強化する。
### 令和5年度目標
首脳間で密接に連携する。

## 達成手段
@単位: 百万円
| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |
| ①日米協力の推進 | 590 | 1-1 | 0023 |
";

const SHEET: &str = "\
# 政策評価調書 Ⅰ-2 北米地域外交
@年度: 令和5年度
@政策目標の達成度合い: 相当程度進展あり
@単位: 千円
| 区分 | 5年度当初予算額 |
| 北米地域外交に必要な経費 | 590,110 |
| 合計 | 590,110 |
";

/// `base` with `old` (which must occur exactly once) replaced by `new`.
fn edit(base: &str, old: &str, new: &str) -> String {
    assert_eq!(base.matches(old).count(), 1, "{old:?} must occur once");
    base.replacen(old, new, 1)
}

/// The evaluation with a quantitative main indicator whose rows are `rows`.
fn eval_q(rows: &str, rating: &str) -> String {
    let block = format!(
        "## 測定指標 1-1 日米首脳・外相会談数 ＊\n@単位: 回\n@中期目標値（令和7年度）: 25\n| 年度 | 目標値 | 実績値 |\n{rows}@令和4年度目標の達成状況: {rating}\n"
    );
    let t = EVAL.split("## 測定指標 1-1 日米の協力関係の進展 ＊").next().unwrap().to_string() + &block;
    edit(&t, "| ＊1-1 | 日米の協力関係の進展 | b |", &format!("| ＊1-1 | 日米首脳・外相会談数 | {rating} |"))
}

const H_EVAL: &str = "# 政策評価書 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n";
const H_PLAN: &str = "# 事前分析表 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n";

#[test]
fn base_documents_are_clean() {
    for (name, t) in [("EVAL", EVAL), ("PLAN", PLAN), ("SHEET", SHEET)] {
        let ds = diags(t);
        assert!(ds.is_empty(), "{name}:\n{}", show(t, &ds));
    }
    let q = eval_q("| 令和4年度 | 20 | 19 |\n", "b");
    assert!(diags(&q).is_empty(), "{}", show(&q, &diags(&q)));
    assert!(set(&[("e", EVAL), ("p", PLAN), ("s", SHEET)]).is_empty());
}

// ============================================================== references

#[test]
fn hy0101_fires_on_a_qualitative_indicator_without_midterm() {
    let t = edit(EVAL, "### 中期目標（令和7年度）\n日米同盟を引き続き強化する。\n", "");
    let d = one(&t, "HY0101");
    assert_diag(&t, &d, "HY0101", at(&t, "測定指標 1-1"), "測定指標1-1 has no 中期目標 (`#### 中期目標（令和N年度）`)");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0101_fires_on_a_quantitative_indicator_without_midterm_value() {
    let t = edit(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "@中期目標値（令和7年度）: 25\n", "");
    let d = one(&t, "HY0101");
    assert_diag(&t, &d, "HY0101", at(&t, "測定指標 1-1"), "測定指標1-1 has no 中期目標値 (`@中期目標値（令和N年度）: value`)");
}

#[test]
fn hy0101_silent_with_midterm_heading_or_attribute() {
    none(EVAL, "HY0101");
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0101");
    // Full-width heading marker and digits.
    none(&format!("{H_PLAN}## 測定指標 １－１ 日米 ＊\n＃＃＃ 中期目標（令和７年度）\n強化する。\n"), "HY0101");
}

#[test]
fn hy0102_fires_on_midterm_heading_without_year() {
    let t = edit(EVAL, "### 中期目標（令和7年度）", "### 中期目標（--年度）");
    let d = one(&t, "HY0102");
    assert_diag(&t, &d, "HY0102", at(&t, "中期目標（--年度）"), "the 中期目標 of 測定指標1-1 has no target year (write it as `（令和N年度）`)");
}

#[test]
fn hy0102_fires_on_midterm_heading_without_parentheses() {
    let t = edit(EVAL, "### 中期目標（令和7年度）", "### 中期目標");
    let d = one(&t, "HY0102");
    assert_eq!(&t[d.span.clone()], "中期目標");
}

#[test]
fn hy0102_fires_on_midterm_value_attribute_without_year() {
    let t = edit(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "@中期目標値（令和7年度）: 25", "@中期目標値（--年度）: －");
    let d = one(&t, "HY0102");
    assert_diag(&t, &d, "HY0102", at(&t, "中期目標値（--年度）"), "the 中期目標 of 測定指標1-1 has no target year (write it as `（令和N年度）`)");
}

#[test]
fn hy0102_silent_with_a_target_year() {
    none(EVAL, "HY0102");
    none(&edit(EVAL, "### 中期目標（令和7年度）", "### 中期目標（令和７年度）"), "HY0102");
    none(&edit(EVAL, "### 中期目標（令和7年度）", "### 中期目標（2025年度）"), "HY0102");
}

#[test]
fn hy0103_fires_on_a_result_value_without_target_value() {
    let t = eval_q("| 令和4年度 | － | 19 |\n", "b");
    let d = one(&t, "HY0103");
    assert_diag(&t, &d, "HY0103", at(&t, "19"), "測定指標1-1: 令和4年度 has a 実績 but no 目標値");
}

#[test]
fn hy0103_fires_on_a_result_heading_without_target_heading() {
    let t = edit(EVAL, "### 令和4年度目標\n首脳間で密接に連携する。\n### 施策の進捗状況・実績\n", "### 令和4年度実績\n");
    let d = one(&t, "HY0103");
    assert_diag(&t, &d, "HY0103", at(&t, "令和4年度実績"), "測定指標1-1: 令和4年度 has a 実績 but no 目標");
}

#[test]
fn hy0103_silent_when_target_given_or_result_missing() {
    none(EVAL, "HY0103");
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0103");
    // A target without a result is not this check's business.
    none(&eval_q("| 令和4年度 | 20 | － |\n", "b"), "HY0103");
}

#[test]
fn hy0103_fires_per_series_when_one_series_has_no_target() {
    let t = eval_q("| 令和4年度 | ①20 | ①19 ②7 |\n", "b");
    let d = one(&t, "HY0103");
    assert_diag(&t, &d, "HY0103", at_in(&t, "①19 ②7", "②"), "測定指標1-1: 令和4年度 has a 実績 for series ② but no 目標値 for it");
    // One figure for the year covers every series; both given is fine.
    none(&eval_q("| 令和4年度 | 20 | ①19 ②7 |\n", "b"), "HY0103");
    none(&eval_q("| 令和4年度 | ①20 ②8 | ①19 ②7 |\n", "b"), "HY0103");
}

#[test]
fn hy0115_fires_on_a_midterm_value_with_its_year_but_no_value() {
    for empty in ["", "－"] {
        let t = edit(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "@中期目標値（令和7年度）: 25", &format!("@中期目標値（令和7年度）: {empty}"));
        let d = one(&t, "HY0115");
        assert_diag(&t, &d, "HY0115", at(&t, "中期目標値（令和7年度）"), "the 中期目標値 of 測定指標1-1 names its year but gives no value");
    }
}

#[test]
fn hy0115_silent_with_a_value_or_without_a_year() {
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0115");
    // The printed `（--年度）: －` is HY0102's business.
    let t = edit(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "@中期目標値（令和7年度）: 25", "@中期目標値（--年度）: －");
    none(&t, "HY0115");
}

#[test]
fn hy0116_fires_on_a_plan_target_before_the_plan_year() {
    let t = edit(PLAN, "### 中期目標（令和7年度）", "### 中期目標（令和3年度）");
    let d = one(&t, "HY0116");
    assert_diag(
        &t,
        &d,
        "HY0116",
        at(&t, "中期目標（令和3年度）"),
        "the 中期目標 of 測定指標1-1 is for 令和3年度, before this 事前分析表's own year (令和5年度): a target of the plan lies ahead",
    );
}

#[test]
fn hy0116_silent_for_targets_ahead_and_for_evaluations() {
    none(PLAN, "HY0116");
    none(&edit(PLAN, "### 中期目標（令和7年度）", "### 中期目標（令和5年度）"), "HY0116");
    // An evaluation looks back: a 中期目標 of a past year is normal there.
    none(&edit(EVAL, "### 中期目標（令和7年度）", "### 中期目標（令和4年度）"), "HY0116");
}

#[test]
fn hy0117_fires_on_a_quantitative_indicator_without_values_table() {
    let t = eval_q("", "b").replace("| 年度 | 目標値 | 実績値 |\n", "");
    let d = one(&t, "HY0117");
    assert_diag(&t, &d, "HY0117", at(&t, "測定指標 1-1"), "測定指標1-1 has a 中期目標値 but no table of 目標値 and 実績値 (`| 年度 | 目標値 | 実績値 |`)");
}

#[test]
fn hy0117_silent_with_a_table_or_for_qualitative_indicators() {
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0117");
    none(EVAL, "HY0117");
}

const SERIES_PLAN: &str = "\
# 事前分析表 Ⅰ-2 北米地域外交
@年度: 令和5年度
## 測定指標 1-5 米国における対日世論調査の結果 ＊
@系列: ①一般の部 ②有識者の部
@単位: %
@中期目標値（令和7年度）: ①85% ②90%
| 年度 | 目標値 |
| 令和5年度 | ①85% ②90% |
";

#[test]
fn hy0104_fires_on_an_undefined_series_label_in_a_value() {
    let t = edit(SERIES_PLAN, "| 令和5年度 | ①85% ②90% |", "| 令和5年度 | ①85% ③90% |");
    let d = one(&t, "HY0104");
    assert_diag(&t, &d, "HY0104", at(&t, "③"), "測定指標1-5: series ③ is not defined (`@系列` defines ①一般の部 ②有識者の部)");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.related[0].span, at(&t, "①一般の部 ②有識者の部"));
}

#[test]
fn hy0104_fires_in_midterm_value_and_in_reference_indicator() {
    let t = edit(SERIES_PLAN, "@中期目標値（令和7年度）: ①85% ②90%", "@中期目標値（令和7年度）: ①85% ③90%");
    let d = one(&t, "HY0104");
    assert_eq!(d.span, at(&t, "③"));
    let r = format!("{H_EVAL}### 参考指標 2 対日世論調査\n@系列: ①一般の部 ②有識者の部\n| 実績値 | 令和4年度 |\n| | ①70％ ③ 90％ |\n");
    let d = one(&r, "HY0104");
    assert_diag(&r, &d, "HY0104", at(&r, "③"), "参考指標2: series ③ is not defined (`@系列` defines ①一般の部 ②有識者の部)");
}

#[test]
fn hy0104_silent_when_labels_are_defined() {
    none(SERIES_PLAN, "HY0104");
}

/// Deliberate, as the code stands: without `@系列` nothing is checked.
#[test]
fn hy0104_fires_once_when_no_series_attribute_defines_the_labels() {
    let t = edit(SERIES_PLAN, "@系列: ①一般の部 ②有識者の部\n", "");
    let d = one(&t, "HY0104");
    assert_diag(&t, &d, "HY0104", at_in(&t, "| 令和5年度 | ①85%", "①"), "測定指標1-5 gives figures for series ①, but no `@系列` line says what its series are");
}

const CITE: &str = "首脳間の連携が進んだ。（令和4年度：日米協力の推進（達成手段①））\n";

#[test]
fn hy0105_fires_on_a_citation_of_a_missing_means_in_the_plan() {
    let t = format!("{PLAN}\n## 評価結果を踏まえた変更点\n{}", CITE.replace('①', "②"));
    let d = one(&t, "HY0105");
    assert_diag(&t, &d, "HY0105", at(&t, "（令和4年度：日米協力の推進（達成手段②））"), "達成手段② does not exist");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0105_names_the_field_of_a_citation_inside_a_field() {
    let t = format!(
        "{H_PLAN}## 個別分野 1 政治分野\n### 測定指標 1-1 日米 ＊\n{}### 達成手段\n| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |\n| ①日米協力の推進 | 590 | 1-1 | 0023 |\n",
        CITE.replace('①', "③")
    );
    let d = one(&t, "HY0105");
    assert_diag(&t, &d, "HY0105", at(&t, "（令和4年度：日米協力の推進（達成手段③））"), "個別分野1の達成手段③ does not exist");
}

#[test]
fn hy0105_fires_across_documents_on_the_evaluation() {
    let e = format!("{EVAL}\n## 施策の分析\n{}", CITE.replace('①', "②"));
    let found = set_of(&[("evaluation.hyoka", &e), ("plan.hyoka", PLAN)], "HY0105");
    assert_eq!(found.len(), 1, "{found:?}");
    let (key, d) = &found[0];
    assert_eq!(key, "evaluation.hyoka");
    assert_diag(&e, d, "HY0105", at(&e, "（令和4年度：日米協力の推進（達成手段②））"), "達成手段② does not exist");
}

#[test]
fn hy0105_silent_when_the_means_exists() {
    none(&format!("{PLAN}\n## 評価結果を踏まえた変更点\n{CITE}"), "HY0105");
    let e = format!("{EVAL}\n## 施策の分析\n{CITE}");
    assert!(set_of(&[("evaluation.hyoka", &e), ("plan.hyoka", PLAN)], "HY0105").is_empty());
    // Alone, an evaluation without a means table does not resolve citations.
    none(&format!("{EVAL}\n## 施策の分析\n{}", CITE.replace('①', "②")), "HY0105");
    // Another 施策's plan is not consulted.
    let other = PLAN.replace("Ⅰ-2", "Ⅰ-3");
    assert!(set_of(&[("evaluation.hyoka", &format!("{EVAL}\n## 施策の分析\n{}", CITE.replace('①', "②"))), ("plan.hyoka", &other)], "HY0105").is_empty());
}

#[test]
fn hy0105_silent_when_the_means_table_is_outside_the_citing_field() {
    let t = format!(
        "{H_PLAN}## 個別分野 1 政治分野\n### 測定指標 1-1 日米 ＊\n{CITE}\n## 達成手段\n| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |\n| ①日米協力の推進 | 590 | 1-1 | 0023 |\n"
    );
    none(&t, "HY0105");
}

#[test]
fn hy0106_fires_on_a_means_cited_under_another_name() {
    let t = format!("{PLAN}\n## 評価結果を踏まえた変更点\n{}", CITE.replace("日米協力の推進", "日米協力の増進"));
    let d = one(&t, "HY0106");
    assert_diag(&t, &d, "HY0106", at(&t, "日米協力の増進"), "達成手段① is named 「日米協力の推進」, cited here as 「日米協力の増進」");
    assert_eq!(d.severity, Severity::Warning);
    let fix = d.fix.as_ref().expect("a quick fix");
    assert_eq!((fix.span.clone(), fix.new_text.as_str()), (at(&t, "日米協力の増進"), "日米協力の推進"));
    assert_eq!(d.related[0].span, at(&t, "日米協力の推進"));
    assert_eq!(d.related[0].doc, None);
}

#[test]
fn hy0106_fires_across_documents_with_the_plan_as_related() {
    let e = format!("{EVAL}\n## 施策の分析\n{}", CITE.replace("日米協力の推進", "日米協力の増進"));
    let found = set_of(&[("evaluation.hyoka", &e), ("plan.hyoka", PLAN)], "HY0106");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "evaluation.hyoka");
    assert_diag(&e, d, "HY0106", at(&e, "日米協力の増進"), "達成手段① is named 「日米協力の推進」, cited here as 「日米協力の増進」");
    assert_eq!(d.related[0].doc.as_deref(), Some("plan.hyoka"));
    assert_eq!(d.related[0].span, at(PLAN, "日米協力の推進"));
}

#[test]
fn hy0106_silent_when_names_differ_only_in_spacing_or_width() {
    none(&format!("{PLAN}\n## 変更点\n{CITE}"), "HY0106");
    none(&format!("{PLAN}\n## 変更点\n{}", CITE.replace("日米協力の推進", "日米協力の　推進")), "HY0106");
    none(&format!("{PLAN}\n## 変更点\n（令和４年度：日米協力の推進（達成手段①））\n"), "HY0106");
}

#[test]
fn hy0107_fires_on_a_prose_citation_of_a_missing_indicator() {
    let t = edit(EVAL, "日米の連携が着実に進んだ。", "測定指標1-2の成果は高く評価できる。");
    let d = one(&t, "HY0107");
    assert_diag(&t, &d, "HY0107", at(&t, "測定指標1-2"), "測定指標1-2 does not exist in this document");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0107_fires_on_a_title_citation_of_a_missing_indicator() {
    let t = edit(EVAL, "日米の連携が着実に進んだ。", "【測定指標１－３ 日米の会談数】");
    let d = one(&t, "HY0107");
    assert_diag(&t, &d, "HY0107", at(&t, "【測定指標１－３ 日米の会談数】"), "測定指標1-3 does not exist in this document");
}

#[test]
fn hy0107_fires_on_a_related_indicator_that_does_not_exist() {
    let t = edit(PLAN, "| 590 | 1-1 | 0023 |", "| 590 | 1-1, 1-9 | 0023 |");
    let d = one(&t, "HY0107");
    assert_diag(&t, &d, "HY0107", at(&t, "1-9"), "達成手段①「日米協力の推進」 relates to 測定指標1-9, which does not exist");
}

#[test]
fn hy0107_silent_for_existing_indicators_references_and_documents_without_indicators() {
    none(&edit(EVAL, "日米の連携が着実に進んだ。", "測定指標１－１と【測定指標1-1 日米の協力関係の進展 ＊】の成果。"), "HY0107");
    // 参考指標 citations are not resolved.
    none(&edit(EVAL, "日米の連携が着実に進んだ。", "参考指標1-7を参照。"), "HY0107");
    // Nothing to resolve against.
    none(&format!("{H_EVAL}## 施策の分析\n測定指標1-2の成果。\n"), "HY0107");
}

#[test]
fn hy0108_fires_on_a_title_citation_with_another_title() {
    let t = edit(EVAL, "日米の連携が着実に進んだ。", "【測定指標1-1 日米間の協力 ＊】");
    let d = one(&t, "HY0108");
    assert_diag(&t, &d, "HY0108", at(&t, "日米間の協力"), "測定指標1-1 is titled 「日米の協力関係の進展」, cited here as 「日米間の協力」");
    let fix = d.fix.as_ref().expect("a quick fix");
    assert_eq!(fix.new_text, "日米の協力関係の進展");
    assert_eq!(fix.span, at(&t, "日米間の協力"));
}

#[test]
fn hy0108_fires_on_the_summary_list_with_another_title() {
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米協力の進展 | b |");
    let d = one(&t, "HY0108");
    assert_diag(&t, &d, "HY0108", at(&t, "日米協力の進展"), "測定指標1-1 is titled 「日米の協力関係の進展」, listed here as 「日米協力の進展」");
}

#[test]
fn hy0108_fires_on_the_plan_when_plan_and_evaluation_titles_differ() {
    let p = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米間の協力関係の進展 ＊");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0108");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "plan.hyoka");
    assert_diag(&p, d, "HY0108", at(&p, "日米間の協力関係の進展"), "測定指標1-1 is titled 「日米間の協力関係の進展」 here but 「日米の協力関係の進展」 in the 政策評価書");
    assert_eq!(d.related[0].doc.as_deref(), Some("evaluation.hyoka"));
}

#[test]
fn hy0108_silent_when_titles_differ_only_in_spacing_width_brackets_or_mark() {
    none(&edit(EVAL, "日米の連携が着実に進んだ。", "【測定指標１－１ 「日米の 協力関係の進展」 ＊】"), "HY0108");
    none(&edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の　協力関係の進展 | b |"), "HY0108");
    let p = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の 協力関係の進展 ＊");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0108").is_empty());
}

const EVAL_FIELD_TAIL: &str = "\
## 個別分野 1 北米諸国との政治分野での協力推進
### 測定指標 1-1 日米の協力関係の進展 ＊
#### 中期目標（令和7年度）
日米同盟を引き続き強化する。
### 評価結果(個別分野1)
#### 施策の分析
個別分野1の取組により、首脳間の連携が進んだ。
";

#[test]
fn hy0109_fires_on_a_citation_of_a_missing_field() {
    let t = format!("{H_EVAL}{}", EVAL_FIELD_TAIL.replace("個別分野1の取組", "個別分野３の取組"));
    let d = one(&t, "HY0109");
    assert_diag(&t, &d, "HY0109", at(&t, "個別分野３"), "個別分野3 does not exist in this document");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0109_silent_for_existing_fields_and_documents_without_fields() {
    none(&format!("{H_EVAL}{EVAL_FIELD_TAIL}"), "HY0109");
    none(&edit(EVAL, "日米の連携が着実に進んだ。", "個別分野3の取組が進んだ。"), "HY0109");
}

const PLAN_TWO_FIELDS: &str = "\
# 事前分析表 Ⅰ-2 北米地域外交
@年度: 令和5年度
## 個別分野 1 政治分野
### 測定指標 1-1 日米の協力関係の進展 ＊
### 達成手段
| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |
| ①日米協力の推進 | 500 | 1-1 | 0023 |
## 個別分野 2 経済分野
### 測定指標 2-1 日米経済関係の強化 ＊
### 達成手段
| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |
| ①日米経済協力の推進 | 90 | 2-1 | 0024 |
";

#[test]
fn hy0110_fires_on_a_related_indicator_of_another_field() {
    let t = edit(PLAN_TWO_FIELDS, "| 500 | 1-1 | 0023 |", "| 500 | 1-1, 2-1 | 0023 |");
    let d = one(&t, "HY0110");
    assert_diag(&t, &d, "HY0110", at_in(&t, "1-1, 2-1", "2-1"), "達成手段①「日米協力の推進」 of 個別分野1 relates to 測定指標2-1 of 個別分野2");
    assert_eq!(d.related[0].span, at(&t, "測定指標 2-1"));
}

#[test]
fn hy0110_silent_for_indicators_of_the_same_field() {
    none(PLAN_TWO_FIELDS, "HY0110");
}

#[test]
fn hy0111_fires_when_an_indicator_is_missing_from_the_summary() {
    let t = format!("{EVAL}\n## 測定指標 1-2 日米間の相互理解の進展\n### 中期目標（令和7年度）\n相互理解を深める。\n");
    let d = one(&t, "HY0111");
    assert_diag(&t, &d, "HY0111", at(&t, "測定指標 1-2"), "測定指標1-2 is missing from the summary list");
    assert_eq!(d.related[0].span, at(&t, "## 測定指標の令和4年度目標の達成状況"));
}

#[test]
fn hy0111_fires_when_the_main_mark_differs() {
    let t = edit(EVAL, "| ＊1-1 |", "| 1-1 |");
    let d = one(&t, "HY0111");
    assert_diag(&t, &d, "HY0111", at(&t, "| 1-1 |").start + 2..at(&t, "| 1-1 |").start + 5, "測定指標1-1: the block marks it 主要 (＊), the summary does not");
    let t = edit(&edit(EVAL, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の協力関係の進展"), "| ＊1-1 |", "| ＊１－１ |");
    let d = one(&t, "HY0111");
    assert_diag(&t, &d, "HY0111", at(&t, "１－１"), "測定指標1-1: the summary marks it 主要 (＊), the block does not");
}

#[test]
fn hy0111_fires_when_the_summary_lists_an_indicator_without_block() {
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |\n", "| ＊1-1 | 日米の協力関係の進展 | b |\n| 1-3 | 会談数 | b |\n");
    let d = one(&t, "HY0111");
    assert_diag(&t, &d, "HY0111", at(&t, "1-3"), "the summary lists 測定指標1-3, which has no block");
}

#[test]
fn hy0111_silent_when_summary_and_blocks_agree_or_there_is_no_summary() {
    none(EVAL, "HY0111");
    none(PLAN, "HY0111");
}

#[test]
fn hy0112_fires_on_an_indicator_no_means_relates_to() {
    let t = edit(PLAN, "\n## 達成手段", "\n## 測定指標 1-2 日米間の相互理解の進展\n### 中期目標（令和7年度）\n相互理解を深める。\n\n## 達成手段");
    let d = one(&t, "HY0112");
    assert_diag(&t, &d, "HY0112", at(&t, "測定指標 1-2"), "no 達成手段 relates to 測定指標1-2");
    assert_eq!(d.severity, Severity::Information);
}

#[test]
fn hy0112_silent_when_related_or_without_any_means() {
    let t = edit(PLAN, "\n## 達成手段", "\n## 測定指標 1-2 日米間の相互理解の進展\n### 中期目標（令和7年度）\n相互理解を深める。\n\n## 達成手段");
    none(&edit(&t, "| 590 | 1-1 | 0023 |", "| 590 | 1-1、1-2 | 0023 |"), "HY0112");
    // The evaluation has no means table: nothing to relate.
    none(EVAL, "HY0112");
}

#[test]
fn hy0113_fires_on_the_heading_when_no_indicator_is_main() {
    let t = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の協力関係の進展");
    let d = one(&t, "HY0113");
    assert_diag(&t, &d, "HY0113", at(&t, "# 事前分析表 Ⅰ-2 北米地域外交"), "no indicator is marked 主要 (`＊` at the end of its heading)");
}

#[test]
fn hy0113_silent_with_a_main_indicator_or_without_indicators() {
    none(PLAN, "HY0113");
    none(&edit(PLAN, "日米の協力関係の進展 ＊", "日米の協力関係の進展 *"), "HY0113");
    none(SHEET, "HY0113");
    none(H_EVAL, "HY0113");
}

#[test]
fn hy0114_fires_on_a_second_indicator_with_the_same_id() {
    let t = format!("{PLAN}\n## 測定指標 1-1 日米間の相互理解の進展\n### 中期目標（令和7年度）\n相互理解を深める。\n");
    let d = one(&t, "HY0114");
    assert_diag(&t, &d, "HY0114", at_in(&t, "測定指標 1-1 日米間", "1-1"), "測定指標1-1 is defined twice");
    assert_eq!(d.related[0].span, at_in(&t, "測定指標 1-1 日米の", "1-1"));
}

#[test]
fn hy0114_fires_on_duplicate_fields_means_and_reference_indicators() {
    let t = format!(
        "{H_PLAN}## 個別分野 1 政治\n### 測定指標 1-1 日米 ＊\n### 達成手段\n| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |\n| ①日米協力の推進 | 590 | 1-1 | 0023 |\n| ①日米交流の推進 | 10 | 1-1 | 0024 |\n## 個別分野 1 経済\n### 参考指標 1 事業数\n### 参考指標 1 参加人数\n"
    );
    let found = of(&t, "HY0114");
    assert_eq!(found.len(), 3, "{}", show(&t, &found));
    assert_diag(&t, &found[0], "HY0114", at(&t, "| ①日米交流の推進 | 10 | 1-1 | 0024 |"), "達成手段① is defined twice in this field");
    assert_diag(&t, &found[1], "HY0114", at(&t, "個別分野 1 経済").start..at(&t, "個別分野 1 経済").start + "個別分野 1".len(), "個別分野1 is defined twice");
    assert_diag(&t, &found[2], "HY0114", at_in(&t, "参考指標 1 参加人数", "参考指標 1"), "参考指標1 is defined twice");
}

#[test]
fn hy0114_silent_for_distinct_ids_and_same_means_number_in_other_fields() {
    none(&format!("{PLAN}\n## 測定指標 1-2 日米間の相互理解の進展\n### 中期目標（令和7年度）\n相互理解を深める。\n"), "HY0114");
    none(PLAN_TWO_FIELDS, "HY0114");
}

// ================================================================= ratings

#[test]
fn hy0201_fires_on_an_indicator_rating_off_the_scale() {
    let t = edit(EVAL, "@令和4年度目標の達成状況: b", "@令和4年度目標の達成状況: b+");
    let d = one(&t, "HY0201");
    assert_diag(&t, &d, "HY0201", at(&t, "b+"), "測定指標1-1: 「b+」 is not on the rating scale (s / a / b / c / d)");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0201_fires_on_a_summary_rating_off_the_scale() {
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | Ｅ |");
    let d = one(&t, "HY0201");
    assert_diag(&t, &d, "HY0201", at(&t, "Ｅ"), "測定指標1-1 (summary): 「Ｅ」 is not on the rating scale (s / a / b / c / d)");
}

#[test]
fn hy0201_fires_on_a_measure_rating_without_label_or_with_an_unknown_letter() {
    let t = edit(EVAL, "相当程度進展あり（Ｂ）", "Ｂ");
    let d = one(&t, "HY0201");
    assert_diag(
        &t,
        &d,
        "HY0201",
        at_in(&t, "測定結果: Ｂ", "Ｂ"),
        "「Ｂ」 is not one of the five labels: 目標超過達成 / 目標達成 / 相当程度進展あり / 進展が大きくない / 目標に向かっていない",
    );
    let t = edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり（Ｅ）");
    let d = one(&t, "HY0201");
    assert_diag(&t, &d, "HY0201", at(&t, "相当程度進展あり（Ｅ）"), "「E」 is not one of the letters S / A / B / C / D");
    // The budget sheet's rating too.
    let s = edit(SHEET, "@政策目標の達成度合い: 相当程度進展あり", "@政策目標の達成度合い: 概ね達成");
    assert_eq!(&s[one(&s, "HY0201").span.clone()], "概ね達成");
}

#[test]
fn hy0201_silent_on_the_scale_in_any_case_or_width() {
    none(EVAL, "HY0201");
    none(&edit(EVAL, "達成状況: b", "達成状況: ｂ"), "HY0201");
    none(&edit(EVAL, "達成状況: b", "達成状況: B"), "HY0201");
    none(&edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり"), "HY0201");
    none(SHEET, "HY0201");
}

#[test]
fn hy0202_fires_when_letter_and_label_disagree() {
    let t = edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり（Ａ）");
    let d = one(&t, "HY0202");
    assert_diag(&t, &d, "HY0202", at(&t, "相当程度進展あり（Ａ）"), "「相当程度進展あり（Ａ）」 is 相当程度進展あり but 「A」 is the letter of 目標達成");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0202_silent_when_they_agree_or_there_is_no_letter() {
    none(EVAL, "HY0202");
    none(&edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり(b)"), "HY0202");
    none(&edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり"), "HY0202");
}

#[test]
fn hy0203_fires_when_summary_and_block_ratings_differ() {
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | a |");
    let d = one(&t, "HY0203");
    assert_diag(&t, &d, "HY0203", at(&t, "| a |").start + 2..at(&t, "| a |").start + 3, "the summary rates 測定指標1-1 「a」, its block 「b」");
    assert_eq!(d.related[0].span, at_in(&t, "達成状況: b", "b"));
    let fix = d.fix.as_ref().unwrap();
    assert_eq!((fix.span.clone(), fix.new_text.as_str()), (d.span.clone(), "b"));
}

#[test]
fn hy0203_fires_on_an_empty_summary_cell_and_on_monitoring_against_a_letter() {
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 |  |");
    let d = one(&t, "HY0203");
    assert_diag(&t, &d, "HY0203", at(&t, "| ＊1-1 | 日米の協力関係の進展 |  |"), "the summary leaves 測定指標1-1 unrated, its block rates it 「b」");
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | モニタリングのみ |");
    let d = one(&t, "HY0203");
    assert_eq!(d.message.en(), "the summary rates 測定指標1-1 「モニタリングのみ」, its block 「b」");
    none(&t, "HY0201");
}

#[test]
fn hy0203_fires_when_the_summary_rates_an_unrated_block() {
    // A non-主要 indicator: its block's rating line deleted.
    let t = edit(
        &edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| 1-1 | 日米の協力関係の進展 | b |"),
        "## 測定指標 1-1 日米の協力関係の進展 ＊",
        "## 測定指標 1-1 日米の協力関係の進展",
    );
    let t = edit(&t, "@令和4年度目標の達成状況: b\n", "");
    let d = one(&t, "HY0203");
    assert_eq!(d.message.en(), "the summary rates 測定指標1-1 「b」, but its block gives no rating (`@令和N年度目標の達成状況: …`)");
    assert_eq!(d.span, at_in(&t, "進展 | b |", "b"));
}

#[test]
fn hy0201_silent_on_a_year_monitored_but_not_rated() {
    // Real 調書 print 「今年度はモニタリングのみのため、5段階達成度は記載できない」.
    let t = edit(
        &edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | モニタリングのみ |"),
        "@令和4年度目標の達成状況: b",
        "@令和4年度目標の達成状況: －（モニタリングのみ）",
    );
    none(&t, "HY0201");
    none(&t, "HY0203");
    none(&t, "HY0205");
    let s = edit(SHEET, "@政策目標の達成度合い: 相当程度進展あり", "@政策目標の達成度合い: 今年度はモニタリングのみのため、5段階達成度は記載できない");
    none(&s, "HY0201");
    // Beside an evaluation of the same year, which rates it: HY0208.
    let found = set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0208");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1.message.en(), "the 調書 says the year is only monitored, but the 政策評価書 of the same year rates it 「相当程度進展あり」");
    // The 政策評価書 itself must rate the 施策.
    let e = edit(EVAL, "@目標達成度合いの測定結果: 相当程度進展あり（Ｂ）", "@目標達成度合いの測定結果: モニタリングのみ");
    assert_eq!(of(&e, "HY0201").len(), 1);
}

#[test]
fn hy0203_compares_the_last_rating_of_the_block() {
    let t = edit(EVAL, "@令和4年度目標の達成状況: b", "@令和3年度目標の達成状況: b\n@令和4年度目標の達成状況: c");
    let d = one(&t, "HY0203");
    assert_eq!(d.message.en(), "the summary rates 測定指標1-1 「b」, its block 「c」");
}

#[test]
fn hy0203_silent_when_ratings_agree_up_to_width() {
    none(EVAL, "HY0203");
    none(&edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | ｂ |"), "HY0203");
    // An unrated block: HY0205's business, not this one's.
    none(&edit(EVAL, "@令和4年度目標の達成状況: b\n", ""), "HY0203");
}

#[test]
fn hy0204_fires_on_a_full_width_letter_with_a_fix() {
    let t = edit(EVAL, "達成状況: b", "達成状況: ｂ");
    let d = one(&t, "HY0204");
    assert_diag(&t, &d, "HY0204", at(&t, "ｂ"), "測定指標1-1: the rating 「ｂ」 is written full-width");
    assert_eq!(d.severity, Severity::Information);
    let fix = d.fix.as_ref().unwrap();
    assert_eq!((fix.title.en().as_str(), fix.span.clone(), fix.new_text.as_str()), ("Write 「b」", at(&t, "ｂ"), "b"));
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | ｂ |");
    assert_diag(&t, &one(&t, "HY0204"), "HY0204", at(&t, "ｂ"), "測定指標1-1 (summary): the rating 「ｂ」 is written full-width");
}

#[test]
fn hy0204_silent_on_half_width_and_off_scale_letters() {
    none(EVAL, "HY0204");
    // Off the scale is HY0201 alone.
    none(&edit(EVAL, "達成状況: b", "達成状況: ｅ"), "HY0204");
}

#[test]
fn hy0205_fires_on_an_unrated_main_indicator_of_an_evaluation() {
    let t = edit(EVAL, "@令和4年度目標の達成状況: b\n", "");
    let d = one(&t, "HY0205");
    assert_diag(&t, &d, "HY0205", at(&t, "測定指標 1-1"), "主要な測定指標1-1 has no rating (`@令和N年度目標の達成状況: b`)");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0205_silent_for_rated_or_non_main_indicators_and_in_plans() {
    none(EVAL, "HY0205");
    let t = edit(&edit(EVAL, "@令和4年度目標の達成状況: b\n", ""), "日米の協力関係の進展 ＊", "日米の協力関係の進展");
    none(&t, "HY0205");
    none(PLAN, "HY0205");
}

#[test]
fn hy0206_fires_on_a_good_rating_with_every_target_missed() {
    let t = eval_q("| 令和3年度 | 20 | 19 |\n| 令和4年度 | 20 | 18 |\n", "a");
    let t = edit(&t, "@令和4年度目標の達成状況: a", "@令和3・4年度目標の達成状況: a");
    let d = one(&t, "HY0206");
    assert_diag(&t, &d, "HY0206", at_in(&t, "達成状況: a", "a"), "測定指標1-1 is rated 「a」 although its 実績値 missed the 目標値 in every year (0 of 2)");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.related.iter().map(|r| r.span.clone()).collect::<Vec<_>>(), vec![at(&t, "19"), at(&t, "18")]);
}

#[test]
fn hy0206_fires_on_a_bad_rating_with_every_target_met() {
    let t = eval_q("| 令和4年度 | 20 | 21 |\n", "d");
    let d = one(&t, "HY0206");
    assert_diag(&t, &d, "HY0206", at_in(&t, "達成状況: d", "d"), "測定指標1-1 is rated 「d」 although its 実績値 met the 目標値 in every year (1 of 1)");
}

#[test]
fn hy0206_follows_direction_and_series() {
    // Lower is better: 21 against 20 is a miss.
    let t = edit(&eval_q("| 令和4年度 | 20 | 21 |\n", "s"), "@単位: 回\n", "@単位: 回\n@方向: 減少\n");
    assert_eq!(&t[one(&t, "HY0206").span.clone()], "s");
    // Every series met: c is contradicted.
    let t = edit(
        &eval_q("| 令和4年度 | ①84% ②89% | ①85% ②96% |\n", "c"),
        "@単位: 回\n",
        "@系列: ①一般の部 ②有識者の部\n@単位: %\n",
    );
    one(&t, "HY0206");
}

#[test]
fn hy0206_silent_when_figures_are_mixed_or_rating_is_middling() {
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0206");
    none(&eval_q("| 令和3年度 | 20 | 21 |\n| 令和4年度 | 20 | 19 |\n", "b"), "HY0206");
    // One series missed: not "met in every year".
    let t = edit(&eval_q("| 令和4年度 | ①84% ②89% | ①70% ②96% |\n", "c"), "@単位: 回\n", "@系列: ①一般の部 ②有識者の部\n@単位: %\n");
    none(&t, "HY0206");
    // Qualitative indicators have no figures.
    none(&edit(EVAL, "達成状況: b", "達成状況: s"), "HY0206");
}

#[test]
fn hy0207_fires_when_the_measure_is_rated_better_than_its_main_indicators() {
    let t = edit(EVAL, "相当程度進展あり（Ｂ）", "目標達成（Ａ）");
    let d = one(&t, "HY0207");
    assert_diag(&t, &d, "HY0207", at(&t, "目標達成（Ａ）"), "the 施策 is rated 「目標達成」, but its 主要な測定指標 (1-1 b) support at best 「相当程度進展あり」");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.related[0].span, at_in(&t, "達成状況: b", "b"));
}

#[test]
fn hy0207_needs_half_of_the_main_indicators_near_target_for_b() {
    let t = format!(
        "{}\n## 測定指標 1-2 日米間の相互理解の進展 ＊\n### 中期目標（令和7年度）\n深める。\n@令和4年度目標の達成状況: ｃ\n## 測定指標 1-3 会談 ＊\n### 中期目標（令和7年度）\n行う。\n@令和4年度目標の達成状況: d\n",
        EVAL
    );
    let d = one(&t, "HY0207");
    assert_eq!(d.message.en(), "the 施策 is rated 「相当程度進展あり」, but its 主要な測定指標 (1-1 b, 1-2 c, 1-3 d) support at best 「進展が大きくない」");
}

#[test]
fn hy0207_silent_when_supported_worse_or_not_an_evaluation() {
    none(EVAL, "HY0207");
    // Rating the 施策 worse than the indicators allow is the ministry's call.
    none(&edit(EVAL, "相当程度進展あり（Ｂ）", "進展が大きくない（Ｃ）"), "HY0207");
    let t = edit(&edit(EVAL, "相当程度進展あり（Ｂ）", "目標超過達成（Ｓ）"), "達成状況: b", "達成状況: s");
    none(&t, "HY0207");
    // Non-main indicators do not count.
    let t = format!("{}\n## 測定指標 1-2 相互理解\n### 中期目標（令和7年度）\n深める。\n@令和4年度目標の達成状況: d\n", edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり"));
    none(&t, "HY0207");
}

#[test]
fn hy0208_fires_on_the_sheet_when_its_label_differs() {
    let s = edit(SHEET, "@政策目標の達成度合い: 相当程度進展あり", "@政策目標の達成度合い: 目標達成");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0208");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "budget-sheet.hyoka");
    assert_diag(&s, d, "HY0208", at_in(&s, "度合い: 目標達成", "目標達成"), "the 調書 gives 「目標達成」, the 政策評価書 「相当程度進展あり」");
    assert_eq!(d.related[0].doc.as_deref(), Some("evaluation.hyoka"));
    assert_eq!(d.related[0].span, at(EVAL, "相当程度進展あり（Ｂ）"));
}

#[test]
fn hy0208_silent_for_the_same_label_or_another_set() {
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", SHEET)], "HY0208").is_empty());
    let s = edit(SHEET, "@政策目標の達成度合い: 相当程度進展あり", "@政策目標の達成度合い: 相当程度進展あり（Ｂ）");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0208").is_empty());
    let s = edit(&edit(SHEET, "@政策目標の達成度合い: 相当程度進展あり", "@政策目標の達成度合い: 目標達成"), "@年度: 令和5年度", "@年度: 令和6年度");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0208").is_empty());
}

// ================================================================= budgets

const BUDGET: &str = "\
# 事前分析表 Ⅰ-2 北米地域外交
@年度: 令和5年度
## 施策の予算額・執行額等
@単位: 百万円
| 区分 | 令和4年度 | 令和5年度 |
| 当初予算(a) | 535 | 590 |
| 補正予算(b) | 10 | |
| 繰越し等(c) | △2 | |
| 合計(a＋b＋c) | 543 | |
| 執行額 | 458 | |
";

#[test]
fn hy0301_fires_on_a_formula_row_that_does_not_add_up_with_a_fix() {
    let t = edit(BUDGET, "| 合計(a＋b＋c) | 543 |", "| 合計(a＋b＋c) | 545 |");
    let d = one(&t, "HY0301");
    assert_diag(&t, &d, "HY0301", at(&t, "545"), "合計(a+b+c) 令和4年度: 545 ≠ 535 + 10 + △2 (= 543)");
    assert_eq!(d.severity, Severity::Error);
    let fix = d.fix.as_ref().unwrap();
    assert_eq!((fix.title.en().as_str(), fix.new_text.as_str()), ("Correct the total to 543", "543"));
    assert_eq!(d.related.len(), 3);
}

#[test]
fn hy0301_fires_on_subtraction_and_undefined_letters() {
    let t = format!("{H_PLAN}## 収支\n| 区分 | 令和4年度 |\n| 収入(a) | 1,000 |\n| 支出(b) | 400 |\n| 差引(a－b) | 500 |\n");
    assert_diag(&t, &one(&t, "HY0301"), "HY0301", at(&t, "500"), "差引(a-b) 令和4年度: 500 ≠ 1,000 − 400 (= 600)");
    let t = format!("{H_PLAN}## 予算\n| 区分 | 令和4年度 |\n| 当初予算(a) | 535 |\n| 補正予算(b) | 10 |\n| 合計(a＋b＋c) | 545 |\n");
    assert_diag(&t, &one(&t, "HY0301"), "HY0301", at(&t, "合計(a＋b＋c)"), "the formula of 「合計(a＋b＋c)」 uses (c), which no row defines");
}

#[test]
fn hy0301_fires_on_subtotals_and_totals_of_a_budget_sheet() {
    let t = "\
# 政策評価調書 Ⅰ-2 北米地域外交
@年度: 令和5年度
| 区分 | 会計 | 5年度当初予算額 |
| 政策評価の対象となっているもの | | |
| | 一般 | 219,691 |
| | 一般 | 370,419 |
| 小計 | | 590,100 |
| 政策評価の対象となっていないもの | | |
| | 一般 | ＜ ＞ の内数 |
| 小計 | | |
| 合計 | | 590,110 |
";
    let found = of(t, "HY0301");
    assert_eq!(found.len(), 2, "{}", show(t, &found));
    assert_diag(t, &found[0], "HY0301", at(t, "590,100"), "小計 5年度当初予算額: 590,100 ≠ 370,419 + 219,691 (= 590,110)");
    // The 合計 adds the 小計 rows as written, so the wrong 小計 makes it wrong too.
    assert_diag(t, &found[1], "HY0301", at(t, "590,110"), "合計 5年度当初予算額: 590,110 ≠ 590,100 + 0 (= 590,100)");
    assert_eq!(found[1].fix.as_ref().unwrap().new_text, "590,100");
}

#[test]
fn hy0301_silent_when_totals_add_up() {
    none(BUDGET, "HY0301");
    none(SHEET, "HY0301");
    // An empty total is not checked.
    none(&edit(BUDGET, "| 合計(a＋b＋c) | 543 |", "| 合計(a＋b＋c) | |"), "HY0301");
}

#[test]
fn hy0302_fires_on_execution_above_the_total() {
    let t = edit(BUDGET, "| 執行額 | 458 |", "| 執行額 | 560 |");
    let d = one(&t, "HY0302");
    assert_diag(&t, &d, "HY0302", at(&t, "560"), "令和4年度: 執行額 560 exceeds 合計(a+b+c) 543");
    assert_eq!(d.related[0].span, at(&t, "543"));
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0302_fires_on_a_means_executing_above_its_budget() {
    let t = format!("{H_PLAN}## 達成手段\n| 達成手段 | 令和4年度 | 事業番号 |\n| ①日米協力の推進 | 72 (80) | 0023 |\n");
    let d = one(&t, "HY0302");
    assert_diag(&t, &d, "HY0302", at(&t, "72 (80)"), "達成手段①「日米協力の推進」, 令和4年度: 執行額 80 exceeds 予算額計 72");
}

#[test]
fn hy0302_silent_within_budget() {
    none(BUDGET, "HY0302");
    none(&edit(BUDGET, "| 執行額 | 458 |", "| 執行額 | 543 |"), "HY0302");
    none(&format!("{H_PLAN}## 達成手段\n| 達成手段 | 令和4年度 | 事業番号 |\n| ①日米協力の推進 | 72 (72) | 0023 |\n"), "HY0302");
}

#[test]
fn hy0303_fires_on_text_in_a_budget_table() {
    let t = edit(BUDGET, "| 当初予算(a) | 535 | 590 |", "| 当初予算(a) | 535 | 調整中 |");
    let d = one(&t, "HY0303");
    assert_diag(&t, &d, "HY0303", at(&t, "調整中"), "「調整中」 in 当初予算(a) 令和5年度 is not an amount");
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn hy0303_fires_on_text_in_a_means_year_cell() {
    let t = edit(PLAN, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 未定 |");
    let d = one(&t, "HY0303");
    assert_diag(&t, &d, "HY0303", at(&t, "未定"), "達成手段①: 「未定」 for 令和5年度 is not an amount (write `72 (63)`, `108` or `－`)");
}

#[test]
fn hy0303_silent_on_numbers_none_marks_and_placeholders() {
    none(BUDGET, "HY0303");
    none(&edit(BUDGET, "| 当初予算(a) | 535 | 590 |", "| 当初予算(a) | １，２３５ | ＜ ＞ の内数 |"), "HY0303");
    none(&edit(PLAN, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | － |"), "HY0303");
}

#[test]
fn hy0304_fires_when_the_means_do_not_add_up_to_the_budget() {
    let t = edit(PLAN, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 500 |");
    let d = one(&t, "HY0304");
    assert_diag(
        &t,
        &d,
        "HY0304",
        at_in(&t, "| 区分 | 令和5年度 |", "令和5年度"),
        "令和5年度: the 達成手段 add up to 500 (1 item), the 施策's 当初予算 is 590 (difference △90); means may sit in other budget items",
    );
    assert_eq!(d.severity, Severity::Information);
}

#[test]
fn hy0304_silent_within_half_a_unit_per_means_and_outside_plans() {
    none(PLAN, "HY0304");
    none(&edit(PLAN, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 589.5 |"), "HY0304");
    assert_eq!(of(&edit(PLAN, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 589.4 |"), "HY0304").len(), 1);
}

#[test]
fn hy0304_fires_in_evaluations_too_as_a_warning_when_far_off() {
    let e = edit(PLAN, "# 事前分析表", "# 政策評価書");
    let near = one(&edit(&e, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 500 |"), "HY0304");
    assert_eq!(near.severity, Severity::Information);
    let t = edit(&e, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 5900 |");
    let far = one(&t, "HY0304");
    assert_eq!(far.severity, Severity::Warning);
    assert_eq!(far.message.en(), "令和5年度: the 達成手段 add up to 5,900 (1 item), the 施策's 当初予算 is 590 (difference 5,310); means may sit in other budget items");
}

#[test]
fn hy0305_fires_on_the_sheet_total_against_the_plan() {
    let s = SHEET.replace("590,110", "600,000");
    let found = set_of(&[("plan.hyoka", PLAN), ("budget-sheet.hyoka", &s)], "HY0305");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "budget-sheet.hyoka");
    assert_diag(&s, d, "HY0305", at_in(&s, "| 合計 | 600,000 |", "600,000"), "令和5年度 当初予算: the 調書's 合計 600,000 千円 does not match the 事前分析表's 590 百万円 (= 590,000 千円 ± 500)");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0305_prefers_the_evaluation_and_reads_the_sheet_unit() {
    let s = SHEET.replace("590,110", "600,000");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN), ("budget-sheet.hyoka", &s)], "HY0305");
    assert_eq!(found.len(), 1);
    assert!(found[0].1.message.en().contains("the 政策評価書's 590 百万円"), "{}", found[0].1.message.en());
    let s = SHEET.replace("@単位: 千円", "@単位: 百万円").replace("590,110", "590");
    assert!(set_of(&[("plan.hyoka", PLAN), ("budget-sheet.hyoka", &s)], "HY0305").is_empty());
}

#[test]
fn hy0305_silent_within_500_thousand_yen() {
    assert!(set_of(&[("plan.hyoka", PLAN), ("budget-sheet.hyoka", SHEET)], "HY0305").is_empty());
    let s = SHEET.replace("590,110", "589,500");
    assert!(set_of(&[("plan.hyoka", PLAN), ("budget-sheet.hyoka", &s)], "HY0305").is_empty());
    let s = SHEET.replace("590,110", "589,499");
    assert_eq!(set_of(&[("plan.hyoka", PLAN), ("budget-sheet.hyoka", &s)], "HY0305").len(), 1);
}

const MEANS_2Y: &str = "\
# 事前分析表 Ⅰ-2 北米地域外交
@年度: 令和5年度
## 達成手段
| 達成手段 | 令和4年度 | 令和5年度当初 | 関連する測定指標 | 事業番号 |
| ①日米協力の推進 | 72 (63) | 568 | 1-1 | 0023 |
| ②日米交流の強化（新規） | － | 22 | 1-1 | 0024 |
";

#[test]
fn hy0306_fires_on_a_new_means_with_a_prior_amount() {
    let t = edit(MEANS_2Y, "| ②日米交流の強化（新規） | － |", "| ②日米交流の強化（新規） | 10 (8) |");
    let d = one(&t, "HY0306");
    assert_diag(&t, &d, "HY0306", at(&t, "10 (8)"), "達成手段②「日米交流の強化」 is marked 新規 but has an amount for 令和4年度");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0306_silent_without_prior_amounts_or_without_the_mark() {
    none(MEANS_2Y, "HY0306");
    none(&edit(MEANS_2Y, "| ②日米交流の強化（新規） | － |", "| ②日米交流の強化 | 10 (8) |"), "HY0306");
}

#[test]
fn hy0307_fires_on_an_empty_project_number_cell() {
    let t = edit(PLAN, "| 590 | 1-1 | 0023 |", "| 590 | 1-1 | |");
    let d = one(&t, "HY0307");
    // The empty cell: the space between its bars.
    let row = at(&t, "| ①日米協力の推進 | 590 | 1-1 | |");
    assert_diag(&t, &d, "HY0307", row.end - 2..row.end - 1, "達成手段①「日米協力の推進」 has a budget but no 行政事業レビュー事業番号");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0307_fires_on_a_none_mark_or_a_missing_column() {
    let t = edit(PLAN, "| 590 | 1-1 | 0023 |", "| 590 | 1-1 | － |");
    assert_eq!(one(&t, "HY0307").span, at(&t, "－"));
    let t = format!("{H_PLAN}## 達成手段\n| 達成手段 | 令和5年度当初 |\n| ①日米協力の推進 | 590 |\n");
    let row = at(&t, "| ①日米協力の推進 | 590 |");
    assert_eq!(one(&t, "HY0307").span, row.end..row.end);
}

#[test]
fn hy0307_silent_with_a_number_or_without_money() {
    none(PLAN, "HY0307");
    none(&edit(PLAN, "| 590 | 1-1 | 0023 |", "| － | 1-1 | |"), "HY0307");
    none(&edit(PLAN, "| 590 | 1-1 | 0023 |", "| 0 | 1-1 | |"), "HY0307");
}

const CONTRIBUTION: &str = "\
# 事前分析表 Ⅰ-2 北米地域外交
@年度: 令和5年度
## 施策の予算額・執行額等（分担金・拠出金除く）
| 区分 | 令和5年度 |
| 当初予算(a) | 590 |
## 同（分担金・拠出金）
| 区分 | 令和5年度 |
| 当初予算(a) | 0 |
## 達成手段
| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |
| ①日米協力の推進 | 568 | 1-1 | 0023 |
| ②日本研究促進拠出金 | 22 | 1-1 | 0025 |
";

#[test]
fn hy0308_fires_on_a_contribution_means_with_money_the_contribution_table_lacks() {
    let d = one(CONTRIBUTION, "HY0308");
    assert_diag(
        CONTRIBUTION,
        &d,
        "HY0308",
        at(CONTRIBUTION, "22"),
        "達成手段②「日本研究促進拠出金」 is a 拠出金 with 22 for 令和5年度, but the 分担金・拠出金 table shows 0",
    );
    assert_eq!(d.related[0].span, at_in(CONTRIBUTION, "| 当初予算(a) | 0 |", "0"));
}

#[test]
fn hy0308_silent_when_the_contribution_table_has_money_or_the_means_is_not_a_contribution() {
    none(&edit(CONTRIBUTION, "| 当初予算(a) | 0 |", "| 当初予算(a) | 22 |"), "HY0308");
    none(&edit(CONTRIBUTION, "②日本研究促進拠出金", "②日本研究促進事業"), "HY0308");
    none(&edit(CONTRIBUTION, "| ②日本研究促進拠出金 | 22 |", "| ②日本研究促進拠出金 | 0 |"), "HY0308");
}

#[test]
fn hy0309_fires_on_the_plan_when_budget_tables_disagree() {
    let p = edit(PLAN, "| 当初予算(a) | 590 |", "| 当初予算(a) | 600 |");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0309");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "plan.hyoka");
    assert_diag(&p, d, "HY0309", at_in(&p, "| 当初予算(a) | 600 |", "600"), "当初予算(a) 令和5年度: 600 here, 590 in the 政策評価書");
    assert_eq!(d.related[0].doc.as_deref(), Some("evaluation.hyoka"));
    assert_eq!(d.related[0].span, at_in(EVAL, "| 当初予算(a) | 590 |", "590"));
}

#[test]
fn hy0309_silent_when_tables_agree() {
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN)], "HY0309").is_empty());
    // Full-width digits are the same figure.
    let p = edit(PLAN, "| 当初予算(a) | 590 |", "| 当初予算(a) | ５９０ |");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0309").is_empty());
}

// =============================================================== structure

#[test]
fn hy0401_fires_on_an_evaluation_lacking_parts() {
    let t = edit(EVAL, "## 学識経験を有する者の知見の活用\n日米の連携が着実に進んだ。\n", "");
    let t = edit(&t, "@担当部局名: 北米局\n", "");
    let d = one(&t, "HY0401");
    assert_diag(&t, &d, "HY0401", at(&t, "# 政策評価書 Ⅰ-2 北米地域外交"), "this 政策評価書 lacks 「学識経験を有する者の知見の活用」、「@担当部局名」");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0401_lists_the_parts_of_plans_and_budget_sheets() {
    let d = one(H_PLAN, "HY0401");
    assert_diag(
        H_PLAN,
        &d,
        "HY0401",
        at(H_PLAN, "# 事前分析表 Ⅰ-2 北米地域外交"),
        "this 事前分析表 lacks 「施策目標」、「目標設定の考え方・根拠」、「施策の予算額・執行額等」、「@担当部局名」、「@政策評価実施予定時期」",
    );
    let s = "# 政策評価調書 Ⅰ-2 北米地域外交\n";
    assert_diag(s, &one(s, "HY0401"), "HY0401", 0..s.len() - 1, "this 政策評価調書 lacks 「@年度」、「@政策目標の達成度合い」、「予算額の表（合計）」");
}

#[test]
fn hy0401_fires_on_a_field_lacking_parts() {
    let t = format!("{EVAL}\n## 個別分野 1 政治分野\n### 施策の概要\n協議を行う。\n");
    let d = one(&t, "HY0401");
    assert_diag(&t, &d, "HY0401", at(&t, "個別分野 1"), "個別分野1 lacks 「測定指標」、「作成にあたって使用した資料その他の情報」、「施策の分析」、「次期目標等への反映の方向性」");
    let t = format!("{PLAN}\n## 個別分野 2 経済分野\n### 測定指標 2-1 経済 ＊\n#### 中期目標（令和7年度）\n強化する。\n");
    assert_eq!(one(&t, "HY0401").message.en(), "個別分野2 lacks 「施策の概要」、「達成手段」");
}

#[test]
fn hy0401_fires_at_the_start_of_a_file_without_document_heading() {
    let t = "@年度: 令和5年度\n## 施策目標\n強化する。\n";
    let d = one(t, "HY0401");
    assert_diag(t, &d, "HY0401", 0..0, "no document heading: start the file with `# 政策評価書 <施策ID> <施策名>` (or 事前分析表, 政策評価調書)");
}

#[test]
fn hy0401_silent_on_complete_documents_and_empty_files() {
    none(EVAL, "HY0401");
    none(PLAN, "HY0401");
    none(SHEET, "HY0401");
    none("", "HY0401");
    none("// 作成中\n", "HY0401");
}

#[test]
fn hy0402_fires_when_a_rated_year_has_no_entry() {
    let t = edit(EVAL, "@令和4年度目標の達成状況: b", "@令和3・4年度目標の達成状況: b");
    let d = one(&t, "HY0402");
    assert_diag(&t, &d, "HY0402", at(&t, "令和3・4年度目標の達成状況"), "測定指標1-1 is rated for 令和3～令和4年度 but has no entry for 令和3年度");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn hy0402_fires_on_a_year_outside_the_rated_period() {
    let t = eval_q("| 令和4年度 | 20 | 19 |\n| 令和5年度 | 20 | |\n", "b");
    let d = one(&t, "HY0402");
    assert_diag(&t, &d, "HY0402", at_in(&t, "| 令和5年度 | 20 | |", "令和5年度"), "測定指標1-1: 令和5年度 is outside the rated period 令和4年度");
}

#[test]
fn hy0402_silent_when_years_and_period_match_or_outside_evaluations() {
    none(EVAL, "HY0402");
    none(&eval_q("| 令和２年度 | 20 | 19 |\n| 令和３年度 | 20 | 19 |\n", "b").replace("@令和4年度目標の達成状況", "@令和２・３年度目標の達成状況"), "HY0402");
    none(PLAN, "HY0402");
}

#[test]
fn hy0403_fires_on_a_citation_that_is_not_closed() {
    let t = format!("{EVAL}\n## 施策の分析\n首脳間の連携が進んだ。（令和4年度：日米協力の推進（達成手段①）\n");
    let d = one(&t, "HY0403");
    assert_diag(&t, &d, "HY0403", at(&t, "（令和4年度：日米協力の推進（達成手段①）"), "this citation is not closed: 2 opening vs 1 closing brackets");
    assert_eq!(d.severity, Severity::Information);
}

#[test]
fn hy0403_counts_an_opening_bracket_before_the_token() {
    // `（（達成手段①））` inside an outer bracket: the citation reaches back to it.
    let t = format!("{EVAL}\n## 施策の分析\n連携した。（令和4年度：日米協力の推進（（達成手段①））\n");
    let d = one(&t, "HY0403");
    assert_diag(&t, &d, "HY0403", at(&t, "（令和4年度：日米協力の推進（（達成手段①））"), "this citation is not closed: 3 opening vs 2 closing brackets");
}

#[test]
fn hy0403_silent_on_balanced_citations() {
    none(&format!("{EVAL}\n## 施策の分析\n{CITE}"), "HY0403");
    none(&format!("{EVAL}\n## 施策の分析\n(令和4年度:日米協力の推進(達成手段①))\n"), "HY0403");
}

#[test]
fn hy0404_fires_on_an_attribute_without_key() {
    let t = format!("{PLAN}@: 地域別外交\n");
    let d = one(&t, "HY0404");
    assert_diag(&t, &d, "HY0404", at(&t, "@: 地域別外交"), "this attribute does not follow the format: write `@key: value`");
    assert_eq!(d.severity, Severity::Error);
    let t = format!("{PLAN}＠\n");
    assert_eq!(&t[one(&t, "HY0404").span.clone()], "＠");
}

#[test]
fn hy0404_fires_on_a_main_mark_on_a_heading_that_cannot_be_main() {
    let t = format!("{PLAN}## 施策目標 ＊\n");
    let d = one(&t, "HY0404");
    assert_eq!(d.span, at_in(&t, "## 施策目標 ＊", "＊"));
    let t = format!("{PLAN}## 個別分野 2 経済分野 ＊\n");
    assert_eq!(one(&t, "HY0404").span, at_in(&t, "経済分野 ＊", "＊"));
}

#[test]
fn hy0404_fires_on_a_known_key_whose_colon_is_forgotten() {
    let t = edit(EVAL, "@令和4年度目標の達成状況: b", "@令和4年度目標の達成状況 b");
    let d = one(&t, "HY0404");
    assert_diag(&t, &d, "HY0404", at(&t, "令和4年度目標の達成状況 b"), "this attribute has no colon, so 「b」 is read as part of its key: write `@令和4年度目標の達成状況: b`");
    let fixed = {
        let f = d.fix.as_ref().unwrap();
        let mut s = t.clone();
        s.replace_range(f.span.clone(), &f.new_text);
        s
    };
    assert!(fixed.contains("@令和4年度目標の達成状況: b\n"), "{fixed}");
    none(&fixed, "HY0404");
    // A key with a space that the checks do not know is left alone.
    none(&edit(EVAL, "@担当部局名: 北米局", "@担当部局名: 北米局\n@備考 なし"), "HY0404");
}

#[test]
fn hy0404_silent_on_well_formed_lines() {
    none(EVAL, "HY0404");
    none(PLAN, "HY0404");
    none(SHEET, "HY0404");
    none("\\# は見出しではない\n| a | b\n// 注\n", "HY0404");
}

#[test]
fn hy0404_heading_message_does_not_blame_a_present_id() {
    let t = format!("{PLAN}## 個別分野 2 経済分野 ＊\n");
    let d = one(&t, "HY0404");
    assert!(!d.message.en().contains("needs its ID"), "{}", d.message.en());
}

#[test]
fn heading_without_its_id_is_reported_on_its_line() {
    let t = format!("{PLAN}### 測定指標 日米の協力\n");
    let line = at(&t, "### 測定指標 日米の協力");
    let found: Vec<Diagnostic> = diags(&t).into_iter().filter(|d| d.span.start >= line.start && d.span.end <= line.end && !d.span.is_empty()).collect();
    assert!(!found.is_empty(), "nothing reported on the line");
}

#[test]
fn hy0401_document_heading_without_measure_id() {
    let t = "# 政策評価書 北米地域外交\n@年度: 令和5年度\n";
    let d = one(t, "HY0401");
    assert_eq!(d.span, at(t, "# 政策評価書 北米地域外交"));
    assert!(d.message.en().contains("「施策 ID」"), "{}", d.message.en());
}

// =========================================================== configuration

#[test]
fn configuration_turns_a_check_off_and_changes_a_severity() {
    let t = edit(PLAN, "| 590 | 1-1 | 0023 |", "| 590 | 1-1 | |");
    let t = format!("{t}\n## 測定指標 1-2 x\n### 中期目標（令和7年度）\n深める。\n@令和4年度目標の達成状況: ｂ\n");
    // Defaults: both reported.
    let d = diags(&t);
    assert!(d.iter().any(|d| d.code() == "HY0307" && d.severity == Severity::Warning));
    assert!(d.iter().any(|d| d.code() == "HY0204" && d.severity == Severity::Information));
    // Off by name, severity by code (any case).
    let c = Config::from_toml("[checks]\nmissing-project-number = \"off\"\nhy0204 = \"error\"\n").unwrap();
    let d = diags_with(&t, &c);
    assert!(!d.iter().any(|d| d.code() == "HY0307"), "{}", show(&t, &d));
    let fw: Vec<&Diagnostic> = d.iter().filter(|d| d.code() == "HY0204").collect();
    assert_eq!(fw.len(), 1);
    assert_eq!(fw[0].severity, Severity::Error);
    // Other checks keep their defaults.
    assert!(d.iter().any(|d| d.code() == "HY0112" && d.severity == Severity::Information));
}

#[test]
fn configuration_applies_to_cross_document_checks() {
    let s = SHEET.replace("590,110", "600,000");
    let files = [("plan.hyoka", PLAN), ("budget-sheet.hyoka", s.as_str())];
    let c = Config::from_toml("[checks]\nsheet-budget-mismatch = \"hint\"\n").unwrap();
    let found: Vec<_> = set_with(&files, &c).into_iter().filter(|(_, d)| d.code() == "HY0305").collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1.severity, Severity::Hint);
    let c = Config::from_toml("[checks]\nHY0305 = \"off\"\n").unwrap();
    assert!(set_with(&files, &c).iter().all(|(_, d)| d.code() != "HY0305"));
    // A larger tolerance accepts the gap.
    let c = Config::from_toml("[tolerance]\nbudget-sheet = 10000\n").unwrap();
    assert!(set_with(&files, &c).iter().all(|(_, d)| d.code() != "HY0305"));
}

#[test]
fn configuration_values_and_aliases() {
    let c = Config::from_toml("[checks]\nHY0101 = \"warn\"\nHY0102 = \"info\"\nHY0103 = \"false\"\nHY0104 = \"default\"\nHY0105 = \"Hint\"\n").unwrap();
    assert_eq!(c.setting(registry::MISSING_MIDTERM_TARGET), Some(Severity::Warning));
    assert_eq!(c.setting(registry::MISSING_TARGET_YEAR), Some(Severity::Information));
    assert_eq!(c.setting(registry::RESULT_WITHOUT_TARGET), None);
    assert_eq!(c.setting(registry::UNDEFINED_SERIES), Some(Severity::Error));
    assert_eq!(c.setting(registry::UNKNOWN_MEANS), Some(Severity::Hint));
    assert_eq!(c.setting(registry::MEANS_NAME_MISMATCH), Some(Severity::Warning), "untouched checks keep their default");
}

#[test]
fn configuration_errors_name_the_problem() {
    let e = Config::from_toml("[checks]\nno-such-check = \"off\"\n").unwrap_err();
    assert!(e.message.en().contains("unknown check `no-such-check`"), "{}", e.message.en());
    let e = Config::from_toml("[checks]\ntotal-mismatch = \"loud\"\n").unwrap_err();
    assert!(e.message.en().contains("`loud` is not one of"), "{}", e.message.en());
    assert!(Config::from_toml("[ratings]\nindicator = []\n").is_err());
    assert!(Config::from_toml("[ratings]\nindicator = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\n").is_err());
    assert!(Config::from_toml("[ratings]\nmeasure-letters = [\"A\", \"B\"]\n").is_err());
    assert!(Config::from_toml("[tolerance]\ntotal = -1\n").is_err());
    assert!(Config::from_toml("[tolerance]\nno-such = 1\n").is_err());
    assert!(Config::from_toml("unknown = 1\n").is_err());
    assert_eq!(Config::from_toml("max-file-size = 1024\n").unwrap().max_file_size, 1024);
}

#[test]
fn configuration_of_rating_scales() {
    // A three-letter indicator scale: d is off it, B is on it.
    let c = Config::from_toml("[ratings]\nindicator = [\"A\", \"B\", \"C\"]\n").unwrap();
    let t = edit(EVAL, "達成状況: b", "達成状況: d");
    let d: Vec<Diagnostic> = diags_with(&t, &c).into_iter().filter(|d| d.code() == "HY0201").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.en(), "測定指標1-1: 「d」 is not on the rating scale (A / B / C)");
    // Numbered measure letters.
    let c = Config::from_toml("[ratings]\nmeasure-letters = [\"①\", \"②\", \"③\", \"④\", \"⑤\"]\n").unwrap();
    let ok = edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり（③）");
    assert!(diags_with(&ok, &c).iter().all(|d| d.code() != "HY0202" && d.code() != "HY0201"));
    let bad = edit(EVAL, "相当程度進展あり（Ｂ）", "相当程度進展あり（②）");
    let d: Vec<Diagnostic> = diags_with(&bad, &c).into_iter().filter(|d| d.code() == "HY0202").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.en(), "「相当程度進展あり（②）」 is 相当程度進展あり but 「②」 is the letter of 目標達成");
}

#[test]
fn configuration_of_tolerances() {
    let t = edit(BUDGET, "| 合計(a＋b＋c) | 543 |", "| 合計(a＋b＋c) | 544 |");
    assert_eq!(of(&t, "HY0301").len(), 1);
    let c = Config::from_toml("[tolerance]\ntotal = 1\n").unwrap();
    assert!(diags_with(&t, &c).iter().all(|d| d.code() != "HY0301"));
    let t = edit(PLAN, "| ①日米協力の推進 | 590 |", "| ①日米協力の推進 | 580 |");
    let c = Config::from_toml("[tolerance]\nmeans-per-item = 10\n").unwrap();
    assert!(diags_with(&t, &c).iter().all(|d| d.code() != "HY0304"));
}

#[test]
fn hy0405_fires_on_a_one_character_slip_in_the_measure_id() {
    let p = edit(PLAN, "# 事前分析表 Ⅰ-2 北米地域外交", "# 事前分析表 Ⅰ-3 北米地域外交");
    let found = set_of(&[("r5/evaluation.hyoka", EVAL), ("r5/plan.hyoka", &p)], "HY0405");
    // Both are alone now; each names the other.
    assert_eq!(found.len(), 2, "{found:?}");
    let (k, d) = found.iter().find(|(k, _)| k == "r5/plan.hyoka").unwrap();
    assert_eq!(k, "r5/plan.hyoka");
    assert_eq!(d.span, at(&p, "# 事前分析表 Ⅰ-3 北米地域外交"));
    assert_eq!(
        d.message.en(),
        "no document of 施策Ⅰ-3 令和5年度 goes with this 事前分析表, so it is compared with none; evaluation.hyoka (政策評価書, 施策Ⅰ-2 令和5年度) has an ID one character away"
    );
    assert_eq!(d.related[0].doc.as_deref(), Some("r5/evaluation.hyoka"));
}

#[test]
fn hy0405_fires_on_a_year_slip_and_on_a_sheet_of_the_request_year() {
    let p = edit(PLAN, "@年度: 令和5年度", "@年度: 令和6年度");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0405");
    let (_, d) = found.iter().find(|(k, _)| k == "plan.hyoka").unwrap();
    assert_eq!(&p[d.span.clone()], "令和6年度");
    assert!(d.message.en().ends_with("has a year one step away"), "{}", d.message.en());
    // A 調書 dated with the year of its 概算要求, beside a complete set.
    let sh = edit(SHEET, "@年度: 令和5年度", "@年度: 令和6年度");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN), ("budget-sheet.hyoka", &sh)], "HY0405");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.message.en().contains("not the year of the 概算要求"), "{}", found[0].1.message.en());
}

#[test]
fn hy0405_silent_for_complete_sets_other_folders_and_last_years_documents() {
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN), ("budget-sheet.hyoka", SHEET)], "HY0405").is_empty());
    // Another folder is another matter.
    let p = edit(PLAN, "# 事前分析表 Ⅰ-2 北米地域外交", "# 事前分析表 Ⅰ-3 北米地域外交");
    assert!(set_of(&[("a/evaluation.hyoka", EVAL), ("b/plan.hyoka", &p)], "HY0405").is_empty());
    // Last year's plan beside this year's complete set: its partner
    // already has a plan.
    let old = edit(PLAN, "@年度: 令和5年度", "@年度: 令和4年度");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN), ("plan-r4.hyoka", &old)], "HY0405").is_empty());
}

#[test]
fn hy0406_fires_when_partners_name_the_measure_differently() {
    let p = edit(PLAN, "# 事前分析表 Ⅰ-2 北米地域外交", "# 事前分析表 Ⅰ-2 北米外交");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0406");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "plan.hyoka");
    assert_eq!(found[0].1.span, at(&p, "北米外交"));
    assert_eq!(found[0].1.message.en(), "施策Ⅰ-2 is named 「北米外交」 here but 「北米地域外交」 in evaluation.hyoka");
}

#[test]
fn hy0406_fires_on_a_name_attribute_that_differs() {
    let e = edit(EVAL, "@年度: 令和5年度\n", "@年度: 令和5年度\n@施策名: 北米外交\n");
    let found = set_of(&[("evaluation.hyoka", &e), ("plan.hyoka", PLAN)], "HY0406");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1.span, at(&e, "北米外交"));
    assert_eq!(found[0].1.message.en(), "施策Ⅰ-2 is named 「北米外交」 here but 「北米地域外交」 in evaluation.hyoka");
    let s = edit(SHEET, "@年度: 令和5年度\n", "@年度: 令和5年度\n@政策名: 北米地域外交\n");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0406").is_empty());
}

#[test]
fn hy0406_silent_when_names_agree_up_to_width_and_spaces() {
    let p = edit(PLAN, "# 事前分析表 Ⅰ-2 北米地域外交", "# 事前分析表 Ⅰ-2 北米地域　外交");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p), ("budget-sheet.hyoka", SHEET)], "HY0406").is_empty());
}

#[test]
fn hy0407_fires_on_a_second_document_of_a_kind_in_a_set() {
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN), ("plan-copy.hyoka", PLAN)], "HY0407");
    assert_eq!(found.len(), 1, "{found:?}");
    // plan-copy sorts before plan: plan-copy is compared, plan is the second.
    assert_eq!(found[0].0, "plan.hyoka");
    assert_eq!(
        found[0].1.message.en(),
        "plan.hyoka is a second 事前分析表 of 施策Ⅰ-2 令和5年度: only plan-copy.hyoka is compared with the other documents"
    );
}

#[test]
fn hy0407_silent_with_one_document_of_each_kind() {
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN), ("budget-sheet.hyoka", SHEET)], "HY0407").is_empty());
}

#[test]
fn hy0310_fires_on_a_budget_table_in_a_unit_that_is_not_money() {
    let t = edit(EVAL, "@単位: 百万円\n| 区分 | 令和5年度 |", "@単位: 百万\n| 区分 | 令和5年度 |");
    let d = one(&t, "HY0310");
    assert_diag(&t, &d, "HY0310", at_in(&t, "@単位: 百万\n", "百万"), "「百万」 is not a unit of money (円, 千円, 万円, 百万円, 億円): the amounts of this table are not compared with any other");
}

#[test]
fn hy0310_silent_on_money_units_and_indicator_units() {
    none(EVAL, "HY0310");
    none(&edit(EVAL, "@単位: 百万円\n| 区分 | 令和5年度 |", "@単位: 千円\n| 区分 | 令和5年度 |"), "HY0310");
    // `@単位: 回` of a quantitative indicator is no budget.
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0310");
}

#[test]
fn hy0311_fires_on_a_sheet_total_a_thousand_times_off() {
    // The 調書 typed in 百万円 under its `@単位: 千円`.
    let s = edit(&edit(SHEET, "| 北米地域外交に必要な経費 | 590,110 |", "| 北米地域外交に必要な経費 | 590 |"), "| 合計 | 590,110 |", "| 合計 | 590 |");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0311");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].1.message.en(),
        "令和5年度 当初予算: the 調書's 合計 590 千円 is 1,000 times off the 政策評価書's 590 百万円: a figure in the wrong unit, or the wrong `@単位`?"
    );
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)], "HY0305").is_empty(), "a unit slip, not a plain mismatch");
    // The plan's table a thousand times the evaluation's.
    let p = edit(PLAN, "| 当初予算(a) | 590 |", "| 当初予算(a) | 590,000 |");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0311");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0309").is_empty());
}

#[test]
fn hy0311_silent_when_units_are_converted() {
    // The same budget, the plan's table in 千円: converted, equal.
    let p = edit(edit(PLAN, "| 当初予算(a) | 590 |", "| 当初予算(a) | 590,000 |").as_str(), "@単位: 百万円\n| 区分 | 令和5年度 |", "@単位: 千円\n| 区分 | 令和5年度 |");
    let all = set(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)]);
    assert!(all.iter().all(|(_, d)| !["HY0309", "HY0311", "HY0304"].contains(&d.code())), "{all:?}");
    // The 調書 in 百万円, saying so.
    let s = edit(&edit(&edit(SHEET, "| 北米地域外交に必要な経費 | 590,110 |", "| 北米地域外交に必要な経費 | 590.11 |"), "| 合計 | 590,110 |", "| 合計 | 590.11 |"), "@単位: 千円", "@単位: 百万円");
    let all = set(&[("evaluation.hyoka", EVAL), ("budget-sheet.hyoka", &s)]);
    assert!(all.iter().all(|(_, d)| !["HY0305", "HY0311"].contains(&d.code())), "{all:?}");
}

#[test]
fn hy0301_fires_on_a_total_row_labelled_with_its_unit() {
    // 計(千円), 計（百万円）, 総計: totals without formula letters.
    for label in ["計(千円)", "計（千円）", "総計"] {
        let t = format!("# 政策評価調書 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n@単位: 千円\n| 区分 | 5年度当初予算額 |\n| 経費A | 100 |\n| 経費B | 200 |\n| {label} | 301 |\n");
        let d = one(&t, "HY0301");
        assert_eq!(d.message.en(), format!("{} 5年度当初予算額: 301 ≠ 100 + 200 (= 300)", hyoka::normalize::compact(label)));
    }
    // A row merely starting with 計 is no total.
    let t = "# 政策評価調書 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n@単位: 千円\n| 区分 | 5年度当初予算額 |\n| 経費A | 100 |\n| 経費B | 200 |\n| 計画策定経費 | 301 |\n";
    none(t, "HY0301");
}

#[test]
fn hy0401_names_an_empty_rating_value_as_such() {
    let t = edit(EVAL, "@目標達成度合いの測定結果: 相当程度進展あり（Ｂ）", "@目標達成度合いの測定結果:");
    let d = one(&t, "HY0401");
    assert!(d.message.en().contains("「@目標達成度合いの測定結果 の値」"), "{}", d.message.en());
}

#[test]
fn hy0305_reads_an_era_less_sheet_year_in_the_documents_era() {
    // A 平成28年度 set: the 調書 prints `28年度当初予算額`, which is 平成28.
    let e = EVAL.replace("令和5年度", "平成28年度");
    let sheet = |total: &str| {
        SHEET.replace("@年度: 令和5年度", "@年度: 平成28年度").replace("| 5年度当初予算額 |", "| 28年度当初予算額 |").replace("590,110", total)
    };
    let found = set_of(&[("evaluation.hyoka", &e), ("budget-sheet.hyoka", &sheet("600,110"))], "HY0305");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.message.en().starts_with("平成28年度 当初予算"), "{}", found[0].1.message.en());
    assert!(set_of(&[("evaluation.hyoka", &e), ("budget-sheet.hyoka", &sheet("590,110"))], "HY0305").is_empty());
}

#[test]
fn hy0118_fires_on_a_plan_indicator_without_a_target_for_the_plan_year() {
    let t = edit(PLAN, "### 令和5年度目標", "### 令和6年度目標");
    let d = one(&t, "HY0118");
    assert_diag(&t, &d, "HY0118", at(&t, "測定指標 1-1"), "測定指標1-1 has no target for 令和5年度, the year of this 事前分析表");
}

#[test]
fn hy0118_silent_with_the_plan_year_target_and_in_evaluations() {
    none(PLAN, "HY0118");
    none(EVAL, "HY0118");
}

#[test]
fn hy0206_fires_when_rated_met_but_a_year_missed() {
    let t = eval_q("| 令和3年度 | 20 | 21 |\n| 令和4年度 | 20 | 19 |\n", "a");
    let d = one(&t, "HY0206");
    assert_diag(&t, &d, "HY0206", at_in(&t, "達成状況: a", "a"), "測定指標1-1 is rated a (目標達成 or better) but missed its target in 令和4年度");
}

// ================================================= second wave: references

#[test]
fn hy0119_fires_when_the_plan_drops_a_main_mark_without_saying_why() {
    let p = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の協力関係の進展");
    let found = set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0119");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "plan.hyoka");
    assert_diag(&p, d, "HY0119", at(&p, "測定指標 1-1"), "測定指標1-1 is 主要 in the 政策評価書 but not in this 事前分析表, and 評価結果を踏まえた変更点及びその理由 does not say why");
    assert_eq!(d.related[0].doc.as_deref(), Some("evaluation.hyoka"));
}

#[test]
fn hy0119_silent_when_the_change_is_explained_or_marks_agree() {
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", PLAN)], "HY0119").is_empty());
    let p = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の協力関係の進展");
    let p = edit(&p, "首脳間で密接に連携する。\n", "首脳間で密接に連携する。\n### 評価結果を踏まえた変更点及びその理由\n実務レベルの指標を主要な測定指標とした。\n");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0119").is_empty());
}

#[test]
fn hy0108_silent_for_a_rename_stated_in_the_plan() {
    let p = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の協調関係の進展 ＊");
    assert_eq!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0108").len(), 1);
    let p = edit(&p, "首脳間で密接に連携する。\n", "首脳間で密接に連携する。\n### 評価結果を踏まえた変更点及びその理由\n「協力」よりも「協調」が適切であるため、名称を改めた。\n");
    assert!(set_of(&[("evaluation.hyoka", EVAL), ("plan.hyoka", &p)], "HY0108").is_empty());
}

const SERIES_TARGET: &str = "| 令和7年度 | ①85% ②90% |\n";

#[test]
fn hy0120_fires_when_the_midterm_value_differs_from_its_year_target() {
    let t = format!("{SERIES_PLAN}{}", SERIES_TARGET.replace("①85%", "①80%"));
    let d = one(&t, "HY0120");
    assert_diag(&t, &d, "HY0120", at_in(&t, "@中期目標値（令和7年度）: ①85% ②90%", "①85% ②90%"), "the 中期目標値 of 測定指標1-5 (series ①) is 85 for 令和7年度, but the table's 目標値 for that year is 80");
    assert_eq!(d.related[0].span, at_in(&t, "| 令和7年度 | ①80% ②90% |", "①80% ②90%"));
}

#[test]
fn hy0120_silent_when_they_agree_or_the_year_has_no_row() {
    none(SERIES_PLAN, "HY0120");
    none(&format!("{SERIES_PLAN}{SERIES_TARGET}"), "HY0120");
}

#[test]
fn hy0121_fires_on_a_rated_year_without_its_result() {
    let t = eval_q("| 令和4年度 | 20 | |\n", "b");
    let d = one(&t, "HY0121");
    assert_diag(&t, &d, "HY0121", at_in(&t, "| 令和4年度 | 20 |", "令和4年度"), "測定指標1-1: 令和4年度 is rated and has a 目標値, but no 実績値");
}

#[test]
fn hy0121_silent_with_results_or_outside_the_rated_period() {
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0121");
    none(&eval_q("| 令和4年度 | 20 | 19 |\n| 令和5年度 | 20 | |\n", "b"), "HY0121");
}

#[test]
fn hy0122_fires_on_a_means_with_no_related_indicator() {
    let t = edit(PLAN, "| ①日米協力の推進 | 590 | 1-1 | 0023 |", "| ①日米協力の推進 | 590 | | 0023 |");
    let d = one(&t, "HY0122");
    let s = t.find("590 | | 0023").unwrap() + "590 |".len();
    assert_diag(&t, &d, "HY0122", s..s + 1, "達成手段① 「日米協力の推進」 names no 関連する測定指標: which indicator does it serve?");
}

#[test]
fn hy0122_silent_when_an_indicator_is_named() {
    none(PLAN, "HY0122");
}

/// [`eval_q`] of an indicator in percent.
fn pct_q(rows: &str, rating: &str) -> String {
    edit(&eval_q(rows, rating), "@単位: 回", "@単位: %")
}

#[test]
fn hy0123_fires_on_a_figure_in_another_unit() {
    let t = pct_q("| 令和2年度 | 20% | 21% |\n| 令和3年度 | 20% | 22% |\n| 令和4年度 | 20% | 0.19 |\n", "b");
    let d = one(&t, "HY0123");
    assert_diag(&t, &d, "HY0123", at(&t, "0.19"), "測定指標1-1: this figure is written without a unit, the others in 「%」: a figure in another unit (0.72 for 72%)?");
}

#[test]
fn hy0123_silent_when_units_agree() {
    none(&pct_q("| 令和3年度 | 20% | 22% |\n| 令和4年度 | 20% | 19% |\n", "b"), "HY0123");
    none(&eval_q("| 令和3年度 | 20 | 22 |\n| 令和4年度 | 20 | 19 |\n", "b"), "HY0123");
}

// ==================================================== second wave: ratings

const ANALYSIS: &str = "\n## 評価結果(個別分野１)\n### 施策の分析\n【測定指標1-1 日米の協力関係の進展 ＊】\n首脳間の連携が進み、目標の達成度を「ｂ」と判定した。\n";

#[test]
fn hy0209_fires_on_a_rating_stated_otherwise_in_the_analysis() {
    let t = format!("{EVAL}{}", ANALYSIS.replace("「ｂ」", "「ａ」"));
    let d = one(&t, "HY0209");
    assert_diag(&t, &d, "HY0209", at(&t, "ａ"), "the text rates 測定指標1-1 「a」, its rating line 「b」");
}

#[test]
fn hy0209_fires_when_the_reasons_do_not_fit_the_measure_rating() {
    let t = edit(EVAL, "@担当部局名: 北米局\n", "@担当部局名: 北米局\n主要な測定指標がいずれも目標を達成したことから、左記のとおり判定した。\n");
    let d = one(&t, "HY0209");
    assert_diag(&t, &d, "HY0209", at(&t, "主要な測定指標がいずれも目標を達成したことから、左記のとおり判定した。"), "the reasons say every main indicator met its target (目標達成 or better), but the rating is 相当程度進展あり");
}

#[test]
fn hy0209_silent_when_the_text_agrees() {
    none(&format!("{EVAL}{ANALYSIS}"), "HY0209");
    none(&edit(EVAL, "@担当部局名: 北米局\n", "@担当部局名: 北米局\n主要な測定指標がおおむね目標に近い実績を示したことから、左記のとおり判定した。\n"), "HY0209");
}

const REFERENCE: &str = "\n## 参考指標 1 交流事業の参加人数\n| 実績値 | 令和4年度 |\n| 参加人数 | 300 人 |\n";

#[test]
fn hy0210_fires_on_a_rated_reference_indicator() {
    let t = format!("{EVAL}{REFERENCE}@令和4年度目標の達成状況: b\n");
    let d = one(&t, "HY0210");
    assert_diag(&t, &d, "HY0210", at_in(&t, "人 |\n@令和4年度目標の達成状況: b", "@令和4年度目標の達成状況: b"), "参考指標1 is given a rating: 参考指標 are figures for reference and are not rated");
    assert_eq!(d.fix.as_ref().unwrap().new_text, "");
}

#[test]
fn hy0210_silent_on_an_unrated_reference_indicator() {
    none(&format!("{EVAL}{REFERENCE}"), "HY0210");
}

// ==================================================== second wave: budgets

#[test]
fn hy0312_fires_on_a_project_number_given_twice() {
    let t = edit(PLAN, "| ①日米協力の推進 | 590 | 1-1 | 0023 |\n", "| ①日米協力の推進 | 580 | 1-1 | 0023 |\n| ②日米交流 | 10 | 1-1 | 0023 |\n");
    let d = one(&t, "HY0312");
    let s = t.rfind("0023").unwrap();
    assert_diag(&t, &d, "HY0312", s..s + 4, "達成手段② 「日米交流」 gives 行政事業レビュー事業番号 0023, as 達成手段① 「日米協力の推進」 does");
}

#[test]
fn hy0312_silent_on_distinct_numbers() {
    none(&edit(PLAN, "| ①日米協力の推進 | 590 | 1-1 | 0023 |\n", "| ①日米協力の推進 | 580 | 1-1 | 0023 |\n| ②日米交流 | 10 | 1-1 | 0024 |\n"), "HY0312");
}

#[test]
fn hy0313_fires_on_execution_of_an_open_year_and_none_for_a_closed_one() {
    let t = edit(EVAL, "| 当初予算(a) | 590 |\n", "| 当初予算(a) | 590 |\n| 執行額 | 500 |\n");
    let d = one(&t, "HY0313");
    assert_diag(&t, &d, "HY0313", at(&t, "500"), "執行額 500 is given for 令和5年度, a year not yet closed when this 令和5年度 document is written");
    let t = edit(EVAL, "| 区分 | 令和5年度 |\n| 当初予算(a) | 590 |\n", "| 区分 | 令和4年度 | 令和5年度 |\n| 当初予算(a) | 600 | 590 |\n| 執行額 | | |\n");
    let d = one(&t, "HY0313");
    let s = t.find("| 執行額 |").unwrap() + "| 執行額 |".len();
    assert_diag(&t, &d, "HY0313", s..s + 1, "令和4年度 is closed and had a budget, but its 執行額 is blank");
}

#[test]
fn hy0313_silent_on_closed_years_with_execution() {
    none(&edit(EVAL, "| 区分 | 令和5年度 |\n| 当初予算(a) | 590 |\n", "| 区分 | 令和4年度 | 令和5年度 |\n| 当初予算(a) | 600 | 590 |\n| 執行額 | 580 | |\n"), "HY0313");
}

// ================================================== second wave: structure

#[test]
fn hy0408_fires_on_a_year_written_with_nen_and_its_fix_inserts_do() {
    let t = eval_q("| 令和4年 | 20 | 19 |\n", "b");
    let d = one(&t, "HY0408");
    assert_diag(&t, &d, "HY0408", at_in(&t, "| 令和4年 | 20", "令和4年"), "「令和4年」: a fiscal year is written with 年度, not 年 (read as 令和4年度)");
    let fixed = apply_fix(&t, &d);
    assert!(fixed.contains("| 令和4年度 | 20 | 19 |"), "{fixed}");
    none(&fixed, "HY0408");
}

#[test]
fn hy0408_fires_on_repeated_skipped_and_unreadable_year_columns() {
    let t = edit(EVAL, "| 区分 | 令和5年度 |\n| 当初予算(a) | 590 |\n", "| 区分 | 令和2年度 | 令和3年度 | 令和3年度 | 令和5年度 |\n| 当初予算(a) | 1 | 2 | 3 | 590 |\n");
    let msgs: Vec<String> = of(&t, "HY0408").iter().map(|d| d.message.en()).collect();
    assert_eq!(msgs, vec![
        "the years of this table skip 令和4年度: was a column copied without its year changed?".to_string(),
        "令和3年度 appears twice among the years of this table".to_string(),
    ]);
    let t = edit(EVAL, "| 区分 | 令和5年度 |", "| 区分 | 令和五年度 |");
    let d = one(&t, "HY0408");
    assert_diag(&t, &d, "HY0408", at(&t, "令和五年度"), "「令和五年度」 cannot be read as a year: the figures under it are not compared");
}

#[test]
fn hy0408_silent_on_years_and_dates() {
    none(EVAL, "HY0408");
    none(PLAN, "HY0408");
    none(&eval_q("| 令和4年度 | 20 | 19 |\n", "b"), "HY0408");
}

#[test]
fn hy0409_fires_on_a_period_that_is_not_the_rated_one() {
    let t = edit(EVAL, "## 測定指標の令和4年度目標の達成状況", "## 測定指標の令和3年度目標の達成状況");
    let d = one(&t, "HY0409");
    assert_diag(&t, &d, "HY0409", at(&t, "測定指標の令和3年度目標の達成状況"), "the summary list's heading names 令和3年度, but the indicators are rated for 令和4年度");
    let t = format!("{EVAL}首脳間の連携が進んだ。（令和3年度：日米協力の推進（達成手段①））\n");
    let d = one(&t, "HY0409");
    assert_diag(&t, &d, "HY0409", at(&t, "令和3年度"), "the citation names 令和3年度, which is not the rated period 令和4年度");
}

#[test]
fn hy0409_silent_on_the_rated_period() {
    none(EVAL, "HY0409");
    none(&format!("{EVAL}首脳間の連携が進んだ。（令和4年度：日米協力の推進（達成手段①））\n"), "HY0409");
}

#[test]
fn hy0410_fires_on_dates_outside_the_document_year() {
    let t = edit(EVAL, "@政策評価実施時期: 令和5年8月", "@政策評価実施時期: 令和4年8月");
    let d = one(&t, "HY0410");
    assert_diag(&t, &d, "HY0410", at(&t, "令和4年8月"), "@政策評価実施時期 「令和4年8月」 falls in 令和4年度, but this 政策評価書 is of 令和5年度");
    let t = edit(PLAN, "@政策評価実施予定時期: 令和8年8月", "@政策評価実施予定時期: 令和3年8月");
    let d = one(&t, "HY0410");
    assert_diag(&t, &d, "HY0410", at(&t, "令和3年8月"), "@政策評価実施予定時期 「令和3年8月」 falls in 令和3年度, before this 事前分析表's year (令和5年度): the evaluation is still to come");
}

#[test]
fn hy0410_silent_within_the_fiscal_year() {
    none(EVAL, "HY0410");
    none(PLAN, "HY0410");
    // March of the next calendar year is still the document's fiscal year.
    none(&edit(EVAL, "@政策評価実施時期: 令和5年8月", "@政策評価実施時期: 令和6年3月"), "HY0410");
}

#[test]
fn hy0411_fires_on_another_measure_id_in_the_number_and_the_prose() {
    let t = edit(EVAL, "@年度: 令和5年度\n", "@年度: 令和5年度\n@番号: 外務省４－Ⅰ－３\n");
    let d = one(&t, "HY0411");
    assert_diag(&t, &d, "HY0411", at(&t, "外務省４－Ⅰ－３"), "@番号 「外務省４－Ⅰ－３」 names 施策Ⅰ-3, the heading 施策Ⅰ-2");
    assert_eq!(d.severity, Severity::Warning);
    let t = format!("{EVAL}施策Ⅰ－３の各目標の達成度合いを見ると、\n");
    let d = one(&t, "HY0411");
    assert_diag(&t, &d, "HY0411", at(&t, "Ⅰ－３"), "施策Ⅰ-3 is named here, and this document is 施策Ⅰ-2: is another 施策 meant?");
    assert_eq!(d.severity, Severity::Information);
}

#[test]
fn hy0411_silent_on_the_own_id() {
    none(&edit(EVAL, "@年度: 令和5年度\n", "@年度: 令和5年度\n@番号: 外務省４－Ⅰ－２\n"), "HY0411");
    none(&format!("{EVAL}施策Ⅰ－２の各目標の達成度合いを見ると、\n"), "HY0411");
}

const FIELD_EVAL: &str = "# 政策評価書 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n## 個別分野 1 政治\n### 測定指標 1-1 日米 ＊\n#### 中期目標（令和7年度）\n強化する。\n";

#[test]
fn hy0412_fires_on_a_heading_naming_another_field() {
    let t = format!("{FIELD_EVAL}### 評価結果(個別分野２)\n#### 施策の分析\n分析。\n");
    let d = one(&t, "HY0412");
    assert_diag(&t, &d, "HY0412", at(&t, "評価結果(個別分野２)"), "「評価結果(個別分野２)」 names 個別分野2 but stands in 個別分野1");
}

#[test]
fn hy0412_silent_on_its_own_field() {
    none(&format!("{FIELD_EVAL}### 評価結果(個別分野１)\n#### 施策の分析\n分析。\n"), "HY0412");
}

#[test]
fn hy0413_fires_on_an_indicator_nested_in_an_indicator() {
    let t = format!("{FIELD_EVAL}#### 測定指標 1-2 相互理解\n##### 中期目標（令和7年度）\n深める。\n");
    let d = one(&t, "HY0413");
    assert_diag(&t, &d, "HY0413", at(&t, "#### 測定指標 1-2 相互理解"), "the heading of 測定指標1-2 has 4 #, so it is read inside 測定指標1-1 (3 #): its figures and rating go to the wrong indicator");
    let fixed = apply_fix(&t, &d);
    assert!(fixed.contains("\n### 測定指標 1-2 相互理解\n"), "{fixed}");
    none(&fixed, "HY0413");
}

#[test]
fn hy0413_silent_on_sibling_indicators() {
    none(&format!("{FIELD_EVAL}### 測定指標 1-2 相互理解\n#### 中期目標（令和7年度）\n深める。\n"), "HY0413");
}

const PLAN_COUNT: &str = "# 事前分析表 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n## 測定指標 1-4 日加会談数\n@単位: 回\n@中期目標値（--年度）: －\n| 年度 | 目標値 |\n| 令和5年度 | 8 |\n";
const EVAL_COUNT: &str = "# 政策評価書 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n## 測定指標 1-4 日加会談数\n@単位: 回\n@中期目標値（--年度）: －\n| 年度 | 目標値 | 実績値 |\n| 令和4年度 | 7 | 8 |\n@令和4年度目標の達成状況: a\n";

#[test]
fn hy0124_fires_on_a_plan_target_below_the_last_result_and_target() {
    let p = edit(PLAN_COUNT, "| 令和5年度 | 8 |", "| 令和5年度 | 5 |");
    let found = set_of(&[("evaluation.hyoka", EVAL_COUNT), ("plan.hyoka", &p)], "HY0124");
    assert_eq!(found.len(), 1);
    let (key, d) = &found[0];
    assert_eq!(key, "plan.hyoka");
    let s = p.find("| 5 |").unwrap() + 2;
    assert_diag(&p, d, "HY0124", s..s + 1, "測定指標1-4: the 目標値 for 令和5年度 (5) is below the 実績 of 令和4年度 (8) and its 目標値 (7); say why in 評価結果を踏まえた変更点及びその理由");
}

#[test]
fn hy0123_fires_on_figures_in_another_unit_than_declared() {
    let t = eval_q("| 令和4年度 | 20% | 19% |\n", "b");
    let d = one(&t, "HY0123");
    assert_diag(&t, &d, "HY0123", at(&t, "20%"), "測定指標1-1: figures are written in 「%」, but `@単位` says 「回」");
}

#[test]
fn hy0124_silent_when_the_target_keeps_up() {
    assert!(set_of(&[("evaluation.hyoka", EVAL_COUNT), ("plan.hyoka", PLAN_COUNT)], "HY0124").is_empty());
    // Below the last target only: not lowered below what was achieved.
    let e = edit(EVAL_COUNT, "| 令和4年度 | 7 | 8 |", "| 令和4年度 | 9 | 4 |");
    assert!(set_of(&[("evaluation.hyoka", &e), ("plan.hyoka", PLAN_COUNT)], "HY0124").is_empty());
}

#[test]
fn hy0414_fires_on_an_address_that_lost_its_colon() {
    let t = format!("{EVAL}（https//www.mofa.go.jp/mofaj/area/usa/index.html）\n");
    let d = one(&t, "HY0414");
    assert_diag(&t, &d, "HY0414", at(&t, "https//www.mofa.go.jp/mofaj/area/usa/index.html"), "this address has lost a character of `https://`: the link does not open");
}

#[test]
fn hy0414_silent_on_working_addresses() {
    none(&format!("{EVAL}（https://www.mofa.go.jp/mofaj/area/usa/index.html）\n"), "HY0414");
}

#[test]
fn hy0108_fires_on_a_name_quoted_after_a_citation_and_a_missing_star() {
    let t = format!("{EVAL}・測定指標１－１「日米の協調関係の進展」は重要である。\n");
    let d = one(&t, "HY0108");
    assert_diag(&t, &d, "HY0108", at(&t, "日米の協調関係の進展"), "測定指標1-1 is titled 「日米の協力関係の進展」, cited here as 「日米の協調関係の進展」");
    let t = format!("{EVAL}【測定指標１－１ 日米の協力関係の進展】\n");
    let d = one(&t, "HY0108");
    assert_eq!(d.message.en(), "測定指標1-1 is 主要 but is cited here without ＊");
    none(&format!("{EVAL}・測定指標１－１「日米の協力関係の進展」は重要である。\n【測定指標１－１ 日米の協力関係の進展 ＊】\n"), "HY0108");
}

#[test]
fn hy0204_fires_on_a_capital_indicator_letter() {
    let t = edit(EVAL, "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | B |");
    let d = one(&t, "HY0204");
    assert_diag(&t, &d, "HY0204", at_in(&t, "進展 | B |", "B"), "測定指標1-1 (summary): the rating 「B」 is a capital letter: capitals are the 施策's scale, indicators are rated in small letters");
    assert_eq!(d.fix.as_ref().unwrap().new_text, "b");
}

#[test]
fn hy0206_fires_when_rated_near_but_far_below_in_most_years() {
    let t = eval_q("| 令和2年度 | 30 | 9 |\n| 令和3年度 | 20 | 19 |\n| 令和4年度 | 20 | 9 |\n", "b");
    let d = one(&t, "HY0206");
    assert_eq!(d.message.en(), "測定指標1-1 is rated b (相当程度進展あり: close to the targets), but its 実績 is under half the 目標値 in 令和2年度、令和4年度");
    none(&eval_q("| 令和2年度 | 30 | 9 |\n| 令和3年度 | 20 | 19 |\n| 令和4年度 | 20 | 19 |\n", "b"), "HY0206");
}

#[test]
fn hy0120_fires_on_a_yearly_target_past_the_midterm_value() {
    let t = edit(SERIES_PLAN, "| 令和5年度 | ①85% ②90% |", "| 令和5年度 | ①88% ②90% |");
    let d = one(&t, "HY0120");
    assert_diag(&t, &d, "HY0120", at(&t, "①88% ②90%"), "測定指標1-5 series ①: the 目標値 of 令和5年度 (88) is already past the 中期目標値 for 令和7年度 (85): a figure mistyped, or the 中期目標値 not updated?");
}

#[test]
fn hy0401_fires_on_missing_field_parts_reasons_and_execution_row() {
    let t = edit(EVAL, "@担当部局名: 北米局\n", "@担当部局名: 北米局\n(判断根拠)\n");
    none(&t, "HY0401");
    let t = edit(EVAL, "(判断根拠)\n", "");
    assert!(one(&t, "HY0401").message.en().contains("「判断根拠」"));
    let t = edit(EVAL, "| 区分 | 令和5年度 |\n| 当初予算(a) | 590 |\n", "| 区分 | 令和4年度 | 令和5年度 |\n| 当初予算(a) | 600 | 590 |\n");
    assert!(one(&t, "HY0401").message.en().contains("「施策の予算額・執行額等の「執行額」の行」"));
    let t = format!("{FIELD_EVAL}### 評価結果(個別分野１)\n#### 施策の分析\n分析。\n#### 次期目標等への反映の方向性\n反映。\n");
    let d = of(&t, "HY0401").into_iter().find(|d| d.message.en().starts_with("個別分野1")).unwrap();
    assert_eq!(d.message.en(), "個別分野1 lacks 「施策の概要」、「作成にあたって使用した資料その他の情報」");
}

const KEI: &str = "# 政策評価書 Ⅰ-9 テスト\n@年度: 令和5年度\n## 施策の予算額・執行額等\n@単位: 千円\n| 区分 | 令和3年度 | 令和4年度 | 令和5年度 |\n| 当初予算 | 100 | 200 | 300 |\n| 補正予算 | 10 | 20 | |\n| 計(千円) | 110 | 220 | |\n| 執行額 | 100 | 210 | |\n| 執行率(%) | 90.9 | 95.5 | |\n";

#[test]
fn hy0301_fires_on_an_execution_rate_that_is_not_the_quotient() {
    let t = edit(KEI, "| 90.9 | 95.5 |", "| 90.9 | 80.0 |");
    let d = one(&t, "HY0301");
    assert_diag(&t, &d, "HY0301", at(&t, "80.0"), "執行率 令和4年度: 80.0 ≠ 執行額 210 ÷ 計(千円) 220 (= 95.5%)");
    none(KEI, "HY0301");
}

#[test]
fn hy0302_compares_execution_with_a_total_row_without_formula_letters() {
    // 210 is within 計 220 (not above 当初予算 200 alone).
    none(KEI, "HY0302");
    let t = edit(KEI, "| 執行額 | 100 | 210 | |", "| 執行額 | 100 | 230 | |");
    assert_eq!(one(&t, "HY0302").message.en(), "令和4年度: 執行額 230 exceeds 計(千円) 220");
}

#[test]
fn hy0207_fires_on_a_measure_rated_below_indicators_that_all_met() {
    let t = edit(&edit(EVAL, "達成状況: b", "達成状況: a"), "| ＊1-1 | 日米の協力関係の進展 | b |", "| ＊1-1 | 日米の協力関係の進展 | a |");
    let d = one(&t, "HY0207");
    assert_diag(&t, &d, "HY0207", at(&t, "相当程度進展あり（Ｂ）"), "the 施策 is rated 「相当程度進展あり」, but every 主要な測定指標 met its target (1-1 a): the government-wide rule gives 「目標達成」");
}

#[test]
fn hy0415_fires_on_each_guess_of_the_import() {
    let t = format!("{EVAL}// hyoka-import: 推測 表の行を現れた順に対応付けた\n| 区分 | 令和5年度 |\n");
    let d = one(&t, "HY0415");
    assert_diag(&t, &d, "HY0415", at(&t, "// hyoka-import: 推測 表の行を現れた順に対応付けた"), "a reconstruction of the import is a guess: 「表の行を現れた順に対応付けた」; compare it with the print, then delete this comment");
    assert_eq!(d.severity, Severity::Hint);
}

#[test]
fn hy0415_silent_on_other_comments() {
    none(&format!("{EVAL}// 確認済み\n"), "HY0415");
}

// ============================================================ sets by folder

#[test]
fn two_folders_with_a_set_each_are_compared_folder_by_folder() {
    let p = edit(PLAN, "## 測定指標 1-1 日米の協力関係の進展 ＊", "## 測定指標 1-1 日米の協調関係の進展 ＊");
    // A corrected copy beside the original: each folder is its own set.
    let files = [("a/evaluation.hyoka", EVAL), ("a/plan.hyoka", p.as_str()), ("b/evaluation.hyoka", EVAL), ("b/plan.hyoka", PLAN)];
    let found = set(&files);
    assert!(found.iter().all(|(_, d)| d.code() != "HY0407"), "{found:?}");
    let renamed: Vec<&String> = found.iter().filter(|(_, d)| d.code() == "HY0108").map(|(k, _)| k).collect();
    assert_eq!(renamed, vec!["a/plan.hyoka"]);
    // A copy alone in its folder is still the second of its kind.
    let files = [("a/evaluation.hyoka", EVAL), ("a/plan.hyoka", PLAN), ("b/evaluation.hyoka", EVAL)];
    assert_eq!(set(&files).iter().filter(|(_, d)| d.code() == "HY0407").count(), 1);
}

// ================================================================ profiles

const MHLW_EVAL: &str = "\
# 政策評価書 政策2 地域医療の確保
@年度: 令和5年度

## 評価結果
@目標達成度合いの測定結果: ③相当程度進展あり
@総合判定: B（達成に向けて進展あり）
(判断根拠)
主要な測定指標がおおむね目標に近い実績を示したことから、左記のとおり判定した。

## 施策の予算額・執行額等
| 区分 | 令和4年度 | 令和5年度 |
| 当初予算(a) | 120,000 | 130,000 |
| 執行額 | 110,000 | |

## 測定指標 8 へき地医療拠点病院の数 ＊
@中期目標値（令和7年度）: 350
| 年度 | 目標値 | 実績値 |
| 令和4年度 | 330 | 340 |
@令和4年度目標の達成状況: b
";

fn mhlw() -> Config {
    Config::from_toml("profile = \"mhlw\"\n").unwrap()
}

#[test]
fn profiles_are_named_and_an_unknown_one_is_refused() {
    assert_eq!(mhlw().profile.name(), "mhlw");
    assert_eq!(mhlw().budget_unit, "千円");
    assert_eq!(Config::from_toml("profile = \"mofa\"\n").unwrap().profile.name(), "mofa");
    assert_eq!(Config::default().profile.name(), "standard");
    let e = Config::from_toml("profile = \"meti\"\n").unwrap_err();
    assert_eq!(e.message.en(), "profile: `meti` is not a profile: use \"standard\", \"mofa\", \"mhlw\" or \"soumu\"");
    // The file's keys adjust the profile.
    let c = Config::from_toml("profile = \"mhlw\"\n[ratings]\nindicator = [\"a\", \"b\", \"c\"]\n").unwrap();
    assert_eq!((c.indicator_scale.len(), c.overall.len()), (3, 3));
}

#[test]
fn editor_settings_that_name_no_profile_keep_the_one_of_hyoka_toml() {
    let toml = mhlw();
    let settings = serde_json::json!({"checks": {}, "ratings": {}, "language": "ja"});
    let c = Config::from_json_with_profile_of(&settings, Some(&toml)).unwrap();
    assert_eq!((c.profile.name(), c.overall.len()), ("mhlw", 3));
    let settings = serde_json::json!({"hyoka": {"profile": "mofa"}});
    assert_eq!(Config::from_json_with_profile_of(&settings, Some(&toml)).unwrap().profile.name(), "mofa");
    // An empty profile in the settings means "not chosen here".
    let settings = serde_json::json!({"profile": ""});
    assert_eq!(Config::from_json_with_profile_of(&settings, Some(&toml)).unwrap().profile.name(), "mhlw");
    assert_eq!(Config::from_json_with_profile_of(&settings, None).unwrap().profile.name(), "standard");
}

#[test]
fn a_ministry_with_policy_numbers_and_one_number_indicators_reads_fully() {
    let a = analyze(MHLW_EVAL, &mhlw());
    assert_eq!(a.report.measure_id(), Some("2"));
    let ind = &a.report.indicators[0];
    assert_eq!((ind.id.to_string(), ind.main, ind.years.len()), ("8".to_string(), true, 1));
    // Its citations resolve, and a wrong one is named.
    let t = format!("{MHLW_EVAL}測定指標８の実績は目標を上回った。測定指標９も同様である。\n");
    let d: Vec<_> = analyze(&t, &mhlw()).diagnostics.into_iter().filter(|d| d.code() == "HY0107").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.en(), "測定指標9 does not exist in this document");
}

#[test]
fn hy0202_fires_on_a_wrong_number_before_the_label_and_a_mismatched_overall() {
    let t = edit(MHLW_EVAL, "③相当程度進展あり", "④相当程度進展あり");
    let d: Vec<_> = analyze(&t, &mhlw()).diagnostics.into_iter().filter(|d| d.code() == "HY0202").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.en(), "「④相当程度進展あり」: the number ④ is 「進展が大きくない」 in the common classification, the label 「相当程度進展あり」");
    let t = edit(MHLW_EVAL, "B（達成に向けて進展あり）", "A（達成に向けて進展あり）");
    let d: Vec<_> = analyze(&t, &mhlw()).diagnostics.into_iter().filter(|d| d.code() == "HY0202").collect();
    assert_eq!(d[0].message.en(), "総合判定 「A（達成に向けて進展あり）」: A is 「目標達成」");
}

#[test]
fn hy0207_fires_on_an_overall_judgement_the_measure_rating_does_not_allow() {
    let t = edit(MHLW_EVAL, "B（達成に向けて進展あり）", "A（目標達成）");
    let d: Vec<_> = analyze(&t, &mhlw()).diagnostics.into_iter().filter(|d| d.code() == "HY0207").collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message.en(), "総合判定 A（目標達成） does not go with the 目標達成度合いの測定結果 「相当程度進展あり」");
    assert_eq!(d[0].span, at(&t, "A（目標達成）"));
    // Off the scale, and silent where the profile has no 総合判定.
    let t = edit(MHLW_EVAL, "B（達成に向けて進展あり）", "D");
    assert!(analyze(&t, &mhlw()).diagnostics.iter().any(|d| d.code() == "HY0201" && d.message.en().starts_with("総合判定 「D」 is not on the scale")));
    assert!(!analyze(&t, &Config::default()).diagnostics.iter().any(|d| d.message.en().contains("総合判定")));
    // Clean under its profile.
    let found: Vec<_> = analyze(MHLW_EVAL, &mhlw()).diagnostics.into_iter().filter(|d| d.code().starts_with("HY02")).collect();
    assert!(found.is_empty(), "{}", show(MHLW_EVAL, &found));
}

#[test]
fn the_profile_gives_budget_tables_their_unit() {
    let a = analyze(MHLW_EVAL, &mhlw());
    assert_eq!(a.report.tables[a.report.budgets[0].table].unit.as_deref(), Some("千円"));
    let a = analyze(MHLW_EVAL, &Config::default());
    assert_eq!(a.report.tables[a.report.budgets[0].table].unit, None);
}

#[test]
fn every_check_is_covered_here() {
    // Each registry code appears in a test name of this file (hy0101_…).
    let src = include_str!("checks.rs");
    for c in registry::ALL {
        let prefix = format!("fn {}_", c.code.to_lowercase());
        assert!(src.matches(&prefix).count() >= 2, "{} needs a firing and a silent test", c.code);
    }
}

// ============================================================ skeleton fixes

fn apply_fix(text: &str, d: &Diagnostic) -> String {
    let f = d.fix.as_ref().expect("a fix");
    let mut out = text.to_string();
    out.replace_range(f.span.clone(), &f.new_text);
    out
}

const SKELETON: &str = "# 政策評価書 Ⅰ-9 t\n@年度: 令和5年度\n## 個別分野 1 分野\n### 測定指標 1-1 指標 ＊\n#### 中期目標（--年度）\n目標。\n#### 令和2年度目標\n目標。\n#### 施策の進捗状況・実績\n実績。\n### 測定指標 1-2 指標二\n#### 令和2年度目標\n目標。\n";

#[test]
fn fixes_add_the_target_year_the_midterm_target_and_the_rating_line() {
    let year = one(SKELETON, "HY0102");
    assert_eq!(year.fix.as_ref().unwrap().title.en(), "Set the target year to 令和5年度 (the year of this document: a guess, check it)");
    let t = apply_fix(SKELETON, &year);
    assert!(t.contains("#### 中期目標（令和5年度）\n"), "{t}");
    none(&t, "HY0102");
    let midterm = one(&t, "HY0101");
    let t = apply_fix(&t, &midterm);
    assert!(t.contains("### 測定指標 1-2 指標二\n#### 中期目標（令和5年度）\n"), "{t}");
    none(&t, "HY0101");
    let unrated = one(&t, "HY0205");
    assert_eq!(unrated.fix.as_ref().unwrap().title.en(), "Add the rating line for 令和2年度");
    let t = apply_fix(&t, &unrated);
    assert!(t.contains("実績。\n@令和2年度目標の達成状況: \n### 測定指標 1-2"), "{t}");
}
