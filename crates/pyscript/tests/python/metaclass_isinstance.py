# isinstance and issubclass with classes whose metaclass derives from type.
class Meta(type):
    def __init__(cls, name, bases, d, **kw):
        type.__init__(cls, name, bases, d)


Base = Meta("Base", (object,), {"__abstract__": True})


class A(Base):
    pass


class B(Base):
    pass


a, b = A(), B()
print(isinstance(a, A), isinstance(a, B), isinstance(b, Base), isinstance(1, A))
print(type(a) is A, issubclass(A, Base), issubclass(A, B))
print(isinstance(A, Meta), isinstance(A, type), type(A) is Meta)


class Checking(type):
    def __instancecheck__(cls, obj):
        return obj == 42


class Any42(metaclass=Checking):
    pass


print(isinstance(42, Any42), isinstance(41, Any42))
