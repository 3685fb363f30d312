from urllib.parse import *
import urllib.parse
u = urlparse("postgresql+psycopg2://user:p%40ss@db.example.com:5432/mydb;p=1?sslmode=require&x=1#frag")
print(u, u.scheme, u.netloc, u.path, u.params, u.query, u.fragment, u.username, u.password, u.hostname, u.port, u.geturl())
s = urlsplit("HTTP://[::1]:80/a/b?q#f")
print(s, s.hostname, s.port, tuple(s), s[1], len(s), s._replace(path="/x").geturl(), s == ("http", "[::1]:80", "/a/b", "q", "f"))
print(urlsplit("sqlite:///relative.db"), urlsplit("sqlite:////abs/path.db").path, urlsplit("//host/x"), urlsplit("path/only?x=1"), urlsplit("mailto:a@b.c"))
print(urlunparse(("http", "h", "/p", "a", "q", "f")), urlunsplit(("file", "", "/tmp/x", "", "")), urlunsplit(("", "", "rel", "", "")))
for rel in ["g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", "..", "../g", "../..", "../../../g", ".", "", "http://other/x"]:
    print(repr(rel), urljoin("http://a/b/c/d;p?q", rel))
print(urldefrag("http://a/b#frag"), urldefrag("http://a/b"))
print(quote("a b/c?d=é&"), quote("a b/c", safe=""), quote_plus("a b&c/d"), quote(b"\x00\xff"), quote(""), unquote("a%20b%2Fc%C3%A9%zz%4"), unquote_plus("a+b%2B"), unquote_to_bytes("%41%42c"))
print(urlencode({"a": 1, "b": "x y", "c": "é"}), urlencode([("a", [1, 2]), ("b", "z")], doseq=True), urlencode({"q": "a/b"}, quote_via=quote), urlencode([]))
print(parse_qs("a=1&a=2&b=&c=x+y%21"), parse_qs("a=1&b=", keep_blank_values=True), parse_qsl("a=1;b=2", separator=";"), parse_qsl("x&y=1"), parse_qsl("x&y=1", keep_blank_values=True))
for bad in [lambda: parse_qsl("a", strict_parsing=True), lambda: parse_qsl("a=1&b=2", max_num_fields=1), lambda: urlsplit("http://[::1/x"), lambda: urlsplit("http://h:99999/").port, lambda: urlsplit("http://h:x/").port, lambda: urlencode("abc")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(urllib.parse.urlparse("http://x").netloc, u._asdict()["scheme"], hash(s) == hash(urlsplit("HTTP://[::1]:80/a/b?q#f")))
