#!/usr/bin/env bash
# OCSP responses per second: certwiz's embedded responder (certwiz serve, POST /pki/ocsp on its plain-HTTP
# listener) beside `openssl ocsp -index` as a responder, with the same load client in the same run.
#
#   bench/ocsp-responder.sh                     # 1, 4 and 16 threads, 10 s each, per responder
#   SECONDS_PER_LEVEL=5 THREADS=1,4 CERTS=5 bench/ocsp-responder.sh
#
# Both sign with an EC P-256 delegated responder certificate (id-kp-OCSPSigning) for an EC P-256 issuing CA,
# and both answer requests without a nonce (-no_nonce) for CERTS certificates each, asked round robin. The
# load client (src/test/java/io/certwiz/revocation/bench/OcspLoadClient.java) POSTs each request over a new TCP
# connection (close), and for certwiz also over kept-alive connections; it checks once per certificate that
# the answer is "good" before it counts. openssl runs with -multi $OPENSSL_MULTI responder processes.
# Needs openssl, curl and a JDK >= 21. Builds into $CERTWIZ_BUILD_DIR (default target/ocsp-bench-build). Prints
# RESULT and CPU lines; the processes it started are stopped on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CERTWIZ_BUILD_DIR:-$ROOT/target/ocsp-bench-build}"
SECONDS_PER_LEVEL="${SECONDS_PER_LEVEL:-10}"
THREADS="${THREADS:-1,4,16}"
CERTS="${CERTS:-20}"
OPENSSL_MULTI="${OPENSSL_MULTI:-2}"
PORT_CERTWIZ="${PORT_CERTWIZ:-18080}"
PORT_OPENSSL="${PORT_OPENSSL:-18081}"

BENCH=ocsp-responder.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_jdk
for tool in openssl curl ss bc; do
  command -v "$tool" >/dev/null || { echo "ocsp-responder.sh: $tool is missing (apt-get install openssl curl)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocsp-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

CP="$(build_test "$ROOT" "$BUILD")"
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED)
certwiz() { "${JAVA[@]}" -cp "$CP" io.certwiz.cli.Main "$@" --data "$WORK/certwiz"; }

load() { # LABEL PORT PATH REQUEST-DIR MODE PID: one load run per thread level, with its server's CPU
  local label="$1" port="$2" path="$3" requests="$4" mode="$5" pid="$6" level before after responses
  for level in ${THREADS//,/ }; do
    before="$(cpu_ticks "$pid")"
    line="$("${JAVA[@]}" -cp "$CP" io.certwiz.revocation.bench.OcspLoadClient 127.0.0.1 "$port" "$path" "$requests" \
      "$label" "$mode" "$SECONDS_PER_LEVEL" "$level")"
    after="$(cpu_ticks "$pid")"
    echo "$line"
    responses="$(sed -n 's/.* total=\([0-9]*\).*/\1/p' <<<"$line")"
    awk -v l="$label" -v m="$mode" -v t="$level" -v d="$(( after - before ))" -v n="$responses" -v hz="$HZ" \
      'BEGIN { printf "CPU %s %s threads=%s server_cpu_ms_per_response=%.3f\n", l, m, t, (n > 0 ? d * 1000 / hz / n : 0) }'
  done
}

# --- certwiz: its embedded CA issues CERTS certificates; serve answers OCSP on plain HTTP
certwiz init --fqdn srv.bench.test --sip-domain bench.test --pki-url "http://127.0.0.1:$PORT_CERTWIZ" >/dev/null
mkdir -p "$WORK/certwiz-requests"
for i in $(seq 1 "$CERTS"); do
  thumbprint="$(certwiz request --usage WebServicesInternal --key ec-p256 --no-assign --json \
    | sed -n 's/.*"thumbprint" *: *"\([0-9A-F]\{40\}\)".*/\1/p' | head -1)"
  certwiz export "$thumbprint" --out "$WORK/certwiz-leaf-$i.pem" >/dev/null
done
"${JAVA[@]}" -cp "$CP" io.certwiz.cli.Main serve --data "$WORK/certwiz" --bind 127.0.0.1 --port-default 0 \
  --port-web-internal 0 --port-web-external 0 --port-http "$PORT_CERTWIZ" --renew-check-interval off \
  >"$WORK/certwiz-serve.log" 2>&1 &
PIDS+=($!)
CERTWIZ_PID=$!
wait_port "$PORT_CERTWIZ" "$CERTWIZ_PID"
sleep 2
curl -sf -o "$WORK/certwiz-intermediate.der" "http://127.0.0.1:$PORT_CERTWIZ/pki/ca/intermediate.crt"
openssl x509 -inform DER -in "$WORK/certwiz-intermediate.der" -out "$WORK/certwiz-intermediate.pem"
for i in $(seq 1 "$CERTS"); do
  openssl ocsp -issuer "$WORK/certwiz-intermediate.pem" -cert "$WORK/certwiz-leaf-$i.pem" -no_nonce \
    -reqout "$WORK/certwiz-requests/$(printf %04d "$i").der" >/dev/null
done

# --- openssl: the same shape of CA, a delegated responder, CERTS certificates in its index
O="$WORK/openssl"
mkdir -p "$O/requests"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$O/ca.key" -out "$O/ca.pem" \
  -subj "/CN=openssl bench CA" -days 30 -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
sign() { # NAME SUBJECT EXTENSIONS
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$O/$1.key" -out "$O/$1.csr" \
    -subj "$2" 2>/dev/null
  printf '%b' "$3" >"$O/$1.ext"
  openssl x509 -req -in "$O/$1.csr" -CA "$O/ca.pem" -CAkey "$O/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 30 -extfile "$O/$1.ext" -out "$O/$1.pem" 2>/dev/null
}
sign responder "/CN=openssl bench OCSP" "extendedKeyUsage=OCSPSigning\nnoCheck=ignored\n"
: >"$O/index.txt"
for i in $(seq 1 "$CERTS"); do
  sign "leaf-$i" "/CN=leaf$i.bench.test" "subjectAltName=DNS:leaf$i.bench.test\nextendedKeyUsage=serverAuth\n"
  serial="$(openssl x509 -in "$O/leaf-$i.pem" -noout -serial | cut -d= -f2)"
  expiry="$(date -u -d "$(openssl x509 -in "$O/leaf-$i.pem" -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ)"
  printf 'V\t%s\t\t%s\tunknown\t/CN=leaf%s.bench.test\n' "$expiry" "$serial" "$i" >>"$O/index.txt"
  openssl ocsp -issuer "$O/ca.pem" -cert "$O/leaf-$i.pem" -no_nonce -reqout "$O/requests/$(printf %04d "$i").der" >/dev/null
done
openssl ocsp -index "$O/index.txt" -port "$PORT_OPENSSL" -CA "$O/ca.pem" -rsigner "$O/responder.pem" \
  -rkey "$O/responder.key" -nmin 60 -multi "$OPENSSL_MULTI" -ignore_err >"$O/responder.log" 2>&1 &
PIDS+=($!)
OPENSSL_PID=$!
wait_port "$PORT_OPENSSL" "$OPENSSL_PID"

echo "RUN $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(openssl version)"
# A warm-up for certwiz's JIT, not reported.
SECONDS_PER_LEVEL=10 THREADS=4 load certwiz-warmup "$PORT_CERTWIZ" /pki/ocsp "$WORK/certwiz-requests" close "$CERTWIZ_PID" >/dev/null
load certwiz "$PORT_CERTWIZ" /pki/ocsp "$WORK/certwiz-requests" close "$CERTWIZ_PID"
load openssl "$PORT_OPENSSL" / "$O/requests" close "$OPENSSL_PID"
load certwiz "$PORT_CERTWIZ" /pki/ocsp "$WORK/certwiz-requests" keep-alive "$CERTWIZ_PID"
