//! The 政策評価調書（個別票）: a spreadsheet printed to PDF, whose text the
//! extraction gives cell by cell in drawing order rather than row by row.
//! The form is fixed, so the cells are recognised by what they are (labels,
//! items with their amounts, 予算科目, totals, 内数) and put back in the
//! form's rows; where the order is inferred, a comment says so.

use super::lines::Phys;
use super::out::Out;
use super::report::{Converted, Meta};
use crate::model::DocKind;
use crate::normalize::{compact, fold, parse_number};

const COVERED: &str = "政策評価の対象となっているもの";
const BELONGING: &str = "政策評価の対象となっていないが、ある政策に属すると整理できるもの";
const OTHER_SHEET: &str = "他に記載のある個別票の番号";
const LABELS: [&str; 4] = ["政策名", "番号", "評価方式", "政策目標の達成度合い"];
const HEADER_WORDS: [&str; 11] = ["会計", "組織／勘定", "組織/勘定", "予算科目", "項", "事項", "予算額", "当初予算額", "概算要求額", "区分", OTHER_SHEET];

/// An item: 会計, 組織／勘定, the 予算科目 (項, 事項) when printed on the
/// item's line, and the amounts.
type Item = (String, String, Option<(String, String)>, Vec<String>);

/// A row of the table as the text gives it, in the order it comes.
enum Seq {
    Block(&'static str),
    Item(usize),
    /// `小計` or `合計` and its amounts.
    Total(String, Vec<String>),
    /// `一般会計` or `特別会計` and its cells.
    Account(String, Vec<String>),
    Amounts(Vec<String>),
    Inner(Vec<String>),
}

/// What the sheet says, before it is put in rows.
#[derive(Default)]
struct Parts {
    /// The rows in the order the text gives them.
    seq: Vec<Seq>,
    /// The column headers printed on one line, a word each.
    header_words: Option<Vec<String>>,
    /// The line under a title with its 施策 ID: the 施策's name.
    title_name: Option<String>,
    prose_before: Vec<String>,
    title: Option<String>,
    id: Option<String>,
    year: Option<String>,
    /// Words before any label, which no label claims.
    early: Vec<String>,
    attrs: Vec<(String, String)>,
    orphans: Vec<String>,
    unit: Option<String>,
    header: Vec<String>,
    years: Vec<String>,
    blocks: Vec<&'static str>,
    items: Vec<Item>,
    subjects: Vec<(String, String)>,
    amounts: Vec<Vec<String>>,
    inner: Vec<Vec<String>>,
    subtotal_labels: usize,
    total_labels: usize,
    account_labels: Vec<String>,
    leftover: Vec<String>,
}

fn amount(s: &str) -> bool {
    let f = fold(s);
    parse_number(&f).is_some() || crate::normalize::is_none_mark(&f)
}

/// `＜ ＞ の内数 ＜ ＞ の内数` → its two cells.
fn inner_cells(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while let Some(p) = rest.find("の内数") {
        let end = p + "の内数".len();
        out.push(rest[..end].trim().to_string());
        rest = rest[end..].trim();
    }
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

fn year_word(s: &str) -> bool {
    let c = compact(s);
    c.ends_with("年度") && c.trim_end_matches("年度").chars().all(|ch| ch.is_ascii_digit()) && c.len() > "年度".len()
}

fn header_line(s: &str) -> bool {
    let c = compact(s);
    if HEADER_WORDS.iter().any(|w| compact(w) == c) {
        return true;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.iter().all(|w| {
            let c = compact(w);
            HEADER_WORDS.iter().any(|h| compact(h) == c)
                || year_word(w)
                || (c.contains("年度") && (c.ends_with("当初予算額") || c.ends_with("概算要求額")))
        })
}

/// The logical lines of the sheet: physical lines, with a label the
/// extraction broke over consecutive lines (`政策評価の対象と` /
/// `なっているもの`) put back together.
fn sheet_lines(lines: &[Phys], range: std::ops::Range<usize>, dropped: &[bool]) -> Vec<String> {
    let idx: Vec<usize> = range.filter(|&i| !dropped[i] && !lines[i].is_blank()).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < idx.len() {
        let t = lines[idx[k]].text.trim().to_string();
        let mut joined = None;
        for label in [COVERED, BELONGING, OTHER_SHEET] {
            let want = compact(label);
            let mut acc = compact(&t);
            if acc == want || !want.starts_with(&acc) {
                continue;
            }
            let mut j = k + 1;
            while j < idx.len() && j <= k + 8 && want.starts_with(&(acc.clone() + &compact(&lines[idx[j]].text))) {
                acc.push_str(&compact(&lines[idx[j]].text));
                j += 1;
                if acc == want {
                    joined = Some((j, label.to_string()));
                    break;
                }
            }
            if joined.is_some() {
                break;
            }
        }
        match joined {
            Some((j, label)) => {
                out.push(label);
                k = j;
            }
            None => {
                out.push(t);
                k += 1;
            }
        }
    }
    out
}

/// Puts back together the cells a sheet printed row by row wrapped (a
/// table too wide for the page): after a header `区分 会計 …`, the header's
/// last cell (`他に記載のある個別票の` / `番号`), and an item's last text cell
/// (`一般 外務本省 地域別外交費 北米…促進に` / `必要な経費`) before the line of
/// its amounts. The other cells are short and do not wrap.
fn rejoin_rows(lines: Vec<String>) -> Vec<String> {
    let single = |t: &str| !t.trim().is_empty() && !t.trim().contains(char::is_whitespace) && !amount(t) && t.chars().count() <= 40;
    let label = |t: &str| {
        let c = compact(t.split_whitespace().next().unwrap_or(""));
        ["小計", "合計", "一般会計", "特別会計"].contains(&c.as_str()) || LABELS.iter().any(|l| compact(l) == c) || c == compact(COVERED) || c == compact(BELONGING)
    };
    let mut out: Vec<String> = Vec::new();
    let mut rows = false;
    let mut k = 0;
    while k < lines.len() {
        let t = &lines[k];
        let words: Vec<&str> = t.split_whitespace().collect();
        if !rows && compact(words.first().copied().unwrap_or("")) == "区分" {
            rows = true;
            if !header_line(t) {
                if let Some(next) = lines.get(k + 1).filter(|n| single(n)) {
                    let joined = format!("{}{}", t.trim_end(), next.trim());
                    if header_line(&joined) {
                        out.push(joined);
                        k += 2;
                        continue;
                    }
                }
            }
        }
        if rows && (3..=4).contains(&words.len()) && !words.iter().any(|w| amount(w)) && !label(t) && !header_line(t) {
            let mut j = k + 1;
            let mut rest = String::new();
            while j < lines.len() && j <= k + 3 && single(&lines[j]) && !label(&lines[j]) && !header_line(&lines[j]) {
                rest.push_str(lines[j].trim());
                j += 1;
            }
            let amounts = lines.get(j).map(|a| a.split_whitespace().collect::<Vec<_>>()).unwrap_or_default();
            if !rest.is_empty() && (1..=3).contains(&amounts.len()) && amount(amounts[0]) {
                out.push(format!("{}{} {}", t.trim_end(), rest, lines[j].trim()));
                k = j + 1;
                continue;
            }
        }
        out.push(t.clone());
        k += 1;
    }
    out
}

fn parts(lines: Vec<String>) -> Parts {
    let mut p = Parts::default();
    let mut seen_table = false;
    let mut after_id_title = false;
    for t in lines {
        let c = compact(&t);
        if c.starts_with("政策評価調書") && p.title.is_none() {
            // `政策評価調書 Ⅰ-2`: the title with the 施策 ID, and the 施策's
            // name on the next line (as `hyoka render` prints it).
            let rest = c.trim_start_matches("政策評価調書");
            if super::text::id_like(rest) {
                p.id = Some(rest.to_string());
                after_id_title = true;
            }
            p.title = Some(t);
            continue;
        }
        if std::mem::take(&mut after_id_title)
            && !t.contains(char::is_whitespace)
            && t.chars().count() <= 40
            && !LABELS.iter().chain(["年度", "単位"].iter()).any(|l| c.starts_with(&compact(l)))
            && !amount(&t)
        {
            p.title_name = Some(t);
            continue;
        }
        // `年度 令和5年度 政策名 北米地域外交`: labels beside their values.
        if let Some((before, pairs)) = super::text::label_values(&t, &["年度", "単位"]).filter(|(b, _)| b.is_empty() || LABELS.iter().any(|l| b.iter().any(|w| compact(w) == compact(l)))) {
            let mut rest = before;
            for (label, value) in pairs {
                // The value runs to the next label of the sheet.
                let words: Vec<&str> = value.split_whitespace().collect();
                let end = words.iter().position(|w| LABELS.iter().any(|l| compact(l) == compact(w))).unwrap_or(words.len());
                let v = words[..end].join(" ");
                if v.is_empty() {
                    p.orphans.push(label);
                } else if label == "年度" {
                    p.year = Some(v);
                } else {
                    p.unit = Some(v);
                }
                rest.extend(words[end..].iter().map(|w| w.to_string()));
            }
            if !rest.is_empty() {
                let t = rest.join(" ");
                let words: Vec<&str> = t.split_whitespace().collect();
                let mut cur: Option<usize> = None;
                let mut before: Vec<&str> = Vec::new();
                for w in words {
                    if let Some(l) = LABELS.iter().find(|l| compact(l) == compact(w)) {
                        p.attrs.push((l.to_string(), String::new()));
                        cur = Some(p.attrs.len() - 1);
                    } else if let Some(k) = cur {
                        let v = &mut p.attrs[k].1;
                        if !v.is_empty() {
                            v.push(' ');
                        }
                        v.push_str(w);
                    } else {
                        before.push(w);
                    }
                }
                if !before.is_empty() {
                    p.early.push(before.join(" "));
                }
            }
            continue;
        }
        if !seen_table && (c.starts_with("別紙") || c.starts_with('【')) {
            p.prose_before.push(t);
            continue;
        }
        if c == "(千円)" || c == "(単位:千円)" || c == "単位:千円" || c == "(百万円)" {
            p.unit = Some(c.trim_matches(['(', ')']).trim_start_matches("単位:").to_string());
            continue;
        }
        if c == compact(COVERED) {
            p.blocks.push(COVERED);
            p.seq.push(Seq::Block(COVERED));
            seen_table = true;
            continue;
        }
        if c == compact(BELONGING) {
            p.blocks.push(BELONGING);
            p.seq.push(Seq::Block(BELONGING));
            seen_table = true;
            continue;
        }
        // `小計` alone, or with its amounts on the same line.
        let words: Vec<&str> = t.split_whitespace().collect();
        let label = compact(words.first().copied().unwrap_or(""));
        if (label == "小計" || label == "合計") && words[1..].iter().all(|w| amount(w)) && (words.len() == 1 || compact(&t) == c) {
            if label == "小計" {
                p.subtotal_labels += 1;
            } else {
                p.total_labels += 1;
            }
            let v: Vec<String> = words[1..].iter().map(|w| w.to_string()).collect();
            if words.len() > 1 {
                p.amounts.push(v.clone());
                seen_table = true;
            }
            p.seq.push(Seq::Total(label, v));
            continue;
        }
        if c == "小計" || c == "合計" {
            if c == "小計" {
                p.subtotal_labels += 1;
            } else {
                p.total_labels += 1;
            }
            p.seq.push(Seq::Total(c, Vec::new()));
            continue;
        }
        if c == "一般会計" || c == "特別会計" {
            p.account_labels.push(c.clone());
            p.seq.push(Seq::Account(c, Vec::new()));
            continue;
        }
        if t.contains("の内数") {
            // `一般会計 ＜ ＞ の内数 ＜ ＞ の内数`: the account and its cells on one line.
            let first = words.first().map(|w| compact(w)).unwrap_or_default();
            if words.len() > 1 && (first == "一般会計" || first == "特別会計") {
                let rest = t.trim_start()[words[0].len()..].trim();
                let cells = inner_cells(rest);
                p.account_labels.push(first.clone());
                p.inner.push(cells.clone());
                p.seq.push(Seq::Account(first, cells));
            } else {
                let cells = inner_cells(&t);
                p.inner.push(cells.clone());
                p.seq.push(Seq::Inner(cells));
            }
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.iter().any(|w| LABELS.iter().any(|l| compact(l) == compact(w))) {
            let mut cur: Option<usize> = None;
            let mut before: Vec<&str> = Vec::new();
            for w in words {
                if let Some(l) = LABELS.iter().find(|l| compact(l) == compact(w)) {
                    p.attrs.push((l.to_string(), String::new()));
                    cur = Some(p.attrs.len() - 1);
                } else if let Some(k) = cur {
                    let v = &mut p.attrs[k].1;
                    if !v.is_empty() {
                        v.push(' ');
                    }
                    v.push_str(w);
                } else {
                    before.push(w);
                }
            }
            if !before.is_empty() {
                p.early.push(before.join(" "));
            }
            continue;
        }
        if header_line(&t) {
            // The header again after a page break (a table printed over pages).
            if p.header.iter().any(|h| h.split_whitespace().eq(t.split_whitespace())) {
                continue;
            }
            for w in t.split_whitespace() {
                if year_word(w) || compact(w).contains("年度") {
                    p.years.push(w.to_string());
                }
            }
            if p.header.is_empty() && compact(words.first().copied().unwrap_or("")) == "区分" && words.len() == 8 {
                p.header_words = Some(words.iter().map(|w| w.to_string()).collect());
            }
            p.header.push(t);
            continue;
        }
        if !words.is_empty() && words.iter().all(|w| amount(w)) {
            let v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            p.amounts.push(v.clone());
            p.seq.push(Seq::Amounts(v));
            seen_table = true;
            continue;
        }
        let first_amount = words.iter().position(|w| amount(w));
        if let Some(a) = first_amount {
            // The amounts, and perhaps the number of another sheet after them.
            let amounts_end = words[a..].iter().position(|w| !amount(w)).map_or(words.len(), |k| a + k);
            let tail_ok = words.len() - amounts_end <= 1 && amounts_end - a >= 1;
            if tail_ok && (a == 2 || a == 4) {
                let (acc, org) = (words[0].to_string(), words[1].to_string());
                let subject = (a == 4).then(|| (words[2].to_string(), words[3].to_string()));
                let mut v: Vec<String> = words[a..amounts_end].iter().map(|w| w.to_string()).collect();
                if let Some(other) = words.get(amounts_end) {
                    v.resize(2.max(v.len()), String::new());
                    v.push(other.to_string());
                }
                p.items.push((acc, org, subject, v));
                p.seq.push(Seq::Item(p.items.len() - 1));
                seen_table = true;
                continue;
            }
        }
        if words.len() == 2 && seen_table {
            p.subjects.push((words[0].to_string(), words[1].to_string()));
            continue;
        }
        if words.len() == 1 && p.title.is_some() {
            // Before any label: it stays before them; after, with the rest.
            if p.attrs.is_empty() {
                p.early.push(t);
            } else {
                p.orphans.push(t);
            }
            continue;
        }
        p.leftover.push(t);
    }
    p
}

fn number_of(s: &str) -> Option<f64> {
    parse_number(&fold(s)).map(|n| n.value)
}

pub(crate) fn convert(lines: &[Phys], range: std::ops::Range<usize>, dropped: &[bool]) -> Converted {
    let mut p = parts(rejoin_rows(sheet_lines(lines, range, dropped)));
    let mut out = Out::default();
    let mut meta = Meta::default();
    if let Some(t) = &p.title {
        meta.title_lines.push(t.clone());
    }
    if let Some(n) = &p.title_name {
        meta.title_lines.push(n.clone());
        meta.name = Some(n.clone());
    }
    // Labels printed apart from their values.
    let mut notes = Vec::new();
    let mut orphans = std::mem::take(&mut p.orphans);
    let mut early = std::mem::take(&mut p.early);
    // A value printed apart from its label: from the words after the labels,
    // then from those before.
    let take = |pool: &mut [&mut Vec<String>], pred: &dyn Fn(&str) -> bool| -> Option<String> {
        for v in pool.iter_mut() {
            if let Some(k) = v.iter().position(|o| pred(o)) {
                return Some(v.remove(k));
            }
        }
        None
    };
    let methods = |o: &str| ["総合", "実績", "事業", "その他"].iter().filter(|m| o.contains(*m)).count() >= 2;
    for (label, value) in p.attrs.iter_mut() {
        if !value.is_empty() {
            continue;
        }
        let found = match label.as_str() {
            "評価方式" => take(&mut [&mut orphans, &mut early], &|o| methods(o) || o.contains("総合") || o.contains("実績")),
            "政策名" => take(&mut [&mut orphans, &mut early], &|o| !amount(o) && !methods(o) && !LABELS.iter().any(|l| o.contains(l))),
            _ => None,
        };
        if let Some(v) = found {
            *value = v;
            notes.push(format!("「{label}」の値は、印刷で離れた位置にあった「{value}」とした"));
        }
    }
    // The options of 評価方式 read as its value where its label is not printed.
    if !p.attrs.iter().any(|(l, _)| l == "評価方式") {
        if let Some(value) = take(&mut [&mut orphans, &mut early], &|o| methods(o)) {
            notes.push(format!("「{value}」は評価方式の選択肢と読み、その値とした"));
            p.attrs.push(("評価方式".to_string(), value));
        }
    }
    // In the form's order.
    p.attrs.sort_by_key(|(l, _)| LABELS.iter().position(|x| x == l).unwrap_or(LABELS.len()));
    // What no label claims stays where it was: before the labels, or after
    // the table.
    for o in early {
        out.prose(&o);
    }
    for (label, value) in &p.attrs {
        if label == "政策名" && !value.is_empty() {
            meta.name = Some(value.clone());
        }
    }
    for (label, value) in &p.attrs {
        out.attr(label, value);
        if value.is_empty() {
            notes.push(format!("「{label}」の値が見つからない"));
        }
    }
    if let Some(u) = &p.unit {
        out.attr("単位", u);
    }
    for n in &notes {
        out.guess(n);
    }
    out.end_block();
    for t in &p.prose_before {
        out.prose(t);
    }
    let printed = |y: &String| y.split_whitespace().collect::<String>();
    let current = p.years.first().map(|y| printed(y).trim_end_matches("当初予算額").to_string());
    let next = p.years.get(1).map(|y| printed(y).trim_end_matches("概算要求額").to_string());
    let cur_col = current.as_ref().map(|c| format!("{c}当初予算額")).unwrap_or_else(|| "当初予算額".into());
    let next_col = next.as_ref().map(|c| format!("{c}概算要求額")).unwrap_or_else(|| "概算要求額".into());
    meta.year = p.year.clone().or_else(|| current.clone());
    meta.id = p.id.clone();
    if !p.header.is_empty() {
        out.comment(&format!("印刷の列見出し: {}", p.header.join(" ／ ")));
    }
    if ordered(&p) {
        rows_in_order(&mut p, &cur_col, &next_col, &mut out);
        for o in orphans {
            out.prose(&o);
        }
        for l in p.leftover {
            out.prose(&l);
        }
        return Converted { kind: DocKind::BudgetSheet, meta, body: out };
    }
    // Items with their 予算科目, in order.
    // The items whose 予算科目 is printed elsewhere take the loose ones in order.
    let apart = p.items.iter().filter(|i| i.2.is_none()).count();
    let paired = p.subjects.len() == apart;
    if apart > 0 && !paired {
        out.guess(&format!("予算科目（{}行）と項目（{}行）の数が合わないため、予算科目は表の後に本文として残した", p.subjects.len(), apart));
    } else if apart > 0 && !p.subjects.is_empty() {
        out.guess("予算科目（項・事項）は印刷で金額と別の位置にあるため、現れた順に各項目へ対応付けた");
    }
    // The items of each block: a block's items add up to its 小計.
    let mut blocks = p.blocks.clone();
    blocks.sort_by_key(|b| if *b == COVERED { 0 } else { 1 });
    blocks.dedup();
    if blocks.is_empty() && !p.items.is_empty() {
        blocks.push(COVERED);
    }
    let mut of_block: Vec<Vec<usize>> = vec![Vec::new(); blocks.len()];
    let mut amounts = p.amounts.clone();
    if !blocks.is_empty() {
        let mut b = 0;
        let mut sum = 0.0;
        for (k, item) in p.items.iter().enumerate() {
            of_block[b].push(k);
            sum += item.3.first().and_then(|v| number_of(v)).unwrap_or(0.0);
            let target = amounts.get(b).and_then(|a| a.first()).and_then(|v| number_of(v));
            if target.is_some_and(|t| (t - sum).abs() < 0.5) && b + 1 < blocks.len() {
                b += 1;
                sum = 0.0;
            }
        }
        if blocks.len() > 1 && of_block.iter().filter(|v| !v.is_empty()).count() > 0 {
            out.guess("各項目の区分（政策評価の対象となっているもの等）は、小計と合う位置までの項目をその区分とした");
        }
    }
    let filled: Vec<bool> = of_block.iter().map(|v| !v.is_empty()).collect();
    let wanted = filled.iter().filter(|f| **f).count() + usize::from(p.total_labels > 0);
    if !amounts.is_empty() && amounts.len() != wanted {
        out.guess(&format!("金額だけの行（{}行）が小計・合計の行（{}行）と合わないため、順に当てた", amounts.len(), wanted));
    }
    let groups = blocks.len() + usize::from(p.total_labels > 0);
    let per_group = p.account_labels.len().checked_div(groups).unwrap_or(0);
    if !p.inner.is_empty() && p.inner.len() != p.account_labels.len() {
        out.guess(&format!("「の内数」の行（{}行）が一般会計・特別会計の行（{}行）と合わないため、順に当てた", p.inner.len(), p.account_labels.len()));
    } else if !p.inner.is_empty() {
        out.guess("「の内数」の値は、印刷で離れた位置にあるため、小計・合計の下の一般会計・特別会計へ順に当てた");
    }
    let row = |label: &str, acc: &str, org: &str, item: &str, matter: &str, v: &[String]| -> Vec<String> {
        let mut r = vec![label.to_string(), acc.to_string(), org.to_string(), item.to_string(), matter.to_string()];
        r.push(v.first().cloned().unwrap_or_default());
        r.push(v.get(1).cloned().unwrap_or_default());
        r.push(v.get(2..).map(|x| x.join(" ")).unwrap_or_default());
        r
    };
    let mut subjects = p.subjects.clone().into_iter();
    let mut inner = p.inner.into_iter();
    let mut accounts = p.account_labels.clone().into_iter();
    let mut amounts_it = amounts.drain(..);
    let table = !blocks.is_empty() || !p.items.is_empty() || !amounts_it.as_slice().is_empty() || !inner.as_slice().is_empty();
    if table {
        out.row(&["区分".into(), "会計".into(), "組織／勘定".into(), "項".into(), "事項".into(), cur_col, next_col, OTHER_SHEET.into()]);
        let mut emit_accounts = |out: &mut Out| {
            for _ in 0..per_group {
                let Some(acc) = accounts.next() else { break };
                let v = inner.next().unwrap_or_default();
                out.row(&row("", &acc, "", "", "", &v));
            }
        };
        for (b, title) in blocks.iter().enumerate() {
            out.row(&row(title, "", "", "", "", &[]));
            for &k in &of_block[b] {
                let (acc, org, own, v) = &p.items[k];
                let (item, matter) = match own {
                    Some(sub) => sub.clone(),
                    None if paired => subjects.next().unwrap_or_default(),
                    None => (String::new(), String::new()),
                };
                out.row(&row("", acc, org, &item, &matter, v));
            }
            let v = if filled[b] { amounts_it.next().unwrap_or_default() } else { Vec::new() };
            out.row(&row("小計", "", "", "", "", &v));
            emit_accounts(&mut out);
        }
        if p.total_labels > 0 {
            let v = amounts_it.next().unwrap_or_default();
            out.row(&row("合計", "", "", "", "", &v));
            emit_accounts(&mut out);
        }
        for v in amounts_it {
            out.row(&row("", "", "", "", "", &v));
        }
        for v in inner {
            out.row(&row("", "", "", "", "", &v));
        }
        out.end_block();
    }
    if !paired {
        for (a, b) in &p.subjects {
            out.prose(&format!("{a} {b}"));
        }
    }
    for o in orphans {
        out.prose(&o);
    }
    for l in p.leftover {
        out.prose(&l);
    }
    for a in accounts {
        out.prose(&a);
    }
    // Labels of rows the sheet has no place for.
    for _ in blocks.len()..p.subtotal_labels {
        out.prose("小計");
    }
    for _ in usize::from(table)..p.total_labels {
        out.prose("合計");
    }
    Converted { kind: DocKind::BudgetSheet, meta, body: out }
}

/// Whether the text gives the table row by row, as a sheet printed from
/// its rows does (`hyoka render`): a block's title first, and each item
/// with its 予算科目 on its line. Then the rows are read in order and
/// nothing is inferred.
fn ordered(p: &Parts) -> bool {
    matches!(p.seq.first(), Some(Seq::Block(_))) && p.items.iter().all(|i| i.2.is_some()) && p.subjects.is_empty()
}

fn rows_in_order(p: &mut Parts, cur_col: &str, next_col: &str, out: &mut Out) {
    let header = match &p.header_words {
        Some(h) => h.clone(),
        None => ["区分", "会計", "組織／勘定", "項", "事項", cur_col, next_col, OTHER_SHEET].iter().map(|s| s.to_string()).collect(),
    };
    out.row(&header);
    let row = |label: &str, acc: &str, org: &str, item: &str, matter: &str, v: &[String]| -> Vec<String> {
        let mut r = vec![label.to_string(), acc.to_string(), org.to_string(), item.to_string(), matter.to_string()];
        r.push(v.first().cloned().unwrap_or_default());
        r.push(v.get(1).cloned().unwrap_or_default());
        r.push(v.get(2..).map(|x| x.join(" ")).unwrap_or_default());
        r
    };
    for s in std::mem::take(&mut p.seq) {
        let cells = match s {
            Seq::Block(title) => row(title, "", "", "", "", &[]),
            Seq::Item(k) => {
                let (acc, org, subject, v) = &p.items[k];
                let (item, matter) = subject.clone().unwrap_or_default();
                row("", acc, org, &item, &matter, v)
            }
            Seq::Total(label, v) => row(&label, "", "", "", "", &v),
            Seq::Account(acc, v) => row("", &acc, "", "", "", &v),
            Seq::Amounts(v) | Seq::Inner(v) => row("", "", "", "", "", &v),
        };
        out.row(&cells);
    }
    out.end_block();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner() {
        assert_eq!(inner_cells("＜ ＞ の内数 ＜ ＞ の内数"), vec!["＜ ＞ の内数", "＜ ＞ の内数"]);
        assert!(header_line("項 事項") && header_line("５年度") && header_line("会計 組織／勘定"));
        assert!(!header_line("地域別外交費 北米地域外交に必要な経費"));
    }

    /// The sheet as `hyoka render` prints it: a row to a line, in order,
    /// the header again after a page break; read as printed, no guess.
    #[test]
    fn rows_printed_in_order() {
        let text = "1 / 2\n政 策評 価調 書 Ⅰ- 2\n北米地域外交\n年度 令和5年度 政策名 北米地域外交\n単位 千円\n\
区分 会計 組織／勘定 項 事項 5年度当初予算額 6年度概算要求額 他に記載のある個別票の番号\n政策評価の対象となっているもの\n\
一般 外務本省 地域別外交費 北米地域外交に必要な経費 219,691 244,404 Ⅰ-3\n小計 219,691 244,404\n一般会計 ＜ ＞ の内数 ＜ ＞ の内数\n\
\u{c}2 / 2\n区分 会計 組織／勘定 項 事項 5年度当初予算額 6年度概算要求額 他に記載のある個別票の番号\n合計 219,691 244,404\n";
        let docs = crate::import::import_text(text);
        assert_eq!(docs.len(), 1);
        let t = &docs[0].text;
        assert_eq!(docs[0].guesses, 0, "{t}");
        assert!(t.starts_with("# 政策評価調書 Ⅰ-2 北米地域外交\n@年度: 令和5年度\n"), "{t}");
        let rows: Vec<&str> = t.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(
            rows,
            vec![
                "| 区分 | 会計 | 組織／勘定 | 項 | 事項 | 5年度当初予算額 | 6年度概算要求額 | 他に記載のある個別票の番号 |",
                "| 政策評価の対象となっているもの | | | | | | | |",
                "| | 一般 | 外務本省 | 地域別外交費 | 北米地域外交に必要な経費 | 219,691 | 244,404 | Ⅰ-3 |",
                "| 小計 | | | | | 219,691 | 244,404 | |",
                "| | 一般会計 | | | | ＜ ＞ の内数 | ＜ ＞ の内数 | |",
                "| 合計 | | | | | 219,691 | 244,404 | |",
            ],
            "{t}"
        );
        assert!(!t.lines().any(|l| l == "北米地域外交"), "the title's second line is not prose: {t}");
        // A table too wide for the page: its long cells wrapped.
        let wrapped = text
            .replace("他に記載のある個別票の番号\n政策評価", "他に記載のある個別票の\n番号\n政策評価")
            .replace("北米地域外交に必要な経費 219,691 244,404 Ⅰ-3", "北米地域外交に\n必要な経費\n219,691 244,404 Ⅰ-3");
        assert_eq!(crate::import::import_text(&wrapped)[0].text, *t);
    }
}
