//! One spelling per file: clients name the same file with different URIs
//! (Neovim and ALE percent-encode in lower case, `%e4`; VS Code and Eglot in
//! upper case, `%E4`; VS Code writes a Windows drive `c%3A`, others `C:`;
//! `file://localhost/` is `file:///`). The server keys its documents by
//! [`key`], and answers each client with the spelling it sent
//! ([`Spellings`]).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::collections::HashMap;
use tower_lsp::lsp_types::Url;

/// Bytes written percent-encoded in a key's path: everything but the
/// unreserved characters, `/`, `:` and the sub-delimiters that paths keep.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The canonical form of a `file:` URI: the path decoded and encoded again
/// in one way (upper-case hex, only what must be encoded), a Windows drive
/// letter in upper case with a plain `:`. Other schemes, and paths that do
/// not decode to UTF-8, are kept as they are.
pub fn key(uri: &Url) -> Url {
    if uri.scheme() != "file" {
        return uri.clone();
    }
    let Ok(path) = percent_decode_str(uri.path()).decode_utf8() else { return uri.clone() };
    let mut path = path.into_owned();
    let b = path.as_bytes();
    if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        let drive = (b[1] as char).to_ascii_uppercase();
        path.replace_range(1..2, drive.encode_utf8(&mut [0; 4]));
    }
    let host = uri.host_str().filter(|h| !h.eq_ignore_ascii_case("localhost")).unwrap_or("");
    let mut s = format!("file://{host}{}", utf8_percent_encode(&path, PATH));
    if let Some(q) = uri.query() {
        s.push('?');
        s.push_str(q);
    }
    Url::parse(&s).unwrap_or_else(|_| uri.clone())
}

/// The key of a file found on disk.
pub fn of_path(path: &std::path::Path) -> Option<Url> {
    Url::from_file_path(path).ok().map(|u| key(&u))
}

/// How the client spelt each document it opened, so that diagnostics and
/// locations reach it under the URI it knows.
#[derive(Default)]
pub struct Spellings {
    sent: HashMap<Url, Url>,
    /// Counts the changes, so that what was spelt with them can tell it is
    /// spelt the same.
    epoch: u64,
}

impl Spellings {
    /// Remembers `sent` (when it differs from its key) and returns the key.
    pub fn learn(&mut self, sent: &Url) -> Url {
        let k = key(sent);
        if k != *sent {
            self.sent.insert(k.clone(), sent.clone());
        } else {
            self.sent.remove(&k);
        }
        self.epoch += 1;
        k
    }

    pub fn forget(&mut self, key: &Url) {
        self.sent.remove(key);
        self.epoch += 1;
    }

    /// The URI to send the client for `key`.
    pub fn spell(&self, key: &Url) -> Url {
        self.sent.get(key).cloned().unwrap_or_else(|| key.clone())
    }

    /// Changes whenever a spelling may have.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> String {
        key(&Url::parse(s).unwrap()).to_string()
    }

    #[test]
    fn percent_encoding_case_and_form_do_not_matter() {
        let upper = "file:///tmp/%E4%BB%A4%E5%92%8C5%E5%B9%B4%E5%BA%A6%20%E6%94%BF%E7%AD%96/evaluation.hyoka";
        let lower = "file:///tmp/%e4%bb%a4%e5%92%8c5%e5%b9%b4%e5%ba%a6%20%e6%94%bf%e7%ad%96/evaluation.hyoka";
        assert_eq!(k(upper), k(lower));
        let path = std::path::Path::new("/tmp/令和5年度 政策/evaluation.hyoka");
        assert_eq!(of_path(path).unwrap().to_string(), k(lower));
        // Characters that need no encoding may be sent encoded or not.
        assert_eq!(k("file:///tmp/a%2Db%7Ec.hyoka"), "file:///tmp/a-b~c.hyoka");
        // A literal percent sign stays one.
        assert_eq!(k("file:///tmp/100%25.hyoka"), "file:///tmp/100%25.hyoka");
        assert_eq!(k("file://localhost/tmp/x.hyoka"), "file:///tmp/x.hyoka");
    }

    #[test]
    fn windows_drive_letters() {
        let vscode = "file:///c%3A/Users/%E8%A9%95%E4%BE%A1/x.hyoka";
        let other = "file:///C:/Users/%e8%a9%95%e4%be%a1/x.hyoka";
        assert_eq!(k(vscode), k(other));
        assert_eq!(k(other), "file:///C:/Users/%E8%A9%95%E4%BE%A1/x.hyoka");
    }

    #[test]
    fn other_schemes_are_kept() {
        assert_eq!(k("untitled:Untitled-1"), "untitled:Untitled-1");
    }

    #[test]
    fn the_client_gets_its_own_spelling_back() {
        let mut s = Spellings::default();
        let sent = Url::parse("file:///c%3a/r/%e8%a9%95.hyoka").unwrap();
        let key = s.learn(&sent);
        assert_ne!(key, sent);
        assert_eq!(s.spell(&key), sent);
        s.forget(&key);
        assert_eq!(s.spell(&key), key);
    }
}
