// The script of the preview webview (bundled to dist/preview.js, put into the
// page by src/previewPage.ts with the CSP's nonce).
//
// The page is the server's: every block element has `data-line` (its 0-based
// source line), table rows and paragraphs too; the findings are `<mark
// data-f="N">` in place, `.note#fN` in the margin and `.findings li[value=N]`
// at the end.
//   - updates: a new page arrives as a message; the blocks that changed
//     replace ours, the scroll position stays (or follows the editor when
//     the editor led);
//   - editor → preview: `scrollTo` puts the element with the nearest
//     data-line ≤ the editor's top line at the top (interpolated towards the
//     next element, as Markdown's preview does);
//   - preview → editor: a scroll by the user sends the line at the top;
//     scrolls made here (from the editor, after an update) are not sent back;
//   - a click on an element selects its source line in the editor, a
//     double-click also moves the focus there; a click on a finding (its
//     note, its entry in the list) goes to its mark's line.
import type { FromWebview, PreviewState, ToWebview } from "./protocol";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const uri = (document.currentScript as HTMLScriptElement | null)?.dataset.uri ?? vscode.getState()?.uri ?? "";
vscode.setState({ uri });

interface Anchor {
  line: number;
  el: Element;
}

/** The elements with data-line, in document order with strictly increasing lines (the first of each line). */
let anchorCache: Anchor[] | undefined;
function anchors(): Anchor[] {
  if (anchorCache !== undefined) return anchorCache;
  const out: Anchor[] = [];
  let last = -1;
  for (const el of Array.from(document.querySelectorAll("[data-line]"))) {
    const line = Number(el.getAttribute("data-line"));
    if (!Number.isInteger(line) || line <= last || el.getClientRects().length === 0) continue;
    out.push({ line, el });
    last = line;
  }
  anchorCache = out;
  return out;
}

const top = (el: Element): number => el.getBoundingClientRect().top + window.scrollY;

/** Scrolls caused here are not the user's: the scroll events until then are not sent to the editor. */
let ignoreScrollUntil = 0;
/** The editor's top line when the editor led the last scroll; undefined when the user scrolled the preview. */
let editorLine: number | undefined;

function scrollProgrammatically(y: number): void {
  const target = Math.max(0, Math.round(y));
  if (Math.abs(window.scrollY - target) < 1) return;
  ignoreScrollUntil = performance.now() + 150;
  window.scrollTo(0, target);
}

/** The page offset of source line `line`: its element's top, interpolated towards the next element's. */
function offsetOfLine(line: number): number {
  const a = anchors();
  if (a.length === 0 || line <= 0 || line < a[0].line) return 0;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid].line <= line) lo = mid;
    else hi = mid - 1;
  }
  const prev = a[lo];
  const next = a[lo + 1];
  const y = top(prev.el);
  if (next === undefined || line === prev.line) return y;
  const ny = top(next.el);
  return ny > y ? y + (ny - y) * Math.min(1, (line - prev.line) / (next.line - prev.line)) : y;
}

/** The source line at page offset `y`: the inverse of offsetOfLine. */
function lineAtOffset(y: number): number {
  const a = anchors();
  if (a.length === 0 || y <= 0) return 0;
  let lo = -1;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (top(a[mid].el) <= y + 1) lo = mid;
    else hi = mid - 1;
  }
  if (lo < 0) return 0;
  const prev = a[lo];
  const next = a[lo + 1];
  if (next === undefined) return prev.line;
  const py = top(prev.el);
  const ny = top(next.el);
  if (ny <= py) return prev.line;
  return Math.floor(prev.line + (next.line - prev.line) * Math.min(1, Math.max(0, (y - py) / (ny - py))));
}

function scrollToLine(line: number): void {
  editorLine = line;
  scrollProgrammatically(offsetOfLine(line));
}

let scrollQueued = false;
window.addEventListener(
  "scroll",
  () => {
    if (performance.now() < ignoreScrollUntil || scrollQueued) return;
    scrollQueued = true;
    requestAnimationFrame(() => {
      scrollQueued = false;
      if (performance.now() < ignoreScrollUntil) return;
      editorLine = undefined;
      vscode.postMessage({ type: "reveal", line: lineAtOffset(window.scrollY) });
    });
  },
  { passive: true },
);

/** Replaces the page by a new version of it (the style only when it changed). */
function update(html: string): void {
  const next = new DOMParser().parseFromString(html, "text/html");
  const y = window.scrollY;
  const style = Array.from(document.head.querySelectorAll("style")).find((s) => s.id !== "_defaultStyles" && !s.hasAttribute("data-hyoka-preview"));
  const nextStyle = next.head.querySelector("style")?.textContent ?? "";
  if (style !== undefined && style.textContent !== nextStyle) style.textContent = nextStyle;
  if (next.title !== "") document.title = next.title;
  document.documentElement.lang = next.documentElement.lang;
  // VS Code's classes (vscode-light, …) stay; the page's are replaced.
  const vscodeClasses = Array.from(document.body.classList).filter((c) => c.startsWith("vscode"));
  document.body.className = next.body.className;
  document.body.classList.add(...vscodeClasses);
  const sheet = document.querySelector("body > main.sheet");
  const nextSheet = next.querySelector("body > main.sheet");
  if (sheet !== null && nextSheet !== null) {
    patchChildren(sheet, nextSheet);
  } else {
    document.body.replaceChildren(...Array.from(next.body.childNodes).map((n) => document.adoptNode(n)));
  }
  anchorCache = undefined;
  if (editorLine !== undefined) scrollToLine(editorLine);
  else scrollProgrammatically(y);
}

/**
 * Makes the children of `current` those of `next`, keeping the run of equal
 * ones at the start and at the end: an edit re-lays out only what changed
 * (and what follows it up to the last renumbered finding), not the whole page.
 */
function patchChildren(current: Element, next: Element): void {
  const a = Array.from(current.childNodes);
  const b = Array.from(next.childNodes);
  let start = 0;
  while (start < a.length && start < b.length && a[start].isEqualNode(b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1].isEqualNode(b[endB - 1])) {
    endA--;
    endB--;
  }
  const rest = endA < a.length ? a[endA] : null;
  for (let i = start; i < endA; i++) a[i].remove();
  for (let i = start; i < endB; i++) current.insertBefore(document.adoptNode(b[i]), rest);
}

window.addEventListener("message", (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case "update":
      update(m.html);
      break;
    case "scrollTo":
      scrollToLine(m.line);
      break;
  }
});

/** The element whose source line a click at `target` means, or null. */
function clicked(target: Element): Element | null {
  // A finding: its note in the margin or its entry in the list → its mark.
  const finding = target.closest(".findings li[value]")?.getAttribute("value") ?? /^f(\d+)$/.exec(target.closest(".note[id]")?.id ?? "")?.[1];
  if (finding !== undefined && finding !== null) {
    return document.querySelector(`mark[data-f="${CSS.escape(finding)}"]`)?.closest("[data-line]") ?? null;
  }
  if (target.closest("a") !== null) return null;
  return target.closest("[data-line]");
}

function onClick(event: MouseEvent, focus: boolean): void {
  if (event.button !== 0 || !(event.target instanceof Element)) return;
  // Selecting text in the preview is not a click on a line.
  if (!focus && !(window.getSelection()?.isCollapsed ?? true)) return;
  const el = clicked(event.target);
  const line = Number(el?.getAttribute("data-line"));
  if (el !== null && Number.isInteger(line)) vscode.postMessage({ type: "select", line, focus });
}
document.addEventListener("click", (e) => onClick(e, false));
document.addEventListener("dblclick", (e) => onClick(e, true));

vscode.postMessage({ type: "ready" });
