// End-to-end test in a real VS Code: code-server (VS Code 1.100 as a server)
// driven by Debian's Chromium through playwright-core, with the packaged
// .vsix installed and the real hyoka server behind it (see
// /work/shared/editor-testing.md for why code-server).
//
// It copies examples/mofa-I-2 into a folder whose path has Japanese, spaces
// and full-width characters, starts code-server with a PATH without hyoka and
// a HOME whose .cargo/bin has it (hyoka.server.path unset: the extension must
// find `cargo install`'s copy), opens evaluation.hyoka with Ctrl+P, and checks:
//   - Problems (Ctrl+Shift+M): exactly 10 HY0106, still 10 after a character
//     typed into a prose line (and deleted again), HY0104;
//   - Go to Symbol (Ctrl+Shift+O);
//   - the preview: "Hyoka: Open Preview to the Side" (in the editor's title
//     bar too) opens one panel, "Preview: evaluation.hyoka", with the page
//     of the form (its heading, the 652 of 合計(a＋b＋c)) under a CSP with a
//     nonce; 652 typed over with 653 shows in it, marked with its HY0301
//     note, within PREVIEW_LIMIT_MS (default 1000) of the last keystroke
//     (the time is printed; test-output/preview.png); the preview follows
//     the editor's scrolling and the editor the preview's; a double-click on
//     a paragraph of the preview selects its source line in the editor;
//   - that budget mismatch gives HY0301 in Problems;
//   - settings apply without a restart (hyoka.checks off / on);
//   - completion: `@` on an empty line of an indicator block offers its
//     attribute keys; `（達成手段` in prose offers the 達成手段 of plan.hyoka by
//     name; accepting an item after `###` or `### 測定指標 ` gives one `###` and
//     one, new, ID;
//   - "Hyoka: Import PDF…" on the seed's text (tests/data), copied outside
//     the workspace: the report picked in the file dialog (code-server's is a
//     quick input), the default folder (beside it) accepted; the three
//     documents open, the 政策評価書 in front, and get the diagnostics
//     `hyoka check` gives them; again by a keybinding with arguments: the
//     files exist, "Overwrite" writes them again; a PDF with no pdftotext
//     (HYOKA_PDFTOTEXT points at nothing): the CLI's error in a message;
//   - no server: one message saying where it looked and what to set, both
//     with hyoka.server.path unset and with it set to a missing file.
// Then a Japanese pass (E2E_JA): code-server again, with `--locale ja`, on a
// fresh copy of the example:
//   - the extension's own texts are Japanese: the command title in the
//     Command Palette, the preview's command and panel title, the
//     description of hyoka.language in the Settings editor, its output
//     channel, the server-not-found message and its buttons;
//   - the server's diagnostics are Japanese (an HY0106 names 達成手段 and has
//     no English word), and `hyoka.language: "en"` turns them English without
//     a restart, removing it back;
//   - the import's command title, messages and buttons in Japanese (the
//     command run with arguments, then again: the files exist, 上書きする).
// VS Code makes "ja" its display language only when a language pack for it is
// installed, and code-server cannot download one: the test writes an empty one
// into the user data (languagepacks.json). VS Code's own texts stay English
// (so "Ln 424, Col 73" is still what Problems shows); the extension gets
// vscode.env.language "ja", package.nls.ja.json and l10n/bundle.l10n.ja.json.
// Everything is time-bound: a hang fails the test.
//
// With E2E_BUNDLED=1 it tests a platform .vsix instead (VSIX, with bin/hyoka
// inside; .ci/vscode-bundled.sh): nothing on PATH, nothing in ~/.cargo/bin,
// hyoka.server.path unset. It checks that the installed bin/hyoka is the
// executable $HYOKA with its x bit, that the Hyoka output says it was used
// ("bundled with the extension"), the 10 HY0106 and one edit; then that a
// bin/hyoka without its x bit (a .vsix packed on Windows) gets it back on
// "Hyoka: Restart Language Server" and runs. Nothing else (no preview,
// completion or Japanese pass).
//
//   HYOKA=…/hyoka CODE_SERVER=…/code-server/out/node/entry.js node test/e2e.mjs
//
// Environment:
//   HYOKA        the server binary (default: target/release/hyoka, else target/debug/hyoka)
//   CODE_SERVER  code-server's out/node/entry.js or its bin/code-server
//                (default: the cache of .ci/vscode.sh)
//   VSIX         the package to install (default: editors/vscode/hyoka.vsix)
//   CHROMIUM     the browser (default: /usr/bin/chromium)
//   OUT          where screenshots go (default: editors/vscode/test-output/,
//                git-ignored): screenshot.png of a passing run, screenshot-ja.png
//                of its Japanese pass, completion-*.png, failure.png of a failing one
//   SCREENSHOT   the passing run's screenshot (default: $OUT/screenshot.png;
//                "" for none). To refresh the README's picture on purpose:
//                SCREENSHOT=test/screenshot.png node test/e2e.mjs
//   KEEP_TMP=1   keep the temporary directory (settings, logs, workspace);
//                kept anyway when the test fails
//   E2E_JA       the Japanese pass: "all" (default), "ui" (only the
//                extension's own texts: for a hyoka without Japanese
//                messages), "0" (none)
//   E2E_BUNDLED  "1": the short test of a platform .vsix (above); VSIX must
//                be set
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { englishWords, hasJapanese } from "./japanese.mjs";

const BUNDLED = process.env.E2E_BUNDLED === "1";
const JA = BUNDLED ? "0" : (process.env.E2E_JA ?? "all");
if (!["all", "ui", "0"].includes(JA)) {
  console.error(`e2e: E2E_JA must be all, ui or 0, not ${JSON.stringify(JA)}`);
  process.exit(2);
}
if (BUNDLED && !process.env.VSIX) {
  console.error("e2e: E2E_BUNDLED=1 needs VSIX=<a platform .vsix with bin/hyoka>");
  process.exit(2);
}
const OVERALL_TIMEOUT_MS = BUNDLED ? 120_000 : JA === "0" ? 180_000 : 330_000;
const STEP_TIMEOUT_MS = 30_000;
/** The preview must show an edit within this time of the last keystroke. */
const PREVIEW_LIMIT_MS = Number(process.env.PREVIEW_LIMIT_MS ?? 1000);

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.resolve(here, "..");
const repo = path.resolve(ext, "../..");
const started = Date.now();

const hyoka = path.resolve(
  repo,
  process.env.HYOKA ??
    (fs.existsSync(path.join(repo, "target/release/hyoka")) ? "target/release/hyoka" : "target/debug/hyoka"),
);
const codeServer = path.resolve(
  process.env.CODE_SERVER ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"),
      "hyoka-ci/code-server-4.100.3/node_modules/code-server/out/node/entry.js",
    ),
);
const vsix = path.resolve(process.env.VSIX ?? path.join(ext, "hyoka.vsix"));
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const outDir = path.resolve(process.env.OUT ?? path.join(ext, "test-output"));
const successShot = process.env.SCREENSHOT === "" ? "" : path.resolve(process.env.SCREENSHOT ?? path.join(outDir, "screenshot.png"));
fs.mkdirSync(outDir, { recursive: true });

for (const [what, p] of [["HYOKA", hyoka], ["CODE_SERVER", codeServer], ["VSIX", vsix], ["CHROMIUM", browserPath]]) {
  if (!fs.existsSync(p)) {
    console.error(`e2e: ${what} not found: ${p}`);
    process.exit(2);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-vscode-e2e-"));
const userData = path.join(tmp, "user-data");
const extensions = path.join(tmp, "extensions");
// Japanese, spaces, full-width parentheses and a Roman numeral in the path.
const workspace = path.join(tmp, "令和5年度 政策評価", "施策Ⅰ-2 北米地域外交（テスト）");
const evaluationFile = path.join(workspace, "evaluation.hyoka");
// code-server's HOME: `cargo install` put hyoka in its .cargo/bin, and PATH does not have it.
const home = path.join(tmp, "home");
const cargoHyoka = path.join(home, ".cargo", "bin", "hyoka");
const serverLog = path.join(tmp, "code-server.log");
const failShot = path.join(outDir, "failure.png");
let keepTmp = Boolean(process.env.KEEP_TMP);

let server;
let browser;
let page;

function log(msg) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
}

/** Runs code-server's CLI (not the server) with our isolated directories. */
function codeServerArgs(...args) {
  const entry = codeServer.endsWith(".js") ? [codeServer] : [];
  return {
    cmd: entry.length ? process.execPath : codeServer,
    args: [...entry, "--config", path.join(tmp, "config.yaml"), "--user-data-dir", userData, "--extensions-dir", extensions, ...args],
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

async function cleanup() {
  await browser?.close().catch(() => undefined);
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      server.kill("SIGTERM");
    }
  }
  if (keepTmp) {
    console.log(`kept ${tmp}`);
  } else {
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function fail(error) {
  console.error(`\nE2E FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error?.stack ?? error}`);
  if (page) {
    await page.screenshot({ path: failShot, timeout: 5000 }).then(
      () => console.error(`screenshot: ${failShot}`),
      () => undefined,
    );
  }
  try {
    const text = fs.readFileSync(serverLog, "utf8");
    console.error(`--- code-server log (last 40 lines) ---\n${text.split("\n").slice(-40).join("\n")}`);
  } catch {
    // no log
  }
  for (const f of findFiles(path.join(userData, "logs"), /Hyoka|exthost\.log$/)) {
    console.error(`--- ${f} (last 30 lines) ---\n${fs.readFileSync(f, "utf8").split("\n").slice(-30).join("\n")}`);
  }
  keepTmp = true; // settings, logs and the edited workspace, for a look
  await cleanup();
  process.exit(1);
}

function findFiles(dir, re) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (re.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const overall = setTimeout(() => void fail(new Error(`overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s`)), OVERALL_TIMEOUT_MS);

/** Writes the user settings before the start: the test's base settings plus `extra`. */
function writeSettings(extra) {
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify({ ...baseSettings(), ...extra }, null, 2));
}

function baseSettings() {
  return {
    // No hyoka.server.path: the extension finds hyoka in $HOME/.cargo/bin.
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "update.mode": "none",
    "editor.minimap.enabled": false,
    "problems.defaultViewMode": "table",
  };
}

/** code-server's environment: HOME is ours, no CARGO_HOME, no directory with a hyoka on PATH. */
function codeServerEnv() {
  const env = { ...process.env, HOME: home };
  delete env.CARGO_HOME;
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((d) => d !== "" && !fs.existsSync(path.join(d, "hyoka")))
    .join(path.delimiter);
  // A machine without poppler-utils, whatever this one has: importing a PDF fails (the import step).
  env.HYOKA_PDFTOTEXT = path.join(tmp, "no-pdftotext");
  return env;
}

/**
 * Starts code-server on a free port with `extraArgs` (e.g. `--locale ja`), in
 * the environment of a code-server started by a service: a PATH without any
 * hyoka, no CARGO_HOME; HOME has .cargo/bin/hyoka. Returns the port.
 */
async function startCodeServer(extraArgs = []) {
  const env = codeServerEnv();

  const port = await freePort();
  const { cmd, args } = codeServerArgs(
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    ...extraArgs,
    workspace,
  );
  const out = fs.openSync(serverLog, "a");
  server = spawn(cmd, args, { stdio: ["ignore", out, out], detached: true, env });
  log(`code-server on 127.0.0.1:${port}${extraArgs.length ? ` ${extraArgs.join(" ")}` : ""} (log: ${serverLog})`);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, STEP_TIMEOUT_MS);
  return port;
}

/** Stops code-server (its page first) and waits until it has exited. */
async function stopCodeServer() {
  await page?.close().catch(() => undefined);
  page = undefined;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      server.kill("SIGTERM");
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  server = undefined;
}

/** Opens the workbench of code-server on `port` in a new page, then evaluation.hyoka with Quick Open. */
async function openEvaluation(port) {
  browser ??= await chromium.launch({
    executablePath: browserPath,
    headless: true,
    timeout: STEP_TIMEOUT_MS,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ state: "visible" });
  await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ state: "visible" }).catch(() => undefined);
  log(`workbench loaded: ${path.relative(tmp, workspace)}`);

  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press("Control+P");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("evaluation.hyoka");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "evaluation.hyoka" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: "evaluation.hyoka" }).waitFor();
  await page.locator(".monaco-editor .view-lines").first().waitFor({ state: "visible" });
  log("evaluation.hyoka open");
}

/**
 * Copies the example into the workspace (again), and puts hyoka where `cargo
 * install` does (not for a platform .vsix: there must be no hyoka but its own).
 */
function prepareWorkspace() {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.mkdirSync(workspace, { recursive: true });
  for (const f of fs.readdirSync(path.join(repo, "examples/mofa-I-2")).filter((n) => n.endsWith(".hyoka"))) {
    fs.copyFileSync(path.join(repo, "examples/mofa-I-2", f), path.join(workspace, f));
  }
  fs.mkdirSync(path.dirname(cargoHyoka), { recursive: true });
  fs.rmSync(cargoHyoka, { force: true });
  if (!BUNDLED) fs.symlinkSync(hyoka, cargoHyoka);
}

// ------------------------------------------------------------------ helpers on the page

/** Opens the Problems panel and shows only the markers matching `text`. */
async function filterProblems(text) {
  await page.keyboard.press("Control+Shift+M");
  const filter = page.locator(".markers-panel-container .viewpane-filter input, .panel .viewpane-filter input").first();
  await filter.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await filter.click();
  await filter.fill(text);
}

/** Waits until exactly one row of the Problems panel contains every one of `parts`; returns its text. */
async function waitForProblem(parts) {
  const rows = page.locator(".markers-panel .monaco-list-row");
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await rows.allInnerTexts().catch(() => []);
    const hits = seen.filter((t) => parts.every((p) => t.includes(p)));
    if (hits.length > 1) throw new Error(`${hits.length} rows in Problems contain ${JSON.stringify(parts)} (listed twice?):\n  ${hits.join("\n  ")}`);
    if (hits.length === 1) return hits[0].replace(/\s+/g, " ");
    await page.waitForTimeout(250);
  }
  throw new Error(`no row in Problems contains ${JSON.stringify(parts)}; rows:\n  ${seen.join("\n  ")}`);
}

/** Waits until no row of the Problems panel contains `text`. */
async function waitForNoProblem(text) {
  const rows = page.locator(".markers-panel .monaco-list-row");
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let seen = [];
  while (Date.now() < deadline) {
    seen = (await rows.allInnerTexts().catch(() => [])).filter((t) => t.includes(text));
    if (seen.length === 0) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`Problems still lists ${JSON.stringify(text)}:\n  ${seen.join("\n  ")}`);
}

/**
 * Filters Problems on `code` and waits until it lists exactly `n` of them, all
 * in `file`, one of them containing every one of `parts`; then checks for a
 * second that the count stays (a late duplicate publish would change it).
 * Counts the filter's "Showing N of M" and the rows (the panel is tall
 * enough for all of them). Returns the rows.
 */
async function expectProblemCount(code, n, file, parts = []) {
  await filterProblems(code);
  const rows = page.locator(".markers-panel .monaco-list-row");
  const badge = page.locator(".markers-panel-container .viewpane-filter-badge, .panel .viewpane-filter-badge").first();
  const read = async () => {
    const texts = (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, " ")).filter((t) => t.includes(code));
    const b = (await badge.innerText().catch(() => "")).trim();
    const shown = /(\d+)\D+\d+/.exec(b);
    return { texts, badge: b, count: shown ? Number(shown[1]) : undefined };
  };
  const ok = (r) =>
    r.count === n && r.texts.length === n && r.texts.every((t) => t.includes(file)) && (parts.length === 0 || r.texts.some((t) => parts.every((p) => t.includes(p))));
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let r = await read();
  while (Date.now() < deadline) {
    if (ok(r)) {
      await page.waitForTimeout(1000);
      r = await read();
      if (ok(r)) return r.texts;
    }
    await page.waitForTimeout(250);
    r = await read();
  }
  throw new Error(`expected ${n} ${code} in ${file}${parts.length ? ` with ${JSON.stringify(parts)}` : ""}; filter badge "${r.badge}", ${r.texts.length} rows:\n  ${r.texts.join("\n  ")}`);
}

/** Runs a command from the Command Palette (F1). */
async function runCommand(title) {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type(title);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget input").waitFor({ state: "hidden" });
}

/**
 * Changes the user settings the way a user does: Preferences: Open User
 * Settings (JSON), replace the text, save, close; then back to `file`.
 */
async function editSettings(extra, file) {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("Preferences: Open User Settings (JSON)");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Open User Settings (JSON)" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: "settings.json" }).waitFor();
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ state: "visible" });
  // One line, and whatever the editor auto-closed after it deleted.
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(JSON.stringify({ ...baseSettings(), ...extra }));
  await page.keyboard.press("Shift+Control+End");
  await page.keyboard.press("Delete");
  await page.keyboard.press("Control+S");
  await page.locator(".tabs-container .tab.active.dirty", { hasText: "settings.json" }).waitFor({ state: "detached" });
  await page.keyboard.press("Control+W");
  await page.locator(".tabs-container .tab.active", { hasText: file }).waitFor();
}

async function goToLine(line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });
}

/** Focuses the editor of evaluation.hyoka and puts the cursor at `line`:`column` (1-based). */
async function cursorAt(line, column) {
  await page.locator(".monaco-editor .view-lines").first().click();
  await goToLine(line, column);
}

/** The cursor's place as the status bar shows it ("Ln 12, Col 1"), or "". */
async function cursorStatus() {
  const item = page.locator(".statusbar-item", { hasText: /^Ln \d+, Col \d+/ }).first();
  return (await item.innerText().catch(() => "")).replace(/\s+/g, " ").trim();
}

/**
 * Opens a new empty line above `line` (1-based) and leaves the cursor on it.
 * The status bar shows when the Enter has landed (the cursor on the next
 * line); the cursor is then put on the new line with Go to Line, not with an
 * ArrowUp that a slow machine may deliver late (and twice, once repeated).
 */
async function newLineAbove(line) {
  const waitStatus = async (want, ms) => {
    const until = Date.now() + ms;
    let now = await cursorStatus();
    while (!now.startsWith(want) && Date.now() < until) {
      await page.waitForTimeout(100);
      now = await cursorStatus();
    }
    return now;
  };
  await cursorAt(line, 1);
  const want = `Ln ${line}, Col 1`;
  if (!(await waitStatus(want, 2000)).startsWith(want)) throw new Error(`could not put the cursor at ${want}: it is at ${await cursorStatus()}`);
  await page.keyboard.press("Enter");
  const after = await waitStatus(`Ln ${line + 1}, Col 1`, 3000);
  if (!after.startsWith(`Ln ${line + 1}, Col 1`)) throw new Error(`the Enter at ${want} did not land: the cursor is at ${after}`);
  await goToLine(line, 1);
  const now = await waitStatus(want, 2000);
  if (!now.startsWith(want)) throw new Error(`could not go to the new line ${line}: the cursor is at ${now}`);
}

/**
 * Saves evaluation.hyoka (Ctrl+S) and returns its lines as on disk, once they
 * differ from `previous` (the tab stops being dirty before code-server has
 * written the file), or after 5 s.
 */
async function saveAndRead(previous) {
  await page.keyboard.press("Escape"); // a snippet's placeholders, a widget
  await page.keyboard.press("Control+S");
  await page.locator(".tabs-container .tab.active.dirty", { hasText: "evaluation.hyoka" }).waitFor({ state: "detached" });
  const before = previous?.join("\n");
  const deadline = Date.now() + 5000;
  let text = fs.readFileSync(evaluationFile, "utf8");
  while (text === before && Date.now() < deadline) {
    await page.waitForTimeout(100);
    text = fs.readFileSync(evaluationFile, "utf8");
  }
  return text.split("\n");
}

/** 1-based number of the first line for which `pred` holds; throws when none. */
function lineWhere(lines, pred, what) {
  const i = lines.findIndex(pred);
  if (i < 0) throw new Error(`${what} is not in evaluation.hyoka any more`);
  return i + 1;
}

const suggestRows = () => page.locator(".editor-widget.suggest-widget.visible .monaco-list-row");

/**
 * The suggestions shown at the cursor: those that appeared while typing, else
 * those of an explicit Trigger Suggest (Ctrl+Space). Throws with the widget's
 * message ("No suggestions.") when there are none.
 */
async function suggestions(context) {
  const first = await suggestRows().first().waitFor({ state: "visible", timeout: 5000 }).then(() => true, () => false);
  if (!first) {
    await page.keyboard.press("Control+Space");
    const widget = page.locator(".editor-widget.suggest-widget.visible");
    await widget.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS }).catch(() => undefined);
    const found = await suggestRows().first().waitFor({ state: "visible", timeout: 8000 }).then(() => true, () => false);
    if (!found) {
      const message = (await widget.innerText().catch(() => "")).replace(/\s+/g, " ").trim();
      throw new Error(`${context}: no suggestions (the widget says ${JSON.stringify(message || "nothing: it did not open")})`);
    }
  }
  await page.waitForTimeout(300); // let the list settle
  return (await suggestRows().allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

/** Moves the focus of the suggest widget to the first row containing `text` and accepts it (Enter). */
async function accept(text) {
  for (let i = 0; i < 60; i++) {
    const focused = (await page.locator(".editor-widget.suggest-widget.visible .monaco-list-row.focused").first().innerText().catch(() => "")).replace(/\s+/g, " ");
    if (focused.includes(text)) {
      await page.keyboard.press("Enter");
      await page.locator(".editor-widget.suggest-widget.visible").waitFor({ state: "hidden" }).catch(() => undefined);
      return focused.trim();
    }
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(30);
  }
  throw new Error(`no suggestion containing ${JSON.stringify(text)} could be focused`);
}

async function shot(name) {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, timeout: 5000 }).catch(() => undefined);
}

/** The Hyoka output channel's log, as the extension host wrote it. */
function hyokaOutput() {
  return findFiles(path.join(userData, "logs"), /Hyoka Language Server\.log$/)
    .map((f) => fs.readFileSync(f, "utf8"))
    .join("\n");
}

/** Waits for exactly one notification about hyoka, containing every one of `parts`; returns its text. */
async function expectOneHyokaToast(parts) {
  const toasts = page.locator(".notifications-toasts .notification-toast");
  await toasts.filter({ hasText: parts[0] }).first().waitFor();
  await page.waitForTimeout(1500); // let any further error arrive
  const all = (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
  const about = all.filter((t) => /hyoka/i.test(t));
  if (about.length !== 1 || !parts.every((p) => about[0].includes(p))) {
    throw new Error(`expected one message about hyoka with ${JSON.stringify(parts)}, got:\n  ${all.join("\n  ")}`);
  }
  return about[0];
}

// ------------------------------------------------------------------ a platform .vsix
/**
 * The test of a platform .vsix (E2E_BUNDLED=1), installed already: its
 * bin/hyoka runs with nothing on PATH or in ~/.cargo/bin and the setting
 * unset; a bin/hyoka without its x bit gets it back.
 */
async function bundledPass(proseLine) {
  const installed = fs.readdirSync(extensions).filter((d) => d.startsWith("hyoka.hyoka-"));
  if (installed.length !== 1) throw new Error(`expected one hyoka extension in ${extensions}, found ${JSON.stringify(installed)}`);
  const bundled = path.join(extensions, installed[0], "bin", "hyoka");
  if (!fs.existsSync(bundled)) throw new Error(`${path.basename(vsix)} has no bin/hyoka: ${bundled} does not exist (the universal .vsix?)`);
  const mode = fs.statSync(bundled).mode & 0o777;
  if ((mode & 0o111) === 0) throw new Error(`${bundled} was installed without its x bit (mode ${mode.toString(8)})`);
  if (fs.statSync(bundled).size !== fs.statSync(hyoka).size) throw new Error(`${bundled} is not ${hyoka} (sizes differ)`);
  log(`installed: ${path.relative(tmp, bundled)} (mode ${mode.toString(8)}, the same size as ${path.relative(repo, hyoka)})`);

  // No other hyoka: not on the PATH code-server gets, not in its ~/.cargo/bin, no setting.
  const env = codeServerEnv();
  const elsewhere = [...env.PATH.split(path.delimiter).map((d) => path.join(d, "hyoka")), cargoHyoka].filter((p) => fs.existsSync(p));
  if (elsewhere.length) throw new Error(`hyoka is also at ${elsewhere.join(", ")}: the test would not show that the bundled one is used`);
  const settings = JSON.parse(fs.readFileSync(path.join(userData, "User", "settings.json"), "utf8"));
  if ("hyoka.server.path" in settings) throw new Error("hyoka.server.path is set in the settings");

  const port = await startCodeServer(["--locale", "en"]);
  await openEvaluation(port);
  await page.locator(".statusbar-item", { hasText: /^Hyoka$/ }).first().waitFor();

  const using = `using ${bundled} (bundled with the extension)`;
  await waitUntil(() => hyokaOutput().includes(using), () => `the Hyoka output does not say ${JSON.stringify(using)}:\n${hyokaOutput().slice(-2000)}`);
  log(`output: ${using}`);
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 73`]);
  log("Problems: 10 HY0106 from the bundled server");

  // One edit: a character typed into the prose line moves its HY0106.
  await cursorAt(proseLine, 1);
  await page.keyboard.type("x");
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 74`]);
  await cursorAt(proseLine, 2);
  await page.keyboard.press("Backspace");
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 73`]);
  log(`typed "x" at ${proseLine}:1 and deleted it: 10 HY0106, Col 74 then 73`);

  // Without its x bit (as a .vsix packed on Windows installs it), the restart makes it executable.
  fs.chmodSync(bundled, 0o644);
  const made = `made ${bundled} executable`;
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Hyoka: Restart Language Server");
  await waitUntil(() => hyokaOutput().includes(made), () => `after chmod 644 and a restart, the Hyoka output does not say ${JSON.stringify(made)}:\n${hyokaOutput().slice(-2000)}`);
  await waitUntil(() => hyokaOutput().split(using).length - 1 >= 2, () => `after the restart, the Hyoka output does not say ${JSON.stringify(using)} again:\n${hyokaOutput().slice(-2000)}`);
  const after = fs.statSync(bundled).mode & 0o777;
  if (after !== 0o755) throw new Error(`${bundled} has mode ${after.toString(8)} after the restart, not 755`);
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 73`]);
  log(`chmod 644, restart: "${made}", mode 755, 10 HY0106 again`);
}

// ------------------------------------------------------------------ the preview
/* global document, window -- in the functions evaluated in the preview's page and the workbench */

/**
 * The frame of the Hyoka preview (the webview's content: the server's page,
 * `<main class="sheet">`), or undefined while there is none. Looked up each
 * time: a webview that reloads gets a new frame.
 */
async function previewFrame() {
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    const found = await f.evaluate(() => document.querySelector("body > main.sheet") !== null).catch(() => false);
    if (found) return f;
  }
  return undefined;
}

/** Runs `fn(arg)` in the preview's page; undefined while there is no preview. */
async function inPreview(fn, arg) {
  const f = await previewFrame();
  return f?.evaluate(fn, arg).catch(() => undefined);
}

/**
 * Where the preview is scrolled to: the source line of the last element with
 * data-line at or above its top edge (`at`), and the line of the next one.
 */
function previewTop() {
  return inPreview(() => {
    let at = 0;
    let next;
    for (const el of document.querySelectorAll("[data-line]")) {
      const line = Number(el.getAttribute("data-line"));
      if (line <= at || el.getClientRects().length === 0) continue;
      if (el.getBoundingClientRect().top <= 2) at = line;
      else {
        next = line;
        break;
      }
    }
    return { at, next, scrollY: window.scrollY };
  });
}

/** The number (1-based) of the first source line shown at the top of the first editor. */
function editorTopLine() {
  return page.evaluate(() => {
    const editor = document.querySelector(".editor-instance .monaco-editor");
    if (editor === null) return undefined;
    const top = editor.getBoundingClientRect().top;
    const numbers = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")]
      .map((e) => ({ n: Number(e.textContent), r: e.getBoundingClientRect() }))
      .filter((x) => Number.isInteger(x.n) && x.n > 0 && x.r.top >= top - 2)
      .sort((a, b) => a.r.top - b.r.top);
    return numbers[0]?.n;
  });
}

/**
 * Waits until the editor's top line and the preview's agree: the editor's
 * first line (0-based) lies between the element at the preview's top and the
 * next one (a line either side for a wrapped or partly visible line).
 */
async function expectScrollSynced(what) {
  let state;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const editorTop = await editorTopLine();
    const preview = await previewTop();
    state = { editorTop, preview };
    if (editorTop !== undefined && preview !== undefined) {
      const line = editorTop - 1;
      if (preview.at - 1 <= line && line <= (preview.next ?? Infinity) + 1) return state;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}: the editor and the preview do not show the same place: ${JSON.stringify(state)}`);
}

// ------------------------------------------------------------------ the import
// "Hyoka: Import PDF…" on the seed's text (tests/data), copied outside the
// workspace into a folder with Japanese and a space; the default output
// folder is beside it, named after it. Keybindings (keybindings.json) run the
// command with arguments, as executeCommand would.
const reportsDir = path.join(tmp, "公表資料 令和5年度");
const reportFile = path.join(reportsDir, "mofa-I-2-north-america-r5.txt");
const importDir = path.join(reportsDir, "mofa-I-2-north-america-r5");
const importDirJa = path.join(reportsDir, "取り込み（日本語）");
const scannedPdf = path.join(reportsDir, "スキャン 資料.pdf");
const IMPORT_KEYS = { again: "Control+Alt+Shift+I", pdf: "Control+Alt+Shift+U", ja: "Control+Alt+Shift+J" };
const IMPORTED = ["budget-sheet.hyoka", "evaluation.hyoka", "plan.hyoka"];

function prepareImport() {
  fs.rmSync(reportsDir, { recursive: true, force: true });
  fs.mkdirSync(reportsDir, { recursive: true });
  fs.copyFileSync(path.join(repo, "tests/data/mofa-I-2-north-america-r5.txt"), reportFile);
  fs.writeFileSync(scannedPdf, "%PDF-1.4\n%%EOF\n");
  const key = (k) => k.toLowerCase().replace("control", "ctrl");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.writeFileSync(
    path.join(userData, "User", "keybindings.json"),
    JSON.stringify(
      [
        { key: key(IMPORT_KEYS.again), command: "hyoka.importPdf", args: { input: reportFile } },
        { key: key(IMPORT_KEYS.pdf), command: "hyoka.importPdf", args: { input: scannedPdf, outDir: path.join(reportsDir, "スキャン") } },
        { key: key(IMPORT_KEYS.ja), command: "hyoka.importPdf", args: { input: reportFile, outDir: importDirJa } },
      ],
      null,
      2,
    ),
  );
}

/** `hyoka check --format json` of `p` (exit status 1 is findings, not a failure). */
function hyokaCheck(p) {
  try {
    return JSON.parse(execFileSync(hyoka, ["check", "--format", "json", p], { encoding: "utf8" }));
  } catch (e) {
    if (e.status !== 1) throw e;
    return JSON.parse(e.stdout);
  }
}

/**
 * For the imported evaluation.hyoka and plan.hyoka: a finding `hyoka check`
 * gives the file alone that the example's file of the same name has not at
 * that place, as Problems shows it: [file, code, "Ln 62, Col 40"].
 */
function importedFindings(dir) {
  const at = (d) => `Ln ${d.range.start.line + 1}, Col ${d.range.start.character + 1}`;
  return ["evaluation.hyoka", "plan.hyoka"].map((f) => {
    const example = new Set(hyokaCheck(path.join(workspace, f)).map((d) => `${d.code} ${at(d)}`));
    // Hints (the import's guesses, HY0415) are not listed in Problems; a
    // finding is looked for by code and place, so one alone at its place.
    const all = hyokaCheck(path.join(dir, f));
    const alone = (x) => all.filter((y) => y.code === x.code && at(y) === at(x)).length === 1;
    // The rarest code first: a long list of one code scrolls out of the panel.
    const rarity = (x) => all.filter((y) => y.code === x.code).length + hyokaCheck(path.join(workspace, f)).filter((y) => y.code === x.code).length;
    const d = all
      .filter((x) => x.severity !== "hint" && alone(x) && !example.has(`${x.code} ${at(x)}`))
      .sort((a, b) => rarity(a) - rarity(b))[0];
    if (d === undefined) throw new Error(`hyoka check finds nothing in the imported ${f} that the example has not`);
    return [f, d.code, at(d)];
  });
}

/** Waits for a notification containing every one of `parts`; returns it. */
async function waitForToast(parts) {
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: parts[0] }).first();
  await toast.waitFor().catch(async () => {
    const all = await page.locator(".notifications-toasts .notification-toast").allInnerTexts();
    throw new Error(`no notification with ${JSON.stringify(parts[0])}; there are:\n  ${all.join("\n  ")}`);
  });
  const text = (await toast.innerText()).replace(/\s+/g, " ");
  if (!parts.every((p) => text.includes(p))) throw new Error(`the notification does not say ${JSON.stringify(parts)}: ${text}`);
  return toast;
}

/**
 * Like waitForToast, but a toast that VS Code has already hidden (a busy
 * machine: another notification came first) is looked for in the
 * notification center too.
 */
async function waitForNotice(parts) {
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: parts[0] }).first();
  if (await toast.waitFor({ timeout: 10000 }).then(() => true, () => false)) return waitForToast(parts);
  await runCommand("Notifications: Show Notifications");
  const item = page.locator(".notifications-center .notification-list-item", { hasText: parts[0] }).first();
  await item.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(async () => {
    const all = await page.locator(".notifications-center .notification-list-item").allInnerTexts();
    throw new Error(`no notification with ${JSON.stringify(parts[0])}, shown or in the center; there are:\n  ${all.join("\n  ")}`);
  });
  const text = (await item.innerText()).replace(/\s+/g, " ");
  if (!parts.every((p) => text.includes(p))) throw new Error(`the notification does not say ${JSON.stringify(parts)}: ${text}`);
  await runCommand("Notifications: Hide Notifications");
  return item;
}

/** Waits until the editor has a tab for each of `names` and the active one is `active`; returns the tabs' texts. */
async function expectTabs(names, active) {
  let tabs = [];
  await waitUntil(
    async () => {
      tabs = (await page.locator(".tabs-container .tab").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
      return names.every((n) => tabs.some((t) => t.includes(n)));
    },
    () => `the tabs are ${JSON.stringify(tabs)}, not all of ${JSON.stringify(names)}`,
  );
  await page.locator(".tabs-container .tab.active", { hasText: active }).waitFor();
  return tabs;
}

/** The file of the active editor, from the breadcrumbs (its folder and name). */
async function activeBreadcrumbs() {
  return (await page.locator(".breadcrumbs-control").first().innerText().catch(() => "")).replace(/\s+/g, " ").trim();
}

/**
 * The English pass's import: the command from the Command Palette, the
 * report picked in the file dialog, the default folder accepted; the three
 * documents open (the 政策評価書 in front) and get their diagnostics. Again,
 * by a keybinding with arguments: the files exist, "Overwrite" writes them
 * again. A PDF on a machine without pdftotext: the CLI's error, in a message.
 */
async function importPass() {
  const findings = (() => {
    const scratch = path.join(tmp, "import-expected");
    fs.rmSync(scratch, { recursive: true, force: true });
    execFileSync(hyoka, ["import", reportFile, "-o", scratch, "--lang", "en"], { stdio: "pipe" });
    return importedFindings(scratch);
  })();
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("Hyoka: Import PDF");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Hyoka: Import PDF…" }).first().waitFor();
  await page.keyboard.press("Enter");
  // code-server's file dialog is a quick input: the path is typed.
  const title = page.locator(".quick-input-widget .quick-input-title");
  await title.filter({ hasText: "Import a published report (PDF, or its text)" }).waitFor();
  const box = page.locator(".quick-input-widget input");
  const dialog = title.filter({ hasText: "Import a published report (PDF, or its text)" });
  const next = title.filter({ hasText: "where to write the documents of mofa-I-2-north-america-r5.txt" });
  for (let attempt = 1; ; attempt++) {
    // It shows the workspace's folder first; then the report's path is typed
    // over it. Typed again after a failed attempt, the box holds that attempt's
    // text (no folder): it is let settle and typed over.
    if (attempt === 1) {
      await waitUntil(async () => (await box.inputValue()).endsWith("/"), "the file dialog shows no folder");
    } else {
      await page.waitForTimeout(1000);
    }
    await box.fill(reportFile);
    // A busy dialog may rewrite the path while it lists a folder (a slow
    // machine): then the path is typed again, below.
    let typed = false;
    for (const until = Date.now() + 5000; !typed && Date.now() < until; await page.waitForTimeout(250)) {
      typed = (await box.inputValue()) === reportFile;
    }
    if (typed) {
      // Once it lists the report's folder, its button (the openLabel) takes the file.
      const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: path.basename(reportFile) }).first();
      if (await row.waitFor({ timeout: 10000 }).then(() => true, () => false)) {
        await page.waitForTimeout(200);
        await page.locator(".quick-input-widget .monaco-button", { hasText: /^Import$/ }).click();
        if (await next.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      }
    }
    if (attempt >= 5 || !(await dialog.isVisible())) throw new Error(`the file dialog did not take ${reportFile}: its path is ${JSON.stringify(await box.inputValue())}`);
    log(`the file dialog did not take the path (it shows ${JSON.stringify(await box.inputValue())}); again`);
  }
  const rows = page.locator(".quick-input-widget .monaco-list-row");
  await rows.filter({ hasText: "A folder beside the report" }).first().waitFor();
  const choices = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  if (!choices[0].includes(importDir) || !choices.some((c) => c.includes("Choose a Folder…"))) {
    throw new Error(`the choice of folder: ${JSON.stringify(choices)} (the first should be ${importDir})`);
  }
  log(`Import PDF…: ${path.basename(reportFile)} picked in the file dialog; folders offered: ${choices.join(" | ")}`);
  const started = Date.now();
  await page.keyboard.press("Enter");
  const done = await waitForToast(["Hyoka: imported 3 document(s) from mofa-I-2-north-america-r5.txt into", importDir, "are guesses, marked `// hyoka-import: 推測`"]);
  log(`imported in ${Date.now() - started} ms: ${(await done.innerText()).replace(/\s+/g, " ").slice(0, 200)}`);
  for (const f of IMPORTED) {
    if (!fs.existsSync(path.join(importDir, f))) throw new Error(`${path.join(importDir, f)} was not written`);
  }
  const tabs = await expectTabs(IMPORTED, "evaluation.hyoka");
  let crumbs = "";
  await waitUntil(
    async () => (crumbs = await activeBreadcrumbs()).includes(path.basename(importDir)),
    () => `the active editor is not the imported evaluation.hyoka: breadcrumbs ${JSON.stringify(crumbs)}`,
  );
  log(`open: ${tabs.join(" | ")}; in front: ${crumbs}`);
  // Their diagnostics, as hyoka check gives them.
  for (const [file, code, at] of findings) {
    await filterProblems(code);
    const row = await waitForProblem([code, file, path.basename(importDir), at]);
    log(`Problems: ${row.slice(0, 140)}`);
  }
  await filterProblems("");
  await runCommand("Notifications: Clear All Notifications");
  await page.locator(".monaco-editor .view-lines").first().click();

  // Again, with arguments: the files exist; overwrite them.
  const sheet = path.join(importDir, "budget-sheet.hyoka");
  fs.appendFileSync(sheet, "// edited after the import\n");
  await page.keyboard.press(IMPORT_KEYS.again);
  await title.filter({ hasText: "where to write the documents of" }).waitFor();
  await page.keyboard.press("Enter");
  const exists = await waitForToast([`Hyoka: ${importDir} already has budget-sheet.hyoka, evaluation.hyoka, plan.hyoka. Overwrite them with the import of mofa-I-2-north-america-r5.txt?`]);
  const buttons = (await exists.locator(".monaco-button").allInnerTexts()).map((b) => b.trim()).filter((b) => b !== "");
  if (!buttons.includes("Overwrite") || !buttons.includes("Choose Another Folder…")) throw new Error(`the buttons are ${JSON.stringify(buttons)}`);
  log(`again: ${(await exists.innerText()).replace(/\s+/g, " ").slice(0, 160)} [${buttons.join("] [")}]`);
  await exists.locator(".monaco-button", { hasText: "Overwrite" }).click();
  await waitUntil(() => !fs.readFileSync(sheet, "utf8").includes("// edited after the import"), `"Overwrite" did not write ${sheet} again`);
  await waitForNotice(["Hyoka: imported 3 document(s) from mofa-I-2-north-america-r5.txt into", importDir]);
  log("Overwrite: written again");
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Notifications: Clear All Notifications");

  // A PDF without pdftotext: the CLI's message says what to install; nothing written.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press(IMPORT_KEYS.pdf);
  const failed = await waitForToast([`Hyoka: could not import ${path.basename(scannedPdf)}: cannot run pdftotext to read the PDF (install poppler-utils, or set HYOKA_PDFTOTEXT)`]);
  if (fs.existsSync(path.join(reportsDir, "スキャン"))) throw new Error("a failed import created its folder");
  log(`a PDF without pdftotext: ${(await failed.innerText()).replace(/\s+/g, " ").slice(0, 200)}`);
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Notifications: Clear All Notifications");
}

/**
 * The Japanese pass's import, with arguments (a keybinding): the command's
 * title, the messages and buttons in Japanese, the documents open.
 */
async function importPassJa() {
  const commandJa = `${nlsJa["command.category"]}: ${nlsJa["command.importPdf.title"]}`;
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("Hyoka");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: commandJa }).first().waitFor().catch(async () => {
    const rows = await page.locator(".quick-input-widget .monaco-list-row").allInnerTexts();
    throw new Error(`no command ${JSON.stringify(commandJa)} in the Command Palette; rows:\n  ${rows.join("\n  ")}`);
  });
  await page.keyboard.press("Escape");
  const name = path.basename(reportFile);
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press(IMPORT_KEYS.ja);
  const doneJa = ja("Hyoka: imported {0} document(s) from {1} into {2}.", 3, name, importDirJa);
  const done = await waitForToast([doneJa]);
  const text = (await done.innerText()).replace(/\s+/g, " ");
  if (englishIn(text.replaceAll(name, " ").replaceAll(importDirJa, " ")).length > 0) throw new Error(`English words in ${text}`);
  await expectTabs(IMPORTED, "evaluation.hyoka");
  log(`${commandJa} (arguments): ${text.slice(0, 200)}`);
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Notifications: Clear All Notifications");
  // Again: the files exist; the question and its buttons in Japanese.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press(IMPORT_KEYS.ja);
  const names = IMPORTED.reduce((list, n) => ja("{0}, {1}", list, n));
  const question = ja("Hyoka: {0} already has {1}. Overwrite them with the import of {2}?", importDirJa, names, name);
  const exists = await waitForToast([question]);
  const buttons = (await exists.locator(".monaco-button").allInnerTexts()).map((b) => b.trim()).filter((b) => b !== "");
  for (const b of [ja("Overwrite"), ja("Choose Another Folder…")]) {
    if (!buttons.includes(b)) throw new Error(`no button ${b}: ${JSON.stringify(buttons)}`);
  }
  await exists.locator(".monaco-button", { hasText: ja("Overwrite") }).click();
  await waitForNotice([doneJa]);
  log(`again: ${question.slice(0, 120)} [${buttons.join("] [")}] → ${ja("Overwrite")}: written again`);
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Notifications: Clear All Notifications");
}

// ------------------------------------------------------------------ the Japanese pass
const nlsJa = JSON.parse(fs.readFileSync(path.join(ext, "package.nls.ja.json"), "utf8"));
const bundleJa = JSON.parse(fs.readFileSync(path.join(ext, "l10n/bundle.l10n.ja.json"), "utf8"));
/** A runtime text of the extension in Japanese, its arguments filled in as vscode.l10n.t does. */
function ja(message, ...args) {
  const text = bundleJa[message];
  if (text === undefined) throw new Error(`not in l10n/bundle.l10n.ja.json: ${message}`);
  return text.replace(/\{(\d+)\}/g, (whole, i) => (args[i] === undefined ? whole : String(args[i])));
}

/**
 * Makes `languageId` a display language VS Code can switch to: a language
 * pack without translations, registered where VS Code's own language packs
 * are (languagepacks.json in the user data; code-server reads it for `--locale`).
 */
function installEmptyLanguagePack(languageId) {
  const dir = path.join(tmp, `language-pack-${languageId}`);
  fs.mkdirSync(dir, { recursive: true });
  const translations = path.join(dir, "main.i18n.json");
  fs.writeFileSync(translations, JSON.stringify({ version: "1.0.0", contents: {} }));
  const pack = {
    hash: `hyoka-e2e-${languageId}`,
    label: languageId,
    extensions: [{ extensionIdentifier: { id: `hyoka-e2e.language-pack-${languageId}` }, version: "0.0.0" }],
    translations: { vscode: translations },
  };
  fs.writeFileSync(path.join(userData, "languagepacks.json"), JSON.stringify({ [languageId]: pack }, null, 2));
}

/** Polls `fn` until it returns a truthy value; throws `what()` after STEP_TIMEOUT_MS. */
async function waitUntil(fn, what) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(typeof what === "function" ? await what() : what);
    await page.waitForTimeout(250);
  }
}

/** The message (only) of the row of Problems (as filtered) whose position is `at` ("Ln 424, Col 73"). */
async function problemMessage(at) {
  const row = page.locator(".markers-panel .monaco-list-row", { hasText: at }).first();
  await row.waitFor();
  const cell = row.locator(".message").first();
  return ((await cell.getAttribute("title").catch(() => null)) ?? (await cell.innerText())).replace(/\s+/g, " ").trim();
}

/** The English words of a text shown to the user, paths and the setting's key left out. */
function englishIn(text) {
  return englishWords(text.replace(/\/[^\s（）「」、。:]*/g, " ").replaceAll("hyoka.server.path", " "));
}

async function japanesePass(proseLine) {
  const commandJa = `${nlsJa["command.category"]}: ${nlsJa["command.restartServer.title"]}`;
  log(`Japanese pass (E2E_JA=${JA}): code-server --locale ja`);
  await stopCodeServer();
  prepareWorkspace();
  writeSettings({});
  prepareImport();
  installEmptyLanguagePack("ja");
  const port = await startCodeServer(["--locale", "ja"]);
  await openEvaluation(port);
  const language = await page.evaluate(() => globalThis._VSCODE_NLS_LANGUAGE);
  if (language !== "ja") {
    throw new Error(`code-server did not take ja as the display language (it is ${JSON.stringify(language)}): see languagepacks.json in ${userData}`);
  }

  // The extension's own texts. Its output channel (l10n/bundle.l10n.ja.json):
  const using = ja("using {0} (found where cargo install puts it)", cargoHyoka);
  await waitUntil(() => hyokaOutput().includes(using), () => `the Hyoka output does not say ${JSON.stringify(using)}:\n${hyokaOutput().slice(-2000)}`);
  log(`output: ${using}`);

  // The command's title in the Command Palette (package.nls.ja.json).
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("Hyoka");
  const command = page.locator(".quick-input-widget .monaco-list-row", { hasText: commandJa }).first();
  await command.waitFor().catch(async () => {
    const rows = await page.locator(".quick-input-widget .monaco-list-row").allInnerTexts();
    throw new Error(`no command ${JSON.stringify(commandJa)} in the Command Palette; rows:\n  ${rows.join("\n  ")}`);
  });
  log(`Command Palette: ${(await command.innerText()).replace(/\s+/g, " ")}`);
  await page.keyboard.press("Escape");

  // The preview's command and the title of its panel.
  const previewCommandJa = `${nlsJa["command.category"]}: ${nlsJa["command.openPreviewToSide.title"]}`;
  const previewTitleJa = ja("Preview: {0}", "evaluation.hyoka");
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand(previewCommandJa);
  const previewTabJa = page.locator(".tabs-container .tab", { hasText: previewTitleJa });
  await previewTabJa.waitFor();
  const previewLang = await waitUntil(
    () => inPreview(() => (document.querySelector("h1")?.textContent.includes("政策評価書") ? document.documentElement.lang : undefined)),
    `"${previewCommandJa}" opened no preview of evaluation.hyoka`,
  );
  if (JA === "all" && previewLang !== "ja") throw new Error(`the preview's page is in ${JSON.stringify(previewLang)}, not ja`);
  log(`preview: "${previewCommandJa}" opens "${previewTitleJa}" (page lang ${previewLang})`);
  await previewTabJa.locator(".tab-actions .action-label").first().click({ force: true });
  await previewTabJa.waitFor({ state: "detached" });

  // The description of hyoka.language in the Settings editor.
  await runCommand("Preferences: Open Settings (UI)");
  await page.locator(".settings-editor").waitFor({ state: "visible" });
  await page.keyboard.type("hyoka.language");
  const description = nlsJa["config.language.markdownDescription"].split("（")[0];
  const setting = page.locator(".settings-editor .setting-item-contents", { hasText: description }).first();
  await setting.waitFor().catch(async () => {
    const items = await page.locator(".settings-editor .setting-item-contents").allInnerTexts();
    throw new Error(`the Settings editor does not describe hyoka.language with ${JSON.stringify(description)}:\n  ${items.join("\n  ")}`);
  });
  log(`Settings: ${(await setting.innerText()).replace(/\s+/g, " ").slice(0, 140)}`);
  await page.keyboard.press("Control+W");
  await page.locator(".tabs-container .tab.active", { hasText: "evaluation.hyoka" }).waitFor();

  // No server: the message, from src/server.ts too, and its buttons in Japanese.
  fs.rmSync(cargoHyoka);
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand(commandJa);
  const notFoundStart = ja("Hyoka: the language server was not found. {0}", "").trim();
  await expectOneHyokaToast([notFoundStart, cargoHyoka, "hyoka.server.path", "`cargo install --path .`"]);
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: notFoundStart }).first();
  const message = (await toast.locator(".notification-list-item-message").innerText()).replace(/\s+/g, " ");
  const buttons = (await toast.locator(".monaco-button").allInnerTexts()).map((b) => b.trim()).filter((b) => b !== "");
  if (englishIn(message).length > 0) throw new Error(`English words ${JSON.stringify(englishIn(message))} in the message: ${message}`);
  for (const b of [ja("Open Settings"), ja("Show Log")]) {
    if (!buttons.includes(b)) throw new Error(`no button ${b}: ${JSON.stringify(buttons)}`);
  }
  log(`no server: ${message.slice(0, 200)} [${buttons.join("] [")}]`);
  await runCommand("Notifications: Clear All Notifications");
  // Back: the same command starts it again.
  fs.symlinkSync(hyoka, cargoHyoka);
  await runCommand(commandJa);

  if (JA !== "all") {
    log("the server's messages in Japanese: not checked (E2E_JA=ui)");
    await importPassJa();
    return;
  }
  // The server's diagnostics, in the display language (initialize's locale) …
  const hint = "(does this hyoka have Japanese messages? E2E_JA=ui checks only the extension's own texts)";
  const at = `Ln ${proseLine}, Col 73`;
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [at]);
  // The server ends each message with the check's name, a code: `… [means-name-mismatch]`.
  const words = (m) => englishWords(m.replace(/ \[[a-z0-9]+(?:-[a-z0-9]+)*\]$/, ""));
  const isJapanese = (m) => m.includes("達成手段") && hasJapanese(m) && words(m).length === 0;
  let hy0106 = "";
  await waitUntil(
    async () => isJapanese((hy0106 = await problemMessage(at))),
    () => `the HY0106 at ${at} is not in Japanese: ${JSON.stringify(hy0106)}, English words ${JSON.stringify(words(hy0106))} ${hint}`,
  );
  log(`Problems in Japanese: HY0106 ${hy0106.slice(0, 140)}`);
  await shot("screenshot-ja.png");
  // … unless hyoka.language says otherwise; it applies without a restart …
  await editSettings({ "hyoka.language": "en" }, "evaluation.hyoka");
  await waitUntil(
    async () => words((hy0106 = await problemMessage(at))).length > 0,
    () => `hyoka.language "en": the HY0106 at ${at} is still ${JSON.stringify(hy0106)}`,
  );
  log(`hyoka.language "en": HY0106 ${hy0106.slice(0, 140)}`);
  // … and without it, Japanese again.
  await editSettings({}, "evaluation.hyoka");
  await waitUntil(
    async () => isJapanese((hy0106 = await problemMessage(at))),
    () => `hyoka.language removed: the HY0106 at ${at} is ${JSON.stringify(hy0106)}, not Japanese again`,
  );
  log(`hyoka.language removed: Japanese again`);
  // Last: the imported 政策評価書 has the findings counted above.
  await importPassJa();
}

/**
 * The preview: "Hyoka: Open Preview to the Side" (the editor's title bar has
 * it too) opens one panel beside the editor, with the page of the form; an
 * edit shows in it within PREVIEW_LIMIT_MS, its finding marked; the editor
 * and the preview scroll together both ways; a double-click on the preview
 * selects the source line. Types 653 over the 652 of `合計(a＋b＋c)` at
 * totalLine:totalColumn (1-based) and leaves it there; closes the preview.
 */
async function previewPass(totalLine, totalColumn) {
  const row = totalLine - 1; // data-line is 0-based
  const title = "Preview: evaluation.hyoka";
  const previewTab = page.locator(".tabs-container .tab", { hasText: title });

  await page.locator(".monaco-editor .view-lines").first().click();
  const button = page.locator('.editor-actions .action-label[aria-label*="Open Preview to the Side"]');
  await button.first().waitFor({ state: "visible" }).catch(async () => {
    const actions = await page.locator(".editor-actions .action-label").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    throw new Error(`no "Open Preview to the Side" in the editor's title bar: ${JSON.stringify(actions)}`);
  });
  const opened = Date.now();
  await runCommand("Hyoka: Open Preview to the Side");
  await previewTab.waitFor();
  const shown = await waitUntil(
    () =>
      inPreview(
        (r) => {
          const heading = document.querySelector("h1")?.textContent ?? "";
          const cells = [...(document.querySelector(`tr[data-line="${r}"]`)?.querySelectorAll("td") ?? [])].map((td) => td.textContent.trim());
          return heading.includes("政策評価書") && cells.includes("652") ? { heading, cells, h2: document.querySelectorAll("h2[data-line]").length } : undefined;
        },
        row,
      ),
    () => `the preview does not show the heading and the 652 of the 合計(a＋b＋c) row (data-line ${row})`,
  );
  log(`preview open in ${Date.now() - opened} ms: tab "${title}", h1 "${shown.heading}", ${shown.h2} h2, row ${totalLine}: ${shown.cells.join(" | ")}`);
  // The same command again: still one panel for the document.
  await runCommand("Hyoka: Open Preview to the Side");
  await page.waitForTimeout(500);
  if ((await previewTab.count()) !== 1) throw new Error(`${await previewTab.count()} tabs "${title}" after the second open`);
  // Its page runs only our script: a CSP with a nonce.
  const csp = await inPreview(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"));
  if (!/script-src 'nonce-[A-Za-z0-9]+'/.test(csp ?? "") || !/default-src 'none'/.test(csp)) throw new Error(`the preview's CSP is ${JSON.stringify(csp)}`);

  // Typing shows in the preview: the time from the last keystroke to the new page.
  await cursorAt(totalLine, totalColumn);
  for (let i = 0; i < 3; i++) await page.keyboard.press("Delete");
  await page.keyboard.type("65");
  const typed = Date.now();
  await page.keyboard.type("3");
  log(`typed 653 at ${totalLine}:${totalColumn}`);
  const cellIs = (value) =>
    inPreview(
      ([r, v]) => [...(document.querySelector(`tr[data-line="${r}"]`)?.querySelectorAll("td") ?? [])].some((td) => td.textContent.trim() === v),
      [row, value],
    );
  let textAfter;
  let markAfter;
  let mark;
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (markAfter === undefined && Date.now() < deadline) {
    if (textAfter === undefined && (await cellIs("653"))) textAfter = Date.now() - typed;
    mark = await inPreview((r) => {
      const m = document.querySelector(`tr[data-line="${r}"] mark.f`);
      const note = m && document.getElementById(`f${m.getAttribute("data-f")}`);
      return m && { text: m.textContent, cls: m.className, note: note?.textContent ?? "" };
    }, row);
    if (mark && mark.text === "653" && mark.note.includes("HY0301")) {
      markAfter = Date.now() - typed;
      textAfter ??= markAfter;
    } else {
      await page.waitForTimeout(20);
    }
  }
  if (markAfter === undefined) {
    throw new Error(`the preview does not show 653 marked HY0301 in row ${totalLine} (653 ${textAfter === undefined ? "not shown" : `shown after ${textAfter} ms`}; mark ${JSON.stringify(mark)})`);
  }
  log(`preview updated ${textAfter} ms after the last keystroke; 653 marked (${mark.cls}) after ${markAfter} ms: ${mark.note.slice(0, 100)}`);
  if (markAfter > PREVIEW_LIMIT_MS) throw new Error(`the preview took ${markAfter} ms to show the edit (limit ${PREVIEW_LIMIT_MS} ms)`);
  await shot("preview.png");
  log(`screenshot: ${path.relative(process.cwd(), path.join(outDir, "preview.png"))}`);

  // Editor → preview: a line far down; the preview follows the editor's top line.
  await cursorAt(600, 1);
  let synced = await expectScrollSynced("editor scrolled to line 600");
  log(`editor → preview: editor top line ${synced.editorTop}, preview at data-line ${synced.preview.at} (next ${synced.preview.next}, scrollY ${synced.preview.scrollY})`);

  // Preview → editor: the wheel over the preview; the editor follows.
  const webview = page.locator("iframe.webview").first();
  const box = await webview.boundingBox();
  if (box === null) throw new Error("no webview iframe on the page");
  const before = await editorTopLine();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(50);
  }
  await waitUntil(async () => (await editorTopLine()) > before + 10, () => `the editor did not follow the preview's scrolling (top line still ${before})`);
  synced = await expectScrollSynced("preview scrolled");
  log(`preview → editor: preview at data-line ${synced.preview.at}, editor top line ${before} → ${synced.editorTop}`);

  // A double-click on a paragraph selects its source line, and the editor gets the focus.
  const target = await inPreview(() => {
    for (const p of document.querySelectorAll(".prose p[data-line]")) {
      const r = p.getBoundingClientRect();
      if (r.top > 80 && r.bottom < window.innerHeight - 40 && p.textContent.trim().length > 10) return { line: Number(p.getAttribute("data-line")), text: p.textContent.trim().slice(0, 30) };
    }
    return undefined;
  });
  if (target === undefined) throw new Error("no paragraph in view in the preview to double-click");
  const frame = await previewFrame();
  await frame.locator(`p[data-line="${target.line}"]`).first().dblclick();
  const selection = page.locator(".statusbar-item", { hasText: /^Ln \d+, Col \d+/ }).first();
  const want = `Ln ${target.line + 1}, Col 1 (`;
  let status = "";
  await waitUntil(
    async () => (status = (await selection.innerText().catch(() => "")).trim()).startsWith(want),
    () => `a double-click on the preview's line ${target.line + 1} did not select it in the editor: the status bar says ${JSON.stringify(status)}`,
  );
  log(`double-click on "${target.text}" (preview): editor at ${status}`);

  // Close the preview (the other steps expect one editor group).
  await previewTab.locator(".tab-actions .action-label").first().click({ force: true });
  await previewTab.waitFor({ state: "detached" });
  await page.locator(".tabs-container .tab.active", { hasText: "evaluation.hyoka" }).waitFor();
}

// ------------------------------------------------------------------ the test
try {
  prepareWorkspace();
  fs.writeFileSync(path.join(tmp, "config.yaml"), "auth: none\n");
  writeSettings({});
  prepareImport();
  // The lines to edit, found in the file rather than hard-coded.
  const lines = fs.readFileSync(evaluationFile, "utf8").split("\n");
  const totalLine = lineWhere(lines, (l) => l.startsWith("| 合計(a＋b＋c) | 652 |"), "the 合計(a＋b＋c) | 652 row");
  const totalColumn = lines[totalLine - 1].indexOf("652") + 1; // UTF-16 columns, 1-based
  const proseLine = 424; // prose, with the first HY0106 at column 73
  if (!lines[proseLine - 1].startsWith("以上のように") || lines[proseLine - 1].indexOf("北米諸国との政治分野での協力増進") !== 72) {
    throw new Error(`line ${proseLine} of evaluation.hyoka is not the prose line with the first HY0106 any more`);
  }

  // What `hyoka check` finds in the same folder: the count the editor must show.
  const checked = JSON.parse(
    (() => {
      try {
        return execFileSync(hyoka, ["check", "--format", "json", workspace], { encoding: "utf8" });
      } catch (e) {
        if (e.status !== 1) throw e;
        return e.stdout;
      }
    })(),
  );
  const hy0106Count = checked.filter((d) => d.code === "HY0106" && d.path.endsWith("evaluation.hyoka")).length;
  if (hy0106Count !== 10) throw new Error(`hyoka check finds ${hy0106Count} HY0106 in evaluation.hyoka, the test expects 10`);
  log(`hyoka check ${path.relative(tmp, workspace)}: ${checked.length} diagnostics, ${hy0106Count} HY0106 in evaluation.hyoka`);

  log(`installing ${path.relative(repo, vsix)}`);
  const install = codeServerArgs("--install-extension", vsix);
  execFileSync(install.cmd, install.args, { stdio: "pipe", timeout: STEP_TIMEOUT_MS });

  if (BUNDLED) {
    await bundledPass(proseLine);
    clearTimeout(overall);
    log("E2E PASSED (bundled)");
    await cleanup();
    process.exit(0);
  }

  const port = await startCodeServer(["--locale", "en"]);
  await openEvaluation(port);

  // The language mode comes from the extension.
  await page.locator(".statusbar-item", { hasText: /^Hyoka$/ }).first().waitFor();

  // Problems: the server's diagnostics of the real example; exactly as many
  // HY0106 as `hyoka check` finds (the plan's 達成手段 were found next to it).
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 73`]);
  const hy0106 = await waitForProblem(["協力増進", "HY0106", `Ln ${proseLine},`]);
  log(`Problems: 10 HY0106; ${hy0106.slice(0, 140)}`);

  // The server was `cargo install`'s copy in ~/.cargo/bin, not on PATH.
  {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!hyokaOutput().includes(`using ${cargoHyoka} (found where cargo install puts it)`)) {
      if (Date.now() > deadline) throw new Error(`the Hyoka output does not say it uses ${cargoHyoka}:\n${hyokaOutput()}`);
      await page.waitForTimeout(250);
    }
    log(`server found in ~/.cargo/bin (PATH without hyoka, hyoka.server.path unset)`);
  }

  // A character typed into the prose line moves its HY0106 one column; still 10.
  await cursorAt(proseLine, 1);
  await page.keyboard.type("x");
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 74`]);
  log(`typed "x" at ${proseLine}:1: still 10 HY0106, the one on line ${proseLine} at Col 74`);
  await cursorAt(proseLine, 2);
  await page.keyboard.press("Backspace");
  await expectProblemCount("HY0106", 10, "evaluation.hyoka", [`Ln ${proseLine}, Col 73`]);
  log(`deleted it: still 10 HY0106, back at Col 73`);

  await filterProblems("HY0104");
  const hy0104 = await waitForProblem(["series ③ is not defined", "HY0104", "Ln 1080,"]);
  log(`Problems: ${hy0104.slice(0, 140)}`);

  // Go to Symbol in Editor: the outline from textDocument/documentSymbol.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Shift+O");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("測定指標1-1");
  const symbol = page.locator(".quick-input-widget .monaco-list-row", { hasText: "測定指標1-1" }).first();
  await symbol.waitFor();
  log(`Go to Symbol: ${(await symbol.innerText()).replace(/\s+/g, " ").slice(0, 100)}`);
  await page.keyboard.press("Escape");

  // The preview beside the editor; then a budget mismatch typed into the
  // 合計(a＋b＋c) row (652 -> 653) shows in it, marked (HY0301).
  await previewPass(totalLine, totalColumn);
  await filterProblems("HY0301");
  const hy0301 = await waitForProblem(["合計(a+b+c)", "653 ≠", "HY0301", `Ln ${totalLine},`]);
  log(`Problems: ${hy0301.slice(0, 140)}`);

  // A picture: all problems, the edited row in view.
  if (successShot) {
    await filterProblems("");
    await cursorAt(totalLine, totalColumn + 3);
    await page.waitForTimeout(500);
    fs.mkdirSync(path.dirname(successShot), { recursive: true });
    await page.screenshot({ path: successShot });
    log(`screenshot: ${path.relative(process.cwd(), successShot)} (${Math.round(fs.statSync(successShot).size / 1024)} KB)`);
  }

  // Settings apply without a restart: turn HY0104 off, then on again.
  await editSettings({ "hyoka.checks": { "HY0104": "off" } }, "evaluation.hyoka");
  await filterProblems("HY0104");
  await waitForNoProblem("HY0104");
  log("hyoka.checks {HY0104: off}: HY0104 gone from Problems");
  await editSettings({ "hyoka.checks": { "undefined-series": "warning" } }, "evaluation.hyoka");
  await waitForProblem(["series ③ is not defined", "HY0104", "Ln 1080,"]);
  log("hyoka.checks {undefined-series: warning}: HY0104 back");

  // ---------------------------------------------------------------- completion
  // Each case edits the file and saves it; the next finds its place in what was saved.
  let saved = await saveAndRead(lines);
  const completionFailures = [];
  const completionCase = async (name, fn) => {
    try {
      await fn();
    } catch (error) {
      completionFailures.push(`${name}: ${error.message}`);
      log(`FAIL completion ${name}: ${error.message.split("\n")[0]}`);
      await shot(`completion-${name}-failure.png`);
      await page.keyboard.press("Escape");
      saved = await saveAndRead(saved);
    }
  };

  // `@` at the start of an empty line inside an indicator block: its attribute keys.
  await completionCase("attribute", async () => {
    const heading = lineWhere(saved, (l) => l.startsWith("### 測定指標 1-3 "), "### 測定指標 1-3");
    await newLineAbove(heading + 1);
    await page.keyboard.type("@");
    const items = await suggestions(`"@" on an empty line of 測定指標 1-3`);
    await shot("completion-attribute.png");
    log(`"@" in 測定指標 1-3: ${items.length} suggestions: ${items.slice(0, 8).join(" | ")}`);
    for (const key of ["系列", "中期目標値", "単位"]) {
      if (!items.some((t) => t.includes(key))) throw new Error(`no suggestion ${key}: ${items.join(" | ")}`);
    }
    const chosen = await accept("系列");
    saved = await saveAndRead(saved);
    const line = saved[heading];
    if (!/^@系列[:：]/.test(line) || (line.match(/[@＠]/g) ?? []).length !== 1 || (line.match(/系列/g) ?? []).length !== 1) {
      throw new Error(`accepting ${JSON.stringify(chosen)} after "@" gave the line ${JSON.stringify(line)}`);
    }
    log(`accepted ${JSON.stringify(chosen)}: ${JSON.stringify(line)}`);
  });

  // `（達成手段` in prose of 個別分野 1: the means of plan.hyoka, by their defined name.
  await completionCase("means", async () => {
    const anchor = lineWhere(saved, (l) => l.startsWith("以上のように、今回評価期間において日米"), "the prose line of 個別分野 1");
    await newLineAbove(anchor + 1);
    await page.keyboard.type("本文（達成手段");
    const items = await suggestions(`"（達成手段" in prose of 個別分野 1`);
    await shot("completion-means.png");
    log(`"（達成手段": ${items.length} suggestions: ${items.slice(0, 6).join(" | ")}`);
    const name = "北米諸国との政治分野での協力推進";
    if (!items.some((t) => t.includes(name))) throw new Error(`no suggestion with the defined name ${name}: ${items.join(" | ")}`);
    const chosen = await accept(name);
    saved = await saveAndRead(saved);
    const line = saved[anchor];
    const count = (s) => line.split(s).length - 1;
    if (!line.startsWith("本文") || !line.includes(`${name}（達成手段①）`) || count("達成手段") !== 1 || count(name) !== 1) {
      throw new Error(`accepting ${JSON.stringify(chosen)} after "本文（達成手段" gave the line ${JSON.stringify(line)}`);
    }
    log(`accepted ${JSON.stringify(chosen)}: ${JSON.stringify(line)}${count("（") === count("）") ? "" : " (parentheses unbalanced)"}`);
    // The server takes it for the defined name: still 10 HY0106.
    await expectProblemCount("HY0106", 10, "evaluation.hyoka");
    log("the inserted citation is not an HY0106: still 10");
  });

  // On a heading line: one `###`, and an ID no other indicator has.
  const headingCase = (name, typed, want) =>
    completionCase(name, async () => {
      const ids = new Set(saved.map((l) => /^###\s+測定指標\s+(\S+)/.exec(l)?.[1]).filter(Boolean));
      const before = lineWhere(saved, (l) => l.startsWith("### 評価結果(個別分野１)"), "### 評価結果(個別分野１)");
      await newLineAbove(before);
      await page.keyboard.type(typed);
      const items = await suggestions(`${JSON.stringify(typed)} on a new line`);
      await shot(`completion-${name}.png`);
      log(`${JSON.stringify(typed)}: ${items.length} suggestions: ${items.slice(0, 6).join(" | ")}`);
      const target = items.find((t) => t.includes(want)) ?? items[0];
      const chosen = await accept(target);
      saved = await saveAndRead(saved);
      const line = saved[before - 1];
      const id = /^###\s+測定指標\s+([0-9０-９]+[-－][0-9０-９]+)(?:\s|$)/.exec(line)?.[1];
      const problems = [];
      if ((line.match(/[#＃]/g) ?? []).length !== 3 || !line.startsWith("### ")) problems.push("not exactly one ###");
      if ((line.match(/測定指標/g) ?? []).length !== 1) problems.push("測定指標 twice");
      if ((line.match(/[0-9０-９]+[-－][0-9０-９]+/g) ?? []).length > 1) problems.push("two IDs");
      if (id === undefined) problems.push("no indicator ID");
      else if (ids.has(id)) problems.push(`ID ${id} is already taken`);
      if (problems.length) {
        throw new Error(`accepting ${JSON.stringify(chosen)} after ${JSON.stringify(typed)} gave ${JSON.stringify(line)}: ${problems.join(", ")}`);
      }
      log(`accepted ${JSON.stringify(chosen.slice(0, 40))}: ${JSON.stringify(line)}`);
    });
  await headingCase("heading-hashes", "###", "測定指標（定量）");
  await headingCase("heading-keyword", "### 測定指標 ", "測定指標");

  // The import of a published report (after the checks that count evaluation.hyoka's findings:
  // the imported 政策評価書 has the same ones).
  await importPass();

  // No server: one clear message, not a stack of errors. First with the
  // setting unset and nothing on PATH or in ~/.cargo/bin …
  fs.rmSync(cargoHyoka);
  await page.locator(".monaco-editor .view-lines").first().click();
  await runCommand("Hyoka: Restart Language Server");
  const notFound = await expectOneHyokaToast(["not found", "PATH (", cargoHyoka, "hyoka.server.path", "cargo install --path ."]);
  log(`no server anywhere: ${notFound.slice(0, 220)}`);
  await runCommand("Notifications: Clear All Notifications");
  // … then with the setting pointing at nothing.
  const missing = path.join(tmp, "no-such-dir", "hyoka");
  await editSettings({ "hyoka.server.path": missing }, "evaluation.hyoka");
  const wrongPath = await expectOneHyokaToast(["not found", `${missing}\` (hyoka.server.path) does not exist`, "clear it"]);
  log(`hyoka.server.path missing: ${wrongPath.slice(0, 220)}`);

  if (completionFailures.length) {
    throw new Error(`completion:\n  ${completionFailures.join("\n  ")}`);
  }
  log("English pass passed");

  if (JA !== "0") {
    await japanesePass(proseLine);
  }
  clearTimeout(overall);
  log("E2E PASSED");
  await cleanup();
  process.exit(0);
} catch (error) {
  clearTimeout(overall);
  await fail(error);
}
