import io, sys, importlib, importlib.util
s = io.StringIO()
print(s.write("hello\n"), s.write("world"), s.tell(), repr(s.getvalue()))
s.seek(0)
print(repr(s.readline()), repr(s.read()), repr(s.read()), s.tell())
s.seek(2)
s.write("XY")
print(repr(s.getvalue()), s.tell())
s.seek(0, 2)
s.write("!")
print(repr(s.getvalue()))
s = io.StringIO("a\nb\nc")
print(list(s), s.readlines())
s.seek(0)
print(s.readlines(), [l for l in io.StringIO("x\ny\n")])
with io.StringIO("q") as f:
    print(f.read(), f.closed)
print(f.closed)
try:
    f.read()
except ValueError as e:
    print("ValueError", e)
try:
    io.StringIO().write(1)
except TypeError as e:
    print("TypeError", e)
s = io.StringIO("abcdef")
s.seek(10)
s.write("z")
print(repr(s.getvalue()), s.truncate(3), repr(s.getvalue()))
out = io.StringIO()
print("to", "buffer", sep="-", file=out)
print(1, 2, file=out, end="")
print(repr(out.getvalue()))
b = io.BytesIO(b"abc")
print(b.read(1), b.read(), b.tell(), b.write(b"de"), b.getvalue())
b.seek(-2, 2)
print(b.read(), b.seek(1), b.readline())
b2 = io.BytesIO()
b2.write(b"line1\nline2\n")
b2.seek(0)
print(b2.readlines(), list(io.BytesIO(b"x\ny")))
try:
    b2.write("s")
except TypeError as e:
    print("TypeError", e)
print(isinstance(io.StringIO(), io.IOBase), isinstance(io.StringIO(), io.TextIOBase), issubclass(io.UnsupportedOperation, OSError))
print(sys.stdout.write("direct\n"))
print("err", file=sys.stderr)
m = importlib.import_module("json")
print(m.dumps([1]), importlib.import_module("os.path").join("a", "b"), importlib.import_module(".path", "os").basename("a/b"))
try:
    importlib.import_module("no_such_module_x")
except ModuleNotFoundError as e:
    print("ModuleNotFoundError", e, e.name)
try:
    importlib.import_module(".x")
except TypeError as e:
    print("TypeError", e)
print(importlib.util.find_spec("no_such_module_y"), importlib.util.find_spec("json") is not None, importlib.util.find_spec("json").name)
import importlib.metadata
try:
    importlib.metadata.version("no-such-dist")
except importlib.metadata.PackageNotFoundError as e:
    print("PackageNotFoundError", e, isinstance(e, ImportError))
print(importlib.util.resolve_name(".b", "a"), importlib.util.resolve_name("..c", "a.b"))
for args in [("b",), ("b", 2), ("b", -2), ("a", 1, 3), ("", 9), ("", 6), ("é", 1)]:
    print(args, "abcabé".find(*args), "abcabé".rfind(*args), "abcabé".count(*args[:1]), "abcabé".startswith(*args), "abcabé".endswith(*args))
