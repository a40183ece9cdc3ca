#!/usr/bin/env bash
# Load and soak: the demo in release mode, driven by wrk on loopback at 256 connections
# for a bounded time, mixing first visits, decided visitors, consent posts and the
# streamed page. Records wrk's errors and non-2xx/3xx answers, and the server's resident
# memory and open files when warm and after the soak.
#
# usage: scripts/soak.sh [SECONDS] (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${1:-60}
PORT=${SOAK_PORT:-3950}
ADDR="127.0.0.1:$PORT"

source scripts/demo-env.sh
demo_prepare

server=""
script=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ -n "$script" ]; then rm -f "$script"; fi
}
trap cleanup EXIT

DEMO_ADDR=$ADDR DEMO_CONSENT_KEY="soak-test key, thirty-two bytes or more" \
  taskset -c 0 "$DEMO" >/dev/null 2>&1 &
server=$!
demo_wait "$ADDR" "$server"

consent=$(consent_cookie "$ADDR")
[ -n "$consent" ] || { echo "no consent cookie from the endpoint" >&2; exit 1; }

script=$(mktemp --suffix=.lua)
cat >"$script" <<LUA
local counter = 0
local decided = { ["Cookie"] = "$consent; _ga=GA1.1.1; theme=dark" }
local post = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Origin"] = "http://$ADDR",
  ["Cookie"] = "_ga=GA1.1.1; _gid=x",
}
request = function()
  counter = counter + 1
  local kind = counter % 4
  if kind == 0 then
    return wrk.format("GET", "/", {})
  elseif kind == 1 then
    return wrk.format("GET", "/", decided)
  elseif kind == 2 then
    return wrk.format("POST", "/consent", post, "action=reject_all&return_to=%2Fabout")
  else
    return wrk.format("GET", "/stream", {})
  end
end
LUA

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
open_files() { ls "/proc/$server/fd" | wc -l; }
run() { taskset -c 1 wrk -t2 -c256 -d"$1" --timeout 10s -s "$script" "http://$ADDR/"; }

echo "warm-up: 10s"
run 10s >/dev/null
sleep 2
warm_rss=$(rss_kb); warm_files=$(open_files)
echo "warm: RSS ${warm_rss} kB, ${warm_files} open files"

echo "soak: ${SECONDS_TOTAL}s at 256 connections"
out=$(run "${SECONDS_TOTAL}s")
echo "$out"
sleep 2
after_rss=$(rss_kb); after_files=$(open_files)
echo "after: RSS ${after_rss} kB, ${after_files} open files"

errors=$(echo "$out" | sed -n 's/.*Socket errors: //p')
non_2xx=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses: //p')
growth=$(awk -v a="$after_rss" -v w="$warm_rss" 'BEGIN {printf "%.1f", (a - w) * 100 / w}')
echo
echo "socket errors: ${errors:-none}; non-2xx/3xx answers: ${non_2xx:-0}"
echo "memory: ${warm_rss} kB warm -> ${after_rss} kB after (${growth}%); open files: ${warm_files} -> ${after_files}"
ok=1
[ -z "$errors" ] || ok=0
[ -z "$non_2xx" ] || ok=0
awk -v g="$growth" 'BEGIN {exit !(g <= 10)}' || ok=0
[ "$after_files" -le "$warm_files" ] || ok=0
if [ $ok = 1 ]; then echo "soak: PASS"; else echo "soak: FAIL"; exit 1; fi
