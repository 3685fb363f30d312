//! `uuid`: `UUID` values, and `uuid4()` from a deterministic sequence (splitmix64), so a
//! run is reproducible.

use std::rc::Rc;

use crate::interp::Interp;
use crate::value::*;

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

pub(super) fn uuid() -> Module {
    Module::new(
        "uuid",
        [
            (
                "uuid4",
                Value::native("uuid4", |it, _| {
                    it.uuid_counter += 1;
                    let a = splitmix(it.uuid_counter * 2);
                    let b = splitmix(it.uuid_counter * 2 + 1);
                    let mut bytes = [0u8; 16];
                    bytes[..8].copy_from_slice(&a.to_be_bytes());
                    bytes[8..].copy_from_slice(&b.to_be_bytes());
                    bytes[6] = (bytes[6] & 0x0f) | 0x40;
                    bytes[8] = (bytes[8] & 0x3f) | 0x80;
                    Ok(Value::host(Uuid(bytes)))
                }),
            ),
            (
                "UUID",
                Value::native_type("uuid.UUID", |it, a| {
                    // `UUID(int=N)` / `UUID(bytes=b)`: pyscript's ints are 64-bit, so `int`
                    // covers the low half (the high half is zero).
                    if let Some(v) = a.kw("int") {
                        let Some(n) = v.as_int().filter(|n| *n >= 0) else {
                            return Err(
                                it.value_error("int is out of range (need a 128-bit value)")
                            );
                        };
                        let mut bytes = [0u8; 16];
                        bytes[8..].copy_from_slice(&(n as u64).to_be_bytes());
                        return Ok(Value::host(Uuid(bytes)));
                    }
                    if let Some(Value::Bytes(b)) = a.kw("bytes") {
                        let Ok(bytes) = <[u8; 16]>::try_from(&b[..]) else {
                            return Err(it.value_error("bytes is not a 16-char string"));
                        };
                        return Ok(Value::host(Uuid(bytes)));
                    }
                    let s = match a.arg(0, "hex") {
                        Some(Value::Str(s)) => s.to_string(),
                        _ => {
                            return Err(it.type_error(
                                "one of the hex, bytes, bytes_le, fields, or int arguments must be given",
                            ));
                        }
                    };
                    let hex: String = s
                        .trim_start_matches("urn:uuid:")
                        .chars()
                        .filter(|c| *c != '-' && *c != '{' && *c != '}')
                        .collect();
                    if hex.len() != 32 {
                        return Err(it.value_error("badly formed hexadecimal UUID string"));
                    }
                    let mut bytes = [0u8; 16];
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16)
                            .map_err(|_| it.value_error("badly formed hexadecimal UUID string"))?;
                    }
                    Ok(Value::host(Uuid(bytes)))
                }),
            ),
        ],
    )
}

pub struct Uuid(pub [u8; 16]);

impl Uuid {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl HostObject for Uuid {
    fn type_name(&self) -> String {
        "UUID".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "hex" => Some(Value::str(&self.hex())),
            "bytes" => Some(Value::Bytes(Rc::from(self.0.to_vec()))),
            _ => None,
        })
    }
    fn to_str(&self) -> String {
        let h = self.hex();
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
    fn repr(&self) -> String {
        format!("UUID('{}')", self.to_str())
    }
    fn hash_key(&self) -> Option<HashKey> {
        Some(HashKey::Bytes(Rc::from(self.0.to_vec())))
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let same = other.downcast_host::<Uuid>().is_some_and(|o| o.0 == self.0);
        Ok(op.equality(same))
    }
}
