//! `binascii`: `hexlify` and `unhexlify`; its `Error` is `ValueError`.

use std::rc::Rc;

use super::bytes_arg;
use crate::interp::Interp;
use crate::value::*;

pub(super) fn binascii(interp: &Interp) -> Module {
    Module::new(
        "binascii",
        [
            (
                "hexlify",
                Value::native("hexlify", |it, a| {
                    let b = bytes_arg(it, &a)?;
                    Ok(Value::Bytes(Rc::from(
                        b.iter()
                            .map(|x| format!("{x:02x}"))
                            .collect::<String>()
                            .into_bytes(),
                    )))
                }),
            ),
            (
                "unhexlify",
                Value::native("unhexlify", |it, a| {
                    let b = bytes_arg(it, &a)?;
                    let s = String::from_utf8_lossy(&b).into_owned();
                    if !s.len().is_multiple_of(2) {
                        return Err(it.value_error("binascii.Error: Odd-length string"));
                    }
                    let out: Result<Vec<u8>, _> = (0..s.len())
                        .step_by(2)
                        .map(|i| u8::from_str_radix(&s[i..i + 2], 16))
                        .collect();
                    out.map(|o| Value::Bytes(Rc::from(o)))
                        .map_err(|_| it.value_error("binascii.Error: Non-hexadecimal digit found"))
                }),
            ),
            (
                "Error",
                interp
                    .builtins
                    .get("ValueError")
                    .cloned()
                    .unwrap_or(Value::None),
            ),
        ],
    )
}
