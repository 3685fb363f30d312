//! Stand-ins for the libraries a project imports that Retort does not have
//! (docs/decisions/0003): inert while modules load; while a migration runs, a stand-in whose
//! value is needed raises `RetortStandInError`.
//!
//! A stand-in remembers the dotted expression it stands for
//! (`pydantic_settings.BaseSettings()`) and where its library was first imported
//! (`src/config/settings.py:17`), so that every error it causes says which library it is.
//! tests/conformance/oracle.py gives real Alembic the same stand-ins.

use std::rc::Rc;

use retort_pyscript::{
    Args, Class, EvalResult, HostObject, Interp, Op, Str, UnaryOp, Unwind, Value,
};

use super::OpSlot;

/// The library a stand-in stands for, shared by every value derived from it.
pub struct Origin {
    /// The library's top-level module (`pydantic_settings`).
    pub library: Rc<str>,
    /// Where the project first imported it: `path:line`.
    pub imported_at: Rc<str>,
}

pub struct StandIn {
    /// The expression it stands for: `pydantic_settings.BaseSettings`, `Field()`.
    pub name: Rc<str>,
    pub origin: Rc<Origin>,
    /// Filled while a migration step runs.
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

    fn migrating(&self) -> bool {
        self.step.borrow().is_some()
    }

    /// `RetortStandInError`: the stand-in's value was needed while a migration runs.
    pub(crate) fn needed(&self, interp: &mut Interp, what: &str) -> Unwind {
        let _ = interp.exception_class("RetortStandInError", "Exception");
        let mut u = interp.exc(
            "RetortStandInError",
            format!(
                "{what} `{}`, a stand-in for a library Retort does not run",
                self.name
            ),
        );
        if let Unwind::Exception(e) = &mut u
            && let Value::Instance(i) = &e.value
        {
            i.set(
                "__hint__",
                Value::str(&format!(
                    "`{}` (imported at {}) is not available in Retort's sandbox: while modules load it stands in inertly, so that they load; a migration that needs its values cannot run (docs/decisions/0003)",
                    self.origin.library, self.origin.imported_at
                )),
            );
        }
        u
    }
}

/// The stand-in a value is, if it is one (for the errors of functions that take types,
/// columns, values or SQL).
pub(crate) fn stand_in(v: &Value) -> Option<&StandIn> {
    v.downcast_host::<StandIn>()
}

impl HostObject for StandIn {
    fn type_name(&self) -> String {
        self.name.to_string()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        // Python's protocols probe dunders (`__iter__`, `__len__`, ...): a stand-in has none.
        if name.starts_with("__") && name.ends_with("__") {
            return Ok(None);
        }
        Ok(Some(self.derived(format!("{}.{name}", self.name))))
    }
    /// A class derived from a stand-in has the attributes its body gives it, no others;
    /// its instances have every attribute the library would have set.
    fn class_get_attr(self: Rc<Self>, _: &mut Interp, _: &str) -> EvalResult<Option<Value>> {
        Ok(None)
    }
    fn set_attr(&self, _: &mut Interp, _: &str, _: Value) -> EvalResult<bool> {
        Ok(true)
    }
    fn call(self: Rc<Self>, _: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        // A decorator (`@app.route(...)`, `@validator("x")`) returns what it decorates: a
        // class as it is; a function still callable, with the library's attributes besides
        // its own (`@click.group()` makes a group whose `.command()` decorates the next).
        if args.keywords.is_empty()
            && let [only] = args.positional.as_slice()
        {
            match only {
                Value::Class(_) => return Ok(Some(only.clone())),
                Value::Function(_) => {
                    return Ok(Some(Value::host(Decorated {
                        function: only.clone(),
                        by: self.clone(),
                    })));
                }
                _ => {}
            }
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
        let comparing = matches!(op, Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge);
        if self.migrating() {
            return Err(self.needed(
                interp,
                if comparing {
                    "comparing"
                } else {
                    "computing with"
                },
            ));
        }
        let same =
            matches!(other, Value::Host(h) if std::ptr::addr_eq(Rc::as_ptr(h), Rc::as_ptr(&self)));
        Ok(Some(match op {
            Op::Eq => Value::Bool(same),
            Op::Ne => Value::Bool(!same),
            // Like NaN: neither less nor greater than anything.
            Op::Lt | Op::Le | Op::Gt | Op::Ge => Value::Bool(false),
            _ => Value::Host(self),
        }))
    }
    fn unary_op(self: Rc<Self>, interp: &mut Interp, _: UnaryOp) -> EvalResult<Option<Value>> {
        if self.migrating() {
            return Err(self.needed(interp, "computing with"));
        }
        Ok(Some(Value::Host(self)))
    }
    fn get_item(self: Rc<Self>, _: &mut Interp, _: &Value) -> EvalResult<Option<Value>> {
        Ok(Some(self.derived(format!("{}[...]", self.name))))
    }
    /// `app.config["KEY"] = value`: accepted and forgotten, as an attribute is.
    fn set_item(&self, _: &mut Interp, _: Value, _: Value) -> EvalResult<bool> {
        Ok(true)
    }
    fn iterate(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        if self.migrating() {
            return Err(self.needed(interp, "iterating over"));
        }
        Ok(Some(Vec::new()))
    }
    fn len(&self) -> Option<usize> {
        Some(0)
    }
    fn bool_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<bool>> {
        if self.migrating() {
            return Err(self.needed(interp, "the truth of"));
        }
        Ok(Some(true))
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn exit(self: Rc<Self>, _: &mut Interp, _: Option<&Value>) -> EvalResult<bool> {
        Ok(false)
    }
    fn repr(&self) -> String {
        format!("<stand-in {}>", self.name)
    }
    fn str_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<String>> {
        if self.migrating() {
            return Err(self.needed(interp, "the text of"));
        }
        Ok(None)
    }
    fn instance_check(&self, _: &Value) -> Option<bool> {
        Some(false)
    }
    /// `class Settings(BaseSettings, env_prefix="APP_")`: any class keywords.
    fn subclass_hook(
        self: Rc<Self>,
        _: &mut Interp,
        _: &Rc<Class>,
        _: Vec<(Str, Value)>,
    ) -> EvalResult<()> {
        Ok(())
    }
    /// Instances of such a class are plain Python instances (any arguments accepted); the
    /// attributes the library would have set are found on the stand-in base.
    fn instantiate(
        self: Rc<Self>,
        _: &mut Interp,
        _: &Rc<Class>,
        _: &Args,
    ) -> EvalResult<Option<Value>> {
        Ok(None)
    }
}

/// A function a stand-in decorated: called, it runs the function; its attributes are the
/// function's, else those the library's decorator would have given it (stand-ins).
struct Decorated {
    function: Value,
    by: Rc<StandIn>,
}

impl HostObject for Decorated {
    fn type_name(&self) -> String {
        "function".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(v) = interp.get_attr_opt(&self.function, name)? {
            return Ok(Some(v));
        }
        if name.starts_with("__") && name.ends_with("__") {
            return Ok(None);
        }
        Ok(Some(
            self.by.derived(format!("{}(...).{name}", self.by.name)),
        ))
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        interp.call(&self.function, args).map(Some)
    }
}
