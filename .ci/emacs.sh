#!/usr/bin/env bash
# Headless Emacs tests of editors/emacs (hyoka-mode with Eglot) on Debian 12's
# Emacs 28 (emacs-nox) and Eglot 1.9 (elpa-eglot), as root.
#
#   HYOKA=target/release/hyoka bash .ci/emacs.sh
#
# Installs what is missing (idempotent), byte-compiles hyoka-mode.el with
# warnings as errors (in a temporary folder), runs every
# editors/emacs/test/test-*.el in batch mode and exits non-zero on any
# failure. The tests write only under a temporary folder, removed at the end.
# Environment:
#   HYOKA          the hyoka binary (default target/release/hyoka)
#   EMACS          Emacs (default emacs)
#   TEST_TIMEOUT   seconds per test file (default 90)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mode="$repo/editors/emacs"

suite=emacs
. "$repo/.ci/lib.sh"
hyoka_binary

EMACS="${EMACS:-emacs}"
TEST_TIMEOUT="${TEST_TIMEOUT:-90}"

# --- install -------------------------------------------------------------------
need_apt=()
command -v "$EMACS" >/dev/null 2>&1 || need_apt+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || need_apt+=(elpa-eglot)
apt_install "${need_apt[@]}"
version="$("$EMACS" --version | head -1)"
if ! echo "$version" | grep -Eq '^GNU Emacs (2[89]|[3-9][0-9])\.'; then
  echo "emacs.sh: $EMACS is not Emacs 28 or later: $version" >&2
  exit 2
fi

# --- tests --------------------------------------------------------------------------
private_home


echo "=== $version: byte-compile hyoka-mode.el"
cp "$mode/hyoka-mode.el" "$tmp/"
if timeout -k 5 "$TEST_TIMEOUT" "$EMACS" -Q --batch --eval '(setq byte-compile-error-on-warn t)' \
     -f batch-byte-compile "$tmp/hyoka-mode.el" >"$tmp/out.txt" 2>&1; then
  echo "ok byte-compile"
  passed=$((passed + 1))
else
  cat "$tmp/out.txt"
  echo "FAIL byte-compile"
  failed=$((failed + 1))
  failures+=("byte-compile hyoka-mode.el")
fi

for t in "$mode"/test/test-*.el; do
  name="${t#"$repo/"}"
  echo "=== $version: $name"
  log="$tmp/out.txt"
  start=$SECONDS
  set +e
  timeout -k 5 "$TEST_TIMEOUT" "$EMACS" -Q --batch -l "$t" >"$log" 2>"$tmp/err.txt" </dev/null
  rc=$?
  set -e
  cat "$log"
  if ! tally "$name" "$log" "$rc"; then
    # Emacs' own messages (Eglot, jsonrpc, errors) help to see why.
    sed 's/^/  emacs: /' "$tmp/err.txt" | tail -n 30
  fi
  echo "($((SECONDS - start))s)"
done

summary
