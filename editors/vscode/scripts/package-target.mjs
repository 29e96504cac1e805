// Packages the extension for one platform, with the `hyoka` executable inside:
//
//   npm run package:target -- <target> <path-to-hyoka>
//   npm run package:target -- win32-x64 ../../target/x86_64-pc-windows-gnu/release/hyoka.exe
//
// copies the executable to bin/hyoka (bin/hyoka.exe for win32-*), runs
// `vsce package --target <target> --out hyoka-<target>.vsix` with the flags
// of the `package` script (the universal hyoka.vsix), and removes bin/ again,
// also when vsce fails. The extension runs bin/hyoka when hyoka.server.path
// is not set (src/server.ts). bin/ is git-ignored; .vscodeignore packs it.
//
// The executable is checked first: its format (PE, ELF, Mach-O) and CPU must
// be the target's, so that a Linux build does not end up in the Windows
// package. Run `npm run bundle` before (dist/ is packaged as it is).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ext = path.resolve(here, "..");

/** The vsce targets this script packs, with the format and CPU of their executable. */
export const TARGETS = {
  "win32-x64": { format: "PE", cpu: "x64" },
  "win32-arm64": { format: "PE", cpu: "arm64" },
  "linux-x64": { format: "ELF", cpu: "x64" },
  "linux-arm64": { format: "ELF", cpu: "arm64" },
  "darwin-x64": { format: "Mach-O", cpu: "x64" },
  "darwin-arm64": { format: "Mach-O", cpu: "arm64" },
};

/** bin/hyoka.exe for Windows, bin/hyoka elsewhere (what src/server.ts looks for). */
export const binName = (target) => (target.startsWith("win32-") ? "hyoka.exe" : "hyoka");

/** The format and CPU of an executable, from its first bytes; undefined fields when unknown. */
export function executableKind(buf) {
  if (buf.length >= 0x40 && buf[0] === 0x4d && buf[1] === 0x5a) {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 6 <= buf.length && buf.toString("latin1", pe, pe + 4) === "PE\0\0") {
      const machine = buf.readUInt16LE(pe + 4);
      return { format: "PE", cpu: { 0x8664: "x64", 0xaa64: "arm64", 0x14c: "x86" }[machine] };
    }
    return { format: "PE" };
  }
  if (buf.length >= 20 && buf.readUInt32BE(0) === 0x7f454c46) {
    const little = buf[5] === 1;
    const machine = little ? buf.readUInt16LE(18) : buf.readUInt16BE(18);
    return { format: "ELF", cpu: { 0x3e: "x64", 0xb7: "arm64", 0x28: "arm", 0x03: "x86" }[machine] };
  }
  if (buf.length >= 8) {
    const magic = buf.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface) {
      const cpu = buf.readUInt32LE(4);
      return { format: "Mach-O", cpu: { 0x01000007: "x64", 0x0100000c: "arm64" }[cpu] };
    }
    if (buf.readUInt32BE(0) === 0xcafebabe) {
      return { format: "Mach-O", cpu: "universal" };
    }
  }
  return { format: undefined, cpu: undefined };
}

/** Why `file` cannot go into the package for `target`; undefined when it can. */
export function checkBinary(target, file) {
  const want = TARGETS[target];
  if (want === undefined) return `unknown target ${target}: one of ${Object.keys(TARGETS).join(", ")}`;
  let st;
  try {
    st = fs.statSync(file);
  } catch {
    return `${file} does not exist`;
  }
  if (!st.isFile()) return `${file} is not a file`;
  const fd = fs.openSync(file, "r");
  const head = Buffer.alloc(4096);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const got = executableKind(head.subarray(0, n));
  if (got.format !== want.format) return `${file} is ${got.format ?? "not an executable"}, ${target} needs ${want.format}`;
  // A universal Mach-O binary runs on both Macs.
  if (got.cpu !== want.cpu && got.cpu !== "universal") return `${file} is ${got.format} for ${got.cpu ?? "an unknown CPU"}, ${target} needs ${want.cpu}`;
  return undefined;
}

/**
 * The arguments of vsce for `target`: those of the `package` script of
 * package.json (`vsce package … --out hyoka.vsix`), with --target and the
 * package's name instead of hyoka.vsix.
 */
export function vsceArgs(pkg, target, out) {
  const words = pkg.scripts.package.trim().split(/\s+/);
  if (words[0] !== "vsce" || words[1] !== "package") throw new Error(`the package script is not \`vsce package …\`: ${pkg.scripts.package}`);
  const args = [];
  for (let i = 2; i < words.length; i++) {
    if (words[i] === "--out" || words[i] === "-o" || words[i] === "--target" || words[i] === "-t") i++;
    else args.push(words[i]);
  }
  return ["package", ...args, "--target", target, "--out", out];
}

function main(argv) {
  const [target, binary, ...rest] = argv;
  if (target === undefined || binary === undefined || rest.length > 0) {
    console.error("usage: npm run package:target -- <target> <path-to-hyoka>");
    console.error(`targets: ${Object.keys(TARGETS).join(", ")}`);
    return 2;
  }
  const source = path.resolve(process.env.INIT_CWD ?? process.cwd(), binary);
  const problem = checkBinary(target, source);
  if (problem !== undefined) {
    console.error(`package-target: ${problem}`);
    return 2;
  }
  for (const f of ["dist/extension.js", "dist/preview.js"]) {
    if (!fs.existsSync(path.join(ext, f))) {
      console.error(`package-target: ${f} is missing: run \`npm run bundle\` first`);
      return 2;
    }
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
  const out = `hyoka-${target}.vsix`;
  const bin = path.join(ext, "bin");
  fs.rmSync(bin, { recursive: true, force: true }); // a leftover of an interrupted run
  try {
    fs.mkdirSync(bin);
    const dest = path.join(bin, binName(target));
    fs.copyFileSync(source, dest);
    // The mode goes into the .vsix and VS Code restores it (packed on
    // Windows there is none: the extension then sets it, src/server.ts).
    fs.chmodSync(dest, 0o755);
    const vsce = path.join(path.dirname(fileURLToPath(import.meta.resolve("@vscode/vsce/package.json"))), "vsce");
    const args = vsceArgs(pkg, target, out);
    console.log(`vsce ${args.join(" ")}  (${path.relative(ext, dest)} ← ${source}, ${(fs.statSync(dest).size / 2 ** 20).toFixed(1)} MB)`);
    const r = spawnSync(process.execPath, [vsce, ...args], { cwd: ext, stdio: "inherit" });
    if (r.error) throw r.error;
    if (r.status !== 0) return r.status ?? 1;
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
  console.log(`${out}: ${(fs.statSync(path.join(ext, out)).size / 2 ** 20).toFixed(1)} MB`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
