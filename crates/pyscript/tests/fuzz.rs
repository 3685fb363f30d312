//! Mutation fuzzing of the parser and the evaluator. The programs of `tests/python/` and the
//! example project's revision files are cut, doubled, spliced into one another, sprinkled
//! with Python's tokens and nested thousands deep at random places; each mutant is parsed
//! and run with the interpreter's own limits (a smaller step budget, so that a case ends in
//! milliseconds). Whatever the input, it must end with a result or with an error that names
//! a line and a column of the file: never a panic, never a stack overflow (which would take
//! the whole test process down), never a hang.
//!
//! It is not coverage-guided (cargo-fuzz would be a tool of its own to install); it is
//! deterministic: `RETORT_FUZZ_CASES=n` sets how many mutants (CI runs 1,500),
//! `RETORT_FUZZ_SEED=s` the first seed. A failure names the case's seed; the case being run
//! is always in `$CARGO_TARGET_TMPDIR/fuzz-case-<first seed>.py`, for the crash that leaves
//! no message (runs from different seeds side by side keep apart).

use std::collections::BTreeMap;
use std::path::Path;

use retort_pyscript::{ErrorKind, Interp, Limits, STACK_SIZE};

mod rng;
use rng::Rng;

/// Pieces of Python, valid and not, that mutations insert.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    ";",
    "\n",
    "\n    ",
    "\t",
    " ",
    "\\",
    "\\\n",
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "#",
    "=",
    "==",
    ":=",
    "->",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "lambda",
    "lambda x: ",
    "yield",
    "yield from ",
    "await ",
    "async ",
    "def f(",
    "class C(",
    "return",
    "if ",
    "else",
    "elif ",
    "for x in ",
    "while ",
    "try:",
    "except",
    "finally:",
    "with ",
    " as ",
    "import ",
    "from ",
    "global x",
    "nonlocal x",
    "del ",
    "pass",
    "break",
    "continue",
    "raise",
    "assert ",
    " not ",
    " and ",
    " or ",
    " in ",
    " is ",
    "None",
    "True",
    "False",
    "0",
    "1",
    "-1",
    "0x",
    "1e308",
    "1e999",
    "99999999999999999999999",
    "1_000",
    "0.5",
    "1j",
    "'a'",
    "b'x'",
    "f'{",
    "f'{x}'",
    "f'{x!r:>10}'",
    "r'\\'",
    "...",
    "x",
    "self",
    "__class__",
    "__dict__",
    "__init__",
    "super()",
    "op.",
    "sa.Column(",
    "print(",
    "len(",
    "range(",
    "str(",
    "int(",
    "[x for x in range(3)]",
    "*args",
    "**kw",
    "=None",
    "match x:",
    "case _:",
    "\u{0}",
    "\u{feff}",
    "é",
    "\u{10ffff}",
    "\r",
    "\x0c",
];

/// Openers and closers nested around a piece of the text (`((((x))))`), and prefixes
/// repeated before it (`not not not x`).
const NESTS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("f(", ")"),
    ("x[", "]"),
    ("[", ",]"),
    ("{1: ", "}"),
    ("-", ""),
    ("not ", ""),
    ("lambda: ", ""),
    ("await ", ""),
    ("1 + ", ""),
    ("x.", ""),
    ("'%s' % (", ",)"),
    ("f'{", "}'"),
];

/// The corpus: every program (and project file) under `tests/python/`, and the example's
/// revision files.
fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = BTreeMap::new();
    let mut todo = vec![
        root.join("tests/python"),
        root.join("../../migrations/versions"),
    ];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|e| e == "py") {
                files.insert(
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                );
            }
        }
    }
    assert!(files.len() > 40, "the corpus is {} files", files.len());
    files.into_iter().collect()
}

/// A char boundary of `s` at random.
fn at(rng: &mut Rng, s: &str) -> usize {
    let mut i = rng.index(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A random span `[a, b)` of `s`, at most `max` bytes long.
fn span(rng: &mut Rng, s: &str, max: usize) -> (usize, usize) {
    let a = at(rng, s);
    let mut b = (a + rng.index(max + 1)).min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    (a, b)
}

/// A name or number of `s` at random (its span), for a nesting that often stays valid.
fn word(rng: &mut Rng, s: &str) -> (usize, usize) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let i = at(rng, s);
    let a = s[..i]
        .char_indices()
        .rfind(|&(_, c)| !is_word(c))
        .map_or(0, |(j, c)| j + c.len_utf8());
    let b = s[i..].find(|c| !is_word(c)).map_or(s.len(), |j| i + j);
    (a, b)
}

/// The byte range of a random line of `s` (with its newline).
fn line(rng: &mut Rng, s: &str) -> (usize, usize) {
    let i = at(rng, s);
    let a = s[..i].rfind('\n').map_or(0, |j| j + 1);
    let b = s[i..].find('\n').map_or(s.len(), |j| i + j + 1);
    (a, b)
}

/// One to three mutations of `text`; `other` is another file of the corpus. Half of them
/// keep Python's lines and tokens whole (a line dropped, doubled or brought from `other`, a
/// name nested deep), so that most mutants still parse and reach the evaluator.
fn mutate(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut s = text.to_owned();
    for _ in 0..1 + rng.index(3) {
        match rng.index(12) {
            0 => s = without(&s, span(rng, &s, 40)),
            8 => s = without(&s, line(rng, &s)),
            1 => s = doubled(&s, span(rng, &s, 80)),
            9 => s = doubled(&s, line(rng, &s)),
            6 => nest(rng, &mut s, |rng, s| span(rng, s, 20)),
            10 | 11 => nest(rng, &mut s, word),
            2 | 3 => {
                let i = at(rng, &s);
                s.insert_str(i, rng.pick(TOKENS));
            }
            4 => {
                let (a, b) = span(rng, &s, 10);
                s.replace_range(a..b, rng.pick(TOKENS));
            }
            5 => {
                // A line of another file, at a line start of this one.
                let lines: Vec<&str> = other.lines().collect();
                let piece = lines.get(rng.index(lines.len())).copied().unwrap_or("");
                let (i, _) = line(rng, &s);
                s.insert_str(i, &format!("{piece}\n"));
            }
            _ => {
                // Deep blocks: an `if` (or `def`, `for`, `with`, `try`) inside each other.
                let header = rng.pick(&["if 1:", "def f():", "for x in y:", "with x:", "try:"]);
                let depth = rng.pick(&[3, 50, 120, 1_000]);
                let mut block = String::new();
                for d in 0..depth {
                    block.push_str(&" ".repeat(d));
                    block.push_str(header);
                    block.push('\n');
                }
                block.push_str(&" ".repeat(depth));
                block.push_str("pass\n");
                let (i, _) = line(rng, &s);
                s.insert_str(i, &block);
            }
        }
    }
    s
}

/// `s` without its range `[a, b)`.
fn without(s: &str, (a, b): (usize, usize)) -> String {
    format!("{}{}", &s[..a], &s[b..])
}

/// `s` with its range `[a, b)` twice.
fn doubled(s: &str, (a, b): (usize, usize)) -> String {
    format!("{}{}", &s[..b], &s[a..])
}

/// Deep nesting around the range `pick` chooses: up to 6,000 levels of one of [`NESTS`].
fn nest(rng: &mut Rng, s: &mut String, pick: fn(&mut Rng, &str) -> (usize, usize)) {
    let (open, close) = rng.pick(NESTS);
    let depth = rng.pick(&[2, 30, 300, 1_500, 3_000, 6_000]);
    let (a, b) = pick(rng, s);
    let nested = format!("{}{}{}", open.repeat(depth), &s[a..b], close.repeat(depth));
    s.replace_range(a..b, &nested);
}

/// How a case ended.
enum Ended {
    Parsed(Result<(), ErrorKind>),
    NotParsed,
}

/// Parses and runs `text` on a thread with the hosts' stack: how it ended, or what is wrong
/// with its error (a panic ends the thread, and is reported by the caller).
fn run(text: String) -> std::thread::Result<Result<Ended, String>> {
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let lines = text.lines().count().max(1);
            let located = |e: &retort_pyscript::Error| {
                let here = e.path == "fuzz.py";
                if here && (e.line == 0 || e.line > lines + 1 || e.column == 0) {
                    Err(format!("an error outside the file: {}", e.short()))
                } else {
                    Ok(())
                }
            };
            let module = match Interp::parse("fuzz.py", &text) {
                Ok(m) => m,
                Err(e) => return located(&e).map(|_| Ended::NotParsed),
            };
            let mut interp = Interp::new(Limits {
                max_steps: 50_000,
                ..Limits::default()
            });
            match interp.exec_module(&module) {
                Ok(_) => Ok(Ended::Parsed(Ok(()))),
                Err(e) => located(&e).map(|_| Ended::Parsed(Err(e.kind.clone()))),
            }
        })
        .unwrap()
        .join()
}

#[test]
fn mutants_end_with_a_result_or_a_located_error() {
    let cases: usize = std::env::var("RETORT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_500);
    let seed: u64 = std::env::var("RETORT_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0xf022);
    let corpus = corpus();
    let last = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-case-{seed}.py"));
    let mut failures = Vec::new();
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for case in 0..cases as u64 {
        let mut rng = Rng((seed.wrapping_add(case) | 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let (_, text) = &corpus[rng.index(corpus.len())];
        let (_, other) = &corpus[rng.index(corpus.len())];
        let mutant = mutate(&mut rng, text, other);
        std::fs::write(&last, &mutant).unwrap();
        let outcome = match run(mutant) {
            Err(_) => {
                failures.push(format!("seed {}: the interpreter panicked", seed + case));
                "panicked"
            }
            Ok(Err(wrong)) => {
                failures.push(format!("seed {}: {wrong}", seed + case));
                "error outside the file"
            }
            Ok(Ok(Ended::NotParsed)) => "syntax error",
            Ok(Ok(Ended::Parsed(Ok(())))) => "ran to its end",
            Ok(Ok(Ended::Parsed(Err(kind)))) => match kind {
                ErrorKind::Syntax => "syntax error when run",
                ErrorKind::Unsupported => "unsupported",
                ErrorKind::Exception { .. } => "raised an exception",
                ErrorKind::Limit => "hit a limit",
            },
        };
        *tally.entry(outcome).or_default() += 1;
    }
    eprintln!("{cases} mutants from seed {seed}: {tally:?}");
    // The mutants must reach the evaluator, not only the parser.
    assert!(
        tally.get("syntax error").copied().unwrap_or(0) * 10 < cases * 9,
        "nine in ten mutants do not parse: {tally:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} mutants failed (reproduce with RETORT_FUZZ_SEED=<seed> RETORT_FUZZ_CASES=1):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
