//! `contextlib`: `suppress`, `nullcontext`, and a `contextmanager` that refuses to run
//! (it needs generators).

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

pub(super) fn contextlib() -> Module {
    Module::new(
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
    )
}

/// `contextlib.nullcontext(x)`.
pub(super) struct NullContext(pub(super) Value);

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
