//! A sandboxed interpreter for the Python that Alembic revision files use.
//!
//! Source is parsed by ruff's parser (`ruff_python_parser`), checked for constructs the
//! interpreter does not support (rejected up front, with a span and a hint), then evaluated
//! by a tree-walking interpreter. Limits on steps, recursion and memory are counted by the
//! interpreter itself, identically natively and in wasm. See docs/decisions/0001.
//!
//! Architecture invariant: this crate knows nothing of Alembic, SQL or SQLite. Every `op.*`
//! and `sa.*` name reaches it as a [`HostObject`] through a [`ModuleResolver`] that the
//! engine provides.

mod builtins;
mod check;
mod coroutine;
mod decimal;
mod descriptors;
mod error;
mod format;
mod highlight;
mod interp;
mod iters;
mod ops;
mod pylib;
mod random;
mod scope;
mod stdlib;
mod structmod;
mod sysmod;
mod typing;
mod value;

/// Ruff's AST, as the interpreter uses it.
pub(crate) use ruff_python_ast as py_ast;

pub use decimal::{Decimal, DecimalValue};
pub use error::{Error, ErrorKind, LineIndex, TraceFrame};
pub use format::{float_repr, percent_format, repr, str_repr, to_str};
pub use highlight::{TokenClass, highlight};
pub use interp::sandbox::{FileKind, FileProbe, FileReader, SysPath};
pub use interp::{
    HostState, Interp, Limits, ModuleResolver, ModuleSource, ParsedModule, PyException, STACK_SIZE,
    SourceModule, Syntax, Unwind, docstring,
};
pub use stdlib::{DateTime, Time, TimeDelta, TimeZone, Uuid, json_loads};
pub use typing::generic_alias;
pub use value::{
    Args, Class, Dict, EvalResult, Function, HashKey, HostObject, Instance, Map, Module,
    NativeFunction, Op, Scope, Str, UnaryOp, Value,
};

#[cfg(test)]
mod stdlib_tests;
#[cfg(test)]
mod tests;
