//! The command line: `hyoka check`, `render`, `import` and `lsp`.

mod check;
mod import;
mod publish;
mod render;

use crate::i18n::{Lang, Msg};

pub use check::{collect_files, read_text, run_check, CheckOptions, Format};


fn parse_format(s: &str) -> Result<Format, Msg> {
    match s {
        "human" => Ok(Format::Human),
        "json" => Ok(Format::Json),
        "sarif" => Ok(Format::Sarif),
        other => Err(Msg::CliUnknownFormat { format: other.to_string() }),
    }
}

fn parse_lang(s: &str) -> Result<Lang, Msg> {
    s.parse().map_err(|_| Msg::ConfigBadLanguage { value: s.to_string() })
}

/// The language of the command line before `check` reads its options and
/// configuration: `--lang` if given anywhere, else the system's.
fn early_lang(args: &[String]) -> Lang {
    let given = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang=") {
        Some(v) => Some(v.to_string()),
        None if a == "--lang" => args.get(i + 1).cloned(),
        None => None,
    });
    given.and_then(|v| v.parse().ok()).unwrap_or_else(Lang::from_system)
}

/// Runs the command line; returns the process exit code.
pub fn main(args: Vec<String>) -> i32 {
    let lang = early_lang(&args);
    let usage = Msg::CliUsage.text(lang);
    let mut it = args.into_iter().skip(1);
    match it.next().as_deref() {
        Some("check") => {
            let mut opts = CheckOptions::default();
            let rest: Vec<String> = it.collect();
            let mut i = 0;
            while i < rest.len() {
                let a = &rest[i];
                let value = |i: &mut usize| -> Result<String, Msg> {
                    *i += 1;
                    rest.get(*i).cloned().ok_or_else(|| Msg::CliNeedsValue { option: a.clone() })
                };
                let r = match a.as_str() {
                    "--format" | "-f" => value(&mut i).and_then(|v| parse_format(&v)).map(|f| opts.format = f),
                    "--config" => value(&mut i).map(|v| opts.config = Some(v.into())),
                    "--color" => value(&mut i).map(|v| opts.color = Some(v == "always")),
                    s if s.starts_with("--format=") => parse_format(&s[9..]).map(|f| opts.format = f),
                    "--lang" => value(&mut i).and_then(|v| parse_lang(&v)).map(|l| opts.lang = Some(l)),
                    s if s.starts_with("--lang=") => parse_lang(&s[7..]).map(|l| opts.lang = Some(l)),
                    "-h" | "--help" => {
                        print!("{usage}");
                        return 0;
                    }
                    s if s.starts_with('-') && s.len() > 1 => Err(Msg::CliUnknownOption { option: s.to_string() }),
                    _ => {
                        opts.paths.push(a.into());
                        Ok(())
                    }
                };
                if let Err(e) = r {
                    eprintln!("hyoka: {}", e.text(lang));
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
        Some("render") => {
            let mut opts = publish::PublishOptions::default();
            let rest: Vec<String> = it.collect();
            let mut i = 0;
            while i < rest.len() {
                let a = &rest[i];
                let value = |i: &mut usize| -> Result<String, Msg> {
                    *i += 1;
                    rest.get(*i).cloned().ok_or_else(|| Msg::CliNeedsValue { option: a.clone() })
                };
                let r = match a.as_str() {
                    "-o" | "--out" => value(&mut i).map(|v| opts.out = Some(v.into())),
                    "--config" => value(&mut i).map(|v| opts.config = Some(v.into())),
                    "--annotate" => Ok(opts.annotate = true),
                    "--pdf" => Ok(opts.pdf = true),
                    "--lang" => value(&mut i).and_then(|v| parse_lang(&v)).map(|l| opts.lang = Some(l)),
                    s if s.starts_with("--lang=") => parse_lang(&s[7..]).map(|l| opts.lang = Some(l)),
                    "-h" | "--help" => {
                        print!("{usage}");
                        return 0;
                    }
                    s if s.starts_with('-') && s.len() > 1 => Err(Msg::CliUnknownOption { option: s.to_string() }),
                    _ => {
                        opts.paths.push(a.into());
                        Ok(())
                    }
                };
                if let Err(e) = r {
                    eprintln!("hyoka: {}", e.text(lang));
                    return 2;
                }
                i += 1;
            }
            match publish::run_render(&opts, &mut std::io::stderr().lock()) {
                Ok(code) => code,
                Err(e) => {
                    eprintln!("hyoka: {e}");
                    2
                }
            }
        }
        Some("import") => {
            let mut opts = import::ImportOptions::default();
            let rest: Vec<String> = it.collect();
            let mut i = 0;
            while i < rest.len() {
                let a = &rest[i];
                let value = |i: &mut usize| -> Result<String, Msg> {
                    *i += 1;
                    rest.get(*i).cloned().ok_or_else(|| Msg::CliNeedsValue { option: a.clone() })
                };
                let mode = |v: &str| import::PdfMode::parse(v).ok_or_else(|| Msg::CliImportBadMode { mode: v.to_string() });
                let format = |v: &str| import::ImportFormat::parse(v).ok_or_else(|| Msg::CliImportBadFormat { format: v.to_string() });
                let r = match a.as_str() {
                    "-o" | "--out" => value(&mut i).map(|v| opts.out = Some(v.into())),
                    "--force" => {
                        opts.force = true;
                        Ok(())
                    }
                    "--check" => {
                        opts.check = true;
                        Ok(())
                    }
                    "--format" | "-f" => value(&mut i).and_then(|v| format(&v)).map(|f| opts.format = f),
                    s if s.starts_with("--format=") => format(&s[9..]).map(|f| opts.format = f),
                    "--pdf-mode" => value(&mut i).and_then(|v| mode(&v)).map(|m| opts.pdf_mode = m),
                    s if s.starts_with("--pdf-mode=") => mode(&s[11..]).map(|m| opts.pdf_mode = m),
                    "--lang" => value(&mut i).and_then(|v| parse_lang(&v)).map(|l| opts.lang = Some(l)),
                    s if s.starts_with("--lang=") => parse_lang(&s[7..]).map(|l| opts.lang = Some(l)),
                    "-h" | "--help" => {
                        print!("{usage}");
                        return 0;
                    }
                    s if s.starts_with('-') && s.len() > 1 => Err(Msg::CliUnknownOption { option: s.to_string() }),
                    _ => {
                        opts.inputs.push(a.into());
                        Ok(())
                    }
                };
                if let Err(e) = r {
                    eprintln!("hyoka: {}", e.text(lang));
                    return 2;
                }
                i += 1;
            }
            opts.lang = opts.lang.or(Some(lang));
            import::run_import(&opts, &mut std::io::stdout().lock(), &mut std::io::stderr().lock())
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
            print!("{usage}");
            0
        }
        Some(other) => {
            eprintln!("hyoka: {}\n\n{usage}", Msg::CliUnknownCommand { command: other.to_string() }.text(lang));
            2
        }
        None => {
            eprint!("{usage}");
            2
        }
    }
}
