//! `time`: the clock stands still (`time()` is a fixed instant, the local zone is UTC) and
//! `sleep` returns at once.

use std::rc::Rc;

use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

/// `time.time()`: 2025-01-01 00:00:00 UTC, the instant `datetime.now()` answers too.
const NOW: f64 = 1_735_689_600.0;

pub(super) fn time() -> Module {
    Module::new(
        "time",
        [
            ("sleep", Value::native("sleep", |_, _| Ok(Value::None))),
            ("time", Value::native("time", |_, _| Ok(Value::Float(NOW)))),
            ("gmtime", Value::native("gmtime", gmtime)),
            ("localtime", Value::native("localtime", gmtime)),
        ],
    )
}

/// `time.gmtime([secs])` (and `localtime`: the local zone is UTC).
fn gmtime(it: &mut Interp, a: Args) -> EvalResult {
    let secs = match a.arg(0, "seconds") {
        None | Some(Value::None) => NOW as i64,
        Some(Value::Int(i)) => *i,
        Some(Value::Float(f)) if f.is_finite() => f.floor() as i64,
        Some(v) => {
            return Err(it.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            )));
        }
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = super::datetime::civil_from_days(days);
    let yday = days - super::datetime::days_from_civil(y, 1, 1) + 1;
    Ok(struct_time([
        y,
        m as i64,
        d as i64,
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        (days + 3).rem_euclid(7),
        yday,
        0,
    ]))
}

const STRUCT_TIME: &[&str] = &[
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// A `time.struct_time` of its nine fields.
pub(crate) fn struct_time(fields: [i64; 9]) -> Value {
    Value::host(StructSeq {
        name: "time.struct_time",
        fields: STRUCT_TIME,
        values: fields.iter().map(|&v| Value::Int(v)).collect(),
    })
}

/// A named tuple of the C library (`time.struct_time`, `datetime.IsoCalendarDate`): a tuple
/// whose items are also attributes, shown as `module.name(field=value, ...)`.
pub(crate) struct StructSeq {
    /// Qualified by its module, as the repr shows it.
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub values: Vec<Value>,
}

impl StructSeq {
    fn tuple(&self) -> Value {
        Value::tuple(self.values.clone())
    }
}

impl HostObject for StructSeq {
    fn type_name(&self) -> String {
        self.name.rsplit('.').next().unwrap_or(self.name).into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(self
            .fields
            .iter()
            .position(|f| *f == name)
            .map(|i| self.values[i].clone()))
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        it.get_item(&self.tuple(), key).map(Some)
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.values.clone()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.values.len())
    }
    fn contains(self: Rc<Self>, it: &mut Interp, item: &Value) -> EvalResult<Option<bool>> {
        for v in &self.values {
            if it.eq(v, item)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        let other = match other.downcast_host::<StructSeq>() {
            Some(o) => o.tuple(),
            None => other.clone(),
        };
        if !matches!(other, Value::Tuple(_)) {
            return Ok(op.equality(false));
        }
        let me = self.tuple();
        let (l, r) = if reflected { (other, me) } else { (me, other) };
        crate::ops::binary(it, op, &l, &r).map(Some)
    }
    fn repr(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .iter()
            .zip(&self.values)
            .map(|(f, v)| format!("{f}={}", repr(v)))
            .collect();
        format!("{}({})", self.name, fields.join(", "))
    }
    fn hash_key(&self) -> Option<HashKey> {
        HashKey::of(&self.tuple()).ok()
    }
}
