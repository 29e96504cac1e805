#!/usr/bin/env bash
# The platform-specific .vsix packages of editors/vscode, with the hyoka
# executable inside (editors/vscode/scripts/package-target.mjs):
#   - hyoka-linux-x64.vsix from $HYOKA: it has extension/bin/hyoka, mode 755,
#     the same bytes as $HYOKA;
#   - hyoka-win32-x64.vsix from $HYOKA_WIN: it has extension/bin/hyoka.exe
#     (not run; skipped when there is no Windows build and HYOKA_WIN is unset);
#   - the universal hyoka.vsix has no bin/;
#   - the end-to-end test (test/e2e.mjs with E2E_BUNDLED=1) in code-server with
#     hyoka-linux-x64.vsix installed, hyoka on no PATH (the folder of $HYOKA
#     and any other with a hyoka left out), a private HOME (no ~/.cargo/bin),
#     hyoka.server.path unset: the server is the bundled bin/hyoka (the Hyoka
#     output says so) and the 10 HY0106 of the example appear.
#
#   HYOKA=target/release/hyoka .ci/vscode-bundled.sh
#
# Needs what .ci/vscode.sh installs (Node >= 20, Chromium, code-server in
# $CODE_SERVER_CACHE): run that first on a fresh machine. Prints `ok …` /
# `FAIL …` per check, exits non-zero on any failure. The packages stay in
# editors/vscode/ (git-ignored); the run changes nothing git sees.
# Environment:
#   HYOKA              the Linux x64 binary (default target/release/hyoka)
#   HYOKA_WIN          the Windows x64 binary (default
#                      target/x86_64-pc-windows-gnu/release/hyoka.exe)
#   CODE_SERVER_CACHE  as in .ci/vscode.sh
#   TEST_TIMEOUT       seconds for the end-to-end test (default 240)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ext="$repo/editors/vscode"
suite=vscode-bundled
. "$repo/.ci/lib.sh"
hyoka_binary

CODE_SERVER_VERSION=4.100.3
CODE_SERVER_CACHE="${CODE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hyoka-ci/code-server-$CODE_SERVER_VERSION}"
CODE_SERVER="$CODE_SERVER_CACHE/node_modules/code-server/out/node/entry.js"
TEST_TIMEOUT="${TEST_TIMEOUT:-240}"
HYOKA_WIN_SET="${HYOKA_WIN:+1}"
HYOKA_WIN="${HYOKA_WIN:-target/x86_64-pc-windows-gnu/release/hyoka.exe}"
case "$HYOKA_WIN" in /*) ;; *) HYOKA_WIN="$repo/$HYOKA_WIN" ;; esac

command -v unzip >/dev/null || apt_install unzip
for need in node chromium unzip; do
  command -v "$need" >/dev/null || { echo "$suite: $need is missing (run .ci/vscode.sh first)" >&2; exit 2; }
done
[ -f "$CODE_SERVER" ] || { echo "$suite: no code-server at $CODE_SERVER (run .ci/vscode.sh first)" >&2; exit 2; }

in_git=false
git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
tree_state() {
  if $in_git; then
    git -C "$repo" status --porcelain --untracked-files=all -- editors/vscode
    git -C "$repo" diff -- editors/vscode | sha1sum
  fi
}
before="$(tree_state)"

cd "$ext"
if [ ! -d node_modules/@vscode/vsce ] || [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi
npm run --silent bundle >/dev/null

# The rest runs with a private HOME and TMPDIR (removed on exit).
private_home
logs="$tmp/logs"
mkdir -p "$logs"

# One entry of a .vsix: "<permissions> <size>" (as zipinfo lists it), or "missing".
entry() { # <vsix> <name>
  unzip -Z -l "$1" "$2" 2>/dev/null | awk -v n="$2" '$NF == n { print $1, $4; found = 1 } END { if (!found) print "missing" }'
}
size_of() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

# ------------------------------------------------------------------ linux-x64
check_linux() {
  rm -f hyoka-linux-x64.vsix
  npm run --silent package:target -- linux-x64 "$HYOKA" || { echo "FAIL package linux-x64: package-target failed"; return; }
  [ ! -e bin ] || { echo "FAIL package linux-x64: bin/ was left behind"; return; }
  local got want
  got="$(entry hyoka-linux-x64.vsix extension/bin/hyoka)"
  want="$(size_of "$HYOKA")"
  set -- $got
  if [ "$1" = missing ]; then
    echo "FAIL package linux-x64: no extension/bin/hyoka in hyoka-linux-x64.vsix"
  elif [ "$1" != -rwxr-xr-x ] || [ "$2" != "$want" ]; then
    echo "FAIL package linux-x64: extension/bin/hyoka is $1 with $2 bytes (want -rwxr-xr-x and $want)"
  elif ! unzip -p hyoka-linux-x64.vsix extension/bin/hyoka | cmp -s - "$HYOKA"; then
    echo "FAIL package linux-x64: extension/bin/hyoka differs from $HYOKA"
  else
    echo "ok   package linux-x64: hyoka-linux-x64.vsix $(mib "$(size_of hyoka-linux-x64.vsix)") ($(size_of hyoka-linux-x64.vsix) bytes), extension/bin/hyoka mode 755, $(mib "$2") = $HYOKA"
  fi
}
echo "== package linux-x64"
check_linux 2>&1 | tee "$logs/linux.txt"
tally "package linux-x64" "$logs/linux.txt" 0 || true

# ------------------------------------------------------------------ win32-x64
check_win() {
  rm -f hyoka-win32-x64.vsix
  npm run --silent package:target -- win32-x64 "$HYOKA_WIN" || { echo "FAIL package win32-x64: package-target failed"; return; }
  [ ! -e bin ] || { echo "FAIL package win32-x64: bin/ was left behind"; return; }
  local got
  got="$(entry hyoka-win32-x64.vsix extension/bin/hyoka.exe)"
  set -- $got
  if [ "$1" = missing ]; then
    echo "FAIL package win32-x64: no extension/bin/hyoka.exe in hyoka-win32-x64.vsix"
  elif [ "$2" != "$(size_of "$HYOKA_WIN")" ]; then
    echo "FAIL package win32-x64: extension/bin/hyoka.exe has $2 bytes, $HYOKA_WIN $(size_of "$HYOKA_WIN")"
  elif [ "$(entry hyoka-win32-x64.vsix extension/bin/hyoka)" != missing ]; then
    echo "FAIL package win32-x64: it has extension/bin/hyoka too"
  else
    echo "ok   package win32-x64: hyoka-win32-x64.vsix $(mib "$(size_of hyoka-win32-x64.vsix)") ($(size_of hyoka-win32-x64.vsix) bytes), extension/bin/hyoka.exe $(mib "$2") = $HYOKA_WIN"
  fi
  # The target is in the manifest: VS Code refuses it on another platform.
  if unzip -p hyoka-win32-x64.vsix extension.vsixmanifest | grep -q 'TargetPlatform="win32-x64"'; then
    echo "ok   package win32-x64: extension.vsixmanifest says TargetPlatform=\"win32-x64\""
  else
    echo "FAIL package win32-x64: no TargetPlatform=\"win32-x64\" in extension.vsixmanifest"
  fi
}
echo
echo "== package win32-x64"
if [ -f "$HYOKA_WIN" ]; then
  check_win 2>&1 | tee "$logs/win.txt"
  tally "package win32-x64" "$logs/win.txt" 0 || true
elif [ -n "$HYOKA_WIN_SET" ]; then
  echo "FAIL package win32-x64: HYOKA_WIN=$HYOKA_WIN does not exist" | tee "$logs/win.txt"
  tally "package win32-x64" "$logs/win.txt" 0 || true
else
  echo "skip package win32-x64: no Windows build at $HYOKA_WIN (set HYOKA_WIN)"
fi

# ------------------------------------------------------------------ universal
check_universal() {
  local out="$tmp/hyoka.vsix"
  # The flags of `npm run package`, into a file of our own (hyoka.vsix may be in use).
  node -e '
    const pkg = require("./package.json");
    const words = pkg.scripts.package.split(/\s+/);
    const i = words.indexOf("--out");
    words[i + 1] = process.argv[1];
    process.stdout.write(words.slice(1).join("\n"));
  ' "$out" | xargs -d '\n' node node_modules/@vscode/vsce/vsce >/dev/null || { echo "FAIL universal: vsce package failed"; return; }
  if unzip -l "$out" | grep -q ' extension/bin/'; then
    echo "FAIL universal: hyoka.vsix has extension/bin/ (a leftover bin/?)"
  elif unzip -p "$out" extension.vsixmanifest | grep -q TargetPlatform; then
    echo "FAIL universal: hyoka.vsix names a target platform"
  else
    echo "ok   universal: hyoka.vsix $(mib "$(size_of "$out")") ($(size_of "$out") bytes), no bin/, no target platform"
  fi
}
echo
echo "== universal package"
check_universal 2>&1 | tee "$logs/universal.txt"
tally "universal" "$logs/universal.txt" 0 || true

# ------------------------------------------------------------------ e2e
echo
echo "== end-to-end: hyoka-linux-x64.vsix in code-server, hyoka on no PATH"
# PATH without the folder of $HYOKA and without any other folder with a hyoka.
hyoka_dir="$(dirname "$HYOKA")"
stripped=""
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -n "$d" ] && [ "$d" != "$hyoka_dir" ] && [ ! -e "$d/hyoka" ] || continue
  stripped="${stripped:+$stripped:}$d"
done
e2e_log="$logs/e2e.txt"
if [ ! -f hyoka-linux-x64.vsix ]; then
  echo "FAIL e2e: no hyoka-linux-x64.vsix to install" | tee "$e2e_log"
  rc=1
elif PATH="$stripped" command -v hyoka >/dev/null; then
  echo "FAIL e2e: hyoka is still on the stripped PATH: $(PATH="$stripped" command -v hyoka)" | tee "$e2e_log"
  rc=1
else
  node="$(command -v node)"
  set +e
  env -u CARGO_HOME PATH="$stripped" E2E_BUNDLED=1 VSIX="$ext/hyoka-linux-x64.vsix" \
    HYOKA="$HYOKA" CODE_SERVER="$CODE_SERVER" OUT="$ext/test-output/bundled" SCREENSHOT="" \
    timeout -k 5 "$TEST_TIMEOUT" "$node" test/e2e.mjs >"$e2e_log" 2>&1
  rc=$?
  set -e
  cat "$e2e_log"
  if [ "$rc" -eq 0 ] && grep -q 'E2E PASSED (bundled)' "$e2e_log"; then
    echo "ok   e2e: the bundled bin/hyoka started with hyoka on no PATH, no ~/.cargo/bin, hyoka.server.path unset; 10 HY0106, one edit, x bit restored" | tee -a "$e2e_log"
  else
    echo "FAIL e2e: exit $rc" | tee -a "$e2e_log"
  fi
fi
tally "e2e (bundled)" "$e2e_log" "$rc" || true

# ------------------------------------------------------------------ the checkout
cd "$repo"
after="$(tree_state)"
if [ -e "$ext/bin" ]; then
  echo "FAIL editors/vscode/bin/ is left behind"
  failures+=("editors/vscode/bin/ left behind")
  failed=$((failed + 1))
fi
if [ "$before" != "$after" ]; then
  echo "FAIL the run changed files under editors/vscode that git does not ignore:"
  diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") || true
  failures+=("the run changed what git sees")
  failed=$((failed + 1))
fi

summary
