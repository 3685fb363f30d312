//! `HostObject`, the trait of the objects a host provides, and the operators as they see
//! them.

use std::any::Any;
use std::rc::Rc;

use super::*;
use crate::interp::Interp;

/// A binary or comparison operator, as host objects see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    /// Whether a comparison operator holds for operands ordered `ord`.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Op::Eq => ord == Equal,
            Op::Ne => ord != Equal,
            Op::Lt => ord == Less,
            Op::Le => ord != Greater,
            Op::Gt => ord == Greater,
            _ => ord != Less,
        }
    }

    /// `==` / `!=` of two objects that are equal exactly when `same`; `None` (not supported)
    /// for the other operators.
    pub fn equality(self, same: bool) -> Option<Value> {
        match self {
            Op::Eq => Some(Value::Bool(same)),
            Op::Ne => Some(Value::Bool(!same)),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
}

/// The concrete object behind a `dyn HostObject` (trait upcasting), for downcasts.
impl dyn HostObject {
    pub fn as_any(&self) -> &dyn Any {
        self
    }
}

/// An object the host provides. Every method has a default that makes it behave like an
/// object without that capability, so a host implements only what its object supports.
// `len` is Python's `len()` hook (`None`: the object has none); emptiness is its truth
// (`bool_value`), not a method of its own.
#[allow(clippy::len_without_is_empty)]
pub trait HostObject: Any {
    fn type_name(&self) -> String;

    /// The Python library this object re-implements (`"SQLAlchemy"`), if any: an attribute
    /// it lacks is then said to be a gap in Retort, which the real library may not have.
    fn library(&self) -> Option<&'static str> {
        None
    }

    /// `obj.name`; `Ok(None)` raises `AttributeError`.
    fn get_attr(self: Rc<Self>, _interp: &mut Interp, _name: &str) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// `obj.name = value`; `Ok(false)` raises `AttributeError`.
    fn set_attr(&self, _interp: &mut Interp, _name: &str, _value: Value) -> EvalResult<bool> {
        Ok(false)
    }

    /// `obj(...)`; `Ok(None)` raises "object is not callable".
    fn call(self: Rc<Self>, _interp: &mut Interp, _args: Args) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// `obj <op> other` (or, with `reflected`, `other <op> obj`); `Ok(None)` is Python's
    /// `NotImplemented`.
    fn binary_op(
        self: Rc<Self>,
        _interp: &mut Interp,
        _op: Op,
        _other: &Value,
        _reflected: bool,
    ) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    fn unary_op(self: Rc<Self>, _interp: &mut Interp, _op: UnaryOp) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// `obj[key]`; `Ok(None)` raises "not subscriptable".
    fn get_item(self: Rc<Self>, _interp: &mut Interp, _key: &Value) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// `obj[key] = value`; `Ok(false)` raises "does not support item assignment".
    fn set_item(&self, _interp: &mut Interp, _key: Value, _value: Value) -> EvalResult<bool> {
        Ok(false)
    }

    /// `iter(obj)` as a list of items; `Ok(None)` raises "not iterable".
    fn iterate(self: Rc<Self>, _interp: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(None)
    }

    /// `len(obj)`.
    fn len(&self) -> Option<usize> {
        None
    }

    /// `bool(obj)` where asking may fail (an object whose truth is not known yet); the
    /// default is [`HostObject::truthy`].
    fn bool_value(self: Rc<Self>, _interp: &mut Interp) -> EvalResult<Option<bool>> {
        Ok(self.truthy())
    }

    /// `bool(obj)`; `None` means "always true", as for plain objects.
    fn truthy(&self) -> Option<bool> {
        None
    }

    /// `with obj as x:` — the value bound to `x`; `Ok(None)` raises "does not support the
    /// context manager protocol".
    fn enter(self: Rc<Self>, _interp: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// Leaving the `with` block; `error` is set when the block raised. Return `Ok(true)` to
    /// suppress the error.
    fn exit(self: Rc<Self>, _interp: &mut Interp, _error: Option<&Value>) -> EvalResult<bool> {
        Ok(false)
    }

    fn repr(&self) -> String {
        format!("<{} object>", self.type_name())
    }

    /// `str(obj)`; defaults to `repr`.
    fn to_str(&self) -> String {
        self.repr()
    }

    /// `str(obj)` where it may fail (an object whose text is not known); `None` defers to
    /// [`HostObject::to_str`].
    fn str_value(self: Rc<Self>, _interp: &mut Interp) -> EvalResult<Option<String>> {
        Ok(None)
    }

    /// Hash identity when the object is hashable by value.
    fn hash_key(&self) -> Option<HashKey> {
        None
    }

    /// `Subclass.name`, where the MRO of a Python subclass reaches this host class: by
    /// default what [`HostObject::get_attr`] answers.
    fn class_get_attr(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        self.get_attr(interp, name)
    }

    /// `item in obj`; `None` lets the interpreter compare `item` with what `obj` iterates.
    fn contains(self: Rc<Self>, _interp: &mut Interp, _item: &Value) -> EvalResult<Option<bool>> {
        Ok(None)
    }

    /// `isinstance(x, obj)` when `obj` is a host type object. `None` lets the interpreter
    /// answer: true for instances of Python subclasses of `obj` (see
    /// [`HostObject::subclass_hook`]), false otherwise.
    fn instance_check(&self, _value: &Value) -> Option<bool> {
        None
    }

    /// `del obj.name`; `Ok(false)` raises `AttributeError`.
    fn del_attr(&self, _interp: &mut Interp, _name: &str) -> EvalResult<bool> {
        Ok(false)
    }

    // ---------------------------------------------------------------- descriptors

    /// `__get__`: the value of this object found in a class dict, looked up on `instance`
    /// (`None` when looked up on the class `owner` itself). `Ok(None)`: not a descriptor,
    /// the object itself is the attribute. Lets a host object stored in a Python class act
    /// as a property (an ORM's instrumented attribute).
    fn descr_get(
        self: Rc<Self>,
        _interp: &mut Interp,
        _instance: Option<&Value>,
        _owner: &Value,
    ) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// `__set__` (`value` set) or `__delete__` (`value` `None`) on `instance`, for a data
    /// descriptor ([`HostObject::is_data_descriptor`]). `Ok(false)` raises `AttributeError`.
    fn descr_set(
        self: Rc<Self>,
        _interp: &mut Interp,
        _instance: &Value,
        _value: Option<Value>,
    ) -> EvalResult<bool> {
        Ok(false)
    }

    /// Whether this object, in a class dict, takes precedence over the instance dict
    /// (it has `__set__`/`__delete__`): then [`HostObject::descr_get`] and
    /// [`HostObject::descr_set`] handle reads and writes of the attribute.
    fn is_data_descriptor(&self) -> bool {
        false
    }

    /// `__set_name__`: called when a class whose body assigned this object to `name` is
    /// created.
    fn set_name(
        self: Rc<Self>,
        _interp: &mut Interp,
        _owner: &Rc<Class>,
        _name: &str,
    ) -> EvalResult<()> {
        Ok(())
    }

    // ---------------------------------------------------------------- host classes

    /// A host object that is a class can be a base of Python classes
    /// (`class JSONB(TypeDecorator)`, `class User(Base)`). The contract:
    ///
    /// - In the Python class's MRO the host class stands as a class of its own
    ///   ([`Class::host`] set), where the C3 order puts it. Attribute lookup on the Python
    ///   class walks the MRO; at the host class it asks this object's
    ///   [`HostObject::get_attr`].
    /// - `subclass_hook` is this host class's `__init_subclass__`: called once the Python
    ///   class `class` is created (after `__set_name__`), with the class statement's keyword
    ///   arguments, when the chain of `__init_subclass__` reaches the host class: directly if
    ///   no Python class before it defines `__init_subclass__`, else through their
    ///   `super().__init_subclass__(**kwargs)`, as in Python. The default accepts no keyword
    ///   arguments, as `object.__init_subclass__`.
    fn subclass_hook(
        self: Rc<Self>,
        interp: &mut Interp,
        class: &Rc<Class>,
        kwargs: Vec<(Str, Value)>,
    ) -> EvalResult<()> {
        match kwargs.first() {
            None => Ok(()),
            Some(_) => Err(interp.type_error(format!(
                "{}.__init_subclass__() takes no keyword arguments",
                class.name
            ))),
        }
    }

    /// `__new__` for a Python subclass `class` of this host class, called with the call's
    /// arguments when the class is called (the first host class of its MRO is asked, unless
    /// a Python class before it defines `__new__`). `Ok(Some(obj))`: the host made the
    /// instance: an object that remembers `class` and answers it from
    /// [`HostObject::instance_class`]. `Ok(None)`: a plain Python instance is made. Either
    /// way the interpreter then runs the first `__init__` of the MRO if a Python class
    /// before the host class defines it; its `super().__init__(...)` reaches the host
    /// instance's own `get_attr("__init__")` (or the host class's, for a plain instance),
    /// and is a no-op when the host has none. Without such an `__init__`, the arguments are
    /// left to `instantiate`.
    fn instantiate(
        self: Rc<Self>,
        _interp: &mut Interp,
        _class: &Rc<Class>,
        _args: &Args,
    ) -> EvalResult<Option<Value>> {
        Ok(None)
    }

    /// For an object made by [`HostObject::instantiate`]: its Python class. Attribute
    /// lookup finds the Python classes' attributes first (functions bound to this object),
    /// then asks [`HostObject::get_attr`]; `type(obj)`, `isinstance` and the operators'
    /// dunder methods go through the class too.
    fn instance_class(&self) -> Option<Rc<Class>> {
        None
    }

    // ---------------------------------------------------------------- coroutines

    /// `await obj`: the result. `Ok(None)` raises "can't be used in 'await' expression".
    fn await_value(self: Rc<Self>, _interp: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(None)
    }
}
