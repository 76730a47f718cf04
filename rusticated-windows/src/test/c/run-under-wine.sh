#!/usr/bin/env bash
# Builds the C probes of the Windows rules with mingw-w64 and runs them under wine (Debian:
# gcc-mingw-w64-x86-64, wine), printing PASS/FAIL per rule: iocp_semantics.c (the completion port,
# files and pipes: StandInWindows' R1-R12) and winsock_semantics.c (sockets over loopback:
# StandInWinsock's W1-W10). A manual check, not part of verify (wine takes seconds to start and is
# a large install); the last results are recorded in docs/targets/windows.md. The binaries go to a
# temporary directory and are never committed. Exits with the number of probes that saw a FAIL.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/rusticated-iocp-probe.XXXXXX")
x86_64-w64-mingw32-gcc -O1 -Wall -o "$out/iocp_semantics.exe" "$here/iocp_semantics.c" || exit 1
x86_64-w64-mingw32-gcc -O1 -Wall -o "$out/winsock_semantics.exe" "$here/winsock_semantics.c" -lws2_32 -lmswsock || exit 1
export WINEDEBUG=-all WINEPREFIX=${WINEPREFIX:-$out/prefix}
wine --version
failed=0
for probe in iocp_semantics winsock_semantics; do
  echo "== $probe"
  wine "$out/$probe.exe" || failed=$((failed + 1))
done
exit "$failed"
