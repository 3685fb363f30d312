# Sourced by the project's scripts: one place for the environment of both hosts' builds.
# Debian's Rust 1.96 (rustc-web) builds the wasm host with -Zbuild-std; see docs/toolchain.md.
RETORT_ROOT=${RETORT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
# Tools installed by scripts/bootstrap.sh live outside the clone, so fresh clones reuse them.
RETORT_TOOLS=${RETORT_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/retort}
export RETORT_ROOT RETORT_TOOLS
export PATH="$RETORT_TOOLS/cargo/bin:$RETORT_ROOT/tests/e2e/node_modules/.bin:/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/bin:$PATH"
# Debian's cargo must call Debian's rustc, not a rustup proxy that may sit on PATH.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO=/usr/bin/cargo
unset RUSTUP_TOOLCHAIN RUSTFLAGS || true
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
export CC_wasm32_unknown_unknown=clang-19 AR_wasm32_unknown_unknown=llvm-ar-19
export TRUNK_SKIP_VERSION_CHECK=true
RETORT_VENV="$RETORT_TOOLS/venv"
export RETORT_VENV
# Only wasm builds (and Trunk, which calls cargo) get the nightly gates.
# optimize_for_size: std's smaller code paths (about 18 KB of gzipped wasm).
# SQLite in the page without the extensions no migration reaches (sessions, pre-update hooks,
# the introspection virtual tables) nor the C API checks and callbacks rusqlite never calls
# (API armor, column metadata, authorizer, progress handler, get_table, complete, trace), nor
# WAL (an in-memory database never uses it) or UTF-16 text (the page's databases are UTF-8):
# about 13 KB of raw wasm for the first, 28 KB more for the rest. FTS5, R*Tree, JSON and the
# math functions stay, as Python's sqlite3 has them (docs/toolchain.md).
RETORT_SQLITE_WASM_FLAGS="-USQLITE_ENABLE_SESSION -USQLITE_ENABLE_PREUPDATE_HOOK -USQLITE_ENABLE_DBPAGE_VTAB -USQLITE_ENABLE_BYTECODE_VTAB -USQLITE_ENABLE_STMTVTAB -USQLITE_ENABLE_DBSTAT_VTAB -USQLITE_ENABLE_UNLOCK_NOTIFY -USQLITE_ENABLE_API_ARMOR -USQLITE_ENABLE_COLUMN_METADATA -USQLITE_ENABLE_UNKNOWN_SQL_FUNCTION -DSQLITE_OMIT_AUTHORIZATION -DSQLITE_OMIT_PROGRESS_CALLBACK -DSQLITE_OMIT_GET_TABLE -DSQLITE_OMIT_COMPLETE -DSQLITE_OMIT_WAL -DSQLITE_OMIT_TRACE -DSQLITE_OMIT_UTF16"
wasm_env() { env SQLITE_WASM_RS_FLAGS="$RETORT_SQLITE_WASM_FLAGS" RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size "$@"; }
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
