//! `datetime`: `datetime`, `date`, `time`, `timedelta` and `timezone` (fixed offsets), in the
//! proleptic Gregorian calendar; `now()` answers a fixed instant, and the local time zone is
//! UTC (`fromtimestamp`, `astimezone()`, `timestamp()` of a naive datetime).

use std::rc::Rc;

use super::str_arg;
use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

mod parse;
mod time;
mod timedelta;

use parse::{parse_iso, strptime};
pub use time::Time;
use time::time_new;
pub use timedelta::TimeDelta;
use timedelta::timedelta_new;

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

/// The class attributes of `time` and `timedelta` (native types): `time.min`, `time.max`,
/// `time.resolution`, `timedelta.resolution`.
pub(crate) fn native_type_attr(type_name: &str, name: &str) -> Option<Value> {
    Some(match (type_name, name) {
        ("time" | "timedelta", "resolution") => Value::host(TimeDelta(1)),
        ("time", "min") => Value::host(Time {
            micros: 0,
            tz: None,
        }),
        ("time", "max") => Value::host(Time {
            micros: DAY - 1,
            tz: None,
        }),
        _ => return None,
    })
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

const DAY: i64 = 86_400_000_000;
/// `date(1970, 1, 1).toordinal()`.
const EPOCH_ORDINAL: i64 = 719_163;
const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The checks of `date(y, m, d)`, with CPython's messages.
fn check_date(it: &Interp, y: i64, m: i64, d: i64) -> EvalResult<()> {
    if !(1..=9999).contains(&y) {
        return Err(it.value_error(format!("year {y} is out of range")));
    }
    if !(1..=12).contains(&m) {
        return Err(it.value_error("month must be in 1..12"));
    }
    if d < 1 || d > days_in_month(y, m) {
        return Err(it.value_error("day is out of range for month"));
    }
    Ok(())
}

/// The proleptic Gregorian ordinal (`toordinal()`) of a date.
fn ordinal(y: i64, m: u32, d: u32) -> i64 {
    days_from_civil(y, m, d) + EPOCH_ORDINAL
}

/// The ordinal of the Monday that starts ISO week 1 of `year`.
fn iso_week1_monday(year: i64) -> i64 {
    let first = ordinal(year, 1, 1);
    let first_weekday = (first + 6) % 7;
    let monday = first - first_weekday;
    if first_weekday > 3 {
        monday + 7
    } else {
        monday
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub(super) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn civil_from_days(z: i64) -> (i64, u32, u32) {
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

    fn ordinal(&self) -> i64 {
        self.micros.div_euclid(DAY) + EPOCH_ORDINAL
    }

    /// Monday is 0.
    fn weekday(&self) -> i64 {
        (self.ordinal() + 6) % 7
    }

    /// The day of the year, from 1.
    fn yday(&self) -> i64 {
        let (y, ..) = self.parts();
        self.ordinal() - ordinal(y, 1, 1) + 1
    }

    /// (ISO year, week, weekday).
    fn isocalendar(&self) -> (i64, i64, i64) {
        let (mut year, ..) = self.parts();
        let today = self.ordinal();
        let mut monday = iso_week1_monday(year);
        let (mut week, mut day) = (
            (today - monday).div_euclid(7),
            (today - monday).rem_euclid(7),
        );
        if week < 0 {
            year -= 1;
            monday = iso_week1_monday(year);
            (week, day) = (
                (today - monday).div_euclid(7),
                (today - monday).rem_euclid(7),
            );
        } else if week >= 52 && today >= iso_week1_monday(year + 1) {
            year += 1;
            week = 0;
        }
        (year, week + 1, day + 1)
    }

    /// `ctime()`: `Thu Jan  2 03:04:05 2020`.
    fn ctime(&self) -> String {
        let (y, m, d, h, mi, s, _) = self.parts();
        format!(
            "{} {} {d:2} {h:02}:{mi:02}:{s:02} {y:04}",
            &DAY_NAMES[self.weekday() as usize][..3],
            &MONTH_NAMES[m as usize - 1][..3]
        )
    }

    /// `timetuple()`, or `utctimetuple()` with `utc`.
    fn timetuple(&self, utc: bool) -> Value {
        let me = match (utc, self.tz) {
            (true, Some(off)) => DateTime {
                micros: self.micros - off as i64 * 1_000_000,
                ..*self
            },
            _ => *self,
        };
        let (y, m, d, h, mi, s, _) = me.parts();
        let isdst = if utc { 0 } else { -1 };
        super::time::struct_time([
            y,
            m as i64,
            d as i64,
            h as i64,
            mi as i64,
            s as i64,
            me.weekday(),
            me.yday(),
            isdst,
        ])
    }

    /// The instant, in microseconds since the epoch (a naive datetime is local time: UTC).
    fn utc_micros(&self) -> i64 {
        self.micros - self.tz.unwrap_or(0) as i64 * 1_000_000
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
                Some('a') => out.push_str(&DAY_NAMES[self.weekday() as usize][..3]),
                Some('A') => out.push_str(DAY_NAMES[self.weekday() as usize]),
                Some('b') | Some('h') => out.push_str(&MONTH_NAMES[m as usize - 1][..3]),
                Some('B') => out.push_str(MONTH_NAMES[m as usize - 1]),
                Some('c') => out.push_str(&self.ctime()),
                Some('x') => out.push_str(&format!("{m:02}/{d:02}/{:02}", y % 100)),
                Some('X') => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
                Some('e') => out.push_str(&format!("{d:2}")),
                Some('j') => out.push_str(&format!("{:03}", self.yday())),
                Some('I') => out.push_str(&format!("{:02}", (h + 11) % 12 + 1)),
                Some('p') => out.push_str(if h < 12 { "AM" } else { "PM" }),
                Some('w') => out.push_str(&format!("{}", (self.weekday() + 1) % 7)),
                Some('u') => out.push_str(&format!("{}", self.weekday() + 1)),
                Some('U') => out.push_str(&format!(
                    "{:02}",
                    (self.yday() - 1 + 7 - (self.weekday() + 1) % 7) / 7
                )),
                Some('W') => out.push_str(&format!(
                    "{:02}",
                    (self.yday() - 1 + 7 - self.weekday()) / 7
                )),
                Some('G') => out.push_str(&format!("{:04}", self.isocalendar().0)),
                Some('V') => out.push_str(&format!("{:02}", self.isocalendar().1)),
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
        check_date(it, y, m, d)?;
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
            "fromtimestamp" => Value::native(name, move |it, a| {
                let micros = timestamp_micros(it, a.arg(0, "timestamp"))?;
                let tz = if date_only {
                    None
                } else {
                    tz_of(it, a.arg(1, "tz"))?
                };
                let local = micros + tz.unwrap_or(0) as i64 * 1_000_000;
                Ok(Value::host(if date_only {
                    DateTime {
                        micros: local.div_euclid(DAY) * DAY,
                        date_only,
                        tz: None,
                    }
                } else {
                    DateTime {
                        micros: local,
                        date_only,
                        tz,
                    }
                }))
            }),
            "utcfromtimestamp" if !date_only => Value::native(name, move |it, a| {
                Ok(Value::host(DateTime {
                    micros: timestamp_micros(it, a.arg(0, "timestamp"))?,
                    date_only,
                    tz: None,
                }))
            }),
            "fromordinal" => Value::native(name, move |it, a| {
                let n = match a.arg(0, "ordinal") {
                    Some(Value::Int(n)) => *n,
                    other => return Err(int_type_error(it, other)),
                };
                if !(1..=3_652_059).contains(&n) {
                    return Err(it.value_error(if n < 1 {
                        "ordinal must be >= 1".to_owned()
                    } else {
                        "year 10000 is out of range".to_owned()
                    }));
                }
                Ok(Value::host(DateTime {
                    micros: (n - EPOCH_ORDINAL) * DAY,
                    date_only,
                    tz: None,
                }))
            }),
            "fromisocalendar" => Value::native(name, move |it, a| {
                let part = |i: usize, n: &str| match a.arg(i, n) {
                    Some(Value::Int(v)) => Ok(*v),
                    other => Err(int_type_error(it, other)),
                };
                let (year, week, day) = (part(0, "year")?, part(1, "week")?, part(2, "day")?);
                if !(1..=9999).contains(&year) {
                    return Err(it.value_error(format!("Year is out of range: {year}")));
                }
                if !(1..53).contains(&week) {
                    let first_weekday = ordinal(year, 1, 1) % 7;
                    let long_year = first_weekday == 4 || (first_weekday == 3 && is_leap(year));
                    if !(week == 53 && long_year) {
                        return Err(it.value_error(format!("Invalid week: {week}")));
                    }
                }
                if !(1..8).contains(&day) {
                    return Err(it.value_error(format!("Invalid day: {day} (range is [1, 7])")));
                }
                let ord = iso_week1_monday(year) + (week - 1) * 7 + (day - 1);
                Ok(Value::host(DateTime {
                    micros: (ord - EPOCH_ORDINAL) * DAY,
                    date_only,
                    tz: None,
                }))
            }),
            "combine" if !date_only => Value::native(name, |it, a| {
                let Some(date) = a.arg(0, "date").and_then(|v| v.downcast_host::<DateTime>())
                else {
                    return Err(it.type_error(format!(
                        "combine() argument 1 must be datetime.date, not {}",
                        a.arg(0, "date")
                            .map_or("NoneType".into(), |v| v.type_name())
                    )));
                };
                let Some(time) = a.arg(1, "time").and_then(|v| v.downcast_host::<Time>()) else {
                    return Err(it.type_error(format!(
                        "combine() argument 2 must be datetime.time, not {}",
                        a.arg(1, "time")
                            .map_or("NoneType".into(), |v| v.type_name())
                    )));
                };
                let tz = match a.arg(2, "tzinfo") {
                    Some(v) => tz_of(it, Some(v))?,
                    None => time.tz,
                };
                Ok(Value::host(DateTime {
                    micros: date.micros.div_euclid(DAY) * DAY + time.micros,
                    date_only: false,
                    tz,
                }))
            }),
            "strptime" if !date_only => Value::native(name, |it, a| {
                let text = str_arg(it, &a, 0)?;
                let format = str_arg(it, &a, 1)?;
                strptime(it, &text, &format).map(Value::host)
            }),
            "resolution" => Value::host(TimeDelta(if date_only { DAY } else { 1 })),
            name if INSTANCE_METHODS.contains(&name) => unbound_method(name, date_only),
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

/// The methods of instances that the class offers unbound: `datetime.ctime(d)`.
const INSTANCE_METHODS: &[&str] = &[
    "astimezone",
    "ctime",
    "date",
    "dst",
    "isocalendar",
    "isoformat",
    "isoweekday",
    "replace",
    "strftime",
    "time",
    "timestamp",
    "timetuple",
    "timetz",
    "toordinal",
    "tzname",
    "utcoffset",
    "utctimetuple",
    "weekday",
];

/// `datetime.name`: the instance method `name`, called with its instance first.
fn unbound_method(name: &str, date_only: bool) -> Value {
    let method: Str = Rc::from(name);
    let owner = if date_only { "date" } else { "datetime" };
    Value::native(name, move |it, mut a| {
        if a.positional.is_empty() {
            return Err(it.type_error(format!(
                "unbound method {owner}.{method}() needs an argument"
            )));
        }
        let recv = a.positional.remove(0);
        match recv.downcast_host::<DateTime>() {
            Some(d) if date_only || !d.date_only => {
                let f = it.get_attr(&recv, &method)?;
                it.call(&f, a)
            }
            _ => {
                let tn = match recv.downcast_host::<DateTime>() {
                    Some(_) => format!("datetime.{}", recv.type_name()),
                    None => recv.type_name(),
                };
                Err(it.type_error(format!(
                    "descriptor '{method}' for 'datetime.{owner}' objects doesn't apply to a '{tn}' object"
                )))
            }
        }
    })
}

fn int_type_error(it: &Interp, v: Option<&Value>) -> crate::interp::Unwind {
    it.type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        v.map_or("NoneType".into(), |v| v.type_name())
    ))
}

/// A POSIX timestamp in microseconds (rounded half to even, as CPython does).
fn timestamp_micros(it: &Interp, v: Option<&Value>) -> EvalResult<i64> {
    let secs = match v {
        Some(Value::Int(i)) => return Ok(i * 1_000_000),
        Some(Value::Bool(b)) => return Ok(*b as i64 * 1_000_000),
        Some(Value::Float(f)) => *f,
        Some(v) => {
            return Err(it.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            )));
        }
        None => {
            return Err(
                it.type_error("fromtimestamp() missing required argument 'timestamp' (pos 1)")
            );
        }
    };
    let micros = (secs * 1e6).round_ties_even();
    if !micros.is_finite() || micros.abs() > 253_402_300_800e6 {
        return Err(it.exc(
            "OverflowError",
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(micros as i64)
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
                Ok(Value::Float(me.utc_micros() as f64 / 1e6))
            }),
            "ctime" => Value::native("ctime", move |_, _| Ok(Value::str(&me.ctime()))),
            "weekday" => Value::native("weekday", move |_, _| Ok(Value::Int(me.weekday()))),
            "isoweekday" => {
                Value::native("isoweekday", move |_, _| Ok(Value::Int(me.weekday() + 1)))
            }
            "toordinal" => Value::native("toordinal", move |_, _| Ok(Value::Int(me.ordinal()))),
            "isocalendar" => Value::native("isocalendar", move |_, _| {
                let (y, w, d) = me.isocalendar();
                Ok(Value::host(super::time::StructSeq {
                    name: "datetime.IsoCalendarDate",
                    fields: &["year", "week", "weekday"],
                    values: vec![Value::Int(y), Value::Int(w), Value::Int(d)],
                }))
            }),
            "timetuple" => Value::native("timetuple", move |_, _| Ok(me.timetuple(false))),
            "utctimetuple" if !me.date_only => {
                Value::native("utctimetuple", move |_, _| Ok(me.timetuple(true)))
            }
            "time" | "timetz" if !me.date_only => {
                let tz = if name == "timetz" { me.tz } else { None };
                Value::native(name, move |_, _| {
                    Ok(Value::host(Time {
                        micros: me.micros.rem_euclid(DAY),
                        tz,
                    }))
                })
            }
            "tzname" if !me.date_only => Value::native("tzname", move |_, _| {
                Ok(me
                    .tz
                    .map_or(Value::None, |o| Value::str(&TimeZone(o).to_str())))
            }),
            "utcoffset" if !me.date_only => Value::native("utcoffset", move |_, _| {
                Ok(me.tz.map_or(Value::None, |o| {
                    Value::host(TimeDelta(o as i64 * 1_000_000))
                }))
            }),
            "dst" if !me.date_only => Value::native("dst", |_, _| Ok(Value::None)),
            "fold" if !me.date_only => Value::Int(0),
            "astimezone" if !me.date_only => Value::native("astimezone", move |it, a| {
                let off = tz_of(it, a.arg(0, "tz"))?.unwrap_or(0);
                Ok(Value::host(DateTime {
                    micros: me.utc_micros() + off as i64 * 1_000_000,
                    date_only: false,
                    tz: Some(off),
                }))
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
