//! Names and targets: loading and storing a name (by its AST hint, in locals, globals or
//! builtins), assignment to targets, and `del`.

use ruff_python_ast::{self as ast, Expr};

use super::Interp;
use crate::builtins;
use crate::value::*;

impl Interp {
    pub(crate) fn store_name(&mut self, name: &str, v: Value) {
        let f = self.frame();
        if !f.is_module && f.locals.global_names.borrow().iter().any(|n| &**n == name) {
            f.globals.set(name, v);
            return;
        }
        if f.locals
            .nonlocal_names
            .borrow()
            .iter()
            .any(|n| &**n == name)
        {
            let mut scope = f.locals.parent.clone();
            while let Some(s) = scope {
                if s.vars.borrow().contains_key(name) {
                    s.set(name, v);
                    return;
                }
                scope = s.parent.clone();
            }
        }
        f.locals.set(name, v);
    }

    /// `store_name` of a name in the source, through its node's hint (see `Scope::set_hinted`).
    fn store_name_at(&mut self, n: &ast::ExprName, v: Value) {
        let f = self.frame();
        let name = n.id.as_str();
        if f.locals.global_names.borrow().is_empty() && f.locals.nonlocal_names.borrow().is_empty()
        {
            f.locals.set_hinted(name, v, &n.node_index);
        } else {
            self.store_name(name, v);
        }
    }

    /// `load_name` of a name in the source, through its node's hint (see `Scope::get_hinted`).
    /// In a function (not nested in another), a name the function does not bind is found in
    /// the globals without asking the locals, and a name it binds but has not bound yet
    /// raises `UnboundLocalError`, as in Python.
    pub(super) fn load_name_at(&mut self, n: &ast::ExprName) -> EvalResult {
        let f = self.frame();
        let name = n.id.as_str();
        let Some(func) = f.func.as_ref().filter(|_| f.locals.parent.is_none()) else {
            if let Some(v) = f.locals.get_hinted(name, &n.node_index) {
                return Ok(v);
            }
            return self.at_name(n, |it| it.load_name(name));
        };
        let global = match read_hint(&n.node_index) {
            Some((true, i)) => {
                if let Some(v) = f.globals.get_at(name, i) {
                    return Ok(v);
                }
                true
            }
            _ => {
                if let Some(v) = f.locals.get_hinted(name, &n.node_index) {
                    return Ok(v);
                }
                false
            }
        };
        if !global && func.local_names().contains(name) {
            self.cur_range = n.range;
            return Err(self.exc(
                "UnboundLocalError",
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            ));
        }
        let found = f.globals.get_full(name);
        set_global_hint(&n.node_index, found.as_ref().map(|(i, _)| *i));
        match found {
            Some((_, v)) => Ok(v),
            None => self.at_name(n, |it| it.load_builtin(name)),
        }
    }

    /// A lookup whose error (a missing name) points at the name, not at its statement.
    fn at_name(
        &mut self,
        n: &ast::ExprName,
        f: impl FnOnce(&mut Self) -> EvalResult,
    ) -> EvalResult {
        let statement = std::mem::replace(&mut self.cur_range, n.range);
        let v = f(self)?;
        self.cur_range = statement;
        Ok(v)
    }

    fn load_name(&mut self, name: &str) -> EvalResult {
        let f = self.frame();
        if let Some(v) = f.locals.get(name) {
            return Ok(v);
        }
        let mut scope = if f.is_class {
            f.closure.clone()
        } else {
            f.locals.parent.clone()
        };
        while let Some(s) = scope {
            if let Some(v) = s.get(name) {
                return Ok(v);
            }
            scope = s.parent.clone();
        }
        if let Some(v) = f.globals.get(name) {
            return Ok(v);
        }
        self.load_builtin(name)
    }

    fn load_builtin(&self, name: &str) -> EvalResult {
        if let Some(v) = self.builtins.get(name) {
            return Ok(v.clone());
        }
        if let Some(hint) = builtins::missing_builtin_hint(name) {
            return Err(self.unsupported(format!("builtin `{name}` is not available"), Some(hint)));
        }
        Err(self.exc("NameError", format!("name '{name}' is not defined")))
    }

    pub(super) fn assign(&mut self, target: &Expr, v: Value) -> EvalResult<()> {
        match target {
            Expr::Name(n) => {
                self.store_name_at(n, v);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = self.iterate(&v)?;
                if let Some(star) = elts.iter().position(|e| e.is_starred_expr()) {
                    let after = elts.len() - star - 1;
                    if items.len() < elts.len() - 1 {
                        return Err(self.value_error(format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            elts.len() - 1,
                            items.len()
                        )));
                    }
                    for (t, item) in elts[..star].iter().zip(&items) {
                        self.assign(t, item.clone())?;
                    }
                    let middle = items[star..items.len() - after].to_vec();
                    if let Expr::Starred(s) = &elts[star] {
                        self.assign(&s.value, Value::list(middle))?;
                    }
                    for (t, item) in elts[star + 1..].iter().zip(&items[items.len() - after..]) {
                        self.assign(t, item.clone())?;
                    }
                    return Ok(());
                }
                if items.len() != elts.len() {
                    return Err(self.value_error(if items.len() > elts.len() {
                        format!("too many values to unpack (expected {})", elts.len())
                    } else {
                        format!(
                            "not enough values to unpack (expected {}, got {})",
                            elts.len(),
                            items.len()
                        )
                    }));
                }
                for (t, item) in elts.iter().zip(items) {
                    self.assign(t, item)?;
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                self.set_attr(&obj, a.attr.as_str(), v)
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                self.set_item(&obj, key, v)
            }
            _ => Err(self.unsupported("assignment to this kind of target", None)),
        }
    }

    pub(super) fn delete(&mut self, target: &Expr) -> EvalResult<()> {
        match target {
            Expr::Name(n) => {
                let f = self.frame();
                if f.locals
                    .vars
                    .borrow_mut()
                    .shift_remove(n.id.as_str())
                    .is_none()
                {
                    return Err(self.exc("NameError", format!("name '{}' is not defined", n.id)));
                }
                Ok(())
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                match &obj {
                    Value::Dict(d) => {
                        let hk = self.hash_key(&key)?;
                        let removed = d.borrow_mut().remove_hashed(&hk);
                        match removed {
                            Some(_) => Ok(()),
                            None => Err(self.key_error(&key)),
                        }
                    }
                    Value::List(l) => {
                        let len = l.borrow().len();
                        let i = self.index(&key, len, "list assignment")?;
                        l.borrow_mut().remove(i);
                        Ok(())
                    }
                    Value::Instance(_) | Value::Host(_)
                        if self
                            .call_special(&obj, "__delitem__", vec![key.clone()])?
                            .is_some() =>
                    {
                        Ok(())
                    }
                    _ => Err(self.type_error(format!(
                        "'{}' object does not support item deletion",
                        obj.type_name()
                    ))),
                }
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(e)?;
                }
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                self.cur_range = a.range;
                self.del_attr(&obj, a.attr.as_str())
            }
            _ => Err(self.unsupported("deletion of this kind of target", None)),
        }
    }
}
