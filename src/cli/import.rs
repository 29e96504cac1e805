//! `hyoka import`: the published text of reports (a PDF, through
//! `pdftotext` from poppler-utils, or text extracted already) as Hyoka
//! files, one per document, in a folder. Never overwrites a file unless
//! asked to (`--force`).

use crate::i18n::{Lang, Msg};
use crate::import::{import_text, unique_names, Imported};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How `pdftotext` lays out the text of a PDF.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PdfMode {
    /// Each mode, keeping the one whose import reads the most structure.
    #[default]
    Auto,
    /// `pdftotext -raw`: the order of the PDF's content.
    Raw,
    /// `pdftotext`: reading order.
    Reading,
    /// `pdftotext -layout`: the physical layout, columns kept apart.
    Layout,
}

impl PdfMode {
    pub fn parse(s: &str) -> Option<PdfMode> {
        match s {
            "auto" => Some(PdfMode::Auto),
            "raw" => Some(PdfMode::Raw),
            "reading" => Some(PdfMode::Reading),
            "layout" => Some(PdfMode::Layout),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PdfMode::Auto => "auto",
            PdfMode::Raw => "raw",
            PdfMode::Reading => "reading",
            PdfMode::Layout => "layout",
        }
    }

    fn flag(self) -> Option<&'static str> {
        match self {
            PdfMode::Raw => Some("-raw"),
            PdfMode::Layout => Some("-layout"),
            PdfMode::Auto | PdfMode::Reading => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct ImportOptions {
    pub inputs: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub force: bool,
    pub lang: Option<Lang>,
    pub pdf_mode: PdfMode,
}

/// The text of a PDF as `pdftotext` extracts it in `mode` (UTF-8, page
/// breaks as form feeds).
pub fn pdf_text(path: &Path, mode: PdfMode, lang: Lang) -> Result<String, String> {
    let program = std::env::var_os("HYOKA_PDFTOTEXT").unwrap_or_else(|| "pdftotext".into());
    let mut cmd = Command::new(program);
    if let Some(flag) = mode.flag() {
        cmd.arg(flag);
    }
    cmd.args(["-enc", "UTF-8"]).arg(path).arg("-");
    let output = cmd.output().map_err(|e| Msg::CliImportNoPdftotext { error: e.to_string() }.text(lang))?;
    if !output.status.success() {
        let error = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(Msg::CliImportPdftotextFailed { path: path.display().to_string(), error }.text(lang));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// How much of the forms an import read: sections, indicators and their
/// ratings, means, attributes with a value, table rows of two cells or more;
/// less the guesses. Compares the modes of a PDF.
pub fn structure_read(docs: &[Imported]) -> i64 {
    let mut score = 0i64;
    for d in docs {
        let r = crate::analysis::analyze(&d.text, &Default::default()).report;
        score += r.sections.len() as i64 + 3 * r.indicators.len() as i64 + 3 * r.means.len() as i64;
        score += r.indicators.iter().map(|i| i.ratings.len() + i.years.len()).sum::<usize>() as i64;
        score += r.attributes.iter().filter(|a| a.value.is_some()).count() as i64;
        score += r.tables.iter().flat_map(|t| &t.rows).filter(|row| row.cells.iter().filter(|c| !c.text.is_empty()).count() >= 2).count() as i64;
        score += r.summary.len() as i64 + 2 * r.budgets.len() as i64;
        score -= 5 * d.guesses as i64;
    }
    score
}

fn is_pdf(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// The documents of one input, and the mode its PDF was read in.
fn import_one(path: &Path, mode: PdfMode, lang: Lang) -> Result<(Vec<Imported>, Option<PdfMode>), String> {
    if is_pdf(path) {
        if mode != PdfMode::Auto {
            let text = pdf_text(path, mode, lang)?;
            return Ok((import_text(&text), Some(mode)));
        }
        let mut best: Option<(i64, Vec<Imported>, PdfMode)> = None;
        for m in [PdfMode::Raw, PdfMode::Reading, PdfMode::Layout] {
            let text = pdf_text(path, m, lang)?;
            let docs = import_text(&text);
            let score = structure_read(&docs);
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, docs, m));
            }
        }
        let (_, docs, m) = best.expect("three modes were tried");
        return Ok((docs, Some(m)));
    }
    let (text, bad) = super::read_text(path).map_err(|e| Msg::CliCannotRead { path: path.display().to_string(), error: e.to_string() }.text(lang))?;
    if bad.is_some() {
        return Err(Msg::CliImportNotUtf8 { path: path.display().to_string() }.text(lang));
    }
    Ok((import_text(&text), None))
}

/// Imports every input into the output folder; returns the exit status
/// (0 written, 2 nothing written).
pub fn run_import(opts: &ImportOptions, log: &mut dyn std::io::Write) -> Result<i32, String> {
    let lang = opts.lang.unwrap_or_else(Lang::from_system);
    if opts.inputs.is_empty() {
        return Err(Msg::CliImportNoInput.text(lang));
    }
    let mut docs: Vec<Imported> = Vec::new();
    for input in &opts.inputs {
        let (found, mode) = import_one(input, opts.pdf_mode, lang)?;
        let found: Vec<Imported> = found.into_iter().filter(|d| d.text.lines().count() > 1).collect();
        if found.is_empty() {
            return Err(Msg::CliImportNothing { path: input.display().to_string() }.text(lang));
        }
        if let Some(m) = mode {
            let _ = writeln!(log, "{}", Msg::CliImportPdfMode { path: input.display().to_string(), mode: m.name() }.text(lang));
        }
        docs.extend(found);
    }
    unique_names(&mut docs);
    let dir = opts.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let paths: Vec<PathBuf> = docs.iter().map(|d| dir.join(&d.name)).collect();
    if !opts.force {
        let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
        if !existing.is_empty() {
            let list = existing.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
            return Err(Msg::CliImportExists { paths: list, count: existing.len() }.text(lang));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Msg::CliCannotWrite { path: dir.display().to_string(), error: e.to_string() }.text(lang))?;
    for (d, path) in docs.iter().zip(&paths) {
        std::fs::write(path, &d.text).map_err(|e| Msg::CliCannotWrite { path: path.display().to_string(), error: e.to_string() }.text(lang))?;
        let _ = writeln!(log, "{}", Msg::CliImportWrote { path: path.display().to_string(), kind: d.kind.name(), guesses: d.guesses }.text(lang));
    }
    Ok(0)
}
