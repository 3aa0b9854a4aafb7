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

BENCH=hot-swap-soak
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_jdk

CP="$(build_test "$ROOT" "$BUILD")"
mkdir -p "$ROOT/bench/results"
REPORT="$ROOT/bench/results/hot-swap-soak-$(date +%Y%m%d-%H%M%S).txt"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$CP" \
  io.certwiz.server.soak.HotSwapSoak "${1:-100}" "${2:-4}" "${3:-api,store,cli}" "${4:-10}" 2>&1 | tee "$REPORT"
echo "report: $REPORT"
