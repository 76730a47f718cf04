#!/usr/bin/env bash
# Regenerates the Windows bindings with jextract into a scratch directory, for comparison with
# the committed, hand-written classes (io.rusticated.windows.WindowsAbi, Kernel32, Ntdll, Ws2_32). Nothing
# in the source tree is overwritten. jextract generates for the OS it runs on, with that OS's
# headers: run it on Windows (Git Bash) with the Windows SDK, or anywhere with a jextract that
# can parse the mingw-w64 headers given as --include-dir.
#
#   bindings/windows/regenerate.sh [OUTPUT_DIR]        (JEXTRACT=/path/to/jextract to pick one)
#
# Without a jextract binary it says so and exits 0: LayoutProbeTest checks the committed values
# against mingw-w64's headers instead.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jextract=${JEXTRACT:-jextract}

if ! command -v "$jextract" >/dev/null 2>&1; then
  echo "regenerate.sh: no jextract on PATH (set JEXTRACT=/path/to/jextract to use one); nothing generated."
  echo "The committed bindings are hand-written in jextract's shape. LayoutProbeTest compiles a C probe"
  echo "against bindings/windows/rusticated_windows.h with x86_64-w64-mingw32-gcc and checks every constant, size and offset:"
  echo "  ./mvnw -B -ntp -pl rusticated-core,rusticated-windows test -Dtest=LayoutProbeTest -Dsurefire.failIfNoSpecifiedTests=false"
  exit 0
fi

out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/rusticated-jextract-windows.XXXXXX")}
mkdir -p "$out"
echo "regenerate.sh: $jextract @kernel32.jextract"
"$jextract" --output "$out" --library kernel32 --library ntdll --library ws2_32 "@$here/kernel32.jextract" "$here/rusticated_windows.h"
echo "regenerate.sh: generated into $out/io/rusticated/windows/gen"
echo "Compare with the hand-written classes: jextract names constants and struct layouts after the C symbols."
