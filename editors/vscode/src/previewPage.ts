// The page of the preview webview, made from the page `hyoka/render` returns.
// No `vscode` import, so that test/unit.mjs can run it without the editor.
//
// The server's page is complete: an inline <style> in <head>, the document in
// <body>, no script. The webview gets it with
//   - a Content-Security-Policy: nothing from anywhere, the page's inline
//     style, and one script, ours, by its nonce;
//   - a few style rules (WEBVIEW_STYLE) undoing VS Code's default webview
//     styles, which set the body's colour and font from the editor theme
//     (light text on the white sheet in a dark theme) and pad it; and, in a
//     panel narrower than the A4 sheet with its margin for the notes, the
//     notes above their element instead of beside it, so that the sheet
//     keeps its width;
//   - our script (dist/preview.js, built from src/webview/preview.ts) before
//     `</body>`, with the document's URI, for scroll sync, clicks and updates.
// Later versions of the page reach the running script as a message (see
// src/webview/preview.ts): the body is replaced, the scroll position kept.

/** Rules after the page's own style: black on the white sheet in any theme; a narrow panel gets the notes inline. */
export const WEBVIEW_STYLE = [
  "body{color:inherit;background:transparent;font:inherit;padding:0}",
  "a{color:#0645ad}a:hover{color:#0b0080}",
  "@media screen and (max-width:820px){",
  ".sheet{margin:0 auto;padding:4mm 5mm}",
  "body.annotated .sheet{max-width:186mm;padding-right:5mm}",
  ".notes{float:none;width:auto;margin:1mm 0}",
  "}",
].join("");

export interface PageOptions {
  /** A fresh random nonce (letters and digits), the only script allowed. */
  nonce: string;
  /** The text of the script (dist/preview.js). */
  script: string;
  /** The previewed document's URI, handed to the script. */
  uri: string;
  /** webview.cspSource: images of the webview's own resources, if ever. */
  cspSource: string;
}

/** The Content-Security-Policy of the preview. */
export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    "style-src 'unsafe-inline'",
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
}

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The server's page with the CSP (first thing in <head>), WEBVIEW_STYLE
 * (last thing in <head>) and our script (last thing in <body>). A page
 * without <head> or </body> gets them anyway, at the start and the end.
 */
export function webviewPage(html: string, o: PageOptions): string {
  const csp = `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.nonce, o.cspSource))}">`;
  const style = `<style data-hyoka-preview>${WEBVIEW_STYLE}</style>`;
  // A "</script" inside the script would end the element early.
  const script = `<script nonce="${o.nonce}" data-uri="${escapeAttribute(o.uri)}">${o.script.replace(/<\/(script)/gi, "<\\/$1")}</script>`;

  let page = html;
  const head = /<head(\s[^>]*)?>/i.exec(page);
  page = head ? insertAt(page, head.index + head[0].length, `\n${csp}`) : `${csp}\n${page}`;
  const headEnd = page.search(/<\/head>/i);
  page = headEnd >= 0 ? insertAt(page, headEnd, `${style}\n`) : insertAt(page, page.indexOf(csp) + csp.length, style);
  const bodyEnd = page.search(/<\/body>/i);
  return bodyEnd >= 0 ? insertAt(page, bodyEnd, `${script}\n`) : `${page}\n${script}`;
}

/** A page with only a message (no server, an error): same CSP, no script. */
export function messagePage(message: string, o: { nonce: string; cspSource: string; lang: string }): string {
  const text = message.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return [
    "<!DOCTYPE html>",
    `<html lang="${escapeAttribute(o.lang)}">`,
    "<head>",
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.nonce, o.cspSource))}">`,
    '<meta charset="utf-8">',
    "<style>body{padding:2em;font-family:var(--vscode-font-family);color:var(--vscode-foreground)}</style>",
    "</head>",
    `<body><p class="hyoka-preview-message">${text}</p></body>`,
    "</html>",
  ].join("\n");
}

/** A nonce for the CSP: 32 letters and digits. */
export function nonce(random: (n: number) => number = (n) => Math.floor(Math.random() * n)): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; i < 32; i++) s += chars[random(chars.length)];
  return s;
}

function insertAt(s: string, i: number, what: string): string {
  return s.slice(0, i) + what + s.slice(i);
}
