#!/usr/bin/env bash
# Tries the README's Emacs eglot and Vim ALE snippets against `hyoka lsp` on
# examples/mofa-I-2/evaluation.hyoka (28 diagnostics expected). Not part of
# .ci/neovim.sh (Emacs is a large install). Debian 12, as root:
#   HYOKA=target/debug/hyoka bash editors/neovim/tests/other-editors/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
HYOKA="${HYOKA:-target/release/hyoka}"
case "$HYOKA" in /*) ;; *) HYOKA="$repo/$HYOKA" ;; esac
export HYOKA FILE="$repo/examples/mofa-I-2/evaluation.hyoka"
need=()
for pkg in emacs-nox elpa-eglot vim vim-ale tmux; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
fail=0

echo "=== Emacs eglot"
timeout 60 emacs -Q --batch -l "$here/eglot.el" || fail=1

echo "=== Vim ALE"
out="$(mktemp)"; rm -f "$out"
session="hyoka-ale-$$"
tmux new-session -d -s "$session" -x 200 -y 50 \
  "HYOKA='$HYOKA' OUT='$out' vim -N -u '$here/ale.vim' -i NONE '$FILE'"
for _ in $(seq 1 40); do [ -f "$out" ] && break; sleep 1; done
tmux kill-session -t "$session" 2>/dev/null || true
if [ -f "$out" ]; then cat "$out"; grep -q '^diagnostics: 28$' "$out" || fail=1; rm -f "$out"; else echo "no result from vim"; fail=1; fi
exit $fail
