//! Batch mode ("move and copy"), as Alembic's `BatchOperationsImpl` + `ApplyBatchImpl`:
//! the operations of a `batch_alter_table` block are collected; at its end they either run
//! one by one (nothing needs a rebuild) or the table is reflected, a new table is built
//! under `_alembic_tmp_<name>`, rows are copied, the old table dropped, the new one renamed,
//! and the indexes recreated — the same statements in the same order.

use indexmap::IndexMap;

use crate::operations::{AlterColumn, MigrationContext, OpError, OpResult};
use crate::sql::expr::{Expr, Select, Statement, TableRef};
use crate::sql::schema::{
    Column, Constraint, ConstraintKind, Index, IndexExpr, NamingConvention, ServerDefault, Table,
    split_column_ref,
};
use crate::sql::types::{Affinity, SqlType};

/// One collected operation of a batch block.
// Plain data moved around a few at a time: boxing the big variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum BatchOp {
    AddColumn {
        column: Column,
        insert_before: Option<String>,
        insert_after: Option<String>,
    },
    DropColumn {
        name: String,
        existing_type: Option<SqlType>,
    },
    AlterColumn(AlterColumn),
    /// `add_constraint`, from `create_*_constraint` / `create_foreign_key` / the constraints
    /// an added column implies. `None` name: Alembic refuses it.
    AddConstraint(Constraint),
    DropConstraint(String),
    /// The index, and `if_not_exists`.
    CreateIndex(Index, bool),
    /// The index's name, and `if_exists`.
    DropIndex(String, bool),
}

/// `batch_alter_table(...)` arguments.
#[derive(Debug, Clone)]
pub struct BatchSpec {
    pub table: String,
    /// "auto", "always" or "never".
    pub recreate: String,
    pub partial_reordering: Vec<Vec<String>>,
    /// Extra `table_args` (columns, constraints) and `table_kwargs`.
    pub table_args: Vec<TableArg>,
    pub sqlite_kwargs: Table,
    /// `naming_convention=` of the batch (for the reflected table).
    pub naming: Option<NamingConvention>,
    /// `reflect_args` columns: they replace the reflected columns of the same name, as
    /// SQLAlchemy's `Table(..., *args, autoload_with=...)` lets explicit columns override
    /// reflected ones (keeping their position).
    pub reflect_columns: Vec<Column>,
    /// `copy_from=`: the table as the script describes it, used instead of reflection
    /// (online and offline, as in Alembic).
    pub copy_from: Option<Table>,
}

// Plain data moved around a few at a time: boxing the big variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum TableArg {
    Column(Column),
    Constraint(Constraint),
    Index(Index),
}

impl BatchOp {
    /// SQLiteImpl.requires_recreate_in_batch: anything but plain `add_column` and index
    /// operations needs the table rebuilt.
    fn needs_recreate(&self) -> bool {
        match self {
            BatchOp::AddColumn { column, .. } => {
                matches!(column.server_default, Some(ServerDefault::Expr(_)))
                    || column.computed.as_ref().is_some_and(|c| c.1 == Some(true))
            }
            BatchOp::CreateIndex(..) | BatchOp::DropIndex(..) => false,
            _ => true,
        }
    }
}

/// Runs the collected operations at the end of the block.
/// `BatchOperationsImpl._should_recreate`: whether `ops` rebuild the table.
pub(crate) fn should_recreate(spec: &BatchSpec, ops: &[BatchOp]) -> bool {
    match spec.recreate.as_str() {
        "always" => true,
        "never" => false,
        _ => ops.iter().any(BatchOp::needs_recreate),
    }
}

pub(crate) fn flush(ctx: &MigrationContext, spec: &BatchSpec, ops: &[BatchOp]) -> OpResult {
    if !should_recreate(spec, ops) {
        for op in ops {
            run_plain(ctx, &spec.table, op)?;
        }
        return Ok(());
    }
    let mut table = match &spec.copy_from {
        Some(t) => t.clone(),
        None => {
            let reflected = crate::sqlite::reflect::reflect_table(
                &ctx.db,
                &spec.table,
                spec.naming.clone().unwrap_or_default(),
            );
            let reflected = match reflected {
                // Offline, Retort reflects the scratch schema the script built so far; a
                // table it did not build fails as under Alembic, which reflects nothing.
                Err(_) if ctx.as_sql() => {
                    return Err(OpError::Python(
                        "CommandError",
                        format!(
                            "This operation cannot proceed in --sql mode; batch mode with dialect sqlite requires a live database connection with which to reflect the table \"{}\". To generate a batch SQL migration script using table \"move and copy\", a complete Table object should be passed to the \"copy_from\" argument of the batch_alter_table() method so that table reflection can be skipped.",
                            spec.table
                        ),
                    ));
                }
                r => r.map_err(crate::sqlite::reflect::reflect_error)?,
            };
            if ctx.as_sql() {
                ctx.static_output(&format!(
                    "-- Retort: batch_alter_table(\"{}\") rebuilt from the schema this script created so far (Alembic cannot reflect a table offline)",
                    spec.table
                ));
            }
            for w in &reflected.warnings {
                ctx.warn_sa(w);
            }
            reflected.table
        }
    };
    for col in &spec.reflect_columns {
        match table.columns.iter_mut().find(|c| c.name == col.name) {
            Some(c) => *c = col.clone(),
            None => table.columns.push(col.clone()),
        }
        if col.ty.has_check_constraint() {
            let mut c = Constraint::new(
                ConstraintKind::Check {
                    sqltext: crate::sql::schema::type_check_expr(&col.name, &col.ty),
                },
                col.ty
                    .name
                    .clone()
                    .map(crate::sql::schema::ConstraintName::Given)
                    .unwrap_or(crate::sql::schema::ConstraintName::None),
            );
            c.type_bound = true;
            table.constraints.push(c);
        }
    }
    let mut apply = Apply::new(ctx, table, spec);
    for op in ops {
        apply.apply(op)?;
    }
    apply.create(ctx)
}

/// An operation of a batch that needs no rebuild, through the ordinary implementation.
fn run_plain(ctx: &MigrationContext, table: &str, op: &BatchOp) -> OpResult {
    match op {
        BatchOp::AddColumn { column, .. } => ctx.add_column_only(table, column),
        BatchOp::DropColumn { name, .. } => ctx.drop_column(table, name, false),
        BatchOp::AlterColumn(alter) => {
            let mut a = alter.clone();
            a.table = table.to_owned();
            ctx.alter_column(&a)
        }
        BatchOp::AddConstraint(c) => ctx.add_constraint(c.type_bound),
        BatchOp::DropConstraint(_) => Err(OpError::NotImplemented(
            crate::operations::NO_ALTER_CONSTRAINTS.into(),
        )),
        BatchOp::CreateIndex(ix, if_not_exists) => {
            let t = Table::new(table, ctx.naming.clone());
            ctx.create_index(ix, &t, *if_not_exists)
        }
        BatchOp::DropIndex(name, if_exists) => ctx.drop_index(name, *if_exists),
    }
}

struct Transfer {
    /// The expression copied from the old table; `None` for added columns.
    expr: Option<Expr>,
}

/// Alembic's `ApplyBatchImpl`, over the reflected table.
struct Apply<'a> {
    spec: &'a BatchSpec,
    table: Table,
    temp_name: String,
    /// By key (the column's original name); the column's `name` may change.
    columns: IndexMap<String, Column>,
    transfers: IndexMap<String, Transfer>,
    existing_ordering: Vec<String>,
    add_col_ordering: Vec<(String, String)>,
    named: IndexMap<String, Constraint>,
    unnamed: Vec<Constraint>,
    indexes: IndexMap<String, Index>,
    new_indexes: IndexMap<String, Index>,
}

impl<'a> Apply<'a> {
    fn new(ctx: &MigrationContext, table: Table, spec: &'a BatchSpec) -> Apply<'a> {
        let temp_name: String = format!("_alembic_tmp_{}", table.name)
            .chars()
            .take(50)
            .collect();
        let mut columns = IndexMap::new();
        let mut transfers = IndexMap::new();
        for c in &table.columns {
            let mut copy = c.clone();
            copy.unique = None;
            copy.index = None;
            columns.insert(c.name.clone(), copy);
            transfers.insert(
                c.name.clone(),
                Transfer {
                    expr: Some(Expr::Column {
                        table: Some(table.name.clone()),
                        name: c.name.clone(),
                        ty: c.ty.clone(),
                    }),
                },
            );
        }
        let existing_ordering = columns.keys().cloned().collect();
        let checks_in_args = spec.table_args.iter().any(|a| {
            matches!(a, TableArg::Constraint(c) if matches!(c.kind, ConstraintKind::Check { .. }))
        });
        let mut named = IndexMap::new();
        let mut unnamed = Vec::new();
        let mut all = vec![table.primary_key.clone()];
        all.extend(table.constraints.iter().cloned());
        for c in all {
            if matches!(c.kind, ConstraintKind::PrimaryKey { .. }) && c.columns().is_empty() {
                continue;
            }
            if c.type_bound {
                continue;
            }
            match c.name.as_str() {
                None if matches!(c.kind, ConstraintKind::Check { .. }) => {
                    if !checks_in_args {
                        ctx.warn(&format!(
                            "Unnamed CHECK constraint on reflected table '{}' is being omitted from the table recreate; pass the constraint explicitly using batch_alter_table.table_args.  Naming CHECK constraints avoids this going forward.",
                            table.name
                        ));
                    }
                }
                Some(n) => {
                    named.insert(n.to_owned(), c);
                }
                None => unnamed.push(c),
            }
        }
        let indexes = table
            .indexes
            .iter()
            .filter_map(|ix| ix.name.as_str().map(|n| (n.to_owned(), ix.clone())))
            .collect();
        Apply {
            spec,
            temp_name,
            columns,
            transfers,
            existing_ordering,
            add_col_ordering: Vec::new(),
            named,
            unnamed,
            indexes,
            new_indexes: IndexMap::new(),
            table,
        }
    }

    fn apply(&mut self, op: &BatchOp) -> OpResult {
        match op {
            BatchOp::AlterColumn(alter) => self.alter_column(alter, alter.existing_type.as_ref()),
            BatchOp::AddColumn {
                column,
                insert_before,
                insert_after,
            } => {
                self.setup_add_column_order(
                    &column.name,
                    insert_before.clone(),
                    insert_after.clone(),
                );
                let mut c = column.clone();
                c.ty.create_constraint = false;
                c.unique = None;
                c.index = None;
                // Its foreign keys reached the batch as constraints of their own (Alembic's
                // add_column adds the table's constraints too); SQLAlchemy's Column copy
                // leaves out foreign keys that already belong to a constraint.
                c.foreign_keys.clear();
                self.columns.insert(c.name.clone(), c);
                self.transfers
                    .insert(column.name.clone(), Transfer { expr: None });
                Ok(())
            }
            BatchOp::DropColumn {
                name,
                existing_type,
            } => {
                if let ConstraintKind::PrimaryKey { columns } = &mut self.table.primary_key.kind {
                    columns.retain(|c| c != name);
                }
                if self.columns.shift_remove(name).is_none() {
                    return Err(OpError::Python("KeyError", retort_pyscript::str_repr(name)));
                }
                self.transfers.shift_remove(name);
                self.existing_ordering.retain(|c| c != name);
                if let Some(n) = existing_type.as_ref().and_then(|t| t.name.clone()) {
                    self.named.shift_remove(&n);
                }
                Ok(())
            }
            BatchOp::AddConstraint(c) => {
                let Some(name) = c.name.as_str() else {
                    return Err(OpError::Python(
                        "ValueError",
                        "Constraint must have a name".into(),
                    ));
                };
                if matches!(c.kind, ConstraintKind::PrimaryKey { .. }) {
                    self.unnamed
                        .retain(|u| !matches!(u.kind, ConstraintKind::PrimaryKey { .. }));
                }
                self.named.insert(name.to_owned(), c.clone());
                Ok(())
            }
            BatchOp::DropConstraint(name) => match self.named.shift_remove(name) {
                Some(c) => {
                    if let ConstraintKind::PrimaryKey { columns } = &c.kind {
                        for col in columns {
                            if let Some(x) = self.columns.values_mut().find(|x| &x.name == col) {
                                x.primary_key = false;
                            }
                        }
                    }
                    Ok(())
                }
                None => Err(OpError::Python(
                    "ValueError",
                    format!("No such constraint: '{name}'"),
                )),
            },
            BatchOp::CreateIndex(ix, _) => {
                let name = ix.name.as_str().unwrap_or_default().to_owned();
                self.new_indexes.insert(name, ix.clone());
                Ok(())
            }
            BatchOp::DropIndex(name, _) => match self.indexes.shift_remove(name) {
                Some(_) => Ok(()),
                None => Err(OpError::Python(
                    "ValueError",
                    format!("No such index: '{name}'"),
                )),
            },
        }
    }

    fn alter_column(&mut self, a: &AlterColumn, existing_type: Option<&SqlType>) -> OpResult {
        let key = a.column.clone();
        let Some(existing) = self.columns.get_mut(&key) else {
            return Err(OpError::Python("KeyError", retort_pyscript::str_repr(&key)));
        };
        if let Some(new) = &a.new_name
            && *new != key
        {
            existing.name = new.clone();
            if let Some(n) = existing_type.and_then(|t| t.name.clone()) {
                self.named.shift_remove(&n);
            }
        }
        let existing = self.columns.get_mut(&key).unwrap();
        if let Some(t) = &a.type_ {
            let old_aff = existing.ty.affinity();
            let new_aff = t.affinity();
            if old_aff != new_aff
                && new_aff != Affinity::Json
                && let Some(tr) = self.transfers.get_mut(&key)
                && let Some(e) = tr.expr.take()
            {
                tr.expr = Some(Expr::Cast {
                    expr: Box::new(e),
                    ty: t.clone(),
                });
            }
            let mut t = t.clone();
            t.create_constraint = false;
            existing.ty = t;
        }
        if let Some(n) = a.nullable {
            existing.nullable = n;
        }
        if let Some(d) = &a.server_default {
            existing.server_default = d.clone();
        }
        if let Some(c) = &a.comment {
            existing.comment = c.clone();
        }
        Ok(())
    }

    fn setup_add_column_order(
        &mut self,
        colname: &str,
        mut before: Option<String>,
        mut after: Option<String>,
    ) {
        let index_cols = &self.existing_ordering;
        let pos = |n: &str| index_cols.iter().position(|c| c == n);
        if self.spec.partial_reordering.is_empty() {
            if let Some(a) = &after
                && before.is_none()
            {
                match pos(a) {
                    Some(i) => {
                        if i + 1 < index_cols.len() {
                            before = Some(index_cols[i + 1].clone());
                        }
                    }
                    None => {
                        before = self
                            .add_col_ordering
                            .iter()
                            .find(|(x, _)| x == a)
                            .map(|(_, b)| b.clone())
                    }
                }
            }
            if let Some(b) = &before
                && after.is_none()
            {
                match pos(b) {
                    Some(i) => {
                        if i >= 1 {
                            after = Some(index_cols[i - 1].clone());
                        }
                    }
                    None => {
                        after = self
                            .add_col_ordering
                            .iter()
                            .find(|(_, y)| y == b)
                            .map(|(a, _)| a.clone())
                    }
                }
            }
        }
        if let Some(b) = &before {
            self.add_col_ordering.push((colname.to_owned(), b.clone()));
        }
        if let Some(a) = &after {
            self.add_col_ordering.push((a.clone(), colname.to_owned()));
        }
        if self.spec.partial_reordering.is_empty()
            && before.is_none()
            && after.is_none()
            && let Some(last) = index_cols.last()
        {
            self.add_col_ordering
                .push((last.clone(), colname.to_owned()));
        }
    }

    /// `_adjust_self_columns_for_partial_reordering`: a deterministic topological sort.
    fn reorder(&mut self) {
        let col_by_idx: Vec<String> = self.columns.keys().cloned().collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        if !self.spec.partial_reordering.is_empty() {
            for tuple in &self.spec.partial_reordering {
                for w in tuple.windows(2) {
                    pairs.push((w[0].clone(), w[1].clone()));
                }
            }
        } else {
            for (i, elem) in self.existing_ordering.iter().enumerate() {
                if i > 0 {
                    pairs.push((col_by_idx[i - 1].clone(), elem.clone()));
                }
            }
        }
        pairs.extend(self.add_col_ordering.iter().cloned());
        pairs.retain(|(a, b)| a != b);
        // SQLAlchemy's topological.sort(deterministic_order=True): repeatedly emit, in the
        // given order, every item none of whose predecessors remain.
        let mut remaining = col_by_idx.clone();
        let mut out = Vec::new();
        while !remaining.is_empty() {
            let ready: Vec<String> = remaining
                .iter()
                .filter(|n| !pairs.iter().any(|(a, b)| b == *n && remaining.contains(a)))
                .cloned()
                .collect();
            if ready.is_empty() {
                out.append(&mut remaining);
                break;
            }
            remaining.retain(|n| !ready.contains(n));
            out.extend(ready);
        }
        let mut cols = IndexMap::new();
        let mut trs = IndexMap::new();
        for k in out {
            if let Some(c) = self.columns.shift_remove(&k) {
                cols.insert(k.clone(), c);
            }
            if let Some(t) = self.transfers.shift_remove(&k) {
                trs.insert(k, t);
            }
        }
        self.columns = cols;
        self.transfers = trs;
    }

    /// The column's current name for an original key.
    fn renamed(&self, key: &str) -> Option<String> {
        self.columns.get(key).map(|c| c.name.clone())
    }

    fn new_table(&mut self) -> Table {
        if !self.spec.partial_reordering.is_empty() || !self.add_col_ordering.is_empty() {
            self.reorder();
        }
        let mut t = Table::new(&self.temp_name, self.table.naming.clone());
        t.sqlite_with_rowid =
            self.table.sqlite_with_rowid && self.spec.sqlite_kwargs.sqlite_with_rowid;
        t.sqlite_strict = self.table.sqlite_strict || self.spec.sqlite_kwargs.sqlite_strict;
        t.sqlite_autoincrement = self.spec.sqlite_kwargs.sqlite_autoincrement;
        for c in self.columns.values() {
            let _ = t.append_column(c.clone());
        }
        for arg in &self.spec.table_args {
            match arg {
                TableArg::Column(c) => {
                    let _ = t.append_column(c.clone());
                }
                TableArg::Constraint(c) => t.append_constraint(c.clone()),
                TableArg::Index(ix) => t.indexes.push(ix.clone()),
            }
        }
        let consts: Vec<Constraint> = self
            .named
            .values()
            .cloned()
            .chain(self.unnamed.iter().cloned())
            .collect();
        for c in consts {
            if !c.columns().iter().all(|k| self.transfers.contains_key(k)) {
                continue;
            }
            let mut copy = c.clone();
            copy.creation_order = crate::sql::schema::next_creation_order();
            let rename = |cols: &mut Vec<String>| {
                for col in cols.iter_mut() {
                    if let Some(n) = self.renamed(col) {
                        *col = n;
                    }
                }
            };
            match &mut copy.kind {
                ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => {
                    rename(columns)
                }
                ConstraintKind::ForeignKey {
                    columns,
                    refcolumns,
                    ..
                } => {
                    rename(columns);
                    // Self-referential: keep referring to the original table's columns.
                    for r in refcolumns.iter_mut() {
                        let (t, c) = split_column_ref(r);
                        if t == self.table.name
                            && let Some(n) = self.renamed(c)
                        {
                            *r = format!("{t}.{n}");
                        }
                    }
                }
                ConstraintKind::Check { .. } => {}
            }
            t.append_constraint(copy);
        }
        t
    }

    fn create(mut self, ctx: &MigrationContext) -> OpResult {
        let new = self.new_table();
        ctx.create_table(&new, false)?;
        let mut names = Vec::new();
        let mut exprs = Vec::new();
        for (k, tr) in &self.transfers {
            if let Some(e) = &tr.expr {
                names.push(self.renamed(k).unwrap_or_else(|| k.clone()));
                exprs.push(e.clone());
            }
        }
        // The new table's Python-side defaults (an added `Column(..., default=True)`) join
        // the copy as SQLAlchemy's `from_select` adds them.
        let copy = Statement::InsertFromSelect {
            table: TableRef {
                name: self.temp_name.clone(),
                schema: None,
                ..new.table_ref()
            },
            columns: names,
            select: Select {
                columns: exprs,
                froms: vec![TableRef {
                    name: self.table.name.clone(),
                    schema: None,
                    columns: vec![],
                    defaults: vec![],
                }],
                ..Default::default()
            },
        };
        let old = Table::new(&self.table.name, self.table.naming.clone());
        let moved = ctx
            .execute(&copy, &[])
            .and_then(|_| ctx.drop_table(&old, false));
        if let Err(e) = moved {
            let _ = ctx.drop_table(&new, false);
            return Err(e);
        }
        ctx.rename_table(&self.temp_name, &self.table.name)?;
        let mut final_table = new.clone();
        final_table.name = self.table.name.clone();
        let existing: Vec<Index> = self
            .indexes
            .values()
            .filter(|i| !i.column_flag)
            .cloned()
            .collect();
        for mut ix in existing {
            let mut ok = true;
            for e in &mut ix.expressions {
                if let IndexExpr::Column(c) = e {
                    match self.renamed(c) {
                        Some(n) => *c = n,
                        None => ok = false,
                    }
                }
            }
            if !ok {
                return Err(OpError::Python(
                    "KeyError",
                    "index column was dropped".into(),
                ));
            }
            ctx.create_index(&ix, &final_table, false)?;
        }
        for ix in self.new_indexes.values() {
            ctx.create_index(ix, &final_table, false)?;
        }
        Ok(())
    }
}
