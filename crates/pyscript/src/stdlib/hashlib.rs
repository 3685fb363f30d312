//! `hashlib`: `sha256`, `sha1` and `md5` objects, which keep their data and digest it on
//! demand.

use std::rc::Rc;

use super::bytes_arg;
use crate::interp::Interp;
use crate::value::*;

pub(super) fn hashlib() -> Module {
    Module::new(
        "hashlib",
        [
            (
                "sha256",
                Value::native("sha256", |it, a| hash_new(it, a, "sha256")),
            ),
            (
                "sha1",
                Value::native("sha1", |it, a| hash_new(it, a, "sha1")),
            ),
            ("md5", Value::native("md5", |it, a| hash_new(it, a, "md5"))),
        ],
    )
}

fn hash_new(it: &mut Interp, a: Args, algo: &'static str) -> EvalResult {
    let data = bytes_arg(it, &a)?;
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
            "sha256" => sha2::Sha256::digest(&*data).to_vec(),
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
            "name" => Value::str(self.algo),
            _ => return Ok(None),
        }))
    }
}
