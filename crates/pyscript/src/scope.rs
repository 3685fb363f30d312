//! Which names a function binds. Python decides it when it compiles the function: a name
//! bound anywhere in the body (assigned, a loop or `with` target, imported, defined, caught,
//! deleted, a walrus target, a parameter) is local for the whole body, unless declared
//! `global` or `nonlocal`. Reading such a name before it is bound raises
//! `UnboundLocalError`; it never falls through to a global of the same name.
//!
//! Nested `def`, `class` and `lambda` bodies have scopes of their own and are not entered;
//! neither are comprehension targets (a walrus inside a comprehension still binds here).

use std::collections::HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};

use crate::value::{FunctionBody, Params, Str};

/// The local names of a function with `params` and `body`.
pub fn local_names(params: &Params, body: &FunctionBody) -> HashSet<Str> {
    let mut b = Bindings::default();
    for (name, _) in params.positional.iter().chain(&params.kwonly) {
        b.bound.insert(name.to_string());
    }
    for name in params.vararg.iter().chain(&params.kwarg) {
        b.bound.insert(name.to_string());
    }
    match body {
        FunctionBody::Block(stmts) => {
            for s in stmts.iter() {
                b.visit_stmt(s);
            }
        }
        FunctionBody::Lambda(e) => b.visit_expr(e),
    }
    b.bound
        .into_iter()
        .filter(|n| !b.declared.contains(n))
        .map(|n| Str::from(n.as_str()))
        .collect()
}

#[derive(Default)]
struct Bindings {
    bound: HashSet<String>,
    /// `global` / `nonlocal` names: not local wherever they are bound.
    declared: HashSet<String>,
    /// Inside a comprehension: its own targets are its own.
    comprehension_depth: usize,
}

impl<'a> Visitor<'a> for Bindings {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.bound.insert(f.name.to_string());
            }
            Stmt::ClassDef(c) => {
                self.bound.insert(c.name.to_string());
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let name = match &a.asname {
                        Some(as_) => as_.as_str(),
                        // `import a.b` binds `a`.
                        None => a.name.as_str().split('.').next().unwrap_or(""),
                    };
                    self.bound.insert(name.to_owned());
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    let name = a.asname.as_ref().unwrap_or(&a.name);
                    if name.as_str() != "*" {
                        self.bound.insert(name.to_string());
                    }
                }
            }
            Stmt::Global(g) => self.declared.extend(g.names.iter().map(|n| n.to_string())),
            Stmt::Nonlocal(n) => self.declared.extend(n.names.iter().map(|n| n.to_string())),
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => {
                if matches!(n.ctx, ExprContext::Store | ExprContext::Del)
                    && self.comprehension_depth == 0
                {
                    self.bound.insert(n.id.to_string());
                }
            }
            Expr::Named(n) => {
                if let Expr::Name(t) = &*n.target {
                    self.bound.insert(t.id.to_string());
                }
                self.visit_expr(&n.value);
            }
            Expr::Lambda(_) => {}
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                self.comprehension_depth += 1;
                visitor::walk_expr(self, expr);
                self.comprehension_depth -= 1;
            }
            _ => visitor::walk_expr(self, expr),
        }
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        if let Some(name) = &h.name {
            self.bound.insert(name.to_string());
        }
        visitor::walk_except_handler(self, handler);
    }

    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        let captured = match pattern {
            ast::Pattern::MatchAs(p) => p.name.as_ref(),
            ast::Pattern::MatchStar(p) => p.name.as_ref(),
            ast::Pattern::MatchMapping(p) => p.rest.as_ref(),
            _ => None,
        };
        if let Some(n) = captured {
            self.bound.insert(n.to_string());
        }
        visitor::walk_pattern(self, pattern);
    }
}
