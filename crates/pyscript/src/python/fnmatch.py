"""`fnmatch`: shell-style wildcards (`*`, `?`, `[seq]`, `[!seq]`) matched directly, without
compiling a regular expression. After CPython 3.11's Lib/fnmatch.py; names are compared as
they are (POSIX: `normcase` changes nothing)."""

__all__ = ["filter", "fnmatch", "fnmatchcase"]


def fnmatch(name, pat):
    import os
    return fnmatchcase(os.path.normcase(name), os.path.normcase(pat))


def filter(names, pat):
    return [name for name in names if fnmatchcase(name, pat)]


def _class_end(pat, i):
    """The index after the `]` closing the class that starts at `pat[i] == '['`, or -1."""
    j = i + 1
    n = len(pat)
    if j < n and pat[j] == '!':
        j += 1
    if j < n and pat[j] == ']':
        j += 1
    while j < n and pat[j] != ']':
        j += 1
    return j + 1 if j < n else -1


def _class_matches(cls, c):
    negate = cls.startswith('!')
    if negate:
        cls = cls[1:]
    found = False
    i = 0
    n = len(cls)
    while i < n:
        if i + 2 < n and cls[i + 1] == '-':
            if cls[i] <= c <= cls[i + 2]:
                found = True
            i += 3
        else:
            if cls[i] == c:
                found = True
            i += 1
    return found != negate


def fnmatchcase(name, pat):
    # Iterative matching with backtracking to the last `*`.
    n, m = len(name), len(pat)
    i = j = 0
    star_j = -1
    star_i = 0
    while i < n:
        if j < m:
            c = pat[j]
            if c == '*':
                star_j = j
                star_i = i
                j += 1
                continue
            if c == '?':
                i += 1
                j += 1
                continue
            if c == '[':
                end = _class_end(pat, j)
                if end < 0:
                    if name[i] == '[':
                        i += 1
                        j += 1
                        continue
                elif _class_matches(pat[j + 1:end - 1], name[i]):
                    i += 1
                    j = end
                    continue
            elif c == name[i]:
                i += 1
                j += 1
                continue
        if star_j >= 0:
            star_i += 1
            i = star_i
            j = star_j + 1
            continue
        return False
    while j < m and pat[j] == '*':
        j += 1
    return j == m
