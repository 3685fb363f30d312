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
