//! The messages Hyoka shows its users, in Japanese and English.
//!
//! A message is a [`Msg`]: a variant per sentence, with typed arguments.
//! Each language has one catalogue, a `match` over every variant
//! ([`en`], [`ja`]): a message missing in one language does not compile.
//! Checks build `Msg` values; the language is chosen where the text is
//! shown (the language server per client, the CLI per run), so an analysis
//! is shared by clients of either language.

mod en;
mod ja;
pub mod reference;

use crate::model::Claim;
use crate::normalize::year_label;

/// The language of the messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// A language tag or locale name (`ja`, `ja-JP`, `ja_JP.UTF-8`, `en-US`,
    /// `C`): Japanese for `ja…`, English for `en…`, `C` and `POSIX`, `None`
    /// for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        let primary = t.split(['-', '_', '.', '@']).next().unwrap_or("");
        match primary {
            "ja" | "jpn" | "japanese" => Some(Lang::Ja),
            "en" | "eng" | "english" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a locale as a user sees it: Japanese when the tag
    /// says Japanese, English otherwise (and when there is none).
    pub fn of_locale(tag: Option<&str>) -> Lang {
        tag.and_then(Lang::from_tag).unwrap_or(Lang::En)
    }

    /// The system's language for the command line: `LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG` (the first one set and not empty), as
    /// POSIX orders them; else the user's locale as the system reports it
    /// (Windows, macOS). English when none says Japanese.
    pub fn from_system() -> Lang {
        #[cfg(feature = "system-locale")]
        let system = sys_locale::get_locale;
        #[cfg(not(feature = "system-locale"))]
        let system = || None;
        Lang::from_env(|k| std::env::var(k).ok(), system)
    }

    /// [`Lang::from_system`] over given sources, for tests.
    pub fn from_env(var: impl Fn(&str) -> Option<String>, system: impl FnOnce() -> Option<String>) -> Lang {
        for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = var(k).filter(|v| !v.is_empty()) {
                return Lang::of_locale(Some(&v));
            }
        }
        Lang::of_locale(system().as_deref())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        match s.trim() {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            other => Err(format!("`{other}` is not a language: use ja or en")),
        }
    }
}

/// Why a document is taken for the near match of another (HY0405).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NearWhy {
    IdOneApart,
    YearOneApart,
    SameName,
}

/// Where a period is written (HY0409).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodPlace {
    SummaryHeading,
    Citation,
}

/// The fixed details of completion items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    NextIndicatorId,
    NextFieldNumber,
    DocumentHeading,
    Field,
    QualitativeIndicator,
    QuantitativeIndicator,
    ReferenceIndicator,
    MeansTable,
    BudgetTable,
    Section,
    RatingOfPeriod,
    MidtermValue,
    Series,
    Unit,
    Direction,
    Source,
    FiscalYear,
    MeasureName,
    Bureau,
    WhenEvaluated,
    WhenToBeEvaluated,
    MeasureRating,
    TablesUnit,
    PolicyPlace,
    LowerIsBetter,
    MeansCitation,
}

/// Every message: diagnostics, their related places and fixes, and the
/// texts of the editor features and the command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// Text in no language of its own: names, IDs, figures (`測定指標1-1`).
    Verbatim(String),

    // Budgets.
    FormulaUndefined { label: String, letter: String },
    TotalMismatch { label: String, column: String, written: String, expr: String, computed: String },
    FixTotal { value: String },
    NotAnAmount { text: String, row: String, column: Option<String>, index: usize },
    ExecutionOverBudget { year: i32, exec: String, row: String, budget: String },
    RelBudget,
    UnknownUnit { unit: String },
    MeansNotAnAmount { label: String, text: String, year: i32 },
    MeansExecutionOverBudget { label: String, name: String, year: i32, exec: String, budget: String },
    NewMeansWithAmount { label: String, name: String, year: i32 },
    MissingProjectNumber { label: String, name: String },
    ContributionWithoutBudget { label: String, name: String, amount: String, year: i32 },
    RelContributionBudget,
    MeansSumVsBudget { year: i32, sum: String, items: usize, initial: bool, budget: String, difference: String },

    // Ratings.
    MainIndicatorUnrated { id: String },
    FixAddRatingLine { period: String },
    SummaryLeavesUnrated { id: String, block: String },
    RelBlockRating,
    SummaryRatesUnratedBlock { id: String, rating: String },
    SummaryRatingMismatch { id: String, summary: String, block: String },
    FixUseBlockRating { rating: String },
    RatingOffScale { id: String, in_summary: bool, rating: String, scale: String },
    FullWidthRating { id: String, in_summary: bool, rating: String },
    FixWrite { text: String },
    RatedWellButMissed { id: String, rating: String, met: usize, years: usize },
    RatedPoorlyButMet { id: String, rating: String, met: usize, years: usize },
    RelResult { year: i32 },
    MeasureLabelOffScale { text: String, labels: String },
    MeasureLetterMismatch { text: String, label: String, letter: String, letter_label: String },
    MeasureLetterOffScale { letter: String, letters: String },
    MeasureRatingUnsupported { label: String, ratings: String, allowed: String },

    // Structure.
    UnbalancedCitation { unclosed: bool, opening: usize, closing: usize },
    HeadingWithoutId { keyword: String, field: bool },
    ColonForgotten { key: String, value: String },
    FixInsertColon,
    LineIncomplete,
    HeadingMalformed,
    AttributeMalformed,
    LineMalformed,
    NotUtf8,
    NoDocumentHeading,
    DocumentLacks { kind: &'static str, missing: Vec<String> },
    FieldLacks { number: u32, missing: Vec<String> },
    YearOutsidePeriod { id: String, year: i32, period: String },
    RelRatedPeriod,
    PeriodYearsMissing { id: String, period: String, missing: Vec<i32> },

    // References.
    NoMainIndicator,
    MissingMidterm { id: String, quantitative: bool },
    FixAddMidterm { year: i32 },
    MissingTargetYear { id: String },
    FixSetTargetYear { year: i32 },
    MidtermValueMissing { id: String },
    TargetYearBeforePlan { id: String, target: i32, own: i32 },
    PlanYearTargetMissing { id: String, year: i32 },
    ValuesTableMissing { id: String },
    ResultWithoutTarget { id: String, year: i32, quantitative: bool },
    SeriesResultWithoutTarget { id: String, year: i32, label: char },
    UndefinedSeries { name: String, label: char, defined: String },
    RelSeriesDefined,
    UnknownIndicator { id: String },
    IndicatorTitleMismatch { id: String, defined: String, cited: String },
    RelIndicatorTitle,
    FixUseTitle { title: String },
    UnknownField { number: u32 },
    UnknownMeans { field: Option<u32>, label: String },
    MeansNameMismatch { field: Option<u32>, label: String, defined: String, cited: String },
    FixUseName { name: String },
    RelMeansDefined,
    MeansRelatesUnknownIndicator { label: char, name: String, id: String },
    RelatedIndicatorOtherField { label: char, name: String, means_field: u32, id: String, indicator_field: u32 },
    IndicatorWithoutMeans { id: String },
    MissingFromSummary { id: String },
    RelSummaryList,
    MainMarkDiffers { id: String, block_main: bool },
    RelIndicatorBlock,
    SummaryTitleMismatch { id: String, defined: String, listed: String },
    SummaryListsUnknown { id: String },
    IndicatorDefinedTwice { id: String },
    FieldDefinedTwice { number: u32 },
    MeansDefinedTwice { label: char },
    ReferenceDefinedTwice { number: String },
    RelFirstDefined,

    // Across the documents of a 施策.
    PlanTitleDiffers { id: String, here: String, evaluation: String },
    RelEvaluationTitle,
    SheetMonitoredEvaluationRated { label: String },
    RelEvaluationRating,
    SheetRatingDiffers { sheet: String, evaluation: String },
    UnitSlipTables { label: String, year: i32, here: String, here_unit: String, there: String, there_unit: String },
    RelEvaluationFigure,
    TablesDisagree { label: String, year: i32, here: String, there: String },
    UnitSlipSheet { year: i32, sheet: String, unit: String, kind: &'static str, measure: String },
    SheetBudgetMismatch { year: i32, sheet: String, kind: &'static str, measure: String, measure_thousands: String, tolerance: String },
    DuplicateInSet { file: String, kind: &'static str, id: String, year: Option<i32>, first: String },
    RelDocumentCompared,
    PartnerNameMismatch { id: String, here: String, other: String, file: String },
    RelOtherName,
    PartnerNearMatch {
        id: String,
        year: Option<i32>,
        kind: &'static str,
        file: String,
        other_kind: &'static str,
        other_id: String,
        other_year: Option<i32>,
        why: NearWhy,
        filed_next_year: bool,
    },
    RelNearMatch,

    // Checks of the second wave: years, periods, identity, completeness.
    YearWithoutDo { written: String, year: Option<i32> },
    FixInsertDo,
    YearRepeated { year: i32 },
    RelFirstYear,
    YearUnreadable { written: String },
    YearsSkipped { missing: Vec<i32> },
    PeriodLabelDiffers { written: String, rated: String, what: PeriodPlace },
    ScheduleDate { key: String, written: String, fiscal: i32, year: i32, plan: bool },
    NumberNamesOtherMeasure { written: String, id: String, own: String },
    RelDocumentHeading,
    ProseNamesOtherMeasure { id: String, own: String },
    HeadingNamesOtherField { title: String, named: u32, own: u32 },
    RelEnclosingField,
    IndicatorNested { id: String, outer: String, level: usize, outer_level: usize },
    RelOuterIndicator,
    FixHeadingLevel { level: usize },
    TargetYearBeforePeriod { id: String, target: i32, end: i32 },
    MidtermSeriesMissing { id: String, missing: Vec<char> },
    MidtermDisagrees { id: String, year: i32, label: Option<char>, midterm: String, target: String },
    RelYearTarget,
    ResultMissing { id: String, year: i32, label: Option<char> },
    MixedUnits { name: String, label: Option<char>, unit: Option<String>, usual: Option<String> },
    MeansWithoutIndicator { label: char, name: String },
    ProseRatingDiffers { id: String, stated: char, rating: String },
    ReasonsContradictRating { claim: Claim, label: String },
    RelMeasureRating,
    ReferenceRated { number: String },
    FixRemoveLine,
    RatedMetButYearMissed { id: String, rating: String, missed: Vec<i32> },
    DuplicateProjectNumber { number: String, label: char, name: String, first_label: char, first_name: String },
    ExecutionNotClosed { year: i32, own: i32, exec: String },
    ExecutionMissing { year: i32 },
    PlanMainMarkDiffers { id: String, plan_main: bool },
    RelEvaluationIndicator,
    PartnerFieldNameMismatch { number: u32, here: String, other: String, file: String },
    PartnerDepartmentMismatch { here: String, other: String, file: String },
    SummaryFieldNameMismatch { number: u32, listed: String, defined: String },
    RelFieldHeading,
    SeriesWithoutDefinition { name: String, label: char },
    InitialBudgetBlank { year: i32 },
    BrokenUrl,
    SheetItemOtherMeasure { item: String, name: String },
    TableYearsEndElsewhere { last: i32, own: i32, means: bool },
    QualitativeResultMissing { id: String, year: i32 },
    TargetPastMidterm { id: String, year: i32, label: Option<char>, target: String, midterm: String, midterm_year: i32 },
    RelMidterm,
    UnitAgainstDeclared { name: String, unit: String, declared: String },
    CapitalRating { id: String, in_summary: bool, rating: String },
    RatedNearButFar { id: String, rating: String, far: Vec<i32> },
    CitedMainMarkDiffers { id: String, main: bool },
    FieldTitleMismatch { number: u32, defined: String, cited: String },
    MeansExecutionSum { year: i32, sum: String, items: usize, execution: String, difference: String },
    PartnerSeriesMismatch { id: String, label: char, here: String, other: String, file: String },
    TargetLowered { id: String, year: i32, label: Option<char>, target: String, last_year: i32, result: String, last_target: String },
    MeansCitedBeforeItExisted { label: char, name: String, period: String },
    ConfigUnknownProfile { value: String },
    ImportGuess { what: String },
    MeasureRatedBelowIndicators { label: String, ratings: String, expected: String },
    ExecutionRateMismatch { year: i32, written: String, exec: String, row: String, budget: String, computed: String },
    MeasureNumberMismatch { text: String, label: String, number: u32, number_label: String },
    OverallOffScale { text: String, scale: String },
    OverallLetterLabelMismatch { text: String, letter: String, label: String },
    OverallDisagrees { overall: String, measure: String },

    // Configuration.
    ConfigSyntax { detail: String },
    ConfigUnknownCheck { key: String },
    ConfigBadSeverity { key: String, value: String },
    ConfigIndicatorScale,
    ConfigMeasureLetters,
    ConfigTolerance { name: String },
    ConfigBadLanguage { value: String },

    // The command line.
    CliUsage,
    CliUnknownOption { option: String },
    CliNeedsValue { option: String },
    CliUnknownFormat { format: String },
    CliUnknownCommand { command: String },
    CliCannotRead { path: String, error: String },
    CliBadConfig { path: String, error: String },
    CliSeverity(crate::checks::Severity),
    CliNote,
    CliHelp,
    CliSummary { files: usize, errors: usize, warnings: usize, infos: usize },

    // The language server.
    LspInternalError { what: String, detail: String },
    LspChangeNotOpen { uri: String },
    LspChangeStale { uri: String, version: i32, current: String },
    LspUnknownDocument { uri: String },
    LspLargeFiles { count: usize, limit: u64, files: String },
    LspBadConfig { detail: String },
    LspBadSettings { detail: String },
    FixAllFullWidthDigits { count: usize },
    FixAllOfKind { name: &'static str, code: &'static str, count: usize },
    References { count: usize },
    RenameNothingHere,
    RenameField,
    RenameReference,
    RenameNotAnId { name: String },
    RenameBadName,
    RenameNotPossible,

    // Hover, completion, inlay hints.
    Western { body: String, fiscal: bool },
    HoverRatingOf { id: String, period: Option<String>, in_summary: bool },
    HoverBlockRates { rating: String, differs: bool },
    HoverTotalWritten { written: String, difference: String },
    HoverExecution { rate: String, year: Option<i32>, execution: String, budget_label: String, budget: String },
    HoverPeriod { wareki: String, western: String },
    HoverIndicatorRating { letter: String, rank: usize, scale: String },
    HoverWrittenFullWidth { letter: String },
    HoverNotOnScale { letter: String, scale: String },
    HoverMeasureNotLabel { text: String, labels: String },
    HoverMeasureLabel { rank: usize, letter: String },
    HoverLetterMismatch { letter: String, expected: String },
    HoverScale { labels: String },
    HoverFiscalYear { wareki: String, year: i32, western_first: bool },
    HoverCalendarYear { wareki: String, year: i32, western_first: bool },
    HoverText,
    HoverQuantitative(bool),
    HoverMidterm { year: Option<i32>, value: Option<String> },
    HoverRatingLine { period: Option<String>, rating: String, label: Option<&'static str> },
    HoverValuesHeader,
    HoverDescribed,
    HoverIndicatorUndefined { id: String, here: bool },
    HoverMeansUndefined { label: String },
    HoverReferenceUndefined { id: String },
    HoverFieldUndefined { number: u32 },
    HoverDefinedIn { kind: Option<&'static str> },
    HoverCitedAs { name: String },
    HoverExecuted { budget: String, execution: String, rate: Option<String> },
    Detail(Detail),

    // Rendering.
    RenderFindings { count: usize },
    RenderNoFindings,
    RenderLine { line: usize },
    RenderIndexTitle { files: usize },
    RenderColumnMeasure,
    RenderColumnYear,
    RenderColumnDocument,
    RenderColumnFile,
    CliRenderWrote { path: String },
    CliNoBrowser,
    CliPdfFailed { error: String },

    // Importing published reports.
    CliImportWrote { path: String, kind: &'static str, guesses: usize },
    CliImportExists { paths: String, count: usize },
    CliImportNoInput,
    CliImportNothing { path: String },
    CliImportNotUtf8 { path: String },
    CliImportNoPdftotext { error: String },
    CliImportPdftotextFailed { path: String, error: String },
    CliImportPdfMode { path: String, mode: &'static str },
    CliImportBadMode { mode: String },
    CliCannotWrite { path: String, error: String },
    CliImportBadFormat { format: String },
    CliImportNoReports { path: String },
    CliImportReport { input: String, out: String, documents: usize, errors: usize, warnings: usize, infos: usize, guesses: usize },
    CliImportReportFailed { input: String, error: String },
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::text(self),
            Lang::Ja => ja::text(self),
        }
    }

    pub fn en(&self) -> String {
        self.text(Lang::En)
    }

    pub fn ja(&self) -> String {
        self.text(Lang::Ja)
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Msg {
        Msg::Verbatim(s)
    }
}

/// The one-line summary of a check, in a language.
pub fn summary(check: &crate::checks::CheckInfo, lang: Lang) -> &'static str {
    match lang {
        Lang::En => check.summary,
        Lang::Ja => ja::summary(check.code),
    }
}

pub(crate) fn y(year: i32) -> String {
    year_label(year)
}

pub(crate) fn opt_y(year: Option<i32>) -> Option<String> {
    year.map(year_label)
}

/// Words that may stand in a Japanese text: names, units, codes and the
/// command line's own syntax.
const NAMES: &[&str] = &[
    "hyoka", "Hyoka", "UTF", "FFFD", "PATH", "LSP", "JSON", "SARIF", "URI", "toml", "max", "file", "size", "lang", "check",
    "lsp", "version", "format", "config", "human", "json", "sarif", "FOIP", "Chromium", "Chrome", "Edge", "HTML", "PDF", "render",
    "annotate", "pdf", "out", "import", "force", "pdftotext", "poppler", "utils", "raw", "reading", "layout", "auto", "mode", "txt",
];

/// The English words of a text meant to be Japanese: runs of three or more
/// ASCII letters outside `code spans`, 「quotations」 (the document's own
/// text) and [check-names], other than [`NAMES`].
pub fn english_words(text: &str) -> Vec<String> {
    // Link targets of Markdown (`[text](target)`) are addresses, not words.
    let mut unlinked = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        unlinked.push_str(&rest[..i + 1]);
        rest = &rest[i + 2..];
        rest = rest.find(')').map(|j| &rest[j + 1..]).unwrap_or("");
    }
    unlinked.push_str(rest);
    let text = unlinked.as_str();
    let mut plain = String::new();
    let (mut code, mut quote, mut bracket) = (false, 0usize, false);
    for c in text.chars() {
        match c {
            '`' => code = !code,
            '「' if !code => quote += 1,
            '」' if !code && quote > 0 => quote -= 1,
            '[' if !code && quote == 0 => bracket = true,
            ']' if bracket => bracket = false,
            _ if code || quote > 0 || bracket => {}
            _ => plain.push(c),
        }
        if code || quote > 0 || bracket {
            plain.push(' ');
        }
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !NAMES.contains(w))
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod samples;

#[cfg(test)]
mod tests {
    use super::{english_words, samples, Lang, Msg};

    #[test]
    fn samples_cover_every_message() {
        let mut seen = vec![false; samples::VARIANTS];
        for m in samples::samples() {
            seen[samples::variant(&m)] = true;
        }
        let missing: Vec<usize> = seen.iter().enumerate().filter(|(_, s)| !**s).map(|(i, _)| i).collect();
        assert!(missing.is_empty(), "variants without a sample: {missing:?}");
    }

    /// Every message in both languages: the Japanese one has no English
    /// word, and differs from the English one wherever that has words.
    #[test]
    fn every_message_is_japanese_in_japanese() {
        for m in samples::samples() {
            let (ja, en) = (m.ja(), m.en());
            assert!(!ja.is_empty() && !en.is_empty(), "{m:?}");
            assert!(english_words(&ja).is_empty(), "{m:?}: English words {:?} in {ja:?}", english_words(&ja));
            if !english_words(&en).is_empty() && !matches!(m, Msg::Verbatim(_)) {
                assert_ne!(ja, en, "{m:?}");
            }
        }
    }

    #[test]
    fn english_words_skips_codes_quotes_names_and_links() {
        assert_eq!(english_words("測定指標1-1は `@系列` の定義 [means-name-mismatch]"), Vec::<String>::new());
        assert_eq!(english_words("「FOIP Program」と引用 ([format.md](format.md#which-documents)) の hyoka.toml"), Vec::<String>::new());
        assert_eq!(english_words("the 達成手段 is named"), vec!["the", "named"]);
    }

    #[test]
    fn tags_and_locales() {
        for (tag, want) in [
            ("ja", Some(Lang::Ja)),
            ("ja-JP", Some(Lang::Ja)),
            ("ja_JP.UTF-8", Some(Lang::Ja)),
            ("JA_jp.eucJP", Some(Lang::Ja)),
            ("en-US", Some(Lang::En)),
            ("C.UTF-8", Some(Lang::En)),
            ("POSIX", Some(Lang::En)),
            ("de_DE.UTF-8", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_tag(tag), want, "{tag}");
        }
        assert_eq!(Lang::of_locale(Some("fr")), Lang::En);
        assert_eq!(Lang::of_locale(None), Lang::En);
    }

    #[test]
    fn system_language_follows_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
        // LC_ALL wins over LANG; an empty variable is skipped.
        assert_eq!(Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]), || None), Lang::En);
        assert_eq!(Lang::from_env(env(&[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")]), || None), Lang::Ja);
        assert_eq!(Lang::from_env(env(&[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")]), || None), Lang::Ja);
        // No variable: the system's locale (Windows, macOS).
        assert_eq!(Lang::from_env(env(&[]), || Some("ja-JP".into())), Lang::Ja);
        assert_eq!(Lang::from_env(env(&[]), || None), Lang::En);
        // A variable set to another language is English, not the system's.
        assert_eq!(Lang::from_env(env(&[("LANG", "de_DE.UTF-8")]), || Some("ja-JP".into())), Lang::En);
    }
}
