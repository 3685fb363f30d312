//! Builtin functions, exception classes, and the methods of builtin types.
//!
//! The `install` functions (one per group) are the checklist of what revision files may call;
//! names that exist in Python but are withheld on purpose (`exec`, `compile`, `__import__`,
//! ...) get a hint instead.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

mod constructors;
mod exceptions;
mod functions;
mod isinstance;
mod methods;
mod str_methods;

pub(crate) use exceptions::exception_attr;
pub(crate) use isinstance::isinstance;
pub(crate) use methods::{call_method, has_method, method, type_attr};

/// Builtins that Python has and the sandbox withholds on purpose.
pub(crate) fn missing_builtin_hint(name: &str) -> Option<String> {
    let why = match name {
        "input" | "exec" | "compile" | "__import__" | "locals" | "breakpoint" | "exit" | "quit"
        | "memoryview" | "help" | "dir" => {
            "revision files run in a sandbox without file, network, clock or interpreter access"
        }
        _ => return None,
    };
    Some(format!("`{name}` is withheld: {why}"))
}

pub(crate) fn install(interp: &mut Interp) {
    exceptions::install(interp);
    functions::install_sequences(interp);
    functions::install_attributes(interp);
    functions::install_namespaces(interp);
    functions::install_numbers_and_text(interp);
    functions::install_iterators(interp);
    functions::install_objects(interp);
    constructors::install(interp);
    interp.builtins.insert(Rc::from("None"), Value::None);
    interp
        .builtins
        .insert(Rc::from("NotImplemented"), Value::NotImplemented);
    interp
        .builtins
        .insert(Rc::from("Ellipsis"), Value::Ellipsis);
    interp
        .builtins
        .insert(Rc::from("__debug__"), Value::Bool(true));
}

/// Adds a builtin: a type if `TYPES` names it, else a function.
fn builtin(interp: &mut Interp, name: &'static str, f: fn(&mut Interp, Args) -> EvalResult) {
    let v = if TYPES.contains(&name) {
        Value::native_type(name, f)
    } else {
        Value::native(name, f)
    };
    interp.builtins.insert(Rc::from(name), v);
}

/// Builtins that are types in Python (`isinstance(x, int)`, `<class 'int'>`).
const TYPES: &[&str] = &[
    "bool",
    "bytes",
    "classmethod",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "int",
    "list",
    "map",
    "property",
    "range",
    "reversed",
    "set",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "zip",
];

fn one(it: &Interp, a: &Args, name: &str) -> EvalResult {
    a.positional
        .first()
        .cloned()
        .ok_or_else(|| it.type_error(format!("{name}() takes at least 1 argument (0 given)")))
}

fn two(it: &Interp, a: &Args, name: &str) -> EvalResult<(Value, Value)> {
    match (a.positional.first(), a.positional.get(1)) {
        (Some(x), Some(y)) => Ok((x.clone(), y.clone())),
        _ => Err(it.type_error(format!(
            "{name} expected 2 arguments, got {}",
            a.positional.len()
        ))),
    }
}

/// A value's own `__int__` / `__float__` / `__round__` / `__abs__` (a Python class's, or a
/// host value's), called with `args`; `None` if it has none.
fn dunder(it: &mut Interp, v: &Value, name: &str, args: Vec<Value>) -> EvalResult<Option<Value>> {
    if crate::interp::has_py_class(v)
        && let Some(r) = it.call_special(v, name, args.clone())?
    {
        return Ok(Some(r));
    }
    let Value::Host(h) = v else { return Ok(None) };
    match h.clone().get_attr(it, name)? {
        Some(f) => it.call(&f, Args::new(args)).map(Some),
        None => Ok(None),
    }
}
