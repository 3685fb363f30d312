//! `zlib`: `compress` and `decompress`, by miniz_oxide; decompression stops at the value-size
//! limit.

use std::rc::Rc;

use super::bytes_arg;
use crate::value::*;

pub(super) fn zlib() -> Module {
    Module::new(
        "zlib",
        [
            (
                "compress",
                Value::native("compress", |it, a| {
                    let b = bytes_arg(it, &a)?;
                    let level = a
                        .arg(1, "level")
                        .and_then(Value::as_int)
                        .unwrap_or(6)
                        .clamp(0, 9) as u8;
                    Ok(Value::Bytes(Rc::from(
                        miniz_oxide::deflate::compress_to_vec_zlib(&b, level),
                    )))
                }),
            ),
            (
                "decompress",
                Value::native("decompress", |it, a| {
                    let b = bytes_arg(it, &a)?;
                    let limit = it.limits.max_value_bytes;
                    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&b, limit)
                        .map(|o| Value::Bytes(Rc::from(o)))
                        .map_err(|e| {
                            it.exc(
                                "ValueError",
                                format!(
                                    "zlib.error: Error while decompressing data ({:?})",
                                    e.status
                                ),
                            )
                        })
                }),
            ),
        ],
    )
}
