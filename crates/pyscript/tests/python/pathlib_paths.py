from pathlib import Path, PurePath, PurePosixPath, PosixPath
import os, pathlib
p = Path("a/b/c.tar.gz")
print(repr(p), str(p), p.name, p.stem, p.suffix, p.suffixes, p.parts, repr(p.parent), p.parent.parent, p.anchor, p.root, repr(p.drive))
print([str(x) for x in p.parents], len(p.parents), p.parents[0], p.parents[-1], repr(p.parents))
print(Path("/"), Path("/").name, Path("/").parent, Path("/").parts, Path(), Path("").parts, Path(".").name, Path("//a"), Path("///a"), Path("a//b/./c/"))
print(Path("/usr") / "lib" / "x.py", "root" / Path("sub"), Path("a") / Path("/abs"), Path("a").joinpath("b", "c"), Path("a", "b", "/c", "d"))
print(p.with_name("d.txt"), p.with_suffix(".zip"), p.with_suffix(""), Path("x").with_suffix(".py"), p.with_stem("q"))
for bad in [lambda: Path("/").with_name("x"), lambda: p.with_suffix("zip"), lambda: p.with_name("a/b"), lambda: Path("").with_suffix(".x"), lambda: p.with_suffix(".")]:
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
print(Path("/a/b/c").relative_to("/a"), Path("/a/b").relative_to("/a/b"), Path("a/b").relative_to("a"), Path("/a/b").relative_to("/"))
for args in [("/a/b", "/c"), ("a", "/a"), ("/a", "")]:
    try:
        Path(args[0]).relative_to(args[1])
    except ValueError as e:
        print("ValueError", e)
print(Path("/a/b").is_relative_to("/a"), Path("/a/b").is_relative_to("/x"), Path("/x").is_absolute(), Path("x").is_absolute())
print(Path("a") == Path("a"), Path("a") == PurePath("a"), Path("a") == "a", Path("a/b") == Path("a//b"), Path("a") < Path("b"), sorted([Path("b"), Path("a/c"), Path("a")]))
print(hash(Path("a")) == hash(Path("a")), {Path("a"): 1}[Path("a")], type(Path("a")).__name__, type(PurePath("a")).__name__, isinstance(Path("a"), PurePath), isinstance(Path("a"), os.PathLike))
print(os.fspath(Path("x/y")), os.path.join(Path("x"), "y"), os.path.basename(Path("x/y.py")), str(Path("x").absolute()) == os.path.join(os.getcwd(), "x"), Path("x/../y").resolve() == Path(os.getcwd()) / "y")
print(Path("a/b.py").match("*.py"), Path("/a/b.py").match("/*.py"), Path("a/b.py").match("a/*.py"), Path("a/b.py").match("b/*.py"), Path("a/b.py").match("*.txt"), Path("/a/b.py").match("/a/*.py"))
print(Path("a").as_posix(), PurePosixPath("a/b"), Path.cwd() == Path(os.getcwd()), Path("~/x").expanduser(), Path("x").expanduser(), Path.home())
try:
    Path("a") / 1
except TypeError as e:
    print("TypeError", e)
try:
    Path(1)
except TypeError as e:
    print("TypeError", type(e).__name__)
try:
    Path("a") < "b"
except TypeError as e:
    print("TypeError", e)
print(pathlib.Path(__file__).name, Path(__file__).suffix, Path(__file__).parent == Path(os.getcwd()) or Path(__file__).parent == Path("."))
print(Path("a.b.c").stem, Path(".bashrc").suffix, Path(".bashrc").stem, Path("a.").suffix, Path("a.").suffixes, Path("..").name)
import fnmatch
print(fnmatch.fnmatch("a.py", "*.py"), fnmatch.fnmatchcase("A.PY", "*.py"), fnmatch.filter(["a.py", "b.txt", "c.py"], "*.py"), fnmatch.fnmatch("abc", "a?c"), fnmatch.fnmatch("a1", "a[0-9]"), fnmatch.fnmatch("ab", "a[!b]"), fnmatch.fnmatch("[x", "[x"), fnmatch.fnmatch("axbxc", "a*b*c"), fnmatch.fnmatch("abc", "*d"))
import glob, pickle, shutil
print(glob.escape("a*b?[c]"), glob.has_magic("a*"), pickle.HIGHEST_PROTOCOL, issubclass(pickle.UnpicklingError, pickle.PickleError), issubclass(shutil.Error, OSError))
print(Path("a/b/c").parents[1:], Path("a/b/c").parents[::2])
