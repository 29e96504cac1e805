//! `hyoka check`: the same analysis as the server, over files and folders.

use super::render;
use crate::analysis::{self, Analysis};
use crate::checks::{Diagnostic, Severity};
use crate::i18n::{Lang, Msg};
use crate::config::Config;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub config: Option<PathBuf>,
    /// `None`: colour when stdout is a terminal.
    pub color: Option<bool>,
    /// `None`: `language` in hyoka.toml, else the system's.
    pub lang: Option<Lang>,
}

/// One checked file: its display path, text and findings.
pub struct Checked {
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Every `*.hyoka` under `path` (itself if a file), sorted; symbolic links
/// to folders are not followed.
pub fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let ft = e.file_type()?;
        let p = e.path();
        if ft.is_dir() {
            let name = e.file_name();
            if name.to_string_lossy().starts_with('.') || name == "node_modules" || name == "target" {
                continue;
            }
            collect_files(&p, out)?;
        } else if (ft.is_file() || ft.is_symlink() && p.is_file()) && p.extension().is_some_and(|x| x == "hyoka") {
            out.push(p);
        }
    }
    Ok(())
}

fn find_config(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        let c = d.join("hyoka.toml");
        if c.is_file() {
            return Some(c);
        }
        dir = d.parent();
    }
    None
}

/// Reads a file as UTF-8; invalid bytes are replaced and reported.
pub fn read_text(path: &Path) -> std::io::Result<(String, Option<usize>)> {
    let bytes = std::fs::read(path)?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, None)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at)))
        }
    }
}

/// Runs the check; `Ok(true)` when an error-severity diagnostic was found.
/// The files of a run, analysed and cross-checked, with the run's
/// language and configuration.
pub struct Loaded {
    pub lang: Lang,
    pub checked: Vec<Checked>,
    pub analyses: Vec<Analysis>,
}

/// Reads the configuration and every file under `paths`, analyses and
/// cross-checks them. Errors come in the language of the run (`lang`, else
/// the system's until the configuration is read).
pub fn load(paths: &[PathBuf], config: Option<&PathBuf>, lang: Option<Lang>) -> Result<Loaded, String> {
    let mut run_lang = lang.unwrap_or_else(Lang::from_system);
    let cannot_read = |lang: Lang, p: &Path, e: std::io::Error| Msg::CliCannotRead { path: p.display().to_string(), error: e.to_string() }.text(lang);
    let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let config_path = config.cloned().or_else(|| find_config(&paths[0]));
    let config = match &config_path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| cannot_read(run_lang, p, e))?;
            Config::from_toml(&text)
                .map_err(|e| Msg::CliBadConfig { path: p.display().to_string(), error: e.message.text(run_lang) }.text(run_lang))?
        }
        None => Config::default(),
    };
    if lang.is_none() {
        run_lang = config.language.unwrap_or(run_lang);
    }
    let lang = run_lang;
    let mut files = Vec::new();
    for p in &paths {
        collect_files(p, &mut files).map_err(|e| cannot_read(lang, p, e))?;
    }
    files.dedup();
    let mut checked = Vec::new();
    let mut analyses: Vec<Analysis> = Vec::new();
    for f in &files {
        let (text, bad_utf8) = read_text(f).map_err(|e| cannot_read(lang, f, e))?;
        let mut a = analysis::analyze(&text, &config);
        // Nothing is edited here: what only editing needs goes.
        a.compact();
        let mut diagnostics = a.diagnostics.clone();
        if let Some(at) = bad_utf8 {
            diagnostics.insert(
                0,
                Diagnostic::new(crate::checks::registry::SYNTAX_ERROR, at..at, crate::i18n::Msg::NotUtf8),
            );
        }
        checked.push(Checked { path: f.to_string_lossy().into_owned(), text, diagnostics });
        analyses.push(a);
    }
    let docs: Vec<(&str, &crate::model::Report)> = checked.iter().zip(&analyses).map(|(c, a)| (c.path.as_str(), &a.report)).collect();
    let cross = analysis::cross_check(&docs, &config);
    for (key, d) in cross {
        if let Some(c) = checked.iter_mut().find(|c| c.path == key) {
            c.diagnostics.push(d);
        }
    }
    for c in &mut checked {
        c.diagnostics.sort_by(|a, b| (a.span.start, a.span.end, a.check.code).cmp(&(b.span.start, b.span.end, b.check.code)));
    }
    Ok(Loaded { lang, checked, analyses })
}

/// Runs the check; `Ok(true)` when an error-severity diagnostic was found.
pub fn run_check(opts: &CheckOptions, out: &mut dyn Write) -> Result<bool, String> {
    let Loaded { lang, checked, .. } = load(&opts.paths, opts.config.as_ref(), opts.lang)?;
    let has_errors = checked.iter().any(|c| c.diagnostics.iter().any(|d| d.severity == Severity::Error));
    let color = opts.color.unwrap_or_else(|| {
        use std::io::IsTerminal;
        opts.format == Format::Human && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
    });
    let rendered = match opts.format {
        Format::Human => render::human(&checked, color, lang),
        Format::Json => render::json(&checked, lang),
        Format::Sarif => render::sarif(&checked, lang),
    };
    out.write_all(rendered.as_bytes()).map_err(|e| e.to_string())?;
    Ok(has_errors)
}
