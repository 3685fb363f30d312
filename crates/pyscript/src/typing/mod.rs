//! `typing`, `types` and `collections.abc` as introspectable objects, as CPython 3.11 has
//! them: `list[int]` (`types.GenericAlias`), `List[int]`, `Mapped[int]`, `Generic[T]`
//! (`typing._GenericAlias`), `Optional`/`Union`, `X | None` (`types.UnionType`),
//! `Annotated`, `Literal`, `ClassVar`, `Final`, `Callable`, `TypeVar`, `ForwardRef`,
//! `get_origin`, `get_args`, `get_type_hints`; and the strings `from __future__ import
//! annotations` keeps (`unparse`).

use std::rc::Rc;

use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

mod collections_abc;
mod hints;
mod object;
mod subscript;
mod types;
mod typing_module;
mod union;
mod unparse;

pub(crate) use collections_abc::{abc_instance, abc_module};
pub(crate) use types::{type_objects, types_module};
pub(crate) use typing_module::typing_module;
pub(crate) use union::{union_args, union_or};
pub(crate) use unparse::unparse;

/// A typing object.
pub(crate) struct TypeForm(pub(crate) Form);

#[derive(Clone)]
pub(crate) enum Form {
    /// A special form: `typing.Any`, `Union`, `Optional`, `ClassVar`, `Literal`, ...
    Special(&'static str),
    /// A typing name for a class, not subscripted: `typing.List` (for `list`).
    Alias(&'static str, Value),
    /// A subscripted form.
    Generic {
        origin: Value,
        args: Rc<[Value]>,
        kind: Kind,
    },
    /// `int | None`.
    UnionType(Rc<[Value]>),
    TypeVar {
        name: Str,
        bound: Value,
        constraints: Rc<[Value]>,
        covariant: bool,
        contravariant: bool,
    },
    ForwardRef(Str),
}

#[derive(Clone)]
pub(crate) enum Kind {
    /// `types.GenericAlias`: `list[int]`.
    Types,
    /// `typing._GenericAlias`; the typing name when made from one (`typing.List[int]`).
    Typing(Option<&'static str>),
    /// `typing.Union[...]` / `typing.Optional[...]`.
    Union,
    /// `typing.Annotated[T, *metadata]`: `args` is `[T]`.
    Annotated(Rc<[Value]>),
    Literal,
    /// `typing.Callable[[params], ret]` (`true`), `collections.abc.Callable[...]`: `args`
    /// is `[*params, ret]` (`[..., ret]`).
    Callable(bool),
}

fn form(v: &Value) -> Option<&Form> {
    v.downcast_host::<TypeForm>().map(|t| &t.0)
}

fn new(f: Form) -> Value {
    Value::host(TypeForm(f))
}

fn is_none_type(v: &Value) -> bool {
    matches!(v, Value::Native(n) if &*n.name == "NoneType")
}

/// The special form `typing.<name>`: one object per interpreter, so that
/// `get_origin(ClassVar[int]) is ClassVar`.
fn special_form(it: &mut Interp, name: &'static str) -> Value {
    it.special_forms
        .entry(name)
        .or_insert_with(|| new(Form::Special(name)))
        .clone()
}

/// `types.GenericAlias(origin, key)`: `list[int]`.
pub(crate) fn types_alias(origin: Value, key: &Value) -> Value {
    new(Form::Generic {
        origin,
        args: args_of(key).into(),
        kind: Kind::Types,
    })
}

/// `typing._GenericAlias(origin, key)`: a user generic (`Repo[int]`) or a host class
/// subscripted (`Mapped[int]`); strings become `ForwardRef`s, as in typing.
pub fn generic_alias(origin: Value, key: &Value) -> Value {
    new(Form::Generic {
        origin,
        args: args_of(key).into_iter().map(convert).collect(),
        kind: Kind::Typing(None),
    })
}

fn args_of(key: &Value) -> Vec<Value> {
    match key {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    }
}

/// typing's `_type_convert`: a string is a forward reference.
fn convert(v: Value) -> Value {
    match v {
        Value::Str(s) => new(Form::ForwardRef(s)),
        other => other,
    }
}

fn convert_none(it: &Interp, v: Value) -> Value {
    match v {
        Value::None => it.none_type.clone(),
        other => convert(other),
    }
}

/// `type_repr` of typing: classes by qualified name (`int`, `__main__.A`), `...`.
pub(crate) fn type_repr(v: &Value) -> String {
    match v {
        Value::Class(c) => match c.module_name() {
            Some(m) if &*m != "builtins" => format!("{m}.{}", c.qualname),
            _ => c.qualname.to_string(),
        },
        Value::Native(n) if n.kind == NativeKind::Type => n.name.to_string(),
        Value::Ellipsis => "...".into(),
        Value::Function(f) => f.name.to_string(),
        Value::List(l) => format!(
            "[{}]",
            l.borrow()
                .iter()
                .map(type_repr)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Tuple(t) if t.is_empty() => "()".into(),
        other => repr(other),
    }
}

fn join(args: &[Value], f: fn(&Value) -> String) -> String {
    args.iter().map(f).collect::<Vec<_>>().join(", ")
}

impl Form {
    fn repr(&self) -> String {
        match self {
            // A class in 3.11.
            Form::Special("Annotated") => "<class 'typing.Annotated'>".into(),
            Form::Special(name) | Form::Alias(name, _) => format!("typing.{name}"),
            Form::UnionType(args) => args
                .iter()
                .map(|a| {
                    if is_none_type(a) {
                        "None".into()
                    } else {
                        type_repr(a)
                    }
                })
                .collect::<Vec<_>>()
                .join(" | "),
            Form::TypeVar {
                name,
                covariant,
                contravariant,
                ..
            } => {
                let sign = if *covariant {
                    '+'
                } else if *contravariant {
                    '-'
                } else {
                    '~'
                };
                format!("{sign}{name}")
            }
            Form::ForwardRef(s) => format!("ForwardRef({})", crate::format::str_repr(s)),
            Form::Generic { origin, args, kind } => match kind {
                Kind::Types if args.is_empty() => format!("{}[()]", type_repr(origin)),
                Kind::Types => format!("{}[{}]", type_repr(origin), join(args, type_repr)),
                Kind::Typing(Some(name)) => format!("typing.{name}[{}]", join(args, type_repr)),
                Kind::Typing(None) => format!("{}[{}]", type_repr(origin), join(args, type_repr)),
                Kind::Union => {
                    if args.len() == 2 && args.iter().any(is_none_type) {
                        let other = args.iter().find(|a| !is_none_type(a)).expect("two args");
                        format!("typing.Optional[{}]", type_repr(other))
                    } else {
                        format!("typing.Union[{}]", join(args, type_repr))
                    }
                }
                Kind::Annotated(meta) => format!(
                    "typing.Annotated[{}, {}]",
                    type_repr(&args[0]),
                    join(meta, repr)
                ),
                Kind::Literal => format!("typing.Literal[{}]", join(args, repr)),
                Kind::Callable(typing) => {
                    let (params, ret) = args.split_at(args.len() - 1);
                    let prefix = if *typing {
                        "typing.Callable".to_owned()
                    } else {
                        type_repr(origin)
                    };
                    let params = match params {
                        [Value::Ellipsis] => "...".to_owned(),
                        ps => format!("[{}]", join(ps, type_repr)),
                    };
                    format!("{prefix}[{params}, {}]", type_repr(&ret[0]))
                }
            },
        }
    }

    /// The TypeVars among the arguments, in order (`__parameters__`).
    fn parameters(&self) -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        let args: &[Value] = match self {
            Form::Generic { args, .. } | Form::UnionType(args) => args,
            _ => &[],
        };
        for a in args {
            let found: Vec<Value> = match form(a) {
                Some(Form::TypeVar { .. }) => vec![a.clone()],
                Some(f) => f.parameters(),
                None => vec![],
            };
            for p in found {
                if !out.iter().any(|x| x.is(&p)) {
                    out.push(p);
                }
            }
        }
        out
    }
}

/// Whether a base of a class statement has `__mro_entries__`.
pub(crate) fn has_mro_entries(v: &Value) -> bool {
    matches!(form(v), Some(Form::Generic { .. }))
}

/// `base.__mro_entries__(bases)`: `Generic[T]` → `Generic` (unless a later base is
/// already generic), `Repo[int]` → `Repo`, `list[int]` → `list`.
pub(crate) fn mro_entries(
    it: &mut Interp,
    base: &Value,
    later: &[Value],
) -> EvalResult<Option<Vec<Value>>> {
    let Some(Form::Generic { origin, kind, .. }) = form(base) else {
        return Ok(None);
    };
    if !matches!(kind, Kind::Types | Kind::Typing(None)) {
        return Err(it.type_error(format!("Cannot subclass {}", repr(base))));
    }
    if let Value::Class(g) = origin
        && &*g.name == "Generic"
        && g.module_name().as_deref() == Some("typing")
        && later
            .iter()
            .any(|b| matches!(b, Value::Class(c) if c.is_subclass_of(g)))
    {
        return Ok(Some(vec![]));
    }
    Ok(Some(vec![origin.clone()]))
}

fn plain_class(it: &Interp, module: &str, name: &str, bases: Vec<Rc<Class>>) -> Rc<Class> {
    let bases = if bases.is_empty() {
        vec![it.object.clone()]
    } else {
        bases
    };
    let mut tail: Vec<Rc<Class>> = Vec::new();
    for b in &bases {
        for c in b.mro() {
            if !tail.iter().any(|x| Rc::ptr_eq(x, &c)) {
                tail.push(c);
            }
        }
    }
    // `object` last.
    tail.retain(|c| !Rc::ptr_eq(c, &it.object));
    tail.push(it.object.clone());
    let mut attrs = Map::default();
    attrs.insert(Rc::from("__module__"), Value::str(module));
    attrs.insert(Rc::from("__doc__"), Value::None);
    Rc::new(Class::raw(name, name, bases, tail, attrs))
}
