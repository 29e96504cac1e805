//! What a table cell or attribute value holds.

use crate::normalize::{self, circled, fold, parse_number};

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesValue {
    pub label: u32,
    /// Byte offset of the label within the cell text.
    pub label_offset: usize,
    pub value: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// Empty, `－`, `-`, `―`: nothing.
    None,
    Number { value: f64, unit: Option<String> },
    /// `72 (63)`: a budget with its execution.
    WithExecution { budget: f64, execution: f64 },
    /// `①85% ②90%`
    Series(Vec<SeriesValue>),
    /// Anything else, e.g. a sentence.
    Text,
}

impl CellValue {
    pub fn parse(text: &str) -> CellValue {
        // Folded once for the three readings below.
        let folded = fold(text);
        if normalize::is_folded_none_mark(&folded) {
            return CellValue::None;
        }
        if let Some(n) = normalize::parse_folded_number(&folded) {
            return CellValue::Number { value: n.value, unit: n.unit };
        }
        if let Some(v) = parse_with_execution(&folded) {
            return v;
        }
        if text.chars().any(|c| circled(c).is_some()) {
            let mut parts = Vec::new();
            let mut cur: Option<(u32, usize)> = None;
            let mut start = 0;
            let push = |parts: &mut Vec<SeriesValue>, cur: Option<(u32, usize)>, body: &str| {
                if let Some((label, off)) = cur {
                    parts.push(SeriesValue { label, label_offset: off, value: parse_number(body).map(|n| n.value) });
                }
            };
            let mut ok = true;
            for (i, c) in text.char_indices() {
                if let Some(n) = circled(c) {
                    if cur.is_none() && !text[..i].trim().is_empty() {
                        ok = false;
                    }
                    push(&mut parts, cur, &text[start..i]);
                    cur = Some((n, i));
                    start = i + c.len_utf8();
                }
            }
            push(&mut parts, cur, &text[start..]);
            if ok {
                return CellValue::Series(parts);
            }
        }
        CellValue::Text
    }

    pub fn is_none(&self) -> bool {
        matches!(self, CellValue::None)
    }

    /// The figures of the cell per series (label 0 for a single figure).
    pub fn figures(&self) -> Vec<(u32, f64)> {
        match self {
            CellValue::Number { value, .. } => vec![(0, *value)],
            CellValue::Series(s) => s.iter().filter_map(|x| Some((x.label, x.value?))).collect(),
            _ => Vec::new(),
        }
    }

    /// The single amount of the cell (the budget of `72 (63)`).
    pub fn amount(&self) -> Option<f64> {
        match self {
            CellValue::Number { value, .. } => Some(*value),
            CellValue::WithExecution { budget, .. } => Some(*budget),
            _ => None,
        }
    }
}

/// `72 (63)`, in a folded text.
fn parse_with_execution(t: &str) -> Option<CellValue> {
    let open = t.find('(')?;
    let close = t.rfind(')')?;
    if close < open || !t[close + 1..].trim().is_empty() {
        return None;
    }
    let budget = normalize::parse_folded_number(&t[..open])?;
    let execution = normalize::parse_folded_number(&t[open + 1..close])?;
    Some(CellValue::WithExecution { budget: budget.value, execution: execution.value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(CellValue::parse("－"), CellValue::None);
        assert_eq!(CellValue::parse(""), CellValue::None);
        assert_eq!(CellValue::parse("72 (63)"), CellValue::WithExecution { budget: 72.0, execution: 63.0 });
        assert_eq!(CellValue::parse("20 (22.1)"), CellValue::WithExecution { budget: 20.0, execution: 22.1 });
        assert_eq!(CellValue::parse("1,836\n(1,836)".replace('\n', " ").as_str()).amount(), Some(1836.0));
        match CellValue::parse("①70％ ③ 90％") {
            CellValue::Series(s) => {
                assert_eq!(s.len(), 2);
                assert_eq!((s[1].label, s[1].value), (3, Some(90.0)));
                assert_eq!(s[1].label_offset, "①70％ ".len());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(CellValue::parse("約100件"), CellValue::Text);
    }
}

/// The figures of a cell's text with their units (see [`super::Cell::figures`]).
pub fn figures(text: &str) -> Vec<super::Figure> {
    let unit = |n: normalize::Number| n.unit.as_deref().map(normalize::compact);
    if let Some(n) = parse_number(text) {
        return vec![super::Figure { label: 0, offset: 0, unit: unit(n) }];
    }
    let mut out = Vec::new();
    let marks: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| circled(*c).is_some()).collect();
    if marks.is_empty() || !text[..marks[0].0].trim().is_empty() {
        return out;
    }
    for (k, &(i, c)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map(|m| m.0).unwrap_or(text.len());
        if let Some(n) = parse_number(&text[i + c.len_utf8()..end]) {
            out.push(super::Figure { label: circled(c).unwrap_or(0), offset: i, unit: unit(n) });
        }
    }
    out
}
