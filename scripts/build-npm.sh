#!/usr/bin/env bash
# Builds the engine's npm package (crates/engine-js, packed by wasm-pack) into dist-npm/:
# the package folder (dist-npm/package) and its tarball (dist-npm/retort-engine-js-<v>.tgz,
# made by `npm pack`, which the tests install). Offline: wasm-pack runs with `--mode force`
# (its rustup target probe cannot see Debian's -Zbuild-std setup) and finds wasm-bindgen and
# wasm-opt on PATH at the pinned versions, checked here first, so it never downloads.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$RETORT_ROOT"
T0=$(date +%s)

want=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p}' Cargo.lock)
wasm-bindgen --version 2>/dev/null | grep -q " $want\b" \
  || { echo "wasm-bindgen $want is not on PATH: run scripts/bootstrap.sh" >&2; exit 1; }
command -v wasm-opt >/dev/null || { echo "wasm-opt is not on PATH: run scripts/bootstrap.sh" >&2; exit 1; }
command -v wasm-pack >/dev/null || { echo "wasm-pack is not on PATH: run scripts/bootstrap.sh" >&2; exit 1; }

OUT="$RETORT_ROOT/dist-npm"
PKG="$OUT/package"
rm -rf "$OUT"
mkdir -p "$PKG"
log "building the npm package (wasm-pack build, targets web and bundler; the first build compiles std for wasm32)"
for target in web bundler; do
  # The wasm is the same for both targets (cargo builds it once); wasm-bindgen's glue differs.
  wasm_env env CARGO_NET_OFFLINE=true WASM_PACK_CACHE="$RETORT_TOOLS/wasm-pack-cache" \
    wasm-pack --log-level warn build crates/engine-js --mode force --no-pack \
      --target "$target" --profile web --out-dir "$PKG/$target" --out-name retort >&2
  rm -f "$PKG/$target/.gitignore"
done
cp crates/engine-js/README.md crates/engine-js/playground.js crates/engine-js/playground.d.ts "$PKG/"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
python3 - "$PKG/package.json" "$version" <<'PY'
import json, sys
path, version = sys.argv[1], sys.argv[2]
package = {
    "name": "retort-engine-js",
    "version": version,
    "description": "Alembic's migration engine for SQLite, in WebAssembly: open a project's files, step upgrade and downgrade, see the SQL and the schema. No Python, no server.",
    "license": "MIT OR Apache-2.0",
    "type": "module",
    # Bundlers (webpack, Vite, Rollup) import the wasm as a module; the `web` build fetches it
    # itself, for pages without a bundler and for Node (given the bytes).
    "module": "./bundler/retort.js",
    "types": "./bundler/retort.d.ts",
    "exports": {
        ".": {"types": "./bundler/retort.d.ts", "default": "./bundler/retort.js"},
        "./web": {"types": "./web/retort.d.ts", "default": "./web/retort.js"},
        "./web/retort_bg.wasm": "./web/retort_bg.wasm",
        "./playground": {"types": "./playground.d.ts", "default": "./playground.js"},
    },
    "files": ["bundler/", "web/", "playground.js", "playground.d.ts", "README.md"],
    "sideEffects": ["./bundler/retort.js", "./playground.js"],
    "keywords": ["alembic", "sqlite", "migrations", "wasm", "sqlalchemy"],
}
with open(path, "w") as f:
    json.dump(package, f, indent=2)
    f.write("\n")
PY
(cd "$OUT" && npm pack ./package --pack-destination "$OUT" --loglevel=error >/dev/null)
tarball=$(ls "$OUT"/retort-engine-js-*.tgz)
wasm="$PKG/web/retort_bg.wasm"
js_gz=$(cat "$PKG/web/retort.js" "$PKG/playground.js" | gzip -9 | wc -c)
log "npm package built: $tarball ($(stat -c%s "$tarball") bytes); the web build's wasm $(stat -c%s "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) gzipped, its JS and the playground element $js_gz gzipped; took $(( $(date +%s) - T0 ))s"
