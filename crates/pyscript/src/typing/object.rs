//! Typing objects as Python sees them: their type names, attributes (`__origin__`,
//! `__args__`, ...), subscripting, calls, `|`, and equality and hashing as typing defines
//! them.

use std::rc::Rc;

use super::subscript::{subscript_alias, subscript_special, substitute};
use super::union::union_or;
use super::{Form, Kind, TypeForm, form, new};
use crate::interp::Interp;
use crate::value::*;

impl HostObject for TypeForm {
    fn type_name(&self) -> String {
        match &self.0 {
            Form::Special(_) => "_SpecialForm",
            Form::Alias(..) => "_SpecialGenericAlias",
            Form::UnionType(_) => "types.UnionType",
            Form::TypeVar { .. } => "TypeVar",
            Form::ForwardRef(_) => "ForwardRef",
            Form::Generic { kind, .. } => match kind {
                Kind::Types => "types.GenericAlias",
                Kind::Typing(_) => "_GenericAlias",
                Kind::Union => "_UnionGenericAlias",
                Kind::Annotated(_) => "_AnnotatedAlias",
                Kind::Literal => "_LiteralGenericAlias",
                Kind::Callable(_) => "_CallableGenericAlias",
            },
        }
        .into()
    }
    fn repr(&self) -> String {
        self.0.repr()
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        match &self.0 {
            Form::Special(name) => subscript_special(it, name, key).map(Some),
            Form::Alias(name, origin) => subscript_alias(it, name, origin, key).map(Some),
            f @ Form::Generic { .. } => substitute(it, f, key).map(Some),
            Form::UnionType(_) => substitute(it, &self.0, key).map(Some),
            _ => Ok(None),
        }
    }
    fn get_attr(self: Rc<Self>, it: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let f = &self.0;
        Ok(Some(match (name, f) {
            ("__origin__", Form::Generic { origin, kind, args }) => match kind {
                Kind::Annotated(_) => args[0].clone(),
                _ => origin.clone(),
            },
            ("__origin__", Form::Alias(_, origin)) => origin.clone(),
            ("__args__", Form::Generic { args, .. }) | ("__args__", Form::UnionType(args)) => {
                Value::tuple(args.to_vec())
            }
            (
                "__metadata__",
                Form::Generic {
                    kind: Kind::Annotated(m),
                    ..
                },
            ) => Value::tuple(m.to_vec()),
            ("__parameters__", _) => Value::tuple(f.parameters()),
            ("__name__" | "_name", Form::Special(n) | Form::Alias(n, _)) => Value::str(n),
            (
                "__name__" | "_name",
                Form::Generic {
                    kind: Kind::Typing(Some(n)),
                    ..
                },
            ) => Value::str(n),
            ("__name__", Form::TypeVar { name, .. }) => Value::Str(name.clone()),
            ("__bound__", Form::TypeVar { bound, .. }) => bound.clone(),
            ("__constraints__", Form::TypeVar { constraints, .. }) => {
                Value::tuple(constraints.to_vec())
            }
            ("__covariant__", Form::TypeVar { covariant, .. }) => Value::Bool(*covariant),
            ("__contravariant__", Form::TypeVar { contravariant, .. }) => {
                Value::Bool(*contravariant)
            }
            ("__forward_arg__", Form::ForwardRef(s)) => Value::Str(s.clone()),
            (
                "__module__",
                Form::Generic {
                    kind: Kind::Types,
                    origin,
                    ..
                },
            ) => {
                return it.get_attr_opt(&origin.clone(), "__module__");
            }
            ("__module__", _) => Value::str("typing"),
            ("copy_with", Form::Generic { origin, kind, .. }) => {
                let (origin, kind) = (origin.clone(), kind.clone());
                Value::native("copy_with", move |it, a| {
                    let args = a.positional.first().cloned().unwrap_or(Value::None);
                    let args = it.iterate(&args)?;
                    Ok(new(Form::Generic {
                        origin: origin.clone(),
                        args: args.into(),
                        kind: kind.clone(),
                    }))
                })
            }
            (
                _,
                Form::Generic {
                    kind: Kind::Types,
                    origin,
                    ..
                },
            ) => {
                return it.get_attr_opt(&origin.clone(), name);
            }
            _ => return Ok(None),
        }))
    }
    fn call(self: Rc<Self>, it: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        match &self.0 {
            Form::Generic {
                origin,
                kind: Kind::Types | Kind::Typing(None),
                ..
            } => {
                let v = it.call(&origin.clone(), args)?;
                if let Value::Instance(i) = &v
                    && matches!(
                        self.0,
                        Form::Generic {
                            kind: Kind::Typing(None),
                            ..
                        }
                    )
                {
                    i.set("__orig_class__", Value::Host(self.clone()));
                }
                Ok(Some(v))
            }
            Form::Alias(name, _) => Err(it.type_error(format!(
                "Type {name} cannot be instantiated; use {}() instead",
                name.to_lowercase()
            ))),
            _ => Err(it.type_error(format!("Cannot instantiate {}", self.0.repr()))),
        }
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        match op {
            Op::Eq | Op::Ne => {
                let me: &dyn HostObject = &*self;
                let identical = other
                    .host_rc()
                    .is_some_and(|o| std::ptr::addr_eq(Rc::as_ptr(o), me as *const dyn HostObject));
                let same = identical
                    || match form(other) {
                        Some(o) => forms_equal(it, &self.0, o)?,
                        None => false,
                    };
                Ok(op.equality(same))
            }
            Op::BitOr => {
                let me = Value::Host(self);
                let (l, r) = if reflected {
                    (other, &me)
                } else {
                    (&me, other)
                };
                union_or(it, l, r)
            }
            _ => Ok(None),
        }
    }
    fn hash_key(&self) -> Option<HashKey> {
        let mut keys = vec![HashKey::Str(Rc::from(self.0.repr()))];
        if let Form::TypeVar { .. } = self.0 {
            return None;
        }
        keys.push(HashKey::Int(0));
        Some(HashKey::Tuple(keys))
    }
}

/// Equality of typing arguments (types by identity, literal values by value).
pub(super) fn arg_eq(it: &mut Interp, a: &Value, b: &Value) -> EvalResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    match (form(a), form(b)) {
        (Some(_), _) | (_, Some(_)) => it.eq(a, b),
        _ => match (a, b) {
            (Value::Class(_) | Value::Native(_), _) | (_, Value::Class(_) | Value::Native(_)) => {
                Ok(false)
            }
            _ => it.eq(a, b),
        },
    }
}

fn same_set(it: &mut Interp, a: &[Value], b: &[Value]) -> EvalResult<bool> {
    for x in a {
        let mut found = false;
        for y in b {
            if arg_eq(it, x, y)? {
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    for y in b {
        let mut found = false;
        for x in a {
            if arg_eq(it, x, y)? {
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    Ok(true)
}

fn forms_equal(it: &mut Interp, a: &Form, b: &Form) -> EvalResult<bool> {
    Ok(match (a, b) {
        (Form::Special(x), Form::Special(y)) => x == y,
        (Form::Alias(x, _), Form::Alias(y, _)) => x == y,
        (Form::ForwardRef(x), Form::ForwardRef(y)) => x == y,
        (Form::UnionType(x), Form::UnionType(y))
        | (
            Form::UnionType(x),
            Form::Generic {
                args: y,
                kind: Kind::Union,
                ..
            },
        )
        | (
            Form::Generic {
                args: x,
                kind: Kind::Union,
                ..
            },
            Form::UnionType(y),
        ) => same_set(it, x, y)?,
        (
            Form::Generic {
                origin: o1,
                args: a1,
                kind: k1,
            },
            Form::Generic {
                origin: o2,
                args: a2,
                kind: k2,
            },
        ) => {
            if std::mem::discriminant(k1) != std::mem::discriminant(k2) {
                return Ok(false);
            }
            match (k1, k2) {
                (Kind::Union, _) | (Kind::Literal, _) => same_set(it, a1, a2)?,
                (Kind::Annotated(m1), Kind::Annotated(m2)) => {
                    arg_eq(it, &a1[0], &a2[0])? && seq_eq(it, m1, m2)?
                }
                _ => arg_eq(it, o1, o2)? && seq_eq(it, a1, a2)?,
            }
        }
        _ => false,
    })
}

fn seq_eq(it: &mut Interp, a: &[Value], b: &[Value]) -> EvalResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (x, y) in a.iter().zip(b) {
        if !arg_eq(it, x, y)? {
            return Ok(false);
        }
    }
    Ok(true)
}
