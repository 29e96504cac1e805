//! `hyoka check` end to end: snapshots of the human and JSON output on the
//! bundled examples, SARIF shape, exit statuses.
//! Regenerate the snapshots with `UPDATE_SNAPSHOTS=1 cargo test --test cli`.

use std::process::Command;

fn hyoka(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hyoka")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
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
