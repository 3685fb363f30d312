//! Retort's Python modules (`src/python`: SQLAlchemy's ORM over the engine's Core, the model
//! wrappers, `alembic.operations.ops`) are embedded without comments and docstrings
//! (`retort_pystrip`).

fn main() {
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("python");
    retort_pystrip::copy_stripped(std::path::Path::new("src/python"), &out);
}
