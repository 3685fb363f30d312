//! Operators: binary, unary and comparison operators, `in`, truth, and subscripting
//! (`obj[key]`, Python's index checks).

use ruff_python_ast as ast;

use super::{Interp, has_py_class};
use crate::ops;
use crate::value::*;

impl Interp {
    pub fn binary(&mut self, op: Op, l: &Value, r: &Value) -> EvalResult {
        if has_py_class(l) || has_py_class(r) {
            return self.dunder_binary(op, l, r);
        }
        if let Value::Host(h) = l
            && let Some(v) = h.clone().binary_op(self, op, r, false)?
        {
            return Ok(v);
        }
        if let Value::Host(h) = r
            && let Some(v) = h.clone().binary_op(self, op, l, true)?
        {
            return Ok(v);
        }
        ops::binary(self, op, l, r)
    }

    pub(super) fn unary(&mut self, op: UnaryOp, v: &Value) -> EvalResult {
        if has_py_class(v)
            && let Some(r) = self.dunder_unary(op, v)?
        {
            return Ok(r);
        }
        if let Value::Host(h) = v
            && let Some(r) = h.clone().unary_op(self, op)?
        {
            return Ok(r);
        }
        ops::unary(self, op, v)
    }

    pub(super) fn compare(&mut self, op: ast::CmpOp, l: &Value, r: &Value) -> EvalResult {
        use ast::CmpOp::*;
        Ok(match op {
            Is => Value::Bool(l.is(r)),
            IsNot => Value::Bool(!l.is(r)),
            In => Value::Bool(self.contains(r, l)?),
            NotIn => Value::Bool(!self.contains(r, l)?),
            Eq => self.binary(Op::Eq, l, r)?,
            NotEq => self.binary(Op::Ne, l, r)?,
            Lt => self.binary(Op::Lt, l, r)?,
            LtE => self.binary(Op::Le, l, r)?,
            Gt => self.binary(Op::Gt, l, r)?,
            GtE => self.binary(Op::Ge, l, r)?,
        })
    }

    pub fn eq(&mut self, l: &Value, r: &Value) -> EvalResult<bool> {
        let v = self.binary(Op::Eq, l, r)?;
        self.truthy(&v)
    }

    pub fn contains(&mut self, container: &Value, item: &Value) -> EvalResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.contains(&**sub)),
                _ => Err(self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ))),
            },
            Value::Dict(d) | Value::Set(d) => {
                let hk = self.hash_key(item)?;
                Ok(d.borrow().get_hashed(&hk).is_some())
            }
            Value::Range(r) => Ok(match item.as_int() {
                Some(i) => {
                    let (start, stop, step) = **r;
                    let inside = if step > 0 {
                        i >= start && i < stop
                    } else {
                        i <= start && i > stop
                    };
                    inside && (i - start) % step == 0
                }
                None => false,
            }),
            _ => {
                if has_py_class(container)
                    && let Some(r) =
                        self.call_special(container, "__contains__", vec![item.clone()])?
                {
                    return self.truthy(&r);
                }
                if let Value::Host(h) = container
                    && let Some(b) = h.clone().contains(self, item)?
                {
                    return Ok(b);
                }
                for x in self.iterate(container)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    pub fn truthy(&mut self, v: &Value) -> EvalResult<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            Value::Range(r) => ops::range_len(r.0, r.1, r.2) > 0,
            Value::Host(h) => match self.instance_truthy(v)? {
                Some(b) => b,
                None => match h.clone().bool_value(self)? {
                    Some(b) => b,
                    None => match h.len() {
                        Some(n) => n > 0,
                        None => true,
                    },
                },
            },
            Value::Instance(_) => self.instance_truthy(v)?.unwrap_or(true),
            _ => true,
        })
    }

    pub fn get_item(&mut self, obj: &Value, key: &Value) -> EvalResult {
        match (obj, key) {
            (Value::Dict(d), _) => {
                let hk = self.hash_key(key)?;
                let found = d.borrow().get_hashed(&hk).cloned();
                match found {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(key)),
                }
            }
            (
                Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::Range(..),
                Value::Slice(s),
            ) => ops::slice(self, obj, s),
            (Value::List(l), _) => {
                let l = l.borrow();
                let i = self.index(key, l.len(), "list")?;
                Ok(l[i].clone())
            }
            (Value::Tuple(t), _) => {
                let i = self.index(key, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            (Value::Str(s), _) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(key, chars.len(), "string")?;
                Ok(Value::str(&chars[i].to_string()))
            }
            (Value::Bytes(b), _) => {
                let i = self.index(key, b.len(), "")?;
                Ok(Value::Int(b[i] as i64))
            }
            (Value::Range(r), _) => {
                let (start, stop, step) = **r;
                let len = ops::range_len(start, stop, step);
                let i = self.index(key, len, "range object")?;
                Ok(Value::Int(start + step * i as i64))
            }
            (Value::Host(h), _) => {
                if let Some(r) = self.call_special(obj, "__getitem__", vec![key.clone()])? {
                    return Ok(r);
                }
                match h.clone().get_item(self, key)? {
                    Some(v) => Ok(v),
                    None => Err(self
                        .type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
                }
            }
            (Value::Class(c), _) => self.class_getitem(c, key),
            // `list[str]`, `dict[str, int]`: `types.GenericAlias`.
            (Value::Native(n), _) if n.kind == NativeKind::Type => {
                Ok(crate::typing::types_alias(obj.clone(), key))
            }
            (Value::Instance(_), _) => {
                match self.call_special(obj, "__getitem__", vec![key.clone()])? {
                    Some(r) => Ok(r),
                    None => Err(self
                        .type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
                }
            }
            _ => Err(self.type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
        }
    }

    pub(super) fn set_item(&mut self, obj: &Value, key: Value, v: Value) -> EvalResult<()> {
        match obj {
            Value::Dict(d) => {
                let hk = self.hash_key(&key)?;
                d.borrow_mut().insert_hashed(hk, key, v);
                Ok(())
            }
            Value::List(l) => {
                if let Value::Slice(s) = &key {
                    let items = self.iterate(&v)?;
                    let len = l.borrow().len();
                    let (start, stop) = ops::slice_bounds(self, s, len)?;
                    l.borrow_mut().splice(start..stop.max(start), items);
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.index(&key, len, "list assignment")?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            Value::Instance(_) | Value::Host(_)
                if self
                    .call_special(obj, "__setitem__", vec![key.clone(), v.clone()])?
                    .is_some() =>
            {
                Ok(())
            }
            Value::Host(h) if h.set_item(self, key.clone(), v.clone())? => Ok(()),
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                obj.type_name()
            ))),
        }
    }

    /// Python's index check; `what` words the errors as CPython does (`list index out of
    /// range`, `tuple indices must be integers or slices, not str`).
    pub(crate) fn index(&self, key: &Value, len: usize, what: &str) -> EvalResult<usize> {
        let Some(i) = key.as_int() else {
            let kind = what.split(' ').next().unwrap_or(what);
            return Err(self.type_error(match kind {
                "string" => format!("string indices must be integers, not '{}'", key.type_name()),
                "pop" => format!(
                    "'{}' object cannot be interpreted as an integer",
                    key.type_name()
                ),
                "" | "range" => format!(
                    "byte indices must be integers or slices, not {}",
                    key.type_name()
                ),
                _ => format!(
                    "{kind} indices must be integers or slices, not {}",
                    key.type_name()
                ),
            }));
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            let message = if what.is_empty() {
                "index out of range".to_owned()
            } else {
                format!("{what} index out of range")
            };
            return Err(self.exc("IndexError", message));
        }
        Ok(j as usize)
    }
}
