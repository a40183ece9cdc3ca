#!/usr/bin/env bash
# Crash test of the receipts' durability: posts consent choices to the release demo from
# many connections and, in the middle of the load, in turn:
#
#   kill        SIGKILL, then a restart on the same SQLite file;
#   term        SIGTERM (a graceful stop: the demo flushes its receipts), then a restart;
#   locked      another process holds the database's write lock for 3 s while the demo
#               runs (the store fails: grants get 503, refusals go to the spool);
#   unwritable  SIGKILL, the file made unwritable for the demo's user (the demo runs as
#               `nobody` through setpriv: root ignores file modes), a restart that must
#               refuse to start naming the file and the cause, then the file given back
#               and a restart;
#   full        the database on a small tmpfs that fills up under the load (the store
#               fails), then the tmpfs grown while the demo runs.
#
# After each, it waits until the spool (DEMO_SPOOL) is empty, and checks that every
# consent cookie a client received (every acknowledged choice: grants and refusals) has
# exactly one receipt (same consent id, same decision time) in the database.
#
#   scripts/crashtest.sh [RUNS] [CONNECTIONS] [SECONDS_OF_LOAD] [SCENARIOS]
#   (default 3 64 3 "kill term locked unwritable full")
#
# `unwritable` needs root (for setpriv and chown) and `full` a tmpfs mount; each is
# skipped, saying so, where the machine does not allow it. Needs Python 3 (its sqlite3
# module reads the database). Prints one line of figures per run and scenario and exits
# non-zero after the runs if any found a cookie without its receipt, or with two.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-3}
CONNECTIONS=${2:-64}
LOAD_SECONDS=${3:-3}
SCENARIOS=${4:-kill term locked unwritable full}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --example demo --features sqlite >/dev/null 2>&1 || cargo build --release --example demo --features sqlite
DEMO="$(cd "$CARGO_TARGET_DIR" && pwd)/release/examples/demo"
WORK=$(mktemp -d)
chmod 755 "$WORK"
DEMO_PID=
MOUNTED=
cleanup() {
  if [ -n "$DEMO_PID" ]; then kill -KILL "$DEMO_PID" 2>/dev/null || true; fi
  if [ -n "$MOUNTED" ]; then umount "$MOUNTED" 2>/dev/null || true; fi
  if [ -n "${CRASHTEST_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DEMO_ADDR="127.0.0.1:$PORT" DEMO_CONSENT_KEY=crashtest-key-crashtest-key-crashtest-key

# As root the demo runs as `nobody`, so that file modes apply to it.
AS_USER=()
if [ "$(id -u)" = 0 ]; then
  AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
fi
give_to_demo() { if [ "$(id -u)" = 0 ]; then chown -R 65534:65534 "$@"; fi; }

# Starts the demo on $DB; returns 1 (with its message in $WORK/start.log) when it exits
# instead of listening.
start_demo() {
  : >"$WORK/start.log"
  DEMO_RECEIPTS="sqlite://$DB" DEMO_SPOOL="$SPOOL" RUST_LOG=${CRASHTEST_LOG:-error} \
    "${AS_USER[@]}" "$DEMO" >>"$WORK/start.log" 2>&1 &
  DEMO_PID=$!
  for _ in $(seq 150); do
    if ! kill -0 "$DEMO_PID" 2>/dev/null; then
      wait "$DEMO_PID" 2>/dev/null || true
      DEMO_PID=
      return 1
    fi
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.1)" 2>/dev/null; then
      cat "$WORK/start.log" >>"$WORK/demo.log"
      return 0
    fi
    sleep 0.1
  done
  echo "the demo did not start:"; cat "$WORK/start.log"; exit 1
}

stop_demo() { # SIGNAL
  kill "-$1" "$DEMO_PID" 2>/dev/null || true
  wait "$DEMO_PID" 2>/dev/null || true
  DEMO_PID=
}

# The load: CONNECTIONS keep-alive connections posting accept/save/reject in turn,
# writing down every consent cookie they receive (with the status of its answer),
# for SECONDS (0: until the demo goes away).
load() { # SECONDS
  python3 - "$PORT" "$CONNECTIONS" "$WORK/cookies.txt" "$1" <<'PY'
import http.client, sys, threading, time
port, connections, out, seconds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
end = time.time() + seconds if seconds > 0 else float("inf")
bodies = ["action=accept_all", "action=save&category=performance", "action=reject_all"]
lock, cookies, counts = threading.Lock(), [], {"posts": 0, "503": 0}
def client(n):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = n
    while time.time() < end:
        body = bodies[i % 3]
        i += 1
        try:
            connection.request("POST", "/consent", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Sec-Fetch-Site": "same-origin"})
            response = connection.getresponse()
            response.read()
        except Exception:
            if seconds > 0 and time.time() < end:
                time.sleep(0.05)
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            return  # the server is gone
        with lock:
            counts["posts"] += 1
            if response.status == 503:
                counts["503"] += 1
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("cookie_consent="):
                fields = value.split(";")[0].split("=", 1)[1].split(".")
                with lock:
                    cookies.append((fields[4], int(fields[2]), body.split("&")[0]))
threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
for thread in threads: thread.start()
for thread in threads: thread.join()
with open(out, "w") as file:
    for consent_id, time_, body in cookies:
        file.write(f"{consent_id} {time_} {body}\n")
with open(out + ".counts", "w") as file:
    file.write(f"posts={counts['posts']} answered_503={counts['503']}")
PY
}

spool_lines() {
  cat "$SPOOL"/*.spool 2>/dev/null | wc -l
}

# Waits (20 s at most) until no spool file is left: the restarted demo replays them.
wait_for_empty_spool() {
  for _ in $(seq 200); do
    if [ -z "$(ls "$SPOOL" 2>/dev/null)" ]; then return 0; fi
    sleep 0.1
  done
  echo "spool not replayed: $(ls "$SPOOL")"
  return 1
}

check() { # RUN SCENARIO NOTE
  python3 - "$DB" "$WORK/cookies.txt" "$1" "$2" "$3" "$(cat "$WORK/cookies.txt.counts")" <<'PY'
import sqlite3, sys
database, cookies_file, run, scenario, note, counts = sys.argv[1:7]
db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
receipts = {}
for consent_id, occurred_at in db.execute("SELECT consent_id, occurred_at FROM consent_receipts"):
    receipts.setdefault(consent_id, []).append(occurred_at)
cookies = [line.split() for line in open(cookies_file)]
missing = [c for c in cookies if receipts.get(c[0], []).count(int(c[1])) == 0]
doubled = [c for c in cookies if receipts.get(c[0], []).count(int(c[1])) > 1]
missing_by_kind = {}
for c in missing:
    missing_by_kind[c[2]] = missing_by_kind.get(c[2], 0) + 1
total = sum(len(v) for v in receipts.values())
refusals = sum(1 for c in cookies if c[2] == "action=reject_all")
print(f"run {run} {scenario:<10} {counts} cookies={len(cookies)} (refusals {refusals}) "
      f"receipts={total} cookies_without_receipt={len(missing)} {missing_by_kind or ''}"
      f"cookies_with_two={len(doubled)} receipts_without_cookie={total - len(cookies) + len(missing)}"
      f"{' ' + note if note else ''}")
sys.exit(1 if missing or doubled else 0)
PY
}

FAILED=0
for run in $(seq "$RUNS"); do
  for scenario in $SCENARIOS; do
    DBDIR="$WORK/db-$run-$scenario"
    SPOOL="$WORK/spool-$run-$scenario"
    mkdir -p "$DBDIR" "$SPOOL"
    if [ "$scenario" = full ]; then
      if ! mount -t tmpfs -o size=1200k tmpfs "$DBDIR" 2>/dev/null; then
        echo "run $run full: skipped (no tmpfs mount on this machine: needs root in a container that allows mounts)"
        continue
      fi
      MOUNTED="$DBDIR"
    fi
    if [ "$scenario" = unwritable ] && [ "$(id -u)" != 0 ]; then
      echo "run $run unwritable: skipped (needs root, to run the demo as another user with setpriv)"
      continue
    fi
    give_to_demo "$DBDIR" "$SPOOL"
    DB="$DBDIR/receipts.db"
    rm -f "$WORK/cookies.txt"
    note=
    start_demo
    case "$scenario" in
      kill|unwritable)
        load 0 &
        LOAD_PID=$!
        sleep "$LOAD_SECONDS"
        stop_demo KILL
        wait "$LOAD_PID"
        if [ "$scenario" = unwritable ]; then
          # The file (and its WAL) belong to root now, read-only: the demo must refuse
          # to start, naming the file and the cause.
          chown 0:0 "$DB"* && chmod 0444 "$DB"*
          if start_demo; then
            echo "run $run unwritable: the demo started on an unwritable store"; FAILED=1
            stop_demo TERM
          else
            message=$(grep -m1 "receipt store" "$WORK/start.log" || true)
            case "$message" in
              *"$DB"*"cannot be"*) note="start refused: ${message#demo: }" ;;
              *) echo "run $run unwritable: unclear start-up error: $(cat "$WORK/start.log")"; FAILED=1 ;;
            esac
          fi
          chmod 0644 "$DB"*
          give_to_demo "$DBDIR"
        fi
        start_demo ;;
      term)
        load 0 &
        LOAD_PID=$!
        sleep "$LOAD_SECONDS"
        stop_demo TERM
        wait "$LOAD_PID"
        start_demo ;;
      locked)
        load "$LOAD_SECONDS" &
        LOAD_PID=$!
        sleep 0.5
        python3 - "$DB" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("BEGIN EXCLUSIVE")
time.sleep(3)
db.execute("ROLLBACK")
PY
        wait "$LOAD_PID" ;;
      full)
        load "$LOAD_SECONDS" &
        LOAD_PID=$!
        wait "$LOAD_PID"
        note="full: $(df -k "$DBDIR" | awk 'NR==2 {print $3 "k of " $2 "k used"}'), spooled $(spool_lines) lines"
        mount -o remount,size=256m "$DBDIR" ;;
    esac
    if ! wait_for_empty_spool; then FAILED=1; fi
    stop_demo TERM
    if ! check "$run" "$scenario" "$note"; then FAILED=1; fi
    if [ -n "$MOUNTED" ]; then umount "$MOUNTED"; MOUNTED=; fi
  done
done
exit "$FAILED"
