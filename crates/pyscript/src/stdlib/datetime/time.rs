//! `datetime.time`: a time of day, with its `tzinfo`'s offset.

use super::*;

/// `datetime.time`: microseconds since midnight, and the `tzinfo`'s offset.
#[derive(Clone, Copy, PartialEq)]
pub struct Time {
    pub micros: i64,
    pub tz: Option<i32>,
}

impl Time {
    /// `time.fromisoformat(s)`: `HH[:MM[:SS[.ffffff]]][+HH:MM]`.
    pub fn fromisoformat(s: &str) -> Option<Time> {
        let dt = parse_iso(&format!("1970-01-01T{}", s.trim()), false)?;
        Some(Time {
            micros: dt.micros.rem_euclid(86_400_000_000),
            tz: dt.tz,
        })
    }

    /// (hour, minute, second, microsecond).
    pub fn parts(&self) -> (u32, u32, u32, u32) {
        let s = self.micros / 1_000_000;
        (
            (s / 3600) as u32,
            ((s / 60) % 60) as u32,
            (s % 60) as u32,
            (self.micros % 1_000_000) as u32,
        )
    }

    fn iso(&self) -> String {
        let (h, m, s, us) = self.parts();
        let mut out = format!("{h:02}:{m:02}:{s:02}");
        if us != 0 {
            out.push_str(&format!(".{us:06}"));
        }
        if let Some(off) = self.tz {
            out.push_str(&offset_text(off, ":"));
        }
        out
    }
}

pub(super) fn time_new(it: &mut Interp, a: Args) -> EvalResult {
    let part = |i: usize, n: &str, max: i64| -> EvalResult<i64> {
        match a.arg(i, n) {
            None => Ok(0),
            Some(Value::Int(v)) if (0..max).contains(v) => Ok(*v),
            Some(Value::Int(_)) => Err(it.value_error(format!("{n} must be in 0..{}", max - 1))),
            Some(v) => Err(it.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        }
    };
    let micros = ((part(0, "hour", 24)? * 60 + part(1, "minute", 60)?) * 60
        + part(2, "second", 60)?)
        * 1_000_000
        + part(3, "microsecond", 1_000_000)?;
    Ok(Value::host(Time {
        micros,
        tz: tz_of(it, a.arg(4, "tzinfo"))?,
    }))
}

impl HostObject for Time {
    fn type_name(&self) -> String {
        "time".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let (h, m, s, us) = self.parts();
        let me = *self;
        Ok(Some(match name {
            "hour" => Value::Int(h as i64),
            "minute" => Value::Int(m as i64),
            "second" => Value::Int(s as i64),
            "microsecond" => Value::Int(us as i64),
            "tzinfo" => me.tz.map_or(Value::None, |o| Value::host(TimeZone(o))),
            "isoformat" => Value::native("isoformat", move |_, _| Ok(Value::str(&me.iso()))),
            "strftime" | "__format__" => Value::native("strftime", move |it, a| {
                // The date part is 1900-01-01, as CPython fills it in.
                let dt = DateTime {
                    micros: DateTime::from_parts(1900, 1, 1, 0, 0, 0, 0) + me.micros,
                    date_only: false,
                    tz: me.tz,
                };
                Ok(Value::str(&dt.strftime(&str_arg(it, &a, 0)?)))
            }),
            "replace" => Value::native("replace", move |it, a| {
                let (h, m, s, us) = me.parts();
                let part = |n: &str, v: u32, max: i64| -> EvalResult<i64> {
                    match a.kw(n) {
                        None => Ok(v as i64),
                        Some(Value::Int(x)) if (0..max).contains(x) => Ok(*x),
                        Some(Value::Int(_)) => {
                            Err(it.value_error(format!("{n} must be in 0..{}", max - 1)))
                        }
                        other => Err(int_type_error(it, other)),
                    }
                };
                let micros = ((part("hour", h, 24)? * 60 + part("minute", m, 60)?) * 60
                    + part("second", s, 60)?)
                    * 1_000_000
                    + part("microsecond", us, 1_000_000)?;
                let tz = match a.kw("tzinfo") {
                    Some(v) => tz_of(it, Some(v))?,
                    None => me.tz,
                };
                Ok(Value::host(Time { micros, tz }))
            }),
            "tzname" => Value::native("tzname", move |_, _| {
                Ok(me
                    .tz
                    .map_or(Value::None, |o| Value::str(&TimeZone(o).to_str())))
            }),
            "utcoffset" => Value::native("utcoffset", move |_, _| {
                Ok(me.tz.map_or(Value::None, |o| {
                    Value::host(TimeDelta(o as i64 * 1_000_000))
                }))
            }),
            "dst" => Value::native("dst", |_, _| Ok(Value::None)),
            "fold" => Value::Int(0),
            _ => return Ok(None),
        }))
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let Some(o) = other.downcast_host::<Time>() else {
            return Ok(match op {
                Op::Eq => Some(Value::Bool(false)),
                Op::Ne => Some(Value::Bool(true)),
                _ => None,
            });
        };
        let (a, b) = (self.micros, o.micros);
        Ok(Some(Value::Bool(match op {
            Op::Eq => a == b && self.tz == o.tz,
            Op::Ne => a != b || self.tz != o.tz,
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            _ => return Ok(None),
        })))
    }
    fn repr(&self) -> String {
        let (h, m, s, us) = self.parts();
        let mut args = format!("{h}, {m}");
        if s != 0 || us != 0 {
            args.push_str(&format!(", {s}"));
        }
        if us != 0 {
            args.push_str(&format!(", {us}"));
        }
        if let Some(off) = self.tz {
            args.push_str(&format!(", tzinfo={}", TimeZone(off).repr()));
        }
        format!("datetime.time({args})")
    }
    fn to_str(&self) -> String {
        self.iso()
    }
    fn hash_key(&self) -> Option<HashKey> {
        Some(HashKey::Int(self.micros))
    }
}
