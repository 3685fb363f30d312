//! `decimal.Decimal` as CPython's default context computes it (28 significant digits,
//! `ROUND_HALF_EVEN`): a sign, an integer coefficient and a power-of-ten exponent, so that
//! `Decimal("12.50")` keeps its trailing zero and `Decimal("0.1") + Decimal("0.2")` is
//! `0.3`. Arithmetic follows the General Decimal Arithmetic rules CPython implements
//! (`_pydecimal`): exact results keep their ideal exponent, inexact ones are rounded to the
//! context precision. Coefficients are held in 128 bits (38 digits); an operation whose
//! exact intermediate needs more raises a clear "unsupported" error instead of guessing.
//! NaN and infinities are not supported.

use std::cmp::Ordering;
use std::rc::Rc;

use crate::format;
use crate::interp::Interp;
use crate::value::{Args, EvalResult, HashKey, HostObject, Op, UnaryOp, Value};

/// The default context's precision.
const PREC: u32 = 28;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    HalfEven,
    HalfUp,
    HalfDown,
    Up,
    Down,
    Ceiling,
    Floor,
    ZeroFiveUp,
}

impl Rounding {
    pub const NAMES: [(&'static str, Rounding); 8] = [
        ("ROUND_HALF_EVEN", Rounding::HalfEven),
        ("ROUND_HALF_UP", Rounding::HalfUp),
        ("ROUND_HALF_DOWN", Rounding::HalfDown),
        ("ROUND_UP", Rounding::Up),
        ("ROUND_DOWN", Rounding::Down),
        ("ROUND_CEILING", Rounding::Ceiling),
        ("ROUND_FLOOR", Rounding::Floor),
        ("ROUND_05UP", Rounding::ZeroFiveUp),
    ];

    fn of(name: &str) -> Option<Rounding> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| *r)
    }
}

/// `(-1)^neg * coef * 10^exp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal {
    pub neg: bool,
    pub coef: u128,
    pub exp: i32,
}

/// Why an operation has no result: Python's exception class and message.
pub type DecResult<T = Decimal> = Result<T, (&'static str, String)>;

fn too_big() -> (&'static str, String) {
    (
        "unsupported",
        "a Decimal operation needing more than 38 digits exactly".to_owned(),
    )
}

fn pow10(n: u32) -> DecResult<u128> {
    10u128.checked_pow(n).ok_or_else(too_big)
}

fn digits(c: u128) -> u32 {
    if c == 0 { 1 } else { c.ilog10() + 1 }
}

impl Decimal {
    pub fn from_i64(i: i64) -> Decimal {
        Decimal {
            neg: i < 0,
            coef: i.unsigned_abs() as u128,
            exp: 0,
        }
    }

    /// The string forms `Decimal()` accepts: sign, digits with an optional point, exponent.
    pub fn parse(s: &str) -> Option<Decimal> {
        let t = s.trim().replace('_', "");
        let (neg, body) = match t.as_bytes().first()? {
            b'-' => (true, &t[1..]),
            b'+' => (false, &t[1..]),
            _ => (false, &t[..]),
        };
        let (mantissa, e) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], body[i + 1..].parse::<i32>().ok()?),
            None => (body, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let all = format!("{int}{frac}");
        let all = all.trim_start_matches('0');
        if all.len() > 38 {
            return None;
        }
        Some(Decimal {
            neg,
            coef: if all.is_empty() { 0 } else { all.parse().ok()? },
            exp: e.checked_sub(frac.len() as i32)?,
        })
    }

    /// The exact value of a float (`Decimal(0.5)`), when it fits in 38 digits.
    pub fn from_f64(f: f64) -> DecResult {
        if !f.is_finite() {
            return Err(("unsupported", "Decimal of an infinite or NaN float".into()));
        }
        // f = m * 2^e exactly; m * 2^e = m * 5^-e * 10^e for negative e.
        let bits = f.to_bits();
        let neg = bits >> 63 == 1;
        let exp_bits = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & ((1 << 52) - 1);
        let (mut m, mut e) = if exp_bits == 0 {
            (frac as u128, -1074)
        } else {
            ((frac | (1 << 52)) as u128, exp_bits - 1075)
        };
        if m == 0 {
            return Ok(Decimal {
                neg,
                coef: 0,
                exp: 0,
            });
        }
        while m % 2 == 0 {
            m /= 2;
            e += 1;
        }
        if e >= 0 {
            let coef = m.checked_mul(2u128.checked_pow(e as u32).ok_or_else(too_big)?);
            return Ok(Decimal {
                neg,
                coef: coef.ok_or_else(too_big)?,
                exp: 0,
            });
        }
        let five = 5u128.checked_pow((-e) as u32).ok_or_else(too_big)?;
        Ok(Decimal {
            neg,
            coef: m.checked_mul(five).ok_or_else(too_big)?,
            exp: e,
        })
    }

    pub fn is_zero(&self) -> bool {
        self.coef == 0
    }

    /// `str(d)`: the General Decimal Arithmetic "to-scientific-string".
    pub fn to_sci_string(&self) -> String {
        let digits = self.coef.to_string();
        let leftdigits = self.exp + digits.len() as i32;
        let dotplace = if self.exp <= 0 && leftdigits > -6 {
            leftdigits
        } else {
            1
        };
        let (int, frac) = if dotplace <= 0 {
            (
                "0".to_owned(),
                format!(".{}{digits}", "0".repeat((-dotplace) as usize)),
            )
        } else if dotplace as usize >= digits.len() {
            (
                format!("{digits}{}", "0".repeat(dotplace as usize - digits.len())),
                String::new(),
            )
        } else {
            (
                digits[..dotplace as usize].to_owned(),
                format!(".{}", &digits[dotplace as usize..]),
            )
        };
        let exp = if leftdigits == dotplace {
            String::new()
        } else {
            format!("E{:+}", leftdigits - dotplace)
        };
        format!("{}{int}{frac}{exp}", if self.neg { "-" } else { "" })
    }

    /// The value as a float, correctly rounded (as `float(d)`).
    pub fn to_f64(&self) -> f64 {
        format!(
            "{}{}e{}",
            if self.neg { "-" } else { "" },
            self.coef,
            self.exp
        )
        .parse()
        .unwrap_or(f64::NAN)
    }

    /// Rounds to `exp` (fewer digits) with `rounding`: `quantize` and the context's rounding.
    fn rescale(&self, exp: i32, rounding: Rounding) -> DecResult {
        if exp <= self.exp {
            let coef = self
                .coef
                .checked_mul(pow10((self.exp - exp) as u32)?)
                .ok_or_else(too_big)?;
            return Ok(Decimal { coef, exp, ..*self });
        }
        let drop = (exp - self.exp) as u32;
        // The dropped digits against half a unit of the new last place.
        let (q, rem, half_cmp) = if drop > 38 {
            let cmp = if self.coef == 0 {
                Ordering::Equal
            } else {
                Ordering::Less
            };
            (0, self.coef, cmp)
        } else {
            let p = pow10(drop)?;
            let rem = self.coef % p;
            (self.coef / p, rem, (rem * 2).cmp(&p))
        };
        let up = rem != 0
            && match rounding {
                Rounding::Down => false,
                Rounding::Up => true,
                Rounding::Ceiling => !self.neg,
                Rounding::Floor => self.neg,
                Rounding::HalfUp => half_cmp != Ordering::Less,
                Rounding::HalfDown => half_cmp == Ordering::Greater,
                Rounding::HalfEven => {
                    half_cmp == Ordering::Greater || (half_cmp == Ordering::Equal && q % 2 == 1)
                }
                Rounding::ZeroFiveUp => q % 5 == 0,
            };
        Ok(Decimal {
            neg: self.neg,
            coef: q + up as u128,
            exp,
        })
    }

    /// The context's rounding of a result to 28 significant digits.
    fn fix(self) -> DecResult {
        let d = digits(self.coef);
        if d <= PREC {
            return Ok(self);
        }
        let r = self.rescale(self.exp + (d - PREC) as i32, Rounding::HalfEven)?;
        // 9999... rounded up to 10000...: one digit too many.
        if digits(r.coef) > PREC {
            return Ok(Decimal {
                coef: r.coef / 10,
                exp: r.exp + 1,
                ..r
            });
        }
        Ok(r)
    }

    /// Both coefficients at the smaller exponent.
    fn aligned(&self, other: &Decimal) -> DecResult<(i128, i128, i32)> {
        let exp = self.exp.min(other.exp);
        let signed = |d: &Decimal| -> DecResult<i128> {
            let c = d
                .coef
                .checked_mul(pow10((d.exp - exp) as u32)?)
                .and_then(|c| i128::try_from(c).ok())
                .ok_or_else(too_big)?;
            Ok(if d.neg { -c } else { c })
        };
        Ok((signed(self)?, signed(other)?, exp))
    }

    fn from_signed(v: i128, exp: i32, neg_zero: bool) -> Decimal {
        Decimal {
            neg: v < 0 || (v == 0 && neg_zero),
            coef: v.unsigned_abs(),
            exp,
        }
    }

    pub fn add(&self, other: &Decimal) -> DecResult {
        let (a, b, exp) = self.aligned(other)?;
        let sum = a.checked_add(b).ok_or_else(too_big)?;
        // A zero sum is negative only when both operands are.
        Decimal::from_signed(sum, exp, self.neg && other.neg).fix()
    }

    pub fn neg(&self) -> Decimal {
        Decimal {
            neg: !self.neg && !self.is_zero(),
            ..*self
        }
    }

    pub fn mul(&self, other: &Decimal) -> DecResult {
        Decimal {
            neg: self.neg != other.neg,
            coef: self.coef.checked_mul(other.coef).ok_or_else(too_big)?,
            exp: self.exp + other.exp,
        }
        .fix()
    }

    /// Division by zero: `InvalidOperation` for 0 / 0, `DivisionByZero` otherwise.
    fn check_divisor(&self, other: &Decimal) -> DecResult<()> {
        if !other.is_zero() {
            return Ok(());
        }
        Err(if self.is_zero() {
            (
                "InvalidOperation",
                "[<class 'decimal.DivisionUndefined'>]".into(),
            )
        } else {
            (
                "DivisionByZero",
                "[<class 'decimal.DivisionByZero'>]".into(),
            )
        })
    }

    /// `/`, as `_pydecimal.Decimal.__truediv__`.
    pub fn div(&self, other: &Decimal) -> DecResult {
        self.check_divisor(other)?;
        let neg = self.neg != other.neg;
        if self.is_zero() {
            return Ok(Decimal {
                neg,
                coef: 0,
                exp: self.exp - other.exp,
            });
        }
        let shift = digits(other.coef) as i32 - digits(self.coef) as i32 + PREC as i32 + 1;
        let mut exp = self.exp - other.exp - shift;
        let (mut coef, rem) = if shift >= 0 {
            let n = self
                .coef
                .checked_mul(pow10(shift as u32)?)
                .ok_or_else(too_big)?;
            (n / other.coef, n % other.coef)
        } else {
            let d = other
                .coef
                .checked_mul(pow10((-shift) as u32)?)
                .ok_or_else(too_big)?;
            (self.coef / d, self.coef % d)
        };
        if rem != 0 {
            // Not exact: a last digit of 0 or 5 would round as if exact.
            if coef % 5 == 0 {
                coef += 1;
            }
        } else {
            let ideal = self.exp - other.exp;
            while exp < ideal && coef % 10 == 0 {
                coef /= 10;
                exp += 1;
            }
        }
        Decimal { neg, coef, exp }.fix()
    }

    /// `//` and `%`: the integer part of the quotient (truncated) and the remainder, which
    /// has the dividend's sign (unlike ints).
    pub fn divmod(&self, other: &Decimal) -> DecResult<(Decimal, Decimal)> {
        self.check_divisor(other)?;
        let (a, b, exp) = self.aligned(other)?;
        let (q, r) = (a / b, a % b);
        Ok((
            Decimal::from_signed(q, 0, self.neg != other.neg),
            Decimal::from_signed(r, exp, self.neg),
        ))
    }

    pub fn compare_with(&self, other: &Decimal) -> DecResult<Ordering> {
        if self.is_zero() && other.is_zero() {
            return Ok(Ordering::Equal);
        }
        let (a, b, _) = self.aligned(other)?;
        Ok(a.cmp(&b))
    }

    pub fn quantize(&self, exp: i32, rounding: Rounding) -> DecResult {
        let r = self.rescale(exp, rounding)?;
        if digits(r.coef) > PREC {
            return Err((
                "InvalidOperation",
                "[<class 'decimal.InvalidOperation'>]".into(),
            ));
        }
        Ok(r)
    }

    /// `normalize()`: trailing zeros removed.
    pub fn normalize(&self) -> DecResult {
        let mut d = self.fix()?;
        if d.coef == 0 {
            return Ok(Decimal {
                neg: d.neg,
                coef: 0,
                exp: 0,
            });
        }
        while d.coef % 10 == 0 {
            d.coef /= 10;
            d.exp += 1;
        }
        Ok(d)
    }

    /// The integer value, truncated toward zero (as `int(d)`).
    pub fn trunc(&self) -> DecResult<i64> {
        let t = self.rescale(self.exp.max(0), Rounding::Down)?;
        let mag = t
            .coef
            .checked_mul(pow10(t.exp as u32)?)
            .and_then(|c| i64::try_from(c).ok())
            .ok_or_else(too_big)?;
        Ok(if self.neg { -mag } else { mag })
    }

    /// Whether the value is a whole number.
    pub fn is_integral(&self) -> bool {
        self.exp >= 0
            || self.rescale(0, Rounding::Down).is_ok_and(|t| {
                pow10((-self.exp) as u32).is_ok_and(|p| t.coef.checked_mul(p) == Some(self.coef))
            })
    }
}

/// A `Decimal` value in the interpreter.
pub struct DecimalValue(pub Decimal);

impl DecimalValue {
    pub fn value(d: Decimal) -> Value {
        Value::host(DecimalValue(d))
    }
}

/// The Decimal an operand stands for: a Decimal, an int or a bool (floats do not mix with
/// Decimals in arithmetic).
fn operand(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from_i64(*i)),
        Value::Bool(b) => Some(Decimal::from_i64(*b as i64)),
        _ => v.downcast_host::<DecimalValue>().map(|d| d.0),
    }
}

fn raise(interp: &Interp, (class, message): (&'static str, String)) -> crate::interp::Unwind {
    match class {
        "unsupported" => interp.unsupported(
            message,
            Some(
                "Retort's Decimal holds 38 digits; keep values to the default context's 28".into(),
            ),
        ),
        class => interp.exc(class, message),
    }
}

impl HostObject for DecimalValue {
    fn type_name(&self) -> String {
        "decimal.Decimal".into()
    }
    fn repr(&self) -> String {
        format!("Decimal('{}')", self.0.to_sci_string())
    }
    fn to_str(&self) -> String {
        self.0.to_sci_string()
    }
    fn truthy(&self) -> Option<bool> {
        Some(!self.0.is_zero())
    }
    fn hash_key(&self) -> Option<HashKey> {
        // Equal numbers hash alike: `Decimal(2) == 2`, `Decimal("0.5") == 0.5`.
        if self.0.is_integral()
            && let Ok(i) = self.0.trunc()
        {
            return Some(HashKey::Int(i));
        }
        let f = self.0.to_f64();
        match Decimal::from_f64(f) {
            Ok(exact) if exact.compare_with(&self.0) == Ok(Ordering::Equal) => {
                HashKey::of(&Value::Float(f)).ok()
            }
            _ => Some(HashKey::Str(Rc::from(format!(
                "Decimal:{}",
                self.0.normalize().unwrap_or(self.0).to_sci_string()
            )))),
        }
    }
    fn unary_op(self: Rc<Self>, _: &mut Interp, op: UnaryOp) -> EvalResult<Option<Value>> {
        Ok(match op {
            UnaryOp::Neg => Some(DecimalValue::value(self.0.neg())),
            UnaryOp::Pos => Some(DecimalValue::value(self.0)),
            UnaryOp::Invert => None,
        })
    }
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        let me = self.0;
        // Comparisons with floats are exact, as in Python.
        if let (Value::Float(f), Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge) = (other, op)
        {
            let ord = match Decimal::from_f64(*f) {
                Ok(d) => me.compare_with(&d).ok(),
                // The float's exact value needs more digits than any Decimal here has, so
                // they differ; the nearest float orders them (ties are beyond 38 digits).
                Err(_) => match me.to_f64().partial_cmp(f) {
                    Some(Ordering::Equal) => Some(if me.to_f64() == *f && me.neg {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    }),
                    o => o,
                },
            };
            let ord = ord.map(|o| if reflected { o.reverse() } else { o });
            return Ok(Some(Value::Bool(ord.map_or(op == Op::Ne, |o| op.holds(o)))));
        }
        let Some(them) = operand(other) else {
            return Ok(op.equality(false).filter(|_| matches!(op, Op::Eq | Op::Ne)));
        };
        let (a, b) = if reflected { (them, me) } else { (me, them) };
        let r = match op {
            Op::Add => a.add(&b),
            Op::Sub => a.add(&b.neg()),
            Op::Mul => a.mul(&b),
            Op::Div => a.div(&b),
            Op::FloorDiv => a.divmod(&b).map(|(q, _)| q),
            Op::Mod => a.divmod(&b).map(|(_, r)| r),
            Op::Pow => {
                let Some(n) = (b.is_integral()).then(|| b.trunc().ok()).flatten() else {
                    return Err(interp.unsupported("a Decimal raised to a non-integer power", None));
                };
                power(a, n)
            }
            Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                let ord = a.compare_with(&b).map_err(|e| raise(interp, e))?;
                return Ok(Some(Value::Bool(op.holds(ord))));
            }
            _ => return Ok(None),
        };
        r.map(|d| Some(DecimalValue::value(d)))
            .map_err(|e| raise(interp, e))
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let d = self.0;
        let method = |name: &str, f: fn(&mut Interp, Decimal, Args) -> EvalResult| {
            Value::native(name, move |it, args| f(it, d, args))
        };
        Ok(Some(match name {
            "quantize" => method(name, |it, d, args| {
                let exp = args
                    .arg(0, "exp")
                    .and_then(operand)
                    .ok_or_else(|| it.type_error("quantize() needs a Decimal"))?;
                let rounding = rounding_arg(it, &args)?;
                d.quantize(exp.exp, rounding)
                    .map(DecimalValue::value)
                    .map_err(|e| raise(it, e))
            }),
            "normalize" => method(name, |it, d, _| {
                d.normalize()
                    .map(DecimalValue::value)
                    .map_err(|e| raise(it, e))
            }),
            "to_integral_value" | "to_integral" => method(name, |it, d, args| {
                let rounding = rounding_arg(it, &args)?;
                d.rescale(d.exp.max(0), rounding)
                    .map(DecimalValue::value)
                    .map_err(|e| raise(it, e))
            }),
            "copy_abs" | "__abs__" => method(name, |_, d, _| {
                Ok(DecimalValue::value(Decimal { neg: false, ..d }))
            }),
            "is_signed" => method(name, |_, d, _| Ok(Value::Bool(d.neg))),
            "is_zero" => method(name, |_, d, _| Ok(Value::Bool(d.is_zero()))),
            "adjusted" => method(name, |_, d, _| {
                Ok(Value::Int(if d.is_zero() {
                    0
                } else {
                    (d.exp + digits(d.coef) as i32 - 1) as i64
                }))
            }),
            "__int__" => method(name, |it, d, _| {
                d.trunc().map(Value::Int).map_err(|e| raise(it, e))
            }),
            "__float__" => method(name, |_, d, _| Ok(Value::Float(d.to_f64()))),
            // round(d) is an int; round(d, n) a Decimal with n places (half even).
            "__round__" => method(name, |it, d, args| match args.arg(0, "ndigits") {
                None | Some(Value::None) => d
                    .rescale(d.exp.max(0), Rounding::HalfEven)
                    .and_then(|r| r.trunc())
                    .map(Value::Int)
                    .map_err(|e| raise(it, e)),
                Some(n) => {
                    let n = n
                        .as_int()
                        .ok_or_else(|| it.type_error("ndigits must be an int"))?;
                    d.quantize(-(n as i32), Rounding::HalfEven)
                        .map(DecimalValue::value)
                        .map_err(|e| raise(it, e))
                }
            }),
            "__format__" => method(name, |it, d, args| {
                let spec = args.arg(0, "spec").and_then(|v| v.as_str()).unwrap_or("");
                format_decimal(it, d, spec).map(|s| Value::str(&s))
            }),
            "real" => DecimalValue::value(d),
            _ => return Ok(None),
        }))
    }
}

/// The `decimal.Decimal` class: calling it makes a Decimal, `isinstance` checks for one.
pub struct DecimalType;

impl HostObject for DecimalType {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        construct(interp, args).map(Some)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Value::str("Decimal")),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        "<class 'decimal.Decimal'>".into()
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(value.downcast_host::<DecimalValue>().is_some())
    }
}

/// The `decimal` module.
pub fn module(interp: &mut Interp) -> crate::value::Module {
    let invalid = interp.exception_class("InvalidOperation", "ArithmeticError");
    let by_zero = interp.exception_class("DivisionByZero", "ZeroDivisionError");
    let mut attrs: Vec<(&'static str, Value)> = vec![
        ("Decimal", Value::host(DecimalType)),
        ("InvalidOperation", Value::Class(invalid)),
        ("DivisionByZero", Value::Class(by_zero)),
    ];
    for (name, _) in Rounding::NAMES {
        attrs.push((name, Value::str(name)));
    }
    crate::value::Module::new("decimal", attrs)
}

/// `d ** n` for an integer `n` by repeated products. Exact while the result fits 28 digits;
/// beyond that each product is rounded, where CPython rounds once (the last digit may
/// differ).
fn power(base: Decimal, n: i64) -> DecResult {
    let one = Decimal::from_i64(1);
    if n.unsigned_abs() > 1000 {
        return Err(("unsupported", format!("a Decimal raised to the power {n}")));
    }
    let mut r = one;
    for _ in 0..n.unsigned_abs() {
        r = r.mul(&base)?;
    }
    if n < 0 { one.div(&r) } else { Ok(r) }
}

fn rounding_arg(interp: &Interp, args: &Args) -> EvalResult<Rounding> {
    match args.arg(1, "rounding") {
        None | Some(Value::None) => Ok(Rounding::HalfEven),
        Some(v) => v
            .as_str()
            .and_then(Rounding::of)
            .ok_or_else(|| interp.type_error("valid values for rounding are ROUND_* constants")),
    }
}

/// `format(d, spec)` for the specs data migrations use: none, `f` / `F` with or without a
/// precision (rounded half even, as Decimal formats), and `%`; others as the float would be.
fn format_decimal(interp: &mut Interp, d: Decimal, spec: &str) -> EvalResult<String> {
    if spec.is_empty() {
        return Ok(d.to_sci_string());
    }
    let (body, ty) = match spec.chars().last() {
        Some(c @ ('f' | 'F' | '%')) => (&spec[..spec.len() - 1], Some(c)),
        _ => (spec, None),
    };
    let fixed = |d: Decimal, p: Option<usize>| -> EvalResult<String> {
        let q = match p {
            Some(p) => d
                .rescale(-(p as i32), Rounding::HalfEven)
                .map_err(|e| raise(interp, e))?,
            None => d,
        };
        // Plain notation whatever the exponent.
        let digits = q.coef.to_string();
        let s = if q.exp >= 0 {
            format!("{digits}{}", "0".repeat(q.exp as usize))
        } else {
            let places = (-q.exp) as usize;
            let padded = format!("{digits:0>width$}", width = places + 1);
            let (i, f) = padded.split_at(padded.len() - places);
            format!("{i}.{f}")
        };
        Ok(format!("{}{s}", if q.neg { "-" } else { "" }))
    };
    match (ty, body.strip_prefix('.')) {
        (Some('f' | 'F'), Some(p)) if let Some(p) = format::precision(p) => fixed(d, Some(p)),
        (Some('f' | 'F'), None) if body.is_empty() => fixed(d, None),
        (Some('%'), Some(p)) if let Some(p) = format::precision(p) => {
            let hundred = d
                .mul(&Decimal::from_i64(100))
                .map_err(|e| raise(interp, e))?;
            Ok(format!("{}%", fixed(hundred, Some(p))?))
        }
        _ => format::format_value(interp, &Value::Float(d.to_f64()), spec),
    }
}

/// `decimal.Decimal(value)`.
pub fn construct(interp: &mut Interp, args: Args) -> EvalResult {
    let d = match args.arg(0, "value") {
        None => Decimal::from_i64(0),
        Some(Value::Float(f)) => Decimal::from_f64(*f).map_err(|e| raise(interp, e))?,
        Some(Value::Str(s)) => Decimal::parse(s).ok_or_else(|| {
            interp.exc("InvalidOperation", "[<class 'decimal.ConversionSyntax'>]")
        })?,
        Some(v) => operand(v).ok_or_else(|| {
            interp.type_error(format!(
                "conversion from {} to Decimal is not supported",
                v.type_name()
            ))
        })?,
    };
    Ok(DecimalValue::value(d))
}
