print("a: start")
from app import circular_b

X = "a.X"


def get():
    return circular_b.Y + " via a"


print("a: end")
