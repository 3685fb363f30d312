//! The builtin exception classes (CPython's hierarchy, as plain classes whose `args` are the
//! constructor's positional arguments) and the attributes Python computes on their instances.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("StopAsyncIteration", "Exception"),
    ("MemoryError", "Exception"),
    ("EOFError", "Exception"),
    ("BufferError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("ReferenceError", "Exception"),
    ("SystemError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopIteration", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("FileExistsError", "OSError"),
    ("PermissionError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("BytesWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("EncodingWarning", "Warning"),
    ("KeyboardInterrupt", "BaseException"),
    ("SystemExit", "BaseException"),
    ("GeneratorExit", "BaseException"),
];

/// Python 3's other names of `OSError` (PEP 3151): the same class.
const ALIASES: &[(&str, &str)] = &[("IOError", "OSError"), ("EnvironmentError", "OSError")];

/// `BaseException.__new__`/`__init__`: `args` is the positional arguments.
fn exception_methods() -> Map<Str, Value> {
    let mut attrs = Map::default();
    attrs.insert(Rc::from("__module__"), Value::str("builtins"));
    attrs.insert(
        Rc::from("__new__"),
        Value::native("__new__", |it, a| {
            let Some(Value::Class(cls)) = a.positional.first() else {
                return Err(it.type_error("BaseException.__new__(X): X is not a type object"));
            };
            let inst = Instance::new(cls.clone());
            inst.set("args", Value::tuple(a.positional[1..].to_vec()));
            Ok(Value::Instance(Rc::new(inst)))
        }),
    );
    attrs.insert(
        Rc::from("__init__"),
        Value::native_method("__init__", |it, a| {
            if let Some((k, _)) = a.keywords.first()
                && let Some(v) = a.positional.first()
            {
                return Err(it.type_error(format!(
                    "{}() takes no keyword arguments (got '{k}')",
                    v.type_name()
                )));
            }
            if let Some(Value::Instance(i)) = a.positional.first() {
                i.set("args", Value::tuple(a.positional[1..].to_vec()));
            }
            Ok(Value::None)
        }),
    );
    attrs.insert(
        Rc::from("with_traceback"),
        Value::native_method("with_traceback", |_, a| {
            Ok(a.positional.first().cloned().unwrap_or(Value::None))
        }),
    );
    attrs
}

/// `ImportError(msg, name=..., path=...)`.
fn import_error_init(it: &mut Interp, mut a: Args) -> EvalResult {
    let name = a.take_kw("name").unwrap_or(Value::None);
    let path = a.take_kw("path").unwrap_or(Value::None);
    if let Some((k, _)) = a.keywords.first() {
        return Err(it.type_error(format!(
            "'{k}' is an invalid keyword argument for ImportError()"
        )));
    }
    if let Some(Value::Instance(i)) = a.positional.first() {
        i.set("args", Value::tuple(a.positional[1..].to_vec()));
        i.set("name", name);
        i.set("path", path);
    }
    Ok(Value::None)
}

/// Makes the exception classes, each after its base.
pub(super) fn install(interp: &mut Interp) {
    for (name, base) in EXCEPTIONS {
        let (base, mut attrs) = if base.is_empty() {
            (interp.object.clone(), exception_methods())
        } else {
            (interp.exc_classes[base].clone(), Map::default())
        };
        attrs.insert(Rc::from("__module__"), Value::str("builtins"));
        if *name == "ImportError" {
            attrs.insert(
                Rc::from("__init__"),
                Value::native_method("__init__", import_error_init),
            );
        }
        let cls = crate::interp::simple_class(name, base, attrs);
        interp.exc_classes.insert(name, cls.clone());
        interp.builtins.insert(Rc::from(*name), Value::Class(cls));
    }
    for (alias, name) in ALIASES {
        let cls = interp.exc_classes[name].clone();
        interp.builtins.insert(Rc::from(*alias), Value::Class(cls));
    }
    interp
        .exc_classes
        .insert("Exception", interp.exc_classes["Exception"].clone());
}

/// Attributes of exception instances that Python computes.
pub(crate) fn exception_attr(it: &Interp, i: &Instance, name: &str) -> Option<Value> {
    if !i.class.is_subclass_of(&it.exc_classes["BaseException"]) {
        return None;
    }
    match name {
        "args" => Some(Value::tuple(vec![])),
        "__cause__" | "__context__" | "__traceback__" => Some(Value::None),
        "__suppress_context__" => Some(Value::Bool(false)),
        "name" | "path" if i.class.is_subclass_of(&it.exc_classes["ImportError"]) => {
            Some(Value::None)
        }
        _ => None,
    }
}
