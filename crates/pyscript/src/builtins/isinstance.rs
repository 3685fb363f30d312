//! `isinstance` and `issubclass` across the kinds of type: Python classes (and metaclasses'
//! `__instancecheck__`), builtin types, host classes, unions and `collections.abc`.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

pub(crate) fn isinstance(it: &mut Interp, v: &Value, t: &Value) -> EvalResult<bool> {
    Ok(match t {
        Value::Tuple(ts) => {
            for t in ts.iter() {
                if isinstance(it, v, t)? {
                    return Ok(true);
                }
            }
            false
        }
        Value::Class(c) => {
            if it.is_instance_of_class(v, c) {
                return Ok(true);
            }
            if c.module_name().as_deref() == Some("collections.abc") {
                return Ok(crate::typing::abc_instance(it, &c.name, v).unwrap_or(false));
            }
            // A metaclass's own `__instancecheck__` (not `type`'s, which is this check).
            if let Some(m) = &c.meta
                && let Some(owner) = m
                    .mro()
                    .into_iter()
                    .find(|k| k.attrs.borrow().contains_key("__instancecheck__"))
                && !Rc::ptr_eq(&owner, &it.type_class)
                && let Some(f) = m.lookup("__instancecheck__")
            {
                let r = it.call_bound(&f, t, vec![v.clone()])?;
                return it.truthy(&r);
            }
            false
        }
        Value::Native(n) if n.kind == NativeKind::Type => {
            let tn = v.type_name();
            match &*n.name {
                "int" => {
                    matches!(v, Value::Int(_) | Value::Bool(_))
                        || matches!(v, Value::Instance(i) if i.int_enum_value().is_some())
                }
                "str" => matches!(v, Value::Str(_)) || is_str_enum(v),
                // A type of a module (`uuid.UUID`) is named with its module.
                name => {
                    tn == name
                        || name.rsplit_once('.').is_some_and(|(_, n)| n == tn)
                        || (name == "set" && tn == "frozenset")
                }
            }
        }
        Value::Host(h) => {
            if let Some(args) = crate::typing::union_args(t) {
                for a in args {
                    if isinstance(it, v, &a)? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            match h.instance_check(v) {
                Some(b) => b,
                None => match crate::interp::py_class_of(v) {
                    Some(c) => c.mro_iter().any(|x| {
                        x.host
                            .as_ref()
                            .is_some_and(|xh| std::ptr::addr_eq(Rc::as_ptr(xh), Rc::as_ptr(h)))
                    }),
                    None => false,
                },
            }
        }
        _ => {
            return Err(
                it.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
            );
        }
    })
}

/// `issubclass(c, t)`.
pub(crate) fn issubclass(it: &mut Interp, c: &Value, t: &Value) -> EvalResult<bool> {
    if let Value::Tuple(ts) = t {
        for t in ts.iter() {
            if issubclass(it, c, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let same_host = |a: &Rc<dyn HostObject>, b: &Rc<dyn HostObject>| {
        std::ptr::addr_eq(Rc::as_ptr(a), Rc::as_ptr(b))
    };
    Ok(match (c, t) {
        (Value::Class(c), Value::Class(t)) => c.is_subclass_of(t),
        (Value::Class(c), Value::Host(h)) => c
            .mro_iter()
            .any(|x| x.host.as_ref().is_some_and(|xh| same_host(xh, h))),
        (Value::Native(a), Value::Native(b)) => {
            a.name == b.name || (&*a.name == "bool" && &*b.name == "int")
        }
        (Value::Native(_) | Value::Host(_), Value::Class(t)) => Rc::ptr_eq(t, &it.object),
        (Value::Class(_), Value::Native(_)) => false,
        (Value::Host(a), Value::Host(b)) => same_host(a, b),
        (Value::Host(_), Value::Native(_)) => false,
        (_, Value::Class(_) | Value::Native(_) | Value::Host(_)) => {
            return Err(it.type_error("issubclass() arg 1 must be a class"));
        }
        _ => {
            return Err(
                it.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")
            );
        }
    })
}

fn is_str_enum(v: &Value) -> bool {
    matches!(v, Value::Instance(i) if i.class.is_enum && i.get("__str_mixin__").is_some())
}
