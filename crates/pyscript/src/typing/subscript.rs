//! Subscripting typing objects: the special forms (`Optional[X]`, `Literal[...]`,
//! `Callable[[...], R]`, ...), aliases (`List[int]`), and aliases with TypeVars.

use super::union::union;
use super::{Form, Kind, args_of, convert_none, form, new, special_form};
use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

pub(super) fn subscript_special(it: &mut Interp, name: &'static str, key: &Value) -> EvalResult {
    let args = args_of(key);
    let special = special_form(it, name);
    match name {
        "Optional" => {
            if args.len() != 1 {
                let got: String = repr(key).chars().take(100).collect();
                return Err(it.type_error(format!(
                    "typing.Optional requires a single type. Got {got}."
                )));
            }
            union(it, vec![args[0].clone(), Value::None])
        }
        "Union" => union(it, args),
        "Literal" => {
            let mut uniq: Vec<Value> = Vec::new();
            for a in args {
                let mut dup = false;
                for y in &uniq {
                    if a.type_name() == y.type_name() && it.eq(&a, y)? {
                        dup = true;
                    }
                }
                if !dup {
                    uniq.push(a);
                }
            }
            Ok(new(Form::Generic {
                origin: special,
                args: uniq.into(),
                kind: Kind::Literal,
            }))
        }
        "Annotated" => {
            if args.len() < 2 {
                return Err(it.type_error(
                    "Annotated[...] should be used with at least two arguments (a type and an annotation).",
                ));
            }
            let mut inner = convert_none(it, args[0].clone());
            let mut meta: Vec<Value> = Vec::new();
            if let Some(Form::Generic {
                args: a,
                kind: Kind::Annotated(m),
                ..
            }) = form(&inner)
            {
                meta.extend(m.iter().cloned());
                inner = a[0].clone();
            }
            meta.extend(args[1..].iter().cloned());
            Ok(new(Form::Generic {
                origin: inner.clone(),
                args: vec![inner].into(),
                kind: Kind::Annotated(meta.into()),
            }))
        }
        "Any" | "NoReturn" | "Never" | "Self" | "LiteralString" | "TypeAlias" => {
            Err(it.type_error(format!("typing.{name} is not subscriptable")))
        }
        _ => {
            let args: Vec<Value> = args.into_iter().map(|a| convert_none(it, a)).collect();
            Ok(new(Form::Generic {
                origin: special,
                args: args.into(),
                kind: Kind::Typing(Some(name)),
            }))
        }
    }
}

pub(super) fn subscript_alias(
    it: &mut Interp,
    name: &'static str,
    origin: &Value,
    key: &Value,
) -> EvalResult {
    if name == "Callable" {
        let args = args_of(key);
        let (params, ret) = match &args[..] {
            [Value::List(ps), ret] => (ps.borrow().clone(), ret.clone()),
            [Value::Ellipsis, ret] => (vec![Value::Ellipsis], ret.clone()),
            _ => {
                return Err(it.type_error("Callable must be used as Callable[[arg, ...], result]."));
            }
        };
        let mut all: Vec<Value> = params.into_iter().map(|a| convert_none(it, a)).collect();
        all.push(convert_none(it, ret));
        return Ok(new(Form::Generic {
            origin: origin.clone(),
            args: all.into(),
            kind: Kind::Callable(true),
        }));
    }
    let args: Vec<Value> = args_of(key)
        .into_iter()
        .map(|a| convert_none(it, a))
        .collect();
    Ok(new(Form::Generic {
        origin: origin.clone(),
        args: args.into(),
        kind: Kind::Typing(Some(name)),
    }))
}

/// `alias[key]` of an alias with TypeVars: the TypeVars replaced, in order.
pub(super) fn substitute(it: &mut Interp, f: &Form, key: &Value) -> EvalResult {
    let params = f.parameters();
    let args = args_of(key);
    if params.is_empty() {
        return Err(it.type_error(format!("{} is not a generic class", f.repr())));
    }
    if params.len() != args.len() {
        return Err(it.type_error(format!(
            "Too {} arguments for {}; actual {}, expected {}",
            if args.len() > params.len() {
                "many"
            } else {
                "few"
            },
            f.repr(),
            args.len(),
            params.len()
        )));
    }
    fn subst(v: &Value, params: &[Value], args: &[Value]) -> Value {
        if let Some(i) = params.iter().position(|p| p.is(v)) {
            return args[i].clone();
        }
        match form(v) {
            Some(Form::Generic {
                origin,
                args: a,
                kind,
            }) => new(Form::Generic {
                origin: origin.clone(),
                args: a.iter().map(|x| subst(x, params, args)).collect(),
                kind: kind.clone(),
            }),
            Some(Form::UnionType(a)) => new(Form::UnionType(
                a.iter().map(|x| subst(x, params, args)).collect(),
            )),
            _ => v.clone(),
        }
    }
    let Form::Generic {
        origin,
        args: own,
        kind,
    } = f
    else {
        return Err(it.type_error("not subscriptable"));
    };
    let args: Vec<Value> = args.into_iter().map(|a| convert_none(it, a)).collect();
    Ok(new(Form::Generic {
        origin: origin.clone(),
        args: own.iter().map(|x| subst(x, &params, &args)).collect(),
        kind: kind.clone(),
    }))
}
