//! Writing Hyoka markup: blocks separated as the format reads them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    Heading,
    Prose,
    Attr,
    Comment,
    Row,
}

/// The markup of one document as it is written.
#[derive(Clone, Debug, Default)]
pub(crate) struct Out {
    pub lines: Vec<String>,
    pub guesses: usize,
    last: Option<Block>,
}

/// The prefix a reconstruction that is a guess carries.
pub const GUESS: &str = "// hyoka-import: 推測 ";

impl Out {
    fn push(&mut self, kind: Block, line: String) {
        let together = matches!(
            (self.last, kind),
            (Some(Block::Row), Block::Row) | (Some(Block::Attr | Block::Comment), Block::Attr | Block::Comment | Block::Row)
        );
        if self.last.is_some() && !together && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.lines.push(line);
        self.last = Some(kind);
    }

    /// Ends the current block (a table, a group of attributes).
    pub fn end_block(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.last = None;
    }

    pub fn heading(&mut self, level: usize, title: &str) {
        self.push(Block::Heading, format!("{} {}", "#".repeat(level), one_line(title)));
    }

    /// The document heading: its attributes follow on the next lines.
    pub fn title(&mut self, title: &str) {
        self.push(Block::Comment, format!("# {}", one_line(title)));
    }

    pub fn prose(&mut self, text: &str) {
        let t = one_line(text);
        if t.is_empty() {
            return;
        }
        let escaped = if needs_escape(&t) { format!("\\{t}") } else { t };
        self.push(Block::Prose, escaped);
    }

    pub fn attr(&mut self, key: &str, value: &str) {
        let key = one_line(key).replace([':', '：'], "・");
        self.push(Block::Attr, format!("@{key}: {}", one_line(value)));
    }

    pub fn comment(&mut self, text: &str) {
        self.push(Block::Comment, format!("// {}", one_line(text)));
    }

    /// A comment saying that what follows is a reconstruction, and why.
    pub fn guess(&mut self, why: &str) {
        self.guesses += 1;
        self.push(Block::Comment, format!("{GUESS}{}", one_line(why)));
    }

    pub fn row(&mut self, cells: &[String]) {
        let cells: Vec<String> = cells.iter().map(|c| one_line(c).replace(['|', '｜'], "／")).collect();
        let mut line = String::from("|");
        for c in &cells {
            line.push(' ');
            line.push_str(c);
            if !c.is_empty() {
                line.push(' ');
            }
            line.push('|');
        }
        self.push(Block::Row, line);
    }

    /// Appends what `other` wrote, as if written here.
    pub fn append(&mut self, other: Out) {
        let mut first = true;
        for line in other.lines {
            if first && !line.is_empty() {
                // Separate the blocks as `push` would.
                if self.lines.last().is_some_and(|l| !l.is_empty()) && self.last.is_some() {
                    self.lines.push(String::new());
                }
            }
            first = false;
            self.lines.push(line);
        }
        self.guesses += other.guesses;
        self.last = other.last.or(self.last);
    }

    pub fn text(&self) -> String {
        let mut lines: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        let mut s = lines.join("\n");
        s.push('\n');
        s
    }
}

/// A line's text with its whitespace runs kept but line breaks removed.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").trim().to_string()
}

/// A prose line that would read as another kind of line.
fn needs_escape(t: &str) -> bool {
    t.starts_with(['#', '＃', '@', '＠', '|', '｜', '\\']) || t.starts_with("//") || t.starts_with("／／")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_escapes() {
        let mut o = Out::default();
        o.heading(2, "施策目標");
        o.prose("＃は見出しではない");
        o.attr("単位", "百万円");
        o.row(&["区分".into(), "令和２年度".into()]);
        o.row(&["当初予算(a)".into(), String::new()]);
        o.prose("本文");
        assert_eq!(o.text(), "## 施策目標\n\n\\＃は見出しではない\n\n@単位: 百万円\n| 区分 | 令和２年度 |\n| 当初予算(a) | |\n\n本文\n");
    }
}
