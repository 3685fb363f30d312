import string, textwrap
from string import Template
print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits, repr(string.whitespace), string.punctuation, len(string.printable))
print(string.capwords("hello   wORLD foo"), string.capwords("a-b-c", "-"))
t = Template("$who likes ${what}s, $$5, $")
print(t.safe_substitute(who="tim"), t.get_identifiers(), t.is_valid(), Template("$a $b").is_valid())
try:
    t.substitute(who="tim", what="kung pao")
except ValueError as e:
    print("ValueError", e)
print(Template("$who likes $what").substitute({"who": "tim"}, what=3))
try:
    Template("$who $missing").substitute(who=1)
except KeyError as e:
    print("KeyError", e)
try:
    Template("line1\n  x ${1}").substitute()
except ValueError as e:
    print("ValueError", e)
class PT(Template):
    delimiter = "%"
print(PT("%a and %%").substitute(a=1), Template("${a}b$ab").safe_substitute(a="X"))
print(string.Formatter().format("{0}-{x!r}", 1, x="y"))
text = "The quick brown fox jumps over the lazy dog. " * 4 + "A well-known, long-winded, state-of-the-art example--with dashes--and a verylongwordthatcannotfitanywhere."
for w in (10, 20, 35, 70):
    print(textwrap.wrap(text, w))
print(textwrap.fill(text, 30, initial_indent="* ", subsequent_indent="  "))
print(textwrap.wrap("Hello.  World!  Again", 8, fix_sentence_endings=True))
print(textwrap.wrap("a\tb\tc  d", 5), textwrap.wrap("x-y-z abc-def", 4), textwrap.wrap("abcdefghij", 3, break_long_words=False), textwrap.wrap("", 5), textwrap.wrap("   ", 5))
print(textwrap.wrap("one two three four", 9, break_on_hyphens=False, drop_whitespace=False))
print(textwrap.shorten("Hello  world!", width=12), textwrap.shorten("Hello world!", width=11), textwrap.shorten("Hello world", width=10, placeholder="..."))
print(textwrap.wrap(text, 25, max_lines=3), textwrap.wrap("aaa bbb ccc", 7, max_lines=2, placeholder="~"))
try:
    textwrap.wrap("x", 0)
except ValueError as e:
    print("ValueError", e)
print(repr(textwrap.dedent("    a\n      b\n   \n    c\n")), repr(textwrap.dedent("\ta\n\t\tb")), repr(textwrap.dedent("  x\n\ty")), repr(textwrap.dedent("no indent\n  x")))
print(repr(textwrap.indent("a\nb\n\nc", "> ")), repr(textwrap.indent("a\r\nb", "+", lambda l: True)))
print("abc\r\ndef\rg\n".splitlines(), "abc\r\ndef\rg\n".splitlines(True), "a\tbc\td".expandtabs(4), "x\ty".expandtabs())
print(textwrap.wrap("Mr. Smith went to Washington-upon-Thames in 1999-2000, he said: \"well--maybe\".", 12))
print(textwrap.wrap("co-operate re-enter e-mail A-B C--D foo--bar 12-34 x--", 6))
