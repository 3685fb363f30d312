import http
import http.client
from http import HTTPStatus
print(int(http.client.BAD_REQUEST), HTTPStatus.NOT_FOUND == 404, HTTPStatus(404).name, HTTPStatus.NOT_FOUND.phrase)
print(http.client.responses[500], HTTPStatus.OK.description, isinstance(HTTPStatus.OK, int), HTTPStatus.OK + 1)
print(len(HTTPStatus.__members__), http.client.NOT_FOUND is HTTPStatus.NOT_FOUND, http.HTTPMethod.GET == "GET")
from enum import IntEnum, Enum
class Level(IntEnum):
    LOW = 1
    HIGH = 2
class Mixed(int, Enum):
    A = 5
print(Level.LOW < Level.HIGH, Level.HIGH > 1, sorted([Level.HIGH, Level.LOW]), str(Level.HIGH), f"{Level.LOW}", {1: "x"}[Level.LOW])
print(Mixed.A == 5, Mixed.A * 2, int(Mixed.A), repr(Level.LOW), Level(2) is Level.HIGH, Level.LOW in {1, 3})
