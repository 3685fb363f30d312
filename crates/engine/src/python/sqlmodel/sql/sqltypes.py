"""SQLModel's column types: ``AutoString`` for ``str`` fields, ``UTCDateTime`` for
``datetime`` ones (autogenerate renders them as ``sqlmodel.sql.sqltypes.AutoString()``, as
Alembic does)."""

from sqlalchemy import types


class UTCDateTime(types.TypeDecorator):
    impl = types.DateTime
    cache_ok = True

    def __init__(self):
        super().__init__(timezone=True)

    def __repr__(self):
        return "UTCDateTime()"


class AutoString(types.TypeDecorator):
    impl = types.String
    cache_ok = True
    mysql_default_length = 255
