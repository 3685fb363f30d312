//! `enum`: `Enum`, `IntEnum`, `StrEnum`, `Flag`, `IntFlag` and `auto`; a class statement
//! with an enum base turns its body into members here.

use std::rc::Rc;

use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

pub(super) fn enum_module(interp: &Interp) -> Module {
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
    let flag = is_flag(class);
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
                next_auto = if flag { next_flag(n) } else { n + 1 };
                Value::Int(n)
            }
        } else {
            if let Value::Int(i) = v {
                next_auto = if flag {
                    next_auto.max(next_flag(i))
                } else {
                    i + 1
                };
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

/// Whether `class` derives from `enum.Flag` (or `IntFlag`): `auto()` counts in powers of two.
fn is_flag(class: &Rc<Class>) -> bool {
    class.mro_iter().any(|c| {
        matches!(&*c.name, "Flag" | "IntFlag") && c.module_name().as_deref() == Some("enum")
    })
}

/// Whether `class` derives from `enum.StrEnum`: `auto()` is the member's name, lowercased.
fn is_str_enum(class: &Rc<Class>) -> bool {
    class
        .mro_iter()
        .any(|c| &*c.name == "StrEnum" && c.module_name().as_deref() == Some("enum"))
}

/// The power of two after `v`'s highest bit (`Flag._generate_next_value_`).
fn next_flag(v: i64) -> i64 {
    let bits = 64 - v.max(0).leading_zeros();
    1i64.checked_shl(bits).unwrap_or(i64::MAX)
}

/// `Color("red")`: the member with that value; `Enum("Color", "RED GREEN")` (a `names`
/// argument): a new enum (the functional API).
pub(crate) fn enum_lookup(interp: &mut Interp, class: &Rc<Class>, mut args: Args) -> EvalResult {
    let value = args.take_kw("value");
    let names = args.take_kw("names");
    if args.positional.len() > 2 {
        return Err(interp.type_error(format!(
            "EnumType.__call__() takes from 2 to 3 positional arguments but {} were given",
            args.positional.len() + 1
        )));
    }
    let mut positional = args.positional.into_iter();
    let v = value.or_else(|| positional.next()).unwrap_or(Value::None);
    let names = names.or_else(|| positional.next());
    if let Some(names) = names.filter(|n| !matches!(n, Value::None)) {
        return create_enum(interp, class, v, names, args.keywords);
    }
    for m in enum_members(class) {
        if let Value::Instance(i) = &m
            && (m.is(&v) || interp.eq(&i.get("value").unwrap_or(Value::None), &v)?)
        {
            return Ok(m);
        }
    }
    Err(interp.value_error(format!("{} is not a valid {}", repr(&v), class.name)))
}

/// `EnumType._create_`: `cls(class_name, names, *, module=None, qualname=None, type=None,
/// start=1, boundary=None)`. `names` is a string of names separated by spaces or commas, a
/// sequence of names, a sequence of (name, value) pairs, or a mapping of names to values.
fn create_enum(
    it: &mut Interp,
    cls: &Rc<Class>,
    class_name: Value,
    names: Value,
    keywords: Vec<(Str, Value)>,
) -> EvalResult {
    let (mut module, mut qualname, mut mixin, mut start) = (None, None, None, Value::Int(1));
    for (k, v) in keywords {
        match &*k {
            "module" => module = Some(v),
            "qualname" => qualname = Some(v),
            "type" => mixin = Some(v),
            "start" => start = v,
            "boundary" => {}
            _ => {
                return Err(it.type_error(format!(
                    "EnumType.__call__() got an unexpected keyword argument '{k}'"
                )));
            }
        }
    }
    let Value::Str(class_name) = class_name else {
        return Err(it.type_error(format!(
            "type.__new__() argument 1 must be str, not {}",
            class_name.type_name()
        )));
    };
    if !enum_members(cls).is_empty() {
        return Err(it.type_error(format!(
            "<enum {}> cannot extend <enum {}>",
            repr(&Value::Str(class_name.clone())),
            repr(&Value::str(&cls.name))
        )));
    }
    let names = match &names {
        Value::Str(s) => Value::list(
            s.replace(',', " ")
                .split_whitespace()
                .map(Value::str)
                .collect(),
        ),
        _ => names,
    };
    // Bare names get generated values: the generated value after the last one.
    let plain_names = match &names {
        Value::List(l) => {
            let l = l.borrow();
            matches!(l.first(), Some(Value::Str(_))).then(|| l.clone())
        }
        Value::Tuple(t) => matches!(t.first(), Some(Value::Str(_))).then(|| t.to_vec()),
        _ => None,
    };
    let mut members: Vec<(Value, Value)> = Vec::new();
    if let Some(list) = plain_names {
        let str_enum = is_str_enum(cls);
        let flag = is_flag(cls);
        let mut last: Option<Value> = None;
        for name in list {
            let value = if str_enum {
                match &name {
                    Value::Str(s) => Value::str(&s.to_lowercase()),
                    _ => name.clone(),
                }
            } else {
                match &last {
                    None => start.clone(),
                    Some(Value::Int(i)) if flag => Value::Int(next_flag(*i)),
                    Some(v) => crate::ops::binary(it, Op::Add, v, &Value::Int(1))?,
                }
            };
            last = Some(value.clone());
            members.push((name, value));
        }
    } else {
        for item in it.iterate(&names)? {
            if let Value::Str(_) = item {
                let value = it.get_item(&names, &item)?;
                members.push((item, value));
                continue;
            }
            let pair = it.iterate(&item)?;
            match <[Value; 2]>::try_from(pair) {
                Ok([name, value]) => members.push((name, value)),
                Err(pair) if pair.len() > 2 => {
                    return Err(it.value_error("too many values to unpack (expected 2)"));
                }
                Err(pair) => {
                    return Err(it.value_error(format!(
                        "not enough values to unpack (expected 2, got {})",
                        pair.len()
                    )));
                }
            }
        }
    }
    let mut ns: Map<Str, Value> = Map::default();
    for (name, value) in members {
        let Value::Str(name) = name else {
            return Err(it.type_error(format!(
                "attribute name must be string, not '{}'",
                name.type_name()
            )));
        };
        if let Some(old) = ns.get(&name) {
            return Err(it.type_error(format!("'{name}' already defined as {}", repr(old))));
        }
        ns.insert(name, value);
    }
    match module {
        Some(Value::None) | None => {}
        Some(m) => {
            ns.insert(Rc::from("__module__"), m);
        }
    }
    if let Some(q) = qualname.filter(|q| !matches!(q, Value::None)) {
        ns.insert(Rc::from("__qualname__"), q);
    }
    let mut bases = Vec::new();
    if let Some(m) = mixin.filter(|m| !matches!(m, Value::None)) {
        bases.push(m);
    }
    bases.push(Value::Class(cls.clone()));
    let class = it.type_new(cls.meta.clone(), &class_name, bases, ns, Vec::new(), None)?;
    Ok(Value::Class(class))
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
