// The preview: a webview beside the editor with the document's page in the
// layout of its official form, findings marked, as the server renders it
// (`hyoka/render`, annotate: true) from the buffer as it is now.
//
//   - one panel per document; `hyoka.openPreviewToSide` opens it beside the
//     editor (the focus stays in the editor), `hyoka.openPreview` in the
//     editor's column, `hyoka.showSource` goes back;
//   - it follows the buffer: a change of the document (after DEBOUNCE_MS of
//     quiet) or of its diagnostics (another document changed, a setting;
//     not postponing a render already due) asks the server again; the new page goes to the running webview as a
//     message, which keeps the scroll position (setting webview.html would
//     reload the page and lose it). One request at a time; a change during
//     it asks again after it;
//   - scroll sync both ways and click-to-source: the editor's top line goes
//     to the webview (src/webview/preview.ts), the preview's top line and
//     clicked lines come back. A reveal caused by one side does not come
//     back to it (SYNC_QUIET_MS here, the same in the webview);
//   - a hidden panel is not rendered; when it shows again, it gets the
//     latest page (VS Code reloads a hidden webview from webview.html);
//   - panels come back after a reload of the window (the serializer; the
//     webview keeps the document's URI in its state).

import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { type LanguageClient, State } from "vscode-languageclient/node";
import { messagePage, nonce, webviewPage } from "./previewPage";
import type { FromWebview, PreviewState, ToWebview } from "./webview/protocol";

export const PREVIEW_VIEW_TYPE = "hyoka.preview";
/** Quiet time after a keystroke before the page is asked for again. */
const DEBOUNCE_MS = 150;
/** After the preview scrolled or selected in the editor, the editor's scrolling is not sent back for this long. */
const SYNC_QUIET_MS = 300;
/** The server answered for an older version than the buffer's: ask again after this long … */
const RETRY_MS = 50;
/** … at most this many times in a row. */
const MAX_BEHIND = 5;

interface RenderResult {
  html: string;
  version: number | null;
}

export class Previews implements vscode.Disposable {
  private readonly previews = new Map<string, Preview>();
  private readonly disposables: vscode.Disposable[] = [];
  private script: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly client: () => LanguageClient | undefined,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand("hyoka.openPreviewToSide", (uri?: unknown) => this.open(uri, true)),
      vscode.commands.registerCommand("hyoka.openPreview", (uri?: unknown) => this.open(uri, false)),
      vscode.commands.registerCommand("hyoka.showSource", () => this.showSource()),
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state: unknown) => {
          const uri = (state as Partial<PreviewState> | undefined)?.uri;
          if (typeof uri === "string" && uri !== "") {
            this.adopt(panel, vscode.Uri.parse(uri));
          } else {
            panel.dispose();
          }
          return Promise.resolve();
        },
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.previews.get(e.document.uri.toString())?.schedule(DEBOUNCE_MS);
      }),
      // The diagnostics of an edit come just after it: they must not push its render back.
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) this.previews.get(uri.toString())?.ensureScheduled(DEBOUNCE_MS);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.previews.get(e.textEditor.document.uri.toString())?.editorScrolled(e.textEditor)),
    );
  }

  /** The webview's script (dist/preview.js), read once. */
  scriptText(): string {
    this.script ??= fs.readFileSync(path.join(this.extensionUri.fsPath, "dist", "preview.js"), "utf8");
    return this.script;
  }

  /** Renders every preview again (the server was restarted). */
  refreshAll(): void {
    for (const p of this.previews.values()) p.schedule(0);
  }

  dispose(): void {
    for (const p of [...this.previews.values()]) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  forget(preview: Preview): void {
    if (this.previews.get(preview.key) === preview) this.previews.delete(preview.key);
  }

  private open(arg: unknown, toSide: boolean): void {
    const editor = vscode.window.activeTextEditor;
    const uri = arg instanceof vscode.Uri ? arg : editor?.document.languageId === "hyoka" ? editor.document.uri : undefined;
    if (uri === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t("Hyoka: open a `.hyoka` file to preview it."));
      return;
    }
    const existing = this.previews.get(uri.toString());
    if (existing !== undefined) {
      existing.panel.reveal(existing.panel.viewColumn, toSide);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      previewTitle(uri),
      { viewColumn: toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: toSide },
      webviewOptions(),
    );
    this.adopt(panel, uri);
  }

  private adopt(panel: vscode.WebviewPanel, uri: vscode.Uri): void {
    panel.webview.options = webviewOptions();
    panel.title = previewTitle(uri);
    const preview = new Preview(this, panel, uri);
    this.previews.set(preview.key, preview);
    preview.schedule(0);
  }

  private async showSource(): Promise<void> {
    const preview = [...this.previews.values()].find((p) => p.panel.active);
    if (preview === undefined) return;
    const editor = preview.visibleEditor();
    await vscode.window.showTextDocument(preview.uri, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.Active });
  }
}

function webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableFindWidget: true, localResourceRoots: [] };
}

function previewTitle(uri: vscode.Uri): string {
  return vscode.l10n.t("Preview: {0}", path.posix.basename(uri.path));
}

class Preview {
  readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private again = false;
  /** A render is due but the panel was hidden. */
  private dirty = false;
  private behind = 0;
  /** The latest page of the server. */
  private latest: string | undefined;
  /** The page webview.html was made from (undefined: a message page, or nothing yet). */
  private loadedPage: string | undefined;
  /** The page the running script shows: loadedPage, then each update posted. */
  private shown: string | undefined;
  /** The webview's script said it runs. */
  private ready = false;
  private visible: boolean;
  private ignoreEditorUntil = 0;
  private disposed = false;

  constructor(
    private readonly owner: Previews,
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
  ) {
    this.key = uri.toString();
    this.visible = panel.visible;
    panel.onDidDispose(() => {
      this.disposed = true;
      clearTimeout(this.timer);
      owner.forget(this);
    });
    panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m));
    panel.onDidChangeViewState(() => {
      const wasVisible = this.visible;
      this.visible = panel.visible;
      if (!wasVisible && panel.visible) {
        // VS Code reloads a webview that was hidden from webview.html: give it the latest page.
        if (this.latest !== undefined) this.load(this.latest);
        if (this.dirty) this.schedule(0);
      }
    });
  }

  visibleEditor(): vscode.TextEditor | undefined {
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.key);
  }

  /** Renders after `delay` ms, the time counted from now (a debounce). */
  schedule(delay: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  /** Renders after `delay` ms, or when the render already due is. */
  ensureScheduled(delay: number): void {
    if (this.timer === undefined) this.schedule(delay);
  }

  private async refresh(): Promise<void> {
    if (this.disposed) return;
    if (!this.panel.visible) {
      this.dirty = true;
      return;
    }
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.dirty = false;
    try {
      const client = this.owner.client();
      if (client === undefined || client.state === State.Stopped) {
        if (this.latest === undefined) {
          this.message(vscode.l10n.t("The preview needs the Hyoka language server, which is not running. See the output 'Hyoka Language Server'."));
        }
        return;
      }
      const version = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.key)?.version;
      const result = await client.sendRequest<RenderResult>("hyoka/render", {
        textDocument: { uri: client.code2ProtocolConverter.asUri(this.uri) },
        annotate: true,
      });
      if (this.disposed) return;
      // The server has not seen the latest change yet: show this, ask again.
      const current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.key)?.version ?? version;
      if (current !== undefined && result.version !== null && result.version < current && this.behind < MAX_BEHIND) {
        this.behind++;
        this.ensureScheduled(RETRY_MS);
      } else {
        this.behind = 0;
      }
      this.show(result.html);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.owner.log.warn(vscode.l10n.t("preview of {0}: {1}", this.uri.toString(true), text));
      if (this.latest === undefined) {
        this.message(vscode.l10n.t("Could not render {0}: {1}", path.posix.basename(this.uri.path), text));
      }
    } finally {
      this.inFlight = false;
      // Asked for during the request (the debounce is over): now.
      if (this.again) {
        this.again = false;
        this.ensureScheduled(0);
      }
    }
  }

  /** Shows `html`: the first time as webview.html, then as a message to the running script. */
  private show(html: string): void {
    this.latest = html;
    if (this.loadedPage === undefined) {
      this.load(html);
    } else if (this.ready && this.shown !== html) {
      this.post({ type: "update", html });
      this.shown = html;
    }
    // Not ready yet: the "ready" message sends the latest page.
  }

  /** Sets webview.html to `html` with our CSP and script (reloads the webview). */
  private load(html: string): void {
    this.ready = false;
    this.loadedPage = html;
    this.shown = html;
    this.panel.webview.html = webviewPage(html, {
      nonce: nonce((n) => crypto.randomInt(n)),
      script: this.owner.scriptText(),
      uri: this.key,
      cspSource: this.panel.webview.cspSource,
    });
  }

  private message(text: string): void {
    this.ready = false;
    this.loadedPage = undefined;
    this.shown = undefined;
    this.panel.webview.html = messagePage(text, {
      nonce: nonce((n) => crypto.randomInt(n)),
      cspSource: this.panel.webview.cspSource,
      lang: vscode.env.language,
    });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** The editor scrolled: the preview follows, unless the preview made it scroll. */
  editorScrolled(editor: vscode.TextEditor): void {
    if (!this.ready || Date.now() < this.ignoreEditorUntil) return;
    this.post({ type: "scrollTo", line: editor.visibleRanges[0]?.start.line ?? 0 });
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case "ready": {
        this.ready = true;
        if (this.latest !== undefined && this.shown !== this.latest) {
          this.post({ type: "update", html: this.latest });
          this.shown = this.latest;
        }
        const editor = this.visibleEditor();
        if (editor !== undefined) this.post({ type: "scrollTo", line: editor.visibleRanges[0]?.start.line ?? 0 });
        break;
      }
      case "reveal": {
        const editor = this.visibleEditor();
        if (editor === undefined) return;
        const line = clampLine(m.line, editor.document);
        this.ignoreEditorUntil = Date.now() + SYNC_QUIET_MS;
        editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        break;
      }
      case "select":
        void this.select(m.line, m.focus);
        break;
    }
  }

  /** Selects source line `line` (cursor at its start); with `focus`, the editor gets the focus. */
  private async select(line: number, focus: boolean): Promise<void> {
    const visible = this.visibleEditor();
    // Without an editor of the document in view, a click would open one over
    // the preview: only a double-click does (in the preview's group, as Show Source).
    if (visible === undefined && !focus) return;
    const document = visible?.document ?? (await vscode.workspace.openTextDocument(this.uri));
    const n = clampLine(line, document);
    const end = document.lineAt(n).range.end;
    this.ignoreEditorUntil = Date.now() + SYNC_QUIET_MS;
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? this.panel.viewColumn ?? vscode.ViewColumn.Active,
      preserveFocus: !focus,
    });
    this.ignoreEditorUntil = Date.now() + SYNC_QUIET_MS;
    editor.selection = new vscode.Selection(end, new vscode.Position(n, 0));
    editor.revealRange(new vscode.Range(n, 0, n, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function clampLine(line: number, document: vscode.TextDocument): number {
  return Math.max(0, Math.min(document.lineCount - 1, Math.floor(line)));
}
