//! `sqlalchemy` for revision files: types, `Column`, constraints, `ForeignKey`, `Index`,
//! `Table` / `MetaData`, lightweight `table()` / `column()`, `text()`, `func`, and the
//! expression and statement builders. Each Python object wraps the plain data of
//! `crate::sql`.

mod column;
mod constraints;
mod expr;
mod metadata;
mod module;
mod stmt;
mod table;
mod types;

pub use column::{
    SaColumn, SaColumnDefault, SaComputed, SaDefaultClause, SaIdentity, server_default,
};
pub use constraints::{
    SaConstraint, SaForeignKey, SaIndex, column_name, constraint_name, index_expr,
};
pub use expr::{SaExpr, SaFunc, to_expr, to_sql_value};
pub use metadata::SaMetaData;
pub(super) use metadata::inspector_from_engine;
pub use module::{EXCEPTIONS, SaModule, attr, exc_module, exception_class};
pub use stmt::{SaStmt, mapped_table};
pub use table::{
    ColumnCollection, SaJoin, SaTable, apply_table_kwargs, build_table, call_defaults,
    callable_defaults,
};
pub use types::{SaType, TypeClass, make_type, to_type, type_class};
