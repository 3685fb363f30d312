//! Generated differential testing: random, well-typed Python expressions (numbers, strings,
//! lists, tuples, dicts, comprehensions, slicing, string methods, formatting, builtins) run
//! in Retort's interpreter and in CPython (`python3`, at test time), each printed with
//! `repr` — or the class of the exception it raised. Any difference is a bug in one of the
//! two (so far, always ours).
//!
//! Retort's integers are 64-bit (docs/pyscript.md): an expression whose integers outgrow
//! them raises `OverflowError` in Retort where CPython goes on; the generator keeps its
//! integers small, and such cases are counted apart, not compared.
//!
//! `RETORT_GEN_CASES=n` sets how many expressions (CI runs 2,000), `RETORT_GEN_SEED=s` the
//! first seed; a failure prints the seed and the expression to reproduce it.

use std::process::Command;

use retort_pyscript::{Interp, STACK_SIZE};

mod rng;
use rng::Rng;

const STRS: &[&str] = &[
    "''",
    "'a'",
    "'abc'",
    "'Hello World'",
    "' x y '",
    "'a,b,,c'",
    "'ÄÖü'",
    "'42'",
    "'-7'",
    "'3.5'",
    "'snake_case_name'",
];
const FLOATS: &[&str] = &[
    "0.0", "0.5", "-1.25", "3.0", "1e10", "2.5e-3", "1e16", "0.1", "123.456", "-0.0", "1e-7",
];

struct Gen {
    rng: Rng,
}

impl Gen {
    fn int(&mut self, d: u32) -> String {
        if d == 0 || self.rng.below(3) == 0 {
            return match self.rng.below(5) {
                0 => format!("{}", self.rng.below(2_000_000) as i64 - 1_000_000),
                1 => format!("(2 ** {})", self.rng.below(40)),
                _ => format!("{}", self.rng.below(41) as i64 - 20),
            };
        }
        let d = d - 1;
        match self.rng.below(12) {
            0..=2 => {
                let op = self.rng.pick(&["+", "-", "*", "//", "%", "&", "|", "^"]);
                format!("({} {op} {})", self.int(d), self.int(d))
            }
            3 => format!("({} ** {})", self.int(0), self.rng.below(3)),
            4 => format!("({} << {})", self.int(d), self.rng.below(12)),
            5 => format!("len({})", self.int_list(d)),
            6 => format!("len({})", self.str(d)),
            7 => format!("int({})", self.float(d)),
            8 => format!("abs({})", self.int(d)),
            9 => format!(
                "{}({}, {})",
                self.rng.pick(&["min", "max"]),
                self.int(d),
                self.int(d)
            ),
            10 => format!(
                "({} if {} else {})",
                self.int(d),
                self.boolean(d),
                self.int(d)
            ),
            _ => format!("sum({})", self.int_list(d)),
        }
    }

    fn float(&mut self, d: u32) -> String {
        if d == 0 || self.rng.below(3) == 0 {
            return self.rng.pick(FLOATS).to_owned();
        }
        let d = d - 1;
        match self.rng.below(7) {
            0..=1 => {
                let op = self.rng.pick(&["+", "-", "*", "/"]);
                format!("({} {op} {})", self.float(d), self.float(d))
            }
            2 => format!("({} / {})", self.int(d), self.int(d)),
            3 => format!("float({})", self.int(d)),
            4 => format!("round({}, {})", self.float(d), self.rng.below(5)),
            5 => format!("({} * {})", self.float(d), self.int(d)),
            _ => format!("abs({})", self.float(d)),
        }
    }

    fn boolean(&mut self, d: u32) -> String {
        if d == 0 {
            return self.rng.pick(&["True", "False"]).to_owned();
        }
        let d = d - 1;
        match self.rng.below(8) {
            0 => {
                let op = self.rng.pick(&["==", "!=", "<", "<=", ">", ">="]);
                format!("({} {op} {})", self.int(d), self.int(d))
            }
            1 => {
                let op = self.rng.pick(&["==", "!=", "<", ">="]);
                format!("({} {op} {})", self.str(d), self.str(d))
            }
            2 => format!("({} in {})", self.str(0), self.str(d)),
            3 => format!("({} in {})", self.int(0), self.int_list(d)),
            4 => format!("(not {})", self.boolean(d)),
            5 => {
                let op = self.rng.pick(&["and", "or"]);
                format!("({} {op} {})", self.boolean(d), self.boolean(d))
            }
            6 => format!("{}.startswith({})", self.str(d), self.str(0)),
            _ => format!("bool({})", self.any(d)),
        }
    }

    fn str(&mut self, d: u32) -> String {
        if d == 0 || self.rng.below(3) == 0 {
            return self.rng.pick(STRS).to_owned();
        }
        let d = d - 1;
        match self.rng.below(16) {
            0 => format!("({} + {})", self.str(d), self.str(d)),
            1 => format!("({} * {})", self.str(d), self.rng.below(4)),
            2 => format!(
                "{}.{}()",
                self.str(d),
                self.rng.pick(&[
                    "upper",
                    "lower",
                    "strip",
                    "title",
                    "capitalize",
                    "swapcase",
                    "lstrip"
                ])
            ),
            3 => format!("{}.replace({}, {})", self.str(d), self.str(0), self.str(0)),
            4 => format!("{}[{}:{}]", self.str(d), self.small(), self.small()),
            5 => format!("{}[::{}]", self.str(d), self.nonzero()),
            6 => format!("{}.join({})", self.str(0), self.str_list(d)),
            7 => format!("str({})", self.any(d)),
            8 => format!("repr({})", self.any(d)),
            // Not a string inside: Python before 3.12 refuses nested quotes of the same kind.
            9 => format!("f\"<{{({})}}>\"", self.int_list(0)),
            10 => format!(
                "'{{:{}}}'.format({})",
                self.rng
                    .pick(&[">8", "<6", "^7", "08.3f", ",", "+d", "x", "e", ".2%", "_"]),
                if self.rng.below(2) == 0 {
                    self.int(d)
                } else {
                    self.float(d)
                }
            ),
            11 => format!(
                "'%s|%r|%d' % ({}, {}, {})",
                self.str(d),
                self.str(d),
                self.int(d)
            ),
            12 => format!("{}.center({}, '*')", self.str(d), self.rng.below(12)),
            13 => format!("{}.zfill({})", self.str(d), self.rng.below(10)),
            14 => format!("{}[{}]", self.str(d), self.small()),
            _ => format!(
                "({} if {} else {})",
                self.str(d),
                self.boolean(d),
                self.str(d)
            ),
        }
    }

    fn int_list(&mut self, d: u32) -> String {
        if d == 0 || self.rng.below(3) == 0 {
            let n = self.rng.below(5);
            let items: Vec<String> = (0..n).map(|_| self.int(0)).collect();
            return format!("[{}]", items.join(", "));
        }
        let d = d - 1;
        match self.rng.below(7) {
            0 => format!("({} + {})", self.int_list(d), self.int_list(d)),
            1 => format!("sorted({})", self.int_list(d)),
            2 => format!("sorted({}, reverse=True)", self.int_list(d)),
            3 => format!(
                "[x * {} for x in range({}) if x % {} != 0]",
                self.int(0),
                self.rng.below(8),
                self.rng.below(3) + 1
            ),
            4 => format!("{}[{}:{}]", self.int_list(d), self.small(), self.small()),
            5 => format!(
                "list(range({}, {}, {}))",
                self.small(),
                self.small(),
                self.nonzero()
            ),
            _ => format!("[len(s) for s in {}]", self.str_list(d)),
        }
    }

    fn str_list(&mut self, d: u32) -> String {
        if d == 0 || self.rng.below(2) == 0 {
            let n = self.rng.below(4);
            let items: Vec<String> = (0..n).map(|_| self.rng.pick(STRS).to_owned()).collect();
            return format!("[{}]", items.join(", "));
        }
        let d = d - 1;
        match self.rng.below(4) {
            0 => format!("{}.split()", self.str(d)),
            1 => format!(
                "{}.split({})",
                self.str(d),
                self.rng.pick(&["','", "'a'", "' '"])
            ),
            2 => format!("sorted({})", self.str_list(d)),
            _ => format!("[s.upper() for s in {} if s]", self.str_list(d)),
        }
    }

    fn any(&mut self, d: u32) -> String {
        match self.rng.below(9) {
            0 | 1 => self.int(d),
            2 => self.float(d),
            3 | 4 => self.str(d),
            5 => self.int_list(d),
            6 => self.boolean(d),
            7 => format!(
                "({}, {})",
                self.int(d.saturating_sub(1)),
                self.str(d.saturating_sub(1))
            ),
            _ => format!(
                "{{{}: {}, {}: {}}}",
                self.str(0),
                self.int(d.saturating_sub(1)),
                self.str(0),
                self.int_list(d.saturating_sub(1))
            ),
        }
    }

    fn small(&mut self) -> i64 {
        self.rng.below(13) as i64 - 6
    }

    fn nonzero(&mut self) -> i64 {
        match self.small() {
            0 => 1,
            n => n,
        }
    }
}

/// A program printing each expression's `repr`, or `!` and the class of its exception.
fn program(exprs: &[String]) -> String {
    let mut p = String::new();
    for e in exprs {
        p += &format!(
            "try:\n    print(repr({e}))\nexcept Exception as exc:\n    print('!' + type(exc).__name__)\n"
        );
    }
    p
}

fn retort(src: String) -> String {
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let module = Interp::parse("gen.py", &src).expect("generated Python parses");
            let mut interp = Interp::default();
            match interp.exec_module(&module) {
                Ok(_) => interp.output,
                Err(e) => format!("{}\n!!{}", interp.output, e.short()),
            }
        })
        .unwrap()
        .join()
        .unwrap()
}

fn cpython(src: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", src])
        .output()
        .expect("python3 runs");
    if !out.status.success() {
        // Not expected: every expression's exception is caught.
        return format!(
            "{}\n!!python3: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr).trim_end()
        );
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn generated_expressions_print_as_in_cpython() {
    let cases: usize = std::env::var("RETORT_GEN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let seed: u64 = std::env::var("RETORT_GEN_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed);
    let mut exprs_gen = Gen { rng: Rng(seed | 1) };
    let batch = 200;
    let mut failures = Vec::new();
    let mut overflows = 0;
    let mut done = 0;
    while done < cases {
        let n = batch.min(cases - done);
        let exprs: Vec<String> = (0..n)
            .map(|_| {
                let depth = 1 + exprs_gen.rng.below(4) as u32;
                exprs_gen.any(depth)
            })
            .collect();
        let src = program(&exprs);
        let (ours, theirs) = (retort(src.clone()), cpython(&src));
        let (ours, theirs): (Vec<&str>, Vec<&str>) =
            (ours.lines().collect(), theirs.lines().collect());
        for (i, e) in exprs.iter().enumerate() {
            let (o, t) = (ours.get(i).copied(), theirs.get(i).copied());
            if o == Some("!OverflowError") && t != o {
                overflows += 1;
            } else if o != t {
                failures.push(format!("{e}\n  retort:  {o:?}\n  cpython: {t:?}"));
            }
        }
        done += n;
    }
    eprintln!(
        "{cases} expressions from seed {seed}: {} differ, {overflows} outgrew 64-bit integers",
        failures.len()
    );
    assert!(
        overflows * 20 <= cases,
        "{overflows} of {cases} expressions outgrew 64-bit integers: the generator should keep them small"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} expressions differ (seed {seed}); the first:\n{}",
        failures.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
