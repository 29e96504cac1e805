//! The outline: document → 施策 sections → 個別分野 → 測定指標 / 参考指標 /
//! 達成手段 → years and tables, nested as the headings are.

use crate::model::{DocKind, Report, SectionKind, Span};
use crate::normalize::{compact, fold};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Document,
    Field,
    Indicator,
    Reference,
    Means,
    MeansItem,
    Year,
    Table,
    Section,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole extent of the object.
    pub span: Span,
    /// What an editor selects: the label or title.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

impl crate::model::shift::Shift for Symbol {
    fn shift(&mut self, e: &crate::model::shift::Edit) {
        self.span.shift(e);
        self.selection.shift(e);
        self.children.shift(e);
    }
}

pub fn outline(r: &Report, text: &str) -> Vec<Symbol> {
    let mut nodes: Vec<Symbol> = r.sections.iter().enumerate().map(|(i, _)| section_symbol(r, text, i)).collect();
    // Tables become children of their sections; a means table lists its
    // 達成手段 (indexed once here, not searched per table).
    let mut means_of: Vec<Vec<usize>> = vec![Vec::new(); r.tables.len()];
    for (mi, m) in r.means.iter().enumerate() {
        if let Some(v) = means_of.get_mut(m.table) {
            v.push(mi);
        }
    }
    let mut is_budget = vec![false; r.tables.len()];
    for b in &r.budgets {
        if let Some(f) = is_budget.get_mut(b.table) {
            *f = true;
        }
    }
    for (ti, t) in r.tables.iter().enumerate() {
        let Some(s) = t.section else { continue };
        if let Some(sym) = table_symbol(r, ti, &means_of[ti], is_budget[ti]) {
            nodes[s].children.push(sym);
        }
    }
    // Nest sections under their parents, innermost first.
    let mut roots = Vec::new();
    let mut slots: Vec<Option<Symbol>> = nodes.into_iter().map(Some).collect();
    // Children come after their parents: attach from the last section back.
    for i in (0..slots.len()).rev() {
        let sym = slots[i].take().unwrap();
        match r.sections[i].parent {
            Some(p) => slots[p].as_mut().unwrap().children.push(sym),
            None => roots.push(sym),
        }
    }
    roots.sort_by_key(|s| s.span.start);
    for root in &mut roots {
        sort(root);
    }
    roots
}

fn sort(s: &mut Symbol) {
    s.children.sort_by_key(|c| c.span.start);
    for c in &mut s.children {
        sort(c);
    }
}

fn section_symbol(r: &Report, text: &str, i: usize) -> Symbol {
    let s = &r.sections[i];
    let title = |t: &str| fold(t);
    let (name, detail, kind) = match s.kind {
        SectionKind::Document => {
            let kind = r.kind.map(DocKind::name).unwrap_or("文書");
            let h = r.heading.as_ref();
            let id = h.and_then(|h| h.measure_id.clone()).unwrap_or_default();
            let t = h.and_then(|h| h.title.as_ref()).map(|t| t.text.clone()).unwrap_or_default();
            let year = r.year.as_ref().map(|y| crate::normalize::year_label(y.0));
            (format!("{kind} {id} {t}").trim().to_string(), year, SymbolKind::Document)
        }
        SectionKind::Field(f) => {
            let f = &r.fields[f];
            (format!("個別分野{} {}", f.number, f.title.as_ref().map(|t| title(&t.text)).unwrap_or_default()).trim().to_string(), None, SymbolKind::Field)
        }
        SectionKind::Indicator(n) => {
            let ind = &r.indicators[n];
            let mut detail = Vec::new();
            if ind.main {
                detail.push("主要".to_string());
            }
            if let Some(rt) = ind.ratings.last() {
                detail.push(format!("評価 {}", fold(&rt.value.text)));
            }
            (
                format!("測定指標{} {}", ind.id, ind.title.as_ref().map(|t| t.text.clone()).unwrap_or_default()).trim().to_string(),
                (!detail.is_empty()).then(|| detail.join(" ")),
                SymbolKind::Indicator,
            )
        }
        SectionKind::Reference(n) => {
            let re = &r.references[n];
            (
                format!("参考指標{} {}", re.number.clone().unwrap_or_default(), re.title.as_ref().map(|t| t.text.clone()).unwrap_or_default()).trim().to_string(),
                None,
                SymbolKind::Reference,
            )
        }
        SectionKind::Means => ("達成手段".to_string(), None, SymbolKind::Means),
        SectionKind::Plain => {
            let t = if s.title.is_empty() { text[s.heading_span.clone()].to_string() } else { s.title.clone() };
            let c = compact(&t);
            let is_year = c.contains("年度") && crate::normalize::parse_year(&t).is_some();
            let detail = if c.contains("目標達成度合い") || c == "評価結果" {
                r.measure_rating.as_ref().map(|m| m.text.clone())
            } else {
                None
            };
            (t, detail, if is_year { SymbolKind::Year } else { SymbolKind::Section })
        }
    };
    Symbol { name, detail, kind, span: s.extent.clone(), selection: s.name_span.clone(), children: Vec::new() }
}

fn table_symbol(r: &Report, ti: usize, means: &[usize], is_budget: bool) -> Option<Symbol> {
    let t = &r.tables[ti];
    let header = t.header()?;
    let mut children = Vec::new();
    let is_means = !means.is_empty();
    if is_means {
        for m in means.iter().map(|&mi| &r.means[mi]) {
            let related = m.related.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>().join(", ");
            children.push(Symbol {
                name: format!("{}{}", crate::normalize::circled_char(m.number).unwrap_or('?'), m.name.text),
                detail: (!related.is_empty()).then_some(related),
                kind: SymbolKind::MeansItem,
                span: m.row_span.clone(),
                selection: m.name.span.clone(),
                children: Vec::new(),
            });
        }
    } else {
        for row in t.rows.iter().skip(1) {
            let Some(first) = row.cells.first() else { continue };
            if crate::normalize::parse_year(&first.text).is_some() {
                children.push(Symbol {
                    name: first.text.clone(),
                    detail: None,
                    kind: SymbolKind::Year,
                    span: row.span.clone(),
                    selection: first.span.clone(),
                    children: Vec::new(),
                });
            }
        }
    }
    let name = if is_budget {
        "予算表".to_string()
    } else if is_means {
        "達成手段表".to_string()
    } else {
        format!("表 {}", header.cells.iter().map(|c| c.text.as_str()).filter(|s| !s.is_empty()).take(3).collect::<Vec<_>>().join(" | "))
    };
    Some(Symbol { name, detail: t.unit.clone(), kind: SymbolKind::Table, span: t.span.clone(), selection: header.span.clone(), children })
}
