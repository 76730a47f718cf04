# shellcheck shell=sh
# ----------------------------------------------------------------------------
# rusticated: find a JDK >= 22 for the build (java.lang.foreign is final in 22).
#
# Sourced by ./mvnw (and by .ci/run). POSIX sh; safe under `set -euf`.
#
#  1. If JAVA_HOME is set and its bin/java is version >= 22, keep it.
#  2. Otherwise look at the candidates: $JAVA_HOME, the java on PATH (its real
#     home), /usr/lib/jvm/*, /usr/java/*, /opt/java/*, /opt/*jdk*,
#     ~/.sdkman/candidates/java/*, ~/.jdks/*, and on macOS what
#     /usr/libexec/java_home -v 22+ names, /Library/Java/JavaVirtualMachines/*,
#     ~/Library/Java/JavaVirtualMachines/* and Homebrew's openjdk kegs (each
#     bundle's Contents/Home).  A candidate needs bin/java, bin/javac and
#     bin/jlink.  The highest feature version >= 22 wins and is exported as
#     JAVA_HOME.
#  3. If none qualifies, print what was found to stderr and exit 1.
#
# Environment:
#   RUSTICATED_VERBOSE        set: say which JDK was chosen (on stderr)
#   RUSTICATED_JDK_SEARCH_PATH  colon-separated JDK homes (globs allowed) that
#                               REPLACE the default candidate list (for tests)
#
# Quick check by hand:  sh -c '. .mvn/find-jdk.sh && echo "$JAVA_HOME"'
# ----------------------------------------------------------------------------

_rj_min=22

# Prints the full version string of the JDK in "$1" (e.g. 25.0.3), or nothing.
_rj_version() {
  _rj_v=""
  if [ -f "$1/release" ]; then
    _rj_v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" 2>/dev/null) || _rj_v=""
  fi
  if [ -z "$_rj_v" ] && [ -x "$1/bin/java" ]; then
    _rj_v=$("$1/bin/java" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/\1/p') || _rj_v=""
  fi
  printf '%s\n' "$_rj_v"
}

# Prints the feature version of a version string: 25.0.3 -> 25, 1.8.0_292 -> 8, 25-ea -> 25.
_rj_feature() {
  _rj_f=${1#1.}
  _rj_f=${_rj_f%%[!0-9]*}
  printf '%s\n' "${_rj_f:-0}"
}

# Looks at one candidate directory and remembers the best one.
_rj_consider() {
  [ -n "$1" ] && [ -d "$1" ] || return 0
  _rj_dir=$(readlink -f "$1" 2>/dev/null) || _rj_dir=$1
  [ -x "$_rj_dir/bin/java" ] || return 0
  case ":$_rj_seen:" in *":$_rj_dir:"*) return 0 ;; esac
  _rj_seen="$_rj_seen:$_rj_dir"

  _rj_ver=$(_rj_version "$_rj_dir")
  _rj_feat=$(_rj_feature "$_rj_ver")
  _rj_note=${_rj_ver:-unknown version}
  if [ ! -x "$_rj_dir/bin/javac" ]; then
    _rj_note="$_rj_note, no javac"
  elif [ ! -x "$_rj_dir/bin/jlink" ]; then
    _rj_note="$_rj_note, no jlink"
  elif [ "$_rj_feat" -ge "$_rj_min" ] && [ "$_rj_feat" -gt "$_rj_best_feat" ]; then
    _rj_best=$_rj_dir
    _rj_best_feat=$_rj_feat
    _rj_best_ver=$_rj_ver
  fi
  _rj_found="${_rj_found:+$_rj_found, }$_rj_dir ($_rj_note)"
}

# Globs are needed below, but mvnw runs with `set -f`: switch it off for now.
case $- in *f*) _rj_noglob=1 ;; *) _rj_noglob=0 ;; esac
set +f

_rj_best="" _rj_best_feat=0 _rj_best_ver="" _rj_found="" _rj_seen=""

# 1. An explicit JAVA_HOME that is new enough is kept as it is.
if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ] &&
  [ "$(_rj_feature "$(_rj_version "$JAVA_HOME")")" -ge "$_rj_min" ]; then
  _rj_best=$JAVA_HOME
  _rj_best_ver=$(_rj_version "$JAVA_HOME")
else
  # 2. Search the candidates.
  if [ -n "${RUSTICATED_JDK_SEARCH_PATH-}" ]; then
    _rj_ifs=$IFS
    IFS=:
    # split on ':' only; each entry may be a glob such as /usr/lib/jvm/*
    for _rj_c in $RUSTICATED_JDK_SEARCH_PATH; do
      IFS=$_rj_ifs
      _rj_consider "$_rj_c"
    done
    IFS=$_rj_ifs
  else
    _rj_consider "${JAVA_HOME-}"
    _rj_path_java=$(command -v java 2>/dev/null) || _rj_path_java=""
    if [ -n "$_rj_path_java" ]; then
      _rj_path_java=$(readlink -f "$_rj_path_java" 2>/dev/null) || _rj_path_java=""
      [ -z "$_rj_path_java" ] || _rj_consider "$(dirname "$(dirname "$_rj_path_java")")"
    fi
    for _rj_c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/*jdk* \
      "${HOME:-/nonexistent}"/.sdkman/candidates/java/* "${HOME:-/nonexistent}"/.jdks/*; do
      _rj_consider "$_rj_c"
    done
    # macOS: the system's JDK registry, then the bundles it (or Homebrew) keeps
    if [ -x /usr/libexec/java_home ]; then
      _rj_consider "$(/usr/libexec/java_home -v 22+ 2>/dev/null || true)"
    fi
    for _rj_c in /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "${HOME:-/nonexistent}"/Library/Java/JavaVirtualMachines/*/Contents/Home \
      /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
      /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home; do
      _rj_consider "$_rj_c"
    done
  fi
fi

[ "$_rj_noglob" = 0 ] || set -f

if [ -z "$_rj_best" ]; then
  # 3. Nothing usable: say what there is and stop.
  printf 'rusticated: no JDK >= %s found. Found: %s.\n' "$_rj_min" "${_rj_found:-nothing}" >&2
  printf 'rusticated: install one (e.g. Temurin 25 under /usr/lib/jvm, or apt-get install openjdk-25-jdk-headless where your distribution has it) or set JAVA_HOME to a JDK >= %s.\n' "$_rj_min" >&2
  exit 1
fi

JAVA_HOME=$_rj_best
export JAVA_HOME
if [ -n "${RUSTICATED_VERBOSE-}" ]; then
  printf 'rusticated: using JDK %s at %s\n' "${_rj_best_ver:-?}" "$JAVA_HOME" >&2
fi

unset _rj_min _rj_v _rj_f _rj_dir _rj_ver _rj_feat _rj_note _rj_best _rj_best_feat _rj_best_ver \
  _rj_found _rj_seen _rj_noglob _rj_ifs _rj_c _rj_path_java
unset -f _rj_version _rj_feature _rj_consider
