//! `repr()`, `str()`, format specs, `%`-formatting and `str.format`, as Python prints them.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

pub fn repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Ellipsis => "Ellipsis".into(),
        Value::NotImplemented => "NotImplemented".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_repr(*f),
        Value::Str(s) => str_repr(s),
        Value::Bytes(b) => bytes_repr(b),
        Value::List(l) => format!("[{}]", join_repr(&l.borrow())),
        Value::Tuple(t) if t.len() == 1 => format!("({},)", repr(&t[0])),
        Value::Tuple(t) => format!("({})", join_repr(t)),
        Value::Dict(d) => {
            let d = d.borrow();
            let items: Vec<String> = d
                .items()
                .map(|(k, v)| format!("{}: {}", repr(k), repr(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Set(s) => {
            let s = s.borrow();
            if s.is_empty() {
                "set()".into()
            } else {
                format!("{{{}}}", join_repr(&s.keys()))
            }
        }
        Value::Range(r) if r.2 == 1 => format!("range({}, {})", r.0, r.1),
        Value::Range(r) => format!("range({}, {}, {})", r.0, r.1, r.2),
        Value::Slice(s) => format!("slice({}, {}, {})", repr(&s.0), repr(&s.1), repr(&s.2)),
        Value::Function(f) => format!(
            "<function {} at {:#x}>",
            f.qualname,
            Rc::as_ptr(f) as *const u8 as usize
        ),
        Value::Native(n) => match n.kind {
            NativeKind::Type => format!("<class '{}'>", n.name),
            NativeKind::Method => format!("<method '{}'>", n.name),
            NativeKind::Function => format!("<built-in function {}>", n.name),
        },
        Value::BoundMethod(m) => {
            let name = match &m.1 {
                Value::Function(f) => f.qualname.to_string(),
                Value::Native(n) => n.name.to_string(),
                other => repr(other),
            };
            format!("<bound method {name} of {}>", repr(&m.0))
        }
        // `EnumType.__repr__`.
        Value::Class(c) if c.is_enum => {
            let flag = c.mro_iter().any(|b| {
                matches!(&*b.name, "Flag" | "IntFlag") && b.module_name().as_deref() == Some("enum")
            });
            format!(
                "<{} {}>",
                if flag { "flag" } else { "enum" },
                repr(&Value::str(&c.name))
            )
        }
        Value::Class(c) => match c.module_name() {
            Some(m) if &*m != "builtins" => format!("<class '{m}.{}'>", c.qualname),
            _ => format!("<class '{}'>", c.qualname),
        },
        Value::Instance(i) => {
            if i.class.is_enum
                && let Some(name) = i.get("name")
            {
                return format!(
                    "<{}.{}: {}>",
                    i.class.name,
                    to_str(&name),
                    repr(&i.get("value").unwrap_or(Value::None))
                );
            }
            if let Some(Value::Tuple(args)) = i.get("args") {
                return format!("{}({})", i.class.name, join_repr(&args));
            }
            let module = i.class.module_name();
            let module = module.as_deref().filter(|m| *m != "builtins");
            format!(
                "<{}{}{} object at {:#x}>",
                module.unwrap_or(""),
                if module.is_some() { "." } else { "" },
                i.class.qualname,
                Rc::as_ptr(i) as *const u8 as usize
            )
        }
        Value::Module(m) => match m.get("__file__") {
            Some(Value::Str(f)) => format!("<module '{}' from '{f}'>", m.name),
            _ => format!("<module '{}'>", m.name),
        },
        Value::Host(h) => h.repr(),
    }
}

pub fn to_str(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        Value::Host(h) => h.to_str(),
        Value::Instance(i) => {
            if i.class.is_enum
                && let Some(name) = i.get("name")
            {
                // `str`-mixin enums print their value (Python 3.11+ for StrEnum).
                if let Some(v @ Value::Str(_)) = i.get("value")
                    && i.get("__str_mixin__").is_some()
                {
                    return to_str(&v);
                }
                // `IntEnum` and `IntFlag` print their value (Python 3.11+).
                if let Some(v) = i.int_enum_value()
                    && i.class
                        .mro_iter()
                        .any(|c| matches!(&*c.name, "IntEnum" | "IntFlag"))
                {
                    return to_str(&v);
                }
                return format!("{}.{}", i.class.name, to_str(&name));
            }
            match i.get("args") {
                Some(Value::Tuple(args)) if args.len() == 1 && is_key_error(i) => repr(&args[0]),
                Some(Value::Tuple(args)) if args.len() == 1 => to_str(&args[0]),
                Some(Value::Tuple(args)) if args.is_empty() => String::new(),
                Some(Value::Tuple(args)) => format!("({})", join_repr(&args)),
                _ => repr(v),
            }
        }
        other => repr(other),
    }
}

/// `KeyError` (and subclasses) print their one argument's repr.
pub(crate) fn is_key_error(i: &Instance) -> bool {
    i.class
        .mro_iter()
        .any(|c| &*c.name == "KeyError" && c.module_name().as_deref() == Some("builtins"))
}

fn join_repr(items: &[Value]) -> String {
    items.iter().map(repr).collect::<Vec<_>>().join(", ")
}

pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Python's repr: the fewest digits that read back as `f` and, among those, the ones
    // nearest its exact value (half to even). Rust's shortest formatting gives the fewest
    // but not always the nearest; its exact formatting at that many digits gives the
    // nearest, used whenever it still reads back.
    let a = f.abs();
    let split = |s: String| -> (String, i32) {
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
        (digits, exp.parse().unwrap_or(0))
    };
    let (mut digits, mut exp) = split(format!("{a:e}"));
    let nearest = format!("{:.*e}", digits.len().saturating_sub(1), a);
    if nearest.parse::<f64>() == Ok(a) {
        (digits, exp) = split(nearest);
        while digits.len() > 1 && digits.ends_with('0') {
            digits.pop();
        }
    }
    let sign = if f < 0.0 { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        // Python: exponent with sign and at least two digits.
        let mant = match digits.len() {
            1 => digits.clone(),
            _ => format!("{}.{}", &digits[..1], &digits[1..]),
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{mant}e{esign}{:02}", exp.abs());
    }
    if exp < 0 {
        return format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize));
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}.0", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn bytes_repr(b: &[u8]) -> String {
    let mut out = String::from("b'");
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push('\'');
    out
}

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.precision][type]`.
#[derive(Default, Debug)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: Option<char>,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str) -> Option<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec {
        fill: ' ',
        ..Default::default()
    };
    let mut i = 0;
    if chars.len() >= 2 && matches!(chars[1], '<' | '>' | '^' | '=') {
        s.fill = chars[0];
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && matches!(chars[0], '<' | '>' | '^' | '=') {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        s.width = chars[start..i].iter().collect::<String>().parse().ok()?;
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        s.precision = Some(chars[start..i].iter().collect::<String>().parse().ok()?);
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    (i == chars.len()).then_some(s)
}

fn group(digits: &str, sep: char) -> String {
    // The integer part only: not the fraction, nor an exponent (`1e+16`).
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let (int, frac) = digits.split_at(end);
    let mut out = String::new();
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out + frac
}

/// The precision of a spec's `.N`, given the digits after the point.
pub(crate) fn precision(digits: &str) -> Option<usize> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `{x:.2f}` of a finite float, the spec of most data migrations' f-strings: the float and
/// the precision, for what the general path computes without parsing the spec or padding.
fn fixed_point(v: &Value, spec: &str) -> Option<(f64, usize)> {
    if let (Value::Float(f), Some(p)) =
        (v, spec.strip_prefix('.').and_then(|r| r.strip_suffix('f')))
        && f.is_finite()
        && let Some(p) = precision(p)
        && p < 100
    {
        return Some((*f, p));
    }
    None
}

/// [`format_value`] written onto `out` (an f-string's text).
pub fn format_value_into(
    interp: &mut Interp,
    v: &Value,
    spec: &str,
    out: &mut String,
) -> EvalResult<()> {
    if let Some((f, p)) = fixed_point(v, spec) {
        use std::fmt::Write;
        let _ = write!(out, "{f:.p$}");
    } else {
        out.push_str(&format_value(interp, v, spec)?);
    }
    Ok(())
}

/// `format(v, spec)`: f-string `{v:spec}` and `str.format` fields.
pub fn format_value(interp: &mut Interp, v: &Value, spec: &str) -> EvalResult<String> {
    if crate::interp::has_py_class(v) {
        return interp.format_instance(v, spec);
    }
    if spec.is_empty() {
        return match v {
            Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::Set(_) => interp.str_of(v),
            _ => Ok(to_str(v)),
        };
    }
    if let Some((f, p)) = fixed_point(v, spec) {
        return Ok(format!("{f:.p$}"));
    }
    if let Value::Host(h) = v {
        // datetime-like host objects format with strftime specs.
        if let Some(f) = h.clone().get_attr(interp, "__format__")? {
            let r = interp.call(&f, Args::new(vec![Value::str(spec)]))?;
            return Ok(to_str(&r));
        }
    }
    let Some(s) = parse_spec(spec) else {
        return Err(interp.value_error(format!("Invalid format specifier '{spec}'")));
    };
    let (body, numeric) = match (v, s.ty) {
        (Value::Int(_) | Value::Bool(_), None | Some('d')) => {
            let i = v.as_int().unwrap();
            (with_sign(i < 0, &i.abs().to_string(), s.sign), true)
        }
        (Value::Int(_) | Value::Bool(_) | Value::Float(_), Some('f' | 'F' | 'e' | 'g' | '%'))
        | (Value::Float(_), None) => {
            let f = match v {
                Value::Float(f) => *f,
                other => other.as_int().unwrap() as f64,
            };
            let p = s.precision.unwrap_or(6);
            let digits = match s.ty {
                _ if !f.is_finite() => {
                    let d = if f.is_nan() { "nan" } else { "inf" };
                    let d = if matches!(s.ty, Some('F' | 'E' | 'G')) {
                        d.to_uppercase()
                    } else {
                        d.to_string()
                    };
                    if s.ty == Some('%') { d + "%" } else { d }
                }
                Some('f' | 'F') => format!("{:.p$}", f.abs()),
                Some('%') => format!("{:.p$}%", f.abs() * 100.0),
                Some('e') => {
                    let e = format!("{:.p$e}", f.abs());
                    let (m, x) = e.split_once('e').unwrap();
                    let x: i32 = x.parse().unwrap();
                    format!("{m}e{}{:02}", if x < 0 { '-' } else { '+' }, x.abs())
                }
                _ if s.precision.is_some() => {
                    let r = format!("{:.*}", p.saturating_sub(1), f.abs());
                    r.trim_end_matches('0').trim_end_matches('.').to_string()
                }
                _ => float_repr(f.abs()),
            };
            // -0.0 keeps its sign, as in Python (a NaN's sign is not shown).
            (
                with_sign(f.is_sign_negative() && !f.is_nan(), &digits, s.sign),
                true,
            )
        }
        (Value::Int(_) | Value::Bool(_), Some(t @ ('x' | 'X' | 'o' | 'b'))) => {
            let i = v.as_int().unwrap();
            let d = match t {
                'x' => format!("{:x}", i.abs()),
                'X' => format!("{:X}", i.abs()),
                'o' => format!("{:o}", i.abs()),
                _ => format!("{:b}", i.abs()),
            };
            (with_sign(i < 0, &d, s.sign), true)
        }
        (_, None | Some('s')) => {
            let mut t = to_str(v);
            if let Some(p) = s.precision {
                t = t.chars().take(p).collect();
            }
            (t, false)
        }
        _ => {
            return Err(interp.value_error(format!(
                "Unknown format code '{}' for object of type '{}'",
                s.ty.unwrap_or(' '),
                v.type_name()
            )));
        }
    };
    let body = match s.grouping {
        Some(sep) if numeric => {
            let (sign, rest) = match body.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => (c.to_string(), body[1..].to_string()),
                _ => (String::new(), body.clone()),
            };
            format!("{sign}{}", group(&rest, sep))
        }
        _ => body,
    };
    let len = body.chars().count();
    if len >= s.width {
        return Ok(body);
    }
    let pad = s.width - len;
    let (fill, align) = if s.zero && s.align.is_none() && numeric {
        ('0', '=')
    } else {
        (s.fill, s.align.unwrap_or(if numeric { '>' } else { '<' }))
    };
    let fills = |n: usize| fill.to_string().repeat(n);
    Ok(match align {
        '<' => format!("{body}{}", fills(pad)),
        '>' => format!("{}{body}", fills(pad)),
        '^' => format!("{}{body}{}", fills(pad / 2), fills(pad - pad / 2)),
        _ => {
            let (sign, rest) = match body.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => (c.to_string(), body[1..].to_string()),
                _ => (String::new(), body),
            };
            format!("{sign}{}{rest}", fills(pad))
        }
    })
}

fn with_sign(negative: bool, digits: &str, sign: Option<char>) -> String {
    if negative {
        format!("-{digits}")
    } else {
        match sign {
            Some('+') => format!("+{digits}"),
            Some(' ') => format!(" {digits}"),
            _ => digits.to_string(),
        }
    }
}

/// `"..." % args`.
pub fn percent_format(interp: &mut Interp, fmt: &str, args: &Value) -> EvalResult {
    let positional: Vec<Value> = match args {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    let mapping = match args {
        Value::Dict(_) => Some(args.clone()),
        _ => None,
    };
    let mut next = 0;
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        if i < chars.len() && chars[i] == '%' {
            out.push('%');
            i += 1;
            continue;
        }
        let mut key = None;
        if i < chars.len() && chars[i] == '(' {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
            let Some(end) = end else {
                return Err(interp.value_error("incomplete format key"));
            };
            key = Some(chars[i + 1..end].iter().collect::<String>());
            i = end + 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= chars.len() {
            return Err(interp.value_error("incomplete format"));
        }
        let flags: String = chars[start..i].iter().collect();
        let conv = chars[i];
        i += 1;
        let value = match &key {
            Some(k) => {
                let m = mapping
                    .clone()
                    .ok_or_else(|| interp.type_error("format requires a mapping"))?;
                interp.get_item(&m, &Value::str(k))?
            }
            None => {
                let v = positional
                    .get(next)
                    .cloned()
                    .ok_or_else(|| interp.type_error("not enough arguments for format string"))?;
                next += 1;
                v
            }
        };
        let spec_flags = flags.replace('-', "<");
        let text = match conv {
            's' => {
                let text = interp.str_of(&value)?;
                format_value(interp, &Value::str(&text), &spec_flags)?
            }
            'r' => {
                let text = interp.repr_of(&value)?;
                format_value(interp, &Value::str(&text), &spec_flags)?
            }
            'd' | 'i' => {
                let n = match &value {
                    Value::Float(f) => Value::Int(f.trunc() as i64),
                    Value::Str(_)
                    | Value::List(_)
                    | Value::Tuple(_)
                    | Value::Dict(_)
                    | Value::None => {
                        return Err(interp.type_error(format!(
                            "%{conv} format: a real number is required, not {}",
                            value.type_name()
                        )));
                    }
                    other => other.clone(),
                };
                // `%.2d`: the precision is a minimum number of digits.
                match spec_flags.split_once('.') {
                    Some((width_flags, digits)) => {
                        let digits: usize = digits.parse().unwrap_or(0);
                        let i = n.as_int().ok_or_else(|| {
                            interp.type_error("%d format: a real number is required")
                        })?;
                        let body = format!(
                            "{}{:0digits$}",
                            if i < 0 { "-" } else { "" },
                            i.unsigned_abs()
                        );
                        let width: usize = width_flags
                            .trim_start_matches(['<', '0', '+', ' '])
                            .parse()
                            .unwrap_or(0);
                        if width_flags.contains('<') {
                            format!("{body:<width$}")
                        } else {
                            format!("{body:>width$}")
                        }
                    }
                    None => format_value(interp, &n, &format!("{spec_flags}d"))?,
                }
            }
            'f' | 'F' | 'e' | 'g' | 'x' | 'X' | 'o' => {
                if matches!(
                    value,
                    Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Dict(_) | Value::None
                ) {
                    return Err(interp.type_error(if matches!(conv, 'x' | 'X' | 'o') {
                        format!(
                            "%{conv} format: an integer is required, not {}",
                            value.type_name()
                        )
                    } else {
                        format!("must be real number, not {}", value.type_name())
                    }));
                }
                format_value(interp, &value, &format!("{spec_flags}{conv}"))?
            }
            other => {
                return Err(interp.value_error(format!("unsupported format character '{other}'")));
            }
        };
        out.push_str(&text);
    }
    if key_less_leftover(&positional, next, &mapping) {
        return Err(interp.type_error("not all arguments converted during string formatting"));
    }
    interp.alloc(out.len())?;
    Ok(Value::str(&out))
}

fn key_less_leftover(positional: &[Value], used: usize, mapping: &Option<Value>) -> bool {
    mapping.is_none() && used < positional.len()
}

/// `"...".format(*args, **kwargs)`.
pub fn str_format(interp: &mut Interp, fmt: &str, args: &Args) -> EvalResult {
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut auto = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if c == '}' && chars.get(i + 1) == Some(&'}') {
            out.push('}');
            i += 2;
            continue;
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|&c| c == '}').map(|p| p + i);
        let Some(end) = end else {
            return Err(interp.value_error("Single '{' encountered in format string"));
        };
        let field: String = chars[i + 1..end].iter().collect();
        i = end + 1;
        let (name_conv, spec) = match field.split_once(':') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (field.clone(), String::new()),
        };
        let (name, conv) = match name_conv.split_once('!') {
            Some((a, b)) => (a.to_string(), b.chars().next()),
            None => (name_conv, None),
        };
        let mut parts = name.split('.');
        let head = parts.next().unwrap_or("");
        let mut value = if head.is_empty() {
            let v = args.positional.get(auto).cloned();
            auto += 1;
            v.ok_or_else(|| {
                interp.exc(
                    "IndexError",
                    "Replacement index out of range for positional args tuple",
                )
            })?
        } else if let Ok(n) = head.parse::<usize>() {
            args.positional.get(n).cloned().ok_or_else(|| {
                interp.exc(
                    "IndexError",
                    "Replacement index out of range for positional args tuple",
                )
            })?
        } else {
            args.kw(head)
                .cloned()
                .ok_or_else(|| interp.key_error(&Value::str(head)))?
        };
        for attr in parts {
            value = interp.get_attr(&value, attr)?;
        }
        let value = match conv {
            Some('r') => Value::str(&interp.repr_of(&value)?),
            Some('s') => Value::str(&interp.str_of(&value)?),
            _ => value,
        };
        out.push_str(&format_value(interp, &value, &spec)?);
    }
    interp.alloc(out.len())?;
    Ok(Value::str(&out))
}
