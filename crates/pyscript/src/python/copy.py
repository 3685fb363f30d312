"""`copy`: shallow and deep copies, after CPython 3.11's Lib/copy.py. Instances of Python
classes are copied through `__copy__`/`__deepcopy__`, else `__getstate__`/`__setstate__`,
else their `__dict__`; values the host provides (dates, decimals, SQLAlchemy objects) are
kept as they are, as immutable values are."""

import enum

__all__ = ["Error", "copy", "deepcopy"]


class Error(Exception):
    pass


error = Error

def _is_atomic(x):
    if isinstance(x, (type(None), int, float, bool, str, bytes, range, type, enum.Enum)):
        return True
    return callable(x) and not hasattr(x, '__dict__')


def copy(x):
    cls = type(x)
    if _is_atomic(x) or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return x[:]
    if cls is dict or cls is set:
        return x.copy()
    if isinstance(x, type):
        return x
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    if not _has_dict(x) or _is_function(x):
        return x
    return _reconstruct(x, None, False)


def _has_dict(x):
    try:
        x.__dict__
    except AttributeError:
        return False
    return True


def _is_function(x):
    return type(x) is type(_has_dict) or type(x) is type(len)


def _reconstruct(x, memo, deep):
    cls = type(x)
    y = cls.__new__(cls)
    if deep:
        memo[id(x)] = y
    getstate = getattr(cls, '__getstate__', None)
    if getstate is not None:
        state = x.__getstate__()
    else:
        state = dict(x.__dict__)
    if state:
        if deep:
            state = deepcopy(state, memo)
        if hasattr(y, '__setstate__'):
            y.__setstate__(state)
        else:
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            else:
                slotstate = None
            if state is not None:
                y.__dict__.update(state)
            if slotstate is not None:
                for key, value in slotstate.items():
                    setattr(y, key, value)
    return y


_nil = []


def deepcopy(x, memo=None, _nil=_nil):
    if memo is None:
        memo = {}
    cls = type(x)
    if _is_atomic(x) or isinstance(x, type):
        return x
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    if cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is tuple:
        y = tuple([deepcopy(a, memo) for a in x])
        # If the tuple copied to itself, keep the original.
        same = True
        for i in range(len(x)):
            if x[i] is not y[i]:
                same = False
                break
        if same:
            y = x
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is set:
        y = set([deepcopy(a, memo) for a in x])
    elif cls is frozenset:
        y = frozenset([deepcopy(a, memo) for a in x])
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        elif not _has_dict(x) or _is_function(x):
            return x
        else:
            y = _reconstruct(x, memo, True)
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y


def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]
