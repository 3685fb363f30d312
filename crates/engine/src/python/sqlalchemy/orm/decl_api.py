"""SQLAlchemy's declarative mapping, as Retort runs it: the classes of a model module (or of
a revision file) become Tables in their registry's MetaData, column for column as
SQLAlchemy 2.1 builds them (orm/decl_base.py, orm/decl_api.py, orm/properties.py).

Written in Python over Retort's Core objects (Column, Table, MetaData are the host's). What
decides DDL follows SQLAlchemy's algorithm step by step: the attribute scan over the MRO
(mixin columns copied after the class's own, in the class's order of names and
annotations), ``Mapped[...]`` annotations (strings too) deciding type and nullability,
``type_annotation_map``, ``__tablename__`` / ``__table_args__`` / ``__table__`` /
``__abstract__``, ``declared_attr``, single-table and joined inheritance. What only
concerns the ORM at run time (relationship loading, events, instrumentation internals) is
accepted and kept small.
"""

import datetime as _dt
import decimal as _decimal
import enum as _enum
import re as _re
import sys as _sys
import types as _types
import typing as _typing
import uuid as _uuid

import sqlalchemy as _sa
from sqlalchemy import Column, MetaData, Table

from .exc import ArgumentError, InvalidRequestError, MappedAnnotationError


class _NoArg:
    def __repr__(self):
        return "_NoArg.NO_ARG"


NO_ARG = _NoArg()

_T = _typing.TypeVar("_T")


def _is_column(obj):
    return type(obj).__name__ == "Column"


def _is_table(obj):
    return type(obj).__name__ == "Table"


def _is_sa_type(obj):
    # A TypeEngine instance (String(30)), or a TypeEngine class (String).
    try:
        return obj.__module__.startswith("sqlalchemy") or hasattr(obj, "_isnull")
    except AttributeError:
        return False


def _to_instance(t):
    if isinstance(t, type):
        return t()
    return t


# ---- annotations -------------------------------------------------------------------------


class _MappedAnnotationBase(_typing.Generic[_T]):
    """Base of the containers that mark an attribute as mapped (``Mapped[int]``)."""


class SQLORMExpression(_MappedAnnotationBase[_T]):
    pass


class Mapped(SQLORMExpression[_T]):
    """``Mapped[int]``: the annotation of a mapped attribute."""


class WriteOnlyMapped(_MappedAnnotationBase[_T]):
    pass


class DynamicMapped(_MappedAnnotationBase[_T]):
    pass


class Unmapped(_MappedAnnotationBase[_T]):
    pass


def _origin(t):
    return _typing.get_origin(t)


def _args(t):
    return _typing.get_args(t)


def _is_union(t):
    o = _origin(t)
    return o is _typing.Union or o is _types.UnionType


def _is_pep593(t):
    return _origin(t) is _typing.Annotated


def _is_literal(t):
    return _origin(t) is _typing.Literal


def _is_generic(t):
    return hasattr(t, "__args__") and hasattr(t, "__origin__")


def _is_mapped_container(origin):
    return isinstance(origin, type) and issubclass(origin, _MappedAnnotationBase)


def _includes_none(t):
    if isinstance(t, str):
        return _fwd_has_none(t)
    if _is_union(t):
        return any(_includes_none(a) for a in _args(t))
    if _is_pep593(t):
        return _includes_none(_args(t)[0])
    return t is None or t is type(None) or t == "None"


def _fwd_has_none(annotation):
    mm = _re.match(r"^(.+?)\[(.+)\]$", annotation)
    if mm:
        g1 = mm.group(1).split(".")[-1]
        if g1 == "Optional":
            return True
        if g1 == "Union":
            return "None" in [e.strip() for e in _split_top(mm.group(2))]
        return False
    return "None" in _re.split(r"\s*\|\s*", annotation)


def _split_top(s):
    elements, current, depth = [], [], 0
    for ch in s:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0 and ch == ",":
            elements.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    elements.append("".join(current).strip())
    return elements


def _de_optionalize(t):
    if _is_union(t) and _includes_none(t):
        rest = [a for a in _args(t) if a is not type(None) and a is not None]
        if len(rest) == 1:
            return rest[0]
        return _typing.Union[tuple(rest)]
    return t


def _module_namespace(module_name):
    module = _sys.modules.get(module_name)
    if module is None:
        raise NameError(
            f"Module {module_name} isn't present in sys.modules; can't evaluate expression"
        )
    return vars(module)


def _eval_expression(expression, module_name, in_class=None):
    base_globals = _module_namespace(module_name)
    try:
        if in_class is not None:
            ns = dict(vars(in_class))
            ns.setdefault(in_class.__name__, in_class)
            # The module's names take precedence over the class namespace (#10899).
            ns.update(base_globals)
            return eval(expression, ns)
        return eval(expression, dict(base_globals))
    except Exception as err:
        raise NameError(f"Could not de-stringify annotation {expression!r}") from err


class _CleanupError(Exception):
    pass


def _cleanup_mapped_str_annotation(annotation, module_name):
    # 'Mapped[List[Address]]' -> 'Mapped[List["Address"]]': the innermost name, a class
    # that may not be importable, stays a string.
    mm = _re.match(r"^([^ \|]+?)\[(.+)\]$", annotation)
    if not mm:
        return annotation
    try:
        obj = _eval_expression(mm.group(1), module_name)
    except NameError as ne:
        raise _CleanupError(
            f'For annotation "{annotation}", could not resolve container type '
            f'"{mm.group(1)}".  Please ensure this type is imported at the module level '
            "outside of TYPE_CHECKING blocks"
        ) from ne
    if obj is _typing.ClassVar:
        real_symbol = "ClassVar"
    else:
        try:
            if issubclass(obj, _MappedAnnotationBase):
                real_symbol = obj.__name__
            else:
                return annotation
        except TypeError:
            return annotation
    stack = []
    inner = mm
    while True:
        stack.append(real_symbol if mm is inner else inner.group(1))
        g2 = inner.group(2)
        inner = _re.match(r"^([^ \|]+?)\[(.+)\]$", g2)
        if inner is None:
            stack.append(g2)
            break
    # Quote the last element when it is a plain name (a class, maybe not importable).
    if not _re.match(r"""^["'].*["']$""", stack[-1]) and "," not in stack[-1]:
        stripped = stack[-1].strip("\"'")
        if _re.match(r"^[\w\.]+$", stripped) and stripped not in ("None",):
            stack[-1] = f'"{stripped}"'
    return "[".join(stack) + ("]" * (len(stack) - 1))


def _de_stringify(cls, annotation, module_name, cleanup=False, include_generic=False):
    if isinstance(annotation, _typing.ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        if cleanup:
            annotation = _cleanup_mapped_str_annotation(annotation, module_name)
        annotation = _eval_expression(annotation, module_name, in_class=cls)
    if include_generic and _is_generic(annotation) and not _is_literal(annotation):
        args = tuple(
            _de_stringify(cls, a, module_name, include_generic=True) for a in _args(annotation)
        )
        return _copy_generic(annotation, args)
    return annotation


def _copy_generic(annotation, args):
    if _is_union(annotation):
        return _typing.Union[args]
    if _is_pep593(annotation):
        return _typing.Annotated[(args[0],) + tuple(annotation.__metadata__)]
    origin = _origin(annotation)
    try:
        return annotation.copy_with(args)
    except AttributeError:
        return origin[args if len(args) != 1 else args[0]]


def _extract_mapped_subtype(raw, cls, module_name, key, attr_cls, expect_mapped):
    """Given an annotation, ``(inner, container)`` for ``Mapped[inner]``, ``(annotation,
    None)`` for another, ``None`` for ClassVar; raises for an unmapped annotation of an
    attribute the ORM maps."""
    if raw is None:
        return None
    try:
        annotated = _de_stringify(cls, raw, module_name, cleanup=True)
    except _CleanupError as ce:
        raise MappedAnnotationError(
            f"Could not interpret annotation {raw}.  Check that it uses names that are "
            "correctly imported at the module level. See chained stack trace for more hints."
        ) from ce
    except NameError:
        if isinstance(raw, str) and _re.match(r"^[^\[]*Mapped\[", raw):
            raise MappedAnnotationError(
                f"Could not interpret annotation {raw}.  Check that it uses names that are "
                "correctly imported at the module level. See chained stack trace for more "
                "hints."
            )
        annotated = raw
    origin = getattr(annotated, "__origin__", None)
    if not _is_mapped_container(origin):
        if expect_mapped:
            if origin is _typing.ClassVar:
                return None
            if isinstance(origin, type) and issubclass(origin, _ORMDescriptor):
                return None
            raise MappedAnnotationError(
                f'Type annotation for "{cls.__name__}.{key}" can\'t be correctly interpreted '
                "for Annotated Declarative Table form.  ORM annotations should normally make "
                "use of the ``Mapped[]`` generic type, or other ORM-compatible generic type, "
                "as a container for the actual type, which indicates the intent that the "
                "attribute is mapped. Class variables that are not intended to be mapped by "
                "the ORM should use ClassVar[].  To allow Annotated Declarative to disregard "
                "legacy annotations which don't use Mapped[] to pass, set "
                '"__allow_unmapped__ = True" on the class or a superclass this class. '
                "(Background on this error at: https://sqlalche.me/e/21/zlpr)"
            )
        return annotated, None
    args = _args(annotated)
    if len(args) != 1:
        raise MappedAnnotationError("Expected sub-type for Mapped[] annotation")
    return args[0], origin


# ---- the Python type -> SQL type map -----------------------------------------------------


def _default_type_map():
    return {
        int: _sa.Integer(),
        float: _sa.Double(),
        bool: _sa.Boolean(),
        _uuid.UUID: _sa.Uuid(),
        _decimal.Decimal: _sa.Numeric(),
        _dt.date: _sa.Date(),
        _dt.datetime: _sa.DateTime(),
        _dt.time: _sa.Time(),
        _dt.timedelta: _sa.Interval(),
        bytes: _sa.LargeBinary(),
        str: _sa.String(),
    }


_TYPE_MAP = None


def _type_map_get(t):
    global _TYPE_MAP
    if _TYPE_MAP is None:
        _TYPE_MAP = _default_type_map()
    try:
        return _TYPE_MAP.get(t)
    except TypeError:
        return None


def _mro(t):
    try:
        return list(t.__mro__)
    except AttributeError:
        return [t]


def _resolve_for_python_type(sql_type, python_type, matched_on):
    """TypeEngine._resolve_for_python_type: a type matched through a superclass is
    refused, except that Enum takes the enum class (or Literal) it was matched for."""
    if type(sql_type).__name__ == "Enum" or getattr(sql_type, "__visit_name__", "") == "enum":
        if _is_literal(python_type):
            return _sa.Enum(*_args(python_type))
        if isinstance(python_type, type) and issubclass(python_type, _enum.Enum):
            if python_type is matched_on and list(getattr(sql_type, "enums", [])):
                return sql_type
            length = getattr(sql_type, "length", None)
            kw = {}
            if sql_type is not None and getattr(sql_type, "native_enum", True) is False:
                kw["native_enum"] = False
            if length:
                kw["length"] = length
            return _sa.Enum(python_type, **kw)
        return sql_type
    if python_type is not matched_on:
        return None
    return sql_type


class _EnumMarker:
    """The type map's entries for ``enum.Enum`` and ``Literal``: ``Enum(<the class>)``."""


def _resolve_type(registry, python_type):
    if _is_generic(python_type):
        if _is_literal(python_type):
            search = [(python_type, python_type), (_typing.Literal, python_type)]
        else:
            search = [(python_type, _origin(python_type))]
    elif isinstance(python_type, type):
        search = [(pt, pt) for pt in _mro(python_type)]
    else:
        search = [(python_type, python_type)]
    for pt, flattened in search:
        sql_type = registry._type_annotation_get(pt)
        if sql_type is None:
            if pt is _enum.Enum or pt is _typing.Literal:
                if pt is _typing.Literal or (
                    isinstance(python_type, type) and issubclass(python_type, _enum.Enum)
                ):
                    return _resolve_for_python_type(_sa.Enum(), python_type, pt)
                continue
            sql_type = _type_map_get(pt)
        if sql_type is not None:
            inst = _to_instance(sql_type)
            target = python_type if not _is_generic(python_type) else flattened
            resolved = _resolve_for_python_type(
                inst, python_type if _is_literal(python_type) else target, flattened
            )
            if resolved is not None:
                return resolved
    return None


# ---- mapped attributes -------------------------------------------------------------------


class _MappedAttribute:
    """An attribute the declarative scan maps (mapped_column(), relationship(), ...)."""


class _ORMDescriptor:
    """ORM descriptors (hybrid_property, association_proxy): not mapped, not refused."""


class MappedColumn(_MappedAttribute):
    """``mapped_column(...)``: a Column, completed from the attribute's name and
    ``Mapped[...]`` annotation when the class is mapped."""

    def __init__(self, *args, **kw):
        self._use_existing_column = kw.pop("use_existing_column", False)
        for dc in (
            "init",
            "repr",
            "default_factory",
            "compare",
            "kw_only",
            "hash",
            "dataclass_metadata",
        ):
            kw.pop(dc, None)
        insert_default = kw.pop("insert_default", NO_ARG)
        self._has_insert_default = insert_default is not NO_ARG
        if self._has_insert_default:
            kw["default"] = insert_default
        self.deferred_group = kw.pop("deferred_group", None)
        self.deferred_raiseload = kw.pop("deferred_raiseload", None)
        self.deferred = kw.pop("deferred", NO_ARG)
        self.active_history = kw.pop("active_history", False)
        self._sort_order = kw.pop("sort_order", NO_ARG)
        self._has_nullable = "nullable" in kw and kw.get("nullable") is not None
        if "nullable" in kw and kw["nullable"] is None:
            del kw["nullable"]
        self.column = Column(*args, **kw)
        self.foreign_keys = self.column.foreign_keys

    def _copy(self):
        new = MappedColumn.__new__(MappedColumn)
        new.__dict__.update(self.__dict__)
        new.column = self.column._copy()
        new.foreign_keys = new.column.foreign_keys
        return new

    @property
    def name(self):
        return self.column.name

    @property
    def columns_to_assign(self):
        return [(self.column, self._sort_order if self._sort_order is not NO_ARG else 0)]

    def found_in_pep593_annotated(self):
        return MappedColumn()

    def declarative_scan(self, scan, registry, cls, module_name, key, container, annotation, extracted):
        column = self.column
        if self._use_existing_column and scan.inherits is not None and scan.single:
            inherited = scan.inherits.__table__
            name = column.name or key
            if name in inherited.c:
                column = self.column = inherited.c[name]
        if not column.name:
            column.name = key
        if extracted is None:
            if column.type._isnull and not column.foreign_keys:
                raise ArgumentError(
                    f'Python typing annotation is required for attribute "{cls.__name__}.{key}" '
                    'when primary argument(s) for "MappedColumn" construct are None or not present'
                )
            return
        self._init_column_for_annotation(cls, registry, key, extracted, module_name)

    def _init_column_for_annotation(self, cls, registry, key, argument, module_name):
        if isinstance(argument, (str, _typing.ForwardRef)) or (
            _is_generic(argument)
            and any(isinstance(a, (str, _typing.ForwardRef)) for a in _args(argument))
        ):
            argument = _de_stringify(cls, argument, module_name, include_generic=True)
        nullable = _includes_none(argument)
        if not self._has_nullable:
            self.column.nullable = nullable
        our_type = _de_optionalize(argument)
        pep593 = None
        resolved_593 = None
        find_mapped_in = ()
        if _is_pep593(our_type):
            pep593 = our_type
            parts = _args(our_type)
            resolved_593 = parts[0]
            if nullable:
                resolved_593 = _de_optionalize(resolved_593)
            find_mapped_in = parts[1:]
        use_args_from = None
        for elem in find_mapped_in:
            if isinstance(elem, MappedColumn):
                use_args_from = elem
                break
        if use_args_from is not None:
            use_args_from.column._merge(self.column)
            if use_args_from._sort_order is not NO_ARG and self._sort_order is NO_ARG:
                self._sort_order = use_args_from._sort_order
        if self.column.type._isnull and not self.column.foreign_keys:
            new_type = None
            if pep593 is not None:
                new_type = registry._resolve_type(pep593)
            if new_type is None:
                new_type = registry._resolve_type(our_type if pep593 is None else resolved_593)
            if new_type is None:
                checks = [our_type] + ([resolved_593] if resolved_593 is not None else [])
                if _is_sa_type(our_type):
                    raise MappedAnnotationError(
                        f"The type provided inside the {self.column.name!r} attribute Mapped "
                        f"annotation is the SQLAlchemy type {our_type!r}. Expected a Python "
                        "type instead"
                    )
                if isinstance(checks[0], type) or _is_generic(checks[0]):
                    if len(checks) == 1:
                        detail = "the type object is not resolvable by the registry"
                    else:
                        detail = f"neither '{checks[0]}' nor '{checks[1]}' are resolvable by the registry"
                    raise MappedAnnotationError(
                        "Could not locate SQLAlchemy Core type when resolving for Python type "
                        f"indicated by '{checks[0]}' inside the Mapped[] annotation for the "
                        f"{self.column.name!r} attribute; {detail}"
                    )
                raise MappedAnnotationError(
                    f"The object provided inside the {self.column.name!r} attribute Mapped "
                    f"annotation is not a Python type, it's the object {argument!r}. Expected a "
                    "Python type."
                )
            self.column.type = new_type


def mapped_column(*args, **kw):
    return MappedColumn(*args, **kw)


class _Inert(_MappedAttribute):
    """relationship(), column_property(), synonym(), composite(): ORM-only attributes with
    no DDL of their own. Read on an instance, a relationship is an empty list (or None);
    assigned, it keeps the value."""

    uselist = True

    def __init__(self, *args, **kw):
        self.args = args
        self.kw = kw
        self.key = None
        if "uselist" in kw:
            self.uselist = kw["uselist"]
        self.columns = [a for a in args if _is_column(a)]

    def __set_name__(self, owner, name):
        self.key = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if self.key in obj.__dict__:
            return obj.__dict__[self.key]
        value = [] if self.uselist else None
        obj.__dict__[self.key] = value
        return value

    def __set__(self, obj, value):
        obj.__dict__[self.key] = value


class Relationship(_Inert):
    def __init__(self, argument=None, secondary=None, **kw):
        super().__init__(argument, secondary=secondary, **kw)
        self.argument = argument
        self.secondary = secondary
        if "uselist" not in kw:
            self.uselist = None

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if self.key in obj.__dict__:
            return obj.__dict__[self.key]
        return [] if self.uselist else None


RelationshipProperty = Relationship


def relationship(argument=None, secondary=None, **kw):
    return Relationship(argument, secondary, **kw)


def backref(name, **kwargs):
    return (name, kwargs)


def dynamic_loader(argument=None, **kw):
    return Relationship(argument, **kw)


class ColumnProperty(_Inert):
    pass


def column_property(*columns, **kw):
    return ColumnProperty(*columns, **kw)


def deferred(column, *additional, **kw):
    return column


def synonym(name, **kw):
    return _Inert(name, **kw)


def composite(*args, **kw):
    return _Inert(*args, **kw)


def query_expression(*args, **kw):
    return _Inert(*args, **kw)


def foreign(expr):
    return expr


def remote(expr):
    return expr


def validates(*names, **kw):
    def wrap(fn):
        return fn

    return wrap


def reconstructor(fn):
    return fn


class declared_attr:
    """``@declared_attr``: evaluated for each mapped class, once per class while it is
    being mapped."""

    _cascading = False
    _quiet = False

    def __init__(self, fn, cascading=False, quiet=False):
        if isinstance(fn, classmethod):
            fn = fn.__func__
        self.fget = fn
        self._cascading = cascading
        self._quiet = quiet
        self.__doc__ = getattr(fn, "__doc__", None)

    def __get__(self, instance, owner):
        scan = _current_scan(owner)
        if scan is None:
            return self.fget(owner)
        cache = scan.declared_attr_reg
        for k, v in cache:
            if k is self:
                return v
        value = self.fget(owner)
        cache.append((self, value))
        return value

    @classmethod
    def directive(cls, fn):
        return cls(fn)

    @classmethod
    def _stateful(cls, **kw):
        def make(fn):
            return cls(fn, cascading=kw.get("cascading", False), quiet=kw.get("quiet", False))

        return make

    @classmethod
    def cascading(cls, fn):
        return cls(fn, cascading=True)


def _is_declarative_props(obj):
    return isinstance(obj, declared_attr) or type(obj).__name__ == "classproperty"


_SCANS = []


def _current_scan(cls):
    for scan in reversed(_SCANS):
        if scan.cls is cls:
            return scan
    return None


# ---- the registry and the bases ----------------------------------------------------------


def _declarative_constructor(self, **kwargs):
    cls_ = type(self)
    for k in kwargs:
        if not hasattr(cls_, k):
            raise TypeError(f"{k!r} is an invalid keyword argument for {cls_.__name__}")
        setattr(self, k, kwargs[k])


_declarative_constructor.__name__ = "__init__"


class registry:
    """The registry of mapped classes: their MetaData and type_annotation_map."""

    def __init__(self, *, metadata=None, class_registry=None, type_annotation_map=None, constructor=_declarative_constructor):
        self.metadata = metadata if metadata is not None else MetaData()
        self.constructor = constructor
        self.type_annotation_map = {}
        self._class_registry = class_registry if class_registry is not None else {}
        self.mappers = []
        if type_annotation_map is not None:
            self.update_type_annotation_map(type_annotation_map)

    def update_type_annotation_map(self, type_annotation_map):
        for typ, sqltype in type_annotation_map.items():
            self.type_annotation_map[_de_optionalize(typ)] = sqltype

    def _type_annotation_get(self, t):
        try:
            return self.type_annotation_map.get(t)
        except TypeError:
            return None

    def _resolve_type(self, python_type):
        return _resolve_type(self, python_type)

    def generate_base(self, mapper=None, cls=object, name="Base", metaclass=None):
        if metaclass is None:
            metaclass = DeclarativeMeta
        bases = cls if isinstance(cls, tuple) else (cls,)
        class_dict = dict(registry=self, metadata=self.metadata)
        if isinstance(cls, type):
            class_dict["__doc__"] = cls.__doc__
        if self.constructor is not None:
            class_dict["__init__"] = self.constructor
        class_dict["__abstract__"] = True
        return metaclass(name, bases, class_dict)

    def mapped(self, cls):
        _as_declarative(self, cls)
        return cls

    def mapped_as_dataclass(self, cls=None, **kw):
        if cls is None:
            return self.mapped
        return self.mapped(cls)

    def as_declarative_base(self, **kw):
        def decorate(cls):
            kw["cls"] = cls
            kw["name"] = cls.__name__
            return self.generate_base(**kw)

        return decorate

    def map_imperatively(self, class_, local_table=None, **kw):
        class_.__table__ = local_table
        return Mapper(class_, local_table, [])

    def configure(self, cascade=False):
        pass

    def dispose(self, cascade=False):
        pass


def _setup_declarative_base(cls):
    metadata = cls.__dict__.get("metadata", getattr(cls, "metadata", None))
    type_annotation_map = getattr(cls, "type_annotation_map", None)
    reg = getattr(cls, "registry", None)
    if reg is not None:
        if not isinstance(reg, registry):
            raise InvalidRequestError(
                "Declarative base class has a 'registry' attribute that is not an instance of "
                "sqlalchemy.orm.registry()"
            )
        if type_annotation_map is not None:
            raise InvalidRequestError(
                "Declarative base class has both a 'registry' attribute and a "
                "type_annotation_map entry.  Per-base type_annotation_maps are not supported.  "
                "Please apply the type_annotation_map to this registry directly."
            )
    else:
        reg = registry(metadata=metadata, type_annotation_map=type_annotation_map)
        cls.registry = reg
    cls._sa_registry = reg
    if "metadata" not in cls.__dict__:
        cls.metadata = cls.registry.metadata
    if cls.__init__ is object.__init__:
        cls.__init__ = cls.registry.constructor


def _check_not_declarative(cls, base):
    d = cls.__dict__
    if ("__table__" in d and not (callable(d["__table__"]) or hasattr(d["__table__"], "__get__"))) or isinstance(d.get("__tablename__"), str):
        raise InvalidRequestError(
            f"Cannot use {base.__name__!r} directly as a declarative base class. Create a Base "
            "by creating a subclass of it."
        )


class DeclarativeMeta(type):
    """The metaclass of ``declarative_base()``'s bases: maps each new subclass."""

    def __init__(cls, classname, bases, dict_, **kw):
        reg = getattr(cls, "_sa_registry", None)
        if reg is None:
            reg = cls.__dict__.get("registry", None)
            if not isinstance(reg, registry):
                raise InvalidRequestError(
                    "Declarative base class has no 'registry' attribute, or registry is not a "
                    "sqlalchemy.orm.registry() object"
                )
            cls._sa_registry = reg
        if not cls.__dict__.get("__abstract__", False):
            _as_declarative(reg, cls)
        type.__init__(cls, classname, bases, dict_)


DeclarativeAttributeIntercept = DeclarativeMeta


class DeclarativeBase:
    """``class Base(DeclarativeBase): pass``: the base of mapped classes."""

    def __init_subclass__(cls, **kw):
        if DeclarativeBase in cls.__bases__:
            _check_not_declarative(cls, DeclarativeBase)
            _setup_declarative_base(cls)
        else:
            _as_declarative(cls._sa_registry, cls)
        super().__init_subclass__(**kw)


class DeclarativeBaseNoMeta:
    def __init_subclass__(cls, **kw):
        if DeclarativeBaseNoMeta in cls.__bases__:
            _check_not_declarative(cls, DeclarativeBaseNoMeta)
            _setup_declarative_base(cls)
        else:
            _as_declarative(cls._sa_registry, cls)
        super().__init_subclass__(**kw)


class MappedAsDataclass:
    """``MappedAsDataclass``: mapped classes that are also dataclasses (their keyword
    constructor is the declarative one here)."""

    def __init_subclass__(cls, **kw):
        for k in ("init", "repr", "eq", "order", "unsafe_hash", "match_args", "kw_only", "dataclass_callable"):
            kw.pop(k, None)
        super().__init_subclass__(**kw)


def declarative_base(*, metadata=None, mapper=None, cls=object, name="Base", class_registry=None, type_annotation_map=None, constructor=_declarative_constructor, metaclass=None):
    return registry(
        metadata=metadata,
        class_registry=class_registry,
        constructor=constructor,
        type_annotation_map=type_annotation_map,
    ).generate_base(mapper=mapper, cls=cls, name=name, metaclass=metaclass)


def as_declarative(**kw):
    bind, metadata, class_registry = kw.pop("bind", None), kw.pop("metadata", None), kw.pop("class_registry", None)
    return registry(metadata=metadata, class_registry=class_registry).as_declarative_base(**kw)


def has_inherited_table(cls):
    for class_ in cls.__mro__[1:]:
        if getattr(class_, "__table__", None) is not None:
            return True
    return False


def synonym_for(name, map_column=False):
    def decorate(fn):
        return _Inert(name)

    return decorate


# ---- the mapper ----------------------------------------------------------------------------


class Mapper:
    """What ``cls.__mapper__`` / ``inspect(cls)`` tell about a mapped class."""

    def __init__(self, class_, local_table, columns, inherits=None, single=False):
        self.class_ = class_
        self.local_table = local_table
        self.persist_selectable = local_table
        self.inherits = inherits
        self.single = single
        self._columns = columns

    @property
    def columns(self):
        return list(self.local_table.c) if self.local_table is not None else []

    c = columns

    @property
    def tables(self):
        return [self.local_table]

    @property
    def primary_key(self):
        return [c for c in self.local_table.c if c.primary_key]

    @property
    def column_attrs(self):
        return list(self._columns)

    @property
    def attrs(self):
        return list(self._columns)

    def __repr__(self):
        return f"<Mapper at 0x1; {self.class_.__name__}>"


class InstrumentedAttribute:
    """A mapped column's attribute: on the class, the table's column (for expressions);
    on an instance, its value."""

    def __init__(self, class_, key, column):
        self.class_ = class_
        self.key = key
        self.column = column

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.column
        d = obj.__dict__
        if self.key in d:
            return d[self.key]
        state = d.get("_sa_instance_state")
        if state is not None and state.expired and state.session is not None:
            return state.session._load_expired(obj, self.key)
        return None

    def __set__(self, obj, value):
        obj.__dict__[self.key] = value
        state = obj.__dict__.get("_sa_instance_state")
        if state is not None:
            state.modified(self.key)

    def __delete__(self, obj):
        obj.__dict__.pop(self.key, None)


QueryableAttribute = InstrumentedAttribute


def _mro_names(cls):
    return [c.__name__ for c in cls.__mro__]


def _is_mapped_class(cls):
    return isinstance(cls, type) and "__mapper__" in cls.__dict__


def _mapped_superclass(cls):
    for c in cls.__mro__[1:]:
        if "__mapper__" in c.__dict__:
            return c
    return None


def _resolve_for_abstract_or_classical(cls):
    if cls is object:
        return None
    if cls.__dict__.get("__abstract__", False):
        for base_ in cls.__bases__:
            sup = _resolve_for_abstract_or_classical(base_)
            if sup is not None:
                return sup
        return None
    for c in cls.__mro__:
        if "__mapper__" in c.__dict__:
            return c
    return cls


_INCLUDE_DUNDERS = ("__table__", "__mapper_args__", "__tablename__", "__table_args__")


def _excluded_name(n):
    return (n.startswith("__") or n.startswith("_sa_")) and n not in _INCLUDE_DUNDERS


def _merge_lists_w_ordering(a, b):
    """util.merge_lists_w_ordering: the class's names, with the annotation-only names
    placed where the annotations put them."""
    overlap = set(a) & set(b)
    lists = [list(a), list(b)]
    pos = [0, 0]
    cur = 0
    result = []
    while True:
        lst = lists[cur]
        swapped = False
        while pos[cur] < len(lst):
            e = lst[pos[cur]]
            pos[cur] += 1
            if e in overlap:
                overlap.discard(e)
                cur = 1 - cur
                swapped = True
                break
            result.append(e)
        if not swapped:
            other = 1 - cur
            result.extend(lists[other][pos[other]:])
            return result


def _local_annotations(cls):
    ann = cls.__dict__.get("__annotations__", None)
    return dict(ann) if ann else {}


def _local_attributes(cls):
    annotations = _local_annotations(cls)
    cls_vars = dict(vars(cls))
    names = [n for n in _merge_lists_w_ordering(list(cls_vars), list(annotations)) if not _excluded_name(n)]
    return [(n, cls_vars.get(n), annotations.get(n)) for n in names]


class _CollectedAnnotation:
    def __init__(self, raw, container, extracted, attr_value, module, originating_class):
        self.raw_annotation = raw
        self.mapped_container = container
        self.extracted_mapped_annotation = extracted
        self.attr_value = attr_value
        self.originating_module = module
        self.originating_class = originating_class


def _as_declarative(reg, cls):
    if cls.__dict__.get("__abstract__", False):
        return None
    if "__mapper__" in cls.__dict__:
        raise InvalidRequestError(f"Class {cls!r} already has been instrumented declaratively")
    return _DeclarativeMapperConfig(reg, cls)


class _DeclarativeMapperConfig:
    def __init__(self, reg, cls):
        self.registry = reg
        self.cls = cls
        self.classname = cls.__name__
        self.clsdict = dict(cls.__dict__)
        self.properties = {}
        self.collected_attributes = {}
        self.collected_annotations = {}
        self.declared_columns = []
        self.column_ordering = []
        self.declared_attr_reg = []
        self.single = False
        self.inherits = None
        self.local_table = None
        self.allow_unmapped = bool(getattr(cls, "__allow_unmapped__", False))
        _SCANS.append(self)
        try:
            self._scan_attributes()
            reg._class_registry[self.classname] = cls
            self._setup_inheriting_mapper()
            self._extract_mappable_attributes()
            self._extract_declared_columns()
            self._setup_table()
            self._setup_inheriting_columns()
            self._map()
        finally:
            _SCANS.remove(self)

    def _overridden(self, key, obj):
        return getattr(self.cls, key, obj) is not obj

    def _scan_attributes(self):
        cls = self.cls
        clsdict = self.clsdict
        collected = self.collected_attributes
        table_args = inherited_table_args = None
        tablename = None
        fixed_table = "__table__" in clsdict
        self.table_fn = None
        bases = []
        for base in cls.__mro__:
            class_mapped = base is not cls and _is_mapped_class(base)
            attrs = _local_attributes(base)
            if not class_mapped and base is not cls:
                local_columns = self._produce_column_copies(attrs, fixed_table, base)
            else:
                local_columns = []
            bases.append((base, class_mapped, attrs, local_columns))
        for base, class_mapped, attrs, local_columns in bases:
            for name, value in local_columns:
                collected[name] = value
            for name, obj, annotation in attrs:
                if name in _INCLUDE_DUNDERS:
                    check_decl = _is_declarative_props(obj)
                    if name == "__tablename__":
                        if not tablename and (not class_mapped or check_decl):
                            tablename = cls.__tablename__
                    elif name == "__table__":
                        if check_decl and self.table_fn is None:
                            self.table_fn = lambda: cls.__table__
                    elif name == "__table_args__":
                        if not table_args and (not class_mapped or check_decl):
                            table_args = cls.__table_args__
                            if not isinstance(table_args, (tuple, dict, type(None))):
                                raise ArgumentError("__table_args__ value must be a tuple, dict, or None")
                            if base is not cls:
                                inherited_table_args = True
                    continue
                if class_mapped:
                    continue
                if base is not cls:
                    if _is_column(obj) or isinstance(obj, MappedColumn):
                        continue
                    if isinstance(obj, _Inert):
                        raise InvalidRequestError(
                            "Mapper properties (i.e. deferred,column_property(), relationship(), "
                            "etc.) must be declared as @declared_attr callables on declarative "
                            "mixin classes.  For dataclass field() objects, use a lambda:"
                        )
                    if _is_declarative_props(obj):
                        if obj._cascading:
                            ret = obj.__get__(obj, cls)
                            setattr(cls, name, ret)
                        else:
                            # Mapped on a superclass already, it is that class's attribute
                            # (not evaluated again).
                            ret = _static_lookup(cls, name)
                            if not isinstance(ret, InstrumentedAttribute):
                                ret = getattr(cls, name)
                        collected[name] = ret
                        self._collect_annotation(name, _return_annotation(obj), base, True, obj)
                    elif self._is_mapped_annotation(annotation, base):
                        continue
                else:
                    ca = self._collect_annotation(name, annotation, base, None, obj)
                    is_mapped = ca is not None and ca.mapped_container is not None
                    if obj is None and not fixed_table and is_mapped:
                        collected[name] = _mapped_column_for_annotation(ca)
                    elif name in clsdict:
                        collected[name] = obj
        if inherited_table_args and not tablename:
            table_args = None
        self.table_args = table_args
        self.tablename = tablename

    def _is_mapped_annotation(self, annotation, originating_class):
        if annotation is None:
            return False
        try:
            annotated = _de_stringify(self.cls, annotation, originating_class.__module__, cleanup=True)
        except (NameError, _CleanupError):
            return False
        return _is_mapped_container(_origin(annotated))

    def _produce_column_copies(self, attrs, fixed_table, originating_class):
        cls = self.cls
        out = []
        for name, obj, annotation in attrs:
            if not fixed_table and obj is None and self._is_mapped_annotation(annotation, originating_class):
                if self._overridden(name, obj):
                    continue
                ca = self._collect_annotation(name, annotation, originating_class, True, obj)
                mapped_col = _mapped_column_for_annotation(ca)
                out.append((name, mapped_col))
                setattr(cls, name, mapped_col)
            elif _is_column(obj) or isinstance(obj, MappedColumn):
                if self._overridden(name, obj):
                    continue
                ca = self._collect_annotation(name, annotation, originating_class, True, obj)
                if ca is not None:
                    obj = ca.attr_value
                table = self.clsdict.get("__table__")
                col_name = (obj.name if _is_column(obj) else obj.column.name) or name
                if name not in self.clsdict and not (table is not None and col_name in table.c):
                    copy_ = obj._copy()
                    out.append((name, copy_))
                    setattr(cls, name, copy_)
        return out

    def _collect_annotation(self, name, raw, originating_class, expect_mapped, attr_value):
        if name in self.collected_annotations:
            return self.collected_annotations[name]
        if raw is None:
            return None
        if expect_mapped is None:
            expect_mapped = not self.allow_unmapped and (
                attr_value is None or isinstance(attr_value, _MappedAttribute)
            )
        extracted = _extract_mapped_subtype(
            raw, self.cls, originating_class.__module__, name, type(attr_value), expect_mapped
        )
        if extracted is None:
            return None
        inner, container = extracted
        if attr_value is None and not _is_literal(inner):
            for elem in _args(inner):
                if isinstance(elem, (str, _typing.ForwardRef)):
                    try:
                        elem = _de_stringify(self.cls, elem, originating_class.__module__, include_generic=True)
                    except NameError:
                        continue
                if isinstance(elem, MappedColumn):
                    attr_value = elem.found_in_pep593_annotated()
        ca = _CollectedAnnotation(raw, container, inner, attr_value, originating_class.__module__, originating_class)
        self.collected_annotations[name] = ca
        return ca

    def _setup_inheriting_mapper(self):
        cls = self.cls
        found = []
        for base_ in cls.__bases__:
            c = _resolve_for_abstract_or_classical(base_)
            if c is None:
                continue
            if _is_mapped_class(c) and c not in found:
                found.append(c)
        if len(found) > 1:
            raise InvalidRequestError(f"Class {cls} has multiple mapped bases: {found!r}")
        self.inherits = found[0] if found else None
        if "__table__" not in self.clsdict and self.tablename is None:
            self.single = True

    def _extract_mappable_attributes(self):
        cls = self.cls
        our_stuff = self.properties
        for k in list(self.collected_attributes):
            if k in _INCLUDE_DUNDERS:
                continue
            value = self.collected_attributes[k]
            if _is_declarative_props(value):
                value = getattr(cls, k)
            if isinstance(value, tuple) and len(value) == 1 and (_is_column(value[0]) or isinstance(value[0], _MappedAttribute)):
                continue
            if not (_is_column(value) or isinstance(value, _MappedAttribute)):
                self.collected_attributes.pop(k)
                setattr(cls, k, value)
                continue
            if _is_column(value):
                if not value.name:
                    value.name = k
            elif isinstance(value, MappedColumn):
                ca = self.collected_annotations.get(k)
                container = ca.mapped_container if ca is not None else None
                annotation = ca.raw_annotation if ca is not None else None
                extracted = ca.extracted_mapped_annotation if ca is not None else None
                module = ca.originating_module if ca is not None else cls.__module__
                if container is not None or annotation is None or self.allow_unmapped:
                    try:
                        value.declarative_scan(
                            self,
                            self.registry,
                            cls,
                            module,
                            k,
                            container,
                            annotation,
                            extracted if container is not None else None,
                        )
                    except NameError:
                        raise MappedAnnotationError(
                            f'Could not resolve all types within mapped annotation: "{annotation}".  '
                            "Ensure all types are written correctly and are imported within the "
                            "module in use."
                        )
            our_stuff[k] = value

    def _extract_declared_columns(self):
        for key, c in list(self.properties.items()):
            if isinstance(c, MappedColumn):
                del self.properties[key]
                for col, sort_order in c.columns_to_assign:
                    self._declare(col, sort_order)
                    self.properties[key] = col
            elif isinstance(c, ColumnProperty):
                for col in c.columns:
                    if not col.name:
                        col.name = key
                    if not _table_of(col):
                        self._declare(col, 0)
            elif _is_column(c):
                self._declare(c, 0)

    def _declare(self, col, sort_order):
        for existing in self.declared_columns:
            if existing is col:
                return
        self.declared_columns.append(col)
        self.column_ordering.append(sort_order)

    def _setup_table(self):
        cls = self.cls
        table = None
        if self.table_fn is None and "__table__" not in self.clsdict:
            if self.tablename is not None:
                args = ()
                table_kw = {}
                if self.table_args:
                    if isinstance(self.table_args, dict):
                        table_kw = dict(self.table_args)
                    elif isinstance(self.table_args, tuple):
                        if self.table_args and isinstance(self.table_args[-1], dict):
                            args, table_kw = self.table_args[0:-1], dict(self.table_args[-1])
                        else:
                            args = self.table_args
                autoload_with = self.clsdict.get("__autoload_with__")
                if autoload_with:
                    table_kw["autoload_with"] = autoload_with
                order = list(range(len(self.declared_columns)))
                order.sort(key=lambda i: self.column_ordering[i])
                columns = [self.declared_columns[i] for i in order]
                metadata = getattr(cls, "metadata", None)
                if metadata is None or type(metadata).__name__ != "MetaData":
                    metadata = self.registry.metadata
                table_cls = getattr(cls, "__table_cls__", None)
                make = table_cls if table_cls is not None else Table
                table = make(self.tablename, metadata, *columns, *args, **table_kw)
                cls.__table__ = table
        else:
            if self.table_fn is not None:
                table = self.table_fn()
                cls.__table__ = table
            else:
                table = cls.__table__
            for c in self.declared_columns:
                if c.name not in table.c:
                    raise ArgumentError(f"Can't add additional column {c.name!r} when specifying __table__")
        self.local_table = table

    def _setup_inheriting_columns(self):
        table = self.local_table
        cls = self.cls
        if table is None and self.inherits is None and not getattr(cls, "__no_table__", False):
            raise InvalidRequestError(
                f"Class {cls!r} does not have a __table__ or __tablename__ specified and does "
                "not inherit from an existing table-mapped class."
            )
        if self.inherits is not None and table is None:
            if self.table_args:
                raise ArgumentError("Can't place __table_args__ on an inherited class with no table.")
            inherited_table = self.inherits.__mapper__.local_table
            for col in self.declared_columns:
                if col.name in inherited_table.c:
                    continue
                if col.primary_key:
                    raise ArgumentError("Can't place primary key columns on an inherited class with no table.")
                inherited_table.append_column(col)

    def _map(self):
        cls = self.cls
        table = self.local_table
        if table is None and self.inherits is not None:
            table = self.inherits.__mapper__.local_table
            single = True
        else:
            single = False
        if table is not None and self.inherits is None or (table is not None and not single):
            pk = [c for c in table.c if c.primary_key]
            if not pk and self.inherits is None:
                raise ArgumentError(
                    f"Mapper Mapper[{cls.__name__}({table.name})] could not assemble any primary "
                    f"key columns for mapped table '{table.name}'"
                )
        columns = []
        if table is not None:
            by_name = {c.name: c for c in table.c}
            for key, prop in list(self.properties.items()):
                if _is_column(prop) and prop.name in by_name:
                    columns.append(key)
                    setattr(cls, key, InstrumentedAttribute(cls, key, by_name[prop.name]))
            # Columns of the table no attribute names (a __table__ given whole, or
            # single-table subclasses): mapped under their own names.
            named = {getattr(self.properties.get(k), "name", None) for k in columns}
            for c in table.c:
                if c.name not in named and not hasattr(cls, c.name):
                    columns.append(c.name)
                    setattr(cls, c.name, InstrumentedAttribute(cls, c.name, c))
        mapper = Mapper(cls, table, columns, inherits=self.inherits, single=single)
        cls.__mapper__ = mapper
        self.registry.mappers.append(mapper)
        if self.inherits is not None and single and "__table__" not in cls.__dict__:
            cls.__table__ = table


def _static_lookup(cls, name):
    for c in cls.__mro__:
        if name in c.__dict__:
            return c.__dict__[name]
    return None


def _table_of(col):
    try:
        return col.table is not None
    except AttributeError:
        return False


def _return_annotation(declared):
    fn = declared.fget
    ann = getattr(fn, "__annotations__", None) or {}
    return ann.get("return")


def _mapped_column_for_annotation(ca):
    if ca.attr_value is not None:
        return ca.attr_value
    return MappedColumn()


def class_mapper(class_, configure=True):
    mapper = class_.__dict__.get("__mapper__") or getattr(class_, "__mapper__", None)
    if mapper is None:
        from .exc import UnmappedClassError

        raise UnmappedClassError(f"Class '{class_.__module__}.{class_.__name__}' is not mapped")
    return mapper


def object_mapper(instance):
    return class_mapper(type(instance))


def configure_mappers():
    pass


def clear_mappers():
    pass
