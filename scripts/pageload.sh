#!/usr/bin/env bash
# What the layer costs per request on a real page: `examples/pageload.rs` (axum serving
# a 272 KB page of the Rust Reference as one body, five trackers marked for gating,
# gating and Consent Mode on) with the layer and without it (PAGELOAD_NO_CONSENT=1),
# driven by wrk on loopback. For each visitor (a first visit, one who accepted all, one
# who rejected all, and one who accepted all on the same page without marks) it reports
# requests/s and the server's CPU time per request (utime + stime from /proc/PID/stat
# over the run, divided by the requests served): far steadier than requests/s on a
# shared machine.
#
# usage: scripts/pageload.sh [SECONDS_PER_RUN] [ROUNDS] [CONNECTIONS]   (defaults: 3, 5, 8)
# The server is pinned to CPU 0 and wrk to CPU 1. The two servers take turns, ROUNDS
# times, and the medians are reported.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-3}
ROUNDS=${2:-5}
CONNECTIONS=${3:-8}
PORT=${PAGELOAD_PORT:-3950}
ADDR="127.0.0.1:$PORT"
SERVER="${CARGO_TARGET_DIR:-target}/release/examples/pageload"

source scripts/demo-env.sh
ensure_wrk
cargo build --release --example pageload --features axum

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
  PAGELOAD_ADDR=$ADDR PAGELOAD_NO_CONSENT=$1 taskset -c 0 "$SERVER" >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://$ADDR/plain" && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "the server did not answer on $ADDR" >&2
  exit 1
}

cookie_for() { # $1: accept_all or reject_all
  curl -s -D - -o /dev/null -d "action=$1" "http://$ADDR/consent" \
    | tr -d '\r' | sed -n 's/^set-cookie: \(cookie_consent=[^;]*\).*/\1/p'
}

start_server 0
ACCEPTED=$(cookie_for accept_all)
REJECTED=$(cookie_for reject_all)
# Each page as each visitor gets it, for the record (and to check the layer is at work).
first_len=$(curl -s "http://$ADDR/" | wc -c)
accepted_len=$(curl -s -H "Cookie: $ACCEPTED" "http://$ADDR/" | wc -c)
stop_server
[ -n "$ACCEPTED" ] && [ -n "$REJECTED" ] || { echo "no consent cookie from the endpoint" >&2; exit 1; }
echo "page: first visit $first_len bytes, accepted all $accepted_len bytes" >&2

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK)

measure() { # $1: path, $2: Cookie header value or empty
  local out before after
  before=$(cpu_ticks)
  if [ -n "$2" ]; then
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -H "Cookie: $2" "http://$ADDR$1")
  else
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "http://$ADDR$1")
  fi
  after=$(cpu_ticks)
  local errors
  errors=$(echo "$out" | grep -E "Socket errors|Non-2xx" || true)
  [ -z "$errors" ] || echo "  wrk reported: $errors" >&2
  local rps requests
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  awk -v r="$rps" -v t="$((after - before))" -v hz="$TICKS_PER_SECOND" -v n="$requests" \
    'BEGIN {printf "%s %.2f\n", r, t / hz * 1000000 / n}'
}

VISITS=(first accepted rejected plain)
declare -A runs
for round in $(seq 1 "$ROUNDS"); do
  for layer in 1 0; do
    start_server "$layer"
    measure / "" >/dev/null # warm up
    runs[$layer,first]+="$(measure / "")"$'\n'
    runs[$layer,accepted]+="$(measure / "$ACCEPTED")"$'\n'
    runs[$layer,rejected]+="$(measure / "$REJECTED")"$'\n'
    runs[$layer,plain]+="$(measure /plain "$ACCEPTED")"$'\n'
    stop_server
  done
  echo "round $round of $ROUNDS done" >&2
done

median() { # $1: runs, $2: column
  echo -n "$1" | awk -v c="$2" 'NF {print $c}' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo
echo "wrk -t1 -c$CONNECTIONS, ${SECONDS_PER_RUN}s per run, medians of $ROUNDS rounds; server on CPU 0, wrk on CPU 1 ($(nproc) cores)"
printf '%-38s %10s %10s %10s %10s %9s %9s\n' "visitor" "bare rps" "CPU µs/rq" "layer rps" "CPU µs/rq" \
  "rps ratio" "CPU ratio"
for visit in "${VISITS[@]}"; do
  base_rps=$(median "${runs[1,$visit]}" 1)
  base_cpu=$(median "${runs[1,$visit]}" 2)
  layer_rps=$(median "${runs[0,$visit]}" 1)
  layer_cpu=$(median "${runs[0,$visit]}" 2)
  case $visit in
    first) label="first visit (banner, marks inert)" ;;
    accepted) label="accepted all (5 marks activated)" ;;
    rejected) label="rejected all (nothing to activate)" ;;
    plain) label="accepted all, page without marks" ;;
  esac
  printf '%-38s %10s %10s %10s %10s %9s %9s\n' "$label" "$base_rps" "$base_cpu" "$layer_rps" "$layer_cpu" \
    "$(awk -v a="$layer_rps" -v b="$base_rps" 'BEGIN {printf "%.3f", a / b}')" \
    "$(awk -v a="$layer_cpu" -v b="$base_cpu" 'BEGIN {printf "%.3f", a / b}')"
done
