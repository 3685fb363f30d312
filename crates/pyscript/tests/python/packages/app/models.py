from .base import Base
from .utils.helpers import slug as _slug

__all__ = ["User", "helper_name", "Base"]

helper_name = _slug("Helper Name")
_private = "private"
hidden = "not in __all__"
COUNT = 0


class User(Base):
    table = _slug("User Table")


def counter():
    global COUNT
    COUNT += 1
    return COUNT
