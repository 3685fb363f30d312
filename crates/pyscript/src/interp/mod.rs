//! The evaluator: a tree-walking interpreter over ruff's AST.
//!
//! Unsupported syntax is rejected before anything runs (`check`), so evaluation never stops
//! halfway because of a construct it does not know. Limits (steps, depth, memory) are
//! counted here, identically on both hosts.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::TextRange;

use crate::error::{Error, ErrorKind, LineIndex, TraceFrame};
use crate::value::*;
use crate::{builtins, check};

mod attrs;
mod calls;
mod classes;
mod dunder;
mod errors;
mod expressions;
mod imports;
mod iteration;
mod names;
mod object;
mod operators;
pub(crate) mod sandbox;
mod statements;
mod super_proxy;
mod syntax;

pub(crate) use classes::simple_class;
pub(crate) use dunder::py_class_of;
pub(crate) use errors::make_error;
use errors::{exception_hint, exception_is_gap, exception_parts};
pub use imports::SourceModule;
pub use syntax::Syntax;

/// Sandbox limits. Each ends evaluation with a clear, uncatchable error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Statements executed, function calls and loop iterations, in total.
    pub max_steps: u64,
    /// Nested function calls.
    pub max_depth: usize,
    /// Largest string, bytes or container one operation may build (in bytes or items × 8).
    pub max_value_bytes: usize,
    /// Total bytes of strings and containers built by growing operations in one run.
    pub max_total_bytes: usize,
    /// Native stack the evaluation may use below its entry point. The host must run the
    /// interpreter on a thread (or wasm stack) at least this large: see [`STACK_SIZE`].
    pub max_stack_bytes: usize,
    /// Expressions evaluated inside one another (calls included). In the page, the machine
    /// stack the browser gives wasm (about 1 MB in V8, not the linear-memory stack the stack
    /// guard measures) runs out first: this bound is what holds there.
    pub max_nesting: usize,
}

/// The stack size hosts give the interpreter's thread (natively) or the wasm module.
pub const STACK_SIZE: usize = 32 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 5_000_000,
            max_depth: 200,
            max_value_bytes: 64 << 20,
            max_total_bytes: 1 << 30,
            max_stack_bytes: 24 << 20,
            max_nesting: 2_500,
        }
    }
}

/// A source file the interpreter has parsed: for diagnostics and tracebacks.
pub struct ModuleSource {
    pub path: String,
    pub text: String,
    pub lines: LineIndex,
    /// The module's statements; functions defined in it borrow their bodies from here.
    pub body: Rc<[Stmt]>,
    /// `from __future__ import annotations`: annotations are kept as strings.
    pub future_annotations: bool,
}

impl ModuleSource {
    pub fn new(path: &str, text: &str) -> Rc<Self> {
        Self::with_body(path, text, Rc::from(Vec::new()))
    }

    fn with_body(path: &str, text: &str, body: Rc<[Stmt]>) -> Rc<Self> {
        let future_annotations = body.iter().any(|s| {
            matches!(s, Stmt::ImportFrom(i)
                if i.module.as_ref().is_some_and(|m| m.as_str() == "__future__")
                    && i.names.iter().any(|a| a.name.as_str() == "annotations"))
        });
        Rc::new(ModuleSource {
            path: path.to_owned(),
            text: text.to_owned(),
            lines: LineIndex::new(text),
            body,
            future_annotations,
        })
    }
}

/// Why evaluation is leaving the current block.
pub enum Unwind {
    /// A Python exception: `raise`, or an error of an operation. Catchable by `try`.
    Exception(Box<PyException>),
    Return(Value),
    Break,
    Continue,
    /// Limits and unsupported operations: not catchable by the script.
    Fatal(Box<Error>),
}

pub struct PyException {
    pub value: Value,
    pub frames: Vec<TraceFrame>,
    /// Set while the exception crosses a call boundary: the caller's statement adds a frame.
    pub needs_frame: bool,
    /// Where the exception was raised, for the error's caret.
    pub origin: Option<(Rc<ModuleSource>, TextRange)>,
}

/// How the host takes part in imports. A module is looked up, as Python's import system
/// does, in this order: the interpreter's module cache, [`ModuleResolver::resolve`] (host
/// modules: `alembic`, `sqlalchemy`), [`ModuleResolver::find_source`] (the project's own
/// Python files, run by the interpreter), the interpreter's standard library, then
/// [`ModuleResolver::missing`]; else the import raises `ModuleNotFoundError`. Parents are
/// imported before their submodules. Inside these methods, [`Interp::current_module`] tells
/// which module is importing.
pub trait ModuleResolver {
    /// `Some(module)` when the host provides `name` (dotted, e.g. `sqlalchemy.dialects.sqlite`).
    fn resolve(&self, interp: &mut Interp, name: &str) -> Option<EvalResult>;
    /// Names of the host's modules, listed in the hint of a failed import.
    fn available(&self) -> Vec<String>;
    /// The source of module `name` (`myapp.models`: `myapp/models.py`, or
    /// `myapp/models/__init__.py` for a package, or a directory for a namespace package),
    /// for the interpreter to run as a module.
    fn find_source(&self, _name: &str) -> Option<SourceModule> {
        None
    }
    /// The last resort for a module nothing else provides (an inert stand-in, say);
    /// `None` raises `ModuleNotFoundError`.
    fn missing(&self, _interp: &mut Interp, _name: &str) -> Option<EvalResult> {
        None
    }
}

struct Frame {
    locals: Rc<Scope>,
    globals: Rc<Scope>,
    is_module: bool,
    is_class: bool,
    function: Str,
    module: Rc<ModuleSource>,
    /// Functions defined in this frame close over this scope (a class body passes through
    /// to its enclosing function's scope, as in Python).
    closure: Option<Rc<Scope>>,
    /// The function this frame runs (not for module, class and comprehension frames).
    func: Option<Rc<Function>>,
    /// The `__class__` cell functions defined here capture (a class body's own, or the one
    /// of the method this frame runs), for zero-argument `super()`.
    class_cell: Option<ClassCell>,
    /// The qualified name functions and classes defined here are prefixed with
    /// (`A`, `f.<locals>`); `None` at module level.
    qualname: Option<Str>,
}

impl Frame {
    /// The `__qualname__` of a function or class named `name` defined in this frame.
    fn child_qualname(&self, name: &str) -> Str {
        match (&self.qualname, &self.func) {
            (Some(prefix), _) => Rc::from(format!("{prefix}.{name}")),
            (None, Some(f)) => Rc::from(format!("{}.<locals>.{name}", f.qualname)),
            (None, None) => Rc::from(name),
        }
    }

    fn module(locals: Rc<Scope>, globals: Rc<Scope>, module: Rc<ModuleSource>) -> Frame {
        Frame {
            locals,
            globals,
            is_module: true,
            is_class: false,
            function: Rc::from("<module>"),
            module,
            closure: None,
            func: None,
            class_cell: None,
            qualname: None,
        }
    }
}

pub struct Interp {
    /// Frame depths of the `try` bodies running whose handlers catch ImportError.
    import_guards: Vec<usize>,
    pub limits: Limits,
    steps: u64,
    depth: usize,
    allocated: usize,
    /// What `print()` wrote.
    pub output: String,
    resolver: Option<Rc<dyn ModuleResolver>>,
    modules: HashMap<String, Value>,
    pub(crate) builtins: Map<Str, Value>,
    pub(crate) exc_classes: HashMap<&'static str, Rc<Class>>,
    frames: Vec<Frame>,
    cur_range: TextRange,
    /// Deterministic stand-ins for the clock and randomness.
    pub(crate) uuid_counter: u64,
    pub(crate) fixed_now: (i64, u32, u32, u32, u32, u32, u32),
    /// The exception being handled (`raise` with no argument re-raises it).
    handling: Vec<Value>,
    /// Address of a local in the outermost evaluation call: the stack guard's origin.
    stack_base: usize,
    /// Expressions being evaluated inside one another (see [`Limits::max_nesting`]).
    nesting: usize,
    /// `object`, the root of every class.
    pub(crate) object: Rc<Class>,
    /// `type`, the default metaclass.
    pub(crate) type_class: Rc<Class>,
    /// `type(None)`.
    pub(crate) none_type: Value,
    /// Type objects of values that are not builtins' (`types.UnionType`, `function`), by
    /// the values' type name: `type(x)` answers them.
    pub(crate) type_objects: HashMap<&'static str, Value>,
    /// `typing`'s special forms (`Union`, `ClassVar`), one object each.
    pub(crate) special_forms: HashMap<&'static str, Value>,
    /// Bumped when a class dict changes in a way attribute lookup's fast paths must see
    /// (see `Class::flags`).
    pub(crate) class_epoch: u64,
    /// The stand-in classes of host classes used as bases, by the host object's address.
    host_classes: HashMap<usize, Rc<Class>>,
    /// Modules whose code is running (for "partially initialized module" errors).
    initializing: Vec<String>,
    /// `asyncio` tasks created and not run yet, in creation order.
    pub(crate) pending_tasks: Vec<Value>,
    /// What the host lets the script see: environment, cwd, `sys.path`, file hooks.
    pub(crate) host: sandbox::HostEnv,
    /// State the host keeps, one value per type ([`Interp::host_state`]).
    host_state: HostState,
}

/// State a host keeps for the script, one value per type: per interpreter, or shared by the
/// interpreters of one project as one Python process's registries are
/// ([`Interp::share_host_state`]).
#[derive(Clone, Default)]
pub struct HostState(Rc<RefCell<HashMap<std::any::TypeId, Rc<dyn std::any::Any>>>>);

/// Python 2's `print x` statement: CPython says what it is, over the whole statement, where
/// the parser only sees two expressions without a separator.
fn python2_print(text: &str, range: TextRange, message: String) -> (TextRange, String) {
    let start = usize::from(range.start());
    let line_start = text[..start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let before = &text[line_start..start.min(text.len())];
    let indent = before.len() - before.trim_start().len();
    if !message.starts_with("Simple statements must be separated") || before.trim() != "print" {
        return (range, message);
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    // The statement ends before a comment (a `#` outside quotes).
    let mut quote = None;
    let mut code_end = line_end;
    for (i, c) in text[start..line_end].char_indices() {
        match (quote, c) {
            (None, '#') => {
                code_end = start + i;
                break;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    let end = line_start + text[line_start..code_end].trim_end().len();
    let at = |i: usize| ruff_text_size::TextSize::new(i as u32);
    (
        TextRange::new(at(line_start + indent), at(end)),
        "Missing parentheses in call to 'print'. Did you mean print(...)?".into(),
    )
}

#[inline(always)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

impl Default for Interp {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl Interp {
    pub fn new(limits: Limits) -> Self {
        let (object, type_class) = object::root_classes();
        let mut interp = Interp {
            object,
            type_class,
            none_type: Value::native_type("NoneType", |_, _| Ok(Value::None)),
            type_objects: crate::typing::type_objects(),
            special_forms: HashMap::new(),
            class_epoch: 1,
            host_classes: HashMap::new(),
            host_state: HostState::default(),
            initializing: Vec::new(),
            pending_tasks: Vec::new(),
            host: sandbox::HostEnv::default(),
            limits,
            steps: 0,
            depth: 0,
            allocated: 0,
            output: String::new(),
            resolver: None,
            modules: HashMap::new(),
            builtins: Map::default(),
            exc_classes: HashMap::new(),
            frames: Vec::new(),
            cur_range: TextRange::default(),
            uuid_counter: 0,
            fixed_now: (2025, 1, 1, 0, 0, 0, 0),
            handling: Vec::new(),
            import_guards: Vec::new(),
            stack_base: 0,
            nesting: 0,
        };
        object::install(&mut interp);
        builtins::install(&mut interp);
        interp
    }

    pub fn set_resolver(&mut self, resolver: Rc<dyn ModuleResolver>) {
        self.resolver = Some(resolver);
        self.modules.clear();
    }

    /// Starts a fresh budget (steps, memory) for the next, independent piece of work, e.g.
    /// the next file of a directory loaded with the same interpreter.
    pub fn reset_budget(&mut self) {
        self.steps = 0;
        self.allocated = 0;
        self.output.clear();
    }

    /// Steps used so far (for benchmarks and tests of the budget).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Parses and checks `text`; runs nothing.
    pub fn parse(path: &str, text: &str) -> Result<Rc<ParsedModule>, Box<Error>> {
        Self::from_syntax(path, text, Syntax::parse(text))
    }

    /// Checks an already parsed module (see [`Syntax`]) and makes it runnable.
    pub fn from_syntax(
        path: &str,
        text: &str,
        syntax: Syntax,
    ) -> Result<Rc<ParsedModule>, Box<Error>> {
        let body: Rc<[Stmt]> = match syntax.0 {
            Ok(body) => body.into(),
            Err((range, message)) => {
                let (range, message) = python2_print(text, range, message);
                let source = ModuleSource::new(path, text);
                // Retort leaves out the Unicode name tables (docs/decisions/0002): every
                // `\N{NAME}` escape reaches here as an unknown name.
                let start = usize::from(range.start());
                let hint = text
                    .get(start.saturating_sub(3)..start)
                    .filter(|before| *before == "\\N{")
                    .map(|_| {
                        "`\\N{NAME}` escapes are not supported by Retort; write the character itself or a `\\uXXXX` escape".to_owned()
                    });
                return Err(Box::new(make_error(
                    &source,
                    range,
                    ErrorKind::Syntax,
                    message,
                    hint,
                )));
            }
        };
        let source = ModuleSource::with_body(path, text, body.clone());
        check::check_suite(&body).map_err(|(range, msg, hint)| {
            Box::new(make_error(
                &source,
                range,
                ErrorKind::Unsupported,
                msg,
                hint,
            ))
        })?;
        Ok(Rc::new(ParsedModule { source, body }))
    }

    /// The host's state of type `T`, made on first use: what a host object must find from
    /// wherever it is called (`@compiles` registrations), without a global shared by every
    /// interpreter of the thread.
    pub fn host_state<T: Default + 'static>(&mut self) -> Rc<T> {
        let any = self
            .host_state
            .0
            .borrow_mut()
            .entry(std::any::TypeId::of::<T>())
            .or_insert_with(|| Rc::new(T::default()))
            .clone();
        any.downcast()
            .unwrap_or_else(|_| unreachable!("keyed by its type"))
    }

    /// Shares `state` with this interpreter, as the modules of one Python process share
    /// their registries.
    pub fn share_host_state(&mut self, state: &HostState) {
        self.host_state = state.clone();
    }

    /// Runs a module's top level; returns its globals.
    pub fn exec_module(&mut self, module: &ParsedModule) -> Result<Rc<Scope>, Box<Error>> {
        let globals = Rc::new(Scope::default());
        globals.set("__name__", Value::str(&module_name(&module.source.path)));
        globals.set("__file__", Value::str(&module.source.path));
        globals.set("__package__", Value::None);
        globals.set(
            "__doc__",
            docstring(&module.body).map_or(Value::None, |d| Value::str(&d)),
        );
        self.exec_in(module, globals.clone())?;
        Ok(globals)
    }

    /// Runs a module's top level in the given globals.
    pub fn exec_in(&mut self, module: &ParsedModule, globals: Rc<Scope>) -> Result<(), Box<Error>> {
        if self.frames.is_empty() {
            self.stack_base = stack_address();
        }
        self.frames.push(Frame::module(
            globals.clone(),
            globals,
            module.source.clone(),
        ));
        let r = self.exec_block(&module.body);
        self.frames.pop();
        match r {
            Ok(()) => Ok(()),
            Err(u) => Err(self.unwind_to_error(u)),
        }
    }

    /// Calls a script function (e.g. a revision's `upgrade`) from the host.
    pub fn call_value(&mut self, f: &Value, args: Args) -> Result<Value, Box<Error>> {
        if self.frames.is_empty() {
            self.stack_base = stack_address();
        }
        self.call(f, args).map_err(|u| self.unwind_to_error(u))
    }

    /// Turns an unwinding into the diagnostic the host reports.
    pub fn unwind_to_error(&mut self, u: Unwind) -> Box<Error> {
        match u {
            Unwind::Fatal(e) => e,
            Unwind::Exception(exc) => {
                let (class, mut message) = exception_parts(&exc.value);
                if self.special(&exc.value, "__str__").is_some()
                    && let Ok(s) = self.str_of(&exc.value)
                {
                    message = s;
                }
                let mut frames = exc.frames;
                frames.reverse();
                let (source, range) = match &exc.origin {
                    Some((s, r)) => (s.clone(), *r),
                    None => (self.current_source(), self.cur_range),
                };
                let mut err = make_error(
                    &source,
                    range,
                    ErrorKind::Exception { class },
                    message,
                    None,
                );
                err.hint = exception_hint(&exc.value);
                err.retort_gap = exception_is_gap(&exc.value);
                err.traceback = frames;
                Box::new(err)
            }
            Unwind::Return(_) => {
                Box::new(self.error_here(ErrorKind::Syntax, "'return' outside function"))
            }
            Unwind::Break | Unwind::Continue => {
                Box::new(self.error_here(ErrorKind::Syntax, "'break' or 'continue' outside loop"))
            }
        }
    }

    /// A cheap token of where the running statement is (module and offset): equal tokens
    /// mean the same statement, so a host can skip [`Interp::location`] in a loop.
    pub fn location_token(&self) -> (usize, u32) {
        let module = self
            .frames
            .last()
            .map_or(0, |f| Rc::as_ptr(&f.module) as usize);
        (module, self.cur_range.start().to_u32())
    }

    /// Where the running statement is: file, line and column (1-based), for hosts that
    /// record where a call came from (e.g. which line of a revision called `op.drop_column`).
    pub fn location(&self) -> Option<(String, usize, usize)> {
        let f = self.frames.last()?;
        let (line, col, _) = f
            .module
            .lines
            .locate(&f.module.text, self.cur_range.start().to_usize());
        Some((f.module.path.clone(), line, col))
    }

    fn current_source(&self) -> Rc<ModuleSource> {
        self.frames
            .last()
            .map(|f| f.module.clone())
            .unwrap_or_else(|| ModuleSource::new("<host>", ""))
    }

    fn error_here(&self, kind: ErrorKind, message: impl Into<String>) -> Error {
        make_error(
            &self.current_source(),
            self.cur_range,
            kind,
            message.into(),
            None,
        )
    }

    pub fn type_of(&self, v: &Value) -> Value {
        match v {
            Value::Instance(i) => Value::Class(i.class.clone()),
            Value::Class(c) => {
                Value::Class(c.meta.clone().unwrap_or_else(|| self.type_class.clone()))
            }
            Value::Native(n) if n.kind == NativeKind::Type => Value::Class(self.type_class.clone()),
            Value::None => self.none_type.clone(),
            Value::Host(h) if let Some(c) = h.instance_class() => Value::Class(c),
            other if let Some(t) = self.type_objects.get(other.type_name().as_str()) => t.clone(),
            other => self
                .builtins
                .get(other.type_name().as_str())
                .cloned()
                .unwrap_or_else(|| Value::host(TypeObject(Rc::from(other.type_name())))),
        }
    }
}

/// A parsed and checked module, ready to run.
pub struct ParsedModule {
    pub source: Rc<ModuleSource>,
    pub body: Rc<[Stmt]>,
}

impl ParsedModule {
    pub fn docstring(&self) -> Option<String> {
        docstring(&self.body)
    }
}

/// The docstring of a module or function body.
pub fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first() {
        Some(Stmt::Expr(e)) => match &*e.value {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_owned()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `v` is an instance of a Python class (a host object may be one: see
/// [`HostObject::instance_class`]), whose dunder methods drive the operators.
#[inline]
pub(crate) fn has_py_class(v: &Value) -> bool {
    match v {
        Value::Instance(_) => true,
        Value::Host(h) => h.instance_class().is_some(),
        _ => false,
    }
}

fn module_name(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".py").unwrap_or(file).to_owned()
}

/// `type(x)` of a value the host provides (a `datetime`, a `Row`): a type object that knows
/// its name and equals the type of another value of the same type.
struct TypeObject(Str);

impl HostObject for TypeObject {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Value::str(unqualified(&self.0))),
            _ => None,
        })
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let same = other
            .downcast_host::<TypeObject>()
            .is_some_and(|o| o.0 == self.0);
        Ok(op.equality(same))
    }
    fn hash_key(&self) -> Option<HashKey> {
        Some(HashKey::Str(self.0.clone()))
    }
    fn repr(&self) -> String {
        format!("<class '{}'>", self.0)
    }
}
