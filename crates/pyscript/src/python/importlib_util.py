"""`importlib.util`: `find_spec` (which, unlike CPython's, imports the module to know
whether it exists), `resolve_name`, `module_from_spec` for specs it made."""

import _sandbox
import importlib
from importlib.machinery import ModuleSpec


def resolve_name(name, package):
    return importlib._resolve(name, package)


def find_spec(name, package=None):
    fullname = importlib._resolve(name, package)
    module = _sandbox.find_module(fullname)
    if module is None:
        return None
    spec = getattr(module, '__spec__', None)
    if spec is None:
        spec = ModuleSpec(fullname, None)
    return spec


def module_from_spec(spec):
    return _sandbox.import_module(spec.name)
