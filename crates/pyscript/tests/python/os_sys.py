import os, os.path, sys
import posixpath
print(os.path is posixpath, os.name, os.sep, repr(os.linesep), os.pathsep, os.curdir)
j = os.path.join
for args in [("a", "b"), ("/a", "b", "/c"), ("a/", "b"), ("", "x"), ("a", ""), ("a",)]:
    print(args, j(*args))
for p in ["a/b/c.txt", "/", "//x", "a/b/", "", ".bashrc", "a/.b.c", "a.b/c", "x...y", "/a/b//"]:
    print(repr(p), os.path.dirname(p), os.path.basename(p), os.path.split(p), os.path.splitext(p), os.path.normpath(p), os.path.isabs(p))
for p in ["a/../b", "../x/./y/", "///a//b", "//a", "a/b/../../..", "/..", "./."]:
    print(p, os.path.normpath(p))
print(os.path.relpath("/a/b/c", "/a/d"), os.path.relpath("/a", "/a"), os.path.relpath("/x/y", "/"))
print(os.path.commonpath(["/a/b/c", "/a/b/d", "/a/bx"]), os.path.commonprefix(["/a/b/c", "/a/bx"]))
try:
    os.path.commonpath(["/a", "b"])
except ValueError as e:
    print("ValueError", e)
try:
    os.path.commonpath([])
except ValueError as e:
    print("ValueError", e)
try:
    os.path.join("a", 1)
except TypeError as e:
    print("TypeError", e)
try:
    os.fspath(1)
except TypeError as e:
    print("TypeError", e)
class P:
    def __fspath__(self):
        return "from/fspath"
print(os.fspath(P()), os.path.join(P(), "x"), os.path.basename(P()))
print(os.path.expandvars("$NOPE_X/${NOPE_Y}/$"), os.path.expanduser("~/x"))
os.environ["RETORT_T"] = "v"
print(os.environ["RETORT_T"], os.getenv("RETORT_T"), os.environ.get("NOPE_Z"), os.getenv("NOPE_Z", "d"), "RETORT_T" in os.environ)
print(os.path.expandvars("$RETORT_T/${RETORT_T}x"))
del os.environ["RETORT_T"]
print("RETORT_T" in os.environ, os.environ.pop("NOPE", 5))
try:
    os.environ["NOPE_Q"]
except KeyError as e:
    print("KeyError", e)
try:
    os.environ["A"] = 1
except TypeError as e:
    print("TypeError", e)
print(sys.version_info >= (3, 8), sys.version_info[:2], sys.version_info.major, (3, 12) > sys.version_info, sys.platform, sys.maxsize, sys.byteorder)
print("os" in sys.modules, sys.modules.get("os") is os, sys.modules["sys"] is sys, sys.getdefaultencoding())
sys.stdout.write("written\n")
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.code, e.args)
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", e.code)
try:
    raise ValueError("x")
except ValueError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v)
print(sys.exc_info())
print(isinstance(sys.argv, list), isinstance(sys.path, list))
print(os.environ["RETORT_DIFF_VAR"], os.getenv("HOME"), os.path.expanduser("~"), os.path.expanduser("~/a"))
print(os.path.abspath("x/../y"), os.path.abspath("/z"), os.path.realpath("q"), os.path.relpath("sub/file"))
print(os.path.relpath(os.path.join(os.getcwd(), "a", "b"), os.path.join(os.getcwd(), "c")))
print(os.getcwd() == os.path.abspath("."), sorted(k for k in os.environ if k.startswith("RETORT")))
print(repr(os.environ.copy()["RETORT_DIFF_VAR"]), len(os.environ) > 0)
print(sys.modules["__main__"].__package__, sys.modules["__main__"].__spec__, sys.modules["__main__"].__name__)
