//! Functions, the script's (`Function`, whose body borrows its module's AST) and the
//! interpreter's or host's (`NativeFunction`), and the arguments of a call.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use super::*;
use crate::interp::Interp;
use crate::py_ast::Stmt;

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
    /// `__annotations__`: the parameters' and the return's annotations, evaluated when the
    /// function was defined (or their source, under `from __future__ import annotations`).
    pub(crate) annotations: Option<Value>,
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
