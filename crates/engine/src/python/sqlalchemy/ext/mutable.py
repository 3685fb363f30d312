"""sqlalchemy.ext.mutable: change tracking of mutable values; the column type is the one
given (``MutableDict.as_mutable(JSON)`` is a JSON column)."""


class Mutable:
    @classmethod
    def as_mutable(cls, sqltype):
        return sqltype() if isinstance(sqltype, type) else sqltype

    @classmethod
    def associate_with(cls, sqltype):
        pass

    @classmethod
    def coerce(cls, key, value):
        return value

    def changed(self):
        pass


class MutableDict(Mutable, dict):
    pass


class MutableList(Mutable, list):
    pass


class MutableSet(Mutable, set):
    pass


class MutableComposite(Mutable):
    pass
