from __future__ import annotations

# Under `from __future__ import annotations` annotations are kept as strings.
import typing
from typing import TYPE_CHECKING, Generic, Optional, TypeVar, get_type_hints

if TYPE_CHECKING:
    from nowhere import Missing

T = TypeVar("T")


class Mapped(Generic[T]):
    pass


class Base:
    id: Mapped[int]


class User(Base):
    name: Mapped[str]
    email: Mapped[Optional[str]]
    nickname: Mapped[bytes | None]
    friends: Mapped[list["User"]]
    address: Mapped[Address]
    meta: dict[str, typing.Any] = {}
    odd:   Mapped[ "Address" ]
    sizes: tuple[int, ...]
    weird: Missing
    call: typing.Callable[[int, str], bool]
    lit: typing.Literal["a", 'b']


class Address:
    street: str


print(User.__annotations__)
print(Base.__annotations__, Address.__annotations__)
hints = get_type_hints(User, localns={"Missing": int})
for k, v in hints.items():
    print(k, v)
ann: Optional[int] = None
print(__annotations__)
try:
    get_type_hints(User)
except NameError as e:
    print("NameError:", e)
