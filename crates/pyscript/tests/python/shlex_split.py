import shlex
for s in ['a b  c', 'echo "hello world" \'single q\' esc\\ aped', 'a "b\\"c" d', "x='a b'y", 'a # comment', '', '  ', 'a\tb\nc', '"unterminated']:
    try:
        print(repr(s), shlex.split(s), shlex.split(s, comments=True), shlex.split(s, posix=False))
    except ValueError as e:
        print(repr(s), "ValueError", e)
print(shlex.quote(""), shlex.quote("safe-._/:@%+=,"), shlex.quote("has space"), shlex.quote("it's"), shlex.join(["ls", "-l", "my file", "a'b"]))
lex = shlex.shlex("a=b && c || (d;e)", punctuation_chars=True)
print(list(lex))
lex = shlex.shlex("foo bar,baz")
lex.whitespace += ","
print(list(lex), lex.lineno)
lex = shlex.shlex('x "y z"', posix=True)
lex.whitespace_split = True
print(lex.get_token(), lex.get_token(), repr(lex.get_token()))
