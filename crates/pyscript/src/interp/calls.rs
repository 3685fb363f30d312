//! Calls: a call expression's arguments, calling any value, and running a Python function
//! with its arguments bound to its parameters as CPython binds them.

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::{Frame, Interp, Unwind};
use crate::builtins;
use crate::value::*;

impl Interp {
    pub(super) fn eval_call(&mut self, c: &ast::ExprCall) -> EvalResult {
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
