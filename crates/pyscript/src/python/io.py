"""`io`: in-memory streams (`StringIO`, `BytesIO`), as CPython's; files (`open`,
`FileIO`) are refused: the sandbox has no file system."""

import _sandbox

__all__ = ["StringIO", "BytesIO", "IOBase", "TextIOBase", "BufferedIOBase", "RawIOBase",
           "UnsupportedOperation", "SEEK_SET", "SEEK_CUR", "SEEK_END", "open"]

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
DEFAULT_BUFFER_SIZE = 8192

open = _sandbox.refuse("io.open()", "fs")
open_code = _sandbox.refuse("io.open_code()", "fs")
FileIO = _sandbox.refuse("io.FileIO()", "fs")
TextIOWrapper = _sandbox.refuse("io.TextIOWrapper()", "fs")
BufferedReader = _sandbox.refuse("io.BufferedReader()", "fs")
BufferedWriter = _sandbox.refuse("io.BufferedWriter()", "fs")


class UnsupportedOperation(OSError, ValueError):
    pass


class IOBase:
    def __enter__(self):
        self._check_closed()
        return self

    def __exit__(self, *args):
        self.close()

    def __iter__(self):
        self._check_closed()
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def _check_closed(self):
        if self.closed:
            raise ValueError(self._closed_message)

    def close(self):
        self.closed = True

    def flush(self):
        self._check_closed()

    def isatty(self):
        self._check_closed()
        return False

    def readable(self):
        self._check_closed()
        return True

    def writable(self):
        self._check_closed()
        return True

    def seekable(self):
        self._check_closed()
        return True

    def fileno(self):
        raise UnsupportedOperation('fileno')

    def readlines(self, hint=-1):
        self._check_closed()
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                break
        return lines

    def writelines(self, lines):
        self._check_closed()
        for line in lines:
            self.write(line)


class RawIOBase(IOBase):
    pass


class BufferedIOBase(IOBase):
    pass


class TextIOBase(IOBase):
    pass


class _Memory(IOBase):
    """A buffer and a position; what is written at the end is kept in pieces and joined
    when read (appending stays linear)."""

    _empty = ''

    def __init__(self, initial):
        self.closed = False
        self._buf = initial
        self._pieces = []
        self._pos = 0

    def _value(self):
        if self._pieces:
            self._buf = self._join([self._buf] + self._pieces)
            self._pieces = []
        return self._buf

    def _size(self):
        return len(self._value())

    def getvalue(self):
        self._check_closed()
        return self._value()

    def tell(self):
        self._check_closed()
        return self._pos

    def read(self, size=-1):
        self._check_closed()
        buf = self._value()
        if size is None or size < 0:
            end = len(buf)
        else:
            end = min(len(buf), self._pos + size)
        data = buf[self._pos:end]
        self._pos = max(self._pos, end)
        return data

    def readline(self, size=-1):
        self._check_closed()
        buf = self._value()
        nl = self._find_newline(buf, self._pos)
        end = len(buf) if nl < 0 else nl + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        data = buf[self._pos:end]
        self._pos = max(self._pos, end)
        return data

    def truncate(self, size=None):
        self._check_closed()
        if size is None:
            size = self._pos
        if size < 0:
            raise ValueError('Negative size value %d' % size)
        self._buf = self._value()[:size]
        return size

    def _write(self, s):
        n = len(s)
        size = len(self._buf) + sum([len(p) for p in self._pieces]) if self._pieces else len(self._buf)
        if self._pos == size:
            self._pieces.append(s)
        else:
            buf = self._value()
            if self._pos > len(buf):
                buf = buf + self._pad * (self._pos - len(buf))
            self._buf = buf[:self._pos] + s + buf[self._pos + n:]
        self._pos += n
        return n


class StringIO(_Memory, TextIOBase):
    _newline = '\n'
    _closed_message = 'I/O operation on closed file'
    _pad = '\0'

    def __init__(self, initial_value='', newline='\n'):
        if initial_value is None:
            initial_value = ''
        if not isinstance(initial_value, str):
            raise TypeError('initial_value must be str or None, not %s'
                            % type(initial_value).__name__)
        if newline is not None and newline not in ('', '\n', '\r', '\r\n'):
            raise ValueError('illegal newline value: %r' % (newline,))
        self._translate = newline
        _Memory.__init__(self, self._translate_in(initial_value))

    @staticmethod
    def _join(pieces):
        return ''.join(pieces)

    @staticmethod
    def _find_newline(buf, pos):
        return buf.find('\n', pos)

    def _translate_in(self, s):
        if self._translate is None:
            return s.replace('\r\n', '\n').replace('\r', '\n')
        if self._translate in ('\r', '\r\n'):
            return s.replace('\n', self._translate)
        return s

    @property
    def newlines(self):
        return None

    @property
    def line_buffering(self):
        return False

    @property
    def encoding(self):
        return None

    @property
    def errors(self):
        return None

    def write(self, s):
        self._check_closed()
        if not isinstance(s, str):
            raise TypeError('string argument expected, got %r' % type(s).__name__)
        self._write(self._translate_in(s))
        return len(s)

    def seek(self, pos, whence=0):
        self._check_closed()
        if not isinstance(pos, int):
            raise TypeError("'%s' object cannot be interpreted as an integer"
                            % type(pos).__name__)
        if whence == 0:
            if pos < 0:
                raise ValueError('Negative seek position %d' % pos)
            self._pos = pos
        elif whence in (1, 2):
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks" if whence == 1
                              else "Can't do nonzero end-relative seeks")
            if whence == 2:
                self._pos = self._size()
        else:
            raise ValueError('Invalid whence (%d, should be 0, 1 or 2)' % whence)
        return self._pos

    def __repr__(self):
        return '<_io.StringIO object>'


class BytesIO(_Memory, BufferedIOBase):
    _newline = b'\n'
    _closed_message = 'I/O operation on closed file.'
    _pad = b'\0'

    def __init__(self, initial_bytes=b''):
        if initial_bytes is None:
            initial_bytes = b''
        _Memory.__init__(self, bytes(initial_bytes))

    @staticmethod
    def _join(pieces):
        out = b''
        for p in pieces:
            out = out + p
        return out

    @staticmethod
    def _find_newline(buf, pos):
        for i in range(pos, len(buf)):
            if buf[i] == 10:
                return i
        return -1

    def write(self, b):
        self._check_closed()
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        b = bytes(b)
        return self._write(b)

    def getbuffer(self):
        return self.getvalue()

    def read1(self, size=-1):
        return self.read(size)

    def seek(self, pos, whence=0):
        self._check_closed()
        if whence == 0:
            if pos < 0:
                raise ValueError('negative seek value %d' % pos)
            self._pos = pos
        elif whence == 1:
            self._pos = max(0, self._pos + pos)
        elif whence == 2:
            self._pos = max(0, self._size() + pos)
        else:
            raise ValueError('invalid whence (%d, should be 0, 1 or 2)' % whence)
        return self._pos

    def __repr__(self):
        return '<_io.BytesIO object>'
