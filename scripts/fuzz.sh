#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for SECONDS each with cargo-fuzz and
# libFuzzer, one after the other, and prints each target's corpus size. Fails when
# cargo-fuzz fails or when a target has left a crash-*, oom-*, timeout-* or leak-* input
# in fuzz/artifacts/TARGET (from this run or an earlier one: delete it once fixed).
#
# usage: scripts/fuzz.sh SECONDS
# Installs cargo-fuzz (pinned) when missing; an installed one of another version is used
# as it is. Works on the stable toolchain (RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# flags); no sanitizer, since the crate forbids `unsafe`.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:?usage: scripts/fuzz.sh SECONDS}
CARGO_FUZZ_VERSION=0.13.2
command -v cargo-fuzz >/dev/null 2>&1 ||
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
export RUSTC_BOOTSTRAP=1
cd fuzz
cargo fuzz build --sanitizer none -O

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
for target in $(cargo fuzz list); do
  echo "== $target: ${SECONDS_EACH}s"
  # The whole log goes to a file, so that cargo-fuzz's own exit status is the one kept.
  status=0
  # New inputs go to corpus/TARGET; the committed seeds (fuzz/seeds/TARGET: the cases a
  # random start would take long to reach, such as a GPC header) are read as well.
  mkdir -p "corpus/$target"
  corpora=("corpus/$target")
  if [ -d "seeds/$target" ]; then corpora+=("seeds/$target"); fi
  cargo fuzz run --sanitizer none -O "$target" "${corpora[@]}" -- -max_total_time="$SECONDS_EACH" \
    >"$log" 2>&1 || status=$?
  grep -E "^Done|DONE|crash|panicked|ERROR" "$log" | grep -v "Failed to find function" || true
  artifacts=$(find "artifacts/$target" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) \
    2>/dev/null || true)
  if [ "$status" -ne 0 ] || [ -n "$artifacts" ]; then
    echo "$target FAILED: cargo fuzz exited with $status; artifacts:" ${artifacts:-none} >&2
    tail -n 30 "$log" >&2
    failed+=("$target")
    continue
  fi
  echo "   corpus: $(ls "corpus/$target" | wc -l) inputs"
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzing failed: ${failed[*]} (see fuzz/artifacts/)" >&2
  exit 1
fi
