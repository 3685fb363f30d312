//! The `types` module, the type objects `type(x)` gives for values whose types are not
//! builtins, and `types.SimpleNamespace`.

use std::cell::RefCell;
use std::rc::Rc;

use super::types_alias;
use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

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
