//! Host objects the engine gives the interpreter.
//!
//! For now: the modules a revision file imports at load time (`alembic`, `sqlalchemy` and
//! their submodules), as placeholders. Loading a revision (to read `revision`,
//! `down_revision`, ...) runs its top level, where files build values such as
//! `sa.MetaData()` or `sa.Enum(...)` that nothing inspects; every attribute and call of a
//! placeholder yields another placeholder. Running `upgrade()` / `downgrade()` needs the
//! real `op` and `sa` objects (the operations layer), not these.

use std::any::Any;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, ModuleResolver, Op, UnaryOp, Value};

/// Top-level packages revision files may import besides the interpreter's standard library.
pub const HOST_MODULES: &[&str] = &["alembic", "sqlalchemy", "sqlmodel"];

pub struct LoadTimeModules;

impl ModuleResolver for LoadTimeModules {
    fn resolve(&self, _interp: &mut Interp, name: &str) -> Option<EvalResult> {
        let top = name.split('.').next().unwrap_or(name);
        HOST_MODULES
            .contains(&top)
            .then(|| Ok(Value::host(Placeholder(Rc::from(name)))))
    }

    fn available(&self) -> Vec<String> {
        HOST_MODULES.iter().map(|s| s.to_string()).collect()
    }
}

/// A value of the `alembic` / `sqlalchemy` API while only the module's top level runs.
pub struct Placeholder(Rc<str>);

impl HostObject for Placeholder {
    fn type_name(&self) -> String {
        self.0.to_string()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(Some(Value::host(Placeholder(Rc::from(format!(
            "{}.{name}",
            self.0
        ))))))
    }
    fn set_attr(&self, _: &mut Interp, _: &str, _: Value) -> EvalResult<bool> {
        Ok(true)
    }
    fn call(self: Rc<Self>, _: &mut Interp, _: Args) -> EvalResult<Option<Value>> {
        Ok(Some(Value::host(Placeholder(Rc::from(format!(
            "{}()",
            self.0
        ))))))
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        Ok(Some(match op {
            Op::Eq => Value::Bool(
                other
                    .downcast_host::<Placeholder>()
                    .is_some_and(|o| o.0 == self.0),
            ),
            Op::Ne => Value::Bool(
                other
                    .downcast_host::<Placeholder>()
                    .is_none_or(|o| o.0 != self.0),
            ),
            _ => Value::Host(self),
        }))
    }
    fn unary_op(self: Rc<Self>, _: &mut Interp, _: UnaryOp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn get_item(self: Rc<Self>, _: &mut Interp, _: &Value) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(Vec::new()))
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn repr(&self) -> String {
        format!("<{}>", self.0)
    }
    fn instance_check(&self, _: &Value) -> Option<bool> {
        Some(false)
    }
}
