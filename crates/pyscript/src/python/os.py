"""`os` in the sandbox: the environment and working directory the host provides
(`Interp::set_environ`, `Interp::set_cwd`), `os.path` (`posixpath`, on strings), and the
constants. Everything that would touch files, processes or the machine is refused at the
script's line."""

import _sandbox
import posixpath as path
from posixpath import curdir, pardir, sep, pathsep, defpath, extsep, altsep, devnull

name = 'posix'
linesep = '\n'
SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
F_OK = 0
R_OK = 4
W_OK = 2
X_OK = 1

error = OSError


class PathLike:
    """Abstract base class for implementing the file system path protocol."""

    def __fspath__(self):
        raise NotImplementedError

    def __class_getitem__(cls, item):
        return cls


def fspath(path):
    if isinstance(path, (str, bytes)):
        return path
    path_type = type(path)
    if not hasattr(path_type, '__fspath__'):
        raise TypeError("expected str, bytes or os.PathLike object, not "
                        + path_type.__name__)
    path_repr = path.__fspath__()
    if isinstance(path_repr, (str, bytes)):
        return path_repr
    raise TypeError("expected {}.__fspath__() to return str or bytes, not {}"
                    .format(path_type.__name__, type(path_repr).__name__))


def fsencode(filename):
    filename = fspath(filename)
    if isinstance(filename, str):
        return filename.encode('utf-8')
    return filename


def fsdecode(filename):
    filename = fspath(filename)
    if isinstance(filename, bytes):
        return filename.decode('utf-8')
    return filename


def _check_str(value):
    if not isinstance(value, str):
        raise TypeError("str expected, not %s" % type(value).__name__)
    return value


class _Environ:
    """`os.environ`: the host's environment, as a mutable mapping of str to str. Changes
    stay in the script (there are no child processes to pass them to)."""

    def __init__(self, items):
        self._data = {}
        for k, v in items:
            self._data[k] = v

    def __getitem__(self, key):
        if key not in self._data:
            _check_str(key)
            raise KeyError(key)
        return self._data[key]

    def __setitem__(self, key, value):
        self._data[_check_str(key)] = _check_str(value)

    def __delitem__(self, key):
        _check_str(key)
        if key not in self._data:
            raise KeyError(key)
        del self._data[key]

    def __iter__(self):
        return iter(list(self._data))

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        _check_str(key)
        return key in self._data

    def __eq__(self, other):
        if isinstance(other, _Environ):
            other = other._data
        return self._data == other

    def __repr__(self):
        return 'environ({%s})' % ', '.join(
            '%r: %r' % (k, v) for k, v in self._data.items())

    def __or__(self, other):
        new = dict(self._data)
        new.update(other)
        return new

    def __ror__(self, other):
        new = dict(other)
        new.update(self._data)
        return new

    def __ior__(self, other):
        self.update(other)
        return self

    def get(self, key, default=None):
        _check_str(key)
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def copy(self):
        return dict(self._data)

    def setdefault(self, key, value):
        if key not in self:
            self[key] = value
        return self[key]

    def pop(self, key, *default):
        _check_str(key)
        if key in self._data:
            return self._data.pop(key)
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self):
        if not self._data:
            raise KeyError('popitem(): dictionary is empty')
        return self._data.popitem()

    def clear(self):
        self._data.clear()

    def update(self, other=(), **kwds):
        if hasattr(other, 'keys'):
            for key in other.keys():
                self[key] = other[key]
        else:
            for key, value in other:
                self[key] = value
        for key, value in kwds.items():
            self[key] = value


environ = _Environ(_sandbox.environ())


def getenv(key, default=None):
    return environ.get(key, default)


def putenv(key, value):
    """No child process will see it: a no-op, as for a process that never spawns one."""
    _check_str(key)
    _check_str(value)


def unsetenv(key):
    _check_str(key)


getcwd = _sandbox.getcwd


def getcwdb():
    return getcwd().encode('utf-8')


def get_exec_path(env=None):
    if env is None:
        env = environ
    return env.get('PATH', defpath).split(pathsep)


import os as _self

for _name in ['chdir', 'fchdir', 'listdir', 'scandir', 'walk', 'fwalk', 'mkdir', 'makedirs',
              'remove', 'unlink', 'rmdir', 'removedirs', 'rename', 'renames', 'replace',
              'stat', 'lstat', 'fstat', 'open', 'close', 'read', 'write', 'chmod', 'chown',
              'lchown', 'symlink', 'link', 'readlink', 'access', 'truncate', 'utime',
              'mkfifo', 'statvfs', 'listxattr', 'getxattr', 'setxattr', 'fsync', 'pipe',
              'dup', 'dup2', 'lseek', 'umask', 'get_terminal_size']:
    setattr(_self, _name, _sandbox.refuse('os.' + _name + '()', 'fs'))
for _name in ['system', 'popen', 'fork', 'forkpty', 'kill', 'killpg', 'execv', 'execve',
              'execl', 'execle', 'execlp', 'execlpe', 'execvp', 'execvpe', 'spawnl',
              'spawnle', 'spawnv', 'spawnve', 'spawnlp', 'spawnvp', 'posix_spawn',
              'posix_spawnp', 'waitpid', 'wait', 'getpid', 'getppid', 'getuid', 'geteuid',
              'getgid', 'getegid', 'getlogin', 'nice', 'abort', '_exit', 'times',
              'cpu_count', 'getloadavg', 'uname']:
    setattr(_self, _name, _sandbox.refuse('os.' + _name + '()', 'proc'))
urandom = _sandbox.refuse('os.urandom()', 'entropy')
getrandom = _sandbox.refuse('os.getrandom()', 'entropy')
del _name, _self
