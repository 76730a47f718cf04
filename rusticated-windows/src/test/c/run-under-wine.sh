#!/usr/bin/env bash
# Builds iocp_semantics.c with mingw-w64 and runs it under wine (Debian: gcc-mingw-w64-x86-64,
# wine), printing PASS/FAIL per IOCP rule. A manual check, not part of verify (wine takes seconds
# to start and is a large install); its last result is recorded in docs/targets/windows.md.
# The binary goes to a temporary directory and is never committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/rusticated-iocp-probe.XXXXXX")
x86_64-w64-mingw32-gcc -O1 -Wall -o "$out/iocp_semantics.exe" "$here/iocp_semantics.c"
export WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-$out/prefix}
wine --version
wine "$out/iocp_semantics.exe"
