import random, warnings
warnings.simplefilter("ignore")
random.seed(42)
print(random.random(), random.randint(1, 10), random.randrange(100), random.randrange(0, 100, 7), random.randrange(10, 0, -3), random.choice("abcdef"), random.uniform(1, 2))
l = list(range(20)); random.shuffle(l); print(l)
print(random.sample(range(100), 5), random.sample(["a", "b", "c", "d"], 4), random.sample(range(10**6), 3), random.sample("abc", 2, counts=[1, 2, 3]) if False else 0)
print(random.choices("abc", k=5), random.choices("abc", weights=[1, 0, 5], k=5), random.choices(range(3), cum_weights=[1, 2, 10], k=4))
print(random.gauss(), random.gauss(10, 2), random.normalvariate(), random.expovariate(2), random.triangular(), random.triangular(0, 10, 8))
print(random.getrandbits(1), random.getrandbits(31), random.getrandbits(32), random.getrandbits(33), random.getrandbits(63), random.randbytes(5))
for s in ["hello", b"bytes", 2**40 + 3, -7, 1.5, 0, 3.0]:
    random.seed(s)
    print(repr(s)[:8], random.random(), random.randrange(1000))
r = random.Random(7)
r2 = random.Random(7)
print(r.random() == r2.random(), r.randint(0, 5), isinstance(r, random.Random))
st = r.getstate(); a = r.random(); r.setstate(st); print(a == r.random())
random.seed("x"); print([random.randint(1, 6) for _ in range(10)])
for bad in [lambda: random.choice([]), lambda: random.randrange(0), lambda: random.randrange(5, 5), lambda: random.randrange(0, 10, 0), lambda: random.sample([1], 2), lambda: random.sample({1, 2}, 1), lambda: random.choices("ab", [1], k=1), lambda: random.randrange(1.5)]:
    try:
        bad()
    except (ValueError, TypeError, IndexError) as e:
        print(type(e).__name__, e)
big = random.sample(range(1000), 50)
print(len(set(big)), big[:5])
