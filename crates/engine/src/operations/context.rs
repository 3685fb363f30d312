//! The `MigrationContext`: Alembic's `runtime.migration.MigrationContext` with its `impl`
//! (`ddl.impl.DefaultImpl`) for SQLite — the connection, the statements as they run online
//! (pysqlite's transaction behaviour, or one transaction per step in atomic mode) or as they
//! are written offline (`--sql`), and the `op.*` calls of the run, recorded for `verify`.
//! Statements are prepared once: through rusqlite's cache, and a statement run twice in a
//! row (a data loop's) is held prepared together with the database it borrows (`self_cell`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::Database;
use crate::db::from_sqlite;
use crate::error::{OpError, OpResult, db_error};
use crate::sql::expr::{SqlValue, Statement};
use crate::sql::schema::NamingConvention;
use crate::sqlite::{self, Compiled};

use super::ops::Op;

/// Rows a statement returned.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<SqlValue>>,
    /// `cursor.rowcount`: rows changed by INSERT/UPDATE/DELETE, else -1.
    pub rowcount: i64,
}

/// The parameters of one DB-API `execute`: a sequence for `?`, a mapping for `:name`.
#[derive(Debug, Clone)]
pub enum DbapiParams {
    Positional(Vec<SqlValue>),
    Named(Vec<(String, SqlValue)>),
}

/// What a DB-API `execute` left on its cursor.
#[derive(Debug, Clone, Default)]
pub struct DbapiOutcome {
    pub rows: Rows,
    /// `cursor.lastrowid` after an `execute` (none after `executemany`: unchanged).
    pub lastrowid: Option<i64>,
}

/// One statement as it ran (online) or was written (offline).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Executed {
    pub sql: String,
    /// The parameter sets it ran with, the first [`MigrationContext::params_kept`] of them.
    pub params: Vec<Vec<SqlValue>>,
    /// How many times it ran: one per parameter set (all of them, kept or not), or 1.
    pub runs: usize,
}

/// Where an `op.*` call came from: the revision file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// One `op.*` call of a step, as the script made it (recorded before it runs, so a call
/// that fails is recorded too). `retort verify` lints these.
#[derive(Debug, Clone)]
pub struct OpCall {
    pub site: Option<Site>,
    /// Where the step's statements stood in `log` when the call was made.
    pub log_index: usize,
    pub op: Rc<Op>,
}

/// How statements reach the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// As Alembic through pysqlite: DDL autocommits, a DML statement opens a transaction
    /// (committed at the end of the step, rolled back if it fails).
    Alembic,
    /// Each step in one real SQLite transaction: a failing step leaves nothing behind.
    Atomic,
    /// `--sql`: nothing runs; statements are written to the script.
    Offline,
}

/// Alembic's `MigrationContext` + `impl`, for SQLite.
pub struct MigrationContext {
    pub db: Rc<Database>,
    pub mode: Mode,
    /// `target_metadata.naming_convention` from env.py (SQLAlchemy's default otherwise).
    pub naming: NamingConvention,
    /// Statements in order (online: as run; offline: as written).
    pub log: RefCell<Vec<Executed>>,
    /// The offline script.
    pub output: RefCell<String>,
    pub warnings: RefCell<Vec<String>>,
    /// Inside `autocommit_block()`: pysqlite opens no transaction.
    autocommit: Cell<bool>,
    /// Where the running step's statements start in `log`.
    step_start: Cell<usize>,
    /// The `op.*` calls of the run, in order.
    pub calls: RefCell<Vec<OpCall>>,
    /// Where the script is while an `op.*` call runs.
    pub site: RefCell<Option<Site>>,
    /// Set by `retort verify`: a step's transaction stays open at its end (atomic mode), so
    /// the verifier can look at it before committing or rolling it back.
    pub hold: Cell<bool>,
    /// `Interp::location_token` of the last recorded `execute` (reset by any other record).
    pub last_execute: Cell<(usize, u32)>,
    /// `text()` statements without `.bindparams` values, compiled (a data loop's statement).
    compiled_texts: RefCell<retort_pyscript::Map<String, Rc<sqlite::Compiled>>>,
    /// The statement a data loop runs once per row, kept prepared (see `exec_compiled`).
    held: RefCell<Option<Held>>,
    /// The SQL `exec_compiled` ran last: a statement run twice in a row gets held.
    last_sql: RefCell<String>,
    /// How many parameter sets of one logged statement are kept ([`Executed::params`]).
    /// A data migration's loop runs one statement per row: the page shows the first set and
    /// the count, so keeping 100,000 sets would only cost memory (and time, to allocate it).
    /// `usize::MAX` keeps them all (the CLI's `RETORT_TRACE`, which replays them).
    pub params_kept: Cell<usize>,
    /// Where the run's transactions end (Alembic mode and offline; `--atomic` always
    /// commits per step).
    pub transactions: Cell<Transactions>,
    /// The database's URL as the run was given it (`engine.url` in scripts).
    pub url: RefCell<String>,
    /// What env.py gave `context.run_migrations(**kw)`: every migration's `upgrade()` /
    /// `downgrade()` is called with it, as in Alembic (Flask-Migrate's multi-database
    /// template passes `engine_name`).
    pub migration_args: RefCell<retort_pyscript::Args>,
}

/// How a run's transactions are laid out: env.py's `transactional_ddl=` and
/// `transaction_per_migration=`. SQLite's default is non-transactional DDL, where Alembic
/// commits after each migration. Measured with Alembic on SQLite (`crates/cli/tests/
/// transactions.rs`): with transactional DDL and no transaction per migration, nothing is
/// committed until the last migration ran, so a failure rolls back every migration of the
/// run since the first data change (DDL before it was committed by pysqlite as it ran).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Transactions {
    pub transactional_ddl: bool,
    pub per_migration: bool,
}

impl Transactions {
    /// One transaction for the whole run.
    pub(crate) fn whole_run(self) -> bool {
        self.transactional_ddl && !self.per_migration
    }
    /// Alembic's log line.
    pub fn describe(self) -> &'static str {
        if self.transactional_ddl {
            "Will assume transactional DDL."
        } else {
            "Will assume non-transactional DDL."
        }
    }
}

/// The default of [`MigrationContext::params_kept`].
pub const PARAMS_KEPT: usize = 100;

impl MigrationContext {
    pub fn new(db: Rc<Database>, mode: Mode) -> Rc<MigrationContext> {
        Self::with_naming(db, mode, NamingConvention::default())
    }

    /// A context whose schema objects follow env.py's `target_metadata.naming_convention`.
    pub fn with_naming(
        db: Rc<Database>,
        mode: Mode,
        naming: NamingConvention,
    ) -> Rc<MigrationContext> {
        Rc::new(MigrationContext {
            db,
            mode,
            naming,
            log: RefCell::new(Vec::new()),
            output: RefCell::new(String::new()),
            warnings: RefCell::new(Vec::new()),
            autocommit: Cell::new(false),
            step_start: Cell::new(0),
            calls: RefCell::new(Vec::new()),
            site: RefCell::new(None),
            hold: Cell::new(false),
            last_execute: Cell::new((0, u32::MAX)),
            compiled_texts: RefCell::default(),
            held: RefCell::default(),
            last_sql: RefCell::default(),
            params_kept: Cell::new(PARAMS_KEPT),
            transactions: Cell::new(Transactions::default()),
            url: RefCell::new("sqlite://".to_owned()),
            migration_args: RefCell::default(),
        })
    }

    pub fn as_sql(&self) -> bool {
        self.mode == Mode::Offline
    }

    /// Offline: one statement of the script, as Alembic's `static_output` writes it.
    pub(crate) fn static_output(&self, text: &str) {
        let mut out = self.output.borrow_mut();
        out.push_str(text);
        out.push_str("\n\n");
    }

    /// A `UserWarning` Alembic would print.
    pub(crate) fn warn(&self, message: &str) {
        self.warnings.borrow_mut().push(message.to_owned());
    }

    /// A `SAWarning` SQLAlchemy would print.
    pub(crate) fn warn_sa(&self, message: &str) {
        self.warnings
            .borrow_mut()
            .push(format!("SAWarning: {message}"));
    }

    /// Starts a step: in atomic mode a real transaction.
    pub(crate) fn begin_step(&self) -> OpResult {
        self.step_start.set(self.log.borrow().len());
        if self.mode == Mode::Atomic {
            self.raw("BEGIN")?;
        }
        Ok(())
    }

    /// Records an `op.*` call at the current site.
    pub fn record(&self, op: Op) {
        self.record_rc(Rc::new(op));
    }

    pub(super) fn record_rc(&self, op: Rc<Op>) {
        self.last_execute.set((0, u32::MAX));
        self.calls.borrow_mut().push(OpCall {
            site: self.site.borrow().clone(),
            log_index: self.log.borrow().len(),
            op,
        });
    }

    /// Ends a step: commits whatever transaction is open (unless `hold` is set).
    pub(crate) fn commit_step(&self) -> OpResult {
        if self.mode != Mode::Offline && !self.hold.get() && !self.db.connection().is_autocommit() {
            self.raw("COMMIT")?;
        }
        Ok(())
    }

    /// A step failed: rolls back whatever transaction is open (in Alembic mode, that is
    /// only what ran since the step's first data change).
    pub(crate) fn rollback_step(&self) {
        self.autocommit.set(false);
        if self.mode != Mode::Offline && !self.db.connection().is_autocommit() {
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }

    fn raw(&self, sql: &str) -> OpResult {
        self.db
            .execute_batch(sql)
            .map_err(|e| db_error(e, sql, None))
    }

    /// `op.get_context().autocommit_block()`: commit, run without transaction, resume.
    pub(crate) fn set_autocommit(&self, on: bool) -> OpResult {
        if on {
            self.commit_step()?;
        }
        self.autocommit.set(on);
        Ok(())
    }

    /// pysqlite (Python < 3.12 default): an INSERT/UPDATE/DELETE/REPLACE outside a
    /// transaction first issues BEGIN.
    fn implicit_begin(&self, sql: &str) -> OpResult {
        if self.mode != Mode::Alembic || self.autocommit.get() {
            return Ok(());
        }
        if sqlite::is_dml(sql) && self.db.connection().is_autocommit() {
            self.raw("BEGIN")?;
        }
        Ok(())
    }

    /// Offline: writes a statement to the script, as Alembic's `_exec` does under `as_sql`.
    fn write_offline(&self, sql: &str) {
        self.static_output(&format!("{};", sql.replace('\t', "    ").trim()));
        self.log.borrow_mut().push(Executed {
            sql: sql.trim().to_owned(),
            params: vec![],
            runs: 1,
        });
    }

    /// Online, before a statement runs: records it and opens pysqlite's implicit
    /// transaction if it is a data change.
    fn before_exec(&self, sql: &str, params: &[Vec<SqlValue>]) -> OpResult {
        self.log_statement(sql, params);
        older_sqlite(sql)?;
        self.implicit_begin(sql)
    }

    /// Online: records a statement about to run.
    fn log_statement(&self, sql: &str, params: &[Vec<SqlValue>]) {
        let sql = sql.trim();
        let mut log = self.log.borrow_mut();
        let in_step = log.len() > self.step_start.get();
        let kept = self.params_kept.get();
        let keep = |have: usize| &params[..params.len().min(kept.saturating_sub(have))];
        // The same parameterised statement run again right after (a data migration's loop)
        // is logged once with all its parameter sets, as an `executemany` is.
        match log.last_mut() {
            Some(last)
                if in_step && !params.is_empty() && !last.params.is_empty() && last.sql == sql =>
            {
                last.params.extend_from_slice(keep(last.params.len()));
                last.runs += params.len();
            }
            _ => log.push(Executed {
                sql: sql.to_owned(),
                params: keep(0).to_vec(),
                runs: params.len().max(1),
            }),
        }
    }

    /// Runs (or writes) one DDL statement.
    pub(crate) fn exec_ddl(&self, sql: &str) -> OpResult {
        if self.as_sql() {
            self.write_offline(sql);
            // Mirrored on the scratch database (`db` is one, offline) so that batch mode can
            // reflect tables offline, where Alembic gives up; a statement SQLite refuses
            // simply is not mirrored.
            let _ = self.db.execute_counting(sql);
            return Ok(());
        }
        self.before_exec(sql, &[])?;
        self.db
            .execute_counting(sql)
            .map(|_| ())
            .map_err(|e| match db_error(e, sql, None) {
                OpError::Db {
                    sql,
                    class,
                    driver_class,
                    message,
                    params,
                } => OpError::Db {
                    sql: compiled_ddl(&sql),
                    class,
                    driver_class,
                    message,
                    params,
                },
                other => other,
            })
    }

    /// Runs one statement of the engine's own (the version table's changes); returns the
    /// number of rows it changed.
    pub(crate) fn exec_counting(&self, sql: &str) -> OpResult<usize> {
        self.log_statement(sql, &[]);
        let conn = self.db.connection();
        let mut stmt = conn.prepare(sql).map_err(|e| db_error(e, sql, None))?;
        self.run_prepared(&mut stmt, sql, &[])?;
        Ok(conn.changes() as usize)
    }

    /// Runs a compiled statement once per parameter set (`executemany` when several).
    ///
    /// Statements are prepared once: through rusqlite's cache, and a statement run twice in a
    /// row (a data migration's loop, once per row) is held prepared here, which spares the
    /// cache's lookup and bookkeeping on every row.
    pub(crate) fn exec_compiled(
        &self,
        c: &Compiled,
        param_sets: &[Vec<SqlValue>],
    ) -> OpResult<Rows> {
        let sql = c.sql.as_str();
        self.log_statement(sql, param_sets);
        older_sqlite(sql)?;
        let mut held = self.held.borrow_mut();
        let is_held = |h: &Option<Held>| h.as_ref().is_some_and(|h| h.borrow_owner().1 == sql);
        if !is_held(&held)
            && *self.last_sql.borrow() == sql
            && let Ok(h) = Held::try_new((self.db.clone(), sql.to_owned()), |(db, sql)| {
                db.connection().prepare(sql)
            })
        {
            *held = Some(h);
        }
        if is_held(&held) {
            let h = held.as_mut().expect("held");
            return h.with_dependent_mut(|_, stmt| self.run_prepared(stmt, sql, param_sets));
        }
        drop(held);
        sql.clone_into(&mut self.last_sql.borrow_mut());
        let conn = self.db.connection();
        // rusqlite's cache trims the text it prepares, and SQLite keeps a CREATE statement's
        // text as written, trailing whitespace included (`op.execute("""\n CREATE INDEX
        // ...\n """)`): such a statement is prepared as it is, uncached.
        if sql.len() != sql.trim().len() {
            let mut stmt = conn
                .prepare(sql)
                .map_err(|e| db_error(e, sql, param_sets.first()))?;
            return self.run_prepared(&mut stmt, sql, param_sets);
        }
        let mut stmt = conn
            .prepare_cached(sql)
            .map_err(|e| db_error(e, sql, param_sets.first()))?;
        self.run_prepared(&mut stmt, sql, param_sets)
    }

    /// Runs `sql`, prepared, once per parameter set. pysqlite's implicit BEGIN comes after
    /// the prepare, so a statement SQLite refuses to prepare leaves no transaction open.
    fn run_prepared(
        &self,
        stmt: &mut rusqlite::Statement<'_>,
        sql: &str,
        param_sets: &[Vec<SqlValue>],
    ) -> OpResult<Rows> {
        let conn = self.db.connection();
        self.implicit_begin(sql)?;
        let columns: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let mut out = Rows {
            columns,
            rows: Vec::new(),
            rowcount: -1,
        };
        let no_params = [Vec::new()];
        let sets: &[Vec<SqlValue>] = if param_sets.is_empty() {
            &no_params
        } else {
            param_sets
        };
        let mut changed = 0i64;
        for params in sets {
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params.iter().map(Bind)))
                .map_err(|e| db_error(e, sql, Some(params)))?;
            let n = out.columns.len();
            while let Some(row) = rows.next().map_err(|e| db_error(e, sql, Some(params)))? {
                let mut vals = Vec::with_capacity(n);
                for i in 0..n {
                    vals.push(from_sqlite(
                        row.get_ref(i).unwrap_or(rusqlite::types::ValueRef::Null),
                    ));
                }
                out.rows.push(vals);
            }
            changed += conn.changes() as i64;
        }
        if out.columns.is_empty() {
            out.rowcount = changed;
        }
        Ok(out)
    }

    /// The DB-API's `cursor.execute(sql, params)` / `executemany` (pysqlite's, under
    /// `op.get_bind().connection`): the SQL as given, `?` parameters from sequences and
    /// `:name` ones from mappings, pysqlite's implicit BEGIN before a data change. Returns
    /// the rows, the rows changed (`rowcount`: -1 for a query) and, for one parameter set,
    /// the connection's last inserted rowid.
    pub(crate) fn exec_dbapi(
        &self,
        sql: &str,
        param_sets: &[DbapiParams],
    ) -> OpResult<DbapiOutcome> {
        if self.as_sql() {
            return Err(OpError::Python(
                "AttributeError",
                "'MockConnection' object has no attribute 'connection'".into(),
            ));
        }
        older_sqlite(sql)?;
        let conn = self.db.connection();
        let mut stmt = conn.prepare(sql).map_err(|e| db_error(e, sql, None))?;
        let logged: Vec<Vec<SqlValue>> = param_sets
            .iter()
            .map(|p| match p {
                DbapiParams::Positional(v) => v.clone(),
                DbapiParams::Named(v) => v.iter().map(|(_, x)| x.clone()).collect(),
            })
            .collect();
        self.log_statement(sql, &logged);
        self.implicit_begin(sql)?;
        let columns: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        let mut out = DbapiOutcome {
            rows: Rows {
                columns,
                rows: Vec::new(),
                rowcount: -1,
            },
            lastrowid: None,
        };
        let none = [DbapiParams::Positional(Vec::new())];
        let sets: &[DbapiParams] = if param_sets.is_empty() {
            &none
        } else {
            param_sets
        };
        let mut changed = 0i64;
        for (i, params) in sets.iter().enumerate() {
            stmt.clear_bindings();
            let count = stmt.parameter_count();
            match params {
                DbapiParams::Positional(values) => {
                    if values.len() != count {
                        return Err(OpError::Python(
                            "sqlite3.ProgrammingError",
                            format!(
                                "Incorrect number of bindings supplied. The current statement uses {count}, and there are {} supplied.",
                                values.len()
                            ),
                        ));
                    }
                    for (j, v) in values.iter().enumerate() {
                        stmt.raw_bind_parameter(j + 1, Bind(v))
                            .map_err(|e| db_error(e, sql, logged.get(i)))?;
                    }
                }
                DbapiParams::Named(values) => {
                    for j in 1..=count {
                        let Some(name) = stmt.parameter_name(j).map(str::to_owned) else {
                            return Err(OpError::Python(
                                "sqlite3.ProgrammingError",
                                "Binding 1 has no name, but you supplied a dictionary (which has only names).".into(),
                            ));
                        };
                        let key = &name[1..];
                        let Some((_, v)) = values.iter().find(|(k, _)| k == key) else {
                            return Err(OpError::Python(
                                "sqlite3.ProgrammingError",
                                format!("You did not supply a value for binding parameter {name}."),
                            ));
                        };
                        stmt.raw_bind_parameter(j, Bind(v))
                            .map_err(|e| db_error(e, sql, logged.get(i)))?;
                    }
                }
            }
            let mut rows = stmt.raw_query();
            let n = out.rows.columns.len();
            while let Some(row) = rows.next().map_err(|e| db_error(e, sql, logged.get(i)))? {
                let mut vals = Vec::with_capacity(n);
                for k in 0..n {
                    vals.push(from_sqlite(
                        row.get_ref(k).unwrap_or(rusqlite::types::ValueRef::Null),
                    ));
                }
                out.rows.rows.push(vals);
            }
            drop(rows);
            if sqlite::is_dml(sql) {
                changed += conn.changes() as i64;
            }
        }
        if sqlite::is_dml(sql) {
            out.rows.rowcount = changed;
        }
        // pysqlite (3.11) reads the connection's last insert rowid after every `execute`,
        // whatever the statement; `executemany` leaves it as it was.
        if param_sets.len() <= 1 {
            out.lastrowid = Some(conn.last_insert_rowid());
        }
        Ok(out)
    }

    /// Registers a function SQL can call (`create_function` of pysqlite's connection).
    /// `call` runs when SQLite calls it, on this thread, while a statement of the script
    /// executes.
    pub(crate) fn create_function(
        &self,
        name: &str,
        n_arg: i32,
        deterministic: bool,
        call: impl FnMut(&[SqlValue]) -> Result<SqlValue, String> + 'static,
    ) -> OpResult {
        self.db
            .create_function(name, n_arg, deterministic, call)
            .map_err(|e| db_error(e, "", None))
    }

    /// `op.execute(...)` / `connection.execute(...)` of a statement.
    pub fn execute(&self, stmt: &Statement, params: &[Vec<(String, SqlValue)>]) -> OpResult<Rows> {
        if self.as_sql() {
            if !params.is_empty() {
                return Err(OpError::Python(
                    "TypeError",
                    "SQL parameters not allowed with as_sql".into(),
                ));
            }
            let c = sqlite::compile_statement(stmt, true).map_err(compile_error)?;
            self.write_offline(&c.sql);
            return Ok(Rows::default());
        }
        if let Statement::Text(t) = stmt
            && t.binds.is_empty()
        {
            return self.execute_text(t, params);
        }
        // `execute(table.insert(), [{...}, ...])`: the columns are the parameters' keys, in
        // the table's column order.
        let filled;
        let stmt = match stmt {
            Statement::Insert {
                table,
                values,
                multi,
                returning,
            } if values.is_empty() && multi.is_empty() && !params.is_empty() => {
                let keys: Vec<&String> = params[0].iter().map(|(k, _)| k).collect();
                let mut cols: Vec<String> = table
                    .columns
                    .iter()
                    .map(|(n, _)| n.clone())
                    .filter(|n| keys.contains(&n))
                    .collect();
                if table.columns.is_empty() {
                    cols = keys.iter().map(|k| k.to_string()).collect();
                }
                filled = Statement::Insert {
                    table: table.clone(),
                    values: cols
                        .iter()
                        .map(|c| (c.clone(), crate::sql::expr::Expr::Param(c.clone())))
                        .collect(),
                    multi: vec![],
                    returning: returning.clone(),
                };
                &filled
            }
            other => other,
        };
        let c = sqlite::compile_statement(stmt, false).map_err(compile_error)?;
        let sets = bind_params(&c, params)?;
        self.exec_compiled(&c, &sets)
    }

    /// `execute(text(...), params)` online, the statement of a data migration's loop: the
    /// text borrowed, compiled once (at most 256 texts are kept).
    pub(crate) fn execute_text(
        &self,
        text: &crate::sql::expr::TextClause,
        params: &[Vec<(String, SqlValue)>],
    ) -> OpResult<Rows> {
        if self.as_sql() || !text.binds.is_empty() {
            return self.execute(&Statement::Text(text.clone()), params);
        }
        let c = self.compiled_text(text)?;
        let sets = bind_params(&c, params)?;
        self.exec_compiled(&c, &sets)
    }

    /// A `text()` without `.bindparams()`, compiled once per distinct text (a data loop
    /// runs the same one per row).
    pub(crate) fn compiled_text(
        &self,
        text: &crate::sql::expr::TextClause,
    ) -> OpResult<Rc<Compiled>> {
        debug_assert!(text.binds.is_empty());
        if let Some(c) = self.compiled_texts.borrow().get(&text.text) {
            return Ok(c.clone());
        }
        let c = Rc::new(
            sqlite::compile_statement(&Statement::Text(text.clone()), false)
                .map_err(compile_error)?,
        );
        let mut cache = self.compiled_texts.borrow_mut();
        if cache.len() < 256 {
            cache.insert(text.text.clone(), c.clone());
        }
        Ok(c)
    }
}

self_cell::self_cell!(
    /// A prepared statement with the database it was prepared on (which it borrows).
    struct Held {
        owner: (Rc<Database>, String),

        #[covariant]
        dependent: Prepared,
    }
);

type Prepared<'a> = rusqlite::Statement<'a>;

/// Parameters of a compiled statement, per execution, from the named values given.
pub(crate) fn bind_params(
    c: &Compiled,
    given: &[Vec<(String, SqlValue)>],
) -> OpResult<Vec<Vec<SqlValue>>> {
    use crate::sqlite::Param;
    let sets: Vec<&[(String, SqlValue)]> = if given.is_empty() {
        vec![&[]]
    } else {
        given.iter().map(|g| g.as_slice()).collect()
    };
    let mut out = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        let mut vals = Vec::new();
        for p in &c.params {
            match p {
                Param::Value(v) => vals.push(v.clone()),
                Param::Named(n) => match set.iter().find(|(k, _)| k == n) {
                    Some((_, v)) => vals.push(v.clone()),
                    None => {
                        return Err(OpError::Compile(
                            "StatementError",
                            format!(
                                "(sqlalchemy.exc.InvalidRequestError) A value is required for bind parameter '{n}'{}",
                                if sets.len() > 1 {
                                    format!(", in parameter group {i}")
                                } else {
                                    String::new()
                                }
                            ),
                        ));
                    }
                },
            }
        }
        out.push(vals);
    }
    Ok(out)
}

/// A value bound to a statement as it is, not copied.
struct Bind<'a>(&'a SqlValue);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ValueRef as V;
        Ok(rusqlite::types::ToSqlOutput::Borrowed(match self.0 {
            SqlValue::Null => V::Null,
            SqlValue::Int(i) => V::Integer(*i),
            SqlValue::Float(f) => V::Real(*f),
            SqlValue::Decimal(d) => V::Real(SqlValue::decimal_f64(d)),
            SqlValue::Text(s) => V::Text(s.as_bytes()),
            SqlValue::Blob(b) => V::Blob(b),
        }))
    }
}

/// A statement the SQLite of Python's `sqlite3` refuses ([`sqlite::refused_by_older_sqlite`]),
/// refused as pysqlite reports it.
pub(super) fn older_sqlite(sql: &str) -> OpResult {
    match sqlite::refused_by_older_sqlite(sql) {
        Some(message) => Err(OpError::Db {
            class: "OperationalError",
            driver_class: "OperationalError",
            message: message.to_owned(),
            sql: sql.trim().to_owned(),
            params: None,
        }),
        None => Ok(()),
    }
}

pub(super) fn compile_error(message: String) -> OpError {
    OpError::Compile("CompileError", message)
}

/// A DDL statement as SQLAlchemy's DDL compiler writes it, which its errors quote
/// (`[SQL: ...]`): `CREATE TABLE` between a newline and two, `DROP TABLE`, `DROP INDEX` and
/// `DROP VIEW` after a newline (`visit_create_table`, `visit_drop_table`, ...); the others as
/// they are.
fn compiled_ddl(sql: &str) -> String {
    if sql.starts_with("CREATE TABLE ") || sql.starts_with("CREATE TEMPORARY TABLE ") {
        format!("\n{sql}\n\n")
    } else if ["DROP TABLE ", "DROP INDEX ", "DROP VIEW "]
        .iter()
        .any(|p| sql.starts_with(p))
    {
        format!("\n{sql}")
    } else {
        sql.to_owned()
    }
}
