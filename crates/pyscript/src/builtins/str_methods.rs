//! The methods of `str`, with Python's line boundaries and its slice-bound arguments
//! (`s.find(sub, start, end)`).

use std::rc::Rc;

use super::one;
use crate::format;
use crate::interp::Interp;
use crate::value::*;

fn arg_str(it: &Interp, a: &Args, i: usize, what: &str) -> EvalResult<String> {
    match a.positional.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => Err(it.type_error(format!("{what} must be str, not {}", v.type_name()))),
        None => Err(it.type_error(format!("{what} is missing"))),
    }
}

fn opt_chars(a: &Args) -> Option<Vec<char>> {
    a.positional
        .first()
        .and_then(|v| v.as_str())
        .map(|s| s.chars().collect())
}
/// `s.translate(table)`: each character's code point looked up in `table` (`table[i]`; a
/// `LookupError` keeps the character), mapped to a code point, a string, or `None` (gone).
fn translate(it: &mut Interp, s: &str, a: Args) -> EvalResult {
    if a.positional.len() != 1 || !a.keywords.is_empty() {
        return Err(it.type_error(format!(
            "str.translate() takes exactly one argument ({} given)",
            a.positional.len() + a.keywords.len()
        )));
    }
    let table = &a.positional[0];
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match it.get_item(table, &Value::Int(c as i64)) {
            Ok(Value::None) => {}
            Ok(Value::Str(t)) => out.push_str(&t),
            Ok(v @ (Value::Int(_) | Value::Bool(_))) => {
                match v
                    .as_int()
                    .and_then(|n| u32::try_from(n).ok())
                    .and_then(char::from_u32)
                {
                    Some(ch) if (ch as u32) < 0x110000 => out.push(ch),
                    _ => {
                        return Err(it.value_error("character mapping must be in range(0x110000)"));
                    }
                }
            }
            Ok(_) => {
                return Err(it.type_error("character mapping must return integer, None or str"));
            }
            Err(crate::interp::Unwind::Exception(e))
                if it.is_instance_of_exc(&e.value, "LookupError") =>
            {
                out.push(c)
            }
            Err(e) => return Err(e),
        }
        it.alloc(4)?;
    }
    Ok(Value::str(&out))
}

/// The lines of `s` at Python's line boundaries: each line's (start, end) byte range
/// without its line break, and where the break ends.
fn splitlines(s: &str) -> Vec<((usize, usize), usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\r' if matches!(chars.peek(), Some((_, '\n'))) => {
                chars.next();
                i + 2
            }
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => i + c.len_utf8(),
            _ => continue,
        };
        out.push(((start, i), end));
        start = end;
    }
    if start < s.len() {
        out.push(((start, s.len()), s.len()));
    }
    out
}

/// The part of `s` that `s.find(sub, start, end)` searches (the second and third
/// arguments, as slice bounds in characters): its byte range and the character index it
/// starts at; `None` when `start` is past the end (nothing is found, not even "").
fn str_window(s: &str, a: &Args) -> Option<(usize, usize, i64)> {
    let n = s.chars().count() as i64;
    let bound = |i: usize, default: i64| match a.positional.get(i).and_then(Value::as_int) {
        Some(x) if x < 0 => (x + n).max(0),
        Some(x) => x,
        None => default,
    };
    let start = bound(1, 0);
    let end = bound(2, n).min(n);
    if start > n {
        return None;
    }
    let byte = |c: i64| s.char_indices().nth(c as usize).map_or(s.len(), |(b, _)| b);
    let (lo, hi) = (byte(start), byte(end.max(start)));
    Some((lo, hi, start))
}

pub(super) fn str_method(it: &mut Interp, s: &str, name: &str, a: Args) -> EvalResult {
    let string = |x: String| Ok(Value::str(&x));
    match name {
        "lower" | "casefold" => string(s.to_lowercase()),
        "upper" => string(s.to_uppercase()),
        "capitalize" => {
            let mut c = s.chars();
            string(match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            })
        }
        "title" => {
            let mut out = String::new();
            let mut prev_alpha = false;
            for ch in s.chars() {
                if ch.is_alphabetic() {
                    if prev_alpha {
                        out.extend(ch.to_lowercase())
                    } else {
                        out.extend(ch.to_uppercase())
                    }
                    prev_alpha = true;
                } else {
                    out.push(ch);
                    prev_alpha = false;
                }
            }
            string(out)
        }
        "swapcase" => string(
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect(),
        ),
        "strip" => string(match opt_chars(&a) {
            Some(cs) => s.trim_matches(|c| cs.contains(&c)).into(),
            None => s.trim().into(),
        }),
        "lstrip" => string(match opt_chars(&a) {
            Some(cs) => s.trim_start_matches(|c| cs.contains(&c)).into(),
            None => s.trim_start().into(),
        }),
        "rstrip" => string(match opt_chars(&a) {
            Some(cs) => s.trim_end_matches(|c| cs.contains(&c)).into(),
            None => s.trim_end().into(),
        }),
        "split" | "rsplit" => {
            let sep = a.arg(0, "sep").and_then(|v| v.as_str()).map(str::to_owned);
            let maxsplit = a.arg(1, "maxsplit").and_then(Value::as_int).unwrap_or(-1);
            let parts: Vec<String> = match sep {
                None => {
                    let words: Vec<&str> = s.split_whitespace().collect();
                    if maxsplit < 0 || words.len() <= maxsplit as usize {
                        words.into_iter().map(str::to_owned).collect()
                    } else if name == "split" {
                        let mut rest = s.trim_start();
                        let mut out = Vec::new();
                        for _ in 0..maxsplit {
                            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                            out.push(rest[..end].to_owned());
                            rest = rest[end..].trim_start();
                        }
                        out.push(rest.to_owned());
                        out
                    } else {
                        let mut rest = s.trim_end();
                        let mut out = Vec::new();
                        for _ in 0..maxsplit {
                            let start = rest.rfind(char::is_whitespace).map_or(0, |p| p + 1);
                            out.push(rest[start..].to_owned());
                            rest = rest[..start].trim_end();
                        }
                        out.push(rest.to_owned());
                        out.reverse();
                        out
                    }
                }
                Some(sep) if sep.is_empty() => return Err(it.value_error("empty separator")),
                Some(sep) => {
                    if maxsplit < 0 {
                        s.split(sep.as_str()).map(str::to_owned).collect()
                    } else if name == "split" {
                        s.splitn(maxsplit as usize + 1, sep.as_str())
                            .map(str::to_owned)
                            .collect()
                    } else {
                        let mut v: Vec<String> = s
                            .rsplitn(maxsplit as usize + 1, sep.as_str())
                            .map(str::to_owned)
                            .collect();
                        v.reverse();
                        v
                    }
                }
            };
            Ok(Value::list(parts.iter().map(|p| Value::str(p)).collect()))
        }
        "splitlines" => {
            let keep = a
                .arg(0, "keepends")
                .map(|v| matches!(v, Value::Bool(true)) || v.as_int().is_some_and(|i| i != 0))
                .unwrap_or(false);
            Ok(Value::list(
                splitlines(s)
                    .into_iter()
                    .map(|(line, end)| {
                        Value::str(if keep {
                            &s[line.0..end]
                        } else {
                            &s[line.0..line.1]
                        })
                    })
                    .collect(),
            ))
        }
        "expandtabs" => {
            let size = a
                .arg(0, "tabsize")
                .and_then(Value::as_int)
                .unwrap_or(8)
                .max(0) as usize;
            let mut out = String::new();
            let mut col = 0;
            for c in s.chars() {
                match c {
                    '\t' => {
                        let n = if size == 0 { 0 } else { size - col % size };
                        it.alloc(out.len() + n)?;
                        out.extend(std::iter::repeat_n(' ', n));
                        col += n;
                    }
                    '\n' | '\r' => {
                        out.push(c);
                        col = 0;
                    }
                    c => {
                        out.push(c);
                        col += 1;
                    }
                }
            }
            string(out)
        }
        "join" => {
            let v = one(it, &a, "join")?;
            let items = it.iterate(&v)?;
            let mut parts = Vec::with_capacity(items.len());
            for (i, x) in items.iter().enumerate() {
                match x {
                    Value::Str(p) => parts.push(p.to_string()),
                    other => {
                        return Err(it.type_error(format!(
                            "sequence item {i}: expected str instance, {} found",
                            other.type_name()
                        )));
                    }
                }
            }
            // Counted before it is built: a join of huge parts must not allocate first.
            let total = parts.iter().map(String::len).sum::<usize>()
                + s.len() * parts.len().saturating_sub(1);
            it.alloc(total)?;
            string(parts.join(s))
        }
        "replace" => {
            let old = arg_str(it, &a, 0, "replace() argument 1")?;
            let new = arg_str(it, &a, 1, "replace() argument 2")?;
            let count = a.positional.get(2).and_then(Value::as_int).unwrap_or(-1);
            let out = if count < 0 {
                s.replace(&old, &new)
            } else {
                s.replacen(&old, &new, count as usize)
            };
            it.alloc(out.len())?;
            string(out)
        }
        "startswith" | "endswith" => {
            let v = one(it, &a, name)?;
            let Some((lo, hi, _)) = str_window(s, &a) else {
                return Ok(Value::Bool(false));
            };
            let s = &s[lo..hi];
            let candidates: Vec<Value> = match &v {
                Value::Tuple(t) => t.to_vec(),
                other => vec![other.clone()],
            };
            for c in candidates {
                let p = c.as_str().ok_or_else(|| {
                    it.type_error(format!("{name} first arg must be str or a tuple of str"))
                })?;
                if (name == "startswith" && s.starts_with(p))
                    || (name == "endswith" && s.ends_with(p))
                {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        "find" | "index" | "rfind" | "rindex" => {
            let sub = arg_str(it, &a, 0, "argument")?;
            let (lo, hi, skip) = str_window(s, &a).unwrap_or((0, 0, -1));
            let window = &s[lo..hi];
            let pos = if skip < 0 {
                None
            } else if name.starts_with('r') {
                window.rfind(&sub)
            } else {
                window.find(&sub)
            };
            match pos {
                Some(p) => Ok(Value::Int(skip + window[..p].chars().count() as i64)),
                None if name.ends_with("find") => Ok(Value::Int(-1)),
                None => Err(it.value_error("substring not found")),
            }
        }
        "count" => {
            let sub = arg_str(it, &a, 0, "argument")?;
            let Some((lo, hi, _)) = str_window(s, &a) else {
                return Ok(Value::Int(0));
            };
            let s = &s[lo..hi];
            Ok(Value::Int(if sub.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(&sub).count() as i64
            }))
        }
        "format" => format::str_format(it, s, &a),
        "removeprefix" => {
            let p = arg_str(it, &a, 0, "argument")?;
            string(s.strip_prefix(p.as_str()).unwrap_or(s).into())
        }
        "removesuffix" => {
            let p = arg_str(it, &a, 0, "argument")?;
            string(s.strip_suffix(p.as_str()).unwrap_or(s).into())
        }
        "partition" | "rpartition" => {
            let sep = arg_str(it, &a, 0, "argument")?;
            let found = if name == "partition" {
                s.find(&sep)
            } else {
                s.rfind(&sep)
            };
            let parts = match found {
                Some(p) => [&s[..p], sep.as_str(), &s[p + sep.len()..]],
                None if name == "partition" => [s, "", ""],
                None => ["", "", s],
            };
            Ok(Value::tuple(parts.iter().map(|p| Value::str(p)).collect()))
        }
        "ljust" | "rjust" | "center" | "zfill" => {
            let width = a
                .positional
                .first()
                .and_then(Value::as_int)
                .unwrap_or(0)
                .max(0) as usize;
            let fill = if name == "zfill" {
                '0'
            } else {
                a.positional
                    .get(1)
                    .and_then(|v| v.as_str())
                    .and_then(|f| f.chars().next())
                    .unwrap_or(' ')
            };
            let len = s.chars().count();
            if len >= width {
                return string(s.into());
            }
            let pad = width - len;
            let f = |n: usize| fill.to_string().repeat(n);
            it.alloc(width)?;
            string(match name {
                "ljust" => format!("{s}{}", f(pad)),
                "rjust" => format!("{}{s}", f(pad)),
                // The zeros go after a leading sign, `+` as `-`.
                "zfill" => match s.strip_prefix(['-', '+']) {
                    Some(rest) => format!("{}{}{rest}", &s[..1], f(pad)),
                    None => format!("{}{s}", f(pad)),
                },
                _ => {
                    let left = pad / 2 + (pad & width & 1);
                    format!("{}{s}{}", f(left), f(pad - left))
                }
            })
        }
        "encode" => Ok(Value::Bytes(Rc::from(s.as_bytes()))),
        "translate" => translate(it, s, a),
        "isdigit" | "isnumeric" | "isdecimal" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()),
        )),
        "isalpha" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_alphabetic),
        )),
        "isalnum" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_alphanumeric),
        )),
        "isspace" => Ok(Value::Bool(
            !s.is_empty() && s.chars().all(char::is_whitespace),
        )),
        "islower" => Ok(Value::Bool(
            s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase),
        )),
        "isupper" => Ok(Value::Bool(
            s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase),
        )),
        "istitle" => Ok(Value::Bool(
            !s.is_empty() && str_method(it, s, "title", Args::default())?.as_str() == Some(s),
        )),
        "isascii" => Ok(Value::Bool(s.is_ascii())),
        "isidentifier" => Ok(Value::Bool(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        )),
        _ => Err(it.type_error(format!("str.{name} is not supported"))),
    }
}
