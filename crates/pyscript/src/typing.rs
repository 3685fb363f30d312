//! `typing`, `types` and `collections.abc` as introspectable objects, as CPython 3.11 has
//! them: `list[int]` (`types.GenericAlias`), `List[int]`, `Mapped[int]`, `Generic[T]`
//! (`typing._GenericAlias`), `Optional`/`Union`, `X | None` (`types.UnionType`),
//! `Annotated`, `Literal`, `ClassVar`, `Final`, `Callable`, `TypeVar`, `ForwardRef`,
//! `get_origin`, `get_args`, `get_type_hints`; and the strings `from __future__ import
//! annotations` keeps (`unparse`).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use ruff_python_ast::{self as ast, Expr};

use crate::descriptors::ClassMethod;
use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

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

/// Equality of typing arguments (types by identity, literal values by value).
fn arg_eq(it: &mut Interp, a: &Value, b: &Value) -> EvalResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    match (form(a), form(b)) {
        (Some(_), _) | (_, Some(_)) => it.eq(a, b),
        _ => match (a, b) {
            (Value::Class(_) | Value::Native(_), _) | (_, Value::Class(_) | Value::Native(_)) => {
                Ok(false)
            }
            _ => it.eq(a, b),
        },
    }
}

fn same_set(it: &mut Interp, a: &[Value], b: &[Value]) -> EvalResult<bool> {
    for x in a {
        let mut found = false;
        for y in b {
            if arg_eq(it, x, y)? {
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    for y in b {
        let mut found = false;
        for x in a {
            if arg_eq(it, x, y)? {
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    Ok(true)
}

fn forms_equal(it: &mut Interp, a: &Form, b: &Form) -> EvalResult<bool> {
    Ok(match (a, b) {
        (Form::Special(x), Form::Special(y)) => x == y,
        (Form::Alias(x, _), Form::Alias(y, _)) => x == y,
        (Form::ForwardRef(x), Form::ForwardRef(y)) => x == y,
        (Form::UnionType(x), Form::UnionType(y))
        | (
            Form::UnionType(x),
            Form::Generic {
                args: y,
                kind: Kind::Union,
                ..
            },
        )
        | (
            Form::Generic {
                args: x,
                kind: Kind::Union,
                ..
            },
            Form::UnionType(y),
        ) => same_set(it, x, y)?,
        (
            Form::Generic {
                origin: o1,
                args: a1,
                kind: k1,
            },
            Form::Generic {
                origin: o2,
                args: a2,
                kind: k2,
            },
        ) => {
            if std::mem::discriminant(k1) != std::mem::discriminant(k2) {
                return Ok(false);
            }
            match (k1, k2) {
                (Kind::Union, _) | (Kind::Literal, _) => same_set(it, a1, a2)?,
                (Kind::Annotated(m1), Kind::Annotated(m2)) => {
                    arg_eq(it, &a1[0], &a2[0])? && seq_eq(it, m1, m2)?
                }
                _ => arg_eq(it, o1, o2)? && seq_eq(it, a1, a2)?,
            }
        }
        _ => false,
    })
}

fn seq_eq(it: &mut Interp, a: &[Value], b: &[Value]) -> EvalResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (x, y) in a.iter().zip(b) {
        if !arg_eq(it, x, y)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `Union[args]`: flattened, `None` as `NoneType`, duplicates removed; one type is itself.
pub(crate) fn union(it: &mut Interp, args: Vec<Value>) -> EvalResult {
    let mut flat: Vec<Value> = Vec::new();
    for a in args {
        let items: Vec<Value> = match form(&a) {
            Some(Form::Generic {
                args,
                kind: Kind::Union,
                ..
            })
            | Some(Form::UnionType(args)) => args.to_vec(),
            _ => vec![convert_none(it, a)],
        };
        for x in items {
            let mut dup = false;
            for y in &flat {
                if arg_eq(it, &x, y)? {
                    dup = true;
                    break;
                }
            }
            if !dup {
                flat.push(x);
            }
        }
    }
    if flat.len() == 1 {
        return Ok(flat.pop().expect("one"));
    }
    Ok(new(Form::Generic {
        origin: special_form(it, "Union"),
        args: flat.into(),
        kind: Kind::Union,
    }))
}

/// Whether `v` takes part in `X | Y` as `types.UnionType` does (a class, `None`, a
/// `types.GenericAlias`, a union type, a host class).
fn types_unionable(v: &Value) -> bool {
    match v {
        Value::None | Value::Class(_) => true,
        Value::Native(n) => n.kind == NativeKind::Type,
        Value::Host(_) => match form(v) {
            Some(Form::Generic {
                kind: Kind::Types, ..
            })
            | Some(Form::UnionType(_)) => true,
            Some(_) => false,
            None => true,
        },
        _ => false,
    }
}

/// `l | r` of types: `types.UnionType`, or `typing.Union` when a typing form is involved;
/// `None` when neither applies (a `TypeError`).
pub(crate) fn union_or(it: &mut Interp, l: &Value, r: &Value) -> EvalResult<Option<Value>> {
    let typing_form = |v: &Value| form(v).is_some() && !types_unionable(v);
    if typing_form(l) || typing_form(r) {
        let ok = |v: &Value| types_unionable(v) || form(v).is_some() || matches!(v, Value::Str(_));
        if ok(l) && ok(r) {
            return union(it, vec![l.clone(), r.clone()]).map(Some);
        }
        return Ok(None);
    }
    if !(types_unionable(l) && types_unionable(r)) {
        return Ok(None);
    }
    let mut flat: Vec<Value> = Vec::new();
    for side in [l, r] {
        let items: Vec<Value> = match form(side) {
            Some(Form::UnionType(args)) => args.to_vec(),
            _ => vec![convert_none(it, side.clone())],
        };
        for x in items {
            if !flat.iter().any(|y| y.is(&x)) {
                flat.push(x);
            }
        }
    }
    if flat.len() == 1 {
        return Ok(flat.pop());
    }
    Ok(Some(new(Form::UnionType(flat.into()))))
}

fn subscript_special(it: &mut Interp, name: &'static str, key: &Value) -> EvalResult {
    let args = args_of(key);
    let special = special_form(it, name);
    match name {
        "Optional" => {
            if args.len() != 1 {
                let got: String = repr(key).chars().take(100).collect();
                return Err(it.type_error(format!(
                    "typing.Optional requires a single type. Got {got}."
                )));
            }
            union(it, vec![args[0].clone(), Value::None])
        }
        "Union" => union(it, args),
        "Literal" => {
            let mut uniq: Vec<Value> = Vec::new();
            for a in args {
                let mut dup = false;
                for y in &uniq {
                    if a.type_name() == y.type_name() && it.eq(&a, y)? {
                        dup = true;
                    }
                }
                if !dup {
                    uniq.push(a);
                }
            }
            Ok(new(Form::Generic {
                origin: special,
                args: uniq.into(),
                kind: Kind::Literal,
            }))
        }
        "Annotated" => {
            if args.len() < 2 {
                return Err(it.type_error(
                    "Annotated[...] should be used with at least two arguments (a type and an annotation).",
                ));
            }
            let mut inner = convert_none(it, args[0].clone());
            let mut meta: Vec<Value> = Vec::new();
            if let Some(Form::Generic {
                args: a,
                kind: Kind::Annotated(m),
                ..
            }) = form(&inner)
            {
                meta.extend(m.iter().cloned());
                inner = a[0].clone();
            }
            meta.extend(args[1..].iter().cloned());
            Ok(new(Form::Generic {
                origin: inner.clone(),
                args: vec![inner].into(),
                kind: Kind::Annotated(meta.into()),
            }))
        }
        "Any" | "NoReturn" | "Never" | "Self" | "LiteralString" | "TypeAlias" => {
            Err(it.type_error(format!("typing.{name} is not subscriptable")))
        }
        _ => {
            let args: Vec<Value> = args.into_iter().map(|a| convert_none(it, a)).collect();
            Ok(new(Form::Generic {
                origin: special,
                args: args.into(),
                kind: Kind::Typing(Some(name)),
            }))
        }
    }
}

fn subscript_alias(it: &mut Interp, name: &'static str, origin: &Value, key: &Value) -> EvalResult {
    if name == "Callable" {
        let args = args_of(key);
        let (params, ret) = match &args[..] {
            [Value::List(ps), ret] => (ps.borrow().clone(), ret.clone()),
            [Value::Ellipsis, ret] => (vec![Value::Ellipsis], ret.clone()),
            _ => {
                return Err(it.type_error("Callable must be used as Callable[[arg, ...], result]."));
            }
        };
        let mut all: Vec<Value> = params.into_iter().map(|a| convert_none(it, a)).collect();
        all.push(convert_none(it, ret));
        return Ok(new(Form::Generic {
            origin: origin.clone(),
            args: all.into(),
            kind: Kind::Callable(true),
        }));
    }
    let args: Vec<Value> = args_of(key)
        .into_iter()
        .map(|a| convert_none(it, a))
        .collect();
    Ok(new(Form::Generic {
        origin: origin.clone(),
        args: args.into(),
        kind: Kind::Typing(Some(name)),
    }))
}

/// `alias[key]` of an alias with TypeVars: the TypeVars replaced, in order.
fn substitute(it: &mut Interp, f: &Form, key: &Value) -> EvalResult {
    let params = f.parameters();
    let args = args_of(key);
    if params.is_empty() {
        return Err(it.type_error(format!("{} is not a generic class", f.repr())));
    }
    if params.len() != args.len() {
        return Err(it.type_error(format!(
            "Too {} arguments for {}; actual {}, expected {}",
            if args.len() > params.len() {
                "many"
            } else {
                "few"
            },
            f.repr(),
            args.len(),
            params.len()
        )));
    }
    fn subst(v: &Value, params: &[Value], args: &[Value]) -> Value {
        if let Some(i) = params.iter().position(|p| p.is(v)) {
            return args[i].clone();
        }
        match form(v) {
            Some(Form::Generic {
                origin,
                args: a,
                kind,
            }) => new(Form::Generic {
                origin: origin.clone(),
                args: a.iter().map(|x| subst(x, params, args)).collect(),
                kind: kind.clone(),
            }),
            Some(Form::UnionType(a)) => new(Form::UnionType(
                a.iter().map(|x| subst(x, params, args)).collect(),
            )),
            _ => v.clone(),
        }
    }
    let Form::Generic {
        origin,
        args: own,
        kind,
    } = f
    else {
        return Err(it.type_error("not subscriptable"));
    };
    let args: Vec<Value> = args.into_iter().map(|a| convert_none(it, a)).collect();
    Ok(new(Form::Generic {
        origin: origin.clone(),
        args: own.iter().map(|x| subst(x, &params, &args)).collect(),
        kind: kind.clone(),
    }))
}

impl HostObject for TypeForm {
    fn type_name(&self) -> String {
        match &self.0 {
            Form::Special(_) => "_SpecialForm",
            Form::Alias(..) => "_SpecialGenericAlias",
            Form::UnionType(_) => "types.UnionType",
            Form::TypeVar { .. } => "TypeVar",
            Form::ForwardRef(_) => "ForwardRef",
            Form::Generic { kind, .. } => match kind {
                Kind::Types => "types.GenericAlias",
                Kind::Typing(_) => "_GenericAlias",
                Kind::Union => "_UnionGenericAlias",
                Kind::Annotated(_) => "_AnnotatedAlias",
                Kind::Literal => "_LiteralGenericAlias",
                Kind::Callable(_) => "_CallableGenericAlias",
            },
        }
        .into()
    }
    fn repr(&self) -> String {
        self.0.repr()
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        match &self.0 {
            Form::Special(name) => subscript_special(it, name, key).map(Some),
            Form::Alias(name, origin) => subscript_alias(it, name, origin, key).map(Some),
            f @ Form::Generic { .. } => substitute(it, f, key).map(Some),
            Form::UnionType(_) => substitute(it, &self.0, key).map(Some),
            _ => Ok(None),
        }
    }
    fn get_attr(self: Rc<Self>, it: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let f = &self.0;
        Ok(Some(match (name, f) {
            ("__origin__", Form::Generic { origin, kind, args }) => match kind {
                Kind::Annotated(_) => args[0].clone(),
                _ => origin.clone(),
            },
            ("__origin__", Form::Alias(_, origin)) => origin.clone(),
            ("__args__", Form::Generic { args, .. }) | ("__args__", Form::UnionType(args)) => {
                Value::tuple(args.to_vec())
            }
            (
                "__metadata__",
                Form::Generic {
                    kind: Kind::Annotated(m),
                    ..
                },
            ) => Value::tuple(m.to_vec()),
            ("__parameters__", _) => Value::tuple(f.parameters()),
            ("__name__" | "_name", Form::Special(n) | Form::Alias(n, _)) => Value::str(n),
            (
                "__name__" | "_name",
                Form::Generic {
                    kind: Kind::Typing(Some(n)),
                    ..
                },
            ) => Value::str(n),
            ("__name__", Form::TypeVar { name, .. }) => Value::Str(name.clone()),
            ("__bound__", Form::TypeVar { bound, .. }) => bound.clone(),
            ("__constraints__", Form::TypeVar { constraints, .. }) => {
                Value::tuple(constraints.to_vec())
            }
            ("__covariant__", Form::TypeVar { covariant, .. }) => Value::Bool(*covariant),
            ("__contravariant__", Form::TypeVar { contravariant, .. }) => {
                Value::Bool(*contravariant)
            }
            ("__forward_arg__", Form::ForwardRef(s)) => Value::Str(s.clone()),
            (
                "__module__",
                Form::Generic {
                    kind: Kind::Types,
                    origin,
                    ..
                },
            ) => {
                return it.get_attr_opt(&origin.clone(), "__module__");
            }
            ("__module__", _) => Value::str("typing"),
            ("copy_with", Form::Generic { origin, kind, .. }) => {
                let (origin, kind) = (origin.clone(), kind.clone());
                Value::native("copy_with", move |it, a| {
                    let args = a.positional.first().cloned().unwrap_or(Value::None);
                    let args = it.iterate(&args)?;
                    Ok(new(Form::Generic {
                        origin: origin.clone(),
                        args: args.into(),
                        kind: kind.clone(),
                    }))
                })
            }
            (
                _,
                Form::Generic {
                    kind: Kind::Types,
                    origin,
                    ..
                },
            ) => {
                return it.get_attr_opt(&origin.clone(), name);
            }
            _ => return Ok(None),
        }))
    }
    fn call(self: Rc<Self>, it: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        match &self.0 {
            Form::Generic {
                origin,
                kind: Kind::Types | Kind::Typing(None),
                ..
            } => {
                let v = it.call(&origin.clone(), args)?;
                if let Value::Instance(i) = &v
                    && matches!(
                        self.0,
                        Form::Generic {
                            kind: Kind::Typing(None),
                            ..
                        }
                    )
                {
                    i.set("__orig_class__", Value::Host(self.clone()));
                }
                Ok(Some(v))
            }
            Form::Alias(name, _) => Err(it.type_error(format!(
                "Type {name} cannot be instantiated; use {}() instead",
                name.to_lowercase()
            ))),
            _ => Err(it.type_error(format!("Cannot instantiate {}", self.0.repr()))),
        }
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        reflected: bool,
    ) -> EvalResult<Option<Value>> {
        match op {
            Op::Eq | Op::Ne => {
                let me: &dyn HostObject = &*self;
                let identical = other
                    .host_rc()
                    .is_some_and(|o| std::ptr::addr_eq(Rc::as_ptr(o), me as *const dyn HostObject));
                let same = identical
                    || match form(other) {
                        Some(o) => forms_equal(it, &self.0, o)?,
                        None => false,
                    };
                Ok(op.equality(same))
            }
            Op::BitOr => {
                let me = Value::Host(self);
                let (l, r) = if reflected {
                    (other, &me)
                } else {
                    (&me, other)
                };
                union_or(it, l, r)
            }
            _ => Ok(None),
        }
    }
    fn hash_key(&self) -> Option<HashKey> {
        let mut keys = vec![HashKey::Str(Rc::from(self.0.repr()))];
        if let Form::TypeVar { .. } = self.0 {
            return None;
        }
        keys.push(HashKey::Int(0));
        Some(HashKey::Tuple(keys))
    }
}

/// The members of a union (`X | Y`, `Union[X, Y]`), for `isinstance`.
pub(crate) fn union_args(v: &Value) -> Option<Vec<Value>> {
    match form(v) {
        Some(Form::UnionType(args))
        | Some(Form::Generic {
            args,
            kind: Kind::Union,
            ..
        }) => Some(args.to_vec()),
        _ => None,
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

// ------------------------------------------------------------------ get_type_hints

/// typing's `_eval_type`: forward references evaluated (strings in `types.GenericAlias`
/// arguments too), aliases rebuilt with their arguments evaluated.
fn eval_type(
    it: &mut Interp,
    t: &Value,
    globals: &Rc<Scope>,
    locals: &Rc<Scope>,
    guard: &mut Vec<Str>,
) -> EvalResult {
    it.check_stack()?;
    let Some(f) = form(t) else {
        return Ok(t.clone());
    };
    match f {
        Form::ForwardRef(src) => {
            if guard.contains(src) || guard.len() > 64 {
                return Ok(t.clone());
            }
            let v = it.eval_source_expr(src, globals.clone(), locals.clone())?;
            let v = match v {
                Value::None => it.none_type.clone(),
                Value::Str(s) => new(Form::ForwardRef(s)),
                other => other,
            };
            guard.push(src.clone());
            let r = eval_type(it, &v, globals, locals, guard);
            guard.pop();
            r
        }
        Form::Generic { origin, args, kind } => {
            if matches!(kind, Kind::Literal) {
                return Ok(t.clone());
            }
            let mut ev = Vec::with_capacity(args.len());
            for a in args.iter() {
                let a = match (kind, a) {
                    (Kind::Types, Value::Str(s)) => new(Form::ForwardRef(s.clone())),
                    _ => a.clone(),
                };
                ev.push(eval_type(it, &a, globals, locals, guard)?);
            }
            Ok(match kind {
                Kind::Union => union(it, ev)?,
                Kind::Annotated(m) => new(Form::Generic {
                    origin: ev[0].clone(),
                    args: ev.into(),
                    kind: Kind::Annotated(m.clone()),
                }),
                _ => new(Form::Generic {
                    origin: origin.clone(),
                    args: ev.into(),
                    kind: kind.clone(),
                }),
            })
        }
        Form::UnionType(args) => {
            let mut acc: Option<Value> = None;
            for a in args.iter() {
                let a = eval_type(it, a, globals, locals, guard)?;
                acc = Some(match acc {
                    None => a,
                    Some(l) => match union_or(it, &l, &a)? {
                        Some(u) => u,
                        None => union(it, vec![l, a])?,
                    },
                });
            }
            Ok(acc.unwrap_or(Value::None))
        }
        _ => Ok(t.clone()),
    }
}

/// `Annotated[T, ...]` → `T`, through the arguments.
fn strip_annotated(v: &Value) -> Value {
    match form(v) {
        Some(Form::Generic {
            args,
            kind: Kind::Annotated(_),
            ..
        }) => strip_annotated(&args[0]),
        Some(Form::Generic { origin, args, kind }) => new(Form::Generic {
            origin: origin.clone(),
            args: args.iter().map(strip_annotated).collect(),
            kind: kind.clone(),
        }),
        _ => v.clone(),
    }
}

fn scope_of(it: &mut Interp, d: &Value) -> EvalResult<Rc<Scope>> {
    let s = Scope::default();
    for (k, v) in it.dict_items(d)? {
        if let Value::Str(k) = k {
            s.set(&k, v);
        }
    }
    Ok(Rc::new(s))
}

fn get_type_hints(it: &mut Interp, mut a: Args) -> EvalResult {
    let obj = a.positional.first().cloned().unwrap_or(Value::None);
    let globalns = a
        .positional
        .get(1)
        .cloned()
        .or_else(|| a.take_kw("globalns"))
        .filter(|v| !v.is_none());
    let localns = a
        .positional
        .get(2)
        .cloned()
        .or_else(|| a.take_kw("localns"))
        .filter(|v| !v.is_none());
    let include_extras = match a.take_kw("include_extras") {
        Some(v) => it.truthy(&v)?,
        None => false,
    };
    let mut hints = Dict::new();
    let mut guard = Vec::new();
    let mut add = |it: &mut Interp,
                   ann: Value,
                   g: Rc<Scope>,
                   l: Rc<Scope>,
                   hints: &mut Dict|
     -> EvalResult<()> {
        for (name, value) in it.dict_items(&ann)? {
            let value = match value {
                Value::None => it.none_type.clone(),
                Value::Str(s) => new(Form::ForwardRef(s)),
                other => other,
            };
            let v = eval_type(it, &value, &g, &l, &mut guard)?;
            hints.insert(name, v).map_err(|m| it.type_error(m))?;
        }
        Ok(())
    };
    match &obj {
        Value::Class(c) => {
            for base in c.mro().iter().rev() {
                let ann = base.attrs.borrow().get("__annotations__").cloned();
                let Some(ann @ Value::Dict(_)) = ann else {
                    continue;
                };
                let base_globals = match &globalns {
                    Some(g) => scope_of(it, g)?,
                    None => it.module_globals(base.module_name().as_deref().unwrap_or("")),
                };
                let base_locals = match &localns {
                    Some(l) => scope_of(it, l)?,
                    None => {
                        let s = Scope::default();
                        *s.vars.borrow_mut() = base.attrs.borrow().clone();
                        Rc::new(s)
                    }
                };
                // typing swaps them when neither is given: the module's names win.
                let (g, l) = if globalns.is_none() && localns.is_none() {
                    (base_locals, base_globals)
                } else {
                    (base_globals, base_locals)
                };
                add(it, ann, g, l, &mut hints)?;
            }
        }
        Value::Module(m) => {
            if let Some(ann) = m.get("__annotations__") {
                let g = match &globalns {
                    Some(g) => scope_of(it, g)?,
                    None => m.globals.clone(),
                };
                let l = match &localns {
                    Some(l) => scope_of(it, l)?,
                    None => g.clone(),
                };
                add(it, ann, g, l, &mut hints)?;
            }
        }
        Value::Function(_) => {}
        other => {
            return Err(it.type_error(format!(
                "{} is not a module, class, method, or function.",
                repr(other)
            )));
        }
    }
    if !include_extras {
        let mut stripped = Dict::new();
        for (k, v) in hints.items() {
            stripped.insert(k.clone(), strip_annotated(v)).ok();
        }
        hints = stripped;
    }
    Ok(Value::dict(hints))
}

fn get_origin(it: &mut Interp, a: Args) -> EvalResult {
    let tp = a.positional.first().cloned().unwrap_or(Value::None);
    Ok(match form(&tp) {
        Some(Form::Generic {
            kind: Kind::Annotated(_),
            ..
        }) => special_form(it, "Annotated"),
        Some(Form::Generic { origin, .. }) => match form(origin) {
            Some(Form::Special("Union")) => special_form(it, "Union"),
            _ => origin.clone(),
        },
        Some(Form::UnionType(_)) => it
            .try_import("types")?
            .map(|t| it.get_attr(&t, "UnionType"))
            .transpose()?
            .unwrap_or(Value::None),
        _ => match &tp {
            Value::Class(c)
                if &*c.name == "Generic" && c.module_name().as_deref() == Some("typing") =>
            {
                tp.clone()
            }
            _ => Value::None,
        },
    })
}

fn get_args(_: &mut Interp, a: Args) -> EvalResult {
    let tp = a.positional.first().cloned().unwrap_or(Value::None);
    Ok(match form(&tp) {
        Some(Form::Generic {
            args,
            kind: Kind::Annotated(m),
            ..
        }) => {
            let mut out = vec![args[0].clone()];
            out.extend(m.iter().cloned());
            Value::tuple(out)
        }
        Some(Form::Generic {
            args,
            kind: Kind::Callable(_),
            ..
        }) => {
            let (params, ret) = args.split_at(args.len() - 1);
            match params {
                [Value::Ellipsis] => Value::tuple(vec![Value::Ellipsis, ret[0].clone()]),
                ps => Value::tuple(vec![Value::list(ps.to_vec()), ret[0].clone()]),
            }
        }
        Some(Form::Generic { args, .. }) | Some(Form::UnionType(args)) => {
            Value::tuple(args.to_vec())
        }
        _ => Value::tuple(vec![]),
    })
}

// ------------------------------------------------------------------ the modules

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

const ABCS: &[&str] = &[
    "Hashable",
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "Iterable",
    "Iterator",
    "Reversible",
    "Generator",
    "Sized",
    "Container",
    "Callable",
    "Collection",
    "Set",
    "MutableSet",
    "Mapping",
    "MutableMapping",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "Sequence",
    "MutableSequence",
    "ByteString",
];

/// `collections.abc`: its classes, subscriptable as `types.GenericAlias`.
pub(crate) fn abc_module(it: &mut Interp) -> Module {
    let m = Module::new("collections.abc", []);
    for name in ABCS {
        let c = plain_class(it, "collections.abc", name, vec![]);
        c.attrs.borrow_mut().insert(
            Rc::from("__class_getitem__"),
            Value::host(ClassMethod(Value::native("__class_getitem__", |_, a| {
                let cls = a.positional.first().cloned().unwrap_or(Value::None);
                let key = a.positional.get(1).cloned().unwrap_or(Value::None);
                if matches!(&cls, Value::Class(c) if &*c.name == "Callable") {
                    let args = args_of(&key);
                    if let [Value::List(ps), ret] = &args[..] {
                        let mut all = ps.borrow().clone();
                        all.push(ret.clone());
                        return Ok(new(Form::Generic {
                            origin: cls,
                            args: all.into(),
                            kind: Kind::Callable(false),
                        }));
                    }
                }
                Ok(types_alias(cls, &key))
            }))),
        );
        m.set(name, Value::Class(c));
    }
    m
}

/// Which builtin values `isinstance(v, collections.abc.<name>)` accepts.
pub(crate) fn abc_instance(it: &mut Interp, name: &str, v: &Value) -> Option<bool> {
    let seq = matches!(
        v,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::Range(_)
    );
    let mapping = matches!(v, Value::Dict(_));
    let set = matches!(v, Value::Set(_));
    let sized = seq || mapping || set;
    let custom = |it: &Interp, m: &str| it.special(v, m).is_some();
    Some(match name {
        "Sequence" => seq,
        "MutableSequence" => matches!(v, Value::List(_)),
        "Mapping" | "MutableMapping" => mapping,
        "Set" | "MutableSet" => set,
        "Sized" => sized || custom(it, "__len__"),
        "Container" => sized || custom(it, "__contains__"),
        "Iterable" | "Collection" | "Reversible" => sized || custom(it, "__iter__"),
        "Iterator" => custom(it, "__next__"),
        "Hashable" => HashKey::of(v).is_ok(),
        "Callable" => {
            matches!(
                v,
                Value::Function(_) | Value::Native(_) | Value::BoundMethod(_) | Value::Class(_)
            ) || custom(it, "__call__")
        }
        "Awaitable" | "Coroutine" => v.type_name() == "coroutine",
        "ByteString" => matches!(v, Value::Bytes(_)),
        _ => return None,
    })
}

fn typevar(_: &mut Interp, mut a: Args) -> EvalResult {
    let name = match a.positional.first() {
        Some(Value::Str(s)) => s.clone(),
        _ => Rc::from("T"),
    };
    let bound = a.take_kw("bound").map_or(Value::None, convert);
    let flag = |a: &mut Args, k: &str| matches!(a.take_kw(k), Some(Value::Bool(true)));
    let covariant = flag(&mut a, "covariant");
    let contravariant = flag(&mut a, "contravariant");
    Ok(new(Form::TypeVar {
        name,
        bound,
        constraints: a.positional.iter().skip(1).cloned().map(convert).collect(),
        covariant,
        contravariant,
    }))
}

fn identity(name: &'static str) -> (&'static str, Value) {
    (
        name,
        Value::native(name, |_, a| {
            Ok(a.positional.into_iter().next().unwrap_or(Value::None))
        }),
    )
}

/// The `typing` module (also `typing_extensions`).
pub(crate) fn typing_module(it: &mut Interp) -> EvalResult<Module> {
    let abc = it.import_module("collections.abc")?;
    let abc_class = |it: &mut Interp, n: &str| it.get_attr(&abc, n);
    let mut attrs: Vec<(&'static str, Value)> = Vec::new();
    for name in [
        "Any",
        "Union",
        "Optional",
        "ClassVar",
        "Final",
        "Literal",
        "Annotated",
        "NoReturn",
        "Never",
        "Self",
        "TypeAlias",
        "LiteralString",
        "Required",
        "NotRequired",
        "TypeGuard",
        "Concatenate",
        "Unpack",
    ] {
        attrs.push((name, special_form(it, name)));
    }
    let builtin = |it: &Interp, n: &str| it.builtins.get(n).cloned().unwrap_or(Value::None);
    for (name, origin) in [
        ("List", builtin(it, "list")),
        ("Dict", builtin(it, "dict")),
        ("Set", builtin(it, "set")),
        ("FrozenSet", builtin(it, "frozenset")),
        ("Tuple", builtin(it, "tuple")),
        ("Type", Value::Class(it.type_class.clone())),
    ] {
        attrs.push((name, new(Form::Alias(name, origin))));
    }
    for (name, abc_name) in [
        ("Sequence", "Sequence"),
        ("MutableSequence", "MutableSequence"),
        ("Mapping", "Mapping"),
        ("MutableMapping", "MutableMapping"),
        ("Iterable", "Iterable"),
        ("Iterator", "Iterator"),
        ("Collection", "Collection"),
        ("AbstractSet", "Set"),
        ("MutableSet", "MutableSet"),
        ("Callable", "Callable"),
        ("Generator", "Generator"),
        ("Awaitable", "Awaitable"),
        ("Coroutine", "Coroutine"),
        ("AsyncIterator", "AsyncIterator"),
        ("AsyncIterable", "AsyncIterable"),
        ("Container", "Container"),
        ("Hashable", "Hashable"),
        ("Sized", "Sized"),
        ("Reversible", "Reversible"),
        ("KeysView", "KeysView"),
        ("ItemsView", "ItemsView"),
        ("ValuesView", "ValuesView"),
    ] {
        let origin = abc_class(it, abc_name)?;
        attrs.push((name, new(Form::Alias(name, origin))));
    }
    let dd = it.import_module("collections")?;
    for (name, origin) in [
        ("DefaultDict", "defaultdict"),
        ("OrderedDict", "OrderedDict"),
    ] {
        let origin = it.get_attr(&dd, origin)?;
        attrs.push((name, new(Form::Alias(name, origin))));
    }
    attrs.push(("Text", builtin(it, "str")));
    attrs.push(("TYPE_CHECKING", Value::Bool(false)));
    attrs.push((
        "cast",
        Value::native("cast", |_, a| {
            Ok(a.positional.get(1).cloned().unwrap_or(Value::None))
        }),
    ));
    attrs.push(("TypeVar", Value::native_type("TypeVar", typevar)));
    attrs.push(("ParamSpec", Value::native_type("ParamSpec", typevar)));
    attrs.push((
        "ForwardRef",
        Value::native_type("ForwardRef", |it, a| match a.positional.first() {
            Some(Value::Str(s)) => Ok(new(Form::ForwardRef(s.clone()))),
            _ => Err(it.type_error("Forward reference must be a string")),
        }),
    ));
    attrs.push((
        "AnyStr",
        new(Form::TypeVar {
            name: Rc::from("AnyStr"),
            bound: Value::None,
            constraints: vec![builtin(it, "bytes"), builtin(it, "str")].into(),
            covariant: false,
            contravariant: false,
        }),
    ));
    for name in [
        "overload",
        "final",
        "no_type_check",
        "runtime_checkable",
        "assert_never",
        "reveal_type",
    ] {
        attrs.push(identity(name));
    }
    attrs.push((
        "dataclass_transform",
        Value::native("dataclass_transform", |_, _| {
            Ok(Value::native("dataclass_transform", |_, a| {
                Ok(a.positional.into_iter().next().unwrap_or(Value::None))
            }))
        }),
    ));
    attrs.push((
        "NewType",
        Value::native("NewType", |_, a| {
            let name = match a.positional.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => "NewType".into(),
            };
            Ok(Value::native(&name, |_, a| {
                Ok(a.positional.into_iter().next().unwrap_or(Value::None))
            }))
        }),
    ));
    attrs.push((
        "get_type_hints",
        Value::native("get_type_hints", get_type_hints),
    ));
    attrs.push(("get_origin", Value::native("get_origin", get_origin)));
    attrs.push(("get_args", Value::native("get_args", get_args)));
    let generic = generic_class(it);
    let protocol = plain_class(it, "typing", "Protocol", vec![generic.clone()]);
    attrs.push(("Generic", Value::Class(generic)));
    attrs.push(("Protocol", Value::Class(protocol)));
    let named_tuple = it.import_module("_namedtuple")?;
    attrs.push(("NamedTuple", it.get_attr(&named_tuple, "NamedTuple")?));
    let typed_dict = plain_class(it, "typing", "TypedDict", vec![]);
    typed_dict.attrs.borrow_mut().insert(
        Rc::from("__new__"),
        Value::native("__new__", |it, mut a| {
            if !a.positional.is_empty() {
                a.positional.remove(0);
            }
            let dict = it.builtins.get("dict").cloned().unwrap_or(Value::None);
            it.call(&dict, a)
        }),
    );
    attrs.push(("TypedDict", Value::Class(typed_dict)));
    Ok(Module::new("typing", attrs))
}

/// `typing.Generic`: `Generic[T]` and `Sub[int]` make aliases; subclasses get
/// `__parameters__` from their `__orig_bases__`.
fn generic_class(it: &Interp) -> Rc<Class> {
    let g = plain_class(it, "typing", "Generic", vec![]);
    let weak: Weak<Class> = Rc::downgrade(&g);
    g.attrs.borrow_mut().insert(
        Rc::from("__class_getitem__"),
        Value::host(ClassMethod(Value::native("__class_getitem__", |_, a| {
            let cls = a.positional.first().cloned().unwrap_or(Value::None);
            let key = a.positional.get(1).cloned().unwrap_or(Value::None);
            Ok(generic_alias(cls, &key))
        }))),
    );
    g.attrs.borrow_mut().insert(
        Rc::from("__init_subclass__"),
        Value::host(ClassMethod(Value::native(
            "__init_subclass__",
            move |it, a| {
                let Some(Value::Class(cls)) = a.positional.first().cloned() else {
                    return Ok(Value::None);
                };
                let mut params: Vec<Value> = Vec::new();
                if let Some(Value::Tuple(orig)) = cls.attrs.borrow().get("__orig_bases__") {
                    for b in orig.iter() {
                        if let Some(f) = form(b) {
                            for p in f.parameters() {
                                if !params.iter().any(|x| x.is(&p)) {
                                    params.push(p);
                                }
                            }
                        }
                    }
                }
                cls.attrs
                    .borrow_mut()
                    .insert(Rc::from("__parameters__"), Value::tuple(params));
                if let Some(generic) = weak.upgrade()
                    && let Some(next) =
                        it.super_lookup(&generic, &cls, None, "__init_subclass__")?
                {
                    it.call(
                        &next,
                        Args {
                            positional: vec![],
                            keywords: a.keywords,
                        },
                    )?;
                }
                Ok(Value::None)
            },
        ))),
    );
    g.attrs
        .borrow_mut()
        .insert(Rc::from("__parameters__"), Value::tuple(vec![]));
    g
}

/// `types.SimpleNamespace`.
struct Namespace(RefCell<Map<Str, Value>>);

impl HostObject for Namespace {
    fn type_name(&self) -> String {
        "types.SimpleNamespace".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__dict__" => {
                let mut d = Dict::new();
                for (k, v) in self.0.borrow().iter() {
                    d.insert_str(k, v.clone());
                }
                Some(Value::dict(d))
            }
            _ => self.0.borrow().get(name).cloned(),
        })
    }
    fn set_attr(&self, _: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
        self.0.borrow_mut().insert(Rc::from(name), value);
        Ok(true)
    }
    fn del_attr(&self, _: &mut Interp, name: &str) -> EvalResult<bool> {
        Ok(self.0.borrow_mut().shift_remove(name).is_some())
    }
    fn repr(&self) -> String {
        let items: Vec<String> = self
            .0
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={}", repr(v)))
            .collect();
        format!("namespace({})", items.join(", "))
    }
    fn binary_op(
        self: Rc<Self>,
        it: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let Some(o) = other.downcast_host::<Namespace>() else {
            return Ok(op.equality(false));
        };
        let a: Vec<(Str, Value)> = self
            .0
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let b = o.0.borrow().clone();
        let mut same = a.len() == b.len();
        for (k, v) in a {
            if !same {
                break;
            }
            same = match b.get(&k) {
                Some(w) => it.eq(&v, w)?,
                None => false,
            };
        }
        Ok(op.equality(same))
    }
}

/// Type objects `type(x)` gives for values whose types are not builtins, by type name.
pub(crate) fn type_objects() -> std::collections::HashMap<&'static str, Value> {
    let mut m = std::collections::HashMap::new();
    m.insert(
        "types.GenericAlias",
        Value::native_type("types.GenericAlias", |_, a| {
            let origin = a.positional.first().cloned().unwrap_or(Value::None);
            let args = a.positional.get(1).cloned().unwrap_or(Value::None);
            Ok(types_alias(origin, &args))
        }),
    );
    m.insert(
        "types.UnionType",
        Value::native_type("types.UnionType", |it, _| {
            Err(it.type_error("cannot create 'types.UnionType' instances"))
        }),
    );
    m.insert(
        "function",
        Value::native_type("function", |it, _| {
            Err(it.type_error("cannot create 'function' instances"))
        }),
    );
    m.insert(
        "method",
        Value::native_type("method", |_, a| {
            let f = a.positional.first().cloned().unwrap_or(Value::None);
            let obj = a.positional.get(1).cloned().unwrap_or(Value::None);
            Ok(Value::BoundMethod(Rc::new((obj, f))))
        }),
    );
    m.insert(
        "module",
        Value::native_type("module", |_, a| {
            let name = match a.positional.first() {
                Some(Value::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            Ok(Value::Module(Rc::new(Module::new(&name, []))))
        }),
    );
    m.insert(
        "types.SimpleNamespace",
        Value::native_type("types.SimpleNamespace", |_, a| {
            Ok(Value::host(Namespace(RefCell::new(
                a.keywords.into_iter().collect(),
            ))))
        }),
    );
    m.insert(
        "coroutine",
        Value::native_type("coroutine", |it, _| {
            Err(it.type_error("cannot create 'coroutine' instances"))
        }),
    );
    m
}

/// The `types` module.
pub(crate) fn types_module(it: &mut Interp) -> Module {
    let t = |name: &str| it.type_objects.get(name).cloned().unwrap_or(Value::None);
    Module::new(
        "types",
        [
            ("GenericAlias", t("types.GenericAlias")),
            ("UnionType", t("types.UnionType")),
            ("FunctionType", t("function")),
            ("LambdaType", t("function")),
            ("MethodType", t("method")),
            ("ModuleType", t("module")),
            ("SimpleNamespace", t("types.SimpleNamespace")),
            ("CoroutineType", t("coroutine")),
            ("NoneType", it.none_type.clone()),
        ],
    )
}

// ------------------------------------------------------------------ unparse

/// An annotation's source as `from __future__ import annotations` keeps it: CPython's
/// unparsing of the expression (single quotes, normalised spacing).
pub(crate) fn unparse(e: &Expr) -> String {
    let mut out = String::new();
    unparse_into(e, &mut out, 0);
    out
}

fn precedence(op: ast::Operator) -> u8 {
    use ast::Operator as O;
    match op {
        O::BitOr => 1,
        O::BitXor => 2,
        O::BitAnd => 3,
        O::LShift | O::RShift => 4,
        O::Add | O::Sub => 5,
        O::Mult | O::MatMult | O::Div | O::Mod | O::FloorDiv => 6,
        O::Pow => 8,
    }
}

fn unparse_into(e: &Expr, out: &mut String, outer: u8) {
    match e {
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::Attribute(a) => {
            unparse_into(&a.value, out, 10);
            out.push('.');
            out.push_str(a.attr.as_str());
        }
        Expr::Subscript(s) => {
            unparse_into(&s.value, out, 10);
            out.push('[');
            match &*s.slice {
                Expr::Tuple(t) if !t.elts.is_empty() => {
                    for (i, x) in t.elts.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        unparse_into(x, out, 0);
                    }
                    if t.elts.len() == 1 {
                        out.push(',');
                    }
                }
                other => unparse_into(other, out, 0),
            }
            out.push(']');
        }
        Expr::StringLiteral(s) => out.push_str(&crate::format::str_repr(s.value.to_str())),
        Expr::BytesLiteral(_) | Expr::FString(_) => out.push_str("..."),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => out.push_str(&i.to_string()),
            ast::Number::Float(f) => out.push_str(&crate::format::float_repr(*f)),
            ast::Number::Complex { imag, .. } => {
                out.push_str(&crate::format::float_repr(*imag));
                out.push('j');
            }
        },
        Expr::BooleanLiteral(b) => out.push_str(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => out.push_str("None"),
        Expr::EllipsisLiteral(_) => out.push_str("..."),
        Expr::BinOp(b) => {
            let p = precedence(b.op);
            if p < outer {
                out.push('(');
            }
            unparse_into(&b.left, out, p);
            out.push(' ');
            out.push_str(
                crate::ops::symbol(crate::ops::operator(b.op))
                    .split(' ')
                    .next()
                    .unwrap_or(""),
            );
            out.push(' ');
            unparse_into(&b.right, out, p + 1);
            if p < outer {
                out.push(')');
            }
        }
        Expr::UnaryOp(u) => {
            out.push_str(match u.op {
                ast::UnaryOp::Not => "not ",
                ast::UnaryOp::USub => "-",
                ast::UnaryOp::UAdd => "+",
                ast::UnaryOp::Invert => "~",
            });
            unparse_into(&u.operand, out, 9);
        }
        Expr::Tuple(t) => {
            out.push('(');
            for (i, x) in t.elts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                unparse_into(x, out, 0);
            }
            if t.elts.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Expr::List(l) => {
            out.push('[');
            for (i, x) in l.elts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                unparse_into(x, out, 0);
            }
            out.push(']');
        }
        Expr::Starred(s) => {
            out.push('*');
            unparse_into(&s.value, out, 10);
        }
        Expr::Call(c) => {
            unparse_into(&c.func, out, 10);
            out.push('(');
            let mut first = true;
            for a in c.arguments.args.iter() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                unparse_into(a, out, 0);
            }
            for k in c.arguments.keywords.iter() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    Some(n) => {
                        out.push_str(n.as_str());
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                unparse_into(&k.value, out, 0);
            }
            out.push(')');
        }
        other => {
            // Rare in annotations; the shape is kept, not the exact spelling.
            out.push_str(&format!("{:?}", std::mem::discriminant(other)));
        }
    }
}
