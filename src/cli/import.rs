//! `hyoka import`: the published text of reports (a PDF, through
//! `pdftotext` from poppler-utils, or text extracted already) as Hyoka
//! files, one per document, in a folder. Never overwrites a file unless
//! asked to (`--force`). With `--check`, or a folder of reports as input,
//! each input gets a folder of its own, and `--check` then checks what was
//! written and sums it up per input. `--format json` says what was written
//! (and what went wrong) in one JSON object, for the editors.

use crate::checks::Severity;
use crate::i18n::{Lang, Msg};
use crate::import::{import_text, unique_names, Imported};
use crate::model::DocKind;
use serde_json::json;
use std::io::Write;
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

/// What `hyoka import` prints: messages for people, or one JSON object
/// (`--format json`) for editors and scripts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportFormat {
    #[default]
    Human,
    Json,
}

impl ImportFormat {
    pub fn parse(s: &str) -> Option<ImportFormat> {
        match s {
            "human" => Some(ImportFormat::Human),
            "json" => Some(ImportFormat::Json),
            _ => None,
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
    pub format: ImportFormat,
    /// Each input into a folder of its own, then checked, one summary line
    /// per input (also what a folder among the inputs implies, less the check).
    pub check: bool,
}

/// Why an input, or the whole run, was not imported: a stable code for
/// `--format json` (`exists`, `no-pdftotext`, …), the message in the run's
/// language, and the files concerned (those that exist, for `exists`).
#[derive(Debug)]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
    pub paths: Vec<String>,
}

impl Failure {
    fn new(code: &'static str, msg: Msg, lang: Lang) -> Failure {
        Failure { code, message: msg.text(lang), paths: Vec::new() }
    }

    fn json(&self) -> serde_json::Value {
        json!({"code": self.code, "message": self.message, "paths": self.paths})
    }
}

/// The text of a PDF as `pdftotext` extracts it in `mode` (UTF-8, page
/// breaks as form feeds).
pub fn pdf_text(path: &Path, mode: PdfMode, lang: Lang) -> Result<String, Failure> {
    let program = std::env::var_os("HYOKA_PDFTOTEXT").unwrap_or_else(|| "pdftotext".into());
    let mut cmd = Command::new(program);
    if let Some(flag) = mode.flag() {
        cmd.arg(flag);
    }
    cmd.args(["-enc", "UTF-8"]).arg(path).arg("-");
    let output = cmd.output().map_err(|e| Failure::new("no-pdftotext", Msg::CliImportNoPdftotext { error: e.to_string() }, lang))?;
    if !output.status.success() {
        let error = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(Failure::new("pdftotext-failed", Msg::CliImportPdftotextFailed { path: path.display().to_string(), error }, lang));
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

/// What a folder among the inputs contributes: its PDFs and text files.
fn is_report(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("txt"))
}

/// Whether an imported document holds anything of its input: a line
/// besides its heading, blank lines and comments (the import's own).
fn has_text(doc: &Imported) -> bool {
    doc.text.lines().skip(1).any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with("//")
    })
}

/// The documents of one input (those that hold some of its text), and the
/// mode its PDF was read in. An input without text (a scanned PDF: only
/// page breaks) is refused.
fn import_one(path: &Path, mode: PdfMode, lang: Lang) -> Result<(Vec<Imported>, Option<PdfMode>), Failure> {
    let (docs, mode) = if is_pdf(path) {
        if mode != PdfMode::Auto {
            let text = pdf_text(path, mode, lang)?;
            (import_text(&text), Some(mode))
        } else {
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
            (docs, Some(m))
        }
    } else {
        let (text, bad) = super::read_text(path)
            .map_err(|e| Failure::new("cannot-read", Msg::CliCannotRead { path: path.display().to_string(), error: e.to_string() }, lang))?;
        if bad.is_some() {
            return Err(Failure::new("not-utf8", Msg::CliImportNotUtf8 { path: path.display().to_string() }, lang));
        }
        (import_text(&text), None)
    };
    let docs: Vec<Imported> = docs.into_iter().filter(has_text).collect();
    if docs.is_empty() {
        return Err(Failure::new("nothing", Msg::CliImportNothing { path: path.display().to_string() }, lang));
    }
    Ok((docs, mode))
}

/// The stable name of a kind of document in `--format json`, as in the
/// file names.
fn kind_id(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Evaluation => "evaluation",
        DocKind::Plan => "plan",
        DocKind::BudgetSheet => "budget-sheet",
    }
}

/// One input and the folder its documents go to; once imported, the
/// documents (with their paths) or why there are none.
struct Job {
    input: PathBuf,
    dir: PathBuf,
    mode: Option<PdfMode>,
    docs: Vec<(Imported, PathBuf)>,
    /// How many of `docs` were written (the first ones).
    wrote: usize,
    failure: Option<Failure>,
}

impl Job {
    fn new(input: PathBuf, dir: PathBuf) -> Job {
        Job { input, dir, mode: None, docs: Vec::new(), wrote: 0, failure: None }
    }

    fn written(&self) -> &[(Imported, PathBuf)] {
        &self.docs[..self.wrote]
    }

    fn guesses(&self) -> usize {
        self.docs.iter().map(|(d, _)| d.guesses).sum()
    }
}

/// The inputs as jobs. Without `--check` and folders, every input goes to
/// the output folder itself. Otherwise each file goes to a folder of its
/// own, named after it (`OUT/<name without extension>/`), a file found in
/// a folder among the inputs keeping its place below that folder
/// (`reports/2023/a.pdf` → `OUT/2023/a/`); a name taken twice gets `-2`, ….
fn plan_jobs(opts: &ImportOptions, out: &Path, lang: Lang) -> Result<(Vec<Job>, bool), Failure> {
    let bulk = opts.check || opts.inputs.iter().any(|p| p.is_dir());
    if !bulk {
        return Ok((opts.inputs.iter().map(|p| Job::new(p.clone(), out.to_path_buf())).collect(), false));
    }
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new(); // (input, its folder relative to OUT)
    for input in &opts.inputs {
        if input.is_dir() {
            let mut files = Vec::new();
            find_reports(input, &mut files)
                .map_err(|e| Failure::new("cannot-read", Msg::CliCannotRead { path: input.display().to_string(), error: e.to_string() }, lang))?;
            if files.is_empty() {
                return Err(Failure::new("no-input", Msg::CliImportNoReports { path: input.display().to_string() }, lang));
            }
            for f in files {
                let rel = f.strip_prefix(input).unwrap_or(&f).with_extension("");
                found.push((f, rel));
            }
        } else {
            let stem = input.file_stem().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("report"));
            found.push((input.clone(), stem));
        }
    }
    let mut taken: Vec<PathBuf> = Vec::new();
    let mut jobs = Vec::new();
    for (input, rel) in found {
        let mut dir = rel.clone();
        let mut n = 1;
        while taken.contains(&dir) {
            n += 1;
            let mut name = rel.file_name().unwrap_or_default().to_os_string();
            name.push(format!("-{n}"));
            dir = rel.with_file_name(name);
        }
        taken.push(dir.clone());
        jobs.push(Job::new(input, out.join(dir)));
    }
    Ok((jobs, true))
}

/// Every `.pdf` and `.txt` under `dir`, sorted by name; hidden files and
/// folders are skipped, symbolic links to folders not followed.
fn find_reports(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = e.file_type()?;
        let p = e.path();
        if ft.is_dir() {
            find_reports(&p, out)?;
        } else if (ft.is_file() || ft.is_symlink() && p.is_file()) && is_report(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Imports every input into the output folder (see [`plan_jobs`]), then,
/// with `--check`, checks what was written as `hyoka check` does and says
/// per input how many documents, findings and guesses it gave. Results on
/// `out` (the summary, or the JSON object), messages on `log`. Returns the
/// exit status: 2 when nothing was written or an input was not imported;
/// else, with `--check`, 1 when an error was found; else 0.
pub fn run_import(opts: &ImportOptions, out: &mut dyn Write, log: &mut dyn Write) -> i32 {
    let lang = opts.lang.unwrap_or_else(Lang::from_system);
    let json_out = opts.format == ImportFormat::Json;
    let dir = opts.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut jobs: Vec<Job> = Vec::new();
    let mut bulk = false;
    let mut quiet = std::io::sink();
    let progress: &mut dyn Write = if json_out { &mut quiet } else { log };
    let result = import_all(opts, &dir, lang, &mut jobs, &mut bulk, progress);
    let mut status = 0;
    if let Err(f) = &result {
        let _ = writeln!(log, "hyoka: {}", f.message);
        status = 2;
    }
    for job in &jobs {
        if let Some(f) = &job.failure {
            if result.is_ok() && !opts.check && !json_out {
                let _ = writeln!(log, "hyoka: {}", Msg::CliImportReportFailed { input: job.input.display().to_string(), error: f.message.clone() }.text(lang));
            }
            status = 2;
        }
    }
    // The check of what was written.
    let mut counts: Vec<[usize; 3]> = vec![[0; 3]; jobs.len()];
    let mut summary = None;
    if opts.check && result.is_ok() {
        let written: Vec<PathBuf> = jobs.iter().flat_map(|j| j.written().iter().map(|(_, p)| p.clone())).collect();
        if !written.is_empty() {
            match super::check::load(&written, None, Some(lang)) {
                Ok(loaded) => {
                    let mut total = [0usize; 3];
                    for c in &loaded.checked {
                        let mut n = [0usize; 3];
                        for d in &c.diagnostics {
                            n[match d.severity {
                                Severity::Error => 0,
                                Severity::Warning => 1,
                                Severity::Information | Severity::Hint => 2,
                            }] += 1;
                        }
                        if let Some(i) = jobs.iter().position(|j| j.written().iter().any(|(_, p)| p.to_string_lossy() == c.path)) {
                            (0..3).for_each(|k| counts[i][k] += n[k]);
                        }
                        (0..3).for_each(|k| total[k] += n[k]);
                    }
                    if total[0] > 0 && status == 0 {
                        status = 1;
                    }
                    summary = Some((loaded.checked.len(), total));
                }
                Err(e) => {
                    let _ = writeln!(log, "hyoka: {e}");
                    status = 2;
                }
            }
        }
    }
    if json_out {
        let written: Vec<_> = jobs
            .iter()
            .flat_map(|j| {
                j.written().iter().map(move |(d, p)| {
                    json!({"input": j.input.display().to_string(), "path": p.display().to_string(), "kind": kind_id(d.kind), "kind_name": d.kind.name(), "guesses": d.guesses})
                })
            })
            .collect();
        let mut v = json!({ "written": written });
        if bulk {
            let inputs: Vec<_> = jobs
                .iter()
                .zip(&counts)
                .map(|(j, n)| {
                    let mut e = json!({
                        "input": j.input.display().to_string(),
                        "out": j.dir.display().to_string(),
                        "pdf_mode": j.mode.map(|m| m.name()),
                        "documents": j.docs.len(),
                        "guesses": j.guesses(),
                        "error": j.failure.as_ref().map(Failure::json),
                    });
                    if opts.check {
                        e["errors"] = json!(n[0]);
                        e["warnings"] = json!(n[1]);
                        e["infos"] = json!(n[2]);
                    }
                    e
                })
                .collect();
            v["inputs"] = json!(inputs);
        }
        if let Some((files, t)) = summary {
            v["summary"] = json!({"files": files, "errors": t[0], "warnings": t[1], "infos": t[2]});
        }
        v["error"] = result.as_ref().err().map(Failure::json).unwrap_or(serde_json::Value::Null);
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else if opts.check && result.is_ok() {
        for (j, n) in jobs.iter().zip(&counts) {
            let input = j.input.display().to_string();
            let line = match &j.failure {
                Some(f) => Msg::CliImportReportFailed { input, error: f.message.clone() },
                None => Msg::CliImportReport {
                    input,
                    out: j.dir.display().to_string(),
                    documents: j.docs.len(),
                    errors: n[0],
                    warnings: n[1],
                    infos: n[2],
                    guesses: j.guesses(),
                },
            };
            let _ = writeln!(out, "{}", line.text(lang));
        }
        if let Some((files, t)) = summary {
            let _ = writeln!(out, "{}", Msg::CliSummary { files, errors: t[0], warnings: t[1], infos: t[2] }.text(lang));
        }
    }
    status
}

/// Imports the inputs (`jobs` as planned, with what each gave) and writes
/// them, all or nothing: a file that exists (without `--force`) or a
/// missing `pdftotext` stops the run before anything is written. In a run
/// of one folder per input, an input that cannot be imported is noted in
/// its job and the others go on; otherwise it stops the run.
fn import_all(opts: &ImportOptions, dir: &Path, lang: Lang, jobs: &mut Vec<Job>, bulk: &mut bool, log: &mut dyn Write) -> Result<(), Failure> {
    if opts.inputs.is_empty() {
        return Err(Failure::new("no-input", Msg::CliImportNoInput, lang));
    }
    let (planned, is_bulk) = plan_jobs(opts, dir, lang)?;
    *jobs = planned;
    *bulk = is_bulk;
    for job in jobs.iter_mut() {
        match import_one(&job.input, opts.pdf_mode, lang) {
            Ok((docs, mode)) => {
                if let Some(m) = mode {
                    let _ = writeln!(log, "{}", Msg::CliImportPdfMode { path: job.input.display().to_string(), mode: m.name() }.text(lang));
                }
                job.mode = mode;
                job.docs = docs.into_iter().map(|d| (d, PathBuf::new())).collect();
            }
            Err(f) if is_bulk && f.code != "no-pdftotext" => job.failure = Some(f),
            Err(f) => return Err(f),
        }
    }
    // File names, unique within each folder: per input, or over all the
    // inputs when they share the folder.
    let groups: Vec<Vec<usize>> = if is_bulk { (0..jobs.len()).map(|i| vec![i]).collect() } else { vec![(0..jobs.len()).collect()] };
    for group in groups {
        let mut docs: Vec<Imported> = Vec::new();
        let mut sizes = Vec::new();
        for &i in &group {
            sizes.push(jobs[i].docs.len());
            docs.extend(std::mem::take(&mut jobs[i].docs).into_iter().map(|(d, _)| d));
        }
        unique_names(&mut docs);
        let mut it = docs.into_iter();
        for (&i, n) in group.iter().zip(sizes) {
            let folder = jobs[i].dir.clone();
            jobs[i].docs = it.by_ref().take(n).map(|d| {
                let path = folder.join(&d.name);
                (d, path)
            }).collect();
        }
    }
    if !opts.force {
        let existing: Vec<String> = jobs.iter().flat_map(|j| &j.docs).filter(|(_, p)| p.exists()).map(|(_, p)| p.display().to_string()).collect();
        if !existing.is_empty() {
            let mut f = Failure::new("exists", Msg::CliImportExists { paths: existing.join(", "), count: existing.len() }, lang);
            f.paths = existing;
            return Err(f);
        }
    }
    for job in jobs.iter_mut() {
        if job.docs.is_empty() {
            continue;
        }
        std::fs::create_dir_all(&job.dir).map_err(|e| {
            let mut f = Failure::new("cannot-write", Msg::CliCannotWrite { path: job.dir.display().to_string(), error: e.to_string() }, lang);
            f.paths = vec![job.dir.display().to_string()];
            f
        })?;
        for (d, path) in &job.docs {
            std::fs::write(path, &d.text).map_err(|e| {
                let mut f = Failure::new("cannot-write", Msg::CliCannotWrite { path: path.display().to_string(), error: e.to_string() }, lang);
                f.paths = vec![path.display().to_string()];
                f
            })?;
            job.wrote += 1;
            let _ = writeln!(log, "{}", Msg::CliImportWrote { path: path.display().to_string(), kind: d.kind.name(), guesses: d.guesses }.text(lang));
        }
    }
    Ok(())
}
