# Special methods driving operators and builtins.
import functools


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __repr__(self):
        return f"Money({self.cents})"

    def __str__(self):
        return f"${self.cents / 100:.2f}"

    def __format__(self, spec):
        if spec == "cents":
            return f"{self.cents}c"
        return format(str(self), spec)

    def __eq__(self, other):
        if isinstance(other, Money):
            return self.cents == other.cents
        return NotImplemented

    def __hash__(self):
        return hash(self.cents)

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return self.cents < other.cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            return Money(self.cents + other)
        return NotImplemented

    def __radd__(self, other):
        if other == 0:
            return self
        return self.__add__(other)

    def __mul__(self, k):
        return Money(self.cents * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Money(-self.cents)

    def __bool__(self):
        return self.cents != 0

    def __iadd__(self, other):
        self.cents += other.cents if isinstance(other, Money) else other
        return self


a, b = Money(150), Money(275)
print(a + b, a + 5, 3 * a, a * 2, -a, sum([a, b]), repr(a), str(a))
print(f"{a}|{a:cents}|{a:>8}|{a!r}", "{}".format(b), "%s / %r" % (a, b), format(a, "cents"))
print(a == Money(150), a != Money(150), a == 150, a != "x", a < b, b > a)
print(sorted([b, a, Money(1)]), min(a, b), max([a, b]))
print(bool(Money(0)), bool(a), not a, {a: "x"}[Money(150)], len({Money(1), Money(1), Money(2)}))
c = Money(1)
d = c
c += Money(2)
print(c, d is c, c + 1)
try:
    a - b
except TypeError as e:
    print("TypeError:", e)
try:
    a < 3
except TypeError as e:
    print("TypeError:", e)
try:
    "x" + a
except TypeError as e:
    print("TypeError:", e)
print([Money(1), Money(2)], {"k": Money(3)}, (Money(4),))


class Unhashable:
    def __eq__(self, other):
        return True


try:
    {Unhashable(): 1}
except TypeError as e:
    print("TypeError:", e)
print(Unhashable.__hash__, Unhashable() == 5, 5 == Unhashable())


class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __contains__(self, x):
        print("contains?", x)
        return x in self.items

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __delitem__(self, i):
        del self.items[i]


bag = Bag(1, 2, 3)
print(len(bag), list(bag), 2 in bag, 9 in bag, bag[0], bag[-1], bag[1:])
bag[0] = 10
del bag[1]
print(bag.items, bool(Bag()), bool(bag), [x * 2 for x in bag], sorted(bag, reverse=True))
print(dict(zip(bag, "ab")), tuple(bag), set(bag) == {10, 3}, max(bag), sum(bag), any(bag))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n


print(list(Countdown(3)), [x for x in Countdown(2)])
it = iter(Countdown(2))
print(next(it), next(it), next(it, "done"))
for i in Countdown(100):
    if i < 97:
        break
print("broke at", i)


class Legacy:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10


print(list(Legacy()), 20 in Legacy())


class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x, *, times=1):
        return (x + self.n) * times


add5 = Adder(5)
print(add5(1), add5(1, times=3), callable(add5), callable(bag), list(map(add5, [1, 2])))


class Ctx:
    def __init__(self, suppress):
        self.suppress = suppress

    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", exc_type.__name__ if exc_type else None, exc)
        return self.suppress


with Ctx(True) as cx:
    raise ValueError("swallowed")
print("after", type(cx).__name__)
try:
    with Ctx(False):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))
with Ctx(False), Ctx(True):
    print("body")


@functools.total_ordering
class Version:
    def __init__(self, major, minor):
        self.key = (major, minor)

    def __eq__(self, other):
        return self.key == other.key

    def __lt__(self, other):
        return self.key < other.key

    def __repr__(self):
        return "V%d.%d" % self.key


vs = [Version(1, 2), Version(0, 9), Version(1, 0)]
print(sorted(vs), Version(1, 0) < Version(1, 2), (Version(0, 1), 1) < (Version(0, 2), 0))


class Num:
    def __init__(self, v):
        self.v = v

    def __int__(self):
        return int(self.v)

    def __float__(self):
        return float(self.v)

    def __index__(self):
        return int(self.v)

    def __abs__(self):
        return Num(abs(self.v))

    def __round__(self, n=None):
        return round(self.v, n)

    def __repr__(self):
        return f"Num({self.v})"


n = Num(-2.5)
print(int(n), float(n), abs(n), round(n), round(Num(2.567), 2))


class Base:
    def __eq__(self, other):
        print("Base.__eq__")
        return NotImplemented


class Derived(Base):
    def __eq__(self, other):
        print("Derived.__eq__")
        return True


print(Base() == Derived())
print(hash(1), hash(True), hash(-1), hash((1, 2)) == hash((1, 2)))
