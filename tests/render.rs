//! `hyoka render`: the rendered page holds every heading, sentence, figure
//! and rating of the source, in order; every table figure of the seed; the
//! review copy marks every finding; the page is self-contained and laid out
//! for A4; and, where Chromium and poppler are installed (CI), the printed
//! PDF holds the figures, on A4 pages, with no table row split.

use hyoka::analysis::{analyze, cross_check, Analysis};
use hyoka::checks::Diagnostic;
use hyoka::i18n::Lang;
use hyoka::render::{render, RenderOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SET: [&str; 3] = ["examples/mofa-I-2/evaluation.hyoka", "examples/mofa-I-2/plan.hyoka", "examples/mofa-I-2/budget-sheet.hyoka"];

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// The texts, analyses and every finding (cross-document ones included) of the real example.
fn real_set() -> Vec<(String, Analysis, Vec<Diagnostic>)> {
    let texts: Vec<String> = SET.iter().map(|p| read(p)).collect();
    let analyses: Vec<Analysis> = texts.iter().map(|t| analyze(t, &Default::default())).collect();
    let docs: Vec<(&str, &hyoka::model::Report)> = SET.iter().copied().zip(analyses.iter().map(|a| &a.report)).collect();
    let cross = cross_check(&docs, &Default::default());
    texts
        .into_iter()
        .zip(analyses)
        .enumerate()
        .map(|(i, (t, a))| {
            let mut d = a.diagnostics.clone();
            d.extend(cross.iter().filter(|(k, _)| k == SET[i]).map(|(_, d)| d.clone()));
            d.sort_by_key(|d| (d.span.start, d.span.end, d.check.code));
            (t, a, d)
        })
        .collect()
}

/// The page's text: tags become line breaks, entities are read back; the
/// style sheet and scripts are left out.
fn page_text(html: &str) -> String {
    let mut s = html.to_string();
    for (open, close) in [("<style", "</style>"), ("<script", "</script>")] {
        while let Some(i) = s.find(open) {
            let j = s[i..].find(close).map(|j| i + j + close.len()).unwrap_or(s.len());
            s.replace_range(i..j, "\n");
        }
    }
    // Inline marks (the review copy's) keep the text together; other tags break it.
    for inline in ["</mark>", "</span>"] {
        s = s.replace(inline, "");
    }
    let mut out = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                if !(tag.starts_with("mark") || tag.starts_with("span")) {
                    out.push('\n');
                }
            }
            _ if in_tag => tag.push(c),
            _ => out.push(c),
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// What a reader must find of each source line, in order: a heading's
/// words, an attribute's key and value, a row's cells, a prose line.
fn pieces(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_matches([' ', '\t', '\u{3000}']);
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        match t.chars().next().unwrap() {
            '#' | '＃' => out.extend(t.trim_start_matches(['#', '＃']).split_whitespace().map(|w| (n, w.to_string()))),
            '@' | '＠' => {
                let body = &t[t.chars().next().unwrap().len_utf8()..];
                match body.split_once([':', '：']) {
                    Some((k, v)) => {
                        out.push((n, k.trim().to_string()));
                        if !v.trim().is_empty() {
                            out.push((n, v.trim().to_string()));
                        }
                    }
                    None => out.push((n, body.trim().to_string())),
                }
            }
            '|' | '｜' => out.extend(t.split(['|', '｜']).map(str::trim).filter(|c| !c.is_empty()).map(|c| (n, c.to_string()))),
            _ => out.push((n, t.to_string())),
        }
    }
    out
}

fn assert_in_order(name: &str, text: &str, html: &str) {
    let page = page_text(html);
    let mut pos = 0;
    for (line, piece) in pieces(text) {
        match page[pos..].find(&piece) {
            Some(i) => pos += i + piece.len(),
            None => {
                let context: String = page[pos..].chars().take(200).collect();
                panic!("{name}: line {} 「{piece}」 is not rendered where expected; the page goes on with {context:?}", line + 1);
            }
        }
    }
}

#[test]
fn every_heading_sentence_figure_and_rating_is_rendered_in_order() {
    let mut docs: Vec<(String, String)> = SET.iter().map(|p| (p.to_string(), read(p))).collect();
    docs.push(("examples/tutorial.hyoka".into(), read("examples/tutorial.hyoka")));
    for (name, text) in &docs {
        let a = analyze(text, &Default::default());
        for lang in [Lang::Ja, Lang::En] {
            let html = render(text, &a.report, &a.diagnostics, &RenderOptions { lang, annotate: false, script: None });
            assert_in_order(name, text, &html);
        }
        // The review copy holds the same text (its marks and notes added).
        let html = render(text, &a.report, &a.diagnostics, &RenderOptions { lang: Lang::Ja, annotate: true, script: None });
        assert_in_order(name, text, &html);
    }
}

/// Digit runs (with separators) and their counts.
fn numbers(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if digit || (!cur.is_empty() && matches!(c, ',' | '.')) {
            cur.push(c);
        } else if !cur.is_empty() {
            *counts.entry(cur.trim_end_matches([',', '.']).to_string()).or_insert(0) += 1;
            cur.clear();
        }
    }
    counts
}

/// The seed's table figures missing from `text` (each counted as often as listed).
fn missing_seed_figures(text: &str) -> (usize, Vec<String>) {
    let list = read("tests/data/seed-table-numbers.txt");
    let mut available = numbers(text);
    let (mut total, mut missing) = (0, Vec::new());
    for line in list.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (seed_line, figures) = line.split_once('\t').unwrap();
        for n in figures.split_whitespace() {
            let n = n.trim_matches(['(', ')', '（', '）']);
            total += 1;
            match available.get_mut(n) {
                Some(c) if *c > 0 => *c -= 1,
                _ => missing.push(format!("{n} (seed line {seed_line})")),
            }
        }
    }
    (total, missing)
}

#[test]
fn every_table_figure_of_the_seed_is_rendered() {
    let pages: String = real_set()
        .iter()
        .map(|(t, a, d)| page_text(&render(t, &a.report, d, &RenderOptions { lang: Lang::Ja, annotate: false, script: None })))
        .collect();
    let (total, missing) = missing_seed_figures(&pages);
    assert!(total > 150, "{total}");
    assert!(missing.is_empty(), "figures of the seed missing from the rendered pages: {missing:?}");
}

#[test]
fn the_review_copy_marks_and_lists_every_finding() {
    for (text, a, diags) in real_set() {
        let html = render(&text, &a.report, &diags, &RenderOptions { lang: Lang::Ja, annotate: true, script: None });
        let n = diags.len();
        // One margin note and one list item per finding, numbered 1..=n.
        assert_eq!(html.matches("<p class=\"note ").count(), n, "notes");
        for i in 1..=n {
            assert!(html.contains(&format!("id=\"f{i}\"")), "note {i}");
            assert!(html.contains(&format!("value=\"{i}\"><a href=\"#f{i}\">")), "list item {i}");
        }
        assert!(html.contains(&format!("指摘事項（{n}件）")));
        // Each message, in Japanese, in the note and in the list.
        for d in &diags {
            let m = hyoka::render::message_html(&d.message.ja());
            assert!(html.matches(&m).count() >= 2, "{}: {m}", d.code());
        }
        // Every finding with a span is marked where it applies.
        let marked: std::collections::HashSet<usize> = html
            .match_indices("data-f=\"")
            .flat_map(|(i, _)| {
                let rest = &html[i + 8..];
                rest[..rest.find('"').unwrap()].split(' ').map(|x| x.parse::<usize>().unwrap()).collect::<Vec<_>>()
            })
            .collect();
        for (i, d) in diags.iter().enumerate() {
            let on_comment = text[..d.span.start].rsplit('\n').next().is_some_and(|l| l.trim_start().starts_with("//"));
            if !d.span.is_empty() && !on_comment {
                assert!(marked.contains(&(i + 1)), "finding {} ({}) is not marked: {:?}", i + 1, d.code(), &text[d.span.clone()]);
            }
        }
    }
    // The English review copy: English notes, the document itself unchanged.
    let (text, a, diags) = real_set().remove(0);
    assert_eq!(diags.len(), 29, "the evaluation's findings");
    let html = render(&text, &a.report, &diags, &RenderOptions { lang: Lang::En, annotate: true, script: None });
    assert!(html.contains(&format!("Findings ({})", diags.len())));
    assert!(html.contains("cited here as"));
}

#[test]
fn the_page_is_self_contained_escaped_and_laid_out_for_a4() {
    for (path, orientation) in [(SET[0], "portrait"), (SET[1], "landscape"), (SET[2], "landscape")] {
        let text = read(path);
        let a = analyze(&text, &Default::default());
        let html = render(&text, &a.report, &a.diagnostics, &RenderOptions::default());
        assert!(html.contains(&format!("size: A4 {orientation}")), "{path}");
        // Bordered tables whose rows never split, headers repeated on each page, page numbers.
        for rule in ["th, td { border: .6pt solid #000;", "tr { break-inside: avoid;", "thead { display: table-header-group; }", "content: counter(page) \" / \" counter(pages)"] {
            assert!(html.contains(rule), "{path}: no `{rule}`");
        }
        // Nothing is fetched from anywhere.
        for needle in ["<link", "<script", "<img", "@import", "url(", "src="] {
            assert!(!html.contains(needle), "{path}: `{needle}`");
        }
        // Every data-line names a line the author wrote (not a comment or a blank).
        let lines: Vec<&str> = text.lines().collect();
        for (i, _) in html.match_indices("data-line=\"") {
            let rest = &html[i + 11..];
            let n: usize = rest[..rest.find('"').unwrap()].parse().unwrap();
            let l = lines[n].trim();
            assert!(!l.is_empty() && !l.starts_with("//"), "{path}: data-line {n} is {l:?}");
        }
    }
    let text = "# 政策評価書 Ⅸ-1 <b>架空</b>\n@年度: 令和5年度\n## 施策目標\n<script>alert(1)</script> & \"引用\"\n| 区分 | <i>1</i> |\n";
    let a = analyze(text, &Default::default());
    let html = render(text, &a.report, &a.diagnostics, &RenderOptions::default());
    assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引用&quot;"));
}

#[test]
fn rendering_a_folder_writes_an_index_of_every_document() {
    let out = Path::new(ROOT).join("target/test-output/render-index");
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["render", "--lang", "ja", "-o"])
        .arg(&out)
        .arg("examples")
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["index.html", "tutorial.html", "mofa-I-2/evaluation.html", "mofa-I-2/plan.html", "mofa-I-2/budget-sheet.html"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    // The evaluation's row: 施策, year, link, and its counts (1 error, 23 warnings, 4 information).
    let row = index.lines().find(|l| l.contains("mofa-I-2/evaluation.html")).expect("a row for the evaluation");
    assert!(row.contains("<td>Ⅰ-2</td><td>令和5年度</td>"), "{row}");
    let (e, w, i) = counts(SET[0]);
    assert!(row.contains(&format!("<td class=\"num bad\">{e}</td><td class=\"num\">{w}</td><td class=\"num\">{i}</td>")), "{row}");
    // The real report, its corrected copy (three each) and the tutorial.
    assert!(index.contains("Hyoka：7件の文書"));
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(log.contains("index.html」を書き出しました"), "{log}");
}

fn counts(path: &str) -> (usize, usize, usize) {
    let set = real_set();
    let i = SET.iter().position(|p| *p == path).unwrap();
    use hyoka::checks::Severity::*;
    let d = &set[i].2;
    let n = |s: &[hyoka::checks::Severity]| d.iter().filter(|x| s.contains(&x.severity)).count();
    (n(&[Error]), n(&[Warning]), n(&[Information, Hint]))
}

fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("-v").output().is_ok()
}

/// Printed with headless Chromium: A4 pages with page numbers, every table
/// figure of the seed in the PDF's text, no table row split across pages.
/// Runs where Chromium and poppler-utils are installed; `.ci/test` sets
/// HYOKA_PDF_TESTS=1 so that their absence fails there. Page images go to
/// target/test-output/render-pdf/ (an artifact to look at).
#[test]
fn the_printed_pdf_holds_every_figure_on_a4_pages_with_no_row_split() {
    let required = std::env::var_os("HYOKA_PDF_TESTS").is_some();
    if hyoka_find_browser().is_none() || !have("pdftotext") {
        assert!(!required, "HYOKA_PDF_TESTS is set but Chromium or pdftotext is missing");
        eprintln!("skipped: no Chromium or no pdftotext");
        return;
    }
    let out = Path::new(ROOT).join("target/test-output/render-pdf");
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args(["render", "--pdf", "--lang", "ja", "-o"])
        .arg(&out)
        .arg("examples/mofa-I-2")
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let mut all = String::new();
    for (name, orientation) in [("evaluation", "portrait"), ("plan", "landscape"), ("budget-sheet", "landscape")] {
        let pdf = out.join(format!("{name}.pdf"));
        let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or("");
        let want = if orientation == "portrait" { "594.96 x 841.92 pts (A4)" } else { "841.92 x 594.96 pts (A4)" };
        assert!(size.contains(want), "{name}: {size}");
        let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
        let text = String::from_utf8(Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
        // The footer numbers every page: "n / N".
        for p in 1..=pages {
            assert!(text.contains(&format!("{p} / {pages}")), "{name}: no page number {p} / {pages}");
        }
        // No row split: some page holds every cell of each row (a cell's
        // figure whole, a longer text by its first characters, as it may wrap).
        let source = read(&format!("examples/mofa-I-2/{name}.hyoka"));
        let a = analyze(&source, &Default::default());
        let page_texts: Vec<&str> = text.split('\u{c}').collect();
        let mut rows = 0;
        for t in &a.report.tables {
            for row in t.rows.iter().skip(1) {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|c| c.text.trim())
                    .filter(|c| !c.is_empty())
                    .map(|c| if c.chars().any(|x| x.is_ascii_digit()) && c.chars().count() <= 12 { c.to_string() } else { c.chars().take(3).collect() })
                    .collect();
                if cells.len() < 2 {
                    continue;
                }
                rows += 1;
                let on_one_page = page_texts.iter().any(|p| cells.iter().all(|c| p.contains(c.as_str())));
                assert!(on_one_page, "{name}: no page holds the whole row {cells:?}");
            }
        }
        assert!(rows > 3, "{name}: {rows} rows checked");
        if have("pdftoppm") {
            let _ = Command::new("pdftoppm").args(["-png", "-r", "40", "-f", "1", "-l", "3"]).arg(&pdf).arg(out.join(format!("{name}-page"))).status();
        }
        all.push_str(&text);
    }
    let (_, missing) = missing_seed_figures(&all);
    assert!(missing.is_empty(), "figures of the seed missing from the PDFs: {missing:?}");
}

fn hyoka_find_browser() -> Option<PathBuf> {
    if let Some(b) = std::env::var_os("HYOKA_BROWSER") {
        return Some(b.into());
    }
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].iter().find(|b| have(b)).map(PathBuf::from)
}
