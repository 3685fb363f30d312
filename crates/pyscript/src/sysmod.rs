//! `sys`, and `_sandbox`: the native helpers the library modules written in Python (`os`,
//! `pathlib`, `configparser`, ...) reach the host through. Every refusal is a native
//! function, so the error points at the script's own line, not into the library.

use std::rc::Rc;

use crate::interp::sandbox::FileKind;
use crate::interp::{Interp, Unwind};
use crate::value::*;

/// The CPython version the sandbox answers as (`sys.version_info`).
const VERSION: (i64, i64, i64) = (3, 11, 7);

/// Why the sandbox refuses an operation; the first words of the error.
fn refusal(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "proc" => (
            "Retort's sandbox cannot run processes",
            "scripts run without processes, signals or a shell",
        ),
        "pickle" => (
            "Retort's sandbox has no serialized Python objects",
            "unpickling runs arbitrary code; store such data as JSON (`json.dumps`/`json.loads`) instead",
        ),
        "entropy" => (
            "Retort's sandbox has no source of randomness",
            "use `random` (seeded deterministically in the sandbox) or `uuid.uuid4()`",
        ),
        "stdin" => (
            "Retort's sandbox has no standard input",
            "scripts cannot ask for input",
        ),
        "net" => (
            "Retort's sandbox has no network",
            "scripts run without network access",
        ),
        "reload" => (
            "Retort's sandbox does not reload modules",
            "a module runs once per run; import it instead",
        ),
        _ => (
            "Retort's sandbox has no file system",
            "scripts run without file access; compute paths as strings (`os.path` and `pathlib`'s pure operations work)",
        ),
    }
}

/// The error for `what` (`os.listdir()`), refused for reason `kind`.
pub(crate) fn refuse(it: &Interp, what: &str, kind: &str) -> Unwind {
    let (why, hint) = refusal(kind);
    it.unsupported(format!("{why}: `{what}` is refused"), Some(hint.to_owned()))
}

/// The path a script passes (`str`, `bytes` or an object with `__fspath__`), as a string.
pub(crate) fn fspath(it: &mut Interp, v: &Value) -> EvalResult<String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
        _ => match it.call_special(v, "__fspath__", vec![])? {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(r) => Err(it.type_error(format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                v.type_name(),
                r.type_name()
            ))),
            None => Err(it.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                v.type_name()
            ))),
        },
    }
}

/// `path` made absolute against `cwd` and normalised as `posixpath.normpath` does.
pub(crate) fn absolute(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{}/{path}", cwd.trim_end_matches('/'))
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn arg_or_none(a: &Args, i: usize) -> Value {
    a.positional.get(i).cloned().unwrap_or(Value::None)
}

fn str_of_arg(it: &Interp, a: &Args, i: usize, what: &str) -> EvalResult<String> {
    match a.positional.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        _ => Err(it.type_error(format!("{what}: expected a str argument"))),
    }
}

/// A native that refuses `what` for reason `kind`, whatever it is called with.
fn refusing(what: String, kind: String) -> Value {
    Value::native(&what.clone(), move |it, _| Err(refuse(it, &what, &kind)))
}

/// `_sandbox`: what the library modules written in Python ask the host.
pub(crate) fn sandbox_module(interp: &Interp) -> Module {
    let _ = interp;
    Module::new(
        "_sandbox",
        [
            (
                "environ",
                Value::native("environ", |it, _| {
                    Ok(Value::list(
                        it.host
                            .environ
                            .iter()
                            .map(|(k, v)| Value::tuple(vec![Value::str(k), Value::str(v)]))
                            .collect(),
                    ))
                }),
            ),
            (
                "getcwd",
                Value::native("getcwd", |it, _| Ok(Value::str(&it.host.cwd))),
            ),
            (
                // `refuse('os.listdir()', 'fs')`: a function that refuses when called.
                "refuse",
                Value::native("refuse", |it, a| {
                    let what = str_of_arg(it, &a, 0, "refuse")?;
                    let kind = str_of_arg(it, &a, 1, "refuse").unwrap_or_default();
                    Ok(refusing(what, kind))
                }),
            ),
            (
                // `probe('exists', 'os.path.exists()')`: a method-like native asking the
                // host's file probe about its argument (the last positional one, so that it
                // works bound to a `Path` as well as called with a path).
                "probe",
                Value::native("probe", |it, a| {
                    let which = str_of_arg(it, &a, 0, "probe")?;
                    let what = str_of_arg(it, &a, 1, "probe")?;
                    Ok(Value::native_method(&which.clone(), move |it, a| {
                        let Some(path) = a.positional.first() else {
                            return Err(it.type_error(format!(
                                "{what} missing 1 required positional argument: 'path'"
                            )));
                        };
                        let path = fspath(it, path)?;
                        let Some(probe) = it.host.file_probe.clone() else {
                            return Err(refuse(it, &what, "fs"));
                        };
                        let kind = probe(&absolute(&it.host.cwd, &path));
                        Ok(Value::Bool(match which.as_str() {
                            "isfile" => kind == Some(FileKind::File),
                            "isdir" => kind == Some(FileKind::Dir),
                            "islink" => false,
                            _ => kind.is_some(),
                        }))
                    }))
                }),
            ),
            (
                // `reader('Path.read_text()')`: the text of a file through the host's
                // reader; `FileNotFoundError` when it has none there.
                "reader",
                Value::native("reader", |it, a| {
                    let what = str_of_arg(it, &a, 0, "reader")?;
                    Ok(Value::native_method(&what.clone(), move |it, a| {
                        let path = fspath(it, &arg_or_none(&a, 0))?;
                        let Some(read) = it.host.file_reader.clone() else {
                            return Err(refuse(it, &what, "fs"));
                        };
                        match read(&absolute(&it.host.cwd, &path)) {
                            Some(text) => {
                                it.alloc(text.len())?;
                                Ok(Value::str(&text))
                            }
                            None => Err(it.exc(
                                "FileNotFoundError",
                                format!(
                                    "[Errno 2] No such file or directory: {}",
                                    crate::format::str_repr(&path)
                                ),
                            )),
                        }
                    }))
                }),
            ),
            (
                // `import_module('a.b')`: through the interpreter's import system.
                "import_module",
                Value::native("import_module", |it, a| {
                    let name = str_of_arg(it, &a, 0, "import_module")?;
                    it.import_module(&name)
                }),
            ),
            (
                // `find_module('a.b')`: the module, imported, or `None`.
                "find_module",
                Value::native("find_module", |it, a| {
                    let name = str_of_arg(it, &a, 0, "find_module")?;
                    Ok(it.try_import(&name)?.unwrap_or(Value::None))
                }),
            ),
            (
                // `needs_reader('ConfigParser.read()', '_read_files')`: a method that calls
                // `self._read_files(...)` when the host has a file reader, and is refused
                // (at the caller's line) when it has none.
                "needs_reader",
                Value::native("needs_reader", |it, a| {
                    let what = str_of_arg(it, &a, 0, "needs_reader")?;
                    let method = str_of_arg(it, &a, 1, "needs_reader")?;
                    Ok(Value::native_method(&what.clone(), move |it, mut a| {
                        if it.host.file_reader.is_none() {
                            return Err(refuse(it, &what, "fs"));
                        }
                        if a.positional.is_empty() {
                            return Err(it.type_error(format!("{what} needs an instance")));
                        }
                        let me = a.positional.remove(0);
                        let f = it.get_attr(&me, &method)?;
                        it.call(&f, a)
                    }))
                }),
            ),
            (
                "has_reader",
                Value::native("has_reader", |it, _| {
                    Ok(Value::Bool(it.host.file_reader.is_some()))
                }),
            ),
        ],
    )
}

/// `sys`, over the namespace the host shares (`sys.path`).
pub(crate) fn sys_module(interp: &Interp) -> Module {
    let globals = interp.host.sys_globals.clone();
    let (major, minor, micro) = VERSION;
    let attrs: Vec<(&str, Value)> = vec![
        ("argv", Value::list(Vec::new())),
        ("version_info", Value::host(VersionInfo)),
        (
            "version",
            Value::str(&format!("{major}.{minor}.{micro} (Retort's sandbox)")),
        ),
        (
            "hexversion",
            Value::Int((major << 24) | (minor << 16) | (micro << 8) | 0xf0),
        ),
        ("platform", Value::str("linux")),
        ("byteorder", Value::str("little")),
        ("maxsize", Value::Int(i64::MAX)),
        ("maxunicode", Value::Int(0x10ffff)),
        ("executable", Value::str("")),
        ("prefix", Value::str("/usr")),
        ("warnoptions", Value::list(Vec::new())),
        ("dont_write_bytecode", Value::Bool(true)),
        ("modules", Value::host(SysModules)),
        ("stdout", Value::host(Stream { stderr: false })),
        ("stderr", Value::host(Stream { stderr: true })),
        ("__stdout__", Value::host(Stream { stderr: false })),
        ("__stderr__", Value::host(Stream { stderr: true })),
        ("stdin", Value::host(Stdin)),
        (
            "exit",
            Value::native("exit", |it, a| {
                let code = arg_or_none(&a, 0);
                let e = it.exception_value("SystemExit", "");
                if let Value::Instance(i) = &e {
                    i.set(
                        "args",
                        match &code {
                            Value::None => Value::tuple(vec![]),
                            c => Value::tuple(vec![c.clone()]),
                        },
                    );
                    i.set("code", code);
                }
                Err(it.raise_value(e))
            }),
        ),
        (
            "getdefaultencoding",
            Value::native("getdefaultencoding", |_, _| Ok(Value::str("utf-8"))),
        ),
        (
            "getfilesystemencoding",
            Value::native("getfilesystemencoding", |_, _| Ok(Value::str("utf-8"))),
        ),
        (
            "getrecursionlimit",
            Value::native("getrecursionlimit", |_, _| Ok(Value::Int(1000))),
        ),
        (
            "setrecursionlimit",
            Value::native("setrecursionlimit", |_, _| Ok(Value::None)),
        ),
        (
            "exc_info",
            Value::native("exc_info", |it, _| {
                Ok(match it.handled_exception() {
                    Some(e) => Value::tuple(vec![it.type_of(&e), e, Value::None]),
                    None => Value::tuple(vec![Value::None, Value::None, Value::None]),
                })
            }),
        ),
        (
            "exception",
            Value::native("exception", |it, _| {
                Ok(it.handled_exception().unwrap_or(Value::None))
            }),
        ),
        (
            "intern",
            Value::native("intern", |_, a| Ok(arg_or_none(&a, 0))),
        ),
    ];
    for (k, v) in attrs {
        globals.set(k, v);
    }
    if globals.get("path").is_none() {
        globals.set("path", Value::list(Vec::new()));
    }
    Module {
        name: Rc::from("sys"),
        globals,
        lazy_submodules: false,
    }
}

/// `sys.version_info`: a named tuple that compares as the tuple it is.
struct VersionInfo;

impl VersionInfo {
    fn tuple() -> Value {
        let (major, minor, micro) = VERSION;
        Value::tuple(vec![
            Value::Int(major),
            Value::Int(minor),
            Value::Int(micro),
            Value::str("final"),
            Value::Int(0),
        ])
    }
}

impl HostObject for VersionInfo {
    fn type_name(&self) -> String {
        "sys.version_info".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let (major, minor, micro) = VERSION;
        Ok(Some(match name {
            "major" => Value::Int(major),
            "minor" => Value::Int(minor),
            "micro" => Value::Int(micro),
            "releaselevel" => Value::str("final"),
            "serial" => Value::Int(0),
            _ => return Ok(None),
        }))
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        let me = Self::tuple();
        match (op, other) {
            (Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge, Value::Tuple(_))
            | (Op::Add, Value::Tuple(_)) => {
                let (l, r) = if reflected {
                    (other, &me)
                } else {
                    (&me, other)
                };
                it.binary(op, l, r).map(Some)
            }
            (Op::Eq | Op::Ne, _) => Ok(op.equality(other.downcast_host::<VersionInfo>().is_some())),
            _ => Ok(None),
        }
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        it.get_item(&Self::tuple(), key).map(Some)
    }
    fn iterate(self: Rc<Self>, it: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        it.iterate(&Self::tuple()).map(Some)
    }
    fn len(&self) -> Option<usize> {
        Some(5)
    }
    fn hash_key(&self) -> Option<HashKey> {
        HashKey::of(&Self::tuple()).ok()
    }
    fn repr(&self) -> String {
        let (major, minor, micro) = VERSION;
        format!(
            "sys.version_info(major={major}, minor={minor}, micro={micro}, releaselevel='final', serial=0)"
        )
    }
}

/// `sys.modules`: a view of the interpreter's module cache.
struct SysModules;

impl HostObject for SysModules {
    fn type_name(&self) -> String {
        "dict".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let f = match name {
            "get" => Value::native("get", |it, a| {
                let Some(Value::Str(k)) = a.positional.first() else {
                    return Ok(arg_or_none(&a, 1));
                };
                Ok(it.cached_module(k).unwrap_or_else(|| arg_or_none(&a, 1)))
            }),
            "keys" => Value::native("keys", |it, _| {
                Ok(Value::list(
                    it.cached_module_names()
                        .iter()
                        .map(|n| Value::str(n))
                        .collect(),
                ))
            }),
            "values" | "items" => {
                let items = name == "items";
                Value::native(name, move |it, _| {
                    let mut out = Vec::new();
                    for n in it.cached_module_names() {
                        let m = it.cached_module(&n).unwrap_or(Value::None);
                        out.push(if items {
                            Value::tuple(vec![Value::str(&n), m])
                        } else {
                            m
                        });
                    }
                    Ok(Value::list(out))
                })
            }
            "pop" => Value::native("pop", |it, a| {
                let k = str_of_arg(it, &a, 0, "pop")?;
                match it.cached_module(&k) {
                    Some(m) => {
                        it.set_cached_module(&k, None);
                        Ok(m)
                    }
                    None => match a.positional.get(1) {
                        Some(d) => Ok(d.clone()),
                        None => Err(it.key_error(&Value::str(&k))),
                    },
                }
            }),
            "setdefault" => Value::native("setdefault", |it, a| {
                let k = str_of_arg(it, &a, 0, "setdefault")?;
                if let Some(m) = it.cached_module(&k) {
                    return Ok(m);
                }
                let v = arg_or_none(&a, 1);
                it.set_cached_module(&k, Some(v.clone()));
                Ok(v)
            }),
            _ => return Ok(None),
        };
        Ok(Some(f))
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        match key.as_str().and_then(|k| it.cached_module(k)) {
            Some(m) => Ok(Some(m)),
            None => Err(it.key_error(key)),
        }
    }
    fn set_item(&self, it: &mut Interp, key: Value, value: Value) -> EvalResult<bool> {
        let Value::Str(k) = key else {
            return Err(it.type_error("sys.modules keys must be str"));
        };
        it.set_cached_module(&k, Some(value));
        Ok(true)
    }
    fn iterate(self: Rc<Self>, it: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(
            it.cached_module_names()
                .iter()
                .map(|n| Value::str(n))
                .collect(),
        ))
    }
    fn truthy(&self) -> Option<bool> {
        Some(true)
    }
    fn repr(&self) -> String {
        "<sys.modules>".into()
    }
}

/// `sys.stdout` / `sys.stderr`: writing to stdout is printing.
struct Stream {
    stderr: bool,
}

impl HostObject for Stream {
    fn type_name(&self) -> String {
        "TextIOWrapper".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let stderr = self.stderr;
        Ok(Some(match name {
            "write" => Value::native("write", move |it, a| {
                let Some(Value::Str(s)) = a.positional.first() else {
                    return Err(it.type_error(format!(
                        "write() argument must be str, not {}",
                        arg_or_none(&a, 0).type_name()
                    )));
                };
                it.alloc(s.len())?;
                if stderr {
                    it.host.stderr.push_str(s);
                } else {
                    it.output.push_str(s);
                }
                Ok(Value::Int(s.chars().count() as i64))
            }),
            "writelines" => Value::native("writelines", move |it, a| {
                for line in it.iterate(&arg_or_none(&a, 0))? {
                    let s = crate::format::to_str(&line);
                    it.alloc(s.len())?;
                    if stderr {
                        it.host.stderr.push_str(&s);
                    } else {
                        it.output.push_str(&s);
                    }
                }
                Ok(Value::None)
            }),
            "flush" => Value::native("flush", |_, _| Ok(Value::None)),
            "isatty" => Value::native("isatty", |_, _| Ok(Value::Bool(false))),
            "encoding" => Value::str("utf-8"),
            "name" => Value::str(if stderr { "<stderr>" } else { "<stdout>" }),
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        format!(
            "<_io.TextIOWrapper name='<{}>' mode='w' encoding='utf-8'>",
            if self.stderr { "stderr" } else { "stdout" }
        )
    }
}

/// `sys.stdin`: there is no input.
struct Stdin;

impl HostObject for Stdin {
    fn type_name(&self) -> String {
        "TextIOWrapper".into()
    }
    fn get_attr(self: Rc<Self>, it: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        match name {
            "isatty" => Ok(Some(Value::native("isatty", |_, _| Ok(Value::Bool(false))))),
            "encoding" => Ok(Some(Value::str("utf-8"))),
            _ => Err(refuse(it, &format!("sys.stdin.{name}"), "stdin")),
        }
    }
    fn iterate(self: Rc<Self>, it: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Err(refuse(it, "sys.stdin", "stdin"))
    }
}

#[cfg(test)]
mod tests {
    use super::absolute;

    #[test]
    fn absolute_paths_are_normalised_against_the_cwd() {
        assert_eq!(absolute("/a/b", "c/../d/./e"), "/a/b/d/e");
        assert_eq!(absolute("/", "x"), "/x");
        assert_eq!(absolute("/a", "/../x//y/"), "/x/y");
        assert_eq!(absolute("/a/", ".."), "/");
    }
}
