"""`importlib`: `import_module` through the interpreter's import system (the project's
modules, the host's and the library's), `importlib.util.find_spec`, and
`importlib.metadata`, which knows no installed distributions. `reload` is refused: a module
runs once per run."""

import _sandbox

__all__ = ['import_module', 'invalidate_caches', 'reload']


def _resolve_name(name, package, level):
    bits = package.rsplit('.', level - 1)
    if len(bits) < level:
        raise ImportError('attempted relative import beyond top-level package')
    base = bits[0]
    return '{}.{}'.format(base, name) if name else base


def _resolve(name, package):
    if not name.startswith('.'):
        return name
    if not package:
        raise TypeError("the 'package' argument is required to perform a relative "
                        "import for {!r}".format(name))
    level = 0
    for character in name:
        if character != '.':
            break
        level += 1
    return _resolve_name(name[level:], package, level)


def import_module(name, package=None):
    return _sandbox.import_module(_resolve(name, package))


def invalidate_caches():
    pass


reload = _sandbox.refuse("importlib.reload()", "reload")

from importlib import util, machinery, metadata  # noqa: E402
