//! Runtime values of the interpreter.
//!
//! Python's containers are shared and mutable (`Rc<RefCell<..>>`), strings and tuples are
//! immutable (`Rc`). Objects the host provides (`op`, `sa`, connections, rows) are
//! [`HostObject`]s; the interpreter only calls their trait methods.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::{Rc, Weak};

use indexmap::IndexMap;
use ruff_python_ast::{AtomicNodeIndex, NodeIndex};

use crate::interp::{Interp, Unwind};
use crate::py_ast::Stmt;

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

/// A key of a dict or set member: Python's hash equality (`1 == 1.0 == True`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashKey {
    None,
    Int(i64),
    Float(u64),
    Str(Str),
    Bytes(Rc<[u8]>),
    Tuple(Vec<HashKey>),
    /// Classes, functions, modules, host objects and instances hash by identity.
    Id(usize),
    /// An instance of a class with its own `__hash__`: keys with equal hashes are the same
    /// key (their `__eq__` is not asked).
    Custom(i64),
}

impl std::hash::Hash for HashKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            HashKey::None => h.write_u8(0),
            HashKey::Int(i) => {
                h.write_u8(1);
                h.write_i64(*i);
            }
            HashKey::Float(f) => {
                h.write_u8(2);
                h.write_u64(*f);
            }
            HashKey::Str(s) => StrKey(s).hash(h),
            HashKey::Bytes(b) => {
                h.write_u8(4);
                b.hash(h);
            }
            HashKey::Tuple(t) => {
                h.write_u8(5);
                t.hash(h);
            }
            HashKey::Id(i) => {
                h.write_u8(6);
                h.write_usize(*i);
            }
            HashKey::Custom(i) => {
                h.write_u8(7);
                h.write_i64(*i);
            }
        }
    }
}

/// A class's `__name__` from the qualified name a value's type has (`decimal.Decimal`).
pub(crate) fn unqualified(type_name: &str) -> &str {
    type_name.rsplit('.').next().unwrap_or(type_name)
}

/// A `str` key looked up without making a [`HashKey`] (and its `Rc`) first.
struct StrKey<'a>(&'a str);

impl std::hash::Hash for StrKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u8(3);
        self.0.hash(h);
    }
}

impl indexmap::Equivalent<HashKey> for StrKey<'_> {
    fn equivalent(&self, key: &HashKey) -> bool {
        matches!(key, HashKey::Str(s) if **s == *self.0)
    }
}

impl HashKey {
    pub fn of(v: &Value) -> Result<HashKey, String> {
        Ok(match v {
            Value::None => HashKey::None,
            Value::Bool(b) => HashKey::Int(*b as i64),
            Value::Int(i) => HashKey::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    HashKey::Int(*f as i64)
                } else {
                    HashKey::Float(f.to_bits())
                }
            }
            Value::Str(s) => HashKey::Str(s.clone()),
            Value::Bytes(b) => HashKey::Bytes(b.clone()),
            Value::Tuple(items) => {
                HashKey::Tuple(items.iter().map(HashKey::of).collect::<Result<_, _>>()?)
            }
            Value::Class(c) => HashKey::Id(Rc::as_ptr(c) as *const u8 as usize),
            Value::Function(f) => HashKey::Id(Rc::as_ptr(f) as *const u8 as usize),
            Value::Native(f) => HashKey::Id(Rc::as_ptr(f) as *const u8 as usize),
            Value::Module(m) => HashKey::Id(Rc::as_ptr(m) as *const u8 as usize),
            Value::Instance(i) => {
                if let Some(Value::Str(s)) = i.enum_value_key() {
                    // Enum members of str-mixin enums hash as their value.
                    HashKey::Str(s)
                } else if let Some(n @ Value::Int(_)) = i.int_enum_value() {
                    // As do members of int-mixin enums (`IntEnum`).
                    HashKey::of(&n)?
                } else if let Some(Value::None) = i.class.lookup("__hash__") {
                    // A class that defines `__eq__` without `__hash__`.
                    return Err(format!("unhashable type: '{}'", i.class.name));
                } else {
                    HashKey::Id(Rc::as_ptr(i) as *const u8 as usize)
                }
            }
            Value::BoundMethod(m) => HashKey::Id(Rc::as_ptr(m) as *const u8 as usize),
            Value::Host(h) => match h.hash_key() {
                Some(k) => k,
                None => HashKey::Id(Rc::as_ptr(h) as *const u8 as usize),
            },
            other => return Err(format!("unhashable type: '{}'", other.type_name())),
        })
    }
}

/// An insertion-ordered dict (Python 3.7+ semantics); sets use it with `None` values.
///
/// Up to [`SMALL_DICT`] items sit in one vector and are found by comparing keys: most dicts
/// a script makes are a few keyword-like items (a data loop's `{"label": ..., "id": ...}`
/// per row), where hashing and a hash table's second allocation cost more than the
/// comparisons. A dict that grows beyond moves to a hashed map for good.
#[derive(Clone, Default)]
pub struct Dict {
    small: Vec<(HashKey, Value, Value)>,
    map: Option<Map<HashKey, (Value, Value)>>,
}

const SMALL_DICT: usize = 8;

impl Dict {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty dict with room for `n` items (a literal's): one allocation, no regrowth.
    pub fn with_capacity(n: usize) -> Self {
        if n <= SMALL_DICT {
            Self {
                small: Vec::with_capacity(n),
                map: None,
            }
        } else {
            Self {
                small: Vec::new(),
                map: Some(Map::with_capacity_and_hasher(n, Default::default())),
            }
        }
    }

    pub fn insert(&mut self, key: Value, value: Value) -> Result<(), String> {
        let hk = HashKey::of(&key)?;
        self.insert_hashed(hk, key, value);
        Ok(())
    }

    /// [`Dict::insert`] with the key's hash key already computed (`Interp::hash_key`,
    /// which calls a Python `__hash__`).
    pub fn insert_hashed(&mut self, hk: HashKey, key: Value, value: Value) {
        if let Some(map) = &mut self.map {
            match map.entry(hk) {
                // Python keeps the first key object and replaces the value.
                indexmap::map::Entry::Occupied(mut e) => e.get_mut().1 = value,
                indexmap::map::Entry::Vacant(e) => {
                    e.insert((key, value));
                }
            }
            return;
        }
        if let Some(e) = self.small.iter_mut().find(|e| e.0 == hk) {
            e.2 = value;
        } else if self.small.len() < SMALL_DICT {
            self.small.push((hk, key, value));
        } else {
            let mut map: Map<HashKey, (Value, Value)> =
                Map::with_capacity_and_hasher(SMALL_DICT * 2, Default::default());
            for (h, k, v) in self.small.drain(..) {
                map.insert(h, (k, v));
            }
            map.insert(hk, (key, value));
            self.map = Some(map);
        }
    }

    pub fn get(&self, key: &Value) -> Result<Option<&Value>, String> {
        let hk = HashKey::of(key)?;
        Ok(self.get_hashed(&hk))
    }

    /// [`Dict::get`] by hash key.
    pub fn get_hashed(&self, hk: &HashKey) -> Option<&Value> {
        match &self.map {
            Some(map) => map.get(hk).map(|(_, v)| v),
            None => self.small.iter().find(|e| e.0 == *hk).map(|e| &e.2),
        }
    }

    /// [`Dict::remove`] by hash key.
    pub fn remove_hashed(&mut self, hk: &HashKey) -> Option<Value> {
        match &mut self.map {
            Some(map) => map.shift_remove(hk).map(|(_, v)| v),
            None => {
                let i = self.small.iter().position(|e| e.0 == *hk)?;
                Some(self.small.remove(i).2)
            }
        }
    }

    /// Sets the item with the string key `key`.
    pub fn insert_str(&mut self, key: &str, value: Value) {
        if let Some(map) = &mut self.map {
            if let Some((_, v)) = map.get_mut(&StrKey(key)) {
                *v = value;
                return;
            }
        } else if let Some(e) = self
            .small
            .iter_mut()
            .find(|e| matches!(&e.0, HashKey::Str(s) if **s == *key))
        {
            e.2 = value;
            return;
        }
        let key: Str = Rc::from(key);
        if self.map.is_none() && self.small.len() < SMALL_DICT {
            self.small
                .push((HashKey::Str(key.clone()), Value::Str(key), value));
        } else {
            self.insert_hashed(HashKey::Str(key.clone()), Value::Str(key), value);
        }
    }

    /// Removes the item with the string key `key`.
    pub fn remove_str(&mut self, key: &str) -> Option<Value> {
        match &mut self.map {
            Some(map) => map.shift_remove(&StrKey(key)).map(|(_, v)| v),
            None => {
                let i = self
                    .small
                    .iter()
                    .position(|e| matches!(&e.0, HashKey::Str(s) if **s == *key))?;
                Some(self.small.remove(i).2)
            }
        }
    }

    pub fn get_str(&self, key: &str) -> Option<&Value> {
        match &self.map {
            Some(map) => map.get(&StrKey(key)).map(|(_, v)| v),
            None => self
                .small
                .iter()
                .find(|e| matches!(&e.0, HashKey::Str(s) if **s == *key))
                .map(|e| &e.2),
        }
    }

    pub fn remove(&mut self, key: &Value) -> Result<Option<Value>, String> {
        let hk = HashKey::of(key)?;
        Ok(match &mut self.map {
            Some(map) => map.shift_remove(&hk).map(|(_, v)| v),
            None => match self.small.iter().position(|e| e.0 == hk) {
                Some(i) => Some(self.small.remove(i).2),
                None => None,
            },
        })
    }

    pub fn contains(&self, key: &Value) -> Result<bool, String> {
        Ok(self.get(key)?.is_some())
    }

    pub fn len(&self) -> usize {
        match &self.map {
            Some(map) => map.len(),
            None => self.small.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `popitem()`: the last item.
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        match &mut self.map {
            Some(map) => map.pop().map(|(_, kv)| kv),
            None => self.small.pop().map(|(_, k, v)| (k, v)),
        }
    }

    /// The first item, removed (a set's `pop()`).
    pub fn pop_first(&mut self) -> Option<(Value, Value)> {
        match &mut self.map {
            Some(map) => map.shift_remove_index(0).map(|(_, kv)| kv),
            None if self.small.is_empty() => None,
            None => {
                let (_, k, v) = self.small.remove(0);
                Some((k, v))
            }
        }
    }

    pub fn clear(&mut self) {
        self.small.clear();
        self.map = None;
    }

    pub fn keys(&self) -> Vec<Value> {
        self.items().map(|(k, _)| k.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.items().map(|(_, v)| v.clone()).collect()
    }

    pub fn items(&self) -> impl Iterator<Item = (&Value, &Value)> {
        // One of the two is empty.
        self.small.iter().map(|(_, k, v)| (k, v)).chain(
            self.map
                .iter()
                .flat_map(|m| m.values())
                .map(|(k, v)| (k, v)),
        )
    }
}

/// Positional and keyword arguments of a call.
#[derive(Clone, Default, Debug)]
pub struct Args {
    pub positional: Vec<Value>,
    pub keywords: Vec<(Str, Value)>,
}

impl Args {
    pub fn new(positional: Vec<Value>) -> Self {
        Args {
            positional,
            keywords: Vec::new(),
        }
    }

    /// Removes and returns keyword `name`, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.keywords.iter().position(|(k, _)| &**k == name)?;
        Some(self.keywords.remove(i).1)
    }

    pub fn kw(&self, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }

    /// Positional argument `i`, or keyword `name`: Python's "positional or keyword".
    pub fn arg(&self, i: usize, name: &str) -> Option<&Value> {
        self.positional.get(i).or_else(|| self.kw(name))
    }
}

/// A function defined in the script (`def` or `lambda`).
pub struct Function {
    pub name: Str,
    pub qualname: Str,
    pub params: Params,
    pub body: FunctionBody,
    /// The scope the function was defined in: closures see its variables.
    pub closure: Option<Rc<Scope>>,
    pub globals: Rc<Scope>,
    pub module: Rc<crate::interp::ModuleSource>,
    pub docstring: Option<Str>,
    /// `async def`: calling it makes a coroutine.
    pub is_async: bool,
    /// The `__class__` cell of a function defined (at any depth) in a class body: the class,
    /// once created, for zero-argument `super()`.
    pub(crate) class_cell: Option<ClassCell>,
    /// Attributes set on the function (`f.__wrapped__ = g`, a decorator's marks).
    pub(crate) attrs: RefCell<Map<Str, Value>>,
    /// The names the body binds, found on the first call (see [`crate::scope`]).
    pub(crate) local_names: std::cell::OnceCell<std::collections::HashSet<Str>>,
}

/// The cell a class body's functions share: set to the class when it is created. Weak, so
/// that a class and its methods do not keep each other alive.
pub(crate) type ClassCell = Rc<RefCell<Weak<Class>>>;

impl Function {
    pub fn local_names(&self) -> &std::collections::HashSet<Str> {
        self.local_names
            .get_or_init(|| crate::scope::local_names(&self.params, &self.body))
    }
}

pub enum FunctionBody {
    Block(AstRef<[Stmt]>),
    Lambda(AstRef<crate::py_ast::Expr>),
}

/// A borrow into a parsed module's AST that keeps the module alive, so that defining a
/// function does not copy its body (loading thousands of revision files defines thousands
/// of `upgrade`/`downgrade` functions).
pub struct AstRef<T: ?Sized + 'static> {
    _owner: Rc<crate::interp::ModuleSource>,
    ptr: std::ptr::NonNull<T>,
}

impl<T: ?Sized + 'static> AstRef<T> {
    /// # Safety
    /// `target` must point into `owner.body`. The AST is immutable once parsed and its nodes
    /// live in heap allocations owned by that `Rc<[Stmt]>`, so the pointer stays valid for
    /// as long as `owner` (held here) lives.
    pub(crate) unsafe fn new(owner: Rc<crate::interp::ModuleSource>, target: &T) -> Self {
        AstRef {
            _owner: owner,
            ptr: std::ptr::NonNull::from(target),
        }
    }
}

impl<T: ?Sized + 'static> std::ops::Deref for AstRef<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: see `AstRef::new`; the owner is alive as long as `self`.
        unsafe { self.ptr.as_ref() }
    }
}

pub struct Params {
    pub positional: Vec<(Str, Option<Value>)>,
    pub posonly_count: usize,
    pub vararg: Option<Str>,
    pub kwonly: Vec<(Str, Option<Value>)>,
    pub kwarg: Option<Str>,
}

/// A function provided by the interpreter or the host.
pub struct NativeFunction {
    pub name: Str,
    #[allow(clippy::type_complexity)]
    pub f: Box<dyn Fn(&mut Interp, Args) -> EvalResult>,
    pub(crate) kind: NativeKind,
}

/// What a native function is to Python.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NativeKind {
    /// A builtin function: does not bind as a method (`class A: f = len`).
    Function,
    /// A method of a builtin class (`object.__init__`): binds to the instance.
    Method,
    /// A builtin type's constructor (`int`, `list`).
    Type,
}

/// A class. Its MRO (C3, as CPython computes it) is fixed when it is created; `object` ends
/// it. A host class among the bases stands in the MRO as a class of its own whose `host` is
/// set (see [`HostObject::subclass_hook`]).
pub struct Class {
    pub name: Str,
    pub qualname: Str,
    pub bases: Vec<Rc<Class>>,
    /// The class's `__dict__`. Code that changes it after the class is created should go
    /// through `Interp::set_attr`, which keeps the lookup fast paths honest.
    pub attrs: RefCell<Map<Str, Value>>,
    /// Set for `enum.Enum` and its subclasses: members are created at class creation.
    pub is_enum: bool,
    /// The MRO after the class itself.
    pub(crate) mro_tail: Vec<Rc<Class>>,
    /// The metaclass, when it is not `type`.
    pub(crate) meta: Option<Rc<Class>>,
    /// For the stand-in of a host class: the host object.
    pub host: Option<Rc<dyn HostObject>>,
    /// What attribute lookup must watch for (see [`ClassFlags`]), computed for the class
    /// epoch in the first field.
    pub(crate) flags: Cell<(u64, u8)>,
}

/// Facts about a class's MRO that let attribute access skip work in the common case.
pub(crate) struct ClassFlags;

impl ClassFlags {
    /// A data descriptor (a property, a `__set__`/`__delete__` object, any host value)
    /// is in a class dict of the MRO, or a host class is in it.
    pub const DATA_DESCRIPTORS: u8 = 1;
    /// `__getattribute__` is overridden.
    pub const GETATTRIBUTE: u8 = 2;
    /// `__setattr__` or `__delattr__` is overridden.
    pub const SETATTR: u8 = 4;
    /// A host class is in the MRO.
    pub const HOST: u8 = 8;
    pub const COMPUTED: u8 = 128;
}

impl Class {
    /// A class with this MRO (after itself), not yet checked or completed (see
    /// `Interp::new_class`, which computes the MRO).
    pub(crate) fn raw(
        name: &str,
        qualname: &str,
        bases: Vec<Rc<Class>>,
        mro_tail: Vec<Rc<Class>>,
        attrs: Map<Str, Value>,
    ) -> Class {
        Class {
            name: Rc::from(name),
            qualname: Rc::from(qualname),
            bases,
            attrs: RefCell::new(attrs),
            is_enum: false,
            mro_tail,
            meta: None,
            host: None,
            flags: Cell::new((0, 0)),
        }
    }

    /// Method resolution order, the class first.
    pub fn mro(self: &Rc<Self>) -> Vec<Rc<Class>> {
        let mut out = Vec::with_capacity(self.mro_tail.len() + 1);
        out.push(self.clone());
        out.extend(self.mro_tail.iter().cloned());
        out
    }

    /// The classes of the MRO, the class first, without cloning them.
    pub fn mro_iter(&self) -> impl Iterator<Item = &Class> {
        std::iter::once(self).chain(self.mro_tail.iter().map(|c| &**c))
    }

    /// The metaclass, when it is not `type`.
    pub fn metaclass(&self) -> Option<&Rc<Class>> {
        self.meta.as_ref()
    }

    /// `name` in the class dicts of the MRO (host classes are not asked).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        self.mro_iter()
            .find_map(|c| c.attrs.borrow().get(name).cloned())
    }

    /// [`Class::lookup`], with the class whose dict has it.
    pub(crate) fn lookup_with_owner(&self, name: &str) -> Option<(Value, &Class)> {
        self.mro_iter()
            .find_map(|c| c.attrs.borrow().get(name).cloned().map(|v| (v, c)))
    }

    pub fn is_subclass_of(&self, other: &Class) -> bool {
        self.mro_iter().any(|c| std::ptr::eq(c, other))
    }

    /// The module that defined the class (`__module__`).
    pub fn module_name(&self) -> Option<Str> {
        match self.attrs.borrow().get("__module__") {
            Some(Value::Str(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// The flags for `epoch`, computed if the class dicts may have changed since.
    pub(crate) fn flags(&self, epoch: u64) -> u8 {
        let (e, f) = self.flags.get();
        if e == epoch && f & ClassFlags::COMPUTED != 0 {
            return f;
        }
        let mut f = ClassFlags::COMPUTED;
        for c in self.mro_iter() {
            if c.host.is_some() {
                f |= ClassFlags::DATA_DESCRIPTORS | ClassFlags::HOST;
            }
            // `object`'s own methods (the root has no MRO tail) are the defaults.
            let is_object = c.mro_tail.is_empty();
            for (k, v) in c.attrs.borrow().iter() {
                match &**k {
                    "__getattribute__" if !is_object => f |= ClassFlags::GETATTRIBUTE,
                    "__setattr__" | "__delattr__" if !is_object => f |= ClassFlags::SETATTR,
                    _ => {}
                }
                if is_data_descriptor(v) {
                    f |= ClassFlags::DATA_DESCRIPTORS;
                }
            }
        }
        self.flags.set((epoch, f));
        f
    }
}

/// Whether a class attribute is a data descriptor (takes precedence over the instance dict).
pub(crate) fn is_data_descriptor(v: &Value) -> bool {
    match v {
        Value::Host(h) => h.is_data_descriptor(),
        Value::Instance(i) => {
            i.class.lookup("__set__").is_some() || i.class.lookup("__delete__").is_some()
        }
        _ => false,
    }
}

/// An instance of a Python class; its `__dict__` is a real dict (`vars(obj)` is live).
pub struct Instance {
    pub class: Rc<Class>,
    pub dict: Rc<RefCell<Dict>>,
}

impl Instance {
    pub fn new(class: Rc<Class>) -> Instance {
        Instance {
            class,
            dict: Rc::default(),
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        self.dict.borrow().get_str(name).cloned()
    }

    pub fn set(&self, name: &str, value: Value) {
        self.dict.borrow_mut().insert_str(name, value);
    }

    /// The value of a member of an `int`-mixin enum (`IntEnum`, `class E(int, Enum)`),
    /// which is an int: it compares, hashes and computes as its value.
    pub fn int_enum_value(&self) -> Option<Value> {
        if self.class.is_enum && self.get("__int_mixin__").is_some() {
            self.get("value")
        } else {
            None
        }
    }

    fn enum_value_key(&self) -> Option<Value> {
        if self.class.is_enum {
            self.get("value").filter(|v| matches!(v, Value::Str(_)))
        } else {
            None
        }
    }
}

/// A module. Its attributes are its globals: a module's code and its importers share one
/// namespace, as in Python.
pub struct Module {
    pub name: Str,
    pub globals: Rc<Scope>,
    /// Built by the interpreter or the host (not from source): a missing attribute is
    /// looked up as a submodule, as host packages expose their submodules lazily.
    pub(crate) lazy_submodules: bool,
}

impl Module {
    pub fn new(name: &str, attrs: impl IntoIterator<Item = (&'static str, Value)>) -> Module {
        let globals = Scope::default();
        *globals.vars.borrow_mut() = attrs.into_iter().map(|(k, v)| (Rc::from(k), v)).collect();
        Module {
            name: Rc::from(name),
            globals: Rc::new(globals),
            lazy_submodules: true,
        }
    }

    /// The module whose namespace is `globals` (a module run from source).
    pub(crate) fn of_globals(name: &str, globals: Rc<Scope>) -> Module {
        Module {
            name: Rc::from(name),
            globals,
            lazy_submodules: false,
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        self.globals.get(name)
    }

    pub fn set(&self, name: &str, value: Value) {
        self.globals.set(name, value);
    }
}

/// Variables of a module (globals) or of one function call (locals).
#[derive(Default)]
pub struct Scope {
    pub vars: RefCell<Map<Str, Value>>,
    pub parent: Option<Rc<Scope>>,
    /// Names declared `global` / `nonlocal` in this function scope.
    pub global_names: RefCell<Vec<Str>>,
    pub nonlocal_names: RefCell<Vec<Str>>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<Value> {
        self.vars.borrow().get(name).cloned()
    }

    pub fn set(&self, name: &str, value: Value) {
        let mut vars = self.vars.borrow_mut();
        match vars.get_mut(name) {
            Some(slot) => *slot = value,
            None => {
                vars.insert(Rc::from(name), value);
            }
        }
    }

    /// [`Scope::get`] from a name in the source: `hint` (the name node's spare index) holds
    /// where the name was found last time, so a loop's variables are found without hashing.
    /// A stale hint (another scope, a removed name) only costs the hashed lookup.
    pub fn get_hinted(&self, name: &str, hint: &AtomicNodeIndex) -> Option<Value> {
        if let Some((false, i)) = read_hint(hint)
            && let Some(v) = self.get_at(name, i)
        {
            return Some(v);
        }
        let (i, v) = self.get_full(name)?;
        set_hint(hint, i);
        Some(v)
    }

    /// The variable at `index` if it is `name`.
    pub fn get_at(&self, name: &str, index: usize) -> Option<Value> {
        match self.vars.borrow().get_index(index) {
            Some((k, v)) if **k == *name => Some(v.clone()),
            _ => None,
        }
    }

    /// The variable and where it is.
    pub fn get_full(&self, name: &str) -> Option<(usize, Value)> {
        self.vars
            .borrow()
            .get_full(name)
            .map(|(i, _, v)| (i, v.clone()))
    }

    /// [`Scope::set`] from a name in the source; see [`Scope::get_hinted`].
    pub fn set_hinted(&self, name: &str, value: Value, hint: &AtomicNodeIndex) {
        let mut vars = self.vars.borrow_mut();
        if let Some((false, i)) = read_hint(hint)
            && let Some((k, slot)) = vars.get_index_mut(i)
            && **k == *name
        {
            *slot = value;
            return;
        }
        let i = match vars.get_full_mut(name) {
            Some((i, _, slot)) => {
                *slot = value;
                i
            }
            None => vars.insert_full(Rc::from(name), value).0,
        };
        set_hint(hint, i);
    }
}

fn set_hint(hint: &AtomicNodeIndex, i: usize) {
    if let Ok(i) = u32::try_from(i)
        && i < HINT_INDEX
    {
        hint.set(NodeIndex::from(i));
    }
}

/// A hint with this bit: the name is not local to the function that reads it (checked
/// against its [`Function::local_names`]), and was found in the globals at the index in the
/// remaining bits ([`HINT_INDEX`] itself: not there, a builtin).
pub const HINT_GLOBAL: u32 = 1 << 29;
pub const HINT_INDEX: u32 = HINT_GLOBAL - 1;

/// Records that a name is not local to its function; see [`HINT_GLOBAL`].
pub fn set_global_hint(hint: &AtomicNodeIndex, globals_index: Option<usize>) {
    let i = globals_index
        .and_then(|i| u32::try_from(i).ok())
        .filter(|&i| i < HINT_INDEX)
        .unwrap_or(HINT_INDEX);
    hint.set(NodeIndex::from(HINT_GLOBAL | i));
}

/// The bits of a hint: whether it is a global one, and its index.
pub fn read_hint(hint: &AtomicNodeIndex) -> Option<(bool, usize)> {
    let h = hint.load().as_u32()?;
    Some((h & HINT_GLOBAL != 0, (h & HINT_INDEX) as usize))
}

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

/// An object the host provides. Every method has a default that makes it behave like an
/// object without that capability, so a host implements only what its object supports.
#[allow(clippy::len_without_is_empty)]
/// The concrete object behind a `dyn HostObject` (trait upcasting), for downcasts.
impl dyn HostObject {
    pub fn as_any(&self) -> &dyn Any {
        self
    }
}

// `len` is Python's `len()` hook (`None`: the object has none); emptiness is its truth
// (`bool_value`), not a method of its own.
#[allow(clippy::len_without_is_empty)]
pub trait HostObject: Any {
    fn type_name(&self) -> String;

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
