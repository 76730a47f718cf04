#!/bin/sh
# Writes jlink's --add-modules argument for the rusticated image into a file jlink reads as
# @FILE: every module of the JDK at JAVA_HOME except the development tools that
# development-tools.txt lists, followed by MORE (rusticated's modules and any extra ones).
#
#   image-modules.sh JAVA_HOME FILE MORE
set -eu
java_home=$1
out=$2
more=$(printf %s "$3" | sed 's/,,*/,/g; s/^,//; s/,$//')  # empty properties leave empty names
tools=$(dirname "$0")/development-tools.txt
jdk=$("$java_home/bin/java" --list-modules | awk -v tools="$tools" '
  BEGIN { while ((getline line < tools) > 0) { sub(/#.*/, "", line); gsub(/[ \t]/, "", line); if (line != "") skip[line] = 1 } }
  { sub(/@.*/, "") }
  !($0 in skip) { printf "%s%s", sep, $0; sep = "," }')
mkdir -p "$(dirname "$out")"
printf -- '--add-modules=%s%s\n' "$jdk" "${more:+,$more}" > "$out"
