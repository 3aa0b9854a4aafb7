#!/usr/bin/env bash
# Full TLS handshakes per second with the listener's key on a PKCS#11 token (SoftHSM2) beside the same
# listener with a software key: two `certwiz serve` processes on loopback, each presenting an ec-p256 (or
# --key) certificate from its own store on WebServicesInternal, measured alternately by `openssl s_time
# -new` (TLS 1.3, a full handshake per connection, no resumption). The token is a throwaway SoftHSM token
# in a temporary directory (SOFTHSM2_CONF). Prints each target's median rate and server CPU per handshake.
#
# Usage: bench/token-handshakes.sh [--seconds S] [--rounds R] [--key ec-p256|rsa-2048] [--engine conscrypt|jdk]
# Needs: softhsm2, openssl, bc, ss. Writes bench/results/token-handshakes-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CERTWIZ_BUILD_DIR:-$ROOT/target/bench-token-build}"
SECONDS_PER_ROUND=8
ROUNDS=5
KEY=ec-p256
ENGINE=conscrypt
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_ROUND="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --key) KEY="$2"; shift 2 ;;
    --engine) ENGINE="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds S] [--rounds R] [--key TYPE] [--engine conscrypt|jdk]" >&2; exit 2 ;;
  esac
done
LIB=/usr/lib/softhsm/libsofthsm2.so
for tool in openssl bc ss softhsm2-util; do
  command -v "$tool" >/dev/null || { echo "token-handshakes: $tool is missing" >&2; exit 1; }
done
[[ -r "$LIB" ]] || { echo "token-handshakes: no $LIB (apt-get install -y softhsm2)" >&2; exit 1; }

jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true; }
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/javac" || "$(jdk_major "$JAVA_HOME")" -lt 21 ]]; then
  best=""; best_v=0
  for dir in /usr/lib/jvm/*; do
    v="$(jdk_major "$dir")"
    [[ "$v" =~ ^[0-9]+$ && -x "$dir/bin/javac" ]] && (( v >= 21 && v > best_v )) && { best="$dir"; best_v=$v; }
  done
  [[ -n "$best" ]] || { echo "token-handshakes: no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME="$best"
fi
JAVA="$JAVA_HOME/bin/java"
(cd "$ROOT" && ./mvnw -B -q -Dcertwiz.buildDir="$BUILD" -DskipTests \
  compile dependency:build-classpath -Dmdep.outputFile="$BUILD/runtime.classpath") >&2
CP="$BUILD/classes:$(cat "$BUILD/runtime.classpath")"
JOPTS=(-XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED
  --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED -Dcertwiz.tls.provider="$ENGINE")
certwiz() { "$JAVA" "${JOPTS[@]}" -cp "$CP" io.certwiz.cli.Main "$@"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/certwiz-token-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$ROOT/bench/results"
REPORT="$ROOT/bench/results/token-handshakes-$(date +%Y%m%d-%H%M%S).txt"
exec > >(tee "$REPORT") 2>&1

export SOFTHSM2_CONF="$WORK/softhsm2.conf"
mkdir -p "$WORK/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$WORK/tokens" > "$SOFTHSM2_CONF"
softhsm2-util --init-token --free --label certwiz-bench --pin 246810 --so-pin 13579111 >/dev/null

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 30000 ))
    ss -ltn "sport = :$p" | grep -q LISTEN || { echo "$p"; return; }
  done
}
wait_port() {
  for _ in $(seq 600); do
    ss -ltn "sport = :$1" | grep -q LISTEN && return 0
    kill -0 "$2" 2>/dev/null || { echo "token-handshakes: the server on $1 died" >&2; return 1; }
    sleep 0.1
  done
  echo "token-handshakes: nothing listens on $1" >&2; return 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
rate() { # port pid: "handshakes-per-second server-CPU-microseconds-per-handshake"
  local start end n cpu0 cpu1
  cpu0=$(cpu_ticks "$2"); start=$(date +%s.%N)
  n=$(openssl s_time -connect "127.0.0.1:$1" -new -time "$SECONDS_PER_ROUND" 2>/dev/null \
    | sed -n 's/^\([0-9]*\) connections in [0-9.]*s;.*/\1/p')
  end=$(date +%s.%N); cpu1=$(cpu_ticks "$2")
  (( ${n:-0} > 0 )) || { echo "0 0"; return; }
  printf '%.0f %.0f\n' "$(echo "$n / ($end - $start)" | bc -l)" "$(echo "($cpu1 - $cpu0) * 1000000 / $HZ / $n" | bc -l)"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

echo "# TLS full handshakes per second: key on a SoftHSM2 token vs software key ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "java: $("$JAVA" -version 2>&1 | head -1); $(openssl version); $(dpkg-query -W -f='softhsm2 ${Version}' softhsm2 2>/dev/null)"
echo "key: $KEY; TLS engine: $ENGINE; rounds: $ROUNDS x ${SECONDS_PER_ROUND}s per target"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A PORT PID
for target in software token; do
  dir="$WORK/$target"
  certwiz init --data "$dir" --fqdn localhost.localdomain >/dev/null
  if [[ "$target" == token ]]; then
    (umask 077; echo 246810 > "$dir/bench.pin")
    printf '{"tokens": {"bench": {"library": "%s", "tokenLabel": "certwiz-bench", "pinFile": "bench.pin"}}}\n' \
      "$LIB" > "$dir/tokens.json"
    certwiz request --data "$dir" --usage WebServicesInternal --key "$KEY" --key-store pkcs11:bench >/dev/null
  else
    certwiz request --data "$dir" --usage WebServicesInternal --key "$KEY" >/dev/null
  fi
  certwiz show WebServicesInternal --data "$dir" | grep -i "private key" || true
  PORT[$target]=$(free_port)
  "$JAVA" "${JOPTS[@]}" -cp "$CP" io.certwiz.cli.Main serve --data "$dir" --port-default 0 --port-web-external 0 \
    --port-http off --port-web-internal "${PORT[$target]}" > "$WORK/serve-$target.log" 2>&1 &
  PID[$target]=$!; PIDS+=($!); wait_port "${PORT[$target]}" "$!"
done
for target in software token; do # warm-up: the JIT compiles the handshake path
  SECONDS_PER_ROUND=10 rate "${PORT[$target]}" "${PID[$target]}" >/dev/null
done
declare -A RATES CPUS
for round in $(seq "$ROUNDS"); do
  order="software token"; (( round % 2 == 0 )) && order="token software"
  for target in $order; do
    read -r r c < <(rate "${PORT[$target]}" "${PID[$target]}")
    RATES[$target]+="$r "; CPUS[$target]+="$c "
    echo "round $round $target: $r handshakes/s, $c us CPU per handshake"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| key | TLS engine | software key | token key (SoftHSM2) | token / software | CPU per handshake, software | CPU per handshake, token |"
echo "|---|---|---|---|---|---|---|"
s=$(echo "${RATES[software]}" | median); t=$(echo "${RATES[token]}" | median)
echo "| $KEY | $ENGINE | $s/s | $t/s | $(printf '%.2f' "$(echo "$t / $s" | bc -l)") | $(echo "${CPUS[software]}" | median) us | $(echo "${CPUS[token]}" | median) us |"
