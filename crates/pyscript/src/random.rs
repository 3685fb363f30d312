//! `random`, with CPython's algorithms, so a seeded script draws the same numbers as under
//! CPython 3.11: the Mersenne Twister (MT19937), `seed()` of ints, floats, str and bytes
//! (version 2: the text and its SHA-512), `getrandbits`, and the methods built on them
//! (`_randbelow` by rejection, `randrange`, `choice`, `shuffle`, `sample`, `choices`,
//! `uniform`, `gauss`, ...), as Lib/random.py and Modules/_randommodule.c compute them.
//!
//! The sandbox has no entropy: an unseeded generator (and `seed()`/`seed(None)`) is seeded
//! as `random.seed(0)` is, so a script gives the same rows every run.

use std::cell::RefCell;
use std::rc::Rc;

use sha2::Digest;

use crate::interp::Interp;
use crate::value::*;

const N: usize = 624;
const M: usize = 397;

/// MT19937 (Modules/_randommodule.c).
#[derive(Clone)]
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        let mut mt = Mt {
            state: [0; N],
            index: N + 1,
        };
        mt.init_by_array(&[0]);
        mt
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        let mag = |y: u32| if y & 1 == 0 { 0 } else { MATRIX_A };
        if self.index >= N {
            for kk in 0..N - M {
                let y = (self.state[kk] & UPPER) | (self.state[kk + 1] & LOWER);
                self.state[kk] = self.state[kk + M] ^ (y >> 1) ^ mag(y);
            }
            for kk in N - M..N - 1 {
                let y = (self.state[kk] & UPPER) | (self.state[kk + 1] & LOWER);
                self.state[kk] = self.state[kk + M - N] ^ (y >> 1) ^ mag(y);
            }
            let y = (self.state[N - 1] & UPPER) | (self.state[0] & LOWER);
            self.state[N - 1] = self.state[M - 1] ^ (y >> 1) ^ mag(y);
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: 53 random bits.
    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k <= 64`, as CPython fills 32-bit words, least significant
    /// first.
    fn bits(&mut self, k: u32) -> u64 {
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return (self.next_u32() >> (32 - k)) as u64;
        }
        let low = self.next_u32() as u64;
        let high = (self.next_u32() >> (64 - k)) as u64;
        low | (high << 32)
    }

    /// `_randbelow(n)` by rejection sampling on `n.bit_length()` bits.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.bits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `seed(a)` of a non-negative integer given by its little-endian bytes.
    fn seed_bytes_le(&mut self, le: &[u8]) {
        let mut key: Vec<u32> = le
            .chunks(4)
            .map(|c| {
                let mut w = [0u8; 4];
                w[..c.len()].copy_from_slice(c);
                u32::from_le_bytes(w)
            })
            .collect();
        while key.len() > 1 && key.last() == Some(&0) {
            key.pop();
        }
        if key.is_empty() {
            key.push(0);
        }
        self.init_by_array(&key);
    }
}

/// CPython's `hash(float)` (`_Py_HashDouble`), which `seed(float)` seeds with.
fn hash_float(v: f64) -> i64 {
    const BITS: u32 = 61;
    const P: u64 = (1 << BITS) - 1;
    if v.is_infinite() {
        return if v > 0.0 { 314_159 } else { -314_159 };
    }
    if v.is_nan() {
        return 0;
    }
    let (mut m, mut e) = frexp(v.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & P) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= P {
            x -= P;
        }
    }
    let e = if e >= 0 {
        e % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - e) % BITS as i32)
    } as u32;
    x = ((x << e) & P) | (x >> (BITS - e));
    let mut h = x as i64;
    if v < 0.0 {
        h = -h;
    }
    if h == -1 { -2 } else { h }
}

fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (0.0, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * 2f64.powi(54));
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// A generator: `random.Random()`, and the module's own.
pub(crate) struct Random {
    mt: RefCell<Mt>,
    gauss_next: RefCell<Option<f64>>,
}

impl Random {
    fn new() -> Random {
        Random {
            mt: RefCell::new(Mt::new()),
            gauss_next: RefCell::new(None),
        }
    }

    fn seed(&self, it: &mut Interp, a: &Value) -> EvalResult<()> {
        let mut mt = self.mt.borrow_mut();
        *self.gauss_next.borrow_mut() = None;
        let from_text = |b: &[u8]| {
            // Version 2: int.from_bytes(a + sha512(a).digest(), 'big').
            let mut big = b.to_vec();
            big.extend_from_slice(&sha2::Sha512::digest(b));
            big.reverse();
            big
        };
        match a {
            Value::None => mt.init_by_array(&[0]),
            Value::Int(_) | Value::Bool(_) => {
                let n = a.as_int().unwrap_or(0).unsigned_abs();
                mt.seed_bytes_le(&n.to_le_bytes());
            }
            Value::Float(f) => {
                let h = if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    *f as i64
                } else {
                    hash_float(*f)
                };
                mt.seed_bytes_le(&h.unsigned_abs().to_le_bytes());
            }
            Value::Str(s) => mt.seed_bytes_le(&from_text(s.as_bytes())),
            Value::Bytes(b) => mt.seed_bytes_le(&from_text(b)),
            other => {
                return Err(it.type_error(format!(
                    "The only supported seed types are: None,\nint, float, str, bytes, and bytearray. (got {})",
                    other.type_name()
                )));
            }
        }
        Ok(())
    }

    fn random(&self) -> f64 {
        self.mt.borrow_mut().random()
    }

    fn below(&self, n: u64) -> u64 {
        self.mt.borrow_mut().below(n)
    }

    fn method(self: &Rc<Self>, name: &str) -> Option<Value> {
        let me = self.clone();
        let name_owned: Str = Rc::from(name);
        let known = matches!(
            name,
            "seed"
                | "random"
                | "getrandbits"
                | "randbytes"
                | "randrange"
                | "randint"
                | "choice"
                | "choices"
                | "shuffle"
                | "sample"
                | "uniform"
                | "triangular"
                | "gauss"
                | "normalvariate"
                | "expovariate"
                | "getstate"
                | "setstate"
        );
        known.then(|| Value::native(name, move |it, a| me.call(it, &name_owned, a)))
    }

    fn call(&self, it: &mut Interp, name: &str, mut a: Args) -> EvalResult {
        match name {
            "seed" => {
                let v = a.arg(0, "a").cloned().unwrap_or(Value::None);
                self.seed(it, &v)?;
                Ok(Value::None)
            }
            "random" => Ok(Value::Float(self.random())),
            "getrandbits" => {
                let k = int_arg(it, a.arg(0, "k"), "getrandbits")?;
                if k < 0 {
                    return Err(it.value_error("number of bits must be non-negative"));
                }
                if k > 63 {
                    return Err(it.exc(
                        "OverflowError",
                        "integer result does not fit in 64 bits (Retort's integers are 64-bit)",
                    ));
                }
                Ok(Value::Int(self.mt.borrow_mut().bits(k as u32) as i64))
            }
            "randbytes" => {
                let n = int_arg(it, a.arg(0, "n"), "randbytes")?;
                if n < 0 {
                    return Err(it.value_error("number of bits must be non-negative"));
                }
                let n = n as usize;
                it.alloc(n)?;
                let mut out = Vec::with_capacity(n + 4);
                let mut mt = self.mt.borrow_mut();
                let mut bits = n * 8;
                while bits > 0 {
                    let mut r = mt.next_u32();
                    if bits < 32 {
                        r >>= 32 - bits;
                    }
                    out.extend_from_slice(&r.to_le_bytes());
                    bits = bits.saturating_sub(32);
                }
                out.truncate(n);
                Ok(Value::Bytes(Rc::from(out)))
            }
            "randrange" => {
                let start = a.arg(0, "start").cloned().unwrap_or(Value::None);
                let stop = a.arg(1, "stop").cloned().unwrap_or(Value::None);
                let step = a.arg(2, "step").cloned();
                self.randrange(it, &start, &stop, step.as_ref())
            }
            "randint" => {
                let lo = int_arg(it, a.arg(0, "a"), "randint")?;
                let hi = int_arg(it, a.arg(1, "b"), "randint")?;
                self.randrange(it, &Value::Int(lo), &Value::Int(hi + 1), None)
            }
            "choice" => {
                let seq = a.arg(0, "seq").cloned().unwrap_or(Value::None);
                let n = seq_len(it, &seq)?;
                if n == 0 {
                    return Err(it.exc("IndexError", "Cannot choose from an empty sequence"));
                }
                let i = self.below(n as u64);
                it.get_item(&seq, &Value::Int(i as i64))
            }
            "shuffle" => {
                let x = a.arg(0, "x").cloned().unwrap_or(Value::None);
                let Value::List(l) = &x else {
                    return Err(it.type_error(format!(
                        "'{}' object does not support item assignment",
                        x.type_name()
                    )));
                };
                let n = l.borrow().len();
                for i in (1..n).rev() {
                    it.step()?;
                    let j = self.below(i as u64 + 1) as usize;
                    l.borrow_mut().swap(i, j);
                }
                Ok(Value::None)
            }
            "sample" => {
                let population = a.arg(0, "population").cloned().unwrap_or(Value::None);
                let counts = a.take_kw("counts").filter(|c| !c.is_none());
                let k = a.arg(1, "k").cloned();
                self.sample(it, &population, k, counts)
            }
            "choices" => {
                let population = a.arg(0, "population").cloned().unwrap_or(Value::None);
                let weights = a.arg(1, "weights").cloned().filter(|v| !v.is_none());
                let cum = a.kw("cum_weights").cloned().filter(|v| !v.is_none());
                let k = match a.kw("k") {
                    Some(v) => int_arg(it, Some(v), "choices")?,
                    None => 1,
                };
                self.choices(it, &population, weights, cum, k)
            }
            "uniform" => {
                let lo = float_arg(it, a.arg(0, "a"))?;
                let hi = float_arg(it, a.arg(1, "b"))?;
                Ok(Value::Float(lo + (hi - lo) * self.random()))
            }
            "triangular" => {
                let low = a
                    .arg(0, "low")
                    .map_or(Ok(0.0), |v| float_arg(it, Some(v)))?;
                let high = a
                    .arg(1, "high")
                    .map_or(Ok(1.0), |v| float_arg(it, Some(v)))?;
                let u = self.random();
                let c = match a.arg(2, "mode").filter(|v| !v.is_none()) {
                    None => 0.5,
                    Some(m) => {
                        let m = float_arg(it, Some(m))?;
                        if high == low {
                            return Ok(Value::Float(low));
                        }
                        (m - low) / (high - low)
                    }
                };
                let (mut u, mut c, mut low, mut high) = (u, c, low, high);
                if u > c {
                    u = 1.0 - u;
                    c = 1.0 - c;
                    std::mem::swap(&mut low, &mut high);
                }
                Ok(Value::Float(low + (high - low) * (u * c).sqrt()))
            }
            "gauss" => {
                let mu = a.arg(0, "mu").map_or(Ok(0.0), |v| float_arg(it, Some(v)))?;
                let sigma = a
                    .arg(1, "sigma")
                    .map_or(Ok(1.0), |v| float_arg(it, Some(v)))?;
                let pending = self.gauss_next.borrow_mut().take();
                let z = match pending {
                    Some(z) => z,
                    None => {
                        let x2pi = self.random() * std::f64::consts::TAU;
                        let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                        *self.gauss_next.borrow_mut() = Some(x2pi.sin() * g2rad);
                        x2pi.cos() * g2rad
                    }
                };
                Ok(Value::Float(mu + z * sigma))
            }
            "normalvariate" => {
                let mu = a.arg(0, "mu").map_or(Ok(0.0), |v| float_arg(it, Some(v)))?;
                let sigma = a
                    .arg(1, "sigma")
                    .map_or(Ok(1.0), |v| float_arg(it, Some(v)))?;
                let magic = 4.0 * (-0.5f64).exp() / 2f64.sqrt();
                loop {
                    it.step()?;
                    let u1 = self.random();
                    let u2 = 1.0 - self.random();
                    let z = magic * (u1 - 0.5) / u2;
                    let zz = z * z / 4.0;
                    if zz <= -u2.ln() {
                        return Ok(Value::Float(mu + z * sigma));
                    }
                }
            }
            "expovariate" => {
                let lambd = a
                    .arg(0, "lambd")
                    .map_or(Ok(1.0), |v| float_arg(it, Some(v)))?;
                if lambd == 0.0 {
                    return Err(it.exc("ZeroDivisionError", "float division by zero"));
                }
                Ok(Value::Float(-(1.0 - self.random()).ln() / lambd))
            }
            "getstate" => Ok(Value::host(State(self.mt.borrow().clone()))),
            "setstate" => match a
                .positional
                .first()
                .and_then(|v| v.downcast_host::<State>())
            {
                Some(s) => {
                    *self.mt.borrow_mut() = s.0.clone();
                    Ok(Value::None)
                }
                None => Err(it.type_error("state vector must be a state from getstate()")),
            },
            _ => Err(it.type_error(format!("no method {name}"))),
        }
    }

    fn randrange(
        &self,
        it: &mut Interp,
        start: &Value,
        stop: &Value,
        step: Option<&Value>,
    ) -> EvalResult {
        let istart = index_arg(it, start, 1)?;
        if stop.is_none() {
            if step.is_some_and(|s| s.as_int() != Some(1)) {
                return Err(it.type_error("Missing a non-None stop argument"));
            }
            if istart > 0 {
                return Ok(Value::Int(self.below(istart as u64) as i64));
            }
            return Err(it.value_error("empty range for randrange()"));
        }
        let istop = index_arg(it, stop, 2)?;
        let width = istop
            .checked_sub(istart)
            .ok_or_else(|| it.exc("OverflowError", "randrange() range too large"))?;
        let istep = match step {
            None => 1,
            Some(s) => index_arg(it, s, 3)?,
        };
        if istep == 1 {
            if width > 0 {
                return Ok(Value::Int(istart + self.below(width as u64) as i64));
            }
            return Err(it.value_error(format!(
                "empty range for randrange() ({istart}, {istop}, {width})"
            )));
        }
        let n = if istep > 0 {
            (width + istep - 1).div_euclid(istep)
        } else if istep < 0 {
            (width + istep + 1).div_euclid(istep)
        } else {
            return Err(it.value_error("zero step for randrange()"));
        };
        if n <= 0 {
            return Err(it.value_error("empty range for randrange()"));
        }
        Ok(Value::Int(istart + istep * self.below(n as u64) as i64))
    }

    fn sample(
        &self,
        it: &mut Interp,
        population: &Value,
        k: Option<Value>,
        counts: Option<Value>,
    ) -> EvalResult {
        if matches!(population, Value::Set(_) | Value::Dict(_)) {
            return Err(
                it.type_error("Population must be a sequence.  For dicts or sets, use sorted(d).")
            );
        }
        let Some(k) = k else {
            return Err(
                it.type_error("Random.sample() missing 1 required positional argument: 'k'")
            );
        };
        let k = int_arg(it, Some(&k), "sample")?;
        let n = seq_len(it, population)?;
        if let Some(counts) = counts {
            let counts = it.iterate(&counts)?;
            if counts.len() != n {
                return Err(it.value_error("The number of counts does not match the population"));
            }
            let mut cum = Vec::with_capacity(n);
            let mut total = 0i64;
            for c in &counts {
                let c = int_arg(it, Some(c), "sample")?;
                total += c;
                cum.push(total);
            }
            if total <= 0 {
                return Err(it.value_error("Total of counts must be greater than zero"));
            }
            let picks = self.sample(
                it,
                &Value::Range(Rc::new((0, total, 1))),
                Some(Value::Int(k)),
                None,
            )?;
            let mut out = Vec::new();
            for s in it.iterate(&picks)? {
                let s = s.as_int().unwrap_or(0);
                let i = cum.partition_point(|&c| c <= s);
                out.push(it.get_item(population, &Value::Int(i as i64))?);
            }
            return Ok(Value::list(out));
        }
        if k < 0 || k as usize > n {
            return Err(it.value_error("Sample larger than population or is negative"));
        }
        let k = k as usize;
        it.alloc(k * 8)?;
        let mut setsize = 21usize;
        if k > 5 {
            let e = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4usize.pow(e.ceil() as u32);
        }
        let mut result = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool = it.iterate(population)?;
            for i in 0..k {
                it.step()?;
                let j = self.below((n - i) as u64) as usize;
                result.push(pool[j].clone());
                pool[j] = pool[n - i - 1].clone();
            }
        } else {
            let mut selected = std::collections::HashSet::new();
            for _ in 0..k {
                it.step()?;
                let mut j = self.below(n as u64);
                while selected.contains(&j) {
                    it.step()?;
                    j = self.below(n as u64);
                }
                selected.insert(j);
                result.push(it.get_item(population, &Value::Int(j as i64))?);
            }
        }
        Ok(Value::list(result))
    }

    fn choices(
        &self,
        it: &mut Interp,
        population: &Value,
        weights: Option<Value>,
        cum: Option<Value>,
        k: i64,
    ) -> EvalResult {
        let n = seq_len(it, population)?;
        let k = k.max(0) as usize;
        it.alloc(k * 8)?;
        let cum: Vec<f64> = match (weights, cum) {
            (None, None) => {
                let nf = n as f64;
                let mut out = Vec::with_capacity(k);
                for _ in 0..k {
                    it.step()?;
                    let i = (self.random() * nf).floor() as i64;
                    out.push(it.get_item(population, &Value::Int(i))?);
                }
                return Ok(Value::list(out));
            }
            (Some(_), Some(_)) => {
                return Err(it.type_error("Cannot specify both weights and cumulative weights"));
            }
            (Some(w), None) => {
                let mut total = 0.0;
                let mut out = Vec::new();
                for x in it.iterate(&w)? {
                    total += float_arg(it, Some(&x))?;
                    out.push(total);
                }
                out
            }
            (None, Some(c)) => {
                let mut out = Vec::new();
                for x in it.iterate(&c)? {
                    out.push(float_arg(it, Some(&x))?);
                }
                out
            }
        };
        if cum.len() != n {
            return Err(it.value_error("The number of weights does not match the population"));
        }
        let total = cum.last().copied().unwrap_or(0.0);
        if total <= 0.0 {
            return Err(it.value_error("Total of weights must be greater than zero"));
        }
        if !total.is_finite() {
            return Err(it.value_error("Total of weights must be finite"));
        }
        let hi = n - 1;
        let mut out = Vec::with_capacity(k);
        for _ in 0..k {
            it.step()?;
            let x = self.random() * total;
            // bisect_right(cum, x, 0, hi)
            let i = cum[..hi].partition_point(|&c| c <= x);
            out.push(it.get_item(population, &Value::Int(i as i64))?);
        }
        Ok(Value::list(out))
    }
}

/// `random.getstate()`: opaque, for `setstate`.
struct State(Mt);

impl HostObject for State {
    fn type_name(&self) -> String {
        "tuple".into()
    }
}

fn int_arg(it: &Interp, v: Option<&Value>, what: &str) -> EvalResult<i64> {
    match v {
        Some(v) if v.as_int().is_some() => Ok(v.as_int().unwrap()),
        Some(v) => Err(it.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        ))),
        None => Err(it.type_error(format!("{what}() missing a required argument"))),
    }
}

/// An argument of `randrange`: an int, or a float with an integral value (CPython 3.11
/// accepts it with a DeprecationWarning).
fn index_arg(it: &Interp, v: &Value, pos: usize) -> EvalResult<i64> {
    match v {
        Value::Float(f) if f.fract() == 0.0 => Ok(*f as i64),
        Value::Float(_) => Err(it.value_error(format!("non-integer arg {pos} for randrange()"))),
        v => int_arg(it, Some(v), "randrange"),
    }
}

fn float_arg(it: &Interp, v: Option<&Value>) -> EvalResult<f64> {
    match v {
        Some(Value::Float(f)) => Ok(*f),
        Some(v) if v.as_int().is_some() => Ok(v.as_int().unwrap() as f64),
        Some(v) => Err(it.type_error(format!("must be real number, not {}", v.type_name()))),
        None => Err(it.type_error("missing a required argument")),
    }
}

fn seq_len(it: &mut Interp, v: &Value) -> EvalResult<usize> {
    match v {
        Value::Range(r) => Ok(crate::ops::range_len(r.0, r.1, r.2)),
        Value::Str(s) => Ok(s.chars().count()),
        Value::List(l) => Ok(l.borrow().len()),
        Value::Tuple(t) => Ok(t.len()),
        Value::Bytes(b) => Ok(b.len()),
        _ => {
            let len = it.builtins.get("len").cloned().unwrap_or(Value::None);
            match it.call(&len, Args::new(vec![v.clone()]))? {
                Value::Int(n) => Ok(n.max(0) as usize),
                _ => Ok(0),
            }
        }
    }
}

/// `random.Random`: a type whose call makes a generator (seeded with its argument).
struct RandomType;

impl HostObject for RandomType {
    fn type_name(&self) -> String {
        "type".into()
    }
    fn call(self: Rc<Self>, it: &mut Interp, a: Args) -> EvalResult<Option<Value>> {
        let r = Random::new();
        r.seed(it, a.positional.first().unwrap_or(&Value::None))?;
        Ok(Some(Value::host(RandomValue(Rc::new(r)))))
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(value.downcast_host::<RandomValue>().is_some())
    }
    fn repr(&self) -> String {
        "<class 'random.Random'>".into()
    }
}

/// An instance of `random.Random`.
struct RandomValue(Rc<Random>);

impl HostObject for RandomValue {
    fn type_name(&self) -> String {
        "Random".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(self.0.method(name))
    }
    fn repr(&self) -> String {
        "<random.Random object>".into()
    }
}

pub(crate) fn module() -> Module {
    let r = Rc::new(Random::new());
    let mut attrs: Vec<(&'static str, Value)> = vec![
        ("Random", Value::host(RandomType)),
        ("BPF", Value::Int(53)),
        ("RECIP_BPF", Value::Float(2f64.powi(-53))),
        (
            "SystemRandom",
            Value::native("SystemRandom", |it, _| {
                Err(crate::sysmod::refuse(
                    it,
                    "random.SystemRandom()",
                    "entropy",
                ))
            }),
        ),
    ];
    for name in [
        "seed",
        "random",
        "getrandbits",
        "randbytes",
        "randrange",
        "randint",
        "choice",
        "choices",
        "shuffle",
        "sample",
        "uniform",
        "triangular",
        "gauss",
        "normalvariate",
        "expovariate",
        "getstate",
        "setstate",
    ] {
        if let Some(m) = r.method(name) {
            attrs.push((name, m));
        }
    }
    Module::new("random", attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mersenne_twister_matches_cpython() {
        // `random.seed(0); random.getrandbits(32)` and `random.random()` in CPython 3.11.
        let mut mt = Mt::new();
        assert_eq!(mt.next_u32(), 3_626_764_237);
        let mut mt = Mt::new();
        assert_eq!(mt.random(), 0.8444218515250481);
        assert_eq!(hash_float(1.5), 1_152_921_504_606_846_977);
        assert_eq!(hash_float(-0.1), -230_584_300_921_369_408);
    }
}
