#!/usr/bin/env bash
# End-to-end load test: the demo in release mode with the consent layer and without it
# (DEMO_NO_CONSENT=1), each driven by wrk on loopback for a bounded time, for a decided
# visitor (a 1 KB Cookie header with the consent cookie among 30 others) and for a first
# visit on `/`. Prints requests/s and p99 latency for both servers and their ratio.
#
# usage: scripts/loadtest.sh [SECONDS_PER_RUN] [ROUNDS] [CONNECTIONS]   (defaults: 5, 3, 32)
# The server is pinned to CPU 0 and wrk to CPU 1 (2 cores here). The two servers take
# turns, ROUNDS times, and the medians are reported: this machine is shared and noisy,
# and one run of each is not enough to tell a few percent apart.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-5}
ROUNDS=${2:-3}
CONNECTIONS=${3:-32}
PORT=${LOADTEST_PORT:-3900}
ADDR="127.0.0.1:$PORT"

source scripts/demo-env.sh
demo_prepare

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

start_server() { # $1: 1 for no layer
  if [ "$1" = 1 ]; then
    DEMO_ADDR=$ADDR DEMO_NO_CONSENT=1 taskset -c 0 "$DEMO" >/dev/null 2>&1 &
  else
    DEMO_ADDR=$ADDR taskset -c 0 "$DEMO" >/dev/null 2>&1 &
  fi
  server_pid=$!
  demo_wait "$ADDR" "$server_pid" || exit 1
}

# A decided visitor's 1 KB Cookie header: the consent cookie among 30 others.
start_server 0
consent=$(consent_cookie "$ADDR")
stop_server
[ -n "$consent" ] || { echo "no consent cookie from the endpoint" >&2; exit 1; }
others=""
for n in $(seq -w 0 29); do others="${others}pref_$n=v$(printf 'x%.0s' $(seq 1 22)); "; done
COOKIE="${others}${consent}"

# The server's CPU time so far, in clock ticks: utime + stime from /proc/PID/stat.
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$server_pid/stat"
}
TICKS_PER_SECOND=$(getconf CLK_TCK)

# wrk's output -> "requests_per_second p99_ms server_cpu_us_per_request". The server's CPU
# time per request is far steadier on a shared machine than requests per second.
measure() { # $1: extra wrk arguments (a header, or nothing)
  local out before after
  before=$(cpu_ticks)
  if [ -n "$1" ]; then
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "$1" "http://$ADDR/")
  else
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://$ADDR/")
  fi
  after=$(cpu_ticks)
  local errors
  errors=$(echo "$out" | grep -E "Socket errors|Non-2xx" || true)
  [ -z "$errors" ] || echo "  wrk reported: $errors" >&2
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v=v*1000}; print v}')
  local requests cpu_us
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  cpu_us=$(awk -v t="$((after - before))" -v hz="$TICKS_PER_SECOND" -v n="$requests" \
    'BEGIN {printf "%.2f", t / hz * 1000000 / n}')
  echo "$rps $p99 $cpu_us"
}

declare -A runs
for round in $(seq 1 "$ROUNDS"); do
  for layer in without with; do
    if [ "$layer" = with ]; then start_server 0; else start_server 1; fi
    measure "Cookie: $COOKIE" >/dev/null # warm up
    runs[$layer,decided]+="$(measure "Cookie: $COOKIE")"$'\n'
    runs[$layer,first]+="$(measure "")"$'\n'
    stop_server
  done
  echo "round $round of $ROUNDS done" >&2
done

# The median of each column over the rounds.
median() { # $1: runs, $2: column
  echo -n "$1" | awk -v c="$2" 'NF {print $c}' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
declare -A result
for key in "${!runs[@]}"; do
  result[$key]="$(median "${runs[$key]}" 1) $(median "${runs[$key]}" 2) $(median "${runs[$key]}" 3)"
done

echo
echo "wrk -t1 -c$CONNECTIONS, ${SECONDS_PER_RUN}s per run, medians of $ROUNDS rounds; server on CPU 0, wrk on CPU 1 ($(nproc) cores)"
printf '%-31s %12s %7s %9s %12s %7s %9s %9s %9s\n' "visitor on /" "no layer rps" "p99 ms" "CPU µs/rq" \
  "layer rps" "p99 ms" "CPU µs/rq" "rps ratio" "CPU ratio"
for visit in decided first; do
  read -r base_rps base_p99 base_cpu <<<"${result[without,$visit]}"
  read -r layer_rps layer_p99 layer_cpu <<<"${result[with,$visit]}"
  ratio=$(awk -v a="$layer_rps" -v b="$base_rps" 'BEGIN {printf "%.3f", a / b}')
  cpu_ratio=$(awk -v a="$layer_cpu" -v b="$base_cpu" 'BEGIN {printf "%.3f", a / b}')
  label="decided visitor (1 KB Cookie)"
  [ "$visit" = first ] && label="first visit (banner injected)"
  printf '%-31s %12s %7s %9s %12s %7s %9s %9s %9s\n' "$label" "$base_rps" "$base_p99" "$base_cpu" \
    "$layer_rps" "$layer_p99" "$layer_cpu" "$ratio" "$cpu_ratio"
done
