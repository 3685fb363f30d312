//! Rejects, before anything runs, the Python that the interpreter does not support: a
//! revision file either runs whole or fails up front with a span and a hint.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

pub(crate) type CheckError = (TextRange, String, Option<String>);

/// Checks a module's top level. Function bodies are checked when the `def` runs
/// ([`check_function`]), so a file loads even if a function it never calls uses a construct
/// Retort does not support — as Python would import it.
pub(crate) fn check_suite(body: &[Stmt]) -> Result<(), CheckError> {
    let mut c = Checker {
        error: None,
        top: true,
        in_async: false,
    };
    c.visit_body(body);
    match c.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Checks one function (its signature and whole body, nested functions included). A
/// failing function still gets defined; calling it raises the error before any of it runs.
pub(crate) fn check_function(f: &ruff_python_ast::StmtFunctionDef) -> Result<(), CheckError> {
    let mut c = Checker {
        error: None,
        top: false,
        in_async: f.is_async,
    };
    c.visit_body(&f.body);
    match c.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct Checker {
    error: Option<CheckError>,
    /// Checking a module's top level: function bodies are left for `check_function`.
    top: bool,
    /// Inside an `async def` (where `await`, `async for` and `async with` may appear).
    in_async: bool,
}

impl Checker {
    fn reject(&mut self, range: TextRange, what: &str, hint: Option<&str>) {
        if self.error.is_none() {
            self.error = Some((range, what.to_owned(), hint.map(str::to_owned)));
        }
    }
}

impl<'a> Visitor<'a> for Checker {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.error.is_some() {
            return;
        }
        match stmt {
            Stmt::FunctionDef(f) if self.top => {
                // Defaults and decorators run at definition time; the body later.
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = &p.default {
                        self.visit_expr(d);
                    }
                }
                return;
            }
            Stmt::FunctionDef(f) => {
                // A nested function: its own body decides whether `await` may appear.
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                let outer = std::mem::replace(&mut self.in_async, f.is_async);
                self.visit_body(&f.body);
                self.in_async = outer;
                return;
            }
            Stmt::For(f) if f.is_async && !self.in_async => {
                self.reject(f.range, "`async for` outside an async function", None)
            }
            Stmt::With(w) if w.is_async && !self.in_async => {
                self.reject(w.range, "`async with` outside an async function", None)
            }
            Stmt::Match(m) => self.reject(
                m.range,
                "the `match` statement",
                Some("rewrite it with if/elif"),
            ),
            Stmt::TypeAlias(t) => self.reject(t.range, "the `type` statement", None),
            Stmt::Try(t) if t.is_star => self.reject(t.range, "`except*`", None),
            Stmt::IpyEscapeCommand(s) => self.reject(s.range, "IPython escape commands", None),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.error.is_some() {
            return;
        }
        match expr {
            Expr::Await(e) if !self.in_async => {
                self.reject(e.range, "`await` outside an async function", None)
            }
            Expr::ListComp(ast::ExprListComp {
                generators, range, ..
            })
            | Expr::SetComp(ast::ExprSetComp {
                generators, range, ..
            })
            | Expr::Generator(ast::ExprGenerator {
                generators, range, ..
            })
            | Expr::DictComp(ast::ExprDictComp {
                generators, range, ..
            }) if generators.iter().any(|g| g.is_async) => {
                self.reject(*range, "asynchronous comprehensions", None)
            }
            Expr::Lambda(_) => {
                // A lambda is not async: `await` in it is refused.
                let outer = std::mem::replace(&mut self.in_async, false);
                visitor::walk_expr(self, expr);
                self.in_async = outer;
                return;
            }
            Expr::Yield(e) => self.reject(
                e.range,
                "generators (`yield`)",
                Some("build and return a list instead"),
            ),
            Expr::YieldFrom(e) => self.reject(
                e.range,
                "generators (`yield from`)",
                Some("build and return a list instead"),
            ),
            Expr::TString(e) => self.reject(e.range(), "template strings (t-strings)", None),
            Expr::IpyEscapeCommand(e) => self.reject(e.range, "IPython escape commands", None),
            Expr::NumberLiteral(n)
                if matches!(n.value, ruff_python_ast::Number::Complex { .. }) =>
            {
                self.reject(n.range, "complex numbers", None)
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}
