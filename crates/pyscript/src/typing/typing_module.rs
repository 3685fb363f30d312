//! The `typing` module: its special forms and aliases, `TypeVar`, `Generic`, `TypedDict`
//! and the introspection functions.

use std::rc::{Rc, Weak};

use super::hints::{get_args, get_origin, get_type_hints};
use super::{Form, convert, form, generic_alias, new, plain_class, special_form};
use crate::descriptors::ClassMethod;
use crate::interp::Interp;
use crate::value::*;

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
    attrs.push(("TypedDict", Value::Class(typed_dict_class(it))));
    Ok(Module::new("typing", attrs))
}

/// `typing.TypedDict`: a subclass (`class Movie(TypedDict, total=False)`) records its keys
/// in `__annotations__` (its bases' first), `__total__`, `__required_keys__` and
/// `__optional_keys__`; calling it makes a plain dict. `TypedDict("Movie", {...},
/// total=False)` makes such a class.
fn typed_dict_class(it: &Interp) -> Rc<Class> {
    let td = plain_class(it, "typing", "TypedDict", vec![]);
    let weak: Weak<Class> = Rc::downgrade(&td);
    td.attrs.borrow_mut().insert(
        Rc::from("__new__"),
        Value::native("__new__", move |it, mut a| {
            let cls = if a.positional.is_empty() {
                Value::None
            } else {
                a.positional.remove(0)
            };
            let is_typed_dict =
                matches!((&cls, weak.upgrade()), (Value::Class(c), Some(td)) if Rc::ptr_eq(c, &td));
            if is_typed_dict {
                return typed_dict_functional(it, cls, a);
            }
            let dict = it.builtins.get("dict").cloned().unwrap_or(Value::None);
            it.call(&dict, a)
        }),
    );
    td.attrs.borrow_mut().insert(
        Rc::from("__init_subclass__"),
        Value::host(ClassMethod(Value::native(
            "__init_subclass__",
            typed_dict_init_subclass,
        ))),
    );
    td
}

/// `TypedDict("Movie", {"name": str}, total=True)`.
fn typed_dict_functional(it: &mut Interp, td: Value, mut a: Args) -> EvalResult {
    let name = match a.take_kw("typename") {
        Some(v) => v,
        None if !a.positional.is_empty() => a.positional.remove(0),
        None => {
            return Err(
                it.type_error("TypedDict() missing 1 required positional argument: 'typename'")
            );
        }
    };
    let Value::Str(name) = name else {
        return Err(it.type_error("TypedDict() argument 'typename' must be str"));
    };
    let fields = match a.take_kw("fields") {
        Some(v) => v,
        None if !a.positional.is_empty() => a.positional.remove(0),
        None => Value::dict(Dict::new()),
    };
    let fields = match fields {
        Value::None => Value::dict(Dict::new()),
        f => {
            let dict = it.builtins.get("dict").cloned().unwrap_or(Value::None);
            it.call(
                &dict,
                Args {
                    positional: vec![f],
                    keywords: Vec::new(),
                },
            )?
        }
    };
    let mut kwargs = Vec::new();
    if let Some(total) = a.take_kw("total") {
        kwargs.push((Rc::from("total"), total));
    }
    if let Some((k, _)) = a.keywords.first() {
        return Err(it.type_error(format!(
            "TypedDict() got an unexpected keyword argument '{k}'"
        )));
    }
    let mut ns = Map::default();
    ns.insert(Rc::from("__annotations__"), fields);
    let class = it.type_new(None, &name, vec![td], ns, kwargs, None)?;
    Ok(Value::Class(class))
}

/// What `_TypedDictMeta.__new__` records on a TypedDict class.
fn typed_dict_init_subclass(it: &mut Interp, mut a: Args) -> EvalResult {
    let total = a.take_kw("total");
    if let Some((k, _)) = a.keywords.first() {
        return Err(it.type_error(format!(
            "_TypedDictMeta.__new__() got an unexpected keyword argument '{k}'"
        )));
    }
    let Some(Value::Class(cls)) = a.positional.first().cloned() else {
        return Ok(Value::None);
    };
    let total = match total {
        Some(v) => it.truthy(&v)?,
        None => true,
    };
    let mut annotations = Dict::new();
    let mut required: Vec<Value> = Vec::new();
    let mut optional: Vec<Value> = Vec::new();
    for base in cls.bases.clone() {
        let base = Value::Class(base);
        if let Some(Value::Dict(d)) = it.get_attr_opt(&base, "__annotations__")? {
            for (k, v) in d.borrow().items() {
                annotations.insert(k.clone(), v.clone()).ok();
            }
        }
        for (attr, out) in [
            ("__required_keys__", &mut required),
            ("__optional_keys__", &mut optional),
        ] {
            if let Some(keys) = it.get_attr_opt(&base, attr)? {
                out.extend(it.iterate(&keys)?);
            }
        }
    }
    let own = cls.attrs.borrow().get("__annotations__").cloned();
    if let Some(Value::Dict(d)) = own {
        let items: Vec<(Value, Value)> = d
            .borrow()
            .items()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in items {
            let qualifier = match form(&v) {
                Some(Form::Generic { origin, .. }) => match form(origin) {
                    Some(Form::Special(q @ ("Required" | "NotRequired"))) => Some(*q),
                    _ => None,
                },
                _ => None,
            };
            let is_required = match qualifier {
                Some(q) => q == "Required",
                None => total,
            };
            if is_required {
                required.push(k.clone());
            } else {
                optional.push(k.clone());
            }
            annotations.insert(k, v).map_err(|m| it.type_error(m))?;
        }
    }
    let frozenset = it.builtins.get("frozenset").cloned().unwrap_or(Value::None);
    let set_of = |it: &mut Interp, keys: Vec<Value>| {
        it.call(
            &frozenset,
            Args {
                positional: vec![Value::list(keys)],
                keywords: Vec::new(),
            },
        )
    };
    let required = set_of(it, required)?;
    let optional = set_of(it, optional)?;
    {
        let mut attrs = cls.attrs.borrow_mut();
        attrs.insert(Rc::from("__annotations__"), Value::dict(annotations));
        attrs.insert(Rc::from("__required_keys__"), required);
        attrs.insert(Rc::from("__optional_keys__"), optional);
        attrs.insert(Rc::from("__total__"), Value::Bool(total));
    }
    // The other bases' hooks (`Generic`'s `__parameters__`).
    let typed_dict = cls
        .mro()
        .into_iter()
        .find(|c| &*c.name == "TypedDict" && c.module_name().as_deref() == Some("typing"));
    if let Some(td) = typed_dict
        && let Some(next) = it.super_lookup(&td, &cls, None, "__init_subclass__")?
    {
        it.call(&next, Args::default())?;
    }
    Ok(Value::None)
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
