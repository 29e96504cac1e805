//! Document links: the URLs in prose (as the grammar finds them), in
//! attribute values and in table cells, without the punctuation that closes
//! the sentence around them.

use crate::model::{Report, Span};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    /// The URL, with characters outside ASCII percent-encoded.
    pub target: String,
}

/// The links of a document, sorted by position.
pub fn links(text: &str, r: &Report) -> Vec<Link> {
    let mut spans: Vec<Span> = r.urls.clone();
    let mut scan = |span: &Span| {
        let s = &text[span.clone()];
        let mut from = 0;
        while let Some(i) = s[from..].find("http").map(|i| from + i) {
            let rest = &s[i..];
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let len = rest.find(|c: char| c.is_whitespace() || "（）()「」『』、。，,<>|｜\"".contains(c)).unwrap_or(rest.len());
                spans.push(span.start + i..span.start + i + len);
                from = i + len;
            } else {
                from = i + 4;
            }
        }
    };
    for a in &r.attributes {
        if let Some(v) = &a.value {
            scan(&v.span);
        }
    }
    for t in &r.tables {
        for row in &t.rows {
            for c in &row.cells {
                scan(&c.span);
            }
        }
    }
    let mut out: Vec<Link> = spans
        .into_iter()
        .filter_map(|s| {
            let s = s.start..s.end.min(text.len());
            let url = trim_url(&text[s.clone()]);
            (url.len() > "https://".len() - 1 && url.contains("://") && !url.ends_with("://"))
                .then(|| Link { span: s.start..s.start + url.len(), target: encode(url) })
        })
        .collect();
    out.sort_by_key(|l| l.span.start);
    out.dedup_by(|a, b| a.span == b.span);
    out
}

/// Cuts trailing punctuation that ends the sentence rather than the URL:
/// `.,;:!?'"` and their full-width forms, closing brackets without an opening
/// one in the URL.
pub fn trim_url(url: &str) -> &str {
    let mut u = url;
    loop {
        let Some(c) = u.chars().next_back() else { return u };
        let cut = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '．' | '，' | '；' | '：' | '！' | '？' | '」' | '』' | '】' | '〕' | '］'
            | '”' | '’' | '、' | '。' | '）' | '〉' | '》' => true,
            ')' => u.matches('(').count() < u.matches(')').count(),
            ']' => u.matches('[').count() < u.matches(']').count(),
            _ => false,
        };
        if !cut {
            return u;
        }
        u = &u[..u.len() - c.len_utf8()];
    }
}

/// Percent-encodes what is not ASCII (and spaces), keeping the rest.
fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() && !c.is_ascii_whitespace() && !c.is_ascii_control() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::config::Config;

    fn found(text: &str) -> Vec<(String, String)> {
        let a = analyze(text, &Config::default());
        links(text, &a.report).into_iter().map(|l| (text[l.span].to_string(), l.target)).collect()
    }

    #[test]
    fn prose_urls_without_closing_punctuation() {
        let text = "## 資料\n・交流事業の概要（https://example.org/kouryu/index.html）\n詳細は https://example.org/a. を参照。\n\
                    地図：https://example.org/日本】\n「https://example.org/q」と http://x.jp/p?q=1&r=2\n";
        assert_eq!(
            found(text),
            vec![
                ("https://example.org/kouryu/index.html".into(), "https://example.org/kouryu/index.html".into()),
                ("https://example.org/a".into(), "https://example.org/a".into()),
                ("https://example.org/日本".into(), "https://example.org/%E6%97%A5%E6%9C%AC".into()),
                ("https://example.org/q".into(), "https://example.org/q".into()),
                ("http://x.jp/p?q=1&r=2".into(), "http://x.jp/p?q=1&r=2".into()),
            ]
        );
    }

    #[test]
    fn attribute_values_and_cells() {
        let text = "### 測定指標 1-1 A\n@出典: 外務省（https://www.mofa.go.jp/）\n| 資料 | https://example.org/t.pdf |\n";
        assert_eq!(
            found(text),
            vec![
                ("https://www.mofa.go.jp/".into(), "https://www.mofa.go.jp/".into()),
                ("https://example.org/t.pdf".into(), "https://example.org/t.pdf".into()),
            ]
        );
        assert_eq!(trim_url("https://a.jp/x）。"), "https://a.jp/x");
        assert_eq!(trim_url("https://a.jp/wiki/A_(B)"), "https://a.jp/wiki/A_(B)");
        assert_eq!(trim_url("https://a.jp/x)"), "https://a.jp/x");
    }

    #[test]
    fn tutorial_link() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tutorial.hyoka")).unwrap();
        assert_eq!(found(&text).len(), 1);
    }
}
