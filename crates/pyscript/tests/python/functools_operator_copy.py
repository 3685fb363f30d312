import functools, operator, copy
from functools import *
print(reduce(operator.add, [1, 2, 3]), reduce(lambda a, b: a * b, [], 1))
try:
    reduce(operator.add, [])
except TypeError as e:
    print("TypeError", e)
def f(a, b, c=3):
    "doc of f"
    return (a, b, c)
p = partial(f, 1, c=5)
print(p(2), p.args, p.keywords, p.func is f, partial(p, 9)(), partial(p, 2).args)
def deco(fn):
    @wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k)
    return wrapper
g = deco(f)
print(g.__name__, g.__doc__, g.__wrapped__ is f, g(1, 2))
@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(2) >= V(2), V(3) > V(2), V(1) > V(2))
@total_ordering
class W:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __gt__(self, o): return self.v > o.v
print(W(1) < W(2), W(2) <= W(2), W(3) >= W(4))
try:
    @total_ordering
    class X:
        pass
except ValueError as e:
    print("ValueError", e)
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))
calls = []
@lru_cache(maxsize=2)
def sq(x):
    calls.append(x)
    return x * x
print(sq(2), sq(2), sq(3), sq(4), sq(2), calls, sq.cache_info())
sq.cache_clear()
print(sq.cache_info())
@cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(50), fib.cache_info().hits)
@lru_cache
def one(x): return x
print(one(1), one.__name__)
class C:
    def __init__(self): self.n = 0
    @cached_property
    def val(self):
        self.n += 1
        return 42
c = C()
print(c.val, c.val, c.n, "val" in c.__dict__)
@singledispatch
def show(x):
    return "object"
@show.register(int)
def _(x):
    return "int"
@show.register(str)
def _(x: str):
    return "str"
print(show(1), show("a"), show(1.5), show(True))
print(operator.itemgetter(1)("abc"), operator.itemgetter(0, 2)("abc"), operator.attrgetter("real")(3), operator.methodcaller("upper")("a"))
print(repr(operator.itemgetter(1)), repr(operator.attrgetter("a", "b.c")), repr(operator.methodcaller("m", 1, k=2)))
class O: pass
o = O(); o.a = O(); o.a.b = 5
print(operator.attrgetter("a.b")(o), operator.add(1, 2), operator.not_(0), operator.contains([1], 1), operator.neg(3), operator.truediv(1, 2), operator.getitem({"k": 1}, "k"), operator.lt(1, 2), operator.index(5))
print(sorted([("b", 2), ("a", 3)], key=operator.itemgetter(1), reverse=True))
l = [1, [2, 3], {"a": [4]}]
s = copy.copy(l); d = copy.deepcopy(l)
print(s[1] is l[1], d[1] is l[1], d == l, d[2]["a"] is l[2]["a"])
class P:
    def __init__(self): self.items = [1]; self.me = self
p1 = P(); p2 = copy.deepcopy(p1); p3 = copy.copy(p1)
print(p2.items == p1.items, p2.items is p1.items, p2.me is p2, p3.items is p1.items, type(p2).__name__)
shared = [0]
t = (shared, shared)
dt = copy.deepcopy(t)
print(dt[0] is dt[1], dt[0] is shared, copy.deepcopy((1, "a")) == (1, "a"))
class Q:
    def __copy__(self): return "copied"
    def __deepcopy__(self, memo): return "deep"
print(copy.copy(Q()), copy.deepcopy([Q()]))
class S:
    def __init__(self): self.x = 1
    def __getstate__(self): return {"x": 2}
    def __setstate__(self, st): self.y = st["x"]
print(copy.copy(S()).__dict__)
print(copy.copy({1: 2}), copy.copy({1}), copy.deepcopy({"a": {"b": 1}}), copy.copy(5), copy.copy("s"), copy.copy(None))
import enum
class Col(enum.Enum):
    RED = 1
print(copy.deepcopy(Col.RED) is Col.RED, copy.copy([Col.RED])[0] is Col.RED)
# iter() and next() of builtin values, id() of containers, zip/map with iterators
it = iter([1, 2, 3])
print(next(it), next(it), list(it), next(it, None))
a = [1]
print(id(a) == id(a), id(a) != id([1]), id({}) != 0)
print(list(zip(iter("ab"), iter([1, 2, 3]))), list(map(str, iter(range(3)))))
for base, text in [(0, "0x1f"), (0, "0o17"), (0, "0b101"), (16, "0xff"), (0, "-12"), (2, "1_0")]:
    print(int(text, base))
for base, text in [(0, "012"), (10, "1__0"), (37, "1")]:
    try:
        int(text, base)
    except ValueError as e:
        print("ValueError", e)
print(b"ab" + b"cd", b"x" * 3, 2 * b"y")
