//! `hyoka render`: each document as a self-contained HTML page in the layout
//! of its form (and a PDF through a Chromium-family browser found on the
//! machine); a folder gets an index page of every 施策 and year with its
//! counts of findings.

use super::check::{load, Checked, Loaded};
use crate::checks::Severity;
use crate::i18n::{Lang, Msg};
use crate::model::Report;
use crate::render::{escape, render, title, RenderOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct PublishOptions {
    pub paths: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub annotate: bool,
    pub pdf: bool,
}

/// The folder the outputs mirror: the folder given, or the file's folder.
fn base_of(paths: &[PathBuf]) -> PathBuf {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    if first.is_dir() {
        first
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// Where a document's page goes: its path below the base, under `out`,
/// with `.html`.
fn page_path(out: &Path, base: &Path, file: &Path) -> PathBuf {
    let rel = file.strip_prefix(base).map(Path::to_path_buf).unwrap_or_else(|_| PathBuf::from(file.file_name().unwrap_or_default()));
    out.join(rel).with_extension("html")
}

/// Renders; returns the exit status (0 done, 2 a PDF could not be made).
pub fn run_render(opts: &PublishOptions, log: &mut dyn std::io::Write) -> Result<i32, String> {
    let Loaded { lang, checked, analyses, .. } = load(&opts.paths, opts.config.as_ref(), opts.lang)?;
    let out = opts.out.clone().unwrap_or_else(|| PathBuf::from("hyoka-render"));
    let base = base_of(&opts.paths);
    let write = |path: &Path, content: &str| -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Msg::CliCannotRead { path: dir.display().to_string(), error: e.to_string() }.text(lang))?;
        }
        std::fs::write(path, content).map_err(|e| Msg::CliCannotRead { path: path.display().to_string(), error: e.to_string() }.text(lang))
    };
    let render_opts = RenderOptions { lang, annotate: opts.annotate, script: None };
    let mut pages = Vec::new();
    for (c, a) in checked.iter().zip(&analyses) {
        let html = render(&c.text, &a.report, &c.diagnostics, &render_opts);
        let path = page_path(&out, &base, Path::new(&c.path));
        write(&path, &html)?;
        let _ = writeln!(log, "{}", Msg::CliRenderWrote { path: path.display().to_string() }.text(lang));
        pages.push(path);
    }
    if checked.len() > 1 {
        let path = out.join("index.html");
        write(&path, &index(&checked, &analyses, &pages, &out, lang))?;
        let _ = writeln!(log, "{}", Msg::CliRenderWrote { path: path.display().to_string() }.text(lang));
    }
    if !opts.pdf {
        return Ok(0);
    }
    let Some(browser) = find_browser() else {
        let _ = writeln!(log, "hyoka: {}", Msg::CliNoBrowser.text(lang));
        return Ok(2);
    };
    for page in &pages {
        let pdf = page.with_extension("pdf");
        match print_pdf(&browser, page, &pdf) {
            Ok(()) => {
                let _ = writeln!(log, "{}", Msg::CliRenderWrote { path: pdf.display().to_string() }.text(lang));
            }
            Err(e) => {
                let _ = writeln!(log, "hyoka: {}", Msg::CliPdfFailed { error: e }.text(lang));
                return Ok(2);
            }
        }
    }
    Ok(0)
}

/// The index page: every document by 施策, year and kind, with its counts.
fn index(checked: &[Checked], analyses: &[crate::analysis::Analysis], pages: &[PathBuf], out: &Path, lang: Lang) -> String {
    let kind_rank = |r: &Report| r.kind.map(|k| k as usize).unwrap_or(9);
    let mut rows: Vec<usize> = (0..checked.len()).collect();
    rows.sort_by_key(|&i| {
        let r = &analyses[i].report;
        (r.measure_id().map(str::to_string), r.year.as_ref().map(|y| y.0), kind_rank(r), checked[i].path.clone())
    });
    let t = |m: Msg| escape(&m.text(lang));
    let mut body = String::new();
    let mut totals = [0usize; 3];
    for i in rows {
        let r = &analyses[i].report;
        let count = |s: &[Severity]| checked[i].diagnostics.iter().filter(|d| s.contains(&d.severity)).count();
        let n = [count(&[Severity::Error]), count(&[Severity::Warning]), count(&[Severity::Information, Severity::Hint])];
        for k in 0..3 {
            totals[k] += n[k];
        }
        let href = pages[i].strip_prefix(out).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'?').add(b'<').add(b'>');
        let href = percent_encoding::utf8_percent_encode(&href, SET).to_string();
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td><a href=\"{href}\">{}</a></td><td class=\"file\">{}</td><td class=\"num{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(r.measure_id().unwrap_or("")),
            escape(&r.year.as_ref().map(|y| crate::normalize::year_label(y.0)).unwrap_or_default()),
            escape(&title(r)),
            escape(&checked[i].path),
            if n[0] > 0 { " bad" } else { "" },
            n[0],
            n[1],
            n[2]
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\nbody {{ font-family: \"Noto Sans CJK JP\", \"Yu Gothic\", \"Meiryo\", sans-serif; margin: 2em; }}\ntable {{ border-collapse: collapse; }}\nth, td {{ border: 1px solid #888; padding: .3em .6em; text-align: left; white-space: nowrap; }}\nth {{ background: #eee; }}\ntd.num {{ text-align: right; }}\ntd.bad {{ color: #c00000; font-weight: bold; }}\ntd.file {{ color: #555; font-size: .9em; }}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n{body}</tbody>\n<tfoot><tr><td colspan=\"4\"></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tfoot>\n</table>\n</body>\n</html>\n",
        t(Msg::RenderColumnMeasure),
        t(Msg::RenderColumnYear),
        t(Msg::RenderColumnDocument),
        t(Msg::RenderColumnFile),
        t(Msg::CliSeverity(Severity::Error)),
        t(Msg::CliSeverity(Severity::Warning)),
        t(Msg::CliSeverity(Severity::Information)),
        totals[0],
        totals[1],
        totals[2],
        title = t(Msg::RenderIndexTitle { files: checked.len() }),
    )
}

/// A Chromium-family browser: `HYOKA_BROWSER`, else one on `PATH`, else one
/// where Windows and macOS install them.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(b) = std::env::var_os("HYOKA_BROWSER").filter(|b| !b.is_empty()) {
        return Some(PathBuf::from(b));
    }
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable", "msedge", "chrome"];
    let exe = if cfg!(windows) { ".exe" } else { "" };
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        for n in names {
            let p = dir.join(format!("{n}{exe}"));
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let mut known: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        for var in ["ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"] {
            if let Some(root) = std::env::var_os(var) {
                let root = PathBuf::from(root);
                known.push(root.join(r"Microsoft\Edge\Application\msedge.exe"));
                known.push(root.join(r"Google\Chrome\Application\chrome.exe"));
            }
        }
    } else if cfg!(target_os = "macos") {
        for app in ["Google Chrome.app/Contents/MacOS/Google Chrome", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge", "Chromium.app/Contents/MacOS/Chromium"] {
            known.push(Path::new("/Applications").join(app));
        }
    }
    known.into_iter().find(|p| p.is_file())
}

/// Prints `html` to `pdf` with the browser, headless, in a profile of its
/// own; gives up after two minutes.
pub fn print_pdf(browser: &Path, html: &Path, pdf: &Path) -> Result<(), String> {
    let html = std::fs::canonicalize(html).map_err(|e| e.to_string())?;
    let pdf_abs = std::env::current_dir().map_err(|e| e.to_string())?.join(pdf);
    let profile = std::env::temp_dir().join(format!("hyoka-print-{}-{}", std::process::id(), Instant::now().elapsed().as_nanos()));
    let url = crate::lsp::uri::of_path(&html).map(|u| u.to_string()).ok_or_else(|| format!("{} has no file URL", html.display()))?;
    let mut cmd = Command::new(browser);
    cmd.args(["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf_abs.display()))
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    #[cfg(unix)]
    if unsafe { libc::geteuid() } == 0 {
        // Chromium refuses to run as root with its sandbox (containers, CI).
        cmd.arg("--no-sandbox");
    }
    let _ = std::fs::remove_file(&pdf_abs);
    let mut child = cmd.spawn().map_err(|e| format!("{}: {e}", browser.display()))?;
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(s) => break s,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = std::fs::remove_dir_all(&profile);
                return Err(format!("{} did not finish within two minutes", browser.display()));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut err);
    }
    let _ = std::fs::remove_dir_all(&profile);
    if !status.success() || !pdf_abs.is_file() {
        let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        return Err(format!("{} exited with {status}: {last}", browser.display()));
    }
    Ok(())
}
