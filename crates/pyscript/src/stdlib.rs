//! The parts of Python's standard library that revision files import: `typing`, `datetime`,
//! `uuid`, `json`, `enum`, `re`, `textwrap`, `collections`, `time`, `decimal`.
//!
//! Nothing here reads the clock, the environment or the disk: `datetime.now()` answers a
//! fixed instant and `uuid4()` a deterministic sequence, so a run is reproducible.

use std::cell::RefCell;
use std::rc::Rc;

use crate::format::{repr, to_str};
use crate::interp::Interp;
use crate::value::*;

/// Modules the interpreter itself provides (listed in import-error hints).
pub const MODULES: &[&str] = &[
    "__future__",
    "abc",
    "asyncio",
    "base64",
    "binascii",
    "collections",
    "collections.abc",
    "configparser",
    "contextlib",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "difflib",
    "enum",
    "fnmatch",
    "functools",
    "glob",
    "hashlib",
    "http",
    "http.client",
    "importlib",
    "importlib.machinery",
    "importlib.metadata",
    "importlib.util",
    "io",
    "itertools",
    "json",
    "logging",
    "logging.config",
    "logging.handlers",
    "math",
    "operator",
    "os",
    "os.path",
    "pathlib",
    "pickle",
    "posixpath",
    "random",
    "re",
    "shlex",
    "shutil",
    "string",
    "struct",
    "sys",
    "textwrap",
    "time",
    "types",
    "typing",
    "typing_extensions",
    "urllib",
    "urllib.parse",
    "uuid",
    "warnings",
    "zlib",
];

pub(crate) fn module(interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
    let m = match name {
        "typing" => crate::typing::typing_module(interp)?,
        // One module under both names: `typing_extensions.Generic is typing.Generic`.
        "typing_extensions" => return interp.import_module("typing").map(Some),
        "types" => crate::typing::types_module(interp),
        "asyncio" => crate::coroutine::module(interp),
        "abc" => abc_module(interp),
        "datetime" => datetime(),
        "uuid" => uuid(),
        "json" => json(),
        "enum" => enum_module(interp),
        "re" => re_module(),
        "collections" => {
            let named_tuple = interp.import_module("_namedtuple")?;
            let namedtuple = interp.get_attr(&named_tuple, "namedtuple")?;
            Module::new(
                "collections",
                [
                    ("namedtuple", namedtuple),
                    (
                        "OrderedDict",
                        interp.builtins.get("dict").cloned().unwrap_or(Value::None),
                    ),
                    (
                        "defaultdict",
                        Value::native("defaultdict", |_, a| {
                            Ok(Value::host(DefaultDict {
                                factory: a.positional.first().cloned().unwrap_or(Value::None),
                                dict: Rc::new(RefCell::new(Dict::new())),
                            }))
                        }),
                    ),
                ],
            )
        }
        "zlib" => Module::new(
            "zlib",
            [
                (
                    "compress",
                    Value::native("compress", |it, a| {
                        let b = bytes_arg(it, &a)?;
                        let level = a
                            .arg(1, "level")
                            .and_then(Value::as_int)
                            .unwrap_or(6)
                            .clamp(0, 9) as u8;
                        Ok(Value::Bytes(Rc::from(
                            miniz_oxide::deflate::compress_to_vec_zlib(&b, level),
                        )))
                    }),
                ),
                (
                    "decompress",
                    Value::native("decompress", |it, a| {
                        let b = bytes_arg(it, &a)?;
                        let limit = it.limits.max_value_bytes;
                        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&b, limit)
                            .map(|o| Value::Bytes(Rc::from(o)))
                            .map_err(|e| {
                                it.exc(
                                    "ValueError",
                                    format!(
                                        "zlib.error: Error while decompressing data ({:?})",
                                        e.status
                                    ),
                                )
                            })
                    }),
                ),
            ],
        ),
        "binascii" => Module::new(
            "binascii",
            [
                (
                    "hexlify",
                    Value::native("hexlify", |it, a| {
                        let b = bytes_arg(it, &a)?;
                        Ok(Value::Bytes(Rc::from(
                            b.iter()
                                .map(|x| format!("{x:02x}"))
                                .collect::<String>()
                                .into_bytes(),
                        )))
                    }),
                ),
                (
                    "unhexlify",
                    Value::native("unhexlify", |it, a| {
                        let b = bytes_arg(it, &a)?;
                        let s = String::from_utf8_lossy(&b).into_owned();
                        if !s.len().is_multiple_of(2) {
                            return Err(it.value_error("binascii.Error: Odd-length string"));
                        }
                        let out: Result<Vec<u8>, _> = (0..s.len())
                            .step_by(2)
                            .map(|i| u8::from_str_radix(&s[i..i + 2], 16))
                            .collect();
                        out.map(|o| Value::Bytes(Rc::from(o))).map_err(|_| {
                            it.value_error("binascii.Error: Non-hexadecimal digit found")
                        })
                    }),
                ),
                (
                    "Error",
                    interp
                        .builtins
                        .get("ValueError")
                        .cloned()
                        .unwrap_or(Value::None),
                ),
            ],
        ),
        "time" => Module::new(
            "time",
            [
                ("sleep", Value::native("sleep", |_, _| Ok(Value::None))),
                (
                    "time",
                    Value::native("time", |_, _| Ok(Value::Float(1_735_689_600.0))),
                ),
            ],
        ),
        "decimal" => crate::decimal::module(interp),
        "collections.abc" => crate::typing::abc_module(interp),
        "math" => math(),
        "warnings" => Module::new(
            "warnings",
            [
                ("warn", Value::native("warn", |_, _| Ok(Value::None))),
                (
                    "filterwarnings",
                    Value::native("filterwarnings", |_, _| Ok(Value::None)),
                ),
                (
                    "simplefilter",
                    Value::native("simplefilter", |_, _| Ok(Value::None)),
                ),
                (
                    "catch_warnings",
                    Value::native("catch_warnings", |_, _| {
                        Ok(Value::host(NullContext(Value::None)))
                    }),
                ),
            ],
        ),
        "contextlib" => Module::new(
            "contextlib",
            [
                (
                    "suppress",
                    Value::native("suppress", |_, a| Ok(Value::host(Suppress(a.positional)))),
                ),
                (
                    "nullcontext",
                    Value::native("nullcontext", |_, a| {
                        Ok(Value::host(NullContext(
                            a.positional.into_iter().next().unwrap_or(Value::None),
                        )))
                    }),
                ),
                (
                    "contextmanager",
                    Value::native("contextmanager", |_, _| {
                        // Generator-based context managers need generators, which the
                        // interpreter does not run: calling the result fails clearly.
                        Ok(Value::native("contextmanager", move |it, _| {
                            Err(it.unsupported(
                                "`@contextlib.contextmanager` functions (they are generators)",
                                Some("write the set-up and tear-down inline, or as a class with __enter__/__exit__".into()),
                            ))
                        }))
                    }),
                ),
            ],
        ),
        "base64" => Module::new(
            "base64",
            [
                (
                    "b64encode",
                    Value::native("b64encode", |it, a| {
                        use base64::Engine;
                        let b = bytes_arg(it, &a)?;
                        Ok(Value::Bytes(Rc::from(
                            base64::engine::general_purpose::STANDARD
                                .encode(b)
                                .into_bytes(),
                        )))
                    }),
                ),
                (
                    "b64decode",
                    Value::native("b64decode", |it, a| {
                        use base64::Engine;
                        let b = bytes_arg(it, &a)?;
                        let out = base64::engine::general_purpose::STANDARD
                            .decode(b)
                            .map_err(|e| it.exc("ValueError", format!("binascii.Error: {e}")))?;
                        Ok(Value::Bytes(Rc::from(out)))
                    }),
                ),
            ],
        ),
        "hashlib" => Module::new(
            "hashlib",
            [
                (
                    "sha256",
                    Value::native("sha256", |it, a| hash_new(it, a, "sha256")),
                ),
                (
                    "sha1",
                    Value::native("sha1", |it, a| hash_new(it, a, "sha1")),
                ),
                ("md5", Value::native("md5", |it, a| hash_new(it, a, "md5"))),
            ],
        ),
        // Written in Python (`src/python/`), or `sys` and the sandbox's helpers.
        _ => return crate::pylib::module(interp, name),
    };
    Ok(Some(Value::Module(Rc::new(m))))
}

/// `abc`: `ABC`, `ABCMeta` and `abstractmethod` (abstract classes can be instantiated: the
/// sandbox does not check abstract methods).
fn abc_module(interp: &mut Interp) -> Module {
    let mut attrs = Map::default();
    attrs.insert(Rc::from("__module__"), Value::str("abc"));
    let meta = crate::interp::simple_class("ABCMeta", interp.type_class.clone(), attrs.clone());
    let abc = crate::interp::simple_class("ABC", interp.object.clone(), attrs);
    Module::new(
        "abc",
        [
            ("ABC", Value::Class(abc)),
            ("ABCMeta", Value::Class(meta)),
            (
                "abstractmethod",
                Value::native("abstractmethod", |it, a| {
                    let f = a.positional.into_iter().next().unwrap_or(Value::None);
                    if let Value::Function(_) = &f {
                        it.set_attr(&f, "__isabstractmethod__", Value::Bool(true))?;
                    }
                    Ok(f)
                }),
            ),
        ],
    )
}

/// The string a Python string literal without escapes (`'name'`, `"it's"`) stands for.
pub(crate) fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = s.strip_prefix(q)?.strip_suffix(q)?;
    (s.len() >= 2 && !inner.contains('\\') && !inner.contains(q)).then(|| inner.to_owned())
}

fn str_arg(it: &Interp, a: &Args, i: usize) -> EvalResult<String> {
    match a.positional.get(i) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => Err(it.type_error(format!("expected str, got {}", v.type_name()))),
        None => Err(it.type_error("missing argument")),
    }
}

// ------------------------------------------------------------------ enum

fn enum_module(interp: &Interp) -> Module {
    let base = |name: &str, str_mixin: bool| {
        let object = interp.object.clone();
        let mut attrs = Map::default();
        attrs.insert(Rc::from("__module__"), Value::str("enum"));
        if str_mixin {
            attrs.insert(Rc::from("__str_mixin__"), Value::Bool(true));
        }
        if matches!(name, "IntEnum" | "IntFlag") {
            attrs.insert(Rc::from("__int_mixin__"), Value::Bool(true));
        }
        let mut c = Class::raw(name, name, vec![object.clone()], vec![object], attrs);
        c.is_enum = true;
        Value::Class(Rc::new(c))
    };
    Module::new(
        "enum",
        [
            ("Enum", base("Enum", false)),
            ("IntEnum", base("IntEnum", false)),
            ("StrEnum", base("StrEnum", true)),
            ("Flag", base("Flag", false)),
            ("IntFlag", base("IntFlag", false)),
            ("auto", Value::native("auto", |_, _| Ok(Value::host(Auto)))),
            (
                "unique",
                Value::native("unique", |_, a| {
                    Ok(a.positional.into_iter().next().unwrap_or(Value::None))
                }),
            ),
        ],
    )
}

struct Auto;

impl HostObject for Auto {
    fn type_name(&self) -> String {
        "auto".into()
    }
}

/// Turns a class body into enum members: every plain value becomes a member with `name`
/// and `value`; functions stay methods.
pub(crate) fn build_enum(
    interp: &mut Interp,
    class: &Rc<Class>,
    attrs: Map<Str, Value>,
) -> EvalResult<()> {
    let str_mixin = attrs.contains_key("__str_mixin__") || class.lookup("__str_mixin__").is_some();
    let int_mixin = attrs.contains_key("__int_mixin__") || class.lookup("__int_mixin__").is_some();
    let mut next_auto = 1;
    for (name, v) in attrs {
        let is_member = !name.starts_with('_')
            && !matches!(v, Value::Function(_) | Value::Native(_) | Value::Class(_))
            && !matches!(&v, Value::Host(h) if matches!(h.type_name().as_str(), "staticmethod" | "classmethod" | "property"));
        if !is_member {
            class.attrs.borrow_mut().insert(name, v);
            continue;
        }
        let value = if v.downcast_host::<Auto>().is_some() {
            if str_mixin {
                Value::str(&name.to_lowercase())
            } else {
                let n = next_auto;
                next_auto += 1;
                Value::Int(n)
            }
        } else {
            if let Value::Int(i) = v {
                next_auto = i + 1;
            }
            v
        };
        let member = Instance::new(class.clone());
        member.set("name", Value::Str(name.clone()));
        member.set("value", value);
        if str_mixin {
            member.set("__str_mixin__", Value::Bool(true));
        }
        if int_mixin && matches!(member.get("value"), Some(Value::Int(_))) {
            member.set("__int_mixin__", Value::Bool(true));
        }
        class
            .attrs
            .borrow_mut()
            .insert(name, Value::Instance(Rc::new(member)));
    }
    if str_mixin {
        class
            .attrs
            .borrow_mut()
            .insert(Rc::from("__str_mixin__"), Value::Bool(true));
    }
    if int_mixin {
        class
            .attrs
            .borrow_mut()
            .insert(Rc::from("__int_mixin__"), Value::Bool(true));
    }
    let _ = interp;
    Ok(())
}

pub(crate) fn enum_members(class: &Rc<Class>) -> Vec<Value> {
    class
        .attrs
        .borrow()
        .values()
        .filter(|v| matches!(v, Value::Instance(i) if Rc::ptr_eq(&i.class, class)))
        .cloned()
        .collect()
}

/// `Color("red")`: the member with that value.
pub(crate) fn enum_lookup(interp: &mut Interp, class: &Rc<Class>, args: Args) -> EvalResult {
    let v = args.positional.first().cloned().unwrap_or(Value::None);
    for m in enum_members(class) {
        if let Value::Instance(i) = &m
            && (m.is(&v) || interp.eq(&i.get("value").unwrap_or(Value::None), &v)?)
        {
            return Ok(m);
        }
    }
    Err(interp.value_error(format!("{} is not a valid {}", repr(&v), class.name)))
}

/// Computed class attributes: `Enum.__members__`.
pub(crate) fn class_attr(
    _interp: &mut Interp,
    class: &Rc<Class>,
    name: &str,
) -> EvalResult<Option<Value>> {
    if class.is_enum && name == "__members__" {
        let mut d = Dict::new();
        for m in enum_members(class) {
            if let Value::Instance(i) = &m {
                d.insert(i.get("name").unwrap_or(Value::None), m.clone())
                    .ok();
            }
        }
        return Ok(Some(Value::dict(d)));
    }
    Ok(None)
}

// ------------------------------------------------------------------ uuid

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn uuid() -> Module {
    Module::new(
        "uuid",
        [
            (
                "uuid4",
                Value::native("uuid4", |it, _| {
                    it.uuid_counter += 1;
                    let a = splitmix(it.uuid_counter * 2);
                    let b = splitmix(it.uuid_counter * 2 + 1);
                    let mut bytes = [0u8; 16];
                    bytes[..8].copy_from_slice(&a.to_be_bytes());
                    bytes[8..].copy_from_slice(&b.to_be_bytes());
                    bytes[6] = (bytes[6] & 0x0f) | 0x40;
                    bytes[8] = (bytes[8] & 0x3f) | 0x80;
                    Ok(Value::host(Uuid(bytes)))
                }),
            ),
            (
                "UUID",
                Value::native_type("uuid.UUID", |it, a| {
                    // `UUID(int=N)` / `UUID(bytes=b)`: pyscript's ints are 64-bit, so `int`
                    // covers the low half (the high half is zero).
                    if let Some(v) = a.kw("int") {
                        let Some(n) = v.as_int().filter(|n| *n >= 0) else {
                            return Err(
                                it.value_error("int is out of range (need a 128-bit value)")
                            );
                        };
                        let mut bytes = [0u8; 16];
                        bytes[8..].copy_from_slice(&(n as u64).to_be_bytes());
                        return Ok(Value::host(Uuid(bytes)));
                    }
                    if let Some(Value::Bytes(b)) = a.kw("bytes") {
                        let Ok(bytes) = <[u8; 16]>::try_from(&b[..]) else {
                            return Err(it.value_error("bytes is not a 16-char string"));
                        };
                        return Ok(Value::host(Uuid(bytes)));
                    }
                    let s = match a.arg(0, "hex") {
                        Some(Value::Str(s)) => s.to_string(),
                        _ => {
                            return Err(it.type_error(
                                "one of the hex, bytes, bytes_le, fields, or int arguments must be given",
                            ));
                        }
                    };
                    let hex: String = s
                        .trim_start_matches("urn:uuid:")
                        .chars()
                        .filter(|c| *c != '-' && *c != '{' && *c != '}')
                        .collect();
                    if hex.len() != 32 {
                        return Err(it.value_error("badly formed hexadecimal UUID string"));
                    }
                    let mut bytes = [0u8; 16];
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16)
                            .map_err(|_| it.value_error("badly formed hexadecimal UUID string"))?;
                    }
                    Ok(Value::host(Uuid(bytes)))
                }),
            ),
        ],
    )
}

pub struct Uuid(pub [u8; 16]);

impl Uuid {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl HostObject for Uuid {
    fn type_name(&self) -> String {
        "UUID".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "hex" => Some(Value::str(&self.hex())),
            "bytes" => Some(Value::Bytes(Rc::from(self.0.to_vec()))),
            _ => None,
        })
    }
    fn to_str(&self) -> String {
        let h = self.hex();
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
    fn repr(&self) -> String {
        format!("UUID('{}')", self.to_str())
    }
    fn hash_key(&self) -> Option<HashKey> {
        Some(HashKey::Bytes(Rc::from(self.0.to_vec())))
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let same = other.downcast_host::<Uuid>().is_some_and(|o| o.0 == self.0);
        Ok(op.equality(same))
    }
}

// ------------------------------------------------------------------ json

fn json() -> Module {
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

// ------------------------------------------------------------------ re

/// A compiled pattern Retort's regex engine cannot run: an error when used.
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

fn re_module() -> Module {
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

// ------------------------------------------------------------------ datetime

fn datetime() -> Module {
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
            "now" | "utcnow" | "today" => Value::native(name, move |it, a| {
                let (y, m, d, h, mi, s, us) = it.fixed_now;
                // The fixed clock reads UTC; an aware `now(tz)` shows it at tz's offset.
                let tz = tz_of(it, a.arg(0, "tz"))?;
                Ok(Value::host(DateTime {
                    micros: DateTime::from_parts(y, m, d, h, mi, s, us)
                        + tz.unwrap_or(0) as i64 * 1_000_000,
                    date_only,
                    tz,
                }))
            }),
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

// ------------------------------------------------------------------ math, contextlib, hashlib

fn math() -> Module {
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

/// `contextlib.nullcontext(x)` and `warnings.catch_warnings()`.
struct NullContext(Value);

impl HostObject for NullContext {
    fn type_name(&self) -> String {
        "nullcontext".into()
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(self.0.clone()))
    }
}

/// `contextlib.suppress(*exceptions)`.
struct Suppress(Vec<Value>);

impl HostObject for Suppress {
    fn type_name(&self) -> String {
        "suppress".into()
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::None))
    }
    fn exit(self: Rc<Self>, interp: &mut Interp, error: Option<&Value>) -> EvalResult<bool> {
        let Some(e) = error else { return Ok(false) };
        for t in &self.0 {
            if crate::builtins::isinstance(interp, e, t)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

fn bytes_arg(it: &Interp, a: &Args) -> EvalResult<Vec<u8>> {
    match a.positional.first() {
        Some(Value::Bytes(b)) => Ok(b.to_vec()),
        Some(Value::Str(s)) => Ok(s.as_bytes().to_vec()),
        Some(v) => Err(it.type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))),
        None => Ok(Vec::new()),
    }
}

fn hash_new(it: &mut Interp, a: Args, algo: &'static str) -> EvalResult {
    let data = bytes_arg(it, &a)?;
    Ok(Value::host(Hash {
        algo,
        data: std::cell::RefCell::new(data),
    }))
}

/// `hashlib.sha256(...)` and friends: data is kept and digested on demand.
struct Hash {
    algo: &'static str,
    data: std::cell::RefCell<Vec<u8>>,
}

impl Hash {
    fn digest(&self) -> Vec<u8> {
        use sha2::Digest;
        let data = self.data.borrow();
        match self.algo {
            "sha256" => sha2::Sha256::digest(&*data).to_vec(),
            "sha1" => sha1::Sha1::digest(&*data).to_vec(),
            _ => md5::Md5::digest(&*data).to_vec(),
        }
    }
}

impl HostObject for Hash {
    fn type_name(&self) -> String {
        format!("_hashlib.HASH ({})", self.algo)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            "update" => Value::native("update", move |it, a| {
                let b = bytes_arg(it, &a)?;
                it.alloc(b.len())?;
                me.data.borrow_mut().extend(b);
                Ok(Value::None)
            }),
            "hexdigest" => Value::native("hexdigest", move |_, _| {
                Ok(Value::str(
                    &me.digest()
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>(),
                ))
            }),
            "digest" => Value::native("digest", move |_, _| {
                Ok(Value::Bytes(Rc::from(me.digest())))
            }),
            "name" => Value::str(self.algo),
            _ => return Ok(None),
        }))
    }
}

/// `collections.defaultdict(factory)`.
struct DefaultDict {
    factory: Value,
    dict: Rc<RefCell<Dict>>,
}

impl HostObject for DefaultDict {
    fn type_name(&self) -> String {
        "defaultdict".into()
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        let found = self
            .dict
            .borrow()
            .get(key)
            .map_err(|m| it.type_error(m))?
            .cloned();
        match found {
            Some(v) => Ok(Some(v)),
            None => {
                if self.factory.is_none() {
                    return Err(it.key_error(key));
                }
                let v = it.call(&self.factory, Args::default())?;
                self.dict
                    .borrow_mut()
                    .insert(key.clone(), v.clone())
                    .map_err(|m| it.type_error(m))?;
                Ok(Some(v))
            }
        }
    }
    fn set_item(&self, it: &mut Interp, key: Value, value: Value) -> EvalResult<bool> {
        self.dict
            .borrow_mut()
            .insert(key, value)
            .map_err(|m| it.type_error(m))?;
        Ok(true)
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.dict.borrow().keys()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.dict.borrow().len())
    }
    fn get_attr(self: Rc<Self>, it: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        // The methods of the underlying dict.
        let d = Value::Dict(self.dict.clone());
        it.get_attr_opt(&d, name)
    }
    fn repr(&self) -> String {
        format!(
            "defaultdict({}, {})",
            repr(&self.factory),
            repr(&Value::Dict(self.dict.clone()))
        )
    }
}
