//! Alembic's `autogenerate` package: from operations to the Python of a revision file.
//! `render` writes a list of [`Op`](crate::operations::Op)s as Alembic's
//! `render_python_code` writes them (the body of `upgrade()` / `downgrade()`).
//! Comparing models with a database, which produces those operations, is to come; until
//! then `revision --autogenerate` refuses, as it says.

mod render;

pub use render::render_ops;
