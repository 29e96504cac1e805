//! docs/diagnostics.md is executable: every entry's failing example must
//! report the entry's code, its passing example must not, and every check of
//! the registry must have exactly one entry (and every entry a check).
//!
//! An entry is a `## <code> <name>` heading and what follows up to the next
//! such heading. Its examples are fenced blocks with the info string
//! `hyoka bad` / `hyoka good`; blocks with `file=<name>` form one set of
//! documents per kind, checked together with the cross-document checks.

use hyoka::analysis::{analyze, cross_check};
use hyoka::checks::registry::{self, CheckInfo, Family};
use hyoka::checks::Diagnostic;
use hyoka::config::Config;
use hyoka::model::Report;

const DOC: &str = include_str!("../docs/diagnostics.md");

#[derive(Debug)]
struct Block {
    info: String,
    text: String,
    line: usize,
}

#[derive(Debug)]
struct Entry {
    code: String,
    name: String,
    line: usize,
    /// The lines of the entry outside fenced blocks.
    prose: Vec<String>,
    blocks: Vec<Block>,
}

/// One example: its files (name, text); a single unnamed file for a
/// single-document example.
#[derive(Debug)]
struct Example {
    files: Vec<(String, String)>,
    line: usize,
}

/// The fenced blocks and the other lines of a piece of Markdown.
fn split_blocks<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> (Vec<String>, Vec<Block>) {
    let mut prose = Vec::new();
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in lines {
        match &mut open {
            Some(b) => {
                if line.trim_end() == "```" {
                    blocks.push(open.take().unwrap());
                } else {
                    b.text.push_str(line);
                    b.text.push('\n');
                }
            }
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block { info: info.trim().to_string(), text: String::new(), line: n });
                } else {
                    prose.push(line.to_string());
                }
            }
        }
    }
    assert!(open.is_none(), "docs/diagnostics.md: a fenced block is not closed");
    (prose, blocks)
}

fn entries() -> Vec<Entry> {
    // Headings inside fenced blocks (the examples are full of them) do not count.
    let mut in_fence = false;
    let lines: Vec<(usize, &str, bool)> = DOC
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let fenced = in_fence;
            if l.starts_with("```") {
                in_fence = !in_fence;
            }
            (i + 1, l, fenced || l.starts_with("```"))
        })
        .collect();
    fn entry_heading(l: &str) -> Option<(&str, &str)> {
        let (code, name) = l.strip_prefix("## ")?.split_once(' ')?;
        (code.len() == 6 && code.starts_with("HY") && code[2..].chars().all(|c| c.is_ascii_digit())).then_some((code, name))
    }
    let is_heading = |l: &str| l.starts_with("# ") || l.starts_with("## ");
    let mut out = Vec::new();
    for (i, &(n, l, fenced)) in lines.iter().enumerate() {
        if fenced {
            continue;
        }
        let Some((code, name)) = entry_heading(l) else { continue };
        // The entry runs to the next heading of its level or above.
        let end = lines[i + 1..].iter().position(|&(_, l, f)| !f && is_heading(l)).map(|p| i + 1 + p).unwrap_or(lines.len());
        let (prose, blocks) = split_blocks(lines[i + 1..end].iter().map(|&(n, l, _)| (n, l)));
        out.push(Entry { code: code.to_string(), name: name.trim().to_string(), line: n, prose, blocks });
    }
    out
}

/// The entry's examples of one kind (`bad` or `good`).
fn examples(e: &Entry, kind: &str) -> Vec<Example> {
    let mut singles = Vec::new();
    let mut set = Example { files: Vec::new(), line: 0 };
    for b in &e.blocks {
        let mut words = b.info.split_whitespace();
        if words.next() != Some("hyoka") || words.next() != Some(kind) {
            continue;
        }
        match words.next().and_then(|w| w.strip_prefix("file=")) {
            Some(file) => {
                assert!(!set.files.iter().any(|(f, _)| f == file), "{}: file {file} given twice in the {kind} set", e.code);
                if set.files.is_empty() {
                    set.line = b.line;
                }
                set.files.push((file.to_string(), b.text.clone()));
            }
            None => singles.push(Example { files: vec![(String::new(), b.text.clone())], line: b.line }),
        }
        assert!(words.next().is_none(), "{} line {}: unexpected words in the info string `{}`", e.code, b.line, b.info);
    }
    if !set.files.is_empty() {
        singles.push(set);
    }
    singles
}

/// Every diagnostic of an example: each file's own, plus the cross-document
/// ones when it has several files. Returns (file, diagnostic, text under it).
fn run(ex: &Example, config: &Config) -> Vec<(String, Diagnostic, String)> {
    let analyses: Vec<_> = ex.files.iter().map(|(_, t)| analyze(t, config)).collect();
    let mut out = Vec::new();
    for ((name, text), a) in ex.files.iter().zip(&analyses) {
        for d in &a.diagnostics {
            out.push((name.clone(), d.clone(), text[d.span.clone()].to_string()));
        }
    }
    if ex.files.len() > 1 {
        let docs: Vec<(&str, &Report)> = ex.files.iter().zip(&analyses).map(|((n, _), a)| (n.as_str(), &a.report)).collect();
        for (key, d) in cross_check(&docs, config) {
            let text = &ex.files.iter().find(|(n, _)| *n == key).expect("cross_check returns the keys it was given").1;
            let under = text[d.span.clone()].to_string();
            out.push((key, d, under));
        }
    }
    out
}

fn describe(found: &[(String, Diagnostic, String)]) -> String {
    if found.is_empty() {
        return "  (nothing)".into();
    }
    found
        .iter()
        .map(|(f, d, under)| format!("  {f}{}{} {:?} {under:?}: {}", if f.is_empty() { "" } else { ": " }, d.code(), d.span, d.message.en()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn family_word(f: Family) -> &'static str {
    match f {
        Family::References => "references",
        Family::Ratings => "ratings",
        Family::Budgets => "budgets",
        Family::Structure => "structure",
    }
}

fn info(code: &str) -> &'static CheckInfo {
    registry::ALL.iter().copied().find(|c| c.code == code).unwrap_or_else(|| panic!("{code} is not in the registry"))
}

#[test]
fn every_check_has_one_entry_in_registry_order() {
    let entries = entries();
    let doc_codes: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
    for c in registry::ALL {
        let n = doc_codes.iter().filter(|d| **d == c.code).count();
        assert_eq!(n, 1, "{} {} has {n} entries in docs/diagnostics.md", c.code, c.name);
    }
    for e in &entries {
        let c = info(&e.code);
        assert_eq!(e.name, c.name, "line {}: the entry of {} is headed `{}`, the registry names it `{}`", e.line, e.code, e.name, c.name);
    }
    let registry_codes: Vec<&str> = registry::ALL.iter().map(|c| c.code).collect();
    assert_eq!(doc_codes, registry_codes, "the entries are not in registry order");
}

#[test]
fn entries_state_severity_and_family() {
    for e in entries() {
        let c = info(&e.code);
        let expected = format!("**Default severity:** {} · **Family:** {}", c.severity.as_str(), family_word(c.family));
        assert!(e.prose.iter().any(|l| l.trim() == expected), "{} (line {}): missing or wrong line `{expected}`", e.code, e.line);
        assert!(e.prose.iter().any(|l| l.starts_with("**Why it matters:**")), "{} (line {}): no **Why it matters:**", e.code, e.line);
    }
}

#[test]
fn index_lists_every_check_with_its_summary() {
    for c in registry::ALL {
        let row = format!("| [{}](#{}-{}) | {} | {} | {} | {} |", c.code, c.code.to_lowercase(), c.name, c.name, c.severity.as_str(), family_word(c.family), c.summary);
        assert!(DOC.lines().any(|l| l == row), "the index has no row `{row}`");
    }
}

#[test]
fn every_entry_has_a_failing_and_a_passing_example() {
    for e in entries() {
        for b in &e.blocks {
            if b.info.starts_with("hyoka") {
                let kind = b.info.split_whitespace().nth(1);
                assert!(matches!(kind, Some("bad" | "good")), "{} line {}: a hyoka block must be `hyoka bad` or `hyoka good`, not `{}`", e.code, b.line, b.info);
            }
        }
        assert!(!examples(&e, "bad").is_empty(), "{} (line {}) has no ```hyoka bad example", e.code, e.line);
        assert!(!examples(&e, "good").is_empty(), "{} (line {}) has no ```hyoka good example", e.code, e.line);
    }
}

/// The contract the brief states: bad reports the code, good does not.
#[test]
fn failing_examples_report_their_code_and_passing_ones_do_not() {
    let config = Config::default();
    let mut failures = Vec::new();
    for e in entries() {
        for ex in examples(&e, "bad") {
            let found = run(&ex, &config);
            if !found.iter().any(|(_, d, _)| d.code() == e.code) {
                failures.push(format!("{}: the failing example (line {}) does not report {}; it reports:\n{}", e.code, ex.line, e.code, describe(&found)));
            }
        }
        for ex in examples(&e, "good") {
            let found = run(&ex, &config);
            if found.iter().any(|(_, d, _)| d.code() == e.code) {
                failures.push(format!("{}: the passing example (line {}) reports {}:\n{}", e.code, ex.line, e.code, describe(&found)));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Stricter: a failing example is wrong in one way only, and a passing one is
/// a clean document, so that each shows exactly what its entry is about.
#[test]
fn examples_report_nothing_else() {
    let config = Config::default();
    let mut failures = Vec::new();
    for e in entries() {
        for ex in examples(&e, "bad") {
            let found = run(&ex, &config);
            if found.iter().any(|(_, d, _)| d.code() != e.code) {
                failures.push(format!("{}: the failing example (line {}) reports other codes too:\n{}", e.code, ex.line, describe(&found)));
            }
        }
        for ex in examples(&e, "good") {
            let found = run(&ex, &config);
            if !found.is_empty() {
                failures.push(format!("{}: the passing example (line {}) is not clean:\n{}", e.code, ex.line, describe(&found)));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The message an entry quotes is the one its failing example gets.
#[test]
fn quoted_messages_are_the_real_ones() {
    let config = Config::default();
    for e in entries() {
        let prefix = "**Message** (for the failing example): `` ";
        let quoted: Vec<&str> = e.prose.iter().filter_map(|l| l.strip_prefix(prefix)?.strip_suffix(" ``")).collect();
        assert_eq!(quoted.len(), 1, "{} (line {}): expected one line `{prefix}… ``", e.code, e.line);
        let messages: Vec<String> = examples(&e, "bad")
            .iter()
            .flat_map(|ex| run(ex, &config))
            .filter(|(_, d, _)| d.code() == e.code)
            .map(|(_, d, _)| d.message.en())
            .collect();
        assert!(messages.iter().any(|m| m == quoted[0]), "{}: the doc quotes `{}`, the failing example gets {messages:?}", e.code, quoted[0]);
    }
}

/// The configuration examples at the top are valid configurations, and mean
/// what the text next to them says.
#[test]
fn configuration_examples_parse() {
    let (_, blocks) = split_blocks(DOC.lines().enumerate().map(|(i, l)| (i + 1, l)));
    let tomls: Vec<&Block> = blocks.iter().filter(|b| b.info == "toml").collect();
    let jsons: Vec<&Block> = blocks.iter().filter(|b| b.info == "json").collect();
    assert!(!tomls.is_empty() && !jsons.is_empty(), "the configuration section has a toml and a json example");
    for b in tomls {
        let c = Config::from_toml(&b.text).unwrap_or_else(|e| panic!("line {}: {}", b.line, e.message.en()));
        assert_eq!(c.setting(registry::MISSING_PROJECT_NUMBER), None);
        assert_eq!(c.setting(registry::FULL_WIDTH_RATING), Some(hyoka::checks::Severity::Hint));
        // The example spells out the defaults of everything else.
        let d = Config::default();
        assert_eq!(
            (&c.indicator_scale, &c.measure_letters, c.total_tolerance, c.means_tolerance_per_item, c.sheet_tolerance, c.max_file_size),
            (&d.indicator_scale, &d.measure_letters, d.total_tolerance, d.means_tolerance_per_item, d.sheet_tolerance, d.max_file_size),
            "line {}: the example's values are not the defaults the table gives",
            b.line
        );
    }
    for b in jsons {
        let v: serde_json::Value = serde_json::from_str(&b.text).unwrap_or_else(|e| panic!("line {}: {e}", b.line));
        let c = Config::from_json(&v).unwrap_or_else(|e| panic!("line {}: {}", b.line, e.message.en()));
        assert_eq!(c.setting(registry::FULL_WIDTH_RATING), Some(hyoka::checks::Severity::Hint));
        assert_eq!(c.setting(registry::MISSING_PROJECT_NUMBER), None);
        assert_eq!(c.total_tolerance, 1.0);
    }
}

// The Japanese reference: docs/diagnostics.ja.md is generated from the
// Japanese catalogue (src/i18n: the messages, and reference.ja.toml: the
// summaries, explanations and the translations of the examples' comments)
// and the examples of docs/diagnostics.md, so that the two never drift.
// Regenerate it with `UPDATE_DOCS=1 cargo test --test diagnostics_doc`.

use hyoka::i18n::{english_words, reference, Lang};

const DOC_JA: &str = include_str!("../docs/diagnostics.ja.md");

fn family_ja(f: Family) -> &'static str {
    match f {
        Family::References => "参照",
        Family::Ratings => "評価",
        Family::Budgets => "予算",
        Family::Structure => "構成",
    }
}

fn severity_ja(c: &CheckInfo) -> String {
    hyoka::i18n::Msg::CliSeverity(c.severity).ja()
}

/// The lines of an example with its comment lines in Japanese.
fn translate_comments(text: &str, comments: &std::collections::BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            let ja = comments.get(trimmed.trim_end()).ok_or_else(|| format!("no translation of the comment `{}`", trimmed.trim_end()))?;
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str(ja);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    Ok(out)
}

fn generate_ja() -> Result<String, String> {
    let r = reference::parse()?;
    let config = Config::default();
    let mut md = String::new();
    md.push_str("# 診断一覧\n\nEnglish: [diagnostics.md](diagnostics.md)\n\n");
    md.push_str("<!-- このファイルは生成されます。src/i18n/reference.ja.toml と docs/diagnostics.md の例を直し、\n");
    md.push_str("     `UPDATE_DOCS=1 cargo test --test diagnostics_doc` で作り直してください。 -->\n\n");
    md.push_str(r.intro.text.trim());
    md.push_str("\n\n## 一覧\n\n| コード | 名前 | 重大度 | 分類 | 概要 |\n|---|---|---|---|---|\n");
    for c in registry::ALL {
        let e = r.checks.get(c.code).ok_or_else(|| format!("reference.ja.toml has no [{}]", c.code))?;
        md.push_str(&format!("| [{}](#{}-{}) | {} | {} | {} | {} |\n", c.code, c.code.to_lowercase(), c.name, c.name, severity_ja(c), family_ja(c.family), e.summary.trim()));
    }
    let entries = entries();
    for c in registry::ALL {
        let e = &r.checks[c.code];
        let entry = entries.iter().find(|x| x.code == c.code).ok_or_else(|| format!("docs/diagnostics.md has no entry {}", c.code))?;
        md.push_str(&format!("\n## {} {}\n\n", c.code, c.name));
        md.push_str(&format!("**重大度**：{} ・ **分類**：{}\n\n", severity_ja(c), family_ja(c.family)));
        md.push_str(&format!("{}\n\n{}\n\n", e.summary.trim(), e.text.trim()));
        let mut messages: Vec<String> = Vec::new();
        for ex in examples(entry, "bad") {
            for (_, d, _) in run(&ex, &config) {
                if d.code() == c.code && !messages.contains(&d.message.ja()) {
                    messages.push(d.message.ja());
                }
            }
        }
        md.push_str("**メッセージ**（誤りの例に対して）：\n\n");
        for m in &messages {
            md.push_str(&format!("- {m}\n"));
        }
        md.push('\n');
        for b in &entry.blocks {
            if !b.info.starts_with("hyoka") {
                continue;
            }
            let label = if b.info.split_whitespace().nth(1) == Some("bad") { "誤りの例" } else { "正しい例" };
            let file = b.info.split_whitespace().find_map(|w| w.strip_prefix("file=")).map(|f| format!("（{f}）")).unwrap_or_default();
            md.push_str(&format!("{label}{file}：\n\n```{}\n{}```\n\n", b.info, translate_comments(&b.text, &r.comments)?));
        }
    }
    Ok(md.trim_end().to_string() + "\n")
}

#[test]
fn the_japanese_reference_is_generated_from_the_catalogue() {
    let generated = generate_ja().unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.ja.md"), &generated).unwrap();
        return;
    }
    if generated != DOC_JA {
        let first = generated.lines().zip(DOC_JA.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "docs/diagnostics.ja.md is out of date at line {} (UPDATE_DOCS=1 cargo test --test diagnostics_doc):\n  now:       {:?}\n  generated: {:?}",
            first + 1,
            DOC_JA.lines().nth(first),
            generated.lines().nth(first)
        );
    }
}

#[test]
fn the_japanese_reference_texts_are_complete_and_japanese() {
    let r = reference::parse().unwrap_or_else(|e| panic!("src/i18n/reference.ja.toml: {e}"));
    for c in registry::ALL {
        let e = r.checks.get(c.code).unwrap_or_else(|| panic!("reference.ja.toml has no [{}]", c.code));
        assert!(!e.summary.trim().is_empty() && !e.text.trim().is_empty(), "{}: empty summary or text", c.code);
        assert_eq!(hyoka::i18n::summary(c, Lang::Ja), e.summary, "{}", c.code);
        for t in [&e.summary, &e.text] {
            assert!(english_words(t).is_empty(), "{}: English in the Japanese reference: {:?} in {t}", c.code, english_words(t));
        }
    }
    let known: Vec<&str> = registry::ALL.iter().map(|c| c.code).collect();
    for k in r.checks.keys() {
        assert!(known.contains(&k.as_str()), "reference.ja.toml has [{k}], which is no check");
    }
    for (en, ja) in &r.comments {
        assert!(english_words(ja).is_empty(), "the comment `{en}` is translated with English words: {ja}");
    }
}

/// Every message, related note and fix title the failing examples give, in
/// Japanese: no English word (codes, names, units and the document's own
/// text in 「」 excepted), and never the English text.
#[test]
fn japanese_messages_have_no_english_words() {
    let config = Config::default();
    let mut seen = 0;
    for e in entries() {
        for ex in examples(&e, "bad").iter().chain(&examples(&e, "good")) {
            for (_, d, _) in run(ex, &config) {
                let mut texts = vec![(d.message.ja(), d.message.en())];
                texts.extend(d.related.iter().map(|r| (r.message.ja(), r.message.en())));
                texts.extend(d.fix.iter().map(|f| (f.title.ja(), f.title.en())));
                for (ja, en) in texts {
                    seen += 1;
                    assert!(english_words(&ja).is_empty(), "{}: {:?} in 「{ja}」", d.code(), english_words(&ja));
                    if english_words(&en).len() > 1 {
                        assert_ne!(ja, en, "{}: the Japanese text is the English one", d.code());
                    }
                }
            }
        }
    }
    assert!(seen >= 70, "only {seen} texts checked");
}
