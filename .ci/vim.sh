#!/usr/bin/env bash
# Headless Vim tests of editors/vim (the ALE linter, filetype, ftplugin,
# syntax) on Debian 12's Vim 9 and ALE 3.3 (vim-ale), as root.
#
#   HYOKA=target/release/hyoka bash .ci/vim.sh
#
# Installs what is missing (idempotent), runs every editors/vim/test/test_*.vim
# in Ex mode (vim -es) and exits non-zero on any failure. The tests write only
# under a temporary folder, removed at the end. Environment:
#   HYOKA          the hyoka binary (default target/release/hyoka)
#   VIM            Vim (default vim); needs +job +channel +timers
#   ALE_DIR        ALE (default /usr/share/vim-ale, from apt)
#   TEST_TIMEOUT   seconds per test file (default 90)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
plugin="$repo/editors/vim"

suite=vim
. "$repo/.ci/lib.sh"
hyoka_binary

VIM="${VIM:-vim}"
export ALE_DIR="${ALE_DIR:-/usr/share/vim-ale}"
TEST_TIMEOUT="${TEST_TIMEOUT:-90}"

# --- install -------------------------------------------------------------------
vim_ok() {
  command -v "$VIM" >/dev/null 2>&1 &&
    "$VIM" --version | grep -q '+job' &&
    "$VIM" --version | grep -q '+channel' &&
    "$VIM" --version | grep -q '+timers'
}
need_apt=()
vim_ok || need_apt+=(vim-nox)
[ -f "$ALE_DIR/plugin/ale.vim" ] || need_apt+=(vim-ale)
apt_install "${need_apt[@]}"
if ! vim_ok; then
  echo "vim.sh: $VIM lacks +job, +channel or +timers: $("$VIM" --version | head -1)" >&2
  exit 2
fi
if [ ! -f "$ALE_DIR/plugin/ale.vim" ]; then
  echo "vim.sh: no ALE in $ALE_DIR" >&2
  exit 2
fi

# --- tests --------------------------------------------------------------------------
private_home
export HYOKA_TEST_TIMEOUT=$(( (TEST_TIMEOUT - 10) * 1000 ))

version="$("$VIM" --version | head -1 | sed 's/ (.*//')"
ale_version="$(sed -n 's/^let s:current_ale_version = \[\([0-9]*\), *\([0-9]*\), *\([0-9]*\)\].*/\1.\2.\3/p' "$ALE_DIR/autoload/ale.vim" 2>/dev/null | head -1)"
for t in "$plugin"/test/test_*.vim; do
  name="${t#"$repo/"}"
  echo "=== $version, ALE ${ale_version:-?}: $name"
  log="$tmp/out.txt"
  start=$SECONDS
  set +e
  timeout -k 5 "$TEST_TIMEOUT" "$VIM" -N -i NONE -u "$t" -es >"$log" 2>&1 </dev/null
  rc=$?
  set -e
  cat "$log"
  tally "$name" "$log" "$rc" || true
  echo "($((SECONDS - start))s)"
done

summary
