//! The interpreter's library modules written in Python (`src/python`) are embedded without
//! comments and docstrings (`retort_pystrip`).

fn main() {
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("python");
    retort_pystrip::copy_stripped(std::path::Path::new("src/python"), &out);
}
