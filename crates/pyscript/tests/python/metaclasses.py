# Metaclasses: type subclasses with __new__/__init__/__call__, DeclarativeMeta-style
# collection of columns, 3-argument type().


class Column:
    def __init__(self, kind, primary_key=False):
        self.kind = kind
        self.primary_key = primary_key
        self.name = None

    def __repr__(self):
        return f"Column({self.name!r}, {self.kind})"


class DeclarativeMeta(type):
    registry = []

    def __new__(mcs, name, bases, namespace, **kwargs):
        columns = {k: v for k, v in namespace.items() if isinstance(v, Column)}
        for key, col in columns.items():
            col.name = key
        cls = super().__new__(mcs, name, bases, namespace)
        cls.__columns__ = columns
        return cls

    def __init__(cls, name, bases, namespace, **kwargs):
        super().__init__(name, bases, namespace)
        if namespace.get("__tablename__"):
            DeclarativeMeta.registry.append(cls.__tablename__)

    def __call__(cls, *args, **kwargs):
        obj = super().__call__(*args, **kwargs)
        obj.constructed_by = type(cls).__name__
        return obj

    def describe(cls):
        return f"{cls.__name__}: {sorted(cls.__columns__)}"

    @property
    def table(cls):
        return getattr(cls, "__tablename__", None)


class Base(metaclass=DeclarativeMeta):
    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)


class User(Base):
    __tablename__ = "users"
    id = Column("INTEGER", primary_key=True)
    name = Column("TEXT")


class Admin(User):
    __tablename__ = "admins"
    level = Column("INTEGER")


u = User(name="ada")
print(type(User).__name__, type(Admin) is DeclarativeMeta, isinstance(User, DeclarativeMeta))
print(User.__columns__, Admin.__columns__)
print(u.name, u.constructed_by, User.describe(), Admin.table, Base.table)
print(DeclarativeMeta.registry, isinstance(u, User), isinstance(User, type))
print(hasattr(u, "describe"), [c.__name__ for c in type(User).__mro__])

Dyn = type("Dyn", (User,), {"extra": 1, "__tablename__": "dyn"})
print(Dyn.__name__, Dyn.extra, type(Dyn).__name__, Dyn.__mro__[1].__name__, DeclarativeMeta.registry)
Plain = type("Plain", (), {"x": 5, "double": lambda self: self.x * 2})
print(Plain().double(), Plain.__module__, type(Plain) is type, type(3).__name__)


class Meta1(type):
    pass


class Meta2(type):
    pass


class One(metaclass=Meta1):
    pass


class Two(metaclass=Meta2):
    pass


try:
    class Both(One, Two):
        pass
except TypeError as e:
    print("TypeError:", e)


class SubMeta(Meta1):
    def __new__(mcs, name, bases, ns):
        ns["tagged"] = mcs.__name__
        return super().__new__(mcs, name, bases, ns)


class Three(One, metaclass=SubMeta):
    pass


print(type(Three).__name__, Three.tagged)


def function_meta(name, bases, ns):
    return f"made {name} with {sorted(k for k in ns if not k.startswith('__'))}"


class Weird(metaclass=function_meta):
    a = 1


print(Weird)
