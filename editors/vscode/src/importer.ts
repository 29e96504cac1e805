// `hyoka import` for the command "Hyoka: Import PDF…" (./extension.ts): the
// default output folder, the language, the arguments, running the CLI and
// reading its answer. No `vscode` import, so that test/unit.mjs can run it
// (with the real binary).
//
// The CLI is run as `hyoka import INPUT -o DIR --format json --lang ja|en
// [--force]`; it prints one JSON object on stdout:
//   {"written": [{"input", "path", "kind", "kind_name", "guesses"}, …],
//    "error": null | {"code", "message", "paths"}}
// The error `exists` (files of that name are in DIR; nothing was written) is
// the one the editor offers to resolve (overwrite with --force); any other is
// shown with the CLI's message, which is in the language asked for.

import { execFile } from "node:child_process";
import * as path from "node:path";

/** A file `hyoka import` wrote. */
export interface Written {
  path: string;
  /** `evaluation`, `plan` or `budget-sheet`. */
  kind: string;
  /** 政策評価書, 事前分析表 or 政策評価調書. */
  kindName: string;
  /** Reconstructions marked `// hyoka-import: 推測`. */
  guesses: number;
}

export type ImportResult =
  | { status: "written"; written: Written[] }
  | { status: "exists"; message: string; paths: string[] }
  | { status: "failed"; message: string; code?: string };

/** The folder an import goes to by default: beside the input, named after it (`report.pdf` → `report/`). */
export function defaultOutDir(input: string, platform: string = process.platform): string {
  const p = platform === "win32" ? path.win32 : path.posix;
  const ext = p.extname(input);
  const base = p.basename(input, ext);
  // Without an extension the folder would be the file itself.
  return p.join(p.dirname(input), ext === "" ? `${base}-hyoka` : base);
}

/**
 * The language of the CLI's messages: `hyoka.language` when it says "ja" or
 * "en", else VS Code's display language (Japanese when it is Japanese).
 */
export function cliLanguage(setting: string | undefined, uiLanguage: string): "ja" | "en" {
  if (setting === "ja" || setting === "en") {
    return setting;
  }
  return uiLanguage.toLowerCase().startsWith("ja") ? "ja" : "en";
}

/** The arguments of `hyoka` for one import. */
export function importArgs(input: string, outDir: string, lang: "ja" | "en", force: boolean): string[] {
  return ["import", input, "-o", outDir, "--format", "json", "--lang", lang, ...(force ? ["--force"] : [])];
}

/** What the CLI's output says; `exitCode` and stderr for a CLI that gave no JSON. */
export function parseImport(stdout: string, stderr: string, exitCode: number | null): ImportResult {
  let answer: unknown;
  try {
    answer = JSON.parse(stdout);
  } catch {
    answer = undefined;
  }
  if (answer !== null && typeof answer === "object" && Array.isArray((answer as { written?: unknown }).written)) {
    const a = answer as { written: Record<string, unknown>[]; error?: { code?: unknown; message?: unknown; paths?: unknown } | null };
    const error = a.error;
    if (error !== undefined && error !== null) {
      const message = typeof error.message === "string" ? error.message : String(error.code);
      if (error.code === "exists") {
        const paths = Array.isArray(error.paths) ? error.paths.filter((p): p is string => typeof p === "string") : [];
        return { status: "exists", message, paths };
      }
      return { status: "failed", message, code: typeof error.code === "string" ? error.code : undefined };
    }
    const written = a.written
      .filter((w) => w !== null && typeof w === "object" && typeof w.path === "string")
      .map((w) => ({
        path: w.path as string,
        kind: typeof w.kind === "string" ? w.kind : "",
        kindName: typeof w.kind_name === "string" ? w.kind_name : "",
        guesses: typeof w.guesses === "number" ? w.guesses : 0,
      }));
    return { status: "written", written };
  }
  // No JSON: a hyoka too old for --format json, a wrong option, a crash.
  const said = stderr
    .split("\n")
    .map((l) => l.replace(/^hyoka: /, "").trim())
    .filter((l) => l !== "")
    .join(" ");
  return { status: "failed", message: said !== "" ? said : `exit status ${exitCode ?? "?"}` };
}

/** Runs `command import …` and reads its answer; a command that does not start is a failure too. */
export function runImport(
  command: string,
  input: string,
  outDir: string,
  lang: "ja" | "en",
  force: boolean,
  timeoutMs = 5 * 60 * 1000,
): Promise<ImportResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      importArgs(input, outDir, lang, force),
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, windowsHide: true },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code === "string") {
          // ENOENT, EACCES: the executable did not run.
          resolve({ status: "failed", message: error.message, code: error.code });
          return;
        }
        const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve(parseImport(stdout, stderr, exitCode));
      },
    );
  });
}

/**
 * The order to open the written files in: the 政策評価書 first (the document
 * the others support), then the rest as written.
 */
export function openingOrder(written: Written[]): Written[] {
  const first = written.findIndex((w) => w.kind === "evaluation");
  return first <= 0 ? [...written] : [written[first], ...written.filter((_, i) => i !== first)];
}
