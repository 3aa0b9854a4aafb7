#!/usr/bin/env bash
# Runs certwiz's JMH benchmarks (src/test/java/io/certwiz/bench) from the test classpath.
#
#   bench/jmh.sh                                  # every benchmark, JSON in bench/results/
#   bench/jmh.sh IssuanceBenchmark -p key=ec-p256 # any JMH arguments: a regex, -p, -f, -wi, -i, -rf ...
#   bench/jmh.sh -l                               # list them
#
# Builds into $CERTWIZ_BUILD_DIR (default target/bench-build; several people building in one tree should
# each point it elsewhere) with the Maven wrapper: test-compile runs JMH's annotation processor, which
# writes META-INF/BenchmarkList, and dependency:build-classpath gives the test classpath. The benchmarks
# have no @Test: `./mvnw verify` never runs them. Store directories go under $CERTWIZ_BENCH_DIR (default
# the system temporary directory).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CERTWIZ_BUILD_DIR:-$ROOT/target/bench-build}"

BENCH=jmh.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_jdk

CP="$(build_test "$ROOT" "$BUILD")"
[[ -f "$BUILD/test-classes/META-INF/BenchmarkList" ]] || { echo "jmh.sh: no BenchmarkList was generated" >&2; exit 1; }

args=("$@")
if (( ${#args[@]} == 0 )); then
  mkdir -p "$ROOT/bench/results"
  args=(io.certwiz.bench -rf json -rff "$ROOT/bench/results/jmh-$(date +%Y%m%d-%H%M%S).json")
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" io.certwiz.bench.JmhMain "${args[@]}"
