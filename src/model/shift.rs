//! Moving a model's spans after an edit of the text, without lowering it
//! again: what [`crate::analysis::reanalyze`] does when an edit cannot have
//! changed the model but for positions.

use super::*;

/// One replacement in a text: bytes `start..old_end` became `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Edit {
    /// Where a span's start goes: text inserted at the start comes before it.
    pub fn start_of(&self, x: usize) -> usize {
        if x >= self.old_end && (x > self.start || self.start == self.old_end) {
            x - self.old_end + self.new_end
        } else {
            x
        }
    }

    /// Where a span's end goes: text inserted at the end comes after it.
    pub fn end_of(&self, x: usize) -> usize {
        if x > self.start && x >= self.old_end {
            x - self.old_end + self.new_end
        } else {
            x
        }
    }

    pub fn span(&self, s: &Span) -> Span {
        self.start_of(s.start)..self.end_of(s.end).max(self.start_of(s.start))
    }

    /// Whether a boundary of `s` lies strictly inside the replaced bytes, or
    /// `s` strictly contains the place of an insertion: the edit changes
    /// what `s` covers, not only where it is.
    pub fn touches(&self, s: &Span) -> bool {
        let inside = |x: usize| self.start < x && x < self.old_end;
        inside(s.start) || inside(s.end) || (s.start < self.start && self.old_end < s.end) || (self.start == self.old_end && s.start < self.start && self.start < s.end)
    }
}

/// Everything with byte spans in it.
pub trait Shift {
    fn shift(&mut self, e: &Edit);
}

impl Shift for Span {
    fn shift(&mut self, e: &Edit) {
        *self = e.span(self);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, e: &Edit) {
        if let Some(x) = self {
            x.shift(e);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, e: &Edit) {
        for x in self {
            x.shift(e);
        }
    }
}

impl<A, T: Shift> Shift for (A, T) {
    fn shift(&mut self, e: &Edit) {
        self.1.shift(e);
    }
}

/// `shift!(Type { field, field, … })`: the fields that hold spans.
macro_rules! shift {
    ($($t:ty { $($f:ident),* })*) => {$(
        impl Shift for $t {
            fn shift(&mut self, e: &Edit) {
                $(self.$f.shift(e);)*
            }
        }
    )*};
}

shift! {
    TextAt { span }
    DocHeading { span, label_span, title }
    Section { heading_span, name_span, extent, first_prose }
    Attribute { key_span, value, span }
    Field { title, label_span }
    Rating { value, key_span }
    Midterm { span, value }
    IndicatorYear { span, target, result }
    Indicator { id_span, label_span, title, midterm, years, ratings, series_span }
    Reference { label_span, title, series_span }
    MeansAmount { cell }
    Means { name, row_span, amounts, related, project_number, project_cell }
    Cell { span }
    Row { span, cells }
    Table { span, rows }
    Citation { target, span, quoted }
    SummaryEntry { id_span, title, rating, row_span }
    Statement { span }
}

impl Shift for CitationTarget {
    fn shift(&mut self, e: &Edit) {
        match self {
            CitationTarget::Means { name, .. } => name.shift(e),
            CitationTarget::Indicator { title, .. } => title.shift(e),
            CitationTarget::Field { .. } => {}
        }
    }
}

impl Shift for Report {
    fn shift(&mut self, e: &Edit) {
        // Every field is named, so that a new one is not forgotten here.
        let Report {
            kind: _,
            heading,
            year,
            sections,
            attributes,
            fields,
            indicators,
            references,
            means,
            means_sections: _,
            tables,
            budgets: _,
            citations,
            summary,
            summary_section: _,
            measure_rating,
            syntax_errors,
            urls,
            statements,
            guesses,
            len,
        } = self;
        heading.shift(e);
        year.shift(e);
        sections.shift(e);
        attributes.shift(e);
        fields.shift(e);
        indicators.shift(e);
        references.shift(e);
        means.shift(e);
        tables.shift(e);
        citations.shift(e);
        summary.shift(e);
        measure_rating.shift(e);
        for (span, _) in syntax_errors.iter_mut() {
            span.shift(e);
        }
        urls.shift(e);
        guesses.shift(e);
        statements.shift(e);
        *len = *len + e.new_end - e.old_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertions_go_after_ends_and_before_starts() {
        let e = Edit { start: 5, old_end: 5, new_end: 7 };
        assert_eq!(e.span(&(0..5)), 0..5);
        assert_eq!(e.span(&(5..9)), 7..11);
        assert_eq!(e.span(&(2..9)), 2..11);
        assert_eq!(e.span(&(5..5)), 7..7);
        assert!(e.touches(&(2..9)) && !e.touches(&(0..5)) && !e.touches(&(5..9)));
    }

    #[test]
    fn replacements_move_what_follows() {
        let e = Edit { start: 5, old_end: 8, new_end: 6 };
        assert_eq!(e.span(&(0..5)), 0..5);
        assert_eq!(e.span(&(8..10)), 6..8);
        assert_eq!(e.span(&(1..20)), 1..18);
        assert!(e.touches(&(6..10)) && e.touches(&(1..7)) && e.touches(&(1..20)));
        assert!(!e.touches(&(0..5)) && !e.touches(&(8..9)) && !e.touches(&(5..8)));
    }
}
