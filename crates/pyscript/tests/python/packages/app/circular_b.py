print("b: start")
from app import circular_a as partial

print("b sees a partially:", hasattr(partial, "X"), partial.__name__)
Y = "b.Y"
try:
    from app.circular_a import X
except ImportError as e:
    print("ImportError:", e)
print("b: end")
