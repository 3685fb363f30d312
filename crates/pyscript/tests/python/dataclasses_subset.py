# dataclasses: fields from annotations, defaults and factories, frozen, order, asdict.
from dataclasses import KW_ONLY, InitVar, asdict, astuple, dataclass, field, fields, replace, is_dataclass, FrozenInstanceError
from typing import ClassVar, Optional


@dataclass
class Point:
    x: int
    y: int = 0
    label: str = "p"
    count: ClassVar[int] = 0


p = Point(1, 2)
print(p, Point(3), Point(x=1, label="a"), p == Point(1, 2), p != Point(2, 2), Point.count)
print([f.name for f in fields(Point)], is_dataclass(p), is_dataclass(Point), is_dataclass(3))
print(asdict(p), astuple(p), replace(p, y=9))
for bad in (lambda: Point(), lambda: Point(1, 2, "l", 4), lambda: Point(1, z=2), lambda: Point(1, x=2)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
try:
    {p}
except TypeError as e:
    print("TypeError:", e)


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int = 0
    tags: list = field(default_factory=list, compare=False, repr=False)


v = Version(1, 2)
print(v, sorted([Version(2), v, Version(1, 0)]), v < Version(1, 3), hash(v) == hash(Version(1, 2)))
try:
    v.major = 3
except FrozenInstanceError as e:
    print(type(e).__name__, e, isinstance(e, AttributeError))


@dataclass
class Node:
    name: str
    children: list["Node"] = field(default_factory=list)
    parent: Optional["Node"] = field(default=None, repr=False)
    secret: InitVar[str] = "s"

    def __post_init__(self, secret):
        self.checked = secret.upper()


root = Node("root", [Node("leaf")])
print(root, root.checked, asdict(root)["children"], Node.parent)


@dataclass
class Child(Point):
    z: int = 5
    _: KW_ONLY
    flag: bool = False


print(Child(1, 2, "c", 3, flag=True), [f.name for f in fields(Child)], Child.__match_args__)
try:
    @dataclass
    class Bad:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)
try:
    @dataclass
    class Mutable:
        items: list = []
except ValueError as e:
    print("ValueError:", e)
