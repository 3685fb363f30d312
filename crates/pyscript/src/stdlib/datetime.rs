//! `datetime`: `datetime`, `date`, `time`, `timedelta` and `timezone` (fixed offsets), in the
//! proleptic Gregorian calendar; `now()` answers a fixed instant.

use std::rc::Rc;

use super::str_arg;
use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

pub(super) fn datetime() -> Module {
    let utc = Value::host(TimeZone(0));
    let timezone = Value::host(TimeZoneType { utc: utc.clone() });
    Module::new(
        "datetime",
        [
            ("datetime", Value::host(DateTimeType { date_only: false })),
            ("date", Value::host(DateTimeType { date_only: true })),
            ("time", Value::native_type("time", time_new)),
            ("timedelta", Value::native_type("timedelta", timedelta_new)),
            ("timezone", timezone),
            ("UTC", utc),
        ],
    )
}

/// `datetime.timezone`: a fixed offset from UTC, in seconds.
pub struct TimeZone(pub i32);

/// `+02:00` (with `sep` between hours and minutes).
fn offset_text(off: i32, sep: &str) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.unsigned_abs();
    let mut t = format!("{sign}{:02}{sep}{:02}", a / 3600, (a / 60) % 60);
    if !a.is_multiple_of(60) {
        t.push_str(&format!("{sep}{:02}", a % 60));
    }
    t
}

impl HostObject for TimeZone {
    fn type_name(&self) -> String {
        "timezone".into()
    }
    fn repr(&self) -> String {
        if self.0 == 0 {
            "datetime.timezone.utc".into()
        } else {
            format!("datetime.timezone(datetime.timedelta(seconds={}))", self.0)
        }
    }
    fn to_str(&self) -> String {
        if self.0 == 0 {
            "UTC".into()
        } else {
            format!("UTC{}", offset_text(self.0, ":"))
        }
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let same = other
            .downcast_host::<TimeZone>()
            .is_some_and(|o| o.0 == self.0);
        Ok(op.equality(same))
    }
}

/// The offset of a `tzinfo=` argument: `None` for naive.
fn tz_of(it: &Interp, v: Option<&Value>) -> EvalResult<Option<i32>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match v.downcast_host::<TimeZone>() {
            Some(tz) => Ok(Some(tz.0)),
            None => Err(it.type_error(format!(
                "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                v.type_name()
            ))),
        },
    }
}

struct TimeZoneType {
    utc: Value,
}

impl HostObject for TimeZoneType {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok((name == "utc").then(|| self.utc.clone()))
    }
    /// `timezone(timedelta(hours=2))`.
    fn call(self: Rc<Self>, it: &mut Interp, a: Args) -> EvalResult<Option<Value>> {
        let Some(micros) = a
            .arg(0, "offset")
            .and_then(|v| v.downcast_host::<TimeDelta>().map(|t| t.0))
        else {
            return Err(it.type_error("timezone() argument 1 must be datetime.timedelta"));
        };
        if micros % 1_000_000 != 0 || micros.abs() >= 86_400_000_000 {
            return Err(it.value_error(
                "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).",
            ));
        }
        Ok(Some(Value::host(TimeZone((micros / 1_000_000) as i32))))
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A `datetime.datetime` or `datetime.date`: microseconds since the epoch.
#[derive(Clone, Copy, PartialEq)]
pub struct DateTime {
    pub micros: i64,
    pub date_only: bool,
    /// The `tzinfo`'s offset from UTC in seconds (`micros` is the local wall time); `None`
    /// for a naive datetime.
    pub tz: Option<i32>,
}

impl DateTime {
    /// `datetime.fromisoformat(s)` (`date.fromisoformat` with `date_only`).
    pub fn fromisoformat(s: &str, date_only: bool) -> Option<DateTime> {
        parse_iso(s, date_only)
    }

    pub fn parts(&self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let days = self.micros.div_euclid(86_400_000_000);
        let rem = self.micros.rem_euclid(86_400_000_000);
        let (y, m, d) = civil_from_days(days);
        let secs = rem / 1_000_000;
        (
            y,
            m,
            d,
            (secs / 3600) as u32,
            ((secs / 60) % 60) as u32,
            (secs % 60) as u32,
            (rem % 1_000_000) as u32,
        )
    }

    fn from_parts(y: i64, m: u32, d: u32, h: u32, mi: u32, s: u32, us: u32) -> i64 {
        days_from_civil(y, m, d) * 86_400_000_000
            + ((h as i64 * 3600 + mi as i64 * 60 + s as i64) * 1_000_000)
            + us as i64
    }

    /// `str(dt)`: `YYYY-MM-DD HH:MM:SS[.ffffff][+00:00]`, as Python prints it.
    pub fn iso(&self, sep: char) -> String {
        let (y, m, d, h, mi, s, us) = self.parts();
        if self.date_only {
            return format!("{y:04}-{m:02}-{d:02}");
        }
        let mut out = format!("{y:04}-{m:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}");
        if us != 0 {
            out.push_str(&format!(".{us:06}"));
        }
        if let Some(off) = self.tz {
            out.push_str(&offset_text(off, ":"));
        }
        out
    }

    fn strftime(&self, fmt: &str) -> String {
        let (y, m, d, h, mi, s, us) = self.parts();
        let mut out = String::new();
        let mut chars = fmt.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('Y') => out.push_str(&format!("{y:04}")),
                Some('m') => out.push_str(&format!("{m:02}")),
                Some('d') => out.push_str(&format!("{d:02}")),
                Some('H') => out.push_str(&format!("{h:02}")),
                Some('M') => out.push_str(&format!("{mi:02}")),
                Some('S') => out.push_str(&format!("{s:02}")),
                Some('f') => out.push_str(&format!("{us:06}")),
                Some('y') => out.push_str(&format!("{:02}", y % 100)),
                Some('z') => out.push_str(&self.tz.map(|o| offset_text(o, "")).unwrap_or_default()),
                Some('Z') => {
                    out.push_str(&self.tz.map(|o| TimeZone(o).to_str()).unwrap_or_default())
                }
                Some('%') => out.push('%'),
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            }
        }
        out
    }
}

struct DateTimeType {
    date_only: bool,
}

fn int_kw(a: &Args, i: usize, name: &str, default: i64) -> i64 {
    a.arg(i, name).and_then(Value::as_int).unwrap_or(default)
}

impl HostObject for DateTimeType {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn call(self: Rc<Self>, it: &mut Interp, a: Args) -> EvalResult<Option<Value>> {
        let y = int_kw(&a, 0, "year", 1970);
        let m = int_kw(&a, 1, "month", 1);
        let d = int_kw(&a, 2, "day", 1);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return Err(it.value_error("month must be in 1..12 / day is out of range for month"));
        }
        let h = int_kw(&a, 3, "hour", 0);
        let mi = int_kw(&a, 4, "minute", 0);
        let s = int_kw(&a, 5, "second", 0);
        let us = int_kw(&a, 6, "microsecond", 0);
        let tz = tz_of(it, a.arg(7, "tzinfo"))?;
        Ok(Some(Value::host(DateTime {
            micros: DateTime::from_parts(
                y, m as u32, d as u32, h as u32, mi as u32, s as u32, us as u32,
            ),
            date_only: self.date_only,
            tz,
        })))
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let date_only = self.date_only;
        Ok(Some(match name {
            "now" | "utcnow" | "today" => Value::native(
                &format!("{}.{name}", if date_only { "date" } else { "datetime" }),
                move |it, a| {
                    let (y, m, d, h, mi, s, us) = it.fixed_now;
                    // The fixed clock reads UTC; an aware `now(tz)` shows it at tz's offset.
                    let tz = tz_of(it, a.arg(0, "tz"))?;
                    Ok(Value::host(DateTime {
                        micros: DateTime::from_parts(y, m, d, h, mi, s, us)
                            + tz.unwrap_or(0) as i64 * 1_000_000,
                        date_only,
                        tz,
                    }))
                },
            ),
            "fromisoformat" => Value::native(name, move |it, a| {
                let s = str_arg(it, &a, 0)?;
                parse_iso(&s, date_only).map(Value::host).ok_or_else(|| {
                    it.value_error(format!(
                        "Invalid isoformat string: {}",
                        repr(&Value::str(&s))
                    ))
                })
            }),
            "min" => Value::host(DateTime {
                micros: DateTime::from_parts(1, 1, 1, 0, 0, 0, 0),
                date_only,
                tz: None,
            }),
            "max" => Value::host(DateTime {
                micros: DateTime::from_parts(9999, 12, 31, 23, 59, 59, 999_999),
                date_only,
                tz: None,
            }),
            _ => return Ok(None),
        }))
    }
    fn instance_check(&self, v: &Value) -> Option<bool> {
        Some(
            v.downcast_host::<DateTime>()
                .is_some_and(|d| !d.date_only || self.date_only),
        )
    }
}

fn parse_iso(s: &str, date_only: bool) -> Option<DateTime> {
    let s = s.trim();
    let (date, time) = match s.find(['T', ' ']) {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    let (mut h, mut mi, mut sec, mut us, mut tz) = (0, 0, 0, 0, None);
    if let Some(t) = time {
        let (t, zone) = match t.find(['+', '-', 'Z']) {
            Some(p) => (&t[..p], Some(&t[p..])),
            None => (t, None),
        };
        tz = match zone {
            None => None,
            Some("Z") => Some(0),
            Some(z) => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let mut parts = z[1..].split(':');
                let hh: i32 = parts.next()?.parse().ok()?;
                let mm: i32 = parts.next().unwrap_or("0").parse().ok()?;
                Some(sign * (hh * 3600 + mm * 60))
            }
        };
        let (hms, frac) = t.split_once('.').unwrap_or((t, ""));
        let mut tp = hms.split(':');
        h = tp.next()?.parse().ok()?;
        mi = tp.next().unwrap_or("0").parse().ok()?;
        sec = tp.next().unwrap_or("0").parse().ok()?;
        if !frac.is_empty() {
            us = format!("{frac:0<6}")[..6].parse().ok()?;
        }
    }
    Some(DateTime {
        micros: DateTime::from_parts(y, m, d, h, mi, sec, us),
        date_only,
        tz,
    })
}

impl HostObject for DateTime {
    fn type_name(&self) -> String {
        if self.date_only {
            "date".into()
        } else {
            "datetime".into()
        }
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let (y, m, d, h, mi, s, us) = self.parts();
        let me = *self;
        Ok(Some(match name {
            "year" => Value::Int(y),
            "month" => Value::Int(m as i64),
            "day" => Value::Int(d as i64),
            "hour" => Value::Int(h as i64),
            "minute" => Value::Int(mi as i64),
            "second" => Value::Int(s as i64),
            "microsecond" => Value::Int(us as i64),
            "tzinfo" => match self.tz {
                Some(off) => Value::host(TimeZone(off)),
                None => Value::None,
            },
            "isoformat" => Value::native("isoformat", move |_, a| {
                let sep = a
                    .arg(0, "sep")
                    .and_then(|v| v.as_str().and_then(|s| s.chars().next()))
                    .unwrap_or('T');
                Ok(Value::str(&me.iso(sep)))
            }),
            "strftime" | "__format__" => Value::native("strftime", move |it, a| {
                Ok(Value::str(&me.strftime(&str_arg(it, &a, 0)?)))
            }),
            "date" => Value::native("date", move |_, _| {
                Ok(Value::host(DateTime {
                    micros: me.micros.div_euclid(86_400_000_000) * 86_400_000_000,
                    date_only: true,
                    tz: None,
                }))
            }),
            "timestamp" => Value::native("timestamp", move |_, _| {
                Ok(Value::Float(me.micros as f64 / 1e6))
            }),
            "replace" => Value::native("replace", move |it, a| {
                let (y, m, d, h, mi, s, us) = me.parts();
                let g = |n: &str, v: i64| a.kw(n).and_then(Value::as_int).unwrap_or(v);
                let tz = match a.kw("tzinfo") {
                    Some(v) => tz_of(it, Some(v))?,
                    None => me.tz,
                };
                Ok(Value::host(DateTime {
                    micros: DateTime::from_parts(
                        g("year", y),
                        g("month", m as i64) as u32,
                        g("day", d as i64) as u32,
                        g("hour", h as i64) as u32,
                        g("minute", mi as i64) as u32,
                        g("second", s as i64) as u32,
                        g("microsecond", us as i64) as u32,
                    ),
                    date_only: me.date_only,
                    tz,
                }))
            }),
            _ => return Ok(None),
        }))
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        if let Some(td) = other.downcast_host::<TimeDelta>() {
            let micros = match (op, reflected) {
                (Op::Add, _) => self.micros + td.0,
                (Op::Sub, false) => self.micros - td.0,
                _ => return Ok(None),
            };
            return Ok(Some(Value::host(DateTime { micros, ..*self })));
        }
        if let Some(o) = other.downcast_host::<DateTime>() {
            let (a, b) = if reflected {
                (o.micros, self.micros)
            } else {
                (self.micros, o.micros)
            };
            return Ok(Some(match op {
                Op::Sub => Value::host(TimeDelta(a - b)),
                Op::Eq => Value::Bool(a == b),
                Op::Ne => Value::Bool(a != b),
                Op::Lt => Value::Bool(a < b),
                Op::Le => Value::Bool(a <= b),
                Op::Gt => Value::Bool(a > b),
                Op::Ge => Value::Bool(a >= b),
                _ => return Ok(None),
            }));
        }
        let _ = it;
        Ok(match op {
            Op::Eq => Some(Value::Bool(false)),
            Op::Ne => Some(Value::Bool(true)),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        let (y, m, d, h, mi, s, us) = self.parts();
        if self.date_only {
            return format!("datetime.date({y}, {m}, {d})");
        }
        let mut args = format!("{y}, {m}, {d}, {h}, {mi}");
        if s != 0 || us != 0 {
            args.push_str(&format!(", {s}"));
        }
        if us != 0 {
            args.push_str(&format!(", {us}"));
        }
        if let Some(off) = self.tz {
            args.push_str(&format!(", tzinfo={}", TimeZone(off).repr()));
        }
        format!("datetime.datetime({args})")
    }
    fn to_str(&self) -> String {
        self.iso(' ')
    }
    fn hash_key(&self) -> Option<HashKey> {
        Some(HashKey::Int(self.micros))
    }
}

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

fn time_new(it: &mut Interp, a: Args) -> EvalResult {
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

/// `datetime.timedelta`, in microseconds.
pub struct TimeDelta(pub i64);

fn timedelta_new(it: &mut Interp, a: Args) -> EvalResult {
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
        if let Some(o) = other.downcast_host::<TimeDelta>() {
            return Ok(Some(match op {
                Op::Add => Value::host(TimeDelta(self.0 + o.0)),
                Op::Sub => Value::host(TimeDelta(self.0 - o.0)),
                Op::Eq => Value::Bool(self.0 == o.0),
                Op::Lt => Value::Bool(self.0 < o.0),
                Op::Gt => Value::Bool(self.0 > o.0),
                _ => return Ok(None),
            }));
        }
        if let (Op::Mul, Some(n)) = (op, other.as_int()) {
            return Ok(Some(Value::host(TimeDelta(self.0 * n))));
        }
        Ok(None)
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
