//! `sa.TypeDecorator` and `sa.types.UserDefinedType`: the host classes a project's own
//! column types derive from (`class JSONEncodedDict(TypeDecorator): impl = Text`), and
//! SQLAlchemy's types themselves as bases (`class JSONB(sa.JSON)`).
//!
//! A Python subclass is a real class of the interpreter whose base is the host class; its
//! instances are [`Decorated`] objects that remember the class, so the subclass's own
//! methods (`process_bind_param`, `load_dialect_impl`, `get_col_spec`) are found first, as
//! in Python. Where SQL needs the type, [`resolve`] turns the instance into the `SqlType`
//! SQLAlchemy would compile: the `impl` (given the decorator's arguments), or what
//! `load_dialect_impl(dialect)` returns; a `UserDefinedType` is its `get_col_spec()`.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, Class, EvalResult, HostObject, Interp, Str, Value};

use super::sa::{SaType, TypeClass};
use crate::sql::types::{Decorator, SqlType, TypeKind};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Base {
    TypeDecorator,
    UserDefinedType,
    /// A SQLAlchemy type (`sa.JSON`, `postgresql.JSONB`): the class in the MRO says which.
    Type,
}

impl Base {
    fn name(self) -> &'static str {
        match self {
            Base::TypeDecorator => "TypeDecorator",
            Base::UserDefinedType => "UserDefinedType",
            Base::Type => "TypeEngine",
        }
    }
}

/// `sa.TypeDecorator` / `sa.types.UserDefinedType` themselves.
pub struct DecoratorClass(pub Base);

impl HostObject for DecoratorClass {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Value::str(self.0.name())),
            "__module__" => Some(Value::str("sqlalchemy.sql.type_api")),
            "cache_ok" => Some(Value::None),
            "coerce_to_is_types" => Some(Value::tuple(vec![Value::None])),
            "__init__" => Some(base_init()),
            _ => None,
        })
    }
    fn call(self: Rc<Self>, interp: &mut Interp, _: Args) -> EvalResult<Option<Value>> {
        Err(interp.exc(
            "AssertionError",
            "TypeDecorator implementations require a class-level variable 'impl' which refers to the class of type being decorated",
        ))
    }
    fn get_item(self: Rc<Self>, _: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        Ok(Some(retort_pyscript::generic_alias(Value::Host(self), key)))
    }
    fn subclass_hook(
        self: Rc<Self>,
        _: &mut Interp,
        _: &Rc<Class>,
        _: Vec<(Str, Value)>,
    ) -> EvalResult<()> {
        Ok(())
    }
    fn instantiate(
        self: Rc<Self>,
        _: &mut Interp,
        class: &Rc<Class>,
        args: &Args,
    ) -> EvalResult<Option<Value>> {
        Ok(Some(Decorated::instance(class, self.0, args)))
    }
    fn repr(&self) -> String {
        format!("<class 'sqlalchemy.types.{}'>", self.0.name())
    }
}

/// `TypeDecorator.__init__(self, *args, **kwargs)` (or `sa.String.__init__(self, 40)`), as a
/// subclass's own `__init__` calls its base explicitly: the instance is made with them.
pub fn base_init() -> Value {
    Value::native("__init__", |_, a: Args| {
        if let Some(d) = a
            .positional
            .first()
            .and_then(|v| v.downcast_host::<Decorated>())
        {
            let mut args = a.clone();
            args.positional.remove(0);
            *d.args.borrow_mut() = args;
        }
        Ok(Value::None)
    })
}

/// An instance of a project's `TypeDecorator` / `UserDefinedType` subclass.
pub struct Decorated {
    pub class: Rc<Class>,
    pub base: Base,
    /// The arguments it was made with (`ShortCode(8)`): a TypeDecorator passes them to its
    /// `impl`, as SQLAlchemy's `TypeDecorator.__init__` does.
    pub args: RefCell<Args>,
    /// What the subclass's methods set on `self` (its instance dict).
    pub attrs: RefCell<retort_pyscript::Map<String, Value>>,
}

impl Decorated {
    pub fn instance(class: &Rc<Class>, base: Base, args: &Args) -> Value {
        Value::host(Decorated {
            class: class.clone(),
            base,
            args: RefCell::new(args.clone()),
            attrs: RefCell::default(),
        })
    }

    /// For a subclass of a SQLAlchemy type: that type's class.
    pub fn type_class(&self) -> Option<&TypeClass> {
        self.class
            .mro_iter()
            .find_map(|c| c.host.as_ref()?.as_any().downcast_ref::<TypeClass>())
    }
}

impl HostObject for Decorated {
    fn type_name(&self) -> String {
        self.class.name.to_string()
    }
    fn instance_class(&self) -> Option<Rc<Class>> {
        Some(self.class.clone())
    }
    fn set_attr(&self, _: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
        self.attrs.borrow_mut().insert(name.to_owned(), value);
        Ok(true)
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(v) = self.attrs.borrow().get(name) {
            return Ok(Some(v.clone()));
        }
        let me = self.clone();
        Ok(Some(match name {
            // `super().__init__(*args, **kwargs)` from the subclass's own __init__.
            "__init__" => Value::native("__init__", move |_, a: Args| {
                *me.args.borrow_mut() = a;
                Ok(Value::None)
            }),
            "impl" | "impl_instance" if self.base == Base::TypeDecorator => {
                let ty = impl_type(interp, &self)?;
                Value::host(SaType(ty))
            }
            "load_dialect_impl" => Value::native(name, move |interp, _| {
                Ok(Value::host(SaType(impl_type(interp, &me)?)))
            }),
            "process_bind_param" | "process_result_value" | "process_literal_param" => {
                Value::native(name, |_, a: Args| {
                    Ok(a.positional.first().cloned().unwrap_or(Value::None))
                })
            }
            "copy" => Value::native(name, move |_, _| Ok(Value::Host(me.clone()))),
            "cache_ok" => Value::None,
            "python_type" => Value::None,
            // The rest of a type's API (`with_variant`, `length`): the type it resolves to.
            _ if self.base == Base::Type || name == "with_variant" => {
                match resolve(interp, &Value::Host(self.clone()))? {
                    Some(t) => return Rc::new(SaType(t)).get_attr(interp, name),
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        format!("{}()", self.class.name)
    }
}

/// Whether `class` defines `method` itself (or a Python class between it and the host base
/// does), rather than inheriting the host's default.
fn overrides(class: &Rc<Class>, method: &str) -> bool {
    class
        .mro_iter()
        .take_while(|c| c.host.is_none())
        .any(|c| c.attrs.borrow().contains_key(method))
}

/// The type the decorator's `impl` names, made with the decorator's arguments.
fn impl_type(interp: &mut Interp, d: &Decorated) -> EvalResult<SqlType> {
    let class = Value::Class(d.class.clone());
    let Some(imp) = interp.get_attr_opt(&class, "impl")? else {
        return Err(interp.exc(
            "AssertionError",
            "TypeDecorator implementations require a class-level variable 'impl' which refers to the class of type being decorated",
        ));
    };
    let args = d.args.borrow().clone();
    let imp = match &imp {
        // A type class (`impl = sa.String`): called with the decorator's arguments.
        Value::Host(h) if h.as_any().is::<super::sa::TypeClass>() => interp.call(&imp, args)?,
        _ => imp,
    };
    match super::sa::to_type(interp, &imp)? {
        Some(t) => Ok(t),
        None => Err(interp.type_error(format!(
            "{}.impl must be a SQLAlchemy type, not {}",
            d.class.name,
            imp.type_name()
        ))),
    }
}

/// The `SqlType` a project's type object compiles as, carrying the object for its value
/// processing; `None` if `v` is not one.
pub fn resolve(interp: &mut Interp, v: &Value) -> EvalResult<Option<SqlType>> {
    // The class itself (`Column("data", JSONEncodedDict)`): SQLAlchemy instantiates it.
    let instance = match v {
        Value::Class(c) if derives(c) => interp.call(v, Args::default())?,
        _ => v.clone(),
    };
    let Some(d) = instance.downcast_host::<Decorated>() else {
        return Ok(None);
    };
    let mut ty = match d.base {
        Base::TypeDecorator => {
            if overrides(&d.class, "load_dialect_impl") {
                let f = interp.get_attr(&instance, "load_dialect_impl")?;
                let dialect = Value::host(super::conn::Dialect);
                let t = interp.call(&f, Args::new(vec![dialect]))?;
                match super::sa::to_type(interp, &t)? {
                    Some(t) => t,
                    None => return Err(interp.type_error("load_dialect_impl() must return a type")),
                }
            } else {
                impl_type(interp, d)?
            }
        }
        Base::Type => match d.type_class() {
            Some(base) => super::sa::make_type(interp, base, d.args.borrow().clone())?,
            None => return Ok(None),
        },
        Base::UserDefinedType => {
            let f = interp.get_attr(&instance, "get_col_spec")?;
            let spec = interp.call(&f, Args::default())?;
            SqlType::new(
                TypeKind::UserDefined(retort_pyscript::to_str(&spec)),
                &d.class.name,
            )
        }
    };
    ty.class_name = d.class.name.to_string();
    ty.module = interp
        .get_attr(&Value::Class(d.class.clone()), "__module__")
        .ok()
        .and_then(|m| m.as_str().map(str::to_owned))
        .filter(|m| !m.starts_with("sqlalchemy"));
    if overrides(&d.class, "__repr__") {
        let f = interp.get_attr(&instance, "__repr__")?;
        let r = interp.call(&f, Args::default())?;
        ty.own_repr = r.as_str().map(str::to_owned);
    }
    if let Some(c) =
        super::compiler::compiled_class(interp, &d.class, &instance, d.type_class(), &ty)?
    {
        ty.compiled = Some(c);
    }
    ty.decorator = Some(Decorator(instance.clone()));
    Ok(Some(ty))
}

fn derives(c: &Rc<Class>) -> bool {
    c.mro_iter().any(|b| {
        b.host
            .as_ref()
            .is_some_and(|h| h.as_any().is::<DecoratorClass>() || h.as_any().is::<TypeClass>())
    })
}

/// `process_bind_param(value, dialect)` of the type's decorator, if it defines one.
pub(crate) fn bind_param(interp: &mut Interp, d: &Decorator, v: &Value) -> EvalResult<Value> {
    process(interp, d, "process_bind_param", v)
}

/// `process_result_value(value, dialect)` of the type's decorator, if it defines one.
pub(crate) fn result_value(interp: &mut Interp, d: &Decorator, v: &Value) -> EvalResult<Value> {
    process(interp, d, "process_result_value", v)
}

fn process(interp: &mut Interp, d: &Decorator, method: &str, v: &Value) -> EvalResult<Value> {
    let Some(decorated) = d.0.downcast_host::<Decorated>() else {
        return Ok(v.clone());
    };
    if !overrides(&decorated.class, method) {
        return Ok(v.clone());
    }
    let f = interp.get_attr(&d.0, method)?;
    interp.call(
        &f,
        Args::new(vec![v.clone(), Value::host(super::conn::Dialect)]),
    )
}
