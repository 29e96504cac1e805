// The VS Code client for the Hyoka language server (`hyoka lsp`, stdio).
//
// The server does the work: diagnostics, outline, symbols, quick fixes. This
// file only finds the executable (see ./server.ts: the setting, the one
// bundled in bin/ of a platform-specific .vsix, PATH, ~/.cargo/bin), starts
// it, keeps the `hyoka` settings in sync, and restarts a crashed server a bounded number of
// times. The preview, a webview of the page the server renders, is
// ./preview.ts. "Hyoka: Import PDF…" runs the same executable as
// `hyoka import` (./importer.ts) and opens what it wrote.
//
// Its own texts go through vscode.l10n.t (English source strings as keys,
// l10n/bundle.l10n.ja.json has the Japanese); the server chooses its language
// from `hyoka.language`, else from the `locale` of `initialize` (VS Code's
// display language, sent by vscode-languageclient).

import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  type StaticFeature,
} from "vscode-languageclient/node";
import { foldingRanges } from "./folding";
import { cliLanguage, defaultOutDir, type ImportResult, openingOrder, runImport, type Written } from "./importer";
import { Previews } from "./preview";
import { bundledPath, findServer, makeExecutable, SETTING, settingIsSet } from "./server";

/** The keys of the `hyoka` section the server understands; the others (server, trace) are the client's. */
const SERVER_KEYS = ["checks", "ratings", "tolerance", "language", "profile"] as const;

/** At most this many restarts within RESTART_WINDOW_MS, then the server stays down. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

let client: LanguageClient | undefined;
let previews: Previews | undefined;
let output: vscode.LogOutputChannel;
let traceOutput: vscode.LogOutputChannel;
/** context.extensionPath: bin/ in it has the executable in a platform-specific .vsix. */
let extensionPath: string | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel("Hyoka Language Server", { log: true });
  traceOutput = vscode.window.createOutputChannel("Hyoka Language Server Trace", { log: true });
  context.subscriptions.push(output, traceOutput);
  // The preview (src/preview.ts) asks the server of the moment for the page.
  previews = new Previews(context.extensionUri, () => client, output);
  context.subscriptions.push(previews);

  context.subscriptions.push(
    vscode.languages.registerFoldingRangeProvider(
      { language: "hyoka" },
      {
        provideFoldingRanges: (document) =>
          foldingRanges(Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text)).map(
            (f) => new vscode.FoldingRange(f.start, f.end, f.region ? vscode.FoldingRangeKind.Region : undefined),
          ),
      },
    ),
    vscode.commands.registerCommand("hyoka.restartServer", async () => {
      await stopClient();
      await startClient();
    }),
    vscode.commands.registerCommand("hyoka.importPdf", (input?: unknown, outDir?: unknown) => importReport(input, outDir)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // checks/ratings/tolerance/language reach the running server through
      // `synchronize.configurationSection`; trace.server is followed by the
      // client itself. Only a new executable needs a restart.
      if (SERVER_KEYS.some((k) => e.affectsConfiguration(`hyoka.${k}`))) {
        output.info(vscode.l10n.t("settings changed: {0}", JSON.stringify(currentServerSettings())));
      }
      if (e.affectsConfiguration("hyoka.server.path")) {
        await stopClient();
        await startClient();
      }
    }),
  );

  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

/**
 * The part of the `hyoka` settings that is meant for the server. An empty
 * `language` ("follow VS Code") is left out: the server then takes the
 * `locale` of `initialize`.
 */
function serverSettings(section: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const value = section[key];
    if (value !== undefined && value !== null && !((key === "language" || key === "profile") && value === "")) {
      out[key] = value;
    }
  }
  return out;
}

function currentServerSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("hyoka");
  return serverSettings(Object.fromEntries(SERVER_KEYS.map((k) => [k, config.get(k)])));
}

async function startClient(): Promise<void> {
  const command = resolveServer();
  if (command === undefined) {
    return;
  }

  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "hyoka" },
      { scheme: "untitled", language: "hyoka" },
    ],
    initializationOptions: currentServerSettings(),
    synchronize: {
      // Sends `{hyoka: {checks, ratings, tolerance, language}}` on every
      // change (an empty value is left out); the server then also asks with
      // workspace/configuration (filtered below).
      configurationSection: SERVER_KEYS.map((k) => `hyoka.${k}`),
    },
    middleware: {
      workspace: {
        // The server rejects unknown keys, so answer a request for the
        // `hyoka` section with the server's keys only.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((value: unknown, i: number) =>
            params.items[i]?.section === "hyoka" && value !== null && typeof value === "object"
              ? serverSettings(value as Record<string, unknown>)
              : value,
          );
        },
      },
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new BoundedRestarts(),
    initializationFailedHandler: (error) => {
      output.appendLine(vscode.l10n.t("initialization failed: {0}", String(error)));
      void vscode.window.showErrorMessage(vscode.l10n.t("Hyoka: the language server failed to initialize: {0}", messageOf(error)));
      return false;
    },
  };

  const c = new LanguageClient("hyoka", "Hyoka Language Server", serverOptions, clientOptions);
  c.registerFeature(pushDiagnosticsOnly);
  client = c;
  try {
    await c.start();
    output.appendLine(vscode.l10n.t("started {0} lsp", command));
    previews?.refreshAll();
  } catch (error) {
    output.appendLine(vscode.l10n.t("could not start {0} lsp: {1}", command, String(error)));
    void vscode.window.showErrorMessage(vscode.l10n.t("Hyoka: could not start the language server `{0} lsp`: {1}", command, messageOf(error)));
    if (client === c) {
      client = undefined;
    }
  }
}

/**
 * Hides the client's pull-diagnostics capability, so the server only pushes.
 * hyoka 0.1 answers textDocument/diagnostic when the client can pull *and*
 * still sends publishDiagnostics; VS Code keeps the two apart, so every
 * problem was listed twice. Push alone also carries the cross-document
 * diagnostics of files that changed because another file did.
 * (Registered after the built-in features, so it runs after them.)
 */
const pushDiagnosticsOnly: StaticFeature = {
  fillClientCapabilities(capabilities) {
    if (capabilities.textDocument !== undefined) {
      delete capabilities.textDocument.diagnostic;
    }
    if (capabilities.workspace !== undefined) {
      delete capabilities.workspace.diagnostics;
    }
  },
  initialize() {},
  getState: () => ({ kind: "static" }),
  clear() {},
};

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined && c.state !== State.Stopped) {
    try {
      await c.stop(2000);
    } catch (error) {
      output.appendLine(vscode.l10n.t("stopping the server: {0}", String(error)));
    }
  }
  if (c !== undefined) {
    await c.dispose().catch(() => undefined);
  }
}

/**
 * The absolute path of the server executable, or undefined (after telling the
 * user once, with where it looked and what to set) when there is none.
 */
function resolveServer(): string | undefined {
  const configured = vscode.workspace.getConfiguration("hyoka").get<string>("server.path");
  // The bundled executable must be executable before the lookup checks it
  // (a .vsix packed on Windows records no x bit). Not when the setting decides.
  const bundled = bundledPath(extensionPath, process.platform);
  if (bundled !== undefined && !settingIsSet(configured)) {
    const prepared = makeExecutable(bundled, process.platform);
    if (prepared.status === "made-executable") {
      output.appendLine(vscode.l10n.t("made {0} executable", prepared.path));
    } else if (prepared.status === "failed") {
      output.appendLine(vscode.l10n.t("could not make {0} executable: {1}", prepared.path, prepared.error));
    }
  }
  const lookup = findServer({
    configured,
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    extensionPath,
    t: vscode.l10n.t,
  });
  if (lookup.found) {
    output.appendLine(
      lookup.via === "setting"
        ? vscode.l10n.t("using {0} (found by {1})", lookup.path, SETTING)
        : lookup.via === "bundled"
          ? vscode.l10n.t("using {0} (bundled with the extension)", lookup.path)
          : lookup.via === "PATH"
            ? vscode.l10n.t("using {0} (found on PATH)", lookup.path)
            : vscode.l10n.t("using {0} (found where cargo install puts it)", lookup.path),
    );
    return lookup.path;
  }
  output.appendLine(vscode.l10n.t("hyoka executable not found: {0}", lookup.message));
  output.appendLine(vscode.l10n.t("looked at:\n  {0}", lookup.tried.join("\n  ")));
  const openSettings = vscode.l10n.t("Open Settings");
  const showLog = vscode.l10n.t("Show Log");
  void vscode.window
    .showErrorMessage(vscode.l10n.t("Hyoka: the language server was not found. {0}", lookup.message), openSettings, showLog)
    .then((choice) => {
      if (choice === openSettings) {
        void vscode.commands.executeCommand("workbench.action.openSettings", SETTING);
      } else if (choice === showLog) {
        output.show(true);
      }
    });
  return undefined;
}

/** What the import command was given: by the Explorer (a URI), executeCommand or a keybinding's `args`. */
interface ImportRequest {
  input?: string | undefined;
  outDir?: string | undefined;
  force?: boolean | undefined;
}

/**
 * The command's arguments: `(uri | path, outDir?)`, as the Explorer's
 * context menu and executeCommand pass them, or one object `{input, outDir,
 * force}`, as a keybinding's `args` does. Relative paths are taken from the
 * first workspace folder.
 */
function importRequest(first: unknown, second: unknown): ImportRequest {
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const asPath = (v: unknown): string | undefined => {
    const p = v instanceof vscode.Uri ? v.fsPath : typeof v === "string" && v !== "" ? v : undefined;
    return p === undefined || path.isAbsolute(p) || base === undefined ? p : path.resolve(base, p);
  };
  if (first !== null && typeof first === "object" && !(first instanceof vscode.Uri)) {
    const o = first as { input?: unknown; outDir?: unknown; force?: unknown };
    return { input: asPath(o.input), outDir: asPath(o.outDir), force: o.force === true };
  }
  // The Explorer passes the selected URIs as the second argument: not a folder.
  return { input: asPath(first), outDir: asPath(second) };
}

/**
 * "Hyoka: Import PDF…": asks for a published report (a PDF, or its text)
 * and for the folder to write to (default: beside it, named after it) unless
 * given, runs `hyoka import` and opens the documents it wrote (the 政策評価書
 * in front). Files that exist are overwritten only when the user says so.
 * Resolves to the paths written (none when cancelled or failed).
 */
async function importReport(first?: unknown, second?: unknown): Promise<string[]> {
  const request = importRequest(first, second);
  let input = request.input;
  if (input === undefined) {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t("Import a published report (PDF, or its text)"),
      openLabel: vscode.l10n.t("Import"),
      canSelectFiles: true,
      canSelectFolders: false,
      canSelectMany: false,
      filters: { [vscode.l10n.t("Reports (PDF, text)")]: ["pdf", "txt"] },
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (picked === undefined || picked.length === 0) {
      return [];
    }
    input = picked[0].fsPath;
  }
  const name = path.basename(input);
  let outDir = request.outDir ?? (await askOutDir(input));
  if (outDir === undefined) {
    return [];
  }
  const command = resolveServer();
  if (command === undefined) {
    return [];
  }
  const lang = cliLanguage(vscode.workspace.getConfiguration("hyoka").get<string>("language"), vscode.env.language);
  let force = request.force === true;
  for (;;) {
    const target = outDir;
    output.appendLine(vscode.l10n.t("importing {0} into {1}", input, target));
    const result: ImportResult = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Hyoka: importing {0}…", name) },
      () => runImport(command, input, target, lang, force),
    );
    if (result.status === "written") {
      return openImported(result.written, name, target);
    }
    if (result.status === "failed") {
      output.appendLine(vscode.l10n.t("could not import {0}: {1}", input, result.message));
      const showLog = vscode.l10n.t("Show Log");
      void vscode.window.showErrorMessage(vscode.l10n.t("Hyoka: could not import {0}: {1}", name, result.message), showLog).then((choice) => {
        if (choice === showLog) {
          output.show(true);
        }
      });
      return [];
    }
    // Files of the same names are there: overwrite, or another folder.
    const overwrite = vscode.l10n.t("Overwrite");
    const elsewhere = vscode.l10n.t("Choose Another Folder…");
    const names = result.paths.map((p) => path.basename(p)).reduce((list, n) => (list === "" ? n : vscode.l10n.t("{0}, {1}", list, n)), "");
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t("Hyoka: {0} already has {1}. Overwrite them with the import of {2}?", target, names, name),
      overwrite,
      elsewhere,
    );
    if (choice === overwrite) {
      force = true;
    } else if (choice === elsewhere) {
      const folder = await pickFolder(input);
      if (folder === undefined) {
        return [];
      }
      outDir = folder;
    } else {
      return [];
    }
  }
}

/** Asks where to write the import of `input`: beside it (the default), or a folder chosen. */
async function askOutDir(input: string): Promise<string | undefined> {
  const beside = defaultOutDir(input);
  const items: (vscode.QuickPickItem & { dir?: string })[] = [
    { label: `$(folder) ${path.basename(beside)}`, description: beside, detail: vscode.l10n.t("A folder beside the report, named after it"), dir: beside },
    { label: `$(folder-opened) ${vscode.l10n.t("Choose a Folder…")}` },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t("Hyoka: where to write the documents of {0}", path.basename(input)),
    placeHolder: vscode.l10n.t("One .hyoka file per document (政策評価書, 事前分析表, 政策評価調書)"),
    ignoreFocusOut: true,
  });
  if (picked === undefined) {
    return undefined;
  }
  return picked.dir ?? pickFolder(input);
}

async function pickFolder(input: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t("Hyoka: where to write the documents of {0}", path.basename(input)),
    openLabel: vscode.l10n.t("Write Here"),
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(path.dirname(input)),
  });
  return picked?.[0]?.fsPath;
}

/** Opens the files an import wrote, the 政策評価書 in front, and says what was done. */
async function openImported(written: Written[], name: string, outDir: string): Promise<string[]> {
  const order = openingOrder(written);
  const opened: vscode.TextDocument[] = [];
  for (const w of order) {
    output.appendLine(vscode.l10n.t("wrote {0}", w.path));
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(w.path));
      await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: opened.length > 0 });
      opened.push(doc);
    } catch (error) {
      output.appendLine(vscode.l10n.t("could not open {0}: {1}", w.path, messageOf(error)));
    }
  }
  if (opened.length > 1) {
    // The others were opened after it: bring the first back to the front.
    await vscode.window.showTextDocument(opened[0], { preview: false });
  }
  const guesses = written.reduce((n, w) => n + w.guesses, 0);
  const done = vscode.l10n.t("Hyoka: imported {0} document(s) from {1} into {2}.", written.length, name, outDir);
  void vscode.window.showInformationMessage(
    guesses === 0
      ? done
      : // Two sentences: a space between them in English, none in Japanese.
        vscode.l10n.t("{0} {1}", done, vscode.l10n.t("{0} reconstruction(s) are guesses, marked `// hyoka-import: 推測`: check each against the print.", guesses)),
  );
  return written.map((w) => w.path);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Restarts a crashed server at most MAX_RESTARTS times in RESTART_WINDOW_MS,
 * then gives up with one message (the default handler does the same with 4
 * restarts in 3 minutes, but says so in a way that is easy to miss).
 */
class BoundedRestarts implements ErrorHandler {
  private restarts: number[] = [];

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few write/read errors in a row are tolerated; more mean the pipe is gone.
    return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    if (this.restarts.length < MAX_RESTARTS) {
      this.restarts.push(now);
      output.appendLine(vscode.l10n.t("the server stopped unexpectedly; restarting ({0}/{1})", this.restarts.length, MAX_RESTARTS));
      return { action: CloseAction.Restart, handled: true };
    }
    return {
      action: CloseAction.DoNotRestart,
      message: vscode.l10n.t(
        "Hyoka: the language server crashed {0} times in 3 minutes and will not be restarted. See the 'Hyoka Language Server' output, then run 'Hyoka: Restart Language Server'.",
        MAX_RESTARTS + 1,
      ),
    };
  }
}
