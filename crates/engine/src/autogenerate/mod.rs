//! Alembic's `autogenerate` package: `compare` reads the project's models and the
//! database and produces the operations between them (Alembic's `UpgradeOps`), `render`
//! writes operations as Alembic's `render_python_code` writes them (the body of
//! `upgrade()` / `downgrade()`).

mod compare;
mod diffs;
mod render;

pub use compare::{Comparison, Hooks, Item, NoHooks, Object, Options, compare, reverse};
pub use render::{Style, render_items, render_ops};
