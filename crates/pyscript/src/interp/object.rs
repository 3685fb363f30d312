//! `object` and `type`: the two root classes, made before anything else, and their methods
//! (`__new__`, `__init__`, `__setattr__`, `__getattribute__`, `mro`, `__instancecheck__`, ...).

use std::rc::Rc;

use super::Interp;
use crate::descriptors::ClassMethod;
use crate::value::*;

/// `object` and `type`, before their methods are installed.
pub(crate) fn root_classes() -> (Rc<Class>, Rc<Class>) {
    let object = Rc::new(Class::raw(
        "object",
        "object",
        vec![],
        vec![],
        Map::default(),
    ));
    let type_class = Rc::new(Class::raw(
        "type",
        "type",
        vec![object.clone()],
        vec![object.clone()],
        Map::default(),
    ));
    (object, type_class)
}

fn set(c: &Class, name: &str, v: Value) {
    c.attrs.borrow_mut().insert(Rc::from(name), v);
}

fn class_arg(it: &Interp, v: Option<&Value>, what: &str) -> EvalResult<Rc<Class>> {
    match v {
        Some(Value::Class(c)) => Ok(c.clone()),
        Some(other) => Err(it.type_error(format!(
            "{what}: X is not a type object ({})",
            other.type_name()
        ))),
        None => Err(it.type_error(format!("{what}: not enough arguments"))),
    }
}

/// Whether `c` is `object` (the only class without an MRO tail).
pub(super) fn is_object(c: &Class) -> bool {
    c.mro_tail.is_empty()
}

/// The methods of `object` and `type`.
pub(crate) fn install(it: &mut Interp) {
    let o = it.object.clone();
    set(&o, "__module__", Value::str("builtins"));
    set(
        &o,
        "__doc__",
        Value::str("The base class of the class hierarchy."),
    );
    set(
        &o,
        "__new__",
        Value::native("__new__", |it, mut a| {
            let cls = class_arg(it, a.positional.first(), "object.__new__(X)")?;
            a.positional.remove(0);
            it.object_new(&cls, &a)
        }),
    );
    set(
        &o,
        "__init__",
        Value::native_method("__init__", |it, a| {
            let me = a.positional.first().cloned().unwrap_or(Value::None);
            if a.positional.len() > 1 || !a.keywords.is_empty() {
                let Value::Class(cls) = it.type_of(&me) else {
                    return Ok(Value::None);
                };
                if cls
                    .lookup_with_owner("__init__")
                    .is_some_and(|(_, o)| !is_object(o))
                {
                    return Err(it.type_error(
                        "object.__init__() takes exactly one argument (the instance to initialize)",
                    ));
                }
                if cls
                    .lookup_with_owner("__new__")
                    .is_some_and(|(_, o)| is_object(o))
                {
                    return Err(it.type_error(format!("{}() takes no arguments", cls.name)));
                }
            }
            Ok(Value::None)
        }),
    );
    set(
        &o,
        "__setattr__",
        Value::native_method("__setattr__", |it, a| {
            let (obj, name, v) = three(it, &a, "__setattr__")?;
            it.generic_setattr(&obj, &name, v)?;
            Ok(Value::None)
        }),
    );
    set(
        &o,
        "__delattr__",
        Value::native_method("__delattr__", |it, a| {
            let obj = a.positional.first().cloned().unwrap_or(Value::None);
            let name = str_arg(it, a.positional.get(1))?;
            it.generic_delattr(&obj, &name)?;
            Ok(Value::None)
        }),
    );
    set(
        &o,
        "__getattribute__",
        Value::native_method("__getattribute__", |it, a| {
            let obj = a.positional.first().cloned().unwrap_or(Value::None);
            let name = str_arg(it, a.positional.get(1))?;
            match it.generic_getattr(&obj, &name)? {
                Some(v) => Ok(v),
                None => Err(it.attribute_error(&obj, &name)),
            }
        }),
    );
    set(
        &o,
        "__eq__",
        Value::native_method("__eq__", |_, a| {
            Ok(match (a.positional.first(), a.positional.get(1)) {
                (Some(x), Some(y)) if x.is(y) => Value::Bool(true),
                _ => Value::NotImplemented,
            })
        }),
    );
    set(
        &o,
        "__ne__",
        Value::native_method("__ne__", |it, a| {
            let (Some(x), Some(y)) = (a.positional.first(), a.positional.get(1)) else {
                return Ok(Value::NotImplemented);
            };
            let eq = match it.call_special(x, "__eq__", vec![y.clone()])? {
                Some(r) => r,
                None if x.is(y) => Value::Bool(true),
                None => Value::NotImplemented,
            };
            match eq {
                Value::NotImplemented => Ok(Value::NotImplemented),
                r => Ok(Value::Bool(!it.truthy(&r)?)),
            }
        }),
    );
    set(
        &o,
        "__hash__",
        Value::native_method("__hash__", |it, a| {
            let v = a.positional.first().cloned().unwrap_or(Value::None);
            Ok(Value::Int(it.hash_of(&v)?))
        }),
    );
    set(
        &o,
        "__repr__",
        Value::native_method("__repr__", |_, a| {
            let v = a.positional.first().cloned().unwrap_or(Value::None);
            Ok(Value::str(&crate::format::repr(&v)))
        }),
    );
    set(
        &o,
        "__str__",
        Value::native_method("__str__", |it, a| {
            let v = a.positional.first().cloned().unwrap_or(Value::None);
            Ok(Value::str(&it.repr_of(&v)?))
        }),
    );
    set(
        &o,
        "__format__",
        Value::native_method("__format__", |it, a| {
            let v = a.positional.first().cloned().unwrap_or(Value::None);
            match a.positional.get(1) {
                Some(Value::Str(s)) if !s.is_empty() => Err(it.type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    v.type_name()
                ))),
                _ => Ok(Value::str(&it.str_of(&v)?)),
            }
        }),
    );
    set(
        &o,
        "__init_subclass__",
        Value::host(ClassMethod(Value::native("__init_subclass__", |it, a| {
            if let (Some((_, _)), Some(Value::Class(c))) =
                (a.keywords.first(), a.positional.first())
            {
                return Err(it.type_error(format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    c.name
                )));
            }
            Ok(Value::None)
        }))),
    );
    set(
        &o,
        "__subclasshook__",
        Value::host(ClassMethod(Value::native("__subclasshook__", |_, _| {
            Ok(Value::NotImplemented)
        }))),
    );

    let t = it.type_class.clone();
    set(&t, "__module__", Value::str("builtins"));
    set(&t, "__doc__", Value::None);
    set(
        &t,
        "__new__",
        Value::native("__new__", |it, mut a| {
            let mcs = class_arg(it, a.positional.first(), "type.__new__(X)")?;
            a.positional.remove(0);
            if a.positional.len() == 1 {
                return Ok(it.type_of(&a.positional[0]));
            }
            let [Value::Str(name), bases, ns] = &a.positional[..] else {
                return Err(it.type_error("type.__new__() takes exactly 3 arguments"));
            };
            let (name, bases, ns) = (name.clone(), bases.clone(), ns.clone());
            let bases = it.iterate(&bases)?;
            let ns = it.namespace_of(&ns)?;
            let meta = (!Rc::ptr_eq(&mcs, &it.type_class)).then_some(mcs);
            let kwargs = std::mem::take(&mut a.keywords);
            Ok(Value::Class(
                it.type_new(meta, &name, bases, ns, kwargs, None)?,
            ))
        }),
    );
    set(
        &t,
        "__init__",
        Value::native_method("__init__", |_, _| Ok(Value::None)),
    );
    set(
        &t,
        "__call__",
        Value::native_method("__call__", |it, mut a| {
            let cls = class_arg(it, a.positional.first(), "type.__call__(X)")?;
            a.positional.remove(0);
            it.type_call(&cls, a)
        }),
    );
    set(
        &t,
        "mro",
        Value::native_method("mro", |it, a| {
            let cls = class_arg(it, a.positional.first(), "type.mro(X)")?;
            Ok(Value::list(
                cls.mro().into_iter().map(Value::Class).collect(),
            ))
        }),
    );
    set(
        &t,
        "__prepare__",
        Value::host(ClassMethod(Value::native("__prepare__", |_, _| {
            Ok(Value::dict(Dict::new()))
        }))),
    );
    set(
        &t,
        "__instancecheck__",
        Value::native_method("__instancecheck__", |it, a| {
            let cls = a.positional.first().cloned().unwrap_or(Value::None);
            let v = a.positional.get(1).cloned().unwrap_or(Value::None);
            Ok(Value::Bool(crate::builtins::isinstance(it, &v, &cls)?))
        }),
    );
    it.builtins
        .insert(Rc::from("object"), Value::Class(it.object.clone()));
    it.builtins
        .insert(Rc::from("type"), Value::Class(it.type_class.clone()));
}

fn str_arg(it: &Interp, v: Option<&Value>) -> EvalResult<String> {
    match v {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(other) => Err(it.type_error(format!(
            "attribute name must be string, not '{}'",
            other.type_name()
        ))),
        None => Err(it.type_error("expected an attribute name")),
    }
}

fn three(it: &Interp, a: &Args, what: &str) -> EvalResult<(Value, String, Value)> {
    match &a.positional[..] {
        [x, Value::Str(name), z] => Ok((x.clone(), name.to_string(), z.clone())),
        [_, other, _] => Err(it.type_error(format!(
            "{what}() argument 2 must be str, not {}",
            other.type_name()
        ))),
        _ => Err(it.type_error(format!(
            "{what}() takes exactly 3 arguments ({} given)",
            a.positional.len()
        ))),
    }
}
