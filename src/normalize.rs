//! Normalisation of what authors type: full-width and half-width forms,
//! dashes, numbers, 和暦 years and periods. The text in the file is never
//! changed; these functions give the forms the checks compare.

/// NFKC-like folding for the characters that matter here: full-width ASCII to
/// ASCII, the ideographic space to a space, every dash to `-`, and runs of
/// spaces collapsed. Circled numbers and kana are kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(fold_chars(s));
    out
}

/// The characters of [`fold`]`(s)`, without building the string: for
/// comparing a folded text with another.
pub fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = s.chars().map(fold_char).peekable();
    // Leading blanks go; a run of blanks is one space, and only when a
    // character follows it.
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
    std::iter::from_fn(move || {
        let c = chars.next()?;
        if !c.is_whitespace() {
            return Some(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        chars.peek().map(|_| ' ')
    })
}

/// Whether `a` and `b` fold to the same text, ASCII letters in either case.
pub fn folds_alike(a: &str, b: &str) -> bool {
    a == b || fold_chars(a).map(|c| c.to_ascii_lowercase()).eq(fold_chars(b).map(|c| c.to_ascii_lowercase()))
}

pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        'ー' | '−' | '‐' | '―' | '–' | '—' | '‑' => '-',
        '･' => '・',
        '｢' => '「',
        '｣' => '」',
        _ => c,
    }
}

/// Folds and removes all spaces: for comparing names whose spacing the PDF
/// or the author varied ("FOIP 推進" = "FOIP推進").
pub fn compact(s: &str) -> String {
    // Folding never lengthens a character: the text's length is room enough.
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(fold_char).filter(|c| !c.is_whitespace()));
    out
}

/// Whether `compact(a) == compact(b)`, without building either.
pub fn compacts_alike(a: &str, b: &str) -> bool {
    // Most names compared are written the same in both places.
    a == b
        || a.chars().map(fold_char).filter(|c| !c.is_whitespace()).eq(b.chars().map(fold_char).filter(|c| !c.is_whitespace()))
}

/// `①`..`⑳` → 1..20.
pub fn circled(c: char) -> Option<u32> {
    match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        _ => None,
    }
}

pub fn circled_char(n: u32) -> Option<char> {
    if (1..=20).contains(&n) {
        char::from_u32('①' as u32 + n - 1)
    } else {
        None
    }
}

/// A cell, attribute or heading fragment that means "nothing".
pub fn is_none_mark(s: &str) -> bool {
    is_folded_none_mark(&fold(s))
}

/// [`is_none_mark`] of a text already [`fold`]ed.
pub fn is_folded_none_mark(t: &str) -> bool {
    t.is_empty() || t.chars().all(|c| c == '-') || t == "該当なし"
}

/// A parsed number with the unit written after it, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    pub unit: Option<String>,
}

/// Parses `1,836`, `△12`, `22.1`, `30%`, `380,000 人`, full-width digits.
/// Returns `None` when the text is not a single number.
pub fn parse_number(s: &str) -> Option<Number> {
    parse_folded_number(&fold(s))
}

/// [`parse_number`] of a text already [`fold`]ed.
pub fn parse_folded_number(t: &str) -> Option<Number> {
    let t = t.trim();
    let (neg, rest) = if let Some(r) = t.strip_prefix('△').or_else(|| t.strip_prefix('▲')) {
        (true, r.trim_start())
    } else if let Some(r) = t.strip_prefix('-') {
        if r.is_empty() {
            return None;
        }
        (true, r.trim_start())
    } else {
        (false, t)
    };
    // The number: digits, one `.` and `,` separators after a digit.
    let mut end = 0;
    let mut seen_digit = false;
    let (mut seen_dot, mut seen_comma) = (false, false);
    for (i, c) in rest.char_indices() {
        if c.is_ascii_digit() {
            seen_digit = true;
        } else if c == '.' && seen_digit && !seen_dot {
            seen_dot = true;
        } else if c == ',' && seen_digit {
            seen_comma = true;
        } else {
            end = i;
            break;
        }
        end = i + c.len_utf8();
    }
    if !seen_digit {
        return None;
    }
    let unit = rest[end..].trim();
    if !unit.is_empty() && !is_unit(unit) {
        return None;
    }
    let run = &rest[..end];
    let digits = if seen_comma { std::borrow::Cow::Owned(run.replace(',', "")) } else { std::borrow::Cow::Borrowed(run) };
    let mut value: f64 = digits.trim_end_matches('.').parse().ok()?;
    if neg {
        value = -value;
    }
    Some(Number { value, unit: (!unit.is_empty()).then(|| unit.to_string()) })
}

fn is_unit(u: &str) -> bool {
    const UNITS: &[&str] = &[
        "%", "回", "人", "件", "名", "円", "千円", "百万円", "億円", "か国", "カ国", "ヵ国", "国",
        "箇所", "か所", "本", "冊", "日", "時間", "点", "倍", "校", "団体", "事業", "種類",
    ];
    UNITS.contains(&u)
}

/// A fiscal year in the Western calendar (令和5年度 = 2023).
pub type FiscalYear = i32;

/// Parses one year label: `令和5年度`, `令和元年度`, `R5`, `2023年度`, `FY2023`,
/// `平成30年度`, `5年度` (an era-less year is 令和). Text around the year,
/// such as `目標` or `当初予算額`, is ignored when `allow_suffix` is true.
pub fn parse_year(s: &str) -> Option<FiscalYear> {
    years_in(s).into_iter().next()
}

/// Every year written in `s`, in order; a period `令和2・3・4年度` gives three,
/// `令和2～4年度` gives the range.
pub fn years_in(s: &str) -> Vec<FiscalYear> {
    // Every year has an era mark or a digit: most titles and labels have
    // neither, and need no folding.
    if !s.chars().any(|c| matches!(c, '令' | '平' | 'R' | 'H' | 'Ｒ' | 'Ｈ') || c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return Vec::new();
    }
    let t = fold(s);
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (era_base, skip) = era_at(&chars, i);
        if let Some(base) = era_base {
            i += skip;
            // a list of numbers separated by ・ , 、 or a range ～ ~
            let mut nums: Vec<(i32, bool)> = Vec::new();
            loop {
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
                let (n, used) = number_at(&chars, i);
                let Some(n) = n else { break };
                let range_from_prev = matches!(nums.last(), Some((_, true)));
                nums.push((n, false));
                if range_from_prev {
                    let to = nums.pop().unwrap().0;
                    let from = nums.pop().unwrap().0;
                    for y in from..=to.min(from + 50) {
                        nums.push((y, false));
                    }
                }
                i += used;
                if i < chars.len() && matches!(chars[i], '・' | '、' | ',') {
                    i += 1;
                    continue;
                }
                if i < chars.len() && matches!(chars[i], '～' | '~' | '〜') {
                    if let Some(last) = nums.last_mut() {
                        last.1 = true;
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            for (n, _) in nums {
                out.push(base + n);
            }
            continue;
        }
        // Western years: FY2023, 2023, 2023年度
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let (n, used) = number_at(&chars, i);
            if let Some(n) = n {
                let after: String = chars[i + used..].iter().take(2).collect();
                if (1989..=2100).contains(&n) && (used == 4) {
                    out.push(n);
                    i += used;
                    continue;
                }
                // era-less 「5年度」 as on budget sheets
                if n < 100 && after.starts_with("年度") && (i == 0 || !chars[i - 1].is_alphanumeric()) {
                    out.push(2018 + n);
                    i += used;
                    continue;
                }
                i += used.max(1);
                continue;
            }
        }
        i += 1;
    }
    out
}

fn era_at(chars: &[char], i: usize) -> (Option<i32>, usize) {
    match (chars[i], chars.get(i + 1)) {
        ('令', Some('和')) => return (Some(2018), 2),
        ('平', Some('成')) => return (Some(1988), 2),
        _ => {}
    }
    if (chars[i] == 'R' || chars[i] == 'H')
        && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
        && (i == 0 || !chars[i - 1].is_ascii_alphanumeric())
    {
        return (Some(if chars[i] == 'R' { 2018 } else { 1988 }), 1);
    }
    (None, 0)
}

fn number_at(chars: &[char], i: usize) -> (Option<i32>, usize) {
    if chars.get(i) == Some(&'元') {
        return (Some(1), 1);
    }
    let mut n: i64 = 0;
    let mut used = 0;
    while let Some(c) = chars.get(i + used) {
        if let Some(d) = c.to_digit(10) {
            if !c.is_ascii_digit() {
                break;
            }
            n = n * 10 + d as i64;
            used += 1;
            if used > 6 {
                break;
            }
        } else {
            break;
        }
    }
    if used == 0 {
        (None, 0)
    } else {
        (Some(n as i32), used)
    }
}

/// `令和5年度 (FY2023)` style rendering for hovers and messages.
pub fn year_label(y: FiscalYear) -> String {
    if y >= 2019 {
        if y == 2019 {
            "令和元年度".to_string()
        } else {
            format!("令和{}年度", y - 2018)
        }
    } else if y >= 1989 {
        format!("平成{}年度", y - 1988)
    } else {
        format!("{y}年度")
    }
}

/// Formats a number the way the documents do: thousands separators, no
/// trailing `.0`.
pub fn format_number(v: f64) -> String {
    let neg = v < 0.0;
    let a = v.abs();
    let rounded = (a * 1000.0).round() / 1000.0;
    let int = rounded.trunc() as u64;
    let frac = rounded - rounded.trunc();
    let mut s = int.to_string();
    let mut grouped = String::new();
    let len = s.len();
    for (i, c) in s.drain(..).enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac > 1e-9 {
        let f = format!("{:.3}", frac);
        grouped.push_str(f.trim_start_matches('0').trim_end_matches('0'));
    }
    if neg {
        format!("△{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold("１－１　ｂ＊"), "1-1 b*");
        assert_eq!(compact("FOIP 推進 人材"), "FOIP推進人材");
        // Blanks: none at either end, a run of them one space.
        assert_eq!(fold("　 ａ 　\tｂ  "), "a b");
        assert_eq!(fold(" \u{3000} "), "");
        assert!(folds_alike("Ｂ", "b") && folds_alike(" a ", "Ａ") && !folds_alike("a", "a-") && !folds_alike("a b", "ab"));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1,836").unwrap().value, 1836.0);
        assert_eq!(parse_number("△12").unwrap().value, -12.0);
        assert_eq!(parse_number("２２.１").unwrap().value, 22.1);
        let n = parse_number("380,000 人").unwrap();
        assert_eq!((n.value, n.unit.as_deref()), (380000.0, Some("人")));
        assert_eq!(parse_number("86％").unwrap().unit.as_deref(), Some("%"));
        assert!(parse_number("－").is_none());
        assert!(parse_number("約100").is_none());
        assert!(parse_number("12 abc").is_none());
    }

    #[test]
    fn years_and_periods() {
        assert_eq!(parse_year("令和５年度"), Some(2023));
        assert_eq!(parse_year("令和元年度"), Some(2019));
        assert_eq!(parse_year("R5"), Some(2023));
        assert_eq!(parse_year("FY2023"), Some(2023));
        assert_eq!(parse_year("平成30年度"), Some(2018));
        assert_eq!(parse_year("５年度当初予算額"), Some(2023));
        assert_eq!(years_in("令和２・３・４年度目標の達成状況"), vec![2020, 2021, 2022]);
        assert_eq!(years_in("令和2～4年度"), vec![2020, 2021, 2022]);
        assert_eq!(years_in("--年度"), Vec::<i32>::new());
        assert_eq!(year_label(2023), "令和5年度");
        assert_eq!(format_number(1836.0), "1,836");
        assert_eq!(format_number(22.1), "22.1");
        assert_eq!(format_number(-5.0), "△5");
    }
}

/// Yen per unit of a unit of money (`円`, `千円`, `百万円`, `億円`, `万円`,
/// written in any width); `None` for anything else.
pub fn money_unit(unit: &str) -> Option<f64> {
    match compact(unit).as_str() {
        "円" => Some(1.0),
        "千円" => Some(1e3),
        "万円" => Some(1e4),
        "百万円" => Some(1e6),
        "億円" => Some(1e8),
        _ => None,
    }
}

/// Whether `a` is about 1,000 (or 1/1,000) times `b` (within 1 %): the
/// mark of an amount written in the wrong unit.
pub fn thousandfold(a: f64, b: f64) -> bool {
    if a == 0.0 || b == 0.0 {
        return false;
    }
    let r = (a / b).abs();
    (r / 1000.0 - 1.0).abs() < 0.01 || (r * 1000.0 - 1.0).abs() < 0.01
}

/// A year read from `text` in the era of the document (`doc`, its own
/// `@年度`): an era-less `28年度`, printed on real 調書 and budget tables, is
/// 平成28 in a 平成 document and 令和28 never — the reading nearest the
/// document's year is taken. Years written with an era or in the Western
/// calendar are read as written.
pub fn year_in_era_of(text: &str, doc: Option<FiscalYear>) -> Option<FiscalYear> {
    let y = parse_year(text)?;
    let f = fold(text);
    // The first number's digits: 4 in the Western calendar, 1 or 2 in an era.
    let digits = f.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).count();
    let era_less = !f.contains(['令', '平', 'R', 'H', 'r', 'h', '元']) && (1..=2).contains(&digits);
    let Some(d) = doc.filter(|_| era_less) else { return Some(y) };
    // `y` is the 令和 reading (2018 + n); the 平成 one is 30 years earlier.
    let heisei = y - 30;
    Some(if (heisei - d).abs() < (y - d).abs() { heisei } else { y })
}

#[cfg(test)]
mod era_tests {
    use super::*;

    #[test]
    fn era_less_years_in_the_era_of_the_document() {
        // A 平成28年度 調書's `28年度当初予算額` is 平成28 (2016), not 令和28.
        assert_eq!(year_in_era_of("28年度当初予算額", Some(2016)), Some(2016));
        assert_eq!(year_in_era_of("２９年度概算要求額", Some(2016)), Some(2017));
        // In a 令和 document, 令和.
        assert_eq!(year_in_era_of("5年度当初予算額", Some(2023)), Some(2023));
        // Written with an era or in the Western calendar: as written.
        assert_eq!(year_in_era_of("令和28年度", Some(2016)), Some(2046));
        assert_eq!(year_in_era_of("2016年度", Some(2023)), Some(2016));
        assert_eq!(year_in_era_of("28年度", None), Some(2046));
    }
}
