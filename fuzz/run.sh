#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each (default 60).
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets cargo fuzz pass its
# -Z flags. No sanitizer (-s none): the code under test is safe Rust plus
# tree-sitter's C parser; the aim is executions. New inputs go to
# fuzz/corpus/<target> (ignored by git); the committed seeds stay in
# fuzz/seeds/<target>. A crash leaves its input in fuzz/artifacts/<target>.
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(analyze edits framing)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz -j 1
export RUSTC_BOOTSTRAP=1 CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  extra=()
  [ "$t" = framing ] && extra=(-dict=framing.dict)
  echo "== $t: ${secs}s"
  cargo fuzz run -s none "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 "${extra[@]}" 2>&1 | tee "/tmp/hyoka-fuzz-$t.log" | grep -E "^(#[0-9]+\s+(INITED|DONE)|==|SUMMARY|Done)|panicked|Test unit written" || true
  grep -q "Test unit written\|panicked" "/tmp/hyoka-fuzz-$t.log" && { echo "$t: crash"; exit 1; }
  grep -q "^Done [0-9]* runs" "/tmp/hyoka-fuzz-$t.log" || { echo "$t: did not run (see /tmp/hyoka-fuzz-$t.log)"; tail -20 "/tmp/hyoka-fuzz-$t.log"; exit 1; }
done
