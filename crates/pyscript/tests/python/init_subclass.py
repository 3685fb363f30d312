# __init_subclass__ (with class keyword arguments), registries, __class_getitem__.

registry = {}


class Plugin:
    def __init_subclass__(cls, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__.lower()
        registry[cls.plugin_name] = cls


class CsvPlugin(Plugin, name="csv"):
    pass


class JsonPlugin(Plugin):
    pass


class SpecialCsv(CsvPlugin, name="special"):
    pass


print(sorted(registry), CsvPlugin.plugin_name, SpecialCsv.plugin_name, JsonPlugin.plugin_name)

try:
    class Bad(Plugin, color="red"):
        pass
except TypeError as e:
    print("TypeError:", e)

try:
    class Plain(object, flag=True):
        pass
except TypeError as e:
    print("TypeError:", e)


class Mixin:
    def __init_subclass__(cls, **kwargs):
        print("Mixin.__init_subclass__", cls.__name__, sorted(kwargs))
        super().__init_subclass__(**kwargs)


class Model(Mixin, Plugin, name="model"):
    pass


print(Model.plugin_name)


class Tabled:
    __tablename__ = None

    def __init_subclass__(cls, **kw):
        if "__tablename__" not in cls.__dict__:
            cls.__tablename__ = cls.__name__.lower() + "s"
        super().__init_subclass__(**kw)


class Users(Tabled):
    pass


class Account(Tabled):
    __tablename__ = "accounts_tbl"


print(Users.__tablename__, Account.__tablename__, Tabled.__tablename__)


class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__ if isinstance(item, type) else item}]"


print(Box[int], Box["x"], Box[Box])


class Describe:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)


class Owner:
    first = Describe()
    second = Describe()

    def __init_subclass__(cls):
        print("init_subclass", cls.__name__)


class Child(Owner):
    third = Describe()
