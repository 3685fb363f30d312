//! `sqlalchemy.inspect(op.get_bind())`: SQLAlchemy's `Inspector` over the live database, as
//! its SQLite dialect answers (`dialects/sqlite/base.py`): the same lists, in the same
//! order, as the same dicts. Revision files use it to ask before they act ("does this table /
//! column / index exist yet?").
//!
//! Tables are read with [`reflect_table`], the reflection batch mode uses, so names, foreign
//! key options, UNIQUE and CHECK constraints are parsed from the stored DDL exactly as there.

use std::rc::Rc;

use retort_pyscript::{Args, Dict, EvalResult, HostObject, Interp, Value};

use super::args::Bound;
use super::sa::SaType;
use crate::operations::MigrationContext;
use crate::sql::expr::Expr;
use crate::sql::schema::{ConstraintKind, NamingConvention, Table};
use crate::sqlite::reflect::{self, Generated, reflect_error, reflect_table, reflected_type};

pub struct Inspector(pub Rc<MigrationContext>);

fn dict(items: Vec<(&str, Value)>) -> Value {
    let mut d = Dict::new();
    for (k, v) in items {
        let _ = d.insert(Value::str(k), v);
    }
    Value::dict(d)
}

fn strs<'a>(items: impl IntoIterator<Item = &'a String>) -> Value {
    Value::list(items.into_iter().map(|s| Value::str(s)).collect())
}

fn opt_str(s: Option<&str>) -> Value {
    s.map(Value::str).unwrap_or(Value::None)
}

impl Inspector {
    fn conn(&self) -> &rusqlite::Connection {
        self.0.db.connection()
    }

    /// `SELECT name FROM sqlite_master WHERE type=? AND name NOT LIKE 'sqlite~_%' ESCAPE '~'
    /// ORDER BY name`, as the dialect asks.
    fn names(&self, kind: &str) -> Result<Vec<String>, String> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = ?1 \
                 AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name",
            )
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map([kind], |r| r.get::<_, String>(0))
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<_, _>>().map_err(|e| e.to_string())
    }

    fn table(&self, interp: &mut Interp, name: &str) -> EvalResult<Table> {
        reflect_table(&self.0.db, name, NamingConvention::default())
            .map(|r| r.table)
            .map_err(|e| super::op::raise(interp, reflect_error(e)))
    }

    /// `get_columns`: `PRAGMA table_xinfo`, the default as SQLite stores its text.
    fn columns(&self, interp: &mut Interp, table: &str) -> EvalResult<Value> {
        let rows = crate::inspect::columns(&self.0.db, table)
            .map_err(|e| interp.exc("OperationalError", e.to_string()))?;
        if rows.is_empty() {
            return Err(super::op::raise(interp, reflect_error(table.to_owned())));
        }
        // The table's SQL, read once and only for generated columns, as the dialect does.
        let mut table_sql: Option<String> = None;
        let mut out = Vec::with_capacity(rows.len());
        // Hidden columns of virtual tables are not reported.
        for c in rows.into_iter().filter(|c| c.hidden != 1) {
            let generated = match c.hidden {
                2 | 3 => {
                    let sql = table_sql.get_or_insert_with(|| {
                        reflect::table_sql(&self.0.db, table).unwrap_or_default()
                    });
                    Generated::of(c.hidden, sql, &c.name)
                }
                _ => None,
            };
            let ty = reflected_type(&c.decl_type, generated.is_some());
            let mut items = vec![
                ("name", Value::str(&c.name)),
                ("type", Value::host(SaType(ty))),
                ("nullable", Value::Bool(!c.not_null)),
                ("default", opt_str(c.default.as_deref())),
                ("primary_key", Value::Int(c.pk as i64)),
            ];
            if let Some(g) = generated {
                items.push((
                    "computed",
                    dict(vec![
                        ("sqltext", Value::str(&g.sqltext)),
                        ("persisted", Value::Bool(g.persisted)),
                    ]),
                ));
            }
            out.push(dict(items));
        }
        Ok(Value::list(out))
    }

    fn method(self: &Rc<Self>, name: &'static str) -> Option<Value> {
        let this = self.clone();
        let f = move |interp: &mut Interp, args: Args| -> EvalResult {
            let table_arg = |interp: &mut Interp, args: Args, params: &'static [&'static str]| {
                let mut b = Bound::new(interp, name, params, args, false)?;
                let _ = b.take_extra("schema");
                b.required_str(interp, params[0])
            };
            let err = |interp: &mut Interp, e: String| interp.exc("OperationalError", e);
            Ok(match name {
                "get_table_names" => strs(&this.names("table").map_err(|e| err(interp, e))?),
                "get_view_names" => strs(&this.names("view").map_err(|e| err(interp, e))?),
                "get_schema_names" => Value::list(vec![Value::str("main")]),
                // As the dialect asks: does the table (or view) have columns?
                "has_table" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    let columns = crate::inspect::columns(&this.0.db, &t)
                        .map_err(|e| err(interp, e.to_string()))?;
                    Value::Bool(!columns.is_empty())
                }
                "get_columns" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    this.columns(interp, &t)?
                }
                "get_pk_constraint" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    let table = this.table(interp, &t)?;
                    let (cols, name) = match &table.primary_key.kind {
                        ConstraintKind::PrimaryKey { columns } if !columns.is_empty() => {
                            (columns.clone(), table.primary_key.name.as_str())
                        }
                        _ => (vec![], None),
                    };
                    dict(vec![
                        ("constrained_columns", strs(&cols)),
                        ("name", opt_str(name)),
                    ])
                }
                "get_foreign_keys" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    let table = this.table(interp, &t)?;
                    foreign_keys(&table)
                }
                "get_indexes" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    let table = this.table(interp, &t)?;
                    indexes(&table)
                }
                "has_index" => {
                    let mut b =
                        Bound::new(interp, name, &["table_name", "index_name"], args, false)?;
                    let _ = b.take_extra("schema");
                    let t = b.required_str(interp, "table_name")?;
                    let i = b.required_str(interp, "index_name")?;
                    let table = this.table(interp, &t)?;
                    Value::Bool(table.indexes.iter().any(|ix| ix.name.as_str() == Some(&i)))
                }
                "get_unique_constraints" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    let table = this.table(interp, &t)?;
                    let mut uniques: Vec<(Option<String>, Vec<String>)> = table
                        .constraints
                        .iter()
                        .filter_map(|c| match &c.kind {
                            ConstraintKind::Unique { columns } => {
                                Some((c.name.as_str().map(str::to_owned), columns.clone()))
                            }
                            _ => None,
                        })
                        .collect();
                    uniques.sort_by(|a, b| sort_name(&a.0).cmp(sort_name(&b.0)));
                    Value::list(
                        uniques
                            .into_iter()
                            .map(|(n, cols)| {
                                dict(vec![
                                    ("name", opt_str(n.as_deref())),
                                    ("column_names", strs(&cols)),
                                ])
                            })
                            .collect(),
                    )
                }
                "get_check_constraints" => {
                    let t = table_arg(interp, args, &["table_name"])?;
                    let table = this.table(interp, &t)?;
                    Value::list(
                        table
                            .constraints
                            .iter()
                            .filter_map(|c| match &c.kind {
                                ConstraintKind::Check {
                                    sqltext: Expr::Text(t),
                                } => Some(dict(vec![
                                    ("sqltext", Value::str(&t.text)),
                                    ("name", opt_str(c.name.as_str())),
                                ])),
                                _ => None,
                            })
                            .collect(),
                    )
                }
                "get_table_comment" => {
                    return Err(interp.exc("NotImplementedError", ""));
                }
                other => unreachable!("inspector method {other}"),
            })
        };
        Some(Value::native(name, f))
    }
}

/// `sort(key=lambda d: d["name"] or "~")`: unnamed last.
fn sort_name(n: &Option<String>) -> &str {
    n.as_deref().unwrap_or("~")
}

fn foreign_keys(table: &Table) -> Value {
    Value::list(
        table
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::ForeignKey {
                    columns,
                    refcolumns,
                    ondelete,
                    onupdate,
                    ..
                } => {
                    let referred_table = refcolumns
                        .first()
                        .and_then(|r| r.rsplit_once('.'))
                        .map(|(t, _)| t.to_owned())
                        .unwrap_or_default();
                    let referred: Vec<String> = refcolumns
                        .iter()
                        .map(|r| r.rsplit_once('.').map_or(r.as_str(), |(_, c)| c).to_owned())
                        .collect();
                    let mut options = Vec::new();
                    if let Some(d) = ondelete {
                        options.push(("ondelete", Value::str(d)));
                    }
                    if let Some(u) = onupdate {
                        options.push(("onupdate", Value::str(u)));
                    }
                    if let Some(d) = c.deferrable {
                        options.push(("deferrable", Value::Bool(d)));
                    }
                    if let Some(i) = &c.initially {
                        options.push(("initially", Value::str(i)));
                    }
                    Some(dict(vec![
                        ("name", opt_str(c.name.as_str())),
                        ("constrained_columns", strs(columns)),
                        ("referred_schema", Value::None),
                        ("referred_table", Value::str(&referred_table)),
                        ("referred_columns", strs(&referred)),
                        ("options", dict(options)),
                    ]))
                }
                _ => None,
            })
            .collect(),
    )
}

fn indexes(table: &Table) -> Value {
    use crate::sql::schema::IndexExpr;
    let mut ixs: Vec<_> = table.indexes.iter().collect();
    ixs.sort_by(|a, b| {
        a.name
            .as_str()
            .unwrap_or("~")
            .cmp(b.name.as_str().unwrap_or("~"))
    });
    Value::list(
        ixs.into_iter()
            .map(|ix| {
                let cols: Vec<String> = ix
                    .expressions
                    .iter()
                    .filter_map(|e| match e {
                        IndexExpr::Column(c) => Some(c.clone()),
                        IndexExpr::Expr(_) => None,
                    })
                    .collect();
                let mut options = Vec::new();
                if let Some(Expr::Text(w)) = &ix.sqlite_where {
                    options.push((
                        "sqlite_where",
                        Value::host(super::sa::SaExpr(Expr::Text(w.clone()))),
                    ));
                }
                dict(vec![
                    ("name", opt_str(ix.name.as_str())),
                    ("column_names", strs(&cols)),
                    ("unique", Value::Int(ix.unique as i64)),
                    ("dialect_options", dict(options)),
                ])
            })
            .collect(),
    )
}

const METHODS: &[&str] = &[
    "get_table_names",
    "get_view_names",
    "get_schema_names",
    "has_table",
    "get_columns",
    "get_pk_constraint",
    "get_foreign_keys",
    "get_indexes",
    "has_index",
    "get_unique_constraints",
    "get_check_constraints",
    "get_table_comment",
];

impl HostObject for Inspector {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Inspector".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "default_schema_name" => Some(Value::str("main")),
            "bind" => Some(Value::host(super::conn::Connection::new(self.0.clone()))),
            "dialect" => Some(Value::host(super::conn::Dialect)),
            _ => METHODS
                .iter()
                .find(|m| **m == name)
                .and_then(|&m| self.method(m)),
        })
    }
    fn repr(&self) -> String {
        "<sqlalchemy.engine.reflection.Inspector object>".into()
    }
}

/// `sqlalchemy.engine.reflection.Inspector` itself: `Inspector.from_engine(bind)` and
/// `Inspector(bind)`, SQLAlchemy 1.x's spellings of `inspect(bind)`.
pub(crate) struct InspectorClass;

impl HostObject for InspectorClass {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "type".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "from_engine" => Some(Value::native(
                "from_engine",
                super::sa::inspector_from_engine,
            )),
            "__name__" => Some(Value::str("Inspector")),
            _ => None,
        })
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> EvalResult<Option<Value>> {
        super::sa::inspector_from_engine(interp, args).map(Some)
    }
    fn repr(&self) -> String {
        "<class 'sqlalchemy.engine.reflection.Inspector'>".into()
    }
}
