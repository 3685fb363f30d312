//! `base64`: `b64encode` and `b64decode` with the standard alphabet.

use std::rc::Rc;

use super::bytes_arg;
use crate::value::*;

pub(super) fn base64() -> Module {
    Module::new(
        "base64",
        [
            (
                "b64encode",
                Value::native("b64encode", |it, a| {
                    use base64::Engine;
                    let b = bytes_arg(it, &a)?;
                    Ok(Value::Bytes(Rc::from(
                        base64::engine::general_purpose::STANDARD
                            .encode(b)
                            .into_bytes(),
                    )))
                }),
            ),
            (
                "b64decode",
                Value::native("b64decode", |it, a| {
                    use base64::Engine;
                    let b = bytes_arg(it, &a)?;
                    let out = base64::engine::general_purpose::STANDARD
                        .decode(b)
                        .map_err(|e| it.exc("ValueError", format!("binascii.Error: {e}")))?;
                    Ok(Value::Bytes(Rc::from(out)))
                }),
            ),
        ],
    )
}
