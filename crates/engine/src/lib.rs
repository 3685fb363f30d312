//! Retort's migration engine: Alembic's behaviour on SQLite, re-implemented.
//!
//! The engine does no I/O beyond a SQLite connection. Revision files reach it through
//! [`files::ProjectFiles`], an in-memory directory that each host fills its own way (the
//! CLI from the file system, the page from baked-in files, drops and its editor).

pub mod archive;
pub mod autogenerate;
pub mod command;
pub mod config;
pub(crate) mod db;
pub mod diagram;
pub mod drift;
pub mod env;
pub(crate) mod error;
pub(crate) mod files;
pub mod host;
pub mod imports;
pub mod inspect;
mod mako;
pub mod operations;
mod pylib;
pub mod review;
pub(crate) mod revision;
pub mod runtime;
pub mod script;
pub mod session;
pub mod share;
pub mod sql;
pub mod sqlite;
pub mod verify;

pub use db::{Database, SchemaObject};
pub use files::ProjectFiles;

/// The version of the engine, shown by `retort --version` and the page.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
