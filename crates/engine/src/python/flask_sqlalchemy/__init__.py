"""Flask-SQLAlchemy 3.1's model layer: ``db = SQLAlchemy()``, ``db.Model`` (table names made
from class names, ``__bind_key__`` metadata), ``db.Table`` and the ``sqlalchemy`` names it
forwards (``db.Column``, ``db.String``, ``db.relationship``). What needs a Flask application
(engines, sessions bound to an app context, queries) is inert: models are read for their
tables, never run against a database here."""

import sqlalchemy as sa
import sqlalchemy.orm as sa_orm

__version__ = "3.1.1"


class Query:
    """``db.Query`` / ``Model.query_class``: inert (no application context here)."""

    def __init__(self, entities=None, session=None):
        self._entities = entities


class _QueryProperty:
    def __get__(self, obj, cls):
        return cls.query_class(cls)


class Model:
    """The base class of ``db.Model``."""

    query_class = Query
    query = _QueryProperty()


def camel_to_snake_case(name):
    """``CamelCase`` to ``snake_case``, as Flask-SQLAlchemy's regular expression
    ``((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))`` inserts its underscores."""
    out = []
    for i, ch in enumerate(name):
        if "A" <= ch <= "Z" and i > 0:
            before = name[i - 1]
            after = name[i + 1] if i + 1 < len(name) else ""
            if "a" <= before <= "z" or "0" <= before <= "9" or "a" <= after <= "z":
                out.append("_")
        out.append(ch)
    return "".join(out).lower().lstrip("_")


def should_set_tablename(cls):
    if (
        cls.__dict__.get("__abstract__", False)
        or (
            not issubclass(cls, (sa_orm.DeclarativeBase, sa_orm.DeclarativeBaseNoMeta))
            and not any(isinstance(b, sa_orm.DeclarativeMeta) for b in cls.__mro__[1:])
        )
        or any(
            (b is sa_orm.DeclarativeBase or b is sa_orm.DeclarativeBaseNoMeta)
            for b in cls.__bases__
        )
    ):
        return False
    for base in cls.__mro__:
        if "__tablename__" not in base.__dict__:
            continue
        if isinstance(base.__dict__["__tablename__"], sa_orm.declared_attr):
            return False
        return not (
            base is cls
            or base.__dict__.get("__abstract__", False)
            or not (
                isinstance(base, sa_orm.DeclarativeMeta)
                or issubclass(base, sa_orm.DeclarativeBaseNoMeta)
                or issubclass(base, sa_orm.DeclarativeBase)
            )
        )
    return True


def _table_cls(cls, *args, **kwargs):
    """``__table_cls__``: a table when the class has a primary key or no table above it;
    ``None`` (single-table inheritance: the parent's table) otherwise."""
    schema = kwargs.get("schema")
    key = args[0] if schema is None else f"{schema}.{args[0]}"
    if key in cls.metadata.tables:
        return sa.Table(*args, **kwargs)
    for arg in args:
        kind = type(arg).__name__
        if (kind == "Column" and arg.primary_key) or kind == "PrimaryKeyConstraint":
            return sa.Table(*args, **kwargs)
    for base in cls.__mro__[1:-1]:
        if "__table__" in base.__dict__:
            break
    else:
        return sa.Table(*args, **kwargs)
    if "__tablename__" in cls.__dict__:
        del cls.__tablename__
    return None


def _unset_missing_table(cls):
    if (
        "__tablename__" not in cls.__dict__
        and "__table__" in cls.__dict__
        and cls.__dict__["__table__"] is None
    ):
        del cls.__table__


def _bind_metadata(cls, only_with_key):
    if "metadata" in cls.__dict__ or "__table__" in cls.__dict__:
        return
    if only_with_key and not hasattr(cls, "__bind_key__"):
        return
    metadata = cls.__fsa__._make_metadata(getattr(cls, "__bind_key__", None))
    if metadata is not getattr(cls, "metadata", None):
        cls.metadata = metadata


class BindMetaMixin(type):
    def __init__(cls, name, bases, d, **kwargs):
        _bind_metadata(cls, False)
        super().__init__(name, bases, d, **kwargs)


class NameMetaMixin(type):
    def __init__(cls, name, bases, d, **kwargs):
        if should_set_tablename(cls):
            cls.__tablename__ = camel_to_snake_case(cls.__name__)
        super().__init__(name, bases, d, **kwargs)
        _unset_missing_table(cls)

    def __table_cls__(cls, *args, **kwargs):
        return _table_cls(cls, *args, **kwargs)


class BindMixin:
    @classmethod
    def __init_subclass__(cls, **kwargs):
        _bind_metadata(cls, True)
        super().__init_subclass__(**kwargs)


class NameMixin:
    @classmethod
    def __init_subclass__(cls, **kwargs):
        if should_set_tablename(cls):
            cls.__tablename__ = camel_to_snake_case(cls.__name__)
        super().__init_subclass__(**kwargs)
        _unset_missing_table(cls)

    @classmethod
    def __table_cls__(cls, *args, **kwargs):
        return _table_cls(cls, *args, **kwargs)


class DefaultMeta(BindMetaMixin, NameMetaMixin, sa_orm.DeclarativeMeta):
    pass


class DefaultMetaNoName(BindMetaMixin, sa_orm.DeclarativeMeta):
    pass


def _declarative_bases(model_class):
    return [
        b
        for b in getattr(model_class, "__bases__", ())
        if issubclass(b, (sa_orm.DeclarativeBase, sa_orm.DeclarativeBaseNoMeta))
    ]


class SQLAlchemy:
    """``db = SQLAlchemy(app)``: the models' ``MetaData`` (one per bind key), ``db.Model``,
    ``db.Table`` and SQLAlchemy's names."""

    def __init__(
        self,
        app=None,
        *,
        metadata=None,
        session_options=None,
        query_class=Query,
        model_class=Model,
        engine_options=None,
        add_models_to_shell=True,
        disable_autonaming=False,
    ):
        self.Query = query_class
        self.session = sa_orm.scoped_session(sa_orm.sessionmaker(**(session_options or {})))
        self.metadatas = {}
        if metadata is not None and not _declarative_bases(model_class):
            metadata.info["bind_key"] = None
            self.metadatas[None] = metadata
        self.Table = self._make_table_class()
        self.Model = self._make_declarative_base(model_class, disable_autonaming)

    @property
    def metadata(self):
        return self.metadatas[None]

    def init_app(self, app):
        pass

    def _make_metadata(self, bind_key):
        if bind_key in self.metadatas:
            return self.metadatas[bind_key]
        naming_convention = (
            self._make_metadata(None).naming_convention if bind_key is not None else None
        )
        metadata = sa.MetaData(naming_convention=naming_convention, info={"bind_key": bind_key})
        self.metadatas[bind_key] = metadata
        return metadata

    def _make_table_class(self):
        def Table(*args, bind_key=None, **kwargs):
            if not args or (len(args) >= 2 and type(args[1]).__name__ == "MetaData"):
                return sa.Table(*args, **kwargs)
            return sa.Table(args[0], self._make_metadata(bind_key), *args[1:], **kwargs)

        return Table

    def _make_declarative_base(self, model_class, disable_autonaming=False):
        bases = _declarative_bases(model_class)
        if len(bases) > 1:
            raise ValueError(
                "Only one declarative base can be passed to SQLAlchemy."
                " Got: {}".format(model_class.__bases__)
            )
        elif len(bases) == 1:
            body = dict(model_class.__dict__)
            body["__fsa__"] = self
            mixins = [BindMixin, NameMixin, Model]
            if disable_autonaming:
                mixins.remove(NameMixin)
            model = type(bases[0])(
                "FlaskSQLAlchemyBase", (*mixins, *model_class.__bases__), body
            )
        elif not isinstance(model_class, sa_orm.DeclarativeMeta):
            metadata = self._make_metadata(None)
            metaclass = DefaultMetaNoName if disable_autonaming else DefaultMeta
            model = sa_orm.declarative_base(
                metadata=metadata, cls=model_class, name="Model", metaclass=metaclass
            )
        else:
            model = model_class
        if None not in self.metadatas:
            model.metadata.info["bind_key"] = None
            self.metadatas[None] = model.metadata
        else:
            model.metadata = self.metadatas[None]
        model.query_class = self.Query
        model.query = _QueryProperty()
        model.__fsa__ = self
        return model

    def _set_rel_query(self, kwargs):
        kwargs.setdefault("query_class", self.Query)

    def relationship(self, *args, **kwargs):
        self._set_rel_query(kwargs)
        return sa_orm.relationship(*args, **kwargs)

    def dynamic(self, *args, **kwargs):
        self._set_rel_query(kwargs)
        return sa_orm.relationship(*args, lazy="dynamic", **kwargs)

    def create_all(self, bind_key="__all__"):
        raise RuntimeError("Retort reads the models for their tables; db.create_all() needs a Flask application")

    def __getattr__(self, name):
        if name == "relation":
            return self.relationship
        if name.startswith("_"):
            raise AttributeError(name)
        for mod in (sa, sa_orm):
            if hasattr(mod, name):
                return getattr(mod, name)
        raise AttributeError(name)
