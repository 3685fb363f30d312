//! Stand-ins for the libraries an application imports that Retort does not have
//! (docs/decisions/0003): inert while modules load, an error once a migration runs.
//!
//! A stand-in remembers the dotted name it stands for (`pydantic_settings.BaseSettings()`)
//! and where its library was imported (`src/config/settings.py:17`), so that every error a
//! stand-in causes says which library it is and why Retort does not run it.

use std::any::Any;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Op, UnaryOp, Unwind, Value};

use super::OpSlot;

/// What a stand-in stands for, shared by every value derived from it.
pub struct Origin {
    /// The library's top-level module (`pydantic_settings`).
    pub library: Rc<str>,
    /// Where the application imported it: `path:line`.
    pub imported_at: Rc<str>,
}

pub struct StandIn {
    /// The expression it stands for: `pydantic_settings.BaseSettings`, `Field(...)`.
    pub name: Rc<str>,
    pub origin: Rc<Origin>,
    /// Filled while a migration step runs: then every use is an error.
    pub step: OpSlot,
}

impl StandIn {
    pub fn module(name: &str, origin: Rc<Origin>, step: OpSlot) -> Value {
        Value::host(StandIn {
            name: Rc::from(name),
            origin,
            step,
        })
    }

    fn derived(&self, name: String) -> Value {
        Value::host(StandIn {
            name: Rc::from(name),
            origin: self.origin.clone(),
            step: self.step.clone(),
        })
    }

    /// The error of a stand-in used where a real value is needed.
    pub fn error(&self, interp: &Interp, what: &str) -> Unwind {
        interp.unsupported(
            format!(
                "{what} `{}`, which stands in for the library `{}` (imported at {}): Retort does not run `{}`",
                self.name, self.origin.library, self.origin.imported_at, self.origin.library
            ),
            Some(format!(
                "Retort interprets the application's modules but not the libraries they import; a stand-in lets a module load, and cannot be used while a migration runs (docs/decisions/0003). Move the code the migration needs out of `{}`, or write the value into the migration",
                self.origin.library
            )),
        )
    }

    fn check_idle(&self, interp: &Interp, what: &str) -> EvalResult<()> {
        if self.step.borrow().is_some() {
            return Err(self.error(interp, what));
        }
        Ok(())
    }
}

/// The stand-in a value is, if it is one (for the errors of functions that take types,
/// columns, values or SQL).
pub fn stand_in(v: &Value) -> Option<&StandIn> {
    v.downcast_host::<StandIn>()
}

impl HostObject for StandIn {
    fn type_name(&self) -> String {
        self.name.to_string()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        self.check_idle(interp, &format!("reading `.{name}` of"))?;
        // Python's protocols probe dunders (`__iter__`, `__len__`, ...): a stand-in has none.
        if name.starts_with("__") && name.ends_with("__") {
            return Ok(None);
        }
        Ok(Some(self.derived(format!("{}.{name}", self.name))))
    }
    fn set_attr(&self, interp: &mut Interp, name: &str, _: Value) -> EvalResult<bool> {
        self.check_idle(interp, &format!("setting `.{name}` of"))?;
        Ok(true)
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        self.check_idle(interp, "calling")?;
        // A decorator (`@app.route(...)`, `@validator("x")`) returns what it decorates.
        if args.keywords.is_empty()
            && let [only] = args.positional.as_slice()
            && matches!(only, Value::Function(_) | Value::Class(_))
        {
            return Ok(Some(only.clone()));
        }
        Ok(Some(self.derived(format!("{}()", self.name))))
    }
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        self.check_idle(interp, "computing with")?;
        Ok(Some(match op {
            Op::Eq => Value::Bool(matches!(other, Value::Host(h) if std::ptr::addr_eq(Rc::as_ptr(h), Rc::as_ptr(&self)))),
            Op::Ne => Value::Bool(!matches!(other, Value::Host(h) if std::ptr::addr_eq(Rc::as_ptr(h), Rc::as_ptr(&self)))),
            _ => Value::Host(self),
        }))
    }
    fn unary_op(self: Rc<Self>, interp: &mut Interp, _: UnaryOp) -> EvalResult<Option<Value>> {
        self.check_idle(interp, "computing with")?;
        Ok(Some(Value::Host(self)))
    }
    fn get_item(self: Rc<Self>, interp: &mut Interp, _: &Value) -> EvalResult<Option<Value>> {
        self.check_idle(interp, "indexing")?;
        Ok(Some(self.derived(format!("{}[...]", self.name))))
    }
    fn iterate(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        self.check_idle(interp, "iterating over")?;
        Ok(Some(Vec::new()))
    }
    fn len(&self) -> Option<usize> {
        Some(0)
    }
    fn truthy(&self) -> Option<bool> {
        Some(true)
    }
    fn enter(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Value>> {
        self.check_idle(interp, "entering")?;
        Ok(Some(Value::Host(self)))
    }
    fn repr(&self) -> String {
        format!("<stand-in {}>", self.name)
    }
    fn instance_check(&self, _: &Value) -> Option<bool> {
        Some(false)
    }
}
