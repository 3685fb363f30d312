"""sqlalchemy.ext.declarative: the 1.x names of the declarative API."""

from sqlalchemy.orm.decl_api import (
    DeclarativeMeta,
    as_declarative,
    declarative_base,
    declared_attr,
    has_inherited_table,
    synonym_for,
)


class AbstractConcreteBase:
    __abstract__ = True


class ConcreteBase:
    pass


class DeferredReflection:
    @classmethod
    def prepare(cls, *args, **kw):
        pass


def instrument_declarative(cls, cls_registry, metadata):
    raise NotImplementedError("instrument_declarative is not supported by Retort")
