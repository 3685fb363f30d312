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
