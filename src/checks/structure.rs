//! Structure: syntax errors, the parts each document type requires, years
//! that do not match the period rated, unbalanced citation brackets.

use super::registry::*;
use super::{tag, Diagnostic, Msg, Scope};
use crate::config::Config;
use crate::model::{marks, CitationTarget, DocKind, Report, SectionKind, StatementKind};
use crate::normalize::{compact, year_label};

pub fn check(r: &Report, text: &str, _config: &Config, out: &mut Vec<Diagnostic>) {
    syntax(r, text, out);
    parts(r, out);
    broken_urls(r, out);
    import_guesses(r, text, out);
    sheet_items(r, out);
    measure_ids(r, out);
    for c in &r.citations {
        if matches!(c.target, CitationTarget::Means { .. }) && c.bracket_balance != 0 {
            out.push(Diagnostic::new(
                UNBALANCED_CITATION,
                c.span.clone(),
                Msg::UnbalancedCitation {
                    unclosed: c.bracket_balance > 0,
                    opening: count(&text[c.span.clone()], &['（', '(']),
                    closing: count(&text[c.span.clone()], &['）', ')']),
                },
            ));
        }
    }
}

fn count(s: &str, chars: &[char]) -> usize {
    s.chars().filter(|c| chars.contains(c)).count()
}

/// The checks of the sections, attributes and indicators of `scope`:
/// headings and attributes read wrongly, years outside the period rated,
/// headings that name another 個別分野, indicators nested in indicators.
pub fn items(r: &Report, text: &str, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    lines(r, text, scope, out);
    periods(r, scope, out);
    headings(r, text, scope, out);
}

fn lines(r: &Report, text: &str, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    // A typed heading whose ID is missing parses as a plain heading.
    for (i, s) in r.sections.iter().enumerate().filter(|(i, _)| scope.has(Some(*i))) {
        if s.kind != SectionKind::Plain {
            continue;
        }
        // Folding keeps kanji and lowercase letters: only a title opening
        // with one of these can name a keyword below.
        if !matches!(s.title.chars().next(), Some('測' | '個' | 'i' | 'f' | 'ｉ' | 'ｆ')) {
            continue;
        }
        let t = crate::normalize::fold(&s.title);
        let missing = [("測定指標", false), ("個別分野", true), ("indicator", false), ("field", true)]
            .into_iter()
            .find(|(k, _)| t.strip_prefix(k).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')));
        if let Some((keyword, field)) = missing {
            out.push((i, Diagnostic::new(SYNTAX_ERROR, s.heading_span.clone(), Msg::HeadingWithoutId { keyword: keyword.to_string(), field })));
        }
    }
    // `@令和２・３・４年度目標の達成状況 b`: a known key and its value with the
    // colon forgotten, read as one long key with no value.
    for a in r.attributes.iter().filter(|a| a.value.is_none() && scope.has(a.section)) {
        let Some(written) = text.get(a.key_span.clone()) else { continue };
        let Some(gap) = written.trim_end().rfind([' ', '\u{3000}', '\t']) else { continue };
        let (key, value) = (written[..gap].trim_end(), written[gap..].trim());
        let k = compact(key);
        let known = k.ends_with("達成状況")
            || k.starts_with("中期目標値")
            || KNOWN_KEYS.contains(&k.as_str());
        if !known || value.is_empty() {
            continue;
        }
        let blank = a.key_span.start + key.len()..a.key_span.start + gap + written[gap..].len() - written[gap..].trim_start().len();
        out.push((
            tag(a.section),
            Diagnostic::new(SYNTAX_ERROR, a.key_span.clone(), Msg::ColonForgotten { key: key.to_string(), value: value.to_string() })
                .fix(Msg::FixInsertColon, blank, ": "),
        ));
    }
}

fn syntax(r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    for (span, missing) in &r.syntax_errors {
        let line_start = text[..span.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let first = text[line_start..].trim_start().chars().next().unwrap_or(' ');
        let message = if *missing {
            Msg::LineIncomplete
        } else {
            match first {
                '#' | '＃' => Msg::HeadingMalformed,
                '@' | '＠' => Msg::AttributeMalformed,
                _ => Msg::LineMalformed,
            }
        };
        let mut span = span.clone();
        if span.is_empty() {
            span.end = text[span.start..].find('\n').map(|i| span.start + i).unwrap_or(text.len());
        }
        out.push(Diagnostic::new(SYNTAX_ERROR, span, message));
    }
}

/// Attribute keys the checks read (compacted), for telling a forgotten colon.
const KNOWN_KEYS: &[&str] = &[
    "年度", "単位", "施策名", "政策名", "番号", "評価方式", "担当部局名", "政策評価実施時期", "政策評価実施予定時期", "目標達成度合いの測定結果",
    "政策目標の達成度合い", "政策体系上の位置付け", "系列", "方向", "出典",
];

/// Whether some section title, folded and without spaces, holds the word
/// of `mark` (see [`crate::model::TITLE_WORDS`]).
fn has_section(r: &Report, mark: u16) -> bool {
    r.sections.iter().any(|s| s.marks & mark != 0)
}

fn has_attr(r: &Report, keys: &[&str]) -> bool {
    r.attributes.iter().any(|a| keys.contains(&a.name.as_str()))
}

fn parts(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(kind) = r.kind else {
        if !r.sections.is_empty() || !r.attributes.is_empty() {
            out.push(Diagnostic::new(
                MISSING_PART,
                0..0,
                Msg::NoDocumentHeading,
            ));
        }
        return;
    };
    let at = r.heading.as_ref().map(|h| h.span.clone()).unwrap_or(0..0);
    let mut missing: Vec<&str> = Vec::new();
    if r.heading.as_ref().is_some_and(|h| h.measure_id.is_none()) {
        missing.push("施策 ID");
    }
    if r.year.is_none() {
        missing.push("@年度");
    }
    let budget = !r.budgets.is_empty();
    match kind {
        DocKind::Evaluation => {
            if !has_section(r, marks::MEASURE_GOAL) {
                missing.push("施策目標");
            }
            if !budget {
                missing.push("施策の予算額・執行額等");
            }
            if r.measure_rating.is_none() {
                missing.push(if has_attr(r, &["目標達成度合いの測定結果"]) { "@目標達成度合いの測定結果 の値" } else { "@目標達成度合いの測定結果" });
            } else if !mentions_basis(r) {
                missing.push("判断根拠");
            }
            if r.summary_section.is_none() {
                missing.push("測定指標の達成状況（一覧）");
            }
            if !has_section(r, marks::EXPERTS) {
                missing.push("学識経験を有する者の知見の活用");
            }
            if !has_attr(r, &["担当部局名"]) {
                missing.push("@担当部局名");
            }
            if !has_attr(r, &["政策評価実施時期"]) {
                missing.push("@政策評価実施時期");
            }
        }
        DocKind::Plan => {
            if !has_section(r, marks::MEASURE_GOAL) {
                missing.push("施策目標");
            }
            if !has_section(r, marks::TARGET_RATIONALE) {
                missing.push("目標設定の考え方・根拠");
            }
            if !budget {
                missing.push("施策の予算額・執行額等");
            }
            if !has_attr(r, &["担当部局名"]) {
                missing.push("@担当部局名");
            }
            if !has_attr(r, &["政策評価実施予定時期"]) {
                missing.push("@政策評価実施予定時期");
            }
        }
        DocKind::BudgetSheet => {
            if r.measure_rating.is_none() {
                missing.push(if has_attr(r, &["政策目標の達成度合い"]) { "@政策目標の達成度合い の値" } else { "@政策目標の達成度合い" });
            }
            if !r.tables.iter().any(|t| t.rows.iter().any(|row| compact(row.label()).starts_with("合計"))) {
                missing.push("予算額の表（合計）");
            }
        }
    }
    if matches!(kind, DocKind::Evaluation | DocKind::Plan) {
        let main = r.budgets.iter().find(|b| !b.contribution);
        // A table with a closed year has its 執行額 row.
        let closed = |b: &crate::model::BudgetTable| r.year.as_ref().is_some_and(|(own, _)| b.columns.iter().any(|(_, y)| y < own));
        if main.is_some_and(|b| b.execution_row.is_none() && closed(b)) {
            missing.push("施策の予算額・執行額等の「執行額」の行");
        }
        // 「（分担金・拠出金除く）」 with a second budget table under it: the
        // heading 「同（分担金・拠出金）」 of that table is missing.
        let excluding: Vec<Option<usize>> = r
            .budgets
            .iter()
            .map(|b| r.tables[b.table].section)
            .filter(|s| s.is_some_and(|s| r.sections[s].name.contains("除く")))
            .collect();
        if excluding.len() >= 2 && !r.budgets.iter().any(|b| b.contribution) {
            missing.push("同（分担金・拠出金）の見出し");
        }
        // The document's own year has its 当初予算.
        if let (Some(b), Some((own, _))) = (main, &r.year) {
            let t = &r.tables[b.table];
            let cell = b.initial_row.zip(b.columns.iter().find(|(_, y)| y == own)).and_then(|(row, (col, _))| t.rows[row].cell(*col));
            if let Some(c) = cell.filter(|c| crate::normalize::is_none_mark(&c.text)) {
                out.push(Diagnostic::new(MISSING_PART, c.span.clone(), Msg::InitialBudgetBlank { year: *own }));
            }
        }
    }
    if !missing.is_empty() {
        out.push(Diagnostic::new(
            MISSING_PART,
            at.clone(),
            Msg::DocumentLacks { kind: kind.name(), missing: missing.iter().map(|m| m.to_string()).collect() },
        ));
    }
    // Per field. The enclosing field of every section and what each field
    // holds are computed in one pass (linear in the sections, not fields ×
    // sections: this runs on every keystroke).
    let field_of: Vec<Option<usize>> = (0..r.sections.len())
        .map(|i| r.enclosing(Some(i), |x| matches!(x.kind, SectionKind::Field(_))))
        .collect();
    #[derive(Default, Clone, Copy)]
    struct Holds {
        indicator: bool,
        analysis: bool,
        next: bool,
        means: bool,
        overview: bool,
        sources: bool,
    }
    let mut holds = vec![Holds::default(); r.sections.len()];
    for (i, s) in r.sections.iter().enumerate() {
        let Some(f) = field_of[i] else { continue };
        holds[f].analysis |= s.marks & marks::ANALYSIS != 0;
        holds[f].next |= s.marks & marks::NEXT != 0;
        holds[f].overview |= s.marks & marks::OVERVIEW != 0;
        holds[f].sources |= s.marks & marks::SOURCES != 0;
    }
    for ind in &r.indicators {
        if let Some(f) = field_of.get(ind.section).copied().flatten() {
            holds[f].indicator = true;
        }
    }
    for (s, _) in &r.means_sections {
        if let Some(f) = field_of.get(*s).copied().flatten() {
            holds[f].means = true;
        }
    }
    for f in &r.fields {
        let h = holds.get(f.section).copied().unwrap_or_default();
        let mut missing = Vec::new();
        if !h.indicator {
            missing.push("測定指標");
        }
        if !h.overview && kind != DocKind::BudgetSheet {
            missing.push("施策の概要");
        }
        match kind {
            DocKind::Evaluation => {
                if !h.sources {
                    missing.push("作成にあたって使用した資料その他の情報");
                }
                if !h.analysis {
                    missing.push("施策の分析");
                }
                if !h.next {
                    missing.push("次期目標等への反映の方向性");
                }
            }
            DocKind::Plan => {
                if !h.means {
                    missing.push("達成手段");
                }
            }
            DocKind::BudgetSheet => {}
        }
        if !missing.is_empty() {
            out.push(Diagnostic::new(
                MISSING_PART,
                f.label_span.clone(),
                Msg::FieldLacks { number: f.number, missing: missing.iter().map(|m| m.to_string()).collect() },
            ));
        }
    }
}

fn periods(r: &Report, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    if r.kind != Some(DocKind::Evaluation) {
        return;
    }
    for ind in r.indicators.iter().filter(|i| scope.has(Some(i.section))) {
        let Some(rating) = ind.ratings.last() else { continue };
        if rating.period.is_empty() {
            continue;
        }
        for y in &ind.years {
            if !rating.period.contains(&y.year) {
                out.push((
                    ind.section,
                    Diagnostic::new(
                        PERIOD_MISMATCH,
                        y.span.clone(),
                        Msg::YearOutsidePeriod { id: ind.id.to_string(), year: y.year, period: period_label(&rating.period) },
                    )
                    .related(rating.key_span.clone(), Msg::RelRatedPeriod),
                ));
            }
        }
        if !ind.years.is_empty() {
            let missing: Vec<i32> = rating.period.iter().filter(|p| !ind.years.iter().any(|y| y.year == **p)).copied().collect();
            if !missing.is_empty() {
                out.push((
                    ind.section,
                    Diagnostic::new(PERIOD_MISMATCH, rating.key_span.clone(), Msg::PeriodYearsMissing { id: ind.id.to_string(), period: period_label(&rating.period), missing }),
                ));
            }
        }
    }
}

pub fn period_label(p: &[i32]) -> String {
    match p {
        [] => String::new(),
        [one] => year_label(*one),
        [first, .., last] => format!("{}～{}", year_label(*first).trim_end_matches("年度"), year_label(*last)),
    }
}

/// The 施策 ID in a text such as `外務省４－Ⅰ－２`: the roman numeral, a
/// dash and a number, normalised as the heading's.
pub fn measure_id_in(s: &str) -> Option<String> {
    let start = s.find(|c: char| ('Ⅰ'..='Ⅻ').contains(&c))?;
    let rest = &s[start..];
    let roman: usize = rest.chars().take_while(|c| ('Ⅰ'..='Ⅻ').contains(c)).map(char::len_utf8).sum();
    let dash = rest[roman..].chars().next().filter(|c| crate::normalize::fold_char(*c) == '-')?;
    let after = &rest[roman + dash.len_utf8()..];
    let digits: usize = after.chars().take_while(|c| crate::normalize::fold_char(*c).is_ascii_digit()).map(char::len_utf8).sum();
    if digits == 0 {
        return None;
    }
    let id = crate::normalize::fold(&rest[..roman + dash.len_utf8() + digits]);
    Some(id)
}

/// `@番号` and the 施策 IDs in the prose against the heading's ID.
fn measure_ids(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(own) = r.measure_id() else { return };
    let heading = r.heading.as_ref().map(|h| h.label_span.clone()).unwrap_or(0..0);
    for a in r.attributes.iter().filter(|a| a.name == "番号") {
        let Some(v) = &a.value else { continue };
        let Some(id) = measure_id_in(&v.text) else { continue };
        if id != own {
            out.push(
                Diagnostic::new(MEASURE_ID_MISMATCH, v.span.clone(), Msg::NumberNamesOtherMeasure { written: v.text.clone(), id, own: own.to_string() })
                    .related(heading.clone(), Msg::RelDocumentHeading),
            );
        }
    }
    for st in &r.statements {
        let StatementKind::MeasureId { id } = &st.kind else { continue };
        if id != own {
            let mut d = Diagnostic::new(MEASURE_ID_MISMATCH, st.span.clone(), Msg::ProseNamesOtherMeasure { id: id.clone(), own: own.to_string() })
                .related(heading.clone(), Msg::RelDocumentHeading);
            // Another 施策 may be meant: a question, not a finding.
            d.severity = super::Severity::Information;
            out.push(d);
        }
    }
}

/// Headings that name another 個別分野 than their own, and indicators
/// nested in indicators.
fn headings(r: &Report, text: &str, scope: &Scope, out: &mut Vec<(usize, Diagnostic)>) {
    for (i, s) in r.sections.iter().enumerate().filter(|(i, _)| scope.has(Some(*i))) {
        match s.kind {
            SectionKind::Plain => {
                if !s.title.contains("個別分野") {
                    continue;
                }
                let t = crate::normalize::fold(&s.title);
                let Some(p) = t.find("個別分野") else { continue };
                let digits: String = t[p + "個別分野".len()..].trim_start().chars().take_while(|c| c.is_ascii_digit()).collect();
                let (Ok(named), Some(own)) = (digits.parse::<u32>(), r.field_of_section(Some(i))) else { continue };
                if named != own {
                    let field = r.fields.iter().find(|f| f.number == own).map(|f| f.label_span.clone()).unwrap_or(0..0);
                    out.push((
                        i,
                        Diagnostic::new(HEADING_FIELD_MISMATCH, s.name_span.clone(), Msg::HeadingNamesOtherField { title: s.title.clone(), named, own })
                            .related(field, Msg::RelEnclosingField),
                    ));
                }
            }
            SectionKind::Indicator(ind) => {
                let outer = r.enclosing(s.parent, |x| matches!(x.kind, SectionKind::Indicator(_)));
                let Some(o) = outer else { continue };
                let SectionKind::Indicator(oi) = r.sections[o].kind else { continue };
                let (inner, outer_ind) = (&r.indicators[ind], &r.indicators[oi]);
                let level = r.sections[o].level;
                let mut d = Diagnostic::new(
                    HEADING_LEVEL,
                    s.heading_span.clone(),
                    Msg::IndicatorNested { id: inner.id.to_string(), outer: outer_ind.id.to_string(), level: s.level, outer_level: level },
                )
                .related(r.sections[o].heading_span.clone(), Msg::RelOuterIndicator);
                let marker = &s.heading_span;
                // The fix rewrites a marker of ASCII `#` (a full-width `＃` is left to the author).
                let ascii = text.get(marker.start..marker.start + s.level).is_some_and(|m| m.bytes().all(|b| b == b'#'));
                if s.level > level && ascii {
                    d = d.fix(Msg::FixHeadingLevel { level }, marker.start..marker.start + s.level, "#".repeat(level));
                }
                out.push((i, d));
            }
            _ => {}
        }
    }
}

/// Addresses whose scheme lost a character (`https//…`): links that do not open.
fn broken_urls(r: &Report, out: &mut Vec<Diagnostic>) {
    for st in r.statements.iter().filter(|s| matches!(s.kind, StatementKind::BrokenUrl)) {
        out.push(Diagnostic::new(BROKEN_URL, st.span.clone(), Msg::BrokenUrl));
    }
}

/// The 調書's 事項 (`北米地域外交に必要な経費`) names the 施策 of the sheet.
fn sheet_items(r: &Report, out: &mut Vec<Diagnostic>) {
    if r.kind != Some(DocKind::BudgetSheet) {
        return;
    }
    let Some(name) = r.heading.as_ref().and_then(|h| h.title.as_ref()).map(|t| compact(&t.text)).filter(|n| !n.is_empty()) else { return };
    for t in &r.tables {
        for c in t.rows.iter().flat_map(|row| row.cells.iter()) {
            let k = compact(&c.text);
            if let Some(item) = k.strip_suffix("に必要な経費") {
                if !item.is_empty() && !k.contains(&name) && !name.contains(item) {
                    out.push(Diagnostic::new(PARTNER_NAME_MISMATCH, c.span.clone(), Msg::SheetItemOtherMeasure { item: c.text.clone(), name: name.clone() }));
                }
            }
        }
    }
}

/// The reconstructions `hyoka import` marked as guesses: each comment is a
/// place for the author to compare with the print (a hint, until removed).
fn import_guesses(r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    let prefix = crate::import::GUESS_PREFIX.trim_end();
    for g in &r.guesses {
        let why = text.get(g.start + prefix.len()..g.end).unwrap_or("");
        out.push(Diagnostic::new(IMPORT_GUESS, g.clone(), Msg::ImportGuess { what: why.trim().to_string() }));
    }
}

/// Whether the document names its 判断根拠: in prose, a heading or an
/// attribute.
fn mentions_basis(r: &Report) -> bool {
    let finder = memchr::memmem::Finder::new("判断根拠");
    let has = |s: &str| finder.find(s.as_bytes()).is_some();
    r.statements.iter().any(|s| s.kind == StatementKind::Basis)
        || r.sections.iter().any(|s| s.marks & marks::BASIS != 0)
        || r.attributes.iter().any(|a| has(&a.key) || a.value.as_ref().is_some_and(|v| has(&v.text)))
}
