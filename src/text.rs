//! Positions: byte offsets inside the core, (line, character) at the edges.
//!
//! Every conversion between byte offsets and protocol positions lives here.
//! Characters are counted in UTF-16 code units (LSP's default) or in bytes
//! (UTF-8, when the client negotiates it). Lines end at `\n`; a `\r` before it
//! belongs to the line ending, so a position never lands between `\r` and `\n`.

/// How the client counts characters within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

/// A zero-based line and character, counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub character: u32,
}

/// The start offset of every line of a text, for fast conversions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Byte range of line `line` without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let b = text.as_bytes();
        if end > start && b[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    pub fn to_line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character = match enc {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].chars().map(char::len_utf16).sum(),
        };
        LineCol { line: line as u32, character: character as u32 }
    }

    /// The byte offset of a position. A line past the end clamps to the end of
    /// the text; a character past the end of its line clamps to the line end;
    /// a character inside a multi-unit character snaps to that character's start.
    pub fn to_offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.clone()];
        let want = pos.character as usize;
        match enc {
            Encoding::Utf8 => {
                let mut o = want.min(line_text.len());
                while !line_text.is_char_boundary(o) {
                    o -= 1;
                }
                range.start + o
            }
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in line_text.char_indices() {
                    let next = units + c.len_utf16();
                    if next > want {
                        return range.start + i;
                    }
                    units = next;
                }
                range.end
            }
        }
    }
}

fn memchr_newlines(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.iter().enumerate().filter(|(_, &c)| c == b'\n').map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_round_trip_with_surrogates_and_crlf() {
        let text = "a😀b\r\n令和\r\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let b = text.find('b').unwrap();
        assert_eq!(idx.to_line_col(text, b, Encoding::Utf16), LineCol { line: 0, character: 3 });
        assert_eq!(idx.to_offset(text, LineCol { line: 0, character: 3 }, Encoding::Utf16), b);
        // Inside the surrogate pair: snaps to the emoji's start.
        assert_eq!(idx.to_offset(text, LineCol { line: 0, character: 2 }, Encoding::Utf16), 1);
        // Past the end of the line: the line end, before "\r\n".
        assert_eq!(idx.to_offset(text, LineCol { line: 0, character: 99 }, Encoding::Utf16), b + 1);
        let wa = text.find('和').unwrap();
        assert_eq!(idx.to_line_col(text, wa, Encoding::Utf16), LineCol { line: 1, character: 1 });
        assert_eq!(idx.to_line_col(text, wa, Encoding::Utf8), LineCol { line: 1, character: 3 });
        assert_eq!(idx.to_offset(text, LineCol { line: 9, character: 0 }, Encoding::Utf16), text.len());
    }
}
