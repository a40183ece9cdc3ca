#!/usr/bin/env bash
# Crash test of the receipts' durability: posts consent choices to the release demo from
# many connections, kills it with SIGKILL in the middle of the load, restarts it on the
# same SQLite file, and checks that every consent cookie a client received has exactly
# one receipt (same consent id, same decision time) in the database.
#
#   scripts/crashtest.sh [RUNS] [CONNECTIONS] [SECONDS_BEFORE_KILL]   (default 3 64 3)
#
# Needs Python 3 (its sqlite3 module reads the database). Prints one line of figures per
# run and exits non-zero on the first run that finds a cookie without its receipt.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-3}
CONNECTIONS=${2:-64}
KILL_AFTER=${3:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --example demo --features sqlite >/dev/null 2>&1 || cargo build --release --example demo --features sqlite
DEMO="$CARGO_TARGET_DIR/release/examples/demo"
WORK=$(mktemp -d)
DEMO_PID=
cleanup() {
  if [ -n "$DEMO_PID" ]; then kill "$DEMO_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DEMO_ADDR="127.0.0.1:$PORT" DEMO_CONSENT_KEY=crashtest-key-crashtest-key-crashtest-key

start_demo() {
  DEMO_RECEIPTS="sqlite://$WORK/receipts.db" RUST_LOG=error "$DEMO" >>"$WORK/demo.log" 2>&1 &
  DEMO_PID=$!
  for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.1)" 2>/dev/null; then
      return
    fi
    sleep 0.1
  done
  echo "the demo did not start:"; cat "$WORK/demo.log"; exit 1
}

for run in $(seq "$RUNS"); do
  rm -f "$WORK"/receipts.db* "$WORK/cookies.txt"
  start_demo
  # The load: CONNECTIONS keep-alive connections posting accept/save/reject in turn,
  # writing down every consent cookie they receive, until the demo dies.
  python3 - "$PORT" "$CONNECTIONS" "$WORK/cookies.txt" <<'PY' &
import http.client, sys, threading
port, connections, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
bodies = ["action=accept_all", "action=save&category=performance", "action=reject_all"]
lock, cookies, counts = threading.Lock(), [], {"posts": 0, "503": 0}
def client(n):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    i = n
    while True:
        body = bodies[i % 3]
        i += 1
        try:
            connection.request("POST", "/consent", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Sec-Fetch-Site": "same-origin"})
            response = connection.getresponse()
            response.read()
        except Exception:
            return  # the server is gone
        with lock:
            counts["posts"] += 1
            if response.status == 503:
                counts["503"] += 1
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("cookie_consent="):
                fields = value.split(";")[0].split("=", 1)[1].split(".")
                with lock:
                    cookies.append((fields[4], int(fields[2]), body))
threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
for thread in threads: thread.start()
for thread in threads: thread.join()
with open(out, "w") as file:
    for consent_id, time, body in cookies:
        file.write(f"{consent_id} {time} {body}\n")
print(f"posts={counts['posts']} refused_503={counts['503']}", file=sys.stderr)
PY
  LOAD_PID=$!
  sleep "$KILL_AFTER"
  kill -KILL "$DEMO_PID"
  wait "$DEMO_PID" 2>/dev/null || true
  DEMO_PID=
  wait "$LOAD_PID"
  # Restart on the same file: SQLite recovers its WAL, the migrations find it current.
  start_demo
  kill "$DEMO_PID"; wait "$DEMO_PID" 2>/dev/null || true; DEMO_PID=
  python3 - "$WORK/receipts.db" "$WORK/cookies.txt" "$run" <<'PY'
import sqlite3, sys
database, cookies_file, run = sys.argv[1], sys.argv[2], sys.argv[3]
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
print(f"run {run}: cookies={len(cookies)} receipts={total} "
      f"cookies_without_receipt={len(missing)} {missing_by_kind or ''} "
      f"cookies_with_two={len(doubled)} receipts_without_cookie={total - len(cookies) + len(missing)}")
sys.exit(1 if missing or doubled else 0)
PY
done
