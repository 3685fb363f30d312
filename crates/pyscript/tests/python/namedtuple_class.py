from __future__ import annotations
import typing as t
from collections.abc import Mapping, Callable

class MergeStrategy(t.NamedTuple):
    """doc"""

    applicable_for_instance_of: type | tuple[type, ...]
    behavior: Callable[
        [t.Any, str, t.Any, tuple[MergeStrategy, ...] | None],
        None,
    ]

m = MergeStrategy(Mapping, lambda x: x)
print(m.applicable_for_instance_of is Mapping, len(m))
a, b = m
print(m._fields)
print(m == (Mapping, m.behavior), m[0] is Mapping, m[-1] is m.behavior, m[:1] == (Mapping,))
from collections import namedtuple
P = namedtuple("P", "x y", defaults=[0])
p = P(1)
print(p, p._asdict(), p._replace(y=5), P._make([3, 4]), P._fields, P._field_defaults)
print(p == (1, 0), hash(p) == hash((1, 0)), p < (2, 0), sorted([P(2), P(1, 1)]), tuple(p), list(p))
Q = t.NamedTuple("Q", [("a", int), ("b", str)])
q = Q(1, b="z")
print(q, Q._fields, q.a, q.b, len(q))
class R(t.NamedTuple):
    a: int
    b: str = "d"
    def doubled(self):
        return self.a * 2
r = R(2)
print(r, r.doubled(), R._field_defaults, R.__name__)
try:
    r.a = 3
except AttributeError as e:
    print("AttributeError")
try:
    R()
except TypeError as e:
    print(e)
x, y = r
print(x, y, dict(a=r))
