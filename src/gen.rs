//! A deterministic generator of realistic Hyoka reports, for benchmarks and
//! tests: the structure, prose, tables and mistakes of the bundled real
//! report (`examples/mofa-I-2`), scaled to any size — more fields, more
//! indicators, more years, longer prose. The same seed and size always give
//! the same text.
//!
//! - [`evaluation`] a 政策評価書 of about `bytes` bytes;
//! - [`plan`] the 事前分析表 and [`budget_sheet`] the 政策評価調書 of the same 施策;
//! - [`workspace`] N 施策, each with the three documents.
//!
//! Mistakes are planted at realistic rates (about one in twenty of the
//! places where the real report has one): totals that do not add up,
//! execution above budget, full-width and off-scale ratings, summary ratings
//! that disagree with the block, `--年度` medium-term targets, misnamed means
//! citations, citations of indicators that do not exist, means without a
//! project number. [`Mistakes::none`] generates a clean report.

use std::fmt::Write;
use std::sync::OnceLock;

/// splitmix64: small, fast, deterministic on every platform.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        (self.next_u64() % 1000) < per_mille as u64
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// How often each kind of mistake is planted, per mille of the places where
/// it could be.
#[derive(Clone, Copy, Debug)]
pub struct Mistakes {
    pub total_mismatch: u32,
    pub execution_over_budget: u32,
    pub full_width_rating: u32,
    pub rating_off_scale: u32,
    pub summary_rating_mismatch: u32,
    pub midterm_without_year: u32,
    pub means_name_mismatch: u32,
    pub unknown_indicator: u32,
    pub missing_project_number: u32,
}

impl Mistakes {
    /// Rates like the real report's.
    pub fn realistic() -> Mistakes {
        Mistakes {
            total_mismatch: 40,
            execution_over_budget: 40,
            full_width_rating: 80,
            rating_off_scale: 15,
            summary_rating_mismatch: 30,
            midterm_without_year: 300,
            means_name_mismatch: 150,
            unknown_indicator: 100,
            missing_project_number: 300,
        }
    }
    pub fn none() -> Mistakes {
        Mistakes {
            total_mismatch: 0,
            execution_over_budget: 0,
            full_width_rating: 0,
            rating_off_scale: 0,
            summary_rating_mismatch: 0,
            midterm_without_year: 0,
            means_name_mismatch: 0,
            unknown_indicator: 0,
            missing_project_number: 0,
        }
    }
}

const EVALUATION_SRC: &str = include_str!("../examples/mofa-I-2/evaluation.hyoka");
const PLAN_SRC: &str = include_str!("../examples/mofa-I-2/plan.hyoka");

struct Bank {
    /// Prose lines of the real report that cite nothing.
    prose: Vec<&'static str>,
    /// Indicator titles of the real report.
    titles: Vec<String>,
    /// Field titles of the real report.
    fields: Vec<String>,
}

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| {
        let mut prose = Vec::new();
        let mut titles = Vec::new();
        let mut fields = Vec::new();
        for line in EVALUATION_SRC.lines().chain(PLAN_SRC.lines()) {
            let l = line.trim_end();
            if let Some(rest) = l.strip_prefix("### 測定指標 ") {
                let t = rest.split_once(' ').map(|x| x.1).unwrap_or("").trim_end_matches(['＊', ' ']);
                if !t.is_empty() && !titles.iter().any(|x| x == t) {
                    titles.push(t.to_string());
                }
                continue;
            }
            if let Some(rest) = l.strip_prefix("## 個別分野 ") {
                let t = rest.split_once(' ').map(|x| x.1).unwrap_or("");
                if !t.is_empty() && !fields.iter().any(|x| x == t) {
                    fields.push(t.to_string());
                }
                continue;
            }
            let plain = !l.is_empty()
                && !l.starts_with(['#', '@', '|', '/', '\\', '＃', '＠', '｜', '【', '（', '('])
                && l.len() > 60
                && !["測定指標", "参考指標", "個別分野", "達成手段", "http", "【", "】", "（注", "(注", "（※", "(※"].iter().any(|w| l.contains(w))
                && l.matches('（').count() == l.matches('）').count()
                && l.matches('(').count() == l.matches(')').count();
            if plain {
                prose.push(l);
            }
        }
        Bank { prose, titles, fields }
    })
}

const ROMAN: [&str; 10] = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ"];
const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const UNITS: [&str; 5] = ["回", "件", "人", "％", "百万円"];
const MEANS_NAMES: [&str; 12] = [
    "北米諸国との政治分野での協力推進",
    "北米諸国との経済分野での協力推進",
    "米国との安全保障分野での協力推進",
    "在日米軍の安定的な駐留への理解促進",
    "対日理解促進交流プログラム",
    "在米日系人との交流事業",
    "戦略的対外発信の強化",
    "草の根交流の推進",
    "地方連携の推進",
    "経済外交の推進",
    "日本語教育支援事業",
    "有識者招へい事業",
];

/// Full-width digits, as the official documents write them in prose and tables.
pub fn fw(n: impl std::fmt::Display) -> String {
    n.to_string().chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap() } else { c }).collect()
}

fn circled(n: usize) -> char {
    CIRCLED.chars().nth((n - 1) % 20).unwrap()
}

/// The 施策 ID of the `i`-th 施策 of a workspace: `Ⅰ-1` … `Ⅹ-50`, then `Ⅰ-1-2` ….
pub fn measure_id(i: usize) -> String {
    let (g, n, k) = (i % 500 / 50, i % 50 + 1, i / 500);
    if k == 0 {
        format!("{}-{}", ROMAN[g], n)
    } else {
        format!("{}-{}-{}", ROMAN[g], n, k + 1)
    }
}

/// The shape of one 施策: what its three documents share.
#[derive(Clone, Debug)]
pub struct Shape {
    pub measure_id: String,
    pub name: String,
    /// The first rated fiscal year (令和N) and how many years are rated.
    pub first_year: u32,
    pub years: usize,
    /// Paragraphs per prose block (longer prose for larger reports).
    pub prose: usize,
    pub fields: Vec<FieldShape>,
    /// 当初予算 per year (百万円), the rated years and the evaluation year.
    pub budget: Vec<u64>,
    pub means: Vec<MeansShape>,
}

#[derive(Clone, Debug)]
pub struct FieldShape {
    pub number: usize,
    pub title: String,
    pub indicators: Vec<IndicatorShape>,
    pub reference: bool,
}

#[derive(Clone, Debug)]
pub struct IndicatorShape {
    pub number: usize,
    pub title: String,
    pub main: bool,
    /// `(series, targets per year, results per year)` for a quantitative indicator.
    pub figures: Option<(usize, Vec<Vec<u64>>, Vec<Vec<u64>>)>,
    pub unit: &'static str,
    pub rating: char,
}

#[derive(Clone, Debug)]
pub struct MeansShape {
    pub number: usize,
    pub field: usize,
    pub name: String,
    pub amounts: Vec<(u64, u64)>,
    pub related: Vec<(usize, usize)>,
}

impl Shape {
    /// A 施策 with `indicators` indicators in total.
    pub fn new(rng: &mut Rng, measure_id: &str, indicators: usize, years: usize, prose: usize) -> Shape {
        let b = bank();
        let name = b.fields[rng.below(b.fields.len())].clone();
        let mut fields = Vec::new();
        let mut left = indicators.max(1);
        let mut number = 1;
        while left > 0 {
            let n = rng.range(2, 6).min(left);
            left -= n;
            let title = b.fields[rng.below(b.fields.len())].clone();
            let mut inds = Vec::new();
            for i in 1..=n {
                let quantitative = rng.chance(450);
                let figures = quantitative.then(|| {
                    let series = if rng.chance(300) { 2 } else { 1 };
                    let mut targets = Vec::new();
                    let mut results = Vec::new();
                    for _ in 0..years {
                        let t: Vec<u64> = (0..series).map(|_| rng.range(5, 120) as u64).collect();
                        let r: Vec<u64> = t.iter().map(|&t| (t as i64 + rng.range(0, 30) as i64 - 12).max(0) as u64).collect();
                        targets.push(t);
                        results.push(r);
                    }
                    (series, targets, results)
                });
                let met = figures.as_ref().map(|(_, t, r)| t.iter().zip(r).all(|(t, r)| t.iter().zip(r).all(|(a, b)| b >= a)));
                let rating = match met {
                    Some(true) => 'a',
                    Some(false) => 'b',
                    None => *rng.pick(&['a', 'a', 'b', 'b', 'b', 's']),
                };
                inds.push(IndicatorShape {
                    number: i,
                    title: b.titles[rng.below(b.titles.len())].clone(),
                    main: i == 1 || rng.chance(250),
                    figures,
                    unit: UNITS[rng.below(UNITS.len())],
                    rating,
                });
            }
            fields.push(FieldShape { number, title, indicators: inds, reference: rng.chance(400) });
            number += 1;
        }
        let budget: Vec<u64> = (0..=years).map(|_| rng.range(300, 900) as u64).collect();
        let mut means = Vec::new();
        let mut k = 1;
        for f in &fields {
            for _ in 0..rng.range(1, 3) {
                let inds = &f.indicators;
                let mut related = vec![(f.number, inds[rng.below(inds.len())].number)];
                if rng.chance(400) {
                    let j = inds[rng.below(inds.len())].number;
                    if !related.contains(&(f.number, j)) {
                        related.push((f.number, j));
                    }
                }
                let amounts = (0..=years)
                    .map(|_| {
                        let a = rng.range(10, 150) as u64;
                        (a, a * rng.range(50, 100) as u64 / 100)
                    })
                    .collect();
                means.push(MeansShape { number: k, field: f.number, name: MEANS_NAMES[rng.below(MEANS_NAMES.len())].to_string(), amounts, related });
                k += 1;
            }
        }
        Shape { measure_id: measure_id.to_string(), name, first_year: 2, years, prose, fields, budget, means }
    }

    /// 令和 year of the evaluation (the year after the rated period).
    pub fn eval_year(&self) -> u32 {
        self.first_year + self.years as u32
    }
    fn rated_years(&self) -> impl Iterator<Item = u32> + '_ {
        self.first_year..self.eval_year()
    }
    /// `２・３・４` for the rating keys and the summary heading.
    fn period(&self, full_width: bool) -> String {
        self.rated_years().map(|y| if full_width { fw(y) } else { y.to_string() }).collect::<Vec<_>>().join("・")
    }
}

fn paragraphs(out: &mut String, rng: &mut Rng, n: usize) {
    let b = bank();
    for _ in 0..n {
        let sentences = rng.range(1, 2);
        for _ in 0..sentences {
            out.push_str(b.prose[rng.below(b.prose.len())]);
        }
        out.push_str("\n\n");
    }
}

fn budget_tables(out: &mut String, s: &Shape, rng: &mut Rng, m: &Mistakes) {
    let head: String = s.rated_years().chain(std::iter::once(s.eval_year())).map(|y| format!(" 令和{}年度 |", fw(y))).collect();
    out.push_str("## 施策の予算額・執行額等（分担金・拠出金除く）\n\n@単位: 百万円\n");
    let _ = writeln!(out, "| 区分 |{head}");
    let n = s.years;
    let row = |out: &mut String, label: &str, vals: &[String]| {
        let _ = writeln!(out, "| {label} |{}", vals.iter().map(|v| format!(" {v} |")).collect::<String>());
    };
    let supp: Vec<u64> = (0..n).map(|_| if rng.chance(200) { rng.range(1, 40) as u64 } else { 0 }).collect();
    let pad = |mut v: Vec<String>| {
        v.push(String::new());
        v
    };
    row(out, "当初予算(a)", &s.budget.iter().map(|v| v.to_string()).collect::<Vec<_>>());
    row(out, "補正予算(b)", &pad(supp.iter().map(|v| v.to_string()).collect()));
    row(out, "繰越し等(c)", &pad((0..n).map(|_| "0".to_string()).collect()));
    let totals: Vec<String> =
        (0..n).map(|i| (s.budget[i] + supp[i] + if rng.chance(m.total_mismatch) { 1 } else { 0 }).to_string()).collect();
    row(out, "合計(a＋b＋c)", &pad(totals));
    let exec: Vec<String> = (0..n)
        .map(|i| {
            let total = s.budget[i] + supp[i];
            if rng.chance(m.execution_over_budget) { total + rng.range(1, 50) as u64 } else { total * rng.range(55, 98) as u64 / 100 }.to_string()
        })
        .collect();
    row(out, "執行額(百万円)", &pad(exec));
    out.push_str("\n## 同（分担金・拠出金）\n\n@単位: 百万円\n");
    let _ = writeln!(out, "| 区分 |{head}");
    let zeros = |k: usize| (0..k).map(|_| "0".to_string()).collect::<Vec<_>>();
    row(out, "当初予算(a)", &zeros(n + 1));
    row(out, "補正予算(b)", &pad(zeros(n)));
    row(out, "繰越し等(c)", &pad(zeros(n)));
    row(out, "合計(a＋b＋c)", &pad(zeros(n)));
    row(out, "執行額(百万円)", &pad(zeros(n)));
    out.push('\n');
}

fn series_value(vals: &[u64], unit: &str) -> String {
    if vals.len() == 1 {
        return if unit == "％" { format!("{}％", vals[0]) } else { fmt_thousands(vals[0]) };
    }
    vals.iter().enumerate().map(|(i, v)| format!("{}{}", circled(i + 1), v)).collect::<Vec<_>>().join(" ")
}

fn fmt_thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn rating_text(rng: &mut Rng, m: &Mistakes, r: char) -> String {
    if rng.chance(m.rating_off_scale) {
        "e".into()
    } else if rng.chance(m.full_width_rating) {
        char::from_u32(r as u32 - 'a' as u32 + 'ａ' as u32).unwrap().to_string()
    } else {
        r.to_string()
    }
}

/// The 政策評価書 of a shape.
pub fn evaluation_of(s: &Shape, seed: u64, m: &Mistakes) -> String {
    let mut rng = Rng::new(seed ^ 0xE7A1);
    let mut out = String::with_capacity(256 * 1024);
    let ey = s.eval_year();
    let _ = write!(
        out,
        "# 政策評価書 {id} {name}\n@年度: 令和{ey}年度\n@施策名: {name}\n@番号: 外務省{fey}－{id}\n\n## 施策目標\n\n",
        id = s.measure_id,
        name = s.name,
        fey = fw(ey - 1)
    );
    paragraphs(&mut out, &mut rng, 2 + s.prose);
    budget_tables(&mut out, s, &mut Rng::new(seed ^ 0xB0D6E7), m);
    out.push_str("## 評価結果\n// 評価結果(注１)\n\n@目標達成度合いの測定結果: 相当程度進展あり（Ｂ）\n\n(判断根拠)\n\n主要な測定指標がおおむね目標に近い実績を示したことから、左記のとおり判定した。\n\n");
    let period_fw = s.period(true);
    let _ = write!(out, "## 測定指標の令和{period_fw}年度目標の達成状況\n\n| 測定指標 | 名称 | 達成状況 |\n");
    for f in &s.fields {
        let _ = writeln!(out, "| 個別分野{} | {} | |", fw(f.number), f.title);
        for i in &f.indicators {
            let r = if rng.chance(m.summary_rating_mismatch) { if i.rating == 'a' { 'b' } else { 'a' } } else { i.rating };
            let _ = writeln!(
                out,
                "| {}{}－{} | {} | {} |",
                if i.main { "＊" } else { "" },
                fw(f.number),
                fw(i.number),
                i.title,
                rating_text(&mut rng, m, r)
            );
        }
    }
    out.push_str("\n## 学識経験を有する者の知見の活用\n\n(外務省政策評価アドバイザリー・グループ・メンバーの所見)\n\n");
    for f in &s.fields {
        let i = &f.indicators[rng.below(f.indicators.len())];
        let n = if rng.chance(m.unknown_indicator) { 99 } else { i.number };
        let _ = write!(out, "・測定指標{}－{}について、", fw(f.number), fw(n));
        paragraphs(&mut out, &mut rng, 1);
    }
    out.push_str("@担当部局名: 北米局\n");
    let _ = write!(out, "@政策評価実施時期: 令和{}年８月\n\n", fw(ey));
    let period = s.period(false);
    for f in &s.fields {
        let _ = write!(out, "\n## 個別分野 {} {}\n\n### 施策の概要\n\n", f.number, f.title);
        paragraphs(&mut out, &mut rng, 1 + s.prose / 2);
        out.push_str("### 関連する内閣の重要政策（施策方針演説等のうち主なもの）\n\n・第 208 回国会施政方針演説（令和４年１月 17日）\n\n・第 208 回国会外交演説（令和４年１月 17日）\n\n");
        for i in &f.indicators {
            let _ = write!(out, "### 測定指標 {}-{} {}{}\n\n", f.number, i.number, i.title, if i.main { " ＊" } else { "" });
            match &i.figures {
                None => {
                    if rng.chance(m.midterm_without_year) {
                        out.push_str("#### 中期目標（--年度）\n\n");
                    } else {
                        let _ = write!(out, "#### 中期目標（令和{}年度）\n\n", fw(ey + 2));
                    }
                    paragraphs(&mut out, &mut rng, 1 + s.prose / 2);
                    for y in s.rated_years() {
                        let _ = write!(out, "#### 令和{}年度目標\n\n", fw(y));
                        paragraphs(&mut out, &mut rng, s.prose);
                        out.push_str("#### 施策の進捗状況・実績\n\n");
                        paragraphs(&mut out, &mut rng, 1 + s.prose);
                    }
                }
                Some((series, targets, results)) => {
                    if *series > 1 {
                        out.push_str("@系列: ①一般の部 ②有識者の部\n\n");
                    }
                    paragraphs(&mut out, &mut rng, s.prose / 2);
                    let _ = writeln!(out, "@単位: {}", i.unit);
                    let last = targets.last().unwrap();
                    let _ = write!(out, "@中期目標値（令和{}年度）: {}\n\n| 年度 | 目標値 | 実績値 |\n", fw(ey + 2), series_value(last, i.unit));
                    for (k, y) in s.rated_years().enumerate() {
                        let _ = writeln!(out, "| 令和{}年度 | {} | {} |", fw(y), series_value(&targets[k], i.unit), series_value(&results[k], i.unit));
                    }
                    out.push('\n');
                }
            }
            let _ = write!(out, "@令和{period}年度目標の達成状況: {}\n\n", rating_text(&mut rng, m, i.rating));
        }
        if f.reference {
            let _ = write!(out, "### 参考指標 {} {}\n\n| 区分 |", f.number, bank().titles[rng.below(bank().titles.len())]);
            for y in s.rated_years() {
                let _ = write!(out, " 令和{}年度 |", fw(y));
            }
            out.push_str("\n| 件数 |");
            for _ in s.rated_years() {
                let _ = write!(out, " {} 件 |", rng.range(10, 400));
            }
            out.push_str("\n\n");
        }
        let _ = write!(out, "### 評価結果(個別分野{})\n\n#### 施策の分析\n\n", fw(f.number));
        let means: Vec<&MeansShape> = s.means.iter().filter(|x| x.field == f.number).collect();
        for i in &f.indicators {
            let _ = write!(out, "【測定指標{}－{} {}{}】\n\n", fw(f.number), fw(i.number), i.title, if i.main { " ＊" } else { "" });
            paragraphs(&mut out, &mut rng, s.prose);
            if let Some(mn) = means.iter().find(|x| x.related.contains(&(f.number, i.number))) {
                let name = if rng.chance(m.means_name_mismatch) { format!("{}等", mn.name) } else { mn.name.clone() };
                let _ = write!(out, "以上のように、所期の目標は達成されたと判定される。（令和{}年度：{}（達成手段{}））\n\n", s.period(true), name, circled(mn.number));
            }
        }
        out.push_str("#### 次期目標等への反映の方向性\n\n");
        paragraphs(&mut out, &mut rng, 1 + s.prose);
        out.push_str("### 作成にあたって使用した資料その他の情報\n\n・外務省ホームページ\n\n（https://www.mofa.go.jp/mofaj/area/usa/index.html）\n\n");
    }
    out
}

/// The 事前分析表 of a shape.
pub fn plan_of(s: &Shape, seed: u64, m: &Mistakes) -> String {
    let mut rng = Rng::new(seed ^ 0x91A4);
    let mut out = String::with_capacity(64 * 1024);
    let ey = s.eval_year();
    let _ = write!(out, "# 事前分析表 {id} {name}\n@年度: 令和{ey}年度\n@施策名: {name}\n\n## 施策目標\n", id = s.measure_id, name = s.name);
    paragraphs(&mut out, &mut rng, 1 + s.prose / 2);
    out.push_str("## 目標設定の考え方・根拠\n");
    paragraphs(&mut out, &mut rng, 1 + s.prose / 2);
    // The same figures as the evaluation's tables, without its mistakes
    // (the random stream is the same: a mistake costs no extra draw).
    budget_tables(&mut out, s, &mut Rng::new(seed ^ 0xB0D6E7), &Mistakes::none());
    out.push_str("@政策体系上の位置付け: 地域別外交\n@担当部局名: 北米局\n");
    let _ = write!(out, "@政策評価実施予定時期: 令和{}年８月\n\n", fw(ey + 3));
    for f in &s.fields {
        let _ = write!(out, "## 個別分野 {} {}\n\n### 施策の概要\n", f.number, f.title);
        paragraphs(&mut out, &mut rng, 1);
        for i in &f.indicators {
            let _ = write!(out, "### 測定指標 {}-{} {}{}\n", f.number, i.number, i.title, if i.main { " ＊" } else { "" });
            match &i.figures {
                None => {
                    let _ = writeln!(out, "#### 中期目標（令和{}年度）", fw(ey + 2));
                    paragraphs(&mut out, &mut rng, 1);
                    let _ = writeln!(out, "#### 令和{}年度目標", fw(ey));
                    paragraphs(&mut out, &mut rng, 1);
                }
                Some((series, targets, _)) => {
                    if *series > 1 {
                        out.push_str("@系列: ①一般の部 ②有識者の部\n");
                    }
                    let last = targets.last().unwrap();
                    let _ = writeln!(out, "@単位: {}", i.unit);
                    let _ = write!(out, "@中期目標値（令和{}年度）: {}\n| 年度 | 目標値 |\n", fw(ey + 2), series_value(last, i.unit));
                    let _ = write!(out, "| 令和{}年度 | {} |\n\n", fw(ey), series_value(last, i.unit));
                }
            }
            out.push_str("#### 評価結果を踏まえた変更点及びその理由\n");
            paragraphs(&mut out, &mut rng, 1);
        }
        out.push_str("### 達成手段\n@単位: 百万円\n| 達成手段 |");
        for y in s.rated_years() {
            let _ = write!(out, " 令和{y}年度 |");
        }
        let _ = writeln!(out, " 令和{ey}年度当初 | 関連する測定指標 | 事業番号 |");
        for mn in s.means.iter().filter(|x| x.field == f.number) {
            let _ = write!(out, "| {}{} |", circled(mn.number), mn.name);
            for (b, e) in &mn.amounts[..s.years] {
                let _ = write!(out, " {b} ({e}) |");
            }
            let related: Vec<String> = mn.related.iter().map(|(f, i)| format!("{f}-{i}")).collect();
            let number = if rng.chance(m.missing_project_number) { String::new() } else { format!("{:04}", mn.number) };
            let _ = writeln!(out, " {} | {} | {} |", mn.amounts[s.years].0, related.join(" "), number);
        }
        out.push('\n');
    }
    out
}

/// The 政策評価調書 of a shape (amounts in 千円).
pub fn budget_sheet_of(s: &Shape, _seed: u64) -> String {
    let ey = s.eval_year();
    let cur = s.budget[s.years] * 1000;
    let (a, b) = (cur * 37 / 100, cur - cur * 37 / 100);
    let next = |v: u64| v * 104 / 100;
    let mut out = String::new();
    let _ = write!(
        out,
        "# 政策評価調書 {id} {name}\n@年度: 令和{ey}年度\n@政策名: {name}\n@番号: ②\n@評価方式: 総合･実績･事業･その他\n@政策目標の達成度合い: 相当程度進展あり\n@単位: 千円\n\n別紙６-２\n【政策ごとの予算額】\n\n",
        id = s.measure_id,
        name = s.name
    );
    let _ = writeln!(out, "| 区分 | 会計 | 組織／勘定 | 項 | 事項 | {ey}年度当初予算額 | {}年度概算要求額 | 他に記載のある個別票の番号 |", ey + 1);
    out.push_str("| 政策評価の対象となっているもの | | | | | | | |\n");
    let _ = writeln!(out, "| | 一般 | 外務本省 | 地域別外交費 | {}に必要な経費 | {} | {} | |", s.name, fmt_thousands(a), fmt_thousands(next(a)));
    let _ = writeln!(out, "| | 一般 | 在外公館 | 地域別外交費 | {}に必要な経費 | {} | {} | |", s.name, fmt_thousands(b), fmt_thousands(next(b)));
    let _ = writeln!(out, "| 小計 | | | | | {} | {} | |", fmt_thousands(cur), fmt_thousands(next(a) + next(b)));
    out.push_str("| 政策評価の対象となっていないが、ある政策に属すると整理できるもの | | | | | | | |\n| 小計 | | | | | | | |\n");
    let _ = writeln!(out, "| 合計 | | | | | {} | {} | |", fmt_thousands(cur), fmt_thousands(next(a) + next(b)));
    out
}

/// Rated years and prose length for a report of `bytes` bytes: larger
/// reports rate more years and write longer prose.
fn scale(bytes: usize) -> (usize, usize) {
    match bytes {
        0..=400_000 => (3, 2),
        400_001..=2_000_000 => (4, 3),
        _ => (5, 3),
    }
}

/// The shape of a 施策 whose evaluation is about `bytes` bytes long.
pub fn shape(seed: u64, measure_id: &str, bytes: usize) -> Shape {
    let (years, prose) = scale(bytes);
    // Calibrate the number of indicators on a first draft.
    let guess = (bytes / 14_000).max(1);
    let draft = Shape::new(&mut Rng::new(seed), measure_id, guess, years, prose);
    let len = evaluation_of(&draft, seed, &Mistakes::realistic()).len();
    let n = ((guess as f64 * bytes as f64 / len as f64).round() as usize).max(1);
    if n == guess {
        return draft;
    }
    Shape::new(&mut Rng::new(seed), measure_id, n, years, prose)
}

/// A 政策評価書 of about `bytes` bytes with realistic mistakes.
pub fn evaluation(seed: u64, bytes: usize) -> String {
    let s = shape(seed, "Ⅰ-2", bytes);
    evaluation_of(&s, seed, &Mistakes::realistic())
}

/// The 事前分析表 that goes with [`evaluation`] of the same seed and size.
pub fn plan(seed: u64, bytes: usize) -> String {
    let s = shape(seed, "Ⅰ-2", bytes);
    plan_of(&s, seed, &Mistakes::realistic())
}

/// The 政策評価調書 that goes with [`evaluation`] of the same seed and size.
pub fn budget_sheet(seed: u64, bytes: usize) -> String {
    budget_sheet_of(&shape(seed, "Ⅰ-2", bytes), seed)
}

/// A workspace of `measures` 施策, each with an evaluation of about
/// `evaluation_bytes` bytes (varying ±25 %), its plan and its budget sheet:
/// (relative path, text). Paths: `measure-0001/evaluation.hyoka` etc.
pub fn workspace(measures: usize, seed: u64, evaluation_bytes: usize) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(measures * 3);
    let mut rng = Rng::new(seed);
    for i in 0..measures {
        let id = measure_id(i);
        let bytes = evaluation_bytes * rng.range(75, 125) / 100;
        let s = shape(seed.wrapping_add(i as u64 * 7919), &id, bytes);
        let sd = seed.wrapping_add(i as u64);
        let dir = format!("measure-{:04}", i + 1);
        out.push((format!("{dir}/evaluation.hyoka"), evaluation_of(&s, sd, &Mistakes::realistic())));
        out.push((format!("{dir}/plan.hyoka"), plan_of(&s, sd, &Mistakes::realistic())));
        out.push((format!("{dir}/budget-sheet.hyoka"), budget_sheet_of(&s, sd)));
    }
    out
}

/// Writes [`workspace`] under `dir`; returns the number of bytes written.
pub fn write_workspace(dir: &std::path::Path, measures: usize, seed: u64, evaluation_bytes: usize) -> std::io::Result<usize> {
    let mut total = 0;
    for (path, text) in workspace(measures, seed, evaluation_bytes) {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap())?;
        std::fs::write(&p, &text)?;
        total += text.len();
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::config::Config;
    use std::collections::BTreeSet;

    fn codes(text: &str) -> BTreeSet<&'static str> {
        let a = analysis::analyze(text, &Config::default());
        assert!(a.report.syntax_errors.is_empty(), "syntax errors: {:?}", &a.report.syntax_errors[..a.report.syntax_errors.len().min(5)]);
        a.diagnostics.iter().map(|d| d.code()).collect()
    }

    #[test]
    fn deterministic_and_sized() {
        assert_eq!(evaluation(7, 50_000), evaluation(7, 50_000));
        assert_ne!(evaluation(7, 50_000), evaluation(8, 50_000));
        for size in [50_000, 200_000, 1_000_000] {
            let len = evaluation(1, size).len();
            assert!(len > size * 8 / 10 && len < size * 12 / 10, "{size}: {len}");
        }
    }

    #[test]
    fn evaluation_parses_and_has_the_planted_mistakes() {
        let mut found = codes(&evaluation(1, 300_000));
        // The budget tables are small: gather their mistakes over a few seeds.
        for seed in 2..40 {
            found.extend(codes(&evaluation(seed, 20_000)));
        }
        // Only kinds that the generator plants (or that follow from them).
        // HY0209: the prose is sampled from the real report, whose sentence
        // 「目標の達成度を「ｓ」と判定した」 may land under an indicator rated
        // otherwise.
        // HY0120 (information): random yearly targets may pass the 中期目標値.
        let allowed = ["HY0102", "HY0107", "HY0201", "HY0203", "HY0204", "HY0206", "HY0301", "HY0302", "HY0207", "HY0113", "HY0112", "HY0209", "HY0120"];
        for c in &found {
            assert!(allowed.contains(c), "unexpected {c} in {found:?}");
        }
        for c in ["HY0102", "HY0107", "HY0201", "HY0203", "HY0204", "HY0301", "HY0302"] {
            assert!(found.contains(c), "{c} missing from {found:?}");
        }
    }

    #[test]
    fn clean_reports_are_clean() {
        let s = shape(3, "Ⅰ-2", 100_000);
        let text = evaluation_of(&s, 3, &Mistakes::none());
        let found = codes(&text);
        let benign = ["HY0206", "HY0207", "HY0112", "HY0120"];
        assert!(found.iter().all(|c| benign.contains(c)), "{found:?}");
    }

    #[test]
    fn workspace_sets_are_cross_checked() {
        let ws = workspace(6, 5, 30_000);
        assert_eq!(ws.len(), 18);
        let config = Config::default();
        let analysed: Vec<(String, analysis::Analysis)> = ws.iter().map(|(p, t)| (p.clone(), analysis::analyze(t, &config))).collect();
        let mut found = BTreeSet::new();
        for (p, a) in &analysed {
            assert!(a.report.syntax_errors.is_empty(), "{p}");
            found.extend(a.diagnostics.iter().map(|d| d.code()));
        }
        let docs: Vec<(&str, &crate::model::Report)> = analysed.iter().map(|(p, a)| (p.as_str(), &a.report)).collect();
        let cross = analysis::cross_check(&docs, &config);
        found.extend(cross.iter().map(|(_, d)| d.code()));
        for c in ["HY0307", "HY0106", "HY0309"] {
            assert!(found.contains(c), "{c} missing from {found:?}");
        }
    }
}
