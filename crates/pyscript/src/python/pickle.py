"""`pickle`: importable, so a revision file that imports it loads; serializing or loading
Python objects is refused (unpickling runs arbitrary code, and the sandbox keeps no Python
objects between runs)."""

import _sandbox

__all__ = ["PickleError", "PicklingError", "UnpicklingError", "Pickler", "Unpickler",
           "dump", "dumps", "load", "loads", "HIGHEST_PROTOCOL", "DEFAULT_PROTOCOL"]

HIGHEST_PROTOCOL = 5
DEFAULT_PROTOCOL = 4


class PickleError(Exception):
    pass


class PicklingError(PickleError):
    pass


class UnpicklingError(PickleError):
    pass


dump = _sandbox.refuse("pickle.dump()", "pickle")
dumps = _sandbox.refuse("pickle.dumps()", "pickle")
load = _sandbox.refuse("pickle.load()", "pickle")
loads = _sandbox.refuse("pickle.loads()", "pickle")
Pickler = _sandbox.refuse("pickle.Pickler()", "pickle")
Unpickler = _sandbox.refuse("pickle.Unpickler()", "pickle")
