//! `re`: Python's patterns run by regex-lite (translated where the syntaxes differ), compiled
//! patterns and match objects; a pattern the engine cannot run fails when used.

use std::rc::Rc;

use super::str_arg;
use crate::format::{repr, to_str};
use crate::interp::Interp;
use crate::value::*;

/// A Python pattern in the regex engine's syntax: `{` that does not start a counted
/// repetition (`{n}`, `{n,}`, `{,m}`, `{n,m}`) is a literal in Python and escaped here, and
/// so is the `}` that closes it; `\Z` (Python's end of string) is `\z`.
fn python_pattern(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                match chars[i + 1] {
                    'Z' => out.push_str("\\z"),
                    n => {
                        out.push('\\');
                        out.push(n);
                    }
                }
                i += 2;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // `[]...]` and `[^]...]`: a leading `]` is a literal.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            // A `[` in a class is a literal in Python, a nested class to the regex engine.
            '[' => out.push_str("\\["),
            '{' if !in_class => {
                let end = chars[i + 1..].iter().position(|&c| c == '}');
                let counted = end.is_some_and(|n| {
                    let body: String = chars[i + 1..i + 1 + n].iter().collect();
                    let (lo, hi) = body.split_once(',').unwrap_or((&body, "0"));
                    (!lo.is_empty() || !hi.is_empty())
                        && lo.chars().all(|c| c.is_ascii_digit())
                        && hi.chars().all(|c| c.is_ascii_digit())
                        && body.chars().any(|c| c.is_ascii_digit())
                });
                if counted {
                    let n = end.unwrap_or(0);
                    let body: String = chars[i + 1..i + 1 + n].iter().collect();
                    // `{,m}` is `{0,m}` to the regex engine.
                    let body = if body.starts_with(',') {
                        format!("0{body}")
                    } else {
                        body
                    };
                    out.push('{');
                    out.push_str(&body);
                    out.push('}');
                    i += n + 2;
                    continue;
                }
                out.push_str("\\{");
            }
            '}' if !in_class => out.push_str("\\}"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

struct UnsupportedPattern {
    source: Rc<str>,
    reason: String,
}

impl HostObject for UnsupportedPattern {
    fn type_name(&self) -> String {
        "re.Pattern".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(Some(match name {
            "pattern" => Value::Str(self.source.clone()),
            "flags" => Value::Int(32),
            _ => {
                let me = self.clone();
                Value::native(name, move |it, _| {
                    Err(it.unsupported(
                        format!("the regular expression {} ({})", crate::format::str_repr(&me.source), me.reason),
                        Some("Retort's regex engine has no look-around or back-references; a pattern that needs them compiles, and cannot be used".into()),
                    ))
                })
            }
        }))
    }
    fn repr(&self) -> String {
        format!("re.compile({})", crate::format::str_repr(&self.source))
    }
}

pub(super) fn re_module() -> Module {
    fn compile(it: &mut Interp, pattern: &Value, flags: i64) -> EvalResult<Rc<Regex>> {
        if let Some(r) = pattern
            .host_rc()
            .and_then(|h| h.as_any().downcast_ref::<Regex>())
        {
            return Ok(Rc::new(Regex {
                source: r.source.clone(),
                re: r.re.clone(),
            }));
        }
        let src = pattern
            .as_str()
            .ok_or_else(|| it.type_error("first argument must be string or compiled pattern"))?;
        let mut prefix = String::new();
        if flags & 2 != 0 {
            prefix.push_str("(?i)");
        }
        if flags & 8 != 0 {
            prefix.push_str("(?m)");
        }
        if flags & 16 != 0 {
            prefix.push_str("(?s)");
        }
        if flags & 64 != 0 {
            prefix.push_str("(?x)");
        }
        let re = regex_lite::Regex::new(&format!("{prefix}{}", python_pattern(src)))
            .map_err(|e| it.exc("ValueError", format!("re.error: {e}")))?;
        Ok(Rc::new(Regex {
            source: Rc::from(src),
            re,
        }))
    }
    fn flags_of(a: &Args, i: usize) -> i64 {
        a.arg(i, "flags").and_then(Value::as_int).unwrap_or(0)
    }
    let f = |name: &'static str, argi: usize| {
        Value::native(name, move |it, a| {
            let pat = a.positional.first().cloned().unwrap_or(Value::None);
            let re = compile(it, &pat, flags_of(&a, argi))?;
            let rest = Args::new(
                a.positional
                    .iter()
                    .skip(1)
                    .take(argi - 1)
                    .cloned()
                    .collect(),
            );
            regex_method(it, &re, name, rest)
        })
    };
    Module::new(
        "re",
        [
            (
                "compile",
                Value::native("compile", move |it, a| {
                    let pat = a.positional.first().cloned().unwrap_or(Value::None);
                    match compile(it, &pat, flags_of(&a, 1)) {
                        Ok(re) => Ok(Value::Host(re)),
                        // A pattern the regex engine cannot run (look-around, back-references)
                        // is valid Python: a module compiling it at import still loads; using
                        // it is the error.
                        Err(crate::interp::Unwind::Exception(e))
                            if pat.as_str().is_some()
                                && crate::format::to_str(&e.value).contains("not supported") =>
                        {
                            Ok(Value::host(UnsupportedPattern {
                                source: Rc::from(pat.as_str().unwrap_or_default()),
                                reason: crate::format::to_str(&e.value),
                            }))
                        }
                        Err(e) => Err(e),
                    }
                }),
            ),
            ("match", f("match", 2)),
            ("search", f("search", 2)),
            ("fullmatch", f("fullmatch", 2)),
            ("findall", f("findall", 2)),
            ("split", f("split", 2)),
            ("sub", f("sub", 3)),
            (
                "escape",
                Value::native("escape", |it, a| {
                    Ok(Value::str(&regex_lite::escape(&str_arg(it, &a, 0)?)))
                }),
            ),
            ("IGNORECASE", Value::Int(2)),
            ("I", Value::Int(2)),
            ("MULTILINE", Value::Int(8)),
            ("M", Value::Int(8)),
            ("DOTALL", Value::Int(16)),
            ("S", Value::Int(16)),
            ("VERBOSE", Value::Int(64)),
            ("X", Value::Int(64)),
            // regex-lite's classes are ASCII already.
            ("ASCII", Value::Int(256)),
            ("A", Value::Int(256)),
        ],
    )
}

struct Regex {
    source: Str,
    re: regex_lite::Regex,
}

impl HostObject for Regex {
    fn type_name(&self) -> String {
        "re.Pattern".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if name == "pattern" {
            return Ok(Some(Value::Str(self.source.clone())));
        }
        if !matches!(
            name,
            "match" | "search" | "fullmatch" | "findall" | "split" | "sub"
        ) {
            return Ok(None);
        }
        let me = self.clone();
        let name: &'static str = match name {
            "match" => "match",
            "search" => "search",
            "fullmatch" => "fullmatch",
            "findall" => "findall",
            "split" => "split",
            _ => "sub",
        };
        Ok(Some(Value::native(name, move |it, a| {
            regex_method(it, &me, name, a)
        })))
    }
    fn repr(&self) -> String {
        format!("re.compile({})", repr(&Value::Str(self.source.clone())))
    }
}

fn regex_method(it: &mut Interp, re: &Rc<Regex>, name: &str, a: Args) -> EvalResult {
    match name {
        "sub" => {
            let repl = a.positional.first().cloned().unwrap_or(Value::None);
            let text = str_arg(it, &a, 1)?;
            match &repl {
                Value::Str(r) => {
                    // Python's \1 group references become regex's ${1}.
                    let mut rr = String::new();
                    let mut chars = r.chars().peekable();
                    while let Some(c) = chars.next() {
                        if c == '\\' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                            rr.push_str(&format!("${{{}}}", chars.next().unwrap()));
                        } else if c == '$' {
                            rr.push_str("$$");
                        } else {
                            rr.push(c);
                        }
                    }
                    Ok(Value::str(&re.re.replace_all(&text, rr.as_str())))
                }
                f => {
                    let mut out = String::new();
                    let mut last = 0;
                    for caps in re.re.captures_iter(&text) {
                        let m = caps.get(0).unwrap();
                        out.push_str(&text[last..m.start()]);
                        let mobj = Value::host(Match::from(&re.re, &caps));
                        let r = it.call(f, Args::new(vec![mobj]))?;
                        out.push_str(&to_str(&r));
                        last = m.end();
                    }
                    out.push_str(&text[last..]);
                    Ok(Value::str(&out))
                }
            }
        }
        "findall" => {
            let text = str_arg(it, &a, 0)?;
            let groups = re.re.captures_len() - 1;
            Ok(Value::list(
                re.re
                    .captures_iter(&text)
                    .map(|c| match groups {
                        0 => Value::str(c.get(0).map_or("", |m| m.as_str())),
                        1 => Value::str(c.get(1).map_or("", |m| m.as_str())),
                        _ => Value::tuple(
                            (1..=groups)
                                .map(|g| Value::str(c.get(g).map_or("", |m| m.as_str())))
                                .collect(),
                        ),
                    })
                    .collect(),
            ))
        }
        "split" => {
            let text = str_arg(it, &a, 0)?;
            Ok(Value::list(re.re.split(&text).map(Value::str).collect()))
        }
        _ => {
            let text = str_arg(it, &a, 0)?;
            let caps = re.re.captures(&text);
            let found = caps.filter(|c| {
                let m = c.get(0).unwrap();
                match name {
                    "match" => m.start() == 0,
                    "fullmatch" => m.start() == 0 && m.end() == text.len(),
                    _ => true,
                }
            });
            // `match` must anchor at 0 even when a later match exists.
            let found = match (name, found) {
                ("match" | "fullmatch", None) => {
                    let anchored = regex_lite::Regex::new(&format!(
                        "^(?:{}){}",
                        re.source,
                        if name == "fullmatch" { "$" } else { "" }
                    ))
                    .ok();
                    return Ok(
                        match anchored.and_then(|r| r.captures(&text).map(|c| Match::from(&r, &c)))
                        {
                            Some(m) => Value::host(m),
                            None => Value::None,
                        },
                    );
                }
                (_, f) => f,
            };
            Ok(match found {
                Some(c) => Value::host(Match::from(&re.re, &c)),
                None => Value::None,
            })
        }
    }
}

struct Match {
    groups: Vec<Option<(usize, usize, String)>>,
    /// The names of the groups (`(?P<name>...)`), by index.
    names: Vec<Option<String>>,
}

impl Match {
    fn from(re: &regex_lite::Regex, c: &regex_lite::Captures<'_>) -> Match {
        Match {
            groups: (0..c.len())
                .map(|i| {
                    c.get(i)
                        .map(|m| (m.start(), m.end(), m.as_str().to_owned()))
                })
                .collect(),
            names: re.capture_names().map(|n| n.map(str::to_owned)).collect(),
        }
    }

    /// The index of group `key` (a number or a group's name).
    fn index(&self, it: &Interp, key: &Value) -> EvalResult<usize> {
        let i = match key {
            Value::Str(name) => self
                .names
                .iter()
                .position(|n| n.as_deref() == Some(&**name)),
            v => v
                .as_int()
                .and_then(|i| usize::try_from(i).ok())
                .filter(|i| *i < self.groups.len()),
        };
        i.ok_or_else(|| it.exc("IndexError", "no such group"))
    }
}

impl HostObject for Match {
    fn type_name(&self) -> String {
        "re.Match".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        let me2 = self.clone();
        let g = move |i: usize| -> Value {
            me.groups
                .get(i)
                .cloned()
                .flatten()
                .map_or(Value::None, |(_, _, s)| Value::str(&s))
        };
        Ok(Some(match name {
            "group" => Value::native("group", move |it, a| {
                let idx: Vec<usize> = a
                    .positional
                    .iter()
                    .map(|v| me2.index(it, v))
                    .collect::<EvalResult<_>>()?;
                Ok(match idx.as_slice() {
                    [] => g(0),
                    [i] => g(*i),
                    many => Value::tuple(many.iter().map(|i| g(*i)).collect()),
                })
            }),
            "groups" => {
                let me = self.clone();
                Value::native("groups", move |_, _| {
                    Ok(Value::tuple(
                        me.groups[1..]
                            .iter()
                            .map(|x| x.as_ref().map_or(Value::None, |(_, _, s)| Value::str(s)))
                            .collect(),
                    ))
                })
            }
            "start" | "end" => {
                let me = self.clone();
                let is_start = name == "start";
                Value::native(if is_start { "start" } else { "end" }, move |it, a| {
                    let i = match a.positional.first() {
                        Some(k) => me.index(it, k)?,
                        None => 0,
                    };
                    Ok(match me.groups.get(i).cloned().flatten() {
                        Some((s, e, _)) => Value::Int(if is_start { s } else { e } as i64),
                        None => Value::Int(-1),
                    })
                })
            }
            "groupdict" => {
                let me = self.clone();
                Value::native("groupdict", move |_, a| {
                    let default = a.positional.first().cloned().unwrap_or(Value::None);
                    let mut d = Dict::new();
                    for (i, n) in me.names.iter().enumerate() {
                        if let Some(n) = n {
                            let v = me.groups[i]
                                .as_ref()
                                .map_or(default.clone(), |(_, _, s)| Value::str(s));
                            d.insert_str(n, v);
                        }
                    }
                    Ok(Value::dict(d))
                })
            }
            "span" => {
                let me = self.clone();
                Value::native("span", move |it, a| {
                    let i = match a.positional.first() {
                        Some(k) => me.index(it, k)?,
                        None => 0,
                    };
                    Ok(match me.groups.get(i).cloned().flatten() {
                        Some((s, e, _)) => {
                            Value::tuple(vec![Value::Int(s as i64), Value::Int(e as i64)])
                        }
                        None => Value::tuple(vec![Value::Int(-1), Value::Int(-1)]),
                    })
                })
            }
            "lastindex" => self
                .groups
                .iter()
                .rposition(|g| g.is_some())
                .filter(|i| *i > 0)
                .map_or(Value::None, |i| Value::Int(i as i64)),
            _ => return Ok(None),
        }))
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        let i = self.index(it, key)?;
        Ok(Some(
            self.groups
                .get(i)
                .cloned()
                .flatten()
                .map_or(Value::None, |(_, _, s)| Value::str(&s)),
        ))
    }
}
