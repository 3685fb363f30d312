//! `get_type_hints`, `get_origin` and `get_args`: annotations evaluated as typing's
//! `_eval_type` does, forward references included.

use std::rc::Rc;

use super::union::{union, union_or};
use super::{Form, Kind, form, new, special_form};
use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

/// typing's `_eval_type`: forward references evaluated (strings in `types.GenericAlias`
/// arguments too), aliases rebuilt with their arguments evaluated.
fn eval_type(
    it: &mut Interp,
    t: &Value,
    globals: &Rc<Scope>,
    locals: &Rc<Scope>,
    guard: &mut Vec<Str>,
) -> EvalResult {
    it.check_stack()?;
    let Some(f) = form(t) else {
        return Ok(t.clone());
    };
    match f {
        Form::ForwardRef(src) => {
            if guard.contains(src) || guard.len() > 64 {
                return Ok(t.clone());
            }
            let v = it.eval_source_expr(src, globals.clone(), locals.clone())?;
            let v = match v {
                Value::None => it.none_type.clone(),
                Value::Str(s) => new(Form::ForwardRef(s)),
                other => other,
            };
            guard.push(src.clone());
            let r = eval_type(it, &v, globals, locals, guard);
            guard.pop();
            r
        }
        Form::Generic { origin, args, kind } => {
            if matches!(kind, Kind::Literal) {
                return Ok(t.clone());
            }
            let mut ev = Vec::with_capacity(args.len());
            for a in args.iter() {
                let a = match (kind, a) {
                    (Kind::Types, Value::Str(s)) => new(Form::ForwardRef(s.clone())),
                    _ => a.clone(),
                };
                ev.push(eval_type(it, &a, globals, locals, guard)?);
            }
            Ok(match kind {
                Kind::Union => union(it, ev)?,
                Kind::Annotated(m) => new(Form::Generic {
                    origin: ev[0].clone(),
                    args: ev.into(),
                    kind: Kind::Annotated(m.clone()),
                }),
                _ => new(Form::Generic {
                    origin: origin.clone(),
                    args: ev.into(),
                    kind: kind.clone(),
                }),
            })
        }
        Form::UnionType(args) => {
            let mut acc: Option<Value> = None;
            for a in args.iter() {
                let a = eval_type(it, a, globals, locals, guard)?;
                acc = Some(match acc {
                    None => a,
                    Some(l) => match union_or(it, &l, &a)? {
                        Some(u) => u,
                        None => union(it, vec![l, a])?,
                    },
                });
            }
            Ok(acc.unwrap_or(Value::None))
        }
        _ => Ok(t.clone()),
    }
}

/// `Annotated[T, ...]` → `T`, through the arguments.
fn strip_annotated(v: &Value) -> Value {
    match form(v) {
        Some(Form::Generic {
            args,
            kind: Kind::Annotated(_),
            ..
        }) => strip_annotated(&args[0]),
        Some(Form::Generic { origin, args, kind }) => new(Form::Generic {
            origin: origin.clone(),
            args: args.iter().map(strip_annotated).collect(),
            kind: kind.clone(),
        }),
        _ => v.clone(),
    }
}

fn scope_of(it: &mut Interp, d: &Value) -> EvalResult<Rc<Scope>> {
    let s = Scope::default();
    for (k, v) in it.dict_items(d)? {
        if let Value::Str(k) = k {
            s.set(&k, v);
        }
    }
    Ok(Rc::new(s))
}

pub(super) fn get_type_hints(it: &mut Interp, mut a: Args) -> EvalResult {
    let obj = a.positional.first().cloned().unwrap_or(Value::None);
    let globalns = a
        .positional
        .get(1)
        .cloned()
        .or_else(|| a.take_kw("globalns"))
        .filter(|v| !v.is_none());
    let localns = a
        .positional
        .get(2)
        .cloned()
        .or_else(|| a.take_kw("localns"))
        .filter(|v| !v.is_none());
    let include_extras = match a.take_kw("include_extras") {
        Some(v) => it.truthy(&v)?,
        None => false,
    };
    let mut hints = Dict::new();
    let mut guard = Vec::new();
    let mut add = |it: &mut Interp,
                   ann: Value,
                   g: Rc<Scope>,
                   l: Rc<Scope>,
                   hints: &mut Dict|
     -> EvalResult<()> {
        for (name, value) in it.dict_items(&ann)? {
            let value = match value {
                Value::None => it.none_type.clone(),
                Value::Str(s) => new(Form::ForwardRef(s)),
                other => other,
            };
            let v = eval_type(it, &value, &g, &l, &mut guard)?;
            hints.insert(name, v).map_err(|m| it.type_error(m))?;
        }
        Ok(())
    };
    match &obj {
        Value::Class(c) => {
            for base in c.mro().iter().rev() {
                let ann = base.attrs.borrow().get("__annotations__").cloned();
                let Some(ann @ Value::Dict(_)) = ann else {
                    continue;
                };
                let base_globals = match &globalns {
                    Some(g) => scope_of(it, g)?,
                    None => it.module_globals(base.module_name().as_deref().unwrap_or("")),
                };
                let base_locals = match &localns {
                    Some(l) => scope_of(it, l)?,
                    None => {
                        let s = Scope::default();
                        *s.vars.borrow_mut() = base.attrs.borrow().clone();
                        Rc::new(s)
                    }
                };
                // typing swaps them when neither is given: the module's names win.
                let (g, l) = if globalns.is_none() && localns.is_none() {
                    (base_locals, base_globals)
                } else {
                    (base_globals, base_locals)
                };
                add(it, ann, g, l, &mut hints)?;
            }
        }
        Value::Module(m) => {
            if let Some(ann) = m.get("__annotations__") {
                let g = match &globalns {
                    Some(g) => scope_of(it, g)?,
                    None => m.globals.clone(),
                };
                let l = match &localns {
                    Some(l) => scope_of(it, l)?,
                    None => g.clone(),
                };
                add(it, ann, g, l, &mut hints)?;
            }
        }
        Value::Function(_) => {}
        other => {
            return Err(it.type_error(format!(
                "{} is not a module, class, method, or function.",
                repr(other)
            )));
        }
    }
    if !include_extras {
        let mut stripped = Dict::new();
        for (k, v) in hints.items() {
            stripped.insert(k.clone(), strip_annotated(v)).ok();
        }
        hints = stripped;
    }
    Ok(Value::dict(hints))
}

pub(super) fn get_origin(it: &mut Interp, a: Args) -> EvalResult {
    let tp = a.positional.first().cloned().unwrap_or(Value::None);
    Ok(match form(&tp) {
        Some(Form::Generic {
            kind: Kind::Annotated(_),
            ..
        }) => special_form(it, "Annotated"),
        Some(Form::Generic { origin, .. }) => match form(origin) {
            Some(Form::Special("Union")) => special_form(it, "Union"),
            _ => origin.clone(),
        },
        Some(Form::UnionType(_)) => it
            .try_import("types")?
            .map(|t| it.get_attr(&t, "UnionType"))
            .transpose()?
            .unwrap_or(Value::None),
        _ => match &tp {
            Value::Class(c)
                if &*c.name == "Generic" && c.module_name().as_deref() == Some("typing") =>
            {
                tp.clone()
            }
            _ => Value::None,
        },
    })
}

pub(super) fn get_args(_: &mut Interp, a: Args) -> EvalResult {
    let tp = a.positional.first().cloned().unwrap_or(Value::None);
    Ok(match form(&tp) {
        Some(Form::Generic {
            args,
            kind: Kind::Annotated(m),
            ..
        }) => {
            let mut out = vec![args[0].clone()];
            out.extend(m.iter().cloned());
            Value::tuple(out)
        }
        Some(Form::Generic {
            args,
            kind: Kind::Callable(_),
            ..
        }) => {
            let (params, ret) = args.split_at(args.len() - 1);
            match params {
                [Value::Ellipsis] => Value::tuple(vec![Value::Ellipsis, ret[0].clone()]),
                ps => Value::tuple(vec![Value::list(ps.to_vec()), ret[0].clone()]),
            }
        }
        Some(Form::Generic { args, .. }) | Some(Form::UnionType(args)) => {
            Value::tuple(args.to_vec())
        }
        _ => Value::tuple(vec![]),
    })
}
