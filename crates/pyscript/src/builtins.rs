//! Builtin functions, exception classes, and the methods of builtin types.
//!
//! The `install` list is the checklist of what revision files may call; names that exist in
//! Python but are withheld on purpose (`open`, `eval`, `__import__`, ...) get a hint instead.

use std::cell::RefCell;
use std::rc::Rc;

use crate::format::{self, to_str};
use crate::interp::Interp;
use crate::ops;
use crate::value::*;

/// Builtins that Python has and the sandbox withholds on purpose.
pub(crate) fn missing_builtin_hint(name: &str) -> Option<String> {
    let why = match name {
        "input" | "exec" | "compile" | "__import__" | "locals" | "breakpoint" | "exit" | "quit"
        | "memoryview" | "help" | "dir" => {
            "revision files run in a sandbox without file, network, clock or interpreter access"
        }
        _ => return None,
    };
    Some(format!("`{name}` is withheld: {why}"))
}

const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("SyntaxError", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("MemoryError", "Exception"),
    ("EOFError", "Exception"),
    ("BufferError", "Exception"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopIteration", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("OSError", "Exception"),
    ("FileNotFoundError", "OSError"),
    ("FileExistsError", "OSError"),
    ("PermissionError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ConnectionError", "OSError"),
    ("Warning", "Exception"),
    ("UserWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("KeyboardInterrupt", "BaseException"),
    ("SystemExit", "BaseException"),
    ("GeneratorExit", "BaseException"),
];

/// `BaseException.__new__`/`__init__`: `args` is the positional arguments.
fn exception_methods() -> Map<Str, Value> {
    let mut attrs = Map::default();
    attrs.insert(Rc::from("__module__"), Value::str("builtins"));
    attrs.insert(
        Rc::from("__new__"),
        Value::native("__new__", |it, a| {
            let Some(Value::Class(cls)) = a.positional.first() else {
                return Err(it.type_error("BaseException.__new__(X): X is not a type object"));
            };
            let inst = Instance::new(cls.clone());
            inst.set("args", Value::tuple(a.positional[1..].to_vec()));
            Ok(Value::Instance(Rc::new(inst)))
        }),
    );
    attrs.insert(
        Rc::from("__init__"),
        Value::native_method("__init__", |it, a| {
            if let Some((k, _)) = a.keywords.first()
                && let Some(v) = a.positional.first()
            {
                return Err(it.type_error(format!(
                    "{}() takes no keyword arguments (got '{k}')",
                    v.type_name()
                )));
            }
            if let Some(Value::Instance(i)) = a.positional.first() {
                i.set("args", Value::tuple(a.positional[1..].to_vec()));
            }
            Ok(Value::None)
        }),
    );
    attrs.insert(
        Rc::from("with_traceback"),
        Value::native_method("with_traceback", |_, a| {
            Ok(a.positional.first().cloned().unwrap_or(Value::None))
        }),
    );
    attrs
}

/// `ImportError(msg, name=..., path=...)`.
fn import_error_init(it: &mut Interp, mut a: Args) -> EvalResult {
    let name = a.take_kw("name").unwrap_or(Value::None);
    let path = a.take_kw("path").unwrap_or(Value::None);
    if let Some((k, _)) = a.keywords.first() {
        return Err(it.type_error(format!(
            "'{k}' is an invalid keyword argument for ImportError()"
        )));
    }
    if let Some(Value::Instance(i)) = a.positional.first() {
        i.set("args", Value::tuple(a.positional[1..].to_vec()));
        i.set("name", name);
        i.set("path", path);
    }
    Ok(Value::None)
}

pub(crate) fn install(interp: &mut Interp) {
    for (name, base) in EXCEPTIONS {
        let (base, mut attrs) = if base.is_empty() {
            (interp.object.clone(), exception_methods())
        } else {
            (interp.exc_classes[base].clone(), Map::default())
        };
        attrs.insert(Rc::from("__module__"), Value::str("builtins"));
        if *name == "ImportError" {
            attrs.insert(
                Rc::from("__init__"),
                Value::native_method("__init__", import_error_init),
            );
        }
        let cls = crate::interp::simple_class(name, base, attrs);
        interp.exc_classes.insert(name, cls.clone());
        interp.builtins.insert(Rc::from(*name), Value::Class(cls));
    }
    interp
        .exc_classes
        .insert("Exception", interp.exc_classes["Exception"].clone());
    let b = |interp: &mut Interp, name: &'static str, f: fn(&mut Interp, Args) -> EvalResult| {
        let v = if TYPES.contains(&name) {
            Value::native_type(name, f)
        } else {
            Value::native(name, f)
        };
        interp.builtins.insert(Rc::from(name), v);
    };
    b(interp, "print", print);
    b(interp, "len", |it, a| {
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
    b(interp, "range", |it, a| {
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
    b(interp, "enumerate", |it, a| {
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
    b(interp, "zip", |it, mut a| {
        a.take_kw("strict");
        let rows = crate::iters::zip(it, &a.positional)?;
        Ok(Value::list(rows.into_iter().map(Value::tuple).collect()))
    });
    b(interp, "sorted", |it, mut a| {
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
    b(interp, "reversed", |it, a| {
        let v = one(it, &a, "reversed")?;
        let mut items = it.iterate(&v)?;
        items.reverse();
        Ok(Value::list(items))
    });
    b(interp, "min", |it, a| min_max(it, a, true));
    b(interp, "max", |it, a| min_max(it, a, false));
    b(interp, "sum", |it, a| {
        let v = one(it, &a, "sum")?;
        let mut acc = a.arg(1, "start").cloned().unwrap_or(Value::Int(0));
        for x in it.iterate(&v)? {
            acc = it.binary(Op::Add, &acc, &x)?;
        }
        Ok(acc)
    });
    b(interp, "any", |it, a| {
        let v = one(it, &a, "any")?;
        for x in it.iterate(&v)? {
            if it.truthy(&x)? {
                return Ok(Value::Bool(true));
            }
        }
        Ok(Value::Bool(false))
    });
    b(interp, "all", |it, a| {
        let v = one(it, &a, "all")?;
        for x in it.iterate(&v)? {
            if !it.truthy(&x)? {
                return Ok(Value::Bool(false));
            }
        }
        Ok(Value::Bool(true))
    });
    b(interp, "isinstance", |it, a| {
        let (v, t) = two(it, &a, "isinstance")?;
        Ok(Value::Bool(isinstance(it, &v, &t)?))
    });
    b(interp, "issubclass", |it, a| {
        let (c, t) = two(it, &a, "issubclass")?;
        Ok(Value::Bool(issubclass(it, &c, &t)?))
    });
    b(interp, "callable", |it, a| {
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
    b(interp, "hasattr", |it, a| {
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
    b(interp, "getattr", |it, a| {
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
    b(interp, "setattr", |it, a| {
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
    b(interp, "delattr", |it, a| {
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
    // `eval(expression, globals, locals)`: an expression's value (no statements, no code
    // objects); it runs in the sandbox as the code that calls it does.
    b(interp, "eval", |it, mut a| {
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
    b(interp, "open", |it, mut a| {
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
    b(interp, "globals", |it, _| {
        let globals = it.current_globals();
        let mut d = Dict::new();
        for (k, v) in globals.vars.borrow().iter() {
            d.insert_str(k, v.clone());
        }
        Ok(Value::dict(d))
    });
    b(interp, "vars", |it, a| match a.positional.first() {
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
    b(interp, "repr", |it, a| {
        let v = one(it, &a, "repr")?;
        Ok(Value::str(&it.repr_of(&v)?))
    });
    b(interp, "ascii", |it, a| {
        let v = one(it, &a, "ascii")?;
        Ok(Value::str(&it.repr_of(&v)?))
    });
    b(interp, "abs", |it, a| match one(it, &a, "abs")? {
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
    b(interp, "round", |it, a| {
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
            None => Ok(Value::Int(round_even(f) as i64)),
            Some(n) => {
                let m = 10f64.powi(n as i32);
                Ok(Value::Float(round_even(f * m) / m))
            }
        }
    });
    b(interp, "divmod", |it, a| {
        let (x, y) = two(it, &a, "divmod")?;
        let q = it.binary(Op::FloorDiv, &x, &y)?;
        let r = it.binary(Op::Mod, &x, &y)?;
        Ok(Value::tuple(vec![q, r]))
    });
    b(interp, "pow", |it, a| {
        let (x, y) = two(it, &a, "pow")?;
        it.binary(Op::Pow, &x, &y)
    });
    b(interp, "chr", |it, a| {
        let v = one(it, &a, "chr")?;
        let c = v
            .as_int()
            .and_then(|i| char::from_u32(i as u32))
            .ok_or_else(|| it.value_error("chr() arg not in range(0x110000)"))?;
        Ok(Value::str(&c.to_string()))
    });
    b(interp, "ord", |it, a| {
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
    b(interp, "format", |it, a| {
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
    b(interp, "map", |it, a| {
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
    b(interp, "filter", |it, a| {
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
    b(interp, "iter", |it, a| {
        let v = one(it, &a, "iter")?;
        if let Some(r) = it.call_special(&v, "__iter__", vec![])? {
            return Ok(r);
        }
        if v.downcast_host::<crate::iters::SeqIter>().is_some() {
            return Ok(v);
        }
        crate::iters::SeqIter::of(it, &v)
    });
    b(interp, "next", |it, a| {
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
    b(interp, "id", |it, a| {
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
    b(interp, "hash", |it, a| {
        let v = one(it, &a, "hash")?;
        Ok(Value::Int(it.hash_of(&v)?))
    });
    b(interp, "super", |it, a| match &a.positional[..] {
        [] => it.super_proxy(),
        [Value::Class(t), obj] => it.make_super(t.clone(), obj.clone()),
        [t, _] => Err(it.type_error(format!(
            "super() argument 1 must be a type, not {}",
            t.type_name()
        ))),
        _ => Err(it.type_error("super() takes 0 or 2 arguments")),
    });
    b(interp, "staticmethod", |it, a| {
        Ok(Value::host(crate::descriptors::StaticMethod(one(
            it,
            &a,
            "staticmethod",
        )?)))
    });
    b(interp, "classmethod", |it, a| {
        Ok(Value::host(crate::descriptors::ClassMethod(one(
            it,
            &a,
            "classmethod",
        )?)))
    });
    b(interp, "property", crate::descriptors::Property::construct);
    // Type constructors: also what `isinstance(x, str)` compares against.
    b(interp, "str", |it, a| match a.positional.first() {
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
    b(interp, "int", |it, a| match a.positional.first() {
        None => Ok(Value::Int(0)),
        Some(Value::Int(i)) => Ok(Value::Int(*i)),
        Some(Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        Some(Value::Float(f)) => Ok(Value::Int(f.trunc() as i64)),
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
    b(interp, "float", |it, a| match a.positional.first() {
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
    b(interp, "bool", |it, a| match a.positional.first() {
        None => Ok(Value::Bool(false)),
        Some(v) => Ok(Value::Bool(it.truthy(v)?)),
    });
    b(interp, "list", |it, a| match a.positional.first() {
        None => Ok(Value::list(vec![])),
        Some(v) => {
            let items = it.iterate(v)?;
            Ok(Value::list(items))
        }
    });
    b(interp, "tuple", |it, a| match a.positional.first() {
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
    b(interp, "set", set_ctor);
    b(interp, "frozenset", set_ctor);
    b(interp, "dict", |it, a| {
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
    b(interp, "bytes", |it, a| match a.positional.first() {
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
    interp.builtins.insert(Rc::from("None"), Value::None);
    interp
        .builtins
        .insert(Rc::from("NotImplemented"), Value::NotImplemented);
    interp
        .builtins
        .insert(Rc::from("Ellipsis"), Value::Ellipsis);
    interp
        .builtins
        .insert(Rc::from("__debug__"), Value::Bool(true));
}

/// Builtins that are types in Python (`isinstance(x, int)`, `<class 'int'>`).
const TYPES: &[&str] = &[
    "bool",
    "bytes",
    "classmethod",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "int",
    "list",
    "map",
    "property",
    "range",
    "reversed",
    "set",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "zip",
];

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

fn one(it: &Interp, a: &Args, name: &str) -> EvalResult {
    a.positional
        .first()
        .cloned()
        .ok_or_else(|| it.type_error(format!("{name}() takes at least 1 argument (0 given)")))
}

fn two(it: &Interp, a: &Args, name: &str) -> EvalResult<(Value, Value)> {
    match (a.positional.first(), a.positional.get(1)) {
        (Some(x), Some(y)) => Ok((x.clone(), y.clone())),
        _ => Err(it.type_error(format!(
            "{name} expected 2 arguments, got {}",
            a.positional.len()
        ))),
    }
}

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

/// Attributes of exception instances that Python computes.
pub(crate) fn exception_attr(it: &Interp, i: &Instance, name: &str) -> Option<Value> {
    if !i.class.is_subclass_of(&it.exc_classes["BaseException"]) {
        return None;
    }
    match name {
        "args" => Some(Value::tuple(vec![])),
        "__cause__" | "__context__" | "__traceback__" => Some(Value::None),
        "__suppress_context__" => Some(Value::Bool(false)),
        "name" | "path" if i.class.is_subclass_of(&it.exc_classes["ImportError"]) => {
            Some(Value::None)
        }
        _ => None,
    }
}

/// `str.lower`, `dict.fromkeys`, ...: the methods of a builtin type, unbound.
pub(crate) fn type_attr(_it: &mut Interp, n: &NativeFunction, name: &str) -> Option<Value> {
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
        Value::Bytes(_) => matches!(name, "decode" | "hex"),
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

fn arg_str(it: &Interp, a: &Args, i: usize, what: &str) -> EvalResult<String> {
    match a.positional.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => Err(it.type_error(format!("{what} must be str, not {}", v.type_name()))),
        None => Err(it.type_error(format!("{what} is missing"))),
    }
}

fn opt_chars(a: &Args) -> Option<Vec<char>> {
    a.positional
        .first()
        .and_then(|v| v.as_str())
        .map(|s| s.chars().collect())
}

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
            _ => Ok(Value::str(
                &b.iter().map(|x| format!("{x:02x}")).collect::<String>(),
            )),
        },
        Value::Float(f) => Ok(Value::Bool(f.fract() == 0.0)),
        Value::Int(i) => Ok(Value::Int(64 - i.unsigned_abs().leading_zeros() as i64)),
        _ => Err(it.type_error(format!("no method {name}"))),
    }
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

/// The lines of `s` at Python's line boundaries: each line's (start, end) byte range
/// without its line break, and where the break ends.
fn splitlines(s: &str) -> Vec<((usize, usize), usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\r' if matches!(chars.peek(), Some((_, '\n'))) => {
                chars.next();
                i + 2
            }
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => i + c.len_utf8(),
            _ => continue,
        };
        out.push(((start, i), end));
        start = end;
    }
    if start < s.len() {
        out.push(((start, s.len()), s.len()));
    }
    out
}

/// The part of `s` that `s.find(sub, start, end)` searches (the second and third
/// arguments, as slice bounds in characters): its byte range and the character index it
/// starts at; `None` when `start` is past the end (nothing is found, not even "").
fn str_window(s: &str, a: &Args) -> Option<(usize, usize, i64)> {
    let n = s.chars().count() as i64;
    let bound = |i: usize, default: i64| match a.positional.get(i).and_then(Value::as_int) {
        Some(x) if x < 0 => (x + n).max(0),
        Some(x) => x,
        None => default,
    };
    let start = bound(1, 0);
    let end = bound(2, n).min(n);
    if start > n {
        return None;
    }
    let byte = |c: i64| s.char_indices().nth(c as usize).map_or(s.len(), |(b, _)| b);
    let (lo, hi) = (byte(start), byte(end.max(start)));
    Some((lo, hi, start))
}

fn str_method(it: &mut Interp, s: &str, name: &str, a: Args) -> EvalResult {
    let string = |x: String| Ok(Value::str(&x));
    match name {
        "lower" | "casefold" => string(s.to_lowercase()),
        "upper" => string(s.to_uppercase()),
        "capitalize" => {
            let mut c = s.chars();
            string(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            })
        }
        "title" => {
            let mut out = String::new();
            let mut prev_alpha = false;
            for ch in s.chars() {
                if ch.is_alphabetic() {
                    if prev_alpha {
                        out.extend(ch.to_lowercase())
                    } else {
                        out.extend(ch.to_uppercase())
                    }
                    prev_alpha = true;
                } else {
                    out.push(ch);
                    prev_alpha = false;
                }
            }
            string(out)
        }
        "swapcase" => string(
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect(),
        ),
        "strip" => string(match opt_chars(&a) {
            Some(cs) => s.trim_matches(|c| cs.contains(&c)).into(),
            None => s.trim().into(),
        }),
        "lstrip" => string(match opt_chars(&a) {
            Some(cs) => s.trim_start_matches(|c| cs.contains(&c)).into(),
            None => s.trim_start().into(),
        }),
        "rstrip" => string(match opt_chars(&a) {
            Some(cs) => s.trim_end_matches(|c| cs.contains(&c)).into(),
            None => s.trim_end().into(),
        }),
        "split" | "rsplit" => {
            let sep = a.arg(0, "sep").and_then(|v| v.as_str()).map(str::to_owned);
            let maxsplit = a.arg(1, "maxsplit").and_then(Value::as_int).unwrap_or(-1);
            let parts: Vec<String> = match sep {
                None => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    if maxsplit < 0 || words.len() <= maxsplit as usize {
                        words.into_iter().map(str::to_owned).collect()
                    } else if name == "split" {
                        let mut rest = s.trim_start();
                        let mut out = Vec::new();
                        for _ in 0..maxsplit {
                            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                            out.push(rest[..end].to_owned());
                            rest = rest[end..].trim_start();
                        }
                        out.push(rest.to_owned());
                        out
                    } else {
                        let mut rest = s.trim_end();
                        let mut out = Vec::new();
                        for _ in 0..maxsplit {
                            let start = rest.rfind(char::is_whitespace).map_or(0, |p| p + 1);
                            out.push(rest[start..].to_owned());
                            rest = rest[..start].trim_end();
                        }
                        out.push(rest.to_owned());
                        out.reverse();
                        out
                    }
                }
                Some(sep) if sep.is_empty() => return Err(it.value_error("empty separator")),
                Some(sep) => {
                    if maxsplit < 0 {
                        s.split(sep.as_str()).map(str::to_owned).collect()
                    } else if name == "split" {
                        s.splitn(maxsplit as usize + 1, sep.as_str())
                            .map(str::to_owned)
                            .collect()
                    } else {
                        let mut v: Vec<String> = s
                            .rsplitn(maxsplit as usize + 1, sep.as_str())
                            .map(str::to_owned)
                            .collect();
                        v.reverse();
                        v
                    }
                }
            };
            Ok(Value::list(parts.iter().map(|p| Value::str(p)).collect()))
        }
        "splitlines" => {
            let keep = a
                .arg(0, "keepends")
                .map(|v| matches!(v, Value::Bool(true)) || v.as_int().is_some_and(|i| i != 0))
                .unwrap_or(false);
            Ok(Value::list(
                splitlines(s)
                    .into_iter()
                    .map(|(line, end)| {
                        Value::str(if keep {
                            &s[line.0..end]
                        } else {
                            &s[line.0..line.1]
                        })
                    })
                    .collect(),
            ))
        }
        "expandtabs" => {
            let size = a
                .arg(0, "tabsize")
                .and_then(Value::as_int)
                .unwrap_or(8)
                .max(0) as usize;
            let mut out = String::new();
            let mut col = 0;
            for c in s.chars() {
                match c {
                    '\t' => {
                        let n = if size == 0 { 0 } else { size - col % size };
                        it.alloc(out.len() + n)?;
                        out.extend(std::iter::repeat_n(' ', n));
                        col += n;
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        col = 0;
                    }
                    c => {
                        out.push(c);
                        col += 1;
                    }
                }
            }
            string(out)
        }
        "join" => {
            let v = one(it, &a, "join")?;
            let items = it.iterate(&v)?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, x) in items.iter().enumerate() {
                match x {
                    Value::Str(p) => parts.push(p.to_string()),
                    other => {
                        return Err(it.type_error(format!(
                            "sequence item {i}: expected str instance, {} found",
                            other.type_name()
                        )));
                    }
                }
            }
            // Counted before it is built: a join of huge parts must not allocate first.
            let total = parts.iter().map(String::len).sum::<usize>()
                + s.len() * parts.len().saturating_sub(1);
            it.alloc(total)?;
            string(parts.join(s))
        }
        "replace" => {
            let old = arg_str(it, &a, 0, "replace() argument 1")?;
            let new = arg_str(it, &a, 1, "replace() argument 2")?;
            let count = a.positional.get(2).and_then(Value::as_int).unwrap_or(-1);
            let out = if count < 0 {
                s.replace(&old, &new)
            } else {
                s.replacen(&old, &new, count as usize)
            };
            it.alloc(out.len())?;
            string(out)
        }
        "startswith" | "endswith" => {
            let v = one(it, &a, name)?;
            let Some((lo, hi, _)) = str_window(s, &a) else {
                return Ok(Value::Bool(false));
            };
            let s = &s[lo..hi];
            let candidates: Vec<Value> = match &v {
                Value::Tuple(t) => t.to_vec(),
                other => vec![other.clone()],
            };
            for c in candidates {
                let p = c.as_str().ok_or_else(|| {
                    it.type_error(format!("{name} first arg must be str or a tuple of str"))
                })?;
                if (name == "startswith" && s.starts_with(p))
                    || (name == "endswith" && s.ends_with(p))
                {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        "find" | "index" | "rfind" | "rindex" => {
            let sub = arg_str(it, &a, 0, "argument")?;
            let (lo, hi, skip) = str_window(s, &a).unwrap_or((0, 0, -1));
            let window = &s[lo..hi];
            let pos = if skip < 0 {
                None
            } else if name.starts_with('r') {
                window.rfind(&sub)
            } else {
                window.find(&sub)
            };
            match pos {
                Some(p) => Ok(Value::Int(skip + window[..p].chars().count() as i64)),
                None if name.ends_with("find") => Ok(Value::Int(-1)),
                None => Err(it.value_error("substring not found")),
            }
        }
        "count" => {
            let sub = arg_str(it, &a, 0, "argument")?;
            let Some((lo, hi, _)) = str_window(s, &a) else {
                return Ok(Value::Int(0));
            };
            let s = &s[lo..hi];
            Ok(Value::Int(if sub.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(&sub).count() as i64
            }))
        }
        "format" => format::str_format(it, s, &a),
        "removeprefix" => {
            let p = arg_str(it, &a, 0, "argument")?;
            string(s.strip_prefix(p.as_str()).unwrap_or(s).into())
        }
        "removesuffix" => {
            let p = arg_str(it, &a, 0, "argument")?;
            string(s.strip_suffix(p.as_str()).unwrap_or(s).into())
        }
        "partition" | "rpartition" => {
            let sep = arg_str(it, &a, 0, "argument")?;
            let found = if name == "partition" {
                s.find(&sep)
            } else {
                s.rfind(&sep)
            };
            let parts = match found {
                Some(p) => [&s[..p], sep.as_str(), &s[p + sep.len()..]],
                None if name == "partition" => [s, "", ""],
                None => ["", "", s],
            };
            Ok(Value::tuple(parts.iter().map(|p| Value::str(p)).collect()))
        }
        "ljust" | "rjust" | "center" | "zfill" => {
            let width = a
                .positional
                .first()
                .and_then(Value::as_int)
                .unwrap_or(0)
                .max(0) as usize;
            let fill = if name == "zfill" {
                '0'
            } else {
                a.positional
                    .get(1)
                    .and_then(|v| v.as_str())
                    .and_then(|f| f.chars().next())
                    .unwrap_or(' ')
            };
            let len = s.chars().count();
            if len >= width {
                return string(s.into());
            }
            let pad = width - len;
            let f = |n: usize| fill.to_string().repeat(n);
            it.alloc(width)?;
            string(match name {
                "ljust" => format!("{s}{}", f(pad)),
                "rjust" => format!("{}{s}", f(pad)),
                "zfill" => match s.strip_prefix('-') {
                    Some(rest) => format!("-{}{rest}", f(pad)),
                    None => format!("{}{s}", f(pad)),
                },
                _ => {
                    let left = pad / 2 + (pad & width & 1);
                    format!("{}{s}{}", f(left), f(pad - left))
                }
            })
        }
        "encode" => Ok(Value::Bytes(Rc::from(s.as_bytes()))),
        "isdigit" | "isnumeric" | "isdecimal" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()),
        )),
        "isalpha" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_alphabetic),
        )),
        "isalnum" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_alphanumeric),
        )),
        "isspace" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_whitespace),
        )),
        "islower" => Ok(Value::Bool(
            s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase),
        )),
        "isupper" => Ok(Value::Bool(
            s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase),
        )),
        "istitle" => Ok(Value::Bool(
            !s.is_empty() && str_method(it, s, "title", Args::default())?.as_str() == Some(s),
        )),
        "isascii" => Ok(Value::Bool(s.is_ascii())),
        "isidentifier" => Ok(Value::Bool(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        )),
        _ => Err(it.type_error(format!("str.{name} is not supported"))),
    }
}

/// A value's own `__int__` / `__float__` / `__round__` / `__abs__` (a Python class's, or a
/// host value's), called with `args`; `None` if it has none.
fn dunder(it: &mut Interp, v: &Value, name: &str, args: Vec<Value>) -> EvalResult<Option<Value>> {
    if crate::interp::has_py_class(v)
        && let Some(r) = it.call_special(v, name, args.clone())?
    {
        return Ok(Some(r));
    }
    let Value::Host(h) = v else { return Ok(None) };
    match h.clone().get_attr(it, name)? {
        Some(f) => it.call(&f, Args::new(args)).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
#[test]
fn method_lists_are_sorted_for_binary_search() {
    for list in [STR_METHODS, LIST_METHODS, DICT_METHODS, SET_METHODS] {
        assert!(list.is_sorted(), "{list:?}");
    }
}
