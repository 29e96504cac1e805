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

HYOKA="${HYOKA:-target/release/hyoka}"
case "$HYOKA" in /*) ;; *) HYOKA="$repo/$HYOKA" ;; esac
if [ ! -x "$HYOKA" ]; then
  echo "vim.sh: no hyoka binary at $HYOKA (build it, or set HYOKA)" >&2
  exit 2
fi
if ! "$HYOKA" --version 2>/dev/null | grep -q '^hyoka '; then
  echo "vim.sh: $HYOKA --version does not say 'hyoka …': a stale or broken build?" >&2
  exit 2
fi
export HYOKA

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
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "vim.sh: missing packages (${need_apt[*]}): run as root or install them" >&2
    exit 2
  fi
  echo "vim.sh: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if ! vim_ok; then
  echo "vim.sh: $VIM lacks +job, +channel or +timers: $("$VIM" --version | head -1)" >&2
  exit 2
fi
if [ ! -f "$ALE_DIR/plugin/ale.vim" ]; then
  echo "vim.sh: no ALE in $ALE_DIR" >&2
  exit 2
fi

# --- tests --------------------------------------------------------------------------
# A private HOME and TMPDIR: no user configuration gets in, nothing is written
# outside them, and no hyoka.toml or .git lies above the tests' folders.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" TMPDIR="$tmp/tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME" "$TMPDIR"
export HYOKA_TEST_TIMEOUT=$(( (TEST_TIMEOUT - 10) * 1000 ))

version="$("$VIM" --version | head -1 | sed 's/ (.*//')"
ale_version="$(sed -n 's/^let s:current_ale_version = \[\([0-9]*\), *\([0-9]*\), *\([0-9]*\)\].*/\1.\2.\3/p' "$ALE_DIR/autoload/ale.vim" 2>/dev/null | head -1)"
passed=0
failed=0
failures=()
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
  p=$(grep -c '^ok ' "$log" || true)
  f=$(grep -c '^FAIL ' "$log" || true)
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
    if [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
    [ "$rc" -eq 124 ] && echo "FAIL $name: timed out after ${TEST_TIMEOUT}s"
    failures+=("$name (exit $rc)")
  fi
  echo "($((SECONDS - start))s)"
done

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "vim: $passed passed, $failed failed"
[ "${#failures[@]}" -eq 0 ]
