//! The command line: `hyoka check` and `hyoka lsp`.

mod check;
mod render;

pub use check::{collect_files, read_text, run_check, CheckOptions, Format};

const USAGE: &str = "\
hyoka — checks Japanese policy-evaluation reports written in the Hyoka markup

USAGE:
    hyoka check [--format human|json|sarif] [--config FILE] [PATH...]
    hyoka lsp
    hyoka --version

check   Checks the *.hyoka files in PATHs (files or folders, recursively;
        default: the current folder), cross-document checks included.
        Exit status: 0 no errors, 1 errors found, 2 could not run.
lsp     Runs the language server over stdio.
";

fn parse_format(s: &str) -> Result<Format, String> {
    match s {
        "human" => Ok(Format::Human),
        "json" => Ok(Format::Json),
        "sarif" => Ok(Format::Sarif),
        other => Err(format!("unknown format `{other}` (human, json, sarif)")),
    }
}

/// Runs the command line; returns the process exit code.
pub fn main(args: Vec<String>) -> i32 {
    let mut it = args.into_iter().skip(1);
    match it.next().as_deref() {
        Some("check") => {
            let mut opts = CheckOptions::default();
            let rest: Vec<String> = it.collect();
            let mut i = 0;
            while i < rest.len() {
                let a = &rest[i];
                let value = |i: &mut usize| -> Result<String, String> {
                    *i += 1;
                    rest.get(*i).cloned().ok_or_else(|| format!("{a} needs a value"))
                };
                let r = match a.as_str() {
                    "--format" | "-f" => value(&mut i).and_then(|v| parse_format(&v)).map(|f| opts.format = f),
                    "--config" => value(&mut i).map(|v| opts.config = Some(v.into())),
                    "--color" => value(&mut i).map(|v| opts.color = Some(v == "always")),
                    s if s.starts_with("--format=") => parse_format(&s[9..]).map(|f| opts.format = f),
                    "-h" | "--help" => {
                        print!("{USAGE}");
                        return 0;
                    }
                    s if s.starts_with('-') && s.len() > 1 => Err(format!("unknown option `{s}`")),
                    _ => {
                        opts.paths.push(a.into());
                        Ok(())
                    }
                };
                if let Err(e) = r {
                    eprintln!("hyoka: {e}");
                    return 2;
                }
                i += 1;
            }
            match run_check(&opts, &mut std::io::stdout().lock()) {
                Ok(has_errors) => i32::from(has_errors),
                Err(e) => {
                    eprintln!("hyoka: {e}");
                    2
                }
            }
        }
        Some("lsp") => {
            crate::lsp::run_stdio();
            0
        }
        Some("--version") | Some("-V") => {
            println!("hyoka {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some("-h") | Some("--help") | Some("help") => {
            print!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("hyoka: unknown command `{other}`\n\n{USAGE}");
            2
        }
        None => {
            eprint!("{USAGE}");
            2
        }
    }
}
