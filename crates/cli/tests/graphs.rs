//! Differential test over seeded random revision graphs: `retort` against the real, pinned
//! `alembic`, command by command.
//!
//! For each seed, `tests/oracle/graphs.py` writes an Alembic project (linear chains, branch
//! points, merges, several bases, branch labels, `depends_on`, long and multi-line messages,
//! ids sharing prefixes) and prints the command lines to run in it: read-only ones (`heads`,
//! `history`, `show`, ...) then `upgrade`/`downgrade`/`stamp`, some failing on purpose. Both
//! tools run the same list in their own copy of the project; after every command we compare
//!
//! * success or failure;
//! * the `FAILED: ...` lines (Alembic prints them on stdout, Retort on stderr; we collect
//!   them from both streams) and the rest of stdout (stderr is otherwise ignored: Alembic's
//!   logging and Python warnings go there);
//! * the rows of `alembic_version` in the project's `db.sqlite` (sorted; "no table" differs
//!   from "empty table").
//!
//! When Alembic itself crashes (a traceback and no `FAILED:`; graphs.py avoids the cases
//! it knows of), only failure and the database are compared.
//!
//! The project directory is replaced by `{DIR}` in every output. Where Alembic prints a set
//! in Python's set order (varies with PYTHONHASHSEED / object addresses), the order is
//! canonicalised on both sides: the items of "Branches into: ..." / "Branch names: ..." and
//! of "(a, b)" groups are sorted on every line; commands marked `"unordered": true` by
//! graphs.py (`current`, `branches`) compare their lines sorted. See graphs.py's docstring.
//!
//! Alembic's results are cached (one JSON file per seed) under
//! `$RETORT_TOOLS/oracle-cache/graphs/`, keyed by graphs.py's sha256 and the installed
//! alembic and SQLAlchemy versions, so repeated runs only run `retort`.
//!
//! Environment:
//! * `RETORT_GRAPH_SEEDS`: `N` runs seeds `0..N` (default 12), `A..B` runs seeds `A..B`;
//! * `RETORT_GRAPH_JOBS`: seeds run in parallel (default: available parallelism, max 4);
//! * `RETORT_GRAPH_NO_CACHE=1`: always run the oracle (and refresh the cache).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use retort_oracle_tests::{Workspace, repo_root, venv};
use serde_json::{Value, json};

const DIR_PLACEHOLDER: &str = "{DIR}";
/// Bump when what is stored per command changes.
const CACHE_FORMAT: u32 = 1;
const DEFAULT_SEEDS: usize = 12;
const REPORTED_MISMATCHES: usize = 20;

/// What `graphs.py --seed N` printed.
struct Spec {
    seed: usize,
    shape: String,
    revisions: u64,
    /// graphs.py's sha256 and the oracle's versions: the cache key.
    generator: String,
    alembic: String,
    sqlalchemy: String,
    commands: Vec<CommandLine>,
}

struct CommandLine {
    args: Vec<String>,
    unordered: bool,
}

/// One tool's run of one command, with the project directory replaced by `{DIR}`.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
    /// `alembic_version` rows after the command; `None` when the table (or db) is missing.
    rows: Option<Vec<String>>,
}

fn graphs_py() -> PathBuf {
    repo_root().join("tests/oracle/graphs.py")
}

fn python() -> PathBuf {
    venv().join("bin/python")
}

fn generate(seed: usize, out: &Path) -> Spec {
    let output = Command::new(python())
        .arg(graphs_py())
        .args(["--seed", &seed.to_string(), "--out"])
        .arg(out)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("running graphs.py");
    assert!(
        output.status.success(),
        "graphs.py --seed {seed} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let v: Value = serde_json::from_slice(&output.stdout).expect("graphs.py prints JSON");
    let text = |k: &str| v[k].as_str().unwrap_or("unknown").to_owned();
    let commands = v["commands"]
        .as_array()
        .expect("commands")
        .iter()
        .map(|c| CommandLine {
            args: c["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|a| a.as_str().expect("string arg").to_owned())
                .collect(),
            unordered: c["unordered"].as_bool().unwrap_or(false),
        })
        .collect();
    Spec {
        seed,
        shape: text("shape"),
        revisions: v["revisions"].as_u64().unwrap_or(0),
        generator: text("generator"),
        alembic: text("alembic"),
        sqlalchemy: text("sqlalchemy"),
        commands,
    }
}

fn ini(dir: &Path) -> PathBuf {
    dir.join("alembic.ini")
}

/// Replaces the project directory (as given and canonicalised) with `{DIR}`.
fn placeholder(text: &[u8], dir: &Path) -> String {
    let mut text = String::from_utf8_lossy(text).into_owned();
    let raw = dir.to_string_lossy().into_owned();
    if let Ok(canonical) = dir.canonicalize() {
        let canonical = canonical.to_string_lossy().into_owned();
        if canonical != raw {
            text = text.replace(&canonical, DIR_PLACEHOLDER);
        }
    }
    text.replace(&raw, DIR_PLACEHOLDER)
}

fn version_rows(dir: &Path) -> Option<Vec<String>> {
    let db = dir.join("db.sqlite");
    if !db.exists() {
        return None;
    }
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    let mut stmt = conn
        .prepare("SELECT version_num FROM alembic_version")
        .ok()?;
    let mut rows: Vec<String> = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    rows.sort();
    Some(rows)
}

fn run_oracle(spec: &Spec) -> Vec<Run> {
    let ws = Workspace {
        dir: tempfile::tempdir().unwrap(),
    };
    let again = generate(spec.seed, ws.path());
    assert_eq!(
        again.commands.len(),
        spec.commands.len(),
        "graphs.py is not deterministic for seed {}",
        spec.seed
    );
    let config = ini(ws.path()).to_string_lossy().into_owned();
    spec.commands
        .iter()
        .map(|c| {
            let mut args = vec!["-c", config.as_str()];
            args.extend(c.args.iter().map(String::as_str));
            let out = ws.alembic(&args);
            Run {
                ok: out.ok,
                stdout: placeholder(out.stdout.as_bytes(), ws.path()),
                stderr: placeholder(out.stderr.as_bytes(), ws.path()),
                rows: version_rows(ws.path()),
            }
        })
        .collect()
}

fn run_retort(spec: &Spec, dir: &Path) -> Vec<Run> {
    spec.commands
        .iter()
        .map(|c| {
            let out = Command::new(env!("CARGO_BIN_EXE_retort"))
                .arg("-c")
                .arg(ini(dir))
                .args(&c.args)
                .current_dir(dir)
                .stdin(Stdio::null())
                .output()
                .expect("running retort");
            Run {
                ok: out.status.success(),
                stdout: placeholder(&out.stdout, dir),
                stderr: placeholder(&out.stderr, dir),
                rows: version_rows(dir),
            }
        })
        .collect()
}

// -- the oracle's cache -------------------------------------------------------------------

fn cache_dir() -> PathBuf {
    retort_oracle_tests::oracle_cache("graphs")
}

fn cache_key(spec: &Spec) -> Value {
    json!({
        "format": CACHE_FORMAT,
        "generator": spec.generator,
        "alembic": spec.alembic,
        "sqlalchemy": spec.sqlalchemy,
        "seed": spec.seed,
        "commands": spec.commands.iter().map(|c| c.args.clone()).collect::<Vec<_>>(),
    })
}

fn cache_file(spec: &Spec) -> PathBuf {
    let short = spec.generator.get(..16).unwrap_or(&spec.generator);
    cache_dir().join(format!(
        "graphs-{short}-alembic-{}-sqlalchemy-{}-seed-{}.json",
        spec.alembic, spec.sqlalchemy, spec.seed
    ))
}

fn run_to_json(r: &Run) -> Value {
    json!({"ok": r.ok, "stdout": r.stdout, "stderr": r.stderr, "rows": r.rows})
}

fn run_from_json(v: &Value) -> Option<Run> {
    Some(Run {
        ok: v["ok"].as_bool()?,
        stdout: v["stdout"].as_str()?.to_owned(),
        stderr: v["stderr"].as_str()?.to_owned(),
        rows: match &v["rows"] {
            Value::Null => None,
            Value::Array(rows) => Some(
                rows.iter()
                    .map(|r| r.as_str().map(str::to_owned))
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        },
    })
}

fn cached_oracle(spec: &Spec) -> Option<Vec<Run>> {
    if std::env::var_os("RETORT_GRAPH_NO_CACHE").is_some_and(|v| v != "0") {
        return None;
    }
    let text = std::fs::read_to_string(cache_file(spec)).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    if v["key"] != cache_key(spec) {
        return None;
    }
    let runs = v["runs"]
        .as_array()?
        .iter()
        .map(run_from_json)
        .collect::<Option<Vec<_>>>()?;
    (runs.len() == spec.commands.len()).then_some(runs)
}

fn store_oracle(spec: &Spec, runs: &[Run]) {
    let path = cache_file(spec);
    let doc = json!({
        "key": cache_key(spec),
        "runs": runs.iter().map(run_to_json).collect::<Vec<_>>(),
    });
    // Best effort, written atomically: a missing cache only costs time.
    if std::fs::create_dir_all(path.parent().unwrap()).is_ok() {
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, serde_json::to_string_pretty(&doc).unwrap()).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
}

fn oracle(spec: &Spec) -> Vec<Run> {
    if let Some(runs) = cached_oracle(spec) {
        return runs;
    }
    let runs = run_oracle(spec);
    store_oracle(spec, &runs);
    runs
}

// -- comparison ---------------------------------------------------------------------------

/// Sorts the items of a ", "-separated list.
fn sorted_items(list: &str) -> String {
    let mut items: Vec<&str> = list.split(", ").collect();
    items.sort_unstable();
    items.join(", ")
}

/// Canonical order for the set-valued fields Alembic prints in set iteration order.
fn canonical_line(line: &str) -> String {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    for prefix in ["Branches into: ", "Branch names: "] {
        if let Some(list) = body.strip_prefix(prefix) {
            return format!("{indent}{prefix}{}", sorted_items(list));
        }
    }
    // "(a, b)" groups: no parentheses inside, at least one ", ".
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        match after.find(['(', ')']) {
            Some(close) if after.as_bytes()[close] == b')' && after[..close].contains(", ") => {
                out.push_str(&rest[..open]);
                out.push('(');
                out.push_str(&sorted_items(&after[..close]));
                out.push(')');
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is compared of one run: FAILED lines (from stdout and stderr), the rest of stdout.
struct Compared {
    failed: Vec<String>,
    stdout: Vec<String>,
}

fn compared(run: &Run, unordered: bool) -> Compared {
    let failed = run
        .stdout
        .lines()
        .chain(run.stderr.lines())
        .filter(|l| l.starts_with("FAILED:"))
        .map(str::to_owned)
        .collect();
    let mut stdout: Vec<String> = run
        .stdout
        .split('\n')
        .filter(|l| !l.starts_with("FAILED:"))
        .map(canonical_line)
        .collect();
    if unordered {
        stdout.sort();
    }
    Compared { failed, stdout }
}

/// A line diff (longest common subsequence), `-` for Alembic, `+` for Retort.
fn diff(expected: &[String], actual: &[String]) -> String {
    let (n, m) = (expected.len(), actual.len());
    if n * m > 4_000_000 {
        return format!("  (outputs too long to diff: {n} vs {m} lines)\n");
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j, mut shown) = (0, 0, 0);
    while (i < n || j < m) && shown < 80 {
        if i < n && j < m && expected[i] == actual[j] {
            out.push_str(&format!("   {}\n", expected[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("  -{}\n", expected[i]));
            i += 1;
        } else {
            out.push_str(&format!("  +{}\n", actual[j]));
            j += 1;
        }
        shown += 1;
    }
    if i < n || j < m {
        out.push_str("  ...\n");
    }
    out
}

/// Alembic died on an uncaught exception (a traceback, no `FAILED:`): its words are not a
/// contract, only that the command fails and leaves the database alone.
fn oracle_crashed(run: &Run) -> bool {
    !run.ok
        && run.stderr.contains("Traceback (most recent call last)")
        && !run.stdout.lines().any(|l| l.starts_with("FAILED:"))
}

fn compare(spec: &Spec, index: usize, expected: &Run, actual: &Run) -> Option<String> {
    let c = &spec.commands[index];
    let e = compared(expected, c.unordered);
    let a = compared(actual, c.unordered);
    let crashed = oracle_crashed(expected);
    if expected.ok == actual.ok
        && expected.rows == actual.rows
        && (crashed || (e.failed == a.failed && e.stdout == a.stdout))
    {
        return None;
    }
    let status = |ok: bool| if ok { "succeeds" } else { "fails" };
    let mut report = format!(
        "seed {} ({}, {} revisions), command #{}: alembic -c {DIR_PLACEHOLDER}/alembic.ini {}{}\n",
        spec.seed,
        spec.shape,
        spec.revisions,
        index + 1,
        c.args.join(" "),
        if c.unordered { "   [unordered]" } else { "" },
    );
    if expected.ok != actual.ok {
        report.push_str(&format!(
            "  exit: alembic {}, retort {}\n",
            status(expected.ok),
            status(actual.ok)
        ));
    }
    if crashed {
        let last = expected.stderr.trim_end().lines().last().unwrap_or("");
        report.push_str(&format!("  alembic crashed ({last}); retort must fail\n"));
    } else if e.failed != a.failed {
        report.push_str(&format!(
            "  FAILED lines (-alembic +retort):\n{}",
            diff(&e.failed, &a.failed)
        ));
    }
    if !crashed && e.stdout != a.stdout {
        report.push_str(&format!(
            "  stdout (-alembic +retort):\n{}",
            diff(&e.stdout, &a.stdout)
        ));
    }
    if expected.rows != actual.rows {
        report.push_str(&format!(
            "  alembic_version after: alembic {:?}, retort {:?}\n",
            expected.rows, actual.rows
        ));
    }
    if !actual.stderr.trim().is_empty() && a.failed.is_empty() {
        let tail: Vec<&str> = actual.stderr.lines().take(10).collect();
        report.push_str(&format!("  retort stderr:\n    {}\n", tail.join("\n    ")));
    }
    report.push_str(&format!(
        "  reproduce: {} tests/oracle/graphs.py --seed {} --out /tmp/seed{}\n",
        python().display(),
        spec.seed,
        spec.seed
    ));
    Some(report)
}

/// All mismatches of one seed; after the first one, later commands start from possibly
/// different databases, so only the first mismatch that changed the database is trusted:
/// we still report every mismatch, but note the divergence.
fn check_seed(seed: usize) -> Vec<String> {
    let retort_dir = tempfile::tempdir().unwrap();
    let spec = generate(seed, retort_dir.path());
    let expected = oracle(&spec);
    let actual = run_retort(&spec, retort_dir.path());
    let mut reports = Vec::new();
    let mut diverged = false;
    for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
        if let Some(mut report) = compare(&spec, i, e, a) {
            if diverged {
                report.push_str("  (after an earlier mismatch in alembic_version)\n");
            }
            reports.push(report);
        }
        diverged |= e.rows != a.rows;
    }
    reports
}

fn seeds() -> std::ops::Range<usize> {
    match std::env::var("RETORT_GRAPH_SEEDS") {
        Ok(s) if !s.trim().is_empty() => {
            let s = s.trim();
            if let Some((a, b)) = s.split_once("..") {
                a.parse().expect("RETORT_GRAPH_SEEDS=A..B")
                    ..b.parse().expect("RETORT_GRAPH_SEEDS=A..B")
            } else {
                0..s.parse().expect("RETORT_GRAPH_SEEDS=N or A..B")
            }
        }
        _ => 0..DEFAULT_SEEDS,
    }
}

fn jobs() -> usize {
    std::env::var("RETORT_GRAPH_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .min(4)
        })
        .max(1)
}

#[test]
fn random_revision_graphs_match_alembic() {
    let seeds: Vec<usize> = seeds().collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Vec<String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs().min(seeds.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&seed) = seeds.get(i) else { break };
                    let reports = check_seed(seed);
                    results.lock().unwrap().push((seed, reports));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(seed, _)| *seed);
    let failing_seeds: Vec<usize> = results
        .iter()
        .filter(|(_, r)| !r.is_empty())
        .map(|(s, _)| *s)
        .collect();
    let mismatches: Vec<String> = results.into_iter().flat_map(|(_, r)| r).collect();
    assert!(
        mismatches.is_empty(),
        "{} mismatches in {} of {} seeds (seeds {:?}); the first {}:\n\n{}",
        mismatches.len(),
        failing_seeds.len(),
        seeds.len(),
        failing_seeds,
        REPORTED_MISMATCHES.min(mismatches.len()),
        mismatches
            .iter()
            .take(REPORTED_MISMATCHES)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn canonical_line_sorts_set_valued_fields_only() {
    assert_eq!(
        canonical_line("Branches into: b2, a1, c3"),
        "Branches into: a1, b2, c3"
    );
    assert_eq!(
        canonical_line("    Branch names: zeta, alpha"),
        "    Branch names: alpha, zeta"
    );
    assert_eq!(
        canonical_line("abc -> def (users, auth) (head), Add users, roles"),
        "abc -> def (auth, users) (head), Add users, roles"
    );
    assert_eq!(
        canonical_line("x (head) (branchpoint), msg (with parens"),
        "x (head) (branchpoint), msg (with parens"
    );
    assert_eq!(canonical_line("a ((b, a) c)"), "a ((a, b) c)");
}

#[test]
fn diff_marks_alembic_and_retort_lines() {
    let e: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let a: Vec<String> = ["a", "x", "c"].iter().map(|s| s.to_string()).collect();
    assert_eq!(diff(&e, &a), "   a\n  -b\n  +x\n   c\n");
}
