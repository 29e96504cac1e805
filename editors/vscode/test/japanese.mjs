// What "in Japanese" means for the tests (unit.mjs, e2e.mjs): no English word
// (3+ ASCII letters) outside `code`, {0}-style placeholders and the few
// names that are not translated.

/** Names kept in Latin letters: output channels, the editor. Removed before looking for words. */
export const ALLOWED_PHRASES = ["Hyoka Language Server Trace", "Hyoka Language Server", "VS Code"];
/** Words kept in Latin letters: the product, the environment variable, the file format, the OS, `cargo install`, `hyoka lsp`. */
export const ALLOWED_WORDS = new Set(["Hyoka", "hyoka", "PATH", "PDF", "Windows", "cargo", "install", "lsp"]);

/** The English words of `s` outside code spans, placeholders and the allowed names (codes like HY0106 have 2 letters). */
export function englishWords(s) {
  let rest = s.replace(/`[^`]*`/g, " ").replace(/\{\d+\}/g, " ");
  for (const p of ALLOWED_PHRASES) rest = rest.split(p).join(" ");
  return (rest.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED_WORDS.has(w));
}

/** Whether `s` has kana or kanji. */
export const hasJapanese = (s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s);
