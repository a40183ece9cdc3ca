# Sourced by the load and soak scripts: wrk installed, and the demo built in release mode.
# Also: `consent_cookie ADDR` prints the decided visitor's consent cookie (accept all)
# recorded by a running demo at ADDR.

if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >/dev/null
  apt-get install -y wrk >/dev/null
fi
cargo build --release --example demo
DEMO=target/release/examples/demo

consent_cookie() {
  curl -s -D - -o /dev/null -d action=accept_all "http://$1/consent" \
    | tr -d '\r' | sed -n 's/^set-cookie: \(cookie_consent=[^;]*\).*/\1/p'
}
