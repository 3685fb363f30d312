//! The oracle: the real `alembic` command from the pinned virtualenv that
//! `scripts/bootstrap.sh` creates (alembic 1.20.1, SQLAlchemy 2.1.9), run on copies of
//! projects in temporary directories. Conformance tests compare Retort with what it does.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const ALEMBIC_VERSION: &str = "1.20.1";
pub const SQLALCHEMY_VERSION: &str = "2.1.9";

/// A stable 64-bit FNV-1a hash (std's `DefaultHasher` may change between Rust releases):
/// the key of cached oracle answers.
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for part in parts {
        for b in part.iter().chain(&[0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// The repository root (the example project lives in `migrations/` below it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The oracle's virtualenv: `$RETORT_VENV`, else the bootstrap script's default location.
pub fn venv() -> PathBuf {
    let venv = std::env::var_os("RETORT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"));
            cache.join("retort/venv")
        });
    assert!(
        venv.join("bin/alembic").exists(),
        "the oracle venv is missing at {}\nhint: run `bash scripts/bootstrap.sh` (it installs alembic {ALEMBIC_VERSION})",
        venv.display()
    );
    venv
}

/// Where the differential tests cache the oracle's answers of one `kind`:
/// `$RETORT_TOOLS/oracle-cache/<kind>` (default `$XDG_CACHE_HOME/retort`, else `~/.cache/retort`).
pub fn oracle_cache(kind: &str) -> PathBuf {
    let tools = std::env::var_os("RETORT_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache"))
                .join("retort")
        });
    tools.join("oracle-cache").join(kind)
}

/// What one oracle command printed.
#[derive(Debug)]
pub struct Output {
    pub ok: bool,
    /// The exit code (`None` if a signal ended the process).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A copy of a project in a temporary directory, where the oracle may write its database.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// Copies `src` (a directory) into a new temporary directory under the same name.
    pub fn with_copy_of(src: &Path) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(src, &dir.path().join(src.file_name().unwrap()));
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A copy of the conformance set `set` (`tests/conformance/sets/<set>`) whose revision
    /// files are `revisions` (file name, text) instead of its own.
    pub fn with_revisions(set: &str, revisions: &[(&str, &str)]) -> Workspace {
        let ws = Workspace::with_copy_of(&repo_root().join("tests/conformance/sets").join(set));
        let versions = ws.path().join(set).join("versions");
        std::fs::remove_dir_all(&versions).unwrap();
        std::fs::create_dir(&versions).unwrap();
        for (name, text) in revisions {
            std::fs::write(versions.join(name), text).unwrap();
        }
        ws
    }

    /// Runs `alembic ARGS` in the workspace.
    pub fn alembic(&self, args: &[&str]) -> Output {
        self.run(venv().join("bin/alembic").as_os_str(), args)
    }

    /// Runs `program ARGS` in the workspace (`retort`, as the tests' `CARGO_BIN_EXE_retort`).
    pub fn run(&self, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Output {
        self.run_in(self.path(), program, args)
    }

    /// Like [`Workspace::run`], in `dir` (a directory of the workspace).
    pub fn run_in(
        &self,
        dir: &Path,
        program: impl AsRef<std::ffi::OsStr>,
        args: &[&str],
    ) -> Output {
        let program = program.as_ref();
        let out = Command::new(program)
            .args(args)
            .current_dir(dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", program.to_string_lossy()));
        Output {
            ok: out.status.success(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Like [`Workspace::alembic`], failing the test with Alembic's own words on error.
    pub fn alembic_ok(&self, args: &[&str]) -> Output {
        let out = self.alembic(args);
        assert!(
            out.ok,
            "alembic {args:?} failed\nstdout:\n{}\nstderr:\n{}",
            out.stdout, out.stderr
        );
        out
    }
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "__pycache__" {
            continue;
        }
        let target = dst.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
