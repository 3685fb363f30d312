# hashlib objects: their sizes and name, copy(), new(name), the SHA-2 family.
import hashlib

for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]:
    h = getattr(hashlib, name)(b"abc")
    print(h.name, h.digest_size, h.block_size, len(h.digest()) == h.digest_size, h.hexdigest())

token_length = hashlib.sha256().digest_size * 2
print(token_length)

h = hashlib.sha256()
h.update(b"a")
c = h.copy()
c.update(b"b")
print(h.hexdigest(), c.hexdigest() == hashlib.sha256(b"ab").hexdigest())

print(hashlib.new("sha256", b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest())
print(hashlib.new("SHA1").name, hashlib.new(name="md5", data=b"x").hexdigest())
print(hashlib.md5(b"abc", usedforsecurity=False).hexdigest())
try:
    hashlib.new("nope")
except ValueError as e:
    print("ValueError", e)
