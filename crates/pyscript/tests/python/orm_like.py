from __future__ import annotations

# A declarative layer in plain Python, as sqlalchemy.orm builds one: Mapped[...] annotations
# read through get_type_hints in __init_subclass__, mapped_column descriptors with
# __set_name__, mixins, declared attributes, __abstract__, __table_args__.
import datetime
import types
import typing
from typing import Annotated, Any, ClassVar, Generic, Optional, TypeVar, get_args, get_origin

T = TypeVar("T")


class Mapped(Generic[T]):
    pass


class MappedColumn:
    def __init__(self, *args, primary_key=False, nullable=None, default=None):
        self.args = args
        self.primary_key = primary_key
        self.nullable = nullable
        self.default = default
        self.key = None

    def __set_name__(self, owner, name):
        self.key = name

    def __get__(self, obj, owner):
        if obj is None:
            return f"<{owner.__name__}.{self.key} column>"
        return obj.__dict__.get(self.key, self.default)

    def __set__(self, obj, value):
        obj.__dict__[self.key] = value


def mapped_column(*args, **kw):
    return MappedColumn(*args, **kw)


class declared_attr:
    def __init__(self, fn):
        self.fn = fn

    def __get__(self, obj, cls):
        return self.fn(cls)


str50 = Annotated[str, 50]


class Base:
    registry: ClassVar[dict[str, type]] = {}
    type_annotation_map: ClassVar[dict[Any, str]] = {str50: "VARCHAR(50)", datetime.datetime: "DATETIME"}

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if cls.__dict__.get("__abstract__", False):
            return
        hints = typing.get_type_hints(cls, include_extras=True)
        columns = []
        for name, hint in hints.items():
            if get_origin(hint) is not Mapped:
                continue
            (inner,) = get_args(hint)
            nullable = False
            if get_origin(inner) in (typing.Union, types.UnionType):
                args = [a for a in get_args(inner) if a is not type(None)]
                nullable = len(args) < len(get_args(inner))
                inner = args[0]
            sql = Base.type_annotation_map.get(inner)
            if sql is None:
                if get_origin(inner) is Annotated:
                    inner = get_args(inner)[0]
                sql = {int: "INTEGER", str: "VARCHAR", bool: "BOOLEAN"}.get(inner, repr(inner))
            col = cls.__dict__.get(name)
            if not isinstance(col, MappedColumn):
                col = MappedColumn()
                col.__set_name__(cls, name)
                setattr(cls, name, col)
            columns.append((name, sql, nullable if col.nullable is None else col.nullable, col.primary_key))
        cls.__columns__ = columns
        Base.registry[cls.__name__] = cls

    def __init__(self, **kw):
        for k, v in kw.items():
            if not hasattr(type(self), k):
                raise TypeError(f"{k!r} is an invalid keyword argument for {type(self).__name__}")
            setattr(self, k, v)

    def __repr__(self):
        cols = ", ".join(f"{n}={getattr(self, n)!r}" for n, *_ in self.__columns__)
        return f"{type(self).__name__}({cols})"


class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(default=datetime.datetime(2025, 1, 1))

    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower() + "s"


class AbstractThing(Base):
    __abstract__ = True
    id: Mapped[int] = mapped_column(primary_key=True)


class User(TimestampMixin, AbstractThing):
    __table_args__ = {"sqlite_autoincrement": True}
    name: Mapped[str50]
    email: Mapped[Optional[str]]
    nickname: Mapped[bytes | None]
    active: Mapped[bool] = mapped_column(default=True)
    friends: ClassVar[list] = []


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    user: Mapped[User]


print(sorted(Base.registry))
for cls in (User, Address):
    print(cls.__tablename__, cls.__columns__, getattr(cls, "__table_args__", None))
u = User(name="ada", email=None)
print(u, User.name, u.active, u.created_at)
try:
    User(bogus=1)
except TypeError as e:
    print("TypeError:", e)
print([c.__name__ for c in User.__mro__])
