//! The builtin functions, registered in groups (sequences, attributes, namespaces, numbers
//! and text, iterators, objects), and the helpers only they use.

use std::rc::Rc;

use super::isinstance::{isinstance, issubclass};
use super::{builtin, dunder, one, two};
use crate::format::{self, to_str};
use crate::interp::Interp;
use crate::ops;
use crate::value::*;

/// `print`, and the functions over iterables: `len`, `range`, `enumerate`, `zip`, `sorted`,
/// `reversed`, `min`, `max`, `sum`, `any`, `all`.
pub(super) fn install_sequences(interp: &mut Interp) {
    builtin(interp, "print", print);
    builtin(interp, "len", |it, a| {
        let v = one(it, &a, "len")?;
        let n = match &v {
            Value::Str(s) => s.chars().count(),
            Value::Bytes(b) => b.len(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            Value::Dict(d) | Value::Set(d) => d.borrow().len(),
            Value::Range(r) => ops::range_len(r.0, r.1, r.2),
            Value::Host(h) => match it.len_of(&v)?.or_else(|| h.len()) {
                Some(n) => n,
                None => {
                    return Err(
                        it.type_error(format!("object of type '{}' has no len()", v.type_name()))
                    );
                }
            },
            Value::Class(c) if c.is_enum => crate::stdlib::enum_members(c).len(),
            _ => match it.len_of(&v)? {
                Some(n) => n,
                None => {
                    return Err(
                        it.type_error(format!("object of type '{}' has no len()", v.type_name()))
                    );
                }
            },
        };
        Ok(Value::Int(n as i64))
    });
    builtin(interp, "range", |it, a| {
        let ints: Vec<i64> = a
            .positional
            .iter()
            .map(|v| {
                v.as_int().ok_or_else(|| {
                    it.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        v.type_name()
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        match ints.as_slice() {
            [stop] => Ok(Value::Range(Rc::new((0, *stop, 1)))),
            [start, stop] => Ok(Value::Range(Rc::new((*start, *stop, 1)))),
            [_, _, 0] => Err(it.value_error("range() arg 3 must not be zero")),
            [start, stop, step] => Ok(Value::Range(Rc::new((*start, *stop, *step)))),
            _ => Err(it.type_error("range expected 1 to 3 arguments")),
        }
    });
    builtin(interp, "enumerate", |it, a| {
        let v = one(it, &a, "enumerate")?;
        let start = a.arg(1, "start").and_then(Value::as_int).unwrap_or(0);
        let items = it.iterate(&v)?;
        Ok(Value::list(
            items
                .into_iter()
                .enumerate()
                .map(|(i, x)| Value::tuple(vec![Value::Int(start + i as i64), x]))
                .collect(),
        ))
    });
    builtin(interp, "zip", |it, mut a| {
        a.take_kw("strict");
        let rows = crate::iters::zip(it, &a.positional)?;
        Ok(Value::list(rows.into_iter().map(Value::tuple).collect()))
    });
    builtin(interp, "sorted", |it, mut a| {
        let v = one(it, &a, "sorted")?;
        let mut items = it.iterate(&v)?;
        let key = a.take_kw("key");
        let reverse = match a.take_kw("reverse") {
            Some(r) => it.truthy(&r)?,
            None => false,
        };
        sort(it, &mut items, key, reverse)?;
        Ok(Value::list(items))
    });
    builtin(interp, "reversed", |it, a| {
        let v = one(it, &a, "reversed")?;
        let mut items = it.iterate(&v)?;
        items.reverse();
        Ok(Value::list(items))
    });
    builtin(interp, "min", |it, a| min_max(it, a, true));
    builtin(interp, "max", |it, a| min_max(it, a, false));
    builtin(interp, "sum", |it, a| {
        let v = one(it, &a, "sum")?;
        let mut acc = a.arg(1, "start").cloned().unwrap_or(Value::Int(0));
        for x in it.iterate(&v)? {
            acc = it.binary(Op::Add, &acc, &x)?;
        }
        Ok(acc)
    });
    builtin(interp, "any", |it, a| {
        let v = one(it, &a, "any")?;
        for x in it.iterate(&v)? {
            if it.truthy(&x)? {
                return Ok(Value::Bool(true));
            }
        }
        Ok(Value::Bool(false))
    });
    builtin(interp, "all", |it, a| {
        let v = one(it, &a, "all")?;
        for x in it.iterate(&v)? {
            if !it.truthy(&x)? {
                return Ok(Value::Bool(false));
            }
        }
        Ok(Value::Bool(true))
    });
}

/// Type checks and attribute access: `isinstance`, `issubclass`, `callable`, `hasattr`,
/// `getattr`, `setattr`, `delattr`.
pub(super) fn install_attributes(interp: &mut Interp) {
    builtin(interp, "isinstance", |it, a| {
        let (v, t) = two(it, &a, "isinstance")?;
        Ok(Value::Bool(isinstance(it, &v, &t)?))
    });
    builtin(interp, "issubclass", |it, a| {
        let (c, t) = two(it, &a, "issubclass")?;
        Ok(Value::Bool(issubclass(it, &c, &t)?))
    });
    builtin(interp, "callable", |it, a| {
        let v = one(it, &a, "callable")?;
        Ok(Value::Bool(match &v {
            Value::Function(_)
            | Value::Native(_)
            | Value::BoundMethod(_)
            | Value::Class(_)
            | Value::Host(_) => true,
            Value::Instance(_) => it.special(&v, "__call__").is_some(),
            _ => false,
        }))
    });
    builtin(interp, "hasattr", |it, a| {
        let (v, n) = two(it, &a, "hasattr")?;
        let name = n
            .as_str()
            .ok_or_else(|| it.type_error("hasattr(): attribute name must be string"))?
            .to_owned();
        match it.get_attr_opt(&v, &name) {
            Ok(r) => Ok(Value::Bool(r.is_some())),
            Err(crate::interp::Unwind::Exception(e))
                if it.is_instance_of_exc(&e.value, "AttributeError") =>
            {
                Ok(Value::Bool(false))
            }
            Err(e) => Err(e),
        }
    });
    builtin(interp, "getattr", |it, a| {
        let (v, n) = two(it, &a, "getattr")?;
        let name = n
            .as_str()
            .ok_or_else(|| it.type_error("getattr(): attribute name must be string"))?
            .to_owned();
        let Some(default) = a.positional.get(2) else {
            return it.get_attr(&v, &name);
        };
        match it.get_attr_opt(&v, &name) {
            Ok(Some(r)) => Ok(r),
            Ok(None) => Ok(default.clone()),
            Err(crate::interp::Unwind::Exception(e))
                if it.is_instance_of_exc(&e.value, "AttributeError") =>
            {
                Ok(default.clone())
            }
            Err(e) => Err(e),
        }
    });
    builtin(interp, "setattr", |it, a| {
        let [obj, name, value] = &a.positional[..] else {
            return Err(it.type_error(format!(
                "setattr expected 3 arguments, got {}",
                a.positional.len()
            )));
        };
        let Value::Str(name) = name else {
            return Err(it.type_error(format!(
                "attribute name must be string, not '{}'",
                name.type_name()
            )));
        };
        it.set_attr(obj, name, value.clone())?;
        Ok(Value::None)
    });
    builtin(interp, "delattr", |it, a| {
        let (obj, name) = two(it, &a, "delattr")?;
        let Value::Str(name) = name else {
            return Err(it.type_error(format!(
                "attribute name must be string, not '{}'",
                name.type_name()
            )));
        };
        it.del_attr(&obj, &name)?;
        Ok(Value::None)
    });
}

/// The doors to code, files and names: `eval`, `open`, `globals`, `vars`.
pub(super) fn install_namespaces(interp: &mut Interp) {
    // `eval(expression, globals, locals)`: an expression's value (no statements, no code
    // objects); it runs in the sandbox as the code that calls it does.
    builtin(interp, "eval", |it, mut a| {
        let src = match a
            .positional
            .first()
            .cloned()
            .or_else(|| a.take_kw("source"))
        {
            Some(Value::Str(s)) => s,
            Some(_) => {
                return Err(it.type_error("eval() arg 1 must be a string, bytes or code object"));
            }
            None => return Err(it.type_error("eval expected at least 1 argument, got 0")),
        };
        let scope = |it: &mut Interp, v: Option<Value>| -> EvalResult<Option<Rc<Scope>>> {
            match v {
                None | Some(Value::None) => Ok(None),
                Some(d) => {
                    let s = Scope::default();
                    for (k, v) in it.dict_items(&d)? {
                        if let Value::Str(k) = k {
                            s.set(&k, v);
                        }
                    }
                    Ok(Some(Rc::new(s)))
                }
            }
        };
        let g = a
            .positional
            .get(1)
            .cloned()
            .or_else(|| a.take_kw("globals"));
        let l = a.positional.get(2).cloned().or_else(|| a.take_kw("locals"));
        let g = scope(it, g)?;
        let l = scope(it, l)?;
        it.eval_builtin(&src, g, l)
    });
    // `open(path)` for reading, over the host's file reader (a `StringIO` / `BytesIO` of
    // the whole file); writing, appending or creating files is refused.
    builtin(interp, "open", |it, mut a| {
        let file = a
            .positional
            .first()
            .cloned()
            .or_else(|| a.take_kw("file"))
            .ok_or_else(|| it.type_error("open() missing required argument 'file' (pos 1)"))?;
        let mode = match a.positional.get(1).cloned().or_else(|| a.take_kw("mode")) {
            Some(Value::Str(m)) => m.to_string(),
            Some(other) => {
                return Err(it.type_error(format!(
                    "open() argument 'mode' must be str, not {}",
                    other.type_name()
                )));
            }
            None => "r".to_owned(),
        };
        if mode.contains(['w', 'a', 'x', '+']) {
            return Err(crate::sysmod::refuse(
                it,
                &format!("open(..., {mode:?})"),
                "fs",
            ));
        }
        let path = crate::sysmod::fspath(it, &file)?;
        let Some(read) = it.host.file_reader.clone() else {
            return Err(crate::sysmod::refuse(it, "open()", "fs"));
        };
        let Some(text) = read(&crate::sysmod::absolute(&it.host.cwd, &path)) else {
            return Err(it.exc(
                "FileNotFoundError",
                format!(
                    "[Errno 2] No such file or directory: {}",
                    crate::format::str_repr(&path)
                ),
            ));
        };
        it.alloc(text.len())?;
        let io = it.import_module("io")?;
        let (class, content) = if mode.contains('b') {
            ("BytesIO", Value::Bytes(Rc::from(text.into_bytes())))
        } else {
            ("StringIO", Value::str(&text))
        };
        let class = it.get_attr(&io, class)?;
        let f = it.call(&class, Args::new(vec![content]))?;
        if let Value::Instance(i) = &f {
            i.set("name", file);
            i.set("mode", Value::str(&mode));
        }
        Ok(f)
    });
    // `globals()`: the module's names as a dict, a copy as a module's `__dict__` is here:
    // reading works, and writing to it does not define names.
    builtin(interp, "globals", |it, _| {
        let globals = it.current_globals();
        let mut d = Dict::new();
        for (k, v) in globals.vars.borrow().iter() {
            d.insert_str(k, v.clone());
        }
        Ok(Value::dict(d))
    });
    builtin(interp, "vars", |it, a| match a.positional.first() {
        Some(Value::Instance(i)) => Ok(Value::Dict(i.dict.clone())),
        Some(v @ (Value::Class(_) | Value::Module(_) | Value::Function(_) | Value::Host(_))) => {
            match it.get_attr_opt(v, "__dict__")? {
                Some(d) => Ok(d),
                None => Err(it.type_error("vars() argument must have __dict__ attribute")),
            }
        }
        Some(_) => Err(it.type_error("vars() argument must have __dict__ attribute")),
        None => Err(it.unsupported(
            "`vars()` without an argument",
            Some("pass the object whose attributes you want".into()),
        )),
    });
}

/// Representations, numbers and characters: `repr`, `ascii`, `abs`, `round`, `divmod`,
/// `pow`, `chr`, `ord`, `format`.
pub(super) fn install_numbers_and_text(interp: &mut Interp) {
    builtin(interp, "repr", |it, a| {
        let v = one(it, &a, "repr")?;
        Ok(Value::str(&it.repr_of(&v)?))
    });
    builtin(interp, "ascii", |it, a| {
        let v = one(it, &a, "ascii")?;
        Ok(Value::str(&it.repr_of(&v)?))
    });
    builtin(interp, "abs", |it, a| match one(it, &a, "abs")? {
        Value::Int(i) => Ok(Value::Int(i.abs())),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Bool(b) => Ok(Value::Int(b as i64)),
        v @ (Value::Host(_) | Value::Instance(_))
            if let Some(r) = dunder(it, &v, "__abs__", vec![])? =>
        {
            Ok(r)
        }
        v => Err(it.type_error(format!("bad operand type for abs(): '{}'", v.type_name()))),
    });
    builtin(interp, "round", |it, a| {
        let v = one(it, &a, "round")?;
        let nd = a.arg(1, "ndigits").cloned().unwrap_or(Value::None);
        let f = match &v {
            Value::Int(i) => return Ok(Value::Int(*i)),
            Value::Float(f) => *f,
            Value::Host(_) | Value::Instance(_)
                if let Some(r) = dunder(it, &v, "__round__", vec![nd.clone()])? =>
            {
                return Ok(r);
            }
            _ => {
                return Err(it.type_error(format!(
                    "type {} doesn't define __round__ method",
                    v.type_name()
                )));
            }
        };
        // Python rounds half to even.
        let round_even = |x: f64| {
            let r = x.round();
            if (x - x.trunc()).abs() == 0.5 {
                2.0 * (x / 2.0).round()
            } else {
                r
            }
        };
        match nd.as_int() {
            None => {
                let r = round_even(f);
                if !r.is_finite() || r.abs() >= 9.223_372_036_854_776e18 {
                    return Err(it.exc(
                        "OverflowError",
                        "Retort's integers are 64-bit: the float is too large to round to one",
                    ));
                }
                Ok(Value::Int(r as i64))
            }
            // CPython rounds the float's exact binary value, half to even: so does Rust's
            // fixed-precision formatting (`round(0.0025, 3)` is 0.003: 0.0025 is a hair above).
            Some(n) if (0..=308).contains(&n) && f.is_finite() => Ok(Value::Float(
                format!("{:.*}", n as usize, f).parse().unwrap_or(f),
            )),
            Some(n) => {
                let m = 10f64.powi(n as i32);
                Ok(Value::Float(round_even(f * m) / m))
            }
        }
    });
    builtin(interp, "divmod", |it, a| {
        let (x, y) = two(it, &a, "divmod")?;
        let q = it.binary(Op::FloorDiv, &x, &y)?;
        let r = it.binary(Op::Mod, &x, &y)?;
        Ok(Value::tuple(vec![q, r]))
    });
    builtin(interp, "pow", |it, a| {
        let (x, y) = two(it, &a, "pow")?;
        it.binary(Op::Pow, &x, &y)
    });
    builtin(interp, "chr", |it, a| {
        let v = one(it, &a, "chr")?;
        let c = v
            .as_int()
            .and_then(|i| char::from_u32(i as u32))
            .ok_or_else(|| it.value_error("chr() arg not in range(0x110000)"))?;
        Ok(Value::str(&c.to_string()))
    });
    builtin(interp, "ord", |it, a| {
        let v = one(it, &a, "ord")?;
        let s = v
            .as_str()
            .ok_or_else(|| it.type_error("ord() expected string of length 1"))?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(Value::Int(c as i64)),
            _ => Err(it.type_error("ord() expected a character")),
        }
    });
    builtin(interp, "format", |it, a| {
        let v = one(it, &a, "format")?;
        let spec = a
            .positional
            .get(1)
            .and_then(|s| s.as_str().map(str::to_owned))
            .unwrap_or_default();
        if crate::interp::has_py_class(&v) {
            return Ok(Value::str(&it.format_instance(&v, &spec)?));
        }
        Ok(Value::str(&format::format_value(it, &v, &spec)?))
    });
}

/// `map`, `filter`, `iter`, `next`.
pub(super) fn install_iterators(interp: &mut Interp) {
    builtin(interp, "map", |it, a| {
        let f = a
            .positional
            .first()
            .cloned()
            .ok_or_else(|| it.type_error("map() must have at least two arguments."))?;
        let rows = crate::iters::zip(it, &a.positional[1..])?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(it.call(&f, Args::new(row))?);
        }
        Ok(Value::list(out))
    });
    builtin(interp, "filter", |it, a| {
        let (f, v) = two(it, &a, "filter")?;
        let mut out = Vec::new();
        for x in it.iterate(&v)? {
            let keep = if f.is_none() {
                x.clone()
            } else {
                it.call(&f, Args::new(vec![x.clone()]))?
            };
            if it.truthy(&keep)? {
                out.push(x);
            }
        }
        Ok(Value::list(out))
    });
    builtin(interp, "iter", |it, a| {
        let v = one(it, &a, "iter")?;
        if let Some(r) = it.call_special(&v, "__iter__", vec![])? {
            return Ok(r);
        }
        if v.downcast_host::<crate::iters::SeqIter>().is_some() {
            return Ok(v);
        }
        crate::iters::SeqIter::of(it, &v)
    });
    builtin(interp, "next", |it, a| {
        let v = one(it, &a, "next")?;
        if it.special(&v, "__next__").is_some() {
            return match (it.next_of(&v)?, a.positional.get(1)) {
                (Some(x), _) => Ok(x),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => Err(it.exc("StopIteration", "")),
            };
        }
        if let Some(s) = v.downcast_host::<crate::iters::SeqIter>() {
            return match (s.next(), a.positional.get(1)) {
                (Some(x), _) => Ok(x),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => Err(it.exc("StopIteration", "")),
            };
        }
        match &v {
            Value::List(l) if !l.borrow().is_empty() => Ok(l.borrow_mut().remove(0)),
            Value::List(_) => match a.positional.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(it.exc("StopIteration", "")),
            },
            _ => Err(it.type_error(format!("'{}' object is not an iterator", v.type_name()))),
        }
    });
}

/// Identity, hashing and the class toolkit: `id`, `hash`, `super`, `staticmethod`,
/// `classmethod`, `property`.
pub(super) fn install_objects(interp: &mut Interp) {
    builtin(interp, "id", |it, a| {
        let v = one(it, &a, "id")?;
        // Shared values by their address (lists, dicts and tuples too: `copy.deepcopy`'s
        // memo is keyed by `id`).
        Ok(Value::Int(match &v {
            Value::List(l) => Rc::as_ptr(l) as *const u8 as i64,
            Value::Dict(d) | Value::Set(d) => Rc::as_ptr(d) as *const u8 as i64,
            Value::Tuple(t) => Rc::as_ptr(t) as *const u8 as i64,
            Value::Str(s) => Rc::as_ptr(s) as *const u8 as i64,
            Value::Bytes(b) => Rc::as_ptr(b) as *const u8 as i64,
            _ => match HashKey::of(&v) {
                Ok(HashKey::Id(p)) => p as i64,
                _ => 0,
            },
        }))
    });
    builtin(interp, "hash", |it, a| {
        let v = one(it, &a, "hash")?;
        Ok(Value::Int(it.hash_of(&v)?))
    });
    builtin(interp, "super", |it, a| match &a.positional[..] {
        [] => it.super_proxy(),
        [Value::Class(t), obj] => it.make_super(t.clone(), obj.clone()),
        [t, _] => Err(it.type_error(format!(
            "super() argument 1 must be a type, not {}",
            t.type_name()
        ))),
        _ => Err(it.type_error("super() takes 0 or 2 arguments")),
    });
    builtin(interp, "staticmethod", |it, a| {
        Ok(Value::host(crate::descriptors::StaticMethod(one(
            it,
            &a,
            "staticmethod",
        )?)))
    });
    builtin(interp, "classmethod", |it, a| {
        Ok(Value::host(crate::descriptors::ClassMethod(one(
            it,
            &a,
            "classmethod",
        )?)))
    });
    builtin(interp, "property", crate::descriptors::Property::construct);
}

fn print(it: &mut Interp, mut a: Args) -> EvalResult {
    let sep = match a.take_kw("sep") {
        Some(Value::Str(s)) => s.to_string(),
        _ => " ".into(),
    };
    let end = match a.take_kw("end") {
        Some(Value::Str(s)) => s.to_string(),
        _ => "\n".into(),
    };
    let file = a.take_kw("file").filter(|f| !f.is_none());
    a.take_kw("flush");
    let mut text: Vec<String> = Vec::with_capacity(a.positional.len());
    for v in &a.positional {
        text.push(match v {
            Value::Str(s) => s.to_string(),
            Value::Int(_) | Value::Float(_) | Value::None | Value::Bool(_) => to_str(v),
            _ => it.str_of(v)?,
        });
    }
    let line = format!("{}{end}", text.join(&sep));
    it.alloc(line.len())?;
    match file {
        // `print(..., file=sys.stderr)`, `file=io.StringIO()`: the file's `write`.
        Some(f) => {
            let write = it.get_attr(&f, "write")?;
            it.call(&write, Args::new(vec![Value::str(&line)]))?;
        }
        None => it.output.push_str(&line),
    }
    Ok(Value::None)
}

fn min_max(it: &mut Interp, mut a: Args, is_min: bool) -> EvalResult {
    let key = a.take_kw("key");
    let default = a.take_kw("default");
    let items = if a.positional.len() == 1 {
        it.iterate(&a.positional[0])?
    } else {
        a.positional.clone()
    };
    let mut best: Option<(Value, Value)> = None;
    for x in items {
        let k = match &key {
            Some(f) => it.call(f, Args::new(vec![x.clone()]))?,
            None => x.clone(),
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => {
                let ord = ops::compare(it, &k, bk, Op::Lt)?;
                if is_min { ord.is_lt() } else { ord.is_gt() }
            }
        };
        if better {
            best = Some((k, x));
        }
    }
    match (best, default) {
        (Some((_, v)), _) => Ok(v),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(it.value_error(format!(
            "{}() iterable argument is empty",
            if is_min { "min" } else { "max" }
        ))),
    }
}

pub(crate) fn sort(
    it: &mut Interp,
    items: &mut Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> EvalResult<()> {
    let keys: Vec<Value> = match &key {
        Some(f) if !f.is_none() => items
            .iter()
            .map(|x| it.call(f, Args::new(vec![x.clone()])))
            .collect::<Result<_, _>>()?,
        _ => items.clone(),
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let mut err = None;
    // Stable merge sort over indices; comparison errors are reported after sorting.
    idx.sort_by(|&a, &b| {
        if err.is_some() {
            return std::cmp::Ordering::Equal;
        }
        match ops::compare(it, &keys[a], &keys[b], Op::Lt) {
            Ok(o) => {
                if reverse {
                    o.reverse()
                } else {
                    o
                }
            }
            Err(e) => {
                err = Some(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    let sorted: Vec<Value> = idx.into_iter().map(|i| items[i].clone()).collect();
    *items = sorted;
    Ok(())
}
