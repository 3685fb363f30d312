# Python 3's other names of OSError (PEP 3151) and the rest of the builtin hierarchy.

print(IOError is OSError, EnvironmentError is OSError, IOError.__name__, EnvironmentError.__name__)

try:
    raise IOError("no such file")
except OSError as e:
    print(type(e).__name__, e.args)

try:
    raise FileNotFoundError("gone")
except IOError as e:
    print("caught as IOError:", type(e).__name__, isinstance(e, EnvironmentError))

try:
    open_failed = OSError("x")
    raise open_failed
except (IOError, ValueError) as e:
    print(repr(e))

for name in [
    "BrokenPipeError", "ConnectionAbortedError", "ConnectionRefusedError", "ConnectionResetError",
    "BlockingIOError", "ChildProcessError", "InterruptedError", "IsADirectoryError",
    "NotADirectoryError", "ProcessLookupError", "UnicodeTranslateError", "FloatingPointError",
    "IndentationError", "TabError", "ReferenceError", "SystemError", "UnicodeWarning",
    "BytesWarning", "ResourceWarning", "EncodingWarning",
]:
    cls = eval(name)
    print(name, [c.__name__ for c in cls.__mro__])
