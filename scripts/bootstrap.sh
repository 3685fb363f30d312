#!/usr/bin/env bash
# Installs, idempotently, everything Retort needs to build, serve and test on Debian 12.
# A second run checks each piece and skips it in seconds. Cold: about 25 minutes on 2 cores
# (almost all of it compiling Trunk and wasm-bindgen-cli from crates.io).
#
# Nothing is downloaded at build time: Trunk runs offline with wasm-bindgen and wasm-opt
# from PATH, at the versions pinned here and in Cargo.lock.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$RETORT_ROOT"

TRUNK_VERSION=0.22.1
ALEMBIC_VERSION=1.20.1
SQLALCHEMY_VERSION=2.1.9
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p}' Cargo.lock)

need_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- Debian packages
APT_PKGS=(rustc-web cargo-web rust-web-src lld-19 clang-19 llvm-19 chromium chromium-driver
          python3 python3-venv nodejs npm gzip)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# python3 and node may come from elsewhere (pyenv, nvm): accept them when they work.
if [ ${#missing[@]} -gt 0 ]; then
  filtered=()
  for p in "${missing[@]}"; do
    case $p in
      python3) command -v python3 >/dev/null || filtered+=("$p") ;;
      python3-venv) python3 -c 'import venv, ensurepip' 2>/dev/null || filtered+=("$p") ;;
      nodejs) command -v node >/dev/null || filtered+=("$p") ;;
      npm) command -v npm >/dev/null || filtered+=("$p") ;;
      *) filtered+=("$p") ;;
    esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  need_sudo apt-get update -qq
  need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "apt: all packages present"
fi
test -f /usr/lib/rustlib/src/rust/library/std/Cargo.toml || { echo "rust-web-src missing" >&2; exit 1; }

# ---------------------------------------------------------------- cargo tools
mkdir -p "$RETORT_TOOLS/cargo"
have_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q " $2\b"; }
if have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cold: ~5 min)"
  # Not --locked: its lock file pins a crate version the registry mirror here lacks.
  cargo install --root "$RETORT_TOOLS/cargo" --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if have_version trunk "$TRUNK_VERSION"; then
  log "trunk $TRUNK_VERSION present"
else
  log "installing trunk $TRUNK_VERSION (cold: ~15 min)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --root "$RETORT_TOOLS/cargo" --force trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
fi

# ---------------------------------------------------------------- npm: wasm-opt (binaryen) and Playwright
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
E2E=tests/e2e
lock_sum=$(sha256sum "$E2E/package-lock.json" | cut -d' ' -f1)
if stamp_ok "$E2E/node_modules/.retort-stamp" "$lock_sum"; then
  log "npm packages present"
else
  log "npm ci in $E2E (binaryen, playwright-core)"
  (cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$E2E/node_modules/.retort-stamp"
fi

# ---------------------------------------------------------------- the oracle: real Alembic in a venv
want="alembic==$ALEMBIC_VERSION sqlalchemy==$SQLALCHEMY_VERSION"
if stamp_ok "$RETORT_VENV/.retort-stamp" "$want"; then
  log "oracle venv present ($want)"
else
  log "creating oracle venv with $want"
  rm -rf "$RETORT_VENV"
  python3 -m venv "$RETORT_VENV"
  "$RETORT_VENV/bin/pip" install -q --disable-pip-version-check $want
  echo "$want" > "$RETORT_VENV/.retort-stamp"
fi
log "bootstrap done"
