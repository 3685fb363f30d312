//! `collections`: `namedtuple` (written in Python, `_namedtuple`), `OrderedDict` (the builtin
//! `dict`, which keeps order) and `defaultdict`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::format::repr;
use crate::interp::Interp;
use crate::value::*;

/// `collections`, with `namedtuple` from the Python module that implements it.
pub(super) fn collections(interp: &mut Interp) -> EvalResult<Module> {
    let named_tuple = interp.import_module("_namedtuple")?;
    let namedtuple = interp.get_attr(&named_tuple, "namedtuple")?;
    Ok(Module::new(
        "collections",
        [
            ("namedtuple", namedtuple),
            (
                "OrderedDict",
                interp.builtins.get("dict").cloned().unwrap_or(Value::None),
            ),
            (
                "defaultdict",
                Value::native("defaultdict", |_, a| {
                    Ok(Value::host(DefaultDict {
                        factory: a.positional.first().cloned().unwrap_or(Value::None),
                        dict: Rc::new(RefCell::new(Dict::new())),
                    }))
                }),
            ),
        ],
    ))
}

/// `collections.defaultdict(factory)`.
struct DefaultDict {
    factory: Value,
    dict: Rc<RefCell<Dict>>,
}

impl HostObject for DefaultDict {
    fn type_name(&self) -> String {
        "defaultdict".into()
    }
    fn get_item(self: Rc<Self>, it: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        let found = self
            .dict
            .borrow()
            .get(key)
            .map_err(|m| it.type_error(m))?
            .cloned();
        match found {
            Some(v) => Ok(Some(v)),
            None => {
                if self.factory.is_none() {
                    return Err(it.key_error(key));
                }
                let v = it.call(&self.factory, Args::default())?;
                self.dict
                    .borrow_mut()
                    .insert(key.clone(), v.clone())
                    .map_err(|m| it.type_error(m))?;
                Ok(Some(v))
            }
        }
    }
    fn set_item(&self, it: &mut Interp, key: Value, value: Value) -> EvalResult<bool> {
        self.dict
            .borrow_mut()
            .insert(key, value)
            .map_err(|m| it.type_error(m))?;
        Ok(true)
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.dict.borrow().keys()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.dict.borrow().len())
    }
    fn get_attr(self: Rc<Self>, it: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        // The methods of the underlying dict.
        let d = Value::Dict(self.dict.clone());
        it.get_attr_opt(&d, name)
    }
    fn repr(&self) -> String {
        format!(
            "defaultdict({}, {})",
            repr(&self.factory),
            repr(&Value::Dict(self.dict.clone()))
        )
    }
}
