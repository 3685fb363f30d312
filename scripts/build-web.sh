#!/usr/bin/env bash
# Builds the page into dist/ with Trunk (offline; wasm-bindgen and wasm-opt from PATH).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$RETORT_ROOT"
T0=$(date +%s)
log "building the page (trunk build --release; the first build also compiles std for wasm32: a few minutes)"
wasm_env trunk build --release --offline >&2
wasm=$(ls dist/*.wasm)
log "page built: $wasm $(stat -c%s "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) gzipped; building the page took $(( $(date +%s) - T0 ))s"
