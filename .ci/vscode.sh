#!/usr/bin/env bash
# Builds the VS Code extension (editors/vscode) and tests it in a real editor:
# type-check, lint, bundle, package the .vsix, install code-server, and run
# test/e2e.mjs, which drives code-server with Chromium against the hyoka server.
#
# For a fresh Debian 12 machine, run as root; safe to run again (code-server
# is cached in $CODE_SERVER_CACHE). Needs Node >= 20 (code-server 4.100 runs on
# Node 20) and the hyoka binary: $HYOKA, default target/release/hyoka (built
# with cargo when missing and cargo is there).
#
#   .ci/vscode.sh                    # everything
#   HYOKA=target/debug/hyoka .ci/vscode.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXT="$ROOT/editors/vscode"
CODE_SERVER_VERSION=4.100.3
CODE_SERVER_CACHE="${CODE_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hyoka-ci/code-server-$CODE_SERVER_VERSION}"

step() { printf '\n== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- system packages
step "system packages"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
command -v make >/dev/null && command -v g++ >/dev/null || need+=(build-essential)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
# Japanese glyphs for the e2e screenshots (test-output/, git-ignored; the
# README's test/screenshot.png is one, refreshed only on purpose).
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need+=(fonts-ipafont-gothic)
command -v node >/dev/null || need+=(nodejs npm)
if ((${#need[@]})); then
  [[ $(id -u) == 0 ]] || die "missing packages (${need[*]}): run as root or install them"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "Node $(node --version) is too old: code-server $CODE_SERVER_VERSION needs Node 20"
# Native modules of code-server build against the installed Node's headers.
nodedir=$(dirname "$(dirname "$(command -v node)")")
[[ -f $nodedir/include/node/node.h ]] || die "Node headers not found under $nodedir/include/node"

# ------------------------------------------------------------------- hyoka binary
step "hyoka binary"
HYOKA="${HYOKA:-$ROOT/target/release/hyoka}"
[[ $HYOKA == /* ]] || HYOKA="$ROOT/$HYOKA"
if [[ ! -x $HYOKA ]]; then
  command -v cargo >/dev/null || die "$HYOKA does not exist and cargo is not installed (set HYOKA=…)"
  (cd "$ROOT" && cargo build --release --locked)
  HYOKA="$ROOT/target/release/hyoka"
fi
"$HYOKA" --version

# ---------------------------------------------------------------------- extension
# The run must change no tracked file (outputs go to git-ignored places):
# remember the state of editors/vscode to compare at the end.
tree_state() {
  git -C "$ROOT" status --porcelain --untracked-files=all -- editors/vscode
  git -C "$ROOT" diff -- editors/vscode | sha1sum
}
in_git=false
git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
$in_git && before=$(tree_state)

step "npm ci (editors/vscode)"
cd "$EXT"
# --ignore-scripts: nothing here needs an install script, and some download.
npm ci --no-audit --no-fund --ignore-scripts

step "type-check"
npm run --silent typecheck

step "lint"
npm run --silent lint

step "unit tests (grammar, snippets, folding, finding the executable)"
HYOKA="$HYOKA" npm run --silent test:unit

step "bundle"
npm run --silent bundle

step "package"
rm -f hyoka.vsix
npm run --silent package
ls -l hyoka.vsix

# --------------------------------------------------------------------- code-server
# The recipe of /work/shared/editor-testing.md: the npm package's install
# scripts download (ripgrep), so they are skipped and the native modules are
# built by hand against the local Node.
install_code_server() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  cd "$dir"
  # npm_config_yes: node-pty's install script runs `npx node-gyp`, which would ask.
  export npm_config_nodedir=$nodedir npm_config_yes=true
  echo '{"name":"code-server-cache","private":true}' >package.json
  npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  npm rebuild argon2
  local cs="$dir/node_modules/code-server"
  cd "$cs/lib/vscode"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
  cd extensions
  npm install --no-audit --no-fund --omit=dev
  touch "$dir/.complete"
}

step "code-server $CODE_SERVER_VERSION"
if [[ ! -f $CODE_SERVER_CACHE/.complete ]]; then
  (install_code_server "$CODE_SERVER_CACHE")
fi
CODE_SERVER="$CODE_SERVER_CACHE/node_modules/code-server/out/node/entry.js"
[[ -f $CODE_SERVER ]] || die "code-server is not where expected: $CODE_SERVER"
node -p "'code-server ' + require('$CODE_SERVER_CACHE/node_modules/code-server/package.json').version"

# ------------------------------------------------------------------------- e2e test
step "end-to-end test in code-server"
cd "$EXT"
HYOKA="$HYOKA" CODE_SERVER="$CODE_SERVER" node test/e2e.mjs

if $in_git; then
  after=$(tree_state)
  if [[ $before != "$after" ]]; then
    printf 'error: the run changed files under editors/vscode that git does not ignore:\n' >&2
    diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") >&2 || true
    exit 1
  fi
fi
