//! `json`: `dumps` with CPython's separators, indentation and `sort_keys`, and `loads`
//! (by serde_json), also offered to hosts as `json_loads`.

use crate::format::to_str;
use crate::interp::Interp;
use crate::value::*;

pub(super) fn json() -> Module {
    Module::new(
        "json",
        [
            (
                "dumps",
                Value::native("dumps", |it, mut a| {
                    let v = a.positional.first().cloned().unwrap_or(Value::None);
                    let indent = a.take_kw("indent").and_then(|v| v.as_int());
                    let sort_keys = matches!(a.take_kw("sort_keys"), Some(Value::Bool(true)));
                    let (item_sep, key_sep) = match a.take_kw("separators") {
                        Some(Value::Tuple(t)) if t.len() == 2 => (to_str(&t[0]), to_str(&t[1])),
                        _ => (
                            if indent.is_some() {
                                ",".into()
                            } else {
                                ", ".into()
                            },
                            ": ".into(),
                        ),
                    };
                    let default = a.take_kw("default");
                    let mut out = String::new();
                    json_dump(
                        it, &v, indent, sort_keys, &item_sep, &key_sep, &default, 0, &mut out,
                    )?;
                    Ok(Value::str(&out))
                }),
            ),
            (
                "loads",
                Value::native("loads", |it, a| {
                    let s = match a.positional.first() {
                        Some(Value::Str(s)) => s.to_string(),
                        Some(Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
                        _ => return Err(it.type_error("the JSON object must be str or bytes")),
                    };
                    json_loads(&s).map_err(|e| {
                        let mut err = it.exc("ValueError", e);
                        if let crate::interp::Unwind::Exception(x) = &mut err
                            && let Value::Instance(i) = &x.value
                        {
                            i.set("__hint__", Value::str("json.JSONDecodeError"));
                        }
                        err
                    })
                }),
            ),
        ],
    )
}

/// `json.loads(text)` for hosts (SQLAlchemy's JSON result processor).
pub fn json_loads(text: &str) -> Result<Value, String> {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|v| from_json(&v))
        .map_err(|e| format!("Expecting value: {e}"))
}

fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            let mut d = Dict::new();
            for (k, v) in o {
                d.insert(Value::str(k), from_json(v)).ok();
            }
            Value::dict(d)
        }
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                // Python's ensure_ascii=True default.
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[allow(clippy::too_many_arguments)]
fn json_dump(
    it: &mut Interp,
    v: &Value,
    indent: Option<i64>,
    sort_keys: bool,
    item_sep: &str,
    key_sep: &str,
    default: &Option<Value>,
    level: usize,
    out: &mut String,
) -> EvalResult<()> {
    it.step()?;
    let newline = |out: &mut String, level: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n.max(0) as usize * level));
        }
    };
    match v {
        Value::None => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&crate::format::float_repr(*f)),
        Value::Str(s) => out.push_str(&json_str(s)),
        Value::List(_) | Value::Tuple(_) => {
            let items = it.iterate(v)?;
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                newline(out, level + 1);
                json_dump(
                    it,
                    x,
                    indent,
                    sort_keys,
                    item_sep,
                    key_sep,
                    default,
                    level + 1,
                    out,
                )?;
            }
            newline(out, level);
            out.push(']');
        }
        Value::Dict(d) => {
            let mut items: Vec<(Value, Value)> = d
                .borrow()
                .items()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if items.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            if sort_keys {
                let mut keyed: Vec<(String, (Value, Value))> = items
                    .into_iter()
                    .map(|(k, v)| (to_str(&k), (k, v)))
                    .collect();
                keyed.sort_by(|a, b| a.0.cmp(&b.0));
                items = keyed.into_iter().map(|(_, kv)| kv).collect();
            }
            out.push('{');
            for (i, (k, x)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                newline(out, level + 1);
                let key = match k {
                    Value::Str(s) => s.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::None => "null".into(),
                    Value::Float(f) => crate::format::float_repr(*f),
                    other => {
                        return Err(it.type_error(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            other.type_name()
                        )));
                    }
                };
                out.push_str(&json_str(&key));
                out.push_str(key_sep);
                json_dump(
                    it,
                    x,
                    indent,
                    sort_keys,
                    item_sep,
                    key_sep,
                    default,
                    level + 1,
                    out,
                )?;
            }
            newline(out, level);
            out.push('}');
        }
        other => match default {
            Some(f) => {
                let r = it.call(f, Args::new(vec![other.clone()]))?;
                json_dump(
                    it, &r, indent, sort_keys, item_sep, key_sep, &None, level, out,
                )?;
            }
            None => {
                return Err(it.type_error(format!(
                    "Object of type {} is not JSON serializable",
                    unqualified(&other.type_name())
                )));
            }
        },
    }
    Ok(())
}
