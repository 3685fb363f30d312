//! Reading Python call arguments in host functions: positional-or-keyword parameters,
//! keyword-only ones, and the values revision files pass (names, `op.f()` names, column
//! objects).

use retort_pyscript::{Args, EvalResult, Interp, Value};

/// A function's parameters bound from a call, Python style.
pub struct Bound {
    pub func: &'static str,
    values: Vec<Option<Value>>,
    names: &'static [&'static str],
    /// `*args` beyond the named positional parameters.
    pub rest: Vec<Value>,
    /// `**kw` not matching a parameter.
    pub extra: Vec<(String, Value)>,
}

impl Bound {
    /// Binds `args` to `names` (all positional-or-keyword). Extra positional arguments go
    /// to `rest` when `varargs`, else raise `TypeError`; unknown keywords go to `extra`.
    pub fn new(
        interp: &Interp,
        func: &'static str,
        names: &'static [&'static str],
        args: Args,
        varargs: bool,
    ) -> EvalResult<Bound> {
        let mut values: Vec<Option<Value>> = vec![None; names.len()];
        let mut rest = Vec::new();
        for (i, v) in args.positional.into_iter().enumerate() {
            if i < names.len() {
                values[i] = Some(v);
            } else if varargs {
                rest.push(v);
            } else {
                return Err(interp.type_error(format!(
                    "{func}() takes {} positional arguments but more were given",
                    names.len()
                )));
            }
        }
        let mut extra = Vec::new();
        for (k, v) in args.keywords {
            match names.iter().position(|n| **n == *k) {
                Some(i) => {
                    if values[i].is_some() {
                        return Err(interp.type_error(format!(
                            "{func}() got multiple values for argument '{k}'"
                        )));
                    }
                    values[i] = Some(v)
                }
                None => extra.push((k.to_string(), v)),
            }
        }
        Ok(Bound {
            func,
            values,
            names,
            rest,
            extra,
        })
    }

    fn index(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("{} has no parameter {name}", self.func))
    }

    /// The argument, unless missing or `None`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values[self.index(name)]
            .as_ref()
            .filter(|v| !v.is_none())
    }

    /// The argument as given (`None` included).
    pub fn given(&self, name: &str) -> Option<&Value> {
        self.values[self.index(name)].as_ref()
    }

    pub fn required(&self, interp: &Interp, name: &str) -> EvalResult<&Value> {
        self.values[self.index(name)].as_ref().ok_or_else(|| {
            interp.type_error(format!(
                "{}() missing 1 required positional argument: '{name}'",
                self.func
            ))
        })
    }

    pub fn str(&self, interp: &Interp, name: &str) -> EvalResult<Option<String>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => name_of(v).map(|n| Some(n.0)).ok_or_else(|| {
                interp.type_error(format!(
                    "{}(): argument '{name}' must be a string, not {}",
                    self.func,
                    v.type_name()
                ))
            }),
        }
    }

    pub(crate) fn required_str(&self, interp: &Interp, name: &str) -> EvalResult<String> {
        let v = self.required(interp, name)?;
        name_of(v).map(|n| n.0).ok_or_else(|| {
            interp.type_error(format!(
                "{}(): argument '{name}' must be a string, not {}",
                self.func,
                v.type_name()
            ))
        })
    }

    pub fn bool(&self, interp: &mut Interp, name: &str) -> EvalResult<Option<bool>> {
        match self.get(name).cloned() {
            None => Ok(None),
            Some(v) => interp.truthy(&v).map(Some),
        }
    }

    pub fn int(&self, interp: &Interp, name: &str) -> EvalResult<Option<i64>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.as_int().map(Some).ok_or_else(|| {
                interp.type_error(format!(
                    "{}(): argument '{name}' must be an int, not {}",
                    self.func,
                    v.type_name()
                ))
            }),
        }
    }

    /// A type's size argument (`length`, `precision`, `scale`): SQLAlchemy keeps whatever it
    /// is given and formats it into DDL, so a number written as a string (`String(length=
    /// "20")`) counts; another string (`Float(precision="24,8")`, which SQLite's FLOAT
    /// ignores) is dropped.
    pub fn size(&self, interp: &Interp, name: &str) -> EvalResult<Option<i64>> {
        match self.get(name) {
            Some(Value::Str(s)) => Ok(s.trim().parse().ok()),
            _ => self.int(interp, name),
        }
    }

    /// An extra keyword argument (removing it).
    pub(crate) fn take_extra(&mut self, name: &str) -> Option<Value> {
        let i = self.extra.iter().position(|(k, _)| k == name)?;
        Some(self.extra.remove(i).1)
    }
}

/// A name: a `str`, or `op.f(...)` / `conv(...)` (then `.1` is true: final, naming
/// conventions do not apply).
pub(crate) fn name_of(v: &Value) -> Option<(String, bool)> {
    match v {
        Value::Str(s) => Some((s.to_string(), false)),
        _ => v.downcast_host::<Conv>().map(|c| (c.0.clone(), true)),
    }
}

/// `op.f("name")`, SQLAlchemy's `conv`: a name used as given.
pub struct Conv(pub String);

impl retort_pyscript::HostObject for Conv {
    fn type_name(&self) -> String {
        "conv".into()
    }
    fn repr(&self) -> String {
        retort_pyscript::str_repr(&self.0)
    }
    fn to_str(&self) -> String {
        self.0.clone()
    }
    fn hash_key(&self) -> Option<retort_pyscript::HashKey> {
        Some(retort_pyscript::HashKey::Str(std::rc::Rc::from(
            self.0.as_str(),
        )))
    }
    fn binary_op(
        self: std::rc::Rc<Self>,
        _: &mut Interp,
        op: retort_pyscript::Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        use retort_pyscript::Op;
        let o = name_of(other).map(|n| n.0);
        Ok(match op {
            Op::Eq => Some(Value::Bool(o.as_deref() == Some(self.0.as_str()))),
            Op::Ne => Some(Value::Bool(o.as_deref() != Some(self.0.as_str()))),
            Op::Add => o.map(|o| Value::str(&format!("{}{o}", self.0))),
            _ => None,
        })
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.chars().count())
    }
}
