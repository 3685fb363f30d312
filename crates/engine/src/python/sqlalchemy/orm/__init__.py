"""sqlalchemy.orm as Retort provides it: declarative mapping (decl_api) and sessions
(session) over Retort's Core objects. The query-option functions are accepted and do not
change what is loaded (every query loads its columns eagerly)."""

from . import exc
from .decl_api import (
    ColumnProperty,
    DeclarativeBase,
    DeclarativeBaseNoMeta,
    DeclarativeMeta,
    DynamicMapped,
    InstrumentedAttribute,
    Mapped,
    MappedAsDataclass,
    MappedColumn,
    Mapper,
    QueryableAttribute,
    Relationship,
    RelationshipProperty,
    Unmapped,
    WriteOnlyMapped,
    as_declarative,
    backref,
    class_mapper,
    clear_mappers,
    column_property,
    composite,
    configure_mappers,
    declarative_base,
    declared_attr,
    deferred,
    dynamic_loader,
    foreign,
    has_inherited_table,
    mapped_column,
    object_mapper,
    query_expression,
    reconstructor,
    registry,
    relationship,
    remote,
    synonym,
    synonym_for,
    validates,
)
from .session import (
    Query,
    Session,
    close_all_sessions,
    make_transient,
    make_transient_to_detached,
    object_session,
    scoped_session,
    sessionmaker,
)


def aliased(element, alias=None, name=None, flat=False, **kw):
    return element


def with_polymorphic(base, classes, **kw):
    return base


def _option(*args, **kw):
    return _Option()


class _Option:
    def __getattr__(self, name):
        return lambda *a, **kw: self


joinedload = selectinload = subqueryload = lazyload = noload = raiseload = _option
load_only = defer = undefer = undefer_group = contains_eager = immediateload = _option
defaultload = selectin_polymorphic = with_expression = _option


class Load(_Option):
    def __init__(self, *args, **kw):
        pass
