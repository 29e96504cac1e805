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
    assert!(out.ends_with("3 file(s) checked: 1 error(s), 37 warning(s), 13 info(s)\n"), "{}", out.lines().last().unwrap());
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
    assert!(out.ends_with("3ファイルを確認しました：エラー 1件、警告 37件、情報 13件\n"), "{}", out.lines().last().unwrap());
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
    let ja_summary = "3ファイルを確認しました：エラー 1件、警告 37件、情報 13件";
    let en_summary = "3 file(s) checked: 1 error(s), 37 warning(s), 13 info(s)";
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
