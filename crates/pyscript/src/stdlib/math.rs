//! `math`: its constants and the float functions revision files use.

use crate::value::*;

pub(super) fn math() -> Module {
    fn f1(name: &'static str, f: fn(f64) -> f64) -> (&'static str, Value) {
        (
            name,
            Value::native(name, move |it, a| match a.positional.first() {
                Some(Value::Float(x)) => Ok(Value::Float(f(*x))),
                Some(v) if v.as_int().is_some() => Ok(Value::Float(f(v.as_int().unwrap() as f64))),
                _ => Err(it.type_error("must be real number")),
            }),
        )
    }
    fn p1(name: &'static str, f: fn(f64) -> bool) -> (&'static str, Value) {
        (
            name,
            Value::native(name, move |it, a| match a.positional.first() {
                Some(Value::Float(x)) => Ok(Value::Bool(f(*x))),
                Some(v) if v.as_int().is_some() => Ok(Value::Bool(f(v.as_int().unwrap() as f64))),
                _ => Err(it.type_error("must be real number")),
            }),
        )
    }
    fn to_int(name: &'static str, f: fn(f64) -> f64) -> (&'static str, Value) {
        (
            name,
            Value::native(name, move |it, a| match a.positional.first() {
                Some(Value::Float(x)) => Ok(Value::Int(f(*x) as i64)),
                Some(v) if v.as_int().is_some() => Ok(Value::Int(v.as_int().unwrap())),
                _ => Err(it.type_error("must be real number")),
            }),
        )
    }
    Module::new(
        "math",
        [
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
            p1("isnan", f64::is_nan),
            p1("isinf", f64::is_infinite),
            p1("isfinite", f64::is_finite),
            f1("sqrt", f64::sqrt),
            f1("log", f64::ln),
            f1("log10", f64::log10),
            f1("exp", f64::exp),
            f1("fabs", f64::abs),
            to_int("floor", f64::floor),
            to_int("ceil", f64::ceil),
            to_int("trunc", f64::trunc),
        ],
    )
}
