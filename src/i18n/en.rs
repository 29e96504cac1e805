//! The English catalogue.

use super::Msg::{self, *};
use super::{opt_y, y, Detail, NearWhy, PeriodPlace};
use crate::model::Claim;
use crate::checks::Severity;
use crate::config::MEASURE_LABELS;

fn list(items: &[String]) -> String {
    items.iter().map(|m| format!("「{m}」")).collect::<Vec<_>>().join("、")
}

pub(super) fn text(m: &Msg) -> String {
    match m {
        Verbatim(s) => s.clone(),

        FormulaUndefined { label, letter } => format!("the formula of 「{label}」 uses ({letter}), which no row defines"),
        TotalMismatch { label, column, written, expr, computed } => format!("{label} {column}: {written} ≠ {expr} (= {computed})"),
        FixTotal { value } => format!("Correct the total to {value}"),
        NotAnAmount { text, row, column, index } => {
            let column = column.clone().unwrap_or_else(|| format!("column {}", index + 1));
            format!("「{text}」 in {row} {column} is not an amount")
        }
        ExecutionOverBudget { year, exec, row, budget } => format!("{}: 執行額 {exec} exceeds {row} {budget}", y(*year)),
        RelBudget => "the budget".into(),
        UnknownUnit { unit } => format!(
            "「{unit}」 is not a unit of money (円, 千円, 万円, 百万円, 億円): the amounts of this table are not compared with any other"
        ),
        MeansNotAnAmount { label, text, year } => {
            format!("達成手段{label}: 「{text}」 for {} is not an amount (write `72 (63)`, `108` or `－`)", y(*year))
        }
        MeansExecutionOverBudget { label, name, year, exec, budget } => {
            format!("達成手段{label}「{name}」, {}: 執行額 {exec} exceeds 予算額計 {budget}", y(*year))
        }
        NewMeansWithAmount { label, name, year } => format!("達成手段{label}「{name}」 is marked 新規 but has an amount for {}", y(*year)),
        MissingProjectNumber { label, name } => format!("達成手段{label}「{name}」 has a budget but no 行政事業レビュー事業番号"),
        ContributionWithoutBudget { label, name, amount, year } => {
            format!("達成手段{label}「{name}」 is a 拠出金 with {amount} for {}, but the 分担金・拠出金 table shows 0", y(*year))
        }
        RelContributionBudget => "the 分担金・拠出金 budget".into(),
        MeansSumVsBudget { year, sum, items, initial, budget, difference } => format!(
            "{}: the 達成手段 add up to {sum} ({items} item{}), the 施策's {} is {budget} (difference {difference}); means may sit in other budget items",
            y(*year),
            if *items == 1 { "" } else { "s" },
            if *initial { "当初予算" } else { "合計" }
        ),

        MainIndicatorUnrated { id } => format!("主要な測定指標{id} has no rating (`@令和N年度目標の達成状況: b`)"),
        FixAddRatingLine { period } => format!("Add the rating line for {period}"),
        SummaryLeavesUnrated { id, block } => format!("the summary leaves 測定指標{id} unrated, its block rates it 「{block}」"),
        RelBlockRating => "the block's rating".into(),
        SummaryRatesUnratedBlock { id, rating } => {
            format!("the summary rates 測定指標{id} 「{rating}」, but its block gives no rating (`@令和N年度目標の達成状況: …`)")
        }
        SummaryRatingMismatch { id, summary, block } => format!("the summary rates 測定指標{id} 「{summary}」, its block 「{block}」"),
        FixUseBlockRating { rating } => format!("Use the block's rating 「{rating}」"),
        RatingOffScale { id, in_summary, rating, scale } => {
            format!("測定指標{id}{}: 「{rating}」 is not on the rating scale ({scale})", if *in_summary { " (summary)" } else { "" })
        }
        FullWidthRating { id, in_summary, rating } => {
            format!("測定指標{id}{}: the rating 「{rating}」 is written full-width", if *in_summary { " (summary)" } else { "" })
        }
        FixWrite { text } => format!("Write 「{text}」"),
        RatedWellButMissed { id, rating, met, years } => {
            format!("測定指標{id} is rated 「{rating}」 although its 実績値 missed the 目標値 in every year ({met} of {years})")
        }
        RatedPoorlyButMet { id, rating, met, years } => {
            format!("測定指標{id} is rated 「{rating}」 although its 実績値 met the 目標値 in every year ({met} of {years})")
        }
        RelResult { year } => format!("{} 実績値", y(*year)),
        MeasureLabelOffScale { text, labels } => format!("「{text}」 is not one of the five labels: {labels}"),
        MeasureLetterMismatch { text, label, letter, letter_label } => format!("「{text}」 is {label} but 「{letter}」 is the letter of {letter_label}"),
        MeasureLetterOffScale { letter, letters } => format!("「{letter}」 is not one of the letters {letters}"),
        MeasureRatingUnsupported { label, ratings, allowed } => {
            format!("the 施策 is rated 「{label}」, but its 主要な測定指標 ({ratings}) support at best 「{allowed}」")
        }

        UnbalancedCitation { unclosed, opening, closing } => format!(
            "this citation {}: {opening} opening vs {closing} closing brackets",
            if *unclosed { "is not closed" } else { "closes a bracket it did not open" }
        ),
        HeadingWithoutId { keyword, field } => {
            let example = if *field { format!("## {keyword} 1 title") } else { format!("### {keyword} 1-1 title") };
            format!("this {keyword} heading has no ID, so it is read as a plain section: write `{example}`")
        }
        ColonForgotten { key, value } => {
            format!("this attribute has no colon, so 「{value}」 is read as part of its key: write `@{key}: {value}`")
        }
        FixInsertColon => "Insert the colon".into(),
        LineIncomplete => "this line is incomplete".into(),
        HeadingMalformed => "this heading does not follow the format (a `＊` may end only an indicator heading)".into(),
        AttributeMalformed => "this attribute does not follow the format: write `@key: value`".into(),
        LineMalformed => "this line does not follow the Hyoka format".into(),
        NotUtf8 => "the file is not valid UTF-8 here; invalid bytes were read as U+FFFD".into(),
        NoDocumentHeading => "no document heading: start the file with `# 政策評価書 <施策ID> <施策名>` (or 事前分析表, 政策評価調書)".into(),
        DocumentLacks { kind, missing } => format!("this {kind} lacks {}", list(missing)),
        FieldLacks { number, missing } => format!("個別分野{number} lacks {}", list(missing)),
        YearOutsidePeriod { id, year, period } => format!("測定指標{id}: {} is outside the rated period {period}", y(*year)),
        RelRatedPeriod => "the rated period".into(),
        PeriodYearsMissing { id, period, missing } => format!(
            "測定指標{id} is rated for {period} but has no entry for {}",
            missing.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),

        NoMainIndicator => "no indicator is marked 主要 (`＊` at the end of its heading)".into(),
        MissingMidterm { id, quantitative } => format!(
            "測定指標{id} has no 中期目標{}",
            if *quantitative { "値 (`@中期目標値（令和N年度）: value`)" } else { " (`#### 中期目標（令和N年度）`)" }
        ),
        FixAddMidterm { year } => format!("Add a 中期目標 for {} (the year of this document: change it if the target lies later)", y(*year)),
        MissingTargetYear { id } => format!("the 中期目標 of 測定指標{id} has no target year (write it as `（令和N年度）`)"),
        FixSetTargetYear { year } => format!("Set the target year to {} (the year of this document: a guess, check it)", y(*year)),
        MidtermValueMissing { id } => format!("the 中期目標値 of 測定指標{id} names its year but gives no value"),
        TargetYearBeforePlan { id, target, own } => format!(
            "the 中期目標 of 測定指標{id} is for {}, before this 事前分析表's own year ({}): a target of the plan lies ahead",
            y(*target),
            y(*own)
        ),
        PlanYearTargetMissing { id, year } => format!("測定指標{id} has no target for {}, the year of this 事前分析表", y(*year)),
        ValuesTableMissing { id } => format!("測定指標{id} has a 中期目標値 but no table of 目標値 and 実績値 (`| 年度 | 目標値 | 実績値 |`)"),
        ResultWithoutTarget { id, year, quantitative } => {
            format!("測定指標{id}: {} has a 実績 but no 目標{}", y(*year), if *quantitative { "値" } else { "" })
        }
        SeriesResultWithoutTarget { id, year, label } => {
            format!("測定指標{id}: {} has a 実績 for series {label} but no 目標値 for it", y(*year))
        }
        UndefinedSeries { name, label, defined } => format!("{name}: series {label} is not defined (`@系列` defines {defined})"),
        RelSeriesDefined => "the series defined".into(),
        UnknownIndicator { id } => format!("測定指標{id} does not exist in this document"),
        IndicatorTitleMismatch { id, defined, cited } => format!("測定指標{id} is titled 「{defined}」, cited here as 「{cited}」"),
        RelIndicatorTitle => "the indicator's title".into(),
        FixUseTitle { title } => format!("Use the defined title 「{title}」"),
        UnknownField { number } => format!("個別分野{number} does not exist in this document"),
        UnknownMeans { field, label } => format!("{}達成手段{label} does not exist", field_prefix(*field)),
        MeansNameMismatch { field, label, defined, cited } => {
            format!("{}達成手段{label} is named 「{defined}」, cited here as 「{cited}」", field_prefix(*field))
        }
        FixUseName { name } => format!("Use the defined name 「{name}」"),
        RelMeansDefined => "the 達成手段 as defined".into(),
        MeansRelatesUnknownIndicator { label, name, id } => format!("達成手段{label}「{name}」 relates to 測定指標{id}, which does not exist"),
        RelatedIndicatorOtherField { label, name, means_field, id, indicator_field } => {
            format!("達成手段{label}「{name}」 of 個別分野{means_field} relates to 測定指標{id} of 個別分野{indicator_field}")
        }
        IndicatorWithoutMeans { id } => format!("no 達成手段 relates to 測定指標{id}"),
        MissingFromSummary { id } => format!("測定指標{id} is missing from the summary list"),
        RelSummaryList => "the summary list".into(),
        MainMarkDiffers { id, block_main } => {
            let (yes, no) = if *block_main { ("block", "summary") } else { ("summary", "block") };
            format!("測定指標{id}: the {yes} marks it 主要 (＊), the {no} does not")
        }
        RelIndicatorBlock => "the indicator's block".into(),
        SummaryTitleMismatch { id, defined, listed } => format!("測定指標{id} is titled 「{defined}」, listed here as 「{listed}」"),
        SummaryListsUnknown { id } => format!("the summary lists 測定指標{id}, which has no block"),
        IndicatorDefinedTwice { id } => format!("測定指標{id} is defined twice"),
        FieldDefinedTwice { number } => format!("個別分野{number} is defined twice"),
        MeansDefinedTwice { label } => format!("達成手段{label} is defined twice in this field"),
        ReferenceDefinedTwice { number } => format!("参考指標{number} is defined twice"),
        RelFirstDefined => "first defined here".into(),

        PlanTitleDiffers { id, here, evaluation } => format!("測定指標{id} is titled 「{here}」 here but 「{evaluation}」 in the 政策評価書"),
        RelEvaluationTitle => "the evaluation's title".into(),
        SheetMonitoredEvaluationRated { label } => {
            format!("the 調書 says the year is only monitored, but the 政策評価書 of the same year rates it 「{label}」")
        }
        RelEvaluationRating => "the evaluation's rating".into(),
        SheetRatingDiffers { sheet, evaluation } => format!("the 調書 gives 「{sheet}」, the 政策評価書 「{evaluation}」"),
        UnitSlipTables { label, year, here, here_unit, there, there_unit } => format!(
            "{label} {}: {here} {here_unit} here is 1,000 times off the 政策評価書's {there} {there_unit}: a figure in the wrong unit?",
            y(*year)
        ),
        RelEvaluationFigure => "the evaluation's figure".into(),
        TablesDisagree { label, year, here, there } => format!("{label} {}: {here} here, {there} in the 政策評価書", y(*year)),
        UnitSlipSheet { year, sheet, unit, kind, measure } => format!(
            "{} 当初予算: the 調書's 合計 {sheet} {unit} is 1,000 times off the {kind}'s {measure} 百万円: a figure in the wrong unit, or the wrong `@単位`?",
            y(*year)
        ),
        SheetBudgetMismatch { year, sheet, kind, measure, measure_thousands, tolerance } => format!(
            "{} 当初予算: the 調書's 合計 {sheet} 千円 does not match the {kind}'s {measure} 百万円 (= {measure_thousands} 千円 ± {tolerance})",
            y(*year)
        ),
        DuplicateInSet { file, kind, id, year, first } => format!(
            "{file} is a second {kind} of 施策{id} {}: only {first} is compared with the other documents",
            opt_y(*year).unwrap_or_default()
        ),
        RelDocumentCompared => "the document compared".into(),
        PartnerNameMismatch { id, here, other, file } => format!("施策{id} is named 「{here}」 here but 「{other}」 in {file}"),
        RelOtherName => "the other name".into(),
        PartnerNearMatch { id, year, kind, file, other_kind, other_id, other_year, why, filed_next_year } => {
            let what = |id: &str, year: &Option<i32>| format!("施策{id} {}", opt_y(*year).unwrap_or_else(|| "(no 年度)".into()));
            let why = match why {
                NearWhy::IdOneApart => "an ID one character away",
                NearWhy::YearOneApart => "a year one step away",
                NearWhy::SameName => "the same 施策名",
            };
            let mut s = format!(
                "no document of {} goes with this {kind}, so it is compared with none; {file} ({other_kind}, {}) has {why}",
                what(id, year),
                what(other_id, other_year)
            );
            if *filed_next_year {
                s.push_str(": a 調書 goes with the 評価書 and 事前分析表 of the year it is filed in (its 当初予算額 column), not the year of the 概算要求");
            }
            s
        }
        RelNearMatch => "the near match".into(),

        YearWithoutDo { written, year } => match year {
            Some(v) => format!("「{written}」: a fiscal year is written with 年度, not 年 (read as {})", y(*v)),
            None => format!("「{written}」: a fiscal year is written with 年度, not 年"),
        },
        FixInsertDo => "Insert 度".into(),
        YearRepeated { year } => format!("{} appears twice among the years of this table", y(*year)),
        RelFirstYear => "the first column of that year".into(),
        YearUnreadable { written } => format!("「{written}」 cannot be read as a year: the figures under it are not compared"),
        YearsSkipped { missing } => format!(
            "the years of this table skip {}: was a column copied without its year changed?",
            missing.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),
        PeriodLabelDiffers { written, rated, what } => match what {
            PeriodPlace::SummaryHeading => format!("the summary list's heading names {written}, but the indicators are rated for {rated}"),
            PeriodPlace::Citation => format!("the citation names {written}, which is not the rated period {rated}"),
        },
        ScheduleDate { key, written, fiscal, year, plan } => {
            if *plan {
                format!("@{key} 「{written}」 falls in {}, before this 事前分析表's year ({}): the evaluation is still to come", y(*fiscal), y(*year))
            } else {
                format!("@{key} 「{written}」 falls in {}, but this 政策評価書 is of {}", y(*fiscal), y(*year))
            }
        }
        NumberNamesOtherMeasure { written, id, own } => format!("@番号 「{written}」 names 施策{id}, the heading 施策{own}"),
        RelDocumentHeading => "the document heading".into(),
        ProseNamesOtherMeasure { id, own } => format!("施策{id} is named here, and this document is 施策{own}: is another 施策 meant?"),
        HeadingNamesOtherField { title, named, own } => format!("「{title}」 names 個別分野{named} but stands in 個別分野{own}"),
        RelEnclosingField => "the field it stands in".into(),
        IndicatorNested { id, outer, level, outer_level } => format!(
            "the heading of 測定指標{id} has {level} #, so it is read inside 測定指標{outer} ({outer_level} #): its figures and rating go to the wrong indicator"
        ),
        RelOuterIndicator => "the indicator it is read inside".into(),
        FixHeadingLevel { level } => format!("Write the heading with {level} # ({})", "#".repeat(*level)),
        TargetYearBeforePeriod { id, target, end } => format!(
            "the 中期目標 of 測定指標{id} is for {}, before the end of the rated period ({})",
            y(*target),
            y(*end)
        ),
        MidtermSeriesMissing { id, missing } => format!(
            "the 中期目標値 of 測定指標{id} gives no value for series {}",
            missing.iter().collect::<String>()
        ),
        MidtermDisagrees { id, year, label, midterm, target } => format!(
            "the 中期目標値 of 測定指標{id}{} is {midterm} for {}, but the table's 目標値 for that year is {target}",
            label.map(|l| format!(" (series {l})")).unwrap_or_default(),
            y(*year)
        ),
        RelYearTarget => "the 目標値 of that year".into(),
        ResultMissing { id, year, label } => format!(
            "測定指標{id}: {} is rated and has a 目標値, but no 実績値{}",
            y(*year),
            label.map(|l| format!(" for series {l}")).unwrap_or_default()
        ),
        MixedUnits { name, label, unit, usual } => {
            let desc = |u: &Option<String>| u.as_ref().map(|u| format!("in 「{u}」")).unwrap_or_else(|| "without a unit".into());
            format!(
                "{name}{}: this figure is written {}, the others {}: a figure in another unit (0.72 for 72%)?",
                label.map(|l| format!(" series {l}")).unwrap_or_default(),
                desc(unit),
                desc(usual)
            )
        }
        MeansWithoutIndicator { label, name } => format!("達成手段{label} 「{name}」 names no 関連する測定指標: which indicator does it serve?"),
        ProseRatingDiffers { id, stated, rating } => format!("the text rates 測定指標{id} 「{stated}」, its rating line 「{rating}」"),
        ReasonsContradictRating { claim, label } => match claim {
            Claim::AllMet => format!("the reasons say every main indicator met its target (目標達成 or better), but the rating is {label}"),
            Claim::NearlyMet => format!("the reasons say the main indicators came close to their targets (相当程度進展あり), but the rating is {label}"),
            Claim::NotNear => format!(
                "the reasons say the main indicators did not come close to their targets (進展が大きくない or 目標に向かっていない), but the rating is {label}"
            ),
        },
        RelMeasureRating => "the 施策's rating".into(),
        ReferenceRated { number } => format!("参考指標{number} is given a rating: 参考指標 are figures for reference and are not rated"),
        FixRemoveLine => "Remove this line".into(),
        RatedMetButYearMissed { id, rating, missed } => format!(
            "測定指標{id} is rated {rating} (目標達成 or better) but missed its target in {}",
            missed.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),
        DuplicateProjectNumber { number, label, name, first_label, first_name } => {
            format!("達成手段{label} 「{name}」 gives 行政事業レビュー事業番号 {number}, as 達成手段{first_label} 「{first_name}」 does")
        }
        ExecutionNotClosed { year, own, exec } => {
            format!("執行額 {exec} is given for {}, a year not yet closed when this {} document is written", y(*year), y(*own))
        }
        ExecutionMissing { year } => format!("{} is closed and had a budget, but its 執行額 is blank", y(*year)),
        PlanMainMarkDiffers { id, plan_main } => {
            if *plan_main {
                format!("測定指標{id} is 主要 in this 事前分析表 but not in the 政策評価書, and 評価結果を踏まえた変更点及びその理由 does not say why")
            } else {
                format!("測定指標{id} is 主要 in the 政策評価書 but not in this 事前分析表, and 評価結果を踏まえた変更点及びその理由 does not say why")
            }
        }
        RelEvaluationIndicator => "the indicator in the 政策評価書".into(),
        PartnerFieldNameMismatch { number, here, other, file } => format!("個別分野{number} is named 「{here}」 here but 「{other}」 in {file}"),
        PartnerDepartmentMismatch { here, other, file } => format!("担当部局名 is 「{here}」 here but 「{other}」 in {file}"),
        SummaryFieldNameMismatch { number, listed, defined } => format!("the summary list names 個別分野{number} 「{listed}」, its heading 「{defined}」"),
        RelFieldHeading => "the field's heading".into(),
        InitialBudgetBlank { year } => format!("the 当初予算 of {}, the year of this document, is blank", y(*year)),
        BrokenUrl => "this address has lost a character of `https://`: the link does not open".into(),
        SheetItemOtherMeasure { item, name } => format!("the 事項 「{item}」 does not name this 施策 (「{name}」): a row copied from another 施策's 調書?"),
        TableYearsEndElsewhere { last, own, means } => {
            if *means {
                format!("the 当初 column is for {}, but this document is of {}: the table was carried over from last year?", y(*last), y(*own))
            } else {
                format!("the years of this table end at {}, but this document is of {}: its columns were carried over from last year?", y(*last), y(*own))
            }
        }
        QualitativeResultMissing { id, year } => format!("測定指標{id}: {} is rated and has a 目標, but no 施策の進捗状況・実績", y(*year)),
        TargetPastMidterm { id, year, label, target, midterm, midterm_year } => format!(
            "測定指標{id}{}: the 目標値 of {} ({target}) is already past the 中期目標値 for {} ({midterm}): a figure mistyped, or the 中期目標値 not updated?",
            label.map(|l| format!(" series {l}")).unwrap_or_default(),
            y(*year),
            y(*midterm_year)
        ),
        RelMidterm => "the 中期目標値".into(),
        UnitAgainstDeclared { name, unit, declared } => format!("{name}: figures are written in 「{unit}」, but `@単位` says 「{declared}」"),
        CapitalRating { id, in_summary, rating } => format!(
            "測定指標{id}{}: the rating 「{rating}」 is a capital letter: capitals are the 施策's scale, indicators are rated in small letters",
            if *in_summary { " (summary)" } else { "" }
        ),
        RatedNearButFar { id, rating, far } => format!(
            "測定指標{id} is rated {rating} (相当程度進展あり: close to the targets), but its 実績 is under half the 目標値 in {}",
            far.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),
        CitedMainMarkDiffers { id, main } => {
            if *main {
                format!("測定指標{id} is 主要 but is cited here without ＊")
            } else {
                format!("測定指標{id} is not 主要 but is cited here with ＊")
            }
        }
        FieldTitleMismatch { number, defined, cited } => format!("個別分野{number} is named 「{defined}」, cited here as 「{cited}」"),
        MeansExecutionSum { year, sum, items, execution, difference } => format!(
            "{}: the 達成手段's 執行額 add up to {sum} ({items} item{}), the 施策's 執行額 is {execution} (difference {difference})",
            y(*year),
            if *items == 1 { "" } else { "s" }
        ),
        PartnerSeriesMismatch { id, label, here, other, file } => {
            format!("測定指標{id}: series {label} is 「{here}」 here but 「{other}」 in {file}: are the series in the same order?")
        }
        TargetLowered { id, year, label, target, last_year, result, last_target } => format!(
            "測定指標{id}{}: the 目標値 for {} ({target}) is below the 実績 of {} ({result}) and its 目標値 ({last_target}); say why in 評価結果を踏まえた変更点及びその理由",
            label.map(|l| format!(" series {l}")).unwrap_or_default(),
            y(*year),
            y(*last_year)
        ),
        MeansCitedBeforeItExisted { label, name, period } => format!(
            "達成手段{label} 「{name}」 is （新規） in the 事前分析表 with no budget in {period}, yet this passage credits it with that period's results"
        ),
        ExecutionRateMismatch { year, written, exec, row, budget, computed } => {
            format!("執行率 {}: {written} ≠ 執行額 {exec} ÷ {row} {budget} (= {computed}%)", y(*year))
        }
        MeasureRatedBelowIndicators { label, ratings, expected } => format!(
            "the 施策 is rated 「{label}」, but every 主要な測定指標 met its target ({ratings}): the government-wide rule gives 「{expected}」"
        ),
        ImportGuess { what } => format!("a reconstruction of the import is a guess: 「{what}」; compare it with the print, then delete this comment"),
        ConfigUnknownProfile { value } => format!("profile: `{value}` is not a profile: use \"standard\", \"mofa\", \"mhlw\" or \"soumu\""),
        MeasureNumberMismatch { text, label, number, number_label } => {
            format!("「{text}」: the number {} is 「{number_label}」 in the common classification, the label 「{label}」", crate::normalize::circled_char(*number).unwrap_or('?'))
        }
        OverallOffScale { text, scale } => format!("総合判定 「{text}」 is not on the scale: {scale}"),
        OverallLetterLabelMismatch { text, letter, label } => format!("総合判定 「{text}」: {letter} is 「{label}」"),
        OverallDisagrees { overall, measure } => format!("総合判定 {overall} does not go with the 目標達成度合いの測定結果 「{measure}」"),
        SeriesWithoutDefinition { name, label } => format!("{name} gives figures for series {label}, but no `@系列` line says what its series are"),

        ConfigSyntax { detail } => detail.clone(),
        ConfigUnknownCheck { key } => format!("unknown check `{key}` (use a code like HY0301 or a name like total-mismatch)"),
        ConfigBadSeverity { key, value } => format!("check `{key}`: `{value}` is not one of off, on, error, warning, information, hint"),
        ConfigIndicatorScale => "ratings.indicator must list 1 to 5 letters, best first".into(),
        ConfigMeasureLetters => "ratings.measure-letters must list 5 letters, one per label, best first".into(),
        ConfigTolerance { name } => format!("tolerance.{name} must be a number ≥ 0"),
        ConfigBadLanguage { value } => format!("language: `{value}` is not a language: use \"ja\" or \"en\""),

        CliUsage => USAGE.into(),
        CliUnknownOption { option } => format!("unknown option `{option}`"),
        CliNeedsValue { option } => format!("{option} needs a value"),
        CliUnknownFormat { format } => format!("unknown format `{format}` (human, json, sarif)"),
        CliUnknownCommand { command } => format!("unknown command `{command}`"),
        CliCannotRead { path, error } => format!("cannot read {path}: {error}"),
        CliBadConfig { path, error } => format!("bad configuration in {path}: {error}"),
        CliSeverity(s) => match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
        .into(),
        CliNote => "note".into(),
        CliHelp => "help".into(),
        CliSummary { files, errors, warnings, infos } => {
            format!("{files} file(s) checked: {errors} error(s), {warnings} warning(s), {infos} info(s)")
        }

        LspInternalError { what, detail } => format!("internal error in {what}: {detail}"),
        LspChangeNotOpen { uri } => format!("didChange for {uri}, which is not open: ignored"),
        LspChangeStale { uri, version, current } => format!("didChange for {uri} with version {version}, not newer than {current}: ignored"),
        LspUnknownDocument { uri } => format!("unknown document {uri}"),
        LspLargeFiles { count, limit, files } => {
            format!("hyoka: {count} file(s) larger than max-file-size ({limit} bytes) are not indexed; open one to check it: {files}")
        }
        LspBadConfig { detail } => format!("bad configuration, the defaults are used: {detail}"),
        LspBadSettings { detail } => format!("hyoka: bad settings, keeping the previous ones: {detail}"),
        FixAllFullWidthDigits { count } => format!("Write full-width digits half-width on these lines ({count} characters)"),
        FixAllOfKind { name, code, count } => format!("Fix all {name} ({code}) in this file: {count} fixes"),
        References { count } => format!("{count} reference{}", if *count == 1 { "" } else { "s" }),
        RenameNothingHere => "nothing to rename here: place the cursor on an indicator ID or a 達成手段 name".into(),
        RenameField => "a 個別分野 number is part of every indicator ID of the field: renumber its indicators instead".into(),
        RenameReference => "参考指標 numbers cannot be renamed".into(),
        RenameNotAnId { name } => format!("「{name}」 is not an indicator ID such as 1-2"),
        RenameBadName => "a 達成手段 name cannot be empty or hold bars, brackets or line breaks".into(),
        RenameNotPossible => "this cannot be renamed".into(),

        Western { body, fiscal } => if *fiscal { format!("FY{body}") } else { format!("{body}年") },
        HoverRatingOf { id, period, in_summary } => {
            let period = period.as_ref().map(|p| format!(" for {p}")).unwrap_or_default();
            format!("測定指標{id}{period}{}", if *in_summary { " (summary)" } else { "" })
        }
        HoverBlockRates { rating, differs } => format!("The indicator's block rates it `{rating}`{}.", if *differs { " (differs)" } else { "" }),
        HoverTotalWritten { written, difference } => format!("Written: {written} (differs by {difference})"),
        HoverExecution { rate, year, execution, budget_label, budget } => {
            let year = year.map(|y| format!(" ({} / FY{y})", super::y(y))).unwrap_or_default();
            format!("**執行率 {rate}**{year}\n\n執行額 {execution} ÷ {budget_label} {budget}")
        }
        HoverPeriod { wareki, western } => format!("{wareki} ({western})"),
        HoverIndicatorRating { letter, rank, scale } => {
            format!("**{letter}**: {} — {}\n\nIndicator scale: {scale}", MEASURE_LABELS[(*rank).min(4)], MEANINGS[(*rank).min(4)])
        }
        HoverWrittenFullWidth { letter } => format!("Written full-width: `{letter}`"),
        HoverNotOnScale { letter, scale } => format!("`{letter}` is not a rating of the indicator scale ({scale})"),
        HoverMeasureNotLabel { text, labels } => format!("`{text}` is none of the five labels: {labels}"),
        HoverMeasureLabel { rank, letter } => format!("**{}** ({letter}) — {}", MEASURE_LABELS[(*rank).min(4)], MEANINGS[(*rank).min(4)]),
        HoverLetterMismatch { letter, expected } => format!("The letter `{letter}` does not match the label (expected `{expected}`)"),
        HoverScale { labels } => format!("Scale: {labels}"),
        HoverFiscalYear { wareki, year, western_first } => {
            let span = format!("({year}年4月〜{}年3月)", year + 1);
            if *western_first { format!("FY{year} = {wareki} {span}") } else { format!("{wareki} = FY{year} {span}") }
        }
        HoverCalendarYear { wareki, year, western_first } => {
            if *western_first { format!("{year}年 = {wareki}") } else { format!("{wareki} = {year}年") }
        }
        HoverText => "(text)".into(),
        HoverQuantitative(q) => if *q { "定量的" } else { "定性的" }.into(),
        HoverMidterm { year, value } => {
            let year = year.map(|y| format!("{} / FY{y}", super::y(y))).unwrap_or_else(|| "no target year".into());
            format!("- 中期目標 ({year}){}", value.as_ref().map(|v| format!(": {v}")).unwrap_or_default())
        }
        HoverRatingLine { period, rating, label } => format!(
            "- 評価{}: `{rating}`{}",
            period.as_ref().map(|p| format!(" {p}")).unwrap_or_default(),
            label.map(|l| format!(" ({l})")).unwrap_or_default()
        ),
        HoverValuesHeader => "| 年度 | 目標 | 実績 |".into(),
        HoverDescribed => "(記述)".into(),
        HoverIndicatorUndefined { id, here } => {
            format!("測定指標{id} is not defined{}", if *here { " in this document" } else { "" })
        }
        HoverMeansUndefined { label } => format!("達成手段{label} is not defined"),
        HoverReferenceUndefined { id } => format!("参考指標{id} is not defined"),
        HoverFieldUndefined { number } => format!("個別分野{number} is not defined"),
        HoverDefinedIn { kind } => format!("Defined in the {}", kind.unwrap_or("other document")),
        HoverCitedAs { name } => format!("Cited as 「{name}」"),
        HoverExecuted { budget, execution, rate } => match rate {
            Some(rate) => format!("{budget} (執行 {execution}, {rate})"),
            None => format!("{budget} (執行 {execution})"),
        },
        Detail(d) => detail(*d).into(),

        RenderFindings { count } => format!("Findings ({count})"),
        RenderNoFindings => "No findings.".into(),
        RenderLine { line } => format!("line {line}"),
        RenderIndexTitle { files } => format!("Hyoka: {files} document(s)"),
        RenderColumnMeasure => "施策".into(),
        RenderColumnYear => "年度".into(),
        RenderColumnDocument => "document".into(),
        RenderColumnFile => "file".into(),
        CliRenderWrote { path } => format!("wrote {path}"),
        CliNoBrowser => "no Chromium, Chrome or Edge found (set HYOKA_BROWSER to one): the HTML is written; open it in a browser and print it to PDF".into(),
        CliPdfFailed { error } => format!("printing to PDF failed: {error}"),
        CliImportWrote { path, kind, guesses } => match guesses {
            0 => format!("wrote {path} ({kind})"),
            1 => format!("wrote {path} ({kind}; 1 reconstruction is a guess, marked `// hyoka-import: 推測`)"),
            n => format!("wrote {path} ({kind}; {n} reconstructions are guesses, marked `// hyoka-import: 推測`)"),
        },
        CliImportExists { paths, count } => format!(
            "{} already exist{}: nothing was written (use --force to overwrite, or -o for another folder): {paths}",
            if *count == 1 { "a file" } else { "files" },
            if *count == 1 { "s" } else { "" }
        ),
        CliImportNoInput => "no input: give the PDF (or its extracted text) of a report".into(),
        CliImportNothing { path } => format!("{path} holds no text to import (a scanned PDF has none: it needs OCR first)"),
        CliImportNotUtf8 { path } => format!("{path} is not UTF-8 text: convert it first (e.g. iconv -f SHIFT_JIS -t UTF-8) or give the PDF"),
        CliImportNoPdftotext { error } => format!("cannot run pdftotext to read the PDF (install poppler-utils, or set HYOKA_PDFTOTEXT): {error}"),
        CliImportPdftotextFailed { path, error } => format!("pdftotext could not read {path}: {error}"),
        CliImportPdfMode { path, mode } => format!("read {path} with pdftotext ({mode})"),
        CliImportBadMode { mode } => format!("`{mode}` is not a PDF mode (auto, raw, reading, layout)"),
        CliCannotWrite { path, error } => format!("cannot write {path}: {error}"),
        CliImportBadFormat { format } => format!("unknown format `{format}` for import (human, json)"),
        CliImportNoReports { path } => format!("no .pdf or .txt file in {path}"),
        CliImportReport { input, out, documents, errors, warnings, infos, guesses } => format!(
            "{input} → {out}: {documents} document(s); {errors} error(s), {warnings} warning(s), {infos} info(s); {guesses} guess(es) to verify"
        ),
        CliImportReportFailed { input, error } => format!("{input}: not imported: {error}"),
    }
}

fn field_prefix(field: Option<u32>) -> String {
    field.map(|f| format!("個別分野{f}の")).unwrap_or_default()
}


/// What the five ranks mean, best first.
const MEANINGS: [&str; 5] = [
    "the targets were exceeded",
    "the targets were achieved",
    "considerable progress towards the targets",
    "progress towards the targets was not large",
    "not moving towards the targets",
];

const USAGE: &str = "\
hyoka — checks Japanese policy-evaluation reports written in the Hyoka markup

USAGE:
    hyoka check [--format human|json|sarif] [--config FILE] [--lang ja|en] [PATH...]
    hyoka render [--annotate] [--pdf] [-o OUT] [--config FILE] [--lang ja|en] [PATH...]
    hyoka import [-o DIR] [--force] [--check] [--format human|json] [--pdf-mode auto|raw|reading|layout] [--lang ja|en] INPUT...
    hyoka lsp
    hyoka --version

check   Checks the *.hyoka files in PATHs (files or folders, recursively;
        default: the current folder), cross-document checks included.
        Exit status: 0 no errors, 1 errors found, 2 could not run.
        --lang: the language of the messages; else `language` in
        hyoka.toml, else the system's (LC_ALL, LC_MESSAGES, LANG).
render  Writes each document as an HTML page in the layout of its form
        (OUT, default hyoka-render/; index.html for several); --annotate
        marks every finding (the review copy); --pdf also prints each page
        to PDF with Chromium, Chrome or Edge (HYOKA_BROWSER names one).
import  Converts published reports (INPUT: a PDF, read with pdftotext from
        poppler-utils, or its text) into one .hyoka file per document
        (政策評価書, 事前分析表, 政策評価調書) in DIR (default: the current
        folder); never overwrites a file without --force. Reconstructions
        that are guesses are marked `// hyoka-import: 推測`. --pdf-mode:
        how pdftotext lays out the text (default auto: the mode that reads
        the most of the forms). A folder as INPUT: every .pdf and .txt in
        it (recursively), each into a folder of its own in DIR. --check:
        each input into a folder of its own, then the files written are
        checked as by `hyoka check`, one line per input (documents,
        errors, warnings, infos, guesses); exit status as `hyoka check`'s,
        2 if an input was not imported. --format json: what was written,
        as JSON on stdout.
lsp     Runs the language server over stdio.
";

fn detail(d: Detail) -> &'static str {
    match d {
        Detail::NextIndicatorId => "next free indicator ID",
        Detail::NextFieldNumber => "next free field number",
        Detail::DocumentHeading => "document heading",
        Detail::Field => "field",
        Detail::QualitativeIndicator => "qualitative indicator",
        Detail::QuantitativeIndicator => "quantitative indicator",
        Detail::ReferenceIndicator => "reference indicator",
        Detail::MeansTable => "means table",
        Detail::BudgetTable => "budget table",
        Detail::Section => "section",
        Detail::RatingOfPeriod => "rating of the period",
        Detail::MidtermValue => "medium-term target value",
        Detail::Series => "series: ①… ②…",
        Detail::Unit => "unit",
        Detail::Direction => "減少 when lower is better",
        Detail::Source => "source",
        Detail::FiscalYear => "fiscal year of the document",
        Detail::MeasureName => "measure name",
        Detail::Bureau => "responsible bureau",
        Detail::WhenEvaluated => "when evaluated",
        Detail::WhenToBeEvaluated => "when to be evaluated (plan)",
        Detail::MeasureRating => "the measure's rating",
        Detail::TablesUnit => "unit of the tables below",
        Detail::PolicyPlace => "place in the policy system",
        Detail::LowerIsBetter => "lower is better",
        Detail::MeansCitation => "means citation",
    }
}
