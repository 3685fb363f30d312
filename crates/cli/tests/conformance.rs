//! Conformance of `upgrade` / `downgrade` against the real, pinned Alembic on SQLite.
//!
//! Each project in `tests/conformance/sets/` is walked by `tests/conformance/oracle.py`
//! under real Alembic (`upgrade +1` to head, `downgrade -1` to base, `upgrade head`,
//! `downgrade base`), recording after every command the `sqlite_master` rows, every table's
//! rows and `alembic_version`; then by `retort` with the same commands in its own copy. We
//! compare after every command:
//!
//! * success or failure;
//! * `alembic_version` rows;
//! * `sqlite_master` (type, name, table, SQL text). SQLAlchemy orders the constraints of a
//!   batch-rebuilt table in Python set order (it varies from run to run), so the constraint
//!   lines of each `CREATE TABLE` are compared as a multiset; column lines keep their order;
//! * every table's rows (ordered by rowid);
//! * what the revisions printed, a failing step's lines before its failure included.
//!
//! And the offline scripts (`upgrade base:head --sql`, `downgrade head:base --sql`) where
//! Alembic can write them; where it cannot, what it wrote before failing.
//!
//! The oracle's JSON is cached under `$RETORT_TOOLS/oracle-cache/conformance/`,
//! keyed by the content of the set and of oracle.py. `RETORT_CONFORMANCE_SETS=a,b` runs
//! only some sets.

use std::path::{Path, PathBuf};
use std::process::Command;

use retort_oracle_tests::{Workspace, repo_root, venv};
use serde_json::{Value, json};

fn sets_dir() -> PathBuf {
    repo_root().join("tests/conformance/sets")
}

fn files_of(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name == "__pycache__" || name.ends_with(".sqlite") {
            continue;
        }
        if p.is_dir() {
            files_of(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The oracle's answer depends on the set's files, oracle.py and the pinned versions.
fn cache_key(set: &Path) -> String {
    let mut files = Vec::new();
    files_of(set, &mut files);
    files.push(repo_root().join("tests/conformance/oracle.py"));
    let mut parts: Vec<Vec<u8>> = vec![
        retort_oracle_tests::ALEMBIC_VERSION.into(),
        retort_oracle_tests::SQLALCHEMY_VERSION.into(),
    ];
    for f in files {
        let rel = f
            .strip_prefix(set)
            .or_else(|_| f.strip_prefix(repo_root()))
            .unwrap_or(&f);
        parts.push(rel.to_string_lossy().as_bytes().to_vec());
        parts.push(std::fs::read(&f).unwrap());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    format!("{:016x}", retort_oracle_tests::stable_hash(&refs))
}

fn cache_dir() -> PathBuf {
    retort_oracle_tests::oracle_cache("conformance")
}

fn oracle(set: &Path) -> Value {
    let name = set.file_name().unwrap().to_string_lossy().to_string();
    let key = cache_key(set);
    let file = cache_dir().join(format!("{name}-{key}.json"));
    if let Ok(text) = std::fs::read_to_string(&file)
        && let Ok(v) = serde_json::from_str(&text)
    {
        return v;
    }
    let out = Command::new(venv().join("bin/python"))
        .arg(repo_root().join("tests/conformance/oracle.py"))
        .arg(set)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("running oracle.py");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "oracle.py {name} printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let _ = std::fs::create_dir_all(cache_dir());
    let tmp = file.with_extension("tmp");
    if std::fs::write(&tmp, serde_json::to_string(&v).unwrap()).is_ok() {
        let _ = std::fs::rename(&tmp, &file);
    }
    v
}

fn retort(dir: &Path, args: &[String]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_retort"))
        .arg("-c")
        .arg(dir.join("alembic.ini"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("running retort");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The state of the database as oracle.py records it.
fn state(db: &Path) -> Value {
    let Ok(conn) = rusqlite::Connection::open(db) else {
        return json!({"version": [], "master": [], "data": {}});
    };
    let mut master = Vec::new();
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(json!([
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?
            ]))
        })
        .unwrap();
    for r in rows {
        master.push(r.unwrap());
    }
    let mut data = serde_json::Map::new();
    let tables: Vec<(String, String)> = master
        .iter()
        .filter(|m| m[0] == "table" && !m[1].as_str().unwrap().starts_with("sqlite_"))
        .map(|m| {
            (
                m[1].as_str().unwrap().to_owned(),
                m[3].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for (t, sql) in tables {
        let quoted = format!("\"{}\"", t.replace('"', "\"\""));
        let order = if sql.to_uppercase().contains("WITHOUT ROWID") {
            let n: usize = conn
                .prepare(&format!("SELECT * FROM {quoted}"))
                .unwrap()
                .column_count();
            (1..=n)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "rowid".into()
        };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {quoted} ORDER BY {order}"))
            .unwrap();
        let n = stmt.column_count();
        let rows: Vec<Value> = stmt
            .query_map([], |r| {
                let mut row = Vec::new();
                for i in 0..n {
                    use rusqlite::types::ValueRef as V;
                    row.push(match r.get_ref(i)? {
                        V::Null => Value::Null,
                        V::Integer(x) => json!(x),
                        V::Real(f) => json!(f),
                        V::Text(s) => json!(String::from_utf8_lossy(s)),
                        V::Blob(b) => {
                            json!({"blob": b.iter().map(|x| format!("{x:02x}")).collect::<String>()})
                        }
                    });
                }
                Ok(Value::Array(row))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        data.insert(t, Value::Array(rows));
    }
    let mut version: Vec<Value> = data
        .get("alembic_version")
        .and_then(|v| v.as_array())
        .map(|rows| rows.iter().map(|r| r[0].clone()).collect())
        .unwrap_or_default();
    version.sort_by_key(|v| v.as_str().unwrap_or("").to_owned());
    json!({"version": version, "master": master, "data": data})
}

/// A `CREATE TABLE` text with its constraint lines sorted (they follow Python set order in
/// batch-rebuilt tables); other SQL unchanged.
fn canonical_sql(sql: &Value) -> Value {
    let Some(s) = sql.as_str() else {
        return sql.clone();
    };
    if !s.starts_with("CREATE TABLE") {
        return sql.clone();
    }
    let Some(open) = s.find("(\n") else {
        return sql.clone();
    };
    let Some(close) = s.rfind("\n)") else {
        return sql.clone();
    };
    let body = &s[open + 2..close];
    let mut cols = Vec::new();
    let mut consts = Vec::new();
    for line in body.split(", \n") {
        let t = line.trim_start_matches('\t');
        if [
            "CONSTRAINT ",
            "PRIMARY KEY",
            "UNIQUE ",
            "CHECK ",
            "FOREIGN KEY",
        ]
        .iter()
        .any(|p| t.starts_with(p))
        {
            consts.push(line.to_owned());
        } else {
            cols.push(line.to_owned());
        }
    }
    consts.sort();
    json!(format!(
        "{}(\n{}\n--constraints--\n{}{}",
        &s[..open],
        cols.join(", \n"),
        consts.join(", \n"),
        &s[close..]
    ))
}

fn canonical_master(m: &Value) -> Value {
    Value::Array(
        m.as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| json!([r[0], r[1], r[2], canonical_sql(&r[3])]))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// An offline script with each run of consecutive `CREATE [UNIQUE] INDEX` statements sorted:
/// SQLAlchemy emits a table's indexes in Python set order.
fn canonical_script(text: &str) -> String {
    let stmts: Vec<&str> = text.trim_end().split("\n\n").collect();
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for s in stmts {
        if s.starts_with("CREATE INDEX") || s.starts_with("CREATE UNIQUE INDEX") {
            run.push(s.to_owned());
        } else {
            run.sort();
            out.append(&mut run);
            out.push(s.to_owned());
        }
    }
    run.sort();
    out.append(&mut run);
    out.join("\n\n")
}

/// SQLAlchemy's messages name some objects by address (`object at 0x7f...>`).
fn without_addresses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i]);
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out + rest
}

fn check_set(set: &Path, problems: &mut Vec<String>) {
    let name = set.file_name().unwrap().to_string_lossy().to_string();
    let o = oracle(set);
    let ws = Workspace::with_copy_of(set);
    let dir = ws.path().join(&name);
    let _ = std::fs::remove_file(dir.join("db.sqlite"));
    if let Some(error) = o["load_error"].as_str() {
        // Alembic cannot load the revisions: neither may Retort, with the same error.
        let (ok, _, stderr) = retort(&dir, &["heads".to_owned()]);
        if ok || !stderr.contains(&without_addresses(error)) {
            problems.push(format!(
                "{name} `heads`: alembic cannot load the revisions, retort {}\n  alembic: {error}\n  retort:  {}",
                if ok { "can" } else { "fails differently" },
                stderr.trim()
            ));
        }
        return;
    }
    // `heads` and `history` before anything runs; `current` at the top of the history.
    for query in ["heads", "history"] {
        if let Some(expected) = o["queries"][query].as_str() {
            let (_, stdout, stderr) = retort(&dir, &[query.to_owned()]);
            if stdout != expected {
                problems.push(format!(
                    "{name} `{query}` differs\n  alembic: {expected:?}\n  retort:  {stdout:?}{}",
                    if stderr.contains("FAILED") {
                        format!("\n  retort failed: {}", stderr.trim())
                    } else {
                        String::new()
                    }
                ));
            }
        }
    }
    for (i, step) in o["steps"].as_array().expect("steps").iter().enumerate() {
        let args: Vec<String> = step["command"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect();
        let (ok, stdout, stderr) = retort(&dir, &args);
        let what = format!("{name} step {i} `{}`", args.join(" "));
        // What the revisions printed, up to a failure too (Alembic's own `FAILED:` line,
        // which it prints on stdout, is compared with the error below).
        let printed = |s: &str| -> String {
            s.lines()
                .filter(|l| !l.starts_with("FAILED:"))
                .map(|l| format!("{l}\n"))
                .collect()
        };
        let expected_stdout = printed(step["stdout"].as_str().unwrap_or(""));
        if printed(&stdout) != expected_stdout {
            problems.push(format!(
                "{what}: printed output differs\n  alembic: {expected_stdout:?}\n  retort:  {:?}",
                printed(&stdout)
            ));
        }
        if ok != step["ok"].as_bool().unwrap() {
            problems.push(format!(
                "{what}: alembic {} but retort {}\n  alembic: {}\n  retort: {}",
                if step["ok"].as_bool().unwrap() {
                    "succeeded"
                } else {
                    "failed"
                },
                if ok { "succeeded" } else { "failed" },
                step["error"],
                stderr.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
            ));
            return;
        }
        let s = state(&dir.join("db.sqlite"));
        if s["version"] != step["version"] {
            problems.push(format!(
                "{what}: alembic_version {} (alembic) vs {} (retort)",
                step["version"], s["version"]
            ));
        }
        let (a, r) = (
            canonical_master(&step["master"]),
            canonical_master(&s["master"]),
        );
        if a != r {
            let aa = a.as_array().unwrap();
            let rr = r.as_array().unwrap();
            let diff: Vec<String> = aa
                .iter()
                .filter(|x| !rr.contains(x))
                .map(|x| format!("  alembic: {x}"))
                .chain(
                    rr.iter()
                        .filter(|x| !aa.contains(x))
                        .map(|x| format!("  retort:  {x}")),
                )
                .collect();
            problems.push(format!(
                "{what}: sqlite_master differs\n{}",
                diff.join("\n")
            ));
        }
        if s["data"] != step["data"] {
            let ad = step["data"].as_object().unwrap();
            let rd = s["data"].as_object().unwrap();
            for (t, rows) in ad {
                if rd.get(t) != Some(rows) {
                    problems.push(format!(
                        "{what}: rows of {t} differ\n  alembic: {rows}\n  retort:  {}",
                        rd.get(t).unwrap_or(&Value::Null)
                    ));
                }
            }
            for t in rd.keys().filter(|t| !ad.contains_key(*t)) {
                problems.push(format!("{what}: retort has an extra table {t}"));
            }
        }
        if ok
            && args.len() == 2
            && args[0] == "upgrade"
            && (args[1] == "head" || args[1] == "heads")
            && let Some(expected) = o["queries"]["current"].as_str()
        {
            let (_, current, _) = retort(&dir, &["current".to_owned()]);
            if current != expected {
                problems.push(format!(
                    "{what}: `current` differs\n  alembic: {expected:?}\n  retort:  {current:?}"
                ));
            }
        }
        if !ok {
            let expected = without_addresses(step["error"].as_str().unwrap_or(""));
            // Alembic's command line prints a CommandError as `FAILED: <message>`.
            let expected = match expected.strip_prefix("CommandError: ") {
                Some(message) => format!("FAILED: {message}"),
                None => expected,
            };
            if !stderr.contains(&expected) {
                problems.push(format!(
                    "{what}: error differs\n  alembic: {expected}\n  retort:  {}",
                    stderr.trim()
                ));
            }
            check_atomic(set, &o, i, problems);
            break;
        }
    }
    for kind in ["upgrade", "downgrade"] {
        let off = &o["offline"][kind];
        let args: Vec<String> = off["command"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        if off["ok"] != true {
            // Where Alembic fails offline, Retort failing too must have written the same
            // script up to the failure. Where Alembic gives up on a batch operation (it
            // cannot reflect offline), Retort renders it (docs/operations.md): what Alembic
            // wrote before is where Retort's script starts, and Retort may fail further on.
            let (ok, stdout, _) = retort(&dir, &args);
            let partial_raw = off["partial"].as_str().unwrap_or("");
            let partial = canonical_script(partial_raw);
            let batch_gave_up = off["text"].as_str().is_some_and(|t| {
                t.contains("batch mode with dialect sqlite requires a live database connection")
            });
            if batch_gave_up {
                // (Index runs compared as sets, as everywhere: canonical forms.)
                if !canonical_script(&stdout).starts_with(&partial) {
                    problems.push(format!(
                        "{name} `{}`: Alembic gives up at a batch operation; Retort's script does not start with what Alembic wrote before\n  alembic: {partial_raw:?}\n  retort:  {stdout:?}",
                        args.join(" ")
                    ));
                }
                continue;
            }
            if !ok && canonical_script(&stdout) != partial {
                problems.push(format!(
                    "{name} `{}`: both fail offline, but the scripts written before differ\n  alembic: {partial:?}\n  retort:  {:?}",
                    args.join(" "),
                    canonical_script(&stdout)
                ));
            }
            continue;
        }
        let (ok, stdout, stderr) = retort(&dir, &args);
        let expected = canonical_script(off["text"].as_str().unwrap_or(""));
        let stdout = canonical_script(&stdout);
        if !ok || stdout != expected {
            let first = stdout
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            problems.push(format!(
                "{name} `{}`: offline script differs at line {}\n  alembic: {:?}\n  retort:  {:?}{}",
                args.join(" "),
                first + 1,
                expected.lines().nth(first).unwrap_or(""),
                stdout.lines().nth(first).unwrap_or(""),
                if ok { String::new() } else { format!("\n  retort failed: {}", stderr.trim()) }
            ));
        }
    }
}

/// The failing step `failed` again, with `--atomic`, in a fresh copy brought to the state
/// before it: the database must be unchanged, and the report of what Alembic would have left
/// must name every table the oracle saw left behind.
fn check_atomic(set: &Path, o: &Value, failed: usize, problems: &mut Vec<String>) {
    let name = set.file_name().unwrap().to_string_lossy().to_string();
    let ws = Workspace::with_copy_of(set);
    let dir = ws.path().join(&name);
    let _ = std::fs::remove_file(dir.join("db.sqlite"));
    let steps = o["steps"].as_array().unwrap();
    let args_of = |i: usize| -> Vec<String> {
        steps[i]["command"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_owned())
            .collect()
    };
    for i in 0..failed {
        assert!(retort(&dir, &args_of(i)).0, "{name}: replaying step {i}");
    }
    let before = state(&dir.join("db.sqlite"));
    let mut args = args_of(failed);
    args.push("--atomic".into());
    let what = format!("{name} step {failed} `{}`", args.join(" "));
    let (ok, _, stderr) = retort(&dir, &args);
    if ok {
        problems.push(format!("{what}: succeeded with --atomic"));
        return;
    }
    if state(&dir.join("db.sqlite")) != before {
        problems.push(format!(
            "{what}: the database changed although the step failed"
        ));
    }
    // A failure before anything ran (an ambiguous walk, a revision that does not exist):
    // Alembic left the database as it was, and there is nothing to report.
    let same = |k: &str| failed > 0 && steps[failed][k] == steps[failed - 1][k];
    if same("master") && same("version") && same("data") {
        return;
    }
    let report = stderr
        .lines()
        .find(|l| l.contains("under Alembic this failure would leave"))
        .unwrap_or("");
    let tables = |v: &Value| -> Vec<String> {
        v["master"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r[0] == "table" && !r[1].as_str().unwrap().starts_with("sqlite_"))
            .map(|r| r[1].as_str().unwrap().to_owned())
            .collect()
    };
    let had = tables(&before);
    for t in tables(&steps[failed]).iter().filter(|t| !had.contains(t)) {
        if !report.contains(&format!("table `{t}` created")) {
            problems.push(format!(
                "{what}: alembic leaves table {t}, the --atomic report does not say so: {report:?}"
            ));
        }
    }
    let version = steps[failed]["version"].as_array().unwrap();
    for v in version {
        if !report.contains(v.as_str().unwrap()) {
            problems.push(format!(
                "{what}: the report misses alembic_version {v}: {report:?}"
            ));
        }
    }
}

/// Differences Retort still has, each with its reason: a mismatch that starts with one of
/// these prefixes is reported but does not fail the test; a listed prefix that no longer
/// matches anything fails it (so the list shrinks as gaps close).
const KNOWN: &[(&str, &str)] = &[];

#[test]
fn upgrade_downgrade_and_sql_match_alembic() {
    let only: Option<Vec<String>> = std::env::var("RETORT_CONFORMANCE_SETS")
        .ok()
        .map(|s| s.split(',').map(str::to_owned).collect());
    let mut sets: Vec<PathBuf> = std::fs::read_dir(sets_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            only.as_ref().is_none_or(|o| {
                o.iter()
                    .any(|n| p.file_name().unwrap().to_string_lossy() == n.as_str())
            })
        })
        .collect();
    sets.sort();
    assert!(!sets.is_empty(), "no conformance sets found");
    let mut problems = Vec::new();
    for set in &sets {
        check_set(set, &mut problems);
    }
    let names: Vec<String> = sets
        .iter()
        .map(|s| s.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    report(&problems, &names, KNOWN);
}

/// Differences from Alembic in real projects that are understood: (prefix of the problem,
/// reason). Each entry must still occur, or the test fails (so the list shrinks as gaps
/// close).
const KNOWN_PROJECTS: &[(&str, &str)] = &[
    (
        "aiida-core~sqlite_zip ",
        "importing aiida creates its configuration folder (`os.umask`, `Path.mkdir` in aiida/manage/configuration/settings.py:117); the sandbox writes no files, so Retort cannot load the revisions that Alembic loads",
    ),
    (
        "glance ",
        "glance/common/config.py:431 has the literal 9223372036854775808 (2**63); Retort's integers are 64-bit, so the revisions that import it do not load",
    ),
    (
        "ironic-inspector ",
        "a column typed with oslo_db's JsonEncodedDict, a stand-in on both sides: both fail at the same step, SQLAlchemy when it tests the type's `_isnull` (the oracle's stand-in raises), Retort when it compiles the column type (docs/decisions/0003)",
    ),
    (
        "keystone ",
        "keystone/common/provider_api.py:31 assigns an instance's `__dict__` (the Borg pattern), which Retort's interpreter does not support; Alembic goes on to fail later in the same first step, on a stand-in given as SQL",
    ),
    (
        "masakari ",
        "a column typed with oslo_db's SoftDeleteInteger, a stand-in on both sides: both fail at the same step, SQLAlchemy when it tests the type's `_isnull` (the oracle's stand-in raises), Retort when it compiles the column type (docs/decisions/0003)",
    ),
    (
        "optuna ",
        "optuna/integration/__init__.py replaces its module in `sys.modules` with an instance of a `types.ModuleType` subclass; Retort's builtin types cannot be subclassed into instances, so the revisions do not load",
    ),
    (
        "trove ",
        "a stand-in (oslo_config's CONF.service_credentials.region_name) given as a value in an UPDATE: both fail at the same statement, pysqlite when binding it, Retort when compiling it (docs/decisions/0003)",
    ),
    (
        "zun ",
        "the revisions import zun's models, which pass a stand-in (oslo_config's CONF.database.connection) to urllib.parse.urlparse: both fail to load, CPython's urllib in its bytes path, Retort's str-only port with `Cannot mix str and non-str arguments`",
    ),
];

/// Real projects' whole histories (tests/projects: the PyPI archives that manifest.tsv
/// pins, fetched and laid out by tests/projects/projects.py) under real Alembic and under
/// Retort: `heads`, `history`, the `+1` walk to the top, `current`, the `-1` walk back,
/// `upgrade head`, `downgrade base` and the `--sql` scripts, compared as the conformance
/// sets are. `RETORT_PROJECTS=a,b` runs only some.
#[test]
fn real_projects_match_alembic() {
    let script = repo_root().join("tests/projects/projects.py");
    let only: Option<Vec<String>> = std::env::var("RETORT_PROJECTS")
        .ok()
        .map(|s| s.split(',').map(str::to_owned).collect());
    let mut fetch = Command::new("python3");
    fetch.arg(&script).arg("fetch");
    if let Some(only) = &only {
        fetch.args(only);
    }
    assert!(
        fetch.status().expect("running projects.py").success(),
        "projects.py fetch failed"
    );
    let list = Command::new("python3")
        .arg(&script)
        .arg("list")
        .output()
        .unwrap();
    let names: Vec<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .filter(|n| only.as_ref().is_none_or(|o| o.iter().any(|x| x == n)))
        .map(str::to_owned)
        .collect();
    assert!(!names.is_empty(), "no projects");
    let tmp = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for name in &names {
        let dir = tmp.path().join(name);
        let ok = Command::new("python3")
            .arg(&script)
            .args(["assemble", name])
            .arg(&dir)
            .status()
            .unwrap()
            .success();
        assert!(ok, "projects.py assemble {name}");
        check_set(&dir, &mut problems);
    }
    eprintln!(
        "real projects: {} histories compared with Alembic",
        names.len()
    );
    report(&problems, &names, KNOWN_PROJECTS);
}

/// Fails with every difference that `known` does not explain, and every entry of `known`
/// (for the sets that ran) that no longer occurs.
fn report(problems: &[String], ran: &[String], known: &[(&str, &str)]) {
    let (explained, unknown): (Vec<&String>, Vec<&String>) = problems
        .iter()
        .partition(|p| known.iter().any(|(prefix, _)| p.starts_with(prefix)));
    for p in &explained {
        let reason = known
            .iter()
            .find(|(prefix, _)| p.starts_with(prefix))
            .unwrap()
            .1;
        eprintln!("known difference ({reason}):\n{p}\n");
    }
    let stale: Vec<&str> = known
        .iter()
        .filter(|(prefix, _)| {
            let set = prefix.split(' ').next().unwrap();
            ran.iter().any(|s| s == set) && !problems.iter().any(|p| p.starts_with(prefix))
        })
        .map(|(prefix, _)| *prefix)
        .collect();
    assert!(
        unknown.is_empty() && stale.is_empty(),
        "{} difference(s) from alembic:\n{}\n{}",
        unknown.len(),
        unknown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        if stale.is_empty() {
            String::new()
        } else {
            format!("known differences that no longer occur (remove them from KNOWN): {stale:?}")
        }
    );
}
