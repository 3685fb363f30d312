"""The application package."""
VERSION = "1.0"
from . import models
from .base import Base as _Base

print("app initialised", models.__name__, _Base.__module__)
