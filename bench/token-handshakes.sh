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

BENCH=token-handshakes
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_jdk
JAVA="$JAVA_HOME/bin/java"
CP="$(build_runtime "$ROOT" "$BUILD")"
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
  SECONDS_PER_ROUND=10 rate "${PORT[$target]}" 1 "${PID[$target]}" >/dev/null
done
declare -A RATES CPUS
for round in $(seq "$ROUNDS"); do
  order="software token"; (( round % 2 == 0 )) && order="token software"
  for target in $order; do
    read -r r c < <(rate "${PORT[$target]}" 1 "${PID[$target]}")
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
