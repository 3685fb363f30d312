//! Errors: the Python exceptions natives raise (`type_error`, `exc`, ...), the limits that
//! end evaluation (steps, native stack, memory), and an unwind made a diagnostic.

use std::rc::Rc;

use ruff_text_size::TextRange;

use super::{Interp, ModuleSource, PyException, Unwind, classes, stack_address};
use crate::error::{Error, ErrorKind};
use crate::format;
use crate::value::*;

impl Interp {
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

    pub(super) fn limit(&self, message: String, hint: &str) -> Unwind {
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
        retort_gap: matches!(kind, ErrorKind::Unsupported),
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

pub(super) fn exception_parts(v: &Value) -> (String, String) {
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

/// Whether an exception marks a gap in a library the host re-implements (`__retort_gap__`).
pub(super) fn exception_is_gap(v: &Value) -> bool {
    match v {
        Value::Instance(i) => i.get("__retort_gap__").is_some(),
        _ => false,
    }
}

pub(super) fn exception_hint(v: &Value) -> Option<String> {
    match v {
        Value::Instance(i) => i.get("__hint__").map(|h| format::to_str(&h)),
        _ => None,
    }
}
