//! `retort verify` as a command: exit codes, the three output formats, rule pages, and the
//! project's `[retort] disable`. The checks themselves are tested in the engine
//! (crates/engine/tests/verify.rs).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn retort(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_retort"))
        .args(args)
        .current_dir(dir)
        .env_remove("ALEMBIC_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const INI: &str = "-cmigrations/alembic.ini";

#[test]
fn the_example_has_warnings_but_no_errors() {
    let (code, out, err) = retort(&root(), &[INI, "verify"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("verifying 6 revisions"), "{err}");
    assert!(
        out.contains(
            "warning[RT106 batch-rebuild-referenced]: batch mode rebuilds `conversations`"
        ),
        "{out}"
    );
    // A source snippet points at the operation.
    assert!(out.contains("batch_op.alter_column("), "{out}");
    assert!(
        out.ends_with("verified 6 of 6 revisions: 0 errors, 2 warnings, 6 notes\n"),
        "{out}"
    );
    let (code, _, _) = retort(&root(), &[INI, "verify", "--fail-on", "warning"]);
    assert_eq!(code, 1);
}

#[test]
fn json_and_sarif() {
    let (_, out, _) = retort(&root(), &[INI, "verify", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["checked"], 6);
    assert_eq!(v["summary"]["warning"], 2);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "RT102")
        .unwrap();
    assert_eq!(f["name"], "drop-column");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["line"], 33);
    assert!(
        f["path"]
            .as_str()
            .unwrap()
            .starts_with("migrations/versions/20250131_0920_e7f3a1c58d42"),
        "{f}"
    );
    let (_, out, _) = retort(&root(), &[INI, "verify", "--format", "sarif"]);
    let s: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let run = &s["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let r = results.iter().find(|r| r["ruleId"] == "RT106").unwrap();
    assert_eq!(r["level"], "warning");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        27
    );
}

#[test]
fn rule_pages_and_bad_rule_names() {
    let (code, out, _) = retort(
        &root(),
        &["verify", "--explain", "not-null-without-default"],
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("## RT103 not-null-without-default\n"),
        "{out}"
    );
    let (code, _, err) = retort(&root(), &[INI, "verify", "--disable", "RT999"]);
    assert_eq!(code, 255);
    assert_eq!(err.trim(), "FAILED: unknown rule in disable list: RT999");
}

#[test]
fn the_project_disables_rules_in_alembic_ini() {
    let tmp = std::env::temp_dir().join(format!("retort-verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let copy = Command::new("cp")
        .args(["-r"])
        .arg(root().join("migrations"))
        .arg(&tmp)
        .status()
        .unwrap();
    assert!(copy.success());
    let ini = tmp.join("migrations/alembic.ini");
    let text = std::fs::read_to_string(&ini).unwrap();
    std::fs::write(
        &ini,
        format!("{text}\n[retort]\ndisable = RT106, drop-column\n"),
    )
    .unwrap();
    let (code, out, _) = retort(&tmp, &[INI, "verify", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["warning"], 0, "{out}");
    let _ = std::fs::remove_dir_all(&tmp);
}
