#!/usr/bin/env bash
# Hot-swap soak for certwiz serve (issue 3): client threads open new TLS connections (full handshakes) in
# a loop against the WebServicesInternal listener while its certificate is reassigned, then it prints the
# failed handshakes and the time from each assignment to the first handshake with the new certificate.
# The code is src/test/java/io/certwiz/server/soak/HotSwapSoak.java; see there for the modes.
#
# Usage: bench/hot-swap-soak.sh [REASSIGNMENTS=100] [CLIENTS=4] [MODES=api,store,cli] [CLI_REASSIGNMENTS=10]
# Env: CERTWIZ_BUILD_DIR (default target/bench-soak-build), JAVA_HOME (a JDK >= 21; else the newest found),
#      CERTWIZ_TLS_PROVIDER=jdk to soak the JDK's TLS engine instead of Conscrypt.
# Writes bench/results/hot-swap-soak-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CERTWIZ_BUILD_DIR:-$ROOT/target/bench-soak-build}"

jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true; }
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/javac" || "$(jdk_major "$JAVA_HOME")" -lt 21 ]]; then
  best=""; best_v=0
  for dir in /usr/lib/jvm/*; do
    v="$(jdk_major "$dir")"
    [[ "$v" =~ ^[0-9]+$ && -x "$dir/bin/javac" ]] && (( v >= 21 && v > best_v )) && { best="$dir"; best_v=$v; }
  done
  [[ -n "$best" ]] || { echo "hot-swap-soak: no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME="$best"
fi

(cd "$ROOT" && ./mvnw -B -q -Dcertwiz.buildDir="$BUILD" -DskipTests \
  test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/test.classpath") >&2
mkdir -p "$ROOT/bench/results"
REPORT="$ROOT/bench/results/hot-swap-soak-$(date +%Y%m%d-%H%M%S).txt"
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/test.classpath")"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$CP" \
  io.certwiz.server.soak.HotSwapSoak "${1:-100}" "${2:-4}" "${3:-api,store,cli}" "${4:-10}" 2>&1 | tee "$REPORT"
echo "report: $REPORT"
