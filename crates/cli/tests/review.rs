//! `retort review` on a real pair of git commits: a base with two revisions, and a pull
//! request adding two (one adds a column, one drops a column that has rows). The comment's
//! markdown is snapshot-tested (`tests/review/comment.md`; `RETORT_UPDATE_SNAPSHOTS=1`
//! writes it again), and the facts it states are checked one by one.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(dir: &Path, program: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("ALEMBIC_CONFIG")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn revision(id: &str, down: &str, doc: &str, up: &str, down_body: &str) -> String {
    format!(
        "\"\"\"{doc}\n\nRevision ID: {id}\nRevises: {down}\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n{up}\n\n\ndef downgrade():\n{down_body}\n",
        if down.is_empty() {
            "None".to_owned()
        } else {
            format!("'{down}'")
        }
    )
}

const INI: &str = "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///app.db\n";
const ENV: &str = "from alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\nconfig = context.config\n\n\ndef run_migrations_online():\n    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool)\n    with connectable.connect() as connection:\n        context.configure(connection=connection)\n        with context.begin_transaction():\n            context.run_migrations()\n\n\nrun_migrations_online()\n";

/// The base: users and posts. The PR: a column added to users, then one dropped from posts.
fn repository() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "alembic.ini", INI);
    write(d, "migrations/env.py", ENV);
    write(d, "migrations/script.py.mako", "");
    write(
        d,
        "migrations/versions/a1_users.py",
        &revision(
            "a1",
            "",
            "users",
            "    op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(50), nullable=False))",
            "    op.drop_table('users')",
        ),
    );
    write(
        d,
        "migrations/versions/b2_posts.py",
        &revision(
            "b2",
            "a1",
            "posts",
            "    op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id')), sa.Column('legacy', sa.Text()))",
            "    op.drop_table('posts')",
        ),
    );
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "."],
        &["commit", "-q", "-m", "base"],
    ] {
        assert_eq!(run(d, "git", args).0, 0);
    }
    let base = run(d, "git", &["rev-parse", "HEAD"]).1.trim().to_owned();
    write(
        d,
        "migrations/versions/c3_email.py",
        &revision(
            "c3",
            "b2",
            "add users.email",
            "    op.add_column('users', sa.Column('email', sa.String(100), nullable=True))",
            "    op.drop_column('users', 'email')",
        ),
    );
    write(
        d,
        "migrations/versions/d4_drop_legacy.py",
        &revision(
            "d4",
            "c3",
            "drop posts.legacy",
            "    with op.batch_alter_table('posts') as batch_op:\n        batch_op.drop_column('legacy')",
            "    with op.batch_alter_table('posts') as batch_op:\n        batch_op.add_column(sa.Column('legacy', sa.Text()))",
        ),
    );
    for args in [&["add", "."][..], &["commit", "-q", "-m", "pr"]] {
        assert_eq!(run(d, "git", args).0, 0);
    }
    (tmp, base)
}

#[test]
fn a_pull_requests_comment_says_what_its_revisions_do() {
    let (tmp, base) = repository();
    let d = tmp.path();
    let retort = env!("CARGO_BIN_EXE_retort");
    let url = "--base-url=https://retort.example/";
    let (code, md, err) = run(
        d,
        retort,
        &["review", "--base", &base, "--fail-on", "warning", url],
    );
    // The dropped column with rows is a warning: with `--fail-on warning` the exit code says so.
    assert_eq!(code, 1, "{md}{err}");

    // The facts, one by one.
    assert!(
        md.starts_with("## Retort review: 2 new revisions\n"),
        "{md}"
    );
    assert!(
        md.contains("| `c3` | add users.email | `migrations/versions/c3_email.py` |"),
        "{md}"
    );
    assert!(
        md.contains("| `d4` | drop posts.legacy | `migrations/versions/d4_drop_legacy.py` |"),
        "{md}"
    );
    assert!(
        md.contains("the database at the base's head (`b2`)"),
        "{md}"
    );
    assert!(md.contains("**Heads:** one (`d4`)."), "{md}");
    assert!(
        md.contains("- column `users.email` added\n- column `posts.legacy` dropped\n"),
        "{md}"
    );
    assert!(
        md.contains("- **warning** RT102 drop-column `migrations/versions/d4_drop_legacy.py:17`: drops column `posts.legacy`: 3 values lost"),
        "{md}"
    );
    assert!(
        !md.contains("a1_users.py:") && !md.contains("b2_posts.py:"),
        "only the PR's revisions: {md}"
    );
    assert!(
        md.contains("<code>upgrade b2 -&gt; c3, add users.email</code>"),
        "{md}"
    );
    assert!(
        md.contains("ALTER TABLE users ADD COLUMN email VARCHAR(100);"),
        "{md}"
    );

    // The link opens the page at the base's head, with the PR's files.
    let link = md
        .split("](")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .unwrap();
    assert!(link.starts_with("https://retort.example/#s="), "{link}");
    // `retort share --base` prints that link alone.
    let (code, shared, err) = run(d, retort, &["share", "--base", &base, url]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(shared, format!("{link}\n"));

    // The same review from a directory holding the base's checkout.
    let checkout = tempfile::tempdir().unwrap();
    let (c, _, e) = run(
        d,
        "git",
        &[
            "worktree",
            "add",
            "-q",
            checkout.path().join("b").to_str().unwrap(),
            &base,
        ],
    );
    assert_eq!(c, 0, "{e}");
    let from_dir = run(
        d,
        retort,
        &[
            "review",
            "--base",
            checkout.path().join("b").to_str().unwrap(),
            url,
        ],
    );
    assert_eq!(from_dir.0, 0, "{}", from_dir.2);
    assert_eq!(from_dir.1, md);

    // JSON carries the same.
    let (code, json, err) = run(
        d,
        retort,
        &["review", "--base", &base, "--format", "json", url],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["base_heads"], serde_json::json!(["b2"]));
    assert_eq!(v["needs_merge"], false);
    let ids: Vec<&str> = v["new_revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c3", "d4"]);
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["RT007", "RT102"]);

    // A base that is neither says so.
    let (code, out, err) = run(d, retort, &["review", "--base", "no-such-ref", url]);
    assert_eq!(code, 255);
    assert!(
        format!("{out}{err}")
            .contains("FAILED: --base no-such-ref: neither a directory nor a git commit"),
        "{out}{err}"
    );

    // The comment as a whole.
    let snapshot = root().join("tests/review/comment.md");
    if std::env::var_os("RETORT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, &md).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot)
        .expect("tests/review/comment.md (RETORT_UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(
        md, expected,
        "the comment changed; RETORT_UPDATE_SNAPSHOTS=1 writes it again after a look"
    );
}

/// `action/review.sh`, the work of the composite action (action.yml), on the same pull
/// request, with a `gh` that records what it is asked: the first run posts the comment, a
/// second finds it by its marker and updates it; the SARIF is `retort verify`'s.
#[test]
fn the_action_posts_one_comment_then_updates_it() {
    let (tmp, base) = repository();
    let d = tmp.path();
    let retort = env!("CARGO_BIN_EXE_retort");
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    write(
        w,
        "bin/gh",
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$GH_LOG\"\ncase \"$*\" in\n  *--paginate*) cat \"$GH_EXISTING\" 2>/dev/null || true ;;\n  *body=@*) cp \"${*##*body=@}\" \"$GH_BODY\" ;;\nesac\n",
    );
    run(w, "chmod", &["+x", "bin/gh"]);
    let action = |existing: Option<&str>| {
        if let Some(id) = existing {
            write(w, "existing", &format!("{id}\n"));
        }
        for f in ["gh.log", "output"] {
            let _ = std::fs::remove_file(w.join(f));
        }
        let out = Command::new("bash")
            .arg(root().join("action/review.sh"))
            .current_dir(d)
            .env_remove("ALEMBIC_CONFIG")
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    w.join("bin").display(),
                    std::env::var("PATH").unwrap()
                ),
            )
            .env("RETORT", retort)
            .env("RETORT_BASE", &base)
            .env("RETORT_PAGE_URL", "https://retort.example/")
            .env("RETORT_FAIL_ON", "warning")
            .env("RETORT_PR", "7")
            .env("GITHUB_REPOSITORY", "octo/app")
            .env("GITHUB_OUTPUT", w.join("output"))
            .env("GITHUB_STEP_SUMMARY", w.join("summary"))
            .env("RUNNER_TEMP", w)
            .env("GH_LOG", w.join("gh.log"))
            .env("GH_EXISTING", w.join("existing"))
            .env("GH_BODY", w.join("body"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (
            std::fs::read_to_string(w.join("gh.log")).unwrap(),
            std::fs::read_to_string(w.join("output")).unwrap(),
        )
    };

    let (gh, output) = action(None);
    let comments = "api --paginate repos/octo/app/issues/7/comments --jq .[] | select(.body | startswith(\"<!-- retort-review -->\")) | .id";
    assert_eq!(
        gh,
        format!(
            "{comments}\napi --silent -X POST repos/octo/app/issues/7/comments -F body=@{}/retort-review/comment.md\n",
            w.display()
        )
    );
    // The step's verdict is an output: the job fails in the action's last step, after the
    // comment and the SARIF are out.
    assert!(
        output.contains("status=1\n"),
        "the dropped column is a warning: {output}"
    );
    let (_, review, _) = run(
        d,
        retort,
        &[
            "review",
            "--base",
            &base,
            "--base-url=https://retort.example/",
        ],
    );
    let body = std::fs::read_to_string(w.join("body")).unwrap();
    assert_eq!(body, format!("<!-- retort-review -->\n{review}"));
    assert_eq!(std::fs::read_to_string(w.join("summary")).unwrap(), review);
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(w.join("retort-review/retort.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let (_, verify, _) = run(d, retort, &["verify", "--format", "sarif"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&verify).unwrap(),
        sarif
    );

    let (gh, _) = action(Some("42"));
    assert!(
        gh.ends_with(&format!("api --silent -X PATCH repos/octo/app/issues/comments/42 -F body=@{}/retort-review/comment.md\n", w.display())),
        "{gh}"
    );
}

/// The action's file and the workflows in docs/sharing.md are YAML that GitHub and GitLab
/// can read, and what they name exists: the action's inputs, its script, the steps whose
/// outputs it reads; the documented workflow passes only inputs the action declares.
#[test]
fn the_action_and_the_documented_workflows_parse() {
    use yaml_rust2::{Yaml, YamlLoader};
    let parse = |name: &str, text: &str| -> Yaml {
        let mut docs = YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(docs.len(), 1, "{name}");
        docs.remove(0)
    };
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action = parse("action.yml", &text);
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs: Vec<&str> = action["inputs"]
        .as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    for step in steps {
        let name = step["name"].as_str().unwrap();
        if let Some(run) = step["run"].as_str() {
            assert!(
                step["shell"].as_str().is_some(),
                "{name}: a composite step's run needs a shell"
            );
            if let Some(script) = run.split("$GITHUB_ACTION_PATH/").nth(1) {
                let path = script.split(['"', ' ']).next().unwrap();
                assert!(root().join(path).exists(), "{name}: {path}");
            }
        } else {
            assert!(
                step["uses"].as_str().is_some(),
                "{name}: neither run nor uses"
            );
        }
    }
    // Every `${{ inputs.X }}` and `steps.Y.outputs` names what is declared.
    for (prefix, known) in [("inputs.", &inputs), ("steps.", &ids)] {
        for part in text.split(prefix).skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            assert!(
                known.contains(&name.as_str()),
                "action.yml: {prefix}{name} is not declared"
            );
        }
    }

    let doc = std::fs::read_to_string(root().join("docs/sharing.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "docs/sharing.md: the GitHub and GitLab workflows"
    );
    let github = parse("docs/sharing.md (GitHub)", blocks[0]);
    let job = github["jobs"]["review"]["steps"].as_vec().unwrap();
    let uses = job
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("/retort@")))
        .expect("the workflow uses the action");
    for k in uses["with"].as_hash().into_iter().flat_map(|h| h.keys()) {
        assert!(
            inputs.contains(&k.as_str().unwrap()),
            "docs/sharing.md passes {k:?}, which action.yml does not declare"
        );
    }
    let gitlab = parse("docs/sharing.md (GitLab)", blocks[1]);
    assert!(gitlab["migration-review"]["script"].as_vec().is_some());
}
