//! Iteration: all of an iterable's items, lazily for ranges (`PyIter`), and a mapping's
//! items.

use super::Interp;
use crate::ops;
use crate::value::*;

impl Interp {
    /// All items of an iterable, as a vector.
    pub fn iterate(&mut self, v: &Value) -> EvalResult<Vec<Value>> {
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            Value::Bytes(b) => b.iter().map(|x| Value::Int(*x as i64)).collect(),
            Value::Dict(d) | Value::Set(d) => d.borrow().keys(),
            Value::Range(r) => {
                let (a, b, s) = **r;
                let len = ops::range_len(a, b, s);
                self.alloc(len * 8)?;
                (0..len).map(|i| Value::Int(a + s * i as i64)).collect()
            }
            Value::Host(h) => {
                if let Some(items) = self.iterate_instance(v)? {
                    return Ok(items);
                }
                match h.clone().iterate(self)? {
                    Some(items) => items,
                    None => {
                        return Err(
                            self.type_error(format!("'{}' object is not iterable", v.type_name()))
                        );
                    }
                }
            }
            Value::Instance(_) => match self.iterate_instance(v)? {
                Some(items) => items,
                None => {
                    return Err(
                        self.type_error(format!("'{}' object is not iterable", v.type_name()))
                    );
                }
            },
            Value::Class(c) if c.is_enum => crate::stdlib::enum_members(c),
            _ => return Err(self.type_error(format!("'{}' object is not iterable", v.type_name()))),
        })
    }

    /// A lazy iterator: ranges are not materialised (`for i in range(10**9)` is bounded by
    /// the step budget, not by memory).
    pub(crate) fn iter(&mut self, v: &Value) -> EvalResult<PyIter> {
        Ok(match v {
            Value::Range(r) => PyIter::Range(r.0, r.1, r.2),
            _ => PyIter::Items(self.iterate(v)?.into_iter()),
        })
    }

    pub fn dict_items(&mut self, v: &Value) -> EvalResult<Vec<(Value, Value)>> {
        match v {
            Value::Dict(d) => Ok(d
                .borrow()
                .items()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()),
            Value::Host(h) => {
                // Mappings from the host (e.g. row._mapping) expose keys() and [] access.
                let keys = match h.clone().get_attr(self, "keys")? {
                    Some(k) => self.call(&k, Args::default())?,
                    None => {
                        return Err(
                            self.type_error(format!("'{}' object is not a mapping", v.type_name()))
                        );
                    }
                };
                let mut out = Vec::new();
                for k in self.iterate(&keys)? {
                    let val = self.get_item(v, &k)?;
                    out.push((k, val));
                }
                Ok(out)
            }
            _ => Err(self.type_error(format!("'{}' object is not a mapping", v.type_name()))),
        }
    }
}

pub(crate) enum PyIter {
    Items(std::vec::IntoIter<Value>),
    Range(i64, i64, i64),
}

impl PyIter {
    pub(super) fn next_item(&mut self, _interp: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(match self {
            PyIter::Items(it) => it.next(),
            PyIter::Range(cur, stop, step) => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    *cur += *step;
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
        })
    }
}
