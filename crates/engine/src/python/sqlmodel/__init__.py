"""SQLModel 0.0.50's table models: ``class Hero(SQLModel, table=True)`` with ``Field(...)``
and ``Relationship(...)``, mapped through SQLAlchemy's declarative layer as SQLModel maps
them (its default registry, ``__tablename__`` the lower-cased class name, a column per
field with SQLModel's type and nullability rules). Pydantic's validation is not run: models
are read for their tables."""

import datetime as _dt
import decimal as _decimal
import enum as _enum
import pathlib as _pathlib
import typing as _typing
import uuid as _uuid

import sqlalchemy as _sa
from sqlalchemy.orm import Mapped, declared_attr, registry, relationship
import sqlalchemy.orm as _orm
from sqlalchemy.orm.decl_api import _eval_expression, _is_union

from .sql.sqltypes import AutoString, UTCDateTime

__version__ = "0.0.50"

# SQLModel re-exports SQLAlchemy's schema items, SQL constructs and types.
from sqlalchemy import (
    BIGINT, BINARY, BLOB, BOOLEAN, CHAR, CLOB, DATE, DATETIME, DECIMAL, FLOAT, INTEGER, JSON,
    NCHAR, NUMERIC, NVARCHAR, REAL, SMALLINT, TEXT, TIME, TIMESTAMP, UUID, VARBINARY, VARCHAR,
    BigInteger, Boolean, CheckConstraint, Column, Computed, Date, DateTime, Enum, Float,
    ForeignKey, ForeignKeyConstraint, Identity, Index, Integer, Interval, LargeBinary,
    MetaData, Numeric, PickleType, PrimaryKeyConstraint, SmallInteger, String, Table, Text,
    Time, TypeDecorator, Unicode, UnicodeText, UniqueConstraint, Uuid, and_, asc, bindparam,
    case, cast, column, create_engine, delete, desc, engine_from_config, false, func, insert,
    inspect, literal, literal_column, null, or_, table, text, true, update,
)


class _UndefinedType:
    def __repr__(self):
        return "PydanticUndefined"


Undefined = _UndefinedType()


class FieldInfo:
    def __init__(self, default=Undefined, **kwargs):
        self.primary_key = kwargs.pop("primary_key", False)
        self.nullable = kwargs.pop("nullable", Undefined)
        self.foreign_key = kwargs.pop("foreign_key", Undefined)
        self.ondelete = kwargs.pop("ondelete", Undefined)
        self.unique = kwargs.pop("unique", False)
        self.index = kwargs.pop("index", Undefined)
        self.sa_type = kwargs.pop("sa_type", Undefined)
        self.sa_column = kwargs.pop("sa_column", Undefined)
        self.sa_column_args = kwargs.pop("sa_column_args", Undefined)
        self.sa_column_kwargs = kwargs.pop("sa_column_kwargs", Undefined)
        if self.sa_column is not Undefined:
            for key in ("sa_column_args", "sa_column_kwargs"):
                if getattr(self, key) is not Undefined:
                    raise RuntimeError(f"Passing {key} is not supported when also passing a sa_column")
        if self.ondelete is not Undefined and self.foreign_key is Undefined:
            raise RuntimeError("ondelete can only be used with foreign_key")
        if default is Ellipsis:
            default = Undefined
        self.default = default
        self.default_factory = kwargs.pop("default_factory", None)
        self.max_length = kwargs.get("max_length")
        self.max_digits = kwargs.get("max_digits")
        self.decimal_places = kwargs.get("decimal_places")
        self.annotation = None

    def is_required(self):
        return self.default is Undefined and self.default_factory is None


def Field(default=Undefined, **kwargs):
    return FieldInfo(default, **kwargs)


class RelationshipInfo:
    def __init__(self, *, back_populates=None, cascade_delete=False, passive_deletes=False, link_model=None, sa_relationship=None, sa_relationship_args=None, sa_relationship_kwargs=None):
        self.back_populates = back_populates
        self.cascade_delete = cascade_delete
        self.passive_deletes = passive_deletes
        self.link_model = link_model
        self.sa_relationship = sa_relationship
        self.sa_relationship_args = sa_relationship_args
        self.sa_relationship_kwargs = sa_relationship_kwargs


def Relationship(**kwargs):
    return RelationshipInfo(**kwargs)


def _annotation(cls, raw):
    if isinstance(raw, str):
        return _eval_expression(raw, cls.__module__, cls)
    return raw


def _strip_annotated(field, annotation):
    """Pydantic keeps ``Annotated``'s type as the field's annotation and its extras apart."""
    if _typing.get_origin(annotation) is _typing.Annotated:
        inner, *extras = _typing.get_args(annotation)
        for extra in extras:
            if isinstance(extra, FieldInfo):
                for key, value in vars(extra).items():
                    if value not in (Undefined, None, False) and key != "annotation":
                        setattr(field, key, value)
        return _strip_annotated(field, inner)
    return annotation


def _is_noneable(field):
    if field.nullable is not Undefined:
        return field.nullable
    if _is_union(field.annotation):
        if any(arg is type(None) for arg in _typing.get_args(field.annotation)):
            return True
    if not field.is_required():
        if field.default is Undefined:
            return False
        return field.annotation is None or field.annotation is type(None)
    return False


def _sa_type_of(annotation):
    if annotation is None:
        raise ValueError("Missing field type")
    origin = _typing.get_origin(annotation)
    if origin is None:
        return annotation
    if origin is _typing.Annotated:
        return _sa_type_of(_typing.get_args(annotation)[0])
    if _is_union(annotation):
        bases = _typing.get_args(annotation)
        if len(bases) > 2 or (bases[0] is not type(None) and bases[1] is not type(None)):
            raise ValueError("Cannot have a (non-optional) union as a SQLAlchemy field")
        return _sa_type_of(bases[0] if bases[0] is not type(None) else bases[1])
    return origin


# Stored as text: str, and (by name: Retort may not have their modules) pydantic's EmailStr
# and the ipaddress types.
_STRINGS = (str, _pathlib.Path)
_STRING_NAMES = ("EmailStr", "IPv4Address", "IPv4Network", "IPv6Address", "IPv6Network")


def _is(t, *classes):
    """``issubclass``, also for the built-in types Retort implements natively."""
    for c in classes:
        try:
            if t is c or issubclass(t, c):
                return True
        except TypeError:
            pass
    return False


def get_sqlalchemy_type(field):
    if field.sa_type is not Undefined:
        return field.sa_type
    type_ = _sa_type_of(field.annotation)
    is_text = getattr(type_, "__name__", None) in _STRING_NAMES
    if not is_text and _is(type_, _enum.Enum):
        return Enum(type_)
    if is_text or _is(type_, _STRINGS):
        if field.max_length:
            return AutoString(length=field.max_length)
        return AutoString
    if _is(type_, float):
        return Float
    if _is(type_, bool):
        return Boolean
    if _is(type_, int):
        return Integer
    if _is(type_, _dt.datetime):
        return UTCDateTime()
    if _is(type_, _dt.date):
        return Date
    if _is(type_, _dt.timedelta):
        return Interval
    if _is(type_, _dt.time):
        return Time
    if _is(type_, bytes):
        return LargeBinary
    if _is(type_, _decimal.Decimal):
        return Numeric(precision=field.max_digits, scale=field.decimal_places)
    if _is(type_, _uuid.UUID):
        return Uuid
    raise ValueError(f"{type_} has no matching SQLAlchemy type")


def get_column_from_field(field):
    if type(field.sa_column).__name__ == "Column":
        return field.sa_column
    sa_type = get_sqlalchemy_type(field)
    primary_key = field.primary_key
    index = False if field.index is Undefined else field.index
    nullable = not primary_key and _is_noneable(field)
    if field.nullable is not Undefined:
        nullable = field.nullable
    args = []
    foreign_key = None if field.foreign_key is Undefined else field.foreign_key
    if foreign_key:
        ondelete = None if field.ondelete is Undefined else field.ondelete
        if ondelete == "SET NULL" and not nullable:
            raise RuntimeError('ondelete="SET NULL" requires nullable=True')
        args.append(ForeignKey(foreign_key, ondelete=ondelete))
    kwargs = {"primary_key": primary_key, "nullable": nullable, "index": index, "unique": field.unique}
    if field.default_factory:
        kwargs["default"] = field.default_factory
    elif field.default is not Undefined:
        kwargs["default"] = field.default
    if field.sa_column_args is not Undefined:
        args.extend(list(field.sa_column_args))
    if field.sa_column_kwargs is not Undefined:
        kwargs.update(field.sa_column_kwargs)
    return Column(*args, type_=sa_type, **kwargs)


def _fields(cls, class_dict, annotations):
    """Pydantic's ``model_fields``: the bases' fields, then this class's annotated names."""
    fields = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(base.__dict__.get("__sqlmodel_fields__", {}))
    for name, raw in annotations.items():
        if name.startswith("_") or name == "model_config" or isinstance(class_dict.get(name), RelationshipInfo):
            continue
        annotation = _annotation(cls, raw)
        if _typing.get_origin(annotation) is _typing.ClassVar or annotation is _typing.ClassVar:
            continue
        value = class_dict.get(name, Undefined)
        field = value if isinstance(value, FieldInfo) else FieldInfo(value)
        field.annotation = _strip_annotated(field, annotation)
        fields[name] = field
    return fields


class SQLModelMetaclass(_orm.DeclarativeMeta):
    def __new__(cls, name, bases, class_dict, **kwargs):
        relationships = {}
        body = {}
        for k, v in class_dict.items():
            if isinstance(v, RelationshipInfo):
                relationships[k] = v
            elif not isinstance(v, FieldInfo):
                body[k] = v
        annotations = class_dict.get("__annotations__", {})
        # Columns are set in the fields' order, as SQLModel creates them.
        held = {k: body.pop(k) for k in annotations if k in body}
        body["__sqlmodel_relationships__"] = relationships
        new_cls = type.__new__(cls, name, bases, body)
        fields = _fields(new_cls, class_dict, annotations)
        for k, v in held.items():
            if k not in fields:
                setattr(new_cls, k, v)
        new_cls.__sqlmodel_fields__ = fields
        new_cls.model_fields = fields
        config = dict(getattr(new_cls, "model_config", {}) or {})
        table = config.get("table", kwargs.get("table", Undefined))
        if table is True:
            config["table"] = True
            for k, field in fields.items():
                setattr(new_cls, k, get_column_from_field(field))
        new_cls.model_config = config
        reg = config.get("registry", kwargs.get("registry", Undefined))
        if reg is not Undefined:
            new_cls._sa_registry = reg
            new_cls.metadata = reg.metadata
            new_cls.__abstract__ = True
        return new_cls

    def __init__(cls, classname, bases, dict_, **kw):
        base_is_table = any(_is_table(base) for base in bases)
        if _is_table(cls) and not base_is_table:
            for rel_name, rel_info in cls.__sqlmodel_relationships__.items():
                if rel_info.sa_relationship:
                    setattr(cls, rel_name, rel_info.sa_relationship)
                    continue
                rel_kwargs = dict(rel_info.sa_relationship_kwargs or {})
                if rel_info.back_populates:
                    rel_kwargs["back_populates"] = rel_info.back_populates
                setattr(cls, rel_name, relationship(None, *(rel_info.sa_relationship_args or ()), **rel_kwargs))
            _orm.DeclarativeMeta.__init__(cls, classname, bases, dict_)
        else:
            type.__init__(cls, classname, bases, dict_)


def _is_table(cls):
    config = getattr(cls, "model_config", None)
    return bool(config and config.get("table", False))


default_registry = registry()


class SQLModel(metaclass=SQLModelMetaclass, registry=default_registry):
    __allow_unmapped__ = True

    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()

    def __init__(self, **data):
        for k, v in data.items():
            setattr(self, k, v)

    @classmethod
    def model_validate(cls, obj, **kw):
        return cls(**(obj if isinstance(obj, dict) else vars(obj)))

    def model_dump(self, **kw):
        return {k: getattr(self, k, None) for k in type(self).model_fields}


def select(*entities):
    import sqlalchemy

    return sqlalchemy.select(*entities)


def col(column_expression):
    return column_expression


class Session(_orm.Session):
    def exec(self, statement, **kw):
        return self.execute(statement, **kw).scalars()
