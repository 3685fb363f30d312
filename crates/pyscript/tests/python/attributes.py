# __getattr__, __getattribute__, __setattr__, __delattr__, vars() and a live __dict__.


class Settings:
    def __init__(self, **values):
        self.__dict__.update(values)

    def __getattr__(self, name):
        if name.startswith("opt_"):
            return None
        raise AttributeError(f"no setting {name!r}")


s = Settings(debug=True, url="sqlite://")
print(s.debug, s.url, s.opt_anything, vars(s))
try:
    s.missing
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(s, "missing"), getattr(s, "missing", "dflt"), hasattr(s, "opt_x"))
vars(s)["added"] = 1
print(s.added, sorted(s.__dict__))


class Frozen:
    def __init__(self, x):
        object.__setattr__(self, "x", x)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot set {name}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete {name}")


fz = Frozen(3)
print(fz.x)
for action in ("set", "del"):
    try:
        if action == "set":
            fz.x = 4
        else:
            del fz.x
    except AttributeError as e:
        print("AttributeError:", e)
setattr(Frozen, "y", 10)
print(fz.y, Frozen.y)


class Traced:
    def __init__(self):
        self.log = []
        self.a = 1

    def __getattribute__(self, name):
        if name not in ("log", "__dict__"):
            object.__getattribute__(self, "log").append(name)
        return object.__getattribute__(self, name)

    def __getattr__(self, name):
        return f"fallback {name}"

    def method(self):
        return "m"


tr = Traced()
print(tr.a, tr.method(), tr.nope, tr.log)


class Recorder:
    def __init__(self):
        self.events = []

    def __setattr__(self, name, value):
        if name != "events":
            self.events.append((name, value))
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self.events.append(("del", name))
        super().__delattr__(name)


rc = Recorder()
rc.a = 1
rc.b = 2
del rc.a
print(rc.events, vars(rc))
try:
    del rc.zzz
except AttributeError as e:
    print("AttributeError:", e)

obj = Settings()
setattr(obj, "name", "dyn")
print(getattr(obj, "name"), "name" in vars(obj))
delattr(obj, "name")
print(hasattr(obj, "name"))


class Slotted:
    kind = "class"


sl = Slotted()
print(sl.kind, Slotted.__dict__["kind"], "kind" in vars(sl))
sl.kind = "instance"
print(sl.kind, Slotted.kind)
del sl.kind
print(sl.kind)


def func():
    pass


func.marker = "set on a function"
print(func.marker, func.__name__, func.__module__)
import types as _types
ns = _types.SimpleNamespace(a=1, b="two")
ns.c = 3
print(ns, ns.a, ns == _types.SimpleNamespace(a=1, b="two", c=3))
