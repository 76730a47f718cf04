#!/usr/bin/env bash
# Mixed file/pipe/process/timer load on rusticated for N minutes (default 5), reporting operations,
# errors, RSS, descriptors and threads every INTERVAL seconds (default 30).
#   scripts/soak.sh [MINUTES] [INTERVAL] [-Drusticated.backend=epoll ...]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-5}
interval=${2:-30}
shift $(( $# > 2 ? 2 : $# )) || true
. .mvn/find-jdk.sh
./mvnw -q -B -ntp -pl rusticated-linux -am test-compile
cp="rusticated-core/target/classes:rusticated-linux/target/classes:rusticated-linux/target/test-classes"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx256m "$@" -cp "$cp" \
    io.rusticated.linux.reliability.Soak "$minutes" "$interval"
