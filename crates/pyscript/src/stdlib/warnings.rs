//! `warnings`: warnings are dropped; `catch_warnings()` is a context manager that does
//! nothing.

use crate::value::*;

use super::contextlib::NullContext;

pub(super) fn warnings() -> Module {
    Module::new(
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
    )
}
