#!/usr/bin/env bash
# The Windows build, run under Wine (Debian's wine64): `hyoka check --format
# json` on the real example gives the Linux JSON (paths aside), and an LSP
# session with `file:///c%3a/…` URIs in a Japanese-named folder on C: works
# (tests/windows.rs). Builds dist/bin/win32-x64/hyoka.exe with .ci/dist when
# it is not there.
#
# Wine 8 has no bcryptprimitives.dll, where Rust's standard library finds
# ProcessPrng on Windows 10 and later: the prefix gets a small one
# (.ci/wine/bcryptprimitives.c, built with mingw-w64) that answers through
# RtlGenRandom. Only the test prefix has it; Windows has its own.
set -euo pipefail
suite=windows
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
# shellcheck source=lib.sh
. .ci/lib.sh
export PATH="$HOME/.cargo/bin:$PATH"

need=()
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
apt_install "${need[@]}"
wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine="$(command -v wine64)"

exe="$repo/dist/bin/win32-x64/hyoka.exe"
if [ ! -f "$exe" ]; then
  HYOKA_DIST_TARGETS=win32-x64 .ci/dist
fi

cargo_home="${CARGO_HOME:-$HOME/.cargo}"
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
private_home
export CARGO_HOME="$cargo_home" RUSTUP_HOME="$rustup_home"
export WINEPREFIX="$tmp/wine" WINEDEBUG=-all
echo "$suite: a Wine prefix in $WINEPREFIX"
"$wine" wineboot --init >/dev/null 2>&1 || true
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  .ci/wine/bcryptprimitives.c -ladvapi32
version="$(LC_ALL=C.UTF-8 "$wine" "$exe" --version 2>/dev/null | tr -d '\r')"
case "$version" in
  hyoka\ *) echo "ok hyoka.exe --version under Wine: $version" ;;
  *) echo "FAIL hyoka.exe --version under Wine: got '$version'"; exit 1 ;;
esac
log="$tmp/windows-tests.log"
rc=0
HYOKA_WINDOWS_EXE="$exe" HYOKA_WINE="$wine" \
  cargo test --release --locked --test windows -- --nocapture --test-threads 1 2>&1 | tee "$log" || rc=$?
if grep -q '^skipped' "$log"; then
  echo "FAIL tests/windows.rs skipped"
  exit 1
fi
grep -E '^test .* ok$' "$log" | sed 's/^test /ok /; s/ \.\.\. ok$//'
grep -E '^test .* FAILED$' "$log" | sed 's/^test /FAIL /; s/ \.\.\. FAILED$//' || true
exit "$rc"
