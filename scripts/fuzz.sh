#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for SECONDS each with cargo-fuzz and
# libFuzzer, one after the other, and prints each target's corpus size.
#
# usage: scripts/fuzz.sh SECONDS
# Installs cargo-fuzz when missing. Works on the stable toolchain (RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz pass its flags); no sanitizer, since the crate forbids `unsafe`.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:?usage: scripts/fuzz.sh SECONDS}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build --sanitizer none -O
for target in $(cargo fuzz list); do
  echo "== $target: ${SECONDS_EACH}s"
  cargo fuzz run --sanitizer none -O "$target" -- -max_total_time="$SECONDS_EACH" 2>&1 \
    | grep -E "^Done|DONE|crash|panicked|ERROR" || true
  # cargo fuzz run exits non-zero on a crash; `set -e` is on the pipeline's last command,
  # so check for artifacts explicitly.
  if ls "artifacts/$target"/crash-* >/dev/null 2>&1; then
    echo "$target found a crash: fuzz/artifacts/$target" >&2
    exit 1
  fi
  echo "   corpus: $(ls "corpus/$target" | wc -l) inputs"
done
