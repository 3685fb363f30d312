#!/usr/bin/env bash
# Benchmarks, Retort against real Alembic on the same work in the same run; writes
# docs/benchmarks.md. `bash scripts/bench.sh` (after scripts/bootstrap.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$RETORT_ROOT"
cargo build --release -q -p retort-cli --bin retort --example floor --example parse_bench
TARGET=${CARGO_TARGET_DIR:-$RETORT_ROOT/target}
RETORT=$TARGET/release/retort
FLOOR=$TARGET/release/examples/floor
ALEMBIC=$RETORT_VENV/bin/alembic
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# best-of-N wall time of a command, in milliseconds
best_ms() {
  local n=$1; shift
  local best=999999999 t0 t1 ms
  for _ in $(seq "$n"); do
    t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    (( ms < best )) && best=$ms
  done
  echo "$best"
}

rows=()
for n in 1000 5000; do
  log "history of $n revisions"
  "$RETORT_VENV/bin/python" bench/gen_history.py "$n" "$W/h$n"
  cd "$W/h$n"
  # Both must print the same history before their times mean anything.
  diff <("$RETORT" history) <("$ALEMBIC" history) > /dev/null || { echo "outputs differ for $n revisions" >&2; exit 1; }
  r=$(best_ms 5 "$RETORT" history)
  a=$(best_ms 3 "$ALEMBIC" history)
  rh=$(best_ms 5 "$RETORT" heads)
  ah=$(best_ms 3 "$ALEMBIC" heads)
  rows+=("| \`history\`, $n revisions | $r ms | $a ms | $(awk "BEGIN{printf \"%.1f\", $a/$r}")x |")
  rows+=("| \`heads\`, $n revisions | $rh ms | $ah ms | $(awk "BEGIN{printf \"%.1f\", $ah/$rh}")x |")
  cd "$RETORT_ROOT"
done

log "reading revision files: the corpus and a generated history"
bash tests/corpus/fetch.sh > /dev/null
"$RETORT_VENV/bin/python" bench/gen_history.py 1000 "$W/p1000" > /dev/null
parse_corpus=$("$TARGET/release/examples/parse_bench" "${RETORT_TOOLS:-$HOME/.cache/retort}/corpus")
parse_gen=$("$TARGET/release/examples/parse_bench" "$W/p1000/migrations/versions")

# The schema and rows a database ended with, for comparing two runs.
dump() {
  "$RETORT_VENV/bin/python" - "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"):
    print(row)
for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    print(t, c.execute(f'SELECT count(*), total(length(quote(rowid))) FROM "{t}"').fetchone())
PY
}

# `upgrade` from an empty database (or from $3, a database to start from) to head: Retort,
# Alembic, and the floor (bare SQLite replaying the statements Retort ran, one transaction
# per step). Both tools must leave the same database first.
upgrade_rows=()
bench_upgrade() {
  local label=$1 dir=$2 start=${3:-}
  cd "$dir"
  local fresh="rm -f bench.db"
  [[ -n $start ]] && fresh="cp $start bench.db"
  eval "$fresh"; "$ALEMBIC" -q upgrade head > /dev/null 2>&1
  dump bench.db > alembic.dump
  eval "$fresh"; RETORT_TRACE=trace.jsonl "$RETORT" -q upgrade head > /dev/null 2>&1
  dump bench.db > retort.dump
  diff alembic.dump retort.dump > /dev/null || { echo "databases differ after $label" >&2; diff alembic.dump retort.dump | head >&2; exit 1; }
  local r ra a f best=999999999 bestp=999999999
  r=$(best_ms 5 bash -c "$fresh; exec $RETORT -q upgrade head")
  ra=$(best_ms 5 bash -c "$fresh; exec $RETORT -q upgrade head --atomic")
  a=$(best_ms 3 bash -c "$fresh; exec $ALEMBIC -q upgrade head")
  for _ in 1 2 3 4 5; do
    eval "$fresh"
    if [[ -z $start ]]; then rm -f bench.db; fi
    f=$("$FLOOR" trace.jsonl bench.db)
    (( f < best )) && best=$f
    eval "$fresh"
    if [[ -z $start ]]; then rm -f bench.db; fi
    f=$("$FLOOR" trace.jsonl bench.db --pysqlite)
    (( f < bestp )) && bestp=$f
  done
  upgrade_rows+=("| $label | $a ms | $r ms | $(awk "BEGIN{printf \"%.1f\", $a/$r}")x | $bestp ms | $(awk "BEGIN{printf \"%.2f\", $r/($bestp>0?$bestp:1)}")x | $ra ms | $best ms | $(awk "BEGIN{printf \"%.2f\", $ra/($best>0?$best:1)}")x |")
  cd "$RETORT_ROOT"
}

log "upgrade head, 100 revisions"
"$RETORT_VENV/bin/python" bench/gen_history.py 100 "$W/u100"
bench_upgrade "\`upgrade head\`, 100 revisions" "$W/u100"
log "upgrade head, 1000 revisions, every 10th in batch mode"
"$RETORT_VENV/bin/python" bench/gen_history.py 1000 "$W/u1000" --batch-every 10
bench_upgrade "\`upgrade head\`, 1000 revisions (100 batch)" "$W/u1000"
log "data migration over 100,000 rows"
"$RETORT_VENV/bin/python" bench/gen_history.py --data 100000 "$W/data"
(cd "$W/data" && "$ALEMBIC" -q upgrade +1 > /dev/null 2>&1 && cp bench.db start.db)
bench_upgrade "data migration, 100,000 rows (\`upgrade +1\`)" "$W/data" "$W/data/start.db"
log "a user's database of 100 MB"
"$RETORT_VENV/bin/python" bench/gen_history.py --owndb 100 "$W/own"
(cd "$W/own" && "$ALEMBIC" -q upgrade e1e1e1e1e1e1 > /dev/null 2>&1 \
  && "$RETORT_VENV/bin/python" "$RETORT_ROOT/bench/gen_history.py" --fill 100 bench.db && cp bench.db start.db)
bench_upgrade "a user's database, $(( $(stat -c%s "$W/own/start.db") / 1000000 )) MB (\`upgrade head\` from its revision: a column with a default and an index, then a batch rebuild of the table)" "$W/own" "$W/own/start.db"
(cd "$W/own" && cp start.db bench.db && "$ALEMBIC" -q upgrade head > /dev/null 2>&1 && dump bench.db > alembic.dump)

log "verify, 1000 revisions"
verify_rows=()
bench_verify() { # label dir
  local best=999999
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s%N)
    (cd "$2" && ALEMBIC_CONFIG="${3:-alembic.ini}" "$RETORT" verify --fail-on never > "$W/verify.out" 2>/dev/null)
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    (( ms < best )) && best=$ms
  done
  verify_rows+=("| $1 | $best ms | $(tail -1 "$W/verify.out") |")
}
bench_verify "\`verify\`, 1000 revisions (100 batch), 3 generated rows per table" "$W/u1000"
bench_verify "\`verify\`, the embedded example (6 revisions)" "$RETORT_ROOT" migrations/alembic.ini

log "autogenerate, 100 tables"
autogen_rows=()
"$RETORT_VENV/bin/python" bench/gen_models.py 100 "$W/models100"
(
  cd "$W/models100"
  # Both must write the same revision (its Create Date aside) before their times mean anything.
  rm -rf migrations/versions/*; "$ALEMBIC" -q revision --autogenerate -m models --rev-id a1 > /dev/null 2>&1
  grep -v '^Create Date' migrations/versions/a1_models.py > alembic.rev
  rm -rf migrations/versions/*; "$RETORT" -q revision --autogenerate -m models --rev-id a1 > /dev/null
  grep -v '^Create Date' migrations/versions/a1_models.py > retort.rev
  diff alembic.rev retort.rev > /dev/null || { echo "autogenerate: the revisions differ" >&2; diff alembic.rev retort.rev | head >&2; exit 1; }
)
autogen() { cd "$1" && rm -rf migrations/versions/* && exec "$2" -q revision --autogenerate -m models --rev-id a1; }
ar=$(best_ms 5 bash -c "$(declare -f autogen); autogen $W/models100 $RETORT")
aa=$(best_ms 3 bash -c "$(declare -f autogen); autogen $W/models100 $ALEMBIC")
autogen_rows+=("| \`revision --autogenerate\`, 100 tables against an empty database ($(grep -c 'op.create_table' "$W/models100/retort.rev") tables, $(grep -c 'op.create_index' "$W/models100/retort.rev") indexes) | $ar ms | $aa ms | $(awk "BEGIN{printf \"%.1f\", $aa/$ar}")x |")

log "the page: load, steps, size"
bash scripts/build-web.sh
page_json=$(cd tests/e2e && RETORT_BENCH_OWNDB=$W/own RETORT_BENCH_LONG=$W/u1000 node bench-page.mjs)
# The page must leave the user's database as Alembic leaves the file before its time means anything.
"$RETORT_VENV/bin/python" - "$page_json" "$W/own/bench.db" <<'PY' || { echo "the page's database differs from Alembic's" >&2; exit 1; }
import json, sqlite3, sys
own = json.loads(sys.argv[1])["own"]
c = sqlite3.connect(sys.argv[2])
rows = c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
want = "\n".join(f"{t} {n} {tb}\n{'NULL' if s is None else s}\n" for t, n, tb, s in rows)
assert own["master"] == want, (own["master"], want)
PY
page_rows=$("$RETORT_VENV/bin/python" - "$page_json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
print(f"| interactive on localhost (navigation to the controls, best of 5) | {d['load_ms']} ms | under 1 s |")
print(f"| slowest step of the example, up and down ({len(d['steps_ms'])} steps, each its best of 3 fresh page loads; slowest single run {d['worst_single_step_ms']} ms) | {d['max_step_ms']} ms | under 50 ms |")
print(f"| autogenerate on the example at head after a model change (the click, engine included; best of 3) | {d['autogenerate_ms']} ms | |")
l = d["long"]
print(f"| a 1,000-revision history (`gen_history.py 1000 --batch-every 10`): dropped until listed / `head` / the latest a 20 ms heartbeat came during `head` | {l['load_ms'] / 1000:.1f} s / {l['head_ms'] / 1000:.1f} s / {l['worst_gap_ms']} ms | never frozen over 200 ms |")
o = d["own"]
print(f"| a user's database of {o['bytes'] / 1e6:.0f} MB (`--owndb 100`): picked until the page stands at its revision / `head` (its two steps; the engine's own time in brackets) | {o['load_ms'] / 1000:.1f} s / {o['head_ms'] / 1000:.1f} s ({o['head_engine_ms'] / 1000:.1f} s) | |")
print(f"| shipped wasm + JS + CSS + HTML, gzipped | {d['shipped_gzip'] / 1e6:.3f} MB ({d['shipped_raw'] / 1e6:.2f} MB raw) | at most 1.5 MB |")
PY
)

{
  echo "# Benchmarks"
  echo
  echo "Made by \`bash scripts/bench.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)."
  echo "Wall time, start-up included, best of 5 (Retort) and of 3 (alembic ${ALEMBIC_VERSION:-1.20.1});"
  echo "the histories are generated by \`bench/gen_history.py\` (a linear chain; each revision creates a"
  echo "table and an index, as autogenerate writes them). Both tools' outputs are compared first."
  echo
  echo "| work | retort | alembic | speed-up |"
  echo "| --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "## Reading revision files"
  echo
  echo "\`crates/cli/examples/parse_bench.rs\`, one core, each file's best of 5: ruff's parser, the"
  echo "interpreter's check of what it refuses, and the module's top level (imports, identifiers,"
  echo "helper definitions) as \`retort\` loads a script directory. The corpus is"
  echo "\`tests/corpus\` (real revision files from 11 projects); files whose top level imports their"
  echo "application's own modules stop there, as under Alembic without the application installed."
  echo
  echo "Corpus: $parse_corpus"
  echo
  echo "A generated history (\`bench/gen_history.py 1000\`): $parse_gen"
  echo
  echo "## Running migrations"
  echo
  echo "\`upgrade\` of generated projects (\`bench/gen_history.py\`): tables with an index per revision,"
  echo "every 10th revision a \`batch_alter_table\` rebuild; and a data migration reading 100,000 rows"
  echo "through \`op.get_bind()\` and updating each in a Python loop. Both tools start from the same"
  echo "database and must leave the same schema and rows (checked first). Wall time, start-up"
  echo "included. The floor is SQLite alone (the same bundled library, \`crates/cli/examples/floor.rs\`)"
  echo "replaying the statements Retort ran, prepared and bound: what any tool must at least spend"
  echo "with the same commits. By default Retort commits as Alembic does through pysqlite (a DDL"
  echo "statement outside a data change commits on its own: one disk sync each), so its floor replays"
  echo "with pysqlite's transactions; \`--atomic\` commits once per step, and its floor does the same."
  echo
  echo "| work | alembic | retort | speed-up | floor (pysqlite commits) | retort / floor | retort \`--atomic\` | floor (a commit per step) | \`--atomic\` / floor |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${upgrade_rows[@]}"
  echo
  echo "## Verifying a history"
  echo
  echo "\`retort verify\` (docs/verify.md): every revision upgraded, downgraded and upgraded again on"
  echo "an in-memory database with generated rows, schemas and rows compared, lint rules with their"
  echo "verdicts. Best of 3, start-up included. Goal: a 1,000-revision history in under 10 s."
  echo
  echo "| work | retort | report |"
  echo "| --- | --- | --- |"
  printf '%s\n' "${verify_rows[@]}"
  echo
  echo "## Autogenerate"
  echo
  echo "\`bench/gen_models.py 100\`: 100 declarative models (typed columns, an index, a unique"
  echo "constraint, a foreign key each) against an empty database; both tools write the same revision"
  echo "file first. Best of 5 (Retort) and 3 (Alembic), start-up included."
  echo
  echo "| work | retort | alembic | speed-up |"
  echo "| --- | --- | --- | --- |"
  printf '%s\n' "${autogen_rows[@]}"
  echo
  echo "## The page"
  echo
  echo "\`tests/e2e/bench-page.mjs\`: headless Chromium on this machine, the page served by"
  echo "\`scripts/serve.py\`; a step's time is what the page measures around the engine call."
  echo
  echo "| measure | value | goal |"
  echo "| --- | --- | --- |"
  echo "$page_rows"
  echo
  echo "The 1,000-revision row: the run goes to the engine's Web Worker (the page's own wasm module,"
  echo "started off the page's thread), which takes it a slice of steps at a time, reports progress"
  echo "and reads a Stop between slices, so the page stays responsive; each step also takes its"
  echo "schema snapshot (only the tables it changed are read again, but every table's rows are"
  echo "counted) and renders its own \`--sql\` script on a copy of the database, which the CLI does not"
  echo "(its \`upgrade head\` of the same history is above). The database crosses to the worker and"
  echo "back as bytes."
  echo "The user's database row: the file is read by the browser and copied once into SQLite's"
  echo "buffer (SQLite's deserialize); its two steps run as the CLI's do, on the tab's memory"
  echo "instead of a disk (Alembic and the CLI on the same file are in the upgrade table above)."
} > docs/benchmarks.md
cat docs/benchmarks.md
