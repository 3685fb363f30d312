//! Annotations as `from __future__ import annotations` keeps them: CPython's unparsing of an
//! expression.

use ruff_python_ast::{self as ast, Expr};

/// An annotation's source as `from __future__ import annotations` keeps it: CPython's
/// unparsing of the expression (single quotes, normalised spacing).
pub(crate) fn unparse(e: &Expr) -> String {
    let mut out = String::new();
    unparse_into(e, &mut out, 0);
    out
}

fn precedence(op: ast::Operator) -> u8 {
    use ast::Operator as O;
    match op {
        O::BitOr => 1,
        O::BitXor => 2,
        O::BitAnd => 3,
        O::LShift | O::RShift => 4,
        O::Add | O::Sub => 5,
        O::Mult | O::MatMult | O::Div | O::Mod | O::FloorDiv => 6,
        O::Pow => 8,
    }
}

fn unparse_into(e: &Expr, out: &mut String, outer: u8) {
    match e {
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::Attribute(a) => {
            unparse_into(&a.value, out, 10);
            out.push('.');
            out.push_str(a.attr.as_str());
        }
        Expr::Subscript(s) => {
            unparse_into(&s.value, out, 10);
            out.push('[');
            match &*s.slice {
                Expr::Tuple(t) if !t.elts.is_empty() => {
                    for (i, x) in t.elts.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        unparse_into(x, out, 0);
                    }
                    if t.elts.len() == 1 {
                        out.push(',');
                    }
                }
                other => unparse_into(other, out, 0),
            }
            out.push(']');
        }
        Expr::StringLiteral(s) => out.push_str(&crate::format::str_repr(s.value.to_str())),
        Expr::BytesLiteral(_) | Expr::FString(_) => out.push_str("..."),
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => out.push_str(&i.to_string()),
            ast::Number::Float(f) => out.push_str(&crate::format::float_repr(*f)),
            ast::Number::Complex { imag, .. } => {
                out.push_str(&crate::format::float_repr(*imag));
                out.push('j');
            }
        },
        Expr::BooleanLiteral(b) => out.push_str(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => out.push_str("None"),
        Expr::EllipsisLiteral(_) => out.push_str("..."),
        Expr::BinOp(b) => {
            let p = precedence(b.op);
            if p < outer {
                out.push('(');
            }
            unparse_into(&b.left, out, p);
            out.push(' ');
            out.push_str(
                crate::ops::symbol(crate::ops::operator(b.op))
                    .split(' ')
                    .next()
                    .unwrap_or(""),
            );
            out.push(' ');
            unparse_into(&b.right, out, p + 1);
            if p < outer {
                out.push(')');
            }
        }
        Expr::UnaryOp(u) => {
            out.push_str(match u.op {
                ast::UnaryOp::Not => "not ",
                ast::UnaryOp::USub => "-",
                ast::UnaryOp::UAdd => "+",
                ast::UnaryOp::Invert => "~",
            });
            unparse_into(&u.operand, out, 9);
        }
        Expr::Tuple(t) => {
            out.push('(');
            for (i, x) in t.elts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                unparse_into(x, out, 0);
            }
            if t.elts.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Expr::List(l) => {
            out.push('[');
            for (i, x) in l.elts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                unparse_into(x, out, 0);
            }
            out.push(']');
        }
        Expr::Starred(s) => {
            out.push('*');
            unparse_into(&s.value, out, 10);
        }
        Expr::Call(c) => {
            unparse_into(&c.func, out, 10);
            out.push('(');
            let mut first = true;
            for a in c.arguments.args.iter() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                unparse_into(a, out, 0);
            }
            for k in c.arguments.keywords.iter() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    Some(n) => {
                        out.push_str(n.as_str());
                        out.push('=');
                    }
                    None => out.push_str("**"),
                }
                unparse_into(&k.value, out, 0);
            }
            out.push(')');
        }
        other => {
            // Rare in annotations; the shape is kept, not the exact spelling.
            out.push_str(&format!("{:?}", std::mem::discriminant(other)));
        }
    }
}
