//! Modules and scopes, the namespaces names live in, and the hints a name node keeps of
//! where its name was found last.

use std::cell::RefCell;
use std::rc::Rc;

use ruff_python_ast::{AtomicNodeIndex, NodeIndex};

use super::*;

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
