//! Dicts and sets: `HashKey`, Python's hash equality (`1 == 1.0 == True`), and `Dict`, an
//! insertion-ordered map that stays a vector while it is small.

use std::rc::Rc;

use super::*;

/// A key of a dict or set member: Python's hash equality (`1 == 1.0 == True`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HashKey {
    None,
    Int(i64),
    Float(u64),
    Str(Str),
    Bytes(Rc<[u8]>),
    Tuple(Vec<HashKey>),
    /// Classes, functions, modules, host objects and instances hash by identity.
    Id(usize),
    /// An instance of a class with its own `__hash__`: keys with equal hashes are the same
    /// key (their `__eq__` is not asked).
    Custom(i64),
}

impl std::hash::Hash for HashKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            HashKey::None => h.write_u8(0),
            HashKey::Int(i) => {
                h.write_u8(1);
                h.write_i64(*i);
            }
            HashKey::Float(f) => {
                h.write_u8(2);
                h.write_u64(*f);
            }
            HashKey::Str(s) => StrKey(s).hash(h),
            HashKey::Bytes(b) => {
                h.write_u8(4);
                b.hash(h);
            }
            HashKey::Tuple(t) => {
                h.write_u8(5);
                t.hash(h);
            }
            HashKey::Id(i) => {
                h.write_u8(6);
                h.write_usize(*i);
            }
            HashKey::Custom(i) => {
                h.write_u8(7);
                h.write_i64(*i);
            }
        }
    }
}

/// A `str` key looked up without making a [`HashKey`] (and its `Rc`) first.
struct StrKey<'a>(&'a str);

impl std::hash::Hash for StrKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u8(3);
        self.0.hash(h);
    }
}

impl indexmap::Equivalent<HashKey> for StrKey<'_> {
    fn equivalent(&self, key: &HashKey) -> bool {
        matches!(key, HashKey::Str(s) if **s == *self.0)
    }
}

impl HashKey {
    pub fn of(v: &Value) -> Result<HashKey, String> {
        Ok(match v {
            Value::None => HashKey::None,
            Value::Bool(b) => HashKey::Int(*b as i64),
            Value::Int(i) => HashKey::Int(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    HashKey::Int(*f as i64)
                } else {
                    HashKey::Float(f.to_bits())
                }
            }
            Value::Str(s) => HashKey::Str(s.clone()),
            Value::Bytes(b) => HashKey::Bytes(b.clone()),
            Value::Tuple(items) => {
                HashKey::Tuple(items.iter().map(HashKey::of).collect::<Result<_, _>>()?)
            }
            Value::Class(c) => HashKey::Id(Rc::as_ptr(c) as *const u8 as usize),
            Value::Function(f) => HashKey::Id(Rc::as_ptr(f) as *const u8 as usize),
            Value::Native(f) => HashKey::Id(Rc::as_ptr(f) as *const u8 as usize),
            Value::Module(m) => HashKey::Id(Rc::as_ptr(m) as *const u8 as usize),
            Value::Instance(i) => {
                if let Some(Value::Str(s)) = i.enum_value_key() {
                    // Enum members of str-mixin enums hash as their value.
                    HashKey::Str(s)
                } else if let Some(n @ Value::Int(_)) = i.int_enum_value() {
                    // As do members of int-mixin enums (`IntEnum`).
                    HashKey::of(&n)?
                } else if let Some(Value::None) = i.class.lookup("__hash__") {
                    // A class that defines `__eq__` without `__hash__`.
                    return Err(format!("unhashable type: '{}'", i.class.name));
                } else {
                    HashKey::Id(Rc::as_ptr(i) as *const u8 as usize)
                }
            }
            Value::BoundMethod(m) => HashKey::Id(Rc::as_ptr(m) as *const u8 as usize),
            Value::Host(h) => match h.hash_key() {
                Some(k) => k,
                None => HashKey::Id(Rc::as_ptr(h) as *const u8 as usize),
            },
            other => return Err(format!("unhashable type: '{}'", other.type_name())),
        })
    }
}

/// An insertion-ordered dict (Python 3.7+ semantics); sets use it with `None` values.
///
/// Up to [`SMALL_DICT`] items sit in one vector and are found by comparing keys: most dicts
/// a script makes are a few keyword-like items (a data loop's `{"label": ..., "id": ...}`
/// per row), where hashing and a hash table's second allocation cost more than the
/// comparisons. A dict that grows beyond moves to a hashed map for good.
#[derive(Clone, Default)]
pub struct Dict {
    small: Vec<(HashKey, Value, Value)>,
    map: Option<Map<HashKey, (Value, Value)>>,
}

const SMALL_DICT: usize = 8;

impl Dict {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty dict with room for `n` items (a literal's): one allocation, no regrowth.
    pub fn with_capacity(n: usize) -> Self {
        if n <= SMALL_DICT {
            Self {
                small: Vec::with_capacity(n),
                map: None,
            }
        } else {
            Self {
                small: Vec::new(),
                map: Some(Map::with_capacity_and_hasher(n, Default::default())),
            }
        }
    }

    pub fn insert(&mut self, key: Value, value: Value) -> Result<(), String> {
        let hk = HashKey::of(&key)?;
        self.insert_hashed(hk, key, value);
        Ok(())
    }

    /// [`Dict::insert`] with the key's hash key already computed (`Interp::hash_key`,
    /// which calls a Python `__hash__`).
    pub fn insert_hashed(&mut self, hk: HashKey, key: Value, value: Value) {
        if let Some(map) = &mut self.map {
            match map.entry(hk) {
                // Python keeps the first key object and replaces the value.
                indexmap::map::Entry::Occupied(mut e) => e.get_mut().1 = value,
                indexmap::map::Entry::Vacant(e) => {
                    e.insert((key, value));
                }
            }
            return;
        }
        if let Some(e) = self.small.iter_mut().find(|e| e.0 == hk) {
            e.2 = value;
        } else if self.small.len() < SMALL_DICT {
            self.small.push((hk, key, value));
        } else {
            let mut map: Map<HashKey, (Value, Value)> =
                Map::with_capacity_and_hasher(SMALL_DICT * 2, Default::default());
            for (h, k, v) in self.small.drain(..) {
                map.insert(h, (k, v));
            }
            map.insert(hk, (key, value));
            self.map = Some(map);
        }
    }

    pub fn get(&self, key: &Value) -> Result<Option<&Value>, String> {
        let hk = HashKey::of(key)?;
        Ok(self.get_hashed(&hk))
    }

    /// [`Dict::get`] by hash key.
    pub fn get_hashed(&self, hk: &HashKey) -> Option<&Value> {
        match &self.map {
            Some(map) => map.get(hk).map(|(_, v)| v),
            None => self.small.iter().find(|e| e.0 == *hk).map(|e| &e.2),
        }
    }

    /// [`Dict::remove`] by hash key.
    pub fn remove_hashed(&mut self, hk: &HashKey) -> Option<Value> {
        match &mut self.map {
            Some(map) => map.shift_remove(hk).map(|(_, v)| v),
            None => {
                let i = self.small.iter().position(|e| e.0 == *hk)?;
                Some(self.small.remove(i).2)
            }
        }
    }

    /// Sets the item with the string key `key`.
    pub fn insert_str(&mut self, key: &str, value: Value) {
        if let Some(map) = &mut self.map {
            if let Some((_, v)) = map.get_mut(&StrKey(key)) {
                *v = value;
                return;
            }
        } else if let Some(e) = self
            .small
            .iter_mut()
            .find(|e| matches!(&e.0, HashKey::Str(s) if **s == *key))
        {
            e.2 = value;
            return;
        }
        let key: Str = Rc::from(key);
        if self.map.is_none() && self.small.len() < SMALL_DICT {
            self.small
                .push((HashKey::Str(key.clone()), Value::Str(key), value));
        } else {
            self.insert_hashed(HashKey::Str(key.clone()), Value::Str(key), value);
        }
    }

    /// Removes the item with the string key `key`.
    pub fn remove_str(&mut self, key: &str) -> Option<Value> {
        match &mut self.map {
            Some(map) => map.shift_remove(&StrKey(key)).map(|(_, v)| v),
            None => {
                let i = self
                    .small
                    .iter()
                    .position(|e| matches!(&e.0, HashKey::Str(s) if **s == *key))?;
                Some(self.small.remove(i).2)
            }
        }
    }

    pub fn get_str(&self, key: &str) -> Option<&Value> {
        match &self.map {
            Some(map) => map.get(&StrKey(key)).map(|(_, v)| v),
            None => self
                .small
                .iter()
                .find(|e| matches!(&e.0, HashKey::Str(s) if **s == *key))
                .map(|e| &e.2),
        }
    }

    pub fn remove(&mut self, key: &Value) -> Result<Option<Value>, String> {
        let hk = HashKey::of(key)?;
        Ok(match &mut self.map {
            Some(map) => map.shift_remove(&hk).map(|(_, v)| v),
            None => match self.small.iter().position(|e| e.0 == hk) {
                Some(i) => Some(self.small.remove(i).2),
                None => None,
            },
        })
    }

    pub fn contains(&self, key: &Value) -> Result<bool, String> {
        Ok(self.get(key)?.is_some())
    }

    pub fn len(&self) -> usize {
        match &self.map {
            Some(map) => map.len(),
            None => self.small.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `popitem()`: the last item.
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        match &mut self.map {
            Some(map) => map.pop().map(|(_, kv)| kv),
            None => self.small.pop().map(|(_, k, v)| (k, v)),
        }
    }

    /// The first item, removed (a set's `pop()`).
    pub fn pop_first(&mut self) -> Option<(Value, Value)> {
        match &mut self.map {
            Some(map) => map.shift_remove_index(0).map(|(_, kv)| kv),
            None if self.small.is_empty() => None,
            None => {
                let (_, k, v) = self.small.remove(0);
                Some((k, v))
            }
        }
    }

    pub fn clear(&mut self) {
        self.small.clear();
        self.map = None;
    }

    pub fn keys(&self) -> Vec<Value> {
        self.items().map(|(k, _)| k.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.items().map(|(_, v)| v.clone()).collect()
    }

    pub fn items(&self) -> impl Iterator<Item = (&Value, &Value)> {
        // One of the two is empty.
        self.small.iter().map(|(_, k, v)| (k, v)).chain(
            self.map
                .iter()
                .flat_map(|m| m.values())
                .map(|(k, v)| (k, v)),
        )
    }
}
