//! Attribute access as CPython does it: data descriptors over the instance dict over
//! non-data descriptors (functions binding as methods, `classmethod`, `staticmethod`,
//! `property`, objects with `__get__`), `__getattribute__`, `__getattr__`, `__setattr__`,
//! `__delattr__`; class attributes through the MRO and the metaclass; module attributes.
//!
//! Fast path: an instance of a class whose MRO has no data descriptor and no
//! `__getattribute__` (the flags of `Class::flags`) reads its own dict first.

use std::rc::Rc;

use super::classes::attribute_missing;
use super::{Interp, Unwind};
use crate::value::*;

/// Object internals the interpreter does not model; asking for them fails clearly.
const INTERNALS: &[&str] = &[
    "__builtins__",
    "__closure__",
    "__code__",
    "__globals__",
    "__subclasses__",
];

impl Interp {
    pub fn get_attr(&mut self, obj: &Value, name: &str) -> EvalResult {
        match self.get_attr_opt(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, name)),
        }
    }

    pub(crate) fn attribute_error(&self, obj: &Value, name: &str) -> Unwind {
        let message = match obj {
            Value::Module(m) => format!("module '{}' has no attribute '{name}'", m.name),
            Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
            Value::Native(n) if n.kind == NativeKind::Type => {
                format!("type object '{}' has no attribute '{name}'", n.name)
            }
            _ => format!("'{}' object has no attribute '{name}'", obj.type_name()),
        };
        let e = self.exception_value("AttributeError", message);
        if let Value::Instance(i) = &e {
            i.set("name", Value::str(name));
            i.set("obj", obj.clone());
            if let Value::Host(h) = obj
                && let Some(library) = h.library()
            {
                i.set("__retort_gap__", Value::Bool(true));
                i.set(
                    "__hint__",
                    Value::str(&format!(
                        "Retort implements {library} itself and its `{}` has no `{name}`: if {library}'s has, Retort does not support it yet (not an error of the migration)",
                        obj.type_name()
                    )),
                );
            }
        }
        self.raise_value(e)
    }

    /// `getattr(obj, name)`; `Ok(None)` when there is no such attribute (an
    /// `AttributeError` raised by a `__getattr__` or a property propagates).
    pub fn get_attr_opt(&mut self, obj: &Value, name: &str) -> EvalResult<Option<Value>> {
        if name.starts_with("__") && INTERNALS.contains(&name) {
            return Err(self.unsupported(
                format!("access to the special attribute `{name}`"),
                Some("the sandbox does not expose Python's object internals".into()),
            ));
        }
        match obj {
            Value::Instance(i) => self.instance_getattr(obj, i, name),
            Value::Class(c) => self.class_getattr(obj, c, name),
            Value::Module(m) => self.module_getattr(m, name),
            Value::Host(h) => {
                if let Some(cls) = h.instance_class() {
                    return self.host_instance_getattr(obj, h, &cls, name);
                }
                if name == "__class__" {
                    return Ok(Some(self.type_of(obj)));
                }
                h.clone().get_attr(self, name)
            }
            Value::Native(n) => Ok(match name {
                // A method of a built-in class is named `cls.method` (its `__qualname__`).
                "__name__" => Some(Value::str(crate::value::unqualified(&n.name))),
                "__qualname__" => Some(Value::Str(n.name.clone())),
                "__module__" => Some(Value::str("builtins")),
                "__doc__" => Some(Value::None),
                "__class__" => Some(self.type_of(obj)),
                _ if n.kind == NativeKind::Type => crate::builtins::type_attr(self, n, name),
                _ => None,
            }),
            Value::Function(f) => Ok(self.function_attr(f, name)),
            Value::BoundMethod(m) => Ok(match name {
                "__self__" => Some(m.0.clone()),
                "__func__" => Some(m.1.clone()),
                "__class__" => Some(self.type_of(obj)),
                _ => return self.get_attr_opt(&m.1.clone(), name),
            }),
            _ => {
                if name == "__class__" {
                    return Ok(Some(self.type_of(obj)));
                }
                Ok(crate::builtins::method(self, obj, name).or_else(|| protocol_method(obj, name)))
            }
        }
    }

    fn function_attr(&self, f: &Rc<Function>, name: &str) -> Option<Value> {
        if let Some(v) = f.attrs.borrow().get(name) {
            return Some(v.clone());
        }
        Some(match name {
            "__name__" => Value::Str(f.name.clone()),
            "__qualname__" => Value::Str(f.qualname.clone()),
            "__doc__" => f.docstring.clone().map_or(Value::None, Value::Str),
            "__annotations__" => f
                .annotations
                .clone()
                .unwrap_or_else(|| Value::dict(Dict::new())),
            "__module__" => f.globals.get("__name__").unwrap_or(Value::None),
            "__class__" => self.type_of(&Value::Function(f.clone())),
            "__dict__" => {
                let mut d = Dict::new();
                for (k, v) in f.attrs.borrow().iter() {
                    d.insert_str(k, v.clone());
                }
                Value::dict(d)
            }
            "__defaults__" => {
                let defaults: Vec<Value> = f
                    .params
                    .positional
                    .iter()
                    .filter_map(|(_, d)| d.clone())
                    .collect();
                if defaults.is_empty() {
                    Value::None
                } else {
                    Value::tuple(defaults)
                }
            }
            _ => return None,
        })
    }

    /// The fast path of `obj.name(...)` on a plain instance: the function to call with
    /// `obj` first, when the lookup would bind a function of the class.
    pub(crate) fn plain_method(&self, i: &Instance, name: &str) -> Option<Rc<Function>> {
        let flags = i.class.flags(self.class_epoch);
        if flags & (ClassFlags::DATA_DESCRIPTORS | ClassFlags::GETATTRIBUTE) != 0
            || i.dict.borrow().get_str(name).is_some()
        {
            return None;
        }
        match i.class.lookup(name) {
            Some(Value::Function(f)) => Some(f),
            _ => None,
        }
    }

    /// `v` as found in a class dict, read through `instance` (`None`: on the class
    /// `owner`): Python's descriptor `__get__`.
    pub(crate) fn bind(&mut self, v: Value, instance: Option<&Value>, owner: &Value) -> EvalResult {
        match &v {
            Value::Function(_) => Ok(match instance {
                Some(i) => Value::BoundMethod(Rc::new((i.clone(), v))),
                None => v,
            }),
            Value::Native(n) if n.kind == NativeKind::Method => Ok(match instance {
                Some(i) => Value::BoundMethod(Rc::new((i.clone(), v))),
                None => v,
            }),
            Value::Host(h) => match h.clone().descr_get(self, instance, owner)? {
                Some(r) => Ok(r),
                None => Ok(v),
            },
            Value::Instance(_) => match self.special(&v, "__get__") {
                Some(get) => {
                    let inst = instance.cloned().unwrap_or(Value::None);
                    self.call_bound(&get, &v, vec![inst, owner.clone()])
                }
                None => Ok(v),
            },
            _ => Ok(v),
        }
    }

    /// `name` in the MRO of `cls`, host classes asked through their `get_attr`.
    pub(crate) fn class_lookup(
        &mut self,
        cls: &Rc<Class>,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        self.mro_lookup(cls, name, false)
    }

    /// `name` in the MRO of `cls`; `of_class`: for `Class.name` (host classes answer with
    /// [`HostObject::class_get_attr`]), else for an instance.
    fn mro_lookup(
        &mut self,
        cls: &Rc<Class>,
        name: &str,
        of_class: bool,
    ) -> EvalResult<Option<Value>> {
        if cls.flags(self.class_epoch) & ClassFlags::HOST == 0 {
            return Ok(cls.lookup(name));
        }
        for c in cls.mro() {
            if let Some(h) = &c.host {
                let v = if of_class {
                    h.clone().class_get_attr(self, name)?
                } else {
                    h.clone().get_attr(self, name)?
                };
                if let Some(v) = v {
                    return Ok(Some(v));
                }
                continue;
            }
            if let Some(v) = c.attrs.borrow().get(name) {
                return Ok(Some(v.clone()));
            }
        }
        Ok(None)
    }

    fn instance_getattr(
        &mut self,
        obj: &Value,
        i: &Rc<Instance>,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        let cls = &i.class;
        let flags = cls.flags(self.class_epoch);
        if flags & ClassFlags::GETATTRIBUTE != 0
            && let Some(ga) = cls.lookup("__getattribute__")
        {
            let r = self.call_bound(&ga, obj, vec![Value::str(name)]).map(Some);
            if let Some(v) = attribute_missing(self, r)? {
                return Ok(Some(v));
            }
            return self.getattr_hook(obj, cls, name);
        }
        if flags & ClassFlags::DATA_DESCRIPTORS == 0 {
            if let Some(v) = i.get(name) {
                return Ok(Some(v));
            }
            if let Some(v) = cls.lookup(name) {
                return self
                    .bind(v, Some(obj), &Value::Class(cls.clone()))
                    .map(Some);
            }
        }
        if let Some(v) = self.generic_getattr(obj, name)? {
            return Ok(Some(v));
        }
        self.getattr_hook(obj, cls, name)
    }

    /// `__getattr__`, when the class has one.
    fn getattr_hook(
        &mut self,
        obj: &Value,
        cls: &Rc<Class>,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        match cls.lookup("__getattr__") {
            Some(f) => self.call_bound(&f, obj, vec![Value::str(name)]).map(Some),
            None => Ok(None),
        }
    }

    /// `object.__getattribute__(obj, name)`.
    pub(crate) fn generic_getattr(&mut self, obj: &Value, name: &str) -> EvalResult<Option<Value>> {
        let Value::Instance(i) = obj else {
            return match obj {
                Value::Host(h) => h.clone().get_attr(self, name),
                other => self.get_attr_opt(&other.clone(), name),
            };
        };
        let cls = &i.class;
        match name {
            "__class__" => return Ok(Some(Value::Class(cls.clone()))),
            "__dict__" => return Ok(Some(Value::Dict(i.dict.clone()))),
            _ => {}
        }
        let owner = Value::Class(cls.clone());
        let found = self.class_lookup(cls, name)?;
        if let Some(v) = &found
            && is_data_descriptor(v)
        {
            return self.bind(v.clone(), Some(obj), &owner).map(Some);
        }
        if let Some(v) = i.get(name) {
            return Ok(Some(v));
        }
        if let Some(v) = found {
            return self.bind(v, Some(obj), &owner).map(Some);
        }
        Ok(crate::builtins::exception_attr(self, i, name))
    }

    fn class_getattr(
        &mut self,
        obj: &Value,
        c: &Rc<Class>,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        if name.starts_with("__") {
            match name {
                // Host-registered classes carry their module (`sqlite3.OperationalError`),
                // which tracebacks show and `__name__` does not.
                "__name__" => return Ok(Some(Value::str(super::unqualified(&c.name)))),
                "__qualname__" => return Ok(Some(Value::Str(c.qualname.clone()))),
                "__mro__" => {
                    return Ok(Some(Value::tuple(
                        c.mro().into_iter().map(Value::Class).collect(),
                    )));
                }
                "__bases__" => {
                    return Ok(Some(Value::tuple(
                        c.bases.iter().cloned().map(Value::Class).collect(),
                    )));
                }
                "__base__" => {
                    return Ok(Some(
                        c.bases.first().cloned().map_or(Value::None, Value::Class),
                    ));
                }
                "__dict__" => {
                    let mut d = Dict::new();
                    for (k, v) in c.attrs.borrow().iter() {
                        d.insert_str(k, v.clone());
                    }
                    return Ok(Some(Value::dict(d)));
                }
                "__class__" => return Ok(Some(self.type_of(obj))),
                "__annotations__" => {
                    let own = c.attrs.borrow().get("__annotations__").cloned();
                    return Ok(Some(match own {
                        Some(a) => a,
                        None => {
                            let d = Value::dict(Dict::new());
                            c.attrs
                                .borrow_mut()
                                .insert(Rc::from("__annotations__"), d.clone());
                            d
                        }
                    }));
                }
                "__doc__" => {
                    return Ok(Some(
                        c.attrs
                            .borrow()
                            .get("__doc__")
                            .cloned()
                            .unwrap_or(Value::None),
                    ));
                }
                _ => {}
            }
        }
        if let Some(v) = self.mro_lookup(c, name, true)? {
            return self.bind(v, None, obj).map(Some);
        }
        let meta = c.meta.clone().unwrap_or_else(|| self.type_class.clone());
        if let Some(v) = meta.lookup(name) {
            return self.bind(v, Some(obj), &Value::Class(meta)).map(Some);
        }
        if let Some(m) = &c.meta
            && let Some(f) = m.lookup("__getattr__")
        {
            return self.call_bound(&f, obj, vec![Value::str(name)]).map(Some);
        }
        crate::stdlib::class_attr(self, c, name)
    }

    fn module_getattr(&mut self, m: &Rc<Module>, name: &str) -> EvalResult<Option<Value>> {
        if let Some(v) = m.get(name) {
            return Ok(Some(v));
        }
        match name {
            "__name__" => return Ok(Some(Value::Str(m.name.clone()))),
            "__dict__" => {
                let mut d = Dict::new();
                for (k, v) in m.globals.vars.borrow().iter() {
                    d.insert_str(k, v.clone());
                }
                return Ok(Some(Value::dict(d)));
            }
            "__class__" => return Ok(Some(self.type_of(&Value::Module(m.clone())))),
            _ => {}
        }
        if m.lazy_submodules {
            // A submodule not imported yet: Python finds it only if imported, but host
            // modules expose their submodules lazily.
            let full = format!("{}.{name}", m.name);
            return self.try_import(&full);
        }
        // PEP 562: a module's `__getattr__`.
        match m.get("__getattr__") {
            Some(f) => self.call(&f, Args::new(vec![Value::str(name)])).map(Some),
            None => Ok(None),
        }
    }

    fn host_instance_getattr(
        &mut self,
        obj: &Value,
        h: &Rc<dyn HostObject>,
        cls: &Rc<Class>,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        if name == "__class__" {
            return Ok(Some(Value::Class(cls.clone())));
        }
        let found = cls
            .mro_iter()
            .take_while(|c| c.host.is_none())
            .find_map(|c| c.attrs.borrow().get(name).cloned());
        if let Some(v) = found {
            return self
                .bind(v, Some(obj), &Value::Class(cls.clone()))
                .map(Some);
        }
        if let Some(v) = h.clone().get_attr(self, name)? {
            return Ok(Some(v));
        }
        let hook = cls
            .mro_iter()
            .take_while(|c| c.host.is_none())
            .find_map(|c| c.attrs.borrow().get("__getattr__").cloned());
        match hook {
            Some(f) => self.call_bound(&f, obj, vec![Value::str(name)]).map(Some),
            None => Ok(None),
        }
    }

    // ------------------------------------------------------------------ setting, deleting

    pub(crate) fn set_attr(&mut self, obj: &Value, name: &str, v: Value) -> EvalResult<()> {
        match obj {
            Value::Instance(i) => {
                if i.class.flags(self.class_epoch) & ClassFlags::SETATTR != 0
                    && let Some((f, owner)) = i.class.lookup_with_owner("__setattr__")
                    && !owner.mro_tail.is_empty()
                {
                    self.call_bound(&f, obj, vec![Value::str(name), v])?;
                    return Ok(());
                }
                self.generic_setattr(obj, name, v)
            }
            Value::Class(c) => self.class_setattr(c, name, v),
            Value::Module(m) => {
                m.set(name, v);
                Ok(())
            }
            Value::Host(h) => {
                if let Some(cls) = h.instance_class()
                    && let Some(d) = python_data_descriptor(&cls, name)
                {
                    return self.descr_set(&d, obj, Some(v), name);
                }
                if h.set_attr(self, name, v)? {
                    Ok(())
                } else {
                    Err(self.attribute_error(obj, name))
                }
            }
            Value::Function(f) => {
                f.attrs.borrow_mut().insert(Rc::from(name), v);
                Ok(())
            }
            _ => Err(self.attribute_error(obj, name)),
        }
    }

    /// `object.__setattr__(obj, name, v)`: a data descriptor's `__set__`, else the dict.
    pub(crate) fn generic_setattr(&mut self, obj: &Value, name: &str, v: Value) -> EvalResult<()> {
        let Value::Instance(i) = obj else {
            return match obj {
                Value::Host(h) if h.set_attr(self, name, v.clone())? => Ok(()),
                Value::Host(_) => Err(self.attribute_error(obj, name)),
                other => self.set_attr(&other.clone(), name, v),
            };
        };
        if i.class.flags(self.class_epoch) & ClassFlags::DATA_DESCRIPTORS != 0
            && let Some(d) = self.class_lookup(&i.class, name)?
            && is_data_descriptor(&d)
        {
            return self.descr_set(&d, obj, Some(v), name);
        }
        if name.starts_with("__") && matches!(name, "__dict__" | "__class__") {
            return Err(self.unsupported(format!("assigning `{name}`"), None));
        }
        i.set(name, v);
        Ok(())
    }

    /// A data descriptor's `__set__` (`v` set) or `__delete__`.
    fn descr_set(
        &mut self,
        d: &Value,
        obj: &Value,
        v: Option<Value>,
        name: &str,
    ) -> EvalResult<()> {
        match d {
            Value::Host(h) => {
                if h.clone().descr_set(self, obj, v)? {
                    Ok(())
                } else {
                    Err(self.exc(
                        "AttributeError",
                        format!(
                            "'{}' object attribute '{name}' is read-only",
                            obj.type_name()
                        ),
                    ))
                }
            }
            _ => {
                let (method, args) = match v {
                    Some(v) => ("__set__", vec![obj.clone(), v]),
                    None => ("__delete__", vec![obj.clone()]),
                };
                match self.call_special(d, method, args)? {
                    Some(_) => Ok(()),
                    None => Err(self.exc("AttributeError", format!("__{}__", &method[2..]))),
                }
            }
        }
    }

    fn class_setattr(&mut self, c: &Rc<Class>, name: &str, v: Value) -> EvalResult<()> {
        if matches!(name, "__name__" | "__qualname__" | "__bases__" | "__mro__") {
            return Err(self.unsupported(format!("assigning a class's `{name}`"), None));
        }
        let watched = is_data_descriptor(&v) || is_watched(name);
        let old = c.attrs.borrow_mut().insert(Rc::from(name), v);
        if watched || old.as_ref().is_some_and(is_data_descriptor) {
            self.class_epoch += 1;
        }
        Ok(())
    }

    pub(crate) fn del_attr(&mut self, obj: &Value, name: &str) -> EvalResult<()> {
        if let Value::Instance(i) = obj
            && i.class.flags(self.class_epoch) & ClassFlags::SETATTR != 0
            && let Some((f, owner)) = i.class.lookup_with_owner("__delattr__")
            && !owner.mro_tail.is_empty()
        {
            self.call_bound(&f, obj, vec![Value::str(name)])?;
            return Ok(());
        }
        self.generic_delattr(obj, name)
    }

    /// `object.__delattr__(obj, name)`.
    pub(crate) fn generic_delattr(&mut self, obj: &Value, name: &str) -> EvalResult<()> {
        let removed = match obj {
            Value::Instance(i) => {
                if let Some(d) = self.class_lookup(&i.class, name)?
                    && is_data_descriptor(&d)
                {
                    return self.descr_set(&d, obj, None, name);
                }
                i.dict.borrow_mut().remove_str(name).is_some()
            }
            Value::Class(c) => {
                let old = c.attrs.borrow_mut().shift_remove(name);
                if old.as_ref().is_some_and(is_data_descriptor) || is_watched(name) {
                    self.class_epoch += 1;
                }
                old.is_some()
            }
            Value::Module(m) => m.globals.vars.borrow_mut().shift_remove(name).is_some(),
            Value::Host(h) => {
                if let Some(cls) = h.instance_class()
                    && let Some(d) = python_data_descriptor(&cls, name)
                {
                    return self.descr_set(&d, obj, None, name);
                }
                h.del_attr(self, name)?
            }
            Value::Function(f) => f.attrs.borrow_mut().shift_remove(name).is_some(),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.attribute_error(obj, name))
        }
    }
}

/// Names whose presence in a class dict the lookup fast paths depend on.
fn is_watched(name: &str) -> bool {
    matches!(name, "__getattribute__" | "__setattr__" | "__delattr__")
}

/// A data descriptor among the Python classes of a host instance's class.
fn python_data_descriptor(cls: &Class, name: &str) -> Option<Value> {
    cls.mro_iter()
        .take_while(|c| c.host.is_none())
        .find_map(|c| c.attrs.borrow().get(name).cloned())
        .filter(is_data_descriptor)
}

/// The special methods of builtin values that code reads as attributes
/// (`__iter__ = registry.__iter__`): bound to `obj`, each does what the protocol does.
fn protocol_method(obj: &Value, name: &str) -> Option<Value> {
    if !matches!(
        obj,
        Value::Str(_)
            | Value::Bytes(_)
            | Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::Range(_)
    ) {
        return None;
    }
    let obj = obj.clone();
    let f = match name {
        "__iter__" | "__len__" | "__repr__" | "__str__" => {
            let builtin = name[2..name.len() - 2].to_owned();
            Value::native(name, move |it, _| {
                let f = it
                    .builtins
                    .get(builtin.as_str())
                    .cloned()
                    .expect("a builtin");
                it.call(&f, Args::new(vec![obj.clone()]))
            })
        }
        "__getitem__" => Value::native(name, move |it, a| {
            let key = a.positional.first().cloned().unwrap_or(Value::None);
            it.get_item(&obj, &key)
        }),
        "__contains__" => Value::native(name, move |it, a| {
            let item = a.positional.first().cloned().unwrap_or(Value::None);
            it.contains(&obj, &item).map(Value::Bool)
        }),
        _ => return None,
    };
    Some(f)
}
