# __new__/__init__, object.__new__, super() zero- and two-argument through mixins.


class Singleton:
    _instance = None

    def __new__(cls, *args, **kwargs):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            print("created", cls.__name__)
        return cls._instance

    def __init__(self, value):
        self.value = value


a = Singleton(1)
b = Singleton(2)
print(a is b, a.value)


class Point:
    def __new__(cls, x, y):
        self = object.__new__(cls)
        self.created_by_new = True
        return self

    def __init__(self, x, y):
        self.x, self.y = x, y


p = Point(1, 2)
print(p.created_by_new, p.x, p.y)


class NotAPoint:
    def __new__(cls):
        return 42

    def __init__(self):
        print("never called")


print(NotAPoint())


class Base:
    def __init__(self, **kwargs):
        self.trail = ["Base"]
        super().__init__(**kwargs)


class WithName(Base):
    def __init__(self, name="anon", **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.trail.append("WithName")


class WithAge(Base):
    def __init__(self, age=0, **kwargs):
        super().__init__(**kwargs)
        self.age = age
        self.trail.append("WithAge")


class Person(WithName, WithAge):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.trail.append("Person")


pe = Person(name="ada", age=36)
print(pe.name, pe.age, pe.trail)
print(super(WithName, pe).__init__.__func__ is WithAge.__init__)


class Shape:
    def area(self):
        return 0

    @classmethod
    def make(cls):
        return f"Shape.make({cls.__name__})"

    def describe(self):
        return f"{type(self).__name__} with area {self.area()}"


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2 + super().area()

    @classmethod
    def make(cls):
        return "Square>" + super().make()

    def describe(self):
        return super().describe() + "!"


sq = Square(3)
print(sq.area(), Square.make(), sq.describe(), super(Square, sq).area(), super(Square, Square).make())

try:
    super(Square, 5)
except TypeError as e:
    print("TypeError:", e)


class Strict:
    def __init__(self):
        return 1


try:
    Strict()
except TypeError as e:
    print("TypeError:", e)


class TakesNew:
    def __new__(cls, *args):
        return super().__new__(cls, *args)


try:
    TakesNew(1)
except TypeError as e:
    print("TypeError:", e)


class InitOnly:
    def __init__(self, a):
        super().__init__(a)


try:
    InitOnly(1)
except TypeError as e:
    print("TypeError:", e)


def outside():
    return super()


try:
    outside()
except RuntimeError as e:
    print("RuntimeError:", e)
