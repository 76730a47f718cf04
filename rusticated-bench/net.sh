#!/usr/bin/env bash
# rusticated-bench/net.sh: the networking benchmark (issue 16, item 5; plan: research networking.md
# section 6), written as the section between <!-- net-bench:begin --> and <!-- net-bench:end --> of
# docs/benchmarks.md (replaced in place, or appended). run.sh calls it after its own report;
# it also runs alone.
#
#   rusticated-bench/net.sh [--into FILE] [--built]     (--built: run.sh already built the jar)
#
# Echo servers on 127.0.0.1, each on one thread pinned to CPU 0 (taskset), all started once and
# kept running, against the C load generator (src/main/c/echo_load.c) pinned to CPU 1: request/
# response of SIZE bytes, one outstanding per connection, at each connection count. Contenders of
# one cell run back to back, so that a change in the machine's load touches all of them alike.
#   closed loop   msgs/s, server CPU per message (utime+stime of every server thread), p50/p99
#   open loop     p50/p99/p99.9 at 50% and 80% of the C io_uring server's closed-loop rate (64 conns)
#   system calls  perf stat -e raw_syscalls:sys_enter on the server, per message (64 conns)
#   allocation    heap bytes per message (ThreadMXBean, every thread of the JVM server; 64 x 64 B)
#   idle memory   heap + direct memory (JVMs) or RSS (C) growth per idle connection with one read
#                 pending (10 000 connections, measured on a second round of them, so that the JIT's
#                 own memory is not counted)
# About 24 minutes with the defaults on a 2-core machine; BENCH_QUICK=1 about a minute (both with
# the jar already built).
# Environment (all optional):
#   BENCH_NET_WARMUP   warm-up seconds per cell (1)       BENCH_NET_SECONDS  seconds per window (2)
#   BENCH_NET_REPS     windows per cell (3)               BENCH_NET_JIT      JIT warm-up per JVM server, s (5)
#   BENCH_NET_CONNS    connection counts ("1 64 512 10000")  BENCH_NET_SIZES  message sizes ("64 16384")
#   BENCH_NET_IDLE     idle connections for the memory figure (10000)
#   BENCH_QUICK=1      a smoke test of every step: tiny windows, 1 repetition, 64 connections, 500 idle
#                      ones; writes to rusticated-bench/target/benchmarks-quick.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
START=$(date +%s)
QUICK=${BENCH_QUICK:-0}
BUILT=0
OUT=""
while [ $# -gt 0 ]; do
  case $1 in
    --into) OUT=$2; shift 2 ;;
    --built) BUILT=1; shift ;;
    *) echo "net.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  WARMUP=${BENCH_NET_WARMUP:-0.2}; SECS=${BENCH_NET_SECONDS:-0.3}; REPS=${BENCH_NET_REPS:-1}; JIT=${BENCH_NET_JIT:-0.6}
  CONNS=${BENCH_NET_CONNS:-64}; SIZES=${BENCH_NET_SIZES:-"64 16384"}; IDLE=${BENCH_NET_IDLE:-500}
  OUT=${OUT:-$ROOT/rusticated-bench/target/benchmarks-quick.md}
else
  WARMUP=${BENCH_NET_WARMUP:-1}; SECS=${BENCH_NET_SECONDS:-2}; REPS=${BENCH_NET_REPS:-3}; JIT=${BENCH_NET_JIT:-5}
  CONNS=${BENCH_NET_CONNS:-"1 64 512 10000"}; SIZES=${BENCH_NET_SIZES:-"64 16384"}; IDLE=${BENCH_NET_IDLE:-10000}
  OUT=${OUT:-$ROOT/docs/benchmarks.md}
fi
log() { printf '[net %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

# ---- tools ----------------------------------------------------------------------------------
missing=()
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/include/liburing.h ] || missing+=(liburing-dev)
command -v perf >/dev/null || missing+=(linux-perf)
command -v taskset >/dev/null || missing+=(util-linux)
command -v ss >/dev/null || missing+=(iproute2)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "net.sh: missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
. .mvn/find-jdk.sh
JAVA="$JAVA_HOME/bin/java"
TARGET=$ROOT/rusticated-bench/target
if [ "$BUILT" = 0 ]; then
  log "building the benchmark jar"
  ./mvnw -B -q -ntp -Pbench -pl rusticated-bench -am package -DskipTests
fi
JAR=$TARGET/benchmarks.jar
for c in echo_load echo_uring echo_epoll; do
  gcc -O2 -Wall -o "$TARGET/$c" "rusticated-bench/src/main/c/$c.c" -luring -lm
done
LOAD=$TARGET/echo_load
R=$TARGET/results/net
rm -rf "$R"
mkdir -p "$R"
ulimit -n "$(ulimit -Hn)"   # 10 000 connections: the load generator holds one descriptor each
NPROC=$(nproc)
SERVER_CPU=0; CLIENT_CPU=$(( NPROC > 1 ? 1 : 0 ))
JVM=(--enable-native-access=ALL-UNNAMED -XX:ActiveProcessorCount=1 -Xms1g -Xmx1g)
SERVERS=(java -cp "$JAR" io.rusticated.bench.net.EchoServer)

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=$( [ "$QUICK" = 1 ] && echo 'BENCH_QUICK=1 ')rusticated-bench/net.sh   # warm-up ${WARMUP} s, ${REPS} x ${SECS} s per cell; connections: ${CONNS}; sizes: ${SIZES}"
  echo "kernel=$(uname -r)"
  echo "cpus=$NPROC (servers on CPU $SERVER_CPU, the load generator on CPU $CLIENT_CPU)"
  echo "jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.version = //p'), \`${JVM[*]}\`"
  echo "liburing=$(dpkg-query -W -f '${Version}' liburing-dev 2>/dev/null || echo '?')"
  echo "perf=$(perf --version 2>/dev/null || echo 'not found')"
  echo "timewait_before=$(ss -tan state time-wait 2>/dev/null | tail -n +2 | wc -l)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "windows=per cell ${REPS} windows of ${SECS} s, taken round the contenders (window 1 of each, then window 2 of each...), each after a warm-up of ${WARMUP} s on fresh connections; every JVM server first ran ${JIT} s of 64 x 64 B and $(awk -v j="$JIT" 'BEGIN { print j / 2 }') s of 64 x 16 KiB for the JIT"
} > "$R/meta.properties"

# ---- servers --------------------------------------------------------------------------------
# Every server is one process pinned to CPU 0, its standard input a FIFO this script writes
# commands to (gc, alloc, stats: see EchoServer.java), its standard output a file.
declare -A PID PORT FD KEY
LABELS=()
SEQ=0
IDLE_PID=""
# Whatever ends the script, the servers and a load generator it started end with it.
cleanup() {
  local pid
  for pid in "${PID[@]}" $IDLE_PID; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
# start_server LABEL [-Dprop...] KIND | start_server LABEL --cmd PROGRAM ARGS...
start_server() {
  local label=$1; shift
  local key=$SEQ
  SEQ=$((SEQ + 1))
  local cmd
  if [ "$1" = --cmd ]; then shift; cmd=("$@"); else
    local props=()
    while [ $# -gt 0 ] && [[ $1 == -D* || $1 == -XX* ]]; do props+=("$1"); shift; done
    cmd=("$JAVA" "${JVM[@]}" "${props[@]}" -cp "$JAR" io.rusticated.bench.net.EchoServer "$1" 0)
  fi
  mkfifo "$R/server-$key.in"
  exec {fd}<>"$R/server-$key.in"
  taskset -c $SERVER_CPU "${cmd[@]}" < "$R/server-$key.in" > "$R/server-$key.out" 2> "$R/server-$key.err" &
  local pid=$!
  for _ in $(seq 300); do
    grep -q '^listening' "$R/server-$key.out" 2>/dev/null && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  local port
  port=$(awk '/^listening/ { print $2; exit }' "$R/server-$key.out")
  if [ -z "$port" ]; then
    local why
    why=$(grep -v '^WARNING' "$R/server-$key.err" | grep -m1 -i 'exception\|error\|not' | head -c 300 || true)
    log "$label did not start: ${why:-see $R/server-$key.err}"
    printf 'fail\t%s\t%s\n' "$label" "did not start here: ${why:-no reason printed}" >> "$R/net.tsv"
    kill $pid 2>/dev/null || true
    exec {fd}>&-
    return 1
  fi
  PID[$label]=$pid; PORT[$label]=$port; FD[$label]=$fd; KEY[$label]=$key
  LABELS+=("$label")
}

stop_server() {
  local label=$1 fd=${FD[$label]}
  kill "${PID[$label]}" 2>/dev/null || true
  wait "${PID[$label]}" 2>/dev/null || true
  unset 'PID[$label]'
  exec {fd}>&-
}

# ask LABEL COMMAND: the server's one-line answer.
ask() {
  local label=$1 cmd=$2 out lines
  out=$R/server-${KEY[$label]}.out
  lines=$(wc -l < "$out")
  echo "$cmd" >&"${FD[$label]}"
  for _ in $(seq 600); do
    [ "$(wc -l < "$out")" -gt "$lines" ] && break
    sleep 0.05
  done
  tail -1 "$out"
}

# load LABEL [echo_load options]: one load generator run against that server, its lines to net.tsv.
load() {
  local label=$1; shift
  if ! kill -0 "${PID[$label]}" 2>/dev/null; then
    return 1
  fi
  if ! timeout 180 taskset -c $CLIENT_CPU "$LOAD" -P "${PORT[$label]}" -p "${PID[$label]}" -l "$label" "$@" >> "$R/net.tsv" 2> "$R/load.err"; then
    local why
    why=$(head -c 300 "$R/load.err")
    log "$label: the load generator failed ($*): ${why:-timed out}"
    printf 'fail\t%s\t%s\n' "$label" "failed with $*: ${why:-timed out after 180 s}" >> "$R/net.tsv"
    return 1
  fi
}

C_URING="C io_uring"
NETTY_URING="Netty io_uring"
log "starting the servers"
start_server "$C_URING" --cmd "$TARGET/echo_uring" 0 || true
start_server "C epoll" --cmd "$TARGET/echo_epoll" 0 || true
start_server "rusticated futures (io_uring)" rusticated-futures || true
start_server "rusticated Operation (io_uring)" rusticated-ops || true
start_server "rusticated readMulti (io_uring)" rusticated-multi || true
# rusticated on epoll: served once the epoll driver has sockets; until then the start fails with
# the reason, which the report shows.
start_server "rusticated futures (epoll)" -Drusticated.backend=epoll rusticated-futures || true
if [ -n "${PID["rusticated futures (epoll)"]:-}" ]; then
  start_server "rusticated Operation (epoll)" -Drusticated.backend=epoll rusticated-ops || true
  start_server "rusticated readMulti (epoll)" -Drusticated.backend=epoll rusticated-multi || true
fi
start_server "$NETTY_URING" netty-io_uring || true
start_server "Netty epoll" netty-epoll || true
start_server "JDK Selector" jdk-selector || true
start_server "JDK AIO" --cmd "$JAVA" "${JVM[@]}" -cp "$TARGET/classes" benchprograms.AioEcho 0 || true
# The same AIO program, unchanged, on the rusticated image: measured once the image's
# AsynchronousChannelProvider serves it (issue 16, item 3); until then the report says what the
# image's provider is.
IMAGE_JAVA=$ROOT/rusticated-runtime/target/image/bin/java
if [ -x "$IMAGE_JAVA" ]; then
  provider=$("$IMAGE_JAVA" -cp "$TARGET/classes" benchprograms.AioEcho --provider 2>&1 | tail -1)
  if [[ $provider == io.rusticated.* ]]; then
    start_server "JDK AIO on the rusticated image" --cmd "$IMAGE_JAVA" "${JVM[@]}" -cp "$TARGET/classes" benchprograms.AioEcho 0 || true
  else
    echo "pending_aio_image=the AIO program on the rusticated image: not measured; the image's AsynchronousChannelProvider is still the JDK's (\`$provider\`)" >> "$R/meta.properties"
  fi
else
  echo "pending_aio_image=the AIO program on the rusticated image: not measured; no image at rusticated-runtime/target/image (run.sh builds it)" >> "$R/meta.properties"
fi

is_jvm() { [[ $1 != C\ * ]]; }

log "JIT warm-up of the JVM servers"
for label in "${LABELS[@]}"; do
  if is_jvm "$label"; then
    load "$label" -g jit -c 64 -m 64 -w "$JIT" -n 0 || true
    load "$label" -g jit -c 64 -m 16384 -w "$(awk -v j="$JIT" 'BEGIN { print j / 2 }')" -n 0 || true
  fi
done

# ---- closed loop: throughput and CPU per message ----------------------------------------------
# The windows of a cell go round the contenders (window 1 of each, then window 2 of each, ...), each
# on fresh connections after its own warm-up, so that a change in the machine's load lands on every
# contender's median alike.
for size in $SIZES; do
  for conns in $CONNS; do
    log "closed loop: $conns x $size B"
    for rep in $(seq "$REPS"); do
      for label in "${LABELS[@]}"; do
        load "$label" -g closed -c "$conns" -m "$size" -w "$WARMUP" -t "$SECS" -n 1 || true
      done
    done
  done
done

# ---- open loop: latency at a fixed offered load -----------------------------------------------
# The C io_uring server's median closed-loop rate at 64 connections sets the offered loads.
open_conns=64
for size in $SIZES; do
  base=$(awk -F'\t' -v l="$C_URING" -v c=$open_conns -v s="$size" '$1 == "win" && $2 == "closed" && $3 == l && $4 == c && $5 == s { print $9 / $10 }' "$R/net.tsv" \
    | sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }')
  [ -n "$base" ] || continue
  for pct in 50 80; do
    rate=$(awk -v b="$base" -v p=$pct 'BEGIN { printf "%.0f", b * p / 100 }')
    log "open loop: $open_conns x $size B at $pct% of C io_uring ($rate msgs/s)"
    for label in "${LABELS[@]}"; do
      load "$label" -g "open$pct" -c $open_conns -m "$size" -r "$rate" -w "$WARMUP" -t "$SECS" -n 1 || true
    done
  done
done

# ---- system calls and allocation per message --------------------------------------------------
for size in $SIZES; do
  log "system calls per message (perf stat), $open_conns x $size B"
  for label in "${LABELS[@]}"; do
    load "$label" -g sys -c $open_conns -m "$size" -w "$WARMUP" -n 0 -S "$SECS" || true
  done
done
log "heap allocated per message (ThreadMXBean), 64 x 64 B"
for label in "${LABELS[@]}"; do
  if is_jvm "$label" && [[ $label != "JDK AIO"* ]]; then   # the AIO program is plain java.*: no control thread
    # Connected first (-H), counted from then: what connecting allocates is not per message.
    rm -f "$R/load.err"
    load "$label" -g alloc -c 64 -m 64 -w 0 -t "$SECS" -n 1 -H &
    lpid=$!
    for _ in $(seq 300); do grep -q '^connected' "$R/load.err" 2>/dev/null && break; sleep 0.1; done
    sleep 0.3
    before=$(ask "$label" alloc | awk '$1 == "alloc" { print $2 }')
    kill -USR1 "$(awk '/^connected/ { print $4; exit }' "$R/load.err")" 2>/dev/null || true
    wait "$lpid" || continue
    after=$(ask "$label" alloc | awk '$1 == "alloc" { print $2 }')
    msgs=$(awk -F'\t' -v l="$label" '$1 == "win" && $2 == "alloc" && $3 == l { m = $9 } END { print m }' "$R/net.tsv")
    printf 'alloc\t%s\t%s\t%s\n' "$label" "$((after - before))" "$msgs" >> "$R/net.tsv"
  fi
done
for label in "${LABELS[@]}"; do
  stop_server "$label"
done

# ---- memory per idle connection -----------------------------------------------------------------
# A server of its own per contender: RSS (VmRSS) and, for the JVMs, the heap in use after a full GC,
# before and after IDLE connections that each have one read pending. The JVMs pre-touch their heap,
# so its growth shows in the heap figure only and RSS growth is the memory outside the heap.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# idle_connect LABEL: opens IDLE connections to the server and waits until it holds them all;
# leaves the load generator's pid in IDLE_PID and, for a JVM, the heap after a full GC and the direct
# memory in IDLE_HEAP and IDLE_DIRECT.
idle_connect() {
  local label=$1 pid=${PID[$1]} accepted=0 before=0 fds0
  if is_jvm "$label"; then read -r _ _ _ before _ < <(ask "$label" gc); fi
  fds0=$(ls "/proc/$pid/fd" | wc -l)
  taskset -c $CLIENT_CPU "$LOAD" -P "${PORT[$label]}" -c "$IDLE" -I > "$R/idle-load.out" 2> "$R/idle-load.err" &
  IDLE_PID=$!
  for _ in $(seq 1200); do
    grep -q '^connected' "$R/idle-load.out" && break
    kill -0 $IDLE_PID 2>/dev/null || break
    sleep 0.1
  done
  if is_jvm "$label"; then
    for _ in $(seq 100); do
      read -r _ IDLE_HEAP _ accepted _ IDLE_DIRECT < <(ask "$label" gc)
      [ $((accepted - before)) -ge "$IDLE" ] && break
      sleep 0.2
    done
    IDLE_ACCEPTED=$((accepted - before))
  else
    sleep 2
    IDLE_ACCEPTED=$(( $(ls "/proc/$pid/fd" | wc -l) - fds0 ))
  fi
}
idle_run() {
  local label=$1; shift
  LABELS=()
  start_server "$label" "$@" || return 0
  local pid=${PID[$label]} heap0=-1 heap1=-1 direct0=-1 direct1=-1 rss0 rss1
  # A first round of the same connections, closed again, runs the accept, read and close paths
  # through the JIT: its compiler's memory (malloc arenas that stay resident) is not per connection.
  idle_connect "$label"
  kill $IDLE_PID 2>/dev/null || true
  wait $IDLE_PID 2>/dev/null || true
  sleep 1
  if is_jvm "$label"; then read -r _ heap0 _ _ _ direct0 < <(ask "$label" gc); fi
  rss0=$(rss_kib "$pid")
  idle_connect "$label"
  rss1=$(rss_kib "$pid")
  if is_jvm "$label"; then heap1=$IDLE_HEAP; direct1=$IDLE_DIRECT; fi
  printf 'idle\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$IDLE" "$IDLE_ACCEPTED" "$rss0" "$rss1" "$heap0" "$heap1" \
    "$direct0" "$direct1" >> "$R/net.tsv"
  kill $IDLE_PID 2>/dev/null || true
  wait $IDLE_PID 2>/dev/null || true
  IDLE_PID=""
  stop_server "$label"
}
log "memory per idle connection: $IDLE connections"
JVM_IDLE=(-XX:+AlwaysPreTouch)
idle_run "rusticated readManaged + BufferRing (io_uring)" "${JVM_IDLE[@]}" rusticated-idle-pooled
idle_run "rusticated read, 64 KiB buffer each (io_uring)" "${JVM_IDLE[@]}" rusticated-idle-plain
idle_run "$NETTY_URING" "${JVM_IDLE[@]}" netty-io_uring
idle_run "$C_URING" --cmd "$TARGET/echo_uring" 0

{
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wall=$(( ($(date +%s) - START) / 60 )) min $(( ($(date +%s) - START) % 60 )) s"
} >> "$R/meta.properties"
"$JAVA" -cp "$JAR" io.rusticated.bench.net.NetReport dir="$R" analysis="$ROOT/rusticated-bench/net-analysis.md" into="$OUT"
log "wrote the networking section of $OUT (raw results in $R)"
