//! Importing the text of a published report: the 政策評価調書, 政策評価書
//! and 事前分析表 as a PDF's text extraction gives them (tables one cell per
//! line, labels broken over lines, page numbers in between) become Hyoka
//! markup, one document each.
//!
//! Pure: text in, documents out. The extraction from a PDF is the command
//! line's (`hyoka import`). The import is faithful: the source's mistakes
//! are kept for the checker to find, and no text is dropped but page
//! furniture; what no reader places stays prose, in order. Where a
//! reconstruction is inferred rather than read (cells that do not divide
//! into the rows, a value printed apart from its label), a comment
//! `// hyoka-import: 推測 …` says so where it happens.

mod lines;
mod out;
mod report;
mod sheet;
mod tables;
mod text;

use crate::model::DocKind;
use crate::normalize::{compact, fold};
use lines::Phys;
use out::Out;
use report::Converted;

pub use out::GUESS as GUESS_PREFIX;

/// One imported document.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub kind: DocKind,
    /// The file name to write it to: `evaluation.hyoka`, `plan.hyoka`,
    /// `budget-sheet.hyoka`, with the 施策 ID when a kind occurs twice.
    pub name: String,
    /// The Hyoka markup.
    pub text: String,
    /// How many reconstructions are marked `// hyoka-import: 推測`.
    pub guesses: usize,
}

/// Imports every document in `text`, in the order they appear.
pub fn import_text(text: &str) -> Vec<Imported> {
    let phys = lines::physical(text);
    let dropped = lines::furniture(&phys);
    let regions = regions(&phys, &dropped);
    let mut converted: Vec<Converted> = regions
        .iter()
        .map(|r| match r.kind {
            DocKind::BudgetSheet => sheet::convert(&phys, r.start..r.end, &dropped),
            kind => {
                let marked = lines::marks_line_ends(&phys, r.start..r.end);
                let mut ls = lines::logical(&phys, r.start..r.end, &dropped, marked);
                if !marked {
                    ls = lines::reflow(report::rejoin_labels(ls), report::starts_block, report::complete_heading);
                }
                report::convert(kind, ls)
            }
        })
        .collect();
    let metas: Vec<(DocKind, report::Meta)> = converted.iter().map(|c| (c.kind, c.meta.clone())).collect();
    let mut docs: Vec<Imported> = converted
        .iter_mut()
        .enumerate()
        .map(|(k, c)| {
            let (head, guesses) = heading(k, &metas, regions[k].guessed_kind);
            let body = std::mem::take(&mut c.body);
            let text = format!("{}\n\n{}", head.text().trim_end(), body.text());
            Imported { kind: c.kind, name: String::new(), text, guesses: guesses + body.guesses }
        })
        .collect();
    for d in docs.iter_mut() {
        d.name = format!("{}.hyoka", base_name(d.kind));
    }
    unique_names(&mut docs);
    docs
}

/// The 0-based indices of the input lines [`import_text`] drops as page
/// furniture (page numbers, link lists).
pub fn page_furniture(text: &str) -> Vec<usize> {
    let phys = lines::physical(text);
    lines::furniture(&phys).iter().enumerate().filter(|(_, d)| **d).map(|(i, _)| i).collect()
}

/// Makes file names unique across documents (of several inputs): a name
/// that occurs twice gets the document's 施策 ID (`evaluation-Ⅰ-2.hyoka`),
/// then a number.
pub fn unique_names(docs: &mut [Imported]) {
    let count = |docs: &[Imported], name: &str| docs.iter().filter(|d| d.name == name).count();
    let with_id: Vec<Option<String>> = docs
        .iter()
        .map(|d| {
            if count(docs, &d.name) < 2 {
                return None;
            }
            // The 施策 ID of the heading `# 政策評価書 Ⅰ-2 北米地域外交`.
            let id = d.text.lines().next()?.split_whitespace().nth(2).filter(|w| text::id_like(w))?;
            let safe: String = id.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
            Some(format!("{}-{safe}.hyoka", d.name.trim_end_matches(".hyoka")))
        })
        .collect();
    for (d, n) in docs.iter_mut().zip(with_id) {
        if let Some(n) = n {
            d.name = n;
        }
    }
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for d in docs.iter_mut() {
        let n = seen.entry(d.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let stem = d.name.trim_end_matches(".hyoka").to_string();
            d.name = format!("{stem}-{n}.hyoka");
        }
    }
}

fn base_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Evaluation => "evaluation",
        DocKind::Plan => "plan",
        DocKind::BudgetSheet => "budget-sheet",
    }
}

/// Where a document starts and what it is.
struct Region {
    kind: DocKind,
    start: usize,
    end: usize,
    /// No title said what the document is.
    guessed_kind: bool,
}

/// A line that is the title of a form.
fn title_kind(c: &str) -> Option<DocKind> {
    // `政策評価書 Ⅰ-2`: the kind and the 施策 ID.
    for (name, kind) in [("政策評価書", DocKind::Evaluation), ("事前分析表", DocKind::Plan)] {
        if c.strip_prefix(name).is_some_and(text::id_like) {
            return Some(kind);
        }
    }
    let short = c.chars().count() <= 16;
    if short && c.ends_with("政策評価書") && (c == "政策評価書" || c.contains("年度")) {
        return Some(DocKind::Evaluation);
    }
    if short && c.ends_with("事前分析表") && (c == "事前分析表" || c.contains("年度")) {
        return Some(DocKind::Plan);
    }
    None
}

/// The lines that mark a budget sheet: `別紙６-２`, `【政策ごとの予算額】`,
/// its title.
fn sheet_marker(c: &str) -> Option<bool> {
    if c.starts_with("政策評価調書") && c.chars().count() <= 16 {
        return Some(true);
    }
    let annex = c.strip_prefix("別紙").is_some_and(|r| !r.is_empty() && r.chars().all(|ch| ch.is_ascii_digit() || ch == '-'));
    (annex || c == "【政策ごとの予算額】").then_some(false)
}

fn regions(phys: &[Phys], dropped: &[bool]) -> Vec<Region> {
    let mut starts: Vec<(usize, DocKind)> = Vec::new();
    let mut sheet_open: Option<(bool, bool)> = None; // (title seen, annex seen)
    for (i, l) in phys.iter().enumerate() {
        if dropped[i] || l.is_blank() {
            continue;
        }
        let c = compact(&l.text);
        if let Some(kind) = title_kind(&c) {
            sheet_open = None;
            // The 施策 line printed above the title belongs to the document.
            let mut s = i;
            if let Some(p) = (0..i).rev().find(|&p| !phys[p].is_blank()) {
                if report::measure_line(&phys[p].text).is_some() {
                    s = p;
                }
            }
            if starts.last().is_some_and(|(st, k)| *k == kind && *st >= s.saturating_sub(3) && *st <= i) {
                continue;
            }
            starts.push((s, kind));
        } else if let Some(is_title) = sheet_marker(&c) {
            let new = match sheet_open {
                None => true,
                Some((title, annex)) => (is_title && title) || (!is_title && c.starts_with("別紙") && annex),
            };
            if new {
                starts.push((i, DocKind::BudgetSheet));
                sheet_open = Some((false, false));
            }
            if let Some(s) = sheet_open.as_mut() {
                if is_title {
                    s.0 = true;
                } else if c.starts_with("別紙") {
                    s.1 = true;
                }
            }
        }
    }
    starts.sort_by_key(|s| s.0);
    starts.dedup_by_key(|s| s.0);
    if starts.is_empty() {
        let whole: String = phys.iter().map(|l| l.text.as_ref()).collect::<Vec<_>>().join("\n");
        let kind = if whole.contains("達成手段名") || whole.contains("事前分析表") {
            DocKind::Plan
        } else if whole.contains("政策評価調書") {
            DocKind::BudgetSheet
        } else {
            DocKind::Evaluation
        };
        return vec![Region { kind, start: 0, end: phys.len(), guessed_kind: true }];
    }
    let mut out: Vec<Region> = Vec::new();
    for (k, (s, kind)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|n| n.0).unwrap_or(phys.len());
        let start = if k == 0 { 0 } else { *s };
        out.push(Region { kind: *kind, start, end, guessed_kind: false });
    }
    out
}

/// The 施策 ID of document `k`: printed, or from a document of the same
/// 施策名 in the input, or from its number; with the reason when inferred.
fn measure_id(k: usize, metas: &[(DocKind, report::Meta)]) -> Option<(String, Option<String>)> {
    let (kind, m) = &metas[k];
    if let (Some(id), false) = (&m.id, m.id_from_number) {
        return Some((id.clone(), None));
    }
    let name = m.name.as_deref().map(compact);
    let sibling = metas.iter().enumerate().find(|(j, (_, o))| {
        *j != k && o.id.is_some() && !o.id_from_number && name.is_some() && o.name.as_deref().map(compact) == name
    });
    if let Some((_, (okind, o))) = sibling {
        let why = format!(
            "施策IDはこの{}に印刷されていないため、同じ入力の{}（施策名「{}」）の施策ID「{}」とした",
            kind.name(),
            okind.name(),
            o.name.as_deref().unwrap_or(""),
            o.id.as_deref().unwrap_or("")
        );
        return Some((o.id.clone().unwrap_or_default(), Some(why)));
    }
    if let (Some(id), Some(num)) = (&m.id, &m.number) {
        return Some((id.clone(), Some(format!("施策IDは番号「{num}」の後半から読んだ"))));
    }
    None
}

/// The document's heading, year and title attributes, and how many
/// guesses they hold.
fn heading(k: usize, metas: &[(DocKind, report::Meta)], guessed_kind: bool) -> (Out, usize) {
    let (kind, m) = &metas[k];
    let mut o = Out::default();
    let id = measure_id(k, metas);
    let mut title = kind.name().to_string();
    if let Some((id, _)) = &id {
        title.push(' ');
        title.push_str(&fold(id));
    }
    if let Some(n) = &m.name {
        title.push(' ');
        title.push_str(n);
    }
    o.title(&title);
    let mut notes: Vec<String> = Vec::new();
    if guessed_kind {
        notes.push(format!("表題が見つからないため、文書の種類を内容から{}とした", kind.name()));
    }
    match &id {
        Some((_, Some(why))) => notes.push(why.clone()),
        Some((_, None)) => {}
        None => notes.push("施策IDが見つからない".into()),
    }
    // The year: printed, or for the budget sheet the year of its 当初予算額
    // column in the era of the other documents.
    let year = match kind {
        DocKind::BudgetSheet if m.year.as_deref().is_some_and(|y| y.starts_with("令和") || y.starts_with("平成")) => m.year.clone(),
        DocKind::BudgetSheet => m.year.as_ref().map(|digits| {
            let era = metas.iter().find_map(|(_, o)| {
                let y = o.year.as_deref()?;
                ["令和", "平成"].into_iter().find(|e| y.starts_with(e))
            });
            if era.is_none() {
                notes.push("年度の元号が印刷にないため令和とした".into());
            }
            let d = digits.trim_end_matches("年度");
            format!("{}{}年度", era.unwrap_or("令和"), d)
        }).filter(|_| m.year.as_deref().is_some_and(|y| y.chars().any(|c| crate::normalize::fold_char(c).is_ascii_digit()))),
        _ => m.year.clone(),
    };
    match &year {
        Some(y) => o.attr("年度", y),
        None => notes.push("年度が見つからない".into()),
    }
    if *kind != DocKind::BudgetSheet {
        if let Some(n) = &m.name {
            o.attr("施策名", n);
        }
        if let Some(n) = &m.number {
            o.attr("番号", n);
        }
    }
    if !m.title_lines.is_empty() {
        o.comment(&format!("表題（印刷）: {}", m.title_lines.join(" ／ ")));
    }
    for n in &notes {
        o.guess(n);
    }
    let g = o.guesses;
    (o, g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_three_forms() {
        let text = "別紙６-２\n\n【政策ごとの予算額】\n\n政策名 番号 ②\n\n政策評価調書（個別票）\n\n北米地域外交\n \
施策Ⅰ-２ 北米地域外交 \n 令和５年度政策評価書 \n施策目標 \n\n本文。 \n 令和５年度事前分析表 \n (外務省５－Ⅰ－２) \n\n施策名（※） 北米地域外交 \n\n施策目標 \n\n本文。 \n";
        let docs = import_text(text);
        let kinds: Vec<DocKind> = docs.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, vec![DocKind::BudgetSheet, DocKind::Evaluation, DocKind::Plan]);
        assert!(docs[1].text.starts_with("# 政策評価書 Ⅰ-2 北米地域外交\n@年度: 令和５年度\n"), "{}", docs[1].text);
        assert!(docs[2].text.starts_with("# 事前分析表 Ⅰ-2 北米地域外交\n"), "{}", docs[2].text);
        assert!(docs[0].text.starts_with("# 政策評価調書 Ⅰ-2 北米地域外交\n"), "{}", docs[0].text);
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["budget-sheet.hyoka", "evaluation.hyoka", "plan.hyoka"]);
    }

    #[test]
    fn names_are_unique() {
        let doc = |id: &str| Imported { kind: DocKind::Evaluation, name: "evaluation.hyoka".into(), text: format!("# 政策評価書 {id} 名\n"), guesses: 0 };
        let mut docs = vec![doc("Ⅰ-2"), doc("Ⅰ-3"), doc("Ⅰ-3"), Imported { name: "plan.hyoka".into(), ..doc("Ⅰ-2") }];
        unique_names(&mut docs);
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["evaluation-Ⅰ-2.hyoka", "evaluation-Ⅰ-3.hyoka", "evaluation-Ⅰ-3-2.hyoka", "plan.hyoka"]);
    }

    #[test]
    fn page_numbers_count_the_pages() {
        // Pages numbered 1, 2, 3 at their ends; a table's last cell `22` at
        // the end of a page without a number is a cell.
        let text = "本文。\n1\n\u{c}本文。\n2\n\u{c}本文。\n3\n\u{c}区分 令和２年度\n当初予算(a) 10\n22\n\u{c}本文。\n";
        assert_eq!(page_furniture(text), vec![1, 3, 5]);
    }

    #[test]
    fn page_numbers_are_furniture() {
        let text = "本文が続き、\n\n\n168 \n\n \n\nここで終わる。 \n";
        assert_eq!(page_furniture(text), vec![3, 5]);
        let docs = import_text(text);
        assert!(docs[0].text.contains("本文が続き、ここで終わる。"), "{}", docs[0].text);
    }
}
