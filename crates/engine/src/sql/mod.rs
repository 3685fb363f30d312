//! SQLAlchemy Core as revision files use it: types, schema objects (`Column`, `Table`,
//! constraints, indexes) and SQL expressions/statements. Plain data: the SQLite dialect
//! (`crate::sqlite`) renders it, `crate::host` builds it from the scripts' calls.

pub mod expr;
pub mod schema;
pub mod types;
