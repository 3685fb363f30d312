import difflib

s = difflib.SequenceMatcher(None, "abxcd", "abcd")
print(s.ratio(), s.quick_ratio(), s.real_quick_ratio(), s.get_matching_blocks())
print(s.get_opcodes())
s = difflib.SequenceMatcher(lambda x: x == " ", "private Thread currentThread;", "private volatile Thread currentThread;")
print(round(s.ratio(), 3), s.find_longest_match(0, 29, 0, 38))
print(difflib.get_close_matches("appel", ["ape", "apple", "peach", "puppy"]))
print(difflib.get_close_matches("wheel", ["while", "wheels", "steel"], n=2, cutoff=0.5))
a = ["one\n", "two\n", "three\n"]
b = ["one\n", "tree\n", "three\n", "four\n"]
print("".join(difflib.unified_diff(a, b, fromfile="a.txt", tofile="b.txt")))
print("".join(difflib.context_diff(a, b)))
diff = list(difflib.ndiff(a, b))
print("".join(diff))
print("".join(difflib.restore(diff, 2)))
print(list(difflib.Differ().compare(["abcdefg\n"], ["abcefgh\n"])))
print(difflib.IS_LINE_JUNK("  # \n"), difflib.IS_CHARACTER_JUNK(" "))
groups = list(difflib.SequenceMatcher(None, list(range(20)), list(range(3, 25))).get_grouped_opcodes(2))
print(groups)
