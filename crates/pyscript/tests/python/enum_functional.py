# enum's functional API: Enum("Name", names) with every shape of names, and its errors.
import enum
from enum import Enum, IntEnum, StrEnum, Flag, IntFlag


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


MetadataTypes = enum.Enum("METADATA_TYPES", "user image")
print(MetadataTypes, list(MetadataTypes), MetadataTypes.user.value, MetadataTypes.image.name)
print(MetadataTypes.__name__, MetadataTypes.__module__, MetadataTypes.__qualname__)
print(max(len(m.name) for m in MetadataTypes), MetadataTypes("user") if False else MetadataTypes(1))
A = Enum("A", "x, y,z")
print(list(A), [m.value for m in A])
B = Enum("B", ["p", "q"], start=10)
print(list(B), [m.value for m in B])
C = Enum("C", [("one", 1), ("two", "2")])
print(list(C), C.two.value, C("2"))
D = Enum("D", {"red": "r", "green": "g"})
print(list(D), D.red.value, D["green"], D("g"))
E = IntEnum("E", "a b c")
print(list(E), E.b == 2, E.c + 1, isinstance(E.a, int))
F = StrEnum("F", "Alpha BETA")
print(list(F), F.Alpha == "alpha", F.BETA.value)
G = Enum("G", "a b", module="mymod", qualname="Outer.G")
print(G.__module__, G.__qualname__)
H = Enum(value="H", names="u v")
print(list(H))
I = Enum("I", ("k", "l"))
print(list(I), I.k.value)
K = Enum("K", "a b", type=int)
print(list(K), K.a == 1)
show(lambda: Enum("L", ""))
show(lambda: list(Enum("L", [])))
show(lambda: MetadataTypes("M", "a b"))
show(lambda: Enum("N", 5))
show(lambda: Enum("O", "a a"))
show(lambda: MetadataTypes.user in MetadataTypes)
print(len(MetadataTypes), MetadataTypes.__members__)
P = Enum("P", "a b")
class Q(Enum):
    x = 1
print(type(P) is type(Q))
Fl = Flag("Fl", "r w x")
print([m.value for m in Fl])
IF = IntFlag("IF", "r w x")
print([m.value for m in IF])
print(enum.Enum("S", "a b").a is enum.Enum("S", "a b").a)


class Perm(Flag):
    R = enum.auto()
    W = enum.auto()
    X = enum.auto()


class Big(IntFlag):
    A = 1
    B = 4
    C = enum.auto()


print([m.value for m in Perm], [m.value for m in Big])


class Outer:
    class Inner(Enum):
        x = 1


print(Enum, IntEnum, StrEnum, Flag, IntFlag, Outer.Inner, repr(Perm), str(Big), [Outer.Inner])
print(MetadataTypes(1, None), MetadataTypes(value=2), MetadataTypes(2, names=None))
show(lambda: MetadataTypes(1, None, 3))
show(lambda: MetadataTypes(3))
