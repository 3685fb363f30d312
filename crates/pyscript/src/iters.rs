//! Iterators over builtin values, and lazy pulling from iterator objects: what lets
//! `zip(itertools.count(), names)` end when `names` does, and `next(iter(rows))` cost one
//! step instead of copying the list.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

/// `iter(x)` of a builtin value: the items left, consumed one by one.
pub(crate) struct SeqIter {
    kind: &'static str,
    items: RefCell<std::vec::IntoIter<Value>>,
}

impl SeqIter {
    /// `iter(v)` for a value whose items the interpreter lists.
    pub(crate) fn of(it: &mut Interp, v: &Value) -> EvalResult {
        let kind = match v {
            Value::List(_) => "list_iterator",
            Value::Tuple(_) => "tuple_iterator",
            Value::Str(_) => "str_ascii_iterator",
            Value::Bytes(_) => "bytes_iterator",
            Value::Dict(_) => "dict_keyiterator",
            Value::Set(_) => "set_iterator",
            Value::Range(_) => "range_iterator",
            _ => "iterator",
        };
        let items = it.iterate(v)?;
        Ok(Value::host(SeqIter {
            kind,
            items: RefCell::new(items.into_iter()),
        }))
    }

    pub(crate) fn next(&self) -> Option<Value> {
        self.items.borrow_mut().next()
    }
}

impl HostObject for SeqIter {
    fn type_name(&self) -> String {
        self.kind.into()
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.items.borrow_mut().by_ref().collect()))
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = Value::Host(self.clone());
        Ok(Some(match name {
            "__next__" => Value::native("__next__", move |it, _| {
                match me.downcast_host::<SeqIter>().and_then(SeqIter::next) {
                    Some(v) => Ok(v),
                    None => Err(it.exc("StopIteration", "")),
                }
            }),
            "__iter__" => Value::native("__iter__", move |_, _| Ok(me.clone())),
            "__length_hint__" => Value::native("__length_hint__", move |_, _| {
                Ok(Value::Int(
                    me.downcast_host::<SeqIter>()
                        .map_or(0, |s| s.items.borrow().len()) as i64,
                ))
            }),
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        format!("<{} object>", self.kind)
    }
}

/// One argument of `zip` or `map`, pulled from one item at a time.
pub(crate) enum Source {
    Items(std::vec::IntoIter<Value>),
    /// An iterator object: a Python one with `__next__`, or a [`SeqIter`].
    Iterator(Value),
}

impl Source {
    /// Iterator objects (and objects whose `__iter__` returns one) are pulled lazily, so an
    /// infinite one works beside a finite one; other iterables are listed.
    pub(crate) fn of(it: &mut Interp, v: &Value) -> EvalResult<Source> {
        if is_iterator(it, v) {
            return Ok(Source::Iterator(v.clone()));
        }
        if matches!(v, Value::Instance(_) | Value::Host(_))
            && let Some(inner) = it.call_special(v, "__iter__", vec![])?
            && is_iterator(it, &inner)
        {
            return Ok(Source::Iterator(inner));
        }
        Ok(Source::Items(it.iterate(v)?.into_iter()))
    }

    pub(crate) fn next(&mut self, it: &mut Interp) -> EvalResult<Option<Value>> {
        match self {
            Source::Items(items) => Ok(items.next()),
            Source::Iterator(v) => match v.downcast_host::<SeqIter>() {
                Some(s) => Ok(s.next()),
                None => it.next_of(v),
            },
        }
    }
}

fn is_iterator(it: &Interp, v: &Value) -> bool {
    v.downcast_host::<SeqIter>().is_some() || it.special(v, "__next__").is_some()
}

/// The tuples `zip(*args)` yields, pulled in lockstep: it stops at the first argument that
/// ends, having taken items only up to there, as CPython does.
pub(crate) fn zip(it: &mut Interp, args: &[Value]) -> EvalResult<Vec<Vec<Value>>> {
    let mut sources = args
        .iter()
        .map(|v| Source::of(it, v))
        .collect::<EvalResult<Vec<_>>>()?;
    let mut out = Vec::new();
    if sources.is_empty() {
        return Ok(out);
    }
    loop {
        let mut row = Vec::with_capacity(sources.len());
        for s in &mut sources {
            match s.next(it)? {
                Some(x) => row.push(x),
                None => return Ok(out),
            }
        }
        it.step()?;
        it.alloc(8 * row.len())?;
        out.push(row);
    }
}
