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

jdk_major() { # major version of the JDK at $1, from its release file
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true
}
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/javac" || "$(jdk_major "$JAVA_HOME")" -lt 21 ]]; then
  best=""; best_v=0
  for dir in /usr/lib/jvm/*; do
    v="$(jdk_major "$dir")"
    [[ "$v" =~ ^[0-9]+$ && -x "$dir/bin/javac" ]] && (( v >= 21 && v > best_v )) && { best="$dir"; best_v=$v; }
  done
  [[ -n "$best" ]] || { echo "jmh.sh: no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME="$best"
fi

(cd "$ROOT" && ./mvnw -B -q -Dcertwiz.buildDir="$BUILD" -DskipTests \
  test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/jmh.classpath") >&2
[[ -f "$BUILD/test-classes/META-INF/BenchmarkList" ]] || { echo "jmh.sh: no BenchmarkList was generated" >&2; exit 1; }

args=("$@")
if (( ${#args[@]} == 0 )); then
  mkdir -p "$ROOT/bench/results"
  args=(io.certwiz.bench -rf json -rff "$ROOT/bench/results/jmh-$(date +%Y%m%d-%H%M%S).json")
fi
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/jmh.classpath")"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" io.certwiz.bench.JmhMain "${args[@]}"
