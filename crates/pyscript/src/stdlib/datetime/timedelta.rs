//! `datetime.timedelta`: a duration in microseconds, with CPython's arithmetic and rounding.

use super::*;

/// `datetime.timedelta`, in microseconds.
pub struct TimeDelta(pub i64);

pub(super) fn timedelta_new(it: &mut Interp, a: Args) -> EvalResult {
    let num = |i: usize, n: &str| -> f64 {
        match a.arg(i, n) {
            Some(Value::Int(v)) => *v as f64,
            Some(Value::Float(f)) => *f,
            _ => 0.0,
        }
    };
    let _ = it;
    let micros = num(0, "days") * 86_400e6
        + num(1, "seconds") * 1e6
        + num(2, "microseconds")
        + num(3, "milliseconds") * 1e3
        + num(4, "minutes") * 60e6
        + num(5, "hours") * 3600e6
        + num(6, "weeks") * 7.0 * 86_400e6;
    Ok(Value::host(TimeDelta(micros.round() as i64)))
}

/// `a / b` rounded half to even (CPython's `timedelta / int`).
fn round_div(a: i64, b: i64) -> i64 {
    let (q, r) = (a.div_euclid(b), a.rem_euclid(b));
    let (b_abs, q) = if b < 0 { (-b, q) } else { (b, q) };
    // `r` is in [0, |b|): compare twice the remainder with |b|.
    let twice = 2 * r;
    if b > 0 {
        if twice > b_abs || (twice == b_abs && q % 2 != 0) {
            q + 1
        } else {
            q
        }
    } else {
        // a / b = q + r / b with r >= 0 and b < 0: the fraction is -r / |b|.
        if twice > b_abs || (twice == b_abs && q % 2 != 0) {
            q - 1
        } else {
            q
        }
    }
}

impl HostObject for TimeDelta {
    fn type_name(&self) -> String {
        "timedelta".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let us = self.0;
        Ok(Some(match name {
            "days" => Value::Int(us.div_euclid(86_400_000_000)),
            "seconds" => Value::Int(us.rem_euclid(86_400_000_000) / 1_000_000),
            "microseconds" => Value::Int(us.rem_euclid(1_000_000)),
            "total_seconds" => Value::native("total_seconds", move |_, _| {
                Ok(Value::Float(us as f64 / 1e6))
            }),
            "__abs__" => Value::native("__abs__", move |_, _| Ok(Value::host(TimeDelta(us.abs())))),
            _ => return Ok(None),
        }))
    }
    fn unary_op(self: Rc<Self>, _: &mut Interp, op: UnaryOp) -> EvalResult<Option<Value>> {
        Ok(match op {
            UnaryOp::Neg => Some(Value::host(TimeDelta(-self.0))),
            UnaryOp::Pos => Some(Value::host(TimeDelta(self.0))),
            UnaryOp::Invert => None,
        })
    }
    fn truthy(&self) -> Option<bool> {
        Some(self.0 != 0)
    }
    fn hash_key(&self) -> Option<HashKey> {
        Some(HashKey::Int(self.0))
    }
    fn repr(&self) -> String {
        let mut args = Vec::new();
        let days = self.0.div_euclid(DAY);
        let seconds = self.0.rem_euclid(DAY) / 1_000_000;
        let micros = self.0.rem_euclid(1_000_000);
        if days != 0 {
            args.push(format!("days={days}"));
        }
        if seconds != 0 {
            args.push(format!("seconds={seconds}"));
        }
        if micros != 0 {
            args.push(format!("microseconds={micros}"));
        }
        if args.is_empty() {
            args.push("0".into());
        }
        format!("datetime.timedelta({})", args.join(", "))
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        if let Some(o) = other.downcast_host::<TimeDelta>() {
            let (a, b) = if reflected {
                (o.0, self.0)
            } else {
                (self.0, o.0)
            };
            return Ok(Some(match op {
                Op::Add => Value::host(TimeDelta(a + b)),
                Op::Sub => Value::host(TimeDelta(a - b)),
                Op::Eq => Value::Bool(a == b),
                Op::Ne => Value::Bool(a != b),
                Op::Lt => Value::Bool(a < b),
                Op::Le => Value::Bool(a <= b),
                Op::Gt => Value::Bool(a > b),
                Op::Ge => Value::Bool(a >= b),
                Op::Div | Op::FloorDiv | Op::Mod if b == 0 => {
                    return Err(it.exc(
                        "ZeroDivisionError",
                        match op {
                            Op::Div => "division by zero",
                            Op::Mod => "integer modulo by zero",
                            _ => "integer division or modulo by zero",
                        },
                    ));
                }
                Op::Div => Value::Float(a as f64 / b as f64),
                Op::FloorDiv => {
                    Value::Int(a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0))
                }
                Op::Mod => Value::host(TimeDelta(
                    a - b * (a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0)),
                )),
                _ => return Ok(None),
            }));
        }
        let scaled = |f: f64| -> EvalResult<Option<Value>> {
            let v = (self.0 as f64 * f).round_ties_even();
            if !v.is_finite() || v.abs() > 86_400e6 * 999_999_999.0 {
                return Err(it.exc("OverflowError", "cannot convert float infinity to integer"));
            }
            Ok(Some(Value::host(TimeDelta(v as i64))))
        };
        match (op, other) {
            (Op::Mul, Value::Int(n)) => Ok(Some(Value::host(TimeDelta(self.0 * n)))),
            (Op::Mul, Value::Bool(b)) => Ok(Some(Value::host(TimeDelta(self.0 * *b as i64)))),
            (Op::Mul, Value::Float(f)) => scaled(*f),
            (Op::Div | Op::FloorDiv, Value::Int(0)) if !reflected => {
                Err(it.exc("ZeroDivisionError", "integer division or modulo by zero"))
            }
            (Op::Div, Value::Int(n)) if !reflected => {
                Ok(Some(Value::host(TimeDelta(round_div(self.0, *n)))))
            }
            (Op::FloorDiv, Value::Int(n)) if !reflected => Ok(Some(Value::host(TimeDelta(
                self.0.div_euclid(*n) - i64::from(*n < 0 && self.0.rem_euclid(*n) != 0),
            )))),
            (Op::Div, Value::Float(f)) if !reflected => {
                if *f == 0.0 {
                    return Err(it.exc("ZeroDivisionError", "integer division or modulo by zero"));
                }
                scaled(1.0 / f)
            }
            (Op::Eq, _) => Ok(Some(Value::Bool(false))),
            (Op::Ne, _) => Ok(Some(Value::Bool(true))),
            _ => Ok(None),
        }
    }
    fn to_str(&self) -> String {
        let days = self.0.div_euclid(86_400_000_000);
        let rem = self.0.rem_euclid(86_400_000_000);
        let secs = rem / 1_000_000;
        let mut out = String::new();
        if days != 0 {
            out.push_str(&format!(
                "{days} day{}, ",
                if days.abs() == 1 { "" } else { "s" }
            ));
        }
        out.push_str(&format!(
            "{}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        ));
        if rem % 1_000_000 != 0 {
            out.push_str(&format!(".{:06}", rem % 1_000_000));
        }
        out
    }
}
