//! Runtime values of the interpreter.
//!
//! Python's containers are shared and mutable (`Rc<RefCell<..>>`), strings and tuples are
//! immutable (`Rc`). Objects the host provides (`op`, `sa`, connections, rows) are
//! [`HostObject`]s; the interpreter only calls their trait methods.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

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
            Value::Native(_) => "builtin_function_or_method".into(),
            Value::BoundMethod(_) => "method".into(),
            Value::Class(_) => "type".into(),
            Value::Instance(i) => i.class.name.to_string(),
            Value::Module(_) => "module".into(),
            Value::Host(h) => h.type_name(),
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
            (Value::Host(a), Value::Host(b)) => Rc::ptr_eq(a, b),
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
                } else {
                    HashKey::Id(Rc::as_ptr(i) as *const u8 as usize)
                }
            }
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
        if let Some(map) = &mut self.map {
            match map.entry(hk) {
                // Python keeps the first key object and replaces the value.
                indexmap::map::Entry::Occupied(mut e) => e.get_mut().1 = value,
                indexmap::map::Entry::Vacant(e) => {
                    e.insert((key, value));
                }
            }
            return Ok(());
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
        Ok(())
    }

    pub fn get(&self, key: &Value) -> Result<Option<&Value>, String> {
        let hk = HashKey::of(key)?;
        Ok(match &self.map {
            Some(map) => map.get(&hk).map(|(_, v)| v),
            None => self.small.iter().find(|e| e.0 == hk).map(|e| &e.2),
        })
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
    /// The names the body binds, found on the first call (see [`crate::scope`]).
    pub(crate) local_names: std::cell::OnceCell<std::collections::HashSet<Str>>,
}

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
}

pub struct Class {
    pub name: Str,
    pub bases: Vec<Rc<Class>>,
    pub attrs: RefCell<Map<Str, Value>>,
    /// Set for `enum.Enum` and its subclasses: members are created at class creation.
    pub is_enum: bool,
}

impl Class {
    /// Method resolution order: depth-first, left to right, without duplicates (enough for
    /// the single-inheritance classes that revision files define).
    pub fn mro(self: &Rc<Self>) -> Vec<Rc<Class>> {
        let mut out: Vec<Rc<Class>> = Vec::new();
        fn walk(c: &Rc<Class>, out: &mut Vec<Rc<Class>>) {
            if !out.iter().any(|x| Rc::ptr_eq(x, c)) {
                out.push(c.clone());
                for b in &c.bases {
                    walk(b, out);
                }
            }
        }
        walk(self, &mut out);
        out
    }

    pub fn lookup(self: &Rc<Self>, name: &str) -> Option<Value> {
        self.mro()
            .iter()
            .find_map(|c| c.attrs.borrow().get(name).cloned())
    }

    pub fn is_subclass_of(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        self.mro().iter().any(|c| Rc::ptr_eq(c, other))
    }
}

pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Map<Str, Value>>,
}

impl Instance {
    pub fn get(&self, name: &str) -> Option<Value> {
        self.attrs.borrow().get(name).cloned()
    }

    fn enum_value_key(&self) -> Option<Value> {
        if self.class.is_enum {
            self.get("value").filter(|v| matches!(v, Value::Str(_)))
        } else {
            None
        }
    }
}

pub struct Module {
    pub name: Str,
    pub attrs: RefCell<Map<Str, Value>>,
}

impl Module {
    pub fn new(name: &str, attrs: impl IntoIterator<Item = (&'static str, Value)>) -> Module {
        Module {
            name: Rc::from(name),
            attrs: RefCell::new(attrs.into_iter().map(|(k, v)| (Rc::from(k), v)).collect()),
        }
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        self.attrs.borrow().get(name).cloned()
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
pub trait HostObject: Any {
    fn type_name(&self) -> String;

    fn as_any(&self) -> &dyn Any;

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

    /// Hash identity when the object is hashable by value.
    fn hash_key(&self) -> Option<HashKey> {
        None
    }

    /// `isinstance(x, obj)` when `obj` is a host type object.
    fn instance_check(&self, _value: &Value) -> Option<bool> {
        None
    }
}
