//! Alembic's `operations/toimpl.py` with `ddl.sqlite.SQLiteImpl`: what each operation does
//! on SQLite — which statements, in which order, which errors. [`MigrationContext::invoke`]
//! records an [`Op`] and runs it, so a recorded operation is exactly what ran.

use crate::error::{OpError, OpResult};
use crate::sql::expr::{SqlValue, Statement};
use crate::sql::schema::{Column, ConstraintKind, Index, Table};
use crate::sqlite::{self, quote};

use super::context::{MigrationContext, bind_params, compile_error};
use super::ops::{AlterColumn, Op};

/// The message Alembic's SQLite implementation gives for ALTER of constraints.
pub const NO_ALTER_CONSTRAINTS: &str = "No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy.";

const SKIP_IMPLICIT: &str = "Skipping unsupported ALTER for creation of implicit constraint. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy.";

impl MigrationContext {
    /// Records `op` as the running step's call (see [`MigrationContext::record`]) and runs it.
    pub(crate) fn invoke(&self, op: Op) -> OpResult {
        let op = std::rc::Rc::new(op);
        self.record_rc(op.clone());
        match &*op {
            Op::CreateTable {
                table,
                if_not_exists,
            } => self.create_table(table, *if_not_exists),
            Op::DropTable { table, if_exists } => self.drop_table(table, *if_exists),
            Op::RenameTable { old, new } => self.rename_table(old, new),
            Op::AddColumn {
                table,
                column,
                if_not_exists,
            } => self.add_column(table, column, *if_not_exists),
            Op::DropColumn {
                table,
                column,
                if_exists,
                ..
            } => self.drop_column(table, column, *if_exists),
            Op::AlterColumn(a) => self.alter_column(a),
            Op::CreateIndex {
                index,
                if_not_exists,
            } => {
                let t = Table::new(&index.table, self.naming.clone());
                self.create_index(index, &t, *if_not_exists)
            }
            Op::DropIndex {
                name, if_exists, ..
            } => self.drop_index(name.as_str().unwrap_or_default(), *if_exists),
            Op::AlterConstraint { .. } | Op::AddConstraint { .. } | Op::DropConstraint { .. } => {
                Err(OpError::NotImplemented(NO_ALTER_CONSTRAINTS.into()))
            }
            Op::CreateTableComment { table, comment, .. } => {
                self.create_table_comment(table, comment.as_deref())
            }
            Op::DropTableComment { table, .. } => self.create_table_comment(table, None),
            Op::BulkInsert {
                table,
                rows,
                multiinsert,
            } => self.bulk_insert(table, rows, *multiinsert),
            // Statements run through the bind; a batch's operations run when its block ends.
            Op::Execute | Op::Batch { .. } => Ok(()),
        }
    }

    pub fn create_table(&self, table: &Table, if_not_exists: bool) -> OpResult {
        // A `postgresql.DOMAIN` column makes SQLAlchemy emit CREATE DOMAIN first, which
        // SQLite's DDL compiler has no rendering for.
        if table
            .columns
            .iter()
            .any(|c| c.ty.kind == crate::sql::types::TypeKind::Unrenderable("DOMAIN"))
        {
            return Err(OpError::Compile(
                "UnsupportedCompilationError",
                "Compiler <sqlalchemy.dialects.sqlite.base.SQLiteDDLCompiler object> can't render element of type <class 'sqlalchemy.dialects.postgresql.named_types.CreateDomainType'> (Background on this error at: https://sqlalche.me/e/21/l7de)".into(),
            ));
        }
        let sql = sqlite::create_table(table, if_not_exists).map_err(compile_err)?;
        self.exec_ddl(&sql)?;
        for ix in &table.indexes {
            self.create_index(ix, table, false)?;
        }
        Ok(())
    }

    pub fn drop_table(&self, table: &Table, if_exists: bool) -> OpResult {
        self.exec_ddl(&sqlite::drop_table(table, if_exists))
    }

    pub fn rename_table(&self, old: &str, new: &str) -> OpResult {
        self.exec_ddl(&format!(
            "ALTER TABLE {} RENAME TO {}",
            quote(old),
            quote(new)
        ))
    }

    pub fn create_index(&self, ix: &Index, table: &Table, if_not_exists: bool) -> OpResult {
        let sql = sqlite::create_index(ix, table, if_not_exists).map_err(compile_err)?;
        self.exec_ddl(&sql)
    }

    pub fn drop_index(&self, name: &str, if_exists: bool) -> OpResult {
        self.exec_ddl(&sqlite::drop_index(name, None, if_exists))
    }

    /// The table `toimpl.add_column` builds around a column: its constraints and index.
    pub(crate) fn column_table(&self, table_name: &str, column: &Column) -> OpResult<Table> {
        let mut t = Table::new(table_name, self.naming.clone());
        t.append_column(column.clone())
            .map_err(|e| OpError::Compile("ArgumentError", e))?;
        Ok(t)
    }

    /// `ALTER TABLE ... ADD COLUMN` alone.
    pub(crate) fn add_column_only(&self, table_name: &str, column: &Column) -> OpResult {
        let t = self.column_table(table_name, column)?;
        self.add_column_sql(table_name, column, &t, false)
    }

    fn add_column_sql(
        &self,
        table_name: &str,
        column: &Column,
        t: &Table,
        if_not_exists: bool,
    ) -> OpResult {
        let spec = sqlite::column_spec(column, None).map_err(compile_err)?;
        let mut sql = format!(
            "ALTER TABLE {} ADD COLUMN {}{spec}",
            quote(table_name),
            if if_not_exists { "IF NOT EXISTS " } else { "" }
        );
        for c in &column.checks {
            if let Some(clause) = sqlite::constraint_sql(c, t).map_err(compile_err)? {
                sql += " ";
                sql += &clause;
            }
        }
        self.exec_ddl(&sql)
    }

    /// `op.add_column`: `ALTER TABLE ADD COLUMN`, then the constraints the column brings
    /// (SQLite cannot add them: explicit ones fail, type CHECKs are skipped with a
    /// warning), then its index.
    pub fn add_column(&self, table_name: &str, column: &Column, if_not_exists: bool) -> OpResult {
        let t = self.column_table(table_name, column)?;
        self.add_column_sql(table_name, column, &t, if_not_exists)?;
        for c in t.sorted_constraints() {
            if matches!(c.kind, ConstraintKind::PrimaryKey { .. }) {
                continue;
            }
            self.add_constraint(c.type_bound)?;
        }
        for ix in &t.indexes {
            self.create_index(ix, &t, false)?;
        }
        Ok(())
    }

    /// `impl.add_constraint` on SQLite.
    pub(crate) fn add_constraint(&self, type_bound: bool) -> OpResult {
        if type_bound {
            self.warn(SKIP_IMPLICIT);
            Ok(())
        } else {
            Err(OpError::NotImplemented(NO_ALTER_CONSTRAINTS.into()))
        }
    }

    pub fn drop_column(&self, table_name: &str, column: &str, if_exists: bool) -> OpResult {
        self.exec_ddl(&format!(
            "ALTER TABLE {} DROP COLUMN {}{}",
            quote(table_name),
            if if_exists { "IF EXISTS " } else { "" },
            quote(column)
        ))
    }

    /// `op.alter_column` outside batch mode: the generic ALTER statements, in Alembic's
    /// order; SQLite itself rejects all but the rename.
    pub fn alter_column(&self, a: &AlterColumn) -> OpResult {
        let t = quote(&a.table);
        let c = quote(&a.column);
        if let Some(nullable) = a.nullable {
            self.exec_ddl(&format!(
                "ALTER TABLE {t} ALTER COLUMN {c} {}",
                if nullable {
                    "DROP NOT NULL"
                } else {
                    "SET NOT NULL"
                }
            ))?;
        }
        if let Some(default) = &a.server_default {
            // Alembic's `format_server_default`: the default as rendered, without SQLite's
            // column-spec parentheses.
            let sql = match default {
                Some(d) => format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT {}",
                    sqlite::server_default_sql(d).map_err(compile_err)?
                ),
                None => format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"),
            };
            self.exec_ddl(&sql)?;
        }
        if let Some(ty) = &a.type_ {
            let rendered = crate::sqlite::render_type(ty).map_err(compile_error)?;
            self.exec_ddl(&format!("ALTER TABLE {t} ALTER COLUMN {c} TYPE {rendered}"))?;
            if ty.has_check_constraint() {
                self.add_constraint(true)?;
            }
        }
        if a.comment.is_some() {
            return Err(OpError::Compile(
                "UnsupportedCompilationError",
                "Compiler <sqlalchemy.dialects.sqlite.base.SQLiteDDLCompiler object> can't render element of type <class 'alembic.ddl.base.ColumnComment'>: <class 'alembic.ddl.base.ColumnComment'> construct has no default compilation handler. (Background on this error at: https://sqlalche.me/e/21/l7de)".into(),
            ));
        }
        if let Some(new) = &a.new_name {
            self.exec_ddl(&format!(
                "ALTER TABLE {t} RENAME COLUMN {c} TO {}",
                quote(new)
            ))?;
        }
        Ok(())
    }

    /// `op.create_table_comment`: SQLite has no COMMENT; SQLAlchemy renders it anyway.
    pub(crate) fn create_table_comment(&self, table: &str, comment: Option<&str>) -> OpResult {
        let sql = match comment {
            Some(c) => format!(
                "COMMENT ON TABLE {} IS {}",
                quote(table),
                sqlite::literal(&SqlValue::Text(c.to_owned()))
            ),
            None => format!("COMMENT ON TABLE {} IS NULL", quote(table)),
        };
        self.exec_ddl(&sql)
    }

    /// `op.bulk_insert`: one executemany online (or one INSERT per row without
    /// multiinsert); one literal INSERT per row offline.
    pub fn bulk_insert(
        &self,
        table: &crate::sql::expr::TableRef,
        rows: &[Vec<(String, SqlValue)>],
        multiinsert: bool,
    ) -> OpResult {
        use crate::sql::expr::Expr;
        let insert_of = |row: &[(String, SqlValue)], literal: bool| {
            let mut values = Vec::new();
            for (col, _) in &table.columns {
                if let Some((_, v)) = row.iter().find(|(k, _)| k == col) {
                    values.push((
                        col.clone(),
                        Expr::Bind {
                            key: Some(col.clone()),
                            value: v.clone(),
                            ty: table
                                .column_type(col)
                                .cloned()
                                .unwrap_or_else(crate::sql::types::SqlType::null),
                            literal,
                        },
                    ));
                }
            }
            Statement::Insert {
                table: table.clone(),
                values,
                multi: vec![],
                returning: vec![],
            }
        };
        if self.as_sql() {
            for row in rows {
                self.execute(&insert_of(row, true), &[])?;
            }
            return Ok(());
        }
        if rows.is_empty() {
            return Ok(());
        }
        if multiinsert {
            // One statement for all rows (executemany): the columns of the first row, each
            // a named parameter taken from every row.
            let first = &rows[0];
            let stmt = Statement::Insert {
                table: table.clone(),
                values: table
                    .columns
                    .iter()
                    .filter(|(c, _)| first.iter().any(|(k, _)| k == c))
                    .map(|(c, _)| (c.clone(), Expr::Param(c.clone())))
                    .collect(),
                multi: vec![],
                returning: vec![],
            };
            let c = sqlite::compile_statement(&stmt, false).map_err(compile_error)?;
            let sets = bind_params(&c, rows)?;
            self.exec_compiled(&c, &sets)?;
        } else {
            for row in rows {
                self.execute(&insert_of(row, false), &[])?;
            }
        }
        Ok(())
    }
}

fn compile_err(e: sqlite::DdlError) -> OpError {
    compile_error(e.0)
}
