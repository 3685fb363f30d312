"""`string`: the constants, `capwords`, `Template` (scanned directly rather than through a
regular expression: a subclass may change `delimiter`, not `idpattern` or `pattern`) and
`Formatter` over `str.format`. After CPython 3.11's Lib/string.py."""

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords",
           "digits", "hexdigits", "octdigits", "printable", "punctuation",
           "whitespace", "Formatter", "Template"]

whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or ' ').join([x.capitalize() for x in s.split(sep)])


_id_start = '_' + ascii_letters
_id_rest = _id_start + digits


class _Sentinel:
    pass


_sentinel_dict = {}


class Template:
    """A string class for supporting $-substitutions."""

    delimiter = '$'
    idpattern = r'(?a:[_a-z][_a-z0-9]*)'
    braceidpattern = None

    def __init__(self, template):
        self.template = template

    def _scan(self):
        """The template's pieces: ('text', s), ('named', name, start), ('invalid', start)."""
        t = self.template
        d = self.delimiter
        n = len(t)
        dl = len(d)
        pieces = []
        i = 0
        text_start = 0
        while True:
            j = t.find(d, i)
            if j < 0:
                break
            k = j + dl
            if t.startswith(d, k):
                pieces.append(('text', t[text_start:j] + d))
                i = text_start = k + dl
                continue
            if k < n and t[k] in _id_start:
                e = k + 1
                while e < n and t[e] in _id_rest:
                    e += 1
                pieces.append(('text', t[text_start:j]))
                pieces.append(('named', t[k:e], j))
                i = text_start = e
                continue
            if k < n and t[k] == '{':
                e = k + 1
                if e < n and t[e] in _id_start:
                    e += 1
                    while e < n and t[e] in _id_rest:
                        e += 1
                    if e < n and t[e] == '}':
                        pieces.append(('text', t[text_start:j]))
                        pieces.append(('named', t[k + 1:e], j))
                        i = text_start = e + 1
                        continue
            pieces.append(('text', t[text_start:j]))
            pieces.append(('invalid', k))
            i = text_start = k
        pieces.append(('text', t[text_start:]))
        return pieces

    def _invalid(self, i):
        lines = self.template[:i].splitlines(True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = i - len(''.join(lines[:-1]))
            lineno = len(lines)
        raise ValueError('Invalid placeholder in string: line %d, col %d' %
                         (lineno, colno))

    def substitute(self, mapping=_sentinel_dict, /, **kws):
        if mapping is _sentinel_dict:
            mapping = kws
        elif kws:
            mapping = _ChainMap(kws, mapping)
        out = []
        for piece in self._scan():
            kind = piece[0]
            if kind == 'text':
                out.append(piece[1])
            elif kind == 'named':
                out.append(str(mapping[piece[1]]))
            else:
                self._invalid(piece[1])
        return ''.join(out)

    def safe_substitute(self, mapping=_sentinel_dict, /, **kws):
        if mapping is _sentinel_dict:
            mapping = kws
        elif kws:
            mapping = _ChainMap(kws, mapping)
        out = []
        t = self.template
        for piece in self._scan():
            kind = piece[0]
            if kind == 'text':
                out.append(piece[1])
            elif kind == 'named':
                try:
                    out.append(str(mapping[piece[1]]))
                except KeyError:
                    start = piece[2]
                    end = start + len(self.delimiter)
                    if t.startswith('{', end):
                        out.append(t[start:end + len(piece[1]) + 2])
                    else:
                        out.append(t[start:end + len(piece[1])])
            else:
                out.append(self.delimiter)
        return ''.join(out)

    def is_valid(self):
        for piece in self._scan():
            if piece[0] == 'invalid':
                return False
        return True

    def get_identifiers(self):
        ids = []
        for piece in self._scan():
            if piece[0] == 'named' and piece[1] not in ids:
                ids.append(piece[1])
        return ids


class _ChainMap:
    def __init__(self, *maps):
        self.maps = maps

    def __getitem__(self, key):
        for m in self.maps:
            if key in m:
                return m[key]
        raise KeyError(key)


class Formatter:
    """`str.format` as a class: `format`/`vformat` over `get_value` and `convert_field`
    defaults (overriding the parsing methods is not supported)."""

    def format(self, format_string, /, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        return format_string.format(*args, **kwargs)

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key]
        return kwargs[key]

    def check_unused_args(self, used_args, args, kwargs):
        pass

    def format_field(self, value, format_spec):
        return format(value, format_spec)

    def convert_field(self, value, conversion):
        if conversion is None:
            return value
        if conversion == 's':
            return str(value)
        if conversion == 'r':
            return repr(value)
        if conversion == 'a':
            return ascii(value)
        raise ValueError("Unknown conversion specifier {0!s}".format(conversion))
