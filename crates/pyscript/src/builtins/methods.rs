//! The methods of builtin values (`list.append`, `dict.get`, `set.union`, ...), bound or
//! unbound; `str`'s own are in `str_methods`.

use std::cell::RefCell;
use std::rc::Rc;

use super::functions::sort;
use super::str_methods::str_method;
use super::{one, two};
use crate::interp::Interp;
use crate::ops;
use crate::value::*;

/// `str.lower`, `dict.fromkeys`, ...: the methods of a builtin type, unbound.
pub(crate) fn type_attr(_it: &mut Interp, n: &NativeFunction, name: &str) -> Option<Value> {
    if let Some(v) = crate::stdlib::datetime_type_attr(&n.name, name) {
        return Some(v);
    }
    let sample = match &*n.name {
        "str" => Value::str(""),
        "list" => Value::list(vec![]),
        "dict" => Value::dict(Dict::new()),
        "set" | "frozenset" => Value::Set(Rc::new(RefCell::new(Dict::new()))),
        "tuple" => Value::tuple(vec![]),
        "bytes" => Value::Bytes(Rc::from(Vec::new())),
        "int" | "bool" => Value::Int(0),
        "float" => Value::Float(0.0),
        _ => return None,
    };
    if name == "fromkeys" && &*n.name == "dict" {
        return Some(Value::native("fromkeys", |it, a| {
            let keys = a.positional.first().cloned().unwrap_or(Value::None);
            let v = a.positional.get(1).cloned().unwrap_or(Value::None);
            let mut d = Dict::new();
            for k in it.iterate(&keys)? {
                d.insert(k, v.clone()).map_err(|m| it.type_error(m))?;
            }
            Ok(Value::dict(d))
        }));
    }
    if name == "maketrans" {
        return maketrans(&sample);
    }
    if !has_method(&sample, name) {
        return None;
    }
    let (mname, tname): (Str, Str) = (Rc::from(name), n.name.clone());
    let expected = sample.type_name();
    Some(Value::native(name, move |it, mut a| {
        if a.positional.is_empty() || a.positional[0].type_name() != expected {
            return Err(it.type_error(format!(
                "descriptor '{mname}' for '{tname}' objects needs an argument of that type"
            )));
        }
        let recv = a.positional.remove(0);
        call_method(it, &recv, &mname, a)
    }))
}

/// A method of a builtin value, bound to it: `"a,b".split`, `[].append`, `{}.get`.
pub(crate) fn method(_it: &mut Interp, recv: &Value, name: &str) -> Option<Value> {
    if name == "real" && matches!(recv, Value::Int(_) | Value::Bool(_) | Value::Float(_)) {
        return Some(recv.clone());
    }
    if name == "maketrans" {
        return maketrans(recv);
    }
    if !has_method(recv, name) {
        return None;
    }
    let recv = recv.clone();
    let mname: Str = Rc::from(name);
    Some(Value::native(name, move |it, args| {
        call_method(it, &recv, &mname, args)
    }))
}

/// Whether `recv.name` is a method of a builtin value.
pub(crate) fn has_method(recv: &Value, name: &str) -> bool {
    match recv {
        // The lists are sorted (checked by a test): a data loop asks once per call.
        Value::Str(_) => STR_METHODS.binary_search(&name).is_ok(),
        Value::List(_) => LIST_METHODS.binary_search(&name).is_ok(),
        Value::Dict(_) => DICT_METHODS.binary_search(&name).is_ok(),
        Value::Set(_) => SET_METHODS.binary_search(&name).is_ok(),
        Value::Tuple(_) => matches!(name, "index" | "count"),
        Value::Bytes(_) => matches!(name, "decode" | "hex" | "translate"),
        Value::Int(_) | Value::Bool(_) => matches!(name, "bit_length" | "to_bytes"),
        Value::Float(_) => name == "is_integer",
        _ => false,
    }
}

const STR_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "count",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "format",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "partition",
    "removeprefix",
    "removesuffix",
    "replace",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "translate",
    "upper",
    "zfill",
];
const LIST_METHODS: &[&str] = &[
    "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse",
    "sort",
];
const DICT_METHODS: &[&str] = &[
    "clear",
    "copy",
    "get",
    "items",
    "keys",
    "pop",
    "popitem",
    "setdefault",
    "update",
    "values",
];
const SET_METHODS: &[&str] = &[
    "add",
    "clear",
    "copy",
    "difference",
    "discard",
    "intersection",
    "isdisjoint",
    "issubset",
    "issuperset",
    "pop",
    "remove",
    "symmetric_difference",
    "union",
    "update",
];

pub(crate) fn call_method(it: &mut Interp, recv: &Value, name: &str, mut a: Args) -> EvalResult {
    match recv {
        Value::Str(s) => str_method(it, s, name, a),
        Value::List(l) => {
            match name {
                "append" => {
                    let v = one(it, &a, "append")?;
                    it.alloc(8)?;
                    l.borrow_mut().push(v);
                }
                "extend" => {
                    let v = one(it, &a, "extend")?;
                    let items = it.iterate(&v)?;
                    it.alloc(items.len() * 8)?;
                    l.borrow_mut().extend(items);
                }
                "insert" => {
                    let (i, v) = two(it, &a, "insert")?;
                    let len = l.borrow().len() as i64;
                    let i = i.as_int().unwrap_or(0);
                    let i = if i < 0 { (len + i).max(0) } else { i.min(len) };
                    l.borrow_mut().insert(i as usize, v);
                }
                "remove" => {
                    let v = one(it, &a, "remove")?;
                    let items = l.borrow().clone();
                    for (i, x) in items.iter().enumerate() {
                        if it.eq(x, &v)? {
                            l.borrow_mut().remove(i);
                            return Ok(Value::None);
                        }
                    }
                    return Err(it.value_error("list.remove(x): x not in list"));
                }
                "pop" => {
                    let len = l.borrow().len();
                    if len == 0 {
                        return Err(it.exc("IndexError", "pop from empty list"));
                    }
                    let i = match a.positional.first() {
                        Some(k) => it.index(k, len, "pop")?,
                        None => len - 1,
                    };
                    return Ok(l.borrow_mut().remove(i));
                }
                "clear" => l.borrow_mut().clear(),
                "index" | "count" => {
                    let v = one(it, &a, name)?;
                    let items = l.borrow().clone();
                    return seq_index_count(it, &items, &v, name, "list");
                }
                "sort" => {
                    let key = a.take_kw("key");
                    let reverse = match a.take_kw("reverse") {
                        Some(r) => it.truthy(&r)?,
                        None => false,
                    };
                    let mut items = l.borrow().clone();
                    sort(it, &mut items, key, reverse)?;
                    *l.borrow_mut() = items;
                }
                "reverse" => l.borrow_mut().reverse(),
                "copy" => return Ok(Value::list(l.borrow().clone())),
                _ => unreachable!(),
            }
            Ok(Value::None)
        }
        Value::Tuple(t) => {
            let v = one(it, &a, name)?;
            seq_index_count(it, t, &v, name, "tuple")
        }
        Value::Dict(d) => match name {
            "get" => {
                let k = one(it, &a, "get")?;
                let r = d.borrow().get(&k).map_err(|m| it.type_error(m))?.cloned();
                Ok(r.unwrap_or_else(|| a.positional.get(1).cloned().unwrap_or(Value::None)))
            }
            "keys" => Ok(Value::list(d.borrow().keys())),
            "values" => Ok(Value::list(d.borrow().values())),
            "items" => Ok(Value::list(
                d.borrow()
                    .items()
                    .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                    .collect(),
            )),
            "pop" => {
                let k = one(it, &a, "pop")?;
                let r = d.borrow_mut().remove(&k).map_err(|m| it.type_error(m))?;
                match (r, a.positional.get(1)) {
                    (Some(v), _) => Ok(v),
                    (None, Some(default)) => Ok(default.clone()),
                    (None, None) => Err(it.key_error(&k)),
                }
            }
            "popitem" => {
                let last = d.borrow_mut().pop_last();
                match last {
                    Some((k, v)) => Ok(Value::tuple(vec![k, v])),
                    None => Err(it.key_error(&Value::str("popitem(): dictionary is empty"))),
                }
            }
            "setdefault" => {
                let k = one(it, &a, "setdefault")?;
                let existing = d.borrow().get(&k).map_err(|m| it.type_error(m))?.cloned();
                match existing {
                    Some(v) => Ok(v),
                    None => {
                        let v = a.positional.get(1).cloned().unwrap_or(Value::None);
                        d.borrow_mut().insert(k, v.clone()).ok();
                        Ok(v)
                    }
                }
            }
            "update" => {
                if let Some(v) = a.positional.first() {
                    let items = it.dict_items(v)?;
                    for (k, v) in items {
                        d.borrow_mut().insert(k, v).map_err(|m| it.type_error(m))?;
                    }
                }
                for (k, v) in a.keywords {
                    d.borrow_mut().insert(Value::Str(k), v).ok();
                }
                Ok(Value::None)
            }
            "copy" => Ok(Value::dict(d.borrow().clone())),
            "clear" => {
                d.borrow_mut().clear();
                Ok(Value::None)
            }
            _ => unreachable!(),
        },
        Value::Set(s) => {
            let other_set = |it: &mut Interp, a: &Args| -> EvalResult<Dict> {
                let mut out = Dict::new();
                for v in &a.positional {
                    for x in it.iterate(v)? {
                        out.insert(x, Value::None).map_err(|m| it.type_error(m))?;
                    }
                }
                Ok(out)
            };
            let new_set = |d: Dict| Value::Set(Rc::new(RefCell::new(d)));
            match name {
                "add" => {
                    let v = one(it, &a, "add")?;
                    s.borrow_mut()
                        .insert(v, Value::None)
                        .map_err(|m| it.type_error(m))?;
                    Ok(Value::None)
                }
                "discard" | "remove" => {
                    let v = one(it, &a, name)?;
                    let r = s.borrow_mut().remove(&v).map_err(|m| it.type_error(m))?;
                    if r.is_none() && name == "remove" {
                        return Err(it.key_error(&v));
                    }
                    Ok(Value::None)
                }
                "pop" => match s.borrow_mut().pop_first() {
                    Some((k, _)) => Ok(k),
                    None => Err(it.key_error(&Value::str("pop from an empty set"))),
                },
                "update" => {
                    let o = other_set(it, &a)?;
                    for k in o.keys() {
                        s.borrow_mut().insert(k, Value::None).ok();
                    }
                    Ok(Value::None)
                }
                "clear" => {
                    s.borrow_mut().clear();
                    Ok(Value::None)
                }
                "copy" => Ok(new_set(s.borrow().clone())),
                "union" | "intersection" | "difference" | "symmetric_difference" => {
                    let o = new_set(other_set(it, &a)?);
                    let op = match name {
                        "union" => Op::BitOr,
                        "intersection" => Op::BitAnd,
                        "difference" => Op::Sub,
                        _ => Op::BitXor,
                    };
                    ops::binary(it, op, recv, &o)
                }
                "issubset" | "issuperset" | "isdisjoint" => {
                    let o = other_set(it, &a)?;
                    let me = s.borrow();
                    Ok(Value::Bool(match name {
                        "issubset" => me.keys().iter().all(|k| o.contains(k).unwrap_or(false)),
                        "issuperset" => o.keys().iter().all(|k| me.contains(k).unwrap_or(false)),
                        _ => !me.keys().iter().any(|k| o.contains(k).unwrap_or(false)),
                    }))
                }
                _ => unreachable!(),
            }
        }
        Value::Bytes(b) => match name {
            "decode" => Ok(Value::str(&String::from_utf8_lossy(b))),
            "translate" => bytes_translate(it, b, a),
            _ => Ok(Value::str(
                &b.iter().map(|x| format!("{x:02x}")).collect::<String>(),
            )),
        },
        Value::Float(f) => Ok(Value::Bool(f.fract() == 0.0)),
        Value::Int(i) => Ok(Value::Int(64 - i.unsigned_abs().leading_zeros() as i64)),
        _ => Err(it.type_error(format!("no method {name}"))),
    }
}

/// `str.maketrans` and `bytes.maketrans`: static methods, reached from the type or from an
/// instance.
fn maketrans(sample: &Value) -> Option<Value> {
    match sample {
        Value::Str(_) => Some(Value::native("maketrans", str_maketrans)),
        Value::Bytes(_) => Some(Value::native("maketrans", bytes_maketrans)),
        _ => None,
    }
}

fn bytes_like<'a>(it: &Interp, v: Option<&'a Value>) -> EvalResult<&'a [u8]> {
    match v {
        Some(Value::Bytes(b)) => Ok(b),
        Some(v) => Err(it.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))),
        None => Err(it.type_error("a bytes-like object is required, not 'NoneType'")),
    }
}

/// `bytes.maketrans(frm, to)`: the 256-byte table mapping each byte of `frm` to the byte of
/// `to` at the same place.
fn bytes_maketrans(it: &mut Interp, a: Args) -> EvalResult {
    if a.positional.len() != 2 || !a.keywords.is_empty() {
        return Err(it.type_error(format!(
            "maketrans expected 2 arguments, got {}",
            a.positional.len() + a.keywords.len()
        )));
    }
    let frm = bytes_like(it, a.positional.first())?;
    let to = bytes_like(it, a.positional.get(1))?;
    if frm.len() != to.len() {
        return Err(it.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&f, &t) in frm.iter().zip(to) {
        table[f as usize] = t;
    }
    Ok(Value::Bytes(Rc::from(table)))
}

/// `b.translate(table, /, delete=b"")`: `delete`'s bytes removed, the rest mapped through
/// `table` (256 bytes, or `None` for none).
fn bytes_translate(it: &mut Interp, b: &[u8], mut a: Args) -> EvalResult {
    let delete = match a.take_kw("delete") {
        Some(v) => Some(v),
        None if a.positional.len() > 1 => Some(a.positional.remove(1)),
        None => None,
    };
    let delete = match &delete {
        Some(v) => bytes_like(it, Some(v))?,
        None => &[],
    };
    let table = match a.positional.first() {
        None => {
            return Err(it.type_error("translate() takes at least 1 positional argument (0 given)"));
        }
        Some(Value::None) => None,
        Some(v) => {
            let t = bytes_like(it, Some(v))?;
            if t.len() != 256 {
                return Err(it.value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let out: Vec<u8> = b
        .iter()
        .filter(|x| !delete.contains(x))
        .map(|&x| table.map_or(x, |t| t[x as usize]))
        .collect();
    Ok(Value::Bytes(Rc::from(out)))
}

/// `str.maketrans(mapping)` or `str.maketrans(frm, to[, delete])`: a dict from code points
/// to code points, strings or `None`.
fn str_maketrans(it: &mut Interp, a: Args) -> EvalResult {
    if !a.keywords.is_empty() {
        return Err(it.type_error("str.maketrans() takes no keyword arguments"));
    }
    let mut d = Dict::new();
    match a.positional.as_slice() {
        [one] => {
            let Value::Dict(m) = one else {
                return Err(
                    it.type_error("if you give only one argument to maketrans it must be a dict")
                );
            };
            let items: Vec<(Value, Value)> = m
                .borrow()
                .items()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (k, v) in items {
                let key = match &k {
                    Value::Str(s) => {
                        let mut cs = s.chars();
                        match (cs.next(), cs.next()) {
                            (Some(c), None) => Value::Int(c as i64),
                            _ => {
                                return Err(it.value_error(
                                    "string keys in translate table must be of length 1",
                                ));
                            }
                        }
                    }
                    Value::Int(_) | Value::Bool(_) => k.clone(),
                    _ => {
                        return Err(
                            it.type_error("keys in translate table must be strings or integers")
                        );
                    }
                };
                d.insert(key, v).map_err(|m| it.type_error(m))?;
            }
        }
        [frm, to, rest @ ..] if rest.len() <= 1 => {
            let text = |it: &Interp, v: &Value, n: usize| -> EvalResult<Vec<char>> {
                match v {
                    Value::Str(s) => Ok(s.chars().collect()),
                    v => Err(it.type_error(format!(
                        "maketrans() argument {n} must be str, not {}",
                        v.type_name()
                    ))),
                }
            };
            let (frm, to) = (text(it, frm, 1)?, text(it, to, 2)?);
            if frm.len() != to.len() {
                return Err(
                    it.value_error("the first two maketrans arguments must have equal length")
                );
            }
            for (f, t) in frm.into_iter().zip(to) {
                d.insert(Value::Int(f as i64), Value::Int(t as i64))
                    .map_err(|m| it.type_error(m))?;
            }
            if let Some(del) = rest.first() {
                for c in text(it, del, 3)? {
                    d.insert(Value::Int(c as i64), Value::None)
                        .map_err(|m| it.type_error(m))?;
                }
            }
        }
        _ => {
            return Err(it.type_error(format!(
                "maketrans expected at most 3 arguments, got {}",
                a.positional.len()
            )));
        }
    }
    Ok(Value::dict(d))
}

fn seq_index_count(
    it: &mut Interp,
    items: &[Value],
    v: &Value,
    name: &str,
    ty: &str,
) -> EvalResult {
    let mut count = 0;
    for (i, x) in items.iter().enumerate() {
        if it.eq(x, v)? {
            if name == "index" {
                return Ok(Value::Int(i as i64));
            }
            count += 1;
        }
    }
    if name == "index" {
        Err(it.value_error(format!("{ty}.index(x): x not in {ty}")))
    } else {
        Ok(Value::Int(count))
    }
}

#[cfg(test)]
#[test]
fn method_lists_are_sorted_for_binary_search() {
    for list in [STR_METHODS, LIST_METHODS, DICT_METHODS, SET_METHODS] {
        assert!(list.is_sorted(), "{list:?}");
    }
}
