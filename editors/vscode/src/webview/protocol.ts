// The messages between the preview's webview (src/webview/preview.ts) and
// the extension (src/preview.ts). Types only: both sides import it.

/** From the extension to the webview. */
export type ToWebview =
  /** A new version of the page (the whole `hyoka/render` HTML): replace the body, keep the scroll position. */
  | { type: "update"; html: string }
  /** The editor's first visible line (0-based): scroll to the element with the nearest data-line ≤ it. */
  | { type: "scrollTo"; line: number };

/** From the webview to the extension. */
export type FromWebview =
  /** The script runs: send the editor's position. */
  | { type: "ready" }
  /** The user scrolled the preview: `line` (0-based) is at its top; reveal it at the top of the editor. */
  | { type: "reveal"; line: number }
  /** A click (`focus` false) or double-click (`focus` true) on an element of source line `line`: select that line. */
  | { type: "select"; line: number; focus: boolean };

/** What the webview keeps in its state (vscode.setState): the document, for restoring the panel after a reload. */
export interface PreviewState {
  uri: string;
}
