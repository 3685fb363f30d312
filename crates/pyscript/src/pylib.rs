//! The modules of the interpreter's library that are written in Python (`src/python/`):
//! run as modules on first import, like a project's own, from sources compiled into the
//! binary. They reach the host only through `_sandbox` (see `sysmod.rs`).

use crate::interp::Interp;
use crate::value::*;

/// Module name and source, alphabetical.
const SOURCES: &[(&str, &str)] = &[
    (
        "_namedtuple",
        include_str!(concat!(env!("OUT_DIR"), "/python/_namedtuple.py")),
    ),
    (
        "configparser",
        include_str!(concat!(env!("OUT_DIR"), "/python/configparser.py")),
    ),
    (
        "copy",
        include_str!(concat!(env!("OUT_DIR"), "/python/copy.py")),
    ),
    (
        "csv",
        include_str!(concat!(env!("OUT_DIR"), "/python/csv.py")),
    ),
    (
        "dataclasses",
        include_str!(concat!(env!("OUT_DIR"), "/python/dataclasses.py")),
    ),
    (
        "difflib",
        include_str!(concat!(env!("OUT_DIR"), "/python/difflib.py")),
    ),
    (
        "fnmatch",
        include_str!(concat!(env!("OUT_DIR"), "/python/fnmatch.py")),
    ),
    (
        "functools",
        include_str!(concat!(env!("OUT_DIR"), "/python/functools.py")),
    ),
    (
        "glob",
        include_str!(concat!(env!("OUT_DIR"), "/python/glob.py")),
    ),
    (
        "http",
        include_str!(concat!(env!("OUT_DIR"), "/python/http.py")),
    ),
    (
        "http.client",
        include_str!(concat!(env!("OUT_DIR"), "/python/http_client.py")),
    ),
    (
        "importlib",
        include_str!(concat!(env!("OUT_DIR"), "/python/importlib.py")),
    ),
    (
        "importlib.machinery",
        include_str!(concat!(env!("OUT_DIR"), "/python/importlib_machinery.py")),
    ),
    (
        "importlib.metadata",
        include_str!(concat!(env!("OUT_DIR"), "/python/importlib_metadata.py")),
    ),
    (
        "importlib.util",
        include_str!(concat!(env!("OUT_DIR"), "/python/importlib_util.py")),
    ),
    (
        "io",
        include_str!(concat!(env!("OUT_DIR"), "/python/io.py")),
    ),
    (
        "itertools",
        include_str!(concat!(env!("OUT_DIR"), "/python/itertools.py")),
    ),
    (
        "logging",
        include_str!(concat!(env!("OUT_DIR"), "/python/logging.py")),
    ),
    (
        "logging.config",
        include_str!(concat!(env!("OUT_DIR"), "/python/logging_config.py")),
    ),
    (
        "logging.handlers",
        include_str!(concat!(env!("OUT_DIR"), "/python/logging_handlers.py")),
    ),
    (
        "operator",
        include_str!(concat!(env!("OUT_DIR"), "/python/operator.py")),
    ),
    (
        "os",
        include_str!(concat!(env!("OUT_DIR"), "/python/os.py")),
    ),
    (
        "pathlib",
        include_str!(concat!(env!("OUT_DIR"), "/python/pathlib.py")),
    ),
    (
        "pickle",
        include_str!(concat!(env!("OUT_DIR"), "/python/pickle.py")),
    ),
    (
        "posixpath",
        include_str!(concat!(env!("OUT_DIR"), "/python/posixpath.py")),
    ),
    (
        "shlex",
        include_str!(concat!(env!("OUT_DIR"), "/python/shlex.py")),
    ),
    (
        "shutil",
        include_str!(concat!(env!("OUT_DIR"), "/python/shutil.py")),
    ),
    (
        "string",
        include_str!(concat!(env!("OUT_DIR"), "/python/string.py")),
    ),
    (
        "textwrap",
        include_str!(concat!(env!("OUT_DIR"), "/python/textwrap.py")),
    ),
    (
        "urllib",
        include_str!(concat!(env!("OUT_DIR"), "/python/urllib.py")),
    ),
    (
        "urllib.parse",
        include_str!(concat!(env!("OUT_DIR"), "/python/urllib_parse.py")),
    ),
    (
        "warnings",
        include_str!(concat!(env!("OUT_DIR"), "/python/warnings.py")),
    ),
];

/// Runs the library module `name` if it is one of the interpreter's Python sources.
pub(crate) fn module(interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
    match name {
        // `os.path` is `posixpath`, one module under both names.
        "os.path" => return interp.import_module("posixpath").map(Some),
        "sys" => {
            return Ok(Some(Value::Module(std::rc::Rc::new(
                crate::sysmod::sys_module(interp),
            ))));
        }
        "random" => {
            return Ok(Some(Value::Module(std::rc::Rc::new(
                crate::random::module(),
            ))));
        }
        "struct" => {
            return Ok(Some(Value::Module(std::rc::Rc::new(
                crate::structmod::module(interp),
            ))));
        }
        "_sandbox" => {
            return Ok(Some(Value::Module(std::rc::Rc::new(
                crate::sysmod::sandbox_module(interp),
            ))));
        }
        _ => {}
    }
    match SOURCES.binary_search_by(|(n, _)| n.cmp(&name)) {
        Ok(i) => interp.exec_library_source(name, SOURCES[i].1).map(Some),
        Err(_) => Ok(None),
    }
}

#[test]
fn sources_are_sorted_for_binary_search() {
    assert!(SOURCES.windows(2).all(|w| w[0].0 < w[1].0));
}
