//! Classes as CPython makes them: the `class` statement (bases, `__mro_entries__`, the
//! metaclass, the body's namespace with `__module__`, `__qualname__` and `__annotations__`),
//! `type.__new__` (C3 MRO, `__set_name__`, `__init_subclass__`), calling a class
//! (`__new__`, `__init__`, a metaclass's `__call__`), and host classes as bases.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::object::is_object;
use super::{Frame, Interp, Unwind};
use crate::descriptors::{ClassMethod, StaticMethod};
use crate::value::*;

/// A class with one base (the builtin exceptions, the host's exception classes).
pub(crate) fn simple_class(name: &str, base: Rc<Class>, attrs: Map<Str, Value>) -> Rc<Class> {
    let tail = base.mro();
    Rc::new(Class::raw(name, name, vec![base], tail, attrs))
}

/// The `__classcell__` entry of a class namespace handed to a metaclass: `type.__new__`
/// sets the cell to the class it makes, as CPython does.
pub(crate) struct ClassCellValue(pub(crate) ClassCell);

impl HostObject for ClassCellValue {
    fn type_name(&self) -> String {
        "cell".into()
    }
}

/// Whether a class body (not the bodies of functions or classes in it) annotates a name.
fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::If(i) => {
            has_annotations(&i.body) || i.elif_else_clauses.iter().any(|c| has_annotations(&c.body))
        }
        Stmt::For(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::While(w) => has_annotations(&w.body) || has_annotations(&w.orelse),
        Stmt::With(w) => has_annotations(&w.body),
        Stmt::Try(t) => {
            has_annotations(&t.body)
                || has_annotations(&t.orelse)
                || has_annotations(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    has_annotations(&h.body)
                })
        }
        _ => false,
    })
}

impl Interp {
    /// The `class` statement.
    pub(super) fn exec_class(&mut self, c: &ast::StmtClassDef) -> EvalResult<()> {
        let mut decorators = Vec::with_capacity(c.decorator_list.len());
        for d in &c.decorator_list {
            decorators.push(self.eval(&d.expression)?);
        }
        let mut bases = Vec::new();
        let mut kwargs: Vec<(Str, Value)> = Vec::new();
        let mut explicit_meta = None;
        if let Some(args) = &c.arguments {
            for b in args.args.iter() {
                if let Expr::Starred(s) = b {
                    let v = self.eval(&s.value)?;
                    bases.extend(self.iterate(&v)?);
                } else {
                    bases.push(self.eval(b)?);
                }
            }
            for k in args.keywords.iter() {
                let v = self.eval(&k.value)?;
                match &k.arg {
                    Some(n) if n.as_str() == "metaclass" => explicit_meta = Some(v),
                    Some(n) => kwargs.push((Rc::from(n.as_str()), v)),
                    None => {
                        for (key, value) in self.dict_items(&v)? {
                            match key {
                                Value::Str(s) if &*s == "metaclass" => explicit_meta = Some(value),
                                Value::Str(s) => kwargs.push((s, value)),
                                _ => return Err(self.type_error("keywords must be strings")),
                            }
                        }
                    }
                }
            }
        }
        self.cur_range = c.range;
        let (bases, orig_bases) = self.resolve_mro_entries(bases)?;
        let meta = self.calculate_meta(explicit_meta, &bases)?;
        let f = self.frame();
        let qualname = f.child_qualname(c.name.as_str());
        let module_name = f.globals.get("__name__").unwrap_or(Value::str("builtins"));
        let class_scope = Rc::new(Scope {
            parent: Some(f.locals.clone()),
            ..Default::default()
        });
        let closure = if f.is_module {
            None
        } else {
            f.closure.clone().or(Some(f.locals.clone()))
        };
        class_scope.set("__module__", module_name);
        class_scope.set("__qualname__", Value::Str(qualname.clone()));
        if let Some(doc) = super::docstring(&c.body) {
            class_scope.set("__doc__", Value::str(&doc));
        }
        if has_annotations(&c.body) {
            class_scope.set("__annotations__", Value::dict(Dict::new()));
        }
        let cell: ClassCell = Rc::new(RefCell::new(Weak::new()));
        let frame = Frame {
            locals: class_scope.clone(),
            globals: f.globals.clone(),
            is_module: false,
            is_class: true,
            function: Rc::from(c.name.as_str()),
            module: f.module.clone(),
            closure,
            func: None,
            class_cell: Some(cell.clone()),
            qualname: Some(qualname),
        };
        self.frames.push(frame);
        let r = self.exec_block(&c.body);
        self.frames.pop();
        r?;
        self.cur_range = c.range;
        let mut ns = std::mem::take(&mut *class_scope.vars.borrow_mut());
        if let Some(orig) = orig_bases {
            ns.insert(Rc::from("__orig_bases__"), Value::tuple(orig));
        }
        let name = c.name.as_str();
        let mut v = match &meta {
            Value::Class(m) if Rc::ptr_eq(m, &self.type_class) => {
                Value::Class(self.type_new(None, name, bases, ns, kwargs, Some(cell))?)
            }
            _ => {
                ns.insert(Rc::from("__classcell__"), Value::host(ClassCellValue(cell)));
                let mut d = Dict::with_capacity(ns.len());
                for (k, v) in ns {
                    d.insert_str(&k, v);
                }
                let args = Args {
                    positional: vec![Value::str(name), Value::tuple(bases), Value::dict(d)],
                    keywords: kwargs,
                };
                self.call(&meta, args)?
            }
        };
        for dec in decorators.iter().rev() {
            v = self.call(dec, Args::new(vec![v]))?;
        }
        self.store_name(name, v);
        Ok(())
    }

    /// An annotated assignment's annotation, recorded in `__annotations__` at module and
    /// class level as CPython records it: evaluated, or (under `from __future__ import
    /// annotations`) its source as a string. Function bodies record nothing.
    pub(super) fn annotate(&mut self, s: &ast::StmtAnnAssign) -> EvalResult<()> {
        let f = self.frame();
        if !(f.is_module || f.is_class) {
            return Ok(());
        }
        let name = match (&*s.target, s.simple) {
            (Expr::Name(n), true) => Some(n.id.as_str()),
            _ => None,
        };
        let value = if f.module.future_annotations {
            match name {
                Some(_) => Value::str(&crate::typing::unparse(&s.annotation)),
                None => return Ok(()),
            }
        } else {
            let v = self.eval(&s.annotation)?;
            if name.is_none() {
                return Ok(());
            }
            v
        };
        let Some(name) = name else { return Ok(()) };
        let locals = self.frame().locals.clone();
        let ann = match locals.get("__annotations__") {
            Some(v) => v,
            None => {
                let d = Value::dict(Dict::new());
                locals.set("__annotations__", d.clone());
                d
            }
        };
        self.cur_range = s.range;
        self.set_item(&ann, Value::str(name), value)
    }

    /// A dict (a class namespace handed to `type.__new__`) as a class dict.
    pub(super) fn namespace_of(&mut self, ns: &Value) -> EvalResult<Map<Str, Value>> {
        let mut out = Map::default();
        for (k, v) in self.dict_items(ns)? {
            if let Value::Str(k) = k {
                out.insert(k, v);
            }
        }
        Ok(out)
    }

    /// Bases that are not classes but have `__mro_entries__` (`Generic[T]`,
    /// `TypeDecorator[dict]`) replaced by their entries; the original bases when any was.
    fn resolve_mro_entries(
        &mut self,
        bases: Vec<Value>,
    ) -> EvalResult<(Vec<Value>, Option<Vec<Value>>)> {
        if !bases.iter().any(crate::typing::has_mro_entries) {
            return Ok((bases, None));
        }
        let mut out = Vec::with_capacity(bases.len());
        for (i, b) in bases.iter().enumerate() {
            match crate::typing::mro_entries(self, b, &bases[i + 1..])? {
                Some(entries) => out.extend(entries),
                None => out.push(b.clone()),
            }
        }
        Ok((out, Some(bases)))
    }

    /// The most derived metaclass of the explicit one and the bases' ones.
    fn calculate_meta(&mut self, explicit: Option<Value>, bases: &[Value]) -> EvalResult<Value> {
        let mut winner = match explicit {
            Some(Value::Class(c)) => c,
            // A function used as a metaclass is called as it is.
            Some(other) => return Ok(other),
            None => self.type_class.clone(),
        };
        for b in bases {
            let Value::Class(c) = b else { continue };
            let bm = c.meta.clone().unwrap_or_else(|| self.type_class.clone());
            if winner.is_subclass_of(&bm) {
                continue;
            }
            if bm.is_subclass_of(&winner) {
                winner = bm;
                continue;
            }
            return Err(self.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
        Ok(Value::Class(winner))
    }

    /// The stand-in class of a host class used as a base (one per host object, so that the
    /// MRO and `isinstance` see the same class).
    pub(crate) fn host_class(&mut self, h: &Rc<dyn HostObject>) -> EvalResult<Rc<Class>> {
        let key = Rc::as_ptr(h) as *const u8 as usize;
        if let Some(c) = self.host_classes.get(&key) {
            return Ok(c.clone());
        }
        let text = |it: &mut Interp, name: &str| -> EvalResult<Option<Str>> {
            Ok(match h.clone().get_attr(it, name)? {
                Some(Value::Str(s)) => Some(s),
                _ => None,
            })
        };
        let name = text(self, "__name__")?
            .unwrap_or_else(|| Rc::from(unqualified(&h.type_name()).to_owned()));
        let qualname = text(self, "__qualname__")?.unwrap_or_else(|| name.clone());
        let mut attrs = Map::default();
        if let Some(m) = text(self, "__module__")? {
            attrs.insert(Rc::from("__module__"), Value::Str(m));
        }
        let object = self.object.clone();
        let mut c = Class::raw(&name, &qualname, vec![object.clone()], vec![object], attrs);
        c.host = Some(h.clone());
        let c = Rc::new(c);
        self.host_classes.insert(key, c.clone());
        Ok(c)
    }

    /// What `type.__new__(meta, name, bases, ns, **kwargs)` does: the class, its MRO, the
    /// implicit class- and static methods, `__set_name__` and `__init_subclass__`.
    pub(crate) fn type_new(
        &mut self,
        meta: Option<Rc<Class>>,
        name: &str,
        bases: Vec<Value>,
        mut ns: Map<Str, Value>,
        kwargs: Vec<(Str, Value)>,
        cell: Option<ClassCell>,
    ) -> EvalResult<Rc<Class>> {
        let mut class_bases: Vec<Rc<Class>> = Vec::with_capacity(bases.len());
        let mut str_mixin = false;
        let mut int_mixin = false;
        for b in bases {
            match b {
                Value::Class(c) => class_bases.push(c),
                Value::Host(h) => class_bases.push(self.host_class(&h)?),
                // Builtin types as bases are mixins the interpreter does not model, except
                // `str` and `int` for enums (members compare and hash as their values).
                Value::Native(n) if n.kind == NativeKind::Type => {
                    str_mixin |= &*n.name == "str";
                    int_mixin |= &*n.name == "int";
                }
                other => {
                    return Err(self.type_error(format!("cannot subclass '{}'", other.type_name())));
                }
            }
        }
        for (i, b) in class_bases.iter().enumerate() {
            if class_bases[..i].iter().any(|x| Rc::ptr_eq(x, b)) {
                return Err(self.type_error(format!("duplicate base class {}", b.name)));
            }
        }
        if class_bases.is_empty() {
            class_bases.push(self.object.clone());
        }
        let mro_tail = match self.c3_merge(&class_bases)? {
            Ok(tail) => tail,
            Err(heads) => {
                let names: Vec<&str> = heads.iter().map(|b| &*b.name).collect();
                return Err(self.type_error(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                )));
            }
        };
        self.alloc(mro_tail.len() * 8 + ns.len() * 16)?;
        let is_enum = class_bases.iter().any(|b| b.is_enum);
        let qualname = match ns.shift_remove("__qualname__") {
            Some(Value::Str(s)) => s.to_string(),
            _ => name.to_owned(),
        };
        let cell = match ns.shift_remove("__classcell__") {
            Some(v) => v.downcast_host::<ClassCellValue>().map(|c| c.0.clone()),
            None => cell,
        };
        if !ns.contains_key("__module__")
            && let Some(m) = self.frames.last().and_then(|f| f.globals.get("__name__"))
        {
            ns.insert(Rc::from("__module__"), m);
        }
        if !ns.contains_key("__doc__") {
            ns.insert(Rc::from("__doc__"), Value::None);
        }
        for special in ["__init_subclass__", "__class_getitem__"] {
            if let Some(f @ Value::Function(_)) = ns.get(special).cloned() {
                ns.insert(Rc::from(special), Value::host(ClassMethod(f)));
            }
        }
        if let Some(f @ Value::Function(_)) = ns.get("__new__").cloned() {
            ns.insert(Rc::from("__new__"), Value::host(StaticMethod(f)));
        }
        if ns.contains_key("__eq__") && !ns.contains_key("__hash__") {
            ns.insert(Rc::from("__hash__"), Value::None);
        }
        if str_mixin {
            ns.insert(Rc::from("__str_mixin__"), Value::Bool(true));
        }
        if int_mixin {
            ns.insert(Rc::from("__int_mixin__"), Value::Bool(true));
        }
        let mut class = Class::raw(name, &qualname, class_bases, mro_tail, Map::default());
        class.is_enum = is_enum;
        class.meta = meta;
        let class = Rc::new(class);
        if is_enum {
            crate::stdlib::build_enum(self, &class, ns)?;
        } else {
            *class.attrs.borrow_mut() = ns;
        }
        if let Some(cell) = cell {
            *cell.borrow_mut() = Rc::downgrade(&class);
        }
        let items: Vec<(Str, Value)> = class
            .attrs
            .borrow()
            .iter()
            .filter(|(_, v)| matches!(v, Value::Host(_) | Value::Instance(_)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in items {
            match &v {
                Value::Host(h) => h.clone().set_name(self, &class, &k)?,
                _ => {
                    if let Some(f) = self.special(&v, "__set_name__") {
                        self.call_bound(&f, &v, vec![Value::Class(class.clone()), Value::Str(k)])?;
                    }
                }
            }
        }
        self.init_subclass(&class, kwargs)?;
        Ok(class)
    }

    /// C3 linearisation of `bases` (their MROs and their order): the MRO after the class,
    /// or, when there is no consistent order, the classes in conflict (as CPython names
    /// them). The work is counted against the step budget: a hostile hierarchy (thousands
    /// of classes deep) ends with the budget, not in a long pause.
    fn c3_merge(&mut self, bases: &[Rc<Class>]) -> EvalResult<Merged> {
        if let [base] = bases {
            self.charge(base.mro_tail.len() as u64 / 2)?;
            return Ok(Ok(base.mro()));
        }
        let mut seqs: Vec<std::collections::VecDeque<Rc<Class>>> =
            bases.iter().map(|b| b.mro().into()).collect();
        seqs.push(bases.iter().cloned().collect());
        let mut out: Vec<Rc<Class>> = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(Ok(out));
            }
            let work: usize = seqs.iter().map(|s| s.len()).sum();
            self.charge((work * seqs.len()) as u64 / 2)?;
            let found = seqs.iter().map(|s| &s[0]).find(|cand| {
                !seqs
                    .iter()
                    .any(|t| t.iter().skip(1).any(|x| Rc::ptr_eq(x, cand)))
            });
            let Some(candidate) = found else {
                let mut heads: Vec<Rc<Class>> = Vec::new();
                for s in &seqs {
                    if !heads.iter().any(|h| Rc::ptr_eq(h, &s[0])) {
                        heads.push(s[0].clone());
                    }
                }
                return Ok(Err(heads));
            };
            let c = candidate.clone();
            for s in seqs.iter_mut() {
                if Rc::ptr_eq(&s[0], &c) {
                    s.pop_front();
                }
            }
            out.push(c);
        }
    }

    /// `super(cls, cls).__init_subclass__(**kwargs)`.
    fn init_subclass(&mut self, class: &Rc<Class>, kwargs: Vec<(Str, Value)>) -> EvalResult<()> {
        if let Some(f) = self.super_lookup(class, class, None, "__init_subclass__")? {
            self.call(
                &f,
                Args {
                    positional: Vec::new(),
                    keywords: kwargs,
                },
            )?;
        }
        Ok(())
    }

    /// Calling a class: its metaclass's `__call__`, else `type.__call__`.
    pub(crate) fn call_class(&mut self, cls: &Rc<Class>, mut args: Args) -> EvalResult {
        if Rc::ptr_eq(cls, &self.type_class) {
            return match (args.positional.len(), args.keywords.is_empty()) {
                (1, true) => Ok(self.type_of(&args.positional[0])),
                (3, _) => {
                    let bases = args.positional[1].clone();
                    let bases = self.iterate(&bases)?;
                    match self.calculate_meta(None, &bases)? {
                        Value::Class(m) if Rc::ptr_eq(&m, &self.type_class) => {
                            let Value::Str(name) = args.positional[0].clone() else {
                                return Err(
                                    self.type_error("type.__new__() argument 1 must be str")
                                );
                            };
                            let ns = args.positional[2].clone();
                            let ns = self.namespace_of(&ns)?;
                            Ok(Value::Class(self.type_new(
                                None,
                                &name,
                                bases,
                                ns,
                                args.keywords,
                                None,
                            )?))
                        }
                        meta => self.call(&meta, args),
                    }
                }
                _ => Err(self.type_error("type() takes 1 or 3 arguments")),
            };
        }
        if let Some(meta) = &cls.meta
            && let Some((f, owner)) = meta.lookup_with_owner("__call__")
            && !std::ptr::eq(owner, &*self.type_class)
        {
            args.positional.insert(0, Value::Class(cls.clone()));
            return self.call(&f, args);
        }
        self.type_call(cls, args)
    }

    /// `type.__call__(cls, *args, **kwargs)`: `__new__`, then `__init__` if the result is an
    /// instance of `cls`.
    pub(crate) fn type_call(&mut self, cls: &Rc<Class>, args: Args) -> EvalResult {
        if cls.is_enum {
            return crate::stdlib::enum_lookup(self, cls, args);
        }
        if cls.flags(self.class_epoch) & ClassFlags::HOST != 0
            && let Some(h) = cls.mro_iter().find_map(|c| c.host.clone())
            && !cls
                .mro_iter()
                .take_while(|c| c.host.is_none())
                .any(|c| c.attrs.borrow().contains_key("__new__"))
        {
            // The host makes the instance, or a plain one is made; either way the first
            // Python `__init__` before the host class runs, and the arguments are the
            // host's business when there is none (as for a host class called directly).
            let obj = match h.instantiate(self, cls, &args)? {
                Some(obj) => obj,
                None => {
                    self.alloc(64)?;
                    Value::Instance(Rc::new(Instance::new(cls.clone())))
                }
            };
            let init = cls
                .mro_iter()
                .take_while(|c| c.host.is_none())
                .find_map(|c| c.attrs.borrow().get("__init__").cloned());
            if let Some(init) = init {
                self.call_init(&init, &obj, args)?;
            }
            return Ok(obj);
        }
        let new = cls
            .lookup_with_owner("__new__")
            .map(|(v, o)| (v, is_object(o)));
        let init = cls
            .lookup_with_owner("__init__")
            .map(|(v, o)| (v, is_object(o)));
        if let Some((new, false)) = new {
            let f = self.bind(new, None, &Value::Class(cls.clone()))?;
            let mut a = args.clone();
            a.positional.insert(0, Value::Class(cls.clone()));
            let obj = self.call(&f, a)?;
            if self.is_instance_of_class(&obj, cls)
                && let Some((init, false)) = init
            {
                self.call_init(&init, &obj, args)?;
            }
            return Ok(obj);
        }
        // `object.__new__`: the common case, without looking `__new__` up again.
        let excess = !args.positional.is_empty() || !args.keywords.is_empty();
        let obj = match init {
            Some((_, false)) => {
                self.alloc(64)?;
                Value::Instance(Rc::new(Instance::new(cls.clone())))
            }
            _ if excess => {
                return Err(self.type_error(format!("{}() takes no arguments", cls.name)));
            }
            _ => {
                self.alloc(64)?;
                return Ok(Value::Instance(Rc::new(Instance::new(cls.clone()))));
            }
        };
        if let Some((init, false)) = init {
            self.call_init(&init, &obj, args)?;
        }
        Ok(obj)
    }

    fn call_init(&mut self, init: &Value, obj: &Value, mut args: Args) -> EvalResult<()> {
        let r = match init {
            Value::Function(f) => {
                args.positional.insert(0, obj.clone());
                self.call_function(f, args)?
            }
            other => {
                let bound = self.bind(other.clone(), Some(obj), &self.type_of(obj))?;
                self.call(&bound, args)?
            }
        };
        if !r.is_none() {
            return Err(self.type_error(format!(
                "__init__() should return None, not '{}'",
                r.type_name()
            )));
        }
        Ok(())
    }

    /// `object.__new__(cls)`, with CPython's checks of extra arguments.
    pub(crate) fn object_new(&mut self, cls: &Rc<Class>, args: &Args) -> EvalResult {
        if !args.positional.is_empty() || !args.keywords.is_empty() {
            if cls
                .lookup_with_owner("__new__")
                .is_some_and(|(_, o)| !is_object(o))
            {
                return Err(self.type_error(
                    "object.__new__() takes exactly one argument (the type to instantiate)",
                ));
            }
            if cls
                .lookup_with_owner("__init__")
                .is_none_or(|(_, o)| is_object(o))
            {
                return Err(self.type_error(format!("{}() takes no arguments", cls.name)));
            }
        }
        self.alloc(64)?;
        Ok(Value::Instance(Rc::new(Instance::new(cls.clone()))))
    }

    /// `isinstance(obj, cls)` for a Python class, through the MRO (and metaclasses, for
    /// classes).
    pub(crate) fn is_instance_of_class(&self, obj: &Value, cls: &Class) -> bool {
        match obj {
            Value::Instance(i) => i.class.is_subclass_of(cls),
            Value::Class(c) => match &c.meta {
                Some(m) => m.is_subclass_of(cls),
                None => self.type_class.is_subclass_of(cls),
            },
            Value::Native(n) if n.kind == NativeKind::Type => self.type_class.is_subclass_of(cls),
            Value::Host(h) => match h.instance_class() {
                Some(c) => c.is_subclass_of(cls),
                None => std::ptr::eq(cls, &*self.object),
            },
            _ => std::ptr::eq(cls, &*self.object),
        }
    }

    /// `cls[key]`: an enum member, `__class_getitem__`, or the metaclass's `__getitem__`.
    pub(crate) fn class_getitem(&mut self, c: &Rc<Class>, key: &Value) -> EvalResult {
        let cls = Value::Class(c.clone());
        if c.is_enum {
            return match key {
                Value::Str(name) => match c.attrs.borrow().get(&**name) {
                    Some(v) => Ok(v.clone()),
                    None => Err(self.key_error(key)),
                },
                _ => Err(self.key_error(key)),
            };
        }
        if let Some(f) = c.lookup("__class_getitem__") {
            let f = self.bind(f, None, &cls)?;
            return self.call(&f, Args::new(vec![key.clone()]));
        }
        if let Some(m) = &c.meta
            && let Some(f) = m.lookup("__getitem__")
        {
            return self.call_bound(&f, &cls, vec![key.clone()]);
        }
        if c.host.is_some() || c.mro_tail.iter().any(|b| b.host.is_some()) {
            return Ok(crate::typing::generic_alias(cls, key));
        }
        // `type[Exception]`: `type` is generic (`types.GenericAlias`), as the builtin
        // containers are.
        if &*c.name == "type"
            && self
                .builtins
                .get("type")
                .is_some_and(|t| matches!(t, Value::Class(b) if Rc::ptr_eq(b, c)))
        {
            return Ok(crate::typing::types_alias(cls, key));
        }
        Err(self.type_error(format!("type '{}' is not subscriptable", c.name)))
    }
}

/// The MRO after a class, or the classes whose order conflicts.
type Merged = Result<Vec<Rc<Class>>, Vec<Rc<Class>>>;

/// Unwinds of `AttributeError` as "not found".
pub(crate) fn attribute_missing(
    it: &Interp,
    r: EvalResult<Option<Value>>,
) -> EvalResult<Option<Value>> {
    match r {
        Err(Unwind::Exception(e)) if it.is_instance_of_exc(&e.value, "AttributeError") => Ok(None),
        other => other,
    }
}
