//! `op.batch_alter_table(...)` and the `batch_op` its block receives: Alembic's
//! `BatchOperations`, which collects the block's operations and runs them together (the
//! "move and copy" of `crate::operations::batch`) when the block ends.

use std::cell::RefCell;
use std::rc::Rc;

use retort_pyscript::{Args, EvalResult, HostObject, Interp, Value};

use super::{
    ALTER_PARAMS, Operations, alter_args, column_arg, enter_call, flush_prints, index_from, raise,
};
use crate::host::args::Bound;
use crate::host::sa::{self, SaColumn, apply_table_kwargs, constraint_name, to_type};
use crate::operations::batch::{self, BatchOp, BatchSpec, TableArg};
use crate::operations::{MigrationContext, Op, OpError};
use crate::sql::expr::Expr;
use crate::sql::schema::Table;

pub(super) fn batch_alter_table(
    interp: &mut Interp,
    ctx: &Rc<MigrationContext>,
    args: Args,
) -> EvalResult {
    let b = Bound::new(
        interp,
        "batch_alter_table",
        &[
            "table_name",
            "schema",
            "recreate",
            "partial_reordering",
            "copy_from",
            "table_args",
            "table_kwargs",
            "reflect_args",
            "reflect_kwargs",
            "naming_convention",
        ],
        args,
        false,
    )?;
    let table = b.required_str(interp, "table_name")?;
    let recreate = b.str(interp, "recreate")?.unwrap_or_else(|| "auto".into());
    if !matches!(recreate.as_str(), "auto" | "always" | "never") {
        return Err(interp.value_error("recreate may be one of 'auto', 'always', or 'never'."));
    }
    let copy_from = match b.get("copy_from") {
        None | Some(Value::None) => None,
        Some(v) => match v.downcast_host::<sa::SaTable>() {
            Some(t) => Some(t.table.borrow().clone()),
            None => {
                return Err(interp.type_error(format!(
                    "batch_alter_table(copy_from=...) takes a Table, not {}",
                    v.type_name()
                )));
            }
        },
    };
    let mut partial = Vec::new();
    if let Some(p) = b.get("partial_reordering") {
        for tuple in interp.iterate(p)? {
            let mut names = Vec::new();
            for n in interp.iterate(&tuple)? {
                names.push(sa::column_name(interp, &n)?);
            }
            partial.push(names);
        }
    }
    let mut table_args = Vec::new();
    if let Some(ta) = b.get("table_args") {
        for item in interp.iterate(ta)? {
            if let Some(c) = item.downcast_host::<SaColumn>() {
                table_args.push(TableArg::Column(c.col.borrow().clone()));
            } else if let Some(c) = item.downcast_host::<sa::SaConstraint>() {
                table_args.push(TableArg::Constraint(c.0.borrow().clone()));
            } else if let Some(ix) = item.downcast_host::<sa::SaIndex>() {
                table_args.push(TableArg::Index(ix.0.borrow().clone()));
            }
        }
    }
    let mut kw_table = Table::new(&table, ctx.naming.clone());
    if let Some(tk) = b.get("table_kwargs") {
        let items: Vec<(String, Value)> = interp
            .dict_items(tk)?
            .into_iter()
            .filter_map(|(k, v)| k.as_str().map(|k| (k.to_owned(), v)))
            .collect();
        apply_table_kwargs(interp, &mut kw_table, &items)?;
    }
    let naming = match b.get("naming_convention") {
        Some(nc) => {
            let mut n = crate::sql::schema::NamingConvention(Default::default());
            for (k, v) in interp.dict_items(nc)? {
                if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                    n.0.insert(k.to_owned(), v.to_owned());
                }
            }
            Some(n)
        }
        None => None,
    };
    let mut reflect_columns = Vec::new();
    if let Some(ra) = b.get("reflect_args") {
        for item in interp.iterate(ra)? {
            match item.downcast_host::<SaColumn>() {
                Some(c) => reflect_columns.push(c.col.borrow().clone()),
                None => {
                    return Err(interp.unsupported(
                        format!("batch_alter_table(reflect_args=[{}]): only Column objects are supported", item.type_name()),
                        None,
                    ));
                }
            }
        }
    }
    let spec = BatchSpec {
        table,
        recreate,
        partial_reordering: partial,
        table_args,
        sqlite_kwargs: kw_table,
        naming,
        reflect_columns,
        copy_from,
    };
    Ok(Value::host(BatchContext(Rc::new(BatchOperations {
        ctx: ctx.clone(),
        spec,
        ops: RefCell::new(Vec::new()),
    }))))
}

/// The context manager `op.batch_alter_table(...)` returns.
pub struct BatchContext(Rc<BatchOperations>);

impl HostObject for BatchContext {
    fn library(&self) -> Option<&'static str> {
        Some("Alembic")
    }
    fn type_name(&self) -> String {
        "_GeneratorContextManager".into()
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self.0.clone())))
    }
    fn exit(self: Rc<Self>, interp: &mut Interp, error: Option<&Value>) -> EvalResult<bool> {
        if error.is_none() {
            flush_prints(interp, &self.0.ctx);
            let ops = self.0.ops.borrow().clone();
            batch::flush(&self.0.ctx, &self.0.spec, &ops).map_err(|e| raise(interp, e))?;
        }
        Ok(false)
    }
}

/// `batch_op`: collects the block's operations.
pub struct BatchOperations {
    ctx: Rc<MigrationContext>,
    spec: BatchSpec,
    ops: RefCell<Vec<BatchOp>>,
}

impl BatchOperations {
    fn push(&self, op: BatchOp) {
        self.ctx.record(Op::Batch {
            table: self.spec.table.clone(),
            op: op.clone(),
        });
        self.ops.borrow_mut().push(op);
    }

    /// A constraint's name as the naming convention resolves it on this table.
    fn named(&self, mut c: crate::sql::schema::Constraint) -> crate::sql::schema::Constraint {
        let t = Table::new(&self.spec.table, self.ctx.naming.clone());
        if let Ok(Some(n)) = crate::sqlite::constraint_name(&c, &t) {
            c.name = crate::sql::schema::ConstraintName::Final(n);
        }
        c
    }
}

type BatchFn = fn(&mut Interp, &Rc<BatchOperations>, Args) -> EvalResult;

fn batch_fn(name: &str) -> Option<BatchFn> {
    use crate::sql::schema::{Constraint, ConstraintKind};
    Some(match name {
        "add_column" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "add_column",
                &["column", "insert_before", "insert_after", "if_not_exists"],
                args,
                true,
            )?;
            let col = column_arg(interp, b.required(interp, "column")?)?;
            let t = bo
                .ctx
                .column_table(&bo.spec.table, &col)
                .map_err(|e| raise(interp, e))?;
            let insert_before = b.str(interp, "insert_before")?.filter(|s| !s.is_empty());
            let insert_after = b.str(interp, "insert_after")?.filter(|s| !s.is_empty());
            // BatchOperationsImpl.add_column: positions need the table rebuilt, decided by
            // the operations so far.
            if (insert_before.is_some() || insert_after.is_some())
                && !batch::should_recreate(&bo.spec, &bo.ops.borrow())
            {
                return Err(raise(
                    interp,
                    OpError::Python(
                        "CommandError",
                        "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'".into(),
                    ),
                ));
            }
            bo.push(BatchOp::AddColumn {
                column: col,
                insert_before,
                insert_after,
            });
            for c in t.sorted_constraints() {
                bo.push(BatchOp::AddConstraint(bo.named(c.clone())));
            }
            for ix in &t.indexes {
                let mut ix = ix.clone();
                if let Ok(Some(n)) = crate::sqlite::index_name(&ix, &t) {
                    ix.name = crate::sql::schema::ConstraintName::Final(n);
                }
                bo.push(BatchOp::CreateIndex(ix, false));
            }
            Ok(Value::None)
        },
        "drop_column" => |interp, bo, args| {
            let mut b = Bound::new(interp, "drop_column", &["column_name"], args, false)?;
            let name = b.required_str(interp, "column_name")?;
            let existing_type = match b.take_extra("existing_type") {
                Some(v) => to_type(interp, &v)?,
                None => None,
            };
            bo.push(BatchOp::DropColumn {
                name,
                existing_type,
            });
            Ok(Value::None)
        },
        "alter_column" => |interp, bo, args| {
            let b = Bound::new(interp, "alter_column", &ALTER_PARAMS[1..], args, true)?;
            let mut a = alter_args(interp, &b)?;
            a.table = bo.spec.table.clone();
            let new_type = a.type_.clone();
            bo.push(BatchOp::AlterColumn(a));
            if let Some(t) = new_type
                && t.has_check_constraint()
            {
                let mut c = Constraint::new(
                    ConstraintKind::Check {
                        sqltext: crate::sql::schema::type_check_expr(
                            &b.required_str(interp, "column_name")?,
                            &t,
                        ),
                    },
                    match &t.name {
                        Some(n) => crate::sql::schema::ConstraintName::Given(n.clone()),
                        None => crate::sql::schema::ConstraintName::None,
                    },
                );
                c.type_bound = true;
                let c = bo.named(c);
                if c.name.as_str().is_some() {
                    bo.push(BatchOp::AddConstraint(c));
                }
            }
            Ok(Value::None)
        },
        "create_index" => |interp, bo, args| {
            let mut b = Bound::new(
                interp,
                "create_index",
                &["index_name", "columns", "unique", "if_not_exists"],
                args,
                false,
            )?;
            let ine = b.bool(interp, "if_not_exists")?.unwrap_or(false);
            let ix = index_from(interp, &mut b, &bo.spec.table.clone())?;
            bo.push(BatchOp::CreateIndex(ix, ine));
            Ok(Value::None)
        },
        "drop_index" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "drop_index",
                &["index_name", "if_exists"],
                args,
                true,
            )?;
            let ie = b.bool(interp, "if_exists")?.unwrap_or(false);
            bo.push(BatchOp::DropIndex(
                b.required_str(interp, "index_name")?,
                ie,
            ));
            Ok(Value::None)
        },
        "create_unique_constraint" => {
            |interp, bo, args| add_keyed_constraint(interp, bo, args, false)
        }
        "create_primary_key" => |interp, bo, args| add_keyed_constraint(interp, bo, args, true),
        "create_foreign_key" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "create_foreign_key",
                &[
                    "constraint_name",
                    "referent_table",
                    "local_cols",
                    "remote_cols",
                    "referent_schema",
                    "onupdate",
                    "ondelete",
                    "deferrable",
                    "initially",
                    "match",
                ],
                args,
                true,
            )?;
            let rt = b.required_str(interp, "referent_table")?;
            let local = interp.iterate(b.required(interp, "local_cols")?)?;
            let remote = interp.iterate(b.required(interp, "remote_cols")?)?;
            let columns = local
                .iter()
                .map(|c| sa::column_name(interp, c))
                .collect::<EvalResult<Vec<_>>>()?;
            let refcolumns = remote
                .iter()
                .map(|c| sa::column_name(interp, c).map(|n| format!("{rt}.{n}")))
                .collect::<EvalResult<Vec<_>>>()?;
            let mut c = Constraint::new(
                ConstraintKind::ForeignKey {
                    columns,
                    refcolumns,
                    ondelete: b.str(interp, "ondelete")?,
                    onupdate: b.str(interp, "onupdate")?,
                    match_: b.str(interp, "match")?,
                    use_alter: false,
                },
                constraint_name(b.get("constraint_name")),
            );
            c.deferrable = b.bool(interp, "deferrable")?;
            c.initially = b.str(interp, "initially")?;
            bo.push(BatchOp::AddConstraint(bo.named(c)));
            Ok(Value::None)
        },
        "create_check_constraint" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "create_check_constraint",
                &["constraint_name", "condition"],
                args,
                true,
            )?;
            let cond = b.required(interp, "condition")?.clone();
            let sqltext = match cond.as_str() {
                Some(s) => Expr::text(s),
                None => sa::to_expr(interp, &cond, None)?,
            };
            let c = Constraint::new(
                ConstraintKind::Check { sqltext },
                constraint_name(b.get("constraint_name")),
            );
            bo.push(BatchOp::AddConstraint(bo.named(c)));
            Ok(Value::None)
        },
        "drop_constraint" => |interp, bo, args| {
            let b = Bound::new(
                interp,
                "drop_constraint",
                &["constraint_name", "type_"],
                args,
                true,
            )?;
            // Alembic builds the constraint on a table of the migration's MetaData, so its
            // naming convention applies to the name (`"valid_kind"` with `ck_%(table_name)s_
            // %(constraint_name)s` drops `ck_things_valid_kind`); `type_=None` is a generic
            // constraint, which no convention names.
            let name = constraint_name(b.get("constraint_name"));
            if matches!(name, crate::sql::schema::ConstraintName::None) {
                return Err(interp.value_error("Constraint must have a name"));
            }
            let kind = match b.str(interp, "type_")?.as_deref() {
                None => None,
                Some("check") => Some(ConstraintKind::Check {
                    sqltext: crate::sql::expr::Expr::text(""),
                }),
                Some("unique") => Some(ConstraintKind::Unique { columns: vec![] }),
                Some("primary") => Some(ConstraintKind::PrimaryKey { columns: vec![] }),
                Some("foreignkey") => Some(ConstraintKind::ForeignKey {
                    columns: vec![],
                    refcolumns: vec![],
                    ondelete: None,
                    onupdate: None,
                    match_: None,
                    use_alter: false,
                }),
                Some(other) => {
                    return Err(interp.type_error(format!(
                        "'type' can be one of 'check', 'foreignkey', 'primary', 'unique', None; got {other:?}"
                    )));
                }
            };
            let resolved = match kind {
                Some(kind) => bo.named(Constraint::new(kind, name)).name,
                None => name,
            };
            let n = resolved.as_str().unwrap_or_default().to_owned();
            bo.push(BatchOp::DropConstraint(n));
            Ok(Value::None)
        },
        _ => return None,
    })
}

impl HostObject for BatchOperations {
    fn library(&self) -> Option<&'static str> {
        Some("Alembic")
    }
    fn type_name(&self) -> String {
        "BatchOperations".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if let Some(f) = batch_fn(name) {
            let this = self.clone();
            return Ok(Some(Value::native(name, move |interp, args| {
                enter_call(interp, &this.ctx);
                f(interp, &this, args)
            })));
        }
        // Everything else (execute, get_bind, f, inline_literal, ...) is `op`'s.
        Rc::new(Operations {
            ctx: self.ctx.clone(),
        })
        .get_attr(interp, name)
    }
}

/// `batch_op.create_unique_constraint(name, columns)` / `create_primary_key(name, columns)`.
fn add_keyed_constraint(
    interp: &mut Interp,
    bo: &Rc<BatchOperations>,
    args: Args,
    primary_key: bool,
) -> EvalResult {
    use crate::sql::schema::{Constraint, ConstraintKind};
    let func = if primary_key {
        "create_primary_key"
    } else {
        "create_unique_constraint"
    };
    let b = Bound::new(interp, func, &["constraint_name", "columns"], args, true)?;
    let cols = interp.iterate(b.required(interp, "columns")?)?;
    let columns = cols
        .iter()
        .map(|c| sa::column_name(interp, c))
        .collect::<EvalResult<Vec<_>>>()?;
    let kind = if primary_key {
        ConstraintKind::PrimaryKey { columns }
    } else {
        ConstraintKind::Unique { columns }
    };
    let c = Constraint::new(kind, constraint_name(b.get("constraint_name")));
    bo.push(BatchOp::AddConstraint(bo.named(c)));
    Ok(Value::None)
}
