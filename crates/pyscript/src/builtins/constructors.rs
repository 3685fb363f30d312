//! The builtin types as constructors: `str`, `int`, `float`, `bool`, `list`, `tuple`, `set`,
//! `frozenset`, `dict`, `bytes`.

use std::cell::RefCell;
use std::rc::Rc;

use super::{builtin, dunder};
use crate::format::{self, to_str};
use crate::interp::Interp;
use crate::value::*;

/// Type constructors: also what `isinstance(x, str)` compares against.
pub(super) fn install(interp: &mut Interp) {
    builtin(interp, "str", |it, a| match a.positional.first() {
        None => Ok(Value::str("")),
        Some(v) if crate::interp::has_py_class(v) => Ok(Value::str(&it.str_of(v)?)),
        Some(
            v
            @ (Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) | Value::Host(_)),
        ) => Ok(Value::str(&it.str_of(v)?)),
        Some(Value::Bytes(b)) if a.positional.len() > 1 => {
            Ok(Value::str(&String::from_utf8_lossy(b)))
        }
        Some(v) => Ok(Value::str(&to_str(v))),
    });
    builtin(interp, "int", |it, a| match a.positional.first() {
        None => Ok(Value::Int(0)),
        Some(Value::Int(i)) => Ok(Value::Int(*i)),
        Some(Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        Some(Value::Float(f)) => {
            if f.is_nan() {
                return Err(it.exc("ValueError", "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(it.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            // Rust's `as` would saturate: a float past 64 bits is Retort's limit, said.
            if f.trunc().abs() >= 9.223_372_036_854_776e18 {
                return Err(it.exc(
                    "OverflowError",
                    "Retort's integers are 64-bit: the float is too large for one",
                ));
            }
            Ok(Value::Int(f.trunc() as i64))
        }
        // A member of an `IntEnum` / `IntFlag` is an int.
        Some(Value::Instance(i)) if let Some(v) = i.int_enum_value() => Ok(v),
        Some(v @ (Value::Host(_) | Value::Instance(_)))
            if let Some(r) =
                dunder(it, v, "__int__", vec![])?.or(dunder(it, v, "__index__", vec![])?) =>
        {
            Ok(r)
        }
        Some(Value::Str(s)) => {
            let base = a.arg(1, "base").and_then(Value::as_int).unwrap_or(10);
            if base != 0 && !(2..=36).contains(&base) {
                return Err(it.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            parse_int(s, base as u32).map(Value::Int).ok_or_else(|| {
                it.value_error(format!(
                    "invalid literal for int() with base {base}: {}",
                    format::str_repr(s)
                ))
            })
        }
        Some(v) => Err(it.type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            v.type_name()
        ))),
    });
    builtin(interp, "float", |it, a| match a.positional.first() {
        None => Ok(Value::Float(0.0)),
        Some(Value::Float(f)) => Ok(Value::Float(*f)),
        Some(v @ (Value::Int(_) | Value::Bool(_))) => Ok(Value::Float(v.as_int().unwrap() as f64)),
        Some(v @ (Value::Host(_) | Value::Instance(_)))
            if let Some(r) = dunder(it, v, "__float__", vec![])? =>
        {
            Ok(r)
        }
        Some(Value::Str(s)) => {
            let t = s.trim().to_ascii_lowercase();
            let parsed = match t.as_str() {
                "inf" | "+inf" | "infinity" => Ok(f64::INFINITY),
                "-inf" | "-infinity" => Ok(f64::NEG_INFINITY),
                "nan" => Ok(f64::NAN),
                _ => t.parse::<f64>(),
            };
            parsed.map(Value::Float).map_err(|_| {
                it.value_error(format!(
                    "could not convert string to float: {}",
                    format::str_repr(s)
                ))
            })
        }
        Some(v) => Err(it.type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            v.type_name()
        ))),
    });
    builtin(interp, "bool", |it, a| match a.positional.first() {
        None => Ok(Value::Bool(false)),
        Some(v) => Ok(Value::Bool(it.truthy(v)?)),
    });
    builtin(interp, "list", |it, a| match a.positional.first() {
        None => Ok(Value::list(vec![])),
        Some(v) => {
            let items = it.iterate(v)?;
            Ok(Value::list(items))
        }
    });
    builtin(interp, "tuple", |it, a| match a.positional.first() {
        None => Ok(Value::tuple(vec![])),
        Some(v) => {
            let items = it.iterate(v)?;
            Ok(Value::tuple(items))
        }
    });
    let set_ctor: fn(&mut Interp, Args) -> EvalResult = |it, a| {
        let mut d = Dict::new();
        if let Some(v) = a.positional.first() {
            for x in it.iterate(v)? {
                d.insert(x, Value::None).map_err(|m| it.type_error(m))?;
            }
        }
        Ok(Value::Set(Rc::new(RefCell::new(d))))
    };
    builtin(interp, "set", set_ctor);
    builtin(interp, "frozenset", set_ctor);
    builtin(interp, "dict", |it, a| {
        let mut d = Dict::new();
        if let Some(v) = a.positional.first() {
            match v {
                Value::Dict(_) | Value::Host(_) => {
                    for (k, x) in it.dict_items(v)? {
                        d.insert(k, x).map_err(|m| it.type_error(m))?;
                    }
                }
                // A mapping written in Python: `keys()` and `[]`, as CPython's dict() asks.
                Value::Instance(_) if it.get_attr_opt(v, "keys")?.is_some() => {
                    let keys = it.get_attr(v, "keys")?;
                    let keys = it.call(&keys, Args::default())?;
                    for k in it.iterate(&keys)? {
                        let x = it.get_item(v, &k)?;
                        d.insert(k, x).map_err(|m| it.type_error(m))?;
                    }
                }
                _ => {
                    for pair in it.iterate(v)? {
                        let kv = it.iterate(&pair)?;
                        if kv.len() != 2 {
                            return Err(it.value_error(
                                "dictionary update sequence element has wrong length",
                            ));
                        }
                        d.insert(kv[0].clone(), kv[1].clone())
                            .map_err(|m| it.type_error(m))?;
                    }
                }
            }
        }
        for (k, v) in a.keywords {
            d.insert(Value::Str(k), v).ok();
        }
        Ok(Value::dict(d))
    });
    builtin(interp, "bytes", |it, a| match a.positional.first() {
        None => Ok(Value::Bytes(Rc::from(Vec::new()))),
        Some(Value::Str(s)) => Ok(Value::Bytes(Rc::from(s.as_bytes()))),
        Some(Value::Bytes(b)) => Ok(Value::Bytes(b.clone())),
        // `bytes(n)`: n zero bytes.
        Some(Value::Int(n)) => {
            if *n < 0 {
                return Err(it.value_error("negative count"));
            }
            it.alloc(*n as usize)?;
            Ok(Value::Bytes(Rc::from(vec![0u8; *n as usize])))
        }
        Some(v) => {
            let items = it.iterate(v)?;
            Ok(Value::Bytes(Rc::from(
                items
                    .iter()
                    .map(|x| x.as_int().unwrap_or(0) as u8)
                    .collect::<Vec<_>>(),
            )))
        }
    });
}

/// `int(s, base)`: sign, a `0x`/`0o`/`0b` prefix (for base 0, or the base it names), `_`
/// between digits; base 0 takes the base from the prefix.
fn parse_int(s: &str, base: u32) -> Option<i64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = t.get(..2).map(str::to_ascii_lowercase);
    let (base, digits) = match (lower.as_deref(), base) {
        (Some("0x"), 0 | 16) => (16, &t[2..]),
        (Some("0o"), 0 | 8) => (8, &t[2..]),
        (Some("0b"), 0 | 2) => (2, &t[2..]),
        (_, 0)
            if t.len() > 1 && t.starts_with('0') && t.bytes().any(|b| b != b'0' && b != b'_') =>
        {
            return None;
        }
        (_, 0) => (10, t),
        (_, b) => (b, t),
    };
    let digits = digits
        .strip_prefix('_')
        .filter(|_| base != 10)
        .unwrap_or(digits);
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || digits.starts_with(['+', '-'])
    {
        return None;
    }
    let v = i64::from_str_radix(&digits.replace('_', ""), base).ok()?;
    Some(if neg { -v } else { v })
}
