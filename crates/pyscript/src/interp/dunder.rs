//! Special methods of Python classes driving the operators and builtins: arithmetic with
//! reflected fallbacks and `NotImplemented`, rich comparisons, `__bool__`, `__len__`,
//! `__iter__`/`__next__`, `__hash__`, `__repr__`/`__str__`/`__format__`. Special methods are
//! looked up on the type, never on the instance, as CPython does; `object`'s defaults are
//! left to the interpreter's own behaviour.

use std::rc::Rc;

use super::{Interp, Unwind, has_py_class};
use crate::format;
use crate::ops;
use crate::value::*;

/// The forward and reflected method names of an operator.
fn names(op: Op) -> (&'static str, &'static str) {
    match op {
        Op::Add => ("__add__", "__radd__"),
        Op::Sub => ("__sub__", "__rsub__"),
        Op::Mul => ("__mul__", "__rmul__"),
        Op::MatMul => ("__matmul__", "__rmatmul__"),
        Op::Div => ("__truediv__", "__rtruediv__"),
        Op::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        Op::Mod => ("__mod__", "__rmod__"),
        Op::Pow => ("__pow__", "__rpow__"),
        Op::LShift => ("__lshift__", "__rlshift__"),
        Op::RShift => ("__rshift__", "__rrshift__"),
        Op::BitOr => ("__or__", "__ror__"),
        Op::BitXor => ("__xor__", "__rxor__"),
        Op::BitAnd => ("__and__", "__rand__"),
        Op::Eq => ("__eq__", "__eq__"),
        Op::Ne => ("__ne__", "__ne__"),
        Op::Lt => ("__lt__", "__gt__"),
        Op::Le => ("__le__", "__ge__"),
        Op::Gt => ("__gt__", "__lt__"),
        Op::Ge => ("__ge__", "__le__"),
    }
}

fn inplace_name(op: Op) -> &'static str {
    match op {
        Op::Add => "__iadd__",
        Op::Sub => "__isub__",
        Op::Mul => "__imul__",
        Op::MatMul => "__imatmul__",
        Op::Div => "__itruediv__",
        Op::FloorDiv => "__ifloordiv__",
        Op::Mod => "__imod__",
        Op::Pow => "__ipow__",
        Op::LShift => "__ilshift__",
        Op::RShift => "__irshift__",
        Op::BitOr => "__ior__",
        Op::BitXor => "__ixor__",
        Op::BitAnd => "__iand__",
        _ => "",
    }
}

/// The Python class whose special methods apply to `v`.
pub(crate) fn py_class_of(v: &Value) -> Option<Rc<Class>> {
    match v {
        Value::Instance(i) => Some(i.class.clone()),
        Value::Host(h) => h.instance_class(),
        _ => None,
    }
}

fn is_enum_member(v: &Value) -> bool {
    matches!(v, Value::Instance(i) if i.class.is_enum)
}

impl Interp {
    /// The special method `name` of `v`'s Python class (not `object`'s default, and for a
    /// host instance only from the Python classes before the host class).
    pub(crate) fn special(&self, v: &Value, name: &str) -> Option<Value> {
        match v {
            Value::Instance(i) => i
                .class
                .lookup_with_owner(name)
                .filter(|(_, owner)| !owner.mro_tail.is_empty())
                .map(|(f, _)| f),
            Value::Host(h) => {
                let cls = h.instance_class()?;
                cls.mro_iter()
                    .take_while(|c| c.host.is_none())
                    .find_map(|c| c.attrs.borrow().get(name).cloned())
            }
            _ => None,
        }
    }

    /// Calls the special method `name` of `v` with `args`; `None` if it has none.
    pub(crate) fn call_special(
        &mut self,
        v: &Value,
        name: &str,
        args: Vec<Value>,
    ) -> EvalResult<Option<Value>> {
        match self.special(v, name) {
            Some(Value::None) => Err(self.type_error(format!(
                "'{}' object is not callable ({name} is None)",
                v.type_name()
            ))),
            Some(f) => self.call_bound(&f, v, args).map(Some),
            None => Ok(None),
        }
    }

    /// One side of a binary operation: `Some(result)`, or `None` for `NotImplemented`.
    fn operand(
        &mut self,
        op: Op,
        v: &Value,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        let (fwd, refl) = names(op);
        let name = if reflected { refl } else { fwd };
        if has_py_class(v) {
            let r = match self.special(v, name) {
                Some(f) => Some(self.call_bound(&f, v, vec![other.clone()])?),
                // `object.__ne__`: the inverse of `__eq__`.
                None if op == Op::Ne => match self.special(v, "__eq__") {
                    Some(f) => match self.call_bound(&f, v, vec![other.clone()])? {
                        Value::NotImplemented => None,
                        r => Some(Value::Bool(!self.truthy(&r)?)),
                    },
                    None => None,
                },
                None => None,
            };
            match r {
                Some(Value::NotImplemented) => return Ok(None),
                Some(r) => return Ok(Some(r)),
                None if matches!(v, Value::Instance(_)) => return Ok(None),
                None => {}
            }
        }
        match v {
            Value::Host(h) => h.clone().binary_op(self, op, other, reflected),
            Value::Str(_) if op == Op::Mod && !reflected => {
                ops::binary(self, op, v, other).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// A binary operator with a Python instance on either side.
    pub(crate) fn dunder_binary(&mut self, op: Op, l: &Value, r: &Value) -> EvalResult {
        // A member of an `int`-mixin enum computes as its value (`HTTPStatus.OK + 1`).
        let int_member = |v: &Value| match v {
            Value::Instance(i) if self.special(v, "__add__").is_none() => i.int_enum_value(),
            _ => None,
        };
        if !matches!(op, Op::Eq | Op::Ne) && (int_member(l).is_some() || int_member(r).is_some()) {
            let l = int_member(l).unwrap_or_else(|| l.clone());
            let r = int_member(r).unwrap_or_else(|| r.clone());
            return ops::binary(self, op, &l, &r);
        }
        if matches!(op, Op::Eq | Op::Ne)
            && (is_enum_member(l) || is_enum_member(r))
            && self.special(l, "__eq__").is_none()
            && self.special(r, "__eq__").is_none()
        {
            return ops::binary(self, op, l, r);
        }
        let (_, refl) = names(op);
        let reflected_first = match (py_class_of(l), py_class_of(r)) {
            (Some(a), Some(b)) => {
                !Rc::ptr_eq(&a, &b) && b.is_subclass_of(&a) && self.special(r, refl).is_some()
            }
            _ => false,
        };
        if reflected_first {
            if let Some(v) = self.operand(op, r, l, true)? {
                return Ok(v);
            }
            if let Some(v) = self.operand(op, l, r, false)? {
                return Ok(v);
            }
        } else {
            if let Some(v) = self.operand(op, l, r, false)? {
                return Ok(v);
            }
            let same_type = matches!((py_class_of(l), py_class_of(r)), (Some(a), Some(b)) if Rc::ptr_eq(&a, &b));
            if (!same_type || matches!(op, Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge))
                && let Some(v) = self.operand(op, r, l, true)?
            {
                return Ok(v);
            }
        }
        match op {
            Op::Eq => Ok(Value::Bool(l.is(r))),
            Op::Ne => Ok(Value::Bool(!l.is(r))),
            Op::Lt | Op::Le | Op::Gt | Op::Ge => Err(self.type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                ops::symbol(op),
                l.type_name(),
                r.type_name()
            ))),
            _ => Err(self.type_error(ops::unsupported_message(op, l, r))),
        }
    }

    /// `l op= r`: `__iop__`, else the binary operator.
    pub(crate) fn inplace(&mut self, op: Op, l: &Value, r: &Value) -> EvalResult {
        let name = inplace_name(op);
        if !name.is_empty()
            && let Some(v) = self.call_special(l, name, vec![r.clone()])?
            && !matches!(v, Value::NotImplemented)
        {
            return Ok(v);
        }
        self.binary(op, l, r)
    }

    /// `-v`, `+v`, `~v` of a Python instance; `None` lets a host instance answer.
    pub(crate) fn dunder_unary(&mut self, op: UnaryOp, v: &Value) -> EvalResult<Option<Value>> {
        let (name, symbol) = match op {
            UnaryOp::Neg => ("__neg__", "-"),
            UnaryOp::Pos => ("__pos__", "+"),
            UnaryOp::Invert => ("__invert__", "~"),
        };
        match self.call_special(v, name, vec![])? {
            Some(r) => Ok(Some(r)),
            None if matches!(v, Value::Instance(_)) => Err(self.type_error(format!(
                "bad operand type for unary {symbol}: '{}'",
                v.type_name()
            ))),
            None => Ok(None),
        }
    }

    /// `bool(v)` through `__bool__` or `__len__`; `None` when the class defines neither.
    pub(crate) fn instance_truthy(&mut self, v: &Value) -> EvalResult<Option<bool>> {
        if let Some(r) = self.call_special(v, "__bool__", vec![])? {
            return match r {
                Value::Bool(b) => Ok(Some(b)),
                other => Err(self.type_error(format!(
                    "__bool__ should return bool, returned {}",
                    other.type_name()
                ))),
            };
        }
        match self.len_of(v)? {
            Some(n) => Ok(Some(n > 0)),
            None => Ok(None),
        }
    }

    /// `len(v)` through `__len__`; `None` when the class has none.
    pub(crate) fn len_of(&mut self, v: &Value) -> EvalResult<Option<usize>> {
        match self.call_special(v, "__len__", vec![])? {
            None => Ok(None),
            Some(Value::Int(n)) if n >= 0 => Ok(Some(n as usize)),
            Some(Value::Bool(b)) => Ok(Some(b as usize)),
            Some(Value::Int(_)) => Err(self.value_error("__len__() should return >= 0")),
            Some(other) => Err(self.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            ))),
        }
    }

    /// The items of a Python instance: `__iter__` (a builtin iterable, or an iterator whose
    /// `__next__` is called until `StopIteration`), else the old `__getitem__` protocol.
    /// `None` when it is not iterable.
    pub(crate) fn iterate_instance(&mut self, v: &Value) -> EvalResult<Option<Vec<Value>>> {
        if let Some(it) = self.call_special(v, "__iter__", vec![])? {
            return self.drain(&it).map(Some);
        }
        if let Some(get) = self.special(v, "__getitem__") {
            let mut out = Vec::new();
            for i in 0.. {
                self.step()?;
                match self.call_bound(&get, v, vec![Value::Int(i)]) {
                    Ok(x) => {
                        self.alloc(8)?;
                        out.push(x);
                    }
                    Err(Unwind::Exception(e))
                        if self.is_instance_of_exc(&e.value, "IndexError")
                            || self.is_instance_of_exc(&e.value, "StopIteration") =>
                    {
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
            return Ok(Some(out));
        }
        Ok(None)
    }

    /// All items of an iterator object (what `__iter__` returned).
    fn drain(&mut self, it: &Value) -> EvalResult<Vec<Value>> {
        if self.special(it, "__next__").is_none() {
            if has_py_class(it) && !matches!(it, Value::Host(_)) {
                return Err(self.type_error(format!(
                    "iter() returned non-iterator of type '{}'",
                    it.type_name()
                )));
            }
            return self.iterate(it);
        }
        let mut out = Vec::new();
        while let Some(x) = self.next_of(it)? {
            self.step()?;
            self.alloc(8)?;
            out.push(x);
        }
        Ok(out)
    }

    /// `next(it)` of an iterator object with `__next__`; `None` at `StopIteration`.
    pub(crate) fn next_of(&mut self, it: &Value) -> EvalResult<Option<Value>> {
        match self.call_special(it, "__next__", vec![]) {
            Ok(v) => Ok(v),
            Err(Unwind::Exception(e)) if self.is_instance_of_exc(&e.value, "StopIteration") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// `hash(v)`: `__hash__` of Python classes (`None` there: unhashable), else a hash
    /// consistent with equality (ints hash as themselves, as in CPython).
    pub(crate) fn hash_of(&mut self, v: &Value) -> EvalResult<i64> {
        if has_py_class(v) {
            match self.special(v, "__hash__") {
                Some(Value::None) => {
                    return Err(self.type_error(format!("unhashable type: '{}'", v.type_name())));
                }
                Some(f) => {
                    return match self.call_bound(&f, v, vec![])? {
                        Value::Int(i) => Ok(i),
                        Value::Bool(b) => Ok(b as i64),
                        _ => Err(self.type_error("__hash__ method should return an integer")),
                    };
                }
                None => {}
            }
        }
        let key = HashKey::of(v).map_err(|m| self.type_error(m))?;
        Ok(match key {
            HashKey::Int(-1) => -2,
            HashKey::Int(i) => i,
            HashKey::Id(p) => (p >> 4) as i64,
            other => {
                use std::hash::BuildHasher;
                let x = foldhash::fast::FixedState::with_seed(0x5ca1ab1e).hash_one(&other) as i64;
                if x == -1 { -2 } else { x }
            }
        })
    }

    /// The dict key of `v`: [`HashKey::of`], except that an instance of a class with its
    /// own `__hash__` keys by what that returns.
    pub fn hash_key(&mut self, v: &Value) -> EvalResult<HashKey> {
        if has_py_class(v)
            && let Some(f) = self.special(v, "__hash__")
            && !f.is_none()
            && !(matches!(v, Value::Instance(i) if i.class.is_enum))
        {
            let h = self.hash_of(v)?;
            return Ok(HashKey::Custom(h));
        }
        HashKey::of(v).map_err(|m| self.type_error(m))
    }

    /// `repr(v)`, calling `__repr__` of Python classes (inside containers too).
    pub fn repr_of(&mut self, v: &Value) -> EvalResult<String> {
        self.check_stack()?;
        match v {
            Value::Instance(_) | Value::Host(_) if has_py_class(v) => {
                match self.call_special(v, "__repr__", vec![])? {
                    Some(Value::Str(s)) => Ok(s.to_string()),
                    Some(other) => Err(self.type_error(format!(
                        "__repr__ returned non-string (type {})",
                        other.type_name()
                    ))),
                    None => Ok(format::repr(v)),
                }
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                Ok(format!("[{}]", self.join_repr(&items)?))
            }
            Value::Tuple(t) if t.len() == 1 => Ok(format!("({},)", self.repr_of(&t[0])?)),
            Value::Tuple(t) => Ok(format!("({})", self.join_repr(t)?)),
            Value::Dict(d) => {
                let items: Vec<(Value, Value)> = d
                    .borrow()
                    .items()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(items.len());
                for (k, v) in items {
                    parts.push(format!("{}: {}", self.repr_of(&k)?, self.repr_of(&v)?));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            }
            Value::Set(s) if !s.borrow().is_empty() => {
                let items = s.borrow().keys();
                Ok(format!("{{{}}}", self.join_repr(&items)?))
            }
            _ => Ok(format::repr(v)),
        }
    }

    fn join_repr(&mut self, items: &[Value]) -> EvalResult<String> {
        let mut parts = Vec::with_capacity(items.len());
        for x in items {
            parts.push(self.repr_of(x)?);
        }
        Ok(parts.join(", "))
    }

    /// `str(v)`, calling `__str__` (or `__repr__`) of Python classes.
    pub(crate) fn str_of(&mut self, v: &Value) -> EvalResult<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Instance(_) | Value::Host(_) if has_py_class(v) => {
                match self.call_special(v, "__str__", vec![])? {
                    Some(Value::Str(s)) => Ok(s.to_string()),
                    Some(other) => Err(self.type_error(format!(
                        "__str__ returned non-string (type {})",
                        other.type_name()
                    ))),
                    None if self.special(v, "__repr__").is_some() => self.repr_of(v),
                    None => Ok(format::to_str(v)),
                }
            }
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) => self.repr_of(v),
            Value::Host(h) => match h.clone().str_value(self)? {
                Some(s) => Ok(s),
                None => Ok(h.to_str()),
            },
            _ => Ok(format::to_str(v)),
        }
    }

    /// `format(v, spec)` of a Python instance: `__format__`, else `str(v)` for an empty spec.
    pub(crate) fn format_instance(&mut self, v: &Value, spec: &str) -> EvalResult<String> {
        match self.call_special(v, "__format__", vec![Value::str(spec)])? {
            Some(Value::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(self.type_error(format!(
                "__format__ must return a str, not {}",
                other.type_name()
            ))),
            None if spec.is_empty() => self.str_of(v),
            None => Err(self.type_error(format!(
                "unsupported format string passed to {}.__format__",
                v.type_name()
            ))),
        }
    }
}
