#!/usr/bin/env bash
# Installs what is missing, builds the page and serves it on 127.0.0.1 (default port 8080;
# `PORT=9000 bash scripts/serve.sh` for another). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$RETORT_ROOT/scripts/bootstrap.sh"
bash "$RETORT_ROOT/scripts/build-web.sh"
log "serving the playground with the example project (migrations/) loaded"
exec python3 "$RETORT_ROOT/scripts/serve.py" --dir "$RETORT_ROOT/dist" --port "${PORT:-8080}" --verbose
