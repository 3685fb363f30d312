# Class and module __annotations__ (evaluated), typing.get_type_hints.
from typing import Annotated, ClassVar, Optional, get_type_hints

VERSION: int = 3
NAME: str


class Mapped:
    def __class_getitem__(cls, item):
        return ("Mapped", item)


def mapped_column(*args, **kw):
    return ("mapped_column", args, tuple(sorted(kw)))


class Base:
    id: int = 0
    registry: ClassVar[dict] = {}


class User(Base):
    name: str
    email: Optional[str] = None
    tags: list[str]
    score: "float"
    nick: Annotated[str, mapped_column("nick", unique=True)]
    address: Mapped[int] = mapped_column()
    count = 5


print(__annotations__)
print(Base.__annotations__)
print(User.__annotations__)
print(list(User.__annotations__), "count" in User.__annotations__)
print(get_type_hints(User))
print(get_type_hints(User, include_extras=True)["nick"])


class Empty:
    pass


class ChildNoAnn(User):
    extra = 1


print(Empty.__annotations__, ChildNoAnn.__annotations__, "name" in get_type_hints(ChildNoAnn))


class Node:
    parent: "Node"
    children: "list[Node]"
    value: "Optional[int]"


print(get_type_hints(Node))
try:
    class Broken:
        x: "Undefined"
    get_type_hints(Broken)
except NameError as e:
    print("NameError:", e)


def f():
    local: int = 1
    return local


print(f())
if True:
    CONDITIONAL: bool = True
print(list(__annotations__))
