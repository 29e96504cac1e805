//! The tables of the 政策評価書 and 事前分析表, rebuilt from their cells: the
//! budget tables, the summary of ratings, the values of an indicator, a
//! reference indicator's figures and the 達成手段. Each reader takes the
//! logical lines from where its table starts, writes the rows, and says
//! how many lines it used.

use super::lines::Line;
use super::out::Out;
use super::text::{id_prefix, label_then, number_prefix, rating_letter, sentence_like, series_label, single_year, tokens, value_like, year_placeholder};
use crate::normalize::{circled, compact, fold};

/// Row labels of a 施策 budget table.
const BUDGET_ROWS: [&str; 9] = ["当初予算", "補正予算", "繰越し等", "繰越等", "合計", "執行額", "予備費", "不用額", "翌年度繰越"];

fn budget_row_label(s: &str) -> bool {
    let c = compact(s);
    BUDGET_ROWS.iter().any(|l| c.starts_with(l))
}

/// The label of a row (its words up to the first value) and its values.
fn split_row(s: &str) -> (String, Vec<String>) {
    let toks = tokens(s);
    let first_value = toks.iter().position(|t| value_like(t)).unwrap_or(toks.len());
    (toks[..first_value].join(" "), toks[first_value..].to_vec())
}

/// A 施策 budget table after its heading: the header `区分 令和２年度 …`,
/// the row group's label (`予算の状況 (百万円)`) and the rows.
pub(crate) fn budget(lines: &[Line], out: &mut Out) -> usize {
    let mut i = 0;
    let mut header: Option<Vec<String>> = None;
    let mut group = Vec::new();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    while let Some(l) = lines.get(i) {
        let toks = tokens(&l.text);
        if header.is_none() && rows.is_empty() && toks.len() >= 2 && toks[1..].iter().all(|t| single_year(t)) {
            header = Some(toks);
        } else if header.as_ref().is_some_and(|h| *h == toks) {
            // The header again, after a page break.
        } else if budget_row_label(&l.text) && !sentence_like(&l.text) {
            rows.push(split_row(&l.text));
        } else if rows.is_empty() && l.text.chars().count() <= 12 && !sentence_like(&l.text) && (header.is_some() || group.len() < 4) {
            group.push(l.text.clone());
        } else {
            break;
        }
        i += 1;
    }
    if rows.is_empty() {
        // Not a table after all: the lines stay for the caller.
        return 0;
    }
    let group_text = group.join("");
    let unit = ["百万円", "千円", "億円", "円"]
        .into_iter()
        .find(|u| group_text.contains(u) || rows.iter().any(|r| r.0.contains(u)))
        .unwrap_or("");
    if !unit.is_empty() {
        out.attr("単位", unit);
    }
    if !group.is_empty() {
        out.comment(&format!("行の見出し: {}", group.join(" ")));
    }
    let years = header.as_ref().map(|h| h.len() - 1).unwrap_or(0);
    let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(years);
    if header.is_none() {
        out.guess("表の見出し行（区分と年度）が見つからないため、年度の列は空の見出しにした");
    }
    if rows.iter().any(|r| r.1.len() > years) && header.is_some() {
        out.guess("年度の数より多い値の行がある。値は左から順に置いた");
    }
    let mut head = header.clone().unwrap_or_else(|| vec!["区分".to_string()]);
    head.resize(width + 1, String::new());
    out.row(&head);
    for (label, values) in rows {
        let mut cells = vec![label];
        cells.extend(values);
        cells.resize(width + 1, String::new());
        out.row(&cells);
    }
    out.end_block();
    i
}

/// The summary of the indicators' ratings (評価書): group rows
/// `個別分野１ title` and rows `＊１－１ title ａ`, up to the notes.
pub(crate) fn summary(lines: &[Line], out: &mut Out) -> usize {
    let mut i = 0;
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut header = ["測定指標".to_string(), "名称".to_string(), "達成状況".to_string()];
    // A header row printed: `測定指標 名称 達成状況`.
    let mut printed_header: Option<&str> = None;
    if let Some(l) = lines.first() {
        let words: Vec<&str> = l.text.split_whitespace().collect();
        if words.len() == 3 && compact(words[0]).contains("測定指標") && compact(words[2]).contains("達成") {
            header = [words[0].to_string(), words[1].to_string(), words[2].to_string()];
            printed_header = Some(&l.text);
            i += 1;
        }
    }
    while let Some(l) = lines.get(i) {
        let t = l.text.trim();
        // The header again, after a page break.
        if printed_header.is_some_and(|h| h.split_whitespace().eq(t.split_whitespace())) && !rows.is_empty() {
            i += 1;
            continue;
        }
        // `個別分野` / `１` / title on lines of their own.
        if compact(t) == "個別分野" {
            let number = lines.get(i + 1).map(|n| n.text.trim()).filter(|n| number_prefix(n).is_some_and(|(_, r)| r.trim().is_empty()));
            let title = lines.get(i + 2).map(|n| n.text.trim()).filter(|n| !n.is_empty() && id_prefix(n.trim_start_matches(['＊', '*'])).is_none());
            if let (Some(number), Some(title)) = (number, title) {
                rows.push([format!("{t}{number}"), title.to_string(), String::new()]);
                i += 3;
                continue;
            }
        }
        // `個別分野 title` with its number wrapped to the next line.
        if let Some(rest) = super::text::after_label(t, "個別分野").filter(|r| r.starts_with(char::is_whitespace)) {
            let number = lines.get(i + 1).map(|n| n.text.trim()).filter(|n| number_prefix(n).is_some_and(|(_, r)| r.trim().is_empty()));
            if let Some(number) = number {
                rows.push([format!("個別分野{number}"), rest.trim().to_string(), String::new()]);
                i += 2;
                continue;
            }
        }
        if let Some(rest) = super::text::after_label(t, "個別分野") {
            if let Some((_, title)) = number_prefix(rest) {
                let label = &t[..t.len() - title.len()];
                rows.push([label.trim().to_string(), title.trim().to_string(), String::new()]);
                i += 1;
                continue;
            }
        }
        let body = t.trim_start_matches(['＊', '*']);
        if let Some((_, _, rest)) = id_prefix(body) {
            if rest.starts_with(char::is_whitespace) {
                let id = &t[..t.len() - rest.len()];
                let mut title = rest.trim().to_string();
                let mut rating = String::new();
                if let Some((before, last)) = title.rsplit_once(char::is_whitespace) {
                    if rating_letter(last) {
                        rating = last.to_string();
                        title = before.trim().to_string();
                    }
                }
                rows.push([id.trim().to_string(), title, rating]);
                i += 1;
                continue;
            }
        }
        // A row still open for the rest of its title: unrated, or rated with
        // the title's last characters wrapped below (`…割   b` / `合)`).
        let short_rest = t.chars().count() <= 6 && !rating_letter(t);
        let open_row = rows.last().is_some_and(|r| (r[2].is_empty() || short_rest) && !r[0].contains("個別分野"));
        // A rating alone on its line belongs to the row above.
        if rating_letter(t) && open_row {
            rows.last_mut().expect("a row")[2] = t.to_string();
            i += 1;
            continue;
        }
        // The rest of a title the line was too narrow for, with the rating
        // perhaps at its end.
        if open_row && !sentence_like(t) && !t.starts_with(['（', '(', '※']) {
            let last = rows.last_mut().expect("a row");
            let mut rest = t.to_string();
            if let Some((before, r)) = rest.rsplit_once(char::is_whitespace) {
                if rating_letter(r) {
                    last[2] = r.to_string();
                    rest = before.trim().to_string();
                }
            }
            last[1].push_str(&rest);
            i += 1;
            continue;
        }
        break;
    }
    if rows.is_empty() {
        return 0;
    }
    out.row(&header);
    for r in rows {
        out.row(&r);
    }
    out.end_block();
    i
}

/// Whether a line ends a table that has no end of its own: a heading of
/// the form or a sentence.
fn ends_table(t: &str) -> bool {
    let c = compact(t);
    sentence_like(t)
        || ["測定指標", "参考指標", "評価結果", "個別分野", "施策の", "達成手段", "作成にあたって", "(注", "（注"]
            .iter()
            .any(|k| c.starts_with(&compact(k)))
}

struct Tok {
    text: String,
    line: usize,
}

/// The tokens of lines `0..n` of a table.
fn table_tokens(lines: &[Line]) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        for t in tokens(&l.text) {
            // `令和` at the end of one line and `４年度` on the next.
            if let Some(last) = out.last_mut() {
                if matches!(last.text.as_str(), "令和" | "平成") && t.contains("年度") {
                    last.text.push(' ');
                    last.text.push_str(&t);
                    continue;
                }
                if last.text.chars().count() == 1 && series_label(&last.text).is_some() {
                    last.text.push(' ');
                    last.text.push_str(&t);
                    continue;
                }
            }
            out.push(Tok { text: t, line: k });
        }
    }
    out
}

/// Groups values into cells: the values of one cell's series (`①84％`,
/// `②89％`) go together, a new cell starting at `①`.
fn cells_of(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for v in values {
        match series_label(v) {
            Some(n) if open && n != 1 => {
                let last = out.last_mut().expect("an open cell");
                last.push(' ');
                last.push_str(v);
            }
            Some(_) => {
                out.push(v.clone());
                open = true;
            }
            None => {
                out.push(v.clone());
                open = false;
            }
        }
    }
    out
}

/// The values table of a quantitative indicator as the forms print it:
/// `中期目標値`, a column per year with its 目標値 (and 実績値 in the
/// 評価書), and the rating of the period; the values follow the headers
/// cell by cell.
pub(crate) fn indicator_values(lines: &[Line], out: &mut Out) -> usize {
    let header_word = |t: &str| {
        let c = compact(t);
        c == "中期" || c == "目標値" || c == "実績値" || c == "年度目標値" || c == "中期目標値" || c == "年度" || (c.contains("年度目標の達成状況") && c.chars().count() <= 24)
    };
    let is_year = |t: &str| single_year(t) || year_placeholder(t);
    // The table's lines: headers, years and values only, so that no word of
    // another kind is taken into it.
    let mut n = 0;
    while n < lines.len() && (n == 0 || !ends_table(&lines[n].text)) {
        // A year may be cut after its era (`令和` / `４年度`).
        let year_piece = |t: &str| matches!(t, "令和" | "平成") || (t.ends_with("年度") && number_prefix(t).is_some_and(|(_, r)| r == "年度"));
        let all_cells = table_tokens(&lines[n..n + 1])
            .iter()
            .all(|t| header_word(&t.text) || is_year(&t.text) || year_piece(&t.text) || value_like(&t.text) || rating_letter(&t.text));
        if !all_cells {
            break;
        }
        n += 1;
    }
    if n == 0 {
        return 0;
    }
    let toks = table_tokens(&lines[..n]);
    let last_header = toks.iter().rposition(|t| header_word(&t.text) || is_year(&t.text));
    let data_start = last_header.map(|k| k + 1).unwrap_or(0);
    // Column years: a run of single years on one line or one after another;
    // the next year (or `--年度`) is the target year of the 中期目標値.
    let mut years: Vec<&Tok> = Vec::new();
    let mut midterm_year: Option<String> = None;
    let mut period: Option<String> = None;
    let mut has_result = false;
    let mut closed = false;
    for t in &toks[..data_start] {
        let c = compact(&t.text);
        if c.contains("達成状況") {
            period = Some(t.text.split_whitespace().collect());
            closed = true;
        } else if c.contains("実績値") {
            has_result = true;
        }
        if is_year(&t.text) {
            let follows = years.last().is_some_and(|p| {
                p.line == t.line || crate::normalize::parse_year(&t.text).zip(crate::normalize::parse_year(&p.text)).is_some_and(|(a, b)| a == b + 1)
            });
            if !closed && single_year(&t.text) && (years.is_empty() || follows) {
                years.push(t);
            } else if midterm_year.is_none() {
                midterm_year = Some(t.text.replace(' ', ""));
                closed = true;
            }
        } else if !years.is_empty() && !c.contains("年度目標値") && c != "年度" && !c.contains("目標値") && !c.contains("実績値") {
            closed = true;
        }
    }
    let values: Vec<String> = toks[data_start..].iter().map(|t| t.text.clone()).collect();
    let mut cells = cells_of(&values);
    let mut rating = None;
    if period.is_some() && cells.last().is_some_and(|c| rating_letter(c) || c == "－" || c == "-") {
        rating = cells.pop();
    }
    let has_midterm = toks[..data_start].iter().any(|t| compact(&t.text).starts_with("中期"));
    let per_year = if has_result { 2 } else { 1 };
    let expected = usize::from(has_midterm) + years.len() * per_year;
    let key = format!("中期目標値（{}）", midterm_year.as_deref().unwrap_or("--年度"));
    if cells.len() != expected || years.is_empty() {
        out.guess(&format!(
            "値の数（{}）が見出し（中期目標値{}、{}年度分の{}）と合わないため、値を左から順に置いた。元の値：{}",
            cells.len(),
            if has_midterm { "あり" } else { "なし" },
            years.len(),
            if has_result { "目標値・実績値" } else { "目標値" },
            values.join(" ")
        ));
    } else if midterm_year.is_none() && has_midterm {
        out.guess("中期目標値の目標年度が見つからないため「--年度」とした");
    }
    let mut it = cells.into_iter();
    if has_midterm {
        let v = it.next().unwrap_or_default();
        out.attr(&key, if v.is_empty() { "－" } else { &v });
    }
    let mut head = vec!["年度".to_string(), "目標値".to_string()];
    if has_result {
        head.push("実績値".to_string());
    }
    out.row(&head);
    for y in &years {
        let mut row = vec![y.text.clone()];
        for _ in 0..per_year {
            row.push(it.next().unwrap_or_default());
        }
        out.row(&row);
    }
    let rest: Vec<String> = it.collect();
    if !rest.is_empty() {
        let mut row = vec![String::new()];
        row.extend(rest);
        out.row(&row);
    }
    out.end_block();
    if let Some(p) = period {
        out.attr(&p, rating.as_deref().unwrap_or(""));
    } else if let Some(r) = rating {
        out.prose(&r);
    }
    n
}

/// A values table printed a year to a row: `年度 目標値 実績値`, then
/// `令和２年度 30 ９`; the header repeats after a page break.
pub(crate) fn year_rows(lines: &[Line], out: &mut Out) -> usize {
    let Some(first) = lines.first() else { return 0 };
    let header: Vec<String> = first.text.split_whitespace().map(str::to_string).collect();
    let is_header = header.len() >= 2 && compact(&header[0]) == "年度" && header[1..].iter().all(|h| h.contains("目標") || h.contains("実績"));
    if !is_header {
        return 0;
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut i = 1;
    while let Some(l) = lines.get(i) {
        // The header again after a page break (spaced differently in layout).
        if l.text.split_whitespace().eq(first.text.split_whitespace()) {
            i += 1;
            continue;
        }
        let toks = tokens(&l.text);
        let Some(year) = toks.first().filter(|t| single_year(t)) else { break };
        if !toks[1..].iter().all(|t| value_like(t)) {
            break;
        }
        let mut row = vec![year.clone()];
        row.extend(cells_of(&toks[1..]));
        rows.push(row);
        i += 1;
    }
    if rows.is_empty() {
        return 0;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(header.len());
    if rows.iter().any(|r| r.len() != header.len()) {
        out.guess("値の数が列見出しと合わない行がある。値は左から順に置いた");
    }
    let mut head = header.clone();
    head.resize(width, String::new());
    out.row(&head);
    for mut r in rows {
        r.resize(width, String::new());
        out.row(&r);
    }
    out.end_block();
    i
}

/// A reference indicator's figures: `実 績 値` and the years, then rows
/// `label values…`, or the values alone cell by cell.
pub(crate) fn reference_values(lines: &[Line], series: &[(u32, String)], out: &mut Out) -> usize {
    let mut n = 0;
    while n < lines.len() && (n == 0 || !ends_table(&lines[n].text)) {
        n += 1;
    }
    let mut corner = String::new();
    let mut years: Vec<String> = Vec::new();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut loose: Vec<String> = Vec::new();
    let mut header_line: Option<String> = None;
    for l in &lines[..n] {
        let toks = tokens(&l.text);
        if toks.is_empty() {
            continue;
        }
        // `実 績 値 令和元年度 令和２年度 …`: the corner and the years, repeated
        // after a page break.
        let first_year = toks.iter().position(|t| single_year(t));
        if let Some(p) = first_year.filter(|&p| p > 0 && toks[p..].iter().all(|t| single_year(t)) && !toks[..p].iter().any(|t| value_like(t))) {
            if header_line.as_deref().is_some_and(|h| h.split_whitespace().eq(l.text.split_whitespace())) {
                continue;
            }
            if years.is_empty() && rows.is_empty() && loose.is_empty() {
                corner = toks[..p].join(" ");
                years.extend(toks[p..].iter().cloned());
                header_line = Some(l.text.clone());
                continue;
            }
        }
        if rows.is_empty() && loose.is_empty() && toks.iter().all(|t| single_year(t)) {
            years.extend(toks);
        } else if years.is_empty() && rows.is_empty() && loose.is_empty() && !toks.iter().any(|t| value_like(t)) {
            corner = if corner.is_empty() { l.text.clone() } else { format!("{corner} {}", l.text) };
        } else if value_like(&toks[0]) {
            loose.extend(toks);
        } else {
            rows.push(split_row(&l.text));
        }
    }
    if years.is_empty() && rows.is_empty() && loose.is_empty() {
        return 0;
    }
    let mut head = vec![if corner.is_empty() { "区分".to_string() } else { corner }];
    head.extend(years.iter().cloned());
    let width = years.len();
    let cells = cells_of(&loose);
    let labelled = loose.iter().any(|v| series_label(v).is_some());
    let mut loose_rows: Vec<Vec<String>> = Vec::new();
    if !loose.is_empty() {
        if cells.len() == width || (labelled && width > 0 && cells.len() == width) {
            let mut r = vec![String::new()];
            r.extend(cells);
            loose_rows.push(r);
        } else if !labelled && !series.is_empty() && width > 0 && loose.len() == series.len() * width {
            if width > 1 {
                out.guess("系列ごとの値の並び（年度ごとに系列の順）を、系列ごとの行に分けた");
            }
            for (k, (label, name)) in series.iter().enumerate() {
                let mut r = vec![format!("{}{}", crate::normalize::circled_char(*label).unwrap_or('・'), name)];
                for y in 0..width {
                    r.push(loose[y * series.len() + k].clone());
                }
                loose_rows.push(r);
            }
        } else {
            out.guess(&format!("値の数（{}）が年度の数（{}）と合わないため、値を左から順に置いた", cells.len(), width));
            let mut r = vec![String::new()];
            r.extend(cells);
            loose_rows.push(r);
        }
    }
    let width = width.max(rows.iter().map(|r| r.1.len()).max().unwrap_or(0)).max(loose_rows.iter().map(|r| r.len() - 1).max().unwrap_or(0));
    head.resize(width + 1, String::new());
    out.row(&head);
    for (label, values) in rows {
        let mut r = vec![label];
        r.extend(values);
        r.resize(width + 1, String::new());
        out.row(&r);
    }
    for mut r in loose_rows {
        r.resize(width + 1, String::new());
        out.row(&r);
    }
    out.end_block();
    n
}

/// The 達成手段 table of a field: the column headers, then per means its
/// number and name, `( ＊ )`, 予算額計 with 執行額 for the past years, the
/// current year's 当初予算額, the related indicators and the project number.
pub(crate) fn means(lines: &[Line], out: &mut Out) -> usize {
    let mut n = 0;
    while n < lines.len() {
        let c = compact(&lines[n].text);
        let heading = |k: &str| c.strip_prefix(k).is_some_and(|r| r.chars().next().is_some_and(|ch| ch.is_ascii_digit() || ch == ':' || ch == '：'));
        // The headings of a field that may follow its 達成手段.
        let field_heading = c.starts_with("評価結果(個別分野") || c == "作成にあたって使用した資料その他の情報" || c == "施策の概要" || (c.starts_with("関連する内閣の重要政策") && !sentence_like(&lines[n].text));
        if n > 0 && (c.starts_with("(注)") || heading("個別分野") || heading("測定指標") || heading("参考指標") || field_heading) {
            break;
        }
        n += 1;
    }
    let first_row = lines[..n].iter().position(|l| l.text.trim().chars().next().and_then(circled).is_some()).unwrap_or(n);
    let header: Vec<&str> = lines[..first_row].iter().map(|l| l.text.as_str()).collect();
    // The header printed again after a page break (its column headers, the
    // unit above them is not): the number of its lines at `k`.
    let repeated = |k: usize| -> Option<usize> {
        (0..first_row).find_map(|j| {
            let len = first_row - j;
            let same = k + len <= n && lines[k..k + len].iter().zip(&header[j..]).all(|(l, h)| l.text.split_whitespace().eq(h.split_whitespace()));
            same.then_some(len)
        })
    };
    let header_text = header.join(" ");
    // Years of the columns, in order; the one with 当初 is the current year.
    let mut years: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let words: Vec<&str> = header.iter().flat_map(|h| h.split_whitespace()).collect();
    for (k, c) in words.iter().enumerate() {
        if crate::normalize::parse_year(c).is_some() && c.contains("年度") {
            let y = c.split("年度").next().unwrap_or("").to_string() + "年度";
            if c.contains("当初") || words.get(k + 1).is_some_and(|n| n.starts_with("当初")) {
                current = Some(y);
            } else if !years.contains(&y) {
                years.push(y);
            }
        }
    }
    if header_text.contains("百万円") {
        out.attr("単位", "百万円");
    }
    if !header_text.is_empty() {
        out.comment(&format!("印刷の列見出し: {header_text}"));
    }
    let mut rows_out: Vec<Vec<String>> = Vec::new();
    let mut k = first_row;
    let mut notes: Vec<String> = Vec::new();
    while k < n {
        if let Some(len) = repeated(k) {
            k += len;
            continue;
        }
        let start = k;
        k += 1;
        while k < n && lines[k].text.trim().chars().next().and_then(circled).is_none() && repeated(k).is_none() {
            k += 1;
        }
        let row_lines: Vec<&str> = lines[start..k].iter().map(|l| l.text.as_str()).collect();
        match means_row(&row_lines, years.len(), current.is_some()) {
            Ok(cells) => rows_out.push(cells),
            Err((cells, why)) => {
                notes.push(why);
                rows_out.push(cells);
            }
        }
    }
    if years.is_empty() && current.is_none() {
        out.guess("列見出しに年度が見つからないため、予算額の列は見出しなしで左から置いた");
    }
    for why in &notes {
        out.guess(why);
    }
    let mut head = vec!["達成手段".to_string()];
    head.extend(years.iter().cloned());
    if let Some(c) = &current {
        head.push(format!("{c}当初予算額"));
    }
    head.push("関連する測定指標".to_string());
    head.push("行政事業レビュー事業番号".to_string());
    let width = rows_out.iter().map(Vec::len).max().unwrap_or(0).max(head.len());
    head.resize(width, String::new());
    out.row(&head);
    for mut r in rows_out {
        r.resize(width, String::new());
        out.row(&r);
    }
    out.end_block();
    n
}

/// One means row from its lines; on a guess, the cells and the reason.
#[allow(clippy::type_complexity)]
fn means_row(lines: &[&str], past: usize, has_current: bool) -> Result<Vec<String>, (Vec<String>, String)> {
    // The name: the first line, and following lines until the first value.
    let mut name = lines[0].trim().to_string();
    let mut words: Vec<String> = Vec::new();
    let mut in_name = true;
    for l in &lines[1..] {
        let toks = tokens(l);
        let mark = compact(l) == "(*)" || compact(l) == "(＊)";
        if in_name && !mark && !toks.iter().any(|t| value_like(t) || id_prefix(t).is_some()) {
            name.push_str(l.trim());
            continue;
        }
        in_name = false;
        if mark {
            name.push(' ');
            name.push_str(l.trim());
            continue;
        }
        words.extend(toks);
    }
    // A row printed on one line: the name's words, then the values.
    if words.is_empty() {
        let toks = tokens(&name);
        if let Some(p) = toks.iter().position(|t| value_like(t)) {
            if p > 0 {
                name = toks[..p].join(" ");
                words = toks[p..].to_vec();
            }
        }
    }
    let mut cells = vec![name.clone()];
    let mut w = 0;
    let mut ok = true;
    let is_exec = |t: &str| {
        let f = fold(t);
        f.starts_with('(') && f.ends_with(')') && value_like(t)
    };
    for _ in 0..past {
        match words.get(w) {
            Some(t) if value_like(t) && !is_exec(t) => {
                let mut cell = t.clone();
                w += 1;
                if let Some(e) = words.get(w).filter(|e| is_exec(e)) {
                    cell.push(' ');
                    cell.push_str(e);
                    w += 1;
                }
                cells.push(cell);
            }
            _ => {
                ok = false;
                cells.push(String::new());
            }
        }
    }
    if has_current {
        match words.get(w) {
            Some(t) if value_like(t) && !is_exec(t) && id_prefix(t).is_none() => {
                cells.push(t.clone());
                w += 1;
            }
            _ => {
                ok = false;
                cells.push(String::new());
            }
        }
    }
    // Related indicators: IDs, possibly cut at a dash by the wrapping
    // (`1-` / `2`), then the project number.
    let mut related = String::new();
    while let Some(t) = words.get(w) {
        let f = fold(t);
        let id_piece = f.trim_end_matches(',').split(',').all(|p| {
            let p = p.trim();
            !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c == '-')
        }) && f.chars().any(|c| c == '-' || c == ',')
            || (related.ends_with('-') && f.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if !id_piece {
            break;
        }
        if !related.is_empty() && !related.ends_with('-') {
            related.push(' ');
        }
        related.push_str(t);
        w += 1;
    }
    cells.push(related);
    let project: Vec<String> = words[w.min(words.len())..].to_vec();
    cells.push(project.join(" "));
    if ok {
        Ok(cells)
    } else {
        let why = format!(
            "達成手段「{}」の値が列（過去{}年度分の予算額計(執行額)と当初予算額）に合わないため、左から順に置いた。元の値：{}",
            name,
            past,
            words.join(" ")
        );
        Err((cells, why))
    }
}

/// Series definitions: consecutive short lines `①一般の部`, `②有識者の部`.
pub(crate) fn series_lines(lines: &[Line]) -> Option<(usize, Vec<(u32, String)>)> {
    let mut out = Vec::new();
    for l in lines {
        let t = l.text.trim();
        let Some(n) = series_label(t) else { break };
        let name = t[t.chars().next().map(char::len_utf8).unwrap_or(0)..].trim();
        if n as usize != out.len() + 1 || name.is_empty() || sentence_like(t) || t.chars().count() > 24 || value_like(t) {
            break;
        }
        out.push((n, name.to_string()));
    }
    (out.len() >= 2).then_some((out.len(), out))
}

/// `（出典：…）` or `出典：…`: the source without its frame.
pub(crate) fn source(s: &str) -> Option<String> {
    let t = s.trim();
    let inner = t.strip_prefix(['（', '(']).unwrap_or(t);
    let rest = label_then(inner, "出典").or_else(|| {
        let r = super::text::after_label(inner, "出典")?;
        Some(r.trim_start_matches([':', '：']).trim())
    })?;
    let rest = rest.trim_start_matches([':', '：']).trim();
    let opens = rest.chars().filter(|c| matches!(c, '（' | '(')).count();
    let closes = rest.chars().filter(|c| matches!(c, '）' | ')')).count();
    let rest = if closes > opens { rest.strip_suffix(['）', ')']).unwrap_or(rest) } else { rest };
    (!rest.is_empty()).then(|| rest.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(v: &[&str]) -> Vec<Line> {
        v.iter().map(|t| Line::new(*t)).collect()
    }

    #[test]
    fn budget_table() {
        let mut o = Out::default();
        let l = ls(&["区分 令和２年度 令和３年度", "予算の", "状況", "(百万円)", "当初予算(a) 652 568", "補正予算(b) 0", "（※）本施策は、…。"]);
        assert_eq!(budget(&l, &mut o), 6);
        assert_eq!(o.text(), "@単位: 百万円\n// 行の見出し: 予算の 状況 (百万円)\n| 区分 | 令和２年度 | 令和３年度 |\n| 当初予算(a) | 652 | 568 |\n| 補正予算(b) | 0 | |\n");
    }

    #[test]
    fn values_of_an_evaluation() {
        let mut o = Out::default();
        let l = ls(&[
            "中期", "目標値", "令和２年度 令和３年度 令和４年度", "令和２・３・４年度目標の達成状況", "--年度", "年度", "目標値", "実績値", "年度", "目標値",
            "実績値", "年度", "目標値", "実績値", "－ 30 ９ 20 19 20 19 b", "測定指標１－４ 次",
        ]);
        assert_eq!(indicator_values(&l, &mut o), 15);
        assert_eq!(
            o.text(),
            "@中期目標値（--年度）: －\n| 年度 | 目標値 | 実績値 |\n| 令和２年度 | 30 | ９ |\n| 令和３年度 | 20 | 19 |\n| 令和４年度 | 20 | 19 |\n\n@令和２・３・４年度目標の達成状況: b\n"
        );
    }

    #[test]
    fn values_of_a_plan_with_series() {
        let mut o = Out::default();
        let l = ls(&["中期目標値 令和５年度", "令和７年度 年度目標値", "①85%", "②90%", "①85%", "②90%", "評価結果を踏まえた変更点及びその理由"]);
        assert_eq!(indicator_values(&l, &mut o), 6);
        assert_eq!(o.text(), "@中期目標値（令和７年度）: ①85% ②90%\n| 年度 | 目標値 |\n| 令和５年度 | ①85% ②90% |\n");
    }

    #[test]
    fn means_rows() {
        let mut o = Out::default();
        let l = ls(&[
            "達成手段名（注） 予算額等(予算手段。単位：百万円)／概要(非予算手段)",
            "令和２年度",
            "予算額計",
            "(執行額)",
            "令和３年度",
            "令和５年度当初予算額",
            "関連する測定指標",
            "①北米諸国との政治分野での協力推進",
            "( ＊ )",
            "71",
            "(35)",
            "74",
            "(41)",
            "108 1-1, 1-2, 1-3,",
            "1-4, 1-5",
            "④日本研究促進拠出金",
            "- 1,836",
            "(1,836)",
            "0 1-2",
            "1-5",
            "(注)各達成手段の目標については…。",
        ]);
        assert_eq!(means(&l, &mut o), 20);
        let t = o.text();
        assert!(t.contains("| ①北米諸国との政治分野での協力推進 ( ＊ ) | 71 (35) | 74 (41) | 108 | 1-1, 1-2, 1-3, 1-4, 1-5 | |"), "{t}");
        assert!(t.contains("| ④日本研究促進拠出金 | - | 1,836 (1,836) | 0 | 1-2 1-5 | |"), "{t}");
        assert!(!t.contains("推測"), "{t}");
    }

    /// The header printed again after a page break, and the field's next
    /// heading after the table.
    #[test]
    fn means_over_two_pages() {
        let mut o = Out::default();
        let l = ls(&[
            "（単位：百万円）",
            "達成手段 令和2年度 令和3年度 令和4年度 令和5年度当初 関連する測定指標 事業番号",
            "①地域交流事業 60 (55) 62 (58) 65 (63) 70 1-1, 1-2 0101",
            "達成手段 令和2年度 令和3年度 令和4年度 令和5年度当初 関連する測定指標 事業番号",
            "②交流人材育成事業 50 (43) 48 (46) 50 (49) 60 1-2 0102",
            "評価結果(個別分野1)",
        ]);
        assert_eq!(means(&l, &mut o), 5);
        let t = o.text();
        assert!(t.contains("| ①地域交流事業 | 60 (55) | 62 (58) | 65 (63) | 70 | 1-1, 1-2 | 0101 |\n| ②交流人材育成事業 | 50 (43) | 48 (46) | 50 (49) | 60 | 1-2 | 0102 |"), "{t}");
        assert!(!t.contains("推測"), "{t}");
    }

    #[test]
    fn summary_over_two_pages() {
        let mut o = Out::default();
        let l = ls(&["測定指標 名称 達成状況", "個別分野１ 交流の拡大", "＊１－１ 交流事業の着実な実施 a", "測定指標 名称 達成状況", "１－２ 交流事業の参加者数 e", "学識経験を有する者の知見の活用"]);
        assert_eq!(summary(&l, &mut o), 5);
        assert_eq!(o.text(), "| 測定指標 | 名称 | 達成状況 |\n| 個別分野１ | 交流の拡大 | |\n| ＊１－１ | 交流事業の着実な実施 | a |\n| １－２ | 交流事業の参加者数 | e |\n");
    }

    #[test]
    fn budget_over_two_pages() {
        let mut o = Out::default();
        let l = ls(&["（単位：百万円）", "区分 令和２年度 令和３年度", "当初予算(a) 652 568", "区分 令和２年度 令和３年度", "執行額(百万円) 600 500", "同（分担金・拠出金）"]);
        assert_eq!(budget(&l, &mut o), 5);
        assert_eq!(o.text(), "@単位: 百万円\n// 行の見出し: （単位：百万円）\n| 区分 | 令和２年度 | 令和３年度 |\n| 当初予算(a) | 652 | 568 |\n| 執行額(百万円) | 600 | 500 |\n");
    }

    #[test]
    fn sources() {
        assert_eq!(source("（出典：｢米国における対日世論調査｣(ハリス社)）").as_deref(), Some("｢米国における対日世論調査｣(ハリス社)"));
        assert_eq!(source("出典：「米国における対日世論調査」（ハリス社）").as_deref(), Some("「米国における対日世論調査」（ハリス社）"));
        assert_eq!(source("（出典：「米国における対日世論調査」（ハリス社）").as_deref(), Some("「米国における対日世論調査」（ハリス社）"));
    }
}
