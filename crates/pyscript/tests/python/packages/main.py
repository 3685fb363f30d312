# A project of packages: absolute and relative imports, submodules, __all__, circular
# imports, a module that fails, a namespace package, and the errors of each.
print(__name__, __package__)
import app

print(app.__name__, app.__package__, app.__file__, app.__path__, app.__spec__.name, app.__spec__.parent)
print(app.VERSION, app.models.User.__module__)
import app.models
from app import models as m2
from app.models import User

print(m2 is app.models, User.__module__, User.__qualname__, User().describe())
from app.utils.helpers import slug

print(slug("Hello World"), slug.__module__)
import app.utils.helpers

print(app.utils.helpers.slug("A B"), app.utils.__package__, app.utils.helpers.__package__)
from app.models import *

print(helper_name, Base.__name__)
try:
    print(_private)
except NameError as e:
    print("NameError:", e)
try:
    print(hidden)
except NameError as e:
    print("NameError:", e)
from app import circular_a

print(circular_a.get(), circular_a.X)
for attempt in range(2):
    try:
        import app.broken
    except RuntimeError as e:
        print("RuntimeError:", e, attempt)
print(hasattr(app, "broken"))
import nspkg.tool

print(nspkg.tool.NAME, nspkg.__file__, list(nspkg.__path__), nspkg.tool.__package__)
try:
    from . import anything
except ImportError as e:
    print(type(e).__name__, e)
try:
    import app.nothing
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    from app import nothing
except ImportError as e:
    print(type(e).__name__, e)
try:
    import missing_top.sub
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    import numpy as np
    HAVE_NUMPY = True
except ImportError:
    HAVE_NUMPY = False
print("numpy:", HAVE_NUMPY)
print(app.models.counter(), app.models.counter(), app.models.COUNT)
app.models.COUNT = 100
print(app.models.counter())
import typing

import app.typed

print(app.typed.Profile.__annotations__)
print(typing.get_type_hints(app.typed.Profile))
print(app.typed.lazy_value)
try:
    app.typed.other
except AttributeError as e:
    print("AttributeError:", e)
from app.typed import lazy_thing

print(lazy_thing)
