"""`itertools`, lazy as CPython's: each iterator is a class with `__next__` (the interpreter
runs no generators), so infinite ones (`count`, `cycle`, `repeat`) work with `islice`,
`zip` and `for ... break`, and consuming one without end ends at the step budget. After the
pure-Python equivalents in CPython 3.11's documentation of Modules/itertoolsmodule.c."""

__all__ = ['accumulate', 'chain', 'combinations', 'combinations_with_replacement',
           'compress', 'count', 'cycle', 'dropwhile', 'filterfalse', 'groupby', 'islice',
           'pairwise', 'permutations', 'product', 'repeat', 'starmap', 'takewhile', 'tee',
           'zip_longest']

_maxsize = 9223372036854775807


class _Iterator:
    def __iter__(self):
        return self


# `for` loops list what they iterate before running their body: the iterators below pull
# from their inputs with `next()` only, so that they stay lazy.
_END = object()


def _int_arg(name, value):
    if not isinstance(value, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(value).__name__)
    return value


class count(_Iterator):
    def __init__(self, start=0, step=1):
        for v in (start, step):
            if not isinstance(v, (int, float)):
                raise TypeError('a number is required')
        self._n = start
        self._step = step

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        if self._step == 1 and not isinstance(self._step, float):
            return 'count(%r)' % (self._n,)
        return 'count(%r, %r)' % (self._n, self._step)


class cycle(_Iterator):
    def __init__(self, iterable):
        self._it = iter(iterable)
        self._saved = []
        self._i = -1

    def __next__(self):
        if self._it is not None:
            element = next(self._it, _END)
            if element is not _END:
                self._saved.append(element)
                return element
            self._it = None
        if not self._saved:
            raise StopIteration
        self._i = (self._i + 1) % len(self._saved)
        return self._saved[self._i]


class repeat(_Iterator):
    def __init__(self, object, times=None):
        self._object = object
        if times is not None:
            times = _int_arg('times', times)
            if times < 0:
                times = 0
        self._times = times

    def __next__(self):
        if self._times is None:
            return self._object
        if self._times <= 0:
            raise StopIteration
        self._times -= 1
        return self._object

    def __length_hint__(self):
        if self._times is None:
            raise TypeError('len() of unsized object')
        return self._times

    def __repr__(self):
        if self._times is None:
            return 'repeat(%r)' % (self._object,)
        return 'repeat(%r, %d)' % (self._object, self._times)


class accumulate(_Iterator):
    def __init__(self, iterable, func=None, *, initial=None):
        self._it = iter(iterable)
        self._func = func
        self._total = initial
        self._started = False
        self._initial = initial is not None

    def __next__(self):
        if self._initial:
            self._initial = False
            self._started = True
            return self._total
        value = next(self._it)
        if not self._started:
            self._started = True
            self._total = value
        elif self._func is None:
            self._total = self._total + value
        else:
            self._total = self._func(self._total, value)
        return self._total


class chain(_Iterator):
    def __init__(self, *iterables):
        self._source = iter(iterables)
        self._active = None

    @classmethod
    def from_iterable(cls, iterables):
        c = cls()
        c._source = iter(iterables)
        return c

    def __next__(self):
        while True:
            if self._active is None:
                self._active = iter(next(self._source))
            element = next(self._active, _END)
            if element is not _END:
                return element
            self._active = None


class compress(_Iterator):
    def __init__(self, data, selectors):
        self._data = iter(data)
        self._selectors = iter(selectors)

    def __next__(self):
        while True:
            d = next(self._data)
            s = next(self._selectors)
            if s:
                return d


class dropwhile(_Iterator):
    def __init__(self, predicate, iterable):
        self._pred = predicate
        self._it = iter(iterable)
        self._dropping = True

    def __next__(self):
        if self._dropping:
            while True:
                x = next(self._it)
                if not self._pred(x):
                    self._dropping = False
                    return x
        return next(self._it)


class takewhile(_Iterator):
    def __init__(self, predicate, iterable):
        self._pred = predicate
        self._it = iter(iterable)
        self._done = False

    def __next__(self):
        if self._done:
            raise StopIteration
        x = next(self._it)
        if self._pred(x):
            return x
        self._done = True
        raise StopIteration


class filterfalse(_Iterator):
    def __init__(self, predicate, iterable):
        self._pred = bool if predicate is None else predicate
        self._it = iter(iterable)

    def __next__(self):
        while True:
            x = next(self._it)
            if not self._pred(x):
                return x


class groupby(_Iterator):
    """Each group is read when `groupby` reaches it (its items are kept), so the usual
    `for key, group in groupby(...)` works although `for` lists the pairs first; unlike
    CPython, a group stays readable after `groupby` has moved past it."""

    def __init__(self, iterable, key=None):
        self._keyfunc = key
        self._it = iter(iterable)
        self._pending = _END

    def __next__(self):
        value = self._pending
        if value is _END:
            value = next(self._it)
        key = value if self._keyfunc is None else self._keyfunc(value)
        items = [value]
        self._pending = _END
        while True:
            value = next(self._it, _END)
            if value is _END:
                break
            k = value if self._keyfunc is None else self._keyfunc(value)
            if k != key:
                self._pending = value
                break
            items.append(value)
        return (key, _grouper(items))


class _grouper(_Iterator):
    def __init__(self, items):
        self._items = iter(items)

    def __next__(self):
        return next(self._items)


def _islice_index(v, message):
    if v is None:
        return None
    if not isinstance(v, int) or v < 0:
        raise ValueError(message)
    return v


class islice(_Iterator):
    def __init__(self, iterable, *args):
        if len(args) == 1:
            start, stop, step = None, args[0], None
        elif len(args) in (2, 3):
            start, stop = args[0], args[1]
            step = args[2] if len(args) == 3 else None
        elif not args:
            raise TypeError('islice expected at least 2 arguments, got 1')
        else:
            raise TypeError('islice expected at most 4 arguments, got %d' % (len(args) + 1))
        if len(args) == 1:
            stop = _islice_index(stop, 'Stop argument for islice() must be None or an '
                                       'integer: 0 <= x <= sys.maxsize.')
        else:
            start = _islice_index(start, 'Indices for islice() must be None or an integer: '
                                         '0 <= x <= sys.maxsize.')
            stop = _islice_index(stop, 'Stop argument for islice() must be None or an '
                                       'integer: 0 <= x <= sys.maxsize.')
        if step is not None and (not isinstance(step, int) or step < 1):
            raise ValueError('Step for islice() must be a positive integer or None.')
        self._it = iter(iterable)
        self._next = start or 0
        self._stop = stop
        self._step = step or 1
        self._cnt = 0

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        stop = self._stop
        try:
            while self._cnt < self._next:
                if stop is not None and self._cnt >= stop:
                    break
                next(it)
                self._cnt += 1
            if stop is not None and self._cnt >= stop:
                raise StopIteration
            item = next(it)
        except StopIteration:
            self._it = None
            raise
        self._cnt += 1
        self._next += self._step
        if stop is not None and self._next > stop:
            self._next = stop
        return item


class pairwise(_Iterator):
    def __init__(self, iterable):
        self._it = iter(iterable)
        self._started = False

    def __next__(self):
        if not self._started:
            self._started = True
            self._last = next(self._it)
        b = next(self._it)
        a = self._last
        self._last = b
        return (a, b)


class starmap(_Iterator):
    def __init__(self, function, iterable):
        self._f = function
        self._it = iter(iterable)

    def __next__(self):
        return self._f(*next(self._it))


class _TeeData:
    def __init__(self, it):
        self.it = it
        self.items = []


class _tee(_Iterator):
    def __init__(self, data, index):
        self._data = data
        self._i = index

    def __next__(self):
        data = self._data
        if self._i == len(data.items):
            data.items.append(next(data.it))
        value = data.items[self._i]
        self._i += 1
        return value

    def __copy__(self):
        return _tee(self._data, self._i)


def tee(iterable, n=2):
    n = _int_arg('n', n)
    if n < 0:
        raise ValueError('n must be >= 0')
    data = _TeeData(iter(iterable))
    return tuple([_tee(data, 0) for i in range(n)])


class zip_longest(_Iterator):
    def __init__(self, *args, fillvalue=None):
        self._its = [iter(a) for a in args]
        self._active = len(self._its)
        self._fill = fillvalue

    def __next__(self):
        if not self._active:
            raise StopIteration
        values = []
        for i, it in enumerate(self._its):
            if it is None:
                values.append(self._fill)
                continue
            try:
                values.append(next(it))
            except StopIteration:
                self._active -= 1
                if not self._active:
                    raise
                self._its[i] = None
                values.append(self._fill)
        return tuple(values)


def _r_arg(r, name):
    if not isinstance(r, int):
        raise TypeError("Expected int as r")
    if r < 0:
        raise ValueError('r must be non-negative')
    return r


class product(_Iterator):
    def __init__(self, *iterables, repeat=1):
        repeat = _int_arg('repeat', repeat)
        if repeat < 0:
            raise ValueError('repeat argument cannot be negative')
        self._pools = [tuple(pool) for pool in iterables] * repeat
        self._indices = None
        self._done = False
        for pool in self._pools:
            if not pool:
                self._done = True

    def __next__(self):
        if self._done:
            raise StopIteration
        pools = self._pools
        if self._indices is None:
            self._indices = [0] * len(pools)
            return tuple([pool[0] for pool in pools])
        indices = self._indices
        i = len(pools) - 1
        while i >= 0:
            indices[i] += 1
            if indices[i] < len(pools[i]):
                return tuple([pools[j][indices[j]] for j in range(len(pools))])
            indices[i] = 0
            i -= 1
        self._done = True
        raise StopIteration


class combinations(_Iterator):
    def __init__(self, iterable, r):
        self._pool = tuple(iterable)
        self._r = _r_arg(r, 'r')
        self._indices = None
        self._done = self._r > len(self._pool)

    def __next__(self):
        if self._done:
            raise StopIteration
        pool, r = self._pool, self._r
        n = len(pool)
        if self._indices is None:
            self._indices = list(range(r))
        else:
            indices = self._indices
            i = r - 1
            while i >= 0 and indices[i] == i + n - r:
                i -= 1
            if i < 0:
                self._done = True
                raise StopIteration
            indices[i] += 1
            for j in range(i + 1, r):
                indices[j] = indices[j - 1] + 1
        return tuple([pool[i] for i in self._indices])


class combinations_with_replacement(_Iterator):
    def __init__(self, iterable, r):
        self._pool = tuple(iterable)
        self._r = _r_arg(r, 'r')
        self._indices = None
        self._done = not self._pool and self._r

    def __next__(self):
        if self._done:
            raise StopIteration
        pool, r = self._pool, self._r
        n = len(pool)
        if self._indices is None:
            self._indices = [0] * r
        else:
            indices = self._indices
            i = r - 1
            while i >= 0 and indices[i] == n - 1:
                i -= 1
            if i < 0:
                self._done = True
                raise StopIteration
            v = indices[i] + 1
            for j in range(i, r):
                indices[j] = v
        return tuple([pool[i] for i in self._indices])


class permutations(_Iterator):
    def __init__(self, iterable, r=None):
        self._pool = tuple(iterable)
        n = len(self._pool)
        self._r = n if r is None else _r_arg(r, 'r')
        self._indices = None
        self._done = self._r > n

    def __next__(self):
        if self._done:
            raise StopIteration
        pool, r = self._pool, self._r
        n = len(pool)
        if self._indices is None:
            self._indices = list(range(n))
            self._cycles = list(range(n, n - r, -1))
            return tuple([pool[i] for i in self._indices[:r]])
        indices, cycles = self._indices, self._cycles
        if n:
            i = r - 1
            while i >= 0:
                cycles[i] -= 1
                if cycles[i] == 0:
                    moved = indices[i]
                    del indices[i]
                    indices.append(moved)
                    cycles[i] = n - i
                else:
                    j = cycles[i]
                    indices[i], indices[-j] = indices[-j], indices[i]
                    return tuple([pool[k] for k in indices[:r]])
                i -= 1
        self._done = True
        raise StopIteration
