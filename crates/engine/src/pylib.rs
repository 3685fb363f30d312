//! Retort's modules written in Python: SQLAlchemy's ORM (declarative mapping, sessions) and
//! the `sqlalchemy.ext` extensions model files use, over the Core objects of `host::sa`.
//! They are found by the import system as source modules ([`source`]), before the
//! project's own files.

use retort_pyscript::SourceModule;

/// `(module, source, is_package)`.
const MODULES: &[(&str, &str, bool)] = &[
    (
        "sqlalchemy.orm",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/orm/__init__.py"
        )),
        true,
    ),
    (
        "sqlalchemy.orm.decl_api",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/orm/decl_api.py"
        )),
        false,
    ),
    (
        "sqlalchemy.orm.exc",
        include_str!(concat!(env!("OUT_DIR"), "/python/sqlalchemy/orm/exc.py")),
        false,
    ),
    (
        "sqlalchemy.orm.session",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/orm/session.py"
        )),
        false,
    ),
    (
        "sqlalchemy.ext",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/ext/__init__.py"
        )),
        true,
    ),
    (
        "sqlalchemy.ext.declarative",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/ext/declarative.py"
        )),
        false,
    ),
    (
        "sqlalchemy.ext.hybrid",
        include_str!(concat!(env!("OUT_DIR"), "/python/sqlalchemy/ext/hybrid.py")),
        false,
    ),
    (
        "sqlalchemy.ext.associationproxy",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/ext/associationproxy.py"
        )),
        false,
    ),
    (
        "sqlalchemy.ext.mutable",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/sqlalchemy/ext/mutable.py"
        )),
        false,
    ),
    (
        "flask_sqlalchemy",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/flask_sqlalchemy/__init__.py"
        )),
        true,
    ),
    (
        "sqlmodel",
        include_str!(concat!(env!("OUT_DIR"), "/python/sqlmodel/__init__.py")),
        true,
    ),
    (
        "sqlmodel.sql",
        include_str!(concat!(env!("OUT_DIR"), "/python/sqlmodel/sql/__init__.py")),
        true,
    ),
    (
        "sqlmodel.sql.sqltypes",
        include_str!(concat!(env!("OUT_DIR"), "/python/sqlmodel/sql/sqltypes.py")),
        false,
    ),
    (
        "alembic.operations.ops",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/python/alembic/operations/ops.py"
        )),
        false,
    ),
];

/// Whether Retort provides `name` as a Python module.
pub(crate) fn provides(name: &str) -> bool {
    MODULES.iter().any(|(n, _, _)| *n == name)
}

/// The source of the Python module `name`, if Retort provides it.
pub fn source(name: &str) -> Option<SourceModule> {
    let (_, text, package) = MODULES.iter().find(|(n, _, _)| *n == name)?;
    let path = if *package {
        format!("<retort>/{}/__init__.py", name.replace('.', "/"))
    } else {
        format!("<retort>/{}.py", name.replace('.', "/"))
    };
    Some(SourceModule::file(&path, text, *package))
}
