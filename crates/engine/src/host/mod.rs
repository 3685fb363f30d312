//! Host objects the engine gives the interpreter: the modules revision files import.
//!
//! `alembic.op` is a proxy (as in Alembic) that forwards to the operations of the step
//! being run ([`op::Operations`]). `sqlalchemy` and its submodules are real
//! ([`sa`]): types, schema objects, expressions. Names Retort does not provide are
//! [`Missing`]: importing them works, using them while a step runs is a clear error.

pub mod args;
pub mod compiler;
pub mod conn;
pub mod create_all;
pub mod dbapi;
pub mod inspector;
pub mod op;
pub mod result;
pub mod sa;
pub mod standin;
pub mod typedecorator;
pub mod url;

use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, ModuleResolver, Op, UnaryOp, Value};

/// Top-level packages revision files may import besides the interpreter's standard library.
pub const HOST_MODULES: &[&str] = &["alembic", "sqlalchemy", "sqlmodel", "sqlite3"];

/// The modules revision files import. `alembic.op` is a proxy, as in Alembic: it forwards
/// to the operations of the step being run (the `OpSlot`), and is a placeholder while only
/// the module's top level runs.
#[derive(Default, Clone)]
pub struct HostModules {
    pub op_slot: OpSlot,
    /// What `alembic.context` forwards to: the recording context while env.py runs
    /// (`env::read_env`), the environment of the run while steps run
    /// (`env::install_step_context`); unset, its names are placeholders.
    pub context: OpSlot,
    /// The project's own modules, found along `sys.path` (docs/decisions/0003); none: only
    /// Retort's modules and the standard library.
    pub project: Option<Rc<crate::imports::ProjectHost>>,
    /// The libraries that got stand-ins, with where each was first imported.
    pub stand_ins: Rc<std::cell::RefCell<Vec<Rc<standin::Origin>>>>,
}

/// The operations object of the step being run, if any.
pub type OpSlot = Rc<std::cell::RefCell<Option<Value>>>;

impl ModuleResolver for HostModules {
    fn resolve(&self, _interp: &mut Interp, name: &str) -> Option<EvalResult> {
        if name == "sqlite3.dbapi2" {
            return Some(Ok(dbapi::module(_interp)));
        }
        let top = name.split('.').next().unwrap_or(name);
        if !HOST_MODULES.contains(&top) || crate::pylib::provides(name) {
            return None;
        }
        let proxy = || {
            Value::host(Proxy {
                slot: self.op_slot.clone(),
                module: "alembic.op",
            })
        };
        let context = || {
            Value::host(Proxy {
                slot: self.context.clone(),
                module: "alembic.context",
            })
        };
        Some(Ok(match name {
            "alembic.op" => proxy(),
            "alembic.context" => context(),
            "alembic" => Value::Module(Rc::new(retort_pyscript::Module::new(
                "alembic",
                [("op", proxy()), ("context", context())],
            ))),
            "sqlite3" => dbapi::module(_interp),
            _ if top == "sqlalchemy" || top == "sqlmodel" => {
                Value::host(sa::SaModule::new(name.to_owned(), self.op_slot.clone()))
            }
            _ => Value::host(Placeholder(Rc::from(name))),
        }))
    }

    fn available(&self) -> Vec<String> {
        HOST_MODULES.iter().map(|s| s.to_string()).collect()
    }

    fn find_source(&self, name: &str) -> Option<retort_pyscript::SourceModule> {
        crate::pylib::source(name).or_else(|| self.project.as_ref()?.find(name))
    }

    /// A library neither Retort nor the project has: an inert stand-in, unless the import
    /// sits in a `try` that catches ImportError (docs/decisions/0003).
    fn missing(&self, interp: &mut Interp, name: &str) -> Option<EvalResult> {
        if interp.import_guarded() {
            return None;
        }
        let library = name.split('.').next().unwrap_or(name);
        let existing = self
            .stand_ins
            .borrow()
            .iter()
            .find(|o| &*o.library == library)
            .cloned();
        let origin = existing.unwrap_or_else(|| {
            let at = interp
                .location()
                .map(|(path, line, _)| format!("{path}:{line}"))
                .unwrap_or_else(|| "?".into());
            let origin = Rc::new(standin::Origin {
                library: Rc::from(library),
                imported_at: Rc::from(at),
            });
            self.stand_ins.borrow_mut().push(origin.clone());
            origin
        });
        Some(Ok(standin::StandIn::module(
            name,
            origin,
            self.op_slot.clone(),
        )))
    }
}

/// A name of `sqlalchemy` (or a third-party SQLAlchemy extension) that Retort does not
/// provide: importing it works; while only a module's top level runs (loading the revision
/// for its identifiers) using it yields another `Missing`; calling it while a step runs is
/// an error naming it.
pub struct Missing(pub Rc<str>, pub OpSlot);

impl HostObject for Missing {
    fn type_name(&self) -> String {
        self.0.to_string()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(Some(Value::host(Missing(
            Rc::from(format!("{}.{name}", self.0)),
            self.1.clone(),
        ))))
    }
    fn call(self: Rc<Self>, interp: &mut Interp, _: Args) -> EvalResult<Option<Value>> {
        self.inert_at_load(interp)?;
        Ok(Some(Value::host(Missing(
            Rc::from(format!("{}()", self.0)),
            self.1.clone(),
        ))))
    }
    /// Compared or tested while a step runs, its value would decide what the step does (a
    /// `URL.create(...).drivername == "sqlite"` that is silently false skips SQLite's own
    /// branch): an error, as calling it is. While only a module's top level runs, inert.
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        _: Op,
        _: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        self.inert_at_load(interp).map(|()| None)
    }
    fn bool_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<bool>> {
        self.inert_at_load(interp).map(|()| None)
    }
    fn repr(&self) -> String {
        format!("<{}>", self.0)
    }
    fn instance_check(&self, _: &Value) -> Option<bool> {
        Some(false)
    }
}

impl Missing {
    /// Nothing while only a module's top level runs; Retort's refusal while a step runs.
    fn inert_at_load(&self, interp: &mut Interp) -> EvalResult<()> {
        match *self.1.borrow() {
            None => Ok(()),
            Some(_) => Err(self.unsupported(interp)),
        }
    }

    fn unsupported(&self, interp: &mut Interp) -> retort_pyscript::Unwind {
        interp.unsupported(
            format!("{} is not supported by Retort", self.0),
            Some("Retort provides SQLAlchemy Core's types, schema objects and expressions that revision files use on SQLite; see docs/pyscript.md".into()),
        )
    }
}

/// `from alembic import op` / `from alembic import context`: a module that forwards to the
/// object in its slot (the running step's operations; the environment context of the
/// moment), as Alembic's proxies do. Empty, its names are placeholders.
pub struct Proxy {
    slot: OpSlot,
    /// `alembic.op` or `alembic.context`.
    module: &'static str,
}

impl HostObject for Proxy {
    fn type_name(&self) -> String {
        "module".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let current = self.slot.borrow().clone();
        match current {
            Some(target) => interp.get_attr_opt(&target, name),
            None => Ok(Some(Value::host(Placeholder(Rc::from(format!(
                "{}.{name}",
                self.module
            )))))),
        }
    }
    fn repr(&self) -> String {
        format!("<module '{}'>", self.module)
    }
}

/// A value of the `alembic` / `sqlalchemy` API while only the module's top level runs.
pub struct Placeholder(pub Rc<str>);

impl HostObject for Placeholder {
    fn type_name(&self) -> String {
        self.0.to_string()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let full = format!("{}.{name}", self.0);
        // A submodule Retort provides as Python (`from alembic.operations import ops`) is
        // imported as such.
        if crate::pylib::provides(&full) {
            return Ok(None);
        }
        Ok(Some(Value::host(Placeholder(Rc::from(full)))))
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
