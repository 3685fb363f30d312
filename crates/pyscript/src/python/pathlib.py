"""`pathlib`'s POSIX paths, after CPython 3.11's Lib/pathlib.py. The pure operations work
on strings; `Path.cwd()`, `absolute()` and `resolve()` use the working directory the host
sets; `exists()`, `is_file()`, `is_dir()` ask the host's file probe and `read_text()` its
file reader (refused without them); everything else that touches files is refused."""

import _sandbox
import fnmatch
import os
import posixpath

__all__ = ["PurePath", "PurePosixPath", "Path", "PosixPath"]


def _parse(args):
    """The root (`''`, `'/'` or `'//'`) and the names of the path `args` join to."""
    root = ''
    parts = []
    for a in args:
        if isinstance(a, PurePath):
            a_root, a_parts = a._root, a._parts
        else:
            a = os.fspath(a)
            if not isinstance(a, str):
                raise TypeError(
                    "argument should be a str object or an os.PathLike object returning "
                    "str, not %r" % type(a))
            a_root = ''
            if a.startswith('/'):
                stripped = a.lstrip('/')
                a_root = '//' if len(a) - len(stripped) == 2 else '/'
            a_parts = [x for x in a.split('/') if x and x != '.']
        if a_root:
            root = a_root
            parts = list(a_parts)
        else:
            parts.extend(a_parts)
    return root, parts


class _PathParents:
    def __init__(self, path):
        self._path = path
        self._root = path._root
        self._parts = path._parts

    def __len__(self):
        return len(self._parts)

    def __getitem__(self, idx):
        if type(idx).__name__ == 'slice':
            return tuple([self[i] for i in range(len(self))][idx])
        if not isinstance(idx, int):
            raise TypeError('list indices must be integers or slices, not %s'
                            % type(idx).__name__)
        if idx >= len(self) or idx < -len(self):
            raise IndexError(idx)
        if idx < 0:
            idx += len(self)
        return self._path._from_parts(self._root, self._parts[:-idx - 1])

    def __iter__(self):
        return iter([self[i] for i in range(len(self))])

    def __repr__(self):
        return "<{}.parents>".format(type(self._path).__name__)


class PurePath(os.PathLike):
    def __new__(cls, *args):
        if cls is PurePath:
            cls = PurePosixPath
        self = object.__new__(cls)
        self._root, self._parts = _parse(args)
        return self

    def _from_parts(self, root, parts):
        new = object.__new__(type(self))
        new._root = root
        new._parts = list(parts)
        return new

    def __str__(self):
        s = self._root + '/'.join(self._parts)
        return s or '.'

    def __fspath__(self):
        return str(self)

    def as_posix(self):
        return str(self)

    def __bytes__(self):
        return os.fsencode(self)

    def __repr__(self):
        return "{}({!r})".format(self.__class__.__name__, self.as_posix())

    def as_uri(self):
        if not self.is_absolute():
            raise ValueError("relative path can't be expressed as a file URI")
        import urllib.parse
        return 'file://' + urllib.parse.quote_from_bytes(str(self).encode('utf-8'))

    def _key(self):
        return [self._root] + self._parts

    def __eq__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(str(self))

    def __lt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._key() >= other._key()

    @property
    def drive(self):
        return ''

    @property
    def root(self):
        return self._root

    @property
    def anchor(self):
        return self._root

    @property
    def name(self):
        if not self._parts:
            return ''
        return self._parts[-1]

    @property
    def suffix(self):
        name = self.name
        i = name.rfind('.')
        if 0 < i < len(name) - 1:
            return name[i:]
        return ''

    @property
    def suffixes(self):
        name = self.name
        if name.endswith('.'):
            return []
        name = name.lstrip('.')
        return ['.' + suffix for suffix in name.split('.')[1:]]

    @property
    def stem(self):
        name = self.name
        i = name.rfind('.')
        if 0 < i < len(name) - 1:
            return name[:i]
        return name

    @property
    def parts(self):
        if self._root:
            return tuple([self._root] + self._parts)
        return tuple(self._parts)

    @property
    def parent(self):
        if not self._parts:
            return self
        return self._from_parts(self._root, self._parts[:-1])

    @property
    def parents(self):
        return _PathParents(self)

    def with_name(self, name):
        if not self.name:
            raise ValueError("%r has an empty name" % (self,))
        if not name or '/' in name or name == '.':
            raise ValueError("Invalid name %r" % (name))
        return self._from_parts(self._root, self._parts[:-1] + [name])

    def with_stem(self, stem):
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        if '/' in suffix:
            raise ValueError("Invalid suffix %r" % (suffix,))
        if suffix and not suffix.startswith('.') or suffix == '.':
            raise ValueError("Invalid suffix %r" % (suffix))
        name = self.name
        if not name:
            raise ValueError("%r has an empty name" % (self,))
        old_suffix = self.suffix
        if not old_suffix:
            name = name + suffix
        else:
            name = name[:-len(old_suffix)] + suffix
        return self._from_parts(self._root, self._parts[:-1] + [name])

    def relative_to(self, *other):
        if not other:
            raise TypeError("need at least one argument")
        root, parts = _parse(other)
        mine = ([self._root] if self._root else []) + self._parts
        theirs = ([root] if root else []) + parts
        n = len(theirs)
        if (self._root if n == 0 else mine[:n] != theirs):
            formatted = root + '/'.join(parts)
            raise ValueError("{!r} is not in the subpath of {!r}"
                             " OR one path is relative and the other is absolute."
                             .format(str(self), formatted))
        return self._from_parts('', mine[n:])

    def is_relative_to(self, *other):
        try:
            self.relative_to(*other)
            return True
        except ValueError:
            return False

    def joinpath(self, *args):
        root, parts = _parse([self] + list(args))
        return self._from_parts(root, parts)

    def __truediv__(self, key):
        try:
            return self.joinpath(key)
        except TypeError:
            return NotImplemented

    def __rtruediv__(self, key):
        try:
            root, parts = _parse([key, self])
        except TypeError:
            return NotImplemented
        return self._from_parts(root, parts)

    def is_absolute(self):
        return bool(self._root)

    def is_reserved(self):
        return False

    def match(self, path_pattern):
        pat_root, pat_parts = _parse([path_pattern])
        if not pat_root and not pat_parts:
            raise ValueError("empty pattern")
        parts = self._parts
        if pat_root:
            if not self._root or len(pat_parts) != len(parts):
                return False
        elif len(pat_parts) > len(parts):
            return False
        for part, pat in zip(reversed(parts), reversed(pat_parts)):
            if not fnmatch.fnmatchcase(part, pat):
                return False
        return True

    def __class_getitem__(cls, item):
        return cls


class PurePosixPath(PurePath):
    pass


class Path(PurePath):
    def __new__(cls, *args, **kwargs):
        if cls is Path:
            cls = PosixPath
        return PurePath.__new__(cls, *args)

    @classmethod
    def cwd(cls):
        return cls(os.getcwd())

    @classmethod
    def home(cls):
        return cls(os.path.expanduser('~'))

    def absolute(self):
        if self.is_absolute():
            return self
        return self._from_parts(*_parse([os.getcwd(), self]))

    def resolve(self, strict=False):
        return type(self)(os.path.realpath(str(self)))

    def expanduser(self):
        if self._parts and self._parts[0][:1] == '~' and not self._root:
            return type(self)(os.path.expanduser(str(self)))
        return self

    exists = _sandbox.probe("exists", "Path.exists()")
    is_file = _sandbox.probe("isfile", "Path.is_file()")
    is_dir = _sandbox.probe("isdir", "Path.is_dir()")
    is_symlink = _sandbox.probe("islink", "Path.is_symlink()")
    read_text = _sandbox.reader("Path.read_text()")


for _name in ['read_bytes', 'write_text', 'write_bytes', 'open', 'touch', 'mkdir', 'rmdir',
              'unlink', 'rename', 'replace', 'iterdir', 'glob', 'rglob', 'stat', 'lstat',
              'chmod', 'lchmod', 'owner', 'group', 'symlink_to', 'hardlink_to',
              'readlink', 'samefile', 'is_mount', 'is_socket', 'is_fifo',
              'is_block_device', 'is_char_device', 'link_to']:
    setattr(Path, _name, _sandbox.refuse('Path.' + _name + '()', 'fs'))
del _name


class PosixPath(Path, PurePosixPath):
    pass
