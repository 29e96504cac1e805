# Shared by the editor suites (.ci/neovim.sh, .ci/emacs.sh, .ci/vim.sh):
# source it after setting `suite` (the script's name in messages) and `repo`.

# Resolves $HYOKA (default target/release/hyoka, relative to the repository),
# checks that it is a hyoka build, and exports it.
hyoka_binary() {
  HYOKA="${HYOKA:-target/release/hyoka}"
  case "$HYOKA" in /*) ;; *) HYOKA="$repo/$HYOKA" ;; esac
  if [ ! -x "$HYOKA" ]; then
    echo "$suite: no hyoka binary at $HYOKA (build it, or set HYOKA)" >&2
    exit 2
  fi
  if ! "$HYOKA" --version 2>/dev/null | grep -q '^hyoka '; then
    echo "$suite: $HYOKA --version does not say 'hyoka …': a stale or broken build?" >&2
    exit 2
  fi
  export HYOKA
}

# apt-get installs the packages given (none: nothing to do), as root.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$suite: missing packages ($*): run as root or install them" >&2
    exit 2
  fi
  echo "$suite: apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# A private HOME and TMPDIR under $tmp (removed on exit): no user
# configuration gets in, nothing is written outside them, and no hyoka.toml
# or .git lies above the tests' folders.
private_home() {
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  export HOME="$tmp/home" TMPDIR="$tmp/tmp" LANG=C.UTF-8 LC_ALL=C.UTF-8
  mkdir -p "$HOME" "$TMPDIR"
}

passed=0
failed=0
failures=()

# Counts the `ok …` / `FAIL …` lines of one test's log; a test that exits
# non-zero, or reports nothing, fails. Returns 1 when the test failed.
tally() {
  local name=$1 log=$2 rc=$3 p f
  p=$(grep -c '^ok ' "$log" || true)
  f=$(grep -c '^FAIL ' "$log" || true)
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
    if [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
    [ "$rc" -eq 124 ] && echo "FAIL $name: timed out after ${TEST_TIMEOUT}s"
    failures+=("$name (exit $rc)")
    return 1
  fi
}

# Prints the failures and the counts; the suite's exit status.
summary() {
  echo
  for f in "${failures[@]}"; do echo "failed: $f"; done
  echo "$suite: $passed passed, $failed failed"
  [ "${#failures[@]}" -eq 0 ]
}
