//! `sqlalchemy.ext.compiler` for column types: `@compiles(JSONB, "sqlite")`. A project that
//! targets PostgreSQL and also runs its migrations on SQLite tells SQLite's type compiler
//! what to print for a type it cannot render (`return "JSON"`); SQLAlchemy calls the
//! function wherever DDL names the type. Retort calls it when a column takes the type
//! (`to_type`, with the interpreter at hand) and keeps the text in [`SqlType::compiled`],
//! which the DDL prints.
//!
//! Which function applies follows SQLAlchemy's dispatch: a type's class, or the first class
//! of a project's subclass's MRO that has a registration; a subclass that sets its own
//! `__visit_name__` stops the search there and is rendered by that name
//! (`class JSONB(JSON): __visit_name__ = "JSONB"` cannot be rendered without a function).
//! Registrations for other dialects never apply on SQLite, and are ignored.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, Class, EvalResult, HostObject, Interp, Value};

use super::sa::{SaType, TypeClass, to_type};
use super::typedecorator::DecoratorClass;
use crate::sql::types::{SqlType, TypeKind};

/// The registrations of one interpreter (`Interp::host_state`).
#[derive(Default)]
pub struct Compilers(RefCell<Vec<Registration>>);

struct Registration {
    target: Target,
    /// `@compiles(T, "sqlite")`, which SQLite takes before `@compiles(T)`.
    sqlite: Option<Value>,
    default: Option<Value>,
}

/// What a registration is for: a type class of SQLAlchemy (by dialect and name: a module
/// attribute is made anew on each access), or a project's class.
enum Target {
    Host(Option<&'static str>, &'static str),
    Class(Rc<Class>),
}

impl Target {
    fn of(v: &Value) -> Option<Target> {
        match v {
            Value::Host(h) => {
                let c = h.as_any().downcast_ref::<TypeClass>()?;
                Some(Target::Host(c.dialect, c.name))
            }
            Value::Class(c) if is_type_class(c) => Some(Target::Class(c.clone())),
            _ => None,
        }
    }

    fn is_class(&self, class: &Class) -> bool {
        matches!(self, Target::Class(c) if std::ptr::eq(Rc::as_ptr(c), class))
    }
}

/// Whether a project's class derives from a SQLAlchemy type (`sa.JSON`, `TypeDecorator`).
fn is_type_class(c: &Class) -> bool {
    c.mro_iter().any(|b| {
        b.host
            .as_ref()
            .is_some_and(|h| h.as_any().is::<TypeClass>() || h.as_any().is::<DecoratorClass>())
    })
}

/// `compiles` and `deregister`, the names of `sqlalchemy.ext.compiler` Retort has.
pub fn module_attr(name: &str) -> Option<Value> {
    Some(match name {
        "compiles" => Value::native("compiles", |interp, args: Args| {
            let Some(class) = args.positional.first().cloned() else {
                return Err(interp
                    .type_error("compiles() missing 1 required positional argument: 'class_'"));
            };
            let specs: Vec<String> = args.positional[1..]
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect();
            Ok(Value::native("decorate", move |interp, a: Args| {
                let f = a.positional.first().cloned().unwrap_or(Value::None);
                register(interp, &class, &specs, f.clone())?;
                Ok(f)
            }))
        }),
        "deregister" => Value::native("deregister", |interp, args: Args| {
            if let Some(target) = args.positional.first().and_then(Target::of) {
                let compilers = interp.host_state::<Compilers>();
                compilers
                    .0
                    .borrow_mut()
                    .retain(|r| !same(&r.target, &target));
            }
            Ok(Value::None)
        }),
        _ => return None,
    })
}

fn same(a: &Target, b: &Target) -> bool {
    match (a, b) {
        (Target::Host(d1, n1), Target::Host(d2, n2)) => d1 == d2 && n1 == n2,
        (Target::Class(c1), Target::Class(c2)) => Rc::ptr_eq(c1, c2),
        _ => false,
    }
}

fn register(interp: &mut Interp, class: &Value, specs: &[String], f: Value) -> EvalResult<()> {
    let sqlite = specs.iter().any(|s| s == "sqlite");
    if !specs.is_empty() && !sqlite {
        // Another dialect's compiler: never consulted on SQLite.
        return Ok(());
    }
    let Some(target) = Target::of(class) else {
        return Err(interp.unsupported(
            format!(
                "@compiles({}) for SQLite is not supported by Retort: it applies to column types only",
                retort_pyscript::repr(class)
            ),
            Some("Retort runs `@compiles` functions for SQLAlchemy's types and a project's subclasses of them (docs/pyscript.md)".into()),
        ));
    };
    let compilers = interp.host_state::<Compilers>();
    let mut all = compilers.0.borrow_mut();
    let i = match all.iter().position(|r| same(&r.target, &target)) {
        Some(i) => i,
        None => {
            all.push(Registration {
                target,
                sqlite: None,
                default: None,
            });
            all.len() - 1
        }
    };
    if sqlite {
        all[i].sqlite = Some(f);
    } else {
        all[i].default = Some(f);
    }
    Ok(())
}

/// The function registered for `matches`, SQLite's before the default one.
fn find(interp: &mut Interp, matches: impl Fn(&Target) -> bool) -> Option<Value> {
    let compilers = interp.host_state::<Compilers>();
    let all = compilers.0.borrow();
    let r = all.iter().find(|r| matches(&r.target))?;
    r.sqlite.clone().or_else(|| r.default.clone())
}

fn is_empty(interp: &mut Interp) -> bool {
    interp.host_state::<Compilers>().0.borrow().is_empty()
}

/// What a registration makes of a SQLAlchemy type `value` (its `SqlType` is `t`), if one
/// applies: its dialect's class and name.
pub(crate) fn compiled_host(
    interp: &mut Interp,
    value: &Value,
    t: &SqlType,
) -> EvalResult<Option<Result<String, String>>> {
    if is_empty(interp) {
        return Ok(None);
    }
    call_host(interp, t.dialect, &t.class_name, value)
}

/// What a project's type class makes of its instance `instance` (its `SqlType` so far is
/// `t`): the first registration along its MRO, or its own `__visit_name__`; past its Python
/// classes, the SQLAlchemy type it derives from (`base`), as [`compiled_host`].
pub(crate) fn compiled_class(
    interp: &mut Interp,
    class: &Rc<Class>,
    instance: &Value,
    base: Option<&TypeClass>,
    t: &SqlType,
) -> EvalResult<Option<Result<String, String>>> {
    let registered = !is_empty(interp);
    for c in class.mro_iter().take_while(|c| c.host.is_none()) {
        if registered && let Some(f) = find(interp, |target| target.is_class(c)) {
            return call(interp, &f, instance.clone()).map(Some);
        }
        if base.is_some()
            && let Some(Value::Str(v)) = c.attrs.borrow().get("__visit_name__")
        {
            return Ok(Some(
                visit_by_name(v, t).unwrap_or_else(|| Err(cannot_render(&class.name))),
            ));
        }
    }
    match base.filter(|_| registered) {
        Some(b) => call_host(interp, b.dialect, b.name, instance),
        None => Ok(None),
    }
}

/// The function registered for SQLAlchemy's type class `dialect`.`name`, called on `value`.
fn call_host(
    interp: &mut Interp,
    dialect: Option<&str>,
    name: &str,
    value: &Value,
) -> EvalResult<Option<Result<String, String>>> {
    let f = find(
        interp,
        |target| matches!(target, Target::Host(d, n) if *d == dialect && *n == name),
    );
    match f {
        Some(f) => call(interp, &f, value.clone()).map(Some),
        None => Ok(None),
    }
}

fn call(interp: &mut Interp, f: &Value, type_: Value) -> EvalResult<Result<String, String>> {
    // SQLAlchemy passes the column as `type_expression`; Retort has none to give.
    let mut args = Args::new(vec![type_, Value::host(TypeCompiler)]);
    args.keywords.push(("type_expression".into(), Value::None));
    let out = interp.call(f, args)?;
    match out.as_str() {
        Some(s) => Ok(Ok(s.to_owned())),
        None => Err(interp.type_error(format!(
            "a @compiles function returned {}, not the type's DDL as a str",
            out.type_name()
        ))),
    }
}

/// SQLite's type compiler's `visit_<name>` for `t`: the DDL of the type that name stands
/// for, with `t`'s length, precision and collation; `None` if it has no such method.
fn visit_by_name(visit: &str, t: &SqlType) -> Option<Result<String, String>> {
    let mut t = t.clone();
    t.kind = visit_kind(visit)?;
    t.compiled = None;
    Some(crate::sqlite::render_type(&t))
}

/// SQLAlchemy's `UnsupportedCompilationError`, which names the type's class.
fn cannot_render(class: &str) -> String {
    format!(
        "Compiler <sqlalchemy.dialects.sqlite.base.SQLiteTypeCompiler object> can't render element of type {class}"
    )
}

/// The type SQLite's type compiler renders for a `__visit_name__`: SQLAlchemy's generic
/// types (lowercase) and the SQL standard's (uppercase).
fn visit_kind(visit: &str) -> Option<TypeKind> {
    Some(match visit {
        "string" | "unicode" => TypeKind::String,
        "text" | "unicode_text" => TypeKind::Text,
        "integer" => TypeKind::Integer,
        "big_integer" => TypeKind::BigInteger,
        "small_integer" => TypeKind::SmallInteger,
        "boolean" => TypeKind::Boolean,
        "datetime" => TypeKind::DateTime,
        "date" => TypeKind::Date,
        "time" => TypeKind::Time,
        "numeric" => TypeKind::Numeric,
        "float" => TypeKind::Float,
        "double" => TypeKind::Double,
        "large_binary" => TypeKind::LargeBinary,
        "uuid" => TypeKind::Uuid,
        "JSON" => TypeKind::Json,
        _ => match super::sa::type_class(visit)?
            .downcast_host::<TypeClass>()?
            .kind
        {
            ref k @ TypeKind::Named(_) => k.clone(),
            _ => return None,
        },
    })
}

/// The `compiler` a `@compiles` function is given (and `dialect.type_compiler`): SQLite's
/// type compiler.
struct TypeCompiler;

pub(crate) fn type_compiler() -> Value {
    Value::host(TypeCompiler)
}

impl HostObject for TypeCompiler {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "SQLiteTypeCompiler".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if name == "dialect" {
            return Ok(Some(Value::host(super::conn::Dialect)));
        }
        // `compiler.process(type_)`, or `compiler.visit_JSON(type_)` from a function that
        // falls back on another type's rendering.
        let visit = match name {
            "process" => None,
            _ => match name.strip_prefix("visit_") {
                Some(v) if visit_kind(v).is_some() => Some(v.to_owned()),
                _ => return Ok(None),
            },
        };
        Ok(Some(Value::native("process", move |interp, args: Args| {
            let v = args.positional.first().cloned().unwrap_or(Value::None);
            // `visit_X` renders the type as X, past its own `@compiles` function (which is
            // likely the caller).
            let t = match (&visit, v.downcast_host::<SaType>()) {
                (Some(_), Some(t)) => Some(t.0.clone()),
                _ => to_type(interp, &v)?,
            };
            let Some(t) = t else {
                return Err(interp.type_error(format!(
                    "SQLiteTypeCompiler cannot render {}",
                    v.type_name()
                )));
            };
            let ddl = match &visit {
                Some(visit) => {
                    visit_by_name(visit, &t).unwrap_or_else(|| Err(cannot_render(visit)))
                }
                None => crate::sqlite::render_type(&t),
            };
            ddl.map(|s| Value::str(&s))
                .map_err(|e| interp.exc("CompileError", e))
        })))
    }
}
