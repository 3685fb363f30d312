//! Interpreter behaviour, checked against what CPython prints for the same program.
//! One helper per shape: `check(src, expected_stdout)` and `check_err(src, expected_short)`.

use super::*;

fn run(src: &str) -> Result<String, Box<Error>> {
    // On a thread with the stack hosts give the interpreter (tests' default is 2 MiB).
    let src = src.to_owned();
    std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || {
            let module = Interp::parse("t.py", &src)?;
            let mut interp = Interp::default();
            interp.exec_module(&module)?;
            Ok(interp.output)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[track_caller]
fn check(src: &str, expected: &str) {
    match run(src) {
        Ok(out) => assert_eq!(out, expected, "program:\n{src}"),
        Err(e) => panic!("program failed:\n{src}\n{e}"),
    }
}

#[track_caller]
fn check_err(src: &str, expected_short: &str) -> Box<Error> {
    match run(src) {
        Ok(out) => panic!("program succeeded, printed {out:?}:\n{src}"),
        Err(e) => {
            assert_eq!(e.short(), expected_short, "full error:\n{e}");
            e
        }
    }
}

#[test]
fn arithmetic_and_comparisons() {
    check(
        "print(1 + 2 * 3, 7 // 2, -7 // 2, 7 % -3, 2 ** 10, 7 / 2)",
        "7 3 -4 -2 1024 3.5\n",
    );
    check(
        "print(1 < 2 < 3, 1 == 1.0, 'a' < 'b', (1, 2) < (1, 3), None is None)",
        "True True True True True\n",
    );
    check(
        "print(0.1 + 0.2, 1e20, 1.5e-7, float('inf'), 3.0)",
        "0.30000000000000004 1e+20 1.5e-07 inf 3.0\n",
    );
    check(
        "print(True + 1, not 0, 5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 4)",
        "2 True 1 7 6 -6 16\n",
    );
    check("x = 5\nx += 2\nx *= 3\nprint(x)", "21\n");
}

#[test]
fn strings_and_formatting() {
    check(
        "print('a,b,,c'.split(','), ' x '.strip(), 'ab'.upper(), '-'.join(['a', 'b']))",
        "['a', 'b', '', 'c'] x AB a-b\n",
    );
    check(
        "n = 3\nprint(f'{n} items, {n:03d}, {n!r}, {n * 2:>4}|{\"s\":<3}|{3.14159:.2f}')",
        "3 items, 003, 3,    6|s  |3.14\n",
    );
    // `{x:.Nf}` has a fast path; these are CPython's answers.
    check(
        "print(f\"{-0.0:.2f}|{2.675:.2f}|{1e20:.1f}|{-3.14159:.3f}|{float('nan'):.2f}|{0.125:.2f}|{2.5:.0f}|{7:.2f}\")",
        "-0.00|2.67|100000000000000000000.0|-3.142|nan|0.12|2|7.00\n",
    );
    check(
        "i = float('inf')\nprint(f\"{-i:.2f}|{i:F}|{-float('nan'):.1f}|{i:e}|{float('nan'):%}|{i:g}\")",
        "-inf|INF|nan|inf|nan%|inf\n",
    );
    check(
        "print('%s = %d (%r)' % ('x', 4, 'y'), '%(a)s' % {'a': 1}, '%5.1f|' % 2.25)",
        "x = 4 ('y') 1   2.2|\n",
    );
    check(
        "print('{} {name} {0}'.format('a', name='b'), '{:,}'.format(1234567))",
        "a b a 1,234,567\n",
    );
    check(
        "print(repr('it\\'s'), repr(\"q\"), str(None), 'abc'[::-1], 'abcdef'[1:4])",
        "\"it's\" 'q' None cba bcd\n",
    );
    check("x = 1\nprint(f'{x=}')", "x=1\n");
    check(
        "print('a b  c'.split(), 'a.b.c'.rsplit('.', 1), 'Hello'.startswith(('x', 'He')))",
        "['a', 'b', 'c'] ['a.b', 'c'] True\n",
    );
}

/// Format specs in f-strings: constant, built from fields, and on every value kind.
#[test]
fn fstring_format_specs() {
    check(
        "w = 8\np = 3\nx = 2.0 / 3\nprint(f'[{x:.2f}] [{x:{w}.{p}f}] [{x:>{w}}] [{-1.005:.2f}] [{7:03d}] [{\"ab\"!r:>6}]')",
        "[0.67] [   0.667] [0.6666666666666666] [-1.00] [007] [  'ab']\n",
    );
}

#[test]
fn containers_and_comprehensions() {
    check(
        "d = {'a': 1, 'b': 2}\nd['c'] = 3\nprint(d, list(d.items())[0], d.get('z', 0), len(d), 'a' in d)",
        "{'a': 1, 'b': 2, 'c': 3} ('a', 1) 0 3 True\n",
    );
    check(
        "print([x * x for x in range(5) if x % 2 == 0], {k: v for k, v in [('a', 1)]}, {x % 3 for x in range(10)})",
        "[0, 4, 16] {'a': 1} {0, 1, 2}\n",
    );
    check(
        "a, *b = [1, 2, 3]\nprint(a, b, (1,), tuple([1, 2]), [1, 2] + [3], [0] * 3)",
        "1 [2, 3] (1,) (1, 2) [1, 2, 3] [0, 0, 0]\n",
    );
    check(
        "print(sorted([3, 1, 2], reverse=True), sorted(['b', 'A', 'c'], key=str.lower) if False else sorted('cab'))",
        "[3, 2, 1] ['a', 'b', 'c']\n",
    );
    check(
        "print(list(enumerate('ab', 1)), list(zip([1, 2], 'xy')), min(3, 1, 2), max([1, 5]), sum(range(4)))",
        "[(1, 'a'), (2, 'b')] [(1, 'x'), (2, 'y')] 1 5 6\n",
    );
    check(
        "print(any(x > 2 for x in [1, 3]), all([]), [1, 2, 3][-1], [1, 2, 3][::2])",
        "True True 3 [1, 3]\n",
    );
    check(
        "s = {1, 2}\ns.add(3)\nprint(s | {4}, s & {1, 9}, sorted(s - {1}))",
        "{1, 2, 3, 4} {1} [2, 3]\n",
    );
}

#[test]
fn control_flow_functions_and_closures() {
    check(
        "def f(a, b=2, *args, c=3, **kw):\n    return (a, b, args, c, kw)\nprint(f(1), f(1, 5, 6, c=7, d=8))",
        "(1, 2, (), 3, {}) (1, 5, (6,), 7, {'d': 8})\n",
    );
    check(
        "def make(n):\n    def add(x):\n        return x + n\n    return add\nprint(make(3)(4), (lambda x, y=1: x * y)(5))",
        "7 5\n",
    );
    check(
        "out = []\nfor i in range(10):\n    if i == 2:\n        continue\n    if i == 5:\n        break\n    out.append(i)\nelse:\n    out.append('no')\nprint(out)",
        "[0, 1, 3, 4]\n",
    );
    check("i = 0\nwhile i < 3:\n    i += 1\nprint(i)", "3\n");
    check(
        "def counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    inc()\n    return inc()\nprint(counter())",
        "2\n",
    );
    check(
        "G = 1\ndef f():\n    global G\n    G = 2\nf()\nprint(G)",
        "2\n",
    );
    check(
        "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(10))",
        "3628800\n",
    );
}

/// Names are found through a hint kept on each name node (where it was found last time);
/// these programs make the hints stale in every way a scope changes, and must still print
/// what CPython prints.
#[test]
fn names_resolve_the_same_when_hints_go_stale() {
    // Locals bound in a different order on each call: each name's slot moves.
    check(
        "def f(first):\n    if first:\n        a = 1\n        b = 2\n    else:\n        b = 3\n        a = 4\n    return a, b\nprint(f(True), f(False), f(True))",
        "(1, 2) (4, 3) (1, 2)\n",
    );
    // `del` shifts the names after it; a name deleted and bound again.
    check(
        "def g():\n    p = 1\n    q = 2\n    r = 3\n    del p\n    s = q + r\n    p = s * 10\n    return p, q, r, s\nprint(g(), g())",
        "(50, 2, 3, 5) (50, 2, 3, 5)\n",
    );
    // The same name node finding a global, then a module-level rebinding, across calls.
    check(
        "y = 1\ndef h():\n    return y\nprint(h())\nz = 0\ny = 2\nprint(h())\ndel z\nprint(h())",
        "1\n2\n2\n",
    );
    // Recursion: one node, a fresh scope per frame.
    check(
        "def rec(n):\n    if n == 0:\n        return 0\n    m = n - 1\n    return n + rec(m)\nprint(rec(6))",
        "21\n",
    );
    // A function reads a global, it disappears, comes back at another index.
    check(
        "def r():\n    return Y\nY = 1\nprint(r())\ndel Y\ntry:\n    r()\nexcept NameError as e:\n    print(e)\nZ = 0\nY = 2\nprint(r())",
        "1\nname 'Y' is not defined\n2\n",
    );
    // Names a function binds in every way, and globals and builtins it only reads.
    check(
        "G = 1\ndef g():\n    global G\n    G += 1\n    return G\ndef h():\n    return len([G for _ in range(2)])\ndef k():\n    import json\n    return json.dumps([1])\ndef m():\n    try:\n        raise ValueError('v')\n    except ValueError as e:\n        return str(e)\ndef w():\n    if (n := 3) > 2:\n        return n\ndef loop():\n    for i, j in [(1, 2)]:\n        pass\n    return i + j + len('ab')\nprint(g(), h(), k(), m(), w(), loop())",
        "2 2 [1] v 3 5\n",
    );
    // A comprehension's variable and the function's own of the same name.
    check(
        "def c():\n    x = 'outer'\n    xs = [x * 2 for x in range(3)]\n    return x, xs\nprint(c())",
        "('outer', [0, 2, 4])\n",
    );
}

/// A name a function assigns anywhere is local to all of it, as Python compiles it:
/// reading it first is an `UnboundLocalError`, even with a global of that name.
#[test]
fn a_name_bound_in_a_function_is_local_to_all_of_it() {
    check_err(
        "x = 'global'\ndef f():\n    print(x)\n    x = 1\nf()",
        "t.py:3:11: UnboundLocalError: cannot access local variable 'x' where it is not associated with a value",
    );
    check_err(
        "def u(flag):\n    if flag:\n        v = 1\n    return v\nu(True)\nu(False)",
        "t.py:4:12: UnboundLocalError: cannot access local variable 'v' where it is not associated with a value",
    );
    check_err(
        "def d():\n    q = 1\n    del q\n    return q\nd()",
        "t.py:4:12: UnboundLocalError: cannot access local variable 'q' where it is not associated with a value",
    );
    check(
        "x = 'global'\ndef f():\n    try:\n        print(x)\n    except UnboundLocalError as e:\n        print(type(e).__name__, isinstance(e, NameError))\n    x = 1\n    return x\nprint(f())",
        "UnboundLocalError True\n1\n",
    );
}

/// `decimal.Decimal` as CPython's default context computes it (the expected output is
/// CPython 3.11's for the same program).
#[test]
fn decimals_compute_as_cpython() {
    check(
        "from decimal import Decimal, ROUND_HALF_UP, ROUND_DOWN, InvalidOperation\nimport decimal\na = Decimal(\"12.50\")\nb = Decimal(\"0.1\") + Decimal(\"0.2\")\nprint(a, repr(a), b, b == Decimal(\"0.3\"), str(Decimal(\"1E+3\")), Decimal(\"-0.000001\"), Decimal(\"0.0000001\"))\nprint(Decimal(3), Decimal(0.5), Decimal(\"1.10\") + Decimal(\"2.2\"), Decimal(\"1.10\") * 2, Decimal(1) / Decimal(3), Decimal(10) / 4, Decimal(6) / 2)\nprint(Decimal(\"2.675\").quantize(Decimal(\"0.01\")), Decimal(\"2.675\").quantize(Decimal(\"0.01\"), rounding=ROUND_HALF_UP), Decimal(\"-7.5\").quantize(Decimal(\"1\"), rounding=ROUND_DOWN))\nprint(Decimal(7) // 2, Decimal(-7) // 2, Decimal(7) % 3, Decimal(-7) % 3, Decimal(\"2\") ** 10, Decimal(2) ** -2)\nprint(int(Decimal(\"-3.9\")), float(Decimal(\"1.25\")), round(Decimal(\"2.5\")), round(Decimal(\"3.14159\"), 2), abs(Decimal(\"-1.5\")), -Decimal(\"0.0\"))\nprint(Decimal(\"1.5\") > 1, Decimal(\"0.5\") == 0.5, Decimal(\"0.1\") == 0.1, Decimal(2) == 2, sorted([Decimal(\"2.5\"), Decimal(1), Decimal(\"-3\")]))\nprint(f\"{Decimal('3.14159'):.2f} {Decimal('2.5'):.0f} {Decimal('12.5')} {Decimal('0.125'):.2%}\", \"%s\" % Decimal(\"9.90\"))\nprint(sum([Decimal(\"0.10\"), Decimal(\"0.20\")]), Decimal(\"100.00\").normalize(), Decimal(\"0.00\").normalize(), isinstance(a, Decimal), bool(Decimal(\"0.00\")))\nprint({Decimal(1): \"one\"}[1], hash(Decimal(\"0.5\")) == hash(0.5), Decimal(\"1.000\") + 1)\ntry:\n    Decimal(\"abc\")\nexcept InvalidOperation:\n    print(\"invalid\")\ntry:\n    Decimal(1) / 0\nexcept ZeroDivisionError:\n    print(\"zero\")\ntry:\n    Decimal(\"1.5\") + 1.5\nexcept TypeError as e:\n    print(\"TypeError\", e)\n",
        "12.50 Decimal('12.50') 0.3 True 1E+3 -0.000001 1E-7\n3 0.5 3.30 2.20 0.3333333333333333333333333333 2.5 3\n2.68 2.68 -7\n3 -3 1 -1 1024 0.25\n-3 1.25 2 3.14 1.5 0.0\nTrue True False True [Decimal('-3'), Decimal('1'), Decimal('2.5')]\n3.14 2 12.5 12.50% 9.90\n0.30 1E+2 0 True False\none True 2.000\ninvalid\nzero\nTypeError unsupported operand type(s) for +: 'decimal.Decimal' and 'float'\n",
    );
}

/// Dicts and sets small (a vector) and grown past it (hashed): the same order, updates,
/// deletions and key equality (`1 == 1.0 == True`) as CPython's (its output, expected).
#[test]
fn dicts_behave_the_same_small_and_grown() {
    check(
        "d = {}\nfor i in range(12):\n    d[\"k%d\" % i] = i\nd[\"k3\"] = \"three\"\ndel d[\"k5\"]\nprint(d, len(d), d.popitem(), list(d)[:3])\nsmall = {1: \"a\", 2.0: \"b\", True: \"c\"}\nprint(small, small.get(2), 1.0 in small, small.pop(2), small)\ns = set(range(10))\ns.add(3); s.discard(7)\nprint(sorted(s), s.pop(), len(s))\ne = {\"x\": 1, \"y\": 2}\nf = dict(y=2, x=1)\nprint(e == f, {**e, \"z\": 3}, sorted({k: v for k, v in zip(\"abcdefghij\", range(10))}.items())[-2:])\nbig = {i: i * i for i in range(20)}\nfor i in range(0, 20, 2):\n    del big[i]\nprint(list(big.items())[:3], len(big), big.setdefault(1, 0), big.setdefault(40, 4))\n",
        "{'k0': 0, 'k1': 1, 'k2': 2, 'k3': 'three', 'k4': 4, 'k6': 6, 'k7': 7, 'k8': 8, 'k9': 9, 'k10': 10} 11 ('k11', 11) ['k0', 'k1', 'k2']\n{1: 'c'} b True b {1: 'c'}\n[0, 1, 2, 3, 4, 5, 6, 8, 9] 0 8\nTrue {'x': 1, 'y': 2, 'z': 3} [('i', 8), ('j', 9)]\n[(1, 1), (3, 9), (5, 25)] 10 1 4\n",
    );
}

#[test]
fn exceptions() {
    check(
        "try:\n    {}['x']\nexcept KeyError as e:\n    print('caught', repr(e))\nfinally:\n    print('done')",
        "caught KeyError('x')\ndone\n",
    );
    check(
        "class MyError(ValueError):\n    pass\ntry:\n    raise MyError('boom')\nexcept ValueError as e:\n    print(type(e).__name__, e)",
        "MyError boom\n",
    );
    check(
        "try:\n    1 / 0\nexcept (TypeError, ZeroDivisionError):\n    print('z')\nelse:\n    print('no')",
        "z\n",
    );
    let e = check_err(
        "def f():\n    raise ValueError('bad value')\nf()",
        "t.py:2:5: ValueError: bad value",
    );
    assert_eq!(e.traceback.len(), 2, "{e}");
    assert_eq!((e.traceback[0].line, e.traceback[1].line), (3, 2));
    assert!(
        e.to_string().contains("Traceback (most recent call last):"),
        "{e}"
    );
}

#[test]
fn classes_and_enums() {
    check(
        "class A:\n    k = 1\n    def __init__(self, x):\n        self.x = x\n    def get(self):\n        return self.x + self.k\nclass B(A):\n    def get(self):\n        return super().get() * 10\nprint(A(1).get(), B(2).get())",
        "2 30\n",
    );
    check(
        "import enum\nclass Color(str, enum.Enum):\n    RED = 'red'\n    BLUE = 'blue'\nprint(Color.RED.value, Color('blue').name, [c.value for c in Color], Color.RED == 'red')",
        "red BLUE ['red', 'blue'] True\n",
    );
    check(
        "from enum import Enum, auto\nclass S(Enum):\n    A = auto()\n    B = auto()\nprint(S.B.value, S.A, len(S), S['A'] is S.A)",
        "2 S.A 2 True\n",
    );
}

#[test]
fn standard_library_subset() {
    check(
        "import json\nprint(json.dumps({'a': [1, None, True]}), json.loads('{\"x\": 1.5}')['x'])",
        "{\"a\": [1, null, true]} 1.5\n",
    );
    check(
        "import json\nprint(json.dumps({'b': 1, 'a': 2}, sort_keys=True, indent=2))",
        "{\n  \"a\": 2,\n  \"b\": 1\n}\n",
    );
    check(
        "from typing import Union, Sequence\nx: Union[str, Sequence[str], None] = 'r'\nprint(x)",
        "r\n",
    );
    check(
        "import re\nprint(re.sub(r'(\\d+)', r'<\\1>', 'a1b22'), bool(re.match('a', 'ab')), re.findall('[a-z]', 'a1b'))",
        "a<1>b<22> True ['a', 'b']\n",
    );
    check(
        "import datetime\nd = datetime.datetime(2024, 2, 28, 12, 0)\nprint(d + datetime.timedelta(days=2), d.isoformat(), d.year)",
        "2024-03-01 12:00:00 2024-02-28T12:00:00 2024\n",
    );
    check(
        "from datetime import datetime\nprint(datetime.now() == datetime.now(), datetime.utcnow().year)",
        "True 2025\n",
    );
    check(
        "import uuid\na = uuid.uuid4()\nprint(len(str(a)), str(a)[14], a != uuid.uuid4())",
        "36 4 True\n",
    );
    check(
        "from collections import defaultdict\nd = defaultdict(list)\nd['a'].append(1)\nd['b'] = [2]\nprint(sorted(d.items()), len(d))",
        "[('a', [1]), ('b', [2])] 2\n",
    );
    check(
        "import hashlib, base64, math, functools\nprint(hashlib.sha256(b'abc').hexdigest()[:16], base64.b64encode(b'hi'), math.isnan(float('nan')), functools.reduce(lambda a, b: a + b, [1, 2, 3]))",
        "ba7816bf8f01cfea b'aGk=' True 6\n",
    );
    check(
        "import logging\nlog = logging.getLogger('alembic')\nlog.info('x')\nprint('ok')",
        "ok\n",
    );
}

#[test]
fn unsupported_and_hostile_inputs_fail_clearly() {
    let e = check_err(
        "import subprocess",
        "t.py:1:1: ModuleNotFoundError: No module named 'subprocess'",
    );
    assert_eq!(e.missing_module(), Some("subprocess"));
    assert!(
        e.hint.as_deref().unwrap().contains("Retort supports:"),
        "{e}"
    );
    check_err(
        "import requests",
        "t.py:1:1: ModuleNotFoundError: No module named 'requests'",
    );
    let e = check_err(
        "exec('1')",
        "t.py:1:1: unsupported: builtin `exec` is not available",
    );
    assert!(e.hint.is_some());
    check_err(
        "__import__('os')",
        "t.py:1:1: unsupported: builtin `__import__` is not available",
    );
    check_err(
        "(lambda: 0).__globals__",
        "t.py:1:1: unsupported: access to the special attribute `__globals__`",
    );
    check_err(
        "x = 1\nawait x",
        "t.py:2:1: unsupported: `await` outside an async function",
    );
    check_err(
        "def g():\n    yield 1\ng()",
        "t.py:2:5: unsupported: generators (`yield`)",
    );
    check_err(
        "x = (",
        "t.py:1:6: SyntaxError: unexpected EOF while parsing",
    );
    let e = check_err(
        "x = '\\N{BULLET}'",
        "t.py:1:9: SyntaxError: Got unexpected unicode",
    );
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.contains("not supported by Retort"))
    );
    check_err(
        "while True:\n    pass",
        "t.py:2:5: limit exceeded: step budget of 5000000 exhausted",
    );
    check_err(
        "def f():\n    return f()\nf()",
        "t.py:2:12: limit exceeded: maximum recursion depth of 200 exceeded",
    );
    check_err(
        "'x' * 10**10",
        "t.py:1:1: limit exceeded: memory cap: a value of 10000000000 bytes exceeds the limit of 67108864 bytes",
    );
    check_err(
        "[0] * 10**9",
        "t.py:1:1: limit exceeded: memory cap: a value of 8000000000 bytes exceeds the limit of 67108864 bytes",
    );
    check_err(
        "for i in range(10**12):\n    pass",
        "t.py:2:5: limit exceeded: step budget of 5000000 exhausted",
    );
}

#[test]
fn functions_with_unsupported_constructs_fail_only_when_called() {
    check("def g():\n    yield 1\nprint('loaded')", "loaded\n");
    check_err(
        "x = [(yield)]",
        "t.py:1:7: unsupported: generators (`yield`)",
    );
}

#[test]
fn errors_render_with_source_line_caret_and_hint() {
    let e = run("x = 1\nimport requests\n").unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("t.py:2:1: ModuleNotFoundError: No module named 'requests'\n"),
        "{text}"
    );
    assert!(text.contains("2 | import requests\n  | ^^^^^^^^"), "{text}");
    assert!(
        text.contains("hint: scripts run in Retort's sandbox"),
        "{text}"
    );
}

/// Nesting is bounded where CPython bounds it, before the parser (which recurses per level)
/// runs: 200 levels of brackets, and 1,000 operators in a row (CPython: about 3,000). What is
/// allowed runs.
#[test]
fn deep_nesting_is_refused_as_cpython_refuses_it_and_what_is_allowed_runs() {
    let parens = |n: usize| format!("x = {}1{}\nprint(x)", "(".repeat(n), ")".repeat(n));
    assert_eq!(run(&parens(200)).unwrap(), "1\n");
    let e = run(&parens(201)).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Syntax), "{e}");
    assert_eq!(
        e.short(),
        "t.py:1:205: SyntaxError: too many nested parentheses"
    );
    let lists = format!("x = {}1{}\nprint(len(x))", "[".repeat(200), "]".repeat(200));
    assert_eq!(run(&lists).unwrap(), "1\n");
    // Brackets inside strings and comments do not count.
    let quoted = format!(
        "x = '{}'  # {}\nprint(len(x))",
        "(".repeat(500),
        "[".repeat(500)
    );
    assert_eq!(run(&quoted).unwrap(), "500\n");

    let sum = |n: usize| format!("x = {}1\nprint(x)", "1+".repeat(n));
    assert_eq!(run(&sum(1_000)).unwrap(), "1001\n");
    let e = run(&sum(100_000)).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Syntax), "{e}");
    assert!(e.short().contains("expression too deeply nested"), "{e}");
    let negated = format!("x = {}1\nprint(x)", "-".repeat(1_000));
    assert_eq!(run(&negated).unwrap(), "1\n");
    // Nesting through calls: each level is allowed, the sum is bounded the same on every
    // host (the page's machine stack is far smaller than the native hosts').
    let deep_calls = format!(
        "def f(n):\n    return {}(f(n - 1) if n else 0)\nprint(f(199))",
        "-".repeat(900)
    );
    // (A lower bound than the default, so that it, not the native stack guard, ends the
    // run in debug builds too, whose frames are several times larger.)
    let e = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || -> Result<String, Box<Error>> {
            let module = Interp::parse("t.py", &deep_calls)?;
            let mut interp = Interp::new(crate::Limits {
                max_nesting: 500,
                ..Default::default()
            });
            interp.exec_module(&module)?;
            Ok(interp.output)
        })
        .unwrap()
        .join()
        .unwrap()
        .unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Limit), "{e}");
    assert!(
        e.short()
            .contains("nesting limit: evaluation nested more than 500 levels deep"),
        "{e}"
    );
    // Operators separated by commas are side by side, not nested.
    let list = format!("x = [{}]\nprint(len(x))", "-1, ".repeat(5_000));
    assert_eq!(run(&list).unwrap(), "5000\n");
    // Every form that nests: keywords too (`not`, `lambda`, conditional expressions,
    // `await`, `yield`), and blocks, whose bound is CPython's (99 levels of indentation; the
    // 100th: "too many levels of indentation" — a stack overflow of the native host once).
    for (form, n) in [
        ("not ", 3_000),
        ("lambda: ", 3_000),
        ("1 if 1 else ", 3_000),
        ("await ", 3_000),
        ("yield ", 3_000),
    ] {
        let e = run(&format!("x = {}1", form.repeat(n))).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Syntax), "{form}: {e}");
        assert!(
            e.short().contains("expression too deeply nested"),
            "{form}: {e}"
        );
    }
    assert_eq!(
        run(&format!("x = {}1\nprint(x)", "not ".repeat(999))).unwrap(),
        "False\n"
    );
    let blocks = |n: usize, block: &str| {
        let mut src: String = (0..n)
            .map(|i| format!("{}{block}\n", " ".repeat(i)))
            .collect();
        src.push_str(&format!("{}x = 1\nprint('ran')\n", " ".repeat(n)));
        src
    };
    for block in ["if 1:", "class C:", "def f():", "while False:"] {
        assert!(run(&blocks(99, block)).is_ok(), "{block}");
        let e = run(&blocks(100, block)).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Syntax), "{block}: {e}");
        assert!(
            e.short()
                .starts_with("t.py:101:1: SyntaxError: too many levels of indentation"),
            "{block}: {e}"
        );
    }
    // Blank lines and comments between them open no block; nor does text in a string.
    let lines: String = (0..300).map(|i| format!("{}y\n", " ".repeat(i))).collect();
    let quoted = format!("x = \"\"\"\n{lines}\"\"\"\nprint(len(x))");
    assert!(run(&quoted).is_ok());
    let commented = format!(
        "if 1:\n{}\n\n    x = 1\nprint(x)",
        (0..300)
            .map(|i| format!("{}# c", " ".repeat(i + 8)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(run(&commented).unwrap(), "1\n");
}

#[test]
fn percent_format_precision_pads_integers() {
    check(
        "print('%(y)d%(m).2d_%(h).2d%(mi).2d' % {'y': 2025, 'm': 1, 'h': 8, 'mi': 31}, '%5.3d|' % 7, '%-5.3d|' % 7)",
        "202501_0831   007| 007  |\n",
    );
}

#[test]
fn more_of_the_standard_library() {
    check(
        "from collections import defaultdict\nd = defaultdict(list)\nd['a'].append(1)\nd['b'] = [2]\nprint(sorted(d.items()), len(d))",
        "[('a', [1]), ('b', [2])] 2\n",
    );
    check(
        "import hashlib, base64, math, functools\nprint(hashlib.sha256(b'abc').hexdigest()[:16], base64.b64encode(b'hi'), math.isnan(float('nan')), functools.reduce(lambda a, b: a + b, [1, 2, 3]))",
        "ba7816bf8f01cfea b'aGk=' True 6\n",
    );
    check(
        "from contextlib import suppress\nwith suppress(KeyError):\n    {}['x']\nprint('ok')",
        "ok\n",
    );
}

#[test]
fn datetime_fixed_offsets_times_and_uuid_ints() {
    check(
        "import datetime, uuid\n\
         tz = datetime.timezone(datetime.timedelta(hours=2))\n\
         d = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=tz)\n\
         print(d.isoformat(), d.tzinfo == tz, d.strftime('%z'), repr(tz))\n\
         print(datetime.datetime.fromisoformat('2024-03-01T12:00:00-05:30').isoformat())\n\
         t = datetime.time(8, 30)\n\
         print(t, t.isoformat(), repr(t), t < datetime.time(9), t.hour)\n\
         print(uuid.UUID(int=255).hex)",
        "2024-03-01T12:00:00+02:00 True +0200 datetime.timezone(datetime.timedelta(seconds=7200))\n\
         2024-03-01T12:00:00-05:30\n\
         08:30:00 08:30:00 datetime.time(8, 30) True 8\n\
         000000000000000000000000000000ff\n",
    );
}

#[test]
fn the_local_time_zone_is_utc_and_the_clock_stands_still() {
    // What CPython 3.11 prints with TZ=UTC (the differential tests avoid the local zone);
    // the clock reads 2025-01-01 00:00:00 UTC.
    check(
        "import datetime, time\n\
         print(datetime.datetime.fromtimestamp(0), repr(datetime.datetime.fromtimestamp(1577934245.5)), datetime.date.fromtimestamp(86400 * 365))\n\
         print(datetime.datetime(2020, 1, 2, 3, 4, 5).timestamp(), datetime.datetime(2020, 1, 2).astimezone())\n\
         print(datetime.datetime.ctime(datetime.datetime.utcnow()) == datetime.datetime.utcnow().ctime())\n\
         print(time.gmtime(0), time.localtime(86400.5).tm_wday, time.gmtime()[:3])",
        "1970-01-01 00:00:00 datetime.datetime(2020, 1, 2, 3, 4, 5, 500000) 1971-01-01\n\
         1577934245.0 2020-01-02 00:00:00+00:00\n\
         True\n\
         time.struct_time(tm_year=1970, tm_mon=1, tm_mday=1, tm_hour=0, tm_min=0, tm_sec=0, tm_wday=3, tm_yday=1, tm_isdst=0) 4 (2025, 1, 1)\n",
    );
}

#[test]
fn bitwise_operators_on_bools_give_bools() {
    // CPython: True False True 1 3
    check(
        "print(True | False, True & False, True ^ False, True + False, True | 2)",
        "True False True 1 3\n",
    );
}

/// A host class as the engine's `TypeDecorator` or a declarative `Base` will be: Python
/// classes subclass it, its `subclass_hook` hears of each, and calling one makes a host
/// instance that remembers its Python class.
mod host_classes {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use super::*;

    #[derive(Default)]
    struct ShapeClass {
        /// `(class name, keyword names)` of each `subclass_hook` call.
        hooked: RefCell<Vec<String>>,
        /// Leaves instances to the interpreter (`instantiate` answers `None`).
        plain: bool,
    }

    struct ShapeInst {
        class: Rc<Class>,
        sides: Cell<i64>,
        attrs: RefCell<Map<Str, Value>>,
    }

    impl HostObject for ShapeClass {
        fn type_name(&self) -> String {
            "type".into()
        }
        fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
            Ok(match name {
                "__name__" | "__qualname__" => Some(Value::str("Shape")),
                "__module__" => Some(Value::str("shapes")),
                "hooked" => Some(Value::list(
                    self.hooked.borrow().iter().map(|s| Value::str(s)).collect(),
                )),
                "kind" => Some(Value::str("host class attribute")),
                _ => None,
            })
        }
        fn subclass_hook(
            self: Rc<Self>,
            interp: &mut Interp,
            class: &Rc<Class>,
            kwargs: Vec<(Str, Value)>,
        ) -> EvalResult<()> {
            if kwargs.iter().any(|(k, _)| &**k == "bad") {
                return Err(interp.type_error("bad keyword"));
            }
            let kw: Vec<&str> = kwargs.iter().map(|(k, _)| &**k).collect();
            self.hooked
                .borrow_mut()
                .push(format!("{}({})", class.name, kw.join(",")));
            Ok(())
        }
        fn instantiate(
            self: Rc<Self>,
            _: &mut Interp,
            class: &Rc<Class>,
            args: &Args,
        ) -> EvalResult<Option<Value>> {
            if self.plain {
                return Ok(None);
            }
            let sides = args.arg(0, "sides").and_then(Value::as_int).unwrap_or(0);
            Ok(Some(Value::host(ShapeInst {
                class: class.clone(),
                sides: Cell::new(sides),
                attrs: RefCell::default(),
            })))
        }
        fn get_item(self: Rc<Self>, _: &mut Interp, key: &Value) -> EvalResult<Option<Value>> {
            Ok(Some(generic_alias(Value::Host(self), key)))
        }
        fn repr(&self) -> String {
            "<class 'shapes.Shape'>".into()
        }
    }

    impl HostObject for ShapeInst {
        fn type_name(&self) -> String {
            "Shape".into()
        }
        fn instance_class(&self) -> Option<Rc<Class>> {
            Some(self.class.clone())
        }
        fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
            if let Some(v) = self.attrs.borrow().get(name) {
                return Ok(Some(v.clone()));
            }
            let me = self.clone();
            Ok(match name {
                "sides" => Some(Value::Int(self.sides.get())),
                "__init__" => Some(Value::native("__init__", move |_, a| {
                    me.sides
                        .set(a.positional.first().and_then(Value::as_int).unwrap_or(0));
                    Ok(Value::None)
                })),
                "describe" => Some(Value::native("describe", move |_, _| {
                    Ok(Value::str(&format!("{} sides", me.sides.get())))
                })),
                _ => None,
            })
        }
        fn set_attr(&self, _: &mut Interp, name: &str, value: Value) -> EvalResult<bool> {
            self.attrs.borrow_mut().insert(Rc::from(name), value);
            Ok(true)
        }
    }

    struct Shapes(Rc<ShapeClass>, Rc<ShapeClass>);

    impl ModuleResolver for Shapes {
        fn resolve(&self, _: &mut Interp, name: &str) -> Option<EvalResult> {
            (name == "shapes").then(|| {
                Ok(Value::Module(Rc::new(Module::new(
                    "shapes",
                    [
                        ("Shape", Value::Host(self.0.clone())),
                        ("Plain", Value::Host(self.1.clone())),
                    ],
                ))))
            })
        }
        fn available(&self) -> Vec<String> {
            vec!["shapes".into()]
        }
    }

    fn run_with_shapes(src: &str) -> String {
        let src = src.to_owned();
        std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let module = Interp::parse("t.py", &src).unwrap();
                let mut interp = Interp::default();
                let plain = ShapeClass {
                    plain: true,
                    ..Default::default()
                };
                interp.set_resolver(Rc::new(Shapes(Rc::default(), Rc::new(plain))));
                match interp.exec_module(&module) {
                    Ok(_) => interp.output,
                    Err(e) => format!("{}{e}", interp.output),
                }
            })
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn python_classes_subclass_a_host_class() {
        let out = run_with_shapes(
            "from shapes import Shape\n\
             class Mixin:\n    \
                 def __init_subclass__(cls, **kw):\n        \
                     print('mixin sees', cls.__name__, sorted(kw))\n        \
                     super().__init_subclass__(**kw)\n\
             class Square(Mixin, Shape, kind='square'):\n    \
                 label = 'sq'\n    \
                 def __init__(self, side):\n        \
                     super().__init__(4)\n        \
                     self.side = side\n    \
                 def area(self):\n        \
                     return self.side ** 2\n    \
                 def describe(self):\n        \
                     return 'square/' + super().describe()\n\
             s = Square(3)\n\
             print(type(s).__name__, s.sides, s.area(), s.label, s.side, s.describe())\n\
             print(isinstance(s, Square), isinstance(s, Shape), isinstance(3, Shape), issubclass(Square, Shape))\n\
             print([c.__name__ for c in Square.__mro__], Square.kind, Shape.hooked)\n\
             class Tri(Shape):\n    \
                 pass\n\
             t = Tri(sides=3)\n\
             print(t.sides, type(t) is Tri, t.describe(), Shape.hooked)\n\
             class JSONB(Shape[dict]):\n    \
                 pass\n\
             print([c.__name__ for c in JSONB.__mro__], len(JSONB.__orig_bases__))\n\
             try:\n    \
                 class Bad(Shape, bad=1):\n        \
                     pass\n\
             except TypeError as e:\n    \
                 print('TypeError:', e)\n",
        );
        assert_eq!(
            out,
            "mixin sees Square ['kind']\n\
             Square 4 9 sq 3 square/4 sides\n\
             True True False True\n\
             ['Square', 'Mixin', 'Shape', 'object'] host class attribute ['Square(kind)']\n\
             3 True 3 sides ['Square(kind)', 'Tri()']\n\
             ['JSONB', 'Shape', 'object'] 1\n\
             TypeError: bad keyword\n"
        );
    }

    /// A host class that leaves its subclasses' instances to the interpreter (as a
    /// `TypeDecorator` subclass with its own `__init__` calling `super().__init__`).
    #[test]
    fn plain_instances_of_host_subclasses() {
        let out = run_with_shapes(
            "from shapes import Plain\n\
             class MyType(Plain):\n    \
                 def __init__(self, length=None, **kw):\n        \
                     super().__init__(length, **kw)\n        \
                     self.length = length\n\
             class NoInit(Plain):\n    \
                 pass\n\
             print(MyType(5).length, type(NoInit(1, x=2)).__name__, isinstance(MyType(), Plain))\n",
        );
        assert_eq!(out, "5 NoInit True\n");
    }
}

/// Hostile class hierarchies, descriptor loops and import cycles end with a clear error.
#[test]
fn hostile_classes_and_imports_end_clearly() {
    check_err(
        "class A:\n    def __getattr__(self, name):\n        return self.missing\nA().x",
        "t.py:3:16: limit exceeded: maximum recursion depth of 200 exceeded",
    );
    check_err(
        "class M(type):\n    def __call__(cls):\n        return cls()\nclass A(metaclass=M):\n    pass\nA()",
        "t.py:3:16: limit exceeded: maximum recursion depth of 200 exceeded",
    );
    check_err(
        "class P:\n    @property\n    def x(self):\n        return self.x\nP().x",
        "t.py:4:16: limit exceeded: maximum recursion depth of 200 exceeded",
    );
    check_err(
        "classes = [object]\nwhile True:\n    classes.append(type('C', (classes[-1],), {}))",
        "t.py:3:20: limit exceeded: step budget of 5000000 exhausted",
    );
    check_err(
        "class It:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        return 1\nlist(It())",
        "t.py:5:9: limit exceeded: step budget of 5000000 exhausted",
    );
    check(
        "import asyncio\nasync def f(n):\n    return n if n == 0 else await f(n - 1)\nprint(asyncio.run(f(50)))",
        "0\n",
    );
    check_err(
        "import asyncio\nasync def f():\n    return await f()\nasyncio.run(f())",
        "t.py:3:12: limit exceeded: maximum recursion depth of 200 exceeded",
    );
}

/// The host's side of imports: `find_source` for the project's files, `missing` as the last
/// resort, and `Interp::current_module` telling them who imports.
#[test]
fn hosts_see_who_imports_and_provide_the_last_resort() {
    struct Project(std::cell::RefCell<Vec<String>>);
    impl ModuleResolver for Project {
        fn resolve(&self, interp: &mut Interp, name: &str) -> Option<EvalResult> {
            if let Some((module, path)) = interp.current_module() {
                self.0
                    .borrow_mut()
                    .push(format!("{module} ({path}) imports {name}"));
            }
            None
        }
        fn available(&self) -> Vec<String> {
            Vec::new()
        }
        fn find_source(&self, name: &str) -> Option<SourceModule> {
            (name == "models").then(|| {
                SourceModule::file(
                    "src/models.py",
                    "import inert.thing\nTABLE = 'users'\n",
                    false,
                )
            })
        }
        fn missing(&self, _: &mut Interp, name: &str) -> Option<EvalResult> {
            name.starts_with("inert")
                .then(|| Ok(Value::Module(std::rc::Rc::new(Module::new("inert", [])))))
        }
    }
    let out = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(|| {
            let project = std::rc::Rc::new(Project(Default::default()));
            let mut interp = Interp::default();
            interp.set_resolver(project.clone());
            let module = Interp::parse(
                "versions/abc.py",
                "import models\nprint(models.TABLE, models.__file__)\ntry:\n    import nothing\nexcept ImportError as e:\n    print(type(e).__name__, e.name)\n",
            )
            .unwrap();
            interp.exec_module(&module).unwrap();
            let seen = project.0.borrow().join("\n");
            format!("{}{seen}\n", interp.output)
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(
        out,
        "users src/models.py\n\
         ModuleNotFoundError nothing\n\
         abc (versions/abc.py) imports models\n\
         models (src/models.py) imports inert\n\
         models (src/models.py) imports inert.thing\n\
         abc (versions/abc.py) imports nothing\n"
    );
}

#[test]
fn functions_have_their_annotations() {
    check(
        "def f(a: int, *args: str, b: 'X' = 1, **kw: float) -> list[int]:\n    pass\nprint(f.__annotations__)\ndef g(x):\n    pass\nprint(g.__annotations__)\n",
        "{'a': <class 'int'>, 'args': <class 'str'>, 'b': 'X', 'kw': <class 'float'>, 'return': list[int]}\n{}\n",
    );
    check(
        "from __future__ import annotations\ndef f(a: int) -> Mapped[int]:\n    pass\nprint(f.__annotations__)\n",
        "{'a': 'int', 'return': 'Mapped[int]'}\n",
    );
}

#[test]
fn integer_true_division_is_correctly_rounded_past_2_to_the_53() {
    check(
        "print(repr(536870912/10000000000000001), repr(-9007199254740993/3), repr(9223372036854775807/7), repr(1/9007199254740993))\n",
        "5.368709119999999e-08 -3002399751580331.0 1.3176245766935393e+18 1.1102230246251564e-16\n",
    );
}

/// What the generated differential test (tests/generated.rs) found, kept as fixed cases.
#[test]
fn numbers_format_and_round_as_in_cpython() {
    check(
        "print(repr(round(0.0025, 3)), '{:,}'.format(-0.0), '{:,}'.format(1e16), '{:_}'.format(1e-7), '+11'.zfill(8), repr(-1/2**25), repr(3.0/3.0/13.0*1e16))\n",
        "0.003 -0.0 1e+16 1e-07 +0000011 -2.9802322387695312e-08 769230769230769.2\n",
    );
    check_err(
        "'%d' % ''\n",
        "t.py:1:1: TypeError: %d format: a real number is required, not str",
    );
    check_err(
        "'%f' % 'x'\n",
        "t.py:1:1: TypeError: must be real number, not str",
    );
    check_err(
        "int(1e19)\n",
        "t.py:1:1: OverflowError: Retort's integers are 64-bit: the float is too large for one",
    );
}

/// Python 2's `print x` is CPython's SyntaxError, over the statement (the survey's cuckoo).
#[test]
fn a_python_2_print_statement_says_so() {
    let e = run("def f():\n    print \"python 2\"  # a comment\n").unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("t.py:2:5: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        "{text}"
    );
    assert!(
        text.contains("2 |     print \"python 2\"  # a comment\n  |     ^^^^^^^^^^^^^^^^\n"),
        "{text}"
    );
}
