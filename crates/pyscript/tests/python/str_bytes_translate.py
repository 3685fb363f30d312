# str.maketrans/translate and bytes.maketrans/translate, and their errors.

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

show(lambda: bytes.maketrans(b"ab", b"c"))
show(lambda: bytes.maketrans("a", "b"))
show(lambda: b"x".translate(b"short"))
show(lambda: b"abc".translate(None, b"b"))
show(lambda: b"abc".translate(None, delete=b"b"))
show(lambda: b"a-b".translate(bytes.maketrans(b"-", b"_")))
show(lambda: b"".maketrans(b"a", b"b")[97:99])
show(lambda: len(bytes.maketrans(b"", b"")))
show(lambda: str.maketrans("ab", "c"))
show(lambda: str.maketrans({"a": "b", 98: None}))
show(lambda: str.maketrans({"ab": 1}))
show(lambda: str.maketrans(1))
show(lambda: str.maketrans("a", 1))
show(lambda: str.maketrans("ab", "cd", "e"))
show(lambda: "".maketrans("a", "b"))
show(lambda: "abc".translate({97: "xy", 98: None, 99: 100}))
show(lambda: "abc".translate({97: 1.5}))
show(lambda: "abc".translate({97: 0x110000}))
show(lambda: "a-b c".translate(str.maketrans("-", "_", " ")))
show(lambda: "abc".translate(["x", "y", "z"] * 40))
show(lambda: str.translate("ab", {97: "A"}))
show(lambda: bytes.translate(b"ab", None, b"a"))
show(lambda: "abc".translate(None))
show(lambda: "abc".translate())
