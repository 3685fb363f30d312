#!/usr/bin/env bash
# Installs, idempotently, everything Retort needs to build, serve and test on Debian 12, and
# fetches every crate the offline builds need. A second run checks each piece and skips it in
# seconds. Cold: about 25 minutes on 2 cores (scripts/fresh-check.sh measures it), nearly all
# of it compiling Trunk and wasm-bindgen-cli from crates.io; each phase prints what it does
# and how long it took, and the two compiles print a progress line every 30 seconds.
#
# Nothing is downloaded at build time: Trunk runs offline with wasm-bindgen and wasm-opt
# from PATH, at the versions pinned here and in Cargo.lock, and cargo builds offline from
# the crates fetched here (the workspace's, and the standard library's own for the wasm
# build of std with -Zbuild-std: dlmalloc, getopts, ...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$RETORT_ROOT"
BOOT_T0=$(date +%s)

TRUNK_VERSION=0.22.1
WASM_PACK_VERSION=0.15.1
ALEMBIC_VERSION=1.20.1
SQLALCHEMY_VERSION=2.1.9
# The model wrappers autogenerate reads (tests/autogenerate), with what they pull in pinned.
ORACLE_EXTRAS="flask-sqlalchemy==3.1.1 flask==3.1.3 sqlmodel==0.0.50 pydantic==2.14.4"
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
  APT_T0=$(date +%s)
  log "apt: installing ${missing[*]}"
  need_sudo apt-get update -qq
  need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  log "apt took $(( $(date +%s) - APT_T0 ))s"
else
  log "apt: all packages present"
fi
test -f /usr/lib/rustlib/src/rust/library/std/Cargo.toml || { echo "rust-web-src missing" >&2; exit 1; }

# ---------------------------------------------------------------- the rest, timed
# Each phase says what it does and how long it took ("took 12s"): scripts/fresh-check.sh
# reports these lines.
phase_start() { PHASE_T0=$(date +%s); }
phase_took() { log "$1 took $(( $(date +%s) - PHASE_T0 ))s"; }

# ---------------------------------------------------------------- cargo tools
# Trunk and wasm-bindgen-cli compile from crates.io (the cold path's bulk). They are built
# side by side (one alone leaves a core idle during its serial stretches), without the
# features Retort never uses (wasm-bindgen's TLS and test runner, Trunk's update check; Trunk
# requires one TLS backend, so it keeps rustls), and with LTO off and 16 codegen units
# (their speed does not matter; their compile time does). Each writes a log; a line every 30 s shows progress.
mkdir -p "$RETORT_TOOLS/cargo" "$RETORT_TOOLS/logs"
have_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q " $2\b"; }
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --root "$RETORT_TOOLS/cargo" --force --no-default-features "$@"
}
tools=()
if have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  # Not --locked: its lock file pins a crate version the registry mirror here lacks.
  tools+=("wasm-bindgen-cli:wasm-bindgen-cli --version $WASM_BINDGEN_VERSION --bin wasm-bindgen")
fi
if have_version trunk "$TRUNK_VERSION"; then
  log "trunk $TRUNK_VERSION present"
else
  # Trunk insists on one TLS backend; rustls (ring) is the cheapest to build.
  tools+=("trunk:trunk --version $TRUNK_VERSION --locked --ignore-rust-version --features rustls")
fi
# wasm-pack packs the engine for npm (scripts/build-npm.sh); run offline, it downloads nothing.
if have_version wasm-pack "$WASM_PACK_VERSION"; then
  log "wasm-pack $WASM_PACK_VERSION present"
else
  tools+=("wasm-pack:wasm-pack --version $WASM_PACK_VERSION --locked")
fi
if [ ${#tools[@]} -gt 0 ]; then
  phase_start
  log "compiling ${#tools[@]} tool(s) from crates.io, side by side: ${tools[*]%%:*} (cold: about 25 minutes on 2 cores; logs in $RETORT_TOOLS/logs)"
  pids=()
  for t in "${tools[@]}"; do
    name=${t%%:*}
    # shellcheck disable=SC2086  # the install arguments are words on purpose
    ( fast_install ${t#*:} ) > "$RETORT_TOOLS/logs/$name.log" 2>&1 &
    pids+=("$!")
  done
  while :; do
    running=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
    [ "$running" = 1 ] || break
    status=""
    for t in "${tools[@]}"; do
      name=${t%%:*}
      n=$(grep -c '^ *Compiling ' "$RETORT_TOOLS/logs/$name.log" 2>/dev/null || true)
      status+=" $name: ${n:-0} crates compiled;"
    done
    log "  still compiling ($(( $(date +%s) - PHASE_T0 ))s):${status%;}"
    for _ in $(seq 30); do
      running=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
      [ "$running" = 1 ] || break
      sleep 1
    done
  done
  failed=0
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      name=${tools[$i]%%:*}
      tail -30 "$RETORT_TOOLS/logs/$name.log" >&2
      log "FAILED: cargo install $name (whole log: $RETORT_TOOLS/logs/$name.log)"
      failed=1
    fi
  done
  [ "$failed" = 0 ] || exit 1
  phase_took "compiling ${tools[*]%%:*}"
fi

# ---------------------------------------------------------------- crates for offline builds
# Trunk builds with `cargo --offline`, and -Zbuild-std needs the standard library's own
# dependencies (dlmalloc, getopts, rustc-demangle, ...): fetch them for wasm32 with the same
# build-std settings as the build, and everything the workspace needs on any target. When
# all are present this takes under a second.
phase_start
log "cargo fetch: the workspace's crates and the standard library's for wasm32"
cargo fetch --locked --quiet
wasm_env cargo fetch --locked --quiet --target wasm32-unknown-unknown
phase_took "cargo fetch"

# ---------------------------------------------------------------- npm: wasm-opt (binaryen) and Playwright
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
E2E=tests/e2e
lock_sum=$(sha256sum "$E2E/package-lock.json" | cut -d' ' -f1)
if stamp_ok "$E2E/node_modules/.retort-stamp" "$lock_sum"; then
  log "npm packages present"
else
  phase_start
  log "npm ci in $E2E (binaryen, playwright-core)"
  (cd "$E2E" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$E2E/node_modules/.retort-stamp"
  phase_took "npm ci"
fi

# ---------------------------------------------------------------- the oracle: real Alembic in a venv
want="alembic==$ALEMBIC_VERSION sqlalchemy==$SQLALCHEMY_VERSION $ORACLE_EXTRAS"
if stamp_ok "$RETORT_VENV/.retort-stamp" "$want"; then
  log "oracle venv present ($want)"
else
  phase_start
  log "creating oracle venv with $want"
  rm -rf "$RETORT_VENV"
  python3 -m venv "$RETORT_VENV"
  "$RETORT_VENV/bin/pip" install -q --disable-pip-version-check $want
  echo "$want" > "$RETORT_VENV/.retort-stamp"
  phase_took "oracle venv"
fi
log "bootstrap done in $(( $(date +%s) - BOOT_T0 ))s"
