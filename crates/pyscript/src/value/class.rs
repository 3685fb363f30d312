//! Classes (their MRO fixed when they are made, and the flags that let attribute access
//! skip work) and instances of them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::*;

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

    pub(super) fn enum_value_key(&self) -> Option<Value> {
        if self.class.is_enum {
            self.get("value").filter(|v| matches!(v, Value::Str(_)))
        } else {
            None
        }
    }
}
