//! `retort` against `alembic` on the embedded example project: the same stdout, the same
//! failures, the same log lines, the same `alembic_version` rows, command after command.

use std::path::Path;
use std::process::Command;

use retort_oracle_tests::{Workspace, repo_root};

struct Run {
    ok: bool,
    stdout: String,
    failed: Vec<String>,
    /// What Alembic's loggers wrote (`INFO  [alembic...] ...`, a CommandError's
    /// `ERROR [alembic.util.messaging] ...`), in order.
    log: Vec<String>,
}

fn log_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| {
            ["INFO  [", "WARNI [", "ERROR ["]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(|l| l.trim_end().to_owned())
        .collect()
}

fn retort(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_retort"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        failed: stderr
            .lines()
            .filter(|l| l.starts_with("FAILED:"))
            .map(str::to_owned)
            .collect(),
        log: log_lines(&stderr),
    }
}

fn alembic(ws: &Workspace, args: &[&str]) -> Run {
    let out = ws.alembic(args);
    // Alembic prints FAILED on stdout.
    let (failed, rest): (Vec<&str>, Vec<&str>) = out
        .stdout
        .split_inclusive('\n')
        .partition(|l| l.starts_with("FAILED:"));
    Run {
        ok: out.ok,
        stdout: rest.concat(),
        failed: failed.iter().map(|l| l.trim_end().to_owned()).collect(),
        log: log_lines(&out.stderr),
    }
}

fn rows(dir: &Path) -> Vec<String> {
    let Ok(conn) = rusqlite::Connection::open(dir.join("botsalinha.db")) else {
        return vec![];
    };
    let mut rows: Vec<String> = match conn.prepare("SELECT version_num FROM alembic_version") {
        Ok(mut st) => st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect(),
        Err(_) => vec![],
    };
    rows.sort();
    rows
}

#[test]
fn example_project_commands_match_alembic() {
    let oracle = Workspace::with_copy_of(&repo_root().join("migrations"));
    let ours = Workspace::with_copy_of(&repo_root().join("migrations"));
    let commands: &[&str] = &[
        "heads",
        "heads -v",
        "heads --resolve-dependencies",
        "branches",
        "history",
        "history -v",
        "history -r 8b1e:c4d7",
        "history -r c4d7:8b1e",
        "history -r :8b1e",
        "history -r e7f3:",
        "history -r nonsense",
        "show head",
        "show 5a9e",
        "show base",
        "show zzzz",
        "show abc",
        "current",
        "current -v",
        "stamp 8b1e",
        "current",
        "history -i",
        "stamp head",
        "current -v",
        "stamp c4d7",
        "stamp --purge 3f2a",
        "current",
        "show current",
        "stamp base",
        "current",
        "upgrade 1d6c:head",
        "downgrade -1",
        "history -r-2:",
        "history -r-1:head",
        "history -r:-1",
        "show head-1",
        "show -2",
        "stamp head-2",
        "current",
        "stamp +1",
        "current",
        "history -r current:",
        "stamp base",
        "stamp head --sql",
        "stamp 8b1e:head --sql",
        "stamp --sql 8b1e:head c4d7:5a9e",
        "stamp base:8b1e --sql",
        "ensure_version --sql",
        "ensure_version",
        "current",
        // A CommandError once env.py configured logging: logged as well as printed.
        "upgrade nosuch",
        "stamp nosuch",
        // `-q` silences Alembic's messages (listings, FAILED), not its log lines.
        "-q heads",
        "-q history -r nonsense",
        "-q show head",
        "-q stamp 8b1e",
        "-q current -v",
        "-q upgrade nosuch",
        "-q stamp --sql 8b1e:head",
    ];
    let mut mismatches = Vec::new();
    for c in commands {
        let mut args = vec!["-c", "migrations/alembic.ini"];
        args.extend(c.split_whitespace());
        let mut expected = alembic(&oracle, &args);
        let mut actual = retort(ours.path(), &args);
        // The two copies live in different temporary directories.
        expected.stdout = expected
            .stdout
            .replace(&oracle.path().to_string_lossy().into_owned(), "<project>");
        actual.stdout = actual
            .stdout
            .replace(&ours.path().to_string_lossy().into_owned(), "<project>");
        let (er, ar) = (rows(oracle.path()), rows(ours.path()));
        if expected.ok != actual.ok
            || expected.stdout != actual.stdout
            || expected.failed != actual.failed
            || expected.log != actual.log
            || er != ar
        {
            mismatches.push(format!(
                "$ {c}\n--- alembic (ok={}) rows={er:?}\n{}{}\n{}\n--- retort (ok={}) rows={ar:?}\n{}{}\n{}",
                expected.ok,
                expected.stdout,
                expected.failed.join("\n"),
                expected.log.join("\n"),
                actual.ok,
                actual.stdout,
                actual.failed.join("\n"),
                actual.log.join("\n")
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} commands differ:\n\n{}",
        mismatches.len(),
        commands.len(),
        mismatches.join("\n\n")
    );
}

/// `--raiseerr`: Alembic lets a CommandError propagate, so Python prints a traceback that
/// ends in the exception, and exits 1 instead of 255.
#[test]
fn raiseerr_ends_like_alembics_traceback() {
    let oracle = Workspace::with_copy_of(&repo_root().join("migrations"));
    let ours = Workspace::with_copy_of(&repo_root().join("migrations"));
    for c in ["show zzzz", "history -r nonsense", "upgrade nothere --sql"] {
        for raise in [true, false] {
            let mut args = vec!["-c", "migrations/alembic.ini"];
            if raise {
                args.push("--raiseerr");
            }
            args.extend(c.split_whitespace());
            let expected = oracle.alembic(&args);
            let actual = Command::new(env!("CARGO_BIN_EXE_retort"))
                .args(&args)
                .current_dir(ours.path())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&actual.stderr);
            assert_eq!(expected.code, actual.status.code(), "{args:?}");
            if raise {
                let last = |s: &str| s.trim_end().lines().last().unwrap_or("").to_owned();
                assert!(expected.stderr.contains("Traceback"), "{}", expected.stderr);
                assert!(stderr.contains("Traceback"), "{stderr}");
                assert_eq!(last(&expected.stderr), last(&stderr), "{args:?}");
            } else {
                assert_eq!(expected.stdout.trim_end(), stderr.trim_end(), "{args:?}");
            }
        }
    }
}

/// New revision files: the same name (up to the clock) and the same text (up to the
/// `Create Date` line), for `revision` with its options and for `merge`.
#[test]
fn revision_and_merge_write_what_alembic_writes() {
    let oracle = Workspace::with_copy_of(&repo_root().join("migrations"));
    let ours = Workspace::with_copy_of(&repo_root().join("migrations"));
    let commands: &[&[&str]] = &[
        &[
            "revision",
            "-m",
            "Add a thing: with (punctuation) and a long message that goes on",
            "--rev-id",
            "aaaa11112222",
        ],
        &[
            "revision",
            "-m",
            "second",
            "--rev-id",
            "bbbb11112222",
            "--head",
            "1d6c",
            "--splice",
            "--branch-label",
            "side",
        ],
        &[
            "revision",
            "-m",
            "third",
            "--rev-id",
            "dddd11112222",
            "--head",
            "e7f3",
        ],
        &["revision", "-m", "fourth", "--rev-id", "bad-id"],
        &[
            "revision",
            "-m",
            "deps",
            "--rev-id",
            "eeee11112222",
            "--head",
            "side@head",
            "--depends-on",
            "aaaa",
        ],
        &[
            "merge",
            "-m",
            "merge both",
            "aaaa",
            "eeee",
            "--rev-id",
            "cccc11112222",
        ],
        &["heads"],
        &["history"],
    ];
    for c in commands {
        let mut args = vec!["-c", "migrations/alembic.ini"];
        args.extend_from_slice(c);
        let expected = alembic(&oracle, &args);
        let actual = retort(ours.path(), &args);
        let norm = |s: &str, root: &Path| {
            // Mask the clock in file names (`YYYYMMDD_HHMM_`).
            s.replace(&root.to_string_lossy().into_owned(), "<project>")
                .split('\n')
                .map(|l| match l.find("/versions/") {
                    Some(i) if l.len() > i + 24 => {
                        format!("{}/versions/<date>{}", &l[..i], &l[i + 24..])
                    }
                    _ => l.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            (
                expected.ok,
                norm(&expected.stdout, oracle.path()),
                &expected.failed
            ),
            (actual.ok, norm(&actual.stdout, ours.path()), &actual.failed),
            "$ {c:?}"
        );
    }
    let files = |root: &Path| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = std::fs::read_dir(root.join("migrations/versions"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy()[14..].to_owned();
                let text = std::fs::read_to_string(&p).unwrap();
                let text: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.starts_with("Create Date:"))
                    .collect();
                (name, text.join("\n"))
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(files(oracle.path()), files(ours.path()));
}
