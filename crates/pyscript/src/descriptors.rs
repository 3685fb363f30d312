//! `property`, `classmethod` and `staticmethod`: descriptors, as CPython's are. A function
//! in a class dict binds as a method through the same path (`Interp::bind`).

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

/// `property(fget, fset, fdel, doc)`, with `.getter`, `.setter` and `.deleter`.
pub(crate) struct Property {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
    /// The attribute name the owner class gave it (`__set_name__`), for error messages.
    pub name: std::cell::RefCell<Option<Str>>,
}

impl Property {
    /// `property(...)`, the builtin.
    pub(crate) fn construct(_: &mut Interp, a: Args) -> EvalResult {
        let get = |i: usize, name: &str| a.arg(i, name).cloned().unwrap_or(Value::None);
        let fget = get(0, "fget");
        let mut doc = get(3, "doc");
        if doc.is_none()
            && let Value::Function(f) = &fget
        {
            doc = f.docstring.clone().map_or(Value::None, Value::Str);
        }
        Ok(Value::host(Property {
            fget,
            fset: get(1, "fset"),
            fdel: get(2, "fdel"),
            doc,
            name: Default::default(),
        }))
    }

    fn with(&self, fget: Value, fset: Value, fdel: Value) -> Value {
        Value::host(Property {
            fget,
            fset,
            fdel,
            doc: self.doc.clone(),
            name: std::cell::RefCell::new(self.name.borrow().clone()),
        })
    }

    fn describe(&self, owner: &Value) -> String {
        match &*self.name.borrow() {
            Some(n) => format!("property '{n}' of '{}' object", owner.type_name()),
            None => format!("property of '{}' object", owner.type_name()),
        }
    }
}

impl HostObject for Property {
    fn type_name(&self) -> String {
        "property".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        let rebuild = move |which: &'static str| {
            let me = me.clone();
            Value::native(which, move |_, a| {
                let f = a.positional.first().cloned().unwrap_or(Value::None);
                Ok(match which {
                    "getter" => me.with(f, me.fset.clone(), me.fdel.clone()),
                    "setter" => me.with(me.fget.clone(), f, me.fdel.clone()),
                    _ => me.with(me.fget.clone(), me.fset.clone(), f),
                })
            })
        };
        Ok(Some(match name {
            "fget" => self.fget.clone(),
            "fset" => self.fset.clone(),
            "fdel" => self.fdel.clone(),
            "__doc__" => self.doc.clone(),
            "__isabstractmethod__" => Value::Bool(false),
            "getter" | "setter" | "deleter" => rebuild(match name {
                "getter" => "getter",
                "setter" => "setter",
                _ => "deleter",
            }),
            _ => return Ok(None),
        }))
    }
    fn descr_get(
        self: Rc<Self>,
        interp: &mut Interp,
        instance: Option<&Value>,
        _owner: &Value,
    ) -> EvalResult<Option<Value>> {
        let Some(instance) = instance else {
            return Ok(Some(Value::Host(self)));
        };
        if self.fget.is_none() {
            return Err(interp.exc(
                "AttributeError",
                format!("{} has no getter", self.describe(instance)),
            ));
        }
        interp
            .call(&self.fget, Args::new(vec![instance.clone()]))
            .map(Some)
    }
    fn descr_set(
        self: Rc<Self>,
        interp: &mut Interp,
        instance: &Value,
        value: Option<Value>,
    ) -> EvalResult<bool> {
        let (f, what, args) = match value {
            Some(v) => (&self.fset, "setter", vec![instance.clone(), v]),
            None => (&self.fdel, "deleter", vec![instance.clone()]),
        };
        if f.is_none() {
            return Err(interp.exc(
                "AttributeError",
                format!("{} has no {what}", self.describe(instance)),
            ));
        }
        interp.call(f, Args::new(args))?;
        Ok(true)
    }
    fn is_data_descriptor(&self) -> bool {
        true
    }
    fn set_name(self: Rc<Self>, _: &mut Interp, _: &Rc<Class>, name: &str) -> EvalResult<()> {
        *self.name.borrow_mut() = Some(Rc::from(name));
        Ok(())
    }
    fn repr(&self) -> String {
        "<property object>".into()
    }
}

/// `classmethod(f)`: bound to the class it is looked up on (or the instance's class).
pub(crate) struct ClassMethod(pub Value);

impl HostObject for ClassMethod {
    fn type_name(&self) -> String {
        "classmethod".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__func__" | "__wrapped__" => Some(self.0.clone()),
            "__isabstractmethod__" => Some(Value::Bool(false)),
            _ => interp.get_attr_opt(&self.0.clone(), name)?,
        })
    }
    fn descr_get(
        self: Rc<Self>,
        interp: &mut Interp,
        instance: Option<&Value>,
        owner: &Value,
    ) -> EvalResult<Option<Value>> {
        let owner = match (instance, owner) {
            (Some(i), Value::None) => interp.type_of(i),
            (_, o) => o.clone(),
        };
        Ok(Some(Value::BoundMethod(Rc::new((owner, self.0.clone())))))
    }
    fn repr(&self) -> String {
        format!("<classmethod({})>", crate::format::repr(&self.0))
    }
}

/// `staticmethod(f)`: the function itself, from the class or an instance.
pub(crate) struct StaticMethod(pub Value);

impl HostObject for StaticMethod {
    fn type_name(&self) -> String {
        "staticmethod".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__func__" | "__wrapped__" => Some(self.0.clone()),
            "__isabstractmethod__" => Some(Value::Bool(false)),
            _ => interp.get_attr_opt(&self.0.clone(), name)?,
        })
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        interp.call(&self.0, args).map(Some)
    }
    fn descr_get(
        self: Rc<Self>,
        _: &mut Interp,
        _: Option<&Value>,
        _: &Value,
    ) -> EvalResult<Option<Value>> {
        Ok(Some(self.0.clone()))
    }
    fn repr(&self) -> String {
        format!("<staticmethod({})>", crate::format::repr(&self.0))
    }
}
