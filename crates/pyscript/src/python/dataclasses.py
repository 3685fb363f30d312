"""The subset of CPython's `dataclasses` that application modules use, written in the
Python the interpreter runs (CPython generates the methods' source and compiles it; here
they are closures over the fields, with CPython's error messages)."""

import typing

__all__ = [
    "dataclass",
    "field",
    "Field",
    "fields",
    "asdict",
    "astuple",
    "replace",
    "is_dataclass",
    "FrozenInstanceError",
    "MISSING",
    "KW_ONLY",
    "InitVar",
]


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class _KwOnlyType:
    def __repr__(self):
        return "KW_ONLY"


KW_ONLY = _KwOnlyType()


class FrozenInstanceError(AttributeError):
    pass


class InitVar:
    def __init__(self, type):
        self.type = type

    def __class_getitem__(cls, type):
        return InitVar(type)


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only

    def __repr__(self):
        return (
            f"Field(name={self.name!r},type={self.type!r},default={self.default!r},"
            f"default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},"
            f"hash={self.hash!r},compare={self.compare!r},metadata={self.metadata!r},"
            f"kw_only={self.kw_only!r},_field_type=_FIELD)"
        )


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None,
          compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(tp):
    if isinstance(tp, str):
        return tp.startswith("ClassVar") or tp.startswith("typing.ClassVar")
    return tp is typing.ClassVar or typing.get_origin(tp) is typing.ClassVar


def _is_initvar(tp):
    if isinstance(tp, str):
        return tp.startswith("InitVar") or tp.startswith("dataclasses.InitVar")
    return tp is InitVar or isinstance(tp, InitVar)


def _is_kw_only(tp):
    if isinstance(tp, str):
        return tp in ("KW_ONLY", "dataclasses.KW_ONLY")
    return tp is KW_ONLY


def _names(names):
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + " and " + quoted[1]
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _make_init(cls, all_fields, frozen):
    init_fields = [f for f in all_fields if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    keyword = [f for f in init_fields if f.kw_only]
    known = [f.name for f in init_fields]
    qualname = cls.__qualname__ + ".__init__"

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            total = len(positional) + 1
            required = 1 + len(
                [f for f in positional if f.default is MISSING and f.default_factory is MISSING]
            )
            if required < total:
                takes = f"from {required} to {total} positional arguments"
            else:
                takes = f"{total} positional argument" + ("" if total == 1 else "s")
            raise TypeError(f"{qualname}() takes {takes} but {len(args) + 1} were given")
        values = {}
        for f, v in zip(positional, args):
            values[f.name] = v
        for k, v in kwargs.items():
            if k not in known:
                raise TypeError(f"{qualname}() got an unexpected keyword argument {k!r}")
            if k in values:
                raise TypeError(f"{qualname}() got multiple values for argument {k!r}")
            values[k] = v
        for group, kind in ((positional, "positional"), (keyword, "keyword-only")):
            missing = [
                f.name
                for f in group
                if f.name not in values and f.default is MISSING and f.default_factory is MISSING
            ]
            if missing:
                s = "" if len(missing) == 1 else "s"
                raise TypeError(
                    f"{qualname}() missing {len(missing)} required {kind} argument{s}: "
                    f"{_names(missing)}"
                )
        initvars = {}
        for f in all_fields:
            if f.name in values:
                v = values[f.name]
            elif f.default_factory is not MISSING:
                v = f.default_factory()
            elif f.default is not MISSING:
                v = f.default
            else:
                continue
            if _is_initvar(f.type):
                initvars[f.name] = v
            elif frozen:
                object.__setattr__(self, f.name, v)
            else:
                setattr(self, f.name, v)
        post_init = getattr(type(self), "__post_init__", None)
        if post_init is not None:
            post_init(self, *[initvars[f.name] for f in all_fields if f.name in initvars])

    __init__.__qualname__ = qualname
    return __init__


def _tuple(obj, fields_list):
    return tuple(getattr(obj, f.name) for f in fields_list)


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only):
    all_fields = {}
    for base in cls.__mro__[-1:0:-1]:
        base_fields = base.__dict__.get("__dataclass_fields__")
        if base_fields:
            for f in base_fields.values():
                all_fields[f.name] = f
    annotations = cls.__dict__.get("__annotations__", {})
    after_kw_only = kw_only
    for name, tp in annotations.items():
        if _is_kw_only(tp):
            after_kw_only = True
            continue
        if _is_classvar(tp):
            continue
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            if type(default) in (list, dict, set):
                raise ValueError(
                    f"mutable default {type(default)} for field {name} is not allowed: "
                    "use default_factory"
                )
            f = field(default=default)
        f.name = name
        f.type = tp
        if f.kw_only is MISSING:
            f.kw_only = after_kw_only
        all_fields[name] = f
        if isinstance(default, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in annotations:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    fields_list = list(all_fields.values())
    seen_default = False
    for f in fields_list:
        if f.init and not f.kw_only:
            if f.default is not MISSING or f.default_factory is not MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
    real = [f for f in fields_list if not _is_initvar(f.type)]
    cls.__dataclass_fields__ = {f.name: f for f in real}
    if init:
        cls.__init__ = _make_init(cls, fields_list, frozen)
    if repr:
        shown = [f for f in real if f.repr]

        def __repr__(self):
            inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in shown)
            return f"{type(self).__qualname__}({inner})"

        cls.__repr__ = __repr__
    compared = [f for f in real if f.compare]
    if eq:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return _tuple(self, compared) == _tuple(other, compared)
            return NotImplemented

        cls.__eq__ = __eq__
    if order:
        def make(op):
            def compare(self, other):
                if other.__class__ is self.__class__:
                    return op(_tuple(self, compared), _tuple(other, compared))
                return NotImplemented

            return compare

        cls.__lt__ = make(lambda a, b: a < b)
        cls.__le__ = make(lambda a, b: a <= b)
        cls.__gt__ = make(lambda a, b: a > b)
        cls.__ge__ = make(lambda a, b: a >= b)
    hashed = [f for f in real if (f.compare if f.hash is None else f.hash)]
    own_hash = "__hash__" in cls.__dict__ and cls.__dict__["__hash__"] is not None
    if unsafe_hash or (eq and frozen):
        def __hash__(self):
            return hash(_tuple(self, hashed))

        cls.__hash__ = __hash__
    elif eq and not own_hash:
        cls.__hash__ = None
    if frozen:
        names = [f.name for f in real]

        def __setattr__(self, name, value):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self, name):
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    cls.__match_args__ = tuple(f.name for f in fields_list if f.init and not f.kw_only)
    return cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, kw_only)

    if cls is None:
        return wrap
    return wrap(cls)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def fields(class_or_instance):
    if not is_dataclass(class_or_instance):
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(class_or_instance.__dataclass_fields__.values())


def _convert(obj, factory):
    if is_dataclass(obj) and not isinstance(obj, type):
        return factory([(f.name, _convert(getattr(obj, f.name), factory)) for f in fields(obj)])
    if isinstance(obj, list):
        return [_convert(v, factory) for v in obj]
    if isinstance(obj, tuple):
        return tuple(_convert(v, factory) for v in obj)
    if isinstance(obj, dict):
        return {_convert(k, factory): _convert(v, factory) for k, v in obj.items()}
    return obj


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return _convert(obj, dict_factory)


def astuple(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return tuple(_convert(getattr(obj, f.name), dict) for f in fields(obj))


def replace(obj, /, **changes):
    for f in fields(obj):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
