//! The parts of Python's standard library that revision files import: `typing`, `datetime`,
//! `uuid`, `json`, `enum`, `re`, `textwrap`, `collections`, `time`, `decimal`.
//!
//! Nothing here reads the clock, the environment or the disk: `datetime.now()` answers a
//! fixed instant and `uuid4()` a deterministic sequence, so a run is reproducible.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

mod abc;
mod base64;
mod binascii;
mod collections;
mod contextlib;
mod datetime;
mod enummod;
mod hashlib;
mod json;
mod math;
mod re;
mod time;
mod uuid;
mod zlib;

pub(crate) use datetime::native_type_attr as datetime_type_attr;
pub use datetime::{DateTime, Time, TimeDelta, TimeZone};
pub(crate) use enummod::{build_enum, class_attr, enum_lookup, enum_members};
pub use json::json_loads;
pub use uuid::Uuid;

/// Modules the interpreter itself provides (listed in import-error hints).
pub const MODULES: &[&str] = &[
    "__future__",
    "abc",
    "asyncio",
    "base64",
    "binascii",
    "collections",
    "collections.abc",
    "configparser",
    "contextlib",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "enum",
    "fnmatch",
    "functools",
    "glob",
    "hashlib",
    "http",
    "http.client",
    "importlib",
    "importlib.machinery",
    "importlib.metadata",
    "importlib.util",
    "io",
    "itertools",
    "json",
    "logging",
    "logging.config",
    "logging.handlers",
    "math",
    "operator",
    "os",
    "os.path",
    "pathlib",
    "pickle",
    "posixpath",
    "random",
    "re",
    "shlex",
    "shutil",
    "string",
    "struct",
    "sys",
    "textwrap",
    "time",
    "types",
    "typing",
    "typing_extensions",
    "urllib",
    "urllib.parse",
    "uuid",
    "warnings",
    "zlib",
];

pub(crate) fn module(interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
    let m = match name {
        "typing" => crate::typing::typing_module(interp)?,
        // One module under both names: `typing_extensions.Generic is typing.Generic`.
        "typing_extensions" => return interp.import_module("typing").map(Some),
        "types" => crate::typing::types_module(interp),
        "asyncio" => crate::coroutine::module(interp),
        "abc" => abc::abc_module(interp),
        "datetime" => datetime::datetime(),
        "uuid" => uuid::uuid(),
        "json" => json::json(),
        "enum" => enummod::enum_module(interp),
        "re" => re::re_module(),
        "collections" => collections::collections(interp)?,
        "zlib" => zlib::zlib(),
        "binascii" => binascii::binascii(interp),
        "time" => time::time(),
        "decimal" => crate::decimal::module(interp),
        "collections.abc" => crate::typing::abc_module(interp),
        "math" => math::math(),
        "contextlib" => contextlib::contextlib(),
        "base64" => base64::base64(),
        "hashlib" => hashlib::hashlib(),
        // Written in Python (`src/python/`), or `sys` and the sandbox's helpers.
        _ => return crate::pylib::module(interp, name),
    };
    Ok(Some(Value::Module(Rc::new(m))))
}

/// The string a Python string literal without escapes (`'name'`, `"it's"`) stands for.
pub(crate) fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = s.strip_prefix(q)?.strip_suffix(q)?;
    (s.len() >= 2 && !inner.contains('\\') && !inner.contains(q)).then(|| inner.to_owned())
}

fn str_arg(it: &Interp, a: &Args, i: usize) -> EvalResult<String> {
    match a.positional.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => Err(it.type_error(format!("expected str, got {}", v.type_name()))),
        None => Err(it.type_error("missing argument")),
    }
}

fn bytes_arg(it: &Interp, a: &Args) -> EvalResult<Vec<u8>> {
    match a.positional.first() {
        Some(Value::Bytes(b)) => Ok(b.to_vec()),
        Some(Value::Str(s)) => Ok(s.as_bytes().to_vec()),
        Some(v) => Err(it.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))),
        None => Ok(Vec::new()),
    }
}
