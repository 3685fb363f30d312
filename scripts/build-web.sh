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

# The Content-Security-Policy, as a meta tag (the page is static: any host serves it). Nothing
# from another origin, no inline script but Trunk's loader (allowed by its hash), wasm
# compiled by the page itself, no plugins, no inline styles.
python3 - <<'PY'
import base64, hashlib, re
path = "dist/index.html"
html = open(path, encoding="utf-8").read()
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in inline
)
policy = (
    "default-src 'self'; "
    f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
# After the charset (Trunk's minifier writes `<meta charset=utf-8>`).
html, n = re.subn(r'(<meta charset="?utf-8"?\s*/?>)', lambda m: m.group(1) + meta, html, count=1, flags=re.I)
assert n == 1, "no <meta charset> in dist/index.html to put the Content-Security-Policy after"
open(path, "w", encoding="utf-8").write(html)
PY
