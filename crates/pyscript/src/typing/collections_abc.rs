//! `collections.abc`: its classes, and which builtin values are instances of them.

use std::rc::Rc;

use super::{Form, Kind, args_of, new, plain_class, types_alias};
use crate::descriptors::ClassMethod;
use crate::interp::Interp;
use crate::value::*;

const ABCS: &[&str] = &[
    "Hashable",
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "Iterable",
    "Iterator",
    "Reversible",
    "Generator",
    "Sized",
    "Container",
    "Callable",
    "Collection",
    "Set",
    "MutableSet",
    "Mapping",
    "MutableMapping",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "Sequence",
    "MutableSequence",
    "ByteString",
];

/// `collections.abc`: its classes, subscriptable as `types.GenericAlias`.
pub(crate) fn abc_module(it: &mut Interp) -> Module {
    let m = Module::new("collections.abc", []);
    for name in ABCS {
        let c = plain_class(it, "collections.abc", name, vec![]);
        c.attrs.borrow_mut().insert(
            Rc::from("__class_getitem__"),
            Value::host(ClassMethod(Value::native("__class_getitem__", |_, a| {
                let cls = a.positional.first().cloned().unwrap_or(Value::None);
                let key = a.positional.get(1).cloned().unwrap_or(Value::None);
                if matches!(&cls, Value::Class(c) if &*c.name == "Callable") {
                    let args = args_of(&key);
                    if let [Value::List(ps), ret] = &args[..] {
                        let mut all = ps.borrow().clone();
                        all.push(ret.clone());
                        return Ok(new(Form::Generic {
                            origin: cls,
                            args: all.into(),
                            kind: Kind::Callable(false),
                        }));
                    }
                }
                Ok(types_alias(cls, &key))
            }))),
        );
        m.set(name, Value::Class(c));
    }
    m
}

/// Which builtin values `isinstance(v, collections.abc.<name>)` accepts.
pub(crate) fn abc_instance(it: &mut Interp, name: &str, v: &Value) -> Option<bool> {
    let seq = matches!(
        v,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::Range(_)
    );
    let mapping = matches!(v, Value::Dict(_));
    let set = matches!(v, Value::Set(_));
    let sized = seq || mapping || set;
    let custom = |it: &Interp, m: &str| it.special(v, m).is_some();
    Some(match name {
        "Sequence" => seq,
        "MutableSequence" => matches!(v, Value::List(_)),
        "Mapping" | "MutableMapping" => mapping,
        "Set" | "MutableSet" => set,
        "Sized" => sized || custom(it, "__len__"),
        "Container" => sized || custom(it, "__contains__"),
        "Iterable" | "Collection" | "Reversible" => sized || custom(it, "__iter__"),
        "Iterator" => custom(it, "__next__"),
        "Hashable" => HashKey::of(v).is_ok(),
        "Callable" => {
            matches!(
                v,
                Value::Function(_) | Value::Native(_) | Value::BoundMethod(_) | Value::Class(_)
            ) || custom(it, "__call__")
        }
        "Awaitable" | "Coroutine" => v.type_name() == "coroutine",
        "ByteString" => matches!(v, Value::Bytes(_)),
        _ => return None,
    })
}
