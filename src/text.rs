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

/// Conversions on a [`ropey::Rope`], for the open documents of the server.
pub mod rope {
    use super::{Encoding, LineCol};
    use ropey::Rope;

    /// The byte offset of a position, clamped like [`super::LineIndex::to_offset`].
    pub fn to_offset(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let line_start_char = rope.line_to_char(line);
        let line_slice = rope.line(line);
        // Line length without its ending: the `\n` and one `\r` before it,
        // as in `LineIndex::line_range` (a `\r\r\n` line keeps one `\r`).
        let mut len_chars = line_slice.len_chars();
        if len_chars > 0 && line_slice.char(len_chars - 1) == '\n' {
            len_chars -= 1;
        }
        if len_chars > 0 && line_slice.char(len_chars - 1) == '\r' {
            len_chars -= 1;
        }
        let line_end_char = line_start_char + len_chars;
        let char_idx = match enc {
            Encoding::Utf8 => {
                let start_byte = rope.char_to_byte(line_start_char);
                let want = (start_byte + pos.character as usize).min(rope.char_to_byte(line_end_char));
                // Snap inside a multi-byte character back to its start.
                rope.byte_to_char(want)
            }
            Encoding::Utf16 => {
                let start_cu = rope.char_to_utf16_cu(line_start_char);
                let end_cu = rope.char_to_utf16_cu(line_end_char);
                let want = (start_cu + pos.character as usize).min(end_cu);
                let c = rope.utf16_cu_to_char(want);
                // In the middle of a surrogate pair: the pair's start.
                if rope.char_to_utf16_cu(c) > want { c - 1 } else { c }
            }
        };
        rope.char_to_byte(char_idx.min(line_end_char))
    }

    pub fn to_line_col(rope: &Rope, offset: usize, enc: Encoding) -> LineCol {
        let offset = offset.min(rope.len_bytes());
        let char_idx = rope.byte_to_char(offset);
        let line = rope.char_to_line(char_idx);
        let line_start = rope.line_to_char(line);
        let character = match enc {
            Encoding::Utf8 => offset - rope.char_to_byte(line_start),
            Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start),
        };
        LineCol { line: line as u32, character: character as u32 }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn agrees_with_line_index() {
            let text = "a😀b\r\n令和\r\nx\n\r\r\ny\r";
            let rope = Rope::from_str(text);
            let idx = super::super::LineIndex::new(text);
            for enc in [Encoding::Utf16, Encoding::Utf8] {
                for line in 0..7 {
                    for ch in 0..8 {
                        let p = LineCol { line, character: ch };
                        assert_eq!(to_offset(&rope, p, enc), idx.to_offset(text, p, enc), "{p:?} {enc:?}");
                    }
                }
                for off in 0..text.len() {
                    if text.is_char_boundary(off) {
                        assert_eq!(to_line_col(&rope, off, enc), idx.to_line_col(text, off, enc));
                    }
                }
            }
        }
    }
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
