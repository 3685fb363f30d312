import itertools as it
from itertools import *
print(list(islice(count(), 5)), list(islice(count(2, 3), 3)), list(islice(count(0.5), 2)), repr(count(3)), repr(count(1, 2)))
print(list(zip(count(), "abc")), list(map(lambda a, b: a * b, count(1), [1, 2, 3])))
print(list(islice(cycle("ab"), 5)), list(cycle([])), list(repeat(1, 3)), list(zip(repeat("x"), range(2))), repr(repeat(1, 3)), repr(repeat(1)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)), list(accumulate([1, 2], initial=10)), list(accumulate([])))
print(list(chain("ab", [1], ())), list(chain.from_iterable(["xy", "z"])), list(compress("abcdef", [1, 0, 1, 0, 1])))
print(list(dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(filterfalse(None, [0, 1, "", "a"])), list(filterfalse(lambda x: x % 2, range(6))))
print([(k, list(g)) for k, g in groupby("aaabbc")])
print([(k, list(g)) for k, g in groupby([1, 2, 4, 5, 7], key=lambda x: x // 3)])
gs = [(k, list(g)) for k, g in groupby("aabb")]
print(gs)
print(list(islice("abcdefg", 2)), list(islice("abcdefg", 2, 4)), list(islice("abcdefg", 2, None)), list(islice("abcdefg", 0, None, 2)), list(islice("abc", 1, 10)))
i = iter(range(10))
print(list(islice(i, 3)), next(i), list(islice(i, 1, 3)), next(i))
for bad in [(-1,), (1, -1), (0, 1, 0), ("a",)]:
    try:
        islice("abc", *bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(list(pairwise("abcd")), list(pairwise("a")), list(starmap(pow, [(2, 3), (3, 2)])))
a, b = tee([1, 2, 3])
print(next(a), list(b), list(a))
print(list(zip_longest("ab", "xyz", fillvalue="-")), list(zip_longest()), list(zip_longest([1])))
print(list(product("ab", "xy")), list(product(range(2), repeat=2)), list(product()), list(product("a", "")))
print(list(combinations("abcd", 2)), list(combinations(range(3), 3)), list(combinations("ab", 3)), list(combinations("ab", 0)))
print(list(combinations_with_replacement("abc", 2)), list(combinations_with_replacement("", 0)), list(combinations_with_replacement("", 1)))
print(list(permutations("abc")), list(permutations(range(3), 2)), list(permutations("a", 2)), list(permutations([], 0)))
print(len(list(permutations(range(5)))), len(list(product(range(4), repeat=3))), len(list(combinations(range(10), 4))))
try:
    combinations("ab", -1)
except ValueError as e:
    print("ValueError", e)
try:
    product("a", repeat=-1)
except ValueError as e:
    print("ValueError", e)
for x in islice(count(), 10):
    if x > 3:
        break
print(x)
n = 0
for k, g in groupby(sorted(["apple", "avocado", "banana", "blueberry", "cherry"]), key=lambda s: s[0]):
    print(k, list(g))
r = iter([1, 2, 3])
print(next(r), list(r), next(r, "end"))
print(dict(zip(count(1), "ab")), sum(islice(count(), 101)))
print(sorted(set(it.chain([1, 2], [2, 3]))))
