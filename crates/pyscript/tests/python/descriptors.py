# Descriptors: property, classmethod, staticmethod, custom __get__/__set__, __set_name__.


class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        """Degrees Celsius."""
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


t = Temperature(20)
print(t.celsius, t.fahrenheit)
t.celsius = 25
print(t.celsius, t.__dict__)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 1
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(hasattr(t, "_c"), type(Temperature.celsius).__name__, Temperature.celsius.__doc__)
print(isinstance(Temperature.__dict__["celsius"], property))


class Maker:
    instances = 0

    @classmethod
    def create(cls, *args):
        cls.instances += 1
        return cls(*args)

    @staticmethod
    def helper(x):
        return x * 2

    def __init__(self, v=None):
        self.v = v


class SubMaker(Maker):
    pass


m = SubMaker.create(5)
print(type(m).__name__, m.v, SubMaker.instances, Maker.instances)
print(Maker.helper(3), m.helper(4), m.create().v, type(m.create()).__name__)
print(type(Maker.__dict__["create"]).__name__, type(Maker.__dict__["helper"]).__name__)
print(Maker.create.__self__ is Maker, m.create.__self__ is SubMaker)


class Typed:
    """A data descriptor that checks types and learns its name."""

    def __init__(self, kind):
        self.kind = kind
        self.name = None

    def __set_name__(self, owner, name):
        self.name = name
        self.owner = owner.__name__

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, "unset")

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name} must be {self.kind.__name__}")
        obj.__dict__[self.name] = value


class Plain:
    """A non-data descriptor."""

    def __get__(self, obj, objtype=None):
        return f"plain from {objtype.__name__}"


class Record:
    id = Typed(int)
    label = Typed(str)
    extra = Plain()


r = Record()
print(r.id, Record.id.name, Record.label.owner)
r.id = 7
r.label = "x"
print(r.id, r.label, r.__dict__)
try:
    r.id = "seven"
except TypeError as e:
    print("TypeError:", e)
print(r.extra, Record.extra)


class Guarded:
    def __get__(self, obj, cls):
        return "guarded"

    def __set__(self, obj, value):
        print("set", value)

    def __delete__(self, obj):
        print("delete on", type(obj).__name__)


class Holder:
    g = Guarded()


h = Holder()
h.g = 5
del h.g
print(h.g, vars(h))
r.__dict__["extra"] = "instance wins over non-data"
r.__dict__["id"] = 99
print(r.extra, r.id)


class Functions:
    def method(self, x):
        return (self.tag, x)

    tag = "f"


f = Functions()
bound = f.method
print(bound(1), bound.__self__ is f, bound.__func__ is Functions.method, Functions.method(f, 2))
print(Functions.__dict__["method"] is Functions.method)
f.method = lambda x: ("instance", x)
print(f.method(3))


class Lazy:
    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls):
        if obj is None:
            return self
        value = self.func(obj)
        setattr(obj, self.func.__name__, value)
        return value


class Report:
    computed = 0

    @Lazy
    def total(self):
        """Computed once."""
        Report.computed += 1
        return 42


rep = Report()
print(rep.total, rep.total, Report.computed, Report.total.__doc__)
