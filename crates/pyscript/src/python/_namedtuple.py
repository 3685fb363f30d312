"""`collections.namedtuple` and `typing.NamedTuple`, as CPython's Lib/collections and
Lib/typing define them, but for one difference: the interpreter's tuples cannot be
subclassed, so a named tuple is a class of its own that behaves as a tuple (indexing,
slicing, unpacking, `len`, equality and hashing with tuples, ordering, `+`) and whose
instances are not `isinstance(..., tuple)`. A class made by calling `namedtuple` belongs
to `__main__` unless `module=` says otherwise (CPython reads its caller's frame)."""

class _TupleLike:
    __slots__ = ()
    _fields = ()
    _field_defaults = {}

    def __init__(self, *args, **kwargs):
        fields = type(self)._fields
        if len(args) > len(fields):
            raise TypeError("%s() takes %d positional arguments but %d were given"
                            % (type(self).__name__, len(fields) + 1, len(args) + 1))
        values = list(args)
        for name in fields[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in type(self)._field_defaults:
                values.append(type(self)._field_defaults[name])
            else:
                raise TypeError("%s.__new__() missing 1 required positional argument: %r"
                                % (type(self).__name__, name))
        for name in kwargs:
            if name in fields:
                raise TypeError("%s.__new__() got multiple values for argument %r"
                                % (type(self).__name__, name))
            raise TypeError("%s.__new__() got an unexpected keyword argument %r"
                            % (type(self).__name__, name))
        object.__setattr__(self, "_tuple", tuple(values))

    def __setattr__(self, name, value):
        raise AttributeError("can't set attribute")

    def __getattr__(self, name):
        fields = type(self)._fields
        if name in fields:
            return self._tuple[fields.index(name)]
        raise AttributeError("%r object has no attribute %r" % (type(self).__name__, name))

    @classmethod
    def _make(cls, iterable):
        return cls(*iterable)

    def _replace(self, **kwargs):
        values = self._asdict()
        for name in kwargs:
            if name not in values:
                raise ValueError("Got unexpected field names: %r" % list(kwargs))
        values.update(kwargs)
        return type(self)(**values)

    def _asdict(self):
        return dict(zip(type(self)._fields, self._tuple))

    def __getnewargs__(self):
        return self._tuple

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, ", ".join(
            "%s=%r" % (name, value) for name, value in zip(type(self)._fields, self._tuple)))

    def __iter__(self):
        return iter(self._tuple)

    def __len__(self):
        return len(self._tuple)

    def __getitem__(self, index):
        return self._tuple[index]

    def __contains__(self, value):
        return value in self._tuple

    def __hash__(self):
        return hash(self._tuple)

    def __eq__(self, other):
        return self._tuple == _as_tuple(other)

    def __ne__(self, other):
        return self._tuple != _as_tuple(other)

    def __lt__(self, other):
        return self._tuple < _as_tuple(other)

    def __le__(self, other):
        return self._tuple <= _as_tuple(other)

    def __gt__(self, other):
        return self._tuple > _as_tuple(other)

    def __ge__(self, other):
        return self._tuple >= _as_tuple(other)

    def __add__(self, other):
        return self._tuple + _as_tuple(other)

    def __radd__(self, other):
        return _as_tuple(other) + self._tuple

    def __mul__(self, n):
        return self._tuple * n

    def count(self, value):
        return self._tuple.count(value)

    def index(self, value, *args):
        return self._tuple.index(value, *args)


def _as_tuple(value):
    if isinstance(value, _TupleLike):
        return value._tuple
    return value


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = [str(name) for name in field_names]
    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not name.isidentifier() or name.startswith("_") or name in seen):
                field_names[index] = "_%d" % index
            seen.add(name)
    for name in [typename] + field_names:
        if type(name) is not str:
            raise TypeError("Type names and field names must be strings")
        if not name.isidentifier():
            raise ValueError("Type names and field names must be valid identifiers: %r" % name)
    seen = set()
    for name in field_names:
        if name.startswith("_") and not rename:
            raise ValueError("Field names cannot start with an underscore: %r" % name)
        if name in seen:
            raise ValueError("Encountered duplicate field name: %r" % name)
        seen.add(name)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(field_names):
            raise TypeError("Got more default values than field names")
        field_defaults = dict(zip(field_names[len(field_names) - len(defaults):], defaults))
    namespace = {
        "__doc__": "%s(%s)" % (typename, ", ".join(field_names)),
        "__slots__": (),
        "_fields": tuple(field_names),
        "_field_defaults": field_defaults,
        "__module__": module if module is not None else "__main__",
    }
    return type(typename, (_TupleLike,), namespace)


class _NamedTupleMeta(type):
    def __call__(cls, *args, **kwargs):
        if cls is NamedTuple:
            typename = args[0]
            fields = args[1] if len(args) > 1 else list(kwargs.items())
            result = namedtuple(typename, [name for name, _ in fields],
                                )
            result.__annotations__ = dict(fields)
            return result
        return type.__call__(cls, *args, **kwargs)


class NamedTuple(_TupleLike, metaclass=_NamedTupleMeta):
    """`class Point(NamedTuple): x: int; y: int = 0`: the annotated names, in order, are
    the fields; their class values are the defaults."""

    def __init_subclass__(cls, **kwargs):
        annotations = cls.__dict__.get("__annotations__", {})
        fields = tuple(annotations)
        defaults = {}
        for name in fields:
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
            elif defaults:
                raise TypeError("Non-default namedtuple field %s cannot follow default field%s %s"
                                % (name, "s" if len(defaults) > 1 else "", ", ".join(defaults)))
        for name in fields:
            if name in cls.__dict__:
                delattr(cls, name)
        cls._fields = fields
        cls._field_defaults = defaults
