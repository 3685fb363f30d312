class Registry:
    __registry = {"a": 1, "b": 2}
    __iter__ = __registry.__iter__
    __getitem__ = __registry.__getitem__
    __len__ = __registry.__len__

r = Registry()
print(list(r), r["a"], len(r), [1, 2].__len__(), (1, 2).__contains__(2), "ab".__getitem__(1))
print({1: 2}.__repr__(), list(iter([3, 4]).__iter__()))
