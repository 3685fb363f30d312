//! A project's `env.py`, run the way Alembic runs it, for the `context.configure(...)`
//! arguments that change what a migration does.
//!
//! Alembic executes `env.py` for every command that touches the database; `env.py` calls
//! `context.configure(...)` and `context.run_migrations()`. Retort runs the same file in its
//! interpreter with `alembic.context` as a recording host object: `configure`'s keywords are
//! kept, `run_migrations` marks the point where the migrations would run. What Retort uses:
//!
//! * `version_table`, `version_table_pk`: the version table's name and primary key;
//! * `target_metadata` (a `MetaData`, or a sequence of them): its `naming_convention`, which
//!   Alembic applies to every schema object an `op.*` call builds (batch mode included);
//! * `transactional_ddl`, `transaction_per_migration`: where the run's transactions end
//!   ([`crate::operations::Transactions`]): with transactional DDL and no transaction per
//!   migration, Alembic commits once, after the last migration (and `--sql` scripts are
//!   wrapped in `BEGIN;` / `COMMIT;`).
//!
//! Other keywords (`compare_type`, `render_as_batch`, `include_object`, ...) only affect
//! autogenerate and are accepted. An `env.py` that cannot run in the sandbox (it imports the
//! application's models, reads a `.env` file, ...) is not an error: Retort falls back to the
//! generic settings and says which line stopped it.

mod hooks;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub use hooks::{Directive, EnvHooks, EnvHooksRef};

use retort_pyscript::{Args, Dict, EvalResult, HostObject, Interp, Module, ModuleResolver, Value};

use crate::Database;
use crate::config::Ini;
use crate::host::op::Operations;
use crate::host::sa::SaMetaData;
use crate::host::{HostModules, OpSlot, Placeholder};
use crate::operations::{MigrationContext, Mode};
use crate::runtime::VersionTable;
use crate::sql::schema::NamingConvention;

/// What env.py runs with: the config it reads and the mode it is run in.
pub struct EnvInput<'a> {
    /// The path shown in messages (`migrations/env.py`).
    pub path: &'a str,
    pub text: &'a str,
    pub offline: bool,
    /// The parsed config file, if the project has one.
    pub ini: Option<&'a Ini>,
    /// `config.config_file_name`.
    pub config_file_name: Option<&'a str>,
    /// `config.config_ini_section` (`-n`, default `alembic`).
    pub ini_section: &'a str,
    /// `-x` arguments, as given.
    pub x_args: &'a [String],
    /// `--tag`, as given.
    pub tag: Option<&'a str>,
    /// The project's own modules, which env.py imports (its models, its settings).
    pub project: Option<Rc<crate::imports::ProjectHost>>,
}

/// The settings env.py chose, or the generic ones.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnvSettings {
    pub version_table: VersionTable,
    pub naming: NamingConvention,
    /// Whether `context.configure(...)` was reached.
    pub configured: bool,
    /// `transactional_ddl=` and `transaction_per_migration=` of `context.configure(...)`.
    pub transactions: crate::operations::Transactions,
    /// For the user: why the generic settings were used, settings Retort reads but does not
    /// apply. Empty when env.py ran as Alembic would run it.
    pub notes: Vec<String>,
    /// The database env.py connects to: the URL of the engine whose connection it hands
    /// to `context.configure(connection=...)`, or `configure(url=...)` offline. `None` when
    /// env.py did not say (the host then uses `sqlalchemy.url`).
    pub url: Option<EnvUrl>,
    /// `target_metadata=`: the models' tables, in `MetaData.sorted_tables` order (metadata
    /// after metadata for a list); `None` when env.py gives none.
    pub target_metadata: Option<Vec<crate::sql::schema::Table>>,
    /// Autogenerate's keywords (`compare_type=`, `render_as_batch=`).
    pub autogenerate: crate::autogenerate::Options,
    /// Autogenerate's callables (`include_object=`, `process_revision_directives=`, ...),
    /// with the interpreter they belong to.
    pub hooks: Option<EnvHooksRef>,
    /// The keyword arguments of env.py's `context.run_migrations(**kw)`.
    pub migration_args: MigrationArgs,
}

/// `context.run_migrations(**kw)`'s arguments, passed to each migration's function.
#[derive(Clone, Default)]
pub struct MigrationArgs(pub Args);

impl PartialEq for MigrationArgs {
    fn eq(&self, other: &Self) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}

impl std::fmt::Debug for MigrationArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (k, v) in &self.0.keywords {
            write!(f, "{k}={}, ", retort_pyscript::repr(v))?;
        }
        Ok(())
    }
}

impl EnvSettings {
    /// A migration context as env.py configured it: its naming convention and transaction
    /// layout.
    pub fn migration_context(&self, db: Rc<Database>, mode: Mode) -> Rc<MigrationContext> {
        let ctx = MigrationContext::with_naming(db, mode, self.naming.clone());
        ctx.transactions.set(self.transactions);
        *ctx.migration_args.borrow_mut() = self.migration_args.0.clone();
        ctx
    }
}

/// The database URL env.py configured.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvUrl {
    Known(String),
    /// A value Retort cannot compute, described for the user: where it comes from.
    Unknown(String),
}

/// What a URL value env.py computed is.
fn url_of(v: &Value) -> EnvUrl {
    if let Some(s) = v.as_str() {
        return EnvUrl::Known(s.to_owned());
    }
    if let Some(u) = v.downcast_host::<crate::host::url::Url>() {
        return EnvUrl::Known(u.render(false));
    }
    if let Some(st) = crate::host::standin::stand_in(v) {
        return EnvUrl::Unknown(format!(
            "`{}`, which stands in for the library `{}` (imported at {})",
            st.name, st.origin.library, st.origin.imported_at
        ));
    }
    if let Some(p) = v.downcast_host::<Placeholder>() {
        return EnvUrl::Unknown(format!("`{}`", p.0));
    }
    EnvUrl::Unknown(format!("a {} value", v.type_name()))
}

const GENERIC: &str = "Retort uses the generic settings (version table `alembic_version`, SQLAlchemy's default naming convention)";

/// Runs env.py and returns the settings its `context.configure(...)` call chose.
pub fn read_env(input: &EnvInput) -> EnvSettings {
    let recorder = EnvContext::new(input, None);
    let host = HostModules {
        project: input.project.clone(),
        ..HostModules::default()
    };
    *host.context.borrow_mut() = Some(Value::Host(recorder.clone()));
    let stand_ins = host.stand_ins.clone();
    let autogenerating = recorder.config.autogenerate.clone();
    let mut interp = Interp::default();
    if let Some(project) = &host.project {
        project.install(&mut interp);
    }
    interp.set_resolver(Rc::new(EnvModules { host }));
    let result =
        Interp::parse(input.path, input.text).and_then(|m| interp.exec_module(&m).map(|_| ()));
    let mut settings = EnvSettings {
        migration_args: MigrationArgs(recorder.migration_args.take()),
        ..EnvSettings::default()
    };
    let kwargs = recorder.configured.borrow().clone();
    if let Err(e) = &result {
        let what = if kwargs.is_some() {
            "after `context.configure(...)`; its settings are used".to_owned()
        } else {
            format!("before `context.configure(...)`; {GENERIC}")
        };
        // Where env.py itself was when it stopped, if the error is deeper (an imported
        // module of the application).
        let from = e
            .traceback
            .iter()
            .find(|f| f.path == input.path && e.path != input.path)
            .map(|f| format!(" (from {}:{}: `{}`)", f.path, f.line, f.source_line.trim()))
            .unwrap_or_default();
        let stopped = format!(
            "{}:{}:{}: env.py stopped: {}{from}",
            e.path, e.line, e.column, e.message
        );
        if kwargs.is_none() {
            // Autogenerate's "does not provide a MetaData" then says why.
            settings.autogenerate.metadata_problem = Some(stopped.clone());
        }
        settings.notes.push(format!("{stopped}; {what}"));
    }
    let stand_ins = stand_ins.borrow();
    let stand_in_names: Vec<String> = stand_ins
        .iter()
        .map(|o| format!("{} ({})", o.library, o.imported_at))
        .collect();
    if !stand_ins.is_empty() {
        let list = stand_in_names.clone();
        settings.notes.push(format!(
            "env.py imports libraries Retort does not have; they stand in inertly (docs/decisions/0003): {}",
            list.join(", ")
        ));
    }
    drop(stand_ins);
    let Some(kwargs) = kwargs else {
        if result.is_ok() {
            settings.notes.push(format!(
                "{}: env.py never calls `context.configure(...)`; {GENERIC}",
                input.path
            ));
        }
        return settings;
    };
    settings.configured = true;
    let mut callables = hooks::Callables::default();
    let mut model_tables = indexmap::IndexMap::new();
    for (key, value) in kwargs.items() {
        let Some(key) = key.as_str() else { continue };
        match key {
            "version_table" => {
                if let Some(name) = value.as_str() {
                    settings.version_table.name = name.to_owned();
                    settings.autogenerate.version_table = name.to_owned();
                }
            }
            "version_table_pk" => settings.version_table.pk = truthy(value),
            "target_metadata" => {
                let all: Vec<Value> = match value {
                    Value::List(l) => l.borrow().clone(),
                    Value::Tuple(t) => t.to_vec(),
                    Value::None => Vec::new(),
                    v => vec![v.clone()],
                };
                // The first MetaData's naming convention names what `op.*` builds.
                if let Some(md) = all.first().and_then(|v| v.downcast_host::<SaMetaData>()) {
                    settings.naming = md.naming.clone();
                }
                let mut tables = Vec::new();
                let mut not_metadata = None;
                for v in &all {
                    let Some(md) = v.downcast_host::<SaMetaData>() else {
                        not_metadata = Some(v.type_name());
                        continue;
                    };
                    for v in crate::host::create_all::sorted_tables(md) {
                        if let Some(t) = v.downcast_host::<crate::host::sa::SaTable>() {
                            let table = t.table.borrow().clone();
                            model_tables.insert(table.name.clone(), v.clone());
                            tables.push(table);
                        }
                    }
                }
                match not_metadata {
                    // A stand-in (a module Retort could not import) is no model: comparing
                    // with it would drop every table.
                    Some(what) => {
                        settings.autogenerate.metadata_problem = Some(format!(
                            "target_metadata is {what}, not a MetaData{}",
                            if stand_in_names.is_empty() {
                                String::new()
                            } else {
                                format!(
                                    ": env.py's imports of {} stood in for modules Retort could not import",
                                    stand_in_names.join(", ")
                                )
                            }
                        ))
                    }
                    None if !value.is_none() => settings.target_metadata = Some(tables),
                    None => {}
                }
            }
            "compare_type" if matches!(value, Value::Bool(_) | Value::None | Value::Int(_)) => {
                settings.autogenerate.compare_type = truthy(value)
            }
            "compare_server_default"
                if matches!(value, Value::Bool(_) | Value::None | Value::Int(_)) =>
            {
                settings.autogenerate.compare_server_default = truthy(value)
            }
            // Callables: run when autogenerate asks them, in this interpreter.
            "compare_type" => {
                settings.autogenerate.compare_type = true;
                callables.compare_type = Some(value.clone());
            }
            "compare_server_default" => {
                settings.autogenerate.compare_server_default = true;
                callables.compare_server_default = Some(value.clone());
            }
            "include_object" if truthy(value) => callables.include_object = Some(value.clone()),
            "include_name" if truthy(value) => callables.include_name = Some(value.clone()),
            "process_revision_directives" if truthy(value) => {
                callables.process_revision_directives = Some(value.clone())
            }
            "user_module_prefix" => {
                settings.autogenerate.user_module_prefix = value.as_str().map(str::to_owned)
            }
            "include_schemas"
            | "render_item"
            | "sqlalchemy_module_prefix"
            | "alembic_module_prefix"
                if truthy(value) =>
            {
                settings.autogenerate.not_applied.push(key.to_owned())
            }
            "render_as_batch" => settings.autogenerate.render_as_batch = truthy(value),
            "connection" => {
                if let Some(c) = value.downcast_host::<EnvConnection>() {
                    settings.url = Some(url_of(&c.engine.url));
                }
            }
            "url" if settings.url.is_none() && !value.is_none() => {
                settings.url = Some(url_of(value));
            }
            "transactional_ddl" => settings.transactions.transactional_ddl = truthy(value),
            "transaction_per_migration" => settings.transactions.per_migration = truthy(value),
            _ => {}
        }
    }
    if !callables.is_empty() {
        interp.output.clear();
        settings.hooks = Some(EnvHooksRef(Rc::new(EnvHooks::new(
            interp,
            callables,
            model_tables,
            autogenerating,
        ))));
    }
    settings
}

/// Makes `alembic.context` in revision files what it is under Alembic while migrations run:
/// the environment of this run (`get_x_argument()`, `get_tag_argument()`,
/// `is_offline_mode()`, `config`, `get_bind()`, `get_context()`).
pub fn install_step_context(input: &EnvInput, modules: &HostModules) {
    let context = EnvContext::new(input, Some(modules.op_slot.clone()));
    *context.configured.borrow_mut() = Some(Dict::new());
    *modules.context.borrow_mut() = Some(Value::Host(context));
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::None | Value::Bool(false) | Value::Int(0))
}

/// The modules env.py imports: the revision files' ones, plus `alembic.context`, the parts of
/// `sqlalchemy` that make engines (inert here), and `os`/`sys` reduced to what env.py files
/// use to find their URL (an empty environment).
struct EnvModules {
    /// The revision files' modules, with `alembic.context` the recorder.
    host: HostModules,
}

impl ModuleResolver for EnvModules {
    fn resolve(&self, interp: &mut Interp, name: &str) -> Option<EvalResult> {
        let inert = |n: &str| Some(Ok(Value::host(Placeholder(Rc::from(n)))));
        match name {
            "sqlalchemy" => match self.host.resolve(interp, name)? {
                Ok(inner) => Some(Ok(Value::host(EnvSa(inner)))),
                Err(e) => Some(Err(e)),
            },
            "sqlalchemy.ext.asyncio" => Some(Ok(Value::Module(Rc::new(Module::new(
                name,
                [
                    (
                        "async_engine_from_config",
                        engine_factory("async_engine_from_config", true),
                    ),
                    (
                        "create_async_engine",
                        engine_factory("create_async_engine", true),
                    ),
                    (
                        "AsyncEngine",
                        Value::host(Placeholder(Rc::from("AsyncEngine"))),
                    ),
                    (
                        "AsyncConnection",
                        Value::host(Placeholder(Rc::from("AsyncConnection"))),
                    ),
                ],
            ))))),
            "sqlalchemy.engine" | "sqlalchemy.engine.url" => {
                Some(Ok(Value::Module(Rc::new(Module::new(
                    name,
                    [
                        (
                            "engine_from_config",
                            engine_factory("engine_from_config", false),
                        ),
                        ("create_engine", engine_factory("create_engine", false)),
                        ("make_url", crate::host::url::make_url()),
                        (
                            "Connection",
                            Value::host(Placeholder(Rc::from("Connection"))),
                        ),
                        ("Engine", Value::host(Placeholder(Rc::from("Engine")))),
                        ("URL", Value::host(crate::host::url::UrlClass)),
                    ],
                )))))
            }
            "sqlalchemy.pool" => inert(name),
            _ => self.host.resolve(interp, name),
        }
    }

    fn available(&self) -> Vec<String> {
        self.host.available()
    }

    fn find_source(&self, name: &str) -> Option<retort_pyscript::SourceModule> {
        self.host.find_source(name)
    }

    fn missing(&self, interp: &mut Interp, name: &str) -> Option<EvalResult> {
        self.host.missing(interp, name)
    }
}

/// `sqlalchemy` as env.py sees it: engine factories and pools are inert (env.py makes an
/// engine only to hand a connection to `context.configure`).
struct EnvSa(Value);

impl HostObject for EnvSa {
    fn type_name(&self) -> String {
        "module".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        match name {
            "engine_from_config" => Ok(Some(engine_factory("engine_from_config", false))),
            "create_engine" => Ok(Some(engine_factory("create_engine", false))),
            "make_url" => Ok(Some(crate::host::url::make_url())),
            "pool" | "engine" | "NullPool" | "StaticPool" | "event" => Ok(Some(Value::host(
                Placeholder(Rc::from(format!("sqlalchemy.{name}"))),
            ))),
            _ => interp.get_attr_opt(&self.0, name),
        }
    }
    fn repr(&self) -> String {
        "<module 'sqlalchemy'>".into()
    }
}

/// `engine_from_config(configuration, prefix="sqlalchemy.")`, `create_engine(url)` and their
/// async twins, as env.py calls them: an engine that only remembers its URL (the host opens
/// the database).
fn engine_factory(name: &'static str, is_async: bool) -> Value {
    Value::native(name, move |interp, a: Args| {
        let url = if name.ends_with("from_config") {
            let configuration = a.arg(0, "configuration").cloned().unwrap_or(Value::None);
            let prefix = match a.arg(1, "prefix") {
                Some(Value::Str(p)) => p.to_string(),
                _ => "sqlalchemy.".to_owned(),
            };
            let key = Value::str(&format!("{prefix}url"));
            match interp.get_item(&configuration, &key) {
                Ok(v) => v,
                // SQLAlchemy pops "url" from the prefixed options: a KeyError without it.
                Err(_) => return Err(interp.exc("KeyError", "'url'")),
            }
        } else {
            a.arg(0, "url").cloned().unwrap_or(Value::None)
        };
        Ok(Value::host(EnvEngine { url, is_async }))
    })
}

/// An engine env.py made.
struct EnvEngine {
    url: Value,
    is_async: bool,
}

impl HostObject for EnvEngine {
    fn type_name(&self) -> String {
        if self.is_async {
            "AsyncEngine"
        } else {
            "Engine"
        }
        .into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            "connect" | "begin" => Value::native(name, move |_, _| {
                Ok(Value::host(EnvConnection { engine: me.clone() }))
            }),
            "dispose" => Value::native(name, |_, _| Ok(Value::None)),
            "url" => match self.url.as_str() {
                Some(s) => Value::host(crate::host::url::Url::parse(s)),
                None => self.url.clone(),
            },
            "dialect" => Value::host(crate::host::conn::Dialect),
            "name" => Value::str("sqlite"),
            "sync_engine" => Value::Host(self),
            _ => return Ok(None),
        }))
    }
}

/// A connection of an engine env.py made: what it hands to `context.configure`.
struct EnvConnection {
    engine: Rc<EnvEngine>,
}

impl HostObject for EnvConnection {
    fn type_name(&self) -> String {
        if self.engine.is_async {
            "AsyncConnection"
        } else {
            "Connection"
        }
        .into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            // `await connection.run_sync(do_run_migrations)`: the function gets the sync
            // connection (this one) and any further arguments.
            "run_sync" => Value::native(name, move |interp, a: Args| {
                let mut args = a.positional.into_iter();
                let f = args.next().unwrap_or(Value::None);
                let mut call = vec![Value::Host(me.clone())];
                call.extend(args);
                interp.call(
                    &f,
                    Args {
                        positional: call,
                        keywords: a.keywords,
                    },
                )
            }),
            "begin" => Value::native(name, move |_, _| Ok(Value::Host(me.clone()))),
            "commit" | "close" | "rollback" | "execute" | "exec_driver_sql" => {
                Value::native(name, |_, _| Ok(Value::None))
            }
            "engine" => Value::Host(self.engine.clone()),
            "dialect" => Value::host(crate::host::conn::Dialect),
            "sync_connection" => Value::Host(self),
            _ => return Ok(None),
        }))
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> EvalResult<Option<Value>> {
        Ok(Some(Value::Host(self)))
    }
    fn exit(self: Rc<Self>, _: &mut Interp, _: Option<&Value>) -> EvalResult<bool> {
        Ok(false)
    }
}

/// `alembic.context` while env.py runs: records `configure(...)`.
struct EnvContext {
    offline: bool,
    configured: RefCell<Option<Dict>>,
    config: Rc<EnvConfig>,
    x_args: Vec<String>,
    tag: Option<String>,
    /// While steps run: the running step's operations (for `get_bind()`, `get_context()`,
    /// and whether this run is offline).
    ops: Option<OpSlot>,
    /// What `run_migrations(**kw)` was given.
    migration_args: RefCell<Args>,
}

impl EnvContext {
    fn new(input: &EnvInput, ops: Option<OpSlot>) -> Rc<EnvContext> {
        Rc::new(EnvContext {
            offline: input.offline,
            configured: RefCell::new(None),
            config: Rc::new(EnvConfig {
                ini: input.ini.cloned(),
                file_name: input.config_file_name.map(str::to_owned),
                section: input.ini_section.to_owned(),
                overrides: RefCell::new(Vec::new()),
                autogenerate: Rc::new(Cell::new(false)),
                x_args: input.x_args.to_vec(),
            }),
            x_args: input.x_args.to_vec(),
            tag: input.tag.map(str::to_owned),
            ops,
            migration_args: RefCell::default(),
        })
    }

    /// The running step's `op`, if steps are running.
    fn op(&self) -> Option<Value> {
        self.ops.as_ref().and_then(|slot| slot.borrow().clone())
    }
}

impl HostObject for EnvContext {
    fn type_name(&self) -> String {
        "module".into()
    }
    fn get_attr(self: Rc<Self>, interp: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        if let Some(op) = self.op() {
            match name {
                "get_bind" | "get_context" => return interp.get_attr_opt(&op, name),
                "is_offline_mode" => {
                    let offline = op
                        .downcast_host::<Operations>()
                        .is_some_and(|o| o.ctx.as_sql());
                    return Ok(Some(Value::native(name, move |_, _| {
                        Ok(Value::Bool(offline))
                    })));
                }
                _ => {}
            }
        }
        Ok(Some(match name {
            "config" => Value::Host(self.config.clone()),
            "configure" => Value::native("configure", move |_, a: Args| {
                let mut d = me.configured.borrow().clone().unwrap_or_default();
                for (k, v) in a.keywords {
                    d.insert(Value::str(&k), v).ok();
                }
                *me.configured.borrow_mut() = Some(d);
                Ok(Value::None)
            }),
            "is_offline_mode" => {
                let offline = self.offline;
                Value::native("is_offline_mode", move |_, _| Ok(Value::Bool(offline)))
            }
            "get_x_argument" => Value::native("get_x_argument", move |_, a: Args| {
                let as_dict = a.kw("as_dictionary").is_some_and(truthy)
                    || a.positional.first().is_some_and(truthy);
                if as_dict {
                    let mut d = Dict::new();
                    for x in &me.x_args {
                        let (k, v) = x.split_once('=').unwrap_or((x, ""));
                        d.insert(Value::str(k), Value::str(v)).ok();
                    }
                    Ok(Value::dict(d))
                } else {
                    Ok(Value::list(
                        me.x_args.iter().map(|s| Value::str(s)).collect(),
                    ))
                }
            }),
            "run_migrations" => {
                let me = self.clone();
                Value::native(name, move |_, a: Args| {
                    me.migration_args.borrow_mut().keywords = a.keywords;
                    Ok(Value::None)
                })
            }
            "execute" => Value::native(name, |_, _| Ok(Value::None)),
            "get_tag_argument" => {
                let tag = self.tag.clone();
                Value::native(name, move |_, _| {
                    Ok(tag.as_deref().map_or(Value::None, Value::str))
                })
            }
            "get_revision_argument" | "get_starting_revision_argument" | "get_head_revision" => {
                Value::native(name, |_, _| Ok(Value::None))
            }
            _ => Value::host(Placeholder(Rc::from(format!("alembic.context.{name}")))),
        }))
    }
    fn repr(&self) -> String {
        "<module 'alembic.context'>".into()
    }
}

/// `config.cmd_opts`: the options of the command being run that env.py files read.
struct CmdOpts {
    autogenerate: bool,
    x: Vec<String>,
}

impl HostObject for CmdOpts {
    fn type_name(&self) -> String {
        "Namespace".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "autogenerate" => Some(Value::Bool(self.autogenerate)),
            "x" => Some(Value::list(self.x.iter().map(|x| Value::str(x)).collect())),
            _ => None,
        })
    }
}

/// `context.config`: Alembic's `Config` over the project's ini file.
struct EnvConfig {
    ini: Option<Ini>,
    file_name: Option<String>,
    section: String,
    /// `set_main_option` / `set_section_option`, newest last. Values are kept as given: a
    /// URL computed from the application's settings may be a stand-in (docs/decisions/0003).
    overrides: RefCell<Vec<(String, String, Value)>>,
    /// `cmd_opts.autogenerate`: set while autogenerate runs env.py's callables.
    autogenerate: Rc<Cell<bool>>,
    x_args: Vec<String>,
}

impl EnvConfig {
    fn option(&self, section: &str, name: &str) -> Option<Value> {
        let set = self.overrides.borrow();
        if let Some((_, _, v)) = set.iter().rev().find(|(s, n, _)| s == section && n == name) {
            return Some(v.clone());
        }
        let text = self.ini.as_ref()?.get(section, name).ok().flatten()?;
        Some(Value::str(&text))
    }
}

impl HostObject for EnvConfig {
    fn type_name(&self) -> String {
        "Config".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        let opt = |v: Option<Value>, default: Option<&Value>| match v {
            Some(v) => v,
            None => default.cloned().unwrap_or(Value::None),
        };
        Ok(Some(match name {
            "config_file_name" => self
                .file_name
                .as_deref()
                .map(Value::str)
                .unwrap_or(Value::None),
            "config_ini_section" => Value::str(&self.section),
            "attributes" => Value::dict(Dict::new()),
            "get_main_option" | "get_alembic_option" => Value::native(name, move |i, a: Args| {
                let key = arg_str(i, &a, 0, "name")?;
                Ok(opt(
                    me.option(&me.section, &key),
                    a.positional.get(1).or(a.kw("default")),
                ))
            }),
            "get_section_option" => Value::native(name, move |i, a: Args| {
                let section = arg_str(i, &a, 0, "section")?;
                let key = arg_str(i, &a, 1, "name")?;
                Ok(opt(
                    me.option(&section, &key),
                    a.positional.get(2).or(a.kw("default")),
                ))
            }),
            "get_section" => Value::native(name, move |i, a: Args| {
                let section = arg_str(i, &a, 0, "name")?;
                let Some(ini) = me.ini.as_ref().filter(|ini| ini.has_section(&section)) else {
                    return Ok(a
                        .positional
                        .get(1)
                        .or(a.kw("default"))
                        .cloned()
                        .unwrap_or(Value::None));
                };
                let mut d = Dict::new();
                for (k, v) in ini.section(&section).unwrap_or_default() {
                    let v = me.option(&section, &k).unwrap_or_else(|| Value::str(&v));
                    d.insert(Value::str(&k), v).ok();
                }
                // Options set by env.py that the file does not have.
                for (s, k, v) in me.overrides.borrow().iter() {
                    if *s == section && !d.contains(&Value::str(k)).unwrap_or(false) {
                        d.insert(Value::str(k), v.clone()).ok();
                    }
                }
                Ok(Value::dict(d))
            }),
            "set_main_option" | "set_section_option" => {
                let main = name == "set_main_option";
                Value::native(name, move |i, a: Args| {
                    let value = |k: usize| a.arg(k, "value").cloned().unwrap_or(Value::None);
                    let (section, key, value) = if main {
                        (me.section.clone(), arg_str(i, &a, 0, "name")?, value(1))
                    } else {
                        (
                            arg_str(i, &a, 0, "section")?,
                            arg_str(i, &a, 1, "name")?,
                            value(2),
                        )
                    };
                    me.overrides.borrow_mut().push((section, key, value));
                    Ok(Value::None)
                })
            }
            "print_stdout" => Value::native(name, |_, _| Ok(Value::None)),
            // The command line's options, as argparse left them (Flask-Migrate's env.py reads
            // `cmd_opts.autogenerate` in its process_revision_directives).
            "cmd_opts" => Value::host(CmdOpts {
                autogenerate: self.autogenerate.get(),
                x: self.x_args.clone(),
            }),
            _ => Value::host(Placeholder(Rc::from(format!("config.{name}")))),
        }))
    }
    fn repr(&self) -> String {
        "<alembic.config.Config>".into()
    }
}

fn arg_str(interp: &Interp, a: &Args, i: usize, name: &str) -> EvalResult<String> {
    match a.arg(i, name) {
        Some(Value::Str(s)) => Ok(s.to_string()),
        Some(v) => Err(interp.type_error(format!("{name} must be a str, not {}", v.type_name()))),
        None => Err(interp.type_error(format!("missing required argument: '{name}'"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, offline: bool) -> EnvSettings {
        let ini = Ini::parse(
            "[alembic]\nscript_location = .\nsqlalchemy.url = sqlite:///%(here)s/db.sqlite\nvt = custom_version\n",
            "alembic.ini",
            "/p",
        )
        .unwrap();
        read_env(&EnvInput {
            path: "env.py",
            text,
            offline,
            ini: Some(&ini),
            config_file_name: Some("alembic.ini"),
            ini_section: "alembic",
            x_args: &["tenant=acme".to_owned()],
            tag: None,
            project: None,
        })
    }

    const GENERIC_ENV: &str = r#"
from logging.config import fileConfig
from sqlalchemy import engine_from_config, pool, MetaData
from alembic import context
import os
config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"})

def run_migrations_offline():
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      version_table=config.get_main_option("vt"))
    with context.begin_transaction():
        context.run_migrations()

def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    assert config.get_section(config.config_ini_section)["sqlalchemy.url"] == "sqlite:////p/db.sqlite"
    tenant = context.get_x_argument(as_dictionary=True).get("tenant")
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          version_table=f"version_{tenant}", version_table_pk=False,
                          url=os.environ.get("DATABASE_URL", "x"))
        with context.begin_transaction():
            context.run_migrations()

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"#;

    #[test]
    fn configure_arguments_are_read_online_and_offline() {
        let online = read(GENERIC_ENV, false);
        assert!(online.notes.is_empty(), "{:?}", online.notes);
        assert_eq!(online.version_table.name, "version_acme");
        assert!(!online.version_table.pk);
        assert_eq!(
            online.naming.0.get("uq").map(String::as_str),
            Some("uq_%(table_name)s_%(column_0_name)s")
        );
        let offline = read(GENERIC_ENV, true);
        assert_eq!(offline.version_table.name, "custom_version");
        assert!(offline.version_table.pk);
    }

    #[test]
    fn the_url_env_py_connects_to_is_read() {
        let online = read(GENERIC_ENV, false);
        // Alembic takes `connection=` over `url=` when both are given.
        assert_eq!(
            online.url,
            Some(EnvUrl::Known("sqlite:////p/db.sqlite".into()))
        );
        let computed = read(
            r#"
from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlalchemy.ext.asyncio import async_engine_from_config
config = context.config
section = config.get_section(config.config_ini_section, {})
section["sqlalchemy.url"] = section["sqlalchemy.url"].replace("db.sqlite", "other.db")
with engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool).connect() as c:
    context.configure(connection=c)
"#,
            false,
        );
        assert_eq!(
            computed.url,
            Some(EnvUrl::Known("sqlite:////p/other.db".into()))
        );
        let set = read(
            r#"
from alembic import context
from sqlalchemy import create_engine
config = context.config
config.set_main_option("sqlalchemy.url", "sqlite:///set.db")
engine = create_engine(config.get_main_option("sqlalchemy.url"))
connection = engine.connect()
context.configure(connection=connection)
"#,
            false,
        );
        assert_eq!(set.url, Some(EnvUrl::Known("sqlite:///set.db".into())));
        let offline = read(GENERIC_ENV, true);
        assert_eq!(
            offline.url,
            Some(EnvUrl::Known("sqlite:////p/db.sqlite".into()))
        );
    }

    #[test]
    fn an_application_module_nowhere_stands_in_with_a_note() {
        let s = read(
            "from alembic import context\nfrom myapp.models import Base\ncontext.configure(target_metadata=Base.metadata)\n",
            false,
        );
        assert!(s.configured);
        assert_eq!(s.notes.len(), 1, "{:?}", s.notes);
        assert!(s.notes[0].contains("myapp (env.py:2)"), "{}", s.notes[0]);
    }

    #[test]
    fn an_env_py_that_stops_falls_back_with_a_note() {
        let s = read(
            "from alembic import context\nimport json\njson.loads('{')\ncontext.configure()\n",
            false,
        );
        let mut generic = EnvSettings {
            notes: s.notes.clone(),
            ..EnvSettings::default()
        };
        // Autogenerate would say where env.py stopped.
        generic.autogenerate.metadata_problem = s.autogenerate.metadata_problem.clone();
        assert_eq!(s, generic);
        assert_eq!(s.notes.len(), 1);
        assert!(s.notes[0].starts_with("env.py:3:"), "{}", s.notes[0]);
        assert!(
            s.notes[0].starts_with(s.autogenerate.metadata_problem.as_deref().unwrap()),
            "{:?}",
            s.autogenerate.metadata_problem
        );
        assert!(s.notes[0].contains("generic settings"), "{}", s.notes[0]);
    }
}
