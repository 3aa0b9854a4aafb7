#!/usr/bin/env bash
# Whole-process time of `certwiz request` beside openssl doing the same, in one hyperfine run:
#
#   certwiz request --usage WebServicesInternal --key rsa-2048|ec-p256
#     key + PKCS#10 request + the embedded CA issuing it + key (encrypted) and certificate stored durably
#     in SQLite + assignment with its chain checks + the status printed
#   openssl req -new -newkey rsa:2048|ec -nodes ... && openssl x509 -req -CA ... -CAkey ...
#     key + request, then a CA (P-256 issuing CA under a P-384 root, as certwiz's embedded CA) signs it
#     with the same extensions (files only: nothing stored, nothing checked)
#
# Usage: bench/request-vs-openssl.sh [--runs N] [--warmup N] [--keytool] [--out DIR]
#   --keytool  also time `keytool -genkeypair` + `keytool -certreq` (key and request only)
# Env: CERTWIZ (default: the launcher next to this directory), HYPERFINE_OPTS (extra hyperfine options).
# Writes DIR/request-vs-openssl-<time>.json (hyperfine's export; default DIR bench/results) and prints a
# table: mean, standard deviation, median, min, max, and each certwiz figure over its openssl pair.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CERTWIZ="${CERTWIZ:-$ROOT/certwiz}"
RUNS=20
WARMUP=3
KEYTOOL=0
OUT="$ROOT/bench/results"
while (( $# )); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --keytool) KEYTOOL=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--warmup N] [--keytool] [--out DIR]" >&2; exit 2 ;;
  esac
done
for tool in hyperfine openssl python3; do
  command -v "$tool" >/dev/null || { echo "request-vs-openssl: $tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/certwiz-vs-openssl.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FQDN=bench.example.com
DATA="$WORK/certwiz"

# certwiz: a store with its embedded CA; the first command also builds the jar and the start-up cache.
"$CERTWIZ" --version >/dev/null
"$CERTWIZ" init --data "$DATA" --fqdn "$FQDN" >/dev/null

# openssl: the same CA shape as certwiz's embedded one, and the extensions certwiz puts in a
# WebServicesInternal certificate.
cd "$WORK"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout root.key -out root.pem \
  -subj "/O=$FQDN/CN=bench Root CA" -days 7300 -sha384 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.csr \
  -subj "/O=$FQDN/CN=bench Issuing CA 1" 2>/dev/null
printf '%s\n' 'basicConstraints=critical,CA:TRUE,pathlen:0' 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature' \
  'subjectKeyIdentifier=hash' 'authorityKeyIdentifier=keyid' >ca.ext
openssl x509 -req -in ca.csr -CA root.pem -CAkey root.key -days 3650 -sha256 -extfile ca.ext -out ca.pem 2>/dev/null
for kind in rsa ec; do
  usage=digitalSignature; [[ $kind == rsa ]] && usage=digitalSignature,keyEncipherment
  cat >"leaf-$kind.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,$usage
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
crlDistributionPoints=URI:https://$FQDN:4443/pki/crl/intermediate.crl
authorityInfoAccess=caIssuers;URI:https://$FQDN:4443/pki/ca/intermediate.crt
EOF
done

openssl_pair() { # $1: rsa or ec, $2: the -newkey argument(s)
  echo "openssl req -new -newkey $2 -nodes -keyout leaf.key -out leaf.csr -subj /CN=$FQDN" \
    "-addext subjectAltName=DNS:$FQDN 2>/dev/null && openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key" \
    "-copy_extensions copy -days 365 -sha256 -extfile leaf-$1.ext -out leaf.pem 2>/dev/null"
}
request() { # $1: key type
  echo "$CERTWIZ request --data $DATA --usage WebServicesInternal --key $1 >/dev/null"
}

commands=(
  -n "certwiz request --key rsa-2048" "$(request rsa-2048)"
  -n "openssl req -newkey rsa:2048 + x509 -req" "$(openssl_pair rsa rsa:2048)"
  -n "certwiz request --key ec-p256" "$(request ec-p256)"
  -n "openssl req -newkey ec:P-256 + x509 -req" "$(openssl_pair ec "ec -pkeyopt ec_paramgen_curve:P-256")"
  -n "certwiz --version" "$CERTWIZ --version >/dev/null"
)
if (( KEYTOOL )); then
  JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}"
  commands+=(-n "keytool -genkeypair rsa-2048 + -certreq" "rm -f ks.p12 && ${JAVA_BIN}keytool -genkeypair -keyalg RSA \
-keysize 2048 -alias k -dname CN=$FQDN -keystore ks.p12 -storepass changeit -noprompt 2>/dev/null && ${JAVA_BIN}keytool \
-certreq -alias k -keystore ks.p12 -storepass changeit -file k.csr 2>/dev/null")
fi

mkdir -p "$OUT"
JSON="$OUT/request-vs-openssl-$(date +%Y%m%d-%H%M%S).json"
read -r -a extra <<<"${HYPERFINE_OPTS:-}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$JSON" "${extra[@]}" "${commands[@]}" >&2
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$JSON" <<'EOF'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
by_name = {r["command"]: r for r in results}
print(f"{'command':44} {'mean s':>8} {'± sd':>7} {'median':>8} {'min':>7} {'max':>7}  vs openssl")
for r in results:
    name = r["command"]
    ratio = ""
    if name.startswith("certwiz request --key "):
        pair = by_name.get("openssl req -newkey " + ("rsa:2048" if "rsa-2048" in name else "ec:P-256") + " + x509 -req")
        if pair:
            ratio = f"{r['mean'] / pair['mean']:.2f}x (median {r['median'] / pair['median']:.2f}x)"
    print(f"{name:44} {r['mean']:8.3f} {r['stddev'] or 0:7.3f} {r['median']:8.3f} {r['min']:7.3f} {r['max']:7.3f}  {ratio}")
print(f"hyperfine JSON: {sys.argv[1]}")
EOF
