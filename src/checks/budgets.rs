//! Budgets: totals that do not add up, execution above budget, non-numeric
//! amounts, 達成手段 against the 施策's budget, 新規 and 事業番号 rules.

use super::registry::*;
use super::{Diagnostic, Msg, Scope};
use crate::config::Config;
use crate::model::{BudgetTable, DocKind, Report, Table};
use crate::normalize::{circled_char, compact, format_number};

/// The arithmetic of the tables of `scope`.
pub fn items(r: &Report, config: &Config, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    let mut found = Vec::new();
    for (ti, t) in r.tables.iter().enumerate().filter(|(_, t)| scope.has(t.section)) {
        arithmetic(ti, t, config, &mut found);
        out.extend(found.drain(..).map(|d| (super::tag(t.section), d)));
    }
}

pub fn check(r: &Report, config: &Config, out: &mut Vec<Diagnostic>) {
    for b in &r.budgets {
        budget_table(r, b, out);
        execution_period(r, b, out);
    }
    means(r, config, out);
}

use crate::model::arithmetic::{amount, table_arithmetic};

fn column_name(t: &Table, col: usize) -> Option<String> {
    t.header().and_then(|h| h.cell(col)).map(|c| c.text.clone())
}

/// Total rows that do not add up, and formulas naming undefined rows.
fn arithmetic(ti: usize, t: &Table, config: &Config, out: &mut Vec<Diagnostic>) {
    let off = |written: f64, computed: f64| (written - computed).abs() > config.total_tolerance + 1e-9;
    let (totals, undefined) = table_arithmetic(ti, t, &off);
    for (span, label, c) in undefined {
        out.push(Diagnostic::new(TOTAL_MISMATCH, span, Msg::FormulaUndefined { label: label.to_string(), letter: c.to_string() }));
    }
    for total in totals {
        let mut d = Diagnostic::new(
            TOTAL_MISMATCH,
            total.cell.clone(),
            Msg::TotalMismatch {
                label: total.label.clone(),
                column: total.column.clone(),
                written: format_number(total.written),
                expr: total.expr.clone(),
                computed: format_number(total.computed),
            },
        );
        for (span, label) in &total.operands {
            d = d.related(span.clone(), Msg::Verbatim(format!("{label} {}", total.column)));
        }
        let written = &t.rows[total.row].cells[total.col].text;
        let fixed = if written.contains([',', '，']) { format_number(total.computed) } else { format_number(total.computed).replace(',', "") };
        d = d.fix(Msg::FixTotal { value: fixed.clone() }, total.cell.clone(), fixed);
        out.push(d);
    }
}

fn budget_table(r: &Report, b: &BudgetTable, out: &mut Vec<Diagnostic>) {
    let t = &r.tables[b.table];
    // Non-numeric amounts.
    for row in t.rows.iter().skip(1) {
        for &(col, _) in &b.columns {
            if let Some(c) = row.cell(col) {
                if c.amount().is_none() {
                    out.push(Diagnostic::new(
                        NON_NUMERIC_AMOUNT,
                        c.span.clone(),
                        Msg::NotAnAmount { text: c.text.clone(), row: compact(row.label()), column: column_name(t, col), index: col },
                    ));
                }
            }
        }
    }
    let Some(exec_row) = b.execution_row else { return };
    let budget_row = b.total_row.or(b.initial_row);
    let Some(budget_row) = budget_row else { return };
    execution_rates(t, b, exec_row, budget_row, out);
    for &(col, year) in &b.columns {
        let exec = t.rows[exec_row].cell(col).and_then(|c| c.amount()).flatten();
        let budget = t.rows[budget_row].cell(col).and_then(|c| c.amount()).flatten();
        if let (Some(e), Some(bud)) = (exec, budget) {
            if e > bud + 1e-9 {
                let cell = t.rows[exec_row].cell(col).unwrap();
                out.push(
                    Diagnostic::new(
                        EXECUTION_OVER_BUDGET,
                        cell.span.clone(),
                        Msg::ExecutionOverBudget {
                            year,
                            exec: format_number(e),
                            row: compact(t.rows[budget_row].label()),
                            budget: format_number(bud),
                        },
                    )
                    .related(t.rows[budget_row].cell(col).unwrap().span.clone(), Msg::RelBudget),
                );
            }
        }
    }
}

/// The 施策's budget for a year: 合計 for past years, 当初 for the current
/// one, summed over the budget tables.
/// The 施策's budget of a year in 百万円, every table read in its own
/// `@単位` (百万円 when none is given, as the forms print them; a table in an
/// unknown unit is left out, and reported by [`unknown_units`]).
pub fn measure_budget(r: &Report, year: i32, initial: bool) -> Option<f64> {
    let mut total = None;
    for b in &r.budgets {
        let t = &r.tables[b.table];
        let Some(scale) = to_millions(t) else { continue };
        let row = if initial { b.initial_row } else { b.total_row.or(b.initial_row) };
        let Some(row) = row else { continue };
        let Some(&(col, _)) = b.columns.iter().find(|(_, y)| *y == year) else { continue };
        if let Some(Some(v)) = t.rows[row].cell(col).and_then(|c| c.amount()) {
            total = Some(total.unwrap_or(0.0) + v * scale);
        }
    }
    total
}

/// Yen per unit of a table's amounts: its `@単位`, or `default` without one;
/// `None` for a unit that is not money.
pub fn table_yen(t: &crate::model::Table, default: f64) -> Option<f64> {
    match &t.unit {
        None => Some(default),
        Some(u) => crate::normalize::money_unit(u),
    }
}

/// The factor from a 施策 or 達成手段 table's unit to 百万円.
fn to_millions(t: &crate::model::Table) -> Option<f64> {
    table_yen(t, 1e6).map(|y| y / 1e6)
}

/// Budget and means tables whose `@単位` is not a unit of money: their
/// amounts are not compared, and the author is told so.
fn unknown_units(r: &Report, out: &mut Vec<Diagnostic>) {
    let mut tables: Vec<usize> = r.budgets.iter().map(|b| b.table).chain(r.means.iter().map(|m| m.table)).collect();
    if r.kind == Some(DocKind::BudgetSheet) {
        tables.extend(0..r.tables.len());
    }
    tables.sort();
    tables.dedup();
    for ti in tables {
        let t = &r.tables[ti];
        let Some(unit) = &t.unit else { continue };
        if crate::normalize::money_unit(unit).is_some() {
            continue;
        }
        // The `@単位` the table takes its unit from: the nearest above it.
        let attr = r.attributes.iter().filter(|a| a.name == "単位" && a.span.start < t.span.start).last();
        let span = attr.and_then(|a| a.value.as_ref().map(|v| v.span.clone())).unwrap_or(t.span.clone());
        out.push(Diagnostic::new(
            UNKNOWN_UNIT,
            span,
            Msg::UnknownUnit { unit: unit.clone() },
        ));
    }
}

fn means(r: &Report, config: &Config, out: &mut Vec<Diagnostic>) {
    for m in &r.means {
        let label = circled_char(m.number).map(String::from).unwrap_or_else(|| m.number.to_string());
        let mut has_money = false;
        for a in &m.amounts {
            let text = &r.tables[m.table].rows.iter().flat_map(|row| row.cells.iter()).find(|c| c.span == a.cell).map(|c| c.text.clone()).unwrap_or_default();
            if a.budget.is_none() && amount(text).is_none() {
                out.push(Diagnostic::new(
                    NON_NUMERIC_AMOUNT,
                    a.cell.clone(),
                    Msg::MeansNotAnAmount { label: label.clone(), text: text.clone(), year: a.year },
                ));
            }
            if a.budget.is_some_and(|b| b != 0.0) {
                has_money = true;
            }
            if let (Some(b), Some(e)) = (a.budget, a.execution) {
                if e > b + 1e-9 {
                    out.push(Diagnostic::new(
                        EXECUTION_OVER_BUDGET,
                        a.cell.clone(),
                        Msg::MeansExecutionOverBudget {
                            label: label.clone(),
                            name: m.name.text.clone(),
                            year: a.year,
                            exec: format_number(e),
                            budget: format_number(b),
                        },
                    ));
                }
            }
            if m.is_new && !a.initial && a.budget.is_some() {
                out.push(Diagnostic::new(
                    NEW_MEANS_WITH_PRIOR_AMOUNTS,
                    a.cell.clone(),
                    Msg::NewMeansWithAmount { label: label.clone(), name: m.name.text.clone(), year: a.year },
                ));
            }
        }
        if has_money && m.project_number.is_none() {
            out.push(Diagnostic::new(
                MISSING_PROJECT_NUMBER,
                m.project_cell.clone().unwrap_or(m.row_span.clone()),
                Msg::MissingProjectNumber { label: label.clone(), name: m.name.text.clone() },
            ));
        }
        // A 拠出金 means with money while the 分担金・拠出金 table says 0.
        if compact(&m.name.text).contains("拠出金") {
            for a in &m.amounts {
                let Some(v) = a.budget.filter(|v| *v > 0.0) else { continue };
                for b in r.budgets.iter().filter(|b| b.contribution) {
                    let t = &r.tables[b.table];
                    let row = if a.initial { b.initial_row } else { b.total_row.or(b.initial_row) };
                    let Some(row) = row else { continue };
                    let Some(&(col, _)) = b.columns.iter().find(|(_, y)| *y == a.year) else { continue };
                    let Some(cell) = t.rows[row].cell(col) else { continue };
                    if cell.amount() == Some(Some(0.0)) {
                        out.push(
                            Diagnostic::new(
                                CONTRIBUTION_WITHOUT_BUDGET,
                                a.cell.clone(),
                                Msg::ContributionWithoutBudget {
                                    label: label.clone(),
                                    name: m.name.text.clone(),
                                    amount: format_number(v),
                                    year: a.year,
                                },
                            )
                            .related(cell.span.clone(), Msg::RelContributionBudget),
                        );
                    }
                }
            }
        }
    }
    means_sum(r, config, out);
    means_execution_sum(r, config, out);
    unknown_units(r, out);
    project_numbers(r, out);
}

/// Two 達成手段 with the same 行政事業レビュー事業番号.
fn project_numbers(r: &Report, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(String, &crate::model::Means)> = Vec::new();
    for m in &r.means {
        let Some(p) = &m.project_number else { continue };
        let key = compact(&p.text);
        if crate::normalize::is_none_mark(&key) || !key.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            out.push(
                Diagnostic::new(
                    DUPLICATE_PROJECT_NUMBER,
                    p.span.clone(),
                    Msg::DuplicateProjectNumber {
                        number: p.text.clone(),
                        label: circled_char(m.number).unwrap_or('?'),
                        name: m.name.text.clone(),
                        first_label: circled_char(first.number).unwrap_or('?'),
                        first_name: first.name.text.clone(),
                    },
                )
                .related(first.project_number.as_ref().map(|f| f.span.clone()).unwrap_or(first.row_span.clone()), Msg::RelFirstDefined),
            );
        } else {
            seen.push((key, m));
        }
    }
}

/// 執行額 of a year not yet closed (the document's own year or later), and
/// none for a closed year that had a budget.
fn execution_period(r: &Report, b: &crate::model::BudgetTable, out: &mut Vec<Diagnostic>) {
    let (Some(kind), Some((own, _))) = (r.kind, &r.year) else { return };
    if kind == DocKind::BudgetSheet {
        return;
    }
    let t = &r.tables[b.table];
    let (Some(exec_row), Some(budget_row)) = (b.execution_row, b.total_row.or(b.initial_row)) else { return };
    for &(col, year) in &b.columns {
        let Some(cell) = t.rows[exec_row].cell(col) else { continue };
        let exec = cell.amount().flatten();
        let budget = t.rows[budget_row].cell(col).and_then(|c| c.amount()).flatten();
        if year >= *own && exec.is_some() {
            out.push(Diagnostic::new(EXECUTION_PERIOD, cell.span.clone(), Msg::ExecutionNotClosed { year, own: *own, exec: cell.text.trim().to_string() }));
        } else if year < *own && exec.is_none() && budget.is_some_and(|v| v != 0.0) && crate::normalize::is_none_mark(&cell.text) {
            out.push(Diagnostic::new(EXECUTION_PERIOD, cell.span.clone(), Msg::ExecutionMissing { year }));
        }
    }
}

fn means_sum(r: &Report, config: &Config, out: &mut Vec<Diagnostic>) {
    if !matches!(r.kind, Some(DocKind::Plan | DocKind::Evaluation)) || r.means.is_empty() || r.budgets.is_empty() {
        return;
    }
    let mut years: Vec<(i32, bool)> = r.means.iter().flat_map(|m| m.amounts.iter().map(|a| (a.year, a.initial))).collect();
    years.sort();
    years.dedup();
    let at = r.budgets.iter().find(|b| !b.contribution).or(r.budgets.first()).unwrap();
    let table = &r.tables[at.table];
    for (year, initial) in years {
        let Some(budget) = measure_budget(r, year, initial) else { continue };
        // Each 達成手段 in 百万円, read in its table's unit.
        let items: Vec<f64> = r
            .means
            .iter()
            .filter_map(|m| Some(m.amounts.iter().find(|a| a.year == year && a.initial == initial)?.budget? * to_millions(&r.tables[m.table])?))
            .collect();
        let sum: f64 = items.iter().sum();
        let tolerance = config.means_tolerance_per_item * items.len() as f64;
        if (sum - budget).abs() > tolerance {
            let span = at
                .columns
                .iter()
                .find(|(_, y)| *y == year)
                .and_then(|(col, _)| table.header()?.cell(*col))
                .map(|c| c.span.clone())
                .unwrap_or(table.span.clone());
            let mut d = Diagnostic::new(
                MEANS_SUM_VS_BUDGET,
                span,
                Msg::MeansSumVsBudget {
                    year,
                    sum: format_number(sum),
                    items: items.len(),
                    initial,
                    budget: format_number(budget),
                    difference: format_number(sum - budget),
                },
            );
            // Means outside the 施策's budget explain a small gap; one of
            // half the amount or more is a figure typed wrongly.
            if (sum - budget).abs() >= 0.5 * sum.abs().max(budget.abs()) {
                d.severity = super::Severity::Warning;
            }
            out.push(d);
        }
    }
}

/// The 施策's 執行額 of a past year in 百万円, over its budget tables.
fn measure_execution(r: &Report, year: i32) -> Option<f64> {
    let mut total = None;
    for b in &r.budgets {
        let t = &r.tables[b.table];
        let (Some(scale), Some(row)) = (to_millions(t), b.execution_row) else { continue };
        let Some(&(col, _)) = b.columns.iter().find(|(_, y)| *y == year) else { continue };
        if let Some(Some(v)) = t.rows[row].cell(col).and_then(|c| c.amount()) {
            total = Some(total.unwrap_or(0.0) + v * scale);
        }
    }
    total
}

/// The 達成手段's 執行額 of a past year against the 施策's: reported when
/// every means gives its execution and the sums differ.
fn means_execution_sum(r: &Report, config: &Config, out: &mut Vec<Diagnostic>) {
    if !matches!(r.kind, Some(DocKind::Plan | DocKind::Evaluation)) || r.means.is_empty() {
        return;
    }
    let Some(at) = r.budgets.iter().find(|b| !b.contribution) else { return };
    let table = &r.tables[at.table];
    let mut years: Vec<i32> = r.means.iter().flat_map(|m| m.amounts.iter().filter(|a| !a.initial).map(|a| a.year)).collect();
    years.sort();
    years.dedup();
    for year in years {
        let Some(execution) = measure_execution(r, year) else { continue };
        let amounts: Vec<&crate::model::MeansAmount> = r.means.iter().filter_map(|m| m.amounts.iter().find(|a| a.year == year && !a.initial)).collect();
        // Only where every means with a budget gives its execution.
        if amounts.iter().any(|a| a.budget.is_some() && a.execution.is_none()) || !amounts.iter().any(|a| a.execution.is_some()) {
            continue;
        }
        let items: Vec<f64> = r
            .means
            .iter()
            .filter_map(|m| Some(m.amounts.iter().find(|a| a.year == year && !a.initial)?.execution? * to_millions(&r.tables[m.table])?))
            .collect();
        let sum: f64 = items.iter().sum();
        if (sum - execution).abs() > config.means_tolerance_per_item * items.len() as f64 {
            let span = at.columns.iter().find(|(_, y)| *y == year).and_then(|(col, _)| table.header()?.cell(*col)).map(|c| c.span.clone()).unwrap_or(table.span.clone());
            out.push(Diagnostic::new(
                MEANS_SUM_VS_BUDGET,
                span,
                Msg::MeansExecutionSum { year, sum: format_number(sum), items: items.len(), execution: format_number(execution), difference: format_number(sum - execution) },
            ));
        }
    }
}

/// A `執行率` row against 執行額 ÷ the budget row, within the rounding of
/// the figure written (`90.1` to a tenth, `90` to a unit).
fn execution_rates(t: &Table, b: &BudgetTable, exec_row: usize, budget_row: usize, out: &mut Vec<Diagnostic>) {
    let Some(rate_row) = t.rows.iter().position(|r| compact(r.label()).starts_with("執行率")) else { return };
    for &(col, year) in &b.columns {
        let Some(cell) = t.rows[rate_row].cell(col) else { continue };
        let Some(n) = crate::normalize::parse_number(&cell.text) else { continue };
        let exec = t.rows[exec_row].cell(col).and_then(|c| c.amount()).flatten();
        let budget = t.rows[budget_row].cell(col).and_then(|c| c.amount()).flatten();
        let (Some(e), Some(bud)) = (exec, budget) else { continue };
        if bud == 0.0 {
            continue;
        }
        let computed = e / bud * 100.0;
        let decimals = cell.text.trim().trim_end_matches(['%', '％']).split(['.', '．']).nth(1).map(|d| d.chars().filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count()).unwrap_or(0);
        let half = 0.5 * 10f64.powi(-(decimals as i32));
        if (n.value - computed).abs() > half + 1e-9 {
            out.push(
                Diagnostic::new(
                    TOTAL_MISMATCH,
                    cell.span.clone(),
                    Msg::ExecutionRateMismatch {
                        year,
                        written: cell.text.trim().to_string(),
                        exec: format_number(e),
                        row: compact(t.rows[budget_row].label()),
                        budget: format_number(bud),
                        computed: format!("{:.*}", decimals.max(1), computed),
                    },
                )
                .related(t.rows[exec_row].cell(col).map(|c| c.span.clone()).unwrap_or(t.rows[exec_row].span.clone()), Msg::RelBudget),
            );
        }
    }
}
