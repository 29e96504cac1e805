//! The document model: a typed report lowered from the syntax tree.
//!
//! Everything a check or a feature talks about is here, each with the byte
//! span it came from. Lowering never fails: what it cannot interpret it keeps
//! as plain sections, prose and raw cells, and the checks say what is wrong.

pub mod arithmetic;
mod lower;
pub mod shift;
pub mod values;

pub use lower::lower;
pub(crate) use lower::{indicator_id_in, line_inlines, splice, LineFacts};

use crate::normalize::FiscalYear;
pub use values::{CellValue, SeriesValue};

pub type Span = std::ops::Range<usize>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// 政策評価書
    Evaluation,
    /// 事前分析表
    Plan,
    /// 政策評価調書（個別票）
    BudgetSheet,
}

impl DocKind {
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Evaluation => "政策評価書",
            DocKind::Plan => "事前分析表",
            DocKind::BudgetSheet => "政策評価調書",
        }
    }
}

/// `1-1`: field number and indicator number; `8` (field 0) where a ministry
/// numbers its indicators with one number (`指標8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorId {
    pub field: u32,
    pub number: u32,
}

impl std::fmt::Display for IndicatorId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field == 0 {
            write!(f, "{}", self.number)
        } else {
            write!(f, "{}-{}", self.field, self.number)
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub kind: Option<DocKind>,
    /// The document heading line, its label (`政策評価書 Ⅰ-2`) and title.
    pub heading: Option<DocHeading>,
    pub year: Option<(FiscalYear, Span)>,
    pub sections: Vec<Section>,
    pub attributes: Vec<Attribute>,
    pub fields: Vec<Field>,
    pub indicators: Vec<Indicator>,
    pub references: Vec<Reference>,
    pub means: Vec<Means>,
    /// Means sections (達成手段) with the field each belongs to.
    pub means_sections: Vec<(usize, Option<u32>)>,
    pub tables: Vec<Table>,
    pub budgets: Vec<BudgetTable>,
    pub citations: Vec<Citation>,
    pub summary: Vec<SummaryEntry>,
    /// The summary table's section, when there is one.
    pub summary_section: Option<usize>,
    /// 目標達成度合いの測定結果 (evaluation) or 政策目標の達成度合い (budget sheet).
    pub measure_rating: Option<TextAt>,
    pub syntax_errors: Vec<(Span, bool)>,
    pub urls: Vec<Span>,
    /// What the prose states that the checks compare with the structure:
    /// ratings and claims in words, 施策 IDs, notes of change.
    pub statements: Vec<Statement>,
    /// The comments `hyoka import` left on its guesses, each a line from
    /// the comment's mark to the end of its text.
    pub guesses: Vec<Span>,
    /// Byte length of the text the report was lowered from.
    pub len: usize,
}

#[derive(Clone, Debug)]
pub struct DocHeading {
    pub span: Span,
    pub label_span: Span,
    /// 施策 ID as folded text: `Ⅰ-2`.
    pub measure_id: Option<String>,
    pub title: Option<TextAt>,
}

/// A piece of text with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct TextAt {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Document,
    Field(usize),
    Indicator(usize),
    Reference(usize),
    Means,
    /// A plain section; the title says what it is.
    Plain,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub level: usize,
    pub kind: SectionKind,
    /// The heading's title as written (without marker and label).
    pub title: String,
    /// The title folded and without spaces, as the checks compare titles.
    pub name: String,
    /// Which of the [`marks`] the title holds ([`TITLE_WORDS`]), found
    /// once when it is lowered.
    pub marks: u16,
    /// The heading line, without its line ending.
    pub heading_span: Span,
    /// The heading's label or title: what an editor selects.
    pub name_span: Span,
    /// From the heading to the end of the last nested section.
    pub extent: Span,
    pub parent: Option<usize>,
    /// Prose lines directly in the section.
    pub prose_lines: usize,
    pub first_prose: Option<Span>,
}

/// Words of section titles the checks look for, with the mark each gives:
/// looked for in the title folded and without spaces (`Section::name`),
/// but 判断根拠 in the title as written.
pub const TITLE_WORDS: [(u16, &str); 9] = [
    (marks::MEASURE_GOAL, "施策目標"),
    (marks::TARGET_RATIONALE, "目標設定の考え方"),
    (marks::EXPERTS, "学識経験を有する者の知見の活用"),
    (marks::BASIS, "判断根拠"),
    (marks::ANALYSIS, "施策の分析"),
    (marks::NEXT, "次期目標等への反映の方向性"),
    (marks::OVERVIEW, "施策の概要"),
    (marks::SOURCES, "作成にあたって使用した資料"),
    (marks::SOURCES, "作成に当たって使用した資料"),
];

/// The bits of [`Section::marks`].
pub mod marks {
    pub const MEASURE_GOAL: u16 = 1;
    pub const TARGET_RATIONALE: u16 = 1 << 1;
    pub const EXPERTS: u16 = 1 << 2;
    pub const BASIS: u16 = 1 << 3;
    pub const ANALYSIS: u16 = 1 << 4;
    pub const NEXT: u16 = 1 << 5;
    pub const OVERVIEW: u16 = 1 << 6;
    /// 作成にあたって使用した資料 (or 当たって).
    pub const SOURCES: u16 = 1 << 7;
}

#[derive(Clone, Debug)]
pub struct Attribute {
    /// The key, folded.
    pub key: String,
    /// The key folded and without spaces, as the checks compare keys.
    pub name: String,
    pub key_span: Span,
    pub value: Option<TextAt>,
    pub span: Span,
    pub section: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub number: u32,
    pub title: Option<TextAt>,
    pub label_span: Span,
    pub section: usize,
}

#[derive(Clone, Debug)]
pub struct Rating {
    /// The years rated, from the attribute key (`令和2・3・4年度…`).
    pub period: Vec<FiscalYear>,
    pub value: TextAt,
    pub key_span: Span,
}

#[derive(Clone, Debug)]
pub struct Midterm {
    pub span: Span,
    /// The target year, `None` for `--年度` or when none is written.
    pub year: Option<FiscalYear>,
    /// The target value of a quantitative indicator.
    pub value: Option<(CellValue, Span)>,
    pub has_text: bool,
}

#[derive(Clone, Debug)]
pub struct IndicatorYear {
    pub year: FiscalYear,
    pub span: Span,
    pub target: Option<(CellValue, Span)>,
    pub result: Option<(CellValue, Span)>,
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: IndicatorId,
    /// The ID as written in the heading, and where.
    pub id_span: Span,
    pub label_span: Span,
    pub title: Option<TextAt>,
    pub main: bool,
    pub field: Option<u32>,
    pub section: usize,
    pub midterm: Option<Midterm>,
    pub years: Vec<IndicatorYear>,
    pub ratings: Vec<Rating>,
    pub series: Vec<(u32, String)>,
    pub series_span: Option<Span>,
    pub lower_is_better: bool,
    pub quantitative: bool,
}

#[derive(Clone, Debug)]
pub struct Reference {
    pub number: Option<String>,
    pub label_span: Span,
    pub title: Option<TextAt>,
    pub field: Option<u32>,
    pub section: usize,
    pub series: Vec<(u32, String)>,
    pub series_span: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct MeansAmount {
    pub year: FiscalYear,
    /// 当初予算額 of the current year rather than 予算額計 of a past year.
    pub initial: bool,
    pub budget: Option<f64>,
    pub execution: Option<f64>,
    pub cell: Span,
}

#[derive(Clone, Debug)]
pub struct Means {
    pub field: Option<u32>,
    pub number: u32,
    /// The name without its number and marks, as written.
    pub name: TextAt,
    pub row_span: Span,
    pub is_new: bool,
    pub main: bool,
    pub amounts: Vec<MeansAmount>,
    pub related: Vec<(IndicatorId, Span)>,
    pub project_number: Option<TextAt>,
    /// The cell for 事業番号, when the table has that column.
    pub project_cell: Option<Span>,
    pub table: usize,
}

#[derive(Clone)]
pub struct Cell {
    pub text: String,
    pub span: Span,
    /// What the text reads as ([`Cell::value`]), its figures with their
    /// units ([`Cell::figures`]) and its year ([`Cell::year`]), read when first asked for: the checks ask
    /// on every keystroke, and a cell outside the part lowered again keeps
    /// what it read. All three depend on the text alone.
    /// (Boxed: most cells of a workspace are never read.)
    read: std::sync::OnceLock<Box<Readings>>,
}

#[derive(Clone, Default)]
struct Readings {
    value: std::sync::OnceLock<CellValue>,
    figures: std::sync::OnceLock<Vec<Figure>>,
    year: std::sync::OnceLock<Option<FiscalYear>>,
}

/// A figure of a cell: the series it is given for (0 for a plain number),
/// its byte offset in the cell and its unit, folded and without spaces.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub label: u32,
    pub offset: usize,
    pub unit: Option<String>,
}

impl Cell {
    pub fn new(text: String, span: Span) -> Cell {
        Cell { text, span, read: Default::default() }
    }

    fn read(&self) -> &Readings {
        self.read.get_or_init(Default::default)
    }

    /// Forgets what was read of the text (it is read again when asked for).
    pub fn forget(&mut self) {
        self.read = Default::default();
    }

    /// The first year the text writes ([`crate::normalize::parse_year`]).
    pub fn year(&self) -> Option<FiscalYear> {
        *self.read().year.get_or_init(|| crate::normalize::parse_year(&self.text))
    }

    /// The text read as a value ([`CellValue::parse`]).
    pub fn value(&self) -> &CellValue {
        self.read().value.get_or_init(|| CellValue::parse(&self.text))
    }

    /// The amount for arithmetic ([`arithmetic::amount`]).
    pub fn amount(&self) -> Option<Option<f64>> {
        arithmetic::amount_of(&self.text, || std::borrow::Cow::Borrowed(self.value()))
    }

    /// The figures of the text with their units: one for a number,
    /// one per series for `①72％ ②0.72`, none for anything else.
    pub fn figures(&self) -> &[Figure] {
        self.read().figures.get_or_init(|| values::figures(&self.text))
    }
}

/// What a cell is, not what it has read of it.
impl std::fmt::Debug for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cell").field("text", &self.text).field("span", &self.span).finish()
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn label(&self) -> &str {
        self.cells.first().map(|c| c.text.as_str()).unwrap_or("")
    }
    pub fn cell(&self, i: usize) -> Option<&Cell> {
        self.cells.get(i)
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub span: Span,
    pub section: Option<usize>,
    pub rows: Vec<Row>,
    /// The unit from the nearest `@単位` above it in its section (or an
    /// enclosing one).
    pub unit: Option<String>,
}

impl Table {
    pub fn header(&self) -> Option<&Row> {
        self.rows.first()
    }
}

/// A 施策 budget table (予算額・執行額等).
#[derive(Clone, Debug)]
pub struct BudgetTable {
    pub table: usize,
    /// The 分担金・拠出金 table rather than the one excluding them.
    pub contribution: bool,
    /// The year of each column (index into the row's cells).
    pub columns: Vec<(usize, FiscalYear)>,
    pub initial_row: Option<usize>,
    pub total_row: Option<usize>,
    pub execution_row: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CitationTarget {
    Means { number: u32, name: Option<TextAt> },
    Indicator { id: IndicatorId, reference: bool, title: Option<TextAt> },
    Field { number: u32 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    pub target: CitationTarget,
    pub span: Span,
    /// The field whose section holds the citation.
    pub field: Option<u32>,
    /// Opening minus closing brackets in the citation.
    pub bracket_balance: i32,
    /// A name quoted right after the citation: 「測定指標３－２「在日米軍の…」」,
    /// 「個別分野３「米国との…」」.
    pub quoted: Option<TextAt>,
    /// In a 【測定指標… ＊】 heading of the analysis: whether it carries ＊.
    pub marked: Option<bool>,
    /// The years a means citation names before its `：` (`令和２・３・４年度：`).
    pub period: Vec<i32>,
}

/// A fact read from one prose line.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub span: Span,
    /// The section whose prose holds the line.
    pub section: Option<usize>,
    pub kind: StatementKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StatementKind {
    /// 「目標の達成度を「ｓ」と判定した」: a rating letter stated in words
    /// (folded, lower case); the span is the letter's.
    Rating { letter: char },
    /// 「施策Ⅰ－２の…」: a 施策 ID in prose (normalised like the heading's).
    MeasureId { id: String },
    /// A sentence of the reasons for a rating that says how the main
    /// indicators fared (判断根拠).
    Claim { claim: Claim },
    /// A line of 「評価結果を踏まえた変更点及びその理由」, compacted.
    Change { text: String },
    /// `https//…`, `http:/…`: an address whose scheme lost a character.
    BrokenUrl,
    /// A line that names the 判断根拠 (the reasons for the 施策's rating).
    Basis,
}

/// What a 判断根拠 sentence says of the main indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Every main indicator met its target (目標達成 or 目標超過達成).
    AllMet,
    /// They came close to their targets (相当程度進展あり).
    NearlyMet,
    /// They fell short and did not come close (進展が大きくない or 目標に向かっていない).
    NotNear,
}

#[derive(Clone, Debug)]
pub struct SummaryEntry {
    pub id: IndicatorId,
    pub id_span: Span,
    pub main: bool,
    pub title: Option<TextAt>,
    pub rating: Option<TextAt>,
    pub row_span: Span,
}

/// The first indicator of each ID ([`Report::indicator_index`]).
pub struct IndicatorIndex<'a>(FastMap<IndicatorId, &'a Indicator>);

/// A map of the model's keys (IDs, numbers, names) for the checks: a fast
/// hasher, fixed (the keys come from the document; iteration order is
/// never relied on).
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

impl<'a> IndicatorIndex<'a> {
    pub fn get(&self, id: IndicatorId) -> Option<&'a Indicator> {
        self.0.get(&id).copied()
    }
}

impl Report {
    /// Forgets what the cells read of their text (a document kept only to
    /// be checked with others: nothing reads its cells again).
    pub fn forget_readings(&mut self) {
        for c in self.tables.iter_mut().flat_map(|t| t.rows.iter_mut()).flat_map(|r| r.cells.iter_mut()) {
            c.forget();
        }
    }

    pub fn indicator(&self, id: IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// [`Report::indicator`] for many lookups: built once, each lookup
    /// then costs the same whatever the number of indicators.
    pub fn indicator_index(&self) -> IndicatorIndex<'_> {
        let mut by_id = FastMap::with_capacity_and_hasher(self.indicators.len(), Default::default());
        for i in &self.indicators {
            by_id.entry(i.id).or_insert(i);
        }
        IndicatorIndex(by_id)
    }

    /// The measure ID the document heading gives, folded.
    pub fn measure_id(&self) -> Option<&str> {
        self.heading.as_ref()?.measure_id.as_deref()
    }

    pub fn attribute(&self, pred: impl Fn(&str) -> bool) -> Option<&Attribute> {
        self.attributes.iter().find(|a| pred(&a.key))
    }

    /// The section's nearest ancestor (itself included) satisfying `pred`.
    pub fn enclosing(&self, mut section: Option<usize>, pred: impl Fn(&Section) -> bool) -> Option<usize> {
        while let Some(s) = section {
            if pred(&self.sections[s]) {
                return Some(s);
            }
            section = self.sections[s].parent;
        }
        None
    }

    pub fn field_of_section(&self, section: Option<usize>) -> Option<u32> {
        let s = self.enclosing(section, |s| matches!(s.kind, SectionKind::Field(_)))?;
        match self.sections[s].kind {
            SectionKind::Field(f) => Some(self.fields[f].number),
            _ => None,
        }
    }
}
