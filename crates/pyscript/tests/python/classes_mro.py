# C3 MRO, class attributes and introspection.


def names(classes):
    return [c.__name__ for c in classes]


class Base:
    """The base."""

    kind = "base"

    def who(self):
        return "Base"


class Left(Base):
    def who(self):
        return "Left>" + super().who()


class Right(Base):
    kind = "right"

    def who(self):
        return "Right>" + super().who()


class Bottom(Left, Right):
    def who(self):
        return "Bottom>" + super().who()


print(names(Bottom.__mro__))
print(Bottom().who(), Bottom.kind, Bottom().kind)
print(names(Bottom.__bases__), Base.__bases__ == (object,), object.__bases__)
print(Bottom.__name__, Bottom.__qualname__, Bottom.__module__, Base.__doc__, Left.__doc__)
print(type(Bottom()) is Bottom, type(Bottom) is type, type(type) is type, Bottom().__class__.__name__)
print(isinstance(Bottom(), Left), isinstance(Bottom(), Right), isinstance(Left(), Right))
print(issubclass(Bottom, Base), issubclass(Bottom, (int, Right)), issubclass(Left, Right), issubclass(bool, int))
print(isinstance(Bottom, type), isinstance(3, object), isinstance(Bottom(), object), issubclass(int, object))
print([c.__name__ for c in Bottom.mro()])


class Timestamped:
    created = "now"

    def stamp(self):
        return f"{type(self).__name__} at {self.created}"


class Named:
    def __init__(self, name):
        self.name = name


class User(Named, Timestamped):
    pass


u = User("ada")
print(u.name, u.stamp(), names(User.__mro__))


class A: pass
class B: pass
class X(A, B): pass
class Y(B, A): pass

try:
    class Z(X, Y):
        pass
except TypeError as e:
    print("TypeError:", e)

try:
    class D(A, A):
        pass
except TypeError as e:
    print("TypeError:", e)


def make():
    class Inner:
        class Deeper:
            def method(self):
                pass

    return Inner


Inner = make()
print(Inner.__qualname__, Inner.Deeper.__qualname__, Inner.Deeper.method.__qualname__)
print(Inner.Deeper.method.__name__, make.__qualname__)


class Counter:
    count = 0

    def __init__(self):
        Counter.count += 1
        self.n = Counter.count


Counter(), Counter()
print(Counter.count, Counter().n, Counter.count)
Counter.extra = "added"
print(Counter().extra, hasattr(Counter, "extra"), getattr(Counter, "missing", "default"))
del Counter.extra
print(hasattr(Counter(), "extra"))

print(repr(Base), repr(int), str(type(None)), type(len).__name__)

try:
    Base.nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    Base().nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    Base(1)
except TypeError as e:
    print("TypeError:", e)
sentinel = object()
print(type(sentinel).__name__, sentinel is sentinel, sentinel == object())
