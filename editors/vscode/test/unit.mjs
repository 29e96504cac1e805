// Checks that need no editor:
//  - the TextMate grammar gives each line kind of docs/format.md its scope
//    (tokenized with vscode-textmate, the tokenizer VS Code uses);
//  - every snippet, expanded with its defaults, is a valid Hyoka fragment:
//    `hyoka check` finds no error in it ($HYOKA, default target/debug/hyoka);
//  - section folding nests like the outline;
//  - the server executable is looked up in hyoka.server.path, else in bin/
//    of the extension's folder (the platform .vsix), else on PATH, else
//    where `cargo install` puts it (src/server.ts), and the message when it
//    is missing says where it looked and what to set; a bundled executable
//    without its x bit gets it;
//  - the platform packages (scripts/package-target.mjs): the executable's
//    format and CPU are checked against the target, vsce gets the flags of
//    the `package` script, bin/ is packed and git-ignored.
//  - localisation: every `%key%` of package.json is in package.nls.json and
//    package.nls.ja.json, every `vscode.l10n.t("…")` / `t("…")` of src/ is in
//    l10n/bundle.l10n.ja.json; the Japanese is there, not English, keeps the
//    placeholders and `code`, and the .vsix takes the files along;
//  - the import (src/importer.ts): the default folder, the language and
//    arguments of `hyoka import`, its JSON read, and a run of the real
//    binary on the seed's text (written, exists, --force, no pdftotext);
//  - the preview's page (src/previewPage.ts): the page `hyoka render` makes,
//    with a CSP, only our script (by its nonce) and nothing else changed; its
//    commands in the title bar and the palette of hyoka files.
//
//   node test/unit.mjs
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import { englishWords, hasJapanese } from "./japanese.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.resolve(here, "..");
const repo = path.resolve(ext, "../..");
const hyoka = path.resolve(repo, process.env.HYOKA ?? "target/debug/hyoka");

let failures = 0;
async function test(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n${e.stack ?? e}`);
  }
}

// ------------------------------------------------------------------ grammar
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");
await oniguruma.loadWASM(fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (s) => new oniguruma.OnigScanner(s),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async () =>
    vsctm.parseRawGrammar(fs.readFileSync(path.join(ext, "syntaxes/hyoka.tmLanguage.json"), "utf8"), "hyoka.tmLanguage.json"),
});
const grammar = await registry.loadGrammar("text.hyoka");

/** Tokenizes `text`; returns the tokens of each line as [text, scopes joined by space]. */
function tokenize(text) {
  let state = vsctm.INITIAL;
  return text.split("\n").map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.join(" ")]);
  });
}
function scopeOf(lines, lineNo, fragment) {
  const tok = lines[lineNo].find(([t]) => t.includes(fragment));
  assert.ok(tok, `no token containing ${JSON.stringify(fragment)} on line ${lineNo}: ${JSON.stringify(lines[lineNo])}`);
  return tok[1];
}

const sample = [
  "# 政策評価書 Ⅰ-2 北米地域外交", // 0
  "@年度: 令和5年度", // 1
  "## 個別分野 1 北米諸国との政治分野での協力推進", // 2
  "### 測定指標 1-1 共通の諸課題における協力関係の進展 ＊", // 3
  "@令和2・3・4年度目標の達成状況: a", // 4
  "| 区分 | 令和2年度 | 令和3年度 |", // 5
  "| 当初予算(a) | 1,836 | 72 (63) |", // 6
  "| 合計(a＋b＋c) | △12 | － |", // 7
  "// 令和6年3月に数値を更新", // 8
  "測定指標１－５について、（令和２・３・４年度：北米諸国との政治分野での協力推進（達成手段①））を参照。", // 9
  "\\# は見出しではない https://www.mofa.go.jp/", // 10
  "【測定指標１－１ 共通の諸課題における協力関係の進展 ＊】個別分野３", // 11
  "### 達成手段", // 12
  "#### 令和2年度目標", // 13
  "｜ 区分 ｜ 値 ｜", // 14
  "｜ 全角 ｜ １８３６ ｜", // 15
  "＠担当部局名：北米局", // 16
].join("\n");

await test("grammar: line kinds and citations", () => {
  const t = tokenize(sample);
  assert.match(scopeOf(t, 0, "#"), /punctuation\.definition\.heading/);
  assert.match(scopeOf(t, 0, "政策評価書"), /keyword\.other\.document/);
  assert.match(scopeOf(t, 0, "北米地域外交"), /entity\.name\.section/);
  assert.match(scopeOf(t, 1, "@"), /punctuation\.definition\.attribute/);
  assert.match(scopeOf(t, 1, "年度"), /property-name/);
  assert.match(scopeOf(t, 1, "令和5年度"), /string\.unquoted\.value/);
  assert.match(scopeOf(t, 2, "個別分野 1"), /keyword\.other\.field/);
  assert.match(scopeOf(t, 3, "測定指標 1-1"), /keyword\.other\.indicator/);
  assert.match(scopeOf(t, 3, "＊"), /punctuation\.special\.main-indicator/);
  assert.match(scopeOf(t, 4, "a"), /constant\.language\.rating/);
  assert.match(scopeOf(t, 5, "令和2年度"), /markup\.heading\.table-header/);
  assert.doesNotMatch(scopeOf(t, 6, "当初予算"), /table-header/);
  assert.match(scopeOf(t, 6, "1,836"), /constant\.numeric/);
  assert.match(scopeOf(t, 6, "72 (63)"), /constant\.numeric/);
  assert.match(scopeOf(t, 7, "△12"), /constant\.numeric/);
  assert.doesNotMatch(scopeOf(t, 7, "合計"), /constant\.numeric/);
  assert.match(scopeOf(t, 8, "令和6年"), /comment\.line/);
  assert.doesNotMatch(scopeOf(t, 8, "令和6年"), /meta\.table/);
  assert.match(scopeOf(t, 9, "測定指標１－５"), /citation\.indicator/);
  assert.match(scopeOf(t, 9, "達成手段①"), /citation\.means/);
  assert.match(scopeOf(t, 10, "\\"), /constant\.character\.escape/);
  assert.doesNotMatch(scopeOf(t, 10, "は見出し"), /heading/);
  assert.match(scopeOf(t, 10, "https://www.mofa.go.jp/"), /markup\.underline\.link/);
  assert.match(scopeOf(t, 11, "【測定指標１－１"), /citation\.indicator-title/);
  assert.match(scopeOf(t, 11, "個別分野３"), /citation\.field/);
  assert.match(scopeOf(t, 12, "達成手段"), /keyword\.other\.means/);
  assert.match(scopeOf(t, 13, "令和2年度目標"), /entity\.name\.section/);
  assert.match(scopeOf(t, 14, "区分"), /markup\.heading\.table-header/);
  assert.match(scopeOf(t, 15, "１８３６"), /constant\.numeric/);
  assert.match(scopeOf(t, 16, "担当部局名"), /property-name/);
  assert.match(scopeOf(t, 16, "北米局"), /string\.unquoted\.value/);
});

await test("grammar: the real example tokenizes without a heading leaking into prose", () => {
  const text = fs.readFileSync(path.join(repo, "examples/mofa-I-2/evaluation.hyoka"), "utf8");
  const t = tokenize(text);
  text.split("\n").forEach((line, i) => {
    const first = line.trimStart()[0];
    const scopes = t[i].map(([, s]) => s).join(" | ");
    if (first === "#") assert.match(scopes, /markup\.heading/, `line ${i + 1}`);
    else if (first === "|") assert.match(scopes, /meta\.table/, `line ${i + 1}`);
    else if (first === "@") assert.match(scopes, /meta\.attribute/, `line ${i + 1}`);
    else if (line.trimStart().startsWith("//")) assert.match(scopes, /comment\.line/, `line ${i + 1}`);
    else assert.doesNotMatch(scopes, /markup\.heading|meta\.table|meta\.attribute/, `line ${i + 1}`);
  });
});

// ----------------------------------------------------------------- snippets
/** A snippet body with every placeholder replaced by its default (first choice). */
function expand(body) {
  let s = body.join("\n");
  for (let i = 0; i < 5; i++) {
    s = s
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, "$1")
      .replace(/\$\{\d+:([^${}]*)\}/g, "$1")
      .replace(/\$\{\d+\}|\$\d+/g, "");
  }
  return s;
}

await test("snippets expand to valid Hyoka", () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(ext, "snippets/hyoka.code-snippets"), "utf8"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-snippets-"));
  try {
    for (const [name, s] of Object.entries(snippets)) {
      const text = expand(s.body);
      assert.doesNotMatch(text, /\$/, `${name}: unexpanded placeholder`);
      // The means table relates to indicator 1-1, so give it one.
      const context = text.includes("関連する測定指標") ? ["### 測定指標 1-1 試験指標"] : [];
      const doc = ["# 政策評価書 Ⅰ-9 試験", "@年度: 令和5年度", "## 個別分野 1 試験分野", ...context, text, ""].join("\n");
      const file = path.join(dir, `${name.replace(/\W+/g, "-")}.hyoka`);
      fs.writeFileSync(file, doc);
      let out;
      try {
        out = execFileSync(hyoka, ["check", "--format", "json", file], { encoding: "utf8" });
      } catch (e) {
        out = e.stdout;
        assert.equal(e.status, 1, `${name}: hyoka check could not run: ${e.stderr}`);
      }
      const all = JSON.parse(out);
      if (process.env.VERBOSE) for (const d of all) console.log(`  ${name}: ${d.severity} ${d.code} ${d.message}`);
      const errors = all.filter((d) => d.severity === "error");
      assert.deepEqual(errors, [], `${name}:\n${doc}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ folding
await test("folding follows the section nesting", async () => {
  const built = await esbuild.build({
    entryPoints: [path.join(ext, "src/folding.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString("base64")}`);
  const lines = [
    "# 政策評価書 Ⅰ-2", // 0
    "## 個別分野 1", // 1
    "### 測定指標 1-1", // 2
    "本文", // 3
    "", // 4
    "### 測定指標 1-2", // 5
    "// region 表", // 6
    "| a | b |", // 7
    "// endregion", // 8
    "## 個別分野 2", // 9
    "本文", // 10
    "", // 11
  ];
  assert.deepEqual(mod.foldingRanges(lines), [
    { start: 0, end: 10, region: false },
    { start: 1, end: 8, region: false },
    { start: 2, end: 3, region: false },
    { start: 5, end: 8, region: false },
    { start: 6, end: 8, region: true },
    { start: 9, end: 10, region: false },
  ]);
});

// ------------------------------------------------------------ server lookup
/** Imports a TypeScript module of src/ (no `vscode` in it), bundled by esbuild. */
async function importSrc(file) {
  const built = await esbuild.build({
    entryPoints: [path.join(ext, "src", file)],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString("base64")}`);
}

await test("server lookup: setting, then PATH, then ~/.cargo/bin (POSIX, real files)", async () => {
  const { findServer } = await importSrc("server.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-lookup-"));
  try {
    const home = path.join(dir, "ホーム 1");
    const cargoBin = path.join(home, ".cargo", "bin");
    const binA = path.join(dir, "bin-a");
    const binB = path.join(dir, "bin b");
    const ws = path.join(dir, "令和5年度 政策評価");
    for (const d of [cargoBin, binA, binB, path.join(ws, "tools")]) fs.mkdirSync(d, { recursive: true });
    const exe = (p, mode = 0o755) => {
      fs.writeFileSync(p, "#!/bin/sh\n");
      fs.chmodSync(p, mode);
      return p;
    };
    const base = { platform: "linux", home, workspaceFolder: ws };
    const env = { PATH: [binA, "", binB].join(":") };

    // Nothing anywhere: a message with PATH, the cargo path and the setting.
    let r = findServer({ ...base, configured: undefined, env });
    assert.equal(r.found, false);
    assert.deepEqual(r.tried, [path.join(binA, "hyoka"), path.join(binB, "hyoka"), path.join(cargoBin, "hyoka")]);
    assert.ok(r.message.includes(`PATH (${binA}:${binB})`), r.message);
    assert.ok(r.message.includes(path.join(cargoBin, "hyoka")), r.message);
    assert.ok(r.message.includes("hyoka.server.path"), r.message);
    assert.ok(r.message.includes("cargo install --path ."), r.message);

    // Only `cargo install`'s copy, PATH without ~/.cargo/bin (the code-server case).
    const cargoHyoka = exe(path.join(cargoBin, "hyoka"));
    for (const configured of [undefined, "", "  ", "hyoka"]) {
      r = findServer({ ...base, configured, env });
      assert.deepEqual([r.found, r.path, r.via], [true, cargoHyoka, "cargo"], `configured ${JSON.stringify(configured)}`);
    }
    // $CARGO_HOME/bin comes before ~/.cargo/bin.
    const cargoHome = path.join(dir, "cargo home");
    fs.mkdirSync(path.join(cargoHome, "bin"), { recursive: true });
    const cargoHomeHyoka = exe(path.join(cargoHome, "bin", "hyoka"));
    r = findServer({ ...base, configured: undefined, env: { ...env, CARGO_HOME: cargoHome } });
    assert.deepEqual([r.path, r.via], [cargoHomeHyoka, "cargo"]);

    // PATH wins over cargo; a non-executable file on PATH is skipped, and so is a directory.
    exe(path.join(binA, "hyoka"), 0o644);
    fs.mkdirSync(path.join(binA, "hyoka-dir"));
    const pathHyoka = exe(path.join(binB, "hyoka"));
    r = findServer({ ...base, configured: undefined, env });
    assert.deepEqual([r.path, r.via], [pathHyoka, "PATH"]);
    r = findServer({ ...base, configured: "hyoka-dir", env });
    assert.equal(r.found, false);

    // The setting, when set, is the only place looked at.
    const custom = exe(path.join(ws, "tools", "hyoka-dev"));
    for (const configured of [custom, "tools/hyoka-dev", "./tools/hyoka-dev", "${workspaceFolder}/tools/hyoka-dev"]) {
      r = findServer({ ...base, configured, env });
      assert.deepEqual([r.found, r.path, r.via], [true, custom, "setting"], configured);
    }
    r = findServer({ ...base, configured: "~/.cargo/bin/hyoka", env });
    assert.deepEqual([r.path, r.via], [cargoHyoka, "setting"]);
    r = findServer({ ...base, configured: path.join(dir, "no-such-dir", "hyoka"), env });
    assert.equal(r.found, false);
    assert.deepEqual(r.tried, [path.join(dir, "no-such-dir", "hyoka")]);
    assert.match(r.message, /no-such-dir\/hyoka` \(hyoka\.server\.path\) does not exist or is not executable/);
    assert.ok(r.message.includes(`clear it to look in the extension's folder (bin/hyoka), on PATH and in ${cargoBin}`), r.message);
    // A bare name in the setting is looked up on PATH only.
    exe(path.join(cargoBin, "hyoka-dev"));
    r = findServer({ ...base, configured: "hyoka-dev", env });
    assert.equal(r.found, false);
    assert.match(r.message, /`hyoka-dev` \(hyoka\.server\.path\) was not found on PATH/);
    const devOnPath = exe(path.join(binB, "hyoka-dev"));
    r = findServer({ ...base, configured: "hyoka-dev", env });
    assert.deepEqual([r.path, r.via], [devOnPath, "setting"]);

    // A long PATH is shortened in the message.
    const long = Array.from({ length: 9 }, (_, i) => path.join(dir, `d${i}`)).join(":");
    r = findServer({ ...base, home: path.join(dir, "nohome"), configured: undefined, env: { PATH: long } });
    assert.ok(r.message.includes("… 9 directories"), r.message);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

await test("server lookup on Windows: PATHEXT, Path, %USERPROFILE%\\.cargo\\bin\\hyoka.exe", async () => {
  const { findServer } = await importSrc("server.ts");
  // Windows file names are case-insensitive.
  const files = new Set();
  const add = (p) => files.add(p.toLowerCase());
  const isExecutable = (p, platform) => {
    assert.equal(platform, "win32");
    return files.has(p.toLowerCase());
  };
  const base = { platform: "win32", home: "C:\\Users\\山田", workspaceFolder: "D:\\評価\\施策Ⅰ-2", isExecutable };
  const env = { Path: "C:\\Windows\\system32;;C:\\Tools", PATHEXT: ".COM;.EXE;.BAT" };
  let r = findServer({ ...base, configured: "", env });
  assert.equal(r.found, false);
  assert.deepEqual(r.tried, [
    "C:\\Windows\\system32\\hyoka.COM",
    "C:\\Windows\\system32\\hyoka.EXE",
    "C:\\Windows\\system32\\hyoka.BAT",
    "C:\\Tools\\hyoka.COM",
    "C:\\Tools\\hyoka.EXE",
    "C:\\Tools\\hyoka.BAT",
    "C:\\Users\\山田\\.cargo\\bin\\hyoka.exe",
  ]);
  assert.ok(r.message.includes("PATH (C:\\Windows\\system32;C:\\Tools)"), r.message);
  assert.ok(r.message.includes("C:\\Users\\山田\\.cargo\\bin\\hyoka.exe"), r.message);

  add("C:\\Users\\山田\\.cargo\\bin\\hyoka.exe");
  r = findServer({ ...base, configured: undefined, env });
  assert.deepEqual([r.path, r.via], ["C:\\Users\\山田\\.cargo\\bin\\hyoka.exe", "cargo"]);
  add("C:\\Tools\\hyoka.exe");
  r = findServer({ ...base, configured: undefined, env });
  assert.deepEqual([r.path, r.via], ["C:\\Tools\\hyoka.EXE", "PATH"]);

  add("D:\\評価\\施策Ⅰ-2\\bin\\hyoka.exe");
  r = findServer({ ...base, configured: "bin\\hyoka.exe", env });
  assert.deepEqual([r.path, r.via], ["D:\\評価\\施策Ⅰ-2\\bin\\hyoka.exe", "setting"]);
  r = findServer({ ...base, configured: "~\\.cargo\\bin\\hyoka.exe", env });
  assert.deepEqual([r.path, r.via], ["C:\\Users\\山田\\.cargo\\bin\\hyoka.exe", "setting"]);
  r = findServer({ ...base, configured: "E:\\nothing\\hyoka.exe", env });
  assert.equal(r.found, false);
  assert.ok(r.message.includes("`E:\\nothing\\hyoka.exe` (hyoka.server.path) does not exist"), r.message);
});

await test("server lookup: the executable bundled in bin/ of the extension, after the setting, before PATH (POSIX, real files)", async () => {
  const { findServer, bundledPath, makeExecutable } = await importSrc("server.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-bundled-"));
  try {
    const home = path.join(dir, "ホーム");
    const extPath = path.join(home, ".vscode", "extensions", "hyoka.hyoka-0.1.0-linux-x64");
    const binDir = path.join(dir, "bin");
    const cargoBin = path.join(home, ".cargo", "bin");
    for (const d of [path.join(extPath, "bin"), binDir, cargoBin]) fs.mkdirSync(d, { recursive: true });
    const exe = (p, mode = 0o755) => {
      fs.writeFileSync(p, "#!/bin/sh\n");
      fs.chmodSync(p, mode);
      return p;
    };
    const base = { platform: "linux", home, extensionPath: extPath };
    const env = { PATH: binDir };
    const bundled = path.join(extPath, "bin", "hyoka");
    assert.equal(bundledPath(extPath, "linux"), bundled);
    assert.equal(bundledPath(undefined, "linux"), undefined);

    // The universal .vsix: no bin/, so PATH and cargo, as before; the message names bin/ too.
    let r = findServer({ ...base, configured: undefined, env });
    assert.equal(r.found, false);
    assert.deepEqual(r.tried, [bundled, path.join(binDir, "hyoka"), path.join(cargoBin, "hyoka")]);
    assert.ok(r.message.includes(`in the extension's folder (${bundled}), on PATH (${binDir})`), r.message);
    const onPath = exe(path.join(binDir, "hyoka"));
    exe(path.join(cargoBin, "hyoka"));
    r = findServer({ ...base, configured: undefined, env });
    assert.deepEqual([r.path, r.via], [onPath, "PATH"]);

    // A platform .vsix: bin/hyoka wins over PATH and cargo …
    exe(bundled);
    for (const configured of [undefined, "", "hyoka"]) {
      r = findServer({ ...base, configured, env });
      assert.deepEqual([r.found, r.path, r.via, r.tried], [true, bundled, "bundled", [bundled]], `configured ${JSON.stringify(configured)}`);
    }
    // … but not over the setting, which alone decides.
    const custom = exe(path.join(dir, "hyoka-dev"));
    r = findServer({ ...base, configured: custom, env });
    assert.deepEqual([r.path, r.via, r.tried], [custom, "setting", [custom]]);
    r = findServer({ ...base, configured: path.join(dir, "missing"), env });
    assert.equal(r.found, false);
    assert.ok(r.message.includes(`clear it to look in the extension's folder (${bundled}), on PATH and in ${cargoBin}`), r.message);

    // Without its x bit (a .vsix packed on Windows) it is skipped by the
    // lookup; makeExecutable gives it the bit, then it is used.
    fs.chmodSync(bundled, 0o644);
    r = findServer({ ...base, configured: undefined, env });
    assert.deepEqual([r.path, r.via], [onPath, "PATH"]);
    assert.deepEqual(makeExecutable(bundled, "linux"), { status: "made-executable", path: bundled });
    assert.equal(fs.statSync(bundled).mode & 0o777, 0o755);
    assert.deepEqual(makeExecutable(bundled, "linux"), { status: "executable", path: bundled });
    r = findServer({ ...base, configured: undefined, env });
    assert.deepEqual([r.path, r.via], [bundled, "bundled"]);
    fs.chmodSync(bundled, 0o600);
    assert.equal(makeExecutable(bundled, "linux").status, "made-executable");
    assert.equal(fs.statSync(bundled).mode & 0o777, 0o700);
    assert.deepEqual(makeExecutable(path.join(extPath, "bin", "nothing"), "linux").status, "absent");
    assert.deepEqual(makeExecutable(path.join(extPath, "bin"), "linux").status, "absent");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

await test("server lookup on Windows: bin\\hyoka.exe of the extension before Path", async () => {
  const { findServer, bundledPath } = await importSrc("server.ts");
  const files = new Set();
  const isExecutable = (p) => files.has(p.toLowerCase());
  const extPath = "C:\\Users\\山田\\.vscode\\extensions\\hyoka.hyoka-0.1.0-win32-x64";
  const bundled = `${extPath}\\bin\\hyoka.exe`;
  assert.equal(bundledPath(extPath, "win32"), bundled);
  const base = { platform: "win32", home: "C:\\Users\\山田", extensionPath: extPath, isExecutable };
  const env = { Path: "C:\\Tools", PATHEXT: ".EXE" };
  files.add("c:\\tools\\hyoka.exe");
  let r = findServer({ ...base, configured: undefined, env });
  assert.deepEqual([r.path, r.via, r.tried], ["C:\\Tools\\hyoka.EXE", "PATH", [bundled, "C:\\Tools\\hyoka.EXE"]]);
  files.add(bundled.toLowerCase());
  r = findServer({ ...base, configured: "", env });
  assert.deepEqual([r.path, r.via], [bundled, "bundled"]);
  files.clear();
  r = findServer({ ...base, configured: undefined, env });
  assert.ok(r.message.includes(`in the extension's folder (${bundled}), on PATH (C:\\Tools) nor as C:\\Users\\山田\\.cargo\\bin\\hyoka.exe`), r.message);
});

// ------------------------------------------------------------ platform packages
await test("package:target: the executable's format and CPU must be the target's", async () => {
  const { TARGETS, binName, executableKind, checkBinary } = await import("../scripts/package-target.mjs");
  assert.deepEqual(Object.keys(TARGETS).filter((t) => ["win32-x64", "linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64"].includes(t)).length, 5);
  assert.equal(binName("win32-x64"), "hyoka.exe");
  assert.equal(binName("darwin-arm64"), "hyoka");
  // Headers as the linkers write them.
  const elf = (machine) => {
    const b = Buffer.alloc(64);
    b.writeUInt32BE(0x7f454c46, 0);
    b[4] = 2;
    b[5] = 1;
    b.writeUInt16LE(machine, 18);
    return b;
  };
  const pe = (machine) => {
    const b = Buffer.alloc(256);
    b.write("MZ", 0, "latin1");
    b.writeUInt32LE(0x80, 0x3c);
    b.write("PE\0\0", 0x80, "latin1");
    b.writeUInt16LE(machine, 0x84);
    return b;
  };
  const macho = (cpu) => {
    const b = Buffer.alloc(32);
    b.writeUInt32LE(0xfeedfacf, 0);
    b.writeUInt32LE(cpu, 4);
    return b;
  };
  assert.deepEqual(executableKind(elf(0x3e)), { format: "ELF", cpu: "x64" });
  assert.deepEqual(executableKind(elf(0xb7)), { format: "ELF", cpu: "arm64" });
  assert.deepEqual(executableKind(pe(0x8664)), { format: "PE", cpu: "x64" });
  assert.deepEqual(executableKind(pe(0xaa64)), { format: "PE", cpu: "arm64" });
  assert.deepEqual(executableKind(macho(0x01000007)), { format: "Mach-O", cpu: "x64" });
  assert.deepEqual(executableKind(macho(0x0100000c)), { format: "Mach-O", cpu: "arm64" });
  assert.deepEqual(executableKind(Buffer.from("#!/bin/sh\necho hyoka\n")), { format: undefined, cpu: undefined });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-target-"));
  try {
    const write = (name, buf) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, buf);
      return p;
    };
    const linux = write("hyoka", elf(0x3e));
    const win = write("hyoka.exe", pe(0x8664));
    const mac = write("hyoka-mac", macho(0x0100000c));
    assert.equal(checkBinary("linux-x64", linux), undefined);
    assert.equal(checkBinary("win32-x64", win), undefined);
    assert.equal(checkBinary("darwin-arm64", mac), undefined);
    assert.match(checkBinary("win32-x64", linux), /is ELF, win32-x64 needs PE/);
    assert.match(checkBinary("linux-arm64", linux), /is ELF for x64, linux-arm64 needs arm64/);
    assert.match(checkBinary("darwin-x64", mac), /needs x64/);
    assert.match(checkBinary("linux-x64", write("script", "#!/bin/sh\n")), /not an executable/);
    assert.match(checkBinary("linux-x64", path.join(dir, "missing")), /does not exist/);
    assert.match(checkBinary("web", linux), /unknown target web/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The real builds, when they are there.
  for (const [target, file] of [
    ["linux-x64", path.join(repo, "target/release/hyoka")],
    ["win32-x64", path.join(repo, "target/x86_64-pc-windows-gnu/release/hyoka.exe")],
  ]) {
    if (fs.existsSync(file) && process.arch === "x64") assert.equal(checkBinary(target, file), undefined, file);
  }
});

await test("package:target: vsce gets the flags of `npm run package`, --target and hyoka-<target>.vsix; bin/ is packed and git-ignored", async () => {
  const { vsceArgs } = await import("../scripts/package-target.mjs");
  const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
  assert.equal(pkg.scripts["package:target"], "node scripts/package-target.mjs");
  const universal = pkg.scripts.package.split(/\s+/);
  assert.deepEqual(universal.slice(-2), ["--out", "hyoka.vsix"]);
  assert.deepEqual(vsceArgs(pkg, "win32-x64", "hyoka-win32-x64.vsix"), [
    ...universal.slice(1, -2),
    "--target",
    "win32-x64",
    "--out",
    "hyoka-win32-x64.vsix",
  ]);
  assert.ok(vsceArgs(pkg, "linux-x64", "x.vsix").includes("--no-dependencies"));
  const gitignore = fs.readFileSync(path.join(ext, ".gitignore"), "utf8");
  assert.match(gitignore, /^bin\/$/m);
  assert.match(gitignore, /^hyoka-\*\.vsix$/m);
  // What vsce packs from a folder with bin/ (a copy: the real bin/ exists only while packaging).
  const { listFiles, PackageManager } = require("@vscode/vsce");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-packfiles-"));
  try {
    for (const f of ["package.json", ".vscodeignore"]) fs.copyFileSync(path.join(ext, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, "bin"));
    for (const f of ["hyoka", "hyoka.exe", "hyoka.pdb"]) fs.writeFileSync(path.join(dir, "bin", f), "");
    const files = await listFiles({ cwd: dir, packageManager: PackageManager.None }); // --no-dependencies
    assert.ok(files.includes("bin/hyoka") && files.includes("bin/hyoka.exe"), files.join(", "));
    assert.ok(!files.includes("bin/hyoka.pdb"), files.join(", "));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ preview
await test("preview page: the rendered page with a CSP, a nonce'd script before </body>, no other script", async () => {
  const { webviewPage, messagePage, nonce } = await importSrc("previewPage.ts");
  // The page of the real example, as `hyoka render --annotate` writes it (hyoka/render gives the same).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-preview-"));
  let html;
  try {
    execFileSync(hyoka, ["render", "--annotate", "--lang", "en", "-o", dir, path.join(repo, "examples/mofa-I-2/evaluation.hyoka")], { stdio: "pipe" });
    html = fs.readFileSync(path.join(dir, "evaluation.html"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // What the webview script relies on.
  assert.match(html, /<tr data-line="\d+"/);
  assert.match(html, /<p data-line="\d+"/);
  assert.match(html, /<mark class="f f-[a-z]+" data-f="1">/);
  assert.doesNotMatch(html, /<script/i);

  const n = nonce();
  assert.match(n, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(nonce(), n);
  const page = webviewPage(html, { nonce: n, script: "let a = '</script>'; acquireVsCodeApi();", uri: 'file:///tmp/"a"&b.hyoka', cspSource: "https://webview.test" });
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  assert.ok(csp, "no CSP");
  assert.ok(page.indexOf(csp[0]) < page.indexOf("<style"), "the CSP comes before the page's style");
  assert.equal(csp[1], `default-src 'none'; img-src https://webview.test data:; style-src 'unsafe-inline'; script-src 'nonce-${n}'`);
  const scripts = page.match(/<script[^>]*>/gi);
  assert.deepEqual(scripts, [`<script nonce="${n}" data-uri="file:///tmp/&quot;a&quot;&amp;b.hyoka">`]);
  assert.match(page, /acquireVsCodeApi\(\);<\/script>\n<\/body>/);
  assert.ok(page.includes("'<\\/script>'"), "a </script> inside the script is escaped");
  // The page's style stays, ours (the theme's colours undone) comes after it, inside <head>.
  assert.ok(page.indexOf("<style data-hyoka-preview>") > page.indexOf("mark.f {"));
  assert.ok(page.indexOf("<style data-hyoka-preview>") < page.indexOf("</head>"));
  assert.equal(page.replace(/\n?<meta http-equiv[^>]*>|<style data-hyoka-preview>[^<]*<\/style>\n|<script[^>]*>[\s\S]*?<\/script>\n/g, ""), html);

  const message = messagePage("<not running> & so", { nonce: n, cspSource: "https://webview.test", lang: "ja" });
  assert.match(message, /script-src 'nonce-/);
  assert.doesNotMatch(message, /<script/);
  assert.ok(message.includes("&lt;not running&gt; &amp; so"));
});

await test("preview: the commands are in the title bar and palette of hyoka files, and they activate the extension", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
  const c = pkg.contributes;
  const ids = c.commands.map((x) => x.command);
  for (const id of ["hyoka.openPreviewToSide", "hyoka.openPreview", "hyoka.showSource"]) assert.ok(ids.includes(id), id);
  const title = c.menus["editor/title"].find((m) => m.command === "hyoka.openPreviewToSide");
  assert.equal(title?.when, "editorLangId == hyoka");
  assert.equal(title?.group, "navigation");
  assert.ok(c.commands.find((x) => x.command === "hyoka.openPreviewToSide").icon, "an icon for the title bar");
  for (const id of ["hyoka.openPreviewToSide", "hyoka.openPreview"]) {
    assert.equal(c.menus.commandPalette.find((m) => m.command === id)?.when, "editorLangId == hyoka", id);
  }
  assert.ok(pkg.activationEvents.includes("onWebviewPanel:hyoka.preview"), "restoring a preview activates the extension");
  const ignore = fs.readFileSync(path.join(ext, ".vscodeignore"), "utf8");
  assert.match(ignore, /^!dist\/preview\.js$/m, "the webview's script is packaged");
  assert.match(pkg.scripts.bundle, /src\/webview\/preview\.ts --bundle --outfile=dist\/preview\.js/);
});

// ------------------------------------------------------------------- import
const seed = path.join(repo, "tests/data/mofa-I-2-north-america-r5.txt");

await test("import: the default folder, the language, the arguments", async () => {
  const { defaultOutDir, cliLanguage, importArgs } = await importSrc("importer.ts");
  assert.equal(defaultOutDir("/srv/令和5年度 公表/外務省 Ⅰ-2.pdf", "linux"), "/srv/令和5年度 公表/外務省 Ⅰ-2");
  assert.equal(defaultOutDir("/srv/r5/report.txt", "linux"), "/srv/r5/report");
  assert.equal(defaultOutDir("/srv/r5/report", "linux"), "/srv/r5/report-hyoka");
  assert.equal(defaultOutDir("C:\\評価\\mofa.PDF", "win32"), "C:\\評価\\mofa");
  // hyoka.language first, else VS Code's display language.
  assert.equal(cliLanguage("", "ja"), "ja");
  assert.equal(cliLanguage(undefined, "en-us"), "en");
  assert.equal(cliLanguage("en", "ja"), "en");
  assert.equal(cliLanguage("ja", "de"), "ja");
  assert.equal(cliLanguage("", "zh-cn"), "en");
  assert.deepEqual(importArgs("/a/r.pdf", "/a/r", "ja", false), ["import", "/a/r.pdf", "-o", "/a/r", "--format", "json", "--lang", "ja"]);
  assert.deepEqual(importArgs("/a/r.pdf", "/a/r", "en", true).slice(-3), ["--lang", "en", "--force"]);
});

await test("import: the CLI's answer read (written, exists, failed, no JSON)", async () => {
  const { parseImport, openingOrder } = await importSrc("importer.ts");
  const w = (kind, guesses) => ({ input: "r.txt", path: `/o/${kind}.hyoka`, kind, kind_name: "名", guesses });
  const ok = parseImport(JSON.stringify({ written: [w("budget-sheet", 6), w("evaluation", 0), w("plan", 1)], error: null }), "", 0);
  assert.equal(ok.status, "written");
  assert.deepEqual(ok.written.map((x) => [x.path, x.kind, x.kindName, x.guesses]), [
    ["/o/budget-sheet.hyoka", "budget-sheet", "名", 6],
    ["/o/evaluation.hyoka", "evaluation", "名", 0],
    ["/o/plan.hyoka", "plan", "名", 1],
  ]);
  // The 政策評価書 in front, the others as written.
  assert.deepEqual(openingOrder(ok.written).map((x) => x.kind), ["evaluation", "budget-sheet", "plan"]);
  assert.deepEqual(openingOrder(ok.written.slice(2)).map((x) => x.kind), ["plan"]);
  const exists = parseImport(JSON.stringify({ written: [], error: { code: "exists", message: "既にある", paths: ["/o/plan.hyoka"] } }), "hyoka: 既にある\n", 2);
  assert.deepEqual(exists, { status: "exists", message: "既にある", paths: ["/o/plan.hyoka"] });
  const failed = parseImport(JSON.stringify({ written: [], error: { code: "no-pdftotext", message: "cannot run pdftotext", paths: [] } }), "", 2);
  assert.deepEqual(failed, { status: "failed", message: "cannot run pdftotext", code: "no-pdftotext" });
  // A hyoka without --format json for import says so on stderr.
  assert.deepEqual(parseImport("", "hyoka: unknown option `--format`\n", 2), { status: "failed", message: "unknown option `--format`" });
  assert.deepEqual(parseImport("", "", 101), { status: "failed", message: "exit status 101" });
});

await test("import: runImport with the real hyoka on the seed's text (written, exists, --force, errors)", async () => {
  const { runImport } = await importSrc("importer.ts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-import-"));
  try {
    const out = path.join(dir, "施策Ⅰ-2 北米");
    let r = await runImport(hyoka, seed, out, "en", false);
    assert.equal(r.status, "written", JSON.stringify(r));
    assert.deepEqual(
      r.written.map((w) => [path.basename(w.path), w.kind, w.kindName]),
      [
        ["budget-sheet.hyoka", "budget-sheet", "政策評価調書"],
        ["evaluation.hyoka", "evaluation", "政策評価書"],
        ["plan.hyoka", "plan", "事前分析表"],
      ],
    );
    for (const w of r.written) {
      assert.equal(path.dirname(w.path), out);
      const text = fs.readFileSync(w.path, "utf8");
      assert.ok(text.startsWith(`# ${w.kindName} Ⅰ-2 北米地域外交\n`), text.slice(0, 80));
      // The guesses are the marks a reader finds in the file.
      assert.equal(w.guesses, text.split("\n").filter((l) => l.startsWith("// hyoka-import: 推測")).length, w.path);
    }
    assert.ok(r.written[0].guesses > 0, "the 調書 has guesses");
    // Again: they exist; the CLI's message in the language asked for.
    r = await runImport(hyoka, seed, out, "ja", false);
    assert.equal(r.status, "exists", JSON.stringify(r));
    assert.deepEqual(r.paths.map((p) => path.basename(p)), ["budget-sheet.hyoka", "evaluation.hyoka", "plan.hyoka"]);
    assert.match(r.message, /^既にあるファイルが3件あるため、何も書き出しませんでした/);
    r = await runImport(hyoka, seed, out, "en", true);
    assert.equal(r.status, "written");
    // A PDF without pdftotext: the CLI's message says what to install.
    const pdf = path.join(dir, "report.pdf");
    fs.writeFileSync(pdf, "%PDF-1.4\n");
    const saved = process.env.HYOKA_PDFTOTEXT;
    process.env.HYOKA_PDFTOTEXT = path.join(dir, "no-such-pdftotext");
    try {
      r = await runImport(hyoka, pdf, path.join(dir, "report"), "en", false);
      assert.equal(r.status, "failed");
      assert.equal(r.code, "no-pdftotext");
      assert.match(r.message, /^cannot run pdftotext to read the PDF \(install poppler-utils, or set HYOKA_PDFTOTEXT\)/);
      r = await runImport(hyoka, pdf, path.join(dir, "report"), "ja", false);
      assert.match(r.message, /^PDF を読むための `pdftotext` を実行できません（poppler-utils を入れるか/);
    } finally {
      if (saved === undefined) delete process.env.HYOKA_PDFTOTEXT;
      else process.env.HYOKA_PDFTOTEXT = saved;
    }
    assert.ok(!fs.existsSync(path.join(dir, "report")), "a failed import wrote its folder");
    // An executable that does not exist.
    r = await runImport(path.join(dir, "no-hyoka"), seed, out, "en", false);
    assert.equal(r.status, "failed");
    assert.equal(r.code, "ENOENT");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

await test("import: the command is contributed (palette, Explorer on .pdf/.txt) and activates the extension", () => {
  const p = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
  const command = p.contributes.commands.find((c) => c.command === "hyoka.importPdf");
  assert.deepEqual(command, { command: "hyoka.importPdf", title: "%command.importPdf.title%", category: "%command.category%" });
  assert.ok(p.activationEvents.includes("onCommand:hyoka.importPdf"));
  assert.ok(!(p.contributes.menus.commandPalette ?? []).some((m) => m.command === "hyoka.importPdf"), "the palette has it whatever file is open");
  const menu = p.contributes.menus["explorer/context"].find((m) => m.command === "hyoka.importPdf");
  const when = /^resourceExtname =~ \/(.+)\/(i?)$/.exec(menu.when);
  assert.ok(when, menu.when);
  const re = new RegExp(when[1], when[2]);
  for (const [ext, shown] of [[".pdf", true], [".PDF", true], [".txt", true], [".hyoka", false], [".pdfx", false]]) {
    assert.equal(re.test(ext), shown, ext);
  }
  const en = JSON.parse(fs.readFileSync(path.join(ext, "package.nls.json"), "utf8"));
  const ja = JSON.parse(fs.readFileSync(path.join(ext, "package.nls.ja.json"), "utf8"));
  assert.equal(en["command.importPdf.title"], "Import PDF…");
  assert.equal(ja["command.importPdf.title"], "PDF を取り込む…");
});

// ------------------------------------------------------------- localisation
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(ext, f), "utf8"));
const pkg = readJson("package.json");
const nlsEn = readJson("package.nls.json");
const nlsJa = readJson("package.nls.ja.json");
const bundleJa = readJson("l10n/bundle.l10n.ja.json");

/** Every string of `value` (a parsed package.json), with where it is. */
function* strings(value, where = "package.json") {
  if (typeof value === "string") yield [where, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${where}[${i}]`);
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* strings(v, `${where}.${k}`);
}

/**
 * The first argument of every `vscode.l10n.t(…)` and `t(…)` call in src/*.ts
 * (server.ts gets vscode.l10n.t as `t`). Each must be a string literal in
 * double quotes: a key built at run time could not be in the bundle.
 */
function l10nCalls() {
  const calls = [];
  for (const file of fs.readdirSync(path.join(ext, "src")).filter((f) => f.endsWith(".ts"))) {
    const text = fs.readFileSync(path.join(ext, "src", file), "utf8");
    const re = /(?:\bvscode\.l10n\.t|(?<![\w.$])t)\(\s*/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      const line = text.slice(0, m.index).split("\n").length;
      const literal = /^"(?:[^"\\\n]|\\.)*"/.exec(text.slice(m.index + m[0].length));
      assert.ok(literal, `src/${file}:${line}: ${m[0].trim()} without a string literal: ${text.slice(m.index, m.index + 60)}`);
      calls.push({ where: `src/${file}:${line}`, message: JSON.parse(literal[0].replace(/\\'/g, "'")) });
    }
  }
  return calls;
}

const codeSpans = (s) => (s.match(/`[^`]*`/g) ?? []).sort();
const placeholders = (s) => (s.match(/\{\d+\}/g) ?? []).sort();
/** Problems of one Japanese text against its English. */
function jaProblems(en, ja) {
  const problems = [];
  if (typeof ja !== "string" || ja.trim() === "") return ["missing or empty"];
  if (ja === en && englishWords(en).length > 0) problems.push("the same as the English");
  const words = englishWords(ja);
  if (words.length > 0) problems.push(`English words ${JSON.stringify(words)}`);
  if (JSON.stringify(placeholders(ja)) !== JSON.stringify(placeholders(en))) problems.push(`placeholders ${placeholders(ja)} ≠ ${placeholders(en)}`);
  if (JSON.stringify([...new Set(codeSpans(ja))]) !== JSON.stringify([...new Set(codeSpans(en))])) {
    problems.push(`code ${JSON.stringify(codeSpans(ja))} ≠ ${JSON.stringify(codeSpans(en))}`);
  }
  if (!hasJapanese(ja) && englishWords(en).length > 0) problems.push("no Japanese in it");
  return problems;
}

await test("l10n: the Japanese check itself (English words, code, placeholders)", () => {
  assert.deepEqual(jaProblems("Restart Language Server", "言語サーバーを再起動"), []);
  assert.deepEqual(jaProblems("Hyoka", "Hyoka"), []);
  assert.deepEqual(englishWords("出力チャネル「Hyoka Language Server Trace」、`hyoka.toml`、HY0307、{0} lsp"), []);
  assert.deepEqual(jaProblems("Restart Language Server", "Restart Language Server"), ["the same as the English", 'English words ["Restart","Language","Server"]', "no Japanese in it"]);
  assert.deepEqual(jaProblems("Restart the server", "サーバーを restart"), ['English words ["restart"]']);
  assert.deepEqual(jaProblems("using {0} (found by {1})", "{0} を使用します"), ["placeholders {0} ≠ {0},{1}"]);
  assert.deepEqual(jaProblems("Overrides `hyoka.toml`.", "`hyoka.yaml` より優先"), ['code ["`hyoka.yaml`"] ≠ ["`hyoka.toml`"]']);
  assert.deepEqual(jaProblems("Show Log", " "), ["missing or empty"]);
});

await test("l10n: every %key% of package.json is in package.nls.json and package.nls.ja.json, in Japanese", () => {
  const used = new Set();
  for (const [where, value] of strings(pkg)) {
    const m = /^%(.+)%$/.exec(value);
    if (m === null) continue;
    used.add(m[1]);
    assert.equal(typeof nlsEn[m[1]], "string", `${where}: ${value} is not in package.nls.json`);
    assert.equal(typeof nlsJa[m[1]], "string", `${where}: ${value} is not in package.nls.ja.json`);
  }
  assert.deepEqual(Object.keys(nlsEn).filter((k) => !used.has(k)), [], "keys of package.nls.json that package.json does not use");
  assert.deepEqual(Object.keys(nlsJa).filter((k) => !used.has(k)), [], "keys of package.nls.ja.json that package.json does not use");
  const bad = Object.keys(nlsEn).flatMap((k) => jaProblems(nlsEn[k], nlsJa[k]).map((p) => `${k}: ${p}\n    en: ${nlsEn[k]}\n    ja: ${nlsJa[k]}`));
  assert.deepEqual(bad, []);
});

await test("l10n: the user-visible texts of package.json are all %key%", () => {
  const c = pkg.contributes;
  const visible = [
    ["description", pkg.description],
    ...c.commands.flatMap((x) => [[`${x.command} title`, x.title], [`${x.command} category`, x.category]]),
    ["configuration title", c.configuration.title],
  ];
  for (const [key, p] of Object.entries(c.configuration.properties)) {
    visible.push([`${key} description`, p.markdownDescription ?? p.description]);
    for (const d of p.enumDescriptions ?? p.additionalProperties?.enumDescriptions ?? []) visible.push([`${key} enum`, d]);
    if ((p.enum ?? p.additionalProperties?.enum) !== undefined && (p.enumDescriptions ?? p.additionalProperties?.enumDescriptions) !== undefined) {
      assert.equal((p.enumDescriptions ?? p.additionalProperties.enumDescriptions).length, (p.enum ?? p.additionalProperties.enum).length, `${key}: enumDescriptions`);
    }
  }
  const plain = visible.filter(([, v]) => typeof v !== "string" || !/^%[^%]+%$/.test(v));
  assert.deepEqual(plain, [], "texts not taken from package.nls*.json");
  assert.equal(pkg.l10n, "./l10n");
});

await test("l10n: hyoka.language is '', 'ja' or 'en', default '' (VS Code's display language)", () => {
  const p = pkg.contributes.configuration.properties["hyoka.language"];
  assert.deepEqual([p.type, p.enum, p.default], ["string", ["", "ja", "en"], ""]);
  assert.match(nlsEn[p.markdownDescription.slice(1, -1)], /display language of VS Code/);
  assert.match(nlsJa[p.markdownDescription.slice(1, -1)], /表示言語/);
  // The client sends it to the server as `language` (src/extension.ts).
  const client = fs.readFileSync(path.join(ext, "src/extension.ts"), "utf8");
  assert.match(client, /SERVER_KEYS = \[[^\]]*"language"[^\]]*\]/);
});

await test("l10n: every vscode.l10n.t / t string of src/ is in l10n/bundle.l10n.ja.json, in Japanese", () => {
  const calls = l10nCalls();
  assert.ok(calls.length >= 20, `only ${calls.length} calls found: the scan is broken`);
  const missing = calls.filter((c) => typeof bundleJa[c.message] !== "string").map((c) => `${c.where}: ${JSON.stringify(c.message)}`);
  assert.deepEqual(missing, [], "strings missing from l10n/bundle.l10n.ja.json");
  const used = new Set(calls.map((c) => c.message));
  assert.deepEqual(Object.keys(bundleJa).filter((k) => !used.has(k)), [], "entries of l10n/bundle.l10n.ja.json that src/ no longer uses");
  const bad = Object.keys(bundleJa).flatMap((k) => jaProblems(k, bundleJa[k]).map((p) => `${JSON.stringify(k)}: ${p}\n    ja: ${bundleJa[k]}`));
  assert.deepEqual(bad, []);
  // A message naming the command names it as the palette shows it.
  const titleEn = `${nlsEn["command.category"]}: ${nlsEn["command.restartServer.title"]}`;
  const titleJa = `${nlsJa["command.category"]}: ${nlsJa["command.restartServer.title"]}`;
  for (const [en, ja] of Object.entries(bundleJa)) {
    if (en.includes(titleEn)) assert.ok(ja.includes(titleJa), `${ja} should name the command ${titleJa}`);
  }
});

await test("l10n: the server-not-found messages in Japanese (src/server.ts through the bundle)", async () => {
  const { findServer, english } = await importSrc("server.ts");
  // What vscode.l10n.t does: the bundle's text for the key, then {0}, {1}, … filled in.
  const ja = (message, ...args) => english(bundleJa[message] ?? `MISSING ${message}`, ...args);
  const extPath = "/home/山田/.vscode/extensions/hyoka.hyoka-0.1.0";
  const base = { platform: "linux", home: "/home/山田", workspaceFolder: "/srv/評価", extensionPath: extPath, isExecutable: () => false, t: ja };
  const env = { PATH: "/usr/bin:/bin", CARGO_HOME: "/opt/cargo" };
  const cases = [
    [
      findServer({ ...base, configured: undefined, env }),
      [`拡張機能のフォルダー（${extPath}/bin/hyoka）にも PATH（/usr/bin:/bin）にも /opt/cargo/bin/hyoka にも /home/山田/.cargo/bin/hyoka にも見つかりません`, "`.vsix`", "`cargo install --path .`", "hyoka.server.path"],
    ],
    [findServer({ ...base, configured: "/x/hyoka", env }), ["`/x/hyoka`（hyoka.server.path）は存在しない", `拡張機能のフォルダー（${extPath}/bin/hyoka）、PATH、/opt/cargo/bin と /home/山田/.cargo/bin から`]],
    [findServer({ ...base, configured: "hyoka-dev", env: {} }), ["`hyoka-dev`（hyoka.server.path）が PATH（空）に見つかりません"]],
    [findServer({ ...base, configured: "hyoka-dev", env: { PATH: Array.from({ length: 8 }, (_, i) => `/d${i}`).join(":") } }), ["PATH（/d0:/d1:/d2:/d3:/d4:/d5:… 全 8 ディレクトリ）に見つかりません"]],
  ];
  for (const [r, parts] of cases) {
    assert.equal(r.found, false);
    for (const part of parts) assert.ok(r.message.includes(part), `${JSON.stringify(part)} not in: ${r.message}`);
    assert.doesNotMatch(r.message, /MISSING/);
    assert.deepEqual(englishWords(r.message.replace(/\/\S*/g, "").replaceAll("hyoka.server.path", "")), [], r.message);
  }
  // English stays as it was, with the default (no `t`).
  const en = findServer({ ...base, t: undefined, configured: "/x/hyoka", env });
  assert.equal(
    en.message,
    `\`/x/hyoka\` (hyoka.server.path) does not exist or is not executable. Set hyoka.server.path to the hyoka executable, or clear it to look in the extension's folder (${extPath}/bin/hyoka), on PATH and in /opt/cargo/bin and /home/山田/.cargo/bin.`,
  );
  assert.equal(
    findServer({ ...base, t: undefined, configured: undefined, env }).message,
    `\`hyoka\` was not found in the extension's folder (${extPath}/bin/hyoka), on PATH (/usr/bin:/bin) nor as /opt/cargo/bin/hyoka nor /home/山田/.cargo/bin/hyoka. Install the \`.vsix\` for your platform, which contains it, or install it with \`cargo install --path .\` from a checkout of the Hyoka repository, or set hyoka.server.path to the executable.`,
  );
});

await test("l10n: the .vsix takes package.nls*.json and l10n/ along", async () => {
  const { listFiles } = require("@vscode/vsce");
  const files = await listFiles({ cwd: ext, dependencies: false });
  for (const f of ["package.json", "package.nls.json", "package.nls.ja.json", "l10n/bundle.l10n.ja.json"]) {
    assert.ok(files.includes(f), `${f} is not packaged (.vscodeignore): ${files.join(", ")}`);
  }
});

if (failures > 0) {
  console.log(`${failures} test(s) failed`);
  process.exit(1);
}
console.log("all unit tests passed");
