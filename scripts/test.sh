#!/usr/bin/env bash
# Runs every test: formatting and lints (when rustup's rustfmt/clippy are present), the
# native unit tests, the oracle conformance tests against real Alembic, and the browser
# end-to-end tests in headless Chromium. Installs what is missing first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$RETORT_ROOT"
T0=$(date +%s)
bash scripts/bootstrap.sh
took() { log "$1 took $(( $(date +%s) - PHASE_T0 ))s"; }

# rustfmt and clippy: Debian's are 1.63, too old; rustup's are used when installed.
RUSTUP_CARGO=$HOME/.cargo/bin/cargo
if [ -x "$RUSTUP_CARGO" ] && "$RUSTUP_CARGO" clippy --version >/dev/null 2>&1; then
  lint() { env -u RUSTC -u RUSTDOC -u CARGO PATH="$HOME/.cargo/bin:$PATH" "$RUSTUP_CARGO" "$@"; }
  PHASE_T0=$(date +%s)
  log "cargo fmt --check"
  lint fmt --all -- --check
  log "cargo clippy -D warnings"
  CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$RETORT_ROOT/target}/clippy" \
    lint clippy --workspace --all-targets --quiet -- -D warnings
  took "fmt and clippy"
else
  log "skipping rustfmt/clippy: rustup's cargo with clippy is not installed (Debian's are too old)"
fi

PHASE_T0=$(date +%s)
log "native tests: unit (the page's model too) + oracle conformance (real Alembic from $RETORT_VENV)"
cargo test --workspace
took "native tests"

log "browser end-to-end tests (the page; the npm package in Node and Chromium)"
bash scripts/build-web.sh
bash scripts/build-npm.sh
PHASE_T0=$(date +%s)
# The e2e tests also run the CLI (`retort share` links opened in the page).
export RETORT_BIN="${CARGO_TARGET_DIR:-$RETORT_ROOT/target}/debug/retort"
(cd tests/e2e && npm test)
took "browser tests"

log "all tests passed in $(( $(date +%s) - T0 ))s"
