# typing and types objects: reprs, get_origin/get_args, equality, generics.
import types
import typing
from typing import (
    Annotated, Any, Callable, ClassVar, Dict, Final, Generic, List, Literal, Optional,
    Sequence, Tuple, Type, TypeVar, Union, get_args, get_origin,
)

T = TypeVar("T")
K = TypeVar("K", bound=str)


class A:
    pass


forms = [
    Optional[int], Union[int, str, None], Union[int], int | None, A | None, list[int],
    dict[str, Any], tuple[int, ...], tuple[()], List[int], Dict[str, A], Annotated[str, "x"],
    Literal["a", 1], ClassVar[int], Final[int], T, Callable[[int], str], Callable[..., int],
    Optional[Union[int, str]], Union[int, Optional[str]], List, Union, Optional, Any,
    Sequence[int], Type[A], Optional[List["X"]], list["X"], typing.ForwardRef("X"),
    Union[int, list[int]], int | list[int], Optional[int] | str, Tuple[int, str], K,
]
for f in forms:
    print(repr(f))
for f in [Optional[int], int | None, list[int], List[int], Annotated[str, "x", 1], Callable[[int], str],
          Callable[..., int], Literal["a"], ClassVar[int], Dict[str, int], int, A, Generic, T]:
    print(get_origin(f), get_args(f))
print(Optional[int] == Union[int, None], Union[int, str] == Union[str, int], List[int] == List[int])
print(int | None == Optional[int], list[int] == list[int], list[int] == List[int], T == T)
print(Annotated[str, "x"].__metadata__, Annotated[str, "x"].__origin__, Annotated[Annotated[int, 1], 2])
print(list[int].__origin__, list[int].__args__, Dict[str, T].__parameters__, (int | str).__args__)
print(type(None) is get_args(Optional[int])[1], isinstance(3, int | str), isinstance("s", Optional[int]))
print(isinstance(int | None, types.UnionType), type(int | None) is types.UnionType, type(list[int]) is types.GenericAlias)
print(Dict[str, T][int], T.__name__, K.__bound__, Literal[1, 1, 2])
print(typing.get_type_hints(A), typing.TYPE_CHECKING, typing.cast(int, "x"))


class Repo(Generic[T]):
    def __init__(self, item: T):
        self.item = item


class IntRepo(Repo[int]):
    pass


class Pair(Generic[T, K]):
    pass


print(Repo[int], Repo.__parameters__, IntRepo.__orig_bases__, IntRepo.__parameters__)
print([c.__name__ for c in IntRepo.__mro__], Pair[int, str], get_origin(Repo[int]) is Repo)
r = Repo[str]("x")
print(r.item, type(r).__name__, isinstance(r, Repo))
try:
    Optional[int, str]
except TypeError as e:
    print("TypeError:", e)
try:
    Annotated[int]
except TypeError as e:
    print("TypeError:", e)
try:
    int | "str"
except TypeError as e:
    print("TypeError:", e)
print(get_origin(ClassVar[int]) is ClassVar, get_origin(Optional[int]) is Union, get_origin(Literal[1]) is Literal)
print(typing.Text is str, typing.AnyStr, typing.NoReturn, typing.Protocol.__mro__[1].__name__)
UserId = typing.NewType("UserId", int)
print(UserId(5))

# `type[X]` is a types.GenericAlias, as list[int] is.
print(type[Exception], tuple[type[Exception], ...])
