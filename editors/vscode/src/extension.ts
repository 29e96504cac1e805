// The VS Code client for the Hyoka language server (`hyoka lsp`, stdio).
//
// The server does the work: diagnostics, outline, symbols, quick fixes. This
// file only finds the executable (see ./server.ts: the setting, the one
// bundled in bin/ of a platform-specific .vsix, PATH, ~/.cargo/bin), starts
// it, keeps the `hyoka` settings in sync, and restarts a crashed server a bounded number of
// times. The preview, a webview of the page the server renders, is
// ./preview.ts.
//
// Its own texts go through vscode.l10n.t (English source strings as keys,
// l10n/bundle.l10n.ja.json has the Japanese); the server chooses its language
// from `hyoka.language`, else from the `locale` of `initialize` (VS Code's
// display language, sent by vscode-languageclient).

import * as os from "node:os";
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
import { Previews } from "./preview";
import { bundledPath, findServer, makeExecutable, SETTING, settingIsSet } from "./server";

/** The keys of the `hyoka` section the server understands; the others (server, trace) are the client's. */
const SERVER_KEYS = ["checks", "ratings", "tolerance", "language"] as const;

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
    if (value !== undefined && value !== null && !(key === "language" && value === "")) {
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
