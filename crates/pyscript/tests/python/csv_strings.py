import csv
import io

text = 'a,b,c\r\n1,"x,y",3\n\n"q""t",,"multi\nline"\n'
for kw in [{}, {"skipinitialspace": True}, {"delimiter": ";"}]:
    print(list(csv.reader(io.StringIO(text, newline=""), **kw)))
print(list(csv.reader(["1,2.5,x"], quoting=csv.QUOTE_NONNUMERIC)) if False else list(csv.reader(['1,2.5,"x"'], quoting=csv.QUOTE_NONNUMERIC)))
print(list(csv.reader("k;v\n1;2".splitlines(), delimiter=";")))
r = csv.DictReader(io.StringIO("id,name\n1,ada\n2,bob,extra\n3\n"))
print(r.fieldnames, [dict(row) for row in r], r.line_num)
out = io.StringIO()
w = csv.writer(out)
w.writerow(["a", "b,c", 'q"t', None, 1.5, 2, True])
w.writerows([[""], []])
print(repr(out.getvalue()))
out = io.StringIO()
dw = csv.DictWriter(out, fieldnames=["id", "name"], lineterminator="\n")
dw.writeheader()
dw.writerow({"id": 1, "name": "x y"})
dw.writerows([{"id": 2}])
print(repr(out.getvalue()))
try:
    dw.writerow({"id": 3, "nope": 1})
except ValueError as e:
    print(e)
try:
    list(csv.reader(['a"b,c'], strict=True))
    list(csv.reader(['"a"b,c'], strict=True))
except csv.Error as e:
    print("Error", e)
print(csv.list_dialects()[:3], csv.QUOTE_ALL, csv.get_dialect("excel").delimiter)
