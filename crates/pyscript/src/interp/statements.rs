//! Statements: blocks and the statements in them, `with` and `async for`, `try` and the
//! exceptions it matches, and functions as `def` makes them.

use std::rc::Rc;

use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{Frame, Interp, Unwind, docstring, make_error};
use crate::error::{ErrorKind, TraceFrame};
use crate::value::*;
use crate::{check, format, ops};

impl Interp {
    pub(super) fn frame(&self) -> &Frame {
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
                    f.returns.as_deref(),
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

    pub(super) fn make_function(
        &mut self,
        name: &str,
        params: &ast::Parameters,
        body: FunctionBody,
        doc: Option<String>,
        is_async: bool,
        returns: Option<&ast::Expr>,
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
        // CPython evaluates annotations when the function is defined, in order: the
        // parameters' then the return's (PEP 563: their source, as strings).
        let mut annotated: Vec<(&str, &ast::Expr)> = Vec::new();
        for p in params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref())
        {
            if let Some(a) = &p.annotation {
                annotated.push((p.name.as_str(), a));
            }
        }
        if let Some(r) = returns {
            annotated.push(("return", r));
        }
        let annotations = if annotated.is_empty() {
            None
        } else {
            let future = self.frame().module.future_annotations;
            let mut d = Dict::new();
            for (name, a) in annotated {
                // An annotation Retort cannot evaluate (a library's type it does not make
                // subscriptable, `sa.ColumnElement[bool]`) is kept as its source, as PEP 563
                // keeps every annotation, rather than failing the definition CPython runs.
                let v = match future {
                    true => Value::str(&crate::typing::unparse(a)),
                    false => match self.eval(a) {
                        Ok(v) => v,
                        Err(_) => Value::str(&crate::typing::unparse(a)),
                    },
                };
                d.insert_str(name, v);
            }
            Some(Value::dict(d))
        };
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
            annotations,
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
