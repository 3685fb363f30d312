import configparser, io
text = """
[DEFAULT]
base = /srv
debug = false

[alembic]
script_location = %(base)s/migrations
sqlalchemy.url = postgresql://u:p@h/db
version_locations = a
    b
    c
Timeout = 30
ratio = 1.5
flag = yes

[loggers]
keys = root,sqlalchemy
; comment
# another
empty =
"""
c = configparser.ConfigParser()
c.read_string(text)
print(c.sections(), c.has_section("alembic"), c.has_section("DEFAULT"), c.has_option("alembic", "timeout"), c.has_option("alembic", "base"))
print(c.get("alembic", "script_location"), c.get("alembic", "script_location", raw=True), repr(c.get("alembic", "version_locations")))
print(c.getint("alembic", "timeout"), c.getfloat("alembic", "ratio"), c.getboolean("alembic", "flag"), c.getboolean("alembic", "debug"), c.get("alembic", "missing", fallback="fb"), c.getint("alembic", "nope", fallback=7))
print(c.options("alembic"), c.items("loggers"), dict(c["loggers"]), c["alembic"]["sqlalchemy.url"], "alembic" in c, list(c), len(c))
print(c.defaults(), c["alembic"].get("nope", "d"), c["alembic"].getint("timeout"), c.get("alembic", "script_location", vars={"base": "/opt"}))
c.set("alembic", "new", "v")
c["extra"] = {"k": "1", "k2": "%(k)s+"}
c.add_section("more")
print(c.get("alembic", "new"), c.get("extra", "k2"), c.sections(), c.remove_option("alembic", "new"), c.remove_section("more"), c.remove_section("nope"))
out = io.StringIO()
c.write(out)
print(out.getvalue())
for bad in [lambda: c.get("nope", "x"), lambda: c.get("alembic", "nope"), lambda: c.add_section("alembic"), lambda: c.getint("alembic", "ratio"), lambda: c.getboolean("loggers", "keys"),
            lambda: configparser.ConfigParser().read_string("[a]\nx=1\nx=2"), lambda: configparser.ConfigParser().read_string("no header"), lambda: configparser.ConfigParser().read_string("[a]\nbad line"),
            lambda: configparser.ConfigParser().read_string("[a]\n[a]")]:
    try:
        r = bad()
        if isinstance(r, configparser.ConfigParser):
            pass
    except (configparser.Error, ValueError) as e:
        print(type(e).__name__, e)
x = configparser.ConfigParser()
x.read_string("[a]\nx=%(y)s")
try:
    x.get("a", "x")
except configparser.InterpolationMissingOptionError as e:
    print("InterpolationMissingOptionError", e)
e = configparser.ConfigParser(interpolation=configparser.ExtendedInterpolation())
e.read_string("[paths]\nroot=/r\n[app]\ndir=${paths:root}/app\nsame=${dir}/x")
print(e.get("app", "dir"), e.get("app", "same"))
r = configparser.RawConfigParser()
r.read_dict({"s": {"a": "%(x)s", "n": 1}})
print(r.get("s", "a"), r.get("s", "n"), r.items("s"))
n = configparser.ConfigParser(allow_no_value=True, delimiters=("=",), comment_prefixes=("#",), inline_comment_prefixes=(";",))
n.read_string("[s]\nkey\nother = v ; inline\n")
print(n.get("s", "key"), n.get("s", "other"))
n.optionxform = str
n.read_string("[t]\nCamel = 1")
print(n.options("t"), configparser.DEFAULTSECT, configparser.ConfigParser.BOOLEAN_STATES["on"])
print(c.read_file(io.StringIO("[f]\na=1\n")), c.get("f", "a"))
