//! Coroutines and the `asyncio` subset that Alembic's async `env.py` template uses.
//!
//! There is no concurrency in the sandbox: calling an `async def` function binds its
//! arguments and returns a coroutine; awaiting it runs its body to the end, there and then.
//! Tasks (`asyncio.create_task`, `gather`) are queued and run, in creation order, at the
//! next `await` of a task, of `gather`, of `asyncio.sleep`, or when `asyncio.run` returns:
//! the order CPython's event loop gives coroutines that do not suspend half-way.

use std::cell::RefCell;
use std::rc::Rc;

use crate::interp::{Interp, Unwind};
use crate::value::*;

/// A coroutine object: a call of an `async def` function, not run yet.
pub(crate) struct Coroutine {
    func: Rc<Function>,
    /// The bound arguments; taken when the coroutine runs.
    locals: RefCell<Option<Rc<Scope>>>,
}

impl Coroutine {
    pub(crate) fn value(func: Rc<Function>, locals: Rc<Scope>) -> Value {
        Value::host(Coroutine {
            func,
            locals: RefCell::new(Some(locals)),
        })
    }
}

impl HostObject for Coroutine {
    fn type_name(&self) -> String {
        "coroutine".into()
    }
    fn await_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Value>> {
        let Some(locals) = self.locals.borrow_mut().take() else {
            return Err(interp.exc("RuntimeError", "cannot reuse already awaited coroutine"));
        };
        interp.run_function(&self.func, locals).map(Some)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__name__" => Some(Value::Str(self.func.name.clone())),
            "__qualname__" => Some(Value::Str(self.func.qualname.clone())),
            "close" => Some(Value::native("close", |_, _| Ok(Value::None))),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        format!("<coroutine object {}>", self.func.qualname)
    }
}

/// An awaitable with its result ready (`asyncio.sleep`).
struct Ready(Value);

impl HostObject for Ready {
    fn type_name(&self) -> String {
        "coroutine".into()
    }
    fn await_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Value>> {
        interp.run_pending_tasks()?;
        Ok(Some(self.0.clone()))
    }
}

enum TaskState {
    Pending(Value),
    Running,
    Done(Result<Value, Value>),
}

/// `asyncio.Task`: a coroutine queued to run once; awaiting it gives its result (again).
pub(crate) struct Task {
    state: RefCell<TaskState>,
    name: String,
}

impl Task {
    fn run(&self, interp: &mut Interp) -> EvalResult<()> {
        let previous = std::mem::replace(&mut *self.state.borrow_mut(), TaskState::Running);
        let coro = match previous {
            TaskState::Pending(c) => c,
            other => {
                *self.state.borrow_mut() = other;
                return Ok(());
            }
        };
        let r = match interp.await_value(&coro) {
            Ok(v) => Ok(v),
            Err(Unwind::Exception(e)) => Err(e.value),
            Err(e) => return Err(e),
        };
        *self.state.borrow_mut() = TaskState::Done(r);
        Ok(())
    }

    fn result(&self, interp: &mut Interp) -> EvalResult {
        match &*self.state.borrow() {
            TaskState::Done(Ok(v)) => Ok(v.clone()),
            TaskState::Done(Err(e)) => Err(interp.raise_value(e.clone())),
            _ => Err(interp.exc("RuntimeError", "await wasn't used with future")),
        }
    }
}

impl HostObject for Task {
    fn type_name(&self) -> String {
        "Task".into()
    }
    fn await_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Value>> {
        interp.run_pending_tasks()?;
        self.run(interp)?;
        self.result(interp).map(Some)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(match name {
            "done" => Some(Value::native("done", move |_, _| {
                Ok(Value::Bool(matches!(
                    &*me.state.borrow(),
                    TaskState::Done(_)
                )))
            })),
            "result" => Some(Value::native("result", move |it, _| me.result(it))),
            "get_name" => {
                let n = self.name.clone();
                Some(Value::native("get_name", move |_, _| Ok(Value::str(&n))))
            }
            "cancel" => Some(Value::native("cancel", |_, _| Ok(Value::Bool(false)))),
            _ => None,
        })
    }
    fn repr(&self) -> String {
        format!("<Task name='{}'>", self.name)
    }
}

/// `asyncio.gather(...)`: awaiting it runs the tasks and gives their results in order.
struct Gathering {
    /// `Task` values.
    tasks: Vec<Value>,
    return_exceptions: bool,
}

impl HostObject for Gathering {
    fn type_name(&self) -> String {
        "_GatheringFuture".into()
    }
    fn await_value(self: Rc<Self>, interp: &mut Interp) -> EvalResult<Option<Value>> {
        interp.run_pending_tasks()?;
        let mut out = Vec::with_capacity(self.tasks.len());
        for t in &self.tasks {
            let Some(t) = t.downcast_host::<Task>() else {
                continue;
            };
            t.run(interp)?;
            match t.result(interp) {
                Ok(v) => out.push(v),
                Err(Unwind::Exception(e)) if self.return_exceptions => out.push(e.value),
                Err(e) => return Err(e),
            }
        }
        Ok(Some(Value::list(out)))
    }
}

/// The event loop object of `asyncio.get_event_loop()`.
struct EventLoop;

impl HostObject for EventLoop {
    fn type_name(&self) -> String {
        "_UnixSelectorEventLoop".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "run_until_complete" => Some(Value::native("run_until_complete", |it, a| {
                let aw = a.positional.first().cloned().unwrap_or(Value::None);
                run(it, aw)
            })),
            "close" | "stop" => Some(Value::native(name, |_, _| Ok(Value::None))),
            "is_running" => Some(Value::native("is_running", |_, _| Ok(Value::Bool(false)))),
            "is_closed" => Some(Value::native("is_closed", |_, _| Ok(Value::Bool(false)))),
            "create_task" => Some(Value::native("create_task", create_task)),
            _ => None,
        })
    }
}

impl Interp {
    /// `await v`.
    pub(crate) fn await_value(&mut self, v: &Value) -> EvalResult {
        self.step()?;
        if let Some(aw) = self.call_special(v, "__await__", vec![])? {
            return self.await_value(&aw);
        }
        if let Value::Host(h) = v
            && let Some(r) = h.clone().await_value(self)?
        {
            return Ok(r);
        }
        Err(self.type_error(format!(
            "object {} can't be used in 'await' expression",
            v.type_name()
        )))
    }

    /// Runs the queued tasks, oldest first.
    pub(crate) fn run_pending_tasks(&mut self) -> EvalResult<()> {
        while !self.pending_tasks.is_empty() {
            let t = self.pending_tasks.remove(0);
            if let Some(task) = t.downcast_host::<Task>() {
                task.run(self)?;
            }
        }
        Ok(())
    }
}

fn is_coroutine(v: &Value) -> bool {
    v.downcast_host::<Coroutine>().is_some()
}

/// `asyncio.run(coro)` / `loop.run_until_complete(aw)`.
fn run(it: &mut Interp, aw: Value) -> EvalResult {
    if !is_coroutine(&aw)
        && aw.downcast_host::<Task>().is_none()
        && aw.downcast_host::<Gathering>().is_none()
    {
        return Err(it.value_error(format!(
            "a coroutine was expected, got {}",
            crate::format::repr(&aw)
        )));
    }
    let r = it.await_value(&aw)?;
    it.run_pending_tasks()?;
    Ok(r)
}

/// A `Task` value for `coro` (queued), or `coro` itself if it is a task.
fn task_of(it: &mut Interp, coro: Value) -> EvalResult {
    if coro.downcast_host::<Task>().is_some() {
        return Ok(coro);
    }
    if !is_coroutine(&coro) {
        return Err(it.type_error(format!(
            "a coroutine was expected, got {}",
            crate::format::repr(&coro)
        )));
    }
    let n = it.pending_tasks.len() + 1;
    let task = Value::host(Task {
        state: RefCell::new(TaskState::Pending(coro)),
        name: format!("Task-{n}"),
    });
    it.pending_tasks.push(task.clone());
    Ok(task)
}

fn create_task(it: &mut Interp, a: Args) -> EvalResult {
    let coro = a.positional.first().cloned().unwrap_or(Value::None);
    task_of(it, coro)
}

/// The `asyncio` module.
pub(crate) fn module(it: &mut Interp) -> Module {
    let timeout = Value::Class(it.exception_class("TimeoutError", "OSError"));
    let cancelled = Value::Class(it.exception_class("CancelledError", "BaseException"));
    Module::new(
        "asyncio",
        [
            ("TimeoutError", timeout),
            ("CancelledError", cancelled),
            (
                "run",
                Value::native("run", |it, a| {
                    let aw = a.positional.first().cloned().unwrap_or(Value::None);
                    if !is_coroutine(&aw) {
                        return Err(it.value_error(format!(
                            "a coroutine was expected, got {}",
                            crate::format::repr(&aw)
                        )));
                    }
                    run(it, aw)
                }),
            ),
            (
                "gather",
                Value::native("gather", |it, mut a| {
                    let return_exceptions = match a.take_kw("return_exceptions") {
                        Some(v) => it.truthy(&v)?,
                        None => false,
                    };
                    let mut tasks = Vec::with_capacity(a.positional.len());
                    for c in a.positional {
                        tasks.push(task_of(it, c)?);
                    }
                    Ok(Value::host(Gathering {
                        tasks,
                        return_exceptions,
                    }))
                }),
            ),
            (
                "sleep",
                Value::native("sleep", |_, a| {
                    Ok(Value::host(Ready(
                        a.arg(1, "result").cloned().unwrap_or(Value::None),
                    )))
                }),
            ),
            ("create_task", Value::native("create_task", create_task)),
            ("ensure_future", Value::native("ensure_future", create_task)),
            (
                "wait_for",
                Value::native("wait_for", |_, a| {
                    Ok(a.positional.first().cloned().unwrap_or(Value::None))
                }),
            ),
            (
                "iscoroutine",
                Value::native("iscoroutine", |_, a| {
                    Ok(Value::Bool(a.positional.first().is_some_and(is_coroutine)))
                }),
            ),
            (
                "iscoroutinefunction",
                Value::native("iscoroutinefunction", |_, a| {
                    Ok(Value::Bool(matches!(
                        a.positional.first(),
                        Some(Value::Function(f)) if f.is_async
                    )))
                }),
            ),
            (
                "get_event_loop",
                Value::native("get_event_loop", |_, _| Ok(Value::host(EventLoop))),
            ),
            (
                "get_running_loop",
                Value::native("get_running_loop", |_, _| Ok(Value::host(EventLoop))),
            ),
            (
                "new_event_loop",
                Value::native("new_event_loop", |_, _| Ok(Value::host(EventLoop))),
            ),
            (
                "set_event_loop",
                Value::native("set_event_loop", |_, _| Ok(Value::None)),
            ),
        ],
    )
}
