//! Unions: `Union[...]` and `Optional[...]` flattened and deduplicated as typing does, `X | Y`
//! of types (`types.UnionType`), and a union's members for `isinstance`.

use super::object::arg_eq;
use super::{Form, Kind, convert_none, form, new, special_form};
use crate::interp::Interp;
use crate::value::*;

/// `Union[args]`: flattened, `None` as `NoneType`, duplicates removed; one type is itself.
pub(crate) fn union(it: &mut Interp, args: Vec<Value>) -> EvalResult {
    let mut flat: Vec<Value> = Vec::new();
    for a in args {
        let items: Vec<Value> = match form(&a) {
            Some(Form::Generic {
                args,
                kind: Kind::Union,
                ..
            })
            | Some(Form::UnionType(args)) => args.to_vec(),
            _ => vec![convert_none(it, a)],
        };
        for x in items {
            let mut dup = false;
            for y in &flat {
                if arg_eq(it, &x, y)? {
                    dup = true;
                    break;
                }
            }
            if !dup {
                flat.push(x);
            }
        }
    }
    if flat.len() == 1 {
        return Ok(flat.pop().expect("one"));
    }
    Ok(new(Form::Generic {
        origin: special_form(it, "Union"),
        args: flat.into(),
        kind: Kind::Union,
    }))
}

/// Whether `v` takes part in `X | Y` as `types.UnionType` does (a class, `None`, a
/// `types.GenericAlias`, a union type, a host class).
fn types_unionable(v: &Value) -> bool {
    match v {
        Value::None | Value::Class(_) => true,
        Value::Native(n) => n.kind == NativeKind::Type,
        Value::Host(_) => match form(v) {
            Some(Form::Generic {
                kind: Kind::Types, ..
            })
            | Some(Form::UnionType(_)) => true,
            Some(_) => false,
            None => true,
        },
        _ => false,
    }
}

/// `l | r` of types: `types.UnionType`, or `typing.Union` when a typing form is involved;
/// `None` when neither applies (a `TypeError`).
pub(crate) fn union_or(it: &mut Interp, l: &Value, r: &Value) -> EvalResult<Option<Value>> {
    let typing_form = |v: &Value| form(v).is_some() && !types_unionable(v);
    if typing_form(l) || typing_form(r) {
        let ok = |v: &Value| types_unionable(v) || form(v).is_some() || matches!(v, Value::Str(_));
        if ok(l) && ok(r) {
            return union(it, vec![l.clone(), r.clone()]).map(Some);
        }
        return Ok(None);
    }
    if !(types_unionable(l) && types_unionable(r)) {
        return Ok(None);
    }
    let mut flat: Vec<Value> = Vec::new();
    for side in [l, r] {
        let items: Vec<Value> = match form(side) {
            Some(Form::UnionType(args)) => args.to_vec(),
            _ => vec![convert_none(it, side.clone())],
        };
        for x in items {
            if !flat.iter().any(|y| y.is(&x)) {
                flat.push(x);
            }
        }
    }
    if flat.len() == 1 {
        return Ok(flat.pop());
    }
    Ok(Some(new(Form::UnionType(flat.into()))))
}

/// The members of a union (`X | Y`, `Union[X, Y]`), for `isinstance`.
pub(crate) fn union_args(v: &Value) -> Option<Vec<Value>> {
    match form(v) {
        Some(Form::UnionType(args))
        | Some(Form::Generic {
            args,
            kind: Kind::Union,
            ..
        }) => Some(args.to_vec()),
        _ => None,
    }
}
