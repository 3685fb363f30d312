//! Runtime values of the interpreter.
//!
//! Python's containers are shared and mutable (`Rc<RefCell<..>>`), strings and tuples are
//! immutable (`Rc`). Objects the host provides (`op`, `sa`, connections, rows) are
//! [`HostObject`]s; the interpreter only calls their trait methods.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::interp::{Interp, Unwind};

mod class;
mod dict;
mod function;
mod host;
mod namespace;

pub use class::{Class, Instance};
pub(crate) use class::{ClassFlags, is_data_descriptor};
pub use dict::{Dict, HashKey};
pub use function::{Args, AstRef, Function, FunctionBody, NativeFunction, Params};
pub(crate) use function::{ClassCell, NativeKind};
pub use host::{HostObject, Op, UnaryOp};
pub use namespace::{Module, Scope, read_hint, set_global_hint};

/// The interpreter's maps (namespaces, attributes, dicts): insertion-ordered, as Python's are,
/// and hashed with foldhash (SipHash was a tenth of a data migration's loop).
pub type Map<K, V> = IndexMap<K, V, foldhash::fast::RandomState>;

pub type Str = Rc<str>;
pub type EvalResult<T = Value> = Result<T, Unwind>;

#[derive(Clone)]
pub enum Value {
    None,
    Ellipsis,
    NotImplemented,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    Bytes(Rc<[u8]>),
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<[Value]>),
    Dict(Rc<RefCell<Dict>>),
    Set(Rc<RefCell<Dict>>),
    /// start, stop, step (behind a pointer: the variant would make every value 32 bytes).
    Range(Rc<(i64, i64, i64)>),
    Slice(Box<(Value, Value, Value)>),
    Function(Rc<Function>),
    Native(Rc<NativeFunction>),
    BoundMethod(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Instance(Rc<Instance>),
    Module(Rc<Module>),
    Host(Rc<dyn HostObject>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::repr(self))
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::from(items))
    }

    pub fn dict(d: Dict) -> Value {
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    pub fn native(name: &str, f: impl Fn(&mut Interp, Args) -> EvalResult + 'static) -> Value {
        Value::Native(Rc::new(NativeFunction {
            name: Rc::from(name),
            f: Box::new(f),
            kind: NativeKind::Function,
        }))
    }

    /// A native function that binds to the instance it is looked up on, as a Python
    /// function in a class does (`object.__init__`, a host class's methods).
    pub fn native_method(
        name: &str,
        f: impl Fn(&mut Interp, Args) -> EvalResult + 'static,
    ) -> Value {
        Value::Native(Rc::new(NativeFunction {
            name: Rc::from(name),
            f: Box::new(f),
            kind: NativeKind::Method,
        }))
    }

    /// A builtin type whose call constructs a value (`int`, `list`): prints as a class,
    /// and subscripting it makes a `types.GenericAlias` (`list[int]`).
    pub(crate) fn native_type(
        name: &str,
        f: impl Fn(&mut Interp, Args) -> EvalResult + 'static,
    ) -> Value {
        Value::Native(Rc::new(NativeFunction {
            name: Rc::from(name),
            f: Box::new(f),
            kind: NativeKind::Type,
        }))
    }

    pub fn host(obj: impl HostObject + 'static) -> Value {
        Value::Host(Rc::new(obj))
    }

    /// The Python type name, as `type(x).__name__` gives it.
    pub fn type_name(&self) -> String {
        match self {
            Value::None => "NoneType".into(),
            Value::Ellipsis => "ellipsis".into(),
            Value::NotImplemented => "NotImplementedType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::Bytes(_) => "bytes".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Range(..) => "range".into(),
            Value::Slice(_) => "slice".into(),
            Value::Function(_) => "function".into(),
            Value::Native(n) if n.kind == NativeKind::Type => "type".into(),
            Value::Native(_) => "builtin_function_or_method".into(),
            Value::BoundMethod(_) => "method".into(),
            Value::Class(c) => match c.metaclass() {
                Some(m) => m.name.to_string(),
                None => "type".into(),
            },
            Value::Instance(i) => i.class.name.to_string(),
            Value::Module(_) => "module".into(),
            Value::Host(h) => match h.instance_class() {
                Some(c) => c.name.to_string(),
                None => h.type_name(),
            },
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Identity (`is`): same object for shared values, same value for immutable atoms.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None)
            | (Value::Ellipsis, Value::Ellipsis)
            | (Value::NotImplemented, Value::NotImplemented) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b) || a == b,
            (Value::List(a), Value::List(b)) => Rc::ptr_eq(a, b),
            (Value::Dict(a), Value::Dict(b)) => Rc::ptr_eq(a, b),
            (Value::Set(a), Value::Set(b)) => Rc::ptr_eq(a, b),
            (Value::Tuple(a), Value::Tuple(b)) => Rc::ptr_eq(a, b),
            (Value::Function(a), Value::Function(b)) => Rc::ptr_eq(a, b),
            (Value::Native(a), Value::Native(b)) => Rc::ptr_eq(a, b),
            (Value::Class(a), Value::Class(b)) => Rc::ptr_eq(a, b),
            (Value::Instance(a), Value::Instance(b)) => Rc::ptr_eq(a, b),
            (Value::Module(a), Value::Module(b)) => Rc::ptr_eq(a, b),
            (Value::Host(a), Value::Host(b)) => std::ptr::addr_eq(Rc::as_ptr(a), Rc::as_ptr(b)),
            (Value::BoundMethod(a), Value::BoundMethod(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Downcasts a host object to the engine's concrete type.
    pub fn downcast_host<T: 'static>(&self) -> Option<&T> {
        match self {
            Value::Host(h) => h.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    pub fn host_rc(&self) -> Option<&Rc<dyn HostObject>> {
        match self {
            Value::Host(h) => Some(h),
            _ => None,
        }
    }
}

/// A class's `__name__` from the qualified name a value's type has (`decimal.Decimal`).
pub(crate) fn unqualified(type_name: &str) -> &str {
    type_name.rsplit('.').next().unwrap_or(type_name)
}
