"""`os.path` as CPython's `posixpath` computes it, on strings only: the sandbox has no file
system. `exists`/`isfile`/`isdir` ask the host's file probe (refused without one);
`abspath` and `realpath` resolve against the working directory the host sets (there are
no symbolic links to follow). After CPython 3.11's Lib/posixpath.py and Lib/genericpath.py."""

import _sandbox
import os

__all__ = ["normcase", "isabs", "join", "splitdrive", "split", "splitext",
           "basename", "dirname", "commonprefix", "getsize", "getmtime",
           "getatime", "getctime", "islink", "exists", "lexists", "isdir", "isfile",
           "ismount", "expanduser", "expandvars", "normpath", "abspath",
           "samefile", "sameopenfile", "samestat",
           "curdir", "pardir", "sep", "pathsep", "defpath", "altsep", "extsep",
           "devnull", "realpath", "supports_unicode_filenames", "relpath",
           "commonpath"]

curdir = '.'
pardir = '..'
extsep = '.'
sep = '/'
pathsep = ':'
defpath = '/bin:/usr/bin'
altsep = None
devnull = '/dev/null'
supports_unicode_filenames = False

exists = _sandbox.probe("exists", "os.path.exists()")
lexists = _sandbox.probe("exists", "os.path.lexists()")
isfile = _sandbox.probe("isfile", "os.path.isfile()")
isdir = _sandbox.probe("isdir", "os.path.isdir()")
islink = _sandbox.probe("islink", "os.path.islink()")
ismount = _sandbox.refuse("os.path.ismount()", "fs")
getsize = _sandbox.refuse("os.path.getsize()", "fs")
getmtime = _sandbox.refuse("os.path.getmtime()", "fs")
getatime = _sandbox.refuse("os.path.getatime()", "fs")
getctime = _sandbox.refuse("os.path.getctime()", "fs")
samefile = _sandbox.refuse("os.path.samefile()", "fs")
sameopenfile = _sandbox.refuse("os.path.sameopenfile()", "fs")
samestat = _sandbox.refuse("os.path.samestat()", "fs")


def _check_arg_types(funcname, *args):
    for s in args:
        if not isinstance(s, (str, bytes)):
            raise TypeError(f'{funcname}() argument must be str, bytes, or '
                            f'os.PathLike object, not {s.__class__.__name__!r}') from None


def normcase(s):
    return os.fspath(s)


def isabs(s):
    s = os.fspath(s)
    return s.startswith(sep)


def join(a, *p):
    a = os.fspath(a)
    path = a
    for b in p:
        if not isinstance(b, str):
            try:
                b = os.fspath(b)
            except TypeError:
                _check_arg_types('join', a, *p)
                raise
        if b.startswith(sep):
            path = b
        elif not path or path.endswith(sep):
            path += b
        else:
            path += sep + b
    return path


def split(p):
    p = os.fspath(p)
    i = p.rfind(sep) + 1
    head, tail = p[:i], p[i:]
    if head and head != sep * len(head):
        head = head.rstrip(sep)
    return head, tail


def splitext(p):
    p = os.fspath(p)
    sepIndex = p.rfind(sep)
    dotIndex = p.rfind(extsep)
    if dotIndex > sepIndex:
        # skip all leading dots
        filenameIndex = sepIndex + 1
        while filenameIndex < dotIndex:
            if p[filenameIndex:filenameIndex + 1] != extsep:
                return p[:dotIndex], p[dotIndex:]
            filenameIndex += 1
    return p, p[:0]


def splitdrive(p):
    p = os.fspath(p)
    return p[:0], p


def basename(p):
    p = os.fspath(p)
    i = p.rfind(sep) + 1
    return p[i:]


def dirname(p):
    p = os.fspath(p)
    i = p.rfind(sep) + 1
    head = p[:i]
    if head and head != sep * len(head):
        head = head.rstrip(sep)
    return head


def expanduser(path):
    """`~` and `~/...` become `$HOME` when the host's environment has it; `~user` and a `~`
    without `HOME` stay as they are (there is no password database)."""
    path = os.fspath(path)
    if not path.startswith('~'):
        return path
    i = path.find(sep, 1)
    if i < 0:
        i = len(path)
    if i != 1 or 'HOME' not in os.environ:
        return path
    userhome = os.environ['HOME']
    userhome = userhome.rstrip(sep)
    return (userhome + path[i:]) or sep


def expandvars(path):
    path = os.fspath(path)
    if '$' not in path:
        return path
    res = ''
    i = 0
    n = len(path)
    while i < n:
        c = path[i]
        if c != '$':
            res += c
            i += 1
            continue
        j = i + 1
        if j < n and path[j] == '{':
            end = path.find('}', j)
            if end < 0:
                res += path[i:]
                break
            name = path[j + 1:end]
            after = end + 1
        else:
            end = j
            while end < n and (path[end].isalnum() or path[end] == '_') and path[end].isascii():
                end += 1
            name = path[j:end]
            after = end
        if not name:
            res += c
            i += 1
            continue
        if name in os.environ:
            res += os.environ[name]
        else:
            res += path[i:after]
        i = after
    return res


def normpath(path):
    path = os.fspath(path)
    if path == '':
        return curdir
    initial_slashes = 1 if path.startswith(sep) else 0
    # POSIX allows one or two initial slashes, but treats three or more as single slash.
    if initial_slashes and path.startswith(sep * 2) and not path.startswith(sep * 3):
        initial_slashes = 2
    comps = path.split(sep)
    new_comps = []
    for comp in comps:
        if comp in ('', curdir):
            continue
        if (comp != pardir or (not initial_slashes and not new_comps) or
                (new_comps and new_comps[-1] == pardir)):
            new_comps.append(comp)
        elif new_comps:
            new_comps.pop()
    path = sep.join(new_comps)
    if initial_slashes:
        path = sep * initial_slashes + path
    return path or curdir


def abspath(path):
    path = os.fspath(path)
    if not isabs(path):
        path = join(os.getcwd(), path)
    return normpath(path)


def realpath(filename, *, strict=False):
    """There are no symbolic links in the sandbox: `abspath`."""
    return abspath(filename)


def relpath(path, start=None):
    if not path:
        raise ValueError("no path specified")
    path = os.fspath(path)
    if start is None:
        start = curdir
    else:
        start = os.fspath(start)
    start_list = [x for x in abspath(start).split(sep) if x]
    path_list = [x for x in abspath(path).split(sep) if x]
    i = len(commonprefix([start_list, path_list]))
    rel_list = [pardir] * (len(start_list) - i) + path_list[i:]
    if not rel_list:
        return curdir
    return join(*rel_list)


def commonprefix(m):
    if not m:
        return ''
    if not isinstance(m[0], (list, tuple)):
        m = tuple([os.fspath(x) for x in m])
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def commonpath(paths):
    paths = tuple([os.fspath(p) for p in paths])
    if not paths:
        raise ValueError('commonpath() arg is an empty sequence')
    split_paths = [path.split(sep) for path in paths]
    kinds = set([p[:1] == sep for p in paths])
    if len(kinds) != 1:
        raise ValueError("Can't mix absolute and relative paths")
    isabs = kinds.pop()
    split_paths = [[c for c in s if c and c != curdir] for s in split_paths]
    s1 = min(split_paths)
    s2 = max(split_paths)
    common = s1
    for i, c in enumerate(s1):
        if c != s2[i]:
            common = s1[:i]
            break
    prefix = sep if isabs else ''
    return prefix + sep.join(common)
