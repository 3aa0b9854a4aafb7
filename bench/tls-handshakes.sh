#!/usr/bin/env bash
# Full TLS handshakes per second: certwiz serve's WebServicesInternal listener beside Debian's nginx, with
# the same certificate, chain and key, measured in one run by `openssl s_time -new` (no resumption).
#
#   certwiz (conscrypt)  the listener as shipped: Conscrypt (BoringSSL) as its JSSE engine
#   certwiz (jdk)        the same listener on the JDK's own TLS engine (-Dcertwiz.tls.provider=jdk)
#   nginx                worker_processes auto, ssl_session_cache off, ssl_session_tickets off
#
# All three run at once on loopback; the rounds alternate between them (order rotated each round) so that
# load from anything else on the machine falls on all of them alike. Each round runs C s_time clients
# in parallel for S seconds against one target; the rate is the sum of their connections over the wall
# time, and the server's CPU time (user + system from /proc, all its threads or workers) over that time
# gives its CPU per handshake. The tables give each target's medians over the rounds, and the median of
# each round's ratio to nginx.
#
# Usage: bench/tls-handshakes.sh [--seconds S] [--rounds R] [--clients "1 2"] [--keys "rsa-2048 ec-p256"]
# Env: CERTWIZ_BUILD_DIR (default target/bench-tls-build), JAVA_HOME (a JDK >= 21; else the newest found).
# Writes bench/results/tls-handshakes-<time>.txt (everything printed) and prints the table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CERTWIZ_BUILD_DIR:-$ROOT/target/bench-tls-build}"
SECONDS_PER_ROUND=8
ROUNDS=5
CLIENTS="1 2"
KEYS="rsa-2048 ec-p256"
while (( $# )); do
  case "$1" in
    --seconds) SECONDS_PER_ROUND="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --keys) KEYS="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds S] [--rounds R] [--clients \"1 2\"] [--keys \"rsa-2048 ec-p256\"]" >&2; exit 2 ;;
  esac
done
for tool in openssl jq bc ss; do
  command -v "$tool" >/dev/null || { echo "tls-handshakes: $tool is missing" >&2; exit 1; }
done
NGINX="${NGINX:-/usr/sbin/nginx}"
[[ -x "$NGINX" ]] || { echo "tls-handshakes: no nginx at $NGINX (apt-get install -y nginx-light)" >&2; exit 1; }

BENCH=tls-handshakes
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
find_jdk
JAVA="$JAVA_HOME/bin/java"

CP="$(build_runtime "$ROOT" "$BUILD")"
# As the launcher runs certwiz (see ./certwiz).
JOPTS=(-XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED)
certwiz() { "$JAVA" "${JOPTS[@]}" -cp "$CP" io.certwiz.cli.Main "$@"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/certwiz-tls-bench.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$ROOT/bench/results"
REPORT="$ROOT/bench/results/tls-handshakes-$(date +%Y%m%d-%H%M%S).txt"
exec > >(tee "$REPORT") 2>&1

echo "# TLS full handshakes per second: certwiz WebServicesInternal vs nginx ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "java: $("$JAVA" -version 2>&1 | head -1); $(openssl version); $("$NGINX" -v 2>&1)"
echo "rounds: $ROUNDS x ${SECONDS_PER_ROUND}s per target and client count; clients: $CLIENTS"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

declare -A RESULT CPU RATIO
for key in $KEYS; do
  dir="$WORK/$key"; mkdir -p "$dir/nginx"
  certwiz init --data "$dir/data" --fqdn localhost.localdomain >/dev/null
  thumbprint=$(certwiz request --data "$dir/data" --usage WebServicesInternal --key "$key" --exportable --json \
    | jq -r .certificate.thumbprint)
  echo "bench-password" > "$dir/pw"
  certwiz export "$thumbprint" --data "$dir/data" --out "$dir/export.pem" --chain --with-key \
    --password-file "$dir/pw" >/dev/null
  # nginx gets what certwiz presents: the leaf and the intermediate (not the root), and the same key.
  openssl pkey -in "$dir/export.pem" -passin "file:$dir/pw" -out "$dir/key.pem"
  awk '/BEGIN CERTIFICATE/{n++} n>=1 && n<=2' "$dir/export.pem" | sed -n '/BEGIN CERT/,/END CERT/p' > "$dir/chain.pem"

  port_nginx=$(free_port)
  cat > "$dir/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $dir/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$port_nginx ssl;
    ssl_certificate $dir/chain.pem;
    ssl_certificate_key $dir/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    ssl_session_cache off;
    ssl_session_tickets off;
    location / { return 200 "ok\n"; }
  }
}
EOF
  "$NGINX" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e stderr -g 'daemon off;' &
  PIDS+=($!); wait_port "$port_nginx" "$!"

  declare -A PORT=([nginx]=$port_nginx) PID=([nginx]=$!)
  for engine in conscrypt jdk; do
    port=$(free_port)
    "$JAVA" "${JOPTS[@]}" -Dcertwiz.tls.provider="$engine" -cp "$CP" io.certwiz.cli.Main serve --data "$dir/data" \
      --port-default 0 --port-web-external 0 --port-http off --port-web-internal "$port" > "$dir/serve-$engine.log" 2>&1 &
    PIDS+=($!); wait_port "$port" "$!"
    PORT[$engine]=$port; PID[$engine]=$!
  done
  targets=(conscrypt jdk nginx)

  echo "## $key: certificate $thumbprint"
  for t in "${targets[@]}"; do
    negotiated=$(openssl s_client -connect "127.0.0.1:${PORT[$t]}" -servername localhost.localdomain </dev/null 2>/dev/null \
      | sed -n 's/^New, \(.*\), Cipher is \(.*\)/\1 \2/p')
    presented=$(openssl s_client -connect "127.0.0.1:${PORT[$t]}" -servername localhost.localdomain </dev/null 2>/dev/null \
      | openssl x509 -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
    echo "  $t: port ${PORT[$t]}, $negotiated, presents $presented"
    [[ "$presented" == "$thumbprint" ]] || { echo "tls-handshakes: $t does not present $thumbprint" >&2; exit 1; }
  done
  # Warm-up: the JIT compiles the JVM servers' handshake paths (the CPU per handshake keeps falling for
  # the first ten thousand or so).
  SAVED=$SECONDS_PER_ROUND; SECONDS_PER_ROUND=10
  for t in conscrypt jdk; do rate "${PORT[$t]}" 2 "${PID[$t]}" >/dev/null; rate "${PORT[$t]}" 2 "${PID[$t]}" >/dev/null; done
  rate "${PORT[nginx]}" 1 "${PID[nginx]}" >/dev/null
  SECONDS_PER_ROUND=$SAVED

  for clients in $CLIENTS; do
    declare -A RATES=() CPUS=() RATIOS=()
    for round in $(seq "$ROUNDS"); do
      line="  clients=$clients round $round:"
      declare -A THIS=()
      for i in 0 1 2; do
        t=${targets[$(( (round + i) % 3 ))]}
        read -r r c < <(rate "${PORT[$t]}" "$clients" "${PID[$t]}")
        RATES[$t]="${RATES[$t]:-} $r"
        CPUS[$t]="${CPUS[$t]:-} $c"
        THIS[$t]=$r
        line="$line $t=$r/s(${c}us)"
      done
      # The ratio within a round (the three ran within seconds of each other) is steadier than the rates.
      for t in conscrypt jdk; do
        RATIOS[$t]="${RATIOS[$t]:-} $(echo "${THIS[$t]} * 1000 / ${THIS[nginx]}" | bc)"
      done
      echo "$line"
    done
    for t in "${targets[@]}"; do
      RESULT["$key,$clients,$t"]=$(echo "${RATES[$t]}" | median)
      CPU["$key,$clients,$t"]=$(echo "${CPUS[$t]}" | median)
    done
    for t in conscrypt jdk; do RATIO["$key,$clients,$t"]=$(echo "${RATIOS[$t]}" | median); done
    echo "  clients=$clients medians: conscrypt=${RESULT[$key,$clients,conscrypt]} jdk=${RESULT[$key,$clients,jdk]} nginx=${RESULT[$key,$clients,nginx]}"
  done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  echo
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "Handshakes per second (median of the rounds), and the ratio to nginx (median of the rounds' ratios):"
echo
echo "| key | clients | certwiz, Conscrypt | certwiz, JDK TLS | nginx | Conscrypt / nginx | JDK / nginx |"
echo "|---|---|---|---|---|---|---|"
for key in $KEYS; do
  for clients in $CLIENTS; do
    printf '| %s | %s | %s | %s | %s | %.2f | %.2f |\n' "$key" "$clients" "${RESULT[$key,$clients,conscrypt]}" \
      "${RESULT[$key,$clients,jdk]}" "${RESULT[$key,$clients,nginx]}" \
      "$(echo "${RATIO[$key,$clients,conscrypt]} / 1000" | bc -l)" "$(echo "${RATIO[$key,$clients,jdk]} / 1000" | bc -l)"
  done
done
echo
echo "Server CPU time per handshake, microseconds (median; user + system, all threads or workers):"
echo
echo "| key | clients | certwiz, Conscrypt | certwiz, JDK TLS | nginx |"
echo "|---|---|---|---|---|"
for key in $KEYS; do
  for clients in $CLIENTS; do
    printf '| %s | %s | %s | %s | %s |\n' "$key" "$clients" "${CPU[$key,$clients,conscrypt]}" \
      "${CPU[$key,$clients,jdk]}" "${CPU[$key,$clients,nginx]}"
  done
done
echo
echo "report: $REPORT"
