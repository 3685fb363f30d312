"""`glob`: listing files is refused (the sandbox has no file system); `escape` and
`has_magic` work on strings."""

import _sandbox

__all__ = ["glob", "iglob", "escape"]

glob = _sandbox.refuse("glob.glob()", "fs")
iglob = _sandbox.refuse("glob.iglob()", "fs")


def has_magic(s):
    return '*' in s or '?' in s or '[' in s


def escape(pathname):
    drive = ''
    out = ''
    for c in pathname:
        if c in '*?[':
            out += '[' + c + ']'
        else:
            out += c
    return drive + out
