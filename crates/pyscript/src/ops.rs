//! Operators on the interpreter's own values, with Python's semantics and error messages.

use std::cmp::Ordering;
use std::rc::Rc;

use ruff_python_ast as ast;

use crate::format;
use crate::interp::{Interp, Unwind};
use crate::value::*;

pub(crate) fn operator(op: ast::Operator) -> Op {
    use ast::Operator::*;
    match op {
        Add => Op::Add,
        Sub => Op::Sub,
        Mult => Op::Mul,
        MatMult => Op::MatMul,
        Div => Op::Div,
        Mod => Op::Mod,
        Pow => Op::Pow,
        LShift => Op::LShift,
        RShift => Op::RShift,
        BitOr => Op::BitOr,
        BitXor => Op::BitXor,
        BitAnd => Op::BitAnd,
        FloorDiv => Op::FloorDiv,
    }
}

pub(crate) fn symbol(op: Op) -> &'static str {
    match op {
        Op::Add => "+",
        Op::Sub => "-",
        Op::Mul => "*",
        Op::MatMul => "@",
        Op::Div => "/",
        Op::FloorDiv => "//",
        Op::Mod => "%",
        Op::Pow => "** or pow()",
        Op::LShift => "<<",
        Op::RShift => ">>",
        Op::BitOr => "|",
        Op::BitXor => "^",
        Op::BitAnd => "&",
        Op::Eq => "==",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
    }
}

fn overflow(interp: &Interp) -> Unwind {
    interp.exc(
        "OverflowError",
        "integer result does not fit in 64 bits (Retort's integers are 64-bit)",
    )
}

enum Num {
    I(i64),
    F(f64),
}

fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Bool(b) => Some(Num::I(*b as i64)),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

pub(crate) fn binary(interp: &mut Interp, op: Op, l: &Value, r: &Value) -> EvalResult {
    match op {
        Op::Eq => return Ok(Value::Bool(equal(interp, l, r)?)),
        Op::Ne => return Ok(Value::Bool(!equal(interp, l, r)?)),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let ord = compare(interp, l, r, op)?;
            return Ok(Value::Bool(op.holds(ord)));
        }
        _ => {}
    }
    // bool's own |, & and ^ give a bool (`True | False` is `True`, not `1`).
    if let (Value::Bool(a), Value::Bool(b)) = (l, r) {
        match op {
            Op::BitOr => return Ok(Value::Bool(a | b)),
            Op::BitAnd => return Ok(Value::Bool(a & b)),
            Op::BitXor => return Ok(Value::Bool(a ^ b)),
            _ => {}
        }
    }
    if let (Some(a), Some(b)) = (num(l), num(r)) {
        return arith(interp, op, a, b);
    }
    match (op, l, r) {
        (Op::Add, Value::Str(a), Value::Str(b)) => {
            interp.alloc(a.len() + b.len())?;
            Ok(Value::Str(Rc::from(format!("{a}{b}"))))
        }
        (Op::Add, Value::Bytes(a), Value::Bytes(b)) => {
            interp.alloc(a.len() + b.len())?;
            Ok(Value::Bytes(Rc::from([&a[..], &b[..]].concat())))
        }
        (Op::Mul, Value::Bytes(s), n) | (Op::Mul, n, Value::Bytes(s)) if n.as_int().is_some() => {
            let n = n.as_int().unwrap().max(0) as usize;
            interp.alloc(s.len().saturating_mul(n))?;
            Ok(Value::Bytes(Rc::from(s.repeat(n))))
        }
        (Op::Add, Value::List(a), Value::List(b)) => {
            let mut v = a.borrow().clone();
            v.extend(b.borrow().iter().cloned());
            interp.alloc(v.len() * 8)?;
            Ok(Value::list(v))
        }
        (Op::Add, Value::Tuple(a), Value::Tuple(b)) => {
            let mut v = a.to_vec();
            v.extend(b.iter().cloned());
            interp.alloc(v.len() * 8)?;
            Ok(Value::tuple(v))
        }
        (Op::Mul, Value::Str(s), n) | (Op::Mul, n, Value::Str(s)) if n.as_int().is_some() => {
            let n = n.as_int().unwrap().max(0) as usize;
            interp.alloc(s.len().saturating_mul(n))?;
            Ok(Value::str(&s.repeat(n)))
        }
        (Op::Mul, Value::List(l), n) | (Op::Mul, n, Value::List(l)) if n.as_int().is_some() => {
            let n = n.as_int().unwrap().max(0) as usize;
            let items = l.borrow();
            interp.alloc(items.len().saturating_mul(n).saturating_mul(8))?;
            let mut v = Vec::with_capacity(items.len() * n);
            for _ in 0..n {
                v.extend(items.iter().cloned());
            }
            Ok(Value::list(v))
        }
        (Op::Mul, Value::Tuple(t), n) | (Op::Mul, n, Value::Tuple(t)) if n.as_int().is_some() => {
            let n = n.as_int().unwrap().max(0) as usize;
            interp.alloc(t.len().saturating_mul(n).saturating_mul(8))?;
            let mut v = Vec::with_capacity(t.len() * n);
            for _ in 0..n {
                v.extend(t.iter().cloned());
            }
            Ok(Value::tuple(v))
        }
        (Op::Mod, Value::Str(s), args) => format::percent_format(interp, s, args),
        (Op::BitOr, Value::Dict(a), Value::Dict(b)) => {
            let mut d = a.borrow().clone();
            for (k, v) in b.borrow().items() {
                d.insert(k.clone(), v.clone()).ok();
            }
            Ok(Value::dict(d))
        }
        (Op::BitOr | Op::BitAnd | Op::Sub | Op::BitXor, Value::Set(a), Value::Set(b)) => {
            let (a, b) = (a.borrow(), b.borrow());
            let mut out = Dict::new();
            match op {
                Op::BitOr => {
                    for k in a.keys().into_iter().chain(b.keys()) {
                        out.insert(k, Value::None).ok();
                    }
                }
                Op::BitAnd => {
                    for k in a.keys() {
                        if b.contains(&k).unwrap_or(false) {
                            out.insert(k, Value::None).ok();
                        }
                    }
                }
                Op::Sub => {
                    for k in a.keys() {
                        if !b.contains(&k).unwrap_or(false) {
                            out.insert(k, Value::None).ok();
                        }
                    }
                }
                _ => {
                    for k in a.keys() {
                        if !b.contains(&k).unwrap_or(false) {
                            out.insert(k, Value::None).ok();
                        }
                    }
                    for k in b.keys() {
                        if !a.contains(&k).unwrap_or(false) {
                            out.insert(k, Value::None).ok();
                        }
                    }
                }
            }
            Ok(Value::Set(Rc::new(std::cell::RefCell::new(out))))
        }
        // `int | None`: `types.UnionType` (or `typing.Union` with typing forms).
        (Op::BitOr, Value::Native(_) | Value::Class(_) | Value::None | Value::Host(_), _)
            if let Some(u) = crate::typing::union_or(interp, l, r)? =>
        {
            Ok(u)
        }
        _ => Err(interp.type_error(unsupported_message(op, l, r))),
    }
}

/// CPython's message for a binary operator its operands do not support.
pub(crate) fn unsupported_message(op: Op, l: &Value, r: &Value) -> String {
    match (op, l) {
        (Op::Add, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => format!(
            "can only concatenate {} (not \"{}\") to {}",
            l.type_name(),
            r.type_name(),
            l.type_name()
        ),
        _ => format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            symbol(op),
            l.type_name(),
            r.type_name()
        ),
    }
}

fn arith(interp: &mut Interp, op: Op, a: Num, b: Num) -> EvalResult {
    use Num::*;
    let zero = |interp: &Interp, what: &str| interp.exc("ZeroDivisionError", what.to_string());
    Ok(match (a, b) {
        (I(x), I(y)) => match op {
            Op::Add => Value::Int(x.checked_add(y).ok_or_else(|| overflow(interp))?),
            Op::Sub => Value::Int(x.checked_sub(y).ok_or_else(|| overflow(interp))?),
            Op::Mul => Value::Int(x.checked_mul(y).ok_or_else(|| overflow(interp))?),
            Op::Div => {
                if y == 0 {
                    return Err(zero(interp, "division by zero"));
                }
                Value::Float(int_true_div(x, y))
            }
            Op::FloorDiv => {
                if y == 0 {
                    return Err(zero(interp, "integer division or modulo by zero"));
                }
                Value::Int(
                    x.div_euclid(y)
                        - if (x.rem_euclid(y) != 0) && y < 0 {
                            1
                        } else {
                            0
                        },
                )
            }
            Op::Mod => {
                if y == 0 {
                    return Err(zero(interp, "integer modulo by zero"));
                }
                let m = x % y;
                Value::Int(if m != 0 && ((m < 0) != (y < 0)) {
                    m + y
                } else {
                    m
                })
            }
            Op::Pow => {
                if y < 0 {
                    Value::Float((x as f64).powf(y as f64))
                } else {
                    let e = u32::try_from(y).map_err(|_| overflow(interp))?;
                    Value::Int(x.checked_pow(e).ok_or_else(|| overflow(interp))?)
                }
            }
            Op::LShift => Value::Int(
                u32::try_from(y)
                    .ok()
                    .and_then(|s| x.checked_shl(s))
                    .filter(|v| v >> y.min(63) == x)
                    .ok_or_else(|| overflow(interp))?,
            ),
            Op::RShift => Value::Int(x >> y.clamp(0, 63)),
            Op::BitOr => Value::Int(x | y),
            Op::BitAnd => Value::Int(x & y),
            Op::BitXor => Value::Int(x ^ y),
            _ => unreachable!(),
        },
        (a, b) => {
            let x = match a {
                I(i) => i as f64,
                F(f) => f,
            };
            let y = match b {
                I(i) => i as f64,
                F(f) => f,
            };
            match op {
                Op::Add => Value::Float(x + y),
                Op::Sub => Value::Float(x - y),
                Op::Mul => Value::Float(x * y),
                Op::Div => {
                    if y == 0.0 {
                        return Err(zero(interp, "float division by zero"));
                    }
                    Value::Float(x / y)
                }
                Op::FloorDiv => {
                    if y == 0.0 {
                        return Err(zero(interp, "float floor division by zero"));
                    }
                    Value::Float((x / y).floor())
                }
                Op::Mod => {
                    if y == 0.0 {
                        return Err(zero(interp, "float modulo"));
                    }
                    let m = x % y;
                    Value::Float(if m != 0.0 && ((m < 0.0) != (y < 0.0)) {
                        m + y
                    } else {
                        m
                    })
                }
                Op::Pow => Value::Float(x.powf(y)),
                _ => {
                    return Err(interp.type_error(format!(
                        "unsupported operand type(s) for {}: 'float' and 'float'",
                        symbol(op)
                    )));
                }
            }
        }
    })
}

pub(crate) fn unary(interp: &mut Interp, op: UnaryOp, v: &Value) -> EvalResult {
    match (op, v) {
        (UnaryOp::Neg, Value::Int(i)) => {
            Ok(Value::Int(i.checked_neg().ok_or_else(|| overflow(interp))?))
        }
        (UnaryOp::Neg, Value::Bool(b)) => Ok(Value::Int(-(*b as i64))),
        (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Pos, Value::Int(_) | Value::Float(_)) => Ok(v.clone()),
        (UnaryOp::Pos, Value::Bool(b)) => Ok(Value::Int(*b as i64)),
        (UnaryOp::Invert, Value::Int(i)) => Ok(Value::Int(!i)),
        (UnaryOp::Invert, Value::Bool(b)) => Ok(Value::Int(!(*b as i64))),
        _ => Err(interp.type_error(format!(
            "bad operand type for unary {}: '{}'",
            match op {
                UnaryOp::Neg => "-",
                UnaryOp::Pos => "+",
                UnaryOp::Invert => "~",
            },
            v.type_name()
        ))),
    }
}

/// Python's `==` for the interpreter's own values (host objects compare by identity here).
pub(crate) fn equal(interp: &mut Interp, l: &Value, r: &Value) -> EvalResult<bool> {
    if let (Some(a), Some(b)) = (num(l), num(r)) {
        return Ok(match (a, b) {
            (Num::I(x), Num::I(y)) => x == y,
            (Num::I(x), Num::F(y)) | (Num::F(y), Num::I(x)) => (x as f64) == y,
            (Num::F(x), Num::F(y)) => x == y,
        });
    }
    Ok(match (l, r) {
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::Bytes(a), Value::Bytes(b)) => a == b,
        (Value::List(a), Value::List(b)) => {
            let (a, b) = (a.borrow().clone(), b.borrow().clone());
            seq_equal(interp, &a, &b)?
        }
        (Value::Tuple(a), Value::Tuple(b)) => seq_equal(interp, a, b)?,
        (Value::Dict(a), Value::Dict(b)) => {
            let (a, b) = (a.borrow().clone(), b.borrow().clone());
            if a.len() != b.len() {
                return Ok(false);
            }
            for (k, v) in a.items() {
                match b.get(k).ok().flatten() {
                    Some(w) => {
                        if !interp.eq(v, w)? {
                            return Ok(false);
                        }
                    }
                    None => return Ok(false),
                }
            }
            true
        }
        (Value::Set(a), Value::Set(b)) => {
            let (a, b) = (a.borrow(), b.borrow());
            a.len() == b.len() && a.keys().iter().all(|k| b.contains(k).unwrap_or(false))
        }
        (Value::Range(a), Value::Range(b)) => a == b,
        (Value::Instance(i), other) | (other, Value::Instance(i)) if i.class.is_enum => {
            // Members of `str`-mixin enums equal their value.
            match (i.get("value"), other) {
                (Some(v @ Value::Str(_)), Value::Str(_)) => equal(interp, &v, other)?,
                (Some(v), Value::Int(_) | Value::Float(_) | Value::Bool(_))
                    if i.int_enum_value().is_some() =>
                {
                    equal(interp, &v, other)?
                }
                _ => l.is(r),
            }
        }
        (Value::Instance(i), _) => match i.class.lookup("__eq__") {
            Some(f) => {
                let res = interp.call(&f, Args::new(vec![l.clone(), r.clone()]))?;
                interp.truthy(&res)?
            }
            None => l.is(r),
        },
        _ => l.is(r),
    })
}

fn seq_equal(interp: &mut Interp, a: &[Value], b: &[Value]) -> EvalResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (x, y) in a.iter().zip(b) {
        if !interp.eq(x, y)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Python's ordering (`<` and friends, `sorted`, `min`, `max`).
pub(crate) fn compare(interp: &mut Interp, l: &Value, r: &Value, op: Op) -> EvalResult<Ordering> {
    if crate::interp::has_py_class(l) || crate::interp::has_py_class(r) {
        // Python instances order through their rich comparisons: `<` both ways (what
        // `sorted` and `min` use), or the operator itself (inside a tuple comparison).
        let holds = interp.dunder_binary(op, l, r)?;
        let holds = interp.truthy(&holds)?;
        return Ok(match op {
            Op::Lt if holds => Ordering::Less,
            Op::Lt => {
                let back = interp.dunder_binary(Op::Lt, r, l)?;
                if interp.truthy(&back)? {
                    Ordering::Greater
                } else {
                    Ordering::Equal
                }
            }
            Op::Le if holds => Ordering::Less,
            Op::Le => Ordering::Greater,
            Op::Gt | Op::Ge if holds => Ordering::Greater,
            _ => Ordering::Less,
        });
    }
    if let (Some(a), Some(b)) = (num(l), num(r)) {
        let (x, y) = match (a, b) {
            (Num::I(x), Num::I(y)) => return Ok(x.cmp(&y)),
            (Num::I(x), Num::F(y)) => (x as f64, y),
            (Num::F(x), Num::I(y)) => (x, y as f64),
            (Num::F(x), Num::F(y)) => (x, y),
        };
        return Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal));
    }
    match (l, r) {
        (Value::Str(a), Value::Str(b)) => Ok(a.cmp(b)),
        (Value::Bytes(a), Value::Bytes(b)) => Ok(a.cmp(b)),
        (Value::List(a), Value::List(b)) => {
            let (a, b) = (a.borrow().clone(), b.borrow().clone());
            seq_compare(interp, &a, &b, op)
        }
        (Value::Tuple(a), Value::Tuple(b)) => seq_compare(interp, a, b, op),
        (Value::Host(h), _) | (_, Value::Host(h)) => {
            // Host objects that order themselves (datetime) answer through binary_op.
            let reflected = matches!(r, Value::Host(_)) && !matches!(l, Value::Host(_));
            let other = if reflected { l } else { r };
            for probe in [Op::Lt, Op::Gt] {
                let probe = if reflected { flip(probe) } else { probe };
                if let Some(v) = h.clone().binary_op(interp, probe, other, reflected)? {
                    if interp.truthy(&v)? {
                        return Ok(if probe == Op::Lt {
                            Ordering::Less
                        } else {
                            Ordering::Greater
                        });
                    }
                } else {
                    return Err(not_orderable(interp, op, l, r));
                }
            }
            Ok(Ordering::Equal)
        }
        _ => Err(not_orderable(interp, op, l, r)),
    }
}

fn flip(op: Op) -> Op {
    match op {
        Op::Lt => Op::Gt,
        Op::Gt => Op::Lt,
        other => other,
    }
}

fn not_orderable(interp: &Interp, op: Op, l: &Value, r: &Value) -> Unwind {
    interp.type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        symbol(op),
        l.type_name(),
        r.type_name()
    ))
}

fn seq_compare(interp: &mut Interp, a: &[Value], b: &[Value], op: Op) -> EvalResult<Ordering> {
    for (x, y) in a.iter().zip(b) {
        if !interp.eq(x, y)? {
            return compare(interp, x, y, op);
        }
    }
    Ok(a.len().cmp(&b.len()))
}

pub(crate) fn range_len(start: i64, stop: i64, step: i64) -> usize {
    if step > 0 && start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else if step < 0 && start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    }
}

/// Normalised `start..stop` of a step-1 slice over a sequence of `len` items.
pub(crate) fn slice_bounds(
    interp: &Interp,
    s: &(Value, Value, Value),
    len: usize,
) -> EvalResult<(usize, usize)> {
    let bound = |v: &Value, default: usize| -> EvalResult<usize> {
        match v {
            Value::None => Ok(default),
            other => match other.as_int() {
                Some(i) => Ok(if i < 0 {
                    (len as i64 + i).max(0) as usize
                } else {
                    (i as usize).min(len)
                }),
                None => Err(interp.type_error("slice indices must be integers or None")),
            },
        }
    };
    Ok((bound(&s.0, 0)?, bound(&s.1, len)?))
}

pub(crate) fn slice(interp: &mut Interp, obj: &Value, s: &(Value, Value, Value)) -> EvalResult {
    let items: Vec<Value> = match obj {
        Value::Str(st) => st.chars().map(|c| Value::str(&c.to_string())).collect(),
        _ => interp.iterate(obj)?,
    };
    let len = items.len() as i64;
    let step = match &s.2 {
        Value::None => 1,
        v => v
            .as_int()
            .ok_or_else(|| interp.type_error("slice indices must be integers or None"))?,
    };
    if step == 0 {
        return Err(interp.value_error("slice step cannot be zero"));
    }
    let norm = |v: &Value, default: i64| -> EvalResult<i64> {
        match v {
            Value::None => Ok(default),
            other => {
                let i = other
                    .as_int()
                    .ok_or_else(|| interp.type_error("slice indices must be integers or None"))?;
                let i = if i < 0 { i + len } else { i };
                Ok(if step > 0 {
                    i.clamp(0, len)
                } else {
                    i.clamp(-1, len - 1)
                })
            }
        }
    };
    let (start, stop) = if step > 0 {
        (norm(&s.0, 0)?, norm(&s.1, len)?)
    } else {
        (norm(&s.0, len - 1)?, norm(&s.1, -1)?)
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(items[i as usize].clone());
        i += step;
    }
    Ok(match obj {
        Value::Str(_) => Value::str(
            &out.iter()
                .map(|v| v.as_str().unwrap_or(""))
                .collect::<String>(),
        ),
        Value::Tuple(_) => Value::tuple(out),
        Value::Bytes(_) => Value::Bytes(Rc::from(
            out.iter()
                .map(|v| v.as_int().unwrap_or(0) as u8)
                .collect::<Vec<u8>>(),
        )),
        _ => Value::list(out),
    })
}

/// `x / y` for integers, correctly rounded as CPython's `long_true_divide` is: each
/// operand's conversion to a float would round once more when it exceeds 2**53.
fn int_true_div(x: i64, y: i64) -> f64 {
    const EXACT: u64 = 1 << 53;
    if x.unsigned_abs() <= EXACT && y.unsigned_abs() <= EXACT {
        return x as f64 / y as f64;
    }
    let negative = (x < 0) != (y < 0);
    let (a, b) = (u128::from(x.unsigned_abs()), u128::from(y.unsigned_abs()));
    // Enough quotient bits for a 53-bit mantissa, a rounding bit and room to spare.
    let bits = |v: u128| 128 - v.leading_zeros() as i32;
    let shift = (66 + bits(b) - bits(a)).clamp(0, 127 - bits(a));
    let scaled = a << shift;
    let (q, sticky) = (scaled / b, scaled % b != 0);
    let n = bits(q);
    let (mut mantissa, mut exp) = (q, -shift);
    if n > 53 {
        let extra = n - 53;
        let rest = q & ((1u128 << extra) - 1);
        let half = 1u128 << (extra - 1);
        mantissa = q >> extra;
        exp += extra;
        if rest > half || (rest == half && (sticky || mantissa & 1 == 1)) {
            mantissa += 1;
        }
    }
    let magnitude = mantissa as f64 * 2f64.powi(exp);
    if negative { -magnitude } else { magnitude }
}
