//! `_compare_indexes_and_uniques` and `_compare_foreign_keys`.

use retort_pyscript::str_repr;

use super::{Found, Hooks, Object, constraints_log, tuple_repr};
use crate::autogenerate::diffs;
use crate::autogenerate::render::py_bool;
use crate::operations::Op;
use crate::sql::schema::{Constraint, ConstraintKind, ConstraintName, Index, IndexExpr, Table};
use crate::sqlite;

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

    /// `include_object`'s `type_`.
    fn kind(&self) -> &'static str {
        match self {
            Sig::Index { .. } => "index",
            Sig::Unique { .. } => "unique_constraint",
        }
    }

    fn object<'a>(&'a self, table: &'a Table) -> Object<'a> {
        match self {
            Sig::Index { index, .. } => Object::Index(table, index),
            Sig::Unique { constraint, .. } => Object::Constraint(table, constraint),
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
pub(super) fn with_final_names(t: &Table) -> Result<Table, String> {
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
pub(super) fn indexes_and_uniques(
    conn: Option<&Table>,
    model: Option<&Table>,
    log: &mut Found,
    hooks: &dyn Hooks,
) -> Result<Vec<Op>, String> {
    let tname = conn.or(model).map(|t| t.name.clone()).unwrap_or_default();
    let is_create = conn.is_none();
    let is_drop = model.is_none();
    let mut meta = match model {
        Some(t) => sigs(t, false)?,
        None => Vec::new(),
    };
    let mut conn_sigs = Vec::new();
    if let Some(t) = conn {
        for s in sigs(t, true)? {
            if hooks.include_name(s.name(), s.kind(), Some(&t.name))? {
                conn_sigs.push(s);
            }
        }
    }
    // `include_object` for one index or unique constraint, from the models (`new`) or
    // reflected.
    let include = |s: &Sig, reflected: bool, compare_to: Option<&Sig>| -> Result<bool, String> {
        let Some(t) = (if reflected { conn } else { model }) else {
            return Ok(true);
        };
        let other = match (compare_to, conn) {
            (Some(c), Some(ct)) => Some(c.object(ct)),
            _ => None,
        };
        hooks.include_object(s.object(t), s.name(), s.kind(), reflected, other)
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
    let added_op = |s: &Sig, ops: &mut Vec<Op>, log: &mut Found| match s {
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
    let removed_op = |s: &Sig, ops: &mut Vec<Op>, log: &mut Found| match s {
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
    let added = |s: &Sig, ops: &mut Vec<Op>, log: &mut Found| -> Result<(), String> {
        if !include(s, false, None)? {
            return Ok(());
        }
        added_op(s, ops, log);
        Ok(())
    };
    let removed = |s: &Sig, ops: &mut Vec<Op>, log: &mut Found| -> Result<(), String> {
        if !include(s, true, None)? {
            return Ok(());
        }
        removed_op(s, ops, log);
        Ok(())
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
        removed(c, &mut ops, log)?;
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
            removed(c, &mut ops, log)?;
            added(m, &mut ops, log)?;
        } else if m.unnamed() != c.unnamed() && include(m, false, Some(c))? {
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
            removed_op(c, &mut ops, log);
            added_op(m, &mut ops, log);
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
            added(m, &mut ops, log)?;
        }
    }
    let conn_unique_sigs: Vec<(Vec<String>, bool)> = conn_sigs
        .iter()
        .filter(|s| matches!(s, Sig::Unique { .. }))
        .map(Sig::unnamed)
        .collect();
    for m in unnamed_meta_uniques {
        if !conn_unique_sigs.contains(&m.unnamed()) {
            added(m, &mut ops, log)?;
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

fn model_fks_of(model: &Table) -> Vec<&Constraint> {
    model
        .constraints
        .iter()
        .filter(|c| fk_sig(c).is_some())
        .collect()
}

/// `_compare_foreign_keys`.
pub(super) fn foreign_keys(
    conn: &Table,
    model: &Table,
    log: &mut Found,
    hooks: &dyn Hooks,
) -> Result<Vec<Op>, String> {
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
    let mut conn_fks: Vec<&Constraint> = Vec::new();
    for c in conn.constraints.iter().filter(|c| fk_sig(c).is_some()) {
        let name = sqlite::constraint_name(c, conn).map_err(|e| e.to_string())?;
        if hooks.include_name(name.as_deref(), "foreign_key_constraint", Some(&conn.name))? {
            conn_fks.push(c);
        }
    }
    let model_fks = model_fks_of(model);
    // `include_object`, with `compare_to` the other side's key of the same name.
    let include = |c: &Constraint, reflected: bool| -> Result<bool, String> {
        let (this, other, others) = if reflected {
            (conn, model, &model_fks)
        } else {
            (model, conn, &conn_fks)
        };
        let name = sqlite::constraint_name(c, this).map_err(|e| e.to_string())?;
        let same_name = match &name {
            Some(n) => others
                .iter()
                .find(|o| sqlite::constraint_name(o, other).ok().flatten().as_ref() == Some(n))
                .copied(),
            None => None,
        };
        hooks.include_object(
            Object::Constraint(this, c),
            name.as_deref(),
            "foreign_key_constraint",
            reflected,
            same_name.map(|o| Object::Constraint(other, o)),
        )
    };
    for c in &conn_fks {
        if !model_fks.iter().any(|m| fk_sig(m) == fk_sig(c)) && include(c, true)? {
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
        if !conn_fks.iter().any(|c| fk_sig(c) == fk_sig(m)) && include(m, false)? {
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
