#!/usr/bin/env bash
# ACME orders per second: certwiz's embedded CA against pebble with its validation sleep off, with the same
# load client (src/test/java/io/certwiz/acme/server/bench/AcmeLoadClient.java, acme4j) in the same run.
#
#   bench/acme-server.sh                  # 1, 4 and 16 concurrent clients, 20 s each, per server
#   SECONDS_PER_LEVEL=10 CLIENTS=1,4 TARGETS=certwiz WARMUP_SECONDS=0 bench/acme-server.sh
#
# Everything is on loopback: certwiz serve (its WebServicesExternal listener, validation pointed at this
# machine with --acme-hosts and --acme-http-port), pebble with PEBBLE_VA_NOSLEEP=1, PEBBLE_WFE_NONCEREJECT=0
# and PEBBLE_AUTHZREUSE=0 (no artificial sleeps, no rejected nonces, no reused authorizations: every order
# validates, as on certwiz) resolving names with pebble-challtestsrv's DNS, and the load client answering
# http-01 itself. Needs pebble, pebble-challtestsrv (Debian package pebble), openssl, curl and a JDK >= 21.
# Builds into $CERTWIZ_BUILD_DIR (default target/acme-bench-build). Prints RESULT lines; the processes it
# started are stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CERTWIZ_BUILD_DIR:-$ROOT/target/acme-bench-build}"
SECONDS_PER_LEVEL="${SECONDS_PER_LEVEL:-20}"
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"
CLIENTS="${CLIENTS:-1,4,16}"
TARGETS="${TARGETS:-certwiz pebble}"
PORT_CERTWIZ="${PORT_CERTWIZ:-14443}"
PORT_PEBBLE="${PORT_PEBBLE:-14000}"
PORT_PEBBLE_MGMT="${PORT_PEBBLE_MGMT:-15000}"
PORT_HTTP01="${PORT_HTTP01:-15002}"
PORT_DNS="${PORT_DNS:-18053}"
PORT_CHALL_MGMT="${PORT_CHALL_MGMT:-18055}"

BENCH=acme-server.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_jdk
for tool in pebble pebble-challtestsrv openssl curl; do
  command -v "$tool" >/dev/null || { echo "acme-server.sh: $tool is missing (apt-get install pebble openssl curl)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/acme-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

(cd "$ROOT" && ./mvnw -B -q -Dcertwiz.buildDir="$BUILD" -DskipTests \
  test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/acme-bench.classpath") >&2
CP="$BUILD/classes:$BUILD/test-classes:$(cat "$BUILD/acme-bench.classpath")"
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)

wait_for() { # URL: until it answers over HTTPS (any certificate), at most 60 s
  for _ in $(seq 1 120); do curl -sk -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "acme-server.sh: $1 did not come up" >&2; return 1
}

# --- certwiz: a store whose SIP domain bench.test puts every c<i>.bench.test in the default policy
HOSTS="$WORK/acme-hosts"
for i in $(seq 0 63); do echo "127.0.0.1 c$i.bench.test"; done > "$HOSTS"
# The ACME URLs carry the external name: localhost, which the load client resolves to this machine.
"${JAVA[@]}" -cp "$CP" io.certwiz.cli.Main init --data "$WORK/certwiz" --fqdn srv.bench.test --sip-domain bench.test \
  --web-external-fqdn localhost >/dev/null
"${JAVA[@]}" -cp "$CP" io.certwiz.cli.Main request --data "$WORK/certwiz" --usage WebServicesExternal --key ec-p256 \
  --san ip:127.0.0.1 >/dev/null
# shellcheck disable=SC2086 # CERTWIZ_SERVE_JAVA_OPTS: extra JVM options for the server (profiling), split on spaces
"${JAVA[@]}" ${CERTWIZ_SERVE_JAVA_OPTS:-} -cp "$CP" io.certwiz.cli.Main serve --data "$WORK/certwiz" --bind 127.0.0.1 --port-default 0 \
  --port-web-internal 0 --port-web-external "$PORT_CERTWIZ" --port-http off --acme-hosts "$HOSTS" --acme-http-port "$PORT_HTTP01" \
  >"$WORK/certwiz-serve.log" 2>&1 &
PIDS+=($!)
CERTWIZ_PID=$!
wait_for "https://127.0.0.1:$PORT_CERTWIZ/health"
curl -sk -o "$WORK/certwiz-root.der" "https://127.0.0.1:$PORT_CERTWIZ/pki/ca/root.crt"

# --- pebble, its HTTPS on a certificate made here, names resolved by pebble-challtestsrv to 127.0.0.1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/pebble-key.pem" -out "$WORK/pebble-cert.pem" 2>/dev/null
cat > "$WORK/pebble.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:$PORT_PEBBLE", "managementListenAddress": "127.0.0.1:$PORT_PEBBLE_MGMT",
  "certificate": "$WORK/pebble-cert.pem", "privateKey": "$WORK/pebble-key.pem",
  "httpPort": $PORT_HTTP01, "tlsPort": 5001, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON
pebble-challtestsrv -dns01 "127.0.0.1:$PORT_DNS" -http01 "" -https01 "" -tlsalpn01 "" \
  -management "127.0.0.1:$PORT_CHALL_MGMT" -defaultIPv4 127.0.0.1 -defaultIPv6 "" >"$WORK/challtestsrv.log" 2>&1 &
PIDS+=($!)
# GODEBUG=http2server=0: HTTP/1.1 like certwiz's listener (the JDK client's HTTP/2 to pebble stalled at
# 16 clients in our runs: requests timed out and no order completed).
GODEBUG=http2server=0 PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
  pebble -config "$WORK/pebble.json" -dnsserver "127.0.0.1:$PORT_DNS" >"$WORK/pebble.log" 2>&1 &
PIDS+=($!)
PEBBLE_PID=$!
wait_for "https://127.0.0.1:$PORT_PEBBLE/dir"

# --- the load client trusts both servers' HTTPS
"$JAVA_HOME/bin/keytool" -importcert -noprompt -storetype PKCS12 -keystore "$WORK/trust.p12" -storepass changeit \
  -alias certwiz -file "$WORK/certwiz-root.der" >/dev/null
"$JAVA_HOME/bin/keytool" -importcert -noprompt -storetype PKCS12 -keystore "$WORK/trust.p12" -storepass changeit \
  -alias pebble -file "$WORK/pebble-cert.pem" >/dev/null

# Warm-up, not reported: each server gets the same load first, so that the JVM's JIT has compiled the hot
# paths before anything is measured (pebble is compiled ahead of time; it gets the same warm-up anyway).
if (( WARMUP_SECONDS > 0 )); then
  for target in $TARGETS; do
    if [[ $target == certwiz ]]; then url="https://localhost:$PORT_CERTWIZ/acme/directory"; else url="https://127.0.0.1:$PORT_PEBBLE/dir"; fi
    "${JAVA[@]}" -Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.certwiz.acme.server.bench.AcmeLoadClient \
      "$url" "$target" "$PORT_HTTP01" bench.test "$WARMUP_SECONDS" 4 >/dev/null 2>>"$WORK/load-errors.log"
  done
fi

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $SECONDS_PER_LEVEL s per level after $WARMUP_SECONDS s of warm-up per server"
IFS=',' read -ra LEVELS <<< "$CLIENTS"
for clients in "${LEVELS[@]}"; do
  for target in $TARGETS; do
    if [[ $target == certwiz ]]; then url="https://localhost:$PORT_CERTWIZ/acme/directory"; else url="https://127.0.0.1:$PORT_PEBBLE/dir"; fi
    if [[ $target == certwiz ]]; then pid=$CERTWIZ_PID; else pid=$PEBBLE_PID; fi
    before=$(cpu_ticks "$pid")
    "${JAVA[@]}" -Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" io.certwiz.acme.server.bench.AcmeLoadClient \
      "$url" "$target" "$PORT_HTTP01" bench.test "$SECONDS_PER_LEVEL" "$clients" 2>>"$WORK/load-errors.log" \
      | grep -E "RESULT|PHASES" | tee "$WORK/level.out"
    after=$(cpu_ticks "$pid")
    # Server CPU (user + system, all threads) over the whole level, warm-up included, per order counted.
    orders=$(sed -n 's/^RESULT .* orders=\([0-9]*\) .*/\1/p' "$WORK/level.out")
    awk -v t="$target" -v c="$clients" -v d=$((after - before)) -v hz="$(getconf CLK_TCK)" -v o="${orders:-0}" \
      'BEGIN { printf "CPU %s clients=%s server_cpu_s=%.2f server_cpu_ms_per_order=%.2f\n", t, c, d / hz, o ? 1000 * d / hz / o : 0 }' 
  done
done
errors=$(grep -c "failed" "$WORK/load-errors.log" || true)
echo "# load client errors: $errors (details in $WORK/load-errors.log)"
