//! Expressions: `Interp::eval` and what it dispatches to (comprehensions, f-strings, ...),
//! and Python source strings evaluated as one expression (`eval()`, string annotations).

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::TextRange;

use super::{Frame, Interp, ModuleSource};
use crate::value::*;
use crate::{format, ops};

impl Interp {
    pub(crate) fn eval(&mut self, e: &Expr) -> EvalResult {
        self.check_stack()?;
        if self.nesting >= self.limits.max_nesting {
            return Err(self.limit(
                format!(
                    "nesting limit: evaluation nested more than {} levels deep (calls and expressions)",
                    self.limits.max_nesting
                ),
                "the script nests calls or expressions too deeply for the sandbox",
            ));
        }
        self.nesting += 1;
        let r = self.eval_nested(e);
        self.nesting -= 1;
        r
    }

    fn eval_nested(&mut self, e: &Expr) -> EvalResult {
        match e {
            Expr::Name(n) => self.load_name_at(n),
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Ok(Value::Int(v)),
                    None => Err(self.unsupported(
                        "integer literal larger than 64 bits",
                        Some("Retort's integers are 64-bit".into()),
                    )),
                },
                ast::Number::Float(f) => Ok(Value::Float(*f)),
                ast::Number::Complex { .. } => Err(self.unsupported("complex numbers", None)),
            },
            Expr::StringLiteral(s) => Ok(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b
                    .value
                    .iter()
                    .flat_map(|l| l.value.iter().copied())
                    .collect();
                Ok(Value::Bytes(Rc::from(bytes)))
            }
            Expr::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expr::NoneLiteral(_) => Ok(Value::None),
            Expr::EllipsisLiteral(_) => Ok(Value::Ellipsis),
            Expr::FString(f) => self.eval_fstring(f),
            Expr::List(l) => {
                let items = self.eval_elements(&l.elts)?;
                Ok(Value::list(items))
            }
            Expr::Tuple(t) => {
                let items = self.eval_elements(&t.elts)?;
                Ok(Value::tuple(items))
            }
            Expr::Set(s) => {
                let items = self.eval_elements(&s.elts)?;
                let mut d = Dict::new();
                for i in items {
                    let hk = self.hash_key(&i)?;
                    d.insert_hashed(hk, i, Value::None);
                }
                Ok(Value::Set(Rc::new(std::cell::RefCell::new(d))))
            }
            Expr::Dict(d) => {
                let mut out = Dict::with_capacity(d.items.len());
                for item in &d.items {
                    match &item.key {
                        Some(k) => {
                            let k = self.eval(k)?;
                            let v = self.eval(&item.value)?;
                            let hk = self.hash_key(&k)?;
                            out.insert_hashed(hk, k, v);
                        }
                        None => {
                            let other = self.eval(&item.value)?;
                            for (k, v) in self.dict_items(&other)? {
                                out.insert(k, v).map_err(|m| self.type_error(m))?;
                            }
                        }
                    }
                }
                Ok(Value::dict(out))
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                self.cur_range = a.range;
                self.get_attr(&obj, a.attr.as_str())
            }
            Expr::Subscript(s) => {
                let obj = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                self.cur_range = s.range;
                self.get_item(&obj, &key)
            }
            Expr::Slice(s) => {
                let mut part = |p: &Option<Box<Expr>>| -> EvalResult {
                    match p {
                        Some(e) => self.eval(e),
                        None => Ok(Value::None),
                    }
                };
                let lower = part(&s.lower)?;
                let upper = part(&s.upper)?;
                let step = part(&s.step)?;
                Ok(Value::Slice(Box::new((lower, upper, step))))
            }
            Expr::Call(c) => self.eval_call(c),
            Expr::BinOp(b) => {
                let l = self.eval(&b.left)?;
                let r = self.eval(&b.right)?;
                self.cur_range = b.range;
                self.binary(ops::operator(b.op), &l, &r)
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand)?;
                match u.op {
                    ast::UnaryOp::Not => Ok(Value::Bool(!self.truthy(&v)?)),
                    ast::UnaryOp::USub => self.unary(UnaryOp::Neg, &v),
                    ast::UnaryOp::UAdd => self.unary(UnaryOp::Pos, &v),
                    ast::UnaryOp::Invert => self.unary(UnaryOp::Invert, &v),
                }
            }
            Expr::BoolOp(b) => {
                let mut last = Value::None;
                for (i, e) in b.values.iter().enumerate() {
                    last = self.eval(e)?;
                    let t = self.truthy(&last)?;
                    let stop = match b.op {
                        ast::BoolOp::And => !t,
                        ast::BoolOp::Or => t,
                    };
                    if stop || i == b.values.len() - 1 {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::Compare(c) => {
                let mut left = self.eval(&c.left)?;
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    let right = self.eval(right)?;
                    self.cur_range = c.range;
                    let r = self.compare(*op, &left, &right)?;
                    // Host comparisons (SQL expressions) are not booleans: return them as is
                    // when the chain has one link.
                    if c.ops.len() == 1 {
                        return Ok(r);
                    }
                    if !self.truthy(&r)? {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Ok(Value::Bool(true))
            }
            Expr::If(i) => {
                let t = self.eval(&i.test)?;
                if self.truthy(&t)? {
                    self.eval(&i.body)
                } else {
                    self.eval(&i.orelse)
                }
            }
            Expr::Lambda(l) => {
                let empty = ast::Parameters::default();
                let params = l.parameters.as_deref().unwrap_or(&empty);
                self.make_function(
                    "<lambda>",
                    params,
                    // SAFETY: `l` is an expression of the running frame's module AST.
                    FunctionBody::Lambda(unsafe {
                        AstRef::new(self.frame().module.clone(), &*l.body)
                    }),
                    None,
                    false,
                    None,
                )
            }
            Expr::ListComp(c) => {
                let mut out = Vec::new();
                self.comprehension(&c.generators, &mut |it| {
                    let v = it.eval(&c.elt)?;
                    out.push(v);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            Expr::Generator(c) => {
                // Generators are evaluated eagerly into a list: revision files consume them
                // at once (`any(...)`, `", ".join(...)`, `list(...)`).
                let mut out = Vec::new();
                self.comprehension(&c.generators, &mut |it| {
                    let v = it.eval(&c.elt)?;
                    out.push(v);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            Expr::SetComp(c) => {
                let mut out = Dict::new();
                let mut err = None;
                self.comprehension(&c.generators, &mut |it| {
                    let v = it.eval(&c.elt)?;
                    if let Err(m) = out.insert(v, Value::None) {
                        err = Some(m);
                    }
                    Ok(())
                })?;
                if let Some(m) = err {
                    return Err(self.type_error(m));
                }
                Ok(Value::Set(Rc::new(std::cell::RefCell::new(out))))
            }
            Expr::DictComp(c) => {
                let mut out = Dict::new();
                let mut err = None;
                self.comprehension(&c.generators, &mut |it| {
                    let k = match &c.key {
                        Some(k) => it.eval(k)?,
                        None => {
                            return Err(it.unsupported("dict unpacking in a comprehension", None));
                        }
                    };
                    let v = it.eval(&c.value)?;
                    if let Err(m) = out.insert(k, v) {
                        err = Some(m);
                    }
                    Ok(())
                })?;
                if let Some(m) = err {
                    return Err(self.type_error(m));
                }
                Ok(Value::dict(out))
            }
            Expr::Named(n) => {
                let v = self.eval(&n.value)?;
                self.assign(&n.target, v.clone())?;
                Ok(v)
            }
            Expr::Await(a) => {
                let v = self.eval(&a.value)?;
                self.cur_range = a.range;
                self.await_value(&v)
            }
            Expr::Starred(_) => Err(self.unsupported("starred expression here", None)),
            _ => Err(self.unsupported("this expression", None)),
        }
    }

    fn eval_elements(&mut self, elts: &[Expr]) -> EvalResult<Vec<Value>> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e {
                let v = self.eval(&s.value)?;
                out.extend(self.iterate(&v)?);
            } else {
                out.push(self.eval(e)?);
            }
        }
        Ok(out)
    }

    /// Runs the nested loops of a comprehension in a scope of its own.
    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        body: &mut dyn FnMut(&mut Interp) -> EvalResult<()>,
    ) -> EvalResult<()> {
        let f = self.frame();
        let scope = Rc::new(Scope {
            parent: Some(if f.is_class {
                f.closure.clone().unwrap_or_else(|| f.globals.clone())
            } else {
                f.locals.clone()
            }),
            ..Default::default()
        });
        let frame = Frame {
            locals: scope,
            globals: f.globals.clone(),
            is_module: false,
            is_class: false,
            function: Rc::from("<listcomp>"),
            module: f.module.clone(),
            closure: None,
            func: f.func.clone(),
            class_cell: f.class_cell.clone(),
            qualname: f.qualname.clone(),
        };
        // The first iterable is evaluated in the enclosing scope, as in Python.
        let first_iter = self.eval(&generators[0].iter)?;
        self.frames.push(frame);
        let r = self.comprehension_level(generators, 0, Some(first_iter), body);
        self.frames.pop();
        r
    }

    fn comprehension_level(
        &mut self,
        generators: &[ast::Comprehension],
        level: usize,
        iterable: Option<Value>,
        body: &mut dyn FnMut(&mut Interp) -> EvalResult<()>,
    ) -> EvalResult<()> {
        let Some(g) = generators.get(level) else {
            return body(self);
        };
        let iterable = match iterable {
            Some(v) => v,
            None => self.eval(&g.iter)?,
        };
        let mut it = self.iter(&iterable)?;
        'items: while let Some(item) = it.next_item(self)? {
            self.step()?;
            self.assign(&g.target, item)?;
            for cond in &g.ifs {
                let c = self.eval(cond)?;
                if !self.truthy(&c)? {
                    continue 'items;
                }
            }
            self.comprehension_level(generators, level + 1, None, body)?;
        }
        Ok(())
    }

    fn eval_fstring(&mut self, f: &ast::ExprFString) -> EvalResult {
        let mut out = String::with_capacity(64);
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => out.push_str(&l.value),
                ast::FStringPart::FString(fs) => self.fstring_elements(&fs.elements, &mut out)?,
            }
        }
        self.alloc(out.len())?;
        Ok(Value::str(&out))
    }

    fn fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        out: &mut String,
    ) -> EvalResult<()> {
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let v = self.eval(&i.expression)?;
                    if let Some(debug) = &i.debug_text {
                        out.push_str(debug.leading());
                        out.push_str(debug.expression());
                        out.push_str(debug.trailing());
                    }
                    let v = match i.conversion {
                        ast::ConversionFlag::Repr | ast::ConversionFlag::Ascii => {
                            Value::str(&self.repr_of(&v)?)
                        }
                        ast::ConversionFlag::Str => Value::str(&self.str_of(&v)?),
                        ast::ConversionFlag::None
                            if i.debug_text.is_some() && i.format_spec.is_none() =>
                        {
                            Value::str(&self.repr_of(&v)?)
                        }
                        ast::ConversionFlag::None => v,
                    };
                    let built;
                    let spec: &str = match &i.format_spec {
                        None => "",
                        // The common constant spec (`:.2f`) is used where it is.
                        Some(spec) => match &spec.elements[..] {
                            [ast::InterpolatedStringElement::Literal(l)] => &l.value,
                            _ => {
                                let mut s = String::new();
                                self.fstring_elements(&spec.elements, &mut s)?;
                                built = s;
                                &built
                            }
                        },
                    };
                    match (&v, spec) {
                        // The common `{name}`: no copy of the string in between.
                        (Value::Str(s), "") => out.push_str(s),
                        _ => format::format_value_into(self, &v, spec, out)?,
                    }
                }
            }
        }
        Ok(())
    }

    /// Evaluates the Python expression `src` with `globals` and `locals` (a forward
    /// reference of an annotation); a `SyntaxError` if it is not one expression.
    pub(crate) fn eval_source_expr(
        &mut self,
        src: &str,
        globals: Rc<Scope>,
        locals: Rc<Scope>,
    ) -> EvalResult {
        match ruff_python_parser::parse_expression(src.trim()) {
            Ok(p) => self.eval_parsed_expr(src, *p.into_syntax().body, globals, locals),
            Err(_) => Err(self.exc(
                "SyntaxError",
                format!(
                    "Forward reference must be an expression -- got {}",
                    format::str_repr(src)
                ),
            )),
        }
    }

    /// The globals of the running frame (`globals()`).
    pub(crate) fn current_globals(&self) -> Rc<Scope> {
        let f = self
            .frames
            .last()
            .expect("builtins are called from a frame");
        f.globals.clone()
    }

    /// The builtin `eval(source, globals, locals)`: an expression, in the scopes given
    /// (the caller's when none are).
    pub(crate) fn eval_builtin(
        &mut self,
        src: &str,
        globals: Option<Rc<Scope>>,
        locals: Option<Rc<Scope>>,
    ) -> EvalResult {
        let (globals, locals) = match (globals, locals) {
            (Some(g), Some(l)) => (g, l),
            (Some(g), None) => (g.clone(), g),
            (None, l) => {
                let f = self.frames.last().expect("eval is called from a frame");
                let g = f.globals.clone();
                let l = l.unwrap_or_else(|| f.locals.clone());
                (g, l)
            }
        };
        match ruff_python_parser::parse_expression(src.trim_start_matches([' ', '\t'])) {
            Ok(p) => self.eval_parsed_expr(src, *p.into_syntax().body, globals, locals),
            Err(e) => Err(self.exc(
                "SyntaxError",
                format!("invalid syntax in eval(): {}", e.error),
            )),
        }
    }

    fn eval_parsed_expr(
        &mut self,
        src: &str,
        expr: ast::Expr,
        globals: Rc<Scope>,
        locals: Rc<Scope>,
    ) -> EvalResult {
        let expr = Box::new(expr);
        let stmt = Stmt::Expr(ast::StmtExpr {
            node_index: Default::default(),
            range: TextRange::default(),
            value: expr,
        });
        let source = ModuleSource::with_body("<string>", src, Rc::from(vec![stmt]));
        let Stmt::Expr(e) = &source.body[0] else {
            unreachable!("built above")
        };
        self.frames.push(Frame {
            locals,
            globals,
            is_module: false,
            is_class: false,
            function: Rc::from("<module>"),
            module: source.clone(),
            closure: None,
            func: None,
            class_cell: None,
            qualname: None,
        });
        let saved = self.cur_range;
        let r = self.eval(&e.value);
        self.frames.pop();
        self.cur_range = saved;
        r
    }

    /// The globals of the module named `name` (imported, or running), for evaluating the
    /// string annotations of its classes.
    pub(crate) fn module_globals(&self, name: &str) -> Rc<Scope> {
        if let Some(Value::Module(m)) = self.modules.get(name) {
            return m.globals.clone();
        }
        for f in self.frames.iter().rev() {
            if matches!(f.globals.get("__name__"), Some(Value::Str(s)) if &*s == name) {
                return f.globals.clone();
            }
        }
        Rc::new(Scope::default())
    }
}
