//! Every diagnostic Hyoka reports: its stable code, name, default severity
//! and one-line summary. docs/diagnostics.md has an entry for each.

use super::Severity::{self, *};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    References,
    Ratings,
    Budgets,
    Structure,
}

#[derive(Debug, PartialEq, Eq)]
pub struct CheckInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub summary: &'static str,
}

macro_rules! checks {
    ($($id:ident = $code:literal, $name:literal, $family:ident, $sev:ident, $summary:literal;)*) => {
        $(pub const $id: &CheckInfo = &CheckInfo {
            code: $code, name: $name, family: Family::$family, severity: $sev, summary: $summary,
        };)*
        pub const ALL: &[&CheckInfo] = &[$($id),*];
    };
}

checks! {
    MISSING_MIDTERM_TARGET = "HY0101", "missing-midterm-target", References, Warning, "An indicator has no 中期目標 / 中期目標値.";
    MISSING_TARGET_YEAR = "HY0102", "missing-target-year", References, Warning, "A 中期目標 has no target year (`--年度`).";
    RESULT_WITHOUT_TARGET = "HY0103", "result-without-target", References, Warning, "A year has a 実績 but no 目標 / 目標値.";
    UNDEFINED_SERIES = "HY0104", "undefined-series", References, Error, "A value uses a series label (③) that `@系列` does not define.";
    UNKNOWN_MEANS = "HY0105", "unknown-means", References, Error, "A citation names a 達成手段 that does not exist.";
    MEANS_NAME_MISMATCH = "HY0106", "means-name-mismatch", References, Warning, "A citation names a 達成手段 differently from its definition.";
    UNKNOWN_INDICATOR = "HY0107", "unknown-indicator", References, Error, "A citation or 関連する測定指標 names an indicator that does not exist.";
    INDICATOR_TITLE_MISMATCH = "HY0108", "indicator-title-mismatch", References, Warning, "An indicator or field is cited, or planned, under a different title (or 主要 mark).";
    UNKNOWN_FIELD = "HY0109", "unknown-field", References, Error, "A citation names a 個別分野 that does not exist.";
    RELATED_INDICATOR_OTHER_FIELD = "HY0110", "related-indicator-other-field", References, Warning, "A 達成手段 relates to an indicator of another field.";
    SUMMARY_MISMATCH = "HY0111", "summary-mismatch", References, Error, "The summary list of indicators and the indicator blocks disagree.";
    INDICATOR_WITHOUT_MEANS = "HY0112", "indicator-without-means", References, Information, "No 達成手段 relates to this indicator.";
    NO_MAIN_INDICATOR = "HY0113", "no-main-indicator", References, Warning, "The document marks no indicator as 主要 (`＊`).";
    DUPLICATE_ID = "HY0114", "duplicate-id", References, Error, "Two objects have the same ID.";
    MIDTERM_VALUE_MISSING = "HY0115", "midterm-value-missing", References, Warning, "A 中期目標値 has its target year but no value, or no value for one of the series.";
    TARGET_YEAR_BEFORE_PLAN = "HY0116", "target-year-before-plan", References, Warning, "A 中期目標 lies before the 事前分析表's own year, or before the end of the period an evaluation rates.";
    VALUES_TABLE_MISSING = "HY0117", "values-table-missing", References, Warning, "A quantitative indicator has no table of 目標値 and 実績値.";
    PLAN_YEAR_TARGET_MISSING = "HY0118", "plan-year-target-missing", References, Warning, "A 事前分析表's indicator has no target for the plan's own year.";
    MAIN_MARK_DIFFERS = "HY0119", "main-mark-differs", References, Warning, "The plan and the evaluation mark different indicators as 主要, and the plan's 変更点 does not say why.";
    MIDTERM_TARGET_DISAGREES = "HY0120", "midterm-target-disagrees", References, Warning, "A 中期目標値 differs from the 目標値 of its own target year.";
    RESULT_MISSING = "HY0121", "result-missing", References, Warning, "A year that is rated has a 目標値 but no 実績値 (for every series).";
    MEANS_WITHOUT_INDICATOR = "HY0122", "means-without-indicator", References, Warning, "A 達成手段 names no 関連する測定指標.";
    MIXED_UNITS = "HY0123", "mixed-units", References, Warning, "The figures of one indicator or row are written in different units.";
    TARGET_LOWERED = "HY0124", "target-lowered", References, Information, "A plan's 目標値 is below both the last 実績 and the last 目標値 of the evaluation.";
    RATING_OFF_SCALE = "HY0201", "rating-off-scale", Ratings, Error, "A rating is not on the configured scale.";
    RATING_LETTER_LABEL_MISMATCH = "HY0202", "rating-letter-label-mismatch", Ratings, Error, "A rating's letter and label disagree.";
    SUMMARY_RATING_MISMATCH = "HY0203", "summary-rating-mismatch", Ratings, Error, "The summary list rates an indicator differently from its block.";
    FULL_WIDTH_RATING = "HY0204", "full-width-rating", Ratings, Information, "A rating letter is written full-width or in capitals.";
    MAIN_INDICATOR_UNRATED = "HY0205", "main-indicator-unrated", Ratings, Error, "A 主要 indicator has no rating.";
    RATING_CONTRADICTS_FIGURES = "HY0206", "rating-contradicts-figures", Ratings, Warning, "A quantitative indicator's rating is not supported by its figures.";
    MEASURE_RATING_UNSUPPORTED = "HY0207", "measure-rating-unsupported", Ratings, Warning, "The 施策's rating is better than its 主要 indicators allow, or its 総合判定 does not go with it.";
    SHEET_RATING_MISMATCH = "HY0208", "sheet-rating-mismatch", Ratings, Warning, "The 調書's 達成度合い differs from the 評価書's rating.";
    RATING_STATED_DIFFERENTLY = "HY0209", "rating-stated-differently", Ratings, Warning, "The prose states a rating, or reasons for one, that the rating given does not match.";
    REFERENCE_RATED = "HY0210", "reference-rated", Ratings, Warning, "A 参考指標 is given a rating; only 測定指標 are rated.";
    TOTAL_MISMATCH = "HY0301", "total-mismatch", Budgets, Error, "A total row does not add up.";
    EXECUTION_OVER_BUDGET = "HY0302", "execution-over-budget", Budgets, Warning, "執行額 exceeds the budget.";
    NON_NUMERIC_AMOUNT = "HY0303", "non-numeric-amount", Budgets, Error, "An amount cell is not a number.";
    MEANS_SUM_VS_BUDGET = "HY0304", "means-sum-vs-budget", Budgets, Information, "The 達成手段 of a year do not add up to the 施策's budget.";
    SHEET_BUDGET_MISMATCH = "HY0305", "sheet-budget-mismatch", Budgets, Warning, "The 調書's 当初予算 differs from the 施策's.";
    NEW_MEANS_WITH_PRIOR_AMOUNTS = "HY0306", "new-means-with-prior-amounts", Budgets, Warning, "A 新規 達成手段 has amounts in prior years.";
    MISSING_PROJECT_NUMBER = "HY0307", "missing-project-number", Budgets, Warning, "A 達成手段 with a budget has no 行政事業レビュー事業番号.";
    CONTRIBUTION_WITHOUT_BUDGET = "HY0308", "contribution-without-budget", Budgets, Warning, "A 拠出金 達成手段 has money while the 分担金・拠出金 table shows none.";
    BUDGET_TABLES_DISAGREE = "HY0309", "budget-tables-disagree", Budgets, Warning, "The plan's and the evaluation's budget tables give different figures.";
    UNKNOWN_UNIT = "HY0310", "unknown-unit", Budgets, Warning, "A budget table's `@単位` is not a unit of money the checker can convert; its amounts are not compared.";
    UNIT_SLIP = "HY0311", "unit-slip", Budgets, Warning, "An amount is 1,000 times its partner's: a unit written or read wrongly (千円 for 百万円).";
    DUPLICATE_PROJECT_NUMBER = "HY0312", "duplicate-project-number", Budgets, Warning, "Two 達成手段 give the same 行政事業レビュー事業番号.";
    EXECUTION_PERIOD = "HY0313", "execution-period", Budgets, Warning, "執行額 is given for a year not yet closed, or missing for a closed one.";
    MISSING_PART = "HY0401", "missing-part", Structure, Warning, "A part the document type requires is missing.";
    PERIOD_MISMATCH = "HY0402", "period-mismatch", Structure, Warning, "An indicator's years do not match the period being rated.";
    UNBALANCED_CITATION = "HY0403", "unbalanced-citation", Structure, Information, "A citation's brackets do not balance.";
    SYNTAX_ERROR = "HY0404", "syntax-error", Structure, Error, "A line does not follow the Hyoka format.";
    PARTNER_NEAR_MATCH = "HY0405", "partner-near-match", Structure, Warning, "A document has no partner of its 施策 and year, but one nearly matches: the cross-document checks do not run.";
    PARTNER_NAME_MISMATCH = "HY0406", "partner-name-mismatch", Structure, Warning, "The documents of one 施策 and year name it, its fields, series or 担当部局 differently.";
    DUPLICATE_IN_SET = "HY0407", "duplicate-in-set", Structure, Warning, "Two documents of one kind belong to the same 施策 and year; only the first is compared.";
    YEAR_LABEL = "HY0408", "year-label", Structure, Warning, "A year label is mistyped (年 for 年度, unreadable), or a table's years repeat, skip, or do not end at the document's year.";
    PERIOD_LABEL_MISMATCH = "HY0409", "period-label-mismatch", Structure, Warning, "A period written in the evaluation is not the period being rated.";
    SCHEDULE_DATE = "HY0410", "schedule-date", Structure, Warning, "政策評価実施時期 or 実施予定時期 does not fit the document's year.";
    MEASURE_ID_MISMATCH = "HY0411", "measure-id-mismatch", Structure, Warning, "The document gives its 施策 another ID than its heading's (in @番号 or in the text).";
    HEADING_FIELD_MISMATCH = "HY0412", "heading-field-mismatch", Structure, Warning, "A heading names a 個別分野 other than the one it stands in.";
    HEADING_LEVEL = "HY0413", "heading-level", Structure, Warning, "A 測定指標 heading is nested inside another 測定指標 (its level slipped).";
    BROKEN_URL = "HY0414", "broken-url", Structure, Warning, "An address lost a character of its scheme (`https//`): the link does not open.";
    IMPORT_GUESS = "HY0415", "import-guess", Structure, Hint, "`hyoka import` marked a reconstruction as a guess (`// hyoka-import: 推測 …`): compare it with the print.";
}

pub fn by_code_or_name(s: &str) -> Option<&'static CheckInfo> {
    ALL.iter().copied().find(|c| c.code.eq_ignore_ascii_case(s) || c.name == s)
}
