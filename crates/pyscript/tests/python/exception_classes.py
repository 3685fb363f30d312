# Exception subclasses with their own __init__, attributes, str/repr, chaining.


class AppError(Exception):
    def __init__(self, message, code=500):
        super().__init__(message)
        self.code = code


class NotFound(AppError):
    def __init__(self, what):
        super().__init__(f"{what} not found", code=404)
        self.what = what

    def __str__(self):
        return f"[{self.code}] {self.args[0]}"


try:
    raise NotFound("user")
except AppError as e:
    print(type(e).__name__, e.code, e.what, e.args, str(e), repr(e))

e = AppError("boom")
print(e.args, e.code, str(e), repr(e), isinstance(e, Exception), issubclass(NotFound, AppError))
try:
    try:
        {}["k"]
    except KeyError as inner:
        raise AppError("wrapped") from inner
except AppError as outer:
    print(repr(outer.__cause__), outer.__suppress_context__)


class WithKw(Exception):
    pass


try:
    raise WithKw("a", 1)
except WithKw as w:
    print(w.args, str(w))
print(repr(ImportError("x", name="mod").name), ImportError("x").name, str(ValueError()))
try:
    import definitely_not_a_module
except ModuleNotFoundError as m:
    print(type(m).__name__, m.name, isinstance(m, ImportError), str(m))
try:
    from json import not_there
except ImportError as err:
    print(type(err).__name__, err.name)
try:
    raise TypeError
except TypeError as t:
    print(repr(t), t.args)
try:
    getattr(object(), "nope")
except AttributeError as a:
    print(a.name, str(a))
