# Shared by the bench scripts (sourced, not run): finding a JDK, building, ports, CPU time, s_time rates.
# The script that sources it sets BENCH (its name, for messages) first.

# Exports JAVA_HOME as a JDK >= 21: the one given, else the newest under /usr/lib/jvm.
find_jdk() {
  local dir v best="" best_v=0
  jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true; }
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" && "$(jdk_major "$JAVA_HOME")" -ge 21 ]]; then return 0; fi
  for dir in /usr/lib/jvm/*; do
    v="$(jdk_major "$dir")"
    [[ "$v" =~ ^[0-9]+$ && -x "$dir/bin/javac" ]] && (( v >= 21 && v > best_v )) && { best="$dir"; best_v=$v; }
  done
  [[ -n "$best" ]] || { echo "$BENCH: no JDK 21 or newer found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME="$best"
}

# ROOT BUILD: compiles certwiz into BUILD; prints the runtime class path.
build_runtime() {
  (cd "$1" && ./mvnw -B -q -Dcertwiz.buildDir="$2" -DskipTests \
    compile dependency:build-classpath -Dmdep.outputFile="$2/runtime.classpath") >&2
  echo "$2/classes:$(cat "$2/runtime.classpath")"
}

# ROOT BUILD: compiles certwiz and its tests into BUILD; prints the test class path (for load clients).
build_test() {
  (cd "$1" && ./mvnw -B -q -Dcertwiz.buildDir="$2" -DskipTests \
    test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$2/test.classpath") >&2
  echo "$2/classes:$2/test-classes:$(cat "$2/test.classpath")"
}

free_port() { # a port nothing listens on
  local p
  while :; do
    p=$(( 20000 + RANDOM % 30000 ))
    ss -ltn "sport = :$p" | grep -q LISTEN || { echo "$p"; return; }
  done
}

wait_port() { # PORT PID: until something listens on PORT (60 s), while PID lives
  for _ in $(seq 600); do
    ss -ltn "sport = :$1" | grep -q LISTEN && return 0
    kill -0 "$2" 2>/dev/null || { echo "$BENCH: the server on $1 died" >&2; return 1; }
    sleep 0.1
  done
  echo "$BENCH: nothing listens on $1" >&2; return 1
}

cpu_ticks() { # PID: user + system CPU clock ticks of it and its children (nginx's workers, openssl -multi)
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    [[ -r /proc/$p/stat ]] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
HZ=$(getconf CLK_TCK)

# PORT CLIENTS PID: CLIENTS parallel `openssl s_time -new` clients for $SECONDS_PER_ROUND seconds (files in
# $WORK); prints "connections-per-wall-second server-CPU-microseconds-per-connection".
rate() {
  local port=$1 clients=$2 server=$3 start end n=0 i pids=() cpu0 cpu1
  cpu0=$(cpu_ticks "$server")
  start=$(date +%s.%N)
  for i in $(seq "$clients"); do
    openssl s_time -connect "127.0.0.1:$port" -new -time "$SECONDS_PER_ROUND" 2>/dev/null \
      | sed -n 's/^\([0-9]*\) connections in [0-9.]*s;.*/\1/p' > "$WORK/st.$i" &
    pids+=($!)
  done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  cpu1=$(cpu_ticks "$server")
  for i in $(seq "$clients"); do n=$(( n + $(cat "$WORK/st.$i" 2>/dev/null || echo 0) )); done
  (( n > 0 )) || { echo "0 0"; return; }
  printf '%.0f %.0f\n' "$(echo "$n / ($end - $start)" | bc -l)" "$(echo "($cpu1 - $cpu0) * 1000000 / $HZ / $n" | bc -l)"
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
