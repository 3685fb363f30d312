# eval() of expressions: in the caller's scopes, or in the dicts given.
import os
import sys

x = 10


def f(y):
    return eval("x + y")


print(f(5))
print(eval("a * b", {"a": 3}, {"b": 4}))
print(eval("  [n * n for n in range(4)]"))
print(eval("len(s)", {"s": "abc"}))


class Model:
    pass


print(eval("Model", {"Model": Model}).__name__)
print(eval("path.sep", vars(sys.modules["os"])))
for bad in ["1 +", "x = 1"]:
    try:
        eval(bad)
    except SyntaxError:
        print("SyntaxError", repr(bad))
try:
    eval(42)
except TypeError as e:
    print(e)
