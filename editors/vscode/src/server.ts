// Finding the `hyoka` executable. No `vscode` import, so that test/unit.mjs
// can run it without the editor.
//
// Where it looks, in order:
//   1. `hyoka.server.path`, when set (to anything but the bare name `hyoka`):
//      only there; a path that does not exist is an error, not a reason to
//      run some other hyoka;
//   2. the executable bundled with the extension: bin/hyoka (bin\hyoka.exe on
//      Windows) in the extension's folder, which only the platform-specific
//      .vsix packages have (scripts/package-target.mjs); the universal
//      hyoka.vsix has no bin/;
//   3. every directory of PATH;
//   4. where `cargo install` puts it: $CARGO_HOME/bin when CARGO_HOME is set,
//      then ~/.cargo/bin (%USERPROFILE%\.cargo\bin\hyoka.exe on Windows).
//      An editor started from a desktop menu, or code-server started by a
//      service, often has a PATH without ~/.cargo/bin.

import * as fs from "node:fs";
import * as path from "node:path";

export const SETTING = "hyoka.server.path";
export const DEFAULT_NAME = "hyoka";

/**
 * Puts a message into the user's language: `vscode.l10n.t` in the editor
 * (the English text is the key, l10n/bundle.l10n.ja.json has the Japanese).
 * Arguments replace `{0}`, `{1}`, … .
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The English text with its arguments filled in: what `vscode.l10n.t` gives in English. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));

export interface LookupOptions {
  /** The value of `hyoka.server.path` (undefined, "" or "hyoka": not set). */
  configured: string | undefined;
  /** process.platform; decides the separators, PATHEXT and `.exe`. */
  platform: string;
  /** The environment: PATH (or Path), PATHEXT, CARGO_HOME. */
  env: Record<string, string | undefined>;
  /** The user's home directory (os.homedir()). */
  home: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string | undefined;
  /** The extension's folder (context.extensionPath): its bin/ may have the executable. */
  extensionPath?: string | undefined;
  /** Whether `p` is an executable file; default: the file system says so. */
  isExecutable?: (p: string, platform: string) => boolean;
  /** Translates the message; default: English. */
  t?: Translate;
}

export type Lookup =
  | { found: true; path: string; via: "setting" | "bundled" | "PATH" | "cargo"; tried: string[] }
  | { found: false; tried: string[]; message: string };

/** Looks for the server executable; says where it looked either way. */
export function findServer(o: LookupOptions): Lookup {
  const p = o.platform === "win32" ? path.win32 : path.posix;
  const isExec = o.isExecutable ?? isExecutable;
  const t = o.t ?? english;
  const tried: string[] = [];
  const check = (candidate: string): boolean => {
    tried.push(candidate);
    return isExec(candidate, o.platform);
  };

  const configured = (o.configured ?? "").trim();
  if (settingIsSet(configured)) {
    const expanded = expand(configured, o, p);
    if (hasSeparator(expanded)) {
      if (check(expanded)) {
        return { found: true, path: expanded, via: "setting", tried };
      }
      return {
        found: false,
        tried,
        message: t(
          "`{0}` ({1}) does not exist or is not executable. Set {1} to the hyoka executable, or clear it to look in the extension's folder ({2}), on PATH and in {3}.",
          configured,
          SETTING,
          bundledDescription(o, p),
          joined(cargoBins(o, p), "and", t),
        ),
      };
    }
    const onPath = searchPath(expanded, o, p, check);
    if (onPath !== undefined) {
      return { found: true, path: onPath, via: "setting", tried };
    }
    return {
      found: false,
      tried,
      message: t(
        "`{0}` ({1}) was not found on PATH ({2}). Set {1} to the full path of the hyoka executable, or clear it to look in the extension's folder ({3}), on PATH and in {4}.",
        configured,
        SETTING,
        describePath(o, p, t),
        bundledDescription(o, p),
        joined(cargoBins(o, p), "and", t),
      ),
    };
  }

  const bundled = bundledPath(o.extensionPath, o.platform);
  if (bundled !== undefined && check(bundled)) {
    return { found: true, path: bundled, via: "bundled", tried };
  }
  const onPath = searchPath(DEFAULT_NAME, o, p, check);
  if (onPath !== undefined) {
    return { found: true, path: onPath, via: "PATH", tried };
  }
  const exe = executableName(o.platform);
  for (const dir of cargoBins(o, p)) {
    const candidate = p.join(dir, exe);
    if (check(candidate)) {
      return { found: true, path: candidate, via: "cargo", tried };
    }
  }
  return {
    found: false,
    tried,
    message: t(
      "`{0}` was not found in the extension's folder ({1}), on PATH ({2}) nor as {3}. Install the `.vsix` for your platform, which contains it, or install it with `cargo install --path .` from a checkout of the Hyoka repository, or set {4} to the executable.",
      DEFAULT_NAME,
      bundledDescription(o, p),
      describePath(o, p, t),
      joined(
        cargoBins(o, p).map((d) => p.join(d, exe)),
        "nor",
        t,
      ),
      SETTING,
    ),
  };
}

/** Whether `hyoka.server.path` decides alone: set, and not to the bare name `hyoka`. */
export function settingIsSet(configured: string | undefined): boolean {
  const c = (configured ?? "").trim();
  return c !== "" && c !== DEFAULT_NAME;
}

/** `hyoka`, or `hyoka.exe` on Windows: the name in bin/ and in the cargo directories. */
export function executableName(platform: string): string {
  return platform === "win32" ? `${DEFAULT_NAME}.exe` : DEFAULT_NAME;
}

/**
 * Where a platform-specific .vsix puts the executable: bin/hyoka (bin\hyoka.exe
 * on Windows) in the extension's folder; undefined without the folder.
 */
export function bundledPath(extensionPath: string | undefined, platform: string): string | undefined {
  if (extensionPath === undefined || extensionPath === "") {
    return undefined;
  }
  const p = platform === "win32" ? path.win32 : path.posix;
  return p.join(extensionPath, "bin", executableName(platform));
}

/** The bundled place for a message (`bin/hyoka` when the extension's folder is not known). */
function bundledDescription(o: LookupOptions, p: path.PlatformPath): string {
  return bundledPath(o.extensionPath, o.platform) ?? p.join("bin", executableName(o.platform));
}

/** What {@link makeExecutable} did. */
export type Prepared =
  | { status: "absent" | "executable" | "made-executable"; path: string }
  | { status: "failed"; path: string; error: string };

/**
 * Makes the bundled executable executable when it is not (POSIX): VS Code
 * keeps the mode a .vsix records, but a .vsix packed on Windows records no x bit,
 * and an unzip by hand may drop it. Adds the x bits where r bits are; does
 * nothing on Windows, where no bit is needed.
 */
export function makeExecutable(file: string, platform: string): Prepared {
  let mode: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return { status: "absent", path: file };
    }
    mode = st.mode;
  } catch {
    return { status: "absent", path: file };
  }
  if (platform === "win32" || isExecutable(file, platform)) {
    return { status: "executable", path: file };
  }
  try {
    // r → x for user, group and others; the user at least.
    fs.chmodSync(file, (mode & 0o7777) | ((mode & 0o444) >> 2) | 0o100);
  } catch (error) {
    return { status: "failed", path: file, error: error instanceof Error ? error.message : String(error) };
  }
  return isExecutable(file, platform)
    ? { status: "made-executable", path: file }
    : { status: "failed", path: file, error: "still not executable after chmod" };
}

/** The directories `cargo install` writes to: $CARGO_HOME/bin, then ~/.cargo/bin. */
function cargoBins(o: LookupOptions, p: path.PlatformPath): string[] {
  const dirs: string[] = [];
  const cargoHome = o.env.CARGO_HOME;
  if (cargoHome !== undefined && cargoHome !== "" && p.isAbsolute(cargoHome)) {
    dirs.push(p.join(cargoHome, "bin"));
  }
  const home = p.join(o.home, ".cargo", "bin");
  if (!dirs.includes(home)) {
    dirs.push(home);
  }
  return dirs;
}

function pathDirs(o: LookupOptions, p: path.PlatformPath): string[] {
  // Windows spells it Path; Node's process.env is case-insensitive there, a plain object is not.
  const value = o.env.PATH ?? o.env.Path ?? "";
  return value.split(p.delimiter).filter((d) => d !== "");
}

/** PATH for a message: its directories, the first few of a long one. */
function describePath(o: LookupOptions, p: path.PlatformPath, t: Translate): string {
  const dirs = pathDirs(o, p);
  if (dirs.length === 0) {
    return t("empty");
  }
  const shown = dirs.slice(0, 6).join(p.delimiter);
  return dirs.length > 6 ? t("{0}… {1} directories", shown + p.delimiter, dirs.length) : shown;
}

/** `a and b`, `a nor b nor c`: a list in a sentence (each language joins its own way). */
function joined(items: string[], how: "and" | "nor", t: Translate): string {
  return items.reduce((list, item) => (how === "and" ? t("{0} and {1}", list, item) : t("{0} nor {1}", list, item)));
}

function searchPath(name: string, o: LookupOptions, p: path.PlatformPath, check: (c: string) => boolean): string | undefined {
  let exts = [""];
  if (o.platform === "win32" && p.extname(name) === "") {
    exts = (o.env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((e) => e !== "");
  }
  for (const dir of pathDirs(o, p)) {
    for (const ext of exts) {
      const candidate = p.join(dir, name + ext);
      if (check(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function hasSeparator(s: string): boolean {
  return s.includes("/") || s.includes("\\");
}

/** `~`, `${userHome}` and `${workspaceFolder}`; a relative path is taken from the workspace folder. */
function expand(s: string, o: LookupOptions, p: path.PlatformPath): string {
  let out = s.replace(/^~(?=$|[/\\])/, o.home).replace(/\$\{userHome\}/g, o.home);
  const folder = o.workspaceFolder;
  if (folder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
    if (hasSeparator(out) && !p.isAbsolute(out)) {
      out = p.resolve(folder, out);
    }
  }
  return out;
}

function isExecutable(p: string, platform: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    fs.accessSync(p, platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
