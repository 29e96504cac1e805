//! The Japanese catalogue: the authors' language, in the terms of the
//! government's guidelines and forms (測定指標, 達成手段, 中期目標, 目標値,
//! 実績値, 施策の予算額・執行額, 系列, 一覧 …), numbers and fixes stated as a
//! reviewer writes them in the margin.

use super::Msg::{self, *};
use super::{opt_y, y, Detail, NearWhy, PeriodPlace};
use crate::model::Claim;
use crate::checks::Severity;
use crate::config::MEASURE_LABELS;

fn list(items: &[String]) -> String {
    items.iter().map(|m| format!("「{m}」")).collect::<Vec<_>>().join("、")
}

/// `652 + 0 + 0` as the forms write it: `652 ＋ 0 ＋ 0`.
fn formula(expr: &str) -> String {
    expr.replace(" + ", " ＋ ").replace(" - ", " － ")
}

fn field_prefix(field: Option<u32>) -> String {
    field.map(|f| format!("個別分野{f}の")).unwrap_or_default()
}

fn summary_mark(in_summary: bool) -> &'static str {
    if in_summary {
        "（一覧）"
    } else {
        ""
    }
}

pub(super) fn text(m: &Msg) -> String {
    match m {
        Verbatim(s) => s.clone(),

        FormulaUndefined { label, letter } => format!("「{label}」の計算式にある（{letter}）に当たる行がありません"),
        TotalMismatch { label, column, written, expr, computed } => {
            format!("{label} {column}が {written} ですが、{} ＝ {computed} です", formula(expr))
        }
        FixTotal { value } => format!("合計を {value} に直す"),
        NotAnAmount { text, row, column, index } => {
            let column = column.clone().unwrap_or_else(|| format!("{}列目", index + 1));
            format!("{row} {column}の「{text}」は金額として読めません")
        }
        ExecutionOverBudget { year, exec, row, budget } => format!("{}の執行額 {exec} が{row} {budget} を上回っています", y(*year)),
        RelBudget => "予算額".into(),
        UnknownUnit { unit } => format!(
            "「{unit}」は金額の単位（円、千円、万円、百万円、億円）ではないため、この表の金額はほかの表と照合していません"
        ),
        MeansNotAnAmount { label, text, year } => {
            format!("達成手段{label}の{}「{text}」は金額として読めません（`72 (63)`、`108`、`－` のように記載してください）", y(*year))
        }
        MeansExecutionOverBudget { label, name, year, exec, budget } => {
            format!("達成手段{label}「{name}」の{}の執行額 {exec} が予算額計 {budget} を上回っています", y(*year))
        }
        NewMeansWithAmount { label, name, year } => {
            format!("達成手段{label}「{name}」は新規とされていますが、{}の予算額があります", y(*year))
        }
        MissingProjectNumber { label, name } => {
            format!("達成手段{label}「{name}」には予算額がありますが、行政事業レビュー事業番号がありません")
        }
        ContributionWithoutBudget { label, name, amount, year } => format!(
            "達成手段{label}「{name}」は拠出金で{}に {amount} がありますが、分担金・拠出金の表では 0 です",
            y(*year)
        ),
        RelContributionBudget => "分担金・拠出金の予算額".into(),
        MeansSumVsBudget { year, sum, items, initial, budget, difference } => format!(
            "{}：達成手段の予算額の計は {sum}（{items}件）、施策の{}は {budget} で、差は {difference} です（ほかの予算項目に計上された達成手段があるかもしれません）",
            y(*year),
            if *initial { "当初予算" } else { "合計" }
        ),

        MainIndicatorUnrated { id } => {
            format!("主要な測定指標{id}に目標の達成状況の評価がありません（`@令和N年度目標の達成状況: b`）")
        }
        FixAddRatingLine { period } => format!("{period}目標の達成状況の行を追加"),
        SummaryLeavesUnrated { id, block } => {
            format!("一覧では測定指標{id}の評価が空欄ですが、個別の記載では「{block}」です")
        }
        RelBlockRating => "個別の記載の評価".into(),
        SummaryRatesUnratedBlock { id, rating } => format!(
            "一覧では測定指標{id}を「{rating}」としていますが、個別の記載に評価がありません（`@令和N年度目標の達成状況: …`）"
        ),
        SummaryRatingMismatch { id, summary, block } => {
            format!("一覧では測定指標{id}を「{summary}」としていますが、個別の記載では「{block}」です")
        }
        FixUseBlockRating { rating } => format!("個別の記載の評価「{rating}」に合わせる"),
        RatingOffScale { id, in_summary, rating, scale } => {
            format!("測定指標{id}{}：「{rating}」は評価の区分（{scale}）にありません", summary_mark(*in_summary))
        }
        FullWidthRating { id, in_summary, rating } => {
            format!("測定指標{id}{}：評価「{rating}」が全角で書かれています", summary_mark(*in_summary))
        }
        FixWrite { text } => format!("「{text}」に直す"),
        RatedWellButMissed { id, rating, met, years } => format!(
            "測定指標{id}は「{rating}」と評価されていますが、実績値はどの年度も目標値に達していません（達成 {met}／{years}年度）"
        ),
        RatedPoorlyButMet { id, rating, met, years } => format!(
            "測定指標{id}は「{rating}」と評価されていますが、実績値は全ての年度で目標値を達成しています（達成 {met}／{years}年度）"
        ),
        RelResult { year } => format!("{}の実績値", y(*year)),
        MeasureLabelOffScale { text, labels } => format!("「{text}」は五つの区分（{labels}）のいずれでもありません"),
        MeasureLetterMismatch { text, label, letter, letter_label } => {
            format!("「{text}」は{label}ですが、「{letter}」は{letter_label}の記号です")
        }
        MeasureLetterOffScale { letter, letters } => format!("「{letter}」は区分の記号（{letters}）にありません"),
        MeasureRatingUnsupported { label, ratings, allowed } => format!(
            "施策の評価は「{label}」ですが、主要な測定指標（{ratings}）から見ると「{allowed}」までです"
        ),

        UnbalancedCitation { unclosed, opening, closing } => {
            if *unclosed {
                format!("この引用の括弧が閉じていません（開き括弧 {opening}、閉じ括弧 {closing}）")
            } else {
                format!("この引用に、対応する開き括弧のない閉じ括弧があります（開き括弧 {opening}、閉じ括弧 {closing}）")
            }
        }
        HeadingWithoutId { keyword, field } => {
            let example = if *field { format!("## {keyword} 1 名称") } else { format!("### {keyword} 1-1 名称") };
            format!("この{keyword}の見出しには番号がないため、通常の見出しとして読まれます。`{example}` のように書いてください")
        }
        ColonForgotten { key, value } => format!(
            "この属性にはコロンがないため、「{value}」がキーの一部として読まれます。`@{key}: {value}` と書いてください"
        ),
        FixInsertColon => "コロンを入れる".into(),
        LineIncomplete => "この行は途中で終わっています".into(),
        HeadingMalformed => "この見出しは書式に合っていません（`＊` を付けられるのは測定指標の見出しだけです）".into(),
        AttributeMalformed => "この属性は書式に合っていません。`@キー: 値` のように書いてください".into(),
        LineMalformed => "この行は Hyoka の書式に合っていません".into(),
        NotUtf8 => "ファイルのこの箇所は UTF-8 として読めません。読めないバイトは U+FFFD に置き換えて読みました".into(),
        NoDocumentHeading => {
            "文書の見出しがありません。ファイルの最初に `# 政策評価書 <施策ID> <施策名>`（または事前分析表、政策評価調書）を書いてください".into()
        }
        DocumentLacks { kind, missing } => format!("この{kind}には{}がありません", list(missing)),
        FieldLacks { number, missing } => format!("個別分野{number}には{}がありません", list(missing)),
        YearOutsidePeriod { id, year, period } => format!("測定指標{id}：{}は評価の対象期間（{period}）の外です", y(*year)),
        RelRatedPeriod => "評価の対象期間".into(),
        PeriodYearsMissing { id, period, missing } => format!(
            "測定指標{id}は{period}を対象に評価されていますが、{}の記載がありません",
            missing.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),

        NoMainIndicator => "主要な測定指標（見出しの末尾に `＊`）が一つもありません".into(),
        MissingMidterm { id, quantitative } => {
            if *quantitative {
                format!("測定指標{id}に中期目標値がありません（`@中期目標値（令和N年度）: 値`）")
            } else {
                format!("測定指標{id}に中期目標がありません（`#### 中期目標（令和N年度）`）")
            }
        }
        FixAddMidterm { year } => format!("中期目標を追加（目標年度は仮にこの文書の年度の{}。確認してください）", y(*year)),
        MissingTargetYear { id } => format!("測定指標{id}の中期目標に目標年度がありません（`（令和N年度）` のように書いてください）"),
        FixSetTargetYear { year } => format!("目標年度を仮に{}（この文書の年度）とする。確認してください", y(*year)),
        MidtermValueMissing { id } => format!("測定指標{id}の中期目標値には年度だけがあり、値がありません"),
        TargetYearBeforePlan { id, target, own } => format!(
            "測定指標{id}の中期目標は{}で、この事前分析表の年度（{}）より前です。事前分析表の目標は今後の年度に置きます",
            y(*target),
            y(*own)
        ),
        PlanYearTargetMissing { id, year } => format!("測定指標{id}に、この事前分析表の年度（{}）の目標がありません", y(*year)),
        ValuesTableMissing { id } => format!(
            "測定指標{id}に中期目標値はありますが、目標値と実績値の表（`| 年度 | 目標値 | 実績値 |`）がありません"
        ),
        ResultWithoutTarget { id, year, quantitative } => {
            format!("測定指標{id}：{}に実績がありますが、目標{}がありません", y(*year), if *quantitative { "値" } else { "" })
        }
        SeriesResultWithoutTarget { id, year, label } => {
            format!("測定指標{id}：{}に系列{label}の実績がありますが、その目標値がありません", y(*year))
        }
        UndefinedSeries { name, label, defined } => format!("{name}：系列{label}は定義されていません（`@系列` の定義は {defined}）"),
        RelSeriesDefined => "系列の定義".into(),
        UnknownIndicator { id } => format!("測定指標{id}はこの文書にありません"),
        IndicatorTitleMismatch { id, defined, cited } => {
            format!("測定指標{id}の名称は「{defined}」ですが、ここでは「{cited}」と引用されています")
        }
        RelIndicatorTitle => "測定指標の名称".into(),
        FixUseTitle { title } => format!("定義どおりの名称「{title}」にする"),
        UnknownField { number } => format!("個別分野{number}はこの文書にありません"),
        UnknownMeans { field, label } => format!("{}達成手段{label}はありません", field_prefix(*field)),
        MeansNameMismatch { field, label, defined, cited } => format!(
            "{}達成手段{label}の名称は「{defined}」ですが、ここでは「{cited}」と引用されています",
            field_prefix(*field)
        ),
        FixUseName { name } => format!("定義どおりの名称「{name}」にする"),
        RelMeansDefined => "達成手段の定義".into(),
        MeansRelatesUnknownIndicator { label, name, id } => {
            format!("達成手段{label}「{name}」の関連する測定指標{id}がありません")
        }
        RelatedIndicatorOtherField { label, name, means_field, id, indicator_field } => format!(
            "個別分野{means_field}の達成手段{label}「{name}」が、個別分野{indicator_field}の測定指標{id}に関連付けられています"
        ),
        IndicatorWithoutMeans { id } => format!("測定指標{id}に関連する達成手段がありません"),
        MissingFromSummary { id } => format!("測定指標{id}が一覧にありません"),
        RelSummaryList => "測定指標の一覧".into(),
        MainMarkDiffers { id, block_main } => {
            if *block_main {
                format!("測定指標{id}：個別の記載では主要（＊）ですが、一覧では主要になっていません")
            } else {
                format!("測定指標{id}：一覧では主要（＊）ですが、個別の記載では主要になっていません")
            }
        }
        RelIndicatorBlock => "測定指標の個別の記載".into(),
        SummaryTitleMismatch { id, defined, listed } => {
            format!("測定指標{id}の名称は「{defined}」ですが、一覧では「{listed}」です")
        }
        SummaryListsUnknown { id } => format!("一覧にある測定指標{id}の個別の記載がありません"),
        IndicatorDefinedTwice { id } => format!("測定指標{id}が二度定義されています"),
        FieldDefinedTwice { number } => format!("個別分野{number}が二度定義されています"),
        MeansDefinedTwice { label } => format!("この個別分野で達成手段{label}が二度定義されています"),
        ReferenceDefinedTwice { number } => format!("参考指標{number}が二度定義されています"),
        RelFirstDefined => "最初の定義".into(),

        PlanTitleDiffers { id, here, evaluation } => {
            format!("測定指標{id}の名称が、ここでは「{here}」、政策評価書では「{evaluation}」です")
        }
        RelEvaluationTitle => "政策評価書での名称".into(),
        SheetMonitoredEvaluationRated { label } => format!(
            "調書ではこの年度をモニタリングのみとしていますが、同じ年度の政策評価書では「{label}」と評価しています"
        ),
        RelEvaluationRating => "政策評価書での評価".into(),
        SheetRatingDiffers { sheet, evaluation } => format!("調書では「{sheet}」、政策評価書では「{evaluation}」です"),
        UnitSlipTables { label, year, here, here_unit, there, there_unit } => format!(
            "{label} {}：ここでは {here} {here_unit}、政策評価書では {there} {there_unit} で、1,000倍違います。単位の誤りではありませんか",
            y(*year)
        ),
        RelEvaluationFigure => "政策評価書の数値".into(),
        TablesDisagree { label, year, here, there } => format!("{label} {}：ここでは {here}、政策評価書では {there} です", y(*year)),
        UnitSlipSheet { year, sheet, unit, kind, measure } => format!(
            "{}当初予算：調書の合計 {sheet} {unit} は、{kind}の {measure} 百万円と1,000倍違います。数値の単位か `@単位` の誤りではありませんか",
            y(*year)
        ),
        SheetBudgetMismatch { year, sheet, kind, measure, measure_thousands, tolerance } => format!(
            "{}当初予算：調書の合計 {sheet} 千円が、{kind}の {measure} 百万円（＝ {measure_thousands} 千円、許容差 ±{tolerance}）と合いません",
            y(*year)
        ),
        DuplicateInSet { file, kind, id, year, first } => format!(
            "「{file}」は施策{id} {}の2つ目の{kind}です。ほかの文書と照合するのは「{first}」だけです",
            opt_y(*year).unwrap_or_default()
        ),
        RelDocumentCompared => "照合している文書".into(),
        PartnerNameMismatch { id, here, other, file } => {
            format!("施策{id}の名称が、ここでは「{here}」、「{file}」では「{other}」です")
        }
        RelOtherName => "もう一方の名称".into(),
        PartnerNearMatch { id, year, kind, file, other_kind, other_id, other_year, why, filed_next_year } => {
            let what = |id: &str, year: &Option<i32>| format!("施策{id} {}", opt_y(*year).unwrap_or_else(|| "（年度なし）".into()));
            let why = match why {
                NearWhy::IdOneApart => "施策IDが1文字違います",
                NearWhy::YearOneApart => "年度が1年違います",
                NearWhy::SameName => "施策名が同じです",
            };
            let mut s = format!(
                "この{kind}と組になる{}の文書がないため、どの文書とも照合していません。「{file}」（{other_kind}、{}）は{why}",
                what(id, year),
                what(other_id, other_year)
            );
            if *filed_next_year {
                s.push_str("。調書は、提出する年度（当初予算額の列の年度）の評価書・事前分析表と組になります（概算要求の年度ではありません）");
            }
            s
        }
        RelNearMatch => "よく似た文書".into(),

        YearWithoutDo { written, year } => match year {
            Some(v) => format!("「{written}」は年度の「度」が抜けています（{}と読みました）", y(*v)),
            None => format!("「{written}」は年度の「度」が抜けています"),
        },
        FixInsertDo => "「度」を補う".into(),
        YearRepeated { year } => format!("この表の年度に{}が二度出てきます", y(*year)),
        RelFirstYear => "同じ年度の最初の列".into(),
        YearUnreadable { written } => format!("「{written}」を年度として読めないため、その下の数値は照合されません"),
        YearsSkipped { missing } => format!(
            "この表の年度は{}が抜けています。列を複製して年度を直し忘れていませんか",
            missing.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),
        PeriodLabelDiffers { written, rated, what } => match what {
            PeriodPlace::SummaryHeading => format!("一覧の見出しは{written}ですが、測定指標は{rated}を対象に評価されています"),
            PeriodPlace::Citation => format!("引用の期間（{written}）が、評価の対象期間（{rated}）と合いません"),
        },
        ScheduleDate { key, written, fiscal, year, plan } => {
            if *plan {
                format!("@{key}の「{written}」は{}で、この事前分析表の年度（{}）より前です。評価はこれから行うものです", y(*fiscal), y(*year))
            } else {
                format!("@{key}の「{written}」は{}に当たりますが、この政策評価書は{}のものです", y(*fiscal), y(*year))
            }
        }
        NumberNamesOtherMeasure { written, id, own } => format!("@番号「{written}」は施策{id}を指していますが、見出しは施策{own}です"),
        RelDocumentHeading => "文書の見出し".into(),
        ProseNamesOtherMeasure { id, own } => format!("ここでは施策{id}と書かれていますが、この文書は施策{own}です。他の施策を指していますか"),
        HeadingNamesOtherField { title, named, own } => format!("「{title}」は個別分野{named}を指していますが、個別分野{own}の中にあります"),
        RelEnclosingField => "この見出しを含む個別分野".into(),
        IndicatorNested { id, outer, level, outer_level } => format!(
            "測定指標{id}の見出しは「#」が{level}個のため、測定指標{outer}（{outer_level}個）の中に入っています。数値や達成状況が別の測定指標のものとして読まれます"
        ),
        RelOuterIndicator => "中に入ってしまった測定指標".into(),
        FixHeadingLevel { level } => format!("見出しの「#」を{level}個にする（{}）", "#".repeat(*level)),
        TargetYearBeforePeriod { id, target, end } => format!(
            "測定指標{id}の中期目標は{}で、評価の対象期間の最終年度（{}）より前です",
            y(*target),
            y(*end)
        ),
        MidtermSeriesMissing { id, missing } => format!(
            "測定指標{id}の中期目標値に系列{}の値がありません",
            missing.iter().collect::<String>()
        ),
        MidtermDisagrees { id, year, label, midterm, target } => format!(
            "測定指標{id}の中期目標値{}は{}に{midterm}ですが、表の同年度の目標値は{target}です",
            label.map(|l| format!("（系列{l}）")).unwrap_or_default(),
            y(*year)
        ),
        RelYearTarget => "同じ年度の目標値".into(),
        ResultMissing { id, year, label } => format!(
            "測定指標{id}：{}は評価の対象で目標値がありますが、{}実績値がありません",
            y(*year),
            label.map(|l| format!("系列{l}の")).unwrap_or_default()
        ),
        MixedUnits { name, label, unit, usual } => {
            let desc = |u: &Option<String>| u.as_ref().map(|u| format!("「{u}」")).unwrap_or_else(|| "単位なし".into());
            format!(
                "{name}{}：この数値は{}ですが、他の数値は{}です。72％を0.72と書くなど、単位が違っていませんか",
                label.map(|l| format!("の系列{l}")).unwrap_or_default(),
                desc(unit),
                desc(usual)
            )
        }
        MeansWithoutIndicator { label, name } => format!("達成手段{label}「{name}」の関連する測定指標が空欄です。どの測定指標に資する手段かを記載してください"),
        ProseRatingDiffers { id, stated, rating } => format!("本文では測定指標{id}を「{stated}」と判定していますが、達成状況の記載は「{rating}」です"),
        ReasonsContradictRating { claim, label } => match claim {
            Claim::AllMet => format!("判断根拠では主要な測定指標がいずれも目標を達成したとしていますが（目標達成以上に当たります）、測定結果は「{label}」です"),
            Claim::NearlyMet => format!("判断根拠では主要な測定指標がおおむね目標に近い実績を示したとしていますが（相当程度進展ありに当たります）、測定結果は「{label}」です"),
            Claim::NotNear => format!(
                "判断根拠では主要な測定指標が目標に近い実績を示さなかったとしていますが（進展が大きくない又は目標に向かっていないに当たります）、測定結果は「{label}」です"
            ),
        },
        RelMeasureRating => "目標達成度合いの測定結果".into(),
        ReferenceRated { number } => format!("参考指標{number}に達成状況が付いています。参考指標は参考の数値で、達成状況は付けません"),
        FixRemoveLine => "この行を削除".into(),
        RatedMetButYearMissed { id, rating, missed } => format!(
            "測定指標{id}は「{rating}」（目標達成以上）ですが、{}は目標に届いていません",
            missed.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),
        DuplicateProjectNumber { number, label, name, first_label, first_name } => {
            format!("達成手段{label}「{name}」の行政事業レビュー事業番号 {number} は、達成手段{first_label}「{first_name}」と同じです")
        }
        ExecutionNotClosed { year, own, exec } => {
            format!("{}の執行額（{exec}）が記載されていますが、{}の文書ではこの年度はまだ終わっていません", y(*year), y(*own))
        }
        ExecutionMissing { year } => format!("{}は終了し予算もありましたが、執行額が空欄です", y(*year)),
        PlanMainMarkDiffers { id, plan_main } => {
            if *plan_main {
                format!("測定指標{id}はこの事前分析表では主要ですが、政策評価書では主要ではありません。「評価結果を踏まえた変更点及びその理由」にその説明がありません")
            } else {
                format!("測定指標{id}は政策評価書では主要ですが、この事前分析表では主要ではありません。「評価結果を踏まえた変更点及びその理由」にその説明がありません")
            }
        }
        RelEvaluationIndicator => "政策評価書の測定指標".into(),
        PartnerFieldNameMismatch { number, here, other, file } => format!("個別分野{number}の名称が、ここでは「{here}」、「{file}」では「{other}」です"),
        PartnerDepartmentMismatch { here, other, file } => format!("担当部局名が、ここでは「{here}」、「{file}」では「{other}」です"),
        SummaryFieldNameMismatch { number, listed, defined } => format!("一覧では個別分野{number}を「{listed}」としていますが、見出しでは「{defined}」です"),
        RelFieldHeading => "個別分野の見出し".into(),
        InitialBudgetBlank { year } => format!("この文書の年度である{}の当初予算が空欄です", y(*year)),
        BrokenUrl => "このアドレスは `https://` の文字が欠けているため、リンクが開きません".into(),
        SheetItemOtherMeasure { item, name } => format!("事項「{item}」にこの施策（「{name}」）の名称がありません。他の施策の調書から写した行ではありませんか"),
        TableYearsEndElsewhere { last, own, means } => {
            if *means {
                format!("当初予算額の列が{}ですが、この文書は{}のものです。前年度の表を引き継いだままではありませんか", y(*last), y(*own))
            } else {
                format!("この表の年度は{}で終わっていますが、この文書は{}のものです。前年度の列見出しのままではありませんか", y(*last), y(*own))
            }
        }
        QualitativeResultMissing { id, year } => format!("測定指標{id}：{}は評価の対象で目標がありますが、施策の進捗状況・実績がありません", y(*year)),
        TargetPastMidterm { id, year, label, target, midterm, midterm_year } => format!(
            "測定指標{id}{}：{}の目標値（{target}）が、{}の中期目標値（{midterm}）をすでに超えています。数値の誤記か、中期目標値の見直し漏れではありませんか",
            label.map(|l| format!("の系列{l}")).unwrap_or_default(),
            y(*year),
            y(*midterm_year)
        ),
        RelMidterm => "中期目標値".into(),
        UnitAgainstDeclared { name, unit, declared } => format!("{name}：数値は「{unit}」で書かれていますが、`@単位` は「{declared}」です"),
        CapitalRating { id, in_summary, rating } => format!(
            "測定指標{id}{}：達成状況「{rating}」が大文字です。大文字は施策の測定結果の区分で、測定指標は小文字で記載します",
            summary_mark(*in_summary)
        ),
        RatedNearButFar { id, rating, far } => format!(
            "測定指標{id}は「{rating}」（相当程度進展あり：目標に近い実績）ですが、{}は実績値が目標値の半分に届いていません",
            far.iter().map(|m| y(*m)).collect::<Vec<_>>().join("、")
        ),
        CitedMainMarkDiffers { id, main } => {
            if *main {
                format!("測定指標{id}は主要な測定指標ですが、ここでは「＊」なしで引用されています")
            } else {
                format!("測定指標{id}は主要な測定指標ではありませんが、ここでは「＊」付きで引用されています")
            }
        }
        FieldTitleMismatch { number, defined, cited } => format!("個別分野{number}の名称は「{defined}」ですが、ここでは「{cited}」と引用されています"),
        MeansExecutionSum { year, sum, items, execution, difference } => format!(
            "{}：達成手段の執行額の計は{sum}（{items}件）ですが、施策の執行額は{execution}です（差 {difference}）",
            y(*year)
        ),
        PartnerSeriesMismatch { id, label, here, other, file } => {
            format!("測定指標{id}の系列{label}は、ここでは「{here}」、「{file}」では「{other}」です。系列の順序が入れ替わっていませんか")
        }
        TargetLowered { id, year, label, target, last_year, result, last_target } => format!(
            "測定指標{id}{}：{}の目標値（{target}）が、{}の実績値（{result}）と目標値（{last_target}）をともに下回っています。「評価結果を踏まえた変更点及びその理由」に理由を記載してください",
            label.map(|l| format!("の系列{l}")).unwrap_or_default(),
            y(*year),
            y(*last_year)
        ),
        MeansCitedBeforeItExisted { label, name, period } => format!(
            "達成手段{label}「{name}」は事前分析表で（新規）とされ、{period}に予算がありませんが、ここではその期間の実績が同手段によるものとされています"
        ),
        ExecutionRateMismatch { year, written, exec, row, budget, computed } => {
            format!("{}の執行率が {written} ですが、執行額 {exec} ÷ {row} {budget} ＝ {computed}％ です", y(*year))
        }
        MeasureRatedBelowIndicators { label, ratings, expected } => format!(
            "施策の評価は「{label}」ですが、主要な測定指標はすべて目標を達成しています（{ratings}）。政府共通の区分では「{expected}」に当たります"
        ),
        ImportGuess { what } => format!("取り込みで推測により復元した箇所です（「{what}」）。印刷物と照合し、確認したらこのコメントを削除してください"),
        ConfigUnknownProfile { value } => format!("`profile`：`{value}` は指定できる様式ではありません。`\"standard\"`、`\"mofa\"`、`\"mhlw\"`、`\"soumu\"` のいずれかを指定してください"),
        MeasureNumberMismatch { text, label, number, number_label } => format!(
            "「{text}」：各行政機関共通区分で{}は「{number_label}」ですが、区分名は「{label}」です",
            crate::normalize::circled_char(*number).unwrap_or('?')
        ),
        OverallOffScale { text, scale } => format!("総合判定「{text}」は判定区分（{scale}）にありません"),
        OverallLetterLabelMismatch { text, letter, label } => format!("総合判定「{text}」：{letter}は「{label}」です"),
        OverallDisagrees { overall, measure } => format!("総合判定 {overall} は、目標達成度合いの測定結果「{measure}」と合いません"),
        SeriesWithoutDefinition { name, label } => format!("{name}には系列{label}の数値がありますが、系列を定める `@系列` の行がありません"),

        ConfigSyntax { detail } => format!("設定の書式に誤りがあります（{detail}）"),
        ConfigUnknownCheck { key } => format!("`{key}` というチェックはありません（`HY0301` のようなコードか、`total-mismatch` のような名前で指定してください）"),
        ConfigBadSeverity { key, value } => format!("チェック `{key}`：`{value}` は指定できる値（`off`、`on`、`error`、`warning`、`information`、`hint`）ではありません"),
        ConfigIndicatorScale => "`[ratings] indicator` には、評価の記号を良いものから順に1～5個並べてください".into(),
        ConfigMeasureLetters => "`[ratings] measure-letters` には、五つの区分の記号を良いものから順に5個並べてください".into(),
        ConfigTolerance { name } => format!("`[tolerance] {name}` は0以上の数値にしてください"),
        ConfigBadLanguage { value } => format!("`language`：`{value}` は指定できる言語ではありません。`\"ja\"` か `\"en\"` を指定してください"),

        CliUsage => USAGE.into(),
        CliUnknownOption { option } => format!("`{option}` というオプションはありません"),
        CliNeedsValue { option } => format!("{option} には値が必要です"),
        CliUnknownFormat { format } => format!("`{format}` という出力形式はありません（human、json、sarif）"),
        CliUnknownCommand { command } => format!("`{command}` というコマンドはありません"),
        CliCannotRead { path, error } => format!("「{path}」を読めません：{error}"),
        CliBadConfig { path, error } => format!("「{path}」の設定に誤りがあります：{error}"),
        CliSeverity(s) => match s {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Information => "情報",
            Severity::Hint => "ヒント",
        }
        .into(),
        CliNote => "参照".into(),
        CliHelp => "修正案".into(),
        CliSummary { files, errors, warnings, infos } => {
            format!("{files}ファイルを確認しました：エラー {errors}件、警告 {warnings}件、情報 {infos}件")
        }

        LspInternalError { what, detail } => format!("内部エラーが起きました（`{what}`）：{detail}"),
        LspChangeNotOpen { uri } => format!("開かれていない「{uri}」への変更（`didChange`）を無視しました"),
        LspChangeStale { uri, version, current } => format!("「{uri}」への変更（`didChange`）は版 {version} で、現在の版 {current} より新しくないため無視しました"),
        LspUnknownDocument { uri } => format!("「{uri}」は開かれていない文書です"),
        LspLargeFiles { count, limit, files } => format!(
            "hyoka：`max-file-size`（{limit}バイト）を超える{count}個のファイルは索引に入れていません。確認するにはファイルを開いてください：{files}"
        ),
        LspBadConfig { detail } => format!("設定に誤りがあるため、既定の設定を使います：{detail}"),
        LspBadSettings { detail } => format!("hyoka：設定に誤りがあるため、前の設定のままにします：{detail}"),
        FixAllFullWidthDigits { count } => format!("これらの行の全角数字を半角にする（{count}文字）"),
        FixAllOfKind { code, count, .. } => format!("このファイルの {code} をすべて直す（{count}か所）"),
        References { count } => format!("参照 {count}件"),
        RenameNothingHere => "ここには名前を変更できるものがありません。測定指標の番号か達成手段の名称にカーソルを置いてください".into(),
        RenameField => "個別分野の番号はその分野の測定指標の番号の一部です。測定指標の番号を振り直してください".into(),
        RenameReference => "参考指標の番号は変更できません".into(),
        RenameNotAnId { name } => format!("「{name}」は測定指標の番号（1-2 など）ではありません"),
        RenameBadName => "達成手段の名称は空にできず、縦棒、括弧、改行を含められません".into(),
        RenameNotPossible => "これは名前を変更できません".into(),

        Western { body, fiscal } => if *fiscal { format!("{body}年度") } else { format!("{body}年") },
        HoverRatingOf { id, period, in_summary } => {
            let period = period.as_ref().map(|p| format!("（{p}の評価）")).unwrap_or_default();
            format!("測定指標{id}{period}{}", if *in_summary { "（一覧）" } else { "" })
        }
        HoverBlockRates { rating, differs } => format!("個別の記載では `{rating}` です{}。", if *differs { "（一覧と異なります）" } else { "" }),
        HoverTotalWritten { written, difference } => format!("記載は {written}（差 {difference}）"),
        HoverExecution { rate, year, execution, budget_label, budget } => {
            let year = year.map(|y| format!("（{}、{y}年度）", super::y(y))).unwrap_or_default();
            format!("**執行率 {rate}**{year}\n\n執行額 {execution} ÷ {budget_label} {budget}")
        }
        HoverPeriod { wareki, western } => format!("{wareki}（{western}）"),
        HoverIndicatorRating { letter, rank, scale } => {
            format!("**{letter}**：{}（{}）\n\n測定指標の評価の区分：{scale}", MEASURE_LABELS[(*rank).min(4)], MEANINGS[(*rank).min(4)])
        }
        HoverWrittenFullWidth { letter } => format!("全角で記載されています：`{letter}`"),
        HoverNotOnScale { letter, scale } => format!("`{letter}` は測定指標の評価の区分（{scale}）にありません"),
        HoverMeasureNotLabel { text, labels } => format!("`{text}` は五つの区分（{labels}）のいずれでもありません"),
        HoverMeasureLabel { rank, letter } => format!("**{}**（{letter}）：{}", MEASURE_LABELS[(*rank).min(4)], MEANINGS[(*rank).min(4)]),
        HoverLetterMismatch { letter, expected } => format!("記号 `{letter}` は区分と合っていません（この区分の記号は `{expected}`）"),
        HoverScale { labels } => format!("区分：{labels}"),
        HoverFiscalYear { wareki, year, western_first } => {
            let span = format!("（{year}年4月～{}年3月）", year + 1);
            if *western_first { format!("{year}年度 ＝ {wareki}{span}") } else { format!("{wareki} ＝ {year}年度{span}") }
        }
        HoverCalendarYear { wareki, year, western_first } => {
            if *western_first { format!("{year}年 ＝ {wareki}") } else { format!("{wareki} ＝ {year}年") }
        }
        HoverText => "（記述）".into(),
        HoverQuantitative(q) => if *q { "定量的な測定指標" } else { "定性的な測定指標" }.into(),
        HoverMidterm { year, value } => {
            let year = year.map(|y| format!("{}、{y}年度", super::y(y))).unwrap_or_else(|| "目標年度なし".into());
            format!("- 中期目標（{year}）{}", value.as_ref().map(|v| format!("：{v}")).unwrap_or_default())
        }
        HoverRatingLine { period, rating, label } => format!(
            "- 評価{}：`{rating}`{}",
            period.as_ref().map(|p| format!(" {p}")).unwrap_or_default(),
            label.map(|l| format!("（{l}）")).unwrap_or_default()
        ),
        HoverValuesHeader => "| 年度 | 目標 | 実績 |".into(),
        HoverDescribed => "（記述）".into(),
        HoverIndicatorUndefined { id, here } => {
            format!("測定指標{id}は{}定義されていません", if *here { "この文書で" } else { "" })
        }
        HoverMeansUndefined { label } => format!("達成手段{label}は定義されていません"),
        HoverReferenceUndefined { id } => format!("参考指標{id}は定義されていません"),
        HoverFieldUndefined { number } => format!("個別分野{number}は定義されていません"),
        HoverDefinedIn { kind } => format!("{}で定義", kind.unwrap_or("ほかの文書")),
        HoverCitedAs { name } => format!("「{name}」と引用されています"),
        HoverExecuted { budget, execution, rate } => match rate {
            Some(rate) => format!("{budget}（執行 {execution}、{rate}）"),
            None => format!("{budget}（執行 {execution}）"),
        },
        Detail(d) => detail(*d).into(),

        RenderFindings { count } => format!("指摘事項（{count}件）"),
        RenderNoFindings => "指摘事項はありません。".into(),
        RenderLine { line } => format!("{line}行目"),
        RenderIndexTitle { files } => format!("Hyoka：{files}件の文書"),
        RenderColumnMeasure => "施策".into(),
        RenderColumnYear => "年度".into(),
        RenderColumnDocument => "文書".into(),
        RenderColumnFile => "ファイル".into(),
        CliRenderWrote { path } => format!("「{path}」を書き出しました"),
        CliNoBrowser => "Chromium、Chrome、Edge のいずれも見つかりません（環境変数 `HYOKA_BROWSER` で指定できます）。HTML は書き出しました。ブラウザーで開き、PDF に印刷してください".into(),
        CliPdfFailed { error } => format!("PDF への印刷に失敗しました：{error}"),
        CliImportWrote { path, kind, guesses } => match guesses {
            0 => format!("「{path}」（{kind}）を書き出しました"),
            n => format!("「{path}」（{kind}）を書き出しました（推測による復元 {n}か所に `// hyoka-import: 推測` を付けました）"),
        },
        CliImportExists { paths, count } => format!(
            "既にあるファイルが{count}件あるため、何も書き出しませんでした（上書きするには `--force` を、別のフォルダーに書き出すには `-o` を指定してください）：{paths}"
        ),
        CliImportNoInput => "入力がありません。評価書の PDF（又はそこから取り出したテキスト）を指定してください".into(),
        CliImportNothing { path } => format!("「{path}」には取り込める文字がありません（画像だけの PDF は、先に文字認識が必要です）"),
        CliImportNotUtf8 { path } => format!("「{path}」は UTF-8 のテキストではありません。先に変換するか（例：`iconv -f SHIFT_JIS -t UTF-8`）、PDF を指定してください"),
        CliImportNoPdftotext { error } => format!("PDF を読むための `pdftotext` を実行できません（poppler-utils を入れるか、環境変数 `HYOKA_PDFTOTEXT` で指定してください）：{error}"),
        CliImportPdftotextFailed { path, error } => format!("`pdftotext` が「{path}」を読めませんでした：{error}"),
        CliImportPdfMode { path, mode } => format!("「{path}」を `pdftotext`（{mode}）で読みました"),
        CliImportBadMode { mode } => format!("`{mode}` という読み方はありません（auto、raw、reading、layout）"),
        CliCannotWrite { path, error } => format!("「{path}」に書き出せません：{error}"),
        CliImportBadFormat { format } => format!("`{format}` という出力形式はありません（取り込みでは human、json）"),
        CliImportNoReports { path } => format!("「{path}」に .pdf 又は .txt のファイルがありません"),
        CliImportReport { input, out, documents, errors, warnings, infos, guesses } => format!(
            "「{input}」→「{out}」：文書 {documents}件、エラー {errors}件、警告 {warnings}件、情報 {infos}件、推測による復元 {guesses}か所"
        ),
        CliImportReportFailed { input, error } => format!("「{input}」は取り込めませんでした：{error}"),
    }
}

/// The one-line summary of each check (src/i18n/reference.ja.toml).
pub(super) fn summary(code: &str) -> &'static str {
    super::reference::ja().checks.get(code).map(|c| c.summary.as_str()).unwrap_or("")
}

/// What the five ranks mean, best first, after the guidelines' definitions.
const MEANINGS: [&str; 5] = [
    "測定指標の目標を全て達成し、主要な測定指標の大半が目標を大幅に上回った",
    "測定指標の目標を全て達成した",
    "目標を達成しなかった測定指標があるが、主要な測定指標はおおむね目標に近い実績を示した",
    "目標を達成しなかった測定指標があり、主要な測定指標の半数以上で目標に近い実績を示さなかった",
    "主要な測定指標の全部又は大半が目標に近い実績を示さず、目標達成に向けて進展していない",
];

const USAGE: &str = "\
hyoka — Hyoka 形式で書いた政策評価書・事前分析表・政策評価調書を確認します

使い方：
    hyoka check [--format human|json|sarif] [--config ファイル] [--lang ja|en] [パス...]
    hyoka render [--annotate] [--pdf] [-o 出力先] [--config ファイル] [--lang ja|en] [パス...]
    hyoka import [-o フォルダー] [--force] [--check] [--format human|json] [--pdf-mode auto|raw|reading|layout] [--lang ja|en] 入力...
    hyoka lsp
    hyoka --version

check   パス（ファイルまたはフォルダ。フォルダは下の階層まで。既定は現在の
        フォルダ）にある *.hyoka ファイルを、文書間の照合も含めて確認します。
        終了ステータス：0 エラーなし、1 エラーあり、2 実行できなかった。
        --lang：メッセージの言語。指定がなければ hyoka.toml の `language`、
        それもなければシステムの言語（`LC_ALL`、`LC_MESSAGES`、`LANG`）。
render  各文書を様式どおりの HTML として書き出します（出力先の既定は
        `hyoka-render/`。複数のときは `index.html` も）。--annotate：指摘事項を
        該当箇所に示した確認用の版。--pdf：Chromium、Chrome 又は Edge で
        PDF にも印刷します（環境変数 `HYOKA_BROWSER` で指定できます）。
import  公表された評価書（入力：PDF。poppler-utils の pdftotext で読みます。
        又はそこから取り出したテキスト）を、文書（政策評価書、事前分析表、
        政策評価調書）ごとの .hyoka ファイルに変換し、フォルダー（既定は現在の
        フォルダー）に書き出します。既にあるファイルは --force がなければ
        上書きしません。推測による復元には `// hyoka-import: 推測` を付けます。
        --pdf-mode：pdftotext の読み方（既定の auto は、様式を最も多く
        読み取れた読み方を選びます）。入力にフォルダーを指定すると、その中
        （下の階層まで）の .pdf と .txt をすべて、1件ずつ別のフォルダーに
        書き出します。--check：入力ごとに別のフォルダーに書き出したうえで、
        `hyoka check` と同じ確認を行い、入力ごとに1行（文書数、エラー・
        警告・情報の件数、推測による復元の数）を表示します。終了ステータスは
        `hyoka check` と同じ（取り込めなかった入力があれば 2）。
        --format json：書き出したファイルを JSON で標準出力に示します。
lsp     言語サーバーを標準入出力で起動します。
";

fn detail(d: Detail) -> &'static str {
    match d {
        Detail::NextIndicatorId => "次の空き番号（測定指標）",
        Detail::NextFieldNumber => "次の空き番号（個別分野）",
        Detail::DocumentHeading => "文書の見出し",
        Detail::Field => "個別分野",
        Detail::QualitativeIndicator => "定性的な測定指標",
        Detail::QuantitativeIndicator => "定量的な測定指標",
        Detail::ReferenceIndicator => "参考指標",
        Detail::MeansTable => "達成手段の表",
        Detail::BudgetTable => "施策の予算額・執行額の表",
        Detail::Section => "見出し",
        Detail::RatingOfPeriod => "期間の目標の達成状況",
        Detail::MidtermValue => "中期目標値",
        Detail::Series => "系列：①… ②…",
        Detail::Unit => "単位",
        Detail::Direction => "値が小さいほど良い場合は「減少」",
        Detail::Source => "出典",
        Detail::FiscalYear => "文書の年度",
        Detail::MeasureName => "施策名",
        Detail::Bureau => "担当部局名",
        Detail::WhenEvaluated => "政策評価の実施時期",
        Detail::WhenToBeEvaluated => "政策評価の実施予定時期（事前分析表）",
        Detail::MeasureRating => "施策の目標達成度合いの測定結果",
        Detail::TablesUnit => "以下の表の単位",
        Detail::PolicyPlace => "政策体系上の位置付け",
        Detail::LowerIsBetter => "値が小さいほど良い",
        Detail::MeansCitation => "達成手段の引用",
    }
}
