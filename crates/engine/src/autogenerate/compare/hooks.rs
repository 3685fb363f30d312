//! The callables env.py may give autogenerate, as the comparators ask them.

use crate::sql::schema::{Column, Constraint, Index, Table};

/// A schema object as env.py's `include_object` sees it: from the models, or reflected.
#[derive(Clone, Copy)]
pub enum Object<'a> {
    Table(&'a Table),
    Column(&'a Table, &'a Column),
    Index(&'a Table, &'a Index),
    /// A unique or foreign key constraint.
    Constraint(&'a Table, &'a Constraint),
}

/// What env.py's callables decide, where Alembic asks them: `include_name`,
/// `include_object`, `compare_type` and `compare_server_default` given as functions. An
/// error is one the callable raised.
pub trait Hooks {
    /// `include_name(name, type_, parent_names)`, for a reflected object.
    fn include_name(
        &self,
        _name: Option<&str>,
        _type_: &str,
        _table: Option<&str>,
    ) -> Result<bool, String> {
        Ok(true)
    }
    /// `include_object(object, name, type_, reflected, compare_to)`.
    fn include_object(
        &self,
        _object: Object<'_>,
        _name: Option<&str>,
        _type_: &str,
        _reflected: bool,
        _compare_to: Option<Object<'_>>,
    ) -> Result<bool, String> {
        Ok(true)
    }
    /// A `compare_type` callable's answer; `None` leaves it to the dialect.
    fn compare_type(&self, _conn: Object<'_>, _model: Object<'_>) -> Result<Option<bool>, String> {
        Ok(None)
    }
    /// A `compare_server_default` callable's answer (given the database's default as
    /// text and the model's rendered); `None` leaves it to the dialect.
    fn compare_server_default(
        &self,
        _conn: Object<'_>,
        _model: Object<'_>,
        _conn_default: Option<&str>,
        _rendered_model_default: Option<&str>,
    ) -> Result<Option<bool>, String> {
        Ok(None)
    }
}

/// No callables: Alembic's defaults.
pub struct NoHooks;

impl Hooks for NoHooks {}
