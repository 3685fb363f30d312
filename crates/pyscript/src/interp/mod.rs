//! The evaluator: a tree-walking interpreter over ruff's AST.
//!
//! Unsupported syntax is rejected before anything runs (`check`), so evaluation never stops
//! halfway because of a construct it does not know. Limits (steps, depth, memory) are
//! counted here, identically on both hosts.

use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::error::{Error, ErrorKind, LineIndex, TraceFrame};
use crate::value::*;
use crate::{builtins, check, format, ops};

mod attrs;
mod classes;
mod dunder;
mod imports;
pub(crate) mod sandbox;

pub(crate) use classes::simple_class;
pub(crate) use dunder::py_class_of;
pub use imports::SourceModule;

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
        let (object, type_class) = classes::root_classes();
        let mut interp = Interp {
            object,
            type_class,
            none_type: Value::native_type("NoneType", |_, _| Ok(Value::None)),
            type_objects: crate::typing::type_objects(),
            special_forms: HashMap::new(),
            class_epoch: 1,
            host_classes: HashMap::new(),
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
        classes::install(&mut interp);
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

    // ------------------------------------------------------------------ errors for natives

    /// A Python exception of a builtin class, e.g. `interp.exc("ValueError", "...")`. For a
    /// `KeyError`, `message` is the key's repr, as Python shows it (a quoted string key
    /// becomes the key again); [`Interp::key_error`] takes the key itself.
    pub fn exc(&self, class: &str, message: impl Into<String>) -> Unwind {
        let message = message.into();
        if class == "KeyError"
            && let Some(key) = crate::stdlib::unquote(&message)
        {
            return self.key_error(&Value::str(&key));
        }
        self.raise_value(self.exception_value(class, message))
    }

    /// An instance of the exception class `class` (a builtin, or one the host registered;
    /// `Exception` otherwise) with `message` as its argument, not raised.
    pub fn exception_value(&self, class: &str, message: impl Into<String>) -> Value {
        let cls = self
            .exc_classes
            .get(class)
            .cloned()
            .unwrap_or_else(|| self.exc_classes["Exception"].clone());
        let inst = Instance::new(cls);
        inst.set("args", Value::tuple(vec![Value::str(&message.into())]));
        Value::Instance(Rc::new(inst))
    }

    /// The exception class `name` (a builtin, or one the host registered), registering it
    /// as a subclass of `base` if it is new: how host modules give scripts exceptions such as
    /// `sqlalchemy.exc.IntegrityError` to raise and catch.
    pub fn exception_class(&mut self, name: &'static str, base: &str) -> Rc<Class> {
        if let Some(c) = self.exc_classes.get(name) {
            return c.clone();
        }
        let base = self
            .exc_classes
            .get(base)
            .cloned()
            .unwrap_or_else(|| self.exc_classes["Exception"].clone());
        let cls = classes::simple_class(name, base, Map::default());
        self.exc_classes.insert(name, cls.clone());
        cls
    }

    /// `KeyError(key)`: its `args` is the key, its message the key's repr.
    pub fn key_error(&self, key: &Value) -> Unwind {
        let e = self.exception_value("KeyError", "");
        if let Value::Instance(i) = &e {
            i.set("args", Value::tuple(vec![key.clone()]));
        }
        self.raise_value(e)
    }

    pub fn type_error(&self, message: impl Into<String>) -> Unwind {
        self.exc("TypeError", message)
    }

    pub fn value_error(&self, message: impl Into<String>) -> Unwind {
        self.exc("ValueError", message)
    }

    pub fn raise_value(&self, value: Value) -> Unwind {
        Unwind::Exception(Box::new(PyException {
            value,
            frames: Vec::new(),
            needs_frame: true,
            origin: Some((self.current_source(), self.cur_range)),
        }))
    }

    /// An error the script cannot catch: an unsupported operation, with a hint.
    pub fn unsupported(&self, message: impl Into<String>, hint: Option<String>) -> Unwind {
        let mut e = self.error_here(ErrorKind::Unsupported, message);
        e.hint = hint;
        Unwind::Fatal(Box::new(e))
    }

    fn limit(&self, message: String, hint: &str) -> Unwind {
        let mut e = self.error_here(ErrorKind::Limit, message);
        e.hint = Some(hint.to_owned());
        Unwind::Fatal(Box::new(e))
    }

    /// Counts one step against the budget.
    #[inline]
    pub fn step(&mut self) -> EvalResult<()> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(self.limit(
                format!("step budget of {} exhausted", self.limits.max_steps),
                "the script runs too long for the sandbox (an endless loop?); raise the step budget if it is legitimate",
            ));
        }
        Ok(())
    }

    /// Counts `n` steps at once, for work proportional to a value's size (a class's MRO).
    pub(crate) fn charge(&mut self, n: u64) -> EvalResult<()> {
        self.steps += n;
        self.step()
    }

    /// Fails cleanly before the native stack runs out (deep recursion, deeply nested code).
    #[inline]
    pub fn check_stack(&self) -> EvalResult<()> {
        let used = self.stack_base.abs_diff(stack_address());
        if self.stack_base != 0 && used > self.limits.max_stack_bytes {
            return Err(self.limit(
                format!("native stack guard: evaluation nested too deeply ({used} bytes of stack)"),
                "the script nests calls or expressions too deeply for the sandbox",
            ));
        }
        Ok(())
    }

    /// Accounts for a value of `bytes` about to be built.
    pub fn alloc(&mut self, bytes: usize) -> EvalResult<()> {
        if bytes > self.limits.max_value_bytes {
            return Err(self.limit(
                format!(
                    "memory cap: a value of {bytes} bytes exceeds the limit of {} bytes",
                    self.limits.max_value_bytes
                ),
                "revision files should not build values this large; raise the memory cap if it is legitimate",
            ));
        }
        self.allocated += bytes;
        if self.allocated > self.limits.max_total_bytes {
            return Err(self.limit(
                format!(
                    "memory cap of {} bytes allocated in total exceeded",
                    self.limits.max_total_bytes
                ),
                "the script builds too much data for the sandbox",
            ));
        }
        Ok(())
    }

    // ------------------------------------------------------------------ statements

    fn frame(&self) -> &Frame {
        self.frames.last().expect("a frame")
    }

    pub(crate) fn exec_block(&mut self, body: &[Stmt]) -> EvalResult<()> {
        for stmt in body {
            self.cur_range = stmt.range();
            self.step()?;
            if let Err(mut u) = self.exec_stmt(stmt) {
                if let Unwind::Exception(exc) = &mut u
                    && exc.needs_frame
                {
                    let f = self.frame();
                    let (line, _, text) = f
                        .module
                        .lines
                        .locate(&f.module.text, stmt.start().to_usize());
                    exc.frames.push(TraceFrame {
                        path: f.module.path.clone(),
                        line,
                        function: f.function.to_string(),
                        source_line: text.to_owned(),
                    });
                    exc.needs_frame = false;
                }
                return Err(u);
            }
        }
        Ok(())
    }

    fn exec_stmt(&mut self, stmt: &Stmt) -> EvalResult<()> {
        match stmt {
            Stmt::Expr(s) => {
                self.eval(&s.value)?;
            }
            Stmt::Assign(s) => {
                let v = self.eval(&s.value)?;
                for t in &s.targets {
                    self.assign(t, v.clone())?;
                }
            }
            Stmt::AnnAssign(s) => {
                if let Some(value) = &s.value {
                    let v = self.eval(value)?;
                    self.assign(&s.target, v)?;
                }
                self.annotate(s)?;
            }
            Stmt::AugAssign(s) => {
                let op = ops::operator(s.op);
                let cur = self.eval(&s.target)?;
                let rhs = self.eval(&s.value)?;
                let v = match (&cur, op) {
                    // In-place list extension keeps identity, as Python's `+=` does.
                    (Value::List(l), Op::Add) => {
                        let items = self.iterate(&rhs)?;
                        self.alloc(items.len() * 8)?;
                        l.borrow_mut().extend(items);
                        cur.clone()
                    }
                    (Value::Instance(_) | Value::Host(_), _) => {
                        self.cur_range = s.range;
                        self.inplace(op, &cur, &rhs)?
                    }
                    _ => self.binary(op, &cur, &rhs)?,
                };
                self.assign(&s.target, v)?;
            }
            Stmt::FunctionDef(f) => {
                if let Err((range, msg, hint)) = check::check_function(f) {
                    // Defined, but calling it fails before any of it runs.
                    let source = self.frame().module.clone();
                    let err = make_error(&source, range, ErrorKind::Unsupported, msg, hint);
                    let v = Value::native(f.name.as_str(), move |_, _| {
                        Err(Unwind::Fatal(Box::new(err.clone())))
                    });
                    self.store_name(f.name.as_str(), v);
                    return Ok(());
                }
                // Decorators are evaluated before the function is made, applied after.
                let mut decorators = Vec::with_capacity(f.decorator_list.len());
                for d in &f.decorator_list {
                    decorators.push(self.eval(&d.expression)?);
                }
                let func = self.make_function(
                    f.name.as_str(),
                    &f.parameters,
                    // SAFETY: `f` is a statement of the running frame's module AST.
                    FunctionBody::Block(unsafe {
                        AstRef::new(self.frame().module.clone(), &f.body[..])
                    }),
                    docstring(&f.body),
                    f.is_async,
                )?;
                let mut v = func;
                for dec in decorators.iter().rev() {
                    v = self.call(dec, Args::new(vec![v]))?;
                }
                self.store_name(f.name.as_str(), v);
            }
            Stmt::ClassDef(c) => self.exec_class(c)?,
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.eval(e)?,
                    None => Value::None,
                };
                return Err(Unwind::Return(v));
            }
            Stmt::If(s) => {
                let t = self.eval(&s.test)?;
                if self.truthy(&t)? {
                    return self.exec_block(&s.body);
                }
                for clause in &s.elif_else_clauses {
                    let take = match &clause.test {
                        Some(test) => {
                            let t = self.eval(test)?;
                            self.truthy(&t)?
                        }
                        None => true,
                    };
                    if take {
                        return self.exec_block(&clause.body);
                    }
                }
            }
            Stmt::For(s) if s.is_async => return self.exec_async_for(s),
            Stmt::For(s) => {
                let iterable = self.eval(&s.iter)?;
                let mut it = self.iter(&iterable)?;
                let mut broke = false;
                while let Some(item) = it.next_item(self)? {
                    self.step()?;
                    self.assign(&s.target, item)?;
                    match self.exec_block(&s.body) {
                        Ok(()) | Err(Unwind::Continue) => {}
                        Err(Unwind::Break) => {
                            broke = true;
                            break;
                        }
                        Err(e) => return Err(e),
                    }
                }
                if !broke {
                    self.exec_block(&s.orelse)?;
                }
            }
            Stmt::While(s) => {
                let mut broke = false;
                loop {
                    self.step()?;
                    let t = self.eval(&s.test)?;
                    if !self.truthy(&t)? {
                        break;
                    }
                    match self.exec_block(&s.body) {
                        Ok(()) | Err(Unwind::Continue) => {}
                        Err(Unwind::Break) => {
                            broke = true;
                            break;
                        }
                        Err(e) => return Err(e),
                    }
                }
                if !broke {
                    self.exec_block(&s.orelse)?;
                }
            }
            Stmt::Break(_) => return Err(Unwind::Break),
            Stmt::Continue(_) => return Err(Unwind::Continue),
            Stmt::Pass(_) => {}
            Stmt::With(s) => return self.exec_with(&s.items, &s.body, s.range, s.is_async),
            Stmt::Try(s) => return self.exec_try(s),
            Stmt::Raise(r) => {
                let exc = match &r.exc {
                    Some(e) => {
                        let v = self.eval(e)?;
                        let v = self.make_exception(v)?;
                        self.cur_range = r.range;
                        v
                    }
                    None => match self.handling.last() {
                        Some(v) => v.clone(),
                        None => {
                            return Err(self.exc("RuntimeError", "No active exception to reraise"));
                        }
                    },
                };
                if let Some(cause) = &r.cause {
                    let cause = self.eval(cause)?;
                    let cause = match cause {
                        Value::None => Value::None,
                        c => self.make_exception(c)?,
                    };
                    if let Value::Instance(i) = &exc {
                        i.set("__cause__", cause);
                        i.set("__suppress_context__", Value::Bool(true));
                    }
                    self.cur_range = r.range;
                }
                return Err(self.raise_value(exc));
            }
            Stmt::Assert(a) => {
                let t = self.eval(&a.test)?;
                if !self.truthy(&t)? {
                    let msg = match &a.msg {
                        Some(m) => {
                            let v = self.eval(m)?;
                            format::to_str(&v)
                        }
                        None => String::new(),
                    };
                    return Err(self.exc("AssertionError", msg));
                }
            }
            Stmt::Import(s) => return self.exec_import(s),
            Stmt::ImportFrom(s) => return self.exec_import_from(s),
            Stmt::Global(g) => {
                let f = self.frame();
                for n in &g.names {
                    f.locals
                        .global_names
                        .borrow_mut()
                        .push(Rc::from(n.as_str()));
                }
            }
            Stmt::Nonlocal(g) => {
                let f = self.frame();
                for n in &g.names {
                    f.locals
                        .nonlocal_names
                        .borrow_mut()
                        .push(Rc::from(n.as_str()));
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
            }
            other => {
                // `check` rejects these before evaluation starts.
                return Err(self.unsupported(
                    format!("statement {:?}", std::mem::discriminant(other)),
                    None,
                ));
            }
        }
        Ok(())
    }

    /// `with`: errors raised by `__exit__` point at the `with` statement, as in CPython.
    fn exec_with(
        &mut self,
        items: &[ast::WithItem],
        body: &[Stmt],
        range: TextRange,
        is_async: bool,
    ) -> EvalResult<()> {
        let Some((first, rest)) = items.split_first() else {
            return self.exec_block(body);
        };
        let manager = self.eval(&first.context_expr)?;
        let entered = self.enter(&manager, is_async)?;
        if let Some(target) = &first.optional_vars {
            self.assign(target, entered)?;
        }
        let result = self.exec_with(rest, body, range, is_async);
        self.cur_range = TextRange::new(range.start(), first.context_expr.range().end());
        match result {
            Err(Unwind::Exception(exc)) => {
                let suppress = self.exit(&manager, Some(&exc.value), is_async)?;
                if suppress {
                    Ok(())
                } else {
                    Err(Unwind::Exception(exc))
                }
            }
            other => {
                self.exit(&manager, None, is_async)?;
                other
            }
        }
    }

    fn enter(&mut self, manager: &Value, is_async: bool) -> EvalResult {
        let name = if is_async { "__aenter__" } else { "__enter__" };
        if let Some(r) = self.call_special(manager, name, vec![])? {
            return if is_async {
                self.await_value(&r)
            } else {
                Ok(r)
            };
        }
        if let Value::Host(h) = manager
            && let Some(v) = h.clone().enter(self)?
        {
            return Ok(v);
        }
        Err(self.type_error(format!(
            "'{}' object does not support the {}context manager protocol",
            manager.type_name(),
            if is_async { "asynchronous " } else { "" }
        )))
    }

    fn exit(&mut self, manager: &Value, error: Option<&Value>, is_async: bool) -> EvalResult<bool> {
        let name = if is_async { "__aexit__" } else { "__exit__" };
        if let Some(f) = self.special(manager, name) {
            let (t, v) = match error {
                Some(e) => (self.type_of(e), e.clone()),
                None => (Value::None, Value::None),
            };
            let mut r = self.call_bound(&f, manager, vec![t, v, Value::None])?;
            if is_async {
                r = self.await_value(&r)?;
            }
            return self.truthy(&r);
        }
        match manager {
            Value::Host(h) => h.clone().exit(self, error),
            _ => Ok(false),
        }
    }

    /// `async for`: `__aiter__`, then `__anext__` awaited until `StopAsyncIteration`; host
    /// objects iterate as in a plain `for`.
    fn exec_async_for(&mut self, s: &ast::StmtFor) -> EvalResult<()> {
        let iterable = self.eval(&s.iter)?;
        let iterator = match self.call_special(&iterable, "__aiter__", vec![])? {
            Some(it) => it,
            None if matches!(iterable, Value::Host(_)) => {
                let items = self.iterate(&iterable)?;
                Value::list(items)
            }
            None => {
                return Err(self.type_error(format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    iterable.type_name()
                )));
            }
        };
        let mut plain = match &iterator {
            Value::List(l) => Some(l.borrow().clone().into_iter()),
            _ => None,
        };
        let mut broke = false;
        loop {
            self.step()?;
            let item = match &mut plain {
                Some(it) => match it.next() {
                    Some(v) => v,
                    None => break,
                },
                None => {
                    let Some(next) = self.call_special(&iterator, "__anext__", vec![])? else {
                        return Err(self.type_error(format!(
                            "'async for' received an invalid object from __aiter__: {}",
                            iterator.type_name()
                        )));
                    };
                    match self.await_value(&next) {
                        Ok(v) => v,
                        Err(Unwind::Exception(e))
                            if self.is_instance_of_exc(&e.value, "StopAsyncIteration") =>
                        {
                            break;
                        }
                        Err(e) => return Err(e),
                    }
                }
            };
            self.assign(&s.target, item)?;
            match self.exec_block(&s.body) {
                Ok(()) | Err(Unwind::Continue) => {}
                Err(Unwind::Break) => {
                    broke = true;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if !broke {
            self.exec_block(&s.orelse)?;
        }
        Ok(())
    }

    /// Whether `v` is an instance of the builtin exception class `name`.
    pub(crate) fn is_instance_of_exc(&self, v: &Value, name: &str) -> bool {
        match (v, self.exc_classes.get(name)) {
            (Value::Instance(i), Some(c)) => i.class.is_subclass_of(c),
            _ => false,
        }
    }

    fn exec_try(&mut self, s: &ast::StmtTry) -> EvalResult<()> {
        // A `try` whose handlers name ImportError (or a base of it): an import in its body
        // that finds nothing is expected to fail (`Interp::import_guarded`).
        let guards = s.handlers.iter().any(|h| {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            match &h.type_ {
                None => true,
                Some(t) => catches_import_error(t),
            }
        });
        if guards {
            self.import_guards.push(self.frames.len());
        }
        let body = self.exec_block(&s.body);
        if guards {
            self.import_guards.pop();
        }
        let result = match body {
            Err(Unwind::Exception(exc)) => {
                let mut handled = None;
                for h in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    let matches = match &h.type_ {
                        None => true,
                        Some(t) => {
                            let t = self.eval(t)?;
                            self.exception_matches(&exc.value, &t)?
                        }
                    };
                    if matches {
                        handled = Some(h);
                        break;
                    }
                }
                match handled {
                    Some(h) => {
                        if let Some(name) = &h.name {
                            self.store_name(name.as_str(), exc.value.clone());
                        }
                        self.handling.push(exc.value.clone());
                        let r = self.exec_block(&h.body);
                        self.handling.pop();
                        r
                    }
                    None => Err(Unwind::Exception(exc)),
                }
            }
            Ok(()) => self.exec_block(&s.orelse),
            other => other,
        };
        if !s.finalbody.is_empty() {
            self.exec_block(&s.finalbody)?;
        }
        result
    }

    fn exception_matches(&mut self, exc: &Value, t: &Value) -> EvalResult<bool> {
        match t {
            Value::Tuple(items) => {
                for item in items.iter() {
                    if self.exception_matches(exc, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Class(c) => Ok(match exc {
                Value::Instance(i) => i.class.is_subclass_of(c),
                _ => false,
            }),
            Value::Host(h) => Ok(h.instance_check(exc).unwrap_or(false)),
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// `raise X` accepts a class or an instance.
    fn make_exception(&mut self, v: Value) -> EvalResult {
        match &v {
            Value::Class(c) if c.is_subclass_of(&self.exc_classes["BaseException"]) => {
                self.call(&v, Args::default())
            }
            Value::Instance(i) if i.class.is_subclass_of(&self.exc_classes["BaseException"]) => {
                Ok(v)
            }
            _ => Err(self.type_error("exceptions must derive from BaseException")),
        }
    }

    fn make_function(
        &mut self,
        name: &str,
        params: &ast::Parameters,
        body: FunctionBody,
        doc: Option<String>,
        is_async: bool,
    ) -> EvalResult {
        let mut positional = Vec::new();
        for p in params.posonlyargs.iter().chain(params.args.iter()) {
            let default = match &p.default {
                Some(d) => Some(self.eval(d)?),
                None => None,
            };
            positional.push((Rc::from(p.parameter.name.as_str()), default));
        }
        let mut kwonly = Vec::new();
        for p in params.kwonlyargs.iter() {
            let default = match &p.default {
                Some(d) => Some(self.eval(d)?),
                None => None,
            };
            kwonly.push((Rc::from(p.parameter.name.as_str()), default));
        }
        let f = self.frame();
        let closure = if f.is_class {
            f.closure.clone()
        } else if f.is_module {
            None
        } else {
            Some(f.locals.clone())
        };
        let qualname = f.child_qualname(name);
        Ok(Value::Function(Rc::new(Function {
            name: Rc::from(name),
            qualname,
            is_async,
            class_cell: f.class_cell.clone(),
            attrs: Default::default(),
            params: Params {
                positional,
                posonly_count: params.posonlyargs.len(),
                vararg: params.vararg.as_ref().map(|p| Rc::from(p.name.as_str())),
                kwonly,
                kwarg: params.kwarg.as_ref().map(|p| Rc::from(p.name.as_str())),
            },
            body,
            closure,
            globals: f.globals.clone(),
            module: f.module.clone(),
            docstring: doc.map(|d| Rc::from(d.as_str())),
            local_names: Default::default(),
        })))
    }

    // ------------------------------------------------------------------ names and targets

    pub(crate) fn store_name(&mut self, name: &str, v: Value) {
        let f = self.frame();
        if !f.is_module && f.locals.global_names.borrow().iter().any(|n| &**n == name) {
            f.globals.set(name, v);
            return;
        }
        if f.locals
            .nonlocal_names
            .borrow()
            .iter()
            .any(|n| &**n == name)
        {
            let mut scope = f.locals.parent.clone();
            while let Some(s) = scope {
                if s.vars.borrow().contains_key(name) {
                    s.set(name, v);
                    return;
                }
                scope = s.parent.clone();
            }
        }
        f.locals.set(name, v);
    }

    /// `store_name` of a name in the source, through its node's hint (see `Scope::set_hinted`).
    fn store_name_at(&mut self, n: &ast::ExprName, v: Value) {
        let f = self.frame();
        let name = n.id.as_str();
        if f.locals.global_names.borrow().is_empty() && f.locals.nonlocal_names.borrow().is_empty()
        {
            f.locals.set_hinted(name, v, &n.node_index);
        } else {
            self.store_name(name, v);
        }
    }

    /// `load_name` of a name in the source, through its node's hint (see `Scope::get_hinted`).
    /// In a function (not nested in another), a name the function does not bind is found in
    /// the globals without asking the locals, and a name it binds but has not bound yet
    /// raises `UnboundLocalError`, as in Python.
    fn load_name_at(&mut self, n: &ast::ExprName) -> EvalResult {
        let f = self.frame();
        let name = n.id.as_str();
        let Some(func) = f.func.as_ref().filter(|_| f.locals.parent.is_none()) else {
            if let Some(v) = f.locals.get_hinted(name, &n.node_index) {
                return Ok(v);
            }
            return self.at_name(n, |it| it.load_name(name));
        };
        let global = match read_hint(&n.node_index) {
            Some((true, i)) => {
                if let Some(v) = f.globals.get_at(name, i) {
                    return Ok(v);
                }
                true
            }
            _ => {
                if let Some(v) = f.locals.get_hinted(name, &n.node_index) {
                    return Ok(v);
                }
                false
            }
        };
        if !global && func.local_names().contains(name) {
            self.cur_range = n.range;
            return Err(self.exc(
                "UnboundLocalError",
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            ));
        }
        let found = f.globals.get_full(name);
        set_global_hint(&n.node_index, found.as_ref().map(|(i, _)| *i));
        match found {
            Some((_, v)) => Ok(v),
            None => self.at_name(n, |it| it.load_builtin(name)),
        }
    }

    /// A lookup whose error (a missing name) points at the name, not at its statement.
    fn at_name(
        &mut self,
        n: &ast::ExprName,
        f: impl FnOnce(&mut Self) -> EvalResult,
    ) -> EvalResult {
        let statement = std::mem::replace(&mut self.cur_range, n.range);
        let v = f(self)?;
        self.cur_range = statement;
        Ok(v)
    }

    fn load_name(&mut self, name: &str) -> EvalResult {
        let f = self.frame();
        if let Some(v) = f.locals.get(name) {
            return Ok(v);
        }
        let mut scope = if f.is_class {
            f.closure.clone()
        } else {
            f.locals.parent.clone()
        };
        while let Some(s) = scope {
            if let Some(v) = s.get(name) {
                return Ok(v);
            }
            scope = s.parent.clone();
        }
        if let Some(v) = f.globals.get(name) {
            return Ok(v);
        }
        self.load_builtin(name)
    }

    fn load_builtin(&self, name: &str) -> EvalResult {
        if let Some(v) = self.builtins.get(name) {
            return Ok(v.clone());
        }
        if let Some(hint) = builtins::missing_builtin_hint(name) {
            return Err(self.unsupported(format!("builtin `{name}` is not available"), Some(hint)));
        }
        Err(self.exc("NameError", format!("name '{name}' is not defined")))
    }

    fn assign(&mut self, target: &Expr, v: Value) -> EvalResult<()> {
        match target {
            Expr::Name(n) => {
                self.store_name_at(n, v);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = self.iterate(&v)?;
                if let Some(star) = elts.iter().position(|e| e.is_starred_expr()) {
                    let after = elts.len() - star - 1;
                    if items.len() < elts.len() - 1 {
                        return Err(self.value_error(format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            elts.len() - 1,
                            items.len()
                        )));
                    }
                    for (t, item) in elts[..star].iter().zip(&items) {
                        self.assign(t, item.clone())?;
                    }
                    let middle = items[star..items.len() - after].to_vec();
                    if let Expr::Starred(s) = &elts[star] {
                        self.assign(&s.value, Value::list(middle))?;
                    }
                    for (t, item) in elts[star + 1..].iter().zip(&items[items.len() - after..]) {
                        self.assign(t, item.clone())?;
                    }
                    return Ok(());
                }
                if items.len() != elts.len() {
                    return Err(self.value_error(if items.len() > elts.len() {
                        format!("too many values to unpack (expected {})", elts.len())
                    } else {
                        format!(
                            "not enough values to unpack (expected {}, got {})",
                            elts.len(),
                            items.len()
                        )
                    }));
                }
                for (t, item) in elts.iter().zip(items) {
                    self.assign(t, item)?;
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                self.set_attr(&obj, a.attr.as_str(), v)
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                self.set_item(&obj, key, v)
            }
            _ => Err(self.unsupported("assignment to this kind of target", None)),
        }
    }

    fn delete(&mut self, target: &Expr) -> EvalResult<()> {
        match target {
            Expr::Name(n) => {
                let f = self.frame();
                if f.locals
                    .vars
                    .borrow_mut()
                    .shift_remove(n.id.as_str())
                    .is_none()
                {
                    return Err(self.exc("NameError", format!("name '{}' is not defined", n.id)));
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                match &obj {
                    Value::Dict(d) => {
                        let hk = self.hash_key(&key)?;
                        let removed = d.borrow_mut().remove_hashed(&hk);
                        match removed {
                            Some(_) => Ok(()),
                            None => Err(self.key_error(&key)),
                        }
                    }
                    Value::List(l) => {
                        let len = l.borrow().len();
                        let i = self.index(&key, len, "list assignment")?;
                        l.borrow_mut().remove(i);
                        Ok(())
                    }
                    Value::Instance(_) | Value::Host(_)
                        if self
                            .call_special(&obj, "__delitem__", vec![key.clone()])?
                            .is_some() =>
                    {
                        Ok(())
                    }
                    _ => Err(self.type_error(format!(
                        "'{}' object does not support item deletion",
                        obj.type_name()
                    ))),
                }
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(e)?;
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                self.cur_range = a.range;
                self.del_attr(&obj, a.attr.as_str())
            }
            _ => Err(self.unsupported("deletion of this kind of target", None)),
        }
    }

    // ------------------------------------------------------------------ expressions

    pub(crate) fn eval(&mut self, e: &Expr) -> EvalResult {
        self.check_stack()?;
        if self.nesting >= self.limits.max_nesting {
            return Err(self.limit(
                format!(
                    "nesting limit: evaluation nested more than {} levels deep (calls and expressions)",
                    self.limits.max_nesting
                ),
                "the script nests calls or expressions too deeply for the sandbox",
            ));
        }
        self.nesting += 1;
        let r = self.eval_nested(e);
        self.nesting -= 1;
        r
    }

    fn eval_nested(&mut self, e: &Expr) -> EvalResult {
        match e {
            Expr::Name(n) => self.load_name_at(n),
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Ok(Value::Int(v)),
                    None => Err(self.unsupported(
                        "integer literal larger than 64 bits",
                        Some("Retort's integers are 64-bit".into()),
                    )),
                },
                ast::Number::Float(f) => Ok(Value::Float(*f)),
                ast::Number::Complex { .. } => Err(self.unsupported("complex numbers", None)),
            },
            Expr::StringLiteral(s) => Ok(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b
                    .value
                    .iter()
                    .flat_map(|l| l.value.iter().copied())
                    .collect();
                Ok(Value::Bytes(Rc::from(bytes)))
            }
            Expr::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expr::NoneLiteral(_) => Ok(Value::None),
            Expr::EllipsisLiteral(_) => Ok(Value::Ellipsis),
            Expr::FString(f) => self.eval_fstring(f),
            Expr::List(l) => {
                let items = self.eval_elements(&l.elts)?;
                Ok(Value::list(items))
            }
            Expr::Tuple(t) => {
                let items = self.eval_elements(&t.elts)?;
                Ok(Value::tuple(items))
            }
            Expr::Set(s) => {
                let items = self.eval_elements(&s.elts)?;
                let mut d = Dict::new();
                for i in items {
                    let hk = self.hash_key(&i)?;
                    d.insert_hashed(hk, i, Value::None);
                }
                Ok(Value::Set(Rc::new(std::cell::RefCell::new(d))))
            }
            Expr::Dict(d) => {
                let mut out = Dict::with_capacity(d.items.len());
                for item in &d.items {
                    match &item.key {
                        Some(k) => {
                            let k = self.eval(k)?;
                            let v = self.eval(&item.value)?;
                            let hk = self.hash_key(&k)?;
                            out.insert_hashed(hk, k, v);
                        }
                        None => {
                            let other = self.eval(&item.value)?;
                            for (k, v) in self.dict_items(&other)? {
                                out.insert(k, v).map_err(|m| self.type_error(m))?;
                            }
                        }
                    }
                }
                Ok(Value::dict(out))
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                self.cur_range = a.range;
                self.get_attr(&obj, a.attr.as_str())
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                self.cur_range = s.range;
                self.get_item(&obj, &key)
            }
            Expr::Slice(s) => {
                let mut part = |p: &Option<Box<Expr>>| -> EvalResult {
                    match p {
                        Some(e) => self.eval(e),
                        None => Ok(Value::None),
                    }
                };
                let lower = part(&s.lower)?;
                let upper = part(&s.upper)?;
                let step = part(&s.step)?;
                Ok(Value::Slice(Box::new((lower, upper, step))))
            }
            Expr::Call(c) => self.eval_call(c),
            Expr::BinOp(b) => {
                let l = self.eval(&b.left)?;
                let r = self.eval(&b.right)?;
                self.cur_range = b.range;
                self.binary(ops::operator(b.op), &l, &r)
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand)?;
                match u.op {
                    ast::UnaryOp::Not => Ok(Value::Bool(!self.truthy(&v)?)),
                    ast::UnaryOp::USub => self.unary(UnaryOp::Neg, &v),
                    ast::UnaryOp::UAdd => self.unary(UnaryOp::Pos, &v),
                    ast::UnaryOp::Invert => self.unary(UnaryOp::Invert, &v),
                }
            }
            Expr::BoolOp(b) => {
                let mut last = Value::None;
                for (i, e) in b.values.iter().enumerate() {
                    last = self.eval(e)?;
                    let t = self.truthy(&last)?;
                    let stop = match b.op {
                        ast::BoolOp::And => !t,
                        ast::BoolOp::Or => t,
                    };
                    if stop || i == b.values.len() - 1 {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::Compare(c) => {
                let mut left = self.eval(&c.left)?;
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    let right = self.eval(right)?;
                    self.cur_range = c.range;
                    let r = self.compare(*op, &left, &right)?;
                    // Host comparisons (SQL expressions) are not booleans: return them as is
                    // when the chain has one link.
                    if c.ops.len() == 1 {
                        return Ok(r);
                    }
                    if !self.truthy(&r)? {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Ok(Value::Bool(true))
            }
            Expr::If(i) => {
                let t = self.eval(&i.test)?;
                if self.truthy(&t)? {
                    self.eval(&i.body)
                } else {
                    self.eval(&i.orelse)
                }
            }
            Expr::Lambda(l) => {
                let empty = ast::Parameters::default();
                let params = l.parameters.as_deref().unwrap_or(&empty);
                self.make_function(
                    "<lambda>",
                    params,
                    // SAFETY: `l` is an expression of the running frame's module AST.
                    FunctionBody::Lambda(unsafe {
                        AstRef::new(self.frame().module.clone(), &*l.body)
                    }),
                    None,
                    false,
                )
            }
            Expr::ListComp(c) => {
                let mut out = Vec::new();
                self.comprehension(&c.generators, &mut |it| {
                    let v = it.eval(&c.elt)?;
                    out.push(v);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            Expr::Generator(c) => {
                // Generators are evaluated eagerly into a list: revision files consume them
                // at once (`any(...)`, `", ".join(...)`, `list(...)`).
                let mut out = Vec::new();
                self.comprehension(&c.generators, &mut |it| {
                    let v = it.eval(&c.elt)?;
                    out.push(v);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            Expr::SetComp(c) => {
                let mut out = Dict::new();
                let mut err = None;
                self.comprehension(&c.generators, &mut |it| {
                    let v = it.eval(&c.elt)?;
                    if let Err(m) = out.insert(v, Value::None) {
                        err = Some(m);
                    }
                    Ok(())
                })?;
                if let Some(m) = err {
                    return Err(self.type_error(m));
                }
                Ok(Value::Set(Rc::new(std::cell::RefCell::new(out))))
            }
            Expr::DictComp(c) => {
                let mut out = Dict::new();
                let mut err = None;
                self.comprehension(&c.generators, &mut |it| {
                    let k = match &c.key {
                        Some(k) => it.eval(k)?,
                        None => {
                            return Err(it.unsupported("dict unpacking in a comprehension", None));
                        }
                    };
                    let v = it.eval(&c.value)?;
                    if let Err(m) = out.insert(k, v) {
                        err = Some(m);
                    }
                    Ok(())
                })?;
                if let Some(m) = err {
                    return Err(self.type_error(m));
                }
                Ok(Value::dict(out))
            }
            Expr::Named(n) => {
                let v = self.eval(&n.value)?;
                self.assign(&n.target, v.clone())?;
                Ok(v)
            }
            Expr::Await(a) => {
                let v = self.eval(&a.value)?;
                self.cur_range = a.range;
                self.await_value(&v)
            }
            Expr::Starred(_) => Err(self.unsupported("starred expression here", None)),
            _ => Err(self.unsupported("this expression", None)),
        }
    }

    fn eval_elements(&mut self, elts: &[Expr]) -> EvalResult<Vec<Value>> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e {
                let v = self.eval(&s.value)?;
                out.extend(self.iterate(&v)?);
            } else {
                out.push(self.eval(e)?);
            }
        }
        Ok(out)
    }

    /// Runs the nested loops of a comprehension in a scope of its own.
    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        body: &mut dyn FnMut(&mut Interp) -> EvalResult<()>,
    ) -> EvalResult<()> {
        let f = self.frame();
        let scope = Rc::new(Scope {
            parent: Some(if f.is_class {
                f.closure.clone().unwrap_or_else(|| f.globals.clone())
            } else {
                f.locals.clone()
            }),
            ..Default::default()
        });
        let frame = Frame {
            locals: scope,
            globals: f.globals.clone(),
            is_module: false,
            is_class: false,
            function: Rc::from("<listcomp>"),
            module: f.module.clone(),
            closure: None,
            func: f.func.clone(),
            class_cell: f.class_cell.clone(),
            qualname: f.qualname.clone(),
        };
        // The first iterable is evaluated in the enclosing scope, as in Python.
        let first_iter = self.eval(&generators[0].iter)?;
        self.frames.push(frame);
        let r = self.comprehension_level(generators, 0, Some(first_iter), body);
        self.frames.pop();
        r
    }

    fn comprehension_level(
        &mut self,
        generators: &[ast::Comprehension],
        level: usize,
        iterable: Option<Value>,
        body: &mut dyn FnMut(&mut Interp) -> EvalResult<()>,
    ) -> EvalResult<()> {
        let Some(g) = generators.get(level) else {
            return body(self);
        };
        let iterable = match iterable {
            Some(v) => v,
            None => self.eval(&g.iter)?,
        };
        let mut it = self.iter(&iterable)?;
        'items: while let Some(item) = it.next_item(self)? {
            self.step()?;
            self.assign(&g.target, item)?;
            for cond in &g.ifs {
                let c = self.eval(cond)?;
                if !self.truthy(&c)? {
                    continue 'items;
                }
            }
            self.comprehension_level(generators, level + 1, None, body)?;
        }
        Ok(())
    }

    fn eval_fstring(&mut self, f: &ast::ExprFString) -> EvalResult {
        let mut out = String::with_capacity(64);
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => out.push_str(&l.value),
                ast::FStringPart::FString(fs) => self.fstring_elements(&fs.elements, &mut out)?,
            }
        }
        self.alloc(out.len())?;
        Ok(Value::str(&out))
    }

    fn fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        out: &mut String,
    ) -> EvalResult<()> {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let v = self.eval(&i.expression)?;
                    if let Some(debug) = &i.debug_text {
                        out.push_str(debug.leading());
                        out.push_str(debug.expression());
                        out.push_str(debug.trailing());
                    }
                    let v = match i.conversion {
                        ast::ConversionFlag::Repr | ast::ConversionFlag::Ascii => {
                            Value::str(&self.repr_of(&v)?)
                        }
                        ast::ConversionFlag::Str => Value::str(&self.str_of(&v)?),
                        ast::ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            Value::str(&self.repr_of(&v)?)
                        }
                        ast::ConversionFlag::None => v,
                    };
                    let built;
                    let spec: &str = match &i.format_spec {
                        None => "",
                        // The common constant spec (`:.2f`) is used where it is.
                        Some(spec) => match &spec.elements[..] {
                            [ast::InterpolatedStringElement::Literal(l)] => &l.value,
                            _ => {
                                let mut s = String::new();
                                self.fstring_elements(&spec.elements, &mut s)?;
                                built = s;
                                &built
                            }
                        },
                    };
                    match (&v, spec) {
                        // The common `{name}`: no copy of the string in between.
                        (Value::Str(s), "") => out.push_str(s),
                        _ => format::format_value_into(self, &v, spec, out)?,
                    }
                }
            }
        }
        Ok(())
    }

    fn eval_call(&mut self, c: &ast::ExprCall) -> EvalResult {
        // `recv.method(...)` on a builtin value calls the method without making a bound
        // method object first (a data loop's `row.name.upper()`, once per row).
        let func = match &*c.func {
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                let name = a.attr.as_str();
                if builtins::has_method(&obj, name) {
                    let args = self.call_args(c, None)?;
                    self.cur_range = c.range();
                    return builtins::call_method(self, &obj, name, args);
                }
                // `obj.method(...)` on a plain instance: no bound method object either.
                if let Value::Instance(i) = &obj
                    && let Some(f) = self.plain_method(i, name)
                {
                    let args = self.call_args(c, Some(obj.clone()))?;
                    self.cur_range = c.range();
                    return self.call_function(&f, args);
                }
                self.cur_range = a.range;
                self.get_attr(&obj, name)?
            }
            f => self.eval(f)?,
        };
        let args = self.call_args(c, None)?;
        self.cur_range = c.range();
        self.call(&func, args)
    }

    /// The arguments of a call, `*args` and `**kwargs` spread, after `receiver` if given.
    fn call_args(&mut self, c: &ast::ExprCall, receiver: Option<Value>) -> EvalResult<Args> {
        let mut args = Args {
            positional: Vec::with_capacity(c.arguments.args.len() + receiver.is_some() as usize),
            keywords: Vec::with_capacity(c.arguments.keywords.len()),
        };
        args.positional.extend(receiver);
        for a in c.arguments.args.iter() {
            if let Expr::Starred(s) = a {
                let v = self.eval(&s.value)?;
                args.positional.extend(self.iterate(&v)?);
            } else {
                args.positional.push(self.eval(a)?);
            }
        }
        for k in c.arguments.keywords.iter() {
            let v = self.eval(&k.value)?;
            match &k.arg {
                Some(name) => args.keywords.push((Rc::from(name.as_str()), v)),
                None => {
                    for (key, value) in self.dict_items(&v)? {
                        match key {
                            Value::Str(s) => args.keywords.push((s, value)),
                            _ => return Err(self.type_error("keywords must be strings")),
                        }
                    }
                }
            }
        }
        Ok(args)
    }

    // ------------------------------------------------------------------ calls

    pub fn call(&mut self, f: &Value, mut args: Args) -> EvalResult {
        match f {
            Value::Function(func) => self.call_function(func, args),
            Value::Native(n) => (n.f)(self, args),
            Value::BoundMethod(m) => {
                let (recv, func) = (&m.0, &m.1);
                args.positional.insert(0, recv.clone());
                match func {
                    Value::Function(fun) => self.call_function(fun, args),
                    other => self.call(other, args),
                }
            }
            Value::Class(cls) => self.call_class(cls, args),
            Value::Instance(_) => match self.special(f, "__call__") {
                Some(m) => {
                    args.positional.insert(0, f.clone());
                    self.call(&m, args)
                }
                None => Err(self.type_error(format!("'{}' object is not callable", f.type_name()))),
            },
            Value::Host(h) => {
                if let Some(m) = self.special(f, "__call__") {
                    args.positional.insert(0, f.clone());
                    return self.call(&m, args);
                }
                match h.clone().call(self, args)? {
                    Some(v) => Ok(v),
                    None => {
                        Err(self.type_error(format!("'{}' object is not callable", f.type_name())))
                    }
                }
            }
            _ => Err(self.type_error(format!("'{}' object is not callable", f.type_name()))),
        }
    }

    /// Calls `f` (a class attribute found for `recv`) as a method of `recv`.
    pub(crate) fn call_bound(&mut self, f: &Value, recv: &Value, args: Vec<Value>) -> EvalResult {
        let bound = self.bind(f.clone(), Some(recv), &self.type_of(recv))?;
        self.call(&bound, Args::new(args))
    }

    pub(crate) fn call_function(&mut self, func: &Rc<Function>, args: Args) -> EvalResult {
        self.step()?;
        let locals = Rc::new(Scope {
            parent: func.closure.clone(),
            ..Default::default()
        });
        self.bind_args(func, args, &locals)?;
        if func.is_async {
            return Ok(crate::coroutine::Coroutine::value(func.clone(), locals));
        }
        self.run_function(func, locals)
    }

    /// Runs the body of `func` with its arguments bound in `locals`.
    pub(crate) fn run_function(&mut self, func: &Rc<Function>, locals: Rc<Scope>) -> EvalResult {
        self.check_stack()?;
        if self.depth >= self.limits.max_depth {
            return Err(self.limit(
                format!(
                    "maximum recursion depth of {} exceeded",
                    self.limits.max_depth
                ),
                "unbounded recursion? raise the recursion limit if it is legitimate",
            ));
        }
        self.frames.push(Frame {
            locals,
            globals: func.globals.clone(),
            is_module: false,
            is_class: false,
            function: func.name.clone(),
            module: func.module.clone(),
            closure: None,
            func: Some(func.clone()),
            class_cell: func.class_cell.clone(),
            qualname: None,
        });
        self.depth += 1;
        let saved_range = self.cur_range;
        let r = match &func.body {
            FunctionBody::Block(body) => match self.exec_block(body) {
                Ok(()) => Ok(Value::None),
                Err(Unwind::Return(v)) => Ok(v),
                Err(e) => Err(e),
            },
            FunctionBody::Lambda(e) => self.eval(e),
        };
        self.depth -= 1;
        self.frames.pop();
        self.cur_range = saved_range;
        match r {
            Err(Unwind::Exception(mut exc)) => {
                exc.needs_frame = true;
                Err(Unwind::Exception(exc))
            }
            Err(Unwind::Break | Unwind::Continue) => {
                Err(self.unsupported("'break' or 'continue' outside loop", None))
            }
            other => other,
        }
    }

    fn bind_args(&mut self, func: &Rc<Function>, mut args: Args, locals: &Scope) -> EvalResult<()> {
        let p = &func.params;
        let name = &func.qualname;
        let npos = p.positional.len();
        if args.positional.len() > npos && p.vararg.is_none() {
            let required = p.positional.iter().filter(|(_, d)| d.is_none()).count();
            let takes = if required < npos {
                format!("from {required} to {npos} positional arguments")
            } else {
                format!(
                    "{npos} positional argument{}",
                    if npos == 1 { "" } else { "s" }
                )
            };
            return Err(self.type_error(format!(
                "{name}() takes {takes} but {} {} given",
                args.positional.len(),
                if args.positional.len() == 1 {
                    "was"
                } else {
                    "were"
                }
            )));
        }
        let extra: Vec<Value> = if args.positional.len() > npos {
            args.positional.split_off(npos)
        } else {
            Vec::new()
        };
        let given = args.positional.len();
        for (i, v) in args.positional.into_iter().enumerate() {
            locals.set(&p.positional[i].0, v);
        }
        if let Some(va) = &p.vararg {
            locals.set(va, Value::tuple(extra));
        }
        let mut kwargs = Dict::new();
        for (k, v) in args.keywords {
            let pos_index = p.positional.iter().position(|(n, _)| *n == k);
            let is_param = match pos_index {
                Some(i) if i >= p.posonly_count => true,
                _ => p.kwonly.iter().any(|(n, _)| *n == k),
            };
            if is_param {
                if pos_index.is_some_and(|i| i < given) {
                    return Err(
                        self.type_error(format!("{name}() got multiple values for argument '{k}'"))
                    );
                }
                locals.set(&k, v);
            } else if p.kwarg.is_some() {
                kwargs.insert(Value::Str(k), v).ok();
            } else {
                return Err(
                    self.type_error(format!("{name}() got an unexpected keyword argument '{k}'"))
                );
            }
        }
        let mut missing: (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        for (i, (n, default)) in p.positional.iter().chain(p.kwonly.iter()).enumerate() {
            if locals.vars.borrow().contains_key(n) {
                continue;
            }
            match default {
                Some(d) => locals.set(n, d.clone()),
                None if i < p.positional.len() => missing.0.push(n),
                None => missing.1.push(n),
            }
        }
        for (names, kind) in [(missing.0, "positional"), (missing.1, "keyword-only")] {
            if !names.is_empty() {
                return Err(self.type_error(format!(
                    "{name}() missing {} required {kind} argument{}: {}",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" },
                    quoted_list(&names)
                )));
            }
        }
        if let Some(kw) = &p.kwarg {
            locals.set(kw, Value::dict(kwargs));
        }
        Ok(())
    }

    pub fn get_item(&mut self, obj: &Value, key: &Value) -> EvalResult {
        match (obj, key) {
            (Value::Dict(d), _) => {
                let hk = self.hash_key(key)?;
                let found = d.borrow().get_hashed(&hk).cloned();
                match found {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(key)),
                }
            }
            (
                Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::Range(..),
                Value::Slice(s),
            ) => ops::slice(self, obj, s),
            (Value::List(l), _) => {
                let l = l.borrow();
                let i = self.index(key, l.len(), "list")?;
                Ok(l[i].clone())
            }
            (Value::Tuple(t), _) => {
                let i = self.index(key, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            (Value::Str(s), _) => {
                let chars: Vec<char> = s.chars().collect();
                let i = self.index(key, chars.len(), "string")?;
                Ok(Value::str(&chars[i].to_string()))
            }
            (Value::Bytes(b), _) => {
                let i = self.index(key, b.len(), "")?;
                Ok(Value::Int(b[i] as i64))
            }
            (Value::Range(r), _) => {
                let (start, stop, step) = **r;
                let len = ops::range_len(start, stop, step);
                let i = self.index(key, len, "range object")?;
                Ok(Value::Int(start + step * i as i64))
            }
            (Value::Host(h), _) => {
                if let Some(r) = self.call_special(obj, "__getitem__", vec![key.clone()])? {
                    return Ok(r);
                }
                match h.clone().get_item(self, key)? {
                    Some(v) => Ok(v),
                    None => Err(self
                        .type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
                }
            }
            (Value::Class(c), _) => self.class_getitem(c, key),
            // `list[str]`, `dict[str, int]`: `types.GenericAlias`.
            (Value::Native(n), _) if n.kind == NativeKind::Type => {
                Ok(crate::typing::types_alias(obj.clone(), key))
            }
            (Value::Instance(_), _) => {
                match self.call_special(obj, "__getitem__", vec![key.clone()])? {
                    Some(r) => Ok(r),
                    None => Err(self
                        .type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
                }
            }
            _ => Err(self.type_error(format!("'{}' object is not subscriptable", obj.type_name()))),
        }
    }

    fn set_item(&mut self, obj: &Value, key: Value, v: Value) -> EvalResult<()> {
        match obj {
            Value::Dict(d) => {
                let hk = self.hash_key(&key)?;
                d.borrow_mut().insert_hashed(hk, key, v);
                Ok(())
            }
            Value::List(l) => {
                if let Value::Slice(s) = &key {
                    let items = self.iterate(&v)?;
                    let len = l.borrow().len();
                    let (start, stop) = ops::slice_bounds(self, s, len)?;
                    l.borrow_mut().splice(start..stop.max(start), items);
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.index(&key, len, "list assignment")?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            Value::Instance(_) | Value::Host(_)
                if self
                    .call_special(obj, "__setitem__", vec![key.clone(), v.clone()])?
                    .is_some() =>
            {
                Ok(())
            }
            Value::Host(h) if h.set_item(self, key.clone(), v.clone())? => Ok(()),
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                obj.type_name()
            ))),
        }
    }

    /// Python's index check; `what` words the errors as CPython does (`list index out of
    /// range`, `tuple indices must be integers or slices, not str`).
    pub(crate) fn index(&self, key: &Value, len: usize, what: &str) -> EvalResult<usize> {
        let Some(i) = key.as_int() else {
            let kind = what.split(' ').next().unwrap_or(what);
            return Err(self.type_error(match kind {
                "string" => format!("string indices must be integers, not '{}'", key.type_name()),
                "pop" => format!(
                    "'{}' object cannot be interpreted as an integer",
                    key.type_name()
                ),
                "" | "range" => format!(
                    "byte indices must be integers or slices, not {}",
                    key.type_name()
                ),
                _ => format!(
                    "{kind} indices must be integers or slices, not {}",
                    key.type_name()
                ),
            }));
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            let message = if what.is_empty() {
                "index out of range".to_owned()
            } else {
                format!("{what} index out of range")
            };
            return Err(self.exc("IndexError", message));
        }
        Ok(j as usize)
    }

    /// Evaluates the Python expression `src` with `globals` and `locals` (a forward
    /// reference of an annotation); a `SyntaxError` if it is not one expression.
    pub(crate) fn eval_source_expr(
        &mut self,
        src: &str,
        globals: Rc<Scope>,
        locals: Rc<Scope>,
    ) -> EvalResult {
        match ruff_python_parser::parse_expression(src.trim()) {
            Ok(p) => self.eval_parsed_expr(src, *p.into_syntax().body, globals, locals),
            Err(_) => Err(self.exc(
                "SyntaxError",
                format!(
                    "Forward reference must be an expression -- got {}",
                    format::str_repr(src)
                ),
            )),
        }
    }

    /// The builtin `eval(source, globals, locals)`: an expression, in the scopes given
    /// (the caller's when none are).
    /// The globals of the running frame (`globals()`).
    pub(crate) fn current_globals(&self) -> Rc<Scope> {
        let f = self
            .frames
            .last()
            .expect("builtins are called from a frame");
        f.globals.clone()
    }

    pub(crate) fn eval_builtin(
        &mut self,
        src: &str,
        globals: Option<Rc<Scope>>,
        locals: Option<Rc<Scope>>,
    ) -> EvalResult {
        let (globals, locals) = match (globals, locals) {
            (Some(g), Some(l)) => (g, l),
            (Some(g), None) => (g.clone(), g),
            (None, l) => {
                let f = self.frames.last().expect("eval is called from a frame");
                let g = f.globals.clone();
                let l = l.unwrap_or_else(|| f.locals.clone());
                (g, l)
            }
        };
        match ruff_python_parser::parse_expression(src.trim_start_matches([' ', '\t'])) {
            Ok(p) => self.eval_parsed_expr(src, *p.into_syntax().body, globals, locals),
            Err(e) => Err(self.exc(
                "SyntaxError",
                format!("invalid syntax in eval(): {}", e.error),
            )),
        }
    }

    fn eval_parsed_expr(
        &mut self,
        src: &str,
        expr: ast::Expr,
        globals: Rc<Scope>,
        locals: Rc<Scope>,
    ) -> EvalResult {
        let expr = Box::new(expr);
        let stmt = Stmt::Expr(ast::StmtExpr {
            node_index: Default::default(),
            range: TextRange::default(),
            value: expr,
        });
        let source = ModuleSource::with_body("<string>", src, Rc::from(vec![stmt]));
        let Stmt::Expr(e) = &source.body[0] else {
            unreachable!("built above")
        };
        self.frames.push(Frame {
            locals,
            globals,
            is_module: false,
            is_class: false,
            function: Rc::from("<module>"),
            module: source.clone(),
            closure: None,
            func: None,
            class_cell: None,
            qualname: None,
        });
        let saved = self.cur_range;
        let r = self.eval(&e.value);
        self.frames.pop();
        self.cur_range = saved;
        r
    }

    /// The globals of the module named `name` (imported, or running), for evaluating the
    /// string annotations of its classes.
    pub(crate) fn module_globals(&self, name: &str) -> Rc<Scope> {
        if let Some(Value::Module(m)) = self.modules.get(name) {
            return m.globals.clone();
        }
        for f in self.frames.iter().rev() {
            if matches!(f.globals.get("__name__"), Some(Value::Str(s)) if &*s == name) {
                return f.globals.clone();
            }
        }
        Rc::new(Scope::default())
    }

    // ------------------------------------------------------------------ operators

    pub fn binary(&mut self, op: Op, l: &Value, r: &Value) -> EvalResult {
        if has_py_class(l) || has_py_class(r) {
            return self.dunder_binary(op, l, r);
        }
        if let Value::Host(h) = l
            && let Some(v) = h.clone().binary_op(self, op, r, false)?
        {
            return Ok(v);
        }
        if let Value::Host(h) = r
            && let Some(v) = h.clone().binary_op(self, op, l, true)?
        {
            return Ok(v);
        }
        ops::binary(self, op, l, r)
    }

    fn unary(&mut self, op: UnaryOp, v: &Value) -> EvalResult {
        if has_py_class(v)
            && let Some(r) = self.dunder_unary(op, v)?
        {
            return Ok(r);
        }
        if let Value::Host(h) = v
            && let Some(r) = h.clone().unary_op(self, op)?
        {
            return Ok(r);
        }
        ops::unary(self, op, v)
    }

    fn compare(&mut self, op: ast::CmpOp, l: &Value, r: &Value) -> EvalResult {
        use ast::CmpOp::*;
        Ok(match op {
            Is => Value::Bool(l.is(r)),
            IsNot => Value::Bool(!l.is(r)),
            In => Value::Bool(self.contains(r, l)?),
            NotIn => Value::Bool(!self.contains(r, l)?),
            Eq => self.binary(Op::Eq, l, r)?,
            NotEq => self.binary(Op::Ne, l, r)?,
            Lt => self.binary(Op::Lt, l, r)?,
            LtE => self.binary(Op::Le, l, r)?,
            Gt => self.binary(Op::Gt, l, r)?,
            GtE => self.binary(Op::Ge, l, r)?,
        })
    }

    pub fn eq(&mut self, l: &Value, r: &Value) -> EvalResult<bool> {
        let v = self.binary(Op::Eq, l, r)?;
        self.truthy(&v)
    }

    pub fn contains(&mut self, container: &Value, item: &Value) -> EvalResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.contains(&**sub)),
                _ => Err(self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    item.type_name()
                ))),
            },
            Value::Dict(d) | Value::Set(d) => {
                let hk = self.hash_key(item)?;
                Ok(d.borrow().get_hashed(&hk).is_some())
            }
            Value::Range(r) => Ok(match item.as_int() {
                Some(i) => {
                    let (start, stop, step) = **r;
                    let inside = if step > 0 {
                        i >= start && i < stop
                    } else {
                        i <= start && i > stop
                    };
                    inside && (i - start) % step == 0
                }
                None => false,
            }),
            _ => {
                if has_py_class(container)
                    && let Some(r) =
                        self.call_special(container, "__contains__", vec![item.clone()])?
                {
                    return self.truthy(&r);
                }
                if let Value::Host(h) = container
                    && let Some(b) = h.clone().contains(self, item)?
                {
                    return Ok(b);
                }
                for x in self.iterate(container)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    pub fn truthy(&mut self, v: &Value) -> EvalResult<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) | Value::Set(d) => !d.borrow().is_empty(),
            Value::Range(r) => ops::range_len(r.0, r.1, r.2) > 0,
            Value::Host(h) => match self.instance_truthy(v)? {
                Some(b) => b,
                None => match h.clone().bool_value(self)? {
                    Some(b) => b,
                    None => match h.len() {
                        Some(n) => n > 0,
                        None => true,
                    },
                },
            },
            Value::Instance(_) => self.instance_truthy(v)?.unwrap_or(true),
            _ => true,
        })
    }

    // ------------------------------------------------------------------ iteration

    /// All items of an iterable, as a vector.
    pub fn iterate(&mut self, v: &Value) -> EvalResult<Vec<Value>> {
        Ok(match v {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.to_vec(),
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            Value::Bytes(b) => b.iter().map(|x| Value::Int(*x as i64)).collect(),
            Value::Dict(d) | Value::Set(d) => d.borrow().keys(),
            Value::Range(r) => {
                let (a, b, s) = **r;
                let len = ops::range_len(a, b, s);
                self.alloc(len * 8)?;
                (0..len).map(|i| Value::Int(a + s * i as i64)).collect()
            }
            Value::Host(h) => {
                if let Some(items) = self.iterate_instance(v)? {
                    return Ok(items);
                }
                match h.clone().iterate(self)? {
                    Some(items) => items,
                    None => {
                        return Err(
                            self.type_error(format!("'{}' object is not iterable", v.type_name()))
                        );
                    }
                }
            }
            Value::Instance(_) => match self.iterate_instance(v)? {
                Some(items) => items,
                None => {
                    return Err(
                        self.type_error(format!("'{}' object is not iterable", v.type_name()))
                    );
                }
            },
            Value::Class(c) if c.is_enum => crate::stdlib::enum_members(c),
            _ => return Err(self.type_error(format!("'{}' object is not iterable", v.type_name()))),
        })
    }

    /// A lazy iterator: ranges are not materialised (`for i in range(10**9)` is bounded by
    /// the step budget, not by memory).
    pub(crate) fn iter(&mut self, v: &Value) -> EvalResult<PyIter> {
        Ok(match v {
            Value::Range(r) => PyIter::Range(r.0, r.1, r.2),
            _ => PyIter::Items(self.iterate(v)?.into_iter()),
        })
    }

    pub fn dict_items(&mut self, v: &Value) -> EvalResult<Vec<(Value, Value)>> {
        match v {
            Value::Dict(d) => Ok(d
                .borrow()
                .items()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()),
            Value::Host(h) => {
                // Mappings from the host (e.g. row._mapping) expose keys() and [] access.
                let keys = match h.clone().get_attr(self, "keys")? {
                    Some(k) => self.call(&k, Args::default())?,
                    None => {
                        return Err(
                            self.type_error(format!("'{}' object is not a mapping", v.type_name()))
                        );
                    }
                };
                let mut out = Vec::new();
                for k in self.iterate(&keys)? {
                    let val = self.get_item(v, &k)?;
                    out.push((k, val));
                }
                Ok(out)
            }
            _ => Err(self.type_error(format!("'{}' object is not a mapping", v.type_name()))),
        }
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

/// The result of parsing one file, before anything is shared: it is `Send`, so a host may
/// parse many files on several threads and hand them to [`Interp::from_syntax`].
pub struct Syntax(Result<Vec<Stmt>, (TextRange, String)>);

impl Syntax {
    pub fn parse(text: &str) -> Syntax {
        if let Some((at, message)) = too_deeply_nested(text) {
            let at = ruff_text_size::TextSize::try_from(at).unwrap_or_default();
            return Syntax(Err((
                TextRange::new(at, at + ruff_text_size::TextSize::from(1)),
                message.to_owned(),
            )));
        }
        Syntax(
            ruff_python_parser::parse_module(text)
                .map(|p| p.into_syntax().body.into_iter().collect())
                .map_err(|e| (e.location, e.error.to_string())),
        )
    }
}

/// CPython's tokenizer allows 200 levels of brackets (`MAXLEVEL`) and says "too many
/// nested parentheses" at the 201st; its compiler ends an expression nested about 3,000
/// deep (`1+1+...`, `-(-(...))`, `a.b.c...`) with a RecursionError (Retort: 1,000, what the
/// parser's recursion fits in the browser's machine stack). The parser and everything
/// after it recurse per level, so such input is refused before it is parsed — natively and
/// in wasm alike, whatever the stack. The byte offset and message of the first excess,
/// skipping comments and string literals.
fn too_deeply_nested(text: &str) -> Option<(usize, &'static str)> {
    const MAX_LEVEL: usize = 200;
    // Operators in a row with nothing that ends an operand list between them (a comma, a
    // colon, an assignment, the end of the statement): the depth of the tree they build.
    // Below CPython's ~3,000, so that what is allowed also parses and runs in the page.
    const MAX_CHAIN: usize = 1_000;
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut chain = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'\'' | b'"') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple {
                        if b[i] == q && b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                            i += 2;
                            break;
                        }
                    } else if b[i] == q || b[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 => {
                // A name or a number (with its `.` and exponent) is one operand.
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'.'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                if depth >= MAX_LEVEL {
                    return Some((i, "too many nested parentheses"));
                }
                depth += 1;
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'.' => {
                if b.get(i + 1) == Some(&b'=') {
                    chain = 0;
                    i += 2;
                    continue;
                }
                chain += 1;
                if chain > MAX_CHAIN {
                    return Some((
                        i,
                        "expression too deeply nested (CPython: RecursionError: maximum recursion depth exceeded during compilation)",
                    ));
                }
            }
            b',' | b':' | b';' => chain = 0,
            b'=' if b.get(i + 1) != Some(&b'=')
                && !matches!(b.get(i.wrapping_sub(1)), Some(b'<' | b'>' | b'!' | b'=')) =>
            {
                chain = 0
            }
            b'\n' if depth == 0 && b.get(i.wrapping_sub(1)) != Some(&b'\\') => chain = 0,
            _ => {}
        }
        i += 1;
    }
    None
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

pub(crate) enum PyIter {
    Items(std::vec::IntoIter<Value>),
    Range(i64, i64, i64),
}

impl PyIter {
    fn next_item(&mut self, _interp: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(match self {
            PyIter::Items(it) => it.next(),
            PyIter::Range(cur, stop, step) => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    *cur += *step;
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
        })
    }
}

pub(crate) fn make_error(
    source: &ModuleSource,
    range: TextRange,
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
) -> Error {
    let (line, column, text) = source.lines.locate(&source.text, range.start().to_usize());
    let end_on_line = (range.end().to_usize()).min(source.text.len());
    let span = source
        .text
        .get(range.start().to_usize()..end_on_line)
        .unwrap_or("");
    let span_len = span.split('\n').next().unwrap_or("").chars().count().max(1);
    Error {
        kind,
        message,
        path: source.path.clone(),
        line,
        column,
        source_line: text.to_owned(),
        span_len,
        hint,
        traceback: Vec::new(),
    }
}

fn exception_parts(v: &Value) -> (String, String) {
    match v {
        Value::Instance(i) => {
            let msg = match i.get("args") {
                Some(Value::Tuple(args)) if args.len() == 1 && format::is_key_error(i) => {
                    format::repr(&args[0])
                }
                Some(Value::Tuple(args)) if args.len() == 1 => format::to_str(&args[0]),
                Some(Value::Tuple(args)) if args.is_empty() => String::new(),
                Some(args) => format::to_str(&args),
                None => String::new(),
            };
            (i.class.name.to_string(), msg)
        }
        other => ("Exception".into(), format::to_str(other)),
    }
}

fn exception_hint(v: &Value) -> Option<String> {
    match v {
        Value::Instance(i) => i.get("__hint__").map(|h| format::to_str(&h)),
        _ => None,
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

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: CPython's list of argument names.
fn quoted_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        [] => String::new(),
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

/// Whether an `except` clause's type names ImportError or one of its bases, as written
/// (`except ImportError:`, `except (ImportError, ValueError):`, `except Exception:`).
fn catches_import_error(t: &ast::Expr) -> bool {
    let name = |e: &ast::Expr| match e {
        ast::Expr::Name(n) => Some(n.id.as_str().to_owned()),
        ast::Expr::Attribute(a) => Some(a.attr.as_str().to_owned()),
        _ => None,
    };
    let catches = |e: &ast::Expr| {
        name(e).is_some_and(|n| {
            matches!(
                n.as_str(),
                "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"
            )
        })
    };
    match t {
        ast::Expr::Tuple(tuple) => tuple.elts.iter().any(catches),
        other => catches(other),
    }
}
