//! The standard library's host-facing side: what the host provides (environment, working
//! directory, `sys.path`, file hooks) and what the sandbox refuses, at the script's line.
//! (What the modules compute is checked against CPython by the differential tests.)

use std::rc::Rc;

use super::*;

/// Runs `src` in an interpreter the host set up with `setup`; its output, or its error.
fn run_with(
    src: &str,
    setup: impl FnOnce(&mut Interp) + Send + 'static,
) -> Result<String, Box<Error>> {
    let src = src.to_owned();
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let module = Interp::parse("t.py", &src)?;
            let mut interp = Interp::default();
            setup(&mut interp);
            interp.exec_module(&module)?;
            Ok(interp.output)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[track_caller]
fn check(src: &str, expected: &str) {
    check_with(src, |_| {}, expected);
}

#[track_caller]
fn check_with(src: &str, setup: impl FnOnce(&mut Interp) + Send + 'static, expected: &str) {
    match run_with(src, setup) {
        Ok(out) => assert_eq!(out, expected, "program:\n{src}"),
        Err(e) => panic!("program failed:\n{src}\n{e}"),
    }
}

/// The error's `path:line:col: message`, and its hint.
#[track_caller]
fn refused(src: &str, expected_short: &str) -> Box<Error> {
    match run_with(src, |_| {}) {
        Ok(out) => panic!("program succeeded, printed {out:?}:\n{src}"),
        Err(e) => {
            assert_eq!(e.short(), expected_short, "full error:\n{e}");
            assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
            assert!(e.hint.is_some(), "{e}");
            e
        }
    }
}

#[test]
fn the_host_provides_environment_and_working_directory() {
    check(
        "import os\nprint(os.environ, os.getcwd(), os.path.abspath('a/../b'))",
        "environ({}) / /b\n",
    );
    check_with(
        "import os\nprint(os.environ['DB_URL'], os.getenv('NOPE', 'd'), os.getcwd(), os.path.abspath('x'))\nos.environ['DB_URL'] = 'changed'\nprint(os.environ.get('DB_URL'))",
        |it| {
            it.set_environ(vec![("DB_URL".into(), "sqlite://".into())]);
            it.set_cwd("/project");
        },
        "sqlite:// d /project /project/x\nchanged\n",
    );
}

#[test]
fn sys_path_is_shared_with_the_host() {
    let src = "import sys\nsys.path.insert(0, 'src')\nsys.path.append(7)\nprint(sys.path)";
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let module = Interp::parse("t.py", src).unwrap();
            let mut interp = Interp::default();
            interp.set_sys_path(vec!["/project".into()]);
            let handle = interp.sys_path();
            interp.exec_module(&module).unwrap();
            let mut seen = vec![interp.output.clone()];
            seen.push(format!("{:?}", handle.get()));
            // Rebinding `sys.path` is seen too.
            let module = Interp::parse("u.py", "import sys\nsys.path = ['other']").unwrap();
            interp.exec_module(&module).unwrap();
            seen.push(format!("{:?}", handle.get()));
            handle.set(vec!["from host".into()]);
            let module = Interp::parse("v.py", "import sys\nprint(sys.path)").unwrap();
            interp.output.clear();
            interp.exec_module(&module).unwrap();
            seen.push(interp.output.clone());
            tx.send(seen).unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        rx.recv().unwrap(),
        [
            "['src', '/project', 7]\n",
            "[\"src\", \"/project\"]",
            "[\"other\"]",
            "['from host']\n"
        ]
    );
}

#[test]
fn file_hooks_answer_when_the_host_sets_them() {
    let src = "import os, pathlib\nprint(os.path.exists('alembic.ini'), os.path.isfile('/p/alembic.ini'), os.path.isdir('versions'), os.path.isfile('versions'), os.path.exists('nope'))\nprint(pathlib.Path('versions').is_dir(), pathlib.Path('/p/x').exists())\nprint(pathlib.Path('alembic.ini').read_text())\ntry:\n    pathlib.Path('nope').read_text()\nexcept FileNotFoundError as e:\n    print(e)\nwith open('alembic.ini', encoding='utf-8') as f:\n    print(f.read(), f.name)\nprint(open('/p/alembic.ini', 'rb').read())\ntry:\n    open('missing.txt')\nexcept FileNotFoundError as e:\n    print(e)";
    check_with(
        src,
        |it| {
            it.set_cwd("/p");
            it.set_file_probe(Rc::new(|p: &str| match p {
                "/p/alembic.ini" => Some(FileKind::File),
                "/p/versions" => Some(FileKind::Dir),
                _ => None,
            }));
            it.set_file_reader(Rc::new(|p: &str| {
                (p == "/p/alembic.ini").then(|| "[alembic]".to_owned())
            }));
        },
        "True True True False False\nTrue False\n[alembic]\n[Errno 2] No such file or directory: 'nope'\n[alembic] alembic.ini\nb'[alembic]'\n[Errno 2] No such file or directory: 'missing.txt'\n",
    );
}

#[test]
fn a_missing_file_is_caught_as_ioerror() {
    // CPython: `unknown FileNotFoundError True` (IOError and EnvironmentError are OSError).
    check_with(
        "try:\n    VERSION = open('/nonexistent/VERSION').read()\nexcept IOError as e:\n    VERSION = 'unknown'\n    print(VERSION, type(e).__name__, isinstance(e, EnvironmentError))",
        |it| {
            it.set_file_probe(Rc::new(|_: &str| None));
            it.set_file_reader(Rc::new(|_: &str| None));
        },
        "unknown FileNotFoundError True\n",
    );
}

#[test]
fn file_system_processes_and_pickles_are_refused_at_the_line() {
    let e = refused(
        "import os\nx = 1\nos.listdir('.')",
        "t.py:3:1: unsupported: Retort's sandbox has no file system: `os.listdir()` is refused",
    );
    assert!(e.hint.as_deref().unwrap().contains("os.path"), "{e}");
    refused(
        "import os\nif os.path.exists('alembic.ini'):\n    pass",
        "t.py:2:4: unsupported: Retort's sandbox has no file system: `os.path.exists()` is refused",
    );
    refused(
        "x = open('/etc/passwd')",
        "t.py:1:5: unsupported: Retort's sandbox has no file system: `open()` is refused",
    );
    refused(
        "open('notes.txt', 'w')",
        "t.py:1:1: unsupported: Retort's sandbox has no file system: `open(..., \"w\")` is refused",
    );
    refused(
        "import os\nos.system('ls')",
        "t.py:2:1: unsupported: Retort's sandbox cannot run processes: `os.system()` is refused",
    );
    refused(
        "import os\nos.urandom(4)",
        "t.py:2:1: unsupported: Retort's sandbox has no source of randomness: `os.urandom()` is refused",
    );
    refused(
        "from pathlib import Path\np = Path('a') / 'b'\nprint(p.exists())",
        "t.py:3:7: unsupported: Retort's sandbox has no file system: `Path.exists()` is refused",
    );
    refused(
        "from pathlib import Path\nPath('a').read_text()",
        "t.py:2:1: unsupported: Retort's sandbox has no file system: `Path.read_text()` is refused",
    );
    refused(
        "from pathlib import Path\nPath('a').mkdir(parents=True)",
        "t.py:2:1: unsupported: Retort's sandbox has no file system: `Path.mkdir()` is refused",
    );
    refused(
        "import pickle\ndata = pickle.dumps({'a': 1})",
        "t.py:2:8: unsupported: Retort's sandbox has no serialized Python objects: `pickle.dumps()` is refused",
    );
    refused(
        "import configparser\nc = configparser.ConfigParser()\nc.read('alembic.ini')",
        "t.py:3:1: unsupported: Retort's sandbox has no file system: `ConfigParser.read()` is refused",
    );
    refused(
        "import sys\nsys.stdin.read()",
        "t.py:2:1: unsupported: Retort's sandbox has no standard input: `sys.stdin.read` is refused",
    );
    refused(
        "import shutil\nshutil.rmtree('x')",
        "t.py:2:1: unsupported: Retort's sandbox has no file system: `shutil.rmtree()` is refused",
    );
    refused(
        "import glob\nglob.glob('*.py')",
        "t.py:2:1: unsupported: Retort's sandbox has no file system: `glob.glob()` is refused",
    );
}

#[test]
fn library_work_counts_against_the_limits() {
    let e = run_with(
        "import itertools\nfor i in itertools.count():\n    pass",
        |_| {},
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.message.contains("step budget"), "{e}");
    let e = run_with("import itertools\nprint(sum(itertools.repeat(1)))", |_| {}).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    let e = run_with(
        "import string\nt = string.Template('$a' * 1000)\ns = 'x' * 1000000\nfor i in range(100):\n    s = t.substitute(a=s)",
        |_| {},
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Limit, "{e}");
    assert!(e.message.contains("memory cap"), "{e}");
}

#[test]
fn an_unseeded_random_is_seeded_as_seed_0() {
    // CPython: `random.seed(0); random.random()`.
    check(
        "import random\nprint(random.random())\nr = random.Random()\nprint(r.random())",
        "0.8444218515250481\n0.8444218515250481\n",
    );
}

#[test]
fn configparser_reads_through_the_hosts_reader() {
    check_with(
        "import configparser\nc = configparser.ConfigParser()\nprint(c.read(['alembic.ini', 'missing.ini']))\nprint(c.get('alembic', 'script_location'))",
        |it| {
            it.set_cwd("/p");
            it.set_file_reader(Rc::new(|p: &str| {
                (p == "/p/alembic.ini").then(|| {
                    "[alembic]\nscript_location = %(here)s/migrations\nhere = /p".to_owned()
                })
            }));
        },
        "['alembic.ini']\n/p/migrations\n",
    );
}
