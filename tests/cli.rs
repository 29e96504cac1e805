//! `hyoka check` end to end: snapshots of the human and JSON output on the
//! bundled examples, SARIF shape, exit statuses.
//! Regenerate the snapshots with `UPDATE_SNAPSHOTS=1 cargo test --test cli`.

use std::process::Command;

/// Runs `hyoka` with no locale in its environment (English, whatever the
/// machine's), plus `env`.
fn hyoka_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for k in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(k);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn hyoka(args: &[&str]) -> (i32, String, String) {
    hyoka_env(args, &[])
}

fn snapshot(name: &str, actual: &str) {
    let path = format!("{}/tests/snapshots/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the snapshot at line {}:\n  expected: {:?}\n  actual:   {:?}\n(UPDATE_SNAPSHOTS=1 to accept)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn human_output_on_the_real_report() {
    let (code, out, _) = hyoka(&["check", "--color", "never", "examples/mofa-I-2"]);
    assert_eq!(code, 1, "the report has an error (HY0104)");
    snapshot("check-mofa.txt", &out);
    assert!(out.contains("error[HY0104]: 参考指標: series ③ is not defined"));
    assert!(out.ends_with("3 file(s) checked: 1 error(s), 36 warning(s), 17 info(s)\n"), "{}", out.lines().last().unwrap());
}

#[test]
fn json_output_on_the_real_report() {
    let (code, out, _) = hyoka(&["check", "--format", "json", "examples/mofa-I-2"]);
    assert_eq!(code, 1);
    snapshot("check-mofa.json", &out);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v[0];
    for key in ["path", "range", "severity", "code", "message"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn sarif_output_has_rules_and_results() {
    let (_, out, _) = hyoka(&["check", "--format", "sarif", "examples/mofa-I-2"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().iter().any(|r| r["id"] == "HY0301"));
    let r = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "HY0104").unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 1080);
}

#[test]
fn exit_statuses() {
    let (code, _, err) = hyoka(&["check", "no/such/path"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("hyoka: cannot read no/such/path"), "{err}");
    let dir = std::env::temp_dir().join(format!("hyoka-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("ok.hyoka"), "// nothing but a comment\n").unwrap();
    let d = dir.to_str().unwrap();
    let (code, out, _) = hyoka(&["check", "--color", "never", d]);
    assert_eq!(code, 0, "{out}");
    std::fs::write(dir.join("hyoka.toml"), "[checks]\nno-such-check = \"off\"\n").unwrap();
    let (code, _, err) = hyoka(&["check", d]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown check `no-such-check`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
    let (code, _, err) = hyoka(&["check", "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format"));
}

#[test]
fn japanese_output_on_the_real_report() {
    let (code, out, _) = hyoka(&["check", "--color", "never", "--lang", "ja", "examples/mofa-I-2"]);
    assert_eq!(code, 1);
    snapshot("check-mofa.ja.txt", &out);
    assert!(out.contains("エラー[HY0104]: 参考指標：系列③は定義されていません（`@系列` の定義は ①一般の部 ②有識者の部）"), "{out}");
    assert!(out.contains("    = 修正案: 目標年度を仮に令和5年度（この文書の年度）とする。確認してください"), "{out}");
    assert!(out.ends_with("3ファイルを確認しました：エラー 1件、警告 36件、情報 17件\n"), "{}", out.lines().last().unwrap());
    // The JSON carries the same messages.
    let (_, json, _) = hyoka(&["check", "--format", "json", "--lang=ja", "examples/mofa-I-2"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hy0106: Vec<&str> = v.as_array().unwrap().iter().filter(|d| d["code"] == "HY0106").map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(hy0106.len(), 10);
    assert!(hy0106.iter().all(|m| m.contains("達成手段") && m.contains("と引用されています")), "{hy0106:?}");
}

#[test]
fn the_language_follows_the_flag_then_hyoka_toml_then_the_locale() {
    let last = |out: &str| out.lines().last().unwrap_or("").to_string();
    let ja_summary = "3ファイルを確認しました：エラー 1件、警告 36件、情報 17件";
    let en_summary = "3 file(s) checked: 1 error(s), 36 warning(s), 17 info(s)";
    let args = ["check", "--color", "never", "examples/mofa-I-2"];
    // The locale: LC_ALL, then LC_MESSAGES, then LANG; English otherwise.
    for (env, want) in [
        (vec![("LANG", "ja_JP.UTF-8")], ja_summary),
        (vec![("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")], ja_summary),
        (vec![("LC_ALL", "C.UTF-8"), ("LANG", "ja_JP.UTF-8")], en_summary),
        (vec![("LANG", "de_DE.UTF-8")], en_summary),
        (vec![], en_summary),
    ] {
        let (_, out, _) = hyoka_env(&args, &env);
        assert_eq!(last(&out), want, "{env:?}");
    }
    // --lang wins over the locale.
    let (_, out, _) = hyoka_env(&["check", "--color", "never", "--lang", "en", "examples/mofa-I-2"], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(last(&out), en_summary);
    // hyoka.toml's `language` wins over the locale, --lang over hyoka.toml.
    let dir = std::env::temp_dir().join(format!("hyoka-cli-lang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["evaluation.hyoka", "plan.hyoka", "budget-sheet.hyoka"] {
        std::fs::copy(format!("{}/examples/mofa-I-2/{f}", env!("CARGO_MANIFEST_DIR")), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join("hyoka.toml"), "language = \"ja\"\n").unwrap();
    let d = dir.to_str().unwrap();
    let (_, out, _) = hyoka_env(&["check", "--color", "never", d], &[("LANG", "en_US.UTF-8")]);
    assert_eq!(last(&out), ja_summary);
    let (_, out, _) = hyoka(&["check", "--color", "never", "--lang", "en", d]);
    assert_eq!(last(&out), en_summary);
    // A language that is not one is refused, in the language of the run.
    std::fs::write(dir.join("hyoka.toml"), "language = \"fr\"\n").unwrap();
    let (code, _, err) = hyoka_env(&["check", d], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(code, 2);
    assert!(err.contains("`language`：`fr` は指定できる言語ではありません"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
    let (code, _, err) = hyoka(&["check", "--lang", "fr"]);
    assert_eq!(code, 2);
    assert!(err.contains("`fr` is not a language"), "{err}");
    // Errors of the command line come in the language of the locale too.
    let (code, _, err) = hyoka_env(&["check", "no/such/path"], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(code, 2);
    assert!(err.starts_with("hyoka: 「no/such/path」を読めません："), "{err}");
    let (_, out, _) = hyoka_env(&["--help"], &[("LANG", "ja_JP.UTF-8")]);
    assert!(out.contains("使い方："), "{out}");
}

/// The message both READMEs quote for the tutorial's edit (令和2年度's 合計
/// from 110 to 111) is the one `hyoka check` gives.
#[test]
fn the_readmes_quote_the_real_message() {
    let tutorial = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/tutorial.hyoka")).unwrap();
    let edited = tutorial.replacen("| 合計(a＋b＋c) | 110 |", "| 合計(a＋b＋c) | 111 |", 1);
    assert_ne!(edited, tutorial, "the tutorial's 合計 row changed: update the READMEs");
    let a = hyoka::analysis::analyze(&edited, &Default::default());
    let d = a.diagnostics.iter().find(|d| d.code() == "HY0301").expect("HY0301 after the edit");
    for (readme, lang) in [("README.md", hyoka::i18n::Lang::En), ("README.ja.md", hyoka::i18n::Lang::Ja)] {
        let text = std::fs::read_to_string(format!("{}/{readme}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let quoted = format!("`{}`", d.message.text(lang));
        assert!(text.replace('\n', " ").contains(&quoted), "{readme} does not quote {quoted}");
    }
}

/// A fresh folder for a test's output, under target/ (never in the tree).
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mofa-I-2-north-america-r5.txt");

/// The guesses a reader finds in an imported file: its `// hyoka-import: 推測` lines.
fn marks(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| l.starts_with("// hyoka-import: 推測")).count()
}

/// What `hyoka check --format json` finds under `path`: errors, warnings,
/// and infos (hints counted with them, as the summary line does).
fn check_counts(path: &str) -> [usize; 3] {
    let (_, out, err) = hyoka(&["check", "--format", "json", path]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let mut n = [0; 3];
    for d in v.as_array().unwrap() {
        n[match d["severity"].as_str().unwrap() {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        }] += 1;
    }
    n
}

/// `hyoka import --format json`: what the editors read — the files written,
/// their kind and guesses; an error with its code and the files concerned.
#[test]
fn import_json_says_what_was_written() {
    let dir = scratch("import-json");
    let out = dir.join("北米 地域");
    let o = out.to_str().unwrap();
    let (code, stdout, stderr) = hyoka(&["import", SEED, "-o", o, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "", "nothing but the JSON: {stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let written: Vec<(String, String, String, u64)> = v["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            assert_eq!(w["input"], SEED);
            (w["path"].as_str().unwrap().to_string(), w["kind"].as_str().unwrap().to_string(), w["kind_name"].as_str().unwrap().to_string(), w["guesses"].as_u64().unwrap())
        })
        .collect();
    let want = |name: &str| out.join(name).to_str().unwrap().to_string();
    let guesses = |name: &str| marks(&out.join(name)) as u64;
    assert_eq!(
        written,
        vec![
            (want("budget-sheet.hyoka"), "budget-sheet".into(), "政策評価調書".into(), guesses("budget-sheet.hyoka")),
            (want("evaluation.hyoka"), "evaluation".into(), "政策評価書".into(), guesses("evaluation.hyoka")),
            (want("plan.hyoka"), "plan".into(), "事前分析表".into(), guesses("plan.hyoka")),
        ]
    );
    assert!(guesses("budget-sheet.hyoka") > 0, "the 調書 has guesses (the seed's 予算科目)");
    for (path, kind, kind_name, _) in &written {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.starts_with(&format!("# {kind_name} Ⅰ-2 北米地域外交\n")), "{path}: {}", text.lines().next().unwrap_or(""));
        assert!(path.ends_with(&format!("/{kind}.hyoka")), "{path}");
    }
    assert_eq!(v["error"], serde_json::Value::Null);
    assert!(v.get("inputs").is_none() && v.get("summary").is_none(), "{v}");

    // Again: the files exist. Nothing written, the error says which, in the language asked for.
    let before = std::fs::metadata(want("plan.hyoka")).unwrap().modified().unwrap();
    let (code, stdout, stderr) = hyoka(&["import", SEED, "-o", o, "--format=json", "--lang", "ja"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["written"], serde_json::json!([]));
    assert_eq!(v["error"]["code"], "exists");
    assert_eq!(v["error"]["paths"], serde_json::json!([want("budget-sheet.hyoka"), want("evaluation.hyoka"), want("plan.hyoka")]));
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("既にあるファイルが3件あるため、何も書き出しませんでした"), "{message}");
    assert_eq!(stderr, format!("hyoka: {message}\n"));
    assert_eq!(std::fs::metadata(want("plan.hyoka")).unwrap().modified().unwrap(), before);
    // --force overwrites.
    let (code, stdout, _) = hyoka(&["import", SEED, "-o", o, "--format", "json", "--force"]);
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&stdout).unwrap()["written"].as_array().unwrap().len(), 3);

    // An input that cannot be read: the code, and nothing written.
    let (code, stdout, _) = hyoka(&["import", "no/such.txt", "-o", o, "--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((v["error"]["code"].as_str(), v["written"].as_array().map(Vec::len)), (Some("cannot-read"), Some(0)));
    assert!(v["error"]["message"].as_str().unwrap().starts_with("cannot read no/such.txt"), "{v}");
    // A text with no text (a scanned PDF's): nothing to import.
    let blank = dir.join("blank.txt");
    std::fs::write(&blank, "\u{c}\n\u{c}\n").unwrap();
    let (code, stdout, _) = hyoka(&["import", blank.to_str().unwrap(), "-o", dir.join("blank").to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((v["error"]["code"].as_str(), v["written"].as_array().map(Vec::len)), (Some("nothing"), Some(0)), "{v}");
    assert!(!dir.join("blank").exists());
    // A format import does not have.
    let (code, stdout, stderr) = hyoka(&["import", SEED, "--format", "sarif"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, "hyoka: unknown format `sarif` for import (human, json)\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `hyoka import --check`: a folder of reports, each into a folder of its
/// own, checked; one line per report, the total as `hyoka check` gives it,
/// its exit status (2 while a report could not be imported).
#[test]
fn import_check_sums_up_a_folder_of_reports() {
    let dir = scratch("import-check");
    let reports = dir.join("公表資料");
    std::fs::create_dir_all(reports.join("令和5年度")).unwrap();
    std::fs::create_dir_all(reports.join(".cache")).unwrap();
    std::fs::copy(SEED, reports.join("令和5年度/外務省 Ⅰ-2.txt")).unwrap();
    std::fs::copy(SEED, reports.join(".cache/hidden.txt")).unwrap();
    std::fs::write(reports.join("README.md"), "not a report\n").unwrap();
    // Shift_JIS, as some extractors give it: 政策 in Shift_JIS.
    std::fs::write(reports.join("sjis.txt"), b"\x90\xad\x8d\xf4\n").unwrap();
    // What pdftotext gives for a scanned print: page breaks.
    std::fs::write(reports.join("blank.txt"), "\u{c}\n\u{c}").unwrap();
    let out = dir.join("out");
    let (r, o) = (reports.to_str().unwrap(), out.to_str().unwrap());
    let (code, stdout, stderr) = hyoka(&["import", "--check", r, "-o", o]);
    assert_eq!(code, 2, "a report was not imported: {stdout}{stderr}");
    assert!(stderr.contains(&format!("wrote {o}/令和5年度/外務省 Ⅰ-2/evaluation.hyoka (政策評価書)")), "{stderr}");
    let mut written = Vec::new();
    hyoka::cli::collect_files(&out, &mut written).unwrap();
    let names: Vec<String> = written.iter().map(|p| p.strip_prefix(&out).unwrap().display().to_string()).collect();
    assert_eq!(names, ["令和5年度/外務省 Ⅰ-2/budget-sheet.hyoka", "令和5年度/外務省 Ⅰ-2/evaluation.hyoka", "令和5年度/外務省 Ⅰ-2/plan.hyoka"]);
    // The lines say what `hyoka check` finds in the folder, and the guesses marked in the files.
    let [errors, warnings, infos] = check_counts(o);
    assert!(errors > 0 && warnings > 0 && infos > 0, "the seed has findings of each kind: {errors} {warnings} {infos}");
    let guesses: usize = written.iter().map(|p| marks(p)).sum();
    assert!(guesses > 0);
    let report_line = format!(
        "{r}/令和5年度/外務省 Ⅰ-2.txt → {o}/令和5年度/外務省 Ⅰ-2: 3 document(s); {errors} error(s), {warnings} warning(s), {infos} info(s); {guesses} guess(es) to verify"
    );
    let blank_line = format!("{r}/blank.txt: not imported: {r}/blank.txt holds no text to import (a scanned PDF has none: it needs OCR first)");
    let failed_line = format!("{r}/sjis.txt: not imported: {r}/sjis.txt is not UTF-8 text: convert it first (e.g. iconv -f SHIFT_JIS -t UTF-8) or give the PDF");
    let summary = format!("3 file(s) checked: {errors} error(s), {warnings} warning(s), {infos} info(s)");
    assert_eq!(stdout, format!("{blank_line}\n{failed_line}\n{report_line}\n{summary}\n"));
    // The total is what `hyoka check` says of the folder.
    let (code, check, _) = hyoka(&["check", "--color", "never", o]);
    assert_eq!(code, 1);
    assert_eq!(check.lines().last(), Some(summary.as_str()));

    // Without the reports that could not be imported, again: the files exist, nothing is written …
    std::fs::remove_file(reports.join("sjis.txt")).unwrap();
    std::fs::remove_file(reports.join("blank.txt")).unwrap();
    let (code, stdout, stderr) = hyoka(&["import", "--check", r, "-o", o]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("hyoka: files already exist: nothing was written"), "{stderr}");
    // … unless --force: exit status 1, an error was found, as `hyoka check`.
    let (code, stdout, _) = hyoka(&["import", "--check", "--force", r, "-o", o]);
    assert_eq!(code, 1);
    assert_eq!(stdout, format!("{report_line}\n{summary}\n"));
    // In Japanese.
    let (code, stdout, _) = hyoka_env(&["import", "--check", "--force", r, "-o", o], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!(
            "「{r}/令和5年度/外務省 Ⅰ-2.txt」→「{o}/令和5年度/外務省 Ⅰ-2」：文書 3件、エラー {errors}件、警告 {warnings}件、情報 {infos}件、推測による復元 {guesses}か所\n\
             3ファイルを確認しました：エラー {errors}件、警告 {warnings}件、情報 {infos}件\n"
        )
    );
    // As JSON: per input and in total.
    let (code, stdout, _) = hyoka(&["import", "--check", "--force", "--format", "json", r, "-o", o]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let input = &v["inputs"][0];
    assert_eq!(v["inputs"].as_array().unwrap().len(), 1);
    assert_eq!(input["out"], format!("{o}/令和5年度/外務省 Ⅰ-2"));
    for (key, n) in [("documents", 3), ("errors", errors), ("warnings", warnings), ("infos", infos), ("guesses", guesses)] {
        assert_eq!(input[key], n, "{key}: {input}");
    }
    assert_eq!(input["error"], serde_json::Value::Null);
    assert_eq!(v["summary"], serde_json::json!({"files": 3, "errors": errors, "warnings": warnings, "infos": infos}));
    assert_eq!(v["written"].as_array().unwrap().len(), 3);

    // A folder without reports.
    let empty = dir.join("空");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = hyoka(&["import", "--check", empty.to_str().unwrap(), "-o", o]);
    assert_eq!(code, 2);
    assert_eq!(stderr, format!("hyoka: no .pdf or .txt file in {}\n", empty.display()));
    std::fs::remove_dir_all(&dir).unwrap();
}
