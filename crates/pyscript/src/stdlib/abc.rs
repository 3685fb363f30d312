//! `abc`, without enforcement: abstract methods are marked, not checked.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

/// `abc`: `ABC`, `ABCMeta` and `abstractmethod` (abstract classes can be instantiated: the
/// sandbox does not check abstract methods).
pub(super) fn abc_module(interp: &mut Interp) -> Module {
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
