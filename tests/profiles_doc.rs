//! docs/profiles.md is executable. Every ```` ```hyoka ```` block preceded
//! (within three lines) by `<!-- profile: NAME -->` is analysed under that
//! profile (`profile = "NAME"` and nothing else in hyoka.toml): it must parse
//! (no HY0404) and report no rating finding (HY02xx). A block marked
//! `<!-- profile: NAME, fails: HY0207 -->` shows a mistake: it must report
//! that code (several may be given, separated by spaces), and no rating code
//! it does not name. docs/profiles.ja.md has the same `hyoka` blocks, byte
//! for byte, with the same marks. The ```` ```console ```` block right after a
//! marked block shows what `hyoka check` says of it: its messages must be the
//! real ones, and "0 error(s), 0 warning(s), 0 info(s)" must be true.

use hyoka::analysis::analyze;
use hyoka::checks::registry;
use hyoka::config::{Config, Profile};

const DOC: &str = include_str!("../docs/profiles.md");
const DOC_JA: &str = include_str!("../docs/profiles.ja.md");

/// `<!-- profile: NAME -->` or `<!-- profile: NAME, fails: CODE… -->`.
#[derive(Clone, Debug, PartialEq)]
struct Mark {
    profile: String,
    fails: Vec<String>,
}

#[derive(Debug)]
struct Block {
    /// The line of the opening fence (1-based).
    line: usize,
    info: String,
    text: String,
    mark: Option<Mark>,
}

fn parse_mark(line: &str) -> Option<Result<Mark, String>> {
    let body = line.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let rest = body.strip_prefix("profile:")?;
    let mut parts = rest.split(',');
    let profile = parts.next().unwrap_or("").trim().to_string();
    let mut fails = Vec::new();
    for p in parts {
        match p.trim().strip_prefix("fails:") {
            Some(codes) => fails.extend(codes.split_whitespace().map(String::from)),
            None => return Some(Err(format!("`{}`: expected `fails: CODE`", p.trim()))),
        }
    }
    Some(Ok(Mark { profile, fails }))
}

/// The fenced blocks of a Markdown page, each with the mark before it.
fn blocks(name: &str, doc: &str) -> Vec<Block> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    let mut marks_used = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some(info) = line.strip_prefix("```") else {
            assert!(
                !line.trim_start().starts_with("```hyoka"),
                "{name}:{}: an indented ```hyoka block is not read by this test: write it unindented",
                i + 1
            );
            i += 1;
            continue;
        };
        let start = i;
        let mut text = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim_end() != "```" {
            text.push_str(lines[i]);
            text.push('\n');
            i += 1;
        }
        assert!(i < lines.len(), "{name}:{}: the fenced block is not closed", start + 1);
        i += 1;
        // The mark: within the three lines above the fence, nearest first,
        // not across another block.
        let mut mark = None;
        for back in 1..=3 {
            let Some(j) = start.checked_sub(back) else { break };
            if lines[j].starts_with("```") {
                break;
            }
            if let Some(m) = parse_mark(lines[j]) {
                let m = m.unwrap_or_else(|e| panic!("{name}:{}: {e}", j + 1));
                marks_used.push(j);
                mark = Some(m);
                break;
            }
        }
        if mark.is_some() {
            assert_eq!(info.trim(), "hyoka", "{name}:{}: a profile mark before a block that is not ```hyoka", start + 1);
        }
        out.push(Block { line: start + 1, info: info.trim().to_string(), text, mark });
    }
    // Every mark belongs to a block (a typo such as a blank line too many
    // would otherwise leave an example unchecked).
    for (j, l) in lines.iter().enumerate() {
        if parse_mark(l).is_some() {
            assert!(marks_used.contains(&j), "{name}:{}: this profile mark is not within three lines above a ```hyoka block", j + 1);
        }
    }
    out
}

fn config_of(profile: &str, at: &str) -> Config {
    assert!(
        Profile::ALL.iter().any(|(n, _)| *n == profile),
        "{at}: `{profile}` is not a profile ({})",
        Profile::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    );
    let c = Config::from_toml(&format!("profile = \"{profile}\"\n")).unwrap_or_else(|e| panic!("{at}: {}", e.message.en()));
    assert_eq!(c.profile.name(), profile);
    c
}

/// Each finding as `CODE line: message`, for the failure messages.
fn show(text: &str, found: &[&hyoka::checks::Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("  {} line {}: {}", d.code(), text[..d.span.start.min(text.len())].matches('\n').count() + 1, d.message.en()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn marked(doc: &str, name: &str) -> Vec<(Block, Mark)> {
    blocks(name, doc).into_iter().filter_map(|b| b.mark.clone().map(|m| (b, m))).collect()
}

#[test]
fn marked_examples_parse_and_report_no_rating_finding_under_their_profile() {
    let examples: Vec<(Block, Mark)> = marked(DOC, "docs/profiles.md").into_iter().filter(|(_, m)| m.fails.is_empty()).collect();
    assert!(!examples.is_empty(), "docs/profiles.md has no `<!-- profile: NAME -->` example");
    let mut failures = Vec::new();
    for (b, m) in &examples {
        let at = format!("docs/profiles.md:{} ({})", b.line, m.profile);
        let a = analyze(&b.text, &config_of(&m.profile, &at));
        let bad: Vec<_> = a.diagnostics.iter().filter(|d| d.code() == "HY0404" || d.code().starts_with("HY02")).collect();
        if !bad.is_empty() {
            failures.push(format!("{at}:\n{}", show(&b.text, &bad)));
        }
    }
    assert!(failures.is_empty(), "examples with syntax errors or rating findings:\n{}", failures.join("\n"));
}

#[test]
fn marked_mistakes_report_their_code() {
    let mistakes: Vec<(Block, Mark)> = marked(DOC, "docs/profiles.md").into_iter().filter(|(_, m)| !m.fails.is_empty()).collect();
    assert!(!mistakes.is_empty(), "docs/profiles.md has no `<!-- profile: NAME, fails: CODE -->` example");
    let mut failures = Vec::new();
    for (b, m) in &mistakes {
        let at = format!("docs/profiles.md:{} ({}, fails: {})", b.line, m.profile, m.fails.join(" "));
        for code in &m.fails {
            assert!(registry::by_code_or_name(code).is_some_and(|c| c.code == code), "{at}: `{code}` is not a check's code");
        }
        let a = analyze(&b.text, &config_of(&m.profile, &at));
        let codes: Vec<&str> = a.diagnostics.iter().map(|d| d.code()).collect();
        let missing: Vec<&String> = m.fails.iter().filter(|c| !codes.contains(&c.as_str())).collect();
        let unexpected: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| (d.code() == "HY0404" || d.code().starts_with("HY02")) && !m.fails.iter().any(|c| c == d.code()))
            .collect();
        if !missing.is_empty() || !unexpected.is_empty() {
            let all: Vec<_> = a.diagnostics.iter().collect();
            failures.push(format!(
                "{at}: missing {:?}, unexpected {:?}; found:\n{}",
                missing,
                unexpected.iter().map(|d| d.code()).collect::<Vec<_>>(),
                show(&b.text, &all)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_profile_has_an_example_and_a_mistake() {
    let all = marked(DOC, "docs/profiles.md");
    for (name, _) in Profile::ALL {
        assert!(all.iter().any(|(_, m)| m.profile == name && m.fails.is_empty()), "docs/profiles.md has no example marked `<!-- profile: {name} -->`");
        assert!(
            all.iter().any(|(_, m)| m.profile == name && !m.fails.is_empty()),
            "docs/profiles.md has no mistake marked `<!-- profile: {name}, fails: CODE -->`"
        );
    }
}

#[test]
fn the_japanese_page_has_the_same_examples() {
    let of = |name: &str, doc: &str| -> Vec<(Option<Mark>, String, usize)> {
        blocks(name, doc).into_iter().filter(|b| b.info == "hyoka").map(|b| (b.mark, b.text, b.line)).collect()
    };
    let en = of("docs/profiles.md", DOC);
    let ja = of("docs/profiles.ja.md", DOC_JA);
    assert_eq!(en.len(), ja.len(), "docs/profiles.md has {} ```hyoka blocks, docs/profiles.ja.md {}", en.len(), ja.len());
    for ((em, et, el), (jm, jt, jl)) in en.iter().zip(&ja) {
        assert_eq!(em, jm, "the marks of docs/profiles.md:{el} and docs/profiles.ja.md:{jl} differ");
        if et != jt {
            let first = et.lines().zip(jt.lines()).position(|(a, b)| a != b).unwrap_or(et.lines().count().min(jt.lines().count()));
            panic!(
                "docs/profiles.md:{el} and docs/profiles.ja.md:{jl} differ, first at the block's line {}:\n  en: {:?}\n  ja: {:?}",
                first + 1,
                et.lines().nth(first),
                jt.lines().nth(first)
            );
        }
    }
}

/// The hyoka.toml examples of both pages are valid configurations.
#[test]
fn the_toml_examples_parse() {
    for (name, doc) in [("docs/profiles.md", DOC), ("docs/profiles.ja.md", DOC_JA)] {
        let tomls: Vec<Block> = blocks(name, doc).into_iter().filter(|b| b.info == "toml").collect();
        assert!(!tomls.is_empty(), "{name} has no ```toml example");
        for b in tomls {
            Config::from_toml(&b.text).unwrap_or_else(|e| panic!("{name}:{}: {}", b.line, e.message.en()));
        }
    }
}

/// The checker's output shown after a marked block (the next fenced block,
/// when it is a `console` one) is what the checker says of it, in the page's
/// language: a clean summary for a block with no finding, and the message of
/// each finding of the code a mistake names.
#[test]
fn the_output_shown_is_the_checkers() {
    use hyoka::checks::Severity;
    for (name, doc, ja) in [("docs/profiles.md", DOC, false), ("docs/profiles.ja.md", DOC_JA, true)] {
        let all = blocks(name, doc);
        let mut shown = 0;
        for (k, b) in all.iter().enumerate() {
            let Some(m) = &b.mark else { continue };
            let Some(console) = all.get(k + 1).filter(|c| c.info == "console") else { continue };
            shown += 1;
            let at = format!("{name}:{}", console.line);
            let a = analyze(&b.text, &config_of(&m.profile, &at));
            let clean = if ja { "エラー 0件、警告 0件、情報 0件" } else { "0 error(s), 0 warning(s), 0 info(s)" };
            if console.text.contains(clean) {
                let reported: Vec<_> = a.diagnostics.iter().filter(|d| d.severity != Severity::Hint).collect();
                assert!(reported.is_empty(), "{at} shows no finding, but the checker reports:\n{}", show(&b.text, &reported));
            }
            for code in &m.fails {
                for d in a.diagnostics.iter().filter(|d| d.code() == code) {
                    let message = if ja { d.message.ja() } else { d.message.en() };
                    assert!(
                        console.text.contains(&format!("[{code}]: {message}\n")),
                        "{at} does not show the checker's message for {code}:\n  {message}"
                    );
                }
            }
        }
        assert!(shown > 0, "{name}: no ```console block follows a marked example");
    }
}
