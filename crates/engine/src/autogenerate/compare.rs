//! Alembic's `autogenerate/compare`: the project's models (`target_metadata`) against the
//! database as SQLite reflects it, as the operations that take the database to the models.
//!
//! The order is Alembic's: added tables in the metadata's dependency order, then removed
//! tables, then the tables both have by name; within a table, added columns, changed
//! columns, indexes and unique constraints, foreign keys, removed columns. Where Alembic
//! iterates a Python set (removed tables, removed columns, foreign keys) its order varies
//! from run to run; Retort takes name order.

use retort_pyscript::str_repr;

use super::diffs;
use super::render::{py_bool, unparenthesized_sql_expr};
use crate::Database;
use crate::operations::{AlterColumn, Op};
use crate::sql::expr::Expr;
use crate::sql::schema::{
    Column, Constraint, ConstraintKind, ConstraintName, Index, IndexExpr, ServerDefault, Table,
};
use crate::sql::types::TypeKind;
use crate::sqlite::{self, reflect};

/// `context.configure(...)` keywords of autogenerate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `compare_type` (Alembic's default since 1.12: on).
    pub compare_type: bool,
    /// `render_as_batch`: each table's operations in a `batch_alter_table` block.
    pub render_as_batch: bool,
    /// `compare_server_default` (off by default): server defaults compared as SQLite's impl
    /// compares them.
    pub compare_server_default: bool,
    /// The version table, which is never compared.
    pub version_table: String,
    /// Autogenerate keywords env.py gave that Retort does not apply (`include_object`, ...).
    pub not_applied: Vec<String>,
    /// Why env.py's `target_metadata` cannot be compared, when it is not a `MetaData`.
    pub metadata_problem: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            compare_type: true,
            render_as_batch: false,
            compare_server_default: false,
            version_table: "alembic_version".into(),
            not_applied: Vec::new(),
            metadata_problem: None,
        }
    }
}

/// One entry of Alembic's `UpgradeOps`: an operation, or the operations on one table
/// (`ModifyTableOps`, which `render_as_batch` writes as one `batch_alter_table` block).
#[derive(Debug, Clone)]
// Built once per autogenerate, a few at a time: boxing the operation buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Op(Op),
    Table { table: String, ops: Vec<Op> },
}

/// What the comparison found: the operations, and Alembic's log lines for them
/// (`INFO  [alembic.autogenerate.compare.tables] Detected added table 't'`).
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub items: Vec<Item>,
    pub log: Vec<String>,
    /// `UpgradeOps.as_diffs()`, each entry as `alembic check` prints it.
    pub diffs: Vec<String>,
}

/// What the comparators report besides the operations: log lines and diff tuples.
#[derive(Default)]
struct Found {
    log: Vec<String>,
    diffs: Vec<String>,
}

impl Found {
    fn push(&mut self, line: String) {
        self.log.push(line);
    }
}

fn tables_log(log: &mut Found, line: String) {
    log.push(format!(
        "INFO  [alembic.autogenerate.compare.tables] {line}"
    ));
}

fn constraints_log(log: &mut Found, line: String) {
    log.push(format!(
        "INFO  [alembic.autogenerate.compare.constraints] {line}"
    ));
}

/// A Python tuple of strings, as `%r` writes it.
fn tuple_repr(items: &[String]) -> String {
    let r: Vec<String> = items.iter().map(|s| str_repr(s)).collect();
    match r.len() {
        1 => format!("({},)", r[0]),
        _ => format!("({})", r.join(", ")),
    }
}

/// The operations that take the database `db` to the tables of `metadata` (in
/// `MetaData.sorted_tables` order).
pub fn compare(db: &Database, metadata: &[Table], opts: &Options) -> Result<Comparison, String> {
    // A stand-in (a library Retort could not import) must never reach a revision file.
    for t in metadata {
        for c in &t.columns {
            let stand_in = match (&c.ty.kind, &c.server_default) {
                (TypeKind::StandIn(name), _) => Some(format!("type is `{name}`")),
                (_, Some(ServerDefault::Expr(Expr::StandIn(name)))) => {
                    Some(format!("server default is `{name}`"))
                }
                _ => None,
            };
            if let Some(what) = stand_in {
                return Err(format!(
                    "column {}.{}'s {what}, which stands in for a library Retort could not import (docs/decisions/0003): autogenerate cannot compare it or write it into a revision\nhint: give the column a SQLAlchemy type (or define the type in the project's own modules)",
                    t.name, c.name
                ));
            }
        }
    }
    let mut found = Found::default();
    let log = &mut found;
    let conn_names: Vec<String> = reflect::table_names(db)?
        .into_iter()
        .filter(|n| *n != opts.version_table)
        .collect();
    let model_names: Vec<&str> = metadata
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| *n != opts.version_table)
        .collect();
    let mut items = Vec::new();
    for table in metadata {
        if table.name == opts.version_table || conn_names.contains(&table.name) {
            continue;
        }
        items.push(Item::Op(Op::CreateTable {
            table: with_final_names(table)?,
            if_not_exists: false,
        }));
        tables_log(
            log,
            format!("Detected added table {}", str_repr(&table.name)),
        );
        log.diffs
            .push(diffs::tuple(&["'add_table'".into(), diffs::table(table)]));
        let ops = indexes_and_uniques(None, Some(table), log)?;
        if !ops.is_empty() {
            items.push(Item::Table {
                table: table.name.clone(),
                ops,
            });
        }
    }
    for name in &conn_names {
        if model_names.contains(&name.as_str()) {
            continue;
        }
        let conn = reflected(db, name)?;
        let ops = indexes_and_uniques(Some(&conn), None, log)?;
        if !ops.is_empty() {
            items.push(Item::Table {
                table: name.clone(),
                ops,
            });
        }
        log.diffs.push(diffs::tuple(&[
            "'remove_table'".into(),
            diffs::table(&conn),
        ]));
        items.push(Item::Op(Op::DropTable {
            table: conn,
            if_exists: false,
        }));
        tables_log(log, format!("Detected removed table {}", str_repr(name)));
    }
    for name in &conn_names {
        let Some(model) = metadata.iter().find(|t| t.name == *name) else {
            continue;
        };
        let conn = reflected(db, name)?;
        let ops = compare_table(&conn, model, opts, log)?;
        if !ops.is_empty() {
            items.push(Item::Table {
                table: name.clone(),
                ops,
            });
        }
    }
    Ok(Comparison {
        items,
        log: found.log,
        diffs: found.diffs,
    })
}

/// `UpgradeOps.reverse_into`: the downgrade, each operation reversed, in reverse order.
pub fn reverse(items: &[Item]) -> Result<Vec<Item>, String> {
    let rev = |op: &Op| {
        op.reverse()
            .ok_or_else(|| format!("Alembic cannot reverse {op:?}"))
    };
    items
        .iter()
        .rev()
        .map(|item| {
            Ok(match item {
                Item::Op(op) => Item::Op(rev(op)?),
                Item::Table { table, ops } => Item::Table {
                    table: table.clone(),
                    ops: ops.iter().rev().map(rev).collect::<Result<_, String>>()?,
                },
            })
        })
        .collect()
}

fn reflected(db: &Database, name: &str) -> Result<Table, String> {
    let mut t = reflect::reflect_table(db, name, Default::default())?.table;
    // `_InspectorConv`: reflected names are final (`conv`), rendered as `op.f(...)`.
    let fin = |n: &mut ConstraintName| {
        if let ConstraintName::Given(s) = n {
            *n = ConstraintName::Final(std::mem::take(s));
        }
    };
    t.constraints.iter_mut().for_each(|c| fin(&mut c.name));
    t.indexes.iter_mut().for_each(|i| fin(&mut i.name));
    fin(&mut t.primary_key.name);
    // SQLiteImpl.autogen_column_reflect: an expression default gets its parentheses.
    for c in &mut t.columns {
        if let Some(ServerDefault::Expr(Expr::Text(clause))) = &mut c.server_default
            && unparenthesized_sql_expr(&clause.text)
        {
            clause.text = format!("({})", clause.text);
        }
    }
    Ok(t)
}

/// `_compare_columns` with the table comparators inside it.
fn compare_table(
    conn: &Table,
    model: &Table,
    opts: &Options,
    log: &mut Found,
) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    let t = &model.name;
    for col in &model.columns {
        if conn.column(&col.name).is_none() {
            tables_log(log, format!("Detected added column '{t}.{}'", col.name));
            log.diffs.push(diffs::tuple(&[
                "'add_column'".into(),
                "None".into(),
                str_repr(t),
                diffs::column(col, model),
            ]));
            ops.push(Op::AddColumn {
                table: model.name.clone(),
                column: col.clone(),
                if_not_exists: false,
            });
        }
    }
    for col in &model.columns {
        if let Some(existing) = conn.column(&col.name)
            && let Some(alter) = compare_column(model, existing, col, opts, log)?
        {
            ops.push(Op::AlterColumn(alter));
        }
    }
    ops.extend(indexes_and_uniques(Some(conn), Some(model), log)?);
    ops.extend(foreign_keys(conn, model, log)?);
    for col in &conn.columns {
        if model.column(&col.name).is_none() {
            tables_log(log, format!("Detected removed column '{t}.{}'", col.name));
            log.diffs.push(diffs::tuple(&[
                "'remove_column'".into(),
                "None".into(),
                str_repr(t),
                diffs::column(col, conn),
            ]));
            ops.push(Op::DropColumn {
                table: model.name.clone(),
                column: col.name.clone(),
                if_exists: false,
                removed: Some(col.clone()),
            });
        }
    }
    Ok(ops)
}

/// The column comparators: type, nullability; the server default is only recorded as it
/// is (`compare_server_default` is off by default).
fn compare_column(
    model: &Table,
    conn_col: &Column,
    col: &Column,
    opts: &Options,
    log: &mut Found,
) -> Result<Option<AlterColumn>, String> {
    let at = format!("'{}.{}'", model.name, col.name);
    let mut alter = AlterColumn {
        table: model.name.clone(),
        column: col.name.clone(),
        // `_compare_type_setup` records it, unless `compare_type=False` stopped first.
        existing_type: opts.compare_type.then(|| conn_col.ty.clone()),
        existing_nullable: Some(conn_col.nullable),
        // `_user_compare_server_default` records the database's default (`None` included)
        // when either side has one; otherwise it stays unknown (`False` in Alembic).
        existing_server_default: (conn_col.server_default.is_some()
            || col.server_default.is_some())
        .then(|| conn_col.server_default.clone()),
        ..Default::default()
    };
    let mut changed = false;
    if conn_col.nullable != col.nullable {
        alter.nullable = Some(col.nullable);
        changed = true;
        let what = if col.nullable { "NULL" } else { "NOT NULL" };
        constraints_log(log, format!("Detected {what} on column {at}"));
    }
    let defaults = conn_col.server_default.is_some() || col.server_default.is_some();
    if !defaults || opts.compare_server_default {
        // `_setup_autoincrement` runs unless `compare_server_default=False` stopped the
        // server-default comparators first (it does when either side has a default).
        let is_autoinc = model.pk_columns() == [col.name.clone()]
            && col.ty.kind == TypeKind::Integer
            && col.autoincrement != crate::sql::schema::Autoincrement::False;
        alter.autoincrement = match col.autoincrement {
            crate::sql::schema::Autoincrement::True => Some(true),
            crate::sql::schema::Autoincrement::False => Some(false),
            _ if is_autoinc => Some(true),
            _ => None,
        };
    }
    if defaults && opts.compare_server_default {
        let meta = match &col.server_default {
            None => None,
            Some(ServerDefault::Str(s)) => Some(s.clone()),
            Some(ServerDefault::Expr(e)) => Some(sqlite::compile_expr_literal(e)?),
        };
        let conn = match &conn_col.server_default {
            Some(ServerDefault::Expr(Expr::Text(t))) => Some(t.text.clone()),
            Some(ServerDefault::Str(s)) => Some(s.clone()),
            Some(ServerDefault::Expr(e)) => Some(sqlite::compile_expr_literal(e)?),
            None => None,
        };
        if normalized_default(meta.as_deref()) != normalized_default(conn.as_deref()) {
            alter.server_default = Some(col.server_default.clone());
            changed = true;
            log.push(format!(
                "INFO  [alembic.autogenerate.compare.server_defaults] Dialect impl <alembic.ddl.sqlite.SQLiteImpl object at 0x0> detected server default on column {at}"
            ));
        }
    }
    // The dialect's type comparison is the last column comparator.
    if opts.compare_type
        && conn_col.ty.kind != TypeKind::Null
        && col.ty.kind != TypeKind::Null
        && types_differ(&conn_col.ty, &col.ty)?
    {
        alter.type_ = Some(col.ty.clone());
        changed = true;
        log.push(format!(
            "INFO  [alembic.autogenerate.compare.types] Detected type change from {} to {} on {at}",
            conn_col.ty.repr(),
            col.ty.repr()
        ));
    }
    if changed {
        // `AlterColumnOp.to_diff_tuple`: the type, then the nullability.
        let head = |kind: &str| {
            vec![
                format!("'{kind}'"),
                "None".into(),
                str_repr(&model.name),
                str_repr(&col.name),
            ]
        };
        let existing_default = match &alter.existing_server_default {
            None => "False".to_owned(),
            Some(None) => "None".to_owned(),
            Some(Some(d)) => diffs::existing_server_default(Some(d)),
        };
        let mut list = Vec::new();
        if let Some(t) = &alter.type_ {
            let mut d = head("modify_type");
            d.push(format!(
                "{{'existing_nullable': {}, 'existing_server_default': {existing_default}, 'existing_comment': None}}",
                py_bool(conn_col.nullable)
            ));
            d.push(conn_col.ty.repr());
            d.push(t.repr());
            list.push(diffs::tuple(&d));
        }
        if let Some(n) = alter.nullable {
            let mut d = head("modify_nullable");
            d.push(format!(
                "{{'existing_type': {}, 'existing_server_default': {existing_default}, 'existing_comment': None}}",
                alter.existing_type.as_ref().map_or("None".into(), |t| t.repr())
            ));
            d.push(py_bool(conn_col.nullable).into());
            d.push(py_bool(n).into());
            list.push(diffs::tuple(&d));
        }
        if let Some(new) = &alter.server_default {
            let mut d = head("modify_default");
            d.push(format!(
                "{{'existing_nullable': {}, 'existing_type': {}, 'existing_comment': None}}",
                py_bool(conn_col.nullable),
                alter
                    .existing_type
                    .as_ref()
                    .map_or("None".into(), |t| t.repr())
            ));
            d.push(existing_default.clone());
            d.push(
                new.as_ref()
                    .map_or("None".into(), |n| diffs::existing_server_default(Some(n))),
            );
            list.push(diffs::tuple(&d));
        }
        log.diffs.push(format!("[{}]", list.join(", ")));
    }
    Ok(changed.then_some(alter))
}

/// `SQLiteImpl.compare_server_default`'s normalisation: one pair of parentheses, then one
/// pair of quotes (double around single included) taken off.
fn normalized_default(d: Option<&str>) -> Option<String> {
    let d = d?;
    let d = match d.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) if !inner.is_empty() => inner,
        _ => d,
    };
    let unquoted = d
        .strip_prefix("\"'")
        .and_then(|r| r.strip_suffix("'\""))
        .or_else(|| d.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .or_else(|| d.strip_prefix("\"'").and_then(|r| r.strip_suffix('\'')))
        .or_else(|| d.strip_prefix('\'').and_then(|r| r.strip_suffix("'\"")))
        .filter(|r| !r.is_empty());
    Some(unquoted.unwrap_or(d).to_owned())
}

/// `DefaultImpl.compare_type`: both types as SQLite's type compiler writes them,
/// tokenized, compared by their first word (NUMERIC and DECIMAL are one) and their
/// arguments.
fn types_differ(
    conn: &crate::sql::types::SqlType,
    model: &crate::sql::types::SqlType,
) -> Result<bool, String> {
    let a = Params::of(&sqlite::render_type(conn)?);
    let b = Params::of(&sqlite::render_type(model)?);
    Ok(!(a.types_match(&b) && a.args_match(&b)))
}

/// `DefaultImpl._tokenize_column_type`'s result.
struct Params {
    token0: String,
    tokens: Vec<String>,
    args: Vec<String>,
}

impl Params {
    fn of(definition: &str) -> Params {
        let definition = definition.to_lowercase();
        let mut words = Vec::new();
        let mut paren: Option<String> = None;
        let mut rest = definition.as_str();
        while !rest.is_empty() {
            let c = rest.chars().next().unwrap_or(' ');
            if c == '(' {
                // `\(.+?\)`: the shortest parenthesised run with at least one character.
                match rest[2.min(rest.len())..].find(')') {
                    Some(end) if rest.len() > 2 => {
                        let end = end + 2;
                        paren = Some(rest[..=end].to_owned());
                        rest = &rest[end + 1..];
                    }
                    _ => rest = &rest[1..],
                }
            } else if c.is_alphanumeric() || c == '_' || c == '-' {
                let end = rest
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '-'))
                    .unwrap_or(rest.len());
                words.push(rest[..end].to_owned());
                rest = &rest[end..];
            } else {
                rest = &rest[c.len_utf8()..];
            }
        }
        let mut args = Vec::new();
        if let Some(p) = paren {
            for term in p.split(['(', ')', ',']).filter(|t| !t.is_empty()) {
                if !term.contains('=') {
                    args.push(term.trim().to_owned());
                }
            }
        }
        let token0 = if words.is_empty() {
            String::new()
        } else {
            words.remove(0)
        };
        Params {
            token0,
            tokens: words,
            args,
        }
    }

    fn types_match(&self, other: &Params) -> bool {
        if self.token0 == other.token0 {
            return true;
        }
        let synonyms = ["numeric", "decimal"];
        let all = |p: &Params| {
            std::iter::once(p.token0.clone())
                .chain(p.tokens.iter().cloned())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let both_in = |x: &str, y: &str| synonyms.contains(&x) && synonyms.contains(&y);
        both_in(&all(self), &all(other)) || both_in(&self.token0, &other.token0)
    }

    fn args_match(&self, meta: &Params) -> bool {
        if meta.tokens.len() == self.tokens.len() && meta.tokens != self.tokens {
            return false;
        }
        !(meta.args.len() == self.args.len() && meta.args != self.args)
    }
}

/// A unique constraint or an index, as `_constraint_sig` sees it.
#[derive(Debug, Clone)]
enum Sig {
    Index {
        name: String,
        index: Index,
    },
    Unique {
        name: Option<String>,
        constraint: Constraint,
        table: String,
    },
}

impl Sig {
    fn name(&self) -> Option<&str> {
        match self {
            Sig::Index { name, .. } => Some(name),
            Sig::Unique { name, .. } => name.as_deref(),
        }
    }

    /// The columns (or expressions) and, for an index, whether it is unique.
    fn unnamed(&self) -> (Vec<String>, bool) {
        match self {
            Sig::Index { index, .. } => (
                index
                    .expressions
                    .iter()
                    .map(|e| match e {
                        IndexExpr::Column(c) => c.clone(),
                        IndexExpr::Expr(e) => format!("{e:?}"),
                    })
                    .collect(),
                index.unique,
            ),
            Sig::Unique { constraint, .. } => (constraint.columns().to_vec(), true),
        }
    }

    fn is_functional(&self) -> bool {
        matches!(self, Sig::Index { index, .. } if index.expressions.iter().any(|e| matches!(e, IndexExpr::Expr(_))))
    }
}

/// The unique constraints and indexes of a table, with the names they have in the
/// database (a metadata object named by a naming convention takes `op.f(...)`).
fn sigs(table: &Table, reflected: bool) -> Result<Vec<Sig>, String> {
    let mut out = Vec::new();
    for c in &table.constraints {
        if let ConstraintKind::Unique { .. } = c.kind {
            let name = sqlite::constraint_name(c, table).map_err(|e| e.to_string())?;
            out.push(Sig::Unique {
                name,
                constraint: final_name(c.clone(), table, reflected)?,
                table: table.name.clone(),
            });
        }
    }
    for ix in &table.indexes {
        let Some(name) = sqlite::index_name(ix, table).map_err(|e| e.to_string())? else {
            continue;
        };
        let mut index = ix.clone();
        index.name = match &index.name {
            ConstraintName::Given(n) if *n == name && !reflected => {
                ConstraintName::Given(name.clone())
            }
            _ => ConstraintName::Final(name.clone()),
        };
        out.push(Sig::Index { name, index });
    }
    Ok(out)
}

/// The table with each constraint's name as the database will have it (a naming
/// convention's is final: `op.f(...)`).
fn with_final_names(t: &Table) -> Result<Table, String> {
    let mut out = t.clone();
    out.constraints = t
        .constraints
        .iter()
        .map(|c| final_name(c.clone(), t, false).unwrap_or_else(|_| c.clone()))
        .collect();
    if !t.primary_key.columns().is_empty() {
        out.primary_key = final_name(t.primary_key.clone(), t, false)?;
    }
    Ok(out)
}

fn final_name(mut c: Constraint, table: &Table, reflected: bool) -> Result<Constraint, String> {
    if let Some(name) = sqlite::constraint_name(&c, table).map_err(|e| e.to_string())? {
        c.name = match &c.name {
            ConstraintName::Given(n) if *n == name && !reflected => ConstraintName::Given(name),
            _ => ConstraintName::Final(name),
        };
    }
    Ok(c)
}

/// `_compare_indexes_and_uniques`.
fn indexes_and_uniques(
    conn: Option<&Table>,
    model: Option<&Table>,
    log: &mut Found,
) -> Result<Vec<Op>, String> {
    let tname = conn.or(model).map(|t| t.name.clone()).unwrap_or_default();
    let is_create = conn.is_none();
    let is_drop = model.is_none();
    let mut meta = match model {
        Some(t) => sigs(t, false)?,
        None => Vec::new(),
    };
    let mut conn_sigs = match conn {
        Some(t) => sigs(t, true)?,
        None => Vec::new(),
    };
    if is_drop {
        // For DROP TABLE the unique constraints go with the table.
        conn_sigs.retain(|s| matches!(s, Sig::Index { .. }));
    }
    // SQLiteImpl._skip_functional_indexes: SQLite reflects expressions it cannot compare.
    meta.retain(|s| !s.is_functional());
    conn_sigs.retain(|s| !s.is_functional());

    let mut ops = Vec::new();
    let name_repr = |s: &Sig| s.name().map_or("None".to_owned(), str_repr);
    let added = |s: &Sig, ops: &mut Vec<Op>, log: &mut Found| match s {
        Sig::Index { index, .. } => {
            ops.push(Op::CreateIndex {
                index: index.clone(),
                if_not_exists: false,
            });
            if let (Some(t), Some(name)) = (model, s.name()) {
                log.diffs.push(diffs::tuple(&[
                    "'add_index'".into(),
                    diffs::index(index, name, t),
                ]));
            }
            constraints_log(
                log,
                format!(
                    "Detected added index {} on '{}'",
                    name_repr(s),
                    tuple_repr(&s.unnamed().0)
                ),
            );
        }
        Sig::Unique {
            constraint, table, ..
        } if !(is_create || is_drop) => {
            ops.push(Op::AddConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
            });
            log.diffs.push(diffs::tuple(&[
                "'add_constraint'".into(),
                diffs::unique(constraint, table),
            ]));
            constraints_log(
                log,
                format!(
                    "Detected added unique constraint {} on '{}'",
                    name_repr(s),
                    tuple_repr(&s.unnamed().0)
                ),
            );
        }
        Sig::Unique { .. } => {}
    };
    let removed = |s: &Sig, ops: &mut Vec<Op>, log: &mut Found| match s {
        Sig::Index { index, .. } => {
            ops.push(Op::DropIndex {
                name: index.name.clone(),
                table: Some(index.table.clone()),
                if_exists: false,
                removed: Some(index.clone()),
            });
            if let (Some(t), Some(name)) = (conn, s.name()) {
                log.diffs.push(diffs::tuple(&[
                    "'remove_index'".into(),
                    diffs::index(index, name, t),
                ]));
            }
            constraints_log(
                log,
                format!(
                    "Detected removed index {} on {}",
                    name_repr(s),
                    str_repr(&tname)
                ),
            );
        }
        Sig::Unique {
            constraint, table, ..
        } if !(is_create || is_drop) => {
            ops.push(Op::DropConstraint {
                table: table.clone(),
                constraint: constraint.clone(),
            });
            log.diffs.push(diffs::tuple(&[
                "'remove_constraint'".into(),
                diffs::unique(constraint, table),
            ]));
            constraints_log(
                log,
                format!(
                    "Detected removed unique constraint {} on {}",
                    name_repr(s),
                    str_repr(&tname)
                ),
            );
        }
        Sig::Unique { .. } => {}
    };
    let named = |sigs: &[Sig]| {
        let mut v: Vec<(String, Sig)> = sigs
            .iter()
            .filter_map(|s| s.name().map(|n| (n.to_owned(), s.clone())))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let meta_named = named(&meta);
    let conn_named = named(&conn_sigs);
    let unnamed_meta_uniques: Vec<&Sig> = meta
        .iter()
        .filter(|s| matches!(s, Sig::Unique { name: None, .. }))
        .collect();
    for (name, c) in &conn_named {
        if meta_named.iter().any(|(n, _)| n == name) {
            continue;
        }
        if matches!(c, Sig::Unique { .. })
            && unnamed_meta_uniques
                .iter()
                .any(|m| m.unnamed() == c.unnamed())
        {
            continue;
        }
        removed(c, &mut ops, log);
    }
    for (name, m) in &meta_named {
        let Some((_, c)) = conn_named.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let same_kind = matches!(
            (m, c),
            (Sig::Index { .. }, Sig::Index { .. }) | (Sig::Unique { .. }, Sig::Unique { .. })
        );
        if !same_kind {
            removed(c, &mut ops, log);
            added(m, &mut ops, log);
        } else if m.unnamed() != c.unnamed() {
            // `obj_changed`: one log line with `compare_to_reflected`'s message, then the
            // drop and the create.
            let ((m_cols, m_unique), (c_cols, c_unique)) = (m.unnamed(), c.unnamed());
            let (kind, mut msg) = match m {
                Sig::Index { .. } => ("index", Vec::new()),
                Sig::Unique { .. } => ("unique constraint", Vec::new()),
            };
            if m_unique != c_unique {
                msg.push(format!(
                    "unique={} to unique={}",
                    py_bool(c_unique),
                    py_bool(m_unique)
                ));
            }
            if m_cols != c_cols {
                msg.push(format!(
                    "expression {} to {}",
                    tuple_repr(&c_cols),
                    tuple_repr(&m_cols)
                ));
            }
            let lines = log.log.len();
            removed(c, &mut ops, log);
            added(m, &mut ops, log);
            log.log.truncate(lines);
            constraints_log(
                log,
                format!(
                    "Detected changed {kind} {} on {}: {}",
                    str_repr(name),
                    str_repr(&tname),
                    msg.join(", ")
                ),
            );
        }
    }
    for (name, m) in &meta_named {
        if !conn_named.iter().any(|(n, _)| n == name) {
            added(m, &mut ops, log);
        }
    }
    let conn_unique_sigs: Vec<(Vec<String>, bool)> = conn_sigs
        .iter()
        .filter(|s| matches!(s, Sig::Unique { .. }))
        .map(Sig::unnamed)
        .collect();
    for m in unnamed_meta_uniques {
        if !conn_unique_sigs.contains(&m.unnamed()) {
            added(m, &mut ops, log);
        }
    }
    Ok(ops)
}

/// A foreign key as `_compare_foreign_keys` matches it: columns, referred table and
/// columns, and the options SQLite reflects (ON DELETE / ON UPDATE).
/// Local columns, referred `table.column`s, ON DELETE, ON UPDATE.
type FkSig = (Vec<String>, Vec<String>, Option<String>, Option<String>);

fn fk_sig(c: &Constraint) -> Option<FkSig> {
    match &c.kind {
        ConstraintKind::ForeignKey {
            columns,
            refcolumns,
            ondelete,
            onupdate,
            ..
        } => Some((
            columns.clone(),
            refcolumns.clone(),
            ondelete.as_ref().map(|s| s.to_uppercase()),
            onupdate.as_ref().map(|s| s.to_uppercase()),
        )),
        _ => None,
    }
}

/// `_compare_foreign_keys`.
fn foreign_keys(conn: &Table, model: &Table, log: &mut Found) -> Result<Vec<Op>, String> {
    let fk_line = |what: &str, c: &Constraint| {
        let (cols, refs, ..) = fk_sig(c).unwrap_or_default();
        let refs: Vec<&str> = refs
            .iter()
            .map(|r| r.rsplit_once('.').map_or(r.as_str(), |(_, c)| c))
            .collect();
        format!(
            "INFO  [alembic.autogenerate.compare.constraints] Detected {what} foreign key ({})({}) on table {}",
            cols.join(", "),
            refs.join(", "),
            model.name
        )
    };
    let mut ops = Vec::new();
    let conn_fks: Vec<&Constraint> = conn
        .constraints
        .iter()
        .filter(|c| fk_sig(c).is_some())
        .collect();
    let model_fks: Vec<&Constraint> = model
        .constraints
        .iter()
        .filter(|c| fk_sig(c).is_some())
        .collect();
    for c in &conn_fks {
        if !model_fks.iter().any(|m| fk_sig(m) == fk_sig(c)) {
            ops.push(Op::DropConstraint {
                table: conn.name.clone(),
                constraint: (*c).clone(),
            });
            log.push(fk_line("removed", c));
            let name = sqlite::constraint_name(c, conn).map_err(|e| e.to_string())?;
            log.diffs.push(diffs::tuple(&[
                "'remove_fk'".into(),
                diffs::foreign_key(c, name.as_deref(), &conn.name),
            ]));
        }
    }
    for m in &model_fks {
        if !conn_fks.iter().any(|c| fk_sig(c) == fk_sig(m)) {
            ops.push(Op::AddConstraint {
                table: model.name.clone(),
                constraint: final_name((*m).clone(), model, false)?,
            });
            log.push(fk_line("added", m));
            let name = sqlite::constraint_name(m, model).map_err(|e| e.to_string())?;
            log.diffs.push(diffs::tuple(&[
                "'add_fk'".into(),
                diffs::foreign_key(m, name.as_deref(), &model.name),
            ]));
        }
    }
    Ok(ops)
}
