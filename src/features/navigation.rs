//! Navigation: what object sits at an offset, where it is defined, where it
//! is cited, and how to rename it. Works on one report; the server combines
//! the answers of the documents of one 施策 (the plan's indicator is the
//! evaluation's indicator).

use crate::i18n::Msg;
use crate::model::{indicator_id_in, CitationTarget, IndicatorId, Report, Span};
use crate::normalize::{circled_char, compact};

/// An addressable object, independent of the document it is written in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Indicator(IndicatorId),
    /// A 参考指標 by field and number.
    Reference(Option<u32>, String),
    /// A 達成手段 by field and number.
    Means(Option<u32>, u32),
    Field(u32),
}

impl Target {
    pub fn describe(&self) -> String {
        match self {
            Target::Indicator(id) => format!("測定指標{id}"),
            Target::Reference(_, n) => format!("参考指標{n}"),
            Target::Means(f, n) => format!(
                "{}達成手段{}",
                f.map(|f| format!("個別分野{f}の")).unwrap_or_default(),
                circled_char(*n).map(String::from).unwrap_or(n.to_string())
            ),
            Target::Field(n) => format!("個別分野{n}"),
        }
    }
}

/// One occurrence of a target: the span to highlight and, for renames, the
/// span of the renameable part (the ID or the name).
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub span: Span,
    pub rename_span: Span,
    pub definition: bool,
}

fn contains(span: &Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The ID part of a span holding `測定指標１－１`.
fn id_part(text: &str, span: &Span) -> Option<(IndicatorId, Span)> {
    indicator_id_in(&text[span.clone()], span.start)
}

/// Every occurrence of every target in `r`.
pub fn occurrences(r: &Report, text: &str) -> Vec<(Target, Occurrence)> {
    let mut out = Vec::new();
    for i in &r.indicators {
        out.push((Target::Indicator(i.id), Occurrence { span: i.label_span.clone(), rename_span: i.id_span.clone(), definition: true }));
    }
    for re in &r.references {
        if let Some(n) = &re.number {
            let id_span = text[re.label_span.clone()]
                .char_indices()
                .find(|(_, c)| crate::normalize::fold_char(*c).is_ascii_digit())
                .map(|(i, _)| re.label_span.start + i..re.label_span.end)
                .unwrap_or(re.label_span.clone());
            out.push((
                Target::Reference(re.field, crate::normalize::fold(n)),
                Occurrence { span: re.label_span.clone(), rename_span: id_span, definition: true },
            ));
        }
    }
    for f in &r.fields {
        out.push((Target::Field(f.number), Occurrence { span: f.label_span.clone(), rename_span: f.label_span.clone(), definition: true }));
    }
    for m in &r.means {
        out.push((Target::Means(m.field, m.number), Occurrence { span: m.name.span.clone(), rename_span: m.name.span.clone(), definition: true }));
        for (id, span) in &m.related {
            out.push((Target::Indicator(*id), Occurrence { span: span.clone(), rename_span: span.clone(), definition: false }));
        }
    }
    for e in &r.summary {
        let id = id_part(text, &e.id_span).map(|(_, s)| s).unwrap_or(e.id_span.clone());
        out.push((Target::Indicator(e.id), Occurrence { span: e.id_span.clone(), rename_span: id, definition: false }));
    }
    for c in &r.citations {
        match &c.target {
            CitationTarget::Indicator { id, reference: false, .. } => {
                let id_span = id_part(text, &c.span).map(|(_, s)| s).unwrap_or(c.span.clone());
                out.push((Target::Indicator(*id), Occurrence { span: c.span.clone(), rename_span: id_span, definition: false }));
            }
            CitationTarget::Indicator { id, reference: true, .. } => {
                out.push((
                    Target::Reference(Some(id.field), id.number.to_string()),
                    Occurrence { span: c.span.clone(), rename_span: c.span.clone(), definition: false },
                ));
            }
            CitationTarget::Means { number, name } => {
                let rename = name.as_ref().map(|n| n.span.clone()).unwrap_or(c.span.clone());
                out.push((Target::Means(c.field, *number), Occurrence { span: c.span.clone(), rename_span: rename, definition: false }));
            }
            CitationTarget::Field { number } => {
                out.push((Target::Field(*number), Occurrence { span: c.span.clone(), rename_span: c.span.clone(), definition: false }));
            }
        }
    }
    out
}

/// The target at `offset`, the innermost occurrence first.
pub fn target_at(r: &Report, text: &str, offset: usize) -> Option<(Target, Occurrence)> {
    occurrences(r, text)
        .into_iter()
        .filter(|(_, o)| contains(&o.span, offset))
        .min_by_key(|(_, o)| o.span.end - o.span.start)
}

/// Whether two targets are the same object. A means cited from a field
/// matches the means of that field, or a means table outside fields.
pub fn same(a: &Target, b: &Target) -> bool {
    match (a, b) {
        (Target::Means(fa, na), Target::Means(fb, nb)) => na == nb && (fa == fb || fa.is_none() || fb.is_none()),
        _ => a == b,
    }
}

/// Every occurrence of `target` in `r`.
pub fn find(r: &Report, text: &str, target: &Target) -> Vec<Occurrence> {
    occurrences(r, text).into_iter().filter(|(t, _)| same(t, target)).map(|(_, o)| o).collect()
}

/// Why a rename is refused, or the span to rename and its current text.
pub fn prepare_rename(r: &Report, text: &str, offset: usize) -> Result<(Target, Span, String), Msg> {
    let Some((target, occ)) = target_at(r, text, offset) else {
        return Err(Msg::RenameNothingHere);
    };
    match target {
        Target::Indicator(_) | Target::Means(..) => Ok((target, occ.rename_span.clone(), text[occ.rename_span].to_string())),
        Target::Field(_) => Err(Msg::RenameField),
        Target::Reference(..) => Err(Msg::RenameReference),
    }
}

/// Validates a new name for `target`.
pub fn check_new_name(target: &Target, new_name: &str) -> Result<String, Msg> {
    match target {
        Target::Indicator(_) => {
            let Some((id, span)) = indicator_id_in(new_name, 0) else {
                return Err(Msg::RenameNotAnId { name: new_name.to_string() });
            };
            if span != (0..new_name.len()) {
                return Err(Msg::RenameNotAnId { name: new_name.to_string() });
            }
            Ok(id.to_string())
        }
        Target::Means(..) => {
            let n = new_name.trim();
            if n.is_empty() || n.contains(['|', '｜', '\n', '（', '）', '(', ')']) {
                return Err(Msg::RenameBadName);
            }
            Ok(n.to_string())
        }
        _ => Err(Msg::RenameNotPossible),
    }
}

/// The edits renaming `target` to `new_text` in one report: each
/// occurrence's renameable part, keeping the author's width style for IDs
/// (a full-width ID stays full-width).
pub fn rename_edits(r: &Report, text: &str, target: &Target, new_text: &str) -> Vec<(Span, String)> {
    find(r, text, target)
        .into_iter()
        .map(|o| {
            let old = &text[o.rename_span.clone()];
            let new = if matches!(target, Target::Indicator(_)) && old.chars().any(|c| ('０'..='９').contains(&c)) {
                new_text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else if c == '-' { '－' } else { c }).collect()
            } else {
                new_text.to_string()
            };
            (o.rename_span, new)
        })
        .filter(|(span, new)| &text[span.clone()] != new)
        .collect()
}

/// A short description of the target as defined in `r`, for hovers.
pub fn summary(r: &Report, target: &Target) -> Option<String> {
    match target {
        Target::Indicator(id) => {
            let i = r.indicator(*id)?;
            let title = i.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
            let main = if i.main { "（主要）" } else { "" };
            let rating = i.ratings.last().map(|x| format!("、評価 {}", crate::normalize::fold(&x.value.text))).unwrap_or_default();
            Some(format!("測定指標{id} {title}{main}{rating}"))
        }
        Target::Means(f, n) => {
            let m = r.means.iter().find(|m| same(&Target::Means(m.field, m.number), &Target::Means(*f, *n)))?;
            let related = m.related.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>().join(", ");
            Some(format!("{}{}{}（関連する測定指標 {related}）", circled_char(m.number).unwrap_or('?'), m.name.text, if m.is_new { "（新規）" } else { "" }))
        }
        Target::Field(n) => {
            let f = r.fields.iter().find(|f| f.number == *n)?;
            Some(format!("個別分野{n} {}", f.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")))
        }
        Target::Reference(field, n) => {
            let re = r.references.iter().find(|x| x.number.as_deref().map(crate::normalize::fold).as_deref() == Some(n) && (x.field == *field || field.is_none()))?;
            Some(format!("参考指標{n} {}", re.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")))
        }
    }
}

/// Counts of references (non-definition occurrences) per indicator, for
/// code lenses: (the indicator's label span, count).
pub fn indicator_reference_counts(r: &Report, text: &str) -> Vec<(Span, IndicatorId, usize)> {
    let occ = occurrences(r, text);
    r.indicators
        .iter()
        .map(|i| {
            let n = occ.iter().filter(|(t, o)| !o.definition && *t == Target::Indicator(i.id)).count();
            (i.label_span.clone(), i.id, n)
        })
        .collect()
}

/// Whether a cited means name matches the definition (for quick fixes).
pub fn names_match(a: &str, b: &str) -> bool {
    compact(a) == compact(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    const DOC: &str = "# 事前分析表 Ⅰ-2 t\n@年度: 令和5年度\n## 個別分野 1 分野\n### 測定指標 1-1 協力の進展 ＊\n本文。測定指標１－１を参照。\n### 達成手段\n| 達成手段 | 令和5年度当初 | 関連する測定指標 | 事業番号 |\n| ①協力推進 | 10 | 1-1 | 1 |\n### 分析\n【測定指標１－１ 協力の進展 ＊】（令和4年度：協力推進（達成手段①））\n";

    #[test]
    fn finds_and_renames_an_indicator_everywhere() {
        let a = analyze(DOC, &Default::default());
        let cite = DOC.find("１－１を参照").unwrap();
        let (t, _) = target_at(&a.report, DOC, cite).unwrap();
        assert_eq!(t, Target::Indicator(IndicatorId { field: 1, number: 1 }));
        let occ = find(&a.report, DOC, &t);
        assert_eq!(occ.iter().filter(|o| o.definition).count(), 1);
        assert_eq!(occ.len(), 4, "{occ:?}");
        let (_, span, old) = prepare_rename(&a.report, DOC, cite).unwrap();
        assert_eq!(old, "１－１");
        assert_eq!(&DOC[span], "１－１");
        let new = check_new_name(&t, "1-3").unwrap();
        let mut out = DOC.to_string();
        let mut edits = rename_edits(&a.report, DOC, &t, &new);
        edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
        for (s, n) in edits {
            out.replace_range(s, &n);
        }
        assert!(out.contains("### 測定指標 1-3 協力の進展"));
        assert!(out.contains("測定指標１－３を参照"));
        assert!(out.contains("| ①協力推進 | 10 | 1-3 | 1 |"));
        assert!(out.contains("【測定指標１－３ 協力の進展 ＊】"));
        assert!(check_new_name(&t, "x").is_err());
    }

    #[test]
    fn renames_a_means_name_in_its_citations() {
        let a = analyze(DOC, &Default::default());
        let at = DOC.find("協力推進（達成手段").unwrap();
        let (t, span, _) = prepare_rename(&a.report, DOC, at).unwrap();
        assert_eq!(t, Target::Means(Some(1), 1));
        assert_eq!(&DOC[span], "協力推進");
        let edits = rename_edits(&a.report, DOC, &t, "協力の推進");
        assert_eq!(edits.len(), 2);
        assert!(prepare_rename(&a.report, DOC, DOC.find("本文").unwrap()).is_err());
        assert!(prepare_rename(&a.report, DOC, DOC.find("個別分野 1").unwrap()).is_err());
    }

    #[test]
    fn counts_references() {
        let a = analyze(DOC, &Default::default());
        let counts = indicator_reference_counts(&a.report, DOC);
        assert_eq!(counts.len(), 1);
        assert_eq!(counts[0].2, 3);
        assert_eq!(summary(&a.report, &Target::Means(Some(1), 1)).unwrap(), "①協力推進（関連する測定指標 1-1）");
    }
}
