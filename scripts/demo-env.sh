# Sourced by the load and soak scripts. Defines, and does nothing else:
# - `DEMO`: the release demo's path (under CARGO_TARGET_DIR when it is set);
# - `ensure_wrk`: installs wrk when missing;
# - `demo_prepare`: installs wrk when missing and builds the demo in release mode;
# - `demo_wait ADDR PID`: waits (10 s at most) until the demo started as PID answers on
#   ADDR, and fails with a clear message if it exits or stays silent;
# - `consent_cookie ADDR`: prints the decided visitor's consent cookie (accept all)
#   recorded by a running demo at ADDR.

DEMO="${CARGO_TARGET_DIR:-target}/release/examples/demo"

ensure_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >/dev/null
    apt-get install -y wrk >/dev/null
  fi
}

demo_prepare() {
  ensure_wrk
  cargo build --release --example demo --features sqlite
}

demo_wait() { # $1: ADDR, $2: the demo's PID
  for _ in $(seq 1 100); do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "the demo ($DEMO) exited before answering on $1" >&2
      return 1
    fi
    # -f: another server's error page on a port the demo could not take is not the demo.
    if curl -sf -o /dev/null "http://$1/about" && kill -0 "$2" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "the demo ($DEMO) did not answer on $1 within 10 s" >&2
  return 1
}

consent_cookie() {
  curl -s -D - -o /dev/null -d action=accept_all "http://$1/consent" \
    | tr -d '\r' | sed -n 's/^set-cookie: \(cookie_consent=[^;]*\).*/\1/p'
}
