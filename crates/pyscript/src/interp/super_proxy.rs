//! `super()`: the proxy object, made with or without arguments, and the lookup it does,
//! which starts after a class in the MRO of the instance's type.

use std::rc::Rc;

use super::Interp;
use crate::value::*;

impl Interp {
    /// Zero-argument `super()`: the `__class__` cell of the running method and its first
    /// argument.
    pub(crate) fn super_proxy(&mut self) -> EvalResult {
        let Some(f) = self.frames.iter().rev().find(|f| f.func.is_some()) else {
            return Err(self.exc("RuntimeError", "super(): no arguments"));
        };
        let func = f.func.clone().expect("a function frame");
        let (locals, cell) = (f.locals.clone(), f.class_cell.clone());
        let first = func
            .params
            .positional
            .first()
            .map(|p| p.0.clone())
            .or_else(|| func.params.vararg.clone());
        let mut obj = None;
        if let Some(first) = first {
            let mut scope = Some(locals);
            while let Some(s) = scope {
                if let Some(v) = s.get(&first) {
                    obj = Some(if func.params.positional.is_empty() {
                        // `def m(*args)`: the first of them.
                        match &v {
                            Value::Tuple(t) if !t.is_empty() => t[0].clone(),
                            _ => return Err(self.exc("RuntimeError", "super(): no arguments")),
                        }
                    } else {
                        v
                    });
                    break;
                }
                scope = s.parent.clone();
            }
        }
        let Some(obj) = obj else {
            return Err(self.exc("RuntimeError", "super(): no arguments"));
        };
        let Some(cell) = cell else {
            return Err(self.exc("RuntimeError", "super(): __class__ cell not found"));
        };
        let Some(cls) = cell.borrow().upgrade() else {
            return Err(self.exc("RuntimeError", "super(): empty __class__ cell"));
        };
        self.make_super(cls, obj)
    }

    /// `super(this, obj)`.
    pub(crate) fn make_super(&mut self, this: Rc<Class>, obj: Value) -> EvalResult {
        if let Value::Class(c) = &obj
            && c.is_subclass_of(&this)
        {
            return Ok(Value::host(Super {
                this,
                start: c.clone(),
                instance: None,
            }));
        }
        if let Value::Class(t) = self.type_of(&obj)
            && t.is_subclass_of(&this)
        {
            return Ok(Value::host(Super {
                this,
                start: t,
                instance: Some(obj),
            }));
        }
        Err(self.type_error("super(type, obj): obj must be an instance or subtype of type"))
    }

    /// `name` in the MRO of `start` after `this`, bound to `instance` (or, when `None`, as
    /// looked up on the class `start`). A host class in the way answers through its
    /// `get_attr` (the receiver's own, for a host instance), and its `__init_subclass__` is
    /// its [`HostObject::subclass_hook`].
    pub(crate) fn super_lookup(
        &mut self,
        this: &Rc<Class>,
        start: &Rc<Class>,
        instance: Option<&Value>,
        name: &str,
    ) -> EvalResult<Option<Value>> {
        let owner = Value::Class(start.clone());
        let mro = start.mro();
        let Some(pos) = mro.iter().position(|c| Rc::ptr_eq(c, this)) else {
            return Ok(None);
        };
        for c in &mro[pos + 1..] {
            if let Some(h) = &c.host {
                if name == "__init_subclass__" {
                    let (h, cls) = (h.clone(), start.clone());
                    return Ok(Some(Value::native("__init_subclass__", move |it, a| {
                        h.clone().subclass_hook(it, &cls, a.keywords)?;
                        Ok(Value::None)
                    })));
                }
                let found = match instance {
                    Some(Value::Host(ih)) if ih.instance_class().is_some() => {
                        ih.clone().get_attr(self, name)?
                    }
                    _ => h.clone().get_attr(self, name)?,
                };
                if let Some(v) = found {
                    return Ok(Some(v));
                }
                if name == "__init__" {
                    // A host class without an `__init__` of its own takes any arguments.
                    return Ok(Some(Value::native("__init__", |_, _| Ok(Value::None))));
                }
                continue;
            }
            let v = c.attrs.borrow().get(name).cloned();
            if let Some(v) = v {
                return Ok(Some(self.bind(v, instance, &owner)?));
            }
        }
        Ok(None)
    }
}

/// `super()`'s object.
pub(crate) struct Super {
    this: Rc<Class>,
    start: Rc<Class>,
    instance: Option<Value>,
}

impl HostObject for Super {
    fn type_name(&self) -> String {
        "super".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        match name {
            "__thisclass__" => return Ok(Some(Value::Class(self.this.clone()))),
            "__self_class__" => return Ok(Some(Value::Class(self.start.clone()))),
            "__self__" => {
                return Ok(Some(
                    self.instance
                        .clone()
                        .unwrap_or(Value::Class(self.start.clone())),
                ));
            }
            _ => {}
        }
        interp.super_lookup(&self.this, &self.start, self.instance.as_ref(), name)
    }
    fn repr(&self) -> String {
        format!(
            "<super: <class '{}'>, <{} object>>",
            self.this.name, self.start.name
        )
    }
}
