//! `struct`: `pack`, `unpack`, `calcsize`, `iter_unpack`, `unpack_from`, `Struct`, with
//! CPython's byte orders, sizes, native alignment (x86-64 Linux) and `struct.error`
//! messages. Format characters: `x c b B ? h H i I l L q Q n N f d s p P` (not `e`).
//! Unsigned 64-bit values beyond 2**63 - 1 do not fit Retort's integers (OverflowError).

use std::rc::Rc;

use crate::interp::{Interp, Unwind};
use crate::value::*;

#[derive(Clone, Copy)]
struct Item {
    code: char,
    /// Repeat count (`s`/`p`: the length).
    count: usize,
    size: usize,
    /// Where the item starts (after alignment).
    offset: usize,
}

struct Layout {
    little: bool,
    native: bool,
    items: Vec<Item>,
    size: usize,
}

fn parse(fmt: &str) -> Result<Layout, String> {
    let mut chars = fmt.chars().peekable();
    let (little, native) = match chars.peek() {
        Some('<') => (true, false),
        Some('>' | '!') => (false, false),
        Some('=') => (true, false),
        Some('@') => (true, true),
        _ => (true, true),
    };
    if matches!(chars.peek(), Some('<' | '>' | '!' | '=' | '@')) {
        chars.next();
    }
    let mut items = Vec::new();
    let mut offset = 0usize;
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let (count, code) = if c.is_ascii_digit() {
            let mut n = c.to_digit(10).unwrap() as usize;
            loop {
                match chars.next() {
                    Some(d) if d.is_ascii_digit() => {
                        n = n
                            .checked_mul(10)
                            .and_then(|n| n.checked_add(d.to_digit(10).unwrap() as usize))
                            .ok_or("total struct size too long")?;
                    }
                    Some(code) => break (n, code),
                    None => return Err("repeat count given without format specifier".into()),
                }
            }
        } else {
            (1, c)
        };
        let size = match (code, native) {
            ('x' | 'c' | 'b' | 'B' | '?' | 's' | 'p', _) => 1,
            ('h' | 'H' | 'e', _) => 2,
            ('i' | 'I' | 'f', _) => 4,
            ('l' | 'L', true) => 8,
            ('l' | 'L', false) => 4,
            ('q' | 'Q' | 'd', _) => 8,
            ('n' | 'N' | 'P', true) => 8,
            _ => return Err("bad char in struct format".into()),
        };
        if code == 'e' {
            return Err("bad char in struct format".into());
        }
        if native && count > 0 {
            offset = offset.div_ceil(size) * size;
        }
        if matches!(code, 's' | 'p') {
            items.push(Item {
                code,
                count,
                size,
                offset,
            });
            offset += count;
        } else {
            for _ in 0..count {
                items.push(Item {
                    code,
                    count: 1,
                    size,
                    offset,
                });
                offset += size;
            }
        }
        if offset > 1 << 30 {
            return Err("total struct size too long".into());
        }
    }
    Ok(Layout {
        little,
        native,
        items,
        size: offset,
    })
}

/// The values a layout packs (pad bytes take none).
fn arity(l: &Layout) -> usize {
    l.items.iter().filter(|i| i.code != 'x').count()
}

pub(crate) fn module(interp: &mut Interp) -> Module {
    let mut attrs = Map::default();
    attrs.insert(Rc::from("__module__"), Value::str("struct"));
    let error =
        crate::interp::simple_class("error", interp.exc_classes["Exception"].clone(), attrs);
    let err = Value::Class(error.clone());
    let e = error.clone();
    let pack = Value::native("pack", move |it, a| {
        let (fmt, rest) = fmt_arg(it, &e, &a)?;
        pack_values(it, &e, &fmt, rest)
    });
    let e = error.clone();
    let unpack = Value::native("unpack", move |it, a| {
        let (fmt, rest) = fmt_arg(it, &e, &a)?;
        unpack_at(it, &e, &fmt, rest.first(), 0, "unpack")
    });
    let e = error.clone();
    let unpack_from = Value::native("unpack_from", move |it, a| {
        let (fmt, rest) = fmt_arg(it, &e, &a)?;
        let offset = rest
            .get(1)
            .or_else(|| a.kw("offset"))
            .and_then(Value::as_int)
            .unwrap_or(0);
        unpack_at(it, &e, &fmt, rest.first(), offset, "unpack_from")
    });
    let e = error.clone();
    let iter_unpack = Value::native("iter_unpack", move |it, a| {
        let (fmt, rest) = fmt_arg(it, &e, &a)?;
        iter_unpack(it, &e, &fmt, rest.first())
    });
    let e = error.clone();
    let calcsize = Value::native("calcsize", move |it, a| {
        let (fmt, _) = fmt_arg(it, &e, &a)?;
        Ok(Value::Int(layout(it, &e, &fmt)?.size as i64))
    });
    let e = error.clone();
    let struct_type = Value::native_type("Struct", move |it, a| {
        let (fmt, _) = fmt_arg(it, &e, &a)?;
        let size = layout(it, &e, &fmt)?.size;
        Ok(Value::host(Struct {
            format: fmt,
            size,
            error: e.clone(),
        }))
    });
    Module::new(
        "struct",
        [
            ("error", err),
            ("pack", pack),
            ("unpack", unpack),
            ("unpack_from", unpack_from),
            ("iter_unpack", iter_unpack),
            ("calcsize", calcsize),
            ("Struct", struct_type),
        ],
    )
}

fn raise(it: &Interp, error: &Rc<Class>, message: impl Into<String>) -> Unwind {
    let inst = Instance::new(error.clone());
    inst.set("args", Value::tuple(vec![Value::str(&message.into())]));
    it.raise_value(Value::Instance(Rc::new(inst)))
}

fn fmt_arg(it: &Interp, error: &Rc<Class>, a: &Args) -> EvalResult<(String, Vec<Value>)> {
    match a.positional.first() {
        Some(Value::Str(s)) => Ok((s.to_string(), a.positional[1..].to_vec())),
        Some(Value::Bytes(b)) => Ok((
            String::from_utf8_lossy(b).into_owned(),
            a.positional[1..].to_vec(),
        )),
        Some(v) => Err(it.type_error(format!(
            "Struct() argument 1 must be a str or bytes object, not {}",
            v.type_name()
        ))),
        None => Err(raise(it, error, "missing format argument")),
    }
}

fn layout(it: &Interp, error: &Rc<Class>, fmt: &str) -> EvalResult<Layout> {
    parse(fmt).map_err(|m| raise(it, error, m))
}

fn range_error(code: char, native: bool, v: i64) -> Option<String> {
    let named = |name: &str, lo: i64, hi: i64| {
        (v < lo || v > hi).then(|| format!("{name} format requires {lo} <= number <= {hi}"))
    };
    let quoted = |lo: i64, hi: i64| {
        (v < lo || v > hi).then(|| format!("'{code}' format requires {lo} <= number <= {hi}"))
    };
    let out_of_range = |hi: i64| (v < 0 || v > hi).then(|| "argument out of range".to_owned());
    match (code, native) {
        ('b', _) => named("byte", -128, 127),
        ('B', _) => named("ubyte", 0, 255),
        ('h', _) => named("short", -32768, 32767),
        ('H', _) => named("ushort", 0, 65535),
        ('i', _) | ('l', false) => quoted(i32::MIN as i64, i32::MAX as i64),
        ('I', _) => out_of_range(u32::MAX as i64),
        ('L', false) => quoted(0, u32::MAX as i64),
        ('L' | 'Q' | 'N' | 'P', _) => out_of_range(i64::MAX),
        _ => None,
    }
}

fn pack_values(it: &mut Interp, error: &Rc<Class>, fmt: &str, values: Vec<Value>) -> EvalResult {
    let l = layout(it, error, fmt)?;
    let n = arity(&l);
    if values.len() != n {
        return Err(raise(
            it,
            error,
            format!("pack expected {n} items for packing (got {})", values.len()),
        ));
    }
    it.alloc(l.size)?;
    let mut out = vec![0u8; l.size];
    let mut values = values.into_iter();
    for item in &l.items {
        if item.code == 'x' {
            continue;
        }
        let v = values.next().unwrap_or(Value::None);
        let at = item.offset;
        let put = |out: &mut Vec<u8>, bytes: &[u8]| {
            let mut b = bytes.to_vec();
            if !l.little {
                b.reverse();
            }
            out[at..at + item.size].copy_from_slice(&b);
        };
        match item.code {
            'c' => match &v {
                Value::Bytes(b) if b.len() == 1 => out[at] = b[0],
                _ => {
                    return Err(raise(
                        it,
                        error,
                        "char format requires a bytes object of length 1",
                    ));
                }
            },
            's' | 'p' => {
                let Value::Bytes(b) = &v else {
                    return Err(raise(
                        it,
                        error,
                        format!("argument for '{}' must be a bytes object", item.code),
                    ));
                };
                if item.code == 's' {
                    let k = b.len().min(item.count);
                    out[at..at + k].copy_from_slice(&b[..k]);
                } else if item.count > 0 {
                    let k = b.len().min(item.count - 1).min(255);
                    out[at] = k as u8;
                    out[at + 1..at + 1 + k].copy_from_slice(&b[..k]);
                }
            }
            '?' => out[at] = it.truthy(&v)? as u8,
            'f' | 'd' => {
                let f = match &v {
                    Value::Float(f) => *f,
                    v if v.as_int().is_some() => v.as_int().unwrap() as f64,
                    _ => return Err(raise(it, error, "required argument is not a float")),
                };
                if item.code == 'f' {
                    if f.is_finite() && (f as f32).is_infinite() {
                        return Err(
                            it.exc("OverflowError", "float too large to pack with f format")
                        );
                    }
                    put(&mut out, &(f as f32).to_le_bytes());
                } else {
                    put(&mut out, &f.to_le_bytes());
                }
            }
            code => {
                let Some(i) = (match &v {
                    Value::Int(_) | Value::Bool(_) => v.as_int(),
                    _ => None,
                }) else {
                    return Err(raise(it, error, "required argument is not an integer"));
                };
                if let Some(m) = range_error(code, l.native, i) {
                    return Err(raise(it, error, m));
                }
                put(&mut out, &i.to_le_bytes()[..item.size]);
            }
        }
    }
    Ok(Value::Bytes(Rc::from(out)))
}

fn bytes_of(it: &Interp, v: Option<&Value>) -> EvalResult<Rc<[u8]>> {
    match v {
        Some(Value::Bytes(b)) => Ok(b.clone()),
        Some(v) => Err(it.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))),
        None => Err(it.type_error("missing buffer argument")),
    }
}

fn unpack_items(it: &mut Interp, l: &Layout, buf: &[u8]) -> EvalResult<Vec<Value>> {
    let mut out = Vec::with_capacity(l.items.len());
    for item in &l.items {
        let at = item.offset;
        let raw = |n: usize| {
            let mut b = buf[at..at + n].to_vec();
            if !l.little {
                b.reverse();
            }
            let mut w = [0u8; 8];
            w[..n].copy_from_slice(&b);
            w
        };
        out.push(match item.code {
            'x' => continue,
            'c' => Value::Bytes(Rc::from(&buf[at..at + 1])),
            's' => Value::Bytes(Rc::from(&buf[at..at + item.count])),
            'p' => {
                let n = if item.count == 0 {
                    0
                } else {
                    (buf[at] as usize).min(item.count - 1)
                };
                Value::Bytes(Rc::from(
                    &buf[at + 1.min(item.count)..at + 1.min(item.count) + n],
                ))
            }
            '?' => Value::Bool(buf[at] != 0),
            'f' => {
                let w = raw(4);
                Value::Float(f32::from_le_bytes([w[0], w[1], w[2], w[3]]) as f64)
            }
            'd' => Value::Float(f64::from_le_bytes(raw(8))),
            code => {
                let w = raw(item.size);
                let unsigned = u64::from_le_bytes(w);
                let signed = code.is_ascii_lowercase();
                let bits = item.size as u32 * 8;
                let v = if signed && bits < 64 {
                    ((unsigned << (64 - bits)) as i64) >> (64 - bits)
                } else if signed {
                    unsigned as i64
                } else {
                    i64::try_from(unsigned).map_err(|_| {
                        it.exc(
                            "OverflowError",
                            "integer result does not fit in 64 bits (Retort's integers are 64-bit)",
                        )
                    })?
                };
                Value::Int(v)
            }
        });
    }
    Ok(out)
}

fn unpack_at(
    it: &mut Interp,
    error: &Rc<Class>,
    fmt: &str,
    buffer: Option<&Value>,
    offset: i64,
    what: &str,
) -> EvalResult {
    let l = layout(it, error, fmt)?;
    let buf = bytes_of(it, buffer)?;
    let offset = if offset < 0 {
        offset + buf.len() as i64
    } else {
        offset
    };
    if what == "unpack" {
        if buf.len() != l.size {
            return Err(raise(
                it,
                error,
                format!("unpack requires a buffer of {} bytes", l.size),
            ));
        }
    } else if offset < 0 || buf.len() < offset as usize + l.size {
        return Err(raise(
            it,
            error,
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {offset} (actual buffer size is {})",
                offset.max(0) as usize + l.size,
                l.size,
                buf.len()
            ),
        ));
    }
    let start = offset as usize;
    let items = unpack_items(it, &l, &buf[start..start + l.size])?;
    Ok(Value::tuple(items))
}

fn iter_unpack(
    it: &mut Interp,
    error: &Rc<Class>,
    fmt: &str,
    buffer: Option<&Value>,
) -> EvalResult {
    let l = layout(it, error, fmt)?;
    let buf = bytes_of(it, buffer)?;
    if l.size == 0 {
        return Err(raise(
            it,
            error,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if !buf.len().is_multiple_of(l.size) {
        return Err(raise(
            it,
            error,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                l.size
            ),
        ));
    }
    let mut out = Vec::new();
    for chunk in buf.chunks(l.size) {
        it.step()?;
        out.push(Value::tuple(unpack_items(it, &l, chunk)?));
    }
    crate::iters::SeqIter::of(it, &Value::list(out))
}

/// `struct.Struct(fmt)`.
struct Struct {
    format: String,
    size: usize,
    error: Rc<Class>,
}

impl HostObject for Struct {
    fn type_name(&self) -> String {
        "Struct".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            "format" => Value::str(&self.format),
            "size" => Value::Int(self.size as i64),
            "pack" => Value::native("pack", move |it, a| {
                pack_values(it, &me.error, &me.format, a.positional)
            }),
            "unpack" => Value::native("unpack", move |it, a| {
                unpack_at(it, &me.error, &me.format, a.positional.first(), 0, "unpack")
            }),
            "unpack_from" => Value::native("unpack_from", move |it, a| {
                let offset = a.arg(1, "offset").and_then(Value::as_int).unwrap_or(0);
                unpack_at(
                    it,
                    &me.error,
                    &me.format,
                    a.positional.first(),
                    offset,
                    "unpack_from",
                )
            }),
            "iter_unpack" => Value::native("iter_unpack", move |it, a| {
                iter_unpack(it, &me.error, &me.format, a.positional.first())
            }),
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        format!("Struct({})", crate::format::str_repr(&self.format))
    }
}
