# Call errors name the function by its qualified name, as CPython 3.11 does.


class A:
    def m(self, x):
        pass

    @staticmethod
    def s(a, b):
        pass


def f(*, k, j):
    pass


def g(a, b, c=1):
    pass


def h(a, b, c, d):
    pass


def outer():
    return lambda x: x


calls = [
    lambda: A().m(),
    lambda: A().m(1, 2),
    lambda: A().m(y=1),
    lambda: f(),
    lambda: f(k=1),
    lambda: g(),
    lambda: h(1),
    lambda: A.s(),
    lambda: g(1, a=2),
    lambda: outer()(),
    lambda: g(1, 2, 3, 4),
]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(e)
