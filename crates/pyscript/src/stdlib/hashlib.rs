//! `hashlib`: `md5`, `sha1` and the SHA-2 objects (and `new(name)`), which keep their data
//! and digest it on demand.

use std::rc::Rc;

use super::bytes_arg;
use crate::interp::Interp;
use crate::value::*;

/// The algorithms, with their `digest_size` and `block_size`.
const ALGORITHMS: &[(&str, i64, i64)] = &[
    ("md5", 16, 64),
    ("sha1", 20, 64),
    ("sha224", 28, 64),
    ("sha256", 32, 64),
    ("sha384", 48, 128),
    ("sha512", 64, 128),
];

pub(super) fn hashlib() -> Module {
    let mut items: Vec<(&str, Value)> = ALGORITHMS
        .iter()
        .map(|&(algo, ..)| {
            (
                algo,
                Value::native(algo, move |it, a| hash_new(it, a, algo)),
            )
        })
        .collect();
    items.push((
        "new",
        Value::native("new", |it, mut a| {
            let name = match a.take_kw("name") {
                Some(v) => v,
                None if !a.positional.is_empty() => a.positional.remove(0),
                None => {
                    return Err(it.type_error("new() missing required argument 'name' (pos 1)"));
                }
            };
            let Value::Str(name) = name else {
                return Err(it.type_error(format!(
                    "new() argument 'name' must be str, not {}",
                    name.type_name()
                )));
            };
            let lower = name.to_lowercase();
            match ALGORITHMS.iter().find(|(algo, ..)| *algo == lower) {
                Some(&(algo, ..)) => hash_new(it, a, algo),
                None => Err(it.value_error(format!("unsupported hash type {name}"))),
            }
        }),
    ));
    Module::new("hashlib", items)
}

/// `sha256(data=b"", *, usedforsecurity=True)`.
fn hash_new(it: &mut Interp, mut a: Args, algo: &'static str) -> EvalResult {
    a.take_kw("usedforsecurity");
    let data = match a.take_kw("data").or_else(|| a.take_kw("string")) {
        Some(v) => bytes_arg(
            it,
            &Args {
                positional: vec![v],
                keywords: Vec::new(),
            },
        )?,
        None => bytes_arg(it, &a)?,
    };
    Ok(Value::host(Hash {
        algo,
        data: std::cell::RefCell::new(data),
    }))
}

/// `hashlib.sha256(...)` and friends: data is kept and digested on demand.
struct Hash {
    algo: &'static str,
    data: std::cell::RefCell<Vec<u8>>,
}

impl Hash {
    fn digest(&self) -> Vec<u8> {
        use sha2::Digest;
        let data = self.data.borrow();
        match self.algo {
            "sha224" => sha2::Sha224::digest(&*data).to_vec(),
            "sha256" => sha2::Sha256::digest(&*data).to_vec(),
            "sha384" => sha2::Sha384::digest(&*data).to_vec(),
            "sha512" => sha2::Sha512::digest(&*data).to_vec(),
            "sha1" => sha1::Sha1::digest(&*data).to_vec(),
            _ => md5::Md5::digest(&*data).to_vec(),
        }
    }
}

impl HostObject for Hash {
    fn type_name(&self) -> String {
        format!("_hashlib.HASH ({})", self.algo)
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            "update" => Value::native("update", move |it, a| {
                let b = bytes_arg(it, &a)?;
                it.alloc(b.len())?;
                me.data.borrow_mut().extend(b);
                Ok(Value::None)
            }),
            "hexdigest" => Value::native("hexdigest", move |_, _| {
                Ok(Value::str(
                    &me.digest()
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>(),
                ))
            }),
            "digest" => Value::native("digest", move |_, _| {
                Ok(Value::Bytes(Rc::from(me.digest())))
            }),
            "copy" => Value::native("copy", move |it, _| {
                let data = me.data.borrow().clone();
                it.alloc(data.len())?;
                Ok(Value::host(Hash {
                    algo: me.algo,
                    data: std::cell::RefCell::new(data),
                }))
            }),
            "name" => Value::str(self.algo),
            "digest_size" | "block_size" => {
                let &(_, digest_size, block_size) = ALGORITHMS
                    .iter()
                    .find(|(algo, ..)| *algo == self.algo)
                    .expect("a known algorithm");
                Value::Int(if name == "digest_size" {
                    digest_size
                } else {
                    block_size
                })
            }
            _ => return Ok(None),
        }))
    }
}
