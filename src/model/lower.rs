//! Lowering: syntax tree → [`Report`].

use super::*;
use crate::normalize::{circled, compact, fold, parse_year, years_in};
use tree_sitter::{Node, Tree};

/// Lowers a parsed document. `text` must be the text `tree` was parsed from.
pub fn lower(text: &str, tree: &Tree) -> Report {
    let mut l = Lowerer { text, r: Report { len: text.len(), ..Report::default() }, stack: Vec::new(), unit: Vec::new() };
    l.r.syntax_errors = crate::syntax::syntax_errors(tree, text.len());
    let root = tree.root_node();
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        if child.kind() == "section" {
            l.section(child);
        } else {
            l.block(child, None);
        }
    }
    l.r.guesses = guesses(text, 0);
    l.r
}

/// Which of [`TITLE_WORDS`] a section's title holds ([`Section::marks`]).
fn title_marks(title: &str, name: &str) -> u16 {
    static FINDERS: std::sync::LazyLock<Vec<(u16, memchr::memmem::Finder<'static>)>> =
        std::sync::LazyLock::new(|| TITLE_WORDS.iter().map(|&(m, w)| (m, memchr::memmem::Finder::new(w))).collect());
    let mut found = 0;
    for (m, f) in FINDERS.iter() {
        let within = if *m == marks::BASIS { title } else { name };
        if f.find(within.as_bytes()).is_some() {
            found |= m;
        }
    }
    found
}

/// The import's guess comments in `text` (which begins a line), at
/// offset `at`. The comment opens its line (after blanks): found by its
/// text, not by walking every line.
fn guesses(text: &str, at: usize) -> Vec<Span> {
    let prefix = crate::import::GUESS_PREFIX.trim_end();
    let mut out = Vec::new();
    for start in memchr::memmem::find_iter(text.as_bytes(), prefix.as_bytes()) {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..start].trim_start().is_empty() {
            continue;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        out.push(at + start..at + start + text[start..end].trim_end_matches('\r').len());
    }
    out
}

/// The citations and URLs of one prose line (a `line` node) of section
/// `section`, read as [`lower`] reads them; `report` is the rest of the
/// document's model (for the field a citation stands in).
pub(crate) fn line_inlines(text: &str, report: &mut Report, line: Node, section: Option<usize>) -> LineFacts {
    let mut l = Lowerer { text, r: std::mem::take(report), stack: Vec::new(), unit: Vec::new() };
    let (nc, nu, ns) = (l.r.citations.len(), l.r.urls.len(), l.r.statements.len());
    l.line(line, section);
    let out = LineFacts { citations: l.r.citations.split_off(nc), urls: l.r.urls.split_off(nu), statements: l.r.statements.split_off(ns) };
    *report = l.r;
    out
}

/// What one prose line contributes to the model.
pub(crate) struct LineFacts {
    pub citations: Vec<Citation>,
    pub urls: Vec<Span>,
    pub statements: Vec<Statement>,
}

struct Lowerer<'a> {
    text: &'a str,
    r: Report,
    /// Open sections, innermost last.
    stack: Vec<usize>,
    /// `@単位` per section.
    unit: Vec<(Option<usize>, String)>,
}

fn trim_span(text: &str, span: Span) -> Span {
    // Ranges may end at the virtual line break after the text.
    let span = span.start.min(text.len())..span.end.min(text.len());
    let s = &text[span.clone()];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    start..end.max(start)
}

impl<'a> Lowerer<'a> {
    fn src(&self, n: Node) -> &'a str {
        let r = n.byte_range();
        &self.text[r.start.min(self.text.len())..r.end.min(self.text.len())]
    }

    fn text_at(&self, n: Node) -> TextAt {
        let span = trim_span(self.text, n.byte_range());
        TextAt { text: self.text[span.clone()].to_string(), span }
    }

    /// The line span of a node without its line ending.
    fn line_span(&self, n: Node) -> Span {
        trim_span(self.text, n.byte_range())
    }

    fn current(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    fn section(&mut self, node: Node) {
        let Some(heading) = node.child_by_field_name("heading") else { return };
        let marker = heading.child_by_field_name("marker");
        let level = marker.map(|m| self.src(m).chars().count()).unwrap_or(1);
        while let Some(&top) = self.stack.last() {
            if self.r.sections[top].level >= level {
                self.stack.pop();
            } else {
                break;
            }
        }
        let parent = self.current();
        let title = heading.child_by_field_name("title").map(|t| self.text_at(t));
        let label = heading.child_by_field_name("label");
        let heading_span = self.line_span(heading);
        let name_span = label
            .map(|l| trim_span(self.text, l.byte_range()))
            .or_else(|| title.as_ref().map(|t| t.span.clone()))
            .unwrap_or(heading_span.clone());
        let idx = self.r.sections.len();
        let extent_end = trim_span(self.text, node.byte_range()).end;
        let title_text = title.as_ref().map(|t| t.text.clone()).unwrap_or_default();
        let name = compact(&title_text);
        self.r.sections.push(Section {
            level,
            kind: SectionKind::Plain,
            marks: title_marks(&title_text, &name),
            name,
            title: title_text,
            heading_span: heading_span.clone(),
            name_span,
            extent: heading_span.start..extent_end,
            parent,
            prose_lines: 0,
            first_prose: None,
        });
        // Ancestors' extents grow with their nested sections.
        let mut p = parent;
        while let Some(s) = p {
            let e = &mut self.r.sections[s].extent;
            e.end = e.end.max(extent_end);
            p = self.r.sections[s].parent;
        }
        self.stack.push(idx);
        let field = self.r.field_of_section(parent);
        let kind = match heading.kind() {
            "document_heading" => {
                let label = label.expect("document_heading has a label");
                let ltext = self.src(label);
                let f = fold(ltext);
                self.r.kind = Some(if f.starts_with("政策評価調書") || f.starts_with("budget-sheet") {
                    DocKind::BudgetSheet
                } else if f.starts_with("事前分析表") || f.starts_with("plan") {
                    DocKind::Plan
                } else {
                    DocKind::Evaluation
                });
                let id = f
                    .trim_start_matches(|c: char| !c.is_ascii_digit() && !('Ⅰ'..='Ⅹ').contains(&c) && !"IVX".contains(c) || c == ' ')
                    .replace(' ', "");
                let id = id.trim_start_matches("施策").trim_start_matches("measure").to_string();
                if self.r.heading.is_none() {
                    self.r.heading = Some(DocHeading {
                        span: heading_span,
                        label_span: label.byte_range(),
                        measure_id: (!id.is_empty()).then(|| normalize_measure_id(&id)),
                        title,
                    });
                }
                SectionKind::Document
            }
            "field_heading" => {
                let label = label.expect("field_heading has a label");
                let number = trailing_number(self.src(label)).unwrap_or(0);
                self.r.fields.push(Field { number, title, label_span: label.byte_range(), section: idx });
                SectionKind::Field(self.r.fields.len() - 1)
            }
            "indicator_heading" => {
                let label = label.expect("indicator_heading has a label");
                let (id, id_span) = indicator_id_in(self.src(label), label.start_byte())
                    .or_else(|| single_indicator_id(self.src(label), label.start_byte()))
                    .unwrap_or((IndicatorId { field: 0, number: 0 }, label.byte_range()));
                let title = title.map(|t| strip_colon(t));
                self.r.indicators.push(Indicator {
                    id,
                    id_span,
                    label_span: label.byte_range(),
                    title,
                    main: heading.child_by_field_name("main").is_some(),
                    field: field.or(Some(id.field)),
                    section: idx,
                    midterm: None,
                    years: Vec::new(),
                    ratings: Vec::new(),
                    series: Vec::new(),
                    series_span: None,
                    lower_is_better: false,
                    quantitative: false,
                });
                SectionKind::Indicator(self.r.indicators.len() - 1)
            }
            "reference_heading" => {
                let label = label.expect("reference_heading has a label");
                let l = fold(self.src(label));
                let number = l.trim_start_matches("参考指標").trim_start_matches("reference").trim_matches(|c: char| c == ':' || c.is_whitespace());
                self.r.references.push(Reference {
                    number: (!number.is_empty()).then(|| number.to_string()),
                    label_span: trim_span(self.text, label.byte_range()),
                    title: title.map(strip_colon),
                    field,
                    section: idx,
                    series: Vec::new(),
                    series_span: None,
                });
                SectionKind::Reference(self.r.references.len() - 1)
            }
            "means_heading" => {
                self.r.means_sections.push((idx, field));
                SectionKind::Means
            }
            _ => match document_kind_of_title(title.as_ref().map(|t| t.text.as_str()).unwrap_or("")) {
                // `# 政策評価書 北米地域外交`: the document heading without its 施策 ID.
                Some(kind) if self.r.heading.is_none() && parent.is_none() => {
                    self.r.kind = Some(kind);
                    let label_span = self.r.sections[idx].name_span.clone();
                    self.r.heading = Some(DocHeading { span: heading_span, label_span, measure_id: None, title });
                    SectionKind::Document
                }
                _ => {
                    self.plain_heading(idx, parent);
                    SectionKind::Plain
                }
            },
        };
        self.r.sections[idx].kind = kind;
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.id() != heading.id() {
                self.block(child, Some(idx));
            }
        }
    }

    /// The indicator a section belongs to, itself included.
    fn indicator_of(&self, section: Option<usize>) -> Option<usize> {
        let s = self.r.enclosing(section, |s| matches!(s.kind, SectionKind::Indicator(_) | SectionKind::Field(_) | SectionKind::Document))?;
        match self.r.sections[s].kind {
            SectionKind::Indicator(i) => Some(i),
            _ => None,
        }
    }

    fn plain_heading(&mut self, idx: usize, parent: Option<usize>) {
        let title = fold(&self.r.sections[idx].title);
        let span = self.r.sections[idx].name_span.clone();
        let Some(ind) = self.indicator_of(parent) else { return };
        let compact_title = &self.r.sections[idx].name;
        if compact_title.starts_with("中期目標") {
            let year = years_in(&title).into_iter().next();
            self.r.indicators[ind].midterm = Some(Midterm { span, year, value: None, has_text: false });
        } else if compact_title.contains("目標") && !compact_title.contains("変更") {
            if let Some(year) = parse_year(&title) {
                self.r.indicators[ind].years.push(IndicatorYear {
                    year,
                    span: span.clone(),
                    target: Some((CellValue::Text, span)),
                    result: None,
                });
            }
        } else if compact_title.contains("実績") {
            let year = parse_year(&title);
            let years = &mut self.r.indicators[ind].years;
            let slot = match year {
                Some(y) => years.iter_mut().find(|e| e.year == y),
                None => years.last_mut(),
            };
            match slot {
                Some(e) => e.result = Some((CellValue::Text, span)),
                None => {
                    if let Some(y) = year {
                        years.push(IndicatorYear { year: y, span: span.clone(), target: None, result: Some((CellValue::Text, span)) });
                    }
                }
            }
        }
    }

    fn block(&mut self, node: Node, section: Option<usize>) {
        match node.kind() {
            "attribute" => self.attribute(node, section),
            "table" => self.table(node, section),
            "paragraph" => {
                let mut cursor = node.walk();
                // One cursor for every line's inlines (`children` resets it).
                let mut c2 = node.walk();
                for line in node.children(&mut cursor) {
                    if let Some(s) = section {
                        let sec = &mut self.r.sections[s];
                        sec.prose_lines += 1;
                        if sec.first_prose.is_none() {
                            sec.first_prose = Some(trim_span(self.text, line.byte_range()));
                        }
                    }
                    self.line_with(line, section, &mut c2);
                }
                if let Some(s) = section {
                    // Prose under 中期目標 is its text.
                    if let Some(ind) = self.indicator_of(Some(s)) {
                        if let Some(m) = self.r.indicators[ind].midterm.as_mut() {
                            if m.span == self.r.sections[s].name_span {
                                m.has_text = true;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn line(&mut self, line: Node, section: Option<usize>) {
        let mut cursor = line.walk();
        self.line_with(line, section, &mut cursor);
    }

    /// One prose line: its citations and URLs, then what it states.
    fn line_with<'t>(&mut self, line: Node<'t>, section: Option<usize>, cursor: &mut tree_sitter::TreeCursor<'t>) {
        for inline in line.children(cursor) {
            self.inline(inline, section);
        }
        let span = trim_span(self.text, line.byte_range());
        let start = span.start;
        let src = &self.text[span];
        // `３－２ 在日米軍の… ＊` opening a line outside an indicator (the
        // list of 次期目標等への反映): the indicator it names.
        if self.indicator_of(section).is_none() {
            let body = src.trim_start_matches(['＊', '*']);
            let at = start + src.len() - body.len();
            if let Some((id, id_span)) = indicator_id_in(body, at) {
                let after = &self.text[id_span.end..at + body.len()];
                if id_span.start == at && after.starts_with([' ', '\u{3000}']) && !after.trim().is_empty() {
                    let field = self.r.field_of_section(section);
                    self.r.citations.push(Citation {
                        target: CitationTarget::Indicator { id, reference: false, title: None },
                        span: id_span,
                        field,
                        bracket_balance: 0,
                        quoted: None,
                        marked: None,
                        period: Vec::new(),
                    });
                }
            }
        }
        for (span, kind) in statements_in(src, start) {
            self.r.statements.push(Statement { span, section, kind });
        }
        if let Some(s) = section {
            if self.r.sections[s].name.contains("変更点") {
                self.r.statements.push(Statement { span: start..start + src.len(), section, kind: StatementKind::Change { text: compact(src) } });
            }
        }
    }

    fn inline(&mut self, node: Node, section: Option<usize>) {
        // Most of a line is text between the places a citation may begin.
        if node.kind() == "text" {
            return;
        }
        let span = node.byte_range();
        let src = self.src(node);
        let field = self.r.field_of_section(section);
        let mut marked = None;
        let target = match node.kind() {
            "url" => {
                self.r.urls.push(span);
                return;
            }
            "means_citation" => {
                let f = fold(src);
                let Some(pos) = f.rfind("達成手段").or_else(|| f.rfind("means")) else { return };
                let after = &f[pos..];
                let number = after.chars().find_map(circled).or_else(|| trailing_number(after.trim_end_matches(')')));
                // The name sits between the last `:` before the inner bracket and the inner bracket.
                let inner_open = src[..src.len()].char_indices().filter(|(_, c)| *c == '（' || *c == '(').map(|(i, _)| i).collect::<Vec<_>>();
                let name = inner_open.iter().rev().find(|&&i| {
                    let rest = fold(&src[i..]);
                    rest[1..].trim_start().starts_with("達成手段") || rest[1..].trim_start().starts_with("means")
                }).and_then(|&inner| {
                    let outer = inner_open.first().copied().filter(|&o| o < inner)?;
                    let body = &src[outer + src[outer..].chars().next().map(char::len_utf8).unwrap_or(1)..inner];
                    let colon = body.rfind(['：', ':']).map(|c| c + body[c..].chars().next().map(char::len_utf8).unwrap_or(1)).unwrap_or(0);
                    let name = &body[colon..];
                    let name_start = span.start + (name.as_ptr() as usize - src.as_ptr() as usize);
                    let t = trim_span(self.text, name_start..name_start + name.len());
                    (!t.is_empty()).then(|| TextAt { text: self.text[t.clone()].to_string(), span: t })
                });
                // The citation's parenthetical may open before the token
                // (`（令和２年度：name（（達成手段①））`): widen to the
                // unmatched opening bracket before it on the same line.
                let line_start = node.parent().map(|p| p.start_byte()).unwrap_or(span.start);
                let ext_start = unmatched_open_before(self.text, line_start, span.start).unwrap_or(span.start);
                let name = name.or_else(|| {
                    if ext_start == span.start {
                        return None;
                    }
                    let open_len = self.text[ext_start..].chars().next().map(char::len_utf8).unwrap_or(1);
                    let body = &self.text[ext_start + open_len..span.start];
                    let colon = body.rfind(['：', ':']).map(|c| c + body[c..].chars().next().map(char::len_utf8).unwrap_or(1)).unwrap_or(0);
                    let start = ext_start + open_len + colon;
                    let t = trim_span(self.text, start..span.start);
                    (!t.is_empty()).then(|| TextAt { text: self.text[t.clone()].to_string(), span: t })
                });
                let whole = &self.text[ext_start..span.end];
                let opens = whole.chars().filter(|c| matches!(c, '（' | '(')).count() as i32;
                let closes = whole.chars().filter(|c| matches!(c, '）' | ')')).count() as i32;
                self.r.citations.push(Citation {
                    target: CitationTarget::Means { number: number.unwrap_or(0), name },
                    span: ext_start..span.end,
                    field,
                    bracket_balance: opens - closes,
                    quoted: None,
                    marked: None,
                    period: whole.find(['：', ':']).map(|c| years_in(&whole[..c])).unwrap_or_default(),
                });
                return;
            }
            "indicator_citation" | "indicator_title_citation" => {
                let Some((id, id_span)) = indicator_id_in(src, span.start).or_else(|| single_indicator_id(src, span.start)) else { return };
                let reference = fold(src).contains("参考指標");
                let title = if node.kind() == "indicator_title_citation" {
                    let after = id_span.end;
                    let close = span.end - '】'.len_utf8();
                    let mut t = trim_span(self.text, after..close.max(after));
                    let s = &self.text[t.clone()];
                    if let Some(stripped) = s.strip_suffix('＊').or_else(|| s.strip_suffix('*')) {
                        marked = Some(true);
                        t = trim_span(self.text, t.start..t.start + stripped.len());
                    } else {
                        marked = Some(false);
                    }
                    (!t.is_empty()).then(|| TextAt { text: self.text[t.clone()].to_string(), span: t })
                } else {
                    None
                };
                CitationTarget::Indicator { id, reference, title }
            }
            "field_citation" => CitationTarget::Field { number: trailing_number(src).unwrap_or(0) },
            _ => return,
        };
        let quoted = match target {
            CitationTarget::Indicator { title: None, .. } | CitationTarget::Field { .. } => quoted_after(self.text, span.end),
            _ => None,
        };
        self.r.citations.push(Citation { target, span, field, bracket_balance: 0, quoted, marked, period: Vec::new() });
    }

    fn attribute(&mut self, node: Node, section: Option<usize>) {
        let Some(key_node) = node.child_by_field_name("key") else { return };
        let key = fold(self.src(key_node));
        let value = node.child_by_field_name("value").map(|v| self.text_at(v));
        let span = self.line_span(node);
        let ck = compact(&key);
        let attr = Attribute { key: key.clone(), name: ck.clone(), key_span: key_node.byte_range(), value: value.clone(), span, section };
        self.r.attributes.push(attr);
        let ind = self.indicator_of(section);
        let reference = self
            .r
            .enclosing(section, |s| matches!(s.kind, SectionKind::Reference(_)))
            .and_then(|s| match self.r.sections[s].kind {
                SectionKind::Reference(r) => Some(r),
                _ => None,
            });
        if is_year(&ck) {
            if let Some(year) = year_of(&value) {
                self.r.year.get_or_insert(year);
            }
        } else if is_unit(&ck) {
            if let Some(v) = value {
                self.unit.push((section, fold(&v.text)));
            }
        } else if is_measure_rating(&ck) {
            if let Some(v) = value {
                self.r.measure_rating.get_or_insert(v);
            }
        } else if ck == "系列" || ck == "series" {
            let series = value.as_ref().map(|v| parse_series_names(&v.text)).unwrap_or_default();
            let span = value.map(|v| v.span);
            if let Some(i) = ind {
                self.r.indicators[i].series = series;
                self.r.indicators[i].series_span = span;
            } else if let Some(r) = reference {
                self.r.references[r].series = series;
                self.r.references[r].series_span = span;
            }
        } else if let Some(i) = ind {
            if ck == "方向" || ck == "direction" {
                let v = value.map(|v| compact(&v.text)).unwrap_or_default();
                self.r.indicators[i].lower_is_better = matches!(v.as_str(), "減少" | "低減" | "lower" | "down" | "少ないほど良い");
            } else if ck.ends_with("達成状況") || ck == "rating" {
                if let Some(v) = value {
                    self.r.indicators[i].ratings.push(Rating { period: years_in(&key), value: v, key_span: key_node.byte_range() });
                }
            } else if ck.starts_with("中期目標") || ck == "midterm-target" {
                let year = years_in(&key).into_iter().next();
                let cell = value.map(|v| (CellValue::parse(&v.text), v.span));
                let ind = &mut self.r.indicators[i];
                if ck.starts_with("中期目標値") || ck == "midterm-target" {
                    ind.quantitative = true;
                }
                ind.midterm = Some(Midterm {
                    span: key_node.byte_range(),
                    year,
                    has_text: cell.is_some(),
                    value: cell,
                });
            }
        }
    }

    fn unit_for(&self, section: Option<usize>) -> Option<String> {
        let mut s = section;
        loop {
            if let Some((_, u)) = self.unit.iter().rev().find(|(sec, _)| *sec == s) {
                return Some(u.clone());
            }
            s = self.r.sections[s?].parent;
        }
    }

    fn table(&mut self, node: Node, section: Option<usize>) {
        let mut rows = Vec::new();
        let mut cursor = node.walk();
        for row in node.children(&mut cursor) {
            if row.kind() != "row" {
                continue; // a comment line inside the table
            }
            let mut cells = Vec::new();
            // Cells are separated by bars; an empty cell has no node, so read
            // the row's text between separators.
            let span = self.line_span(row);
            let line = &self.text[span.clone()];
            let mut offset = span.start;
            let mut first = true;
            for piece in line.split(['|', '｜']) {
                let p_span = offset..offset + piece.len();
                let separator = line[offset - span.start + piece.len()..].chars().next().map(char::len_utf8).unwrap_or(0);
                offset += piece.len() + separator;
                if first {
                    first = false;
                    continue;
                }
                let t = trim_span(self.text, p_span.clone());
                // An empty cell is addressed by the space between its bars.
                let span = if t.is_empty() && !p_span.is_empty() { p_span } else { t.clone() };
                cells.push(Cell::new(self.text[t].to_string(), span));
            }
            // A closing bar leaves an empty last piece: not a cell.
            if line.ends_with(['|', '｜']) {
                cells.pop();
            }
            rows.push(Row { span, cells });
        }
        let idx = self.r.tables.len();
        let unit = self.unit_for(section);
        self.r.tables.push(Table { span: self.line_span(node), section, rows, unit });
        self.classify_table(idx);
    }

    fn classify_table(&mut self, idx: usize) {
        let section = self.r.tables[idx].section;
        let kind = section.map(|s| self.r.sections[s].kind);
        let in_means = self.r.enclosing(section, |s| matches!(s.kind, SectionKind::Means)).is_some();
        if in_means {
            self.means_table(idx);
            return;
        }
        if let Some(ind) = self.indicator_of(section) {
            self.r.indicators[ind].quantitative = true;
            self.value_table(idx, ind);
            return;
        }
        if matches!(kind, Some(SectionKind::Reference(_))) {
            return;
        }
        let t = &self.r.tables[idx];
        let labels: Vec<String> = t.rows.iter().map(|r| compact(r.label())).collect();
        if labels.iter().any(|l| l.starts_with("当初予算")) {
            let title = section.map(|s| compact(&self.r.sections[s].title)).unwrap_or_default();
            let contribution = title.contains("分担金") && !title.contains("除く");
            let header = t.header();
            let columns = header
                .map(|h| h.cells.iter().enumerate().skip(1).filter_map(|(i, c)| c.year().map(|y| (i, y))).collect())
                .unwrap_or_default();
            let find = |p: &dyn Fn(&str) -> bool| labels.iter().position(|l| p(l));
            let budget = BudgetTable {
                table: idx,
                contribution,
                columns,
                initial_row: find(&|l| l.starts_with("当初予算")),
                // `合計(a＋b＋c)`, or `計(千円)`, `予算額計` where the forms
                // print the total without formula letters.
                total_row: find(&|l| l.starts_with("合計")).or_else(|| {
                    find(&|l| {
                        let head = l.split(['(', '（']).next().unwrap_or(l);
                        head == "計" || (head.ends_with("計") && head.starts_with("予算") && !head.contains("会計"))
                    })
                }),
                execution_row: find(&|l| l.starts_with("執行額")),
            };
            self.r.budgets.push(budget);
            return;
        }
        let in_summary = section.is_some_and(|s| compact(&self.r.sections[s].title).contains("達成状況"));
        if in_summary {
            self.r.summary_section = section;
            self.summary_table(idx);
        }
    }

    fn summary_table(&mut self, idx: usize) {
        let rows = self.r.tables[idx].rows.clone();
        for row in rows.iter() {
            let Some(first) = row.cells.first() else { continue };
            let f = fold(&first.text);
            let main = f.starts_with('*');
            // `＊1-1`, or `＊指標8` where indicators have one number.
            let body = f.trim_start_matches('*').trim();
            let single = body.starts_with("指標") || body.starts_with("測定指標");
            let found = if single { single_indicator_id(&first.text, first.span.start) } else { indicator_id_in(&first.text, first.span.start) };
            let Some((id, id_span)) = found else { continue };
            if !single && !body.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            let title = row.cells.get(1).filter(|c| !c.text.is_empty()).map(|c| TextAt { text: c.text.clone(), span: c.span.clone() });
            let rating = row.cells.get(2).filter(|c| !c.text.is_empty()).map(|c| TextAt { text: c.text.clone(), span: c.span.clone() });
            self.r.summary.push(SummaryEntry { id, id_span, main, title, rating, row_span: row.span.clone() });
        }
    }

    fn value_table(&mut self, idx: usize, ind: usize) {
        let t = &self.r.tables[idx];
        let Some(header) = t.header() else { return };
        let year_cols: Vec<(usize, i32)> =
            header.cells.iter().enumerate().skip(1).filter_map(|(i, c)| c.year().map(|y| (i, y))).collect();
        let mut entries: Vec<(i32, Span, Option<(CellValue, Span)>, Option<(CellValue, Span)>)> = Vec::new();
        let role = |label: &str| {
            let l = compact(label);
            if l.contains("実績") {
                Some(false)
            } else if l.contains("目標") {
                Some(true)
            } else {
                None
            }
        };
        if !year_cols.is_empty() {
            for row in t.rows.iter().skip(1) {
                let Some(is_target) = role(row.label()) else { continue };
                for &(col, year) in &year_cols {
                    let Some(cell) = row.cell(col) else { continue };
                    let v = (CellValue::parse(&cell.text), cell.span.clone());
                    let e = match entries.iter_mut().find(|e| e.0 == year) {
                        Some(e) => e,
                        None => {
                            entries.push((year, header.cells[col].span.clone(), None, None));
                            entries.last_mut().unwrap()
                        }
                    };
                    if is_target { e.2 = Some(v) } else { e.3 = Some(v) }
                }
            }
        } else {
            let target_col = header.cells.iter().position(|c| role(&c.text) == Some(true));
            let result_col = header.cells.iter().position(|c| role(&c.text) == Some(false));
            for row in t.rows.iter().skip(1) {
                let Some(year) = parse_year(row.label()) else { continue };
                let get = |c: Option<usize>| c.and_then(|c| row.cell(c)).map(|c| (CellValue::parse(&c.text), c.span.clone()));
                entries.push((year, row.cells[0].span.clone(), get(target_col), get(result_col)));
            }
        }
        let indicator = &mut self.r.indicators[ind];
        for (year, span, target, result) in entries {
            let target = target.filter(|(v, _)| !v.is_none());
            let result = result.filter(|(v, _)| !v.is_none());
            indicator.years.push(IndicatorYear { year, span, target, result });
        }
    }

    fn means_table(&mut self, idx: usize) {
        let t = self.r.tables[idx].clone();
        let Some(header) = t.header() else { return };
        let field = self.r.field_of_section(t.section);
        let mut year_cols = Vec::new();
        let mut related_col = None;
        let mut project_col = None;
        for (i, c) in header.cells.iter().enumerate().skip(1) {
            let h = compact(&c.text);
            if h.contains("測定指標") {
                related_col = Some(i);
            } else if h.contains("事業番号") || h.contains("レビュー") {
                project_col = Some(i);
            } else if let Some(y) = parse_year(&h) {
                year_cols.push((i, y, h.contains("当初")));
            }
        }
        for row in t.rows.iter().skip(1) {
            let Some(first) = row.cells.first() else { continue };
            let label = first.text.as_str();
            let Some((number, name_start)) = means_number(label) else { continue };
            let mut name = label[name_start..].to_string();
            let folded = compact(&name);
            let is_new = folded.contains("(新規)");
            let main = folded.contains("(*)");
            // Cut the marks off the name.
            for mark in ["（新規）", "(新規)", "( ＊ )", "(＊)", "( * )", "(*)", "（＊）", "（ ＊ ）"] {
                if let Some(p) = name.find(mark) {
                    name.truncate(p);
                }
            }
            let name_span = trim_span(self.text, first.span.start + name_start..first.span.start + name_start + name.len());
            let amounts = year_cols
                .iter()
                .filter_map(|&(col, year, initial)| {
                    let cell = row.cell(col)?;
                    let v = CellValue::parse(&cell.text);
                    let (budget, execution) = match v {
                        CellValue::WithExecution { budget, execution } => (Some(budget), Some(execution)),
                        CellValue::Number { value, .. } => (Some(value), None),
                        _ => (None, None),
                    };
                    Some(MeansAmount { year, initial, budget, execution, cell: cell.span.clone() })
                })
                .collect();
            let related = related_col
                .and_then(|c| row.cell(c))
                .map(|c| {
                    let ids = indicator_ids_in(&c.text, c.span.start);
                    // `指標8`, `指標8、指標9` where indicators have one number.
                    if ids.is_empty() && c.text.contains("指標") {
                        c.text.match_indices("指標").filter_map(|(i, _)| single_indicator_id(&c.text[i..], c.span.start + i)).collect()
                    } else {
                        ids
                    }
                })
                .unwrap_or_default();
            let project_cell = project_col.and_then(|c| row.cell(c)).map(|c| c.span.clone());
            let project_number = project_col
                .and_then(|c| row.cell(c))
                .filter(|c| !crate::normalize::is_none_mark(&c.text))
                .map(|c| TextAt { text: c.text.clone(), span: c.span.clone() });
            self.r.means.push(Means {
                field,
                number,
                name: TextAt { text: self.text[name_span.clone()].to_string(), span: name_span },
                row_span: row.span.clone(),
                is_new,
                main,
                amounts,
                related,
                project_number,
                project_cell: project_cell.or(Some(row.span.end..row.span.end)),
                table: idx,
            });
        }
    }
}

/// The last opening bracket in `text[from..to]` that is not closed before `to`.
fn unmatched_open_before(text: &str, from: usize, to: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text[from..to].char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' => {
                if depth == 0 {
                    return Some(from + i);
                }
                depth -= 1;
            }
            '。' => return None,
            _ => {}
        }
    }
    None
}

/// The document type a heading title starts with, if any.
fn document_kind_of_title(title: &str) -> Option<DocKind> {
    let t = compact(title);
    [("政策評価調書", DocKind::BudgetSheet), ("政策評価書", DocKind::Evaluation), ("事前分析表", DocKind::Plan)]
        .into_iter()
        .find(|(k, _)| t.starts_with(k))
        .map(|(_, kind)| kind)
}

fn strip_colon(t: TextAt) -> TextAt {
    let s = t.text.trim_start_matches([':', '：']).trim_start();
    let cut = t.text.len() - s.len();
    TextAt { text: s.to_string(), span: t.span.start + cut..t.span.end }
}

fn normalize_measure_id(id: &str) -> String {
    fold(id)
        .chars()
        .map(|c| match c {
            'I' => 'Ⅰ',
            _ => c,
        })
        .collect::<String>()
        .replace("ⅠⅠⅠ", "Ⅲ")
        .replace("ⅠⅠ", "Ⅱ")
        .replace("ⅠV", "Ⅳ")
        .replace('V', "Ⅴ")
}

fn trailing_number(s: &str) -> Option<u32> {
    let f = fold(s);
    let digits: String = f.chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
    digits.parse().ok()
}

/// `指標8`, `測定指標 ８`: the one number of an indicator (field 0), with its
/// span (offset by `base`).
fn single_indicator_id(s: &str, base: usize) -> Option<(IndicatorId, Span)> {
    // The number right after the keyword (spaces between allowed).
    let after = s.find("指標").map(|k| k + "指標".len()).or_else(|| s.find("indicator").map(|k| k + "indicator".len()))?;
    let start = after + (s[after..].len() - s[after..].trim_start_matches([' ', '\u{3000}', '\t']).len());
    let len: usize = s[start..].chars().take_while(|c| crate::normalize::fold_char(*c).is_ascii_digit()).map(char::len_utf8).sum();
    let number: u32 = fold(&s[start..start + len]).parse().ok()?;
    Some((IndicatorId { field: 0, number }, base + start..base + start + len))
}

/// The first `N-M` in `s` (full-width allowed), with its span (offset by `base`).
pub(crate) fn indicator_id_in(s: &str, base: usize) -> Option<(IndicatorId, Span)> {
    indicator_ids_in(s, base).into_iter().next()
}

/// Every `N-M` in `s`, e.g. the 関連する測定指標 cell `1-1, 1-2` or `１－１`.
pub(crate) fn indicator_ids_in(s: &str, base: usize) -> Vec<(IndicatorId, Span)> {
    let chars: Vec<(usize, char)> = s.char_indices().map(|(i, c)| (i, crate::normalize::fold_char(c))).collect();
    let mut out = Vec::new();
    let mut i = 0;
    let num = |i: &mut usize| -> Option<u32> {
        let start = *i;
        let mut n: u32 = 0;
        while *i < chars.len() && chars[*i].1.is_ascii_digit() {
            n = n.saturating_mul(10).saturating_add(chars[*i].1 as u32 - '0' as u32);
            *i += 1;
        }
        (*i > start).then_some(n)
    };
    while i < chars.len() {
        if chars[i].1.is_ascii_digit() && (i == 0 || !chars[i - 1].1.is_ascii_digit()) {
            let start = i;
            let a = num(&mut i);
            if i < chars.len() && chars[i].1 == '-' {
                let mut j = i + 1;
                if let (Some(a), Some(b)) = (a, num(&mut j)) {
                    let end = chars.get(j).map(|c| c.0).unwrap_or(s.len());
                    out.push((IndicatorId { field: a, number: b }, base + chars[start].0..base + end));
                    i = j;
                    continue;
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// `①name` or `1.name` / `1 name`: the number and where the name starts.
fn means_number(label: &str) -> Option<(u32, usize)> {
    let mut chars = label.char_indices();
    let (_, c) = chars.next()?;
    if let Some(n) = circled(c) {
        return Some((n, c.len_utf8()));
    }
    let f: String = label.chars().take_while(|c| crate::normalize::fold_char(*c).is_ascii_digit()).collect();
    if f.is_empty() {
        return None;
    }
    let n: u32 = fold(&f).parse().ok()?;
    let mut rest = f.len();
    let after = &label[rest..];
    let sep = after.chars().next().filter(|c| matches!(c, '.' | '．' | ' ' | '　' | ')' | '）'));
    rest += sep.map(char::len_utf8).unwrap_or(0);
    let after = &label[rest..];
    rest += after.len() - after.trim_start().len();
    Some((n, rest))
}

/// `①一般の部 ②有識者の部` → [(1, 一般の部), (2, 有識者の部)]
fn parse_series_names(s: &str) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for c in s.chars() {
        if let Some(n) = circled(c) {
            out.push((n, String::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(c);
        }
    }
    for e in &mut out {
        e.1 = e.1.trim().to_string();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let v = indicator_ids_in("1-1, 1-\n2, １－３", 10);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].0, IndicatorId { field: 1, number: 1 });
        assert_eq!(v[0].1, 10..13);
        assert_eq!(v[1].0, IndicatorId { field: 1, number: 3 });
        assert_eq!(means_number("①北米"), Some((1, 3)));
        assert_eq!(means_number("2. 名前"), Some((2, 3)));
        assert_eq!(parse_series_names("①一般の部 ②有識者の部"), vec![(1, "一般の部".into()), (2, "有識者の部".into())]);
        assert_eq!(normalize_measure_id("I-2"), "Ⅰ-2");
    }
}

/// A name in 「」 right after a citation (byte `at`), on the same line:
/// `測定指標３－２「在日米軍の…」`.
fn quoted_after(text: &str, at: usize) -> Option<TextAt> {
    let rest = text.get(at..)?;
    let body = rest.strip_prefix('「')?;
    let close = body.find(['」', '\n'])?;
    if !body[close..].starts_with('」') || close == 0 {
        return None;
    }
    let start = at + '「'.len_utf8();
    Some(TextAt { text: body[..close].to_string(), span: start..start + close })
}

/// The statements of one prose line `src` starting at byte `base`.
/// Searchers for words looked for in every prose line, built once.
type Word = std::sync::LazyLock<memchr::memmem::Finder<'static>>;

fn find(word: &Word, s: &str) -> Option<usize> {
    word.find(s.as_bytes())
}

fn statements_in(src: &str, base: usize) -> Vec<(Span, StatementKind)> {
    static JUDGED: Word = Word::new(|| memchr::memmem::Finder::new("と判定"));
    static MEASURE: Word = Word::new(|| memchr::memmem::Finder::new("施策"));
    static HTTP: Word = Word::new(|| memchr::memmem::Finder::new("http"));
    let mut out = Vec::new();
    // 「ｓ」と判定: a rating letter in brackets before と判定.
    let mut from = 0;
    while let Some(p) = find(&JUDGED, &src[from..]) {
        let end = from + p;
        from = end + "と判定".len();
        let before = &src[..end];
        let Some(inner) = before.strip_suffix('」') else { continue };
        let mut chars = inner.char_indices().rev();
        let (Some((li, letter)), Some((_, open))) = (chars.next(), chars.next()) else { continue };
        let l = crate::normalize::fold_char(letter).to_ascii_lowercase();
        if open == '「' && matches!(l, 's' | 'a' | 'b' | 'c' | 'd' | 'e') {
            out.push((base + li..base + li + letter.len_utf8(), StatementKind::Rating { letter: l }));
        }
    }
    // 施策Ⅰ－２: the roman numeral, a dash and a number.
    let mut from = 0;
    while let Some(p) = find(&MEASURE, &src[from..]) {
        let id_start = from + p + "施策".len();
        from = id_start;
        let rest = &src[id_start..];
        let roman: usize = rest.chars().take_while(|c| ('Ⅰ'..='Ⅻ').contains(c)).map(char::len_utf8).sum();
        if roman == 0 {
            continue;
        }
        let mut end = id_start + roman;
        let Some(dash) = src[end..].chars().next().filter(|c| crate::normalize::fold_char(*c) == '-') else { continue };
        end += dash.len_utf8();
        let digits: usize = src[end..].chars().take_while(|c| crate::normalize::fold_char(*c).is_ascii_digit()).map(char::len_utf8).sum();
        if digits == 0 {
            continue;
        }
        end += digits;
        out.push((base + id_start..base + end, StatementKind::MeasureId { id: normalize_measure_id(&src[id_start..end]) }));
    }
    // An address whose scheme lost a character: `https//`, `http:/x`.
    let mut from = 0;
    while let Some(p) = find(&HTTP, &src[from..]) {
        let at = from + p;
        from = at + 4;
        let rest = src[at + 4..].strip_prefix('s').unwrap_or(&src[at + 4..]);
        let broken = rest.starts_with("//") || rest.starts_with("：//") || (rest.starts_with(":/") && !rest.starts_with("://"));
        if broken && (at == 0 || !src[..at].ends_with(|c: char| c.is_ascii_alphanumeric())) {
            let end = at + src[at..].find(|c: char| c.is_whitespace() || matches!(c, '）' | ')' | '」' | '、' | '。')).unwrap_or(src.len() - at);
            out.push((base + at..base + end, StatementKind::BrokenUrl));
        }
    }
    if src.contains("判断根拠") {
        out.push((base..base + src.len(), StatementKind::Basis));
    }
    // 判断根拠: how the main indicators fared, in the forms' words. Folding
    // and dropping spaces leave kanji as they are: a line without 判 and
    // 測 cannot hold either phrase.
    if !(src.contains('判') && src.contains('測')) {
        return out;
    }
    let c = compact(src);
    if c.contains("測定指標") && c.contains("判定") {
        let claim = if c.contains("目標に近い実績を示さなかった") || c.contains("目標に近い実績を示していない") {
            Some(Claim::NotNear)
        } else if c.contains("おおむね目標に近い") || c.contains("概ね目標に近い") {
            Some(Claim::NearlyMet)
        } else if ["いずれも目標を達成", "全て目標を達成", "すべて目標を達成", "全ての目標を達成", "すべての目標を達成", "全てが目標を達成", "すべてが目標を達成", "いずれも目標値を達成"]
            .iter()
            .any(|k| c.contains(k))
            && !c.contains("達成できなかった")
            && !c.contains("達成しなかった")
        {
            Some(Claim::AllMet)
        } else {
            None
        };
        if let Some(claim) = claim {
            out.push((base..base + src.len(), StatementKind::Claim { claim }));
        }
    }
    out
}

/// The part of a model that lowering one run of sections wrote: for each
/// list, the range of its items.
struct Part {
    sections: Range<usize>,
    attributes: Range<usize>,
    fields: Range<usize>,
    indicators: Range<usize>,
    references: Range<usize>,
    means: Range<usize>,
    means_sections: Range<usize>,
    tables: Range<usize>,
    budgets: Range<usize>,
    citations: Range<usize>,
    summary: Range<usize>,
    urls: Range<usize>,
    statements: Range<usize>,
}

use std::ops::Range;

impl Part {
    /// The items of sections `s` (bytes `bytes`) in `r`: every list is in
    /// document order, so each part is one range.
    fn of(r: &Report, s: Range<usize>, bytes: Range<usize>) -> Part {
        fn range<T>(v: &[T], before: impl Fn(&T, usize) -> bool, a: usize, b: usize) -> Range<usize> {
            v.partition_point(|x| before(x, a))..v.partition_point(|x| before(x, b))
        }
        let sec = |x: Option<usize>, at: usize| x.is_none_or(|x| x < at);
        let tables = range(&r.tables, |t, at| sec(t.section, at), s.start, s.end);
        Part {
            sections: s.clone(),
            attributes: range(&r.attributes, |a, at| sec(a.section, at), s.start, s.end),
            fields: range(&r.fields, |f, at| f.section < at, s.start, s.end),
            indicators: range(&r.indicators, |i, at| i.section < at, s.start, s.end),
            references: range(&r.references, |i, at| i.section < at, s.start, s.end),
            means: range(&r.means, |m, at| m.table < at, tables.start, tables.end),
            means_sections: range(&r.means_sections, |m, at| m.0 < at, s.start, s.end),
            budgets: range(&r.budgets, |b, at| b.table < at, tables.start, tables.end),
            tables,
            citations: range(&r.citations, |c, at| c.span.start < at, bytes.start, bytes.end),
            summary: range(&r.summary, |e, at| e.row_span.start < at, bytes.start, bytes.end),
            urls: range(&r.urls, |u, at| u.start < at, bytes.start, bytes.end),
            statements: range(&r.statements, |x, at| sec(x.section, at), s.start, s.end),
        }
    }

    fn same_counts(&self, other: &Part) -> bool {
        self.counts() == other.counts()
    }

    fn counts(&self) -> [usize; 13] {
        let n = |p: &Part| {
            [
                p.sections.len(),
                p.attributes.len(),
                p.fields.len(),
                p.indicators.len(),
                p.references.len(),
                p.means.len(),
                p.means_sections.len(),
                p.tables.len(),
                p.budgets.len(),
                p.citations.len(),
                p.summary.len(),
                p.urls.len(),
                p.statements.len(),
            ]
        };
        n(self)
    }
}

/// Splits `v` into what comes before `part` (left in `v`), the part, and
/// what comes after it.
fn cut<T>(v: &mut Vec<T>, part: &Range<usize>) -> (Vec<T>, Vec<T>) {
    let after = v.split_off(part.end);
    let inside = v.split_off(part.start);
    (inside, after)
}

/// The report's year: the first `@年度` whose value reads as one.
fn is_year(name: &str) -> bool {
    name == "年度" || name == "year"
}

fn year_of(value: &Option<TextAt>) -> Option<(FiscalYear, Span)> {
    let v = value.as_ref()?;
    parse_year(&v.text).map(|y| (y, v.span.clone()))
}

/// The measure's rating: the first of these attributes with a value.
fn is_measure_rating(name: &str) -> bool {
    name == "目標達成度合いの測定結果" || name == "政策目標の達成度合い" || name == "result"
}

fn is_unit(name: &str) -> bool {
    name == "単位" || name == "unit"
}

/// The unit a `@単位` attribute gives its section, as lowering reads it.
fn unit_of(a: &Attribute) -> Option<(Option<usize>, String)> {
    is_unit(&a.name).then(|| a.value.as_ref().map(|v| (a.section, fold(&v.text)))).flatten()
}

/// Brings `report`, lowered from the text before `edit`, up to date with
/// `text` and its `tree` by lowering again only the sections the edit is in
/// (an indicator, reference or means section with everything under it;
/// otherwise the one section) and keeping the rest, moved past the edit.
///
/// Returns false when that cannot give what [`lower`] gives: the edit
/// changed where sections begin or what they are, a `@単位` or a field's
/// number that sections after it read, or a fact of the whole document
/// that another section could have given. `report` is then unusable and
/// must be lowered again. `budget_unit` is given to the budget and means
/// tables of the part that name no unit (see `analysis::analyze_tree`).
pub(crate) fn splice(text: &str, tree: &Tree, old_tree: &Tree, report: &mut Report, edit: &super::shift::Edit, budget_unit: Option<&str>) -> Option<Spliced> {
    use super::shift::Shift;
    let e = edit;
    let old_root = old_tree.root_node();
    // The section the edit is in, from the old tree's top-level nodes.
    let Some(node) = old_root.first_child_for_byte(e.start) else { return None };
    let Some(heading) = node.child_by_field_name("heading").filter(|_| node.kind() == "section") else { return None };
    if node.start_byte() > e.start || e.old_end >= node.end_byte() {
        return None;
    }
    let sections = &report.sections;
    let i = sections.partition_point(|s| s.heading_span.start < node.start_byte());
    if sections.get(i).is_none_or(|s| s.heading_span.start >= heading.end_byte()) {
        return None;
    }
    // Sections under an indicator, reference or means section write into
    // it: lower the outermost one with all it holds.
    let mut first = i;
    let mut p = Some(i);
    while let Some(s) = p {
        if matches!(sections[s].kind, SectionKind::Indicator(_) | SectionKind::Reference(_) | SectionKind::Means) {
            first = s;
        }
        p = sections[s].parent;
    }
    let whole = first != i || matches!(sections[i].kind, SectionKind::Indicator(_) | SectionKind::Reference(_) | SectionKind::Means);
    let level = sections[first].level;
    let end = if whole { (first + 1..sections.len()).find(|&s| sections[s].level <= level).unwrap_or(sections.len()) } else { first + 1 };
    // The part's bytes: from its first section's node to the next one's.
    let node_at = |root: Node<'_>, s: usize| -> Option<usize> {
        let at = report.sections.get(s)?.heading_span.start;
        let n = root.first_child_for_byte(at)?;
        (n.kind() == "section" && n.start_byte() <= at).then_some(n.start_byte())
    };
    let Some(start_byte) = node_at(old_root, first) else { return None };
    let end_byte = if end < sections.len() {
        match node_at(old_root, end) {
            Some(b) => b,
            None => return None,
        }
    } else {
        old_root.end_byte()
    };
    if start_byte > e.start || e.old_end >= end_byte {
        return None;
    }
    let new_end_byte = end_byte + e.new_end - e.old_end;
    // The new tree has sections beginning at the same places.
    let root = tree.root_node();
    let Some(mut n) = root.first_child_for_byte(start_byte).filter(|n| n.start_byte() == start_byte) else { return None };
    let mut nodes = Vec::new();
    loop {
        if n.kind() != "section" {
            return None;
        }
        nodes.push(n);
        match n.next_sibling() {
            Some(next) if next.start_byte() < new_end_byte => n = next,
            Some(next) if next.start_byte() == new_end_byte => break,
            None if end == report.sections.len() => break,
            _ => return None,
        }
    }
    if nodes.len() != end - first {
        return None;
    }
    let old = Part::of(report, first..end, start_byte..end_byte);
    // A document heading sets the kind and heading of the whole report.
    let documents = report.sections.iter().filter(|s| s.kind == SectionKind::Document).count();
    let has_document = report.sections[first..end].iter().any(|s| s.kind == SectionKind::Document);
    if has_document && documents != 1 {
        return None;
    }
    let old_summary = report.summary_section;
    let in_part = |s: &Span| start_byte <= s.start && s.start < end_byte;
    let year_in = report.year.as_ref().map(|y| in_part(&y.1));
    let rating_in = report.measure_rating.as_ref().map(|m| in_part(&m.span));
    report.shift(e);
    let r = report;
    // Facts of the whole report that the part may set again.
    let (old_year, old_rating) = (r.year.take(), r.measure_rating.take());
    if year_in == Some(false) && old_year.as_ref().is_some_and(|y| y.1.start < start_byte) {
        r.year = old_year.clone();
    }
    if rating_in == Some(false) && old_rating.as_ref().is_some_and(|m| m.span.start < start_byte) {
        r.measure_rating = old_rating.clone();
    }
    let (old_kind, old_heading) = (r.kind, r.heading.clone());
    if has_document {
        r.kind = None;
        r.heading = None;
    }
    r.summary_section = None;
    let (old_sections, sections_after) = cut(&mut r.sections, &old.sections);
    let (old_attributes, attributes_after) = cut(&mut r.attributes, &old.attributes);
    let (old_fields, fields_after) = cut(&mut r.fields, &old.fields);
    let (_, indicators_after) = cut(&mut r.indicators, &old.indicators);
    let (_, references_after) = cut(&mut r.references, &old.references);
    let (_, means_after) = cut(&mut r.means, &old.means);
    let (_, means_sections_after) = cut(&mut r.means_sections, &old.means_sections);
    let (_, tables_after) = cut(&mut r.tables, &old.tables);
    let (_, budgets_after) = cut(&mut r.budgets, &old.budgets);
    let (_, citations_after) = cut(&mut r.citations, &old.citations);
    let (_, summary_after) = cut(&mut r.summary, &old.summary);
    let (_, urls_after) = cut(&mut r.urls, &old.urls);
    let (_, statements_after) = cut(&mut r.statements, &old.statements);
    // Lower the part on top of what comes before it, as `lower` would.
    let mut stack = Vec::new();
    let mut p = old_sections.first().and_then(|s| s.parent);
    while let Some(s) = p {
        stack.push(s);
        p = r.sections[s].parent;
    }
    stack.reverse();
    let unit = r.attributes.iter().filter_map(unit_of).collect();
    let mut l = Lowerer { text, r: std::mem::take(r), stack, unit };
    for n in nodes {
        l.section(n);
    }
    *r = l.r;
    let new = Part::of(r, first..end, start_byte..new_end_byte);
    // The part must be what it was but for its content: the same sections
    // of the same kinds and levels, as many of everything, the same units
    // and field numbers for the sections after it, and an extent ending
    // no sooner than the old one (ancestors took the end of theirs from it,
    // and only grow with the part's).
    let same_sections = old_sections.iter().zip(&r.sections[first..end]).all(|(a, b)| a.kind == b.kind && a.level == b.level && a.parent == b.parent);
    // One section lowered alone: the sections under it come after the part,
    // and its extent reaches to theirs.
    let under = if whole { 0 } else { sections_after.iter().take_while(|t| t.level > level).count() };
    if let Some(m) = sections_after[..under].iter().map(|t| t.extent.end).max() {
        let e = &mut r.sections[first].extent;
        e.end = e.end.max(m);
    }
    let extent_end = |v: &[Section]| v.iter().map(|s| s.extent.end).max();
    // The sections under one lowered alone took its field number when
    // they were lowered.
    let same_fields = whole || old_fields.iter().map(|f| f.number).eq(r.fields[new.fields.clone()].iter().map(|f| f.number));
    if !(new.same_counts(&old) && same_sections && same_fields && extent_end(&r.sections[first..end]) >= extent_end(&old_sections)) {
        return None;
    }
    // …and their tables took its unit: read theirs again when it changed.
    let units_changed = !old_attributes.iter().filter_map(unit_of).eq(r.attributes[new.attributes.clone()].iter().filter_map(unit_of));
    // The whole report's facts: first one wins (year, rating), the only
    // document heading gives kind and heading, the last summary wins.
    // One the part held and holds no more is the first after it, if any.
    if r.year.is_none() {
        r.year = match year_in {
            Some(true) => attributes_after.iter().filter(|a| is_year(&a.name)).find_map(|a| year_of(&a.value)),
            _ => old_year,
        };
    }
    if r.measure_rating.is_none() {
        r.measure_rating = match rating_in {
            Some(true) => attributes_after.iter().filter(|a| is_measure_rating(&a.name)).find_map(|a| a.value.clone()),
            _ => old_rating,
        };
    }
    if !has_document {
        r.kind = old_kind;
        r.heading = old_heading;
    }
    match (old_summary, r.summary_section) {
        (Some(s), now) if (first..end).contains(&s) => {
            if now != Some(s) {
                return None;
            }
        }
        (_, Some(_)) => return None,
        (s, None) => r.summary_section = s,
    }
    if let Some(unit) = budget_unit {
        let tables: Vec<usize> = r.budgets[new.budgets.clone()].iter().map(|b| b.table).chain(r.means[new.means.clone()].iter().map(|m| m.table)).collect();
        for t in tables {
            r.tables[t].unit.get_or_insert_with(|| unit.to_string());
        }
    }
    r.sections.extend(sections_after);
    r.attributes.extend(attributes_after);
    r.fields.extend(fields_after);
    r.indicators.extend(indicators_after);
    r.references.extend(references_after);
    r.means.extend(means_after);
    r.means_sections.extend(means_sections_after);
    r.tables.extend(tables_after);
    r.budgets.extend(budgets_after);
    r.citations.extend(citations_after);
    r.summary.extend(summary_after);
    r.urls.extend(urls_after);
    r.statements.extend(statements_after);
    if units_changed && under > 0 {
        let below = end..end + under;
        let tables = r.tables.partition_point(|t| t.section.is_none_or(|s| s < below.start))..r.tables.partition_point(|t| t.section.is_none_or(|s| s < below.end));
        for t in tables {
            let unit = table_unit(r, t).or_else(|| {
                let budget = r.budgets.binary_search_by_key(&t, |b| b.table).is_ok() || r.means.iter().any(|m| m.table == t);
                budget.then(|| budget_unit.map(str::to_string)).flatten()
            });
            r.tables[t].unit = unit;
        }
    }
    // The part's guess comments, found again in its new text (the last
    // part's reaches to the end of the text).
    let part_end = if end == r.sections.len() { text.len() } else { new_end_byte };
    let Some(part_text) = text.get(start_byte..part_end) else { return None };
    let kept = r.guesses.partition_point(|g| g.start < start_byte)..r.guesses.partition_point(|g| g.start < part_end);
    r.guesses.splice(kept, guesses(part_text, start_byte));
    r.syntax_errors = crate::syntax::syntax_errors(tree, text.len());
    r.len = text.len();
    // Tables after the part that took a unit from it read it again: their
    // items changed too.
    Some(Spliced { sections: first..end, bytes: start_byte..end_byte, beyond: units_changed && under > 0 })
}

/// What [`splice`] lowered again: sections `sections`, bytes `bytes` of
/// the text before the edit; `beyond`, when items of other sections
/// changed with them (a table's unit).
pub(crate) struct Spliced {
    pub sections: Range<usize>,
    pub bytes: Range<usize>,
    pub beyond: bool,
}

/// The unit of table `t` as lowering gives it: the last `@単位` before it
/// in its section, else in the nearest enclosing section that has one.
fn table_unit(r: &Report, t: usize) -> Option<String> {
    let at = r.tables[t].span.start;
    let mut s = r.tables[t].section;
    loop {
        let attrs = &r.attributes[r.attributes.partition_point(|a| a.section < s)..r.attributes.partition_point(|a| a.section <= s)];
        if let Some((_, u)) = attrs.iter().filter(|a| a.span.start < at).filter_map(unit_of).last() {
            return Some(u);
        }
        s = r.sections[s?].parent;
    }
}
