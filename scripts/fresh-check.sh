#!/usr/bin/env bash
# Proves the README's two commands on a fresh machine, on this one: a fresh clone of HEAD,
# with an empty CARGO_HOME, an empty tool cache (XDG_CACHE_HOME: Retort's tools, the oracle
# venv, pip's cache, cargo's target directory) and an empty npm cache, all in a temporary
# directory. Only what apt installed (and rustup's rustfmt/clippy, which test.sh uses when
# present) is kept. Run it whenever the toolchain, dependencies or scripts change.
#
#   bash scripts/fresh-check.sh            # serve (with a screenshot), then test
#   FRESH_KEEP=1 bash scripts/fresh-check.sh   # keep the temporary directory afterwards
#
# Phases and their times are printed at the end and written to $FRESH_DIR/times.txt. The
# clone is of HEAD: uncommitted changes are not part of the check.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRESH_DIR=${FRESH_DIR:-$(mktemp -d /tmp/retort-fresh.XXXXXX)}
mkdir -p "$FRESH_DIR"
say() { printf '\033[1m==> fresh-check: %s\033[0m\n' "$*" >&2; }
cleanup() {
  [ -n "${SERVE_PID:-}" ] && kill -- "-$SERVE_PID" 2>/dev/null || true
  if [ -z "${FRESH_KEEP:-}" ] && [ "${FRESH_OK:-}" = 1 ]; then rm -rf "$FRESH_DIR"; fi
}
trap cleanup EXIT

CLONE=$FRESH_DIR/clone
git clone -q "$ROOT" "$CLONE"
say "clone of $(git -C "$CLONE" rev-parse --short HEAD) in $CLONE"

# An empty machine, as far as anything but apt can tell.
export CARGO_HOME=$FRESH_DIR/cargo-home XDG_CACHE_HOME=$FRESH_DIR/cache
export npm_config_cache=$FRESH_DIR/npm-cache
unset CARGO_TARGET_DIR RETORT_TOOLS RETORT_VENV RETORT_BIN
mkdir -p "$CARGO_HOME" "$XDG_CACHE_HOME" "$npm_config_cache"
: > "$FRESH_DIR/times.txt"
record() { printf '%-44s %6ss (%s)\n' "$1" "$2" "$(date -u -d@"$2" +%Mm%Ss)" | tee -a "$FRESH_DIR/times.txt" >&2; }

# ---------------------------------------------------------------- README command 1: serve
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "bash scripts/serve.sh (PORT=$PORT), log in $FRESH_DIR/serve.log"
T0=$(date +%s)
( cd "$CLONE" && exec setsid env PORT="$PORT" bash scripts/serve.sh ) > "$FRESH_DIR/serve.log" 2>&1 &
SERVE_PID=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; do
  if ! kill -0 "$SERVE_PID" 2>/dev/null; then
    tail -30 "$FRESH_DIR/serve.log" >&2
    say "FAILED: serve.sh stopped before serving"
    exit 1
  fi
  sleep 5
done
record "serve.sh: until the page is served" $(( $(date +%s) - T0 ))
# The phases serve.sh went through, with the time each took (bootstrap prints them).
grep -a 'took ' "$FRESH_DIR/serve.log" | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' | tee -a "$FRESH_DIR/times.txt" >&2 || true

say "screenshot of the served page"
SHOT=$FRESH_DIR/served.png
( cd "$CLONE/tests/e2e" && node --input-type=module -e "
  import { launchBrowser } from './harness.mjs';
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto('http://127.0.0.1:$PORT/');
  await page.locator('#sqlite-version').waitFor({ timeout: 20000 });
  await page.locator('#up').click();
  await page.screenshot({ path: '$SHOT', fullPage: true });
  const revisions = await page.locator('#revision-list li').count();
  const current = (await page.locator('#current').textContent()).trim();
  console.log('page served: ' + revisions + ' revisions listed, current after one step up: ' + current);
  if (revisions === 0 || current.startsWith('base')) throw new Error('the page did not load or step the example');
  await browser.close();
" ) >&2
say "screenshot: $SHOT"
kill -- "-$SERVE_PID" 2>/dev/null || true
wait "$SERVE_PID" 2>/dev/null || true
SERVE_PID=

# ---------------------------------------------------------------- README command 2: test
say "bash scripts/test.sh, log in $FRESH_DIR/test.log"
T0=$(date +%s)
if ! ( cd "$CLONE" && CI=true bash scripts/test.sh ) > "$FRESH_DIR/test.log" 2>&1; then
  tail -40 "$FRESH_DIR/test.log" >&2
  say "FAILED: test.sh"
  exit 1
fi
record "test.sh (tools present, first test run)" $(( $(date +%s) - T0 ))
grep -a 'took ' "$FRESH_DIR/test.log" | sed 's/\x1b\[[0-9;]*m//g; s/^/    /' | tee -a "$FRESH_DIR/times.txt" >&2 || true

FRESH_OK=1
say "passed; times in $FRESH_DIR/times.txt"
cat "$FRESH_DIR/times.txt"
if [ -n "${FRESH_KEEP:-}" ]; then say "kept $FRESH_DIR"; else cp "$SHOT" /tmp/retort-fresh-served.png; say "screenshot kept at /tmp/retort-fresh-served.png"; fi
