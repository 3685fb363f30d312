# Python's pattern syntax where the regex engine's differs: braces that are not a counted
# repetition are literals, `\Z`, `[` inside a class, `{,m}`.
import re

ENV_VAR_PATTERN = re.compile(
    r"""
    (?P<escape>\\)?  # escape
    \$  # starts with a '$'
    (?:
        {(?P<curly>\w+)} # ${VAR}
        |
        (?P<normal>[A-Z][A-Z0-9_]*) # $VAR
    )
    """,
    re.VERBOSE,
)
for text in ["$HOME/x", "${USER}", "\\$ESC", "none"]:
    m = ENV_VAR_PATTERN.search(text)
    print(text, m and m.groupdict())
print(re.findall(r"a{2}", "aaaaa"), re.findall(r"a{,2}b", "aaab"), re.findall(r"x{y}", "x{y}"))
print(bool(re.match(r"abc\Z", "abc")), bool(re.match(r"abc\Z", "abc\n")))
print(re.findall(r"[[a]", "[a]"), re.findall(r"[]a]", "]a"), re.findall(r"{}", "{}"))
print(re.sub(r"{(\w+)}", r"<\1>", "{a} and {b}"))
