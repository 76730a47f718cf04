#!/usr/bin/env bash
# rusticated-bench/run.sh: builds the benchmarks, runs every one of them and writes the results,
# with ratios, to docs/benchmarks.md.
#
#   rusticated-bench/run.sh
#
# About 13 minutes on a 2-core machine (short windows: 1 s warm-up + 3 x 2 s per configuration),
# then the networking section (rusticated-bench/net.sh: about 17 minutes more; BENCH_NET=0 skips it,
# BENCH_NET_* set its windows, see there) and the WASM section (about 2 minutes).
# Needs a JDK >= 22 (found like ./mvnw does), gcc, liburing-dev, fio, jq, strace and util-linux;
# as root it installs the missing ones with apt-get. Environment (all optional):
#   BENCH_FILE_MB  size of the data file (1024)     BENCH_WARMUP   warm-up seconds per configuration (1)
#   BENCH_SECONDS  seconds per measured window (2)  BENCH_REPS     measured windows per configuration (3)
#   BENCH_OUT      the Markdown written (docs/benchmarks.md)
#   BENCH_SPAWNS   children per measured round of the spawn benchmark (1000)
#   BENCH_TARGET_RUNS  runs of each program on the image and on the stock JDK (5)
#   BENCH_NET=0    skip the networking section (net.sh)
#   BENCH_TARGET_ONLY=1  only the section "the target against the stock JDK" (a few minutes)
#   BENCH_QUICK=1  a smoke test of this script: tiny windows and file, 1 repetition, no strace/JMH
#                  precision worth reading; writes to rusticated-bench/target/benchmarks-quick.md
set -euo pipefail
# Every benchmark process runs under `timeout`, so a hang fails the run instead of stalling it.

cd "$(dirname "$0")/.."
ROOT=$PWD
START=$(date +%s)

QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
  FILE_MB=${BENCH_FILE_MB:-64}; WARMUP=${BENCH_WARMUP:-0.2}; SECONDS_PER=${BENCH_SECONDS:-0.3}; REPS=${BENCH_REPS:-1}
  OUT_MD=${BENCH_OUT:-$ROOT/rusticated-bench/target/benchmarks-quick.md}
  STRACE_OPS=20000; JMH_ARGS=(-f 1 -wi 1 -w 200ms -i 1 -r 200ms)
  SPAWNS=${BENCH_SPAWNS:-200}; SPAWN_WARMUP=50; STRACE_SPAWNS=100; TARGET_RUNS=${BENCH_TARGET_RUNS:-2}
else
  FILE_MB=${BENCH_FILE_MB:-1024}; WARMUP=${BENCH_WARMUP:-1}; SECONDS_PER=${BENCH_SECONDS:-2}; REPS=${BENCH_REPS:-3}
  OUT_MD=${BENCH_OUT:-$ROOT/docs/benchmarks.md}
  STRACE_OPS=200000; JMH_ARGS=(-f 1 -wi 3 -w 1s -i 3 -r 1s)
  SPAWNS=${BENCH_SPAWNS:-1000}; SPAWN_WARMUP=300; STRACE_SPAWNS=500; TARGET_RUNS=${BENCH_TARGET_RUNS:-5}
fi

log() { printf '[bench %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

# ---- tools ----------------------------------------------------------------------------------
missing=()
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/liburing.h ] || missing+=(liburing-dev)
command -v fio >/dev/null || missing+=(fio)
command -v jq >/dev/null || missing+=(jq)
command -v strace >/dev/null || missing+=(strace)
command -v fincore >/dev/null || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
. .mvn/find-jdk.sh
JAVA="$JAVA_HOME/bin/java"

# ---- build ----------------------------------------------------------------------------------
TARGET=$ROOT/rusticated-bench/target
R=$TARGET/results
log "building the benchmark jar, the runtime image, the demo and the C programs"
./mvnw -B -q -ntp -Pbench -pl rusticated-bench,rusticated-runtime,rusticated-demo -am package -DskipTests
JAR=$TARGET/benchmarks.jar
IMAGE=$ROOT/rusticated-runtime/target/image
DEMO_JAR=$ROOT/rusticated-demo/target/last-byte.jar
gcc -O2 -Wall -o "$TARGET/uring_ref" rusticated-bench/src/main/c/uring_ref.c -luring -lpthread -lm
REF=$TARGET/uring_ref
gcc -O2 -Wall -o "$TARGET/runstat" rusticated-bench/src/main/c/runstat.c
RUNSTAT=$TARGET/runstat
rm -rf "$R"
mkdir -p "$R" "$TARGET/bench-data"

# ---- data -----------------------------------------------------------------------------------
DATA=$TARGET/bench-data/data-${FILE_MB}M.bin
if [ ! -f "$DATA" ] || [ "$(stat -c %s "$DATA")" -ne $((FILE_MB * 1024 * 1024)) ]; then
  log "writing ${FILE_MB} MiB of random bytes to $DATA"
  head -c $((FILE_MB * 1024 * 1024)) /dev/urandom > "$DATA.tmp"
  mv "$DATA.tmp" "$DATA"
fi
# This VM runs DAMON proactive reclaim (memory idle for about a minute is paged out, page cache
# included), so the file is read again before every page-cache configuration and its residency
# checked; the lowest residency seen goes into the report.
MIN_RESIDENT=100
warm_cache() {
  cat "$DATA" > /dev/null
  local res pct
  res=$(fincore -b -n -o RES "$DATA" | tr -d ' ')
  pct=$(awk -v r="$res" -v s="$(stat -c %s "$DATA")" 'BEGIN { printf "%.2f", 100 * r / s }')
  MIN_RESIDENT=$(awk -v a="$MIN_RESIDENT" -v b="$pct" 'BEGIN { print (b < a) ? b : a }')
  if awk -v p="$pct" 'BEGIN { exit !(p < 99) }'; then
    log "warning: only $pct% of the data file is in the page cache"
  fi
}

# O_DIRECT probe on the data file's file system.
DIRECT=0
if dd if="$DATA" of=/dev/null bs=4096 count=1 iflag=direct status=none 2>/dev/null; then
  DIRECT=1
fi

# ---- meta -----------------------------------------------------------------------------------
FS=$(findmnt -n -o FSTYPE,SOURCE -T "$DATA" | tr -s ' ')
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=$( [ "$QUICK" = 1 ] && echo 'BENCH_QUICK=1 ')rusticated-bench/run.sh   # windows: warm-up ${WARMUP} s, ${REPS} x ${SECONDS_PER} s; file ${FILE_MB} MiB"
  echo "nproc=$(nproc)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "kernel=$(uname -r)"
  echo "jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.version = //p') ($("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.vendor = //p')), default GC, -Xms1g -Xmx1g"
  echo "fs=$FS (the data file's; $( [ $DIRECT = 1 ] && echo 'O_DIRECT supported' || echo 'O_DIRECT refused'))"
  echo "liburing=$(dpkg-query -W -f '${Version}' liburing-dev 2>/dev/null || echo '?')"
  echo "fio=$(fio --version)"
  echo "file_size=${FILE_MB} MiB"
  echo "windows=warm-up ${WARMUP} s, then ${REPS} measured windows of ${SECONDS_PER} s, in one process"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
} > "$R/meta.properties"

JVM=(--enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g)
WINDOWS=(warmup="$WARMUP" seconds="$SECONDS_PER" reps="$REPS")

# java GROUP [-Dprop...] contender=... depth=... threads=... [pattern=... bs=... direct=...]
java_run() {
  local group=$1; shift
  local props=()
  while [ $# -gt 0 ] && [[ $1 == -D* ]]; do props+=("$1"); shift; done
  timeout 300 "$JAVA" "${JVM[@]}" "${props[@]}" -cp "$JAR" io.rusticated.bench.Harness group="$group" file="$DATA" \
    "${WINDOWS[@]}" out="$R/results.tsv" "$@"
}

# c GROUP LABEL rand|seq BS DEPTH uring|pread DIRECT THREADS
c_run() {
  timeout 300 "$REF" "$DATA" "$3" "$4" "$5" "$6" "$7" "$8" "$WARMUP" "$SECONDS_PER" "$REPS" "$1" "$2" >> "$R/results.tsv"
}

# fio GROUP LABEL THREADS DEPTH BS fio-args...: one fio process per repetition
fio_run() {
  local group=$1 label=$2 threads=$3 depth=$4 bs=$5; shift 5
  local runtime ramp
  runtime=$(awk -v s="$SECONDS_PER" 'BEGIN { printf "%d", s * 1000 }')
  ramp=$(awk -v s="$WARMUP" 'BEGIN { printf "%d", s * 1000 }')
  for rep in $(seq 1 "$REPS"); do
    timeout 300 fio --name=bench --filename="$DATA" --bs="$bs" --numjobs="$threads" --group_reporting \
        --time_based --runtime="${runtime}ms" --ramp_time="${ramp}ms" --invalidate=0 --norandommap --randrepeat=0 \
        --lat_percentiles=1 --output-format=json "$@" > "$R/fio.json"
    jq -r --arg g "$group" --arg l "$label" --argjson t "$threads" --argjson d "$depth" --argjson rep "$rep" --argjson bs "$bs" '
      .jobs[0] as $j
      | (($j.usr_cpu + $j.sys_cpu) / 100 * $j.read.runtime * 1e6 * $t | floor) as $cpu
      | [$g, $l, $t, $d, $rep, $j.read.total_ios, ($j.read.runtime / 1000), $bs, $cpu, $cpu,
         ($j.read.lat_ns.percentile["50.000000"] | floor), ($j.read.lat_ns.percentile["99.000000"] | floor)]
      | map(tostring) | join("\t")' "$R/fio.json" >> "$R/results.tsv"
  done
}
FIO_URING=(--ioengine=io_uring --nonvectored=1)
batch() { echo "--iodepth=$1 --iodepth_batch_submit=$1 --iodepth_batch_complete_max=$1"; }

if [ "${BENCH_TARGET_ONLY:-0}" != 1 ]; then
# ---- random 4 KiB, page cache ---------------------------------------------------------------
# Contenders that are compared run back to back, so that a change in the machine's load (it is
# shared) touches both sides of a ratio alike.
log "random 4 KiB reads, page cache"
warm_cache
# The epoll backend, forced with -Drusticated.backend=epoll, runs the same harness; probed first
# with one read (no result line), so that a machine without it still gets the rest of the report.
if timeout 60 "$JAVA" "${JVM[@]}" -Drusticated.backend=epoll -cp "$JAR" io.rusticated.bench.Harness file="$DATA" \
    contender=rusticated ops=1 2> "$R/epoll.err"; then
  EPOLL=1
elif grep -q 'names no backend\|unavailable' "$R/epoll.err"; then
  EPOLL=0
  why=$(grep -m1 'names no backend\|unavailable' "$R/epoll.err" | sed 's/^.*Exception: //' | head -c 300)
  echo "pending_epoll=epoll backend (\`-Drusticated.backend=epoll\`): not measured, it did not open here (the run said: $why)" >> "$R/meta.properties"
  log "epoll backend not available: $why"
else
  cat "$R/epoll.err" >&2
  exit 1
fi
for qd in 1 32 128; do
  warm_cache; java_run rand4k contender=rusticated depth=$qd
  if [ "$EPOLL" = 1 ]; then
    warm_cache; java_run rand4k -Drusticated.backend=epoll contender=rusticated depth=$qd
  fi
  warm_cache; c_run rand4k "C liburing" rand 4096 $qd uring 0 1
  warm_cache; java_run rand4k contender=afc depth=$qd
  warm_cache; java_run rand4k contender=rusticated-stages depth=$qd
  # shellcheck disable=SC2046
  warm_cache; fio_run rand4k "fio io_uring" 1 $qd 4096 --rw=randread "${FIO_URING[@]}" $(batch $qd)
done
# shellcheck disable=SC2046
warm_cache; fio_run rand4k "fio io_uring, registered files+buffers" 1 32 4096 --rw=randread "${FIO_URING[@]}" $(batch 32) --fixedbufs=1 --registerfiles=1
for t in 1 2; do
  warm_cache; java_run rand4k contender=filechannel threads=$t
  if [ $t = 2 ]; then
    warm_cache; java_run rand4k contender=rusticated depth=32 threads=2
    warm_cache; c_run rand4k "C liburing" rand 4096 32 uring 0 2
  fi
  warm_cache; c_run rand4k "C pread" rand 4096 1 pread 0 $t
  warm_cache; fio_run rand4k "fio psync" $t 1 4096 --rw=randread --ioengine=psync
done

# ---- sequential 128 KiB ---------------------------------------------------------------------
log "sequential 128 KiB reads"
SEQ=(pattern=seq bs=131072)
warm_cache; c_run seq128k "C pread" seq 131072 1 pread 0 1
warm_cache; java_run seq128k contender=rusticated depth=1 "${SEQ[@]}"
if [ "$EPOLL" = 1 ]; then
  warm_cache; java_run seq128k -Drusticated.backend=epoll contender=rusticated depth=1 "${SEQ[@]}"
fi
warm_cache; java_run seq128k contender=filechannel "${SEQ[@]}"
warm_cache; java_run seq128k contender=rusticated-stages depth=1 "${SEQ[@]}"
warm_cache; java_run seq128k contender=afc depth=1 "${SEQ[@]}"
warm_cache; java_run seq128k contender=rusticated depth=4 "${SEQ[@]}"
for qd in 1 4; do
  warm_cache; c_run seq128k "C liburing" seq 131072 $qd uring 0 1
done
warm_cache; fio_run seq128k "fio psync" 1 1 131072 --rw=read --ioengine=psync
# shellcheck disable=SC2046
warm_cache; fio_run seq128k "fio io_uring" 1 4 131072 --rw=read "${FIO_URING[@]}" $(batch 4)

# ---- O_DIRECT -------------------------------------------------------------------------------
if [ $DIRECT = 1 ]; then
  log "random 4 KiB reads, O_DIRECT"
  echo "direct=O_DIRECT: the probe (\`dd iflag=direct\`) succeeded on $FS, so these reads go to the virtual disk; its speed is the host's, shared with other tenants, and varies more than the page-cache numbers." >> "$R/meta.properties"
  # A longer warm-up: at disk speed, 1 s is too few reads for the JIT to finish compiling the path.
  WARMUP_PAGE_CACHE=$WARMUP
  WARMUP=$(awk -v w="$WARMUP" 'BEGIN { print (w < 3 && w >= 1) ? 3 : w }')
  WINDOWS=(warmup="$WARMUP" seconds="$SECONDS_PER" reps="$REPS")
  for qd in 1 32; do
    java_run direct4k contender=rusticated depth=$qd direct=true
    c_run direct4k "C liburing" rand 4096 $qd uring 1 1
  done
  java_run direct4k contender=filechannel direct=true
  java_run direct4k contender=afc depth=32 direct=true
  # shellcheck disable=SC2046
  fio_run direct4k "fio io_uring" 1 32 4096 --rw=randread --direct=1 "${FIO_URING[@]}" $(batch 32)
  fio_run direct4k "fio psync" 1 1 4096 --rw=randread --direct=1 --ioengine=psync
  echo "direct_windows=O_DIRECT configurations warm up for $WARMUP s (the JIT needs more reads than 1 s of disk I/O gives)." >> "$R/meta.properties"
  WARMUP=$WARMUP_PAGE_CACHE
  WINDOWS=(warmup="$WARMUP" seconds="$SECONDS_PER" reps="$REPS")
else
  echo "direct=O_DIRECT: not measured; the probe (\`dd iflag=direct\`) was refused on $FS." >> "$R/meta.properties"
fi

# ---- allocation (JMH -prof gc) --------------------------------------------------------------
log "allocation per read (JMH -prof gc)"
warm_cache
timeout 900 "$JAVA" -jar "$JAR" -p file="$DATA" -prof gc "${JMH_ARGS[@]}" -rf json -rff "$R/jmh.json" \
  'LowLevelReadBenchmark|StageReadBenchmark|FileChannelReadBenchmark|AsyncFileChannelReadBenchmark' > "$R/jmh.log" 2>&1 \
  || { tail -30 "$R/jmh.log" >&2; exit 1; }
jq -r '.[] | [(.benchmark | split(".") | .[-2:] | join(".")), (.params.depth // ""), .primaryMetric.score,
              .primaryMetric.scoreError, (.secondaryMetrics["gc.alloc.rate.norm"].score // "")]
            | map(tostring) | join("\t")' "$R/jmh.json" > "$R/jmh.tsv"
echo "jmh_settings=JMH 1.37: \`${JMH_ARGS[*]} -prof gc\`, the data file as above, random 4 KiB reads; the pipelined benchmarks count 1024 reads per invocation." >> "$R/meta.properties"

# ---- system calls per read (strace -c) ------------------------------------------------------
log "system calls per read (strace -f -c)"
# strace_count LABEL DEPTH contender=...: prints "LABEL DEPTH N enters enters0 total total0"
strace_count() {
  local label=$1 depth=$2; shift 2
  local counts=()
  for n in "$STRACE_OPS" 0; do
    timeout 300 strace -f -c -o "$R/strace.txt" "$JAVA" "${JVM[@]}" -cp "$JAR" io.rusticated.bench.Harness file="$DATA" \
      depth="$depth" warmupOps="$STRACE_OPS" ops="$n" "$@" 2>/dev/null
    counts+=("$(awk '$NF == "io_uring_enter" { print $4 }' "$R/strace.txt" | head -1)")
    counts+=("$(awk '$NF == "total" { print $4 }' "$R/strace.txt")")
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$depth" "$STRACE_OPS" "${counts[0]:-0}" "${counts[2]:-0}" "${counts[1]}" "${counts[3]}" >> "$R/syscalls.tsv"
}
warm_cache
for qd in 1 32 128; do
  strace_count "rusticated Operation (io_uring)" $qd contender=rusticated
done
strace_count "rusticated File.readAt (io_uring)" 32 contender=rusticated-stages
strace_count "JDK FileChannel.read" 1 contender=filechannel
strace_count "JDK AsynchronousFileChannel" 32 contender=afc

# ---- timers ---------------------------------------------------------------------------------
log "timers: 100 000 concurrent sleeps"
for c in rusticated jdk; do
  timeout 300 "$JAVA" "${JVM[@]}" -cp "$JAR" io.rusticated.bench.TimerBench contender=$c count=100000 reps="$REPS" out="$R/timers.tsv"
done

# ---- process spawn + wait --------------------------------------------------------------------
log "process spawn + wait: /bin/true x $SPAWNS"
# Each pair back to back, as for the reads; the order alternates with the concurrency.
for c in 1 16; do
  for who in rusticated jdk; do
    timeout 300 "$JAVA" "${JVM[@]}" -cp "$JAR" io.rusticated.bench.SpawnBench contender=$who concurrency=$c count="$SPAWNS" \
      warmup="$SPAWN_WARMUP" reps="$REPS" out="$R/spawn.tsv"
  done
done
# System calls per spawn: every thread and every child (strace -f), N spawns at concurrency 1 less
# a run that spawns nothing; prints "contender N total total0 execve execve0 clone clone0".
for who in rusticated jdk; do
  counts=()
  for n in "$STRACE_SPAWNS" 0; do
    timeout 300 strace -f -c -o "$R/strace.txt" "$JAVA" "${JVM[@]}" -cp "$JAR" io.rusticated.bench.SpawnBench contender=$who \
      concurrency=1 count="$n" warmup=0 reps=$( [ "$n" = 0 ] && echo 0 || echo 1 ) > /dev/null 2>&1
    counts+=("$(awk '$NF == "total" { print $4 }' "$R/strace.txt")")
    counts+=("$(awk '$NF == "execve" { print $4 }' "$R/strace.txt" | head -1)")
    counts+=("$(awk '$NF == "clone3" || $NF == "clone" || $NF == "vfork" { n += $4 } END { print n + 0 }' "$R/strace.txt")")
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$who" "$STRACE_SPAWNS" "${counts[0]}" "${counts[3]}" "${counts[1]:-0}" "${counts[4]:-0}" \
    "${counts[2]}" "${counts[5]}" >> "$R/spawn-syscalls.tsv"
done
echo "spawn_settings=\`/bin/true\`, $SPAWNS children per measured round after $SPAWN_WARMUP in a warm-up round, measured rounds: $REPS, one JVM per contender and concurrency (\`${JVM[*]}\`); system calls: $STRACE_SPAWNS spawns at concurrency 1 under \`strace -f -c\`, less a run that spawns none" >> "$R/meta.properties"

fi # BENCH_TARGET_ONLY

# ---- the target: plain Java programs on the runtime image vs the stock JDK -------------------
# Every figure is a ratio of the image over the stock JDK it was linked from, the two runs of each
# repetition back to back (alternating which goes first), so a change of the machine's load touches
# both sides alike.
log "the target: programs and per-call costs on the image and on the stock JDK, $TARGET_RUNS runs each"
PROGRAMS=$TARGET/target-programs
WORK=$TARGET/bench-data/target-work
COPY_SRC=$TARGET/bench-data/copy-src-64M.bin
TREE=$TARGET/bench-data/tree
rm -rf "$PROGRAMS" "$WORK"
mkdir -p "$PROGRAMS/benchprograms" "$WORK"
cp "$TARGET"/classes/benchprograms/*.class "$PROGRAMS/benchprograms/"
[ -f "$COPY_SRC" ] || head -c $((64 * 1024 * 1024)) "$DATA" > "$COPY_SRC"
cat "$COPY_SRC" > /dev/null
[ -d "$TREE" ] || timeout 120 "$JAVA" -cp "$PROGRAMS" benchprograms.MakeTree "$TREE"
echo "$DATA" > "$R/demo-stdin.txt"
# target_run PROGRAM RUNTIME JAVA [runstat options]: one run, stdin and arguments by program.
target_run() {
  local program=$1 runtime=$2 java=$3; shift 3
  local args
  rm -rf "$WORK/$runtime"; mkdir -p "$WORK/$runtime"
  case $program in
    demo) args=(-jar "$DEMO_JAR") ;;
    hello) args=(-cp "$PROGRAMS" benchprograms.Hello) ;;
    copy) args=(-cp "$PROGRAMS" benchprograms.CopyFile "$COPY_SRC" "$WORK/$runtime") ;;
    zip) args=(-cp "$PROGRAMS" benchprograms.ZipJob "$WORK/$runtime") ;;
    walk) args=(-cp "$PROGRAMS" benchprograms.TreeWalk "$TREE") ;;
  esac
  timeout 120 "$@" "$java" "${args[@]}" < "$R/demo-stdin.txt" > "$R/target-out.txt" 2> "$R/target-err.txt" \
    || { echo "run.sh: $program on $runtime failed:" >&2; cat "$R/target-err.txt" >&2; exit 1; }
  if [ -s "$R/target-err.txt" ]; then
    echo "run.sh: $program on $runtime wrote to stderr:" >&2; cat "$R/target-err.txt" >&2; exit 1
  fi
  cp "$R/target-out.txt" "$R/target-out-$program-$runtime.txt"
}
for program in demo hello copy zip walk; do
  for run in $(seq 0 "$TARGET_RUNS"); do   # run 0 warms the page cache and is not kept
    order="image stock"; [ $((run % 2)) = 1 ] && order="stock image"
    for runtime in $order; do
      java=$JAVA; [ $runtime = image ] && java=$IMAGE/bin/java
      rm -f "$R/runstat.txt"
      target_run $program $runtime "$java" "$RUNSTAT" -o "$R/runstat.txt"
      read -r wall rss user sys _threads status < "$R/runstat.txt"
      [ "$status" = 0 ] || { echo "run.sh: $program on $runtime exited with $status" >&2; cat "$R/target-out.txt" >&2; exit 1; }
      [ "$run" = 0 ] || printf 'run\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $program $runtime "$run" "$wall" "$rss" "$user" "$sys" >> "$R/target.tsv"
    done
  done
  cmp -s "$R/target-out-$program-image.txt" "$R/target-out-$program-stock.txt" \
    || { echo "run.sh: $program printed differently on the image and on the stock JDK" >&2; diff "$R/target-out-$program-image.txt" "$R/target-out-$program-stock.txt" >&2; exit 1; }
  for runtime in image stock; do
    java=$JAVA; [ $runtime = image ] && java=$IMAGE/bin/java
    rm -f "$R/runstat.txt"
    target_run $program $runtime "$java" "$RUNSTAT" -o "$R/runstat.txt" -t
    read -r _wall _rss _user _sys threads _status < "$R/runstat.txt"
    target_run $program $runtime "$java" strace -f -c -o "$R/strace.txt"
    total=$(awk '$NF == "total" { print $4 }' "$R/strace.txt")
    clones=$(awk '$NF == "clone3" || $NF == "clone" { n += $4 } END { print n + 0 }' "$R/strace.txt")
    printf 'sys\t%s\t%s\t%s\t%s\t%s\n' $program $runtime "$threads" "$clones" "$total" >> "$R/target.tsv"
  done
done
# The epoll backend at depth 1 on cached data against FileChannel, back to back (as in the epoll section).
if timeout 60 "$JAVA" "${JVM[@]}" -Drusticated.backend=epoll -cp "$JAR" io.rusticated.bench.Harness file="$DATA" contender=rusticated ops=1 2>/dev/null; then
  warm_cache; java_run epollqd1 -Drusticated.backend=epoll contender=rusticated depth=1
  warm_cache; java_run epollqd1 contender=filechannel threads=1
fi
# Per-call costs: CallCosts times each call in one JVM (standard output, one of the calls, to /dev/null).
CALL_MILLIS=$( [ "$QUICK" = 1 ] && echo 200 || echo 1000 )
for run in $(seq 1 "$TARGET_RUNS"); do
  order="image stock"; [ $((run % 2)) = 1 ] && order="stock image"
  for runtime in $order; do
    java=$JAVA; [ $runtime = image ] && java=$IMAGE/bin/java
    rm -rf "$WORK/calls"; mkdir -p "$WORK/calls"
    timeout 300 "$java" -cp "$PROGRAMS" benchprograms.CallCosts "$WORK/calls" "$R/calls.txt" "$CALL_MILLIS" > /dev/null
    awk -v rt=$runtime -v rep=$run '{ printf "call\t%s\t%s\t%s\t%s\n", $1, rt, rep, $2 }' "$R/calls.txt" >> "$R/target.tsv"
  done
done
rm -rf "$WORK"
printf 'image\t%s\t%s\n' "$(du -sk "$IMAGE" | cut -f1)" "$(du -sk "$JAVA_HOME" | cut -f1)" >> "$R/target.tsv"
cds=$( [ -f "$IMAGE/lib/server/classes.jsa" ] && echo "has a CDS archive (lib/server/classes.jsa)" || echo "has no CDS archive" )
echo "target_settings=\`rusticated-runtime/target/image/bin/java\` (the image, which $cds) against \`$JAVA\` (the stock JDK it was linked from, default options, which has its default CDS archive); each program run $TARGET_RUNS times per runtime, the two back to back in alternating order, after one unrecorded run each, and required to print the same on both; the demo reads the name of the data file on stdin and prints its last byte; hello prints one line; the copy program copies a 64 MiB file with \`Files.copy\` and again with \`InputStream.transferTo\`; the zip job writes 2 000 files, zips them with \`ZipOutputStream\` and reads the archive with \`ZipInputStream\`, \`ZipFile\` and the zip file system; the tree walk reads 4 000 files of 1 to 8 KiB in 50 directories with \`Files.walk\` and \`Files.readAllBytes\`. Per-call costs: \`benchprograms.CallCosts\`, each call repeated for ${CALL_MILLIS} ms to warm up, then for ${CALL_MILLIS} ms measured, in one JVM per runtime and repetition" >> "$R/meta.properties"

# ---- report ---------------------------------------------------------------------------------
{
  echo "cache=when each page-cache configuration started, at least ${MIN_RESIDENT}% of the data file was in the page cache (\`fincore\`; this VM runs DAMON proactive reclaim, so the script reads the file again before each one)"
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
  echo "wall=$(( ($(date +%s) - START) / 60 )) min $(( ($(date +%s) - START) % 60 )) s"
} >> "$R/meta.properties"
if [ "$QUICK" = 1 ]; then HISTORY=$TARGET/history-quick.md; else HISTORY=$ROOT/rusticated-bench/history.md; fi
"$JAVA" -cp "$JAR" io.rusticated.bench.Report dir="$R" analysis="$ROOT/rusticated-bench/analysis.md" history="$HISTORY" out="$OUT_MD"
log "wrote $OUT_MD (raw results in $R)"
# The networking section (its own script, which also runs alone; the report above rewrote the file without it).
if [ "${BENCH_NET:-1}" != 0 ]; then
  log "networking: rusticated-bench/net.sh"
  rusticated-bench/net.sh --built --into "$OUT_MD"
fi
# The WASM target's section (its own script; the report above rewrote the file without it).
if [ "${BENCH_TARGET_ONLY:-0}" != 1 ]; then
  log "the WASM target: rusticated-wasm/bench.sh"
  rusticated-wasm/bench.sh --into "$OUT_MD" >/dev/null
fi
