//! env.py's autogenerate callables — `include_object`, `include_name`, `compare_type`,
//! `compare_server_default`, `process_revision_directives` — called where Alembic calls
//! them. They are env.py's own functions, so they run in the interpreter that ran env.py;
//! what they are asked about is given as Python objects: the models' own `Table` and
//! `Column` objects, and reflected ones made from what SQLite reports.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use indexmap::IndexMap;
use retort_pyscript::{Args, Dict, Interp, Unwind, Value};

use crate::autogenerate::{Hooks, Item, Object};
use crate::host::Placeholder;
use crate::host::sa::{SaConstraint, SaIndex, SaTable};
use crate::operations::Op;
use crate::sql::schema::Table;

/// The callables env.py gave `context.configure(...)`.
#[derive(Default)]
pub(super) struct Callables {
    pub include_object: Option<Value>,
    pub include_name: Option<Value>,
    pub compare_type: Option<Value>,
    pub compare_server_default: Option<Value>,
    pub process_revision_directives: Option<Value>,
}

impl Callables {
    pub fn is_empty(&self) -> bool {
        self.include_object.is_none()
            && self.include_name.is_none()
            && self.compare_type.is_none()
            && self.compare_server_default.is_none()
            && self.process_revision_directives.is_none()
    }
}

/// env.py's callables with the interpreter they belong to.
pub struct EnvHooks {
    interp: RefCell<Interp>,
    callables: Callables,
    /// The models' `Table` objects, by name.
    tables: IndexMap<String, Value>,
    /// `config.cmd_opts.autogenerate`, true while autogenerate runs the callables.
    autogenerate: Rc<Cell<bool>>,
}

/// What `process_revision_directives` left of the revision to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub rev_id: String,
    pub message: Option<String>,
    /// The upgrade's and the downgrade's operations the hook kept, by position.
    pub upgrade: Vec<usize>,
    pub downgrade: Vec<usize>,
}

/// The handle `EnvSettings` keeps: equal only to itself.
#[derive(Clone)]
pub struct EnvHooksRef(pub Rc<EnvHooks>);

impl PartialEq for EnvHooksRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for EnvHooksRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnvHooks")
    }
}

impl EnvHooks {
    pub(super) fn new(
        interp: Interp,
        callables: Callables,
        tables: IndexMap<String, Value>,
        autogenerate: Rc<Cell<bool>>,
    ) -> EnvHooks {
        EnvHooks {
            interp: RefCell::new(interp),
            callables,
            tables,
            autogenerate,
        }
    }

    /// What the callables printed since the last call (Alembic's stdout).
    pub fn take_output(&self) -> String {
        std::mem::take(&mut self.interp.borrow_mut().output)
    }

    /// `f(*args)`; an exception it raises is an error naming where.
    fn call(&self, what: &str, f: &Value, args: Vec<Value>) -> Result<Value, String> {
        self.autogenerate.set(true);
        let mut interp = self.interp.borrow_mut();
        let result = interp.call(f, Args::new(args));
        self.autogenerate.set(false);
        result.map_err(|u| failed(&mut interp, what, u))
    }

    fn truthy(&self, what: &str, v: &Value) -> Result<bool, String> {
        let mut interp = self.interp.borrow_mut();
        interp.truthy(v).map_err(|u| failed(&mut interp, what, u))
    }

    fn table(&self, t: &Table, reflected: bool) -> Value {
        match self.tables.get(&t.name) {
            Some(v) if !reflected => v.clone(),
            _ => Value::host(SaTable {
                table: RefCell::new(t.clone()),
                lightweight: false,
            }),
        }
    }

    /// The Python object for `o`: the models' own, or one made from the reflected table.
    fn object(&self, o: Object<'_>, reflected: bool) -> Result<Value, String> {
        Ok(match o {
            Object::Table(t) => self.table(t, reflected),
            Object::Column(t, c) => {
                let table = self.table(t, reflected);
                let mut interp = self.interp.borrow_mut();
                let column = interp
                    .get_attr(&table, "c")
                    .and_then(|cols| interp.get_item(&cols, &Value::str(&c.name)));
                column.map_err(|u| failed(&mut interp, "a column", u))?
            }
            Object::Index(_, ix) => Value::host(SaIndex(RefCell::new(ix.clone()))),
            Object::Constraint(_, c) => Value::host(SaConstraint(RefCell::new(c.clone()))),
        })
    }

    fn attr(&self, v: &Value, name: &str) -> Result<Value, String> {
        let mut interp = self.interp.borrow_mut();
        interp
            .get_attr(v, name)
            .map_err(|u| failed(&mut interp, name, u))
    }

    /// `process_revision_directives(context, revision, directives)` on the revision about to
    /// be written; `None` when there is no such hook. A hook that empties `directives` leaves
    /// nothing to write (`Some` with no directive).
    pub fn revision_directives(
        &self,
        current: &[String],
        rev_id: &str,
        message: Option<&str>,
        upgrade: &[Item],
        downgrade: &[Item],
    ) -> Result<Option<Option<Directive>>, String> {
        let Some(f) = &self.callables.process_revision_directives else {
            return Ok(None);
        };
        let module = {
            let mut interp = self.interp.borrow_mut();
            match interp.try_import("alembic.operations.ops") {
                Ok(Some(m)) => m,
                Ok(None) => return Err("alembic.operations.ops is missing".into()),
                Err(u) => return Err(failed(&mut interp, "alembic.operations.ops", u)),
            }
        };
        let class = |name: &str| self.attr(&module, name);
        let ops = |items: &[Item]| -> Result<Value, String> {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let index = Value::Int(i as i64);
                let op = match item {
                    Item::Table { table, .. } => self.call(
                        "ModifyTableOps",
                        &class("ModifyTableOps")?,
                        vec![
                            Value::str(table),
                            Value::list(Vec::new()),
                            Value::None,
                            index,
                        ],
                    )?,
                    Item::Op(_) => {
                        self.call(op_class(item), &class(op_class(item))?, vec![index])?
                    }
                };
                out.push(op);
            }
            Ok(Value::list(out))
        };
        let up = self.call("UpgradeOps", &class("UpgradeOps")?, vec![ops(upgrade)?])?;
        let down = self.call(
            "DowngradeOps",
            &class("DowngradeOps")?,
            vec![ops(downgrade)?],
        )?;
        let script = self.call(
            "MigrationScript",
            &class("MigrationScript")?,
            vec![
                Value::str(rev_id),
                up,
                down,
                message.map(Value::str).unwrap_or(Value::None),
            ],
        )?;
        let directives = Value::list(vec![script]);
        let revision = Value::tuple(current.iter().map(|c| Value::str(c)).collect());
        self.call(
            "process_revision_directives",
            f,
            vec![context(), revision, directives.clone()],
        )?;
        let Value::List(list) = &directives else {
            return Ok(Some(None));
        };
        let Some(script) = list.borrow().first().cloned() else {
            return Ok(Some(None));
        };
        let kept = |ops_attr: &str| -> Result<Vec<usize>, String> {
            let holder = self.attr(&script, ops_attr)?;
            let ops = self.attr(&holder, "ops")?;
            let items = {
                let mut interp = self.interp.borrow_mut();
                interp
                    .iterate(&ops)
                    .map_err(|u| failed(&mut interp, ops_attr, u))?
            };
            let mut out = Vec::new();
            for op in items {
                match self.attr(&op, "_retort_index") {
                    Ok(Value::Int(i)) => out.push(i as usize),
                    _ => {
                        return Err(format!(
                            "process_revision_directives put an operation Retort did not make into {ops_attr}: Retort applies a hook that keeps, removes or reorders the operations, or empties the directives, not one that builds new ones"
                        ));
                    }
                }
            }
            Ok(out)
        };
        let rev_id = self.attr(&script, "rev_id")?;
        let message = self.attr(&script, "message")?;
        Ok(Some(Some(Directive {
            rev_id: retort_pyscript::to_str(&rev_id),
            message: message.as_str().map(str::to_owned),
            upgrade: kept("upgrade_ops")?,
            downgrade: kept("downgrade_ops")?,
        })))
    }
}

/// Alembic's class for the operation `item` (what a hook's `isinstance` checks would see).
fn op_class(item: &Item) -> &'static str {
    match item {
        Item::Table { .. } => "ModifyTableOps",
        Item::Op(op) => match op {
            Op::CreateTable { .. } => "CreateTableOp",
            Op::DropTable { .. } => "DropTableOp",
            Op::AddColumn { .. } => "AddColumnOp",
            Op::DropColumn { .. } => "DropColumnOp",
            Op::AlterColumn(_) => "AlterColumnOp",
            Op::CreateIndex { .. } => "CreateIndexOp",
            Op::DropIndex { .. } => "DropIndexOp",
            Op::DropConstraint { .. } => "DropConstraintOp",
            Op::AddConstraint { constraint, .. } => match constraint.kind {
                crate::sql::schema::ConstraintKind::ForeignKey { .. } => "CreateForeignKeyOp",
                crate::sql::schema::ConstraintKind::Unique { .. } => "CreateUniqueConstraintOp",
                _ => "AddConstraintOp",
            },
            _ => "MigrateOperation",
        },
    }
}

/// The `context` argument: Retort has no `MigrationContext` object to give.
fn context() -> Value {
    Value::host(Placeholder(Rc::from("context")))
}

fn failed(interp: &mut Interp, what: &str, u: Unwind) -> String {
    let e = interp.unwind_to_error(u);
    // `short()` ends with the exception and its message.
    format!("{} (raised in env.py's {what})", e.short())
}

impl Hooks for EnvHooks {
    fn include_name(
        &self,
        name: Option<&str>,
        type_: &str,
        table: Option<&str>,
    ) -> Result<bool, String> {
        let Some(f) = &self.callables.include_name else {
            return Ok(true);
        };
        let mut parents = Dict::new();
        let table_name = if type_ == "table" { name } else { table };
        if type_ != "table" {
            parents.insert_str("table_name", opt(table));
        }
        parents.insert_str("schema_name", Value::None);
        if let Some(t) = table_name {
            parents.insert_str("schema_qualified_table_name", Value::str(t));
        }
        let args = vec![opt(name), Value::str(type_), Value::dict(parents)];
        let r = self.call("include_name", f, args)?;
        self.truthy("include_name", &r)
    }

    fn include_object(
        &self,
        object: Object<'_>,
        name: Option<&str>,
        type_: &str,
        reflected: bool,
        compare_to: Option<Object<'_>>,
    ) -> Result<bool, String> {
        let Some(f) = &self.callables.include_object else {
            return Ok(true);
        };
        let compare_to = match compare_to {
            Some(o) => self.object(o, !reflected)?,
            None => Value::None,
        };
        let args = vec![
            self.object(object, reflected)?,
            opt(name),
            Value::str(type_),
            Value::Bool(reflected),
            compare_to,
        ];
        let r = self.call("include_object", f, args)?;
        self.truthy("include_object", &r)
    }

    fn compare_type(&self, conn: Object<'_>, model: Object<'_>) -> Result<Option<bool>, String> {
        let Some(f) = &self.callables.compare_type else {
            return Ok(None);
        };
        let (c, m) = (self.object(conn, true)?, self.object(model, false)?);
        let (ct, mt) = (self.attr(&c, "type")?, self.attr(&m, "type")?);
        let r = self.call("compare_type", f, vec![context(), c, m, ct, mt])?;
        if r.is_none() {
            return Ok(None);
        }
        self.truthy("compare_type", &r).map(Some)
    }

    fn compare_server_default(
        &self,
        conn: Object<'_>,
        model: Object<'_>,
        conn_default: Option<&str>,
        rendered_model_default: Option<&str>,
    ) -> Result<Option<bool>, String> {
        let Some(f) = &self.callables.compare_server_default else {
            return Ok(None);
        };
        let (c, m) = (self.object(conn, true)?, self.object(model, false)?);
        let model_default = self.attr(&m, "server_default")?;
        let args = vec![
            context(),
            c,
            m,
            opt(conn_default),
            model_default,
            opt(rendered_model_default),
        ];
        let r = self.call("compare_server_default", f, args)?;
        if r.is_none() {
            return Ok(None);
        }
        self.truthy("compare_server_default", &r).map(Some)
    }
}

fn opt(s: Option<&str>) -> Value {
    s.map(Value::str).unwrap_or(Value::None)
}
