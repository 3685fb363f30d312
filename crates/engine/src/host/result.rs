//! What `connection.execute` returns: SQLAlchemy 2's `CursorResult`, `Row` and the
//! `scalars()` / `mappings()` results, with the result processors of typed selects.

use std::cell::Cell;
use std::rc::Rc;

use retort_pyscript::{Dict, EvalResult, HostObject, Interp, Value};

use super::conn::sql_to_py;
use crate::operations::Rows;
use crate::sql::expr::{SqlValue, Statement};
use crate::sql::types::{SqlType, TypeKind};

pub fn result(rows: Rows) -> Value {
    cursor_result(
        rows.columns,
        rows.rowcount,
        rows.rows.into_iter().map(RowValues::Sql),
    )
}

/// The result of a typed statement (`select(t.c.data, t.c.created)`): each value through its
/// column type's result processor, as SQLAlchemy's SQLite dialect processes it when rows are
/// fetched — JSON parsed, DATETIME / DATE / TIME strings into `datetime` / `date` / `time`,
/// BOOLEAN into `bool`. `text()` and other types give SQLite's values, as there.
pub(super) fn typed_result(
    interp: &mut Interp,
    rows: Rows,
    procs: &[ColumnProcessor],
) -> EvalResult<Value> {
    if procs.len() != rows.columns.len() || procs.iter().all(ColumnProcessor::is_none) {
        return Ok(result(rows));
    }
    let mut out = Vec::with_capacity(rows.rows.len());
    for row in rows.rows {
        let mut values = Vec::with_capacity(row.len());
        for (v, p) in row.iter().zip(procs) {
            values.push(p.apply(interp, v)?);
        }
        out.push(RowValues::Py(values));
    }
    Ok(cursor_result(rows.columns, rows.rowcount, out.into_iter()))
}

/// A column's result processing: its type's, then its TypeDecorator's
/// `process_result_value`, if the project's type defines one.
pub(super) struct ColumnProcessor {
    base: Processor,
    decorator: Option<crate::sql::types::Decorator>,
}

impl ColumnProcessor {
    fn of(t: &SqlType) -> ColumnProcessor {
        ColumnProcessor {
            base: Processor::of(t),
            decorator: t.decorator.clone(),
        }
    }

    fn is_none(&self) -> bool {
        self.base == Processor::None && self.decorator.is_none()
    }

    pub(super) fn apply(&self, interp: &mut Interp, v: &SqlValue) -> EvalResult<Value> {
        let value = self.base.apply(interp, v)?;
        match &self.decorator {
            Some(d) => super::typedecorator::result_value(interp, d, &value),
            None => Ok(value),
        }
    }
}

fn cursor_result(
    columns: Vec<String>,
    rowcount: i64,
    rows: impl Iterator<Item = RowValues>,
) -> Value {
    let columns: Rc<[String]> = Rc::from(columns);
    // Plain rows keep the values SQLite gave; each becomes a Python value when it is read
    // (half the memory of converting 100,000 rows up front, and as many fresh pages).
    let rows: Vec<Rc<Row>> = rows
        .map(|values| {
            Rc::new(Row {
                columns: columns.clone(),
                values,
            })
        })
        .collect();
    Value::host(CursorResult {
        columns,
        rows: std::cell::RefCell::new(rows),
        pos: Cell::new(0),
        rowcount: Cell::new(rowcount),
        lastrowid: Cell::new(None),
    })
}

/// The result processors of a statement's columns: a `select()`'s column types; none for
/// other statements.
pub(super) fn processors(stmt: &Statement) -> Vec<ColumnProcessor> {
    let columns = match stmt {
        Statement::Select(sel) => &sel.columns,
        Statement::Insert { returning, .. }
        | Statement::Update { returning, .. }
        | Statement::Delete { returning, .. } => returning,
        _ => return Vec::new(),
    };
    columns
        .iter()
        .map(|c| ColumnProcessor::of(&c.ty()))
        .collect()
}

/// What SQLAlchemy's SQLite dialect does to a fetched value of a column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Processor {
    None,
    Json,
    DateTime,
    Date,
    Time,
    Boolean,
    /// `"%.{scale}f" % value` made a `Decimal`.
    Decimal(u8),
}

impl Processor {
    fn of(t: &SqlType) -> Processor {
        if let Some(scale) = t.decimal_scale() {
            return Processor::Decimal(scale.clamp(0, 60) as u8);
        }
        match t.kind {
            TypeKind::Json | TypeKind::Named("JSON") => Processor::Json,
            TypeKind::DateTime | TypeKind::Named("DATETIME" | "TIMESTAMP") => Processor::DateTime,
            TypeKind::Date | TypeKind::Named("DATE") => Processor::Date,
            TypeKind::Time | TypeKind::Named("TIME") => Processor::Time,
            TypeKind::Boolean | TypeKind::Named("BOOLEAN") => Processor::Boolean,
            _ => Processor::None,
        }
    }

    pub(super) fn apply(self, interp: &mut Interp, v: &SqlValue) -> EvalResult<Value> {
        let text = match v {
            SqlValue::Null => return Ok(Value::None),
            SqlValue::Text(t) => Some(t.as_str()),
            _ => None,
        };
        let invalid = |interp: &mut Interp, what: &str| {
            interp.value_error(format!(
                "Invalid isoformat string: {}",
                retort_pyscript::repr(&Value::str(what))
            ))
        };
        Ok(match (self, text) {
            (Processor::None, _) => sql_to_py(v),
            (Processor::Json, Some(t)) => {
                retort_pyscript::json_loads(t).map_err(|e| interp.exc("JSONDecodeError", e))?
            }
            // `_SQliteJson`: a number SQLite gives back is the value itself.
            (Processor::Json, None) => sql_to_py(v),
            (Processor::DateTime | Processor::Date, Some(t)) => {
                match retort_pyscript::DateTime::fromisoformat(t, self == Processor::Date) {
                    Some(d) => Value::host(d),
                    None => return Err(invalid(interp, t)),
                }
            }
            (Processor::Time, Some(t)) => match retort_pyscript::Time::fromisoformat(t) {
                Some(d) => Value::host(d),
                None => return Err(invalid(interp, t)),
            },
            (Processor::DateTime | Processor::Date | Processor::Time, None) => {
                return Err(interp.type_error(format!(
                    "fromisoformat: argument must be str, not {}",
                    sql_to_py(v).type_name()
                )));
            }
            (Processor::Decimal(_), Some(_)) => {
                return Err(interp.type_error("must be real number, not str"));
            }
            (Processor::Decimal(scale), None) => {
                let f = match v {
                    SqlValue::Int(i) => *i as f64,
                    SqlValue::Float(f) => *f,
                    other => return Ok(sql_to_py(other)),
                };
                let text = format!("{f:.prec$}", prec = scale as usize);
                match retort_pyscript::Decimal::parse(&text) {
                    Some(d) => retort_pyscript::DecimalValue::value(d),
                    None => Value::Float(f),
                }
            }
            (Processor::Boolean, _) => match v {
                SqlValue::Int(i) => Value::Bool(*i != 0),
                SqlValue::Float(f) => Value::Bool(*f != 0.0),
                other => sql_to_py(other),
            },
        })
    }
}

/// A row's values: as SQLite gave them (converted when read), or already processed.
enum RowValues {
    Sql(Vec<SqlValue>),
    Py(Vec<Value>),
}

/// SQLAlchemy's `CursorResult`.
pub struct CursorResult {
    columns: Rc<[String]>,
    /// The rows not fetched yet, from `pos` on (fetched ones are handed out, not kept).
    rows: std::cell::RefCell<Vec<Rc<Row>>>,
    pos: Cell<usize>,
    rowcount: Cell<i64>,
    /// The connection's last inserted rowid after the statement ran.
    pub(super) lastrowid: Cell<Option<i64>>,
}

impl CursorResult {
    fn take_rest(&self) -> Vec<Rc<Row>> {
        let p = self.pos.replace(0);
        let mut rows = self.rows.borrow_mut();
        if p == 0 {
            std::mem::take(&mut *rows)
        } else {
            let n = rows.len();
            let rest = rows.split_off(p.min(n));
            rows.clear();
            rest
        }
    }
    fn take_one(&self) -> Option<Rc<Row>> {
        let p = self.pos.get();
        let r = self.rows.borrow().get(p).cloned();
        if r.is_some() {
            self.pos.set(p + 1);
        }
        r
    }
    /// `first()` / `scalar()`: the result is closed after one row.
    fn close(&self) {
        self.pos.set(0);
        self.rows.borrow_mut().clear();
    }
}

fn rows_value(rows: Vec<Rc<Row>>) -> Value {
    Value::list(rows.into_iter().map(|r| Value::Host(r)).collect())
}

impl HostObject for CursorResult {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "CursorResult".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let this = self.clone();
        Ok(Some(match name {
            "fetchall" | "all" => Value::native(name, move |_, _| Ok(rows_value(this.take_rest()))),
            "fetchone" => Value::native(name, move |_, _| {
                Ok(this
                    .take_one()
                    .map(|r| Value::Host(r))
                    .unwrap_or(Value::None))
            }),
            "fetchmany" => Value::native(name, move |_, args| {
                let n = args
                    .arg(0, "size")
                    .and_then(|v| v.as_int())
                    .unwrap_or(1)
                    .max(0) as usize;
                let mut out = Vec::new();
                for _ in 0..n {
                    match this.take_one() {
                        Some(r) => out.push(r),
                        None => break,
                    }
                }
                Ok(rows_value(out))
            }),
            "first" => Value::native(name, move |_, _| {
                let r = this.take_one();
                this.close();
                Ok(r.map(|r| Value::Host(r)).unwrap_or(Value::None))
            }),
            "one" | "one_or_none" => {
                let strict = name == "one";
                Value::native(name, move |interp, _| {
                    let rest = this.take_rest();
                    match rest.len() {
                        0 if strict => {
                            Err(interp
                                .exc("NoResultFound", "No row was found when one was required"))
                        }
                        0 => Ok(Value::None),
                        1 => Ok(Value::Host(rest[0].clone())),
                        _ => Err(interp.exc(
                            "MultipleResultsFound",
                            "Multiple rows were found when exactly one was required",
                        )),
                    }
                })
            }
            "scalar" => Value::native(name, move |_, _| {
                let r = this.take_one();
                this.close();
                Ok(r.map(|r| r.value(0)).unwrap_or(Value::None))
            }),
            "scalar_one" | "scalar_one_or_none" => {
                let strict = name == "scalar_one";
                Value::native(name, move |interp, _| {
                    let rest = this.take_rest();
                    match rest.len() {
                        0 if strict => {
                            Err(interp
                                .exc("NoResultFound", "No row was found when one was required"))
                        }
                        0 => Ok(Value::None),
                        1 => Ok(rest[0].value(0)),
                        _ => Err(interp.exc(
                            "MultipleResultsFound",
                            "Multiple rows were found when exactly one was required",
                        )),
                    }
                })
            }
            "scalars" => Value::native(name, move |_, args| {
                let i = args.arg(0, "index").and_then(|v| v.as_int()).unwrap_or(0) as usize;
                let vals: Vec<Value> = this.take_rest().iter().map(|r| r.value(i)).collect();
                Ok(Value::host(ListResult::new(vals)))
            }),
            "mappings" => Value::native(name, move |_, _| {
                let vals: Vec<Value> = this
                    .take_rest()
                    .into_iter()
                    .map(|r| Value::host(RowMapping(r)))
                    .collect();
                Ok(Value::host(ListResult::new(vals)))
            }),
            "keys" => Value::native(name, move |_, _| {
                Ok(Value::list(
                    this.columns.iter().map(|c| Value::str(c)).collect(),
                ))
            }),
            "rowcount" => Value::Int(self.rowcount.get()),
            "lastrowid" => self.lastrowid.get().map_or(Value::None, Value::Int),
            // The primary key of the row an INSERT made: its rowid (Retort's inserts give
            // an INTEGER primary key or none).
            "inserted_primary_key" => match self.lastrowid.get() {
                Some(id) => Value::tuple(vec![Value::Int(id)]),
                None => Value::None,
            },
            "returns_rows" => Value::Bool(!self.columns.is_empty()),
            "close" => Value::native(name, |_, _| Ok(Value::None)),
            _ => return Ok(None),
        }))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(
            self.take_rest()
                .into_iter()
                .map(|r| Value::Host(r))
                .collect(),
        ))
    }
}

/// `result.scalars()` / `result.mappings()`: the same fetching methods over plain values.
pub struct ListResult {
    items: Vec<Value>,
    pos: Cell<usize>,
}

impl ListResult {
    fn new(items: Vec<Value>) -> ListResult {
        ListResult {
            items,
            pos: Cell::new(0),
        }
    }
    fn rest(&self) -> Vec<Value> {
        let p = self.pos.get().min(self.items.len());
        self.pos.set(self.items.len());
        self.items[p..].to_vec()
    }
}

impl HostObject for ListResult {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "ScalarResult".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let this = self.clone();
        Ok(Some(match name {
            "all" | "fetchall" => Value::native(name, move |_, _| Ok(Value::list(this.rest()))),
            "first" => Value::native(name, move |_, _| {
                Ok(this.rest().into_iter().next().unwrap_or(Value::None))
            }),
            "fetchone" => Value::native(name, move |_, _| {
                let p = this.pos.get();
                let v = this.items.get(p).cloned();
                if v.is_some() {
                    this.pos.set(p + 1);
                }
                Ok(v.unwrap_or(Value::None))
            }),
            "one" | "one_or_none" => {
                let strict = name == "one";
                Value::native(name, move |interp, _| {
                    let rest = this.rest();
                    match rest.len() {
                        0 if strict => {
                            Err(interp
                                .exc("NoResultFound", "No row was found when one was required"))
                        }
                        0 => Ok(Value::None),
                        1 => Ok(rest[0].clone()),
                        _ => Err(interp.exc(
                            "MultipleResultsFound",
                            "Multiple rows were found when exactly one was required",
                        )),
                    }
                })
            }
            _ => return Ok(None),
        }))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.rest()))
    }
}

/// SQLAlchemy's `Row`: a named tuple.
pub struct Row {
    columns: Rc<[String]>,
    values: RowValues,
}

impl Row {
    fn value(&self, i: usize) -> Value {
        match &self.values {
            RowValues::Sql(v) => v.get(i).map(sql_to_py),
            RowValues::Py(v) => v.get(i).cloned(),
        }
        .unwrap_or(Value::None)
    }
    fn py_values(&self) -> Vec<Value> {
        match &self.values {
            RowValues::Sql(v) => v.iter().map(sql_to_py).collect(),
            RowValues::Py(v) => v.clone(),
        }
    }
    /// The row as a tuple (what comparisons, indexing and `repr` see).
    fn as_tuple(&self) -> Value {
        Value::tuple(self.py_values())
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
    /// `row._asdict()`, `row._mapping` as a dict.
    fn to_dict(&self) -> Value {
        let mut d = Dict::new();
        for (c, v) in self.columns.iter().zip(self.py_values()) {
            let _ = d.insert(Value::str(c), v);
        }
        Value::dict(d)
    }
}

impl HostObject for Row {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "Row".into()
    }
    /// As SQLAlchemy 2.1's `Row`: its own attributes (`t`, `tuple`, `_mapping`, ...) win over
    /// columns of the same name; `count` and `index` are methods only when no column has
    /// the name.
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        if matches!(name, "t" | "_t") {
            return Ok(Some(Value::Host(self)));
        }
        if !matches!(
            name,
            "_mapping" | "_fields" | "_asdict" | "_tuple" | "tuple"
        ) && let Some(i) = self.index(name)
        {
            return Ok(Some(self.value(i)));
        }
        let this = self.clone();
        Ok(Some(match name {
            "count" | "index" => {
                let t = self.as_tuple();
                return interp.get_attr_opt(&t, name);
            }
            "_mapping" => Value::host(RowMapping(this)),
            "_fields" => Value::tuple(self.columns.iter().map(|c| Value::str(c)).collect()),
            "_asdict" => Value::native(name, move |_, _| Ok(this.to_dict())),
            "_tuple" | "tuple" => Value::native(name, move |_, _| Ok(Value::Host(this.clone()))),
            _ => return Ok(None),
        }))
    }
    fn get_item(self: Rc<Self>, interp: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        match key {
            Value::Int(_) | Value::Bool(_) | Value::Slice(_) => {
                let t = self.as_tuple();
                interp.get_item(&t, key).map(Some)
            }
            other => Err(interp.type_error(format!(
                "tuple indices must be integers or slices, not {}",
                other.type_name()
            ))),
        }
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.py_values()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.columns.len())
    }
    fn binary_op(
        self: Rc<Self>,
        interp: &mut Interp,
        op: retort_pyscript::Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        use retort_pyscript::Op;
        let other_t = match other.downcast_host::<Row>() {
            Some(r) => r.as_tuple(),
            None => other.clone(),
        };
        let me = self.as_tuple();
        match op {
            Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                interp.binary(op, &me, &other_t).map(Some)
            }
            _ => Ok(None),
        }
    }
    fn repr(&self) -> String {
        retort_pyscript::repr(&self.as_tuple())
    }
}

/// `row._mapping` / `result.mappings()` items: a read-only dict by column name.
pub struct RowMapping(Rc<Row>);

impl HostObject for RowMapping {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "RowMapping".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let d = self.0.to_dict();
        interp.get_attr_opt(&d, name)
    }
    fn get_item(self: Rc<Self>, interp: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
        if let Some(k) = key.as_str()
            && let Some(i) = self.0.index(k)
        {
            return Ok(Some(self.0.value(i)));
        }
        Err(interp.key_error(key))
    }
    fn iterate(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Vec<Value>>> {
        Ok(Some(self.0.columns.iter().map(|c| Value::str(c)).collect()))
    }
    fn len(&self) -> Option<usize> {
        Some(self.0.columns.len())
    }
    fn repr(&self) -> String {
        retort_pyscript::repr(&self.0.to_dict())
    }
}
