import struct
for f, v in [('b',200),('B',-1),('h',70000),('H',-1),('i',2**40),('I',-1),('q',1.5),('c',b'ab'),('s',1),('<b',200),('<h',70000),('<i',2**40),('<I',-1),('<Q',-1),('<q', 1.0), ('Q',-1), ('L', -1), ('N', -1), ('<l', 2**40), ('<L', 2**40), ('<?', 3), ('>l', 'x')]:
    try:
        print(f, struct.pack(f, v))
    except struct.error as e:
        print(f, type(e).__name__, e)
for args in [('2h', 1), ('xz', 1), ('<x', 1)]:
    try:
        struct.pack(*args)
    except struct.error as e:
        print(args, e)
for call in [lambda: struct.unpack('>i', b'abc'), lambda: struct.calcsize('>n'), lambda: struct.iter_unpack('>h', b'abc'), lambda: struct.unpack_from('>i', b'ab', 1)]:
    try:
        call()
    except struct.error as e:
        print("error", e)
print(struct.calcsize('@bi'), struct.calcsize('=bi'), struct.calcsize('@bq'), struct.calcsize('@ihq'), struct.calcsize('3s2xi'), struct.pack('@bi', 1, 2), struct.pack('5p', b'ab'), struct.unpack('5p', b'\x02abzz'))
print(struct.pack('>f', 1.5), struct.unpack('<d', struct.pack('<d', 0.1)), struct.pack('?', 2), struct.pack('<x'), struct.pack('n', 2**40))
print(struct.unpack('<3sxc?', b'abc\x00d\x01'), struct.unpack('>hHiIqQ', bytes(range(28))), struct.unpack('@bq', bytes(16)), struct.pack('!H', 513), struct.Struct('<hh').size, struct.Struct('<hh').format, struct.Struct('<hh').unpack(b'\x01\x00\x02\x00'))
print(list(struct.iter_unpack('<h', b'\x01\x00\x02\x00')), struct.unpack_from('<h', b'xx\x05\x00', 2), struct.unpack_from('<h', b'xx\x05\x00', offset=2), struct.pack('<f', 0.1), struct.unpack('<f', struct.pack('<f', 0.1)), struct.pack('>d', -2.5), struct.pack('< h h', 1, 2))
print(struct.unpack('<hhl', struct.pack('<hhl', -1, 2, -3)), struct.pack('>Q', 2**62), struct.unpack('>q', b'\xff' * 8), issubclass(struct.error, Exception))
s = struct.Struct('>IH')
print(s.pack(1, 2), s.unpack(s.pack(7, 8)), s.size)
