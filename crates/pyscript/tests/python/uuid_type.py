import uuid
from typing import Optional
u = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(isinstance(u, uuid.UUID), uuid.UUID | str, Optional[uuid.UUID], str(u), repr(u))
print(u == uuid.UUID(str(u)), u.hex, isinstance("x", uuid.UUID))
