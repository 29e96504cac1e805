//! The Windows build, run under Wine (`.ci/windows.sh` sets it up): an LSP
//! session as VS Code on Windows holds it — a workspace on drive C: in a
//! Japanese-named folder, URIs spelt `file:///c%3A/…` with lower-case
//! percent-encoding, Windows paths — gives the diagnostics of the Linux
//! build; `hyoka check --format json` gives the same JSON (paths aside).
//!
//! Runs when HYOKA_WINDOWS_EXE names the `.exe` and WINEPREFIX a prepared
//! prefix; otherwise it says it was skipped.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Wine {
    exe: PathBuf,
    wine: String,
    prefix: PathBuf,
}

fn wine() -> Option<Wine> {
    let exe = std::env::var_os("HYOKA_WINDOWS_EXE").map(PathBuf::from)?;
    let prefix = std::env::var_os("WINEPREFIX").map(PathBuf::from)?;
    let wine = std::env::var("HYOKA_WINE").unwrap_or_else(|_| "wine64".into());
    Some(Wine { exe, wine, prefix })
}

impl Wine {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.wine);
        c.arg(&self.exe).args(args).env("WINEPREFIX", &self.prefix).env("WINEDEBUG", "-all");
        // Wine converts the arguments from the Unix locale: UTF-8, English.
        for k in ["LC_MESSAGES", "LANG"] {
            c.env_remove(k);
        }
        c.env("LC_ALL", "C.UTF-8");
        c
    }

    /// The example copied to `C:\令和5年度 政策評価\施策Ⅰ-2 北米地域外交\`: (its
    /// Unix path, its Windows path).
    fn workspace(&self) -> (PathBuf, String) {
        let dir = self.prefix.join("drive_c/令和5年度 政策評価/施策Ⅰ-2 北米地域外交");
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["evaluation.hyoka", "plan.hyoka", "budget-sheet.hyoka"] {
            std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mofa-I-2").join(f), dir.join(f)).unwrap();
        }
        (dir, r"C:\令和5年度 政策評価\施策Ⅰ-2 北米地域外交".to_string())
    }
}

/// `file:///c%3A/…` as VS Code spells a Windows path: drive letter in lower
/// case, `:` encoded, every other byte outside the unreserved set encoded in
/// lower-case hex (as Neovim does; VS Code uses upper case, already tested).
fn vscode_uri(windows_path: &str) -> String {
    let p = windows_path.replace('\\', "/");
    let (drive, rest) = p.split_at(1);
    let mut out = format!("file:///{}%3a", drive.to_lowercase());
    for b in rest[1..].bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02x}"));
        }
    }
    out
}

#[test]
fn check_json_is_the_linux_json() {
    let Some(w) = wine() else {
        eprintln!("skipped: HYOKA_WINDOWS_EXE and WINEPREFIX are not set (see .ci/windows.sh)");
        return;
    };
    let (_, win_dir) = w.workspace();
    let out = w.command(&["check", "--format", "json", &win_dir]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let windows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let linux = Command::new(env!("CARGO_BIN_EXE_hyoka")).args(["check", "--format", "json", "--lang", "en", "examples/mofa-I-2"]).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    let linux: Vec<Value> = serde_json::from_slice(&linux.stdout).unwrap();
    let strip = |v: &[Value]| -> Vec<Value> {
        v.iter()
            .map(|d| {
                let mut d = d.clone();
                let p = d["path"].as_str().unwrap().replace('\\', "/");
                d["path"] = json!(p.rsplit('/').next().unwrap());
                d
            })
            .collect()
    };
    assert_eq!(windows.len(), 54);
    assert_eq!(strip(&windows), strip(&linux));
    // The paths are Windows paths.
    assert!(windows[0]["path"].as_str().unwrap().starts_with(r"C:\令和5年度 政策評価\"), "{}", windows[0]["path"]);
}

#[test]
fn an_lsp_session_with_windows_uris() {
    let Some(w) = wine() else {
        eprintln!("skipped: HYOKA_WINDOWS_EXE and WINEPREFIX are not set (see .ci/windows.sh)");
        return;
    };
    let (dir, win_dir) = w.workspace();
    let root = vscode_uri(&win_dir);
    let eval = vscode_uri(&format!(r"{win_dir}\evaluation.hyoka"));
    assert!(eval.starts_with("file:///c%3a/%e4%bb%a4"), "{eval}");
    let mut c = Client::start_command(w.command(&["lsp"]));
    c.request("initialize", json!({"processId": null, "rootUri": root, "workspaceFolders": [{"uri": root, "name": "施策Ⅰ-2"}], "capabilities": {}, "locale": "ja"}));
    c.notify("initialized", json!({}));
    let text = std::fs::read_to_string(dir.join("evaluation.hyoka")).unwrap();
    c.open(&eval, &text, 1);
    // The plan is read from C:\… on disk and the open buffer is the same
    // file whatever the spelling: 29 diagnostics, the 10 HY0106 among them,
    // under the URI as the client spelt it, in Japanese.
    let diags = loop {
        let m = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == eval.as_str());
        let d = m["params"]["diagnostics"].as_array().unwrap().clone();
        if codes(&d).iter().filter(|c| *c == "HY0106").count() == 10 {
            break d;
        }
    };
    assert_eq!(diags.len(), 29);
    let hy0106 = diags.iter().find(|d| d["code"] == "HY0106").unwrap();
    assert!(hy0106["message"].as_str().unwrap().contains("と引用されています"), "{hy0106}");
    // Go to definition lands in the plan (not open: the server's spelling, `file:///C:/…`).
    let line = text.lines().position(|l| l.contains("（達成手段①）")).unwrap();
    let col = text.lines().nth(line).unwrap().split("（達成手段①）").next().unwrap().encode_utf16().count() + 2;
    let r = c.request("textDocument/definition", json!({"textDocument": {"uri": eval}, "position": {"line": line, "character": col}}));
    let target = serde_json::to_string(&r["result"]).unwrap().to_lowercase();
    assert!(target.contains("/plan.hyoka") && (target.contains("file:///c:/%e4%bb%a4") || target.contains("file:///c%3a/%e4%bb%a4")), "{target}");
    // An edit: the diagnostics of version 2.
    c.change(&eval, 2, json!([{"range": {"start": {"line": 28, "character": 14}, "end": {"line": 28, "character": 17}}, "text": "653"}]));
    let d = c.diagnostics(&eval, Some(2));
    assert!(codes(&d).iter().any(|c| c == "HY0301"));
    c.shutdown();
}
