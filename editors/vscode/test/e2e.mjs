// End-to-end test in a real VS Code: code-server (VS Code 1.100 as a server)
// driven by Debian's Chromium through playwright-core, with the packaged
// .vsix installed and the real hyoka server behind it (see
// /work/shared/editor-testing.md for why code-server).
//
// It opens a copy of examples/mofa-I-2, opens evaluation.hyoka with Ctrl+P,
// checks the Problems panel (Ctrl+Shift+M) and Go to Symbol (Ctrl+Shift+O),
// then types a budget mismatch into the 合計(a＋b＋c) row and waits for the new
// HY0301 error. Everything is time-bound: a hang fails the test.
//
//   HYOKA=…/hyoka CODE_SERVER=…/code-server/out/node/entry.js node test/e2e.mjs
//
// Environment:
//   HYOKA        the server binary (default: target/release/hyoka, else target/debug/hyoka)
//   CODE_SERVER  code-server's out/node/entry.js or its bin/code-server
//                (default: the cache of .ci/vscode.sh)
//   VSIX         the package to install (default: editors/vscode/hyoka.vsix)
//   CHROMIUM     the browser (default: /usr/bin/chromium)
//   SCREENSHOT   where to save the screenshot of a passing run
//                (default: editors/vscode/test/screenshot.png; "" for none)
//   KEEP_TMP=1   keep the temporary directory (settings, logs, workspace);
//                kept anyway when the test fails
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const OVERALL_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 30_000;

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
const successShot = process.env.SCREENSHOT ?? path.join(here, "screenshot.png");

for (const [what, p] of [["HYOKA", hyoka], ["CODE_SERVER", codeServer], ["VSIX", vsix], ["CHROMIUM", browserPath]]) {
  if (!fs.existsSync(p)) {
    console.error(`e2e: ${what} not found: ${p}`);
    process.exit(2);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hyoka-vscode-e2e-"));
const userData = path.join(tmp, "user-data");
const extensions = path.join(tmp, "extensions");
const workspace = path.join(tmp, "mofa-I-2");
const serverLog = path.join(tmp, "code-server.log");
const failShot = path.join(here, "failure.png"); // git-ignored
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
    "hyoka.server.path": hyoka,
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

// ------------------------------------------------------------------ the test
try {
  fs.cpSync(path.join(repo, "examples/mofa-I-2"), workspace, { recursive: true });
  fs.writeFileSync(path.join(tmp, "config.yaml"), "auth: none\n");
  writeSettings({});
  // The line to edit, found in the file rather than hard-coded.
  const lines = fs.readFileSync(path.join(workspace, "evaluation.hyoka"), "utf8").split("\n");
  const totalLine = lines.findIndex((l) => l.startsWith("| 合計(a＋b＋c) | 652 |")) + 1;
  if (totalLine === 0) throw new Error("the 合計(a＋b＋c) | 652 row is not in evaluation.hyoka any more");
  const totalColumn = lines[totalLine - 1].indexOf("652") + 1; // UTF-16 columns, 1-based

  log(`installing ${path.relative(repo, vsix)}`);
  const install = codeServerArgs("--install-extension", vsix);
  execFileSync(install.cmd, install.args, { stdio: "pipe", timeout: STEP_TIMEOUT_MS });

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
    workspace,
  );
  const out = fs.openSync(serverLog, "a");
  server = spawn(cmd, args, { stdio: ["ignore", out, out], detached: true });
  log(`code-server on 127.0.0.1:${port} (log: ${serverLog})`);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, STEP_TIMEOUT_MS);

  browser = await chromium.launch({
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
  log("workbench loaded");

  // Open evaluation.hyoka with Quick Open.
  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press("Control+P");
  await page.locator(".quick-input-widget input").waitFor({ state: "visible" });
  await page.keyboard.type("evaluation.hyoka");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "evaluation.hyoka" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: "evaluation.hyoka" }).waitFor();
  await page.locator(".monaco-editor .view-lines").first().waitFor({ state: "visible" });
  log("evaluation.hyoka open");

  // The language mode comes from the extension.
  await page.locator(".statusbar-item", { hasText: /^Hyoka$/ }).first().waitFor();

  // Problems: the server's diagnostics of the real example.
  await filterProblems("HY0106");
  const hy0106 = await waitForProblem(["協力増進", "HY0106", "Ln 424,"]);
  log(`Problems: ${hy0106.slice(0, 140)}`);
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

  // Type a budget mismatch: 652 -> 653 in the 合計(a＋b＋c) row.
  await page.locator(".monaco-editor .view-lines").first().click();
  await goToLine(totalLine, totalColumn);
  for (let i = 0; i < 3; i++) await page.keyboard.press("Delete");
  await page.keyboard.type("653");
  log(`typed 653 at ${totalLine}:${totalColumn}`);
  await filterProblems("HY0301");
  const hy0301 = await waitForProblem(["合計(a+b+c)", "653 ≠", "HY0301", `Ln ${totalLine},`]);
  log(`Problems: ${hy0301.slice(0, 140)}`);

  // A picture for the README: all problems, the edited row in view.
  if (successShot) {
    await filterProblems("");
    await page.locator(".monaco-editor .view-lines").first().click();
    await goToLine(totalLine, totalColumn + 3);
    await page.waitForTimeout(500);
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

  // A missing server: one clear message, not a stack of errors.
  await editSettings({ "hyoka.server.path": path.join(tmp, "no-such-dir", "hyoka") }, "evaluation.hyoka");
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "not installed" });
  await toast.first().waitFor();
  await page.waitForTimeout(1500); // let any further error arrive
  const toasts = (await page.locator(".notifications-toasts .notification-toast").allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
  const errors = toasts.filter((t) => /hyoka/i.test(t));
  if (errors.length !== 1 || !errors[0].includes("cargo install --path .")) {
    throw new Error(`expected one message about installing hyoka, got:\n  ${toasts.join("\n  ")}`);
  }
  log(`missing server: ${errors[0].slice(0, 160)}`);

  clearTimeout(overall);
  log("E2E PASSED");
  await cleanup();
  process.exit(0);
} catch (error) {
  clearTimeout(overall);
  await fail(error);
}
