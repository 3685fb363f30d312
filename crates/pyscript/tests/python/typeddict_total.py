# TypedDict classes: `total=`, Required/NotRequired, inherited keys, the functional form.
from typing import NotRequired, Required, TypedDict


class Options(TypedDict, total=False):
    verbose: bool
    level: int


class Base(Options):
    name: str


class Mixed(Base, total=False):
    extra: NotRequired[int]
    must: Required[int]


for k in (Options, Base, Mixed):
    print(k.__name__, k.__total__, sorted(k.__required_keys__), sorted(k.__optional_keys__),
          list(k.__annotations__))

o = Options(verbose=True)
print(o, type(o).__name__, Options.__module__, Options.__name__)

Movie = TypedDict("Movie", {"title": str, "year": int}, total=False)
print(Movie.__name__, Movie.__total__, sorted(Movie.__optional_keys__), Movie(title="x"))
Point = TypedDict("Point", {"x": int})
print(Point.__total__, sorted(Point.__required_keys__), Point.__module__)

try:
    class Bad(TypedDict, foo=1):
        pass
except TypeError as e:
    print("TypeError", e)

from typing import Generic, TypeVar

T = TypeVar("T")


class Box(TypedDict, Generic[T], total=False):
    item: T


print(Box.__parameters__, Box.__total__, sorted(Box.__optional_keys__), Box(item=1))
