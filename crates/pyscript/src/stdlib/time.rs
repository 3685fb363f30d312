//! `time`: the clock stands still (`time()` is a fixed instant) and `sleep` returns at once.

use crate::value::*;

pub(super) fn time() -> Module {
    Module::new(
        "time",
        [
            ("sleep", Value::native("sleep", |_, _| Ok(Value::None))),
            (
                "time",
                Value::native("time", |_, _| Ok(Value::Float(1_735_689_600.0))),
            ),
        ],
    )
}
