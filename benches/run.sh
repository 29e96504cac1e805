#!/usr/bin/env bash
# Runs the performance benchmarks of docs/performance.md and prints tables:
# the core stages (Criterion, several sizes), the end-to-end server
# benchmark (hyoka lsp over stdio, 500-report workspace, hyoka check) and
# keystrokes by kind of edit (hyoka lsp with the report open in its folder).
#
#   benches/run.sh              # everything (about 13 minutes on 2 cores)
#   benches/run.sh quick        # stages at 200 KB and 5 MB, e2e without curve and workspace
#   benches/run.sh edits        # keystrokes by kind of edit only, 200 KB to 10 MB (about 3 minutes)
#   benches/run.sh edits quick  # the same at 200 KB and 5 MB (what follows `edits` goes to the bench)
#
# Run it on a quiet machine (uptime load < 0.5); the load is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$mode" != edits ]; then
  filter=''
  [ "$mode" = quick ] && filter='^(200KB|5MB)/'
  echo
  echo "== core stages (Criterion; median time per call)"
  echo "| stage | time | throughput |"
  echo "|---|---|---|"
  cargo bench --bench stages -- --warm-up-time 1 --measurement-time 3 ${filter:+"$filter"} 2>/dev/null | awk '
  function at(key,   i) { for (i = 1; i <= NF; i++) if ($i == key) return i; return 0 }
  function flush() { if (name != "" && t != "") print "| " name " | " t " | " thr " |"; name = ""; t = ""; thr = "" }
  /^[A-Za-z0-9_]+\/[^ ]+/ { flush(); name = $1 }
  t == "" && at("time:") { i = at("time:"); t = $(i + 3) " " $(i + 4) }
  thr == "" && t != "" && at("thrpt:") { i = at("thrpt:"); thr = $(i + 3) " " $(i + 4) }
  END { flush() }
  '
  echo
  echo "== end to end (hyoka lsp over stdio)"
  if [ "$mode" = quick ]; then
    cargo bench --bench lsp_e2e -- quick 2>/dev/null
  else
    cargo bench --bench lsp_e2e 2>/dev/null
  fi
fi
if [ "$mode" = all ] || [ "$mode" = edits ]; then
  echo
  echo "== keystrokes by kind of edit (hyoka lsp over stdio, the report open in its folder)"
  # The release server the bench starts (target/release/hyoka).
  cargo build --release --quiet
  cargo bench --bench edits -- "${@:2}" 2>/dev/null
fi
