//! Table arithmetic: rows that define letters (`当初予算(a)`), rows that
//! compute them (`合計(a＋b＋c)`), 小計 and 合計 rows; the totals they give.
//! Shared by the budget checks, inlay hints and hovers.

use super::{Cell, CellValue, Row, Span, Table};
use super::Report;
use crate::normalize::{compact, format_number};


/// A total cell and the value its row's formula (or 小計 / 合計 rule) gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    pub table: usize,
    pub row: usize,
    pub col: usize,
    pub cell: Span,
    pub written: f64,
    pub computed: f64,
    /// The operands as the checker prints them: `100 + 10 + 0`.
    pub expr: String,
    /// The row label, compacted: `合計(a+b+c)`, `小計`.
    pub label: String,
    /// The column's header text.
    pub column: String,
    /// Each operand's cell, with its row label.
    pub operands: Vec<(Span, String)>,
}

/// A cell's amount for arithmetic: `Some(None)` for nothing (0 in sums),
/// `None` for text that is not a number.
pub fn amount(text: &str) -> Option<Option<f64>> {
    amount_of(text, || std::borrow::Cow::Owned(CellValue::parse(text)))
}

/// [`amount`] of a text whose reading `value` gives (read only when needed).
pub fn amount_of<'a>(text: &str, value: impl FnOnce() -> std::borrow::Cow<'a, CellValue>) -> Option<Option<f64>> {
    if text.contains("内数") {
        return Some(None);
    }
    match value().as_ref() {
        CellValue::None => Some(None),
        v => v.amount().map(Some),
    }
}

enum Role {
    Defines(char),
    Computes(Vec<(f64, char)>),
    Subtotal,
    Total,
    Plain,
}

/// The same reading of row labels as the budget checks.
fn role(row: &Row) -> Role {
    let label = compact(row.label());
    if let Some(open) = label.rfind('(') {
        if let Some(inner) = label[open + 1..].strip_suffix(')') {
            let chars: Vec<char> = inner.chars().collect();
            if chars.len() == 1 && chars[0].is_ascii_lowercase() {
                return Role::Defines(chars[0]);
            }
            if chars.len() >= 3 && chars.iter().all(|c| c.is_ascii_lowercase() || *c == '+' || *c == '-') {
                let mut terms = Vec::new();
                let mut sign = 1.0;
                for c in chars {
                    match c {
                        '+' => sign = 1.0,
                        '-' => sign = -1.0,
                        c => terms.push((sign, c)),
                    }
                }
                return Role::Computes(terms);
            }
        }
    }
    let lead: Vec<String> =
        row.cells.iter().take_while(|c| c.amount().is_none() || c.text.is_empty()).map(|c| compact(&c.text)).collect();
    if lead.iter().any(|l| l.starts_with("小計")) {
        Role::Subtotal
    } else if lead.iter().any(|l| l.starts_with("合計") || l.starts_with("総計") || is_plain_total(l)) {
        Role::Total
    } else {
        Role::Plain
    }
}

/// `計`, or `計` with its unit in brackets (`計(千円)`, `計（百万円）`), as
/// budget tables print a total row without formula letters.
fn is_plain_total(label: &str) -> bool {
    let Some(rest) = label.strip_prefix('計') else { return false };
    rest.is_empty() || (rest.starts_with(['(', '（']) && rest.ends_with([')', '）']))
}

/// Every total cell of every table whose operands are amounts.
pub fn totals(r: &Report) -> Vec<Total> {
    let mut out = Vec::new();
    for (ti, t) in r.tables.iter().enumerate() {
        table_totals(ti, t, &|_, _| true, &mut out, &mut Vec::new());
    }
    out
}

/// The arithmetic of one table in one pass: the totals for which
/// `keep(written, computed)` holds (only those are spelt out), and the
/// formula letters that no row defines (the row's label cell, the label,
/// the letter).
pub fn table_arithmetic(ti: usize, t: &Table, keep: &dyn Fn(f64, f64) -> bool) -> (Vec<Total>, Vec<(Span, String, char)>) {
    let (mut out, mut undefined) = (Vec::new(), Vec::new());
    table_totals(ti, t, keep, &mut out, &mut undefined);
    (out, undefined)
}

fn table_totals(ti: usize, t: &Table, keep: &dyn Fn(f64, f64) -> bool, out: &mut Vec<Total>, undefined: &mut Vec<(Span, String, char)>) {
    if t.rows.len() < 3 {
        return;
    }
    // A row that defines or computes a letter has a bracket in its label;
    // a 小計, 合計 or 計 row has 計 in a cell. A table with neither (an
    // indicator's figures) has no arithmetic: skip reading its cells.
    if !t.rows.iter().any(|r| r.label().contains(['(', '（']) || r.cells.iter().any(|c| c.text.contains('計'))) {
        return;
    }
    let roles: Vec<Role> = t.rows.iter().map(role).collect();
    let ncols = t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let letters: Vec<(char, usize)> =
        roles.iter().enumerate().filter_map(|(i, r)| if let Role::Defines(c) = r { Some((*c, i)) } else { None }).collect();
    let is_group = |row: &Row| row.cells.len() > 1 && !row.label().is_empty() && row.cells.iter().skip(1).all(|c| c.text.is_empty());
    for (ri, role) in roles.iter().enumerate() {
        let terms: Vec<(f64, usize)> = match role {
            Role::Computes(f) => {
                if let Some((_, c)) = f.iter().find(|(_, c)| !letters.iter().any(|(l, _)| l == c)) {
                    if let Some(cell) = t.rows[ri].cells.first() {
                        undefined.push((cell.span.clone(), t.rows[ri].label().to_string(), *c));
                    }
                }
                let v: Option<Vec<(f64, usize)>> =
                    f.iter().map(|(sign, c)| letters.iter().find(|(l, _)| l == c).map(|(_, row)| (*sign, *row))).collect();
                v.unwrap_or_default()
            }
            Role::Subtotal => (1..ri)
                .rev()
                .take_while(|&j| !matches!(roles[j], Role::Subtotal | Role::Total) && !is_group(&t.rows[j]))
                .filter(|&j| matches!(roles[j], Role::Plain))
                .map(|j| (1.0, j))
                .collect(),
            Role::Total if letters.is_empty() => {
                let subs: Vec<(f64, usize)> = (1..ri).filter(|&j| matches!(roles[j], Role::Subtotal)).map(|j| (1.0, j)).collect();
                if subs.is_empty() {
                    (1..ri).filter(|&j| matches!(roles[j], Role::Plain) && !is_group(&t.rows[j])).map(|j| (1.0, j)).collect()
                } else {
                    subs
                }
            }
            _ => continue,
        };
        if terms.is_empty() {
            continue;
        }
        let row = &t.rows[ri];
        for col in 1..ncols {
            let Some(total_cell) = row.cell(col) else { continue };
            let Some(Some(written)) = total_cell.amount() else { continue };
            // The sum first; the operands are spelt out only for a total kept.
            let operand = |j: usize| t.rows[j].cell(col).map_or(amount(""), Cell::amount);
            let values: Option<Vec<Option<f64>>> = terms.iter().map(|&(_, j)| operand(j)).collect();
            let Some(values) = values else { continue };
            if values.iter().all(Option::is_none) {
                continue;
            }
            let computed: f64 = terms.iter().zip(&values).map(|((sign, _), v)| sign * v.unwrap_or(0.0)).sum();
            if !keep(written, computed) {
                continue;
            }
            let parts: Vec<String> = terms
                .iter()
                .zip(&values)
                .map(|((sign, _), v)| {
                    let v = format_number(v.unwrap_or(0.0));
                    if *sign < 0.0 { format!("− {v}") } else { v }
                })
                .collect();
            let operands = terms
                .iter()
                .filter_map(|&(_, j)| t.rows[j].cell(col).map(|c| (c.span.clone(), compact(t.rows[j].label()))))
                .collect();
            out.push(Total {
                table: ti,
                row: ri,
                col,
                cell: total_cell.span.clone(),
                written,
                computed,
                expr: parts.join(" + ").replace("+ −", "−"),
                label: compact(row.label()),
                column: t.header().and_then(|h| h.cell(col)).map(|c| c.text.clone()).unwrap_or_default(),
                operands,
            });
        }
    }
}

