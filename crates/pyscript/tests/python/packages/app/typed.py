from __future__ import annotations

from typing import Optional

from .base import Base


class Profile(Base):
    owner: Optional[Owner]
    tags: list[Tag]


class Owner:
    name: str


class Tag:
    pass


def __getattr__(name):
    if name.startswith("lazy_"):
        return f"computed {name}"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
